/* test_proj.c - projections (proj.h): which parts of a linked rule are
 * worked out from the other venue's own file, what a venue then keeps,
 * and that a batch's verdicts and reasons do not change for it. */
#include "helpers.h"

#include "batch.h"
#include "expr.h"
#include "proj.h"
#include "xalloc.h"

struct found {
	char parts[8][200];
	int kinds[8];
	size_t n;
};

static const char *record(void *ctx, enum proj_kind kind, const struct expr *part)
{
	struct found *f = ctx;
	if (f->n < 8) {
		snprintf(f->parts[f->n], sizeof f->parts[0], "%s", expr_text(part));
		f->kinds[f->n] = (int)kind;
	}
	f->n++;
	return ".p";
}

/* The parts of text marked as projections, in the order they are found. */
static struct found mark(const char *text)
{
	struct arena a;
	arena_init(&a);
	struct diags d;
	diag_init(&d);
	struct expr *e = expr_compile(&a, text, "t.yaml", 1, 1, NULL, &d);
	if (!e)
		fail_msg("%s: %s", text, diags_text(&d));
	struct found f = {0};
	proj_mark(e, record, &f);
	diag_free(&d);
	arena_free(&a);
	return f;
}

static void test_child_parts(void **state)
{
	(void)state;
	struct found f = mark("count(v in villages where if child(v.id) != null then "
			      "count(t in child(v.id).troupes where t.active) >= 3 "
			      "else v.troupes >= 3 end)");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.parts[0], "child(v.id) != null");
	assert_string_equal(f.parts[1], "count(t in child(v.id).troupes where t.active) >= 3");
	assert_int_equal(f.kinds[0], PROJ_CHILD);
}

static void test_children_items(void **state)
{
	(void)state;
	struct found f = mark("count(t in children where exists(t.facts.x) and t.facts.x >= 1)");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.parts[0], "exists(t.facts.x) and t.facts.x >= 1");
	/* Reading the judged venue stops the part below it. */
	f = mark("count(t in children where t.facts.x >= venue.y)");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.parts[0], "t.facts.x");
	/* A variable bound outside stops it too. */
	f = mark("count(v in villages where count(t in children where t.facts.x == v.n) > 0)");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.parts[0], "t.facts.x");
}

static void test_no_parts(void **state)
{
	(void)state;
	/* The list of children itself, and another venue's own links (the
	 * tree fills them in later): nothing to work out from one file. */
	assert_int_equal(mark("len(children) >= venue.towns").n, 0);
	assert_int_equal(mark("count(v in villages where len(child(v.id).children) > 0)").n, 0);
	assert_int_equal(mark("count(t in children where t.parent.venue.id == venue.id)").n, 0);
	assert_int_equal(mark("facts.x + 1").n, 0);
	/* Two other venues in one part. */
	struct found f = mark("count(v in villages where child(v.id).facts.a == child(v.name).facts.a)");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.parts[0], "child(v.id).facts.a");
	assert_string_equal(f.parts[1], "child(v.name).facts.a");
}

static void test_parent_part(void **state)
{
	(void)state;
	struct found f = mark("parent.facts.x * 2 >= facts.y");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.parts[0], "parent.facts.x * 2");
	assert_int_equal(f.kinds[0], PROJ_PARENT);
}

static void test_encode_round_trip(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct eval ok = {.st = EVAL_OK, .v = value_num(3)};
	struct value v = proj_encode(&a, &ok);
	struct eval back = proj_decode(&v);
	assert_int_equal(back.st, EVAL_OK);
	assert_true(back.v.type == V_NUM && back.v.u.num == 3);
	struct eval miss = {.st = EVAL_MISSING, .why = "troupes (not in the file)",
			    .why_zh = "troupes（文件中没有）", .has_lo = true, .lo = 0};
	v = proj_encode(&a, &miss);
	back = proj_decode(&v);
	assert_int_equal(back.st, EVAL_MISSING);
	assert_string_equal(back.why, miss.why);
	assert_string_equal(back.why_zh, miss.why_zh);
	assert_true(back.has_lo && back.lo == 0);
	struct eval err = {.st = EVAL_ERROR, .why = "x"};
	v = proj_encode(&a, &err);
	back = proj_decode(&v);
	assert_int_equal(back.st, EVAL_ERROR);
	assert_null(back.why_zh);
	assert_false(back.has_lo);
	arena_free(&a);
}

/* The Jiaxing pack's three linked rules: villages keep four answers and
 * towns one, and no village keeps its troupes. */
static void test_jiaxing_projections(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	assert_int_equal(p->nproj, 5);
	size_t town = 0, county = 0;
	for (size_t k = 0; k < p->nproj; k++) {
		assert_int_equal(p->proj[k].kind, PROJ_CHILD);
		town += !strcmp(p->proj[k].tier, "town");
		county += !strcmp(p->proj[k].tier, "county");
	}
	assert_int_equal(town, 4);
	assert_int_equal(county, 1);
	for (size_t i = 0; i < p->nkeep; i++)
		assert_string_not_equal(p->keep[i], "troupes");
	pack_free(p);
}

/* A village whose troupes block is left out: its town's rule lacks data
 * with the reason the village's own file gives, as when the whole file
 * was kept; one with two active troupes fails it. */
static const char town_yaml[] =
	"venue: {id: T1, name: 甲镇, tier: town, year: 2024, population: 30000, villages: 2}\n"
	"villages:\n"
	"  - {id: V1, name: 一村, troupes: 3, administrators: 1}\n"
	"  - {id: V2, name: 二村, troupes: 3, administrators: 1}\n";
static const char v1_yaml[] =
	"venue: {id: V1, name: 一村, tier: village, parent: T1, year: 2024}\n"
	"facts: {administrators: 1}\n";
