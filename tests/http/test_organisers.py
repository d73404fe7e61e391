"""
Issue 12, organisers run the day, against the running stack: the city's
venues (every organiser lists, reads and chooses any active venue; two
organisers booking one venue at overlapping times, one 409 venue_busy
naming the other; free at a time; the venue's calendar; rent on the
report), orders and attendees (search, filter, an order, cancelling for
the buyer with a mail in their language, resending; door staff refused),
the CSV exports opened with Python's csv module (BOM, formula cells made
inert, also the hall plan's), the printable guest list, and the audit log
(before -> after on the event's and the admin's pages).
"""

import csv
import html
import io
import re
import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import kt

kt.need_stack()

EN, RU = kt.lang("en"), kt.lang("ru")
TAG = kt.unique("day")
ZONE = ZoneInfo("Asia/Almaty")

kt.clear_login_failures()
ORG_A_ID, ORG_A = kt.make_user("aigul", "organiser")
ORG_B_ID, ORG_B = kt.make_user("berik", "organiser")
BUYER_ID, BUYER = kt.make_user("gulnar", "attendee", lang="ru")
DOOR_ID, DOOR = kt.make_user("daulet", "attendee")
ADMIN_ID, ADMIN = kt.make_user("ermek", "admin")
PROMO_ID, PROMO = kt.make_user("zhanar", "attendee")
A, B, DR, ADM = kt.sign_in(ORG_A), kt.sign_in(ORG_B), kt.sign_in(DOOR), kt.sign_in(ADMIN)
TOK_A, TOK_B, TOK_BUY = kt.api_token(ORG_A), kt.api_token(ORG_B), kt.api_token(BUYER)

STATE = {}


def when(days, hour=19, minute=0):
    d = (datetime.now(ZONE) + timedelta(days=days)).replace(hour=hour, minute=minute,
                                                            second=0, microsecond=0)
    return d.isoformat(), d.strftime("%d.%m.%Y %H:%M")


def text_of(resp):
    return kt.page_text(resp)


def api_event(tok, name, days, hour, minute=0, duration=120, venue=None, draft=False):
    iso, _ = when(days, hour, minute)
    body = {"name": name, "description": "", "starts_at": iso, "duration_minutes": duration,
            "venue_id": venue or STATE["vid"], "capacity": 50, "price": 0, "draft": draft}
    return kt.api("POST", "/api/events/", tok, body)


def audit_rows(eid):
    return kt.sql("SELECT action, field, before_value, after_value FROM audit_log "
                  "WHERE event_id = %d ORDER BY id" % eid)


# ---------------------------------------------------------------- 1. venues

