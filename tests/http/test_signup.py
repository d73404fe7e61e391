"""
Signing up does not make buying harder (issue 13, point 2), through nginx and
the real pool: registering signs the visitor in (and back to where they came
from); the mailed link signs its account in on any browser; a signed-in user
with an unconfirmed address buys, the tickets going to that address (their
mail is read from the Maildir); and registering a known address still tells
nothing: the same answer, a session that looks the same (a stand-in account),
the owner's account untouched and unreachable, the owner told by mail.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()
t = kt.Tap()

TAG = kt.unique("signup")
EN = kt.lang("en")
PASSWORD = "signup password 1"
ORG = kt.sql_one("SELECT id FROM users WHERE role = 'organiser' ORDER BY id LIMIT 1")
DAYS = iter(range(2700, 2750))

kt.clear_login_failures()


def addr(name):
    return "%s-%s@signup.test" % (TAG, name)


def fields(e, **over):
    f = {"first_name": "Dana", "last_name": "Signup", "age": "31", "email": e,
         "password": PASSWORD, "organiser_code": ""}
    f.update(over)
    return f


def set_cookie_names(resp):
    return sorted(v.split("=", 1)[0].strip() for v in resp.header_all("Set-Cookie"))


def shape(page):
    """A signed-in page without what differs per request (tokens, names, numbers)."""
    s = re.sub(r'value="[^"]*"', 'value=""', page.text)
    s = re.sub(r"\d+", "0", s)
    return re.sub(r"[\w.+-]+@[\w.-]+", "ADDR", s)


def register_signs_in(t):
    v = kt.Visitor()
    e = addr("new")
    r = v.submit("/register", fields(e))
    t.ok(r.status == 303 and r.header("Location") == "/account" and "sid" in v.cookies,
         "register: signed in at once", r)
    page = v.follow(r)
    text = kt.page_text(page)
    t.ok(page.status == 200 and EN["Lang.Flash.registered_in"] in text and e in text,
         "register: the profile, with the flash and the address", text[:400])
    t.ok(EN["Lang.Notice.unverified"] in text, "register: the page says the address is unconfirmed")
    # back to the cart when that is where the visitor came from
    v2 = kt.Visitor()
    form = v2.get("/register?next=/cart")
    t.ok('name="next" value="/cart"' in form.text, "register: the form keeps where to go back to")
    r = v2.submit("/register", dict(fields(addr("next")), next="/cart"))
    t.ok(r.status == 303 and r.header("Location") == "/cart", "register: … and goes back there", r)
    r = kt.Visitor().submit("/register", dict(fields(addr("evil")), next="//evil.test/"))
    t.ok(r.status == 303 and r.header("Location") == "/account",
         "register: a next to another site is ignored", r)

    # the mailed link signs its account in on another browser
    m = kt.wait_mail(e, EN["Lang.Mail.Verify.Subject"])
    link = None
    if m is not None:
        mm = re.search(r"(/verify\?token=[A-Za-z0-9_-]+)", kt.plain(m))
        link = mm.group(1) if mm else None
    t.ok(link is not None, "verify: the mail arrives with its link")
    w = kt.Visitor()
    r = w.get(link) if link else None
    t.ok(r is not None and r.status in (302, 303) and r.header("Location") == "/account" and
         "sid" in w.cookies, "verify: the link signs the account in (another browser)", r)
    if r is not None and r.status in (302, 303):
        page = w.follow(r)
        t.ok(EN["Lang.Flash.verified_in"] in kt.page_text(page) and
             EN["Lang.Notice.unverified"] not in kt.page_text(page),
             "verify: signed in, confirmed, said so", kt.page_text(page)[:300])
    t.ok(kt.sql_one("SELECT verified FROM users WHERE email = %s" % kt.q(e)) == "1",
         "verify: the account is confirmed")
    # someone else signed in on that browser stays signed in as themselves
    uid, other = kt.make_user("other")
    s = kt.sign_in(other)
    e3 = addr("third")
    kt.Visitor().submit("/register", fields(e3))
    m3 = kt.wait_mail(e3, EN["Lang.Mail.Verify.Subject"])
    l3 = re.search(r"(/verify\?token=[A-Za-z0-9_-]+)", kt.plain(m3)).group(1) if m3 else None
    r = s.get(l3) if l3 else None
    t.ok(r is not None and r.status == 200 and other in kt.page_text(s.get("/account")),
         "verify: a browser signed in as someone else stays theirs", r)


def unconfirmed_buys(t):
    v = kt.Visitor()
    e = addr("buyer")
    v.submit("/register", fields(e, first_name="Asel"))
    ev = kt.make_event("%s ga" % TAG, capacity=20, days=next(DAYS), organiser=ORG, price=150000)
    page = v.get("/events/%d" % ev)
    t.ok('action="/events/%d/hold"' % ev in page.text and
         EN["Lang.Shop.needs_verified"] not in kt.page_text(page),
         "unconfirmed: the event page has the buy form")
    r = v.submit("/events/%d/hold" % ev, [("quantity", "2")])
    cart = v.get("/cart")
    text = kt.page_text(cart)
    t.ok(r.status == 303 and e in text and EN["Lang.Shop.unconfirmed_note"].split(":")[0] in text,
         "unconfirmed: the cart says where the tickets go and that it is not confirmed", text[:600])
    f = [("idem", re.search(r'name="idem" value="([^"]+)"', cart.text).group(1)),
         ("event_id", str(ev))]
    r = v.submit("/cart/checkout", f, kt.csrf_token(cart))
    t.ok(r.status == 303 and r.header("Location", "").startswith("/cart/done?"),
         "unconfirmed: the checkout goes through", r)
    row = kt.sql("SELECT o.user_id, o.buyer_email FROM orders o JOIN users u ON u.id = o.user_id "
                 "WHERE u.email = %s" % kt.q(e))
    t.ok(len(row) == 1 and row[0][1] == e, "unconfirmed: the order is the account's, to its address",
         row)
    mine = v.get("/account/tickets")
    t.ok("%s ga" % TAG in kt.page_text(mine), "unconfirmed: the tickets are in My tickets")
    m = kt.wait_mail(e, EN["Lang.Mail.Purchase.Subject"])
    t.ok(m is not None, "unconfirmed: the tickets' mail goes to the address (Maildir)")
    # the API keeps the contract's rule: a verified user buys there
    tok = kt.api_login(e, PASSWORD)
    tok = tok.json().get("access") if tok.status == 200 else None
    r = kt.api("POST", "/api/events/%d/purchase/" % ev, tok, {"quantity": 1}) if tok else None
    t.ok(r is not None and r.status == 403 and r.json().get("error") == "email_not_verified",
         "unconfirmed: the API still answers 403 email_not_verified (CONTRACT)", r)


def known_address(t):
    owner_id, owner = kt.make_user("owner")
    before = kt.sql("SELECT * FROM users WHERE id = %d" % owner_id)
    tok = kt.api_token(owner)
    ev = kt.make_event("%s owner" % TAG, capacity=20, days=next(DAYS), organiser=ORG, price=150000)
    kt.buy(tok, ev, quantity=1)
    fresh = kt.Visitor()
    dup = kt.Visitor()
    rf = fresh.submit("/register", fields(addr("fresh"), first_name="Mallory"))
    rd = dup.submit("/register", fields(owner.upper(), first_name="Mallory",
                                        password="mallory password"))
    t.ok(rf.status == rd.status == 303 and rf.header("Location") == rd.header("Location") and
         set_cookie_names(rf) == set_cookie_names(rd) and "sid" in dup.cookies,
         "known: the same answer and the same cookies (signed in) as a new address",
         (rf, rd, set_cookie_names(rf), set_cookie_names(rd)))
    pf, pd = fresh.follow(rf), dup.follow(rd)
    t.ok(pf.status == pd.status == 200 and shape(pf) == shape(pd),
         "known: the profile page looks the same, down to the markup", (len(pf.text), len(pd.text)))
    t.ok("Mallory" in kt.page_text(pd) and owner in kt.page_text(pd),
         "known: it shows what was typed")
    mf, md = fresh.get("/account/tickets"), dup.get("/account/tickets")
    t.ok("%s owner" % TAG not in kt.page_text(md) and shape(mf) == shape(md),
         "known: none of the owner's tickets; My tickets looks like a new account's")
    t.ok(kt.sql("SELECT * FROM users WHERE id = %d" % owner_id) == before,
         "known: the owner's account is unchanged")
    sid_user = kt.sql_one("SELECT user_id FROM sessions ORDER BY id DESC LIMIT 1")
    t.ok(int(sid_user) != owner_id, "known: the session is not the owner's", sid_user)
    # resending the confirmation answers alike (and mails nothing to the owner)
    a = fresh.submit("/account/resend-verification", {"next": "/account"})
    b = dup.submit("/account/resend-verification", {"next": "/account"})
    t.ok(a.status == b.status, "known: resend answers alike", (a, b))
    m = kt.wait_mail(owner, EN["Lang.Mail.RegisterExists.Subject"])
    t.ok(m is not None, "known: the owner gets the 'someone tried to register' mail")
    t.ok(len(kt.mails_to(owner, EN["Lang.Mail.Verify.Subject"])) == 0,
         "known: … and never a confirmation link")
    # neither the typed password nor the owner's address give the stand-in's way in
    r = kt.Visitor().submit("/login", {"email": owner, "password": "mallory password"})
    t.ok(r.status == 401, "known: the typed password does not sign in to the address", r)
    t.ok(kt.try_sign_in(owner) is not None, "known: the owner still signs in with their own")
    # the stand-in changing its profile does not tell the owner anything
    jobs = "SELECT COUNT(*) FROM jobs WHERE payload LIKE %s" % kt.q("%" + owner + "%")
    n_before = kt.sql_one(jobs)
    r = dup.submit("/account", {"first_name": "Mal", "last_name": "Lory", "age": "30",
                                "lang": "en", "email": owner})
    t.ok(r.status in (200, 303) and kt.sql("SELECT * FROM users WHERE id = %d" % owner_id) == before,
         "known: the stand-in saving its profile leaves the owner's account alone", r)
    t.ok(kt.sql_one(jobs) == n_before, "known: … and queues no mail to the owner",
         (n_before, kt.sql_one(jobs)))


t.run(register_signs_in, unconfirmed_buys, known_address)
