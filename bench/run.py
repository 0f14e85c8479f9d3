#!/usr/bin/env python3
"""Measure venuecheck against the libyaml floor: `make bench` runs this.

    bench/run.py --sizes "10000 100000" [--seed 1] [--runs N] [--py-runs N]
                 [--bin ./venuecheck] [--floor build/bench/floor]
                 [--out build/bench] [--no-python] [--py-max-size N]
                 [--no-crosscheck]
    bench/run.py --sizes 620000                       the national run
    bench/run.py --crosscheck-only --sizes 10000    only compare the verdicts

For each size it generates (or reuses) the seeded tree with bench/gen.py,
then times, on the same files:

  floor      build/bench/floor DIR        libyaml's event parser, 1 thread
  text -j1   venuecheck check -j 1 DIR > /dev/null
  xlsx -j1   venuecheck check -j 1 -o build/bench/report-N.xlsx DIR
  all cores  venuecheck check DIR > /dev/null      (one thread per core)
  ceiling    one floor per core at once (with all cores on 2 or more): the
             most the machine gives any program for its cores, against
             which the 2-core target is read
  python     python3 bench/pycheck.py DIR > /dev/null (PyYAML CSafeLoader;
             not above --py-max-size venues, default 100,000)

Every case first runs once untimed (the probe: it checks the exit status
and records peak RSS and CPU time with wait4(2)), then is timed with
hyperfine when it is installed (each case's runs together, size by size),
else run --runs times here in rounds (one run of every case of every size
a round, so that a slow spell of a VM slows every case and size alike);
the table shows min and median wall-clock seconds, the ratio to the
floor (of the minimums), files/s, MB/s, CPU seconds and peak RSS, followed
by issue 19's targets with PASS/MISS (ratios, RSS and its growth per venue
between each pair of sizes, the national run).  The markdown goes to
standard output and to OUT/results.md (raw numbers in OUT/results.json).
Every run, the probe too, follows a read of the whole tree (warm(): the
files are in the page cache however long the rounds take).

On the smallest size it also compares pycheck.py's verdicts with
venuecheck's, venue x rule; --crosscheck-only does only that, on every size
given, and times nothing.
"""

import argparse
import csv
import datetime
import hashlib
import io
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The targets of issue 19 (bench/README.md, "Targets").
T_TEXT = 1.4        # check text -j1 <= 1.4 x floor, at every size
T_XLSX = 1.8        # check xlsx -j1 <= 1.8 x floor, at every size
T_PAR = 1.85        # all cores >= 1.85 x faster than -j1 (the issue: at 100,000)
T_RSS_MIB = {100000: 100, 620000: 160}  # peak RSS of text, xlsx, all cores (the largest)
T_SCALE = 1.05      # b venues in <= 1.05 x (b/a) the time of a (100,000: <= 10.5 x 10,000)
NATIONAL = 620000   # the national run: all cores in <= 1.2 x the floor's time
T_NATIONAL = 1.2
# Growth per venue <= 100 bytes beyond what the cross-file rules must keep.
# What they must keep cannot be measured from outside, so it is an allowance
# per tier, from what the pack's batch rules read (rules/jiaxing-2015.yaml):
# every venue its id (the administrative code: 4, 6, 9 or 12 characters and
# a NUL) and a link to its parent (8); a village the two numbers its town's
# rules read from its file (active troupes, administrators: 8 each) and its
# entry in its town's villages ledger, which must wait for the village's file
# (id, the ledger's troupes and administrators: 13 + 16); a town the number
# its county's rule reads (dispatched_workers: 8).  A pair's allowance is
# weighted by the tiers of the venues the larger size adds.
T_GROWTH = 100
KEEP_BYTES = {"city": 5 + 8, "county": 7 + 8, "town": 10 + 8 + 8,
              "village": 13 + 8 + 16 + 13 + 16}
PY_MAX_SIZE = 100000  # pycheck.py needs ~15 GB and 10 min at 620,000


def log(msg):
    sys.stderr.write("bench: " + msg + "\n")
    sys.stderr.flush()


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def tool_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=30).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


GNU_TIME = "/usr/bin/time"


