/* test_filenames.c - a batch's file names kept as directory and base name
 * (filenames.h): every name comes back exactly as added, joined or whole;
 * a run of names from one directory keeps it once; names without a
 * directory, too long to join, or with sharing off are kept whole (their
 * pointer then lasts); the text goes on across chunks (a name longer than
 * a chunk in one of its own), directories and whole names change back and
 * forth in runs, and a trimmed list gives the same names. */
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

/* names added to f (made here, shared), trimmed, and read back the same. */
static void add_shared(struct filenames *f, const char *const *names, size_t n)
{
	filenames_init(f, true);
	for (size_t i = 0; i < n; i++)
		filenames_add(f, names[i]);
	filenames_trim(f);
	same_names(f, names, n);
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
	add_shared(&f, names, countof(names));
	/* tree/1101/110111/ with .yaml, then .xlsx (the same directory's
	 * text), tree/1101/, tree/1101/110111/ again, /abs/, dir/ with no
	 * extension and with .yaml */
	assert_int_equal(f.ndir, 7);
	assert_int_equal(f.dir[1].ref, f.dir[0].ref);
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

/* Name i of the many: directories that change every few names and come
 * back ("d7/" again after "d3/"), base names of many lengths (so names
 * end near every offset of a chunk), and now and then one without a
 * directory (kept whole among the shared). */
static void many_name(size_t i, char *out, size_t size)
{
	size_t dir = (i / 7) % 11, len = 1 + (i * 37) % 200;
	char base[256];
	memset(base, 'a' + (int)(i % 26), len);
	base[len] = '\0';
	if (i % 13 == 5)
		snprintf(out, size, "%zu-%s", i, base);
	else
		snprintf(out, size, "tree/d%zu/%zu-%s", dir, i, base);
}

enum { MANY = 30000 }; /* some 3 MiB of base names: four chunks */

static void test_many(void **state)
{
	(void)state;
	struct filenames f;
	filenames_init(&f, true);
	char name[512], buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < MANY; i++) {
		many_name(i, name, sizeof name);
		filenames_add(&f, name);
	}
	assert_true(f.nchunk >= 3); /* the text crossed chunks */
	const char *whole = filenames_get(&f, 5, buf);
	assert_ptr_not_equal(whole, buf);
	filenames_trim(&f);
	assert_int_equal(f.cap, MANY);
	assert_int_equal(f.chunkcap, f.nchunk);
	assert_int_equal(f.runcap, f.nrun);
	assert_int_equal(f.dircap, f.ndir);
	for (size_t i = 0; i < MANY; i++) {
		many_name(i, name, sizeof name);
		const char *got = filenames_get(&f, i, buf);
		assert_string_equal(got, name);
		/* whole exactly when it has no directory */
		assert_true((got == buf) == (i % 13 != 5));
	}
	assert_ptr_equal(filenames_get(&f, 5, buf), whole); /* still there */
	many_name(5, name, sizeof name);
	assert_string_equal(whole, name);
	/* A directory per 7 names: one per change of directory, a whole
	 * name between two of one directory's names changing none. */
	assert_int_equal(f.ndir, (MANY + 6) / 7);
	filenames_free(&f);
}

/* Runs that change back and forth: directory, whole, the same directory
 * (one directory, three runs), another, the first again. */
static void test_runs(void **state)
{
	(void)state;
	static const char *const names[] = {
		"a/1", "a/2", "x", "y", "a/3", "b/4", "a/5", "a/6", "z", "b/7"};
	struct filenames f;
	filenames_init(&f, true);
	for (size_t i = 0; i < countof(names); i++)
		filenames_add(&f, names[i]);
	same_names(&f, names, countof(names));
	assert_int_equal(f.ndir, 4); /* a/ b/ a/ b/ */
	assert_int_equal(f.nrun, 7); /* a/ whole a/ b/ a/ whole b/ */
	char buf[FILENAMES_JOIN_MAX];
	assert_ptr_equal(filenames_get(&f, 4, buf), buf);
	assert_ptr_not_equal(filenames_get(&f, 3, buf), buf);
	assert_ptr_not_equal(filenames_get(&f, 8, buf), buf);
	assert_ptr_equal(filenames_get(&f, 9, buf), buf);
	filenames_free(&f);
}

/* A whole name longer than a chunk has one of its own; the names after it
 * go on in the chunk being filled, and every pointer still holds. */
static void test_long(void **state)
{
	(void)state;
	size_t big = ((size_t)3 << 20) / 2; /* 1.5 MiB */
	char *longname = xmalloc(big + 1);
	memset(longname, 'L', big);
	longname[big] = '\0';
	longname[10] = '/';
	struct filenames f;
	filenames_init(&f, false);
	filenames_add(&f, "first/a.yaml");
	filenames_add(&f, longname);
	filenames_add(&f, "second/b.yaml");
	assert_int_equal(f.nchunk, 2);
	const char *p0 = filenames_get(&f, 0, NULL), *p2 = filenames_get(&f, 2, NULL);
	assert_ptr_equal(p2, p0 + strlen("first/a.yaml") + 1); /* the same chunk */
	for (int k = 0; k < 3; k++) /* and more whole names after it */
		filenames_add(&f, "c.yaml");
	filenames_trim(&f);
	assert_string_equal(filenames_get(&f, 0, NULL), "first/a.yaml");
	assert_string_equal(filenames_get(&f, 1, NULL), longname);
	assert_string_equal(filenames_get(&f, 2, NULL), "second/b.yaml");
	assert_string_equal(filenames_get(&f, 5, NULL), "c.yaml");
	assert_ptr_equal(filenames_get(&f, 0, NULL), p0);
	assert_int_equal(f.nrun, 1);
	filenames_free(&f);
	free(longname);
}

/* A run's names are kept without the extension they share, which is
 * their last dot's on (not a leading one: ".profile"), up to 15 bytes;
 * names with another, a longer or none are kept as they are. */
static void test_ext(void **state)
{
	(void)state;
	static const char *const names[] = {
		"d/110107110203.yaml", "d/110107110204.yaml", "d/a.b.yaml",
		"d/.profile", "d/noext", "d/x.averyveryverylongext",
		"d/y.", "d/z.yaml"};
	struct filenames f;
	add_shared(&f, names, countof(names));
	static const char *const kept[] = {
		"110107110203", "110107110204", "a.b", ".profile", "noext",
		"x.averyveryverylongext", "y", "z"};
	for (size_t i = 0; i < countof(kept); i++)
		assert_string_equal(f.chunk[f.ref[i] >> 20] + (f.ref[i] & 0xfffff), kept[i]);
	/* .yaml, none, ".", .yaml again: four runs, one directory's text */
	assert_int_equal(f.nrun, 4);
	assert_int_equal(f.ndir, 4);
	for (size_t k = 1; k < f.ndir; k++)
		assert_int_equal(f.dir[k].ref, f.dir[0].ref);
	filenames_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_ext),
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
