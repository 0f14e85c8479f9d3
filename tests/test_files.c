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

/* A tree walked on 1 thread and on 4: the same paths in the same order,
 * the same keys, and the same messages in the same places (a directory
 * nested too deep inside one part of the tree, between two good ones). */
static void walk_with(const char *dir, int jobs, struct filelist *l,
		      struct diags *d)
{
	*l = (struct filelist){.jobs = jobs};
	diag_init(d);
	assert_false(files_add_arg(l, dir, d));
}

static void test_walk_threads(void **state)
{
	(void)state;
	char dir[] = "/tmp/vc-files-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[8192];
	static const char *const tops[] = {"a", "b", "c", "d", "e", "f"};
	for (size_t i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, tops[i]);
		assert_int_equal(mkdir(path, 0700), 0);
		put(path, "x.yaml");
		put(path, "y.yaml");
		if (i == 2) { /* c: 70 levels, past the walk's 64 */
			for (int k = 0; k < 70; k++) {
				strcat(path, "/n");
				assert_int_equal(mkdir(path, 0700), 0);
			}
			put(path, "deep.yaml");
		}
	}
	put(dir, "b0.yaml"); /* a file between the directories */
	struct filelist one, four;
	struct diags d1, d4;
	walk_with(dir, 1, &one, &d1);
	walk_with(dir, 4, &four, &d4);
	assert_int_equal(one.n, 13);
	assert_int_equal(four.n, one.n);
	char b1[FILENAMES_JOIN_MAX], b4[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < one.n; i++) {
		assert_string_equal(files_get(&four, i, b4), files_get(&one, i, b1));
		assert_int_equal(four.seen[i], one.seen[i]);
		assert_true(four.keys[i].ino == one.keys[i].ino);
	}
	snprintf(path, sizeof path, "%s/b0.yaml", dir);
	assert_string_equal(files_get(&one, 4, b1), path);
	assert_int_equal(d1.n, 1);
	assert_int_equal(d4.n, 1);
	assert_string_equal(d4.v[0].file, d1.v[0].file);
	assert_string_equal(d4.v[0].msg, d1.v[0].msg);
	files_free(&one);
	files_free(&four);
	diag_free(&d1);
	diag_free(&d4);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
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
		cmocka_unit_test(test_walk_threads),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
