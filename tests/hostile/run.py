#!/usr/bin/env python3
"""run.py - hostile inputs, generated into a scratch directory at test time
(some are megabytes, sparse 64 MiB files, FIFOs, devices and link loops,
which cannot live in git): each must end within a generous time limit with
exit 2 and the expected code, never a crash, a hang or a pass.  A few cases
raise or lower a bound with --limit and expect the file to be accepted.

usage: tests/hostile/run.py BINARY [--keep DIR]   (from the repository root)
  --keep DIR  write the generated files to DIR and keep them"""
import os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
KEEP = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--keep" else None
LIMIT = 10  # seconds: a bound on hangs, not a speed test
H = "venue: {id: h, name: 镇, tier: town, year: 2024}\n"
tmp = KEEP or tempfile.mkdtemp()
os.makedirs(tmp, exist_ok=True)
cases = []  # (name, content or callable(path), expected code, extra args)


def case(name, data, code, args=()):
    """code: the error code expected with exit 2, or None for a valid file
    (exit 0 from validate)."""
    cases.append((name, data, code, list(args)))


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
case("one-line-ledger", H + "events: [" + ", ".join(
    "{date: 2024-01-01, title: e%d, kind: other, participants: 1}" % i for i in range(200001)) + "]\n", "E037")
case("deep-inside-entry", H + "events:\n  - {date: 2024-01-01, title: " + "[" * 100 + "]" * 100 + "}\n", "E009")
case("negative-zero-count", H + "facts: {staff_total: -0.0}\n", "E018")
case("hex-count", H + "facts: {staff_total: 0x10}\n", "E018")
case("long-date", H + "events:\n  - {date: 2024-01-01" + "1" * 1000 + ", title: a, kind: other, participants: 1}\n", "E021")
# The bounds move with --limit: raised, the same files are accepted;
# lowered, an ordinary file is refused.
case("limit-raised-entries", H + "events:\n" + "".join(
    "  - {date: 2024-01-01, title: e%d, kind: other, participants: 1}\n" % i for i in range(200001)),
     None, ["--limit", "entries=300K"])
case("limit-raised-value", H + "events:\n  - {date: 2024-01-01, title: %s, kind: other, participants: 1}\n"
     % ("长" * 40000), None, ["--limit", "value-size=1M"])
case("limit-lowered-file-size", H, "E003", ["--limit", "file-size=10"])
case("limit-lowered-entries", H + "trainings: [{date: 2024-01-02, title: a, audience: staff, participants: 1}, "
     "{date: 2024-01-03, title: b, audience: staff, participants: 1}]\n", "E037", ["--limit", "entries=1"])


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


def unreadable(path):
    with open(path, "w") as f:
        f.write(H)
    os.chmod(path, 0)


# root reads any file whatever its mode, unless it runs without the
# capabilities that override file permissions (setpriv, util-linux): as
# root, every case runs so.
AS_USER = []
if os.geteuid() == 0:
    AS_USER = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
               "--bounding-set=-dac_override,-dac_read_search"]
if os.geteuid() != 0 or harness.have("setpriv", "util-linux", "the unreadable file as root"):
    case("unreadable", unreadable, "E001")


for name, data, code, args in cases:
    path = os.path.join(tmp, name + ".yaml")
    if callable(data):
        data(path)
    else:
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
    t0 = time.time()
    try:
        r = subprocess.run(AS_USER + [BIN, "validate", "--format", "json"] + args + [path], capture_output=True,
                           timeout=LIMIT, env=harness.ENV)
        took = time.time() - t0
        out = r.stdout.decode("utf-8", "replace")
        if code is None:
            ok = r.returncode == 0 and '"valid":true' in out
        else:
            ok = r.returncode == 2 and ('"code":"%s"' % code) in out
        why = "exit %d, %s" % (r.returncode, r.stdout[-300:].decode("utf-8", "replace").replace("\n", " "))
    except subprocess.TimeoutExpired:
        ok, why, took = False, "no answer within %d s" % LIMIT, LIMIT
    check(ok, "%s: expected %s; %s" % (name, "exit 2 with " + code if code else "a valid file", why))
    if KEEP:
        continue
    if os.path.isfile(path) and not os.path.islink(path):
        os.remove(path)

