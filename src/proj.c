/* proj.c - marking the projections of linked rules, and keeping their
 * values (see proj.h).  One pass over each compiled expression works out,
 * bottom up, what every node depends on; a node that depends on one other
 * venue only, under a parent that does not, is a projection. */
#include "proj.h"

#include <string.h>

#include "expr_impl.h"

/* What a node reads. */
struct dep {
	const struct expr *anchor; /* the other venue it reads, or NULL */
	enum proj_kind kind;
	int slot;	/* a variable anchor's slot (an item of children); -1 */
	bool several;	/* more than one other venue */
	bool outer;	/* the judged venue, a computed key, another's links */
	unsigned free;	/* variables read that are bound outside it */
};

struct marker {
	const char *(*key)(void *ctx, enum proj_kind kind, const struct expr *part);
	void *ctx;
};

static bool candidate(const struct dep *d)
{
	return d->anchor && !d->several && !d->outer && d->free == 0;
}

static bool is_agg(const struct expr *e)
{
	return e->t >= E_COUNT && e->t <= E_DISTINCT;
}

/* Names the tree fills in: the other venue's file does not hold them. */
static bool linked_name(const char *n)
{
	return n && (!strcmp(n, "children") || !strcmp(n, "parent") ||
		     !strcmp(n, EXPR_COMPLETE));
}

static bool is_root(const struct expr *e, const char *name)
{
	return e && e->t == E_ROOT && !strcmp(e->name, name);
}

static void merge(struct dep *to, const struct dep *from)
{
	to->outer = to->outer || from->outer;
	to->several = to->several || from->several;
	to->free |= from->free;
	if (!from->anchor)
		return;
	if (!to->anchor) {
		to->anchor = from->anchor;
		to->kind = from->kind;
		to->slot = from->slot;
	} else if (to->slot >= 0 ? to->slot != from->slot : to->anchor != from->anchor) {
		to->several = true;
	}
}

/* A part whose parent (NULL: none) is not a projection becomes one; not
 * the anchor alone, which would keep the whole venue. */
static void settle(struct expr *c, const struct dep *d, const struct dep *parent,
		   struct marker *m)
{
	if (!c || !candidate(d) || (parent && candidate(parent)) ||
	    c == d->anchor || c->t == E_VAR)
		return;
	const char *k = m->key(m->ctx, d->kind, c);
	if (k) {
		c->proj_key = k;
		c->anchor = d->anchor;
	}
}

static struct dep analyse(struct expr *e, struct marker *m, unsigned kids);

/* An aggregate binds its variable over its where and body; over
 * `children` the variable is an anchor (each item is another venue). */
static struct dep analyse_agg(struct expr *e, struct marker *m, unsigned kids)
{
	struct dep d = {.slot = -1};
	unsigned bit = 1u << e->slot;
	unsigned inner = is_root(e->a, "children") ? kids | bit : kids & ~bit;
	struct dep da = analyse(e->a, m, kids);
	struct dep db = analyse(e->b, m, inner), dc = analyse(e->c, m, inner);
	db.free &= ~bit;
	dc.free &= ~bit;
	merge(&d, &da);
	merge(&d, &db);
	merge(&d, &dc);
	settle(e->a, &da, &d, m);
	settle(e->b, &db, &d, m);
	settle(e->c, &dc, &d, m);
	return d;
}

static struct dep analyse_leaf(struct expr *e, struct marker *m, unsigned kids)
{
	struct dep d = {.slot = -1};
	if (e->t == E_VAR && (kids & (1u << e->slot))) {
		d.anchor = e;
		d.kind = PROJ_CHILD;
		d.slot = e->slot;
	} else if (e->t == E_VAR) {
		d.free = 1u << e->slot;
	} else if (is_root(e, "parent")) {
		d.anchor = e;
		d.kind = PROJ_PARENT;
	} else if (e->t == E_ROOT) {
		d.outer = true;
	} else if (e->t == E_CHILD) {
		/* The id is worked out in the judged venue, with the anchor:
		 * the part depends on the child it finds, not on the id. */
		struct dep arg = analyse(e->a, m, kids);
		settle(e->a, &arg, NULL, m);
		d.anchor = e;
		d.kind = PROJ_CHILD;
	}
	return d;
}

static struct dep analyse(struct expr *e, struct marker *m, unsigned kids)
{
	struct dep d = {.slot = -1};
	if (!e)
		return d;
	if (e->t == E_VAR || e->t == E_ROOT || e->t == E_CHILD)
		return analyse_leaf(e, m, kids);
	if (is_agg(e))
		return analyse_agg(e, m, kids);
	struct dep da = analyse(e->a, m, kids), db = analyse(e->b, m, kids);
	struct dep dc = analyse(e->c, m, kids);
	merge(&d, &da);
	merge(&d, &db);
	merge(&d, &dc);
	struct dep items[16];
	for (size_t i = 0; i < e->nlist; i++) {
		struct dep di = analyse(e->list[i], m, kids);
		merge(&d, &di);
		if (i < 16)
			items[i] = di;
		else /* too many to remember: none of them is a part */
			d.outer = true;
	}
	if (e->t == E_FIELD && linked_name(e->name))
		d.outer = true;
	if (e->t == E_INDEX && (!e->b || (e->b->t != E_STR && e->b->t != E_NUM) ||
				(e->b->t == E_STR && linked_name(e->b->lit.u.str))))
		d.outer = true;
	settle(e->a, &da, &d, m);
	settle(e->b, &db, &d, m);
	settle(e->c, &dc, &d, m);
	for (size_t i = 0; i < e->nlist && i < 16; i++)
		settle(e->list[i], &items[i], &d, m);
	return d;
}

