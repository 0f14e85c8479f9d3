/* rules.c - load a rule pack (YAML) into a struct pack: standard, tiers,
 * categories, data format and rules, with every expression compiled and
 * checked against the data format up front, so a broken pack is reported
 * with file:line:col before any venue is read. */
#include "pack.h"
#include "proj.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "packfind.h"
#include "suggest.h"
#include "utf8.h"
#include "xalloc.h"

/* The packs being loaded, innermost first: an `extends:` that names one of
 * them is a cycle. */
struct chain {
	const char *path; /* canonical */
	const struct chain *up;
	int depth;
	const struct packfind_dirs *dirs; /* where extends: names are found */
};
enum { MAX_EXTENDS = 8 };

struct rloader {
	struct pack *p;
	const char *file;
	struct diags *d;
	bool ok;
	const struct chain *chain;
};

static void rerr(struct rloader *rl, const struct node *n, enum diag_msg m,
		 ...)
{
	va_list ap;
	va_start(ap, m);
	doc_verror(rl->d, m, DIAG_ERROR, rl->file, n, ap);
	va_end(ap);
	rl->ok = false;
}

/* Text of an optional scalar key, or NULL. */
/* What a message quotes of the pack: a short excerpt, escaped.  A pack may
 * come from a third party, and a file given as one may be no pack at all. */
static const char *ex(struct rloader *rl, const char *s)
{
	return utf8_excerpt(&rl->p->arena, s, DOC_EXCERPT);
}

static const char *opt_text(struct rloader *rl, const struct node *m,
			    const char *key)
{
	const struct node *n = doc_get(m, key);
	if (!n || doc_is_null(n))
		return NULL;
	if (n->kind != NODE_SCALAR) {
		rerr(rl, n, DM_KEY_SINGLE, key);
		return NULL;
	}
	return n->text;
}

static const char *req_text(struct rloader *rl, const struct node *m,
			    const char *key, const char *what)
{
	const char *t = opt_text(rl, m, key);
	if (!t && !doc_get(m, key))
		rerr(rl, m, DM_KEY_REQUIRED, what, key);
	return t;
}

static struct expr *compile_node(struct rloader *rl, const struct node *n,
				 const char *key)
{
	if (n->kind != NODE_SCALAR || doc_is_null(n)) {
		rerr(rl, n, DM_KEY_EXPR, key);
		return NULL;
	}
	/* Quoted scalars start one column after their quote. */
	int col = n->col + (n->plain ? 0 : 1);
	struct expr *e = expr_compile(&rl->p->arena, n->text, rl->file,
				      n->line, col, &rl->p->schema, rl->d);
	if (!e)
		rl->ok = false;
	return e;
}

static struct expr *compile(struct rloader *rl, const struct node *m,
			    const char *key)
{
	const struct node *n = doc_get(m, key);
	return n ? compile_node(rl, n, key) : NULL;
}

/* standard: effective: 2015 -- a data year before it cannot be checked. */
static void load_effective(struct rloader *rl, const struct node *n)
{
	if (!n)
		return;
	char *end = NULL;
	long y = n->kind == NODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	if (!end || *end || y < 1949 || y > 2200) {
		rerr(rl, n, DM_EFFECTIVE);
		return;
	}
	rl->p->schema.effective_year = (int)y;
}

static void load_standard(struct rloader *rl, const struct node *root)
{
	static const char *const keys[] = {"id", "title", "title_en", "source",
					   "issued", "note", "effective"};
	const struct node *s = doc_get(root, "standard");
	if (!s || s->kind != NODE_MAP) {
		rerr(rl, s ? s : root, DM_PACK_NEEDS_MAP, "standard");
		return;
	}
	if (!doc_check_keys(s, keys, countof(keys), DW_STANDARD, rl->file, rl->d))
		rl->ok = false;
	load_effective(rl, doc_get(s, "effective"));
	rl->p->id = req_text(rl, s, "id", "standard");
	rl->p->title = req_text(rl, s, "title", "standard");
	rl->p->title_en = opt_text(rl, s, "title_en");
	rl->p->source = opt_text(rl, s, "source");
}

/* The tier node of id (its 'parent:' value when it has one), for the
 * position of a message. */
static const struct node *tier_node(const struct node *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct node *idn = doc_get(t->items[i], "id");
		if (idn && idn->kind == NODE_SCALAR && strcmp(idn->text, id) == 0)
			return doc_get(t->items[i], "parent") ? doc_get(t->items[i], "parent")
							      : t->items[i];
	}
	return t;
}

/* Tier parents must end at a top tier: a cycle (a parent of itself, or
 * city -> county -> city) would have check roll venues up under each
 * other.  Each cycle is reported once, at its first tier in the list. */
static void check_tier_cycles(struct rloader *rl, const struct node *t)
{
	const struct pack *p = rl->p;
	for (size_t i = 0; i < p->ntiers; i++) {
		const struct tier *at = &p->tiers[i];
		bool first = true;
		for (size_t step = 0; at && at->parent && step < p->ntiers; step++) {
			at = pack_tier(p, at->parent);
			if (at && at < &p->tiers[i])
				first = false; /* an earlier tier is on the path */
			if (at != &p->tiers[i])
				continue;
			if (first)
				rerr(rl, tier_node(t, at->id), DM_TIER_CYCLE,
				     ex(rl, at->id),
				     diag_word(step ? DW_ANCESTOR : DW_PARENT));
			break;
		}
	}
}

static void load_tiers(struct rloader *rl, const struct node *root)
{
	static const char *const keys[] = {"id", "name", "name_en", "label",
					   "parent"};
	const struct node *t = doc_get(root, "tiers");
	if (!t || t->kind != NODE_SEQ || t->n == 0) {
		rerr(rl, t ? t : root, DM_PACK_NEEDS_LIST, "tiers");
		return;
	}
	struct pack *p = rl->p;
	p->tiers = arena_alloc(&p->arena, t->n * sizeof *p->tiers);
	p->schema.tiers = arena_alloc(&p->arena, t->n * sizeof(char *));
	p->schema.tier_names = arena_alloc(&p->arena, t->n * sizeof(char *));
	for (size_t i = 0; i < t->n; i++) {
		const struct node *m = t->items[i];
		if (m->kind != NODE_MAP) {
			rerr(rl, m, DM_TIER_MAP);
			continue;
		}
		if (!doc_check_keys(m, keys, countof(keys), DW_TIER, rl->file, rl->d))
			rl->ok = false;
		struct tier *tr = &p->tiers[p->ntiers];
		tr->id = req_text(rl, m, "id", "tier");
		tr->name = req_text(rl, m, "name", "tier");
		tr->name_en = opt_text(rl, m, "name_en");
		tr->label = opt_text(rl, m, "label");
		tr->parent = opt_text(rl, m, "parent");
		tr->line = m->line;
		tr->col = m->col;
		if (!tr->id || !tr->name)
			continue;
		if (pack_tier(p, tr->id))
			rerr(rl, m, DM_TIER_TWICE, ex(rl, tr->id));
		p->schema.tier_names[p->ntiers] = tr->name;
		p->schema.tiers[p->ntiers++] = tr->id;
	}
	p->schema.ntiers = p->ntiers;
	for (size_t i = 0; i < p->ntiers; i++)
		if (p->tiers[i].parent && !pack_tier(p, p->tiers[i].parent))
			rerr(rl, t, DM_TIER_PARENT, ex(rl, p->tiers[i].parent));
	check_tier_cycles(rl, t);
}

/* A number of the pack (min_points:, max_points:); false if it is none. */
static bool pack_number(const struct node *n, double *out)
{
	char *end = NULL;
	if (!n || n->kind != NODE_SCALAR || doc_is_null(n))
		return false;
	*out = strtod(n->text, &end);
	return end != n->text && !*end;
}

static void load_grade(struct rloader *rl, const struct node *m)
{
	static const char *const keys[] = {"id", "name", "name_en",
					   "min_points"};
	struct pack *p = rl->p;
	if (!doc_check_keys(m, keys, countof(keys), DW_GRADE, rl->file, rl->d))
		rl->ok = false;
	struct grade *g = &p->grades[p->ngrades];
	g->id = req_text(rl, m, "id", "grade");
	g->name = req_text(rl, m, "name", "grade");
	g->name_en = opt_text(rl, m, "name_en");
	g->line = m->line;
	g->col = m->col;
	const struct node *pts = doc_get(m, "min_points");
	g->has_points = pts != NULL;
	if (pts && !pack_number(pts, &g->min_points))
		rerr(rl, pts, DM_GRADE_POINTS, "min_points");
	if (!g->id || !g->name)
		return;
	if (pack_grade_index(p, g->id) >= 0 || pack_grade_index(p, g->name) >= 0)
		rerr(rl, m, DM_GRADE_TWICE, ex(rl, g->id));
	p->ngrades++;
}

