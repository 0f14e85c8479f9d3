#!/usr/bin/env python3
"""roundtrip_check.py - a property test of `convert` (issue 15): over a
generated corpus of valid YAML data files (every field of the pack's data
section, every tier, edge values: 0, 2^53, large whole numbers, decimals
that need 17 digits, subnormal numbers, empty and Chinese text, text that
looks like a number, a boolean, null, a formula or YAML syntax, control
characters and line separators, leap days, tags, months, declared
statements, waivers; block and flow style, quoted numbers, yes/no/是/否):

  - every generated file is accepted (validate: exit 0)
  - convert to YAML is accepted, means the same values (read back with
    PyYAML, compared field by field with what was generated) and is a
    fixed point (converting it again gives the same bytes)
  - convert to XLSX is accepted and converts back to the same YAML, byte
    for byte; for every fourth file, check gives the same verdicts for
    the workbook as for the YAML

Also: a replaced output keeps the mode of the file it replaces.

The corpus is seeded (VC_SEED, default 15) so a failure can be rerun; a
failing file is kept and its path printed.

usage: roundtrip_check.py BINARY [COUNT]   (run from the repository root)"""
import datetime, json, os, random, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

yaml = harness.need("yaml", "python3-yaml", "roundtrip")

BIN = os.path.abspath(sys.argv[1])
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 160
PACK = yaml.safe_load(open("rules/jiaxing-2015.yaml", encoding="utf-8"))
DATA = PACK["data"]
TIERS = [t["id"] for t in PACK["tiers"]]
RULES = {t: [r["id"] for r in PACK["rules"] if r["tier"] == t] for t in TIERS}
rng = random.Random(int(os.environ.get("VC_SEED", "15")))
tmp = tempfile.mkdtemp()
BUILTIN = {"id": {"type": "text", "required": True}, "name": {"type": "text", "required": True},
           "tier": {"type": "enum", "values": TIERS, "required": True},
           "parent": {"type": "text"}, "year": {"type": "int", "required": True}}


def run(args):
    return harness.run(BIN, args, text=False, timeout=60)


def declared_keys(tier):
    """The tier's declared statements, as its template lists them."""
    r = run(["template", "--tier", tier, "--year", "2024"])
    return sorted((yaml.safe_load(r.stdout.decode()) or {}).get("declared") or {})


DECLARED = {t: declared_keys(t) for t in TIERS}

# ---- values ----

INTS = [0, 1, 7, 42, 999, 2 ** 31, 2 ** 32 + 1, 10 ** 15, 123456789012345, 2 ** 53 - 1, 2 ** 53]
NUMBERS = [0.0, 0.5, 45.5, 0.1, 1 / 3, 0.1 + 0.2, 2.5e-8, 1e-310, 5e-324, 2.2250738585072014e-308,
           123456.789, 1e300, 1.7976931348623157e308, float(2 ** 53), 9007199254740993.0 * 4, 100.0]
TEXTS = ["", "南湖区文化馆", "“文化走亲”（南湖—嘉善县）", "null", "Null", "~", "true", "No", "是", "否",
         "007", "1e3", "0x10", ".5", "-1", "2024-01-05", "12:30", "=SUM(A1:A2)", "+1", "@x", "-",
         "# not a comment", "a: b", "[x]", "{y}", "&anchor", "*alias", "!tag", "%YAML", "'single'",
         '"double"', "back\\slash", " lead and trail ", "tab\there", "line\nbreak", "a\rb",
         "x_x0041_", "_x005F_", "ctl\x01\x1f\x7f", "nel\u0085x", "c1\u0080\u009f", "nonchar\ufffe\uffff", "ls\u2028ps\u2029", "bom\ufeffmid",
         "nbsp\u00a0x", "😀 emoji", "ａｂｃ全角", "y", "n", "on", "OFF", "nan", ".inf", "_", "a.b_c",
         "长" * 3000, "e" * 70]
SPECIAL = [t for t in TEXTS if t]


def bound(spec, key, default):
    """min or max when a number (a max may name a whole: see wholes())."""
    v = spec.get(key, default)
    return v if isinstance(v, (int, float)) else default


def pick_int(spec):
    lo = bound(spec, "min", -10 ** 6)
    hi = bound(spec, "max", 2 ** 53)
    v = rng.choice(INTS + [rng.randint(0, 10 ** rng.randint(1, 15))])
    if rng.random() < 0.2 and "min" not in spec:
        v = -v
    return min(max(v, lo), hi)


