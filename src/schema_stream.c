/* schema_stream.c - a venue file's typed values straight from libyaml's
 * events (doc_events_*), without the tree of nodes schema_validate reads.
 * Pipeline step 2, load venue: venue.c tries this road first and takes the
 * tree's when it gives up.
 *
 * Why two roads: a batch spends most of its time reading files, and for
 * each one the tree costed a node per scalar, a copy of each text and a
 * second walk over all of it, only to be turned into values and let go.
 * The tree's road is the one that says what is wrong with a file; this one
 * only knows how a file is right.  It gives up at the first thing a
 * message would be about, before adding anything to the caller's problems,
 * so a file gets the same values and the same messages either way
 * (tests/test_stream.c holds the two to it, file by file).  It reads
 * itself only what most of a file is: records and ledgers of records whose
 * values are scalars.  Any other value (a tag list, a monthly or declared
 * block, an empty ledger) is read as nodes (doc_events_node) and converted
 * by schema.c's own converters; a scalar is converted through a node on
 * the stack.  Either way a value is made by schema_convert. */
#include "schema_impl.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* One file on this road.  c.d is quiet: a converter's message there means
 * the road ends (and is never seen). */
struct sctx {
	struct vctx c;
	struct diags quiet;
	struct doc_events *e;
	struct arena *scratch; /* nodes of the values read as nodes, texts of
				  the entries' identities */
	const struct doc_limits *lim;
	struct value *items; /* the entries of the ledger being read */
	size_t cap;
};

/* No block this road reads has more fields than a record's flags hold
 * (the pack's have a dozen or two); one that has is read as nodes. */
enum { MAX_FIELDS = 64 };

/* An entry's identities (the block's `unique:`) as schema.c's check makes
 * them: for each, the texts of its fields' scalars (none for a null or a
 * field left out) each followed by \x1f.  Kept per identity for the whole
 * ledger, to find two equal. */
struct idkeys {
	bool part[MAX_FIELDS];        /* the field is part of an identity */
	const char *text[MAX_FIELDS]; /* this entry's scalars, by field */
	size_t len[MAX_FIELDS];
	size_t where[MAX_FIELDS];     /* ident part -> field index + 1 */
	size_t nparts;
	const char **keys;            /* per identity u: keys[u * cap + k] */
	size_t *n, cap;
};

static bool read_value(struct sctx *x, const struct field *f,
		       const struct doc_event *v, int depth,
		       struct value *out, bool *none)
{
	*out = (struct value){0};
	*none = false;
	if (v->type == DOC_EV_SCALAR) {
		struct node n = {.kind = NODE_SCALAR, .line = v->line, .col = v->col,
				 .plain = v->plain, .text = v->text, .len = v->len};
		/* schema_no_value's lengths: "", ~, null and its cases. */
		if ((v->len == 0 || v->len == 1 || v->len == 4) &&
		    schema_no_value(&n)) {
			*none = true;
			return true;
		}
		return schema_convert(&x->c, f, &n, out);
	}
	const struct node *n = doc_events_node(x->e, x->scratch, depth);
	return n && schema_convert(&x->c, f, n, out);
}

/* The scalar of an identity's field: kept past its event. */
static void keep_ident_text(struct sctx *x, struct idkeys *ik, size_t fi,
			    const struct doc_event *v)
{
	struct node n = {.kind = NODE_SCALAR, .plain = v->plain, .text = v->text,
			 .len = v->len};
	if (v->type != DOC_EV_SCALAR || doc_is_null(&n))
		return;
	ik->text[fi] = arena_strndup(x->scratch, v->text, v->len);
	ik->len[fi] = v->len;
}

/* The fields read, then the tag fields left out as empty lists, in an
 * array of the size schema.c gives it (keys read + 1 + tag fields). */