/* grades: best first.  A pack without them is pass/fail. */
static void load_grades(struct rloader *rl, const struct node *root)
{
	const struct node *gs = doc_get(root, "grades");
	if (!gs)
		return;
	if (gs->kind != NODE_SEQ || gs->n == 0 || gs->n > PACK_MAX_GRADES) {
		rerr(rl, gs, DM_GRADES_LIST, PACK_MAX_GRADES);
		return;
	}
	struct pack *p = rl->p;
	p->grades = arena_alloc(&p->arena, gs->n * sizeof *p->grades);
	for (size_t i = 0; i < gs->n; i++) {
		if (gs->items[i]->kind != NODE_MAP)
			rerr(rl, gs->items[i], DM_GRADES_LIST, PACK_MAX_GRADES);
		else
			load_grade(rl, gs->items[i]);
	}
}

/* measures: name -> {value, label, unit}.  Each is compiled on its own
 * (so its errors point at it) seeing only the measures before it, then
 * in place wherever it is read (expr.c). */
static void load_measures(struct rloader *rl, const struct node *root)
{
	static const char *const keys[] = {"value", "label", "label_en",
					   "unit", "unit_en"};
	struct pack *p = rl->p;
	const struct node *ms = doc_get(root, "measures");
	if (!ms)
		return;
	if (ms->kind != NODE_MAP) {
		rerr(rl, ms, DM_MEASURES_MAP);
		return;
	}
	if (schema_block(&p->schema, "measures")) {
		rerr(rl, ms, DM_MEASURE_BLOCK);
		return;
	}
	struct measure_def *defs = arena_alloc(&p->arena, (ms->n + 1) * sizeof *defs);
	p->schema.measures = defs;
	p->schema.nmeasures = 0;
	for (size_t i = 0; i < ms->n; i++) {
		const struct node *k = ms->pairs[i].key, *m = ms->pairs[i].value;
		if (m->kind != NODE_MAP) {
			rerr(rl, m, DM_MEASURES_MAP);
			continue;
		}
		if (!doc_check_keys(m, keys, countof(keys), DW_MEASURE, rl->file, rl->d))
			rl->ok = false;
		for (size_t j = 0; j < p->schema.nmeasures; j++)
			if (strcmp(defs[j].name, k->text) == 0)
				rerr(rl, k, DM_MEASURE_TWICE, ex(rl, k->text));
		const struct node *v = doc_get(m, "value");
		if (!v) {
			rerr(rl, m, DM_KEY_REQUIRED, "measure", "value");
			continue;
		}
		if (!compile_node(rl, v, "value"))
			continue;
		defs[p->schema.nmeasures++] = (struct measure_def){
			.name = k->text, .label = opt_text(rl, m, "label"),
			.label_en = opt_text(rl, m, "label_en"),
			.unit = opt_text(rl, m, "unit"),
			.unit_en = opt_text(rl, m, "unit_en"), .text = v->text,
			.file = rl->file, .line = v->line,
			.col = v->col + (v->plain ? 0 : 1)};
	}
}

/* An extending pack keeps its base's categories and may add its own. */
static void load_categories(struct rloader *rl, const struct node *root,
			    const struct pack *base)
{
	struct pack *p = rl->p;
	size_t nb = base ? base->ncats : 0;
	const struct node *c = doc_get(root, "categories");
	if (c && c->kind != NODE_MAP) {
		rerr(rl, c, DM_CATEGORIES, "categories");
		return;
	}
	p->cats = arena_alloc(&p->arena, (nb + (c ? c->n : 0) + 1) * sizeof *p->cats);
	for (size_t i = 0; i < nb; i++)
		p->cats[p->ncats++] = base->cats[i];
	for (size_t i = 0; c && i < c->n; i++) {
		if (pack_category(p, c->pairs[i].key->text)) {
			rerr(rl, c->pairs[i].key, DM_CATEGORY_BASE,
				  ex(rl, c->pairs[i].key->text));
			continue;
		}
		p->cats[p->ncats].name = c->pairs[i].key->text;
		p->cats[p->ncats].name_en = c->pairs[i].value->kind == NODE_SCALAR
			? c->pairs[i].value->text : NULL;
		p->ncats++;
	}
}

static const struct { const char *text; enum op op; } ops[] = {
	{">=", OP_GE}, {">", OP_GT}, {"<=", OP_LE}, {"<", OP_LT}, {"==", OP_EQ},
};

static const char *const kind_names[] = {"min", "each", "ratio", "scaled",
					 "declared", "system"};

static void check_threshold(struct rloader *rl, const struct comparison *c,
			    const struct node *m)
{
	if (c->threshold && expr_is_text(c->threshold))
		rerr(rl, doc_get(m, "threshold"), DM_THRESHOLD_TEXT,
			  ex(rl, expr_text(c->threshold)));
}

/* The values an if ... end chooses among (the expression itself when it
 * is no choice), up to max of them; returns how many there are. */
static size_t branch_leaves(const struct expr *e, const struct expr **out,
			    size_t n, size_t max)
{
	struct expr_parts ep = expr_parts(e);
	if (ep.t == E_IF)
		return branch_leaves(ep.c, out, branch_leaves(ep.b, out, n, max),
				     max);
	if (n < max)
		out[n] = e;
	return n + 1;
}

static const char *grade_label(const struct pack *p, size_t g)
{
	return p->grades[g].name;
}

/* Constant thresholds must not get easier toward the better grades: a
 * better grade that needs less is a slip of the pen. */
static void check_monotone(struct rloader *rl, const struct comparison *c,
			   const struct expr *const *vals, size_t n,
			   const struct node *at)
{
	if (c->op == OP_EQ)
		return;
	bool up = c->op == OP_GE || c->op == OP_GT;
	double prev = 0, x;
	size_t pi = n;
	for (size_t i = 0; i < n; i++) {
		if (!vals[i] || !expr_constant(vals[i], &x))
			continue;
		if (pi < n && (up ? x > prev : x < prev)) {
			rerr(rl, at, DM_GRADE_MONOTONE, ex(rl, grade_label(rl->p, pi)),
			     prev, ex(rl, grade_label(rl->p, i)), x,
			     diag_word(up ? DW_MONO_UP : DW_MONO_DOWN));
			return;
		}
		prev = x;
		pi = i;
	}
}

/* threshold: [a, b, c] or {一级: a}: one expression per grade. */
static void per_grade_nodes(struct rloader *rl, struct comparison *c,
			    const struct node *n)
{
	struct pack *p = rl->p;
	if (n->kind == NODE_SEQ && n->n != p->ngrades) {
		rerr(rl, n, DM_GRADE_COUNT, n->n, p->ngrades);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct node *v = n->kind == NODE_SEQ ? n->items[i]
							   : n->pairs[i].value;
		int g = (int)i;
		if (n->kind == NODE_MAP) {
			const struct node *k = n->pairs[i].key;
			g = pack_grade_index(p, k->text);
			if (g < 0) {
				const char *cands[2 * PACK_MAX_GRADES];
				for (size_t j = 0; j < p->ngrades; j++) {
					cands[2 * j] = p->grades[j].id;
					cands[2 * j + 1] = p->grades[j].name;
				}
				const char *near = suggest_closest(k->text, cands,
								   2 * p->ngrades);
				rerr(rl, k, near ? DM_GRADE_UNKNOWN_HINT : DM_GRADE_UNKNOWN,
				     ex(rl, k->text), near ? ex(rl, near) : "");
				continue;
			}
		}
		if (v->kind == NODE_SCALAR && doc_is_null(v))
			continue;
		c->per_grade[g] = compile_node(rl, v, "threshold");
	}
}

/* threshold: if ... then [a, b, c] elif ... end: bands that each give a
 * list.  Grade g's threshold is item g of what they give (expr_item). */