def pick_number(spec):
    v = rng.choice(NUMBERS + [rng.uniform(0, 1000), round(rng.uniform(0, 100), rng.randint(0, 6))])
    lo, hi = bound(spec, "min", -1e308), bound(spec, "max", 1.7976931348623157e308)
    if v < lo or v > hi:
        v = rng.choice([lo, hi, (lo + hi) / 3, 41.99999999999999])
        v = min(max(v, lo), hi)
    return float(v)


def pick_text(required):
    t = rng.choice(SPECIAL if required else TEXTS)
    if rng.random() < 0.3:
        t = t + rng.choice(["", "甲", " 1", "_x0041_"])
    return t


def pick_date(year):
    leap = year % 4 == 0 and (year % 100 or year % 400 == 0)
    d = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(366 if leap else 365))
    return rng.choice([d, datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                       datetime.date(year, 2, 29) if leap else datetime.date(year, 2, 28)])


def value(spec, year, required):
    t = spec["type"]
    if t == "int":
        return pick_int(spec)
    if t == "number":
        return pick_number(spec)
    if t == "bool":
        return rng.random() < 0.5
    if t == "date":
        return pick_date(year)
    if t == "enum":
        return rng.choice([w for w in spec["values"] if w not in (spec.get("retired") or {})])
    if t == "tags":
        return rng.sample(spec["values"], rng.randint(0, len(spec["values"])))
    return pick_text(required)


def wholes(model):
    """A part is at most its whole (max: facts.staff_total)."""
    for block in ("venue", "facts"):
        for k, spec in DATA[block].items():
            whole = spec.get("max")
            if isinstance(whole, str) and k in model[block]:
                b, w = whole.split(".", 1)
                if w in model.get(b, {}) and model[block][k] > model[b][w]:
                    model[block][k] = model[b][w]


def unique_texts(lg):
    """The text fields that make a ledger's entries distinct (unique:)."""
    keys = set()
    for u in lg.get("unique") or []:
        for k in ([u] if isinstance(u, str) else u):
            if lg["fields"][k]["type"] == "text":
                keys.add(k)
    return sorted(keys)


# ---- writing YAML by hand, to control the forms used ----

