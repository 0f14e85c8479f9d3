/* tree.c - linking a batch into its hierarchy.  Venues are found by id
 * through a hash index, so a province-sized batch links in linear time. */
#include "tree.h"

#include "hashidx.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

/* The batch's venues by id (hashidx.h): ctx is the tree's venue array. */
static size_t venue_hash(const void *ctx, size_t i)
{
	return hashidx_hash((*(struct venue *const *const *)ctx)[i]->id);
}

static bool venue_is(const void *ctx, size_t i, const void *id)
{
	return strcmp((*(struct venue *const *const *)ctx)[i]->id, id) == 0;
}

static size_t index_find(const struct hashidx *ix, const char *id)
{
	return hashidx_find(ix, hashidx_hash(id), id);
}

/* Position of a header field, for diagnostics. */
static void header_pos(const struct venue *v, const char *key, int *line,
		       int *col)
{
	const struct value *f = value_get(value_get(v->root, "venue"), key);
	*line = f ? f->line : 0;
	*col = f ? f->col : 0;
}

/* Two files claiming one id: neither can be trusted to be the venue, so
 * both are dropped, each error naming the other file. */
static void dedupe(struct tree *t, struct hashidx *ix, struct diags *diags)
{
	bool *dup = xcalloc(t->n + 1, sizeof *dup);
	for (size_t i = 0; i < t->n; i++) {
		struct venue *v = t->v[i];
		if (!v)
			continue;
		size_t j = index_find(ix, v->id);
		if (j == NONE) {
			hashidx_add(ix, i);
			continue;
		}
		int line, col;
		header_pos(v, "id", &line, &col);
		diag_addm(&diags[i], DM_DUP_VENUE_ID, DIAG_ERROR, v->path, line, col,
			  v->id, t->v[j]->path);
		if (!dup[j]) {
			header_pos(t->v[j], "id", &line, &col);
			diag_addm(&diags[j], DM_DUP_VENUE_ID, DIAG_ERROR, t->v[j]->path, line, col,
				  v->id, v->path);
		}
		dup[i] = dup[j] = true;
	}
	/* Drop them only now: the index still points at the first of each. */
	for (size_t i = 0; i < t->n; i++)
		if (dup[i]) {
			venue_free(t->v[i]);
			t->v[i] = NULL;
		}
	hashidx_free(ix);
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i])
			hashidx_add(ix, i);
	free(dup);
}

static bool tier_present(const struct tree *t, const char *tier)
{
	for (size_t i = 0; i < t->ntiers; i++)
		if (strcmp(t->tiers[i], tier) == 0)
			return true;
	return false;
}

/* The tiers that occur in the batch, computed once. */
static void note_tiers(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i] && !tier_present(t, t->v[i]->tier) &&
		    t->ntiers < sizeof t->tiers / sizeof t->tiers[0])
			t->tiers[t->ntiers++] = t->v[i]->tier;
}

static void link_parent(struct tree *t, const struct pack *p,
			const struct hashidx *ix, size_t i,
			const struct tree_opts *o, struct diags *d)
{
	struct venue *v = t->v[i];
	const struct tier *tier = pack_tier(p, v->tier);
	int line, col;
	header_pos(v, "parent", &line, &col);
	if (!v->parent)
		return;
	size_t j = index_find(ix, v->parent);
	if (j == NONE) {
		/* The top of a batch (a county checked without its city, one
		 * file alone) has its parent outside it by design; a venue
		 * whose parent's tier is in the batch lacks its parent. */
		if (tier && tier->parent && tier_present(t, tier->parent))
			diag_addm(d, DM_PARENT_MISSING, o->complete ? DIAG_ERROR : DIAG_WARNING, v->path,
				  line, col, v->parent);
		return;
	}
	if (tier && tier->parent && strcmp(t->v[j]->tier, tier->parent) != 0) {
		diag_addm(d, DM_PARENT_TIER, DIAG_ERROR, v->path, line, col,
			  v->parent, t->v[j]->path, t->v[j]->tier, v->tier,
			  tier->parent);
		return;
	}
	t->parent[i] = j;
}

/* With tiers strictly above each other a cycle cannot pass link_parent, but
 * a pack's tiers are data: walk every chain with a step limit anyway. */
static void find_cycles(struct tree *t, struct diags *diags)
{
	for (size_t i = 0; i < t->n; i++) {
		if (!t->v[i])
			continue;
		size_t k = i, steps = 0;
		while (k != NONE && steps <= t->n) {
			k = t->parent[k];
			steps++;
			if (k == i) {
				int line, col;
				header_pos(t->v[i], "parent", &line, &col);
				diag_addm(&diags[i], DM_PARENT_CYCLE, DIAG_ERROR, t->v[i]->path, line, col,
					  t->v[i]->id);
				t->parent[i] = NONE;
				break;
			}
		}
	}
}

/* Each root gains `children` and `parent` (copies of the other venues'
 * root values: shallow, they share the venues' arenas; the new roots live
 * in the tree's arena, one for the batch, not a block per venue).  Children are
 * listed in input order, found through a counting sort, not a scan. */
