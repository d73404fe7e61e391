"""
The systemd units (systemd/*.in, installed by `make install`) and the logs.

  - `make install DESTDIR=tmp` puts the pool's service and socket and the job
    runner's service in $prefix/lib/systemd/system with this build's paths;
  - `systemd-analyze verify --root=tmp` accepts them (no running systemd
    needed: verify reads unit files), and `systemd-analyze security --offline`
    rates them "OK" or better;
  - they run as an unprivileged user with the hardening the README lists,
    stop the pool by SIGTERM to the master only and reload by SIGHUP;
  - socket activation: the pool started by systemd-socket-activate (the
    LISTEN_FDS/LISTEN_PID protocol of systemd's .socket units) answers on the
    socket it was handed and ignores Pool.Socket;
  - log rotation by copytruncate (systemd/kametay.logrotate): the running
    pool's log truncated in place gets its next line at the start of the file,
    without a hole of NUL bytes (stderr is opened with O_APPEND).
The last two need the running stack (KAMETAY_*); the rest only the build.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import kt  # noqa: E402

BUILD = os.environ.get("KT_TOP_BUILDDIR", "")
UNITS = ("kametay-fcgi.service", "kametay-fcgi.socket", "kametay-jobs.service")
HARDENING = ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
             "PrivateDevices=yes", "CapabilityBoundingSet=", "RestrictSUIDSGID=yes")

tmp = tempfile.mkdtemp(prefix="kt-systemd-")
unitdir = None


def install(t):
    global unitdir
    r = subprocess.run(["make", "-C", BUILD, "-s", "install", "DESTDIR=" + tmp],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    t.ok(r.returncode == 0, "make install DESTDIR=… succeeds", r.stdout[-2000:])
    found = []
    for dirpath, _, files in os.walk(tmp):
        if "kametay-fcgi.service" in files:
            unitdir = dirpath
            found = files
    t.ok(unitdir is not None and unitdir.endswith("/lib/systemd/system"),
         "the units are installed in $prefix/lib/systemd/system", unitdir)
    for u in UNITS:
        t.ok(u in found, "%s is installed" % u)
    t.ok(any(f.endswith("logrotate.d/kametay.logrotate") for f in
             (os.path.join(d, x) for d, _, xs in os.walk(tmp) for x in xs)),
         "the logrotate snippet is installed in $sysconfdir/logrotate.d")


def verify(t):
    if unitdir is None:
        t.ok(False, "units to verify")
        return
    # The units as installed, but with the programs where DESTDIR put them:
    # verify checks that each Exec line's program exists and is executable.
    vdir = os.path.join(tmp, "verify")
    os.makedirs(vdir)
    paths = []
    for u in UNITS:
        text = open(os.path.join(unitdir, u)).read()
        text = re.sub(r"^(Exec\w+=)(\S+)",
                      lambda m: m.group(1) + (tmp + m.group(2) if os.path.exists(tmp + m.group(2))
                                              else m.group(2)), text, flags=re.M)
        paths.append(os.path.join(vdir, u))
        with open(paths[-1], "w") as f:
            f.write(text)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no"] + paths,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    t.ok(r.returncode == 0 and r.stdout.strip() == "",
         "systemd-analyze verify accepts the units without a word", r.stdout)
    for u in ("kametay-fcgi.service", "kametay-jobs.service"):
        r = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--root=" + tmp,
                            os.path.join(unitdir, u)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        m = re.search(r"Overall exposure level for \S+: ([0-9.]+) (\w+)", r.stdout)
        t.ok(m is not None and float(m.group(1)) < 2.0,
             "systemd-analyze security rates %s OK (exposure below 2)" % u,
             m.group(0) if m else r.stdout[-1500:])


def contents(t):
    for u in ("kametay-fcgi.service", "kametay-jobs.service"):
        text = open(os.path.join(unitdir, u)).read()
        lines = set(text.splitlines())
        user = re.search(r"^User=(\S+)$", text, re.M)
        t.ok(user is not None and user.group(1) != "root", "%s runs as an unprivileged user" % u)
        t.ok(all(h in lines for h in HARDENING), "%s has the hardening lines" % u,
             [h for h in HARDENING if h not in lines])
        t.ok("ExecReload=/bin/kill -HUP $MAINPID" in lines, "%s reloads by SIGHUP" % u)
        exe = re.search(r"^ExecStart=(\S+)", text, re.M).group(1)
        t.ok(os.access(tmp + exe, os.X_OK), "%s starts the installed %s" % (u, exe))
    fcgi = open(os.path.join(unitdir, "kametay-fcgi.service")).read()
    t.ok("KillMode=mixed" in fcgi.splitlines(),
         "the pool's stop signals the master only, which lets in-flight requests finish")
    sock = open(os.path.join(unitdir, "kametay-fcgi.socket")).read()
    t.ok("Service=kametay-fcgi.service" in sock and "ListenStream=/run/kametay/kametay.sock" in sock,
         "the socket unit hands /run/kametay/kametay.sock to the pool")


def socket_activation(t):
    if not kt.URL:
        t.skip("socket activation", "no running stack")
        return
    sock = os.path.join(tmp, "activated.sock")
    unused = os.path.join(tmp, "unused.sock")
    conf = os.path.join(tmp, "activated.hdf")
    with open(kt.CONFIG) as f:
        text = f.read()
    text = re.sub(r"^Pool\.Socket = .*$", "Pool.Socket = " + unused, text, flags=re.M)
    text = re.sub(r"^Pool\.Workers = .*$", "Pool.Workers = 1", text, flags=re.M)
    with open(conf, "w") as f:
        f.write(text)
    log = open(os.path.join(tmp, "activated.log"), "w")
    p = subprocess.Popen(["systemd-socket-activate", "-l", sock, "--",
                          os.path.join(BUILD, "cgi", "kametay-fcgi"), "-c", conf],
                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        kt.wait_until(lambda: os.path.exists(sock), 15)
        status, _, body = kt.fastcgi_request(sock, {
            "REQUEST_METHOD": "GET", "REQUEST_URI": "/healthz", "DOCUMENT_URI": "/healthz",
            "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}, timeout=30)
        t.eq(status, 200, "the pool started with LISTEN_FDS answers GET /healthz on the handed socket")
        t.ok(not os.path.exists(unused), "and did not open Pool.Socket itself")
        t.ok(kt.alive(p.pid) and any("kametay-fcgi" in a for a in kt.proc_cmdline(p.pid)),
             "the activated process is the pool's master (LISTEN_PID is its own pid)")
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        log.close()


def copytruncate(t):
    if not kt.URL:
        t.skip("copytruncate", "no running stack")
        return
    path = os.path.join(kt.VAR, "log", "pool.log")
    pid = kt.read_pid("pool")
    keep = path + ".rotated"
    shutil.copyfile(path, keep)   # what logrotate's copytruncate does: copy,
    with open(path, "r+b") as f:  # then truncate in place
        f.truncate(0)
    os.kill(pid, signal.SIGHUP)   # the pool logs its reload
    kt.wait_until(lambda: os.path.getsize(path) > 0, 30)
    data = open(path, "rb").read()
    t.ok(len(data) > 0 and b"\0" not in data and b"reload" in data,
         "after copytruncate the pool's next line starts the emptied file (no NUL hole)", data[:300])
    t.ok(os.path.getsize(keep) > 0, "the copy keeps the lines from before")
    # the new generation is up before the next test file
    kt.wait_until(lambda: kt.healthz_status() == 200, 30)
    os.unlink(keep)


if __name__ == "__main__":
    if not BUILD or not shutil.which("systemd-analyze"):
        print("1..0 # SKIP needs KT_TOP_BUILDDIR (make check) and systemd-analyze (Debian's systemd)")
        sys.exit(0)
    try:
        kt.Tap().run(install, verify, contents, socket_activation, copytruncate)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
