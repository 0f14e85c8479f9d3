/* htmlchange.h - check --baseline in the html report (report_html.c):
 * each venue's 整改情况 table, the summary's column, the roll-ups' and
 * the run's counts and the venues gone.  Every function writes nothing
 * when the run has no baseline, so the report is then exactly as before.
 * Pipeline step: 4, report. */
#ifndef VC_HTMLCHANGE_H
#define VC_HTMLCHANGE_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "change.h"
#include "check.h"
#include "lang.h"

struct report;

/* The summary table's header cell and, for the venue being written
 * (venue false: an invalid file's row, an empty cell), its cell. */
void htmlchange_summary_head(FILE *f, const struct report *r, enum lang l);
void htmlchange_summary_cell(FILE *f, const struct report *r, bool venue, enum lang l);
/* The venue being written (r->vchange) compared: its section. */
void htmlchange_venue(FILE *f, const struct report *r,
		      const struct check_report *rep, enum lang l, struct arena *a);
/* After every venue: the roll-up of top_id's counts; the run's. */
void htmlchange_rollup(FILE *f, struct report *r, const char *top_id, enum lang l);
void htmlchange_total(FILE *f, struct report *r, enum lang l);
/* "新增 1，已整改 2，仍未整改 3，新增条款 0[，不再检查的条款 1]；新增场馆 1 个，
 * 不再出现的场馆 0 个" (diff's html page says its totals the same way). */
void htmlchange_tally(FILE *f, const struct change_tally *t, enum lang l);
/* The class of a mark's colour in report.css (c-new, c-fixed, ...). */
const char *htmlchange_class(enum change_mark m);

#endif
