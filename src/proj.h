/* proj.h - projections: the parts of a linked rule that read just one other
 * venue (the child that child(id) finds, an item x of `children`, the
 * parent) and nothing of the venue judged, such as
 *
 *   count(t in child(v.id).troupes where t.active) >= 3
 *   exists(t.facts.dispatched_workers) and t.facts.dispatched_workers >= 1
 *
 * Such a part depends on that other venue's own file alone, so it is worked
 * out for every venue of the tier it reads while the venue is loaded
 * (venue_prune), and the venue keeps its value -- a number, a yes/no, or
 * missing data with its reason -- instead of the ledgers it was made from:
 * a batch of 600,000 villages then holds a few answers per village, not
 * their troupes.  The rule reads the kept value through the part's anchor
 * (expr.c, eval_proj); a venue that kept none (one judged on its own, with
 * its whole file) has the part worked out as written, with the same result.
 *
 * A part is a projection only when it reads nothing else: not the judged
 * venue, not a variable bound outside it, not the other venue's own
 * children or parent (filled in later, by the tree), not a key computed at
 * run time.  The marking is a pass over the compiled rules, done once per
 * pack (pack.c); nothing here is specific to one standard.
 * Pipeline step: 1, load pack (marking), 2, load venue (working out). */
#ifndef VC_PROJ_H
#define VC_PROJ_H

#include <stdbool.h>

#include "arena.h"
#include "expr.h"
#include "value.h"

/* Which venue a projection reads, from the rule's venue: one of its
 * children (child(), an item of children), or its parent. */
enum proj_kind { PROJ_CHILD, PROJ_PARENT };

/* Mark every projection of e, a linked rule's expression: each largest
 * part that reads one other venue and nothing else.  key(ctx, kind, part)
 * gives the hidden root key its value is kept under (a name no pack can
 * declare), or NULL to leave the part as it is. */
void proj_mark(struct expr *e,
	       const char *(*key)(void *ctx, enum proj_kind kind,
				  const struct expr *part),
	       void *ctx);

/* Call fn with every name e reads outside its projections: root true for
 * a block of the judged venue's own file, false for a field; NULL when
 * another venue is read in a way no projection covers (then every venue
 * must keep all of its data).  What a venue keeps for the linked rules
 * beside its projections' values. */
void proj_each_kept_name(const struct expr *e,
			 void (*fn)(void *ctx, const char *name, bool root),
			 void *ctx);

/* An evaluation's result as a value to keep (strings copied into a), and
 * back: a value for a result, a mapping of hidden keys for missing data
 * or an error (its reasons and its floor). */
struct value proj_encode(struct arena *a, const struct eval *r);
struct eval proj_decode(const struct value *v);

#endif