static void per_grade_expr(struct rloader *rl, struct comparison *c,
			   const struct node *n, const struct expr *const *leaves,
			   size_t nleaves)
{
	struct pack *p = rl->p;
	for (size_t i = 0; i < nleaves; i++) {
		struct expr_parts lp = expr_parts(leaves[i]);
		if (lp.nlist != p->ngrades) {
			rerr(rl, n, DM_GRADE_COUNT, lp.nlist, p->ngrades);
			return;
		}
		check_monotone(rl, c, lp.list, lp.nlist, n);
	}
	for (size_t g = 0; g < p->ngrades; g++)
		c->per_grade[g] = expr_item(&p->arena, c->threshold, g);
}

/* threshold: one expression for all, or in a graded pack one per grade
 * (per_grade_*); threshold is then the lowest grade's that has one, for
 * what reads a single requirement (templates, the tier sheet's header). */
static void load_threshold(struct rloader *rl, struct comparison *c,
			   const struct node *m)
{
	struct pack *p = rl->p;
	const struct node *n = doc_get(m, "threshold");
	c->per_grade = NULL;
	if (!n)
		return;
	const struct expr *leaves[64];
	size_t nleaves = 0;
	bool graded = n->kind == NODE_SEQ || n->kind == NODE_MAP;
	if (!graded) {
		c->threshold = compile_node(rl, n, "threshold");
		if (!c->threshold)
			return;
		nleaves = branch_leaves(c->threshold, leaves, 0, 64);
		size_t lists = 0;
		for (size_t i = 0; i < nleaves && i < 64; i++)
			lists += expr_parts(leaves[i]).t == E_LIST;
		if (lists && (lists != nleaves || nleaves > 64)) {
			rerr(rl, n, DM_GRADE_BRANCHES);
			return;
		}
		graded = lists > 0;
	}
	if (!graded)
		return;
	if (!p->ngrades) {
		rerr(rl, n, DM_GRADE_NONE, "threshold");
		return;
	}
	c->per_grade = arena_alloc(&p->arena, p->ngrades * sizeof *c->per_grade);
	memset(c->per_grade, 0, p->ngrades * sizeof *c->per_grade);
	if (n->kind == NODE_SCALAR) {
		per_grade_expr(rl, c, n, leaves, nleaves);
	} else {
		per_grade_nodes(rl, c, n);
		check_monotone(rl, c, (const struct expr *const *)c->per_grade,
			       p->ngrades, n);
	}
	c->threshold = NULL;
	for (size_t g = p->ngrades; g-- > 0 && !c->threshold;)
		c->threshold = c->per_grade[g];
	if (!c->threshold && rl->ok)
		rerr(rl, n, DM_GRADE_ALL_NULL);
	if (!c->threshold)
		c->per_grade = NULL;
}

static void load_check(struct rloader *rl, struct comparison *c,
		       const struct node *m)
{
	c->line = m->line;
	c->col = m->col;
	c->label = opt_text(rl, m, "label");
	c->label_en = opt_text(rl, m, "label_en");
	c->unit = opt_text(rl, m, "unit");
	c->unit_en = opt_text(rl, m, "unit_en");
	c->percent = c->unit && strcmp(c->unit, "%") == 0;
	const char *batch = opt_text(rl, m, "batch");
	c->batch = batch && strcmp(batch, "true") == 0;
	c->applies = compile(rl, m, "applies");
	c->measure = compile(rl, m, "measure");
	c->stated = compile(rl, m, "stated");
	c->gap_scale = compile(rl, m, "gap_scale");
	c->gap_unit = opt_text(rl, m, "gap_unit");
	c->gap_unit_en = opt_text(rl, m, "gap_unit_en");
	if (c->stated && !expr_is_path(c->stated))
		rerr(rl, doc_get(m, "stated"), DM_STATED_PATH, "stated");
	const char *op = opt_text(rl, m, "op");
	c->op = OP_GE; /* 不少于, 以上, 至少: the standard's usual wording */
	if (op) {
		size_t i = 0;
		while (i < 5 && strcmp(ops[i].text, op) != 0)
			i++;
		if (i == 5)
			rerr(rl, doc_get(m, "op"), DM_OP, ex(rl, op));
		else
			c->op = ops[i].op;
	}
	load_threshold(rl, c, m); /* after op: the grades' order depends on it */
	check_threshold(rl, c, m);
	if (c->measure && expr_is_text(c->measure))
		rerr(rl, doc_get(m, "measure"), DM_MEASURE_TEXT,
			  ex(rl, expr_text(c->measure)));
	if (!doc_get(m, "measure"))
		rerr(rl, m, DM_CHECK_MEASURE, "measure");
	if (!doc_get(m, "threshold"))
		rerr(rl, m, DM_CHECK_THRESHOLD, "threshold");
}

static const char *const check_keys[] = {
	"label", "label_en", "applies", "measure", "op", "threshold",
	"unit", "unit_en", "stated", "batch", "gap_scale", "gap_unit",
	"gap_unit_en"};
static const char *const rule_keys[] = {
	"id", "tier", "category", "clause", "summary", "title", "note",
	"note_en", "requirement", "requirement_en", "kind", "key", "checks",
	"severity", "gates", "demote", "points", "max_points",
	"label", "label_en", "applies", "measure", "op", "threshold",
	"unit", "unit_en", "stated", "batch", "gap_scale", "gap_unit",
	"gap_unit_en"};

/* `declared` rules need no expressions: they read declared.<key> == true. */
static void make_declared(struct rloader *rl, struct rule *r,
			  const struct node *m)
{
	const char *key = opt_text(rl, m, "key");
	if (!key) {
		size_t n = strlen(r->tier);
		key = strncmp(r->id, r->tier, n) == 0 && r->id[n] == '.'
			? r->id + n + 1 : r->id;
	}
	r->key = key;
	r->nchecks = 1;
	r->checks = arena_alloc(&rl->p->arena, sizeof *r->checks);
	struct comparison *c = r->checks;
	c->line = m->line;
	c->col = m->col;
	c->measure = expr_path2(&rl->p->arena, "declared", key);
	c->threshold = expr_compile(&rl->p->arena, "true", rl->file, m->line,
				    m->col, NULL, rl->d);
	c->op = OP_EQ;
}

static void load_checks(struct rloader *rl, struct rule *r,
			const struct node *m)
{
	const struct node *cs = doc_get(m, "checks");
	if (!cs) {
		r->nchecks = 1;
		r->checks = arena_alloc(&rl->p->arena, sizeof *r->checks);
		load_check(rl, r->checks, m);
		return;
	}
	if (cs->kind != NODE_SEQ || cs->n == 0 || doc_get(m, "measure")) {
		rerr(rl, cs, DM_CHECKS_LIST, "checks");
		return;
	}
	r->checks = arena_alloc(&rl->p->arena, cs->n * sizeof *r->checks);
	for (size_t i = 0; i < cs->n; i++) {
		const struct node *c = cs->items[i];
		if (c->kind != NODE_MAP) {
			rerr(rl, c, DM_CHECK_MAP);
			continue;
		}
		if (!doc_check_keys(c, check_keys, countof(check_keys), DW_CHECK, rl->file, rl->d))
			rl->ok = false;
		load_check(rl, &r->checks[r->nchecks++], c);
	}
}

static void load_kind(struct rloader *rl, struct rule *r, const struct node *m)
{
	const char *kind = opt_text(rl, m, "kind");
	r->kind = KIND_MIN;
	if (kind) {
		size_t i = 0;
		while (i < 6 && strcmp(kind_names[i], kind) != 0)
			i++;
		if (i == 6)
			rerr(rl, doc_get(m, "kind"), DM_KIND, ex(rl, kind));
		else
			r->kind = (enum rule_kind)i;
	}
}

static void load_severity(struct rloader *rl, struct rule *r,
			  const struct node *m)
{
	const char *sev = opt_text(rl, m, "severity");
	if (sev && strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0)
		rerr(rl, doc_get(m, "severity"), DM_SEVERITY, ex(rl, sev));
	else if (sev)
		r->warning = strcmp(sev, "warning") == 0;
}

