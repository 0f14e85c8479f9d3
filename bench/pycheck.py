#!/usr/bin/env python3
"""A straightforward Python implementation of the Jiaxing 2015 checks, for
comparison with venuecheck in `make bench`.

    python3 bench/pycheck.py DIR|FILE...          one line per venue x rule
    python3 bench/pycheck.py --summary DIR...      only the totals
    python3 bench/pycheck.py --crosscheck DIR...   id,rule,verdict lines

It walks the directories (*.yaml, *.yml, byte-sorted), loads every file with
PyYAML's C loader (yaml.CSafeLoader, Debian's python3-yaml over libyaml),
links the batch by `parent` ids and judges ALL 91 rules of
rules/jiaxing-2015.yaml, hand-coded: the 56 numeric ones (every `min`,
`each`, `ratio`, `scaled` and `system` rule of the four tiers: city 20,
county 19, town 14, village 3), including their batch parts (a village's own
file decides its troupes and administrator for its town; every town under a
county must show a dispatched worker), and the 35 `declared` yes/no clauses.
It prints, per venue and rule, the verdict with the measured and required
values: the same work as venuecheck's text report, less the wording.

What it does NOT do (so it is a lower bound on what a Python tool would
cost): no schema validation (unknown keys, types, ranges, dates inside the
year, duplicate keys or ledger entries, did-you-mean), no positions, no
warnings (W101), no roll-ups, no rule-pack parsing (the thresholds are in
the code).  It is meant for well-formed files such as bench/gen.py's.

Verdicts are PASS, FAIL, MISSING, N/A and NEEDS BATCH as in venuecheck's
`--lang en` CSV, so `--crosscheck` output can be compared with it.
"""

import os
import sys

import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:                      # pragma: no cover
    sys.exit("pycheck.py: PyYAML has no C loader (install python3-yaml with libyaml)")

PASS, FAIL, MISSING, NA, BATCH = "PASS", "FAIL", "MISSING", "N/A", "NEEDS BATCH"


class Missing(Exception):
    """The file lacks a block or field the rule needs."""


