#!/usr/bin/env python3
"""html_check.py - the `html` report (check -o report.html): picked by the
extension (.html, .htm) or --format html, to a file or standard output;
well-formed (every element closed in order, attributes quoted, ids
unique, every #link has its target; xmllint's HTML parser finds no error
but the HTML5 element names it does not know); self-contained (no script,
no external resource); strict UTF-8 even for a GBK file name; the same
bytes twice; and a venue named <script>alert(1)</script> shown as text.
With --baseline: every marking of the 整改情况 tables (新增, 已整改,
仍未整改 with the gap then and now, 新增条款, 不再检查), a venue added and
one gone, the summary's column and the roll-ups' counts, in both languages;
without one, none of it.

usage: html_check.py BINARY   (run from the repository root)"""
import html.parser, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = sys.argv[1]
# The shipped examples of one year (examples/years holds others) and the
# broken file: 18 venues, 2 invalid files.
EXAMPLES = ["examples/city", "examples/county", "examples/towns", "examples/villages",
            "examples/broken"]
VOID = {"meta", "link", "br", "hr", "img", "input", "col", "wbr"}
# Elements whose end tag HTML lets out; this writer never does, so none.
HTML5 = {"section", "nav", "header", "footer", "main", "article"}


class Strict(html.parser.HTMLParser):
    """Collects what is not well-formed: a tag closed out of order, an
    attribute without quotes, an id twice, a link to no id."""

    def __init__(self, raw):
        super().__init__(convert_charrefs=True)
        self.raw = raw
        self.stack, self.errors, self.ids, self.links = [], [], set(), []
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        text = self.get_starttag_text()
        for name, value in attrs:
            if value is not None and not re.search(r'\b%s="' % re.escape(name), text):
                self.errors.append("unquoted attribute %s in %s" % (name, text))
            if name == "id":
                if value in self.ids:
                    self.errors.append("id %s twice" % value)
                self.ids.add(value)
            if name == "href":
                self.links.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s at line %d" % (
                tag, self.stack[-1] if self.stack else "nothing", self.getpos()[0]))
            return
        self.stack.pop()

    def close(self):
        super().close()
        if self.stack:
            self.errors.append("left open: %s" % self.stack)
        for h in self.links:
            if not h.startswith("#") or h[1:] not in self.ids:
                self.errors.append("link to %s: not an id of the page" % h)


def wellformed(text, what):
    p = Strict(text)
    p.feed(text)
    p.close()
    check(not p.errors, "%s is well-formed: %s" % (what, p.errors[:5]))
    check(text.startswith("<!DOCTYPE html>\n<html lang="), "%s starts with <!DOCTYPE html>" % what)
    check('<meta charset="utf-8">' in text and 'name="viewport"' in text,
          "%s names its charset and viewport" % what)
    # Self-contained: its style inline, nothing fetched, nothing run.
    check("<style>" in text and "<link" not in text, "%s inlines its style sheet" % what)
    check(not re.search(r"<script|\bsrc=|\bon[a-z]+=|https?://|url\(", text, re.I),
          "%s holds no script and no external resource" % what)
    return p


def xmllint(path, what):
    if not harness.have("xmllint", "libxml2-utils", "xmllint --html"):
        return
    r = subprocess.run(["xmllint", "--html", "--noout", path], capture_output=True, text=True)
    # libxml2's HTML 4 parser does not know HTML5's section or nav: those
    # lines only; anything else it says is an error of ours.
    lines = [l for l in r.stderr.splitlines() if "error" in l.lower()]
    bad = [l for l in lines if not re.search(r"Tag (%s) invalid" % "|".join(HTML5), l)]
    check(not bad, "xmllint --html reads %s without errors: %s" % (what, bad[:3]))


def run(args, **kw):
    return harness.run(BIN, args, **kw)


def main():
    tmp = tempfile.mkdtemp(prefix="vc-html-")
    try:
        files(tmp)
        hostile(tmp)
        baseline(tmp)
    finally:
        shutil.rmtree(tmp)
    return summary("html")


