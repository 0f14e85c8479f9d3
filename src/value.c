/* value.c - constructors and lookups for data values. */
#include "value.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"

struct value value_num(double n)
{
	struct value v = {.type = V_NUM};
	v.u.num = n;
	return v;
}

struct value value_bool(bool b)
{
	struct value v = {.type = V_BOOL};
	v.u.b = b;
	return v;
}

struct value value_str(const char *s)
{
	struct value v = {.type = V_STR};
	v.u.str = s;
	return v;
}

struct value value_null(void)
{
	struct value v = {.type = V_NULL};
	return v;
}

const char *value_num_text(char *buf, size_t size, double n)
{
	if (n == floor(n) && fabs(n) <= 9007199254740992.0) {
		snprintf(buf, size, "%.0f", n);
		return buf;
	}
	/* %.17g always reads back; fewer digits are tried first because
	 * 0.1 written with 17 is 0.10000000000000001.  Below 15 digits %g
	 * finds nothing shorter, but for a subnormal number, which has fewer
	 * bits: 1e-310, not 9.99999999999997e-311. */
	for (int digits = fabs(n) < DBL_MIN ? 1 : 15; digits <= 17; digits++) {
		snprintf(buf, size, "%.*g", digits, n);
		if (strtod(buf, NULL) == n)
			break;
	}
	return buf;
}

const struct value *value_get(const struct value *map, const char *key)
{
	/* An empty mapping may have no fields array at all (a pruned copy:
	 * value_copy_fields), and NULL + 0 is not a pointer. */
	if (!map || map->type != V_MAP || map->n == 0)
		return NULL;
	/* The hottest loop of a check: keys are usually the pack's own
	 * pointers, so those first; then a first-byte test spares most
	 * strcmp calls. */
	const struct vfield *f = map->fields, *end = f + map->n;
	for (; f < end; f++)
		if (f->key == key)
			return &f->v;
	for (f = map->fields; f < end; f++)
		if (f->key[0] == key[0] && strcmp(f->key, key) == 0)
			return &f->v;
	return NULL;
}

const char *value_type_name(enum vtype t)
{
	static const char *const names[] = {"null", "boolean", "number",
					    "text", "date", "list", "mapping"};
	return names[t];
}

bool value_equal(const struct value *a, const struct value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case V_NULL:
		return true;
	case V_BOOL:
		return a->u.b == b->u.b;
	case V_NUM:
		return a->u.num == b->u.num;
	case V_STR:
		return a->u.str == b->u.str || strcmp(a->u.str, b->u.str) == 0;
	case V_DATE:
		return a->u.date == b->u.date;
	case V_LIST:
	case V_MAP:
		return a == b;
	}
	return false;
}

struct value value_copy(struct arena *a, const struct value *v)
{
	struct value out = *v;
	if (v->type == V_STR && v->u.str)
		out.u.str = arena_strdup(a, v->u.str);
	if (v->type == V_LIST) {
		out.items = arena_alloc(a, (v->n + 1) * sizeof *out.items);
		for (size_t i = 0; i < v->n; i++)
			out.items[i] = value_copy(a, &v->items[i]);
	}
	if (v->type == V_MAP) {
		out.fields = arena_alloc(a, (v->n + 1) * sizeof *out.fields);
		for (size_t i = 0; i < v->n; i++) {
			out.fields[i].key = arena_strdup(a, v->fields[i].key);
			out.fields[i].v = value_copy(a, &v->fields[i].v);
		}
	}
	return out;
}

/* The caller's copy of key, or NULL when it is not listed. */
static const char *listed(const char *key, const char *const *keys, size_t n)
{
	/* Keys are nearly always the pack's own pointers: those first. */
	for (size_t i = 0; i < n; i++)
		if (keys[i] == key)
			return keys[i];
	for (size_t i = 0; key && i < n; i++)
		if (keys[i] && keys[i][0] == key[0] && !strcmp(keys[i], key))
			return keys[i];
	return NULL;
}