/* demote:, points: and max_points: of a graded pack's rule. */
static void load_scoring(struct rloader *rl, struct rule *r,
			 const struct node *m)
{
	static const char *const keys[] = {"demote", "points", "max_points",
					   "gates"};
	for (size_t i = 0; i < countof(keys); i++)
		if (!rl->p->ngrades && doc_get(m, keys[i])) {
			rerr(rl, doc_get(m, keys[i]), DM_GRADE_NONE, keys[i]);
			return;
		}
	r->demote = compile(rl, m, "demote");
	r->points = compile(rl, m, "points");
	const struct node *mp = doc_get(m, "max_points");
	bool number = pack_number(mp, &r->max_points) && r->max_points > 0;
	if ((mp || r->points) && (!number || !r->points))
		rerr(rl, mp ? mp : m, DM_MAX_POINTS, "max_points");
}

/* A scored item with no checks of its own: its points are what it
 * measures, against nothing ("满分 80 分" says what it could be). */
static void make_scored(struct rloader *rl, struct rule *r,
			const struct node *m)
{
	struct arena *a = &rl->p->arena;
	r->nchecks = 1;
	r->checks = arena_alloc(a, sizeof *r->checks);
	struct comparison *c = memset(r->checks, 0, sizeof *r->checks);
	c->line = m->line;
	c->col = m->col;
	c->applies = compile(rl, m, "applies");
	c->measure = r->points;
	c->threshold = expr_compile(a, "0", rl->file, m->line, m->col, NULL,
				    rl->d);
	c->op = OP_GE;
	c->unit = "分";
	c->unit_en = "points";
	if (!r->requirement)
		r->requirement = arena_printf(a, "满分 %g 分", r->max_points);
	if (!r->requirement_en)
		r->requirement_en = arena_printf(a, "out of %g points",
						 r->max_points);
}

/* Which rules gate a graded pack's grade: all but informational ones
 * (gates: false), demotions and scored items without per-grade
 * thresholds. */
static void load_gates(struct rloader *rl, struct rule *r,
		       const struct node *m)
{
	bool per_grade = false;
	for (size_t i = 0; i < r->nchecks; i++)
		per_grade = per_grade || r->checks[i].per_grade;
	if (r->demote && per_grade)
		rerr(rl, doc_get(m, "demote"), DM_DEMOTE_GRADED);
	r->gates = rl->p->ngrades && !r->demote && (!r->points || per_grade);
	const char *g = opt_text(rl, m, "gates");
	if (g && strcmp(g, "true") != 0 && strcmp(g, "false") != 0)
		rerr(rl, doc_get(m, "gates"), DM_GATES, ex(rl, g));
	else if (g)
		r->gates = strcmp(g, "true") == 0 && !r->demote;
}

/* The requirement of a per-grade rule in words, for what shows one for
 * every venue: "一级 ≥ 6500 / 二级 ≥ 5500 / 三级 ≥ 4500 平方米", or the
 * bands as written. */
static void grade_requirement(struct rloader *rl, struct rule *r,
			      const struct node *m)
{
	const struct pack *p = rl->p;
	const struct comparison *c = &r->checks[0];
	const char *zh = "", *en = "";
	double x;
	for (size_t g = 0; g < p->ngrades; g++) {
		const struct expr *e = c->per_grade[g];
		if (!e)
			continue;
		if (!expr_constant(e, &x)) {
			const struct node *t = doc_get(m, "threshold");
			if (t->kind != NODE_SCALAR)
				return;
			r->requirement = r->requirement_en = t->text;
			return;
		}
		const char *name_en = p->grades[g].name_en ? p->grades[g].name_en
							   : p->grades[g].name;
		zh = arena_printf(&rl->p->arena, "%s%s%s %s %g", zh, *zh ? " / " : "",
				  p->grades[g].name, pack_op_text(c->op), x);
		en = arena_printf(&rl->p->arena, "%s%s%s %s %g", en, *en ? " / " : "",
				  name_en, pack_op_text(c->op), x);
	}
	r->requirement = c->unit ? arena_printf(&rl->p->arena, "%s %s", zh, c->unit) : zh;
	const char *u = c->unit_en ? c->unit_en : c->unit;
	r->requirement_en = u ? arena_printf(&rl->p->arena, "%s %s", en, u) : en;
}

static void load_rule(struct rloader *rl, struct rule *r, const struct node *m)
{
	struct pack *p = rl->p;
	r->line = m->line;
	r->col = m->col;
	if (!doc_check_keys(m, rule_keys, countof(rule_keys), DW_RULE, rl->file, rl->d))
		rl->ok = false;
	r->id = req_text(rl, m, "id", "rule");
	r->tier = req_text(rl, m, "tier", "rule");
	r->category = req_text(rl, m, "category", "rule");
	r->clause = req_text(rl, m, "clause", "rule");
	r->summary = opt_text(rl, m, "summary");
	r->title = req_text(rl, m, "title", "rule");
	r->note = opt_text(rl, m, "note");
	r->note_en = opt_text(rl, m, "note_en");
	load_severity(rl, r, m);
	r->requirement = opt_text(rl, m, "requirement");
	r->requirement_en = opt_text(rl, m, "requirement_en");
	if (!r->summary)
		r->summary = r->clause;
	if (!r->id || !r->tier)
		return;
	if (!pack_tier(p, r->tier))
		rerr(rl, doc_get(m, "tier"), DM_RULE_TIER, ex(rl, r->tier));
	if (r->category && p->ncats && !pack_category(p, r->category))
		rerr(rl, doc_get(m, "category"), DM_RULE_CATEGORY,
			  ex(rl, r->category));
	load_kind(rl, r, m);
	load_scoring(rl, r, m);
	if (r->kind == KIND_DECLARED) {
		if (doc_get(m, "measure") || doc_get(m, "checks"))
			rerr(rl, m, DM_DECLARED_MEASURE, "measure/checks");
		make_declared(rl, r, m);
	} else if (r->points && !doc_get(m, "measure") && !doc_get(m, "checks")) {
		make_scored(rl, r, m);
	} else {
		load_checks(rl, r, m);
	}
	load_gates(rl, r, m);
	if (r->nchecks == 1 && r->checks[0].per_grade && !r->requirement)
		grade_requirement(rl, r, m);
}

static void index_rule(struct declared_keys *dk, const struct rule *r,
		       const char *tier)
{
	if (r->kind == KIND_DECLARED && strcmp(r->tier, tier) == 0)
		dk->keys[dk->n++] = r->key;
}

/* A disabled declared rule keeps its key: files written for the base pack
 * stay valid under a pack that turns the clause off. */
static void index_declared(struct pack *p)
{
	for (size_t t = 0; t < p->ntiers; t++) {
		struct declared_keys *dk = &p->tiers[t].declared;
		dk->n = 0;
		dk->keys = arena_alloc(&p->arena, (p->nrules + p->ndisabled + 1) *
					       sizeof(char *));
		for (size_t i = 0; i < p->nrules; i++)
			index_rule(dk, &p->rules[i], p->tiers[t].id);
		for (size_t i = 0; i < p->ndisabled; i++)
			index_rule(dk, &p->disabled[i].rule, p->tiers[t].id);
	}
}

struct names {
	const struct pack *p;
	bool linked, any;
	const char **v; /* blocks */
	size_t n;
	const char **f; /* every name read, blocks or fields */
	size_t nf, capf;
};

static void note_link(void *ctx, const char *name)
{
	struct names *nm = ctx;
	if (name && (!strcmp(name, "children") || !strcmp(name, "parent")))
		nm->linked = true;
}

/* Remember name among the fields read, if it is not yet. */
static void note_field(struct names *nm, const char *name)
{
	bool seen = false;
	for (size_t i = 0; i < nm->nf && !seen; i++)
		seen = !strcmp(nm->f[i], name);
	if (!seen && nm->nf < nm->capf)
		nm->f[nm->nf++] = name;
	else if (!seen)
		nm->any = true; /* more names than room: keep everything */
}

/* Remember name if it is a block not yet kept; NULL: any name at all. */
static void note_block(void *ctx, const char *name)
{
	struct names *nm = ctx;
	if (!name) {
		nm->any = true;
		return;
	}
	note_field(nm, name);
	if (!schema_block(&nm->p->schema, name))
		return;
	for (size_t i = 0; i < nm->n; i++)
		if (!strcmp(nm->v[i], name))
			return;
	nm->v[nm->n++] = name;
}

