"""serve_admin_check.py - the administrator's commands on a data directory
(serve_admin.c): `venuecheck import` (a CSV, good and refused whole with
its line numbers; the examples' data files), `venuecheck link` (create,
list, revoke; the token nowhere on disk), `venuecheck export` (the latest
file of every venue as TREE/TIER/ID.EXT, and `check TREE/` judging them as
checking the originals does).

    python3 tests/serve_admin_check.py ./venuecheck
"""
import glob, hashlib, json, os, re, shutil, sqlite3, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
from harness import check, summary

BIN = os.path.abspath(sys.argv[1])
ROOT = harness.ROOT
EXAMPLES = os.path.join(ROOT, "examples")
TMP = tempfile.mkdtemp(prefix="vc-admin-")


def vc(*args):
    return harness.run(BIN, list(args))


def db(data):
    return sqlite3.connect(os.path.join(data, "venuecheck.db"))


def venues(data):
    with db(data) as c:
        return {r[0]: r[1:] for r in c.execute(
            "SELECT id, name, tier, parent, imported FROM venues")}


def write(name, text, encoding="utf-8"):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)
    return path


GOOD = ("\ufeffid,name,tier,parent\r\n"
        "330402,南湖区文化馆,county,3304\r\n"
        "330402-xf,新丰镇文化站,分馆,330402\r\n"
        '330402-xf-zl,"竹林村文化礼堂, 东",village,330402-xf\r\n'
        "\r\n"
        "330402-yx,余新镇文化站,town,330402,,\r\n")


def csv_import():
    data = os.path.join(TMP, "csv")
    good = write("good.csv", GOOD)
    r = vc("import", "--data", data, good, "--lang", "en")
    check(r.returncode == 0, "import good.csv: exit 0 (%s)" % r.stderr)
    check("imported 4 venues" in r.stdout, "import: says how many: " + r.stdout)
    v = venues(data)
    check(v.get("330402-xf") == ("新丰镇文化站", "town", "330402", 1),
          "the tier by its Chinese name is stored as the pack's id: %r" % (v.get("330402-xf"),))
    check(v.get("330402-xf-zl", ("",))[0] == "竹林村文化礼堂, 东", "a quoted name keeps its comma")
    check(len(v) == 4, "the blank line and the header are no venues: %r" % sorted(v))

    # Without a BOM or a header, and the same venues again: nothing changes.
    plain = write("plain.csv", GOOD.replace("\ufeffid,name,tier,parent\r\n", ""))
    r = vc("import", "--data", data, plain)
    check(r.returncode == 0 and "已导入 4 个场馆" in r.stdout,
          "import again, no BOM nor header, Chinese by default: " + r.stdout + r.stderr)
    check(venues(data) == v, "the same list twice: the same venues")

    bad = write("bad.csv",
                "id,name,tier,parent\n"
                "330402-fq,凤桥镇文化站,town,330402\n"       # good, but not kept
                "330402-dq,大桥镇,township,330402\n"          # 3: unknown tier
                "330402-qx,七星镇\n"                           # 4: two fields
                ",无编号,town,330402\n"                        # 5: empty id
                "330402-fq-a,某村,village,330402\n"            # 6: a village under a county
                "../x,坏,town,330402\n"                        # 7: a path in the id
                '330402-y,"未闭合,town,330402\n')              # 8: the quote runs to the end
    r = vc("import", "--data", data, bad, "--lang", "en")
    check(r.returncode == 2, "bad.csv: exit 2")
    for line in (3, 4, 5, 6, 7, 8):
        check(re.search(r"bad\.csv:%d: " % line, r.stderr),
              "bad.csv: line %d named: %s" % (line, r.stderr))
    check(not re.search(r"bad\.csv:2: ", r.stderr), "bad.csv: the good line is not blamed")
    check("unknown tier 'township'" in r.stderr and "city, county, town, village" in r.stderr,
          "bad.csv: the tiers expected are named")
    check("nothing was imported (an import is all or nothing)" in r.stderr,
          "bad.csv: says nothing was imported")
    check(venues(data) == v, "bad.csv: not even its good line was imported")
    r = vc("import", "--data", data, bad)
    check(r.returncode == 2 and "什么也没有导入" in r.stderr and "未知的层级" in r.stderr,
          "bad.csv in Chinese by default: " + r.stderr)

    gbk = write("gbk.csv", "id,name,tier,parent\n330402-a,新丰,town,330402\n", "gbk")
    r = vc("import", "--data", data, gbk, "--lang", "en")
    check(r.returncode == 2 and "gbk.csv:2: not UTF-8" in r.stderr, "a GBK CSV: its line named: " + r.stderr)
    empty = write("empty.csv", "id,name,tier,parent\n")
    r = vc("import", "--data", data, empty, "--lang", "en")
    check(r.returncode == 2 and "no venues" in r.stderr, "a CSV of a header alone: refused")


