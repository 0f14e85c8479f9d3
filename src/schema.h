/* schema.h - the venue data format, as declared by a rule pack's `data:`
 * section, and validation of a venue document against it.
 *
 * The format lives in the pack, not in C, so a new standard that needs a new
 * fact or ledger is a YAML change.  Only the venue header's identity fields
 * (id, name, tier, parent, year) are built in: the engine needs them.
 * Pipeline step: 1, load pack (the data format), and 2, load venue (validation). */
#ifndef VC_SCHEMA_H
#define VC_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "value.h"

enum ftype { FT_INT, FT_NUMBER, FT_BOOL, FT_STRING, FT_DATE, FT_ENUM, FT_TAGS };

struct field {
	const char *name;
	const char *label; /* Chinese label for reports and templates */
	const char *unit;
	const char *example; /* a sample value for templates, or NULL */
	enum ftype type;
	bool required;
	bool has_min, has_max;
	double min, max;
	const char **values; /* FT_ENUM, FT_TAGS */
	size_t nvalues;
	/* `labels:` and `notes:`: values[i]'s Chinese label, which the
	 * workbook shows and a file may write instead of the code, and what
	 * it means (NULL, or an entry NULL, when the pack gives none). */
	const char **labels, **notes;
	/* Words a file may no longer use, each with what to write instead
	 * (`retired:`): an old file gets that advice, not a silent change. */
	const char **retired, **retired_why;
	size_t nretired;
	/* `max: facts.staff_total`: a part that cannot exceed its whole.  The
	 * other field, block and name, of a record block (venue, facts). */
	const char *max_block, *max_field;
	const char *file; /* the pack that declares it (schema_merge's messages) */
	int line, col; /* in the pack */
};

/* Fields that together identify a ledger entry: two entries equal on all of
 * them are one thing entered twice (an entry with none of them is not
 * compared).  A ledger may have several: a village is the same village by
 * its id or by its name. */
struct ident {
	const char **fields;
	size_t n;
};

enum block_shape {
	SHAPE_RECORD,	/* key: value, keys from fields (venue, facts) */
	SHAPE_LEDGER,	/* list of records (events, trainings, ...) */
	SHAPE_MONTHLY,	/* month 1..12: value of fields[0]'s type */
	SHAPE_DECLARED	/* rule key: true/false, keys from declared rules */
};

struct block {
	const char *name, *label;
	const char *lists; /* ledgers: the tier of the venues its entries are
			      (their `id` names the venue's file), or NULL */
	enum block_shape shape;
	struct field *fields;
	size_t nfields;
	struct ident *unique; /* ledgers: `unique:`, see struct ident */
	size_t nunique;
	/* ledgers: `counted_by: venue.villages`, a header or facts field that
	 * states how many entries the ledger should have (block, field). */
	const char *counted_block, *counted_field;
	const char *file; /* ledgers and monthly: where the pack declares it */
	int line, col;
};

/* The built-in block of approved exceptions (see waiver.h): every file may
 * have it, whatever the pack; schema_validate leaves it to waiver.c. */
#define SCHEMA_WAIVERS "waivers"

/* A computed measure of a pack (measures:): compiled in place wherever an
 * expression reads measures.NAME (expr.c), so a missing part is missing
 * data where it is used, never a guess. */
struct measure_def {
	const char *name, *label, *label_en, *unit, *unit_en;
	const char *text; /* its value: an expression */
	const char *file;
	int line, col;
};

struct schema {
	struct block *blocks;
	size_t nblocks;
	const char **tiers; /* ids, from the pack's tiers */
	const char **tier_names; /* their names (分馆), the labels of venue.tier */
	size_t ntiers;
	int effective_year; /* the standard's first year; 0: any (set by the
			       pack loader before validation) */
	/* The pack's computed measures (pack.h), read as measures.NAME. */
	const struct measure_def *measures;
	size_t nmeasures;
	/* What a venue's file is validated against when it is wider than what
	 * the rules read (a pack's accepts:, pack.h), or NULL: this format.
	 * Rules are compiled against this format only, so they cannot read
	 * what is accepted without being declared here. */
	const struct schema *valid;
};

