#!/usr/bin/env python3
"""serve_durability_check.py - `venuecheck serve` loses no acknowledged
upload when it is killed.

    tests/serve_durability_check.py ./venuecheck [UPLOADS]

What it proves: a load client sends UPLOADS (default 2,000) small,
distinct village files (each differs in a comment line and a participant
count, so no two have the same bytes or sha256) through
POST /api/v1/submissions with a town's upload token, over 50 concurrent
keep-alive connections (from ten loopback source addresses, so the
per-address cap of 16 is not what is tested), while the server is killed
with SIGKILL twice and restarted on the same data directory.  Every
upload answered 2xx is recorded with its id, sha256 and bytes; an upload
whose connection broke (or that got 429/503) is retried, and counts as
acknowledged only when a retry gets its 2xx.

Afterwards, with the server stopped, Python's own sqlite3 module opens
DIR/venuecheck.db: PRAGMA integrity_check is "ok", and every acknowledged
upload is there -- its row by id with the same sha256 and size, and its
blob DIR/blobs/xx/SHA256 equal to the bytes sent, byte for byte.  The
server also starts again on the directory and its API still lists the
venues.  The run is bounded (a deadline of 100 s for the load).
"""
import hashlib, http.client, json, os, re, sqlite3, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import serve_harness as sh
from harness import check, summary

BIN = sys.argv[1] if len(sys.argv) > 1 else "./venuecheck"
UPLOADS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
CONNS = 50
SOURCES = ["127.0.0.%d" % (10 + i) for i in range(10)]  # 5 connections each
DEADLINE = 100.0  # seconds for the whole load, kills included
EX = os.path.join(harness.ROOT, "examples")
# The examples' venues (examples/broken holds a duplicate, which import
# refuses: an import is all or nothing).
VENUE_DIRS = [os.path.join(EX, d) for d in ("city", "county", "towns", "villages")]
TOWN = "330402-fq"
VILLAGE_FILE = os.path.join(EX, "villages", "fengqiao", "lianfeng.yaml")




def upload_body(n, base):
    """The n-th village file: the example with a comment and one
    participant count of its own."""
    text = base.replace("participants: 67}", "participants: %d}" % (67 + n % 900), 1)
    return ("# upload %d of the durability test\n" % n + text).encode()


class Load:
    """The shared state of the load: the server's current URL (it changes
    on every restart, port 0), the uploads still to send, what was
    acknowledged."""

    def __init__(self, srv, token, base):
        self.srv, self.token, self.base = srv, token, base
        self.lock = threading.Lock()
        self.next = 0
        self.acked = {}  # n -> (id, sha256, bytes)
        self.statuses = {}
        self.errors = 0
        self.bad = []  # 2xx answers that do not say what was stored
        self.up = threading.Event()
        self.up.set()
        self.stop = False
        self.csrf = None  # the form's, when the uploads go through the form

    def take(self):
        with self.lock:
            if self.next >= UPLOADS or self.stop:
                return None
            self.next += 1
            return self.next - 1

    def host_port(self):
        self.up.wait(30)
        hp = self.srv.url.split("//", 1)[1]
        host, port = hp.rsplit(":", 1)
        return host, int(port)

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def client(load, source):
    conn = None
    n = load.take()
    while n is not None and not load.stop:
        body = upload_body(n, load.base)
        try:
            if conn is None:
                host, port = load.host_port()
                conn = http.client.HTTPConnection(host, port, timeout=20,
                                                  source_address=(source, 0))
            r, data = send(conn, load, n, body)
            load.count(r.status)
            if r.will_close:
                conn.close()
                conn = None
            if 200 <= r.status < 400 and r.status != 304:
                record(load, n, body, r, data)
                n = load.take()
            elif r.status in (429, 503):
                time.sleep(0.05)
            else:
                with load.lock:
                    load.bad.append("upload %d: HTTP %d %r" % (n, r.status, data[:200]))
                n = load.take()
        except (OSError, http.client.HTTPException):
            # The server was killed under this request: not acknowledged;
            # send it again once the server is back.
            with load.lock:
                load.errors += 1
            if conn is not None:
                conn.close()
            conn = None
            time.sleep(0.05)
    if conn is not None:
        conn.close()


