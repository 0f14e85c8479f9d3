/* test_expr.c - the threshold language: parsing, name checks, evaluation and
 * missing-data semantics, against a small venue of the Jiaxing pack. */
#include "helpers.h"

#include "expr.h"

static struct pack *pack;
static struct venue *venue;
static struct arena arena;

static const char venue_yaml[] =
	"venue: {id: t1, name: 测试镇, tier: town, year: 2024, population: 42000}\n"
	"facts: {weekly_open_hours: 45.5, staff_total: 4, staff_professional: 3}\n"
	"events:\n"
	"  - {date: 2024-01-02, title: a, kind: performance, participants: 500, tags: [hosted]}\n"
	"  - {date: 2024-02-02, title: b, kind: screening, participants: 499, village: 甲村}\n"
	"  - {date: 2024-03-02, title: c, kind: performance, participants: 30, tags: [to_village, mobile], village: 乙村}\n"
	"trainings: []\n"
	"website_updates: {1: 12, 2: 9, 3: 15}\n";

static int setup(void **state)
{
	(void)state;
	pack = load_jiaxing();
	assert_non_null(pack);
	struct diags d;
	diag_init(&d);
	venue = venue_load_string(pack, "t.yaml", venue_yaml, strlen(venue_yaml), &d);
	if (!venue)
		fail_msg("%s", diags_text(&d));
	diag_free(&d);
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	venue_free(venue);
	pack_free(pack);
	arena_free(&arena);
	return 0;
}

static struct eval run(const char *text)
{
	struct diags d;
	diag_init(&d);
	struct expr *e = expr_compile(&arena, text, "t", 1, 1, &pack->schema, &d);
	if (!e)
		fail_msg("'%s' does not compile: %s", text, diags_text(&d));
	diag_free(&d);
	return expr_eval(e, venue->root, &arena);
}

static double num(const char *text)
{
	struct eval r = run(text);
	if (r.st != EVAL_OK || r.v.type != V_NUM)
		fail_msg("'%s' is not a number (status %d, %s)", text, r.st,
			 r.why ? r.why : "");
	return r.v.u.num;
}

static bool truth(const char *text)
{
	struct eval r = run(text);
	if (r.st != EVAL_OK || r.v.type != V_BOOL)
		fail_msg("'%s' is not a boolean (status %d)", text, r.st);
	return r.v.u.b;
}

static void test_arithmetic(void **state)
{
	(void)state;
	assert_true(num("1 + 2 * 3") == 7);
	assert_true(num("(1 + 2) * 3") == 9);
	assert_true(num("10 - 4 - 3") == 3);
	assert_true(num("-2 * -3") == 6);
	assert_true(num("7 / 2") == 3.5);
	assert_true(num("2 × 3") == 6);
	assert_true(num("facts.weekly_open_hours") == 45.5);
	assert_true(num("facts.staff_professional / facts.staff_total") == 0.75);
}

static void test_comparisons(void **state)
{
	(void)state;
	assert_true(truth("3 >= 3"));
	assert_false(truth("3 > 3"));
	assert_true(truth("2 ≤ 3"));
	assert_true(truth("\"a\" == \"a\""));
	assert_true(truth("\"a\" != \"b\""));
	assert_true(truth("1 < 2 and not 2 < 1"));
	assert_true(truth("false or true"));
	assert_true(truth("\"x\" in [\"y\", \"x\"]"));
	assert_false(truth("\"z\" in [\"y\", \"x\"]"));
}

static void test_aggregates(void **state)
{
	(void)state;
	assert_true(num("count(e in events)") == 3);
	assert_true(num("count(e in events where e.participants >= 500)") == 1);
	assert_true(num("count(e in events where \"hosted\" in e.tags)") == 1);
	assert_true(num("count(e in events where not \"hosted\" in e.tags)") == 2);
	assert_true(num("sum(e in events -> e.participants)") == 1029);
	assert_true(num("min(e in events -> e.participants)") == 30);
	assert_true(num("max(e in events where e.kind == \"performance\" -> e.participants)") == 500);
	assert_true(truth("every(e in events -> e.participants > 0)"));
	assert_false(truth("any(e in events -> e.participants > 1000)"));
	assert_true(num("count(e in trainings)") == 0);
	assert_true(num("len(events)") == 3);
	assert_true(num("count(m in range(1, 12))") == 12);
}

