/* files.h - the list of venue files a batch checks: paths given, directories
 * walked recursively in a stable (byte-sorted) order, and lists read from
 * standard input ("-") or a file (--files-from).
 * Pipeline step: 2, load venue. */
#ifndef VC_FILES_H
#define VC_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "diag.h"
#include "filekind.h"
#include "filenames.h"

/* A file as stat(2) knows it, through links: what files_unique compares. */
struct files_key {
	dev_t dev;
	ino_t ino;
};
enum { FILES_UNSEEN, FILES_FOUND, FILES_MISSING };

/* Zeroed is empty.  The paths are kept as a batch keeps them
 * (filenames.h: a directory once for its files, each base name without
 * the extension its neighbours share), as a country's list of 620,000 is
 * the largest thing a run holds before its files are read. */
struct filelist {
	struct filenames names; /* once the first path is added */
	size_t n;
	/* The most paths one list (--files-from, "-") may hold; 0: the
	 * entries limit's default (doc.h).  A longer list, a path of
	 * PATH_MAX bytes or more, or a NUL byte in a list is an error at
	 * its line, and the list is read no further: memory stays bounded
	 * whatever the list is (/dev/zero, an endless pipe). */
	size_t max_listed;
	/* What the walk learned of the files it took, so that files_unique
	 * need not look each path up again (at 100,000 files, a stat by
	 * path is a tenth of a second before the first venue is read):
	 * for i < nkeys, seen[i] is FILES_FOUND (keys[i] holds the file),
	 * FILES_MISSING (stat failed) or FILES_UNSEEN (a named file, a
	 * list's line).  Only until files_unique, which frees them. */
	struct files_key *keys;
	unsigned char *seen;
	size_t nkeys, keycap;
	/* How many threads may walk a directory given (files_add_arg): 0
	 * or 1, this one.  The list is the same for any number. */
	int jobs;
	/* The directories walked for the arguments, as given. */
	char **dirs;
	size_t ndirs, dircap;
};

/* Venue data files are the regular files ending in .yaml, .yml, .xlsx or .xlsm
 * (and .xls and .et, to be refused with a clear message); names starting
 * with '.' or "~$" (an open workbook's lock file) are skipped, and symbolic links to directories are not
 * followed (no loops). */
bool files_is_venue(const char *name);
/* Path i (< l->n): kept whole, or joined into buf. */
const char *files_get(const struct filelist *l, size_t i,
		      char buf[FILENAMES_JOIN_MAX]);
/* Add one argument: a file, a directory, or "-" (paths from stdin). */
bool files_add_arg(struct filelist *l, const char *arg, struct diags *d);
/* Add the paths listed one per line in path ("-": standard input). */
bool files_add_list(struct filelist *l, const char *path, struct diags *d);
/* Whether writing a report to out would destroy or add to the input of a
 * run over l: out is one of l's files or of inputs[] (the same device and
 * inode: a link or another spelling of the path counts), or a name the walk
 * of one of l's directories would take as a venue file.  false after an
 * error naming out. */
bool files_output_safe(const struct filelist *l, const char *out,
		       const char *const *inputs, size_t ninputs,
		       struct diags *d);
/* Drop later mentions of a file already in the list (the same file named
 * twice, or named and reached through its directory). */
void files_unique(struct filelist *l);
void files_free(struct filelist *l);

#endif
