/* rollup.c - totals over each county's and city's subtree. */
#include "rollup.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

static size_t tier_index(const struct pack *p, const char *tier)
{
	for (size_t i = 0; i < p->ntiers; i++)
		if (strcmp(p->tiers[i].id, tier) == 0)
			return i;
	return NONE;
}

/* Tiers with a tier two levels below them get roll-ups. */
static bool rolls_up(const struct pack *p, const char *tier)
{
	for (size_t i = 0; i < p->ntiers; i++) {
		const char *mid = p->tiers[i].parent;
		if (mid && strcmp(mid, tier) == 0 && p->tiers[i].has_under)
			return true;
	}
	return false;
}

static size_t failures(const struct check_report *r)
{
	return r->counts[VERDICT_FAIL] + r->counts[VERDICT_MISSING];
}

/* v's header as a roll-up shows it (ids, names, tiers, never paths:
 * its path is the caller's buffer), its strings copied into text. */
static struct venue held_copy(const struct venue *v, struct arena *text)
{
	struct venue c = {.id = v->id, .name = v->name, .tier = v->tier,
			  .parent = v->parent, .year = v->year, .book = v->book,
			  .at_header = v->at_header};
	c.id = c.id ? arena_strdup(text, c.id) : NULL;
	c.name = c.name ? arena_strdup(text, c.name) : NULL;
	c.tier = c.tier ? arena_strdup(text, c.tier) : NULL;
	c.parent = c.parent ? arena_strdup(text, c.parent) : NULL;
	return c;
}

/* The venues a roll-up shows point at copies in held (its
 * ROLLUP_TOP_VENUES slots) when held is not NULL: a streamed batch's
 * report venue is a view that lives only while it is reported, its
 * strings in the bytes read back for it.  A copy is made only when a
 * venue enters the top, which raises the top's failures: a few hundred
 * times at most, whatever the number of venues. */
static void hold(struct rollup *u, struct venue *held, struct arena *text,
		 size_t pos, const struct venue *v)
{
	if (!held)
		return;
	memmove(&held[pos + 1], &held[pos],
		(ROLLUP_TOP_VENUES - 1 - pos) * sizeof *held);
	held[pos] = held_copy(v, text);
	for (size_t k = 0; k < ROLLUP_TOP_VENUES; k++)
		u->venues[k].venue = &held[k];
}

static void add_venue(struct rollup *u, const struct pack *p,
		      const struct check_report *r, size_t *rule_counts,
		      struct venue *held, struct arena *text)
{
	size_t ti = tier_index(p, r->venue->tier);
	if (ti < ROLLUP_TIERS) {
		struct rollup_tier *t = &u->tiers[ti];
		t->venues++;
		t->passing += failures(r) == 0;
		t->checked += r->counts[VERDICT_PASS] + failures(r) +
			      r->counts[VERDICT_WAIVED];
		t->passed += r->counts[VERDICT_PASS];
	}
	for (size_t k = 0; k < r->n; k++)
		if (check_is_failure(r->results[k].verdict))
			rule_counts[r->results[k].rule - p->rules]++;
	/* Keep the venues failing most; ties keep input order. */
	size_t f = failures(r);
	if (f == 0)
		return;
	size_t pos = u->nvenues;
	while (pos > 0 && u->venues[pos - 1].failures < f)
		pos--;
	if (pos >= ROLLUP_TOP_VENUES)
		return;
	size_t last = u->nvenues < ROLLUP_TOP_VENUES ? u->nvenues : ROLLUP_TOP_VENUES - 1;
	memmove(&u->venues[pos + 1], &u->venues[pos], (last - pos) * sizeof u->venues[0]);
	u->venues[pos] = (struct rollup_top){.venue = r->venue, .failures = f};
	if (u->nvenues < ROLLUP_TOP_VENUES)
		u->nvenues++;
	hold(u, held, text, pos, r->venue);
}

