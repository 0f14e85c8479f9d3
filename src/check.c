/* check.c - evaluation: for each rule of the venue's tier, run its checks and
 * reduce them to one verdict with the measured value, the requirement and
 * the gap.  All thresholds come from the pack; nothing here knows a clause. */
#include "check.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool check_is_failure(enum verdict v)
{
	return v == VERDICT_FAIL || v == VERDICT_MISSING;
}

bool check_compare(enum op op, double m, double t)
{
	switch (op) {
	case OP_GE: return m >= t;
	case OP_GT: return m > t;
	case OP_LE: return m <= t;
	case OP_LT: return m < t;
	case OP_EQ: return m == t;
	}
	return false;
}

static void set_missing(struct result *r, const struct comparison *c,
			const struct eval *e)
{
	r->check = c;
	r->verdict = e->st == EVAL_EMPTY ? VERDICT_NA : VERDICT_MISSING;
	r->why = e->why;
	r->why_zh = e->why_zh;
}

/* Warn when the file states a total its own ledger contradicts: the ledger
 * is what the standard counts, so it decides, but the venue should know. */
static void cross_check(const struct rule *rule, const struct comparison *c,
			const struct venue *v, double measured,
			struct arena *a, struct diags *d)
{
	struct eval s = expr_eval(c->stated, v->root, a);
	if (s.st != EVAL_OK || s.v.type != V_NUM || s.v.u.num == measured)
		return;
	diag_addm(d, DM_STATED_LEDGER, DIAG_WARNING, v->path, s.v.line, s.v.col,
		  expr_text(c->stated), s.v.u.num, measured, rule->id);
}

/* Whether the batch holds any venue directly under v. */
static bool has_children(const struct venue *v)
{
	const struct value *kids = value_get(v->root, "children");
	return kids && kids->n > 0;
}

enum ran { RAN, SKIPPED, SKIPPED_BATCH };

/* A measure that lacks data but is at least m->lo (see struct eval), with a
 * threshold that lo already meets: ≥ and > only, as more data can only
 * raise a floor. */
static bool floor_meets(const struct comparison *c, const struct eval *m,
			const struct eval *t)
{
	return m->has_lo && t->st == EVAL_OK && t->v.type == V_NUM &&
	       (c->op == OP_GE || c->op == OP_GT) &&
	       check_compare(c->op, m->lo, t->v.u.num);
}

/* Run one check into r. */
static enum ran run_check(const struct comparison *c, const struct venue *v,
			  struct result *r, struct arena *a, struct diags *d)
{
	const struct rule *rule = r->rule;
	if (c->batch && !has_children(v))
		return SKIPPED_BATCH;
	if (c->applies) {
		struct eval ap = expr_eval(c->applies, v->root, a);
		if (ap.st != EVAL_OK || ap.v.type != V_BOOL) {
			set_missing(r, c, &ap);
			return RAN;
		}
		if (!ap.v.u.b)
			return SKIPPED;
	}
	struct eval m = expr_eval(c->measure, v->root, a);
	struct eval t = expr_eval(c->threshold, v->root, a);
	if (m.st == EVAL_MISSING && floor_meets(c, &m, &t)) {
		/* What the file has already meets the threshold: the data left
		 * out could not change the verdict. */
		m.st = EVAL_OK;
		m.v = value_num(m.lo);
	}
	if (m.st != EVAL_OK) {
		set_missing(r, c, &m);
		return RAN;
	}
	if (t.st != EVAL_OK) {
		set_missing(r, c, &t);
		return RAN;
	}
	r->check = c;
	r->measured = m.v;
	r->has_measured = true;
	if (m.v.type == V_BOOL && t.v.type == V_BOOL) {
		r->verdict = m.v.u.b == t.v.u.b ? VERDICT_PASS : VERDICT_FAIL;
		return RAN;
	}
	if (m.v.type != V_NUM || t.v.type != V_NUM) {
		r->verdict = VERDICT_MISSING;
		r->has_measured = false;
		r->why = arena_printf(a, "cannot compare %s (%s) with %s (%s)",
				      expr_text(c->measure), value_type_name(m.v.type),
				      expr_text(c->threshold), value_type_name(t.v.type));
		r->why_zh = arena_printf(a, "%s（%s）无法与 %s（%s）比较",
				      expr_text(c->measure), value_type_name(m.v.type),
				      expr_text(c->threshold), value_type_name(t.v.type));
		return RAN;
	}
	r->required = t.v.u.num;
	r->has_required = true;
	bool ok = check_compare(c->op, m.v.u.num, t.v.u.num);
	r->verdict = ok ? VERDICT_PASS : VERDICT_FAIL;
	if (!ok)
		r->gap = fabs(t.v.u.num - m.v.u.num);
	if (c->stated)
		cross_check(rule, c, v, m.v.u.num, a, d);
	return RAN;
}

