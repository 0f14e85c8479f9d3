/* filenames.h - a batch's file names, each kept as its directory and its
 * base name: a country's batch names 620,000 paths in some 50,000
 * directories ("tree/1101/110111/110111111/110111111211.yaml"), so a
 * directory is kept once for the run of files added from it one after
 * another (as a walk adds them) and a file costs its base name and four
 * bytes, not its whole path.  A name is joined again only where it is
 * used, into the caller's buffer.
 * Pipeline step: toolkit (the batch's list of files). */
#ifndef VC_FILENAMES_H
#define VC_FILENAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* A joined name is shorter than this; a longer one (or any name, when
 * sharing is off) is kept whole and never needs the buffer. */
#define FILENAMES_JOIN_MAX 4096

struct filenames {
	bool share; /* false: every name kept whole (its pointer then lasts) */
	struct arena text;
	/* name i: its base name, the directory's index in the 4 bytes
	 * before it (FILENAMES_WHOLE: the base name is the whole name) */
	const char **base;
	size_t n, cap;
	const char **dir; /* with its trailing '/' */
	uint32_t *dirlen;
	size_t ndir, dircap;
};

void filenames_init(struct filenames *f, bool share);
void filenames_free(struct filenames *f);
/* Add a name (copied); it is name number f->n - 1. */
void filenames_add(struct filenames *f, const char *name);
/* Let go of the arrays' room for names not added (after the last add). */
void filenames_trim(struct filenames *f);
/* Name i: the kept string itself when it was kept whole (valid as long as
 * f), else joined into buf (FILENAMES_JOIN_MAX bytes). */
const char *filenames_get(const struct filenames *f, size_t i,
			  char buf[FILENAMES_JOIN_MAX]);

#endif
