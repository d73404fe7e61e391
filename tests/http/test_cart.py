"""
One checkout for the cart (issue 13, point 1), through nginx and the real
pool: a cart of two events is one form with one grand total that asks a
guest's details once and makes an order per event; the done page shows
every order; places added to an event already in the cart add up to the
per-person limit with a message; each seat or line can be removed; errors
are summarised on top with links to the fields; an event that cannot be
bought is named while the others are sold; a double submit buys once; and
carts checking out at the same moment never get the same seat.
"""
import os
import re
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
t = kt.Tap()

TAG = kt.unique("cart")
EN = kt.lang("en")
ORG = kt.sql_one("SELECT id FROM users WHERE role = 'organiser' ORDER BY id LIMIT 1")
# apart from the other suites' dates (test_buying 2400–2500, test_race 3000)
DAYS = iter(range(2600, 2700))


def make_event(name, seated=False, capacity=50, max_per_person=4, price=None):
    return kt.make_event("%s %s" % (TAG, name), seated=seated, capacity=capacity,
                         days=next(DAYS), description="cart", location="Field", organiser=ORG,
                         max_per_person=max_per_person, price=price)


def hold(v, event, pairs):
    return v.submit("/events/%d/hold" % event, pairs)


def cart_fields(page):
    """The checkout form as the browser would send it: idem and every event_id."""
    idem = re.search(r'name="idem" value="([^"]+)"', page.text).group(1)
    return [("idem", idem)] + [("event_id", e) for e in
                               re.findall(r'name="event_id" value="(\d+)"', page.text)]


def held(event, cart=None):
    q = "SELECT COALESCE(SUM(quantity), 0) FROM holds WHERE event_id = %d" % event
    if cart:
        q += " AND cart = %s" % kt.q(cart)
    return int(kt.sql_one(q))


GUEST = {"name": "Aigerim Cart", "phone": "+7 701 000 00 00"}


def two_events(t):
    ga = make_event("ga", capacity=30, price=150000)
    seated = make_event("seated", seated=True, capacity=320, price=250000)
    seats = kt.free_seats(seated, 2)
    v = kt.Visitor()
    hold(v, ga, [("quantity", "2")])
    r = hold(v, seated, [("seat", str(s)) for s in seats])
    t.ok(r.status == 303, "two events: the seats go into the same cart", r)
    page = v.get("/cart")
    forms = re.findall(r'<form method="post" action="/cart/checkout"', page.text)
    t.ok(len(forms) == 1, "two events: the cart is one order form", len(forms))
    t.ok(page.text.count('name="email"') == 1 and page.text.count('name="phone"') == 1,
         "two events: a guest's details are asked once", page.text.count('name="email"'))
    text = kt.page_text(page)
    # 2 × 1 500 + 2 × 2 500 = 8 000 tenge
    grand = re.search(r'class="cart-total cart-grand-total">(.*?)</p>', page.text, re.S)
    t.ok(grand is not None and re.sub(r"<[^>]*>|\D", "", grand.group(1)).startswith("8000"),
         "two events: one grand total, the sum of both", grand and grand.group(1))
    t.ok(EN["Lang.Shop.grand_total"] in text, "two events: … under its own label")
    addr = "%s-guest@cart.test" % TAG
    f = cart_fields(page) + [("email", addr)] + list(GUEST.items())
    r = v.submit("/cart/checkout", f, kt.csrf_token(page))
    t.ok(r.status == 303 and r.header("Location", "").startswith("/cart/done?"),
         "two events: one submit → the done page", r)
    orders = kt.sql("SELECT id, event_id, buyer_email FROM orders WHERE buyer_email = %s "
                    "ORDER BY event_id" % kt.q(addr))
    t.ok(len(orders) == 2 and {int(o[1]) for o in orders} == {ga, seated},
         "two events: an order per event behind it, one buyer", orders)
    loc = r.header("Location", "")
    t.ok(sorted(urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query).get("order", [])) ==
         sorted(o[0] for o in orders), "two events: the done page is given both orders", loc)
    done = v.follow(r)
    dtext = kt.page_text(done)
    codes = [c for (c,) in kt.sql("SELECT t.code FROM tickets t JOIN orders o ON o.id = t.order_id "
                                  "WHERE o.buyer_email = %s" % kt.q(addr))]
    t.ok(done.status == 200 and "%s ga" % TAG in dtext and "%s seated" % TAG in dtext,
         "two events: the done page shows every order", dtext[:600])
    t.ok(len(codes) == 4 and all(("/tickets/" + c) in done.text for c in codes),
         "two events: … and every ticket of them", codes)
    t.ok(held(ga, v.cookies["cart"]) == 0 and held(seated, v.cookies["cart"]) == 0,
         "two events: the cart is empty afterwards")
    # a double submit (the same form again) buys nothing more
    r2 = v.submit("/cart/checkout", f, kt.csrf_token(page))
    n = kt.sql_one("SELECT COUNT(*) FROM orders WHERE buyer_email = %s" % kt.q(addr))
    t.ok(r2.status == 303 and n == "2" and sorted(urllib.parse.parse_qs(
        urllib.parse.urlsplit(r2.header("Location", "")).query).get("order", [])) ==
         sorted(o[0] for o in orders),
         "two events: the same form submitted again replays both orders, buys nothing", (r2, n))
    # another browser cannot open the done page
    t.ok(kt.Visitor().get(loc).status == 404, "two events: the done page is the buyer's only")
    ms = kt.wait_mails(addr, count=2)
    t.ok(len(ms) == 2, "two events: a confirmation mail per order", len(ms))