/* Built from the pack's `data:` mapping (node may be NULL: header only).
 * The tiers must be set before, as the header's tier field is their enum. */
bool schema_load(struct schema *s, struct arena *a, const struct node *data,
		 const char *file, struct diags *d);
const struct block *schema_block(const struct schema *s, const char *name);
const struct field *schema_field(const struct block *b, const char *name);

/* The label of values[i] of an enum or tags field: the pack's, else the
 * code itself. */
const char *schema_label(const struct field *f, size_t i);
/* The code a word stands for: a value of f, or a value's label; NULL if
 * neither. */
const char *schema_code(const struct field *f, const char *word);

/* Add to into what from declares and into does not: blocks, and fields of
 * blocks both have (into's arrays are copied, never changed, so into may
 * share them with another pack).  A field both declare must have the same
 * definition (type, bounds, max:, unit, values), and a block the same
 * shape: else an error at from's declaration naming into's.  The built-in
 * header fields (id, name, tier, parent, year) are into's.  keep_required
 * false: from's record fields, and fields it adds to a ledger into has,
 * are never required (an entry of a ledger only from has keeps its own
 * definition). */
bool schema_merge(struct schema *into, const struct schema *from,
		  bool keep_required, struct arena *a, struct diags *d);
/* The tiers of a format made by schema_merge (venue.tier's values). */
void schema_set_tiers(struct schema *s, struct arena *a, const char **ids,
		      const char **names, size_t n);

/* What a file may write as venue.tier beyond s's own codes and names:
 * another pack's name for a tier of the same id (中心馆 for city), so a
 * workbook written for one pack reads under a pack that accepts it.  Only
 * venue.tier's words change (a copy of the header's fields); nothing when
 * s's tiers are written by id only. */
void schema_tier_aliases(struct schema *s, struct arena *a, const char **ids,
			 const char **names, size_t n);

/* "YYYY-MM-DD", a real calendar date, to yyyymmdd. */
bool schema_date(const char *s, int *out);

/* The one number grammar of data files, YAML or workbook: decimal digits,
 * a sign, a point and an exponent (never hex, inf or nan, which strtod
 * takes too).  Subnormal numbers are numbers; NUM_RANGE is one that
 * overflows, or is so small that it would read as 0. */
enum schema_num { NUM_OK, NUM_BAD, NUM_RANGE };
enum schema_num schema_number(const char *s, double *out);

/* The declared keys that one venue's file may use: those of its tier. */
struct declared_keys {
	const char **keys;
	size_t n;
};

/* Validate a parsed venue document.  tier_keys(tier) gives the declared keys
 * of a tier.  Returns the root value (a map of blocks) or NULL; every problem
 * is added to d, not only the first. */
struct value *schema_validate(const struct schema *s, struct arena *a,
			      const struct node *root, const char *file,
			      struct declared_keys (*tier_keys)(const void *ctx,
								const char *tier),
			      const void *ctx, struct diags *d);

/* What schema_validate makes of a YAML file, read straight from libyaml's
 * events (buf, len bytes, as doc_load_string takes them) without the tree
 * of nodes: the same values, for less time and memory.  It knows only how
 * a file is right.  At the first thing a message would be about (a syntax
 * error, an unknown key, a value of the wrong type, an entry twice, ...)
 * and at anything it does not read itself it gives up: it returns false
 * and has added nothing to d, and the caller reads the file the tree's way
 * (doc_load_string, schema_validate), which says what is wrong.  True: *out
 * is the root value, or NULL after the errors of the whole file's checks
 * (schema_validate's last: a part larger than its whole), added to d; its
 * warnings are added too.  *waivers is the file's `waivers:` as nodes in
 * scratch (for waiver.c), or NULL.  Values go to a, as schema_validate's. */
bool schema_stream(const struct schema *s, struct arena *a,
		   struct arena *scratch, const char *buf, size_t len,
		   const struct doc_limits *lim, const char *file,
		   struct declared_keys (*tier_keys)(const void *ctx,
						     const char *tier),
		   const void *ctx, const struct value **out,
		   const struct node **waivers, struct diags *d);

#endif
