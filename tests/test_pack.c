/* test_pack.c - the Jiaxing pack covers the whole catalog, and broken packs
 * are rejected with file:line:col. */
#include "helpers.h"

/* catalog-ids.txt is the id column of shared/standards/jiaxing-2015-clauses.md;
 * when shared/ sits beside the checkout (as in CI, where its absence fails),
 * the copy is compared too. */
#define CATALOG_COPY "catalog-ids.txt"
#define CATALOG_MD "../../shared/standards/jiaxing-2015-clauses.md"

static void test_every_catalog_id_is_a_rule(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	assert_non_null(p);
	char *ids = read_text(CATALOG_COPY);
	assert_non_null(ids);
	size_t n = 0;
	for (char *line = strtok(ids, "\n"); line; line = strtok(NULL, "\n")) {
		const struct rule *r = pack_rule(p, line);
		if (!r)
			fail_msg("catalog id %s is not a rule of the pack", line);
		if (strncmp(r->id, r->tier, strlen(r->tier)) != 0)
			fail_msg("%s: tier %s does not match its id", r->id, r->tier);
		assert_non_null(r->clause);
		assert_non_null(r->title);
		assert_non_null(r->category);
		assert_true(r->nchecks >= 1);
		n++;
	}
	assert_int_equal(n, 112);
	assert_int_equal(p->nrules, 112);
	free(ids);
	pack_free(p);
}

static void test_catalog_copy_is_current(void **state)
{
	(void)state;
	char *md = read_text(CATALOG_MD);
	if (!md) {
		skip_or_fail("shared/ is not beside the checkout: "
			     CATALOG_MD " not compared");
		return;
	}
	char *ids = read_text(CATALOG_COPY);
	size_t n = 0;
	for (char *line = strtok(ids, "\n"); line; line = strtok(NULL, "\n")) {
		char cell[128];
		snprintf(cell, sizeof cell, "| %s |", line);
		if (!strstr(md, cell))
			fail_msg("%s is not in the catalog any more", line);
		n++;
	}
	size_t rows = 0;
	for (const char *q = strstr(md, "\n| city."); q; q = strstr(q + 1, "\n| city."))
		rows++;
	for (const char *q = strstr(md, "\n| county."); q; q = strstr(q + 1, "\n| county."))
		rows++;
	for (const char *q = strstr(md, "\n| town."); q; q = strstr(q + 1, "\n| town."))
		rows++;
	for (const char *q = strstr(md, "\n| village."); q; q = strstr(q + 1, "\n| village."))
		rows++;
	assert_int_equal(rows, n);
	free(ids);
	free(md);
}

static const char pack_head[] =
	"standard: {id: t, title: 测试标准}\n"
	"tiers:\n  - {id: town, name: 分馆}\n"
	"data:\n  facts:\n    hours: {type: number, min: 0}\n"
	"rules:\n";

static void expect_pack_error(const char *rules, const char *want)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "%s%s", pack_head, rules);
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("p.yaml", buf, strlen(buf), &d);
	if (p)
		fail_msg("accepted:\n%s", buf);
	char *msg = diags_text(&d);
	if (!strstr(msg, want))
		fail_msg("expected '%s' in:\n%s", want, msg);
	free(msg);
	diag_free(&d);
}

#define RULE "  - {id: r1, tier: town, category: c, clause: x, title: y, "

static void test_minimal_pack_loads(void **state)
{
	(void)state;
	char buf[1024];
	snprintf(buf, sizeof buf, "%s%s", pack_head,
		 RULE "measure: facts.hours, threshold: 42}\n"
		 "  - {id: r2, tier: town, category: c, clause: x, title: y, kind: declared}\n");
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("p.yaml", buf, strlen(buf), &d);
	assert_non_null(p);
	assert_int_equal(p->nrules, 2);
	assert_int_equal(p->rules[0].checks[0].op, OP_GE);
	assert_string_equal(p->rules[1].key, "r2");
	assert_int_equal(p->tiers[0].declared.n, 1);
	pack_free(p);
	diag_free(&d);
}

