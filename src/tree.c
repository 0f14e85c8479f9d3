/* tree.c - linking a batch into its hierarchy.  Venues are found by id
 * through a hash index, so a province-sized batch links in linear time. */
#include "tree.h"

#include "hashidx.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1) /* what the hash index finds for no venue */

/* Venue i as the tree reads it (tree_src): the venue itself, or a view
 * made in buf. */
static const struct venue *tv(const struct tree *t, size_t i, struct venue_buf *buf)
{
	return t->src.view(t->src.ctx, i, buf);
}

static bool has(const struct tree *t, size_t i)
{
	return t->src.has(t->src.ctx, i);
}

/* While the tree is built: each venue's id and tier (NULL id: none),
 * read once, so that the index and the links do not make a view of a
 * venue at every look (16 bytes a venue, let go once linked; the parent
 * is read again where it is linked, not kept: the build is the batch's
 * peak of memory). */
struct hdr {
	const char *id, *tier;
};

/* The batch's venues by id (hashidx.h): ctx is the build's headers. */
static size_t venue_hash(const void *ctx, size_t i)
{
	return hashidx_hash((*(const struct hdr *const *)ctx)[i].id);
}

static bool venue_is(const void *ctx, size_t i, const void *id)
{
	return strcmp((*(const struct hdr *const *)ctx)[i].id, id) == 0;
}

static size_t index_find(const struct hashidx *ix, const char *id)
{
	return hashidx_find(ix, hashidx_hash(id), id);
}

struct venue_pos tree_src_pos(const struct tree_src *src, size_t i,
			      const char *key)
{
	struct arena a;
	arena_init(&a);
	struct venue_buf buf;
	const struct venue *v = src->whole(src->ctx, i, &buf, &a);
	struct venue_pos at = v ? venue_header_pos(v, key) : (struct venue_pos){0, 0};
	arena_free(&a);
	return at;
}

static struct venue_pos header_pos(const struct tree *t, size_t i,
				   const char *key)
{
	return tree_src_pos(&t->src, i, key);
}

/* File i's problems, made when the first is added (see tree_diags). */
static struct diags *file_diags(const struct tree_diags *d, size_t i)
{
	return d->of(d->ctx, i);
}

static void dup_error(const struct tree *t, size_t i, size_t j,
		      struct diags *d)
{
	struct venue_buf bi, bj;
	const struct venue *v = tv(t, i, &bi), *w = tv(t, j, &bj);
	struct venue_pos at = header_pos(t, i, "id");
	diag_addm(d, DM_DUP_VENUE_ID, DIAG_ERROR, v->path, at.line, at.col,
		  v->id, w->path);
}

/* Two files claiming one id: neither can be trusted to be the venue, so
 * both are dropped, each error naming the other file. */
static void dedupe(struct tree *t, struct hdr *h, struct hashidx *ix,
		   const struct tree_diags *diags)
{
	bool *dup = xcalloc(t->n + 1, sizeof *dup), any = false;
	hashidx_reserve(ix, t->n); /* one table, never doubled (the peak) */
	for (size_t i = 0; i < t->n; i++) {
		if (!h[i].id)
			continue;
		size_t j = index_find(ix, h[i].id);
		if (j == NONE) {
			hashidx_add(ix, i);
			continue;
		}
		dup_error(t, i, j, file_diags(diags, i));
		if (!dup[j])
			dup_error(t, j, i, file_diags(diags, j));
		dup[i] = dup[j] = any = true;
	}
	/* Drop them only now: the index still points at the first of each,
	 * and is made again without them (with none, it is the same). */
	for (size_t i = 0; any && i < t->n; i++)
		if (dup[i]) {
			t->src.drop(t->src.ctx, i);
			h[i].id = NULL;
		}
	free(dup);
	if (!any)
		return;
	hashidx_free(ix);
	hashidx_reserve(ix, t->n);
	for (size_t i = 0; i < t->n; i++)
		if (h[i].id)
			hashidx_add(ix, i);
}

static bool tier_present(const struct tree *t, const char *tier)
{
	for (size_t i = 0; i < t->ntiers; i++)
		if (strcmp(t->tiers[i], tier) == 0)
			return true;
	return false;
}

/* The tiers that occur in the batch, computed once. */
static void note_tiers(struct tree *t, const struct hdr *h)
{
	for (size_t i = 0; i < t->n; i++)
		if (h[i].id && !tier_present(t, h[i].tier) &&
		    t->ntiers < sizeof t->tiers / sizeof t->tiers[0])
			t->tiers[t->ntiers++] = h[i].tier;
}

