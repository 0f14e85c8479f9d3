/* test_trend.c - venuecheck trend's model (trend.h): the year split, the
 * year an empty directory's name gives, a venue whose tier or parent
 * changed between years (and one that did not), a rule in one year's pack
 * only (neither a pass nor a worsening), what "got worse" means, and the
 * latest year with files deciding the exit, and what --fail-on new
 * counts between the last two years with files. */
#include "helpers.h"

#include "batch.h"
#include "trend.h"

#define NONE ((size_t)-1)

static void test_years_of(void **state)
{
	(void)state;
	long files[] = {2025, 2023, 0, 2024, 2023, 2025, -1};
	long out[7];
	size_t n = trend_years_of(files, 7, out);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 2023);
	assert_int_equal(out[1], 2024);
	assert_int_equal(out[2], 2025);
	long none[] = {0, 0};
	assert_int_equal(trend_years_of(none, 2, out), 0);
	assert_int_equal(trend_years_of(none, 0, out), 0);
}

static void test_year_of_name(void **state)
{
	(void)state;
	assert_int_equal(trend_year_of_name("2026"), 2026);
	assert_int_equal(trend_year_of_name("tests/trend/empty-2026/"), 2026);
	assert_int_equal(trend_year_of_name("data/2023/2024"), 2024); /* the last part */
	assert_int_equal(trend_year_of_name("2024-v2026"), 2026);     /* its last year */
	/* Not a year: five digits, out of range, no digits. */
	assert_int_equal(trend_year_of_name("20260"), 0);
	assert_int_equal(trend_year_of_name("x12026"), 0);
	assert_int_equal(trend_year_of_name("1948"), 0);
	assert_int_equal(trend_year_of_name("2201"), 0);
	assert_int_equal(trend_year_of_name("1949"), 1949);
	assert_int_equal(trend_year_of_name("2200"), 2200);
	assert_int_equal(trend_year_of_name("2026/empty"), 0);
	assert_int_equal(trend_year_of_name("towns"), 0);
}

#define VENUE(id, tier, parent, year) \
	"venue: {id: " id ", name: " id ", tier: " tier parent ", year: " #year "}\n"
#define TOWN(id, parent, year, hours) \
	VENUE(id, "town", ", parent: " parent, year) \
	"facts: {weekly_open_hours: " #hours "}\n"

static struct batch *run(const struct pack *p, long year, const char *const *texts)
{
	struct batch_opts o = {.jobs = 1, .year = year, .today = 20241231};
	struct batch *b = batch_new(p, &o);
	for (size_t i = 0; texts[i]; i++) {
		char name[32];
		snprintf(name, sizeof name, "y%ld-%zu.yaml", year, i);
		batch_add_buffer(b, name, texts[i], strlen(texts[i]));
	}
	batch_run(b, NULL);
	return b;
}

static size_t venue_index(const struct trend *t, const char *id)
{
	for (size_t i = 0; i < t->nvenues; i++)
		if (!strcmp(t->venues[i].id, id))
			return i;
	fail_msg("venue %s not in the trend", id);
	return NONE;
}

static size_t rule_index(const struct trend *t, const char *id)
{
	for (size_t i = 0; i < t->nrules; i++)
		if (!strcmp(t->rules[i].id, id))
			return i;
	return NONE;
}

/* 2023: county c under no one, towns t1 (48 h) and t2, village v under t1,
 * x a town.  2024: v under t2 (a parent change), x a county (a tier
 * change), t1 down to 40 h (worse).  2025: no files. */
