#!/usr/bin/env python3
"""xls.py - hostile and mislabelled .xls workbooks, generated at test time
with tests/xlsgen.py (no binary fixture):

  not BIFF    a zip, a web page, a CSV named .xls: E040 saying what it is;
              WPS's .et: E041 saying to save as .xlsx or .xls
  encrypted   a FILEPASS record (how Excel encrypts an .xls), an encrypted
              .xlsx in its OLE wrapper named .xls: E041
  truncated   a workbook cut at every 256 bytes, one in the mini stream
              at every 64: exit 2, never a signal
  ranges      a sheet declaring 65536 x 256 cells (libfreexl would take
              256 MB), 200 sheets of 65536 x 255, 300 sheets: E037 within
              a second and 64 MB; a range declared twice, a cell given
              twice, a short record: E040
  limits      rows and cells past --limit entries, a text past --limit
              value-size: at sheet!cell
  dates       a date cell of the year 2,700,000 (a 1-billion-step loop in
              libfreexl): E021 at its cell; 5000 dates of 9999-12-31:
              E003 within a second
  values      formulas' saved values (number, text, error), booleans and
              error cells read as an .xlsx's are; 1904-system dates

usage: tests/hostile/xls.py BINARY   (from the repository root)"""
import os, resource, struct, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import harness  # noqa: E402
import xlsgen as g  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp()
INFO = [(0, 0, "代码"), (0, 1, "项目"), (0, 2, "填写"),
        (1, 0, "venue.id"), (1, 2, "x-1"), (2, 0, "venue.name"), (2, 2, "测试村"),
        (3, 0, "venue.tier"), (3, 2, "village"), (4, 0, "venue.year"), (4, 2, 2024)]
EVENTS = [(0, 0, "日期"), (0, 1, "活动名称"), (0, 2, "类型"), (0, 3, "参与人数")]


def write(name, data):
    path = os.path.join(tmp, name)
    open(path, "wb").write(data)
    return path


def run(args, limit=30, lang="en"):
    """The messages in English (--lang en), which the checks quote."""
    t0 = time.time()
    r = harness.run(BIN, ["--lang", lang] + list(args), timeout=limit)
    r.seconds = time.time() - t0
    r.rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return r


def refused(path, code, what, also="", args=(), seconds=None, rss=None):
    r = run(["validate"] + list(args) + [path])
    out = r.stdout + r.stderr
    line = [l for l in out.splitlines() if "error[%s]" % code in l and also in l]
    check(r.returncode == 2 and line, "%s: exit 2, %s%s; got exit %d:\n%s" % (
        what, code, " with '%s'" % also if also else "", r.returncode, out[-600:]))
    if seconds is not None:
        check(r.seconds < seconds, "%s: within %g s (took %.2f s)" % (what, seconds, r.seconds))
    if rss is not None:
        check(r.rss_mb < rss, "%s: within %d MB (peak %d MB)" % (what, rss, r.rss_mb))
    return out


