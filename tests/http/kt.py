"""
Shared helpers for Kametay's HTTP tests (Python 3 standard library only).

The tests run against a live instance that ./dev test started; they find it
through the KAMETAY_* environment variables (see ./dev export_instance_env).
Without KAMETAY_URL they print a TAP skip plan and exit 0, so `make check`
and `make distcheck` pass on a machine with no stack running.

What is here:
  Tap       TAP output: ok / not ok lines with diagnostics, the plan at the end
  Client    an HTTP client with a cookie jar that never follows redirects
  csrf_token, hdf_strings   pieces of pages and of the language files
  Maildir   messages aiosmtpd stored, searched by a unique string
  sql, sql_exec   the mariadb CLI on the instance's socket (user kametay)
  pid/proc helpers   pid files, a process's children, cmdline and environment,
            and restarting a component exactly as ./dev started it
"""

import gzip
import html
import http.client
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
import traceback
import urllib.parse

URL = os.environ.get("KAMETAY_URL", "")
ROOT = os.environ.get("KAMETAY_ROOT", "")
VAR = os.environ.get("KAMETAY_VAR", "")
CONFIG = os.environ.get("KAMETAY_CONFIG", "")
DB_SOCKET = os.environ.get("KAMETAY_DB_SOCKET", "")
DB_PASSWORD = os.environ.get("KAMETAY_DB_PASSWORD", "")
MAILDIR = os.environ.get("KAMETAY_MAILDIR", "")
SMTP_PORT = int(os.environ.get("KAMETAY_SMTP_PORT", "0") or 0)
SANITIZE = os.environ.get("KAMETAY_SANITIZE", "0") == "1"


def need_stack():
    """Skips the whole file (TAP plan 1..0) when no instance is running."""
    if not URL:
        print("1..0 # SKIP no running stack (KAMETAY_URL is not set; ./dev test sets it)")
        sys.exit(0)


def unique(prefix="kt"):
    """A short string no other test run uses."""
    return "%s%d%04x" % (prefix, os.getpid(), int.from_bytes(os.urandom(2), "big"))


# ---------------------------------------------------------------- TAP

class Tap:
    """TAP producer.  The plan goes out at the end, so a script that dies
    half-way is reported by the driver as an error (no plan)."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def diag(self, msg):
        for line in str(msg).splitlines() or [""]:
            print("# " + line)
        sys.stdout.flush()

    def ok(self, cond, desc, diag=None):
        self.n += 1
        desc = desc.replace("#", "\\#")
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, desc))
        if not cond:
            self.failed += 1
            if diag is not None:
                self.diag(diag() if callable(diag) else diag)
        sys.stdout.flush()
        return bool(cond)

    def eq(self, got, want, desc):
        return self.ok(got == want, desc, lambda: "got:  %r\nwant: %r" % (got, want))

    def skip(self, desc, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, reason))
        sys.stdout.flush()

    def run(self, *sections):
        """Runs each section; an exception in one is one failed check with
        its traceback, and the others still run."""
        for fn in sections:
            try:
                fn(self)
            except Exception:  # noqa: BLE001 - report and carry on
                self.ok(False, "%s ran to the end" % fn.__name__, traceback.format_exc())
        print("1..%d" % self.n)
        sys.stdout.flush()
        sys.exit(1 if self.failed else 0)


# ---------------------------------------------------------------- HTTP

class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (name, value) as received
        self.body = body                # bytes, decompressed if it was gzip

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%d %s %s: %r>" % (self.status, self.reason, self.header("Content-Type"),
                                   self.body[:300])


class Client:
    """One visitor: a cookie jar, no automatic redirects, a fresh
    connection per request unless keep_alive is set."""

    def __init__(self, base=None, keep_alive=False, timeout=30):
        u = urllib.parse.urlsplit(base or URL)
        self.host = u.hostname
        self.port = u.port or 80
        self.cookies = {}
        self.keep_alive = keep_alive
        self.timeout = timeout
        self.conn = None
        self.raw_gzip = False

    def _conn(self):
        if self.conn is None or not self.keep_alive:
            if self.conn is not None:
                self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def request(self, method, path, body=None, headers=None, chunked=False):
        hdrs = {}
        if self.cookies:
            hdrs["Cookie"] = self.cookie_header()
        if headers:
            hdrs.update(headers)
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn = self._conn()
        try:
            if chunked:
                conn.putrequest(method, path)
                for k, v in hdrs.items():
                    conn.putheader(k, v)
                conn.putheader("Transfer-Encoding", "chunked")
                conn.endheaders()
                step = 65536
                for i in range(0, len(body), step):
                    piece = body[i:i + step]
                    conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                conn.send(b"0\r\n\r\n")
            else:
                conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            data = r.read()
        except Exception:
            self.close()
            raise
        if not self.keep_alive or r.will_close:
            self.close()
        resp = Response(r.status, r.reason, r.getheaders(), data)
        if resp.header("Content-Encoding") == "gzip" and not self.raw_gzip:
            resp.body = gzip.decompress(data)
        for sc in resp.header_all("Set-Cookie"):
            self._store_cookie(sc)
        return resp

    def _store_cookie(self, sc):
        parts = [p.strip() for p in sc.split(";")]
        name, _, value = parts[0].partition("=")
        attrs = {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts[1:]}
        if attrs.get("max-age") == "0" or value == "":
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, headers=None):
        body = urllib.parse.urlencode(fields)
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    def post_json(self, path, obj, headers=None):
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        return self.request("POST", path, body=json.dumps(obj), headers=h)


def get(path, headers=None):
    return Client().get(path, headers=headers)


def csrf_token(page):
    """The value of the first hidden csrf field of a page, or None."""
    text = page.text if isinstance(page, Response) else page
    for m in re.finditer(r"<input\b[^>]*>", text):
        tag = m.group(0)
        if re.search(r'\bname="csrf"', tag) and re.search(r'\btype="hidden"', tag):
            v = re.search(r'\bvalue="([^"]*)"', tag)
            if v:
                return html.unescape(v.group(1))
    return None


def page_text(resp):
    """A page's text with the HTML entities resolved (for finding strings)."""
    return html.unescape(resp.text)