static struct trend *three_years(const struct pack *p)
{
	static const char *const y2023[] = {
		VENUE("c", "county", "", 2023), TOWN("t1", "c", 2023, 48),
		TOWN("t2", "c", 2023, 48), VENUE("v", "village", ", parent: t1", 2023),
		TOWN("x", "c", 2023, 48), NULL};
	static const char *const y2024[] = {
		VENUE("c", "county", "", 2024), TOWN("t1", "c", 2024, 40),
		TOWN("t2", "c", 2024, 48), VENUE("v", "village", ", parent: t2", 2024),
		VENUE("x", "county", "", 2024), NULL};
	long years[] = {2023, 2024, 2025};
	struct trend *t = trend_new(years, 3, LANG_ZH);
	struct batch *b = run(p, 2023, y2023);
	trend_add_year(t, 0, b, "jiaxing-2015", FAIL_ON_MISSING);
	batch_free(b); /* the trend keeps what it shows, not the batch */
	b = run(p, 2024, y2024);
	trend_add_year(t, 1, b, "jiaxing-2015", FAIL_ON_MISSING);
	batch_free(b);
	trend_set_empty(t, 2, "data/2025");
	trend_finish(t);
	return t;
}

static void test_tier_and_parent_changes(void **state)
{
	struct trend *t = three_years(*state);
	const struct trend_venue *v = &t->venues[venue_index(t, "v")];
	assert_true(v->parent_changed);
	assert_false(v->tier_changed);
	assert_string_equal(v->y[0].parent, "t1");
	assert_string_equal(v->y[1].parent, "t2");
	const struct trend_venue *x = &t->venues[venue_index(t, "x")];
	assert_true(x->tier_changed);
	assert_true(x->parent_changed); /* c, then none */
	assert_string_equal(x->y[0].tier, "town");
	assert_string_equal(x->y[1].tier, "county");
	/* Each year counts x in the tier it had then. */
	size_t town = trend_tier_index(t, "town"), county = trend_tier_index(t, "county");
	assert_int_equal(t->years[0].rates[town].venues, 3);
	assert_int_equal(t->years[1].rates[town].venues, 2);
	assert_int_equal(t->years[1].rates[county].venues, 2);
	const struct trend_venue *t2 = &t->venues[venue_index(t, "t2")];
	assert_false(t2->tier_changed || t2->parent_changed);
	/* A year with no files is one, empty, never anyone's third value. */
	assert_true(t->years[2].empty);
	assert_string_equal(t->years[2].source, "data/2025");
	assert_false(v->y[2].present);
	trend_free(t);
}

static void test_worse_and_latest(void **state)
{
	struct trend *t = three_years(*state);
	size_t hours = rule_index(t, "town.open.weekly_hours");
	assert_int_not_equal(hours, NONE);
	size_t t1 = venue_index(t, "t1"), t2 = venue_index(t, "t2");
	const struct trend_cell *c = trend_cell(t, t1, 1, hours);
	assert_non_null(c);
	assert_int_equal(c->verdict, VERDICT_FAIL);
	assert_int_equal(c->kind, TREND_NUMBER);
	assert_true(c->measured == 40);
	assert_true(trend_worse(t, t1, 0, 1, hours));
	assert_false(trend_worse(t, t1, 1, 0, hours)); /* the other way round: better */
	assert_false(trend_worse(t, t2, 0, 1, hours)); /* passed both years */
	assert_false(trend_worse(t, t1, 1, 2, hours)); /* 2025 has no file */
	/* The latest year with files is 2024, not the empty 2025. */
	assert_int_equal(trend_latest(t), 1);
	assert_true(trend_latest_fails(t));
	trend_free(t);
}

/* A rule that one year's pack has and the next's lacks: its cell is
 * absent, it is named as only in that year, and never got worse. */
static void test_rule_in_one_pack_only(void **state)
{
	struct trend *t = three_years(*state);
	size_t hours = rule_index(t, "town.open.weekly_hours");
	t->rules[hours].in_year[1] = false; /* as if 2024's pack had dropped it */
	size_t only[256];
	size_t n = trend_rules_only_in(t, 0, 1, only);
	assert_int_equal(n, 1);
	assert_int_equal(only[0], hours);
	assert_int_equal(trend_rules_only_in(t, 1, 0, only), 0);
	assert_false(trend_worse(t, venue_index(t, "t1"), 0, 1, hours));
	trend_free(t);
}

