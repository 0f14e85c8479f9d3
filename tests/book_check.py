#!/usr/bin/env python3
"""book_check.py - the data entry workbook (venuecheck-data(5), WORKBOOK):

  round trip   every example: YAML -> XLSX -> YAML is the YAML -> YAML
               canonical form byte for byte, and the whole examples batch
               checked from workbooks gives the same report
  filled       a template filled in with openpyxl (dates as Excel dates,
               tags split by 、, sheets renamed and reordered) gives the
               same verdicts as the YAML, and so does LibreOffice's re-save
               of it (skipped, visibly, without soffice)
  writers      hand-written XML the way other writers do it: no r=
               references, inline strings, t="str", rich-text runs,
               phonetic runs, 1904 dates, text dates
  malformed    exit 2 with sheet!cell or the right code: a text in a count,
               a date in another year, a missing sheet, an unknown column,
               a corrupt zip, a zip bomb, .et and encrypted files, a
               huge sheet (bounded time and memory)

usage: book_check.py BINARY   (run from the repository root)"""
import datetime, glob, os, re, resource, shutil, subprocess, sys, tempfile, time, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

openpyxl = harness.need("openpyxl", "python3-openpyxl", "workbook")
yaml = harness.need("yaml", "python3-yaml", "workbook")

BIN = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
EXAMPLES = sorted(glob.glob("examples/**/*.yaml", recursive=True))
tmp = tempfile.mkdtemp()


def run(args, cwd=ROOT):
    return harness.run(BIN, args, cwd=cwd)


def verdicts(out):
    """The report without the paths and positions, which differ."""
    out = re.sub(r"\S+(:\d+:\d+|: 基本信息!C\d+(（[^:]*）)?): ", "", out)
    return [l for l in out.splitlines() if not l.startswith("  文件：")]


# ---- round trip ----

def round_trip():
    same = 0
    for f in EXAMPLES:
        base = os.path.join(tmp, f.replace("/", "_"))
        a, x, b = base + ".a.yaml", base + ".xlsx", base + ".b.yaml"
        r1, r2 = run(["convert", f, "-o", a]), run(["convert", f, "-o", x])
        r3 = run(["convert", x, "-o", b])
        if r1.returncode or r2.returncode or r3.returncode:
            check(False, "convert %s: %s%s%s" % (f, r1.stderr, r2.stderr, r3.stderr))
            continue
        same += open(a, "rb").read() == open(b, "rb").read()
        # The canonical form is a fixed point, and means what the original does.
        c = base + ".c.yaml"
        run(["convert", a, "-o", c])
        check(open(a, "rb").read() == open(c, "rb").read(), "canonical YAML is stable: " + f)
    check(same == len(EXAMPLES), "YAML -> XLSX -> YAML identical for %d of %d examples" % (same, len(EXAMPLES)))
    mirror = os.path.join(tmp, "mirror")
    for f in EXAMPLES:
        if "/broken/" in f:
            continue
        os.makedirs(os.path.join(mirror, os.path.dirname(f)), exist_ok=True)
        run(["convert", f, "-o", os.path.join(mirror, f[:-5] + ".xlsx")])
    dirs = ["examples/city", "examples/county", "examples/towns", "examples/villages"]
    y, w = run(["check"] + dirs), run(["check"] + dirs, cwd=mirror)
    check(y.returncode == w.returncode == 1, "examples batch: exit 1 from both forms")
    norm = lambda s: re.sub(r"\.(yaml|xlsx)", "", re.sub(r":\d+:\d+:|: 基本信息!C\d+(（[^:]*）)?:", ":", s))
    check(norm(y.stdout) == norm(w.stdout), "examples batch: the same report from workbooks")
    check("基本信息!C" in w.stdout, "a warning names its cell: 基本信息!C…")


