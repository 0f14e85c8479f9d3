/* venue.c - load a venue data file: YAML to typed values under the pack's
 * data format (straight from libyaml's events, schema_stream.c, or through
 * a tree of nodes, doc.c and schema.c, when the file has problems to name),
 * then the header fields the engine needs pulled out for convenience. */
#include "venue.h"

#include <stdlib.h>
#include <string.h>

#include "bookread.h"
#include "bytes.h"
#include "proj.h"
#include "waiver.h"
#include "xlsxread.h"
#include "xalloc.h"


static struct venue *new_venue(const char *name)
{
	struct venue *v = xcalloc(1, sizeof *v);
	v->arena = xmalloc(sizeof *v->arena);
	arena_init(v->arena);
	v->path = arena_strdup(v->arena, name);
	return v;
}

static const char *header_text(const struct value *hdr, const char *key)
{
	const struct value *f = value_get(hdr, key);
	return f && f->type == V_STR ? f->u.str : NULL;
}

static void set_header(struct venue *v);

/* The header of the values made, and the waivers (read before the nodes
 * go; they copy what they keep).  False after errors. */
static bool with_header(const struct pack *p, struct venue *v,
			const struct node *waivers, struct diags *d)
{
	if (!v->root)
		return false;
	set_header(v);
	return waiver_block(p, waivers, v->id, v->tier, v->path, v->arena,
			    &v->waivers, &v->nwaivers, d);
}

/* Typed values from the nodes, then the header and the waivers. */
static bool validate(const struct pack *p, struct venue *v,
		     const struct node *root, struct diags *d)
{
	if (root)
		v->root = schema_validate(&p->schema, v->arena, root, v->path,
					  pack_declared_keys, p, d);
	return with_header(p, v, doc_get(root, SCHEMA_WAIVERS), d);
}

/* A YAML file's bytes: straight from libyaml's events when nothing in it
 * needs a message (schema_stream, no tree), else through the tree, which
 * says what is wrong: the same values and messages either way. */
static bool validate_text(const struct pack *p, struct venue *v,
			  const char *buf, size_t len,
			  const struct doc_limits *lim, struct arena *scratch,
			  struct diags *d)
{
	const struct node *waivers;
	if (schema_stream(&p->schema, v->arena, scratch, buf, len, lim, v->path,
			  pack_declared_keys, p, &v->root, &waivers, d))
		return with_header(p, v, waivers, d);
	return validate(p, v, doc_load_string(scratch, v->path, buf, len, lim, d), d);
}

/* The YAML nodes live in their own arena, freed as soon as the file is
 * validated: a batch keeps every venue's values until its system clauses
 * are judged, and the nodes would more than double that. */
static struct venue *finish(struct venue *v, struct arena *nodes, bool ok)
{
	arena_reset(nodes);
	if (!ok) {
		venue_free(v);
		return NULL;
	}
	return v;
}

/* A workbook's sheet names outlive its nodes: later messages name cells. */
static void keep_sheets(struct venue *v, const struct book_sheets *sh)
{
	v->sheets = arena_alloc(v->arena, sizeof *v->sheets);
	book_sheets_copy(v->sheets, sh, v->arena);
	v->book = true;
}

/* A workbook is read into nodes as YAML is; its positions are then named
 * as cells while the sheet names are at hand.  A cell the schema never
 * sees (an unknown column, a formula's error) makes it invalid too. */
static struct venue *load_book(const struct pack *p, struct venue *v,
			       const struct doc_limits *lim,
			       struct arena *scratch, struct diags *d)
{
	size_t first = d->n, errors = d->errors;
	struct book_sheets sh = {0};
	struct node *root = bookread_load(&p->schema, scratch, v->path, lim, &sh, d);
	keep_sheets(v, &sh);
	bool ok = validate(p, v, root, d) && d->errors == errors;
	book_locate(&sh, v->path, d, first);
	return finish(v, scratch, ok);
}

struct venue *venue_load_in(const struct pack *p, const char *path,
			    const struct doc_limits *lim, struct arena *scratch,
			    struct diags *d)
{
	struct venue *v = new_venue(path);
	if (xlsxread_is_workbook(path))
		return load_book(p, v, lim, scratch, d);
	size_t len;
	char *buf = doc_read_file(path, (lim ? lim : &doc_default_limits)->bytes,
				  &len, d);
	bool ok = buf && validate_text(p, v, buf, len, lim, scratch, d);
	free(buf);
	return finish(v, scratch, ok);
}

struct venue *venue_load(const struct pack *p, const char *path,
			 const struct doc_limits *lim, struct diags *d)
{
	struct arena nodes;
	arena_init(&nodes);
	struct venue *v = venue_load_in(p, path, lim, &nodes, d);
	arena_free(&nodes);
	return v;
}