static bool finish_record(struct sctx *x, const struct block *b,
			  const struct vfield *rec, size_t n, size_t keys,
			  const bool *have, struct value *out)
{
	size_t ntags = schema_record_cache(&x->c, b)->ntags;
	out->fields = arena_alloc(x->c.a, (keys + 1 + ntags) * sizeof *out->fields);
	if (n)
		memcpy(out->fields, rec, n * sizeof *rec);
	out->n = n;
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		if (f->required && !have[i])
			return false;
		if (f->type == FT_TAGS && !have[i]) {
			struct vfield *vf = &out->fields[out->n++];
			*vf = (struct vfield){.key = f->name};
			vf->v.type = V_LIST; /* no tags: an empty list */
		}
	}
	return true;
}

/* A record of block b whose mapping starts at start (read), at depth;
 * its identities' texts into ik when the block has any. */
static bool read_record(struct sctx *x, const struct block *b,
			const struct doc_event *start, int depth,
			struct value *out, struct idkeys *ik)
{
	if (b->nfields > MAX_FIELDS)
		return false;
	*out = (struct value){.type = V_MAP, .line = start->line, .col = start->col};
	struct record_cache *rc = schema_record_cache(&x->c, b);
	struct vfield rec[MAX_FIELDS];
	bool seen[MAX_FIELDS] = {false}, have[MAX_FIELDS] = {false};
	size_t n = 0, keys = 0;
	struct doc_event k, v;
	while (doc_events_next(x->e, &k) && k.type != DOC_EV_END) {
		const struct field *f = k.type == DOC_EV_SCALAR
			? schema_record_field(rc, keys, k.text) : NULL;
		size_t fi = f ? (size_t)(f - b->fields) : 0;
		/* Unknown, twice (a key twice is the same field), too many. */
		if (!f || seen[fi] || ++keys > x->lim->keys ||
		    !doc_events_next(x->e, &v))
			return false;
		seen[fi] = true;
		if (ik && ik->part[fi])
			keep_ident_text(x, ik, fi, &v);
		bool none;
		if (!read_value(x, f, &v, depth + 1, &rec[n].v, &none))
			return false;
		if (none)
			continue;
		rec[n++].key = f->name;
		have[fi] = true;
	}
	return k.type == DOC_EV_END &&
	       finish_record(x, b, rec, n, keys, have, out);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* This entry's key of each identity, joined as schema.c joins them. */
static void add_ident_keys(struct sctx *x, const struct block *b,
			   struct idkeys *ik)
{
	for (size_t u = 0, p = 0; u < b->nunique; u++) {
		const struct ident *id = &b->unique[u];
		size_t total = 1;
		bool any = false;
		for (size_t f = 0; f < id->n; f++) {
			size_t fi = ik->where[p + f];
			const char *t = fi ? ik->text[fi - 1] : NULL;
			total += (t ? ik->len[fi - 1] : 0) + 1;
			any = any || t;
		}
		if (any) {
			char *key = arena_alloc(x->scratch, total), *q = key;
			for (size_t f = 0; f < id->n; f++) {
				size_t fi = ik->where[p + f];
				if (fi && ik->text[fi - 1]) {
					memcpy(q, ik->text[fi - 1], ik->len[fi - 1]);
					q += ik->len[fi - 1];
				}
				*q++ = '\x1f';
			}
			*q = '\0';
			ik->keys[u * ik->cap + ik->n[u]++] = key;
		}
		p += id->n;
	}
}

/* Two entries with one identity: schema.c's message (DM_DUP_ENTRY). */
static bool ident_repeats(const struct block *b, struct idkeys *ik)
{
	for (size_t u = 0; u < b->nunique; u++) {
		const char **k = ik->keys + u * ik->cap;
		qsort(k, ik->n[u], sizeof *k, cmp_key);
		for (size_t i = 1; i < ik->n[u]; i++)
			if (strcmp(k[i], k[i - 1]) == 0)
				return true;
	}
	return false;
}

/* parts: the identities' fields in all, at most MAX_FIELDS (read_ledger). */
static void ident_init(struct idkeys *ik, const struct block *b, size_t parts,
		       size_t cap)
{
	memset(ik->part, 0, sizeof ik->part);
	ik->cap = cap;
	ik->keys = xcalloc(b->nunique * cap + 1, sizeof *ik->keys);
	ik->n = xcalloc(b->nunique + 1, sizeof *ik->n);
	ik->nparts = parts;
	for (size_t u = 0, p = 0; u < b->nunique; u++)
		for (size_t f = 0; f < b->unique[u].n; f++, p++) {
			const struct field *fd = schema_field(b, b->unique[u].fields[f]);
			ik->where[p] = fd ? (size_t)(fd - b->fields) + 1 : 0;
			if (fd)
				ik->part[fd - b->fields] = true;
		}
}

/* Entry i's place, the room doubled when the ledger outgrows it (the
 * identities' keys too, which have a place per entry). */
static struct value *entry_slot(struct sctx *x, size_t i, struct idkeys *ik,
				size_t nunique)
{
	if (i == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		x->items = xrealloc(x->items, cap * sizeof *x->items);
		if (ik) {
			const char **keys = xcalloc(nunique * cap + 1, sizeof *keys);
			for (size_t u = 0; u < nunique; u++)
				memcpy(keys + u * cap, ik->keys + u * ik->cap,
				       ik->n[u] * sizeof *keys);
			free(ik->keys);
			ik->keys = keys;
			ik->cap = cap;
		}
		x->cap = cap;
	}
	return &x->items[i];
}

static bool read_entries(struct sctx *x, const struct block *b,
			 struct idkeys *ik, size_t *n)
{
	struct doc_event ev;
	*n = 0;
	while (doc_events_next(x->e, &ev) && ev.type != DOC_EV_END) {
		/* An entry that is not a mapping is schema.c's message. */
		if (ev.type != DOC_EV_MAP || *n + 1 > x->lim->items)
			return false;
		for (size_t p = 0; ik && p < ik->nparts; p++)
			if (ik->where[p])
				ik->text[ik->where[p] - 1] = NULL;
		struct value *item = entry_slot(x, *n, ik, b->nunique);
		if (!read_record(x, b, &ev, 2, item, ik))
			return false;
		item->absent_is_null = true;
		++*n;
		if (ik)
			add_ident_keys(x, b, ik);
	}
	return ev.type == DOC_EV_END;
}

/* A ledger whose list starts at start (read). */
static bool read_ledger(struct sctx *x, const struct block *b,
			const struct doc_event *start, struct value *out)
{
	size_t parts = 0;
	for (size_t u = 0; u < b->nunique; u++)
		parts += b->unique[u].n;
	if (parts > MAX_FIELDS)
		return false;
	struct idkeys ik;
	if (b->nunique)
		ident_init(&ik, b, parts, x->cap);
	size_t n;
	bool ok = read_entries(x, b, b->nunique ? &ik : NULL, &n) &&
		  !(b->nunique && ident_repeats(b, &ik));
	if (b->nunique) {
		free(ik.keys);
		free(ik.n);
	}
	*out = (struct value){.type = V_LIST, .line = start->line, .col = start->col};
	out->items = arena_alloc(x->c.a, (n + 1) * sizeof *out->items);
	if (n) /* an empty ledger has no buffer yet */
		memcpy(out->items, x->items, n * sizeof *out->items);
	out->n = n;
	return ok;
}

/* A block's value, v its first event (read): a record's mapping and a
 * ledger's list on this road, anything else as nodes. */
static bool read_block(struct sctx *x, const struct block *b,
		       const struct doc_event *v, struct value *out)
{
	if (b->shape == SHAPE_RECORD && v->type == DOC_EV_MAP)
		return read_record(x, b, v, 1, out, NULL);
	if (b->shape == SHAPE_LEDGER && v->type == DOC_EV_SEQ)
		return read_ledger(x, b, v, out);
	if (v->type == DOC_EV_OTHER || v->type == DOC_EV_END)
		return false;
	const struct node *n = doc_events_node(x->e, x->scratch, 1);
	*out = (struct value){0};
	return n && schema_convert_block(&x->c, b, n, out);
}

/* The header first, as schema_validate reads it; a file that does not
 * begin with it takes the tree's road. */
static bool read_header(struct sctx *x, struct vfield *hdr,
			struct declared_keys (*tier_keys)(const void *, const char *),
			const void *ctx)
{
	const struct block *b = schema_block(x->c.s, "venue");
	struct doc_event k, v;
	if (!b || !doc_events_next(x->e, &k) || k.type != DOC_EV_SCALAR ||
	    strcmp(k.text, "venue") != 0 || !doc_events_next(x->e, &v) ||
	    v.type != DOC_EV_MAP || !read_record(x, b, &v, 1, &hdr->v, NULL))
		return false;
	hdr->key = "venue";
	/* The year's node is only for a message, which ends this road. */
	return schema_header_read(&x->c, &hdr->v, NULL, tier_keys, ctx);
}

/* The root's blocks after the header, each once, into out (room for
 * every block); the waivers as nodes. */
static bool read_blocks(struct sctx *x, struct vfield *out, size_t *n,
			size_t *keys, const struct node **waivers)
{
	const struct schema *s = x->c.s;
	bool seen[MAX_FIELDS] = {false};
	struct doc_event k, v;
	while (doc_events_next(x->e, &k) && k.type != DOC_EV_END) {
		const struct block *b = k.type == DOC_EV_SCALAR ? schema_block(s, k.text) : NULL;
		size_t bi = b ? (size_t)(b - s->blocks) : 0;
		bool waiver = !b && k.type == DOC_EV_SCALAR &&
			      strcmp(k.text, SCHEMA_WAIVERS) == 0;
		if ((!b && !waiver) || (b && (seen[bi] || strcmp(b->name, "venue") == 0)) ||
		    ++*keys > x->lim->keys || !doc_events_next(x->e, &v))
			return false;
		if (waiver) {
			if (*waivers)
				return false;
			*waivers = doc_events_node(x->e, x->scratch, 1);
			if (!*waivers)
				return false;
			continue;
		}
		seen[bi] = true;
		out[*n].key = b->name;
		if (!read_block(x, b, &v, &out[*n].v))
			return false;
		++*n;
	}
	return k.type == DOC_EV_END;
}

static bool read_root(struct sctx *x,
		      struct declared_keys (*tier_keys)(const void *, const char *),
		      const void *ctx, struct value *out,
		      const struct node **waivers)
{
	const struct schema *s = x->c.s;
	if (s->nblocks > MAX_FIELDS)
		return false;
	struct vfield *f = arena_alloc(x->scratch, (s->nblocks + 1) * sizeof *f);
	size_t n = 1, keys = 1;
	if (!read_header(x, &f[0], tier_keys, ctx) ||
	    !read_blocks(x, f, &n, &keys, waivers))
		return false;
	*out = (struct value){.type = V_MAP}; /* the root has no position */
	out->fields = arena_alloc(x->c.a, (keys + 1) * sizeof *out->fields);
	memcpy(out->fields, f, n * sizeof *f);
	out->n = n;
	return true;
}

bool schema_stream(const struct schema *s, struct arena *a,
		   struct arena *scratch, const char *buf, size_t len,
		   const struct doc_limits *lim, const char *file,
		   struct declared_keys (*tier_keys)(const void *ctx,
						     const char *tier),
		   const void *ctx, const struct value **out,
		   const struct node **waivers, struct diags *d)
{
	struct sctx x = {.c = {.s = s->valid ? s->valid : s, .a = a, .file = file},
			 .scratch = scratch,
			 .lim = lim ? lim : &doc_default_limits};
	diag_init(&x.quiet);
	x.c.d = &x.quiet;
	*waivers = NULL;
	struct doc_event root;
	x.e = doc_events_open(buf, len, x.lim, &root);
	struct value *v = arena_alloc(a, sizeof *v);
	bool ok = x.e && read_root(&x, tier_keys, ctx, v, waivers);
	ok = doc_events_close(x.e) && ok && x.quiet.n == 0;
	free(x.items);
	diag_free(&x.quiet);
	if (!ok) {
		*waivers = NULL;
		return false;
	}
	x.c.d = d;
	*out = schema_check_whole(&x.c, v) ? v : NULL;
	return true;
}
