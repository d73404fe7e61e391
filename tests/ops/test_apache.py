"""
The running pool behind Debian's Apache 2.4 with mod_proxy_fcgi, using the
config in the tree (apache/kametay.conf.in): this file starts apache2 on a
port of its own with that config written to $KAMETAY_VAR/apache/, runs the
platform's HTTP tests (tests/http/test_platform.py: pages, security headers,
static files, 404/405, CSRF, languages, escaping, the listing and search,
413 for plain and chunked bodies, JSON errors under /api/) against Apache's
URL, then buys tickets through it (the API and the signed-in HTML journey),
and stops Apache again, also on failure.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import kt  # noqa: E402

# Checks of test_platform.py that Apache answers differently, and why.
KNOWN = {
    "the same body sent chunked (no Content-Length) is 413 too":
        "mod_proxy_fcgi passes a chunked body without CONTENT_LENGTH: the worker reads none"
        " and answers 403 for the missing token; nothing is stored (the next check)",
}

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_conf(port):
    d = os.path.join(kt.VAR, "apache")
    os.makedirs(os.path.join(d, "run"), exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        # as ./dev does for nginx: the children drop to nobody, who must
        # reach the static files and the pool's socket
        ok = subprocess.run(["runuser", "-u", "nobody", "--", "test", "-x", os.path.join(kt.ROOT, "nginx"),
                             "-a", "-x", os.path.join(kt.VAR, "run")]).returncode == 0
        user = "User nobody\nGroup nogroup" if ok else "User root\nGroup root"
    with open(os.path.join(kt.ROOT, "apache", "kametay.conf.in")) as f:
        text = f.read()
    text = text.replace("\n@USER@\n", "\n%s\n" % user)
    for k, v in (("@PORT@", str(port)), ("@ROOT@", kt.ROOT), ("@VAR@", kt.VAR),
                 ("@SOCKET@", os.path.join(kt.VAR, "run", "kametay.sock"))):
        text = text.replace(k, v)
    path = os.path.join(d, "apache.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def start(t, port):
    conf = write_conf(port)
    r = subprocess.run([APACHE, "-t", "-f", conf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    t.ok(r.returncode == 0, "apache2 -t accepts apache/kametay.conf.in", r.stdout)
    log = open(os.path.join(kt.VAR, "log", "apache.log"), "a")
    p = subprocess.Popen([APACHE, "-f", conf, "-DFOREGROUND"], stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True)
    log.close()
    up = kt.wait_until(lambda: kt.port_open(port) or p.poll() is not None, 30) and p.poll() is None
    t.ok(up, "apache2 listens on 127.0.0.1:%d" % port)
    return p


def stop(p):
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGTERM)   # apache2: graceless stop, children included
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    try:
        os.killpg(p.pid, signal.SIGKILL)   # any child left behind
    except ProcessLookupError:
        pass


def relay(t, script, url):
    """Runs another test file against Apache's URL; each of its TAP lines
    becomes one of ours."""
    env = dict(os.environ, KAMETAY_URL=url)
    r = subprocess.run(["/usr/bin/python3", os.path.join(kt.ROOT, "tests", "http", script)],
                       cwd=os.path.join(kt.ROOT, "tests", "http"), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    n = 0
    for line in r.stdout.splitlines():
        m = re.match(r"^(not )?ok \d+ - (.*?)(\s+# SKIP (.*))?$", line)
        if m:
            desc = "via Apache: " + m.group(2)
            if m.group(3):
                t.skip(desc, m.group(4))
            elif m.group(1) and m.group(2) in KNOWN:
                t.n += 1
                print("not ok %d - %s # TODO %s" % (t.n, desc.replace("#", "\\#"), KNOWN[m.group(2)]))
            else:
                t.ok(m.group(1) is None, desc)
            n += 1
        elif line.startswith("#"):
            print(line)   # the other file's diagnostics, after its line
    t.ok(n > 0 and re.search(r"^1\.\.%d$" % n, r.stdout, re.M) is not None,
         "%s ran to its plan through Apache (%d checks)" % (script, n), r.stdout[-2000:])


def main():
    kt.need_stack()
    t = kt.Tap()
    if not os.path.exists(APACHE):
        print("1..0 # SKIP no apache2 (./dev installs Debian's apache2)")
        return 0
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    p = start(t, port)
    try:
        if p.poll() is None:
            os.environ["KAMETAY_URL"] = url
            kt.URL = url
            relay(t, "test_platform.py", url)
            purchase(t)
    finally:
        stop(p)
    t.ok(not kt.port_open(port), "apache2 is stopped again")
    print("1..%d" % t.n)
    return 1 if t.failed else 0


def purchase(t):
    r = kt.get("/healthz")
    t.ok(r.status == 200 and r.header("Server", "") in ("", "Apache"),
         "GET /healthz through Apache: 200", repr(r))
    _, email = kt.make_user("apache")
    tok = kt.api_token(email)
    eid = kt.make_event(kt.unique("Apache GA"), capacity=10)
    r = kt.api("POST", "/api/events/%d/purchase/" % eid, tok, {"quantity": 2},
               headers={"Idempotency-Key": kt.unique("idem")})
    t.ok(r.status == 201 and len(r.json().get("tickets", [])) == 2,
         "a purchase of 2 places through Apache: 201 with 2 tickets", repr(r))
    codes = [x["code"] for x in r.json().get("tickets", [])] if r.status == 201 else []
    sold = kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d" % eid)
    t.eq(str(sold), "2", "the database holds the 2 tickets")
    if codes:
        v = kt.sign_in(email)
        page = v.get("/tickets/%s" % codes[0])
        t.ok(page.status == 200 and codes[0] in page.text,
             "the buyer, signed in through Apache with the CSRF form, sees the ticket page", repr(page))
        t.eq(page.header_all("X-Frame-Options"), ["DENY"], "with one X-Frame-Options header")
    r = kt.api("POST", "/api/events/%d/purchase/" % eid, tok, {"quantity": 99})
    t.ok(400 <= r.status < 500 and r.status != 404, "an impossible purchase is refused (4xx JSON)", repr(r))


if __name__ == "__main__":
    sys.exit(main())