def adds_up(t):
    ga = make_event("adds", capacity=30, max_per_person=4)
    v = kt.Visitor()
    hold(v, ga, [("quantity", "2")])
    r = hold(v, ga, [("quantity", "1")])
    t.ok(r.status == 303 and held(ga) == 3, "adding: 2, then 1 → three held", held(ga))
    r = hold(v, ga, [("quantity", "3")])
    page = v.get("/cart")
    t.ok(r.status == 303 and held(ga) == 4 and EN["Lang.Flash.hold_capped"] in kt.page_text(page),
         "adding: 3 more → four (the limit), and the message says so", (r, held(ga)))
    r = hold(v, ga, [("quantity", "1")])
    t.ok(r.status == 422 and EN["Lang.Err.limit_reached"] in kt.page_text(r) and held(ga) == 4,
         "adding: one more at the limit → 422 with a clear message, the cart unchanged",
         (r.status, held(ga)))
    t.ok(int(kt.sql_one("SELECT held FROM events WHERE id = %d" % ga)) == 4,
         "adding: the event's held counter agrees")
    # a signed-in buyer's tickets already bought count too
    _, u = kt.make_user("adder")
    tok = kt.api_token(u)
    kt.buy(tok, ga, quantity=3)
    s = kt.sign_in(u)
    hold(s, ga, [("quantity", "2")])
    t.ok(held(ga, s.cookies.get("cart")) == 1,
         "adding: with 3 bought, 2 asked → 1 held (the person's limit)", held(ga, s.cookies.get("cart")))


def remove_one(t):
    seated = make_event("remove", seated=True, capacity=320)
    ga = make_event("remove ga", capacity=30)
    s1, s2, s3 = kt.free_seats(seated, 3)
    v = kt.Visitor()
    hold(v, seated, [("seat", str(s1)), ("seat", str(s2)), ("seat", str(s3))])
    hold(v, ga, [("quantity", "2")])
    page = v.get("/cart")
    buttons = re.findall(r'formaction="/cart/release" formnovalidate name="remove" value="(\d+:\d+)"',
                         page.text)
    t.ok(len(buttons) == 4, "remove: a remove button per seat and per line", buttons)
    hid = kt.sql_one("SELECT id FROM holds WHERE seat_id = %d AND event_id = %d" % (s2, seated))
    r = v.submit("/cart/release", cart_fields(page) + [("remove", "%d:%s" % (seated, hid))],
                 kt.csrf_token(page))
    seats = {int(x) for (x,) in kt.sql("SELECT seat_id FROM holds WHERE event_id = %d" % seated)}
    t.ok(r.status == 303 and seats == {s1, s3}, "remove: one seat goes, the others stay", seats)
    t.ok(EN["Lang.Flash.seat_removed"] in kt.page_text(v.get("/cart")), "remove: … with a message")
    # another cart's hold id is left alone
    other = kt.Visitor()
    page2 = other.get("/cart")
    hid1 = kt.sql_one("SELECT id FROM holds WHERE seat_id = %d AND event_id = %d" % (s1, seated))
    other.submit("/cart/release", [("remove", "%d:%s" % (seated, hid1))], kt.csrf_token(page2) or True)
    t.ok(held(seated) == 2, "remove: another visitor cannot remove my seat by its number")
    page = v.get("/cart")
    hga = kt.sql_one("SELECT id FROM holds WHERE event_id = %d" % ga)
    v.submit("/cart/release", [("remove", "%d:%s" % (ga, hga))], kt.csrf_token(page))
    t.ok(held(ga) == 0 and int(kt.sql_one("SELECT held FROM events WHERE id = %d" % ga)) == 0,
         "remove: a general-admission line goes and its places come back to the event")
    for bad in ["x", "1:", ":2", "%d:abc" % ga, "99999999999999999999999:1"]:
        r = v.submit("/cart/release", [("remove", bad)], kt.csrf_token(page))
        if r.status != 303:
            break
    t.ok(r.status == 303 and held(seated) == 2, "remove: nonsense values change nothing", r)


