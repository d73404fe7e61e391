"""
Content in three languages (issue 13, point 3) against the running stack:
an event made in the organiser's form with its name and description in en,
ru and kk, and one given only in Russian; a venue named in three languages;
section names of the seat map.  Each is read in each language on the
listing, the event page, the API (?lang= and Accept-Language), the .ics
(parsed with python3-icalendar) and the purchase mail read from the
Maildir; an empty language falls back to the one given; search finds an
event by its name in any language; each public page links its languages
with hreflang (and x-default), the switch's links are those URLs, and
opening one changes nothing stored.
"""

import html
import os
import re
import sys
import urllib.parse
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
import calkit as ck  # noqa: E402

t = kt.Tap()
TAG = kt.TAG
ZONE = ZoneInfo("Asia/Almaty")
NAMES = {"en": TAG + " Steppe night", "ru": TAG + " Ночь в степи", "kk": TAG + " Дала түні"}
DESCS = {"en": "Songs of the steppe, in English.", "ru": "Песни степи, по-русски.",
         "kk": "Дала әндері, қазақша."}
RU_ONLY = TAG + " Только по-русски"
VENUE = {"en": TAG + " Riverside hall", "ru": TAG + " Зал у реки", "kk": TAG + " Өзен жағасындағы зал"}
LANGS = ("en", "ru", "kk")

kt.clear_login_failures()
ORG_ID, ORG = kt.make_user("lingua", "organiser", lang="en")
BUYER = {l: kt.make_user("reader" + l, lang=l)[1] for l in LANGS}
V_ORG = kt.sign_in(ORG, lang="en")
STATE = {}


def when(days):
    d = (datetime.now(ZONE) + timedelta(days=days)).replace(hour=19, minute=0, second=0,
                                                             microsecond=0)
    return d.strftime("%Y-%m-%d"), d.strftime("%H:%M")


def form(**over):
    date, tm = when(200)
    f = {"name": "", "description": "", "date": date, "time": tm, "duration": "120",
         "venue_id": "", "location": "Abay Square", "capacity": "100", "price": "2500",
         "currency": "KZT", "max_per_person": "4", "sales_start": "", "sales_end": "",
         "client_id": "", "action": "publish"}
    f.update(over)
    return list(f.items()) + [("seated", "0")]


def create(v, **over):
    r = v.upload("/organiser/events", form(**over))
    m = re.match(r"^/organiser/events/(\d+)$", r.header("Location") or "")
    return r, (int(m.group(1)) if m else None)


def h1(page):
    m = re.search(r'<h1 id="event-heading">(.*?)</h1>', page.text, re.S)
    return html.unescape(m.group(1)).strip() if m else None


def html_lang(page):
    m = re.search(r'<html lang="([a-z]+)"', page.text)
    return m.group(1) if m else None


# ---------------------------------------------------------------- the forms

