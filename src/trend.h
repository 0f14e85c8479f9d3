/* trend.h - several years of one tree side by side (venuecheck trend).
 * Each year is checked as its own batch (batch.h); trend_add_year keeps
 * of it only what a trend shows - per venue and rule the verdict and the
 * measured value, the venue's name, tier and parent, per county and tier
 * the pass counts - so the caller frees the batch before the next year's
 * and a trend of N years never holds N batches.
 *
 * What must not be mixed silently is recorded, not smoothed over: a venue
 * whose tier or parent differs between years (trend_venue.tier_changed,
 * parent_changed), a year with no files (trend_year.empty), a rule present
 * in one year's pack and not another's (trend_rule.in_year; such a cell is
 * TREND_ABSENT, never a pass or a failure).
 *
 * Ownership: trend_new's caller calls trend_free; every string lives in
 * the trend's arena.  Library code: prints nothing.
 * Pipeline step: 3, evaluate (the writers, trend_out.h: 4, report). */
#ifndef VC_TREND_H
#define VC_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "batch.h"
#include "hashidx.h"
#include "lang.h"

/* A cell's verdict when the rule was not in that year's pack (or the
 * venue not in that year): beyond enum verdict's values. */
enum { TREND_ABSENT = VERDICT_COUNT, TREND_TIERS = 16 };

enum trend_kind { TREND_NONE, TREND_NUMBER, TREND_BOOL };

struct trend_cell {
	size_t rule;		 /* index in trend.rules */
	unsigned char verdict;	 /* enum verdict */
	unsigned char kind;	 /* enum trend_kind of measured */
	bool warning;		 /* a warning-severity rule (not a new failure) */
	double measured;	 /* a boolean as 0 or 1 */
	const char *shown;	 /* "3 名", "是"; NULL when nothing measured */
	const char *required;	 /* "≥ 4 名"; NULL when none */
};

struct trend_venue_year {
	bool present;
	const char *name, *tier, *parent, *path;
	bool passing;	   /* no rule failed or lacked data (the roll-ups') */
	bool failing;	   /* fails under the run's --fail-on (the exit) */
	struct trend_cell *cells; /* the venue's results, in pack order */
	size_t ncells;
	size_t groups[2];  /* the counties/cities it counts under (trend.groups) */
	size_t ngroups;
};

struct trend_venue {
	const char *id;
	struct trend_venue_year *y; /* one per year */
	bool tier_changed, parent_changed;
};

struct trend_rule {
	const char *id, *title, *tier;
	bool *in_year; /* one per year: in that year's pack */
};

/* Pass counts of one tier in one year. */
struct trend_rate {
	size_t venues, passing;
};

/* A county or city (a roll-up's top venue) across the years. */
struct trend_group {
	const char *id, *name, *tier;
	bool *present;		  /* one per year */
	struct trend_rate *rates; /* [year * TREND_TIERS + tier index] */
};

struct trend_year {
	long year;
	size_t files, invalid, venues;
	bool empty;	     /* no venue file at all */
	const char *source;  /* an empty year's directory, else NULL */
	const char *pack;    /* the pack's path, as the run named it */
	int status;	     /* enum batch_status of its batch */
	struct trend_rate rates[TREND_TIERS]; /* all its venues, by tier */
};

struct trend {
	enum lang lang;
	struct trend_year *years; /* ascending */
	size_t nyears;
	struct trend_venue *venues; /* in the order first met */
	size_t nvenues, capv;
	struct trend_rule *rules;
	size_t nrules, capr;
	struct trend_group *groups;
	size_t ngroups, capg;
	const char *tiers[TREND_TIERS], *tier_names[TREND_TIERS];
	size_t ntiers;
	struct hashidx vidx, ridx;
	struct arena arena;
};

/* The distinct years of n files, ascending, into out (room for n); file
 * years < 1 (unknown) are left out.  Returns how many. */
size_t trend_years_of(const long *file_years, size_t n, long *out);
/* The year a directory's name says ("2026", "data-2026"): its last run
 * of exactly four digits, 1949..2200; 0 when none. */
long trend_year_of_name(const char *path);

/* years ascending and distinct. */
struct trend *trend_new(const long *years, size_t n, enum lang l);
void trend_free(struct trend *t);
/* Year yi had no files; source names where they were looked for. */
void trend_set_empty(struct trend *t, size_t yi, const char *source);
/* Keep what the trend needs of year yi's batch (after batch_run); the
 * batch may be freed right after.  pack_path: how the run named it. */
void trend_add_year(struct trend *t, size_t yi, const struct batch *b,
		    const char *pack_path, enum batch_fail_on fail_on);
/* After the last year: mark the tier and parent changes. */
void trend_finish(struct trend *t);

/* Lookups for the writers. */
const struct trend_cell *trend_cell(const struct trend *t, size_t venue,
				    size_t year, size_t rule);
size_t trend_tier_index(const struct trend *t, const char *tier);
/* The last year that had files, or (size_t)-1. */
size_t trend_latest(const struct trend *t);
/* Whether the latest year with files has a venue failing (the exit 1). */
bool trend_latest_fails(const struct trend *t);
/* --fail-on new: how many venue x rule results of the latest year with
 * files fail (or lack data; a warning-severity rule's do not count) where
 * the year with files before it did not fail them: the rule passed, was
 * not applicable, was not in that year's pack, or the venue was not in
 * that year.  With no earlier year every failure is new (as check
 * --baseline counts a venue new since the baseline). */
size_t trend_latest_new_failures(const struct trend *t);
/* Rules in year yi's pack and not in year yj's. */
size_t trend_rules_only_in(const struct trend *t, size_t yi, size_t yj,
			   size_t *out);
/* A venue's rule got worse from year a to b (both present, the rule in
 * both): passed (or not applicable) in a, failed or lacked data in b. */
bool trend_worse(const struct trend *t, size_t venue, size_t a, size_t b,
		 size_t rule);

#endif