struct value value_copy_fields(struct arena *a, const struct value *v,
			       const char *const *keys, size_t nkeys)
{
	if (v->type == V_LIST) {
		struct value out = *v;
		out.items = v->n ? arena_alloc(a, v->n * sizeof *out.items) : NULL;
		for (size_t i = 0; i < v->n; i++)
			out.items[i] = value_copy_fields(a, &v->items[i], keys, nkeys);
		return out;
	}
	if (v->type != V_MAP)
		return value_copy(a, v);
	struct value out = *v;
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		n += listed(v->fields[i].key, keys, nkeys) != NULL;
	/* Exactly n: a batch keeps these of every venue. */
	out.n = 0;
	out.fields = NULL;
	if (n == 0)
		return out;
	out.fields = arena_alloc(a, n * sizeof *out.fields);
	for (size_t i = 0; i < v->n; i++) {
		const char *key = listed(v->fields[i].key, keys, nkeys);
		if (!key)
			continue;
		struct vfield *f = &out.fields[out.n++];
		f->key = key;
		f->v = value_copy(a, &v->fields[i].v);
	}
	return out;
}

/* ---- as bytes ---- */

/* The tag byte: the type, then flags. */
enum { TAG_TYPE = 7, TAG_ABSENT_NULL = 8, TAG_WHOLE = 16, TAG_NO_STR = 32,
       TAG_DICT_STR = 64 /* a string as its number in dict->strs */ };

/* A whole number that a varint holds exactly (not -0, which prints). */
static bool whole(double d)
{
	return d >= -9007199254740992.0 && d <= 9007199254740992.0 &&
	       d == (double)(long long)d && !(d == 0 && signbit(d));
}

static void encode_str(struct bytes *b, const char *s)
{
	bytes_put_z(b, s, strlen(s));
}

static int cmp_addr(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)*(const char *const *)x;
	uintptr_t b = (uintptr_t)*(const char *const *)y;
	return (a > b) - (a < b);
}

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void value_dict_sort(struct value_dict *dict)
{
	if (dict->nstrs) {
		qsort(dict->strs, dict->nstrs, sizeof *dict->strs, cmp_text);
		size_t m = 1;
		for (size_t i = 1; i < dict->nstrs; i++)
			if (strcmp(dict->strs[i], dict->strs[m - 1]) != 0)
				dict->strs[m++] = dict->strs[i];
		dict->nstrs = m;
	}
	if (!dict->n)
		return;
	qsort(dict->keys, dict->n, sizeof *dict->keys, cmp_addr);
	size_t m = 1;
	for (size_t i = 1; i < dict->n; i++)
		if (dict->keys[i] != dict->keys[m - 1])
			dict->keys[m++] = dict->keys[i];
	dict->n = m;
}

/* 1 + key's number in dict, or 0 when it is not one of its strings. */
static size_t key_number(const struct value_dict *dict, const char *key)
{
	size_t lo = 0, hi = dict ? dict->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)dict->keys[mid] < (uintptr_t)key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < (dict ? dict->n : 0) && dict->keys[lo] == key ? lo + 1 : 0;
}

/* 1 + s's number in dict's strs, or 0 when it is none of them. */
static size_t str_number(const struct value_dict *dict, const char *s)
{
	size_t lo = 0, hi = dict && s ? dict->nstrs : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(dict->strs[mid], s);
		if (c == 0)
			return mid + 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Whether the bytes hold each value's position (value_dict's nopos). */
static bool has_pos(const struct value_dict *dict)
{
	return !dict || !dict->nopos;
}

static void encode_key(struct bytes *b, const char *key,
		       const struct value_dict *dict)
{
	size_t k = key_number(dict, key);
	bytes_put_u(b, k);
	if (!k)
		encode_str(b, key);
}

static const char *decode_key(struct bytes_cur *c, const struct value_dict *dict)
{
	uint64_t k = bytes_get_u(c);
	size_t len;
	if (!k)
		return bytes_get_z(c, &len);
	if (!dict || k > dict->n) {
		c->bad = true;
		return NULL;
	}
	return dict->keys[k - 1];
}