def files(tmp):
    # The extension picks the format; to a file, the command says so.
    for ext in ("html", "htm", "HTML"):
        out = os.path.join(tmp, "report." + ext)
        r = run(["check", "-o", out] + EXAMPLES)
        check(r.returncode == 2, "examples/ (a broken file among them) exits 2, got %d" % r.returncode)
        if not check(os.path.exists(out), "check -o report.%s writes the report" % ext):
            continue
        raw = open(out, "rb").read()
        text = raw.decode("utf-8")
        p = wellformed(text, "report." + ext)
        check({"table", "thead", "tbody", "section", "h1", "h2"} <= p.tags,
              "report.%s has its tables and sections" % ext)
    xmllint(os.path.join(tmp, "report.html"), "the report of examples/")
    first = open(os.path.join(tmp, "report.html"), "rb").read()
    # --format html to standard output: the same bytes (deterministic).
    r = run(["check", "--format", "html"] + EXAMPLES, text=False)
    check(r.stdout == first, "--format html on standard output is the file's bytes, again")
    text = first.decode("utf-8")
    # The summary before every venue's section, a link to each.
    check(text.index('<table class="summary">') < text.index('<section class="venue">'),
          "the batch summary comes first")
    n = len(re.findall(r'<section class="venue', text))
    links = len(re.findall(r'<td><a href="#s\d+">', text))
    check(n == 20 and links == 20, "20 files, 20 sections, 20 links: %d, %d" % (n, links))
    check("汇总：南湖区文化馆（330402）及所辖场馆" in text and "通过率" in text,
          "the county's roll-up is there")
    check("差 " in text and "待办事项" in text, "to-do lists with their gaps")
    # English throughout with --lang en.
    r = run(["check", "-f", "html", "--lang", "en"] + EXAMPLES)
    en = r.stdout
    wellformed(en, "the English report")
    check('<html lang="en">' in en and "To do (" in en and "short by" in en,
          "the English report says To do and short by")
    check(not re.search(r"待办事项|未通过|差 \d", en), "no Chinese label in the English report")


def hostile(tmp):
    # A name of markup, an id of quotes, a GBK file name.
    d = os.path.join(tmp, "in")
    os.mkdir(d)
    name = os.path.join(d.encode(), "\u5927".encode("gbk") + b"<i>.yaml")
    with open(name, "w", encoding="utf-8") as f:
        f.write('venue:\n  id: "x\\"1\'"\n  name: "<script>alert(1)</script>"\n'
                '  tier: village\n  year: 2024\nfacts:\n  administrators: 0\n')
    out = os.path.join(tmp, "h.html")
    r = run(["check", "-o", out, d])
    check(r.returncode == 1, "the hostile village fails its rules: %d %s" % (r.returncode, r.stderr[-200:]))
    raw = open(out, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, "the report of a GBK file name is UTF-8: %s" % e)
        return
    wellformed(text, "the report of a hostile village")
    check("<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text,
          "<script>alert(1)</script> is shown as text")
    check("x&quot;1&#39;" in text, "the id's quotes are escaped")
    check("\ufffd&lt;i&gt;.yaml" in text and "<i>" not in text,
          "the GBK byte shows as U+FFFD, the <i> of the name as text")


BASELINE = "tests/e2e/baseline/examples-old.json"
YEAR_2024 = EXAMPLES[:4]


def change_rows(text, venue_id):
    """The 整改情况 rows of venue_id's section: (mark, rule, then, now)."""
    start = text.index("（%s）· " % venue_id)
    end = text.find('<div class="page-start"', start)
    sec = text[start:end if end > 0 else len(text)]
    rows = re.findall(r'<tr class="c-[a-z]+"><td><span class="change c-[a-z]+">([^<]*)</span></td>'
                      r'<td><span class="rid">([^<]*)</span>[^<]*</td>'
                      r'<td class="gap">([^<]*)</td><td class="gap">([^<]*)</td></tr>', sec)
    return rows, sec


