#!/usr/bin/env python3
"""Measure `venuecheck serve` next to `venuecheck check`: `make bench-serve`.

    bench/serve.py [--bin ./venuecheck] [--uploads 200] [--files 1000]
                   [--clients 4] [--out build/bench]

On a server of its own (127.0.0.1, a free port, a fresh data directory
with the examples' venues imported and an upload link for the town
凤桥镇), it measures:

  upload -> result page   a town workbook (examples/towns/fengqiao.yaml
                          converted, each upload with one participant count
                          of its own, so no two are the same bytes) POSTed
                          to /u/TOKEN/upload as the browser's form does, then
                          the result page it is sent to (303) fetched: the
                          time from sending the form to the page's last
                          byte; UPLOADS of them one after another, and as
                          many again from 2 clients at once; p50/p99
  village files/s         FILES distinct village files through
                          POST /api/v1/submissions (kept: checked, blob and
                          row fsync'ed) and POST /api/v1/check (checked,
                          nothing kept), over CLIENTS connections: files/s,
                          wall ms per file, server CPU ms per file (its
                          /proc/PID/stat utime+stime)

and beside them, the CLI on the same files:

  check FILE              one process per file (the town workbook, a
                          village file): wall and CPU (wait4) per run
  check DIR               the FILES village files as one batch (all cores):
                          wall and CPU per file

It prints a markdown table and the issue's targets (p99 of upload ->
result page under 100 ms; the server's per-file cost within 1.5x the
CLI's) and writes it to OUT/serve-results.md.  A benchmark, not a test:
the numbers depend on the machine and on what else runs on it (the load
average is printed); the CPU columns are the ones to read under load.
"""
import argparse, datetime, http.client, os, platform, re, resource, shutil, statistics
import subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))
import harness  # noqa: E402
import serve_harness as sh  # noqa: E402

EX = os.path.join(ROOT, "examples")
# The examples' venues (examples/broken holds a duplicate, which import
# refuses: an import is all or nothing).
VENUE_DIRS = [os.path.join(EX, d) for d in ("city", "county", "towns", "villages")]
TOWN = "330402-fq"
TOWN_FILE = os.path.join(EX, "towns", "fengqiao.yaml")
VILLAGE_FILE = os.path.join(EX, "villages", "fengqiao", "lianfeng.yaml")
T_P99_MS = 100.0
T_COST = 1.5
TICK = os.sysconf("SC_CLK_TCK")


def log(msg):
    sys.stderr.write("bench-serve: " + msg + "\n")
    sys.stderr.flush()


def pct(xs, p):
    """The p-th percentile (nearest rank) of xs."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def proc_cpu(pid):
    """utime + stime of a process so far, seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run_cli(argv):
    """(wall s, cpu s) of one process, its output thrown away."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=harness.ENV)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):
        raise RuntimeError("%s exited %d" % (" ".join(argv), p.returncode))
    return wall, ru.ru_utime + ru.ru_stime


def village_bytes(n, vid="330402-fq-lf"):
    with open(VILLAGE_FILE, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("participants: 67}", "participants: %d}" % (67 + n % 900), 1)
    text = text.replace('id: "330402-fq-lf"', 'id: "%s"' % vid, 1)
    return ("# bench file %d\n" % n + text).encode()


def town_workbooks(bin_, tmp, count):
    """count distinct town workbooks: the example, each with one activity's
    participants of its own, converted by `venuecheck convert`."""
    with open(TOWN_FILE, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"participants: (\d+)", text)
    out = []
    for i in range(count):
        y = os.path.join(tmp, "town-%d.yaml" % i)
        with open(y, "w", encoding="utf-8") as f:
            f.write(text[:m.start(1)] + str(600 + i) + text[m.end(1):])
        x = os.path.join(tmp, "town-%d.xlsx" % i)
        r = harness.run(bin_, ["convert", y, "-o", x])
        if r.returncode != 0:
            raise RuntimeError("convert: " + r.stderr)
        with open(x, "rb") as f:
            out.append(f.read())
    return out


class Conn:
    """A keep-alive connection to the server, as a browser keeps one."""

    def __init__(self, url):
        host, port = url.split("//", 1)[1].rsplit(":", 1)
        self.c = http.client.HTTPConnection(host, int(port), timeout=60)

    def req(self, method, path, body=None, headers=None):
        self.c.request(method, path, body, headers or {})
        r = self.c.getresponse()
        data = r.read()
        return r.status, r.getheader("Location"), data

    def close(self):
        self.c.close()


def upload_to_result(conn, token, csrf, data, n):
    """The form's POST and the GET of the page it leads to; seconds."""
    body, ctype = sh.multipart({"csrf": csrf}, {"file": ("fengqiao-%d.xlsx" % n, data)})
    t = time.perf_counter()
    st, loc, _ = conn.req("POST", "/u/%s/upload" % token, body, {"Content-Type": ctype})
    if st != 303 or not loc:
        raise RuntimeError("upload answered %d (Location %s)" % (st, loc))
    path = loc.split("//", 1)[1].split("/", 1)[1] if "//" in loc else loc.lstrip("/")
    t_post = time.perf_counter() - t
    st, _, page = conn.req("GET", "/" + path)
    took = time.perf_counter() - t
    if st != 200 or "town.activity.hosted".encode() not in page:
        raise RuntimeError("result page answered %d" % st)
    return took, t_post


