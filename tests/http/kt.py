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
  people    make_user (verified, in the database), Visitor (a browser with
            CSRF and forms), sign_in / try_sign_in, api_login / api_token, api
  events    make_event (published, in the database), free_seats, buy
  mail      mails_to / wait_mail / wait_mails over the Maildir, parse_mail,
            mail_parts, plain, attachments
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
import uuid
import email
import email.policy

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
    pages_changed()
    return p.stdout


def pages_changed():
    """The database changed behind the pool's back: a value the workers'
    kept pages (core/pagecache.c) were never read at, so none of them counts."""
    path = os.path.join(VAR, "pages.gen")
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError:
        return
    try:
        os.pwrite(fd, os.urandom(8), 0)
    finally:
        os.close(fd)


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


# ---------------------------------------------------------------- people

TAG = unique("kt")      # this run's users: TAG-NAME@kametay.test


def demo_accounts():
    """{"admin": (email, password), ...} from the seed's demo-accounts.txt."""
    out = {}
    with open(os.path.join(VAR, "demo-accounts.txt"), encoding="utf-8") as f:
        for line in f:
            w = line.split()
            if len(w) == 3 and "@" in w[1]:
                out[w[0]] = (w[1], w[2])
    return out


def demo_password(role):
    acc = demo_accounts().get(role)
    if acc is None:
        raise RuntimeError("no %s in demo-accounts.txt" % role)
    return acc[1]


_password = []


def password():
    """The password of every user make_user makes (the demo organiser's,
    whose hash they share)."""
    if not _password:
        _password.append(demo_password("organiser"))
    return _password[0]


def make_user(name, role="attendee", lang="en"):
    """A verified user with the demo organiser's password (password());
    returns (id, address)."""
    addr = "%s-%s@kametay.test" % (TAG, name)
    sql_exec(
        "INSERT INTO users (email, password_hash, first_name, last_name, age, role, lang, verified) "
        "SELECT %s, password_hash, %s, 'Test', 30, %s, %s, 1 FROM users "
        "WHERE email = 'organiser@kametay.test'" % (q(addr), q(name.title()), q(role), q(lang)))
    return int(sql_one("SELECT id FROM users WHERE email = %s" % q(addr))), addr


def clear_login_failures():
    """Other suites' bad passwords from 127.0.0.1 must not throttle a suite's sign-ins."""
    sql_exec("DELETE FROM login_failures WHERE ip = '127.0.0.1'")
    # the per-address attempt counters (issue 11): the same rule, one atomic row each
    sql_exec("DELETE FROM attempt_counters WHERE k LIKE 'login:%'")


def _with_csrf(visitor, fields, csrf):
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    if csrf is True:
        pairs.append(("csrf", visitor.csrf()))
    elif csrf:
        pairs.append(("csrf", csrf))
    return pairs


class Visitor(Client):
    """A browser: cookie jar, a language cookie (none for lang=None), and the
    CSRF token of its csrf cookie, taken from a page with a form."""

    def __init__(self, lang="en"):
        super().__init__()
        if lang:
            self.cookies["lang"] = lang
        self._csrf = None

    def csrf(self):
        # any page with a form has the token; /password/forgot has one for everyone
        if self._csrf is None or "csrf" not in self.cookies:
            self._csrf = csrf_token(self.get("/password/forgot"))
        return self._csrf

    def submit(self, path, fields, csrf=True):
        """POSTs a form: fields a dict or pairs (a name may repeat); csrf True
        for the visitor's token, a string for that one, False for none."""
        return self.post_form(path, _with_csrf(self, fields, csrf))

    def upload(self, path, fields, files=None, csrf=True):
        """multipart/form-data as a browser sends it: fields as for submit,
        files as {name: (filename, bytes, content type)}."""
        boundary = "----kt" + uuid.uuid4().hex
        parts = []
        for k, v in _with_csrf(self, fields, csrf):
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" %
                          (boundary, k)).encode() + str(v).encode("utf-8") + b"\r\n")
        for k, (fname, content, ctype) in (files or {}).items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                          "Content-Type: %s\r\n\r\n" % (boundary, k, fname, ctype)).encode()
                         + content + b"\r\n")
        body = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        return self.request("POST", path, body=body, headers={
            "Content-Type": "multipart/form-data; boundary=" + boundary})

    def follow(self, resp):
        """GET the Location of a redirect."""
        return self.get(resp.header("Location"))

    def signed_in(self):
        return self.get("/account").status == 200


def try_sign_in(addr, lang="en", pw=None, account_lang=False):
    """A visitor signed in through the page, or None.  Signing in sets the
    account's language; unless account_lang, the visitor goes back to lang."""
    v = Visitor(lang)
    r = v.submit("/login", {"email": addr, "password": pw or password(), "next": "/"})
    if r.status != 303 or "sid" not in v.cookies:
        return None
    if lang and not account_lang:
        v.cookies["lang"] = lang
    return v


def sign_in(addr, lang="en", pw=None, account_lang=False):
    """try_sign_in, and an error when that fails."""
    v = try_sign_in(addr, lang, pw, account_lang)
    if v is None:
        raise RuntimeError("cannot sign in %s" % addr)
    return v


def api_login(addr, pw=None):
    return Client().post_json("/api/login/", {"email": addr, "password": pw or password()})


def api_token(addr, pw=None):
    """An access token from the API's sign-in."""
    r = api_login(addr, pw)
    if r.status != 200:
        raise RuntimeError("API sign-in failed for %s: %r" % (addr, r))
    return r.json()["access"]


def api(method, path, tok=None, body=None, headers=None, lang=None):
    """One API call: GET, or any other method with a JSON body ({} by default)."""
    h = dict(headers or {})
    if tok:
        h["Authorization"] = "Bearer " + tok
    if lang:
        h["Accept-Language"] = lang
    c = Client()
    if method == "GET":
        return c.get(path, headers=h)
    return c.post_json(path, body if body is not None else {}, h)


