/* doc.h - a YAML file as a small tree of nodes that remember their line and
 * column.  Both the rule pack and venue data files are read through here, so
 * YAML-level problems (syntax, duplicate keys, aliases) are caught once.
 * Pipeline step: 1, load pack (and 2, load venue: both are YAML). */
#ifndef VC_DOC_H
#define VC_DOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

struct node_pair;

struct node {
	enum node_kind kind;
	int line, col; /* 1-based */
	/* NODE_SCALAR (here, in the padding: a file has a node per scalar) */
	bool plain; /* unquoted: may be a number, bool or null */
	const char *text;
	size_t len;
	/* NODE_SEQ: items; NODE_MAP: pairs */
	struct node **items;
	struct node_pair *pairs;
	size_t n;
};

struct node_pair {
	struct node *key; /* always a scalar */
	struct node *value;
};

/* Bounds on what one file may hold.  No real venue file comes near the
 * defaults; past them the input is hostile or broken, and refusing it early
 * keeps time and memory bounded.  The first three can be raised (--limit);
 * depth and keys cannot, as no file the schema accepts nests deeper than four
 * levels or has mappings of more than a few dozen keys, and both bound work
 * that grows faster than the input (recursion, the duplicate-key scan). */
struct doc_limits {
	size_t bytes;  /* a whole file */
	size_t scalar; /* one value or key */
	size_t items;  /* the entries of one list */
	size_t keys;   /* the keys of one mapping */
	int depth;     /* nesting */
};
extern const struct doc_limits doc_default_limits;

/* Set one limit from "NAME=VALUE": file-size (bytes, with an optional K, M
 * or G suffix), value-size (likewise) or entries.  Returns false and writes
 * what is wrong to err otherwise (in English, else Chinese). */
bool doc_limit_set(struct doc_limits *l, const char *spec, bool english,
		   char *err, size_t errsize);

/* Parse a whole file.  Returns the root node, or NULL after adding at least
 * one error to d.  Aliases are refused (no expansion bombs); duplicate keys
 * are errors.  lim may be NULL for the defaults. */
/* A whole regular file of at most max bytes, NUL-terminated (free() it);
 * NULL after an error in d (cannot open, not a regular file, too large). */
char *doc_read_file(const char *path, size_t max, size_t *len,
		    struct diags *d);
struct node *doc_load_file(struct arena *a, const char *path,
			   const struct doc_limits *lim, struct diags *d);
struct node *doc_load_string(struct arena *a, const char *name,
			     const char *buf, size_t len,
			     const struct doc_limits *lim, struct diags *d);

/* Map lookup by key; NULL when absent or when m is not a map. */
struct node *doc_get(const struct node *m, const char *key);
bool doc_is_null(const struct node *n);
const char *doc_kind_name(const struct node *n);
/* The same in both languages, for a message's %W. */
const struct diag_words *doc_kind_words(const struct node *n);
/* What a message quotes of a file's text: at most DOC_EXCERPT characters,
 * escaped (utf8_excerpt), since the file may be of another kind altogether
 * (--rules /etc/shadow) and its content is no one's business. */
enum { DOC_EXCERPT = 40, DOC_MAX_UNKNOWN = 10 };
/* Report every key of map m that is not in allowed (with a did-you-mean),
 * the first DOC_MAX_UNKNOWN of them, then how many more;
 * what names the mapping in messages.  Returns false if any was unknown. */
bool doc_check_keys(const struct node *m, const char *const *allowed,
		    size_t n, enum diag_msg what, const char *file,
		    struct diags *d);

/* An error (or warning) at node n of file: its line:col, or 0:0 when n is
 * NULL.  The one place every loader's messages about a document get their
 * position; the loaders' own helpers only add what they track (a failed
 * flag). */
void doc_verror(struct diags *d, enum diag_msg m, enum diag_level level,
		const char *file, const struct node *n, va_list ap);
void doc_error(struct diags *d, enum diag_msg m, const char *file,
	       const struct node *n, ...);

#endif