def venues(t):
    r = A.submit("/organiser/venues", {"name": "City Hall " + TAG, "kind": "hall",
                                       "address": "Abai St 1, Semey", "seated": "0",
                                       "capacity": "400", "price": "10000", "status": "active"})
    m = re.match(r"^/organiser/venues/(\d+)$", r.header("Location") or "")
    t.ok(r.status == 303 and m, "organiser A creates a venue", repr(r))
    if not m:
        return
    vid = STATE["vid"] = int(m.group(1))

    rb = kt.api("GET", "/api/venues/", TOK_B)
    got = {v["id"]: v for v in rb.json().get("venues", [])} if rb.status == 200 else {}
    v = got.get(vid)
    t.ok(v is not None and v["owned"] is False and v["kind"] == "hall" and v["capacity"] == 400
         and v["address"] == "Abai St 1, Semey" and v["rent_per_hour"] == 1000000,
         "GET /api/venues/ for another organiser: the venue with type, capacity, address, rent, owned false",
         rb.body[:400])
    r = B.get("/organiser/venues")
    t.ok(r.status == 200 and "City Hall " + TAG in text_of(r), "... and their venue list shows it")
    r = B.get("/organiser/venues/%d" % vid)
    t.ok(r.status == 200 and 'action="/organiser/venues/%d"' % vid not in r.text
         and EN["Lang.Day.venue_not_yours"] in html.unescape(r.text),
         "... its page is readable, without the editor", repr(r))
    r = B.submit("/organiser/venues/%d" % vid, {"name": "Taken", "kind": "hall", "address": "x",
                                                "seated": "0", "capacity": "1", "price": "0",
                                                "status": "active"})
    t.eq(r.status, 404, "... but only its owner and admins edit it (404 for others)")
    r = B.get("/organiser/events/new")
    t.ok(r.status == 200 and re.search(r'<option value="%d"[^>]*>[^<]*City Hall %s[^<]*Abai St 1'
                                       % (vid, TAG), r.text),
         "the event form offers another organiser's venue with its address")

    # A books it for two hours, published; B runs into it
    r = api_event(TOK_A, "Gala " + TAG, 200, 19)
    t.ok(r.status == 201, "organiser A books the venue 19:00-21:00", repr(r))
    STATE["gala"] = r.json().get("id") if r.status == 201 else None
    _, at = when(200, 19)
    r = api_event(TOK_B, "Clash " + TAG, 200, 20)
    t.ok(kt_json_error(r, 409, "venue_busy") and "Gala " + TAG in r.json()["message"]
         and at in r.json()["message"],
         "organiser B at 20:00 the same day: 409 venue_busy naming A's event and its time", repr(r))
    r = api_event(TOK_B, "After " + TAG, 200, 21)
    t.ok(r.status == 201, "21:00, when A's event ends, is free for B", repr(r))

    # a draft blocks the venue too, but its name stays private
    r = api_event(TOK_A, "Secret " + TAG, 201, 19, draft=True)
    t.ok(r.status == 201, "A's draft on another day", repr(r))
    STATE["draft"] = r.json().get("id") if r.status == 201 else None
    r = api_event(TOK_B, "Clash2 " + TAG, 201, 18, 30)
    _, at = when(201, 19)
    t.ok(kt_json_error(r, 409, "venue_busy") and "Secret" not in r.json()["message"]
         and at in r.json()["message"],
         "a clash with another organiser's draft: 409 naming the time, not the draft", repr(r))
    r = B.upload("/organiser/events", [("name", "Form clash " + TAG), ("description", ""),
                                       ("date", when(200, 20)[0][:10]), ("time", "20:00"),
                                       ("duration", "60"), ("venue_id", str(vid)), ("location", ""),
                                       ("capacity", "10"), ("price", "0"), ("currency", "KZT"),
                                       ("max_per_person", "4"), ("seated", "0"), ("action", "draft")])
    t.ok(r.status == 409 and "Gala " + TAG in html.unescape(r.text),
         "the event form too: 409 with the other event named", repr(r))

    # two organisers at the same moment: the venue's row referees, one wins
    results = []

    def book(tok, name):
        results.append(api_event(tok, name, 202, 19).status)
    th = [threading.Thread(target=book, args=(tok, "Race %s %s" % (n, TAG)))
          for tok, n in ((TOK_A, "A"), (TOK_B, "B"))]
    for x in th:
        x.start()
    for x in th:
        x.join()
    t.eq(sorted(results), [201, 409], "two organisers booking one slot at once: one 201, one 409")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM events WHERE venue_id = %d AND name LIKE 'Race %%'"
                    % vid), "1", "... and one event stored")

    # free at a time, in the API
    iso, _ = when(200, 19, 30)
    r = kt.api("GET", "/api/venues/?starts_at=%s&duration_minutes=30" % iso.replace("+", "%2B"),
               TOK_B)
    v = {x["id"]: x for x in r.json().get("venues", [])}.get(vid) if r.status == 200 else None
    t.ok(v is not None and v.get("free") is False, "?starts_at= during A's event: free false", r.body[:300])
    iso, _ = when(200, 8)
    r = kt.api("GET", "/api/venues/?starts_at=%s&duration_minutes=60" % iso.replace("+", "%2B"),
               TOK_B)
    v = {x["id"]: x for x in r.json().get("venues", [])}.get(vid) if r.status == 200 else None
    t.ok(v is not None and v.get("free") is True, "... in the morning: free true")

    # the venue's calendar
    r = B.get("/organiser/venues/%d" % vid)
    body = html.unescape(r.text)
    t.ok("Gala " + TAG in body and "After " + TAG in body and "Secret " + TAG not in body
         and EN["Lang.Day.booking_private"] in body,
         "the venue page's bookings: published names, another's draft only as booked")

    # rent for the event's duration on the report: 10 000 per hour x 2 h
    if STATE.get("gala"):
        r = A.get("/organiser/events/%d/report" % STATE["gala"])
        m = re.search(re.escape(EN["Lang.Day.report_rent"]) + r"</dt>\s*<dd>(.*?)</dd>", r.text, re.S)
        digits = re.sub(r"\D", "", re.sub(r"<[^>]+>", " ", m.group(1)).split("(")[0]) if m else ""
        t.ok(r.status == 200 and digits.startswith("20000"),
             "the report shows the rent for the event's duration (20 000)", m and m.group(1))