def tree_import():
    data = os.path.join(TMP, "tree")
    dirs = [os.path.join(EXAMPLES, d) for d in ("city", "county", "towns", "villages")]
    r = vc("import", "--data", data, *dirs, "--lang", "en")
    check(r.returncode == 0, "import the examples: exit 0: " + r.stderr)
    v = venues(data)
    files = [f for d in dirs for f in glob.glob(d + "/**/*.yaml", recursive=True)]
    check(len(v) == len(files), "one venue per example file: %d, %d" % (len(v), len(files)))
    check(v.get("330402-xf-zl", (None, None, None))[1:3] == ("village", "330402-xf"),
          "a village's tier and parent from its file: %r" % (v.get("330402-xf-zl"),))
    check(v.get("3304", (None, None, ""))[2] == "", "the city has no parent")

    # A workbook's venue, as a YAML file's.
    book = os.path.join(TMP, "import-book.xlsx")
    vc("convert", os.path.join(EXAMPLES, "towns", "daqiao.yaml"), "-o", book)
    r = vc("import", "--data", os.path.join(TMP, "book"), book)
    vb = venues(os.path.join(TMP, "book")) if r.returncode == 0 else {}
    check(len(vb) == 1 and list(vb.values())[0][1] == "town",
          "import a workbook: its venue: %r %s" % (vb, r.stderr))

    # examples/ as a whole holds broken/, the same venue id as a village
    # with another name: refused, both files named, as check refuses it.
    r = vc("import", "--data", os.path.join(TMP, "all"), EXAMPLES, "--lang", "en")
    check(r.returncode == 2 and "duplicate-zhulin.yaml" in r.stderr and "zhulin.yaml: id '330402-xf-zl'"
          in r.stderr and "nothing was imported" in r.stderr,
          "import examples/: the duplicate id refused, both files named: " + r.stderr)

    # A file that is not valid data refuses the whole import.
    broken = write("broken.yaml", "venue:\n  id: x\n  tier: nowhere\n")
    r = vc("import", "--data", data, broken, os.path.join(EXAMPLES, "towns"), "--lang", "en")
    check(r.returncode == 2 and "broken.yaml" in r.stderr and "nothing was imported" in r.stderr,
          "an invalid data file: the import refused, the file named: " + r.stderr)
    check(venues(data) == v, "an invalid data file: nothing changed")
    return data