# A directory link loop inside a batch is not followed; the batch still ends.
d = os.path.join(tmp, "batch")
os.mkdir(d)
os.symlink(".", os.path.join(d, "loop"))
with open(os.path.join(d, "bad.yaml"), "w") as f:
    f.write(H + "facts: {staff_total: -1}\n")
try:
    r = subprocess.run([BIN, "validate", d], capture_output=True, timeout=LIMIT, env=harness.ENV)
    ok = r.returncode == 2 and b"E024" in r.stdout
except subprocess.TimeoutExpired:
    ok = False
check(ok, "a batch directory with a link loop")

# Hostile rule packs (rules --lint, which loads a pack as check does): each
# is refused with exit 2 and the expected text, in at most `lines` lines of
# stderr, quoting no secret and printing no control character but '\n'.
SECRET = "$6$rounds=5000$Qm9vYmFyYmF6cXV4$HASHhashHASHhashHASHhashHASHhashHASHhashHASHhash"
MINI = ("standard: {id: t, title: T}\ntiers: [{id: a, name: A}]\n"
        "data:\n  facts:\n    n: {type: int, min: 0}\nrules:\n"
        "  - {id: a.r, tier: a, category: c, clause: '1', title: R, measure: facts.n, threshold: %s}\n")
pdir = os.path.join(tmp, "packs")
os.makedirs(os.path.join(pdir, "sub"), exist_ok=True)
with open(os.path.join(tmp, "outside.yaml"), "w") as f:
    f.write(MINI % "1")
if not os.path.lexists(os.path.join(pdir, "sub", "link.yaml")):
    os.symlink(os.path.join(tmp, "outside.yaml"), os.path.join(pdir, "sub", "link.yaml"))
