/* test_grade.c - graded packs (issue 21) on the synthetic fixtures under
 * tests/grade (made-up numbers, not standards): both sides of every grade
 * threshold and band edge, the floor check, demotion, a venue that is 一级
 * on everything but one condition, computed measures with missing parts,
 * points with grade lines, the words of the 定级 block, and what the loader
 * refuses. */
#include "helpers.h"

#include "gradetext.h"
#include "spill.h"

static struct pack *graded, *points;

static struct pack *load(const char *path)
{
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load(path, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", diag_format(&d.v[i], LANG_EN));
	diag_free(&d);
	return p;
}

static int setup(void **state)
{
	(void)state;
	graded = load("grade/graded.yaml");
	points = load("grade/points.yaml");
	return graded && points ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(graded);
	pack_free(points);
	return 0;
}

struct run {
	struct venue *v;
	struct check_report *rep;
	struct diags d;
	struct arena a;
};

static struct run run(struct pack *p, const char *yaml)
{
	struct run r;
	diag_init(&r.d);
	arena_init(&r.a);
	r.v = venue_load_string(p, "g.yaml", yaml, strlen(yaml), &r.d);
	if (!r.v)
		fail_msg("rejected:\n%s", diags_text(&r.d));
	r.rep = check_venue(p, r.v, &r.d);
	return r;
}

static void done(struct run *r)
{
	check_report_free(r->rep);
	venue_free(r->v);
	diag_free(&r->d);
	arena_free(&r->a);
}

/* A venue of the graded fixture; every condition 一级 unless changed. */
struct centre {
	long population;
	double area, under, subsidy, higher;
	int free_items, categories;
	bool no_higher, no_website;
};

static const struct centre TOP = {4000000, 7000, 0, 4000000, 1000000, 10, 4,
				  false, false};

static struct run run_centre(const struct centre *c)
{
	static const char *const cats[] = {"music", "dance", "drama", "art"};
	char list[128] = "", yaml[1024], higher[64] = "";
	for (int i = 0; i < c->categories; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			 i ? ", " : "", cats[i]);
	if (!c->no_higher)
		snprintf(higher, sizeof higher, "  funding_higher: %.2f\n", c->higher);
	snprintf(yaml, sizeof yaml,
		 "venue: {id: T, name: 馆, tier: centre, year: 2024, population: %ld}\n"
		 "facts:\n  building_area: %.2f\n  under_construction: %.2f\n"
		 "  funding_subsidy: %.2f\n%s  free_items: %d\n  categories: [%s]\n"
		 "declared: {%s}\n",
		 c->population, c->area, c->under, c->subsidy, higher,
		 c->free_items, list, c->no_website ? "" : "website: true");
	return run(graded, yaml);
}

static int grade_of(const struct centre *c)
{
	struct run r = run_centre(c);
	int g = r.rep->grade.grade;
	done(&r);
	return g;
}

static const struct result *get(const struct run *r, const char *id)
{
	const struct result *res = find_result(r->rep, id);
	if (!res)
		fail_msg("no result for %s", id);
	return res;
}

/* The area thresholds 6500 / 5500 / 4500, both sides of each. */
static void test_area_thresholds(void **state)
{
	(void)state;
	static const struct { double area; int grade; } cases[] = {
		{6500, 0}, {6499.5, 1}, {5500, 1}, {5499, 2}, {4500, 2}, {4499, 3},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct centre c = TOP;
		c.area = cases[i].area;
		int g = grade_of(&c);
		if (g != cases[i].grade)
			fail_msg("area %g: grade %d, want %d", cases[i].area, g,
				 cases[i].grade);
	}
}

/* Area under construction counts at half (a computed measure). */
static void test_under_construction_half(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.area = 5500;
	c.under = 2000; /* 5500 + 1000 = 6500: 一级 */
	assert_int_equal(grade_of(&c), 0);
	c.under = 1998; /* 6499 */
	assert_int_equal(grade_of(&c), 1);
}

/* Per-capita bands: ≤ 5,000,000 | ≤ 7,000,000 | above, each band's edge on
 * both sides, with funding exactly at the band's 一级 figure. */
static void test_band_edges(void **state)
{
	(void)state;
	struct centre c = TOP;
	/* 5,000,000 is in the first band: 1.10 needed. */
	c.population = 5000000;
	c.subsidy = 5500000, c.higher = 0;
	assert_int_equal(grade_of(&c), 0);
	c.subsidy = 5499999; /* 1.0999998 < 1.10, ≥ 1.00 */
	assert_int_equal(grade_of(&c), 1);
	/* 5,000,001 is in the second band: 1.00 per head (and the floor). */
	c.population = 5000001;
	c.subsidy = 5500000;
	assert_int_equal(grade_of(&c), 0);
	/* 7,000,000 is still the second band: 1.00 needed, 7,000,000 given. */
	c.population = 7000000;
	c.subsidy = 7000000;
	assert_int_equal(grade_of(&c), 0);
	c.subsidy = 6999999; /* below 1.00 per head: 0.96 is 二级 */
	assert_int_equal(grade_of(&c), 1);
	/* 7,000,001 is the third band: 0.80 per head, floor 7,000,000. */
	c.population = 7000001;
	c.subsidy = 7000000;
	assert_int_equal(grade_of(&c), 0);
	c.subsidy = 6999999; /* 0.99 per head, but below the 一级 floor */
	assert_int_equal(grade_of(&c), 1);
}

/* 最低拨款总数不得低于上档下限: the second check, both sides. */
static void test_floor(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.population = 5200000;
	c.subsidy = 5500000, c.higher = 0; /* 1.06 per head: 一级 in band 2 */
	assert_int_equal(grade_of(&c), 0);
	c.subsidy = 5499999; /* per head still 一级, the total is not */
	struct run r = run_centre(&c);
	assert_int_equal(r.rep->grade.grade, 1);
	const struct result *res = get(&r, "centre.per_capita");
	assert_int_equal(res->grade.allows, 1);
	assert_true(res->grade.has_next);
	assert_string_equal(res->grade.next_check->label, "拨款总数不低于上档下限");
	assert_true(res->grade.next_gap == 1);
	done(&r);
	/* The floor does not apply in the first band. */
	c.population = 5000000;
	c.subsidy = 5500000;
	assert_int_equal(grade_of(&c), 0);
}

/* 缺少一个门类降一级: demotions chain with the other conditions. */
static void test_demotion(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.categories = 3;
	struct run r = run_centre(&c);
	assert_int_equal(r.rep->grade.by_rules, 0);
	assert_int_equal(r.rep->grade.demoted, 1);
	assert_int_equal(r.rep->grade.grade, 1);
	const struct result *res = get(&r, "centre.categories");
	assert_int_equal(res->grade.demote, 1);
	assert_int_equal(res->verdict, VERDICT_FAIL);
	assert_string_equal(gradetext_allows(graded, res, LANG_ZH, &r.a), "降 1 级");
	assert_string_equal(gradetext_next(graded, res, LANG_ZH, &r.a),
			    "不降级需 4 个门类，差 1 个门类");
	done(&r);
	c.area = 5500; /* 二级, one category short: 三级 */
	assert_int_equal(grade_of(&c), 2);
	c.categories = 1; /* three short of 二级: below every grade */
	assert_int_equal(grade_of(&c), 3);
	c.categories = 4;
	assert_int_equal(grade_of(&c), 1);
}

/* 一级 on everything but the free services: 二级, and the report says by
 * how much the condition misses 一级. */
static void test_one_short(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.free_items = 9;
	struct run r = run_centre(&c);
	assert_int_equal(r.rep->grade.grade, 1);
	assert_false(r.rep->grade.undetermined);
	assert_int_not_equal(r.rep->grade.limit, -1);
	assert_string_equal(r.rep->results[r.rep->grade.limit].rule->id,
			    "centre.free_items");
	const struct result *res = get(&r, "centre.free_items");
	assert_int_equal(res->verdict, VERDICT_PASS); /* meets 三级 */
	assert_string_equal(gradetext_allows(graded, res, LANG_ZH, &r.a), "二级");
	assert_string_equal(gradetext_next(graded, res, LANG_ZH, &r.a),
			    "9 项，达一级需 10 项，差 1 项");
	assert_string_equal(gradetext_next(graded, res, LANG_EN, &r.a),
			    "9 items; Grade 1 needs 10 items, short by 1 items");
	assert_string_equal(gradetext_name(graded, r.rep->grade.grade, LANG_ZH), "二级");
	done(&r);
}

/* The gap again in yuan: 0.92 per head of 5,000,000. */
static void test_scaled_gap(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.population = 5000000;
	c.subsidy = 4600000, c.higher = 0;
	struct run r = run_centre(&c);
	assert_int_equal(r.rep->grade.grade, 2);
	const struct result *res = get(&r, "centre.per_capita");
	assert_string_equal(gradetext_next(graded, res, LANG_ZH, &r.a),
			    "[人均财政拨款] 0.92 元，达二级需 1.00 元，差 0.08 元（约 40 万元）");
	assert_string_equal(gradetext_next(graded, res, LANG_EN, &r.a),
			    "[per head] 0.92 yuan; Grade 2 needs 1.00 yuan, short by "
			    "0.08 yuan (about 400,000 yuan)");
	done(&r);
}

/* A part of a computed measure left out: MISSING, not a guess, and the
 * grade is only what the rest proves. */
static void test_missing_part(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.no_higher = true;
	struct run r = run_centre(&c);
	const struct result *res = get(&r, "centre.per_capita");
	assert_int_equal(res->verdict, VERDICT_MISSING);
	assert_non_null(strstr(res->why, "facts.funding_higher"));
	assert_int_equal(res->grade.unknown, 7);
	assert_int_equal(r.rep->grade.grade, 3);
	assert_true(r.rep->grade.undetermined);
	assert_string_equal(gradetext_allows(graded, res, LANG_ZH, &r.a), "缺数据");
	done(&r);
	/* A population of 0 is division by zero. */
	c = TOP;
	c.population = 0;
	r = run_centre(&c);
	res = get(&r, "centre.per_capita");
	assert_int_equal(res->verdict, VERDICT_MISSING);
	assert_non_null(strstr(res->why, "division by zero"));
	done(&r);
	/* A yes/no condition left out: also undetermined, below every grade. */
	c = TOP;
	c.no_website = true;
	r = run_centre(&c);
	assert_int_equal(r.rep->grade.grade, 3);
	assert_true(r.rep->grade.undetermined);
	done(&r);
}

/* A failed yes/no condition allows no grade at all. */
static void test_flat_condition(void **state)
{
	(void)state;
	const char *yaml =
		"venue: {id: T, name: 馆, tier: centre, year: 2024, population: 4000000}\n"
		"facts: {building_area: 7000, funding_subsidy: 5000000,"
		" funding_higher: 0, free_items: 10, categories: [music, dance, drama, art]}\n"
		"declared: {website: false}\n";
	struct run r = run(graded, yaml);
	assert_int_equal(r.rep->grade.grade, 3);
	assert_false(r.rep->grade.undetermined);
	assert_string_equal(r.rep->results[r.rep->grade.limit].rule->id,
			    "centre.website");
	done(&r);
}

static int points_grade(const char *facts, struct run *keep)
{
	char yaml[256];
	snprintf(yaml, sizeof yaml,
		 "venue: {id: P, name: 馆, tier: centre, year: 2024}\nfacts: {%s}\n",
		 facts);
	struct run r = run(points, yaml);
	int g = r.rep->grade.grade;
	if (keep)
		*keep = r;
	else
		done(&r);
	return g;
}

/* Grade lines 90 / 70 / 50 on the total, both sides, with the gate. */
static void test_points(void **state)
{
	(void)state;
	struct run r;
	assert_int_equal(points_grade("area: 4000, events: 35, trainings: 5", &r), 1);
	assert_true(r.rep->grade.points == 75 && r.rep->grade.max_points == 100);
	assert_string_equal(gradetext_points(find_result(r.rep, "centre.score.area"),
					     LANG_ZH, &r.a), "30 / 40 分");
	done(&r);
	assert_int_equal(points_grade("area: 6000, events: 30, trainings: 10", NULL), 0); /* 90 */
	assert_int_equal(points_grade("area: 6000, events: 29, trainings: 10", NULL), 1); /* 89 */
	assert_int_equal(points_grade("area: 4000, events: 20, trainings: 0", NULL), 2);  /* 50 */
	assert_int_equal(points_grade("area: 4000, events: 19, trainings: 0", NULL), 3);  /* 49 */
	/* The gating condition fails: no grade, whatever the points. */
	assert_int_equal(points_grade("area: 999, events: 40, trainings: 10", NULL), 3);
	/* An item lacks data: 80 known, 一级 undecided, 二级 proven. */
	assert_int_equal(points_grade("area: 6000, events: 40", &r), 1);
	assert_true(r.rep->grade.points_missing);
	assert_true(r.rep->grade.undetermined);
	done(&r);
}

/* What the loader refuses in a graded pack. */
static void refused(const char *rules, const char *want)
{
	char buf[4096];
	snprintf(buf, sizeof buf,
		 "standard: {id: t, title: T}\n"
		 "tiers: [{id: c, name: 馆}]\n"
		 "grades: [{id: g1, name: 一级}, {id: g2, name: 二级}, {id: g3, name: 三级}]\n"
		 "data: {facts: {a: {type: number}, b: {type: number}}}\n"
		 "measures:\n  sum: {value: facts.a + facts.b}\n"
		 "rules:\n%s", rules);
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("t.yaml", buf, strlen(buf), &d);
	if (p)
		fail_msg("accepted: %s", rules);
	expect_diag(&d, want);
	diag_free(&d);
}

#define RULE "  - {id: c.x, tier: c, category: k, clause: x, title: x, measure: facts.a, "

static void test_lint(void **state)
{
	(void)state;
	refused(RULE "threshold: [3, 1, 2]}\n",
		"t.yaml:8:87: error[R001]: the thresholds are not monotone across grades: "
		"二级 needs 1 but 三级 needs 2 (a better grade cannot need less)");
	refused(RULE "op: '<=', threshold: [3, 1, 2]}\n", "a better grade cannot allow more");
	refused(RULE "threshold: [3, 2]}\n",
		"the per-grade threshold gives 2 values, but the pack has 3 grades");
	refused(RULE "threshold: {一級: 3}}\n",
		"'一級' is not a grade of the pack (did you mean '一级'?)");
	refused(RULE "threshold: 'if facts.b > 1 then [3, 2, 1] else 2 end'}\n",
		"every branch of a per-grade threshold must be a list");
	refused(RULE "threshold: 'if facts.b > 1 then [3, 2, 1] else [3, 2] end'}\n",
		"gives 2 values, but the pack has 3 grades");
	refused(RULE "threshold: 1, demote: 1, max_points: 3}\n",
		"'max_points' goes with points: and must be a positive number");
	refused(RULE "threshold: [3, 2, 1], demote: 1}\n",
		"a rule with demote: does not gate the grade");
	refused(RULE "threshold: measures.summ}\n",
		"'summ' is not a measure defined before this under measures: (did you mean 'sum'?)");
	refused(RULE "threshold: 1, gates: maybe}\n", "gates 'maybe' must be true or false");
	/* A per-grade threshold needs grades. */
	const char *ungraded =
		"standard: {id: t, title: T}\ntiers: [{id: c, name: 馆}]\n"
		"data: {facts: {a: {type: number}}}\n"
		"rules:\n" RULE "threshold: [3, 2, 1]}\n";
	struct diags d;
	diag_init(&d);
	assert_null(pack_load_string("u.yaml", ungraded, strlen(ungraded), &d));
	expect_diag(&d, "'threshold' is only for a graded pack: this pack has no grades:");
	diag_free(&d);
}

/* The fixtures themselves load, and the bands' thresholds read as
 * written. */
static void test_fixture_shape(void **state)
{
	(void)state;
	assert_int_equal(graded->ngrades, 3);
	assert_int_equal(pack_grade_index(graded, "二级"), 1);
	assert_int_equal(pack_grade_index(graded, "g3"), 2);
	assert_int_equal(pack_grade_index(graded, "四级"), -1);
	const struct rule *area = pack_rule(graded, "centre.area");
	assert_string_equal(area->requirement, "一级 ≥ 6500 / 二级 ≥ 5500 / 三级 ≥ 4500 平方米");
	assert_true(area->gates);
	assert_false(pack_rule(graded, "centre.categories")->gates);
	assert_false(pack_rule(points, "centre.score.area")->gates);
	assert_string_equal(pack_grade_name(graded, 3, false), "未达等级");
	assert_string_equal(pack_grade_name(graded, 0, true), "Grade 1");
}

/* A batch keeps finished results in a temporary file (spill.h): the
 * grade and every condition's part come back the same. */
static void test_spill(void **state)
{
	(void)state;
	struct centre c = TOP;
	c.free_items = 9;
	c.categories = 3;
	struct run r = run_centre(&c);
	struct spill *s = spill_new();
	struct spill_ref ref = spill_put_venue(s, graded, NULL, r.rep, &r.d, NULL);
	spill_flush(s);
	struct check_report back = {.venue = r.v};
	struct diags d;
	diag_init(&d);
	assert_true(spill_get_venue(s, ref, graded, r.v, NULL, &r.a, NULL, &back, &d));
	assert_int_equal(back.ngrades, 3);
	const struct venue_grade *vb = &back.grade, *va = &r.rep->grade;
	assert_true(vb->graded && vb->grade == va->grade && vb->by_rules == va->by_rules &&
		    vb->by_points == va->by_points && vb->demoted == va->demoted &&
		    vb->undetermined == va->undetermined && vb->limit == va->limit);
	assert_int_equal(back.grade.grade, 2);
	for (size_t i = 0; i < back.n; i++) {
		const struct result_grade *a = &back.results[i].grade,
					  *b = &r.rep->results[i].grade;
		assert_int_equal(a->holds, b->holds);
		assert_int_equal(a->allows, b->allows);
		assert_int_equal(a->demote, b->demote);
		assert_ptr_equal(a->next_check, b->next_check);
		assert_true(a->next_gap == b->next_gap && a->has_next == b->has_next);
		assert_string_equal(gradetext_allows(graded, &back.results[i], LANG_ZH, &r.a),
				    gradetext_allows(graded, &r.rep->results[i], LANG_ZH, &r.a));
	}
	diag_free(&d);
	spill_free(s);
	done(&r);
}

static void test_number(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_string_equal(gradetext_number(1000, 0, &a), "1,000");
	assert_string_equal(gradetext_number(1234567.5, 0, &a), "1,234,567.5");
	assert_string_equal(gradetext_number(0.96, 0, &a), "0.96");
	assert_string_equal(gradetext_number(1, 2, &a), "1.00");
	assert_string_equal(gradetext_number(-500, 0, &a), "-500");
	assert_string_equal(gradetext_number(999, 0, &a), "999");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_area_thresholds),
		cmocka_unit_test(test_under_construction_half),
		cmocka_unit_test(test_band_edges),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_demotion),
		cmocka_unit_test(test_one_short),
		cmocka_unit_test(test_scaled_gap),
		cmocka_unit_test(test_missing_part),
		cmocka_unit_test(test_flat_condition),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_lint),
		cmocka_unit_test(test_fixture_shape),
		cmocka_unit_test(test_spill),
		cmocka_unit_test(test_number),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
