/* test_files.c - the list of a batch's files (files.c): a directory's
 * walk in byte order, the list kept as a batch keeps its names, and each
 * file once (files_unique), whichever way it was named. */
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

static void put(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("venue: {}\n", f);
	fclose(f);
}

static void names_are(const struct filelist *l, const char *const *want,
		      size_t n)
{
	char buf[FILENAMES_JOIN_MAX];
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(files_get(l, i, buf), want[i]);
}

/* Named twice, named and walked, a hard link, a file that is not there
 * named twice: each once, at its first mention, in the list's order. */
static void test_unique(void **state)
{
	(void)state;
	char dir[] = "/tmp/vc-files-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[64], hard[128], a[128], c[128], missing[128];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	put(dir, "b.yaml");
	put(dir, "a.yaml");
	put(dir, "notes.txt");
	put(sub, "c.xlsx");
	snprintf(a, sizeof a, "%s/a.yaml", dir);
	snprintf(c, sizeof c, "%s/c.xlsx", sub);
	snprintf(hard, sizeof hard, "%s/z.yaml", dir);
	snprintf(missing, sizeof missing, "%s/gone.yaml", dir);
	struct diags d;
	diag_init(&d);
	struct filelist l = {0};
	assert_true(files_add_arg(&l, c, &d));
	assert_true(files_add_arg(&l, missing, &d));
	assert_true(files_add_arg(&l, dir, &d));
	assert_int_equal(link(a, hard), 0); /* after the walk: named below */
	assert_true(files_add_arg(&l, hard, &d));
	assert_true(files_add_arg(&l, missing, &d));
	assert_int_equal(l.n, 7);
	files_unique(&l);
	char b[128];
	snprintf(b, sizeof b, "%s/b.yaml", dir);
	const char *want[] = {c, missing, a, b};
	names_are(&l, want, 4);
	/* Nothing twice: the list as it was. */
	files_unique(&l);
	names_are(&l, want, 4);
	files_free(&l);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	unlink(hard);
	unlink(a);
	unlink(b);
	unlink(c);
	snprintf(b, sizeof b, "%s/notes.txt", dir);
	unlink(b);
	rmdir(sub);
	rmdir(dir);
}

/* An empty list stays empty, and freeing it frees nothing. */
static void test_empty(void **state)
{
	(void)state;
	struct filelist l = {0};
	files_unique(&l);
	assert_int_equal(l.n, 0);
	files_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unique),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
