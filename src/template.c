/* template.c - build an example venue file that passes a tier's rules, and
 * write it as commented YAML.
 *
 * The example is a value tree like the one schema_validate builds, so the
 * real checker judges it.  Building repeats: check the example, and for
 * each rule that fails or lacks data, work its deciding check backwards:
 * a path gets the threshold, a count gets entries whose fields are set to
 * satisfy its `where` (or existing entries are changed to satisfy it, when
 * that breaks no rule that passed), a min gets every counted entry raised,
 * a sum or ratio solves for the operand that is not yet fixed. */
#include "template.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "expr.h"
#include "label.h"
#include "venue.h"
#include "yamlout.h"
#include "xalloc.h"

/* Bounds on the search, so an odd pack ends with a warning, not a hang. */
enum { MAX_PASSES = 8, MAX_NEW = 500, MAX_TRIES = 2000 };

struct template {
	struct arena arena;
	const struct pack *pack;
	const struct tier *tier;
	int year;
	struct value root;
	size_t serial; /* spreads the dates of new entries over the year */
	size_t tries;  /* existing entries tried for a count */
};

/* The variables of the aggregates being solved: the entry each stands for,
 * its ledger, and whether it is an existing entry, which may only gain
 * (a tag, a field left empty, a larger number): changing what it holds
 * could take it from another rule's count. */
struct solver {
	struct template *t;
	struct value *var[EXPR_MAX_VARS];
	const struct block *blk[EXPR_MAX_VARS];
	bool keep[EXPR_MAX_VARS];
	bool locked; /* the last lvalue is in an entry that may only gain */
};

static const struct field bool_field = {.name = "declared", .type = FT_BOOL};

/* ---- the example as a value tree ---- */

/* Maps are made with room for every key their block allows, so adding a
 * key never moves the others. */
static struct value map_new(struct arena *a, size_t cap, bool absent_is_null)
{
	struct value m = {.type = V_MAP, .absent_is_null = absent_is_null};
	m.fields = arena_alloc(a, (cap + 1) * sizeof *m.fields);
	return m;
}

static struct value *map_slot(struct value *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->fields[i].key, key) == 0)
			return &m->fields[i].v;
	m->fields[m->n].key = key;
	return &m->fields[m->n++].v;
}

/* Lists grow by doubling: full exactly when the length is 0 or a power of
 * two. */
static void list_push(struct arena *a, struct value *l, struct value v)
{
	if ((l->n & (l->n - 1)) == 0) {
		struct value *items = arena_alloc(a, (2 * l->n + 1) * sizeof *items);
		if (l->n)
			memcpy(items, l->items, l->n * sizeof *items);
		l->items = items;
	}
	l->items[l->n++] = v;
}

/* Tags are copied before a change: entries being tried share them. */
static struct value tags_with(struct arena *a, const struct value *tags,
			      const char *tag, bool present)
{
	struct value out = {.type = V_LIST};
	out.items = arena_alloc(a, ((tags->type == V_LIST ? tags->n : 0) + 2) *
				       sizeof *out.items);
	for (size_t i = 0; tags->type == V_LIST && i < tags->n; i++)
		if (strcmp(tags->items[i].u.str, tag) != 0)
			out.items[out.n++] = tags->items[i];
	if (present)
		out.items[out.n++] = value_str(tag);
	return out;
}

static struct value copy_entry(struct arena *a, const struct value *e,
			       size_t cap)
{
	struct value c = map_new(a, cap, true);
	memcpy(c.fields, e->fields, e->n * sizeof *c.fields);
	c.n = e->n;
	return c;
}

/* The root's block of that name, made empty when absent; NULL for names
 * that are not data blocks (the batch's children and parent). */
static struct value *block_get(struct template *t, const char *name)
{
	const struct schema *s = &t->pack->schema;
	const struct block *b = schema_block(s, name);
	if (!b)
		return NULL;
	const struct value *have = value_get(&t->root, name);
	struct value *slot = map_slot(&t->root, b->name);
	if (have)
		return slot;
	switch (b->shape) {
	case SHAPE_LEDGER:
		*slot = (struct value){.type = V_LIST};
		break;
	case SHAPE_MONTHLY:
		*slot = map_new(&t->arena, 12, false);
		break;
	case SHAPE_DECLARED:
		*slot = map_new(&t->arena, t->tier->declared.n, false);
		break;
	case SHAPE_RECORD:
		*slot = map_new(&t->arena, b->nfields, false);
		break;
	}
	return slot;
}

/* A declared key of the template's tier: the declared block has room for
 * those only. */
static bool tier_key(const struct template *t, const char *key)
{
	for (size_t i = 0; i < t->tier->declared.n; i++)
		if (strcmp(t->tier->declared.keys[i], key) == 0)
			return true;
	return false;
}

/* ---- default values ---- */

