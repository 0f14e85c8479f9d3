/* test_baseline.c - a JSON report read back (baseline.c) and a run
 * compared with it (change.c): every marking, venues added and gone,
 * rules added and removed, and the baselines refused. */
#include "helpers.h"

#include "baseline.h"
#include "change.h"

/* A result of the old report: rule, verdict, gap, text. */
#define R(rule, verdict, gap, text) \
	"{\"rule\":\"" rule "\",\"category\":\"c\",\"kind\":\"min\",\"verdict\":\"" \
	verdict "\",\"check\":null,\"measured\":1,\"op\":\">=\",\"required\":4," \
	"\"unit\":\"场\",\"gap\":" gap ",\"text\":" text ",\"reason\":null}"
#define VENUE_P(id, parent, results) \
	"{\"path\":\"" id ".yaml\",\"valid\":true,\"venue\":{\"id\":\"" id "\"," \
	"\"name\":\"馆" id "\",\"tier\":\"town\",\"parent\":" parent ",\"year\":2024}," \
	"\"verdict\":\"fail\",\"counts\":null,\"results\":[" results "],\"diagnostics\":[]}"
#define VENUE(id, results) VENUE_P(id, "null", results)
#define REPORT(version, files) \
	"{\"venuecheck\":\"" version "\",\"command\":\"check\",\"standard\":" \
	"{\"id\":\"jiaxing-2015\",\"title\":\"t\"},\"files\":[" files "]," \
	"\"rollups\":[],\"summary\":{}}"

static const char old_report[] = REPORT("0.1.0",
	VENUE("v1", R("a", "fail", "3", "\"差 3 场\"") ","
		    R("b", "fail", "2", "\"差 2 场\"") ","
		    R("c", "pass", "null", "null") ","
		    R("d", "missing", "null", "\"缺少数据\"") ","
		    R("gone.rule", "fail", "1", "\"差 1 场\""))
	"," VENUE_P("v2", "\"v1\"", R("a", "pass", "null", "null"))
	",{\"path\":\"bad.yaml\",\"valid\":false,\"venue\":null,\"verdict\":\"invalid\","
	"\"counts\":null,\"results\":[],\"diagnostics\":[]}");

static bool load(struct baseline *b, const char *json, struct diags *d)
{
	diag_init(d);
	return baseline_load_string(b, "old.json", json, strlen(json), d);
}

