"""
Issue 11 (items 6, 7, 8) and issue 13 point 7, attacked from outside over
HTTP against the real stack:

6. "add staff" gives byte for byte the same answer (apart from tokens and
   the address typed) for an address with an account and one without; both
   are mailed; an address without an account joins the team once an account
   with it is confirmed, not before;
7. price categories of 12 and 20 Cyrillic letters (20 is the most a plan
   allows) create, show and sell; 21 letters are refused with their message
   and change nothing; a capacity below sold + held is a 422 naming the
   minimum, also while buyers buy at the same moment (never past it, no 500);
8. the door: another event's ticket shows no holder, seat or code, and names
   that event only to someone who works it too;
13.7: a POST with no body needs no Content-Type; ./dev status checks the
   instance's own port whatever KAMETAY_PORT says.
"""
import html
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

TAG = kt.unique("hard")
EN = kt.lang("en")
ORG_ID, ORG = kt.make_user("org", "organiser")
A = kt.sign_in(ORG)
DAYS = iter(range(2700, 2800))


def make_event(name, seated=False, capacity=50, max_per_person=10, price=0):
    return kt.make_event("%s %s" % (TAG, name), seated=seated, capacity=capacity, days=next(DAYS),
                         description="hardening", location="Field", organiser=ORG_ID,
                         max_per_person=max_per_person, price=price)


def field_error(resp, field):
    m = re.search(r'<p class="field-error[^"]*" id="%s-err">(.*?)</p>' % field, resp.text, re.S)
    return html.unescape(m.group(1)).strip() if m else None


def edit_pairs(v, eid, **over):
    """The edit form as the page fills it in, some fields changed."""
    body = v.get("/organiser/events/%d" % eid).text
    f = {}
    for name in ("name", "date", "time", "duration", "location", "capacity", "price",
                 "max_per_person", "sales_start", "sales_end"):
        m = re.search(r'<input[^>]*\bname="%s"[^>]*>' % name, body)
        val = re.search(r'\bvalue="([^"]*)"', m.group(0)) if m else None
        f[name] = html.unescape(val.group(1)) if val else ""
    for m in re.finditer(r'<input[^>]*\bname="(price_[^"]+)"[^>]*>', body):
        val = re.search(r'\bvalue="([^"]*)"', m.group(0))
        f[html.unescape(m.group(1))] = html.unescape(val.group(1)) if val else ""
    m = re.search(r'<textarea[^>]*name="description"[^>]*>(.*?)</textarea>', body, re.S)
    f["description"] = html.unescape(m.group(1)) if m else ""
    for sel in ("venue_id", "currency", "client_id"):
        m = re.search(r'<select[^>]*name="%s".*?</select>' % sel, body, re.S)
        o = re.search(r'<option value="([^"]*)" selected>', m.group(0)) if m else None
        f[sel] = html.unescape(o.group(1)) if o else ""
    seated = re.search(r'<input type="checkbox" id="seated"[^>]*\bchecked', body) is not None
    f["action"] = "save"
    f.update(over)
    pairs = list(f.items())
    if seated:
        pairs.append(("seated", "1"))
    pairs.append(("seated", "0"))
    return pairs


def update(v, eid, **over):
    return v.upload("/organiser/events/%d" % eid, edit_pairs(v, eid, **over))


def ev_row(eid):
    return kt.sql("SELECT name, capacity, sold, held, status FROM events WHERE id = %d" % eid)[0]


# ---------------------------------------------------------------- item 6

def team_section(resp, addr, eid):
    """The page's team section with the address and the event's id masked."""
    m = re.search(r'<section class="panel org-team".*?</section>', resp.text, re.S)
    s = m.group(0) if m else ""
    return re.sub(r'value="[^"]{20,}"', 'value="TOKEN"', s.replace(addr, "ADDR")).replace(
        "/events/%d/" % eid, "/events/N/")


def answer_of(r, eid):
    """Status, the headers that matter and the body, tokens and the event's id masked."""
    keep = sorted((k.lower(), re.sub(r"[0-9a-f]{16,}|[A-Za-z0-9_-]{30,}", "TOKEN", v).replace(
        "/events/%d#" % eid, "/events/N#")) for k, v in r.headers if k.lower() not in ("date", "content-length"))
    return r.status, keep, r.body