def run_once(cmd, stdout_path, errlog, rss=False):
    """Run cmd; return (exit status, wall s, user+sys s, peak RSS KiB).

    wait4(2) reports the child's peak RSS including the forked copy of this
    Python process before exec (~15-60 MiB), so with rss=True the command
    runs under GNU time (/usr/bin/time, a small process) when it is
    installed and its %M is used instead."""
    timed = rss and os.access(GNU_TIME, os.X_OK)
    if timed:
        fd, tfile = tempfile.mkstemp(prefix="bench-time-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", tfile] + cmd
    with open(stdout_path, "wb") as out, open(errlog, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    maxrss = ru.ru_maxrss
    if timed:
        with open(tfile) as f:
            lines = f.read().split()
        os.unlink(tfile)
        if lines and lines[-1].isdigit():
            maxrss = int(lines[-1])
    return p.returncode, wall, ru.ru_utime + ru.ru_stime, maxrss


def time_runs(name, cmd, runs, hyperfine, tmpdir, tree):
    """Wall-clock times of `runs` runs with hyperfine, each after warm(tree)
    (its --prepare), and the CPU time (user+sys) of a run: hyperfine's mean."""
    js = os.path.join(tmpdir, "hf.json")
    prep = shlex.join([sys.executable, os.path.abspath(__file__), "--warm", tree])
    hcmd = [hyperfine, "-N", "--runs", str(runs), "--ignore-failure", "--style", "none",
            "--prepare", prep, "--export-json", js, "-n", name, shlex.join(cmd)]
    r = subprocess.run(hcmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("bench: hyperfine failed for %s:\n%s" % (name, r.stderr))
    with open(js) as f:
        r = json.load(f)["results"][0]
    return r["times"], r["user"] + r["system"]


# n copies of the floor at once; fails if any of them does.
CEILING_SH = ('pids=; i=0; while [ "$i" -lt "$3" ]; do "$1" "$2" > /dev/null & '
              'pids="$pids $!"; i=$((i + 1)); done; rc=0; '
              'for p in $pids; do wait "$p" || rc=1; done; exit "$rc"')


def ncores():
    return os.cpu_count() or 1


def ceiling(c):
    """How many times faster than one floor the machine runs one floor per
    core (the ceiling case), or None when it did not run."""
    if "ceiling" not in c:
        return None
    return ncores() * c["floor"]["min"] / c["ceiling"]["min"]


def timed_case(c, times, cpu):
    c.update({"times": times, "min": min(times), "median": statistics.median(times),
              "cpu": cpu})


def warm(tree):
    """Read every file of the tree, so that the run after it finds them all
    in the page cache, as a run on a quiet machine does.  Without it a VM
    that reclaims page cache not touched for a while defeats the probe:
    this one's kernel runs DAMON with `pageout` for pages idle 60 s, so
    at 100,000 venues (a round of the cases takes longer than that) part
    of every run read its files from the disk (7% of a text -j1 run's
    samples in perf, virtio's notify), which the 10,000 tree never did:
    the time of every case, the floor's too, grew 13x for 10x the files.
    Every timed run and every probe starts from a warm cache alike."""
    for dirpath, _dirs, files in os.walk(tree):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def time_rounds(plans):
    """Time the cases in rounds, one run of each case of every size a
    round, so that a slow spell of the machine (a VM's speed moved by half
    within minutes here) falls on every case alike, not on whichever ran
    then -- and on every size alike: the growth from one size to the next
    compares minimums taken in the same spells.  A case with fewer runs
    (pycheck.py, a larger size's) sits out the later rounds.  plans: per
    size (its result, its cases, its stderr log)."""
    rounds = max(n for _res, cases, _errlog in plans for *_, n in cases)
    for r in range(rounds):
        log("round %d of %d (%s files)" % (r + 1, rounds, ", ".join(
            str(res["size"]) for res, cases, _e in plans
            if any(r < n for *_, n in cases))))
        for res, cases, errlog in plans:
            for key, _label, cmd, _ok, n in cases:
                if r < n:
                    warm(res["tree"])
                    _rc, wall, cpu, _rss = run_once(cmd, os.devnull, errlog)
                    c = res["cases"][key]
                    c.setdefault("times", []).append(wall)
                    c.setdefault("cpus", []).append(cpu)
    for res, cases, _errlog in plans:
        for key, *_ in cases:
            c = res["cases"][key]
            timed_case(c, c["times"], statistics.median(c.pop("cpus")))


def ensure_tree(args, size):
    out = os.path.join(args.out, "tree-s%d-n%d" % (args.seed, size))
    r = subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(args.seed),
                        "--size", str(size), "--out", out])
    if r.returncode != 0:
        sys.exit("bench: gen.py failed")
    with open(os.path.join(out, ".stamp")) as f:
        return out, json.load(f)