def not_biff():
    refused(write("zip.xls", b"PK\3\4" + os.urandom(200)), "E040", "an .xlsx named .xls", "rename it to .xlsx")
    refused(write("page.xls", "<html><body><table><tr><td>活动</td></tr></table>".encode()), "E040",
            "a web page named .xls", "web page")
    refused(write("table.xls", "日期,名称\n2024-01-02,春节\n".encode()), "E040", "a CSV named .xls",
            "not an .xls workbook")
    refused(write("empty.xls", b""), "E040", "an empty .xls", "not an .xls workbook")
    refused(write("biff4.xls", b"\x09\x04\x06\x00\x00\x00\x10\x00" + b"\0" * 100), "E040",
            "an Excel 4.0 worksheet", "Excel 2.x-4.0")
    biff5 = g.rec(0x0809, struct.pack("<HHHH", 0x0500, 5, 0, 0)) + g.rec(0x000A, b"")
    refused(write("excel95.xls", g.cfb(biff5)), "E040", "an Excel 5.0/95 workbook", "Excel 5.0/95")
    out = refused(write("wps.et", g.book([("基本信息", INFO)])), "E041", "a WPS .et", "WPS")
    check("save it as .xlsx or .xls" in out, "the .et message says to save as .xlsx or .xls")
    refused(write("word.xls", g.cfb(b"\0" * 4096, name="WordDocument")), "E040",
            "an OLE file without a workbook", "without a workbook")
    # Chinese by default, saying what to do.
    r = run(["validate", os.path.join(tmp, "zip.xls")], lang="zh")
    check("错误[E040]" in r.stdout + r.stderr and "请把扩展名改为 .xlsx" in r.stdout + r.stderr,
          "in Chinese by default:\n" + r.stdout + r.stderr)
    r = run(["validate", os.path.join(tmp, "wps.et")], lang="zh")
    check("另存为 .xlsx 或 .xls" in r.stdout + r.stderr, "the .et message in Chinese:\n" + r.stdout + r.stderr)


def encrypted():
    out = refused(write("filepass.xls", g.book([("基本信息", INFO)], filepass=True)), "E041",
                  "an encrypted .xls (FILEPASS)", "password-protected")
    check(".xlsx or .xls" in out, "the message says what to do")
    refused(write("ooxml.xls", g.cfb(b"\0" * 5000, name="EncryptedPackage")), "E041",
            "an encrypted .xlsx named .xls", "password-protected")


def truncated():
    data = g.book([("基本信息", INFO), ("活动台账", EVENTS + [(1, 0, g.Date(45334)), (1, 1, "春节"),
                                                         (1, 2, "performance"), (1, 3, 80)])])
    bad = 0
    for n in range(0, len(data), 256):
        r = run(["validate", write("cut.xls", data[:n])], limit=10)
        bad += r.returncode != 2 or "E040" not in r.stdout + r.stderr
    check(bad == 0, "every cut of a workbook (%d bytes, every 256): E040, %d not" % (len(data), bad))
    r = run(["validate", write("whole.xls", data)])
    check(r.returncode == 0, "the whole workbook is valid:\n" + r.stdout + r.stderr)
    # A stream under 4096 bytes, in the mini stream (as the format wants
    # it; Excel and LibreOffice pad theirs): read, and cut, refused.
    small = g.cfb_mini(g.stream([("基本信息", INFO)]))
    r = run(["validate", write("mini.xls", small)])
    check(r.returncode == 0, "a workbook in the mini stream is read:\n" + r.stdout + r.stderr)
    bad = 0
    for n in range(0, len(small), 64):
        r = run(["validate", write("cut.xls", small[:n])], limit=10)
        bad += r.returncode != 2 or "E040" not in r.stdout + r.stderr
    check(bad == 0, "every cut of a mini-stream workbook (%d bytes, every 64): E040, %d not" % (len(small), bad))


def ranges():
    refused(write("range.xls", g.book([("基本信息", INFO)], dims={0: (65536, 256)})), "E037",
            "one sheet declaring 65536 x 256 cells", "declares more than", seconds=1, rss=64)
    sheets = [("基本信息", INFO)] + [("S%d" % i, []) for i in range(200)]
    refused(write("sheets.xls", g.book(sheets, dims={i: (65536, 255) for i in range(1, 201)})), "E037",
            "200 sheets of 65536 x 255", "declares more than", seconds=1, rss=64)
    refused(write("many.xls", g.book([("基本信息", INFO)] + [("S%d" % i, []) for i in range(300)])), "E037",
            "300 sheets", "more than 256 sheets")
    # Records appended to the last sheet, before its EOF.
    twice = g.stream([("基本信息", INFO)])
    dim = g.rec(0x0200, struct.pack("<IIHHH", 0, 10, 0, 5, 0))
    eof = g.rec(0x000A, b"")
    refused(write("dim2.xls", g.cfb(twice[:-4] + dim + eof)), "E040", "a range declared twice", "twice")
    cell = g.rec(0x0203, struct.pack("<HHHd", 1, 2, 0, 5.0))
    refused(write("cell2.xls", g.cfb(twice[:-4] + cell + eof)), "E040", "a cell given twice", "基本信息!C2")
    refused(write("short.xls", g.cfb(twice[:-4] + g.rec(0x0203, b"\1\0") + eof)), "E040",
            "a NUMBER record of 2 bytes", "cut short")


