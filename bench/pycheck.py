#!/usr/bin/env python3
"""A straightforward Python implementation of the Jiaxing 2015 checks, for
comparison with venuecheck in `make bench`.

    python3 bench/pycheck.py DIR|FILE...          one line per venue x rule
    python3 bench/pycheck.py --summary DIR...      only the totals
    python3 bench/pycheck.py --crosscheck DIR...   id,rule,verdict lines
    python3 bench/pycheck.py --complete ...        the batch is the whole tree

It walks the directories (*.yaml, *.yml, byte-sorted), loads every file with
PyYAML's C loader (yaml.CSafeLoader, Debian's python3-yaml over libyaml),
links the batch by `parent` ids and judges ALL 112 rules of
rules/jiaxing-2015.yaml, hand-coded: the 57 numeric ones (every `min`,
`each`, `ratio`, `scaled` and `system` rule of the four tiers: city 20,
county 19, town 14, village 4), including their batch parts (a village's own
file decides its troupes and administrator for its town; every town under a
county must show a dispatched worker, and a county has at least as many
branches as it has towns in the batch), and the 55 `declared` yes/no
clauses.  It prints, per venue and rule, the verdict with the measured and
required values: the same work as venuecheck's text report, less the
wording.

The pack's readings are followed exactly (venuecheck-rules(5)):
- 演出 is kind performance (outreach, mobile, to_village, to_city shows);
  town.mobile.city_shows counts a to_city performance or an exchange tag;
  awards count only the categories performance, creation, organization;
  village.activity.events leaves out hosted events, village.activity.hosted
  counts them.
- The rules that judge every village require the larger of venue.villages
  and the villages listed; without a villages list, the shows are counted
  per distinct village they name.  county.dispatch.per_branch requires the
  larger of venue.towns and the towns in the batch.
- Missing data is MISSING only when it could change the verdict: a count
  over a block left out is at least 0 and an item whose condition lacks
  data may still count, a sum of such counts is at least its known part,
  and a >= check that this floor already meets passes.  (The conditions
  inside the pack's counts read required fields, or optional ones that are
  null when left out, so only a block or a child's file can lack data.)
- Under --complete, a village listed by id (or without an id) whose file is
  not in the batch makes the town's village rules MISSING for it.

What it does NOT do (so it is a lower bound on what a Python tool would
cost): no schema validation (unknown keys, types, ranges, dates inside the
year, the effective year, parts over wholes, duplicate keys or ledger
entries, did-you-mean), no positions, no warnings (W101), no roll-ups, no
rule-pack parsing (the thresholds are in the code).  It is meant for
well-formed files such as bench/gen.py's; on a file venuecheck refuses its
verdicts mean nothing.

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
# The worst result of a rule's checks decides (FAIL > MISSING > PASS > N/A).
SEVERITY = {NA: 0, PASS: 1, BATCH: 1, MISSING: 2, FAIL: 3}


class Missing(Exception):
    """The file lacks data a value needs.  lo: the value is at least lo
    whatever the missing data holds (a count), or None (no bound)."""

    def __init__(self, why, lo=None):
        super().__init__(why)
        self.lo = lo


class Empty(Exception):
    """A min over no items: the check is N/A."""


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
    """A ledger: a block left out lacks data (`name: ` alone is none)."""
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


YES, NO = ("true", "yes", "on", "是"), ("false", "no", "off", "否")


def truth(x):
    """A bool as venuecheck reads one (true/yes/on/是, any case)."""
    if isinstance(x, bool):
        return x
    s = str(x).lower()
    return True if s in YES else False if s in NO else None


def count(items, pred):
    """count(x in items where pred): items is a thunk giving the list.  A
    list that lacks data counts at least 0; an item whose condition lacks
    data may count, so the result is then at least the items that do."""
    try:
        xs = items()
    except Missing as m:
        raise Missing(str(m), 0)
    n, gap = 0, None
    for x in xs:
        try:
            ok = pred(x)
        except Missing as m:
            gap = gap or m
            continue
        if ok:
            n += 1
    if gap is not None:
        raise Missing(str(gap), n)
    return n


def plus(*parts):
    """a + b + ...: with a part lacking data, at least the sum of the parts'
    floors when every part has one."""
    total, gap, floor_ok = 0, None, True
    for p in parts:
        try:
            total += p()
        except Missing as m:
            gap = gap or m
            if m.lo is None:
                floor_ok = False
            else:
                total += m.lo
    if gap is not None:
        raise Missing(str(gap), total if floor_ok else None)
    return total


def at_least(x, t):
    """x >= t inside a condition: a floor that meets t decides it."""
    try:
        return x() >= t
    except Missing as m:
        if m.lo is not None and m.lo >= t:
            return True
        raise Missing(str(m))


def larger(a, b):
    """if a > b then a else b end: both must be known."""
    x, y = a(), b()
    return x if x > y else y


# ------------------------------------------------------------------ checks
def check(measure, threshold):
    """One `measure >= threshold` check: (verdict, measured, required)."""
    try:
        m = measure()
    except Empty:
        return NA, None, None
    except Missing as e:
        m = e
    try:
        t = threshold() if callable(threshold) else threshold
    except (Missing, Empty) as e:
        t = e
    if isinstance(m, Missing):
        if m.lo is not None and not isinstance(t, Exception) and m.lo >= t:
            return PASS, m.lo, t        # what the file has already meets it
        return MISSING, str(m), None
    if isinstance(t, Exception):
        return MISSING, str(t), None
    return (PASS if m >= t else FAIL), m, t


def worst(results):
    """The first of the worst results of the checks that ran (None: skipped)."""
    best = None
    for r in results:
        if r is not None and (best is None or SEVERITY[r[0]] > SEVERITY[best[0]]):
            best = r
    return best


def r_min(measure, threshold):
    return lambda v, b: check(lambda: measure(v, b),
                              (lambda: threshold(v)) if callable(threshold) else threshold)


def minimum(values):
    xs = list(values)
    if not xs:
        raise Empty()
    return min(xs)


def r_each(values, threshold):
    """每期/每月不少于 N: judged by the smallest; none at all is N/A."""
    return lambda v, b: check(lambda: minimum(values(v)), threshold)


def r_ratio(threshold):
    def measure(v, b):
        part = fact(v, "staff_professional")
        total = fact(v, "staff_total")
        if total == 0:
            raise Missing("division by zero: facts.staff_total is 0")
        return part / total
    return r_min(measure, threshold)


def months(v):
    w = v.get("website_updates")
    if w is None:
        raise Missing("website_updates")
    for m in range(1, 13):
        x = w.get(m)
        if x is None:
            raise Missing("website_updates[%d]" % m)
        yield x


# ------------------------------------------------------------------ the pack
def large(e):
    return e["participants"] >= 500


def big_exhibit(x):
    return x["display_line_m"] >= 60


def perf(e):
    return e["kind"] == "performance"


def n_trainings(a):
    return lambda v, b: count(lambda: ledger(v, "trainings"), lambda t: t["audience"] == a)


def sessions(v, a):
    return [t["participants"] for t in ledger(v, "trainings") if t["audience"] == a]


COUNTED_AWARDS = ("performance", "creation", "organization")


def awards(levels):
    return lambda v, b: count(lambda: ledger(v, "awards"),
                              lambda a: a["level"] in levels and
                              a.get("category") in COUNTED_AWARDS)


def ev(pred):
    return lambda v, b: count(lambda: ledger(v, "events"), pred)


def ex(pred):
    return lambda v, b: count(lambda: ledger(v, "exhibitions"), pred)


def f(name):
    return lambda v, b: fact(v, name)


def active_troupes(v, b):
    return count(lambda: ledger(v, "troupes"), lambda t: truth(t["active"]))


def county_dispatch(v, b):
    """下派人数 >= the branches, and (in a batch) every town under the
    county shows a dispatched worker; the branches are the larger of
    venue.towns and the towns in the batch."""
    kids = b.children.get(v["venue"]["id"], [])

    def branches():
        return larger(lambda: len(kids), lambda: head(v, "towns"))

    staff = check(lambda: fact(v, "dispatched_staff"), branches)
    if not kids:
        return BATCH if staff[0] == PASS else staff[0], staff[1], staff[2]
    shown = check(lambda: count(lambda: kids, lambda t: ((t.get("facts") or {}).get(
        "dispatched_workers") is not None and t["facts"]["dispatched_workers"] >= 1)),
        branches)
    return worst([staff, shown])


def listed_villages(v):
    return larger(lambda: len(ledger(v, "villages")), lambda: head(v, "villages"))


def village_bound(v, b, own, listed):
    """Villages of a town's list meeting a bound, at least the larger of
    venue.villages and the list's length; a village's own file in the batch
    decides, the list's word otherwise (under --complete a file that should
    be there lacks data instead)."""
    kids = {c["venue"]["id"]: c for c in b.children.get(v["venue"]["id"], [])}

    def ok(vl):
        vid = vl.get("id")
        if b.complete and (vid is None or vid not in kids):
            raise Missing("the file of %s is not in the batch" % (vid or vl.get("name")))
        child = kids.get(vid) if vid is not None else None
        return own(child) if child is not None else listed(vl)

    return check(lambda: count(lambda: ledger(v, "villages"), ok),
                 lambda: listed_villages(v))


def village_troupes(v, b):
    return village_bound(v, b, lambda c: at_least(lambda: active_troupes(c, b), 3),
                         lambda vl: vl["troupes"] >= 3)


def village_admins(v, b):
    return village_bound(v, b, lambda c: fact(c, "administrators") >= 1,
                         lambda vl: vl["administrators"] >= 1)


def to_village(e):
    return tagged(e, "to_village") and perf(e)


def village_shows(v, b):
    """2 × the villages in all, and 2 in every village: by the list (the
    larger of venue.villages and its length), else by the distinct
    villages the shows name."""
    has_list = "villages" in v          # `villages:` alone is an empty list

    def shows_to(name):
        return lambda: count(lambda: ledger(v, "events"),
                             lambda e: to_village(e) and e.get("village") == name)

    def villages():
        return listed_villages(v) if has_list else head(v, "villages")

    total = check(lambda: count(lambda: ledger(v, "events"), to_village),
                  lambda: 2 * villages())
    if has_list:
        each = check(lambda: count(lambda: ledger(v, "villages"),
                                   lambda vl: at_least(shows_to(vl["name"]), 2)),
                     lambda: listed_villages(v))
    else:
        def named():
            return sorted({e.get("village") for e in ledger(v, "events")
                           if to_village(e) and e.get("village") is not None})
        each = check(lambda: count(named, lambda n: at_least(shows_to(n), 2)),
                     lambda: head(v, "villages"))
    return worst([total, each])


def city_shows(e):
    return (tagged(e, "to_city") and perf(e)) or tagged(e, "exchange")


def staff_need(v):
    p = head(v, "population")
    return 3 if p <= 30000 else (4 if p < 50000 else 5)


DECLARED = {
    "city": ["plan.development_plan", "plan.service_norms", "plan.catalog",
             "plan.coordinate_events", "plan.unified_identity", "open.notice",
             "open.free_spaces", "open.free_services", "activity.general_troupe",
             "mobile.delivery_plan", "digital.platform", "digital.service_modes",
             "digital.guide_counties", "creation.guidance", "creation.organize",
             "creation.submit_works", "research.projects", "research.journal",
             "support.mechanisms", "support.budget", "support.resource_support",
             "support.staffing"],
    "county": ["plan.development_plan", "plan.service_catalog", "plan.coordinate_events",
               "open.notice", "open.free_spaces", "open.free_services",
               "activity.annual_program", "activity.general_troupe", "activity.brand",
               "mobile.delivery_plan", "digital.website", "training.art_guidance",
               "creation.folk_arts", "creation.local_programs", "creation.brand_promotion",
               "research.outputs", "support.mechanisms", "support.staff_mix",
               "support.facility_sharing"],
    "town": ["open.notice", "open.free_services", "activity.general_troupe",
             "activity.one_town_one_brand", "digital.services", "training.program_guidance",
             "creation.heritage", "staffing.dual_management", "support.budget",
             "support.village_guidance"],
    "village": ["open.facility_management", "open.free_open", "open.announced",
                "activity.local_programs"],
}

NUMERIC = {
    "city": [
        ("open.weekly_hours", r_min(f("weekly_open_hours"), 56)),
        ("activity.large_events", r_min(ev(large), 10)),
        ("activity.large_exhibitions", r_min(ex(big_exhibit), 8)),
        ("activity.trainings", r_min(n_trainings("public"), 30)),
        ("activity.troupes", r_min(active_troupes, 8)),
        ("activity.troupe_outreach", r_min(ev(lambda e: tagged(e, "outreach") and perf(e)), 30)),
        ("activity.brands", r_min(f("brands"), 2)),
        ("activity.exchange_visits", r_min(ev(lambda e: tagged(e, "exchange")), 6)),
        ("mobile.vehicles", r_min(f("vehicles"), 1)),
        ("mobile.performances", r_min(ev(lambda e: tagged(e, "mobile") and perf(e)), 20)),
        ("mobile.exhibitions", r_min(ex(lambda x: tagged(x, "mobile")), 15)),
        ("digital.resource_projects", r_min(f("digital_projects"), 2)),
        ("training.staff_sessions", r_min(n_trainings("staff"), 2)),
        ("training.staff_size", r_each(lambda v: sessions(v, "staff"), 60)),
        ("training.model_sessions", r_min(n_trainings("model"), 2)),
        ("training.model_size", r_each(lambda v: sessions(v, "model"), 80)),
        ("creation.awards", r_min(awards(("province", "national")), 10)),
        ("research.seminars", r_min(ev(lambda e: e["kind"] == "seminar"), 2)),
        ("support.professional_ratio", r_ratio(0.75)),
        ("support.volunteers", r_min(f("volunteer_teams"), 1)),
    ],
    "county": [
        ("open.weekly_hours", r_min(f("weekly_open_hours"), 42)),
        ("activity.large_events", r_min(ev(large), 12)),
        ("activity.trainings", r_min(n_trainings("public"), 12)),
        ("activity.troupes", r_min(active_troupes, 8)),
        ("activity.troupe_outreach", r_min(ev(lambda e: tagged(e, "outreach") and perf(e)), 30)),
        ("activity.featured_events", r_min(ev(lambda e: tagged(e, "featured")), 2)),
        ("activity.exchange_visits", r_min(ev(lambda e: tagged(e, "exchange")), 5)),
        ("mobile.vehicles", r_min(f("vehicles"), 1)),
        ("mobile.performances", r_min(ev(lambda e: tagged(e, "mobile") and perf(e)), 20)),
        ("mobile.exhibitions", r_min(ex(lambda x: tagged(x, "mobile")), 15)),
        ("digital.monthly_updates", r_each(months, 10)),
        ("digital.digitized_items", r_min(f("digitized_items"), 4)),
        ("training.staff_sessions", r_min(n_trainings("staff"), 2)),
        ("training.staff_size", r_each(lambda v: sessions(v, "staff"), 80)),
        ("training.art_classes", r_min(n_trainings("art_class"), 20)),
        ("dispatch.per_branch", county_dispatch),
        ("creation.awards", r_min(awards(("prefecture", "province", "national")), 10)),
        ("support.professional_ratio", r_ratio(0.80)),
        ("support.volunteers", r_min(f("volunteer_teams"), 1)),
    ],
    "town": [
        ("open.weekly_hours", r_min(f("weekly_open_hours"), 42)),
        ("activity.events", r_min(
            lambda v, b: plus(lambda: ev(lambda e: not tagged(e, "hosted"))(v, b),
                              lambda: ex(lambda x: not tagged(x, "hosted"))(v, b)), 10)),
        ("activity.large_events", r_min(ev(lambda e: not tagged(e, "hosted") and large(e)), 3)),
        ("activity.hosted", r_min(
            lambda v, b: plus(lambda: ev(lambda e: tagged(e, "hosted"))(v, b),
                              lambda: ex(lambda x: tagged(x, "hosted"))(v, b)), 6)),
        ("activity.trainings", r_min(n_trainings("public"), 6)),
        ("activity.troupes", r_min(
            lambda v, b: count(lambda: ledger(v, "troupes"), lambda t: t["members"] >= 10), 6)),
        ("activity.village_troupes", village_troupes),
        ("mobile.village_shows", village_shows),
        ("mobile.city_shows", r_min(ev(city_shows), 1)),
        ("training.sessions", r_min(n_trainings("staff"), 2)),
        ("creation.signature_program", r_min(f("signature_programs"), 1)),
        ("staffing.village_administrators", village_admins),
        ("support.staff_by_population", r_min(f("staff_total"), staff_need)),
        ("support.volunteers", r_min(f("volunteer_teams"), 1)),
    ],
    "village": [
        ("activity.hosted", r_min(ev(lambda e: tagged(e, "hosted")), 1)),
        ("activity.events", r_min(ev(lambda e: not tagged(e, "hosted")), 8)),
        ("activity.troupes", r_min(active_troupes, 3)),
        ("staffing.administrator", r_min(f("administrators"), 1)),
    ],
}

# Per tier: the declared clauses, then the numeric rules.
RULES = {}
for _tier in DECLARED:
    RULES[_tier] = [(_tier + "." + k, None) for k in DECLARED[_tier]] + \
        [(_tier + "." + k, fn) for k, fn in NUMERIC[_tier]]
assert sum(len(r) for r in RULES.values()) == 112


class Batch:
    """The venues by id and by parent.  Two files with one id (venuecheck's
    E030) are neither in the batch."""

    def __init__(self, venues, complete=False):
        self.complete = complete
        self.by_id = {}
        self.children = {}
        seen = {}
        for v in venues:
            seen[v["venue"]["id"]] = seen.get(v["venue"]["id"], 0) + 1
        venues = [v for v in venues if seen[v["venue"]["id"]] == 1]
        self.venues = venues
        for v in venues:
            self.by_id[v["venue"]["id"]] = v
        for v in venues:
            p = v["venue"].get("parent")
            if p is not None and p in self.by_id:
                self.children.setdefault(p, []).append(v)


def judge(v, b):
    tier = v["venue"]["tier"]
    declared = v.get("declared")
    out = []
    for rid, fn in RULES[tier]:
        if fn is None:
            x = None if declared is None else declared.get(rid.split(".", 1)[1])
            ok = None if x is None else truth(x)
            if ok is None:
                out.append((rid, MISSING, None, True))
            else:
                out.append((rid, PASS if ok else FAIL, ok, True))
            continue
        try:
            verdict, m, t = fn(v, b)
        except Missing as e:
            verdict, m, t = MISSING, str(e), None
        out.append((rid, verdict, m, t))
    return out


def text_ids(doc):
    """Ids are text: an unquoted 3304 is the id "3304"."""
    doc["venue"]["id"] = str(doc["venue"]["id"])
    if doc["venue"].get("parent") is not None:
        doc["venue"]["parent"] = str(doc["venue"]["parent"])
    for vl in doc.get("villages") or ():
        if vl.get("id") is not None:
            vl["id"] = str(vl["id"])


def main(argv):
    summary = "--summary" in argv
    crosscheck = "--crosscheck" in argv
    complete = "--complete" in argv
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        sys.stderr.write("usage: pycheck.py [--summary|--crosscheck] [--complete] DIR|FILE...\n")
        return 2
    venues = []
    for p in walk(paths):
        with open(p, "rb") as fh:
            doc = yaml.load(fh, Loader=Loader)
        text_ids(doc)
        doc["_path"] = p
        venues.append(doc)
    b = Batch(venues, complete)
    w = sys.stdout.write
    n_pass = n_fail = 0
    for v in b.venues:
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
          % (len(b.venues), n_pass, n_fail))
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
