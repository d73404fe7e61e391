"""
The seat map's ETag and each worker's copy of it (issue 10, schema/009):
the tag moves after a hold, a release, a hold running out, the sweep, a
purchase, a cancel and a seat change, and stays when nothing changed; the
current tag gets a 304; the body is the one a fresh build gives (the
database's statuses, the bytes jansson would write, "mine" per cart).
"""
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

TAG = kt.unique("smap")
DAYS = iter(range(2600, 2700))


def make_event(name):
    return kt.make_event("%s %s" % (TAG, name), seated=True, days=next(DAYS),
                         max_per_person=4)


def seats_get(ev, client=None, inm=None):
    return (client or kt.Client()).get("/api/events/%d/seats/" % ev,
                                       headers={"If-None-Match": inm} if inm else None)


def etag(ev, client=None):
    return seats_get(ev, client).header("ETag")


def truth(ev):
    """Each seat's status as the database has it now."""
    sold = {int(r[0]) for r in kt.sql("SELECT live_seat FROM tickets WHERE event_id = %d "
                                      "AND live_seat IS NOT NULL" % ev)}
    held = {int(r[0]) for r in kt.sql("SELECT seat_id FROM holds WHERE event_id = %d AND "
                                      "seat_id IS NOT NULL AND expires_at > UTC_TIMESTAMP(6)" % ev)}
    return sold, held


def body_is_fresh(t, ev, what, client=None, mine=()):
    r = seats_get(ev, client)
    seats = r.json()["seats"]
    sold, held = truth(ev)
    want = {s["id"]: "sold" if s["id"] in sold else "held" if s["id"] in held else "available"
            for s in seats}
    t.ok(r.status == 200 and all(s["status"] == want[s["id"]] for s in seats) and
         {s["id"] for s in seats if s["mine"]} == set(mine),
         "%s: the body has the database's statuses and this cart's seats" % what,
         lambda: [s for s in seats if s["status"] != want[s["id"]]][:3])
    t.ok(r.body == json.dumps(r.json(), separators=(",", ":"), ensure_ascii=True).encode(),
         "%s: the body's bytes are the compact JSON jansson writes" % what)


def journey(t):
    ev = make_event("tags")
    a1, a2, a3 = kt.free_seats(ev, 3)
    first = seats_get(ev)
    tag0 = first.header("ETag")
    t.ok(first.status == 200 and tag0 and len(first.json()["seats"]) > 0,
         "a seated event's map comes with an ETag", lambda: first)
    t.ok(etag(ev) == tag0, "nothing changed: the same tag")
    again = seats_get(ev)
    t.ok(again.body == first.body, "nothing changed: the same bytes")
    r = seats_get(ev, inm=tag0)
    t.ok(r.status == 304 and r.header("ETag") == tag0 and not r.body,
         "the current tag → 304 with no body", lambda: r)
    r = seats_get(ev, inm='"m0-0-0"')
    t.ok(r.status == 200, "another tag → 200", lambda: r)
    body_is_fresh(t, ev, "start")

    v = kt.Visitor()
    v.get("/events/%d" % ev)
    r = v.submit("/events/%d/hold" % ev, [("seat", a1)])
    t.ok(r.status == 303, "hold: a seat held", lambda: r)
    tag1 = etag(ev)
    t.ok(tag1 != tag0, "hold: the tag moved", (tag0, tag1))
    body_is_fresh(t, ev, "hold")
    body_is_fresh(t, ev, "hold, seen by its cart", v, mine=[a1])
    t.ok(etag(ev, v) != tag1, "hold: its cart has a tag of its own")
    r = seats_get(ev, v, inm=etag(ev, v))
    t.ok(r.status == 304, "hold: its cart's current tag → 304", lambda: r)
    t.ok(seats_get(ev, v, inm=tag1).status == 200, "hold: another cart's tag is not its one")

    page = v.get("/cart")
    r = v.submit("/cart/release", {"event_id": str(ev)}, kt.csrf_token(page))
    tag2 = etag(ev)
    t.ok(r.status == 303 and tag2 not in (tag0, tag1), "release: the tag moved", (tag1, tag2))
    body_is_fresh(t, ev, "release")

    # a hold that runs out changes the map before anything is written: the
    # job runner waits meanwhile, so that its sweep comes after
    jobs = kt.read_pid("jobs")
    os.kill(jobs, signal.SIGSTOP)
    try:
        v.submit("/events/%d/hold" % ev, [("seat", a2)])
        kt.sql_exec("UPDATE holds SET expires_at = UTC_TIMESTAMP(6) + INTERVAL 2 SECOND "
                    "WHERE event_id = %d" % ev)
        tag3 = etag(ev)
        body_is_fresh(t, ev, "short hold")
        time.sleep(2.5)
        tag4 = etag(ev)
        t.ok(tag4 != tag3, "expiry: the tag moved when the hold ran out, before any sweep",
             (tag3, tag4))
        body_is_fresh(t, ev, "expiry")
    finally:
        os.kill(jobs, signal.SIGCONT)
    q = "SELECT COUNT(*) FROM holds WHERE event_id = %d" % ev
    gone = kt.wait_until(lambda: kt.sql_one(q) == "0", 15, 0.5)
    tag5 = etag(ev)
    t.ok(gone and tag5 != tag4, "sweep: the tag moved when the job runner swept it", (tag4, tag5))
    body_is_fresh(t, ev, "sweep")

    _, ua = kt.make_user("smapbuyer")
    tok = kt.api_token(ua)
    code = kt.buy(tok, ev, seats=[a1])["tickets"][0]["code"]
    tag6 = etag(ev)
    t.ok(tag6 != tag5, "purchase: the tag moved", (tag5, tag6))
    body_is_fresh(t, ev, "purchase")

    r = kt.api("POST", "/api/tickets/%s/change-seat/" % code, tok, {"seat": a3})
    tag7 = etag(ev)
    t.ok(r.status == 200 and tag7 != tag6, "seat change: the tag moved", lambda: r)
    body_is_fresh(t, ev, "seat change")

    r = kt.api("POST", "/api/tickets/%s/cancel/" % code, tok)
    tag8 = etag(ev)
    t.ok(r.status == 200 and tag8 != tag7, "cancel: the tag moved", lambda: r)
    body_is_fresh(t, ev, "cancel")

    t.ok(etag(ev) == tag8, "and stays while nothing changes")

    r = seats_get(10 ** 12)
    t.ok(r.status == 404, "no such event → 404", lambda: r)


kt.Tap().run(journey)
