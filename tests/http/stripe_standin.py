"""
A stand-in for Stripe's API on 127.0.0.1, speaking what Kametay uses of it
(Python standard library only; form-encoded requests, JSON answers, the
secret key as a bearer token, Idempotency-Key honoured):

  POST /v1/checkout/sessions        mode=payment, line_items[0][...], success_url,
                                    cancel_url, client_reference_id, metadata[order_id],
                                    expires_at → a Checkout Session {id, url, ...}
  GET  /v1/checkout/sessions/{id}   the session as it is now
  POST /v1/refunds                  payment_intent, amount → a Refund {id, status}

and, like Stripe, it sends signed webhooks (Stripe-Signature: t=…,v1=…,
HMAC-SHA256 over "t.payload" with the endpoint secret) to the instance:
checkout.session.completed when the test "pays" a session, .expired when
it expires one.  The test steers it: fail the next calls (provider down),
sign with a wrong secret or an old timestamp, send an event twice.
"""

import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StripeStandIn:
    def __init__(self, secret_key="sk_test_kametay", webhook_secret="whsec_kametay"):
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.lock = threading.RLock()
        self.sessions = {}      # id -> session object
        self.refunds = {}       # id -> refund object
        self.idem = {}          # Idempotency-Key -> (status, body)
        self.calls = []         # (method, path, status)
        self.down = 0           # answer the next N calls with 500 (without doing anything)
        self.forms = []         # every POSTed form, parsed
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                with outer.lock:
                    outer.calls.append((self.command, self.path.split("?")[0], status))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                outer._route(self, "GET")

            def do_POST(self):
                outer._route(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    # ---- what the test reads and steers

    def config(self):
        """The keys that point Kametay here (CONTRACT §4)."""
        return ("Payments.Provider = stripe\nStripe.SecretKey = %s\nStripe.WebhookSecret = %s\n"
                "Stripe.APIBase = %s\n" % (self.secret_key, self.webhook_secret, self.url))

    def count(self, method, prefix, status=None):
        with self.lock:
            return sum(1 for m, p, s in self.calls if m == method and p.startswith(prefix)
                       and (status is None or s == status))

    def session_for(self, order_id):
        """The newest session of an order."""
        with self.lock:
            ss = [s for s in self.sessions.values()
                  if s["metadata"].get("order_id") == str(order_id)]
            return ss[-1] if ss else None

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- webhooks

    def sign(self, payload, t=None, secret=None):
        t = int(time.time()) if t is None else t
        mac = hmac.new((secret or self.webhook_secret).encode(), b"%d." % t + payload,
                       hashlib.sha256).hexdigest()
        return "t=%d,v1=%s" % (t, mac)

    def event(self, type_, obj):
        return {"id": "evt_" + secrets.token_hex(12), "object": "event", "type": type_,
                "created": int(time.time()), "livemode": False,
                "data": {"object": obj}}

    def deliver(self, endpoint, ev, t=None, secret=None, signature=None):
        """POSTs an event to Kametay's webhook as Stripe does; returns (status, body)."""
        payload = json.dumps(ev).encode()
        sig = signature if signature is not None else self.sign(payload, t, secret)
        req = urllib.request.Request(endpoint, data=payload, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": sig,
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"})
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def pay(self, session_id):
        """The buyer paid on the hosted page: the session completes.  Returns the
        checkout.session.completed event (not sent: the test delivers it)."""
        with self.lock:
            s = self.sessions[session_id]
            s["status"] = "complete"
            s["payment_status"] = "paid"
            s["payment_intent"] = "pi_" + secrets.token_hex(12)
            return self.event("checkout.session.completed", dict(s))

    def expire(self, session_id):
        with self.lock:
            s = self.sessions[session_id]
            s["status"] = "expired"
            return self.event("checkout.session.expired", dict(s))

    # ---- the endpoints

    def _route(self, h, method):
        path = urllib.parse.urlsplit(h.path).path
        if h.headers.get("Authorization") != "Bearer " + self.secret_key:
            return h._send(401, {"error": {"type": "invalid_request_error",
                                           "message": "Invalid API Key provided"}})
        with self.lock:
            if self.down > 0:
                self.down -= 1
                return h._send(500, {"error": {"type": "api_error",
                                               "message": "stand-in is down"}})
        body = b""
        if method == "POST":
            n = int(h.headers.get("Content-Length") or 0)
            body = h.rfile.read(n) if n else b""
            if h.headers.get("Content-Type", "").split(";")[0] != \
                    "application/x-www-form-urlencoded":
                return h._send(400, {"error": {"message": "form encoding expected"}})
        form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        key = h.headers.get("Idempotency-Key")
        with self.lock:
            if method == "POST":
                self.forms.append((path, form))
            if key is not None and (path, key) in self.idem:
                st, b = self.idem[(path, key)]
                return h._send(st, b)
            st, b = self._answer(method, path, form)
            if key is not None:
                self.idem[(path, key)] = (st, b)
        return h._send(st, b)

    def _answer(self, method, path, f):
        if method == "POST" and path == "/v1/checkout/sessions":
            need = ["mode", "success_url", "cancel_url", "line_items[0][price_data][currency]",
                    "line_items[0][price_data][unit_amount]", "line_items[0][quantity]",
                    "metadata[order_id]", "client_reference_id", "expires_at"]
            missing = [k for k in need if k not in f]
            if missing or f["mode"] != "payment":
                return 400, {"error": {"type": "invalid_request_error",
                                       "message": "missing %s" % ",".join(missing)}}
            exp = int(f["expires_at"])
            if exp < time.time() + 1800 - 5 or exp > time.time() + 86400:
                return 400, {"error": {"type": "invalid_request_error",
                                       "message": "expires_at must be 30 min to 24 h ahead"}}
            sid = "cs_test_" + secrets.token_hex(16)
            amount = int(f["line_items[0][price_data][unit_amount]"]) * \
                int(f["line_items[0][quantity]"])
            s = {"id": sid, "object": "checkout.session", "mode": "payment",
                 "url": "%s/pay/%s" % (self.url, sid), "status": "open",
                 "payment_status": "unpaid", "payment_intent": None,
                 "amount_total": amount, "currency": f["line_items[0][price_data][currency]"],
                 "client_reference_id": f["client_reference_id"],
                 "metadata": {"order_id": f["metadata[order_id]"]},
                 "success_url": f["success_url"], "cancel_url": f["cancel_url"],
                 "customer_email": f.get("customer_email"), "expires_at": exp}
            self.sessions[sid] = s
            return 200, s
        if method == "GET" and path.startswith("/v1/checkout/sessions/"):
            s = self.sessions.get(path.rsplit("/", 1)[1])
            return (200, s) if s else (404, {"error": {"message": "No such checkout.session"}})
        if method == "POST" and path == "/v1/refunds":
            pi = f.get("payment_intent")
            paid = [s for s in self.sessions.values() if s["payment_intent"] == pi]
            if not paid:
                return 400, {"error": {"message": "No such payment_intent: %s" % pi}}
            given = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == pi)
            amount = int(f.get("amount") or paid[0]["amount_total"] - given)
            if given + amount > paid[0]["amount_total"]:
                return 400, {"error": {"code": "charge_already_refunded",
                                       "message": "Refund exceeds the charge"}}
            rid = "re_" + secrets.token_hex(12)
            self.refunds[rid] = {"id": rid, "object": "refund", "amount": amount,
                                 "currency": paid[0]["currency"], "payment_intent": pi,
                                 "status": "succeeded"}
            return 200, self.refunds[rid]
        return 404, {"error": {"message": "Unrecognized request URL"}}


if __name__ == "__main__":
    s = StripeStandIn()
    print(s.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        s.close()