def parallel(n_clients, items, fn):
    """Run fn(conn_index, item) over items from n_clients threads; the
    wall seconds and the per-item results."""
    lock = threading.Lock()
    it = iter(enumerate(items))
    out, errs = {}, []

    def worker(ci):
        while True:
            with lock:
                nxt = next(it, None)
            if nxt is None:
                return
            try:
                out[nxt[0]] = fn(ci, nxt[0], nxt[1])
            except Exception as e:  # noqa: BLE001 - reported below
                errs.append(e)
                return
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    if errs:
        raise errs[0]
    return wall, [out[i] for i in sorted(out)]


def measure(args):
    tmp = tempfile.mkdtemp(prefix="vc-bench-serve-")
    res = {}
    try:
        log("making %d town workbooks" % (2 * args.uploads))
        books = town_workbooks(args.bin, tmp, 2 * args.uploads)
        vdir = os.path.join(tmp, "villages")
        os.makedirs(vdir)
        vfiles = []
        for i in range(args.files):
            p = os.path.join(vdir, "v%04d.yaml" % i)
            with open(p, "wb") as f:  # distinct ids: one batch, no duplicates
                f.write(village_bytes(i, "330402-fq-b%04d" % i))
            vfiles.append(village_bytes(i))
        with open(os.path.join(tmp, "town-0.xlsx"), "wb") as f:
            f.write(books[0])

        log("CLI")
        runs = [run_cli([args.bin, "check", os.path.join(tmp, "town-0.xlsx")]) for _ in range(args.cli_runs)]
        res["cli_town"] = runs
        runs = [run_cli([args.bin, "check", os.path.join(vdir, "v0000.yaml")]) for _ in range(args.cli_runs)]
        res["cli_village"] = runs
        run_cli([args.bin, "check", vdir])  # warm
        res["cli_batch"] = min((run_cli([args.bin, "check", vdir]) for _ in range(3)))

        with sh.Server(args.bin) as srv:
            r = harness.run(args.bin, ["import", "--data", srv.data_dir] + VENUE_DIRS)
            if r.returncode != 0:
                raise RuntimeError("import: " + r.stderr)
            r = harness.run(args.bin, ["link", "--data", srv.data_dir, TOWN])
            token = re.search(r"([A-Za-z0-9_-]{22})\s*$", r.stdout.strip()).group(1)
            page = sh.get(srv.url + "/u/" + token).text
            m = re.search(r'name="csrf"[^>]*value="([^"]+)"', page) or \
                re.search(r'value="([^"]+)"[^>]*name="csrf"', page)
            csrf = m.group(1)
            pid = srv.proc.pid

            log("upload -> result page, %d sequential" % args.uploads)
            conn = Conn(srv.url)
            upload_to_result(conn, token, csrf, books[0], 0)  # warm
            c0 = proc_cpu(pid)
            t0 = time.perf_counter()
            both = [upload_to_result(conn, token, csrf, books[i], i) for i in range(args.uploads)]
            res["seq"], res["seq_post"] = [b[0] for b in both], [b[1] for b in both]
            res["seq_wall"] = time.perf_counter() - t0
            res["seq_cpu"] = proc_cpu(pid) - c0
            conn.close()

            log("upload -> result page, 2 clients")
            conns = [Conn(srv.url) for _ in range(2)]
            res["par_wall"], both = parallel(
                2, books[args.uploads:],
                lambda ci, i, b: upload_to_result(conns[ci], token, csrf, b, args.uploads + i))
            res["par"], res["par_post"] = [b[0] for b in both], [b[1] for b in both]
            for c in conns:
                c.close()

            for name, path, hdr in (("api_check", "/api/v1/check?name=v.yaml", {}),
                                    ("api_submit", "/api/v1/submissions?name=v.yaml",
                                     {"Authorization": "Bearer " + token})):
                log("%s: %d village files over %d connections" % (name, args.files, args.clients))
                conns = [Conn(srv.url) for _ in range(args.clients)]

                def send(ci, i, body, path=path, hdr=hdr, conns=conns):
                    st, _, data = conns[ci].req("POST", path, body, hdr)
                    if st not in (200, 201):
                        raise RuntimeError("%s answered %d: %r" % (path, st, data[:200]))
                c0 = proc_cpu(pid)
                wall, _ = parallel(args.clients, vfiles, send)
                res[name] = (wall, proc_cpu(pid) - c0)
                for c in conns:
                    c.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def ms(x):
    return "%.1f" % (x * 1000)