def kt_json_error(r, status, code):
    try:
        j = r.json()
    except ValueError:
        return False
    return r.status == status and j.get("error") == code and isinstance(j.get("message"), str)


# ---------------------------------------------------------------- 2. orders

def orders(t):
    eid = STATE["ga"] = kt.make_event("Ball " + TAG, capacity=40, days=30, organiser=ORG_A_ID)
    kt.sql_exec("INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES (%d, %d, 'door', %d)"
                % (eid, DOOR_ID, ORG_A_ID))
    first = kt.buy(TOK_BUY, eid, 2)
    second = kt.buy(TOK_BUY, eid, 1)
    STATE["orders"] = (first["order_id"], second["order_id"])
    codes = [x["code"] for x in first["tickets"]]
    kt.sql_exec("UPDATE orders SET buyer_name = %s, buyer_phone = '+77011234567' WHERE id = %d"
                % (kt.q('=HYPERLINK("http://evil.test","x") ' + TAG), first["order_id"]))
    kt.sql_exec("UPDATE orders SET buyer_name = %s WHERE id = %d"
                % (kt.q("Gulnar " + TAG), second["order_id"]))
    base = "/organiser/events/%d/orders" % eid

    r = A.get(base)
    t.ok(r.status == 200 and "Gulnar " + TAG in html.unescape(r.text)
         and '=HYPERLINK("http://evil.test","x")' in html.unescape(r.text),
         "the owner lists the attendees", repr(r))
    r = A.get(base + "?q=" + "77011234")
    t.ok(r.status == 200 and html.unescape(r.text).count("HYPERLINK") >= 2
         and "Gulnar " + TAG not in html.unescape(r.text), "search by phone finds that order's tickets")
    r = A.get(base + "?q=" + BUYER.split("@")[0])
    t.ok(r.status == 200 and "Gulnar " + TAG in html.unescape(r.text), "search by email")
    grouped = re.sub(r"(.{4})(?!$)", r"\1-", codes[0])
    r = A.get(base + "?q=" + grouped.lower())
    shown = re.findall(r'<code class="code">([^<]+)</code>', r.text)
    t.ok(r.status == 200 and len(shown) == 1, "search by a ticket code (grouped, lower case): that ticket",
         shown)
    kt.sql_exec("UPDATE tickets SET status = 'used', checked_in_at = UTC_TIMESTAMP() WHERE code = %s"
                % kt.q(codes[1]))
    r = A.get(base + "?status=used")
    t.eq(len(re.findall(r'<code class="code">', r.text)), 1, "filter by status: used")
    r = A.get(base + "?status=valid")
    t.eq(len(re.findall(r'<code class="code">', r.text)), 2, "filter by status: valid")
    t.eq(A.get(base + "?status=lost").status, 422, "an unknown status: 422")

    # who may see it
    t.eq(DR.get(base).status, 403, "door staff are refused the orders list (403)")
    t.eq(DR.get("/organiser/events/%d/attendees.csv" % eid).status, 403, "... and the export")
    t.eq(DR.get("%s/%d" % (base, first["order_id"])).status, 403, "... and an order")
    t.eq(B.get(base).status, 404, "another organiser: 404")
    t.eq(ADM.get(base).status, 200, "an admin may")

    # one order, a ticket cancelled for the buyer: mail in Russian
    r = A.get("%s/%d" % (base, first["order_id"]))
    t.ok(r.status == 200 and EN["Lang.Day.cancel_order"] in html.unescape(r.text), "the order opens")
    n_mail = len(kt.mails_to(BUYER))
    sold = kt.sql_one("SELECT sold FROM events WHERE id = %d" % eid)
    r = A.submit("%s/%d/cancel" % (base, first["order_id"]), {"code": codes[0]}, csrf=False)
    t.eq(r.status, 403, "cancelling without the CSRF token: 403")
    r = A.submit("%s/%d/cancel" % (base, first["order_id"]), {"code": codes[0]})
    t.ok(r.status == 303 and kt.sql_one("SELECT status FROM tickets WHERE code = %s" % kt.q(codes[0]))
         == "cancelled", "the organiser cancels one ticket for the buyer", repr(r))
    t.eq(kt.sql_one("SELECT sold FROM events WHERE id = %d" % eid), str(int(sold) - 1),
         "... its place goes back")
    ms = kt.wait_mails(BUYER, count=n_mail + 1)
    last = ms[-1] if len(ms) > n_mail else None
    t.ok(last is not None and re.search("[а-яА-Я]", str(last["Subject"]) + (kt.mail_parts(last)[0] or "")),
         "... and the buyer is mailed, in their language (Russian)", last and str(last["Subject"]))
    r = A.submit("%s/%d/cancel" % (base, first["order_id"]), {"code": codes[0]})
    t.eq(r.status, 409, "cancelling it again: 409")

    # resend the tickets, then cancel the whole order
    n_mail = len(kt.mails_to(BUYER))
    r = A.submit("%s/%d/resend" % (base, second["order_id"]), {})
    t.ok(r.status == 303 and len(kt.wait_mails(BUYER, count=n_mail + 1)) > n_mail,
         "resending the tickets mails them again", repr(r))
    r = A.submit("%s/%d/cancel" % (base, second["order_id"]), {})
    t.ok(r.status == 303 and kt.sql_one("SELECT status FROM orders WHERE id = %d" % second["order_id"])
         == "cancelled", "cancelling a whole order: its tickets and the order are cancelled", repr(r))
    r = A.submit("%s/%d/resend" % (base, second["order_id"]), {})
    t.eq(r.status, 409, "resending an order with no valid ticket: 409")
    r = A.get(base + "?status=cancelled")
    t.eq(len(re.findall(r'<code class="code">', r.text)), 2, "filter by status: cancelled")