/* What new entries of a ledger are called: its label without 台账. */
static const char *noun(struct template *t, const struct block *b)
{
	const char *label = b->label ? b->label : b->name;
	const char *suffix = strstr(label, "台账");
	if (!suffix || suffix == label)
		return label;
	return arena_strndup(&t->arena, label, (size_t)(suffix - label));
}

static struct value parse_example(struct template *t, const struct field *f)
{
	if (f->type == FT_INT || f->type == FT_NUMBER)
		return value_num(strtod(f->example, NULL));
	if (f->type == FT_BOOL)
		return value_bool(strcmp(f->example, "true") == 0);
	return value_str(arena_strdup(&t->arena, f->example));
}

/* A value of the field's type for a new entry (index: its number in the
 * ledger) or a fact (index 0). */
static struct value default_value(struct template *t, const struct field *f,
				  const char *name, size_t index)
{
	if (f->example && f->type == FT_STRING && index)
		return value_str(arena_printf(&t->arena, "%s%02zu", f->example, index));
	if (f->example && f->type != FT_DATE && f->type != FT_TAGS)
		return parse_example(t, f);
	struct value v = {.type = V_NULL};
	switch (f->type) {
	case FT_INT: case FT_NUMBER:
		return value_num(f->has_min && f->min > 0 ? ceil(f->min) : 1);
	case FT_BOOL:
		return value_bool(true);
	case FT_STRING:
		return value_str(index ? arena_printf(&t->arena, "%s%02zu", name, index)
				       : name);
	case FT_ENUM:
		return f->nvalues ? value_str(f->values[0]) : v;
	case FT_DATE:
		v.type = V_DATE;
		v.u.date = t->year * 10000 + (int)(t->serial % 12 + 1) * 100 +
			   (int)(t->serial / 12 % 28 + 1);
		t->serial++;
		return v;
	case FT_TAGS:
		v.type = V_LIST;
		return v;
	}
	return v;
}

static struct value new_entry(struct template *t, const struct block *b,
			      size_t index)
{
	struct value e = map_new(&t->arena, b->nfields, true);
	for (size_t i = 0; i < b->nfields; i++)
		if (b->fields[i].required)
			*map_slot(&e, b->fields[i].name) =
				default_value(t, &b->fields[i], noun(t, b), index);
	return e;
}

/* Make sure what e reads exists: a ledger or a month table at all, a fact
 * or header field with its default. */
static void fill_one(void *ctx, const char *block, const char *field)
{
	struct template *t = ctx;
	const struct block *b = schema_block(&t->pack->schema, block);
	struct value *v = block_get(t, block);
	if (!v || !field || b->shape == SHAPE_LEDGER || b->shape == SHAPE_MONTHLY)
		return;
	if (b->shape == SHAPE_DECLARED && !tier_key(t, field))
		return;
	const struct field *f = b->shape == SHAPE_DECLARED ? &bool_field
				: schema_field(b, field);
	if (f && !value_get(v, field))
		*map_slot(v, f == &bool_field ? field : f->name) =
			default_value(t, f, field, 0);
}

static void fill_reads(struct template *t, const struct expr *e)
{
	if (e)
		expr_reads(e, fill_one, t);
}

/* ---- evaluating the example ---- */

static struct eval s_eval(struct solver *s, const struct expr *e)
{
	struct value vals[EXPR_MAX_VARS];
	memset(vals, 0, sizeof vals);
	for (size_t i = 0; i < EXPR_MAX_VARS; i++)
		if (s->var[i])
			vals[i] = *s->var[i];
	return expr_eval_vars(e, &s->t->root, vals, EXPR_MAX_VARS, &s->t->arena);
}

/* A number e evaluates to, filling in what it reads first if need be. */
static bool s_number(struct solver *s, const struct expr *e, double *out)
{
	struct eval r = s_eval(s, e);
	if (r.st == EVAL_MISSING) {
		fill_reads(s->t, e);
		r = s_eval(s, e);
	}
	if (r.st != EVAL_OK || r.v.type != V_NUM)
		return false;
	*out = r.v.u.num;
	return true;
}

static struct check_report *judge(struct template *t, struct diags *d)
{
	struct venue v = {.path = "template", .tier = t->tier->id,
			  .root = &t->root, .year = t->year};
	return check_venue(t->pack, &v, d);
}

/* The verdicts of the tier's rules now, in pack order (to free). */
static enum verdict *verdicts(struct template *t, size_t *n)
{
	struct diags d;
	diag_init(&d);
	struct check_report *rep = judge(t, &d);
	enum verdict *out = xcalloc(rep->n + 1, sizeof *out);
	for (size_t i = 0; i < rep->n; i++)
		out[i] = rep->results[i].verdict;
	*n = rep->n;
	check_report_free(rep);
	diag_free(&d);
	return out;
}

