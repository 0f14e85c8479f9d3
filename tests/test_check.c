/* test_check.c - verdicts, gaps and their wording, warnings, and the
 * population bands of town.support.staff_by_population on both sides. */
#include "helpers.h"

#include "label.h"
#include "utf8.h"

static struct pack *pack;
static struct arena arena;

static int setup(void **state)
{
	(void)state;
	pack = load_jiaxing();
	arena_init(&arena);
	return pack ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(pack);
	arena_free(&arena);
	return 0;
}

struct run {
	struct venue *v;
	struct check_report *rep;
	struct diags warnings;
};

static struct run run(const char *yaml)
{
	struct run r;
	diag_init(&r.warnings);
	r.v = venue_load_string(pack, "c.yaml", yaml, strlen(yaml), &r.warnings);
	if (!r.v)
		fail_msg("rejected:\n%s", diags_text(&r.warnings));
	r.rep = check_venue(pack, r.v, &r.warnings);
	return r;
}

static void done(struct run *r)
{
	check_report_free(r->rep);
	venue_free(r->v);
	diag_free(&r->warnings);
}

static const struct result *get(const struct run *r, const char *id)
{
	const struct result *res = find_result(r->rep, id);
	if (!res)
		fail_msg("no result for %s", id);
	return res;
}

static void staff_band(int population, int staff, enum verdict want,
		       double required)
{
	char yaml[256];
	snprintf(yaml, sizeof yaml,
		 "venue: {id: t, name: 镇, tier: town, year: 2024, population: %d}\n"
		 "facts: {staff_total: %d}\n", population, staff);
	struct run r = run(yaml);
	const struct result *res = get(&r, "town.support.staff_by_population");
	if (res->verdict != want || res->required != required)
		fail_msg("population %d, staff %d: verdict %d, requires %g",
			 population, staff, res->verdict, res->required);
	done(&r);
}

/* 以上、以下包括本数: 30000 is "3万人及以下" (3), 50000 is "5万人以上" (5). */
static void test_population_bands(void **state)
{
	(void)state;
	staff_band(30000, 3, VERDICT_PASS, 3);
	staff_band(30000, 2, VERDICT_FAIL, 3);
	staff_band(30001, 3, VERDICT_FAIL, 4);
	staff_band(30001, 4, VERDICT_PASS, 4);
	staff_band(49999, 4, VERDICT_PASS, 4);
	staff_band(49999, 3, VERDICT_FAIL, 4);
	staff_band(50000, 4, VERDICT_FAIL, 5);
	staff_band(50000, 5, VERDICT_PASS, 5);
	staff_band(50001, 4, VERDICT_FAIL, 5);
	staff_band(50001, 5, VERDICT_PASS, 5);
	staff_band(0, 3, VERDICT_PASS, 3);
}

static void test_missing_population(void **state)
{
	(void)state;
	struct run r = run("venue: {id: t, name: 镇, tier: town, year: 2024}\n"
			   "facts: {staff_total: 9}\n");
	const struct result *res = get(&r, "town.support.staff_by_population");
	assert_int_equal(res->verdict, VERDICT_MISSING);
	assert_string_equal(res->why, "venue.population");
	assert_true(check_is_failure(res->verdict));
	done(&r);
}

static void test_declared(void **state)
{
	(void)state;
	struct run r = run("venue: {id: t, name: 村, tier: village, year: 2024}\n"
			   "declared: {open.free_open: true, open.announced: false}\n");
	assert_int_equal(get(&r, "village.open.free_open")->verdict, VERDICT_PASS);
	assert_int_equal(get(&r, "village.open.announced")->verdict, VERDICT_FAIL);
	const struct result *m = get(&r, "village.activity.local_programs");
	assert_int_equal(m->verdict, VERDICT_MISSING);
	assert_string_equal(m->why, "declared.activity.local_programs");
	assert_string_equal(label_measured(get(&r, "village.open.announced"),
					   LANG_ZH, &arena), "否");
	/* Only this tier's rules are judged. */
	assert_int_equal(r.rep->n, 8);
	done(&r);
}

