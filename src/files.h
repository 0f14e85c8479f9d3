/* files.h - the list of venue files a batch checks: paths given, directories
 * walked recursively in a stable (byte-sorted) order, and lists read from
 * standard input ("-") or a file (--files-from). */
#ifndef VC_FILES_H
#define VC_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct filelist {
	char **v;
	size_t n, cap;
};

/* Venue data files are the regular files ending in .yaml, .yml or .xlsx
 * (and .xls and .et, to be refused with a clear message); names starting
 * with '.' or "~$" (an open workbook's lock file) are skipped, and symbolic links to directories are not
 * followed (no loops). */
bool files_is_venue(const char *name);
/* Add one argument: a file, a directory, or "-" (paths from stdin). */
bool files_add_arg(struct filelist *l, const char *arg, struct diags *d);
/* Add the paths listed one per line in path ("-": standard input). */
bool files_add_list(struct filelist *l, const char *path, struct diags *d);
/* Drop later mentions of a file already in the list (the same file named
 * twice, or named and reached through its directory). */
void files_unique(struct filelist *l);
void files_free(struct filelist *l);

#endif
