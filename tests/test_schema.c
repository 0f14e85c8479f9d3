/* test_schema.c - venue data validation: every problem found, each with
 * file:line:col and what was expected. */
#include "helpers.h"

static struct pack *pack;

static int setup(void **state)
{
	(void)state;
	pack = load_jiaxing();
	return pack ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(pack);
	return 0;
}

#define HDR "venue: {id: t1, name: 测试镇, tier: town, year: 2024}\n"

/* Load yaml; it must be rejected with every wanted message present. */
static void expect_invalid(const char *yaml, const char *const *want, size_t n)
{
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(pack, "v.yaml", yaml, strlen(yaml), &d);
	if (v)
		fail_msg("accepted:\n%s", yaml);
	char *msg = diags_text(&d);
	for (size_t i = 0; i < n; i++)
		if (!strstr(msg, want[i]))
			fail_msg("expected '%s' in:\n%s", want[i], msg);
	free(msg);
	diag_free(&d);
}

#define INVALID(yaml, ...)                                                    \
	do {                                                                  \
		const char *w_[] = {__VA_ARGS__};                             \
		expect_invalid(yaml, w_, sizeof w_ / sizeof w_[0]);           \
	} while (0)

static struct venue *expect_valid(const char *yaml)
{
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(pack, "v.yaml", yaml, strlen(yaml), &d);
	if (!v)
		fail_msg("rejected:\n%s", diags_text(&d));
	diag_free(&d);
	return v;
}

static void test_header(void **state)
{
	(void)state;
	INVALID("facts: {}\n", "v.yaml:1:1: error[E015]: the file has no 'venue:' header");
	INVALID("venue: {id: t1, tier: town, year: 2024}\n",
		"v.yaml:1:8: error[E016]: venue: required field 'name' is missing");
	INVALID("venue: {id: t1, name: x, tier: township, year: 2024}\n",
		"v.yaml:1:32: error[E023]: tier: 'township' is not allowed; expected one of: city (中心馆), county (总馆), town (分馆), village (支馆)");
	INVALID("venue: {id: t1, name: x, tier: towm, year: 2024}\n",
		"(did you mean 'town'?)");
	INVALID("venue: {id: t1, name: x, tier: town, year: 1800}\n",
		"year: 1800 is below the minimum 1949");
	INVALID("venue: {id: t1, name: x, tier: town, year: 2024, populaton: 5}\n",
		"v.yaml:1:50: error[E012]: unknown key 'populaton' in venue (did you mean 'population'?)");
	INVALID("- a\n- b\n", "a venue file must be a mapping");
	INVALID("venue: {id: t1, name: , tier: town, year: 2024}\n",
		"required field 'name' is empty");
}

static void test_types_and_ranges(void **state)
{
	(void)state;
	INVALID(HDR "facts:\n  weekly_open_hours: lots\n",
		"v.yaml:3:22: error[E019]: weekly_open_hours: expected a number, found 'lots'");
	INVALID(HDR "facts:\n  staff_total: 3.5\n",
		"staff_total: expected a whole number, found '3.5'");
	INVALID(HDR "facts:\n  staff_total: -1\n",
		"staff_total: -1 is below the minimum 0 (counts cannot be negative)");
	INVALID(HDR "facts:\n  weekly_open_hours: 169\n",
		"weekly_open_hours: 169 is above the maximum 168");
	INVALID(HDR "facts:\n  weekly_open_hours: .inf\n", "expected a number");
	INVALID(HDR "facts:\n  weekly_open_hours: 0x10\n", "expected a number");
	INVALID(HDR "facts:\n  staff_total: 99999999999999999999\n",
		"expected a whole number");
	/* Whole numbers are exact up to 2^53, either sign, and digits only. */
	INVALID(HDR "facts:\n  staff_total: 9007199254740993\n",
		"staff_total: expected a whole number, found '9007199254740993'");
	INVALID(HDR "facts:\n  staff_total: -9007199254740993\n", "expected a whole number");
	INVALID(HDR "facts:\n  staff_total: 1_000\n", "expected a whole number");
	INVALID(HDR "facts:\n  staff_total: '+'\n", "expected a whole number");
	INVALID(HDR "facts:\n  staff_total: ' 5'\n", "expected a whole number");
	static const struct { const char *text; double n; } whole[] = {
		{"9007199254740992", 9007199254740992.0}, {"+07", 7}, {"0", 0},
	};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
		char yaml[160];
		snprintf(yaml, sizeof yaml, HDR "facts: {staff_total: %s}\n", whole[i].text);
		struct venue *v = expect_valid(yaml);
		const struct value *n = value_get(value_get(v->root, "facts"), "staff_total");
		assert_true(n->u.num == whole[i].n);
		venue_free(v);
	}
	INVALID(HDR "facts:\n  staff_total: [1]\n",
		"staff_total: expected a single value, found a list");
}