static void augment(struct tree *t, bool complete)
{
	size_t *start = xcalloc(t->n + 2, sizeof *start);
	size_t *order = xcalloc(t->n + 1, sizeof *order);
	for (size_t j = 0; j < t->n; j++)
		if (t->v[j] && t->parent[j] != NONE)
			start[t->parent[j] + 2]++;
	for (size_t i = 2; i < t->n + 2; i++)
		start[i] += start[i - 1];
	for (size_t j = 0; j < t->n; j++)
		if (t->v[j] && t->parent[j] != NONE)
			order[start[t->parent[j] + 1]++] = j;
	/* now start[i] .. start[i + 1] are i's children */
	for (size_t i = 0; i < t->n; i++) {
		struct venue *v = t->v[i];
		if (!v)
			continue;
		/* A pruned root has room for these fields (venue_prune): add
		 * them in place rather than copy every venue's root. */
		struct value *root = v->root;
		if (v->root_room < VENUE_TREE_FIELDS) {
			root = arena_alloc(&t->arena, sizeof *root);
			*root = *v->root;
			root->fields = arena_alloc(&t->arena, (v->root->n + VENUE_TREE_FIELDS) *
							      sizeof *root->fields);
			memcpy(root->fields, v->root->fields,
			       v->root->n * sizeof *root->fields);
		}
		v->root_room = 0; /* used now */
		struct value kids = {.type = V_LIST, .n = start[i + 1] - start[i]};
		kids.items = kids.n ? arena_alloc(&t->arena, kids.n * sizeof *kids.items)
				    : NULL; /* most venues have none */
		for (size_t k = 0; k < kids.n; k++)
			kids.items[k] = *t->v[order[start[i] + k]]->root;
		t->nchildren[i] = kids.n;
		root->fields[root->n++] = (struct vfield){.key = "children", .v = kids};
		if (t->parent[i] != NONE)
			root->fields[root->n++] = (struct vfield){
				.key = "parent", .v = *t->v[t->parent[i]]->root};
		if (complete)
			root->fields[root->n++] = (struct vfield){
				.key = EXPR_COMPLETE, .v = value_bool(true)};
		v->root = root;
	}
	free(start);
	free(order);
}

/* Each entry of venue i's ledgers that list venues (a town's villages:),
 * with its id (NULL when it has none) and name. */
typedef void listed_fn(void *ctx, const struct block *blk,
		       const struct value *e, const struct value *id,
		       const char *name);

static void each_listed(const struct tree *t, const struct pack *p, size_t i,
			listed_fn *fn, void *ctx)
{
	const struct venue *v = t->v[i];
	for (size_t b = 0; b < p->schema.nblocks; b++) {
		const struct block *blk = &p->schema.blocks[b];
		const struct value *list = value_get(v->root, blk->name);
		if (blk->shape != SHAPE_LEDGER || !blk->lists || !list)
			continue;
		for (size_t k = 0; k < list->n; k++) {
			const struct value *e = &list->items[k];
			const struct value *name = value_get(e, "name");
			fn(ctx, blk, e, value_get(e, "id"),
			   name && name->type == V_STR ? name->u.str : NULL);
		}
	}
}

struct missing_ctx {
	struct tree *t;
	const struct hashidx *ix;
	size_t i;
	struct diags *d;
};

static void report_missing(void *ctx, const struct block *blk,
			   const struct value *e, const struct value *id,
			   const char *name)
{
	struct missing_ctx *m = ctx;
	const struct venue *v = m->t->v[m->i];
	const char *nm = name ? name : "?";
	if (!id) {
		diag_addm(m->d, DM_LISTED_NO_ID, DIAG_ERROR, v->path, e->line, e->col,
			  blk->name, nm);
		return;
	}
	size_t j = index_find(m->ix, id->u.str);
	if (j == NONE || m->t->parent[j] != m->i)
		diag_addm(m->d, DM_LISTED_MISSING, DIAG_ERROR, v->path, id->line,
			  id->col, blk->lists, nm, id->u.str);
}

/* --complete: every entry of a ledger that lists venues (a town's villages)
 * must have its venue's file in the batch, directly under this venue. */
static void missing_submissions(struct tree *t, const struct pack *p,
				const struct hashidx *ix, size_t i, struct diags *d)
{
	struct missing_ctx m = {t, ix, i, d};
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
	for (size_t j = 0; j < t->n; j++)
		if (t->v[j] && t->parent[j] == i && !strcmp(t->v[j]->id, id))
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
	if (i >= t->n || !t->v[i])
		return;
	struct each_ctx c = {t, i, each, ctx};
	each_listed(t, p, i, call_missing, &c);
}

void tree_build(struct tree *t, const struct pack *p, struct venue **v,
		size_t n, const struct tree_opts *o, struct diags *diags)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->arena);
	t->n = n;
	t->v = v;
	t->parent = xmalloc((n + 1) * sizeof *t->parent);
	t->nchildren = xcalloc(n + 1, sizeof *t->nchildren);
	struct hashidx ix;
	hashidx_init(&ix, venue_hash, venue_is, &t->v);
	for (size_t i = 0; i < n; i++)
		t->parent[i] = NONE;
	dedupe(t, &ix, diags);
	note_tiers(t);
	for (size_t i = 0; i < n; i++)
		if (t->v[i])
			link_parent(t, p, &ix, i, o, &diags[i]);
	find_cycles(t, diags);
	for (size_t i = 0; i < n && o->complete; i++)
		if (t->v[i])
			missing_submissions(t, p, &ix, i, &diags[i]);
	augment(t, o->complete);
	hashidx_free(&ix);
}

void tree_free(struct tree *t)
{
	free(t->parent);
	free(t->nchildren);
	arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}
