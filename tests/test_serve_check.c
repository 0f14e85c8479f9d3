/* test_serve_check.c - the server's checks (serve_check.c) on a real store
 * in a temporary directory: what an upload is (by its bytes, never its
 * name), the names shown for it, one file checked as `check FILE` checks
 * it, submissions through a link (its own venue, a village under a town's
 * link, another venue refused), the county batch with the venues not yet
 * submitted, and results recomputed when the pack changes. */
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "serve_check.h"
#include "store.h"

struct fixture {
	struct pack *pack;
	struct serve_opts o;
	struct serve s;
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->pack = load_jiaxing();
	strcpy(f->dir, "/tmp/vc-serve-check-XXXXXX");
	if (!f->pack || !mkdtemp(f->dir))
		return -1;
	strcat(f->dir, "/data");
	char *error = NULL;
	f->o = (struct serve_opts){.data_dir = f->dir};
	f->s = (struct serve){.o = &f->o, .pack = f->pack,
			      .store = store_open(f->dir, false, &error)};
	strcpy(f->s.pack_sha, "pack-1");
	if (!f->s.store)
		fprintf(stderr, "store_open: %s\n", error);
	free(error);
	*state = f;
	return f->s.store ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s.store);
	pack_free(f->pack);
	f->dir[strlen(f->dir) - strlen("/data")] = '\0'; /* the mkdtemp */
	rm_tree(f->dir);
	free(f);
	return 0;
}

static void test_sniff_by_bytes(void **state)
{
	(void)state;
	assert_int_equal(serve_sniff("PK\x03\x04rest", 8, "a.yaml"), SERVE_XLSX);
	assert_int_equal(serve_sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "a.xlsx"),
			 SERVE_XLS);
	assert_int_equal(serve_sniff("\x89PNG\r\n\x1a\n\0\0", 10, "a.yaml"),
			 SERVE_UNKNOWN);
	assert_int_equal(serve_sniff("", 0, "a.yaml"), SERVE_UNKNOWN);
	assert_int_equal(serve_sniff("venue: {}\n", 10, "a.png"), SERVE_YAML);
	assert_string_equal(serve_kind_ext(SERVE_XLS), ".xls");
}

static void expect_name(const char *client, enum serve_kind k, const char *want)
{
	char *got = serve_display_name(client, k);
	assert_string_equal(got, want);
	free(got);
}

/* A client's name is shown, never used as a path: its last component,
 * no control characters, at most 100 bytes cut on a character boundary,
 * the extension of what the bytes are. */
static void test_display_names(void **state)
{
	(void)state;
	expect_name("../../etc/passwd", SERVE_YAML, "passwd.yaml");
	expect_name("C:\\Users\\村\\填报表.xlsx", SERVE_XLSX, "填报表.xlsx");
	expect_name("a\nb\rc\x01.yaml", SERVE_YAML, "abc.yaml");
	expect_name("..", SERVE_YAML, "upload.yaml");
	expect_name("", SERVE_XLSX, "upload.xlsx");
	expect_name(NULL, SERVE_XLSX, "upload.xlsx");
	expect_name("report.png", SERVE_YAML, "report.yaml");
	expect_name("\xff\xfe.yaml", SERVE_YAML, "upload.yaml");
	char longname[400] = "";
	for (int i = 0; i < 50; i++)
		strcat(longname, "村"); /* 3 bytes each: 150 */
	strcat(longname, ".yaml");
	char *got = serve_display_name(longname, SERVE_YAML);
	assert_int_equal(strlen(got), 99 + strlen(".yaml")); /* 33 whole 村 */
	free(got);
}

static char *example(const char *path, size_t *len)
{
	char full[256];
	snprintf(full, sizeof full, "../examples/%s", path);
	char *t = read_text(full);
	assert_non_null(t);
	*len = strlen(t);
	return t;
}

/* One file: the verdicts `check FILE` gives, the venue it names. */
static void test_check_one(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *t = example("villages/xinfeng/jingxiang.yaml", &len);
	struct serve_outcome o;
	char *error = NULL;
	assert_true(serve_check_bytes(&f->s, "净相村.yaml", t, len, &o, &error));
	assert_int_equal(o.status, 1); /* 7 activities, not 8 */
	assert_string_equal(o.venue.tier, "village");
	assert_int_equal(o.failing, 1);
	assert_int_equal(o.nresults, 8);
	bool gap = false;
	for (size_t k = 0; k < o.nresults; k++)
		if (o.results[k].verdict == VERDICT_FAIL)
			gap = strstr(o.results[k].text_zh, "差 1") != NULL;
	assert_true(gap);
	serve_outcome_clear(&o);
	free(t);
	const char bad[] = "venue: {id: [\n";
	assert_true(serve_check_bytes(&f->s, "坏.yaml", bad, sizeof bad - 1, &o,
				      &error));
	assert_int_equal(o.status, 2);
	assert_null(o.venue.id);
	serve_outcome_clear(&o);
}

