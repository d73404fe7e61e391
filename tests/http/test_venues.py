"""
Issue 4, venues and hall plans, against the running stack: the venue list
and forms with their validation, a generated plan of three sections (seats
in the database, the SVG in the page), one seat edited and deleted, CSV
export -> import of the same file -> the same plan, broken CSV refused with
its line number and nothing changed, another organiser's venue (404 in
pages, absent from the API), attendees (403), CSRF, escaping of venue names
and seat labels, and a plan with a live ticket that cannot change.

The users are made here with the demo organiser's password hash copied
(kt.sql), so the test needs no mail round trip; each has its own address.
"""

import html
import json
import os
import re
import uuid

import kt

kt.need_stack()

EN, RU = kt.lang("en"), kt.lang("ru")
TAG = kt.unique("ven")
CSV_HEADER = "section,row,seat,x,y,category"


kt.clear_login_failures()
ORG_A_ID, ORG_A = kt.make_user("alma", "organiser")
ORG_A_ID = str(ORG_A_ID)
_, ORG_B = kt.make_user("bota", "organiser")
_, ATTENDEE = kt.make_user("dana", "attendee")
_, ADMIN = kt.make_user("erlan", "admin")
A, B, ATT, ADM = kt.sign_in(ORG_A), kt.sign_in(ORG_B), kt.sign_in(ATTENDEE), kt.sign_in(ADMIN)

STATE = {}


# ---------------------------------------------------------------- helpers

def venue_fields(**over):
    f = {"name": "Semey Philharmonic " + TAG, "kind": "theatre",
         "address": "Abai Ave 98, Semey", "seated": "1", "capacity": "",
         "price": "40000.50", "status": "active"}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def create_venue(v, **over):
    r = v.submit("/organiser/venues", venue_fields(**over))
    m = re.match(r"^/organiser/venues/(\d+)$", r.header("Location") or "")
    return r, (int(m.group(1)) if m else None)


def venue_row(vid):
    rows = kt.sql("SELECT name, kind, address, capacity, seated, price_per_hour, status, owner_id "
                  "FROM venues WHERE id = %d" % vid)
    return rows[0] if rows else None


def plan_rows(vid):
    """The stored plan, in plan order: (section, row, seat, x, y, category)."""
    return [tuple(r) for r in kt.sql(
        "SELECT sec.name, s.row_label, s.seat_label, s.x, s.y, s.category FROM seats s "
        "JOIN venue_sections sec ON sec.id = s.section_id WHERE s.venue_id = %d "
        "ORDER BY sec.position, sec.id, s.id" % vid)]


def seat_count(vid, section=None):
    extra = ""
    if section is not None:
        extra = " AND section_id = (SELECT id FROM venue_sections WHERE venue_id = %d AND name = %s)" % (
            vid, kt.q(section))
    return int(kt.sql_one("SELECT COUNT(*) FROM seats WHERE venue_id = %d%s" % (vid, extra)))


def gen_fields(sections, **opts):
    f = {"curve": "0", "aisle": "0", "labels": "numbers"}
    for i, s in enumerate(sections):
        name, rows, per_row, cat = s[:4]
        f["s%d_name" % i] = name
        f["s%d_rows" % i] = str(rows)
        f["s%d_seats" % i] = str(per_row)
        f["s%d_category" % i] = cat
        f["s%d_ranges" % i] = s[4] if len(s) > 4 else ""
    f.update({k: str(v) for k, v in opts.items()})
    return f


def generate(v, vid, sections, **opts):
    return v.submit("/organiser/venues/%d/plan/generate" % vid, gen_fields(sections, **opts))


def export_csv(v, vid):
    return v.get("/organiser/venues/%d/plan.csv" % vid)


def import_file(v, vid, data, csrf=True):
    return v.upload("/organiser/venues/%d/plan/import" % vid, {"csv_text": ""},
                    {"csv_file": ("plan.csv", data, "text/csv")}, csrf=csrf)


def import_text(v, vid, text):
    return v.upload("/organiser/venues/%d/plan/import" % vid, {"csv_text": text})


def text_of(resp):
    return kt.page_text(resp)


def seat_id(vid, section, row, seat):
    return int(kt.sql_one(
        "SELECT s.id FROM seats s JOIN venue_sections sec ON sec.id = s.section_id "
        "WHERE s.venue_id = %d AND sec.name = %s AND s.row_label = %s AND s.seat_label = %s"
        % (vid, kt.q(section), kt.q(row), kt.q(seat))))