# ---------------------------------------------------------------- 3. exports

def exports(t):
    eid = STATE.get("ga")
    if not eid:
        t.skip("exports", "no event")
        return
    r = A.get("/organiser/events/%d/attendees.csv" % eid)
    t.ok(r.status == 200 and r.header("Content-Type", "").startswith("text/csv")
         and "attachment" in (r.header("Content-Disposition") or ""), "attendees.csv downloads", repr(r))
    t.ok(r.body.startswith(b"\xef\xbb\xbf"), "... UTF-8 with a byte order mark")
    t.ok(b"\r\n" in r.body and b"\n" not in r.body.replace(b"\r\n", b""), "... CRLF line ends")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[0][:4], [EN["Lang.Day.col_name"], EN["Lang.Day.col_email"], EN["Lang.Day.col_phone"],
                      EN["Lang.Day.col_code"]], "Python's csv module reads the header")
    evil = [x for x in rows[1:] if "HYPERLINK" in x[0]]
    t.ok(len(evil) == 2 and all(x[0].startswith("'=HYPERLINK") for x in evil),
         "a formula-looking name is made inert (a leading ')", [x[0] for x in evil])
    t.ok(all(x[2] == "'+77011234567" for x in evil), "... so is a phone number that starts with +")
    t.eq(len(rows) - 1, 3, "one line per ticket")
    r = A.get("/organiser/events/%d/orders.csv" % eid)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.ok(r.status == 200 and r.body.startswith(b"\xef\xbb\xbf") and len(rows) == 3
         and any(x[2].startswith("'=HYPERLINK") for x in rows[1:]),
         "orders.csv: one line per order, the same rules", rows[:3])
    t.eq(A.get("/organiser/events/%d/attendees.csv" % eid, headers={"Accept-Language": "ru"}).status,
         200, "the export answers in another language too")

    # the printable guest list: valid and used tickets, by name, with code
    r = A.get("/organiser/events/%d/guests" % eid)
    body = html.unescape(r.text)
    names = re.findall(r'<th scope="row">([^<]+)</th>', body)
    t.ok(r.status == 200 and names == sorted(names) and len(names) == 1
         and re.search(r'<code class="code">[0-9A-Z-]+</code>', body),
         "the guest list: live tickets by name, with their code", names)
    t.ok("guest-list" in r.text, "... in the printable layout")

    # the hall plan's CSV: a category that starts with - comes back the same
    r = A.submit("/organiser/venues", {"name": "Plan " + TAG, "kind": "theatre", "address": "x",
                                       "seated": "1", "capacity": "", "price": "0", "status": "active"})
    m = re.match(r"^/organiser/venues/(\d+)$", r.header("Location") or "")
    vid = int(m.group(1)) if m else None
    if vid:
        f = {"curve": "0", "aisle": "0", "labels": "numbers", "s0_name": "Stalls", "s0_rows": "1",
             "s0_seats": "2", "s0_category": "-VIP", "s0_ranges": ""}
        r = A.submit("/organiser/venues/%d/plan/generate" % vid, f)
        r = A.get("/organiser/venues/%d/plan.csv" % vid)
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
        t.ok(len(rows) == 3 and all(x[5] == "'-VIP" for x in rows[1:]),
             "the hall plan's CSV makes a category starting with - inert", rows)
        data = r.body
        r = A.upload("/organiser/venues/%d/plan/import" % vid, {"csv_text": ""},
                     {"csv_file": ("plan.csv", data, "text/csv")})
        t.ok(r.status == 303 and kt.sql_one("SELECT GROUP_CONCAT(DISTINCT category) FROM seats "
                                            "WHERE venue_id = %d" % vid) == "-VIP",
             "... and importing that file gives the category back as it was", repr(r))


