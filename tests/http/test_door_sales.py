"""
The door and the sales dashboard (issue 12, points 4 and 5):

- two doors scanning one ticket at the same moment let one person in (the
  conditional update is the referee): one 200 "valid", one 409 "already
  used" naming the winner's door and time, many times over;
- the door's field, verdicts and counts without JavaScript;
- a scripted day of sales and cancellations written straight into the
  database with chosen times, then the dashboard's figures (page and CSV,
  read with Python's csv module) against the database; a category named
  <script> stays text in the SVG and the tables, a formula-looking one is
  inert in the CSV; door staff and other organisers get 404;
- the admin's top events show revenue, across organisers;
- EXPLAIN of the dashboard's statements: index ranges, no table scan.
"""
import csv
import io
import os
import random
import re
import sys
import threading
import zoneinfo
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

EN = kt.lang("en")
ORG = kt.sql_one("SELECT id FROM users WHERE role = 'organiser' ORDER BY id LIMIT 1")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TZ = zoneinfo.ZoneInfo("Asia/Almaty")


def new_code():
    return "".join(random.choice(ALPHABET) for _ in range(24))


def text_of(r):
    return kt.page_text(r)


def door_race(t):
    ev = kt.make_event("door race", seated=False, capacity=100, days=900)
    did, door = kt.make_user("racedoor")
    kt.sql_exec("INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES "
                "(%d, %s, 'door', %s)" % (ev, did, ORG))
    _, att = kt.make_user("raceguest")
    _, att2 = kt.make_user("raceguest2")
    codes = kt.buy_codes(kt.api_token(att), ev, 4) + kt.buy_codes(kt.api_token(att2), ev, 4)
    url = "/organiser/events/%d/checkin" % ev
    north, south = kt.sign_in(door), kt.sign_in(door)
    cn, cs = kt.csrf_token(north.get(url)), kt.csrf_token(south.get(url))
    bad = []
    for code in codes:
        barrier = threading.Barrier(2)
        out = {}

        def scan(name, v, csrf):
            barrier.wait()
            out[name] = v.submit(url, {"code": code, "door": name}, csrf)

        th = [threading.Thread(target=scan, args=("North", north, cn)),
              threading.Thread(target=scan, args=("South", south, cs))]
        for x in th:
            x.start()
        for x in th:
            x.join()
        st = sorted(r.status for r in out.values())
        winner = kt.sql_one("SELECT checked_in_door FROM tickets WHERE code = %s" % kt.q(code))
        loser = [r for r in out.values() if r.status == 409]
        if st != [200, 409] or not loser or winner not in ("North", "South") or \
                winner not in text_of(loser[0]) or \
                EN["Lang.Shop.Checkin.already"] not in text_of(loser[0]):
            bad.append((code, st, winner))
    t.ok(not bad, "race: %d tickets each scanned at two doors at once: one 200, one 409 naming "
         "the door that let it in" % len(codes), lambda: bad)
    t.eq(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d AND status = 'used'" % ev),
         str(len(codes)), "race: every ticket used once")
    r = north.get(url)
    t.ok(re.search(r'class="checkin-count">%d<' % len(codes), r.text) and
         re.search(r'class="checkin-expected">%d<' % len(codes), r.text),
         "race: the page counts %d in of %d expected" % (len(codes), len(codes)), lambda: r.text[-3000:])
    r = north.submit(url, {"code": codes[0], "door": "East"}, cn)
    t.ok(r.status == 409 and re.search(r"checkin-at-time\">\d\d:\d\d:\d\d<", r.text) and
         'value="East"' in r.text, "door: already used says when; the form keeps this door's name",
         lambda: r)
    r = north.submit(url, {"code": "Z" * 24, "door": "x" * 41}, cn)
    t.ok(r.status == 422 and 'data-result="invalid"' in r.text and "x" * 41 not in r.text,
         "door: an unknown code → invalid; an over-long door name is dropped", lambda: r)
    t.ok('name="door"' in r.text and '<label for="door">' in r.text and
         '<label for="code">' in r.text, "door: both fields have labels")


