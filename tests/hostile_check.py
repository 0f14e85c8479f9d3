#!/usr/bin/env python3
"""hostile_check.py - hostile inputs, generated into a scratch directory at
test time (some are megabytes): each must end within a generous time limit
with exit 2 and the expected code, never a crash, a hang or a pass.

usage: hostile_check.py BINARY   (run from the repository root)"""
import os, subprocess, sys, tempfile, time

BIN = os.path.abspath(sys.argv[1])
LIMIT = 10  # seconds: a bound on hangs, not a speed test
H = "venue: {id: h, name: 镇, tier: town, year: 2024}\n"
tmp = tempfile.mkdtemp()
cases = []  # (name, content-bytes or callable(path), expected code)


def case(name, data, code):
    cases.append((name, data, code))


laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n" % ((chr(98 + i), chr(98 + i)) + (chr(97 + i),) * 9)
    for i in range(9))
case("billion-laughs", H + laughs, "E008")
case("alias-key", H + "facts: {*k : 1}\n", "E008")
case("deep-block", H + "facts:\n" + "".join("  " * (i + 1) + "k%d:\n" % i for i in range(120)), "E009")
case("deep-flow", H + "facts: " + "[" * 20000 + "]" * 20000 + "\n", "E009")
case("deep-flow-map", H + "facts: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", "E009")
case("long-title", H + "events:\n  - {date: 2024-01-01, title: %s, kind: other, participants: 1}\n" % ("长" * 40000), "E036")
case("huge-scalar-10MB", H + "facts: {weekly_open_hours: %s}\n" % ("9" * (10 << 20)), "E036")
case("long-key", H + "facts: {%s: 1}\n" % ("k" * 100000), "E036")
case("long-line-comment-then-bad", "# " + "x" * (2 << 20) + "\n" + H + "facts: {staff_total: -1}\n", "E024")
case("huge-ledger", H + "events:\n" + "".join(
    "  - {date: 2024-01-01, title: e%d, kind: other, participants: 1}\n" % i for i in range(200001)), "E037")
case("many-keys", H + "facts:\n" + "".join("  k%d: 1\n" % i for i in range(5000)), "E037")
case("nul-byte", (H + "facts: {staff_total: 1\x002}\n").encode(), "E004")
case("control-char", (H + "facts: {note: a\x07b}\n").encode(), "E004")
case("invalid-utf8", H.encode() + b"facts: {x: \xff\xfe}\n", "E004")
case("gb18030", ("venue:\n  id: g\n  name: 测试镇\n  tier: town\n  year: 2024\n").encode("gb18030"), "E004")
case("utf16-no-bom", ("venue: {id: u, name: 镇, tier: town, year: 2024}\n").encode("utf-16-le"), "E004")
case("empty", b"", "E006")
case("only-bom", b"\xef\xbb\xbf", "E006")
case("only-comments", b"# nothing\n# here\n", "E006")
case("two-documents", H + "---\n" + H, "E007")
case("nan", H + "facts: {weekly_open_hours: .nan}\n", "E019")
case("inf", H + "facts: {weekly_open_hours: .inf}\n", "E019")
case("overflow-double", H + "facts: {weekly_open_hours: 1e400}\n", "E019")
case("overflow-int", H + "facts: {staff_total: 9223372036854775808}\n", "E018")
case("int-beyond-2^53", H + "facts: {staff_total: 9007199254740993}\n", "E018")
case("date-zero", H + "events:\n  - {date: 0000-00-00, title: a, kind: other, participants: 1}\n", "E021")
case("year-huge", "venue: {id: h, name: 镇, tier: town, year: 99999}\n", "E025")
case("tab-indent", "venue:\n\tid: x\n", "E005")
case("unterminated-quote", 'venue: {id: "x, name: y}\n', "E005")
case("binary-junk", bytes(range(256)) * 64, "E004")


def fifo(path):
    os.mkfifo(path)


def too_big(path):
    with open(path, "wb") as f:
        f.truncate((64 << 20) + 1)  # sparse: cheap to make


def link_loop(path):
    os.symlink(os.path.basename(path), path)


def dangling(path):
    os.symlink("no-such-file.yaml", path)


case("fifo", fifo, "E002")
case("device", lambda p: os.symlink("/dev/zero", p), "E002")
case("larger-than-64MiB", too_big, "E003")
case("symlink-loop", link_loop, "E001")
case("dangling-link", dangling, "E001")


def empty_dir(path):
    os.mkdir(path)


passed = failed = 0
for name, data, code in cases:
    path = os.path.join(tmp, name + ".yaml")
    if callable(data):
        data(path)
    else:
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
    t0 = time.time()
    try:
        r = subprocess.run([BIN, "validate", "--format", "json", path], capture_output=True,
                           timeout=LIMIT, env=dict(os.environ, VENUECHECK_RULES_DIR=os.path.abspath("rules")))
        took = time.time() - t0
        ok = r.returncode == 2 and ('"code":"%s"' % code) in r.stdout.decode("utf-8", "replace")
        why = "exit %d, %s" % (r.returncode, r.stdout[-300:].decode("utf-8", "replace").replace("\n", " "))
    except subprocess.TimeoutExpired:
        ok, why, took = False, "no answer within %d s" % LIMIT, LIMIT
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s: expected exit 2 with %s; %s" % (name, code, why))
    if os.path.exists(path) and not os.path.islink(path) and os.path.isfile(path):
        os.remove(path)

# A directory link loop inside a batch is not followed; the batch still ends.
d = os.path.join(tmp, "batch")
os.mkdir(d)
os.symlink(".", os.path.join(d, "loop"))
with open(os.path.join(d, "bad.yaml"), "w") as f:
    f.write(H + "facts: {staff_total: -1}\n")
try:
    r = subprocess.run([BIN, "validate", d], capture_output=True, timeout=LIMIT,
                       env=dict(os.environ, VENUECHECK_RULES_DIR=os.path.abspath("rules")))
    ok = r.returncode == 2 and b"E024" in r.stdout
except subprocess.TimeoutExpired:
    ok = False
passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
if not ok:
    print("FAIL: a batch directory with a link loop")
print("hostile: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
