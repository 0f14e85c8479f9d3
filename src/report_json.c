/* report_json.c - one JSON document for pipelines: every file in input
 * order with its venue, per-rule verdicts (numbers as numbers) and its
 * diagnostics with positions and stable codes; then the roll-ups and a
 * summary.  The shape is documented in venuecheck(1) and
 * man/venuecheck-report.schema.json.  Streamed: nothing is held back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradetext.h"
#include "outfile.h"

#include "report_impl.h"
#include "venuecheck.h"
#include "waiver.h"
#include "utf8.h"
#include "value.h"

struct json_report {
	struct report base;
	size_t nfiles, nrollups;
};

/* The one JSON string writer of the program (report.h): the server's API
 * writes with it too, so its answers and this report escape alike. */
void report_json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	utf8_quoted(f, s);
}

/* This file's short name for it. */
static void jstr(FILE *f, const char *s)
{
	report_json_str(f, s);
}

static void jnum(FILE *f, double x)
{
	if (!isfinite(x))
		fputs("null", f);
	else {
		/* The shortest text that reads back as x: 0.84, not
		 * 0.83999999999999997. */
		char buf[32];
		fputs(value_num_text(buf, sizeof buf, x), f);
	}
}

static void jkey(FILE *f, const char *k, bool first)
{
	if (!first)
		fputc(',', f);
	jstr(f, k);
	fputc(':', f);
}

/* A path: as text (utf8_quoted writes a byte that is not UTF-8 as \xNN),
 * then, only for such a name, its exact bytes percent-encoded under
 * key_bytes, so that a program can open the very file. */
static void jpath(FILE *f, const char *key, const char *key_bytes,
		  const char *path, struct arena *a)
{
	jkey(f, key, false);
	jstr(f, path);
	if (path && !utf8_valid(path)) {
		jkey(f, key_bytes, false);
		jstr(f, utf8_percent_in(a, path));
	}
}

static const char *verdict_word(enum verdict v)
{
	static const char *const w[] = {"pass", "fail", "missing", "na", "batch",
					"waived"};
	return w[v];
}

/* A waived result: the waiver, and what the verdict was without it. */
static void waiver_out(FILE *f, const struct result *r, struct arena *a)
{
	const struct waiver *w = r->waiver;
	jkey(f, "waiver", false);
	fputc('{', f);
	jkey(f, "was", true);
	jstr(f, verdict_word(r->waived));
	jkey(f, "reason", false);
	jstr(f, w->reason);
	jkey(f, "approver", false);
	jstr(f, w->approver);
	jkey(f, "expires", false);
	jstr(f, w->expires_text);
	jpath(f, "file", "file_bytes", w->file, a);
	jkey(f, "line", false);
	fprintf(f, "%d", w->line);
	jkey(f, "column", false);
	fprintf(f, "%d}", w->col);
}

static void diagnostics(FILE *f, const struct diags *d, struct arena *a,
			enum lang l)
{
	jkey(f, "diagnostics", false);
	fputc('[', f);
	for (size_t i = 0; d && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		fputs(i ? ",{" : "{", f);
		jkey(f, "level", true);
		jstr(f, g->level == DIAG_ERROR ? "error" : "warning");
		jkey(f, "code", false);
		jstr(f, *diag_code_id(g->code) ? diag_code_id(g->code) : NULL);
		jkey(f, "name", false);
		jstr(f, *diag_code_name(g->code) ? diag_code_name(g->code) : NULL);
		jpath(f, "file", "file_bytes", g->file, a);
		jkey(f, "line", false);
		fprintf(f, "%d", g->line);
		jkey(f, "column", false);
		fprintf(f, "%d", g->col);
		if (g->where) {
			jkey(f, "cell", false);
			jstr(f, g->where);
		}
		jkey(f, "message", false);
		jstr(f, diag_text(g, l));
		fputc('}', f);
	}
	fputc(']', f);
}

/* --baseline: a result's mark and what the old run said of it. */
static void change_out(FILE *f, const struct change *c)
{
	jkey(f, "change", false);
	fputc('{', f);
	jkey(f, "mark", true);
	jstr(f, change_key(c->mark));
	jkey(f, "then", false);
	const struct baseline_result *b = c->then;
	if (!b) {
		fputs("null}", f);
		return;
	}
	fputc('{', f);
	jkey(f, "verdict", true);
	jstr(f, verdict_word(b->verdict));
	jkey(f, "gap", false);
	if (b->has_gap)
		jnum(f, b->gap);
	else
		fputs("null", f);
	jkey(f, "text", false);
	jstr(f, b->text);
	fputs("}}", f);
}

