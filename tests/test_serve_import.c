/* test_serve_import.c - the CSV venue list the web admin page uploads
 * (serve_import_csv): a good list is put whole, with the pack's tier ids;
 * one bad line refuses every line, each problem named by its line; a
 * parent of the wrong tier is found in the list and in the store; no
 * message names the server's directory. */
#include "helpers.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_admin.h"
#include "store.h"
#include "xalloc.h"

struct fx {
	char dir[64];
	struct store *st;
	struct pack *p;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/vc-import-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char *err = NULL;
	f->st = store_open(f->dir, true, &err);
	f->p = load_jiaxing();
	free(err);
	*state = f;
	return f->st && f->p ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	pack_free(f->p);
	rm_tree(f->dir);
	free(f);
	return 0;
}

static bool import(struct fx *f, const char *csv, bool en, size_t *added,
		   char **errors)
{
	return serve_import_csv(f->st, f->p, "list.csv", csv, strlen(csv), en,
				added, errors);
}

static size_t nvenues(struct fx *f)
{
	struct store_venue *v;
	size_t n = store_venues(f->st, &v);
	store_venues_free(v, n);
	return n;
}

static void test_good_list_put_whole(void **state)
{
	struct fx *f = *state;
	size_t added = 0;
	char *errors = NULL;
	const char csv[] = "\xEF\xBB\xBFid,name,tier,parent\r\n"
			   "c1,南湖区文化馆,总馆,\r\n"
			   "t1,\"新丰镇 \"\"文化站\"\"\",town,c1\r\n"
			   "v1,竹林村,village,t1,,\r\n";
	assert_true(import(f, csv, true, &added, &errors));
	assert_null(errors);
	assert_int_equal(added, 3);
	struct store_venue v;
	assert_true(store_venue_get(f->st, "c1", &v));
	assert_string_equal(v.tier, "county"); /* 总馆, as the pack's id */
	assert_true(v.imported);
	store_venue_clear(&v);
	assert_true(store_venue_get(f->st, "t1", &v));
	assert_string_equal(v.name, "新丰镇 \"文化站\"");
	assert_string_equal(v.parent, "c1");
	store_venue_clear(&v);
	/* No header, no BOM, LF only: the same. */
	assert_true(import(f, "t2,余新镇,town,c1\n", true, &added, &errors));
	assert_int_equal(added, 1);
	assert_int_equal(nvenues(f), 4);
}

static void test_one_bad_line_refuses_all(void **state)
{
	struct fx *f = *state;
	size_t added = 9;
	char *errors = NULL;
	const char csv[] = "id,name,tier,parent\n"
			   "t1,新丰镇,town,c1\n"
			   "t2,余新镇,township,c1\n"
			   "t3\n"
			   "t4,,town,c1\n"
			   "t1,另一个新丰镇,town,c1\n";
	assert_false(import(f, csv, true, &added, &errors));
	assert_int_equal(added, 0);
	assert_non_null(errors);
	assert_null(strstr(errors, "list.csv:2:")); /* the good line */
	assert_non_null(strstr(errors, "list.csv:3: unknown tier 'township'"));
	assert_non_null(strstr(errors, "list.csv:4: expected 4 fields"));
	assert_non_null(strstr(errors, "list.csv:5: the name is empty"));
	assert_non_null(strstr(errors, "list.csv:6: id 't1' is already in list.csv:2"));
	assert_non_null(strstr(errors, "nothing was imported"));
	assert_null(strstr(errors, f->dir)); /* no server path */
	free(errors);
	assert_int_equal(nvenues(f), 0);

	/* Chinese by default. */
	assert_false(import(f, "t2,余新镇,township,c1\n", false, &added, &errors));
	assert_non_null(strstr(errors, "list.csv:1: 未知的层级"));
	assert_non_null(strstr(errors, "什么也没有导入"));
	free(errors);
}

static void test_parent_tier_checked(void **state)
{
	struct fx *f = *state;
	size_t added;
	char *errors = NULL;
	assert_true(import(f, "c1,县,county,\nt1,镇,town,c1\n", true, &added, &errors));
	/* A village under the county (in the store), a town under a town
	 * (in the same list). */
	assert_false(import(f, "v9,村,village,c1\nt2,镇二,town,t1\n", true,
			    &added, &errors));
	assert_non_null(strstr(errors, "list.csv:1: parent 'c1' is of tier county"));
	assert_non_null(strstr(errors, "list.csv:2: parent 't1' is of tier town"));
	free(errors);
	/* An unknown parent is no error: the list may come in parts. */
	assert_true(import(f, "v9,村,village,t-later\n", true, &added, &errors));
	assert_false(import(f, "v8,村,village,v8\n", true, &added, &errors));
	assert_non_null(strstr(errors, "parent 'v8'"));
	free(errors);
}

static void test_not_a_list(void **state)
{
	struct fx *f = *state;
	size_t added;
	char *errors = NULL;
	assert_false(import(f, "", true, &added, &errors));
	assert_non_null(strstr(errors, "no venues"));
	free(errors);
	assert_false(import(f, "id,name,tier,parent\n", true, &added, &errors));
	free(errors);
	assert_false(import(f, "t1,\xd0\xc2,town,c1\n", true, &added, &errors));
	assert_non_null(strstr(errors, "list.csv:1: not UTF-8"));
	free(errors);
	assert_false(import(f, "t1,\"open,town,c1\n", true, &added, &errors));
	assert_non_null(strstr(errors, "a quote is not closed"));
	free(errors);
	assert_false(import(f, "../x,a,town,c1\n", true, &added, &errors));
	assert_non_null(strstr(errors, "not usable"));
	free(errors);
	const char nul[] = "t1,a\0b,town,c1\n";
	assert_false(serve_import_csv(f->st, f->p, "list.csv", nul, sizeof nul - 1,
				      true, &added, &errors));
	assert_non_null(strstr(errors, "NUL"));
	free(errors);
	assert_int_equal(nvenues(f), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_good_list_put_whole),
		T(test_one_bad_line_refuses_all),
		T(test_parent_tier_checked),
		T(test_not_a_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
