"""
Calendar files against the running stack, parsed with Debian's
python3-icalendar: the .ics of an event (public) and of a ticket (its
holder only), the personal feed (secret, revocable, webcal and https), and
the "Add to Google Calendar" links.  Checked: the calendar's header,
stable UIDs, times in UTC matching the database, text escaping and line
folding (RFC 5545), and SEQUENCE and STATUS after a seat change, a ticket
cancellation, an event edit and an event cancellation.
"""

import datetime
import html
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
import calkit as ck  # noqa: E402

t = kt.Tap()
UTC = datetime.timezone.utc
NAME = ck.TAG + " Rock, roll; and \\ more"
DESC = ("First line, with a comma; a semicolon and a backslash \\.\n"
        "Second line: Абай Құнанбайұлының өлеңдері мен әндері — ұзын жол, "
        "ол 75 октеттен әлдеқайда ұзын, сондықтан бүктелуі керек, әріп бөлінбей.")
LOC = "Irtysh embankment, stage 2; by the bridge"
EV = kt.make_event(NAME, description=DESC, location=LOC, duration=135,
                   starts="DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 20 DAY, '%Y-%m-%d 13:30:00')")
SEATED = kt.make_event(ck.TAG + " seated calendar", seated=True,
                       starts="UTC_TIMESTAMP() + INTERVAL 5000 DAY")
UID_RU, ADDR_RU = kt.make_user("holder", lang="ru")
UID_OTHER, ADDR_OTHER = kt.make_user("other", lang="en")
TOKEN = kt.api_token(ADDR_RU)
STATE = {}


def event_ics(t):
    r = kt.get("/events/%d.ics" % EV)
    t.eq(r.status, 200, "GET /events/{id}.ics is public")
    t.eq(r.header("Content-Type"), "text/calendar; charset=utf-8", "as text/calendar")
    t.ok('filename="event-%d.ics"' % EV in (r.header("Content-Disposition") or ""),
         "offered as a file download")
    t.ok(ck.raw_lines_ok(r.body), "CRLF line ends, no line over 75 octets (folded)")
    t.ok(re.search(rb"\r\n [^\r\n]", r.body), "long lines are folded with a leading space")
    cal = ck.ics(r)
    t.eq(str(cal.get("VERSION")), "2.0", "VERSION:2.0")
    t.ok(str(cal.get("PRODID", "")).startswith("-//Kametay//"), "PRODID")
    t.eq(str(cal.get("CALSCALE")), "GREGORIAN", "CALSCALE:GREGORIAN")
    t.eq(str(cal.get("METHOD")), "PUBLISH", "METHOD:PUBLISH")
    evs = ck.vevents(cal)
    t.eq(len(evs), 1, "one VEVENT")
    e = evs[0]
    t.eq(str(e.get("UID")), "event-%d@%s" % (EV, ck.host()), "UID event-<id>@<host>")
    start = ck.starts_at(EV)
    t.eq(e.decoded("DTSTART"), start, "DTSTART is the event's start")
    t.eq(e.decoded("DTSTART").utcoffset(), datetime.timedelta(0), "in UTC")
    t.ok(b"DTSTART:" + start.strftime("%Y%m%dT%H%M%SZ").encode() in r.body, "written with Z")
    t.eq(e.decoded("DTEND") - e.decoded("DTSTART"), datetime.timedelta(minutes=135),
         "DTEND is start + duration")
    t.ok(abs(e.decoded("DTSTAMP") - datetime.datetime.now(UTC)) < datetime.timedelta(minutes=5),
         "DTSTAMP is now, in UTC")
    t.eq(str(e.get("SUMMARY")), NAME, "SUMMARY survives commas, semicolons and backslashes")
    t.ok(rb"SUMMARY:" + ck.TAG.encode() + rb" Rock\, roll\; and \\ more" in r.body,
         "escaped as RFC 5545 says")
    t.eq(str(e.get("LOCATION")), LOC, "LOCATION")
    t.ok(str(e.get("DESCRIPTION")).startswith(DESC), "DESCRIPTION keeps newlines and Kazakh text whole")
    t.ok(str(e.get("DESCRIPTION")).endswith("/events/%d" % EV), "and ends with the link")
    t.eq(str(e.get("URL")), "%s/events/%d" % (kt.URL, EV), "URL back to the event page")
    t.eq(int(e.get("SEQUENCE")), 0, "SEQUENCE 0")
    t.eq(str(e.get("STATUS")), "CONFIRMED", "STATUS:CONFIRMED")
    t.eq(ck.vevents(ck.ics(kt.get("/events/%d.ics" % EV)))[0]["UID"], e["UID"],
         "the UID is the same on the next download")
    draft = kt.make_event(ck.TAG + " draft", status="draft")
    t.eq(kt.get("/events/%d.ics" % draft).status, 404, "a draft has no .ics (404)")
    t.eq(kt.get("/events/99999999.ics").status, 404, "an unknown event neither")


