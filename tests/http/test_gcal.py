"""
Google Calendar sync end to end, against a stand-in for Google's OAuth and
Calendar API on 127.0.0.1 (gcal_standin.py), which the test points
Kametay at through Paths.Var/local.hdf and a SIGHUP of the pool and the
job runner.

Connect (state checked: a made-up state and one from another session are
refused), buy → one insert, change seat → update, cancel → delete, an
event cancelled by its organiser → delete, an expired access token is
refreshed, a 500 from Google is retried with back-off and succeeds, an
insert whose answer was lost is retried without a second event, a job
run twice makes nothing twice, a revoked grant shows "reconnect" in the
profile, and reconnecting brings the missing ticket in.
"""

import os
import re
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
import calkit as ck  # noqa: E402
from gcal_standin import GoogleStandIn  # noqa: E402

t = kt.Tap()
G = GoogleStandIn()
UID, ADDR = kt.make_user("gcal", lang="en")
TOKEN = kt.api_token(ADDR)
V = kt.sign_in(ADDR, account_lang=True)
SEATED = kt.make_event(ck.TAG + " gcal seated", seated=True, starts="UTC_TIMESTAMP() + INTERVAL 4000 DAY")
GA = kt.make_event(ck.TAG + " gcal open air", capacity=100)
INSERTS = "/calendar/v3/calendars/primary/events"
STATE = {}


def link_status():
    return kt.sql_one("SELECT status FROM gcal_links WHERE user_id = %d" % UID)


def gcal_row(ticket_code):
    r = kt.sql("SELECT g.google_id, g.state, g.synced_seq FROM gcal_events g JOIN tickets t "
               "ON t.id = g.ticket_id WHERE t.code = %s" % kt.q(ticket_code))
    return r[0] if r else None


def sync_jobs(ticket_code):
    """(state, tries, last_error) of the gcal_sync jobs of a ticket, oldest first."""
    tid = kt.sql_one("SELECT id FROM tickets WHERE code = %s" % kt.q(ticket_code))
    return [(s, int(n), e) for s, n, e in kt.sql(
        "SELECT state, tries, last_error FROM jobs WHERE kind = 'gcal_sync' AND "
        "JSON_VALUE(payload, '$.ticket') = %s ORDER BY id" % tid)]


def jobs_settled(code):
    js = sync_jobs(code)
    return js if js and all(s in ("done", "dead") for s, _, _ in js) else None


def no_redirect_get(url):
    """GET without following redirects (the stand-in's consent page)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    try:
        return urllib.request.build_opener(NoRedirect).open(url, timeout=10)
    except urllib.error.HTTPError as e:
        return e


def connect(visitor):
    """The flow up to Google's answer: (callback path with code and state, the auth URL)."""
    r = visitor.get("/account/google/connect")
    auth = r.header("Location") or ""
    back = no_redirect_get(auth)
    loc = back.headers.get("Location") or ""
    return urllib.parse.urlsplit(loc)._replace(scheme="", netloc="").geturl(), auth, r


def off_before_config(t):
    page = V.get("/account")
    t.ok(page.status == 200 and "/account/google/connect" not in page.text,
         "with no Google.ClientId the profile shows no Connect Google Calendar")
    t.eq(V.get("/account/google/connect").status, 404, "and /account/google/connect is 404")


def configure(t):
    # on top of whatever local.hdf holds (put back at the end)
    path = os.path.join(kt.VAR, "local.hdf")
    STATE["local"] = open(path).read() if os.path.exists(path) else None
    ck.write_local_hdf((STATE["local"] or "") + "\n" + G.config())
    shown = kt.wait_until(lambda: "/account/google/connect" in V.get("/account").text, 15, 0.3)
    t.ok(shown, "after local.hdf and SIGHUP the profile offers Connect Google Calendar")
    page = V.get("/account")
    t.ok(kt.lang("en")["Lang.Cal.google_connect"] in kt.page_text(page), "labelled as such")


