"""
The mails around a ticket, read from the Maildir: purchase confirmation
(QR PNG and .ics attached), ticket cancelled and seat changed (the
updated .ics attached), event cancelled, waitlist offer, the reminder the
day before (once per holder and event; off and on again with the signed
one-click link, no sign-in), and near capacity for organisers.  Each is
checked for the recipient's language, Date and Message-ID, its text and
HTML parts, its links and its attachments.

Then the SMTP server is stopped for 20 seconds (the issue says a minute;
20 s keeps the suite fast and still spans several retries) while tickets
are bought: nothing is lost, and once it is back every mail arrives
exactly once.
"""

import datetime
import email.utils
import os
import random
import re
import signal
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
import calkit as ck  # noqa: E402

t = kt.Tap()
OUTAGE = 20


def common(t, m, lang, what):
    """What every mail must have."""
    t.ok(m is not None, "%s: the mail arrived" % what)
    if m is None:
        return None, None
    t.ok(email.utils.parsedate_to_datetime(str(m["Date"])) is not None and
         re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(m["Message-ID"]).strip()),
         "%s: Date and Message-ID" % what, (m["Date"], m["Message-ID"]))
    text, htm = kt.mail_parts(m)
    alt = [p for p in m.walk() if p.get_content_type() == "multipart/alternative"]
    t.ok(alt and text and htm, "%s: multipart text + HTML" % what)
    t.ok(htm and '<html lang="%s"' % lang in htm, "%s: the HTML says lang=\"%s\"" % (what, lang))
    t.ok(text and kt.lang(lang)["Lang.Mail.Greeting"] in text, "%s: the text greets in %s" % (what, lang))
    return text, htm


def links(text, path_re):
    return re.findall(r"%s(%s)" % (re.escape(kt.URL), path_re), text or "")


def ics_of(m):
    cals = [a for a in kt.attachments(m) if a[1] == "text/calendar"]
    return ck.ics(cals[0][2]) if cals else None


def purchase(t):
    uid, addr = kt.make_user("buyer", lang="ru")
    seated = kt.make_event(ck.TAG + " mail seated", seated=True, starts="UTC_TIMESTAMP() + INTERVAL 6000 DAY")
    seats = kt.free_seats(seated, 3)
    tok = kt.api_token(addr)
    ans = kt.buy(tok, seated, seats=seats[:2])
    codes = [x["code"] for x in ans["tickets"]]
    m = kt.wait_mail(addr, ck.subject("ru", "Purchase"))
    text, htm = common(t, m, "ru", "purchase")
    if m is None:
        return
    t.eq(sorted(links(text, r"/tickets/[0-9A-Z]{24}")), sorted("/tickets/" + c for c in codes),
         "purchase: a link to each ticket")
    att = kt.attachments(m)
    pngs = [a for a in att if a[1] == "image/png"]
    t.eq(sorted(a[0] for a in pngs), sorted("ticket-%s.png" % c for c in codes), "purchase: a QR PNG per ticket")
    t.ok(all(a[2].startswith(b"\x89PNG\r\n\x1a\n") for a in pngs), "which are PNG images")
    cal = ics_of(m)
    t.ok(cal is not None, "purchase: a text/calendar attachment")
    t.ok(kt.lang("ru")["Lang.Mail.Purchase.Calendar"] in text, "which the text mentions")
    if cal is not None:
        uids = sorted(str(e["UID"]) for e in ck.vevents(cal))
        t.eq(uids, sorted("ticket-%s@%s" % (c, ck.host()) for c in codes),
             "with a VEVENT per ticket, the UIDs of the .ics downloads")
        t.ok(all(e.decoded("DTSTART") == ck.starts_at(seated) for e in ck.vevents(cal)),
             "at the event's start (UTC)")

    # seat changed: a mail with the new seat and the updated .ics
    r = kt.api("POST", "/api/tickets/%s/change-seat/" % codes[0], tok, {"seat": seats[2]})
    t.eq(r.status, 200, "seat changed")
    m = kt.wait_mail(addr, ck.subject("ru", "SeatChanged"))
    text, _ = common(t, m, "ru", "seat changed")
    if m:
        row, seat = kt.sql("SELECT row_label, seat_label FROM seats WHERE id = %d" % seats[2])[0]
        t.ok("ряд %s, место %s" % (row, seat) in text, "seat changed: names the new seat", text)
        t.eq(links(text, r"/tickets/[0-9A-Z]{24}"), ["/tickets/" + codes[0]], "seat changed: links the ticket")
        cal = ics_of(m)
        e = ck.vevents(cal)[0] if cal else {}
        t.ok(cal and str(e["UID"]).startswith("ticket-" + codes[0]) and int(e["SEQUENCE"]) == 1
             and str(e["STATUS"]) == "CONFIRMED", "seat changed: its .ics, SEQUENCE 1")

    # ticket cancelled
    r = kt.api("POST", "/api/tickets/%s/cancel/" % codes[1], tok)
    t.eq(r.status, 200, "ticket cancelled")
    m = kt.wait_mail(addr, ck.subject("ru", "TicketCancelled"))
    text, _ = common(t, m, "ru", "ticket cancelled")
    if m:
        t.eq(links(text, r"/events/\d+"), ["/events/%d" % seated], "ticket cancelled: links the event")
        grouped = "-".join(codes[1][i:i + 4] for i in range(0, 24, 4))
        t.ok(grouped in text, "ticket cancelled: names the ticket")
        cal = ics_of(m)
        e = ck.vevents(cal)[0] if cal else {}
        t.ok(cal and str(e["UID"]).startswith("ticket-" + codes[1]) and str(e["STATUS"]) == "CANCELLED"
             and int(e["SEQUENCE"]) == 1, "ticket cancelled: its .ics says STATUS:CANCELLED, SEQUENCE 1")
    t.eq(len(kt.mails_to(addr)), 3, "three mails in all: one per change")


