/* cli_diff_ci.c - diff OLD.json NEW.json as GitHub annotations, JUnit XML,
 * SARIF and a self-contained HTML page (cli_diff.h): the 整改跟踪 rows of
 * cli_diff.c, each a venue x rule failing in either report (or no longer
 * checked, or of a venue gone).  A failure new since is an error; the rest
 * are on record: notices, skipped test cases, SARIF notes (fixed: SARIF's
 * "absent", level none).  A JSON report names no line of a venue file, so
 * the annotations point at the file only.  Part of the front end. */
#include "cli_diff.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "htmlchange.h"
#include "htmlreport.h"
#include "report.h"
#include "utf8.h"
#include "venuecheck.h"

#define EN(v) ((v)->lang == LANG_EN)

/* "[新增] 凤桥镇文化站（330402-fq）town.activity.hosted：差 3 次 → 差 1 次" */
static char *row_text(const struct diff_view *v, const struct track_row *r)
{
	const char *then = r->then ? r->then : "", *now = r->now ? r->now : "";
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f)
		return NULL;
	fprintf(f, EN(v) ? "[%s] %s (%s) %s: " : "[%s] %s（%s）%s：", r->change,
		r->venue_name ? r->venue_name : "", r->venue_id, r->rule);
	if (*then && *now)
		fprintf(f, "%s → %s", then, now);
	else
		fputs(*now ? now : then, f);
	fclose(f);
	return s;
}

/* The change counts as one line (the text form's "合计"). */
static char *total_text(const struct diff_view *v)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f)
		return NULL;
	fputs(EN(v) ? "In all: " : "合计：", f);
	diff_counts(f, v->total, v->lang);
	fclose(f);
	if (len && s[len - 1] == '\n')
		s[len - 1] = '\0';
	return s;
}

/* ---- GitHub workflow commands ---- */

/* As report_github.c escapes: data %, properties also ':' and ','; control
 * characters first (utf8_escape), so no text ends the command. */
static void gh_esc(FILE *f, const char *s, bool property)
{
	char *e = utf8_escape(s ? s : "");
	for (const char *c = e; *c; c++) {
		if (*c == '%')
			fputs("%25", f);
		else if (property && *c == ':')
			fputs("%3A", f);
		else if (property && *c == ',')
			fputs("%2C", f);
		else
			fputc(*c, f);
	}
	free(e);
}

void diff_github(FILE *f, const struct diff_view *v)
{
	for (size_t i = 0; i < v->n; i++) {
		char *msg = row_text(v, &v->rows[i]);
		fprintf(f, "::%s file=", v->where[i].new_failure ? "error" : "notice");
		gh_esc(f, v->where[i].path, true);
		fputs(",title=", f);
		gh_esc(f, v->rows[i].rule, true);
		fputs("::", f);
		gh_esc(f, msg, false);
		fputc('\n', f);
		free(msg);
	}
	char *t = total_text(v);
	fputs("::notice title=venuecheck diff::", f);
	gh_esc(f, t, false);
	fputc('\n', f);
	free(t);
}

/* ---- JUnit XML ---- */

/* Rows a..b-1 are one venue's (rows_of keeps a venue's rows together). */
static void junit_suite(FILE *f, const struct diff_view *v, size_t a, size_t b)
{
	size_t failures = 0, skipped = 0;
	for (size_t i = a; i < b; i++) {
		failures += v->where[i].new_failure;
		skipped += !v->where[i].new_failure && v->rows[i].mark != CHANGE_FIXED;
	}
	fputs("  <testsuite name=\"", f);
	report_xml_str(f, v->rows[a].venue_id);
	fputc(' ', f);
	report_xml_str(f, v->rows[a].venue_name);
	fputs("\" file=\"", f);
	report_xml_str(f, v->where[a].path);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		b - a, failures, skipped);
	for (size_t i = a; i < b; i++) {
		const struct track_row *r = &v->rows[i];
		char *msg = row_text(v, r);
		fputs("    <testcase classname=\"", f);
		report_xml_str(f, r->venue_id);
		fputs("\" name=\"", f);
		report_xml_str(f, r->rule);
		if (v->where[i].new_failure) {
			fputs("\">\n      <failure type=\"new\" message=\"", f);
			report_xml_str(f, msg);
			fputs("\">", f);
			report_xml_str(f, msg);
			fputs("</failure>\n    </testcase>\n", f);
		} else if (r->mark == CHANGE_FIXED) {
			fputs("\">\n      <system-out>", f);
			report_xml_str(f, msg);
			fputs("</system-out>\n    </testcase>\n", f);
		} else {
			fputs("\">\n      <skipped message=\"", f);
			report_xml_str(f, msg);
			fputs("\"/>\n    </testcase>\n", f);
		}
		free(msg);
	}
	fputs("  </testsuite>\n", f);
}

void diff_junit(FILE *f, const struct diff_view *v)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"venuecheck diff\">\n", f);
	for (size_t a = 0, b; a < v->n; a = b) {
		for (b = a + 1; b < v->n && !strcmp(v->rows[b].venue_id, v->rows[a].venue_id) &&
				!strcmp(v->where[b].path, v->where[a].path); b++)
			;
		junit_suite(f, v, a, b);
	}
	fputs("</testsuites>\n", f);
}

/* ---- SARIF 2.1.0 ---- */

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
		     "errata01/os/schemas/sarif-schema-2.1.0.json"

/* SARIF's own words against a baseline: new, unchanged, updated (the gap
 * changed), absent (fixed, no longer checked, gone). */
