/* trend_out.h - a trend (trend.h) as text, JSON, CSV or a workbook.  The
 * text report is for reading: each county's pass rates by year and the
 * clauses that got worse, the venues whose tier or parent changed, the
 * packs that changed, the empty years, and each venue's clauses that did
 * not pass every year.  JSON (man/venuecheck-trend.schema.json), CSV and
 * the workbook's 趋势 sheet hold every venue x rule x year.
 * Pipeline step: 4, report. */
#ifndef VC_TREND_OUT_H
#define VC_TREND_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "trend.h"

void trend_text(FILE *f, const struct trend *t);
void trend_json(FILE *f, const struct trend *t);
/* bom: a UTF-8 byte-order mark for Excel; raw: no ' before text that
 * looks like a formula. */
void trend_csv(FILE *f, const struct trend *t, bool bom, bool raw);
/* created: the document's time (0: now).  false after a diagnostic. */
bool trend_xlsx(const struct trend *t, const char *path, long long created,
		struct diags *d);

/* Shared by the writers: "2024 年" / "2024"; a verdict's word. */
const char *trend_verdict_word(const struct trend *t, unsigned char v);
/* The rate as a whole percent, -1 when no venue. */
int trend_percent(const struct trend_rate *r);

#endif
