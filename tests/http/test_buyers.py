"""
Issue 13, what a buyer (and a buyer's tools) expect, against the running
stack: the event page's description, Open Graph tags and schema.org Event in
JSON-LD, parsed back with html.parser and json (a name holding
"</script><script>" stays inside the data block); the API as clients use it:
a page past the end is an empty list, every /api/ error has a message that
names the problem, and the OpenAPI 3 document at /api/openapi.json checked
against routes.c and against what every documented GET really answers (a
small JSON Schema validator below, no pip); free events say "Free".
"""
import html.parser
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

EN, RU, KK = kt.lang("en"), kt.lang("ru"), kt.lang("kk")
TAG = kt.unique("buyr")


class Head(html.parser.HTMLParser):
    """The meta tags, the ld+json blocks and every script element of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.props, self.ld, self.scripts = {}, {}, [], []
        self._in_ld = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content")
        if tag == "meta" and "property" in a:
            self.props[a["property"]] = a.get("content")
        if tag == "script":
            self.scripts.append(a)
            if a.get("type") == "application/ld+json":
                self._in_ld = []

    def handle_endtag(self, tag):
        if tag == "script" and self._in_ld is not None:
            self.ld.append("".join(self._in_ld))
            self._in_ld = None

    def handle_data(self, data):
        if self._in_ld is not None:
            self._in_ld.append(data)


def head_of(path, lang="en"):
    r = kt.Visitor(lang).get(path)
    p = Head()
    p.feed(r.text)
    return r, p


def sharing(t):
    desc = ("Вечер камерной музыки: " + "скрипка и фортепиано, " * 12).strip()
    ev = kt.make_event("%s Концерт" % TAG, description=desc, duration=120, price=150000)
    kt.sql_exec("UPDATE events SET image = 'poster-%d.png' WHERE id = %d" % (ev, ev))
    r, p = head_of("/events/%d" % ev)
    t.eq(r.status, 200, "share: the event page answers")
    md = p.meta.get("description") or ""
    t.ok(md.endswith("…") and len(md) == 161 and desc.startswith(md[:-1]),
         "share: <meta name=description> is the event's description cut at 160 characters",
         lambda: md)
    t.ok(md.encode("utf-8").decode("utf-8") == md, "share: the cut falls between letters")
    og = p.props
    t.eq(og.get("og:title"), "%s Концерт" % TAG, "share: og:title is the event's name")
    t.eq(og.get("og:description"), md, "share: og:description is the same summary")
    t.ok(og.get("og:type") == "website", "share: og:type", lambda: og)
    t.eq(og.get("og:url"), "%s/events/%d" % (kt.URL, ev), "share: og:url is absolute")
    t.eq(og.get("og:image"), "%s/uploads/events/poster-%d.png" % (kt.URL, ev),
         "share: og:image is absolute when the event has an image")
    t.ok(len(p.ld) == 1, "share: one JSON-LD block", lambda: p.ld)
    d = json.loads(p.ld[0])
    t.eq((d.get("@context"), d.get("@type")), ("https://schema.org", "Event"),
         "json-ld: a schema.org Event")
    t.eq(d.get("name"), "%s Концерт" % TAG, "json-ld: name")
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
    t.ok(iso.match(d.get("startDate", "")) and iso.match(d.get("endDate", "")),
         "json-ld: startDate and endDate in ISO 8601 with offset", lambda: d)
    api = kt.api("GET", "/api/events/%d/" % ev).json()
    t.eq(d.get("startDate"), api["starts_at"], "json-ld: startDate is the API's starts_at")
    t.eq(d.get("eventStatus"), "https://schema.org/EventScheduled", "json-ld: scheduled")
    loc = d.get("location") or {}
    t.ok(loc.get("@type") == "Place" and loc.get("name") == "Test field" and
         (loc.get("address") or {}).get("streetAddress") == "Test field",
         "json-ld: location is a Place with name and address", lambda: loc)
    off = d.get("offers") or {}
    t.ok(off.get("@type") == "Offer" and off.get("price") == "1500.00" and
         off.get("priceCurrency") == "KZT" and
         off.get("availability") == "https://schema.org/InStock",
         "json-ld: offers with price, currency and InStock", lambda: off)
    org = d.get("organizer") or {}
    t.ok(org.get("name") and org.get("@type") in ("Person", "Organization"),
         "json-ld: organizer named", lambda: org)
    t.eq(d.get("image"), ["%s/uploads/events/poster-%d.png" % (kt.URL, ev)], "json-ld: image")
    srcs = [s.get("src") for s in p.scripts if s.get("type") != "application/ld+json"]
    t.ok(all(srcs), "share: every other script is a file (CSP script-src 'self')", lambda: srcs)

    # availability and status follow the event
    kt.sql_exec("UPDATE events SET sold = capacity WHERE id = %d" % ev)
    _, p = head_of("/events/%d" % ev)
    t.eq(json.loads(p.ld[0])["offers"]["availability"], "https://schema.org/SoldOut",
         "json-ld: a full event is SoldOut")
    kt.sql_exec("UPDATE events SET sold = capacity - 1 WHERE id = %d" % ev)
    _, p = head_of("/events/%d" % ev)
    t.eq(json.loads(p.ld[0])["offers"]["availability"],
         "https://schema.org/LimitedAvailability", "json-ld: the last places are LimitedAvailability")
    kt.sql_exec("UPDATE events SET status = 'cancelled' WHERE id = %d" % ev)
    _, p = head_of("/events/%d" % ev)
    t.eq(json.loads(p.ld[0])["eventStatus"], "https://schema.org/EventCancelled",
         "json-ld: a cancelled event is EventCancelled")

    # no image, no description: no og:image, the site's tagline stays
    plain = kt.make_event("%s plain" % TAG, description="")
    _, p = head_of("/events/%d" % plain)
    t.ok("og:image" not in p.props and "image" not in json.loads(p.ld[0]),
         "share: no og:image and no image without a poster", lambda: p.props)
    t.eq(p.meta.get("description"), EN["Lang.Site.tagline"],
        "share: without a description the site's tagline is the description")
    _, p = head_of("/")
    t.ok(not p.ld and "og:title" not in p.props, "share: the home page has no event data")


def script_in_name(t):
    evil = "</script><script>alert(1)</script> & <b>"
    ev = kt.make_event(evil + TAG, description=evil)
    r, p = head_of("/events/%d" % ev)
    body = r.text
    t.ok(body.count("<script>alert(1)") == 0, "xss: the name never opens a script element")
    t.ok(len(p.ld) == 1, "xss: one JSON-LD block", lambda: p.ld)
    d = json.loads(p.ld[0])
    t.eq(d.get("name"), evil + TAG, "xss: the name reads back whole from the JSON-LD")
    t.ok("<" not in p.ld[0] and ">" not in p.ld[0] and "&" not in p.ld[0],
         "xss: <, > and & are \\u escapes inside the block", lambda: p.ld[0])
    t.eq(p.props.get("og:title"), evil + TAG, "xss: og:title reads back whole (escaped)")
    t.ok(len(p.scripts) == 2, "xss: the page holds app.js and the data block, nothing more",
         lambda: p.scripts)


# ---------------------------------------------------------------- point 7

def schema_errors(doc, schema, v, where="$"):
    """What in v does not fit schema (the OpenAPI 3.0 subset the document
    uses: $ref, type, nullable, required, properties, additionalProperties,
    items, enum, pattern, minLength, minimum); [] when it fits."""
    while "$ref" in schema:
        node = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = dict(node, **{k: x for k, x in schema.items() if k != "$ref"})
    if v is None:
        return [] if schema.get("nullable") or "type" not in schema else ["%s: null" % where]
    types = {"object": dict, "array": list, "string": str, "boolean": bool}
    ty = schema.get("type")
    if ty == "integer":
        if not isinstance(v, int) or isinstance(v, bool):
            return ["%s: %r is not an integer" % (where, v)]
    elif ty == "number":
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return ["%s: %r is not a number" % (where, v)]
    elif ty is not None and not isinstance(v, types[ty]):
        return ["%s: %r is not %s" % (where, v, ty)]
    out = []
    if "enum" in schema and v not in schema["enum"]:
        out.append("%s: %r not in %r" % (where, v, schema["enum"]))
    if isinstance(v, str):
        if "pattern" in schema and not re.search(schema["pattern"], v):
            out.append("%s: %r does not match %s" % (where, v, schema["pattern"]))
        if len(v) < schema.get("minLength", 0):
            out.append("%s: shorter than %d" % (where, schema["minLength"]))
    if isinstance(v, int) and "minimum" in schema and v < schema["minimum"]:
        out.append("%s: %r below %r" % (where, v, schema["minimum"]))
    if isinstance(v, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in v:
                out.append("%s: %s missing" % (where, k))
        for k, x in v.items():
            if k in props:
                out += schema_errors(doc, props[k], x, "%s.%s" % (where, k))
            elif isinstance(schema.get("additionalProperties"), dict):
                out += schema_errors(doc, schema["additionalProperties"], x, "%s.%s" % (where, k))
            elif "properties" in schema:
                out.append("%s: %s is not documented" % (where, k))
    if isinstance(v, list) and "items" in schema:
        for i, x in enumerate(v):
            out += schema_errors(doc, schema["items"], x, "%s[%d]" % (where, i))
    return out


def api_routes():
    """{(method, path)} of every /api/ route in pages/routes.c."""
    with open(os.path.join(kt.ROOT, "cgi", "pages", "routes.c"), encoding="utf-8") as f:
        src = f.read()
    return {(m.lower(), p) for m, p in re.findall(r'\{\s*M_(GET|POST|PUT|DELETE|PATCH),\s*"(/api/[^"]*)"', src)}


def openapi(t):
    r = kt.get("/api/openapi.json")
    t.ok(r.status == 200 and (r.header("Content-Type") or "").startswith("application/json"),
         "openapi: GET /api/openapi.json is JSON", lambda: r)
    doc = r.json()
    t.ok(doc.get("openapi", "").startswith("3."), "openapi: an OpenAPI 3 document")
    t.ok(r.header("Content-Security-Policy"), "openapi: with the security headers")
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops
                  if m in ("get", "post", "put", "delete", "patch")}
    routes = api_routes()
    t.ok(len(routes) >= 14, "openapi: routes.c read (%d /api/ routes)" % len(routes))
    t.eq(sorted(routes - documented), [], "openapi: every /api/ route of routes.c is documented")
    t.eq(sorted(documented - routes), [], "openapi: nothing is documented that routes.c lacks")
    for p, ops in doc["paths"].items():
        for m, op in ops.items():
            names = set(re.findall(r"\{(\w+)\}", p))
            inpath = {x["name"] for x in op.get("parameters", []) if x["in"] == "path"}
            t.eq(inpath, names, "openapi: %s %s documents its path parameters" % (m.upper(), p))
            t.ok(all(c.get("content", {}).get("application/json") for c in op["responses"].values()),
                 "openapi: %s %s: every answer has a JSON shape" % (m.upper(), p))
            t.ok(m == "get" or "requestBody" in op, "openapi: %s %s has a request body" % (m.upper(), p))

    # every documented GET, called for real, answers what the document says
    ev = kt.make_event("%s api" % TAG)
    seated = kt.make_event("%s api seated" % TAG, seated=True)
    _, addr = kt.make_user("apiuser")
    tok = kt.api_token(addr)
    kt.buy(tok, ev, quantity=1)
    kt.buy(tok, seated, seats=kt.free_seats(seated, 1))
    org_addr, org_pw = kt.demo_accounts()["organiser"]
    otok = kt.api_token(org_addr, org_pw)
    calls = [("/api/events/", "/api/events/", None), ("/api/events/", "/api/events/?q=" + TAG, None),
             ("/api/events/{id}/", "/api/events/%d/" % ev, None),
             ("/api/events/{id}/", "/api/events/%d/" % seated, None),
             ("/api/events/{id}/seats/", "/api/events/%d/seats/" % seated, None),
             ("/api/me/", "/api/me/", tok), ("/api/me/tickets/", "/api/me/tickets/", tok),
             ("/api/venues/", "/api/venues/", otok),
             ("/api/venues/", "/api/venues/?starts_at=2031-03-01T19:00:00%2B05:00&duration_minutes=60", otok)]
    for tpl, path, token in calls:
        r = kt.api("GET", path, token)
        resp = doc["paths"][tpl]["get"]["responses"].get(str(r.status))
        t.ok(resp is not None, "openapi: GET %s answers a documented status (%d)" % (path, r.status))
        if resp:
            errs = schema_errors(doc, resp["content"]["application/json"]["schema"], r.json())
            t.eq(errs, [], "openapi: GET %s fits the documented schema" % path)
    for tpl, path, token, want in (("/api/events/{id}/", "/api/events/999999999/", None, 404),
                                   ("/api/me/", "/api/me/", None, 401),
                                   ("/api/venues/", "/api/venues/", tok, 403),
                                   ("/api/events/", "/api/events/?from=bad", None, 400)):
        r = kt.api("GET", path, token)
        resp = doc["paths"][tpl]["get"]["responses"].get(str(r.status))
        t.ok(r.status == want and resp is not None and
             schema_errors(doc, resp["content"]["application/json"]["schema"], r.json()) == [],
             "openapi: GET %s answers the documented %d error" % (path, want), lambda: r)


def api_as_clients(t):
    r = kt.api("GET", "/api/events/?page=100001")
    t.ok(r.status == 200 and r.json() == {"events": [], "next_page": None},
         "api: a page past the end is an empty list", lambda: r)
    r = kt.api("GET", "/api/events/?page=99999")
    t.ok(r.status == 200 and r.json()["events"] == [], "api: a far page is an empty list", lambda: r)
    r = kt.get("/?page=100001")
    t.eq(r.status, 200, "/: a page past the end is the empty listing, not a 400")
    for path, key in (("/api/events/?page=0", "search_page_invalid"),
                      ("/api/events/?from=2031-02-30", "search_date_invalid"),
                      ("/api/events/?venue=x", "search_venue_invalid"),
                      ("/api/events/?q=" + "x" * 101, "search_q_invalid")):
        r = kt.api("GET", path)
        t.ok(r.status == 400 and r.json()["message"] == EN["Lang.Err." + key],
             "api: %s names what was wrong" % path[:40], lambda: r)
        r = kt.api("GET", path, lang="ru")
        t.eq(r.json()["message"], RU["Lang.Err." + key], "api: ... in the visitor's language")
    # every error answer has a message
    _, addr = kt.make_user("errs")
    tok = kt.api_token(addr)
    cases = [("GET", "/api/nothing/", None, None), ("POST", "/api/events/", None, {}),
             ("GET", "/api/events/1/seats/x", None, None), ("POST", "/api/login/", None, {}),
             ("POST", "/api/login/", None, {"email": "x@y.z", "password": "nope"}),
             ("POST", "/api/token/refresh/", None, {"refresh": "not.a.token"}),
             ("POST", "/api/register/", None, {"email": "bad"}),
             ("POST", "/api/events/", tok, {"name": "x"}),
             ("POST", "/api/events/999999999/purchase/", tok, {"quantity": 1}),
             ("POST", "/api/tickets/NOPE/cancel/", tok, {}),
             ("POST", "/api/tickets/NOPE/change-seat/", tok, {"seat": 1}),
             ("GET", "/api/me/", "bad", None), ("GET", "/api/venues/", tok, None)]
    for method, path, token, body in cases:
        r = kt.api(method, path, token, body)
        try:
            j = r.json()
        except ValueError:
            j = {}
        t.ok(r.status >= 400 and isinstance(j.get("error"), str) and j["error"] and
             isinstance(j.get("message"), str) and j["message"].strip(),
             "api: %s %s: %d with a code and a message" % (method, path, r.status), lambda: r)


# ---------------------------------------------------------------- point 4

def free_events(t):
    ev = kt.make_event("%s free" % TAG, price=0)
    for code, strings in (("en", EN), ("ru", RU), ("kk", KK)):
        r = kt.Visitor(code).get("/events/%d" % ev)
        t.ok(r.status == 200 and kt.page_text(r).count(strings["Lang.Event.free"]) >= 2,
             "free: the event page says %r (facts and buy box, %s)" % (strings["Lang.Event.free"], code))
        r = kt.Visitor(code).get("/?q=" + TAG + "+free")
        t.ok(strings["Lang.Event.free"] in kt.page_text(r), "free: the listing says so (%s)" % code)
    for code, strings in (("en", EN), ("ru", RU), ("kk", KK)):
        r = kt.api("GET", "/api/events/%d/" % ev, lang=code)
        t.eq(r.json().get("price_text"), strings["Lang.Event.free"],
             "free: the API's price_text says so (%s)" % code)
        r = kt.api("GET", "/api/events/?q=%s+free" % TAG, lang=code)
        t.eq([e.get("price_text") for e in r.json()["events"]], [strings["Lang.Event.free"]],
             "free: ... in the listing too (%s)" % code)
    paid = kt.make_event("%s paid" % TAG, price=150000)
    t.eq(kt.api("GET", "/api/events/%d/" % paid).json().get("price_text"), "from 1\u202f500 KZT",
         "price_text: a paid event's lowest price")
    r = kt.get("/events/%d" % paid)
    t.ok(EN["Lang.Event.free"] not in kt.page_text(r).replace("free or", ""),
         "free: a paid event does not say Free")


def buyer_finds(t):
    ev = kt.make_event("%s weekday" % TAG, days=12)
    api = kt.api("GET", "/api/events/%d/" % ev).json()
    wd = (datetime.datetime.fromisoformat(api["starts_at"]).isoweekday()) % 7
    for code, strings in (("en", EN), ("ru", RU), ("kk", KK)):
        day = strings["Lang.Event.weekday.%d" % wd]
        r = kt.Visitor(code).get("/events/%d" % ev)
        t.ok(re.search(r"<time[^>]*>%s, \d\d\.\d\d\.\d{4}" % re.escape(day), r.text),
             "weekday: the event page's date starts with %r (%s)" % (day, code))
        r = kt.Visitor(code).get("/?q=" + TAG + "+weekday")
        t.ok(re.search(r"<time[^>]*>%s, " % re.escape(day), r.text),
             "weekday: the listing's date too (%s)" % code)
        r = kt.Visitor(code).get("/")
        t.ok('href="/tickets/find"' in r.text and strings["Lang.Footer.find_tickets"] in kt.page_text(r),
             "find my tickets: linked from the footer (%s)" % code)
        r = kt.Visitor(code).get("/login")
        t.ok(r.text.count('href="/tickets/find"') >= 2, "find my tickets: linked from the sign-in page (%s)" % code)
    with open(os.path.join(kt.ROOT, "templates", "order.cs"), encoding="utf-8") as f:
        t.ok('href="/tickets/find"' in f.read(), "find my tickets: the order page links it (template)")
    css = kt.get("/static/app.css").text
    rules = re.findall(r"\.ticket-code-(?:value|small) \{[^}]*\}", css)
    t.ok(len(rules) == 2 and all("anywhere" not in x and "keep-all" in x for x in rules),
         "code: a ticket code breaks only between its groups", lambda: rules)


kt.Tap().run(sharing, script_in_name, openapi, api_as_clients, free_events, buyer_finds)