def connect_flow(t):
    cb, auth, first = connect(V)
    t.ok(first.status in (302, 303), "Connect redirects to Google's consent page", first)
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(auth).query))
    t.ok(auth.startswith(G.url + "/o/oauth2/v2/auth?"), "at Google.AuthURL", auth)
    t.eq(q.get("client_id"), G.client_id, "with the client id")
    t.eq(q.get("redirect_uri"), kt.URL + "/account/google/callback", "the redirect URI under Site.BaseURL")
    t.ok(q.get("response_type") == "code" and q.get("access_type") == "offline"
         and "calendar.events" in q.get("scope", ""), "the code flow, offline access, calendar.events scope", q)
    t.ok(len(q.get("state", "")) >= 40, "and a state parameter")
    state = q.get("state", "")
    cq = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(cb).query))
    t.ok(cb.startswith("/account/google/callback?") and cq.get("state") == state and cq.get("code"),
         "Google sends the user back with a code and the state", cb)

    # a made-up state, and the right state in another session of the same user: refused
    tokens_before = G.count("POST", "/token")
    bad = cb.replace("state=" + urllib.parse.quote(state), "state=" + urllib.parse.quote(state[:-2] + "xx"))
    r = V.get(bad)
    t.eq(r.status, 400, "a callback with a wrong state is refused (400)")
    t.ok(kt.lang("en")["Lang.Err.gcal_state"] in kt.page_text(r), "with a message")
    other = kt.sign_in(ADDR, account_lang=True)
    t.eq(other.get(cb).status, 400, "the right state in another session of the same user is refused too")
    r = kt.Client().get(cb)
    t.ok(r.status in (302, 303) and r.header("Location", "").startswith("/login"),
         "and signed out it goes to the sign-in page", r)
    t.eq(G.count("POST", "/token"), tokens_before, "no code was exchanged for those")
    t.eq(link_status(), None, "and nothing is stored")

    r = V.get(cb)
    t.ok(r.status in (302, 303) and r.header("Location") == "/account#calendar",
         "the right state in the right session: back to the profile", r)
    t.eq(G.count("POST", "/token", 200), tokens_before + 1, "after one code exchange at Google.TokenURL")
    t.eq(link_status(), "connected", "the connection is stored server-side")
    rt = kt.sql_one("SELECT refresh_token FROM gcal_links WHERE user_id = %d" % UID)
    t.ok(rt and rt in G.refresh, "with the refresh token")
    page = kt.page_text(V.get("/account"))
    t.ok(kt.lang("en")["Lang.Cal.google_connected_text"] in page and rt not in page,
         "the profile says connected (and shows no token)")
    r = V.get(cb)
    t.ok(r.status in (302, 303) and r.header("Location") == "/account#calendar",
         "the same answer again (a reload; Google refuses the used code) goes back to the profile", r)
    t.eq(link_status(), "connected", "and leaves the connection as it was")


def wait_event(gid, pred, timeout=30):
    return kt.wait_until(lambda: (lambda e: e if e is not None and pred(e) else None)(
        G.events.get(gid)), timeout, 0.2)


def buy_insert_update_delete(t):
    inserts = G.count("POST", INSERTS)
    seats = kt.free_seats(SEATED, 2)
    ans = kt.buy(TOKEN, SEATED, seats=seats[:1])
    code = ans["tickets"][0]["code"]
    STATE["code"] = code
    row = kt.wait_until(lambda: gcal_row(code), 30, 0.2)
    t.ok(row and row[1] == "live", "buying a ticket puts it in the Google calendar (job runner)", row)
    gid = row[0] if row else ""
    t.eq(G.count("POST", INSERTS) - inserts, 1, "with exactly one insert")
    ev = G.events.get(gid, {})
    t.ok(re.fullmatch(r"[0-9a-v]{5,1024}", gid or ""), "under a Google-valid deterministic id (%s)" % gid)
    t.eq(ev.get("summary"), ck.TAG + " gcal seated", "summary is the event's name")
    start = ck.starts_at(SEATED)
    t.eq(ev.get("start", {}).get("dateTime"), start.strftime("%Y-%m-%dT%H:%M:%SZ"), "start in UTC")
    t.eq(ev.get("start", {}).get("timeZone"), "Asia/Almaty", "with the site's time zone for display")
    t.ok("/tickets/" + code in ev.get("description", "") and "/tickets/" + code in
         ev.get("source", {}).get("url", ""), "description and source link back to the ticket")
    t.ok("Abai" in ev.get("location", ""), "location is the venue", ev.get("location"))
    t.ok(code not in gid, "the id does not give the ticket code away")

    # seat change → update
    puts = G.count("PUT", INSERTS)
    r = kt.api("POST", "/api/tickets/%s/change-seat/" % code, TOKEN, {"seat": seats[1]})
    t.eq(r.status, 200, "seat changed over the API")
    label = kt.sql("SELECT row_label, seat_label FROM seats WHERE id = %d" % seats[1])[0]
    got = wait_event(gid, lambda e: "%s %s" % ("row", label[0]) in e.get("description", "")
                     and "seat %s" % label[1] in e.get("description", ""))
    t.ok(got, "the seat change updated the Google event (new seat in its description)",
         G.events.get(gid))
    t.eq(G.count("PUT", INSERTS) - puts, 1, "with one update")
    t.eq(G.count("POST", INSERTS) - inserts, 1, "and still one insert")
    t.eq(len([e for e in G.events if e == gid]), 1, "one event for the ticket")

    # the same sync job again (a retried job): nothing made twice
    kt.sql_exec("INSERT INTO jobs (kind, payload, max_tries, run_at) VALUES ('gcal_sync', "
                "JSON_OBJECT('ticket', (SELECT id FROM tickets WHERE code = %s)), 8, UTC_TIMESTAMP(6))"
                % kt.q(code))
    kt.wait_until(lambda: jobs_settled(code), 20, 0.2)
    t.eq(G.count("POST", INSERTS) - inserts, 1, "a sync job run again inserts nothing")
    t.eq(len(G.live()), len(set(G.live())), "and the calendar has no duplicate")

    # cancel → delete
    dels = G.count("DELETE", INSERTS)
    r = kt.api("POST", "/api/tickets/%s/cancel/" % code, TOKEN)
    t.eq(r.status, 200, "ticket cancelled over the API")
    t.ok(wait_event(gid, lambda e: e.get("status") == "cancelled"),
         "the Google event is deleted", G.events.get(gid))
    t.eq(G.count("DELETE", INSERTS) - dels, 1, "with one delete")
    t.ok(kt.wait_until(lambda: (gcal_row(code) or [0, ""])[1] == "deleted", 10, 0.2),
         "and recorded as deleted")


