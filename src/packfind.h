/* packfind.h - where a rule pack named by --rules or by a pack's
 * `extends:` lives: a path as given, or a name looked up in the pack
 * directories.
 * Pipeline step: 1, load pack. */
#ifndef VC_PACKFIND_H
#define VC_PACKFIND_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The directories a bare pack name is looked up in, in order.  The
 * library reads no environment: the command puts $VENUECHECK_RULES_DIR
 * first (extra); then <bindir>/rules, <bindir>/../share/venuecheck/rules
 * and the compiled-in RULESDIR. */
struct packfind_dirs {
	const char *v[4];
	size_t n;
	char own[3][PATH_MAX + 64];
};
/* extra may be NULL or empty: the built-in directories only. */
void packfind_dirs_init(struct packfind_dirs *dirs, const char *extra);

/* A path (it holds a slash, .yaml or .yml) is used as given or, when from
 * is not NULL and the path is relative, relative to from's directory.  A
 * bare name is looked up as NAME.yaml in dirs (NULL: the built-in ones).
 * False when a name is found nowhere. */
bool packfind_path(const struct packfind_dirs *dirs, const char *name,
		   const char *from, char *out, size_t size);
/* The base pack of from's `extends: name`.  A bare name is looked up as
 * by packfind_path.  A path must name a .yaml file (also once symbolic
 * links are resolved) inside the directory of from, at any depth, or
 * inside one of the pack directories: a pack, which may be a third
 * party's, cannot make the loader read any other file of the machine. */
enum packfind_result {
	PACKFIND_OK,
	PACKFIND_NOT_FOUND,
	PACKFIND_NOT_YAML, /* a path whose file does not end in .yaml */
	PACKFIND_OUTSIDE,  /* outside from's directory and the pack path */
};
enum packfind_result packfind_base(const struct packfind_dirs *dirs,
				   const char *name, const char *from,
				   char *out, size_t size);
/* The compiled-in directory, for messages. */
const char *packfind_rulesdir(void);

#endif
