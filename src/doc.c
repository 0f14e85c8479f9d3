/* doc.c - build a node tree from libyaml's event stream.
 *
 * We use the event API rather than yaml_document_t because it lets us refuse
 * aliases before they are expanded and keep our own positions in an arena. */
#include "doc.h"

#include "hashidx.h"
#include "suggest.h"
#include "utf8.h"
#include "xalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

struct loader {
	yaml_parser_t parser;
	struct arena *arena;
	struct diags *diags;
	const char *file;
	const char *buf; /* the input, to place byte offsets */
	size_t len;
	const struct doc_limits *lim;
	bool failed;
	struct {
		struct node **v;
		size_t n, cap;
	} stack; /* see push() */
};

const struct doc_limits doc_default_limits = {
	.bytes = 64u << 20, .scalar = 64u << 10, .items = 200000, .keys = 4096,
	.depth = 64,
};

static int mark_line(yaml_mark_t m) { return (int)m.line + 1; }
static int mark_col(yaml_mark_t m) { return (int)m.column + 1; }

/* Invalid UTF-8 whose high bytes all pair up as GB18030 double-byte
 * characters (lead 0x81-0xFE, trail 0x40-0xFE but not 0x7F). */
static bool looks_gb18030(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t pairs = 0;
	for (size_t i = 0; buf && i < len; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] == 0x80 || p[i] == 0xFF || i + 1 >= len)
			return false;
		unsigned char t = p[i + 1];
		if (t < 0x40 || t == 0x7F || t == 0xFF)
			return false;
		pairs++;
		i++;
	}
	return pairs > 0;
}

/* Line and column (in characters) of a byte offset into the input. */
static void byte_position(const struct loader *ld, size_t off, int *line,
			  int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < ld->len; i++) {
		unsigned char c = (unsigned char)ld->buf[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			++*col;
		}
	}
}

/* libyaml says what is wrong in English: its usual words in both
 * languages (the table's DW_Y_*), any other as it is in both. */
static const struct diag_words *yaml_words(struct loader *ld, const char *s)
{
	static const enum diag_msg known[] = {
		DW_Y_MAP_VALUES,
		DW_Y_MAP_KEYS,
		DW_Y_SEQ_ENTRIES,
		DW_Y_EXPECTED_KEY,
		DW_Y_EXPECTED_DASH,
		DW_Y_EXPECTED_COLON,
		DW_Y_EXPECTED_CONTENT,
		DW_Y_EXPECTED_SEQ_END,
		DW_Y_EXPECTED_MAP_END,
		DW_Y_BAD_CHAR,
		DW_Y_TAB_INDENT,
		DW_Y_TAB_SPACE,
		DW_Y_END,
		DW_Y_ESCAPE,
		DW_Y_COLON,
		DW_Y_UNDEF_ALIAS,
		DW_Y_DOC_INDICATOR,
		DW_Y_CONTROL,
		DW_Y_UTF8_LEAD,
		DW_Y_UTF8_TRAIL,
		DW_Y_UTF8_LEN,
		DW_Y_UTF8_INCOMPLETE,
		DW_Y_UNICODE,
		DW_Y_IN_SIMPLE_KEY,
		DW_Y_IN_BLOCK_MAP,
		DW_Y_IN_BLOCK_COLL,
		DW_Y_IN_FLOW_SEQ,
		DW_Y_IN_FLOW_MAP,
		DW_Y_IN_QUOTED,
		DW_Y_IN_PLAIN,
		DW_Y_IN_BLOCK_SCALAR,
		DW_Y_IN_NODE,
		DW_Y_IN_FLOW_NODE,
		DW_Y_IN_ALIAS,
		DW_Y_IN_ANCHOR,
		DW_Y_IN_TOKEN,
		DW_Y_IN_TAG,
		DW_Y_IN_DIRECTIVE,
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(diag_word(known[i])->en, s) == 0)
			return diag_word(known[i]);
	struct diag_words *w = arena_alloc(ld->arena, sizeof *w);
	w->zh = w->en = arena_strdup(ld->arena, s);
	return w;
}

