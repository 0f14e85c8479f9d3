/* change.c - a run compared with its baseline (change.h). */
#include "change.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The states a verdict stands for (change.h). */
enum state { ST_ABSENT, ST_PASS, ST_FAILING, ST_NONE };

static enum state state_of(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return ST_PASS;
	case VERDICT_FAIL:
	case VERDICT_MISSING:
	case VERDICT_WAIVED: /* failing underneath, excused */
		return ST_FAILING;
	default:
		return ST_NONE;
	}
}

enum change_mark change_mark_of(const enum verdict *then, enum verdict now,
				bool rule_known)
{
	enum state t = then ? state_of(*then) : ST_ABSENT;
	enum state n = state_of(now);
	if (!rule_known)
		return CHANGE_RULE_ADDED;
	if (n == ST_NONE)
		return CHANGE_NA;
	if (n == ST_FAILING)
		return t == ST_FAILING ? CHANGE_STILL : CHANGE_NEW;
	return t == ST_FAILING ? CHANGE_FIXED : CHANGE_PASS;
}

bool change_is_new_failure(enum change_mark m, enum verdict now)
{
	return (m == CHANGE_NEW || m == CHANGE_RULE_ADDED) &&
	       (now == VERDICT_FAIL || now == VERDICT_MISSING);
}

bool change_tracked(const struct change *c, enum verdict now)
{
	return state_of(now) == ST_FAILING ||
	       (c->then && state_of(c->then->verdict) == ST_FAILING);
}

/* The old results no result now was compared with: a mark per old
 * result, from the changes' then pointers (linear, not rules squared). */
static void find_removed(struct venue_change *c, struct arena *a)
{
	const struct baseline_venue *t = c->then;
	bool *matched = arena_alloc(a, t->n + 1);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].then)
			matched[c->v[i].then - t->results] = true;
	c->removed = arena_alloc(a, (t->n + 1) * sizeof *c->removed);
	for (size_t i = 0; i < t->n; i++)
		if (!matched[i])
			c->removed[c->nremoved++] = &t->results[i];
}

void change_venue(struct venue_change *c, const struct baseline *b,
		  const struct check_report *rep, struct arena *a)
{
	memset(c, 0, sizeof *c);
	const char *id = rep->venue->id;
	c->then = baseline_venue(b, id);
	c->n = rep->n;
	c->v = arena_alloc(a, (rep->n + 1) * sizeof *c->v);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		struct change *x = &c->v[i];
		x->then = c->then ? baseline_result(b, id, r->rule->id) : NULL;
		x->mark = change_mark_of(x->then ? &x->then->verdict : NULL,
					 r->verdict, baseline_has_rule(b, r->rule->id));
		c->counts[x->mark]++;
	}
	if (c->then)
		find_removed(c, a);
}

static size_t id_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct change_run *)ctx)->ids[i]);
}

static bool id_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct change_run *)ctx)->ids[i], key) == 0;
}

void change_pair(struct venue_change *c, const struct baseline *then,
		 const struct baseline_venue *nv, struct arena *a)
{
	memset(c, 0, sizeof *c);
	c->then = baseline_venue(then, nv->id);
	c->n = nv->n;
	c->v = arena_alloc(a, (nv->n + 1) * sizeof *c->v);
	for (size_t i = 0; i < nv->n; i++) {
		const struct baseline_result *r = &nv->results[i];
		struct change *x = &c->v[i];
		x->then = c->then ? baseline_result(then, nv->id, r->rule) : NULL;
		x->mark = change_mark_of(x->then ? &x->then->verdict : NULL,
					 r->verdict, baseline_has_rule(then, r->rule));
		c->counts[x->mark]++;
	}
	if (c->then)
		find_removed(c, a);
}

size_t change_pair_new_failures(const struct venue_change *c,
				const struct baseline_venue *nv)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += change_is_new_failure(c->v[i].mark, nv->results[i].verdict);
	return n;
}

void change_run_init(struct change_run *t, const struct baseline *b)
{
	memset(t, 0, sizeof *t);
	t->base = b;
	t->seen = xcalloc(b->n + 1, sizeof *t->seen);
	hashidx_init(&t->by_id, id_hash, id_is, t);
}

static void tally_add(struct change_tally *to, const struct change_tally *x)
{
	for (int m = 0; m < CHANGE_COUNT; m++)
		to->counts[m] += x->counts[m];
	to->new_failures += x->new_failures;
	to->removed += x->removed;
	to->venues_added += x->venues_added;
	to->venues_gone += x->venues_gone;
}