struct venue *venue_load_string(const struct pack *p, const char *name,
				const char *buf, size_t len, struct diags *d)
{
	struct venue *v = new_venue(name);
	struct arena nodes;
	arena_init(&nodes);
	v = finish(v, &nodes, validate_text(p, v, buf, len, NULL, &nodes, d));
	arena_free(&nodes);
	return v;
}

static struct venue_pos pos_of(const struct value *v)
{
	return v ? (struct venue_pos){v->line, v->col} : (struct venue_pos){0, 0};
}

/* The header's fields and where they are, from root. */
static void set_header_from(struct venue *v, const struct value *root)
{
	const struct value *hdr = value_get(root, "venue");
	v->at_header = pos_of(hdr);
	v->id = header_text(hdr, "id");
	v->name = header_text(hdr, "name");
	v->tier = header_text(hdr, "tier");
	v->parent = header_text(hdr, "parent");
	const struct value *y = value_get(hdr, "year");
	v->year = y ? (int)y->u.num : 0;
}

static void set_header(struct venue *v)
{
	set_header_from(v, v->root);
}

/* Whether venues of tier keep projection j (see struct pack_proj). */
static bool keeps(const struct pack *p, const struct pack_proj *j,
		  const char *tier)
{
	const struct tier *t = pack_tier(p, j->kind == PROJ_CHILD ? tier : j->tier);
	const char *other = j->kind == PROJ_CHILD ? j->tier : tier;
	return t && t->parent && strcmp(t->parent, other) == 0;
}

/* The projections of the linked rules that read venues of v's tier,
 * worked out from v's whole file, as fields of root. */
static void add_projections(const struct venue *v, const struct pack *p,
			    struct value *root, struct arena *a)
{
	struct arena scratch;
	arena_init(&scratch);
	for (size_t k = 0; k < p->nproj; k++) {
		const struct pack_proj *j = &p->proj[k];
		if (!v->tier || !keeps(p, j, v->tier))
			continue;
		struct eval r = expr_eval_projection(j->e, v->root, &scratch);
		root->fields[root->n++] = (struct vfield){
			.key = j->key, .v = proj_encode(a, &r)};
	}
	arena_free(&scratch);
}

/* The pack's copy of key when a pruned venue keeps its block, else NULL. */
static const char *kept_key(const char *key, const char *const *keep,
			    size_t nkeep)
{
	for (size_t k = 0; k < nkeep; k++)
		if (!strcmp(key, keep[k]))
			return keep[k];
	return NULL;
}

/* The blocks v keeps, each with only the fields read, and the answers
 * of the projections (from field *first_proj on), in a. */
static struct value *pruned_root(const struct venue *v, const struct pack *p,
				 struct arena *a, size_t *first_proj)
{
	const struct tier *t = v->tier ? pack_tier(p, v->tier) : NULL;
	const char *const *keep = t ? t->keep : p->keep;
	size_t nkeep = t ? t->nkeep : p->nkeep;
	struct value *root = arena_alloc(a, sizeof *root);
	*root = *v->root;
	root->fields = arena_alloc(a, (v->root->n + p->nproj + 1) * sizeof *root->fields);
	root->n = 0;
	for (size_t i = 0; i < v->root->n; i++) {
		const struct vfield *f = &v->root->fields[i];
		const char *key = kept_key(f->key, keep, nkeep);
		if (!key)
			continue;
		root->fields[root->n].key = key;
		root->fields[root->n++].v = value_copy_fields(a, &f->v,
			t ? t->keep_fields : p->keep_fields,
			t ? t->nkeep_fields : p->nkeep_fields);
	}
	*first_proj = root->n;
	add_projections(v, p, root, a);
	return root;
}

/* What a streamed batch keeps of a venue in memory (venue_split): of
 * its header, what the tree and the batch read (id, tier, parent, year)
 * and its name when it can be a parent (the spreadsheet names its
 * groups, a roll-up its top); then its projections' answers, which are
 * all that other venues' rules read of it (pack.h: else keep_all). */
static const char *const hot_keys[] = {"id", "tier", "parent", "year", "name"};
enum { NHOT_UNNAMED = 4, NHOT = 5 };

static bool is_hot(const char *key, bool named)
{
	for (size_t k = 0; k < (named ? NHOT : NHOT_UNNAMED); k++)
		if (!strcmp(key, hot_keys[k]))
			return true;
	return false;
}

static struct value hot_header(const struct value *hdr, bool named,
			       struct arena *a)
{
	if (hdr->type != V_MAP)
		return *hdr;
	struct value h = *hdr;
	h.fields = arena_alloc(a, (hdr->n + 1) * sizeof *h.fields);
	h.n = 0;
	for (size_t i = 0; i < hdr->n; i++)
		if (is_hot(hdr->fields[i].key, named))
			h.fields[h.n++] = hdr->fields[i];
	return h;
}