/* Several checks reduce to the worst: a definite failure beats missing
 * data, which beats a pass.  The deciding check is kept for the report. */
static int severity(enum verdict v)
{
	static const int rank[] = {[VERDICT_PASS] = 1, [VERDICT_FAIL] = 3,
				   [VERDICT_MISSING] = 2, [VERDICT_NA] = 0,
				   [VERDICT_BATCH] = 1};
	return rank[v];
}

/* Keep what check r measured, as a number, in o. */
static void keep_outcome(struct check_outcome *o, const struct result *r)
{
	o->verdict = r->verdict;
	o->has_measured = r->has_measured && r->measured.type == V_NUM;
	o->measured = o->has_measured ? r->measured.u.num : 0;
	o->has_required = r->has_required;
	o->required = r->required;
}

/* each: rule->nchecks outcomes (in the report's arena), or NULL. */
static void check_rule(const struct rule *rule, const struct venue *v,
		       struct result *out, struct check_outcome *each,
		       struct arena *a, struct diags *d)
{
	struct result best = {.rule = rule, .verdict = VERDICT_NA};
	bool ran = false, needs_batch = false;
	for (size_t i = 0; i < rule->nchecks; i++) {
		struct result r = {.rule = rule};
		enum ran how = run_check(&rule->checks[i], v, &r, a, d);
		needs_batch = needs_batch || how == SKIPPED_BATCH;
		if (each)
			each[i] = (struct check_outcome){.verdict = VERDICT_NA};
		if (how != RAN)
			continue;
		if (each)
			keep_outcome(&each[i], &r);
		if (!ran || severity(r.verdict) > severity(best.verdict))
			best = r;
		ran = true;
	}
	if (!ran) {
		best.why = "no check applies to this venue";
		best.why_zh = "没有适用于此场馆的检查项";
	}
	/* What could be judged passed, but part of the clause needs the
	 * venues under this one. */
	if (needs_batch && (best.verdict == VERDICT_PASS || !ran))
		best.verdict = VERDICT_BATCH;
	best.each = each;
	*out = best;
}

/* Judge one rule.  Evaluation scratch (computed lists, messages) goes to
 * an arena of its own, freed at once; only the reason is kept, in the
 * report's arena, which lives as long as the batch. */
static void judge(struct check_report *rep, struct result *r,
		  const struct venue *v, struct diags *d)
{
	struct arena scratch;
	arena_init(&scratch);
	size_t n = r->rule->nchecks;
	struct check_outcome *each =
		n > 1 ? arena_alloc(&rep->arena, n * sizeof *each) : NULL;
	check_rule(r->rule, v, r, each, &scratch, d);
	if (r->why)
		r->why = arena_strdup(&rep->arena, r->why);
	if (r->why_zh)
		r->why_zh = arena_strdup(&rep->arena, r->why_zh);
	if (!r->has_measured)
		r->measured = value_null();
	arena_free(&scratch);
	rep->counts[r->verdict]++;
}

static bool same_tier(const struct rule *r, const struct venue *v)
{
	return r->tier[0] == v->tier[0] && strcmp(r->tier, v->tier) == 0;
}

struct check_report *check_own(const struct pack *p, const struct venue *v,
			       struct diags *d)
{
	struct check_report *rep = xcalloc(1, sizeof *rep);
	arena_init(&rep->arena);
	rep->venue = v;
	/* Sized to the tier: a batch holds every venue's report at once. */
	size_t n = 1;
	for (size_t i = 0; i < p->nrules; i++)
		n += same_tier(&p->rules[i], v);
	rep->results = arena_alloc(&rep->arena, n * sizeof *rep->results);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *rule = &p->rules[i];
		if (!same_tier(rule, v))
			continue;
		struct result *r = &rep->results[rep->n++];
		r->rule = rule;
		if (!rule->linked)
			judge(rep, r, v, d);
	}
	return rep;
}

void check_linked(struct check_report *rep, const struct venue *v,
		  struct diags *d)
{
	rep->venue = v;
	for (size_t i = 0; i < rep->n; i++)
		if (rep->results[i].rule->linked)
			judge(rep, &rep->results[i], v, d);
}

struct check_report *check_venue(const struct pack *p, const struct venue *v,
				 struct diags *d)
{
	struct check_report *rep = check_own(p, v, d);
	check_linked(rep, v, d);
	return rep;
}

void check_report_free(struct check_report *r)
{
	if (!r)
		return;
	arena_free(&r->arena);
	free(r);
}

void check_by_category(const struct check_report *rep,
		       const struct result **out)
{
	size_t n = 0;
	for (size_t i = 0; i < rep->n; i++) {
		const char *cat = rep->results[i].rule->category;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(rep->results[j].rule->category, cat) == 0;
		for (size_t j = i; j < rep->n && !seen; j++)
			if (strcmp(rep->results[j].rule->category, cat) == 0)
				out[n++] = &rep->results[j];
	}
}
