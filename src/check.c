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

/* ---- Graded packs: each check judged at every grade ---- */

/* What one check says at each grade (bit g: grade g, best first), with
 * the numbers the next grade up is reported by. */
struct bits {
	unsigned holds, unknown;
	bool has_m, has_scale;
	double m, scale;
	bool has_req[PACK_MAX_GRADES];
	double req[PACK_MAX_GRADES];
};

static unsigned all_grades(size_t ng)
{
	return (1u << ng) - 1;
}

/* A check with one threshold for all grades holds at all or at none. */
static void flat_bits(struct bits *b, const struct result *r, size_t ng)
{
	b->holds = r->verdict == VERDICT_FAIL || r->verdict == VERDICT_MISSING
		? 0 : all_grades(ng);
	b->unknown = r->verdict == VERDICT_MISSING ? all_grades(ng) : 0;
	b->has_m = r->has_measured && r->measured.type == V_NUM;
	b->m = b->has_m ? r->measured.u.num : 0;
	for (size_t g = 0; g < ng; g++) {
		b->has_req[g] = r->has_required;
		b->req[g] = r->required;
	}
}

/* Whether the check holds at grade g, into b. */
static void grade_one(const struct comparison *c, const struct eval *m,
		      size_t g, struct bits *b, const struct venue *v,
		      struct arena *a)
{
	unsigned bit = 1u << g;
	if (!c->per_grade[g]) {
		b->holds |= bit; /* no requirement at this grade */
		return;
	}
	struct eval t = expr_eval(c->per_grade[g], v->root, a);
	if (t.st == EVAL_OK && t.v.type == V_NULL) {
		b->holds |= bit;
		return;
	}
	if (t.st == EVAL_OK && t.v.type == V_NUM) {
		b->has_req[g] = true;
		b->req[g] = t.v.u.num;
	}
	struct eval mg = *m;
	if (mg.st == EVAL_MISSING && floor_meets(c, &mg, &t)) {
		mg.st = EVAL_OK;
		mg.v = value_num(mg.lo);
	}
	if (mg.st != EVAL_OK || t.st != EVAL_OK || mg.v.type != V_NUM ||
	    t.v.type != V_NUM)
		b->unknown |= bit;
	else if (check_compare(c->op, mg.v.u.num, t.v.u.num))
		b->holds |= bit;
}

/* A check with one threshold per grade, judged at every grade. */
static void graded_bits(const struct comparison *c, const struct venue *v,
			size_t ng, struct bits *b, struct arena *a)
{
	if (c->applies) {
		struct eval ap = expr_eval(c->applies, v->root, a);
		if (ap.st != EVAL_OK || ap.v.type != V_BOOL) {
			b->unknown = all_grades(ng);
			return;
		}
	}
	struct eval m = expr_eval(c->measure, v->root, a);
	if (m.st == EVAL_EMPTY) { /* nothing to judge: N/A */
		b->holds = all_grades(ng);
		return;
	}
	for (size_t g = 0; g < ng; g++)
		grade_one(c, &m, g, b, v, a);
	b->has_m = m.st == EVAL_OK && m.v.type == V_NUM;
	b->m = b->has_m ? m.v.u.num : 0;
	if (c->gap_scale) {
		struct eval sc = expr_eval(c->gap_scale, v->root, a);
		b->has_scale = sc.st == EVAL_OK && sc.v.type == V_NUM;
		b->scale = b->has_scale ? sc.v.u.num : 0;
	}
}

/* A per-grade check's verdict is the lowest grade's: it passes when the
 * venue can be graded at all as far as this check goes. */
static void lowest_verdict(struct result *r, const struct bits *b, size_t ng)
{
	unsigned low = 1u << (ng - 1);
	if (b->holds & low) {
		if (r->verdict != VERDICT_PASS)
			r->has_required = false; /* no requirement there */
		r->verdict = VERDICT_PASS;
		r->why = r->why_zh = NULL;
	} else if (!(b->unknown & low) && r->verdict == VERDICT_MISSING) {
		r->verdict = VERDICT_FAIL;
	}
}

/* The check's bits at every grade (graded packs only). */
static void check_bits(const struct comparison *c, const struct venue *v,
		       size_t ng, struct result *r, struct bits *b,
		       struct arena *a)
{
	memset(b, 0, sizeof *b);
	if (!c->per_grade) {
		flat_bits(b, r, ng);
		return;
	}
	graded_bits(c, v, ng, b, a);
	lowest_verdict(r, b, ng);
	if (!b->has_scale && c->gap_scale) {
		struct eval sc = expr_eval(c->gap_scale, v->root, a);
		b->has_scale = sc.st == EVAL_OK && sc.v.type == V_NUM;
		b->scale = b->has_scale ? sc.v.u.num : 0;
	}
}

/* Fold a check's bits into the rule's: the rule holds at a grade when
 * every check holds there; one that fails there decides, whatever the
 * others lack. */
struct rule_bits {
	unsigned fail, unknown;
	const struct comparison *checks[8];
	struct bits b[8];
	size_t n;
};

