/* trend.c - several years' batches reduced to what a trend shows. */
#include "trend.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "rollup.h"
#include "xalloc.h"

#define NONE ((size_t)-1)

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

size_t trend_years_of(const long *file_years, size_t n, long *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (file_years[i] > 0)
			out[k++] = file_years[i];
	if (k)
		qsort(out, k, sizeof *out, cmp_long);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (m == 0 || out[m - 1] != out[i])
			out[m++] = out[i];
	return m;
}

long trend_year_of_name(const char *path)
{
	size_t end = strlen(path);
	while (end > 1 && path[end - 1] == '/')
		end--; /* "2026/" names the directory 2026 */
	size_t start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	long year = 0;
	for (size_t i = start; i < end;) {
		size_t j = i;
		while (j < end && isdigit((unsigned char)path[j]))
			j++;
		/* exactly four digits: "20260" or a "12026" is no year */
		if (j - i == 4) {
			long y = strtol(path + i, NULL, 10);
			year = y >= 1949 && y <= 2200 ? y : year;
		}
		i = j > i ? j : i + 1;
	}
	return year;
}

/* ---- the venue and rule indexes ---- */

static size_t venue_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct trend *)ctx)->venues[i].id);
}

static bool venue_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct trend *)ctx)->venues[i].id, key) == 0;
}

static size_t rule_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct trend *)ctx)->rules[i].id);
}

static bool rule_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct trend *)ctx)->rules[i].id, key) == 0;
}

struct trend *trend_new(const long *years, size_t n, enum lang l)
{
	struct trend *t = xcalloc(1, sizeof *t);
	arena_init(&t->arena);
	t->lang = l;
	t->nyears = n;
	t->years = xcalloc(n + 1, sizeof *t->years);
	for (size_t i = 0; i < n; i++)
		t->years[i].year = years[i];
	hashidx_init(&t->vidx, venue_hash, venue_is, t);
	hashidx_init(&t->ridx, rule_hash, rule_is, t);
	return t;
}

void trend_free(struct trend *t)
{
	if (!t)
		return;
	hashidx_free(&t->vidx);
	hashidx_free(&t->ridx);
	free(t->venues);
	free(t->rules);
	free(t->groups);
	free(t->years);
	arena_free(&t->arena);
	free(t);
}

void trend_set_empty(struct trend *t, size_t yi, const char *source)
{
	t->years[yi].empty = true;
	t->years[yi].source = source ? arena_strdup(&t->arena, source) : NULL;
}

/* A zeroed array of one item per year, in the arena. */
static void *per_year(struct trend *t, size_t size)
{
	void *p = arena_alloc(&t->arena, size * (t->nyears + 1));
	memset(p, 0, size * (t->nyears + 1));
	return p;
}

static size_t venue_slot(struct trend *t, const char *id)
{
	size_t i = hashidx_find(&t->vidx, hashidx_hash(id), id);
	if (i != HASHIDX_NONE)
		return i;
	if (t->nvenues == t->capv) {
		t->capv = t->capv ? 2 * t->capv : 64;
		t->venues = xrealloc(t->venues, t->capv * sizeof *t->venues);
	}
	struct trend_venue *v = &t->venues[t->nvenues];
	v->id = arena_strdup(&t->arena, id);
	v->y = per_year(t, sizeof *v->y);
	v->tier_changed = v->parent_changed = false;
	hashidx_add(&t->vidx, t->nvenues);
	return t->nvenues++;
}

static size_t rule_slot(struct trend *t, const struct rule *r)
{
	size_t i = hashidx_find(&t->ridx, hashidx_hash(r->id), r->id);
	if (i != HASHIDX_NONE)
		return i;
	if (t->nrules == t->capr) {
		t->capr = t->capr ? 2 * t->capr : 64;
		t->rules = xrealloc(t->rules, t->capr * sizeof *t->rules);
	}
	struct trend_rule *k = &t->rules[t->nrules];
	k->id = arena_strdup(&t->arena, r->id);
	k->title = arena_strdup(&t->arena, label_rule(r, t->lang));
	k->tier = arena_strdup(&t->arena, r->tier);
	k->in_year = per_year(t, sizeof *k->in_year);
	hashidx_add(&t->ridx, t->nrules);
	return t->nrules++;
}

size_t trend_tier_index(const struct trend *t, const char *tier)
{
	for (size_t i = 0; i < t->ntiers; i++)
		if (strcmp(t->tiers[i], tier) == 0)
			return i;
	return NONE;
}

/* The tiers in the pack's order (the first year's pack first); a later
 * pack's new tier goes last.  Past TREND_TIERS a tier is not tallied. */