# ---------------------------------------------------------------- 6. audit log

def audit(t):
    eid = STATE.get("ga")
    if not eid:
        t.skip("audit", "no event")
        return
    r = A.submit("/organiser/events/%d/staff" % eid, {"staff_email": PROMO, "staff_role": "door"})
    t.eq(r.status, 303, "staff added through the page")
    rows = audit_rows(eid)
    actions = [x[0] for x in rows]
    t.ok("ticket_cancel" in actions and "order_cancel" in actions and "staff_add" in actions,
         "the audit log has the cancellations and the staff change", rows)
    r = A.get("/organiser/events/%d" % eid)
    body = html.unescape(re.sub(r"\s+", " ", r.text))
    t.ok(EN["Lang.Day.audit_heading"] in body and EN["Lang.Day.Act.ticket_cancel"] in body
         and re.search(r"<del>valid</del> <span[^>]*>→</span> <ins>cancelled</ins>", body)
         and ORG_A in body, "the event's page lists it: who, what, before -> after", body[-1500:])
    t.eq(DR.get("/organiser/events/%d" % eid).status, 404, "door staff do not see the event's page")

    # a draft published, a venue edited, a role changed: before -> after
    if STATE.get("draft"):
        A.submit("/organiser/events/%d/publish" % STATE["draft"], {})
        t.ok(["event_publish", "status", "draft", "published"] in [list(x) for x in audit_rows(STATE["draft"])],
             "publishing is recorded draft -> published")
    vid = STATE.get("vid")
    if vid:
        r = A.submit("/organiser/venues/%d" % vid, {"name": "City Hall " + TAG, "kind": "hall",
                                                    "address": "Abai St 1, Semey", "seated": "0",
                                                    "capacity": "400", "price": "12000",
                                                    "status": "active"})
        got = kt.sql("SELECT field, before_value, after_value FROM audit_log WHERE venue_id = %d "
                     "AND action = 'venue_update'" % vid)
        t.ok(r.status == 303 and len(got) == 1 and list(got[0])[0] == "rent_per_hour",
             "a venue's rent change is recorded with before and after", got)
    r = ADM.submit("/admin/users/%d/role" % PROMO_ID, {"role": "organiser"})
    t.eq(r.status, 303, "the admin makes a user an organiser")
    r = ADM.get("/admin/users")
    body = html.unescape(re.sub(r"\s+", " ", r.text))
    t.ok(re.search(r"<del>attendee</del> <span[^>]*>→</span> <ins>organiser</ins>", body)
         and re.search(r"<del>10[^<]*000[^<]*</del> <span[^>]*>→</span> <ins>12[^<]*000[^<]*</ins>", body)
         and "Ball " + TAG in body,
         "the admin's page lists every change: the role, the rent, the event's cancellations")


kt.Tap().run(venues, orders, exports, audit)
