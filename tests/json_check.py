#!/usr/bin/env python3
"""json_check.py - the JSON report parses, is valid against
man/venuecheck-report.schema.json (checked with python3-jsonschema), and
agrees with the text report; the JUnit and GitHub outputs.

usage: json_check.py BINARY   (run from the repository root)"""
import json, os, re, shutil, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = sys.argv[1]
SCHEMA = json.load(open("man/venuecheck-report.schema.json"))
ENV = harness.ENV
jsonschema = harness.need("jsonschema", "python3-jsonschema")
Validator = jsonschema.validators.validator_for(SCHEMA)  # the schema's draft
Validator.check_schema(SCHEMA)
VALIDATOR = Validator(SCHEMA)


def schema_errors(doc):
    return ["%s: %s" % (e.json_path, e.message)
            for e in VALIDATOR.iter_errors(doc)]


TREE = ["examples/city", "examples/county", "examples/towns", "examples/villages"]
r = subprocess.run([BIN, "check", "--format", "json"] + TREE, capture_output=True, text=True, env=ENV)
doc = json.loads(r.stdout)
check(r.returncode == 1, "exit 1 for the examples")
errs = schema_errors(doc)
check(not errs, "check report matches the schema: %s" % errs[:3])
# The other side: the validator rejects what the schema rules out.
broken = json.loads(r.stdout)
broken["summary"]["venues"] = "19"
broken["files"][0]["verdict"] = "maybe"
del broken["rollups"]
errs = schema_errors(broken)
check(len(errs) == 3, "a string count, an unknown verdict and no rollups are rejected: %s" % errs)
# Closed shapes: a key the schema does not name is rejected, at the top,
# in a result and in a diagnostic.
broken = json.loads(r.stdout)
broken["extra"] = 1
broken["files"][0]["results"][0]["extra"] = 1
broken["rollups"][0]["tiers"][0]["extra"] = 1
errs = schema_errors(broken)
check(len(errs) == 3, "unknown keys are rejected (additionalProperties: false): %s" % errs)
# Numbers in their shortest round-trip form, and a fraction is a ratio.
check(not re.search(r"[0-9]\.[0-9]{15,}", r.stdout), "no 17-digit artefacts such as 0.83999999999999997")
ratio = next(x for f in doc["files"] if f["venue"] and f["venue"]["id"] == "330402"
             for x in f["results"] if x["rule"] == "county.support.professional_ratio")
check((ratio["measured"], ratio["required"], ratio["unit"]) == (0.84, 0.8, "ratio")
      and '"measured":0.84,' in r.stdout, "a ratio as 0.84 with unit ratio: %s" % ratio)
check(all(x["unit"] != "%" for f in doc["files"] for x in f["results"]), "no fraction labelled %")
text = subprocess.run([BIN, "check"] + TREE, capture_output=True, text=True, env=ENV).stdout
m = re.search(r"共检查 (\d+) 个场馆：全部通过 (\d+) 个，未全部通过 (\d+) 个；无效文件 (\d+) 个", text)
s = doc["summary"]
check(m and (s["venues"], s["passing"], s["failing"], s["invalid"]) == tuple(map(int, m.groups())),
      "summary agrees with the text report: %s" % s)
fq = next(f for f in doc["files"] if f["venue"] and f["venue"]["id"] == "330402-fq")
staff = next(x for x in fq["results"] if x["rule"] == "town.support.staff_by_population")
check((staff["verdict"], staff["measured"], staff["required"], staff["op"], staff["gap"], staff["text"])
      == ("fail", 4, 5, ">=", 1, "差 1 名"), "凤桥镇 staff result %s" % staff)
check(fq["counts"]["fail"] == 5 and fq["verdict"] == "fail", "凤桥镇 counts")
warn = [d for d in fq["diagnostics"] if d["code"] == "W101"]
check(len(warn) == 1 and warn[0]["line"] > 0, "stated-total warning with its position")
check(len(doc["rollups"]) == 2 and doc["rollups"][1]["venue"] == "330402", "roll-ups of city and county")

r = subprocess.run([BIN, "validate", "--format", "json", "tests/e2e/data/bad-values.yaml",
                    "tests/boundary/village.yaml"], capture_output=True, text=True, env=ENV)