EDGES = {
    # Only a header: no ledger sheet may appear (a sheet means "none").
    "header-only": 'venue: {id: v1, name: 村, tier: village, year: 2024}\n',
    # Text that looks like something else, control characters, quotes.
    "texts": ('venue: {id: "007", name: "null", tier: town, parent: "1e3", year: 2024}\n'
              'facts: {weekly_open_hours: 45.5}\n'
              'events:\n  - {date: 2024-01-02, title: "a\\u0001b\\u007f \\"q\\" \\\\ x_x0041_", kind: other, '
              'participants: 0, note: " lead and trail ", village: "true"}\n'
              'exhibitions: []\n'
              'website_updates: {}\n'),
    "months": 'venue: {id: c1, name: 县, tier: county, year: 2024}\nwebsite_updates: {12: 3, 1: 0, 2: 7}\n',
    # The venue's own waivers (a sheet of their own), expiring in another year.
    "waivers": open("examples/towns/fengqiao.yaml", encoding="utf-8").read() +
               'waivers:\n  - {rule: town.support.staff_by_population, reason: "编制调整中: 2025 年补足",'
               ' approver: 南湖区文化和广电旅游体育局, expires: 2099-06-30}\n',
}


def edge_round_trip():
    for name, text in EDGES.items():
        src = os.path.join(tmp, "edge-%s.yaml" % name)
        open(src, "w", encoding="utf-8").write(text)
        a, x, b = src + ".a.yaml", src + ".xlsx", src + ".b.yaml"
        r = [run(["convert", src, "-o", a]), run(["convert", src, "-o", x]), run(["convert", x, "-o", b])]
        ok = all(q.returncode == 0 for q in r) and open(a, "rb").read() == open(b, "rb").read()
        check(ok, "round trip of %s:\n%s%s" % (name, "".join(q.stderr for q in r),
                                               open(b).read() if os.path.exists(b) else ""))
        y, w = run(["check", src]), run(["check", x])
        check(verdicts(y.stdout) == verdicts(w.stdout), "same verdicts for " + name)


# ---- a template filled in by a program, then re-saved by LibreOffice ----

def clerk(block, field, v):
    """v as a clerk types it: the Chinese label of a code, 300人 in a
    column of 人, 50,000 for a large count, √ and × for yes and no."""
    spec = (PACK["ledgers"].get(block) or {}).get("fields", {}).get(field) or \
        (PACK.get(block) or {}).get(field) or {}
    labels = spec.get("labels") or {}
    if isinstance(v, bool):
        return "√" if v else "×"
    if isinstance(v, list):
        return "、".join(labels.get(t, t) for t in v)
    if isinstance(v, str) and v in labels:
        return labels[v]
    if block == "venue" and field == "tier":
        return TIER_NAMES[v]
    if isinstance(v, int) and spec.get("type") == "int":
        text = "{:,}".format(v) if v >= 1000 else str(v)
        return text + spec["unit"] if spec.get("unit") == "人" else text
    return v


def fill(template, data, path, rename=False, chinese=False):
    wb = openpyxl.load_workbook(template)
    info = wb["基本信息"]
    seen = set()
    for row in info.iter_rows(min_row=2):
        code = row[0].value
        if not code:
            continue
        seen.add(code)
        block, key = code.split(".", 1)
        v = (data.get(block) or {}).get(key)
        if v is not None:
            row[2].value = clerk(block, key, v) if chinese else v
    # A typed-in total has no row in a template: a clerk adds one.
    for block in ("venue", "facts", "declared"):
        for key, v in (data.get(block) or {}).items():
            if "%s.%s" % (block, key) not in seen:
                info.append(["%s.%s" % (block, key), None, v])
    for name in wb.sheetnames:
        ws = wb[name]
        heads = [c.value for c in ws[1]]
        block = sheet_block(name)
        if not block:
            continue
        if block == "website_updates":
            for m, v in (data.get(block) or {}).items():
                ws.cell(int(m) + 1, 2).value = v
            continue
        if block not in data:
            wb.remove(ws)  # a ledger left out stays left out
            continue
        fields = LABELS[block]
        for i, e in enumerate(data[block] or []):
            for k, v in e.items():
                if chinese:
                    v = clerk(block, k, v)
                if isinstance(v, list):
                    v = "、".join(v)
                ws.cell(i + 2, heads.index(fields[k]) + 1).value = v
    if rename and "活动台账" in wb.sheetnames:
        wb["活动台账"].title = "Sheet7"  # found again by its header
        wb.move_sheet("Sheet7", offset=-1)
    wb.save(path)