static const char v2_yaml[] =
	"venue: {id: V2, name: 二村, tier: village, parent: T1, year: 2024}\n"
	"facts: {administrators: 0}\n"
	"troupes:\n"
	"  - {name: 甲队, members: 12, active: true}\n"
	"  - {name: 乙队, members: 9, active: true}\n"
	"  - {name: 丙队, members: 7, active: false}\n";

static const char *const example_files[] = {
	"../examples/city/jiaxing-city.yaml", "../examples/county/nanhu.yaml",
	"../examples/towns/xinfeng.yaml", "../examples/towns/fengqiao.yaml",
	"../examples/villages/zhulin.yaml",
};

static struct batch *run_as(struct pack *p, bool with_synthetic, bool complete,
			    bool stream)
{
	struct batch_opts o = {.jobs = 2, .today = 20240601, .complete = complete,
			       .stream = stream};
	struct batch *b = batch_new(p, &o);
	if (with_synthetic) {
		batch_add_buffer(b, "t1.yaml", town_yaml, strlen(town_yaml));
		batch_add_buffer(b, "v1.yaml", v1_yaml, strlen(v1_yaml));
		batch_add_buffer(b, "v2.yaml", v2_yaml, strlen(v2_yaml));
	} else {
		for (size_t i = 0; i < countof(example_files); i++)
			batch_add_path(b, example_files[i]);
	}
	batch_run(b, NULL);
	return b;
}

static struct batch *run(struct pack *p, bool with_synthetic, bool complete)
{
	return run_as(p, with_synthetic, complete, false);
}

/* The batch's JSON report, as the bytes of the file it wrote. */
static char *json_of(const struct batch *b, const struct pack *p)
{
	return report_bytes(b, p, FORMAT_JSON, "proj-report.json");
}

static void same_text(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Every result of a and b the same: verdict, numbers, reasons. */
static void same_results(const struct batch *a, const struct batch *b)
{
	assert_int_equal(batch_count(a), batch_count(b));
	for (size_t i = 0; i < batch_count(a); i++) {
		const struct check_report *x = batch_report(a, i), *y = batch_report(b, i);
		assert_true((x == NULL) == (y == NULL));
		if (!x)
			continue;
		assert_int_equal(x->n, y->n);
		for (size_t k = 0; k < x->n; k++) {
			const struct result *r = &x->results[k], *s = &y->results[k];
			assert_string_equal(r->rule->id, s->rule->id);
			assert_int_equal(r->verdict, s->verdict);
			assert_int_equal(r->has_measured, s->has_measured);
			assert_true(value_equal(&r->measured, &s->measured));
			assert_true(r->required == s->required && r->gap == s->gap);
			same_text(r->why, s->why);
			same_text(r->why_zh, s->why_zh);
		}
		assert_int_equal(batch_diags(a, i)->n, batch_diags(b, i)->n);
	}
}

/* A batch reads the answers its villages kept and judges exactly as one
 * that kept every file whole (keep_all: nothing pruned, no answer kept,
 * each part worked out as written): the examples, a town whose village
 * left its troupes out (missing data, with that village's reason) and one
 * with two active troupes, with and without --complete. */
static void test_batch_same_as_whole_files(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing(), *whole = load_jiaxing();
	whole->keep_all = true;
	for (int synthetic = 0; synthetic < 2; synthetic++)
		for (int complete = 0; complete < 2; complete++) {
			struct batch *a = run(p, synthetic, complete);
			struct batch *b = run(whole, synthetic, complete);
			same_results(a, b);
			if (synthetic) {
				/* the village kept its answers, not its troupes */
				struct arena ar;
				arena_init(&ar);
				const struct value *r2 = venue_root(batch_venue(a, 2), &ar);
				assert_non_null(r2);
				assert_null(value_get(r2, "troupes"));
				size_t kept = 0;
				for (size_t k = 0; k < r2->n; k++)
					kept += !strncmp(r2->fields[k].key, ".p", 2);
				assert_int_equal(kept, 4);
				assert_non_null(value_get(batch_venue(b, 2)->root, "troupes"));
				arena_free(&ar);
			}
			batch_free(a);
			batch_free(b);
		}
	pack_free(p);
	pack_free(whole);
}

/* A streamed batch keeps no struct venue (views of its kept bytes,
 * venue_view; whole venues with keep_all): its report is the one of a
 * batch in memory that kept every file whole, byte for byte. */
static void test_streamed_views_same_report(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing(), *whole = load_jiaxing();
	whole->keep_all = true;
	for (int synthetic = 0; synthetic < 2; synthetic++)
		for (int complete = 0; complete < 2; complete++) {
			struct batch *mem = run(whole, synthetic, complete);
			struct batch *pruned = run_as(p, synthetic, complete, true);
			struct batch *kept = run_as(whole, synthetic, complete, true);
			char *want = json_of(mem, whole);
			char *got = json_of(pruned, p);
			assert_string_equal(got, want);
			free(got);
			got = json_of(kept, whole);
			assert_string_equal(got, want);
			free(got);
			for (size_t i = 0; i < batch_count(mem); i++) {
				assert_null(batch_venue(pruned, i));
				assert_int_equal(batch_has_venue(pruned, i),
						 batch_venue(mem, i) != NULL);
			}
			free(want);
			batch_free(mem);
			batch_free(pruned);
			batch_free(kept);
		}
	pack_free(p);
	pack_free(whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child_parts),
		cmocka_unit_test(test_children_items),
		cmocka_unit_test(test_no_parts),
		cmocka_unit_test(test_parent_part),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_jiaxing_projections),
		cmocka_unit_test(test_batch_same_as_whole_files),
		cmocka_unit_test(test_streamed_views_same_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
