/* test_packset.c - one venue file against either pack or both (issue 21):
 * a pack's accepts: (another pack's data validated, never required, never
 * read) and packs combined in one run (pack_combine): rule id, tier,
 * field and grade clashes refused with both places, the grade from the
 * graded pack only. */
#include "helpers.h"

#include "packfind.h"

static struct packfind_dirs dirs;

#define CITY "../examples/city/jiaxing-city.yaml"

static struct pack *load_text(const char *name, const char *text,
			      struct diags *d)
{
	return pack_load_string_in(name, text, strlen(text), &dirs, d);
}

static struct pack *load_named(const char *name)
{
	char path[PATH_MAX + 64];
	struct diags d;
	diag_init(&d);
	struct pack *p = packfind_path(&dirs, name, NULL, path, sizeof path)
		? pack_load_in(path, &dirs, &d) : NULL;
	if (!p)
		fail_msg("%s did not load:\n%s", name, diags_text(&d));
	diag_free(&d);
	return p;
}

static struct pack *combine2(struct pack *a, struct pack *b, struct diags *d)
{
	struct pack *parts[] = {a, b};
	return pack_combine(parts, 2, d);
}

/* The venue text under p: the report (NULL when the file is invalid, the
 * errors in d). */
static struct check_report *run(const struct pack *p, const char *yaml,
				struct venue **v, struct diags *d)
{
	*v = venue_load_string(p, "city.yaml", yaml, strlen(yaml), d);
	return *v ? check_venue(p, *v, d) : NULL;
}

/* The grading pack takes the Jiaxing city file as it is (its Jiaxing data
 * only validated) and grades it; the Jiaxing pack takes it too. */
static void test_either_pack(void **state)
{
	(void)state;
	char *yaml = read_text(CITY);
	assert_non_null(yaml);
	const char *names[] = {"mct-2020-dishi", "jiaxing-2015"};
	size_t want[] = {3, 42};
	for (size_t i = 0; i < 2; i++) {
		struct pack *p = load_named(names[i]);
		struct diags d;
		diag_init(&d);
		struct venue *v;
		struct check_report *rep = run(p, yaml, &v, &d);
		if (!rep)
			fail_msg("%s refused the city:\n%s", names[i], diags_text(&d));
		assert_int_equal(rep->n, want[i]);
		for (size_t k = 0; k < rep->n; k++)
			assert_int_equal(rep->results[k].verdict, VERDICT_PASS);
		assert_int_equal(rep->grade.graded, i == 0);
		if (i == 0)
			assert_int_equal(rep->grade.grade, 0); /* 一级 */
		check_report_free(rep);
		venue_free(v);
		diag_free(&d);
		pack_free(p);
	}
	free(yaml);
}

/* An accepted field with a wrong value is still an error, at its place;
 * the accepted pack's fields are never required (a grading file without
 * any Jiaxing data is valid). */
static void test_accepted_field_validated(void **state)
{
	(void)state;
	struct pack *p = load_named("mct-2020-dishi");
	static const char bad[] =
		"venue: {id: c, name: 市馆, tier: city, year: 2024, population: 100}\n"
		"facts:\n"
		"  building_area: 3000\n"
		"  weekly_open_hours: 很多\n";
	struct diags d;
	diag_init(&d);
	struct venue *v;
	assert_null(run(p, bad, &v, &d));
	expect_diag(&d, "city.yaml:4:22");
	expect_diag(&d, "E0");
	diag_free(&d);
	static const char declared[] =
		"venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
		"declared: {open.notice: 也许}\n";
	diag_init(&d);
	assert_null(run(p, declared, &v, &d));
	expect_diag(&d, "city.yaml:2:25");
	diag_free(&d);
	/* A Jiaxing tier this pack has not (总馆, county) is still refused. */
	static const char county[] =
		"venue: {id: c, name: 县馆, tier: 总馆, year: 2024}\n";
	diag_init(&d);
	assert_null(run(p, county, &v, &d));
	expect_diag(&d, "city.yaml:1:32");
	diag_free(&d);
	/* The Jiaxing name of the tier, as a Jiaxing workbook writes it. */
	static const char plain[] =
		"venue: {id: c, name: 市馆, tier: 中心馆, year: 2024}\n"
		"declared: {open.notice: true}\n";
	diag_init(&d);
	struct check_report *rep = run(p, plain, &v, &d);
	if (!rep)
		fail_msg("refused:\n%s", diags_text(&d));
	assert_int_equal(rep->n, 3);
	check_report_free(rep);
	venue_free(v);
	diag_free(&d);
	pack_free(p);
}

