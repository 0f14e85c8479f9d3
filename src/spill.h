/* spill.h - a batch's finished results kept in a temporary file until the
 * report reads them back, so a batch of 620,000 venues holds on to a few
 * numbers per venue instead of every result (step 3 of the pipeline, for
 * step 4).  Two parts:
 *
 * - struct spill, an append-only log of byte records in an unnamed
 *   temporary file (tmpfile(3): gone when closed, or when the process
 *   dies).  If the file cannot be made or a write fails, records go to
 *   memory instead: the batch gets slower to hold, never wrong.
 * - the record of one venue: its results, its problems and bytes of the
 *   writer's (what a streamed batch keeps of the venue on disk rather
 *   than in memory), written by spill_put_venue and read back by
 *   spill_get_venue into plain structs whose pointers lead into the
 *   pack, the venue (its waivers) and the --waivers file, which must all
 *   outlive the spill.
 *
 * Threads: one writer per spill; once it has called spill_flush, any
 * thread may read the records written so far, while the writer appends
 * more (pread(2) does not move the writer's position; records that went
 * to memory are copied out under the spill's lock).
 * Pipeline step: 3, evaluate. */
#ifndef VC_SPILL_H
#define VC_SPILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "waiver.h"

struct spill;

/* Where a record is: its offset and length in its spill. */
struct spill_ref {
	uint64_t off;
	uint32_t len;
};

struct spill *spill_new(void);
/* The same with no file at all: records in memory (what spill_new falls
 * back to; the tests use it to reach that path). */
struct spill *spill_new_memory(void);
void spill_free(struct spill *s);
/* Make every record written so far readable. */
void spill_flush(struct spill *s);

/* Bytes a record carries for its writer, first (a streamed batch's
 * venue: what it keeps of it that is not in memory, venue.h). */
struct spill_bytes {
	const unsigned char *p;
	size_t n;
};

/* Write kept (NULL: none), rep's results and d's problems (the texts of
 * both languages, cells named) as one record; rep->venue's waivers and
 * wf (may be NULL) are what a waived result may point at. */
struct spill_ref spill_put_venue(struct spill *s, const struct pack *p,
				 const struct spill_bytes *kept,
				 const struct check_report *rep,
				 const struct diags *d, const struct waivers *wf);
/* Read a record back: kept (unless NULL: then they are skipped) gets its
 * bytes copied into a (a record without any is then no record),
 * rep gets rep->n results allocated in a (its venue, counts and arena
 * are the caller's to set: rep->arena is left unused), d gets the
 * problems appended.  venue must be the one it was written for (its
 * waivers are pointed at again).  False if the record cannot be read (an
 * I/O error): then nothing is added. */
bool spill_get_venue(struct spill *s, struct spill_ref ref,
		     const struct pack *p, const struct venue *venue,
		     const struct waivers *wf, struct arena *a,
		     struct spill_bytes *kept, struct check_report *rep,
		     struct diags *d);
/* A record's kept bytes alone, copied into a; false if it cannot be read. */
bool spill_get_bytes(struct spill *s, struct spill_ref ref, struct arena *a,
		     struct spill_bytes *kept);

#endif
