#!/usr/bin/env python3
"""serve_api_check.py - the JSON API of `venuecheck serve` (src/serve_api.c,
docs/openapi.yaml), end to end on 127.0.0.1:

  check        a passing, a failing and a refused file (YAML, and .xlsx
               made by `venuecheck convert`): 200/200/422 with the JSON
               report of `venuecheck check --format json` of the same file
               (but its name), valid against man/venuecheck-report.schema.json;
               ?lang=en; 400 empty, 415 a PNG, 413 past --limit; nothing
               stored (DIR/blobs unchanged)
  submissions  a good, unknown, revoked token, another venue's file; read
               back by the link that made it, the admin, another link
  admin        the venue list with the missing venues; the county report
               (.xlsx opened with openpyxl, .json against the schema, .csv)
  everywhere   every error is JSON {"error": {status, message}}, every
               answer has the security headers, no answer names DIR
  openapi      every path of docs/openapi.yaml is routed, every route of
               src/serve_api.c is in it

usage: serve_api_check.py ./venuecheck
"""
import json, os, re, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness, serve_harness as sh
from harness import check, summary

BIN = os.path.abspath(sys.argv[1])
ROOT = harness.ROOT
jsonschema = harness.need("jsonschema", "python3-jsonschema", "serve-api")
yaml = harness.need("yaml", "python3-yaml", "serve-api")
openpyxl = harness.need("openpyxl", "python3-openpyxl", "serve-api")

SCHEMA = json.load(open(os.path.join(ROOT, "man", "venuecheck-report.schema.json")))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
PASSING = os.path.join(ROOT, "examples", "villages", "daqiao", "shengfeng.yaml")  # daqiao's
FAILING = os.path.join(ROOT, "examples", "towns", "fengqiao.yaml")
OTHER = os.path.join(ROOT, "examples", "towns", "xinfeng.yaml")  # not daqiao's
REFUSED = os.path.join(ROOT, "tests", "bad", "E005-indent.yaml")
REFUSED_XLSX = os.path.join(ROOT, "tests", "workbook", "bad-entries.xlsx")
PNG = os.path.join(ROOT, "examples", "screenshots", "summary.png")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECURITY = {"Content-Security-Policy": "default-src 'none'",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}

tmp = tempfile.mkdtemp(prefix="vc-api-")
answers = []  # every Response, for the checks that hold for all of them


def read(path):
    with open(path, "rb") as f:
        return f.read()


def convert(src, name):
    out = os.path.join(tmp, name)
    r = harness.run(BIN, ["convert", src, "-o", out])
    check(r.returncode == 0 and os.path.exists(out), f"convert {src}: {r.stderr}")
    return out


def cli_json(path, lang=None):
    args = ["check", "--format", "json", path] + (["--lang", lang] if lang else [])
    r = harness.run(BIN, args)
    return json.loads(r.stdout)


def call(method, url, body=None, token=None, ctype=None, headers=None):
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if ctype:
        h["Content-Type"] = ctype
    r = sh.request(method, url, body, h)
    answers.append((method, url, r))
    return r


def body_json(r):
    try:
        return json.loads(r.body)
    except ValueError:
        return None


def without_names(doc):
    """The report with every file name dropped (the CLI names the path it
    was given, the server the client's name)."""
    if isinstance(doc, dict):
        return {k: without_names(v) for k, v in doc.items()
                if k not in ("path", "path_bytes", "file", "file_bytes")}
    if isinstance(doc, list):
        return [without_names(v) for v in doc]
    return doc


def valid_report(doc, what):
    errors = [e.message for e in VALIDATOR.iter_errors(doc)] if doc is not None else ["not JSON"]
    check(not errors, f"{what}: the report is not valid against the schema: {errors[:3]}")


def blobs(data_dir):
    out = []
    for d, _, files in os.walk(os.path.join(data_dir, "blobs")):
        out += [os.path.join(d, f) for f in files]
    return sorted(out)


def expect_error(r, status, what):
    doc = body_json(r)
    err = doc.get("error") if isinstance(doc, dict) else None
    check(r.status == status, f"{what}: status {r.status}, not {status}: {r.text[:200]}")
    check(isinstance(err, dict) and err.get("status") == status
          and isinstance(err.get("message"), str) and err["message"],
          f"{what}: not the JSON error object: {r.text[:200]}")
    check((r.header("Content-Type") or "").startswith("application/json"),
          f"{what}: Content-Type {r.header('Content-Type')}")