def staff_enumeration(t):
    """Before: an unknown address got 422 "There is no active Kametay account
    with this email address", a known one 303: the form told who has an account."""
    _, known = kt.make_user("known")
    unknown = "%s-nobody@elsewhere.test" % TAG
    ev_k, ev_u = make_event("team k"), make_event("team u")
    answers, sections = [], []
    for ev, addr in ((ev_k, known), (ev_u, unknown)):
        r = A.submit("/organiser/events/%d/staff" % ev, {"staff_email": addr, "staff_role": "door"})
        answers.append(answer_of(r, ev))
        page = A.follow(r) if r.status == 303 else r
        sections.append((page.status, team_section(page, addr, ev),
                         EN["Lang.Flash.staff_invited"] in kt.page_text(page)))
    t.ok(answers[0][0] == 303, "staff: a known address → 303", lambda: answers[0][:2])
    t.eq(answers[1], answers[0], "staff: an unknown address gets the very same answer (status, "
         "headers, body) as a known one")
    t.ok(sections[0][2] and sections[1][2], "staff: both pages say the invitation was sent",
         lambda: sections)
    t.eq(sections[1], sections[0], "staff: the team's list shows both alike (the address only)")
    r = A.get("/organiser/events/%d" % ev_k)
    t.ok("Known Test" not in r.text and "Known" not in team_section(r, known, ev_k),
         "staff: the list names no account holder", lambda: team_section(r, known, ev_k))
    audit = kt.sql("SELECT event_id, COALESCE(target_id, 0), field FROM audit_log WHERE "
                   "action = 'staff_add' AND event_id IN (%d, %d) ORDER BY event_id" % (ev_k, ev_u))
    t.ok(len(audit) == 2 and all(a[1] in ("0", "NULL") for a in audit),
         "staff: the audit log keeps no account id that would tell them apart", audit)
    subj = EN["Lang.Mail.StaffInvite.Subject"]
    mk, mu = kt.wait_mail(known, subj), kt.wait_mail(unknown, subj)
    t.ok(mk is not None and mu is not None, "staff: both addresses are mailed the invitation")
    if mu is not None:
        body = kt.plain(mu)
        t.ok("/login?next=/organiser/events/%d/checkin" % ev_u in body and "/register" in body,
             "staff: the mail links the door (sign in) and registration, no dead end", body)
    # the same address and role again: the same answer, no second mail
    r = A.submit("/organiser/events/%d/staff" % ev_u, {"staff_email": unknown, "staff_role": "door"})
    t.ok(r.status == 303 and len(kt.mails_to(unknown, subj)) == 1,
         "staff: inviting again is the same answer and no second mail", lambda: r)
    t.eq(kt.sign_in(known).get("/organiser/events/%d/checkin" % ev_k).status, 200,
         "staff: the known account works the door at once")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM event_staff WHERE event_id = %d" % ev_u), "0",
         "staff: the unknown address has no rights yet")

    # an account with that address: nothing until the address is confirmed
    r = kt.api("POST", "/api/register/", None, {"email": unknown, "password": kt.password(),
                                               "first_name": "New", "last_name": "Door", "age": 30})
    t.eq(r.status, 201, "staff: the invited address registers")
    v = kt.Visitor()
    r = v.submit("/login", {"email": unknown, "password": kt.password(), "next": "/"})
    t.ok(r.status == 303 and v.get("/organiser/events/%d/checkin" % ev_u).status == 404,
         "staff: signed in but unconfirmed: the door is still 404", lambda: r)
    vm = kt.wait_mail(unknown, EN["Lang.Mail.Verify.Subject"])
    link = re.search(r"https?://\S+/verify\?token=[\w-]+", kt.plain(vm) if vm else "")
    t.ok(link is not None, "staff: the confirmation mail came")
    if link:
        v.get(urllib.parse.urlsplit(link.group(0))._replace(scheme="", netloc="").geturl())
    t.eq(v.get("/organiser/events/%d/checkin" % ev_u).status, 200,
         "staff: once the address is confirmed the invitation has taken effect")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM staff_invites WHERE email = %s" % kt.q(unknown)), "0",
         "staff: ... and the invitation is spent")

    # an invitation is removed like a member, by its address
    other = "%s-later@elsewhere.test" % TAG
    A.submit("/organiser/events/%d/staff" % ev_u, {"staff_email": other, "staff_role": "organiser"})
    r = A.submit("/organiser/events/%d/staff/remove" % ev_u, {"staff_email": other})
    r2 = A.submit("/organiser/events/%d/staff/remove" % ev_u, {"staff_email": unknown})
    t.ok(r.status == 303 and r2.status == 303 and
         other not in team_section(A.get("/organiser/events/%d" % ev_u), "\x00", ev_u)
         and kt.sql_one("SELECT COUNT(*) FROM staff_invites WHERE event_id = %d" % ev_u) == "0"
         and kt.sql_one("SELECT COUNT(*) FROM event_staff WHERE event_id = %d" % ev_u) == "0",
         "staff: removing by address takes away an invitation and a member alike", lambda: (r, r2))
    r = A.submit("/organiser/events/%d/staff" % ev_u, {"staff_email": ORG, "staff_role": "door"})
    t.ok(r.status == 422 and field_error(r, "staff_email") == EN["Lang.Err.staff_owner"],
         "staff: the owner's own address is still refused (the owner knows it)", lambda: r)