static void test_ledgers(void **state)
{
	(void)state;
	INVALID(HDR "events:\n  - {date: 2023-12-31, title: a, kind: other, participants: 1}\n",
		"v.yaml:3:12: error[E022]: date: 2023-12-31 is outside the file's year 2024");
	INVALID(HDR "events:\n  - {date: 2024-02-30, title: a, kind: other, participants: 1}\n",
		"date: expected a date as YYYY-MM-DD, found '2024-02-30'");
	INVALID(HDR "events:\n  - {date: 2024-02-01, title: a, kind: show, participants: 1}\n",
		"kind: 'show' is not allowed");
	INVALID(HDR "events:\n  - {date: 2024-02-01, title: a, kind: other}\n",
		"v.yaml:3:5: error[E016]: events entry 1: required field 'participants' is missing");
	INVALID(HDR "events:\n  - {date: 2024-02-01, title: a, kind: other, participants: 1, tags: [hostd]}\n",
		"tags: 'hostd' is not allowed (did you mean 'hosted'?)");
	INVALID(HDR "events:\n  - {date: 2024-02-01, title: a, kind: other, participants: 1, tags: hosted}\n",
		"tags: expected a list such as [hosted");
	INVALID(HDR "events: {a: 1}\n", "events: expected a list of entries");
	INVALID(HDR "troupes:\n  - {name: a, members: 3, active: maybe}\n",
		"active: expected true or false, found 'maybe'");
	INVALID(HDR "evnets: []\n",
		"unknown key 'evnets' in the top level (did you mean 'events'?)");
}

static void test_every_problem_reported(void **state)
{
	(void)state;
	INVALID(HDR "facts:\n  staff_total: -1\n  vehicels: 1\n"
		"events:\n  - {date: 2025-01-01, title: a, kind: other, participants: 1}\n",
		"v.yaml:3:16:", "v.yaml:4:3:", "v.yaml:6:12:");
}

static void test_monthly_and_declared(void **state)
{
	(void)state;
	INVALID(HDR "website_updates: {1: 10, 13: 10}\n",
		"website_updates: '13' is not a month; use 1 to 12");
	INVALID(HDR "website_updates: {1: 10, 01: 10}\n", "month 1 given twice");
	INVALID(HDR "website_updates: {1: -3}\n", "is below the minimum 0");
	INVALID(HDR "declared:\n  open.notise: true\n",
		"unknown key 'open.notise' in declared (not a qualitative clause of this tier) "
		"(did you mean 'open.notice'?)");
	/* A city key in a town file is not this tier's. */
	INVALID(HDR "declared:\n  digital.platform: true\n", "unknown key 'digital.platform'");
	INVALID(HDR "declared:\n  open.notice: perhaps\n", "expected true or false");
}