def event_page_links(t):
    page = kt.get("/events/%d" % EV)
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page.text)]
    t.ok("/events/%d.ics" % EV in hrefs, "the event page links its .ics")
    g = [h for h in hrefs if h.startswith("https://calendar.google.com/calendar/render?")]
    t.eq(len(g), 1, "and has one Add to Google Calendar link")
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(g[0] if g else "").query))
    start = ck.starts_at(EV)
    end = start + datetime.timedelta(minutes=135)
    t.eq(q.get("action"), "TEMPLATE", "action=TEMPLATE")
    t.eq(q.get("text"), NAME, "text is the name")
    t.eq(q.get("dates"), "%s/%s" % (start.strftime("%Y%m%dT%H%M%SZ"), end.strftime("%Y%m%dT%H%M%SZ")),
         "dates are start/end in UTC")
    t.eq(q.get("location"), LOC, "location")
    t.ok("/events/%d" % EV in q.get("details", ""), "details link back to the event")


def ticket_ics(t):
    seats = kt.free_seats(SEATED, 3)
    ans = kt.buy(TOKEN, SEATED, seats=seats[:2])
    codes = [x["code"] for x in ans["tickets"]]
    STATE.update(codes=codes, seats=seats)
    holder = kt.sign_in(ADDR_RU, lang="ru", account_lang=True)
    STATE["holder"] = holder
    r = holder.get("/tickets/%s.ics" % codes[0])
    t.eq(r.status, 200, "the holder gets GET /tickets/{code}.ics")
    t.ok(ck.raw_lines_ok(r.body), "well-formed lines")
    e = ck.vevents(ck.ics(r))[0]
    t.eq(str(e["UID"]), "ticket-%s@%s" % (codes[0], ck.host()), "UID ticket-<code>@<host>")
    t.eq(e.decoded("DTSTART"), ck.starts_at(SEATED), "DTSTART in UTC is the event's start")
    t.eq(str(e["URL"]), "%s/tickets/%s" % (kt.URL, codes[0]), "URL back to the ticket")
    t.ok("Abai" in str(e["LOCATION"]), "LOCATION is the venue and address", str(e["LOCATION"]))
    desc = str(e["DESCRIPTION"])
    t.ok("ряд" in desc and "место" in desc, "the seat is named in the holder's language (ru)", desc)
    t.eq((int(e["SEQUENCE"]), str(e["STATUS"])), (0, "CONFIRMED"), "SEQUENCE 0, CONFIRMED")
    STATE["uid"] = str(e["UID"])

    t.eq(kt.get("/tickets/%s.ics" % codes[0]).status, 404, "signed out: 404")
    t.eq(kt.sign_in(ADDR_OTHER, account_lang=True).get("/tickets/%s.ics" % codes[0]).status, 404, "another user: 404")
    org = kt.sign_in("organiser@kametay.test", account_lang=True)
    t.eq(org.get("/tickets/%s" % codes[0]).status, 200, "the organiser sees the ticket page (check-in)")
    t.eq(org.get("/tickets/%s.ics" % codes[0]).status, 404, "but not the holder's calendar file")
    t.eq(holder.get("/tickets/ZZZZZZZZZZZZZZZZZZZZZZZZ.ics").status, 404, "an unknown code: 404")

    page = holder.get("/tickets/%s" % codes[0])
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page.text)]
    t.ok("/tickets/%s.ics" % codes[0] in hrefs, "the ticket page links its .ics")
    g = [h for h in hrefs if h.startswith("https://calendar.google.com/calendar/render?")]
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(g[0] if g else "").query))
    t.ok(g and q.get("action") == "TEMPLATE" and "/tickets/%s" % codes[0] in q.get("details", ""),
         "and an Add to Google Calendar link to the ticket", g)


