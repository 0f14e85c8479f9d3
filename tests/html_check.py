#!/usr/bin/env python3
"""html_check.py - the `html` report (check -o report.html): picked by the
extension (.html, .htm) or --format html, to a file or standard output;
well-formed (every element closed in order, attributes quoted, ids
unique, every #link has its target; xmllint's HTML parser finds no error
but the HTML5 element names it does not know); self-contained (no script,
no external resource); strict UTF-8 even for a GBK file name; the same
bytes twice; and a venue named <script>alert(1)</script> shown as text.

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


if __name__ == "__main__":
    sys.exit(main())
