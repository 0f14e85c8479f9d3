/* explain.c - a rule in words, from the pack alone: nothing here knows a
 * clause.  Counting conditions are read off the compiled `where` filters
 * (expr_parts) and put in words where their shape is a common one (a field
 * against a value, a tag present or absent); anything else is shown as the
 * pack wrote it.  With a venue file, each ledger entry is judged against
 * the filter (expr_where) and an entry left out is shown with the part of
 * the filter it fails. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#include "check.h"
#include "expr.h"
#include "gradetext.h"
#include "label.h"
#include "suggest.h"
#include "template.h"

struct ex {
	const struct pack *p;
	const struct rule *r;
	bool en;
	struct arena *a;
	FILE *out;
};

const struct rule *explain_find(const struct pack *p, const char *id,
				const char **suggest,
				const struct disabled_rule **disabled)
{
	const struct rule *r = pack_rule(p, id);
	*suggest = NULL;
	*disabled = NULL;
	if (r)
		return r;
	for (size_t i = 0; i < p->ndisabled; i++)
		if (strcmp(p->disabled[i].rule.id, id) == 0)
			*disabled = &p->disabled[i];
	struct arena a;
	arena_init(&a);
	size_t n;
	const char **ids = pack_rule_ids(p, &a, &n);
	*suggest = *disabled ? NULL : suggest_closest(id, ids, n);
	arena_free(&a);
	return NULL;
}

static const char *tr(const struct ex *x, const char *zh, const char *en)
{
	return x->en ? en : zh;
}

/* Why an evaluation lacks data, in the explanation's language. */
static const char *why_of(const struct ex *x, const struct eval *e)
{
	const char *w = !x->en && e->why_zh ? e->why_zh : e->why;
	return w ? w : "?";
}

/* ---- what a rule reads ---- */

struct read_list {
	const char *items[64];
	size_t n;
	struct arena *a;
	const struct schema *schema; /* not the batch's children and parent */
};

static void add_read(void *ctx, const char *block, const char *field)
{
	struct read_list *l = ctx;
	if (!schema_block(l->schema, block))
		return;
	const char *s = field ? arena_printf(l->a, "%s.%s", block, field) : block;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], s) == 0)
			return;
	if (l->n < 64)
		l->items[l->n++] = s;
}

/* Whether the list names a field of block (block.x). */
static bool has_field_of(const struct read_list *l, const char *block)
{
	size_t n = strlen(block);
	for (size_t i = 0; i < l->n; i++)
		if (strncmp(l->items[i], block, n) == 0 && l->items[i][n] == '.')
			return true;
	return false;
}

static void print_reads(const struct ex *x)
{
	struct read_list l = {.a = x->a, .schema = &x->p->schema};
	for (size_t k = 0; k < x->r->nchecks; k++) {
		const struct comparison *c = &x->r->checks[k];
		if (c->applies)
			expr_reads(c->applies, add_read, &l);
		expr_reads(c->measure, add_read, &l);
		expr_reads(c->threshold, add_read, &l);
	}
	utf8_printf(x->out, "  %s", tr(x, "读取：", "Reads: "));
	bool first = true;
	for (size_t i = 0; i < l.n; i++) {
		if (has_field_of(&l, l.items[i]))
			continue; /* events, when events.participants says more */
		utf8_printf(x->out, "%s%s", first ? "" : tr(x, "、", ", "), l.items[i]);
		first = false;
	}
	fputc('\n', x->out);
}

/* ---- conditions in words ---- */

static const struct block *ledger_of(const struct ex *x, const struct expr *agg)
{
	struct expr_parts src = expr_parts(expr_parts(agg).a);
	const struct block *b = src.t == E_ROOT
		? schema_block(&x->p->schema, src.name) : NULL;
	return b && b->shape == SHAPE_LEDGER ? b : NULL;
}

/* "参与人数" / "participants" for x.field of an entry of b; NULL otherwise. */
static const char *field_words(const struct ex *x, const struct block *b,
			       const struct expr *e)
{
	struct expr_parts p = expr_parts(e);
	if (!b || p.t != E_FIELD || expr_parts(p.a).t != E_VAR)
		return NULL;
	const struct field *f = schema_field(b, p.name);
	if (!f)
		return NULL;
	return x->en || !f->label ? f->name : f->label;
}