static void test_reads_report(void **state)
{
	(void)state;
	struct baseline b;
	struct diags d;
	assert_true(load(&b, old_report, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(b.n, 2); /* the invalid file is skipped */
	assert_string_equal(b.version, "0.1.0");
	assert_string_equal(b.standard_id, "jiaxing-2015");
	const struct baseline_result *r = baseline_result(&b, "v1", "a");
	assert_non_null(r);
	assert_int_equal(r->verdict, VERDICT_FAIL);
	assert_true(r->has_gap);
	assert_true(r->gap == 3);
	assert_string_equal(r->unit, "场");
	assert_string_equal(r->text, "差 3 场");
	assert_true(r->has_required && r->required == 4);
	assert_null(baseline_result(&b, "v2", "b"));
	assert_null(baseline_result(&b, "v3", "a"));
	assert_true(baseline_has_rule(&b, "gone.rule"));
	assert_false(baseline_has_rule(&b, "e"));
	assert_int_equal(b.nrules, 5);
	assert_string_equal(baseline_venue(&b, "v2")->name, "馆v2");
	baseline_free(&b);
	diag_free(&d);
}

/* Refused with one error of code, at line (0: no position). */
static void refused(const char *json, enum diag_code code, int line)
{
	struct baseline b;
	struct diags d;
	assert_false(load(&b, json, &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].code, code);
	assert_int_equal(d.v[0].line, line);
	assert_string_equal(d.v[0].file, "old.json");
	assert_int_equal(b.n, 0);
	baseline_free(&b);
	diag_free(&d);
}

static void test_refused(void **state)
{
	(void)state;
	refused("{\"venuecheck\": \"0.1.0\",\n \"files\": [,]}", DC_BASELINE, 2);
	refused("venue:\n  id: x\n", DC_BASELINE, 1);
	refused("", DC_BASELINE, 1);
	/* another program's JSON */
	refused("{\"name\": \"eslint\", \"results\": []}", DC_BASELINE, 0);
	refused("[1, 2]", DC_BASELINE, 0);
	/* an unknown version, and one that only starts alike */
	refused(REPORT("0.2.0", ""), DC_BASELINE_VERSION, 0);
	refused(REPORT("0.10.0", ""), DC_BASELINE_VERSION, 0);
	refused(REPORT("1.0", ""), DC_BASELINE_VERSION, 0);
	/* a validate report judges nothing */
	refused("{\"venuecheck\":\"0.1.0\",\"command\":\"validate\",\"files\":[]}",
		DC_BASELINE, 0);
	/* the right shape broken */
	refused(REPORT("0.1.0", VENUE("v1", R("a", "great", "1", "null"))), DC_BASELINE, 0);
	refused(REPORT("0.1.0", "{\"valid\":true,\"venue\":{\"id\":1}}"), DC_BASELINE, 0);
	refused("{\"venuecheck\":\"0.1.0\",\"command\":\"check\",\"standard\":"
		"{\"id\":\"x\",\"title\":\"t\"},\"files\":{}}", DC_BASELINE, 0);
	/* duplicate keys say two things at once */
	refused("{\"venuecheck\":\"0.1.0\",\"venuecheck\":\"0.1.0\"}", DC_BASELINE, 1);
}

static void test_file_bounds(void **state)
{
	(void)state;
	struct baseline b;
	struct diags d;
	diag_init(&d);
	struct doc_limits lim = doc_default_limits;
	lim.bytes = 10;
	assert_false(baseline_load_file(&b, "../man/venuecheck-report.schema.json", &lim, &d));
	assert_int_equal(d.v[0].code, DC_TOO_LARGE);
	baseline_free(&b);
	diag_free(&d);
	diag_init(&d);
	assert_false(baseline_load_file(&b, "no-such-file.json", NULL, &d));
	assert_int_equal(d.v[0].code, DC_IO);
	baseline_free(&b);
	diag_free(&d);
}

static void test_marks(void **state)
{
	(void)state;
	enum verdict pass = VERDICT_PASS, fail = VERDICT_FAIL, miss = VERDICT_MISSING,
		     waived = VERDICT_WAIVED, na = VERDICT_NA;
	assert_int_equal(change_mark_of(&pass, VERDICT_FAIL, true), CHANGE_NEW);
	assert_int_equal(change_mark_of(NULL, VERDICT_MISSING, true), CHANGE_NEW);
	assert_int_equal(change_mark_of(&na, VERDICT_FAIL, true), CHANGE_NEW);
	assert_int_equal(change_mark_of(&fail, VERDICT_PASS, true), CHANGE_FIXED);
	assert_int_equal(change_mark_of(&miss, VERDICT_PASS, true), CHANGE_FIXED);
	assert_int_equal(change_mark_of(&waived, VERDICT_PASS, true), CHANGE_FIXED);
	assert_int_equal(change_mark_of(&fail, VERDICT_MISSING, true), CHANGE_STILL);
	assert_int_equal(change_mark_of(&fail, VERDICT_WAIVED, true), CHANGE_STILL);
	assert_int_equal(change_mark_of(&waived, VERDICT_FAIL, true), CHANGE_STILL);
	assert_int_equal(change_mark_of(&pass, VERDICT_PASS, true), CHANGE_PASS);
	assert_int_equal(change_mark_of(NULL, VERDICT_PASS, true), CHANGE_PASS);
	/* no longer applying is not a fix */
	assert_int_equal(change_mark_of(&fail, VERDICT_NA, true), CHANGE_NA);
	assert_int_equal(change_mark_of(&fail, VERDICT_BATCH, true), CHANGE_NA);
	assert_int_equal(change_mark_of(NULL, VERDICT_PASS, false), CHANGE_RULE_ADDED);
	/* only a failure now that was not one before stops --fail-on new */
	assert_true(change_is_new_failure(CHANGE_NEW, VERDICT_FAIL));
	assert_true(change_is_new_failure(CHANGE_RULE_ADDED, VERDICT_MISSING));
	assert_false(change_is_new_failure(CHANGE_NEW, VERDICT_WAIVED));
	assert_false(change_is_new_failure(CHANGE_RULE_ADDED, VERDICT_PASS));
	assert_false(change_is_new_failure(CHANGE_STILL, VERDICT_FAIL));
	assert_string_equal(change_word(CHANGE_STILL, LANG_ZH), "仍未整改");
	assert_string_equal(change_key(CHANGE_RULE_ADDED), "rule-added");
}

/* A venue of id with results of rules[i] judged v[i]. */
struct fake {
	struct rule rules[8];
	struct result results[8];
	struct venue venue;
	struct check_report rep;
};

static void fake(struct fake *f, const char *id, const char *const *rules,
		 const enum verdict *v, size_t n)
{
	memset(f, 0, sizeof *f);
	f->venue.id = id;
	for (size_t i = 0; i < n; i++) {
		f->rules[i].id = rules[i];
		f->results[i].rule = &f->rules[i];
		f->results[i].verdict = v[i];
	}
	f->rep.venue = &f->venue;
	f->rep.results = f->results;
	f->rep.n = n;
}

static void test_venue_compared(void **state)
{
	(void)state;
	struct baseline b;
	struct diags d;
	assert_true(load(&b, old_report, &d));
	/* a: 差 3 → still failing; b: fixed; c: pass → new; d: missing →
	 * passing; e: a rule the old run never judged; gone.rule: removed */
	static const char *const rules[] = {"a", "b", "c", "d", "e"};
	static const enum verdict now[] = {VERDICT_FAIL, VERDICT_PASS, VERDICT_FAIL,
					   VERDICT_PASS, VERDICT_FAIL};
	struct fake f;
	fake(&f, "v1", rules, now, 5);
	f.results[0].gap = 1;
	struct arena a;
	arena_init(&a);
	struct venue_change c;
	change_venue(&c, &b, &f.rep, &a);
	assert_ptr_equal(c.then, baseline_venue(&b, "v1"));
	assert_int_equal(c.v[0].mark, CHANGE_STILL);
	assert_true(c.v[0].then->gap == 3); /* 差 3 场 → 差 1 场 */
	assert_int_equal(c.v[1].mark, CHANGE_FIXED);
	assert_int_equal(c.v[2].mark, CHANGE_NEW);
	assert_int_equal(c.v[3].mark, CHANGE_FIXED);
	assert_int_equal(c.v[4].mark, CHANGE_RULE_ADDED);
	assert_null(c.v[4].then);
	assert_int_equal(c.nremoved, 1);
	assert_string_equal(c.removed[0]->rule, "gone.rule");
	assert_int_equal(c.counts[CHANGE_FIXED], 2);
	assert_true(change_tracked(&c.v[1], VERDICT_PASS)); /* failing before */
	assert_false(change_tracked(&c.v[4], VERDICT_PASS));

	struct change_run run;
	change_run_init(&run, &b);
	change_run_add(&run, &c, &f.rep);
	/* v3 is new: its failures are new; v2 is gone */
	static const char *const r3[] = {"a", "c"};
	static const enum verdict n3[] = {VERDICT_FAIL, VERDICT_PASS};
	struct fake g;
	fake(&g, "v3", r3, n3, 2);
	g.venue.parent = "v1";
	struct venue_change c3;
	change_venue(&c3, &b, &g.rep, &a);
	assert_null(c3.then);
	assert_int_equal(c3.v[0].mark, CHANGE_NEW);
	assert_int_equal(c3.v[1].mark, CHANGE_PASS);
	assert_int_equal(c3.nremoved, 0);
	change_run_add(&run, &c3, &g.rep);
	assert_int_equal(run.total.venues_added, 1);
	/* c of v1, e of v1 (added rule, failing), a of v3 */
	assert_int_equal(run.total.new_failures, 3);
	assert_int_equal(run.total.removed, 1);
	assert_int_equal(run.total.counts[CHANGE_FIXED], 2);
	const struct baseline_venue **gone;
	assert_int_equal(change_run_gone(&run, &gone), 1);
	assert_string_equal(gone[0]->id, "v2");
	free(gone);
	/* v1's subtotal: its own, v3's under it, v2 gone from under it */
	const struct change_tally *u = change_run_under(&run, "v1");
	assert_non_null(u);
	assert_int_equal(u->new_failures, 3);
	assert_int_equal(u->venues_added, 1);
	assert_int_equal(u->venues_gone, 1);
	assert_int_equal(change_run_under(&run, "v3")->new_failures, 1);
	assert_int_equal(change_run_under(&run, "v3")->venues_gone, 0);
	assert_null(change_run_under(&run, "v2"));
	change_run_free(&run);
	arena_free(&a);
	baseline_free(&b);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_report),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_file_bounds),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_venue_compared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