static void fold_bits(struct rule_bits *rb, const struct comparison *c,
		      const struct bits *b, size_t ng)
{
	rb->fail |= all_grades(ng) & ~b->holds & ~b->unknown;
	rb->unknown |= b->unknown;
	if (rb->n < 8) {
		rb->checks[rb->n] = c;
		rb->b[rb->n++] = *b;
	}
}

/* What the next grade up needs: the first check short of it. */
static void next_up(struct result_grade *g, const struct rule_bits *rb,
		    size_t ng)
{
	int nx = g->allows - 1;
	if (nx < 0 || (size_t)nx >= ng)
		return;
	for (size_t i = 0; i < rb->n; i++) {
		const struct bits *b = &rb->b[i];
		if (b->holds & (1u << nx) || !b->has_m || !b->has_req[nx])
			continue;
		g->has_next = true;
		g->next = (signed char)nx;
		g->next_check = rb->checks[i];
		g->next_measured = b->m;
		g->next_required = b->req[nx];
		g->next_gap = fabs(b->req[nx] - b->m);
		g->has_scaled = b->has_scale;
		g->scaled_gap = g->next_gap * b->scale;
		return;
	}
}

/* A demotion: how many grades the rule takes off; -1 when it lacks data. */
static void demotion(const struct rule *rule, const struct venue *v,
		     struct result *r, size_t ng, struct arena *a)
{
	struct result_grade *g = &r->grade;
	struct eval e = expr_eval(rule->demote, v->root, a);
	g->graded = true;
	if (r->verdict == VERDICT_NA) {
		g->demote = 0;
	} else if (e.st != EVAL_OK || e.v.type != V_NUM) {
		g->demote = -1;
		g->unknown = (unsigned char)all_grades(ng);
	} else {
		double n = ceil(e.v.u.num);
		g->demote = (signed char)(n < 0 ? 0 : n > (double)ng ? (double)ng : n);
	}
	g->allows = (signed char)(g->demote < 0 ? (int)ng : g->demote);
	if (g->demote > 0 && r->check && r->has_required && r->has_measured &&
	    r->measured.type == V_NUM) {
		g->has_next = true;
		g->next = 0;
		g->next_check = r->check;
		g->next_measured = r->measured.u.num;
		g->next_required = r->required;
		g->next_gap = r->gap;
	}
}

static void scored(const struct rule *rule, const struct venue *v,
		   struct result *r, struct arena *a)
{
	if (r->verdict == VERDICT_NA)
		return;
	struct eval e = expr_eval(rule->points, v->root, a);
	r->grade.has_points = e.st == EVAL_OK && e.v.type == V_NUM;
	r->grade.points = r->grade.has_points ? e.v.u.num : 0;
}

/* The rule's say on the grade, from its checks' bits. */
static void grade_rule(const struct rule *rule, struct result *r,
		       const struct rule_bits *rb, size_t ng)
{
	struct result_grade *g = &r->grade;
	g->graded = true;
	if (!rb->n) { /* no check applies: no constraint */
		g->holds = (unsigned char)all_grades(ng);
		g->allows = 0;
		return;
	}
	g->unknown = (unsigned char)(rb->unknown & ~rb->fail);
	g->holds = (unsigned char)(all_grades(ng) & ~rb->fail & ~rb->unknown);
	g->allows = (signed char)ng;
	for (size_t i = ng; i-- > 0;)
		if (g->holds & (1u << i))
			g->allows = (signed char)i;
	(void)rule;
	next_up(g, rb, ng);
}

/* each: rule->nchecks outcomes (in the report's arena), or NULL.
 * ng: the pack's grades (0: pass/fail). */