# ---- POST /api/v1/check ----

def check_one(srv, path, want_status, want_verdict, name=None, ctype=None):
    what = f"check {os.path.basename(path)}"
    q = "?name=" + name if name else ""
    r = call("POST", srv.url + "/api/v1/check" + q, read(path),
             ctype=ctype or "application/octet-stream")
    doc = body_json(r)
    check(r.status == want_status, f"{what}: status {r.status}, not {want_status}: {r.text[:300]}")
    if doc is None:
        check(False, f"{what}: not JSON: {r.text[:200]}")
        return None
    valid_report(doc, what)
    check(without_names(doc) == without_names(cli_json(path)),
          f"{what}: the JSON differs from check --format json")
    verdicts = [f.get("verdict") for f in doc.get("files", [])]
    check(verdicts == [want_verdict], f"{what}: verdicts {verdicts}, not [{want_verdict}]")
    return doc


def checks(srv):
    before = blobs(srv.data_dir)
    xpass = convert(PASSING, "shengfeng.xlsx")
    xfail = convert(FAILING, "fengqiao.xlsx")
    for path, status, verdict in ((PASSING, 200, "pass"), (FAILING, 200, "fail"),
                                  (REFUSED, 422, "invalid"), (xpass, 200, "pass"),
                                  (xfail, 200, "fail"), (REFUSED_XLSX, 422, "invalid")):
        check_one(srv, path, status, verdict, name=os.path.basename(path))
    # The kind is the bytes': a workbook sent as YAML is still a workbook.
    check_one(srv, xpass, 200, "pass", ctype="application/yaml")
    check_one(srv, PASSING, 200, "pass", ctype="application/yaml")
    check_one(srv, xfail, 200, "fail", ctype=XLSX)
    names(srv)
    english(srv)
    forms(srv)
    refusals(srv)
    check(blobs(srv.data_dir) == before, "check stored a file in DIR/blobs")


def names(srv):
    """The report names the file by the client's name (its last component,
    with the kind's extension), or upload.EXT."""
    for q, want in (("", "upload.yaml"), ("?name=shengfeng.yaml", "shengfeng.yaml"),
                    ("?name=..%2F..%2Fetc%2Fpasswd", "passwd.yaml"),
                    ("?name=a%2Fb%5Cc.xlsx", "c.yaml")):
        r = call("POST", srv.url + "/api/v1/check" + q, read(PASSING),
                 ctype="application/octet-stream")
        doc = body_json(r) or {}
        got = [f.get("path") for f in doc.get("files", [])]
        check(got == [want], f"check{q}: the report names {got}, not [{want}]")


def english(srv):
    for path, status in ((FAILING, 200), (REFUSED, 422)):
        r = call("POST", srv.url + "/api/v1/check?lang=en&name=x.yaml", read(path),
                 ctype="application/yaml")
        doc = body_json(r)
        check(r.status == status and doc is not None
              and without_names(doc) == without_names(cli_json(path, "en")),
              f"check ?lang=en {os.path.basename(path)}: not check --lang en's JSON")
        zh = body_json(call("POST", srv.url + "/api/v1/check?name=x.yaml", read(path),
                            ctype="application/yaml"))
        check(zh != doc, f"check ?lang=en {os.path.basename(path)}: the same as Chinese")
    r = call("POST", srv.url + "/api/v1/check?lang=en", read(PNG), ctype="application/octet-stream")
    msg = (body_json(r) or {}).get("error", {}).get("message", "")
    check(r.status == 415 and re.search("[a-z]", msg) and not re.search("[\u4e00-\u9fff]", msg),
          f"?lang=en: the 415 message is not English: {msg!r}")


def forms(srv):
    """A multipart form's "file" field is read as the body is (curl -F)."""
    r = sh.post_form(srv.url + "/api/v1/check", {}, {"file": ("村/胜丰.yaml", read(PASSING))})
    answers.append(("POST", "/api/v1/check (form)", r))
    doc = body_json(r) or {}
    got = [f.get("path") for f in doc.get("files", [])]
    check(r.status == 200 and got == ["胜丰.yaml"],
          f"check as a multipart form: {r.status} {got}: {r.text[:200]}")
    # `curl --data-binary @f.yaml` without -H labels the file a
    # urlencoded form: under /api/ it is still the file
    r = call("POST", srv.url + "/api/v1/check?name=f.yaml", read(PASSING),
             ctype="application/x-www-form-urlencoded")
    answers.append(("POST", "/api/v1/check (curl's default type)", r))
    check(r.status == 200 and (body_json(r) or {}).get("summary", {}).get("passing") == 1,
          f"a body labelled urlencoded (curl's default) is the file: {r.status} {r.text[:200]}")