#define GRADED_HEAD "standard: {id: local-grade, title: 本地定级}\n" \
	"accepts: [jiaxing-2015]\n" \
	"grades: [{id: g1, name: 一级}, {id: g2, name: 二级}]\n" \
	"tiers: [{id: city, name: 市馆}]\n" \
	"categories: {开放: Opening}\n"

/* This pack's rules cannot read what is only accepted; a field the
 * accepted pack defines otherwise is refused with both places. */
static void test_accepted_not_readable(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	assert_null(load_text("local.yaml", GRADED_HEAD
		"rules:\n"
		"  - {id: city.hours, tier: city, kind: min, clause: 时长, summary: 时长, title: t,\n"
		"     category: 开放, measure: facts.weekly_open_hours, threshold: [56, 42]}\n", &d));
	expect_diag(&d, "local.yaml:8:35");
	expect_diag(&d, "weekly_open_hours");
	assert_int_equal(d.errors, 1);
	diag_free(&d);
	diag_init(&d);
	assert_null(load_text("local.yaml", GRADED_HEAD
		"data: {facts: {building_area: {type: int, min: 0}}}\n"
		"rules:\n"
		"  - {id: city.area, tier: city, kind: min, clause: 面积, summary: 面积, title: t,\n"
		"     category: 开放, measure: facts.building_area, threshold: [4500, 3500]}\n", &d));
	expect_diag(&d, "facts.building_area");
	expect_diag(&d, "jiaxing-2015.yaml:86:");
	expect_diag(&d, "local.yaml:6:");
	diag_free(&d);
	diag_init(&d);
	assert_null(load_text("local.yaml",
		"standard: {id: x, title: x}\naccepts: [no-such-pack]\n"
		"tiers: [{id: city, name: 市馆}]\nrules: []\n", &d));
	expect_diag(&d, "local.yaml:2:11");
	diag_free(&d);
}

#define OTHER "standard: {id: other, title: 另一标准}\n" \
	"tiers: [{id: city, name: 市馆}, {id: town, name: 镇站},\n" \
	"        {id: county, name: 县馆, parent: %s}]\n" \
	"data: {facts: {%s: {type: %s, min: 0, unit: 人}}}\n" \
	"categories: {人员: Staff}\n" \
	"rules:\n" \
	"  - {id: %s, tier: city, kind: min, clause: 人数, summary: 人数, title: t,\n" \
	"     category: 人员, measure: facts.%s, threshold: 10}\n"

static struct pack *other(const char *parent, const char *field,
			  const char *type, const char *id)
{
	char text[1024];
	snprintf(text, sizeof text, OTHER, parent, field, type, id, field);
	struct diags d;
	diag_init(&d);
	struct pack *p = load_text("other.yaml", text, &d);
	if (!p)
		fail_msg("other.yaml did not load:\n%s", diags_text(&d));
	diag_free(&d);
	return p;
}

/* What cannot be one pack is refused, naming both places. */
static void test_combine_refused(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	assert_null(combine2(load_named("jiaxing-2015"),
			     other("city", "x_staff", "int", "city.open.notice"), &d));
	expect_diag(&d, "other.yaml:7:5");
	expect_diag(&d, "jiaxing-2015.yaml:313:5");
	expect_diag(&d, "city.open.notice");
	diag_free(&d);
	diag_init(&d);
	assert_null(combine2(load_named("jiaxing-2015"),
			     other("town", "x_staff", "int", "city.x"), &d));
	expect_diag(&d, "other.yaml:3:9");
	expect_diag(&d, "county");
	diag_free(&d);
	diag_init(&d);
	assert_null(combine2(load_named("jiaxing-2015"),
			     other("city", "staff_total", "number", "city.x"), &d));
	expect_diag(&d, "other.yaml:4:29");
	expect_diag(&d, "facts.staff_total");
	expect_diag(&d, "jiaxing-2015.yaml:60:18");
	diag_free(&d);
	diag_init(&d);
	assert_null(combine2(load_named("mct-2020-dishi"),
			     load_named("mct-2011-county"), &d));
	expect_diag(&d, "mct-2011-county.yaml:");
	expect_diag(&d, "grades");
	diag_free(&d);
	/* The same field alike, another parent of none: one pack. */
	diag_init(&d);
	struct pack *p = combine2(load_named("jiaxing-2015"),
				  other("city", "staff_total", "int", "city.x"), &d);
	if (!p)
		fail_msg("refused:\n%s", diags_text(&d));
	assert_int_equal(p->nrules, 113);
	assert_string_equal(p->id, "jiaxing-2015+other");
	pack_free(p);
	diag_free(&d);
}

