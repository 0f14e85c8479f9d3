/* test_template.c - the example data files: each tier's template, written
 * as YAML and read back, passes every rule of the Jiaxing pack; a small
 * pack exercises each shape the solver works backwards (ratio, bands, sums
 * of counts, `in` lists, tags present and absent, min over entries, months,
 * nested counts, counts over a list literal with `any`); a rule it cannot satisfy is a warning, not a silent
 * failure; a rule's fragment holds only what that rule reads. */
#include "helpers.h"

#include "template.h"

static char *written(const struct template *t, const struct rule *only)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	if (only)
		template_write_rule(t, only, f);
	else
		template_write(t, f);
	fclose(f);
	return buf;
}

/* Template → YAML → venue_load → check: nothing fails or lacks data. */
static void expect_round_trip(struct pack *p, const char *tier)
{
	struct diags d;
	diag_init(&d);
	struct template *t = template_build(p, tier, 2024, &d);
	assert_non_null(t);
	if (d.n)
		fail_msg("%s: %s", tier, diags_text(&d));
	char *yaml = written(t, NULL);
	struct venue *v = venue_load_string(p, "t.yaml", yaml, strlen(yaml), &d);
	if (!v)
		fail_msg("%s: the template does not load:\n%s\n%s", tier,
			 diags_text(&d), yaml);
	struct check_report *rep = check_venue(p, v, &d);
	assert_true(rep->n > 0);
	for (size_t i = 0; i < rep->n; i++)
		if (rep->results[i].verdict != VERDICT_PASS &&
		    rep->results[i].verdict != VERDICT_BATCH)
			fail_msg("%s: %s is not passed by the template:\n%s", tier,
				 rep->results[i].rule->id, yaml);
	assert_int_equal(d.n, 0); /* no stated total, so no warning */
	check_report_free(rep);
	venue_free(v);
	free(yaml);
	template_free(t);
	diag_free(&d);
}

static void test_jiaxing_tiers(void **state)
{
	struct pack *p = *state;
	for (size_t i = 0; i < p->ntiers; i++)
		expect_round_trip(p, p->tiers[i].id);
}

static const char shapes[] =
	"standard: {id: t, title: 测试标准}\n"
	"tiers:\n  - {id: town, name: 分馆}\n"
	"data:\n"
	"  venue:\n    population: {type: int, min: 0, example: 60000}\n"
	"    villages: {type: int, min: 0, example: 2}\n"
	"  facts:\n    staff: {type: int, min: 0, example: 7}\n"
	"    pros: {type: int, min: 0}\n    hours: {type: number, max: 168}\n"
	"  ledgers:\n"
	"    events:\n      fields:\n"
	"        date: {type: date, required: true}\n"
	"        title: {type: text, required: true}\n"
	"        kind: {type: enum, required: true, values: [talk, show, fair]}\n"
	"        people: {type: int, min: 0, required: true}\n"
	"        tags: {type: tags, values: [big, hosted, out]}\n"
	"        place: {type: text}\n"
	"    spots:\n      fields:\n        name: {type: text, required: true, example: 村}\n"
	"  monthly:\n    posts: {type: int, min: 0}\n"
	"rules:\n"
	"  - {id: r.ratio, tier: town, category: c, clause: 比例, title: t,"
	"     measure: facts.pros / facts.staff, threshold: 0.8}\n"
	"  - {id: r.band, tier: town, category: c, clause: 分档, title: t,"
	"     measure: facts.staff, threshold: if venue.population < 50000 then 3 else 9 end}\n"
	"  - {id: r.hours, tier: town, category: c, clause: 时数, title: t,"
	"     measure: facts.hours, threshold: 40.5}\n"
	"  - {id: r.sum, tier: town, category: c, clause: 合计, title: t,"
	"     measure: 'count(e in events where not \"hosted\" in e.tags) + count(e in events where \"hosted\" in e.tags)', threshold: 5}\n"
	"  - {id: r.list, tier: town, category: c, clause: 列表, title: t,"
	"     measure: 'count(e in events where e.kind in [\"show\", \"fair\"] and e.people > 300)', threshold: 2}\n"
	"  - {id: r.each, tier: town, category: c, clause: 每场, title: t,"
	"     measure: 'min(e in events where \"out\" in e.tags -> e.people)', threshold: 50}\n"
	"  - {id: r.months, tier: town, category: c, clause: 每月, title: t,"
	"     measure: 'min(m in range(1, 12) -> posts[m])', threshold: 4}\n"
	"  - {id: r.nested, tier: town, category: c, clause: 每处, title: t,"
	"     measure: 'count(s in spots where count(e in events where e.place == s.name) >= 1)', threshold: venue.villages}\n";

static void test_solver_shapes(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("shapes.yaml", shapes, strlen(shapes), &d);
	if (!p)
		fail_msg("%s", diags_text(&d));
	expect_round_trip(p, "town");
	struct template *t = template_build(p, "town", 2024, &d);
	char *yaml = written(t, NULL);
	assert_non_null(strstr(yaml, "staff: 9"));      /* the band for 60000 */
	assert_non_null(strstr(yaml, "pros: 8"));       /* ceil(0.8 * 9) */
	assert_non_null(strstr(yaml, "hours: 40.5"));
	assert_non_null(strstr(yaml, "posts: {1: 4, 2: 4,"));
	assert_non_null(strstr(yaml, "name: 村01"));     /* a text example names entries */
	free(yaml);
	template_free(t);
	pack_free(p);
	diag_free(&d);
}

