/* venue.h - one venue's yearly data file, validated against a pack's data
 * format.  Everything it holds lives in its own arena.
 * Pipeline step: 2, load venue. */
#ifndef VC_VENUE_H
#define VC_VENUE_H

#include <stdint.h>

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
	/* Everything the venue holds; NULL once venue_prune moved it into
	 * a batch's arena (venue_free then frees nothing). */
	struct arena *arena;
	const char *path;
	const char *id, *name, *tier, *parent;
	int year;
	/* After venue_prune: the values kept, as bytes (value_encode), which
	 * venue_root reads back; root is NULL then.  A tenth of the values'
	 * size: a batch of a whole country keeps these of every venue. */
	uint32_t nkept;
	const unsigned char *kept;
	const struct value_dict *dict; /* the pack's keys the bytes name */
	/* map: venue, facts, declared, ledgers, ...; NULL once pruned */
	const struct value *root;
	struct venue_pos at_header; /* where the header is (reports point there) */
	bool book; /* read from a workbook: positions name cells */
	struct waiver *waivers; /* the file's own waivers: block */
	size_t nwaivers;
	/* A workbook's sheet names, to name cells in later diagnostics (the
	 * rules', the batch's: see book_locate); NULL for a YAML file, and
	 * once pruned (a batch keeps its own copy). */
	struct book_sheets *sheets;
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
 * that read its tier: proj.h), as bytes: called once the venue's own rules
 * are judged (check_own), so a batch holds about 100 bytes of values per
 * venue, not whole files.  With into (a batch's arena, one per thread, so
 * that what is kept is not scattered among what is freed; it must outlive
 * the venue) the venue itself moves there too: the venue returned is then
 * a new one and v is freed.  With into NULL, v keeps what it keeps in a
 * small arena of its own and is returned.  path, if not NULL, is what
 * v->path becomes (the caller's copy of its name, which must outlive the
 * venue: a batch's entry), else the venue keeps a copy.  With the pack's
 * keep_all nothing changes: v is returned as it is. */
struct venue *venue_prune(struct venue *v, const struct pack *p,
			  struct arena *into, const char *path);
/* A pruned venue as a streamed batch keeps it (16 bytes beyond its kept
 * bytes, not a struct venue of 112): its header, positions and values are
 * all in the bytes, so a view (venue_view) is made of them where one is
 * needed.  A venue with more than the bytes hold (its own waivers, or a
 * pack's keep_all, which keeps whole files) keeps a whole struct venue. */
struct venue_ref {
	const void *p; /* the kept bytes, or with VENUE_REF_FULL the venue;
			  NULL: no venue */
	uint32_t nkept;
	uint8_t flags; /* VENUE_REF_* */
};

enum { VENUE_REF_BOOK = 1, VENUE_REF_FULL = 2 };

/* venue_prune for a streamed batch: v's kept bytes into into (which must
 * outlive the reference), v freed (unless it is kept whole: then moved
 * into into with a copy of its path, or with the pack's keep_all as it
 * is, for venue_ref_free); a view's path comes from its caller. */
struct venue_ref venue_prune_ref(struct venue *v, const struct pack *p,
				 struct arena *into);
/* The venue r refers to: the whole venue it keeps, or out filled from the
 * bytes (header strings pointing into them, path as given, dict the
 * pack's keys, no waivers, no root: venue_root reads the bytes), which
 * lives as long as the bytes and path.  NULL when r is no venue. */
const struct venue *venue_view(struct venue_ref r, const struct pack *p,
			       const char *path, struct venue *out);
/* Room for a view and its file's name, which a streamed batch keeps as
 * a directory and a base name (filenames.h) and joins only for a view. */
#define VENUE_PATH_MAX 4096
struct venue_buf {
	struct venue v;
	char path[VENUE_PATH_MAX];
};

/* Frees what r keeps of its own (a keep_all venue); NULL after. */
void venue_ref_free(struct venue_ref *r);
/* The venue's values: root, or after venue_prune those kept, read back
 * into a (lists and maps in a, strings in v's kept bytes).  NULL if they
 * cannot be read back (never for bytes venue_prune wrote). */
const struct value *venue_root(const struct venue *v, struct arena *a);
/* Where header field key (id, parent, year, ...) was written; 0, 0 when
 * it was not. */
struct venue_pos venue_header_pos(const struct venue *v, const char *key);
void venue_free(struct venue *v);

#endif
