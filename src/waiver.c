/* waiver.c - read waivers (a venue file's block or a --waivers file),
 * check that they name real rules and venues, and apply them to a venue's
 * results.  A waiver never makes a rule pass: it turns a failure into
 * WAIVED, which the reports show as such. */
#include "waiver.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hashidx.h"
#include "suggest.h"
#include "xalloc.h"

/* The (venue, rule) pairs of the waivers read so far, so a repeat is
 * found in constant time (a --waivers file may hold 200,000 entries; a
 * scan of those before each took minutes).  Open addressing; a slot holds
 * a waiver's index + 1, 0 when free. */
struct wctx {
	const struct pack *p;
	const char *file;
	struct arena *a;
	struct diags *d;
	bool ok;
	struct hashidx seen; /* the entries read so far, by venue and rule */
};

static void werr(struct wctx *c, enum diag_msg m, const struct node *n, ...)
{
	va_list ap;
	va_start(ap, n);
	doc_verror(c->d, m, DIAG_ERROR, c->file, n, ap);
	va_end(ap);
	c->ok = false;
}

/* A required, non-empty single value. */
static const char *text_field(struct wctx *c, const struct node *m,
			      const char *key)
{
	const struct node *n = doc_get(m, key);
	if (!n || doc_is_null(n)) {
		werr(c, DM_WAIVER_MISSING, n ? n : m, key);
		return NULL;
	}
	if (n->kind != NODE_SCALAR) {
		werr(c, DM_WAIVER_SINGLE, n, key);
		return NULL;
	}
	if (!*n->text) {
		werr(c, DM_WAIVER_EMPTY, n, key);
		return NULL;
	}
	/* A venue file's nodes are freed once it is read. */
	return arena_strdup(c->a, n->text);
}

static bool disabled(const struct pack *p, const char *id)
{
	for (size_t i = 0; i < p->ndisabled; i++)
		if (strcmp(p->disabled[i].rule.id, id) == 0)
			return true;
	return false;
}

/* Whether the waiver's rule exists (and is of tier, when given).  A rule
 * the pack disables needs no waiver: a warning, and the entry is dropped. */
static bool rule_ok(struct wctx *c, const struct node *m, const char *id,
		    const char *venue, const char *tier)
{
	const struct node *n = doc_get(m, "rule");
	const struct rule *r = pack_rule(c->p, id);
	if (!r && disabled(c->p, id)) {
		diag_addm(c->d, DM_WAIVER_DISABLED, DIAG_WARNING, c->file, n->line,
			  n->col, id, c->p->id);
		return false;
	}
	if (!r) {
		size_t k;
		const char **ids = pack_rule_ids(c->p, c->a, &k);
		const char *near = suggest_closest(id, ids, k);
		diag_addm(c->d, near ? DM_WAIVER_NO_RULE_HINT : DM_WAIVER_NO_RULE,
			  DIAG_ERROR, c->file, n->line, n->col, id, c->p->id, near);
		c->ok = false;
		return false;
	}
	if (tier && strcmp(r->tier, tier) != 0) {
		diag_addm(c->d, DM_WAIVER_TIER, DIAG_ERROR, c->file, n->line, n->col,
			  id, r->tier, venue, tier);
		c->ok = false;
		return false;
	}
	return true;
}

static size_t pair_hash(const struct waiver *x)
{
	return hashidx_hash_more(hashidx_hash(x->venue), x->rule);
}

static size_t entry_hash(const void *ctx, size_t i)
{
	return pair_hash(&((const struct waiver *)ctx)[i]);
}

static bool same_pair(const void *ctx, size_t i, const void *key)
{
	const struct waiver *a = &((const struct waiver *)ctx)[i], *b = key;
	return strcmp(a->venue, b->venue) == 0 && strcmp(a->rule, b->rule) == 0;
}

/* Whether x (about to become w[n]) repeats an earlier waiver's venue and
 * rule: an error at x; else x is remembered. */
static bool duplicate(struct wctx *c, const struct waiver *w, size_t n,
		      const struct waiver *x)
{
	size_t i = hashidx_find(&c->seen, pair_hash(x), x);
	if (i != HASHIDX_NONE) {
		diag_addm(c->d, DM_WAIVER_DUP, DIAG_ERROR, c->file, x->line, x->col,
			  x->venue, x->rule, w[i].line);
		c->ok = false;
		return true;
	}
	hashidx_add(&c->seen, n);
	return false;
}

/* One entry into *w; false when it is dropped (after an error or a
 * warning).  venue: the file's own venue (block form), else NULL. */
