"""
Helpers shared by the calendar and notification tests (test_calendar.py,
test_gcal.py, test_notify.py): verified users and events made with SQL,
visitors with a session, purchases over the API, mails read from the
Maildir, and iCalendar parsed with Debian's python3-icalendar.
"""

import datetime
import email
import email.policy
import os
import re
import subprocess
import time

import kt

TAG = kt.unique("cal")


def demo_password(role):
    with open(os.path.join(kt.VAR, "demo-accounts.txt"), encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if len(words) == 3 and words[0] == role:
                return words[2]
    raise RuntimeError("no %s in demo-accounts.txt" % role)


PASSWORD = demo_password("organiser")


def make_user(name, lang="en", role="attendee"):
    """A verified user with the demo organiser's password; returns (id, address)."""
    addr = "%s-%s@kametay.test" % (TAG, name)
    kt.sql_exec(
        "INSERT INTO users (email, password_hash, first_name, last_name, age, role, lang, verified) "
        "SELECT %s, password_hash, %s, 'Test', 30, %s, %s, 1 FROM users "
        "WHERE email = 'organiser@kametay.test'" % (kt.q(addr), kt.q(name.title()), kt.q(role),
                                                     kt.q(lang)))
    return int(kt.sql_one("SELECT id FROM users WHERE email = %s" % kt.q(addr))), addr


class Visitor(kt.Client):
    """A browser: cookie jar, and the CSRF token from a page with a form."""

    def __init__(self, lang="en"):
        super().__init__()
        self.cookies["lang"] = lang
        self._csrf = None

    def csrf(self):
        if self._csrf is None:
            self._csrf = kt.csrf_token(self.get("/password/forgot"))
        return self._csrf

    def submit(self, path, fields, csrf=True):
        data = dict(fields)
        if csrf:
            data["csrf"] = self.csrf()
        return self.post_form(path, data)


def sign_in(addr, lang="en"):
    v = Visitor(lang)
    r = v.submit("/login", {"email": addr, "password": PASSWORD, "next": "/"})
    if r.status != 303 or "sid" not in v.cookies:
        raise RuntimeError("cannot sign in %s: %r" % (addr, r))
    return v


def api_token(addr):
    r = kt.Client().post_json("/api/login/", {"email": addr, "password": PASSWORD})
    if r.status != 200:
        raise RuntimeError("API sign-in failed for %s: %r" % (addr, r))
    return r.json()["access"]


def api(method, path, token, body=None):
    c = kt.Client()
    h = {"Authorization": "Bearer " + token}
    if method == "GET":
        return c.get(path, headers=h)
    return c.post_json(path, body or {}, h)


ORGANISER = int(kt.sql_one("SELECT id FROM users WHERE email = 'organiser@kametay.test'"))
THEATRE = kt.sql_one("SELECT id FROM venues WHERE seated = 1 ORDER BY id LIMIT 1")


def make_event(name, seated=False, capacity=50, starts="UTC_TIMESTAMP() + INTERVAL 10 DAY",
               description="An evening for the calendar tests.", location="Calendar field",
               duration=90, organiser=None, status="published", max_per_person=4):
    """An event straight into the database (seated ones in the demo theatre,
    with every seat category priced); returns its id."""
    kt.sql_exec(
        "INSERT INTO events (organiser_id, venue_id, location, name, description, starts_at, "
        "duration_minutes, seated, capacity, currency, max_per_person, status) VALUES "
        "(%s, %s, %s, %s, %s, %s, %d, %d, %d, 'KZT', %d, %s)"
        % (organiser or ORGANISER, THEATRE if seated else "NULL",
           "NULL" if seated else kt.q(location), kt.q(name), kt.q(description), starts,
           duration, 1 if seated else 0, 320 if seated else capacity, max_per_person,
           kt.q(status)))
    eid = int(kt.sql_one("SELECT MAX(id) FROM events WHERE name = %s" % kt.q(name)))
    if seated:
        kt.sql_exec("INSERT INTO event_prices (event_id, category, price) SELECT %d, category, "
                    "250000 FROM seats WHERE venue_id = %s GROUP BY category" % (eid, THEATRE))
    else:
        kt.sql_exec("INSERT INTO event_prices VALUES (%d, 'GA', 150000)" % eid)
    return eid


def free_seats(eid, n, category=None):
    """n seats of a seated event nobody holds a ticket for (one category)."""
    cat = category or kt.sql_one("SELECT category FROM seats WHERE venue_id = %s "
                                 "GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1" % THEATRE)
    rows = kt.sql("SELECT s.id FROM seats s WHERE s.venue_id = %s AND s.category = %s AND "
                  "NOT EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = %d AND t.live_seat = s.id) "
                  "ORDER BY s.id LIMIT %d" % (THEATRE, kt.q(cat), eid, n))
    return [int(r[0]) for r in rows]


def buy(token, eid, quantity=None, seats=None):
    body = {"seats": seats} if seats else {"quantity": quantity or 1}
    r = api("POST", "/api/events/%d/purchase/" % eid, token, body)
    if r.status != 201:
        raise RuntimeError("purchase failed: %r" % r)
    return r.json()


def starts_at(eid):
    """The event's start as an aware UTC datetime, from the database."""
    s = kt.sql_one("SELECT DATE_FORMAT(starts_at, '%%Y-%%m-%%d %%H:%%i:%%s') FROM events "
                   "WHERE id = %d" % eid)
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)