def sheet_block(name):
    for block, label in SHEETS.items():
        if name == label:
            return block
    return None


PACK = yaml.safe_load(open("rules/jiaxing-2015.yaml", encoding="utf-8"))["data"]
SHEETS = {k: v["label"] for k, v in PACK["ledgers"].items()}
SHEETS.update({k: v["label"] for k, v in PACK["monthly"].items()})
LABELS = {k: {f: d["label"] for f, d in v["fields"].items()} for k, v in PACK["ledgers"].items()}
TIER_NAMES = {t["id"]: t["name"] for t in yaml.safe_load(open("rules/jiaxing-2015.yaml", encoding="utf-8"))["tiers"]}


def template_contents():
    """What the template holds: the tier's sheets and rows only, data
    validation, frozen and locked headers, no example rows in data sheets."""
    want = {"town": ["基本信息", "活动台账", "展览台账", "培训台账", "文艺团队", "所辖村（社区）", "豁免", "说明"],
            "village": ["基本信息", "活动台账", "文艺团队", "豁免", "说明"]}
    for tier, sheets in want.items():
        t = os.path.join(tmp, "tc-%s.xlsx" % tier)
        run(["template", "--tier", tier, "-o", t])
        wb = openpyxl.load_workbook(t)
        check(wb.sheetnames == sheets, "%s template sheets: %s" % (tier, wb.sheetnames))
        for name in sheets[1:-2]:
            ws = wb[name]
            check(ws.freeze_panes == "A2" and ws.protection.sheet, name + ": header frozen, sheet protected")
            check(ws.max_row == 1 or all(c.value is None for r in ws.iter_rows(min_row=2) for c in r),
                  name + ": no rows but the header")
    wb = openpyxl.load_workbook(os.path.join(tmp, "tc-town.xlsx"))
    codes = [r[0].value for r in wb["基本信息"].iter_rows(min_row=2) if r[0].value]
    check("facts.staff_total" in codes and "facts.brands" not in codes and "declared.open.notice" in codes,
          "town rows: its facts and declared statements only")
    dv = {str(d.sqref): d for d in wb["活动台账"].data_validations.dataValidation}
    kinds = [d for k, d in dv.items() if k.startswith("C2")]
    check(kinds and kinds[0].type == "list" and "演出" in kinds[0].formula1 and "performance" not in kinds[0].formula1,
          "活动台账 类型: a drop-down list of the labels")
    counts = [d for k, d in dv.items() if k.startswith("D2")]
    check(counts and counts[0].type == "whole" and counts[0].operator == "greaterThanOrEqual",
          "活动台账 参与人数: whole numbers >= 0")
    dates = [d for k, d in dv.items() if k.startswith("A2")]
    check(dates and dates[0].type == "date" and "基本信息" in dates[0].formula1, "活动台账 日期: within the year")


def filled():
    for src, tier in [("examples/towns/xinfeng.yaml", "town"), ("examples/towns/fengqiao.yaml", "town"),
                      ("examples/county/nanhu.yaml", "county"), ("examples/villages/xinfeng/zhulin.yaml", "village")]:
        data = yaml.safe_load(open(src, encoding="utf-8"))
        t = os.path.join(tmp, "t-%s.xlsx" % tier)
        check(run(["template", "--tier", tier, "-o", t]).returncode == 0, "template --tier " + tier)
        path = os.path.join(tmp, "filled-" + os.path.basename(src)[:-5] + ".xlsx")
        fill(t, data, path, rename=tier == "town")
        want = run(["check", src])
        got = run(["check", path])
        check(got.returncode == want.returncode and verdicts(got.stdout) == verdicts(want.stdout),
              "filled template of %s: same verdicts\n%s" % (src, got.stderr + got.stdout[-400:]))
        lo_resave(src, path, want)
        # The same, typed the way a clerk does: 演出, 承办、送戏下村, 分馆,
        # 1,200人, √ and ×; and after LibreOffice's re-save.
        zh = os.path.join(tmp, "zh-" + os.path.basename(src)[:-5] + ".xlsx")
        fill(t, data, zh, chinese=True)
        got = run(["check", zh])
        check(got.returncode == want.returncode and verdicts(got.stdout) == verdicts(want.stdout),
              "template of %s filled in Chinese: same verdicts\n%s" % (src, got.stderr + got.stdout[-400:]))
        lo_resave(src, zh, want)