static void result(struct json_report *j, const struct result *r,
		   const struct change *ch)
{
	FILE *f = j->base.out.fp;
	enum lang l = j->base.opts.lang;
	const struct comparison *c = r->check;
	fputc('{', f);
	jkey(f, "rule", true);
	jstr(f, r->rule->id);
	jkey(f, "category", false);
	jstr(f, r->rule->category);
	jkey(f, "kind", false);
	jstr(f, pack_kind_name(r->rule->kind));
	jkey(f, "verdict", false);
	jstr(f, verdict_word(r->verdict));
	jkey(f, "check", false);
	jstr(f, label_check(r, l));
	jkey(f, "measured", false);
	if (!r->has_measured)
		fputs("null", f);
	else if (r->measured.type == V_BOOL)
		fputs(r->measured.u.b ? "true" : "false", f);
	else
		jnum(f, r->measured.u.num);
	static const char *const ops[] = {">=", ">", "<=", "<", "=="};
	jkey(f, "op", false);
	jstr(f, c ? ops[c->op] : NULL);
	jkey(f, "required", false);
	if (r->has_required)
		jnum(f, r->required);
	else if (r->rule->kind == KIND_DECLARED)
		fputs("true", f);
	else
		fputs("null", f);
	jkey(f, "unit", false);
	/* A percentage is held as a fraction (0.84): its unit is "ratio",
	 * not "%", so nobody reads 0.84 as 0.84 %. */
	jstr(f, !c ? NULL : c->percent ? "ratio"
		: l == LANG_EN && c->unit_en ? c->unit_en : c->unit);
	jkey(f, "gap", false);
	bool failed = r->verdict == VERDICT_FAIL ||
		(r->verdict == VERDICT_WAIVED && r->waived == VERDICT_FAIL);
	if (failed && r->has_required)
		jnum(f, r->gap);
	else
		fputs("null", f);
	jkey(f, "text", false);
	jstr(f, label_gap(r, l, &j->base.scratch));
	jkey(f, "reason", false);
	jstr(f, label_why(r, l));
	if (r->waiver)
		waiver_out(f, r, &j->base.scratch);
	if (ch)
		change_out(f, ch);
	fputc('}', f);
}

/* A grade as its id, or null for 未达等级. */
static void jgrade(FILE *f, const struct pack *p, int g)
{
	jstr(f, g >= 0 && (size_t)g < p->ngrades ? p->grades[g].id : NULL);
}

static void jnum_or_null(FILE *f, bool has, double x)
{
	if (has)
		jnum(f, x);
	else
		fputs("null", f);
}

/* What the next grade up needs of one condition. */
static void grade_next(struct json_report *j, const struct result *r)
{
	FILE *f = j->base.out.fp;
	const struct result_grade *g = &r->grade;
	const struct comparison *c = g->next_check;
	enum lang l = j->base.opts.lang;
	if (!g->has_next || !c) {
		fputs("null", f);
		return;
	}
	fputc('{', f);
	jkey(f, "grade", true);
	jgrade(f, j->base.pack, r->rule->demote ? -1 : g->next);
	jkey(f, "check", false);
	jstr(f, r->rule->nchecks > 1 ? (l == LANG_EN && c->label_en ? c->label_en
								  : c->label) : NULL);
	jkey(f, "measured", false);
	jnum(f, g->next_measured);
	jkey(f, "required", false);
	jnum(f, g->next_required);
	jkey(f, "gap", false);
	jnum(f, g->next_gap);
	jkey(f, "scaled_gap", false);
	jnum_or_null(f, g->has_scaled, g->scaled_gap);
	jkey(f, "scaled_unit", false);
	jstr(f, g->has_scaled ? (l == LANG_EN && c->gap_unit_en ? c->gap_unit_en
							      : c->gap_unit) : NULL);
	fputc('}', f);
}

