/* venue.h - one venue's yearly data file, validated against a pack's data
 * format.  Everything it holds lives in its own arena.
 * Pipeline step: 2, load venue. */
#ifndef VC_VENUE_H
#define VC_VENUE_H

#include <stdint.h>

#include "arena.h"
#include "book.h"
#include "bytes.h"
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
/* A pruned venue as a streamed batch keeps it in memory (a pointer
 * to its kept bytes, not a struct venue of 112): the bytes hold what the
 * batch and other venues' rules read of it (venue_split), after their
 * length and whether it came from a workbook, so a view (venue_view) is
 * made of them where one is needed.  A venue with more than the bytes
 * hold (its own waivers, or a pack's keep_all, which keeps whole files)
 * is kept as a whole struct venue, which the bytes then point at
 * (venue_ref_whole). */
struct venue_ref {
	const unsigned char *p; /* NULL: no venue */
};

/* For a streamed batch, what v keeps split in two (v itself is left as
 * it is, for the caller to free):
 * - into into, the reference returned: of its header the id, tier,
 *   parent and year (the tree, the one year), and the name when its tier
 *   has another under it (the spreadsheet's groups, the roll-ups name
 *   their parents and tops); then its projections' answers, which are all
 *   other venues' rules read of it (pack.h); no positions (value_dict's
 *   nopos).  About 50 bytes a village, not 100; a town's ledger of its
 *   villages is not among them.
 * - appended to cold: all venue_prune keeps (the header whole, with
 *   positions, the blocks its own linked rules read), for its record in
 *   the batch's spill, from which venue_view_whole makes the venue again
 *   where it is reported, its own linked rules are judged or a problem
 *   names a position.
 * A venue with more than the bytes hold (its own waivers, a keep_all
 * pack) is not split: the reference returned is no venue and cold is
 * left empty; venue_prune_ref then keeps it whole. */
struct venue_ref venue_split(const struct venue *v, const struct pack *p,
			     struct arena *into, struct bytes *cold);
/* v whole (venue_ref_whole), moved into into (which must outlive the
 * reference) with a copy of its path, or with the pack's keep_all as it
 * is, for venue_ref_free; a view's path comes from its caller. */
struct venue_ref venue_prune_ref(struct venue *v, const struct pack *p,
				 struct arena *into);
/* The venue r refers to: the whole venue it keeps, or out filled from the
 * bytes (header strings pointing into them, path as given, no name unless
 * its tier has another under it, no positions, dict the pack's hot keys,
 * no waivers, no root: venue_root reads the bytes), which lives as long
 * as the bytes and path.  NULL when r is no venue. */
const struct venue *venue_view(struct venue_ref r, const struct pack *p,
			       const char *path, struct venue *out);
/* The venue again from the n bytes venue_split appended to cold: out
 * filled as venue_view fills it, with everything venue_prune keeps (the
 * name, positions, its own blocks); it lives as long as bytes and path. */
const struct venue *venue_view_whole(const unsigned char *bytes, size_t n,
				     const struct pack *p, const char *path,
				     bool book, struct venue *out);
/* Room for a view and its file's name, which a streamed batch keeps as
 * a directory and a base name (filenames.h) and joins only for a view. */
#define VENUE_PATH_MAX 4096
struct venue_buf {
	struct venue v;
	char path[VENUE_PATH_MAX];
};

/* Whether r keeps its venue whole (venue_prune_ref's): then a view is
 * that venue, with all it keeps. */
bool venue_ref_whole(struct venue_ref r);
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