def errors_summary(t):
    ga = make_event("errors", capacity=30)
    v = kt.Visitor()
    hold(v, ga, [("quantity", "1")])
    page = v.get("/cart")
    r = v.submit("/cart/checkout", cart_fields(page) + [("name", "X"), ("email", "not-an-address"),
                                                        ("phone", "")], kt.csrf_token(page))
    summary = re.search(r'<div class="alert alert-error error-summary"[^>]*>(.*?)</div>', r.text, re.S)
    t.ok(r.status == 422 and summary is not None, "errors: 422 with a summary on top", r)
    links = re.findall(r'<a href="#(\w+)">', summary.group(1) if summary else "")
    t.ok(links == ["email", "phone"], "errors: the summary links to each wrong field", links)
    t.ok('id="email" ' in r.text and 'id="phone" ' in r.text and 'aria-invalid="true"' in r.text,
         "errors: … which carry the ids linked and are marked invalid")
    t.ok(kt.sql_one("SELECT COUNT(*) FROM orders WHERE event_id = %d" % ga) == "0" and held(ga) == 1,
         "errors: nothing bought, the hold kept")
    t.ok('value="X"' in r.text, "errors: what was typed is kept")


def partly(t):
    ga = make_event("partly ok", capacity=30)
    gone = make_event("partly gone", capacity=30)
    v = kt.Visitor()
    hold(v, ga, [("quantity", "1")])
    hold(v, gone, [("quantity", "1")])
    page = v.get("/cart")
    # the second event's hold runs out while the buyer types
    kt.sql_exec("UPDATE holds SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                "WHERE event_id = %d" % gone)
    addr = "%s-partly@cart.test" % TAG
    r = v.submit("/cart/checkout", cart_fields(page) + [("email", addr)] + list(GUEST.items()),
                 kt.csrf_token(page))
    t.ok(r.status == 303, "partly: one event bought → the done page", r)
    done = v.follow(r)
    text = kt.page_text(done)
    t.ok("%s partly ok" % TAG in text and EN["Lang.Shop.order_missed"] in text and
         "%s partly gone" % TAG in text and EN["Lang.Err.hold_expired"] in text,
         "partly: the done page shows the order and names the event not bought, with the reason",
         text[:800])
    t.ok(kt.sql_one("SELECT COUNT(*) FROM orders WHERE buyer_email = %s" % kt.q(addr)) == "1",
         "partly: one order")
    # nothing bought at all: the cart again, the event's reason in the summary
    v2 = kt.Visitor()
    hold(v2, gone, [("quantity", "1")])
    page = v2.get("/cart")
    kt.sql_exec("UPDATE holds SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                "WHERE cart = %s" % kt.q(v2.cookies["cart"]))
    r = v2.submit("/cart/checkout", cart_fields(page) + [("email", addr)] + list(GUEST.items()),
                  kt.csrf_token(page))
    t.ok(r.status == 409 and EN["Lang.Err.hold_expired"] in kt.page_text(r) and
         "error-summary" in r.text, "partly: nothing bought → 409, the cart with the reason on top",
         r)
    # a crafted reason in the done page's URL is not echoed
    loc = "/cart/done?order=%s&miss=%d.%s" % (
        kt.sql_one("SELECT id FROM orders WHERE buyer_email = %s" % kt.q(addr)), ga,
        urllib.parse.quote("<b>x</b>"))
    d = v.get(loc)
    t.ok(d.status == 200 and "<b>x</b>" not in d.text and EN["Lang.Shop.order_missed"] not in
         kt.page_text(d), "partly: an unknown reason in the URL shows nothing", d)


def signed_in(t):
    uid, u = kt.make_user("buyer")
    v = kt.sign_in(u)
    a = make_event("signed a", capacity=30)
    b = make_event("signed b", capacity=30)
    hold(v, a, [("quantity", "1")])
    hold(v, b, [("quantity", "2")])
    page = v.get("/cart")
    t.ok('name="email"' not in page.text and u in kt.page_text(page),
         "signed in: no details to type; the page says where the tickets go")
    r = v.submit("/cart/checkout", cart_fields(page), kt.csrf_token(page))
    t.ok(r.status == 303 and kt.sql_one("SELECT COUNT(*) FROM orders WHERE user_id = %d" % uid) == "2",
         "signed in: one submit, two orders on the account", r)
    mine = v.get("/account/tickets")
    t.ok("%s signed a" % TAG in kt.page_text(mine) and "%s signed b" % TAG in kt.page_text(mine),
         "signed in: both in My tickets")


def race(t):
    """Eight carts hold and check out at the same moment: a seat is sold once."""
    seated = make_event("race", seated=True, capacity=320)
    ga = make_event("race ga", capacity=100)
    s1, s2 = kt.free_seats(seated, 2)
    n = 8
    vs = [kt.Visitor() for _ in range(n)]
    for v in vs:
        v.csrf()
    # every cart also holds a general place, so the checkout has two events as in life
    for v in vs:
        hold(v, ga, [("quantity", "1")])
    go = threading.Barrier(n)
    holds = [None] * n

    def take(i):
        go.wait()
        holds[i] = hold(vs[i], seated, [("seat", str(s1)), ("seat", str(s2))]).status

    th = [threading.Thread(target=take, args=(i,)) for i in range(n)]
    [x.start() for x in th]
    [x.join() for x in th]
    t.ok(holds.count(303) == 1, "race: eight carts ask for the same two seats → one holds them",
         holds)
    # make every cart's seats "stale": the winner's hold runs out and the others take turns, so
    # several carts show the seats while only the database knows who has them now
    pages = [v.get("/cart") for v in vs]
    kt.sql_exec("UPDATE holds SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                "WHERE event_id = %d" % seated)
    second = [None] * n
    go2 = threading.Barrier(n)

    def take2(i):
        go2.wait()
        second[i] = hold(vs[i], seated, [("seat", str(s1)), ("seat", str(s2))]).status

    th = [threading.Thread(target=take2, args=(i,)) for i in range(n)]
    [x.start() for x in th]
    [x.join() for x in th]
    pages = [v.get("/cart") for v in vs]
    res = [None] * n
    go3 = threading.Barrier(n)

    def buy(i):
        f = cart_fields(pages[i]) + [("email", "%s-race%d@cart.test" % (TAG, i))] + list(GUEST.items())
        go3.wait()
        res[i] = vs[i].submit("/cart/checkout", f, kt.csrf_token(pages[i])).status

    th = [threading.Thread(target=buy, args=(i,)) for i in range(n)]
    [x.start() for x in th]
    [x.join() for x in th]
    per_seat = kt.sql("SELECT seat_id, COUNT(*) FROM tickets WHERE event_id = %d AND status = 'valid' "
                      "GROUP BY seat_id" % seated)
    t.ok(sorted(int(s) for s, _ in per_seat) == sorted([s1, s2]) and
         all(c == "1" for _, c in per_seat),
         "race: eight carts check out at once → each seat sold exactly once", (per_seat, res))
    owners = kt.sql("SELECT COUNT(DISTINCT order_id) FROM tickets WHERE event_id = %d" % seated)
    t.ok(owners[0][0] == "1", "race: … both to the one cart that held them", owners)
    t.ok(int(kt.sql_one("SELECT sold FROM events WHERE id = %d" % ga)) == n and
         int(kt.sql_one("SELECT COUNT(*) FROM tickets WHERE event_id = %d" % ga)) == n,
         "race: every cart's general place is sold, the counter agrees")
    t.ok(all(s == 303 for s in res), "race: every checkout answers (the losers' done page names "
         "the seats they missed)", res)


def mail_details(t):
    """Point 4: the purchase mail names venue, address, seats, prices, total; QR inline and attached."""
    seated = make_event("mail", seated=True, capacity=320, price={"A": 500000, "B": 300000,
                                                                   "C": 100000})
    seats = kt.free_seats(seated, 2)
    v = kt.Visitor()
    hold(v, seated, [("seat", str(s)) for s in seats])
    page = v.get("/cart")
    addr = "%s-mail@cart.test" % TAG
    r = v.submit("/cart/checkout", cart_fields(page) + [("email", addr)] + list(GUEST.items()),
                 kt.csrf_token(page))
    t.ok(r.status == 303, "mail: bought", r)
    m = kt.wait_mail(addr, EN["Lang.Mail.Purchase.Subject"])
    t.ok(m is not None, "mail: the confirmation arrives")
    if m is None:
        return
    venue = kt.sql("SELECT v.name, v.address FROM events e JOIN venues v ON v.id = e.venue_id "
                   "WHERE e.id = %d" % seated)[0]
    rows = kt.sql("SELECT t.code, t.price, s.seat_label, s.row_label FROM tickets t JOIN seats s "
                  "ON s.id = t.seat_id JOIN orders o ON o.id = t.order_id WHERE o.buyer_email = %s"
                  % kt.q(addr))
    total = int(kt.sql_one("SELECT total FROM orders WHERE buyer_email = %s" % kt.q(addr)))
    text, htm = kt.mail_parts(m)

    def amount(minor):
        return re.sub(r"\D", "", str(minor // 100))

    def digits(s):
        return re.sub(r"[^\d\n]", "", s or "")
    for name, part in (("text", text), ("HTML", htm)):
        t.ok(part is not None and venue[0] in part and venue[1] in part,
             "mail: the %s part names the venue and its address" % name, venue)
        t.ok(part is not None and EN["Lang.Mail.Purchase.Total"] in part and
             amount(total) in digits(part),
             "mail: the %s part gives the total" % name, total)
        t.ok(part is not None and all(amount(int(p)) in digits(part) for _, p, _, _ in rows) and
             all(("%s %s" % (EN["Lang.Shop.seat"], sl)) in part for _, _, sl, _ in rows),
             "mail: the %s part gives each seat and its price" % name, rows)
    related = [p for p in m.walk() if p.get_content_type() == "multipart/related"]
    t.ok(len(related) == 1, "mail: the HTML sits in a multipart/related",
         [p.get_content_type() for p in m.walk()])
    inline = [p for p in related[0].iter_parts() if p.get_content_type() == "image/png"] \
        if related else []
    cids = [str(p["Content-ID"]).strip("<>") for p in inline]
    t.ok(len(inline) == 2 and all(("cid:" + c) in (htm or "") for c in cids),
         "mail: each QR is inline, shown by the HTML as cid:", cids)
    att = [p for p in m.iter_attachments() if p.get_content_type() == "image/png"]
    t.ok(len(att) == 2 and {p.get_content() for p in att} == {p.get_content() for p in inline},
         "mail: … and the same QR images are attached as well", len(att))


def my_tickets_order(t):
    """Point 4: My tickets in date order, grouped by event."""
    _, u = kt.make_user("order")
    tok = kt.api_token(u)
    late = make_event("order late", capacity=30)     # the DAYS come in rising order
    soon = kt.make_event("%s order soon" % TAG, capacity=30, days=5, organiser=ORG)
    later = make_event("order later", capacity=30)
    past = kt.make_event("%s order past" % TAG, capacity=30, days=6, organiser=ORG)
    for ev, n in ((late, 2), (later, 1), (soon, 1), (past, 1)):
        kt.buy(tok, ev, quantity=n)
    kt.buy(tok, late, quantity=1)                    # a second order of the same event
    kt.sql_exec("UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 DAY WHERE id = %d" % past)
    v = kt.sign_in(u)
    page = v.get("/account/tickets")
    heads = re.findall(r'<h3 id="tev-(\w)-\d+" class="ticket-event-title"><a href="/events/(\d+)">',
                       page.text)
    t.ok(heads == [("c", str(soon)), ("c", str(late)), ("c", str(later)), ("p", str(past))],
         "my tickets: one heading per event, upcoming soonest first, then the past",
         (heads, soon, late, later, past))
    blocks = re.split(r'<section class="ticket-event"', page.text)
    late_block = [b for b in blocks if 'href="/events/%d"' % late in b]
    t.ok(len(late_block) == 1 and late_block[0].count('class="card ticket-card') == 3,
         "my tickets: the three tickets of two orders of one event sit under its one heading")


def guest_changes(t):
    """Point 4: a guest's ticket page (by the mailed link) offers cancel and change seat."""
    seated = make_event("guest change", seated=True, capacity=320)
    s1, s2, s3 = kt.free_seats(seated, 3)
    v = kt.Visitor()
    hold(v, seated, [("seat", str(s1)), ("seat", str(s2))])
    page = v.get("/cart")
    addr = "%s-guestch@cart.test" % TAG
    v.submit("/cart/checkout", cart_fields(page) + [("email", addr)] + list(GUEST.items()),
             kt.csrf_token(page))
    codes = dict((int(s), c) for c, s in kt.sql(
        "SELECT t.code, t.seat_id FROM tickets t JOIN orders o ON o.id = t.order_id "
        "WHERE o.buyer_email = %s" % kt.q(addr)))
    c1, c2 = codes[s1], codes[s2]
    m = kt.wait_mail(addr, EN["Lang.Mail.Purchase.Subject"])
    link = re.search(r"(/tickets/guest\?k=[^\s\"<>]+)", kt.plain(m) if m else "")
    t.ok(link is not None, "guest: the purchase mail has the guest's link")
    if link is None:
        return
    # the checkout's own browser sees the ticket but may not change it (anyone can type an address)
    own = v.get("/tickets/" + c1)
    t.ok(own.status == 200 and "/tickets/%s/cancel" % c1 not in own.text,
         "guest: the buying browser shows the ticket without cancel (no proof of the address)")
    r = v.submit("/tickets/%s/cancel" % c1, {"confirm": "1"}, kt.csrf_token(own))
    t.ok(r.status == 404 and kt.sql_one("SELECT status FROM tickets WHERE code = %s" % kt.q(c1))
         == "valid", "guest: … and its cancel is refused", r)
    g = kt.Visitor()
    r = g.get(urllib.parse.unquote(link.group(1)) if "%" not in link.group(1) else link.group(1))
    t.ok(r.status in (302, 303) and "guest" in g.cookies, "guest: the mailed link opens", r)
    tp = g.get("/tickets/" + c1)
    t.ok(tp.status == 200 and ('action="/tickets/%s/cancel"' % c1) in tp.text and
         ('href="/tickets/%s/change-seat"' % c1) in tp.text,
         "guest: by the mailed link the ticket page offers cancel and change seat")
    cp = g.get("/tickets/%s/change-seat" % c1)
    t.ok(cp.status == 200 and ('value="%d"' % s3) in cp.text,
         "guest: the change-seat page lists free seats", cp)
    r = g.submit("/tickets/%s/change-seat" % c1, {"seat": str(s3)}, kt.csrf_token(cp))
    t.ok(r.status == 303 and kt.sql_one("SELECT seat_id FROM tickets WHERE code = %s" % kt.q(c1))
         == str(s3), "guest: the seat is changed", r)
    r = g.submit("/tickets/%s/cancel" % c2, {"confirm": "1"}, kt.csrf_token(tp))
    t.ok(r.status == 303 and kt.sql_one("SELECT status FROM tickets WHERE code = %s" % kt.q(c2))
         == "cancelled", "guest: the ticket is cancelled", r)
    t.ok(kt.wait_mail(addr, EN["Lang.Mail.TicketCancelled.Subject"]) is not None,
         "guest: the cancellation is mailed to the address")
    # a stranger, or a guest link of another address, changes nothing
    x = kt.Visitor()
    t.ok(x.get("/tickets/%s/change-seat" % c1).status == 404 and
         x.submit("/tickets/%s/cancel" % c1, {"confirm": "1"}).status == 404,
         "guest: a stranger gets 404 for both")
    t.ok(kt.sql_one("SELECT status FROM tickets WHERE code = %s" % kt.q(c1)) == "valid",
         "guest: the moved ticket is still valid")


t.run(guest_changes, my_tickets_order, mail_details, two_events, adds_up, remove_one, errors_summary, partly, signed_in, race)
