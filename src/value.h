/* value.h - typed data values.  A venue file becomes a tree of these after
 * schema validation; the expression evaluator computes with them.
 * Pipeline step: toolkit. */
#ifndef VC_VALUE_H
#define VC_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum vtype { V_NULL, V_BOOL, V_NUM, V_STR, V_DATE, V_LIST, V_MAP };

struct vfield;

struct value {
	enum vtype type;
	int line, col; /* where the value was written; 0 if computed */
	/* V_MAP: a key that is not present reads as null (ledger items, whose
	 * optional fields may be left out) instead of as missing data (facts,
	 * venue header, a whole block).  (Here, not last: it fills the hole
	 * after col, so a value is 48 bytes, not 56: a batch keeps many.) */
	bool absent_is_null;
	union {
		bool b;
		double num; /* whole numbers are exact up to 2^53 */
		const char *str;
		int date; /* yyyymmdd */
	} u;
	/* V_LIST */
	struct value *items;
	/* V_MAP */
	struct vfield *fields;
	size_t n;
};

struct vfield {
	const char *key;
	struct value v;
};

struct value value_num(double n);
struct value value_bool(bool b);
struct value value_str(const char *s);
struct value value_null(void);
/* A number as the shortest decimal that reads back as the same double:
 * whole numbers up to 2^53 in digits (never 1e+15, which a whole-number
 * field refuses), others in 15, 16 or 17 significant digits.  What every
 * writer (YAML, the workbook reader) prints; size >= 32. */
const char *value_num_text(char *buf, size_t size, double n);
/* NULL when absent. */
const struct value *value_get(const struct value *map, const char *key);
const char *value_type_name(enum vtype t);
bool value_equal(const struct value *a, const struct value *b);
/* A deep copy into a, strings and keys included. */
struct value value_copy(struct arena *a, const struct value *v);
/* The same, keeping of a mapping (or of each mapping in a list) only the
 * fields named in keys; their keys then point into keys, which must
 * outlive the copy. */
struct value value_copy_fields(struct arena *a, const struct value *v,
			       const char *const *keys, size_t nkeys);

/* Keys a value's bytes name by number instead of spelling them: a rule
 * pack's own strings (pack.h: the names a pruned venue keeps), sorted by
 * address, so a key that is one of them (the same pointer) is found by a
 * binary search. */
struct value_dict {
	const char **keys;
	size_t n;
	/* Texts a string value often is (the pack's tier names: every venue
	 * names its tier), sorted by content (value_dict_sort): such a value
	 * is written as its number here, not spelled out, and read back as
	 * this pointer.  May be NULL. */
	const char **strs;
	size_t nstrs;
	/* No value's position is written (each reads back as 0:0): what a
	 * streamed batch keeps in memory of a venue, the part other venues'
	 * rules read, which name no line of it (venue.h). */
	bool nopos;
};

/* A value as bytes (bytes.h): its type, position and contents, the keys
 * (those in dict, which may be NULL, by number) and strings with it.
 * What a batch keeps of a pruned venue between its load and its linked
 * rules: about a twentieth of the value tree's size. */
struct bytes;
struct bytes_cur;
void value_encode(struct bytes *b, const struct value *v,
		  const struct value_dict *dict);
/* A value_encode read back with the same dict: lists and mappings
 * allocated in a, strings and other keys pointing into c's bytes, which
 * must outlive out.  False, with c->bad set, when the bytes are not one. */
bool value_decode(struct bytes_cur *c, struct arena *a,
		  const struct value_dict *dict, struct value *out);
/* Without building the value: the mapping under key top of the encoded
 * mapping at c (a pruned venue's header under "venue"), its position in
 * at_top, and its fields keys[k] in out[k] with found[k] (each false and
 * out[k] zero when absent): scalars as value_decode reads them (strings
 * into c's bytes), a list or mapping with its type and position only.
 * Reads a pruned venue's header and positions without an arena, and
 * stops once the fields are found: what follows is not read.  False when
 * there is no top, or the bytes read are not a value_encode's. */
bool value_decode_pick(struct bytes_cur *c, const struct value_dict *dict,
		       const char *top, const char *const *keys, size_t nkeys,
		       struct value *at_top, struct value *out, bool *found);
/* Sort dict's keys by address and its strs by content, dropping repeats
 * (value_encode needs it). */
void value_dict_sort(struct value_dict *dict);
#endif