def parse_summary(path):
    """venuecheck's last line: 共检查 N 个场馆：全部通过 X 个，未全部通过 Y 个；无效文件 Z 个。"""
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.path.getsize(path) - 4096))
            tail = f.read().decode("utf-8", "replace").strip().splitlines()[-1]
    except (OSError, IndexError):
        return None
    m = re.search(r"共检查 (\d+) 个场馆：全部通过 (\d+) 个，未全部通过 (\d+) 个；无效文件 (\d+) 个", tail)
    return tuple(int(x) for x in m.groups()) if m else None


def crosscheck(args, tree):
    """pycheck's verdicts against venuecheck's CSV, venue x rule: (the
    verdicts of venuecheck, of pycheck, the first differences as (venue,
    rule, venuecheck's, pycheck's; None for no verdict), how many differ)."""
    # --raw-csv: ids as they are, not neutralised against spreadsheet formulas.
    vc = subprocess.run([args.bin, "check", "--lang", "en", "-f", "csv", "--no-bom", "--raw-csv",
                         tree], capture_output=True, text=True)
    if vc.returncode not in (0, 1):
        sys.exit("bench: venuecheck check -f csv %s exited %d:\n%s" % (
            tree, vc.returncode, vc.stderr[-3000:]))
    py = subprocess.run([args.python, os.path.join(HERE, "pycheck.py"), "--crosscheck", tree],
                        capture_output=True, text=True)
    if py.returncode not in (0, 1):
        sys.exit("bench: pycheck.py --crosscheck %s exited %d:\n%s" % (
            tree, py.returncode, py.stderr[-3000:]))
    a = {}
    for c in list(csv.reader(io.StringIO(vc.stdout)))[1:]:
        if len(c) >= 5 and c[4] not in ("ROLLUP", "INVALID"):
            a[(c[0], c[3])] = c[4]
    b = {}
    for line in py.stdout.splitlines():
        vid, rule, verdict = line.rsplit(",", 2)
        b[(vid, rule)] = verdict
    diff = [k + (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    return len(a), len(b), diff[:10], len(diff)


def pycheck_rules():
    """How many rules pycheck.py implements (for the report)."""
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True  # no bench/__pycache__ in the source tree
    try:
        import pycheck
    except ImportError:             # no PyYAML: there is no python row either
        return None
    finally:
        sys.path.pop(0)
    return sum(len(r) for r in pycheck.RULES.values())


def crosscheck_only(args):
    """Generate each size's tree and compare the verdicts; time nothing."""
    bad = 0
    for size in args.sizes:
        tree, stamp = ensure_tree(args, size)
        log("%d files: crosscheck pycheck.py against venuecheck's CSV" % size)
        na, nb, sample, ndiff = crosscheck(args, tree)
        print("%s venues (seed %d; %d city, %d county, %d town, %d village): venuecheck "
              "%s verdicts, pycheck.py %s; %s" % (
                  "{:,}".format(size), args.seed, stamp["city"], stamp["county"],
                  stamp["town"], stamp["village"], "{:,}".format(na), "{:,}".format(nb),
                  "all agree" if ndiff == 0 else "%d differ, first: %s" % (ndiff, sample)))
        bad += ndiff != 0 or na != nb
    return 1 if bad else 0


def allocator(path):
    """The malloc a program is linked with, by ldd: the floor and the check
    must share one, or the ratios measure the allocators, not venuecheck."""
    try:
        out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
    except OSError:
        return "unknown"
    for name in ("mimalloc", "jemalloc", "tcmalloc"):
        if "lib%s" % name in out:
            return name
    return "libc malloc"


def allocator_line(malloc):
    check, floor = malloc[0], malloc[1]
    if check == floor:
        return "- allocator: %s, the check's and the floor's" % check
    if len(malloc) > 2 and malloc[2] == check:
        return ("- allocator: the check's %s; the floor's %s (the targets' yardstick), "
                "and a second floor on %s beside it (\"same allocator\" rows)" % (
                    check, floor, check))
    return ("- allocator: **the check's %s, the floor's %s: the ratios compare "
            "allocators too**" % (check, floor))


def fmt_s(x):
    return "%.3f" % x if x < 10 else "%.2f" % x


def probe_size(args, size, hyperfine, tmpdir):
    """Size's tree, its cases and their probes (timed with hyperfine here
    when it is installed; else time_rounds times every size together)."""
    tree, stamp = ensure_tree(args, size)
    nfiles, nbytes = stamp["files"], stamp["bytes"]
    runs = args.runs or (5 if size <= 20000 else 3 if size <= 200000 else 1)
    py_runs = args.py_runs or (3 if size <= 20000 else 1)
    py = not args.no_python and size <= args.py_max_size
    xlsx = os.path.join(args.out, "report-%d.xlsx" % size)
    text_out = os.path.join(args.out, "report-%d.txt" % size)
    errlog = os.path.join(args.out, "stderr-%d.log" % size)
    vc = [args.bin, "check"]
    cases = [
        ("floor", "floor: libyaml events, 1 thread", [args.floor, tree], (0,), runs),
        ("text", "`check -j 1` text > /dev/null", vc + ["-j", "1", tree], (0, 1), runs),
        ("xlsx", "`check -j 1 -o report.xlsx`", vc + ["-j", "1", "-o", xlsx, tree], (0, 1), runs),
        ("all", "`check` all %d cores > /dev/null" % ncores(), vc + [tree], (0, 1), runs),
    ]
    check_malloc, floor_malloc, second_malloc = args.malloc
    if check_malloc != floor_malloc and second_malloc == check_malloc:
        # The same floor on the check's allocator: the targets keep the
        # libc floor they were set against; this row says how much of the
        # check's lead over it is the allocator's.
        cases.insert(1, ("floor_alloc", "floor on the check's allocator (%s)" % check_malloc,
                         [args.floor_alloc, tree], (0,), runs))
    cases = [c for c in cases if c[0] in args.cases]
    if "all" in args.cases and ncores() >= 2:
        # What the machine itself gives: a floor on every core at once, each
        # with no state shared.  On a VM whose cores slow each other down
        # (shared caches, memory bandwidth, the host's other guests), this
        # is the most any number of threads can gain, and the 2-core target
        # is read against it.
        cases.insert(1, ("ceiling", "%d floors at once (the machine's ceiling)" % ncores(),
                         ["sh", "-c", CEILING_SH, "sh", args.floor, tree, str(ncores())],
                         (0,), runs))
    if py:
        cases.append(("python", "python3 pycheck.py (CSafeLoader)",
                      [args.python, os.path.join(HERE, "pycheck.py"), tree], (0, 1), py_runs))
    res = {"size": size, "tree": tree, "files": nfiles, "bytes": nbytes, "stamp": stamp,
           "runs": runs, "py_runs": py_runs, "cases": {}, "text_out": text_out,
           "py_skipped": not args.no_python and not py, "py_max_size": args.py_max_size}
    for key, label, cmd, ok, n in cases:
        # The probe: checks the status, records RSS and CPU.
        out = text_out if key == "text" else os.devnull
        if key == "xlsx" and os.path.exists(xlsx):
            os.unlink(xlsx)
        log("%d files: %s (probe)" % (size, label))
        warm(tree)
        rc, wall, cpu, rss = run_once(cmd, out, errlog, rss=True)
        if rc not in ok:
            with open(errlog, errors="replace") as f:
                err = f.read()[-3000:]
            sys.exit("bench: %s exited %d (expected %s):\n%s" % (shlex.join(cmd), rc,
                                                                  "/".join(map(str, ok)), err))
        if key == "xlsx" and not (os.path.exists(xlsx) and os.path.getsize(xlsx) > 0):
            sys.exit("bench: %s wrote no %s" % (shlex.join(cmd), xlsx))
        res["cases"][key] = {"label": label, "cmd": shlex.join(cmd), "probe_wall": wall,
                             "probe_cpu": cpu, "rss_kib": rss, "status": rc}
    if hyperfine:
        for key, label, cmd, ok, n in cases:
            log("%d files: %s x %d" % (size, label, n))
            timed_case(res["cases"][key], *time_runs(key, cmd, n, hyperfine, tmpdir, tree))
    return res, cases, errlog


def finish_size(args, res, py):
    """The text probe's summary, and the crosscheck on the smallest size."""
    size, tree = res["size"], res["tree"]
    # (A text report of an earlier run must not pass for this one's.)
    res["summary"] = parse_summary(res["text_out"]) if "text" in res["cases"] else None
    if res["summary"] and res["summary"][3] != 0:
        sys.exit("bench: venuecheck found %d invalid files in %s" % (res["summary"][3], tree))
    if not args.no_crosscheck and size == min(args.sizes) and py:
        log("%d files: crosscheck pycheck.py against venuecheck's CSV" % size)
        res["crosscheck"] = crosscheck(args, tree)
    return res


def table(res):
    c = res["cases"]
    floor = c["floor"]["min"]
    mb = res["bytes"] / 1e6
    fcpu = c["floor"]["cpu"]
    lines = ["| case | min s | median s | × floor | files/s | MB/s | CPU s | CPU × floor "
             "| peak RSS MiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key in ("floor", "floor_alloc", "ceiling", "text", "xlsx", "all", "python"):
        if key not in c:
            continue
        x = c[key]
        lines.append("| %s | %s | %s | %.2f | %s | %.1f | %s | %.2f | %.1f |" % (
            x["label"], fmt_s(x["min"]), fmt_s(x["median"]), x["min"] / floor,
            "{:,.0f}".format(res["files"] / x["min"]), mb / x["min"],
            fmt_s(x["cpu"]), x["cpu"] / fcpu, x["rss_kib"] / 1024))
    if res.get("py_skipped"):
        lines.append("| python3 pycheck.py (CSafeLoader) | skipped: above %s venues "
                     "(--py-max-size) | | | | | | | |" % "{:,}".format(res["py_max_size"]))
    return lines


def num(n):
    return "{:,}".format(n)


def peak_rss(r):
    """The largest peak RSS (KiB) of text, xlsx and all cores (those run),
    and its case; None if none of them ran."""
    got = [(r["cases"][k]["rss_kib"], k) for k in ("text", "xlsx", "all") if k in r["cases"]]
    return max(got) if got else None


def keep_allowance(a, b):
    """What the cross-file rules must keep per venue (bytes, KEEP_BYTES),
    weighted by the tiers of the venues b has and a has not."""
    added = {t: b["stamp"][t] - a["stamp"][t] for t in KEEP_BYTES}
    n = sum(added.values())
    return sum(added[t] * KEEP_BYTES[t] for t in KEEP_BYTES) / n if n > 0 else 0.0


CASE_NAMES = (("text", "text -j1"), ("xlsx", "xlsx -j1"), ("all", "all cores"))


def targets(results, cores):
    """(target, measured by wall-clock minimum, the same by CPU time, verdict).
    The verdict uses wall-clock time, as the issue states the targets; the
    CPU-time column says what the ratio is when other processes compete."""
    rows = []

    def pf(ok):
        return "PASS" if ok else "MISS"

    def both(wall_ok, cpu_ok):
        v = pf(wall_ok)
        return v if wall_ok == cpu_ok else "%s (by CPU time: %s)" % (v, pf(cpu_ok))

    def ratios(a, b):
        return a["min"] / b["min"], a["cpu"] / b["cpu"]

    ordered = sorted(results, key=lambda r: r["size"])
    sizes = {r["size"]: r for r in ordered}
    for r in ordered:
        c, n = r["cases"], num(r["size"])
        for key, what, limit in (("text", "check text -j1", T_TEXT),
                                 ("xlsx", "check xlsx -j1", T_XLSX)):
            if key not in c:
                continue
            w, cpu = ratios(c[key], c["floor"])
            rows.append(("%s ≤ %.1f× floor (%s)" % (what, limit, n), "%.2f×" % w,
                         "%.2f×" % cpu, both(w <= limit, cpu <= limit)))
            if "floor_alloc" in c:
                w, cpu = ratios(c[key], c["floor_alloc"])
                rows.append(("%s against the floor on the same allocator (%s)" % (what, n),
                             "%.2f×" % w, "%.2f×" % cpu, "(no target)"))
        if "text" not in c or "all" not in c:
            continue
        sp = c["text"]["min"] / c["all"]["min"]
        if cores < 2:
            rows.append(("all cores ≥ %.2f× faster than -j1 (%s)" % (T_PAR, n),
                         "%.2f× (1 core)" % sp, "", "SKIP"))
        else:
            top = ceiling(c)
            rows.append(("all %d cores ≥ %.2f× faster than -j1 (%s)" % (cores, T_PAR, n),
                         "%.2f×" % sp + (" (%.0f%% of the machine's %.2f×)" % (
                             100 * sp / top, top) if top else ""), "", pf(sp >= T_PAR)))
            if top:
                rows.append(("the machine's ceiling: %d floors at once against one (%s)" % (
                    cores, n), "%.2f×" % top, "", "(no target)"))
    if 100000 not in sizes:
        rows.append(("all cores ≥ %.2f× faster than -j1 (100,000)" % T_PAR,
                     "100,000 not run", "", "SKIP"))
    # Peak RSS: the limits at their sizes; the other sizes are reported.
    for size in sorted(set(sizes) | set(T_RSS_MIB)):
        limit = T_RSS_MIB.get(size)
        label = ("peak RSS ≤ %d MiB at %s venues (text, xlsx, all cores: the largest)" % (
            limit, num(size)) if limit else
            "peak RSS at %s venues (text, xlsx, all cores: the largest)" % num(size))
        if size not in sizes:
            rows.append((label, "%s not run" % num(size), "", "SKIP"))
            continue
        if not peak_rss(sizes[size]):
            rows.append((label, "not measured (--cases)", "", "SKIP"))
            continue
        kib, key = peak_rss(sizes[size])
        rows.append((label, "%.1f MiB (%s)" % (kib / 1024, dict(CASE_NAMES)[key]), "",
                     pf(kib / 1024 <= limit) if limit else "(no target)"))
    pairs = [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]
    if not pairs:
        rows.append(("growth per venue ≤ %d B beyond the cross-file rules' keep" % T_GROWTH,
                     "needs two sizes", "", "SKIP"))
    for a, b in pairs:
        dv = b["size"] - a["size"]
        per = {k: (b["cases"][k]["rss_kib"] - a["cases"][k]["rss_kib"]) * 1024 / dv
               for k, _ in CASE_NAMES if k in a["cases"] and k in b["cases"]}
        if not per:
            continue
        keep = keep_allowance(a, b)
        worst = max(per.values())
        rows.append(("growth per venue %s → %s ≤ %d B + %.0f B the cross-file rules keep" % (
            num(a["size"]), num(b["size"]), T_GROWTH, keep),
            ", ".join("%s %.0f B" % (w, per[k]) for k, w in CASE_NAMES if k in per), "",
            "%s (≤ %d B flat: %s)" % (pf(worst <= T_GROWTH + keep), T_GROWTH,
                                      pf(worst <= T_GROWTH))))
    if not pairs:
        rows.append(("100,000 venues in ≤ %.1f× the time of 10,000" % (T_SCALE * 10),
                     "needs two sizes", "", "SKIP"))
    for a, b in pairs:
        lim = T_SCALE * b["size"] / a["size"]
        # The floor's own growth: what the machine (file system, caches)
        # adds for the larger tree, read beside the cases' rows.
        w, cpu = ratios(b["cases"]["floor"], a["cases"]["floor"])
        rows.append(("the floor (the machine's own growth): %s venues against %s" % (
            num(b["size"]), num(a["size"])), "%.2f×" % w, "%.2f×" % cpu, "(no target)"))
        for key, what in CASE_NAMES:
            if key not in a["cases"] or key not in b["cases"]:
                continue
            w, cpu = ratios(b["cases"][key], a["cases"][key])
            rows.append(("%s: %s venues in ≤ %.3g× the time of %s" % (
                what, num(b["size"]), lim, num(a["size"])),
                "%.2f×" % w, "%.2f×" % cpu,
                both(w <= lim, cpu <= lim) if key != "all" else pf(w <= lim)))
    label = "national run: all cores in ≤ %.1f× the floor's time (%s)" % (T_NATIONAL,
                                                                        num(NATIONAL))
    if NATIONAL in sizes and "all" in sizes[NATIONAL]["cases"]:
        c = sizes[NATIONAL]["cases"]
        w = c["all"]["min"] / c["floor"]["min"]
        rows.append((label, "%.2f× (%s s, %s files/s)" % (
            w, fmt_s(c["all"]["min"]), "{:,.0f}".format(NATIONAL / c["all"]["min"])), "",
            pf(w <= T_NATIONAL)))
        if "floor_alloc" in c:
            rows.append(("national run: all cores against the floor on the same allocator",
                         "%.2f×" % (c["all"]["min"] / c["floor_alloc"]["min"]), "",
                         "(no target)"))
    else:
        rows.append((label, "%s not run" % num(NATIONAL), "", "SKIP"))
    return rows


def render(meta, results):
    """The markdown report from the run's metadata and results."""
    load0, load1 = meta["load"]
    md = ["# venuecheck benchmark", "",
          "- %s, %s; %d cores, %s; load average %.2f at start, %.2f at end%s" % (
              meta["started"], meta["host"], meta["cores"], meta["cpu"], load0, load1,
              " **(other processes were using the CPU: timings are noisy)**"
              if max(load0, load1) >= 0.5 else ""),
          "- %s (%s, binary sha256 %s…), libyaml %s, %s" % (
              meta["venuecheck"], meta["git"], meta["bin_sha"], meta["libyaml"],
              meta["python"]),
          allocator_line(meta.get("malloc", ["libc malloc"] * 2)),
          "- timing: %s; × floor, files/s and MB/s use the minimum wall-clock time; "
          "CPU s is user+sys of one run (%s); peak RSS is from one extra untimed run "
          "(%s)" % (
              meta["hyperfine"] + " (-N)" if meta["hyperfine"]
              else "rounds of one run per case in bench/run.py (no hyperfine)",
              "hyperfine's mean" if meta["hyperfine"] else "the median",
              "GNU time's %M" if meta["gnu_time"]
              else "wait4; includes ~20 MiB of the forked Python before exec"),
          "- every probe and timed run starts from a warm page cache: the tree is read "
          "whole just before it (warm(): a VM may reclaim page cache idle for a minute)"
          if meta.get("warm") else "- runs not preceded by a read of the tree (a run "
          "before warm() existed)",
          "- whole run: %.0f s" % meta["elapsed"], ""]
    for r in results:
        st = r["stamp"]
        md.append("## %s venues (seed %d)" % ("{:,}".format(r["size"]), st["seed"]))
        md.append("")
        md.append("%d city, %s county, %s town, %s village files; %.1f MB, %.2f KB per file; "
                  "%d run%s per case%s." % (
                      st["city"], "{:,}".format(st["county"]), "{:,}".format(st["town"]),
                      "{:,}".format(st["village"]), r["bytes"] / 1e6,
                      r["bytes"] / r["files"] / 1024, r["runs"], "" if r["runs"] == 1 else "s",
                      ", %d of pycheck.py" % r["py_runs"] if "python" in r["cases"] else ""))
        if r["summary"]:
            n, ok, bad, inv = r["summary"]
            md.append("venuecheck: %s venues checked, %s passed every rule, %s did not "
                      "(%.1f%%), %d invalid." % ("{:,}".format(n), "{:,}".format(ok),
                                                 "{:,}".format(bad), 100 * bad / n, inv))
        md.append("")
        md += table(r)
        c = r["cases"]
        if "python" in c and "text" in c:
            md.append("")
            md.append("pycheck.py (all %d rules, no validation) takes %.1f× the time of "
                      "`check -j 1` and %.1f× the floor." % (
                          meta.get("pycheck_rules") or 91,
                          c["python"]["min"] / c["text"]["min"],
                          c["python"]["min"] / c["floor"]["min"]))
        if "crosscheck" in r:
            na, nb, sample, ndiff = r["crosscheck"]
            md.append("")
            if ndiff == 0:
                md.append("Crosscheck: pycheck.py and venuecheck agree on all %s venue × rule "
                          "verdicts." % "{:,}".format(na))
            else:
                md.append("Crosscheck: **%d of %s venue × rule verdicts differ** "
                          "(venuecheck %d, pycheck %d); first: %s" % (
                              ndiff, "{:,}".format(max(na, nb)), na, nb, sample))
        md.append("")
    md.append("## Targets")
    md.append("")
    md.append("| target | measured (wall) | by CPU time | |")
    md.append("|---|---:|---:|---|")
    for t, m, cpu, v in targets(results, meta.get("cores") or 1):
        md.append("| %s | %s | %s | %s |" % (t, m, cpu, v))
    md.append("")
    return "\n".join(md)


def main():
    ap = argparse.ArgumentParser(description="venuecheck benchmark (see bench/README.md)")
    ap.add_argument("--sizes", default="10000 100000",
                    help="venue counts, space-separated (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=0,
                    help="timed runs per case (default 5; 3 above 20,000 files, "
                    "1 above 200,000)")
    ap.add_argument("--py-runs", type=int, default=0,
                    help="timed runs of pycheck.py (default 3, or 1 above 20,000 files)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "venuecheck"))
    ap.add_argument("--floor", default=os.path.join(ROOT, "build", "bench", "floor"))
    ap.add_argument("--floor-alloc", default=os.path.join(ROOT, "build", "bench", "floor-malloc"),
                    help="the floor linked with the check's allocator (make bench builds it)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter for pycheck.py (default: this one)")
    ap.add_argument("--no-python", action="store_true", help="skip the pycheck.py row")
    ap.add_argument("--cases", default="floor,text,xlsx,all",
                    help="the cases to run, of floor,text,xlsx,all (the floor always "
                    "runs: every ratio is to it); the national run needs only "
                    "floor,all (default: %(default)s)")
    ap.add_argument("--py-max-size", type=int, default=PY_MAX_SIZE, metavar="N",
                    help="skip pycheck.py (and the crosscheck) above N venues: it needs "
                    "~15 GB and 10 minutes at 620,000 (default: %(default)s)")
    ap.add_argument("--no-crosscheck", action="store_true",
                    help="skip comparing pycheck.py's verdicts with venuecheck's")
    ap.add_argument("--no-hyperfine", action="store_true", help="time runs here even if "
                    "hyperfine is installed")
    ap.add_argument("--crosscheck-only", action="store_true",
                    help="only generate the trees and compare pycheck.py's verdicts with "
                    "venuecheck's, on every size (no timing)")
    ap.add_argument("--warm", metavar="DIR",
                    help="only read every file under DIR into the page cache (hyperfine's "
                    "--prepare runs this before each timed run)")
    ap.add_argument("--render", metavar="RESULTS.json",
                    help="only print the markdown of an earlier run's results.json")
    args = ap.parse_args()
    if args.warm:
        warm(args.warm)
        return 0
    if args.render:
        with open(args.render) as f:
            saved = json.load(f)
        print(render(saved["meta"], saved["results"]))
        return 0
    args.sizes = sorted(int(s) for s in args.sizes.replace(",", " ").split())
    args.cases = set(args.cases.replace(",", " ").split()) | {"floor", "floor_alloc"}
    unknown = args.cases - {"floor", "floor_alloc", "text", "xlsx", "all"}
    if unknown:
        sys.exit("bench: unknown case %s (--cases takes floor,text,xlsx,all)" %
                 ", ".join(sorted(unknown)))
    os.makedirs(args.out, exist_ok=True)
    for exe in (args.bin,) if args.crosscheck_only else (args.bin, args.floor):
        if not os.access(exe, os.X_OK):
            sys.exit("bench: %s is not built (run `make bench`)" % exe)

    # Measure a snapshot of the binary: a rebuild during the run (make in
    # another shell) must not mix two builds.  Its rule pack stays the one
    # beside the original (<bindir>/rules), else the usual lookup.
    orig = os.path.realpath(args.bin)
    args.bin = os.path.join(args.out, "venuecheck-under-test")
    shutil.copy2(orig, args.bin)
    rules_dir = os.path.join(os.path.dirname(orig), "rules")
    if os.path.isdir(rules_dir) and "VENUECHECK_RULES_DIR" not in os.environ:
        os.environ["VENUECHECK_RULES_DIR"] = rules_dir
    with open(args.bin, "rb") as f:
        bin_sha = hashlib.sha256(f.read()).hexdigest()[:12]
    args.malloc = (allocator(args.bin), allocator(args.floor),
                   allocator(args.floor_alloc) if os.path.exists(args.floor_alloc) else None)
    if args.crosscheck_only:
        return crosscheck_only(args)

    hyperfine = None if args.no_hyperfine else shutil.which("hyperfine")
    load0 = loadavg()
    started = datetime.datetime.now()
    results = []
    with tempfile.TemporaryDirectory() as tmpdir:
        plans = [probe_size(args, size, hyperfine, tmpdir) for size in args.sizes]
        if not hyperfine:
            time_rounds(plans)
        for res, cases, _errlog in plans:
            results.append(finish_size(args, res, "python" in res["cases"]))
    load1 = loadavg()
    elapsed = (datetime.datetime.now() - started).total_seconds()

    meta = {
        "started": started.strftime("%Y-%m-%d %H:%M"), "host": platform.node(),
        "cores": os.cpu_count(), "cpu": cpu_model(), "load": [load0, load1],
        "venuecheck": tool_version([args.bin, "--version"]),
        "git": tool_version(["git", "-C", ROOT, "describe", "--always", "--dirty"]),
        "bin_sha": bin_sha, "libyaml": tool_version(["pkg-config", "--modversion", "yaml-0.1"]),
        "python": "%s %s" % (os.path.basename(args.python), platform.python_version()),
        "hyperfine": tool_version([hyperfine, "--version"]) if hyperfine else None,
        "gnu_time": os.access(GNU_TIME, os.X_OK), "elapsed": elapsed, "warm": True,
        "pycheck_rules": None if args.no_python else pycheck_rules(),
        "malloc": list(args.malloc),
    }
    text = render(meta, results)
    print(text)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    log("wrote %s" % os.path.join(args.out, "results.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
