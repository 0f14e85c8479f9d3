/* outfile.h - reports are written to a temporary file beside the target and
 * renamed into place, so an interrupted run never leaves half a report and
 * an existing report is never truncated by a failed one. */
#ifndef VC_OUTFILE_H
#define VC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct outfile {
	char *path; /* the target; NULL for standard output */
	char *tmp;  /* the temporary beside it */
	FILE *fp;   /* open on tmp (or stdout) when opened as a stream */
};

/* path "-" means standard output.  stream: open tmp as a FILE for writing;
 * otherwise only create it (a library will write it by name). */
bool outfile_open(struct outfile *o, const char *path, bool stream,
		  struct diags *d);
/* Flush, sync and rename into place. */
bool outfile_commit(struct outfile *o, struct diags *d);
/* Remove the temporary; the target is left as it was. */
void outfile_abort(struct outfile *o);

#endif