static void test_nested_aggregate(void **state)
{
	(void)state;
	assert_true(num("count(v in [\"甲村\", \"乙村\", \"丙村\"] where "
			"count(e in events where e.village == v) >= 1)") == 2);
}

static void test_if_bands(void **state)
{
	(void)state;
	const char *band = "if venue.population <= 30000 then 3 elif "
			   "venue.population < 50000 then 4 else 5 end";
	assert_true(num(band) == 4);
	assert_true(num("if true then 1 else 2 end") == 1);
	assert_true(num("if 1 > 2 then 1 elif 2 > 3 then 2 else 3 end") == 3);
}

static void test_missing_data(void **state)
{
	(void)state;
	struct eval r = run("facts.vehicles");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_string_equal(r.why, "facts.vehicles");
	r = run("count(x in exhibitions)");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_non_null(strstr(r.why, "exhibitions: []"));
	r = run("facts.vehicles + 1");
	assert_int_equal(r.st, EVAL_MISSING);
	r = run("website_updates[4]");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_string_equal(r.why, "website_updates[4]");
	assert_true(num("website_updates[2]") == 9);
	r = run("min(m in range(1, 12) -> website_updates[m])");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_true(num("min(m in range(1, 3) -> website_updates[m])") == 9);
	assert_false(truth("exists(facts.vehicles)"));
	assert_true(truth("exists(events)"));
	assert_false(truth("exists(villages)"));
}

static void test_null_fields(void **state)
{
	(void)state;
	/* An optional field left out of a ledger entry is null: equality is
	 * defined, ordering is missing data. */
	assert_true(num("count(e in events where e.village == null)") == 1);
	assert_true(num("count(e in events where e.note != \"x\")") == 3);
	struct eval r = run("min(e in events -> e.note)");
	assert_int_equal(r.st, EVAL_MISSING);
}

/* Comparisons and `in` read literals, variables and fields in place
 * (expr.c's ref); what is not there, or not a map or list, takes the
 * general path with its own message. */
static void test_read_in_place(void **state)
{
	(void)state;
	assert_true(truth("facts.staff_total >= 4"));
	assert_false(truth("facts.staff_total > 4"));
	assert_true(truth("venue.population == 42000"));
	assert_true(truth("null == null"));
	assert_true(truth("website_updates[1] == 12"));
	assert_true(truth("count(e in events where e.participants >= 500) >= 1"));
	assert_true(num("count(e in events where e.village == \"甲村\")") == 1);
	assert_true(num("count(e in events where \"mobile\" in e.tags)") == 1);
	assert_true(num("count(e in events where e.kind in [\"screening\", \"x\"])") == 1);
	struct eval r = run("facts.vehicles >= 1");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_string_equal(r.why, "facts.vehicles");
	r = run("\"a\" in facts.staff_total");
	assert_int_equal(r.st, EVAL_ERROR);
	assert_string_equal(r.why, "right side of 'in' is not a list: facts.staff_total");
	r = run("count(e in events where e.note < \"x\")");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_string_equal(r.why, "e.note is empty");
	assert_string_equal(r.why_zh, "e.note 未填写");
	r = run("facts.staff_total < \"x\"");
	assert_int_equal(r.st, EVAL_ERROR);
	assert_string_equal(r.why, "cannot compare number with text in facts.staff_total < \"x\"");
	r = run("\"hosted\" in exhibitions");
	assert_int_equal(r.st, EVAL_MISSING);
}

/* A where of fields and literals is decided in place (expr.c's pred);
 * the answers, the short-circuits, the missing data and the budget are
 * the evaluator's, which takes over for any part it cannot decide. */
static void test_where_in_place(void **state)
{
	(void)state;
	assert_true(num("count(e in events where e.kind == \"performance\" and "
			"e.participants >= 500 or \"mobile\" in e.tags)") == 2);
	assert_true(num("count(e in events where not (e.kind == \"screening\"))") == 2);
	assert_true(num("count(e in events where e.kind in [\"screening\", \"x\"] or "
			"e.participants < 31)") == 2);
	assert_true(num("count(e in events where true and e.village != null)") == 2);
	/* Decided before the part that lacks data; else that part is missing. */
	assert_true(num("count(e in events where e.kind == \"x\" and e.note < \"x\")") == 0);
	struct eval r = run("count(e in events where e.village == \"甲村\" or e.note < \"x\")");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_string_equal(r.why, "e.note is empty");
	r = run("count(e in events where e.participants)");
	assert_int_equal(r.st, EVAL_ERROR);
	assert_string_equal(r.why, "e.participants is number, expected boolean");
	r = run("count(e in events where e.kind in facts.staff_total)");
	assert_int_equal(r.st, EVAL_ERROR);
	/* A list literal in a where counts against the budget per item, as
	 * built: 10,000 + 10,000 × (3 + 3 × 2) items is just under it. */
	assert_int_equal(run("sum(m in range(1, 10000) -> count(k in range(1, 3) "
			     "where k in [1, 2]))").st, EVAL_OK);
	r = run("sum(m in range(1, 10000) -> count(k in range(1, 3) where k in [1, 2, 3]))");
	assert_int_equal(r.st, EVAL_ERROR);
	assert_non_null(strstr(r.why, "too much data to evaluate"));
}

