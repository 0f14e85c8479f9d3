/* doc.h - a YAML file as a small tree of nodes that remember their line and
 * column.  Both the rule pack and venue data files are read through here, so
 * YAML-level problems (syntax, duplicate keys, aliases) are caught once. */
#ifndef VC_DOC_H
#define VC_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

struct node_pair;

struct node {
	enum node_kind kind;
	int line, col; /* 1-based */
	/* NODE_SCALAR */
	const char *text;
	size_t len;
	bool plain; /* unquoted: may be a number, bool or null */
	/* NODE_SEQ: items; NODE_MAP: pairs */
	struct node **items;
	struct node_pair *pairs;
	size_t n;
};

struct node_pair {
	struct node *key; /* always a scalar */
	struct node *value;
};

/* Nesting deeper than this is refused: no real data file needs it, and it
 * bounds the recursion. */
enum { DOC_MAX_DEPTH = 64 };
/* Larger files are refused before parsing. */
#define DOC_MAX_BYTES (64 << 20)
/* Limits no real venue file comes near; past them the input is hostile or
 * broken, and refusing early keeps time and memory bounded. */
enum { DOC_MAX_SCALAR = 64 * 1024, DOC_MAX_ITEMS = 200000, DOC_MAX_KEYS = 4096 };

/* Parse a whole file.  Returns the root node, or NULL after adding at least
 * one error to d.  Aliases are refused (no expansion bombs); duplicate keys
 * are errors. */
struct node *doc_load_file(struct arena *a, const char *path,
			   struct diags *d);
struct node *doc_load_string(struct arena *a, const char *name,
			     const char *buf, size_t len, struct diags *d);

/* Map lookup by key; NULL when absent or when m is not a map. */
struct node *doc_get(const struct node *m, const char *key);
bool doc_is_null(const struct node *n);
const char *doc_kind_name(const struct node *n);
/* Report every key of map m that is not in allowed (with a did-you-mean);
 * what names the mapping in messages.  Returns false if any was unknown. */
bool doc_check_keys(const struct node *m, const char *const *allowed,
		    size_t n, const char *what, const char *file,
		    struct diags *d);

#endif