# ---------------------------------------------------------------- HDF

def hdf_strings(path):
    """A small reader for the language files: {"Lang.Error.E404.Title": ...}.
    Handles `key = value`, `key {` ... `}` and `#` comments, which is all the
    files use."""
    out, stack = {}, []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line == "}":
                stack.pop()
            elif line.endswith("{"):
                stack.append(line[:-1].strip())
            elif "=" in line:
                k, _, v = line.partition("=")
                out[".".join(stack + [k.strip()])] = v.strip()
    return out


def lang(code):
    """The strings of one language over English, as the site shows them."""
    s = hdf_strings(os.path.join(ROOT, "hdf", "lang", "en.hdf"))
    if code != "en":
        s.update(hdf_strings(os.path.join(ROOT, "hdf", "lang", code + ".hdf")))
    return s


# ---------------------------------------------------------------- Maildir

def maildir_messages(maildir=None):
    """[(path, bytes)] of every message in the Maildir (new/ and cur/)."""
    maildir = maildir or MAILDIR
    out = []
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        try:
            names = sorted(os.listdir(d))
        except FileNotFoundError:
            continue
        for n in names:
            p = os.path.join(d, n)
            try:
                with open(p, "rb") as f:
                    out.append((p, f.read()))
            except FileNotFoundError:
                pass
    return out


def maildir_find(needle, maildir=None):
    if isinstance(needle, str):
        needle = needle.encode("utf-8")
    return [(p, m) for p, m in maildir_messages(maildir) if needle in m]


# ---------------------------------------------------------------- database

def _mariadb(args, sql_text):
    cmd = ["mariadb", "--no-defaults", "--socket=" + DB_SOCKET, "--user=kametay",
           "--database=kametay", "--batch", "--skip-column-names", "--raw"] + args
    env = dict(os.environ, MYSQL_PWD=DB_PASSWORD)
    p = subprocess.run(cmd, input=sql_text, capture_output=True, text=True, env=env,
                       timeout=60)
    if p.returncode != 0:
        raise RuntimeError("mariadb: %s\n(for: %s)" % (p.stderr.strip(), sql_text))
    return p.stdout


def sql(query):
    """Rows of a query as lists of strings (None for NULL)."""
    out = _mariadb([], query)
    rows = []
    for line in out.splitlines():
        rows.append([None if c == "NULL" else c for c in line.split("\t")])
    return rows