static void check_rule(const struct rule *rule, const struct venue *v,
		       struct result *out, struct check_outcome *each,
		       size_t ng, struct arena *a, struct diags *d)
{
	struct result best = {.rule = rule, .verdict = VERDICT_NA};
	struct rule_bits rb = {0};
	bool ran = false, needs_batch = false;
	for (size_t i = 0; i < rule->nchecks; i++) {
		struct result r = {.rule = rule};
		enum ran how = run_check(&rule->checks[i], v, &r, a, d);
		needs_batch = needs_batch || how == SKIPPED_BATCH;
		if (each)
			each[i] = (struct check_outcome){.verdict = VERDICT_NA};
		if (how != RAN)
			continue;
		if (ng && rule->gates) {
			struct bits b;
			check_bits(&rule->checks[i], v, ng, &r, &b, a);
			fold_bits(&rb, &rule->checks[i], &b, ng);
		}
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
	if (ng && rule->gates)
		grade_rule(rule, &best, &rb, ng);
	if (ng && rule->demote)
		demotion(rule, v, &best, ng, a);
	if (ng && rule->points)
		scored(rule, v, &best, a);
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
	check_rule(r->rule, v, r, each, rep->ngrades, &scratch, d);
	if (r->why)
		r->why = arena_strdup(&rep->arena, r->why);
	if (r->why_zh)
		r->why_zh = arena_strdup(&rep->arena, r->why_zh);
	if (!r->has_measured)
		r->measured = value_null();
	arena_free(&scratch);
	rep->counts[r->verdict]++;
}

struct check_report *check_own(const struct pack *p, const struct venue *v,
			       struct diags *d)
{
	struct check_report *rep = xcalloc(1, sizeof *rep);
	arena_init(&rep->arena);
	rep->venue = v;
	rep->grades = p->grades;
	rep->ngrades = p->ngrades;
	/* Sized to the tier: a batch holds every venue's report at once.  A
	 * tier the pack does not have has no rules (every rule's tier is one
	 * of the pack's: pack.c, load_rule). */
	const struct tier *t = pack_tier(p, v->tier);
	size_t n = t ? t->nrules : 0;
	rep->results = arena_alloc(&rep->arena, (n + 1) * sizeof *rep->results);
	for (size_t k = 0; k < n; k++) {
		const struct rule *rule = &p->rules[t->rules[k]];
		struct result *r = &rep->results[rep->n++];
		r->rule = rule;
		if (!rule->linked)
			judge(rep, r, v, d);
	}
	check_grade(rep); /* again by check_linked, once the rest are judged */
	return rep;
}

void check_linked(struct check_report *rep, const struct venue *v,
		  struct diags *d)
{
	rep->venue = v;
	for (size_t i = 0; i < rep->n; i++)
		if (rep->results[i].rule->linked)
			judge(rep, &rep->results[i], v, d);
	check_grade(rep);
}

/* The best grade every gating rule holds at; missing data at a better
 * grade makes the venue's grade undetermined there, not failed. */
static void grade_by_rules(struct check_report *rep, struct venue_grade *vg)
{
	size_t ng = rep->ngrades;
	unsigned fail = 0, unknown = 0;
	for (size_t i = 0; i < rep->n; i++) {
		const struct result_grade *g = &rep->results[i].grade;
		if (!g->graded || !rep->results[i].rule->gates)
			continue;
		fail |= all_grades(ng) & ~g->holds & ~g->unknown;
		unknown |= g->unknown;
	}
	vg->by_rules = (signed char)ng;
	for (size_t g = 0; g < ng; g++) {
		if (!(fail & (1u << g)) && !(unknown & (1u << g))) {
			vg->by_rules = (signed char)g;
			break;
		}
		if (!(fail & (1u << g)))
			vg->undetermined = true;
	}
}

/* The points total and the best grade line it reaches. */
static void grade_by_points(struct check_report *rep, struct venue_grade *vg)
{
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		if (!r->rule->points || r->verdict == VERDICT_NA)
			continue;
		vg->has_points = true;
		vg->max_points += r->rule->max_points;
		vg->points += r->grade.points;
		vg->points_missing = vg->points_missing || !r->grade.has_points;
	}
	vg->by_points = -1;
	bool lines = false;
	for (size_t g = 0; g < rep->ngrades; g++)
		lines = lines || rep->grades[g].has_points;
	if (!lines)
		return;
	vg->by_points = (signed char)rep->ngrades;
	for (size_t g = 0; g < rep->ngrades; g++) {
		const struct grade *gr = &rep->grades[g];
		if (!gr->has_points || vg->points >= gr->min_points) {
			vg->by_points = (signed char)g;
			break;
		}
		if (vg->points_missing)
			vg->undetermined = true;
	}
}

/* The result that keeps the venue from the next grade up: a rule that
 * fails there, else one that lacks the data to say. */
static int grade_limit(const struct check_report *rep, int nx)
{
	int unknown = -1;
	for (size_t i = 0; nx >= 0 && i < rep->n; i++) {
		const struct result_grade *g = &rep->results[i].grade;
		if (!g->graded || !rep->results[i].rule->gates)
			continue;
		if (!(g->holds & (1u << nx)) && !(g->unknown & (1u << nx)))
			return (int)i;
		if (g->unknown & (1u << nx) && unknown < 0)
			unknown = (int)i;
	}
	return unknown;
}

void check_grade(struct check_report *rep)
{
	struct venue_grade vg = {.graded = rep->ngrades > 0, .limit = -1};
	if (!vg.graded) {
		rep->grade = vg;
		return;
	}
	int ng = (int)rep->ngrades;
	grade_by_rules(rep, &vg);
	grade_by_points(rep, &vg);
	int grade = vg.by_rules > vg.by_points ? vg.by_rules : vg.by_points;
	int demoted = 0;
	for (size_t i = 0; i < rep->n; i++) {
		const struct result_grade *g = &rep->results[i].grade;
		if (!rep->results[i].rule->demote || !g->graded)
			continue;
		if (g->demote < 0) { /* could take any grade off: none proven */
			vg.undetermined = true;
			demoted = ng;
		} else {
			demoted += g->demote;
		}
	}
	vg.demoted = (signed char)(demoted > ng ? ng : demoted);
	grade += demoted;
	vg.grade = (signed char)(grade > ng ? ng : grade);
	vg.limit = grade_limit(rep, vg.by_rules - 1 < 0 ? -1 : vg.by_rules - 1);
	rep->grade = vg;
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