void proj_mark(struct expr *e,
	       const char *(*key)(void *ctx, enum proj_kind kind,
				  const struct expr *part),
	       void *ctx)
{
	struct marker m = {.key = key, .ctx = ctx};
	struct dep d = analyse(e, &m, 0);
	settle(e, &d, NULL, &m);
}

/* ---- what a venue must keep besides ---- */

struct walk {
	void (*fn)(void *ctx, const char *name, bool root);
	void *ctx;
};

static void kept(const struct expr *e, struct walk *w, unsigned kids);

static void kept_children(const struct expr *e, struct walk *w, unsigned kids)
{
	kept(e->a, w, kids);
	kept(e->b, w, kids);
	kept(e->c, w, kids);
	for (size_t i = 0; i < e->nlist; i++)
		kept(e->list[i], w, kids);
}

/* The list of children itself: its length, whether there is one, or the
 * source of an aggregate whose items are read through projections. */
static bool children_used_whole(const struct expr *e)
{
	return (e->t == E_LEN || e->t == E_EXISTS || is_agg(e)) &&
	       is_root(e->a, "children");
}

static void kept(const struct expr *e, struct walk *w, unsigned kids)
{
	if (!e)
		return;
	if (e->proj_key) { /* only the anchor's way to the other venue */
		if (e->anchor->t == E_CHILD) {
			w->fn(w->ctx, "children", false);
			kept(e->anchor->a, w, kids);
		}
		return;
	}
	if (children_used_whole(e)) {
		w->fn(w->ctx, "children", true);
		unsigned bit = 1u << e->slot;
		unsigned inner = is_agg(e) ? kids | bit : kids;
		kept(e->b, w, inner);
		kept(e->c, w, inner);
		return;
	}
	switch (e->t) {
	case E_VAR: /* an item of children read as a whole */
		if (kids & (1u << e->slot))
			w->fn(w->ctx, NULL, false);
		return;
	case E_ROOT: /* another venue read outside any projection: all of it */
		w->fn(w->ctx, linked_name(e->name) ? NULL : e->name, true);
		return;
	case E_CHILD:
		w->fn(w->ctx, NULL, false);
		return;
	case E_FIELD:
		w->fn(w->ctx, e->name, false);
		break;
	case E_INDEX:
		w->fn(w->ctx, e->b && e->b->t == E_STR ? e->b->lit.u.str : NULL, false);
		break;
	default:
		if (is_agg(e)) { /* its variable is not an item of children */
			kept(e->a, w, kids);
			unsigned inner = kids & ~(1u << e->slot);
			kept(e->b, w, inner);
			kept(e->c, w, inner);
			return;
		}
		break;
	}
	kept_children(e, w, kids);
}

void proj_each_kept_name(const struct expr *e,
			 void (*fn)(void *ctx, const char *name, bool root),
			 void *ctx)
{
	struct walk w = {.fn = fn, .ctx = ctx};
	kept(e, &w, 0);
}

/* ---- kept values ---- */

#define K_STATUS ".status"
#define K_WHY ".why"
#define K_WHY_ZH ".why_zh"
#define K_LO ".lo"

static struct value str_or_null(struct arena *a, const char *s)
{
	return s ? value_str(arena_strdup(a, s)) : value_null();
}

struct value proj_encode(struct arena *a, const struct eval *r)
{
	if (r->st == EVAL_OK)
		return value_copy(a, &r->v);
	struct value m = {.type = V_MAP, .n = 0};
	m.fields = arena_alloc(a, 4 * sizeof *m.fields);
	m.fields[m.n++] = (struct vfield){.key = K_STATUS, .v = value_num(r->st)};
	m.fields[m.n++] = (struct vfield){.key = K_WHY, .v = str_or_null(a, r->why)};
	m.fields[m.n++] = (struct vfield){.key = K_WHY_ZH,
					  .v = str_or_null(a, r->why_zh)};
	if (r->has_lo)
		m.fields[m.n++] = (struct vfield){.key = K_LO, .v = value_num(r->lo)};
	return m;
}

static const char *str_of(const struct value *v)
{
	return v && v->type == V_STR ? v->u.str : NULL;
}

struct eval proj_decode(const struct value *v)
{
	const struct value *st = v->type == V_MAP ? value_get(v, K_STATUS) : NULL;
	if (!st)
		return (struct eval){.st = EVAL_OK, .v = *v};
	const struct value *lo = value_get(v, K_LO);
	return (struct eval){.st = (enum eval_status)st->u.num,
			     .why = str_of(value_get(v, K_WHY)),
			     .why_zh = str_of(value_get(v, K_WHY_ZH)),
			     .has_lo = lo != NULL, .lo = lo ? lo->u.num : 0};
}
