/* baseline.h - a JSON report read back: what an earlier
 * `venuecheck check --format json` found, per venue and per rule, so a new
 * run can be compared with it (change.h: 新增, 已整改, 仍未整改) and
 * several years set side by side (trend).
 *
 * Contract (for every reader of an old report):
 * - baseline_load_file reads one file written by `check --format json`
 *   (man/venuecheck-report.schema.json) with jansson, bounded by the
 *   limits' file size.  It refuses, with one error in d and false, a file
 *   that is not JSON (E042, the file:line:col jansson names), JSON that is
 *   not a venuecheck report or is malformed or a `validate` report (E042),
 *   and a report of a version whose shape this one does not know (E043:
 *   BASELINE_SCHEMA, the versions' major.minor).  The CLI exits 2 then.
 * - On success every valid file's venue is kept, in the report's order,
 *   with its results in the report's order; invalid files are skipped (they
 *   named no venue).  Strings are the report's own (its language: units
 *   and texts as that run wrote them); NULL where the report had null.
 * - Lookups are expected constant time (hash indexes): a venue by id, a
 *   venue's result by rule id, and whether the old run judged a rule at all.
 * - Everything lives in the baseline's arena; baseline_free frees it.  The
 *   struct may be copied only before any lookup (the indexes point at it).
 * Library code: prints nothing, never exits.
 * Pipeline step: 4, report (comparison). */
#ifndef VC_BASELINE_H
#define VC_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "doc.h"
#include "hashidx.h"

/* The report versions whose shape this reader knows: "0.1.x". */
#define BASELINE_SCHEMA "0.1"

struct baseline_result {
	const char *rule;
	enum verdict verdict; /* pass, fail, missing, na, batch or waived */
	enum verdict was;     /* waived: the verdict without the waiver */
	bool has_measured, measured_bool; /* measured_bool: true/false kept as 1/0 */
	double measured;
	bool has_required; /* a number (a declared rule's true is not) */
	double required;
	bool has_gap; /* failed with a number to reach */
	double gap;
	const char *unit; /* "场", "ratio" (a fraction), ...; may be NULL */
	const char *text; /* the gap or reason in words: 差 3 场; may be NULL */
	size_t venue;     /* index of its venue in baseline.venues */
};

struct baseline_venue {
	const char *path, *id, *name, *tier, *parent; /* parent may be NULL */
	int year;
	bool failing; /* the report's verdict was "fail" */
	struct baseline_result *results;
	size_t n;
};

struct baseline {
	const char *path;
	const char *version;	      /* the writer's, "0.1.0" */
	const char *standard_id, *standard_title;
	struct baseline_venue *venues;
	size_t n;
	struct baseline_result *all; /* every venue's results, in order */
	size_t nall;
	const char **rules; /* each rule id the old run judged, once */
	size_t nrules;
	struct hashidx by_venue, by_result, by_rule;
	struct arena arena;
};

/* Read path into b (b need not be initialised).  false after one error in
 * d; b is then empty but must still be freed.  lim NULL: the defaults. */
bool baseline_load_file(struct baseline *b, const char *path,
			const struct doc_limits *lim, struct diags *d);
/* The same from bytes (the tests); name is used in messages. */
bool baseline_load_string(struct baseline *b, const char *name,
			  const char *buf, size_t len, struct diags *d);
void baseline_free(struct baseline *b);

/* The venue of id, or NULL. */
const struct baseline_venue *baseline_venue(const struct baseline *b,
					    const char *id);
/* Venue id's result of rule, or NULL (venue or rule not in the old run). */
const struct baseline_result *baseline_result(const struct baseline *b,
					      const char *id, const char *rule);
/* Whether any venue of the old run was judged on rule. */
bool baseline_has_rule(const struct baseline *b, const char *rule);
/* The verdict named "pass", "fail", ... (the JSON report's words). */
bool baseline_verdict_parse(const char *word, enum verdict *v);

#endif