static void add_tiers(struct trend *t, const struct pack *p)
{
	for (size_t i = 0; i < p->ntiers && t->ntiers < TREND_TIERS; i++)
		if (trend_tier_index(t, p->tiers[i].id) == NONE) {
			t->tiers[t->ntiers] = arena_strdup(&t->arena, p->tiers[i].id);
			t->tier_names[t->ntiers++] = arena_strdup(
				&t->arena, label_tier(p, p->tiers[i].id, t->lang));
		}
}

/* ---- one year's batch ---- */

static void keep_cell(struct trend *t, struct trend_cell *c, size_t rule,
		      const struct result *r)
{
	c->rule = rule;
	c->verdict = (unsigned char)r->verdict;
	c->warning = r->rule->warning;
	c->kind = TREND_NONE;
	c->measured = 0;
	if (r->has_measured && r->measured.type == V_NUM) {
		c->kind = TREND_NUMBER;
		c->measured = r->measured.u.num;
	} else if (r->has_measured && r->measured.type == V_BOOL) {
		c->kind = TREND_BOOL;
		c->measured = r->measured.u.b ? 1 : 0;
	}
	c->shown = label_measured(r, t->lang, &t->arena);
	c->required = label_required(r, t->lang, &t->arena);
}

static size_t failures(const struct check_report *r)
{
	return r->counts[VERDICT_FAIL] + r->counts[VERDICT_MISSING];
}

static void keep_venue(struct trend *t, size_t yi, const struct batch *b,
		       size_t i, enum batch_fail_on fail_on)
{
	const struct venue *v = batch_venue(b, i);
	const struct check_report *rep = batch_report(b, i);
	size_t slot = venue_slot(t, v->id); /* may move t->venues */
	struct trend_venue_year *y = &t->venues[slot].y[yi];
	y->present = true;
	y->name = arena_strdup(&t->arena, v->name);
	y->tier = arena_strdup(&t->arena, v->tier);
	y->parent = v->parent ? arena_strdup(&t->arena, v->parent) : NULL;
	y->path = arena_strdup(&t->arena, batch_name(b, i));
	y->passing = failures(rep) == 0;
	y->failing = batch_fails(b, i, fail_on);
	y->ncells = rep->n;
	y->cells = arena_alloc(&t->arena, (rep->n + 1) * sizeof *y->cells);
	for (size_t k = 0; k < rep->n; k++)
		keep_cell(t, &y->cells[k], rule_slot(t, rep->results[k].rule),
			  &rep->results[k]);
	size_t ti = trend_tier_index(t, v->tier);
	if (ti != NONE) {
		t->years[yi].rates[ti].venues++;
		t->years[yi].rates[ti].passing += y->passing;
	}
	t->years[yi].venues++;
}

static size_t group_slot(struct trend *t, const struct venue *top)
{
	for (size_t g = 0; g < t->ngroups; g++)
		if (strcmp(t->groups[g].id, top->id) == 0)
			return g;
	if (t->ngroups == t->capg) {
		t->capg = t->capg ? 2 * t->capg : 8;
		t->groups = xrealloc(t->groups, t->capg * sizeof *t->groups);
	}
	struct trend_group *g = &t->groups[t->ngroups];
	g->id = arena_strdup(&t->arena, top->id);
	g->name = arena_strdup(&t->arena, top->name);
	g->tier = arena_strdup(&t->arena, top->tier);
	g->present = per_year(t, sizeof *g->present);
	g->rates = per_year(t, TREND_TIERS * sizeof *g->rates);
	return t->ngroups++;
}

/* The counties' and cities' pass counts (rollup.c decides which venues
 * roll up, so the trend's groups are the check report's), and for each
 * venue the groups it counts under, for "what got worse in this county". */
static void keep_groups(struct trend *t, size_t yi, const struct batch *b)
{
	const struct tree *tr = batch_tree(b);
	size_t nu;
	struct rollup *u = rollup_build(batch_pack(b), tr, batch_reports(b), &nu);
	for (size_t k = 0; k < nu; k++) {
		size_t slot = group_slot(t, u[k].top); /* may move t->groups */
		struct trend_group *g = &t->groups[slot];
		g->present[yi] = true;
		for (size_t pt = 0; pt < batch_pack(b)->ntiers && pt < ROLLUP_TIERS; pt++) {
			size_t ti = trend_tier_index(t, batch_pack(b)->tiers[pt].id);
			if (ti == NONE)
				continue;
			g->rates[yi * TREND_TIERS + ti].venues = u[k].tiers[pt].venues;
			g->rates[yi * TREND_TIERS + ti].passing = u[k].tiers[pt].passing;
		}
	}
	for (size_t i = 0; i < tr->n; i++) {
		if (!tr->v[i] || !batch_reports(b)[i])
			continue;
		size_t slot = venue_slot(t, tr->v[i]->id);
		struct trend_venue_year *y = &t->venues[slot].y[yi];
		size_t steps = 0;
		for (size_t a = i; a != NONE && steps++ <= tr->n; a = tree_parent(tr, a))
			for (size_t k = 0; k < nu && y->ngroups < 2; k++)
				if (u[k].top == tr->v[a])
					y->groups[y->ngroups++] = group_slot(t, u[k].top);
	}
	free(u);
}