def refusals(srv):
    url = srv.url + "/api/v1/check"
    expect_error(call("POST", url, read(PNG), ctype="application/octet-stream"), 415, "a PNG")
    expect_error(call("POST", url, read(PNG), ctype="image/png"), 415, "a PNG as image/png")
    expect_error(call("POST", url, read(PASSING), ctype="image/png"), 415,
                 "a YAML file sent as image/png")
    expect_error(call("POST", url, b"", ctype="application/octet-stream"), 400, "an empty body")
    expect_error(call("GET", url), 405, "GET /api/v1/check")
    expect_error(call("GET", srv.url + "/api/v1/no-such"), 404, "an unknown API path")


def limit():
    """--limit: 413 past it (the body is refused before any check), and a
    file at the limit is checked."""
    data = read(PASSING)
    with sh.Server(BIN, args=["--limit", str(len(data))]) as srv:
        r = call("POST", srv.url + "/api/v1/check", data, ctype="application/yaml")
        check(r.status == 200, f"a file of exactly --limit bytes: {r.status}")
        big = data + b"#" * 2000
        expect_error(call("POST", srv.url + "/api/v1/check", big, ctype="application/yaml"),
                     413, "a file past --limit")
        check(blobs(srv.data_dir) == [], "past --limit: something was stored")
        every_answer(srv)


# ---- links and submissions ----

def new_link(srv, venue):
    """(token, link id) of a new upload link for venue: `venuecheck link`
    prints URL/u/TOKEN on standard output, its id on standard error."""
    r = harness.run(BIN, ["link", "--data", srv.data_dir, venue, "--label", "api " + venue])
    m = re.search(r"/u/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])", r.stdout)
    n = re.search(r"(?:编号|link) (\d+)", r.stderr)
    check(r.returncode == 0 and m and n, f"link {venue}: {r.returncode} {r.stdout} {r.stderr}")
    return (m.group(1) if m else "x" * 22), (n.group(1) if n else "0")


def submit(srv, token, path, what, want=201, name=None):
    q = "?name=" + (name or os.path.basename(path))
    r = call("POST", srv.url + "/api/v1/submissions" + q, read(path), token=token,
             ctype="application/octet-stream")
    if want != 201:
        expect_error(r, want, what)
        return None
    doc = body_json(r) or {}
    check(r.status == 201, f"{what}: status {r.status}, not 201: {r.text[:300]}")
    check(r.header("Location") == f"/api/v1/submissions/{doc.get('id')}",
          f"{what}: Location {r.header('Location')}")
    check(re.fullmatch(r"[0-9a-f]{64}", str(doc.get("sha256"))) and doc.get("size") == len(read(path)),
          f"{what}: sha256/size {doc.get('sha256')} {doc.get('size')}")
    valid_report(doc.get("report"), what)
    return doc if r.status == 201 else None