def limits():
    rows = [(0, 0, "日期")] + [(r, 0, g.Date(45300 + r)) for r in range(1, 201)]
    path = write("rows.xls", g.book([("基本信息", INFO), ("活动台账", rows)]))
    refused(path, "E037", "200 entries at --limit entries=100", "活动台账!A102", args=["--limit", "entries=100"])
    long = write("long.xls", g.book([("基本信息", INFO), ("活动台账", EVENTS + [(1, 1, "长" * 40)])]))
    refused(long, "E036", "a text over --limit value-size=100", "活动台账!B2", args=["--limit", "value-size=100"])
    long = write("longf.xls", g.book([("基本信息", INFO), ("活动台账", EVENTS + [(1, 1, g.Formula("长" * 40))])]))
    refused(long, "E036", "a formula's text over --limit value-size=100", "活动台账!B2",
            args=["--limit", "value-size=100"])


def dates():
    far = write("far.xls", g.book([("基本信息", INFO), ("活动台账", EVENTS + [(1, 0, g.Date(1e9))])]))
    refused(far, "E021", "a date of the year 2,700,000", "活动台账!A2", seconds=1)
    many = EVENTS + [(r, 0, g.Date(2958465)) for r in range(1, 5001)]
    refused(write("dates.xls", g.book([("基本信息", INFO), ("活动台账", many)])), "E003",
            "5000 dates of 9999-12-31", "too far in the future", seconds=1)


def values():
    ev = EVENTS + [(1, 0, g.Date(45334)), (1, 1, g.Formula("春节联欢")), (1, 2, "performance"),
                   (1, 3, g.Formula(120))]
    path = write("values.xls", g.book([("基本信息", INFO + [(5, 0, "declared.open.free_open"), (5, 2, True)]),
                                       ("活动台账", ev)]))
    r = run(["convert", path, "-o", "-"])
    out = r.stdout + r.stderr
    check(r.returncode == 0 and "title: 春节联欢" in out and "participants: 120" in out and
          "date: 2024-02-12" in out, "formula values (text, number) and a date cell read:\n" + out[-800:])
    check("free_open: true" in out, "a boolean cell reads as true:\n" + out[-400:])
    # The 1904 date system (Excel for Mac): serial 43872 is 2024-02-12.
    ev1904 = list(ev)
    ev1904[4] = (1, 0, g.Date(45334 - 1462))
    r = run(["convert", write("d1904.xls", g.book([("基本信息", INFO), ("活动台账", ev1904)], date1904=True)),
             "-o", "-"])
    check(r.returncode == 0 and "date: 2024-02-12" in r.stdout, "a 1904-system date:\n" + r.stdout + r.stderr)
    ev[-1] = (1, 3, g.Formula(g.Err(7)))
    out = refused(write("error.xls", g.book([("基本信息", INFO), ("活动台账", ev)])), "E023",
                  "a formula's error", "participants: #DIV/0!")
    check("活动台账!D2" in out, "the formula's error is named at its cell:\n" + out)
    ev[-1] = (1, 3, g.Err(42))
    out = refused(write("na.xls", g.book([("基本信息", INFO), ("活动台账", ev)])), "E023",
                  "an error cell", "participants: #N/A")
    check("活动台账!D2" in out, "the error cell is named at its cell:\n" + out)


def main():
    not_biff()
    encrypted()
    truncated()
    ranges()
    limits()
    dates()
    values()
    return summary("hostile-xls")


sys.exit(main())
