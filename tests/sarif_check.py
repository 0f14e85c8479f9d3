#!/usr/bin/env python3
"""sarif_check.py - `--format sarif` (and -o FILE.sarif) is valid SARIF
2.1.0: checked with python3-jsonschema against the OASIS schema
(tests/schemas/sarif-schema-2.1.0.json, draft-04), for the examples, a
waived run, invalid files (a YAML position, a workbook cell) and a GBK file
name; and holds what the JSON report holds.

usage: sarif_check.py BINARY   (run from the repository root)"""
import json, os, re, shutil, subprocess, sys, tempfile, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ENV = harness.ENV
jsonschema = harness.need("jsonschema", "python3-jsonschema", "sarif")
SCHEMA = json.load(open("tests/schemas/sarif-schema-2.1.0.json"))
Validator = jsonschema.validators.validator_for(SCHEMA)  # draft-04, from its $schema
check(Validator.META_SCHEMA["$schema"].startswith("http://json-schema.org/draft-04"),
      "the SARIF schema is validated as the draft it names (%s)" % SCHEMA["$schema"])
Validator.check_schema(SCHEMA)
VALIDATOR = Validator(SCHEMA, format_checker=Validator.FORMAT_CHECKER)
TREE = ["examples/city", "examples/county", "examples/towns", "examples/villages"]
CODES = re.findall(r'"([EWR][0-9]{3})"', open("src/diagcodes.h").read())