static void grade_condition(struct json_report *j, const struct result *r,
			    bool first)
{
	FILE *f = j->base.out.fp;
	const struct pack *p = j->base.pack;
	struct arena *a = &j->base.scratch;
	enum lang l = j->base.opts.lang;
	if (!first)
		fputc(',', f);
	fputc('{', f);
	jkey(f, "rule", true);
	jstr(f, r->rule->id);
	jkey(f, "allows", false);
	if (r->rule->demote || r->grade.allows >= (int)p->ngrades ||
	    (r->grade.unknown && !r->grade.holds))
		fputs("null", f);
	else
		jgrade(f, p, r->grade.allows);
	jkey(f, "demote", false);
	if (r->rule->demote && r->grade.demote >= 0)
		fprintf(f, "%d", r->grade.demote);
	else
		fputs("null", f);
	jkey(f, "missing", false);
	fputs(r->grade.unknown ? "true" : "false", f);
	jkey(f, "next", false);
	grade_next(j, r);
	jkey(f, "text", false);
	const char *next = gradetext_next(p, r, l, a);
	const char *allows = gradetext_allows(p, r, l, a);
	jstr(f, next ? arena_printf(a, l == LANG_EN ? "%s; %s" : "%s；%s", allows, next)
		     : allows);
	fputc('}', f);
}

/* Scored items: the points of each. */
static void grade_scores(struct json_report *j, const struct check_report *rep)
{
	FILE *f = j->base.out.fp;
	bool first = true;
	fputc('[', f);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		if (!r->rule->points)
			continue;
		fputs(first ? "{" : ",{", f);
		first = false;
		jkey(f, "rule", true);
		jstr(f, r->rule->id);
		jkey(f, "points", false);
		jnum_or_null(f, r->grade.has_points, r->grade.points);
		jkey(f, "max_points", false);
		jnum(f, r->rule->max_points);
		fputc('}', f);
	}
	fputc(']', f);
}

/* A graded pack's venue: the grade reached and what each condition says. */
static void grade_out(struct json_report *j, const struct check_report *rep)
{
	FILE *f = j->base.out.fp;
	const struct pack *p = j->base.pack;
	const struct venue_grade *g = &rep->grade;
	enum lang l = j->base.opts.lang;
	jkey(f, "grade", false);
	fputc('{', f);
	jkey(f, "grade", true);
	jgrade(f, p, g->grade);
	jkey(f, "name", false);
	jstr(f, gradetext_name(p, g->grade, l));
	jkey(f, "by_rules", false);
	jgrade(f, p, g->by_rules);
	jkey(f, "by_points", false);
	jgrade(f, p, g->by_points);
	jkey(f, "demoted", false);
	fprintf(f, "%d", g->demoted);
	jkey(f, "undetermined", false);
	fputs(g->undetermined ? "true" : "false", f);
	jkey(f, "points", false);
	jnum_or_null(f, g->has_points, g->points);
	jkey(f, "max_points", false);
	jnum_or_null(f, g->has_points, g->max_points);
	jkey(f, "points_missing", false);
	fputs(g->points_missing ? "true" : "false", f);
	jkey(f, "limit", false);
	jstr(f, g->limit >= 0 ? rep->results[g->limit].rule->id : NULL);
	jkey(f, "text", false);
	jstr(f, gradetext_how(p, rep, l, &j->base.scratch));
	jkey(f, "conditions", false);
	fputc('[', f);
	bool first = true;
	for (size_t i = 0; i < rep->n; i++)
		if (gradetext_counts(&rep->results[i])) {
			grade_condition(j, &rep->results[i], first);
			first = false;
		}
	fputc(']', f);
	jkey(f, "scores", false);
	grade_scores(j, rep);
	fputc('}', f);
}

static void tally_out(FILE *f, const struct change_tally *t)
{
	fputc('{', f);
	for (int m = 0; m < CHANGE_COUNT; m++) {
		jkey(f, change_key((enum change_mark)m), m == 0);
		fprintf(f, "%zu", t->counts[m]);
	}
	fprintf(f, ",\"removed\":%zu,\"new_failures\":%zu,\"venues_added\":%zu,"
		"\"venues_gone\":%zu}", t->removed, t->new_failures,
		t->venues_added, t->venues_gone);
}

/* A venue against the baseline: compared or added, and the old results
 * no rule of this run matches. */
