#!/usr/bin/env python3
"""xls_check.py - legacy .xls workbooks (Excel 97-2003) through a real
spreadsheet program:

  round trip   a village's and a town's template, filled in with openpyxl,
               exported to .xls by LibreOffice (its "MS Excel 97" filter):
               the same JSON results as the filled .xlsx and as the YAML
  errors       tests/workbook/bad-entries.xlsx (one mistake of each kind)
               and its .xls export: the same errors at the same sheet!cell
  kinds        LibreOffice's .xls keeps dates as date-formatted numbers,
               counts as numbers and text as shared strings: read the same
  encrypted    the filled workbook saved with a password by LibreOffice
               (python3-uno): refused (E041), the message says what to do
  truncated    LibreOffice's .xls cut in half: E040, never a crash

Skipped, visibly, without soffice (and the encrypted case without
python3-uno).

usage: xls_check.py BINARY   (run from the repository root)"""
import json, os, shutil, subprocess, sys, tempfile, textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

openpyxl = harness.need("openpyxl", "python3-openpyxl", "xls")
yaml = harness.need("yaml", "python3-yaml", "xls")

BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp()
PACK = yaml.safe_load(open("rules/jiaxing-2015.yaml", encoding="utf-8"))["data"]
SHEETS = {v["label"]: k for k, v in list(PACK["ledgers"].items()) + list(PACK["monthly"].items())}
LABELS = {k: {f: d["label"] for f, d in v["fields"].items()} for k, v in PACK["ledgers"].items()}


def run(args):
    return harness.run(BIN, args)


def fill(template, data, path):
    """The template filled in as a clerk would: 基本信息 by code, a row per
    ledger entry, dates as Excel dates, tags joined by 、."""
    wb = openpyxl.load_workbook(template)
    info = wb["基本信息"]
    seen = set()
    for row in info.iter_rows(min_row=2):
        code = row[0].value
        if not code or "." not in str(code):
            continue
        seen.add(code)
        block, key = code.split(".", 1)
        v = (data.get(block) or {}).get(key)
        if v is not None:
            row[2].value = v
    for block in ("venue", "facts", "declared"):
        for key, v in (data.get(block) or {}).items():
            if "%s.%s" % (block, key) not in seen:
                info.append(["%s.%s" % (block, key), None, v])
    for name in list(wb.sheetnames):
        block = SHEETS.get(name)
        if not block:
            continue
        ws = wb[name]
        if block not in data:
            wb.remove(ws)
            continue
        heads = [c.value for c in ws[1]]
        if block in PACK["monthly"]:
            for m, v in (data.get(block) or {}).items():
                ws.cell(int(m) + 1, 2).value = v
            continue
        for i, e in enumerate(data[block] or []):
            for k, v in e.items():
                ws.cell(i + 2, heads.index(LABELS[block][k]) + 1).value = "、".join(v) if isinstance(v, list) else v
    wb.save(path)


def soffice(src, filt, outdir):
    os.makedirs(outdir, exist_ok=True)
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", filt, "--outdir", outdir, src],
                   capture_output=True, timeout=180, env=dict(os.environ, HOME=tmp))


def results(path):
    """The JSON report of one file without what names the file or a
    position in it (a line in YAML, a cell in a workbook)."""
    r = run(["check", "--format", "json", path])
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        return r.returncode, r.stdout + r.stderr
    f = doc["files"][0]
    diags = [(d.get("code"), d.get("level")) for d in f.get("diagnostics", [])]
    return r.returncode, {k: v for k, v in f.items() if k not in ("path", "diagnostics")}, diags