def lo_resave(src, path, want):
    if not harness.have("soffice", "libreoffice-calc-nogui", "LibreOffice's re-save of " + src):
        return
    out = os.path.join(tmp, "lo")
    os.makedirs(out, exist_ok=True)
    # Convert a copy with another extension so the output name differs.
    ods = os.path.join(tmp, "lo-in", os.path.basename(path))
    os.makedirs(os.path.dirname(ods), exist_ok=True)
    shutil.copy(path, ods)
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", out, ods], capture_output=True, timeout=180,
                   env=dict(os.environ, HOME=tmp))
    saved = os.path.join(out, os.path.basename(path))
    got = run(["check", saved])
    check(os.path.exists(saved) and got.returncode == want.returncode and
          verdicts(got.stdout) == verdicts(want.stdout),
          "LibreOffice's re-save of %s: same verdicts\n%s" % (src, got.stderr + got.stdout[-400:]))


def whole(want, text):
    """Whether want is in text in order, allowing the few characters of a
    cell beside it that a wrapped line's end may interleave (an example
    printed level with the first line), but not its end lost: the match
    must finish within 10 characters of its length."""
    start = text.find(want[:4])
    while start >= 0:
        i, j = 0, start
        while i < len(want) and j < len(text) and j - start < len(want) + 10:
            if text[j] == want[i]:
                i += 1
            j += 1
        if i == len(want):
            return True
        start = text.find(want[:4], start + 1)
    return False


def printed():
    """Printed by LibreOffice, no text of 基本信息 or 说明 is cut: every
    label, clause and option list is in the PDF whole (a row too short
    for its wrapped text loses its last lines, as 基本信息 lost the 务 of
    “…开展数字文化服务” before rows fitted their text)."""
    if not (harness.have("soffice", "libreoffice-calc-nogui", "the printed template") and
            harness.have("pdftotext", "poppler-utils", "the printed template")):
        return
    for tier in ("town", "county"):
        t = os.path.join(tmp, "print-%s.xlsx" % tier)
        run(["template", "--tier", tier, "-o", t])
        out = os.path.join(tmp, "print")
        subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, t],
                       capture_output=True, timeout=180, env=dict(os.environ, HOME=tmp))
        pdf = os.path.join(out, "print-%s.pdf" % tier)
        if not os.path.exists(pdf):
            check(False, "LibreOffice printed the %s template" % tier)
            continue
        text = re.sub(r"\s", "", subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                                text=True).stdout)
        wb = openpyxl.load_workbook(t)
        cells = [r[1] for r in wb["基本信息"].iter_rows(min_row=2, values_only=True) if r[1]]
        cells += [r[4] for r in wb["基本信息"].iter_rows(min_row=2, values_only=True) if r[4]]
        cells += [c for r in wb["说明"].iter_rows(values_only=True) for c in r[:2] if c]
        cut = [c for c in cells if not whole(re.sub(r"\s", "", str(c)), text)]
        check(not cut and len(cells) > 50, "%s template printed: %d texts, none cut%s" %
              (tier, len(cells), "".join("\n  cut: " + str(c) for c in cut[:5])))


