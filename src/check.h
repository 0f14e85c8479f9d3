/* check.h - evaluate a pack's rules against one venue.
 * Pipeline step: 3, evaluate. */
#ifndef VC_CHECK_H
#define VC_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "pack.h"
#include "venue.h"

enum verdict {
	VERDICT_PASS,
	VERDICT_FAIL,
	VERDICT_MISSING, /* the data needed is not in the file: a failure */
	VERDICT_NA,	 /* the clause does not apply to this venue */
	VERDICT_BATCH,	 /* single-venue part passed; needs the whole batch */
	VERDICT_WAIVED,	 /* failed or missing, excused by a waiver: not a
			    failure, not a pass */
	VERDICT_COUNT
};

struct waiver;

/* One check of a rule with several: what it measured, so a report can
 * show each quantity in its own unit (the tier sheet's columns). */
struct check_outcome {
	enum verdict verdict; /* VERDICT_NA: the check did not run */
	bool has_measured, has_required; /* numbers only */
	double measured, required;
};

/* Graded packs: what one rule says of the grade.  Plain numbers and
 * pointers into the pack only, so that a report can be written to a file
 * and read back (issue 19).  Grades are indexes into pack->grades, best
 * first; ngrades stands for 未达等级. */
struct result_grade {
	bool graded;  /* gates or demotes: the rest is set */
	unsigned char holds;   /* bit g: the rule holds at grade g */
	unsigned char unknown; /* bit g: lacks the data to say */
	signed char allows;    /* best grade it allows alone (a demotion:
				  the grade it leaves a 一级 venue) */
	signed char demote;    /* grades taken off; -1: lacks data */
	/* What the next grade up needs, when the rule is short of it. */
	bool has_next, has_scaled;
	signed char next;		     /* that grade */
	const struct comparison *next_check; /* the check that is short */
	double next_measured, next_required, next_gap, scaled_gap;
	/* A scored item: the points earned, when they could be computed. */
	bool has_points;
	double points;
};

/* The grade of a venue under a graded pack (plain data, as above). */
struct venue_grade {
	bool graded; /* the pack has grades */
	signed char grade;   /* the grade reached; ngrades: 未达等级 */
	signed char by_rules;  /* best grade every gating rule holds at */
	signed char by_points; /* best grade line the total reaches; -1: none */
	signed char demoted;   /* grades the demotions took off */
	/* Missing data kept a better grade from being shown: the rules
	 * that lack data could decide it. */
	bool undetermined;
	bool has_points, points_missing; /* a scored item lacks data */
	double points, max_points;
	int limit; /* index of the result that keeps the next grade up, -1 */
};

struct result {
	const struct rule *rule;
	enum verdict verdict;
	const struct comparison *check; /* the check that decided; NULL if none ran */
	bool has_measured, has_required;
	struct value measured; /* number or boolean */
	double required;       /* the evaluated threshold, when a number */
	double gap;	       /* how far short, in the check's unit (> 0) */
	const char *why;       /* missing / not applicable: the reason */
	const char *why_zh;    /* the same in Chinese, or NULL: why serves both */
	const struct waiver *waiver; /* VERDICT_WAIVED: the waiver */
	enum verdict waived;	     /* VERDICT_WAIVED: what it was */
	/* rule->nchecks > 1: each check's outcome, in pack order; else NULL */
	const struct check_outcome *each;
	struct result_grade grade;
};

struct check_report {
	const struct venue *venue;
	struct result *results; /* one per rule of the venue's tier */
	size_t n;
	size_t counts[VERDICT_COUNT];
	struct venue_grade grade;
	const struct grade *grades; /* the pack's (grade lines), ngrades */
	size_t ngrades;
	struct arena arena; /* results and their strings */
};

/* Judge every rule of v's tier.  Warnings (a stated total that disagrees
 * with its ledger) go to d. */
struct check_report *check_venue(const struct pack *p, const struct venue *v,
				 struct diags *d);
/* The same in two steps, so that a batch need not hold whole files: first
 * the rules that read only v's own file (the linked ones are left without a
 * verdict), then, once the batch is linked into a tree (tree.c), the rules
 * that read other venues.  v may have been pruned in between. */
struct check_report *check_own(const struct pack *p, const struct venue *v,
			       struct diags *d);
void check_linked(struct check_report *rep, const struct venue *v,
		  struct diags *d);
void check_report_free(struct check_report *r);
/* The results grouped by category in the order the pack first uses each,
 * pack order within a category.  out must hold rep->n pointers. */
void check_by_category(const struct check_report *rep,
		       const struct result **out);
/* measured <op> threshold. */
bool check_compare(enum op op, double measured, double threshold);
/* The venue's grade from its results (check_linked does it). */
void check_grade(struct check_report *rep);
/* True when the verdict counts against the exit status. */
bool check_is_failure(enum verdict v);

#endif
