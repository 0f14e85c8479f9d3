/* test_batch.c - the batch engine as a second caller (the server) uses it:
 * buffers in, results and diagnostics out, one year per batch, --fail-on,
 * a bad file among good ones, and the same results for any thread count. */
#include "helpers.h"
#include "xalloc.h"

#include <unistd.h>

#include "batch.h"
#include "files.h"
#include "tree.h"
#include "venuecheck.h"

#define TOWN(id, year, hours) \
	"venue: {id: " id ", name: 镇, tier: town, year: " #year "}\n" \
	"facts: {weekly_open_hours: " #hours "}\n"

static struct batch *run(const struct pack *p, long jobs, long year,
			 const char *const *texts)
{
	struct batch_opts o = {.jobs = jobs, .year = year, .today = 20241231};
	struct batch *b = batch_new(p, &o);
	for (size_t i = 0; texts[i]; i++) {
		char name[32];
		snprintf(name, sizeof name, "f%zu.yaml", i);
		batch_add_buffer(b, name, texts[i], strlen(texts[i]));
	}
	batch_run(b, NULL);
	return b;
}

static enum verdict verdict(const struct batch *b, size_t i, const char *rule)
{
	const struct result *r = find_result(batch_report(b, i), rule);
	assert_non_null(r);
	return r->verdict;
}

static void test_buffers_and_results(void **state)
{
	const struct pack *p = *state;
	const char *texts[] = {TOWN("T1", 2024, 42), TOWN("T2", 2024, 41.5), NULL};
	struct batch *b = run(p, 1, 0, texts);
	assert_int_equal(batch_count(b), 2);
	assert_string_equal(batch_name(b, 1), "f1.yaml");
	assert_string_equal(batch_venue(b, 0)->id, "T1");
	assert_int_equal(verdict(b, 0, "town.open.weekly_hours"), VERDICT_PASS);
	assert_int_equal(verdict(b, 1, "town.open.weekly_hours"), VERDICT_FAIL);
	assert_true(batch_fails(b, 1, FAIL_ON_FAIL));
	assert_int_equal(batch_status(b, FAIL_ON_FAIL), BATCH_FAILED);
	batch_free(b);
}

/* One bad file is reported and the rest are checked. */
static void test_bad_file_among_good(void **state)
{
	const struct pack *p = *state;
	const char *texts[] = {TOWN("T1", 2024, 42), "venue: {id: [\n",
			       TOWN("T3", 2024, 50), NULL};
	struct batch *b = run(p, 2, 0, texts);
	assert_non_null(batch_venue(b, 0));
	assert_null(batch_venue(b, 1));
	assert_null(batch_report(b, 1));
	assert_true(batch_diags(b, 1)->errors > 0);
	assert_string_equal(batch_diags(b, 1)->v[0].file, "f1.yaml");
	assert_non_null(batch_venue(b, 2));
	assert_int_equal(verdict(b, 2, "town.open.weekly_hours"), VERDICT_PASS);
	assert_int_equal(batch_status(b, FAIL_ON_MISSING), BATCH_INVALID);
	batch_free(b);
}

/* One year per batch: the first file's, or the one asked for (the others
 * are then skipped with a warning, not errors). */
static void test_years(void **state)
{
	const struct pack *p = *state;
	const char *texts[] = {TOWN("T1", 2024, 42), TOWN("T2", 2023, 42), NULL};
	struct batch *b = run(p, 1, 0, texts);
	assert_non_null(batch_venue(b, 0));
	assert_null(batch_venue(b, 1));
	assert_int_equal(batch_diags(b, 1)->v[0].code, DC_YEAR);
	assert_int_equal(batch_diags(b, 1)->v[0].level, DIAG_ERROR);
	assert_int_equal(batch_status(b, FAIL_ON_FAIL), BATCH_INVALID);
	batch_free(b);
	b = run(p, 1, 2023, texts);
	assert_null(batch_venue(b, 0));
	assert_non_null(batch_venue(b, 1));
	assert_int_equal(batch_diags(b, 0)->v[0].level, DIAG_WARNING);
	assert_int_equal(batch_diags(b, 0)->errors, 0);
	batch_free(b);
}

/* --fail-on: missing data fails by default, not under "fail"; a warning
 * only under "warning". */