static void parse_error(struct loader *ld)
{
	yaml_parser_t *p = &ld->parser;
	const char *what = p->problem ? p->problem : "invalid YAML";
	yaml_mark_t m = p->problem_mark;
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors are about bytes, typically invalid UTF-8. */
		int line, col;
		byte_position(ld, p->problem_offset, &line, &col);
		if (looks_gb18030(ld->buf, ld->len))
			diag_addm(ld->diags, DM_GBK, DIAG_ERROR, ld->file, line, col);
		else
			diag_addm(ld->diags, DM_BAD_UTF8, DIAG_ERROR, ld->file, line, col,
				  yaml_words(ld, what), p->problem_offset);
	} else if (p->context) {
		diag_addm(ld->diags, DM_YAML_SYNTAX_IN, DIAG_ERROR, ld->file, mark_line(m),
			  mark_col(m), yaml_words(ld, what),
			  yaml_words(ld, p->context),
			  mark_line(p->context_mark));
	} else {
		diag_addm(ld->diags, DM_YAML_SYNTAX, DIAG_ERROR, ld->file, mark_line(m),
			  mark_col(m), yaml_words(ld, what));
	}
	ld->failed = true;
}

static bool next_event(struct loader *ld, yaml_event_t *ev)
{
	if (yaml_parser_parse(&ld->parser, ev))
		return true;
	parse_error(ld);
	return false;
}

/* The children of the collections being read sit on one stack for the
 * whole file: a collection's run starts where its parent's left off and is
 * copied into the arena when it closes, so no collection mallocs its own
 * vector (a ledger has thousands of entries, each a mapping). */
static void push(struct loader *ld, struct node *n)
{
	if (ld->stack.n == ld->stack.cap) {
		ld->stack.cap *= 2;
		ld->stack.v = xrealloc(ld->stack.v, ld->stack.cap * sizeof *ld->stack.v);
	}
	ld->stack.v[ld->stack.n++] = n;
}

static struct node *parse_node(struct loader *ld, yaml_event_t *ev,
			       int depth);

static struct node *new_node(struct loader *ld, enum node_kind kind,
			     yaml_mark_t m)
{
	struct node *n = arena_take(ld->arena, sizeof *n);
	*n = (struct node){.kind = kind, .line = mark_line(m), .col = mark_col(m)};
	return n;
}

/* What may be wrong with a scalar just read: too long, or a NUL that only
 * an escape ("\0") of a double-quoted scalar can make (the input holds
 * none: not_utf8).  Apart, so reading a scalar saves no registers for it. */
static void scalar_errors(struct loader *ld, const struct node *n,
			  yaml_scalar_style_t style)
{
	if (n->len > ld->lim->scalar) {
		diag_addm(ld->diags, DM_VALUE_TOO_LONG, DIAG_ERROR, ld->file, n->line, n->col,
			  n->len, ld->lim->scalar);
		ld->failed = true;
	}
	if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    memchr(n->text, '\0', n->len)) {
		diag_addm(ld->diags, DM_NUL_CHAR, DIAG_ERROR, ld->file, n->line, n->col);
		ld->failed = true;
	}
}

/* A scalar's node with its text right behind it: one allocation, not
 * two, for what most of a file's events are (the text needs no alignment,
 * so it fills what would be the node's padding). */
static inline struct node *parse_scalar(struct loader *ld, yaml_event_t *ev)
{
	size_t len = ev->data.scalar.length;
	yaml_scalar_style_t style = ev->data.scalar.style;
	struct node *n = arena_take(ld->arena, sizeof *n + len + 1);
	*n = (struct node){.kind = NODE_SCALAR, .line = mark_line(ev->start_mark),
			   .col = mark_col(ev->start_mark),
			   .plain = style == YAML_PLAIN_SCALAR_STYLE, .len = len};
	char *text = (char *)(n + 1);
	memcpy(text, ev->data.scalar.value, len);
	text[len] = '\0';
	n->text = text;
	if (len > ld->lim->scalar || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		scalar_errors(ld, n, style);
	return n;
}

/* A collection's child at depth: a scalar, most events, read here rather
 * than through parse_node, whose frame is that of the collections it
 * reads (the same checks, in the same order). */
static inline struct node *parse_child(struct loader *ld, yaml_event_t *ev,
				       int depth)
{
	if (ev->type == YAML_SCALAR_EVENT && depth <= ld->lim->depth)
		return parse_scalar(ld, ev);
	return parse_node(ld, ev, depth);
}

static struct node *parse_seq(struct loader *ld, yaml_event_t *ev, int depth)
{
	struct node *n = new_node(ld, NODE_SEQ, ev->start_mark);
	size_t base = ld->stack.n;
	yaml_event_t child;
	while (!ld->failed && next_event(ld, &child)) {
		if (child.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&child);
			break;
		}
		struct node *c = parse_child(ld, &child, depth + 1);
		yaml_event_delete(&child);
		if (c)
			push(ld, c);
		if (ld->stack.n - base > ld->lim->items) {
			diag_addm(ld->diags, DM_LIST_TOO_LONG, DIAG_ERROR, ld->file, n->line,
				  n->col, ld->lim->items);
			ld->failed = true;
		}
	}
	n->n = ld->stack.n - base;
	n->items = arena_alloc(ld->arena, (n->n + 1) * sizeof *n->items);
	if (n->n)
		memcpy(n->items, ld->stack.v + base, n->n * sizeof *n->items);
	ld->stack.n = base;
	return n;
}

