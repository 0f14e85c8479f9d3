"""serve_safety_check.py - the server's safety list, one test each
(issue 18): the security headers on every kind of response, no path
chosen by a client, error pages that name no server path, 413 past
--limit (declared and chunked), the connection caps (per address and in
all), a slow client cut off, SIGTERM finishing an upload in flight,
TLS, the command's own refusals, and the request log hiding tokens.

    python3 tests/serve_safety_check.py ./venuecheck
"""
import http.client, os, socket, ssl, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import serve_harness as sh
from harness import check, summary

BIN = sys.argv[1] if len(sys.argv) > 1 else "./venuecheck"
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
VENUE = os.path.join(harness.ROOT, "examples", "villages", "xinfeng", "zhulin.yaml")
BODIES = []  # every body seen: none may name the data directory


def port_of(srv):
    return int(srv.url.rsplit(":", 1)[1])


def raw_get(srv, path, method="GET", body=None, headers=None):
    """A request with the path exactly as given (urllib would clean it)."""
    c = http.client.HTTPConnection("127.0.0.1", port_of(srv), timeout=10)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    out = sh.Response(r.status, r.headers, r.read())
    c.close()
    BODIES.append(out.body)
    return out


def safety_headers(r, what):
    ok = check(r.header("Content-Security-Policy") == CSP, f"{what}: CSP is {r.header('Content-Security-Policy')!r}")
    ok &= check(r.header("X-Content-Type-Options") == "nosniff", f"{what}: nosniff")
    ok &= check(r.header("Referrer-Policy") == "no-referrer", f"{what}: Referrer-Policy")
    ok &= check(r.header("X-Frame-Options") == "DENY", f"{what}: X-Frame-Options")
    ok &= check(r.header("Cache-Control") == "no-store", f"{what}: Cache-Control")
    ok &= check(r.header("Set-Cookie") is None, f"{what}: no cookie")
    return ok


def test_headers(srv):
    """Every kind of answer carries the headers: a page, a static file,
    a 404 page, a 405, an API error."""
    page = raw_get(srv, "/")
    safety_headers(page, "GET /")
    if page.status == 200:
        check(page.header("Content-Type") == "text/html; charset=utf-8", "GET /: HTML in UTF-8")
    css = raw_get(srv, "/static/report.css")
    safety_headers(css, "GET /static/report.css")
    check(css.status == 200 and (css.header("Content-Type") or "").startswith("text/css"),
          f"a static file from inside the binary ({css.status} {css.header('Content-Type')})")
    none = raw_get(srv, "/static/no-such.css")
    safety_headers(none, "GET /static/no-such.css")
    check(none.status == 404, f"no such static file: 404 ({none.status})")
    nf = raw_get(srv, "/no/such/page")
    safety_headers(nf, "404")
    check(nf.status == 404 and nf.header("Content-Type") == "text/html; charset=utf-8",
          f"404 is an HTML page ({nf.status} {nf.header('Content-Type')})")
    check("<h1>404" in nf.text, "the 404 page says 404")
    en = raw_get(srv, "/no/such/page?lang=en")
    check("Not Found" in en.text and "找不到" in nf.text, "the 404 page in English (?lang=en) and Chinese")
    api = raw_get(srv, "/api/v1/no-such-thing")
    safety_headers(api, "API 404")
    import json
    try:
        j = json.loads(api.body)
    except ValueError:
        j = {}
    check(api.header("Content-Type") == "application/json" and
          j.get("error", {}).get("status") == 404 and j["error"].get("message"),
          f"an API error is JSON {{error: {{status, message}}}}: {api.body[:80]!r}")
    na = raw_get(srv, "/api/v1/no-such-thing", method="DELETE")
    safety_headers(na, "API DELETE")