static void test_pack_errors(void **state)
{
	(void)state;
	expect_pack_error(RULE "measure: facts.hour, threshold: 42}\n",
			  "p.yaml:8:75: error[R001]: 'facts' has no field 'hour' (did you mean 'hours'?)");
	expect_pack_error(RULE "measure: facts.hours, threshold: 42, thresold: 1}\n",
			  "unknown key 'thresold' in a rule (did you mean 'threshold'?)");
	expect_pack_error("  - {id: r1, tier: township, category: c, clause: x, title: y, "
			  "measure: facts.hours, threshold: 1}\n",
			  "tier 'township' is not one of the pack's tiers");
	expect_pack_error(RULE "measure: facts.hours, threshold: 1}\n"
			  RULE "measure: facts.hours, threshold: 2}\n",
			  "p.yaml:9:10: error[R001]: rule id 'r1' is used twice (first at line 8)");
	expect_pack_error(RULE "measure: facts.hours}\n", "a check needs 'threshold:'");
	expect_pack_error(RULE "measure: facts.hours, threshold: 1, op: '=>'}\n",
			  "op '=>' must be one of");
	expect_pack_error(RULE "measure: facts.hours, threshold: 1, kind: maximum}\n",
			  "kind 'maximum' must be one of");
	expect_pack_error(RULE "kind: declared, measure: facts.hours}\n",
			  "a declared rule reads declared.<key>");
	expect_pack_error(RULE "measure: facts.hours >=, threshold: 1}\n",
			  "expression ends too early");
	expect_pack_error("  - {tier: town, category: c, clause: x, title: y}\n",
			  "rule: required key 'id' is missing");
	expect_pack_error(RULE "measure: facts.hours, threshold: 0x10}\n",
			  "hex number '0x10': write numbers in decimal");
	expect_pack_error(RULE "measure: facts.hours, threshold: 0x1p4}\n",
			  "hex number '0x1p4'");
}

/* The other side of each new refusal: the nearest valid pack loads. */
static void test_pack_boundaries_accepted(void **state)
{
	(void)state;
	const char *packs[] = {
		"standard: {id: t, title: x}\ntiers:\n  - {id: a, name: b}\n"
		"  - {id: c, name: d, parent: a}\n  - {id: e, name: f, parent: c}\nrules: []\n",
		"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		"data:\n  facts:\n    h: {type: int, min: 2, max: 2, example: 2}\n"
		"    e: {type: enum, values: [x, y], example: y}\n"
		"    d: {type: date, example: 2024-02-29}\n    b: {type: bool, example: true}\n"
		"rules:\n  - {id: r, tier: a, category: c, clause: x, title: y, measure: facts.h, "
		"threshold: 10.5e0}\n",
	};
	for (size_t i = 0; i < sizeof packs / sizeof packs[0]; i++) {
		struct diags d;
		diag_init(&d);
		struct pack *p = pack_load_string("p.yaml", packs[i], strlen(packs[i]), &d);
		if (!p) {
			char *msg = diags_text(&d);
			fail_msg("refused:\n%s\n%s", packs[i], msg);
		}
		pack_free(p);
		diag_free(&d);
	}
}

/* A file that is no pack says so in one line and quotes none of it; a
 * pack's unknown keys are quoted short and escaped, ten at most. */
static void test_not_a_pack(void **state)
{
	(void)state;
	const char *secret = "$6$rounds=5000$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char buf[8192];
	int n = snprintf(buf, sizeof buf, "root: %s\ndaemon: '*:19000:0'\n", secret);
	/* A venue's data file: its troupes: is a near miss of rules:, but one
	 * key of four. */
	const char *others[] = {buf, "just a line of text\nand another\n", "- a\n- b\n",
				"venue: {id: x}\nfacts: {}\nevents: []\ntroupes: []\n"};
	for (size_t i = 0; i < 4; i++) {
		struct diags d;
		diag_init(&d);
		assert_null(pack_load_string("p.yaml", others[i], strlen(others[i]), &d));
		assert_int_equal(d.n, 1);
		assert_non_null(strstr(d.v[0].msg_en, "not a rule pack"));
		assert_null(strstr(d.v[0].msg_en, "root"));
		diag_free(&d);
	}
	/* Pack-shaped, with 30 long unknown keys holding a line break and ESC. */
	n = snprintf(buf, sizeof buf, "standard: {id: t, title: x}\n");
	for (int k = 0; k < 30; k++)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "\"k%02d\\e\\n%s\": 1\n", k, secret);
	struct diags d;
	diag_init(&d);
	assert_null(pack_load_string("p.yaml", buf, strlen(buf), &d));
	size_t unknown = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].code != DC_UNKNOWN_KEY)
			continue;
		unknown++;
		char *line = diag_format(&d.v[i], LANG_EN);
		assert_null(strchr(line, '\n'));
		assert_null(strchr(line, '\033'));
		assert_null(strstr(line, secret));
		free(line);
	}
	assert_int_equal(unknown, 11); /* ten, then "20 more unknown keys" */
	expect_diag(&d, "unknown key 'k00\\x1b\\n$6$rounds=5000$abcdefghijklmnop…' in the rule pack");
	expect_diag(&d, "20 more unknown keys in the rule pack");
	diag_free(&d);
}