static void each_expr(const struct rule *r, size_t ngrades,
		      void (*fn)(void *ctx, const char *name), void *ctx)
{
	for (size_t c = 0; c < r->nchecks; c++) {
		const struct comparison *k = &r->checks[c];
		expr_each_name(k->applies, fn, ctx);
		expr_each_name(k->measure, fn, ctx);
		expr_each_name(k->threshold, fn, ctx);
		expr_each_name(k->stated, fn, ctx);
		expr_each_name(k->gap_scale, fn, ctx);
		for (size_t g = 0; k->per_grade && g < ngrades; g++)
			expr_each_name(k->per_grade[g], fn, ctx);
	}
	expr_each_name(r->demote, fn, ctx);
	expr_each_name(r->points, fn, ctx);
}

/* A name read outside the projections: a block of the judged venue's own
 * file (root) is kept with the fields read; a field only names fields. */
static void note_kept(void *ctx, const char *name, bool root)
{
	if (root || !name)
		note_block(ctx, name);
	else
		note_field(ctx, name);
}

/* A grade's threshold that is a tree of its own, not threshold itself nor
 * an item of the bands threshold reads (expr_item shares them): marked
 * once, through threshold, a shared tree serves every grade. */
static bool own_grade_tree(const struct comparison *k, size_t g)
{
	const struct expr *e = k->per_grade[g];
	return e && e != k->threshold && expr_text(e) != expr_text(k->threshold);
}

static void kept_names(const struct rule *r, struct names *keep)
{
	for (size_t c = 0; c < r->nchecks; c++) {
		const struct comparison *k = &r->checks[c];
		proj_each_kept_name(k->applies, note_kept, keep);
		proj_each_kept_name(k->measure, note_kept, keep);
		proj_each_kept_name(k->threshold, note_kept, keep);
		proj_each_kept_name(k->stated, note_kept, keep);
		proj_each_kept_name(k->gap_scale, note_kept, keep);
		for (size_t g = 0; k->per_grade && g < keep->p->ngrades; g++)
			if (own_grade_tree(k, g))
				proj_each_kept_name(k->per_grade[g], note_kept, keep);
	}
	proj_each_kept_name(r->demote, note_kept, keep);
	proj_each_kept_name(r->points, note_kept, keep);
}

struct marking {
	struct pack *p;
	const struct rule *rule;
	size_t cap;
};

/* Each projection gets a hidden key (".p3": a name no pack can declare,
 * as it starts with a dot) and is listed for the venues that keep it. */
static const char *proj_key(void *ctx, enum proj_kind kind,
			    const struct expr *part)
{
	struct marking *mk = ctx;
	struct pack *p = mk->p;
	if (p->nproj == mk->cap) {
		size_t cap = mk->cap ? 2 * mk->cap : 8;
		struct pack_proj *v = arena_alloc(&p->arena, cap * sizeof *v);
		if (p->nproj)
			memcpy(v, p->proj, p->nproj * sizeof *v);
		p->proj = v;
		mk->cap = cap;
	}
	const char *key = arena_printf(&p->arena, ".p%zu", p->nproj);
	p->proj[p->nproj++] = (struct pack_proj){
		.e = part, .key = key, .tier = mk->rule->tier, .kind = (int)kind};
	return key;
}

static void mark_rule(struct rule *r, struct marking *mk)
{
	for (size_t c = 0; c < r->nchecks; c++) {
		struct comparison *k = &r->checks[c];
		if (k->applies)
			proj_mark(k->applies, proj_key, mk);
		if (k->measure)
			proj_mark(k->measure, proj_key, mk);
		if (k->threshold)
			proj_mark(k->threshold, proj_key, mk);
		if (k->stated)
			proj_mark(k->stated, proj_key, mk);
		if (k->gap_scale)
			proj_mark(k->gap_scale, proj_key, mk);
		for (size_t g = 0; k->per_grade && g < mk->p->ngrades; g++)
			if (own_grade_tree(k, g))
				proj_mark(k->per_grade[g], proj_key, mk);
	}
	if (r->demote)
		proj_mark(r->demote, proj_key, mk);
	if (r->points)
		proj_mark(r->points, proj_key, mk);
}

/* Which rules read other venues, and so which blocks every venue must keep
 * for them: a batch then holds those blocks of each venue, not its whole
 * file (a province is tens of thousands of files). */
/* What every venue keeps: the whole header (reports show it; fields of
 * other blocks that share a header field's name are kept too, which costs
 * little) and the ledgers that list venues, with each entry's id and name
 * (tree.c). */
static struct names keep_names(struct pack *p)
{
	struct names keep = {.p = p, .capf = 256};
	keep.v = arena_alloc(&p->arena, (p->schema.nblocks + 2) * sizeof *keep.v);
	keep.f = arena_alloc(&p->arena, keep.capf * sizeof *keep.f);
	note_block(&keep, "venue");
	const struct block *hdr = schema_block(&p->schema, "venue");
	for (size_t f = 0; hdr && f < hdr->nfields; f++)
		note_block(&keep, hdr->fields[f].name);
	for (size_t b = 0; b < p->schema.nblocks; b++)
		if (p->schema.blocks[b].lists) {
			note_block(&keep, p->schema.blocks[b].name);
			note_block(&keep, "id");
			note_block(&keep, "name");
		}
	return keep;
}

/* A tier's venues keep what its own linked rules read outside their
 * projections: other venues are read through projections only (or, if
 * not, every venue keeps everything: keep_all). */
static void index_tier_keep(struct pack *p, struct tier *t)
{
	struct names keep = keep_names(p);
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].linked && !strcmp(p->rules[i].tier, t->id))
			kept_names(&p->rules[i], &keep);
	t->keep = keep.v;
	t->nkeep = keep.n;
	t->keep_fields = keep.f;
	t->nkeep_fields = keep.nf;
	p->keep_all = p->keep_all || keep.any;
}

static void add_keys(struct value_dict *d, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d->keys[d->n++] = v[i];
}

/* The names venues keep, for their bytes (struct pack's keys). */
static void index_keys(struct pack *p)
{
	size_t n = p->nkeep + p->nkeep_fields + p->nproj;
	for (size_t t = 0; t < p->ntiers; t++)
		n += p->tiers[t].nkeep + p->tiers[t].nkeep_fields;
	struct value_dict *d = &p->keys;
	d->keys = arena_alloc(&p->arena, (n + 1) * sizeof *d->keys);
	d->n = 0;
	add_keys(d, p->keep, p->nkeep);
	add_keys(d, p->keep_fields, p->nkeep_fields);
	for (size_t t = 0; t < p->ntiers; t++) {
		add_keys(d, p->tiers[t].keep, p->tiers[t].nkeep);
		add_keys(d, p->tiers[t].keep_fields, p->tiers[t].nkeep_fields);
	}
	for (size_t k = 0; k < p->nproj; k++)
		d->keys[d->n++] = p->proj[k].key;
	/* Every venue's header names its tier: one of these, by number. */
	d->strs = arena_alloc(&p->arena, (p->ntiers + 1) * sizeof *d->strs);
	d->nstrs = 0;
	for (size_t t = 0; t < p->ntiers; t++)
		d->strs[d->nstrs++] = p->tiers[t].id;
	value_dict_sort(d);
	p->hot = *d;
	p->hot.nopos = true;
}

static void index_under(struct pack *p)
{
	for (size_t t = 0; t < p->ntiers; t++)
		for (size_t u = 0; u < p->ntiers; u++)
			if (p->tiers[u].parent &&
			    !strcmp(p->tiers[u].parent, p->tiers[t].id))
				p->tiers[t].has_under = true;
}

/* t's rules in the pack's order (struct tier: rules). */
static void index_tier_rules(struct pack *p, struct tier *t)
{
	size_t n = 1; /* never a 0-byte allocation */
	for (size_t i = 0; i < p->nrules; i++)
		n += !strcmp(p->rules[i].tier, t->id);
	t->rules = arena_alloc(&p->arena, n * sizeof *t->rules);
	t->nrules = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (!strcmp(p->rules[i].tier, t->id))
			t->rules[t->nrules++] = i;
}

static void index_links(struct pack *p)
{
	struct names keep = keep_names(p);
	struct marking mk = {.p = p};
	for (size_t i = 0; i < p->nrules; i++) {
		struct names link = {.p = p};
		each_expr(&p->rules[i], p->ngrades, note_link, &link);
		p->rules[i].linked = link.linked;
		if (!link.linked)
			continue;
		mk.rule = &p->rules[i];
		mark_rule(&p->rules[i], &mk);
		kept_names(&p->rules[i], &keep);
	}
	p->keep = keep.v;
	p->nkeep = keep.n;
	p->keep_fields = keep.f;
	p->nkeep_fields = keep.nf;
	p->keep_all = keep.any;
	for (size_t t = 0; t < p->ntiers; t++) {
		index_tier_keep(p, &p->tiers[t]);
		index_tier_rules(p, &p->tiers[t]);
	}
	index_keys(p);
	index_under(p);
}