/* Counts over a list literal (the 门类 a graded pack names) through `any`
 * over a ledger or a tags fact, alone and in a sum. */
static const char lists[] =
	"standard: {id: t, title: 测试标准}\n"
	"tiers:\n  - {id: town, name: 分馆}\n"
	"data:\n"
	"  facts:\n    functions: {type: tags, values: [info, art, more]}\n"
	"  ledgers:\n"
	"    staff:\n      fields:\n"
	"        name: {type: text, required: true, example: 员}\n"
	"        category: {type: enum, required: true, values: [a, b, c, other]}\n"
	"    crew:\n      fields:\n"
	"        name: {type: text, required: true, example: 队员}\n"
	"        category: {type: enum, required: true, values: [a, b, c, other]}\n"
	"        other: {type: text}\n"
	"rules:\n"
	"  - {id: r.cats, tier: town, category: c, clause: 门类, title: t,"
	"     measure: 'count(k in [\"a\", \"b\", \"c\"] where any(p in staff -> p.category == k))',"
	"     threshold: 3}\n"
	"  - {id: r.funcs, tier: town, category: c, clause: 功能, title: t,"
	"     measure: 'count(f in [\"info\", \"art\"] where f in facts.functions)', threshold: 2}\n"
	"  - {id: r.sum, tier: town, category: c, clause: 合计, title: t,"
	"     measure: 'count(k in [\"a\", \"b\"] where any(p in crew -> p.category == k))"
	" + len(distinct(p in crew where p.category == \"other\" -> p.other))', threshold: 2}\n";

static void test_solver_lists(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("lists.yaml", lists, strlen(lists), &d);
	if (!p)
		fail_msg("%s", diags_text(&d));
	expect_round_trip(p, "town");
	struct template *t = template_build(p, "town", 2024, &d);
	char *yaml = written(t, NULL);
	/* One entry per category named, each made by `any`. */
	assert_non_null(strstr(yaml, "{name: 员01, category: a}"));
	assert_non_null(strstr(yaml, "{name: 员02, category: b}"));
	assert_non_null(strstr(yaml, "{name: 员03, category: c}"));
	assert_null(strstr(yaml, "员04"));
	assert_non_null(strstr(yaml, "functions: [info, art]"));
	assert_non_null(strstr(yaml, "{name: 队员02, category: b}"));
	assert_null(strstr(yaml, "队员03"));
	free(yaml);
	template_free(t);
	pack_free(p);
	diag_free(&d);
}

/* hours may not exceed 168: no example passes, and the template says so. */
static void test_unsolvable_is_a_warning(void **state)
{
	(void)state;
	char buf[4096];
	snprintf(buf, sizeof buf, "%s%s", shapes,
		 "  - {id: r.never, tier: town, category: c, clause: 不可能, title: t,"
		 "     measure: facts.hours, threshold: 200}\n");
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("shapes.yaml", buf, strlen(buf), &d);
	assert_non_null(p);
	struct template *t = template_build(p, "town", 2024, &d);
	assert_non_null(t);
	char *msg = diags_text(&d);
	assert_non_null(strstr(msg, "warning: template: no example values found that pass r.never"));
	assert_null(strstr(msg, "r.hours"));
	free(msg);
	template_free(t);
	pack_free(p);
	diag_free(&d);
}

static void test_unknown_tier(void **state)
{
	struct diags d;
	diag_init(&d);
	assert_null(template_build(*state, "township", 2024, &d));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

static void test_rule_fragment(void **state)
{
	const struct pack *p = *state;
	struct diags d;
	diag_init(&d);
	struct template *t = template_build(p, "town", 2024, &d);
	char *part = written(t, pack_rule(p, "town.support.staff_by_population"));
	assert_non_null(strstr(part, "venue:\n  population: 42000"));
	assert_non_null(strstr(part, "facts:\n  staff_total: 10"));
	assert_null(strstr(part, "weekly_open_hours"));
	assert_null(strstr(part, "events"));
	free(part);
	/* Of a ledger, only the entries the rule counts. */
	part = written(t, pack_rule(p, "town.activity.large_events"));
	assert_non_null(strstr(part, "participants: 500"));
	assert_null(strstr(part, "participants: 100"));
	assert_null(strstr(part, "hosted"));
	free(part);
	char *all = written(t, NULL);
	assert_non_null(strstr(all, "  id: \"town-0001\"")); /* quoted: not a plain word */
	assert_non_null(strstr(all, "# 其中大型活动3次以上 —— town.activity.large_events，要求 ≥ 3 次"));
	assert_null(strstr(all, "large_events:")); /* typed-in totals are left out */
	free(all);
	template_free(t);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jiaxing_tiers),
		cmocka_unit_test(test_solver_shapes),
		cmocka_unit_test(test_solver_lists),
		cmocka_unit_test(test_unsolvable_is_a_warning),
		cmocka_unit_test(test_unknown_tier),
		cmocka_unit_test(test_rule_fragment),
	};
	return cmocka_run_group_tests_name("template", tests, setup_pack, teardown_pack);
}