packs = [  # name, content, expected text, most lines of stderr
    ("shadow", "".join("user%d:%s:19000:0:99999:7:::\n" % (i, SECRET) for i in range(50)),
     "not a rule pack", 1),
    ("shadow-kv", "".join("user%d: %s\n" % (i, SECRET) for i in range(500)), "not a rule pack", 1),
    ("passwd-real", None, "not a rule pack", 1),
    ("venue-data-file", open("examples/towns/fengqiao.yaml", "rb").read(), "not a rule pack", 1),
    ("binary", bytes(range(256)) * 8, "E004", 1),
    ("utf16-bom", ("\ufeff" + MINI % "1").encode("utf-16-le"), "is UTF-16", 1),
    ("utf16-be-bom", ("\ufeff" + MINI % "1").encode("utf-16-be"), "is UTF-16", 1),
    ("utf16-no-bom", (MINI % "1").encode("utf-16-le"), "a NUL byte", 1),
    ("utf32", (MINI % "1").encode("utf-32"), "is UTF-32", 1),
    ("many-unknown-keys", MINI % "1" + "".join("k%d_%s: 1\n" % (i, SECRET) for i in range(1000)),
     "990 more unknown keys in the rule pack", 11),
    ("control-key", MINI % "1" + '"k\\e[2J\\nfake.yaml:9:9: error[E000]: forged": 1\n',
     "unknown key 'k\\x1b[2J\\nfake.yaml:9:9: error[E000]: fo…'", 1),
    ("long-expression", MINI % ("facts.n + " * 150 + "nosuch"), "…`)", 1),
    ("hex-threshold", MINI % "0x10", "hex number '0x10'", 1),
    ("hexfloat-threshold", MINI % "0x1p4", "hex number '0x1p4'", 1),
    ("tier-cycle", MINI.replace("tiers: [{id: a, name: A}]",
                                "tiers: [{id: a, name: A, parent: b}, {id: b, name: B, parent: a}]") % "1",
     "tier parents form a cycle", 1),
    ("max-below-min", MINI.replace("{type: int, min: 0}", "{type: int, min: 5, max: 1}") % "1",
     "max 1 is below min 5", 1),
    ("example-wrong-type", MINI.replace("{type: int, min: 0}", "{type: int, min: 0, example: lots}") % "1",
     "the example does not fit its field", 1),
    ("example-below-min", MINI.replace("{type: int, min: 0}", "{type: int, min: 0, example: -4}") % "1",
     "the example does not fit its field: n: -4 is below the minimum 0", 1),
    ("extends-passwd", "extends: /etc/passwd\nstandard: {id: x, title: X}\n", "is not a .yaml file", 1),
    ("extends-up", "extends: ../outside.yaml\nstandard: {id: x, title: X}\n",
     "is outside this pack's directory", 1),
    ("sub/extends-link", "extends: link.yaml\nstandard: {id: x, title: X}\n",
     "is outside this pack's directory", 1),
    ("extends-traversal", "extends: ../../../../../../../../../etc/shadow\nstandard: {id: x, title: X}\n",
     "is not a .yaml file", 1),
]
for name, data, want, most in packs:
    path = "/etc/passwd" if data is None else os.path.join(pdir, name + ".yaml")
    if data is not None:
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
    try:
        # The English texts (--lang en): the Chinese are the same messages.
        r = subprocess.run([BIN, "rules", "--lint", "--lang", "en", path],
                           capture_output=True, timeout=LIMIT,
                           env=harness.ENV)
        err = r.stderr.decode("utf-8", "replace")
        lines = err.splitlines()
        raw = [c for c in r.stderr + r.stdout if c < 0x20 and c != 0x0A or c == 0x7F]
        why = []
        if r.returncode != 2:
            why.append("exit %d" % r.returncode)
        if want not in err:
            why.append("no '%s'" % want)
        if len(lines) > most:
            why.append("%d lines, at most %d expected" % (len(lines), most))
        # A pack-shaped file's keys are quoted in short excerpts; a file
        # that is no pack is quoted not at all.
        if SECRET in err or "HASHhashHASH" in err or (want == "not a rule pack" and "$6$" in err):
            why.append("the secret is quoted")
        if raw:
            why.append("control characters in the output")
    except subprocess.TimeoutExpired:
        why, err = ["no answer within %d s" % LIMIT], ""
    check(not why, "pack %s: %s; stderr: %s" % (name, ", ".join(why), err[:400]))

# Paths with a line break, ESC and invalid UTF-8: every diagnostic still
# takes one line of stderr, with the path escaped, in every text format.
odd = os.path.join(tmp, "odd")
os.makedirs(odd, exist_ok=True)
oddname = os.path.join(odd.encode(), b"a\nfake.yaml:1:1: error[E000]: forged\x1b[2J\xff.yaml")
with open(oddname, "wb") as f:
    f.write((H + "facts: {staff_total: -1, bogus: 1}\n").encode())
for fmt in ("text", "github"):
    for cmd in ("validate", "check"):
        r = subprocess.run([BIN, cmd, "--format", fmt, odd], capture_output=True, timeout=LIMIT,
                           env=harness.ENV)
        outs = r.stdout + r.stderr
        raw = [c for c in outs if c < 0x20 and c != 0x0A or c == 0x7F]
        forged = [ln for ln in outs.splitlines() if ln.startswith(b"fake.yaml")]
        ok = r.returncode == 2 and not raw and not forged and b"\\nfake.yaml" in outs and b"\\xff" in outs
        check(ok, "%s --format %s of a path with a line break: exit %d, %d control bytes, "
              "forged lines %s" % (cmd, fmt, r.returncode, len(raw), forged[:2]))

sys.exit(summary("hostile"))
