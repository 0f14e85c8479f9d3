#!/usr/bin/env python3
"""print_check.py - the XLSX report as officials print it: LibreOffice
renders the report of the shipped examples (examples/, the whole tree and
its broken file, so every sheet is there) to PDF, and poppler reads back
each word's box.  Every page must be A4 and print its Chinese at 9 pt or
more; the rule ids must be whole; gnumeric's re-save keeps the chart.

The measure: a CJK ideograph is a full-width glyph, one em wide, so a word
of n ideographs (pdftotext -bbox splits words at spaces and script changes)
is n x the font size wide.  Its height would say more than the size: the box
is the font's ascent + descent, about 1.3 em for the CJK fallback fonts.

usage: print_check.py BINARY   (run from the repository root)"""
import html, os, re, shutil, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = sys.argv[1]
MIN_PT = 9.0
A4 = (595.3, 841.9)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def ideographs(text):
    return bool(text) and all(0x3400 <= ord(c) <= 0x9FFF for c in text)


def pages(bbox_html):
    """Per page: (width, height, [(x0, y0, x1, y1, text)])."""
    out = []
    for p in re.split(r"<page ", bbox_html)[1:]:
        w, h = map(float, re.match(r'width="([\d.]+)" height="([\d.]+)"', p).groups())
        words = [tuple(map(float, m.groups()[:4])) + (html.unescape(m.group(5)),)
                 for m in WORD.finditer(p)]
        out.append((w, h, words))
    return out


def glyph_pt(words):
    """The smallest CJK glyph size on a page (see the docstring), or None."""
    sizes = [(x1 - x0) / len(t) for x0, _, x1, _, t in words if ideographs(t)]
    return min(sizes) if sizes else None


def render(tmp, xlsx):
    r = subprocess.run(["timeout", "300", "soffice", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", tmp, xlsx],
                       capture_output=True, text=True, env=harness.env(HOME=tmp))
    pdf = os.path.splitext(xlsx)[0] + ".pdf"
    if not check(os.path.exists(pdf), "LibreOffice renders the report to PDF: %s" % r.stderr[-300:]):
        return None
    return subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                          text=True).stdout


def rule_ids():
    ids = []
    for line in open("rules/jiaxing-2015.yaml", encoding="utf-8"):
        m = re.match(r"^  - id: (\S+)", line)
        if m:
            ids.append(m.group(1))
    return ids


def rule_texts():
    """Every rule's clause and note, for the rows that wrap."""
    yaml = harness.need("yaml", "python3-yaml", "print")
    pack = yaml.safe_load(open("rules/jiaxing-2015.yaml", encoding="utf-8"))
    return [t for r in pack["rules"] for t in (r.get("clause"), r.get("note")) if t]