def organiser_form(t):
    page = V_ORG.get("/organiser/events/new")
    t.eq(page.status, 200, "the new-event form opens")
    t.ok(all(('name="name_%s"' % l in page.text) == (l != "en") for l in LANGS) and
         'name="description_ru"' in page.text and 'name="description_kk"' in page.text,
         "the form has the name and description in the organiser's language and a field "
         "for each other language", lambda: page)
    r, eid = create(V_ORG)
    t.eq(r.status, 422, "no name in any language: 422")
    t.ok('id="name-err"' in r.text, "the error names the name field", lambda: r)
    r, eid = create(V_ORG, name=NAMES["en"], name_ru=NAMES["ru"], name_kk=NAMES["kk"],
                    description=DESCS["en"], description_ru=DESCS["ru"],
                    description_kk=DESCS["kk"])
    t.ok(r.status == 303 and eid, "an event in three languages is created", lambda: r)
    STATE["ev"] = eid
    row = kt.sql("SELECT name, name_en, name_ru, name_kk, description, description_kk "
                 "FROM events WHERE id = %d" % eid)[0]
    t.eq(tuple(row), (NAMES["en"], NAMES["en"], NAMES["ru"], NAMES["kk"], DESCS["en"], DESCS["kk"]),
         "stored: the organiser's text as the fallback and each translation as given")
    # only Russian, from an organiser whose page is in English: Russian is the fallback
    r, eid = create(V_ORG, name_ru=RU_ONLY, description_ru="Только этот текст.")
    t.ok(r.status == 303 and eid, "an event named only in Russian is created", lambda: r)
    STATE["ru_only"] = eid
    row = kt.sql("SELECT name, name_en, name_ru, name_kk FROM events WHERE id = %d" % eid)[0]
    t.eq(tuple(row), (RU_ONLY, None, RU_ONLY, None),
         "stored: the one name given is the fallback, the others empty")
    edit = V_ORG.get("/organiser/events/%d" % STATE["ev"])
    t.ok(('value="%s"' % html.escape(NAMES["ru"], quote=True)) in edit.text and
         ('id="name" name="name" value="%s"' % html.escape(NAMES["en"], quote=True)) in edit.text,
         "the edit form shows each language in its own field", lambda: edit)
    edit = V_ORG.get("/organiser/events/%d" % STATE["ru_only"])
    t.ok('id="name" name="name" value=""' in edit.text and
         ('value="%s"' % html.escape(RU_ONLY, quote=True)) in edit.text,
         "the Russian-only event's English field stays empty (not filled from the fallback)",
         lambda: edit)
    # the venue form: three names; an event there over the API in Kazakh
    r = V_ORG.submit("/organiser/venues", {"name": VENUE["en"], "name_ru": VENUE["ru"],
                                           "name_kk": VENUE["kk"], "kind": "hall",
                                           "address": "Dostyk 1", "capacity": "80",
                                           "price": "", "status": "active", "seated": "0"})
    m = re.match(r"^/organiser/venues/(\d+)$", r.header("Location") or "")
    t.ok(r.status == 303 and m, "a venue named in three languages is created", lambda: r)
    STATE["venue"] = int(m.group(1)) if m else 0
    row = kt.sql("SELECT name, name_ru, name_kk FROM venues WHERE id = %d" % STATE["venue"])[0]
    t.eq(tuple(row), (VENUE["en"], VENUE["ru"], VENUE["kk"]), "the venue's names are stored")
    tok = kt.api_token(ORG)
    d = (datetime.now(timezone.utc) + timedelta(days=210)).replace(microsecond=0)
    r = kt.api("POST", "/api/events/", tok, {
        "name": TAG + " Концерт kk", "name_en": TAG + " Concert en", "description": "kk сипаттама",
        "starts_at": d.isoformat(), "duration_minutes": 60, "venue_id": STATE["venue"],
        "price": 100000, "currency": "KZT", "capacity": 50}, lang="kk")
    t.eq(r.status, 201, "POST /api/events/ with name (in the request's language, kk) and name_en")
    STATE["api_ev"] = r.json().get("id") if r.status == 201 else 0
    row = kt.sql("SELECT name, name_en, name_ru, name_kk FROM events WHERE id = %d" %
                 STATE["api_ev"])[0]
    t.eq(tuple(row), (TAG + " Концерт kk", TAG + " Concert en", None, TAG + " Концерт kk"),
         "the API's name is the request language's (Accept-Language: kk)")


# ---------------------------------------------------------------- reading

