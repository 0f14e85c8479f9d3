/* tree.h - a batch's venues linked into the 总分馆 hierarchy by their
 * parent ids: city -> county -> town -> village (the pack's tiers say which
 * tier sits under which).  Each venue's root gains `children` (the venues
 * directly under it in the batch) and `parent`, which the rules read.
 * Pipeline step: 3, evaluate. */
#ifndef VC_TREE_H
#define VC_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "pack.h"
#include "venue.h"

struct tree_opts {
	bool complete; /* the batch is the whole tree: missing parents and
			  missing submissions are errors */
};

struct tree {
	size_t n;
	struct venue **v;  /* not owned; NULL entries are skipped */
	size_t *parent;    /* index of the parent, or (size_t)-1 */
	size_t *nchildren;
	const char *tiers[16]; /* tiers present in the batch */
	size_t ntiers;
	struct arena arena; /* the venues' new roots: they must not outlive
			       the tree */
};

/* Link the venues; problems go to diags[i] of the file concerned, errors
 * for duplicate ids (the later file is dropped: v[i] set NULL and freed),
 * parents of the wrong tier, cycles and, with complete, missing parents and
 * missing submissions; warnings for missing parents otherwise. */
void tree_build(struct tree *t, const struct pack *p, struct venue **v,
		size_t n, const struct tree_opts *o, struct diags *diags);
void tree_free(struct tree *t);
/* Call each(ctx, id, name) for every venue a ledger of venue i lists (a
 * town's villages:) whose file is not in the tree under i: what
 * --complete reports as missing submissions.  name may be NULL. */
void tree_each_missing(const struct tree *t, const struct pack *p, size_t i,
		       void (*each)(void *ctx, const char *id, const char *name),
		       void *ctx);

#endif
