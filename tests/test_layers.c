/* test_layers.c - a pack that extends another: overrides, disabled rules,
 * added rules, unknown ids with did-you-mean, chains and cycles. */
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>

#include "packfind.h"

/* The pack directories the command would search with
 * VENUECHECK_RULES_DIR=../rules: the library reads no environment. */
static struct packfind_dirs dirs;

#define BASE "extends: ../rules/jiaxing-2015.yaml\n" \
	     "standard: {id: local, title: 本地细则}\n"

/* Load a pack from text named local.yaml (so a relative extends is relative
 * to tests/); the diagnostics go to d. */
static struct pack *load_text(const char *text, struct diags *d)
{
	diag_init(d);
	return pack_load_string_in("local.yaml", text, strlen(text), &dirs, d);
}

static struct pack *load_ok(const char *text)
{
	struct diags d;
	struct pack *p = load_text(text, &d);
	if (!p)
		fail_msg("pack did not load:\n%s", diags_text(&d));
	diag_free(&d);
	return p;
}

/* The pack must fail to load with a diagnostic holding want. */
static void expect_error(const char *text, const char *want)
{
	struct diags d;
	struct pack *p = load_text(text, &d);
	assert_null(p);
	expect_diag(&d, want);
	diag_free(&d);
}

/* The boundary town (at every Jiaxing threshold, 42 weekly hours) checked
 * under p: the verdict of rule id, or -1 when p has no such rule. */
static int boundary_town(const struct pack *p, const char *id, size_t *nresults)
{
	char *yaml = read_text("boundary/town.yaml");
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(p, "town.yaml", yaml, strlen(yaml), &d);
	if (!v)
		fail_msg("boundary town rejected:\n%s", diags_text(&d));
	struct check_report *rep = check_venue(p, v, &d);
	const struct result *res = find_result(rep, id);
	int verdict = res ? (int)res->verdict : -1;
	*nresults = rep->n;
	check_report_free(rep);
	venue_free(v);
	diag_free(&d);
	free(yaml);
	return verdict;
}

static void test_override_threshold_and_severity(void **state)
{
	(void)state;
	struct pack *p = load_ok(BASE "override:\n"
		"  town.open.weekly_hours: {threshold: 48, summary: 每周开放不少于48小时}\n"
		"  town.mobile.city_shows: {severity: warning}\n");
	const struct rule *r = pack_rule(p, "town.open.weekly_hours");
	assert_non_null(r);
	double t;
	assert_true(expr_constant(r->checks[0].threshold, &t));
	assert_true(t == 48);
	assert_int_equal(r->origin, ORIGIN_OVERRIDDEN);
	assert_string_equal(r->origin_file, "local.yaml");
	assert_string_equal(r->summary, "每周开放不少于48小时");
	struct arena a;
	arena_init(&a);
	assert_string_equal(pack_requirement(r, false, &a), "≥ 48 小时");
	assert_string_equal(pack_origin_text(r, &a), "overridden in local.yaml");
	r = pack_rule(p, "town.mobile.city_shows");
	assert_true(r->warning);
	r = pack_rule(p, "town.open.notice");
	assert_int_equal(r->origin, ORIGIN_BASE);
	assert_string_equal(pack_origin_text(r, &a), "jiaxing-2015");
	assert_int_equal(p->nrules, 112);
	assert_non_null(p->base);
	arena_free(&a);
	pack_free(p);
}

/* The boundary town sits at 42 hours: it passes the base, fails 48. */
static void test_override_changes_the_verdict(void **state)
{
	(void)state;
	struct pack *p = load_ok(BASE "override: {town.open.weekly_hours: {threshold: 48}}\n");
	size_t n;
	assert_int_equal(boundary_town(p, "town.open.weekly_hours", &n), VERDICT_FAIL);
	assert_int_equal(boundary_town(p->base, "town.open.weekly_hours", &n),
			 VERDICT_PASS);
	pack_free(p);
}

