/* filenames.c - a batch's file names as directory and base name
 * (filenames.h).
 *
 * A name costs four bytes and its base name with its NUL, less its
 * extension when the names of its run share it (".yaml"): the text (base
 * names, whole names, directories, extensions) is kept in chunks of CHUNK bytes,
 * written once and never moved, so a whole name's pointer lasts as long
 * as the names do, and a name's uint32_t reference is its chunk's number
 * (the high 12 bits) and its offset there (the low OFF_BITS, 20); a
 * text never spans chunks, and one longer than a chunk has a chunk of its
 * own (at offset 0).  Which directory a name is of is not kept per name
 * but per run of names added from one directory with one extension (or
 * kept whole), found by binary search: a walk adds a directory's files together, so a
 * country's 620,000 names are some 50,000 runs of eight bytes.
 *
 * The limits are the encoding's: UINT32_MAX names (a run's first name is
 * a uint32_t) and CHUNK_MAX chunks (4 GiB of text, less what the ends of
 * chunks leave unused).  Beyond either filenames_add aborts, as on running
 * out of memory (xalloc.h), which is what a batch does beyond TREE_MAX
 * files (tree.h): a reference that wrapped would name another file. */
#include "filenames.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define OFF_BITS 20
#define CHUNK ((size_t)1 << OFF_BITS) /* 1 MiB */
#define OFF_MASK (CHUNK - 1)
#define CHUNK_MAX ((size_t)1 << (32 - OFF_BITS)) /* 4,096 */

void filenames_init(struct filenames *f, bool share)
{
	memset(f, 0, sizeof *f);
	f->share = share;
	f->used = CHUNK; /* no chunk yet: none has room */
}

void filenames_free(struct filenames *f)
{
	for (size_t c = 0; c < f->nchunk; c++)
		free(f->chunk[c]);
	free(f->chunk);
	free(f->ref);
	free(f->run);
	free(f->dir);
	memset(f, 0, sizeof *f);
}

/* p (*cap elements of size bytes) with room for twice as many (first, at
 * first).  A size that would wrap aborts, as xalloc does when one does
 * not fit. */
static void *grow(void *p, size_t *cap, size_t size, size_t first)
{
	if (*cap > SIZE_MAX / 2 / size)
		abort();
	*cap = *cap ? 2 * *cap : first;
	return xrealloc(p, *cap * size);
}

/* A new chunk of size bytes: its number. */
static size_t new_chunk(struct filenames *f, size_t size)
{
	if (f->nchunk == CHUNK_MAX)
		abort(); /* its number would not fit a reference */
	if (f->nchunk == f->chunkcap)
		f->chunk = grow(f->chunk, &f->chunkcap, sizeof *f->chunk, 16);
	f->chunk[f->nchunk] = xmalloc(size);
	return f->nchunk++;
}

/* s (len bytes) kept with a NUL: its reference.  In the chunk being
 * filled, or a new one when it has no room (what it had left stays
 * unused: under FILENAMES_JOIN_MAX bytes but for whole names), or a chunk
 * of its own when it is longer than a chunk. */
static uint32_t keep(struct filenames *f, const char *s, size_t len)
{
	size_t c, at = 0;
	if (len >= CHUNK) {
		c = new_chunk(f, len + 1);
	} else {
		if (CHUNK - f->used <= len) {
			f->fill = new_chunk(f, CHUNK);
			f->used = 0;
		}
		c = f->fill;
		at = f->used;
		f->used += len + 1;
	}
	memcpy(f->chunk[c] + at, s, len);
	f->chunk[c][at + len] = '\0';
	return (uint32_t)(c << OFF_BITS | at);
}

static const char *text(const struct filenames *f, uint32_t ref)
{
	return f->chunk[ref >> OFF_BITS] + (ref & OFF_MASK);
}

/* The extension of base name b (len bytes) that its run keeps for it:
 * from its last '.' (not its first byte: ".profile" has none), at most
 * EXT_MAX bytes; 0 for none. */
enum { EXT_MAX = 15 };

static size_t ext_len(const char *b, size_t len)
{
	for (size_t k = 1; k <= EXT_MAX && k < len; k++)
		if (b[len - k] == '.')
			return k;
	return 0;
}

static bool same(const struct filenames *f, uint32_t ref, size_t n,
		 const char *s, size_t len)
{
	return n == len && memcmp(text(f, ref), s, len) == 0;
}

