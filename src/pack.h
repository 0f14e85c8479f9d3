/* rules.h - a loaded rule pack: the standard it encodes, its tiers, the data
 * format its rules read (see schema.h) and the rules with their compiled
 * expressions.  Loaded once, shared read-only by every check.
 * Pipeline step: 1, load pack. */
#ifndef VC_PACK_H
#define VC_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "expr.h"
#include "schema.h"

struct tier {
	const char *id, *name, *name_en, *label, *parent;
	struct declared_keys declared; /* keys of this tier's declared rules */
	/* And those a file may use: the accepted packs' too (accepts:), or
	 * keys NULL: declared. */
	struct declared_keys valid;
	int line, col; /* in the pack's file */
	/* What a venue of this tier keeps once pruned (venue_prune): the
	 * header, ledgers that list venues, and the blocks its own linked
	 * rules read outside their projections; of those, these fields. */
	const char **keep;
	size_t nkeep;
	const char **keep_fields;
	size_t nkeep_fields;
	/* Some tier sits under this one (its venues can be parents): a
	 * streamed batch keeps their names in memory (venue.h). */
	bool has_under;
	/* This tier's rules, as indices into the pack's rules and in their
	 * order; set by pack_index once the rule list is final.  check_own
	 * reads these: scanning every tier's rules for each venue cost more
	 * cache misses than the rest of its work (bench/README.md). */
	size_t *rules;
	size_t nrules;
};

struct category {
	const char *name, *name_en;
};

enum op { OP_GE, OP_GT, OP_LE, OP_LT, OP_EQ };

/* A graded pack's grades, best first (一级, 二级, 三级). */
enum { PACK_MAX_GRADES = 8 };
struct grade {
	const char *id, *name, *name_en;
	bool has_points;
	double min_points; /* the grade line on the points total */
	int line, col;
};


/* One comparison: measured <op> threshold.  A rule has one or more. */
struct comparison {
	const char *label, *label_en; /* what this check looks at, if several */
	struct expr *applies;	      /* optional: skip the check when false */
	struct expr *measure, *threshold;
	struct expr *stated; /* optional: a typed-in total to compare with */
	enum op op;
	const char *unit, *unit_en;
	bool percent; /* unit "%": show ratios as percentages */
	bool batch;   /* needs the venues under this one: judged only when
			 the batch has some; else the rule needs the batch */
	/* Graded packs: one threshold per grade (pack.ngrades of them; NULL
	 * for a grade without a requirement), or NULL when the check has one
	 * threshold for all.  threshold is then the lowest grade's. */
	struct expr **per_grade;
	/* The gap shown again times gap_scale, in gap_unit ("约 40 万元"). */
	struct expr *gap_scale;
	const char *gap_unit, *gap_unit_en;
	int line, col;
};

/* Where a rule of the effective pack comes from (see extends:). */
enum rule_origin { ORIGIN_BASE, ORIGIN_ADDED, ORIGIN_OVERRIDDEN };

enum rule_kind { KIND_MIN, KIND_EACH, KIND_RATIO, KIND_SCALED, KIND_DECLARED,
		 KIND_SYSTEM };

struct rule {
	const char *id, *tier, *category;
	const char *clause;  /* the standard's words (Chinese) */
	const char *summary; /* short Chinese title */
	const char *title;   /* short English title */
	const char *note, *note_en;
	/* How the requirement reads where the threshold depends on the venue
	 * ("≥ 2 × 行政村数 场"); NULL: derived from a constant threshold. */
	const char *requirement, *requirement_en;
	const char *key; /* declared rules: key in the data file's declared: */
	enum rule_kind kind;
	bool warning; /* severity: warning: counts only with --fail-on warning */
	bool linked;  /* reads other venues (children, parent, child()): judged
			 only once the batch is linked (check_linked) */
	/* Graded packs: whether the rule gates the grade (gates: false: it
	 * does not); demote: grades it takes off; points: a scored item's
	 * points earned, out of max_points (分值). */
	bool gates;
	struct expr *demote, *points;
	double max_points;
	struct comparison *checks;
	size_t nchecks;
	int line, col;
	enum rule_origin origin;
	const char *origin_pack; /* id of the pack whose rules: define it */
	const char *origin_file; /* added / overridden: that pack's file name */
};

/* A base rule that an extending pack turned off: not checked, listed. */
struct disabled_rule {
	struct rule rule;
	const char *reason;
	const char *file; /* the disabling pack's file name */
};