# ---------------------------------------------------------------- the dashboard

def utc(local):
    """A local Almaty time as the UTC DATETIME text the database keeps."""
    return local.replace(tzinfo=TZ).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def add_ticket(ev, category, price, created, status="valid", cancelled=None, checked=None):
    kt.sql_exec(
        "INSERT INTO orders (event_id, user_id, buyer, buyer_email, buyer_name, lang, status, total, "
        "currency, created_at) VALUES (%d, NULL, 'g:dash@kametay.test', 'dash@kametay.test', "
        "'Dash Buyer', 'en', 'paid', %d, 'KZT', %s)" % (ev, price, kt.q(utc(created))))
    oid = kt.sql_one("SELECT MAX(id) FROM orders WHERE event_id = %d" % ev)
    kt.sql_exec(
        "INSERT INTO tickets (code, order_id, event_id, category, price, status, created_at, "
        "cancelled_at, checked_in_at) VALUES (%s, %s, %d, %s, %d, %s, %s, %s, %s)"
        % (kt.q(new_code()), oid, ev, kt.q(category), price, kt.q(status), kt.q(utc(created)),
           kt.q(utc(cancelled)) if cancelled else "NULL", kt.q(utc(checked)) if checked else "NULL"))


XSS = "<script>x</script>"
FORMULA = "=HYPERLINK(\"http://x\")"