def links(data):
    r = vc("link", "--data", data, "330402-xf", "--label", "新丰镇 张三")
    check(r.returncode == 0, "link: exit 0: " + r.stderr)
    m = re.fullmatch(r"http://127\.0\.0\.1:8080/u/([A-Za-z0-9_-]{22})\n", r.stdout)
    check(m, "link: the URL alone on stdout: %r" % r.stdout)
    token = m.group(1) if m else "x" * 22
    r2 = vc("link", "--data", data, "330402-yx", "--url", "https://portal.example:8443/")
    check(re.fullmatch(r"https://portal\.example:8443/u/[A-Za-z0-9_-]{22}\n", r2.stdout),
          "link --url: the server's address, no double slash: %r" % r2.stdout)
    r3 = vc("link", "--data", data, "nobody-yet", "--lang", "en")
    check(r3.returncode == 0 and "not in the list yet" in r3.stderr,
          "a link for a venue not yet listed: made, with a note")

    r = vc("link", "--data", data, "--list", "--lang", "en")
    rows = [l.split("\t") for l in r.stdout.splitlines()]
    check(r.returncode == 0 and rows[0] == ["id", "venue", "label", "created", "revoked"],
          "link --list: a header: %r" % rows[:1])
    check(len(rows) == 4 and rows[1][1:3] == ["330402-xf", "新丰镇 张三"] and rows[1][4] == "-",
          "link --list: the links, not revoked: %r" % rows)
    check(token not in r.stdout, "link --list shows no token")
    blob = b"".join(open(f, "rb").read() for f in glob.glob(data + "/**", recursive=True)
                    if os.path.isfile(f))
    check(token.encode() not in blob, "the token is nowhere in the data directory")
    check(hashlib.sha256(token.encode()).hexdigest().encode() in blob, "its hash is")

    r = vc("link", "--data", data, "--revoke", rows[1][0], "--lang", "en")
    check(r.returncode == 0 and "revoked link" in r.stdout, "link --revoke: exit 0: " + r.stdout)
    r = vc("link", "--data", data, "--revoke", rows[1][0], "--lang", "en")
    check(r.returncode == 0 and "already" in r.stdout, "revoking twice: said, exit 0")
    r = vc("link", "--data", data, "--list")
    row = r.stdout.splitlines()[1].split("\t")
    check(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[4]), "link --list: the revocation's time: %r" % row)
    r = vc("link", "--data", data, "--revoke", "999")
    check(r.returncode == 2 and "999" in r.stderr, "revoking an unknown link: exit 2")
    for args in (["--list", "330402-xf"], ["--revoke", "1", "--list"], []):
        r = vc("link", "--data", data, *args)
        check(r.returncode == 2, "link %s: a usage error, exit 2" % args)
    r = vc("link", "330402-xf")
    check(r.returncode == 2 and "--data" in r.stderr, "link without --data: exit 2")
    r = vc("link", "--data", data, "../etc")
    check(r.returncode == 2, "link for an id that is a path: refused")


def submit(data, venue, path, received, name=None):
    """A submission as the server keeps one: the blob under its sha256,
    the row naming it (the server's own code is exercised by its tests;
    here the export is)."""
    raw = open(path, "rb").read()
    sha = hashlib.sha256(raw).hexdigest()
    d = os.path.join(data, "blobs", sha[:2])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, sha), "wb") as f:
        f.write(raw)
    name = name or os.path.basename(path)
    kind = os.path.splitext(path)[1]
    with db(data) as c:
        c.execute("INSERT INTO submissions (venue_id, filename, sha256, size, received,"
                  " status, failing, kind) VALUES (?, ?, ?, ?, ?, 1, 0, ?)",
                  (venue, name, sha, len(raw), received, kind))
    return sha


def strip_paths(x):
    """x without the fields that name where a file was read from."""
    if isinstance(x, dict):
        return {k: strip_paths(v) for k, v in x.items() if k not in ("path", "file", "files_from")}
    if isinstance(x, list):
        return [strip_paths(v) for v in x]
    return x


def verdicts(out):
    """A JSON report with its paths left out: each file's entry by venue
    id (its verdict, every result, measured and required), the roll-ups
    and the summary."""
    rep = json.loads(out)
    files = {f["venue"]["id"]: strip_paths(f) for f in rep["files"]}
    return files, strip_paths(rep["rollups"]), strip_paths(rep["summary"])