# ---- hand-written XML, the way other programs write it ----

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def book(path, sheets, strings=None, date1904=False, compress=zipfile.ZIP_DEFLATED):
    """sheets: [(name, sheetData XML)]."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    wb = '<?xml version="1.0"?><workbook %s>%s<sheets>%s</sheets></workbook>' % (
        ns, '<workbookPr date1904="1"/>' if date1904 else "",
        "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1) for i, (n, _) in enumerate(sheets)))
    rels = "".join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/s%d.xml"/>' % (i + 1, i + 1)
                   for i in range(len(sheets)))
    if strings is not None:
        rels += '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst %s>%s</sst>' % (ns, "".join(strings)))
        for i, (_, data) in enumerate(sheets):
            z.writestr("xl/worksheets/s%d.xml" % (i + 1), '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (ns, data))


def inl(s):
    return '<c t="inlineStr"><is><t>%s</t></is></c>' % s


def row(*cells):
    return "<row>%s</row>" % "".join(cells)


def info(year="2024", extra=""):
    """基本信息 without cell references, inline strings only."""
    return (row(inl("代码"), inl("项目"), inl("填写")) +
            row(inl("venue.id"), inl("编号"), inl("w-1")) +
            row(inl("venue.name"), inl("名称"), inl("测试村")) +
            row(inl("venue.tier"), inl("层级"), inl("village")) +
            row(inl("venue.year"), inl("年度"), "<c><v>%s</v></c>" % year) + extra)


def writers():
    # Shared strings with rich-text runs and a phonetic run; t="str"
    # formula results; cells with and without r=; a 1904 date serial.
    strings = ['<si><r><t>活动</t></r><r><rPr><b/></rPr><t>名称</t></r></si>',
               '<si><t>performance</t><rPh sb="0" eb="1"><t>ピン</t></rPh></si>',
               '<si><t xml:space="preserve">日期</t></si>']
    events = ('<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>0</v></c>'
              '<c r="C1" t="inlineStr"><is><t>类型</t></is></c><c r="D1" t="str"><f>"参与人数"</f><v>参与人数</v></c></row>'
              '<row r="2"><c r="A2"><v>43874</v></c><c r="B2" t="str"><v>元宵晚会</v></c>'
              '<c r="C2" t="s"><v>1</v></c><c r="D2"><v>520</v></c></row>'
              '<row r="5">' + inl("2024年3月1日") + inl("春季演出") + inl("performance") + '<c><v>300.0</v></c></row>'
              '<row r="9"><c r="A9" s="3"/></row>')
    path = os.path.join(tmp, "writers.xlsx")
    book(path, [("基本信息", info()), ("Sheet2", events)], strings, date1904=True)
    r = run(["convert", path, "-o", "-"])
    check(r.returncode == 0, "writers' XML is read: " + r.stderr)
    check("- {date: 2024-02-14, title: 元宵晚会, kind: performance, participants: 520}" in r.stdout,
          "1904 serial date, t=str, rich text, phonetic run skipped:\n" + r.stdout)
    check("- {date: 2024-03-01, title: 春季演出, kind: performance, participants: 300}" in r.stdout,
          "no r= references, inline strings, a text date, 300.0")


def formulas():
    """A formula's error value, and a formula a program wrote without a
    value, are named at their cells; a computed value is read."""
    hdr = row(inl("日期"), inl("活动名称"), inl("类型"), inl("参与人数"))
    events = (hdr + row(inl("2024-01-02"), inl("甲"), inl("other"), '<c><f>10*2</f><v>20</v></c>') +
              row(inl("2024-01-03"), inl("乙"), inl("other"), '<c t="e"><f>1/0</f><v>#DIV/0!</v></c>') +
              row(inl("2024-01-04"), inl("丙"), inl("other"), '<c><f>SUM(D2:D3)</f></c>'))
    path = os.path.join(tmp, "formulas.xlsx")
    book(path, [("基本信息", info()), ("活动台账", events)])
    r = run(["validate", path])
    out = r.stdout + r.stderr
    check(r.returncode == 2 and "活动台账!D3（参与人数）: 错误[E023]" in out and "#DIV/0!" in out
          and "活动台账!D4（参与人数）: 错误[E023]" in out and "D2" not in out,
          "formula errors named at their cells:\n" + out)


# ---- malformed and hostile workbooks ----

def expect(path, code, where, what, args=()):
    t0 = time.time()
    r = run(["validate"] + list(args) + [path])
    dt = time.time() - t0
    ok = r.returncode == 2 and ("[%s]" % code) in r.stdout + r.stderr and where in r.stdout + r.stderr
    check(ok and dt < 10, "%s: exit 2, %s at %s (%.1fs)\n%s" % (what, code, where, dt, r.stdout + r.stderr))
    return r


def malformed():
    base = os.path.join(tmp, "t-town.xlsx")
    run(["template", "--tier", "town", "-o", base])
    def edit(name, fn):
        wb = openpyxl.load_workbook(base)
        info_ = wb["基本信息"]
        for rw in info_.iter_rows(min_row=2):
            v = {"venue.id": "x", "venue.name": "新丰镇", "venue.year": 2024}.get(rw[0].value)
            if v is not None:
                rw[2].value = v
        fn(wb)
        p = os.path.join(tmp, name)
        wb.save(p)
        return p
    def text_count(wb):
        ws = wb["活动台账"]
        ws.append([datetime.date(2024, 3, 1), "演出", "performance", "很多"])
    expect(edit("text-count.xlsx", text_count), "E018", "活动台账!D2", "a text in a count cell")
    def other_year(wb):
        wb["活动台账"].append([datetime.date(2023, 3, 1), "演出", "performance", 10])
    expect(edit("other-year.xlsx", other_year), "E022", "活动台账!A2", "a date in another year")
    def bad_kind(wb):
        wb["活动台账"].append(["2024-03-01", "演出", "perfomance", 10])
    expect(edit("bad-kind.xlsx", bad_kind), "E023", "活动台账!C2", "a word not in the list")
    def no_info(wb):
        wb.remove(wb["基本信息"])
    expect(edit("no-info.xlsx", no_info), "E015", "no-info.xlsx", "the 基本信息 sheet missing")
    def unknown_col(wb):
        wb["培训台账"].cell(1, 9).value = "负责人"
    expect(edit("unknown-col.xlsx", unknown_col), "E012", "培训台账!I1", "an unknown column")
    def bad_waiver(wb):
        wb["豁免"].append(["town.support.staf", "理由", "批准", datetime.date(2030, 1, 1)])
    expect(edit("bad-waiver.xlsx", bad_waiver), "E038", "豁免!A2", "a waiver of an unknown rule")
    def bad_fact(wb):
        for rw in wb["基本信息"].iter_rows(min_row=2):
            if rw[0].value == "facts.staff_total":
                rw[2].value = -3
    expect(edit("bad-fact.xlsx", bad_fact), "E024", "基本信息!C", "a negative fact")
    # Forgiving where certain, never a guess: each refused form is named
    # at its cell with its column's label, next to a form that is read.
    for i, (typed, code) in enumerate([("约900", "E018"), ("300场", "E018"), ("1,00", "E018"),
                                        ("1.23456万", "E018"), ("5千万", "E018"), ("多", "E018")]):
        def guess(wb, typed=typed):
            wb["活动台账"].append([datetime.date(2024, 3, 1), "甲", "演出", "1,200人"])
            wb["活动台账"].append([datetime.date(2024, 3, 2), "乙", "演出", typed])
        r = expect(edit("guess-%d.xlsx" % i, guess), code, "活动台账!D3（参与人数）",
                   "%s in a count of 人 stays an error" % typed)
        check("D2" not in r.stdout + r.stderr, "1,200人 is read as 1200 beside %s" % typed)
    def bad_mark(wb):
        for rw in wb["基本信息"].iter_rows(min_row=2):
            if rw[0].value == "declared.open.notice":
                rw[2].value = "√"
            if rw[0].value == "declared.open.free_services":
                rw[2].value = "对"
    r = expect(edit("bad-mark.xlsx", bad_mark), "E020", "（公共空间免费开放", "对 is no yes or no")
    check(r.stdout.count("E020") + r.stderr.count("E020") == 1, "√ is a yes: one E020 only")
    def bad_date(wb):
        wb["活动台账"].append(["2024年3月", "甲", "演出", 10])
    r = expect(edit("bad-date.xlsx", bad_date), "E021", "活动台账!A2（日期）", "a date error")
    check("2024年3月15日" in r.stdout + r.stderr, "a date error lists the forms a cell takes")
    good = edit("good.xlsx", lambda wb: None)
    data = open(good, "rb").read()
    trunc = os.path.join(tmp, "truncated.xlsx")
    open(trunc, "wb").write(data[: len(data) // 2])
    expect(trunc, "E040", "truncated.xlsx", "a corrupt (truncated) zip")
    junk = os.path.join(tmp, "junk.xlsx")
    open(junk, "wb").write(b"PK\x03\x04" + os.urandom(5000))
    expect(junk, "E040", "junk.xlsx", "zip junk")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000
    for name in ["wps.et", "encrypted.xlsx"]:
        p = os.path.join(tmp, name)
        open(p, "wb").write(ole)
        r = expect(p, "E041", name, "WPS .et or encrypted: " + name)
        check("另存为 .xlsx 或 .xls" in r.stdout + r.stderr, "the message says to save as .xlsx or .xls")
    # (.xls is read: tests/xls_check.py, tests/hostile/xls.py.)
    hostile()


def stream_sheet(path, chunks, header_rows=""):
    """A workbook whose events sheet streams the chunks of XML."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    book(path, [("基本信息", info()), ("活动台账", "")])
    # Rewrite the events sheet with a streamed body.
    src = zipfile.ZipFile(path)
    out = path + ".tmp"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename != "xl/worksheets/s2.xml":
                z.writestr(item, src.read(item.filename))
        with z.open("xl/worksheets/s2.xml", "w", force_zip64=True) as f:
            f.write(('<?xml version="1.0"?><worksheet %s><sheetData>%s' % (ns, header_rows)).encode())
            for chunk in chunks:
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
    src.close()
    os.replace(out, path)