static void test_gap_wording(void **state)
{
	(void)state;
	struct run r = run(
		"venue: {id: t, name: 村, tier: village, year: 2024}\n"
		"events:\n"
		"  - {date: 2024-01-01, title: a, kind: other, participants: 5}\n"
		"  - {date: 2024-01-02, title: b, kind: other, participants: 5}\n"
		"facts: {administrators: 0}\n");
	const struct result *ev = get(&r, "village.activity.events");
	assert_int_equal(ev->verdict, VERDICT_FAIL);
	assert_true(ev->gap == 6);
	assert_string_equal(label_measured(ev, LANG_ZH, &arena), "2 次");
	assert_string_equal(label_required(ev, LANG_ZH, &arena), "≥ 8 次");
	assert_string_equal(label_gap(ev, LANG_ZH, &arena), "差 6 次");
	assert_string_equal(label_gap(ev, LANG_EN, &arena), "short by 6 activities");
	assert_string_equal(label_verdict(ev->verdict, LANG_ZH), "未通过");
	const struct result *tr = get(&r, "village.activity.troupes");
	assert_int_equal(tr->verdict, VERDICT_MISSING);
	/* the reason a clerk reads is in the report's language */
	assert_string_equal(label_gap(tr, LANG_ZH, &arena),
		"缺少数据：troupes（文件中没有；如果没有，请写“troupes: []”）");
	assert_string_equal(label_gap(tr, LANG_EN, &arena),
		"missing: troupes (not in the file; write 'troupes: []' if there were none)");
	done(&r);
}

static void test_ratio(void **state)
{
	(void)state;
	struct run r = run("venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
			   "facts: {staff_total: 20, staff_professional: 14}\n");
	const struct result *res = get(&r, "city.support.professional_ratio");
	assert_int_equal(res->verdict, VERDICT_FAIL);
	assert_string_equal(label_measured(res, LANG_ZH, &arena), "70%");
	assert_string_equal(label_required(res, LANG_ZH, &arena), "≥ 75%");
	assert_string_equal(label_gap(res, LANG_ZH, &arena), "差 5 个百分点");
	done(&r);
	r = run("venue: {id: c, name: 县馆, tier: county, year: 2024}\n"
		"facts: {staff_total: 5, staff_professional: 4}\n");
	assert_int_equal(get(&r, "county.support.professional_ratio")->verdict,
			 VERDICT_PASS); /* exactly 80% */
	done(&r);
	r = run("venue: {id: c, name: 县馆, tier: county, year: 2024}\n"
		"facts: {staff_total: 0, staff_professional: 0}\n");
	const struct result *z = get(&r, "county.support.professional_ratio");
	assert_int_equal(z->verdict, VERDICT_MISSING);
	assert_non_null(strstr(z->why, "division by zero"));
	done(&r);
}

static void test_each_without_items_is_na(void **state)
{
	(void)state;
	struct run r = run("venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
			   "trainings:\n"
			   "  - {date: 2024-01-01, title: a, audience: model, participants: 79}\n");
	assert_int_equal(get(&r, "city.training.staff_size")->verdict, VERDICT_NA);
	assert_int_equal(get(&r, "city.training.model_size")->verdict, VERDICT_FAIL);
	assert_false(check_is_failure(VERDICT_NA));
	done(&r);
}

static void test_batch_rule(void **state)
{
	(void)state;
	struct run r = run("venue: {id: c, name: 县馆, tier: county, year: 2024, towns: 4}\n"
			   "facts: {dispatched_staff: 4}\n");
	assert_int_equal(get(&r, "county.dispatch.per_branch")->verdict, VERDICT_BATCH);
	assert_false(check_is_failure(VERDICT_BATCH));
	done(&r);
	r = run("venue: {id: c, name: 县馆, tier: county, year: 2024, towns: 4}\n"
		"facts: {dispatched_staff: 3}\n");
	const struct result *f = get(&r, "county.dispatch.per_branch");
	assert_int_equal(f->verdict, VERDICT_FAIL);
	assert_string_equal(label_gap(f, LANG_ZH, &arena), "差 1 名");
	done(&r);
}