static void test_empty_and_errors(void **state)
{
	(void)state;
	struct eval r = run("min(t in trainings -> t.participants)");
	assert_int_equal(r.st, EVAL_EMPTY);
	r = run("1 / (facts.staff_total - 4)");
	assert_int_equal(r.st, EVAL_ERROR);
	assert_non_null(strstr(r.why, "division by zero"));
	r = run("1 + \"a\"");
	assert_int_equal(r.st, EVAL_ERROR);
	r = run("\"a\" < 1");
	assert_int_equal(r.st, EVAL_ERROR);
}

static void compile_error(const char *text, const char *want)
{
	struct diags d;
	diag_init(&d);
	struct expr *e = expr_compile(&arena, text, "p.yaml", 10, 12,
				      &pack->schema, &d);
	assert_null(e);
	char *msg = diags_text(&d);
	if (!strstr(msg, want))
		fail_msg("'%s': expected '%s' in:\n%s", text, want, msg);
	free(msg);
	diag_free(&d);
}

static void test_compile_errors(void **state)
{
	(void)state;
	compile_error("facts.weekly_open_hour",
		      "p.yaml:10:18: error[R001]: 'facts' has no field 'weekly_open_hour' "
		      "(did you mean 'weekly_open_hours'?)");
	compile_error("count(e in event)", "unknown name 'event' (did you mean 'events'?)");
	compile_error("count(e in events where e.participant >= 1)",
		      "'events' has no field 'participant' (did you mean 'participants'?)");
	compile_error("1 +", "p.yaml:10:15: error[R001]: expression ends too early");
	compile_error("1 2", "p.yaml:10:14: error[R001]: unexpected '2' after the expression");
	compile_error("sum(e in events)", "expected '->'");
	compile_error("frobnicate(1)", "unknown function 'frobnicate'");
	compile_error("\"open", "unterminated string");
	compile_error("events.participants", "'events' is a list");
	compile_error("if 1 then 2 end", "expected 'else'");
	compile_error("1 $ 2", "unexpected character '$'");
	compile_error("exists(1)", "exists() takes a field path");
	/* Bounds found by fuzzing: chains that nest without parentheses. */
	char deep[128];
	memset(deep, '-', 100);
	strcpy(deep + 100, "1");
	compile_error(deep, "expression nested too deeply");
	memset(deep, 0, sizeof deep);
	for (int i = 0; i < 25; i++)
		strcat(deep, "not ");
	strcat(deep, "true");
	assert_non_null(deep); /* 25 deep: still fine */
	char *path = malloc(1000);
	strcpy(path, "website_updates");
	for (int i = 0; i < 60; i++)
		strcat(path, "[1]");
	compile_error(path, "field path too long");
	free(path);
	/* The fuzzer's input, kept: a long chain of minus signs. */
	char *text = read_text("fuzz/regress-expr/unary-minus-chain");
	assert_non_null(text);
	compile_error(text, "expression nested too deeply");
	free(text);
	char *longer = malloc(3000);
	memset(longer, '-', 2999);
	longer[2999] = '\0';
	compile_error(longer, "expression longer than 2000 bytes");
	free(longer);
}

/* The fuzzer's input, kept: ranges nested eight deep built lists until the
 * evaluation held 700 MB.  The lists built now have a budget: the
 * evaluation fails, quickly and in little memory. */