static bool good(enum verdict v)
{
	return v == VERDICT_PASS || v == VERDICT_BATCH;
}

/* No rule that passed before fails now. */
static bool no_worse(struct template *t, const enum verdict *before, size_t n)
{
	size_t m;
	enum verdict *now = verdicts(t, &m);
	bool ok = true;
	for (size_t i = 0; i < n && i < m; i++)
		if (good(before[i]) && !good(now[i]))
			ok = false;
	free(now);
	return ok;
}

/* ---- solving: make an expression meet a target ---- */

static bool solve_num(struct solver *s, const struct expr *e, enum op op,
		      double target);
static bool solve_pred(struct solver *s, const struct expr *e, bool want);

/* The value a path names (created empty when absent) and its field; NULL
 * when e is not a path the example can set. */
static struct value *lvalue(struct solver *s, const struct expr *e,
			    const struct field **f)
{
	struct expr_parts p = expr_parts(e);
	s->locked = false;
	if (p.t != E_FIELD && p.t != E_INDEX)
		return NULL;
	struct expr_parts base = expr_parts(p.a);
	if (p.t == E_FIELD && base.t == E_VAR) {
		const struct block *b = s->blk[base.slot];
		s->locked = s->keep[base.slot];
		*f = b && s->var[base.slot] ? schema_field(b, p.name) : NULL;
		return *f ? map_slot(s->var[base.slot], (*f)->name) : NULL;
	}
	if (base.t != E_ROOT)
		return NULL;
	const struct block *b = schema_block(&s->t->pack->schema, base.name);
	if (!b || b->shape == SHAPE_LEDGER)
		return NULL;
	const char *key = p.name;
	double month;
	if (p.t == E_INDEX) {
		if (b->shape != SHAPE_MONTHLY || !s_number(s, p.b, &month) ||
		    month != floor(month) || month < 1 || month > 12)
			return NULL;
		key = arena_printf(&s->t->arena, "%d", (int)month);
		*f = &b->fields[0];
	} else if (b->shape == SHAPE_DECLARED) {
		*f = &bool_field;
		key = tier_key(s->t, key) ? key : NULL;
	} else {
		*f = schema_field(b, key);
		key = *f ? (*f)->name : NULL;
	}
	return key ? map_slot(block_get(s->t, b->name), key) : NULL;
}

/* The number nearest the target that meets it, for the field's type. */
static double meeting(const struct field *f, enum op op, double target)
{
	bool whole = f->type == FT_INT;
	switch (op) {
	case OP_GE: return whole ? ceil(target) : target;
	case OP_GT: return whole ? floor(target) + 1 : target + 1;
	case OP_LE: return whole ? floor(target) : target;
	case OP_LT: return whole ? ceil(target) - 1 : target - 1;
	case OP_EQ: return target;
	}
	return target;
}

static bool set_num(struct solver *s, const struct expr *e, enum op op,
		    double target)
{
	const struct field *f;
	struct value *v = lvalue(s, e, &f);
	if (!v || (f->type != FT_INT && f->type != FT_NUMBER))
		return false;
	if (v->type == V_NUM && check_compare(op, v->u.num, target))
		return true;
	double x = meeting(f, op, target);
	if ((f->has_min && x < f->min) || (f->has_max && x > f->max) ||
	    (s->locked && v->type == V_NUM && x < v->u.num))
		return false;
	*v = value_num(x);
	return true;
}

static enum op flip(enum op op)
{
	static const enum op sw[] = {[OP_GE] = OP_LE, [OP_GT] = OP_LT,
				     [OP_LE] = OP_GE, [OP_LT] = OP_GT,
				     [OP_EQ] = OP_EQ};
	return sw[op];
}

static enum op negate(enum op op, bool *ok)
{
	static const enum op neg[] = {[OP_GE] = OP_LT, [OP_GT] = OP_LE,
				      [OP_LE] = OP_GT, [OP_LT] = OP_GE,
				      [OP_EQ] = OP_EQ};
	*ok = op != OP_EQ;
	return neg[op];
}

static bool counts_item(struct solver *s, const struct expr *agg,
			struct value *item)
{
	struct expr_parts p = expr_parts(agg);
	if (!p.b)
		return true;
	struct value *saved = s->var[p.slot];
	s->var[p.slot] = item;
	struct eval w = s_eval(s, p.b);
	s->var[p.slot] = saved;
	return w.st == EVAL_OK && w.v.type == V_BOOL && w.v.u.b;
}

/* Make item satisfy the aggregate's `where`; item is bound meanwhile.
 * keep: an existing entry, which may only gain. */
