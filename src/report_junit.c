/* report_junit.c - JUnit XML for Jenkins and GitLab: one testsuite per
 * venue, one testcase per rule; failing and missing rules are failures
 * carrying the gap, not-applicable and needs-batch rules are skipped, and
 * an invalid file is a suite with one testcase in error.  The <testsuites>
 * root carries no totals: they would need the whole batch before the first
 * suite, and CI systems add them up from the suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "gradetext.h"
#include "report_impl.h"
#include "utf8.h"

struct junit_report {
	struct report base;
};

void report_xml_str(FILE *f, const char *s)
{
	if (!utf8_valid(s)) { /* a GBK name: its bytes as \xNN (utf8_text) */
		char *t = utf8_text(s);
		report_xml_str(f, t);
		free(t);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			/* XML 1.0 has no place for other control characters. */
			fputc(*p < 0x20 && *p != '\t' && *p != '\n' ? '?' : *p, f);
		}
	}
}

/* After a suite's opening tag: for a file name that is not UTF-8 (its
 * file attribute shows such bytes as \xNN), the exact bytes,
 * percent-encoded, as the property path_bytes. */
static void suite_bytes(FILE *f, const char *path, struct arena *a)
{
	if (utf8_valid(path))
		return;
	fputs("    <properties><property name=\"path_bytes\" value=\"", f);
	report_xml_str(f, utf8_percent_in(a, path));
	fputs("\"/></properties>\n", f);
}

/* Jenkins' JUnit schema (junit-10.xsd) allows no file on a testcase: the
 * venue file is the suite's file attribute, which it does allow. */
static void case_open(FILE *f, const char *cls, const char *name)
{
	fputs("    <testcase classname=\"", f);
	report_xml_str(f, cls);
	fputs("\" name=\"", f);
	report_xml_str(f, name);
	fputs("\"", f);
}

/* A graded pack: the grade and each condition's, as the suite's output
 * (junit-10.xsd has no place for it elsewhere). */
static void junit_grade(struct junit_report *j, const struct check_report *rep)
{
	FILE *f = j->base.out.fp;
	const struct pack *p = j->base.pack;
	enum lang l = j->base.opts.lang;
	struct arena *a = &j->base.scratch;
	fputs("    <system-out>", f);
	report_xml_str(f, arena_printf(a, l == LANG_EN ? "Grade: %s (%s)\n" : "定级：%s（%s）\n",
			     gradetext_reached(p, &rep->grade, l, a),
			     gradetext_how(p, rep, l, a)));
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		if (!gradetext_counts(r))
			continue;
		const char *next = gradetext_next(p, r, l, a);
		report_xml_str(f, arena_printf(a, "%s: %s%s%s\n", r->rule->id,
				     gradetext_allows(p, r, l, a),
				     next ? (l == LANG_EN ? "; " : "；") : "",
				     next ? next : ""));
	}
	fputs("</system-out>\n", f);
}

