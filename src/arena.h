/* arena.h - bump allocator: everything loaded from one file lives in one
 * arena and is freed at once, so loaders never track individual objects.
 * Pipeline step: toolkit. */
#ifndef VC_ARENA_H
#define VC_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes handed out, for limits and benchmarks */
	size_t block; /* 0: blocks double in size; else all are this size */
};

void arena_init(struct arena *a);
/* An arena of small blocks that do not grow: for what a batch keeps of
 * every venue, where doubling would leave up to half of each unused. */
void arena_init_flat(struct arena *a, size_t block);
void arena_free(struct arena *a);
/* Forget everything allocated but keep the newest (largest) block for
 * reuse: a scratch arena used once per file then allocates nothing. */
void arena_reset(struct arena *a);
/* Zeroed memory, aligned for any type.  Aborts only if malloc fails. */
void *arena_alloc(struct arena *a, size_t size);
/* The same, not zeroed: for an object the caller writes whole at once
 * (a YAML node per scalar). */
void *arena_take(struct arena *a, size_t size);
/* size bytes at no alignment, not zeroed: for bytes the caller writes
 * whole at once (a record, a string with a prefix). */
void *arena_bytes(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The texts up to a NULL, joined: what "%s%s%s" would print, without
 * printf (reports join a few per rule per venue). */
char *arena_concat(struct arena *a, ...) __attribute__((sentinel));

#endif