static bool make_counted(struct solver *s, const struct expr *agg,
			 const struct block *b, struct value *item, bool keep)
{
	struct expr_parts p = expr_parts(agg);
	struct value *saved = s->var[p.slot];
	const struct block *saved_b = s->blk[p.slot];
	bool saved_keep = s->keep[p.slot];
	s->var[p.slot] = item;
	s->blk[p.slot] = b;
	s->keep[p.slot] = keep;
	bool ok = !p.b || solve_pred(s, p.b, true);
	s->var[p.slot] = saved;
	s->blk[p.slot] = saved_b;
	s->keep[p.slot] = saved_keep;
	return ok && counts_item(s, agg, item);
}

/* The ledger an aggregate iterates over, when it is one. */
static const struct block *agg_ledger(struct solver *s, const struct expr *agg)
{
	struct expr_parts src = expr_parts(expr_parts(agg).a);
	const struct block *b = src.t == E_ROOT
		? schema_block(&s->t->pack->schema, src.name) : NULL;
	return b && b->shape == SHAPE_LEDGER ? b : NULL;
}

/* Change an existing entry so that the aggregate counts it, unless that
 * makes a rule fail that passed. */
static bool convert_one(struct solver *s, const struct expr *agg,
			const struct block *b, size_t i)
{
	struct template *t = s->t;
	if (++t->tries > MAX_TRIES)
		return false;
	size_t n;
	enum verdict *before = verdicts(t, &n);
	struct value old = block_get(t, b->name)->items[i];
	struct value copy = copy_entry(&t->arena, &old, b->nfields);
	bool ok = make_counted(s, agg, b, &copy, true);
	if (ok) {
		block_get(t, b->name)->items[i] = copy;
		ok = no_worse(t, before, n);
		if (!ok)
			block_get(t, b->name)->items[i] = old;
	}
	free(before);
	return ok;
}

static double agg_value(struct solver *s, const struct expr *agg)
{
	struct eval r = s_eval(s, agg);
	return r.st == EVAL_OK && r.v.type == V_NUM ? r.v.u.num : 0;
}

/* count(x in LIST where W) op target over a list that is not a ledger,
 * such as a list literal (the 11 门类 of a graded pack): W is made to hold
 * for the items not yet counted, one at a time, through what it reads
 * (another ledger, a tags fact); the item itself is never changed. */
static bool solve_count_list(struct solver *s, const struct expr *agg,
			     enum op op, double target)
{
	struct expr_parts p = expr_parts(agg);
	struct eval src = s_eval(s, p.a);
	if (!p.b || src.st != EVAL_OK || src.v.type != V_LIST)
		return false;
	for (size_t i = 0; i < src.v.n; i++) {
		if (check_compare(op, agg_value(s, agg), target))
			return true;
		struct value item = src.v.items[i];
		if (counts_item(s, agg, &item))
			continue;
		struct value *saved = s->var[p.slot];
		const struct block *saved_b = s->blk[p.slot];
		s->var[p.slot] = &item;
		s->blk[p.slot] = NULL;
		solve_pred(s, p.b, true);
		s->var[p.slot] = saved;
		s->blk[p.slot] = saved_b;
	}
	return check_compare(op, agg_value(s, agg), target);
}

/* any(x in LEDGER where W -> T) made true: a new entry for which W and T
 * both hold (a new entry takes nothing from another rule's count). */
static bool solve_any(struct solver *s, const struct expr *agg)
{
	const struct block *b = agg_ledger(s, agg);
	if (!b)
		return false;
	struct expr_parts p = expr_parts(agg);
	struct value e = new_entry(s->t, b, block_get(s->t, b->name)->n + 1);
	struct value *saved = s->var[p.slot];
	const struct block *saved_b = s->blk[p.slot];
	bool saved_keep = s->keep[p.slot];
	s->var[p.slot] = &e;
	s->blk[p.slot] = b;
	s->keep[p.slot] = false;
	bool ok = (!p.b || solve_pred(s, p.b, true)) && solve_pred(s, p.c, true);
	s->var[p.slot] = saved;
	s->blk[p.slot] = saved_b;
	s->keep[p.slot] = saved_keep;
	if (ok)
		list_push(&s->t->arena, block_get(s->t, b->name), e);
	struct eval now = s_eval(s, agg);
	return ok && now.st == EVAL_OK && now.v.type == V_BOOL && now.v.u.b;
}

/* count(x in LEDGER where W) op target, for op >= or >. */
static bool solve_count(struct solver *s, const struct expr *agg, enum op op,
			double target)
{
	const struct block *b = agg_ledger(s, agg);
	if (op != OP_GE && op != OP_GT)
		return false;
	if (!b)
		return solve_count_list(s, agg, op, target);
	struct value *list = block_get(s->t, b->name);
	for (size_t i = 0; i < list->n; i++) {
		if (check_compare(op, agg_value(s, agg), target))
			return true;
		list = block_get(s->t, b->name);
		if (!counts_item(s, agg, &list->items[i]))
			convert_one(s, agg, b, i);
	}
	for (int k = 0; k < MAX_NEW; k++) {
		if (check_compare(op, agg_value(s, agg), target))
			return true;
		struct value e = new_entry(s->t, b, block_get(s->t, b->name)->n + 1);
		if (!make_counted(s, agg, b, &e, false))
			return false;
		list_push(&s->t->arena, block_get(s->t, b->name), e);
	}
	return false;
}

