#!/usr/bin/env python3
"""html_print_check.py - the `html` report as a clerk or an official
prints it: Debian's chromium (headless) prints the report of the shipped
examples to PDF, in Chinese and in English, and poppler reads back each
word's box.  Every page must be A4 and print its Chinese at 9 pt or more;
a table that runs onto the next page repeats its header there (every page
with a rule row has the header's 实测 / Measured); rule ids are whole; each
venue starts a page; a verdict is a word on paper, not a colour only.

The measure is print_check.py's (the XLSX report): a CJK ideograph is one
em wide, so a word of n ideographs is n x the font size wide.

usage: html_print_check.py BINARY   (run from the repository root)"""
import os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402
from print_check import A4, MIN_PT, glyph_pt, pages, rule_ids  # noqa: E402

BIN = sys.argv[1]
RULE_ID = re.compile(r"^(city|county|town|village)\.[a-z_.]+$")


BASELINE = "tests/e2e/baseline/examples-old.json"
TREE = ["examples/city", "examples/county", "examples/towns", "examples/villages"]


def render(tmp, lang, name="report", args=None):
    """The report of examples/ in LANG (or the run ARGS) printed to PDF:
    its word boxes."""
    page = os.path.join(tmp, "%s-%s.html" % (name, lang))
    pdf = os.path.join(tmp, "%s-%s.pdf" % (name, lang))
    args = args or ["check"] + TREE + ["examples/broken"]
    r = harness.run(BIN, args + ["--lang", lang, "-o", page])
    if not check(os.path.exists(page), "check -o report.html (%s): %s" % (lang, r.stderr[-300:])):
        return None
    # No header or footer: chromium's would print the date and the path.
    r = subprocess.run(["timeout", "300", "chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--no-pdf-header-footer",
                        "--user-data-dir=" + os.path.join(tmp, "profile-%s-%s" % (name, lang)),
                        "--print-to-pdf=" + pdf, "file://" + page],
                       capture_output=True, text=True, env=harness.env(HOME=tmp))
    if not check(os.path.exists(pdf), "chromium prints the report to PDF: %s" % r.stderr[-300:]):
        return None
    return subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                          text=True).stdout


def ideograph_sizes(words):
    return [(x1 - x0) / len(t) for x0, _, x1, _, t in words
            if t and all(0x3400 <= ord(c) <= 0x9FFF for c in t)]


def scale_check(ps, lang):
    """Printed at 100%: a page wider than the paper would be shrunk to fit
    by the browser, and the 11 pt body with it (to 7.4 pt once, in
    English, when measures did not wrap)."""
    sizes = [x for _, _, words in ps for x in ideograph_sizes(words)]
    body = sum(1 for x in sizes if abs(x - 11.0) < 0.15)
    check(body > 0 and min(sizes) > 9.9, "%s: printed at 100%%: body at 11 pt (%d "
          "words), the smallest Chinese at its 10 pt (%.2f), not shrunk to fit"
          % (lang, body, min(sizes)))


def page_checks(ps, lang):
    for i, (w, h, words) in enumerate(ps, 1):
        check(abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5,
              "%s page %d is A4 portrait: %.1f x %.1f pt" % (lang, i, w, h))
        size = glyph_pt(words)
        check(size is None or size >= MIN_PT,
              "%s page %d prints its Chinese at %.2f pt, under %g pt" % (lang, i, size or 0, MIN_PT))
        off = [t for x0, y0, x1, y1, t in words if x0 < 0 or x1 > w + 0.5 or y1 > h + 0.5]
        check(not off, "%s page %d: text past the page edge: %s" % (lang, i, off[:3]))


def header_checks(ps, lang):
    """A table's header on every page its rows are on (thead repeated)."""
    head = "实测" if lang == "zh" else "Measured"
    # (The roll-ups at the end list rule ids under a header of their own.)
    rollup = "汇总：" if lang == "zh" else "Roll-up:"
    venues = []
    for p in ps:
        if any(t.startswith(rollup) for *_, t in p[2]):
            break
        venues.append(p)
    check(len(venues) < len(ps), "%s: the roll-ups come last" % lang)
    missing = [i for i, (_, _, words) in enumerate(venues, 1)
               if any(RULE_ID.match(t) for *_, t in words)
               and not any(t == head for *_, t in words)]
    check(not missing, "%s: every page with rule rows has the header %s: not %s"
          % (lang, head, missing))
    # Some table did run onto a next page (else the check proves nothing):
    # a page whose first row is a rule's, under a repeated header.
    runs = 0
    for _, _, words in ps:
        ws = sorted(words, key=lambda b: (b[1], b[0]))
        first = [t for *_, t in ws[:12]]
        if head in first and not any(t.startswith(("全部条款", "Every")) for t in first):
            runs += 1
    check(runs > 0, "%s: a table runs onto a next page (%d page(s) start with its header)"
          % (lang, runs))


def content_checks(ps, lang):
    printed = [t for _, _, words in ps for *_, t in words]
    ids = set(rule_ids())
    shown = {t for t in printed if RULE_ID.match(t)}
    check(len(shown) > 100 and shown <= ids, "%s: %d rule ids printed whole" % (lang, len(shown)))
    fail = "未通过" if lang == "zh" else "FAIL"
    check(printed.count(fail) >= 5 and "✗" in printed,
          "%s: a failure is printed as its word and its symbol, not as a colour" % lang)
    # Each venue's section starts a page: its heading is at the top.
    title = "文件：" if lang == "zh" else "file:"
    tops = sum(1 for _, _, words in ps
               if any(t.startswith(title) for *_, t in sorted(words, key=lambda b: b[1])[:40]))
    check(tops >= 18, "%s: each of the 18 venues starts a page (%d do)" % (lang, tops))


def baseline_prints(tmp):
    """check --baseline's report (a 整改情况 column and tables more) and
    diff's page print on A4 at 100% too: nothing past the edge, not
    shrunk, the marks printed as words."""
    for name, args in (("baseline", ["check", "--baseline", BASELINE] + TREE),
                       ("diff", ["diff", BASELINE, "tests/e2e/baseline/examples-new.json"])):
        text = render(tmp, "zh", name, args)
        if text is None:
            continue
        ps = pages(text)
        page_checks(ps, name)
        scale_check(ps, name)
        printed = [t for _, _, words in ps for *_, t in words]
        check("仍未整改" in printed and "已整改" in printed and "新增" in printed,
              "%s: the marks are printed as words" % name)


def main():
    if not (harness.have("chromium", "chromium", "printing the html report")
            and harness.have("pdftotext", "poppler-utils", "reading the printed report")):
        return summary("html-print")
    tmp = tempfile.mkdtemp(prefix="vc-html-print-")
    try:
        for lang in ("zh", "en"):
            text = render(tmp, lang)
            if text is None:
                continue
            ps = pages(text)
            print("html %s: %d A4 pages, Chinese at %s pt (smallest per page)" % (
                lang, len(ps), " ".join("%.1f" % g if g else "-"
                                        for g in (glyph_pt(w) for _, _, w in ps))))
            check(len(ps) > 18, "%s: the report prints on more pages than venues: %d" % (lang, len(ps)))
            page_checks(ps, lang)
            scale_check(ps, lang)
            header_checks(ps, lang)
            content_checks(ps, lang)
        baseline_prints(tmp)
    finally:
        shutil.rmtree(tmp)
    return summary("html-print")


if __name__ == "__main__":
    sys.exit(main())