static void test_valid_values(void **state)
{
	(void)state;
	struct venue *v = expect_valid(
		"\xEF\xBB\xBF" /* a BOM is fine */
		"venue: {id: 330402, name: 新丰镇, tier: town, year: 2024, population: \"42000\"}\n"
		"facts: {weekly_open_hours: 42.5, vehicles: }\n"
		"declared: {open.notice: 是, open.free_services: yes}\n"
		"events:\n  - {date: 2024-02-29, title: a, kind: other, participants: 0}\n"
		"website_updates: {1: 10, \"2\": 11}\n"
		"exhibitions:\n");
	assert_string_equal(v->id, "330402");
	assert_string_equal(v->tier, "town");
	assert_int_equal(v->year, 2024);
	const struct value *pop = value_get(value_get(v->root, "venue"), "population");
	assert_true(pop->type == V_NUM && pop->u.num == 42000);
	const struct value *facts = value_get(v->root, "facts");
	assert_null(value_get(facts, "vehicles")); /* empty = absent */
	const struct value *decl = value_get(v->root, "declared");
	assert_true(value_get(decl, "open.notice")->u.b);
	const struct value *ev = value_get(v->root, "events");
	assert_int_equal(ev->n, 1);
	assert_int_equal(ev->items[0].n, 5); /* four fields + default tags */
	assert_int_equal(value_get(&ev->items[0], "tags")->type, V_LIST);
	assert_int_equal(value_get(v->root, "exhibitions")->n, 0);
	venue_free(v);
}

/* Things counted once: the pack's unique: says what makes two entries one. */
static void test_unique_entries(void **state)
{
	(void)state;
	/* A village listed twice, by name or by id. */
	INVALID(HDR "villages:\n"
		"  - {name: 甲村, troupes: 3, administrators: 1}\n"
		"  - {name: 乙村, troupes: 0, administrators: 1}\n"
		"  - {name: 甲村, troupes: 3, administrators: 1}\n",
		"v.yaml:5:5: error[E028]: villages entry 3 repeats entry 1 (line 3): same name '甲村'");
	INVALID(HDR "villages:\n"
		"  - {name: 甲村, id: V1, troupes: 3, administrators: 1}\n"
		"  - {name: 甲村委会, id: V1, troupes: 3, administrators: 1}\n",
		"villages entry 2 repeats entry 1 (line 3): same id 'V1'");
	/* Listed by id and name at once: one error, not two. */
	struct diags d;
	diag_init(&d);
	const char *twice = HDR "villages:\n"
		"  - {name: 甲村, id: V1, troupes: 3, administrators: 1}\n"
		"  - {name: 甲村, id: V1, troupes: 3, administrators: 1}\n";
	assert_null(venue_load_string(pack, "v.yaml", twice, strlen(twice), &d));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
	INVALID(HDR "troupes:\n  - {name: 腰鼓队, members: 12, active: true}\n"
		"  - {name: 腰鼓队, members: 12, active: true}\n",
		"troupes entry 2 repeats entry 1 (line 3): same name '腰鼓队'");
	INVALID("venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
		"awards:\n  - {date: 2024-05-01, title: 群星奖, level: national, category: creation}\n"
		"  - {date: 2024-05-01, title: 群星奖, level: national, category: creation}\n",
		"awards entry 2 repeats entry 1 (line 3): same date 2024-05-01 and title '群星奖' and work ''");
	/* Different villages, troupes, and two works winning the same award
	 * on one day: all distinct. */
	venue_free(expect_valid(HDR "villages:\n"
		"  - {name: 甲村, id: V1, troupes: 3, administrators: 1}\n"
		"  - {name: 乙村, id: V2, troupes: 3, administrators: 1}\n"
		"  - {name: 丙村, troupes: 3, administrators: 1}\n"
		"  - {name: 丁村, troupes: 3, administrators: 1}\n"
		"troupes:\n  - {name: 腰鼓队, members: 12, active: true}\n"
		"  - {name: 舞龙队, members: 12, active: true}\n"));
	venue_free(expect_valid("venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
		"awards:\n  - {date: 2024-05-01, title: 群星奖, work: 《蚕乡谣》, level: national, category: creation}\n"
		"  - {date: 2024-05-01, title: 群星奖, work: 《南湖船》, level: national, category: creation}\n"));
}

/* A part cannot exceed its whole; a stated count that a list contradicts
 * is a warning, and a year before the standard cannot be checked. */
