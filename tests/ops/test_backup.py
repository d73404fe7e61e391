"""
Backup and restore (ops/kametay-backup, ops/kametay-restore; README "Backup
and restore"): the running test instance is backed up while it serves, then
restored into a new instance made here — its own MariaDB data directory and
socket (no TCP port at all), its own Paths.Var, its own pool — and checked:

  - the same counts of users, events, orders and tickets as at the dump;
  - the same uploads;
  - a buyer signs in on the restored instance (API, password hash restored)
    and sees the very tickets bought before the backup;
  - a token issued by the old instance is accepted by the new one (the secret
    was restored), and the restored instance can sell a new ticket.
Everything started here is stopped at the end, also on failure.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import kt  # noqa: E402

kt.need_stack()
BUILD = os.environ.get("KAMETAY_BUILD") or os.environ.get("KT_TOP_BUILDDIR", "")
OPS = os.path.join(kt.ROOT, "ops")
tmp = tempfile.mkdtemp(prefix="kt-restore-", dir=os.path.join(kt.VAR, "tmp"))
SOCK = os.path.join(tmp, "mysqld.sock")
POOL = os.path.join(tmp, "kametay.sock")
procs = {}


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def root_sql(text):
    r = run(["mariadb", "--no-defaults", "--socket=" + SOCK, "--user=root", "--batch",
             "--skip-column-names"], input=text)
    if r.returncode != 0:
        raise RuntimeError("mariadb: " + r.stdout)
    return r.stdout


def counts(sqlfn):
    out = sqlfn("SELECT 'users', COUNT(*) FROM kametay.users UNION ALL "
                "SELECT 'events', COUNT(*) FROM kametay.events UNION ALL "
                "SELECT 'orders', COUNT(*) FROM kametay.orders UNION ALL "
                "SELECT 'tickets', COUNT(*) FROM kametay.tickets")
    return dict(line.split("\t") for line in out.strip().splitlines())


def fcgi(method, path, body=None, tok=None):
    params = {"REQUEST_METHOD": method, "DOCUMENT_URI": path, "REQUEST_URI": path,
              "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
              "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80"}
    data = b""
    if body is not None:
        data = json.dumps(body).encode()
        params.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(data)))
    if tok:
        params["HTTP_AUTHORIZATION"] = "Bearer " + tok
    status, _, out = kt.fastcgi_request(POOL, params, data, timeout=30)
    try:
        return status, json.loads(out or b"null")
    except ValueError:
        return status, out


def start_new_instance(t):
    """A fresh MariaDB and an empty database for the restore (the
    administrator's part of the procedure)."""
    common = ["--no-defaults", "--datadir=" + os.path.join(tmp, "db"), "--tmpdir=" + tmp]
    if os.geteuid() == 0:
        common.append("--user=root")
    r = run(["mariadb-install-db"] + common + ["--auth-root-authentication-method=normal",
                                               "--skip-test-db"])
    if r.returncode != 0:
        raise RuntimeError(r.stdout)
    log = open(os.path.join(tmp, "mariadb.log"), "w")
    procs["mariadb"] = subprocess.Popen(
        ["mariadbd"] + common + ["--socket=" + SOCK, "--skip-networking",
                                 "--pid-file=" + os.path.join(tmp, "mariadb.pid"),
                                 "--innodb-autoinc-lock-mode=2", "--character-set-server=utf8mb4",
                                 "--collation-server=utf8mb4_unicode_ci"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    up = kt.wait_until(lambda: run(["mariadb-admin", "--no-defaults", "--socket=" + SOCK,
                                    "--user=root", "ping", "--silent"]).returncode == 0, 90)
    t.ok(up, "a new MariaDB runs in its own data directory")
    root_sql("CREATE DATABASE kametay CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
             "CREATE USER 'kametay'@'localhost' IDENTIFIED BY 'restored-pw';"
             "GRANT ALL PRIVILEGES ON kametay.* TO 'kametay'@'localhost';")
    with open(kt.CONFIG) as f:
        text = f.read()
    var = os.path.join(tmp, "var")
    for key, value in (("DB.Socket", SOCK), ("DB.Password", "restored-pw"), ("Pool.Socket", POOL),
                       ("Pool.Workers", "2"), ("Paths.Var", var),
                       ("Secret.File", os.path.join(var, "secret.key"))):
        text = re.sub(r"^%s = .*$" % re.escape(key), "%s = %s" % (key, value), text, flags=re.M)
    os.makedirs(var)
    conf = os.path.join(tmp, "kametay.hdf")
    with open(conf, "w") as f:
        f.write(text)
    return conf, var


def main(t):
    # What the old instance holds: a buyer with tickets, and an upload.
    _, email = kt.make_user("backup")
    tok = kt.api_token(email)
    eid = kt.make_event(kt.unique("Backup GA"), capacity=20)
    codes = sorted(kt.buy_codes(tok, eid, 3))
    uploads = os.path.join(kt.VAR, "uploads")
    os.makedirs(uploads, exist_ok=True)
    marker = os.path.join(uploads, kt.unique("backup") + ".png")
    with open(marker, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + os.urandom(64))

    backup = os.path.join(tmp, "backup")
    r = run([os.path.join(OPS, "kametay-backup"), "-c", kt.CONFIG, backup])
    t.ok(r.returncode == 0, "kametay-backup of the running instance succeeds", r.stdout)
    t.ok(all(os.path.isfile(os.path.join(backup, f)) for f in
             ("kametay.sql", "uploads.tar", "secret.key", "counts.txt")),
         "the backup holds the dump, the uploads, the secret and the counts")
    t.ok(oct(os.stat(os.path.join(backup, "secret.key")).st_mode & 0o777) == "0o600",
         "the secret in the backup is readable by its owner only")
    with open(os.path.join(backup, "counts.txt")) as f:
        before = dict(line.split("\t") for line in f.read().strip().splitlines())
    r = run([os.path.join(OPS, "kametay-backup"), "-c", kt.CONFIG, backup])
    t.ok(r.returncode != 0 and "exists already" in r.stdout, "a backup never overwrites another",
         r.stdout)

    conf, var = start_new_instance(t)
    r = run([os.path.join(OPS, "kametay-restore"), "-c", conf, backup])
    t.ok(r.returncode == 0, "kametay-restore into the new instance succeeds", r.stdout)
    after = counts(root_sql)
    t.eq(after, before, "the same counts of users, events, orders and tickets")
    t.ok(os.path.isfile(os.path.join(var, "uploads", os.path.basename(marker))),
         "the uploads are restored into the new Paths.Var")
    with open(os.path.join(var, "secret.key"), "rb") as f, open(os.path.join(backup, "secret.key"), "rb") as g:
        t.ok(f.read() == g.read(), "and the secret at the new Secret.File")
    r = run([os.path.join(OPS, "kametay-restore"), "-c", conf, backup])
    t.ok(r.returncode != 0 and "tables already" in r.stdout,
         "a second restore into the now full database is refused", r.stdout)

    log = open(os.path.join(tmp, "pool.log"), "w")
    procs["pool"] = subprocess.Popen([os.path.join(BUILD, "cgi", "kametay-fcgi"), "-c", conf],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    t.ok(kt.wait_until(lambda: os.path.exists(POOL), 30), "the restored instance's pool starts")
    status, body = fcgi("GET", "/healthz")
    t.eq(status, 200, "its GET /healthz answers 200")
    status, body = fcgi("POST", "/api/login/", {"email": email, "password": kt.password()})
    t.ok(status == 200 and "access" in body, "the buyer signs in on the restored instance", body)
    new_tok = body.get("access") if isinstance(body, dict) else None
    status, body = fcgi("GET", "/api/me/tickets/", tok=new_tok)
    mine = sorted(x["code"] for x in body.get("tickets", []) if x.get("event_id") == eid) \
        if status == 200 else []
    t.eq(mine, codes, "and sees the three tickets bought before the backup")
    status, body = fcgi("GET", "/api/me/", tok=tok)
    t.ok(status == 200 and body.get("email") == email,
         "a token the old instance issued is valid on the new one (the secret came along)", body)
    status, body = fcgi("POST", "/api/events/%d/purchase/" % eid, {"quantity": 1}, tok=new_tok)
    t.ok(status == 201 and len(body.get("tickets", [])) == 1, "the restored instance sells a ticket",
         body)
    os.unlink(marker)


def cleanup():
    for name in ("pool", "mariadb"):
        p = procs.get(name)
        if p is None:
            continue
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        kt.Tap().run(main)
    finally:
        cleanup()