/* Keep venue id's own tally for the subtotals (the first of an id). */
static void remember(struct change_run *t, const struct venue *v,
		     const struct change_tally *own)
{
	if (hashidx_find(&t->by_id, hashidx_hash(v->id), v->id) != HASHIDX_NONE)
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->ids = xrealloc(t->ids, t->cap * sizeof *t->ids);
		t->parents = xrealloc(t->parents, t->cap * sizeof *t->parents);
		t->own = xrealloc(t->own, t->cap * sizeof *t->own);
	}
	t->ids[t->n] = xstrdup(v->id);
	t->parents[t->n] = v->parent ? xstrdup(v->parent) : NULL;
	t->own[t->n] = *own;
	hashidx_add(&t->by_id, t->n++);
}

void change_run_add(struct change_run *t, const struct venue_change *c,
		    const struct check_report *rep)
{
	struct change_tally own = {0};
	for (int m = 0; m < CHANGE_COUNT; m++)
		own.counts[m] = c->counts[m];
	for (size_t i = 0; i < c->n; i++)
		if (!rep->results[i].rule->warning &&
		    change_is_new_failure(c->v[i].mark, rep->results[i].verdict))
			own.new_failures++;
	own.removed = c->nremoved;
	if (c->then)
		t->seen[c->then - t->base->venues] = true;
	else
		own.venues_added = 1;
	tally_add(&t->total, &own);
	remember(t, rep->venue, &own);
}

size_t change_run_gone(const struct change_run *t,
		       const struct baseline_venue ***out)
{
	const struct baseline *b = t->base;
	size_t n = 0;
	*out = xmalloc((b->n + 1) * sizeof **out);
	for (size_t i = 0; i < b->n; i++)
		/* A duplicate id of an edited report is not a venue gone. */
		if (!t->seen[i] && baseline_venue(b, b->venues[i].id) == &b->venues[i])
			(*out)[n++] = &b->venues[i];
	return n;
}

static size_t find_id(const struct change_run *t, const char *id)
{
	return id ? hashidx_find(&t->by_id, hashidx_hash(id), id) : HASHIDX_NONE;
}

/* Add x to the venue at parent and each venue above it.  The chain is
 * bounded: a batch's tree has no cycle, but an edited baseline might. */
static void add_up(struct change_run *t, const char *parent,
		   const struct change_tally *x)
{
	for (int depth = 0; parent && depth < 64; depth++) {
		size_t k = find_id(t, parent);
		if (k != HASHIDX_NONE) {
			tally_add(&t->under[k], x);
			parent = t->parents[k];
			continue;
		}
		/* Not in this run: its chain in the baseline (a gone county). */
		const struct baseline_venue *bv = baseline_venue(t->base, parent);
		parent = bv ? bv->parent : NULL;
	}
}

/* Every venue's subtotal at once: each venue's own tally added to its
 * ancestors (venues times depth), each gone venue counted likewise. */
static void build_under(struct change_run *t)
{
	t->under = xcalloc(t->n + 1, sizeof *t->under);
	for (size_t i = 0; i < t->n; i++) {
		tally_add(&t->under[i], &t->own[i]);
		add_up(t, t->parents[i], &t->own[i]);
	}
	const struct baseline_venue **gone;
	size_t ngone = change_run_gone(t, &gone);
	struct change_tally one = {.venues_gone = 1};
	for (size_t i = 0; i < ngone; i++)
		add_up(t, gone[i]->parent, &one);
	free(gone);
}

const struct change_tally *change_run_under(struct change_run *t,
					    const char *id)
{
	if (!t->under)
		build_under(t);
	size_t k = find_id(t, id);
	return k == HASHIDX_NONE ? NULL : &t->under[k];
}

void change_run_free(struct change_run *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->ids[i]);
		free(t->parents[i]);
	}
	free(t->ids);
	free(t->parents);
	free(t->own);
	free(t->under);
	free(t->seen);
	hashidx_free(&t->by_id);
	memset(t, 0, sizeof *t);
}

static const struct {
	const char *key, *zh, *en;
} words[CHANGE_COUNT] = {
	[CHANGE_PASS] = {"pass", "通过", "pass"},
	[CHANGE_NEW] = {"new", "新增", "new"},
	[CHANGE_FIXED] = {"fixed", "已整改", "fixed"},
	[CHANGE_STILL] = {"still", "仍未整改", "still failing"},
	[CHANGE_NA] = {"na", "不适用", "n/a"},
	[CHANGE_RULE_ADDED] = {"rule-added", "新增条款", "rule added"},
};

const char *change_word(enum change_mark m, enum lang l)
{
	return l == LANG_EN ? words[m].en : words[m].zh;
}

const char *change_key(enum change_mark m)
{
	return words[m].key;
}