/* The keys of one mapping, for finding a repeated key in constant time per
 * key: a scan of the keys before it made a file of large mappings take
 * time in the square of their size.  Open addressing on the key's bytes;
 * a mapping's first few keys are scanned, the table is made only when
 * it grows past them. */
enum { KEYSET_SCAN = 8 };

/* One mapping's keys as the index (hashidx.h) sees them: item i is the
 * i-th key on the loader's stack above base (the stack may move as it
 * grows, so positions, not pointers). */
struct keyset {
	struct loader *ld;
	size_t base;
	struct hashidx idx;
	size_t seen; /* the mapping's keys indexed so far */
};

static const struct node *key_at(const struct keyset *k, size_t i)
{
	return k->ld->stack.v[k->base + 2 * i];
}

static size_t key_hash(const struct node *k)
{
	return hashidx_hash_bytes(k->text, k->len);
}

static bool same_key(const struct node *a, const struct node *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static size_t keyset_hash(const void *ctx, size_t i)
{
	return key_hash(key_at(ctx, i));
}

static bool keyset_is(const void *ctx, size_t i, const void *key)
{
	return same_key(key_at(ctx, i), key);
}

/* The keys read so far are on the stack; key is the next one.  A
 * mapping's first few keys are scanned, the index is made only when it
 * grows past them. */
static void check_duplicate(struct loader *ld, size_t npairs,
			    const struct node *key, struct keyset *set)
{
	const struct node *first = NULL;
	if (npairs < KEYSET_SCAN) {
		for (size_t i = 0; i < npairs && !first; i++)
			if (same_key(key_at(set, i), key))
				first = key_at(set, i);
	} else {
		for (; set->seen < npairs; set->seen++)
			hashidx_add(&set->idx, set->seen);
		size_t i = hashidx_find(&set->idx, key_hash(key), key);
		first = i == HASHIDX_NONE ? NULL : key_at(set, i);
	}
	if (first)
		diag_addm(ld->diags, DM_DUP_KEY, DIAG_ERROR, ld->file, key->line,
			  key->col,
			  utf8_excerpt(ld->arena, key->text, DOC_EXCERPT),
			  first->line);
}

static struct node *parse_map(struct loader *ld, yaml_event_t *ev, int depth)
{
	struct node *n = new_node(ld, NODE_MAP, ev->start_mark);
	size_t base = ld->stack.n;
	struct keyset keys = {.ld = ld, .base = base};
	hashidx_init(&keys.idx, keyset_hash, keyset_is, &keys);
	yaml_event_t kev, vev;
	while (!ld->failed && next_event(ld, &kev)) {
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		struct node *key = parse_child(ld, &kev, depth + 1);
		yaml_event_delete(&kev);
		if (ld->failed || !next_event(ld, &vev))
			break;
		struct node *val = parse_child(ld, &vev, depth + 1);
		yaml_event_delete(&vev);
		if (!key || !val)
			continue;
		if (key->kind != NODE_SCALAR) {
			diag_addm(ld->diags, DM_COMPLEX_KEY, DIAG_ERROR, ld->file, key->line,
				  key->col, doc_kind_words(key));
			continue;
		}
		size_t npairs = (ld->stack.n - base) / 2;
		check_duplicate(ld, npairs, key, &keys);
		push(ld, key);
		push(ld, val);
		/* A venue file's mappings have a few dozen keys. */
		if (npairs + 1 > ld->lim->keys) {
			diag_addm(ld->diags, DM_MAP_TOO_BIG, DIAG_ERROR, ld->file, n->line,
				  n->col, ld->lim->keys);
			ld->failed = true;
		}
	}
	hashidx_free(&keys.idx);
	n->n = (ld->stack.n - base) / 2;
	n->pairs = arena_alloc(ld->arena, (n->n + 1) * sizeof *n->pairs);
	for (size_t i = 0; i < n->n; i++) {
		n->pairs[i].key = ld->stack.v[base + 2 * i];
		n->pairs[i].value = ld->stack.v[base + 2 * i + 1];
	}
	ld->stack.n = base;
	return n;
}

static struct node *parse_node(struct loader *ld, yaml_event_t *ev, int depth)
{
	if (depth > ld->lim->depth) {
		diag_addm(ld->diags, DM_TOO_DEEP, DIAG_ERROR, ld->file,
			  mark_line(ev->start_mark), mark_col(ev->start_mark),
			  ld->lim->depth);
		ld->failed = true;
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return parse_scalar(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
		return parse_seq(ld, ev, depth);
	case YAML_MAPPING_START_EVENT:
		return parse_map(ld, ev, depth);
	case YAML_ALIAS_EVENT:
		/* Refusing aliases outright is simpler and safer than bounding
		 * their expansion; no venue file needs them. */
		diag_addm(ld->diags, DM_ALIAS, DIAG_ERROR, ld->file,
			  mark_line(ev->start_mark), mark_col(ev->start_mark));
		ld->failed = true;
		return NULL;
	default:
		diag_addm(ld->diags, DM_YAML_EVENT, DIAG_ERROR, ld->file,
			  mark_line(ev->start_mark), mark_col(ev->start_mark));
		ld->failed = true;
		return NULL;
	}
}

/* stream-start, document-start, node, document-end, [more docs], stream-end */
static struct node *load(struct loader *ld)
{
	yaml_event_t ev;
	struct node *root = NULL;
	int docs = 0;
	while (!ld->failed && next_event(ld, &ev)) {
		yaml_event_type_t t = ev.type;
		if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			diag_addm(ld->diags, DM_MULTI_DOC, DIAG_ERROR, ld->file,
				  mark_line(ev.start_mark),
				  mark_col(ev.start_mark));
			ld->failed = true;
		} else if (t == YAML_SCALAR_EVENT ||
			   t == YAML_SEQUENCE_START_EVENT ||
			   t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
			root = parse_node(ld, &ev, 0);
		}
		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT)
			break;
	}
	if (ld->failed)
		return NULL;
	if (!root) {
		diag_addm(ld->diags, DM_EMPTY_FILE, DIAG_ERROR, ld->file, 0, 0);
		return NULL;
	}
	return root;
}