/* Once the rule list is final: the declared keys and the linked rules. */
void pack_index(struct pack *p)
{
	index_declared(p);
	index_links(p);
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void add_rule(struct rloader *rl, const struct node *m, size_t nbase)
{
	struct pack *p = rl->p;
	struct rule *r = memset(&p->rules[p->nrules], 0, sizeof *r);
	load_rule(rl, r, m);
	if (!r->id || !r->tier)
		return;
	r->origin = p->base ? ORIGIN_ADDED : ORIGIN_BASE;
	r->origin_pack = p->id;
	r->origin_file = p->base ? file_name(p->path) : NULL;
	const struct rule *dup = pack_rule(p, r->id);
	if (dup && p->base && (size_t)(dup - p->rules) < nbase)
		rerr(rl, doc_get(m, "id"), DM_RULE_IN_BASE, ex(rl, r->id),
			  ex(rl, p->base->id));
	else if (dup)
		rerr(rl, doc_get(m, "id"), DM_RULE_TWICE, ex(rl, r->id),
			  dup->line);
	p->nrules++;
}

/* An extending pack starts from its base's rules (copied: overrides change
 * the copy) and appends its own. */
static void load_rules(struct rloader *rl, const struct node *root)
{
	struct pack *p = rl->p;
	const struct pack *base = p->base;
	const struct node *rs = doc_get(root, "rules");
	if ((!base && !rs) || (rs && rs->kind != NODE_SEQ)) {
		rerr(rl, rs ? rs : root, DM_PACK_NEEDS_RULES, "rules");
		return;
	}
	size_t nbase = base ? base->nrules : 0;
	p->rules = arena_alloc(&p->arena, (nbase + (rs ? rs->n : 0) + 1) *
					   sizeof *p->rules);
	if (nbase)
		memcpy(p->rules, base->rules, nbase * sizeof *p->rules);
	p->nrules = nbase;
	for (size_t i = 0; rs && i < rs->n; i++) {
		const struct node *m = rs->items[i];
		if (m->kind != NODE_MAP) {
			rerr(rl, m, DM_RULE_MAP);
			continue;
		}
		add_rule(rl, m, nbase);
	}
}

/* The top-level keys: keys[0..n) are known, and those from keys[refused]
 * on are refused here with a message saying why (not as unknown). */
static void top_keys(struct rloader *rl, const struct node *root,
		     const char *const *keys, size_t n, size_t refused,
		     enum diag_msg what, enum diag_msg why)
{
	if (!doc_check_keys(root, keys, n, what, rl->file, rl->d))
		rl->ok = false;
	for (size_t i = refused; i < n; i++)
		if (doc_get(root, keys[i]))
			rerr(rl, doc_get(root, keys[i]), DM_KEY_REFUSED, keys[i],
			     diag_word(why));
}

static void load_accepts(struct rloader *rl, const struct node *root);

/* A plain pack: everything from this file. */
static void load_plain(struct rloader *rl, const struct node *root)
{
	struct pack *p = rl->p;
	static const char *const keys[] = {"standard", "tiers", "categories",
					   "data", "grades", "measures", "rules",
					   "accepts", "override", "disable"};
	/* The last two are known, but only to a pack that extends another. */
	top_keys(rl, root, keys, countof(keys), countof(keys) - 2, DW_THE_PACK,
		 DW_NEEDS_EXTENDS);
	load_standard(rl, root);
	load_tiers(rl, root);
	load_categories(rl, root, NULL);
	load_grades(rl, root);
	if (!schema_load(&p->schema, &p->arena, doc_get(root, "data"),
			 p->path, rl->d))
		rl->ok = false;
	if (rl->ok)
		load_measures(rl, root);
	if (rl->ok)
		load_rules(rl, root);
	if (rl->ok)
		pack_index(p);
	if (rl->ok)
		load_accepts(rl, root);
}

static void load_layered(struct rloader *rl, const struct node *root);
static struct pack *pack_load_chain(const char *path, struct diags *d,
				     const struct chain *up,
				     const struct packfind_dirs *dirs);

/* A file is read as a pack only when its top level is a mapping with at
 * least one of a pack's own keys, or whose keys are mostly near misses of
 * them (standrd:, for its did-you-mean).  Anything else (a password file,
 * a venue's data file, whose troupes: is only one key of many, notes) is
 * refused in one line that quotes none of it: its lines are not unknown
 * keys of a pack. */
static bool pack_shaped(const struct node *root)
{
	static const char *const keys[] = {"standard", "tiers", "categories",
					   "data", "rules", "override",
					   "disable", "extends"};
	if (root->kind != NODE_MAP)
		return false;
	size_t near = 0;
	for (size_t i = 0; i < countof(keys); i++)
		if (doc_get(root, keys[i]))
			return true;
	for (size_t i = 0; i < root->n; i++)
		if (suggest_closest(root->pairs[i].key->text, keys, countof(keys)))
			near++;
	return 2 * near > root->n;
}

static struct pack *load(struct pack *p, struct node *root, struct diags *d,
			 const struct chain *chain)
{
	struct rloader rl = {.p = p, .file = p->path, .d = d, .ok = root != NULL,
			     .chain = chain};
	if (root && !pack_shaped(root))
		rerr(&rl, root, root->kind == NODE_MAP ? DM_NOT_PACK_MAP : DM_NOT_PACK,
		     doc_kind_words(root));
	if (rl.ok && doc_get(root, "extends"))
		load_layered(&rl, root);
	else if (rl.ok)
		load_plain(&rl, root);
	if (!rl.ok) {
		pack_free(p);
		return NULL;
	}
	return p;
}

/* The messages of a pack that names another (extends:, accepts:). */
struct other_msgs {
	enum diag_msg not_yaml, outside, not_found, cycle, deep, invalid;
};
static const struct other_msgs base_msgs = {
	DM_BASE_NOT_YAML, DM_BASE_OUTSIDE, DM_BASE_NOT_FOUND,
	DM_EXTENDS_CYCLE, DM_EXTENDS_DEEP, DM_BASE_INVALID};
static const struct other_msgs accept_msgs = {
	DM_ACCEPTED_NOT_YAML, DM_ACCEPTED_OUTSIDE, DM_ACCEPTED_NOT_FOUND,
	DM_ACCEPTS_CYCLE, DM_ACCEPTS_DEEP, DM_ACCEPTED_INVALID};

/* Another pack this one names, found like --rules (with the same limits
 * on paths: packfind_base), loaded on its own. */
static struct pack *load_other(struct rloader *rl, const struct node *ext,
			       const struct other_msgs *msg)
{
	char path[PATH_MAX + 64], canon[PATH_MAX];
	const char *name = ex(rl, ext->text);
	switch (packfind_base(rl->chain ? rl->chain->dirs : NULL, ext->text, rl->file,
			      path, sizeof path)) {
	case PACKFIND_OK:
		break;
	case PACKFIND_NOT_YAML:
		rerr(rl, ext, msg->not_yaml, name);
		return NULL;
	case PACKFIND_OUTSIDE:
		rerr(rl, ext, msg->outside, name);
		return NULL;
	default:
		rerr(rl, ext, msg->not_found, name, packfind_rulesdir());
		return NULL;
	}
	const char *key = realpath(path, canon) ? canon : path;
	for (const struct chain *c = rl->chain; c; c = c->up)
		if (strcmp(c->path, key) == 0) {
			rerr(rl, ext, msg->cycle, name,
				  utf8_escape_in(&rl->p->arena, path));
			return NULL;
		}
	if (rl->chain && rl->chain->depth >= MAX_EXTENDS) {
		rerr(rl, ext, msg->deep, name, MAX_EXTENDS);
		return NULL;
	}
	struct pack *other = pack_load_chain(path, rl->d, rl->chain, NULL);
	if (!other)
		rerr(rl, ext, msg->invalid, name);
	return other;
}

/* extends: the base pack. */
static struct pack *load_base(struct rloader *rl, const struct node *ext)
{
	if (ext->kind != NODE_SCALAR || doc_is_null(ext)) {
		rerr(rl, ext, DM_EXTENDS_NAME, "extends");
		return NULL;
	}
	return load_other(rl, ext, &base_msgs);
}

/* Whether key is among the n keys of k. */
static bool has_key(const struct declared_keys *k, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k->keys[i], key) == 0)
			return true;
	return false;
}

