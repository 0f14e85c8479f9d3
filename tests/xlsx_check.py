#!/usr/bin/env python3
"""xlsx_check.py - read the XLSX report of the shipped examples back with
openpyxl and hold it to the text report: sheet names, headers, a known cell's
value, fill and comment, the failure rows and the totals.

usage: xlsx_check.py BINARY   (run from the repository root)"""
import glob, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

openpyxl = harness.need("openpyxl", "python3-openpyxl", "xlsx")

BIN = sys.argv[1]
FILES = sorted(f for f in glob.glob("examples/**/*.yaml", recursive=True)
               if "/broken/" not in f and "/years/" not in f  # 2024 only: one year per batch
               and "/grading/" not in f)  # the 2019 grading data (other packs)
RED, GREEN, WAIVED = "FFC7CE", "C6EFCE", "E4DFEC"


def fill(cell):
    return (cell.fill.fgColor.rgb or "")[-6:]


def run(args):
    return harness.run(BIN, args, env=harness.env(SOURCE_DATE_EPOCH="1732406400"))


def text_tallies():
    """Per venue id: (checked, passed, failed, missing) from the text report."""
    out = run(["check"] + FILES).stdout
    tallies, vid = {}, None
    for line in out.splitlines():
        m = re.match(r"^\S.*（(.+)）· ", line)
        if m:
            vid = m.group(1)
        m = re.match(r"^  共 \d+ 条：通过 (\d+)，未通过 (\d+)，缺数据 (\d+)", line)
        if m:
            p, f, mi = map(int, m.groups())
            tallies[vid] = (p + f + mi, p, f, mi)
    return tallies