/* UTF-16 and UTF-32 packs (libyaml would read them) are refused, with or
 * without a byte-order mark. */
static void test_utf16_pack(void **state)
{
	(void)state;
	const struct {
		const char *bytes;
		size_t len;
		const char *want;
	} files[] = {
		{"\xff\xfes\0t\0", 6, "p.yaml:1:1: error[E004]: the file is UTF-16"},
		{"\xfe\xff\0s\0t", 6, "the file is UTF-16"},
		{"\xff\xfe\0\0s\0\0\0", 8, "the file is UTF-32"},
		{"s\0t\0a\0", 6, "p.yaml:1:2: error[E004]: a NUL byte (byte 1)"},
	};
	for (size_t i = 0; i < 4; i++) {
		struct diags d;
		diag_init(&d);
		assert_null(pack_load_string("p.yaml", files[i].bytes, files[i].len, &d));
		expect_diag(&d, files[i].want);
		diag_free(&d);
	}
}

static void test_data_section_errors(void **state)
{
	(void)state;
	const char *packs[][2] = {
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: integer}\nrules: []\n",
		 "p.yaml:5:15: error[R001]: field 'h': type must be one of"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: enum}\nrules: []\n",
		 "p.yaml:5:8: error[R001]: field 'h': values must be a non-empty list"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  venue:\n    year: {type: int}\nrules: []\n",
		 "field 'year' is built in"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b, parent: z}]\n"
		 "rules: []\n", "tier parent 'z' is not a tier"},
		{"standard: {id: t}\ntiers: [{id: a, name: b}]\nrules: []\n",
		 "standard: required key 'title' is missing"},
		{"standrd: {id: t, title: x}\n", "unknown key 'standrd' in the rule pack (did you mean 'standard'?)"},
		{"standard: {id: t, title: x, effective: soon}\ntiers: [{id: a, name: b}]\nrules: []\n",
		 "p.yaml:1:40: error[R001]: standard: effective must be the year"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  ledgers:\n    l: {fields: {n: {type: text}}, unique: [m]}\nrules: []\n",
		 "ledger 'l': unique names 'm', which is not one of its fields"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  ledgers:\n    l: {fields: {n: {type: text}}, unique: n}\nrules: []\n",
		 "ledger 'l': unique must be a list"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  ledgers:\n    l: {fields: {n: {type: text}}, counted_by: venue.nope}\nrules: []\n",
		 "ledger 'l': counted_by must name a number field of venue or facts"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    part: {type: int, max: facts.whole}\nrules: []\n",
		 "field 'part': max facts.whole must be a number field of venue or facts"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    k: {type: enum, values: [a], retired: [b]}\nrules: []\n",
		 "field 'k': retired must map each old word to what to write instead"},
		/* What rules --lint once let through, the loader now refuses. */
		{"standard: {id: t, title: x}\ntiers:\n  - {id: a, name: b, parent: c}\n"
		 "  - {id: c, name: d, parent: a}\nrules: []\n",
		 "p.yaml:3:30: error[R001]: tier parents form a cycle: tier 'a' is its own ancestor"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b, parent: a}]\nrules: []\n",
		 "tier 'a' is its own parent"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: int, min: 5, max: 2}\nrules: []\n",
		 "p.yaml:5:33: error[R001]: field 'h': max 2 is below min 5"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: int, example: many}\nrules: []\n",
		 "p.yaml:5:29: error[R001]: the example does not fit its field: h: expected a whole number, found 'many'"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: int, min: 0, example: -1}\nrules: []\n",
		 "the example does not fit its field: h: -1 is below the minimum 0"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: enum, values: [x, y], example: z}\nrules: []\n",
		 "the example does not fit its field: h: 'z' is not allowed"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: bool, example: 1}\nrules: []\n",
		 "the example does not fit its field: h: expected true or false"},
		{"standard: {id: t, title: x}\ntiers: [{id: a, name: b}]\n"
		 "data:\n  facts:\n    h: {type: date, example: 2024-02-30}\nrules: []\n",
		 "the example does not fit its field: h: expected a date"},
	};
	for (size_t i = 0; i < sizeof packs / sizeof packs[0]; i++) {
		struct diags d;
		diag_init(&d);
		struct pack *p = pack_load_string("p.yaml", packs[i][0],
						   strlen(packs[i][0]), &d);
		if (p)
			fail_msg("accepted:\n%s", packs[i][0]);
		char *msg = diags_text(&d);
		if (!strstr(msg, packs[i][1]))
			fail_msg("expected '%s' in:\n%s", packs[i][1], msg);
		free(msg);
		diag_free(&d);
	}
}

