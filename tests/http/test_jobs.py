"""
The job runner against the running stack: a mail job survives a runner
killed in the middle of sending it (picked up again after its lease and
delivered exactly once), a job whose SMTP server is down is retried with
back-off and delivered once the server is back, and a job that keeps
failing ends up dead.  What is stopped is started again as ./dev started it.
"""

import json
import os
import signal
import socket
import subprocess
import threading
import time

import kt

kt.need_stack()


def message(to, token):
    return ("From: Kametay <noreply@kametay.test>\r\n"
            "To: <%s>\r\n"
            "Subject: job test %s\r\n"
            "Date: %s\r\n"
            "Message-ID: <%s@kametay.test>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "This message was queued by tests/http/test_jobs.py (%s).\r\n"
            % (to, token, time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()), token, token))


def queue_mail(token, payload=None, max_tries=8):
    to = token + "@example.com"
    if payload is None:
        payload = {"to": to, "message": message(to, token)}
    kt.sql_exec("INSERT INTO jobs (kind, payload, max_tries, run_at) VALUES ('mail', %s, %d, UTC_TIMESTAMP(6))"
                % (kt.q(json.dumps(payload)), max_tries))
    return int(kt.sql_one("SELECT id FROM jobs WHERE payload LIKE %s ORDER BY id DESC LIMIT 1"
                          % kt.q("%" + token + "%")))


def job(job_id):
    row = kt.sql("SELECT state, tries, last_error, "
                 "TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), run_at) / 1e6, "
                 "TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), lease_until) / 1e6 "
                 "FROM jobs WHERE id = %d" % job_id)[0]
    return {"state": row[0], "tries": int(row[1]), "last_error": row[2],
            "run_in": float(row[3]), "lease_in": None if row[4] is None else float(row[4])}


class SlowSMTP:
    """An SMTP server that accepts the envelope and then never answers the
    message: the runner that talks to it is stuck in the middle of a job."""

    def __init__(self, rcpt):
        self.rcpt = rcpt.lower().encode()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.in_data = threading.Event()
        self.conns = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)
            threading.Thread(target=self.session, args=(c,), daemon=True).start()

    def session(self, c):
        try:
            f = c.makefile("rb")
            c.sendall(b"220 slow.test ESMTP\r\n")
            ours = False
            for line in f:
                cmd = line[:4].upper()
                if cmd in (b"EHLO", b"HELO"):
                    c.sendall(b"250 slow.test\r\n")
                elif cmd == b"DATA":
                    c.sendall(b"354 go ahead\r\n")
                    if ours:        # our job, not another one that was due
                        self.in_data.set()
                    while f.readline():     # swallow the message, never say 250
                        pass
                    return
                elif cmd == b"QUIT":
                    c.sendall(b"221 bye\r\n")
                    return
                else:
                    ours = ours or (cmd == b"RCPT" and self.rcpt in line.lower())
                    c.sendall(b"250 ok\r\n")
        except OSError:
            pass

    def close(self):
        self.sock.close()
        for c in self.conns:
            try:
                c.close()
            except OSError:
                pass


