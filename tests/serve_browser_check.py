#!/usr/bin/env python3
"""serve_browser_check.py - the clerk's and the county official's flows of
`venuecheck serve` in a real browser: Debian's Chromium, headless, driven
by Selenium through chromedriver.

    tests/serve_browser_check.py ./venuecheck [--screenshots]

What it proves, on a server with its own data directory (the examples'
venues imported with `venuecheck import`):
  - the county official opens the admin link, goes to the town 凤桥镇's
    page and makes its upload link with the form: the link is shown once
    (not again on the venue's page, which lists it by its label);
  - the clerk opens the upload link, downloads the blank template of the
    town's tier (the file lands in the download directory and openpyxl
    opens it), uploads a filled workbook through the page's file input
    (`venuecheck convert examples/towns/fengqiao.yaml`), and reads the
    result page: its to-do list names the rules `venuecheck check` fails
    on the same file, with their gaps (差 1 …), before the rules passed;
  - the ?lang=en switch shows the same result in English;
  - the admin link opens the dashboard, which shows the town and its
    status (failing 4 rules), and the county XLSX downloaded from it
    reads back with openpyxl with the town and its verdicts;
  - no page logs a console error (a CSP violation shows up there);
  - the result page prints (Chrome's printToPDF, A4) to a PDF holding
    the to-do list (pdftotext).
With --screenshots it also writes examples/screenshots/serve-result.png
and serve-dashboard.png (full page, 1280 px wide) for the README.
"""
import base64, glob, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import serve_harness as sh
from harness import check, summary

BIN = sys.argv[1] if len(sys.argv) > 1 else "./venuecheck"
SCREENSHOTS = "--screenshots" in sys.argv
EX = os.path.join(harness.ROOT, "examples")
# The examples' venues (examples/broken holds a duplicate, which import
# refuses: an import is all or nothing).
VENUE_DIRS = [os.path.join(EX, d) for d in ("city", "county", "towns", "villages")]
TOWN_FILE = os.path.join(EX, "towns", "fengqiao.yaml")
TOWN, TOWN_NAME = "330402-fq", "凤桥镇文化站"
A4 = {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}

openpyxl = harness.need("openpyxl", "python3-openpyxl", "browser")
selenium = harness.need("selenium", "python3-selenium", "browser")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402




def cli_failing(path, extra=()):
    """The rules `venuecheck check` does not pass for path, with their gap
    texts: {rule: text}."""
    import json
    r = harness.run(BIN, ["check", "--format", "json"] + list(extra) + [path])
    j = json.loads(r.stdout)
    return {x["rule"]: x["text"] for x in j["files"][0]["results"] if x["verdict"] != "pass"}


def browser(download_dir):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--window-size=1280,1000"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    d.set_page_load_timeout(30)
    d.implicitly_wait(5)  # an element of a page still loading after a click
    return d


def wait_download(download_dir, suffix, before, timeout=20):
    """The new complete file ending in suffix in download_dir."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        new = [f for f in glob.glob(os.path.join(download_dir, "*" + suffix))
               if f not in before]
        if new and not glob.glob(os.path.join(download_dir, "*.crdownload")):
            return new[0]
        time.sleep(0.1)
    return None


def console_errors(d, where):
    """No SEVERE entry in the console log since the last look, but the
    browser's own request for /favicon.ico (no page asks for it)."""
    errs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"
            and "/favicon.ico" not in e.get("message", "")]
    check(not errs, "%s: no console errors (%s)" % (where, [e.get("message") for e in errs][:3]))


def body_text(d):
    return d.find_element(By.TAG_NAME, "body").text


def full_page_png(d, path):
    """A full-page screenshot 1280 px wide (the page's whole height)."""
    h = d.execute_script("return Math.max(document.body.scrollHeight, "
                         "document.documentElement.scrollHeight)")
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": 1280, "height": int(h), "deviceScaleFactor": 1, "mobile": False})
    shot = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    try:  # 64 colours are plenty for a page of text: a third of the bytes
        from PIL import Image
        Image.open(path).convert("RGB").quantize(64).save(path, optimize=True)
    except ImportError:
        pass


def click_link(d, href_part):
    """Follow the first link whose href contains href_part; False if none."""
    for a in d.find_elements(By.TAG_NAME, "a"):
        if href_part in (a.get_attribute("href") or ""):
            a.click()
            return True
    return False