static void junit_venue(struct report *r, const struct check_report *rep,
			const struct diags *warnings)
{
	struct junit_report *j = (struct junit_report *)r;
	FILE *f = j->base.out.fp;
	enum lang l = r->opts.lang;
	const struct venue *v = rep->venue;
	fputs("  <testsuite name=\"", f);
	report_xml_str(f, v->id);
	fputc(' ', f);
	report_xml_str(f, v->name);
	fputs("\" file=\"", f);
	report_xml_str(f, v->path);
	/* --fail-on new: the baseline's failures are skipped, not failed. */
	size_t backlog = 0;
	for (size_t i = 0; i < rep->n; i++)
		backlog += report_backlog(r, i, &rep->results[i]);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		rep->n, rep->counts[VERDICT_FAIL] + rep->counts[VERDICT_MISSING] - backlog,
		rep->counts[VERDICT_NA] + rep->counts[VERDICT_BATCH] +
		rep->counts[VERDICT_WAIVED] + backlog);
	suite_bytes(f, v->path, &j->base.scratch);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *res = &rep->results[i];
		char *cls = arena_printf(&j->base.scratch, "%s.%s", v->id,
					 label_category(r->pack, res->rule->category, l));
		case_open(f, cls, res->rule->id);
		const char *gap = label_gap(res, l, &j->base.scratch);
		const char *measured = label_measured(res, l, &j->base.scratch);
		const char *required = label_required_text(res, l, &j->base.scratch);
		if (report_backlog(r, i, res)) {
			fputs(">\n      <skipped message=\"", f);
			report_xml_str(f, change_word(r->vchange.v[i].mark, l));
			fputs(l == LANG_EN ? ": " : "：", f);
			report_xml_str(f, gap ? gap : label_verdict(res->verdict, l));
			fputs("\"/>\n    </testcase>\n", f);
		} else if (check_is_failure(res->verdict)) {
			fprintf(f, ">\n      <failure type=\"%s\" message=\"",
				res->verdict == VERDICT_FAIL ? "fail" : "missing");
			report_xml_str(f, gap ? gap : label_verdict(res->verdict, l));
			fputs("\">", f);
			report_xml_str(f, label_rule(res->rule, l));
			fputs(": ", f);
			report_xml_str(f, measured ? measured : "-");
			if (required) {
				fputs(l == LANG_EN ? " (required " : "（要求 ", f);
				report_xml_str(f, required);
				fputs(l == LANG_EN ? ")" : "）", f);
			}
			fputs("</failure>\n    </testcase>\n", f);
		} else if (res->verdict == VERDICT_NA || res->verdict == VERDICT_BATCH ||
			   res->verdict == VERDICT_WAIVED) {
			fputs(">\n      <skipped message=\"", f);
			report_xml_str(f, gap ? gap : label_verdict(res->verdict, l));
			fputs("\"/>\n    </testcase>\n", f);
		} else {
			fputs("/>\n", f);
		}
	}
	if (rep->grade.graded)
		junit_grade(j, rep);
	if (warnings && warnings->n) {
		fputs("    <system-err>", f);
		for (size_t i = 0; i < warnings->n; i++) {
			char *s = diag_format(&warnings->v[i], r->opts.lang);
			report_xml_str(f, s);
			fputc('\n', f);
			free(s);
		}
		fputs("</system-err>\n", f);
	}
	fputs("  </testsuite>\n", f);
	arena_free(&j->base.scratch);
}

static void junit_invalid(struct report *r, const char *path,
			  const struct diags *errors)
{
	struct junit_report *j = (struct junit_report *)r;
	FILE *f = j->base.out.fp;
	fputs("  <testsuite name=\"", f);
	report_xml_str(f, path);
	fputs("\" file=\"", f);
	report_xml_str(f, path);
	fputs("\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n", f);
	suite_bytes(f, path, &j->base.scratch);
	case_open(f, path, "valid venue file");
	fputs(">\n      <error type=\"invalid\" message=\"", f);
	report_xml_str(f, errors->n ? diag_text(&errors->v[0], r->opts.lang) : "invalid");
	fputs("\">", f);
	for (size_t i = 0; i < errors->n; i++) {
		char *s = diag_format(&errors->v[i], r->opts.lang);
		report_xml_str(f, s);
		fputc('\n', f);
		free(s);
	}
	fputs("</error>\n    </testcase>\n  </testsuite>\n", f);
	arena_free(&j->base.scratch);
}

static bool junit_finish(struct report *r, struct diags *d)
{
	struct junit_report *j = (struct junit_report *)r;
	fputs("</testsuites>\n", j->base.out.fp);
	return report_done(r, d);
}

static const struct report_ops junit_ops = {.venue = junit_venue,
	.invalid = junit_invalid, .finish = junit_finish};

struct report *report_junit_open(const struct pack *p,
				 const struct report_opts *o, struct diags *d)
{
	struct junit_report *j = (struct junit_report *)
		report_new(sizeof *j, &junit_ops, p, o, true, d);
	if (!j)
		return NULL;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"venuecheck ", j->base.out.fp);
	report_xml_str(j->base.out.fp, p->id);
	fputs("\">\n", j->base.out.fp);
	return &j->base;
}
