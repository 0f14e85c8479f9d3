#!/usr/bin/env python3
"""workbook.py - workbooks that mean something else to another reader, or
that the reader must not be more lenient with than with YAML (issue 15,
items 8 and 11), generated at test time:

  numbers     a numeric cell follows the YAML number grammar: 0x10, 0x1p4,
              1e400 refused at sheet!cell, 16 and 1e-310 read; a boolean
              cell is 1, 0, true or false
  archive     a part twice (also by case) is E040; once, it is read
  sheets      a sheet relationship to a part that is not a worksheet is
              E040; a chart sheet is left out
  dates       t="d" ISO 8601 cells are read as dates, judged like any date
  positions   shared string out of range, bad cell reference, unknown
              cell type, a cell (inline or shared) over the value-size
              limit: sheet!cell; malformed XML: part:line:col

usage: tests/hostile/workbook.py BINARY   (from the repository root)"""
import os, sys, tempfile, warnings, zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp()
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def run(args):
    # The English texts (--lang en) are matched below; the Chinese are the
    # same messages of the table.
    return harness.run(BIN, args + ["--lang", "en"], timeout=30)


def inl(s):
    return '<c t="inlineStr"><is><t>%s</t></is></c>' % s


def num(v, t=None):
    return '<c%s><v>%s</v></c>' % (' t="%s"' % t if t else "", v)


def row(*cells):
    return "<row>%s</row>" % "".join(cells)


INFO = (row(inl("代码"), inl("项目"), inl("填写")) + row(inl("venue.id"), inl("编号"), inl("w-1")) +
        row(inl("venue.name"), inl("名称"), inl("测试镇")) + row(inl("venue.tier"), inl("层级"), inl("town")) +
        row(inl("venue.year"), inl("年度"), num(2024)))
EVENTS = row(inl("日期"), inl("活动名称"), inl("类型"), inl("参与人数"))
EXHIBITS = row(inl("开展日期"), inl("展览名称"), inl("展线长度"))