def step_admin_link(d, srv):
    """The county official makes the town's upload link in the browser:
    dashboard -> the town's page -> its link form (a label) -> the page
    that shows the new link once.  The token of that link."""
    d.get(srv.admin_url)
    if not check(click_link(d, "/venue/%s" % TOWN), "the dashboard links the town's admin page"):
        return None
    label = d.find_element(By.CSS_SELECTOR, "form[action*='/links'] input[name=label]")
    label.send_keys("凤桥镇 文化员")
    label.find_element(By.XPATH, "./ancestor::form").find_element(
        By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
    m, deadline = None, time.time() + 15
    while not m and time.time() < deadline:  # the form's answer is loading
        m = re.search(r"/u/([A-Za-z0-9_-]{22})\b", d.page_source)
        time.sleep(0.1)
    check(m, "the new link's page shows the link /u/TOKEN once (%s: %s)"
          % (d.current_url, body_text(d)[:200]))
    console_errors(d, "admin pages")
    if m:
        d.get(srv.admin_url + "/venue/" + TOWN)
        check(m.group(1) not in d.page_source, "the venue page does not show the link again")
        check("凤桥镇 文化员" in body_text(d), "the venue page lists the link by its label")
    return m.group(1) if m else None


def step_template(d, srv, token, dl):
    d.get(srv.url + "/u/" + token)
    check(d.title != "", "the upload link opens a page with a title")
    text = body_text(d)
    check(TOWN_NAME in text, "the upload page names the town %s" % TOWN_NAME)
    console_errors(d, "upload page")
    before = set(glob.glob(os.path.join(dl, "*")))
    if not check(click_link(d, "/template/%s.xlsx" % TOWN),
                 "the upload page links the town's template /u/TOKEN/template/%s.xlsx" % TOWN):
        return
    got = wait_download(dl, ".xlsx", before)
    if not check(got is not None, "the template lands in the download directory"):
        return
    wb = openpyxl.load_workbook(got)
    check(len(wb.sheetnames) >= 2, "openpyxl opens the template (sheets %s)" % wb.sheetnames)
    cells = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows(max_row=40)
                     for c in row if c.value is not None)
    check(TOWN in cells or TOWN_NAME in cells or "town" in cells,
          "the template is the town tier's (pre-filled id or tier)")


def step_upload(d, srv, token, workbook, failing):
    """Upload through the file input; the result page; True if reached."""
    d.get(srv.url + "/u/" + token)
    inputs = d.find_elements(By.CSS_SELECTOR, "input[type=file]")
    if not check(inputs, "the upload page has a file input"):
        return False
    inputs[0].send_keys(workbook)
    form = inputs[0].find_element(By.XPATH, "./ancestor::form")
    buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit], button:not([type])")
    if buttons:
        buttons[0].click()
    else:
        form.submit()
    deadline = time.time() + 20
    while time.time() < deadline and "/s/" not in d.current_url:
        time.sleep(0.1)
    if not check(re.search(r"/u/%s/s/\d+" % re.escape(token), d.current_url),
                 "the upload ends on its result page /u/TOKEN/s/ID (at %s)" % d.current_url):
        return False
    text = body_text(d)
    check(TOWN_NAME in text, "the result page names the town")
    for rule, gap in failing.items():
        check(rule in text, "the result page names the failing rule %s" % rule)
        if gap:
            check(gap in text, "the result page shows the gap %s" % gap)
    check(re.search(r"差\s*\d", text), "the result page shows a 差 … gap")
    todo = d.find_elements(By.CSS_SELECTOR, "section.todo")
    if check(todo, "the result page has a to-do list (section.todo)"):
        ids = set(re.findall(r"\btown\.[a-z_]+\.[a-z_]+", todo[0].text))
        check(ids == set(failing), "the to-do list holds exactly the rules check fails (%s)"
              % sorted(ids ^ set(failing)))
    first_fail = min((text.find(r) for r in failing if r in text), default=-1)
    check(0 <= first_fail < text.find("town.open.notice"),
          "the to-do list (failing rules) comes before the rules passed")
    console_errors(d, "result page")
    return True


def step_print(d, tmp, failing):
    pdf = d.execute_cdp_cmd("Page.printToPDF", A4)
    data = base64.b64decode(pdf["data"])
    check(data.startswith(b"%PDF"), "the result page prints to a PDF (A4)")
    path = os.path.join(tmp, "result.pdf")
    with open(path, "wb") as f:
        f.write(data)
    if harness.have("pdftotext", "poppler-utils", "the printed result's text"):
        txt = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
        check(all(r in txt for r in failing), "the printed PDF holds the to-do list's rules")
        size = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", size)
        check(m and abs(float(m.group(1)) - 595) < 3 and abs(float(m.group(2)) - 842) < 3,
              "the PDF's pages are A4 (%s)" % (m.group(0) if m else size))


