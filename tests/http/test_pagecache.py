"""
The workers' kept copies of the anonymous home and event pages
(core/pagecache.c, issue 10): each visitor gets the page with their own
CSRF token, which works and is nobody else's; the page is in the visitor's
language; a signed-in visitor, a cart, a flash message never get (or give)
a kept copy; a change made through the pool (a purchase, any POST) shows at
once on every worker, one made behind its back once pages.gen moves or
Cache.PageSeconds has passed; HEAD and the query string.

The long-bound part runs with Cache.PageSeconds = 3600 (local.hdf and a
SIGHUP), so that a copy that should be kept is kept and one that must go
goes whatever the machine's speed: no check depends on timing.
"""
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

TAG = kt.unique("pcache")
STR = {code: kt.lang(code) for code in ("en", "ru", "kk")}
CSRF = re.compile(r'name="csrf" value="([^"]*)"')
HTML_LANG = re.compile(r'<html lang="([a-z]+)"')


def workers():
    return max(1, len(kt.children(kt.read_pid("pool"))))


def rounds():
    """GETs enough to reach every worker (no keep-alive upstream: the first
    free worker takes each request)."""
    return 10 * workers()


def tokens(r):
    return set(CSRF.findall(r.text))


def reload_pool():
    master = kt.read_pid("pool")
    before = kt.children(master)
    os.kill(master, signal.SIGHUP)
    return kt.wait_until(lambda: (lambda k: len(k) == len(before) and not set(k) & set(before))(
        kt.children(master)), 15, 0.05) is not None


def local_config(text):
    path = os.path.join(kt.VAR, "local.hdf")
    if text is None:
        if os.path.exists(path):
            os.unlink(path)
    else:
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
    return reload_pool()


def silently(statements):
    """SQL the pool does not hear of (kt.sql_exec tells it through pages.gen)."""
    told = kt.pages_changed
    kt.pages_changed = lambda: None
    try:
        kt.sql_exec(statements)
    finally:
        kt.pages_changed = told


def tokens_and_language(t):
    ev = kt.make_event("%s tokens" % TAG, days=3100)
    for path in ("/", "/events/%d" % ev):
        seen = {}
        for i in range(rounds()):
            v = kt.Visitor(lang=None)
            r = v.get(path)
            toks = tokens(r)
            if r.status != 200 or len(toks) != 1 or "csrf" not in v.cookies:
                t.ok(False, "%s: a page with one CSRF token and a csrf cookie" % path, r)
                return
            seen[next(iter(toks))] = v
        t.ok(len(seen) == rounds(), "%s: %d fresh visitors, %d different tokens" %
             (path, rounds(), rounds()), len(seen))
        (ta, va), (tb, vb) = list(seen.items())[:2]
        r = va.submit("/lang", {"set": "en", "back": path}, csrf=ta)
        t.ok(r.status == 303, "%s: a visitor's own token from the page is accepted" % path, r)
        r = vb.submit("/lang", {"set": "en", "back": path}, csrf=ta)
        t.ok(r.status == 403, "%s: another visitor's token is not" % path, r)
        # the same visitor again: the token of their own cookie, page after page
        v = kt.Visitor()
        first = tokens(v.get(path))
        t.ok(all(tokens(v.get(path)) == first for _ in range(rounds())),
             "%s: one visitor gets their one token from every worker" % path)
        for code in ("en", "ru", "kk"):
            pages = [kt.Visitor(lang=code).get(path) for _ in range(rounds())]
            t.ok(all(HTML_LANG.search(p.text).group(1) == code and
                     STR[code]["Lang.Site.skip"] in kt.page_text(p) for p in pages),
                 "%s: lang=%s cookie: every copy in %s" % (path, code, code))
        al = [kt.get(path, headers={"Accept-Language": "ru-RU,ru;q=0.9"}) for _ in range(rounds())]
        t.ok(all(HTML_LANG.search(p.text).group(1) == "ru" for p in al),
             "%s: no cookie, Accept-Language ru: in Russian" % path)
        r = kt.Client().request("HEAD", path)
        g = kt.get(path)
        t.ok(r.status == 200 and not r.body and
             r.header("Content-Length") == str(len(g.body)),
             "%s: HEAD: no body, the page's length" % path, (r, len(g.body)))
        t.ok(g.header("Cache-Control") == "no-store",
             "%s: the answer is still no-store for the browser" % path, g)