# ---------------------------------------------------------------- item 7

CAT12 = "Балконпервый"                      # 12 letters
CAT20 = "Партерцентральныйряд"              # 20 letters, the most a plan allows
CAT21 = CAT20 + "ы"


def plan_of(vid):
    return kt.sql("SELECT s.category, COUNT(*) FROM seats s WHERE s.venue_id = %d "
                  "GROUP BY s.category ORDER BY s.category" % vid)


def long_categories(t):
    """Before: 24-byte buffers cut a Cyrillic category of 12+ letters: a 500
    on creating the event, or a price stored under a cut name and its seats
    unbuyable."""
    assert len(CAT12) == 12 and len(CAT20) == 20
    r = A.submit("/organiser/venues", {"name": "%s Зал" % TAG, "kind": "hall",
                                       "address": "Abai 1", "seated": "1", "capacity": "",
                                       "price": "1000", "status": "active"})
    m = re.match(r"^/organiser/venues/(\d+)$", r.header("Location") or "")
    if not m:
        t.ok(False, "cats: the venue was created", repr(r))
        return
    vid = int(m.group(1))
    gen = {"curve": "0", "aisle": "0", "labels": "numbers",
           "s0_name": "Зал", "s0_rows": "2", "s0_seats": "5", "s0_category": CAT12, "s0_ranges": "2: " + CAT20}
    r = A.submit("/organiser/venues/%d/plan/generate" % vid, gen)
    t.ok(r.status == 303 and plan_of(vid) == [[CAT12, "5"], [CAT20, "5"]] or
         sorted(map(tuple, plan_of(vid))) == sorted([(CAT12, "5"), (CAT20, "5")]),
         "cats: a plan with 12- and 20-letter Cyrillic categories is stored whole", lambda: (r, plan_of(vid)))
    before = plan_of(vid)
    for where, over in (("the section's category", {"s0_category": CAT21}),
                        ("a range's category", {"s0_ranges": "2: " + CAT21})):
        r = A.submit("/organiser/venues/%d/plan/generate" % vid, dict(gen, **over))
        msg = EN["Lang.Venue.Err.category_long"]
        t.ok(r.status == 422 and msg in kt.page_text(r) and plan_of(vid) == before,
             "cats: 21 letters in %s → 422 %r, the plan unchanged" % (where, msg), lambda: r.status)
    sid = kt.sql_one("SELECT id FROM seats WHERE venue_id = %d ORDER BY id LIMIT 1" % vid)
    sec = kt.sql_one("SELECT section_id FROM seats WHERE id = %s" % sid)
    r = A.submit("/organiser/venues/%d/seats/%s" % (vid, sid),
                 {"section_id": sec, "row": "1", "seat": "1", "category": CAT21, "x": "10", "y": "10"})
    t.ok(r.status == 422 and field_error(r, "category") == EN["Lang.Venue.Err.category_long"]
         and plan_of(vid) == before, "cats: a seat edited to 21 letters → 422 with the message, unchanged",
         lambda: (r.status, field_error(r, "category")))

    # the event through the page, prices per category
    date = kt.sql_one("SELECT DATE_FORMAT(CONVERT_TZ(UTC_TIMESTAMP() + INTERVAL %d DAY, '+00:00', "
                      "'+05:00'), '%%Y-%%m-%%d')" % next(DAYS))
    pairs = [("name", "%s Кириллица" % TAG), ("description", "x"), ("date", date), ("time", "19:00"),
             ("duration", "60"), ("venue_id", str(vid)), ("location", ""), ("capacity", ""),
             ("price", ""), ("price_" + CAT12, "1200"), ("price_" + CAT20, "2000"), ("currency", "KZT"),
             ("max_per_person", "4"), ("sales_start", ""), ("sales_end", ""), ("client_id", ""),
             ("action", "publish"), ("seated", "1"), ("seated", "0")]
    r = A.upload("/organiser/events", pairs)
    m = re.match(r"^/organiser/events/(\d+)$", r.header("Location") or "")
    t.ok(m is not None, "cats: the seated event is created through the page (no 500)", lambda: r)
    if not m:
        return
    eid = int(m.group(1))
    t.eq(sorted(map(tuple, kt.sql("SELECT category, price FROM event_prices WHERE event_id = %d" % eid))),
         sorted([(CAT12, "120000"), (CAT20, "200000")]), "cats: both prices stored under the whole names")
    page = A.get("/organiser/events/%d" % eid)
    t.ok(CAT12 in page.text and CAT20 in page.text and 'value="2000"' in page.text,
         "cats: the edit form shows the categories and their prices")
    seats_page = kt.get("/events/%d/seats" % eid)
    t.ok(seats_page.status == 200 and CAT12 in seats_page.text and CAT20 in seats_page.text,
         "cats: the seat picker shows both categories", lambda: seats_page.status)
    seats = kt.api("GET", "/api/events/%d/seats/" % eid).json()["seats"]
    _, buyer = kt.make_user("catbuyer")
    tok = kt.api_token(buyer)
    for cat, price in ((CAT12, 120000), (CAT20, 200000)):
        s = [x for x in kt.sql("SELECT id FROM seats WHERE venue_id = %d AND category = %s LIMIT 1"
                               % (vid, kt.q(cat)))]
        one = [x for x in seats if s and str(x["id"]) == s[0][0]]
        t.ok(one and one[0]["price"] == price, "cats: the API's seat map prices %s" % cat, one)
        r = kt.api("POST", "/api/events/%d/purchase/" % eid, tok, {"seats": [int(s[0][0])]})
        t.ok(r.status == 201, "cats: a seat of %d letters is bought" % len(cat), lambda: r)
        if r.status == 201:
            code = r.json()["tickets"][0]["code"]
            t.eq(kt.sql_one("SELECT price FROM tickets WHERE code = %s" % kt.q(code)), str(price),
                 "cats: ... at its price")
    # the API's create with prices by category
    r = kt.api("POST", "/api/events/", kt.api_token(ORG), {
        "name": "%s API Кириллица" % TAG, "description": "x",
        "starts_at": kt.sql_one("SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL %d DAY, "
                                "'%%Y-%%m-%%dT19:00:00+00:00')" % next(DAYS)),
        "duration_minutes": 60, "venue_id": vid, "seated": True,
        "prices": {CAT12: 150000, CAT20: 250000}, "currency": "KZT"})
    t.ok(r.status == 201, "cats: the API creates the seated event with both categories", lambda: r)
    if r.status == 201:
        t.eq(sorted(map(tuple, kt.sql("SELECT category, price FROM event_prices WHERE event_id = %d"
                                      % r.json()["id"]))),
             sorted([(CAT12, "150000"), (CAT20, "250000")]), "cats: ... with the whole names")


