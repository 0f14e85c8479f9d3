/* report_track.h - the 整改跟踪 sheet's rows: one per venue x rule that
 * was failing in the baseline or is failing now, with what each run said
 * and the change.  check --baseline fills them from its results
 * (report_xlsx.c), diff from two JSON reports (cli_diff.c); one writer
 * lays them out, so the sheet reads alike from both.
 * Pipeline step: 4, report. */
#ifndef VC_REPORT_TRACK_H
#define VC_REPORT_TRACK_H

#include <stdbool.h>
#include <stddef.h>

#include "change.h"
#include "diag.h"
#include "report.h"

struct track_row {
	const char *venue_id, *venue_name, *tier, *rule;
	const char *clause; /* NULL: not known (diff reads no pack) */
	const char *then, *now, *change;
	enum change_mark mark;
	bool other; /* not a mark: a rule no longer checked, a venue gone */
};

/* diff: a workbook of the 整改跟踪 sheet and the change counts (汇总) at
 * path; false after an error in d. */
bool track_write_xlsx(const char *path, const struct track_row *rows, size_t n,
		      const struct change_tally *t, const struct report_opts *o,
		      struct diags *d);

#endif
