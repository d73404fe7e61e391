"""
Issue 3, accounts, against the running stack: the whole journey (register,
the mail, verify, sign in, profile, email change, sign out, forgotten
password, reset, password change), every registration message in the page
and the API, answers that do not tell which addresses have accounts,
unverified users, throttling, CSRF on every form, JWT tampering and refresh
token reuse, the admin pages, account deletion, stored XSS and SQL
metacharacters.

Each check is one TAP line.  Mails are read from the instance's Maildir
(aiosmtpd), the database through kt's mariadb helpers.  nginx passes
REMOTE_ADDR=127.0.0.1 for every request, so the sign-in failures table is
emptied before each section and at the end: the per-address limit (20)
would otherwise spill from one section into the next, or into other tests.
"""

import base64
import email
import email.policy
import hashlib
import hmac
import html
import json
import os
import re
import time
import urllib.parse

import kt

kt.need_stack()

EN, RU = kt.lang("en"), kt.lang("ru")
ORGANISER_CODE = "Dc5_G1gz"     # hdf/defaults.hdf Accounts.OrganiserCode
PASSWORD = "correct horse battery"


# ---------------------------------------------------------------- helpers

def addr(tag):
    """A fresh address no other run uses."""
    return "%s@example.com" % kt.unique("acc-" + tag)


def clear_failures():
    kt.sql_exec("DELETE FROM login_failures")
    # issue 11: each address's attempts are also an atomic counter row
    kt.sql_exec("DELETE FROM attempt_counters WHERE k LIKE 'login:%'")


def user_row(where):
    """One users row as a dict (None when there is none).  `where` is SQL
    the test builds itself (use kt.q for values)."""
    cols = ["id", "email", "pending_email", "password_hash", "first_name", "last_name", "age",
            "role", "lang", "verified", "blocked", "deleted_at", "token_epoch"]
    rows = kt.sql("SELECT %s FROM users WHERE %s" % (", ".join(cols), where))
    return dict(zip(cols, rows[0])) if rows else None


def user_by_email(e):
    return user_row("email = %s" % kt.q(e))


def user_by_id(uid):
    return user_row("id = %d" % int(uid))


def mask(text, *secrets):
    """A page with its per-visitor parts (CSRF tokens, given strings) blanked."""
    text = re.sub(r'name="csrf" value="[^"]*"', 'name="csrf" value=""', text)
    for s in secrets:
        text = text.replace(s, "XXX").replace(html.escape(s), "XXX")
    return text


def field_error(resp, field_id):
    """The text of <p class="field-error" id="FIELD-err">, unescaped, or None."""
    m = re.search(r'<p class="field-error" id="%s-err">(.*?)</p>' % re.escape(field_id),
                  resp.text, re.S)
    return html.unescape(m.group(1)) if m else None


def form_error(resp):
    m = re.search(r'<div class="alert alert-error" id="form-error"[^>]*>\s*<p>(.*?)</p>',
                  resp.text, re.S)
    return html.unescape(m.group(1)) if m else None


def input_tag(resp, name):
    for m in re.finditer(r"<input\b[^>]*>", resp.text):
        if re.search(r'\bname="%s"' % re.escape(name), m.group(0)):
            return m.group(0)
    return None


def input_value(resp, name):
    """The value attribute of the first input with that name (unescaped);
    None when the input has no value attribute or is missing."""
    tag = input_tag(resp, name)
    if tag is None:
        return None
    m = re.search(r'\bvalue="([^"]*)"', tag)
    return html.unescape(m.group(1)) if m else None


def to_login(resp):
    """A GET sent to the sign-in page (what an anonymous visitor gets on a
    members' page)."""
    return resp.status in (302, 303) and (resp.header("Location") or "").startswith("/login?next=")


def set_cookie(resp, name):
    """The raw Set-Cookie header for a cookie name, or None."""
    for v in resp.header_all("Set-Cookie"):
        if v.split("=", 1)[0].strip() == name:
            return v
    return None


def cookie_attrs(raw):
    parts = [p.strip() for p in raw.split(";")]
    return {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts[1:]}


def is_json_error(resp, status, code=None):
    if resp.status != status:
        return False
    if not (resp.header("Content-Type") or "").startswith("application/json"):
        return False
    try:
        j = resp.json()
    except ValueError:
        return False
    return (isinstance(j, dict) and isinstance(j.get("error"), str)
            and isinstance(j.get("message"), str) and j["message"] != ""
            and (code is None or j["error"] == code))


