/* report.c - dispatch to the output formats and the tallies they share. */
#include "report_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

/* Every format, once: its name, the extension a report path asks for it
 * by, and its constructor.  The formats know nothing of each other or of
 * this table. */
static const struct {
	enum report_format f;
	const char *name, *ext;
	struct report *(*open)(const struct pack *, const struct report_opts *,
			       struct diags *);
} formats[] = {
	{FORMAT_TEXT, "text", NULL, report_text_open},
	{FORMAT_SARIF, "sarif", ".sarif", report_sarif_open},
	{FORMAT_JSON, "json", ".json", report_json_open},
	{FORMAT_JUNIT, "junit", ".xml", report_junit_open},
	{FORMAT_GITHUB, "github", NULL, report_github_open},
	{FORMAT_CSV, "csv", ".csv", report_csv_open},
	{FORMAT_XLSX, "xlsx", ".xlsx", report_xlsx_open},
	/* Two extensions: the name finds the first. */
	{FORMAT_HTML, "html", ".html", report_html_open},
	{FORMAT_HTML, "html", ".htm", report_html_open},
};

bool report_format_parse(const char *name, enum report_format *f)
{
	for (size_t i = 0; i < countof(formats); i++)
		if (strcmp(formats[i].name, name) == 0) {
			*f = formats[i].f;
			return true;
		}
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

enum report_format report_format_for_path(const char *path)
{
	for (size_t i = 0; i < countof(formats); i++)
		if (formats[i].ext && ends_with(path, formats[i].ext))
			return formats[i].f;
	return FORMAT_TEXT;
}

bool report_format_needs_file(enum report_format f)
{
	return f == FORMAT_XLSX;
}

struct report *report_open(enum report_format f, const struct pack *p,
			   const struct report_opts *o, struct diags *d)
{
	for (size_t i = 0; i < countof(formats); i++)
		if (formats[i].f == f)
			return formats[i].open(p, o, d);
	return report_text_open(p, o, d);
}

void report_tallies(const struct report *r, size_t *venues, size_t *failing,
		    size_t *invalid)
{
	*venues = r->venues;
	*failing = r->failing;
	*invalid = r->invalid;
}

struct report *report_new(size_t size, const struct report_ops *ops,
			  const struct pack *p, const struct report_opts *o,
			  bool stream, struct diags *d)
{
	struct report *r = xcalloc(1, size);
	if (!outfile_open(&r->out, o->out, stream, d)) {
		free(r);
		return NULL;
	}
	r->ops = ops;
	r->pack = p;
	r->opts = *o;
	arena_init(&r->scratch);
	arena_init(&r->change_arena);
	if (o->baseline) {
		r->changes = xmalloc(sizeof *r->changes);
		change_run_init(r->changes, o->baseline);
	}
	return r;
}

bool report_done(struct report *r, struct diags *d)
{
	/* A failed write, to a file or standard output, is reported there
	 * with its reason. */
	bool ok = outfile_commit(&r->out, d);
	arena_free(&r->scratch);
	arena_free(&r->change_arena);
	if (r->changes)
		change_run_free(r->changes);
	free(r->changes);
	free(r);
	return ok;
}

/* A waived rule was checked and did not pass: it lowers the pass rate. */
size_t report_checked(const struct check_report *rep)
{
	return rep->counts[VERDICT_PASS] + rep->counts[VERDICT_FAIL] +
	       rep->counts[VERDICT_MISSING] + rep->counts[VERDICT_WAIVED];
}

static void tally(struct report *r, const struct check_report *rep)
{
	r->venues++;
	if (rep->counts[VERDICT_FAIL] || rep->counts[VERDICT_MISSING])
		r->failing++;
}

void report_venue(struct report *r, const struct check_report *rep,
		  const struct diags *warnings)
{
	tally(r, rep);
	if (r->changes)
		change_venue(&r->vchange, r->changes->base, rep, &r->change_arena);
	r->ops->venue(r, rep, warnings);
	if (r->changes) {
		change_run_add(r->changes, &r->vchange, rep);
		arena_reset(&r->change_arena);
	}
}

bool report_renders(const struct report *r)
{
	return r->ops->render && !r->changes;
}

void report_render(const struct report *r, const struct check_report *rep,
		   const struct diags *warnings, FILE *out)
{
	r->ops->render(r, rep, warnings, out);
}

/* report_venue with no baseline, the part itself rendered already. */
void report_venue_rendered(struct report *r, const struct check_report *rep,
			   const char *bytes, size_t n)
{
	tally(r, rep);
	fwrite(bytes, 1, n, r->out.fp);
}

const char *report_then_text(const struct result *now,
			     const struct baseline_result *then, enum lang l,
			     struct arena *a)
{
	/* A gap is said again in this run's words and unit when the rule
	 * still measures the same way (a check ran now); else the old run's
	 * own words. */
	if (then->verdict == VERDICT_FAIL && then->has_gap && now->check) {
		struct result t = *now;
		t.verdict = VERDICT_FAIL;
		t.gap = then->gap;
		t.has_required = true;
		return label_gap(&t, l, a);
	}
	if (then->verdict == VERDICT_PASS || then->verdict == VERDICT_NA ||
	    then->verdict == VERDICT_BATCH || !then->text)
		return label_verdict(then->verdict, l);
	return then->text;
}

const char *report_now_text(const struct result *now, enum lang l,
			    struct arena *a)
{
	const char *s = label_gap(now, l, a);
	return s ? s : label_verdict(now->verdict, l);
}

bool report_backlog(const struct report *r, size_t i, const struct result *res)
{
	return r->changes && r->opts.fail_new && check_is_failure(res->verdict) &&
	       !(change_is_new_failure(r->vchange.v[i].mark, res->verdict) &&
		 !res->rule->warning);
}

size_t report_new_failures(const struct report *r)
{
	return r->changes ? r->changes->total.new_failures : 0;
}

void report_invalid(struct report *r, const char *path,
		    const struct diags *errors)
{
	r->invalid++;
	r->ops->invalid(r, path, errors);
}

void report_rollup(struct report *r, const struct rollup *u)
{
	if (r->ops->rollup)
		r->ops->rollup(r, u);
}

void report_set_venues(struct report *r, const struct report_venues *v)
{
	r->reported = *v;
}

bool report_finish(struct report *r, struct diags *d)
{
	return r->ops->finish(r, d);
}