doc = json.loads(r.stdout)
errs = schema_errors(doc)
check(not errs, "validate report matches the schema: %s" % errs[:3])
check(r.returncode == 2 and doc["command"] == "validate", "validate: exit 2")
bad, good = doc["files"]
check(bad["verdict"] == "invalid" and len(bad["diagnostics"]) == 6, "every problem of the bad file")
check(bad["diagnostics"][0]["code"] == "E024" and bad["diagnostics"][0]["line"] == 6
      and bad["diagnostics"][0]["column"] == 15, "first problem's code and position")
check(good["verdict"] == "valid" and good["results"] == [], "a valid file has no results in validate")
# JUnit: well-formed XML (xmllint when installed), one suite per venue and
# one testcase per rule; failures carry the gap; invalid files are errors.
import tempfile
import xml.etree.ElementTree as ET
xml_path = os.path.join(tempfile.mkdtemp(), "junit.xml")
r = subprocess.run([BIN, "check", "-o", xml_path] + TREE + ["tests/e2e/data/bad-duplicate.yaml"],
                   capture_output=True, text=True, env=ENV)
check(r.returncode == 2, "junit run with a bad file: exit 2")
if harness.have("xmllint", "libxml2-utils", "xmllint reading the JUnit XML"):
    check(subprocess.run(["xmllint", "--noout", xml_path]).returncode == 0, "xmllint accepts the JUnit XML")
root = ET.parse(xml_path).getroot()
suites = root.findall("testsuite")
check(root.tag == "testsuites" and len(suites) == 20, "20 suites (19 venues + 1 invalid file)")
fq = next(x for x in suites if x.get("name").startswith("330402-fq "))
check(fq.get("tests") == "24" and fq.get("failures") == "5", "凤桥镇 suite counts")
case = next(c for c in fq.findall("testcase") if c.get("name") == "town.support.staff_by_population")
fail = case.find("failure")
check(fail is not None and fail.get("message") == "差 1 名", "failure carries the gap")
XSD = "tests/schemas/junit-10.xsd"  # Jenkins' JUnit schema (tests/schemas/README.md)


def junit_valid(path, what):
    """PATH is valid against Jenkins' JUnit schema (xmllint --schema)."""
    if harness.have("xmllint", "libxml2-utils", "xmllint: %s against junit-10.xsd" % what):
        x = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True, text=True)
        check(x.returncode == 0, "%s valid against junit-10.xsd: %s" % (what, x.stderr[-600:]))


junit_valid(xml_path, "the examples' JUnit")
if harness.have("xmllint", "libxml2-utils", "xmllint: the schema rejects a testcase file"):
    # The other side: what Jenkins refused before (file= on <testcase>).
    old = os.path.join(tempfile.mkdtemp(), "old.xml")
    with open(xml_path, encoding="utf-8") as fh, open(old, "w", encoding="utf-8") as out:
        out.write(fh.read().replace("<testcase ", '<testcase file="x.yaml" ', 1))
    x = subprocess.run(["xmllint", "--noout", "--schema", XSD, old], capture_output=True, text=True)
    check(x.returncode != 0 and "file" in x.stderr, "junit-10.xsd rejects file on a testcase")
check(fq.get("file") == "examples/towns/fengqiao.yaml" and case.get("file") is None,
      "the venue file on the suite, not on the testcase")
bad = suites[-1]
check(bad.get("errors") == "1" and bad.find("testcase/error") is not None, "invalid file is an error")

r = subprocess.run([BIN, "check", "--format", "github", "tests/e2e/data/bad-unknown-key.yaml"],
                   capture_output=True, text=True, env=ENV)
check(r.stdout.startswith("::error file=tests/e2e/data/bad-unknown-key.yaml,line=7,col=3,title=E012 unknown-key::"),
      "GitHub annotation with file, line, column and code")

# Waivers and a layered pack: the report matches the schema, waived results
# carry their waiver and do not fail the run.
r = subprocess.run([BIN, "check", "--format", "json", "--today", "2025-03-01",
                    "--rules", "rules/local/nanhu-2024.yaml", "--waivers",
                    "tests/e2e/waivers/county.yaml", "examples/towns/fengqiao.yaml"],
                   capture_output=True, text=True, env=ENV)
doc = json.loads(r.stdout)
errs = schema_errors(doc)
check(not errs, "waived report matches the schema: %s" % errs[:3])
check(doc["standard"]["extends"]["id"] == "jiaxing-2015", "the report names the base pack")
fq = doc["files"][0]
staff = next(x for x in fq["results"] if x["rule"] == "town.support.staff_by_population")
check(staff["verdict"] == "waived" and staff["gap"] == 1 and staff["waiver"]["was"] == "fail"
      and staff["waiver"]["line"] == 2, "waived result with its waiver %s" % staff)