/* libyaml also reads UTF-16 (after its byte-order mark), but every file
 * venuecheck reads is UTF-8 (a pack, a data file, waivers): refuse a
 * byte-order mark of UTF-16 or UTF-32 and NUL bytes, which UTF-8 text never
 * holds and UTF-16 text is full of, before the parser sees them.  True
 * after an error. */
static bool not_utf8(const char *name, const char *buf, size_t len,
		     struct diags *d)
{
	const unsigned char *u = (const unsigned char *)buf;
	bool bom16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
				  (u[0] == 0xFE && u[1] == 0xFF));
	bool bom32 = len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE &&
		     u[3] == 0xFF;
	if (bom16 || bom32) {
		/* FF FE 00 00 is UTF-32 little-endian. */
		const char *enc = bom32 || (len >= 4 && !u[2] && !u[3]) ? "UTF-32"
									: "UTF-16";
		diag_addm(d, DM_BOM, DIAG_ERROR, name, 1, 1, enc, enc);
		return true;
	}
	const char *nul = len ? memchr(buf, '\0', len) : NULL;
	if (!nul)
		return false;
	struct loader ld = {.buf = buf, .len = len};
	int line, col;
	byte_position(&ld, (size_t)(nul - buf), &line, &col);
	diag_addm(d, DM_NUL_BYTE, DIAG_ERROR, name, line, col,
		  (size_t)(nul - buf));
	return true;
}