static void test_cross_field(void **state)
{
	(void)state;
	INVALID("venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
		"facts: {staff_total: 20, staff_professional: 25}\n",
		"v.yaml:2:46: error[E025]: facts.staff_professional: 25 is more than facts.staff_total (20): "
		"a part cannot exceed its whole");
	venue_free(expect_valid("venue: {id: c, name: 市馆, tier: city, year: 2024}\n"
				"facts: {staff_total: 20, staff_professional: 20}\n"));
	INVALID("venue: {id: c, name: 市馆, tier: city, year: 2014}\n",
		"v.yaml:1:44: error[E034]: venue.year 2014 is before the standard took effect (2015)");
	venue_free(expect_valid("venue: {id: c, name: 市馆, tier: city, year: 2015}\n"));
	/* An old word gets what to write instead. */
	INVALID(HDR "events:\n  - {date: 2024-02-01, title: a, kind: exchange, participants: 1}\n",
		"kind: 'exchange' is no longer used", "tags: [exchange]");
	const char *more = "venue: {id: t1, name: 测试镇, tier: town, year: 2024, villages: 1}\n"
		"villages:\n  - {name: 甲村, troupes: 3, administrators: 1}\n"
		"  - {name: 乙村, troupes: 3, administrators: 1}\n";
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(pack, "v.yaml", more, strlen(more), &d);
	assert_non_null(v);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].level, DIAG_WARNING);
	assert_int_equal(d.v[0].code, DC_STATED);
	assert_string_equal(d.v[0].msg_en,
		"venue.villages states 1 but villages lists 2; the larger number is required");
	venue_free(v);
	diag_free(&d);
	const char *agree = "venue: {id: t1, name: 测试镇, tier: town, year: 2024, villages: 1}\n"
		"villages:\n  - {name: 甲村, troupes: 3, administrators: 1}\n";
	diag_init(&d);
	v = venue_load_string(pack, "v.yaml", agree, strlen(agree), &d);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	venue_free(v);
	diag_free(&d);
}

/* One number grammar, and one way of writing numbers back (issue 15). */
static void test_numbers_and_empty_text(void **state)
{
	(void)state;
	/* Subnormal numbers are numbers; what overflows or underflows to 0
	 * is named as such. */
	struct venue *v = expect_valid(HDR "facts: {weekly_open_hours: 4.9e-324}\n");
	const struct value *h = value_get(value_get(v->root, "facts"), "weekly_open_hours");
	assert_true(h->u.num > 0 && h->u.num < 1e-323);
	venue_free(v);
	INVALID(HDR "facts: {weekly_open_hours: 1e-400}\n",
		"v.yaml:2:28: error[E019]: weekly_open_hours: 1e-400 is beyond the range of numbers");
	INVALID(HDR "facts: {weekly_open_hours: -1e400}\n", "-1e400 is beyond the range");
	INVALID(HDR "facts: {weekly_open_hours: 0x1p4}\n", "expected a number, found '0x1p4'");
	/* A quoted empty text is no value, as an empty cell is. */
	INVALID("venue: {id: \"\", name: x, tier: town, year: 2024}\n",
		"v.yaml:1:13: error[E017]: venue: required field 'id' is empty");
	INVALID(HDR "events:\n  - {date: 2024-02-01, title: '', kind: other, participants: 1}\n",
		"events entry 1: required field 'title' is empty");
	v = expect_valid(HDR "events:\n  - {date: 2024-02-01, title: a, kind: other, "
			 "participants: 1, note: \"\"}\n");
	assert_null(value_get(&value_get(v->root, "events")->items[0], "note"));
	venue_free(v);
	static const struct { double n; const char *text; } nums[] = {
		{9007199254740992.0, "9007199254740992"}, {1e15, "1000000000000000"},
		{-0.0, "-0"}, {0.1, "0.1"}, {0.1 + 0.2, "0.30000000000000004"},
		{1e-310, "1e-310"}, {4.9e-324, "5e-324"}, {1e300, "1e+300"},
		{123456.789, "123456.789"}, {1.0 / 3, "0.3333333333333333"},
		{9007199254740994.0 * 2, "18014398509481988"},
	};
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		char buf[32];
		assert_string_equal(value_num_text(buf, sizeof buf, nums[i].n), nums[i].text);
	}
}