check(fq["counts"]["waived"] == 4 and fq["verdict"] == "pass", "waived counts %s" % fq["counts"])
check(r.returncode == 0, "only waived failures: exit 0, got %d" % r.returncode)
xml_path = os.path.join(tempfile.mkdtemp(), "waived.xml")
subprocess.run([BIN, "check", "--today", "2025-03-01", "-o", xml_path, "--waivers",
                "tests/e2e/waivers/county.yaml", "examples/towns/fengqiao.yaml"], env=ENV)
suite = ET.parse(xml_path).getroot().find("testsuite")
check(suite.get("failures") == "0" and suite.get("skipped") == "4", "JUnit: waived rules are skipped")
junit_valid(xml_path, "a waived JUnit")
# Every malformed file of tests/bad/ (one per error code: raw bytes, NUL,
# GBK text...) and a name full of XML's specials: still schema-valid.
hostile = tempfile.mkdtemp()
odd = os.path.join(hostile, 'a<b>&"c\'\x01.yaml')
with open(odd, "w") as fh:
    fh.write("venue: [\n")
xml_path = os.path.join(hostile, "bad.xml")
bads = sorted(os.path.join("tests/bad", n) for n in os.listdir("tests/bad"))
r = subprocess.run([BIN, "check", "-o", xml_path] + bads + [odd], capture_output=True, env=ENV)
check(r.returncode == 2, "JUnit of the bad files: exit 2")
junit_valid(xml_path, "the bad files' JUnit")
suites = ET.parse(xml_path).getroot().findall("testsuite")
check(len(suites) >= len(bads) and all(x.find("testcase/error") is not None for x in suites[-3:]),
      "each bad file is a suite in error")

# --baseline: the report with its changes matches the (closed) schema; the
# marks agree with the fixture's edits (tests/e2e/baseline/make-old.py).
OLD = "tests/e2e/baseline/examples-old.json"
r = subprocess.run([BIN, "check", "--format", "json", "--baseline", OLD] + TREE,
                   capture_output=True, text=True, env=ENV)
doc = json.loads(r.stdout)
errs = schema_errors(doc)
check(not errs, "a report with a baseline matches the schema: %s" % errs[:3])
marks = {(f["venue"]["id"], x["rule"]): x["change"] for f in doc["files"] if f["venue"]
         for x in f["results"]}
still = marks[("330402", "county.digital.monthly_updates")]
check(still["mark"] == "still" and still["then"]["gap"] == 5, "still failing, gap 5 then: %s" % still)
check(marks[("330402", "county.open.weekly_hours")]["mark"] == "fixed", "fixed")
check(marks[("330402", "county.training.art_classes")]["mark"] == "new", "new")
check(marks[("330402-xf-jx", "village.activity.events")] == {"mark": "new", "then": None},
      "a venue new since: its failure is new")
check(marks[("330402-dq", "town.digital.services")]["mark"] == "rule-added", "a renamed rule is added")
dq = next(f for f in doc["files"] if f["venue"] and f["venue"]["id"] == "330402-dq")
check(dq["change"]["removed"][0]["rule"] == "town.digital.service_points", "and its old name removed")
b = doc["baseline"]
check(b["counts"]["new_failures"] == 3 and b["counts"]["fixed"] == 2 and
      [g["id"] for g in b["gone"]] == ["330402-xf-gl"], "baseline totals and the venue gone: %s" % b)
check(all("change" in u for u in doc["rollups"]), "each roll-up has its changes")
broken = json.loads(r.stdout)
broken["files"][0]["results"][0]["change"]["extra"] = 1
broken["baseline"]["counts"]["extra"] = 1
check(len(schema_errors(broken)) == 2, "the change shapes are closed")
# Without a baseline no change key anywhere (the e2e goldens hold the bytes).
plain = subprocess.run([BIN, "check", "--format", "json"] + TREE, capture_output=True, text=True, env=ENV)
check('"change"' not in plain.stdout and '"baseline"' not in plain.stdout, "no change keys without --baseline")
# diff --format json against its own (closed) schema, and its counts are
# check --baseline's.
DIFF_SCHEMA = json.load(open("man/venuecheck-diff.schema.json"))
Validator.check_schema(DIFF_SCHEMA)
DIFF_VALIDATOR = Validator(DIFF_SCHEMA)
r = subprocess.run([BIN, "diff", "--format", "json", OLD, "tests/e2e/baseline/examples-new.json"],
                   capture_output=True, text=True, env=ENV)