static void link_parent(struct tree *t, const struct pack *p,
			const struct hdr *h, const struct hashidx *ix, size_t i,
			const struct tree_opts *o, const struct tree_diags *diags)
{
	struct venue_buf buf, pbuf;
	const struct venue *v = tv(t, i, &buf);
	const struct tier *tier = pack_tier(p, h[i].tier);
	if (!v->parent)
		return;
	size_t j = index_find(ix, v->parent);
	/* The position only when there is something to say (reading it
	 * back costs a look through the kept values). */
	struct venue_pos at;
	if (j == NONE) {
		/* The top of a batch (a county checked without its city, one
		 * file alone) has its parent outside it by design; a venue
		 * whose parent's tier is in the batch lacks its parent. */
		if (tier && tier->parent && tier_present(t, tier->parent)) {
			at = header_pos(t, i, "parent");
			diag_addm(file_diags(diags, i), DM_PARENT_MISSING, o->complete ? DIAG_ERROR : DIAG_WARNING, v->path,
				  at.line, at.col, v->parent);
		}
		return;
	}
	if (tier && tier->parent && strcmp(h[j].tier, tier->parent) != 0) {
		const struct venue *pv = tv(t, j, &pbuf);
		at = header_pos(t, i, "parent");
		diag_addm(file_diags(diags, i), DM_PARENT_TIER, DIAG_ERROR, v->path, at.line, at.col,
			  v->parent, pv->path, pv->tier, v->tier,
			  tier->parent);
		return;
	}
	t->parent[i] = (uint32_t)j;
}

/* With tiers strictly above each other a cycle cannot pass link_parent, but
 * a pack's tiers are data: walk every chain with a step limit anyway. */
static void find_cycles(struct tree *t, const struct tree_diags *diags)
{
	for (size_t i = 0; i < t->n; i++) {
		if (!has(t, i))
			continue;
		size_t k = i, steps = 0;
		while (k != TREE_NONE && steps <= t->n) {
			k = t->parent[k];
			steps++;
			if (k == i) {
				struct venue_buf buf;
				const struct venue *v = tv(t, i, &buf);
				struct venue_pos at = header_pos(t, i, "parent");
				diag_addm(file_diags(diags, i), DM_PARENT_CYCLE, DIAG_ERROR, v->path,
					  at.line, at.col, v->id);
				t->parent[i] = TREE_NONE;
				break;
			}
		}
	}
}

/* Each venue's children in input order, found through a counting sort,
 * not a scan: first[i] .. first[i + 1] index kids. */
static void index_children(struct tree *t)
{
	t->first = xcalloc(t->n + 2, sizeof *t->first);
	t->kids = xcalloc(t->n + 1, sizeof *t->kids);
	uint32_t *start = t->first;
	for (size_t j = 0; j < t->n; j++)
		if (t->parent[j] != TREE_NONE)
			start[t->parent[j] + 2]++;
	for (size_t i = 2; i < t->n + 2; i++)
		start[i] += start[i - 1];
	for (size_t j = 0; j < t->n; j++)
		if (t->parent[j] != TREE_NONE)
			t->kids[start[t->parent[j] + 1]++] = (uint32_t)j;
	/* now first[i] .. first[i + 1] are i's children */
}

size_t tree_parent(const struct tree *t, size_t i)
{
	return t->parent[i] == TREE_NONE ? (size_t)-1 : t->parent[i];
}

size_t tree_nchildren(const struct tree *t, size_t i)
{
	return t->first ? t->first[i + 1] - t->first[i] : 0;
}

/* How many fields the tree adds to i's root. */
static size_t links_of(const struct tree *t, size_t i)
{
	return 1 + (t->parent[i] != TREE_NONE) + t->complete;
}

/* r with room for i's links, its own fields copied. */
static struct value with_room(const struct tree *t, size_t i,
			      const struct value *r, struct arena *a)
{
	struct value root = r ? *r : (struct value){.type = V_MAP};
	struct vfield *f = arena_alloc(a, (root.n + links_of(t, i)) * sizeof *f);
	if (root.n)
		memcpy(f, root.fields, root.n * sizeof *f);
	root.fields = f;
	return root;
}

/* Append i's links to root (which has the room), children and parent
 * taken from kid(ctx, j) for each venue j. */
static void add_links(const struct tree *t, size_t i, struct value *root,
		      struct value (*kid)(void *ctx, size_t j), void *ctx,
		      struct arena *a)
{
	struct value kids = {.type = V_LIST, .n = tree_nchildren(t, i)};
	kids.items = kids.n ? arena_alloc(a, kids.n * sizeof *kids.items)
			    : NULL; /* most venues have none */
	for (size_t k = 0; k < kids.n; k++)
		kids.items[k] = kid(ctx, t->kids[t->first[i] + k]);
	root->fields[root->n++] = (struct vfield){.key = "children", .v = kids};
	if (t->parent[i] != TREE_NONE)
		root->fields[root->n++] = (struct vfield){
			.key = "parent", .v = kid(ctx, t->parent[i])};
	if (t->complete)
		root->fields[root->n++] = (struct vfield){
			.key = EXPR_COMPLETE, .v = value_bool(true)};
}