static char *read_bytes(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

/* A workbook is checked from a private copy in DIR/tmp, which is gone
 * afterwards; its problems name the client's name and a cell. */
static void test_check_workbook(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *bytes = read_bytes("workbook/bad-entries.xlsx", &len);
	char *error = NULL;
	struct serve_outcome o;
	assert_true(serve_check_bytes(&f->s, "填报表.xlsx", bytes, len, &o, &error));
	assert_int_equal(o.status, 2);
	serve_outcome_clear(&o);
	struct store_link l;
	char token[TOKEN_CHARS + 1];
	long long lid, id = 0;
	assert_true(store_link_new(f->s.store, "330402-xf", "", token, &lid));
	assert_int_equal(store_link_find(f->s.store, token, &l), 1);
	unsigned http;
	assert_true(serve_submit(&f->s, &l, "C:\\填报表.xlsx", bytes, len, &id, &http,
				 &error));
	assert_int_equal(http, 201); /* refused files are kept, for the history */
	struct store_submission sub;
	assert_true(store_submission_get(f->s.store, id, &sub));
	assert_int_equal(sub.status, STORE_INVALID);
	assert_string_equal(sub.venue_id, "330402-xf");
	char *html;
	size_t hlen;
	FILE *mem = open_memstream(&html, &hlen);
	assert_true(serve_render_submission(&f->s, &sub, LANG_ZH, mem));
	fclose(mem);
	assert_null(strstr(html, f->dir));
	free(html);
	store_submission_clear(&sub);
	store_link_clear(&l);
	char tmp[128];
	snprintf(tmp, sizeof tmp, "ls -A '%s/tmp' | grep -q .", f->dir);
	assert_int_not_equal(system(tmp), 0); /* nothing left behind */
	free(bytes);
}

static long long link_for(struct fixture *f, const char *venue,
			  struct store_link *l)
{
	char token[TOKEN_CHARS + 1];
	long long id;
	assert_true(store_link_new(f->s.store, venue, "测试", token, &id));
	assert_int_equal(store_link_find(f->s.store, token, l), 1);
	return id;
}

static unsigned submit(struct fixture *f, const struct store_link *l,
		       const char *path, long long *id)
{
	size_t len;
	char *t = example(path, &len);
	unsigned http = 0;
	char *error = NULL;
	serve_submit(&f->s, l, path, t, len, id, &http, &error);
	free(error);
	free(t);
	return http;
}

/* A town's link takes the town's file and its villages' (the list grows
 * from them), and refuses another town's; what it took is stored with its
 * results and the name the client gave. */
static void test_submit_through_link(void **state)
{
	struct fixture *f = *state;
	struct store_link town;
	link_for(f, "330402-xf", &town);
	long long id = 0;
	assert_int_equal(submit(f, &town, "towns/xinfeng.yaml", &id), 201);
	assert_int_equal(submit(f, &town, "villages/xinfeng/zhulin.yaml", &id), 201);
	struct store_submission sub;
	assert_true(store_submission_get(f->s.store, id, &sub));
	assert_string_equal(sub.venue_id, "330402-xf-zl");
	assert_string_equal(sub.filename, "zhulin.yaml");
	assert_int_equal(sub.status, STORE_PASSED);
	assert_int_equal(sub.nresults, 8);
	store_submission_clear(&sub);
	struct store_venue v;
	assert_true(store_venue_get(f->s.store, "330402-xf-zl", &v));
	assert_string_equal(v.parent, "330402-xf");
	store_venue_clear(&v);
	assert_int_equal(submit(f, &town, "towns/fengqiao.yaml", &id), 403);
	unsigned http = 0;
	char *error = NULL;
	assert_false(serve_submit(&f->s, &town, "x.png", "\x89PNG\0", 5, &id,
				  &http, &error));
	assert_int_equal(http, 415);
	free(error);
	store_link_clear(&town);
}

static bool has(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

/* The county: every latest submission as one --complete batch; the
 * villages a town lists without a file are missing. */
static void test_county(void **state)
{
	struct fixture *f = *state;
	struct store_link town;
	link_for(f, "330402-dq", &town);
	long long id;
	assert_int_equal(submit(f, &town, "towns/daqiao.yaml", &id), 201);
	assert_int_equal(submit(f, &town, "villages/daqiao/yundong.yaml", &id), 201);
	char *error = NULL;
	struct serve_county *c = serve_county_load(&f->s, &error);
	assert_non_null(c);
	const struct batch *b = serve_county_batch(c);
	assert_true(batch_count(b) >= 2);
	char **ids;
	size_t n = serve_county_missing(c, &ids);
	assert_true(has(ids, n, "330402-dq-jn")); /* 江南村 */
	assert_true(has(ids, n, "330402-dq-sf")); /* 胜丰村 */
	assert_false(has(ids, n, "330402-dq-yd"));
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	serve_county_free(c);
	size_t len;
	char *xlsx = serve_county_report(&f->s, "xlsx", false, &len, &error);
	assert_non_null(xlsx);
	assert_true(len > 1000 && !memcmp(xlsx, "PK", 2));
	free(xlsx);
	store_link_clear(&town);
}

/* Results made with another pack are made again; the same pack's are
 * left alone. */
static void test_recompute(void **state)
{
	struct fixture *f = *state;
	struct store_link l;
	link_for(f, "330402-qx", &l);
	long long id;
	assert_int_equal(submit(f, &l, "towns/qixing.yaml", &id), 201);
	size_t first = serve_recompute(&f->s);
	strcpy(f->s.pack_sha, "pack-2");
	size_t all = serve_recompute(&f->s);
	assert_true(all > first);
	assert_int_equal(serve_recompute(&f->s), 0);
	struct store_submission sub;
	assert_true(store_submission_get(f->s.store, id, &sub));
	assert_string_equal(sub.pack_sha, "pack-2");
	assert_int_equal(sub.nresults, 24);
	store_submission_clear(&sub);
	store_link_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_by_bytes),
		cmocka_unit_test(test_display_names),
		cmocka_unit_test(test_check_one),
		cmocka_unit_test(test_check_workbook),
		cmocka_unit_test(test_submit_through_link),
		cmocka_unit_test(test_county),
		cmocka_unit_test(test_recompute),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