def no_inline_code(resp):
    """No style attributes and no script without src (the CSP would block them)."""
    body = resp.text
    return ("style=" not in body and
            not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body))


# ---------------------------------------------------------------- sections

def access(t):
    r = kt.Client().get("/organiser/venues")
    t.ok(r.status == 302 and (r.header("Location") or "").startswith("/login?next="),
         "anonymous: /organiser/venues sends to sign-in", repr(r))
    r = ATT.get("/organiser/venues")
    t.eq(r.status, 403, "attendee: /organiser/venues is 403")
    r = ATT.submit("/organiser/venues", venue_fields(name="Attendee venue " + TAG))
    t.eq(r.status, 403, "attendee: creating a venue is 403")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM venues WHERE name = %s" % kt.q("Attendee venue " + TAG)),
         "0", "attendee: no venue was created")
    r = kt.Client().get("/api/venues/")
    t.ok(r.status == 401 and r.json().get("error"), "API: no token is 401 JSON", repr(r))
    r = kt.api("GET", "/api/venues/", kt.api_token(ATTENDEE))
    t.ok(r.status == 403 and r.header("Content-Type", "").startswith("application/json")
         and r.json().get("error") == "forbidden", "API: attendee is 403 JSON", repr(r))


def validation(t):
    before = kt.sql_one("SELECT COUNT(*) FROM venues")
    cases = [
        ({"name": ""}, "name", EN["Lang.Err.required"]),
        ({"name": "x" * 201}, "name", EN["Lang.Err.too_long"]),
        ({"kind": "castle"}, "kind", EN["Lang.Venue.Err.kind_invalid"]),
        ({"address": " "}, "address", EN["Lang.Err.required"]),
        ({"status": "deleted"}, "status", EN["Lang.Venue.Err.status_invalid"]),
        ({"seated": "maybe"}, "seated", EN["Lang.Venue.Err.seated_invalid"]),
        ({"seated": None, "capacity": "abc"}, "capacity", EN["Lang.Venue.Err.capacity_invalid"]),
        ({"seated": None, "capacity": "0"}, "capacity", EN["Lang.Venue.Err.capacity_invalid"]),
        ({"seated": None, "capacity": ""}, "capacity", EN["Lang.Err.required"]),
        ({"price": "-5"}, "price", EN["Lang.Venue.Err.price_invalid"]),
        ({"price": "12.345"}, "price", EN["Lang.Venue.Err.price_invalid"]),
    ]
    for over, field, msg in cases:
        r, _ = create_venue(A, **over)
        m = re.search(r'<p class="field-error" id="%s-err">([^<]*)</p>' % field, r.text)
        t.ok(r.status == 422 and m and html.unescape(m.group(1)) == msg,
             "create with %r: 422 and the %s field's message" % (over, field),
             lambda: (r.status, m and m.group(1), r.text[:400]))
    t.eq(kt.sql_one("SELECT COUNT(*) FROM venues"), before, "bad input created no venue")
    r, _ = create_venue(A, name="")
    t.ok('value="Abai Ave 98, Semey"' in r.text, "the form keeps what was typed")

    # Russian wording for the same mistake
    ru = kt.sign_in(ORG_A, "ru")
    r, _ = create_venue(ru, kind="castle")
    t.ok(r.status == 422 and RU["Lang.Venue.Err.kind_invalid"] in text_of(r),
         "the message is in the visitor's language (ru)")

    # general admission: capacity from the form, price in tiyn
    r, gid = create_venue(A, name="Irtysh Open Stage " + TAG, kind="open-air", seated=None,
                          capacity="1500", price="25 000")
    t.ok(r.status == 303 and gid, "a general admission venue is created", repr(r))
    row = venue_row(gid) if gid else None
    t.eq(row and row[2:7], ["Abai Ave 98, Semey", "1500", "0", "2500000", "active"],
         "stored: capacity 1500, not seated, 25 000 tenge = 2500000 tiyn")
    STATE["ga"] = gid
    if gid:
        r = generate(A, gid, [("Parterre", 2, 2, "A")])
        t.ok(r.status == 409 and EN["Lang.Venue.Err.not_seated"] in text_of(r),
             "no hall plan for a general admission venue (409)", repr(r))
        t.eq(seat_count(gid), 0, "... and no seats were stored")