/* The failing cells of venue id in year yi (not warning-severity). */
static size_t failing_cells(const struct trend *t, const char *id, size_t yi)
{
	const struct trend_venue_year *y = &t->venues[venue_index(t, id)].y[yi];
	size_t n = 0;
	for (size_t k = 0; k < y->ncells; k++)
		n += !y->cells[k].warning && check_is_failure((enum verdict)y->cells[k].verdict);
	return n;
}

/* --fail-on new: a failure the year with files before did not have.
 * t1 goes from 48 h to 40 h (new), t2 fails both years (not new), t3 is
 * a venue new in 2024 (each of its failures is new); the towns' other
 * rules lack data both years (not new).  An empty 2025 is skipped: the
 * latest year with files, 2024, is compared with 2023. */
static void test_latest_new_failures(void **state)
{
	const struct pack *p = *state;
	static const char *const y2023[] = {TOWN("t1", "c", 2023, 48),
					    TOWN("t2", "c", 2023, 40), NULL};
	static const char *const y2024[] = {TOWN("t1", "c", 2024, 40),
					    TOWN("t2", "c", 2024, 40),
					    TOWN("t3", "c", 2024, 40), NULL};
	static const char *const fixed[] = {TOWN("t1", "c", 2024, 48),
					    TOWN("t2", "c", 2024, 48), NULL};
	long years[] = {2023, 2024, 2025};
	const char *const *later[] = {y2024, fixed};
	for (int run_no = 0; run_no < 2; run_no++) {
		struct trend *t = trend_new(years, 3, LANG_ZH);
		struct batch *b = run(p, 2023, y2023);
		trend_add_year(t, 0, b, "jiaxing-2015", FAIL_ON_MISSING);
		batch_free(b);
		b = run(p, 2024, later[run_no]);
		trend_add_year(t, 1, b, "jiaxing-2015", FAIL_ON_MISSING);
		batch_free(b);
		trend_set_empty(t, 2, NULL);
		trend_finish(t);
		if (run_no == 0) {
			assert_true(failing_cells(t, "t3", 1) > 0);
			assert_int_equal(trend_latest_new_failures(t), 1 + failing_cells(t, "t3", 1));
		} else {
			/* Both put right (t2 fixed, t1 still passing): nothing new,
			 * though the towns still lack data. */
			assert_true(trend_latest_fails(t));
			assert_int_equal(trend_latest_new_failures(t), 0);
		}
		trend_free(t);
	}
	/* One year alone: every failure is new. */
	struct trend *t = trend_new(years, 1, LANG_ZH);
	struct batch *b = run(p, 2023, y2023);
	trend_add_year(t, 0, b, "jiaxing-2015", FAIL_ON_MISSING);
	batch_free(b);
	trend_finish(t);
	assert_true(failing_cells(t, "t2", 0) > failing_cells(t, "t1", 0));
	assert_int_equal(trend_latest_new_failures(t),
			 failing_cells(t, "t1", 0) + failing_cells(t, "t2", 0));
	trend_free(t);
}

static void test_all_years_empty(void **state)
{
	(void)state;
	long years[] = {2026};
	struct trend *t = trend_new(years, 1, LANG_EN);
	trend_set_empty(t, 0, NULL);
	trend_finish(t);
	assert_int_equal(trend_latest(t), NONE);
	assert_false(trend_latest_fails(t));
	assert_int_equal(trend_latest_new_failures(t), 0);
	trend_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years_of),
		cmocka_unit_test(test_year_of_name),
		cmocka_unit_test(test_tier_and_parent_changes),
		cmocka_unit_test(test_worse_and_latest),
		cmocka_unit_test(test_rule_in_one_pack_only),
		cmocka_unit_test(test_latest_new_failures),
		cmocka_unit_test(test_all_years_empty),
	};
	return cmocka_run_group_tests(tests, setup_pack, teardown_pack);
}