static void top_rules(struct rollup *u, const struct pack *p,
		      const size_t *counts)
{
	for (size_t i = 0; i < p->nrules; i++) {
		size_t c = counts[i];
		if (c == 0)
			continue;
		size_t pos = u->nrules;
		while (pos > 0 && u->rule_fails[pos - 1] < c)
			pos--;
		if (pos >= ROLLUP_TOP_RULES)
			continue;
		size_t last = u->nrules < ROLLUP_TOP_RULES ? u->nrules : ROLLUP_TOP_RULES - 1;
		memmove(&u->rules[pos + 1], &u->rules[pos], (last - pos) * sizeof u->rules[0]);
		memmove(&u->rule_fails[pos + 1], &u->rule_fails[pos],
			(last - pos) * sizeof u->rule_fails[0]);
		u->rules[pos] = &p->rules[i];
		u->rule_fails[pos] = c;
		if (u->nrules < ROLLUP_TOP_RULES)
			u->nrules++;
	}
}

struct rollups {
	const struct pack *p;
	const struct tree *t;
	size_t *slot;	/* venue -> its roll-up, or NONE */
	struct rollup *u;
	size_t n;
	size_t *counts; /* per roll-up, venues failing each rule */
	/* A tree of views (a streamed batch: t->v NULL): per roll-up, a
	 * copy of its top venue and ROLLUP_TOP_VENUES slots (hold), in the
	 * block of u after the roll-ups, so that they go with it; their
	 * strings in text (the caller's). */
	struct venue *held;
	struct arena *text;
};

enum { HELD = 1 + ROLLUP_TOP_VENUES };

struct rollups *rollups_new(const struct pack *p, const struct tree *t,
			    struct arena *text)
{
	struct rollups *b = xcalloc(1, sizeof *b);
	b->p = p;
	b->t = t;
	b->text = text;
	b->slot = xmalloc((t->n + 1) * sizeof *b->slot);
	struct venue_buf buf;
	for (size_t i = 0; i < t->n; i++) {
		const struct venue *v = tree_venue(t, i, &buf);
		b->slot[i] = NONE;
		if (v && rolls_up(p, v->tier))
			b->slot[i] = b->n++;
	}
	size_t held = t->v ? 0 : b->n * HELD;
	b->u = xcalloc(1, (b->n + 1) * sizeof *b->u + held * sizeof *b->held);
	b->held = held ? (struct venue *)(void *)(b->u + b->n + 1) : NULL;
	b->counts = xcalloc((b->n + 1) * (p->nrules + 1), sizeof *b->counts);
	for (size_t i = 0; i < t->n; i++) {
		if (b->slot[i] == NONE)
			continue;
		const struct venue *v = tree_venue(t, i, &buf);
		if (b->held) {
			b->held[b->slot[i] * HELD] = held_copy(v, text);
			v = &b->held[b->slot[i] * HELD];
		}
		b->u[b->slot[i]].top = v;
	}
	return b;
}

/* A venue counts in itself and every ancestor that rolls up. */
void rollups_add(struct rollups *b, size_t i, const struct check_report *rep)
{
	const struct tree *t = b->t;
	size_t steps = 0;
	for (size_t a = i; a != NONE && steps++ <= t->n; a = tree_parent(t, a))
		if (b->slot[a] != NONE)
			add_venue(&b->u[b->slot[a]], b->p, rep,
				  &b->counts[b->slot[a] * (b->p->nrules + 1)],
				  b->held ? &b->held[b->slot[a] * HELD + 1] : NULL,
				  b->text);
}

struct rollup *rollups_end(struct rollups *b, size_t *n)
{
	for (size_t k = 0; k < b->n; k++)
		top_rules(&b->u[k], b->p, &b->counts[k * (b->p->nrules + 1)]);
	struct rollup *u = b->u;
	*n = b->n;
	free(b->counts);
	free(b->slot);
	free(b);
	return u;
}

struct rollup *rollup_build(const struct pack *p, const struct tree *t,
			    struct check_report *const *reps, size_t *n)
{
	struct rollups *b = rollups_new(p, t, NULL);
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i] && reps[i])
			rollups_add(b, i, reps[i]);
	return rollups_end(b, n);
}
