/* hashidx.h - the toolkit's hash index: positions 0..n-1 of an array the
 * caller owns, found by a key in expected constant time.  One index serves
 * every lookup that must stay linear at national scale (venue ids in the
 * batch tree, the spreadsheet's groups, a waiver file's venue-rule pairs);
 * the caller says how to hash an item and compare it with a key.
 *
 * Open addressing with linear probing in a power-of-two table kept at most
 * half full, of 32-bit slots: 8 to 16 bytes an item, where a country's
 * batch indexes 620,000 venue ids (and its spreadsheet as many names).
 * Positions are below HASHIDX_MAX_ITEMS; more than that is treated as
 * running out of memory (xalloc.h), which a table of 2^33 slots would be.
 * Ownership: hashidx_free frees the table, never the items.
 * Pipeline step: toolkit. */
#ifndef VC_HASHIDX_H
#define VC_HASHIDX_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

#define HASHIDX_NONE ((size_t)-1)
#define HASHIDX_MAX_ITEMS ((size_t)UINT32_MAX - 1)

struct hashidx {
	uint32_t *slot; /* position + 1, 0 for empty */
	size_t nslot, n;
	/* the hash of item i, and whether item i has key */
	size_t (*hash_of)(const void *ctx, size_t i);
	bool (*has_key)(const void *ctx, size_t i, const void *key);
	const void *ctx;
};

/* FNV-1a of text; hashidx_hash_more continues a hash with more text (a
 * key of two parts hashes "a" then a separator then "b"). */
size_t hashidx_hash(const char *s);
size_t hashidx_hash_more(size_t h, const char *s);
/* The same over n bytes (a key that may hold a NUL). */
size_t hashidx_hash_bytes(const char *s, size_t n);

void hashidx_init(struct hashidx *h, size_t (*hash_of)(const void *, size_t),
		  bool (*has_key)(const void *, size_t, const void *),
		  const void *ctx);
void hashidx_free(struct hashidx *h);
/* The position whose item has key (hashed to hash), or HASHIDX_NONE. */
size_t hashidx_find(const struct hashidx *h, size_t hash, const void *key);
/* Make room for n items at once: an index whose size is known (a batch's
 * venue ids) is built without doubling, so its peak is one table, not an
 * old and a new one together. */
void hashidx_reserve(struct hashidx *h, size_t n);
/* Index item i (not yet indexed; i < HASHIDX_MAX_ITEMS, else abort). */
void hashidx_add(struct hashidx *h, size_t i);

#endif