static const char *sarif_state(const struct track_row *r)
{
	if (r->other || r->mark == CHANGE_FIXED)
		return "absent";
	if (r->mark == CHANGE_STILL)
		return r->then && r->now && !strcmp(r->then, r->now) ? "unchanged" : "updated";
	return "new";
}

static const char *sarif_level(const struct track_row *r, const struct diff_where *w)
{
	if (w->new_failure)
		return "error";
	return r->other || r->mark == CHANGE_FIXED ? "none" : "note";
}

static void sarif_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, ",\"%s\":", key);
	utf8_quoted(f, s ? s : "");
}

static void sarif_result(FILE *f, const struct diff_view *v, size_t i, struct arena *a)
{
	const struct track_row *r = &v->rows[i];
	char *msg = row_text(v, r);
	fputs(i ? ",\n{\"ruleId\":" : "\n{\"ruleId\":", f);
	utf8_quoted(f, r->rule);
	fprintf(f, ",\"level\":\"%s\",\"baselineState\":\"%s\",\"message\":{\"text\":",
		sarif_level(r, &v->where[i]), sarif_state(r));
	utf8_quoted(f, msg ? msg : "-");
	fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
	utf8_quoted(f, utf8_percent_in(a, v->where[i].path ? v->where[i].path : ""));
	fputs("}}}],\"properties\":{\"venue\":", f);
	utf8_quoted(f, r->venue_id);
	sarif_str(f, "change", v->where[i].key);
	sarif_str(f, "then", r->then);
	sarif_str(f, "now", r->now);
	fputs("}}", f);
	free(msg);
}

void diff_sarif(FILE *f, const struct diff_view *v)
{
	struct arena a;
	arena_init(&a);
	/* No rule descriptors: diff reads no pack, and a report names its
	 * rules by id only (SARIF's results need none). */
	fputs("{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{"
	      "\"tool\":{\"driver\":{\"name\":\"venuecheck\",\"version\":\"" VC_VERSION
	      "\",\"semanticVersion\":\"" VC_VERSION "\",\"informationUri\":"
	      "\"man:venuecheck(1)\"}},\"results\":[", f);
	for (size_t i = 0; i < v->n; i++)
		sarif_result(f, v, i, &a);
	fputs("\n]}]}\n", f);
	arena_free(&a);
}

/* ---- HTML ---- */

static void html_rows(FILE *f, const struct diff_view *v)
{
	static const char *const zh[] = {"场馆", "层级", "条款", "基线结果", "本次结果",
					 "整改情况"};
	static const char *const en[] = {"Venue", "Tier", "Rule", "Then", "Now", "Change"};
	/* The venue's id under its name and the rule id alone in its cell
	 * (ids whole, in small print): seven columns would not fit A4 at
	 * 100%, and a browser shrinks a page that is too wide. */
	html_raw(f, "<table class=\"changes\"><thead><tr>");
	for (size_t i = 0; i < 6; i++)
		html_printf(f, "<th>%s</th>", EN(v) ? en[i] : zh[i]);
	html_raw(f, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->n; i++) {
		const struct track_row *r = &v->rows[i];
		const char *cls = r->other ? "c-gone" : htmlchange_class(r->mark);
		html_printf(f, "<tr class=\"%s\"><td>%s<span class=\"rid\">%s</span></td><td>%s</td>"
			    "<td><span class=\"rid\">%s</span></td><td>%s</td><td>%s</td>"
			    "<td><span class=\"change wrap %s\">%s</span></td></tr>\n", cls,
			    r->venue_name ? r->venue_name : "", r->venue_id, r->tier ? r->tier : "",
			    r->rule, r->then ? r->then : "", r->now ? r->now : "", cls, r->change);
	}
	html_raw(f, "</tbody></table>\n");
}

void diff_html(FILE *f, const struct diff_view *v)
{
	const char *title = EN(v) ? "Changes between two reports" : "整改对比";
	htmlreport_begin(f, title, v->lang, NULL);
	html_raw(f, "<section class=\"summary\">\n");
	html_printf(f, "<h1>%s</h1>\n", title);
	html_printf(f, EN(v) ? "<p class=\"meta\">%s (venuecheck %s) → %s (venuecheck %s)</p>\n"
			     : "<p class=\"meta\">%s（venuecheck %s）→ %s（venuecheck %s）</p>\n",
		    v->old->path, v->old->version, v->now->path, v->now->version);
	html_printf(f, "<p class=\"tally\">%s", EN(v) ? "In all: " : "合计：");
	htmlchange_tally(f, v->total, v->lang);
	html_raw(f, EN(v) ? ".</p>\n" : "。</p>\n");
	if (v->ngone) {
		html_printf(f, "<p class=\"meta\">%s</p>\n<ul class=\"gone\">\n",
			    EN(v) ? "Venues gone (in the old report, not in the new):"
				  : "不再出现的场馆（旧报告中有，新报告中没有）：");
		for (size_t i = 0; i < v->ngone; i++)
			html_printf(f, EN(v) ? "<li>%s (<span class=\"id\">%s</span>)</li>\n"
					     : "<li>%s（<span class=\"id\">%s</span>）</li>\n",
				    v->gone[i]->name ? v->gone[i]->name : "", v->gone[i]->id);
		html_raw(f, "</ul>\n");
	}
	if (v->n)
		html_rows(f, v);
	else
		html_printf(f, "<p class=\"ok\">✓ %s</p>\n", EN(v)
			? "Nothing failed in either report."
			: "两次报告都没有未通过或缺数据的条款。");
	html_raw(f, "</section>\n");
	htmlreport_end(f);
}