def event_cancelled(t):
    ans = kt.buy(TOKEN, GA, quantity=2)
    codes = [x["code"] for x in ans["tickets"]]
    rows = kt.wait_until(lambda: (lambda rs: rs if all(rs) else None)([gcal_row(c) for c in codes]), 30, 0.2)
    t.ok(rows, "two general admission tickets: two Google events")
    otok = kt.api_token("organiser@kametay.test")
    r = kt.api("POST", "/api/events/%d/cancel/" % GA, otok)
    t.eq(r.status, 200, "the organiser cancels the event")
    gone = kt.wait_until(lambda: all(G.events[row[0]].get("status") == "cancelled" for row in rows), 30, 0.2)
    t.ok(gone, "both Google events are deleted")


def retry_and_refresh(t):
    # an expired access token is refreshed with the refresh token first
    G.expire_access()
    kt.sql_exec("UPDATE gcal_links SET access_expires = UTC_TIMESTAMP() - INTERVAL 1 MINUTE "
                "WHERE user_id = %d" % UID)
    refreshes = G.count("POST", "/token", 200)
    # ... and Google answers 500 to the first insert: the job runner retries with back-off
    G.fail.append(500)
    seat = kt.free_seats(SEATED, 1)
    code = kt.buy(TOKEN, SEATED, seats=seat)["tickets"][0]["code"]
    failed = kt.wait_until(lambda: (lambda js: js if js and js[0][1] >= 1 and js[0][0] == "queued"
                                    else None)(sync_jobs(code)), 20, 0.2)
    t.ok(failed, "a 500 from Google fails the job's first try", sync_jobs(code))
    if failed:
        t.ok("500" in (failed[0][2] or ""), "with the HTTP status as its error (%s)" % failed[0][2])
    t.ok(G.count("POST", "/token", 200) > refreshes, "the expired access token was refreshed first")
    row = kt.wait_until(lambda: gcal_row(code), 30, 0.2)
    t.ok(row and row[1] == "live", "after its back-off the job succeeds", sync_jobs(code))
    js = sync_jobs(code)
    t.ok(js and js[0][0] == "done" and js[0][1] == 2, "on its second try", js)
    t.eq(sum(1 for e in G.events.values() if "/tickets/" + code in e.get("description", "")), 1,
         "one Google event")

    # Google stores the insert but the answer is lost: the retry must not make a second one
    G.lose_insert = 1
    inserts = G.count("POST", INSERTS)
    seat = kt.free_seats(SEATED, 1)
    code2 = kt.buy(TOKEN, SEATED, seats=seat)["tickets"][0]["code"]
    row = kt.wait_until(lambda: gcal_row(code2), 40, 0.2)
    t.ok(row and row[1] == "live", "an insert whose answer was lost is retried and ends done", sync_jobs(code2))
    t.eq(G.count("POST", INSERTS) - inserts, 2, "two insert attempts were made")
    t.ok(G.count("POST", INSERTS, 409) >= 1, "the second met 409 (the id exists) and updated instead")
    t.eq(sum(1 for e in G.events.values() if "/tickets/" + code2 in e.get("description", "")), 1,
         "still one Google event for the ticket")
    STATE["kept"] = code2


