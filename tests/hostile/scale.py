#!/usr/bin/env python3
"""scale.py - the worst cases of loading and checking cost no more than their
size says (issue 15, item 1): no quadratic step.  Never a fixed time:
each check compares two runs of this one machine (best of RUNS runs each,
in CPU time, so a busy machine does not count), and each asks for a gap
that only a superlinear cost can open.  The ledger cases are timed at N
entries and at N/4: a linear cost takes about 4 times as long, the
quadratic ones these cases were written for 16 times; the check allows
8.  Their time against an ordinary file of the same size is printed, not
checked: 200,000 diagnostics cost 2-3 times a clean file's load, a
constant that moved past any fixed ratio on a busy CI machine (x3.38
against a limit of 3) without anything having changed.  A constant cost
is `make bench`'s business.

  - 200,000 ledger entries, each repeated once, the repeats in the reverse
    of the lines' order (E028 is found in date and title order): an
    insertion sort of the diagnostics made this take minutes;
  - 200,000 copies of one entry (199,999 E028);
  - mappings of 4,000 keys against the same keys in mappings of 8 (a
    repeated key was looked for by a scan of the keys before it);
  - a --waivers file of 200,000 waivers against one of 50,000: four times
    the entries may take at most eight times as long, where a scan of the
    waivers before each (repeats) took sixteen.

usage: tests/hostile/scale.py BINARY   (from the repository root)"""
import os, resource, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
RATIO = 3.0  # a worst case may take at most this many times its twin
GROWTH = 8   # N entries at most this many times N/4 (linear: 4; quadratic: 16)
RUNS = 2
N = 200000
H = "venue: {id: h, name: 镇, tier: town, year: 2024}\n"
E = "  - {date: 2024-01-01, title: t%07d, kind: other, participants: 1}\n"
ENV = harness.ENV
tmp = tempfile.mkdtemp()


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def ledger(title, n=N):
    return H + "events:\n" + "".join(E % title(i, n) for i in range(n))


def maps(nmaps, nkeys):
    """Entries whose title is a mapping of nkeys keys: one error (E014) an
    entry, so the time is the loader's, not the messages'."""
    return H + "events:\n" + "".join(
        "  - {date: 2024-01-01, title: {" + ", ".join(
            "k%04d: 1" % ((j + m * nkeys) % 4000) for j in range(nkeys)) +
        "}, kind: other, participants: 1}\n" for m in range(nmaps))


def timed(path, args=("validate",)):
    """Best of RUNS CPU times (user + system) of args + [path], and the exit
    status.  CPU time, not wall time: on a machine shared with other jobs
    the wall clock measures their load as much as ours."""
    best, code = None, None
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run([BIN] + list(args) + [path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=ENV, timeout=600)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        took = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = took if best is None else min(best, took)
        code = r.returncode
    return best, code


def scaling(what, title, twin):
    """The worst case at N and at N/4 entries: at most 8 times as long
    (linear: 4; quadratic: 16).  Its ordinary twin of N entries is timed
    for the record."""
    big, cb = timed(write("big.yaml", ledger(title)))
    small, cs = timed(write("small.yaml", ledger(title, N // 4)))
    tt, ct = timed(twin)
    print("  %s: %.2f s, a quarter of it %.2f s (x%.2f); an ordinary file %.2f s (x%.2f)"
          % (what, big, small, big / small, tt, big / tt))
    check(cb == 2 and cs == 2 and ct == 0,
          "%s: exit %s, %s and %s, expected 2, 2 and 0" % (what, cb, cs, ct))
    linear(what, big, small)


def linear(what, big, small):
    """N entries against N/4: at most GROWTH times as long."""
    check(big <= GROWTH * small, "%s: %d entries took %.2f s, more than %d times the %.2f s "
          "of %d" % (what, N, big, GROWTH, small, N // 4))


def compare(what, worst, twin, worst_code, twin_code):
    tw, cw = timed(worst)
    tt, ct = timed(twin)
    print("  %s: %.2f s against %.2f s (x%.2f)" % (what, tw, tt, tw / tt))
    check(cw == worst_code and ct == twin_code,
          "%s: exit %s and %s, expected %d and %d" % (what, cw, ct, worst_code, twin_code))
    check(tw <= RATIO * tt, "%s: %.2f s, more than %.0f times the %.2f s of an ordinary "
          "file of its size" % (what, tw, RATIO, tt))


# The ordinary twin: the same titles, each once (exit 0: a valid file).
plain = write("plain.yaml", ledger(lambda i, n: n - i))
scaling("200,000 entries, repeats in reverse order", lambda i, n: n - i // 2, plain)
scaling("200,000 copies of one entry", lambda i, n: 0, plain)
compare("mappings of 4,000 keys", write("big-maps.yaml", maps(50, 4000)),
        write("small-maps.yaml", maps(25000, 8)), 2, 2)


def waivers(n):
    return "".join("- {venue: v%06d, rule: town.open.notice, reason: r, approver: a, "
                   "expires: 2030-01-01}\n" % i for i in range(n))


towns = os.path.abspath("examples/towns")
t4, c4 = timed(towns, ["check", "--waivers", write("w4.yaml", waivers(N))])
t1, c1 = timed(towns, ["check", "--waivers", write("w1.yaml", waivers(N // 4))])
print("  --waivers of 200,000 and of 50,000: %.2f s and %.2f s (x%.2f)" % (t4, t1, t4 / t1))
check(c4 == 2 and c1 == 2, "waivers of unknown venues: exit %s and %s, expected 2" % (c4, c1))
linear("--waivers", t4, t1)
for f in os.listdir(tmp):
    os.remove(os.path.join(tmp, f))
os.rmdir(tmp)
sys.exit(summary("scale"))