/* UTF-16 is refused like GBK, with or without its byte-order mark (the
 * check is doc.c's not_utf8). */
static void test_utf16_refused(void **state)
{
	(void)state;
	static const char le[] = "\xff\xfev\0e\0n\0u\0e\0:\0";
	static const char bare[] = "v\0e\0n\0u\0e\0:\0";
	const char *files[][2] = {{le, "le"}, {bare, "bare"}};
	size_t lens[] = {sizeof le - 1, sizeof bare - 1};
	for (size_t i = 0; i < 2; i++) {
		struct diags d;
		diag_init(&d);
		assert_null(venue_load_string(pack, "v.yaml", files[i][0], lens[i], &d));
		char *msg = diags_text(&d);
		if (!strstr(msg, "error[E004]") || !strstr(msg, "UTF-16"))
			fail_msg("%s: %s", files[i][1], msg);
		free(msg);
		diag_free(&d);
	}
}

/* A value's Chinese label (labels: in the pack) reads as its code, in a
 * YAML file as in a workbook; anything else is still refused. */
static void test_labels_read_as_codes(void **state)
{
	(void)state;
	struct venue *v = expect_valid(
		"venue: {id: t1, name: 测试镇, tier: 分馆, year: 2024}\n"
		"events:\n  - {date: 2024-03-01, title: a, kind: 演出, participants: 3,"
		" tags: [承办, to_village, 送戏进城]}\n"
		"exhibitions:\n  - {date: 2024-03-02, title: b, display_line_m: 1, tags: [流动展览]}\n");
	assert_string_equal(value_get(value_get(v->root, "venue"), "tier")->u.str, "town");
	const struct value *e = &value_get(v->root, "events")->items[0];
	assert_string_equal(value_get(e, "kind")->u.str, "performance");
	const struct value *tags = value_get(e, "tags");
	assert_int_equal(tags->n, 3);
	assert_string_equal(tags->items[0].u.str, "hosted");
	assert_string_equal(tags->items[1].u.str, "to_village");
	assert_string_equal(tags->items[2].u.str, "to_city");
	const struct value *x = &value_get(v->root, "exhibitions")->items[0];
	assert_string_equal(value_get(x, "tags")->items[0].u.str, "mobile");
	venue_free(v);
	/* A label of another field (流动演出 is the events' mobile, not the
	 * exhibitions'), a near miss and a label with its code are words
	 * of no value. */
	INVALID(HDR "exhibitions:\n  - {date: 2024-03-02, title: b, display_line_m: 1, tags: [流动演出]}\n",
		"tags: '流动演出' is not allowed; expected one of: hosted (承办), mobile (流动展览)");
	INVALID(HDR "events:\n  - {date: 2024-03-01, title: a, kind: 演出会, participants: 3}\n",
		"kind: '演出会' is not allowed");
	INVALID(HDR "events:\n  - {date: 2024-03-01, title: a, kind: 演出performance, participants: 3}\n",
		"kind: '演出performance' is not allowed");
	INVALID("venue: {id: t1, name: 测试镇, tier: 镇, year: 2024}\n",
		"tier: '镇' is not allowed; expected one of: city (中心馆), county (总馆), town (分馆), village (支馆)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels_read_as_codes),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_types_and_ranges),
		cmocka_unit_test(test_ledgers),
		cmocka_unit_test(test_every_problem_reported),
		cmocka_unit_test(test_monthly_and_declared),
		cmocka_unit_test(test_valid_values),
		cmocka_unit_test(test_unique_entries),
		cmocka_unit_test(test_cross_field),
		cmocka_unit_test(test_numbers_and_empty_text),
		cmocka_unit_test(test_utf16_refused),
	};
	return cmocka_run_group_tests_name("schema", tests, setup, teardown);
}