def submissions(srv):
    # (not examples/ itself: examples/broken/ holds a venue id twice, and an
    # import is all or nothing)
    trees = [os.path.join(ROOT, "examples", d) for d in ("city", "county", "towns", "villages")]
    r = harness.run(BIN, ["import", "--data", srv.data_dir] + trees)
    check(r.returncode == 0, f"import examples/: {r.returncode} {r.stderr}")
    daqiao, _ = new_link(srv, "330402-dq")   # the town and its villages
    fengqiao, _ = new_link(srv, "330402-fq")
    gone, gone_id = new_link(srv, "330402-qx")
    r = harness.run(BIN, ["link", "--data", srv.data_dir, "--revoke", gone_id])
    check(r.returncode == 0, f"link --revoke {gone_id}: {r.stderr}")
    url = srv.url + "/api/v1/submissions"
    before = blobs(srv.data_dir)
    r = call("POST", url, read(PASSING), ctype="application/yaml")
    expect_error(r, 401, "a submission without a token")
    check("Bearer" in (r.header("WWW-Authenticate") or ""), "401 without WWW-Authenticate: Bearer")
    expect_error(call("POST", url, read(PASSING), token="A" * 22, ctype="application/yaml"),
                 401, "a submission with an unknown token")
    expect_error(call("POST", url, read(PASSING), token="not a token", ctype="application/yaml"),
                 401, "a submission with a malformed token")
    expect_error(call("POST", url, read(PASSING), token=srv.admin_token, ctype="application/yaml"),
                 401, "a submission with the admin token")
    submit(srv, gone, PASSING, "a revoked link", 403)
    submit(srv, daqiao, OTHER, "another venue's file", 403)
    submit(srv, daqiao, PNG, "a PNG submitted", 415)
    check(blobs(srv.data_dir) == before, "a refused request stored a file")

    ok = submit(srv, daqiao, convert(PASSING, "sf.xlsx"), "a passing workbook")
    check(ok and ok["status"] == "passed" and ok["failing"] == 0
          and (ok.get("venue") or {}).get("id") == "330402-dq-sf"
          and (ok.get("venue") or {}).get("tier") == "village",
          f"a passing workbook: {ok and {k: ok[k] for k in ('status', 'failing', 'venue')}}")
    check(ok and without_names(ok["report"]) == without_names(cli_json(PASSING)),
          "a submission's report is not check --format json's")
    bad = submit(srv, fengqiao, FAILING, "a failing file")
    fails = sum(1 for x in bad["report"]["files"][0]["results"]
                if x["verdict"] in ("fail", "missing")) if bad else -1
    check(bad and bad["status"] == "failing" and bad["failing"] == fails > 0,
          f"a failing file: status {bad and bad['status']}, failing {bad and bad['failing']} ({fails})")
    inv = submit(srv, daqiao, REFUSED, "a refused file")
    check(inv and inv["status"] == "invalid" and inv["report"]["files"][0]["valid"] is False,
          f"a refused file is kept as invalid: {inv and inv['status']}")
    check(len(blobs(srv.data_dir)) == len(before) + 3, "three submissions, not three blobs")
    read_back(srv, ok, daqiao, fengqiao, gone)
    return daqiao, fengqiao


def read_back(srv, ok, daqiao, fengqiao, gone):
    if not ok:
        return
    url = f"{srv.url}/api/v1/submissions/{ok['id']}"
    for token, who in ((daqiao, "the link that made it"), (srv.admin_token, "the admin")):
        r = call("GET", url, token=token)
        doc = body_json(r) or {}
        check(r.status == 200 and doc.get("id") == ok["id"] and doc.get("sha256") == ok["sha256"]
              and doc.get("report") == ok["report"], f"read back by {who}: {r.status}")
    expect_error(call("GET", url), 401, "read back without a token")
    expect_error(call("GET", url, token=fengqiao), 403, "read back by another link")
    expect_error(call("GET", url, token=gone), 403, "read back by a revoked link")
    expect_error(call("GET", srv.url + "/api/v1/submissions/999999", token=srv.admin_token),
                 404, "an unknown submission")
    expect_error(call("GET", srv.url + "/api/v1/submissions/1x", token=srv.admin_token),
                 404, "a submission id that is not a number")
    expect_error(call("GET", srv.url + "/api/v1/submissions/999999", token="B" * 22),
                 401, "an unknown token asking for an unknown id")


# ---- the admin's ----

def admin(srv, link):
    url = srv.url + "/api/v1/venues"
    expect_error(call("GET", url), 401, "the venue list without a token")
    expect_error(call("GET", url, token=link), 403, "the venue list with an upload token")
    r = call("GET", url, token=srv.admin_token)
    doc = body_json(r) or {}
    check(r.status == 200 and isinstance(doc.get("venues"), list)
          and isinstance(doc.get("missing"), list), f"the venue list: {r.status} {r.text[:200]}")
    by = {v.get("id"): v for v in doc.get("venues", [])}
    for vid, status in (("330402-dq-sf", "passed"), ("330402-fq", "failing"),
                        ("330402-dq", "invalid"), ("330402-xf", "not_submitted")):
        check(by.get(vid, {}).get("status") == status,
              f"venue {vid}: status {by.get(vid, {}).get('status')}, not {status}")
    check(by.get("330402-dq-sf", {}).get("name") == "胜丰村文化礼堂", "the venue list's names")
    check("330402-xf" in doc.get("missing", []) and "330402-dq-sf" not in doc.get("missing", []),
          f"missing: {doc.get('missing')}")
    reports(srv, link)


