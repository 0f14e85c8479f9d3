/* waive.h - waivers applied to results, step three of the pipeline
 * (evaluate): after the batch is judged, a venue excused from a rule it
 * fails or lacks data for gets WAIVED.  The waivers themselves are read by
 * waiver.h, with the venue file or from a --waivers file.
 * Pipeline step: 3, evaluate. */
#ifndef VC_WAIVE_H
#define VC_WAIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "diag.h"
#include "pack.h"
#include "venue.h"
#include "waiver.h"

/* A venue of the batch as waive_check_batch looks it up. */
struct waive_venue {
	const char *id, *tier;
};

/* A waiver of a --waivers file naming a venue not in the batch (the n
 * venues v, which it sorts by id), or a rule not of that venue's tier, is
 * an error (at the waiver) added to d. */
bool waive_check_batch(const struct waivers *w, struct waive_venue *v,
			size_t n, const struct pack *p, struct diags *d);
/* Turn the failures and missing data of rep that an unexpired waiver of
 * w covers into VERDICT_WAIVED.  Expired waivers (expiry before today,
 * yyyymmdd) and waivers of rules that did not fail are warnings in d. */
void waive_apply(struct check_report *rep, const struct waiver *w,
		  size_t n, int today, struct diags *d);
/* waive_apply with the waivers of a --waivers file that name rep's venue,
 * found by bisection (a batch of n venues and m waivers: n log m). */
void waive_apply_file(struct check_report *rep, const struct waivers *w,
		       int today, struct diags *d);

#endif
