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

/* Where something was written in the file (0, 0: nowhere). */
struct venue_pos {
	int line, col;
};

struct venue {
	struct arena arena;
	const char *path;
	const char *id, *name, *tier, *parent;
	int year;
	/* map: venue, facts, declared, ledgers, ...; NULL once pruned */
	const struct value *root;
	/* After venue_prune: the values kept, as bytes (value_encode), which
	 * venue_root reads back; root is NULL then.  A tenth of the values'
	 * size: a batch of a whole country keeps these of every venue. */
	const unsigned char *kept;
	size_t nkept;
	/* Where the header and its fields are, for the batch's diagnostics
	 * (a duplicate id, a parent of the wrong tier, another year). */
	struct venue_pos at_header, at_id, at_parent, at_year;
	struct waiver *waivers; /* the file's own waivers: block */
	size_t nwaivers;
	/* A workbook's sheet names, to name cells in later diagnostics (the
	 * rules', the batch's: see book_locate); none for a YAML file. */
	struct book_sheets sheets;
};

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
/* The venue's values: root, or after venue_prune those kept, read back
 * into a (lists and maps in a, strings in v's kept bytes).  NULL if they
 * cannot be read back (never for bytes venue_prune wrote). */
const struct value *venue_root(const struct venue *v, struct arena *a);
void venue_free(struct venue *v);

#endif
