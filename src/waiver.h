/* waiver.h - approved exceptions: a venue excused from a rule it fails or
 * lacks data for, with a reason, an approver and an expiry date.  They come
 * from a --waivers file (a YAML list; each entry names its venue) or from a
 * venue file's own `waivers:` block (the venue is the file's).  A waived
 * failure is reported as WAIVED and does not fail the run.
 * Pipeline step: 2, load venue. */
#ifndef VC_WAIVER_H
#define VC_WAIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "pack.h"

struct waiver {
	const char *venue; /* the venue's id */
	const char *rule, *reason, *approver;
	const char *expires_text; /* as written: YYYY-MM-DD */
	int expires;		  /* yyyymmdd; the last day it holds */
	const char *file;
	int line, col;		  /* the entry */
	int venue_line, venue_col; /* its venue: value (file form) */
};

struct waivers {
	struct arena arena; /* the file form's own document and entries */
	struct waiver *v;
	size_t n;
	const struct waiver **by_venue; /* v by venue id, then file order */
};

/* A venue file's waivers: block (a list; NULL: none).  The venue is the
 * file's own (id and tier); a rule the pack lacks, or of another tier, is
 * an error (E038), as are missing fields and bad dates.  Entries go in a;
 * false after errors added to d. */
bool waiver_block(const struct pack *p, const struct node *list,
		  const char *venue, const char *tier, const char *file,
		  struct arena *a, struct waiver **out, size_t *n,
		  struct diags *d);
/* A --waivers file: a YAML list of entries that also name their venue. */
bool waiver_load_file(struct waivers *w, const struct pack *p,
		      const char *path, struct diags *d);
void waiver_free(struct waivers *w);
/* A copy of n waivers in a, naming file (a venue moving to a new arena). */
struct waiver *waiver_copy(struct arena *a, const struct waiver *w, size_t n,
			   const char *file);
#endif
