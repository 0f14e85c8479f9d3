/* test_bytes.c - the byte records of bytes.h and a value through them
 * (value_encode / value_decode): every type, position and flag back as it
 * was, numbers exact, and bytes that are cut short or broken refused; then
 * a pruned venue read back (venue_root) holds what it kept, and the view
 * a streamed batch makes of its reference (venue_view) what venue_prune's
 * venue holds. */
#include "helpers.h"

#include <math.h>

#include "bytes.h"

static void test_primitives(void **state)
{
	(void)state;
	struct bytes b = {0};
	bytes_put_u(&b, 0);
	bytes_put_u(&b, 127);
	bytes_put_u(&b, 128);
	bytes_put_u(&b, UINT64_MAX);
	bytes_put_i(&b, -1);
	bytes_put_i(&b, -2147483648LL);
	bytes_put_i(&b, 1LL << 40); /* not an int: bytes_get_int gives 0 */
	bytes_put_d(&b, 0.1);
	bytes_put_s(&b, NULL);
	bytes_put_s(&b, "");
	bytes_put_s(&b, "馆");
	bytes_put_z(&b, "ab", 2);
	struct bytes_cur c = {.p = b.p, .end = b.p + b.n};
	assert_int_equal(bytes_get_u(&c), 0);
	assert_int_equal(bytes_get_u(&c), 127);
	assert_int_equal(bytes_get_u(&c), 128);
	assert_true(bytes_get_u(&c) == UINT64_MAX);
	assert_int_equal(bytes_get_i(&c), -1);
	assert_int_equal(bytes_get_int(&c), 0); /* -2^31 is outside int's range here */
	assert_int_equal(bytes_get_int(&c), 0);
	assert_true(bytes_get_d(&c) == 0.1);
	assert_null(bytes_get_s(&c, NULL));
	char *empty = bytes_get_s(&c, NULL);
	assert_string_equal(empty, "");
	free(empty);
	char *han = bytes_get_s(&c, NULL);
	assert_string_equal(han, "馆");
	free(han);
	size_t len;
	const char *z = bytes_get_z(&c, &len);
	assert_string_equal(z, "ab");
	assert_int_equal(len, 2);
	assert_false(c.bad);
	assert_true(c.p == c.end);
	/* Past the end: zeros and bad. */
	assert_int_equal(bytes_get_u(&c), 0);
	assert_true(c.bad);
	bytes_free(&b);
}

/* A varint that never ends, and a string of bytes_put_z without its NUL. */
static void test_broken_primitives(void **state)
{
	(void)state;
	unsigned char endless[11];
	memset(endless, 0xff, sizeof endless);
	struct bytes_cur c = {.p = endless, .end = endless + sizeof endless};
	assert_int_equal(bytes_get_u(&c), 0);
	assert_true(c.bad);
	const unsigned char nonul[] = {2, 'a', 'b', 'c'};
	c = (struct bytes_cur){.p = nonul, .end = nonul + sizeof nonul};
	size_t len;
	assert_null(bytes_get_z(&c, &len));
	assert_true(c.bad);
}

static struct value map_of(struct arena *a, size_t n)
{
	struct value m = {.type = V_MAP, .n = n};
	m.fields = arena_alloc(a, n * sizeof *m.fields);
	return m;
}

/* One of each type, at positions of their own, nested in a list and a
 * mapping; numbers that are whole and not, -0, 2^53 and beyond. */
static struct value sample(struct arena *a)
{
	static const double nums[] = {0, -0.0, 42, -7, 0.1, 1e300, 9007199254740992.0,
				      9007199254740994.0, -9007199254740992.0};
	size_t nn = sizeof nums / sizeof *nums;
	struct value list = {.type = V_LIST, .n = nn, .line = 3, .col = 4};
	list.items = arena_alloc(a, nn * sizeof *list.items);
	for (size_t i = 0; i < nn; i++) {
		list.items[i] = value_num(nums[i]);
		list.items[i].line = (int)i + 10;
		list.items[i].col = 2;
	}
	struct value m = map_of(a, 7);
	m.line = 1;
	m.col = 1;
	m.absent_is_null = true;
	m.fields[0] = (struct vfield){.key = "nums", .v = list};
	m.fields[1] = (struct vfield){.key = "名称", .v = value_str("嘉兴市文化馆")};
	m.fields[2] = (struct vfield){.key = "none", .v = value_null()};
	m.fields[3] = (struct vfield){.key = "yes", .v = value_bool(true)};
	m.fields[4] = (struct vfield){.key = "date", .v = {.type = V_DATE, .u.date = 20241231}};
	m.fields[5] = (struct vfield){.key = "nostr", .v = {.type = V_STR, .u.str = NULL}};
	m.fields[6] = (struct vfield){.key = "empty", .v = map_of(a, 0)};
	m.fields[6].v.fields = NULL;
	return m;
}

