"""
An upgrade without a failed request (README "Upgrades"): with buyers and
browsers loading the running stack, a migration that adds a column and a
table is applied the way ./dev's migrate step does (the file and its
schema_migrations row in one client session) while the old workers serve;
then a SIGHUP moves the pool to a new generation of workers.  Every request
made during all that must succeed: 0 failed.  The migration is undone at the
end (also on failure), so the instance is as before for the tests after this.
"""
import os
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import kt  # noqa: E402

kt.need_stack()

NAME = "999_kt_upgrade_%d.sql" % os.getpid()
COLUMN = "kt_upgrade_note"
TABLE = "kt_upgrade_log"
MIGRATION = """
ALTER TABLE events ADD COLUMN %(col)s VARCHAR(200) NULL, ALGORITHM=INSTANT, LOCK=NONE;
CREATE TABLE IF NOT EXISTS %(tab)s (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id BIGINT UNSIGNED NOT NULL,
  note VARCHAR(200) NOT NULL,
  KEY (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO schema_migrations (name, applied_at) VALUES ('%(name)s', NOW());
""" % {"col": COLUMN, "tab": TABLE, "name": NAME}


class Load:
    """Threads that keep asking for pages, the API and buying tickets,
    counting every answer that is not the expected one."""

    def __init__(self, eid, tokens):
        self.eid, self.tokens = eid, tokens
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.done = 0
        self.bought = 0
        self.failed = []
        self.threads = [threading.Thread(target=self.browse, args=(p,))
                        for p in ("/", "/api/events/", "/events/%d" % eid, "/healthz")]
        self.threads += [threading.Thread(target=self.buy, args=(tok,)) for tok in tokens]

    def count(self, what, ok, detail):
        with self.lock:
            self.done += 1
            if not ok:
                self.failed.append((what, detail))

    def browse(self, path):
        while not self.stop.is_set():
            try:
                r = kt.get(path)
                self.count(path, r.status == 200, r.status)
            except OSError as e:
                self.count(path, False, repr(e))

    def buy(self, tok):
        while not self.stop.is_set():
            try:
                r = kt.api("POST", "/api/events/%d/purchase/" % self.eid, tok, {"quantity": 1})
                # 201, or 422 once this buyer reached the event's per-person limit
                self.count("purchase", r.status in (201, 422), r.status)
                if r.status == 201:
                    with self.lock:
                        self.bought += 1
            except OSError as e:
                self.count("purchase", False, repr(e))

    def __enter__(self):
        for th in self.threads:
            th.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for th in self.threads:
            th.join(60)

    def wait_requests(self, n):
        """Until n more requests have been answered."""
        with self.lock:
            goal = self.done + n
        kt.wait_until(lambda: self.done >= goal, 120)


def migrate():
    return subprocess.run(
        ["mariadb", "--no-defaults", "--socket=" + kt.DB_SOCKET, "--user=kametay", "kametay"],
        input=MIGRATION, capture_output=True, text=True,
        env=dict(os.environ, MYSQL_PWD=kt.DB_PASSWORD))


def undo():
    kt.sql_exec("ALTER TABLE events DROP COLUMN IF EXISTS %s; DROP TABLE IF EXISTS %s; "
                "DELETE FROM schema_migrations WHERE name = '%s';" % (COLUMN, TABLE, NAME))


def main(t):
    eid = kt.make_event(kt.unique("Upgrade GA"), capacity=5000, max_per_person=1000)
    tokens = [kt.api_token(kt.make_user("upgrade%d" % i)[1]) for i in range(3)]
    master = kt.read_pid("pool")
    old = kt.children(master)
    with Load(eid, tokens) as load:
        load.wait_requests(50)
        r = migrate()
        t.ok(r.returncode == 0, "the migration (a column and a table) applies while the old workers serve",
             r.stderr)
        load.wait_requests(50)
        os.kill(master, signal.SIGHUP)
        new = kt.wait_until(lambda: (lambda k: k if k and not set(k) & set(old) and
                                     len(k) == len(old) else None)(kt.children(master)), 120)
        t.ok(new is not None, "SIGHUP: a new generation of workers replaced every old one",
             (old, kt.children(master)))
        load.wait_requests(100)
    t.eq(load.failed, [], "0 failed requests across the migration and the reload (%d answered)"
         % load.done)
    t.ok(load.done >= 200, "the load kept going throughout (%d requests)" % load.done)
    t.eq(kt.read_pid("pool"), master, "the pool's master stayed the same process")
    cols = kt.sql("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                  "AND table_name = 'events' AND column_name = '%s'" % COLUMN)
    t.eq(cols[0][0], "1", "the new column is there")
    sold = int(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d" % eid))
    t.ok(sold > 0 and sold == load.bought,
         "tickets sold during the upgrade: one in the database for each 201 (%d), none lost" % sold,
         (sold, load.bought))
    t.eq(kt.healthz_status(), 200, "the site answers after the upgrade")


if __name__ == "__main__":
    try:
        kt.Tap().run(main)
    finally:
        undo()