static void test_disable_keeps_declared_key(void **state)
{
	(void)state;
	struct pack *p = load_ok(BASE "disable:\n"
		"  town.activity.one_town_one_brand: 另行专项考核\n");
	assert_null(pack_rule(p, "town.activity.one_town_one_brand"));
	assert_int_equal(p->nrules, 111);
	assert_int_equal(p->ndisabled, 1);
	assert_string_equal(p->disabled[0].reason, "另行专项考核");
	assert_string_equal(p->disabled[0].rule.id, "town.activity.one_town_one_brand");
	/* The boundary town declares activity.one_town_one_brand: still valid. */
	size_t n;
	assert_int_equal(boundary_town(p, "town.activity.one_town_one_brand", &n), -1);
	assert_int_equal(n, 23);
	pack_free(p);
}

static void test_added_rule(void **state)
{
	(void)state;
	struct pack *p = load_ok(BASE "categories: {本地条款: Local clauses}\n"
		"rules:\n"
		"  - {id: town.local.exhibitions, tier: town, category: 本地条款,\n"
		"     clause: 展览不少于2次, title: Exhibitions,\n"
		"     measure: count(x in exhibitions), threshold: 2}\n");
	const struct rule *r = pack_rule(p, "town.local.exhibitions");
	assert_non_null(r);
	assert_int_equal(r->origin, ORIGIN_ADDED);
	assert_int_equal(p->nrules, 113);
	assert_ptr_equal(r, &p->rules[112]);
	assert_non_null(pack_category(p, "本地条款"));
	assert_non_null(pack_category(p, "免费开放"));
	pack_free(p);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error(BASE "override: {town.open.weekly_hour: {threshold: 48}}\n",
		     "local.yaml:3:12: error[R001]: override: no rule 'town.open.weekly_hour' "
		     "in jiaxing-2015 (did you mean 'town.open.weekly_hours'?)");
	expect_error(BASE "disable: {town.support.budgett: x}\n",
		     "local.yaml:3:11: error[R001]: disable: no rule 'town.support.budgett' "
		     "in jiaxing-2015 (did you mean 'town.support.budget'?)");
	expect_error(BASE "disable: {town.support.budget: }\n",
		     "local.yaml:3:11: error[R001]: disable: rule 'town.support.budget' needs a reason");
	expect_error(BASE "disable: {town.support.budget: x}\n"
		     "override: {town.support.budget: {severity: warning}}\n",
		     "is both overridden and disabled");
	expect_error(BASE "rules:\n  - {id: town.open.notice, tier: town, category: 免费开放,"
		     " clause: x, title: x, kind: declared}\n",
		     "local.yaml:4:10: error[R001]: rule id 'town.open.notice' is already a rule of jiaxing-2015");
	expect_error(BASE "tiers: []\n", "local.yaml:3:8: error[R001]: 'tiers' is inherited");
	expect_error(BASE "data: {}\n", "'data' is inherited");
	expect_error(BASE "override: {town.mobile.village_shows: {threshold: 3}}\n",
		     "has several checks");
	expect_error(BASE "override: {town.open.weekly_hours: {threshold: facts.weekly_open_hour}}\n",
		     "did you mean 'weekly_open_hours'");
	expect_error(BASE "override: {town.open.weekly_hours: {colour: red}}\n",
		     "unknown key 'colour' in an override");
	expect_error("extends: no-such-pack\nstandard: {id: x, title: x}\n",
		     "local.yaml:1:10: error[R001]: base pack 'no-such-pack' not found");
	expect_error("standard: {id: x, title: x}\ntiers: [{id: t, name: t}]\nrules: []\n"
		     "override: {}\n", "'override' changes the rules of a base pack: it needs 'extends:'");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* c extends b extends the Jiaxing pack; a extends itself through b2. */
static void test_chains_and_cycles(void **state)
{
	(void)state;
	char dir[] = "/tmp/vc-layers-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.yaml", dir);
	write_file(path, "extends: " "jiaxing-2015\nstandard: {id: b, title: B}\n"
		   "override: {town.open.weekly_hours: {threshold: 48}}\n");
	snprintf(path, sizeof path, "%s/c.yaml", dir);
	write_file(path, "extends: ./b.yaml\nstandard: {id: c, title: C}\n"
		   "disable: {town.support.budget: 另行考核}\n");
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_in(path, &dirs, &d);
	assert_non_null(p);
	assert_string_equal(p->base->id, "b");
	assert_string_equal(p->base->base->id, "jiaxing-2015");
	assert_string_equal(pack_rule(p, "town.open.weekly_hours")->origin_file, "b.yaml");
	assert_int_equal(p->ndisabled, 1);
	pack_free(p);
	snprintf(path, sizeof path, "%s/a.yaml", dir);
	write_file(path, "extends: b2.yaml\nstandard: {id: a, title: A}\n");
	snprintf(path, sizeof path, "%s/b2.yaml", dir);
	write_file(path, "extends: a.yaml\nstandard: {id: b2, title: B2}\n");
	snprintf(path, sizeof path, "%s/a.yaml", dir);
	assert_null(pack_load_in(path, &dirs, &d));
	expect_diag(&d, "b2.yaml:1:10: error[R001]: extends 'a.yaml' makes a cycle");
	diag_free(&d);
	const char *names[] = {"a.yaml", "b.yaml", "b2.yaml", "c.yaml"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* extends: names a .yaml file of the pack's own directory tree or of the
 * pack directories, nothing else: not a file beside the tree, not one
 * reached through a symbolic link, not a file of another kind. */
static void test_extends_is_confined(void **state)
{
	(void)state;
	char dir[] = "/tmp/vc-confined-XXXXXX", path[160], sub[64], link[160];
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/outside.yaml", dir);
	write_file(path, "extends: jiaxing-2015\nstandard: {id: o, title: O}\n");
	snprintf(link, sizeof link, "%s/link.yaml", sub);
	assert_int_equal(symlink(path, link), 0);
	const struct {
		const char *extends, *want;
	} cases[] = {
		{"../outside.yaml", "is outside this pack's directory and the pack directories"},
		{"link.yaml", "is outside this pack's directory"},
		{"/etc/passwd", "base pack '/etc/passwd' is not a .yaml file"},
		{"../../../../../../../../etc/hostname", "is not a .yaml file"},
	};
	snprintf(path, sizeof path, "%s/p.yaml", sub);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[256];
		snprintf(text, sizeof text, "extends: %s\nstandard: {id: p, title: P}\n",
			 cases[i].extends);
		write_file(path, text);
		struct diags d;
		diag_init(&d);
		assert_null(pack_load_in(path, &dirs, &d));
		expect_diag(&d, cases[i].want);
		diag_free(&d);
	}
	/* The other side: the same file copied into the tree, at depth. */
	snprintf(link, sizeof link, "%s/deeper", sub);
	assert_int_equal(mkdir(link, 0700), 0);
	snprintf(link, sizeof link, "%s/deeper/base.yaml", sub);
	write_file(link, "extends: jiaxing-2015\nstandard: {id: o, title: O}\n");
	write_file(path, "extends: deeper/base.yaml\nstandard: {id: p, title: P}\n");
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_in(path, &dirs, &d);
	assert_non_null(p);
	assert_string_equal(p->base->id, "o");
	pack_free(p);
	diag_free(&d);
	unlink(link);
	snprintf(link, sizeof link, "%s/deeper", sub);
	rmdir(link);
	snprintf(link, sizeof link, "%s/link.yaml", sub);
	unlink(link);
	unlink(path);
	rmdir(sub);
	snprintf(path, sizeof path, "%s/outside.yaml", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	/* The base of BASE, ../rules/jiaxing-2015.yaml, lies outside tests/:
	 * extends: may name it because it is in a pack directory. */
	packfind_dirs_init(&dirs, "../rules");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_override_threshold_and_severity),
		cmocka_unit_test(test_override_changes_the_verdict),
		cmocka_unit_test(test_disable_keeps_declared_key),
		cmocka_unit_test(test_added_rule),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_chains_and_cycles),
		cmocka_unit_test(test_extends_is_confined),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