/* a as b, with b's positions or (pos false) none: every one 0:0. */
static void assert_like(const struct value *a, const struct value *b, bool pos)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->line, pos ? b->line : 0);
	assert_int_equal(a->col, pos ? b->col : 0);
	assert_int_equal(a->absent_is_null, b->absent_is_null);
	assert_int_equal(a->n, b->n);
	if (a->type == V_NUM) {
		assert_true(a->u.num == b->u.num);
		assert_int_equal(signbit(a->u.num) != 0, signbit(b->u.num) != 0);
	} else if (a->type == V_STR && (!a->u.str || !b->u.str)) {
		assert_true(a->u.str == b->u.str);
	} else if (a->type != V_LIST && a->type != V_MAP) {
		assert_true(value_equal(a, b));
	}
	for (size_t i = 0; a->type == V_LIST && i < a->n; i++)
		assert_like(&a->items[i], &b->items[i], pos);
	for (size_t i = 0; a->type == V_MAP && i < a->n; i++) {
		assert_string_equal(a->fields[i].key, b->fields[i].key);
		assert_like(&a->fields[i].v, &b->fields[i].v, pos);
	}
}

static void assert_same(const struct value *a, const struct value *b)
{
	assert_like(a, b, true);
}

/* sample() in a (initialised here) as v, and its bytes. */
static struct bytes encoded_sample(struct arena *a, struct value *v)
{
	arena_init(a);
	*v = sample(a);
	struct bytes b = {0};
	value_encode(&b, v, NULL);
	return b;
}

static void test_value_round_trip(void **state)
{
	(void)state;
	struct arena a;
	struct value v;
	struct bytes b = encoded_sample(&a, &v);
	struct bytes_cur c = {.p = b.p, .end = b.p + b.n};
	struct value back;
	assert_true(value_decode(&c, &a, NULL, &back));
	assert_true(c.p == c.end);
	assert_same(&v, &back);
	/* Strings and keys point into the bytes: nothing copied. */
	const struct value *name = value_get(&back, "名称");
	assert_true((const unsigned char *)name->u.str > b.p &&
		    (const unsigned char *)name->u.str < b.p + b.n);
	bytes_free(&b);
	arena_free(&a);
}

/* Every cut of the bytes, and a type that does not exist, is refused. */
static void test_value_broken(void **state)
{
	(void)state;
	struct arena a;
	struct value v;
	struct bytes b = encoded_sample(&a, &v);
	for (size_t cut = 0; cut < b.n; cut++) {
		struct bytes_cur c = {.p = b.p, .end = b.p + cut};
		struct value back;
		assert_false(value_decode(&c, &a, NULL, &back));
		assert_true(c.bad);
	}
	unsigned char bad_type[] = {7, 0, 0};
	struct bytes_cur c = {.p = bad_type, .end = bad_type + sizeof bad_type};
	struct value back;
	assert_false(value_decode(&c, &a, NULL, &back));
	/* A list claiming more items than its bytes could hold. */
	unsigned char huge[] = {V_LIST, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f};
	c = (struct bytes_cur){.p = huge, .end = huge + sizeof huge};
	assert_false(value_decode(&c, &a, NULL, &back));
	bytes_free(&b);
	arena_free(&a);
}

/* A string that is one of the dictionary's texts (a tier's name) goes by
 * number, whatever its address, and comes back as the dictionary's own
 * pointer with its position; other strings, and keys, as before.  Read
 * without the texts, or with fewer, it is refused. */
