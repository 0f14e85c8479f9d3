/* rollup.h - roll-ups of a batch under each venue at least two tiers above
 * the lowest (a county, a city in the Jiaxing pack): venues by tier, pass
 * rate per tier, the clauses failed most often, the venues failing most.
 * Pipeline step: 3, evaluate. */
#ifndef VC_ROLLUP_H
#define VC_ROLLUP_H

#include <stddef.h>

#include "check.h"
#include "pack.h"
#include "tree.h"

enum { ROLLUP_TOP_RULES = 10, ROLLUP_TOP_VENUES = 5, ROLLUP_TIERS = 16 };

struct rollup_tier {
	size_t venues, passing, checked, passed;
};

struct rollup {
	const struct venue *top;
	struct rollup_tier tiers[ROLLUP_TIERS]; /* by the pack's tier index */
	const struct rule *rules[ROLLUP_TOP_RULES];
	size_t rule_fails[ROLLUP_TOP_RULES], nrules; /* venues failing it */
	const struct check_report *venues[ROLLUP_TOP_VENUES];
	size_t nvenues;
};

/* One roll-up per qualifying venue, in input order.  reps[i] is the report
 * of t->v[i] (NULL for dropped files).  Free with free(). */
struct rollup *rollup_build(const struct pack *p, const struct tree *t,
			    struct check_report *const *reps, size_t *n);

#endif
