"""
A stand-in for Google's OAuth 2.0 and Calendar API on 127.0.0.1, with the
same endpoints Kametay calls (Python standard library only):

  GET  /o/oauth2/v2/auth               consent: redirects back with ?code=&state=
  POST /token                          authorization_code and refresh_token grants
  POST /calendar/v3/calendars/primary/events          insert (409 when the id exists)
  GET, PUT, DELETE /calendar/v3/calendars/primary/events/{id}

It keeps its state in memory for the test to look at (events, every call)
and to steer: fail the next calls with a status, answer 500 to an insert
after storing it (a lost answer), revoke every grant, expire the access
tokens.  Run as a script it serves until interrupted and prints its URL.
"""

import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENTS = "/calendar/v3/calendars/primary/events"


class GoogleStandIn:
    def __init__(self, client_id="kt-client", client_secret="kt-secret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.lock = threading.RLock()
        self.codes = {}         # code -> redirect_uri
        self.access = set()     # valid access tokens
        self.refresh = set()    # valid refresh tokens
        self.events = {}        # id -> event JSON (status "cancelled" once deleted)
        self.calls = []         # (method, path, status) of every request, in order
        self.fail = []          # statuses for the next Calendar API calls
        self.lose_insert = 0    # inserts to store and then answer 500
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _send(self, status, body=None, headers=()):
                data = b"" if body is None else json.dumps(body).encode()
                # recorded before the answer goes out: the caller may look right after
                with outer.lock:
                    outer.calls.append((self.command, self.path.split("?")[0], status))
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                if body is not None:
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n) if n else b""

            def do_GET(self):
                outer._route(self, "GET")

            def do_POST(self):
                outer._route(self, "POST")

            def do_PUT(self):
                outer._route(self, "PUT")

            def do_DELETE(self):
                outer._route(self, "DELETE")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    # ---- what the test reads and steers

    def config(self):
        """The Google.* keys that point Kametay here."""
        return ("Google.ClientId = %s\nGoogle.ClientSecret = %s\n"
                "Google.AuthURL = %s/o/oauth2/v2/auth\nGoogle.TokenURL = %s/token\n"
                "Google.APIBase = %s/calendar/v3\n"
                % (self.client_id, self.client_secret, self.url, self.url, self.url))

    def count(self, method, path_prefix, status=None):
        with self.lock:
            return sum(1 for m, p, s in self.calls if m == method and p.startswith(path_prefix)
                       and (status is None or s == status))

    def live(self):
        with self.lock:
            return {k: v for k, v in self.events.items() if v.get("status") != "cancelled"}

    def revoke(self):
        """The user removed Kametay's access at Google: every token is dead."""
        with self.lock:
            self.access.clear()
            self.refresh.clear()

    def expire_access(self):
        with self.lock:
            self.access.clear()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- the endpoints

    def _route(self, h, method):
        u = urllib.parse.urlsplit(h.path)
        path = u.path
        if method == "GET" and path == "/o/oauth2/v2/auth":
            return self._authorize(h, urllib.parse.parse_qs(u.query))
        if method == "POST" and path == "/token":
            return self._token(h, urllib.parse.parse_qs(h._body().decode()))
        if path == EVENTS or path.startswith(EVENTS + "/"):
            return self._events(h, method, path[len(EVENTS):].lstrip("/"))
        h._send(404, {"error": {"code": 404, "message": "Not Found"}})

    def _authorize(self, h, q):
        one = {k: v[0] for k, v in q.items()}
        if one.get("client_id") != self.client_id or one.get("response_type") != "code" or \
                not one.get("redirect_uri") or "calendar" not in one.get("scope", ""):
            return h._send(400, {"error": "invalid_request"})
        code = secrets.token_urlsafe(16)
        with self.lock:
            self.codes[code] = one["redirect_uri"]
        loc = "%s?%s" % (one["redirect_uri"], urllib.parse.urlencode(
            {"state": one.get("state", ""), "code": code, "scope": one["scope"]}))
        h._send(302, None, [("Location", loc)])

    def _token(self, h, form):
        f = {k: v[0] for k, v in form.items()}
        if f.get("client_id") != self.client_id or f.get("client_secret") != self.client_secret:
            return h._send(401, {"error": "invalid_client"})
        with self.lock:
            if f.get("grant_type") == "authorization_code":
                if self.codes.pop(f.get("code"), None) != f.get("redirect_uri"):
                    ans = None
                else:
                    rt = secrets.token_urlsafe(24)
                    self.refresh.add(rt)
                    ans = {"refresh_token": rt}
            elif f.get("grant_type") == "refresh_token":
                ans = {} if f.get("refresh_token") in self.refresh else None
            else:
                return h._send(400, {"error": "unsupported_grant_type"})
            if ans is None:
                return h._send(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            at = secrets.token_urlsafe(24)
            self.access.add(at)
        ans.update({"access_token": at, "expires_in": 3599, "token_type": "Bearer",
                    "scope": "https://www.googleapis.com/auth/calendar.events"})
        h._send(200, ans)

    def _events(self, h, method, eid):
        auth = h.headers.get("Authorization", "")
        body = h._body()
        with self.lock:
            ok = auth.startswith("Bearer ") and auth[7:] in self.access
            fail = self.fail.pop(0) if ok and self.fail else None
        if not ok:
            return h._send(401, {"error": {"code": 401, "message": "Invalid Credentials"}})
        if fail is not None:
            return h._send(fail, {"error": {"code": fail, "message": "Backend Error"}})
        with self.lock:
            if method == "POST" and eid == "":
                ev = json.loads(body)
                if ev.get("id") in self.events:
                    st, ans = 409, {"error": {"code": 409, "message": "The requested identifier already exists."}}
                else:
                    ev.setdefault("id", secrets.token_hex(13))
                    ev.setdefault("status", "confirmed")
                    ev["sequence"] = 0
                    self.events[ev["id"]] = ev
                    st, ans = 200, ev
                    if self.lose_insert > 0:
                        self.lose_insert -= 1
                        st, ans = 500, {"error": {"code": 500, "message": "Backend Error"}}
            elif eid and eid not in self.events:
                st, ans = 404, {"error": {"code": 404, "message": "Not Found"}}
            elif method == "GET" and eid:
                st, ans = 200, self.events[eid]
            elif method == "PUT" and eid:
                ev = json.loads(body)
                ev["id"] = eid
                ev.setdefault("status", "confirmed")
                ev["sequence"] = self.events[eid].get("sequence", 0) + 1
                self.events[eid] = ev
                st, ans = 200, ev
            elif method == "DELETE" and eid:
                if self.events[eid].get("status") == "cancelled":
                    st, ans = 410, {"error": {"code": 410, "message": "Resource has been deleted"}}
                else:
                    self.events[eid]["status"] = "cancelled"
                    st, ans = 204, None
            else:
                st, ans = 405, {"error": {"code": 405, "message": "Method Not Allowed"}}
        h._send(st, ans)


if __name__ == "__main__":
    s = GoogleStandIn()
    print(s.url, flush=True)
    print(s.config(), flush=True)
    try:
        s.thread.join()
    except KeyboardInterrupt:
        s.close()