def walk(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                for fn in sorted(filenames):
                    if fn.endswith((".yaml", ".yml")) and not fn.startswith("."):
                        yield os.path.join(dirpath, fn)
        else:
            yield p


# ------------------------------------------------------------------ accessors
def ledger(v, name):
    if name not in v:
        raise Missing(name)
    return v[name] or []


def fact(v, name):
    x = (v.get("facts") or {}).get(name)
    if x is None:
        raise Missing("facts." + name)
    return x


def head(v, name):
    x = v["venue"].get(name)
    if x is None:
        raise Missing("venue." + name)
    return x


def tagged(e, tag):
    return tag in (e.get("tags") or ())


def count(items, pred):
    n = 0
    for e in items:
        if pred(e):
            n += 1
    return n


BOOL = {True: True, False: False, "是": True, "否": False}


# ------------------------------------------------------------------ rule kinds
def r_min(measure, threshold):
    def rule(v, b):
        m = measure(v, b)
        t = threshold(v) if callable(threshold) else threshold
        return (PASS if m >= t else FAIL), m, t
    return rule


def r_each(values, threshold):
    """每期/每月不少于 N: judged by the smallest; none at all is N/A."""
    def rule(v, b):
        vals = values(v)
        if not vals:
            return NA, None, threshold
        m = min(vals)
        return (PASS if m >= threshold else FAIL), m, threshold
    return rule


def r_ratio(threshold):
    def rule(v, b):
        total = fact(v, "staff_total")
        if total == 0:
            raise Missing("facts.staff_total")
        m = fact(v, "staff_professional") / total
        return (PASS if m >= threshold else FAIL), round(m, 4), threshold
    return rule


def months(v):
    w = v.get("website_updates")
    if w is None:
        raise Missing("website_updates")
    out = []
    for m in range(1, 13):
        x = w.get(m)
        if x is None:
            raise Missing("website_updates[%d]" % m)
        out.append(x)
    return out


# ------------------------------------------------------------------ the pack
def large(e):
    return e["participants"] >= 500


def big_exhibit(x):
    return x["display_line_m"] >= 60


def audience(a):
    return lambda t: t["audience"] == a


def sessions(v, a):
    return [t["participants"] for t in ledger(v, "trainings") if t["audience"] == a]


def awards(levels):
    return lambda v, b: count(ledger(v, "awards"),
                              lambda a: a["level"] in levels and a.get("category") != "other")


def ev_tag(tag):
    return lambda v, b: count(ledger(v, "events"), lambda e: tagged(e, tag))


def mobile_perf(v, b):
    return count(ledger(v, "events"), lambda e: tagged(e, "mobile") and e["kind"] == "performance")


def mobile_exh(v, b):
    return count(ledger(v, "exhibitions"), lambda x: tagged(x, "mobile"))


def f(name):
    return lambda v, b: fact(v, name)


def county_dispatch(v, b):
    towns = head(v, "towns")
    staff = fact(v, "dispatched_staff")
    if staff < towns:
        return FAIL, staff, towns
    kids = b.children.get(v["venue"]["id"])
    if not kids:
        return BATCH, staff, towns
    n = count(kids, lambda t: t["venue"]["tier"] == "town" and
              ((t.get("facts") or {}).get("dispatched_workers") or 0) >= 1)
    return (PASS if n >= towns else FAIL), n, towns


def village_bound(v, b, own, listed):
    """Villages of a town's ledger meeting a bound; a village's own file
    in the batch decides."""
    need = head(v, "villages")
    n = 0
    for vl in ledger(v, "villages"):
        child = b.by_id.get(vl.get("id")) if vl.get("id") is not None else None
        if child is not None:
            ok = own(child)
        else:
            ok = listed(vl)
        n += ok
    return (PASS if n >= need else FAIL), n, need


def village_troupes(v, b):
    return village_bound(
        v, b,
        lambda c: count(ledger(c, "troupes"), lambda t: BOOL.get(t["active"], False)) >= 3,
        lambda vl: vl["troupes"] >= 3)


def village_admins(v, b):
    return village_bound(
        v, b,
        lambda c: (c.get("facts") or {}).get("administrators") is not None
        and c["facts"]["administrators"] >= 1,
        lambda vl: vl["administrators"] >= 1)


def village_shows(v, b):
    evs = ledger(v, "events")
    need = 2 * head(v, "villages")
    shows = [e for e in evs if tagged(e, "to_village")]
    if len(shows) < need:
        return FAIL, len(shows), need
    if "villages" in v:
        per = {}
        for e in shows:
            per[e.get("village")] = per.get(e.get("village"), 0) + 1
        n = count(v["villages"] or [], lambda vl: per.get(vl["name"], 0) >= 2)
        if n < head(v, "villages"):
            return FAIL, n, head(v, "villages")
    return PASS, len(shows), need


def staff_need(v):
    p = head(v, "population")
    return 3 if p <= 30000 else (4 if p < 50000 else 5)


def active_troupes(v, b):
    return count(ledger(v, "troupes"), lambda t: BOOL.get(t["active"], False))


DECLARED = {
    "city": ["plan.development_plan", "plan.service_norms", "plan.catalog",
             "plan.unified_identity", "open.notice", "open.free_spaces", "open.free_services",
             "activity.general_troupe", "mobile.delivery_plan", "digital.platform",
             "research.journal", "support.mechanisms", "support.budget"],
    "county": ["plan.development_plan", "plan.service_catalog", "open.notice",
               "open.free_spaces", "open.free_services", "activity.general_troupe",
               "mobile.delivery_plan", "digital.website", "research.outputs",
               "support.mechanisms", "support.facility_sharing"],
    "town": ["open.notice", "open.free_services", "activity.general_troupe",
             "activity.one_town_one_brand", "digital.services", "training.program_guidance",
             "support.budget", "support.village_guidance"],
    "village": ["open.free_open", "open.announced", "activity.local_programs"],
}

NUMERIC = {
    "city": [
        ("open.weekly_hours", r_min(f("weekly_open_hours"), 56)),
        ("activity.large_events", r_min(lambda v, b: count(ledger(v, "events"), large), 10)),
        ("activity.large_exhibitions",
         r_min(lambda v, b: count(ledger(v, "exhibitions"), big_exhibit), 8)),
        ("activity.trainings",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("public")), 30)),
        ("activity.troupes", r_min(active_troupes, 8)),
        ("activity.troupe_outreach", r_min(ev_tag("outreach"), 30)),
        ("activity.brands", r_min(f("brands"), 2)),
        ("activity.exchange_visits", r_min(ev_tag("exchange"), 6)),
        ("mobile.vehicles", r_min(f("vehicles"), 1)),
        ("mobile.performances", r_min(mobile_perf, 20)),
        ("mobile.exhibitions", r_min(mobile_exh, 15)),
        ("digital.resource_projects", r_min(f("digital_projects"), 2)),
        ("training.staff_sessions",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("staff")), 2)),
        ("training.staff_size", r_each(lambda v: sessions(v, "staff"), 60)),
        ("training.model_sessions",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("model")), 2)),
        ("training.model_size", r_each(lambda v: sessions(v, "model"), 80)),
        ("creation.awards", r_min(awards(("province", "national")), 10)),
        ("research.seminars",
         r_min(lambda v, b: count(ledger(v, "events"), lambda e: e["kind"] == "seminar"), 2)),
        ("support.professional_ratio", r_ratio(0.75)),
        ("support.volunteers", r_min(f("volunteer_teams"), 1)),
    ],
    "county": [
        ("open.weekly_hours", r_min(f("weekly_open_hours"), 42)),
        ("activity.large_events", r_min(lambda v, b: count(ledger(v, "events"), large), 12)),
        ("activity.trainings",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("public")), 12)),
        ("activity.troupes", r_min(active_troupes, 8)),
        ("activity.troupe_outreach", r_min(ev_tag("outreach"), 30)),
        ("activity.featured_events", r_min(ev_tag("featured"), 2)),
        ("activity.exchange_visits", r_min(ev_tag("exchange"), 5)),
        ("mobile.vehicles", r_min(f("vehicles"), 1)),
        ("mobile.performances", r_min(mobile_perf, 20)),
        ("mobile.exhibitions", r_min(mobile_exh, 15)),
        ("digital.monthly_updates", r_each(months, 10)),
        ("digital.digitized_items", r_min(f("digitized_items"), 4)),
        ("training.staff_sessions",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("staff")), 2)),
        ("training.staff_size", r_each(lambda v: sessions(v, "staff"), 80)),
        ("training.art_classes",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("art_class")), 20)),
        ("dispatch.per_branch", county_dispatch),
        ("creation.awards", r_min(awards(("prefecture", "province", "national")), 10)),
        ("support.professional_ratio", r_ratio(0.80)),
        ("support.volunteers", r_min(f("volunteer_teams"), 1)),
    ],
    "town": [
        ("open.weekly_hours", r_min(f("weekly_open_hours"), 42)),
        ("activity.events", r_min(
            lambda v, b: count(ledger(v, "events"), lambda e: not tagged(e, "hosted")) +
            count(ledger(v, "exhibitions"), lambda x: not tagged(x, "hosted")), 10)),
        ("activity.large_events", r_min(
            lambda v, b: count(ledger(v, "events"),
                               lambda e: not tagged(e, "hosted") and large(e)), 3)),
        ("activity.hosted", r_min(
            lambda v, b: count(ledger(v, "events"), lambda e: tagged(e, "hosted")) +
            count(ledger(v, "exhibitions"), lambda x: tagged(x, "hosted")), 6)),
        ("activity.trainings",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("public")), 6)),
        ("activity.troupes", r_min(
            lambda v, b: count(ledger(v, "troupes"), lambda t: t["members"] >= 10), 6)),
        ("activity.village_troupes", village_troupes),
        ("mobile.village_shows", village_shows),
        ("mobile.city_shows", r_min(ev_tag("to_city"), 1)),
        ("training.sessions",
         r_min(lambda v, b: count(ledger(v, "trainings"), audience("staff")), 2)),
        ("creation.signature_program", r_min(f("signature_programs"), 1)),
        ("staffing.village_administrators", village_admins),
        ("support.staff_by_population", r_min(f("staff_total"), staff_need)),
        ("support.volunteers", r_min(f("volunteer_teams"), 1)),
    ],
    "village": [
        ("activity.events", r_min(lambda v, b: len(ledger(v, "events")), 8)),
        ("activity.troupes", r_min(active_troupes, 3)),
        ("staffing.administrator", r_min(f("administrators"), 1)),
    ],
}