def dashboard(t):
    oid, oaddr = kt.make_user("dashorg", role="organiser")
    ev = kt.make_event("dash main", seated=False, capacity=40, days=950, organiser=oid)
    ev2 = kt.make_event(FORMULA, seated=False, capacity=10, days=960, organiser=oid)
    d1 = datetime(2026, 11, 2, 0, 0)
    # the first day: 10:00, 10:40, 14:15 (one cancelled the next day)
    add_ticket(ev, "A", 500000, d1 + timedelta(hours=10))
    add_ticket(ev, "A", 500000, d1 + timedelta(hours=10, minutes=40), status="used",
               checked=d1 + timedelta(days=20, hours=18, minutes=5))
    add_ticket(ev, XSS, 100000, d1 + timedelta(hours=14, minutes=15), status="cancelled",
               cancelled=d1 + timedelta(days=1, hours=9))
    # the third day: two more, one checked in later
    add_ticket(ev, XSS, 100000, d1 + timedelta(days=2, hours=20), status="used",
               checked=d1 + timedelta(days=20, hours=18, minutes=20))
    add_ticket(ev, "A", 500000, d1 + timedelta(days=2, hours=21))
    add_ticket(ev2, "GA", 150000, d1 + timedelta(days=1, hours=12))
    o = kt.sign_in(oaddr)
    r = o.get("/organiser/events/%d/sales" % ev)
    t.ok(r.status == 200, "dashboard: the organiser opens the event's dashboard", lambda: r)
    body = r.text

    def dd(cls):
        m = re.search(r'class="%s">([^<]*)<' % cls, body)
        return m.group(1).strip() if m else None

    db_sold = kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d AND status IN ('valid','used')" % ev)
    db_rev = int(kt.sql_one("SELECT SUM(price) FROM tickets WHERE event_id = %d AND status IN ('valid','used')" % ev))
    t.eq(dd("sales-sold"), db_sold, "dashboard: tickets sold = the database's live tickets (4)")
    t.ok(dd("sales-revenue") is not None and
         re.sub(r"\D", "", dd("sales-revenue")) == str(db_rev // 100),
         "dashboard: revenue = the database's (%d)" % (db_rev // 100), lambda: dd("sales-revenue"))
    t.eq(dd("sales-cancelled"), "1", "dashboard: one cancellation")
    t.eq(dd("sales-checked-in"), "2", "dashboard: two checked in")
    t.eq(dd("sales-left"), "%d / 40" % (40 - int(db_sold)), "dashboard: capacity left")
    t.ok(body.count("<svg class=\"chart\"") >= 5 and "<title id=" in body and "<desc id=" in body,
         "dashboard: the charts are SVG with a title and a description", lambda: body.count("<svg"))
    t.ok(body.count('class="table sales-table"') >= 5,
         "dashboard: each chart has a table behind it")
    t.ok(XSS not in body and "&lt;script&gt;x&lt;/script&gt;" in body,
         "dashboard: a category named <script> is text in the SVG and the table, never markup")
    # per hour of the first day: 10:00 → 2, 14:00 → 1
    hours = re.search(r'data-chart="sold_hours">(.*?)</table>', body, re.S)
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', hours.group(1))) if hours else {}
    t.ok(rows.get("10:00") == "2" and rows.get("14:00") == "1" and rows.get("11:00") == "0" and
         len(rows) == 24, "dashboard: per hour of the first day (local time): 2 at 10, 1 at 14",
         lambda: rows)

    r = o.get("/organiser/events/%d/sales.csv" % ev)
    t.ok(r.status == 200 and r.header("Content-Type", "").startswith("text/csv") and
         r.body.startswith(b"\xef\xbb\xbf") and b"\r\n" in r.body,
         "csv: text/csv, UTF-8 with a BOM, CRLF", lambda: r)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[0], ["series", "label", "tickets", "revenue"], "csv: the header")
    got = {(x[0], x[1]): (int(x[2]), x[3]) for x in rows[1:]}
    # the same figures computed here from the database
    off = int(datetime(2026, 11, 2, tzinfo=TZ).utcoffset().total_seconds())
    want_days = {k: int(n) for k, n in kt.sql(
        "SELECT DATE_FORMAT(created_at + INTERVAL %d SECOND, '%%Y-%%m-%%d'), COUNT(*) FROM tickets "
        "WHERE event_id = %d GROUP BY 1" % (off, ev))}
    got_days = {k[1]: v[0] for k, v in got.items() if k[0] == "days" and v[0]}
    t.eq(got_days, want_days, "csv: tickets per day = the database's, by local day")
    t.eq(got.get(("days", "2026-11-03")), (0, "0.00"), "csv: a day without sales is a zero row")
    want_cancel = {k: int(n) for k, n in kt.sql(
        "SELECT DATE_FORMAT(cancelled_at + INTERVAL %d SECOND, '%%Y-%%m-%%d'), COUNT(*) FROM tickets "
        "WHERE event_id = %d AND cancelled_at IS NOT NULL GROUP BY 1" % (off, ev))}
    t.eq({k[1]: v[0] for k, v in got.items() if k[0] == "cancellations" and v[0]}, want_cancel,
         "csv: cancellations per day = the database's")
    t.eq(got.get(("categories", "A")), (3, "15000.00"), "csv: category A: 3 tickets, 15000.00")
    t.eq(got.get(("categories", XSS)), (1, "1000.00"), "csv: the <script> category as plain text")
    t.eq(got.get(("total", "sold")), (int(db_sold), "%d.00" % (db_rev // 100)), "csv: the totals")
    t.eq(got.get(("total", "capacity_left")), (40 - int(db_sold), "0.00"), "csv: capacity left")
    t.eq({k[1]: v[0] for k, v in got.items() if k[0] == "checkins"},
         {"2026-11-22 18:00": 1, "2026-11-22 18:15": 1}, "csv: check-ins per quarter hour on the day")

    # all of the organiser's events, with the formula-looking name inert in the CSV
    r = o.get("/organiser/sales")
    t.ok(r.status == 200 and "dash main" in r.text and "/organiser/events/%d/sales" % ev2 in r.text,
         "all events: the organiser's dashboard lists both events", lambda: r)
    t.ok(re.search(r'class="sales-sold">5<', r.text), "all events: 5 tickets sold over both")
    r = o.get("/organiser/sales.csv")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    names = [x[1] for x in rows if x[0] == "event"]
    t.ok("'" + FORMULA in names and FORMULA not in names,
         "all events csv: a name starting with = is made inert with a leading '", lambda: names)
    t.ok(("days", "2026-11-03") in {(x[0], x[1]) for x in rows} and
         [x for x in rows if x[:2] == ["days", "2026-11-03"]][0][2] == "1",
         "all events csv: the other event's sale on the second day counts", lambda: rows)

    # who may see it
    did, door = kt.make_user("dashdoor")
    kt.sql_exec("INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES "
                "(%d, %s, 'door', %s)" % (ev, did, oid))
    dv = kt.sign_in(door)
    t.eq(dv.get("/organiser/events/%d/sales" % ev).status, 404, "dashboard: door staff get 404")
    t.eq(dv.get("/organiser/events/%d/sales.csv" % ev).status, 404, "dashboard csv: door staff get 404")
    t.eq(dv.get("/organiser/events/%d/checkin" % ev).status, 200, "... but the door is theirs")
    demo = kt.sign_in("organiser@kametay.test")
    t.eq(demo.get("/organiser/events/%d/sales" % ev).status, 404,
         "dashboard: another organiser gets 404")
    r = dv.get("/events/%d" % ev)
    t.ok("/organiser/events/%d/checkin" % ev in r.text and "/organiser/events/%d/sales" % ev not in r.text,
         "event page: door staff see the check-in link only", lambda: r)
    r = o.get("/events/%d" % ev)
    t.ok("/organiser/events/%d/checkin" % ev in r.text and "/organiser/events/%d/sales" % ev in r.text,
         "event page: the organiser sees check-in and sales")
    r = o.get("/organiser/events/%d" % ev)
    t.ok("/organiser/events/%d/checkin" % ev in r.text, "organiser's event page links to check-in")

    # the admin's top events: revenue, whoever organises
    kt.sql_exec("UPDATE events SET capacity = 10000000, sold = 9000000 WHERE id = %d" % ev)
    admin = kt.sign_in(kt.demo_accounts()["admin"][0], pw=kt.demo_accounts()["admin"][1])
    r = admin.get("/admin/events")
    top = r.text[r.text.find('class="top-events"'):]
    m = re.search(r'/organiser/events/%d"[^\n]*\n(?:(?!</tr>).)*?class="top-revenue">([^<]*)<' % ev, top, re.S)
    t.ok(m and re.sub(r"\D", "", m.group(1)) == str(db_rev // 100),
         "admin: the top events show revenue (another organiser's event)", lambda: m and m.group(1))
    kt.sql_exec("UPDATE events SET sold = 0, capacity = 40 WHERE id = %d" % ev)


def explain(t):
    """The dashboard's statements read index ranges (migration 015)."""
    ev = kt.sql_one("SELECT MAX(id) FROM events")
    plans = {
        "days": "SELECT DATE_FORMAT(t.created_at, '%%Y-%%m-%%d') AS slot, COUNT(*), SUM(t.price) "
                "FROM tickets t WHERE t.event_id = %s GROUP BY slot" % ev,
        "categories": "SELECT t.category, COUNT(*), SUM(t.price) FROM tickets t WHERE t.event_id = %s "
                      "AND t.status IN ('valid','used') GROUP BY t.category" % ev,
        "cancels": "SELECT COUNT(*) FROM tickets t WHERE t.event_id = %s AND t.cancelled_at IS NOT NULL" % ev,
        "checkins": "SELECT COUNT(*) FROM tickets t WHERE t.event_id = %s AND t.checked_in_at IS NOT NULL" % ev,
        "org": "SELECT COUNT(*) FROM tickets t JOIN events e ON e.id = t.event_id "
               "WHERE e.organiser_id = %s AND e.status <> 'draft'" % ORG,
    }
    for name, q in plans.items():
        rows = kt.sql("EXPLAIN " + q)
        # id select_type table type possible_keys key ...
        scans = [r for r in rows if r[2] == "t" and (r[3] == "ALL" or r[5] in ("NULL", ""))]
        t.ok(not scans, "explain %s: tickets read through an index" % name, lambda: rows)


kt.Tap().run(door_race, dashboard, explain)