def create_and_generate(t):
    r, vid = create_venue(A)
    t.ok(r.status == 303 and vid, "organiser creates a seated venue (303 to its page)", repr(r))
    if not vid:
        return
    STATE["vid"] = vid
    row = venue_row(vid)
    t.eq(row, ["Semey Philharmonic " + TAG, "theatre", "Abai Ave 98, Semey", "0", "1",
               "4000050", "active", ORG_A_ID],
         "stored as typed: 40000.50 tenge is 4000050 tiyn; no seats yet, so capacity 0")
    page = A.get("/organiser/venues/%d" % vid)
    t.ok(page.status == 200 and EN["Lang.Venue.plan_empty"] in text_of(page),
         "a new seated venue says it has no plan yet")
    t.ok('aria-current="page"' in page.text and 'href="/organiser/venues" aria-current="page"' in page.text,
         "the organiser navigation marks Venues as current")

    r = generate(A, vid, [("Parterre", 10, 20, "A", "6-10: B"), ("Amphitheatre", 5, 16, "C"),
                          ("Balcony", 3, 12, "C")], curve=30, aisle=10, labels="letters")
    t.ok(r.status == 303 and r.header("Location") == "/organiser/venues/%d#plan" % vid,
         "the generator answers 303 to the plan", repr(r))
    t.eq(seat_count(vid), 200 + 80 + 36, "316 seats in the database")
    t.eq([seat_count(vid, s) for s in ("Parterre", "Amphitheatre", "Balcony")], [200, 80, 36],
         "seats per section: 10 x 20, 5 x 16, 3 x 12")
    t.eq(kt.sql("SELECT category, COUNT(*) FROM seats WHERE venue_id = %d GROUP BY category "
                "ORDER BY category" % vid), [["A", "100"], ["B", "100"], ["C", "116"]],
         "categories: rows A-E of the parterre A, F-J B (6-10), the rest C")
    t.eq(kt.sql("SELECT DISTINCT row_label FROM seats s JOIN venue_sections sec ON sec.id = s.section_id "
                "WHERE s.venue_id = %d AND sec.name = 'Balcony' ORDER BY row_label" % vid),
         [["A"], ["B"], ["C"]], "rows labelled with letters")
    t.eq(venue_row(vid)[3], "316", "the venue's capacity follows its seat count")
    # aisle after every 10 seats: seat 11 is 60 units from seat 10, seat 10 is 30 from seat 9
    xs = dict(kt.sql("SELECT seat_label, x FROM seats s JOIN venue_sections sec ON sec.id = s.section_id "
                     "WHERE s.venue_id = %d AND sec.name = 'Parterre' AND row_label = 'A'" % vid))
    t.eq((int(xs["10"]) - int(xs["9"]), int(xs["11"]) - int(xs["10"])), (30, 60),
         "an aisle after seat 10")

    page = A.get("/organiser/venues/%d" % vid)
    body = page.text
    svg = re.search(r"<svg[^>]*class=\"hallplan-svg[^\"]*\".*?</svg>", body, re.S)
    t.ok(svg is not None, "the venue page draws the plan as inline SVG")
    svg = svg.group(0) if svg else ""
    t.eq(svg.count('class="hp-seat"'), 316, "one circle per seat")
    t.ok(re.search(r'viewBox="-?\d+ -?\d+ \d+ \d+"', svg) and 'width=' not in svg.split(">")[0],
         "the drawing scales: a viewBox and no fixed width")
    for name in ("Parterre", "Amphitheatre", "Balcony"):
        t.ok('class="hp-section"' in svg and ">%s</text>" % name in svg, "section %s is labelled" % name)
    t.ok('hallplan-svg hp-w' in svg.split(">")[0],
         "a hall 20 seats wide is marked wide, to scroll sideways on phones")
    t.ok(">%s</text>" % EN["Lang.Venue.stage"] in svg, "the stage is marked")
    legend = re.search(r'<ul class="plan-legend".*?</ul>', body, re.S)
    t.ok(legend and all("<strong>%s</strong>" % c in legend.group(0) for c in "ABC"),
         "the legend lists the categories A, B and C")
    t.ok(no_inline_code(page), "no style attributes or inline scripts (CSP)")
    t.ok('href="/organiser/venues/%d/seats/' % vid in svg, "seats link to their edit page")
    t.ok("Seats: <strong>316</strong>" in body, "the page gives the seat count")

    # the list shows it
    r = A.get("/organiser/venues")
    t.ok(r.status == 200 and "Semey Philharmonic " + TAG in text_of(r) and "Seats: 316" in text_of(r),
         "the venue list shows the venue and its seats")

    # the generator refuses bad settings and changes nothing
    before = plan_rows(vid)
    r = generate(A, vid, [("Parterre", 0, 20, "A")])
    t.ok(r.status == 422 and EN["Lang.Venue.Err.rows"] in text_of(r), "0 rows: 422 with a message")
    r = generate(A, vid, [("Parterre", 10, 20, "A"), ("parterre", 2, 2, "B")])
    t.ok(r.status == 422 and EN["Lang.Venue.Err.section_dup"] in text_of(r),
         "two sections of one name: 422")
    r = generate(A, vid, [("S%d" % i, 100, 200, "A") for i in range(8)])
    t.ok(r.status == 422 and EN["Lang.Venue.Err.too_many_seats"] in text_of(r),
         "more than 5000 seats: 422")
    r = generate(A, vid, [("Parterre", 5, 20, "A", "4-9: B")])
    t.ok(r.status == 422 and EN["Lang.Venue.Err.ranges_rows"] in text_of(r),
         "a category range past the last row: 422")
    r = generate(A, vid, [("Parterre", 5, 20, "A")], curve=101)
    t.ok(r.status == 422 and EN["Lang.Venue.Err.curve"] in text_of(r), "curve 101: 422")
    t.ok(plan_rows(vid) == before, "refused settings left the plan as it was")