void value_encode(struct bytes *b, const struct value *v,
		  const struct value_dict *dict)
{
	bool w = v->type == V_NUM && whole(v->u.num);
	size_t sn = v->type == V_STR ? str_number(dict, v->u.str) : 0;
	bytes_put_u(b, (uint64_t)v->type | (v->absent_is_null ? TAG_ABSENT_NULL : 0) |
			       (w ? TAG_WHOLE : 0) |
			       (v->type == V_STR && !v->u.str ? TAG_NO_STR : 0) |
			       (sn ? TAG_DICT_STR : 0));
	if (has_pos(dict)) {
		bytes_put_i(b, v->line);
		bytes_put_i(b, v->col);
	}
	switch (v->type) {
	case V_NULL: break;
	case V_BOOL: bytes_put_u(b, v->u.b); break;
	case V_NUM:
		if (w)
			bytes_put_i(b, (long long)v->u.num);
		else
			bytes_put_d(b, v->u.num);
		break;
	case V_STR:
		if (sn)
			bytes_put_u(b, sn);
		else if (v->u.str)
			encode_str(b, v->u.str);
		break;
	case V_DATE: bytes_put_i(b, v->u.date); break;
	case V_LIST:
		bytes_put_u(b, v->n);
		for (size_t i = 0; i < v->n; i++)
			value_encode(b, &v->items[i], dict);
		break;
	case V_MAP:
		bytes_put_u(b, v->n);
		for (size_t i = 0; i < v->n; i++) {
			encode_key(b, v->fields[i].key, dict);
			value_encode(b, &v->fields[i].v, dict);
		}
		break;
	}
}

/* How many items a list or mapping may claim: no more than the bytes
 * left could hold (each takes at least 3, or 1 without positions), so a
 * broken count cannot ask for a huge allocation. */
static size_t decode_count(struct bytes_cur *c, const struct value_dict *dict)
{
	uint64_t n = bytes_get_u(c);
	if (n > (uint64_t)(c->end - c->p) / (has_pos(dict) ? 3 : 1))
		c->bad = true;
	return c->bad ? 0 : (size_t)n;
}

/* A decoding's cursor, arena and dictionary. */
struct decoder {
	struct bytes_cur *c;
	struct arena *a;
	const struct value_dict *dict;
};

static bool decode_at(struct decoder *dc, struct value *out, int depth);

/* A TAG_DICT_STR string: dict's, or bad when dict has no such number. */
static const char *dict_str(struct bytes_cur *c, const struct value_dict *dict)
{
	uint64_t k = bytes_get_u(c);
	if (!dict || k == 0 || k > dict->nstrs) {
		c->bad = true;
		return NULL;
	}
	return dict->strs[k - 1];
}

static void decode_items(struct decoder *dc, struct value *out, int depth)
{
	struct bytes_cur *c = dc->c;
	struct arena *a = dc->a;
	out->n = decode_count(c, dc->dict);
	if (out->type == V_LIST) {
		out->items = out->n ? arena_take(a, out->n * sizeof *out->items) : NULL;
		for (size_t i = 0; i < out->n && !c->bad; i++)
			decode_at(dc, &out->items[i], depth + 1);
		return;
	}
	out->fields = out->n ? arena_take(a, out->n * sizeof *out->fields) : NULL;
	for (size_t i = 0; i < out->n && !c->bad; i++) {
		out->fields[i].key = decode_key(c, dc->dict);
		decode_at(dc, &out->fields[i].v, depth + 1);
	}
}

static bool decode_at(struct decoder *dc, struct value *out, int depth)
{
	struct bytes_cur *c = dc->c;
	*out = (struct value){0};
	uint64_t tag = bytes_get_u(c);
	if ((tag & TAG_TYPE) > V_MAP || depth > 256)
		c->bad = true;
	if (c->bad)
		return false;
	out->type = (enum vtype)(tag & TAG_TYPE);
	out->absent_is_null = tag & TAG_ABSENT_NULL;
	if (has_pos(dc->dict)) {
		out->line = bytes_get_int(c);
		out->col = bytes_get_int(c);
	}
	size_t len;
	switch (out->type) {
	case V_NULL: break;
	case V_BOOL: out->u.b = bytes_get_u(c) != 0; break;
	case V_NUM:
		out->u.num = tag & TAG_WHOLE ? (double)bytes_get_i(c) : bytes_get_d(c);
		break;
	case V_STR:
		if (tag & TAG_DICT_STR)
			out->u.str = dict_str(c, dc->dict);
		else
			out->u.str = tag & TAG_NO_STR ? NULL : bytes_get_z(c, &len);
		break;
	case V_DATE: out->u.date = bytes_get_int(c); break;
	case V_LIST:
	case V_MAP: decode_items(dc, out, depth); break;
	}
	return !c->bad;
}

bool value_decode(struct bytes_cur *c, struct arena *a,
		  const struct value_dict *dict, struct value *out)
{
	struct decoder dc = {c, a, dict};
	return decode_at(&dc, out, 0);
}