/* keep_all: every root with its links, built once.  Each root's room is
 * made before any is linked, so the copies in children and parent share
 * fields and count with the venue's own, and each has its links too. */
static struct value linked_kid(void *ctx, size_t j)
{
	const struct tree *t = ctx;
	struct value r = t->roots[j];
	r.n += links_of(t, j);
	return r;
}

static void link_all(struct tree *t)
{
	t->roots = arena_alloc(&t->arena, (t->n + 1) * sizeof *t->roots);
	struct venue_buf buf;
	for (size_t i = 0; i < t->n; i++)
		if (has(t, i))
			t->roots[i] = with_room(t, i, venue_root(tv(t, i, &buf), &t->arena),
						&t->arena);
	/* Links written into each root's fields while every count is still
	 * its own (linked_kid adds the links), then the counts made whole. */
	for (size_t i = 0; i < t->n; i++) {
		struct value r = t->roots[i];
		if (has(t, i))
			add_links(t, i, &r, linked_kid, t, &t->arena);
	}
	for (size_t i = 0; i < t->n; i++)
		if (has(t, i))
			t->roots[i].n += links_of(t, i);
}

struct kid_ctx {
	const struct tree *t;
	struct arena *a;
};

/* A child's or the parent's root, without links of its own: what a
 * pruned venue keeps is all another venue's rules read of it (pack.h). */
static struct value plain_kid(void *ctx, size_t j)
{
	struct kid_ctx *k = ctx;
	struct venue_buf buf;
	const struct value *r = venue_root(tv(k->t, j, &buf), k->a);
	return r ? *r : (struct value){.type = V_MAP};
}

const struct value *tree_root(const struct tree *t, size_t i,
			      const struct venue *own, struct arena *a)
{
	if (t->roots)
		return &t->roots[i];
	if (!t->first) /* let go of (tree_drop_children): not a root without them */
		return NULL;
	struct venue_buf buf;
	const struct value *r = venue_root(own ? own : tv(t, i, &buf), a);
	if (!r)
		return NULL;
	struct value *root = arena_alloc(a, sizeof *root);
	*root = with_room(t, i, r, a);
	struct kid_ctx k = {t, a};
	add_links(t, i, root, plain_kid, &k, a);
	return root;
}

/* Each entry of venue i's ledgers that list venues (a town's villages:),
 * with its id (NULL when it has none) and name. */
typedef void listed_fn(void *ctx, const struct block *blk,
		       const struct value *e, const struct value *id,
		       const char *name);

static void each_listed(const struct tree *t, const struct pack *p, size_t i,
			listed_fn *fn, void *ctx)
{
	struct arena a;
	arena_init(&a);
	struct venue_buf buf;
	const struct venue *v = t->src.whole(t->src.ctx, i, &buf, &a);
	const struct value *root = v ? venue_root(v, &a) : NULL;
	for (size_t b = 0; root && b < p->schema.nblocks; b++) {
		const struct block *blk = &p->schema.blocks[b];
		const struct value *list = value_get(root, blk->name);
		if (blk->shape != SHAPE_LEDGER || !blk->lists || !list)
			continue;
		for (size_t k = 0; k < list->n; k++) {
			const struct value *e = &list->items[k];
			const struct value *name = value_get(e, "name");
			fn(ctx, blk, e, value_get(e, "id"),
			   name && name->type == V_STR ? name->u.str : NULL);
		}
	}
	arena_free(&a);
}

struct missing_ctx {
	struct tree *t;
	const struct hashidx *ix;
	size_t i;
	const struct tree_diags *diags;
};

static void report_missing(void *ctx, const struct block *blk,
			   const struct value *e, const struct value *id,
			   const char *name)
{
	struct missing_ctx *m = ctx;
	struct venue_buf buf;
	const struct venue *v = tv(m->t, m->i, &buf);
	const char *nm = name ? name : "?";
	if (!id) {
		diag_addm(file_diags(m->diags, m->i), DM_LISTED_NO_ID, DIAG_ERROR,
			  v->path, e->line, e->col, blk->name, nm);
		return;
	}
	size_t j = index_find(m->ix, id->u.str);
	if (j == NONE || m->t->parent[j] != (uint32_t)m->i)
		diag_addm(file_diags(m->diags, m->i), DM_LISTED_MISSING,
			  DIAG_ERROR, v->path, id->line, id->col, blk->lists, nm,
			  id->u.str);
}