static bool read_entry(struct wctx *c, const struct node *m, const char *venue,
		       const char *tier, struct waiver *w)
{
	static const char *const keys[] = {"rule", "reason", "approver",
					   "expires", "venue"};
	if (m->kind != NODE_MAP) {
		werr(c, DM_WAIVER_MAP, m,
		     venue ? "{rule, reason, approver, expires}"
			   : "{venue, rule, reason, approver, expires}");
		return false;
	}
	if (!doc_check_keys(m, keys, venue ? 4 : 5, DW_WAIVER, c->file, c->d))
		c->ok = false;
	*w = (struct waiver){.file = c->file, .line = m->line, .col = m->col};
	w->venue = venue ? venue : text_field(c, m, "venue");
	w->rule = text_field(c, m, "rule");
	w->reason = text_field(c, m, "reason");
	w->approver = text_field(c, m, "approver");
	w->expires_text = text_field(c, m, "expires");
	if (!venue && w->venue) {
		w->venue_line = doc_get(m, "venue")->line;
		w->venue_col = doc_get(m, "venue")->col;
	}
	if (w->expires_text && !schema_date(w->expires_text, &w->expires))
		werr(c, DM_WAIVER_DATE, doc_get(m, "expires"), w->expires_text);
	if (!w->venue || !w->rule || !w->reason || !w->approver || !w->expires)
		return false;
	return rule_ok(c, m, w->rule, w->venue, tier);
}

static bool read_list(struct wctx *c, const struct node *list,
		      const char *venue, const char *tier, struct waiver **out,
		      size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!list || doc_is_null(list))
		return true;
	if (list->kind != NODE_SEQ) {
		werr(c, DM_WAIVERS_LIST, list, "waivers");
		return false;
	}
	struct waiver *w = arena_alloc(c->a, (list->n + 1) * sizeof *w);
	hashidx_init(&c->seen, entry_hash, same_pair, w);
	for (size_t i = 0; i < list->n; i++)
		if (read_entry(c, list->items[i], venue, tier, &w[*n]) &&
		    !duplicate(c, w, *n, &w[*n]))
			(*n)++;
	hashidx_free(&c->seen);
	*out = w;
	return c->ok;
}

bool waiver_block(const struct pack *p, const struct node *list,
		  const char *venue, const char *tier, const char *file,
		  struct arena *a, struct waiver **out, size_t *n,
		  struct diags *d)
{
	struct wctx c = {.p = p, .file = file, .a = a, .d = d, .ok = true};
	return read_list(&c, list, venue, tier, out, n);
}

/* By venue id, then the order of the file. */
static int cmp_by_venue(const void *a, const void *b)
{
	const struct waiver *x = *(const struct waiver *const *)a;
	const struct waiver *y = *(const struct waiver *const *)b;
	int c = strcmp(x->venue, y->venue);
	return c ? c : (x > y) - (x < y);
}

static void index_by_venue(struct waivers *w)
{
	w->by_venue = arena_alloc(&w->arena, (w->n + 1) * sizeof *w->by_venue);
	for (size_t i = 0; i < w->n; i++)
		w->by_venue[i] = &w->v[i];
	if (w->n)
		qsort(w->by_venue, w->n, sizeof *w->by_venue, cmp_by_venue);
}

bool waiver_load_file(struct waivers *w, const struct pack *p,
		      const char *path, struct diags *d)
{
	memset(w, 0, sizeof *w);
	arena_init(&w->arena);
	const char *file = arena_strdup(&w->arena, path);
	const struct node *root = doc_load_file(&w->arena, file, NULL, d);
	if (!root)
		return false;
	struct wctx c = {.p = p, .file = file, .a = &w->arena, .d = d, .ok = true};
	bool ok = read_list(&c, root, NULL, NULL, &w->v, &w->n);
	index_by_venue(w);
	return ok;
}

struct waiver *waiver_copy(struct arena *a, const struct waiver *w, size_t n,
			   const char *file)
{
	if (n == 0) /* most venues: nothing to keep */
		return NULL;
	struct waiver *out = arena_alloc(a, n * sizeof *out);
	for (size_t i = 0; i < n; i++) {
		out[i] = w[i];
		out[i].file = file;
		out[i].venue = arena_strdup(a, w[i].venue);
		out[i].rule = arena_strdup(a, w[i].rule);
		out[i].reason = arena_strdup(a, w[i].reason);
		out[i].approver = arena_strdup(a, w[i].approver);
		out[i].expires_text = arena_strdup(a, w[i].expires_text);
	}
	return out;
}

void waiver_free(struct waivers *w)
{
	arena_free(&w->arena);
	memset(w, 0, sizeof *w);
}