static void test_fail_on(void **state)
{
	const struct pack *p = *state;
	const char *missing[] = {"venue: {id: V, name: 村, tier: village, year: 2024}\n", NULL};
	struct batch *b = run(p, 1, 0, missing);
	assert_true(batch_fails(b, 0, FAIL_ON_MISSING));
	/* A village file with nothing in it fails nothing outright... */
	bool any_fail = false;
	const struct check_report *rep = batch_report(b, 0);
	for (size_t i = 0; i < rep->n; i++)
		any_fail = any_fail || rep->results[i].verdict == VERDICT_FAIL;
	assert_int_equal(batch_fails(b, 0, FAIL_ON_FAIL), any_fail);
	assert_int_equal(batch_status(b, FAIL_ON_MISSING), BATCH_FAILED);
	batch_free(b);
}

/* Each file lands in its own slot: the verdicts are the same for any
 * number of threads. */
static void test_any_jobs_same_results(void **state)
{
	const struct pack *p = *state;
	const char *texts[41];
	char bufs[40][160];
	for (int i = 0; i < 40; i++) {
		snprintf(bufs[i], sizeof bufs[i],
			 "venue: {id: T%02d, name: 镇, tier: town, year: 2024}\n"
			 "facts: {weekly_open_hours: %d}\n", i, 30 + i);
		texts[i] = bufs[i];
	}
	texts[40] = NULL;
	struct batch *one = run(p, 1, 0, texts), *four = run(p, 4, 0, texts);
	for (size_t i = 0; i < 40; i++) {
		const struct check_report *a = batch_report(one, i), *c = batch_report(four, i);
		assert_int_equal(a->n, c->n);
		for (size_t k = 0; k < a->n; k++) {
			assert_int_equal(a->results[k].verdict, c->results[k].verdict);
			assert_true(a->results[k].gap == c->results[k].gap);
		}
		assert_string_equal(batch_venue(one, i)->id, batch_venue(four, i)->id);
	}
	batch_free(one);
	batch_free(four);
}

/* The batch links its venues: a county's rule reads its towns. */
static void test_tree_linked(void **state)
{
	const struct pack *p = *state;
	const char *texts[] = {
		"venue: {id: C, name: 县馆, tier: county, year: 2024, towns: 1}\n"
		"facts: {dispatched_staff: 1}\n",
		"venue: {id: T, name: 镇, tier: town, parent: C, year: 2024}\n"
		"facts: {dispatched_workers: 1}\n",
		NULL};
	struct batch *b = run(p, 2, 0, texts);
	assert_int_equal(tree_nchildren(batch_tree(b), 0), 1);
	assert_int_equal(verdict(b, 0, "county.dispatch.per_branch"), VERDICT_PASS);
	batch_free(b);
}

/* One file-kind test for the directory walk and the loader: a .xlsm
 * workbook the loader reads is also found in a directory. */
static void test_file_kinds(void **state)
{
	(void)state;
	assert_true(files_is_venue("a.XLSM"));
	assert_int_equal(filekind_of("a.xlsm"), FILEKIND_WORKBOOK);
	assert_int_equal(filekind_of("a.Yml"), FILEKIND_YAML);
	assert_int_equal(filekind_of("a.et"), FILEKIND_LEGACY);
	assert_int_equal(filekind_of("a.xlsx.txt"), FILEKIND_OTHER);
	assert_false(files_is_venue("~$a.xlsx"));
	assert_false(files_is_venue(".hidden.yaml"));
}

/* The public API gives a file's problems in either language: one by one
 * (code, level, message) and as lines. */
static void test_public_diags_both_languages(void **state)
{
	const struct pack *p = *state;
	struct vc_batch_opts o = {.jobs = 1};
	struct batch *b = vc_batch_new(p, &o);
	const char *t = "venue: {id: T1, name: 镇, tier: town, year: 2024}\n"
			"facts: {staff_total: 约900}\n";
	vc_batch_add_buffer(b, "t.yaml", t, strlen(t));
	assert_int_equal(vc_batch_run(b), 2);
	assert_int_equal(vc_file_diags(b, 0), 1);
	assert_string_equal(vc_diag_code(b, 0, 0), "E018");
	assert_true(vc_diag_is_error(b, 0, 0));
	assert_string_equal(vc_diag_message(b, 0, 0, false),
			    "staff_total：应填整数，填写的是“约900”");
	assert_string_equal(vc_diag_message(b, 0, 0, true),
			    "staff_total: expected a whole number, found '约900'");
	char *zh = vc_file_problems(b, 0), *en = vc_file_problems_in(b, 0, true);
	assert_non_null(strstr(zh, "t.yaml:2:22: 错误[E018]: staff_total：应填整数"));
	assert_non_null(strstr(en, "t.yaml:2:22: error[E018]: staff_total: expected"));
	free(zh);
	free(en);
	vc_batch_free(b);
}

