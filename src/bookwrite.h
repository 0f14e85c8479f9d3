/* bookwrite.h - write the data entry workbook of book.h with
 * libxlsxwriter: a blank one for a tier (venuecheck template -o x.xlsx) or
 * one holding a venue's data (venuecheck convert venue.yaml -o x.xlsx).
 *
 * Everything comes from the pack: the sheets a tier's rules read (its own
 * rules, and the rules of the tier above that read this one's files), the
 * labels, units and clauses, and data validation by field type — lists of
 * the allowed words, whole numbers within the bounds, dates within the
 * year.  Header rows are locked and frozen; only data cells are open.
 * Pipeline step: beside the pipeline: authoring. */
#ifndef VC_BOOKWRITE_H
#define VC_BOOKWRITE_H

#include <stdbool.h>

#include "diag.h"
#include "pack.h"
#include "venue.h"

/* v: a validated venue (its tier decides; its values and waivers go in),
 * or NULL for a blank workbook of tier, with year filled in unless 0.
 * Written to a temporary file renamed into place.  False after adding an
 * error to d. */
bool bookwrite(const struct pack *p, const char *tier, int year,
	       const struct venue *v, const char *path, struct diags *d);

#endif