static const char *literal_words(const struct ex *x, const struct expr *e)
{
	struct expr_parts p = expr_parts(e);
	if (p.t == E_STR)
		return p.lit.u.str;
	if (p.t == E_NUM)
		return label_number(p.lit.u.num, x->a);
	if (p.t != E_LIST)
		return NULL;
	const char *s = "";
	for (size_t i = 0; i < p.nlist; i++) {
		const char *w = literal_words(x, p.list[i]);
		if (!w)
			return NULL;
		s = arena_printf(x->a, "%s%s%s", s, i ? tr(x, "、", " or ") : "", w);
	}
	return s;
}

static const char *cond_words(const struct ex *x, const struct block *b,
			      const struct expr *e, bool neg);

static const char *cmp_words(const struct ex *x, const struct block *b,
			     struct expr_parts p, bool neg)
{
	static const char *const sym[] = {[E_EQ] = "=", [E_NE] = "≠", [E_LT] = "<",
					  [E_LE] = "≤", [E_GT] = ">", [E_GE] = "≥"};
	static const char *const nsym[] = {[E_EQ] = "≠", [E_NE] = "=", [E_LT] = "≥",
					   [E_LE] = ">", [E_GT] = "≤", [E_GE] = "<"};
	const char *f = field_words(x, b, p.a), *v = literal_words(x, p.b);
	if (p.t == E_IN) {
		const char *tag = literal_words(x, p.a), *tags = field_words(x, b, p.b);
		if (tag && tags)
			return arena_printf(x->a, "%s%s %s", tags,
					    neg ? tr(x, "不含", " lacks") : tr(x, "含", " has"), tag);
		if (f && v)
			return arena_printf(x->a, "%s %s %s", f, neg ? "∉" : "∈", v);
		return NULL;
	}
	if (!f || !v)
		return NULL;
	return arena_printf(x->a, "%s %s %s", f, (neg ? nsym : sym)[p.t], v);
}

static const char *cond_words(const struct ex *x, const struct block *b,
			      const struct expr *e, bool neg)
{
	struct expr_parts p = expr_parts(e);
	const char *l, *r;
	switch (p.t) {
	case E_NOT:
		return cond_words(x, b, p.a, !neg);
	case E_AND: case E_OR:
		l = cond_words(x, b, p.a, neg);
		r = cond_words(x, b, p.b, neg);
		if (!l || !r)
			return NULL;
		return arena_printf(x->a, (p.t == E_AND) != neg ? "%s%s%s" : "(%s%s%s)",
				    l, (p.t == E_AND) != neg ? tr(x, " 且 ", " and ")
							     : tr(x, " 或 ", " or "), r);
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE: case E_IN:
		return cmp_words(x, b, p, neg);
	case E_FIELD:
		l = field_words(x, b, e);
		return l && neg ? arena_printf(x->a, "%s%s", tr(x, "非", "not "), l) : l;
	default:
		return NULL;
	}
}

static const char *agg_names(enum etype t, bool en)
{
	static const char *const zh[] = {"条目数", "之和", "最小值", "最大值",
					 "全部满足", "任一满足", "不同取值"};
	static const char *const eng[] = {"number of", "sum of", "smallest", "largest",
					  "every", "any", "distinct"};
	return (en ? eng : zh)[t - E_COUNT];
}

/* The aggregates of e that are not inside another one: those whose items
 * can be judged on their own. */
static size_t outer_aggregates(const struct expr *e, const struct expr **out,
			       size_t max)
{
	const struct expr *all[32];
	size_t n = expr_aggregates(e, all, 32), k = 0;
	for (size_t i = 0; i < n && i < 32 && k < max; i++) {
		out[k++] = all[i];
		/* Preorder: the ones inside all[i] follow it. */
		i += expr_aggregates(all[i], NULL, 0) - 1;
	}
	return k;
}