def edit_seat(t):
    vid = STATE.get("vid")
    if not vid:
        t.skip("edit one seat", "no venue")
        return
    sid = seat_id(vid, "Parterre", "A", "1")
    r = A.get("/organiser/venues/%d/seats/%d" % (vid, sid))
    t.ok(r.status == 200 and "Parterre, Row A, Seat 1" in text_of(r), "the seat has its page")
    sec = kt.sql_one("SELECT section_id FROM seats WHERE id = %d" % sid)
    fields = {"section_id": sec, "row": "A", "seat": "1a", "category": "VIP", "x": "45", "y": "12"}
    r = A.submit("/organiser/venues/%d/seats/%d" % (vid, sid), fields)
    t.ok(r.status == 303, "a seat is saved (303)", repr(r))
    t.eq(kt.sql("SELECT row_label, seat_label, category, x, y FROM seats WHERE id = %d" % sid),
         [["A", "1a", "VIP", "45", "12"]], "its label, category and position changed")

    before = plan_rows(vid)
    bad = [({"category": "<b>"}, "category", EN["Lang.Venue.Err.category_invalid"], 422),
           ({"row": ""}, "row", EN["Lang.Err.required"], 422),
           ({"x": "-1"}, "x", EN["Lang.Venue.Err.coord_invalid"], 422),
           ({"seat": "2"}, "seat", EN["Lang.Venue.Err.seat_taken"], 409),
           ({"section_id": "999999999"}, "section_id", EN["Lang.Venue.Err.section_invalid"], 422)]
    for over, field, msg, status in bad:
        f = dict(fields)
        f.update(over)
        r = A.submit("/organiser/venues/%d/seats/%d" % (vid, sid), f)
        m = re.search(r'<p class="field-error" id="%s-err">([^<]*)</p>' % field, r.text)
        t.ok(r.status == status and m and html.unescape(m.group(1)) == msg,
             "seat with %r: %d and a message" % (over, status), lambda: (r.status, r.text[:300]))
    t.ok(plan_rows(vid) == before, "refused seat edits changed nothing")

    # a seat of another venue through this venue's address is not found
    other = seat_id(vid, "Balcony", "A", "1")
    ga = STATE.get("ga")
    if ga:
        r = A.get("/organiser/venues/%d/seats/%d" % (ga, other))
        t.eq(r.status, 404, "a seat under another venue's address is 404")

    # find a seat by its labels
    r = A.get("/organiser/venues/%d/seats?find_section=Balcony&find_row=B&find_seat=3" % vid)
    t.ok(r.status == 302 and r.header("Location") == "/organiser/venues/%d/seats/%d" % (
        vid, seat_id(vid, "Balcony", "B", "3")), "find a seat: redirects to it", repr(r))
    r = A.get("/organiser/venues/%d/seats?find_section=Balcony&find_row=Z&find_seat=3" % vid)
    t.ok(r.status == 404 and EN["Lang.Venue.Err.seat_not_found"] in text_of(r),
         "find a seat that is not there: 404 with a message")

    # delete one
    did = seat_id(vid, "Balcony", "C", "12")
    r = A.submit("/organiser/venues/%d/seats/%d/delete" % (vid, did), {})
    t.ok(r.status == 303, "a seat is deleted (303)", repr(r))
    t.eq(seat_count(vid), 315, "315 seats remain")
    t.eq(venue_row(vid)[3], "315", "the capacity follows")


