/* test_boundary.c - every numeric clause at its threshold (passes) and one
 * step below (fails).  Data-driven: tests/boundary/<tier>.yaml sit exactly at
 * every threshold; tests/boundary/mutations.yaml lists one-step-below edits.
 * One cmocka test per mutation, named after its rule. */
#include "helpers.h"

#include "doc.h"

static struct pack *pack;

struct mutation {
	const char *rule, *base, *find, *replace, *drop;
	char name[160];
};

static char *read_base(const char *base)
{
	char path[256];
	snprintf(path, sizeof path, "boundary/%s", base);
	char *text = read_text(path);
	assert_non_null(text);
	return text;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Apply the edit to a copy of the base text. */
static char *apply(const struct mutation *m, const char *text)
{
	const char *what = m->drop ? m->drop : m->find;
	if (occurrences(text, what) != 1)
		fail_msg("'%s' must occur exactly once in %s", what, m->base);
	const char *at = strstr(text, what);
	size_t len = strlen(text);
	char *out = malloc(len + (m->replace ? strlen(m->replace) : 0) + 1);
	if (m->drop) {
		const char *bol = at, *eol = strchr(at, '\n');
		while (bol > text && bol[-1] != '\n')
			bol--;
		eol = eol ? eol + 1 : text + len;
		size_t head = (size_t)(bol - text);
		memcpy(out, text, head);
		strcpy(out + head, eol);
	} else {
		size_t head = (size_t)(at - text);
		memcpy(out, text, head);
		strcpy(out + head, m->replace);
		strcat(out, at + strlen(m->find));
	}
	return out;
}

static struct check_report *check_text(const char *name, const char *text,
				       struct venue **v)
{
	struct diags d;
	diag_init(&d);
	*v = venue_load_string(pack, name, text, strlen(text), &d);
	if (!*v) {
		char *msg = diags_text(&d);
		fail_msg("%s does not load:\n%s", name, msg);
	}
	struct check_report *rep = check_venue(pack, *v, &d);
	diag_free(&d);
	return rep;
}

static void test_mutation(void **state)
{
	const struct mutation *m = *state;
	char *text = read_base(m->base);
	char *edited = apply(m, text);
	struct venue *v;
	struct check_report *rep = check_text(m->base, edited, &v);
	const struct result *r = find_result(rep, m->rule);
	assert_non_null(r);
	if (r->verdict != VERDICT_FAIL)
		fail_msg("%s: expected FAIL one step below, got %s", m->rule,
			 r->verdict == VERDICT_PASS ? "PASS" : "another verdict");
	check_report_free(rep);
	venue_free(v);
	free(edited);
	free(text);
}

/* The base files: every rule passes (batch rules: needs batch), and every
 * numeric measure equals its threshold exactly. */
static void test_base(void **state)
{
	const char *base = *state;
	char *text = read_base(base);
	struct venue *v;
	struct check_report *rep = check_text(base, text, &v);
	assert_true(rep->n > 0);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		bool batch = false;
		for (size_t k = 0; k < r->rule->nchecks; k++)
			batch = batch || r->rule->checks[k].batch;
		enum verdict want = batch ? VERDICT_BATCH : VERDICT_PASS;
		if (r->verdict != want)
			fail_msg("%s: %s does not pass at the threshold", base,
				 r->rule->id);
		if (r->rule->kind != KIND_DECLARED &&
		    r->measured.u.num != r->required)
			fail_msg("%s: %s measures %g, not exactly its threshold %g",
				 base, r->rule->id, r->measured.u.num, r->required);
	}
	check_report_free(rep);
	venue_free(v);
	free(text);
}

static const char *text_of(const struct node *m, const char *key)
{
	const struct node *n = doc_get(m, key);
	return n ? n->text : NULL;
}

static struct mutation *load_mutations(struct arena *a, size_t *n)
{
	struct diags d;
	diag_init(&d);
	const struct node *root = doc_load_file(a, "boundary/mutations.yaml", NULL, &d);
	if (!root || root->kind != NODE_SEQ) {
		fprintf(stderr, "cannot read boundary/mutations.yaml\n");
		exit(1);
	}
	diag_free(&d);
	struct mutation *ms = arena_alloc(a, root->n * sizeof *ms);
	for (size_t i = 0; i < root->n; i++) {
		const struct node *m = root->items[i];
		ms[i] = (struct mutation){
			.rule = text_of(m, "rule"), .base = text_of(m, "base"),
			.find = text_of(m, "find"), .replace = text_of(m, "replace"),
			.drop = text_of(m, "drop")};
		snprintf(ms[i].name, sizeof ms[i].name, "below: %s #%zu",
			 ms[i].rule, i + 1);
	}
	*n = root->n;
	return ms;
}

static struct mutation *muts;
static size_t nmuts;

/* Every rule that compares a number has at least one mutation. */
static void test_every_numeric_rule_has_a_case(void **state)
{
	(void)state;
	for (size_t i = 0; i < pack->nrules; i++) {
		const struct rule *r = &pack->rules[i];
		if (r->kind == KIND_DECLARED)
			continue;
		size_t j = 0;
		while (j < nmuts && strcmp(muts[j].rule, r->id) != 0)
			j++;
		if (j == nmuts)
			fail_msg("numeric rule %s has no one-step-below case in "
				 "boundary/mutations.yaml", r->id);
	}
}

int main(void)
{
	static const char *bases[] = {"city.yaml", "county.yaml", "town.yaml",
				      "village.yaml"};
	pack = load_jiaxing();
	if (!pack)
		return 1;
	struct arena a;
	arena_init(&a);
	muts = load_mutations(&a, &nmuts);
	size_t n = 1 + 4 + nmuts;
	struct CMUnitTest *tests = calloc(n, sizeof *tests);
	tests[0] = (struct CMUnitTest)cmocka_unit_test(test_every_numeric_rule_has_a_case);
	for (size_t i = 0; i < 4; i++)
		tests[1 + i] = (struct CMUnitTest){.name = bases[i],
			.test_func = test_base, .initial_state = (void *)bases[i]};
	for (size_t i = 0; i < nmuts; i++)
		tests[5 + i] = (struct CMUnitTest){.name = muts[i].name,
			.test_func = test_mutation, .initial_state = &muts[i]};
	int failed = _cmocka_run_group_tests("boundary", tests, n, NULL, NULL);
	free(tests);
	arena_free(&a);
	pack_free(pack);
	return failed;
}