def test_paths(srv):
    """No client string names a file: dot segments, encoded or not, and
    NUL are refused; nothing of the machine's files comes back."""
    for p in ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
              "/static/..%2f..%2fetc%2fpasswd", "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
              "/static/report.css%00.txt", "/a%00b", "/static/.", "/%zz",
              "/static//etc/passwd", "/../../../../etc/passwd"]:
        r = raw_get(srv, p)
        check(r.status in (400, 404), f"{p}: refused ({r.status})")
        check(b"root:" not in r.body, f"{p}: no file of the machine in the answer")
        safety_headers(r, p)
    # Decoded once only: %252e%252e is the text "%2e%2e", not "..".
    r = raw_get(srv, "/static/%252e%252e/%252e%252e/etc/passwd")
    check(r.status == 404 and b"root:" not in r.body, f"double-encoded dots: 404 ({r.status})")


def test_error_bodies(srv):
    """No error page names a server path or the data directory."""
    bad = [b for b in BODIES if srv.data_dir.encode() in b or b"/tmp/" in b
           or b"No such file" in b or harness.ROOT.encode() in b]
    check(not bad, f"{len(BODIES)} answers name no server path ({bad[:1]!r})")


def send_raw(port, data, wait=5.0):
    """Send data on a new connection and read what comes back until the
    server closes it or wait seconds pass."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    got = b""
    try:
        s.sendall(data)
        end = time.time() + wait
        while time.time() < end:
            d = s.recv(65536)
            if not d:
                break
            got += d
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    s.close()
    return got


def status_of(reply):
    try:
        return int(reply.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


LIMIT_HEAD = ("POST /api/v1/check?name=v.yaml HTTP/1.1\r\nHost: x\r\n"
              "Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n")
CHUNKED_HEAD = (b"POST /api/v1/check?name=v.yaml HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")


def test_limit():
    """--limit 64K: a declared length past it is 413 at once (whatever
    the path), the limit itself is not."""
    limit = 64 * 1024
    with sh.Server(BIN, args=["--limit", "64K"]) as srv:
        port = port_of(srv)
        for path in ("/api/v1/check?name=v.yaml", "/no/such/page"):
            head = LIMIT_HEAD.replace("/api/v1/check?name=v.yaml", path)
            r = send_raw(port, (head % (limit + 1)).encode(), wait=3)
            check(status_of(r) == 413, f"{path}: Content-Length limit+1: 413 before any body ({r[:40]!r})")
            check(b"64 KB" in r, "the 413 page says the limit")
            r = send_raw(port, (head % limit).encode() + b"x" * limit, wait=5)
            check(status_of(r) not in (413, None), f"{path}: Content-Length = limit: not 413 ({r[:40]!r})")


def test_limit_routed():
    """(On the API's check, which reads a body.)  A chunked body past
    --limit is 413, one under it is not; and the budget of bodies held."""
    limit = 64 * 1024
    with sh.Server(BIN, args=["--limit", "64K"]) as srv:
        port = port_of(srv)
        chunk = b"x" * 4096
        body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n"
                        for _ in range(limit // 4096 + 1)) + b"0\r\n\r\n"
        r = send_raw(port, CHUNKED_HEAD + body, wait=5)
        check(status_of(r) == 413, f"chunked past the limit: 413 ({r[:40]!r})")
        small = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(4)) + b"0\r\n\r\n"
        r = send_raw(port, CHUNKED_HEAD + small, wait=5)
        check(status_of(r) not in (413, None), f"chunked under the limit: not 413 ({r[:40]!r})")
        test_budget(port, LIMIT_HEAD, limit)


def test_budget(port, head, limit):
    """The bodies held at once are bounded (4 x --limit): four uploads
    nearly whole hold it, a fifth is answered 503; once they are done,
    the next is taken."""
    held = []
    for _ in range(4):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall((head % limit).encode() + b"x" * (limit - 100))
        held.append(s)
    time.sleep(0.5)
    r = send_raw(port, (head % 2000).encode() + b"x" * 2000, wait=5)
    check(status_of(r) == 503, f"a fifth body past the budget: 503 ({r[:40]!r})")
    for s in held:
        s.sendall(b"x" * 100)
        got = s.recv(100)
        check(status_of(got) not in (503, None), f"the four held are answered ({got[:30]!r})")
        s.close()
    r = send_raw(port, (head % 2000).encode() + b"x" * 2000, wait=5)
    check(status_of(r) not in (503, None), f"the budget freed: taken again ({r[:40]!r})")


def idle_socket(port, src="127.0.0.1"):
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s


def closed_soon(s, wait=2.0):
    """Whether the server closes s (sent nothing) within wait seconds."""
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True


def served(s):
    try:
        s.sendall(b"GET /no/such HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        s.settimeout(5)
        return status_of(s.recv(200)) == 404
    except OSError:
        return False


def test_caps():
    """--max-per-ip 3: a fourth connection from one address is closed;
    --max-connections 4: a fifth from another address is too, while the
    ones within the caps are served."""
    with sh.Server(BIN, args=["--max-per-ip", "3", "--max-connections", "4",
                              "--timeout", "20"]) as srv:
        port = port_of(srv)
        same = [idle_socket(port) for _ in range(3)]
        time.sleep(0.3)
        extra = idle_socket(port)
        check(closed_soon(extra), "per address: the fourth connection is closed")
        check(not closed_soon(same[2], 0.5), "per address: the third stays open")
        other = idle_socket(port, "127.0.0.2")
        time.sleep(0.3)
        check(not closed_soon(other, 0.5), "in all: the fourth (another address) stays open")
        fifth = idle_socket(port, "127.0.0.3")
        check(closed_soon(fifth), "in all: the fifth connection is closed")
        check(served(other), "in all: the fourth is served")
        for s in same + [extra, other, fifth]:
            s.close()
        time.sleep(0.5)
        s = idle_socket(port, "127.0.0.3")
        check(served(s), "a slot freed is taken again")
        s.close()


def dribble(port, data, every=1.0):
    """Send data a byte every `every` seconds; seconds until the server
    closed the connection, and how many bytes went."""
    s = socket.create_connection(("127.0.0.1", port))
    t0 = time.time()
    sent = 0
    for b in data:
        try:
            s.send(bytes([b]))
            sent += 1
        except OSError:
            break
        s.settimeout(every)
        try:
            if s.recv(4096) == b"":
                break
        except socket.timeout:
            pass
        except OSError:
            break
    s.close()
    return time.time() - t0, sent


def test_slow_client():
    """--timeout 2 (idle) and so a whole-request deadline of 6 s: a client
    sending its headers a byte every half second is cut at about 6 s; a
    client that pauses less than the idle timeout is served."""
    with sh.Server(BIN, args=["--timeout", "2"]) as srv:
        port = port_of(srv)
        secs, sent = dribble(port, b"GET /" + b"a" * 200 + b" HTTP/1.1\r\n\r\n", every=0.5)
        check(4.5 <= secs <= 8.5 and sent < 100,
              f"slow headers are cut at the deadline ({secs:.1f} s, {sent} bytes)")
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /no/such HTTP/1.1\r\nHost: x\r\n")
        time.sleep(1.0)
        s.sendall(b"Connection: close\r\n\r\n")
        check(status_of(s.recv(100)) == 404, "a pause shorter than the idle timeout is served")
        s.close()


def test_slow_body():
    """(On the API's check, which reads a body.)  Headers at once, then
    the body a byte every half second: cut at about 6 s too."""
    with sh.Server(BIN, args=["--timeout", "2"]) as srv:
        port = port_of(srv)
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall((LIMIT_HEAD % 100).encode())
        t0 = time.time()
        sent = 0
        for _ in range(100):
            try:
                s.send(b"x")
                sent += 1
            except OSError:
                break
            s.settimeout(0.5)
            try:
                if s.recv(4096) == b"":
                    break
            except socket.timeout:
                pass
            except OSError:
                break
        secs = time.time() - t0
        s.close()
        check(4.0 <= secs <= 8.5 and sent < 100,
              f"a slow body is cut at the 6 s deadline ({secs:.1f} s, {sent} of 100 bytes)")


def test_sigterm_in_flight():
    """SIGTERM while an upload is being sent: it is answered in full, a
    new connection is refused, and the server exits 0."""
    with open(VENUE, "rb") as f:
        data = f.read()
    srv = sh.Server(BIN, args=["--timeout", "5"])
    srv.start()
    port = port_of(srv)
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    s.sendall(b"POST /api/v1/check?name=v.yaml HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/octet-stream\r\nConnection: close\r\n"
              b"Content-Length: %d\r\n\r\n" % len(data))
    half = len(data) // 2
    s.sendall(data[:half])
    time.sleep(0.5)
    srv.proc.send_signal(15)
    time.sleep(1.0)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    check(refused, "after SIGTERM a new connection is refused")
    s.sendall(data[half:])
    reply = b""
    while True:
        try:
            d = s.recv(65536)
        except OSError:
            break
        if not d:
            break
        reply += d
    s.close()
    head, _, body = reply.partition(b"\r\n\r\n")
    length = [int(l.split(b":")[1]) for l in head.split(b"\r\n")
              if l.lower().startswith(b"content-length:")]
    check(status_of(reply) is not None and length and len(body) == length[0],
          f"the upload in flight is answered in full ({reply[:40]!r})")
    check(status_of(reply) in (200, 201, 422), f"... and checked ({status_of(reply)})")
    rc = srv.stop(timeout=20)
    check(rc == 0, f"the server exits 0 after SIGTERM ({rc})")
    if srv.tmp:
        import shutil
        shutil.rmtree(srv.tmp, ignore_errors=True)


def test_tls():
    """--tls-cert/--tls-key: served over HTTPS with the same headers; a
    bad certificate or a lone one refuses to start (exit 2, saying so)."""
    if not harness.have("openssl", "openssl", "TLS"):
        return
    tmp = tempfile.mkdtemp(prefix="vc-tls-")
    cert, key = os.path.join(tmp, "c.pem"), os.path.join(tmp, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    with sh.Server(BIN, args=["--tls-cert", cert, "--tls-key", key]) as srv:
        check(srv.url.startswith("https://"), f"the URL printed is https ({srv.url})")
        ctx = ssl.create_default_context(cafile=cert)
        c = http.client.HTTPSConnection("127.0.0.1", port_of(srv), context=ctx, timeout=10)
        c.request("GET", "/no/such")
        r = c.getresponse()
        resp = sh.Response(r.status, r.headers, r.read())
        check(resp.status == 404, f"a page over HTTPS ({resp.status})")
        safety_headers(resp, "HTTPS")
        c.close()
        plain = send_raw(port_of(srv), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", wait=3)
        check(not plain.startswith(b"HTTP/1.1 200"), "plain HTTP on the TLS port gets no page")
    d = os.path.join(tmp, "data")
    with open(os.path.join(tmp, "bad.pem"), "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    for args, what in [(["--tls-cert", os.path.join(tmp, "bad.pem"), "--tls-key", key], "a bad certificate"),
                       (["--tls-cert", cert, "--tls-key", cert], "a certificate as its own key"),
                       (["--tls-cert", os.path.join(tmp, "none.pem"), "--tls-key", key], "a missing file"),
                       (["--tls-cert", cert], "a certificate without its key")]:
        r = harness.run(BIN, ["serve", "--data", d, "--listen", "127.0.0.1:0"] + args, timeout=20)
        check(r.returncode == 2 and "tls" in r.stderr.lower() and "Traceback" not in r.stderr,
              f"{what}: exit 2 with a message ({r.returncode}: {r.stderr.strip()[:120]})")
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)


def test_command():
    """The command refuses what it cannot run with: exit 2, a message."""
    tmp = tempfile.mkdtemp(prefix="vc-cmd-")
    d = os.path.join(tmp, "data")
    h = harness.run(BIN, ["serve", "--help"])
    check(h.returncode == 0 and "--max-per-ip" in h.stdout and "--data" in h.stdout,
          "serve --help shows serve's options")
    h2 = harness.run(BIN, ["help", "serve"])
    check(h2.returncode == 0 and h2.stdout == h.stdout, "help serve says the same")
    for args, what in [([], "no --data"), (["--data", d, "--limit", "12Q"], "a bad --limit"),
                       (["--data", d, "--threads", "0"], "--threads 0"),
                       (["--data", d, "--listen", "nohost"], "a --listen without a port"),
                       (["--data", d, "--bogus"], "an unknown option"),
                       (["--data", d, "extra"], "an argument")]:
        r = harness.run(BIN, ["serve"] + args, timeout=20)
        check(r.returncode == 2 and r.stderr.strip(), f"{what}: exit 2 with a message ({r.returncode})")
    with sh.Server(BIN) as srv:
        busy = srv.url.rsplit(":", 1)[1]
        r = harness.run(BIN, ["serve", "--data", d, "--listen", "127.0.0.1:" + busy], timeout=20)
        check(r.returncode == 2 and busy in r.stderr, f"a port in use: exit 2 naming it ({r.stderr.strip()[:100]})")
        r = harness.run(BIN, ["serve", "--data", d, "--listen", "127.0.0.1:" + busy, "--lang", "en"],
                        timeout=20)
        check("cannot listen" in r.stderr, f"... in English with --lang en ({r.stderr.strip()[:100]})")
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)


def test_log():
    """A line per request on stderr, with the token of /u/ and /admin/
    paths hidden."""
    srv = sh.Server(BIN)
    srv.start()
    raw_get(srv, "/u/SECRETTOKENxxxxxxxxxx/s/1")
    raw_get(srv, "/admin/ADMINTOKENxxxxxxxxxx")
    srv.stop()
    log = "".join(srv.errors)
    check("/u/…/s/1 404" in log and "/admin/… 404" in log, f"requests logged, tokens hidden: {log[-200:]!r}")
    check("SECRETTOKEN" not in log and "ADMINTOKEN" not in log, "no token in the log")
    if srv.tmp:
        import shutil
        shutil.rmtree(srv.tmp, ignore_errors=True)


def csrf_of(html):
    import re
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else ""


def portal_link(srv):
    """The fengqiao venue imported and an upload link for it, through
    the admin's pages: (the link, the admin's csrf)."""
    import re
    dash = sh.get(srv.admin_url)
    csrf = csrf_of(dash.text)
    sh.post_form(srv.admin_url + "/import", {"csrf": csrf},
                 {"csv": ("venues.csv", "id,name,tier,parent\n330402-fq,凤桥镇文化站,town,330402\n"
                           .encode())})
    r = sh.post_form(srv.admin_url + "/links", {"csrf": csrf, "venue_id": "330402-fq",
                                                "label": "clerk"})
    m = re.search(r"(https?://[^<\s\"]+/u/([A-Za-z0-9_-]{22}))", r.text)
    return (m.group(1) if m else None), csrf


def upload(link, name, data):
    return sh.post_form(link + "/upload", {"csrf": csrf_of(sh.get(link).text)},
                        {"file": (name, data)})


def test_portal():
    """Through the pages: a client's file name is never a path on the
    server (an absolute one, a Windows one, one with dot segments: the
    bytes are kept under their hash, the name only shown); the admin
    pages need the admin's token; a revoked link is 403; a restart keeps
    the links, the uploads and the admin link."""
    import re
    with open(os.path.join(harness.ROOT, "examples", "towns", "fengqiao.yaml"), "rb") as f:
        data = f.read()
    with sh.Server(BIN) as srv:
        link, csrf = portal_link(srv)
        if not check(link, "an upload link made on the admin's pages"):
            return
        results = []
        for name in ["/etc/passwd.yaml", "C:\\Windows\\evil.yaml", "../../../../tmp/vc-evil.yaml",
                     "..\\..\\vc-evil2.yaml"]:
            r = upload(link, name, data)
            check(r.status == 303, f"upload named {name!r}: 303 ({r.status})")
            results.append(r.header("Location"))
        names = []
        for root, dirs, files in os.walk(srv.data_dir):
            names += [os.path.relpath(os.path.join(root, f), srv.data_dir) for f in files]
        odd = [n for n in names if not (n.startswith("venuecheck.") or n.startswith("tmp/") or
                                        re.fullmatch(r"blobs/[0-9a-f]{2}/[0-9a-f]{64}", n))]
        check(not odd, f"the data directory holds only the database and hashed blobs ({odd})")
        check(not os.path.exists("/tmp/vc-evil.yaml") and not os.path.exists(
            os.path.join(srv.data_dir, "..", "vc-evil2.yaml")), "no file where the client's name points")
        res = sh.get(srv.url + results[0]) if results[0] else None
        check(res and res.status == 200 and "/etc/" not in res.text and srv.data_dir not in res.text,
              "the result page shows the name's last part, no directory")
        BODIES.append(res.body if res else b"")
        token = srv.admin_token
        for path, what in [("/admin/", "no token"), ("/admin/" + "A" * 22, "a wrong token"),
                           ("/admin/" + token[:-1], "a token cut short"),
                           ("/admin/%s/venue/330402-fq" % ("B" * 22), "a venue page, wrong token")]:
            r = raw_get(srv, path)
            check(r.status in (401, 404) and "凤桥" not in r.text,
                  f"admin pages with {what}: {r.status}, nothing shown")
        check(sh.get(srv.admin_url).status == 200, "the admin's own token opens the dashboard")
        before = {loc: sh.get(srv.url + loc).body for loc in results if loc}
        srv.restart()
        check(sum("/admin/" in l for l in srv.output) == 1, "a restart prints no new admin link")
        srv.admin_url = srv.url + "/admin/" + token
        check(sh.get(srv.admin_url).status == 200, "after a restart the admin link still works")
        check(sh.get(link.replace(link.split("/u/")[0], srv.url)).status == 200,
              "after a restart the upload link still works")
        after = {loc: sh.get(srv.url + loc).body for loc in before}
        check(before and after == before, "after a restart every result page is the same")
        link = link.replace(link.split("/u/")[0], srv.url)
        clerk_csrf = csrf_of(sh.get(link).text)
        v = sh.get(srv.admin_url + "/venue/330402-fq")
        ids = re.findall(r"/links/(\d+)/revoke", v.text)
        csrf = csrf_of(sh.get(srv.admin_url).text)
        r = sh.post_form(srv.admin_url + "/links/%s/revoke" % (ids[-1] if ids else "0"), {"csrf": csrf})
        check(ids and r.status in (200, 303), f"revoke the link ({r.status})")
        check(sh.get(link).status == 403, "a revoked link is 403")
        r = sh.post_form(link + "/upload", {"csrf": clerk_csrf}, {"file": ("a.yaml", data)})
        check(r.status == 403, f"a revoked link cannot upload, with its old form's csrf ({r.status})")
        test_error_bodies(srv)

def routed():
    """The checks that need the API's and the pages' routes."""
    test_limit_routed()
    test_slow_body()
    test_sigterm_in_flight()
    test_portal()


def main():
    with sh.Server(BIN) as srv:
        test_headers(srv)
        test_paths(srv)
        test_error_bodies(srv)
    test_limit()
    test_caps()
    test_slow_client()
    test_tls()
    test_command()
    test_log()
    routed()
    return summary("serve-safety")


if __name__ == "__main__":
    sys.exit(main())
