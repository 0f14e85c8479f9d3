#!/usr/bin/env python3
"""output.py - hostile file lists and outputs (issue 15, items 2, 3 and 9):

  - lists of files (--files-from, "-") that never end or hold no text: a
    path of PATH_MAX bytes or more, more lines than the entries limit or a
    NUL byte is an error at its line, exit 2, in bounded time and memory;
  - -o naming an input (a data file, a workbook, the pack, the waivers,
    the list) or a data file name inside a directory the run reads: refused,
    exit 2, the input untouched;
  - output lost to a full device (/dev/full; a small tmpfs when one can be
    mounted): a message with the system's reason, exit 2, for every command;
  - temporaries left by a SIGKILL are removed by the next run for the same
    target, those of a live writer (locked) or too young are not.

usage: tests/hostile/output.py BINARY   (from the repository root)"""
import fcntl, glob, os, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ENV = harness.ENV
PACK = os.path.abspath("rules/jiaxing-2015.yaml")
TOWNS = os.path.abspath("examples/towns")
LIMIT = 20  # seconds: a bound on hangs, not a speed test
PATH_MAX = os.pathconf("/", "PC_PATH_MAX")
tmp = tempfile.mkdtemp()


def run(args, stdin=None, shell=False, cwd=None):
    """(exit status, stdout, stderr) as text; None for no answer in time."""
    try:
        # The English texts (--lang en) are matched here; the Chinese are
        # the same messages of the table.
        r = subprocess.run(args if shell else [BIN] + args + ["--lang", "en"],
                           stdin=stdin, shell=shell,
                           capture_output=True, env=ENV, timeout=LIMIT, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "", "no answer within %d s" % LIMIT
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def write(name, data):
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return path


def expect(what, result, code, *needles):
    status, out, err = result
    ok = status == code and all(n in out + err for n in needles)
    check(ok, "%s: expected exit %d with %s; got %s: %s" % (
        what, code, " and ".join(repr(n) for n in needles), status, (out + err)[-400:]))


# ---- item 2: lists of files ----
town = os.path.join(TOWNS, "daqiao.yaml")
tiny = write("tiny.yaml", "venue: {id: t, name: 镇, tier: town, year: 2024}\n")
expect("--files-from /dev/zero", run(["validate", "--files-from", "/dev/zero"]), 2,
       "/dev/zero:1:1: error[E010]")
with open("/dev/zero", "rb") as z:
    expect("/dev/zero on standard input", run(["validate", "-"], stdin=z), 2,
           "standard input:1:1: error[E010]")
expect("an endless line", run("yes aaaa | tr -d '\\n' | %s validate --lang en -" % BIN, shell=True), 2,
       "standard input:1:1: error[E036]", "PATH_MAX")
expect("endless empty lines", run("yes '' | %s validate --lang en -" % BIN, shell=True), 2,
       "standard input:200001:1: error[E037]")
# The bounds, each side: the last line allowed is checked, the next refused.
listed = write("ten.txt", "\n".join([tiny] * 10) + "\n")
expect("ten lines, --limit entries=10", run(["validate", "--limit", "entries=10", "--files-from", listed]), 0)
listed = write("eleven.txt", "\n".join([tiny] * 11) + "\n")
expect("eleven lines, --limit entries=10",
       run(["validate", "--limit", "entries=10", "--files-from", listed]), 2,
       listed + ":11:1: error[E037]")
long_ok = "/" + "a" * (PATH_MAX - 2)  # PATH_MAX - 1 bytes: a path, if not a file
status, out, err = run(["validate", "--files-from", write("long-ok.txt", town + "\n" + long_ok + "\n")])
check(status == 2 and "PATH_MAX" not in err and "E036" not in err and "E001" in out + err,
      "a path of PATH_MAX - 1 bytes is read as a path (and is missing): %s" % err[-300:])
listed = write("long.txt", town + "\n" + long_ok + "a\n")
expect("a path of PATH_MAX bytes", run(["validate", "--files-from", listed]), 2,
       listed + ":2:1: error[E036]")
listed = write("nul.txt", (town + "\n" + town + "\nab\0c\n").encode())
expect("a NUL byte in line 3", run(["validate", "--files-from", listed]), 2,
       listed + ":3:3: error[E010]")
expect("a CRLF list", run(["validate", "--files-from", write("crlf.txt", town + "\r\n")]), 0)

# ---- item 3: -o naming an input ----
data = os.path.join(tmp, "data")
shutil.copytree(TOWNS, data)
venue = os.path.join(data, "daqiao.yaml")
with open(venue, "rb") as f:
    original = f.read()


def unchanged(path, before, what):
    with open(path, "rb") as f:
        check(f.read() == before, "%s: the input was changed" % what)


for what, args in [
        ("check -o FILE FILE", ["check", "-o", venue, venue]),
        ("validate -o FILE FILE", ["validate", "-o", venue, venue]),
        ("check -o FILE DIR", ["check", "-o", venue, data]),
        ("another spelling", ["check", "-o", data + "/../data/./daqiao.yaml", data]),
        ("convert FILE -o FILE", ["convert", venue, "-o", venue])]:
    expect(what, run(args), 2, "an input of this run")
    unchanged(venue, original, what)
os.symlink(venue, os.path.join(tmp, "link.yaml"))
os.link(venue, os.path.join(tmp, "hard.yaml"))
for name in ("link.yaml", "hard.yaml"):
    expect("-o a %s to the input" % name, run(["check", "-o", os.path.join(tmp, name), venue]), 2,
           "an input of this run")
    unchanged(venue, original, name)
book = os.path.join(tmp, "daqiao.xlsx")
expect("convert to a workbook", run(["convert", venue, "-o", book]), 0)
with open(book, "rb") as f:
    book_bytes = f.read()
for what, args in [("check -o BOOK BOOK", ["check", "-o", book, book]),
                   ("convert BOOK -o BOOK", ["convert", book, "-o", book])]:
    expect(what, run(args), 2, "an input of this run")
    unchanged(book, book_bytes, what)
waivers = write("w.yaml", "[]\n")
expect("-o the waivers", run(["check", "--waivers", waivers, "-o", waivers, venue]), 2, "an input of this run")
unchanged(waivers, b"[]\n", "-o the waivers")
listed = write("list.txt", venue + "\n")
expect("-o the list", run(["check", "--files-from", listed, "-o", listed]), 2, "an input of this run")
unchanged(listed, (venue + "\n").encode(), "-o the list")
pack = os.path.join(tmp, "pack.yaml")
shutil.copy(PACK, pack)
with open(pack, "rb") as f:
    pack_bytes = f.read()
for what, args in [("check -o the pack", ["check", "-r", pack, "-o", pack, venue]),
                   ("template -o the pack", ["template", "--tier", "town", "-r", pack, "-o", pack])]:
    expect(what, run(args), 2, "an input of this run")
    unchanged(pack, pack_bytes, what)
# A new data file inside a directory the run reads would be read next time.
for name in ("report.yaml", "report.xlsx", "sub/report.yml"):
    os.makedirs(os.path.join(data, "sub"), exist_ok=True)
    out = os.path.join(data, name)
    expect("-o %s inside the directory" % name, run(["check", "-o", out, data]), 2,
           "a directory this run reads")
    check(not os.path.exists(out), "-o %s: created anyway" % name)
for name in ("report.json", ".hidden/report.yaml"):
    os.makedirs(os.path.join(data, ".hidden"), exist_ok=True)
    out = os.path.join(data, name)
    r = run(["check", "-o", out, data])
    check(r[0] in (0, 1) and os.path.exists(out),
          "-o %s is not read by the walk, so allowed: %s" % (name, r))
r = run(["check", "-o", os.path.join(data, "r.yaml"), venue])
check(r[0] in (0, 1), "-o a data file beside a file argument (no directory read): %s" % (r,))

# ---- item 9: lost output ----
rule = run(["rules", "--tier", "town"])[1].split()[0]
commands = [("check", ["check", TOWNS]), ("validate", ["validate", TOWNS]),
            ("check --format json", ["check", "--format", "json", TOWNS]),
            ("check --format csv", ["check", "--format", "csv", TOWNS]),
            ("check --format junit", ["check", "--format", "junit", TOWNS]),
            ("check --format github", ["check", "--format", "github", TOWNS]),
            ("rules", ["rules"]), ("rules --lint", ["rules", "--lint"]),
            ("rules --test", ["rules", "--test", "rules/tests"]),
            ("explain", ["explain", rule]), ("explain FILE", ["explain", rule, town]),
            ("template", ["template", "--tier", "town"]),
            ("convert -o -", ["convert", town, "-o", "-"]),
            ("--help", ["--help"]), ("--version", ["--version"])]
for what, args in commands:
    with open("/dev/full", "w") as full:
        try:
            r = subprocess.run([BIN] + args + ["--lang", "en"], stdout=full,
                               stderr=subprocess.PIPE, env=ENV,
                               timeout=LIMIT)
            status, err = r.returncode, r.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            status, err = None, "no answer"
    check(status == 2 and "No space left on device" in err
          and ("standard output" in err or "标准输出" in err)
          and err.count("No space left") == 1,
          "%s > /dev/full: expected exit 2 and one message with the reason; got %s: %s"
          % (what, status, err[-300:]))
    if what in ("check", "rules"):  # and the same command is fine otherwise
        check(run(args)[0] in (0, 1), "%s without /dev/full" % what)

# -o a device: written in place (no temporary can be renamed over it), its
# failure named and explained like any other; a workbook needs a file.
for what, args in [("check -o", ["check", TOWNS]), ("validate -o", ["validate", TOWNS])] + \
        [("check -o -f " + f, ["check", "-f", f, TOWNS]) for f in ("json", "csv", "junit", "github")] + \
        [("convert -o", ["convert", town])]:
    r = run(args + ["-o", "/dev/full"])
    check(r[0] == 2 and "/dev/full: error[E001]: cannot write the report: No space left on device" in r[2]
          and r[2].count("No space left") == 1,
          "%s /dev/full: expected exit 2 naming /dev/full and the reason; got %s: %s"
          % (what, r[0], r[2][-300:]))
    r = run(args + ["-o", "/dev/null"])
    check(r[0] in (0, 1) and "error" not in r[2], "%s /dev/null: written: %s" % (what, r))
r = run(["check", "-f", "xlsx", "-o", "/dev/full", TOWNS])
check(r[0] == 2 and "/dev/full: error[E001]: cannot write the report: a workbook needs a regular file" in r[2],
      "check -f xlsx -o /dev/full: refused with the reason: %s" % (r,))


def full_disk(script):
    """Run script (sh) with $D a 64 KiB tmpfs, in a mount namespace of its
    own; None when no tmpfs can be mounted here."""
    mnt = os.path.join(tmp, "mnt")
    os.makedirs(mnt, exist_ok=True)
    sh = 'mount -t tmpfs -o size=64k tmpfs "$D" || exit 99\n' + script
    try:
        r = subprocess.run(["unshare", "-rm", "sh", "-c", sh], capture_output=True,
                           env=dict(ENV, D=mnt, B=BIN, T=TOWNS, V="examples/villages", F=town),
                           timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if r.returncode == 99 or b"unshare:" in r.stderr:
        return None
    return r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace")


# A report too large for the disk: the target and the reason are named, and
# no temporary is left behind.
can_unshare = harness.have("unshare", "util-linux", "the full-disk cases")
probe = full_disk("true") if can_unshare else None
if can_unshare and probe is None:
    # Not a missing package: this machine does not let us mount one.
    print("SKIP: the full-disk cases: cannot mount a tmpfs here (/dev/full only)")
    harness.counts["skipped"] += 1
if probe is not None:
    # The disk is filled first (head stops at its end), so every report
    # meets it; "left:" lists what remains in it afterwards.
    fill = 'head -c 100000 /dev/zero > "$D/fill" 2>/dev/null; '
    done = '; echo "exit $?"; echo "left:" $(ls "$D")'
    cases = [("check -o r.%s" % ext, '$B check --lang en -o "$D/r.%s" "$T" "$V" >/dev/null' % ext, "/r." + ext)
             for ext in ("json", "csv", "xml", "txt", "xlsx")]
    cases += [("convert -o c.xlsx", '$B convert --lang en "$F" -o "$D/c.xlsx"', "/c.xlsx"),
              ("convert -o c.yaml", '$B convert --lang en "$F" -o "$D/c.yaml"', "/c.yaml"),
              ("template -o t.xlsx", '$B template --lang en --tier town -o "$D/t.xlsx"', "/t.xlsx"),
              ("template -o t.yaml", '$B template --lang en --tier town -o "$D/t.yaml"', "/t.yaml")]
    for what, cmd, name in cases:
        out = full_disk(fill + cmd + done)
        left = [line for line in out.splitlines() if line.startswith("left:")]
        check("exit 2" in out and name + ": error[E001]: cannot write" in out
              and "No space left on device" in out and left == ["left: fill"],
              "%s on a full disk: %s" % (what, out[-500:]))

# ---- item 9: temporaries left behind ----
out_dir = os.path.join(tmp, "out")
os.makedirs(out_dir)
target = os.path.join(out_dir, "r.json")
old = time.time() - 3600


def temp(name, age=old):
    path = os.path.join(out_dir, name)
    with open(path, "w") as f:
        f.write("half a report")
    os.utime(path, (age, age))
    return path


stale = temp("r.json.tmp.Ab12Cd")
young = temp("r.json.tmp.Young1", time.time())
locked = temp("r.json.tmp.Locked")
others = [temp("r.json.tmp.Short"), temp("r.json.tmp.TooLong"), temp("x.json.tmp.Ab12Cd"),
          temp("r.json.tmp.Ab-2Cd"), temp("r.json.tmp.Ab12Cd.bak")]
with open(locked) as held:
    fcntl.flock(held, fcntl.LOCK_EX)  # a writer at work
    status = run(["check", "-o", target, town])[0]
check(status == 0 and os.path.exists(target), "check -o r.json beside temporaries: exit %s" % status)
check(not os.path.exists(stale), "a stale temporary of the target is removed")
check(os.path.exists(young), "a temporary younger than a minute is kept")
check(os.path.exists(locked), "a locked temporary (a live writer) is kept")
check(all(os.path.exists(p) for p in others), "other names are kept: %s" % os.listdir(out_dir))

# A real SIGKILL while the report is written, then the next run.
batch = os.path.join(tmp, "batch")
for i in range(600):
    write("batch/v%04d.yaml" % i, "venue: {id: v%04d, name: 镇%d, tier: town, year: 2024}\n" % (i, i))
book_target = os.path.join(out_dir, "k.xlsx")
left = []
for attempt in range(5):
    p = subprocess.Popen([BIN, "check", "-o", book_target, batch], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=ENV)
    while p.poll() is None and not glob.glob(book_target + ".tmp.*"):
        time.sleep(0.001)
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    left = glob.glob(book_target + ".tmp.*")
    if left:
        break
if not left:
    print("SKIP: the SIGKILL case: each run ended before it could be killed")
    harness.counts["skipped"] += 1
else:
    check(p.returncode == -signal.SIGKILL, "the writer was killed")
    for f in left:
        os.utime(f, (old, old))
    status = run(["check", "-o", book_target, town])[0]
    check(status == 0 and os.path.exists(book_target), "the next run writes k.xlsx")
    check(not glob.glob(book_target + ".tmp.*"),
          "the next run removes the temporary the killed one left: %s" % os.listdir(out_dir))

shutil.rmtree(tmp)
sys.exit(summary("output"))