def listing_and_page(t):
    ev, ro = STATE["ev"], STATE["ru_only"]
    for l in LANGS:
        v = kt.Visitor(l)
        page = v.get("/?q=" + urllib.parse.quote(TAG))
        t.ok(NAMES[l] in html.unescape(page.text) and
             all(NAMES[o] not in html.unescape(page.text) for o in LANGS if o != l),
             "listing in %s: the event's %s name only" % (l, l), lambda: page)
        t.ok(RU_ONLY in html.unescape(page.text),
             "listing in %s: the Russian-only event under its Russian name" % l)
        page = v.get("/events/%d" % ev)
        t.eq((html_lang(page), h1(page)), (l, NAMES[l]), "event page in %s: <html lang> and name" % l)
        t.ok(DESCS[l] in html.unescape(page.text), "event page in %s: the %s description" % (l, l))
        page = v.get("/events/%d" % ro)
        t.eq(h1(page), RU_ONLY, "event page in %s: the Russian-only name as the fallback" % l)
    # the URL's language wins over the cookie and Accept-Language
    page = kt.Visitor("en").get("/events/%d?lang=kk" % ev)
    t.eq((html_lang(page), h1(page)), ("kk", NAMES["kk"]), "?lang=kk over an en cookie")
    page = kt.Client().get("/events/%d" % ev, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    t.eq(h1(page), NAMES["ru"], "Accept-Language: ru with no cookie")
    # search finds it by any of its names, whatever the page's language
    for l in LANGS:
        page = kt.Visitor("en").get("/?q=" + urllib.parse.quote(NAMES[l].split(" ", 1)[1]))
        t.ok(("/events/%d" % ev) in page.text,
             "search in English finds the event by its %s name" % l, lambda: page)


def hreflang(t):
    ev = STATE["ev"]
    v = kt.Visitor(None)
    page = v.get("/events/%d?lang=ru" % ev)
    alts = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', page.text))
    base = kt.URL.rstrip("/")
    want = {l: "%s/events/%d?lang=%s" % (base, ev, l) for l in LANGS}
    want["x-default"] = "%s/events/%d" % (base, ev)
    t.eq({k: html.unescape(u) for k, u in alts.items()}, want,
         "the event page links itself in en, ru, kk and x-default (absolute URLs)")
    sw = dict((c, html.unescape(h)) for h, c in re.findall(
        r'<li><a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+"', page.text))
    t.eq(sw, {l: "/events/%d?lang=%s" % (ev, l) for l in LANGS},
         "the language switch's links are those URLs (no form, no JavaScript)")
    t.ok((v.cookies.get("lang") == "ru"), "opening ?lang=ru keeps the language for the next pages "
         "(the lang cookie)", lambda: v.cookies)
    page = v.get("/")
    t.eq(html_lang(page), "ru", "the next page is in Russian")
    page = v.get("/?q=x&lang=kk")
    alts = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', page.text))
    t.eq(html.unescape(alts.get("en", "")), base + "/?q=x&lang=en",
         "the listing's alternates keep its other parameters")
    # the search is a public page; the account is not (no alternates there)
    u = kt.sign_in(BUYER["en"])
    page = u.get("/account?lang=ru")
    t.ok(html_lang(page) == "ru" and 'hreflang="x-default"' not in page.text,
         "a signed-in page follows ?lang= but is not offered for indexing", lambda: page)
    t.eq(kt.sql_one("SELECT lang FROM users WHERE email = %s" % kt.q(BUYER["en"])), "en",
         "?lang= never changes the account's stored language")
    t.eq(u.get("/lang?set=kk").status, 405, "GET /lang stays 405")
    t.eq(kt.sql_one("SELECT lang FROM users WHERE email = %s" % kt.q(BUYER["en"])), "en",
         "... and changes nothing")


def api(t):
    ev, ro, ae = STATE["ev"], STATE["ru_only"], STATE["api_ev"]
    for l in LANGS:
        r = kt.api("GET", "/api/events/%d/" % ev, lang=l)
        t.eq((r.json()["name"], r.json()["description"]), (NAMES[l], DESCS[l]),
             "API, Accept-Language %s: name and description" % l)
        r = kt.api("GET", "/api/events/%d/?lang=%s" % (ev, l), lang="en" if l != "en" else "ru")
        t.eq(r.json()["name"], NAMES[l], "API, ?lang=%s over Accept-Language" % l)
        r = kt.api("GET", "/api/events/%d/" % ro, lang=l)
        t.eq(r.json()["name"], RU_ONLY, "API in %s: the Russian-only event falls back" % l)
        r = kt.api("GET", "/api/events/%d/" % ae, lang=l)
        t.eq(r.json()["venue"]["name"], VENUE[l], "API in %s: the venue's %s name" % (l, l))
    r = kt.api("GET", "/api/events/?q=" + urllib.parse.quote(NAMES["kk"]), lang="en")
    t.ok([e["id"] for e in r.json()["events"]] == [ev] and r.json()["events"][0]["name"] == NAMES["en"],
         "API search by the Kazakh name, read in English", lambda: r)
    r = kt.api("GET", "/api/venues/", kt.api_token(ORG), lang="ru")
    names = [x["name"] for x in r.json()["venues"] if x["id"] == STATE["venue"]]
    t.eq(names, [VENUE["ru"]], "GET /api/venues/ in Russian: the venue's Russian name")


def ics(t):
    ev = STATE["ev"]
    for l in LANGS:
        cal = ck.ics(kt.get("/events/%d.ics?lang=%s" % (ev, l)))
        e = ck.vevents(cal)[0]
        t.eq((str(e.get("SUMMARY")), DESCS[l] in str(e.get("DESCRIPTION"))), (NAMES[l], True),
             ".ics of the event in %s (python3-icalendar): SUMMARY and DESCRIPTION" % l)
    cal = ck.ics(kt.get("/events/%d.ics" % STATE["ru_only"], headers={"Accept-Language": "kk"}))
    t.eq(str(ck.vevents(cal)[0].get("SUMMARY")), RU_ONLY, ".ics in kk of the Russian-only event")


def mails(t):
    ev, ro, ae = STATE["ev"], STATE["ru_only"], STATE["api_ev"]
    for l in LANGS:
        tok = kt.api_token(BUYER[l])
        kt.buy(tok, ev, 1)
        m = kt.wait_mail(BUYER[l], pred=lambda m, l=l: NAMES[l] in kt.plain(m))
        t.ok(m is not None, "the %s buyer's purchase mail names the event in %s" % (l, l))
        if m is None:
            continue
        text, htm = kt.mail_parts(m)
        t.ok(all(NAMES[o] not in (text or "") + (htm or "") for o in LANGS if o != l),
             "... and in no other language (%s)" % l)
        ics_part = [p for p in m.walk() if (p.get_filename() or "").endswith(".ics")]
        t.ok(ics_part and str(ck.vevents(ck.ics(ics_part[0].get_content()
                                                if isinstance(ics_part[0].get_content(), bytes)
                                                else ics_part[0].get_content().encode()))[0]
                              .get("SUMMARY")) == NAMES[l],
             "the mail's .ics is in %s too" % l)
    tok = kt.api_token(BUYER["kk"])
    kt.buy(tok, ro, 1)
    m = kt.wait_mail(BUYER["kk"], pred=lambda m: RU_ONLY in kt.plain(m))
    t.ok(m is not None, "the kk buyer of the Russian-only event gets its Russian name")
    tok = kt.api_token(BUYER["ru"])
    kt.buy(tok, ae, 1)
    m = kt.wait_mail(BUYER["ru"], pred=lambda m: TAG + " Концерт kk" in kt.plain(m))
    t.ok(m is not None, "the ru buyer of the kk/en event gets the fallback (kk, the given one)")


def venue_names_form(v, venue, sections, categories):
    """Posts the venue page's names form: sections {id: {lang: name}}, categories
    {code: {lang: name}} (codes in the page's order)."""
    page = v.get("/organiser/venues/%s" % venue)
    codes = re.findall(r'name="c(\d+)_code" value="([^"]*)"', page.text)
    f = []
    for sid in re.findall(r'name="s(\d+)_en"', page.text):
        for l in LANGS:
            f.append(("s%s_%s" % (sid, l), sections.get(int(sid), {}).get(l, "")))
    for n, code in codes:
        f.append(("c%s_code" % n, html.unescape(code)))
        for l in LANGS:
            f.append(("c%s_%s" % (n, l), categories.get(html.unescape(code), {}).get(l, "")))
    return page, v.submit("/organiser/venues/%s/sections" % venue, f)


def seat_map(t):
    """Section and category names on the seat map per language; its cache keyed on the language."""
    sec = kt.sql("SELECT id, name FROM venue_sections WHERE venue_id = %s ORDER BY position, id "
                 "LIMIT 1" % kt.theatre())[0]
    sid, sname = int(sec[0]), sec[1]
    cat = kt.sql_one("SELECT MIN(category) FROM seats WHERE venue_id = %s" % kt.theatre())
    eid = kt.make_event(TAG + " seated langs", seated=True, starts="UTC_TIMESTAMP() + INTERVAL 4000 DAY")
    demo = kt.sign_in("organiser@kametay.test")
    try:
        before = kt.api("GET", "/api/events/%d/seats/" % eid, lang="ru")
        tag_ru = before.header("ETag")
        tag_en = kt.api("GET", "/api/events/%d/seats/" % eid, lang="en").header("ETag")
        t.ok(tag_ru and tag_en and tag_ru != tag_en, "the seat map's ETag differs per language",
             lambda: (tag_ru, tag_en))
        t.ok("Accept-Language" in ", ".join(before.header_all("Vary")), "Vary: Accept-Language",
             lambda: before.header_all("Vary"))
        r = kt.api("GET", "/api/events/%d/seats/" % eid, lang="ru", headers={"If-None-Match": tag_en})
        t.eq(r.status, 200, "the English ETag is no 304 for a Russian reader")
        page, r = venue_names_form(demo, kt.theatre(),
                                   {sid: {"ru": TAG + " Партер", "kk": TAG + " Партер kk"}},
                                   {cat: {"ru": TAG + " Лучшие", "en": TAG + " Best"}})
        t.ok(page.status == 200 and 'action="/organiser/venues/%s/sections"' % kt.theatre() in page.text,
             "the venue page has the names form for its sections and categories", lambda: page)
        t.eq(r.status, 303, "the names are saved")
        row = kt.sql("SELECT name, name_en, name_ru, name_kk FROM venue_categories "
                     "WHERE venue_id = %s AND category = %s" % (kt.theatre(), kt.q(cat)))
        t.eq([tuple(x) for x in row], [(TAG + " Best", TAG + " Best", TAG + " Лучшие", None)],
             "the category's names, the page language's (en) as the fallback")
        for l, want, cw in (("ru", TAG + " Партер", TAG + " Лучшие"), ("kk", TAG + " Партер kk", TAG + " Best"),
                            ("en", sname, TAG + " Best")):
            r = kt.api("GET", "/api/events/%d/seats/" % eid, lang=l)
            secs = {s["section"] for s in r.json()["seats"]}
            cats = {s["category_name"] for s in r.json()["seats"] if s["category"] == cat}
            t.ok(want in secs and all(s["label"].startswith(s["section"]) for s in r.json()["seats"]),
                 "seat map in %s: the section's name %s" % (l, want), lambda: secs)
            t.eq(cats, {cw}, "seat map in %s: the category's name (kk falls back to the given en)" % l)
            page = kt.Visitor(l).get("/events/%d" % eid)
            t.ok(cw in html.unescape(page.text), "event page in %s: the category's name in the prices" % l,
                 lambda: page)
        r = kt.api("GET", "/api/events/%d/seats/" % eid, lang="ru", headers={"If-None-Match": tag_ru})
        t.eq(r.status, 200, "renaming is a new version of the map (no stale 304 in Russian)")
        page = kt.Visitor("kk").get("/events/%d/seats" % eid)
        t.ok(TAG + " Партер kk" in html.unescape(page.text), "the no-JS seat list in kk", lambda: page)
        r = demo.submit("/organiser/venues/%s/sections" % kt.theatre(), {"s%d_ru" % sid: "x" * 101})
        t.eq(r.status, 422, "a section name over 100 characters: 422")
        # the category's name on the buyer's own pages and mail, not its code (issue 13)
        v = kt.sign_in(BUYER["ru"], lang="ru")
        s1, s2 = kt.free_seats(eid, 2, cat)
        r = v.submit("/events/%d/hold" % eid, [("seat", str(s1))])
        page = v.get("/cart")
        t.ok(TAG + " Лучшие" in html.unescape(page.text), "the cart in ru: the category's name",
             lambda: (r, page))
        code = kt.buy(kt.api_token(BUYER["ru"]), eid, seats=[s2])["tickets"][0]["code"]
        page = v.get("/tickets/%s" % code)
        t.ok(TAG + " Лучшие" in html.unescape(page.text), "the ticket page in ru: the category's name",
             lambda: page)
        page = v.get("/account/tickets")
        t.ok(TAG + " Лучшие" in html.unescape(page.text), "my tickets in ru: the category's name",
             lambda: page)
        m = kt.wait_mail(BUYER["ru"], pred=lambda m: code in (kt.mail_parts(m)[1] or ""))
        t.ok(m is not None and TAG + " Лучшие" in html.unescape(kt.mail_parts(m)[1]),
             "the purchase mail in ru: the category's name", lambda: m and kt.mail_parts(m)[1])
    finally:
        venue_names_form(demo, kt.theatre(), {}, {})
    t.eq(kt.sql_one("SELECT COUNT(*) FROM venue_sections WHERE venue_id = %s AND "
                    "(name_ru IS NOT NULL OR name_kk IS NOT NULL)" % kt.theatre()), "0",
         "emptied again, the names are gone (the plan's show)")


def one_query(t):
    """The translations come in the listing's one statement: searching all the
    languages gets the plan searching the one name had (same tables, access
    and key), with no join or table more."""
    where = ("FROM events e LEFT JOIN venues v ON v.id = e.venue_id WHERE e.listed = 1 "
             "AND e.starts_at > UTC_TIMESTAMP() AND (%s LIKE '%%x%%' OR %s LIKE '%%x%%') "
             "ORDER BY e.starts_at, e.id LIMIT 20")
    old = kt.sql("EXPLAIN SELECT e.id, e.name " + where % ("e.name", "v.name"))
    new = kt.sql("EXPLAIN SELECT e.id, e.name, e.name_en AS name__en, e.name_ru AS name__ru, "
                 "e.name_kk AS name__kk " +
                 where % ("CONCAT_WS('\\n', e.name, e.name_en, e.name_ru, e.name_kk)",
                          "CONCAT_WS('\\n', v.name, v.name_en, v.name_ru, v.name_kk)"))
    t.eq([(r[2], r[3], r[5]) for r in new], [(r[2], r[3], r[5]) for r in old],
         "EXPLAIN: the listing's search over three languages has the one-language plan")
    ev = STATE["ev"]
    plan = kt.sql("EXPLAIN SELECT e.name, e.name_ru AS name__ru, v.name AS venue_name, "
                  "v.name_ru AS venue_name__ru FROM events e LEFT JOIN venues v ON v.id = e.venue_id "
                  "WHERE e.id = %d" % ev)
    t.ok(all(r[3] in ("const", "system", "eq_ref") for r in plan),
         "EXPLAIN: the event page's row is a primary-key read with its venue", lambda: plan)


t.run(organiser_form, listing_and_page, hreflang, api, ics, mails, seat_map, one_query)
