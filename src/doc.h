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

/* A file's events, for a loader that builds its values straight from them
 * (schema_stream) instead of from the tree above.  That loader takes only
 * the road on which nothing can go wrong: whatever it cannot take exactly
 * (a syntax error, an alias, an over-long or NUL-bearing scalar, a second
 * document) it gives up on, and the file is read again with doc_load_string,
 * which says what is wrong.  So nothing here reports: false and
 * DOC_EV_OTHER mean "not on this road".  The limits are doc_load_string's:
 * an event that would break one is DOC_EV_OTHER, a list too long is the
 * reader's to count (lim->items). */
enum doc_ev { DOC_EV_SCALAR, DOC_EV_SEQ, DOC_EV_MAP, DOC_EV_END, DOC_EV_OTHER };
struct doc_event {
	enum doc_ev type;
	int line, col; /* 1-based, as a node's */
	bool plain;    /* DOC_EV_SCALAR: unquoted */
	const char *text; /* DOC_EV_SCALAR: NUL-terminated, valid until the
			     next call */
	size_t len;
};
struct doc_events;
/* Start reading buf (len bytes, as doc_load_string takes it): NULL unless
 * it is UTF-8 without NUL bytes and its one document's root is a mapping,
 * whose start is then in *root.  lim may be NULL for the defaults. */
struct doc_events *doc_events_open(const char *buf, size_t len,
				   const struct doc_limits *lim,
				   struct doc_event *root);
/* The next event into ev; false (and DOC_EV_OTHER) on a syntax error. */
bool doc_events_next(struct doc_events *e, struct doc_event *ev);
/* The node of the event just read, at depth (the root's children are at 1),
 * the rest of it read into a (a scalar, or a list or mapping to its end):
 * exactly what doc_load_string builds there, or NULL where it would report
 * a problem. */
struct node *doc_events_node(struct doc_events *e, struct arena *a, int depth);
/* After the root mapping's end: true if the document and the stream end
 * there.  Frees e either way (e may be NULL). */
bool doc_events_close(struct doc_events *e);

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