def measured(path, code, what, args=()):
    """expect(), then the peak memory of one more run of its own."""
    r = expect(path, code, os.path.basename(path), what, args)
    env = harness.ENV
    t0 = time.time()
    p = subprocess.Popen([BIN, "validate"] + list(args) + [path], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    print("  %s: %.2f s, peak RSS %d MB" % (what, time.time() - t0, ru.ru_maxrss // 1024))
    return ru.ru_maxrss


def hostile():
    hdr = row(inl("日期"), inl("活动名称"), inl("类型"), inl("参与人数"))
    # A zip bomb: 200 MB of blanks packed into a few hundred KB.
    bomb = os.path.join(tmp, "bomb.xlsx")
    stream_sheet(bomb, (b" " * (1 << 20) for _ in range(200)))
    check(os.path.getsize(bomb) < 2 << 20, "the bomb is small packed")
    measured(bomb, "E003", "zip bomb (200 MB of XML)")
    # Past the ratio though under the size limit: refused unread.
    dense = os.path.join(tmp, "dense.xlsx")
    stream_sheet(dense, (b" " * (1 << 20) for _ in range(40)))
    measured(dense, "E003", "zip bomb (40 MB at ratio ~1000)")
    # A huge sheet: more rows than the entries limit.
    huge = os.path.join(tmp, "huge.xlsx")
    one = lambda i: ('<row><c t="inlineStr"><is><t>2024-01-01</t></is></c><c t="inlineStr"><is><t>e%d</t></is></c>'
                     '<c t="inlineStr"><is><t>other</t></is></c><c><v>1</v></c></row>' % i).encode()
    stream_sheet(huge, (b"".join(one(k + i) for i in range(1000)) for k in range(0, 201000, 1000)),
                 header_rows=hdr)
    peak = measured(huge, "E037", "a huge sheet (over 200,000 rows)")
    check(peak < 400 * 1024, "bounded memory on a huge sheet: %d MB" % (peak // 1024))
    measured(huge, "E037", "a huge sheet, --limit entries=1000", ["--limit", "entries=1000"])
    # A big legal one: 100,000 entries read, validated and counted.
    big = os.path.join(tmp, "big.xlsx")
    stream_sheet(big, (b"".join(one(k + i) for i in range(1000)) for k in range(0, 100000, 1000)),
                 header_rows=hdr)
    env = harness.ENV
    t0 = time.time()
    p = subprocess.Popen([BIN, "check", big], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    check(os.waitstatus_to_exitcode(status) in (0, 1), "100,000 entries: checked")
    print("  100,000 entries (%d KB packed): %.2f s, peak RSS %d MB" % (
        os.path.getsize(big) // 1024, time.time() - t0, ru.ru_maxrss // 1024))


def main():
    round_trip()
    edge_round_trip()
    template_contents()
    filled()
    printed()
    writers()
    formulas()
    malformed()
    shutil.rmtree(tmp, ignore_errors=True)
    return summary("workbook")


if __name__ == "__main__":
    sys.exit(main())