struct node *doc_load_string(struct arena *a, const char *name,
			     const char *buf, size_t len,
			     const struct doc_limits *lim, struct diags *d)
{
	if (not_utf8(name, buf, len, d))
		return NULL;
	struct loader ld = {.arena = a, .diags = d, .file = name,
			    .buf = buf, .len = len,
			    .lim = lim ? lim : &doc_default_limits};
	/* Never NULL: a run's start is stack.v + base even when empty. */
	ld.stack.cap = 256;
	ld.stack.v = xmalloc(ld.stack.cap * sizeof *ld.stack.v);
	size_t before = d->errors;
	yaml_parser_initialize(&ld.parser);
	yaml_parser_set_input_string(&ld.parser, (const unsigned char *)buf,
				     len);
	struct node *root = load(&ld);
	yaml_parser_delete(&ld.parser);
	free(ld.stack.v);
	return d->errors > before ? NULL : root;
}

/* ---- a file's events (doc.h: doc_events_open) ---- */

struct doc_events {
	struct loader ld;
	struct diags quiet; /* what the tree's reader would have said */
	yaml_event_t ev;    /* the event just read; deleted before the next */
	bool have;
};

/* The event just read as doc.h's: a scalar the tree's reader would
 * refuse (too long, a NUL) is DOC_EV_OTHER, like an alias.  (Every field
 * is set on each path: this is called for every event of a file.) */
static inline void event_of(const struct doc_events *e, struct doc_event *out)
{
	const yaml_event_t *ev = &e->ev;
	out->line = mark_line(ev->start_mark);
	out->col = mark_col(ev->start_mark);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		out->type = DOC_EV_SCALAR;
		out->text = (const char *)ev->data.scalar.value;
		out->len = ev->data.scalar.length;
		out->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (out->len > e->ld.lim->scalar ||
		    (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
		     memchr(out->text, '\0', out->len)))
			out->type = DOC_EV_OTHER;
		return;
	case YAML_SEQUENCE_START_EVENT:
		out->type = DOC_EV_SEQ;
		break;
	case YAML_MAPPING_START_EVENT:
		out->type = DOC_EV_MAP;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		out->type = DOC_EV_END;
		break;
	default:
		out->type = DOC_EV_OTHER;
		break;
	}
	out->plain = false;
	out->text = NULL;
	out->len = 0;
}

bool doc_events_next(struct doc_events *e, struct doc_event *ev)
{
	if (e->have)
		yaml_event_delete(&e->ev);
	e->have = yaml_parser_parse(&e->ld.parser, &e->ev) != 0;
	if (!e->have) {
		*ev = (struct doc_event){.type = DOC_EV_OTHER};
		return false;
	}
	event_of(e, ev);
	return true;
}

static void events_free(struct doc_events *e);

/* The next event is one of type t. */
static bool next_is(struct doc_events *e, yaml_event_type_t t)
{
	struct doc_event ev;
	return doc_events_next(e, &ev) && e->ev.type == t;
}

struct doc_events *doc_events_open(const char *buf, size_t len,
				   const struct doc_limits *lim,
				   struct doc_event *root)
{
	struct doc_events *e = xcalloc(1, sizeof *e);
	diag_init(&e->quiet);
	e->ld = (struct loader){.diags = &e->quiet, .file = "", .buf = buf,
				.len = len, .lim = lim ? lim : &doc_default_limits};
	yaml_parser_initialize(&e->ld.parser);
	yaml_parser_set_input_string(&e->ld.parser, (const unsigned char *)buf, len);
	if (!not_utf8("", buf, len, &e->quiet) &&
	    next_is(e, YAML_STREAM_START_EVENT) &&
	    next_is(e, YAML_DOCUMENT_START_EVENT) &&
	    next_is(e, YAML_MAPPING_START_EVENT)) {
		event_of(e, root);
		return e;
	}
	events_free(e);
	return NULL;
}