/* A file read from one path and shown as another name (the server's
 * uploads): every problem names the given name, none the path, in the
 * file field or in a message's text (the duplicate-id message quotes the
 * other file). */
static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void assert_never_names(const struct diags *d, const char *path)
{
	for (size_t k = 0; k < d->n; k++) {
		assert_null(strstr(d->v[k].file, path));
		assert_null(strstr(d->v[k].msg, path));
		assert_null(strstr(d->v[k].msg_en, path));
	}
}

static void test_path_shown_as_name(void **state)
{
	const struct pack *p = *state;
	char dir[] = "/tmp/vc-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char book[64], dup1[64], dup2[64];
	snprintf(book, sizeof book, "%s/a.xlsx", dir);
	snprintf(dup1, sizeof dup1, "%s/b.yaml", dir);
	snprintf(dup2, sizeof dup2, "%s/c.yaml", dir);
	copy_file("workbook/bad-entries.xlsx", book);
	copy_file("../examples/villages/xinfeng/zhulin.yaml", dup1);
	copy_file("../examples/villages/xinfeng/zhulin.yaml", dup2);
	struct batch_opts o = {.jobs = 2, .today = 20241231};
	struct batch *b = batch_new(p, &o);
	batch_add_path_as(b, book, "填报表.xlsx");
	batch_add_path_as(b, dup1, "竹林村.yaml");
	batch_add_path_as(b, dup2, "竹林村2.yaml");
	batch_run(b, NULL);
	const struct diags *d = batch_diags(b, 0);
	assert_true(d->errors > 0);
	assert_string_equal(d->v[0].file, "填报表.xlsx");
	assert_non_null(d->v[0].where); /* a sheet!cell, as for a path */
	assert_string_equal(batch_name(b, 0), "填报表.xlsx");
	for (size_t i = 0; i < 3; i++)
		assert_never_names(batch_diags(b, i), dir);
	/* the duplicate id is reported in both files, each quoting the other */
	char *t = diags_text(batch_diags(b, 2));
	assert_non_null(strstr(t, "竹林村.yaml"));
	free(t);
	batch_free(b);
	unlink(book);
	unlink(dup1);
	unlink(dup2);
	rmdir(dir);
}

/* The venues a town lists without their files in the batch: what the
 * server's dashboard shows as not yet submitted. */
static void collect(void *ctx, const char *id, const char *name)
{
	char *out = ctx;
	strcat(out, id);
	strcat(out, name ? name : "?");
	strcat(out, ";");
}

static void test_each_missing(void **state)
{
	const struct pack *p = *state;
	const char *texts[] = {
		"venue: {id: T, name: 镇, tier: town, year: 2024, villages: 2}\n"
		"villages:\n"
		"  - {name: 甲村, id: V1, troupes: 3, administrators: 1}\n"
		"  - {name: 乙村, id: V2, troupes: 3, administrators: 1}\n",
		"venue: {id: V1, name: 甲村, tier: village, parent: T, year: 2024}\n",
		NULL};
	struct batch *b = run(p, 1, 0, texts);
	char out[256] = "";
	tree_each_missing(batch_tree(b), p, 0, collect, out);
	assert_string_equal(out, "V2乙村;");
	out[0] = '\0';
	tree_each_missing(batch_tree(b), p, 1, collect, out); /* lists none */
	assert_string_equal(out, "");
	batch_free(b);
}

/* ---- stream (the CLI's check): a report read back from the spill ---- */

