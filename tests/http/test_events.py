"""
Issue 4, the organiser's events and the public listing, against the running
stack: events made through the form (multipart, with the CSRF token) and
through POST /api/events/, drafts hidden until published, the listing's JSON
shape (CONTRACT section 3), date and time fixed once published, every field's
validation (localised message, 422, nothing changed), the venue overlap rule,
who may see what (404 for other organisers, 403 for attendees, CSRF),
co-organisers and door staff, image uploads checked by content, cancelling
with the holders' mails in their languages, the availability rule at the 5 %
edge, the near-capacity alert, clients, the post-event report, the admin's
page, and the public search with its pages.

Users are made in the database with one yescrypt hash from kametay-ctl; the
venues, events and sales go through the pages and the API.  Venues are this
test's own, so its times never meet another suite's events.
"""
import base64
import email
import email.policy
import html
import json
import os
import re
import struct
import subprocess
import sys
import time
import urllib.parse
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

EN, RU, KK = kt.lang("en"), kt.lang("ru"), kt.lang("kk")
TAG = kt.unique("evt")
ZONE = ZoneInfo("Asia/Almaty")        # Site.TimeZone (hdf/defaults.hdf)
UPLOADS = os.path.join(kt.VAR, "uploads", "events")

# A 24 x 16 baseline JPEG (Chromium's canvas encoder made it).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdC"
    "IFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAA"
    "AADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlk"
    "ZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAA"
    "ABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAA"
    "AAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAA"
    "AABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEA"
    "AAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAA"
    "ACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYI"
    "ChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcH"
    "BwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCgoKCj/wAARCAAQABgDASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAcI/8QAIRAAAQIE"
    "BwAAAAAAAAAAAAAAAAECAxETFAQFBhIhQXH/xAAXAQADAQAAAAAAAAAAAAAAAAAABgcI/8QAHhEA"
    "AgICAwEBAAAAAAAAAAAAAAECEQMEEhMxBRT/2gAMAwEAAhEDEQA/AIDqO9fnM6mzmrI9nZJIEkuh"
    "hAxkTBf65vcaDpeafSMybHmRFPO3fh+I0z6i5U0//9k=")


def png(width, height, filler=None):
    """A real PNG (8-bit RGB); filler(y) gives a row's bytes, plain blue by default."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    rows = b"".join(b"\x00" + (filler(y) if filler else b"\x1f\x6f\xeb" * width)
                    for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 0 if filler else 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- people

kt.clear_login_failures()
ORG_A_ID, ORG_A = kt.make_user("aigerim", "organiser")
ORG_B_ID, ORG_B = kt.make_user("bolat", "organiser")
ATT_ID, ATTENDEE = kt.make_user("dana")               # made co-organiser of one event
DOOR_ID, DOOR = kt.make_user("daulet")                 # door staff of that event
ADMIN_ID, ADMIN = kt.make_user("erlan", "admin")
RU_ID, BUYER_RU = kt.make_user("ruslan", lang="ru")
KK_ID, BUYER_KK = kt.make_user("kuanysh", lang="kk")
BUYERS = [kt.make_user("buyer%d" % i) for i in range(3)]
A, B, ATT, DR, ADM = (kt.sign_in(ORG_A), kt.sign_in(ORG_B), kt.sign_in(ATTENDEE), kt.sign_in(DOOR),
                      kt.sign_in(ADMIN))
TOK_A, TOK_B, TOK_ATT = kt.api_token(ORG_A), kt.api_token(ORG_B), kt.api_token(ATTENDEE)
TOK_RU, TOK_KK = kt.api_token(BUYER_RU), kt.api_token(BUYER_KK)
TOK_BUY = [kt.api_token(a) for _, a in BUYERS]
STATE = {}


# ---------------------------------------------------------------- times and forms

def when(days, hour=19, minute=0):
    """A local time `days` from today: (date, time, UTC DATETIME, ISO with offset)."""
    d = (datetime.now(ZONE) + timedelta(days=days)).replace(hour=hour, minute=minute,
                                                             second=0, microsecond=0)
    return (d.strftime("%Y-%m-%d"), d.strftime("%H:%M"),
            d.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"), d.isoformat())


def ev_form(label, days=300, hour=19, minute=0, **over):
    """The event form's fields for a general admission event at a free-text location."""
    date, tm, _, _ = when(days, hour, minute)
    f = {"name": "%s %s" % (TAG, label), "description": "An evening of dombra music.\nBring friends.",
         "date": date, "time": tm, "duration": "120", "venue_id": "", "location": "Abay Square, Almaty",
         "capacity": "100", "price": "2500", "currency": "KZT", "max_per_person": "4",
         "sales_start": "", "sales_end": "", "client_id": "", "action": "draft"}
    seated = over.pop("seated", False)
    f.update({k: v for k, v in over.items()})
    pairs = [(k, v) for k, v in f.items() if v is not None]
    # the page sends the box's 1 (when ticked) and then its hidden 0
    if seated:
        pairs.append(("seated", "1"))
    pairs.append(("seated", "0"))
    return pairs


def create_form(v, label, files=None, csrf=True, **over):
    r = v.upload("/organiser/events", ev_form(label, **over), files, csrf=csrf)
    m = re.match(r"^/organiser/events/(\d+)$", r.header("Location") or "")
    return r, (int(m.group(1)) if m else None)


def edit_pairs(v, eid, **over):
    """The edit form as the page fills it in, with some fields changed."""
    page = v.get("/organiser/events/%d" % eid)
    if page.status != 200:
        raise RuntimeError("edit page of %d: %r" % (eid, page))
    body = page.text
    f = {}
    for name in ("name", "date", "time", "duration", "location", "capacity", "price",
                 "max_per_person", "sales_start", "sales_end"):
        m = re.search(r'<input[^>]*\bname="%s"[^>]*>' % name, body)
        val = re.search(r'\bvalue="([^"]*)"', m.group(0)) if m else None
        f[name] = html.unescape(val.group(1)) if val else ""
    for m in re.finditer(r'<input[^>]*\bname="(price_[^"]+)"[^>]*>', body):
        val = re.search(r'\bvalue="([^"]*)"', m.group(0))
        f[m.group(1)] = html.unescape(val.group(1)) if val else ""
    m = re.search(r'<textarea[^>]*name="description"[^>]*>(.*?)</textarea>', body, re.S)
    f["description"] = html.unescape(m.group(1)) if m else ""
    for sel in ("venue_id", "currency", "client_id"):
        m = re.search(r'<select[^>]*name="%s".*?</select>' % sel, body, re.S)
        o = re.search(r'<option value="([^"]*)" selected>', m.group(0)) if m else None
        f[sel] = html.unescape(o.group(1)) if o else ""
    seated = re.search(r'<input type="checkbox" id="seated"[^>]*\bchecked', body) is not None
    f["action"] = "save"
    seated = over.pop("seated", seated)
    f.update(over)
    pairs = [(k, v) for k, v in f.items() if v is not None]
    if seated:
        pairs.append(("seated", "1"))
    pairs.append(("seated", "0"))
    return pairs


def update(v, eid, files=None, csrf=True, **over):
    return v.upload("/organiser/events/%d" % eid, edit_pairs(v, eid, **over), files, csrf=csrf)


def publish(v, eid, csrf=True):
    return v.submit("/organiser/events/%d/publish" % eid, {}, csrf=csrf)


def event_row(eid, cols="name, REPLACE(description, '\\n', '|'), starts_at, duration_minutes, venue_id, location, "
              "seated, capacity, currency, max_per_person, status, sales_start, sales_end, "
              "client_id, image"):
    rows = kt.sql("SELECT %s FROM events WHERE id = %d" % (cols, eid))
    return rows[0] if rows else None


def prices(eid):
    return dict(kt.sql("SELECT category, price FROM event_prices WHERE event_id = %d" % eid))


def event_count(org_id):
    return int(kt.sql_one("SELECT COUNT(*) FROM events WHERE organiser_id = %d" % org_id))


def field_error(resp, field):
    m = re.search(r'<p class="field-error[^"]*" id="%s-err">(.*?)</p>' % field, resp.text, re.S)
    return html.unescape(m.group(1)).strip() if m else None


def errors_of(resp):
    """Every field error and the form error of a page, for diagnostics."""
    return re.findall(r'class="(?:field-error[^"]*|alert alert-error)"[^>]*>\s*(?:<p>)?([^<]*)', resp.text)


def text_of(resp):
    return kt.page_text(resp)