void trend_add_year(struct trend *t, size_t yi, const struct batch *b,
		    const char *pack_path, enum batch_fail_on fail_on)
{
	const struct pack *p = batch_pack(b);
	struct trend_year *y = &t->years[yi];
	add_tiers(t, p);
	y->pack = arena_strdup(&t->arena, pack_path);
	y->files = batch_count(b);
	y->status = (int)batch_status(b, fail_on);
	for (size_t r = 0; r < p->nrules; r++) {
		size_t k = rule_slot(t, &p->rules[r]); /* may move t->rules */
		t->rules[k].in_year[yi] = true;
	}
	for (size_t i = 0; i < batch_count(b); i++) {
		if (batch_venue(b, i) && batch_report(b, i))
			keep_venue(t, yi, b, i, fail_on);
		else
			y->invalid++;
	}
	keep_groups(t, yi, b);
}

static bool differs(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

void trend_finish(struct trend *t)
{
	for (size_t i = 0; i < t->nvenues; i++) {
		struct trend_venue *v = &t->venues[i];
		const struct trend_venue_year *last = NULL;
		for (size_t y = 0; y < t->nyears; y++) {
			if (!v->y[y].present)
				continue;
			if (last && differs(last->tier, v->y[y].tier))
				v->tier_changed = true;
			if (last && differs(last->parent, v->y[y].parent))
				v->parent_changed = true;
			last = &v->y[y];
		}
	}
}

/* ---- lookups ---- */

const struct trend_cell *trend_cell(const struct trend *t, size_t venue,
				    size_t year, size_t rule)
{
	const struct trend_venue_year *y = &t->venues[venue].y[year];
	for (size_t k = 0; y->present && k < y->ncells; k++)
		if (y->cells[k].rule == rule)
			return &y->cells[k];
	return NULL;
}

size_t trend_latest(const struct trend *t)
{
	for (size_t y = t->nyears; y-- > 0;)
		if (!t->years[y].empty)
			return y;
	return NONE;
}

bool trend_latest_fails(const struct trend *t)
{
	size_t y = trend_latest(t);
	for (size_t i = 0; y != NONE && i < t->nvenues; i++)
		if (t->venues[i].y[y].present && t->venues[i].y[y].failing)
			return true;
	return false;
}

size_t trend_latest_new_failures(const struct trend *t)
{
	size_t y = trend_latest(t), before = NONE, n = 0;
	for (size_t k = y; y != NONE && k-- > 0 && before == NONE;)
		if (!t->years[k].empty)
			before = k;
	for (size_t i = 0; y != NONE && i < t->nvenues; i++) {
		const struct trend_venue_year *now = &t->venues[i].y[y];
		for (size_t k = 0; now->present && k < now->ncells; k++) {
			const struct trend_cell *c = &now->cells[k];
			if (c->warning || !check_is_failure((enum verdict)c->verdict))
				continue;
			const struct trend_cell *then =
				before == NONE ? NULL : trend_cell(t, i, before, c->rule);
			n += !then || !check_is_failure((enum verdict)then->verdict);
		}
	}
	return n;
}

size_t trend_rules_only_in(const struct trend *t, size_t yi, size_t yj,
			   size_t *out)
{
	size_t n = 0;
	for (size_t r = 0; r < t->nrules; r++)
		if (t->rules[r].in_year[yi] && !t->rules[r].in_year[yj])
			out[n++] = r;
	return n;
}

bool trend_worse(const struct trend *t, size_t venue, size_t a, size_t b,
		 size_t rule)
{
	const struct trend_cell *x = trend_cell(t, venue, a, rule);
	const struct trend_cell *y = trend_cell(t, venue, b, rule);
	if (!x || !y || !t->rules[rule].in_year[a] || !t->rules[rule].in_year[b])
		return false;
	bool was_ok = x->verdict == VERDICT_PASS || x->verdict == VERDICT_NA;
	return was_ok && check_is_failure((enum verdict)y->verdict);
}