struct node *doc_events_node(struct doc_events *e, struct arena *a, int depth)
{
	struct loader *ld = &e->ld;
	if (!e->have || ld->failed)
		return NULL;
	if (!ld->stack.v) {
		ld->stack.cap = 256;
		ld->stack.v = xmalloc(ld->stack.cap * sizeof *ld->stack.v);
	}
	ld->arena = a;
	size_t before = e->quiet.n;
	struct node *n = parse_node(ld, &e->ev, depth);
	return ld->failed || e->quiet.n > before ? NULL : n;
}

static void events_free(struct doc_events *e)
{
	if (e->have)
		yaml_event_delete(&e->ev);
	yaml_parser_delete(&e->ld.parser);
	free(e->ld.stack.v);
	diag_free(&e->quiet);
	free(e);
}

bool doc_events_close(struct doc_events *e)
{
	if (!e)
		return false;
	bool ok = !e->ld.failed && e->quiet.n == 0 &&
		  next_is(e, YAML_DOCUMENT_END_EVENT) &&
		  next_is(e, YAML_STREAM_END_EVENT);
	events_free(e);
	return ok;
}

/* Up to size bytes of fd into buf (fewer if the file is shorter now than
 * it was): false on a read error. */
static bool read_upto(int fd, char *buf, size_t size, size_t *len)
{
	*len = 0;
	while (*len < size) {
		ssize_t k = read(fd, buf + *len, size - *len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return false;
		if (k == 0)
			break;
		*len += (size_t)k;
	}
	return true;
}

/* Read the whole file: venue files are small, and having the bytes lets us
 * turn libyaml's byte offsets into line and column. */
static char *read_all(const char *path, size_t max, size_t *len,
		      struct diags *d)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_addm(d, DM_CANNOT_OPEN, DIAG_ERROR, path, 0, 0,
			  diag_errno(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_addm(d, DM_CANNOT_READ, DIAG_ERROR, path, 0, 0,
			  diag_errno(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_addm(d, DM_NOT_FILE, DIAG_ERROR, path, 0, 0,
			  S_ISDIR(st.st_mode) ? diag_word(DW_IS_DIR) : diag_word(DW_NOT_REGULAR));
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max) {
		diag_addm(d, DM_FILE_TOO_LARGE, DIAG_ERROR, path, 0, 0,
			  (long long)st.st_size, max);
		close(fd);
		return NULL;
	}
	/* read(2), not stdio: one call for a small file, no buffer to copy
	 * through (a batch reads 620,000 of them). */
	char *buf = xmalloc((size_t)st.st_size + 1);
	bool bad = !read_upto(fd, buf, (size_t)st.st_size, len);
	close(fd);
	if (bad) {
		diag_addm(d, DM_READ_ERROR, DIAG_ERROR, path, 0, 0);
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* The same for other readers of bounded files (a JSON baseline). */
char *doc_read_file(const char *path, size_t max, size_t *len,
		    struct diags *d)
{
	return read_all(path, max, len, d);
}

struct node *doc_load_file(struct arena *a, const char *path,
			   const struct doc_limits *lim, struct diags *d)
{
	size_t len;
	if (!lim)
		lim = &doc_default_limits;
	char *buf = read_all(path, lim->bytes, &len, d);
	if (!buf)
		return NULL;
	struct node *root = doc_load_string(a, path, buf, len, lim, d);
	free(buf);
	return root;
}

struct node *doc_get(const struct node *m, const char *key)
{
	if (!m || m->kind != NODE_MAP)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < m->n; i++) {
		const struct node *k = m->pairs[i].key;
		if (k->len == len && memcmp(k->text, key, len) == 0)
			return m->pairs[i].value;
	}
	return NULL;
}

bool doc_is_null(const struct node *n)
{
	if (!n || n->kind != NODE_SCALAR || !n->plain)
		return false;
	if (n->len == 0 || (n->len == 1 && n->text[0] == '~'))
		return true;
	return n->len == 4 && (strcmp(n->text, "null") == 0 ||
			       strcmp(n->text, "Null") == 0 ||
			       strcmp(n->text, "NULL") == 0);
}

const char *doc_kind_name(const struct node *n)
{
	if (!n)
		return "nothing";
	switch (n->kind) {
	case NODE_SCALAR:
		return "single value";
	case NODE_SEQ:
		return "list";
	case NODE_MAP:
		return "mapping";
	}
	return "?";
}

const struct diag_words *doc_kind_words(const struct node *n)
{
	if (!n)
		return diag_word(DW_NOTHING);
	switch (n->kind) {
	case NODE_SCALAR:
		return diag_word(DW_SCALAR);
	case NODE_SEQ:
		return diag_word(DW_LIST);
	case NODE_MAP:
		return diag_word(DW_MAPPING);
	}
	return diag_word(DW_NOTHING);
}

bool doc_check_keys(const struct node *m, const char *const *allowed,
		    size_t n, enum diag_msg what, const char *file,
		    struct diags *d)
{
	bool ok = true;
	size_t unknown = 0;
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; m && m->kind == NODE_MAP && i < m->n; i++) {
		const struct node *k = m->pairs[i].key;
		size_t j = 0;
		while (j < n && strcmp(allowed[j], k->text) != 0)
			j++;
		if (j < n)
			continue;
		ok = false;
		/* A file of the wrong kind has nothing but unknown keys: say
		 * so a few times, not once per line of it. */
		if (++unknown > DOC_MAX_UNKNOWN)
			continue;
		const char *key = utf8_excerpt(&a, k->text, DOC_EXCERPT);
		const char *s = suggest_closest(k->text, allowed, n);
		if (s)
			diag_addm(d, DM_UNKNOWN_KEY_HINT, DIAG_ERROR, file, k->line, k->col,
				  key, diag_word(what), s);
		else
			diag_addm(d, DM_UNKNOWN_KEY, DIAG_ERROR, file, k->line, k->col,
				  key, diag_word(what));
	}
	if (unknown > DOC_MAX_UNKNOWN)
		diag_addm(d, DM_MORE_UNKNOWN, DIAG_ERROR, file, m->line, m->col,
			  unknown - DOC_MAX_UNKNOWN, diag_word(what));
	arena_free(&a);
	return ok;
}

/* "128M" -> 134217728; false on anything but digits and one suffix, or on
 * overflow. */
static bool parse_size(const char *s, size_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return false;
	int shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*end != '\0' || v > (SIZE_MAX >> shift))
		return false;
	*out = (size_t)(v << shift);
	return true;
}

/* Raising a limit trades safety for reach, so even raised ones keep a
 * ceiling: a whole file is read into memory and every entry is a node. */
enum { MAX_FILE_GIB = 4, MAX_ENTRIES = 100 * 1000 * 1000 };

bool doc_limit_set(struct doc_limits *l, const char *spec, bool english,
		   char *err, size_t errsize)
{
	const struct {
		const char *name;
		size_t *slot, ceiling;
	} known[] = {
		{"file-size", &l->bytes, (size_t)MAX_FILE_GIB << 30},
		{"value-size", &l->scalar, (size_t)MAX_FILE_GIB << 30},
		{"entries", &l->items, MAX_ENTRIES},
	};
	const char *eq = strchr(spec, '=');
	size_t nlen = eq ? (size_t)(eq - spec) : strlen(spec);
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strlen(known[i].name) != nlen ||
		    strncmp(known[i].name, spec, nlen) != 0)
			continue;
		size_t v;
		if (!eq || !parse_size(eq + 1, &v) || v == 0 ||
		    v > known[i].ceiling) {
			snprintf(err, errsize, english
				 ? "--limit %s: expected %s=N, N from 1 to %zu "
				   "(K, M and G suffixes allowed)"
				 : "--limit %s：应为 %s=N，N 从 1 到 %zu（可带 K、M、G 后缀）",
				 spec, known[i].name, known[i].ceiling);
			return false;
		}
		*known[i].slot = v;
		return true;
	}
	snprintf(err, errsize, english
		 ? "--limit %s: unknown limit; expected file-size, value-size or entries"
		 : "--limit %s：未知的上限；可取 file-size、value-size 或 entries", spec);
	return false;
}

void doc_verror(struct diags *d, enum diag_msg m, enum diag_level level,
		const char *file, const struct node *n, va_list ap)
{
	diag_vaddm(d, m, level, file, n ? n->line : 0, n ? n->col : 0, ap);
}

void doc_error(struct diags *d, enum diag_msg m, const char *file,
	       const struct node *n, ...)
{
	va_list ap;
	va_start(ap, n);
	doc_verror(d, m, DIAG_ERROR, file, n, ap);
	va_end(ap);
}