/* Exactly the clauses that read other venues are linked, and a venue
 * keeps only the blocks those read (plus its header and its list of
 * villages), so a batch need not hold every ledger. */
static void test_linked_rules_and_kept_blocks(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	assert_non_null(p);
	static const char *const linked[] = {"county.dispatch.per_branch",
					     "town.activity.village_troupes",
					     "town.staffing.village_administrators"};
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		if (!p->rules[i].linked)
			continue;
		bool known = false;
		for (size_t k = 0; k < 3; k++)
			known = known || !strcmp(p->rules[i].id, linked[k]);
		if (!known)
			fail_msg("%s is linked", p->rules[i].id);
		n++;
	}
	assert_int_equal(n, 3);
	assert_false(p->keep_all);
	/* A village's troupes are read through a projection (proj.h): no
	 * venue keeps that block. */
	static const char *const keep[] = {"venue", "villages", "facts"};
	assert_int_equal(p->nkeep, 3);
	for (size_t k = 0; k < 3; k++) {
		bool found = false;
		for (size_t i = 0; i < p->nkeep; i++)
			found = found || !strcmp(p->keep[i], keep[k]);
		if (!found)
			fail_msg("%s is not kept", keep[k]);
	}
	pack_free(p);
}

static void test_prune_keeps_header_and_linked_blocks(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load(p, "../examples/towns/xinfeng.yaml", NULL, &d);
	assert_non_null(v);
	assert_non_null(value_get(v->root, "events"));
	struct check_report *rep = check_own(p, v, &d);
	venue_prune(v, p, NULL, NULL);
	assert_null(v->root); /* kept as bytes now */
	struct arena a;
	arena_init(&a);
	const struct value *root = venue_root(v, &a);
	assert_non_null(root);
	assert_null(value_get(root, "events"));
	assert_null(value_get(root, "declared"));
	assert_string_equal(v->id, "330402-xf");
	assert_string_equal(v->tier, "town");
	assert_int_equal(v->year, 2024);
	assert_string_equal(v->path, "../examples/towns/xinfeng.yaml");
	const struct value *vil = value_get(root, "villages");
	assert_non_null(vil);
	assert_int_equal(vil->n, 3);
	/* The linked rules still judge from what was kept; the rest were
	 * judged before, from the whole file. */
	struct venue kept = *v;
	kept.root = root;
	check_linked(rep, &kept, &d);
	for (size_t i = 0; i < rep->n; i++)
		assert_int_equal(rep->results[i].verdict, VERDICT_PASS);
	struct venue *whole = venue_load(p, "../examples/towns/xinfeng.yaml", NULL, &d);
	struct check_report *all = check_venue(p, whole, &d);
	assert_int_equal(all->n, rep->n);
	for (size_t i = 0; i < rep->n; i++)
		assert_int_equal(all->results[i].verdict, rep->results[i].verdict);
	check_report_free(all);
	venue_free(whole);
	check_report_free(rep);
	venue_free(v);
	arena_free(&a);
	diag_free(&d);
	pack_free(p);
}

