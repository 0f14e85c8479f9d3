#!/usr/bin/env python3
"""bad_check.py - every file in tests/bad/ is malformed in one way.  Its
first line says how: `# expect: E012 3:10` (code, then line:column; `3:`
checks the line only).  Files whose name is all they have (links) take the
code from the name, position 0:0.  Each must be rejected by
`venuecheck validate --format json` with exit 2 and that diagnostic, and
every single-file error code must have at least one such file.

usage: bad_check.py BINARY   (run from the repository root)"""
import glob, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = sys.argv[1]
SINGLE_FILE_CODES = ["E%03d" % i for i in range(1, 29) if i != 3]  # E003: 64 MiB
covered = set()
for path in sorted(glob.glob("tests/bad/*.yaml")):
    name = os.path.basename(path)
    try:
        first = open(path, "rb").readline().decode("utf-8", "replace")
    except OSError:
        first = ""
    m = re.match(r"# expect: (E\d{3}) (\d+):(\d*)", first)
    if m:
        code, line, col = m.group(1), int(m.group(2)), m.group(3)
    else:
        code, line, col = name[:4], 0, "0"
    covered.add(code)
    r = harness.run(BIN, ["validate", "--format", "json", path])
    try:
        doc = json.loads(r.stdout)
        diags = [d for f in doc["files"] for d in f["diagnostics"]]
    except (ValueError, KeyError) as e:
        check(False, "%s: output is not the JSON report (%s)" % (name, e))
        continue
    hit = [d for d in diags if d["code"] == code and d["line"] == line
           and (col == "" or d["column"] == int(col))]
    check(r.returncode == 2 and hit and doc["summary"]["invalid"] == 1,
          "%s: expected %s at %d:%s, exit 2; got exit %d, %s" % (
              name, code, line, col, r.returncode,
              [(d["code"], d["line"], d["column"], d["message"]) for d in diags]))
missing = [c for c in SINGLE_FILE_CODES if c not in covered]
check(not missing, "no file in tests/bad/ for " + ", ".join(missing))
sys.exit(summary("bad"))