def revoked(t):
    G.revoke()
    seat = kt.free_seats(SEATED, 1)
    code = kt.buy(TOKEN, SEATED, seats=seat)["tickets"][0]["code"]
    st = kt.wait_until(lambda: link_status() == "revoked", 30, 0.2)
    t.ok(st, "a revoked grant (401, then invalid_grant on refresh) marks the connection revoked",
         (link_status(), sync_jobs(code)))
    t.ok(kt.wait_until(lambda: jobs_settled(code), 10, 0.2) and sync_jobs(code)[0][0] == "done",
         "the job ends (nothing to retry against a dead grant)", sync_jobs(code))
    t.eq(gcal_row(code), None, "the ticket is not in Google")
    t.eq(kt.sql_one("SELECT refresh_token FROM gcal_links WHERE user_id = %d" % UID), None,
         "the dead tokens are dropped")
    page = V.get("/account")
    txt = kt.page_text(page)
    t.ok(kt.lang("en")["Lang.Cal.google_revoked"] in txt and
         kt.lang("en")["Lang.Cal.google_reconnect"] in txt and "/account/google/connect" in page.text,
         "the profile shows the revoked grant with a Reconnect button")

    # cancelled while the grant is dead: Google cannot hear of it now
    kept = STATE.get("kept")
    if kept:
        t.eq(kt.api("POST", "/api/tickets/%s/cancel/" % kept, TOKEN).status, 200,
             "a ticket in Google is cancelled while the grant is dead")

    cb, _, _ = connect(V)
    r = V.get(cb)
    t.ok(r.status in (302, 303), "reconnecting runs the flow again", r)
    t.eq(link_status(), "connected", "connected again")
    row = kt.wait_until(lambda: gcal_row(code), 30, 0.2)
    t.ok(row and row[1] == "live", "and the ticket bought meanwhile is put in the calendar")
    if kept:
        gone = kt.wait_until(lambda: (gcal_row(kept) or [0, ""])[1] == "deleted", 30, 0.2)
        t.ok(gone, "and the ticket cancelled meanwhile is taken out of Google")
        t.eq(sum(1 for e in G.events.values() if "/tickets/" + kept in e.get("description", "")), 1,
             "without a second event made for it on the way")


def disconnect(t):
    r = V.submit("/account/google/disconnect", {})
    t.ok(r.status in (302, 303), "Disconnect", r)
    t.eq(link_status(), None, "forgets the tokens")
    t.ok("/account/google/connect" in V.get("/account").text, "and the profile offers Connect again")


def account_deleted(t):
    uid, addr = kt.make_user("gcaldel", lang="en")
    v = kt.sign_in(addr, account_lang=True)
    cb, _, _ = connect(v)
    v.get(cb)
    v.submit("/account/calendar", {})
    t.eq(kt.sql_one("SELECT COUNT(*) FROM gcal_links WHERE user_id = %d" % uid), "1",
         "another user connects Google Calendar and makes a feed address")
    r = v.submit("/account/delete", {"password": kt.password(), "confirm": "1"})
    t.ok(r.status in (302, 303), "and deletes the account", r)
    t.eq(kt.sql_one("SELECT COUNT(*) FROM gcal_links WHERE user_id = %d" % uid), "0",
         "the Google tokens go with the account")
    t.eq(kt.sql("SELECT calendar_nonce, calendar_hash FROM users WHERE id = %d" % uid), [[None, None]],
         "and so does the feed address")


def cleanup(t):
    ck.write_local_hdf(STATE.pop("local", None))
    gone = kt.wait_until(lambda: "/account/google/connect" not in V.get("/account").text, 15, 0.3)
    t.ok(gone, "without local.hdf (and a SIGHUP) the Google section is gone again")
    G.close()


if __name__ == "__main__":
    try:
        t.run(off_before_config, configure, connect_flow, buy_insert_update_delete, event_cancelled,
              retry_and_refresh, revoked, disconnect, account_deleted, cleanup)
    finally:
        if "local" in STATE:
            ck.write_local_hdf(STATE["local"])