def main():
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "report.xlsx")
    r = run(["check", "-o", path] + FILES)
    check(r.returncode == 1, "exit status 1 for the examples (some fail)")
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["汇总", "分组统计", "问题清单", "中心馆", "总馆", "分馆", "支馆", "规则"],
          "sheet names %s" % wb.sheetnames)
    check(wb.properties.title == "公共文化场馆达标检查报告", "document title")
    check(wb.properties.subject.startswith("嘉兴市文化馆总分馆"), "document subject")

    # Summary: header, one row per venue matching the text report, totals.
    s = wb["汇总"]
    header = [c.value for c in s[3]]
    check(header[:11] == ["编号", "名称", "层级", "上级编号", "年度", "检查条数",
                          "通过", "未通过", "缺数据", "通过率", "结论"], "summary header %s" % header)
    tallies = text_tallies()
    check(len(tallies) == 19, "19 venues in the text report")
    rows = {}
    row = 4
    while s.cell(row, 1).value not in (None, "合计"):
        rows[s.cell(row, 1).value] = row
        row += 1
    check(len(rows) == 19, "19 venue rows in the summary, got %d" % len(rows))
    for vid, (chk, p, f, mi) in tallies.items():
        rr = rows.get(vid)
        got = rr and tuple(s.cell(rr, c).value for c in (6, 7, 8, 9))
        check(got == (chk, p, f, mi), "summary row of %s: %s, text says %s" % (vid, got, (chk, p, f, mi)))
    fq = rows["330402-fq"]
    check(s.cell(fq, 11).value == "未通过" and fill(s.cell(fq, 11)) == RED, "凤桥镇 verdict red")
    check(abs(s.cell(fq, 10).value - 19 / 24) < 1e-12, "凤桥镇 pass rate 19/24 (永红村's own file has no administrator)")
    check(s.cell(fq, 10).number_format == "0.0%", "pass rate as a percentage")
    city = rows["3304"]
    check(s.cell(city, 11).value == "通过" and fill(s.cell(city, 11)) == GREEN, "city verdict green")
    check(s.cell(row, 1).value == "合计", "totals row")
    total = [sum(t[i] for t in tallies.values()) for i in range(4)]
    check(s.cell(row, 6).value.startswith("=SUM(F4:F22)"), "totals are formulas")

    # The roll-ups on a sheet of their own (so that 汇总's printed pages
    # repeat its venue header over venues only): venues by tier under 南湖区.
    check(s.print_title_rows in ("1:3", "$1:$3"), "汇总 repeats its title and header rows, got %s" % s.print_title_rows)
    s = wb["分组统计"]
    check(not s.print_title_rows, "分组统计 repeats no rows (its blocks have their own headers)")
    col_a = [s.cell(r, 1).value for r in range(1, s.max_row + 1)]
    check("汇总：南湖区文化馆（330402）及所辖场馆" in col_a, "county roll-up block")
    at = col_a.index("汇总：南湖区文化馆（330402）及所辖场馆") + 1
    towns = next(r for r in range(at, at + 8) if s.cell(r, 1).value == "分馆")
    check((s.cell(towns, 2).value, s.cell(towns, 3).value) == (5, 4), "roll-up: 5 towns, 4 all passed")
    top = next(r for r in range(at, at + 30) if s.cell(r, 1).value == "未通过最多的场馆")
    check(s.cell(top + 1, 1).value == "330402-fq" and s.cell(top + 1, 2).value == 5,
          "roll-up: 凤桥镇 fails most (5)")

    # Failures: one row per failing or missing rule, as in the text report.
    f = wb["问题清单"]
    check([c.value for c in f[1]] == ["场馆编号", "场馆名称", "层级", "规则编号", "服务内容",
                                       "条款", "实测", "要求", "差距"], "failures header")
    frows = [[c.value for c in r] for r in f.iter_rows(min_row=2) if r[0].value]
    check(len(frows) == sum(t[2] + t[3] for t in tallies.values()),
          "failure rows %d = failed + missing in the text report" % len(frows))
    staff = [r for r in frows if r[0] == "330402-fq" and r[3] == "town.support.staff_by_population"]
    check(len(staff) == 1 and staff[0][6] == "4 名" and staff[0][7] == "≥ 5 名" and staff[0][8] == "差 1 名",
          "凤桥镇 staff row %s" % staff)
    ids = [r[0] for r in frows]
    check(ids == sorted(ids, key=lambda v: list(rows).index(v)), "failures grouped by venue in report order")

    # Tier sheet: requirement row, measured value, fill and comment.
    t = wb["分馆"]
    cols = {t.cell(1, c).comment.text.strip(): c for c in range(4, t.max_column + 1) if t.cell(1, c).comment}
    c = cols["town.support.staff_by_population"]
    check(t.cell(2, c).value == "≤3万:3 / 3～5万:4 / ≥5万:5 名", "requirement header row")
    fr = next(r for r in range(3, t.max_row + 1) if t.cell(r, 1).value == "330402-fq")
    cell = t.cell(fr, c)
    check(cell.value == 4 and fill(cell) == RED, "凤桥镇 staff cell 4, red")
    # A number that says what it counts, and of how many where the
    # threshold depends on the venue: 4 of the 5 staff its population needs.
    check(cell.number_format == 'General"/5 名"', "staff cell shown as 4/5 名, format %r" % cell.number_format)
    # 送戏下村: the total (场) and the villages with 2 shows (个村) in columns
    # of their own, each coloured by its own check.
    c3 = cols["town.mobile.village_shows"]
    check(t.cell(2, c3).value == "下村演出总场次（场）" and t.cell(2, c3 + 1).value == "每个村至少2场（个村）",
          "village shows: a column per unit, %r %r" % (t.cell(2, c3).value, t.cell(2, c3 + 1).value))
    shows, vill = t.cell(fr, c3), t.cell(fr, c3 + 1)
    check(shows.value == 6 and shows.number_format == 'General"/6 场"' and fill(shows) == GREEN,
          "凤桥镇 6/6 场 in all, green: %r %r" % (shows.value, shows.number_format))
    check(vill.value == 2 and vill.number_format == 'General"/3 个村"' and fill(vill) == RED,
          "凤桥镇 2/3 个村 with 2 shows, red: %r %r" % (vill.value, vill.number_format))
    check(vill.comment and "差 1 个村" in vill.comment.text and not shows.comment,
          "the gap goes with the check that failed")
    units = {t.cell(r, c3).number_format for r in range(3, t.max_row + 1) if isinstance(t.cell(r, c3).value, (int, float))}
    check(units and all(u.endswith(' 场"') for u in units), "the 场 column holds 场 only: %s" % units)
    tr = t.cell(fr, cols["town.activity.village_troupes"])
    check(tr.value == 2 and tr.number_format == 'General"/3 个村"', "troupes: 2/3 villages have 3")
    check(cell.comment and "差 1 名" in cell.comment.text, "gap in the cell comment")
    c2 = cols["town.open.weekly_hours"]
    check(t.cell(2, c2).value == "≥ 42 小时" and fill(t.cell(fr, c2)) == GREEN, "weekly hours green")
    check(t.freeze_panes == "C3", "tier sheet frozen at C3, got %s" % t.freeze_panes)
    check(t.auto_filter.ref is not None, "tier sheet autofilter")
    check(t.print_title_rows in ("1:2", "$1:$2"), "tier sheet repeats its header rows, got %s" % t.print_title_rows)

    rules = wb["规则"]
    check(rules.max_row == 113, "112 rules + header, got %d" % rules.max_row)

    # The chart and the page setup, straight from the package XML.
    import zipfile
    z = zipfile.ZipFile(path)
    check(any(n.startswith("xl/charts/chart") for n in z.namelist()), "a chart part")
    sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    check('orientation="landscape"' in sheet1 and 'paperSize="9"' in sheet1 and 'fitToHeight="0"' in sheet1,
          "汇总: A4 landscape, fit to width")
    # The chart is on 分组统计 (sheet2), under the tier table in column A.
    rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode()
    drawing = z.read("xl/drawings/drawing1.xml").decode()
    check("drawing" in rels and "<xdr:col>0</xdr:col>" in drawing, "the chart is on 分组统计, in column A")
    # The 中心馆 sheet is too wide for one page at 9 pt: several pages at 85%
    # with its id and name columns repeated.
    t = wb["中心馆"]
    check(t.page_setup.scale == 85 and t.print_title_cols in ("A:B", "$A:$B"),
          "中心馆 at 85%%, repeating A:B, got %s %s" % (t.page_setup.scale, t.print_title_cols))
    # Whole rule ids: the id column is as wide as the longest id.
    longest = max(len(r.value) for r in rules["A"][1:])
    check(rules.column_dimensions["A"].width >= longest + 1, "规则!A fits the longest rule id (%d)" % longest)

    # English labels.
    path_en = os.path.join(tmp, "report-en.xlsx")
    run(["check", "--lang", "en", "-o", path_en] + FILES)
    wb = openpyxl.load_workbook(path_en)
    check(wb.sheetnames[:3] == ["Summary", "By group", "Failures"] and "Rules" in wb.sheetnames, "English sheets %s" % wb.sheetnames)

    # A batch with a bad file: the invalid files sheet names both files.
    path_bad = os.path.join(tmp, "broken.xlsx")
    r = run(["check", "--year", "2024", "-o", path_bad, "examples/"])
    check(r.returncode == 2, "examples/ with broken/: exit 2")
    wb = openpyxl.load_workbook(path_bad)
    bad = [row for row in wb["无效文件"].iter_rows(min_row=2, values_only=True)]
    check(sorted(b[0] for b in bad) == ["examples/broken/duplicate-zhulin.yaml",
                                        "examples/villages/xinfeng/zhulin.yaml"],
          "invalid files sheet lists both duplicates: %s" % bad)
    check(bad[0][1] > 0 and bad[0][2] > 0, "invalid rows carry line and column")

    # A failed run leaves the existing report untouched.
    before = open(path, "rb").read()
    r = run(["check", "--rules", "tests/e2e/data/bad-pack.yaml", "-o", path] + FILES)
    check(r.returncode == 2 and open(path, "rb").read() == before,
          "a failed run (bad pack) leaves the old report as it was")
    os.chmod(tmp, 0o500)
    r = run(["check", "-o", os.path.join(tmp, "new.xlsx")] + FILES[:1])
    os.chmod(tmp, 0o700)
    check(r.returncode == 2 and "cannot write the report" in r.stderr or os.geteuid() == 0,
          "read-only directory: exit 2 with a message")
    check(not [n for n in os.listdir(tmp) if ".tmp." in n], "no temporary files left behind")
    # Past the row limit a table goes on in a second sheet with its header.
    path_split = os.path.join(tmp, "split.xlsx")
    env = harness.env(VENUECHECK_TEST_MAX_ROWS="10")
    subprocess.run([BIN, "check", "-o", path_split] + FILES, capture_output=True, env=env)
    wb = openpyxl.load_workbook(path_split)
    check("问题清单 (2)" in wb.sheetnames, "failures split into a second sheet: %s" % wb.sheetnames)
    rows = sum(1 for n in wb.sheetnames if n.startswith("问题清单")
               for r in wb[n].iter_rows(min_row=2) if r[0].value)
    check(rows == 11, "all 11 failure rows across the split sheets, got %d" % rows)
    check(wb["问题清单 (2)"].cell(1, 4).value == "规则编号", "the second sheet repeats the header")

    # Waivers: the waived cell has its own colour and the waiver in its
    # comment; the summary counts waived rules in its last column.
    path_w = os.path.join(tmp, "waived.xlsx")
    r = run(["check", "--today", "2025-03-01", "--rules", "rules/local/nanhu-2024.yaml",
             "--waivers", "tests/e2e/waivers/county.yaml", "-o", path_w,
             "examples/towns/fengqiao.yaml"])
    check(r.returncode == 0, "waived failures only: exit 0, got %d" % r.returncode)
    wb = openpyxl.load_workbook(path_w)
    s = wb["汇总"]
    check("扩展自 jiaxing-2015" in s.cell(1, 1).value, "summary title names the base pack")
    check(s.cell(3, 12).value == "豁免" and s.cell(4, 12).value == 4, "waived count column")
    check(s.cell(4, 11).value == "豁免" and fill(s.cell(4, 11)) == WAIVED, "venue verdict 豁免")
    t = wb["分馆"]
    cols = {t.cell(1, c).comment.text.strip(): c for c in range(4, t.max_column + 1) if t.cell(1, c).comment}
    cell = t.cell(3, cols["town.support.staff_by_population"])
    check(fill(cell) == WAIVED and "豁免：编制调整中" in cell.comment.text, "waived cell and its comment")

    # Formula injection: the XLSX report stores a name and an id that look
    # like formulas as strings (the CSV report needs its leading ').
    path_f = os.path.join(tmp, "formula.xlsx")
    run(["check", "-o", path_f, "tests/e2e/escape/formula.yaml", "tests/e2e/escape/formula-2.yaml"])
    wb = openpyxl.load_workbook(path_f)
    want = {'=HYPERLINK("http://evil.example/","点此")', "@SUM(A1:A9)", "-2+3", "\t+cmd|' /C calc'!A0\r"}
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                # OOXML writes a CR as _x000D_, which openpyxl 3.0 keeps.
                v = c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value
                if v in want:
                    found.setdefault(v, set()).add(c.data_type)
    check(set(found) == want, "every formula-like text is in the workbook as it is: %s" % sorted(found))
    check(all(t == {"s"} for t in found.values()), "and stored as a string, never a formula: %s" % found)

    baseline_checks(tmp)
    wrong_tier_parent_checks(tmp)
    return summary("xlsx")