def csv_round_trip(t):
    vid = STATE.get("vid")
    if not vid:
        t.skip("CSV round trip", "no venue")
        return
    r = export_csv(A, vid)
    t.ok(r.status == 200 and r.header("Content-Type", "").startswith("text/csv"),
         "plan.csv is text/csv", repr(r))
    t.ok("attachment" in (r.header("Content-Disposition") or ""), "plan.csv downloads as a file")
    data = r.body
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\r\n")
    t.eq(lines[0], CSV_HEADER, "the header is section,row,seat,x,y,category")
    t.eq(len([x for x in lines[1:] if x]), 315, "one line per seat")
    t.ok("Parterre,A,1a,45,12,VIP" in lines, "the edited seat is in it")
    before = plan_rows(vid)

    r = import_file(A, vid, data)
    t.ok(r.status == 303, "importing the exported file is accepted (303)", repr(r))
    t.ok(plan_rows(vid) == before, "export -> import: the same plan, seat for seat")
    t.eq(export_csv(A, vid).body, data, "... and the same file when exported again")
    t.eq(venue_row(vid)[3], "315", "the capacity stays the seat count")

    # the same through the text field, CRLF as browsers send it
    r = import_text(A, vid, text)
    t.ok(r.status == 303 and plan_rows(vid) == before, "the pasted text imports to the same plan")

    # a smaller plan replaces it
    small = CSV_HEADER + "\nStalls,1,1,0,0,A\nStalls,1,2,30,0,A\nStalls,2,1,0,34,B\n"
    r = import_text(A, vid, small)
    t.ok(r.status == 303 and seat_count(vid) == 3 and venue_row(vid)[3] == "3",
         "a new CSV replaces the plan; capacity 3")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM venue_sections WHERE venue_id = %d" % vid), "1",
         "the old sections are gone")
    r = import_file(A, vid, data)
    t.ok(r.status == 303 and plan_rows(vid) == before, "the exported file brings the plan back")


def broken_csv(t):
    vid = STATE.get("vid")
    if not vid:
        t.skip("broken CSV", "no venue")
        return
    data = export_csv(A, vid).body.decode("utf-8").lstrip("\ufeff")
    lines = data.split("\r\n")
    before = plan_rows(vid)
    line = EN["Lang.Venue.Csv.line"]

    def broken(n, fn):
        copy = list(lines)
        copy[n - 1] = fn(copy[n - 1])
        return "\r\n".join(copy).encode("utf-8")

    cases = [
        ("row is empty on line 12", broken(12, lambda s: re.sub(r"^([^,]*),[^,]*,", r"\1,,", s)),
         12, EN["Lang.Venue.Csv.row_empty"]),
        ("x is not a number on line 40", broken(40, lambda s: ",".join(s.split(",")[:3] + ["12a"] + s.split(",")[4:])),
         40, EN["Lang.Venue.Csv.x"]),
        ("five values on line 7", broken(7, lambda s: s.rsplit(",", 1)[0]), 7, EN["Lang.Venue.Csv.fields"]),
        ("an open quote on line 300", broken(300, lambda s: '"' + s), 300, EN["Lang.Venue.Csv.quote"]),
        ("a bad category on line 2", broken(2, lambda s: s.rsplit(",", 1)[0] + ",<A>"), 2,
         EN["Lang.Venue.Csv.category_invalid"]),
        ("a wrong header", broken(1, lambda s: "section,row,seat,x,y"), 1, EN["Lang.Venue.Csv.header"]),
    ]
    for what, body, n, msg in cases:
        r = import_file(A, vid, body)
        want = "%s %s" % (line.replace("{line}", str(n)), msg)
        t.ok(r.status == 422 and want in text_of(r), "refused: %s (%s)" % (what, want),
             lambda: (r.status, re.findall(r'role="alert"[^>]*><p>([^<]*)', r.text)))
    # a repeated seat names both lines
    dup = broken(20, lambda s: lines[5])
    r = import_file(A, vid, dup)
    want = "%s %s" % (line.replace("{line}", "20"),
                      EN["Lang.Venue.Csv.duplicate"].replace("{other}", "6"))
    t.ok(r.status == 422 and want in text_of(r), "refused: a seat repeated on line 20 (of line 6)",
         lambda: re.findall(r'role="alert"[^>]*><p>([^<]*)', r.text))
    r = import_file(A, vid, b"\xff\xfe" + data.encode("utf-16-le"))
    t.ok(r.status == 422 and EN["Lang.Venue.Csv.encoding"] in text_of(r), "refused: not UTF-8")
    r = A.upload("/organiser/venues/%d/plan/import" % vid, {"csv_text": ""})
    t.ok(r.status == 422 and EN["Lang.Venue.Err.csv_missing"] in text_of(r), "refused: nothing sent")
    r = import_text(A, vid, CSV_HEADER + "\n")
    t.ok(r.status == 422 and EN["Lang.Venue.Csv.no_seats"] in text_of(r), "refused: a header only")
    t.ok(plan_rows(vid) == before, "after every refusal the plan is unchanged")
    t.eq(venue_row(vid)[3], "315", "... and so is the capacity")

    # the pasted text stays in the form for correcting, escaped
    r = import_text(A, vid, CSV_HEADER + "\nH,1,1,0,0,<script>\n")
    t.ok(r.status == 422 and "&lt;script&gt;" in r.text and "<script>\n" not in r.text,
         "the refused text comes back in the form, escaped")

    # in Russian
    ru = kt.sign_in(ORG_A, "ru")
    r = import_file(ru, vid, broken(12, lambda s: re.sub(r"^([^,]*),[^,]*,", r"\1,,", s)))
    want = "%s %s" % (RU["Lang.Venue.Csv.line"].replace("{line}", "12"), RU["Lang.Venue.Csv.row_empty"])
    t.ok(r.status == 422 and want in text_of(r), "the line-numbered message in Russian: %s" % want)