/* full's (pruned_root's) header, as above, and its projections. */
static struct value *hot_root(const struct value *full, size_t first_proj,
			      bool named, struct arena *a)
{
	struct value *root = arena_alloc(a, sizeof *root);
	*root = *full;
	root->fields = arena_alloc(a, (full->n + 1) * sizeof *root->fields);
	root->n = 0;
	bool header = false; /* the first, as value_get finds it */
	for (size_t i = 0; i < full->n; i++) {
		const struct vfield *f = &full->fields[i];
		if (i >= first_proj)
			root->fields[root->n++] = *f;
		else if (!header && !strcmp(f->key, "venue")) {
			root->fields[root->n++] =
				(struct vfield){.key = f->key, .v = hot_header(&f->v, named, a)};
			header = true;
		}
	}
	return root;
}

/* The header fields a struct venue names, as value_decode_pick reads
 * them from kept bytes. */
static const char *const header_keys[] = {"id", "name", "tier", "parent", "year"};
enum { H_ID, H_NAME, H_TIER, H_PARENT, H_YEAR, NHEADER };

static const char *picked_text(const struct value *f, bool found)
{
	return found && f->type == V_STR ? f->u.str : NULL;
}

/* v's header from its kept bytes, as set_header_from reads it from the
 * decoded values, without decoding them: a view is made of it for every
 * venue of a streamed batch more than once. */
static void header_from_bytes(struct venue *v)
{
	struct bytes_cur c = {.p = v->kept, .end = v->kept + v->nkept};
	struct value hdr, f[NHEADER];
	bool found[NHEADER];
	value_decode_pick(&c, v->dict, "venue", header_keys, NHEADER, &hdr, f, found);
	v->at_header = (struct venue_pos){hdr.line, hdr.col};
	v->id = picked_text(&f[H_ID], found[H_ID]);
	v->name = picked_text(&f[H_NAME], found[H_NAME]);
	v->tier = picked_text(&f[H_TIER], found[H_TIER]);
	v->parent = picked_text(&f[H_PARENT], found[H_PARENT]);
	v->year = found[H_YEAR] && f[H_YEAR].type == V_NUM ? (int)f[H_YEAR].u.num : 0;
}

/* root as bytes, with dict's keys, into a (unaligned: they are read a
 * byte at a time, so none is rounded up). */
static const unsigned char *encode_into(const struct value *root,
					const struct value_dict *dict,
					struct arena *a, uint32_t *n)
{
	struct bytes b = {0};
	value_encode(&b, root, dict);
	unsigned char *kept = arena_bytes(a, b.n);
	memcpy(kept, b.p, b.n);
	*n = (uint32_t)b.n; /* a file's values: far below 4 GB (doc.h limits) */
	bytes_free(&b);
	return kept;
}

/* What is kept is written as bytes into a; the header's strings then
 * point into them (read back once to find them). */
static void freeze(struct venue *v, const struct value *root,
		   const struct pack *p, struct arena *a)
{
	v->dict = &p->keys;
	v->kept = encode_into(root, v->dict, a, &v->nkept);
	v->root = NULL;
	header_from_bytes(v);
}

struct venue *venue_prune(struct venue *v, const struct pack *p,
			  struct arena *into, const char *path)
{
	if (p->keep_all)
		return v;
	struct arena tmp;
	arena_init(&tmp);
	struct venue *k = v;
	struct arena *a = into;
	if (!into) {
		a = xmalloc(sizeof *a);
		arena_init_flat(a, 1024);
	} else {
		k = arena_alloc(into, sizeof *k);
		*k = *v;
	}
	size_t first_proj;
	freeze(k, pruned_root(v, p, &tmp, &first_proj), p, a);
	arena_free(&tmp);
	k->path = path ? path : arena_strdup(a, v->path);
	k->waivers = waiver_copy(a, v->waivers, v->nwaivers, k->path);
	k->sheets = NULL; /* the batch keeps its own */
	arena_free(v->arena);
	free(v->arena);
	k->arena = into ? NULL : a;
	if (into)
		free(v);
	return k;
}

/* A reference's bytes start with (n << 2 | REF_WHOLE | REF_BOOK) as a
 * varint; then n bytes of values (venue_split's), or, whole, the
 * venue's pointer.  The head of most villages' is one byte. */
enum { REF_BOOK = 1, REF_WHOLE = 2, REF_SHIFT = 2 };

