#!/usr/bin/env python3
"""make-old.py - the baseline fixture: the shipped examples' JSON report
(stdin) turned into "last year's" (stdout), with one venue × rule for each
marking of check --baseline: still failing with a larger gap, fixed, new,
a venue new since (deleted here), a venue gone (added here), a rule renamed
(the old name removed, the new one added), a waiver and missing data kept.
Regenerate with:
  ./venuecheck check --format json examples/city examples/county \
    examples/towns examples/villages | tests/e2e/baseline/make-old.py \
    >tests/e2e/baseline/examples-old.json
and the "new" report of the diff cases is that report as it is:
  ./venuecheck check --format json examples/city examples/county \
    examples/towns examples/villages >tests/e2e/baseline/examples-new.json
"""
import copy
import json
import sys

report = json.load(sys.stdin)
files = [f for f in report["files"] if f["venue"]]
by_id = {f["venue"]["id"]: f for f in files}


def result(venue, rule):
    return next(r for r in by_id[venue]["results"] if r["rule"] == rule)


def failed(venue, rule, gap, text):
    r = result(venue, rule)
    r.update(verdict="fail", gap=gap, text=text)


def passed(venue, rule):
    r = result(venue, rule)
    r.update(verdict="pass", gap=None, text=None)


failed("330402", "county.digital.monthly_updates", 5, "差 5 条")   # still, 5 → 2
passed("330402", "county.training.art_classes")                    # new
failed("330402", "county.open.weekly_hours", 4, "差 4 小时")       # fixed
failed("330402-fq", "town.activity.hosted", 3, "差 3 次")          # still, 3 → 1
passed("330402-fq", "town.support.staff_by_population")            # new
failed("330402-dq-sf", "village.activity.events", 2, "差 2 次")    # fixed
# a waiver last year: still failing underneath
w = result("330402-fq-yh", "village.staffing.administrator")
w.update(verdict="waived", waiver={
    "was": "fail", "reason": "专管员招聘中", "approver": "区文化馆",
    "expires": "2023-12-31", "file": "waivers.yaml", "line": 2, "column": 5})
# a rule the pack renamed since: every town had the old name
for f in files:
    for r in f["results"]:
        if r["rule"] == "town.digital.services":
            r["rule"] = "town.digital.service_points"
# 330402-xf-jx is new this year; 330402-xf-gl was closed (gone)
gone = copy.deepcopy(by_id["330402-xf-jx"])
gone["path"] = "examples/villages/330402-xf-gl.yaml"
gone["venue"].update(id="330402-xf-gl", name="港里村文化礼堂")
report["files"] = [f for f in report["files"]
                   if not f["venue"] or f["venue"]["id"] != "330402-xf-jx"]
report["files"].append(gone)
json.dump(report, sys.stdout, ensure_ascii=False, separators=(",", ":"))
sys.stdout.write("\n")