static void test_value_dict_strings(void **state)
{
	(void)state;
	static const char *texts[] = {"village", "city", "town", "county", "town"};
	const char *strs[5];
	memcpy(strs, texts, sizeof strs);
	struct value_dict dict = {NULL, 0, strs, 5, false};
	value_dict_sort(&dict);
	assert_int_equal(dict.nstrs, 4); /* "town" once */
	struct arena a;
	arena_init(&a);
	struct value m = map_of(&a, 3);
	char village[] = "village"; /* not the dictionary's pointer */
	m.fields[0] = (struct vfield){.key = "tier", .v = value_str(village)};
	m.fields[0].v.line = 3;
	m.fields[0].v.col = 9;
	m.fields[1] = (struct vfield){.key = "name", .v = value_str("villages")};
	m.fields[2] = (struct vfield){.key = "town", .v = value_str("")};
	struct bytes with = {0}, without = {0};
	value_encode(&with, &m, &dict);
	value_encode(&without, &m, NULL);
	assert_int_equal(with.n + strlen("village") + 1, without.n);
	struct bytes_cur c = {.p = with.p, .end = with.p + with.n};
	struct value back;
	assert_true(value_decode(&c, &a, &dict, &back));
	assert_true(c.p == c.end);
	assert_same(&m, &back);
	const struct value *tier = value_get(&back, "tier");
	assert_ptr_equal(tier->u.str, texts[0]);
	assert_int_equal(tier->line, 3);
	assert_int_equal(tier->col, 9);
	assert_true((const unsigned char *)value_get(&back, "name")->u.str > with.p);
	/* in place, as a view reads a header */
	static const char *const keys[] = {"tier"};
	struct value outer = map_of(&a, 1), at, f;
	outer.fields[0] = (struct vfield){.key = "venue", .v = m};
	struct bytes nested = {0};
	value_encode(&nested, &outer, &dict);
	bool found;
	c = (struct bytes_cur){.p = nested.p, .end = nested.p + nested.n};
	assert_true(value_decode_pick(&c, &dict, "venue", keys, 1, &at, &f, &found));
	assert_true(found);
	assert_ptr_equal(f.u.str, texts[0]);
	c = (struct bytes_cur){.p = with.p, .end = with.p + with.n};
	assert_false(value_decode(&c, &a, NULL, &back));
	struct value_dict fewer = {NULL, 0, strs, 0, false};
	c = (struct bytes_cur){.p = with.p, .end = with.p + with.n};
	assert_false(value_decode(&c, &a, &fewer, &back));
	bytes_free(&nested);
	bytes_free(&with);
	bytes_free(&without);
	arena_free(&a);
}

/* value_decode_pick reads the fields of the mapping under a key as
 * value_decode and value_get would find them, skipping every other value
 * (a list, a nested mapping), and refuses the bytes cut short. */
static void test_value_pick(void **state)
{
	(void)state;
	struct arena a;
	struct value v;
	arena_init(&a);
	v = sample(&a);
	struct value outer = map_of(&a, 3);
	outer.fields[0] = (struct vfield){.key = "before", .v = v};
	outer.fields[1] = (struct vfield){.key = "venue", .v = v};
	outer.fields[2] = (struct vfield){.key = "venue", .v = value_num(1)};
	outer.fields[1].v.line = 5;
	outer.fields[1].v.col = 6;
	struct bytes b = {0};
	value_encode(&b, &outer, NULL);
	static const char *const keys[] = {"名称", "yes", "nums", "absent", "date", "nostr"};
	enum { NK = sizeof keys / sizeof *keys };
	struct value at, f[NK];
	bool found[NK];
	struct bytes_cur c = {.p = b.p, .end = b.p + b.n};
	assert_true(value_decode_pick(&c, NULL, "venue", keys, NK, &at, f, found));
	assert_int_equal(at.type, V_MAP);
	assert_int_equal(at.line, 5);
	assert_int_equal(at.col, 6);
	assert_int_equal(at.n, v.n);
	for (size_t k = 0; k < NK; k++) {
		const struct value *want = value_get(&v, keys[k]);
		assert_int_equal(found[k], want != NULL);
		if (!want)
			continue;
		assert_int_equal(f[k].type, want->type);
		assert_int_equal(f[k].line, want->line);
		assert_int_equal(f[k].col, want->col);
		if (want->type != V_LIST)
			assert_same(&f[k], want);
	}
	assert_true((const unsigned char *)f[0].u.str > b.p &&
		    (const unsigned char *)f[0].u.str < b.p + b.n);
	c = (struct bytes_cur){.p = b.p, .end = b.p + b.n};
	assert_false(value_decode_pick(&c, NULL, "other", keys, NK, &at, f, found));
	/* Cut before the last field picked ("nostr", the mapping's last):
	 * refused; what follows it is not read. */
	struct bytes upto = {0};
	outer.n = 2;
	value_encode(&upto, &outer, NULL);
	for (size_t cut = 0; cut < upto.n; cut++) {
		c = (struct bytes_cur){.p = b.p, .end = b.p + cut};
		assert_false(value_decode_pick(&c, NULL, "venue", keys, NK, &at, f, found));
	}
	bytes_free(&upto);
	bytes_free(&b);
	arena_free(&a);
}