static void test_village_shows_checks(void **state)
{
	(void)state;
	const char *base =
		"venue: {id: t, name: 镇, tier: town, year: 2024, villages: 2}\n"
		"events:\n"
		"  - {date: 2024-01-01, title: a, kind: performance, participants: 5, tags: [to_village], village: 甲村}\n"
		"  - {date: 2024-01-02, title: b, kind: performance, participants: 5, tags: [to_village], village: 甲村}\n"
		"  - {date: 2024-01-03, title: c, kind: performance, participants: 5, tags: [to_village], village: 甲村}\n"
		"  - {date: 2024-01-04, title: d, kind: performance, participants: 5, tags: [to_village]}\n";
	/* Without a villages list the shows' own villages are counted: 4
	 * shows meet the total (2 x 2), but only 甲村 got 2. */
	struct run r = run(base);
	const struct result *one = get(&r, "town.mobile.village_shows");
	assert_int_equal(one->verdict, VERDICT_FAIL);
	assert_string_equal(label_check(one, LANG_ZH), "每个村至少2场（按演出所到村）");
	assert_string_equal(label_gap(one, LANG_ZH, &arena), "差 1 个村");
	/* Each check's own outcome is kept (the XLSX tier sheet shows the 场
	 * and the 个村 apart): the total passed with 4 of 4, the list's check
	 * did not run, the shows' villages: 1 of 2. */
	assert_non_null(one->each);
	assert_int_equal(one->each[0].verdict, VERDICT_PASS);
	assert_true(one->each[0].has_measured && one->each[0].measured == 4);
	assert_true(one->each[0].has_required && one->each[0].required == 4);
	assert_int_equal(one->each[1].verdict, VERDICT_NA);
	assert_int_equal(one->each[2].verdict, VERDICT_FAIL);
	assert_true(one->each[2].measured == 1 && one->each[2].required == 2);
	assert_null(get(&r, "town.open.weekly_hours")->each); /* one check */
	done(&r);
	/* Two named villages with 2 each: passes. */
	char two[2048];
	snprintf(two, sizeof two, "%s%s", base,
		 "  - {date: 2024-01-05, title: e, kind: performance, participants: 5, tags: [to_village], village: 乙村}\n"
		 "  - {date: 2024-01-06, title: f, kind: performance, participants: 5, tags: [to_village], village: 乙村}\n");
	r = run(two);
	assert_int_equal(get(&r, "town.mobile.village_shows")->verdict, VERDICT_PASS);
	done(&r);
	/* A screening is not a show (演出): the same with 乙村's shows as
	 * screenings fails again. */
	snprintf(two, sizeof two, "%s%s", base,
		 "  - {date: 2024-01-05, title: e, kind: screening, participants: 5, tags: [to_village], village: 乙村}\n"
		 "  - {date: 2024-01-06, title: f, kind: screening, participants: 5, tags: [to_village], village: 乙村}\n");
	r = run(two);
	assert_int_equal(get(&r, "town.mobile.village_shows")->verdict, VERDICT_FAIL);
	done(&r);
	/* With one, 乙村 got no named show: the per-village check fails. */
	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%svillages:\n"
		 "  - {name: 甲村, troupes: 3, administrators: 1}\n"
		 "  - {name: 乙村, troupes: 3, administrators: 1}\n", base);
	r = run(yaml);
	const struct result *res = get(&r, "town.mobile.village_shows");
	assert_int_equal(res->verdict, VERDICT_FAIL);
	assert_string_equal(label_check(res, LANG_ZH), "每个村至少2场");
	assert_string_equal(label_gap(res, LANG_ZH, &arena), "差 1 个村");
	done(&r);
}