def host():
    return re.sub(r"^https?://", "", kt.URL).split(":")[0].split("/")[0]


# ---------------------------------------------------------------- iCalendar

def ics(data):
    """Parses an iCalendar body with python3-icalendar; returns the calendar."""
    import icalendar
    if isinstance(data, kt.Response):
        data = data.body
    return icalendar.Calendar.from_ical(data)


def vevents(cal):
    return [c for c in cal.walk() if c.name == "VEVENT"]


def raw_lines_ok(body):
    """RFC 5545 §3.1: CRLF line ends, no line longer than 75 octets."""
    if not body.endswith(b"\r\n"):
        return False
    lines = body[:-2].split(b"\r\n")
    return all(len(line) <= 75 and b"\n" not in line for line in lines)


# ---------------------------------------------------------------- mail

def parse_mail(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def mails_to(to, subject=None):
    """Parsed messages sent to an address (with that subject), oldest first."""
    out = []
    for path, raw in kt.maildir_messages():
        if ("\nTo: %s\n" % to).encode() not in raw.replace(b"\r\n", b"\n"):
            continue
        m = parse_mail(raw)
        if str(m["To"]).strip().lower() == to.lower() and \
                (subject is None or str(m["Subject"]) == subject):
            out.append((os.path.getmtime(path) if os.path.exists(path) else 0, path, m))
    out.sort(key=lambda x: (x[0], x[1]))
    return [m for _, _, m in out]


def wait_mail(to, subject=None, count=1, timeout=40):
    """The newest of `count` messages to `to` (with that subject), or None."""
    found = kt.wait_until(lambda: (lambda ms: ms if len(ms) >= count else None)(
        mails_to(to, subject)), timeout, 0.2)
    return found[-1] if found else None


def mail_parts(m):
    """(text, html) bodies of a message."""
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


def attachments(m):
    """[(filename, content type, bytes)] of a message's attachments."""
    return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in m.walk() if p.get_filename()]


def subject(lang, key):
    return kt.lang(lang)["Lang.Mail.%s.Subject" % key]


def hup(name):
    """SIGHUP a component (pool or jobs), as `systemctl reload` would."""
    subprocess.run(["kill", "-HUP", str(kt.read_pid(name))], check=True)


def jobs_log_reloads():
    with open(os.path.join(kt.VAR, "log", "jobs.log"), encoding="utf-8", errors="replace") as f:
        return f.read().count("kametay-jobs: reloaded")


def write_local_hdf(text):
    """Sets Paths.Var/local.hdf (read after the main config; None removes it)
    and reloads the pool and the job runner; returns once both run with it.
    Returns what the file held before (None if there was none)."""
    path = os.path.join(kt.VAR, "local.hdf")
    before = jobs_log_reloads()
    old = None
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    if text is None:
        if os.path.exists(path):
            os.unlink(path)
    else:
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
    hup("pool")
    hup("jobs")
    kt.wait_until(lambda: jobs_log_reloads() > before, 15, 0.1)
    time.sleep(1.0)     # the pool's new generation takes over
    return old