/* Keys of the dictionary go by number and come back as its own pointers;
 * others are spelled out; a number the dictionary does not have is
 * refused. */
static void test_value_dict(void **state)
{
	(void)state;
	static const char *words[] = {"venue", "id", "id", ".p1"};
	const char *keys[4];
	memcpy(keys, words, sizeof keys);
	struct value_dict dict = {keys, 4, NULL, 0, false};
	value_dict_sort(&dict);
	assert_int_equal(dict.n, 3); /* the repeated pointer once */
	struct arena a;
	arena_init(&a);
	struct value m = map_of(&a, 3);
	m.fields[0] = (struct vfield){.key = words[0], .v = value_num(1)};
	char other[] = "venue"; /* the same text, not the pack's string */
	m.fields[1] = (struct vfield){.key = other, .v = value_num(2)};
	m.fields[2] = (struct vfield){.key = words[3], .v = value_num(3)};
	struct bytes with = {0}, without = {0};
	value_encode(&with, &m, &dict);
	value_encode(&without, &m, NULL);
	assert_true(with.n < without.n);
	struct bytes_cur c = {.p = with.p, .end = with.p + with.n};
	struct value back;
	assert_true(value_decode(&c, &a, &dict, &back));
	assert_ptr_equal(back.fields[0].key, words[0]);
	assert_string_equal(back.fields[1].key, "venue");
	assert_ptr_not_equal(back.fields[1].key, words[0]);
	assert_ptr_equal(back.fields[2].key, words[3]);
	/* Read without its dictionary, or with a smaller one: refused. */
	c = (struct bytes_cur){.p = with.p, .end = with.p + with.n};
	assert_false(value_decode(&c, &a, NULL, &back));
	struct value_dict small = {keys, 1, NULL, 0, false};
	c = (struct bytes_cur){.p = with.p, .end = with.p + with.n};
	assert_false(value_decode(&c, &a, &small, &back));
	bytes_free(&with);
	bytes_free(&without);
	arena_free(&a);
}

/* Bytes without positions (nopos): shorter, the same values read back
 * with every position 0:0, by value_decode and value_decode_pick alike;
 * a count larger than the bytes left is still refused. */
static void test_value_nopos(void **state)
{
	(void)state;
	struct arena a;
	struct value v;
	struct bytes with = encoded_sample(&a, &v), without = {0};
	const struct value_dict nopos = {.nopos = true};
	value_encode(&without, &v, &nopos);
	assert_true(without.n + 2 * 8 <= with.n); /* 2 bytes a value at least */
	struct bytes_cur c = {.p = without.p, .end = without.p + without.n};
	struct value back;
	assert_true(value_decode(&c, &a, &nopos, &back));
	assert_ptr_equal(c.p, c.end);
	assert_like(&back, &v, false);
	/* Read as bytes with positions, they are not the same value. */
	c = (struct bytes_cur){.p = without.p, .end = without.p + without.n};
	struct value wrong;
	assert_false(value_decode(&c, &a, NULL, &wrong) && c.p == c.end &&
		     wrong.n == v.n);
	bytes_free(&without);
	/* A header picked in place, as a view reads it. */
	struct value m = map_of(&a, 2), hdr = map_of(&a, 2);
	hdr.fields[0] = (struct vfield){.key = "id", .v = value_str("330402")};
	hdr.fields[1] = (struct vfield){.key = "year", .v = value_num(2024)};
	hdr.line = 2;
	hdr.fields[0].v.line = 3;
	m.fields[0] = (struct vfield){.key = "facts", .v = value_num(1)};
	m.fields[1] = (struct vfield){.key = "venue", .v = hdr};
	value_encode(&without, &m, &nopos);
	static const char *const keys[] = {"year", "id"};
	struct value top, got[2];
	bool found[2];
	c = (struct bytes_cur){.p = without.p, .end = without.p + without.n};
	assert_true(value_decode_pick(&c, &nopos, "venue", keys, 2, &top, got, found));
	assert_true(found[0] && found[1]);
	assert_string_equal(got[1].u.str, "330402");
	assert_true(got[0].u.num == 2024);
	assert_int_equal(top.line + got[1].line, 0);
	/* A list claiming more items than bytes are left. */
	struct bytes bad = {0};
	bytes_put_u(&bad, V_LIST);
	bytes_put_u(&bad, 5);
	bytes_put_u(&bad, V_NULL);
	c = (struct bytes_cur){.p = bad.p, .end = bad.p + bad.n};
	assert_false(value_decode(&c, &a, &nopos, &back));
	bytes_free(&bad);
	bytes_free(&without);
	bytes_free(&with);
	arena_free(&a);
}