def capacity_min(t):
    """Before: a capacity below sold + held hit the CHECK events_held_cap: 500."""
    eid = make_event("lowered capacity", capacity=10)
    v = kt.Visitor()
    r = v.submit("/events/%d/hold" % eid, {"quantity": "3"})
    _, buyer = kt.make_user("capbuyer")
    kt.buy(kt.api_token(buyer), eid, quantity=4)
    before = ev_row(eid)
    t.ok(r.status in (200, 303) and before[2:4] == ["4", "3"], "capacity: 4 sold and 3 held", before)
    r = update(A, eid, capacity="6")
    want = EN["Lang.Err.capacity_min"].replace("{n}", "7")
    t.ok(r.status == 422 and field_error(r, "capacity") == want,
         "capacity: 6 with 4 sold + 3 held → 422 naming the minimum, 7", lambda: (r.status, field_error(r, "capacity")))
    t.eq(ev_row(eid), before, "capacity: ... nothing changed")
    r = update(A, eid, capacity="7")
    t.ok(r.status == 303 and ev_row(eid)[1] == "7", "capacity: 7 = sold + held is taken", lambda: r)


def capacity_race(t):
    """Buyers buying while the organiser lowers the capacity: never sold past
    the capacity, no 500, the organiser told the minimum when refused."""
    eid = make_event("race on capacity", capacity=40, max_per_person=2)
    toks = [kt.api_token(kt.make_user("race%d" % i)[1]) for i in range(24)]
    results, lock = [], threading.Lock()
    go = threading.Event()

    def buy(tok):
        go.wait()
        r = kt.api("POST", "/api/events/%d/purchase/" % eid, tok, {"quantity": 1})
        with lock:
            results.append(("buy", r.status, r.json().get("error") if r.status != 201 else None))

    def lower():
        go.wait()
        for cap in ("20", "12", "8"):
            r = update(A, eid, capacity=cap)
            with lock:
                results.append(("cap", r.status, cap, field_error(r, "capacity")))

    ths = [threading.Thread(target=buy, args=(tk,)) for tk in toks] + [threading.Thread(target=lower)]
    for th in ths:
        th.start()
    go.set()
    for th in ths:
        th.join()
    row = ev_row(eid)
    bad = [x for x in results if x[1] >= 500]
    t.eq(bad, [], "race: no 500 for buyers or the organiser")
    t.ok(all(x[1] == 201 or (x[1] == 409 and x[2] == "sold_out") for x in results if x[0] == "buy"),
         "race: every buyer got a ticket or 409 sold_out", results)
    caps = [x for x in results if x[0] == "cap"]
    t.ok(all(x[1] == 303 or (x[1] == 422 and x[3] and "{n}" not in x[3]) for x in caps),
         "race: each lowering was taken or refused with the minimum named", caps)
    t.ok(int(row[2]) + int(row[3]) <= int(row[1]), "race: sold + held within the capacity (%s)" % row, row)
    sold_tickets = kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d AND status = 'valid'" % eid)
    t.ok(int(sold_tickets) == int(row[2]) <= int(row[1]), "race: tickets = sold <= capacity",
         (sold_tickets, row))