def send(conn, load, n, body):
    """One upload: through the API (201 with JSON), or through the clerk's
    form (303 to /u/TOKEN/s/ID) when the server has no API."""
    name = "lianfeng-%d.yaml" % n
    if load.csrf is None:
        conn.request("POST", "/api/v1/submissions?name=" + name, body,
                     {"Authorization": "Bearer " + load.token,
                      "Content-Type": "application/x-yaml"})
    else:
        form, ctype = sh.multipart({"csrf": load.csrf}, {"file": (name, body)})
        conn.request("POST", "/u/%s/upload" % load.token, form, {"Content-Type": ctype})
    r = conn.getresponse()
    return r, r.read()


def record(load, n, body, r, data):
    """An answered upload: the API's {id, sha256}, or the form's redirect
    to its result page (the id in the URL; the sha256 is the bytes')."""
    try:
        if load.csrf is None:
            j = json.loads(data)
            sid, sha = int(j["id"]), j["sha256"]
        else:
            m = re.search(r"/u/[^/]+/s/(\d+)", r.getheader("Location") or "")
            sid, sha = int(m.group(1)), hashlib.sha256(body).hexdigest()
    except (ValueError, KeyError, TypeError, AttributeError):
        with load.lock:
            load.bad.append("upload %d: 2xx without id/sha256: %r" % (n, data[:200]))
        return
    with load.lock:
        if sha != hashlib.sha256(body).hexdigest():
            load.bad.append("upload %d: answered sha256 %s is not the bytes'" % (n, sha))
        load.acked[n] = (sid, sha, body)


def killer(load, t0):
    """SIGKILL the server twice, at a third and at two thirds of the
    uploads acknowledged, restarting it on the same DIR each time."""
    kills = 0
    for frac in (1 / 3, 2 / 3):
        while len(load.acked) < UPLOADS * frac and time.time() - t0 < DEADLINE and not load.stop:
            time.sleep(0.01)
        if load.stop or time.time() - t0 >= DEADLINE:
            break
        load.up.clear()
        load.srv.kill()
        kills += 1
        time.sleep(0.2)  # the clients see refused connections meanwhile
        load.srv.start()
        load.up.set()
    return kills


def verify(data_dir, acked):
    dbfile = os.path.join(data_dir, "venuecheck.db")
    if not check(os.path.exists(dbfile), "DIR/venuecheck.db exists"):
        return
    db = sqlite3.connect(dbfile)
    ic = db.execute("PRAGMA integrity_check").fetchall()
    check(ic == [("ok",)], "PRAGMA integrity_check is ok (got %r)" % ic[:5])
    table = "submissions"  # src/store.c: id, sha256, size, ...
    cols = {r[1] for r in db.execute("PRAGMA table_info(submissions)")}
    if not check({"id", "sha256", "size"} <= cols, "the submissions table has id, sha256, size (%s)" % cols):
        return
    sizecol = "size"
    missing, wrong_sha, wrong_size, wrong_blob, no_blob = [], [], [], [], []
    for n, (sid, sha, body) in sorted(acked.items()):
        row = db.execute("SELECT sha256%s FROM %s WHERE id = ?"
                         % ((", " + sizecol) if sizecol else "", table), (sid,)).fetchone()
        if row is None:
            missing.append(sid)
            continue
        if row[0] != sha:
            wrong_sha.append(sid)
        if sizecol and row[1] != len(body):
            wrong_size.append(sid)
        blob = os.path.join(data_dir, "blobs", sha[:2], sha)
        try:
            with open(blob, "rb") as f:
                if f.read() != body:
                    wrong_blob.append(sid)
        except OSError:
            no_blob.append(sid)
    total = db.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
    db.close()
    check(not missing, "every acknowledged upload has its row (%d of %d missing: %s)"
          % (len(missing), len(acked), missing[:10]))
    check(not wrong_sha, "every row has the acknowledged sha256 (%d differ: %s)"
          % (len(wrong_sha), wrong_sha[:10]))
    if sizecol:
        check(not wrong_size, "every row has the size sent (%d differ)" % len(wrong_size))
    check(not no_blob, "every acknowledged upload has its blob file (%d missing: %s)"
          % (len(no_blob), no_blob[:10]))
    check(not wrong_blob, "every blob equals the bytes sent, byte for byte (%d differ)"
          % len(wrong_blob))
    check(total >= len(acked), "the table holds at least the acknowledged uploads (%d rows, %d acked)"
          % (total, len(acked)))
    print("durability: %d rows, %d acknowledged" % (total, len(acked)))


