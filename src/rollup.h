/* rollup.h - roll-ups of a batch under each venue at least two tiers above
 * the lowest (a county, a city in the Jiaxing pack): venues by tier, pass
 * rate per tier, the clauses failed most often, the venues failing most.
 * Pipeline step: 3, evaluate. */
#ifndef VC_ROLLUP_H
#define VC_ROLLUP_H

#include <stddef.h>

#include "arena.h"
#include "check.h"
#include "pack.h"
#include "tree.h"

enum { ROLLUP_TOP_RULES = 10, ROLLUP_TOP_VENUES = 5, ROLLUP_TIERS = 16 };

struct rollup_tier {
	size_t venues, passing, checked, passed;
};

/* One of the venues failing most: what the roll-up shows of it, kept
 * after its report is gone (a streamed batch reads each report once). */
struct rollup_top {
	const struct venue *venue;
	size_t failures; /* rules failed or lacking data */
};

struct rollup {
	const struct venue *top;
	struct rollup_tier tiers[ROLLUP_TIERS]; /* by the pack's tier index */
	const struct rule *rules[ROLLUP_TOP_RULES];
	size_t rule_fails[ROLLUP_TOP_RULES], nrules; /* venues failing it */
	struct rollup_top venues[ROLLUP_TOP_VENUES];
	size_t nvenues;
};

/* One roll-up per qualifying venue, in input order.  reps[i] is the report
 * of t->v[i] (NULL for dropped files).  Free with free(). */
struct rollup *rollup_build(const struct pack *p, const struct tree *t,
			    struct check_report *const *reps, size_t *n);

/* The same built one report at a time, for a batch that reads each
 * report back once (batch.h, stream): rollups_add every venue's report in
 * input order (ties keep it), then rollups_end gives the roll-ups (free
 * with free()) and frees the builder.  The tree and the pack must outlive
 * the roll-ups: they point at its venues, or for a tree of views (a
 * streamed batch keeps no struct venue: tree_build_src; text must not be
 * NULL then) at copies of the venues they show, in the block free() lets go of,
 * their strings copied into text (which must outlive the roll-ups), so a
 * report's venue (rep->venue) need only live while rollups_add reads it. */
struct rollups;
struct rollups *rollups_new(const struct pack *p, const struct tree *t,
			    struct arena *text);
void rollups_add(struct rollups *b, size_t i, const struct check_report *rep);
struct rollup *rollups_end(struct rollups *b, size_t *n);

#endif
