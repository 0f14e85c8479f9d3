/* arena.c - bump allocator with geometrically growing blocks. */
#include "arena.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	max_align_t data[];
};

enum { ARENA_MIN_BLOCK = 1024 };

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->block = 0;
}

void arena_init_flat(struct arena *a, size_t block)
{
	arena_init(a);
	a->block = block;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head;
	if (!b)
		return;
	struct arena_block *rest = b->next;
	while (rest) {
		struct arena_block *next = rest->next;
		free(rest);
		rest = next;
	}
	b->next = NULL;
	b->used = 0;
	a->total = 0;
}

/* A new block for size bytes, and them at its start: apart from bump, so
 * the path nearly every allocation takes saves no registers for it. */
static __attribute__((noinline)) void *arena_grow(struct arena *a,
						   size_t size)
{
	size_t block = a->head ? a->head->size * 2 : ARENA_MIN_BLOCK;
	if (block > 1u << 20)
		block = 1u << 20;
	if (a->block)
		block = a->block;
	if (block < size)
		block = size;
	/* Out of memory is the one failure we do not turn into a
	 * diagnostic: nothing sensible can continue (xmalloc aborts). */
	struct arena_block *b = xmalloc(sizeof *b + block);
	b->size = block;
	b->used = size;
	b->next = a->head;
	a->head = b;
	a->total += size;
	return b->data;
}

/* size bytes at the given alignment, not zeroed. */
static inline void *bump(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b = a->head;
	if (!b)
		return arena_grow(a, size);
	size_t at = (b->used + align - 1) & ~(align - 1); /* align: 2^k */
	if (at > b->size || b->size - at < size)
		return arena_grow(a, size);
	a->total += size + (at - b->used);
	b->used = at + size;
	return (char *)b->data + at;
}

void *arena_take(struct arena *a, size_t size)
{
	/* Its alignment, not its size (32 on x86-64, which rounded every
	 * object up to 32 bytes). */
	const size_t align = _Alignof(max_align_t);
	_Static_assert((_Alignof(max_align_t) & (_Alignof(max_align_t) - 1)) == 0,
		       "alignment is a power of two");
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	return bump(a, size, align);
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = arena_take(a, size);
	return memset(p, 0, size ? size : 1);
}

void *arena_bytes(struct arena *a, size_t size)
{
	return bump(a, size ? size : 1, 1);
}

/* Text needs no alignment and no zeroing: a ledger's scalars are most of
 * what a file's arena holds, and each is written at once. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = bump(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_concat(struct arena *a, ...)
{
	va_list ap;
	size_t len = 0;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *));)
		len += strlen(s);
	va_end(ap);
	char *out = bump(a, len + 1, 1), *p = out;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *));) {
		size_t n = strlen(s);
		memcpy(p, s, n);
		p += n;
	}
	va_end(ap);
	*p = '\0';
	return out;
}

/* Formats into a stack buffer first: nearly every text is short, and
 * formatting once instead of measuring and then formatting halves the cost
 * of a report's thousands of labels. */
char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof buf)
		return arena_strndup(a, buf, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