/* "活动台账（events）中 参与人数 ≥ 500 的条目数" */
static void print_derivation(const struct ex *x, const struct expr *agg)
{
	struct expr_parts p = expr_parts(agg);
	const struct block *b = ledger_of(x, agg);
	const char *cond = p.b ? cond_words(x, b, p.b, false) : NULL;
	if (!cond && p.b)
		cond = arena_printf(x->a, "`%s`", expr_text(p.b));
	const char *what = b ? (x->en ? b->name : arena_printf(x->a, "%s（%s）",
		b->label ? b->label : b->name, b->name))
		: arena_printf(x->a, "`%s`%s", expr_text(p.a), x->en ? "" : " ");
	const char *body = p.c ? field_words(x, b, p.c) : NULL;
	if (p.c && !body)
		body = arena_printf(x->a, "`%s`%s", expr_text(p.c), x->en ? "" : " ");
	if (x->en)
		utf8_printf(x->out, "    %s %s%s%s%s%s\n", agg_names(p.t, true),
			body ? body : "entries", body ? " over " : " of ", what,
			cond ? " where " : "", cond ? cond : "");
	else
		utf8_printf(x->out, "    %s中%s%s%s的%s%s\n", what, cond ? " " : "",
			cond ? cond : "", cond ? " " : "", body ? body : "",
			agg_names(p.t, false));
}

/* ---- the rule ---- */

static void print_checks(const struct ex *x)
{
	const struct rule *r = x->r;
	utf8_printf(x->out, "  %s%s\n", tr(x, "要求：", "Requires: "),
		pack_requirement(r, x->en, x->a));
	for (size_t k = 0; k < r->nchecks; k++) {
		const struct comparison *c = &r->checks[k];
		const char *label = x->en && c->label_en ? c->label_en : c->label;
		utf8_printf(x->out, "  %s%s%s%s%s`%s %s %s`%s\n", tr(x, "表达式", "Expression"),
			label ? tr(x, "（", " (") : "", label ? label : "",
			label ? tr(x, "）", ")") : "", tr(x, "：", ": "),
			expr_text(c->measure), pack_op_text(c->op), expr_text(c->threshold),
			c->batch ? tr(x, "（批量核查）", " (batch)") : "");
		if (c->applies)
			utf8_printf(x->out, "    %s`%s`\n", tr(x, "仅当 ", "only when "),
				expr_text(c->applies));
		const struct expr *aggs[8];
		size_t n = outer_aggregates(c->measure, aggs, 8);
		for (size_t i = 0; i < n; i++)
			print_derivation(x, aggs[i]);
	}
}

/* A graded pack: the rule's part in the grade. */
static void print_role(const struct ex *x)
{
	const struct rule *r = x->r;
	if (!x->p->ngrades)
		return;
	const char *role =
		r->demote ? arena_printf(x->a, x->en ? "a demotion: lowers the grade by `%s`"
						     : "降级条件：降 `%s` 级",
					 expr_text(r->demote))
		: r->points ? arena_printf(x->a, x->en ? "a scored item: out of %g points, earns `%s`"
						       : "计分项：满分 %g 分，得分 `%s`",
					   r->max_points, expr_text(r->points))
		: r->gates ? tr(x, "定级门槛：场馆只能达到本条允许的等级",
				"gates the grade: the venue reaches no better grade than this rule allows")
			   : tr(x, "不参与定级（gates: false）", "does not gate the grade (gates: false)");
	utf8_printf(x->out, "  %s%s\n", tr(x, "定级：", "Grade: "), role);
	for (size_t k = 0; k < r->nchecks; k++) {
		const struct comparison *c = &r->checks[k];
		/* Bands that give a list: one text for every grade. */
		bool bands = c->per_grade && c->per_grade[0] &&
			     expr_text(c->per_grade[0]) == expr_text(c->threshold);
		if (bands)
			utf8_printf(x->out, "    %s%s%s%s `%s`\n",
				    tr(x, "各级（由高到低）", "per grade, best first"),
				    c->label ? " [" : "",
				    c->label ? (x->en && c->label_en ? c->label_en : c->label) : "",
				    c->label ? "]" : "", expr_text(c->threshold));
		for (size_t g = 0; c->per_grade && !bands && g < x->p->ngrades; g++)
			utf8_printf(x->out, "    %s%s%s%s `%s`\n",
				    gradetext_name(x->p, (int)g, x->en ? LANG_EN : LANG_ZH),
				    c->label ? " [" : "",
				    c->label ? (x->en && c->label_en ? c->label_en : c->label) : "",
				    c->label ? "]" : "",
				    c->per_grade[g] ? expr_text(c->per_grade[g])
						    : tr(x, "（无要求）", "(no requirement)"));
	}
}