OLD = "tests/e2e/baseline/examples-old.json"
NEW = "tests/e2e/baseline/examples-new.json"
TREE = ["examples/city", "examples/county", "examples/towns", "examples/villages"]


def wrong_tier_parent_checks(tmp):
    """A village named as the parent of another village (E032) still
    names its per-parent group: the report keeps only the names of venues
    that can be parents and asks the batch for the rest at its end."""
    with open("examples/villages/xinfeng/zhulin.yaml", encoding="utf-8") as f:
        text = f.read()
    wrong = os.path.join(tmp, "zhulin-under-a-village.yaml")
    with open(wrong, "w", encoding="utf-8") as f:
        f.write(text.replace('parent: "330402-xf"', 'parent: "330402-xf-xf"', 1))
    path = os.path.join(tmp, "wrong-tier.xlsx")
    r = run(["check", "-o", path, "examples/towns/xinfeng.yaml",
             "examples/villages/xinfeng/xinfeng.yaml", wrong])
    check(r.returncode == 2, "a village under a village: exit 2 (%d)" % r.returncode)
    s = openpyxl.load_workbook(path)["分组统计"]
    rows = [(s.cell(i, 1).value, s.cell(i, 2).value) for i in range(1, s.max_row + 1)]
    check(("330402-xf-xf", "新丰村文化礼堂") in rows,
          "the per-parent group of a village named as a parent has its name: %s" %
          [x for x in rows if x[0] and str(x[0]).startswith("330402-xf")])