def step_english(d, result_url):
    d.get(result_url)
    if not click_link(d, "lang=en"):
        d.get(result_url + "?lang=en")
    else:
        deadline = time.time() + 10
        while "lang=en" not in d.current_url and time.time() < deadline:
            time.sleep(0.1)
        check("lang=en" in d.current_url, "the English switch is a link to ?lang=en")
    text = body_text(d)
    check("short by 1" in text, "in English the gap reads 'short by 1 …'")
    check("未通过" not in text, "the English page has no Chinese verdicts")
    console_errors(d, "result page in English")


def step_dashboard(d, srv, dl, failing):
    """The county's view: the town's latest upload judged in the county
    batch, as `check --complete` judges it (its villages, not submitted,
    make the rules that read them MISSING): failing holds those rules."""
    d.get(srv.admin_url)
    text = body_text(d)
    check(TOWN_NAME in text, "the dashboard shows the town %s" % TOWN_NAME)
    line = next((l for l in text.splitlines() if TOWN_NAME in l), "")
    check(re.search(r"%d\s*项不符合" % len(failing), line),
          "the dashboard shows the town with %d rules not met, as check --complete (%r)"
          % (len(failing), line))
    check("未提交" in text, "the dashboard shows the venues not yet submitted")
    check("嘉兴" in text or "南湖" in text, "the dashboard shows the tree above the town")
    console_errors(d, "dashboard")
    before = set(glob.glob(os.path.join(dl, "*")))
    if not check(click_link(d, "/report.xlsx"), "the dashboard links the county XLSX"):
        return
    got = wait_download(dl, ".xlsx", before)
    if not check(got is not None, "the county XLSX lands in the download directory"):
        return
    wb = openpyxl.load_workbook(got)
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
             for c in row if c.value is not None]
    joined = "\n".join(cells)
    check(TOWN in joined or TOWN_NAME in joined, "the county XLSX has the town")
    check(all(r in joined for r in failing), "the county XLSX has the town's failing rules")
    check(any(v in cells for v in ("未通过", "fail", "FAIL")), "the county XLSX has fail verdicts")


def step(fn, *args):
    """Run one step of the flow; an exception (an element not found, a
    timeout) is a failure of that step, and the value is None."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - any error of a step is a failure
        check(False, "%s raised %s: %s" % (fn.__name__, type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
        return None


def main():
    if not os.path.exists(BIN):
        print("usage: serve_browser_check.py ./venuecheck [--screenshots]")
        return 2
    if not (harness.have("chromium", "chromium", "the browser test")
            and harness.have("chromedriver", "chromium-driver", "the browser test")):
        return summary("browser")
    tmp = tempfile.mkdtemp(prefix="vc-browser-")
    dl = os.path.join(tmp, "downloads")
    os.makedirs(dl)
    workbook = os.path.join(tmp, "fengqiao.xlsx")
    r = harness.run(BIN, ["convert", TOWN_FILE, "-o", workbook])
    check(r.returncode == 0, "convert makes the filled workbook (%s)" % r.stderr)
    failing = cli_failing(workbook)
    check(len(failing) == 4, "check of the workbook fails 4 rules (%s)" % sorted(failing))
    d = None
    try:
        with sh.Server(BIN) as srv:
            r = harness.run(BIN, ["import", "--data", srv.data_dir] + VENUE_DIRS)
            check(r.returncode == 0, "import of examples/ (exit %d: %s)" % (r.returncode, r.stderr))
            d = browser(dl)
            # The link made on the admin's page; the command line's if
            # that failed (so that the clerk's steps are still tried).
            token = step(step_admin_link, d, srv) or sh.make_link(BIN, srv.data_dir, TOWN)
            step(step_template, d, srv, token, dl)
            if step(step_upload, d, srv, token, workbook, failing):
                result_url = d.current_url.split("?")[0]
                if SCREENSHOTS:
                    step(full_page_png, d, os.path.join(EX, "screenshots", "serve-result.png"))
                step(step_print, d, tmp, failing)
                step(step_english, d, result_url)
            step(step_dashboard, d, srv, dl, cli_failing(workbook, ["--complete"]))
            if SCREENSHOTS:
                d.get(srv.admin_url)
                step(full_page_png, d, os.path.join(EX, "screenshots", "serve-dashboard.png"))
    finally:
        if d is not None:
            d.quit()
        shutil.rmtree(tmp, ignore_errors=True)
    return summary("browser")


if __name__ == "__main__":
    sys.exit(main())
