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

/* The walk keys each file it takes as stat(2) does, through links, so
 * files_unique finds a hard link, a symbolic link and the file named
 * itself to be one file without looking them up again; a dangling link is
 * kept, to be reported when it is read. */
static void test_walk_keys(void **state)
{
	(void)state;
	char dir[] = "/tmp/vc-files-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char a[128], h[128], s[128], dl[128];
	put(dir, "a.yaml");
	snprintf(a, sizeof a, "%s/a.yaml", dir);
	snprintf(h, sizeof h, "%s/h.yaml", dir);
	snprintf(s, sizeof s, "%s/s.yaml", dir);
	snprintf(dl, sizeof dl, "%s/d.yaml", dir);
	assert_int_equal(link(a, h), 0);
	assert_int_equal(symlink("a.yaml", s), 0);
	assert_int_equal(symlink("gone.yaml", dl), 0);
	struct diags d;
	diag_init(&d);
	struct filelist l = {0};
	assert_true(files_add_arg(&l, a, &d));
	assert_true(files_add_arg(&l, dir, &d));
	names_are(&l, (const char *[]){a, a, dl, h, s}, 5);
	assert_int_equal(l.nkeys, 5);
	const unsigned char seen[] = {FILES_UNSEEN, FILES_FOUND, FILES_MISSING,
				      FILES_FOUND, FILES_FOUND};
	assert_memory_equal(l.seen, seen, sizeof seen);
	struct stat st;
	assert_int_equal(stat(a, &st), 0);
	for (size_t i = 1; i < 5; i++)
		if (i != 2) {
			assert_true(l.keys[i].dev == st.st_dev);
			assert_true(l.keys[i].ino == st.st_ino);
		}
	files_unique(&l);
	names_are(&l, (const char *[]){a, dl}, 2);
	assert_null(l.keys);
	assert_int_equal(l.nkeys, 0);
	/* Added after: not keyed, looked up by path. */
	assert_true(files_add_arg(&l, h, &d));
	assert_int_equal(l.nkeys, 0);
	files_unique(&l);
	names_are(&l, (const char *[]){a, dl}, 2);
	files_free(&l);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	unlink(s);
	unlink(dl);
	unlink(h);
	unlink(a);
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
		cmocka_unit_test(test_walk_keys),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
