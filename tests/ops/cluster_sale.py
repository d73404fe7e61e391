"""
The flash sale on ./dev cluster, with a database node killed in the middle
(run by tests/ops/cluster.sh, which sets KAMETAY_* to the cluster):

  1. measured sales, one after the other in the same run: BUYERS buyers at
     once, two random seats each, (a) through the cluster's nginx, (b) over
     FastCGI to both app instances (half the buyers each: two app hosts on
     three Galera nodes), (c) over FastCGI to app1 alone (one app host on its
     node): purchases per second of each, printed side by side;
  2. a sale during which db1 (app1's node) is killed with SIGKILL: the sale
     goes on through db2 and db3 -- app1's workers, whose connection dies
     mid-purchase, reconnect to the next node of their DB.Nodes list and try
     the purchase again (orders.c sale_run) -- so no buyer is answered 503;
     then db1 is brought back (./dev cluster up) and rejoins (IST or SST,
     read from its log and printed).
Checks: 0 oversold, no seat twice, every 201 in the database (nothing lost),
no buyer served twice, every buyer's confirmation mail sent exactly once
with two job runners, and db1 after rejoining holds the same tickets as the
others.
"""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import kt  # noqa: E402

kt.need_stack()
CDIR = kt.VAR
BUYERS = int(os.environ.get("CLUSTER_BUYERS", "120"))
SEATS = 160
PASSWORD = "cluster-sale-1"
t = kt.Tap()
random.seed(7)