def other_organiser(t):
    vid = STATE.get("vid")
    if not vid:
        t.skip("other organiser", "no venue")
        return
    sid = seat_id(vid, "Parterre", "A", "2")
    # the venues are the city's (issue 12): another organiser reads the
    # venue's page, without its editors; everything that edits stays 404
    r = B.get("/organiser/venues/%d" % vid)
    t.ok(r.status == 200 and 'action="/organiser/venues/%d"' % vid not in r.text
         and "/plan/generate" not in r.text and "/plan.csv" not in r.text,
         "another organiser: the venue page is readable, with no form to edit it", repr(r))
    for path in ("/organiser/venues/%d/plan.csv" % vid,
                 "/organiser/venues/%d/seats/%d" % (vid, sid),
                 "/organiser/venues/%d/seats?find_section=Parterre&find_row=A&find_seat=2" % vid):
        t.eq(B.get(path).status, 404, "another organiser: GET %s is 404" % path)
    before, row = plan_rows(vid), venue_row(vid)
    posts = [("/organiser/venues/%d" % vid, venue_fields(name="Taken over")),
             ("/organiser/venues/%d/plan/generate" % vid, gen_fields([("X", 1, 1, "A")])),
             ("/organiser/venues/%d/seats/%d" % (vid, sid),
              {"section_id": "1", "row": "Z", "seat": "9", "category": "A", "x": "0", "y": "0"}),
             ("/organiser/venues/%d/seats/%d/delete" % (vid, sid), {})]
    for path, fields in posts:
        t.eq(B.submit(path, fields).status, 404, "another organiser: POST %s is 404" % path)
    r = B.upload("/organiser/venues/%d/plan/import" % vid, {"csv_text": CSV_HEADER + "\nX,1,1,0,0,A\n"})
    t.eq(r.status, 404, "another organiser: importing a plan is 404")
    t.ok(plan_rows(vid) == before and venue_row(vid) == row, "... and nothing changed")
    r = B.get("/organiser/venues")
    t.ok(r.status == 200 and "Semey Philharmonic " + TAG in text_of(r),
         "another organiser's list shows it too (the city's directory)")

    # the API: every organiser sees every active venue, with the contract's fields
    ra = kt.api("GET", "/api/venues/", kt.api_token(ORG_A))
    rb = kt.api("GET", "/api/venues/", kt.api_token(ORG_B))
    t.ok(ra.status == 200 and rb.status == 200, "GET /api/venues/ answers 200")
    va = {v["id"]: v for v in ra.json().get("venues", [])}
    vb = {v["id"]: v for v in rb.json().get("venues", [])}
    mine = va.get(vid)
    t.ok(mine is not None and {"id", "name", "address", "seated", "capacity"} <= set(mine),
         "API: the owner's list has the venue with id, name, address, seated, capacity", ra.body[:300])
    t.eq(mine and (mine["name"], mine["address"], mine["seated"], mine["capacity"]),
         ("Semey Philharmonic " + TAG, "Abai Ave 98, Semey", True, 315),
         "API: its values, capacity = seats")
    t.ok(vid in vb and vb[vid]["owned"] is False and mine and mine["owned"] is True,
         "API: another organiser's list has it too, with owned false (the owner's: true)")
    ga = va.get(STATE.get("ga"))
    t.eq(ga and (ga["seated"], ga["capacity"]), (False, 1500), "API: the general admission venue")

    # an admin sees and may open every venue
    r = ADM.get("/organiser/venues/%d" % vid)
    t.eq(r.status, 200, "an admin opens any venue")
    r = ADM.get("/organiser/venues")
    t.ok("Semey Philharmonic " + TAG in text_of(r) and ORG_A in text_of(r),
         "an admin's list shows it with its owner")


