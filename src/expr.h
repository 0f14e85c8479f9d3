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
 * evaluated per venue.  Grammar and semantics: venuecheck-rules(5).
 * Pipeline step: 1, load pack (compile), 3, evaluate (run). */
#ifndef VC_EXPR_H
#define VC_EXPR_H

#include "arena.h"
#include "diag.h"
#include "schema.h"
#include "value.h"

struct expr;

/* The node types, for tools that look into an expression (expr_parts). */
enum etype {
	E_NUM, E_STR, E_BOOL, E_NULL, E_LIST,
	E_VAR,	 /* bound variable, slot in env */
	E_ROOT,	 /* top-level block of the venue file */
	E_FIELD, /* a.name */
	E_INDEX, /* a[b] */
	E_NEG, E_NOT, E_AND, E_OR,
	E_ADD, E_SUB, E_MUL, E_DIV,
	E_EQ, E_NE, E_LT, E_LE, E_GT, E_GE, E_IN,
	E_IF,
	E_COUNT, E_SUM, E_MIN, E_MAX, E_EVERY, E_ANY, E_DISTINCT,
	E_RANGE, E_LEN, E_EXISTS, E_CHILD
};


/* A key the batch adds to every venue's root when it is the whole tree
 * (--complete): child() of a venue not in it then lacks data.  Not a name
 * a pack can declare. */
#define EXPR_COMPLETE ".complete"

enum eval_status {
	EVAL_OK,
	EVAL_MISSING, /* the data needed is not in the file */
	EVAL_EMPTY,   /* min/max over no items: nothing to judge */
	EVAL_ERROR    /* e.g. division by zero, or a type mismatch */
};

struct eval {
	enum eval_status st;
	bool has_lo; /* see lo below (here, in the padding) */
	struct value v;
	const char *why; /* for non-OK: what is missing or wrong */
	/* The same in Chinese for missing data (what a clerk reads); NULL
	 * when why is only an expression, the same in either language. */
	const char *why_zh;
	/* EVAL_MISSING of a number: has_lo when the value is at least lo
	 * whatever the missing data holds (a count over a ledger left out is
	 * at least 0; 12 events + the exhibitions is at least 12).  A check
	 * whose threshold lo already meets is decided (check.c). */
	double lo;
};

/* Compile text that was found at file:line:col.  Returns NULL after adding
 * an error to d.  Names must exist in the schema (nullable: skip checks). */
struct expr *expr_compile(struct arena *a, const char *text, const char *file,
			  int line, int col, const struct schema *s,
			  struct diags *d);
/* scratch receives computed lists and reason strings. */
struct eval expr_eval(const struct expr *e, const struct value *root,
		      struct arena *scratch);
/* A projection e (proj.h) worked out for the venue whose root is given:
 * what e gives when its anchor leads to that venue. */
struct eval expr_eval_projection(const struct expr *e, const struct value *root,
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
/* Item i of what list gives (list[i]), shown as list's own text: a graded
 * pack's per-grade threshold out of bands that each give a list. */
struct expr *expr_item(struct arena *a, const struct expr *list, size_t i);
/* Build `block[key]`-style path with no parsing: used for declared rules. */
struct expr *expr_path2(struct arena *a, const char *block, const char *key);

/* ---- Looking into an expression: the template and explain commands reason
 * about what a rule reads and why an entry counts, with no second parser. */
enum { EXPR_MAX_VARS = 8 };

struct expr_parts {
	enum etype t;
	const char *name;	/* E_ROOT, E_FIELD */
	struct value lit;	/* E_NUM, E_STR, E_BOOL */
	int slot;		/* E_VAR; aggregates: the variable they bind */
	const struct expr *a, *b, *c; /* aggregates: source, where, body */
	const struct expr *const *list; /* E_LIST items */
	size_t nlist;
};

struct expr_parts expr_parts(const struct expr *e);
/* Evaluate with variables bound: vars[i] is the variable of slot i (the
 * slot expr_parts gives for an aggregate), e.g. to judge one ledger entry
 * against a `where` filter. */
struct eval expr_eval_vars(const struct expr *e, const struct value *root,
			   const struct value *vars, size_t nvars,
			   struct arena *scratch);
/* Call fn for every data path e reads: (block, field) for block.field and
 * for x.field of an item x of a ledger; (block, NULL) for a whole block or
 * an index into it.  A path may be reported more than once. */
void expr_reads(const struct expr *e,
		void (*fn)(void *ctx, const char *block, const char *field),
		void *ctx);

/* The aggregates in e (count, sum, min, max, every, any, distinct), outermost
 * first; up to max of them go to out.  Returns how many there are. */
size_t expr_aggregates(const struct expr *e, const struct expr **out,
		       size_t max);
/* Whether an aggregate takes one item of its source: its `where` with the
 * aggregate's variable bound to item (true when it has no `where`).  A
 * filter that reads the variable of an enclosing aggregate is not OK. */
struct eval expr_where(const struct expr *agg, const struct value *root,
		       const struct value *item, struct arena *scratch);

#endif