def sarif(args, what, cwd=None):
    """Run BIN ARGS; its standard output as a SARIF document, validated."""
    r = subprocess.run([os.fsencode(BIN)] + [os.fsencode(a) for a in args],
                       capture_output=True, env=ENV, cwd=cwd)
    try:
        doc = json.loads(r.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        check(False, "%s: SARIF is UTF-8 JSON: %s" % (what, e))
        return r.returncode, {"runs": [{"results": [], "tool": {"driver": {"rules": []}}}]}
    errs = ["%s: %s" % (e.json_path, e.message) for e in VALIDATOR.iter_errors(doc)]
    check(not errs, "%s: valid against the SARIF 2.1.0 schema: %s" % (what, errs[:3]))
    return r.returncode, doc


def region(res):
    return res["locations"][0]["physicalLocation"].get("region", {})


def uri(res):
    return res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


# The examples: one run, the tool with its rules, a result per problem.
status, doc = sarif(["check", "--format", "sarif"] + TREE, "the examples")
check(status == 1, "exit 1 for the examples, as every format")
check(doc["version"] == "2.1.0" and len(doc["runs"]) == 1, "version 2.1.0, one run")
run = doc["runs"][0]
drv = run["tool"]["driver"]
check(drv["name"] == "venuecheck" and re.match(r"^\d+\.\d+\.\d+", drv["version"])
      and drv["informationUri"], "driver name, version, informationUri: %s" % {k: drv.get(k) for k in ("name", "version", "informationUri")})
rules = {x["id"]: x for x in drv["rules"]}
lint = subprocess.run([BIN, "rules"], capture_output=True, text=True, env=ENV).stdout
pack_ids = [x["id"] for x in drv["rules"] if not re.match(r"^[EWR][0-9]{3}$", x["id"])]
check(len(rules) == len(drv["rules"]), "rule ids are unique")
check(set(CODES) <= set(rules), "every diagnostic code is a rule: missing %s" % (set(CODES) - set(rules)))
check(all(i in lint for i in pack_ids) and len(pack_ids) > 50, "one rule per rule of the pack (%d)" % len(pack_ids))
check(all(x["shortDescription"]["text"] for x in drv["rules"]), "each rule has a short description")
check(rules["W101"]["defaultConfiguration"]["level"] == "warning"
      and rules["E012"]["defaultConfiguration"]["level"] == "error", "code levels: W warning, E error")
results = run["results"]
check(all(r.get("ruleId") in rules for r in results), "every result names a rule of the driver")
# The same failures as the JSON report: each failed or missing rule once.
js = json.loads(subprocess.run([BIN, "check", "--format", "json"] + TREE,
                               capture_output=True, text=True, env=ENV).stdout)
failures = sorted((f["path"], x["rule"]) for f in js["files"] for x in f["results"]
                  if x["verdict"] in ("fail", "missing"))
got = sorted((uri(r), r["ruleId"]) for r in results if r["ruleId"] in pack_ids)
check(got == failures, "a result per failed or missing rule (%d, JSON %d)" % (len(got), len(failures)))
staff = next(r for r in results if r["ruleId"] == "town.support.staff_by_population")
venue_line = next(i for i, line in enumerate(open("examples/towns/fengqiao.yaml"), 1)
                  if line.startswith("venue:"))
check(staff["level"] == "error" and uri(staff) == "examples/towns/fengqiao.yaml"
      and region(staff) == {"startLine": venue_line + 1, "startColumn": 3} and "差 1 名" in staff["message"]["text"]
      and staff["properties"]["gap"] == 1, "凤桥镇 staff: error at the venue header (its block, as the GitHub annotation): %s" % staff)
warn = [r for r in results if r["ruleId"] == "W101"]
check(warn and warn[0]["level"] == "warning" and region(warn[0]).get("startLine", 0) > 0
      and region(warn[0]).get("startColumn", 0) > 0, "the stated-total warning with its line and column")

# -o FILE.sarif picks the format by its extension.
out = os.path.join(tempfile.mkdtemp(), "report.sarif")
subprocess.run([BIN, "check", "-o", out, "examples/towns/fengqiao.yaml"], capture_output=True, env=ENV)
with open(out, encoding="utf-8") as fh:
    check(json.load(fh).get("version") == "2.1.0", "-o report.sarif writes SARIF")

# Invalid files: a YAML position, a workbook cell as a logical location.
status, doc = sarif(["check", "--format", "sarif", "--lang", "en",
                     "tests/e2e/data/bad-unknown-key.yaml"], "an invalid file")
res = doc["runs"][0]["results"]
check(status == 2 and res and res[0]["ruleId"] == "E012" and res[0]["level"] == "error"
      and region(res[0]) == {"startLine": 7, "startColumn": 3}
      and uri(res[0]) == "tests/e2e/data/bad-unknown-key.yaml", "E012 at 7:3: %s" % res[:1])
status, doc = sarif(["validate", "--format", "sarif", "tests/workbook/bad-entries.xlsx"], "a bad workbook")
res = doc["runs"][0]["results"]
cells = [r["locations"][0].get("logicalLocations", [{}])[0].get("fullyQualifiedName") for r in res]
check(status == 2 and res and all(c and "!" in c for c in cells)
      and all(c in r["message"]["text"] for c, r in zip(cells, res))
      and all("region" not in r["locations"][0]["physicalLocation"] for r in res),
      "workbook errors name sheet!cell (logical location and message), no line region: %s" % cells[:3])
status, doc = sarif(["validate", "--format", "sarif", "tests/boundary/village.yaml"], "a valid file")
check(status == 0 and doc["runs"][0]["results"] == [], "validate of a valid file: no results")

# Waived failures are results with an accepted suppression.
status, doc = sarif(["check", "--format", "sarif", "--today", "2025-03-01", "--rules",
                     "rules/local/nanhu-2024.yaml", "--waivers", "tests/e2e/waivers/county.yaml",
                     "examples/towns/fengqiao.yaml"], "a waived run")
sup = [r for r in doc["runs"][0]["results"] if r.get("suppressions")]
check(status == 0 and len(sup) == 4 and all(r["suppressions"][0]["status"] == "accepted"
                                            and r["suppressions"][0]["justification"] for r in sup),
      "4 waived rules, each suppressed with its reason")

# A GBK file name: the uri keeps its bytes percent-encoded.
work = tempfile.mkdtemp()
gbk = b"\xb4\xf3\xc7\xc5.yaml"  # 大桥 in GBK
shutil.copy("tests/e2e/data/bad-unknown-key.yaml", os.path.join(os.fsencode(work), gbk))
status, doc = sarif(["check", "--format", "sarif", os.fsdecode(gbk)], "a GBK file name", cwd=work)
res = doc["runs"][0]["results"]
check(res and uri(res[0]) == "%B4%F3%C7%C5.yaml"
      and urllib.parse.unquote_to_bytes(uri(res[0])) == gbk, "GBK name: uri %s" % (res and uri(res[0])))
shutil.rmtree(work)

# check --baseline and diff: SARIF's own baselineState.  diff's results are
# the 整改跟踪 rows: the new failures are errors (what diff exits 1 for),
# the backlog notes, what was put right absent (level none).
OLD, NEW = "tests/e2e/baseline/examples-old.json", "tests/e2e/baseline/examples-new.json"
status, doc = sarif(["check", "--format", "sarif", "--baseline", OLD] + TREE, "check --baseline")
states = {r.get("baselineState") for r in doc["runs"][0]["results"] if r.get("ruleId", "").count(".")}
check(status == 1 and states <= {"new", "unchanged", "updated"} and "new" in states,
      "check --baseline: each rule result has its baselineState: %s" % states)
status, doc = sarif(["diff", "--format", "sarif", OLD, NEW], "diff")
res = doc["runs"][0]["results"]
counts = json.loads(subprocess.run([BIN, "diff", "--format", "json", OLD, NEW], capture_output=True,
                                   env=ENV).stdout)["counts"]
by = lambda lvl, st: [r for r in res if r["level"] == lvl and r["baselineState"] == st]
check(status == 1 and len([r for r in res if r["level"] == "error"]) == counts["new_failures"] == 3
      and len(by("error", "new")) == 3, "diff: the 3 new failures are errors, state new")
check(len(by("none", "absent")) >= counts["fixed"] == 2
      and {r["properties"]["change"] for r in by("none", "absent")} == {"fixed", "gone"},
      "diff: fixed and a gone venue's failure are absent, level none")
hosted = [r for r in res if r["ruleId"] == "town.activity.hosted" and r["properties"]["venue"] == "330402-fq"]
check(hosted and hosted[0]["baselineState"] == "updated" and hosted[0]["level"] == "note"
      and hosted[0]["properties"]["then"] == "差 3 次" and hosted[0]["properties"]["now"] == "差 1 次",
      "diff: still failing with a smaller gap is updated, a note: %s" % hosted[:1])
check(all(uri(r).startswith("examples/") for r in res), "diff: every result names its venue file")
status, doc = sarif(["diff", "--format", "sarif", NEW, NEW], "diff of a report with itself")
check(status == 0 and all(r["level"] != "error" and r["baselineState"] == "unchanged"
                          for r in doc["runs"][0]["results"]),
      "diff of a report with itself: exit 0, every failure unchanged, none an error")

# The other side: the schema rejects what SARIF does not allow.
broken = json.loads(json.dumps(doc))
broken["runs"][0]["results"][0]["level"] = "fatal"
broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {"startLine": 0}
errs = list(VALIDATOR.iter_errors(broken))
check(len(errs) >= 2, "an unknown level and line 0 are rejected (%d errors)" % len(errs))

sys.exit(summary("sarif"))
