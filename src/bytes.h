/* bytes.h - a growable byte buffer and a cursor over bytes: the plain
 * record layout the process writes for itself and reads back (integers as
 * varints, doubles as their 8 bytes, strings with their length first).
 * spill.c keeps a batch's results that way, value.c a pruned venue's
 * values.  A record is never read by another program or machine: doubles
 * keep the host's representation.
 * Pipeline step: toolkit. */
#ifndef VC_BYTES_H
#define VC_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Bytes written so far (p: malloc'ed, NULL while empty). */
struct bytes {
	unsigned char *p;
	size_t n, cap;
};

void bytes_put(struct bytes *b, const void *p, size_t n);
void bytes_put_u(struct bytes *b, uint64_t v);
void bytes_put_i(struct bytes *b, long long v); /* zigzag */
void bytes_put_d(struct bytes *b, double d);
/* NULL and "" differ: 0 is NULL, else the length + 1, then the bytes. */
void bytes_put_s(struct bytes *b, const char *s);
/* The length, the bytes and a NUL: read back in place (bytes_get_z). */
void bytes_put_z(struct bytes *b, const char *s, size_t len);
void bytes_free(struct bytes *b);

/* A cursor over one record.  A read past its end (or a malformed varint)
 * sets bad and gives zeros: callers read on and test bad once. */
struct bytes_cur {
	const unsigned char *p, *end;
	bool bad;
};

bool bytes_take(struct bytes_cur *c, void *dst, size_t n);
uint64_t bytes_get_u(struct bytes_cur *c);
long long bytes_get_i(struct bytes_cur *c);
/* An int, or 0 (not bad) when the number does not fit one. */
int bytes_get_int(struct bytes_cur *c);
double bytes_get_d(struct bytes_cur *c);
/* A copy in a (malloc'ed when a is NULL); NULL for NULL. */
char *bytes_get_s(struct bytes_cur *c, struct arena *a);
/* A string of bytes_put_z, pointing into the record (which must outlive
 * it); NULL and bad when it is not one. */
const char *bytes_get_z(struct bytes_cur *c, size_t *len);

#endif
