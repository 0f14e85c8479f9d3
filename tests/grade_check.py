#!/usr/bin/env python3
"""grade_check.py - a graded pack's reports read back (issue 21): the XLSX
定级 sheet with openpyxl (its place, header, one row per venue and per
condition, the grade agreeing with the JSON report, printed like the other
sheets: A4 landscape, header row repeated, no font under 9 pt), in Chinese
and English, and the CSV/JUnit/SARIF/GitHub/HTML outputs naming the grade.
The packs are the synthetic fixtures of tests/grade (not standards).

usage: grade_check.py BINARY   (run from the repository root)"""
import json, os, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

openpyxl = harness.need("openpyxl", "python3-openpyxl", "grade")

BIN = sys.argv[1]
PACK = "tests/grade/graded.yaml"
FILES = ["tests/grade/top.yaml", "tests/grade/mid.yaml", "tests/grade/gaps.yaml"]


def run(args):
    return harness.run(BIN, args, env=harness.env(SOURCE_DATE_EPOCH="1732406400"))


doc = json.loads(run(["check", "--format", "json", "--rules", PACK] + FILES).stdout)
want = {f["venue"]["id"]: f["grade"] for f in doc["files"]}
check([want[v]["grade"] for v in ("T1", "T2", "T3")] == ["g1", "g3", None],
      "JSON grades: T1 一级, T2 三级 (二级 lowered by one), T3 none: %s"
      % [want[v]["grade"] for v in ("T1", "T2", "T3")])

with tempfile.TemporaryDirectory() as tmp:
    for lang, sheet, head, grades in (
            ("zh", "定级", "场馆编号", {"T1": "一级", "T2": "三级", "T3": "未达等级"}),
            ("en", "Grades", "Venue ID", {"T1": "Grade 1", "T2": "Grade 3", "T3": "no grade"})):
        out = os.path.join(tmp, "g-%s.xlsx" % lang)
        r = run(["check", "--lang", lang, "--rules", PACK, "-o", out] + FILES)
        check(r.returncode == 1, "%s: exit 1 (rules fail)" % lang)
        wb = openpyxl.load_workbook(out)
        check(sheet in wb.sheetnames and wb.sheetnames.index(sheet) == 3,
              "%s: the %s sheet after the failures: %s" % (lang, sheet, wb.sheetnames))
        ws = wb[sheet]
        rows = list(ws.iter_rows(values_only=True))
        check(rows[0][0] == head and len(rows[0]) == 7, "%s: header %s" % (lang, rows[0]))
        # One row for the venue (no rule id) and one per condition (5).
        for vid, name in grades.items():
            mine = [x for x in rows[1:] if x[0] == vid]
            check(len(mine) == 6, "%s: %s has its row and 5 conditions: %d" % (lang, vid, len(mine)))
            check(all(x[2] == name for x in mine), "%s: %s graded %s: %s" % (lang, vid, name, mine[0]))
            check(mine[0][3] is None, "%s: %s's first row is the venue's" % (lang, vid))
        area = next(x for x in rows if x[0] == "T2" and x[3] == "centre.area")
        check(area[5] == ("二级" if lang == "zh" else "Grade 2"), "%s: area allows 二级: %s" % (lang, area))
        want_next = ("6,000 平方米，达一级需 6,500 平方米，差 500 平方米" if lang == "zh"
                     else "6,000 m²; Grade 1 needs 6,500 m², short by 500 m²")
        check(area[6] == want_next, "%s: what 一级 needs: %s" % (lang, area[6]))
        cond = next(f for f in doc["files"] if f["venue"]["id"] == "T2")["grade"]["conditions"]
        check(lang == "en" or area[6] in next(c["text"] for c in cond if c["rule"] == "centre.area"),
              "the sheet and the JSON say the same")
        # Printed like the other sheets.
        ps = ws.page_setup
        check(ps.paperSize in (9, "9") and ps.orientation == "landscape",
              "%s: A4 landscape: %s %s" % (lang, ps.paperSize, ps.orientation))
        check(ws.print_title_rows == "$1:$1", "%s: the header on every page: %s" % (lang, ws.print_title_rows))
        check(ws.freeze_panes == "C2", "%s: frozen id and name: %s" % (lang, ws.freeze_panes))
        sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
        check(sizes and min(sizes) >= 9, "%s: no font under 9 pt: %s" % (lang, sizes))
        widths = [ws.column_dimensions[c].width for c in "ABCDEFG"]
        check(all(w and w > 0 for w in widths), "%s: column widths set: %s" % (lang, widths))
    # A pass/fail pack has no 定级 sheet.
    out = os.path.join(tmp, "plain.xlsx")
    run(["check", "-o", out, "examples/county"])
    check("定级" not in openpyxl.load_workbook(out).sheetnames, "no 定级 sheet for a pass/fail pack")

# The other formats name the grade.
for fmt, needle in (("csv", "定级"), ("junit", "定级"), ("sarif", "定级"),
                    ("github", "定级"), ("html", "定级")):
    r = run(["check", "--format", fmt, "--rules", PACK, "tests/grade/mid.yaml"])
    check(needle in r.stdout and "三级" in r.stdout,
          "%s output names the grade (三级): %s" % (fmt, r.stdout[:200].replace("\n", " ")))

# Printed by LibreOffice (as print_check.py does the examples' report):
# every page A4, Chinese at 9 pt or more, the 定级 sheet's text on paper
# to the end of its longest cell.
if harness.have("soffice", "libreoffice-calc-nogui", "the 定级 sheet printed") and \
        harness.have("pdftotext", "poppler-utils", "the printed glyph size"):
    from print_check import A4, MIN_PT, glyph_pt, pages, render  # noqa: E402
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "graded.xlsx")
        run(["check", "--rules", PACK, "-o", out] + FILES)
        text = render(tmp, out)
        ps = pages(text) if text else []
        check(ps, "the graded report prints")
        for i, (w, h, words) in enumerate(ps, 1):
            check(abs(min(w, h) - A4[0]) < 1 and abs(max(w, h) - A4[1]) < 1,
                  "page %d is A4: %.1f x %.1f pt" % (i, w, h))
            size = glyph_pt(words)
            check(size is None or size >= MIN_PT, "page %d prints its Chinese at %.2f pt" % (i, size or 0))
        flat = "".join(t for _, _, words in ps for *_, t in words)
        for phrase in ("达一级需5,500,000元，差499,999元", "不降级需4个门类，差4个门类"):
            check(phrase in flat, "printed whole: %s" % phrase)
sys.exit(summary("grade"))
