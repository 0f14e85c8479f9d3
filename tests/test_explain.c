/* test_explain.c - a rule explained: the did-you-mean for an unknown id,
 * counting conditions put in words from the `where` filter, the derivation
 * for a venue (entries counted and not, with the failing part of the
 * filter and the entry's value), and the expression hooks it stands on. */
#include "helpers.h"

#include "explain.h"
#include "expr.h"

static char *explained(const struct pack *pack, const char *id,
		       const struct venue *v, bool en)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	explain_rule(pack, pack_rule(pack, id), v, 2024, en, f);
	fclose(f);
	return buf;
}

static void expect_in(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("expected '%s' in:\n%s", want, text);
}

static void test_find(void **state)
{
	const struct pack *pack = *state;
	const char *near;
	const struct disabled_rule *off;
	assert_non_null(explain_find(pack, "town.activity.large_events", &near, &off));
	assert_null(near);
	assert_null(explain_find(pack, "town.activity.large_event", &near, &off));
	assert_string_equal(near, "town.activity.large_events");
	assert_null(off);
	assert_null(explain_find(pack, "nothing-like-it", &near, &off));
	assert_null(near);
}

static void test_words(void **state)
{
	const struct pack *pack = *state;
	char *zh = explained(pack, "town.activity.large_events", NULL, false);
	expect_in(zh, "条款：其中大型活动3次以上");
	expect_in(zh, "要求：≥ 3 次");
	expect_in(zh, "活动台账（events）中 标记不含 hosted 且 参与人数 ≥ 500 的条目数");
	expect_in(zh, "读取：events.tags、events.participants");
	expect_in(zh, "说明：大型文化活动指参与人数不少于500人的活动");
	expect_in(zh, "participants: 500");
	free(zh);
	char *en = explained(pack, "city.creation.awards", NULL, true);
	expect_in(en, "number of entries of awards where level ∈ province or national "
		      "and category ∈ performance or creation or organization");
	free(en);
	char *band = explained(pack, "town.support.staff_by_population", NULL, true);
	expect_in(band, "Requires: ≤30k: 3 / 30k–50k: 4 / ≥50k: 5");
	expect_in(band, "`facts.staff_total ≥ if venue.population <= 30000 then 3");
	expect_in(band, "exactly 50,000 residents");
	free(band);
}

static const char town[] =
	"venue: {id: T, name: 测试镇, tier: town, year: 2024, population: 52000, villages: 1}\n"
	"facts: {staff_total: 4}\n"
	"events:\n"
	"  - {date: 2024-03-05, title: 元宵晚会, kind: performance, participants: 620}\n"
	"  - {date: 2024-05-01, title: 送戏下村, kind: performance, participants: 150}\n"
	"  - {date: 2024-06-01, title: 承办大赛, kind: competition, participants: 900, tags: [hosted]}\n";

static void test_derivation(void **state)
{
	const struct pack *pack = *state;
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(pack, "t.yaml", town, strlen(town), &d);
	if (!v)
		fail_msg("%s", diags_text(&d));
	char *out = explained(pack, "town.activity.large_events", v, false);
	expect_in(out, "判定：未通过");
	expect_in(out, "测得 1 次，要求 ≥ 3 次，差 2 次");
	expect_in(out, "计入     2024-03-05 元宵晚会");
	expect_in(out, "不计入   2024-05-01 送戏下村: `e.participants >= 500` 不成立 "
		       "(e.participants = 150)");
	expect_in(out, "不计入   2024-06-01 承办大赛: `not \"hosted\" in e.tags` 不成立");
	free(out);
	out = explained(pack, "town.support.staff_by_population", v, true);
	expect_in(out, "measured 4 staff, required ≥ 5 staff, short by 1 staff");
	expect_in(out, "required, given venue.population = 52000");
	free(out);
	venue_free(v);
	diag_free(&d);
}

struct seen {
	char text[512];
};

static void note_read(void *ctx, const char *block, const char *field)
{
	struct seen *s = ctx;
	size_t n = strlen(s->text);
	snprintf(s->text + n, sizeof s->text - n, "%s.%s ", block, field ? field : "*");
}

static void test_expr_hooks(void **state)
{
	const struct pack *pack = *state;
	const struct rule *r = pack_rule(pack, "town.mobile.village_shows");
	const struct expr *m = r->checks[1].measure;
	struct seen s = {""};
	expr_reads(m, note_read, &s);
	assert_string_equal(s.text, "villages.* events.* events.tags events.kind events.village villages.name ");
	const struct expr *aggs[4];
	assert_int_equal(expr_aggregates(m, aggs, 4), 2);
	assert_ptr_equal(aggs[0], m);
	struct expr_parts p = expr_parts(aggs[1]);
	assert_int_equal(p.t, E_COUNT);
	assert_string_equal(expr_text(p.b),
			    "\"to_village\" in e.tags and e.kind == \"performance\" and e.village == v.name");
	/* One entry against a filter, with the variable bound. */
	struct arena a;
	arena_init(&a);
	struct value tag = value_str("hosted");
	struct value tags = {.type = V_LIST, .items = &tag, .n = 1};
	struct vfield f[] = {{"tags", tags}, {"participants", value_num(900)}};
	struct value entry = {.type = V_MAP, .fields = f, .n = 2, .absent_is_null = true};
	struct value root = {.type = V_MAP};
	const struct expr *large = pack_rule(pack, "town.activity.large_events")->checks[0].measure;
	struct eval w = expr_where(large, &root, &entry, &a);
	assert_int_equal(w.st, EVAL_OK);
	assert_false(w.v.u.b);
	f[0].v.n = 0;
	w = expr_where(large, &root, &entry, &a);
	assert_true(w.v.u.b);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_derivation),
		cmocka_unit_test(test_expr_hooks),
	};
	return cmocka_run_group_tests_name("explain", tests, setup_pack, teardown_pack);
}