static void print_head(const struct ex *x)
{
	const struct rule *r = x->r;
	enum lang l = x->en ? LANG_EN : LANG_ZH;
	utf8_printf(x->out, "%s  %s\n", r->id, label_rule(r, l));
	utf8_printf(x->out, "  %s%s\n", tr(x, "条款：", "Clause: "), r->clause);
	utf8_printf(x->out, "  %s%s (%s)  %s%s  %s%s\n", tr(x, "层级：", "Tier: "),
		label_tier(x->p, r->tier, l), r->tier, tr(x, "类别：", "Category: "),
		label_category(x->p, r->category, l), tr(x, "类型：", "Kind: "),
		pack_kind_name(r->kind));
	if (r->warning)
		utf8_printf(x->out, "  %s\n", tr(x, "严重程度：警告", "Severity: warning"));
	if (r->origin != ORIGIN_BASE || x->p->nparts)
		utf8_printf(x->out, "  %s%s\n", tr(x, "来源：", "Origin: "),
			pack_origin_text(r, x->a));
}

static void print_note(const struct ex *x)
{
	const char *note = x->en && x->r->note_en ? x->r->note_en : x->r->note;
	if (note)
		utf8_printf(x->out, "  %s%s\n", tr(x, "说明：", "Note: "), note);
}

static void print_example(const struct ex *x, int year)
{
	struct diags d;
	diag_init(&d);
	struct template *t = template_build(x->p, x->r->tier, year, &d);
	diag_free(&d);
	if (!t)
		return;
	utf8_printf(x->out, "  %s\n", tr(x, "通过示例（同 venuecheck template）：",
				     "Passing example (as in venuecheck template):"));
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (mem) {
		template_write_rule(t, x->r, mem);
		fclose(mem);
		for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			utf8_printf(x->out, "    %s\n", line);
	}
	free(buf);
	template_free(t);
}

/* ---- the derivation for one venue ---- */

static const char *entry_name(const struct ex *x, const struct value *e,
			      size_t i)
{
	const struct value *date = value_get(e, "date");
	const struct value *title = value_get(e, "title");
	const struct value *name = value_get(e, "name");
	if (date && date->type == V_DATE && title && title->type == V_STR)
		return arena_printf(x->a, "%04d-%02d-%02d %s", date->u.date / 10000,
				    date->u.date / 100 % 100, date->u.date % 100,
				    title->u.str);
	if (name && name->type == V_STR)
		return name->u.str;
	return arena_printf(x->a, "#%zu", i + 1);
}

/* The smallest part of a filter that is not true for the bound entry:
 * into `and` and the branch an `if` takes. */
static const struct expr *failing_part(const struct ex *x, const struct expr *e,
				       const struct value *root,
				       const struct value *vars)
{
	struct expr_parts p = expr_parts(e);
	if (p.t == E_AND) {
		struct eval l = expr_eval_vars(p.a, root, vars, EXPR_MAX_VARS, x->a);
		bool left_ok = l.st == EVAL_OK && l.v.type == V_BOOL && l.v.u.b;
		return failing_part(x, left_ok ? p.b : p.a, root, vars);
	}
	if (p.t == E_IF) {
		struct eval c = expr_eval_vars(p.a, root, vars, EXPR_MAX_VARS, x->a);
		if (c.st == EVAL_OK && c.v.type == V_BOOL)
			return failing_part(x, c.v.u.b ? p.b : p.c, root, vars);
	}
	return e;
}