/* min/max(x in SOURCE where W -> BODY) op target: every counted item's
 * body meets the target (for min; one is enough for max, but every one is
 * simpler and still right).  No counted item: add one. */
static bool solve_each(struct solver *s, const struct expr *agg, enum op op,
		       double target)
{
	struct expr_parts p = expr_parts(agg);
	const struct block *b = agg_ledger(s, agg);
	struct eval src = s_eval(s, p.a);
	if (src.st != EVAL_OK || src.v.type != V_LIST)
		return false;
	bool any = false;
	for (size_t i = 0; i < src.v.n; i++) {
		struct value *item = b ? &block_get(s->t, b->name)->items[i]
				       : &src.v.items[i];
		if (!counts_item(s, agg, item))
			continue;
		any = true;
		s->var[p.slot] = item;
		s->blk[p.slot] = b;
		bool ok = solve_num(s, p.c, op, target);
		s->var[p.slot] = NULL;
		s->blk[p.slot] = NULL;
		if (!ok)
			return false;
	}
	if (any || !b)
		return any;
	return solve_count(s, agg, OP_GE, 1) && solve_each(s, agg, op, target);
}

/* Solve l op target where l is a + b, a - b, k * a, a / b or an if. */
static bool solve_arith(struct solver *s, struct expr_parts p, enum op op,
			double target)
{
	double x;
	switch (p.t) {
	case E_ADD:
		if (s_number(s, p.b, &x) && solve_num(s, p.a, op, target - x))
			return true;
		return s_number(s, p.a, &x) && solve_num(s, p.b, op, target - x);
	case E_SUB:
		return s_number(s, p.b, &x) && solve_num(s, p.a, op, target + x);
	case E_MUL:
		if (s_number(s, p.a, &x) && x > 0)
			return solve_num(s, p.b, op, target / x);
		return s_number(s, p.b, &x) && x > 0 &&
		       solve_num(s, p.a, op, target / x);
	case E_DIV:
		return s_number(s, p.b, &x) && x > 0 &&
		       solve_num(s, p.a, op, target * x);
	case E_NEG:
		return solve_num(s, p.a, flip(op), -target);
	default:
		return false;
	}
}

static const struct expr *chosen_branch(struct solver *s, struct expr_parts p)
{
	struct eval c = s_eval(s, p.a);
	if (c.st == EVAL_MISSING) {
		fill_reads(s->t, p.a);
		c = s_eval(s, p.a);
	}
	if (c.st != EVAL_OK || c.v.type != V_BOOL)
		return NULL;
	return c.v.u.b ? p.b : p.c;
}

static bool solve_num(struct solver *s, const struct expr *e, enum op op,
		      double target)
{
	struct eval now = s_eval(s, e);
	if (now.st == EVAL_OK && now.v.type == V_NUM &&
	    check_compare(op, now.v.u.num, target))
		return true;
	struct expr_parts p = expr_parts(e);
	switch (p.t) {
	case E_FIELD: case E_INDEX:
		return set_num(s, e, op, target);
	case E_COUNT:
		return solve_count(s, e, op, target);
	case E_MIN: case E_MAX:
		return solve_each(s, e, op, target);
	case E_IF: {
		const struct expr *br = chosen_branch(s, p);
		return br && solve_num(s, br, op, target);
	}
	default:
		return solve_arith(s, p, op, target);
	}
}

/* `X in tags` or `field in [list]`. */
static bool solve_in(struct solver *s, struct expr_parts p, bool want)
{
	const struct field *f;
	struct value *v = lvalue(s, p.b, &f);
	struct eval x = s_eval(s, p.a);
	if (v && f->type == FT_TAGS && x.st == EVAL_OK && x.v.type == V_STR &&
	    (want || !s->locked)) {
		*v = tags_with(&s->t->arena, v, x.v.u.str, want);
		return true;
	}
	v = lvalue(s, p.a, &f);
	struct eval l = s_eval(s, p.b);
	if (!v || l.st != EVAL_OK || l.v.type != V_LIST ||
	    (s->locked && v->type != V_NULL))
		return false;
	size_t n = want ? l.v.n : f->nvalues;
	for (size_t i = 0; i < n; i++) {
		struct value c = want ? l.v.items[i] : value_str(f->values[i]);
		bool listed = false;
		for (size_t k = 0; k < l.v.n; k++)
			listed = listed || value_equal(&c, &l.v.items[k]);
		if (listed == want) {
			*v = c;
			return true;
		}
	}
	return false;
}