# ---------------------------------------------------------------- item 8

def door_other_event(t):
    """Before: another event's ticket showed its holder and seat at the door,
    and its event's name to anyone."""
    ev = make_event("door mine")
    other = make_event("door theirs", seated=True)
    did, door = kt.make_user("door")
    kt.sql_exec("INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES (%d, %d, 'door', %d)"
                % (ev, did, ORG_ID))
    _, holder = kt.make_user("Zhanargul")
    code = kt.buy(kt.api_token(holder), other, seats=kt.free_seats(other, 1))["tickets"][0]["code"]
    seat = kt.sql("SELECT s.row_label, s.seat_label, sec.name FROM tickets tk JOIN seats s ON s.id = tk.seat_id "
                  "JOIN venue_sections sec ON sec.id = s.section_id WHERE tk.code = %s" % kt.q(code))[0]
    other_name = "%s door theirs" % TAG
    d = kt.sign_in(door)
    url = "/organiser/events/%d/checkin" % ev

    def scan():
        return d.submit(url, {"code": code})

    r = scan()
    panel = re.search(r'<div class="checkin-result.*?</div>', r.text, re.S)
    panel = panel.group(0) if panel else ""
    t.ok(r.status == 422 and 'data-result="wrong_event"' in panel, "door: another event's ticket → 422 wrong event",
         lambda: r)
    t.ok("Zhanargul" not in r.text and "checkin-facts" not in r.text and
         code[:4] not in panel and "%s, " % seat[2] not in r.text,
         "door: no holder, seat or code of that ticket", panel)
    t.ok(other_name not in r.text, "door: the other event is not named to staff of this one only", panel)
    kt.sql_exec("INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES (%d, %d, 'door', %d)"
                % (other, did, ORG_ID))
    r = scan()
    t.ok(r.status == 422 and other_name in r.text and
         'href="/organiser/events/%d/checkin"' % other in r.text and "Zhanargul" not in r.text,
         "door: staff of both events are told which, with a link to its door, still no holder", lambda: r)
    t.eq(kt.sql_one("SELECT status FROM tickets WHERE code = %s" % kt.q(code)), "valid",
         "door: the ticket is not used by the wrong door")


# ---------------------------------------------------------------- 13.7