def render(args, res, meta):
    n = args.files
    cli_t_wall = statistics.median(w for w, _ in res["cli_town"])
    cli_t_cpu = statistics.median(c for _, c in res["cli_town"])
    cli_v_wall = statistics.median(w for w, _ in res["cli_village"])
    cli_v_cpu = statistics.median(c for _, c in res["cli_village"])
    b_wall, b_cpu = res["cli_batch"]
    s_wall, s_cpu = res["api_submit"]
    k_wall, k_cpu = res["api_check"]
    L = []
    L.append("# venuecheck serve: benchmark")
    L.append("")
    L += ["- " + m for m in meta]
    L.append("")
    L.append("## Town workbook: upload -> result page")
    L.append("")
    L.append("| case | n | p50 ms | p99 ms | max ms | of it the POST (303): p50 / p99 ms | uploads/s | server CPU ms/upload |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    L.append("| browser form, sequential (1 client) | %d | %s | %s | %s | %s / %s | %.1f | %s |" % (
        len(res["seq"]), ms(pct(res["seq"], 50)), ms(pct(res["seq"], 99)), ms(max(res["seq"])),
        ms(pct(res["seq_post"], 50)), ms(pct(res["seq_post"], 99)),
        len(res["seq"]) / res["seq_wall"], ms(res["seq_cpu"] / len(res["seq"]))))
    L.append("| browser form, 2 clients at once | %d | %s | %s | %s | %s / %s | %.1f | |" % (
        len(res["par"]), ms(pct(res["par"], 50)), ms(pct(res["par"], 99)), ms(max(res["par"])),
        ms(pct(res["par_post"], 50)), ms(pct(res["par_post"], 99)), len(res["par"]) / res["par_wall"]))
    L.append("| CLI `check town.xlsx`, one process | %d | %s | %s | %s | | | CPU %s |" % (
        len(res["cli_town"]), ms(cli_t_wall), ms(pct([w for w, _ in res["cli_town"]], 99)),
        ms(max(w for w, _ in res["cli_town"])), ms(cli_t_cpu)))
    L.append("")
    L.append("## Village files (%d distinct, %d server threads, %d client connections)" % (
        n, 2, args.clients))
    L.append("")
    L.append("| case | files/s | wall ms/file | CPU ms/file |")
    L.append("|---|---:|---:|---:|")
    L.append("| `POST /api/v1/submissions` (checked and kept, fsync'ed) | %.0f | %s | %s |" % (
        n / s_wall, ms(s_wall / n), ms(s_cpu / n)))
    L.append("| `POST /api/v1/check` (checked, nothing kept) | %.0f | %s | %s |" % (
        n / k_wall, ms(k_wall / n), ms(k_cpu / n)))
    L.append("| CLI `check DIR`, one batch of the %d, all cores | %.0f | %s | %s |" % (
        n, n / b_wall, ms(b_wall / n), ms(b_cpu / n)))
    L.append("| CLI `check village.yaml`, one process per file | %.0f | %s | %s |" % (
        1 / cli_v_wall, ms(cli_v_wall), ms(cli_v_cpu)))
    L.append("")
    p99 = pct(res["seq"], 99)
    p99p = pct(res["par"], 99)
    L.append("## Targets")
    L.append("")
    L.append("| target | measured | |")
    L.append("|---|---:|---|")
    pf = lambda ok: "PASS" if ok else "MISS"  # noqa: E731
    L.append("| upload -> result page p99 < %.0f ms (sequential) | %s ms | %s |" % (T_P99_MS, ms(p99), pf(p99 * 1000 < T_P99_MS)))
    L.append("| upload -> result page p99 < %.0f ms (2 clients) | %s ms | %s |" % (T_P99_MS, ms(p99p), pf(p99p * 1000 < T_P99_MS)))
    r1 = (s_wall / n) / cli_v_wall
    r1c = (s_cpu / n) / cli_v_cpu
    L.append("| server per-file cost (submissions, wall) <= %.1fx CLI `check FILE` | %.2fx | %s |" % (T_COST, r1, pf(r1 <= T_COST)))
    L.append("| server per-file cost (submissions, CPU) <= %.1fx CLI `check FILE` | %.2fx | %s |" % (T_COST, r1c, pf(r1c <= T_COST)))
    r2 = (s_wall / n) / (b_wall / n)
    r2c = (s_cpu / n) / (b_cpu / n)
    r3 = (k_wall / n) / (b_wall / n)
    r3c = (k_cpu / n) / (b_cpu / n)
    L.append("| server per-file cost (submissions, wall) <= %.1fx CLI batch per file | %.2fx | %s |" % (T_COST, r2, pf(r2 <= T_COST)))
    L.append("| server per-file cost (submissions, CPU) <= %.1fx CLI batch per file | %.2fx | %s |" % (T_COST, r2c, pf(r2c <= T_COST)))
    L.append("| server per-file cost (API check, wall) <= %.1fx CLI batch per file | %.2fx | %s |" % (T_COST, r3, pf(r3 <= T_COST)))
    L.append("| server per-file cost (API check, CPU) <= %.1fx CLI batch per file | %.2fx | %s |" % (T_COST, r3c, pf(r3c <= T_COST)))
    return "\n".join(L) + "\n"


def meta_lines(args, t_start, load0):
    rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return ["%s, %s; %d cores, %s; load average %.2f at start, %.2f at end" % (
                datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), platform.node(),
                os.cpu_count(), cpu, load0, os.getloadavg()[0]),
            "venuecheck at %s; server: 2 threads (the default), data directory on %s" % (rev, tempfile.gettempdir()),
            "whole run: %.0f s" % (time.time() - t_start)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="./venuecheck")
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--cli-runs", type=int, default=30)
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    args = ap.parse_args()
    t0, load0 = time.time(), os.getloadavg()[0]
    res = measure(args)
    md = render(args, res, meta_lines(args, t0, load0))
    sys.stdout.write(md)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "serve-results.md"), "w") as f:
        f.write(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
