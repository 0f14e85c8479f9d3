/* filenames.h - a batch's file names, each kept as its directory and its
 * base name: a country's batch names 620,000 paths in some 50,000
 * directories ("tree/1101/110111/110111111/110111111211.yaml"), so a
 * directory is kept once for the run of files added from it one after
 * another (as a walk adds them) and a file costs its base name and four
 * bytes (where its base name is), not its whole path nor a pointer.  A
 * name is joined again only where it is used, into the caller's buffer.
 * Pipeline step: toolkit (the batch's list of files). */
#ifndef VC_FILENAMES_H
#define VC_FILENAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A joined name is shorter than this; a longer one (or any name, when
 * sharing is off) is kept whole and never needs the buffer. */
#define FILENAMES_JOIN_MAX 4096

/* From name first on, the names are of directory dir (an index into the
 * directories), or FILENAMES_WHOLE: kept whole. */
struct filenames_run {
	uint32_t first, dir;
};

/* A directory, with its trailing '/': where its text is (as a name's
 * reference, below) and its length (< FILENAMES_JOIN_MAX); and the
 * extension its run's names share (".yaml"), which their base names are
 * kept without: ext the same kind of reference, extlen 0 for none. */
struct filenames_dir {
	uint32_t ref, len;
	uint32_t ext, extlen;
};

#define FILENAMES_WHOLE UINT32_MAX

struct filenames {
	bool share; /* false: every name kept whole (its pointer then lasts) */
	/* The text, in chunks that never move (a whole name's pointer
	 * lasts): a reference is a chunk's number and an offset in it. */
	char **chunk;
	size_t nchunk, chunkcap;
	size_t fill, used; /* the chunk being filled, its bytes taken */
	/* name i: where its base name (or whole name) is */
	uint32_t *ref;
	size_t n, cap;
	struct filenames_run *run; /* by first, run[0].first 0 */
	size_t nrun, runcap;
	struct filenames_dir *dir;
	size_t ndir, dircap;
};

void filenames_init(struct filenames *f, bool share);
void filenames_free(struct filenames *f);
/* Add a name (copied); it is name number f->n - 1.  Aborts, as on running
 * out of memory, beyond UINT32_MAX - 1 names or 4 GiB of text (a batch
 * stops at TREE_MAX files before: tree.h). */
void filenames_add(struct filenames *f, const char *name);
/* Let go of the arrays' room for names not added (after the last add). */
void filenames_trim(struct filenames *f);
/* Name i: the kept string itself when it was kept whole (valid as long as
 * f), else joined into buf (FILENAMES_JOIN_MAX bytes).  The run holding i
 * is found by binary search: some 16 steps in 50,000 directories. */
const char *filenames_get(const struct filenames *f, size_t i,
			  char buf[FILENAMES_JOIN_MAX]);

#endif
