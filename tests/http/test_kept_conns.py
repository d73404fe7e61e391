"""
Kept FastCGI connections (core/pool.c, issue 10): a worker serves several
connections the web server keeps open (FCGI_KEEP_CONN) and is never pinned
by an idle one.  Straight to the pool's socket: twice as many idle kept
connections as there are workers, and the site still answers through nginx;
each kept connection then serves further requests; one the web server
closes is let go.
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kt  # noqa: E402

kt.need_stack()

SOCK = os.path.join(kt.VAR, "run", "kametay.sock")
KEEP_CONN = 1


def record(rtype, content, req_id=1):
    return struct.pack(">BBHHBx", 1, rtype, req_id, len(content), 0) + content


def nv(k, v):
    k, v = k.encode(), v.encode()
    return struct.pack(">BB", len(k), len(v)) + k + v


def request_bytes(path):
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "REQUEST_URI": path,
              "QUERY_STRING": "", "SCRIPT_NAME": path, "REMOTE_ADDR": "127.0.0.1",
              "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1"}
    p = b"".join(nv(k, v) for k, v in params.items())
    return (record(1, struct.pack(">HB5x", 1, KEEP_CONN)) + record(4, p) + record(4, b"") +
            record(5, b""))


def answer(s):
    """Reads one answer (up to END_REQUEST) from a kept connection: (status, body)."""
    out, buf = b"", b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return None
        buf += chunk
        while len(buf) >= 8:
            _, rtype, _, clen, plen = struct.unpack(">BBHHB", buf[:7])
            if len(buf) < 8 + clen + plen:
                break
            content, buf = buf[8:8 + clen], buf[8 + clen + plen:]
            if rtype == 6:
                out += content
            elif rtype == 3:
                head, _, body = out.partition(b"\r\n\r\n")
                st = 200
                for line in head.decode("latin-1").split("\r\n"):
                    if line.lower().startswith("status:"):
                        st = int(line.split()[1])
                return st, body


def kept(t):
    workers = len(kt.children(kt.read_pid("pool")))
    conns = []
    try:
        for _ in range(2 * workers):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(20)
            s.connect(SOCK)
            s.sendall(request_bytes("/healthz"))
            conns.append(s)
        first = [answer(s) for s in conns]
        t.ok(all(a is not None and a[0] == 200 and a[1] == b"ok\n" for a in first),
             "%d kept connections (2 per worker) each answered, and stay open" % len(conns),
             first)
        through = [kt.get("/healthz").status for _ in range(8 * workers)]
        t.ok(all(st == 200 for st in through),
             "with all of them idle, %d requests through nginx are answered" % len(through),
             through)
        again = []
        for round_ in range(3):
            for s in conns:
                s.sendall(request_bytes("/"))
            again += [answer(s) for s in conns]
        t.ok(all(a is not None and a[0] == 200 and b"</html>" in a[1] for a in again),
             "each kept connection serves three more requests (home page)",
             [a and a[0] for a in again])
        # the web server closes half of them: the rest go on, the site too
        for s in conns[:workers]:
            s.close()
        rest = conns[workers:]
        for s in rest:
            s.sendall(request_bytes("/healthz"))
        t.ok(all((lambda a: a is not None and a[0] == 200)(answer(s)) for s in rest),
             "after the web server closed half, the others still answer")
        t.ok(all(kt.get("/healthz").status == 200 for _ in range(4 * workers)),
             "and so does the site")
    finally:
        for s in conns:
            s.close()


if __name__ == "__main__":
    kt.Tap().run(kept)