/* Past one encoded value, building nothing. */
static void skip_at(struct bytes_cur *c, const struct value_dict *dict,
		    int depth)
{
	uint64_t tag = bytes_get_u(c);
	if ((tag & TAG_TYPE) > V_MAP || depth > 256)
		c->bad = true;
	if (c->bad)
		return;
	if (has_pos(dict)) {
		(void)bytes_get_u(c); /* line, col */
		(void)bytes_get_u(c);
	}
	size_t len;
	switch ((enum vtype)(tag & TAG_TYPE)) {
	case V_NULL: break;
	case V_BOOL: (void)bytes_get_u(c); break;
	case V_NUM:
		if (tag & TAG_WHOLE)
			(void)bytes_get_u(c);
		else
			(void)bytes_get_d(c);
		break;
	case V_STR:
		if (tag & TAG_DICT_STR)
			(void)dict_str(c, dict);
		else if (!(tag & TAG_NO_STR))
			(void)bytes_get_z(c, &len);
		break;
	case V_DATE: (void)bytes_get_u(c); break;
	case V_LIST:
	case V_MAP: {
		bool map = (tag & TAG_TYPE) == V_MAP;
		size_t n = decode_count(c, dict);
		for (size_t i = 0; i < n && !c->bad; i++) {
			if (map)
				(void)decode_key(c, dict);
			skip_at(c, dict, depth + 1);
		}
		break;
	}
	}
}

/* One field of a mapping: a scalar read as decode_at reads it, a list or
 * mapping skipped (n 0, no items). */
static void pick_one(struct bytes_cur *c, const struct value_dict *dict,
		     struct value *out)
{
	struct bytes_cur at = *c;
	uint64_t tag = bytes_get_u(&at);
	if ((tag & TAG_TYPE) == V_LIST || (tag & TAG_TYPE) == V_MAP) {
		*out = (struct value){.type = (enum vtype)(tag & TAG_TYPE),
				      .absent_is_null = tag & TAG_ABSENT_NULL};
		if (has_pos(dict)) {
			out->line = bytes_get_int(&at);
			out->col = bytes_get_int(&at);
		}
		skip_at(c, dict, 1);
		return;
	}
	struct decoder dc = {c, NULL, dict}; /* a scalar allocates nothing */
	decode_at(&dc, out, 1);
}

/* The fields keys[k] of m (a mapping's count just read) into out[k]. */
static void pick_fields(struct bytes_cur *c, const struct value_dict *dict,
			size_t m, const char *const *keys, size_t nkeys,
			struct value *out, bool *found)
{
	size_t left = nkeys;
	for (size_t i = 0; i < m && left && !c->bad; i++) {
		const char *key = decode_key(c, dict);
		size_t k = 0; /* the first letter first: most keys are not one */
		while (key && k < nkeys &&
		       (key[0] != keys[k][0] || strcmp(key, keys[k]) != 0))
			k++;
		if (c->bad || k == nkeys || found[k]) {
			skip_at(c, dict, 1);
			continue;
		}
		found[k] = true; /* the first, as value_get finds it */
		left--;
		pick_one(c, dict, &out[k]);
	}
}

bool value_decode_pick(struct bytes_cur *c, const struct value_dict *dict,
		       const char *top, const char *const *keys, size_t nkeys,
		       struct value *at_top, struct value *out, bool *found)
{
	struct value none = {0};
	*at_top = none;
	for (size_t k = 0; k < nkeys; k++) {
		out[k] = none;
		found[k] = false;
	}
	if ((bytes_get_u(c) & TAG_TYPE) != V_MAP)
		c->bad = true;
	if (has_pos(dict)) {
		(void)bytes_get_u(c);
		(void)bytes_get_u(c);
	}
	size_t n = decode_count(c, dict);
	/* The first top, as value_get finds it; the reading stops there (a
	 * venue's header comes first, before the ledgers it keeps). */
	for (size_t i = 0; i < n && !c->bad; i++) {
		const char *key = decode_key(c, dict);
		if (!key || strcmp(key, top) != 0) {
			skip_at(c, dict, 1);
			continue;
		}
		struct bytes_cur at = *c;
		if ((bytes_get_u(&at) & TAG_TYPE) != V_MAP) {
			pick_one(c, dict, at_top);
			return !c->bad;
		}
		at_top->type = V_MAP;
		if (has_pos(dict)) {
			at_top->line = bytes_get_int(&at);
			at_top->col = bytes_get_int(&at);
		}
		*c = at;
		at_top->n = decode_count(c, dict);
		pick_fields(c, dict, at_top->n, keys, nkeys, out, found);
		return !c->bad;
	}
	return false;
}
