/* hashidx.c - the toolkit's hash index (hashidx.h). */
#include "hashidx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

size_t hashidx_hash_more(size_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h * 1099511628211u; /* a separator: "ab"+"c" is not "a"+"bc" */
}

size_t hashidx_hash_bytes(const char *s, size_t n)
{
	size_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

size_t hashidx_hash(const char *s)
{
	return hashidx_hash_more(14695981039346656037u, s);
}

void hashidx_init(struct hashidx *h, size_t (*hash_of)(const void *, size_t),
		  bool (*has_key)(const void *, size_t, const void *),
		  const void *ctx)
{
	memset(h, 0, sizeof *h);
	h->hash_of = hash_of;
	h->has_key = has_key;
	h->ctx = ctx;
}

void hashidx_free(struct hashidx *h)
{
	free(h->slot);
	h->slot = NULL;
	h->nslot = h->n = 0;
}

static void place(struct hashidx *h, size_t i)
{
	size_t s = h->hash_of(h->ctx, i) & (h->nslot - 1);
	while (h->slot[s])
		s = (s + 1) & (h->nslot - 1);
	h->slot[s] = (uint32_t)(i + 1); /* i < HASHIDX_MAX_ITEMS: hashidx_add */
}

/* A table of nslot slots (a power of two, at least 64), every item
 * placed again. */
static void resize(struct hashidx *h, size_t nslot)
{
	uint32_t *old = h->slot;
	size_t nold = h->nslot;
	h->nslot = nslot;
	h->slot = xcalloc(h->nslot, sizeof *h->slot);
	for (size_t s = 0; s < nold; s++)
		if (old[s])
			place(h, old[s] - 1);
	free(old);
}

size_t hashidx_find(const struct hashidx *h, size_t hash, const void *key)
{
	if (!h->nslot)
		return HASHIDX_NONE;
	for (size_t s = hash & (h->nslot - 1); h->slot[s]; s = (s + 1) & (h->nslot - 1))
		if (h->has_key(h->ctx, h->slot[s] - 1, key))
			return h->slot[s] - 1;
	return HASHIDX_NONE;
}

static void grow(struct hashidx *h)
{
	resize(h, h->nslot ? 2 * h->nslot : 64);
}

void hashidx_reserve(struct hashidx *h, size_t n)
{
	size_t nslot = h->nslot ? h->nslot : 64;
	while (nslot < 2 * n && nslot <= SIZE_MAX / 4)
		nslot *= 2;
	if (nslot > h->nslot)
		resize(h, nslot);
}

void hashidx_add(struct hashidx *h, size_t i)
{
	if (i >= HASHIDX_MAX_ITEMS)
		abort(); /* as xalloc does: no table of 2^33 slots fits */
	if (2 * (h->n + 1) > h->nslot)
		grow(h);
	place(h, i);
	h->n++;
}