static const char *const stream_files[] = {
	"../examples/city/jiaxing-city.yaml", "../examples/county/nanhu.yaml",
	"../examples/towns/xinfeng.yaml", "../examples/towns/fengqiao.yaml",
	"../examples/villages/zhulin.yaml", "../examples/broken/duplicate-zhulin.yaml",
	"no-such-file.yaml",
};


static struct batch *stream_batch(const struct pack *p, bool stream, long jobs,
				  bool complete)
{
	struct batch_opts o = {.jobs = jobs, .today = 20240601, .stream = stream,
			       .complete = complete};
	struct batch *b = batch_new(p, &o);
	for (size_t i = 0; i < sizeof stream_files / sizeof *stream_files; i++)
		batch_add_path(b, stream_files[i]);
	batch_run(b, NULL);
	return b;
}

/* A streamed batch writes the same report, byte for byte, as one that
 * keeps every result in memory, with one job or four (the report then
 * reads each venue as the workers finish it); its status under every
 * --fail-on is the same once reported, and INVALID before. */
static void test_stream_same_report(void **state)
{
	const struct pack *p = *state;
	static const enum report_format formats[] = {FORMAT_JSON, FORMAT_TEXT, FORMAT_CSV,
						     FORMAT_SARIF};
	for (size_t f = 0; f < sizeof formats / sizeof *formats; f++)
		for (int complete = 0; complete < 2; complete++) {
			struct batch *mem = stream_batch(p, false, 1, complete);
			char *want = report_bytes(mem, p, formats[f], "stream-a.out");
			for (long jobs = 1; jobs <= 4; jobs += 3) {
				struct batch *b = stream_batch(p, true, jobs, complete);
				assert_int_equal(batch_status(b, FAIL_ON_MISSING), BATCH_INVALID);
				char *got = report_bytes(b, p, formats[f], "stream-b.out");
				assert_string_equal(got, want);
				for (int fo = FAIL_ON_FAIL; fo <= FAIL_ON_WARNING; fo++) {
					assert_int_equal(batch_status(b, (enum batch_fail_on)fo),
							 batch_status(mem, (enum batch_fail_on)fo));
					for (size_t i = 0; i < batch_count(b); i++)
						assert_int_equal(batch_fails(b, i, (enum batch_fail_on)fo),
								 batch_fails(mem, i, (enum batch_fail_on)fo));
				}
				/* an invalid file's problems stay in memory */
				assert_true(batch_diags(b, 6)->errors > 0);
				assert_null(batch_report(b, 0));
				free(got);
				batch_free(b);
			}
			free(want);
			batch_free(mem);
		}
}

/* ---- a report rendered on the workers (batch.c's slots) ---- */

/* examples/villages/xinfeng/xinfeng.yaml as copy k: its id made its own
 * (the same parent), so every copy is a venue of its own. */
static char *village_copy(const char *text, int k, size_t *len)
{
	const char *at = strstr(text, "id: \"330402-xf-xf\"");
	assert_non_null(at);
	size_t head = (size_t)(at - text) + strlen("id: \"330402-xf-xf");
	char *out = malloc(strlen(text) + 16);
	assert_non_null(out);
	memcpy(out, text, head);
	int n = snprintf(out + head, 16, "-%d", k);
	strcpy(out + head + (size_t)n, text + head);
	*len = strlen(out);
	return out;
}

/* 300 files, more than the report's slots (64) several times over: the
 * examples' city, county and town with copies of a village, every 29th
 * file broken and every 41st a copy listed twice (a duplicate id). */
static struct batch *many_batch(const struct pack *p, bool stream, long jobs,
				bool validate)
{
	struct batch_opts o = {.jobs = jobs, .today = 20240601, .stream = stream,
			       .validate = validate};
	struct batch *b = batch_new(p, &o);
	batch_add_path(b, "../examples/city/jiaxing-city.yaml");
	batch_add_path(b, "../examples/county/nanhu.yaml");
	batch_add_path(b, "../examples/towns/xinfeng.yaml");
	char *text = read_text("../examples/villages/xinfeng/xinfeng.yaml");
	assert_non_null(text);
	for (int k = 0; k < 297; k++) {
		char name[64];
		snprintf(name, sizeof name, "v%03d.yaml", k);
		size_t len;
		char *copy = village_copy(text, k % 41 == 40 ? k - 1 : k, &len);
		if (k % 29 == 28)
			batch_add_buffer(b, name, "venue: [\n", 9);
		else
			batch_add_buffer(b, name, copy, len);
		free(copy);
	}
	free(text);
	batch_run(b, NULL);
	return b;
}