static void test_built_lists_bounded(void **state)
{
	(void)state;
	char *text = read_text("fuzz/regress-expr/nested-ranges");
	assert_non_null(text);
	struct arena a;
	arena_init(&a);
	struct diags d;
	diag_init(&d);
	struct expr *e = expr_compile(&a, text, "t", 1, 1, &pack->schema, &d);
	assert_non_null(e);
	struct eval r = expr_eval(e, venue->root, &a);
	assert_int_equal(r.st, EVAL_ERROR);
	assert_non_null(strstr(r.why, "too much data to evaluate"));
	assert_true(a.total < 16u << 20);
	/* Just under the budget is fine: 100,000 items in all. */
	assert_int_equal(run("sum(m in range(1, 10000) -> count(k in range(1, 9)))").st,
			 EVAL_OK);
	assert_int_equal(run("sum(m in range(1, 10000) -> count(k in range(1, 10)))").st,
			 EVAL_ERROR);
	arena_free(&a);
	diag_free(&d);
	free(text);
}

static void test_text_kept(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	struct expr *e = expr_compile(&arena, "  facts.vehicles  ", "t", 1, 1,
				      &pack->schema, &d);
	assert_non_null(e);
	assert_string_equal(expr_text(e), "facts.vehicles");
	assert_true(expr_is_path(e));
	diag_free(&d);
}

/* Missing data that cannot change the result does not make it missing. */
static void test_missing_decided(void **state)
{
	(void)state;
	/* A count over a ledger left out is at least 0; a sum of counts is at
	 * least its known part. */
	struct eval r = run("count(x in exhibitions)");
	assert_true(r.has_lo && r.lo == 0);
	r = run("count(e in events) + count(x in exhibitions)");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_true(r.has_lo && r.lo == 3);
	assert_true(truth("count(e in events) + count(x in exhibitions) >= 3"));
	r = run("count(e in events) + count(x in exhibitions) >= 4");
	assert_int_equal(r.st, EVAL_MISSING);
	/* A fact has no floor: missing stays missing. */
	r = run("facts.vehicles + 3");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_false(r.has_lo);
	/* or / and decided by the side that is known. */
	assert_true(truth("facts.vehicles >= 1 or facts.staff_total == 4"));
	assert_false(truth("facts.vehicles >= 1 and facts.staff_total == 5"));
	assert_int_equal(run("facts.vehicles >= 1 or facts.staff_total == 5").st, EVAL_MISSING);
	assert_int_equal(run("facts.vehicles >= 1 and facts.staff_total == 4").st, EVAL_MISSING);
	/* any: one true item decides whatever the others lack; every: one
	 * false item. */
	assert_true(truth("any(m in range(1, 5) -> website_updates[m] >= 15)"));
	assert_int_equal(run("any(m in range(1, 5) -> website_updates[m] >= 20)").st, EVAL_MISSING);
	assert_false(truth("every(m in range(1, 5) -> website_updates[m] >= 10)"));
	assert_int_equal(run("every(m in range(1, 5) -> website_updates[m] >= 9)").st, EVAL_MISSING);
	/* count with an item that lacks data: a floor of the items known. */
	r = run("count(m in range(1, 5) where website_updates[m] >= 10)");
	assert_int_equal(r.st, EVAL_MISSING);
	assert_true(r.has_lo && r.lo == 2);
}

static void test_distinct(void **state)
{
	(void)state;
	/* Each value once, nulls left out. */
	assert_true(num("len(distinct(e in events -> e.village))") == 2);
	assert_true(num("len(distinct(e in events -> e.kind))") == 2);
	assert_true(num("len(distinct(e in events where e.kind == \"performance\" -> e.kind))") == 1);
	assert_true(num("len(distinct(m in [3, 1, 3, 2, 1] -> m))") == 3);
	assert_true(num("distinct(m in [3, 1, 3, 2, 1] -> m)[0]") == 1);
	assert_true(num("count(n in distinct(e in events -> e.village) where n == \"乙村\")") == 1);
	assert_true(num("len(distinct(e in events where e.participants > 1000 -> e.kind))") == 0);
	struct eval r = run("distinct(e in events -> e.tags)");
	assert_int_equal(r.st, EVAL_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_nested_aggregate),
		cmocka_unit_test(test_if_bands),
		cmocka_unit_test(test_missing_data),
		cmocka_unit_test(test_missing_decided),
		cmocka_unit_test(test_distinct),
		cmocka_unit_test(test_null_fields),
		cmocka_unit_test(test_empty_and_errors),
		cmocka_unit_test(test_read_in_place),
		cmocka_unit_test(test_where_in_place),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_built_lists_bounded),
		cmocka_unit_test(test_text_kept),
	};
	return cmocka_run_group_tests_name("expr", tests, setup, teardown);
}