def nobody_elses_page(t):
    ev = kt.make_event("%s people" % TAG, days=3101)
    _, addr = kt.make_user("pcache")
    first = kt.sql_one("SELECT first_name FROM users WHERE email = %s" % kt.q(addr))
    for path in ("/", "/events/%d" % ev):
        anon = [kt.get(path) for _ in range(rounds())]
        u = kt.sign_in(addr)
        mine = [u.get(path) for _ in range(rounds())]
        t.ok(all(first in kt.page_text(p) and "/logout" in p.text for p in mine),
             "%s: signed in after anonymous visits: every worker shows their own name" % path)
        t.ok(all(tokens(p) == {u.csrf()} for p in mine),
             "%s: and their own token" % path)
        anon = [kt.get(path) for _ in range(rounds())]
        t.ok(all(first not in kt.page_text(p) and 'action="/logout"' not in p.text
                 for p in anon),
             "%s: anonymous after a signed-in visitor: no name, no sign-out" % path)
    # a flash message is shown once, then the page is everyone's again
    u = kt.sign_in(addr)
    r = u.submit("/logout", {})
    home = u.follow(r)
    t.ok(r.status == 303 and STR["en"]["Lang.Flash.logged_out"] in kt.page_text(home),
         "sign-out: the home page says so (a flash cookie: not from the copy)", home)
    again = u.get("/")
    t.ok(STR["en"]["Lang.Flash.logged_out"] not in kt.page_text(again),
         "and only once")
    t.ok(all(STR["en"]["Lang.Flash.logged_out"] not in kt.page_text(kt.get("/"))
             for _ in range(rounds())), "nobody else got the flash message")
    # someone with a cart: the event page is not kept for (or from) them
    v = kt.Visitor()
    v.get("/events/%d" % ev)
    r = v.submit("/events/%d/hold" % ev, {"quantity": "1"})
    t.ok(r.status == 303 and "cart" in v.cookies, "a visitor with a cart", r)
    r = v.get("/events/%d" % ev)
    t.ok(r.status == 200 and tokens(r) == {v.csrf()},
         "a visitor with a cart gets the event page with their token", r)


def long_bound(t):
    local = os.path.join(kt.VAR, "local.hdf")
    if os.path.exists(local):
        t.ok(False, "$KAMETAY_VAR/local.hdf is not there before the test", local)
        return
    ev = kt.make_event("%s bound" % TAG, capacity=2, days=3102)
    page = "/events/%d" % ev
    name0 = "%s bound" % TAG
    try:
        t.ok(local_config("Cache.PageSeconds = 3600\n"),
             "the pool reloads with Cache.PageSeconds = 3600")
        t.ok(all(name0 in kt.page_text(kt.get(page)) for _ in range(rounds())),
             "every worker has the event page")
        silently("UPDATE events SET name = %s WHERE id = %d" % (kt.q(name0 + " renamed"), ev))
        kept = [kt.get(page) for _ in range(rounds())]
        t.ok(all(name0 + " renamed" not in kt.page_text(p) for p in kept),
             "a rename behind the pool's back: the kept copies stay (the bound is an hour)")
        t.ok(all(tokens(p) and len(tokens(p)) == 1 for p in kept),
             "kept copies carry a token each")
        kt.pages_changed()
        t.ok(all(name0 + " renamed" in kt.page_text(kt.get(page)) for _ in range(rounds())),
             "pages.gen written: every worker shows the new name")

        # a purchase through the pool: every worker's copy goes at once
        t.ok(all(STR["en"]["Lang.Availability.full"] not in kt.page_text(kt.get(page))
                 for _ in range(rounds())), "before the purchase: not full, on every worker")
        _, addr = kt.make_user("pcbuyer")
        kt.buy(kt.api_token(addr), ev, quantity=2)
        t.ok(all(STR["en"]["Lang.Availability.full"] in kt.page_text(kt.get(page))
                 for _ in range(rounds())), "after a purchase of the last two: full, on every worker")
        t.ok(all(STR["en"]["Lang.Availability.full"] in kt.page_text(kt.get("/?q=" + TAG))
                 for _ in range(rounds())), "and in the listing")

        # any POST, even one that changes nothing the page shows
        silently("UPDATE events SET name = %s WHERE id = %d" % (kt.q(name0 + " again"), ev))
        kt.get(page)
        kt.Visitor().submit("/lang", {"set": "en", "back": "/"})
        t.ok(all(name0 + " again" in kt.page_text(kt.get(page)) for _ in range(rounds())),
             "after any POST through the pool: the new name everywhere")

        # the query string is part of the key
        a = kt.get("/?q=" + TAG)
        b = kt.get("/?q=nothing-" + TAG)
        t.ok(name0 in kt.page_text(a) and name0 not in kt.page_text(b),
             "a search is kept apart from another", (a, b))
    finally:
        t.ok(local_config(None), "local.hdf removed, the pool reloaded")

    # the default bound: a change behind the pool's back shows once it has passed
    secs = 1
    silently("UPDATE events SET name = %s WHERE id = %d" % (kt.q(name0 + " later"), ev))
    time.sleep(secs + 0.5)
    t.ok(all(name0 + " later" in kt.page_text(kt.get(page)) for _ in range(rounds())),
         "Cache.PageSeconds (1) after a change behind the pool's back, every worker shows it")


if __name__ == "__main__":
    kt.Tap().run(tokens_and_language, nobody_elses_page, long_bound)