def baseline(tmp):
    out = os.path.join(tmp, "b.html")
    r = run(["check", "--baseline", BASELINE, "-o", out] + YEAR_2024)
    check(r.returncode == 1, "check --baseline -o b.html exits 1 (failures), got %d %s"
          % (r.returncode, r.stderr[-200:]))
    text = open(out, encoding="utf-8").read()
    wellformed(text, "the report with a baseline")
    xmllint(out, "the report with a baseline")
    # Every row of the summary has the column the header names.
    head = re.search(r'<table class="summary"><thead><tr>(.*?)</tr>', text).group(1)
    body = text[text.index("<tbody>", text.index('<table class="summary">')):]
    body = body[:body.index("</tbody>")]
    cells = [len(re.findall(r"<td", row)) for row in re.findall(r"<tr>(.*?)</tr>", body)]
    check(head.endswith("<th>整改情况</th>") and cells and set(cells) == {9},
          "the summary has a 整改情况 column in every row: %s" % sorted(set(cells)))
    check(re.search(r'330402-fq</td>.*?<span class="change c-new">新增 1</span> · '
                    r'<span class="change c-still">仍未整改 4</span></td></tr>', text),
          "凤桥's summary row: 新增 1 · 仍未整改 4")
    rows, _ = change_rows(text, "330402-fq")
    check(("仍未整改", "town.activity.hosted", "差 3 次", "差 1 次") in rows,
          "仍未整改 with the gap then → now: 差 3 次 → 差 1 次 (%s)" % rows[:2])
    check(("新增", "town.support.staff_by_population", "通过", "差 1 名") in rows,
          "新增: passed then, 差 1 名 now")
    check(("新增条款", "town.digital.services", "", "通过") in rows,
          "a rule the pack added is named 新增条款, not fixed")
    check(("不再检查", "town.digital.service_points", "通过", "") in rows,
          "a rule the pack dropped is 不再检查")
    rows, _ = change_rows(text, "330402")
    check(("已整改", "county.open.weekly_hours", "差 4 小时", "通过") in rows,
          "已整改: 差 4 小时 then, passed now (%s)" % rows)
    rows, sec = change_rows(text, "330402-xf-jx")
    check("基线中没有这个场馆" in sec, "a venue new since the baseline says so")
    _, sec = change_rows(text, "3304")
    check("整改情况（对比基线）</h3>\n<p class=\"tally\">无变化。</p>" in sec,
          "an unchanged venue: 无变化")
    check("不再出现的场馆（基线中有，本次没有）" in text and "港里村文化礼堂（<span class=\"id\">330402-xf-gl</span>）" in text,
          "the venue gone is named")
    total = "新增 3，已整改 2，仍未整改 8，新增条款 5，不再检查的条款 5；新增场馆 1 个，不再出现的场馆 1 个"
    check(text.count(total) == 3, "the run's and both roll-ups' counts, as the text report says them: %d"
          % text.count(total))
    # The text report says the same (one model, every format).
    t = run(["check", "--baseline", BASELINE] + YEAR_2024).stdout
    check(total in t and "差 3 次 → 差 1 次" in t, "the text report agrees")
    # English: the marks in English, no Chinese mark.
    en = run(["check", "--baseline", BASELINE, "-f", "html", "--lang", "en"] + YEAR_2024).stdout
    wellformed(en, "the English report with a baseline")
    check("<th>Since the baseline</th>" in en and ">still failing<" in en and ">fixed<" in en
          and "Venues gone" in en, "the English report's marks")
    check(not re.search(r"仍未整改|已整改|新增|不再出现", en), "no Chinese mark in the English report")
    # Without a baseline none of it.
    plain = run(["check", "-f", "html"] + YEAR_2024).stdout
    page = plain.split("</style>")[1]
    head = re.search(r'<table class="summary"><thead><tr>(.*?)</tr>', page).group(1)
    check("整改情况" not in page and "c-new" not in page and head.count("<th>") == 8,
          "without --baseline the report has no 整改情况")
    diff_html(tmp)
    # --fail-on new: the three new failures still fail the run.
    r = run(["check", "--baseline", BASELINE, "--fail-on", "new", "-f", "html"] + YEAR_2024)
    check(r.returncode == 1, "--fail-on new with 3 new failures exits 1: %d" % r.returncode)


def diff_html(tmp):
    """diff -o d.html: the 整改跟踪 rows as one table, the counts, the gone."""
    new = "tests/e2e/baseline/examples-new.json"
    out = os.path.join(tmp, "d.html")
    r = run(["diff", "-o", out, BASELINE, new])
    check(r.returncode == 1, "diff -o d.html exits 1 (3 new failures), got %d %s"
          % (r.returncode, r.stderr[-200:]))
    text = open(out, encoding="utf-8").read()
    wellformed(text, "diff's page")
    xmllint(out, "diff's page")
    rows = re.findall(r'<tr class="(c-[a-z]+)"><td>([^<]*)<span class="rid">([^<]*)</span></td><td>[^<]*</td>'
                      r'<td><span class="rid">([^<]*)</span></td><td>([^<]*)</td><td>([^<]*)</td>'
                      r'<td><span class="change wrap c-[a-z]+">([^<]*)</span></td></tr>', text)
    csv = run(["diff", "-f", "csv", "--no-bom", BASELINE, new]).stdout.splitlines()
    check(len(rows) == len(csv) - 1 > 10, "a row per 整改跟踪 row of the CSV: %d, %d" % (len(rows), len(csv) - 1))
    check(("c-still", "凤桥镇文化站", "330402-fq", "town.activity.hosted", "差 3 次", "差 1 次", "仍未整改") in rows,
          "diff's page: 仍未整改 差 3 次 → 差 1 次")
    check(sum(1 for x in rows if x[0] == "c-new") == 3 and sum(1 for x in rows if x[0] == "c-fixed") == 2,
          "diff's page: 3 new, 2 fixed")
    check("合计：新增 3，已整改 2，仍未整改 8" in text and "港里村文化礼堂（<span class=\"id\">330402-xf-gl</span>）" in text,
          "diff's page: the counts and the venue gone")
    en = run(["diff", "-f", "html", "--lang", "en", BASELINE, new]).stdout
    wellformed(en, "diff's English page")
    check('<html lang="en">' in en and ">still failing<" in en and not re.search(r"仍未整改|合计", en),
          "diff's English page")
    # Two reports with nothing failing: said, no empty table.
    city = os.path.join(tmp, "city.json")
    run(["check", "-f", "json", "-o", city, "examples/city"])
    r = run(["diff", "-f", "html", city, city])
    check(r.returncode == 0 and "两次报告都没有未通过或缺数据的条款" in r.stdout
          and '<table class="changes">' not in r.stdout, "diff of two passing reports: exit 0, nothing to list")


if __name__ == "__main__":
    sys.exit(main())