def sequence_and_cancel(t):
    codes, seats, holder = STATE["codes"], STATE["seats"], STATE["holder"]
    r = kt.api("POST", "/api/tickets/%s/change-seat/" % codes[0], TOKEN, {"seat": seats[2]})
    t.eq(r.status, 200, "seat changed")
    e = ck.vevents(ck.ics(holder.get("/tickets/%s.ics" % codes[0])))[0]
    row, seat = kt.sql("SELECT row_label, seat_label FROM seats WHERE id = %d" % seats[2])[0]
    t.eq((int(e["SEQUENCE"]), str(e["STATUS"])), (1, "CONFIRMED"), "after a seat change SEQUENCE is 1")
    t.ok("ряд %s, место %s" % (row, seat) in str(e["DESCRIPTION"]), "with the new seat")
    t.eq(str(e["UID"]), STATE["uid"], "and the same UID")
    r = kt.api("POST", "/api/tickets/%s/cancel/" % codes[0], TOKEN)
    t.eq(r.status, 200, "ticket cancelled")
    e = ck.vevents(ck.ics(holder.get("/tickets/%s.ics" % codes[0])))[0]
    t.eq((int(e["SEQUENCE"]), str(e["STATUS"])), (2, "CANCELLED"),
         "after cancelling: SEQUENCE 2, STATUS:CANCELLED")
    t.eq(ck.vevents(ck.ics(holder.get("/tickets/%s.ics" % codes[1])))[0]["SEQUENCE"], 0,
         "the other ticket of the order is untouched")


def feed(t):
    holder = STATE["holder"]
    page = holder.get("/account")
    t.ok('action="/account/calendar"' in page.text and "/calendar/" not in page.text,
         "the profile offers to make a calendar subscription address")
    r = holder.submit("/account/calendar", {})
    t.ok(r.status in (302, 303), "made", r)
    page = holder.get("/account")
    urls = re.findall(r'value="((?:https?|webcal)://[^"]+/calendar/[A-Za-z0-9_-]+\.ics)"', page.text)
    https = [u for u in urls if u.startswith(kt.URL)]
    webcal = [u for u in urls if u.startswith("webcal://")]
    t.ok(len(https) == 1 and len(webcal) == 1, "the profile shows the https and the webcal address", urls)
    if not https:
        return
    path = urllib.parse.urlsplit(https[0]).path
    t.eq(webcal[0], "webcal://" + https[0].split("://", 1)[1], "the same address, webcal://")
    tok = path.rsplit("/", 1)[1][:-4]
    t.ok(len(tok) >= 43, "an unguessable token (%d characters)" % len(tok))
    t.eq(kt.sql_one("SELECT COUNT(*) FROM users WHERE calendar_hash = UNHEX(SHA2(%s, 256))" % kt.q(tok)),
         "1", "the database keeps its SHA-256")
    t.eq(kt.sql_one("SELECT COUNT(*) FROM users WHERE calendar_nonce LIKE %s" % kt.q("%" + tok + "%")),
         "0", "not the token itself")
    r = kt.get(path)
    t.eq(r.status, 200, "GET /calendar/<token>.ics needs no session")
    t.eq(r.header("Content-Type"), "text/calendar; charset=utf-8", "text/calendar")
    t.ok(ck.raw_lines_ok(r.body), "well-formed lines")
    cal = ck.ics(r)
    t.ok(str(cal.get("X-WR-CALNAME", "")).startswith("Kametay"), "a named calendar")
    t.ok(str(cal.get("REFRESH-INTERVAL", "")) or b"REFRESH-INTERVAL" in r.body, "with a refresh interval")
    evs = {str(e["UID"]).split("@")[0][7:]: e for e in ck.vevents(cal)}
    codes = STATE["codes"]
    t.eq(sorted(evs), sorted(codes), "every ticket of the user is in it")
    t.eq(str(evs[codes[0]]["STATUS"]), "CANCELLED", "the cancelled one with STATUS:CANCELLED")
    t.eq(int(evs[codes[0]]["SEQUENCE"]), 2, "and its SEQUENCE")
    t.eq(str(evs[codes[1]]["STATUS"]), "CONFIRMED", "the other CONFIRMED")
    t.eq(evs[codes[1]].decoded("DTSTART"), ck.starts_at(SEATED), "times in UTC")

    # a new ticket shows up by itself
    code = kt.buy(TOKEN, EV, quantity=1)["tickets"][0]["code"]
    uids = [str(e["UID"]) for e in ck.vevents(ck.ics(kt.get(path)))]
    t.ok("ticket-%s@%s" % (code, ck.host()) in uids, "a ticket bought later is in the next fetch")
    STATE["ga_code"] = code

    # revoke: a new address, the old one stops working
    r = holder.submit("/account/calendar", {})
    page = holder.get("/account")
    new = re.findall(r'value="(https?://[^"]+/calendar/[A-Za-z0-9_-]+\.ics)"', page.text)
    t.ok(new and new[0] != https[0], "New address gives another address")
    t.eq(kt.get(path).status, 404, "the old address is 404 at once")
    if new:
        t.eq(kt.get(urllib.parse.urlsplit(new[0]).path).status, 200, "the new one works")
        STATE["feed"] = urllib.parse.urlsplit(new[0]).path
    t.eq(kt.get("/calendar/" + "A" * 43 + ".ics").status, 404, "a made-up token is 404")
    other = kt.sign_in(ADDR_OTHER, account_lang=True)
    other.submit("/account/calendar", {})
    o = re.findall(r'value="(https?://[^"]+/calendar/[A-Za-z0-9_-]+\.ics)"', other.get("/account").text)
    if o:
        t.eq(ck.vevents(ck.ics(kt.get(urllib.parse.urlsplit(o[0]).path))), [],
             "another user's feed has none of these tickets")