/* The declared keys a file of each tier may use: its rules', the base's
 * (which may accept more) and the accepted packs' for a tier of that id. */
static void index_valid(struct pack *p)
{
	for (size_t t = 0; t < p->ntiers; t++) {
		struct tier *tr = &p->tiers[t];
		const struct pack *from[MAX_EXTENDS + 2];
		size_t nf = 0, total = tr->declared.n;
		if (p->base)
			from[nf++] = p->base;
		for (size_t i = 0; i < p->naccepted && nf < countof(from); i++)
			from[nf++] = p->accepted[i];
		for (size_t i = 0; i < nf; i++)
			total += pack_declared_keys(from[i], tr->id).n;
		struct declared_keys v = {
			.keys = arena_alloc(&p->arena, (total + 1) * sizeof(char *))};
		for (size_t i = 0; i < tr->declared.n; i++)
			v.keys[v.n++] = tr->declared.keys[i];
		for (size_t i = 0; i < nf; i++) {
			struct declared_keys k = pack_declared_keys(from[i], tr->id);
			for (size_t j = 0; j < k.n; j++)
				if (!has_key(&v, v.n, k.keys[j]))
					v.keys[v.n++] = k.keys[j];
		}
		tr->valid = v.n > tr->declared.n ? v : (struct declared_keys){0};
	}
}

/* accepts: [jiaxing-2015]: a file of this pack may also hold the data of
 * those packs, validated by their definitions, never required and never
 * read by this pack's rules (compiled before, against this format only). */
static void load_accepts(struct rloader *rl, const struct node *root)
{
	struct pack *p = rl->p;
	const struct node *a = doc_get(root, "accepts");
	if (!a) {
		index_valid(p);
		return;
	}
	if (a->kind != NODE_SEQ || a->n == 0 || a->n > MAX_EXTENDS) {
		rerr(rl, a, DM_ACCEPTS_NAME);
		return;
	}
	struct schema *v = arena_alloc(&p->arena, sizeof *v);
	*v = p->schema.valid ? *p->schema.valid : p->schema;
	v->valid = NULL;
	p->accepted = arena_alloc(&p->arena, a->n * sizeof *p->accepted);
	for (size_t i = 0; i < a->n; i++) {
		const struct node *n = a->items[i];
		if (n->kind != NODE_SCALAR || doc_is_null(n)) {
			rerr(rl, n, DM_ACCEPTS_NAME);
			continue;
		}
		struct pack *q = load_other(rl, n, &accept_msgs);
		if (!q)
			continue;
		p->accepted[p->naccepted++] = q;
		if (!schema_merge(v, &q->schema, false, &p->arena, rl->d))
			rl->ok = false;
		/* A workbook written for q names the tier as q does. */
		schema_tier_aliases(v, &p->arena, q->schema.tiers, q->schema.tier_names,
				    q->schema.ntiers);
	}
	p->schema.valid = v;
	index_valid(p);
}

static struct pack *new_pack(const char *name)
{
	struct pack *p = xcalloc(1, sizeof *p);
	arena_init(&p->arena);
	p->path = arena_strdup(&p->arena, name);
	return p;
}

/* The chain link of the pack being loaded from path. */
static struct chain link(const char *path, const struct chain *up,
			 char *canon, const struct packfind_dirs *dirs)
{
	struct chain c = {.path = realpath(path, canon) ? canon : path, .up = up,
			  .depth = up ? up->depth + 1 : 1, .dirs = up ? up->dirs : dirs};
	return c;
}

static struct pack *pack_load_chain(const char *path, struct diags *d,
				     const struct chain *up,
				     const struct packfind_dirs *dirs)
{
	char canon[PATH_MAX];
	struct chain here = link(path, up, canon, dirs);
	struct pack *p = new_pack(path);
	return load(p, doc_load_file(&p->arena, path, NULL, d), d, &here);
}

struct pack *pack_load(const char *path, struct diags *d)
{
	return pack_load_chain(path, d, NULL, NULL);
}

struct pack *pack_load_in(const char *path, const struct packfind_dirs *dirs,
			   struct diags *d)
{
	return pack_load_chain(path, d, NULL, dirs);
}

struct pack *pack_load_string(const char *name, const char *buf, size_t len,
			       struct diags *d)
{
	return pack_load_string_in(name, buf, len, NULL, d);
}

struct pack *pack_load_string_in(const char *name, const char *buf, size_t len,
				  const struct packfind_dirs *dirs,
				  struct diags *d)
{
	char canon[PATH_MAX];
	struct chain here = link(name, NULL, canon, dirs);
	struct pack *p = new_pack(name);
	return load(p, doc_load_string(&p->arena, name, buf, len, NULL, d), d,
		    &here);
}

void pack_free(struct pack *p)
{
	if (!p)
		return;
	pack_free(p->base);
	for (size_t i = 0; i < p->naccepted; i++)
		pack_free(p->accepted[i]);
	for (size_t i = 0; i < p->nparts; i++)
		pack_free(p->parts[i]);
	arena_free(&p->arena);
	free(p);
}

const struct tier *pack_tier(const struct pack *p, const char *id)
{
	for (size_t i = 0; i < p->ntiers; i++)
		if (strcmp(p->tiers[i].id, id) == 0)
			return &p->tiers[i];
	return NULL;
}

const struct category *pack_category(const struct pack *p, const char *name)
{
	for (size_t i = 0; i < p->ncats; i++)
		if (strcmp(p->cats[i].name, name) == 0)
			return &p->cats[i];
	return NULL;
}

const struct rule *pack_rule(const struct pack *p, const char *id)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].id && strcmp(p->rules[i].id, id) == 0)
			return &p->rules[i];
	return NULL;
}

struct declared_keys pack_declared_keys(const void *pack, const char *tier)
{
	const struct tier *t = pack_tier(pack, tier);
	struct declared_keys none = {0};
	return !t ? none : t->valid.keys ? t->valid : t->declared;
}

const char *pack_kind_name(enum rule_kind k)
{
	return kind_names[k];
}