# Per tier: the declared clauses, then the numeric rules.
RULES = {}
for _tier in DECLARED:
    RULES[_tier] = [(_tier + "." + k, None) for k in DECLARED[_tier]] + \
        [(_tier + "." + k, fn) for k, fn in NUMERIC[_tier]]


class Batch:
    def __init__(self, venues):
        self.by_id = {}
        self.children = {}
        for v in venues:
            self.by_id[v["venue"]["id"]] = v
            p = v["venue"].get("parent")
            if p is not None:
                self.children.setdefault(p, []).append(v)


def judge(v, b):
    tier = v["venue"]["tier"]
    declared = v.get("declared") or {}
    out = []
    for rid, fn in RULES[tier]:
        if fn is None:
            x = declared.get(rid.split(".", 1)[1])
            if x is None:
                out.append((rid, MISSING, None, True))
            else:
                ok = BOOL.get(x, False)
                out.append((rid, PASS if ok else FAIL, ok, True))
            continue
        try:
            verdict, m, t = fn(v, b)
        except Missing as e:
            verdict, m, t = MISSING, str(e), None
        out.append((rid, verdict, m, t))
    return out


def main(argv):
    summary = "--summary" in argv
    crosscheck = "--crosscheck" in argv
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        sys.stderr.write("usage: pycheck.py [--summary|--crosscheck] DIR|FILE...\n")
        return 2
    venues = []
    for p in walk(paths):
        with open(p, "rb") as fh:
            doc = yaml.load(fh, Loader=Loader)
        doc["venue"]["id"] = str(doc["venue"]["id"])
        if doc["venue"].get("parent") is not None:
            doc["venue"]["parent"] = str(doc["venue"]["parent"])
        for vl in doc.get("villages") or ():
            if vl.get("id") is not None:
                vl["id"] = str(vl["id"])
        doc["_path"] = p
        venues.append(doc)
    b = Batch(venues)
    w = sys.stdout.write
    n_pass = n_fail = 0
    for v in venues:
        res = judge(v, b)
        allok = all(r[1] in (PASS, NA, BATCH) for r in res)
        n_pass += allok
        n_fail += not allok
        if summary:
            continue
        vid, name = v["venue"]["id"], v["venue"]["name"]
        if crosscheck:
            for rid, verdict, _m, _t in res:
                w("%s,%s,%s\n" % (vid, rid, verdict))
        else:
            w("%s（%s）· %s\n  文件：%s\n" % (name, vid, v["venue"]["tier"], v["_path"]))
            for rid, verdict, m, t in res:
                w("  %-12s %-38s %s (required %s)\n" % (verdict, rid, m, t))
    if not crosscheck:
        w("checked %d venues: %d passed every rule, %d did not\n"
          % (len(venues), n_pass, n_fail))
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
