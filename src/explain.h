/* explain.h - one rule in words: its clause, tier and category, what it
 * requires (in words and as the pack's expression), what it reads, how a
 * count is derived from a ledger, its notes and an example that passes;
 * for a venue file also the derivation: the verdict, measured against
 * required, and which ledger entries counted and why the others did not.
 * Pipeline step: beside the pipeline: authoring. */
#ifndef VC_EXPLAIN_H
#define VC_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "pack.h"
#include "venue.h"

/* The rule with that id; NULL when there is none, with *disabled set when
 * an extending pack turned it off, else *suggest to the closest id (or
 * NULL). */
const struct rule *explain_find(const struct pack *p, const char *id,
				const char **suggest,
				const struct disabled_rule **disabled);
/* Print the explanation of r, its example dated in year.  v: a venue of
 * r's tier, or NULL. */
void explain_rule(const struct pack *p, const struct rule *r,
		  const struct venue *v, int year, bool english, FILE *out);

/* A graded pack: how venue v's grade was reached, grade by grade. */
void explain_grade(const struct pack *p, const struct venue *v, bool english,
		   FILE *out);

#endif
