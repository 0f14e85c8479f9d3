/* packfind.h - where a rule pack named by --rules or by a pack's
 * `extends:` lives: a path as given, or a name looked up in the pack
 * directories. */
#ifndef VC_PACKFIND_H
#define VC_PACKFIND_H

#include <stdbool.h>
#include <stddef.h>

/* A path (it holds a slash, .yaml or .yml) is used as given or, when from
 * is not NULL and the path is relative, relative to from's directory.  A
 * bare name is looked up as NAME.yaml in $VENUECHECK_RULES_DIR,
 * <bindir>/rules, <bindir>/../share/venuecheck/rules and RULESDIR.
 * False when a name is found nowhere. */
bool packfind_path(const char *name, const char *from, char *out,
		   size_t size);
/* The compiled-in directory, for messages. */
const char *packfind_rulesdir(void);

#endif