def raw_post(path, tok, extra=b""):
    s = socket.create_connection(("127.0.0.1", int(urllib.parse.urlsplit(kt.URL).port)), timeout=30)
    s.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
              tok.encode() + b"\r\n" + extra + b"Connection: close\r\n\r\n")
    out = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
    s.close()
    head, _, body = out.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def bodyless_posts(t):
    """Before: both cancels without a body answered 415."""
    _, holder = kt.make_user("bodyless")
    tok = kt.api_token(holder)
    ev = make_event("bodyless cancel")
    codes = kt.buy_codes(tok, ev, 2)
    st, body = raw_post("/api/tickets/%s/cancel/" % codes[0], tok, b"Content-Length: 0\r\n")
    t.ok(st == 200, "api: POST /api/tickets/{code}/cancel/ with Content-Length 0 and no type → 200",
         lambda: (st, body[:200]))
    st, body = raw_post("/api/tickets/%s/cancel/" % codes[1], tok)
    t.ok(st == 200, "api: ... with no Content-Length either → 200", lambda: (st, body[:200]))
    t.eq(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE code IN (%s, %s) AND status = 'cancelled'"
                    % (kt.q(codes[0]), kt.q(codes[1]))), "2", "api: both tickets are cancelled")
    st, body = raw_post("/api/events/%d/cancel/" % ev, kt.api_token(ORG), b"Content-Length: 0\r\n")
    t.ok(st == 200 and kt.sql_one("SELECT status FROM events WHERE id = %d" % ev) == "cancelled",
         "api: POST /api/events/{id}/cancel/ with no body → 200, cancelled", lambda: (st, body[:200]))
    st, body = raw_post("/api/events/%d/purchase/" % make_event("buy with no body"), tok, b"Content-Length: 0\r\n")
    t.ok(st in (400, 422) and b'"message"' in body and b"quantity" in body.lower() or b"seats" in body.lower(),
         "api: a purchase with no body is refused naming what is missing, not 415", lambda: (st, body[:300]))


def api_messages(t):
    """Before: a 422 said "Please fill in this field." without saying which,
    and a bad refresh token was "This link is invalid or has expired"."""
    r = kt.api("POST", "/api/register/", None, {})
    t.ok(r.status == 422 and r.json()["message"].startswith(next(iter(r.json()["fields"])) + ": "),
         "api: a 422's message names its field", lambda: r)
    r = kt.api("POST", "/api/register/", None, {"email": "x", "password": "p"}, lang="ru")
    t.ok(r.status == 422 and r.json()["message"].split(": ", 1)[0] in r.json()["fields"] and
         r.json()["message"].split(": ", 1)[1] in r.json()["fields"].values(),
         "api: ... in the visitor's language, the text of that field", lambda: r)
    for path, body, tok in (("/api/token/refresh/", {"refresh": "not.a.token"}, None),
                            ("/api/me/", None, "not.a.token")):
        r = kt.api("POST" if body else "GET", path, tok, body)
        t.ok(r.status == 401 and r.json()["error"] == "token_invalid" and
             r.json()["message"] == EN["Lang.ApiErr.token_invalid"],
             "api: %s with a bad token says the token is not valid (not a link)" % path, lambda: r)


def dev_status(t):
    """Before: with KAMETAY_PORT set, ./dev status checked that port, not the
    instance's (and failed)."""
    var = os.environ.get("KAMETAY_VAR")
    if not var or not os.path.isdir(os.path.join(var, "run")):
        t.skip("dev status", "no instance directory")
        return
    tmp = tempfile.mkdtemp(prefix="kt-status-")
    try:
        shutil.copy(os.path.join(kt.ROOT, "dev"), os.path.join(tmp, "dev"))
        os.makedirs(os.path.join(tmp, "var", "run"))
        for f in os.listdir(os.path.join(var, "run")):
            if f.endswith(".pid"):
                os.symlink(os.path.join(var, "run", f), os.path.join(tmp, "var", "run", f))
        shutil.copy(os.environ.get("KAMETAY_CONFIG") or os.path.join(var, "kametay.hdf"),
                    os.path.join(tmp, "var", "kametay.hdf"))
        env = dict(os.environ, KAMETAY_PORT="1")
        p = subprocess.run([os.path.join(tmp, "dev"), "status"], env=env, capture_output=True, text=True,
                           timeout=60)
        t.ok(p.returncode == 0 and "%s/  GET /healthz: 200" % kt.URL in p.stdout,
             "dev status: with KAMETAY_PORT=1 it checks the instance's own port (%s)" % kt.URL,
             lambda: (p.returncode, p.stdout, p.stderr[-500:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


kt.Tap().run(staff_enumeration, long_categories, capacity_min, capacity_race, door_other_event,
             bodyless_posts, api_messages, dev_status)