/* field == value: set it; field != value: another value of its enum. */
static bool solve_equal(struct solver *s, const struct expr *path,
			const struct expr *other, bool equal)
{
	const struct field *f;
	struct value *v = lvalue(s, path, &f);
	struct eval o = s_eval(s, other);
	if (!v || o.st != EVAL_OK || (s->locked && v->type != V_NULL))
		return false;
	if (equal) {
		*v = o.v;
		return true;
	}
	for (size_t i = 0; i < f->nvalues; i++) {
		struct value c = value_str(f->values[i]);
		if (!value_equal(&c, &o.v)) {
			*v = c;
			return true;
		}
	}
	return false;
}

static bool solve_compare(struct solver *s, struct expr_parts p, bool want)
{
	static const enum op ops[] = {[E_LT] = OP_LT, [E_LE] = OP_LE,
				      [E_GT] = OP_GT, [E_GE] = OP_GE};
	if (p.t == E_EQ || p.t == E_NE) {
		bool equal = (p.t == E_EQ) == want;
		double x;
		if (equal && s_number(s, p.b, &x) && solve_num(s, p.a, OP_EQ, x))
			return true;
		return solve_equal(s, p.a, p.b, equal) ||
		       solve_equal(s, p.b, p.a, equal);
	}
	bool ok = true;
	enum op op = want ? ops[p.t] : negate(ops[p.t], &ok);
	double x;
	if (s_number(s, p.b, &x) && solve_num(s, p.a, op, x))
		return true;
	return s_number(s, p.a, &x) && solve_num(s, p.b, flip(op), x);
}

static bool solve_pred(struct solver *s, const struct expr *e, bool want)
{
	struct eval now = s_eval(s, e);
	if (now.st == EVAL_OK && now.v.type == V_BOOL && now.v.u.b == want)
		return true;
	struct expr_parts p = expr_parts(e);
	switch (p.t) {
	case E_NOT:
		return solve_pred(s, p.a, !want);
	case E_AND: case E_OR:
		if ((p.t == E_AND) == want)
			return solve_pred(s, p.a, want) && solve_pred(s, p.b, want);
		return solve_pred(s, p.a, want);
	case E_IN:
		return solve_in(s, p, want);
	case E_ANY:
		return want && solve_any(s, e);
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
		return solve_compare(s, p, want);
	case E_IF: {
		const struct expr *br = chosen_branch(s, p);
		return br && solve_pred(s, br, want);
	}
	case E_FIELD: case E_INDEX: {
		const struct field *f;
		struct value *v = lvalue(s, e, &f);
		if (!v || f->type != FT_BOOL || (s->locked && v->type != V_NULL))
			return false;
		*v = value_bool(want);
		return true;
	}
	default:
		return false;
	}
}

/* ---- building ---- */

/* Work the deciding check of a rule that does not pass backwards. */
static void solve_result(struct template *t, const struct result *r)
{
	const struct comparison *c = r->check;
	if (!c)
		return;
	struct solver s = {.t = t};
	fill_reads(t, c->applies);
	fill_reads(t, c->threshold);
	struct eval th = s_eval(&s, c->threshold);
	if (th.st != EVAL_OK)
		return;
	if (th.v.type == V_NUM)
		solve_num(&s, c->measure, c->op, th.v.u.num);
	else if (th.v.type == V_BOOL)
		solve_pred(&s, c->measure, th.v.u.b);
}

static bool needs_work(const struct result *r)
{
	/* N/A with a check: a min over no entries; an example shows one. */
	return check_is_failure(r->verdict) ||
	       (r->verdict == VERDICT_NA && r->check && !r->has_measured);
}

/* One round over the failing rules; false when none was left. */
static bool solve_round(struct template *t)
{
	struct diags d;
	diag_init(&d);
	struct check_report *rep = judge(t, &d);
	bool any = false;
	for (size_t i = 0; i < rep->n; i++) {
		if (!needs_work(&rep->results[i]))
			continue;
		any = true;
		solve_result(t, &rep->results[i]);
	}
	check_report_free(rep);
	diag_free(&d);
	return any;
}

static void header(struct template *t)
{
	struct value *v = block_get(t, "venue");
	const struct tier *up = t->tier->parent
		? pack_tier(t->pack, t->tier->parent) : NULL;
	*map_slot(v, "id") = value_str(arena_printf(&t->arena, "%s-0001", t->tier->id));
	*map_slot(v, "name") = value_str(arena_printf(&t->arena, "示例%s", t->tier->name));
	*map_slot(v, "tier") = value_str(t->tier->id);
	if (up)
		*map_slot(v, "parent") = value_str(arena_printf(&t->arena, "%s-0001", up->id));
	*map_slot(v, "year") = value_num(t->year);
}

/* Everything the tier's rules read, but typed-in totals (stated): the
 * ledger decides, so the template leaves them out. */