def visible_text(resp):
    """What a reader sees: tags, scripts and attributes gone."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", resp.text, flags=re.S)
    # the buy box's quantity menu counts 1, 2, ... up to the per-person limit
    body = re.sub(r'<select id="quantity".*?</select>', " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def flash(v, path):
    """The flash a page shows after a redirect."""
    m = re.search(r'class="flash[^"]*"[^>]*>\s*<p>(.*?)</p>', v.get(path).text, re.S)
    return html.unescape(m.group(1)).strip() if m else None


def is_error_page(resp, status, code=None):
    return (resp.status == status and resp.header("Content-Type", "").startswith("text/html")
            and (code is None or EN["Lang.Err." + code] in text_of(resp)))


def is_json_error(resp, status, code=None):
    try:
        body = resp.json()
    except ValueError:
        return False
    return (resp.status == status and resp.header("Content-Type", "").startswith("application/json")
            and isinstance(body.get("error"), str) and isinstance(body.get("message"), str)
            and (code is None or body["error"] == code))


def listed_ids(path, client=None):
    r = (client or kt.Client()).get(path)
    return [e["id"] for e in r.json()["events"]] if r.status == 200 else None


def home_ids(query, client=None):
    r = (client or kt.Client()).get("/?" + urllib.parse.urlencode(query))
    return [int(i) for i in re.findall(r'<h3 class="card-title"><a href="/events/(\d+)"', r.text)]


# ---------------------------------------------------------------- venues

def make_venue(v, name, seated, capacity="", sections=None):
    f = {"name": "%s %s" % (TAG, name), "kind": "hall", "address": "Dostyk Ave 5, Almaty",
         "capacity": capacity, "price": "40000", "status": "active"}
    if seated:
        f["seated"] = "1"
    r = v.submit("/organiser/venues", f)
    m = re.match(r"^/organiser/venues/(\d+)$", r.header("Location") or "")
    if not m:
        raise RuntimeError("venue %s not created: %r" % (name, r))
    vid = int(m.group(1))
    if sections:
        f = {"curve": "0", "aisle": "0", "labels": "numbers"}
        for i, (sname, rows, per_row, cat) in enumerate(sections):
            f.update({"s%d_name" % i: sname, "s%d_rows" % i: str(rows),
                      "s%d_seats" % i: str(per_row), "s%d_category" % i: cat,
                      "s%d_ranges" % i: ""})
        r = v.submit("/organiser/venues/%d/plan/generate" % vid, f)
        if r.status != 303:
            raise RuntimeError("plan of %s not generated: %r" % (name, r))
    return vid


# A hall with a plan (categories A and B), a general admission hall of 500,
# a seated hall with no plan yet, and another organiser's hall.
HALL = make_venue(A, "Hall", True, sections=[("Stalls", 4, 10, "A"), ("Balcony", 2, 10, "B")])
CLUB = make_venue(A, "Club", False, capacity="500")
BARE = make_venue(A, "Bare", True)
B_HALL = make_venue(B, "Other", False, capacity="300")
# Venues are the city's directory (issue 12): another organiser's active
# venue may be chosen; an inactive one may not.
B_OFF = make_venue(B, "Closed", False, capacity="300")
kt.sql_exec("UPDATE venues SET status = 'inactive' WHERE id = %d" % B_OFF)
HALL_SEATS = int(kt.sql_one("SELECT COUNT(*) FROM seats WHERE venue_id = %d" % HALL))


# ---------------------------------------------------------------- sections

def create_and_publish(t):
    # general admission through the form, as a draft
    before = event_count(ORG_A_ID)
    date, tm, utc, iso = when(200, 19, 30)
    r, ga = create_form(A, "Dombra night", venue_id=str(CLUB), location="", capacity="150",
                        price="2 500.50", max_per_person="1", days=200, hour=19, minute=30)
    t.ok(r.status == 303 and ga, "form: a general admission draft is created (303 to its page)",
         repr(r))
    if not ga:
        return
    STATE["ga"] = ga
    row = event_row(ga)
    t.eq(row[2:11], [utc, "120", str(CLUB), None, "0", "150", "KZT", "1", "draft"],
         "stored: 19:30 Almaty as UTC, the venue, general admission of 150, max 1 per person, draft")
    t.eq(prices(ga), {"GA": "250050"}, "the price 2 500.50 tenge is 250050 minor units")
    t.eq(event_count(ORG_A_ID), before + 1, "exactly one event was added")
    t.eq(flash(A, "/organiser/events/%d" % ga), EN["Lang.Flash.event_saved"],
         "the event page says it was saved")

    # seated through the form, published at once, a price per category
    r, seated = create_form(A, "Seated concert", venue_id=str(HALL), location="", seated=True,
                            capacity="", price="", price_A="8000", price_B="4000",
                            currency="USD", action="publish", days=201)
    t.ok(r.status == 303 and seated, "form: a seated event on a venue with a plan is created", repr(r))
    if not seated:
        return
    STATE["seated"] = seated
    row = event_row(seated)
    t.eq((row[4], row[6], row[7], row[8], row[10]), (str(HALL), "1", str(HALL_SEATS), "USD", "published"),
         "stored: seated on the hall, capacity = its %d seats, USD, published" % HALL_SEATS)
    t.eq(prices(seated), {"A": "800000", "B": "400000"}, "a price for each of the plan's categories")
    t.eq(flash(A, "/organiser/events/%d" % seated), EN["Lang.Flash.event_published"],
         "the flash says it is published")

    # the API: a draft, and a seated event published at once
    date, tm, utc, iso = when(202, 18, 0)
    r = kt.api("POST", "/api/events/", TOK_A, {
        "name": "%s API draft" % TAG, "description": "Made by a script", "starts_at": iso,
        "duration_minutes": 90, "location": "Medeu", "capacity": 80, "price": 300000,
        "draft": True})
    body = r.json() if r.status == 201 else {}
    t.ok(r.status == 201 and body.get("status") == "draft" and body.get("id"),
         "API: 201 and a draft", repr(r))
    STATE["api_draft"] = body.get("id")
    if body.get("id"):
        t.eq(event_row(body["id"])[2:4] + event_row(body["id"])[5:8],
             [utc, "90", "Medeu", "0", "80"], "API draft stored: UTC time, 90 min, location, capacity")
        t.eq(body.get("starts_at"), iso, "API answers the time in the site's zone with its offset")
    date, tm, utc, iso = when(203, 20, 0)
    r = kt.api("POST", "/api/events/", TOK_A, {
        "name": "%s API seated" % TAG, "description": "", "starts_at": iso,
        "duration_minutes": 60, "venue_id": HALL, "prices": {"A": 500000, "B": 250000},
        "currency": "KZT"})
    body = r.json() if r.status == 201 else {}
    t.ok(r.status == 201 and body.get("status") == "published" and body.get("seated") is True
         and body.get("price_from") == 250000,
         "API: a seated event on the hall is published at once, price_from the cheapest category",
         repr(r))
    if body.get("id"):
        STATE["api_seated"] = body["id"]
        t.eq(prices(body["id"]), {"A": "500000", "B": "250000"}, "API: the category prices stored")
        t.eq(event_row(body["id"])[7], str(HALL_SEATS), "API: capacity is the plan's seat count")


def drafts_hidden(t):
    ga = STATE.get("ga")
    if not ga:
        t.skip("drafts", "no event")
        return
    q = {"q": TAG + " Dombra"}
    t.ok(ga not in listed_ids("/api/events/?" + urllib.parse.urlencode(q)),
         "a draft is not in GET /api/events/")
    t.ok(ga not in home_ids(q), "a draft is not on /")
    t.ok(is_error_page(kt.get("/events/%d" % ga), 404), "a draft's /events/{id} is 404")
    t.ok(is_json_error(kt.get("/api/events/%d/" % ga), 404), "a draft's /api/events/{id}/ is 404 JSON")
    t.ok(ga not in listed_ids("/api/events/?q=" + urllib.parse.quote(TAG), A),
         "not even its organiser sees the draft in the public listing")

    r = publish(A, ga)
    t.ok(r.status == 303 and event_row(ga)[10] == "published", "publish: 303 and published", repr(r))
    t.eq(flash(A, "/organiser/events/%d" % ga), EN["Lang.Flash.event_published"], "publish flash")
    r = kt.get("/api/events/?" + urllib.parse.urlencode(q))
    evs = [e for e in r.json()["events"] if e["id"] == ga]
    t.ok(len(evs) == 1, "published: in GET /api/events/?q=")
    if not evs:
        return
    e = evs[0]
    _, _, _, iso = when(200, 19, 30)
    t.eq(sorted(e), sorted(["id", "name", "description", "starts_at", "duration_minutes", "venue",
                            "price_from", "currency", "seated", "availability", "status",
                            "price_text"]),
         "the listing's fields are the contract's (and status, and issue 13's price_text)")
    t.eq((e["name"], e["starts_at"], e["duration_minutes"], e["price_from"], e["currency"],
          e["seated"], e["availability"]),
         (TAG + " Dombra night", iso, 120, 250050, "KZT", False, "available"),
         "the values: name, ISO time with offset, minutes, price in minor units, KZT, "
         "general admission, available")
    t.eq(e["venue"], {"id": CLUB, "name": TAG + " Club", "address": "Dostyk Ave 5, Almaty"},
         "venue: {id, name, address}")
    t.ok(e["description"].startswith("An evening of dombra music."), "the description")
    one = kt.get("/api/events/%d/" % ga)
    t.ok(one.status == 200 and one.json() == e, "GET /api/events/{id}/ answers the same object")
    t.ok(ga in home_ids(q), "published: listed on /")
    page = kt.get("/events/%d" % ga)
    txt = text_of(page)
    t.ok(page.status == 200 and TAG + " Dombra night" in txt and when(200, 19, 30)[0][8:10] + "." in txt
         and "19:30" in txt and "Dostyk Ave 5, Almaty" in txt and "openstreetmap.org" in page.text
         and "2\u202f500.50" in txt,
         "/events/{id}: name, local date and 19:30, address, map link, price")
    t.ok("2 " + EN["Lang.Event.hours"] in visible_text(page), "/events/{id}: the duration, 2 h")
    # the API-made seated event is listed at once; the draft is not
    t.ok(STATE.get("api_seated") in listed_ids("/api/events/?q=" + urllib.parse.quote(TAG + " API")) and
         STATE.get("api_draft") not in listed_ids("/api/events/?q=" + urllib.parse.quote(TAG + " API")),
         "API: published at once is listed, its draft is not")


def published_edit(t):
    ga = STATE.get("ga")
    if not ga:
        t.skip("published edit", "no event")
        return
    before = event_row(ga)
    later = when(205, 19, 30)
    r = update(A, ga, date=later[0])
    t.ok(r.status == 422 and field_error(r, "date") == EN["Lang.Err.date_locked"],
         "published: another date is refused with the message to cancel and create anew",
         lambda: (r.status, field_error(r, "date")))
    r2 = update(A, ga, time="21:00")
    t.ok(r2.status == 422 and field_error(r2, "date") == EN["Lang.Err.date_locked"],
         "published: another time is refused the same way")
    t.eq(event_row(ga), before, "... and nothing changed")
    page = A.get("/organiser/events/%d" % ga)
    t.ok(EN["Lang.OrgEv.date_locked_note"] in text_of(page) and
         re.search(r'<input type="date"[^>]*readonly', page.text),
         "the edit page says so and shows the date read-only")
    r = update(A, ga, name=TAG + " Dombra night (new hall)", description="Moved upstairs.",
               price="3000", duration="150", max_per_person="2", currency="EUR")
    t.ok(r.status == 303, "published: name, description, price, duration, limit, currency can change",
         repr(r))
    row = event_row(ga)
    t.eq((row[0], row[1], row[2], row[3], row[8], row[9]),
         (TAG + " Dombra night (new hall)", "Moved upstairs.", before[2], "150", "EUR", "2"),
         "stored, with the same start")
    t.eq(prices(ga), {"GA": "300000"}, "the new price")
    r = update(A, ga)
    t.ok(r.status == 303, "saving the form unchanged is fine (nothing to update is no error)",
         lambda: (r.status, errors_of(r)))

    # an event under way: its start is past, other fields stay checked
    r, eid = create_form(A, "Under way", days=206, action="publish")
    if not eid:
        return
    kt.sql_exec("UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 10 MINUTE WHERE id = %d" % eid)
    before = event_row(eid)
    r = update(A, eid, duration="abc")
    t.ok(r.status == 422 and field_error(r, "duration") == EN["Lang.Err.duration_invalid"]
         and field_error(r, "date") is None,
         "an event under way: a bad duration is still refused (and its past start is no error)",
         lambda: (r.status, errors_of(r)))
    t.eq(event_row(eid), before, "... nothing changed")
    r = update(A, eid, name="")
    t.ok(r.status == 422 and field_error(r, "name") == EN["Lang.Err.required"]
         and field_error(r, "date") is None, "an empty name: only the name's message")
    r = update(A, eid, description="Doors closed.")
    t.ok(r.status == 303 and event_row(eid)[1] == "Doors closed.", "a good edit is saved", repr(r))


def validation(t):
    """Each bad field on the create form: 422, its message, nothing stored."""
    past = when(-1, 10, 0)
    cases = [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": "n" * 201}, "name", "too_long"),
        ({"description": "d" * 5001}, "description", "too_long"),
        ({"location": "l" * 301}, "location", "too_long"),
        ({"location": ""}, "venue_id", "venue_or_location"),
        ({"date": ""}, "date", "required"),
        ({"time": ""}, "time", "required"),
        ({"date": "2031-02-30"}, "date", "datetime_invalid"),
        ({"time": "25:00"}, "date", "datetime_invalid"),
        ({"date": past[0], "time": past[1]}, "date", "in_past"),
        ({"duration": "0"}, "duration", "duration_invalid"),
        ({"duration": "90.5"}, "duration", "duration_invalid"),
        ({"duration": "10081"}, "duration", "duration_invalid"),
        ({"duration": ""}, "duration", "required"),
        ({"capacity": ""}, "capacity", "required"),
        ({"capacity": "0"}, "capacity", "capacity_invalid"),
        ({"capacity": "many"}, "capacity", "capacity_invalid"),
        ({"capacity": "1000001"}, "capacity", "capacity_invalid"),
        ({"max_per_person": "0"}, "max_per_person", "max_per_person_invalid"),
        ({"max_per_person": "51"}, "max_per_person", "max_per_person_invalid"),
        ({"currency": "BTC"}, "currency", "currency_invalid"),
        ({"price": ""}, "price", "price_missing"),
        ({"price": "-5"}, "price", "price_invalid"),
        ({"price": "12.345"}, "price", "price_invalid"),
        ({"price": "free"}, "price", "price_invalid"),
        ({"sales_start": when(100)[0] + "T10:00", "sales_end": when(90)[0] + "T10:00"},
         "sales_end", "sales_window_invalid"),
        ({"sales_end": when(302)[0] + "T10:00"}, "sales_end", "sales_after_start"),
        ({"sales_start": "tomorrow"}, "sales_start", "datetime_invalid"),
        ({"venue_id": str(BARE), "location": "", "seated": True, "capacity": ""},
         "seated", "venue_not_seated"),
        ({"venue_id": str(CLUB), "location": "", "seated": True}, "seated", "venue_not_seated"),
        ({"venue_id": str(HALL), "location": "", "seated": True, "price": "", "price_A": "5000"},
         "price", "price_missing"),
        ({"venue_id": str(HALL), "location": "", "seated": True, "price_A": "5000", "price_B": "x"},
         "price", "price_invalid"),
        ({"venue_id": str(CLUB), "location": "", "capacity": "501"}, "capacity", "capacity_over_venue"),
        ({"venue_id": str(B_OFF), "location": ""}, "venue_id", "venue_invalid"),
        ({"venue_id": "999999999", "location": ""}, "venue_id", "venue_invalid"),
        ({"client_id": "abc"}, "client_id", "client_invalid"),
    ]
    before = event_count(ORG_A_ID)
    for over, field, code in cases:
        r, eid = create_form(A, "Bad", days=301, **over)
        got = field_error(r, field)
        t.ok(r.status == 422 and eid is None and got == EN["Lang.Err." + code],
             "create with %s: 422 and the %s field says %s" % (
                 ", ".join("%s=%.20r" % kv for kv in over.items()), field, code),
             lambda: (r.status, got, re.findall(r'field-error[^>]*>([^<]*)', r.text)))
    t.eq(event_count(ORG_A_ID), before, "none of the %d bad forms stored an event" % len(cases))
    r, _ = create_form(A, "Kept", days=301, capacity="0")
    t.ok('value="%s Kept"' % TAG in r.text and "An evening of dombra music." in r.text,
         "the form keeps what was typed")
    r, _ = create_form(A, "Kept", days=301, venue_id=str(HALL), location="", seated=True,
                       price_A="5000", price_B="x")
    t.ok('name="price_A" value="5000"' in r.text, "... the typed category prices too")

    # the same mistakes in Russian and in Kazakh
    for lang, strings in (("ru", RU), ("kk", KK)):
        v = kt.sign_in(ORG_A, lang)
        r, _ = create_form(v, "Bad", days=301, date=past[0], time=past[1])
        t.ok(r.status == 422 and field_error(r, "date") == strings["Lang.Err.in_past"]
             and strings["Lang.Err.in_past"] != EN["Lang.Err.in_past"],
             "%s: a time in the past is refused in %s" % (lang, lang), lambda: field_error(r, "date"))
        r, _ = create_form(v, "Bad", days=301, capacity="0")
        t.ok(r.status == 422 and field_error(r, "capacity") == strings["Lang.Err.capacity_invalid"],
             "%s: a bad capacity in %s" % (lang, lang))

    # the API: the same rules, 422 JSON with a message per field
    _, _, _, iso = when(302)
    good = {"name": TAG + " API bad", "description": "", "starts_at": iso, "duration_minutes": 60,
            "location": "Kok-Tobe", "capacity": 50, "price": 100000}
    api_cases = [
        ({"name": ""}, "name", "required"),
        ({"starts_at": when(-2)[3]}, "starts_at", "in_past"),
        ({"starts_at": "next Friday"}, "starts_at", "datetime_invalid"),
        ({"starts_at": None}, "starts_at", "required"),
        ({"duration_minutes": 0}, "duration_minutes", "duration_invalid"),
        ({"capacity": 0}, "capacity", "capacity_invalid"),
        ({"price": -1}, "price", "price_invalid"),
        ({"price": "100"}, "price", "price_invalid"),
        ({"currency": "XYZ"}, "currency", "currency_invalid"),
        ({"max_per_person": 99}, "max_per_person", "max_per_person_invalid"),
        ({"venue_id": BARE, "location": None, "seated": True}, "seated", "venue_not_seated"),
        ({"venue_id": HALL, "location": None, "price": None, "prices": {"A": 1000}}, "price",
         "price_missing"),
        ({"venue_id": CLUB, "location": None, "capacity": 900}, "capacity", "capacity_over_venue"),
    ]
    for over, field, code in api_cases:
        body = dict(good)
        body.update(over)
        body = {k: v for k, v in body.items() if v is not None}
        r = kt.api("POST", "/api/events/", TOK_A, body)
        ok = is_json_error(r, 422, "invalid") and r.json().get("fields", {}).get(field) == EN["Lang.Err." + code]
        t.ok(ok, "API with %s: 422 and fields.%s says %s" % (
            ", ".join("%s=%.20r" % kv for kv in over.items()), field, code), repr(r))
    r = kt.api("POST", "/api/events/", TOK_A, dict(good, price=-1), lang="ru")
    t.ok(is_json_error(r, 422) and r.json()["message"] == "price: " + RU["Lang.Err.price_invalid"],
         "API: the message follows Accept-Language (ru)", repr(r))
    t.eq(event_count(ORG_A_ID), before, "no bad API request stored an event")

    # capacity below the tickets already sold, on an existing event
    r, eid = create_form(A, "Small hall", days=303, capacity="10", action="publish")
    if not eid:
        t.ok(False, "the capacity event was created", repr(r))
        return
    kt.buy_codes(TOK_BUY[0], eid, 4)
    before = event_row(eid)
    r = update(A, eid, capacity="3")
    t.ok(r.status == 422 and field_error(r, "capacity") == EN["Lang.Err.capacity_min"].replace("{n}", "4"),
         "capacity 3 with 4 tickets sold: 422 and its message naming the minimum", lambda: (r.status, field_error(r, "capacity")))
    t.eq(event_row(eid), before, "... nothing changed")
    r = update(A, eid, capacity="4")
    t.ok(r.status == 303 and event_row(eid)[7] == "4", "capacity 4 = sold is accepted", repr(r))
    r = update(A, eid, name="")
    t.ok(r.status == 422 and field_error(r, "name") == EN["Lang.Err.required"]
         and event_row(eid)[0] == TAG + " Small hall", "edit: an empty name is refused, nothing changed")


def overlap(t):
    r, first = create_form(A, "Opening gala", venue_id=str(CLUB), location="", days=310, hour=19,
                           duration="120", action="publish")
    t.ok(r.status == 303 and first, "an event in the club 19:00-21:00", repr(r))
    if not first:
        return
    date = when(310)[0]
    expect = "%s «%s», %s.%s.%s 19:00" % (EN["Lang.Err.venue_busy"], TAG + " Opening gala",
                                          date[8:10], date[5:7], date[0:4])
    before = event_count(ORG_A_ID)
    r, eid = create_form(A, "Late show", venue_id=str(CLUB), location="", days=310, hour=20,
                         minute=30, duration="60")
    t.ok(r.status == 409 and eid is None and field_error(r, "date") == expect,
         "20:30 the same evening in the same venue: 409 naming the other event and its time",
         lambda: (r.status, field_error(r, "date"), expect))
    r, eid = create_form(A, "Matinee", venue_id=str(CLUB), location="", days=310, hour=17,
                         minute=30, duration="120")
    t.ok(r.status == 409 and field_error(r, "date") == expect,
         "17:30-19:30 runs into it: refused too")
    t.eq(event_count(ORG_A_ID), before, "neither was stored")
    _, _, _, iso = when(310, 20, 0)
    r = kt.api("POST", "/api/events/", TOK_A, {"name": TAG + " API clash", "description": "",
                                            "starts_at": iso, "duration_minutes": 30,
                                            "venue_id": CLUB, "capacity": 10, "price": 0})
    t.ok(is_json_error(r, 409) and r.json()["error"] == "venue_busy"
         and r.json()["message"] == expect and r.json()["fields"].get("starts_at") == expect,
         "API: 409 venue_busy whose message names the other event", repr(r))
    ru = kt.sign_in(ORG_A, "ru")
    r, _ = create_form(ru, "Late show", venue_id=str(CLUB), location="", days=310, hour=20)
    t.ok(r.status == 409 and field_error(r, "date").startswith(RU["Lang.Err.venue_busy"])
         and TAG + " Opening gala" in field_error(r, "date"), "in Russian too")
    r, after = create_form(A, "After party", venue_id=str(CLUB), location="", days=310, hour=21,
                           duration="60")
    t.ok(r.status == 303 and after, "21:00, when the gala ends, is free", repr(r))
    r, other = create_form(A, "Elsewhere", venue_id=str(HALL), location="", seated=True,
                           price_A="1", price_B="1", days=310, hour=19)
    t.ok(r.status == 303 and other, "the same time in another venue is free", repr(r))
    r, loc = create_form(A, "Street", days=310, hour=19)
    t.ok(r.status == 303 and loc, "the same time at a free-text location is free", repr(r))
    # moving a draft onto the gala is refused; the gala itself may be saved as it is
    if after:
        r = update(A, after, time="20:00")
        t.ok(r.status == 409 and field_error(r, "date") == expect,
             "editing a draft onto the gala's time is refused (409)")
    r = update(A, first, description="Black tie.")
    t.ok(r.status == 303, "the gala does not clash with itself when edited", repr(r))
    # a cancelled event frees its venue
    r = A.submit("/organiser/events/%d/cancel" % first, {"confirm": "1"})
    r, eid = create_form(A, "Late show", venue_id=str(CLUB), location="", days=310, hour=20,
                         minute=30, duration="30")
    t.ok(r.status == 303 and eid, "once the gala is cancelled, its time is free again", repr(r))


def access(t):
    ga = STATE.get("ga")
    if not ga:
        t.skip("access", "no event")
        return
    before = event_row(ga)
    for method, path in (("GET", "/organiser/events/{id}"), ("POST", "/organiser/events/{id}"),
                         ("POST", "/organiser/events/{id}/publish"),
                         ("GET", "/organiser/events/{id}/cancel"), ("POST", "/organiser/events/{id}/cancel"),
                         ("GET", "/organiser/events/{id}/report"), ("POST", "/organiser/events/{id}/report"),
                         ("POST", "/organiser/events/{id}/staff"),
                         ("POST", "/organiser/events/{id}/staff/{owner}/remove"),
                         ("GET", "/organiser/events/{id}/checkin")):
        p = path.format(id=ga, owner=ORG_A_ID)
        if method == "GET":
            r = B.get(p)
        else:
            r = B.upload(p, [("name", "Stolen"), ("confirm", "1"), ("summary", "x"),
                             ("staff_email", ORG_B), ("staff_role", "organiser")])
        t.ok(is_error_page(r, 404), "another organiser: %s %s is 404" % (method, path), repr(r))
    r = kt.api("POST", "/api/events/%d/cancel/" % ga, TOK_B)
    t.ok(is_json_error(r, 404), "another organiser: POST /api/events/{id}/cancel/ is 404 JSON", repr(r))
    t.eq(event_row(ga), before, "the event did not change")
    t.ok(ga not in [int(i) for i in re.findall(r'href="/organiser/events/(\d+)"', B.get("/organiser/events").text)],
         "it is not in the other organiser's list")
    # a plain attendee
    for path in ("/organiser/events/new", "/organiser/clients", "/organiser/venues", "/admin/events"):
        t.ok(is_error_page(ATT.get(path), 403), "attendee: GET %s is 403" % path)
    before_n = int(kt.sql_one("SELECT COUNT(*) FROM events"))
    r, _ = create_form(ATT, "Attendee's own", days=320)
    t.ok(is_error_page(r, 403), "attendee: POST /organiser/events is 403")
    r = kt.api("POST", "/api/events/", TOK_ATT, {"name": "x", "starts_at": when(320)[3],
                                               "duration_minutes": 60, "location": "x",
                                               "capacity": 5, "price": 0})
    t.ok(is_json_error(r, 403), "attendee: POST /api/events/ is 403 JSON", repr(r))
    t.eq(int(kt.sql_one("SELECT COUNT(*) FROM events")), before_n, "no event was made")
    t.ok(is_error_page(ATT.get("/organiser/events/%d" % ga), 404),
         "attendee: an event's management page is 404 like any stranger's")
    r = kt.Client().get("/organiser/events/new")
    t.ok(r.status == 302 and (r.header("Location") or "").startswith("/login?next="),
         "anonymous: sent to sign in")
    r = kt.api("POST", "/api/events/", None, {"name": "x"})
    t.ok(is_json_error(r, 401), "API without a token: 401 JSON")

    # CSRF: a form without the token, or with another's, changes nothing
    n = event_count(ORG_A_ID)
    r, _ = create_form(A, "No token", csrf=False, days=321)
    t.ok(is_error_page(r, 403, "csrf"), "create without the CSRF token: 403 with the message")
    r, _ = create_form(A, "Wrong token", csrf="x" * 43, days=321)
    t.ok(is_error_page(r, 403, "csrf"), "create with a wrong CSRF token: 403")
    t.eq(event_count(ORG_A_ID), n, "... and nothing was created")
    r = update(A, ga, csrf=False, name="No token")
    t.ok(is_error_page(r, 403, "csrf") and event_row(ga)[0] == before[0], "edit without the token: 403, unchanged")
    draft = STATE.get("api_draft")
    if draft:
        r = publish(A, draft, csrf=False)
        t.ok(is_error_page(r, 403, "csrf") and event_row(draft)[10] == "draft",
             "publish without the token: 403, still a draft")
    r = A.submit("/organiser/events/%d/cancel" % ga, {"confirm": "1"}, csrf=False)
    t.ok(is_error_page(r, 403, "csrf") and event_row(ga)[10] == "published",
         "cancel without the token: 403, still published")
    r = A.submit("/organiser/events/%d/staff" % ga, {"staff_email": DOOR, "staff_role": "door"}, csrf=False)
    t.ok(is_error_page(r, 403, "csrf") and kt.sql_one(
        "SELECT COUNT(*) FROM event_staff WHERE event_id = %d" % ga) == "0",
        "staff without the token: 403, nobody added")
    r = A.submit("/organiser/clients", {"name": TAG + " No token"}, csrf=False)
    t.ok(is_error_page(r, 403, "csrf") and kt.sql_one(
        "SELECT COUNT(*) FROM clients WHERE name = %s" % kt.q(TAG + " No token")) == "0",
        "client without the token: 403, none stored")


def staff(t):
    r, mine = create_form(A, "Team event", days=330, action="publish")
    r2, other = create_form(A, "Owner only", days=331, action="publish")
    if not (mine and other):
        t.ok(False, "the staff events were created", (r, r2))
        return
    STATE["team"] = mine
    r = A.submit("/organiser/events/%d/staff" % mine, {"staff_email": ATTENDEE.upper(),
                                                       "staff_role": "organiser"})
    t.ok(r.status == 303 and kt.sql("SELECT role FROM event_staff WHERE event_id = %d AND user_id = %d"
                                    % (mine, ATT_ID)) == [["organiser"]],
         "the owner adds an attendee as co-organiser by email (any case)", repr(r))
    r = A.submit("/organiser/events/%d/staff" % mine, {"staff_email": DOOR, "staff_role": "door"})
    t.ok(r.status == 303, "... and another as door staff")
    page = A.get("/organiser/events/%d" % mine)
    t.ok(ATTENDEE in page.text and DOOR in page.text, "the event page lists the team")
    # an address without an account is invited like any other (issue 11.6: no enumeration)
    r = A.submit("/organiser/events/%d/staff" % mine, {"staff_email": TAG + "-nobody@events.test",
                                                       "staff_role": "door"})
    t.ok(r.status == 303 and kt.sql_one("SELECT COUNT(*) FROM staff_invites WHERE event_id = %d"
                                        % mine) == "1",
         "staff: an address without an account: 303 and an invitation, as for any address", repr(r))
    for email_, code in ((ORG_A, "staff_owner"),
                         ("not an address", "email_invalid")):
        r = A.submit("/organiser/events/%d/staff" % mine, {"staff_email": email_, "staff_role": "door"})
        t.ok(r.status == 422 and field_error(r, "staff_email") == EN["Lang.Err." + code],
             "staff %r: 422 %s" % (email_, code), lambda: (r.status, field_error(r, "staff_email")))
    r = A.submit("/organiser/events/%d/staff" % mine, {"staff_email": BUYER_RU, "staff_role": "boss"})
    t.ok(r.status == 422 and field_error(r, "staff_role") == EN["Lang.Err.role_invalid"],
         "an unknown role: 422")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM event_staff WHERE event_id = %d" % mine), "2",
         "only the two were added")

    # the co-organiser: that event, nothing else
    kt.sql_exec("INSERT INTO clients (organiser_id, name) SELECT id, %s FROM users WHERE email = %s"
                % (kt.q(TAG + " owner's client"), kt.q(ORG_A)))
    cid = kt.sql_one("SELECT id FROM clients WHERE name = %s" % kt.q(TAG + " owner's client"))
    kt.sql_exec("UPDATE events SET client_id = %s WHERE id = %d" % (cid, mine))
    t.eq(ATT.get("/organiser/events/%d" % mine).status, 200, "co-organiser: the event's page is 200")
    r = update(ATT, mine, description="Edited by the co-organiser")
    t.ok(r.status == 303 and event_row(mine)[1] == "Edited by the co-organiser",
         "co-organiser: can edit it", repr(r))
    t.eq(kt.sql_one("SELECT client_id FROM events WHERE id = %d" % mine), cid,
         "co-organiser: saving keeps the owner's client linked (the form offers the owner's clients)")
    t.eq(ATT.get("/organiser/events/%d/report" % mine).status, 200, "co-organiser: its report page")
    t.eq(ATT.get("/organiser/events/%d/cancel" % mine).status, 200, "co-organiser: its cancel page")
    ids = [int(i) for i in re.findall(r'href="/organiser/events/(\d+)"', ATT.get("/organiser/events").text)]
    t.ok(mine in ids and other not in ids, "co-organiser: their list has that event only", ids)
    t.ok(is_error_page(ATT.get("/organiser/events/%d" % other), 404),
         "co-organiser: the owner's other event is 404")
    r = ATT.upload("/organiser/events/%d" % other, edit_pairs(A, other, name="Hijacked"))
    t.ok(is_error_page(r, 404) and event_row(other)[0] == TAG + " Owner only",
         "co-organiser: editing the other event is 404, unchanged")
    r = kt.api("POST", "/api/events/%d/cancel/" % other, TOK_ATT)
    t.ok(is_json_error(r, 404) and event_row(other)[10] == "published",
         "co-organiser: cancelling the other event by API is 404")
    t.ok(is_error_page(ATT.get("/organiser/events/new"), 403), "co-organiser: new events are 403 (not an organiser)")
    r, _ = create_form(ATT, "Co-organiser's own", days=332)
    t.ok(is_error_page(r, 403), "co-organiser: POST /organiser/events is 403")
    t.ok(is_error_page(ATT.get("/organiser/venues"), 403), "co-organiser: venues are 403")

    # door staff: check-in only
    for path in ("/organiser/events/%d", "/organiser/events/%d/cancel", "/organiser/events/%d/report"):
        t.ok(is_error_page(DR.get(path % mine), 404), "door staff: GET %s is 404" % path.replace("%d", "{id}"))
    r = DR.upload("/organiser/events/%d" % mine, edit_pairs(A, mine, name="Door's"))
    t.ok(is_error_page(r, 404) and event_row(mine)[0] == TAG + " Team event", "door staff: cannot edit (404)")
    t.eq(DR.get("/organiser/events/%d/checkin" % mine).status, 200, "door staff: the check-in page is 200")
    code = kt.buy_codes(TOK_BUY[1], mine, 1)[0]
    r = DR.submit("/organiser/events/%d/checkin" % mine, {"code": code})
    t.ok(r.status == 200 and kt.sql_one("SELECT status FROM tickets WHERE code = %s" % kt.q(code)) == "used",
         "door staff: a scan checks the ticket in", repr(r))
    t.ok(is_error_page(DR.get("/organiser/events/%d/checkin" % other), 404),
         "door staff: another event's check-in is 404")

    # removing the co-organiser takes the rights away
    r = A.submit("/organiser/events/%d/staff/%d/remove" % (mine, ATT_ID), {})
    t.ok(r.status == 303 and is_error_page(ATT.get("/organiser/events/%d" % mine), 404),
         "once removed, the event is 404 for them")
    A.submit("/organiser/events/%d/staff" % mine, {"staff_email": ATTENDEE, "staff_role": "organiser"})


def images(t):
    ga = STATE.get("ga")
    if not ga:
        t.skip("images", "no event")
        return

    def stored():
        try:
            return sorted(os.listdir(UPLOADS))
        except FileNotFoundError:
            return []

    before = stored()
    pic = png(40, 30)
    r = update(A, ga, files={"image": ("poster.png", pic, "image/png")})
    name = event_row(ga)[14]
    t.ok(r.status == 303 and name and re.match(r"^%d-[A-Za-z0-9_-]+\.png$" % ga, name or ""),
         "a real PNG is accepted and stored under a fresh name", lambda: (r.status, errors_of(r), name))
    if name:
        got = kt.get("/uploads/events/" + name)
        t.ok(got.status == 200 and got.header("Content-Type") == "image/png" and got.body == pic,
             "nginx serves it at /uploads/events/… as image/png, byte for byte", repr(got))
        t.ok(got.header("X-Content-Type-Options") == "nosniff", "... with nosniff")
        t.ok('src="/uploads/events/%s"' % name in kt.get("/events/%d" % ga).text,
             "the public event page shows it")
    r = update(A, ga, files={"image": ("photo.jpeg", JPEG, "image/jpeg")})
    jname = event_row(ga)[14]
    t.ok(r.status == 303 and jname and jname.endswith(".jpg") and jname != name,
         "a real JPEG is accepted, under a new name", (r, jname))
    if jname:
        got = kt.get("/uploads/events/" + jname)
        t.ok(got.status == 200 and got.header("Content-Type") == "image/jpeg" and got.body == JPEG,
             "nginx serves it as image/jpeg", repr(got))
    files_now = stored()

    fakes = [("notes.png", b"This is not a picture, only text.\n" * 20, "image/png"),
             ("notes.jpg", b"Plain words in a file called .jpg\n" * 20, "image/jpeg"),
             ("magic.png", b"\x89PNG\r\n\x1a\n" + b"then nothing real" * 10, "image/png"),
             ("cut.png", pic[:40], "image/png"),
             ("soi.jpg", b"\xff\xd8\xff\xe0" + b"text" * 50 + b"\xff\xd9", "image/jpeg"),
             ("empty.png", b"", "image/png")]
    for fname, content, ctype in fakes:
        r = update(A, ga, files={"image": (fname, content, ctype)})
        t.ok(r.status == 422 and field_error(r, "image") == EN["Lang.Err.image_invalid"]
             and event_row(ga)[14] == jname,
             "%s (%s): refused with the message, the image unchanged" % (fname, "empty" if not content else
                                                                       "%d bytes" % len(content)),
             lambda: (r.status, field_error(r, "image")))
    big = png(1200, 640, lambda y: os.urandom(3600))
    r = update(A, ga, files={"image": ("huge.png", big, "image/png")})
    t.ok(len(big) > 2 * 1024 * 1024 and r.status == 422
         and field_error(r, "image") == EN["Lang.Err.image_too_large"],
         "a real PNG of %.1f MB is refused: at most 2 MB" % (len(big) / 1048576.0),
         lambda: (r.status, field_error(r, "image")))
    t.eq(stored(), files_now, "none of the refused files was stored")
    # a new event with a bad image: the event is made, the image refused, and it says so
    r, eid = create_form(A, "Bad poster", days=340,
                         files={"image": ("poster.jpg", b"<html>not an image</html>", "image/jpeg")})
    t.ok(r.status == 303 and eid and event_row(eid)[14] is None and stored() == files_now,
         "create with a text file as image: the event is saved without it", repr(r))
    if eid:
        t.eq(flash(A, "/organiser/events/%d" % eid), EN["Lang.Flash.event_saved_image_refused"],
             "... and the flash says the image was not accepted")
    r, eid = create_form(A, "Good poster", days=341, files={"image": ("p.png", png(8, 8), "image/png")})
    t.ok(r.status == 303 and eid and (event_row(eid)[14] or "").endswith(".png"),
         "create with a PNG stores it at once")
    t.ok(len(stored()) == len(before) + 3, "three images stored in all (two on one event, one new)",
         (before, stored()))

    # a browser sends the file field even when no file is chosen: a part with no name and no bytes
    nofile = {"image": ("", b"", "application/octet-stream")}
    r, eid = create_form(A, "No poster", days=342, files=nofile)
    t.ok(r.status == 303 and eid and event_row(eid)[14] is None, "create with no file chosen: saved", repr(r))
    if eid:
        t.eq(flash(A, "/organiser/events/%d" % eid), EN["Lang.Flash.event_saved"],
             "... and the flash says saved, not that an image was refused")
        r = update(A, eid, files=nofile, description="Still no poster")
        t.ok(r.status == 303 and event_row(eid)[1] == "Still no poster",
             "an edit with no file chosen is saved", lambda: (r.status, errors_of(r)))
    r = update(A, ga, files=nofile, description="Poster kept")
    t.ok(r.status == 303 and event_row(ga)[14] == jname, "... and keeps the image it had",
         lambda: (r.status, errors_of(r)))


def cancelling(t):
    # holders in Russian and in Kazakh buy tickets; the page cancels with a confirmation
    r, eid = create_form(A, "To be cancelled", days=350, action="publish")
    if not eid:
        t.ok(False, "the event to cancel was created", repr(r))
        return
    ru_codes = kt.buy_codes(TOK_RU, eid, 2)
    kk_codes = kt.buy_codes(TOK_KK, eid, 1)
    # a holder who bought in English and has since switched the account to Russian
    switch_id, switcher = BUYERS[2]
    kt.buy_codes(TOK_BUY[2], eid, 1)
    kt.sql_exec("UPDATE users SET lang = 'ru' WHERE id = %d" % switch_id)
    t.eq(int(kt.sql_one("SELECT sold FROM events WHERE id = %d" % eid)), 4, "four tickets sold")
    page = A.get("/organiser/events/%d/cancel" % eid)
    t.ok(page.status == 200 and EN["Lang.OrgEv.cancel_intro"] in text_of(page)
         and 'name="confirm"' in page.text, "the cancel page explains and asks to confirm")
    r = A.submit("/organiser/events/%d/cancel" % eid, {})
    t.ok(r.status == 422 and field_error(r, "confirm") == EN["Lang.Err.confirm_required"]
         and event_row(eid)[10] == "published", "without the tick: 422, still published")
    r = A.submit("/organiser/events/%d/cancel" % eid, {"confirm": "1"})
    t.ok(r.status == 303 and event_row(eid)[10] == "cancelled", "confirmed: cancelled", repr(r))
    t.eq(flash(A, "/organiser/events/%d" % eid), EN["Lang.Flash.event_cancelled"], "the flash says so")
    t.eq(kt.sql("SELECT status, COUNT(*) FROM tickets WHERE event_id = %d GROUP BY status" % eid),
         [["voided", "4"]], "every ticket is voided")
    ru = kt.wait_mails(BUYER_RU, RU["Lang.Mail.EventCancelled.Subject"])
    kk = kt.wait_mails(BUYER_KK, KK["Lang.Mail.EventCancelled.Subject"])
    t.ok(len(ru) == 1 and RU["Lang.Mail.EventCancelled.Body"] in kt.plain(ru[0])
         and TAG + " To be cancelled" in kt.plain(ru[0]),
         "the Russian holder's mail is in Russian (subject and body), naming the event",
         lambda: [str(m["Subject"]) for m in kt.mails_to(BUYER_RU)])
    t.ok(len(kk) == 1 and KK["Lang.Mail.EventCancelled.Body"] in kt.plain(kk[0]),
         "the Kazakh holder's mail is in Kazakh",
         lambda: [str(m["Subject"]) for m in kt.mails_to(BUYER_KK)])
    sw = kt.wait_mails(switcher, RU["Lang.Mail.EventCancelled.Subject"])
    t.ok(len(sw) == 1 and RU["Lang.Mail.EventCancelled.Body"] in kt.plain(sw[0]),
         "a holder who switched to Russian after buying is mailed in Russian, the account's language now",
         lambda: [str(m["Subject"]) for m in kt.mails_to(switcher)])
    t.ok(len(ru) == 1 and re.search(r"%s:?\s*2\b" % re.escape(RU["Lang.Mail.EventCancelled.Tickets"]),
                                    kt.plain(ru[0])),
         "one mail for two tickets, which says 2")
    # shown as cancelled everywhere
    q = {"q": TAG + " To be cancelled"}
    j = [e for e in kt.get("/api/events/?" + urllib.parse.urlencode(q)).json()["events"] if e["id"] == eid]
    t.ok(len(j) == 1 and j[0]["availability"] == "cancelled" and j[0]["status"] == "cancelled",
         "GET /api/events/ lists it as cancelled")
    t.eq(kt.get("/api/events/%d/" % eid).json().get("availability"), "cancelled",
         "GET /api/events/{id}/: cancelled")
    home = kt.get("/?" + urllib.parse.urlencode(q))
    card = re.search(r'<li class="card card-event card-cancelled">.*?</li>', home.text, re.S)
    t.ok(card and "/events/%d" % eid in card.group(0) and EN["Lang.Availability.cancelled"] in card.group(0),
         "/ shows the card marked cancelled")
    page = kt.get("/events/%d" % eid)
    t.ok(page.status == 200 and 'badge-cancelled' in page.text and EN["Lang.Event.cancelled_note"] in text_of(page)
         and 'action="/events/%d/hold"' % eid not in page.text,
         "/events/{id}: cancelled, with the note and nothing to buy")
    r = kt.api("POST", "/api/events/%d/purchase/" % eid, TOK_BUY[2], {"quantity": 1})
    t.ok(r.status in (409, 422) and r.json().get("error") in ("event_cancelled", "event_closed"),
         "buying for it is refused", repr(r))
    r = A.submit("/organiser/events/%d/cancel" % eid, {"confirm": "1"})
    t.ok(is_error_page(r, 409), "cancelling twice: 409")

    # the API
    r, e2 = create_form(A, "API cancelled", days=351, action="publish")
    if not e2:
        return
    code = kt.buy_codes(TOK_KK, e2, 1)
    r = kt.api("POST", "/api/events/%d/cancel/" % e2, TOK_A)
    t.ok(r.status == 200 and r.json().get("availability") == "cancelled" and r.json().get("id") == e2,
         "POST /api/events/{id}/cancel/: 200 with the event, cancelled", repr(r))
    t.eq(kt.sql("SELECT status FROM tickets WHERE event_id = %d" % e2), [["voided"]], "its ticket is voided")
    kk = kt.wait_mails(BUYER_KK, KK["Lang.Mail.EventCancelled.Subject"], 2)
    t.ok(len(kk) == 2 and any(TAG + " API cancelled" in kt.plain(m) for m in kk),
         "its holder is mailed in Kazakh")
    r = kt.api("POST", "/api/events/%d/cancel/" % e2, TOK_A)
    t.ok(is_json_error(r, 409), "API: cancelling twice is 409 JSON", repr(r))
    r = update(A, e2, name="Revived")
    t.ok(is_error_page(r, 409) and event_row(e2)[0] == TAG + " API cancelled",
         "a cancelled event cannot be edited (409)")


def availability(t):
    r, eid = create_form(A, "Edge", days=360, capacity="100", max_per_person="50", action="publish")
    if not eid:
        t.ok(False, "the availability event was created", repr(r))
        return
    q = "/api/events/?" + urllib.parse.urlencode({"q": TAG + " Edge"})

    def state():
        j = kt.get("/api/events/%d/" % eid).json()
        listed = [e for e in kt.get(q).json()["events"] if e["id"] == eid]
        page = kt.get("/events/%d" % eid)
        home = kt.get("/?" + urllib.parse.urlencode({"q": TAG + " Edge"}))
        return j, listed[0] if listed else None, page, home

    def no_numbers(label, page, *numbers):
        # the run's random tags (this event's, other tests' venues in the venue filter)
        # may hold a lone digit: the filter's menu and the tag are not counts
        words = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(
            r"<select\b.*?</select>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page.text,
                                                   flags=re.S), flags=re.S))).replace(TAG, "")
        hits = [(n, words[max(0, m.start() - 60):m.end() + 60]) for n in numbers
                # a number of its own: not the tail of a random tag (ven837283a6, evt217380d96)
                for m in [re.search(r"(?<![\w.:])%d(?![\w.:])" % n, words)] if m]
        t.ok(not hits, "%s: the page shows none of %s" % (label, numbers), hits)

    def no_counts(label, j):
        t.ok(not ({"capacity", "sold", "left", "tickets_left"} & set(j)) and
             all(v not in (100, 94, 96, 6) for v in j.values() if isinstance(v, int) and v != eid),
             "%s: the JSON has no capacity or sales count" % label, j)

    kt.buy_codes(TOK_BUY[0], eid, 47)
    kt.buy_codes(TOK_BUY[1], eid, 47)
    j, listed, page, home = state()
    t.ok(j["availability"] == "available" and listed and listed["availability"] == "available",
         "sold 94 of 100 (6 left, not under 5 %): available", j)
    t.ok('badge-available' in page.text and EN["Lang.Availability.available"] in text_of(page),
         "... the page says tickets available")
    no_numbers("sold 94", page, 100, 94, 6)
    no_numbers("sold 94, the list", home, 100, 94, 6)
    no_counts("sold 94", j)
    kt.buy_codes(TOK_BUY[2], eid, 1)
    t.eq(kt.get("/api/events/%d/" % eid).json()["availability"], "available",
         "sold 95 (5 left, exactly 5 %): still available")
    kt.buy_codes(TOK_BUY[2], eid, 1)
    j, listed, page, home = state()
    t.ok(j["availability"] == "last 4" and listed and listed["availability"] == "last 4",
         "sold 96: \"last 4\"", j)
    badge = re.search(r'<span class="badge badge-last">([^<]*)</span>', page.text)
    t.ok(badge and html.unescape(badge.group(1)).split() == EN["Lang.Availability.last"].split() + ["4"],
         "... the page's badge says %s 4" % EN["Lang.Availability.last"], badge and badge.group(1))
    t.ok(re.search(r'<span class="badge badge-last">[^<]*4</span>', home.text), "... and so does /")
    no_numbers("sold 96", page, 100, 96)
    no_counts("sold 96", j)
    kt.buy_codes(TOK_BUY[2], eid, 4)
    j, listed, page, home = state()
    t.ok(j["availability"] == "full" and listed and listed["availability"] == "full", "sold 100: full", j)
    t.ok('badge-full' in page.text and EN["Lang.Availability.full"] in text_of(page)
         and EN["Lang.Event.full_note"] in text_of(page), "... the page says sold out (FULL)")
    t.ok('badge-full' in home.text, "... and so does /")
    no_numbers("sold 100", page, 100)
    no_counts("sold 100", j)
    r = kt.api("POST", "/api/events/%d/purchase/" % eid, TOK_RU, {"quantity": 1})
    t.ok(is_json_error(r, 409, "sold_out"), "one more: 409 sold_out", repr(r))
    t.eq(kt.sql_one("SELECT sold FROM events WHERE id = %d" % eid), "100", "never past capacity")
    STATE["full"] = eid


def near_capacity(t):
    team = STATE.get("team")
    if not team:
        t.skip("near capacity", "no team event")
        return
    subj_en = EN["Lang.Mail.NearCapacity.Subject"]

    def count(addr):
        return len([m for m in kt.mails_to(addr) if str(m["Subject"]) == subj_en
                    and TAG + " Alert" in kt.plain(m)])

    r, eid = create_form(A, "Alert", days=370, capacity="20", max_per_person="50", action="publish")
    if not eid:
        t.ok(False, "the alert event was created", repr(r))
        return
    A.submit("/organiser/events/%d/staff" % eid, {"staff_email": ATTENDEE, "staff_role": "organiser"})
    A.submit("/organiser/events/%d/staff" % eid, {"staff_email": DOOR, "staff_role": "door"})
    kt.buy_codes(TOK_BUY[0], eid, 18)
    time.sleep(6.5)    # more than one sweep (Jobs.SweepSeconds = 5)
    t.ok(count(ORG_A) == 0 and kt.sql_one("SELECT near_capacity_sent FROM events WHERE id = %d" % eid) == "0",
         "90 % sold: no alert after a sweep")
    kt.buy_codes(TOK_BUY[1], eid, 1)
    t0 = time.monotonic()
    got = kt.wait_until(lambda: count(ORG_A) >= 1 and count(ATTENDEE) >= 1, 20, 0.2)
    took = time.monotonic() - t0
    t.ok(got and took < 15, "95 %% sold: the owner and the co-organiser are mailed within seconds (%.1f s)" % took)
    m = [m for m in kt.mails_to(ORG_A) if str(m["Subject"]) == subj_en]
    t.ok(m and "/organiser/events/%d" % eid in kt.plain(m[-1]) and "19" in kt.plain(m[-1]),
         "the mail names the event, its sales and links to its page")
    t.eq(count(DOOR), 0, "door staff get no alert")
    kt.buy_codes(TOK_BUY[1], eid, 1)
    time.sleep(6.5)
    t.eq((count(ORG_A), count(ATTENDEE)), (1, 1), "more sales (100 %): still exactly one mail each")
    t.eq(kt.sql_one("SELECT near_capacity_sent FROM events WHERE id = %d" % eid), "1", "the flag is set")


def clients(t):
    before = int(kt.sql_one("SELECT COUNT(*) FROM clients WHERE organiser_id = %d" % ORG_A_ID))
    good = {"name": TAG + " Almaty Jazz Club", "email": "booking@jazz.example", "phone": "+7 (727) 250-00-00",
            "address": "Abay Ave 1", "notes": "Met in 2023.", "feedback": ""}
    cases = [({"name": ""}, "name", "required"), ({"name": "x" * 201}, "name", "too_long"),
             ({"email": "jazz at example"}, "email", "email_invalid"),
             ({"phone": "call me"}, "phone", "phone_invalid"), ({"phone": "1" * 41}, "phone", "too_long"),
             ({"address": "a" * 301}, "address", "too_long"),
             ({"notes": "n" * 10001}, "notes", "too_long")]
    for over, field, code in cases:
        r = A.submit("/organiser/clients", dict(good, **over))
        t.ok(r.status == 422 and field_error(r, field) == EN["Lang.Err." + code],
             "client with %s=%.20r: 422 %s" % (field, list(over.values())[0], code),
             lambda: (r.status, field_error(r, field)))
    t.eq(int(kt.sql_one("SELECT COUNT(*) FROM clients WHERE organiser_id = %d" % ORG_A_ID)), before,
         "no client stored")
    r = A.submit("/organiser/clients", good)
    m = re.match(r"^/organiser/clients/(\d+)$", r.header("Location") or "")
    t.ok(r.status == 303 and m, "a client is created (303 to its page)", repr(r))
    if not m:
        return
    cid = int(m.group(1))
    t.eq(kt.sql("SELECT name, email, phone, address, notes FROM clients WHERE id = %d" % cid),
         [[good["name"], good["email"], good["phone"], good["address"], good["notes"]]], "stored as typed")
    r = A.submit("/organiser/clients/%d" % cid, dict(good, phone="+7 701 000 00 00", feedback="Loved it."))
    t.ok(r.status == 303 and kt.sql("SELECT phone, feedback FROM clients WHERE id = %d" % cid)
         == [["+7 701 000 00 00", "Loved it."]], "edited")
    r = A.submit("/organiser/clients/%d" % cid, dict(good, email="@@"))
    t.ok(r.status == 422 and field_error(r, "email") == EN["Lang.Err.email_invalid"]
         and kt.sql_one("SELECT email FROM clients WHERE id = %d" % cid) == good["email"],
         "a bad edit: 422, unchanged")
    # link an event from the event form
    r, eid = create_form(A, "Client night", days=380, client_id=str(cid))
    t.ok(r.status == 303 and eid and event_row(eid)[13] == str(cid), "an event is linked to the client", repr(r))
    page = A.get("/organiser/clients/%d" % cid)
    t.ok(page.status == 200 and "/organiser/events/%d" % eid in page.text
         and TAG + " Client night" in text_of(page), "the client page lists the event")
    lst = A.get("/organiser/clients")
    t.ok(good["name"] in text_of(lst), "the client list shows the client")
    # another organiser's client
    t.ok(is_error_page(B.get("/organiser/clients/%d" % cid), 404), "another organiser: the client page is 404")
    r = B.submit("/organiser/clients/%d" % cid, dict(good, name="Taken"))
    t.ok(is_error_page(r, 404) and kt.sql_one("SELECT name FROM clients WHERE id = %d" % cid) == good["name"],
         "another organiser: editing is 404, unchanged")
    t.ok(good["name"] not in text_of(B.get("/organiser/clients")), "... nor in their list")
    r = B.submit("/organiser/clients", {"name": TAG + " Bolat's client"})
    bcid = int(re.match(r"^/organiser/clients/(\d+)$", r.header("Location")).group(1))
    r, eid = create_form(A, "Foreign client", days=381, client_id=str(bcid))
    t.ok(r.status == 422 and eid is None and field_error(r, "client_id") == EN["Lang.Err.client_invalid"],
         "an event cannot be linked to another organiser's client (422)",
         lambda: (r.status, field_error(r, "client_id")))
    r, eid = create_form(A, "Ghost client", days=382, client_id="987654321")
    t.ok(r.status == 422 and field_error(r, "client_id") == EN["Lang.Err.client_invalid"],
         "nor to a client that does not exist (422, not 500)", repr(r))
    t.ok(TAG + " Foreign client" not in text_of(B.get("/organiser/clients/%d" % bcid)),
         "the other organiser's client lists no event of ours")
    t.ok(good["name"] in text_of(ADM.get("/organiser/clients")), "the admin sees every organiser's clients")


def report(t):
    r, eid = create_form(A, "Finished", days=390, capacity="50", price="2500", action="publish")
    if not eid:
        t.ok(False, "the report event was created", repr(r))
        return
    codes = kt.buy_codes(TOK_BUY[0], eid, 2) + kt.buy_codes(TOK_BUY[1], eid, 1)
    A.submit("/organiser/events/%d/checkin" % eid, {"code": codes[0]})
    r = A.submit("/organiser/events/%d/report" % eid, {"summary": "Too early"})
    t.ok(is_error_page(r, 409, "event_not_ended") and event_row(eid)[10] == "published",
         "before it has ended: 409, not completed")
    page = A.get("/organiser/events/%d/report" % eid)
    t.ok(EN["Lang.OrgEv.report_not_ended"] in text_of(page) and 'name="summary"' not in page.text,
         "the report page offers no form yet")
    kt.sql_exec("UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 3 HOUR, duration_minutes = 120 "
                "WHERE id = %d" % eid)
    page = A.get("/organiser/events/%d/report" % eid)
    figures = dict((html.unescape(k).strip(), html.unescape(re.sub(r"<[^>]+>", "", v)).strip())
                   for k, v in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>",
                                          re.search(r'<dl class="figures">.*?</dl>', page.text, re.S).group(0),
                                          re.S))
    t.eq(figures.get(EN["Lang.OrgEv.report_sold"], "").split()[0], "3", "the report counts 3 tickets sold")
    t.eq(figures.get(EN["Lang.OrgEv.report_attendance"]), "1", "attendance: the 1 checked in")
    t.ok(figures.get(EN["Lang.OrgEv.report_revenue"], "").startswith("7\u202f500"),
         "revenue: 3 x 2 500 = 7 500", figures)
    r = A.submit("/organiser/events/%d/report" % eid, {"summary": "", "feedback": "x"})
    t.ok(r.status == 422 and field_error(r, "summary") == EN["Lang.Err.required"]
         and event_row(eid)[10] == "published", "an empty summary: 422, not completed")
    r = A.submit("/organiser/events/%d/report" % eid, {"summary": "A full house.\nGood sound.",
                                                       "feedback": "Bar queue too long.",
                                                       "attendance": "999", "sold": "999"})
    t.ok(r.status == 303 and event_row(eid)[10] == "completed", "saving the report marks the event completed",
         repr(r))
    t.eq(kt.sql("SELECT REPLACE(summary, '\\n', '|'), feedback, attendance, sold, revenue FROM event_reports WHERE event_id = %d" % eid),
         [["A full house.|Good sound.", "Bar queue too long.", "1", "3", "750000"]],
         "stored with the system's figures (typed ones ignored)")
    t.eq(flash(A, "/organiser/events/%d/report" % eid), EN["Lang.Flash.report_saved"], "the flash says so")
    t.ok("/events/%d\"" % eid not in kt.get("/?" + urllib.parse.urlencode({"q": TAG + " Finished"})).text,
         "a past event is not listed")
    t.ok(is_error_page(B.get("/organiser/events/%d/report" % eid), 404), "another organiser: 404")


def admin(t):
    r = ADM.get("/admin/events?" + urllib.parse.urlencode({"q": TAG}))
    ids = set(int(i) for i in re.findall(r'href="/organiser/events/(\d+)"', r.text))
    b_ev = kt.api("POST", "/api/events/", TOK_B, {"name": TAG + " Bolat's gig", "description": "",
                                                "starts_at": when(400)[3], "duration_minutes": 60,
                                                "venue_id": B_HALL, "capacity": 300, "price": 0})
    b_id = b_ev.json().get("id") if b_ev.status == 201 else None
    r = ADM.get("/admin/events?" + urllib.parse.urlencode({"q": TAG}))
    table = re.search(r'<section aria-labelledby="all-heading">.*?</section>', r.text, re.S)
    ids = set(int(i) for i in re.findall(r'class="row-title" href="/organiser/events/(\d+)"',
                                         table.group(0) if table else ""))
    mine = set(int(x[0]) for x in kt.sql("SELECT id FROM events WHERE name LIKE %s" % kt.q(TAG + "%")))
    t.ok(r.status == 200 and b_id in ids and STATE.get("ga") in ids,
         "/admin/events lists both organisers' events", (b_id, len(ids)))
    t.ok(ids <= mine and len(ids) == min(len(mine), 50), "the search finds this run's events (one page of 50)",
         (len(ids), len(mine)))
    t.ok(ORG_A in r.text and ORG_B in r.text, "with the organisers' addresses")
    top = re.search(r'<section class="top-events".*?</section>', r.text, re.S)
    rows = re.findall(r'href="/organiser/events/(\d+)">.*?class="sold-figures">(\d+) / \d+',
                      top.group(0) if top else "", re.S)
    sold = [int(s) for _, s in rows]
    want = [[int(a), int(b)] for a, b in kt.sql("SELECT id, sold FROM events ORDER BY sold DESC, id DESC LIMIT 10")]
    t.ok(len(rows) == len(want) and sold == sorted(sold, reverse=True),
         "the top-sellers table is ordered by tickets sold", sold)
    t.eq([[int(i), s] for (i, _), s in zip(rows, sold)], want, "... and is the database's top ten")
    t.ok(STATE.get("full") in [int(i) for i, _ in rows], "the sold-out event is among them")
    if b_id:
        t.eq(ADM.get("/organiser/events/%d" % b_id).status, 200, "the admin can open any organiser's event")
        r = update(ADM, b_id, description="Checked by the admin")
        t.ok(r.status == 303 and event_row(b_id)[1] == "Checked by the admin", "... and act on it", repr(r))
    for who, v in (("organiser", A), ("attendee", ATT)):
        t.ok(is_error_page(v.get("/admin/events"), 403), "%s: /admin/events is 403" % who)


def search(t):
    word = kt.unique("zq")
    made = []
    for i in range(30):
        # every third one in the club, at times apart; the rest at a free-text location
        body = {"name": "%s %s no. %02d" % (TAG, word, i), "description": "Search test %s-%d" % (word, i),
                "starts_at": when(500 + i, 18)[3], "duration_minutes": 60, "capacity": 10, "price": 1000 + i}
        if i % 3 == 0:
            body["venue_id"] = CLUB
        else:
            body["location"] = "Park %d" % i
        r = kt.api("POST", "/api/events/", TOK_A, body)
        if r.status != 201:
            t.ok(False, "search event %d was created" % i, repr(r))
            return
        made.append(r.json()["id"])
    # and one in the past, published: never listed
    kt.sql_exec("INSERT INTO events (organiser_id, location, name, description, starts_at, duration_minutes, "
                "capacity, status) VALUES (%d, 'Old town', %s, '', UTC_TIMESTAMP() - INTERVAL 2 DAY, 60, 10, "
                "'published')" % (ORG_A_ID, kt.q("%s %s past" % (TAG, word))))
    past = int(kt.sql_one("SELECT MAX(id) FROM events WHERE organiser_id = %d" % ORG_A_ID))

    pages, next_page, n = [], 1, 0
    while next_page and n < 5:
        r = kt.get("/api/events/?" + urllib.parse.urlencode({"q": word, "page": next_page}))
        body = r.json()
        pages.append([e["id"] for e in body["events"]])
        next_page = body["next_page"]
        n += 1
    t.eq([len(p) for p in pages], [12, 12, 6], "API: 30 matches come as pages of 12, 12 and 6")
    t.eq([i for p in pages for i in p], made, "... each once, in date order")
    t.ok(past not in [i for p in pages for i in p], "the past event is not listed")
    r = kt.get("/api/events/?" + urllib.parse.urlencode({"q": word, "from": when(-5)[0]}))
    t.ok(past not in [e["id"] for e in r.json()["events"]], "... not even with a date range that covers it")
    t.eq(kt.get("/events/%d" % past).status, 200, "its own page still opens (a buyer's link keeps working)")

    # the home page pages the same way
    h1 = kt.get("/?" + urllib.parse.urlencode({"q": word}))
    nxt = re.search(r'<a class="btn pager-next" rel="next" href="([^"]+)"', h1.text)
    t.ok(home_ids({"q": word}) == made[:12] and nxt, "/: the first 12 and a link to the next page")
    h2 = kt.get(html.unescape(nxt.group(1))) if nxt else None
    t.ok(h2 is not None and [int(i) for i in re.findall(r'<h3 class="card-title"><a href="/events/(\d+)"',
                                                         h2.text)] == made[12:24]
         and 'rel="prev"' in h2.text, "/: the next link gives the next 12, with a link back")
    h3 = home_ids({"q": word, "page": 3})
    t.eq(h3, made[24:], "/: page 3 has the last 6")
    t.ok('rel="next"' not in kt.get("/?" + urllib.parse.urlencode({"q": word, "page": 3})).text,
         "... and no next link")

    # date range: local dates, both ends included
    frm, to = when(510)[0], when(514)[0]
    got = listed_ids("/api/events/?" + urllib.parse.urlencode({"q": word, "from": frm, "to": to}))
    t.eq(got, made[10:15], "from %s to %s: the five events of those days" % (frm, to))
    t.eq(home_ids({"q": word, "from": frm, "to": to}), made[10:15], "/: the same five")
    t.eq(listed_ids("/api/events/?" + urllib.parse.urlencode({"q": word, "from": when(528)[0]})), made[28:],
         "from alone")
    t.eq(listed_ids("/api/events/?" + urllib.parse.urlencode({"q": word, "to": when(501)[0]})), made[:2],
         "to alone")
    # venue
    in_club = [e for i, e in enumerate(made) if i % 3 == 0]
    t.eq(listed_ids("/api/events/?" + urllib.parse.urlencode({"q": word, "venue": CLUB})), in_club,
         "venue filter: the ten in the club")
    t.eq(home_ids({"q": word, "venue": CLUB}), in_club, "/: the same ten")
    # text in the description, case-insensitively, and in the venue's name
    t.eq(listed_ids("/api/events/?" + urllib.parse.urlencode({"q": ("SEARCH TEST %s-7" % word).upper()})),
         [made[7]],
         "text: found by its description, whatever the case")
    t.eq(listed_ids("/api/events/?" + urllib.parse.urlencode({"q": TAG + " Club", "from": when(500)[0],
                                                              "to": when(506)[0]})),
         [made[0], made[3], made[6]], "text: found by the venue's name")
    t.eq(listed_ids("/api/events/?q=" + urllib.parse.quote(word + "%")), [], "% is not a wildcard")
    # issue 13: the message names the parameter (it said "dates" for a bad page)
    for bad, key in (({"from": "2031-02-30"}, "search_date_invalid"),
                     ({"to": "tomorrow"}, "search_date_invalid"),
                     ({"page": "0"}, "search_page_invalid"), ({"venue": "x"}, "search_venue_invalid")):
        r = kt.get("/api/events/?" + urllib.parse.urlencode(bad))
        t.ok(is_json_error(r, 400, "search_invalid") and r.json()["message"] == EN["Lang.Err." + key],
             "API: %r is 400 search_invalid naming the parameter" % bad, lambda: r)
        r = kt.get("/?" + urllib.parse.urlencode(bad))
        t.ok(r.status == 400 and EN["Lang.Err." + key] in text_of(r), "/: %r is 400 with the message" % bad)


t = kt.Tap()
t.run(create_and_publish, drafts_hidden, published_edit, validation, overlap, access, staff, images,
      cancelling, availability, near_capacity, clients, report, admin, search)
