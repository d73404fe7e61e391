#!/usr/bin/env python3
"""The layers of cgi/ (README, "Module map"), checked over the source text.

Bottom up: lib, db, notify, domain, core, pages; the programs (main/, jobs/)
on top.  A file may include the headers of its own layer and the layers below,
and use the functions and globals defined there — never those above: nothing
calls upward.  Below core no file names `struct req` (domain code never answers
HTTP).  And no two files reach each other, directly or round about (no import
cycle, the same graph as ../shared/tools/modgraph).  Speaks TAP.
"""
import collections, os, re, subprocess, sys

RANK = {"lib": 0, "db": 1, "notify": 2, "domain": 3, "core": 4, "pages": 5, "main": 6, "jobs": 6}
top = os.environ.get("KT_TOP_SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
cgi = os.path.join(top, "cgi")
files = sorted(os.path.relpath(os.path.join(d, f), cgi)
               for d, _, fs in os.walk(cgi) for f in fs if f.endswith((".c", ".h")))
tests = []


def layer(path):
    return path.split("/", 1)[0] if "/" in path else "(top)"


def strip(text):
    """The code without comments and string literals."""
    return re.sub(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])'", " ", text, flags=re.S)


def check(name, problems):
    tests.append((name, problems))


text = {f: open(os.path.join(cgi, f), encoding="utf-8", errors="replace").read() for f in files}

# 1. every file sits in a layer
check("every file of cgi/ is in a layer folder (%s)" % ", ".join(RANK),
      ["%s is in no layer" % f for f in files if layer(f) not in RANK])

# 2. includes go down or sideways
bad = []
for f in files:
    for m in re.finditer(r'^\s*#\s*include\s+"([^"]+)"', text[f], flags=re.M):
        h = m.group(1)
        if h == "config.h":
            continue
        if layer(h) not in RANK:
            bad.append("%s includes %s, which is in no layer" % (f, h))
        elif layer(f) in RANK and RANK[layer(h)] > RANK[layer(f)]:
            bad.append("%s (%s) includes %s (%s)" % (f, layer(f), h, layer(h)))
check("no file includes a header of a higher layer", bad)

# 3. symbols: who defines what (Universal Ctags), who uses it
cfiles = [f for f in files if f.endswith(".c")]
try:
    tags = subprocess.run(["ctags", "-x", "--c-kinds=fv", "--extras=-F"] + [os.path.join(cgi, f) for f in cfiles],
                          capture_output=True, text=True, check=True).stdout
except (OSError, subprocess.CalledProcessError) as e:
    print("1..0 # SKIP universal-ctags is needed (apt-get install universal-ctags): %s" % e)
    sys.exit(0)
owner = collections.defaultdict(set)
for line in tags.splitlines():
    parts = line.split(None, 4)
    if len(parts) >= 4 and not re.match(r"\s*static\b", parts[4] if len(parts) > 4 else ""):
        owner[parts[0]].add(os.path.relpath(parts[3], cgi))
word = re.compile(r"\b[A-Za-z_]\w*\b")
edges = collections.defaultdict(set)
bad = []
for f in cfiles:
    used = set(word.findall(strip(text[f])))
    for w in sorted(used):
        defs = owner.get(w, set())
        if len(defs) != 1:
            continue
        g = next(iter(defs))
        if g == f:
            continue
        edges[f].add(g)
        if layer(f) in RANK and layer(g) in RANK and RANK[layer(g)] > RANK[layer(f)]:
            bad.append("%s (%s) uses %s of %s (%s)" % (f, layer(f), w, g, layer(g)))
check("no file calls a function or uses a global of a higher layer", bad)

# 4. domain and below know no request
bad = ["%s (%s) names struct req" % (f, layer(f)) for f in files
       if layer(f) in RANK and RANK[layer(f)] < RANK["core"] and re.search(r"\bstruct\s+req\b", strip(text[f]))]
check("below core no file names struct req: domain code never answers HTTP", bad)

# 5. no cycles (Tarjan's strongly connected components)
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for f in cfiles:
    if f not in index:
        visit(f)
check("no import cycle between the files of cgi/", ["cycle of %d: %s" % (len(c), " ".join(c)) for c in sccs])

print("1..%d" % len(tests))
failed = 0
for i, (name, problems) in enumerate(tests, 1):
    if problems:
        failed += 1
        print("not ok %d - %s (%d found)" % (i, name, len(problems)))
        for p in problems:
            print("# %s" % p)
    else:
        print("ok %d - %s" % (i, name))
lines = collections.Counter()
for f in files:
    lines[layer(f)] += text[f].count("\n")
print("# lines per layer: " + ", ".join("%s %d" % (k, lines[k]) for k in sorted(lines, key=lambda k: RANK.get(k, 9))))
sys.exit(1 if failed else 0)
