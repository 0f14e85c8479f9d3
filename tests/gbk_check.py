#!/usr/bin/env python3
"""gbk_check.py - file names that are not UTF-8 (a zip made on Chinese
Windows unpacks GBK names) leave every output valid: the JSON parses as
UTF-8 and matches its schema, the JUnit is well-formed and valid against
Jenkins' XSD, the XLSX opens in openpyxl, the CSV, text and GitHub outputs
and the diagnostics decode as UTF-8; the name shows as \\xNN and its exact
bytes are recoverable (JSON path_bytes / file_bytes, the JUnit property
path_bytes: percent-encoded).

usage: gbk_check.py BINARY   (run from the repository root)"""
import json, os, shutil, subprocess, sys, tempfile, urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
GOOD = "大桥.yaml".encode("gbk")        # b'\xb4\xf3\xc7\xc5.yaml'
BAD = "大桥镇-坏.yaml".encode("gbk")


def shown(name):
    """How the text forms show a GBK name: \\xNN for each byte >= 0x80."""
    return "".join(chr(b) if b < 0x80 else "\\x%02x" % b for b in name)


SHOWN = shown(GOOD)
assert GOOD == b"\xb4\xf3\xc7\xc5.yaml" and SHOWN == "\\xb4\\xf3\\xc7\\xc5.yaml"

work = tempfile.mkdtemp()
os.chdir(work)
shutil.copy(os.path.join(ROOT, "examples/towns/fengqiao.yaml"), GOOD)
with open(os.path.join(ROOT, "tests/bad/E012-top.yaml"), "rb") as src, open(BAD, "wb") as out:
    out.write(src.read())
FILES = [GOOD, BAD]


def run(*args):
    """BIN with ARGS (bytes or str), in the work directory; output as bytes."""
    argv = [os.fsencode(BIN)] + [a if isinstance(a, bytes) else a.encode() for a in args]
    return subprocess.run(argv, capture_output=True, env=harness.ENV)


def utf8(data, what):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, "%s is UTF-8: %s" % (what, e))
        return None


def recovered(encoded):
    return urllib.parse.unquote_to_bytes(encoded)


# JSON: strict UTF-8, schema-valid, the name as text and as exact bytes.
schema = json.load(open(os.path.join(ROOT, "man/venuecheck-report.schema.json")))
jsonschema = harness.need("jsonschema", "python3-jsonschema")
Validator = jsonschema.validators.validator_for(schema)
r = run("check", "--format", "json", *FILES)
check(r.returncode == 2, "a bad file among them: exit 2, got %d" % r.returncode)
text = utf8(r.stdout, "the JSON report")
doc = json.loads(text) if text else {"files": []}
errs = [e.message for e in Validator(schema).iter_errors(doc)]
check(not errs, "the JSON report matches the schema: %s" % errs[:3])
good = next((f for f in doc["files"] if f["valid"]), None)
bad = next((f for f in doc["files"] if not f["valid"]), None)
check(good and good["path"] == SHOWN and recovered(good["path_bytes"]) == GOOD,
      "a venue's path as \\xNN text, path_bytes its exact bytes: %s" % (good and good["path"]))
check(bad and recovered(bad["path_bytes"]) == BAD and bad["diagnostics"]
      and recovered(bad["diagnostics"][0]["file_bytes"]) == BAD
      and bad["diagnostics"][0]["file"] == shown(BAD),
      "an invalid file's path and its diagnostic's file, recoverable")
r = run("check", "--format", "json", os.path.join(ROOT, "examples/towns/fengqiao.yaml"))
check("path_bytes" not in json.loads(r.stdout)["files"][0], "a UTF-8 path has no path_bytes")

# JUnit: well-formed, valid against Jenkins' XSD, the bytes as a property.
r = run("check", "-o", "out.xml", *FILES)
check(r.returncode == 2, "JUnit: exit 2")
check(utf8(open("out.xml", "rb").read(), "the JUnit XML") is not None, "JUnit read")
if harness.have("xmllint", "libxml2-utils", "xmllint reading the JUnit of GBK names"):
    x = subprocess.run(["xmllint", "--noout", "--schema",
                        os.path.join(ROOT, "tests/schemas/junit-10.xsd"), "out.xml"],
                       capture_output=True)
    check(x.returncode == 0, "JUnit well-formed and valid against junit-10.xsd: %s"
          % x.stderr[-400:].decode("utf-8", "replace"))
try:
    tree = ET.parse("out.xml").getroot()
except ET.ParseError as e:
    check(False, "the JUnit XML parses: %s" % e)
    tree = ET.fromstring("<testsuites/>")
files = sorted(s.get("file") for s in tree.findall("testsuite"))
props = sorted(recovered(p.get("value")) for p in tree.iter("property")
               if p.get("name") == "path_bytes")
check(SHOWN in files and props == sorted(FILES), "suite file shown as \\xNN, path_bytes recovers both: %s" % files)

# CSV, text, GitHub annotations, diagnostics on standard error: UTF-8.
r = run("check", "--format", "csv", *FILES)
csv = utf8(r.stdout, "the CSV report")
check(csv is not None and shown(BAD) in csv, "CSV names the invalid file as \\xNN")
for fmt in ("text", "github"):
    r = run("check", "--format", fmt, *FILES)
    out, err = utf8(r.stdout, fmt + " output"), utf8(r.stderr, fmt + " diagnostics")
    check(out is not None and err is not None and "\\xb4\\xf3\\xc7\\xc5" in out + err,
          "%s output and its diagnostics are UTF-8 and show \\xNN" % fmt)

# XLSX: opens in openpyxl; 无效文件 names the file as \xNN.
try:
    import openpyxl
except ImportError:
    openpyxl = None
    harness.skip("the XLSX report of GBK names", "python3-openpyxl")
if openpyxl:
    r = run("check", "-o", "out.xlsx", *FILES)
    try:
        wb = openpyxl.load_workbook("out.xlsx")
        cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
        check(any(shown(BAD) in c for c in cells), "the XLSX names the invalid file as \\xNN")
    except Exception as e:  # noqa: BLE001 - any failure to read is the bug
        check(False, "openpyxl opens the XLSX report: %s" % e)

os.chdir(ROOT)
shutil.rmtree(work)
sys.exit(summary("gbk"))