/* labels: and notes: (venuecheck-rules(5)): every label must read as one
 * value only, so a cell cannot mean two things. */
static void test_value_labels(void **state)
{
	(void)state;
	static const char head[] =
		"standard: {id: t, title: 测试标准}\n"
		"tiers:\n  - {id: town, name: 分馆}\n"
		"data:\n  ledgers:\n    events:\n      fields:\n";
	static const char rules[] = "rules:\n  - {id: r1, tier: town, category: c, clause: x, "
				    "title: y, measure: count(e in events where e.k == \"a\"), threshold: 1}\n";
	static const char *const ok[] = {
		"        k: {type: enum, values: [a, b], labels: {a: 甲, b: 乙}, notes: {a: 第一}}\n",
		"        k: {type: tags, values: [a, b], labels: {a: 甲}}\n", /* b keeps its code */
		"        k: {type: enum, values: [a, b], labels: {a: a}}\n",  /* its own code */
	};
	static const char *const bad[][2] = {
		{"        k: {type: enum, values: [a, b], labels: {a: b}}\n",
		 "field 'k': the label 'b' of 'a' is the code of another value"},
		{"        k: {type: enum, values: [a, b], labels: {a: 甲, b: 甲}}\n",
		 "field 'k': the label '甲' of 'a' is the label of another value"},
		{"        k: {type: tags, values: [a, b], labels: {a: 甲、乙}}\n",
		 "field 'k': the label '甲、乙' of 'a' is written with a separator of tags"},
		{"        k: {type: tags, values: [a, b], labels: {a: 甲 乙}}\n",
		 "written with a separator of tags"},
		{"        k: {type: enum, values: [a, b], labels: {c: 丙}}\n",
		 "field 'k': labels names 'c', which is not one of its values"},
		{"        k: {type: enum, values: [a, b], notes: {c: 丙}}\n",
		 "field 'k': notes names 'c', which is not one of its values"},
		{"        k: {type: enum, values: [a, b], labels: [甲, 乙]}\n",
		 "field 'k': labels must map each value to a text"},
		{"        k: {type: enum, values: [a, b], labels: {a: \"\"}}\n",
		 "field 'k': labels of 'a' must be a text"},
		{"        k: {type: enum, values: [a, b], labels: {a: 甲}, retired: {甲: use a}}\n",
		 "field 'k': the label '甲' of 'a' is a retired word"},
		{"        k: {type: int, labels: {a: 甲}}\n",
		 "field 'k': labels and notes are for the values of an enum or tags field"},
	};
	char buf[2048];
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		snprintf(buf, sizeof buf, "%s%s%s", head, ok[i], rules);
		struct diags d;
		diag_init(&d);
		struct pack *p = pack_load_string("p.yaml", buf, strlen(buf), &d);
		if (!p)
			fail_msg("refused:\n%s\n%s", buf, diags_text(&d));
		pack_free(p);
		diag_free(&d);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(buf, sizeof buf, "%s%s%s", head, bad[i][0], rules);
		struct diags d;
		diag_init(&d);
		struct pack *p = pack_load_string("p.yaml", buf, strlen(buf), &d);
		if (p)
			fail_msg("accepted:\n%s", buf);
		char *msg = diags_text(&d);
		if (!strstr(msg, bad[i][1]))
			fail_msg("expected '%s' in:\n%s", bad[i][1], msg);
		free(msg);
		diag_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_catalog_id_is_a_rule),
		cmocka_unit_test(test_catalog_copy_is_current),
		cmocka_unit_test(test_minimal_pack_loads),
		cmocka_unit_test(test_linked_rules_and_kept_blocks),
		cmocka_unit_test(test_prune_keeps_header_and_linked_blocks),
		cmocka_unit_test(test_pack_errors),
		cmocka_unit_test(test_data_section_errors),
		cmocka_unit_test(test_pack_boundaries_accepted),
		cmocka_unit_test(test_not_a_pack),
		cmocka_unit_test(test_utf16_pack),
		cmocka_unit_test(test_value_labels),
	};
	return cmocka_run_group_tests_name("pack", tests, NULL, NULL);
}
