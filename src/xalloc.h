/* xalloc.h - the toolkit's allocation: malloc that cannot return NULL.
 * Running out of memory is not a condition the checker can report in a
 * useful way (every path would need an error it cannot allocate), so
 * these abort instead; every module uses them, none writes its own.
 * Pipeline step: toolkit. */
#ifndef VC_XALLOC_H
#define VC_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The number of elements of an array (not a pointer). */
#define countof(a) (sizeof(a) / sizeof((a)[0]))

#endif