def event_edit_and_cancel(t):
    org = kt.sign_in("organiser@kametay.test", account_lang=True)
    form = org.get("/organiser/events/%d" % EV)
    t.eq(form.status, 200, "the organiser opens the event's form")
    fields = form_fields(form.text, 'action="/organiser/events/%d"' % EV)
    fields["description"] = DESC + "\nEdited."
    r = org.submit("/organiser/events/%d" % EV, fields, csrf=False)
    t.ok(r.status in (302, 303), "and saves an edit", (r, re.findall(r'class="field-error"[^>]*>([^<]*)', r.text)))
    e = ck.vevents(ck.ics(kt.get("/events/%d.ics" % EV)))[0]
    t.eq(int(e["SEQUENCE"]), 1, "the edit raised the event's SEQUENCE")
    t.ok(str(e["DESCRIPTION"]).startswith(DESC + "\nEdited."), "and the text is the new one")

    otok = kt.api_token("organiser@kametay.test")
    r = kt.api("POST", "/api/events/%d/cancel/" % EV, otok)
    t.eq(r.status, 200, "the organiser cancels the event")
    e = ck.vevents(ck.ics(kt.get("/events/%d.ics" % EV)))[0]
    t.eq((str(e["STATUS"]), int(e["SEQUENCE"])), ("CANCELLED", 2),
         "the event's .ics: STATUS:CANCELLED, SEQUENCE 2")
    page = kt.get("/events/%d" % EV).text
    t.ok("calendar.google.com" not in page and "/events/%d.ics" % EV in page,
         "the cancelled event's page has no Google link, the .ics (which says cancelled) stays")
    if "feed" in STATE:
        evs = {str(x["UID"]): x for x in ck.vevents(ck.ics(kt.get(STATE["feed"])))}
        x = evs.get("ticket-%s@%s" % (STATE["ga_code"], ck.host()))
        t.ok(x is not None and str(x["STATUS"]) == "CANCELLED" and int(x["SEQUENCE"]) >= 2,
             "the holder's feed shows that ticket CANCELLED with a higher SEQUENCE",
             x and (x["STATUS"], x["SEQUENCE"]))


def form_fields(page, action_attr):
    """The fields a browser would send for the form with that action."""
    m = re.search(r"<form\b[^>]*" + re.escape(action_attr) + r"[^>]*>(.*?)</form>", page, re.S)
    body = m.group(1) if m else ""
    out = {}
    for tag in re.findall(r"<input\b[^>]*>", body):
        name = re.search(r'\bname="([^"]*)"', tag)
        if not name:
            continue
        typ = (re.search(r'\btype="([^"]*)"', tag) or [None, "text"])[1]
        val = html.unescape((re.search(r'\bvalue="([^"]*)"', tag) or [None, ""])[1])
        if typ in ("checkbox", "radio") and not re.search(r"\bchecked\b", tag):
            continue
        if typ in ("file", "submit"):
            continue
        out[html.unescape(name.group(1))] = val
    for name, inner in re.findall(r'<select\b[^>]*\bname="([^"]*)"[^>]*>(.*?)</select>', body, re.S):
        opts = re.findall(r"<option\b([^>]*)>([^<]*)", inner)
        chosen = [o for o in opts if re.search(r"\bselected\b", o[0])] or opts[:1]
        if chosen:
            v = re.search(r'\bvalue="([^"]*)"', chosen[0][0])
            out[html.unescape(name)] = html.unescape(v.group(1) if v else chosen[0][1])
    for name, inner in re.findall(r'<textarea\b[^>]*\bname="([^"]*)"[^>]*>(.*?)</textarea>', body, re.S):
        out[html.unescape(name)] = html.unescape(inner.lstrip("\n"))
    return out


if __name__ == "__main__":
    t.run(event_ics, event_page_links, ticket_ics, sequence_and_cancel, feed, event_edit_and_cancel)