def csrf(t):
    vid = STATE.get("vid")
    n = kt.sql_one("SELECT COUNT(*) FROM venues")
    r = A.submit("/organiser/venues", venue_fields(name="No token " + TAG), csrf=None)
    t.eq(r.status, 403, "creating a venue without the CSRF token: 403")
    r = A.submit("/organiser/venues", venue_fields(name="Bad token " + TAG), csrf="x" * 43)
    t.eq(r.status, 403, "... with a wrong token: 403")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM venues"), n, "no venue was created")
    if not vid:
        return
    before, row = plan_rows(vid), venue_row(vid)
    r = A.submit("/organiser/venues/%d/plan/generate" % vid, gen_fields([("X", 1, 1, "A")]), csrf=None)
    t.eq(r.status, 403, "generating without the token: 403")
    r = import_file(A, vid, (CSV_HEADER + "\nX,1,1,0,0,A\n").encode(), csrf="x" * 43)
    t.eq(r.status, 403, "importing with a wrong token: 403")
    r = A.submit("/organiser/venues/%d" % vid, venue_fields(name="Renamed"), csrf=None)
    t.eq(r.status, 403, "saving the details without the token: 403")
    sid = seat_id(vid, "Parterre", "A", "3")
    r = A.submit("/organiser/venues/%d/seats/%d/delete" % (vid, sid), {}, csrf=None)
    t.eq(r.status, 403, "deleting a seat without the token: 403")
    t.ok(plan_rows(vid) == before and venue_row(vid) == row, "nothing changed")


def escaping(t):
    name = '<script>alert("v")</script> & Co'
    r, vid = create_venue(A, name=name)
    t.ok(r.status == 303 and vid, "a venue name with markup is stored", repr(r))
    if not vid:
        return
    csv = (CSV_HEADER + '\n"<b>Box</b>",<i>,<script>,60,40,A\n"<b>Box</b>","""><svg>",2,90,40,A\n')
    r = import_text(A, vid, csv)
    t.ok(r.status == 303, "seat labels with markup are imported", repr(r))
    for path in ("/organiser/venues/%d" % vid, "/organiser/venues", ):
        page = A.get(path)
        body = page.text
        t.ok("<script>alert" not in body and "&lt;script&gt;alert(&quot;v&quot;)&lt;/script&gt; &amp; Co" in body,
             "%s: the venue name is escaped" % path)
    page = A.get("/organiser/venues/%d" % vid)
    body = page.text
    t.ok("<b>Box" not in body and "&lt;b&gt;Box&lt;/b&gt;" in body, "the section name is escaped in the SVG")
    t.ok("<i>" not in body and "<svg>" not in body and "&quot;&gt;&lt;svg&gt;" in body,
         "row labels are escaped in the SVG")
    t.ok(not re.search(r"<script(?![^>]*\bsrc=)", body), "no script element comes from the data")
    sid = seat_id(vid, "<b>Box</b>", "<i>", "<script>")
    r = A.get("/organiser/venues/%d/seats/%d" % (vid, sid))
    t.ok(r.status == 200 and "<script>" not in r.text.replace('<script src=', '') and
         "&lt;script&gt;" in r.text, "the seat page escapes the labels")
    r = export_csv(A, vid)
    t.ok('"""><svg>"' in r.text, "the CSV keeps the labels as they are (quoted)")