static const char *value_words(const struct ex *x, const struct value *v)
{
	switch (v->type) {
	case V_NUM: return label_number(v->u.num, x->a);
	case V_STR: return arena_printf(x->a, "\"%s\"", v->u.str);
	case V_BOOL: return v->u.b ? "true" : "false";
	case V_NULL: return tr(x, "（空）", "(empty)");
	case V_LIST: {
		const char *s = "[";
		for (size_t i = 0; i < v->n; i++)
			s = arena_printf(x->a, "%s%s%s", s, i ? ", " : "",
					 value_words(x, &v->items[i]));
		return arena_printf(x->a, "%s]", s);
	}
	default: return "?";
	}
}

/* "e.participants = 150" for each side of the failing part that is not a
 * literal: what the entry holds there, or what a nested count gives. */
static const char *operand_values(const struct ex *x, const struct expr *e,
				  const struct value *root,
				  const struct value *vars)
{
	struct expr_parts p = expr_parts(e);
	if (p.t == E_NOT)
		return operand_values(x, p.a, root, vars);
	const struct expr *sides[2] = {p.a, p.b};
	const char *s = "";
	for (size_t i = 0; i < 2; i++) {
		enum etype t = sides[i] ? expr_parts(sides[i]).t : E_NUM;
		if (t == E_NUM || t == E_STR || t == E_BOOL || t == E_NULL || t == E_LIST)
			continue;
		struct eval v = expr_eval_vars(sides[i], root, vars, EXPR_MAX_VARS, x->a);
		if (v.st == EVAL_OK)
			s = arena_printf(x->a, "%s%s%s = %s", s, *s ? ", " : "",
					 expr_text(sides[i]), value_words(x, &v.v));
	}
	return s;
}

static void print_entry(const struct ex *x, const struct expr *agg,
			const struct value *root, const struct value *item,
			size_t i)
{
	const char *name = entry_name(x, item, i);
	struct eval w = expr_where(agg, root, item, x->a);
	if (w.st != EVAL_OK || w.v.type != V_BOOL) {
		utf8_printf(x->out, "      %s %s: %s\n", tr(x, "无法判断", "unknown    "), name,
			why_of(x, &w));
		return;
	}
	if (w.v.u.b) {
		utf8_printf(x->out, "      %s %s\n", tr(x, "计入    ", "counted    "), name);
		return;
	}
	struct value vars[EXPR_MAX_VARS];
	memset(vars, 0, sizeof vars);
	vars[expr_parts(agg).slot] = *item;
	const struct expr *bad = failing_part(x, expr_parts(agg).b, root, vars);
	const char *vals = operand_values(x, bad, root, vars);
	utf8_printf(x->out, "      %s %s: `%s` %s%s%s%s\n", tr(x, "不计入  ", "not counted"),
		name, expr_text(bad), tr(x, "不成立", "fails"), *vals ? " (" : "", vals,
		*vals ? ")" : "");
}

static void print_entries(const struct ex *x, const struct expr *agg,
			  const struct value *root)
{
	const struct block *b = ledger_of(x, agg);
	const struct value *list = b ? value_get(root, b->name) : NULL;
	if (!list || list->type != V_LIST)
		return;
	utf8_printf(x->out, "    %s (%s, %zu %s):\n", b->label && !x->en ? b->label : b->name,
		expr_text(expr_parts(agg).a), list->n, tr(x, "条", "entries"));
	for (size_t i = 0; i < list->n; i++)
		print_entry(x, agg, root, &list->items[i], i);
}

struct band {
	const struct ex *x;
	const struct value *root;
	const char *text;
};

static void add_band(void *ctx, const char *block, const char *field)
{
	struct band *b = ctx;
	const struct value *v = field ? value_get(value_get(b->root, block), field)
				      : NULL;
	const char *name = v ? arena_printf(b->x->a, "%s.%s =", block, field) : NULL;
	if (v && !strstr(b->text, name))
		b->text = arena_printf(b->x->a, "%s%s%s.%s = %s", b->text,
				       *b->text ? ", " : "", block, field,
				       value_words(b->x, v));
}

/* A threshold that depends on the venue: the values it was worked out
 * from ("venue.population = 52000"). */
