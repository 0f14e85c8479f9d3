/* listing.h - the rule pack as text (venuecheck rules, rules --lint).
 * Pipeline step: 4, report. */
#ifndef VC_LISTING_H
#define VC_LISTING_H

#include <stdio.h>

#include "label.h"
#include "pack.h"

/* Every rule of the pack (of tier, unless NULL), one per line, then the
 * disabled ones with their reasons; a layered pack first names its base. */
void listing_rules(FILE *out, const struct pack *p, const char *tier, enum lang l);
/* "rules --lint: ID (FILE): N rules, no problems". */
void listing_lint(FILE *out, const struct pack *p);

#endif
