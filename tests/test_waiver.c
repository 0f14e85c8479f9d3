/* test_waiver.c - waivers: the waivers: block and a --waivers file are
 * read with positions, wrong ones refused, and applied to results. */
#include "helpers.h"

#include "waive.h"

#include "waiver.h"

/* The boundary town (all 22 pass) with its staff at 2: fails that rule. */
static char *town_with(const char *waivers)
{
	char *yaml = read_text("boundary/town.yaml");
	assert_non_null(yaml);
	char *hit = strstr(yaml, "staff_total: ");
	assert_non_null(hit);
	hit[13] = '2';
	size_t n = strlen(yaml) + strlen(waivers) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%s%s", yaml, waivers);
	free(yaml);
	return out;
}

static struct venue *load_town(const struct pack *p, const char *waivers,
			       struct diags *d)
{
	char *yaml = town_with(waivers);
	diag_init(d);
	struct venue *v = venue_load_string(p, "town.yaml", yaml, strlen(yaml), d);
	free(yaml);
	return v;
}

#define W(rule, expires) "  - {rule: " rule ", reason: 编制调整, approver: 区文化馆, " \
			 "expires: " expires "}\n"

static void test_block_is_read(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	struct diags d;
	struct venue *v = load_town(p, "waivers:\n" W("town.support.staff_by_population",
						      "2025-06-30"), &d);
	assert_non_null(v);
	assert_int_equal(v->nwaivers, 1);
	const struct waiver *w = &v->waivers[0];
	assert_string_equal(w->venue, v->id);
	assert_string_equal(w->rule, "town.support.staff_by_population");
	assert_string_equal(w->reason, "编制调整");
	assert_string_equal(w->approver, "区文化馆");
	assert_int_equal(w->expires, 20250630);
	assert_true(w->line > 1);
	assert_int_equal(w->col, 5);
	/* A batch prunes each venue once its own rules are judged: the
	 * waivers move with it (under ASan a dangling one would show). */
	venue_prune(v, p, NULL, NULL);
	assert_int_equal(v->nwaivers, 1);
	assert_string_equal(v->waivers[0].reason, "编制调整");
	assert_string_equal(v->waivers[0].venue, v->id);
	assert_ptr_equal(v->waivers[0].file, v->path);
	venue_free(v);
	diag_free(&d);
	pack_free(p);
}

static void expect_invalid(const struct pack *p, const char *block,
			   const char *want)
{
	struct diags d;
	struct venue *v = load_town(p, block, &d);
	assert_null(v);
	expect_diag(&d, want);
	diag_free(&d);
}

static void test_block_errors(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	expect_invalid(p, "waivers:\n" W("town.support.staff_by_populaton", "2025-06-30"),
		       "error[E038]: waiver: no rule 'town.support.staff_by_populaton' in "
		       "jiaxing-2015 (did you mean 'town.support.staff_by_population'?)");
	expect_invalid(p, "waivers:\n" W("village.activity.events", "2025-06-30"),
		       "is a village rule; venue");
	expect_invalid(p, "waivers:\n" W("town.activity.events", "2025-02-30"),
		       "error[E021]: waiver: expires: expected a date");
	expect_invalid(p, "waivers:\n  - {rule: town.activity.events, reason: x, expires: 2025-01-01}\n",
		       "error[E016]: waiver: required field 'approver' is missing");
	expect_invalid(p, "waivers:\n  - {rule: town.activity.events, reason: '', approver: x, "
		       "expires: 2025-01-01}\n", "error[E017]: waiver: 'reason' is empty");
	expect_invalid(p, "waivers: {rule: x}\n", "error[E014]: waivers must be a list");
	expect_invalid(p, "waivers:\n" W("town.activity.events", "2025-06-30")
		       W("town.activity.events", "2025-07-30"), "error[E028]");
	expect_invalid(p, "waivers:\n  - {venue: x, rule: town.activity.events, reason: x, "
		       "approver: x, expires: 2025-01-01}\n", "error[E012]: unknown key 'venue'");
	pack_free(p);
}

static void test_apply(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	struct diags d;
	struct venue *v = load_town(p, "waivers:\n"
				    W("town.support.staff_by_population", "2025-06-30")
				    W("town.open.weekly_hours", "2025-06-30"), &d);
	assert_non_null(v);
	struct check_report *rep = check_venue(p, v, &d);
	assert_int_equal(find_result(rep, "town.support.staff_by_population")->verdict,
			 VERDICT_FAIL);
	waive_apply(rep, v->waivers, v->nwaivers, 20250630, &d);
	const struct result *r = find_result(rep, "town.support.staff_by_population");
	assert_int_equal(r->verdict, VERDICT_WAIVED);
	assert_int_equal(r->waived, VERDICT_FAIL);
	assert_ptr_equal(r->waiver, &v->waivers[0]);
	assert_int_equal(rep->counts[VERDICT_WAIVED], 1);
	assert_int_equal(rep->counts[VERDICT_FAIL], 0);
	assert_false(check_is_failure(r->verdict));
	/* The weekly hours pass: the waiver is not needed (W102). */
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].code, DC_WAIVER_UNUSED);
	assert_int_equal(d.errors, 0);
	check_report_free(rep);
	/* A day after expiry both waivers are ignored (W103), the failure stays. */
	diag_free(&d);
	rep = check_venue(p, v, &d);
	waive_apply(rep, v->waivers, v->nwaivers, 20250701, &d);
	assert_int_equal(find_result(rep, "town.support.staff_by_population")->verdict,
			 VERDICT_FAIL);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].code, DC_WAIVER_EXPIRED);
	assert_int_equal(d.v[0].line, v->waivers[0].line);
	check_report_free(rep);
	diag_free(&d);
	venue_free(v);
	pack_free(p);
}

static void test_file_and_batch(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	struct diags d;
	struct venue *v = load_town(p, "", &d);
	assert_non_null(v);
	struct waivers w;
	assert_true(waiver_load_file(&w, p, "../tests/e2e/waivers/unknown-venue.yaml", &d));
	assert_int_equal(w.n, 1);
	struct waive_venue wv = {v->id, v->tier};
	assert_false(waive_check_batch(&w, &wv, 1, p, &d));
	expect_diag(&d, "unknown-venue.yaml:1:10: error[E039]: waiver: no venue '330402-fg' in the batch");
	waiver_free(&w);
	diag_free(&d);
	assert_false(waiver_load_file(&w, p, "../tests/e2e/waivers/unknown-rule.yaml", &d));
	assert_int_equal(d.v[0].code, DC_UNKNOWN_RULE);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 9);
	waiver_free(&w);
	diag_free(&d);
	venue_free(v);
	pack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_is_read),
		cmocka_unit_test(test_block_errors),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_file_and_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