/* A pruned town keeps its header and villages ledger (ids, names and the
 * numbers the linked rules read), read back with their positions; its
 * header's fields still point into what it keeps. */
static void test_pruned_venue_read_back(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	struct diags d;
	diag_init(&d);
	struct venue *whole = venue_load(p, "../examples/towns/xinfeng.yaml", NULL, &d);
	struct venue *v = venue_load(p, "../examples/towns/xinfeng.yaml", NULL, &d);
	assert_non_null(v);
	struct arena keep;
	arena_init(&keep);
	v = venue_prune(v, p, &keep, NULL);
	assert_null(v->root);
	assert_null(v->arena); /* it lives in keep now */
	assert_true(v->nkept > 0);
	struct arena a;
	arena_init(&a);
	const struct value *root = venue_root(v, &a);
	assert_non_null(root);
	assert_same(value_get(whole->root, "venue"), value_get(root, "venue"));
	const struct value *vil = value_get(root, "villages");
	const struct value *wvil = value_get(whole->root, "villages");
	assert_int_equal(vil->n, wvil->n);
	assert_int_equal(vil->line, wvil->line);
	assert_string_equal(value_get(&vil->items[0], "id")->u.str,
			    value_get(&wvil->items[0], "id")->u.str);
	assert_true((const unsigned char *)v->id >= v->kept &&
		    (const unsigned char *)v->id < v->kept + v->nkept);
	struct venue_pos at = venue_header_pos(v, "id");
	assert_int_equal(at.line, value_get(value_get(whole->root, "venue"), "id")->line);
	assert_int_equal(v->at_header.line, value_get(whole->root, "venue")->line);
	venue_free(v); /* frees nothing: the arena does */
	arena_free(&keep);
	arena_free(&a);
	venue_free(whole);
	diag_free(&d);
	pack_free(p);
}

/* A streamed batch's reference (venue_split) and the views made of it:
 * venue_view_whole, from the bytes split off for the record, holds what
 * venue_prune's struct venue holds (the header's strings pointing into
 * the same bytes, positions, year, the bytes and their dictionary, the
 * file's name); venue_view, from the bytes kept in memory, the header's
 * id, tier, parent and year, the name only for a tier another sits
 * under, no position, and the projections' answers.  A venue with
 * waivers of its own is not split: it is kept whole (venue_prune_ref). */
static void assert_view_is(const struct venue *w, const struct venue *k)
{
	assert_string_equal(w->id, k->id);
	assert_string_equal(w->name, k->name);
	assert_string_equal(w->tier, k->tier);
	if (k->parent)
		assert_string_equal(w->parent, k->parent);
	else
		assert_null(w->parent);
	assert_int_equal(w->year, k->year);
	assert_int_equal(w->at_header.line, k->at_header.line);
	assert_int_equal(w->at_header.col, k->at_header.col);
	assert_int_equal(w->book, k->book);
	assert_int_equal(w->nkept, k->nkept);
	assert_memory_equal(w->kept, k->kept, k->nkept);
	assert_ptr_equal(w->dict, k->dict);
	assert_null(w->root);
	static const char *const fields[] = {"id", "name", "tier", "parent", "year", "nope"};
	for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
		struct venue_pos a = venue_header_pos(w, fields[f]);
		struct venue_pos b = venue_header_pos(k, fields[f]);
		assert_int_equal(a.line, b.line);
		assert_int_equal(a.col, b.col);
	}
}

/* The hot view h of venue k (venue_prune's): its header's four fields,
 * the name when named, no positions; its root the header and k's
 * projections' answers (the fields of k's root whose keys start with a
 * dot), nothing else. */