def round_trip():
    for src, tier in [("examples/villages/xinfeng/zhulin.yaml", "village"),
                      ("examples/towns/xinfeng.yaml", "town")]:
        data = yaml.safe_load(open(src, encoding="utf-8"))
        t = os.path.join(tmp, "t-%s.xlsx" % tier)
        check(run(["template", "--tier", tier, "-o", t]).returncode == 0, "template --tier " + tier)
        filled = os.path.join(tmp, "filled-%s.xlsx" % tier)
        fill(t, data, filled)
        soffice(filled, "xls:MS Excel 97", os.path.join(tmp, "xls"))
        xls = os.path.join(tmp, "xls", "filled-%s.xls" % tier)
        if not check(os.path.exists(xls), "LibreOffice exported %s to .xls" % filled):
            continue
        want = results(src)
        check(want[0] in (0, 1) and results(filled) == want, "%s: the filled .xlsx gives the YAML's results" % src)
        got = results(xls)
        check(got == want, "%s: LibreOffice's .xls gives the YAML's results:\n%s\n%s" % (
            src, textwrap.shorten(str(got), 600), textwrap.shorten(str(want), 600)))
        r = run(["convert", xls, "-o", "-"])
        check(r.returncode == 0 and yaml.safe_load(r.stdout)["venue"] == data["venue"],
              "convert of the .xls gives the venue header back")
        if tier == "town":
            kinds(xls, data)
            truncated(xls)
            encrypted(filled)


def kinds(xls, data):
    """Each kind of cell as the YAML holds it: convert the .xls to YAML."""
    r = run(["convert", xls, "-o", "-"])
    got = yaml.safe_load(r.stdout)
    ev, gv = data["events"][0], got["events"][0]
    check(str(gv["date"]) == str(ev["date"]), "a date-formatted cell is its date: %s" % gv["date"])
    check(gv["participants"] == ev["participants"], "a number is a number: %s" % gv["participants"])
    check(gv["title"] == ev["title"], "a shared string is its text: %s" % gv["title"])


def errors():
    src = "tests/workbook/bad-entries.xlsx"
    soffice(os.path.abspath(src), "xls:MS Excel 97", os.path.join(tmp, "bad"))
    xls = os.path.join(tmp, "bad", "bad-entries.xls")
    a, b = run(["validate", src]), run(["validate", xls])
    strip = lambda r, name: (r.stdout + r.stderr).replace(name, "FILE")
    check(a.returncode == b.returncode == 2 and strip(a, src) == strip(b, xls) and "活动台账!" in b.stdout + b.stderr,
          "bad-entries: the .xls gives the .xlsx's errors at the same cells:\n%s\n%s" % (
              a.stdout[-500:], b.stdout[-500:]))


def truncated(xls):
    cut = os.path.join(tmp, "cut.xls")
    data = open(xls, "rb").read()
    for n in (len(data) // 2, 4000, 700):
        open(cut, "wb").write(data[:n])
        r = run(["check", cut])
        check(r.returncode == 2 and "E040" in r.stdout + r.stderr, "LibreOffice's .xls cut to %d bytes: E040\n%s" % (
            n, r.stderr[-300:]))


UNO_SAVE = r'''
import sys, uno, unohelper, time, subprocess
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
src, dst, port = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = uno.getComponentContext()
resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
for _ in range(120):
    try:
        remote = resolver.resolve("uno:socket,host=127.0.0.1,port=%s;urp;StarOffice.ComponentContext" % port)
        break
    except Exception:
        time.sleep(0.5)
desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Excel 97"), prop("Password", "secret")))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
'''


def encrypted(filled):
    """A real password-protected .xls, written by LibreOffice itself."""
    try:
        import uno  # noqa: F401
    except ImportError:
        harness.skip("a password-protected .xls written by LibreOffice", "python3-uno")
        return
    dst = os.path.join(tmp, "encrypted.xls")
    script = os.path.join(tmp, "save.py")
    open(script, "w").write(UNO_SAVE)
    port = str(20000 + os.getpid() % 10000)
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--invisible",
                               "--accept=socket,host=127.0.0.1,port=%s;urp;" % port],
                              env=dict(os.environ, HOME=tmp), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        subprocess.run(["/usr/bin/python3", script, filled, dst, port], capture_output=True, timeout=120)
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
    if not check(os.path.exists(dst), "LibreOffice saved a password-protected .xls"):
        return
    r = run(["--lang", "en", "check", dst])
    out = r.stdout + r.stderr
    check(r.returncode == 2 and "E041" in out and ".xlsx or .xls" in out,
          "a password-protected .xls: E041, saying what to do\n" + out[-300:])


def main():
    if harness.have("soffice", "libreoffice-calc-nogui", "the .xls round trip through LibreOffice"):
        round_trip()
        errors()
    shutil.rmtree(tmp, ignore_errors=True)
    return summary("xls")


if __name__ == "__main__":
    sys.exit(main())