static void venue_change_out(FILE *f, const struct venue_change *c)
{
	jkey(f, "change", false);
	fputc('{', f);
	jkey(f, "venue", true);
	jstr(f, c->then ? "compared" : "added");
	jkey(f, "removed", false);
	fputc('[', f);
	for (size_t i = 0; i < c->nremoved; i++) {
		const struct baseline_result *b = c->removed[i];
		fputs(i ? ",{" : "{", f);
		jkey(f, "rule", true);
		jstr(f, b->rule);
		jkey(f, "verdict", false);
		jstr(f, verdict_word(b->verdict));
		jkey(f, "text", false);
		jstr(f, b->text);
		fputc('}', f);
	}
	fputs("]}", f);
}

/* The run against its baseline, before the summary. */
static void baseline_out(FILE *f, struct change_run *t)
{
	const struct baseline *b = t->base;
	fputs("\"baseline\":{", f);
	jkey(f, "path", true);
	jstr(f, b->path);
	jkey(f, "venuecheck", false);
	jstr(f, b->version);
	jkey(f, "counts", false);
	const struct baseline_venue **gone;
	size_t n = change_run_gone(t, &gone);
	struct change_tally all = t->total;
	all.venues_gone = n;
	tally_out(f, &all);
	jkey(f, "gone", false);
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",{" : "{", f);
		jkey(f, "id", true);
		jstr(f, gone[i]->id);
		jkey(f, "name", false);
		jstr(f, gone[i]->name);
		jkey(f, "path", false);
		jstr(f, gone[i]->path);
		fputc('}', f);
	}
	free(gone);
	fputs("]},\n", f);
}

static void file_start(struct json_report *j, const char *path)
{
	FILE *f = j->base.out.fp;
	fputs(j->nfiles++ ? ",\n{" : "\n{", f);
	jkey(f, "path", true);
	jstr(f, path);
	if (path && !utf8_valid(path)) {
		jkey(f, "path_bytes", false);
		jstr(f, utf8_percent_in(&j->base.scratch, path));
	}
}

static void json_venue(struct report *r, const struct check_report *rep,
		       const struct diags *warnings)
{
	struct json_report *j = (struct json_report *)r;
	FILE *f = j->base.out.fp;
	const struct venue *v = rep->venue;
	bool failed = rep->counts[VERDICT_FAIL] || rep->counts[VERDICT_MISSING];
	file_start(j, v->path);
	jkey(f, "valid", false);
	fputs("true", f);
	jkey(f, "venue", false);
	fputc('{', f);
	jkey(f, "id", true);
	jstr(f, v->id);
	jkey(f, "name", false);
	jstr(f, v->name);
	jkey(f, "tier", false);
	jstr(f, v->tier);
	jkey(f, "parent", false);
	jstr(f, v->parent);
	jkey(f, "year", false);
	fprintf(f, "%d}", v->year);
	jkey(f, "verdict", false);
	jstr(f, r->opts.validate ? "valid" : failed ? "fail" : "pass");
	jkey(f, "counts", false);
	fprintf(f, "{\"pass\":%zu,\"fail\":%zu,\"missing\":%zu,\"na\":%zu,\"batch\":%zu,"
		"\"waived\":%zu}",
		rep->counts[VERDICT_PASS], rep->counts[VERDICT_FAIL],
		rep->counts[VERDICT_MISSING], rep->counts[VERDICT_NA],
		rep->counts[VERDICT_BATCH], rep->counts[VERDICT_WAIVED]);
	jkey(f, "results", false);
	fputc('[', f);
	for (size_t i = 0; i < rep->n; i++) {
		if (i)
			fputc(',', f);
		result(j, &rep->results[i], r->changes ? &r->vchange.v[i] : NULL);
	}
	fputc(']', f);
	if (r->changes)
		venue_change_out(f, &r->vchange);
	if (rep->grade.graded && !r->opts.validate)
		grade_out(j, rep);
	diagnostics(f, warnings, &j->base.scratch, r->opts.lang);
	fputc('}', f);
	arena_free(&j->base.scratch);
}

static void json_invalid(struct report *r, const char *path,
			 const struct diags *errors)
{
	struct json_report *j = (struct json_report *)r;
	FILE *f = j->base.out.fp;
	file_start(j, path);
	fputs(",\"valid\":false,\"venue\":null,\"verdict\":\"invalid\",\"counts\":null,"
	      "\"results\":[]", f);
	diagnostics(f, errors, &j->base.scratch, r->opts.lang);
	arena_free(&j->base.scratch);
	fputc('}', f);
}