static void test_stated_total_warning(void **state)
{
	(void)state;
	struct run r = run("venue: {id: t, name: 村, tier: village, year: 2024}\n"
			   "facts: {events: 9}\n"
			   "events:\n"
			   "  - {date: 2024-01-01, title: a, kind: other, participants: 5}\n");
	assert_int_equal(r.warnings.n, 1);
	assert_int_equal(r.warnings.v[0].level, DIAG_WARNING);
	assert_int_equal(r.warnings.v[0].line, 2);
	assert_int_equal(r.warnings.v[0].col, 17);
	assert_non_null(strstr(r.warnings.v[0].msg_en,
		"facts.events states 9 but the ledger counts 1 for village.activity.events"));
	/* The ledger decides. */
	assert_int_equal(get(&r, "village.activity.events")->verdict, VERDICT_FAIL);
	done(&r);
}

static void test_monthly_updates(void **state)
{
	(void)state;
	struct run r = run("venue: {id: c, name: 县馆, tier: county, year: 2024}\n"
			   "website_updates: {1: 10, 2: 30, 3: 10, 4: 10, 5: 10, 6: 10,"
			   " 7: 10, 8: 10, 9: 10, 10: 10, 11: 10}\n");
	const struct result *res = get(&r, "county.digital.monthly_updates");
	assert_int_equal(res->verdict, VERDICT_MISSING);
	assert_string_equal(res->why, "website_updates[12]");
	done(&r);
}

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("town"), 4);
	assert_int_equal(utf8_width("分馆"), 4);
	assert_int_equal(utf8_width("（≥5）"), 6); /* fullwidth parens 2+2, narrow ≥ and 5 */
	assert_int_equal(utf8_width("\xff"), 1);
	/* utf8_put prints plain text as it is and returns its width; other
	 * text escaped, with the escape's width. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(utf8_put(f, "分馆 town"), 9);
	assert_int_equal(utf8_put(f, "（≥5）"), 6);
	assert_int_equal(utf8_put(f, "a\tb"), 4);
	assert_int_equal(utf8_put(f, "馆\xff"), 6);
	assert_int_equal(utf8_put(f, NULL), 0);
	fclose(f);
	assert_string_equal(buf, "分馆 town（≥5）a\\tb馆\\xff");
	free(buf);
	assert_true(utf8_is_plain("分馆 town") && utf8_is_plain(NULL));
	assert_false(utf8_is_plain("a\x7f") || utf8_is_plain("\xe5\x88"));
}

/* The fast paths (ASCII, leads E4-E9) agree with the general one on both
 * sides of each boundary: U+10FF narrow, U+1100 wide; U+4DBF wide, the
 * hexagrams U+4DC0-U+4DFF narrow, U+4E00 and U+9FFF wide, U+A4D0 narrow;
 * a lead E4-E9 without its continuation bytes is not plain. */
static void test_display_width_bounds(void **state)
{
	(void)state;
	static const struct { const char *s; size_t w; } c[] = {
		{"\xe1\x83\xbf", 1}, {"\xe1\x84\x80", 2},	/* U+10FF, U+1100 */
		{"\xe4\xb6\xbf", 2}, {"\xe4\xb7\x80", 1},	/* U+4DBF, U+4DC0 */
		{"\xe4\xb7\xbf", 1}, {"\xe4\xb8\x80", 2},	/* U+4DFF, U+4E00 */
		{"\xe9\xbf\xbf", 2}, {"\xea\x93\x90", 1},	/* U+9FFF, U+A4D0 */
		{"ab\x01", 3}, {"é", 1}, {"县馆 a", 6},
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		assert_int_equal(utf8_width(c[i].s), c[i].w);
		if (c[i].s[0] != 'a') /* "ab\x01" is escaped, so wider */
			assert_int_equal(utf8_put(f, c[i].s), c[i].w);
	}
	fclose(f);
	free(buf);
	assert_false(utf8_is_plain("\xe4\xb8") || utf8_is_plain("\xe9\x41\x80"));
	/* utf8_printf's bare %s: plain text as it is, other text escaped. */
	f = open_memstream(&buf, &len);
	utf8_printf(f, "[%s|%s|%5s|%%]", "县馆", "a\tb", "x");
	fclose(f);
	assert_string_equal(buf, "[县馆|a\\tb|    x|%]");
	free(buf);
}