static void fill_tier(struct template *t)
{
	for (size_t i = 0; i < t->pack->nrules; i++) {
		const struct rule *r = &t->pack->rules[i];
		if (strcmp(r->tier, t->tier->id) != 0)
			continue;
		for (size_t k = 0; k < r->nchecks; k++) {
			fill_reads(t, r->checks[k].applies);
			fill_reads(t, r->checks[k].measure);
			fill_reads(t, r->checks[k].threshold);
		}
	}
}

static void report_unsolved(struct template *t, struct diags *d)
{
	struct diags ignore;
	diag_init(&ignore);
	struct check_report *rep = judge(t, &ignore);
	for (size_t i = 0; i < rep->n; i++)
		if (check_is_failure(rep->results[i].verdict))
			diag_addm(d, DM_TEMPLATE_NO_EXAMPLE, DIAG_WARNING, t->pack->path, 0, 0,
				  rep->results[i].rule->id);
	check_report_free(rep);
	diag_free(&ignore);
}

struct template *template_build(const struct pack *p, const char *tier,
				int year, struct diags *d)
{
	const struct tier *tr = pack_tier(p, tier);
	if (!tr) {
		diag_addm(d, DM_UNKNOWN_TIER, DIAG_ERROR, p->path, 0, 0, tier);
		return NULL;
	}
	struct template *t = xcalloc(1, sizeof *t);
	arena_init(&t->arena);
	t->pack = p;
	t->tier = tr;
	t->year = year;
	t->root = map_new(&t->arena, p->schema.nblocks, false);
	header(t);
	fill_tier(t);
	for (int pass = 0; pass < MAX_PASSES && solve_round(t); pass++)
		;
	report_unsolved(t, d);
	return t;
}

void template_free(struct template *t)
{
	if (!t)
		return;
	arena_free(&t->arena);
	free(t);
}

const struct value *template_root(const struct template *t)
{
	return &t->root;
}

/* ---- writing ---- */

static bool of_tier(const struct template *t, const struct rule *r)
{
	return strcmp(r->tier, t->tier->id) == 0;
}

/* One comment line per rule of the tier that reads block.field. */
static void comment_rules(const struct template *t, const char *block,
			  const char *field, const char *indent, FILE *out)
{
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < t->pack->nrules; i++) {
		const struct rule *r = &t->pack->rules[i];
		if (of_tier(t, r) && pack_rule_reads(r, block, field))
			fprintf(out, "%s# %s —— %s，要求 %s\n", indent, r->clause, r->id,
				pack_requirement(r, false, &a));
	}
	arena_free(&a);
}

static bool shown(const struct value *v)
{
	return v && v->type != V_NULL && !(v->type == V_LIST && v->n == 0);
}

/* "  # 常住人口（人）" after a field. */
static void put_label(const struct field *f, FILE *out)
{
	if (f && f->label)
		fprintf(out, "  # %s%s%s%s", f->label, f->unit ? "（" : "",
			f->unit ? f->unit : "", f->unit ? "）" : "");
	fputc('\n', out);
}

/* venue, facts, declared: one field a line; only: the rule's fields. */
static void write_record(const struct template *t, const struct block *b,
			 const struct value *v, const struct rule *only,
			 FILE *out)
{
	bool record = b->shape == SHAPE_RECORD;
	fprintf(out, "%s:\n", b->name);
	for (size_t i = 0; i < (record ? b->nfields : v->n); i++) {
		const char *key = record ? b->fields[i].name : v->fields[i].key;
		const struct value *x = value_get(v, key);
		bool builtin = record && !strcmp(b->name, "venue") && i < 5;
		if (!shown(x) || (only && !pack_rule_reads(only, b->name, key)))
			continue;
		if (!only && !builtin)
			comment_rules(t, b->name, key, "  ", out);
		fprintf(out, "  %s: ", key);
		yamlout_value(out, x);
		put_label(record ? &b->fields[i] : NULL, out);
	}
}

/* The rule ids that count entry as one of theirs; "" when none. */
static const char *counted_by(const struct template *t, const struct block *b,
			      const struct value *entry, const struct rule *only,
			      struct arena *a)
{
	const char *ids = "";
	for (size_t i = 0; i < t->pack->nrules; i++) {
		const struct rule *r = only ? only : &t->pack->rules[i];
		bool counts = false;
		for (size_t k = 0; k < r->nchecks && !counts; k++) {
			const struct expr *aggs[16];
			size_t n = expr_aggregates(r->checks[k].measure, aggs, 16);
			for (size_t j = 0; j < n && j < 16 && !counts; j++) {
				struct expr_parts src = expr_parts(expr_parts(aggs[j]).a);
				if (src.t != E_ROOT || strcmp(src.name, b->name) != 0)
					continue;
				struct eval w = expr_where(aggs[j], &t->root, entry, a);
				counts = w.st == EVAL_OK && w.v.u.b;
			}
		}
		if (counts && of_tier(t, r))
			ids = arena_printf(a, "%s%s%s", ids, *ids ? "、" : "", r->id);
		if (only)
			break;
	}
	return ids;
}