def track_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], [r for r in rows[1:] if any(r)]


def baseline_checks(tmp):
    """check --baseline: the 整改跟踪 sheet (a row per venue x rule failing
    then or now), the change counts on 汇总; diff's workbook alike."""
    path = os.path.join(tmp, "baseline.xlsx")
    r = run(["check", "--baseline", OLD, "-o", path] + TREE)
    check(r.returncode == 1, "check --baseline -o xlsx: exit 1 (%s)" % r.stderr[-200:])
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    check(names[:4] == ["汇总", "分组统计", "问题清单", "整改跟踪"], "整改跟踪 after 问题清单: %s" % names)
    ws = wb["整改跟踪"]
    head, rows = track_rows(ws)
    check(head == ("场馆编号", "场馆名称", "层级", "规则编号", "条款", "基线结果", "本次结果", "整改情况"),
          "整改跟踪's header: %s" % (head,))
    by = {(x[0], x[3]): x for x in rows}
    still = by.get(("330402", "county.digital.monthly_updates"))
    check(still and still[5:] == ("差 5 条", "差 2 条", "仍未整改"), "still failing, 差 5 条 → 差 2 条: %s" % (still,))
    fixed = by.get(("330402", "county.open.weekly_hours"))
    check(fixed and fixed[5:] == ("差 4 小时", "通过", "已整改"), "fixed: %s" % (fixed,))
    new = by.get(("330402-xf-jx", "village.activity.events"))
    check(new and new[5] is None and new[7] == "新增", "a venue new since: its failure new: %s" % (new,))
    gone = by.get(("330402-xf-gl", "village.activity.events"))
    check(gone and gone[7] == "不再出现的场馆", "a venue gone: its failure listed: %s" % (gone,))
    check(not any(x[7] == "新增条款" for x in rows), "rules added that pass are not rows (none failing then or now)")
    check(len(rows) == 14, "14 rows: 11 failing now and 2 fixed, 1 gone: %d" % len(rows))
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.column == 8}
    check(fill(cells["新增"]) == RED and fill(cells["已整改"]) == GREEN, "new red, fixed green")
    check(ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9",
          "整改跟踪 prints on A4 landscape")
    summ = {row[0]: row[1] for row in wb["汇总"].iter_rows(values_only=True) if row[0]}
    check((summ.get("新增"), summ.get("已整改"), summ.get("仍未整改"), summ.get("新增场馆"),
           summ.get("不再出现的场馆")) == (3, 2, 8, 1, 1), "汇总's change counts: %s" %
          {k: summ.get(k) for k in ("新增", "已整改", "仍未整改")})
    plain = os.path.join(tmp, "plain.xlsx")
    run(["check", "-o", plain] + TREE)
    check("整改跟踪" not in openpyxl.load_workbook(plain).sheetnames, "no 整改跟踪 without --baseline")
    # diff: the same rows from two reports (no pack: no clause column).
    dpath = os.path.join(tmp, "diff.xlsx")
    r = run(["diff", "-o", dpath, OLD, NEW])
    check(r.returncode == 1, "diff -o xlsx: exit 1 for new failures")
    dwb = openpyxl.load_workbook(dpath)
    check(dwb.sheetnames == ["汇总", "整改跟踪"], "diff's sheets: %s" % dwb.sheetnames)
    dhead, drows = track_rows(dwb["整改跟踪"])
    check(len(drows) == len(rows) and {(x[0], x[3], x[6]) for x in drows} ==
          {(x[0], x[3], x[7]) for x in rows}, "diff's 整改跟踪 has check --baseline's rows")
    dsum = {row[0]: row[1] for row in dwb["汇总"].iter_rows(values_only=True) if row[0]}
    check(dsum.get("新增") == 3 and dsum.get("已整改") == 2, "diff's 汇总 counts: %s" % dsum)


sys.exit(main())
