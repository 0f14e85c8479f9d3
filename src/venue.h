/* venue.h - one venue's yearly data file, validated against a pack's data
 * format.  Everything it holds lives in its own arena.
 * Pipeline step: 2, load venue. */
#ifndef VC_VENUE_H
#define VC_VENUE_H

#include "arena.h"
#include "book.h"
#include "diag.h"
#include "doc.h"
#include "pack.h"
#include "value.h"

struct waiver;

struct venue {
	struct arena arena;
	const char *path;
	const char *id, *name, *tier, *parent;
	int year;
	struct value *root; /* map: venue, facts, declared, ledgers, ... */
	struct waiver *waivers; /* the file's own waivers: block */
	size_t nwaivers;
	/* A workbook's sheet names, to name cells in later diagnostics (the
	 * rules', the batch's: see book_locate); none for a YAML file. */
	struct book_sheets sheets;
	/* After venue_prune: how many more fields root->fields has room
	 * for (the tree adds its own in place); 0 otherwise. */
	size_t root_room;
};

/* The fields tree.c adds to a venue's root: children, parent and the
 * mark of a whole tree. */
enum { VENUE_TREE_FIELDS = 3 };

/* NULL after adding every problem found (file:line:col, or a workbook's
 * file: sheet!cell) to d.  A path ending in .xlsx is read as a data entry
 * workbook (book.h).  lim bounds what the file may hold (NULL: the
 * defaults). */
struct venue *venue_load(const struct pack *p, const char *path,
			 const struct doc_limits *lim, struct diags *d);
/* The same, with the YAML nodes built in scratch (which the caller resets
 * between files): a batch then reuses one block per thread for them. */
struct venue *venue_load_in(const struct pack *p, const char *path,
			    const struct doc_limits *lim, struct arena *scratch,
			    struct diags *d);
struct venue *venue_load_string(const struct pack *p, const char *name,
				const char *buf, size_t len, struct diags *d);
/* Keep only what the pack's linked rules may read of this venue (its
 * header, its tier's share of p->keep, and the answers of the projections
 * that read its tier: proj.h): called once the venue's own rules are judged
 * (check_own), so a batch holds a few blocks per venue, not whole files.
 * The kept values go to into, which must outlive v (a batch's arena: one
 * per thread, so that what is kept is not scattered among what is freed),
 * or with into NULL to a small arena of v's own.  path, if not NULL, is
 * what v->path becomes (the caller's copy of its name, which must outlive
 * v: a batch's entry), else v keeps a copy. */
void venue_prune(struct venue *v, const struct pack *p, struct arena *into,
		 const char *path);
void venue_free(struct venue *v);

#endif