def export(data):
    originals = sorted(glob.glob(EXAMPLES + "/[ctv]*/**/*.yaml", recursive=True))
    ids = {}
    for f in originals:
        m = re.search(r'^  id: "?([^"\n]+)"?$', open(f, encoding="utf-8").read(), re.M)
        ids[f] = m.group(1)
    # One venue's latest upload is a workbook: exported as .xlsx.
    book = os.path.join(TMP, "book.xlsx")
    r = vc("convert", originals[-1], "-o", book)
    check(r.returncode == 0, "convert an example to a workbook: " + r.stderr)
    ids[book] = ids[originals[-1]]
    submit(data, ids[book], originals[-1], 50)
    originals[-1] = book
    # An older file of one venue first: export takes the latest.
    first = originals[0]
    submit(data, ids[first], os.path.join(EXAMPLES, "broken", "duplicate-zhulin.yaml"), 1)
    for i, f in enumerate(originals):
        submit(data, ids[f], f, 100 + i, name="上传 %d%s" % (i, os.path.splitext(f)[1]))
    # A file whose kind the server could not tell: nothing to export.
    submit(data, "330402-odd", os.path.join(EXAMPLES, "README.md"), 500)

    tree = os.path.join(TMP, "export")
    r = vc("export", "--data", data, "-o", tree, "--lang", "en")
    check(r.returncode == 0, "export: exit 0: " + r.stderr)
    got = sorted(os.path.relpath(p, tree) for p in glob.glob(tree + "/**", recursive=True)
                 if os.path.isfile(p))
    tiers = venues(data)
    def out(f):
        return "%s/%s%s" % (tiers[ids[f]][1], ids[f], os.path.splitext(f)[1])
    want = sorted(out(f) for f in originals)
    check(got == want, "export: TIER/ID.EXT for every venue, nothing else: %r" % got[:4])
    check(out(book).endswith(".xlsx") and out(book) in got, "export: the workbook as .xlsx")
    same = all(open(os.path.join(tree, out(f)), "rb").read() == open(f, "rb").read()
               for f in originals)
    check(same, "export: each file byte for byte the venue's latest upload")

    a = vc("check", "--format", "json", tree)
    b = vc("check", "--format", "json", *originals)
    check(a.returncode == b.returncode, "check TREE/ exits as check of the originals: %d %d"
          % (a.returncode, b.returncode))
    va, vb = verdicts(a.stdout), verdicts(b.stdout)
    check(len(va[0]) == len(originals) and va == vb,
          "check TREE/: every venue's verdicts, the roll-ups and the summary those of the originals")

    # Again into the same tree: the same files (atomically replaced).
    r = vc("export", "--data", data, "-o", tree)
    check(r.returncode == 0, "export twice: exit 0")
    # A damaged blob is not exported as the clerk's file.
    sha = hashlib.sha256(open(originals[-1], "rb").read()).hexdigest()
    with open(os.path.join(data, "blobs", sha[:2], sha), "ab") as f:
        f.write(b"#")
    r = vc("export", "--data", data, "-o", os.path.join(TMP, "export2"), "--lang", "en")
    check(r.returncode == 2 and "damaged" in r.stderr, "export: a damaged blob named, exit 2")
    r = vc("export", "--data", data)
    check(r.returncode == 2, "export without -o: exit 2")


def help_and_usage():
    for cmd in ("import", "link", "export"):
        r = vc("help", cmd)
        check(r.returncode == 0 and ("venuecheck " + cmd) in r.stdout and "--data" in r.stdout,
              "help %s: its usage and options" % cmd)
    r = vc("import", "--data", os.path.join(TMP, "u"))
    check(r.returncode == 2 and not os.path.exists(os.path.join(TMP, "u")),
          "import with nothing to import: exit 2, DIR not made")
    r = vc("import", "--data", "/proc/nonexistent/dir", os.path.join(EXAMPLES, "towns"))
    check(r.returncode == 2 and "/proc/nonexistent/dir" in r.stderr,
          "a data directory that cannot be made: exit 2, the admin is told where")


try:
    csv_import()
    d = tree_import()
    links(d)
    export(d)
    help_and_usage()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(summary("serve-admin"))