def b64u(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def jwt_parts(tok):
    h, p, s = tok.split(".")
    return json.loads(b64u_dec(h)), json.loads(b64u_dec(p)), s


def jwt_make(header, payload, key=None, sig=None):
    """A compact JWT from dicts, signed HS256 with `key` (or given `sig`)."""
    head = b64u(json.dumps(header, separators=(",", ":")))
    body = b64u(json.dumps(payload, separators=(",", ":")))
    if sig is None:
        sig = b64u(hmac.new(key, ("%s.%s" % (head, body)).encode(), hashlib.sha256).digest()) \
            if key is not None else ""
    return "%s.%s.%s" % (head, body, sig)


# ---------------------------------------------------------------- mail

def mail_link(m, path):
    """The local part (path?token=...) of the link to `path` in a mail's text."""
    text, _ = kt.mail_parts(m)
    mm = re.search(r"https?://[^\s\"<>]+(%s\?token=[A-Za-z0-9_-]+)" % re.escape(path), text or "")
    return mm.group(1) if mm else None


def jobs_for(to):
    """Mail jobs queued for an address (whatever their state)."""
    return int(kt.sql_one("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND "
                          "JSON_VALUE(payload, '$.to') = %s" % kt.q(to)))


# ---------------------------------------------------------------- visitors

def reg_fields(e, **over):
    f = {"first_name": "Aigerim", "last_name": "Nurlanovna", "age": "29", "email": e,
         "password": PASSWORD, "organiser_code": ""}
    f.update(over)
    return f


def register(e, lang=None, **over):
    """Registers through the page; returns (visitor, response)."""
    v = kt.Visitor(lang)
    return v, v.submit("/register", reg_fields(e, **over))


def api_register(e, **over):
    f = reg_fields(e, **over)
    if "age" in f and isinstance(f["age"], str) and f["age"].isdigit():
        f["age"] = int(f["age"])
    return kt.Client().post_json("/api/register/", f)


def sign_in(e, pw=PASSWORD, lang=None):
    """A visitor signed in through the page, in the account's language (None
    when that failed)."""
    return kt.try_sign_in(e, lang, pw, account_lang=True)


def api_login(e, pw=PASSWORD):
    return kt.api_login(e, pw)


def api_me(access):
    return kt.Client().get("/api/me/", headers={"Authorization": "Bearer " + access})


def api_refresh(tok):
    return kt.Client().post_json("/api/token/refresh/", {"refresh": tok})


def new_user_db_verified(tag, **over):
    """A registered attendee marked verified in the database (no mail wait)."""
    e = addr(tag)
    r = api_register(e, **over)
    assert r.status == 201, r
    uid = int(r.json()["id"])
    kt.sql_exec("UPDATE users SET verified = 1 WHERE id = %d" % uid)
    return e, uid


# ---------------------------------------------------------------- sections

def journey(t):
    """register (ru) -> mail -> verify -> sign in -> profile -> email change
    -> sign out -> forgot -> reset -> password change in the profile."""
    clear_failures()
    e = addr("journey")

    # -- register with the interface in Russian
    v = kt.Visitor("ru")
    r = v.get("/register")
    t.ok(r.status == 200 and re.search(r'<html[^>]*lang="ru"', r.text) is not None
         and RU["Lang.Auth.register_heading"] in kt.page_text(r),
         "register page in Russian (lang cookie)", repr(r))
    r = v.submit("/register", reg_fields(e, first_name="Айгерим", last_name="Нурланова"))
    t.ok(r.status == 303 and r.header("Location") == "/account" and "sid" in v.cookies,
         "register: signed in at once, 303 to /account (issue 13)", repr(r))
    page = v.follow(r)
    t.ok(RU["Lang.Flash.registered_in"] in kt.page_text(page),
         "register: the Russian flash on the next page", page.text[:2000])
    row = user_by_email(e)
    t.ok(row is not None and row["verified"] == "0" and row["lang"] == "ru"
         and row["role"] == "attendee" and row["first_name"] == "Айгерим",
         "register: stored unverified attendee with lang ru", row)
    t.ok(row is not None and row["password_hash"].startswith("$y$")
         and PASSWORD not in row["password_hash"],
         "register: the password is stored as a yescrypt hash", row)

    # -- the verification mail
    m = kt.wait_mail(e)
    t.ok(m is not None, "verification mail arrives in the Maildir")
    if m is None:
        return
    t.eq(str(m["Subject"]), RU["Lang.Mail.Verify.Subject"], "verification mail: Russian subject")
    t.eq(m.get_content_type(), "multipart/alternative", "verification mail: multipart/alternative")
    text, htm = kt.mail_parts(m)
    t.ok(text is not None and RU["Lang.Mail.Verify.Body"] in text
         and RU["Lang.Mail.Greeting"] in text and "Айгерим" in text,
         "verification mail: Russian text part with greeting and name", text)
    t.ok(htm is not None and RU["Lang.Mail.Verify.Button"] in html.unescape(htm)
         and re.search(r'<html[^>]*lang="ru"', htm) is not None,
         "verification mail: Russian HTML part", htm)
    link = mail_link(m, "/verify")
    t.ok(link is not None and htm is not None and link.split("token=")[1] in htm,
         "verification mail: the same link in the text and the HTML part", text)
    if link is None:
        return

    # -- verify, single use
    r = v.get(link)
    t.ok(r.status == 200 and RU["Lang.Auth.verify_ok"] in kt.page_text(r),
         "verify: the link confirms the address (page in Russian)", repr(r))
    t.eq(user_by_email(e)["verified"], "1", "verify: the user is marked verified")
    r = v.get(link)
    t.ok(r.status == 400 and RU["Lang.Err.token_invalid"] in kt.page_text(r)
         and RU["Lang.Auth.verify_ok"] not in kt.page_text(r),
         "verify: the second click is refused", repr(r))

    # -- sign in: a new session id each time, cookie flags
    v = kt.Visitor(None)
    planted = b64u(os.urandom(32))
    v.cookies["sid"] = planted              # fixation attempt: a sid set before sign-in
    sids_before = {planted}
    r = v.submit("/login", {"email": e, "password": PASSWORD, "next": "/account"})
    raw = set_cookie(r, "sid")
    t.ok(r.status == 303 and r.header("Location") == "/account" and raw is not None,
         "sign in: 303 to next with a sid cookie", repr(r))
    if raw is None:
        return
    sid1 = v.cookies.get("sid")
    attrs = cookie_attrs(raw)
    t.ok(sid1 not in sids_before and sid1 and len(sid1) >= 43,
         "sign in: the session id is a new one, not the planted one", raw)
    t.ok("httponly" in attrs and attrs.get("samesite", "").lower() == "lax"
         and attrs.get("path") == "/", "sign in: sid cookie is HttpOnly, SameSite=Lax, Path=/",
         raw)
    t.eq(v.cookies.get("lang"), "ru", "sign in: the account's language becomes the lang cookie")
    r = v.get("/account")
    t.ok(r.status == 200 and e in r.text and "Айгерим" in r.text,
         "sign in: /account shows the user", repr(r))
    # signing in again while signed in rotates again, and the old id is dead
    r = v.submit("/login", {"email": e, "password": PASSWORD, "next": "/"})
    sid2 = v.cookies.get("sid")
    old = kt.Visitor(None)
    old.cookies["sid"] = sid1
    t.ok(r.status == 303 and sid2 not in (sid1, planted) and to_login(old.get("/account")),
         "sign in again: another new sid, the previous one no longer signs anybody in",
         repr(r))

    # -- edit the profile
    r = v.submit("/account", {"first_name": "Aigerim", "last_name": "Nurlanova", "age": "31",
                              "lang": "en", "email": e})
    t.ok(r.status == 303 and r.header("Location") == "/account", "profile: saved with 303",
         repr(r))
    page = v.follow(r)
    t.ok(EN["Lang.Flash.profile_saved"] in kt.page_text(page), "profile: English flash after "
         "switching the language", page.text[:3000])
    row = user_by_email(e)
    t.ok(row["first_name"] == "Aigerim" and row["last_name"] == "Nurlanova" and row["age"] == "31"
         and row["lang"] == "en", "profile: names, age and language stored", row)
    t.ok(input_value(page, "first_name") == "Aigerim" and input_value(page, "age") == "31",
         "profile: the form shows the new values")

    # -- change the email: the old one stays until the new one is confirmed
    e2 = addr("journey-new")
    # issue 11: a new address needs the account's password
    r = v.submit("/account", {"first_name": "Aigerim", "last_name": "Nurlanova", "age": "31",
                              "lang": "en", "email": e2, "email_password": PASSWORD})
    page = v.follow(r) if r.status == 303 else r
    t.ok(r.status == 303 and EN["Lang.Flash.email_change_sent"] in kt.page_text(page),
         "email change: 303 and the 'we sent a link' flash", repr(r))
    row = user_by_email(e)
    t.ok(row is not None and row["pending_email"] == e2 and user_by_email(e2) is None,
         "email change: the old address stays, the new one waits", row)
    t.ok(EN["Lang.Account.email_pending"] in kt.page_text(page) and e2 in page.text,
         "email change: /account shows the address waiting for confirmation")
    clear_failures()
    t.ok(sign_in(e2) is None, "email change: the new address cannot sign in yet")
    t.ok(sign_in(e) is not None, "email change: the old address still signs in")
    m = kt.wait_mail(e2, EN["Lang.Mail.EmailChange.Subject"])
    t.ok(m is not None,
         "email change: mail to the NEW address, in the account's (new) language",
         m and str(m["Subject"]))
    t.ok(all(str(x["Subject"]) != EN["Lang.Mail.EmailChange.Subject"] for x in kt.mails_to(e)),
         "email change: no confirmation link goes to the old address")
    link = mail_link(m, "/verify") if m else None
    if link is None:
        t.ok(False, "email change: the mail has a link")
        return
    r = kt.Client().get(link)
    t.ok(r.status == 200, "email change: the link confirms", repr(r))
    row = user_row("id = %s" % row["id"])
    t.ok(row["email"] == e2 and row["pending_email"] is None and row["verified"] == "1",
         "email change: the new address is the account's now", row)
    t.eq(kt.Client().get(link).status, 400, "email change: the link works once")
    clear_failures()
    t.ok(sign_in(e2) is not None, "email change: the new address signs in")
    t.ok(sign_in(e) is None, "email change: the old address no longer signs in")
    clear_failures()
    e = e2

    # -- sign out
    sid = v.cookies.get("sid")
    r = v.submit("/logout", {})
    raw = set_cookie(r, "sid")
    t.ok(r.status == 303 and raw is not None and cookie_attrs(raw).get("max-age") == "0"
         and "sid" not in v.cookies, "sign out: 303 and the sid cookie is cleared", repr(r))
    old = kt.Visitor(None)
    old.cookies["sid"] = sid
    r = old.get("/account")
    t.ok(to_login(r) and r.header("Location") == "/login?next=%2Faccount",
         "sign out: the old sid is anonymous now (redirect to sign in)", repr(r))

    # -- forgotten password: one answer for known and unknown addresses
    unknown = addr("nobody")
    a = kt.Visitor(None)
    ra = a.submit("/password/forgot", {"email": unknown})
    b = kt.Visitor(None)
    rb = b.submit("/password/forgot", {"email": e})
    t.ok(ra.status == rb.status == 200, "forgot: 200 for known and unknown addresses",
         (ra, rb))
    t.ok(EN["Lang.Flash.reset_sent"] in kt.page_text(ra)
         and EN["Lang.Flash.reset_sent"] in kt.page_text(rb),
         "forgot: 'if that address has an account...' for both")
    t.eq(mask(ra.text, unknown), mask(rb.text, e), "forgot: the two pages are identical")
    kt.wait_mail(e, EN["Lang.Mail.Reset.Subject"])
    resets = [x for x in kt.mails_to(e) if str(x["Subject"]) == EN["Lang.Mail.Reset.Subject"]]
    t.eq(len(resets), 1, "forgot: the known address gets one reset mail")
    t.ok(kt.mails_to(unknown) == [] and jobs_for(unknown) == 0,
         "forgot: nothing is sent to the unknown address")
    if not resets:
        return
    link = mail_link(resets[-1], "/password/reset")

    # -- reset: other sessions and refresh tokens end
    other = sign_in(e)
    tokens = api_login(e).json()
    t.ok(other is not None and "refresh" in tokens, "reset: set-up, another session and API tokens")
    r = kt.Client().get(link)
    t.ok(r.status == 200 and input_value(r, "token") == link.split("token=")[1],
         "reset: the link opens the form with its token", repr(r))
    c = kt.Visitor(None)
    r = c.submit("/password/reset", {"token": link.split("token=")[1], "password": "short"})
    t.ok(r.status == 422 and field_error(r, "password") == EN["Lang.Err.password_short"],
         "reset: a short password is refused with its message", repr(r))
    newpw = "a brand new passphrase"
    r = c.submit("/password/reset", {"token": link.split("token=")[1], "password": newpw})
    t.ok(r.status == 303 and r.header("Location") == "/login", "reset: new password set",
         repr(r))
    t.ok(EN["Lang.Flash.password_changed"] in kt.page_text(c.follow(r)),
         "reset: 'password changed' flash")
    r = other.get("/account")
    t.ok(to_login(r), "reset: the user's other session has ended", repr(r))
    r = api_refresh(tokens["refresh"])
    t.ok(is_json_error(r, 401), "reset: the old refresh token is refused (401 JSON)", repr(r))
    r = api_me(tokens["access"])
    t.ok(is_json_error(r, 401), "reset: the old access token is refused (401 JSON)", repr(r))
    t.eq(kt.Client().get(link).status, 400, "reset: the link is spent (GET)")
    r = kt.Visitor(None).submit("/password/reset", {"token": link.split("token=")[1],
                                             "password": "yet another passphrase"})
    t.eq(r.status, 400, "reset: the link is spent (POST)")
    clear_failures()
    t.ok(sign_in(e, PASSWORD) is None, "reset: the old password no longer works")
    v = sign_in(e, newpw)
    t.ok(v is not None, "reset: the new password works")
    clear_failures()
    if v is None:
        return

    # -- change the password in the profile: needs the current one
    before = user_by_email(e)["password_hash"]
    r = v.submit("/account/password", {"current_password": "", "new_password": "third pass phrase"})
    t.ok(r.status == 422 and field_error(r, "current_password") == EN["Lang.Err.password_wrong"],
         "password change: refused without the current password", repr(r))
    r = v.submit("/account/password", {"current_password": PASSWORD,
                                       "new_password": "third pass phrase"})
    t.ok(r.status == 422 and field_error(r, "current_password") == EN["Lang.Err.password_wrong"],
         "password change: refused with a wrong current password", repr(r))
    t.ok(input_tag(r, "current_password") is not None
         and input_value(r, "current_password") in (None, "")
         and input_value(r, "new_password") in (None, ""),
         "password change: the password fields are never filled back in")
    t.eq(user_by_email(e)["password_hash"], before, "password change: nothing changed so far")
    other = sign_in(e, newpw)
    r = v.submit("/account/password", {"current_password": newpw,
                                       "new_password": "third pass phrase"})
    t.ok(r.status == 303 and EN["Lang.Flash.password_changed"] in kt.page_text(v.follow(r)),
         "password change: done with the current password", repr(r))
    t.ok(v.signed_in() and other is not None and not other.signed_in(),
         "password change: this session stays, the other one ends")
    clear_failures()
    t.ok(sign_in(e, newpw) is None and sign_in(e, "third pass phrase") is not None,
         "password change: only the new password works")
    clear_failures()


# Every registration field's problems: (description, overrides, field, message key).
def reg_cases(e):
    return [
        ("first name empty", {"first_name": ""}, "first_name", "required"),
        ("first name only spaces", {"first_name": "   "}, "first_name", "required"),
        ("first name too long", {"first_name": "Ä" * 101}, "first_name", "too_long"),
        ("first name control character", {"first_name": "A\x01B"}, "first_name", "text_invalid"),
        ("last name empty", {"last_name": ""}, "last_name", "required"),
        ("last name too long", {"last_name": "x" * 101}, "last_name", "too_long"),
        ("email empty", {"email": ""}, "email", "required"),
        ("email without @", {"email": "not-an-email"}, "email", "email_invalid"),
        ("email without a domain dot", {"email": "a@localhost"}, "email", "email_invalid"),
        ("email with two @", {"email": "a@b@example.com"}, "email", "email_invalid"),
        ("email too long", {"email": "a" * 64 + "@" + "b" * 190 + ".com"}, "email",
         "email_invalid"),
        ("password empty", {"password": ""}, "password", "required"),
        ("password short", {"password": "123456789"}, "password", "password_short"),
        ("password too long", {"password": "p" * 201}, "password", "too_long"),
        ("password equals the email", {"password": e.upper()}, "password", "password_is_email"),
        ("age empty", {"age": ""}, "age", "required"),
        ("age 0", {"age": "0"}, "age", "age_invalid"),
        ("age 121", {"age": "121"}, "age", "age_invalid"),
        ("age two", {"age": "two"}, "age", "age_invalid"),
        ("age -1", {"age": "-1"}, "age", "age_invalid"),
        ("age 1.5", {"age": "1.5"}, "age", "age_invalid"),
        ("wrong organiser code", {"organiser_code": "Dc5_G1gZ"}, "organiser_code",
         "organiser_code"),
    ]


def registration_messages(t):
    clear_failures()
    for desc, over, field, key in reg_cases(addr("x")):
        e = addr("val")
        if field == "password" and key == "password_is_email":
            over = {"password": e.upper()}
        fields = reg_fields(e, **over)
        v = kt.Visitor(None)
        r = v.submit("/register", fields)
        kept = all(input_value(r, k) == fields[k]
                   for k in ("first_name", "last_name", "age", "email", "organiser_code")
                   if k != field or key not in ("text_invalid",))
        t.ok(r.status == 422 and field_error(r, field) == EN["Lang.Err." + key]
             and input_value(r, "password") in (None, "") and kept,
             "register page, %s: 422, '%s' under the field, typed values kept, no password"
             % (desc, key), lambda: (r.status, field_error(r, field), r.text[:200]))
        api_fields = dict(fields)
        r = kt.Client().post_json("/api/register/", api_fields)
        j = r.json() if is_json_error(r, 422) else {}
        t.ok(j.get("error") == "invalid" and isinstance(j.get("fields"), dict)
             and j["fields"].get(field) == EN["Lang.Err." + key],
             "register API, %s: 422 JSON with fields.%s" % (desc, field), repr(r))
        if user_by_email(e.lower()) is not None:
            t.ok(False, "register, %s: no account was created" % desc)

    # everything wrong at once: every field gets its own message
    v = kt.Visitor(None)
    r = v.submit("/register", {"first_name": "", "last_name": "", "age": "0", "email": "bad",
                               "password": "short", "organiser_code": "nope"})
    t.ok(r.status == 422 and all(field_error(r, f) for f in
                                 ("first_name", "last_name", "age", "email", "password",
                                  "organiser_code")),
         "register page: all six fields wrong, six messages", r.text[:200])
    r = kt.Client().post_json("/api/register/", {"age": "x"})
    t.ok(is_json_error(r, 422) and set(r.json().get("fields", {})) >=
         {"first_name", "last_name", "age", "email", "password"},
         "register API: an almost empty body names every missing field", repr(r))
    r = kt.Client().post_json("/api/register/", reg_fields(addr("t"), age=[30]))
    t.ok(is_json_error(r, 422) and "age" in r.json().get("fields", {}),
         "register API: age of the wrong JSON type is refused", repr(r))
    r = kt.Client().request("POST", "/api/register/", body="{not json",
                            headers={"Content-Type": "application/json"})
    t.ok(is_json_error(r, 400), "register API: a body that is not JSON gets 400 JSON", repr(r))

    # the right organiser code makes an organiser, in the page and the API
    e = addr("org")
    v, r = register(e, organiser_code=ORGANISER_CODE)
    row = user_by_email(e)
    t.ok(r.status == 303 and row is not None and row["role"] == "organiser",
         "register page: the right organiser code makes an organiser", (r, row))
    e = addr("org-api")
    r = api_register(e, organiser_code=ORGANISER_CODE)
    t.ok(r.status == 201 and r.json().get("role") == "organiser"
         and user_by_email(e)["role"] == "organiser",
         "register API: the right organiser code makes an organiser", repr(r))
    e = addr("att-api")
    r = api_register(e)
    j = r.json() if r.status == 201 else {}
    t.ok(r.status == 201 and set(j) == {"id", "email", "role"} and j["email"] == e
         and j["role"] == "attendee" and str(j["id"]) == user_by_email(e)["id"],
         "register API: 201 {id, email, role} for a new attendee", repr(r))
    # addresses are trimmed and lower-cased
    e = addr("case")
    r = api_register("  " + e.upper() + " ")
    t.ok(r.status == 201 and r.json().get("email") == e and user_by_email(e) is not None,
         "register: the address is trimmed and lower-cased", repr(r))


def enumeration(t):
    clear_failures()
    owner, _ = new_user_db_verified("owner", first_name="Owner")
    before = user_by_email(owner)

    # page: a known address answers exactly like a new one
    fresh = addr("fresh")
    _, r_new = register(fresh)
    _, r_dup = register(owner.upper(), first_name="Mallory", password="mallory password")
    t.ok(r_new.status == r_dup.status == 303
         and r_new.header("Location") == r_dup.header("Location") == "/account"
         and set_cookie(r_new, "flash") == set_cookie(r_dup, "flash") is not None,
         "register page: an existing address gets the same redirect and flash as a new one",
         (r_new, r_dup))
    after = user_by_email(owner)
    t.ok(after == before, "register page: the existing account is unchanged", (before, after))
    m = kt.wait_mail(owner, EN["Lang.Mail.RegisterExists.Subject"])
    t.ok(m is not None and mail_link(m, "/password/forgot") is None
         and len(kt.mails_to(owner)) == 2,
         "register: the owner is told by mail instead", m and str(m["Subject"]))
    text = kt.mail_parts(m)[0] if m else ""
    t.ok("/password/forgot" in (text or "") and "Owner" in (text or "")
         and "/verify" not in (text or ""),
         "register: that mail points to the forgotten password page, no verification link",
         text)

    # API: the same 201 shape; the right organiser code answers like a new organiser
    r_new = api_register(addr("fresh-api"))
    r_dup = api_register(owner)
    jn = r_new.json() if r_new.status == 201 else {}
    jd = r_dup.json() if r_dup.status == 201 else {}
    t.ok(r_new.status == r_dup.status == 201 and set(jn) == set(jd) == {"id", "email", "role"}
         and type(jn["id"]) is type(jd["id"]) is int and jd["email"] == owner
         and jn["role"] == jd["role"] == "attendee",
         "register API: an existing address gets the same 201 shape", (r_new, r_dup))
    r_new = api_register(addr("fresh-org"), organiser_code=ORGANISER_CODE)
    r_dup = api_register(owner, organiser_code=ORGANISER_CODE)
    t.ok(r_new.status == r_dup.status == 201
         and r_new.json().get("role") == r_dup.json().get("role") == "organiser",
         "register API: with the organiser code, an existing address also answers 'organiser'",
         (r_new, r_dup))
    t.eq(user_by_email(owner)["role"], "attendee", "register API: ...and nothing changed")
    # the ids tell nothing either: no repeat, no gap where a known address was tried
    ids = [api_register(x).json().get("id") for x in (addr("seq1"), owner, owner, addr("seq2"))]
    t.ok(all(isinstance(i, int) for i in ids) and ids == list(range(ids[0], ids[0] + 4)),
         "register API: ids run on one by one, whether the address is new or known", ids)
    r = api_register(owner, age="0")
    t.ok(is_json_error(r, 422), "register API: validation still comes first for a known address",
         repr(r))

    # sign in: unknown address and wrong password look the same
    clear_failures()
    unknown = addr("ghost")
    a, b = kt.Visitor(None), kt.Visitor(None)
    ra = a.submit("/login", {"email": unknown, "password": "whatever password", "next": "/"})
    rb = b.submit("/login", {"email": owner, "password": "whatever password", "next": "/"})
    t.ok(ra.status == rb.status == 401 and form_error(ra) == form_error(rb)
         == EN["Lang.Err.bad_login"], "sign in page: same 401 and message for unknown address "
         "and wrong password", (ra.status, rb.status, form_error(ra), form_error(rb)))
    t.eq(mask(ra.text, unknown), mask(rb.text, owner),
         "sign in page: the two answers are identical but for the typed address")
    t.ok(input_value(ra, "email") == unknown and input_value(ra, "password") in (None, ""),
         "sign in page: keeps the address, never the password")
    ra = api_login(unknown, "whatever password")
    rb = api_login(owner, "whatever password")
    t.ok(ra.status == rb.status == 401 and ra.body == rb.body
         and is_json_error(ra, 401, "invalid_credentials"),
         "sign in API: identical 401 invalid_credentials", (ra, rb))
    rc = api_login("not an address", "x")
    t.ok(rc.status == 401 and rc.body == ra.body, "sign in API: a malformed address too",
         repr(rc))
    clear_failures()


def unverified(t):
    clear_failures()
    e = addr("unver")
    r = api_register(e)
    uid = int(r.json()["id"])
    t.ok(kt.wait_mail(e) is not None, "unverified: registration mail arrived")
    v = sign_in(e)
    t.ok(v is not None, "unverified: can sign in")
    if v is None:
        return
    page = v.get("/")
    t.ok(page.status == 200 and EN["Lang.Notice.unverified"] in kt.page_text(page)
         and 'action="/account/resend-verification"' in page.text
         and EN["Lang.Notice.resend"] in kt.page_text(page),
         "unverified: the notice with the resend button on every page", page.text[:3000])
    r = v.get("/account")
    t.ok(r.status == 200 and EN["Lang.Account.not_verified"] in kt.page_text(r),
         "unverified: can browse the account page, marked not confirmed")
    tok = api_login(e).json()
    j = api_me(tok["access"]).json()
    t.ok(j.get("verified") is False and j.get("email") == e and j.get("id") == uid
         and set(j) == {"id", "email", "first_name", "last_name", "age", "role", "verified"},
         "unverified: /api/me/ says verified false", j)

    # the registration link was sent a moment ago: resend must wait
    r = v.submit("/account/resend-verification", {})
    t.ok(r.status == 429 and r.header("Retry-After") == "300"
         and EN["Lang.Err.resend_wait"] in kt.page_text(r),
         "resend: right after registering, 429 with Retry-After and the message", repr(r))
    # five minutes later (the token's time moved back), one resend goes through
    kt.sql_exec("UPDATE user_tokens SET created_at = created_at - INTERVAL 6 MINUTE "
                "WHERE user_id = %d" % uid)
    r = v.submit("/account/resend-verification", {"next": "/account"})
    t.ok(r.status == 303 and EN["Lang.Flash.verification_resent"] in kt.page_text(v.follow(r)),
         "resend: after 5 minutes, 303 and the 'sent again' flash", repr(r))
    m = kt.wait_mail(e, EN["Lang.Mail.Verify.Subject"], count=2)
    t.ok(m is not None,
         "resend: a second verification mail arrives")
    r = v.submit("/account/resend-verification", {})
    t.ok(r.status == 429 and r.header("Retry-After") is not None,
         "resend: the next one within 5 minutes gets 429", repr(r))
    n = kt.sql_one("SELECT COUNT(*) FROM user_tokens WHERE user_id = %d AND kind = 'verify'" % uid)
    t.eq(n, "2", "resend: exactly two verification links exist")
    link = mail_link(m, "/verify") if m else None
    r = v.get(link) if link else None
    t.ok(r is not None and r.status == 200 and user_by_id(uid)["verified"] == "1",
         "resend: the new link verifies")
    page = v.get("/")
    t.ok(EN["Lang.Notice.unverified"] not in kt.page_text(page)
         and "resend-verification" not in page.text, "verified: the notice is gone")
    r = v.submit("/account/resend-verification", {})
    t.ok(r.status in (302, 303) and kt.sql_one(
        "SELECT COUNT(*) FROM user_tokens WHERE user_id = %d AND kind = 'verify'" % uid) == "2",
         "verified: resend does nothing for a confirmed address", repr(r))


def throttling(t):
    clear_failures()
    e, _ = new_user_db_verified("throttle")
    other, _ = new_user_db_verified("throttle-other")
    v = kt.Visitor(None)
    statuses = [v.submit("/login", {"email": e, "password": "wrong password %d" % i}).status
                for i in range(5)]
    t.eq(statuses, [401] * 5, "throttle: five wrong passwords for one account get 401")
    r = v.submit("/login", {"email": e, "password": PASSWORD})
    msg = form_error(r) or ""
    mm = re.match(re.escape(EN["Lang.Err.throttled"]) + r" (\d+)$", msg)
    t.ok(r.status == 429 and mm is not None and 1 <= int(mm.group(1)) <= 15
         and "sid" not in v.cookies,
         "throttle page: the sixth attempt (even the right password) is 429 with the wait in "
         "minutes", (r.status, msg))
    ra = r.header("Retry-After") or ""
    t.ok(ra.isdigit() and 0 < int(ra) <= 900, "throttle page: Retry-After in seconds", ra)
    r = api_login(e)
    ra = r.header("Retry-After") or ""
    j = r.json() if is_json_error(r, 429) else {}
    t.ok(j.get("error") == "throttled" and ra.isdigit() and 0 < int(ra) <= 900
         and j.get("retry_after") == int(ra)
         and j.get("message", "").startswith(EN["Lang.Err.throttled"]),
         "throttle API: 429 throttled with Retry-After and retry_after", repr(r))
    t.ok(sign_in(other) is not None, "throttle: another account from the same address still "
         "signs in")
    clear_failures()
    t.ok(sign_in(e) is not None, "throttle: once the failures are gone, the account signs in")

    # 20 failures from one client address, spread over many accounts
    clear_failures()
    c = kt.Client()
    statuses = [c.post_json("/api/login/", {"email": addr("spray"), "password": "x" * 12}).status
                for _ in range(20)]
    t.eq(statuses, [401] * 20, "throttle: twenty failures from one address get 401")
    r = api_login(other)
    t.ok(is_json_error(r, 429, "throttled") and (r.header("Retry-After") or "").isdigit(),
         "throttle API: the 21st attempt from that address is 429, whatever the account",
         repr(r))
    v = kt.Visitor(None)
    r = v.submit("/login", {"email": other, "password": PASSWORD})
    t.ok(r.status == 429 and (form_error(r) or "").startswith(EN["Lang.Err.throttled"]),
         "throttle page: the same from the sign-in form", (r.status, form_error(r)))
    clear_failures()


def csrf(t):
    clear_failures()
    admin_e, admin_pw = kt.demo_accounts()["admin"]
    e, uid = new_user_db_verified("csrf")
    ue, uuid = new_user_db_verified("csrf-unver")
    kt.sql_exec("UPDATE users SET verified = 0 WHERE id = %d" % uuid)
    kt.sql_exec("UPDATE user_tokens SET created_at = created_at - INTERVAL 10 MINUTE "
                "WHERE user_id = %d" % uuid)
    de, did = new_user_db_verified("csrf-target")
    be, bid = new_user_db_verified("csrf-blocked")
    kt.sql_exec("UPDATE users SET blocked = 1 WHERE id = %d" % bid)
    v = sign_in(e)
    uv = sign_in(ue)
    admin = sign_in(admin_e, admin_pw)
    if v is None or uv is None or admin is None:
        t.ok(False, "csrf: set-up sign-ins")
        return
    # a reset token the test makes itself (only its hash is stored)
    reset_tok = b64u(os.urandom(32))
    kt.sql_exec("INSERT INTO user_tokens (token_hash, user_id, kind, created_at, expires_at) "
                "VALUES (UNHEX('%s'), %d, 'reset', UTC_TIMESTAMP(), UTC_TIMESTAMP() + "
                "INTERVAL 1 HOUR)" % (hashlib.sha256(reset_tok.encode()).hexdigest(), uid))
    row0 = user_by_id(uid)

    def sessions(u):
        return kt.sql_one("SELECT COUNT(*) FROM sessions WHERE user_id = %d" % u)

    new_e = addr("csrf-new")
    anon = kt.Visitor(None)
    anon.csrf()                     # has the csrf cookie, just does not send the token
    cases = [
        ("/register", anon, reg_fields(new_e),
         lambda: user_by_email(new_e) is None),
        ("/login", kt.Visitor(None), {"email": e, "password": PASSWORD},
         (lambda n=sessions(uid): sessions(uid) == n)),
        ("/logout", v, {}, lambda: v.signed_in()),
        ("/password/forgot", anon, {"email": e},
         lambda: kt.sql_one("SELECT COUNT(*) FROM user_tokens WHERE user_id = %d AND "
                            "kind = 'reset'" % uid) == "1"),
        ("/password/reset", anon, {"token": reset_tok, "password": "hijacked password"},
         lambda: user_by_id(uid)["password_hash"] == row0["password_hash"] and kt.sql_one(
             "SELECT used_at FROM user_tokens WHERE token_hash = UNHEX('%s')"
             % hashlib.sha256(reset_tok.encode()).hexdigest()) is None),
        ("/account", v, {"first_name": "Hijacked", "last_name": "X", "age": "50", "lang": "kk",
                         "email": e},
         lambda: user_by_id(uid)["first_name"] == row0["first_name"]
         and user_by_id(uid)["lang"] == row0["lang"]),
        ("/account/password", v, {"current_password": PASSWORD,
                                  "new_password": "hijacked password"},
         lambda: user_by_id(uid)["password_hash"] == row0["password_hash"]),
        ("/account/delete", v, {"password": PASSWORD, "confirm": "1"},
         lambda: user_by_id(uid)["deleted_at"] is None and user_by_id(uid)["email"] == e),
        ("/account/resend-verification", uv, {},
         lambda: kt.sql_one("SELECT COUNT(*) FROM user_tokens WHERE user_id = %d AND "
                            "kind = 'verify'" % uuid) == "1"),
        ("/admin/users/%d/role" % did, admin, {"role": "admin"},
         lambda: user_by_id(did)["role"] == "attendee" and kt.sql_one(
             "SELECT COUNT(*) FROM role_changes WHERE target_id = %d" % did) == "0"),
        ("/admin/users/%d/block" % did, admin, {},
         lambda: user_by_id(did)["blocked"] == "0"),
        ("/admin/users/%d/unblock" % bid, admin, {},
         lambda: user_by_id(bid)["blocked"] == "1"),
    ]
    for path, who, fields, unchanged in cases:
        r = who.submit(path, fields, csrf=False)
        t.ok(r.status == 403 and EN["Lang.Err.csrf"] in kt.page_text(r) and unchanged(),
             "csrf: POST %s without the token is 403 and changes nothing"
             % re.sub(r"/\d+/", "/{id}/", path), repr(r))
    # a token that belongs to another visitor's cookie, and a request with no cookie at all
    r = v.submit("/account", {"first_name": "Hijacked", "last_name": "X", "age": "50",
                              "lang": "en", "email": e}, csrf=anon.csrf())
    t.ok(r.status == 403 and user_by_id(uid)["first_name"] == row0["first_name"],
         "csrf: another visitor's token is refused", repr(r))
    bare = kt.Client()
    bare.cookies["sid"] = v.cookies["sid"]
    r = bare.post_form("/account", {"first_name": "Hijacked", "last_name": "X", "age": "50",
                                    "lang": "en", "email": e, "csrf": v.csrf()})
    t.ok(r.status == 403 and user_by_id(uid)["first_name"] == row0["first_name"],
         "csrf: the right token without its csrf cookie is refused", repr(r))
    # control: the same change with the token goes through
    r = v.submit("/account", {"first_name": "Changed", "last_name": "X", "age": "50",
                              "lang": "en", "email": e})
    t.ok(r.status == 303 and user_by_id(uid)["first_name"] == "Changed",
         "csrf: with the token the same POST works (control)", repr(r))
    clear_failures()


def jwt_api(t):
    clear_failures()
    e, uid = new_user_db_verified("jwt")
    r = api_login(e)
    j = r.json() if r.status == 200 else {}
    t.ok(r.status == 200 and set(j) == {"access", "refresh"}
         and all(isinstance(j[k], str) and j[k].count(".") == 2 for k in j),
         "API login: 200 {access, refresh}, two compact JWTs", repr(r))
    if not j:
        return
    access, refresh = j["access"], j["refresh"]
    hdr, claims, sig = jwt_parts(access)
    t.ok(hdr.get("alg") == "HS256" and claims.get("sub") == str(uid)
         and 0 < claims.get("exp", 0) - time.time() <= 15 * 60 + 5,
         "API login: the access token is HS256, for this user, 15 minutes long", (hdr, claims))
    _, rclaims, _ = jwt_parts(refresh)
    t.ok(13 * 86400 < rclaims.get("exp", 0) - time.time() <= 14 * 86400 + 5,
         "API login: the refresh token lives 14 days", rclaims)
    r = api_me(access)
    t.ok(r.status == 200 and r.json().get("id") == uid and r.json().get("email") == e,
         "API: /api/me/ with the access token", repr(r))
    r = kt.Client().get("/api/me/")
    t.ok(is_json_error(r, 401), "API: /api/me/ without a token is 401 JSON", repr(r))

    flipped = sig[:5] + ("A" if sig[5] != "A" else "B") + sig[6:]
    other_claims = dict(claims, sub="1")
    bad = [
        ("garbage", "garbage"),
        ("empty bearer", ""),
        ("three dots of nothing", ".."),
        ("alg none", jwt_make({"alg": "none", "typ": "JWT"}, claims)),
        ("alg none with the original signature", jwt_make({"alg": "none", "typ": "JWT"}, claims,
                                                          sig=sig)),
        ("HS512 header", jwt_make({"alg": "HS512", "typ": "JWT"}, claims, key=os.urandom(32))),
        ("signature changed", ".".join(access.split(".")[:2] + [flipped])),
        ("payload changed (sub of user 1)", ".".join(
            [access.split(".")[0], b64u(json.dumps(other_claims, separators=(",", ":"))), sig])),
        ("expired, signed with a wrong key", jwt_make(
            {"alg": "HS256", "typ": "JWT"},
            dict(claims, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
            key=os.urandom(32))),
        ("valid-looking, signed with a wrong key", jwt_make({"alg": "HS256", "typ": "JWT"}, claims,
                                                            key=os.urandom(32))),
        ("refresh token used as access", refresh),
    ]
    for desc, tok in bad:
        r = kt.Client().get("/api/me/", headers={"Authorization": "Bearer " + tok})
        t.ok(is_json_error(r, 401), "API token refused, %s: 401 JSON" % desc, repr(r))
    r = kt.Client().get("/api/me/", headers={"Authorization": "Basic " + b64u("a:b")})
    t.ok(is_json_error(r, 401), "API: a Basic authorization is 401 JSON", repr(r))
    r = api_refresh(access)
    t.ok(is_json_error(r, 401), "API: an access token used as refresh token is 401 JSON",
         repr(r))
    r = api_refresh("garbage")
    t.ok(is_json_error(r, 401), "API: a garbage refresh token is 401 JSON", repr(r))
    r = kt.Client().post_json("/api/token/refresh/", {})
    t.ok(is_json_error(r, 401) or is_json_error(r, 422) or is_json_error(r, 400),
         "API: refresh without a token is a JSON error", repr(r))

    # rotation, and a reused refresh token revokes its whole family
    other_family = api_login(e).json()
    r = api_refresh(refresh)
    j2 = r.json() if r.status == 200 else {}
    t.ok(r.status == 200 and set(j2) == {"access", "refresh"} and j2["refresh"] != refresh,
         "API refresh: 200 with a new pair", repr(r))
    if not j2:
        return
    t.eq(api_me(j2["access"]).status, 200, "API refresh: the new access token works")
    r = api_refresh(refresh)
    t.ok(is_json_error(r, 401), "API refresh: the used refresh token is refused (401 JSON)",
         repr(r))
    r = api_refresh(j2["refresh"])
    t.ok(is_json_error(r, 401),
         "API refresh: after the reuse, the rotated successor is refused too (family revoked)",
         repr(r))
    fam = jwt_parts(refresh)[1].get("fam")
    n = kt.sql_one("SELECT COUNT(*) FROM refresh_tokens WHERE family = %s AND revoked_at IS NULL"
                   % kt.q(fam))
    t.eq(n, "0", "API refresh: every token of that family is revoked in the database")
    r = api_refresh(other_family["refresh"])
    t.ok(r.status == 200, "API refresh: another sign-in's family is not affected", repr(r))


def admin(t):
    clear_failures()
    admin_e, admin_pw = kt.demo_accounts()["admin"]
    org_e, org_pw = kt.demo_accounts()["organiser"]
    admin_id = int(user_by_email(admin_e)["id"])

    r = kt.Client().get("/admin/users")
    t.ok(r.status in (302, 303) and r.header("Location") == "/login?next=%2Fadmin%2Fusers",
         "admin: anonymous visitors are sent to /login?next=...", repr(r))
    e, uid = new_user_db_verified("adm-target", first_name="Targetfirst")
    att = sign_in(e)
    org = sign_in(org_e, org_pw)
    for who, desc in ((att, "an attendee"), (org, "an organiser")):
        r = who.get("/admin/users")
        t.eq(r.status, 403, "admin: /admin/users is 403 for %s" % desc)
    r = att.submit("/admin/users/%d/role" % uid, {"role": "admin"})
    t.ok(r.status == 403 and user_by_id(uid)["role"] == "attendee",
         "admin: an attendee cannot give itself the admin role", repr(r))
    r = org.submit("/admin/users/%d/block" % uid, {})
    t.ok(r.status == 403 and user_by_id(uid)["blocked"] == "0",
         "admin: an organiser cannot block", repr(r))

    a = sign_in(admin_e, admin_pw)
    if a is None:
        t.ok(False, "admin: the demo admin signs in")
        return
    needle = e.split("@")[0]
    r = a.get("/admin/users?q=" + urllib.parse.quote(needle))
    emails = re.findall(r'<span class="user-email">([^<]*)</span>', r.text)
    t.ok(r.status == 200 and emails == [e], "admin: search by part of the address finds the user",
         (r.status, emails))
    r = a.get("/admin/users?q=Targetfirst")
    emails = re.findall(r'<span class="user-email">([^<]*)</span>', r.text)
    t.ok(e in emails and admin_e not in emails, "admin: search by first name", emails)

    # role change, recorded
    r = a.submit("/admin/users/%d/role" % uid, {"role": "organiser"})
    page = a.follow(r) if r.status == 303 else r
    t.ok(r.status == 303 and user_by_id(uid)["role"] == "organiser"
         and EN["Lang.Flash.role_changed"] in kt.page_text(page),
         "admin: role changed to organiser", repr(r))
    log = kt.sql("SELECT actor_id, target_id, old_role, new_role, "
                 "ABS(TIMESTAMPDIFF(SECOND, at, UTC_TIMESTAMP())) FROM role_changes "
                 "WHERE target_id = %d ORDER BY id" % uid)
    t.ok(len(log) == 1 and log[0][:4] == [str(admin_id), str(uid), "attendee", "organiser"]
         and int(log[0][4]) < 120, "admin: the role log has who, whom, old and new role, when",
         log)
    m = re.search(r'<section class="role-log".*?</section>', page.text, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", m.group(0), re.S) if m else []
    t.ok(any(admin_e in row and e in row and EN["Lang.Role.organiser"] in row for row in rows),
         "admin: the page's role log shows who changed whom", rows[:3])
    r = a.submit("/admin/users/%d/role" % uid, {"role": "superuser"})
    t.ok(r.status == 422 and user_by_id(uid)["role"] == "organiser"
         and form_error(r) == EN["Lang.Err.role_invalid"], "admin: an unknown role is refused",
         repr(r))
    r = a.submit("/admin/users/999999999/role", {"role": "admin"})
    t.eq(r.status, 404, "admin: an unknown user is 404")

    # the last admin: cannot demote oneself, cannot delete the account
    n_admins = kt.sql_one("SELECT COUNT(*) FROM users WHERE role = 'admin' AND blocked = 0 AND "
                          "deleted_at IS NULL")
    r = a.submit("/admin/users/%d/role" % admin_id, {"role": "attendee"})
    t.ok(r.status == 422 and user_by_id(admin_id)["role"] == "admin" and form_error(r),
         "admin: the admin cannot demote itself (the last admin stays)", repr(r))
    if n_admins == "1":
        r = a.submit("/account/delete", {"password": admin_pw, "confirm": "1"})
        t.ok(r.status == 422 and field_error(r, "delete-password") == EN["Lang.Err.last_admin"]
             and user_by_id(admin_id) is not None and user_by_id(admin_id)["email"] == admin_e,
             "admin: the last admin cannot delete its account", repr(r))
    else:
        t.skip("admin: the last admin cannot delete its account", "%s admins" % n_admins)
    # with a second admin, demoting that one works
    e2, uid2 = new_user_db_verified("adm-second")
    r1 = a.submit("/admin/users/%d/role" % uid2, {"role": "admin"})
    second = sign_in(e2)
    r2 = second.get("/admin/users") if second else None
    r3 = a.submit("/admin/users/%d/role" % uid2, {"role": "attendee"})
    t.ok(r1.status == 303 and r2 is not None and r2.status == 200 and r3.status == 303
         and user_by_id(uid2)["role"] == "attendee" and second.get("/admin/users").status == 403,
         "admin: a second admin can be made and demoted again; the page follows at once",
         (r1, r2, r3))

    # block ends sessions and API tokens at once
    be, bid = new_user_db_verified("adm-block")
    bv = sign_in(be)
    toks = api_login(be).json()
    t.ok(bv is not None and bv.signed_in() and api_me(toks["access"]).status == 200,
         "block: set-up, the user is signed in with a cookie and an access token")
    r = a.submit("/admin/users/%d/block" % bid, {})
    t.ok(r.status == 303 and user_by_id(bid)["blocked"] == "1"
         and EN["Lang.Flash.user_blocked"] in kt.page_text(a.follow(r)),
         "block: 303 and the user is blocked", repr(r))
    r = bv.get("/account")
    t.ok(to_login(r),
         "block: the user's next request with the old cookie is anonymous", repr(r))
    page = bv.get("/")
    t.ok('action="/logout"' not in page.text, "block: pages no longer show them signed in")
    t.ok(is_json_error(api_me(toks["access"]), 401), "block: the old access token is 401")
    t.ok(is_json_error(api_refresh(toks["refresh"]), 401), "block: the refresh token is 401")
    v = kt.Visitor(None)
    r = v.submit("/login", {"email": be, "password": PASSWORD})
    t.ok(r.status == 403 and form_error(r) == EN["Lang.Err.blocked"] and "sid" not in v.cookies,
         "block: signing in is refused with the 'blocked' message", repr(r))
    r = api_login(be)
    t.ok(is_json_error(r, 403, "blocked"), "block: API sign-in is 403 blocked", repr(r))
    r = a.submit("/admin/users/%d/unblock" % bid, {})
    t.ok(r.status == 303 and user_by_id(bid)["blocked"] == "0", "unblock: 303 and unblocked",
         repr(r))
    t.ok(sign_in(be) is not None and api_login(be).status == 200,
         "unblock: the user signs in again")
    t.ok(is_json_error(api_me(toks["access"]), 401),
         "unblock: tokens from before the block stay dead")
    log = kt.sql("SELECT actor_id, old_role, new_role FROM role_changes WHERE target_id = %d "
                 "ORDER BY id" % bid)
    t.eq(log, [[str(admin_id), "unblocked", "blocked"], [str(admin_id), "blocked", "unblocked"]],
         "block: block and unblock are in the log")
    r = a.submit("/admin/users/%d/block" % admin_id, {})
    t.ok(r.status == 422 and user_by_id(admin_id)["blocked"] == "0",
         "block: the admin cannot block itself", repr(r))
    clear_failures()


def deletion(t):
    clear_failures()
    e, uid = new_user_db_verified("delete", first_name="Deleteme", last_name="Soon")
    v = sign_in(e)
    toks = api_login(e).json()
    r = v.submit("/account/delete", {"password": "wrong password", "confirm": "1"})
    t.ok(r.status == 422 and field_error(r, "delete-password") == EN["Lang.Err.password_wrong"]
         and user_by_id(uid)["email"] == e, "delete: a wrong password refuses", repr(r))
    r = v.submit("/account/delete", {"password": PASSWORD})
    t.ok(r.status == 422 and field_error(r, "delete-password") == EN["Lang.Err.confirm_required"]
         and user_by_id(uid)["email"] == e, "delete: the box must be ticked", repr(r))
    r = v.submit("/account/delete", {"password": PASSWORD, "confirm": "1"})
    t.ok(r.status == 303 and r.header("Location") == "/"
         and EN["Lang.Flash.account_deleted"] in kt.page_text(v.follow(r)),
         "delete: 303 home with the flash", repr(r))
    row = user_row("id = %d" % uid)
    t.ok(row is not None and row["email"] is None and row["pending_email"] is None
         and row["first_name"] == "" and row["last_name"] == "" and row["age"] == "0"
         and row["deleted_at"] is not None and not row["password_hash"].startswith("$"),
         "delete: the row keeps its id, the personal data is gone", row)
    t.ok(to_login(v.get("/account")), "delete: the session is gone")
    t.ok(is_json_error(api_me(toks["access"]), 401), "delete: API tokens are refused")
    w = kt.Visitor(None)
    r = w.submit("/login", {"email": e, "password": PASSWORD})
    t.ok(r.status == 401 and form_error(r) == EN["Lang.Err.bad_login"],
         "delete: the old address and password no longer sign in", repr(r))
    r = api_register(e)
    t.ok(r.status == 201 and user_by_email(e) is not None and int(user_by_email(e)["id"]) != uid,
         "delete: the address can register a new account, with a new id", repr(r))
    clear_failures()


XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
XSS_ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"]


def raw_xss(text):
    return [p for p in XSS + ["<img src=x", "<script>"] if p in text]


def xss(t):
    clear_failures()
    admin_e, admin_pw = kt.demo_accounts()["admin"]
    e = addr("xss")
    v, r = register(e, first_name=XSS[0], last_name=XSS[1])
    t.ok(r.status == 303 and user_by_email(e)["first_name"] == XSS[0]
         and user_by_email(e)["last_name"] == XSS[1],
         "xss: the names are stored as typed", repr(r))
    m = kt.wait_mail(e)
    htm = kt.mail_parts(m)[1] if m else ""
    t.ok(m is not None and not raw_xss(htm) and XSS_ESCAPED[0] in htm,
         "xss: the verification mail's HTML escapes the name", htm)
    v = sign_in(e)
    page = v.get("/account")
    t.ok(page.status == 200 and not raw_xss(page.text)
         and all(x in page.text for x in XSS_ESCAPED),
         "xss: /account shows both names escaped, never raw", raw_xss(page.text))
    t.ok(input_value(page, "first_name") == XSS[0] and input_value(page, "last_name") == XSS[1],
         "xss: the form gives the exact text back")
    home = v.get("/")
    t.ok(not raw_xss(home.text) and XSS_ESCAPED[0] in home.text,
         "xss: the header's user name is escaped on every page")

    # swap them through the profile form
    r = v.submit("/account", {"first_name": XSS[1], "last_name": XSS[0], "age": "20",
                              "lang": "en", "email": e})
    page = v.follow(r) if r.status == 303 else r
    t.ok(r.status == 303 and user_by_email(e)["first_name"] == XSS[1]
         and not raw_xss(page.text) and all(x in page.text for x in XSS_ESCAPED),
         "xss: profile edit stores them and /account still escapes", raw_xss(page.text))
    # typed into a form that is refused and shown again
    r = v.submit("/account", {"first_name": XSS[0], "last_name": XSS[1], "age": XSS[1],
                              "lang": XSS[0], "email": XSS[1] + "@example.com"})
    t.ok(r.status == 422 and not raw_xss(r.text), "xss: a refused profile form echoes escaped",
         raw_xss(r.text))
    r = kt.Visitor(None).submit("/register", {"first_name": XSS[0], "last_name": XSS[1], "age": XSS[0],
                                       "email": XSS[1], "password": "x",
                                       "organiser_code": XSS[1]})
    t.ok(r.status == 422 and not raw_xss(r.text), "xss: a refused registration echoes escaped",
         raw_xss(r.text))
    r = kt.Visitor(None).submit("/login", {"email": XSS[1], "password": "x", "next": XSS[1]})
    t.ok(r.status == 401 and not raw_xss(r.text), "xss: the sign-in form echoes escaped",
         raw_xss(r.text))
    clear_failures()

    a = sign_in(admin_e, admin_pw)
    r = a.get("/admin/users?q=" + urllib.parse.quote(e.split("@")[0]))
    t.ok(r.status == 200 and e in r.text and not raw_xss(r.text)
         and all(x in r.text for x in XSS_ESCAPED),
         "xss: /admin/users shows the names escaped", raw_xss(r.text))
    r = a.get("/admin/users?q=" + urllib.parse.quote(XSS[1]))
    t.ok(r.status == 200 and not raw_xss(r.text) and XSS_ESCAPED[1] in r.text,
         "xss: the admin search box echoes the query escaped (and finds the user)",
         raw_xss(r.text))
    r = kt.Client().get("/login?next=" + urllib.parse.quote(XSS[1]))
    t.ok(not raw_xss(r.text), "xss: /login?next= is not echoed raw", raw_xss(r.text))
    # the API gives the data back as JSON, unchanged
    j = api_me(api_login(e).json()["access"]).json()
    t.ok(j.get("first_name") == XSS[1] and j.get("last_name") == XSS[0],
         "xss: /api/me/ returns the exact strings as JSON data", j)


META = ["' OR '1'='1", '"; DROP TABLE users; --', "\\", "%", "_"]
META_EMAIL = ["o'or'1'='1", "x-drop", "back", "pct%", "under_"]  # what an address may hold


def tables_intact():
    tables = {r[0] for r in kt.sql("SHOW TABLES")}
    need = {"users", "sessions", "user_tokens", "login_failures", "refresh_tokens",
            "role_changes", "jobs"}
    return need <= tables and int(kt.sql_one("SELECT COUNT(*) FROM users")) >= 3


def sql_meta(t):
    clear_failures()
    admin_e, admin_pw = kt.demo_accounts()["admin"]
    users_before = int(kt.sql_one("SELECT COUNT(*) FROM users"))
    made = []
    for i, m in enumerate(META):
        local = "%s-%s" % (META_EMAIL[i], kt.unique("sq"))
        e = local + "@example.com"
        pw = m + " padding-to-ten"
        v, r = register(e, first_name=m, last_name=m + m, password=pw)
        row = user_by_email(e)
        t.ok(r.status == 303 and row is not None and row["first_name"] == m
             and row["last_name"] == m + m,
             "sql: register with %r in the names and password stores them literally" % m,
             (r, row))
        made.append((e, pw, m))
        s = sign_in(e, pw)
        t.ok(s is not None, "sql: %r in the password signs in with exactly that password" % m)
        t.ok(sign_in(e, m) is None, "sql: %r alone is not a password for that account" % m)
        r = kt.Visitor(None).submit("/register", reg_fields(addr("sqa"), age=m))
        t.ok(r.status == 422 and field_error(r, "age") == EN["Lang.Err.age_invalid"],
             "sql: %r as the age is refused with the age message" % m, repr(r))
        r = kt.Visitor(None).submit("/register", reg_fields(m, password=pw))
        t.ok(r.status == 422 and field_error(r, "email") in (EN["Lang.Err.email_invalid"],
                                                             EN["Lang.Err.required"]),
             "sql: %r as the address is refused with a message" % m, repr(r))
        r = kt.Visitor(None).submit("/login", {"email": m, "password": m})
        ra = api_login(m, m)
        rb = api_login(admin_e + m, m)
        rc = kt.Visitor(None).submit("/login", {"email": admin_e, "password": m})
        t.ok(r.status == 401 and ra.status == 401 and rb.status == 401 and rc.status == 401
             and set_cookie(r, "sid") is None and form_error(rc) == EN["Lang.Err.bad_login"],
             "sql: %r in the sign-in fields (page and API) signs nobody in" % m, (r, ra, rb, rc))
        clear_failures()
        # profile fields
        if s is not None:
            r = s.submit("/account", {"first_name": "P" + m, "last_name": m + "Q", "age": "33",
                                      "lang": "en", "email": e})
            row = user_by_email(e)
            t.ok(r.status == 303 and row["first_name"] == "P" + m and row["last_name"] == m + "Q",
                 "sql: %r in the profile is stored literally" % m, (r, row))
            r = s.submit("/account", {"first_name": "P", "last_name": "Q", "age": m,
                                      "lang": m, "email": e})
            t.ok(r.status == 422 and field_error(r, "age") == EN["Lang.Err.age_invalid"]
                 and field_error(r, "lang") == EN["Lang.Err.lang_invalid"]
                 and user_by_email(e)["lang"] == "en",
                 "sql: %r as age and language in the profile is refused" % m, repr(r))
        r = kt.Visitor(None).submit("/password/forgot", {"email": m})
        t.ok(r.status == 422 and field_error(r, "email") == EN["Lang.Err.email_invalid"],
             "sql: %r in the forgotten password form is refused with a message" % m, repr(r))
    t.ok(tables_intact(), "sql: every table is still there")
    clear_failures()

    # the admin search: metacharacters match themselves only
    a = sign_in(admin_e, admin_pw)
    rows = kt.sql("SELECT email, first_name, last_name FROM users WHERE deleted_at IS NULL")
    total = len(rows)
    for m in META:
        r = a.get("/admin/users?q=" + urllib.parse.quote(m))
        listed = {html.unescape(x) for x in
                  re.findall(r'<span class="user-email">([^<]*)</span>', r.text)}
        want = {row[0] for row in rows
                if any(f is not None and m.lower() in f.lower() for f in row)}
        t.ok(r.status == 200 and listed == want and len(listed) < total,
             "sql: admin search for %r lists only users that contain it literally (%d of %d)"
             % (m, len(want), total), lambda: (sorted(listed - want)[:5], sorted(want - listed)[:5]))
    r = a.get("/admin/users?q=%25")
    listed = re.findall(r'<span class="user-email">([^<]*)</span>', r.text)
    t.ok(r.status == 200 and admin_e not in listed and "attendee@kametay.test" not in listed,
         "sql: admin search for %% does not list everyone (no demo account)", listed[:5])
    t.ok(tables_intact() and int(kt.sql_one("SELECT COUNT(*) FROM users")) >= users_before
         + len(META), "sql: tables intact and every account still there after all of it")


def token_minutes(uid, kind):
    """Lifetimes in minutes of a user's tokens of one kind, oldest first."""
    return [int(r[0]) for r in kt.sql(
        "SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) FROM user_tokens "
        "WHERE user_id = %d AND kind = %s ORDER BY created_at, expires_at" % (uid, kt.q(kind)))]


def links(t):
    """Lifetimes of the mailed links, expired links, and the silent cap on
    reset mails."""
    clear_failures()
    e = addr("links")
    r = api_register(e)
    uid = int(r.json()["id"])
    t.eq(token_minutes(uid, "verify"), [24 * 60], "links: the verification link lives 24 hours")
    m = kt.wait_mail(e, EN["Lang.Mail.Verify.Subject"])
    link = mail_link(m, "/verify") if m else None
    kt.sql_exec("UPDATE user_tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
                "WHERE user_id = %d AND kind = 'verify'" % uid)
    r = kt.Client().get(link) if link else None
    t.ok(r is not None and r.status == 400 and user_by_id(uid)["verified"] == "0",
         "links: an expired verification link is refused", repr(r))

    v = kt.Visitor(None)
    answers = [v.submit("/password/forgot", {"email": e}) for _ in range(4)]
    t.eq(token_minutes(uid, "reset"), [60, 60, 60], "links: reset links live 1 hour, at most "
         "3 in 15 minutes")
    t.ok(all(a.status == 200 for a in answers)
         and len({mask(a.text) for a in answers}) == 1,
         "links: the fourth request gets the same answer, just no mail")
    kt.wait_mail(e, EN["Lang.Mail.Reset.Subject"], count=3)
    time.sleep(1)
    t.eq(len([x for x in kt.mails_to(e) if str(x["Subject"]) == EN["Lang.Mail.Reset.Subject"]]), 3,
         "links: three reset mails arrived, not four")
    link = mail_link(kt.wait_mail(e, EN["Lang.Mail.Reset.Subject"], count=3), "/password/reset")
    kt.sql_exec("UPDATE user_tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
                "WHERE user_id = %d AND kind = 'reset'" % uid)
    before = user_by_id(uid)["password_hash"]
    r1 = kt.Client().get(link)
    r2 = kt.Visitor(None).submit("/password/reset", {"token": link.split("token=")[1],
                                              "password": "too late a password"})
    t.ok(r1.status == 400 and r2.status == 400 and user_by_id(uid)["password_hash"] == before,
         "links: an expired reset link is refused and changes nothing", (r1, r2))
    for bad in ("", "short", "A" * 43, "A" * 44, "../../etc/passwd"):
        r = kt.Client().get("/password/reset?token=" + urllib.parse.quote(bad))
        if r.status != 400:
            break
    t.eq(r.status, 400, "links: made-up reset tokens are refused")

    kt.sql_exec("UPDATE users SET verified = 1 WHERE id = %d" % uid)
    s = sign_in(e)
    e2 = addr("links-new")
    s.submit("/account", {"first_name": "Aigerim", "last_name": "Nurlanovna", "age": "29",
                          "lang": "en", "email": e2, "email_password": PASSWORD})
    t.eq(token_minutes(uid, "email_change"), [24 * 60], "links: an email change link lives 24 "
         "hours")
    clear_failures()


def redirects(t):
    """`next` after sign-in only ever leads to a page of this site."""
    clear_failures()
    e, _ = new_user_db_verified("next")
    cases = [("/account", "/account"), ("//evil.example/", "/"),
             ("https://evil.example/", "/"), ("/\\evil.example", "/"),
             ("javascript:alert(1)", "/"), ("/\tx", "/")]
    got = []
    for nxt, _ in cases:
        v = kt.Visitor(None)
        r = v.submit("/login", {"email": e, "password": PASSWORD, "next": nxt})
        got.append((nxt, r.status, r.header("Location")))
    t.ok(all(g[1] == 303 and g[2] == c[1] for g, c in zip(got, cases)),
         "redirects: next after sign-in is followed only to local paths", got)
    r = kt.Client().get("/login?next=" + urllib.parse.quote("//evil.example/"))
    t.eq(input_value(r, "next"), "/", "redirects: the sign-in form does not carry a foreign next")
    clear_failures()


# Every password this file types: none may be found in a log or a table.
SECRETS = [PASSWORD, "a brand new passphrase", "third pass phrase", "mallory password",
           "hijacked password", "too late a password"]


def secrets(t):
    found = []
    logdir = os.path.join(kt.VAR, "log")
    for name in sorted(os.listdir(logdir)):
        try:
            with open(os.path.join(logdir, name), "rb") as f:
                data = f.read()
        except OSError:
            continue
        found += ["%s: %s" % (name, p) for p in SECRETS if p.encode() in data]
    t.ok(found == [], "secrets: no password appears in any log of the instance", found)
    hits = kt.sql_one("SELECT COUNT(*) FROM jobs WHERE " + " OR ".join(
        "payload LIKE %s" % kt.q("%" + p + "%") for p in SECRETS))
    hits2 = kt.sql_one("SELECT COUNT(*) FROM users WHERE " + " OR ".join(
        "password_hash LIKE %s OR first_name LIKE %s" % (kt.q("%" + p + "%"), kt.q("%" + p + "%"))
        for p in SECRETS))
    t.ok(hits == "0" and hits2 == "0", "secrets: no password in the jobs (mails) or users tables",
         (hits, hits2))


def cleanup(t):
    clear_failures()
    t.eq(kt.sql_one("SELECT COUNT(*) FROM login_failures"), "0",
         "clean-up: the sign-in failures table is empty for the tests after this one")


def wrap(fn):
    """A section that always leaves login_failures empty, even when it fails."""
    def run(t):
        try:
            fn(t)
        finally:
            clear_failures()
    run.__name__ = fn.__name__
    return run


kt.Tap().run(*[wrap(f) for f in (journey, registration_messages, enumeration, unverified,
                                  throttling, csrf, jwt_api, admin, deletion, xss, sql_meta,
                                  links, redirects)],
             secrets, cleanup)