def print_checks(tmp, xlsx, lang):
    """Every page of the report in LANG (zh, en): A4, Chinese at 9 pt or
    more, nothing past the edge, rule ids whole, wrapped rows whole."""
    text = render(tmp, xlsx)
    if text is None:
        return None
    ps = pages(text)
    print("%s: %d pages, Chinese at %s pt" % (lang, len(ps), " ".join(
        "%.1f" % g if g else "-" for g in (glyph_pt(words) for _, _, words in ps))))
    check(len(ps) > 5, "the report prints on several pages, got %d" % len(ps))
    for i, (w, h, words) in enumerate(ps, 1):
        check(abs(min(w, h) - A4[0]) < 1 and abs(max(w, h) - A4[1]) < 1,
              "page %d is A4: %.1f x %.1f pt" % (i, w, h))
        size = glyph_pt(words)
        check(size is None or size >= MIN_PT,
              "page %d prints its Chinese at %.2f pt, under %g pt (first word: %s)"
              % (i, size or 0, MIN_PT, words[0][4] if words else ""))
        # Each page's text lies inside the page: nothing runs off its edge.
        off = [t for x0, y0, x1, y1, t in words if x0 < 0 or x1 > w + 0.5 or y1 > h + 0.5]
        check(not off, "page %d: text past the page edge: %s" % (i, off[:3]))
    # Every rule id appears whole (a cut id would be a prefix only): the
    # 规则 sheet, the to-do list and the roll-ups print each in one word.
    printed = {t for _, _, words in ps for *_, t in words}
    ids = rule_ids()
    cut = [i for i in ids if i not in printed]
    check(len(ids) > 100 and not cut, "every rule id printed whole, not: %s" % cut[:5])
    # Rows grow to their wrapped text: a row too short would clip its last
    # line, so the end of every clause and note of 规则 is on paper.  (In
    # poppler's reading order a wrapped cell's lines stay together only
    # where its neighbours do not wrap too: so in Chinese, whose tier and
    # category names are one line.)
    if lang == "zh":
        flat = "".join(t for _, _, words in ps for *_, t in words)
        clipped = [t for t in rule_texts() if re.sub(r"\s", "", t)[-8:] not in flat]
        check(not clipped, "every clause and note printed to its end, not: %s"
              % [c[:20] for c in clipped[:3]])
    # The to-do list's id column too: the county's failing art_classes is
    # on 问题清单 and on 规则, whole both times (it was cut to art_cl).
    n = sum(t == "county.training.art_classes" for _, _, words in ps for *_, t in words)
    check(n >= 2, "county.training.art_classes printed whole on 问题清单 and 规则: %d time(s)" % n)
    return ps


def layout_checks(ps):
    """The Chinese report's sheets: the chart once, no venue header over
    the roll-ups."""
    # The chart's page: its title on 分组统计's first page, under the tables.
    chart = [(i, y0) for i, (_, _, words) in enumerate(ps, 1)
             for x0, y0, x1, y1, t in words if t == "各层级通过率"]
    check(len(chart) == 1, "the chart is printed once: %s" % chart)
    # 汇总's header is printed over venue rows only: no 上级编号 header on
    # a page with the roll-ups' blocks.
    for i, (_, _, words) in enumerate(ps, 1):
        texts = {t for *_, t in words}
        check(not ("按上级" in texts and "年度" in texts),
              "page %d mixes 汇总's venue header with the roll-ups" % i)


def gnumeric_checks(tmp, xlsx):
    out = os.path.join(tmp, "resaved.xlsx")
    r = subprocess.run(["timeout", "120", "ssconvert", xlsx, out], capture_output=True,
                       text=True, env=harness.env(HOME=tmp))
    if not check(r.returncode == 0 and os.path.exists(out),
                 "gnumeric re-saves the report: %s" % r.stderr[-300:]):
        return
    z = zipfile.ZipFile(out)
    names = z.namelist()
    charts = [n for n in names if re.match(r"xl/charts/chart\d+\.xml$", n)]
    check(charts, "the re-saved report keeps a chart part: %s" % [n for n in names if "chart" in n or "drawing" in n])
    if charts:
        xml = z.read(charts[0]).decode("utf-8", "replace")
        check("barChart" in xml and "分组统计" in xml,
              "the re-saved chart is a column chart of 分组统计's tier rates")
    drawings = [n for n in names if n.startswith("xl/drawings/drawing")]
    check(drawings, "and the drawing that places it")