int pack_grade_index(const struct pack *p, const char *name)
{
	for (size_t i = 0; i < p->ngrades; i++)
		if (strcmp(p->grades[i].id, name) == 0 ||
		    strcmp(p->grades[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *pack_grade_name(const struct pack *p, int g, bool english)
{
	if (g < 0 || (size_t)g >= p->ngrades)
		return english ? "no grade" : "未达等级";
	const struct grade *gr = &p->grades[g];
	return english && gr->name_en ? gr->name_en : gr->name;
}

const char *pack_op_text(enum op op)
{
	static const char *const sym[] = {"≥", ">", "≤", "<", "="};
	return sym[op];
}

const char *pack_requirement(const struct rule *r, bool english,
			      struct arena *a)
{
	if (r->kind == KIND_DECLARED)
		return english ? "yes" : "是";
	const char *text = english && r->requirement_en ? r->requirement_en
							: r->requirement;
	if (text)
		return text;
	const struct comparison *c = &r->checks[0];
	const char *unit = english && c->unit_en ? c->unit_en
			 : c->unit ? c->unit : "";
	double x;
	if (expr_constant(c->threshold, &x)) {
		if (c->percent)
			return arena_printf(a, "%s %g%%", pack_op_text(c->op), x * 100);
		return arena_printf(a, "%s %g%s%s", pack_op_text(c->op), x,
				    *unit ? " " : "", unit);
	}
	return arena_printf(a, "%s %s%s%s", pack_op_text(c->op),
			    expr_text(c->threshold), *unit ? " " : "", unit);
}

const char *pack_origin_text(const struct rule *r, struct arena *a)
{
	switch (r->origin) {
	case ORIGIN_ADDED:
		return arena_printf(a, "added in %s", r->origin_file);
	case ORIGIN_OVERRIDDEN:
		return arena_printf(a, "overridden in %s", r->origin_file);
	default:
		return r->origin_pack ? r->origin_pack : "";
	}
}

const char **pack_rule_ids(const struct pack *p, struct arena *a, size_t *n)
{
	const char **ids = arena_alloc(a, (p->nrules + 1) * sizeof *ids);
	for (size_t i = 0; i < p->nrules; i++)
		ids[i] = p->rules[i].id;
	*n = p->nrules;
	return ids;
}

/* Layered packs: extends, override, disable.  The base is loaded whole and
 * kept (its strings, expressions and data format are shared); this pack
 * copies what it may change. */

/* The rule a key of override: or disable: names, or NULL after an error
 * with a did-you-mean.  Rules this pack adds are changed where they are. */
static struct rule *named_rule(struct rloader *rl, const struct node *key,
			       const char *what)
{
	struct pack *p = rl->p;
	struct rule *r = (struct rule *)pack_rule(p, key->text);
	if (r && r->origin == ORIGIN_ADDED && r->origin_pack == p->id) {
		rerr(rl, key, DM_RULE_ADDED_HERE, what, ex(rl, key->text));
		return NULL;
	}
	if (r)
		return r;
	size_t n;
	const char **ids = pack_rule_ids(p, &p->arena, &n);
	const char *near = suggest_closest(key->text, ids, n);
	if (near)
		rerr(rl, key, DM_NO_RULE_HINT, what, ex(rl, key->text),
			  ex(rl, p->base->id), ex(rl, near));
	else
		rerr(rl, key, DM_NO_RULE, what, ex(rl, key->text),
			  ex(rl, p->base->id));
	return NULL;
}

/* A block of override: or disable:, a mapping of rule ids; NULL if absent. */
static const struct node *id_map(struct rloader *rl, const struct node *root,
				 const char *key, enum diag_msg example)
{
	const struct node *m = doc_get(root, key);
	if (m && m->kind != NODE_MAP && !doc_is_null(m)) {
		rerr(rl, m, DM_ID_MAP, key, diag_word(example));
		return NULL;
	}
	return m && m->kind == NODE_MAP ? m : NULL;
}

static void override_threshold(struct rloader *rl, struct rule *r,
			       const struct node *m)
{
	const struct node *t = doc_get(m, "threshold");
	if (r->kind == KIND_DECLARED || r->nchecks != 1) {
		rerr(rl, t, DM_OVERRIDE_ONE_CHECK, ex(rl, r->id),
		     diag_word(r->kind == KIND_DECLARED ? DW_NO_THRESHOLD
						       : DW_SEVERAL_CHECKS));
		return;
	}
	struct comparison *c = arena_alloc(&rl->p->arena, sizeof *c);
	*c = r->checks[0];
	c->threshold = NULL;
	load_threshold(rl, c, m);
	if (!c->threshold)
		return;
	check_threshold(rl, c, m);
	r->checks = c;
	/* The base's wording of the requirement described the old threshold. */
	r->requirement = r->requirement_en = NULL;
}

static const char *const override_keys[] = {
	"threshold", "severity", "summary", "title", "requirement",
	"requirement_en", "note", "note_en"};

static void override_rule(struct rloader *rl, struct rule *r,
			  const struct node *m)
{
	if (m->kind != NODE_MAP || m->n == 0) {
		rerr(rl, m, DM_OVERRIDE_MAP, ex(rl, r->id));
		return;
	}
	if (!doc_check_keys(m, override_keys, countof(override_keys), DW_OVERRIDE, rl->file, rl->d))
		rl->ok = false;
	if (doc_get(m, "threshold"))
		override_threshold(rl, r, m);
	load_severity(rl, r, m);
	const char **texts[] = {&r->summary, &r->title, &r->requirement,
				&r->requirement_en, &r->note, &r->note_en};
	for (size_t i = 0; i < 6; i++) {
		const char *t = opt_text(rl, m, override_keys[i + 2]);
		if (t)
			*texts[i] = t;
	}
	r->origin = ORIGIN_OVERRIDDEN;
	r->origin_file = file_name(rl->p->path);
}

static void apply_overrides(struct rloader *rl, const struct node *root)
{
	const struct node *o = id_map(rl, root, "override", DW_OVERRIDE_EXAMPLE);
	for (size_t i = 0; o && i < o->n; i++) {
		struct rule *r = named_rule(rl, o->pairs[i].key, "override");
		if (r)
			override_rule(rl, r, o->pairs[i].value);
	}
}

/* Move the disabled rules out of the rule list, keeping the order of the
 * rest; the base's own disabled rules come first. */
static void apply_disables(struct rloader *rl, const struct node *root)
{
	struct pack *p = rl->p;
	const struct node *dis = id_map(rl, root, "disable", DW_REASON);
	const struct node *over = doc_get(root, "override");
	size_t nb = p->base->ndisabled, n = dis ? dis->n : 0;
	p->disabled = arena_alloc(&p->arena, (nb + n + 1) * sizeof *p->disabled);
	for (size_t i = 0; i < nb; i++)
		p->disabled[p->ndisabled++] = p->base->disabled[i];
	for (size_t i = 0; i < n; i++) {
		const struct node *k = dis->pairs[i].key, *why = dis->pairs[i].value;
		struct rule *r = named_rule(rl, k, "disable");
		if (!r)
			continue;
		if (why->kind != NODE_SCALAR || doc_is_null(why) || !*why->text)
			rerr(rl, why->kind == NODE_SCALAR ? k : why, DM_DISABLE_REASON,
				  ex(rl, k->text), ex(rl, k->text));
		else if (over && doc_get(over, k->text))
			rerr(rl, k, DM_OVERRIDE_AND_DISABLE, ex(rl, k->text));
		else
			p->disabled[p->ndisabled++] = (struct disabled_rule){
				.rule = *r, .reason = why->text,
				.file = file_name(p->path)};
	}
	size_t kept = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		size_t k = nb;
		while (k < p->ndisabled && strcmp(p->disabled[k].rule.id, p->rules[i].id) != 0)
			k++;
		if (k == p->ndisabled)
			p->rules[kept++] = p->rules[i];
	}
	p->nrules = kept;
}

/* Tiers and the data format are the base's: a venue file valid under the
 * base stays valid under every pack that extends it. */
static void inherit(struct pack *p, const struct pack *base)
{
	p->ntiers = base->ntiers;
	p->tiers = arena_alloc(&p->arena, (p->ntiers + 1) * sizeof *p->tiers);
	memcpy(p->tiers, base->tiers, p->ntiers * sizeof *p->tiers);
	p->grades = base->grades;
	p->ngrades = base->ngrades;
	int effective = p->schema.effective_year;
	p->schema = base->schema;
	if (effective)
		p->schema.effective_year = effective;
}

static void load_layered(struct rloader *rl, const struct node *root)
{
	struct pack *p = rl->p;
	static const char *const keys[] = {"extends", "standard", "categories",
					   "override", "disable", "rules", "accepts",
					   "tiers", "data", "grades", "measures"};
	/* The last four are the base's, which an extending pack cannot change. */
	top_keys(rl, root, keys, countof(keys), countof(keys) - 4,
		 DW_EXTENDING_PACK, DW_INHERITED);
	p->base = load_base(rl, doc_get(root, "extends"));
	if (!p->base)
		return;
	load_standard(rl, root);
	inherit(p, p->base);
	load_categories(rl, root, p->base);
	load_rules(rl, root);
	apply_overrides(rl, root);
	apply_disables(rl, root);
	/* Overrides may change what a rule reads; disabled rules read nothing. */
	if (rl->ok)
		pack_index(p);
	if (rl->ok)
		load_accepts(rl, root);
}

struct reads_query {
	const char *block, *field; /* field NULL: any read of the block */
	bool found;
};

static void match_read(void *ctx, const char *block, const char *field)
{
	struct reads_query *q = ctx;
	if (strcmp(q->block, block) == 0 &&
	    (!q->field || (field && strcmp(q->field, field) == 0)))
		q->found = true;
}

bool pack_rule_reads(const struct rule *r, const char *block, const char *field)
{
	struct reads_query q = {block, field, false};
	for (size_t k = 0; k < r->nchecks && !q.found; k++) {
		const struct comparison *c = &r->checks[k];
		if (c->applies)
			expr_reads(c->applies, match_read, &q);
		expr_reads(c->measure, match_read, &q);
		expr_reads(c->threshold, match_read, &q);
	}
	/* The demotion too; the other grades' thresholds of a list or a
	 * mapping (threshold is the lowest grade's) are not looked into: the
	 * rule knows not how many there are. */
	if (r->demote && !q.found)
		expr_reads(r->demote, match_read, &q);
	return q.found;
}