/* --complete: every entry of a ledger that lists venues (a town's villages)
 * must have its venue's file in the batch, directly under this venue. */
static void missing_submissions(struct tree *t, const struct pack *p,
				const struct hashidx *ix, size_t i,
				const struct tree_diags *diags)
{
	struct missing_ctx m = {t, ix, i, diags};
	each_listed(t, p, i, report_missing, &m);
}

struct each_ctx {
	const struct tree *t;
	size_t i;
	void (*each)(void *ctx, const char *id, const char *name);
	void *ctx;
};

static bool has_child(const struct tree *t, size_t i, const char *id)
{
	struct venue_buf buf;
	for (size_t k = t->first ? t->first[i] : 0; t->first && k < t->first[i + 1]; k++)
		if (!strcmp(tv(t, t->kids[k], &buf)->id, id))
			return true;
	return false;
}

static void call_missing(void *ctx, const struct block *blk,
			 const struct value *e, const struct value *id,
			 const char *name)
{
	(void)blk;
	(void)e;
	struct each_ctx *c = ctx;
	if (id && id->type == V_STR && !has_child(c->t, c->i, id->u.str))
		c->each(c->ctx, id->u.str, name);
}

void tree_each_missing(const struct tree *t, const struct pack *p, size_t i,
		       void (*each)(void *ctx, const char *id, const char *name),
		       void *ctx)
{
	if (i >= t->n || !has(t, i))
		return;
	struct each_ctx c = {t, i, each, ctx};
	each_listed(t, p, i, call_missing, &c);
}

struct diags *tree_diags_in_array(void *ctx, size_t i)
{
	return (struct diags *)ctx + i;
}

/* tree_build's source: the caller's array. */
static const struct venue *array_view(const void *ctx, size_t i,
				      struct venue_buf *buf)
{
	(void)buf;
	return ((struct venue *const *)ctx)[i];
}

static const struct venue *array_whole(const void *ctx, size_t i,
				       struct venue_buf *buf, struct arena *a)
{
	(void)a;
	return array_view(ctx, i, buf);
}

static bool array_has(const void *ctx, size_t i)
{
	return ((struct venue *const *)ctx)[i] != NULL;
}

static void array_drop(void *ctx, size_t i)
{
	struct venue **v = ctx;
	venue_free(v[i]);
	v[i] = NULL;
}

void tree_build(struct tree *t, const struct pack *p, struct venue **v,
		size_t n, const struct tree_opts *o,
		const struct tree_diags *diags)
{
	struct tree_src src = {array_view, array_whole, array_has, array_drop, v};
	tree_build_src(t, p, &src, n, o, diags);
	t->v = v;
}

static struct hdr *read_headers(const struct tree *t)
{
	struct hdr *h = xcalloc(t->n + 1, sizeof *h);
	struct venue_buf buf;
	for (size_t i = 0; i < t->n; i++) {
		const struct venue *v = tv(t, i, &buf);
		if (v)
			h[i] = (struct hdr){v->id, v->tier};
	}
	return h;
}

void tree_build_src(struct tree *t, const struct pack *p,
		    const struct tree_src *src, size_t n,
		    const struct tree_opts *o, const struct tree_diags *diags)
{
	memset(t, 0, sizeof *t);
	if (n > TREE_MAX) /* batch_add_* never makes one: see tree.h */
		abort();
	arena_init(&t->arena);
	t->n = n;
	t->src = *src;
	t->parent = xmalloc((n + 1) * sizeof *t->parent);
	t->complete = o->complete;
	struct hdr *h = read_headers(t);
	struct hashidx ix;
	hashidx_init(&ix, venue_hash, venue_is, &h);
	for (size_t i = 0; i < n; i++)
		t->parent[i] = TREE_NONE;
	dedupe(t, h, &ix, diags);
	note_tiers(t, h);
	for (size_t i = 0; i < n; i++)
		if (h[i].id)
			link_parent(t, p, h, &ix, i, o, diags);
	find_cycles(t, diags);
	for (size_t i = 0; i < n && o->complete; i++)
		if (h[i].id)
			missing_submissions(t, p, &ix, i, diags);
	/* The index and the headers go before the children's index is
	 * made: they are not needed there, and the build is the peak. */
	hashidx_free(&ix);
	free(h);
	index_children(t);
	if (p->keep_all)
		link_all(t);
}

const struct venue *tree_venue(const struct tree *t, size_t i,
			       struct venue_buf *buf)
{
	return tv(t, i, buf);
}

void tree_drop_children(struct tree *t)
{
	if (t->roots)
		return; /* the roots share their children */
	free(t->first);
	free(t->kids);
	t->first = t->kids = NULL;
}

void tree_free(struct tree *t)
{
	free(t->parent);
	free(t->first);
	free(t->kids);
	arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}