def reports(srv, link):
    for ext in ("xlsx", "json", "csv"):
        url = f"{srv.url}/api/v1/report.{ext}"
        expect_error(call("GET", url), 401, f"report.{ext} without a token")
        expect_error(call("GET", url, token=link), 403, f"report.{ext} with an upload token")
        r = call("GET", url, token=srv.admin_token)
        check(r.status == 200 and "attachment" in (r.header("Content-Disposition") or ""),
              f"report.{ext}: {r.status} {r.header('Content-Disposition')}")
        if ext == "xlsx":
            p = os.path.join(tmp, "county.xlsx")
            with open(p, "wb") as f:
                f.write(r.body)
            try:
                wb = openpyxl.load_workbook(p)
                check(len(wb.sheetnames) > 0, "report.xlsx has no sheet")
            except Exception as e:  # noqa: BLE001 - any failure to open is the finding
                check(False, f"report.xlsx does not open: {e}")
            check(r.header("Content-Type") == XLSX, f"report.xlsx: {r.header('Content-Type')}")
        elif ext == "json":
            doc = body_json(r)
            valid_report(doc, "report.json")
            paths = [f.get("path") for f in (doc or {}).get("files", [])]
            check(len(paths) == 3, f"report.json: the latest files {paths}")
        else:
            check(r.body.startswith(b"\xef\xbb\xbf") and "330402-fq" in r.text,
                  "report.csv: no BOM or no venue")


# ---- OpenAPI ----

def openapi(srv):
    doc = yaml.safe_load(open(os.path.join(ROOT, "docs", "openapi.yaml")))
    check(str(doc.get("openapi", "")).startswith("3.0"), "docs/openapi.yaml is not OpenAPI 3.0")
    documented = set()
    for path, ops in doc.get("paths", {}).items():
        for method in ops:
            documented.add((method.upper(), re.sub(r"\{[^}]+\}", "{}", path)))
            r = call(method.upper(), srv.url + re.sub(r"\{[^}]+\}", "1", path),
                     b"" if method == "post" else None)
            check(r.status not in (404, 405),
                  f"openapi: {method.upper()} {path} is not routed ({r.status})")
            for code in ops[method].get("responses", {}):
                check(re.fullmatch(r"[1-5][0-9][0-9]", str(code)), f"openapi: status {code}")
    src = open(os.path.join(ROOT, "src", "serve_api.c"), encoding="utf-8").read()
    table = src[src.index("serve_api_routes[]"):]
    routed = set(re.findall(r'\{"([A-Z]+)", "(/api/[^"]*)"', table))
    check(routed and routed == documented,
          f"openapi: routes not documented {routed - documented}, documented not routed "
          f"{documented - routed}")


# ---- what holds for every answer ----

def every_answer(srv):
    """The answers so far, all from srv: checked, then forgotten."""
    secret = [srv.data_dir, os.path.realpath(srv.data_dir), os.path.dirname(srv.data_dir)]
    for method, url, r in answers:
        what = f"{method} {url.replace(srv.url, '')} ({r.status})"
        for name, want in SECURITY.items():
            check(want in (r.header(name) or ""), f"{what}: {name} is {r.header(name)!r}")
        if r.status >= 400 and r.status != 422:  # 422: the report, with its errors
            doc = body_json(r)
            check(isinstance(doc, dict) and isinstance(doc.get("error"), dict)
                  and doc["error"].get("status") == r.status,
                  f"{what}: the error is not the JSON error object")
        text = r.body.decode("utf-8", "replace") + str(r.headers)
        check(not any(s in text for s in secret), f"{what}: the answer names the data directory")
    del answers[:]


def with_curl(srv):
    """The API as its documentation calls it: a real curl, with no
    Content-Type of its own (curl then says urlencoded), and -F."""
    if not harness.have("curl", "curl", "the API through curl"):
        return
    import subprocess
    for args, what in ((["--data-binary", "@" + PASSING], "curl --data-binary"),
                       (["-F", "file=@" + PASSING], "curl -F file=@")):
        r = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}"] + args +
                           [srv.url + "/api/v1/check?name=shengfeng.yaml"],
                           capture_output=True, text=True)
        body, _, code = r.stdout.rpartition("\n")
        try:
            doc = json.loads(body)
        except ValueError:
            doc = {}
        check(r.returncode == 0 and code == "200" and
              doc.get("summary", {}).get("passing") == 1,
              f"{what}: {r.returncode} {code} {r.stderr[:100]} {body[:200]}")


def main():
    try:
        with sh.Server(BIN) as srv:
            checks(srv)
            with_curl(srv)
            daqiao, _ = submissions(srv)
            admin(srv, daqiao)
            openapi(srv)
            every_answer(srv)
        limit()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return summary("serve-api")


if __name__ == "__main__":
    sys.exit(main())
