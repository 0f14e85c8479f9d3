/* bytes.c - the record layout of bytes.h: a buffer that doubles, varints
 * of 7 bits a byte (low first, the high bit saying more follow). */
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void bytes_put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 256;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

void bytes_put_u(struct bytes *b, uint64_t v)
{
	unsigned char buf[10];
	size_t n = 0;
	do {
		buf[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			buf[n] |= 0x80;
		n++;
	} while (v);
	bytes_put(b, buf, n);
}

void bytes_put_i(struct bytes *b, long long v)
{
	bytes_put_u(b, v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1);
}

void bytes_put_d(struct bytes *b, double d) { bytes_put(b, &d, sizeof d); }

void bytes_put_s(struct bytes *b, const char *s)
{
	if (!s) {
		bytes_put_u(b, 0);
		return;
	}
	size_t n = strlen(s);
	bytes_put_u(b, n + 1);
	bytes_put(b, s, n);
}

void bytes_put_z(struct bytes *b, const char *s, size_t len)
{
	bytes_put_u(b, len);
	bytes_put(b, s, len);
	bytes_put(b, "", 1);
}

void bytes_free(struct bytes *b)
{
	free(b->p);
	*b = (struct bytes){0};
}

bool bytes_take(struct bytes_cur *c, void *dst, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->bad = true;
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, c->p, n);
	c->p += n;
	return true;
}

uint64_t bytes_get_u(struct bytes_cur *c)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (c->p >= c->end)
			break;
		unsigned char b = *c->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	c->bad = true;
	return 0;
}

long long bytes_get_i(struct bytes_cur *c)
{
	uint64_t u = bytes_get_u(c);
	return u & 1 ? -(long long)(u >> 1) - 1 : (long long)(u >> 1);
}

int bytes_get_int(struct bytes_cur *c)
{
	long long v = bytes_get_i(c);
	return v < -2147483647 || v > 2147483647 ? 0 : (int)v;
}

double bytes_get_d(struct bytes_cur *c)
{
	double d;
	bytes_take(c, &d, sizeof d);
	return d;
}

char *bytes_get_s(struct bytes_cur *c, struct arena *a)
{
	uint64_t n = bytes_get_u(c);
	if (n == 0)
		return NULL;
	if ((uint64_t)(c->end - c->p) < n - 1) {
		c->bad = true;
		return NULL;
	}
	char *s = a ? arena_strndup(a, (const char *)c->p, (size_t)(n - 1))
		    : xstrndup((const char *)c->p, (size_t)(n - 1));
	c->p += n - 1;
	return s;
}

const char *bytes_get_z(struct bytes_cur *c, size_t *len)
{
	uint64_t n = bytes_get_u(c);
	if (c->bad || (uint64_t)(c->end - c->p) <= n || c->p[n] != '\0') {
		c->bad = true;
		*len = 0;
		return NULL;
	}
	const char *s = (const char *)c->p;
	c->p += n + 1;
	*len = (size_t)n;
	return s;
}