/* Jiaxing + the grading pack: a Jiaxing rule that fails is a failure of
 * the run but does not lower the grade, which is the graded pack's. */
static void test_combined_grade(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	struct pack *p = combine2(load_named("jiaxing-2015"),
				  load_named("mct-2020-dishi"), &d);
	if (!p)
		fail_msg("refused:\n%s", diags_text(&d));
	assert_int_equal(p->nrules, 112 + 6);
	assert_int_equal(p->ngrades, 3);
	char *yaml = read_text(CITY);
	char *at = strstr(yaml, "weekly_open_hours: 56");
	assert_non_null(at);
	memcpy(at + strlen("weekly_open_hours: "), "40", 2);
	struct venue *v;
	struct check_report *rep = run(p, yaml, &v, &d);
	if (!rep)
		fail_msg("refused:\n%s", diags_text(&d));
	assert_int_equal(rep->n, 45);
	const struct result *r = find_result(rep, "city.open.weekly_hours");
	assert_non_null(r);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_false(r->rule->gates);
	assert_int_equal(rep->grade.grade, 0); /* still 一级 */
	assert_string_equal(pack_origin_text(r->rule, &rep->arena), "jiaxing-2015");
	r = find_result(rep, "city.funding.per_capita");
	assert_non_null(r);
	assert_true(r->rule->gates);
	assert_string_equal(pack_origin_text(r->rule, &rep->arena), "mct-2020-dishi");
	check_report_free(rep);
	venue_free(v);
	free(yaml);
	diag_free(&d);
	pack_free(p);
}

/* Each tier's list of rules (struct tier: rules, what check_own reads) is
 * exactly the pack's rules of that tier, in order: for every shipped pack,
 * a layered one (extends, overrides, disabled rules) and two combined. */
static void expect_tier_rules(const struct pack *p)
{
	size_t total = 0;
	for (size_t t = 0; t < p->ntiers; t++) {
		const struct tier *tr = &p->tiers[t];
		size_t k = 0;
		for (size_t i = 0; i < p->nrules; i++)
			if (!strcmp(p->rules[i].tier, tr->id)) {
				assert_true(k < tr->nrules);
				assert_int_equal(tr->rules[k++], i);
			}
		assert_int_equal(k, tr->nrules);
		total += k;
	}
	assert_int_equal(total, p->nrules);
}

static void test_tier_rules_indexed(void **state)
{
	(void)state;
	const char *names[] = {"jiaxing-2015", "mct-2011-county", "mct-2015-fusheng",
			       "mct-2020-dishi"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		struct pack *p = load_named(names[i]);
		assert_true(p->nrules > 0);
		expect_tier_rules(p);
		pack_free(p);
	}
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_in("../rules/local/nanhu-2024.yaml", &dirs, &d);
	if (!p)
		fail_msg("nanhu-2024 did not load:\n%s", diags_text(&d));
	expect_tier_rules(p);
	pack_free(p);
	p = combine2(load_named("jiaxing-2015"), load_named("mct-2020-dishi"), &d);
	if (!p)
		fail_msg("refused:\n%s", diags_text(&d));
	expect_tier_rules(p);
	pack_free(p);
	p = combine2(load_named("mct-2020-dishi"), load_named("jiaxing-2015"), &d);
	if (!p)
		fail_msg("refused:\n%s", diags_text(&d));
	expect_tier_rules(p);
	pack_free(p);
	diag_free(&d);
}

int main(void)
{
	packfind_dirs_init(&dirs, "../rules");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_either_pack),
		cmocka_unit_test(test_accepted_field_validated),
		cmocka_unit_test(test_accepted_not_readable),
		cmocka_unit_test(test_combine_refused),
		cmocka_unit_test(test_combined_grade),
		cmocka_unit_test(test_tier_rules_indexed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
