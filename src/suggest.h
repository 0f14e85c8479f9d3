/* suggest.h - "did you mean" by edit distance.
 * Pipeline step: toolkit. */
#ifndef VC_SUGGEST_H
#define VC_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance over bytes. */
size_t suggest_distance(const char *a, const char *b);
/* The closest candidate when it is plausibly a typo of word, else NULL. */
const char *suggest_closest(const char *word, const char *const *cands,
			    size_t n);

#endif