def node_sql(n, query):
    r = subprocess.run(["mariadb", "--no-defaults", "--socket=%s/run/db%d/mysqld.sock" % (CDIR, n),
                        "--user=root", "--batch", "--skip-column-names", "kametay", "-e", query],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return r.stdout.strip()


def buyers(tag, n):
    h = subprocess.run([os.path.join(os.environ["KAMETAY_BUILD"], "cgi", "kametay-ctl"), "hash-password"],
                       input=PASSWORD + "\n", capture_output=True, text=True, check=True).stdout.strip()
    emails = ["%s-%d@cluster.test" % (tag, i) for i in range(n)]
    kt.sql_exec("INSERT INTO users (email, password_hash, first_name, last_name, age, role, lang, verified) "
                "VALUES " + ",".join("(%s, %s, 'Sale', 'Buyer', 30, 'attendee', 'en', 1)" % (kt.q(e), kt.q(h))
                                     for e in emails))
    toks = [None] * n

    def login(i):
        for _ in range(5):
            try:
                toks[i] = kt.api_token(emails[i], PASSWORD)
                return
            except (RuntimeError, OSError):
                time.sleep(0.5)
    ths = [threading.Thread(target=login, args=(i,)) for i in range(n)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    return emails, toks


def fcgi_purchase(sock, eid, tok, seats, key):
    body = json.dumps({"seats": seats}).encode()
    path = "/api/events/%d/purchase/" % eid
    status, _, out = kt.fastcgi_request(sock, {
        "REQUEST_METHOD": "POST", "DOCUMENT_URI": path, "REQUEST_URI": path, "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
        "HTTP_AUTHORIZATION": "Bearer " + tok, "HTTP_IDEMPOTENCY_KEY": key, "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80"}, body, timeout=90)
    return status, out


def sale(name, emails, toks, via=None, during=None):
    """Everyone at once; via: None (nginx) or a list of pool sockets, buyer
    i going to via[i % len(via)].  Returns the event, [(buyer, status,
    ticket codes)], the purchases per second, and the answers that had to
    be retried."""
    eid = kt.make_event(kt.unique(name), seated=True, capacity=SEATS, max_per_person=4)
    kt.sql_exec("UPDATE events SET capacity = %d WHERE id = %d" % (SEATS, eid))
    seat_ids = [int(r[0]) for r in kt.sql("SELECT id FROM seats WHERE venue_id = %s ORDER BY id LIMIT %d"
                                          % (kt.theatre(), SEATS))]
    results = []
    retried = []
    lock = threading.Lock()
    go = threading.Event()

    def buy(i):
        seats = random.Random(i).sample(seat_ids, 2)
        key = kt.unique("idem")
        go.wait()
        # The server retries a purchase whose node died; should a buyer
        # still get something else than 201/409/422 (it must not: checked),
        # it retries with the same Idempotency-Key and gets the first
        # answer or a new one, never two.
        for attempt in range(6):
            try:
                if via:
                    status, out = fcgi_purchase(via[i % len(via)], eid, toks[i], seats, key)
                    js = json.loads(out or b"{}") if status == 201 else {}
                else:
                    r = kt.api("POST", "/api/events/%d/purchase/" % eid, toks[i], {"seats": seats},
                               headers={"Idempotency-Key": key})
                    status, js = r.status, (r.json() if r.status == 201 else {})
            except OSError as e:
                status, js = repr(e), {}
            if status in (201, 409, 422):
                break
            with lock:
                retried.append((i, status))
            time.sleep(0.5)
        with lock:
            results.append((i, status, [tk["code"] for tk in js.get("tickets", [])]))
    ths = [threading.Thread(target=buy, args=(i,)) for i in range(len(toks)) if toks[i]]
    for th in ths:
        th.start()
    t0 = time.monotonic()
    go.set()
    if during:
        during(results)
    for th in ths:
        th.join()
    elapsed = time.monotonic() - t0
    ok = sum(1 for _, s, _ in results if s == 201)
    if retried:
        t.diag("%s: %d answers retried with their Idempotency-Key: %s" % (name, len(retried), retried[:10]))
    return eid, results, ok / elapsed if elapsed > 0 else 0.0, retried


def check(label, eid, results, emails):
    statuses = {}
    for _, s, _ in results:
        statuses[s] = statuses.get(s, 0) + 1
    t.diag("%s: answers %s" % (label, statuses))
    codes = [c for _, s, cs in results if s == 201 for c in cs]
    t.ok(all(s in (201, 409) for _, s, _ in results), "%s: every buyer got 201 or 409" % label, statuses)
    sold = int(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d AND status <> 'cancelled'" % eid))
    t.eq(sold, len(codes), "%s: one ticket in the database for each one answered (nothing lost)" % label)
    t.ok(sold <= SEATS, "%s: not oversold (%d of %d)" % (label, sold, SEATS))
    twice = kt.sql_one("SELECT COUNT(*) FROM (SELECT seat_id FROM tickets WHERE event_id = %d AND status <> "
                       "'cancelled' GROUP BY seat_id HAVING COUNT(*) > 1) x" % eid)
    t.eq(str(twice), "0", "%s: no seat sold twice" % label)
    most = kt.sql_one("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) n FROM tickets t JOIN orders o ON "
                      "o.id = t.order_id WHERE t.event_id = %d GROUP BY o.user_id) x" % eid)
    t.ok(int(most) <= 2, "%s: no buyer bought twice (retries replayed, at most 2 tickets each)" % label, most)
    winners = [emails[i] for i, s, _ in results if s == 201]
    kt.wait_until(lambda: all(kt.mails_to(e) for e in winners), 180, 1)
    counts = {e: len(kt.mails_to(e)) for e in winners}
    t.ok(winners and all(c == 1 for c in counts.values()),
         "%s: each of the %d buyers got exactly one confirmation (two job runners)" % (label, len(winners)),
         {e: c for e, c in counts.items() if c != 1})
    return sold


def main():
    tag = kt.unique("cl")
    emails, toks = buyers(tag, BUYERS)
    t.ok(all(toks), "%d buyers signed in through the cluster" % BUYERS)

    # 1. measured, in this run one after the other: the cluster through
    # nginx, the cluster over FastCGI to both pools, app1 alone over FastCGI
    pools = [os.path.join(CDIR, a, "run", "kametay.sock") for a in ("app1", "app2")]
    eid, res, rate_nginx, _ = sale("Cluster sale", emails, toks)
    check("cluster via nginx", eid, res, emails)
    e2, t2 = buyers(tag + "b", BUYERS)
    eid, res, rate_cluster, _ = sale("Two hosts sale", e2, t2, via=pools)
    check("cluster, both pools", eid, res, e2)
    e4, t4 = buyers(tag + "d", BUYERS)
    eid, res, rate_one, _ = sale("One host sale", e4, t4, via=pools[:1])
    check("app1 alone", eid, res, e4)
    print("# purchases per second, same run, %d buyers x 2 seats each time: cluster through nginx %.1f"
          " | cluster, both app instances over FastCGI %.1f | one app instance on its node (app1 -> db1)"
          " over FastCGI %.1f" % (BUYERS, rate_nginx, rate_cluster, rate_one))

    # 2. db1 killed mid-sale
    e3, t3 = buyers(tag + "c", BUYERS)
    pid = int(open(os.path.join(CDIR, "db1.pid")).read())
    log1 = os.path.join(CDIR, "app1", "log", "pool.log")
    log_from = os.path.getsize(log1)

    def kill_db1(results):
        kt.wait_until(lambda: len(results) >= BUYERS // 3, 120, 0.01)
        os.kill(pid, signal.SIGKILL)
        t.diag("killed db1 (pid %d) after %d answers" % (pid, len(results)))
    # app1's workers keep the node they failed over to (an earlier run's
    # kill): a reload (SIGHUP, a new generation of workers) connects them
    # along DB.Nodes again, to db1 first.
    os.kill(int(open(os.path.join(CDIR, "app1", "run", "pool.pid")).read()), signal.SIGHUP)

    def app1_on_db1():
        # app1 reaches the nodes over TCP (host "localhost:PORT"), app2 by socket
        return int(node_sql(1, "SELECT COUNT(*) FROM information_schema.processlist "
                               "WHERE user = 'kametay' AND host LIKE '%:%'"))
    kt.wait_until(lambda: app1_on_db1() >= 4, 60, 0.5)
    t.ok(app1_on_db1() >= 4, "before the kill, app1's workers are connected to db1 (over TCP)", app1_on_db1())
    kt.DB_SOCKET = os.path.join(CDIR, "run", "db2", "mysqld.sock")
    eid, res, rate_kill, retried = sale("Node killed sale", e3, t3, during=kill_db1)
    t.ok(not kt.alive(pid), "db1 is gone")
    t.ok(not retried, "db1 killed: no buyer was answered 503 or had to retry (the workers failed over)",
         retried[:10])
    sold = check("db1 killed", eid, res, e3)
    with open(log1, errors="replace") as f:
        f.seek(log_from)
        lines = f.read().splitlines()
    again = sum(1 for ln in lines if "trying again on the next node" in ln)
    at_commit = sum(1 for ln in lines if "died at COMMIT" in ln)
    t.diag("app1's workers: %d purchases tried again on the next node after their connection died, "
           "%d found committed after a COMMIT that lost its connection" % (again, at_commit))
    r = kt.get("/healthz")
    t.eq(r.status, 200, "the site answers with db1 down")
    r = kt.api("GET", "/api/me/", t3[0])
    t.eq(r.status, 200, "and serves signed-in requests through both app instances")
    print("# purchases per second with db1 killed a third of the way in: %.1f" % rate_kill)

    # db1 comes back and catches up
    db1_log = os.path.join(CDIR, "log", "db1", "mariadb.log")
    db1_from = os.path.getsize(db1_log)
    up = subprocess.run([os.path.join(kt.ROOT, "dev"), "cluster", "up"], capture_output=True, text=True,
                        timeout=600)
    t.ok(up.returncode == 0, "./dev cluster up brings db1 back", up.stdout[-2000:] + up.stderr[-2000:])
    size = node_sql(2, "SHOW STATUS LIKE 'wsrep_cluster_size'").split()[-1]
    t.eq(size, "3", "the cluster has three nodes again")
    state = node_sql(1, "SHOW STATUS LIKE 'wsrep_local_state_comment'").split()[-1]
    t.eq(state, "Synced", "db1 is Synced")
    got = node_sql(1, "SELECT COUNT(*) FROM tickets WHERE event_id = %d AND status <> 'cancelled'" % eid)
    t.eq(int(got), sold, "db1 holds every ticket sold while it was down")
    with open(db1_log, errors="replace") as f:
        f.seek(db1_from)
        joined = f.read().splitlines()
    ist = [ln for ln in joined if "IST received" in ln]
    sst = [ln for ln in joined if "SST succeeded" in ln or "SST received" in ln]
    how = "IST" if ist else "SST" if sst else "unknown"
    print("# db1 rejoined by %s: %s" % (how, (ist or sst or ["(no state transfer line in its log)"])[-1].strip()))
    t.ok(how != "unknown", "db1's log tells how it caught up (%s)" % how)
    print("1..%d" % t.n)
    return 1 if t.failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # noqa: BLE001
        import traceback
        t.ok(False, "the cluster sale ran to the end", traceback.format_exc())
        print("1..%d" % t.n)
        sys.exit(1)