static void assert_hot_is(const struct pack *p, const struct venue *h,
			  const struct venue *k, bool named)
{
	assert_string_equal(h->id, k->id);
	assert_string_equal(h->tier, k->tier);
	if (k->parent)
		assert_string_equal(h->parent, k->parent);
	else
		assert_null(h->parent);
	assert_int_equal(h->year, k->year);
	if (named)
		assert_string_equal(h->name, k->name);
	else
		assert_null(h->name);
	assert_int_equal(h->at_header.line + h->at_header.col, 0);
	assert_int_equal(venue_header_pos(h, "id").line, 0);
	assert_ptr_equal(h->dict, &p->hot);
	assert_true(h->nkept < k->nkept);
	struct arena a;
	arena_init(&a);
	const struct value *hr = venue_root(h, &a), *kr = venue_root(k, &a);
	assert_non_null(hr);
	size_t nproj = 0;
	for (size_t i = 0; i < kr->n; i++) {
		const struct vfield *f = &kr->fields[i];
		if (f->key[0] != '.')
			continue;
		nproj++;
		assert_like(value_get(hr, f->key), &f->v, false);
	}
	assert_int_equal(hr->n, nproj + 1); /* and the header */
	const struct value *hh = value_get(hr, "venue");
	assert_non_null(hh);
	assert_int_equal(hh->n, 3 + (k->parent != NULL) + named);
	arena_free(&a);
}

static void view_of_file(const struct pack *p, const char *path, bool full,
			 bool named)
{
	struct diags d;
	diag_init(&d);
	struct arena keep;
	arena_init(&keep);
	struct venue *v = venue_load(p, path, NULL, &d);
	struct venue *w = venue_load(p, path, NULL, &d);
	assert_non_null(v);
	assert_non_null(w);
	struct venue *k = venue_prune(v, p, &keep, "name.yaml");
	struct bytes cold = {0};
	struct venue_ref r = venue_split(w, p, &keep, &cold);
	assert_int_equal(r.p == NULL, full);
	assert_int_equal(cold.n == 0, full);
	struct venue buf, whole;
	const struct venue *view;
	if (full) { /* kept whole, with a copy of its path */
		r = venue_prune_ref(w, p, &keep);
		assert_true(venue_ref_whole(r));
		view = venue_view(r, p, "name.yaml", &buf);
		assert_string_equal(view->path, path);
		assert_int_equal(view->nwaivers, k->nwaivers);
	} else {
		assert_false(venue_ref_whole(r));
		const struct venue *hot = venue_view(r, p, "name.yaml", &buf);
		assert_ptr_equal(hot, &buf);
		assert_string_equal(hot->path, "name.yaml");
		assert_int_equal(hot->book, k->book);
		assert_hot_is(p, hot, k, named);
		venue_free(w);
		view = venue_view_whole(cold.p, cold.n, p, "name.yaml", k->book, &whole);
		assert_ptr_equal(view, &whole);
		assert_null(view->waivers);
		assert_true((const unsigned char *)view->id >= view->kept &&
			    (const unsigned char *)view->id < view->kept + view->nkept);
	}
	assert_view_is(view, k);
	struct arena a;
	arena_init(&a);
	const struct value *r1 = venue_root(view, &a), *r2 = venue_root(k, &a);
	assert_non_null(r1);
	assert_same(r1, r2);
	arena_free(&a);
	bytes_free(&cold);
	venue_ref_free(&r);
	assert_null(venue_view(r, p, "name.yaml", &buf)); /* no venue */
	arena_free(&keep);
	diag_free(&d);
}

static void test_venue_view(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	view_of_file(p, "../examples/towns/xinfeng.yaml", false, true);
	view_of_file(p, "../examples/city/jiaxing-city.yaml", false, true);
	view_of_file(p, "../examples/villages/xinfeng/zhulin.yaml", false, false);
	view_of_file(p, "../tests/workbook/mixed/xinfeng.xlsx", false, true);
	view_of_file(p, "../tests/e2e/waivers/fengqiao-block.yaml", true, true);
	pack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primitives),
		cmocka_unit_test(test_broken_primitives),
		cmocka_unit_test(test_value_round_trip),
		cmocka_unit_test(test_value_broken),
		cmocka_unit_test(test_value_dict),
		cmocka_unit_test(test_value_nopos),
		cmocka_unit_test(test_pruned_venue_read_back),
		cmocka_unit_test(test_value_pick),
		cmocka_unit_test(test_value_dict_strings),
		cmocka_unit_test(test_venue_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
