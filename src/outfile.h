/* outfile.h - reports are written to a temporary file beside the target and
 * renamed into place, so an interrupted run never leaves half a report and
 * an existing report is never truncated by a failed one.
 *
 * The temporary is TARGET.tmp.XXXXXX (mkstemp's six characters), held
 * under an flock(2) lock while it is written.  A run killed before its
 * rename leaves it behind; the next run for the same target removes those
 * of its own exact name pattern that no process holds locked and that are
 * older than OUTFILE_STALE_SECONDS (the age covers the instant between
 * another writer's mkstemp and its lock), and only files of its own user.
 * Pipeline step: 4, report. */
#ifndef VC_OUTFILE_H
#define VC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

#define OUTFILE_STALE_SECONDS 60

struct outfile {
	char *path; /* the target; NULL for standard output */
	char *tmp;  /* the temporary beside it */
	FILE *fp;   /* open on tmp (or stdout) when opened as a stream */
	int fd;     /* tmp, open and locked until commit or abort; -1 */
	bool direct; /* fp writes into path itself: a device or a pipe */
};

/* path "-" means standard output.  stream: open tmp as a FILE for writing;
 * otherwise only create it (a library will write it by name).  A stream to
 * an existing character device or named pipe (/dev/null, /dev/stdout) is
 * written in place, with no temporary; other files that are not regular
 * (a directory; a device for a non-stream) are refused. */
bool outfile_open(struct outfile *o, const char *path, bool stream,
		  struct diags *d);
/* Flush, sync and rename into place; false after a diagnostic naming the
 * target (or standard output) and the system's reason.  A write that
 * failed earlier on the stream counts. */
bool outfile_commit(struct outfile *o, struct diags *d);
/* Remove the temporary; the target is left as it was. */
void outfile_abort(struct outfile *o);
/* Remove the stale temporaries of path (see above); returns how many. */
size_t outfile_clean_stale(const char *path);
/* The reason a stream's writes failed, 0 if none did, -1 if one did but
 * the reason is gone: ferror, or a flush that fails now.  The first flush
 * after a failed write retries it, so errno then names the real cause
 * (ENOSPC, EIO, ...). */
int outfile_stream_error(FILE *fp);

#endif