def event_cancelled(t):
    uid, addr = kt.make_user("evc", lang="kk")
    ev = kt.make_event(ck.TAG + " mail cancelled")
    kt.buy(kt.api_token(addr), ev, quantity=2)
    r = kt.api("POST", "/api/events/%d/cancel/" % ev, kt.api_token("organiser@kametay.test"))
    t.eq(r.status, 200, "the organiser cancels an event")
    m = kt.wait_mail(addr, ck.subject("kk", "EventCancelled"))
    text, _ = common(t, m, "kk", "event cancelled")
    if m:
        t.ok(ck.TAG + " mail cancelled" in text and kt.URL in text, "event cancelled: names the event, links the site")
        t.eq(len(kt.mails_to(addr, ck.subject("kk", "EventCancelled"))), 1,
             "one mail per holder, whatever their number of tickets")


def waitlist_offer(t):
    _, first = kt.make_user("wlfirst", lang="en")
    wid, waiting = kt.make_user("wlwait", lang="ru")
    ev = kt.make_event(ck.TAG + " mail full", capacity=1)
    tok = kt.api_token(first)
    code = kt.buy(tok, ev, quantity=1)["tickets"][0]["code"]
    kt.sql_exec("INSERT INTO waitlist (event_id, user_id) VALUES (%d, %d)" % (ev, wid))
    kt.api("POST", "/api/tickets/%s/cancel/" % code, tok)
    m = kt.wait_mail(waiting, ck.subject("ru", "WaitlistOffer"))
    text, _ = common(t, m, "ru", "waitlist offer")
    if m:
        t.eq(len(links(text, r"/waitlist/claim\?token=[A-Za-z0-9_-]{43}")), 1, "waitlist offer: the claim link")


def near_capacity(t):
    oid, org = kt.make_user("org", lang="kk", role="organiser")
    _, buyer = kt.make_user("nc", lang="en")
    ev = kt.make_event(ck.TAG + " mail nearly full", capacity=4, organiser=oid)
    kt.buy(kt.api_token(buyer), ev, quantity=4)
    m = kt.wait_mail(org, ck.subject("kk", "NearCapacity"))
    text, _ = common(t, m, "kk", "near capacity")
    if m:
        t.eq(links(text, r"/organiser/events/\d+"), ["/organiser/events/%d" % ev],
             "near capacity: links the organiser's page of the event")
    time.sleep(6)
    t.eq(len(kt.mails_to(org, ck.subject("kk", "NearCapacity"))), 1, "near capacity: once")