def live_ticket(t):
    vid = STATE.get("vid")
    if not vid:
        t.skip("live ticket", "no venue")
        return
    sid = seat_id(vid, "Parterre", "B", "5")
    code = ("kt" + uuid.uuid4().hex)[:24]
    kt.sql_exec(
        "INSERT INTO events (organiser_id, venue_id, name, description, starts_at, duration_minutes, "
        "seated, capacity, currency, status) VALUES (%s, %d, %s, '', UTC_TIMESTAMP() + INTERVAL 30 DAY, "
        "120, 1, 315, 'KZT', 'draft');"
        "SET @ev = LAST_INSERT_ID();"
        "INSERT INTO orders (event_id, user_id, buyer_email, buyer_name, total, currency) "
        "VALUES (@ev, NULL, %s, 'Guest', 500000, 'KZT');"
        "INSERT INTO tickets (code, order_id, event_id, seat_id, category, price, status) "
        "VALUES (%s, LAST_INSERT_ID(), @ev, %d, 'A', 500000, 'valid');"
        % (ORG_A_ID, vid, kt.q("Ticketed " + TAG), kt.q(TAG + "@kametay.test"), kt.q(code), sid))
    before, row = plan_rows(vid), venue_row(vid)
    want = EN["Lang.Venue.Err.plan_live"].replace("{n}", "1")

    r = generate(A, vid, [("Parterre", 2, 2, "A")])
    t.ok(r.status == 409 and want in text_of(r), "a plan with a live ticket: the generator is refused (409)",
         lambda: (r.status, text_of(r)[:300]))
    r = import_file(A, vid, export_csv(A, vid).body)
    t.ok(r.status == 409 and want in text_of(r), "... importing is refused (409)")
    sec = kt.sql_one("SELECT section_id FROM seats WHERE id = %d" % sid)
    r = A.submit("/organiser/venues/%d/seats/%d" % (vid, sid),
                 {"section_id": sec, "row": "B", "seat": "55", "category": "A", "x": "1", "y": "1"})
    t.ok(r.status == 409 and want in text_of(r), "... editing a seat is refused (409)")
    other = seat_id(vid, "Balcony", "A", "2")
    r = A.submit("/organiser/venues/%d/seats/%d/delete" % (vid, other), {})
    t.ok(r.status == 409 and want in text_of(r), "... deleting a seat is refused (409)")
    t.ok(plan_rows(vid) == before and venue_row(vid) == row, "the plan and capacity did not change")
    page = A.get("/organiser/venues/%d" % vid)
    t.ok(want in text_of(page) and 'action="/organiser/venues/%d/plan/generate"' % vid not in page.text,
         "the venue page says why and offers no generator")

    # a cancelled ticket still points at its seat: the history keeps the plan
    kt.sql_exec("UPDATE tickets SET status = 'cancelled' WHERE code = %s" % kt.q(code))
    r = generate(A, vid, [("Parterre", 2, 2, "A")])
    t.ok(r.status == 409 and EN["Lang.Venue.Err.plan_history"].replace("{n}", "1") in text_of(r),
         "a cancelled ticket: still refused, with the reason")
    t.ok(plan_rows(vid) == before, "the plan did not change")
    # the details can still change
    r = A.submit("/organiser/venues/%d" % vid, venue_fields(price="45000"))
    t.ok(r.status == 303 and venue_row(vid)[5] == "4500000" and venue_row(vid)[3] == "315",
         "the venue's details still save; the capacity stays the seat count")

    kt.sql_exec("DELETE FROM tickets WHERE code = %s; DELETE FROM orders WHERE buyer_email = %s"
                % (kt.q(code), kt.q(TAG + "@kametay.test")))

    # a seat in a buyer's cart: the plan cannot change for the few minutes of the hold
    cart = ("kt" + uuid.uuid4().hex * 2)[:43]
    kt.sql_exec("INSERT INTO holds (cart, event_id, seat_id, quantity, category, price, expires_at) "
                "SELECT %s, id, %d, 1, 'A', 500000, UTC_TIMESTAMP(6) + INTERVAL 10 MINUTE FROM events "
                "WHERE name = %s" % (kt.q(cart), sid, kt.q("Ticketed " + TAG)))
    held = EN["Lang.Venue.Err.plan_held"].replace("{n}", "1")
    r = generate(A, vid, [("Parterre", 2, 2, "A")])
    t.ok(r.status == 409 and held in text_of(r), "a seat held in a cart: the generator is refused (409)",
         lambda: (r.status, text_of(r)[:300]))
    r = A.submit("/organiser/venues/%d/seats/%d/delete" % (vid, sid), {})
    t.ok(r.status == 409 and held in text_of(r), "... and so is deleting a seat (409)")
    t.ok(plan_rows(vid) == before, "the plan did not change")
    kt.sql_exec("DELETE FROM holds WHERE cart = %s; DELETE FROM events WHERE name = %s"
                % (kt.q(cart), kt.q("Ticketed " + TAG)))
    r = generate(A, vid, [("Parterre", 2, 2, "A")])
    t.ok(r.status == 303 and seat_count(vid) == 4, "without tickets the plan can be replaced again")


kt.Tap().run(access, validation, create_and_generate, edit_seat, csv_round_trip, broken_csv,
             other_organiser, csrf, escaping, live_ticket)