/* The text report (the format that renders on the workers) and JSON
 * (which does not), checked and validated: the same bytes streamed with
 * two or four jobs as with one job in memory. */
static void test_stream_rendered_by_workers(void **state)
{
	const struct pack *p = *state;
	static const enum report_format formats[] = {FORMAT_TEXT, FORMAT_JSON};
	for (size_t f = 0; f < sizeof formats / sizeof *formats; f++)
		for (int validate = 0; validate < 2; validate++) {
			struct batch *mem = many_batch(p, false, 1, validate);
			char *want = report_bytes(mem, p, formats[f], "many-a.out");
			assert_non_null(strstr(want, "330402-xf-xf-296"));
			for (long jobs = 1; jobs <= 4; jobs *= 2) {
				struct batch *b = many_batch(p, true, jobs, validate);
				char *got = report_bytes(b, p, formats[f], "many-b.out");
				assert_string_equal(got, want);
				assert_int_equal(batch_status(b, FAIL_ON_FAIL),
						 batch_status(mem, FAIL_ON_FAIL));
				free(got);
				batch_free(b);
			}
			free(want);
			batch_free(mem);
		}
}

/* A result line is written at once when its pieces need no escaping;
 * one that does, or one too long for the line's buffer, is written a
 * piece at a time: the same text either way. */
static char *one_rule_report(const char *title)
{
	char *pack = xmalloc(strlen(title) + 512); /* the title is the summary */
	sprintf(pack, "standard: {id: t, title: T}\n"
		      "tiers: [{id: c, name: 馆}]\n"
		      "data: {facts: {a: {type: number, unit: 场}}}\n"
		      "rules:\n  - {id: c.x, tier: c, category: k, clause: x, "
		      "title: t, summary: \"%s\", measure: facts.a, threshold: 3}\n", title);
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("t.yaml", pack, strlen(pack), &d);
	free(pack);
	if (!p)
		fail_msg("pack: %s", diags_text(&d));
	struct batch_opts o = {.jobs = 1};
	struct batch *b = batch_new(p, &o);
	static const char venue[] = "venue: {id: c1, name: 馆一, tier: c, year: 2024}\n"
				    "facts: {a: 1}\n";
	batch_add_buffer(b, "c1.yaml", venue, strlen(venue));
	batch_run(b, NULL);
	char *text = report_bytes(b, p, FORMAT_TEXT, "one-rule.out");
	batch_free(b);
	pack_free(p);
	diag_free(&d);
	return text;
}

static void test_text_line_escaped_or_long(void **state)
{
	(void)state;
	char *plain = one_rule_report("一条规则");
	assert_non_null(strstr(plain, "  未通过     c.x  一条规则：1（要求 ≥ 3），差 2\n"));
	free(plain);
	/* \x07 in the pack's summary: escaped as the terminal shows it. */
	char *bell = one_rule_report("响\\x07铃");
	assert_non_null(strstr(bell, "  未通过     c.x  响\\x07铃：1（要求 ≥ 3），差 2\n"));
	free(bell);
	char title[3001];
	memset(title, 'x', 3000);
	title[3000] = '\0';
	char *lng = one_rule_report(title);
	char *want = xmalloc(3100);
	sprintf(want, "  未通过     c.x  %s：1（要求 ≥ 3），差 2\n", title);
	assert_non_null(strstr(lng, want));
	free(want);
	free(lng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buffers_and_results),
		cmocka_unit_test(test_bad_file_among_good),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_fail_on),
		cmocka_unit_test(test_any_jobs_same_results),
		cmocka_unit_test(test_tree_linked),
		cmocka_unit_test(test_file_kinds),
		cmocka_unit_test(test_public_diags_both_languages),
		cmocka_unit_test(test_path_shown_as_name),
		cmocka_unit_test(test_each_missing),
		cmocka_unit_test(test_stream_same_report),
		cmocka_unit_test(test_stream_rendered_by_workers),
		cmocka_unit_test(test_text_line_escaped_or_long),
	};
	return cmocka_run_group_tests(tests, setup_pack, teardown_pack);
}
