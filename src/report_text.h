/* report_text.h - the human-readable report for a terminal or a log. */
#ifndef VC_REPORT_TEXT_H
#define VC_REPORT_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "diag.h"
#include "label.h"
#include "rules.h"

struct text_opts {
	enum lang lang;
	bool color;
};

/* One venue: header, rules grouped by category, its warnings, a tally. */
void report_text_venue(FILE *out, const struct pack *p,
		       const struct check_report *rep,
		       const struct diags *warnings,
		       const struct text_opts *o);
/* The closing line over all venues (and invalid files). */
void report_text_total(FILE *out, size_t venues, size_t failing,
		       size_t invalid, const struct text_opts *o);

#endif