def reminders(t):
    uid, addr = kt.make_user("remind", lang="kk")
    tok = kt.api_token(addr)
    soon = kt.make_event(ck.TAG + " tomorrow", starts="UTC_TIMESTAMP() + INTERVAL 20 HOUR")
    later = kt.make_event(ck.TAG + " in two days", starts="UTC_TIMESTAMP() + INTERVAL 50 HOUR")
    codes = [x["code"] for x in kt.buy(tok, soon, quantity=2)["tickets"]]
    kt.buy(tok, later, quantity=1)
    # bought a week ago, before the 24-hour window opened
    kt.sql_exec("UPDATE tickets SET created_at = UTC_TIMESTAMP() - INTERVAL 7 DAY WHERE code IN (%s)"
                % ",".join(kt.q(c) for c in codes))
    subj = ck.subject("kk", "Reminder")
    m = kt.wait_mail(addr, subj, timeout=20)
    text, htm = common(t, m, "kk", "reminder")
    if m is None:
        return
    grouped = ["-".join(c[i:i + 4] for i in range(0, 24, 4)) for c in codes]
    t.ok(all(g in text for g in grouped), "reminder: lists both tickets in one mail")
    t.eq(sorted(links(text, r"/tickets/[0-9A-Z]{24}")), sorted("/tickets/" + c for c in codes),
         "reminder: links each ticket")
    off = links(text, r"/reminders/off\?k=[A-Za-z0-9_.-]+")
    t.eq(len(off), 1, "reminder: a one-click link to turn reminders off")
    t.ok(htm and off and off[0].replace("&", "&amp;") in htm, "in the HTML part too")
    time.sleep(11)      # two more sweeps
    t.eq(len(kt.mails_to(addr, subj)), 1, "one reminder per holder and event, not one per sweep")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM tickets t JOIN events e ON e.id = t.event_id WHERE "
                    "e.id = %d AND t.reminded_at IS NOT NULL" % soon), "2", "both tickets marked reminded")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d AND reminded_at IS NOT NULL" % later),
         "0", "an event two days away is not reminded yet")
    if not off:
        return

    # one click, no sign-in
    anon = kt.Visitor("kk")
    bad = off[0][:-3] + ("AAA" if not off[0].endswith("AAA") else "BBB")
    t.eq(anon.get(bad).status, 404, "a tampered key is refused (404)")
    t.eq(kt.sql_one("SELECT reminders FROM users WHERE id = %d" % uid), "1", "and changes nothing")
    r = anon.get(off[0])
    t.eq(r.status, 200, "the link works without signing in")
    t.ok(kt.lang("kk")["Lang.Cal.reminders_off_done"] in kt.page_text(r), "and says reminders are off")
    t.eq(kt.sql_one("SELECT reminders FROM users WHERE id = %d" % uid), "0", "the preference is stored on the user")
    t.eq(anon.get(off[0]).status, 200, "a second click is harmless")

    # another event tomorrow: no reminder now
    third = kt.make_event(ck.TAG + " also tomorrow", starts="UTC_TIMESTAMP() + INTERVAL 22 HOUR")
    c3 = kt.buy(tok, third, quantity=1)["tickets"][0]["code"]
    kt.sql_exec("UPDATE tickets SET created_at = UTC_TIMESTAMP() - INTERVAL 7 DAY WHERE code = %s" % kt.q(c3))
    time.sleep(11)
    t.eq(len(kt.mails_to(addr, subj)), 1, "with reminders off, no reminder comes")

    # the page's undo button turns them on again (a form: CSRF token, no sign-in)
    k = urllib.parse.parse_qs(urllib.parse.urlsplit(off[0]).query)["k"][0]
    page = anon.get(off[0])
    r = anon.post_form("/reminders/on", {"k": k, "csrf": kt.csrf_token(page)})
    t.eq(r.status, 200, "Send me reminders again")
    t.eq(kt.sql_one("SELECT reminders FROM users WHERE id = %d" % uid), "1", "turns them on")
    m = kt.wait_mail(addr, subj, count=2, timeout=20)
    t.ok(m is not None and "/tickets/" + c3 in (kt.mail_parts(m)[0] or ""),
         "and the next sweep reminds of the other event")

    # the profile's checkbox
    v = kt.sign_in(addr, lang="kk", account_lang=True)
    t.ok('id="reminders"' in v.get("/account").text, "the profile has the reminders checkbox")
    r = v.submit("/account/reminders", {})
    t.ok(r.status in (302, 303) and kt.sql_one("SELECT reminders FROM users WHERE id = %d" % uid) == "0",
         "unticked and saved: off")
    v.submit("/account/reminders", {"reminders": "1"})
    t.eq(kt.sql_one("SELECT reminders FROM users WHERE id = %d" % uid), "1", "ticked: on")

    # a guest (no account): reminded too, and the link keeps the "no" by address
    guest = "%s-guest@kametay.test" % ck.TAG

    def guest_ticket(ev):
        code = "".join(random.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(24))
        kt.sql_exec("INSERT INTO orders (event_id, user_id, buyer, buyer_email, buyer_name, lang, "
                    "status, total, currency) VALUES (%d, NULL, %s, %s, 'Guest', 'ru', 'paid', 0, 'KZT'); "
                    "INSERT INTO tickets (code, order_id, event_id, category, price, created_at) VALUES "
                    "(%s, LAST_INSERT_ID(), %d, 'GA', 0, UTC_TIMESTAMP() - INTERVAL 7 DAY)"
                    % (ev, kt.q("e:" + guest), kt.q(guest), kt.q(code), ev))
        return code
    guest_ticket(soon)
    gsubj = ck.subject("ru", "Reminder")
    m = kt.wait_mail(guest, gsubj, timeout=20)
    gtext = kt.mail_parts(m)[0] if m else ""
    goff = links(gtext, r"/reminders/off\?k=[A-Za-z0-9_.-]+")
    t.ok(m is not None and len(goff) == 1, "a guest's ticket is reminded too, in the order's language, with the link")
    if goff:
        t.eq(kt.Visitor().get(goff[0]).status, 200, "the guest's link works")
        t.eq(kt.sql_one("SELECT COUNT(*) FROM reminder_optouts WHERE email = %s" % kt.q(guest)), "1",
             "and keeps the guest's no by address")
        guest_ticket(third)
        time.sleep(11)
        t.eq(len(kt.mails_to(guest, gsubj)), 1, "so the guest's next ticket is not reminded")

    # a ticket bought inside the window gets no reminder (its confirmation is fresh)
    _, late = kt.make_user("late", lang="en")
    kt.buy(kt.api_token(late), soon, quantity=1)
    time.sleep(11)
    t.eq(kt.mails_to(late, ck.subject("en", "Reminder")), [], "a ticket bought less than 24 h before: no reminder")