/* Missing only when it matters: a town with no exhibitions block whose
 * events alone reach 10 passes; with 9 the exhibitions could decide. */
static void town_events(char *yaml, size_t cap, int events)
{
	int n = snprintf(yaml, cap, "venue: {id: t, name: 镇, tier: town, year: 2024}\nevents:\n");
	for (int i = 1; i <= events; i++)
		n += snprintf(yaml + n, cap - (size_t)n,
			      "  - {date: 2024-01-%02d, title: e%d, kind: performance, participants: 5}\n", i, i);
}

static void test_missing_only_when_it_matters(void **state)
{
	(void)state;
	char yaml[4096];
	town_events(yaml, sizeof yaml, 10);
	struct run r = run(yaml);
	const struct result *ev = get(&r, "town.activity.events");
	assert_int_equal(ev->verdict, VERDICT_PASS);
	assert_string_equal(label_measured(ev, LANG_ZH, &arena), "10 次");
	done(&r);
	town_events(yaml, sizeof yaml, 9);
	r = run(yaml);
	ev = get(&r, "town.activity.events");
	assert_int_equal(ev->verdict, VERDICT_MISSING);
	assert_non_null(strstr(ev->why, "exhibitions"));
	done(&r);
}

/* One word, one meaning: a to_city screening is no show to the city, an
 * exchange counts however it went; the village's co-hosted activities
 * count apart from its own. */
static void test_one_word_one_meaning(void **state)
{
	(void)state;
	const char *town = "venue: {id: t, name: 镇, tier: town, year: 2024}\nevents:\n";
	char yaml[1024];
	snprintf(yaml, sizeof yaml, "%s%s", town,
		 "  - {date: 2024-01-01, title: a, kind: screening, participants: 5, tags: [to_city]}\n");
	struct run r = run(yaml);
	assert_int_equal(get(&r, "town.mobile.city_shows")->verdict, VERDICT_FAIL);
	done(&r);
	snprintf(yaml, sizeof yaml, "%s%s", town,
		 "  - {date: 2024-01-01, title: a, kind: seminar, participants: 5, tags: [exchange]}\n");
	r = run(yaml);
	assert_int_equal(get(&r, "town.mobile.city_shows")->verdict, VERDICT_PASS);
	done(&r);
	snprintf(yaml, sizeof yaml, "%s%s", town,
		 "  - {date: 2024-01-01, title: a, kind: performance, participants: 5, tags: [to_city]}\n");
	r = run(yaml);
	assert_int_equal(get(&r, "town.mobile.city_shows")->verdict, VERDICT_PASS);
	done(&r);
	r = run("venue: {id: v, name: 村, tier: village, year: 2024}\nevents:\n"
		"  - {date: 2024-01-01, title: a, kind: other, participants: 5, tags: [hosted]}\n");
	assert_int_equal(get(&r, "village.activity.hosted")->verdict, VERDICT_PASS);
	const struct result *own = get(&r, "village.activity.events");
	assert_int_equal(own->verdict, VERDICT_FAIL);
	assert_string_equal(label_measured(own, LANG_ZH, &arena), "0 次");
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_population_bands),
		cmocka_unit_test(test_missing_population),
		cmocka_unit_test(test_declared),
		cmocka_unit_test(test_gap_wording),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_each_without_items_is_na),
		cmocka_unit_test(test_batch_rule),
		cmocka_unit_test(test_village_shows_checks),
		cmocka_unit_test(test_missing_only_when_it_matters),
		cmocka_unit_test(test_one_word_one_meaning),
		cmocka_unit_test(test_stated_total_warning),
		cmocka_unit_test(test_monthly_updates),
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_display_width_bounds),
	};
	return cmocka_run_group_tests_name("check", tests, setup, teardown);
}
