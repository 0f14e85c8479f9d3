/* filenames.c - a batch's file names as directory and base name
 * (filenames.h). */
#include "filenames.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define WHOLE UINT32_MAX

void filenames_init(struct filenames *f, bool share)
{
	memset(f, 0, sizeof *f);
	f->share = share;
	arena_init_flat(&f->text, (size_t)64 * 1024);
}

void filenames_free(struct filenames *f)
{
	arena_free(&f->text);
	free(f->base);
	free(f->dir);
	free(f->dirlen);
	memset(f, 0, sizeof *f);
}

/* The index of directory d (len bytes, its '/' included): the last one
 * again when the names come from it one after another, else a new one.
 * Only the last is compared: a walk adds a directory's files together,
 * and a directory seen again later is only kept twice. */
static uint32_t dir_index(struct filenames *f, const char *d, size_t len)
{
	if (f->ndir && f->dirlen[f->ndir - 1] == len &&
	    memcmp(f->dir[f->ndir - 1], d, len) == 0)
		return (uint32_t)(f->ndir - 1);
	if (f->ndir == f->dircap) {
		f->dircap = f->dircap ? 2 * f->dircap : 64;
		f->dir = xrealloc(f->dir, f->dircap * sizeof *f->dir);
		f->dirlen = xrealloc(f->dirlen, f->dircap * sizeof *f->dirlen);
	}
	f->dir[f->ndir] = arena_strndup(&f->text, d, len);
	f->dirlen[f->ndir] = (uint32_t)len; /* len < FILENAMES_JOIN_MAX */
	return (uint32_t)f->ndir++;
}

/* base (len bytes) after the 4 bytes of its directory's index. */
static const char *keep_base(struct filenames *f, uint32_t dir,
			     const char *base, size_t len)
{
	char *p = arena_bytes(&f->text, sizeof dir + len + 1);
	memcpy(p, &dir, sizeof dir);
	memcpy(p + sizeof dir, base, len);
	p[sizeof dir + len] = '\0';
	return p + sizeof dir;
}

void filenames_add(struct filenames *f, const char *name)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->base = xrealloc(f->base, f->cap * sizeof *f->base);
	}
	size_t len = strlen(name);
	const char *slash = strrchr(name, '/');
	uint32_t dir = WHOLE;
	const char *base = name;
	if (f->share && slash && len < FILENAMES_JOIN_MAX) {
		base = slash + 1;
		dir = dir_index(f, name, (size_t)(base - name));
	}
	f->base[f->n++] = keep_base(f, dir, base, strlen(base));
}

void filenames_trim(struct filenames *f)
{
	if (f->n && f->n < f->cap) {
		f->base = xrealloc(f->base, f->n * sizeof *f->base);
		f->cap = f->n;
	}
}

const char *filenames_get(const struct filenames *f, size_t i,
			  char buf[FILENAMES_JOIN_MAX])
{
	const char *base = f->base[i];
	uint32_t dir;
	memcpy(&dir, base - sizeof dir, sizeof dir);
	if (dir == WHOLE)
		return base;
	size_t dl = f->dirlen[dir], bl = strlen(base);
	memcpy(buf, f->dir[dir], dl);
	memcpy(buf + dl, base, bl + 1); /* dl + bl < FILENAMES_JOIN_MAX: add */
	return buf;
}