def smtp_outage(t):
    users = [kt.make_user("out%d" % i, lang="en") for i in range(5)]
    tokens = [kt.api_token(a) for _, a in users]
    ev = kt.make_event(ck.TAG + " outage", capacity=50)
    subj = ck.subject("en", "Purchase")
    mail_pid = kt.read_pid("mail")
    snap = kt.proc_snapshot(mail_pid)
    try:
        t.ok(kt.stop_process(mail_pid, signal.SIGTERM, 15), "the SMTP server is stopped")
        t.ok(not kt.port_open(kt.SMTP_PORT), "nothing listens on port %d" % kt.SMTP_PORT)
        started = time.monotonic()
        for i, tok in enumerate(tokens):
            kt.buy(tok, ev, quantity=1 + i % 2)
        failed = kt.wait_until(lambda: (lambda n: n if n == len(users) else None)(int(kt.sql_one(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND state = 'queued' AND tries >= 1 AND "
            "last_error LIKE 'SMTP%%' AND JSON_VALUE(payload, '$.to') IN (%s)"
            % ",".join(kt.q(a) for _, a in users)))), 15, 0.2)
        t.ok(failed, "all five confirmations failed their first try and wait to be retried")
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - started)))
        t.eq(sum(len(kt.mails_to(a)) for _, a in users), 0, "nothing was delivered during %d s" % OUTAGE)
        tries = int(kt.sql_one("SELECT MAX(tries) FROM jobs WHERE kind = 'mail' AND "
                               "JSON_VALUE(payload, '$.to') IN (%s)" % ",".join(kt.q(a) for _, a in users)))
        t.ok(tries >= 2, "and the runner kept trying with back-off (%d tries so far)" % tries)
    finally:
        if not kt.alive(mail_pid):
            kt.respawn("mail", snap)
    t.ok(kt.wait_until(lambda: kt.port_open(kt.SMTP_PORT), 15), "the SMTP server is back")
    arrived = kt.wait_until(lambda: all(kt.mails_to(a, subj) for _, a in users), 90, 0.5)
    t.ok(arrived, "every confirmation arrived once the server was back")
    time.sleep(3)       # a duplicate would come right behind
    counts = [len(kt.mails_to(a)) for _, a in users]
    t.eq(counts, [1] * len(users), "each exactly once")
    ids = [str(kt.mails_to(a)[0]["Message-ID"]) for _, a in users if kt.mails_to(a)]
    t.eq(len(set(ids)), len(users), "five different messages")
    states = kt.sql("SELECT state, COUNT(*) FROM jobs WHERE kind = 'mail' AND JSON_VALUE(payload, '$.to') "
                    "IN (%s) GROUP BY state" % ",".join(kt.q(a) for _, a in users))
    t.eq(states, [["done", "5"]], "their five jobs are done")
    for m in (kt.mails_to(a)[0] for _, a in users[:1]):
        t.ok(any(a[1] == "text/calendar" for a in kt.attachments(m)), "with their .ics still attached")


if __name__ == "__main__":
    t.run(purchase, event_cancelled, waitlist_offer, near_capacity, reminders, smtp_outage)
