#!/usr/bin/env python3
"""The templates print nothing raw that a user typed (issue 11, item 3).

ClearSilver's `alt:` and `uvar:` print without escaping even with
Config.VarEscapeMode = html (`lvar:` and `evar:` even run their value as a
template): a seat label with markup reached five pages that way.  Every
template under templates/ may use them only for the values on ALLOWED, which C
builds and escapes itself; anything else is printed with `var:` (escaped),
and a default is written `if:X ?><?cs var:X ?><?cs else ?>…<?cs /if`.
Comments (`<?cs # … ?>`) are not code.  Speaks TAP.
"""
import glob, os, re, sys

# (command, HDF name): what C builds as markup, and where.
ALLOWED = {
    ("uvar", "Ticket.QR"): "pages/shop.c ticket_fill: lib/qr.c's SVG of the ticket URL",
    ("uvar", "Plan.Svg"): "lib/hallplan.c hp_svg: every label escaped there",
    ("uvar", "c.Svg"): "sales.cs, each:c = Sales.Charts: lib/chart.c, every text escaped by the writer",
}
RAW = ("alt", "uvar", "lvar", "evar")

top = os.environ.get("KT_TOP_SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
tdir = os.path.join(top, "templates")
files = sorted(glob.glob(os.path.join(tdir, "**", "*.cs"), recursive=True))
CMD = re.compile(r"<\?cs(.*?)\?>", re.S)
USE = re.compile(r"(?<![\w.])(%s)\s*:\s*([^\s?]+)" % "|".join(RAW))


def raw_uses(text):
    """(line, command, argument) of every raw print outside comments."""
    out = []
    for m in CMD.finditer(text):
        body = m.group(1).lstrip()
        if body.startswith("#"):
            continue
        for u in USE.finditer(m.group(1)):
            out.append((text.count("\n", 0, m.start()) + 1, u.group(1), u.group(2)))
    return out


tests = []
# the lint itself: it must see what it is there to see
sample = '<p><?cs alt:t.Seat ?>x<?cs /alt ?></p><?cs # alt:Not.Code ?><?cs\n  uvar:Plan.Svg ?><?cs evar:E ?>'
got = [(c, a) for _, c, a in raw_uses(sample)]
tests.append(("the lint finds alt:, uvar: and evar: and skips comments",
              [] if got == [("alt", "t.Seat"), ("uvar", "Plan.Svg"), ("evar", "E")] else ["saw %r" % got]))
tests.append(("there are templates to check", [] if files else ["no templates under %s" % tdir]))

problems, seen = [], set()
for f in files:
    for line, cmd, arg in raw_uses(open(f, encoding="utf-8").read()):
        if (cmd, arg) in ALLOWED:
            seen.add((cmd, arg))
        else:
            problems.append("%s:%d: %s:%s prints raw (use var:, or add a value built in C to ALLOWED)"
                            % (os.path.relpath(f, top), line, cmd, arg))
tests.append(("no template prints a value raw (alt:, uvar:, lvar:, evar:) outside the allow-list", problems))
tests.append(("every allow-list entry is still used (a stale entry is a hole waiting)",
              ["%s:%s is allowed but no template uses it" % k for k in ALLOWED if k not in seen]))

print("1..%d" % len(tests))
failed = 0
for i, (name, probs) in enumerate(tests, 1):
    if probs:
        failed += 1
        print("not ok %d - %s (%d found)" % (i, name, len(probs)))
        for p in probs:
            print("# %s" % p)
    else:
        print("ok %d - %s" % (i, name))
sys.exit(1 if failed else 0)