def trend_print_checks(tmp):
    """venuecheck trend's workbook printed: A4, Chinese at 9 pt or more,
    nothing past the edge, every venue id and the 变化 column on paper."""
    xlsx = os.path.join(tmp, "trend.xlsx")
    years = ["examples/years/2023", "examples/city", "examples/county", "examples/towns",
             "examples/villages", "examples/years/2025"]
    r = harness.run(BIN, ["trend", "-o", xlsx] + years)
    check(r.returncode == 1 and os.path.exists(xlsx), "the trend workbook (exit 1: 2025 fails)")
    text = render(tmp, xlsx)
    if text is None:
        return
    ps = pages(text)
    print("trend: %d pages, Chinese at %s pt" % (len(ps), " ".join(
        "%.1f" % g if g else "-" for g in (glyph_pt(words) for _, _, words in ps))))
    for i, (w, h, words) in enumerate(ps, 1):
        check(abs(min(w, h) - A4[0]) < 1 and abs(max(w, h) - A4[1]) < 1 and w > h,
              "trend page %d is A4 landscape: %.1f x %.1f pt" % (i, w, h))
        size = glyph_pt(words)
        check(size is None or size >= MIN_PT, "trend page %d: Chinese at %.2f pt" % (i, size or 0))
        off = [t for x0, y0, x1, y1, t in words if x0 < 0 or x1 > w + 0.5 or y1 > h + 0.5]
        check(not off, "trend page %d: text past the page edge: %s" % (i, off[:3]))
    printed = [t for _, _, words in ps for *_, t in words]
    ids = ["3304", "330402", "330402-qx", "330402-qx-xc", "330402-yx-yb"]
    check(all(i in printed for i in ids), "the venue ids printed whole")
    # The change column is on the page of its venues, not pushed to one of its own.
    pages_with = [n for n, (_, _, words) in enumerate(ps) if any(t == "变化" for *_, t in words)]
    venue_pages = [n for n, (_, _, words) in enumerate(ps) if any(t == "330402-qx-xc" for *_, t in words)]
    check(pages_with and pages_with == venue_pages[:len(pages_with)],
          "变化 prints beside the venues: pages %s and %s" % (pages_with, venue_pages))


def baseline_prints(tmp):
    """check --baseline's workbook (its 整改跟踪 sheet among the others) and
    diff's print like the rest: A4, Chinese at 9 pt or more."""
    old = "tests/e2e/baseline/examples-old.json"
    tree = ["examples/city", "examples/county", "examples/towns", "examples/villages"]
    base = os.path.join(tmp, "baseline.xlsx")
    harness.run(BIN, ["check", "--baseline", old, "-o", base] + tree,
                env=harness.env(SOURCE_DATE_EPOCH="1732406400"))
    ps = print_checks(tmp, base, "zh, --baseline")
    if ps:
        flat = {t for _, _, words in ps for *_, t in words}
        check({"整改跟踪", "仍未整改", "已整改"} <= flat, "整改跟踪 is printed (its name in the footer, its marks)")
    diff = os.path.join(tmp, "diff.xlsx")
    harness.run(BIN, ["diff", "-o", diff, old, "tests/e2e/baseline/examples-new.json"])
    text = render(tmp, diff)
    if text is None:
        return
    dps = pages(text)
    check(dps, "diff's workbook prints")
    for i, (w, h, words) in enumerate(dps, 1):
        size = glyph_pt(words)
        check(abs(min(w, h) - A4[0]) < 1 and (size is None or size >= MIN_PT),
              "diff's page %d: A4, Chinese at %.2f pt" % (i, size or 0))


def main():
    tmp = tempfile.mkdtemp()
    xlsx = os.path.join(tmp, "report.xlsx")
    r = harness.run(BIN, ["check", "--year", "2024", "-o", xlsx, "examples/"],
                    env=harness.env(SOURCE_DATE_EPOCH="1732406400"))
    check(r.returncode == 2 and os.path.exists(xlsx), "the examples' report (exit 2: broken/)")
    if harness.have("soffice", "libreoffice-calc-nogui", "the report printed by LibreOffice") and \
            harness.have("pdftotext", "poppler-utils", "the printed glyph size"):
        ps = print_checks(tmp, xlsx, "zh")
        if ps:
            layout_checks(ps)
        # The English labels are wider (the headers grow their columns).
        en = os.path.join(tmp, "report-en.xlsx")
        harness.run(BIN, ["check", "--year", "2024", "--lang", "en", "-o", en, "examples/"])
        print_checks(tmp, en, "en")
        trend_print_checks(tmp)
        baseline_prints(tmp)
    if harness.have("ssconvert", "gnumeric", "the chart after gnumeric's re-save"):
        gnumeric_checks(tmp, xlsx)
    shutil.rmtree(tmp, ignore_errors=True)
    return summary("print")


# (html_print_check.py imports the measure.)
if __name__ == "__main__":
    sys.exit(main())