static void write_entry(const struct block *b, const struct value *e,
			const char *ids, FILE *out)
{
	fputs("  - {", out);
	bool first = true;
	for (size_t i = 0; i < b->nfields; i++) {
		const struct value *v = value_get(e, b->fields[i].name);
		if (!shown(v))
			continue;
		fprintf(out, "%s%s: ", first ? "" : ", ", b->fields[i].name);
		yamlout_value(out, v);
		first = false;
	}
	fputc('}', out);
	if (*ids)
		fprintf(out, "  # 计入 %s", ids);
	fputc('\n', out);
}

/* A ledger; only: the entries the rule counts (all of them when it counts
 * none, as when it only reads the ledger's length). */
static void write_ledger(const struct template *t, const struct block *b,
			 const struct value *v, const struct rule *only,
			 FILE *out)
{
	struct arena a;
	arena_init(&a);
	if (!only) {
		fprintf(out, "# %s\n", b->label ? b->label : b->name);
		comment_rules(t, b->name, NULL, "", out);
	}
	size_t listed = 0;
	for (size_t i = 0; only && i < v->n; i++)
		listed += *counted_by(t, b, &v->items[i], only, &a) != '\0';
	fprintf(out, "%s:%s\n", b->name, v->n ? "" : " []");
	for (size_t i = 0; i < v->n; i++) {
		const char *ids = counted_by(t, b, &v->items[i], only, &a);
		if (!only || !listed || *ids)
			write_entry(b, &v->items[i], only ? "" : ids, out);
	}
	arena_free(&a);
}

static void write_monthly(const struct template *t, const struct block *b,
			  const struct value *v, const struct rule *only,
			  FILE *out)
{
	if (!only) {
		fprintf(out, "# %s（每月）\n", b->fields[0].label ? b->fields[0].label
								 : b->name);
		comment_rules(t, b->name, NULL, "", out);
	}
	fprintf(out, "%s: {", b->name);
	bool first = true;
	for (int m = 1; m <= 12; m++) {
		char key[12];
		snprintf(key, sizeof key, "%d", m);
		const struct value *x = value_get(v, key);
		if (!shown(x))
			continue;
		fprintf(out, "%s%d: ", first ? "" : ", ", m);
		yamlout_value(out, x);
		first = false;
	}
	fputs("}\n", out);
}

static void write_block(const struct template *t, const struct block *b,
			const struct rule *only, FILE *out)
{
	const struct value *v = value_get(&t->root, b->name);
	if (!v || (only && !pack_rule_reads(only, b->name, NULL)))
		return;
	if (b->shape == SHAPE_LEDGER)
		write_ledger(t, b, v, only, out);
	else if (b->shape == SHAPE_MONTHLY)
		write_monthly(t, b, v, only, out);
	else
		write_record(t, b, v, only, out);
	if (!only)
		fputc('\n', out);
}

/* venue, facts and declared first: the header and the plain values, then
 * the ledgers and the monthly tables. */
static void write_blocks(const struct template *t, const struct rule *only,
			 FILE *out)
{
	const struct schema *s = &t->pack->schema;
	static const char *const first[] = {"venue", "facts", "declared"};
	for (size_t i = 0; i < 3; i++) {
		const struct block *b = schema_block(s, first[i]);
		if (b)
			write_block(t, b, only, out);
	}
	for (size_t i = 0; i < s->nblocks; i++)
		if (s->blocks[i].shape == SHAPE_LEDGER)
			write_block(t, &s->blocks[i], only, out);
	for (size_t i = 0; i < s->nblocks; i++)
		if (s->blocks[i].shape == SHAPE_MONTHLY)
			write_block(t, &s->blocks[i], only, out);
}

void template_write(const struct template *t, FILE *out)
{
	fprintf(out, "# %s数据文件模板（%d 年）\n", t->tier->label ? t->tier->label
							  : t->tier->name, t->year);
	fprintf(out, "# 标准：%s（%s）\n", t->pack->title, t->pack->id);
	fputs("# 由 venuecheck template 生成：本级每条规则读取的字段和台账，示例数值恰好\n"
	      "# 达到各条要求。换成本馆的真实数据和台账后运行 venuecheck check 本文件；\n"
	      "# 某条规则的含义见 venuecheck explain 规则编号。格式见 venuecheck-data(5)。\n\n",
	      out);
	write_blocks(t, NULL, out);
}

void template_write_rule(const struct template *t, const struct rule *r,
			 FILE *out)
{
	write_blocks(t, r, out);
}