def runner_killed_mid_job(t):
    jobs_pid = kt.read_pid("jobs")
    snap = kt.proc_snapshot(jobs_pid)
    t.ok("kametay-jobs" in snap["argv"][0], "jobs.pid is the job runner (%s)" % snap["argv"][0])
    token = kt.unique("lease")
    slow = SlowSMTP(token + "@example.com")
    cfg = os.path.join(kt.VAR, "run", "kt-slow-runner.hdf")
    stuck = None
    try:
        # A second runner whose SMTP server hangs after DATA, with a short lease.
        with open(kt.CONFIG) as f:
            base = f.read()
        fd = os.open(cfg, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(base + "\nSMTP.URL = smtp://127.0.0.1:%d\nJobs.LeaseSeconds = 3\nJobs.PollMs = 100\n"
                    % slow.port)
        # The real runner is killed first, so the stuck one takes the job.
        os.kill(jobs_pid, signal.SIGKILL)
        t.ok(kt.wait_until(lambda: not kt.alive(jobs_pid), 10), "the job runner (pid %d) was killed" % jobs_pid)
        log = open(os.path.join(kt.VAR, "log", "jobs.log"), "ab")
        stuck = subprocess.Popen([snap["argv"][0], "-c", cfg], env=snap["env"], cwd=snap["cwd"],
                                 stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                 start_new_session=True)
        log.close()
        job_id = queue_mail(token)
        t.ok(slow.in_data.wait(15), "a runner took job %d and is in the middle of sending it" % job_id)
        j = job(job_id)
        t.ok(j["state"] == "running" and j["tries"] == 1 and j["lease_in"] is not None,
             "the job is running under a lease, first try", j)
        os.kill(stuck.pid, signal.SIGKILL)
        stuck.wait(10)
        t.ok(stuck.returncode == -signal.SIGKILL, "that runner was killed with SIGKILL mid-job")
        j = job(job_id)
        t.eq((j["state"], j["tries"]), ("running", 1), "the killed runner left the job running")
    finally:
        if stuck is not None and stuck.poll() is None:
            stuck.kill()
            stuck.wait(10)
        slow.close()
        if os.path.exists(cfg):
            os.unlink(cfg)
        if not kt.alive(jobs_pid):
            kt.respawn("jobs", snap)
    t.ok(kt.alive(kt.read_pid("jobs")), "the job runner runs again with its command line (pid %d)"
         % kt.read_pid("jobs"))
    done = kt.wait_until(lambda: job(job_id)["state"] == "done", 20, 0.2)
    j = job(job_id)
    t.ok(done, "after the lease ran out the job was picked up again and is done", j)
    t.eq(j["tries"], 2, "on its second try")
    found = kt.wait_until(lambda: kt.maildir_find(token), 10, 0.1) or []
    time.sleep(1.0)         # a duplicate would arrive right behind it
    found = kt.maildir_find(token)
    t.eq(len(found), 1, "the mail arrived in the Maildir exactly once")
    if found:
        t.ok(("Subject: job test %s" % token).encode() in found[0][1], "and it is the queued message")


def retry_with_backoff(t):
    mail_pid = kt.read_pid("mail")
    snap = kt.proc_snapshot(mail_pid)
    t.ok("aiosmtpd" in " ".join(snap["argv"]), "mail.pid is the SMTP server")
    token = kt.unique("retry")
    job_id = None
    try:
        t.ok(kt.stop_process(mail_pid, signal.SIGTERM, 15), "the SMTP server was stopped")
        t.ok(not kt.port_open(kt.SMTP_PORT), "nothing listens on its port %d" % kt.SMTP_PORT)
        job_id = queue_mail(token)
        failed = kt.wait_until(lambda: (lambda j: j if j["tries"] >= 1 and j["state"] == "queued"
                                        and j["last_error"] else None)(job(job_id)), 15, 0.1)
        t.ok(failed, "job %d failed its first try and went back to queued" % job_id, job(job_id))
        if failed:
            t.ok("SMTP" in failed["last_error"], "with last_error set (%s)" % failed["last_error"])
            t.ok(failed["run_in"] > 2, "and its next try backs off (in %.1f s)" % failed["run_in"])
            t.eq(kt.maildir_find(token), [], "nothing was delivered meanwhile")
    finally:
        if not kt.alive(mail_pid):
            kt.respawn("mail", snap)
    t.ok(kt.wait_until(lambda: kt.port_open(kt.SMTP_PORT), 15), "the SMTP server is back (pid %d)"
         % kt.read_pid("mail"))
    done = kt.wait_until(lambda: job(job_id)["state"] == "done", 30, 0.2)
    t.ok(done, "the job was retried after its back-off and is done", job(job_id))
    t.ok(job(job_id)["tries"] >= 2, "after %d tries" % job(job_id)["tries"])
    kt.wait_until(lambda: kt.maildir_find(token), 10, 0.1)
    time.sleep(0.5)
    t.eq(len(kt.maildir_find(token)), 1, "the mail arrived exactly once")


def dead_after_max_tries(t):
    token = kt.unique("dead")
    job_id = queue_mail(token, payload={"note": token}, max_tries=1)
    dead = kt.wait_until(lambda: job(job_id)["state"] == "dead", 15, 0.2)
    j = job(job_id)
    t.ok(dead, "a job that fails on its last allowed try is marked dead", j)
    t.ok(j["last_error"] and j["tries"] == 1, "with its error kept (%s)" % j["last_error"])


if __name__ == "__main__":
    kt.Tap().run(runner_killed_mid_job, retry_with_backoff, dead_after_max_tries)