static uint64_t ref_head(struct venue_ref r, const unsigned char **body)
{
	/* Our own bytes: the varint ends within them, so no bound is known
	 * or needed beyond its ten bytes at most. */
	struct bytes_cur c = {.p = r.p, .end = r.p + 10};
	uint64_t h = bytes_get_u(&c);
	*body = c.p;
	return h;
}

/* A reference of head h and n bytes of body, written into a. */
static struct venue_ref make_ref(uint64_t h, const void *body, size_t n,
				 struct arena *a)
{
	struct bytes b = {0};
	bytes_put_u(&b, h);
	bytes_put(&b, body, n);
	unsigned char *p = arena_bytes(a, b.n);
	memcpy(p, b.p, b.n);
	bytes_free(&b);
	return (struct venue_ref){p};
}

struct venue_ref venue_prune_ref(struct venue *v, const struct pack *p,
				 struct arena *into)
{
	const struct venue *k = venue_prune(v, p, into, NULL);
	return make_ref(REF_WHOLE, &k, sizeof k, into);
}

struct venue_ref venue_split(const struct venue *v, const struct pack *p,
			     struct arena *into, struct bytes *cold)
{
	if (p->keep_all || v->nwaivers) /* more than the bytes hold */
		return (struct venue_ref){0};
	struct arena tmp;
	arena_init(&tmp);
	size_t first_proj;
	const struct value *full = pruned_root(v, p, &tmp, &first_proj);
	value_encode(cold, full, &p->keys);
	const struct tier *t = v->tier ? pack_tier(p, v->tier) : NULL;
	const struct value *hot = hot_root(full, first_proj, t && t->has_under, &tmp);
	struct bytes b = {0};
	value_encode(&b, hot, &p->hot);
	struct venue_ref r = make_ref((uint64_t)b.n << REF_SHIFT | (v->book ? REF_BOOK : 0),
				      b.p, b.n, into);
	bytes_free(&b);
	arena_free(&tmp);
	return r;
}

bool venue_ref_whole(struct venue_ref r)
{
	const unsigned char *body;
	return r.p && (ref_head(r, &body) & REF_WHOLE);
}

/* The whole venue r points at (venue_ref_whole). */
static struct venue *ref_venue(struct venue_ref r)
{
	const unsigned char *body;
	(void)ref_head(r, &body);
	struct venue *k;
	memcpy(&k, body, sizeof k);
	return k;
}

/* A view of bytes written with dict. */
static const struct venue *view_of(const unsigned char *bytes, size_t n,
				   const struct value_dict *dict,
				   const char *path, bool book,
				   struct venue *out)
{
	*out = (struct venue){.path = path, .nkept = (uint32_t)n, .kept = bytes,
			      .dict = dict, .book = book};
	header_from_bytes(out);
	return out;
}

const struct venue *venue_view(struct venue_ref r, const struct pack *p,
			       const char *path, struct venue *out)
{
	if (!r.p)
		return NULL;
	const unsigned char *body;
	uint64_t h = ref_head(r, &body);
	if (h & REF_WHOLE)
		return ref_venue(r);
	return view_of(body, (size_t)(h >> REF_SHIFT), &p->hot, path,
		       h & REF_BOOK, out);
}

const struct venue *venue_view_whole(const unsigned char *bytes, size_t n,
				     const struct pack *p, const char *path,
				     bool book, struct venue *out)
{
	return view_of(bytes, n, &p->keys, path, book, out);
}

void venue_ref_free(struct venue_ref *r)
{
	if (venue_ref_whole(*r))
		venue_free(ref_venue(*r)); /* ours: made by venue_prune_ref */
	*r = (struct venue_ref){0};
}

const struct value *venue_root(const struct venue *v, struct arena *a)
{
	if (v->root || !v->kept)
		return v->root;
	struct bytes_cur c = {.p = v->kept, .end = v->kept + v->nkept};
	struct value *root = arena_alloc(a, sizeof *root);
	return value_decode(&c, a, v->dict, root) && c.p == c.end ? root : NULL;
}

void venue_free(struct venue *v)
{
	if (!v || !v->arena)
		return; /* moved into a batch's arena: freed with it */
	arena_free(v->arena);
	free(v->arena);
	free(v);
}

struct venue_pos venue_header_pos(const struct venue *v, const char *key)
{
	if (!v->root && v->kept) { /* read in place: no decoding */
		struct bytes_cur c = {.p = v->kept, .end = v->kept + v->nkept};
		struct value hdr, f;
		bool found;
		value_decode_pick(&c, v->dict, "venue", &key, 1, &hdr, &f, &found);
		return found ? pos_of(&f) : (struct venue_pos){0, 0};
	}
	struct arena a;
	arena_init(&a);
	const struct value *root = venue_root(v, &a);
	struct venue_pos at = pos_of(value_get(value_get(root, "venue"), key));
	arena_free(&a);
	return at;
}
