#!/usr/bin/env python3
"""trend_check.py - venuecheck trend over the three example years: the JSON
is valid against man/venuecheck-trend.schema.json and says what the
examples say (the 2024->2025 regressions, 湘城村's new parent, the empty
2026, a pack that changed in 2024), the CSV has a row per venue x rule x
year, the workbook's 趋势 sheet has a row per venue and a column per year
and a line chart part, both sheets are set to print on A4 landscape, and
the exit status follows the latest year with files.

usage: trend_check.py BINARY   (run from the repository root)"""
import csv, io, json, os, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = sys.argv[1]
YEARS = ["examples/years/2023", "examples/city", "examples/county", "examples/towns",
         "examples/villages", "examples/years/2025", "tests/trend/empty-2026"]
PACK = ["--rules-for", "2024=rules/local/nanhu-2024.yaml"]


def run(args):
    return harness.run(BIN, ["trend"] + args)


def json_checks():
    jsonschema = harness.need("jsonschema", "python3-jsonschema")
    if not jsonschema:
        return
    schema = json.load(open("man/venuecheck-trend.schema.json"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    r = run(["-f", "json"] + PACK + YEARS)
    check(r.returncode == 1, "exit 1: 2025, the latest year with files, has failures (%d)" % r.returncode)
    doc = json.loads(r.stdout)
    errs = ["%s: %s" % (e.json_path, e.message) for e in validator.iter_errors(doc)]
    check(not errs, "trend JSON matches its schema: %s" % errs[:3])
    years = [y["year"] for y in doc["years"]]
    check(years == [2023, 2024, 2025, 2026], "years ascending, the empty one too: %s" % years)
    y26 = doc["years"][3]
    check(y26["empty"] and y26["source"] == "tests/trend/empty-2026" and y26["venues"] == 0,
          "2026 is an empty year named by its directory: %s" % y26)
    check(all(len(v["years"]) == 4 and v["years"][3] == {"year": 2026, "present": False}
              for v in doc["venues"]), "no venue has a 2026 value")
    y24 = doc["years"][1]
    check(y24["pack"] == "rules/local/nanhu-2024.yaml" and
          y24["rules_added"] == ["town.activity.exhibitions"] and
          y24["rules_removed"] == ["town.activity.one_town_one_brand"],
          "2024's pack change named: %s %s" % (y24["rules_added"], y24["rules_removed"]))
    rules = {r["id"]: r["years"] for r in doc["rules"]}
    check(rules["town.activity.exhibitions"] == [2024] and
          rules["town.activity.one_town_one_brand"] == [2023, 2025],
          "a rule of one pack lists only its years")
    worse = sorted((w["venue"], w["rule"], w["from"], w["to"]) for w in doc["worse"])
    check(worse == [("330402-fq-lf", "village.activity.events", 2024, 2025),
                    ("330402-qx", "town.support.staff_by_population", 2024, 2025),
                    ("330402-yx", "town.open.weekly_hours", 2024, 2025)],
          "the three 2024->2025 regressions, nothing else: %s" % worse)
    venues = {v["id"]: v for v in doc["venues"]}
    xc = venues["330402-qx-xc"]
    check(xc["parent_changed"] and not xc["tier_changed"] and
          [y.get("parent") for y in xc["years"][:3]] == ["330402-qx", "330402-qx", "330402-yx"],
          "湘城村's parent changed in 2025, its tier did not")
    check(sum(v["parent_changed"] or v["tier_changed"] for v in doc["venues"]) == 1,
          "no other venue is marked changed")
    qx = {r["rule"]: r for r in venues["330402-qx"]["years"][2]["results"]}
    staff = qx["town.support.staff_by_population"]
    check(staff["verdict"] == "fail" and staff["measured"] == 3 and staff["required"] == "≥ 4 名",
          "七星街道 2025: 3 staff, needs 4: %s" % staff)
    town = next(t for t in doc["rates"] if t["tier"] == "town")["years"]
    check([(y["passing"], y["venues"]) for y in town[:3]] == [(3, 5), (4, 5), (2, 5)],
          "towns passing by year: %s" % town)
    nanhu = next(g for g in doc["groups"] if g["id"] == "330402")
    county = next(t for t in nanhu["rates"] if t["tier"] == "county")["years"]
    check([y["passing"] for y in county[:3]] == [0, 0, 1], "南湖区 itself passes from 2025")
    # The other side: the schema rejects what it rules out.
    bad = json.loads(r.stdout)
    bad["years"][0]["status"] = 3
    bad["venues"][0]["years"][0]["results"][0]["verdict"] = "absent"
    del bad["worse"]
    errs = list(validator.iter_errors(bad))
    check(len(errs) == 3, "a bad status, an unknown verdict and no worse are rejected: %d" % len(errs))


def csv_checks():
    r = run(["-f", "csv", "--no-bom"] + YEARS)
    rows = list(csv.reader(io.StringIO(r.stdout)))
    check(rows[0][:3] == ["年度", "场馆编号", "场馆"], "CSV header: %s" % rows[0])
    body = rows[1:]
    # 19 venues, each rule of its tier in 3 years (2026 is empty: no rows).
    per_tier = {"city": 42, "county": 38, "town": 24, "village": 8}
    want = 3 * (per_tier["city"] + per_tier["county"] + 5 * per_tier["town"] + 12 * per_tier["village"])
    check(len(body) == want, "a row per venue x rule x year: %d, want %d" % (len(body), want))
    check(not any(row[0] == "2026" for row in body), "no row for the empty year")
    hit = [row for row in body if row[0] == "2025" and row[1] == "330402-qx"
           and row[5] == "town.support.staff_by_population"]
    check(hit and hit[0][6] == "未通过" and hit[0][7] == "3", "七星街道 2025 staff row: %s" % hit)
    # A venue with no file in a year: its rows say so, not a rule's verdict.
    r2 = run(["-f", "csv", "--no-bom", "examples/villages/xinfeng/zhulin.yaml",
              "examples/years/2025/villages/yuxin/xiangcheng.yaml"])
    gap = {row[6] for row in csv.reader(io.StringIO(r2.stdout)) if row[:2] == ["2025", "330402-xf-zl"]}
    check(gap == {"无文件"}, "竹林村 has no 2025 file: its 2025 rows read 无文件: %s" % gap)
    moved = {row[9] for row in body if row[1] == "330402-qx-xc"}
    check(moved == {"parent"}, "湘城村's rows say its parent changed: %s" % moved)


def xlsx_checks(tmp):
    openpyxl = harness.need("openpyxl", "python3-openpyxl")
    if not openpyxl:
        return None
    path = os.path.join(tmp, "trend.xlsx")
    r = run(["-o", path] + YEARS)
    check(r.returncode == 1 and os.path.exists(path), "trend -o trend.xlsx: exit 1, written")
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["趋势", "趋势明细"], "sheets: %s" % wb.sheetnames)
    ws = wb["趋势"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if row[0] == "场馆编号")
    check(list(rows[head][4:8]) == ["2023 年", "2024 年", "2025 年", "变化"],
          "a column per year with files, then the change: %s" % (rows[head][4:8],))
    venues = [row for row in rows[head + 1:] if row[0]]
    check(len(venues) == 19, "one row per venue: %d" % len(venues))
    by_id = {row[0]: row for row in venues}
    check(by_id["330402-qx"][4:7] == ("通过", "通过", "未通过 1 条"), "七星街道 by year")
    check(by_id["330402"][4:7] == ("未通过 2 条", "未通过 2 条", "通过"), "南湖区 put right in 2025")
    check("330402-qx → 330402-yx" in (by_id["330402-qx-xc"][7] or ""),
          "湘城村's change in words: %s" % by_id["330402-qx-xc"][7])
    check(any(row[0] and "2026 年：没有场馆文件" in str(row[0]) for row in rows[:head]),
          "the empty year is said above the table")
    rates = next(i for i, row in enumerate(rows) if row[0] == "层级")
    tiers = {rows[i][0]: rows[i][4:7] for i in range(rates + 1, rates + 5)}
    check(tiers.get("分馆") == (0.6, 0.8, 0.4), "分馆 pass rate by year: %s" % (tiers.get("分馆"),))
    check(ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9",
          "趋势 prints A4 landscape")
    check(ws.print_title_rows == "$%d:$%d" % (head + 1, head + 1), "the venue header repeats: %s" % ws.print_title_rows)
    detail = wb["趋势明细"]
    check(detail.page_setup.orientation == "landscape", "趋势明细 prints landscape")
    drows = list(detail.iter_rows(min_row=2, values_only=True))
    check(len(drows) == 42 + 38 + 5 * 24 + 12 * 8, "趋势明细: a row per venue x rule: %d" % len(drows))
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        check(len(charts) == 1, "one chart part: %s" % charts)
        xml = z.read(charts[0]).decode() if charts else ""
    check("<c:lineChart>" in xml and xml.count("<c:ser>") == 4,
          "a line chart, a series per tier (%d)" % xml.count("<c:ser>"))
    check("'趋势'!$E$" in xml, "its series read the 趋势 sheet's year columns")
    en = os.path.join(tmp, "trend-en.xlsx")
    run(["--lang", "en", "-o", en] + YEARS)
    check(openpyxl.load_workbook(en).sheetnames == ["Trend", "Trend detail"], "English sheet names")
    return path


def status_checks(tmp):
    # Both years of 竹林村 pass: the latest passes, exit 0.
    r = run(["examples/villages/xinfeng/zhulin.yaml", "examples/years/2025/villages/xinfeng/zhulin.yaml"])
    check(r.returncode == 0, "exit 0 when the latest year passes: %d %s" % (r.returncode, r.stderr))
    # 净相村 failed in 2024 and passes in 2025: the history does not fail the run.
    r = run(["examples/villages/xinfeng/jingxiang.yaml", "examples/years/2025/villages/xinfeng/jingxiang.yaml"])
    check(r.returncode == 0, "exit 0: a venue that failed before and passes now")
    # ... and the other way round: 联丰村 regressed in 2025.
    r = run(["examples/villages/fengqiao/lianfeng.yaml", "examples/years/2025/villages/fengqiao/lianfeng.yaml"])
    check(r.returncode == 1, "exit 1: the latest year fails")
    r = run(["tests/trend/empty-2026"])
    check(r.returncode == 2, "exit 2: no year has a file")
    bad = os.path.join(tmp, "2023")
    os.mkdir(bad)
    open(os.path.join(bad, "x.yaml"), "w").write("venue: {id: x, tier: town\n")
    r = run(["examples/towns/qixing.yaml", bad])
    check(r.returncode == 2 and "x.yaml" in r.stderr, "exit 2: an unreadable file, named: %s" % r.stderr[:200])
    r = run(["--year", "2024", "examples/towns"])
    check(r.returncode == 2 and "--year" in r.stderr, "--year refused")
    r = run(["-f", "junit", "examples/towns"])
    check(r.returncode == 2, "junit refused for trend")


def main():
    tmp = tempfile.mkdtemp()
    json_checks()
    csv_checks()
    xlsx_checks(tmp)
    status_checks(tmp)
    return summary("trend")


if __name__ == "__main__":
    sys.exit(main())
