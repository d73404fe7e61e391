"""
The purchase confirmation is composed by the job runner, not by the
purchase: the purchase's transaction writes one job row naming the order,
and the runner composes the mail from the database on its first try,
keeps it in the job and sends it.  A runner killed after composing and
before its mail went out leaves the composed message behind: the next
runner sends those very bytes, once.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
import calkit as ck  # noqa: E402

t = kt.Tap()


def qr_decode(png):
    """zbarimg's reading of a PNG (bytes), or ''."""
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        p = subprocess.run(["zbarimg", "--raw", "-q", f.name], capture_output=True, text=True,
                           timeout=30)
    return p.stdout.strip()


def order_jobs(order_id):
    """[kind, state, tries, has a message, last_error] of the jobs naming the order."""
    return kt.sql("SELECT kind, state, tries, JSON_EXISTS(payload, '$.message'), last_error "
                  "FROM jobs WHERE kind IN ('order_mail', 'mail') "
                  "AND JSON_VALUE(payload, '$.order_id') = %d ORDER BY id" % order_id)


def stored_message(order_id):
    """The message the job of the order keeps, parsed, or None."""
    h = kt.sql_one("SELECT HEX(JSON_UNQUOTE(JSON_EXTRACT(payload, '$.message'))) FROM jobs "
                   "WHERE JSON_VALUE(payload, '$.order_id') = %d" % order_id)
    return kt.parse_mail(bytes.fromhex(h)) if h else None


def same_message(t, got, kept, what):
    """The delivered mail is the kept one: Message-ID, Date, bodies and attachments."""
    t.eq(str(got["Message-ID"]), str(kept["Message-ID"]), "%s: the same Message-ID" % what)
    t.eq(str(got["Date"]), str(kept["Date"]), "%s: the same Date" % what)
    t.ok(kt.mail_parts(got) == kt.mail_parts(kt.parse_mail(kept.as_bytes())),
         "%s: the same text and HTML" % what)
    t.ok(kt.attachments(got) == kt.attachments(kept), "%s: the same attachments" % what)


def check_tickets(t, m, codes, what):
    att = kt.attachments(m)
    pngs = [a for a in att if a[1] == "image/png"]
    t.eq(sorted(a[0] for a in pngs), sorted("ticket-%s.png" % c for c in codes),
         "%s: a QR PNG per ticket" % what)
    got = sorted(qr_decode(a[2]) for a in pngs)
    t.eq(got, sorted("%s/tickets/%s" % (kt.URL, c) for c in codes),
         "%s: zbarimg reads each QR as its ticket's URL" % what)
    t.ok(any(a[1] == "text/calendar" for a in att), "%s: the order's .ics attached" % what)


def composed_by_runner(t):
    _, addr = kt.make_user(kt.unique("om"), lang="en")
    ev = kt.make_event(ck.TAG + " order mail", seated=True)
    seats = kt.free_seats(ev, 2)
    tok = kt.api_token(addr)
    jobs_pid = kt.read_pid("jobs")
    snap = kt.proc_snapshot(jobs_pid)
    t.ok("kametay-jobs" in snap["argv"][0], "jobs.pid is the job runner")
    try:
        t.ok(kt.stop_process(jobs_pid, signal.SIGTERM, 30), "the job runner is stopped")
        ans = kt.buy(tok, ev, seats=seats)
        oid = ans["order_id"]
        codes = [x["code"] for x in ans["tickets"]]
        jobs = order_jobs(oid)
        t.eq([j[:4] for j in jobs], [["order_mail", "queued", "0", "0"]],
             "the purchase queued one job that names order %d and holds no message" % oid)
        payload = kt.sql_one("SELECT payload FROM jobs WHERE kind = 'order_mail' "
                             "AND JSON_VALUE(payload, '$.order_id') = %d" % oid)
        t.eq(payload, '{"order_id":%d}' % oid, "its payload is the order's id alone")
        t.eq(kt.mails_to(addr), [], "nothing was sent without the runner")
    finally:
        if not kt.alive(kt.read_pid("jobs")):
            kt.respawn("jobs", snap)
    t.ok(kt.alive(kt.read_pid("jobs")), "the job runner runs again")
    m = kt.wait_mail(addr, ck.subject("en", "Purchase"))
    t.ok(m is not None, "the runner composed and sent the confirmation")
    if m is None:
        return
    check_tickets(t, m, codes, "seated")
    jobs = order_jobs(oid)
    t.eq([j[:4] for j in jobs], [["mail", "done", "1", "1"]],
         "the job became a mail job keeping its message, done on the first try")
    kept = stored_message(oid)
    t.ok(kept is not None, "the composed message is in the job")
    if kept is not None:
        same_message(t, m, kept, "seated")
    time.sleep(2)       # a duplicate would come right behind
    t.eq(len(kt.mails_to(addr)), 1, "one mail")


def killed_after_composing(t):
    _, addr = kt.make_user(kt.unique("omk"), lang="en")
    ev = kt.make_event(ck.TAG + " order mail kill", capacity=50)
    tok = kt.api_token(addr)
    mail_pid, jobs_pid = kt.read_pid("mail"), kt.read_pid("jobs")
    mail_snap, jobs_snap = kt.proc_snapshot(mail_pid), kt.proc_snapshot(jobs_pid)
    t.ok("aiosmtpd" in " ".join(mail_snap["argv"]), "mail.pid is the SMTP server")
    kept = None
    oid = 0
    try:
        t.ok(kt.stop_process(mail_pid, signal.SIGTERM, 15), "the SMTP server is stopped")
        t.ok(not kt.port_open(kt.SMTP_PORT), "nothing listens on port %d" % kt.SMTP_PORT)
        ans = kt.buy(tok, ev, quantity=2)
        oid = ans["order_id"]
        codes = [x["code"] for x in ans["tickets"]]
        failed = kt.wait_until(lambda: (lambda js: js if js and js[0][0] == "mail" and js[0][3] == "1"
                                        and int(js[0][2]) >= 1 and (js[0][4] or "").startswith("SMTP")
                                        else None)(order_jobs(oid)), 20, 0.1)
        t.ok(failed, "the runner composed order %d's mail, kept it and failed to send it" % oid,
             order_jobs(oid))
        kept = stored_message(oid)
        t.ok(kept is not None and kept["Message-ID"], "the job keeps the composed message")
        t.ok(kt.stop_process(jobs_pid, signal.SIGKILL, 15), "the job runner is killed (SIGKILL)")
    finally:
        if not kt.alive(mail_pid):
            kt.respawn("mail", mail_snap)
    t.ok(kt.wait_until(lambda: kt.port_open(kt.SMTP_PORT), 15), "the SMTP server is back")
    if not kt.alive(kt.read_pid("jobs")):
        kt.respawn("jobs", jobs_snap)
    t.ok(kt.alive(kt.read_pid("jobs")), "a new job runner runs")
    m = kt.wait_mail(addr, ck.subject("en", "Purchase"), timeout=60)
    t.ok(m is not None, "the confirmation arrived once SMTP was back")
    if m is None or kept is None:
        return
    same_message(t, m, kept, "after the kill")
    check_tickets(t, m, codes, "general admission")
    time.sleep(3)       # a duplicate would come right behind
    t.eq(len(kt.mails_to(addr)), 1, "exactly once")
    jobs = order_jobs(oid)
    t.ok(len(jobs) == 1 and jobs[0][:2] == ["mail", "done"] and int(jobs[0][2]) >= 2,
         "its one job is done, on a later try", jobs)


if __name__ == "__main__":
    t.run(composed_by_runner, killed_after_composing)
