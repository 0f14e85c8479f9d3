/* cli_diff.h - diff's CI and HTML forms (cli_diff_ci.c), beside the text,
 * JSON, CSV and XLSX forms of cli_diff.c: the same 整改跟踪 rows
 * (report_track.h) as GitHub annotations, JUnit XML, SARIF and a
 * self-contained HTML page.  A failure new since (what diff exits 1 for)
 * is an error in each; the rest (still failing, fixed, no longer checked,
 * venues gone) are notices, skipped test cases and SARIF notes, as
 * check --baseline --fail-on new writes them.  Part of the front end. */
#ifndef VC_CLI_DIFF_H
#define VC_CLI_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "baseline.h"
#include "report_track.h"

/* A row's venue file (in the report that has the venue), whether the
 * row is a failure new since (change_is_new_failure) and its mark's
 * stable word (the JSON form's). */
struct diff_where {
	const char *path;
	bool new_failure;
	const char *key; /* change_key's word, or "removed", "gone" */
};

struct diff_view {
	const struct track_row *rows;
	const struct diff_where *where; /* one per row */
	size_t n;
	const struct change_tally *total;
	const struct baseline *old, *now;
	const struct baseline_venue *const *gone;
	size_t ngone;
	enum lang lang;
};

/* The counts line of the text form ("新增 1，已整改 2，…。\n"; cli_diff.c). */
void diff_counts(FILE *f, const struct change_tally *t, enum lang l);

void diff_github(FILE *f, const struct diff_view *v);
void diff_junit(FILE *f, const struct diff_view *v);
void diff_sarif(FILE *f, const struct diff_view *v);
void diff_html(FILE *f, const struct diff_view *v);

#endif
