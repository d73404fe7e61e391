"""
What the calendar and notification tests (test_calendar.py, test_gcal.py,
test_notify.py) share beyond kt.py: an event's start, iCalendar parsed with
Debian's python3-icalendar, mail subjects, and reloading the pool and the
job runner with a local.hdf.  Users, visitors, events, purchases and mails
come from kt.py.
"""

import datetime
import os
import re
import subprocess
import time

import kt

TAG = kt.TAG
# these suites wait out an SMTP server that is stopped for a while
kt.MAIL_WAIT = 40


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