def main():
    if not os.path.exists(BIN):
        print("usage: serve_durability_check.py ./venuecheck [UPLOADS]")
        return 2
    with open(VILLAGE_FILE, encoding="utf-8") as f:
        base = f.read()
    with sh.Server(BIN) as srv:
        r = harness.run(BIN, ["import", "--data", srv.data_dir] + VENUE_DIRS)
        check(r.returncode == 0, "venuecheck import of examples/ (exit %d: %s)" % (r.returncode, r.stderr))
        token = sh.make_link(BIN, srv.data_dir, TOWN)
        load = Load(srv, token, base)
        # One upload first: the API answers 201 for a village under the
        # town (or, without the API, the form answers 303).
        first = sh.request("POST", srv.url + "/api/v1/submissions?name=lianfeng.yaml",
                           upload_body(-1, base), {"Authorization": "Bearer " + token,
                                                   "Content-Type": "application/x-yaml"})
        if first.status in (404, 405):
            page = sh.get(srv.url + "/u/" + token).text
            m = re.search(r'name="csrf"[^>]*value="([^"]+)"', page)
            load.csrf = m.group(1) if m else ""
            print("durability: no API (%d): uploading through the form" % first.status)
            body, ctype = sh.multipart({"csrf": load.csrf}, {"file": ("l.yaml", upload_body(-1, base))})
            first = sh.request("POST", srv.url + "/u/%s/upload" % token, body, {"Content-Type": ctype})
        if not check(first.status in (201, 303), "a first upload is answered 201 / 303 (got %d: %s)"
                     % (first.status, first.text[:300])):
            return summary("durability")
        t0 = time.time()
        threads = [threading.Thread(target=client, args=(load, SOURCES[i % len(SOURCES)]))
                   for i in range(CONNS)]
        for t in threads:
            t.start()
        kills = killer(load, t0)
        for t in threads:
            t.join(max(1.0, DEADLINE - (time.time() - t0)))
        load.stop = True
        for t in threads:
            t.join(30)
        took = time.time() - t0
        print("durability: %d uploads in %.1f s over %d connections, %d kills, %d broken "
              "requests retried, answers %s" % (len(load.acked), took, CONNS, kills,
                                               load.errors, dict(sorted(load.statuses.items()))))
        check(kills == 2, "the server was killed with SIGKILL twice under load (%d)" % kills)
        check(len(load.acked) == UPLOADS, "all %d uploads acknowledged within %.0f s (%d)"
              % (UPLOADS, DEADLINE, len(load.acked)))
        check(not load.bad, "every answer was 201 with the id and sha256 of the bytes (%d not: %s)"
              % (len(load.bad), load.bad[:3]))
        ids = [v[0] for v in load.acked.values()]
        check(len(set(ids)) == len(ids), "each acknowledged upload has an id of its own")
        srv.stop()
        verify(srv.data_dir, load.acked)
        # It starts again on the same directory, and still knows the town.
        srv.start()
        admin = make_admin(srv)
        if admin:
            r = sh.get(srv.url + "/api/v1/venues", {"Authorization": "Bearer " + admin})
            check(r.status == 200 and "330402-fq-lf" in r.text,
                  "after the kills the API lists the village (HTTP %d)" % r.status)
    return summary("durability")


def make_admin(srv):
    """The admin token: from the first start's line, or a new one."""
    if srv.admin_token:
        return srv.admin_token
    srv.stop()
    srv.start(["--new-admin-link"])
    return srv.admin_token


if __name__ == "__main__":
    sys.exit(main())
