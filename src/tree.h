/* tree.h - a batch's venues linked into the 总分馆 hierarchy by their
 * parent ids: city -> county -> town -> village (the pack's tiers say which
 * tier sits under which).  The rules read a venue's root with `children`
 * (the venues directly under it in the batch) and `parent` added:
 * tree_root builds it when the venue's linked rules are judged.
 * Pipeline step: 3, evaluate. */
#ifndef VC_TREE_H
#define VC_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "pack.h"
#include "venue.h"

struct tree_opts {
	bool complete; /* the batch is the whole tree: missing parents and
			  missing submissions are errors */
};

/* The links are 32-bit indices (12 bytes a venue, not 24): a batch holds
 * at most TREE_MAX venues (batch_add_* aborts beyond, as on running out of
 * memory: 4 G files' names alone would not fit), and UINT32_MAX is none. */
#define TREE_MAX ((size_t)UINT32_MAX - 1)
#define TREE_NONE UINT32_MAX

/* How the tree reads the batch's venues: view(ctx, i, buf) is venue i
 * (the venue itself, or a view made in buf that lives as long as the
 * batch's kept bytes: venue_view), NULL for none; whole(ctx, i, buf, a)
 * is venue i with all it keeps (its name, positions and own blocks,
 * which a streamed batch's views lack: venue_split), read into a, NULL
 * for none or when it cannot be read (only problems' positions and
 * ledgers are read so); has says whether there is one without making a
 * view; drop lets go of one (a duplicate id). */
struct tree_src {
	const struct venue *(*view)(const void *ctx, size_t i, struct venue_buf *buf);
	const struct venue *(*whole)(const void *ctx, size_t i,
				     struct venue_buf *buf, struct arena *a);
	bool (*has)(const void *ctx, size_t i);
	void (*drop)(void *ctx, size_t i);
	void *ctx;
};

/* Where venue i's header field key was written (0, 0: nowhere, or its
 * venue cannot be read whole): read from src's whole venue (a streamed
 * batch's views have no positions), for a problem that names it. */
struct venue_pos tree_src_pos(const struct tree_src *src, size_t i,
			      const char *key);

struct tree {
	size_t n;
	/* tree_build's venues, not owned (NULL entries are skipped); NULL
	 * when built from a tree_src (a streamed batch keeps no struct
	 * venue: tree_venue) */
	struct venue **v;
	struct tree_src src;
	uint32_t *parent;  /* index of the parent, or TREE_NONE */
	/* i's children, in input order: kids[first[i]] .. kids[first[i + 1]] */
	uint32_t *first, *kids;
	const char *tiers[16]; /* tiers present in the batch */
	size_t ntiers;
	bool complete;
	/* The pack's keep_all (a linked rule reads another venue beyond
	 * what projections keep, say its children): every root linked once,
	 * in arena, so that a venue's children have theirs too. */
	struct value *roots;
	struct arena arena;
};

/* Where tree_build puts file i's problems: of(ctx, i) is its list, made
 * when first asked for.  A batch of a country keeps a list only for the
 * few files that have problems, not 32 bytes for each of them. */
struct tree_diags {
	struct diags *(*of)(void *ctx, size_t i);
	void *ctx;
};
/* of for an array of n lists, one a file (ctx is the array). */
struct diags *tree_diags_in_array(void *ctx, size_t i);

/* Link the venues; problems go to file i's list (diags), errors for
 * duplicate ids (the later file is dropped: v[i] set NULL and freed),
 * parents of the wrong tier, cycles and, with complete, missing parents and
 * missing submissions; warnings for missing parents otherwise. */
void tree_build(struct tree *t, const struct pack *p, struct venue **v,
		size_t n, const struct tree_opts *o,
		const struct tree_diags *diags);
/* The same over the venues src gives (a streamed batch's references):
 * each is viewed once while linking, the tree keeps only the links. */
void tree_build_src(struct tree *t, const struct pack *p,
		    const struct tree_src *src, size_t n,
		    const struct tree_opts *o, const struct tree_diags *diags);
void tree_free(struct tree *t);
/* Let go of the children's index (8 bytes a venue) once no linked rule
 * is left to judge: tree_nchildren is 0 after, tree_root NULL (never a
 * root without its children) and tree_each_missing sees no child; the
 * parents stay.  Nothing for a pack that keeps everything (roots). */
void tree_drop_children(struct tree *t);
/* Venue i (src's view, made in buf), or NULL when there is none. */
const struct venue *tree_venue(const struct tree *t, size_t i,
			       struct venue_buf *buf);
/* Venue i's parent's index, or (size_t)-1 when it has none. */
size_t tree_parent(const struct tree *t, size_t i);
/* How many venues of the batch are directly under venue i. */
size_t tree_nchildren(const struct tree *t, size_t i);
/* Venue i's root as its linked rules read it: its values (venue_root of
 * own, which is venue i whole; NULL: the tree's view of it), `children`
 * (each the root of a venue under it), `parent` and, with complete, the
 * mark of a whole tree.  Built in a, which the caller resets once the
 * rules are judged; its children's and parent's roots have no links of
 * their own unless the pack keeps everything (roots).  NULL if i's
 * values cannot be read back. */
const struct value *tree_root(const struct tree *t, size_t i,
			      const struct venue *own, struct arena *a);
/* Call each(ctx, id, name) for every venue a ledger of venue i lists (a
 * town's villages:) whose file is not in the tree under i: what
 * --complete reports as missing submissions.  name may be NULL. */
void tree_each_missing(const struct tree *t, const struct pack *p, size_t i,
		       void (*each)(void *ctx, const char *id, const char *name),
		       void *ctx);

#endif