struct pack {
	struct arena arena;
	const char *path;
	const char *id, *title, *title_en, *source;
	struct tier *tiers;
	size_t ntiers;
	struct category *cats;
	size_t ncats;
	struct schema schema;
	struct rule *rules;
	size_t nrules;
	struct grade *grades; /* best first; none: the pack is pass/fail */
	size_t ngrades;
	/* The blocks some venue must keep once its own rules are judged: what
	 * the linked rules read outside their projections, the header, and
	 * ledgers that list venues with the id and name of each entry (each
	 * tier's own share: struct tier).  keep_all: a linked rule reads a
	 * key computed at run time, or another venue outside a projection. */
	const char **keep;
	size_t nkeep;
	const char **keep_fields; /* and of those blocks, these fields */
	size_t nkeep_fields;
	bool keep_all;
	/* Every name above, each tier's and the projections' keys: what a
	 * pruned venue's bytes name by number (venue.h, value.h). */
	struct value_dict keys;
	/* The same keys for bytes without positions (value_dict's nopos):
	 * what a streamed batch keeps of a venue in memory. */
	struct value_dict hot;
	/* The linked rules' projections (proj.h): what venues of a tier
	 * keep, worked out from their own file, instead of the data it
	 * reads.  kind PROJ_CHILD: venues whose tier's parent is tier;
	 * PROJ_PARENT: venues of tier's parent tier. */
	struct pack_proj {
		const struct expr *e;
		const char *key; /* the hidden root key it is kept under */
		const char *tier; /* the tier of the rule that reads it */
		int kind;	  /* enum proj_kind */
	} *proj;
	size_t nproj;
	struct pack *base; /* the pack this one extends (owned), or NULL */
	struct disabled_rule *disabled;
	size_t ndisabled;
	/* accepts: the packs whose data formats a file may also hold (owned;
	 * their fields validated, never read: schema.valid). */
	struct pack **accepted;
	size_t naccepted;
	/* Packs combined in one run (pack_combine): the parts, owned; id,
	 * title and rules are theirs together.  None for a loaded pack. */
	struct pack **parts;
	size_t nparts;
};

/* NULL after adding errors (with file:line:col) to d. */
struct pack *pack_load(const char *path, struct diags *d);
/* The same, finding the bases that extends: names in dirs (packfind.h);
 * pack_load uses the built-in directories. */
struct packfind_dirs;
struct pack *pack_load_in(const char *path, const struct packfind_dirs *dirs,
			   struct diags *d);
struct pack *pack_load_string_in(const char *name, const char *buf, size_t len,
				  const struct packfind_dirs *dirs,
				  struct diags *d);
struct pack *pack_load_string(const char *name, const char *buf, size_t len,
			       struct diags *d);
void pack_free(struct pack *p);
/* Several packs checked in one run as one (--rules A --rules B): their
 * rules (ids must differ), tiers (one tier per id), categories, data
 * formats and measures together; at most one with grades:, whose grades
 * the run has (the other packs' rules do not gate the grade).  Takes the
 * parts (freed with the result, or here on errors); NULL after errors
 * with file:line:col.  n == 1: the part itself. */
struct pack *pack_combine(struct pack **parts, size_t n, struct diags *d);
/* The pack loader's last step, once the rule list is final: the declared
 * keys and the linked rules (pack.c, packset.c). */
void pack_index(struct pack *p);
/* The file a rule of p is written in (its line and col are there). */
const char *pack_rule_file(const struct pack *p, const struct rule *r);

const struct tier *pack_tier(const struct pack *p, const char *id);
const struct category *pack_category(const struct pack *p, const char *name);
const struct rule *pack_rule(const struct pack *p, const char *id);
/* The keys a venue of this tier may use under declared:. */
struct declared_keys pack_declared_keys(const void *pack, const char *tier);
const char *pack_kind_name(enum rule_kind k);
/* Whether a rule's checks read block.field of the venue judged (field
 * NULL: any of the block).  Typed-in totals (stated) are not what a rule
 * reads; another venue's data (a child's) is not reported. */
bool pack_rule_reads(const struct rule *r, const char *block, const char *field);
/* "jiaxing-2015", "added in nanhu-2024.yaml", "overridden in ...". */
const char *pack_origin_text(const struct rule *r, struct arena *a);
/* The rule ids of the pack, for did-you-mean; n set to their number. */
const char **pack_rule_ids(const struct pack *p, struct arena *a, size_t *n);
const char *pack_op_text(enum op op);
/* The index of a grade by id or name, or -1. */
int pack_grade_index(const struct pack *p, const char *name);
/* A grade's name in the report's language; the index ngrades or -1 is
 * 未达等级 / "no grade". */
const char *pack_grade_name(const struct pack *p, int g, bool english);
/* The requirement of a rule in words, the same for every venue:
 * "≥ 42 小时", the rule's requirement text, or the threshold expression. */
const char *pack_requirement(const struct rule *r, bool english,
			      struct arena *a);

#endif