static void print_band(const struct ex *x, const struct comparison *c,
		       const struct value *root)
{
	double k;
	if (expr_constant(c->threshold, &k))
		return;
	struct band b = {x, root, ""};
	expr_reads(c->threshold, add_band, &b);
	if (*b.text)
		utf8_printf(x->out, "    %s%s\n", tr(x, "要求依据：", "required, given "), b.text);
}

/* measured against required for one check, as the report words them. */
/* "测得 4 名，要求 ≥ 5 名，差 1 名 — 未通过", as the report words it. */
static void print_measured(const struct ex *x, const struct comparison *c,
			   struct value m, struct value t)
{
	enum lang l = x->en ? LANG_EN : LANG_ZH;
	struct result res = {.rule = x->r, .check = c, .measured = m,
			     .has_measured = true, .has_required = t.type == V_NUM};
	res.required = res.has_required ? t.u.num : 0;
	bool ok = m.type == V_NUM && res.has_required
		? check_compare(c->op, m.u.num, t.u.num) : value_equal(&m, &t);
	res.verdict = ok ? VERDICT_PASS : VERDICT_FAIL;
	if (!ok && m.type == V_NUM && res.has_required)
		res.gap = m.u.num > t.u.num ? m.u.num - t.u.num : t.u.num - m.u.num;
	const char *req = label_required(&res, l, x->a);
	const char *gap = label_gap(&res, l, x->a);
	utf8_printf(x->out, "%s %s%s%s%s%s — %s\n", tr(x, "测得", "measured"),
		label_measured(&res, l, x->a), req ? tr(x, "，要求 ", ", required ") : "",
		req ? req : "", gap ? tr(x, "，", ", ") : "", gap ? gap : "",
		label_verdict(res.verdict, l));
}

/* One check on the venue, then the entries of each ledger it counts. */
static void print_check_on(const struct ex *x, const struct venue *v,
			   const struct comparison *c)
{
	const char *label = x->en && c->label_en ? c->label_en : c->label;
	utf8_printf(x->out, "  %s%s", label ? label : "", label ? ": " : "");
	const struct value *kids = value_get(v->root, "children");
	if (c->batch && !(kids && kids->n)) {
		utf8_printf(x->out, "%s\n", tr(x, "需批量核查（所辖场馆的文件）",
					   "needs the batch (the files of the venues under it)"));
		return;
	}
	struct eval ap = c->applies ? expr_eval(c->applies, v->root, x->a)
				    : (struct eval){.st = EVAL_OK, .v = value_bool(true)};
	struct eval m = expr_eval(c->measure, v->root, x->a);
	struct eval t = expr_eval(c->threshold, v->root, x->a);
	if (ap.st == EVAL_OK && ap.v.type == V_BOOL && !ap.v.u.b) {
		utf8_printf(x->out, "%s `%s`\n", tr(x, "不适用：不满足", "does not apply:"),
			expr_text(c->applies));
	} else if (m.st != EVAL_OK || t.st != EVAL_OK) {
		utf8_printf(x->out, "%s%s\n", tr(x, "缺数据：", "missing data: "),
			why_of(x, m.st != EVAL_OK ? &m : &t));
	} else {
		print_measured(x, c, m.v, t.v);
		print_band(x, c, v->root);
	}
	const struct expr *aggs[8];
	size_t n = outer_aggregates(c->measure, aggs, 8);
	for (size_t i = 0; i < n; i++)
		print_entries(x, aggs[i], v->root);
}

static void print_venue(const struct ex *x, const struct venue *v)
{
	enum lang l = x->en ? LANG_EN : LANG_ZH;
	struct diags d;
	diag_init(&d);
	struct check_report *rep = check_venue(x->p, v, &d);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *res = &rep->results[i];
		if (res->rule != x->r)
			continue;
		utf8_printf(x->out, "\n%s%s%s%s%s\n", tr(x, "文件 ", "File "), v->path,
			tr(x, "（", " ("), v->name, tr(x, "）：", "):"));
		utf8_printf(x->out, "  %s%s\n", tr(x, "判定：", "Verdict: "),
			label_verdict(res->verdict, l));
		if (gradetext_counts(res)) {
			const char *next = gradetext_next(x->p, res, l, x->a);
			utf8_printf(x->out, "  %s%s%s%s\n", tr(x, "本条允许：", "Allows: "),
				    gradetext_allows(x->p, res, l, x->a),
				    next ? tr(x, "；", "; ") : "", next ? next : "");
			utf8_printf(x->out, "  %s%s%s%s%s\n",
				    tr(x, "场馆定级：", "The venue's grade: "),
				    gradetext_reached(x->p, &rep->grade, l, x->a),
				    tr(x, "（", " ("), gradetext_how(x->p, rep, l, x->a),
				    tr(x, "）", ")"));
		}
	}
	check_report_free(rep);
	diag_free(&d);
	for (size_t k = 0; k < x->r->nchecks; k++)
		print_check_on(x, v, &x->r->checks[k]);
}

