/* change.h - what changed since a baseline (baseline.h): each result of a
 * new run marked against the old run's result of the same venue and rule,
 * venues added and gone, rules the pack added or dropped.
 *
 * The marking compares states, not verdicts: fail and missing are
 * "failing"; waived is failing underneath (the problem is still there, it
 * is excused), so a waiver neither fixes nor breaks anything; na and batch
 * judged nothing.  Then:
 *   now failing or waived, before failing or waived  仍未整改 still
 *   now failing or waived, before passing or absent   新增 new
 *   now passing, before failing or waived             已整改 fixed
 *   now passing, before passing or absent             通过 pass (unchanged)
 *   now na or batch                                   不适用 na (not compared)
 *   a rule the old run judged for no venue at all     新增条款 rule added
 * A new venue's results are compared with nothing (absent).  What
 * --fail-on new stops on (change_is_new_failure): a new or added rule's
 * result that fails now (a waived one does not: it is excused); an added
 * rule failing now was not failing before, so it counts as new.
 * Pipeline step: 4, report (comparison). */
#ifndef VC_CHANGE_H
#define VC_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "baseline.h"
#include "check.h"
#include "lang.h"

enum change_mark {
	CHANGE_PASS,	   /* passing, as before (or new and passing) */
	CHANGE_NEW,	   /* 新增: failing now, not before */
	CHANGE_FIXED,	   /* 已整改: failing before, passing now */
	CHANGE_STILL,	   /* 仍未整改: failing before and now */
	CHANGE_NA,	   /* not judged now (na, batch): nothing to compare */
	CHANGE_RULE_ADDED, /* the old run judged no venue on this rule */
	CHANGE_COUNT
};

/* One result compared: its mark and the old result (NULL: none). */
struct change {
	enum change_mark mark;
	const struct baseline_result *then;
};

/* One venue compared: a change per result of its report, in its order,
 * and the old results with no counterpart now (the pack dropped the rule,
 * or the venue changed tier).  The arrays live in the arena given. */
struct venue_change {
	const struct baseline_venue *then; /* NULL: new since the baseline */
	struct change *v;
	size_t n;
	size_t counts[CHANGE_COUNT];
	const struct baseline_result **removed;
	size_t nremoved;
};

/* The marking of one rule: then/now verdicts (then NULL: absent), and
 * whether the old run knew the rule at all. */
enum change_mark change_mark_of(const enum verdict *then, enum verdict now,
				bool rule_known);
/* Whether a result marked m with verdict now is a new failure (what
 * --fail-on new stops on): new or rule added, failing (not waived). */
bool change_is_new_failure(enum change_mark m, enum verdict now);
/* Compare venue rep with the baseline into c (its arrays in a). */
void change_venue(struct venue_change *c, const struct baseline *b,
		  const struct check_report *rep, struct arena *a);

/* diff: venue nv of report now compared with report then, the same
 * marks; c->v[i] is nv's result i.  A report names no rule's severity, so
 * every new failure counts (change_pair_new_failures). */
void change_pair(struct venue_change *c, const struct baseline *then,
		 const struct baseline_venue *nv, struct arena *a);
size_t change_pair_new_failures(const struct venue_change *c,
				const struct baseline_venue *nv);

/* What changed in a venue or under one (a county's roll-up). */
struct change_tally {
	size_t counts[CHANGE_COUNT];
	size_t new_failures; /* what --fail-on new stops on */
	size_t removed;	     /* old results with no counterpart now */
	size_t venues_added, venues_gone;
};

/* A whole run's changes, as the venues go by: totals, which venues of the
 * baseline were seen (the others are gone), and each venue's own tally
 * under its id and parent, for the roll-ups' subtotals. */
struct change_run {
	const struct baseline *base;
	bool *seen; /* per baseline venue */
	struct change_tally total;
	char **ids, **parents;
	struct change_tally *own, *under; /* per venue seen; under: lazily */
	size_t n, cap;
	struct hashidx by_id;
};
void change_run_init(struct change_run *t, const struct baseline *b);
/* Count venue rep compared as c.  A new failure of a warning-severity
 * rule is not one (as --fail-on missing ignores them). */
void change_run_add(struct change_run *t, const struct venue_change *c,
		    const struct check_report *rep);
/* The baseline venues not seen (gone), after every venue; *out is
 * malloc'ed (free it).  Returns how many. */
size_t change_run_gone(const struct change_run *t,
		       const struct baseline_venue ***out);
/* The tally of venue id and every venue under it (its parent chain),
 * gone venues counted by the baseline's chain; after every venue.  NULL
 * for a venue not seen. */
const struct change_tally *change_run_under(struct change_run *t,
					    const char *id);
void change_run_free(struct change_run *t);

/* The mark in words: 新增 / new, 已整改 / fixed, ... */
const char *change_word(enum change_mark m, enum lang l);
/* The JSON and CSV's stable word: new, fixed, still, pass, na, rule-added. */
const char *change_key(enum change_mark m);
/* Whether the mark belongs in the 整改 tracking (failing then or now). */
bool change_tracked(const struct change *c, enum verdict now);

#endif