def book(name, sheets, strings=None, extra=(), rel_types=None, raw_parts=None):
    """sheets: [(name, sheetData XML)]; extra: more (name, bytes) entries
    written as they are (duplicates included); rel_types: a sheet's
    relationship type and target instead of a worksheet's."""
    path = os.path.join(tmp, name)
    wb = '<?xml version="1.0"?><workbook %s><sheets>%s</sheets></workbook>' % (
        NS, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1)
                    for i, (n, _) in enumerate(sheets)))
    rels = ""
    for i in range(len(sheets)):
        t, target = (rel_types or {}).get(i, ("worksheet", "worksheets/s%d.xml" % (i + 1)))
        rels += '<Relationship Id="rId%d" Type="%s%s" Target="%s"/>' % (i + 1, REL, t, target)
    if strings is not None:
        rels += '<Relationship Id="rIdS" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % REL
    parts = [("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
              'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
             ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="%sofficeDocument" '
              'Target="xl/workbook.xml"/></Relationships>' % REL),
             ("xl/workbook.xml", wb),
             ("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
              'openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)]
    if strings is not None:
        parts.append(("xl/sharedStrings.xml", '<?xml version="1.0"?><sst %s>%s</sst>' % (
            NS, "".join("<si><t>%s</t></si>" % s for s in strings))))
    for i, (_, data) in enumerate(sheets):
        body = (raw_parts or {}).get(i)
        parts.append(("xl/worksheets/s%d.xml" % (i + 1), body if body is not None else
                      '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, data)))
    parts.extend(extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicates made on purpose
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in parts:
                z.writestr(n, data)
    return path


def refused(path, code, where, what, also=""):
    r = run(["validate", path])
    out = r.stdout + r.stderr
    line = [l for l in out.splitlines() if where in l and "error[%s]" % code in l and also in l]
    check(r.returncode == 2 and line,
          "%s: exit 2, %s at %s%s; got exit %d:\n%s" % (what, code, where,
                                                        " with '%s'" % also if also else "", r.returncode, out))


def accepted(path, what, want=()):
    r = run(["convert", path, "-o", "-"])
    check(r.returncode == 0 and all(w in r.stdout for w in want),
          "%s: read, with %s; got exit %d:\n%s" % (what, list(want), r.returncode, r.stdout + r.stderr))
    return r.stdout


def numbers():
    ev = lambda v: book("n.xlsx", [("基本信息", INFO), ("活动台账", EVENTS + row(
        inl("2024-03-01"), inl("演出"), inl("other"), v))])
    refused(ev(num("0x10")), "E018", "活动台账!D2", "hex in a whole-number cell", "0x10")
    accepted(ev(num("16")), "16 in a whole-number cell", ["participants: 16}"])
    ex = lambda v: book("x.xlsx", [("基本信息", INFO), ("展览台账", EXHIBITS + row(
        inl("2024-03-01"), inl("书画展"), v))])
    refused(ex(num("0x1p4")), "E019", "展览台账!C2", "hex float in a number cell", "0x1p4")
    refused(ex(num("1e400")), "E019", "展览台账!C2", "an overflowing number cell", "beyond the range")
    refused(ex(num("inf")), "E019", "展览台账!C2", "inf in a number cell")
    accepted(ex(num("1e-310")), "a subnormal number cell", ["display_line_m: 1e-310}"])
    accepted(ex(num("9007199254740992")), "2^53 in a number cell", ["display_line_m: 9007199254740992}"])
    # A boolean cell is 1, 0, true or false: 2 is not true.
    tr = lambda v: book("b.xlsx", [("基本信息", INFO), ("文艺团队", row(inl("团队名称"), inl("人数"),
                        inl("相对稳定并经常开展活动")) + row(inl("甲"), num(3), num(v, "b")))])
    refused(tr("2"), "E020", "文艺团队!C2", "a boolean cell of 2")
    accepted(tr("1"), "a boolean cell of 1", ["active: true}"])
    accepted(tr("false"), "a boolean cell of false", ["active: false}"])
    # A serial date is a number too: hex is no date either.
    d = book("d.xlsx", [("基本信息", INFO), ("活动台账", EVENTS + row(
        num("0xAB40"), inl("演出"), inl("other"), num(5)))])
    refused(d, "E021", "活动台账!A2", "a hex serial date")


def archive():
    ok = book("once.xlsx", [("基本信息", INFO)])
    accepted(ok, "a workbook with each part once", ["name: 测试镇"])
    # The second copy says another venue: openpyxl (the last copy) would read it.
    other = ('<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>'
             % (NS, INFO.replace("测试镇", "另一个镇")))
    refused(book("dup.xlsx", [("基本信息", INFO)], extra=[("xl/worksheets/s1.xml", other)]),
            "E040", "dup.xlsx", "a part twice in the archive", "twice")
    refused(book("dupcase.xlsx", [("基本信息", INFO)], extra=[("XL/Worksheets/S1.xml", other)]),
            "E040", "dupcase.xlsx", "a part twice, in another case", "twice")


def sheets():
    styles = ('<?xml version="1.0"?><styleSheet %s><numFmts count="0"/></styleSheet>' % NS)
    refused(book("styles.xlsx", [("基本信息", INFO), ("活动台账", "")], raw_parts={1: styles}),
            "E040", "xl/worksheets/s2.xml:1:", "a sheet whose part is a style sheet", "not a worksheet")
    refused(book("reltype.xlsx", [("基本信息", INFO), ("活动台账", "")],
                 rel_types={1: ("styles", "worksheets/s2.xml")}),
            "E040", "reltype.xlsx", "a sheet whose relationship is not a worksheet's", "not a worksheet")
    chart = ('<?xml version="1.0"?><chartsheet %s><sheetPr/></chartsheet>' % NS)
    out = accepted(book("chart.xlsx", [("基本信息", INFO), ("图表", "")], raw_parts={1: chart},
                        rel_types={1: ("chartsheet", "worksheets/s2.xml")}),
                   "a chart sheet beside the data", ["name: 测试镇"])
    check("events" not in out, "a chart sheet is no ledger:\n" + out)


def dates():
    ev = lambda *ds: book("iso.xlsx", [("基本信息", INFO), ("活动台账", EVENTS + "".join(
        row(num(d, "d"), inl("演出%d" % i), inl("other"), num(5)) for i, d in enumerate(ds)))])
    accepted(ev("2024-02-12T00:00:00Z", "2024-03-01", "2024-04-05T13:30:00.000"), "ISO 8601 date cells",
             ["{date: 2024-02-12, title: 演出0", "{date: 2024-03-01, title: 演出1", "{date: 2024-04-05, title: 演出2"])
    refused(ev("2023-02-12T00:00:00Z"), "E022", "活动台账!A2", "an ISO date cell in another year")
    refused(ev("2024-02-30"), "E021", "活动台账!A2", "an ISO date cell that is no date")
    p = book("isocount.xlsx", [("基本信息", INFO), ("活动台账", EVENTS + row(
        inl("2024-03-01"), inl("演出"), inl("other"), num("2024-02-12", "d")))])
    refused(p, "E018", "活动台账!D2", "an ISO date cell in a count")


def positions():
    ev = EVENTS + row(inl("2024-03-01"), '<c t="s"><v>7</v></c>', inl("other"), num(5))
    refused(book("sst.xlsx", [("基本信息", INFO), ("活动台账", ev)], strings=["a"]),
            "E040", "活动台账!B2", "a shared string that does not exist", "shared string 7")
    bad_ref = EVENTS + '<row r="2">' + inl("2024-03-01") + '<c r="B0" t="inlineStr"><is><t>x</t></is></c></row>'
    refused(book("ref.xlsx", [("基本信息", INFO), ("活动台账", bad_ref)]),
            "E040", "活动台账!B2", "a bad cell reference", "B0")
    unknown = EVENTS + row(inl("2024-03-01"), '<c t="q"><v>x</v></c>')
    refused(book("type.xlsx", [("基本信息", INFO), ("活动台账", unknown)]),
            "E040", "活动台账!B2", "an unknown cell type", 't="q"')
    long_inline = EVENTS + row(inl("2024-03-01"), inl("长" * 30000))
    refused(book("long.xlsx", [("基本信息", INFO), ("活动台账", long_inline)]),
            "E036", "活动台账!B2", "an inline cell over 64 KiB")
    long_shared = EVENTS + row(inl("2024-03-01"), '<c t="s"><v>1</v></c>', inl("other"), num(5))
    refused(book("longsst.xlsx", [("基本信息", INFO), ("活动台账", long_shared)], strings=["a", "长" * 30000]),
            "E036", "活动台账!B2", "a shared string over 64 KiB, named at the cell that uses it")
    # Unused, an over-long shared string is no error: no cell holds it.
    accepted(book("unused.xlsx", [("基本信息", INFO)], strings=["长" * 30000]), "an unused long shared string")
    broken = ('<?xml version="1.0"?>\n<worksheet %s>\n<sheetData><row><c></row>\n</sheetData></worksheet>' % NS)
    refused(book("xml.xlsx", [("基本信息", INFO), ("活动台账", "")], raw_parts={1: broken}),
            "E040", "xl/worksheets/s2.xml:3:", "malformed XML, at its line in the part", "mismatched tag")


def main():
    numbers()
    archive()
    sheets()
    dates()
    positions()
    return summary("hostile workbooks")


sys.exit(main())