def quoted(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif o < 0x20 or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    return '"%s"' % "".join(out)


def number_text(v, spec_type):
    if isinstance(v, bool):
        return rng.choice({True: ["true", "yes", "on", "是", "True"], False: ["false", "no", "off", "否"]}[v])
    if isinstance(v, int):
        s = str(v)
    else:
        s = rng.choice([repr(v), "%.17g" % v, "%.17E" % v])
    return '"%s"' % s if rng.random() < 0.1 else s


def scalar(v, t):
    if isinstance(v, list):
        return "[%s]" % ", ".join(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if t in ("int", "number", "bool"):
        return number_text(v, t)
    if t == "enum":
        return v if rng.random() < 0.8 else quoted(v)
    return quoted(v)


def record(fields, values, flow):
    items = [(k, scalar(values[k], fields[k]["type"])) for k in fields if k in values]
    if flow:
        return "{%s}" % ", ".join("%s: %s" % kv for kv in items)
    return "".join("\n  %s: %s" % kv for kv in items)


def generate(i):
    """One valid data file: (its text, the values it means)."""
    tier = TIERS[i % len(TIERS)]
    year = rng.choice([2024, 2023, 2100, 2015, 2016])  # not before the standard's effective year
    venue_f = dict(BUILTIN, **DATA["venue"])
    model = {"venue": {"id": pick_text(True), "name": pick_text(True), "tier": tier, "year": year}}
    parent = rng.choice(["3304", "330402", pick_text(False)])
    if rng.random() < 0.5 and parent != model["venue"]["id"]:  # not its own parent (E033)
        model["venue"]["parent"] = parent
    for k, spec in DATA["venue"].items():
        if rng.random() < 0.6:
            model["venue"][k] = value(spec, year, False)
    model["facts"] = {k: value(s, year, False) for k, s in DATA["facts"].items() if rng.random() < 0.5}
    wholes(model)
    model["declared"] = {k: rng.random() < 0.7 for k in DECLARED[tier] if rng.random() < 0.6}
    ledgers = {}
    for name, lg in DATA["ledgers"].items():
        if rng.random() < 0.4:
            continue
        entries = []
        for n in range(rng.choice([0, 1, 2, 5, 12])):
            e = {}
            for k, spec in lg["fields"].items():
                if spec.get("required") or rng.random() < 0.5:
                    e[k] = value(spec, year, spec.get("required", False))
            for k in unique_texts(lg):  # no two entries alike (E028)
                if k in e:
                    e[k] = "%s#%d" % (e[k], n)
            entries.append(e)
        ledgers[name] = entries
    model.update(ledgers)
    for name, spec in DATA["monthly"].items():
        if rng.random() < 0.5:
            f = spec if "type" in spec else spec["fields"][0]
            model[name] = {m: value(f, year, False) for m in rng.sample(range(1, 13), rng.randint(0, 12))}
    waivers = []
    if rng.random() < 0.3 and RULES[tier]:
        for rule in rng.sample(RULES[tier], min(2, len(RULES[tier]))):
            waivers.append({"rule": rule, "reason": pick_text(True), "approver": pick_text(True),
                            "expires": pick_date(rng.choice([year, 2099]))})
    text = ["# generated %d" % i, "venue:" + record(venue_f, model["venue"], False)]
    fflow = rng.random() < 0.3
    if model["facts"] or rng.random() < 0.3:
        text.append("facts:" + (" " + record(DATA["facts"], model["facts"], True) if fflow
                                else record(DATA["facts"], model["facts"], False) or " {}"))
    if model["declared"] or rng.random() < 0.3:
        decl = {k: {"type": "bool"} for k in model["declared"]}
        text.append("declared:" + (record(decl, model["declared"], False) or " {}"))
    for name, entries in ledgers.items():
        fields = DATA["ledgers"][name]["fields"]
        if not entries:
            text.append("%s: []" % name)
        elif rng.random() < 0.7:
            text.append("%s:\n" % name + "\n".join("  - " + record(fields, e, True) for e in entries))
        else:
            text.append("%s:\n" % name + "\n".join(
                "  - " + record(fields, e, False)[3:].replace("\n  ", "\n    ") for e in entries))
    for name, spec in DATA["monthly"].items():
        if name in model:
            f = spec if "type" in spec else spec["fields"][0]
            months = {str(m): f for m in model[name]}
            text.append("%s:" % name + (record(months, {str(m): v for m, v in model[name].items()}, False)
                                        or " {}"))
    if waivers:
        wf = {"rule": {"type": "text"}, "reason": {"type": "text"}, "approver": {"type": "text"},
              "expires": {"type": "date"}}
        text.append("waivers:\n" + "\n".join("  - " + record(wf, w, True) for w in waivers))
    model["waivers"] = waivers
    return "\n".join(text) + "\n", model


# ---- what the canonical YAML means ----

def norm(v, t):
    """A value as the format means it: numbers as floats, text as text;
    None for no value (empty text, no tags)."""
    if t in ("int", "number"):
        return float(v)
    if t == "bool":
        return v if isinstance(v, bool) else {"是": True, "否": False}[v]
    if t == "tags":
        return sorted(v) or None
    if t == "date":
        return v if isinstance(v, datetime.date) else datetime.date.fromisoformat(v)
    return v if v != "" else None


def meaning(doc, model):
    """Each field of the generated model against what doc (PyYAML's
    reading of the canonical output) holds: a list of differences."""
    diffs = []

    def cmp(where, fields, want, got):
        for k, spec in fields.items():
            w = norm(want[k], spec["type"]) if k in want else None
            g = norm(got[k], spec["type"]) if got and k in got else None
            if w != g and not (isinstance(w, float) and isinstance(g, float) and w == g):
                diffs.append("%s.%s: wrote %r, reads back %r" % (where, k, w, g))

    cmp("venue", dict(BUILTIN, **DATA["venue"]), model["venue"], doc.get("venue"))
    cmp("facts", DATA["facts"], model["facts"], doc.get("facts"))
    decl = {k: {"type": "bool"} for k in DECLARED[model["venue"]["tier"]]}
    cmp("declared", decl, model["declared"], doc.get("declared"))
    for name, lg in DATA["ledgers"].items():
        want, got = model.get(name), doc.get(name)
        if (want or None) is None and (got or None) is None:
            if (name in model) != (name in doc):
                diffs.append("%s: given %s, written %s" % (name, name in model, name in doc))
            continue
        if len(want or []) != len(got or []):
            diffs.append("%s: %d entries, %d written" % (name, len(want or []), len(got or [])))
            continue
        for n, (w, g) in enumerate(zip(want, got)):
            cmp("%s[%d]" % (name, n), lg["fields"], w, g)
    for name, spec in DATA["monthly"].items():
        f = spec if "type" in spec else spec["fields"][0]
        cmp(name, {m: f for m in range(1, 13)}, model.get(name) or {}, doc.get(name) or {})
    got_w = doc.get("waivers") or []
    if len(got_w) != len(model["waivers"]):
        diffs.append("waivers: %d, %d written" % (len(model["waivers"]), len(got_w)))
    return diffs


def verdicts(path):
    """check's JSON report of one file without paths and positions."""
    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k not in ("path", "file", "line", "column", "cell")}
        return [strip(x) for x in v] if isinstance(v, list) else v
    r = run(["check", "--format", "json", path])
    try:
        return r.returncode, strip(json.loads(r.stdout)["files"])
    except ValueError:
        return r.returncode, r.stdout


def load_canonical(text):
    """PyYAML reads 1e-310 (no point) as text; the format reads it as a
    number, which norm() does from the field's type."""
    return yaml.safe_load(text)


def modes():
    """A replaced output keeps the mode of the file it replaces (the owner
    decided who may read it); a new one gets 0666 less the umask."""
    src = "examples/towns/xinfeng.yaml"
    old = os.umask(0o022)
    try:
        for out in ("mode.yaml", "mode.xlsx", "mode.csv"):
            path = os.path.join(tmp, out)
            cmd = ["check", "-o", path, src] if out.endswith(".csv") else ["convert", src, "-o", path]
            run(cmd)
            check(os.stat(path).st_mode & 0o777 == 0o644, "a new %s: mode 0644 under umask 022" % out)
            for mode in (0o600, 0o640):
                os.chmod(path, mode)
                r = run(cmd)
                got = os.stat(path).st_mode & 0o777
                check(r.returncode == 0 and got == mode, "a replaced %s keeps mode %o: %o" % (out, mode, got))
    finally:
        os.umask(old)


def main():
    modes()
    kept = os.path.join(tmp, "failed")
    bad = 0
    for i in range(COUNT):
        text, model = generate(i)
        src = os.path.join(tmp, "g%03d.yaml" % i)
        open(src, "w", encoding="utf-8").write(text)
        a, x, b, c = src + ".a.yaml", src + ".xlsx", src + ".b.yaml", src + ".c.yaml"
        problems = []
        v = run(["validate", src])
        if v.returncode != 0:
            problems.append("the generated file is refused:\n" + v.stdout.decode()[-1500:])
        else:
            r = [run(["convert", src, "-o", a]), run(["convert", src, "-o", x])]
            r += [run(["convert", x, "-o", b]), run(["convert", a, "-o", c])]
            errs = "".join(q.stderr.decode()[-1000:] for q in r if q.returncode)
            if errs:
                problems.append("convert refused its own output:\n" + errs)
            else:
                ya, yb, yc = (open(p, "rb").read() for p in (a, b, c))
                if ya != yc:
                    problems.append("the canonical YAML is no fixed point")
                if ya != yb:
                    problems.append("YAML -> XLSX -> YAML differs:\n" + "".join(
                        "  - %s\n  + %s\n" % (p, q) for p, q in zip(ya.decode().splitlines(),
                                                                   yb.decode().splitlines()) if p != q)[:2000])
                problems += meaning(load_canonical(ya.decode()), model)[:10]
                # The same data means the same thing in both forms.
                if i % 4 == 0 and verdicts(src) != verdicts(x):
                    problems.append("check gives other verdicts for the workbook")
        check(not problems, "generated file %d (%s):\n  %s" % (i, os.path.join(kept, os.path.basename(src)),
                                                              "\n  ".join(problems)))
        if problems:
            bad += 1
            os.makedirs(kept, exist_ok=True)
            shutil.copy(src, kept)
    print("roundtrip: %d generated files, %d failed (seed %s)" % (COUNT, bad, os.environ.get("VC_SEED", "15")))
    if not bad:
        shutil.rmtree(tmp, ignore_errors=True)
    return summary("roundtrip")


sys.exit(main())
