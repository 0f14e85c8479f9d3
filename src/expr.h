/* expr.h - the threshold language.
 *
 *   facts.weekly_open_hours
 *   count(e in events where e.participants >= 500)
 *   min(t in trainings where t.audience == "staff" -> t.participants)
 *   2 * venue.villages
 *   if venue.population <= 30000 then 3 elif venue.population < 50000 then 4
 *   else 5 end
 *
 * Compiled once per pack (names are checked against the data schema then),
 * evaluated per venue.  Grammar and semantics: venuecheck-rules(5). */
#ifndef VC_EXPR_H
#define VC_EXPR_H

#include "arena.h"
#include "diag.h"
#include "schema.h"
#include "value.h"

struct expr;

enum eval_status {
	EVAL_OK,
	EVAL_MISSING, /* the data needed is not in the file */
	EVAL_EMPTY,   /* min/max over no items: nothing to judge */
	EVAL_ERROR    /* e.g. division by zero, or a type mismatch */
};

struct eval {
	enum eval_status st;
	struct value v;
	const char *why; /* for non-OK: what is missing or wrong */
};

/* Compile text that was found at file:line:col.  Returns NULL after adding
 * an error to d.  Names must exist in the schema (nullable: skip checks). */
struct expr *expr_compile(struct arena *a, const char *text, const char *file,
			  int line, int col, const struct schema *s,
			  struct diags *d);
/* scratch receives computed lists and reason strings. */
struct eval expr_eval(const struct expr *e, const struct value *root,
		      struct arena *scratch);
/* Call fn with every name e reads: blocks (facts), fields (.participants),
 * constant keys (["x"]) and "children" for child(); NULL for a key
 * computed at run time, which could be any name. */
void expr_each_name(const struct expr *e,
		    void (*fn)(void *ctx, const char *name), void *ctx);
/* The source text, for messages and listings. */
const char *expr_text(const struct expr *e);
/* True when e is a text literal ("abc"): never a number. */
bool expr_is_text(const struct expr *e);
/* True, with the value, when e is a number literal. */
bool expr_constant(const struct expr *e, double *out);
/* A path expression (facts.x, venue.y) that can be tested for presence. */
bool expr_is_path(const struct expr *e);
/* Build `block[key]`-style path with no parsing: used for declared rules. */
struct expr *expr_path2(struct arena *a, const char *block, const char *key);

#endif