def sql_one(query):
    rows = sql(query)
    return rows[0][0] if rows and rows[0] else None


def sql_exec(statements):
    _mariadb([], statements)


def q(s):
    """A quoted SQL string literal (for values the tests make themselves)."""
    return "'" + str(s).replace("\\", "\\\\").replace("'", "''") + "'"


# ---------------------------------------------------------------- processes

def pid_file(name):
    return os.path.join(VAR, "run", name + ".pid")


def read_pid(name):
    with open(pid_file(name)) as f:
        return int(f.read().strip())


def alive(pid):
    """The process exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def children(pid):
    """Live children of a process, sorted."""
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                stat = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        rest = stat[stat.rindex(")") + 2:].split()
        if rest[0] != "Z" and int(rest[1]) == pid:
            kids.append(int(d))
    return sorted(kids)


def proc_cmdline(pid):
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        return [a.decode() for a in f.read().split(b"\0")[:-1]]


def proc_environ(pid):
    with open("/proc/%d/environ" % pid, "rb") as f:
        items = f.read().split(b"\0")
    env = {}
    for it in items:
        if b"=" in it:
            k, _, v = it.partition(b"=")
            env[k.decode()] = v.decode()
    return env


def proc_snapshot(pid):
    """What it takes to start a component again as ./dev started it."""
    return {"argv": proc_cmdline(pid), "env": proc_environ(pid),
            "cwd": os.readlink("/proc/%d/cwd" % pid)}


def wait_until(fn, timeout, interval=0.1):
    """Polls fn until it returns a true value; returns that value or None."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def stop_process(pid, sig=signal.SIGTERM, timeout=30):
    """Signals pid and waits until it is gone; True when it is."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return True
    return bool(wait_until(lambda: not alive(pid), timeout))


def respawn(name, snap):
    """Starts a component again with the same argv, environment and working
    directory, in its own session like ./dev's spawn, output appended to
    log/NAME.log, and records its pid in run/NAME.pid so ./dev can stop it."""
    log = open(os.path.join(VAR, "log", name + ".log"), "ab")
    try:
        p = subprocess.Popen(snap["argv"], env=snap["env"], cwd=snap["cwd"],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                             start_new_session=True)
    finally:
        log.close()
    with open(pid_file(name) + ".tmp", "w") as f:
        f.write("%d\n" % p.pid)
    os.replace(pid_file(name) + ".tmp", pid_file(name))
    return p


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def healthz_status():
    try:
        return get("/healthz").status
    except OSError:
        return 0


# ---------------------------------------------------------------- FastCGI

def fastcgi_request(sock_path, params, body=b"", timeout=10):
    """One FastCGI responder request straight to the pool's socket (as a
    web server other than nginx would send it).  Returns (status, headers,
    body) parsed from the CGI-style answer."""
    def record(rtype, content, req_id=1):
        return struct.pack(">BBHHBx", 1, rtype, req_id, len(content), 0) + content

    def nv(k, v):
        k, v = k.encode(), v.encode()
        out = b""
        for x in (k, v):
            out += struct.pack(">B", len(x)) if len(x) < 128 else struct.pack(">I", len(x) | 0x80000000)
        return out + k + v

    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    try:
        msg = record(1, struct.pack(">HB5x", 1, 0))         # BEGIN_REQUEST, responder
        p = b"".join(nv(k, v) for k, v in params.items())
        msg += record(4, p) + record(4, b"")                 # PARAMS
        for i in range(0, len(body), 32768):
            msg += record(5, body[i:i + 32768])
        msg += record(5, b"")                                # STDIN
        s.sendall(msg)
        out, buf = b"", b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            done = False
            while len(buf) >= 8:
                _, rtype, _, clen, plen = struct.unpack(">BBHHB", buf[:7])
                if len(buf) < 8 + clen + plen:
                    break
                content = buf[8:8 + clen]
                buf = buf[8 + clen + plen:]
                if rtype == 6:
                    out += content
                elif rtype == 3:
                    done = True
            if done:
                break
    finally:
        s.close()
    head, _, body = out.partition(b"\r\n\r\n")
    headers = []
    status = 200
    for line in head.decode("latin-1").split("\r\n"):
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
        if k.strip().lower() == "status":
            status = int(v.strip().split()[0])
    return status, headers, body
