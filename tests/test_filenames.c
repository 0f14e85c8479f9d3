/* test_filenames.c - a batch's file names kept as directory and base name
 * (filenames.h): every name comes back exactly as added, joined or whole;
 * a run of names from one directory keeps it once; names without a
 * directory, too long to join, or with sharing off are kept whole (their
 * pointer then lasts). */
#include "helpers.h"

#include "filenames.h"
#include "xalloc.h"

static void same_names(const struct filenames *f, const char *const *names, size_t n)
{
	char buf[FILENAMES_JOIN_MAX];
	assert_int_equal(f->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(filenames_get(f, i, buf), names[i]);
}

static void test_shared(void **state)
{
	(void)state;
	static const char *const names[] = {
		"tree/1101/110111/a.yaml", "tree/1101/110111/b.yaml",
		"tree/1101/110111/村.xlsx", "tree/1101/c.yaml",
		"tree/1101/110111/d.yaml", /* the directory again, later */
		"plain.yaml", "/abs/e.yaml", "dir/", "dir/f.yaml"};
	struct filenames f;
	filenames_init(&f, true);
	for (size_t i = 0; i < countof(names); i++)
		filenames_add(&f, names[i]);
	filenames_trim(&f);
	same_names(&f, names, countof(names));
	/* tree/1101/110111/, tree/1101/, tree/1101/110111/ again, /abs/, dir/ */
	assert_int_equal(f.ndir, 5);
	char buf[FILENAMES_JOIN_MAX];
	assert_ptr_not_equal(filenames_get(&f, 0, buf), names[0]);
	assert_ptr_equal(filenames_get(&f, 0, buf), buf); /* joined */
	assert_ptr_not_equal(filenames_get(&f, 5, buf), buf); /* no directory: whole */
	filenames_free(&f);
}

static void test_whole(void **state)
{
	(void)state;
	static char longname[FILENAMES_JOIN_MAX + 10];
	memset(longname, 'x', sizeof longname - 1);
	longname[3] = '/';
	static const char *const names[] = {"a/b.yaml", "a/c.yaml", longname};
	struct filenames f;
	filenames_init(&f, false); /* memory mode: the venues point at names */
	for (size_t i = 0; i < countof(names); i++)
		filenames_add(&f, names[i]);
	same_names(&f, names, countof(names));
	assert_int_equal(f.ndir, 0);
	const char *p = filenames_get(&f, 0, NULL); /* never needs the buffer */
	assert_string_equal(p, "a/b.yaml");
	filenames_free(&f);
	/* Sharing on: the name too long to join is kept whole all the same. */
	filenames_init(&f, true);
	for (size_t i = 0; i < countof(names); i++)
		filenames_add(&f, names[i]);
	same_names(&f, names, countof(names));
	assert_int_equal(f.ndir, 1);
	assert_string_equal(filenames_get(&f, 2, NULL), longname);
	filenames_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
