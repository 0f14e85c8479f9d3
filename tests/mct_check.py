#!/usr/bin/env python3
"""mct_check.py - the grade every case of the graded packs must get.

tests/grading/PACK/NAME.yaml is a venue file, NAME.expect its expected rule
verdicts (run by `rules --test`) and, on a line `# grade: G`, the grade:
一级/二级/三级, 未达等级 (below the lowest grade: every condition is known)
or undetermined (missing data decides).  Each case is checked alone with
rules/PACK.yaml and the grade is read from the JSON report (the grade
object holds grade ids, not words).  Also: each pack lints; `rules --test`
passes its cases (the rule verdicts of each .expect); its cases cover every
grade, 未达等级 and undetermined; its blank workbooks have their ledgers'
sheets; every case converted to a workbook gets the same grade; and the
data formats agree (shared_fields).
Usage: mct_check.py BINARY
"""
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

yaml = harness.need("yaml", "python3-yaml", "mct")

BIN = os.path.abspath(sys.argv[1])
CASES = os.path.join(harness.ROOT, "tests", "grading")
PACKS = ["mct-2015-fusheng", "mct-2020-dishi", "mct-2011-county"]
NAMES = {"g1": "一级", "g2": "二级", "g3": "三级"}


def expected(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^# grade: (\S+)$", f.read(), re.M)
    return m.group(1) if m else None


def got(pack, case):
    r = harness.run(BIN, ["check", "-r", os.path.join("rules", pack + ".yaml"), "--format", "json", case],
                    cwd=harness.ROOT)
    if r.returncode not in (0, 1):
        return "exit %d: %s" % (r.returncode, r.stderr.strip())
    g = json.loads(r.stdout)["files"][0]["grade"]
    if g["undetermined"]:
        return "undetermined"
    return NAMES.get(g["grade"], "未达等级") if g["grade"] else "未达等级"


LEDGERS = {"mct-2015-fusheng": ["常设免费服务项目", "业务人员名单", "馆设机构"],
           "mct-2020-dishi": ["业务人员名单"], "mct-2011-county": ["常设免费服务项目"]}
TIERS = {"mct-2015-fusheng": ["fusheng"], "mct-2020-dishi": ["fusheng", "city"],
         "mct-2011-county": ["county"]}


def workbooks(pack, cases, tmp):
    """The blank workbook of each tier has a sheet per ledger its rules read;
    every case converted to a workbook gets the same grade as its YAML."""
    rules = os.path.join("rules", pack + ".yaml")
    for tier in TIERS[pack]:
        out = os.path.join(tmp, "%s-%s.xlsx" % (pack, tier))
        r = harness.run(BIN, ["template", "-r", rules, "--tier", tier, "-o", out], cwd=harness.ROOT)
        if not check(r.returncode == 0, "template %s --tier %s -o .xlsx: %s" % (pack, tier, r.stderr)):
            continue
        with zipfile.ZipFile(out) as z:
            sheets = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
        want = [l for l in LEDGERS[pack] if tier != "city" or l == "业务人员名单"]
        check(all(l in sheets for l in want) and "基本信息" in sheets,
              "%s --tier %s workbook sheets %s hold %s" % (pack, tier, sheets, want))
    books = os.path.join(tmp, pack)
    os.makedirs(books)
    for case in cases:
        r = harness.run(BIN, ["convert", "-r", rules, case, "-o",
                              os.path.join(books, os.path.basename(case)[:-5] + ".xlsx")], cwd=harness.ROOT)
        check(r.returncode == 0, "convert %s: %s" % (case, r.stderr))
    r = harness.run(BIN, ["check", "-r", rules, "--format", "json", books], cwd=harness.ROOT)
    check(r.returncode in (0, 1), "check %d workbooks: exit %d %s" % (len(cases), r.returncode, r.stderr[:300]))
    if r.returncode not in (0, 1):
        return
    for f in json.loads(r.stdout)["files"]:
        g = f["grade"]
        have = "undetermined" if g["undetermined"] else NAMES.get(g["grade"], "未达等级")
        case = os.path.join(CASES, pack, os.path.basename(f["path"])[:-5] + ".expect")
        check(have == expected(case), "%s: grade %s from the workbook, expected %s" % (f["path"], have, expected(case)))


SAME = ("type", "min", "max", "values", "labels", "required", "unit")


def shared_fields():
    """A field two packs declare has the same definition in each (what a
    file accepts; label, example and notes may differ), and the Jiaxing
    pack declares every field of the packs its city and county centres are
    graded by, so a Jiaxing venue's file can hold its grading data."""
    defs, paths = {}, {}
    for pack in ["jiaxing-2015"] + PACKS:
        with open(os.path.join(harness.ROOT, "rules", pack + ".yaml"), encoding="utf-8") as f:
            data = yaml.safe_load(f)["data"]
        fields = [("venue." + k, v) for k, v in data.get("venue", {}).items()]
        fields += [("facts." + k, v) for k, v in data.get("facts", {}).items()]
        for name, led in data.get("ledgers", {}).items():
            fields.append((name + ".unique", {"unique": led.get("unique")}))
            fields += [("%s.%s" % (name, k), v) for k, v in led["fields"].items()]
        paths[pack] = {path for path, _ in fields}
        for path, d in fields:
            d = {k: d.get(k) for k in SAME + ("unique",) if k in d}
            if path in defs:
                check(defs[path][1] == d, "%s: %s declares %s, %s %s" % (path, pack, d, defs[path][0], defs[path][1]))
            else:
                defs[path] = (pack, d)
    for pack in ["mct-2020-dishi", "mct-2011-county"]:
        extra = paths[pack] - paths["jiaxing-2015"]
        check(not extra, "jiaxing-2015 declares the fields of %s (missing: %s)" % (pack, sorted(extra)))


def either_or_both(tmp):
    """The Jiaxing city file (with its grading data) against the Jiaxing
    pack, the grading pack or both in one run: the same verdicts and the
    same grade each way, through YAML and through its workbook (written
    with both packs: its tier is the Jiaxing 中心馆, which the grading pack
    reads as its city)."""
    city = os.path.join("examples", "city", "jiaxing-city.yaml")
    book = os.path.join(tmp, "jiaxing-city.xlsx")
    r = harness.run(BIN, ["convert", "-r", "jiaxing-2015", "-r", "mct-2020-dishi", city, "-o", book],
                    cwd=harness.ROOT)
    check(r.returncode == 0, "convert with both packs: %s" % r.stderr)
    runs = {}
    for packs in (["jiaxing-2015"], ["mct-2020-dishi"], ["jiaxing-2015", "mct-2020-dishi"]):
        for path in (city, book):
            args = ["check", "--format", "json"] + [a for p in packs for a in ("-r", p)] + [path]
            r = harness.run(BIN, args, cwd=harness.ROOT)
            if not check(r.returncode == 0, "%s %s: exit %d %s" % (packs, path, r.returncode, r.stderr)):
                continue
            f = json.loads(r.stdout)["files"][0]
            runs[(tuple(packs), path)] = ({x["rule"]: x["verdict"] for x in f["results"]},
                                         f.get("grade", {}).get("grade"))
    alone = {}
    for packs in (("jiaxing-2015",), ("mct-2020-dishi",)):
        alone.update(runs.get((packs, city), ({}, None))[0])
    both = runs.get((("jiaxing-2015", "mct-2020-dishi"), city), ({}, None))
    check(both[0] == alone and len(alone) == 45, "both packs: the verdicts of each pack alone (%d)" % len(both[0]))
    check(both[1] == "g1" and runs.get((("mct-2020-dishi",), city), (0, None))[1] == "g1",
          "the city is 一级 alone and with both packs")
    for key, got_ in runs.items():
        if key[1] == book:
            check(got_ == runs.get((key[0], city)), "%s: the workbook gets what the YAML gets" % (key[0],))


def main():
    tmp = tempfile.mkdtemp()
    shared_fields()
    either_or_both(tmp)
    for pack in PACKS:
        r = harness.run(BIN, ["rules", "--lint", os.path.join("rules", pack + ".yaml")], cwd=harness.ROOT)
        check(r.returncode == 0 and "no problems" in r.stdout, "%s lints: %s%s" % (pack, r.stdout, r.stderr))
        r = harness.run(BIN, ["rules", "--test", os.path.join("tests", "grading", pack), "-r",
                              os.path.join("rules", pack + ".yaml")], cwd=harness.ROOT)
        bad = [l for l in r.stdout.splitlines() if not l.startswith(("通过 ", "rules --test"))]
        check(r.returncode == 0 and not bad, "%s: rules --test: %s" % (pack, "\n".join(bad) + r.stderr))
        seen = set()
        cases = sorted(glob.glob(os.path.join(CASES, pack, "*.yaml")))
        check(len(cases) >= 30, "%s: %d cases" % (pack, len(cases)))
        for case in cases:
            want = expected(case[:-5] + ".expect")
            if not check(want, "%s: no '# grade:' line" % case):
                continue
            seen.add(want)
            have = got(pack, os.path.relpath(case, harness.ROOT))
            check(have == want, "%s: grade %s, expected %s" % (os.path.relpath(case, harness.ROOT), have, want))
        for g in ["一级", "二级", "三级", "未达等级", "undetermined"]:
            check(g in seen, "%s: some case expects %s" % (pack, g))
        workbooks(pack, [os.path.relpath(c, harness.ROOT) for c in cases], tmp)
    shutil.rmtree(tmp)
    return summary("mct")


if __name__ == "__main__":
    sys.exit(main())