void explain_rule(const struct pack *p, const struct rule *r,
		  const struct venue *v, int year, bool english, FILE *out)
{
	struct arena a;
	arena_init(&a);
	struct ex x = {.p = p, .r = r, .en = english, .a = &a, .out = out};
	print_head(&x);
	print_checks(&x);
	print_role(&x);
	print_reads(&x);
	print_note(&x);
	print_example(&x, year);
	if (v)
		print_venue(&x, v);
	arena_free(&a);
}

/* Why the venue is at its grade: each grade from the best down, the
 * conditions that keep it from that grade (or lack the data to say), then
 * the points and the demotions. */
static void grade_step(const struct ex *x, const struct check_report *rep,
		       size_t g)
{
	enum lang l = x->en ? LANG_EN : LANG_ZH;
	bool any = false;
	utf8_printf(x->out, "  %s%s", gradetext_name(x->p, (int)g, l), tr(x, "：", ": "));
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		const struct result_grade *rg = &r->grade;
		if (!rg->graded || !r->rule->gates || rg->holds & (1u << g))
			continue;
		bool unknown = rg->unknown & (1u << g);
		utf8_printf(x->out, "%s%s%s", any ? tr(x, "；", "; ") : "",
			    r->rule->id, unknown ? tr(x, " 缺数据", " lacks data")
						 : tr(x, " 未达到", " not met"));
		if (!unknown && rg->has_next && rg->next == (int)g)
			utf8_printf(x->out, x->en ? " (%s)" : "（%s）",
				    gradetext_next(x->p, r, l, x->a));
		any = true;
	}
	utf8_printf(x->out, "%s\n", any ? "" : tr(x, "各项门槛均满足", "every gating rule holds"));
}

void explain_grade(const struct pack *p, const struct venue *v, bool english,
		   FILE *out)
{
	struct arena a;
	arena_init(&a);
	struct ex x = {.p = p, .en = english, .a = &a, .out = out};
	enum lang l = english ? LANG_EN : LANG_ZH;
	struct diags d;
	diag_init(&d);
	struct check_report *rep = check_venue(p, v, &d);
	const struct venue_grade *g = &rep->grade;
	utf8_printf(out, "%s%s%s%s%s\n", tr(&x, "定级：", "Grade: "), v->name,
		    tr(&x, "（", " ("), v->id, tr(&x, "）", ")"));
	utf8_printf(out, "  %s%s\n", tr(&x, "结果：", "Result: "),
		    gradetext_reached(p, g, l, &a));
	utf8_printf(out, "  %s\n", tr(&x, "逐级（由高到低）：", "Grade by grade, best first:"));
	for (size_t i = 0; i < p->ngrades && (int)i <= g->by_rules; i++)
		grade_step(&x, rep, i);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		const char *pts = gradetext_points(r, l, &a);
		if (pts)
			utf8_printf(out, "  %s %s\n", r->rule->id, pts);
		if (r->rule->demote && r->grade.graded) {
			const char *next = gradetext_next(p, r, l, &a);
			utf8_printf(out, "  %s %s%s%s\n", r->rule->id,
				    gradetext_allows(p, r, l, &a),
				    next ? tr(&x, "；", "; ") : "", next ? next : "");
		}
	}
	utf8_printf(out, "  %s%s\n", tr(&x, "所以：", "So: "), gradetext_how(p, rep, l, &a));
	check_report_free(rep);
	diag_free(&d);
	arena_free(&a);
}