static void json_rollup(struct report *r, const struct rollup *u)
{
	struct json_report *j = (struct json_report *)r;
	FILE *f = j->base.out.fp;
	const struct pack *p = r->pack;
	fputs(j->nrollups++ ? ",\n{" : "],\n\"rollups\":[\n{", f);
	jkey(f, "venue", true);
	jstr(f, u->top->id);
	jkey(f, "name", false);
	jstr(f, u->top->name);
	jkey(f, "tiers", false);
	fputc('[', f);
	bool first = true;
	for (size_t i = 0; i < p->ntiers && i < ROLLUP_TIERS; i++) {
		const struct rollup_tier *t = &u->tiers[i];
		if (!t->venues)
			continue;
		fprintf(f, "%s{\"tier\":", first ? "" : ",");
		jstr(f, p->tiers[i].id);
		fprintf(f, ",\"venues\":%zu,\"all_passed\":%zu,\"checked\":%zu,"
			"\"passed\":%zu}", t->venues, t->passing, t->checked, t->passed);
		first = false;
	}
	fputs("],\"most_failed\":[", f);
	for (size_t i = 0; i < u->nrules; i++) {
		fprintf(f, "%s{\"rule\":", i ? "," : "");
		jstr(f, u->rules[i]->id);
		fprintf(f, ",\"venues\":%zu}", u->rule_fails[i]);
	}
	fputs("],\"failing_venues\":[", f);
	for (size_t i = 0; i < u->nvenues; i++) {
		const struct rollup_top *v = &u->venues[i];
		fprintf(f, "%s{\"venue\":", i ? "," : "");
		jstr(f, v->venue->id);
		fprintf(f, ",\"rules\":%zu}", v->failures);
	}
	fputc(']', f);
	const struct change_tally *t = r->changes ?
		change_run_under(r->changes, u->top->id) : NULL;
	if (t) {
		jkey(f, "change", false);
		tally_out(f, t);
	}
	fputc('}', f);
}

static bool json_finish(struct report *r, struct diags *d)
{
	struct json_report *j = (struct json_report *)r;
	FILE *f = j->base.out.fp;
	fputs(j->nrollups ? "\n],\n" : "],\n\"rollups\":[],\n", f);
	if (r->changes)
		baseline_out(f, r->changes);
	fprintf(f, "\"summary\":{\"files\":%zu,\"venues\":%zu,\"passing\":%zu,"
		"\"failing\":%zu,\"invalid\":%zu}}\n", j->nfiles, r->venues,
		r->venues - r->failing, r->failing, r->invalid);
	return report_done(r, d);
}

static const struct report_ops json_ops = {.venue = json_venue,
	.invalid = json_invalid, .rollup = json_rollup, .finish = json_finish};

struct report *report_json_open(const struct pack *p,
				const struct report_opts *o, struct diags *d)
{
	struct json_report *j = (struct json_report *)
		report_new(sizeof *j, &json_ops, p, o, true, d);
	if (!j)
		return NULL;
	FILE *f = j->base.out.fp;
	fprintf(f, "{\"venuecheck\":\"%s\",\"command\":\"%s\",\"standard\":{\"id\":",
		VC_VERSION, o->validate ? "validate" : "check");
	jstr(f, p->id);
	fputs(",\"title\":", f);
	jstr(f, p->title);
	if (p->base) {
		fputs(",\"extends\":{\"id\":", f);
		jstr(f, p->base->id);
		fputs(",\"title\":", f);
		jstr(f, p->base->title);
		fputc('}', f);
	}
	for (size_t i = 0; i < p->nparts; i++) {
		fputs(i ? ",{\"id\":" : ",\"packs\":[{\"id\":", f);
		jstr(f, p->parts[i]->id);
		fputs(",\"title\":", f);
		jstr(f, p->parts[i]->title);
		fprintf(f, ",\"graded\":%s}", p->parts[i]->ngrades ? "true" : "false");
	}
	if (p->nparts)
		fputc(']', f);
	fputs("},\n\"files\":[", f);
	return &j->base;
}
