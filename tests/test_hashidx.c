/* test_hashidx.c - the toolkit's hash index (hashidx.h) over an array the
 * test owns: every item found at its position after the table has grown
 * many times over, keys not in it not found, items whose hashes all
 * collide still told apart by their keys, an empty index finding nothing. */
#include "helpers.h"

#include <stdio.h>

#include "hashidx.h"
#include "xalloc.h"

struct items {
	char (*key)[24];
	bool collide; /* every item hashes alike: only has_key tells them apart */
};

static size_t item_hash(const void *ctx, size_t i)
{
	const struct items *it = ctx;
	return it->collide ? 7 : hashidx_hash(it->key[i]);
}

static bool item_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct items *)ctx)->key[i], key) == 0;
}

static size_t find(const struct hashidx *h, const struct items *it, const char *key)
{
	return hashidx_find(h, it->collide ? 7 : hashidx_hash(key), key);
}

/* n items "k0".."k<n-1>" indexed, each found where it is, "x<i>" never. */
static void check_items(size_t n, bool collide)
{
	struct items it = {.key = xcalloc(n, sizeof *it.key), .collide = collide};
	struct hashidx h;
	hashidx_init(&h, item_hash, item_is, &it);
	for (size_t i = 0; i < n; i++) {
		snprintf(it.key[i], sizeof it.key[i], "k%zu", i);
		hashidx_add(&h, i);
	}
	assert_true(h.nslot >= 2 * n); /* at most half full */
	for (size_t i = 0; i < n; i++) {
		char absent[24];
		snprintf(absent, sizeof absent, "x%zu", i);
		assert_int_equal(find(&h, &it, it.key[i]), i);
		assert_int_equal(find(&h, &it, absent), HASHIDX_NONE);
	}
	hashidx_free(&h);
	free(it.key);
}

static void test_many_items(void **state)
{
	(void)state;
	check_items(200000, false); /* grows from 64 slots to 2^19 */
}

static void test_colliding_hashes(void **state)
{
	(void)state;
	check_items(500, true);
}

/* Reserved up front: one table for all, the items found as before. */
static void test_reserve(void **state)
{
	(void)state;
	enum { N = 5000 };
	struct items it = {.key = xcalloc(N, sizeof *it.key)};
	struct hashidx h;
	hashidx_init(&h, item_hash, item_is, &it);
	hashidx_reserve(&h, N);
	size_t nslot = h.nslot;
	assert_true(nslot >= 2 * N && nslot < 4 * N);
	for (size_t i = 0; i < N; i++) {
		snprintf(it.key[i], sizeof it.key[i], "k%zu", i);
		hashidx_add(&h, i);
	}
	assert_int_equal(h.nslot, nslot); /* never doubled */
	hashidx_reserve(&h, 10); /* never shrinks */
	assert_int_equal(h.nslot, nslot);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(find(&h, &it, it.key[i]), i);
	hashidx_free(&h);
	free(it.key);
}

static void test_empty(void **state)
{
	(void)state;
	struct items it = {0};
	struct hashidx h;
	hashidx_init(&h, item_hash, item_is, &it);
	assert_int_equal(find(&h, &it, "k0"), HASHIDX_NONE);
	hashidx_free(&h);
	assert_int_equal(find(&h, &it, "k0"), HASHIDX_NONE); /* freed: empty again */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_items),
		cmocka_unit_test(test_colliding_hashes),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