d = json.loads(r.stdout)
errs = [e.message for e in DIFF_VALIDATOR.iter_errors(d)]
check(r.returncode == 1 and not errs, "diff's JSON matches its schema: %s" % errs[:3])
check(d["counts"] == b["counts"], "diff counts what check --baseline counts: %s" % d["counts"])
d["venues"][0]["results"][0]["extra"] = 1
d["counts"]["extra"] = 1
check(len(list(DIFF_VALIDATOR.iter_errors(d))) == 2, "diff's shapes are closed")

# JUnit with a baseline: check --fail-on new (the backlog skipped) and
# diff (a suite per venue with something to say, the new failures its
# failures), both valid against Jenkins' schema.
NEW = "tests/e2e/baseline/examples-new.json"
jdir = tempfile.mkdtemp()
for args, what in ((["check", "--baseline", OLD, "--fail-on", "new"] + TREE, "check --baseline --fail-on new"),
                   (["diff", OLD, NEW], "diff")):
    path = os.path.join(jdir, what.split()[0] + ".xml")
    r = subprocess.run([BIN] + args + ["-o", path], capture_output=True, text=True, env=ENV)
    check(r.returncode == 1, "%s -o x.xml: exit 1 (3 new failures), got %d %s" % (what, r.returncode, r.stderr[-200:]))
    junit_valid(path, "the JUnit of " + what)
    suites = ET.parse(path).getroot().findall("testsuite")
    fails = [c for x in suites for c in x.findall("testcase") if c.find("failure") is not None]
    check(sum(int(x.get("failures")) for x in suites) == len(fails) == 3,
          "%s: the 3 new failures are the only failures (%d)" % (what, len(fails)))
    fq = next(x for x in suites if x.get("name").startswith("330402-fq "))
    hosted = next(c for c in fq.findall("testcase") if c.get("name") == "town.activity.hosted")
    check(hosted.find("skipped") is not None and "仍未整改" in hosted.find("skipped").get("message"),
          "%s: a failure the baseline had is skipped, marked 仍未整改" % what)
d = ET.parse(os.path.join(jdir, "diff.xml")).getroot()
nanhu = next(x for x in d.findall("testsuite") if x.get("name").startswith("330402 "))
fixed = next(c for c in nanhu.findall("testcase") if c.get("name") == "county.open.weekly_hours")
check(fixed.find("failure") is None and fixed.find("skipped") is None
      and "差 4 小时 → 通过" in fixed.find("system-out").text, "diff: a fixed rule passes, then → now said")
r = subprocess.run([BIN, "diff", "-f", "github", OLD, NEW], capture_output=True, text=True, env=ENV)
errors = [l for l in r.stdout.splitlines() if l.startswith("::error ")]
check(r.returncode == 1 and len(errors) == 3 and all("[新增]" in l for l in errors)
      and r.stdout.splitlines()[-1].startswith("::notice title=venuecheck diff::合计：新增 3，"),
      "diff -f github: the 3 new failures are errors, the rest notices, the counts last")
shutil.rmtree(jdir)

# Two packs in one run (issue 21): valid against the schema, both named,
# the grade the graded pack's, a failing Jiaxing rule exit 1.
for path, want in (("examples/city", 0), ("tests/packs/city-short-hours.yaml", 1)):
    r = subprocess.run([BIN, "check", "--format", "json", "-r", "jiaxing-2015", "-r", "mct-2020-dishi", path],
                       capture_output=True, text=True, env=ENV)
    doc = json.loads(r.stdout)
    check(r.returncode == want, "two packs, %s: exit %d, got %d" % (path, want, r.returncode))
    errs = schema_errors(doc)
    check(not errs, "two packs, %s: schema: %s" % (path, errs[:3]))
    packs = doc["standard"].get("packs", [])
    check([(x["id"], x["graded"]) for x in packs] == [("jiaxing-2015", False), ("mct-2020-dishi", True)]
          and doc["standard"]["id"] == "jiaxing-2015+mct-2020-dishi",
          "two packs: standard.packs names both, in order (%s)" % packs)
    check(doc["files"][0]["grade"]["grade"] == "g1", "two packs, %s: 一级 (%s)" % (path, doc["files"][0]["grade"]))

sys.exit(summary("json"))