# ---------------------------------------------------------------- events

_theatre = []


def theatre():
    """The demo's seated venue (the first one)."""
    if not _theatre:
        _theatre.append(sql_one("SELECT id FROM venues WHERE seated = 1 ORDER BY id LIMIT 1"))
    return _theatre[0]


def make_event(name, seated=False, capacity=None, starts="UTC_TIMESTAMP() + INTERVAL 10 DAY",
               days=None, description="An evening for the tests.", location="Test field",
               duration=90, organiser=None, status="published", max_per_person=4, price=None):
    """An event straight into the database, seated ones in the demo theatre;
    returns its id.  days (from now) instead of starts (SQL); capacity 320
    seated, 50 not; price for every category (or {category: price}),
    250000 seated, 150000 general admission; organiser the demo organiser."""
    if days is not None:
        starts = "UTC_TIMESTAMP() + INTERVAL %d DAY" % days
    if capacity is None:
        capacity = 320 if seated else 50
    if price is None:
        price = 250000 if seated else 150000
    if organiser is None:
        organiser = sql_one("SELECT id FROM users WHERE email = 'organiser@kametay.test'")
    sql_exec(
        "INSERT INTO events (organiser_id, venue_id, location, name, description, starts_at, "
        "duration_minutes, seated, capacity, currency, max_per_person, status) VALUES "
        "(%s, %s, %s, %s, %s, %s, %d, %d, %d, 'KZT', %d, %s)"
        % (organiser, theatre() if seated else "NULL", "NULL" if seated else q(location), q(name),
           q(description), starts, duration, 1 if seated else 0, capacity, max_per_person,
           q(status)))
    eid = int(sql_one("SELECT MAX(id) FROM events WHERE name = %s" % q(name)))
    if not seated:
        sql_exec("INSERT INTO event_prices VALUES (%d, 'GA', %d)" % (eid, price))
    elif isinstance(price, dict):
        sql_exec("INSERT INTO event_prices (event_id, category, price) VALUES " +
                 ",".join("(%d, %s, %d)" % (eid, q(c), p) for c, p in price.items()))
    else:
        sql_exec("INSERT INTO event_prices (event_id, category, price) SELECT %d, category, "
                 "%d FROM seats WHERE venue_id = %s GROUP BY category" % (eid, price, theatre()))
    return eid


def free_seats(eid, n, category=None):
    """n seats of a seated event (in the theatre) nobody holds a ticket for,
    of one category (by default the largest)."""
    cat = category or sql_one("SELECT category FROM seats WHERE venue_id = %s "
                              "GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1" % theatre())
    rows = sql("SELECT s.id FROM seats s WHERE s.venue_id = %s AND s.category = %s AND "
               "NOT EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = %d AND t.live_seat = s.id) "
               "ORDER BY s.id LIMIT %d" % (theatre(), q(cat), eid, n))
    return [int(r[0]) for r in rows]


def buy(tok, event, quantity=None, seats=None):
    """A purchase over the API (those seats, or that many places); its JSON."""
    body = {"seats": seats} if seats else {"quantity": quantity or 1}
    r = api("POST", "/api/events/%d/purchase/" % event, tok, body)
    if r.status != 201:
        raise RuntimeError("purchase on %d failed: %r" % (event, r))
    return r.json()


def buy_codes(tok, event, quantity):
    """buy, and the codes of the tickets bought."""
    return [tk["code"] for tk in buy(tok, event, quantity)["tickets"]]


# ---------------------------------------------------------------- mail

MAIL_WAIT = 20          # seconds for the job runner to deliver a mail


def parse_mail(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def mails_to(to, subject=None, pred=None):
    """Parsed messages sent to an address (with that subject, for which pred
    holds), oldest first."""
    out = []
    for path, raw in maildir_messages():
        if ("\nTo: %s\n" % to).encode() not in raw.replace(b"\r\n", b"\n"):
            continue
        m = parse_mail(raw)
        if str(m["To"]).strip().lower() == to.lower() and \
                (subject is None or str(m["Subject"]) == subject) and (pred is None or pred(m)):
            out.append((os.path.getmtime(path) if os.path.exists(path) else 0, path, m))
    out.sort(key=lambda x: (x[0], x[1]))
    return [m for _, _, m in out]


def wait_mails(to, subject=None, count=1, timeout=None, pred=None):
    """Waits until `count` messages as mails_to finds them are there; returns
    them (fewer when the time ran out)."""
    found = wait_until(lambda: (lambda ms: ms if len(ms) >= count else None)(
        mails_to(to, subject, pred)), timeout or MAIL_WAIT, 0.2)
    return found or mails_to(to, subject, pred)


def wait_mail(to, subject=None, count=1, timeout=None, pred=None, first=False):
    """The newest (or with first, the oldest) of `count` messages to `to`, or None."""
    found = wait_until(lambda: (lambda ms: ms if len(ms) >= count else None)(
        mails_to(to, subject, pred)), timeout or MAIL_WAIT, 0.2)
    return (found[0] if first else found[-1]) if found else None


def mail_parts(m):
    """(text, html) bodies of a message (attachments left out)."""
    text = htm = None
    for part in m.walk():
        ct = part.get_content_type()
        if part.get_filename():
            continue
        if ct == "text/plain" and text is None:
            text = part.get_content()
        elif ct == "text/html" and htm is None:
            htm = part.get_content()
    return text, htm


def plain(m):
    part = m.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def attachments(m):
    """[(filename, content type, bytes)] of a message's attachments."""
    return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in m.walk() if p.get_filename()]