/* The index of directory d (len bytes, its '/' included) with extension
 * e (elen bytes): the last one again when the names come from it one
 * after another, else a new one (its directory's text the last one's
 * when only the extension changed).  Only the last is compared: a walk
 * adds a directory's files together, and a directory seen again later is
 * only kept twice. */
static uint32_t dir_index(struct filenames *f, const char *d, size_t len,
			  const char *e, size_t elen)
{
	uint32_t ref = 0;
	bool dir = false;
	if (f->ndir) {
		const struct filenames_dir *last = &f->dir[f->ndir - 1];
		dir = same(f, last->ref, last->len, d, len);
		if (dir && same(f, last->ext, last->extlen, e, elen))
			return (uint32_t)(f->ndir - 1);
		ref = last->ref;
	}
	if (!dir)
		ref = keep(f, d, len);
	uint32_t ext = elen ? keep(f, e, elen) : 0;
	if (f->ndir == f->dircap)
		f->dir = grow(f->dir, &f->dircap, sizeof *f->dir, 64);
	/* len < FILENAMES_JOIN_MAX, elen <= EXT_MAX: add; ndir <= n < UINT32_MAX */
	f->dir[f->ndir] = (struct filenames_dir){ref, (uint32_t)len, ext, (uint32_t)elen};
	return (uint32_t)f->ndir++;
}

/* Name f->n is of directory dir (or FILENAMES_WHOLE): a new run unless
 * the last run's names are of it too. */
static void extend_runs(struct filenames *f, uint32_t dir)
{
	if (f->nrun && f->run[f->nrun - 1].dir == dir)
		return;
	if (f->nrun == f->runcap)
		f->run = grow(f->run, &f->runcap, sizeof *f->run, 64);
	f->run[f->nrun].first = (uint32_t)f->n;
	f->run[f->nrun].dir = dir;
	f->nrun++;
}

void filenames_add(struct filenames *f, const char *name)
{
	if (f->n >= UINT32_MAX)
		abort(); /* a run's first name would not fit: see above */
	if (f->n == f->cap)
		f->ref = grow(f->ref, &f->cap, sizeof *f->ref, 16);
	size_t len = strlen(name);
	const char *slash = strrchr(name, '/');
	uint32_t dir = FILENAMES_WHOLE;
	const char *base = name;
	size_t blen = len, elen = 0;
	if (f->share && slash && len < FILENAMES_JOIN_MAX) {
		base = slash + 1;
		blen = len - (size_t)(base - name);
		elen = ext_len(base, blen);
		dir = dir_index(f, name, (size_t)(base - name), base + blen - elen, elen);
	}
	extend_runs(f, dir);
	f->ref[f->n++] = keep(f, base, blen - elen);
}

/* *p (*cap elements of size bytes) cut to n (when n is not 0). */
static void *cut(void *p, size_t *cap, size_t n, size_t size)
{
	if (!n || n == *cap)
		return p;
	*cap = n;
	return xrealloc(p, n * size);
}

void filenames_trim(struct filenames *f)
{
	f->ref = cut(f->ref, &f->cap, f->n, sizeof *f->ref);
	f->run = cut(f->run, &f->runcap, f->nrun, sizeof *f->run);
	f->dir = cut(f->dir, &f->dircap, f->ndir, sizeof *f->dir);
	f->chunk = cut(f->chunk, &f->chunkcap, f->nchunk, sizeof *f->chunk);
}

/* The run name i is in: the last whose first name is i or before. */
static const struct filenames_run *run_of(const struct filenames *f, size_t i)
{
	size_t lo = 0, hi = f->nrun; /* run[lo].first <= i < run[hi].first */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->run[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return &f->run[lo];
}

const char *filenames_get(const struct filenames *f, size_t i,
			  char buf[FILENAMES_JOIN_MAX])
{
	const char *base = text(f, f->ref[i]);
	uint32_t dir = run_of(f, i)->dir;
	if (dir == FILENAMES_WHOLE)
		return base;
	const struct filenames_dir *d = &f->dir[dir];
	size_t bl = strlen(base);
	/* d->len + bl + d->extlen < FILENAMES_JOIN_MAX: add */
	memcpy(buf, text(f, d->ref), d->len);
	memcpy(buf + d->len, base, bl);
	memcpy(buf + d->len + bl, text(f, d->ext), d->extlen);
	buf[d->len + bl + d->extlen] = '\0';
	return buf;
}
