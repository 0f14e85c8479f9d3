/* test_tree.c - batches: linking by parent id, hierarchy errors, and the
 * system clauses judged across files, each on both sides of its bound. */
#include "helpers.h"

#include "tree.h"

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

struct batch {
	size_t n;
	struct venue *v[8];
	struct diags d[8];
	struct tree t;
};

/* Load the texts (NULL-terminated) as one batch and link it. */
static void load(struct batch *b, const struct pack *p, bool complete,
		 const char *const *texts)
{
	memset(b, 0, sizeof *b);
	for (; texts[b->n]; b->n++) {
		char name[32];
		snprintf(name, sizeof name, "f%zu.yaml", b->n);
		diag_init(&b->d[b->n]);
		b->v[b->n] = venue_load_string(p, name, texts[b->n],
					       strlen(texts[b->n]), &b->d[b->n]);
		if (!b->v[b->n])
			fail_msg("%s", diags_text(&b->d[b->n]));
	}
	struct tree_opts o = {.complete = complete};
	tree_build(&b->t, p, b->v, b->n, &o,
		   &(struct tree_diags){tree_diags_in_array, b->d});
}

static void unload(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		venue_free(b->v[i]);
		diag_free(&b->d[i]);
	}
	tree_free(&b->t);
}

static enum verdict verdict_of(struct batch *b, size_t i, const char *rule)
{
	struct diags w;
	diag_init(&w);
	/* Judged as a batch judges it: on the root with its links. */
	struct arena a;
	arena_init(&a);
	struct venue v = *b->v[i];
	v.root = tree_root(&b->t, i, NULL, &a);
	assert_non_null(v.root);
	struct check_report *rep = check_venue(pack, &v, &w);
	const struct result *r = find_result(rep, rule);
	assert_non_null(r);
	enum verdict verdict = r->verdict;
	check_report_free(rep);
	arena_free(&a);
	diag_free(&w);
	return verdict;
}

static bool has_diag(const struct diags *d, enum diag_level level,
		     const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == level && strstr(d->v[i].msg_en, text))
			return true;
	return false;
}

#define COUNTY(towns, staff) \
	"venue: {id: C, name: 县馆, tier: county, year: 2024, towns: " #towns "}\n" \
	"facts: {dispatched_staff: " #staff "}\n"
#define TOWN(id, workers) \
	"venue: {id: " id ", name: 镇, tier: town, parent: C, year: 2024}\n" \
	"facts: {dispatched_workers: " #workers "}\n"

static void test_dispatch_per_branch(void **state)
{
	(void)state;
	struct batch b;
	/* Alone, the county's own part passes and the rest needs the batch. */
	const char *alone[] = {COUNTY(2, 2), NULL};
	load(&b, pack, false, alone);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_BATCH);
	unload(&b);
	/* Both towns have a worker: pass. */
	const char *ok[] = {COUNTY(2, 2), TOWN("T1", 1), TOWN("T2", 1), NULL};
	load(&b, pack, false, ok);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_PASS);
	assert_int_equal(tree_nchildren(&b.t, 0), 2);
	unload(&b);
	/* One town without: fail, although the county's count is enough. */
	const char *one[] = {COUNTY(2, 2), TOWN("T1", 1), TOWN("T2", 0), NULL};
	load(&b, pack, false, one);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_FAIL);
	unload(&b);
	/* A town file missing from the batch counts as without a worker. */
	const char *missing[] = {COUNTY(2, 2), TOWN("T1", 1), NULL};
	load(&b, pack, false, missing);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_FAIL);
	unload(&b);
}

#define TOWN_LISTING \
	"venue: {id: T, name: 镇, tier: town, year: 2024, villages: 2}\n" \
	"villages:\n" \
	"  - {name: 甲村, id: V1, troupes: 3, administrators: 1}\n" \
	"  - {name: 乙村, id: V2, troupes: 3, administrators: 1}\n"
#define VILLAGE(id, active, admins) \
	"venue: {id: " id ", name: 村, tier: village, parent: T, year: 2024}\n" \
	"facts: {administrators: " #admins "}\n" \
	"troupes:\n" \
	"  - {name: a, members: 9, active: true}\n" \
	"  - {name: b, members: 9, active: true}\n" \
	"  - {name: c, members: 9, active: " #active "}\n"

static void test_village_files_decide(void **state)
{
	(void)state;
	struct batch b;
	const char *list_only[] = {TOWN_LISTING, NULL};
	load(&b, pack, false, list_only);
	assert_int_equal(verdict_of(&b, 0, "town.activity.village_troupes"), VERDICT_PASS);
	assert_int_equal(verdict_of(&b, 0, "town.staffing.village_administrators"), VERDICT_PASS);
	unload(&b);
	/* The village files say 3 active troupes and 1 administrator: pass. */
	const char *good[] = {TOWN_LISTING, VILLAGE("V1", true, 1), VILLAGE("V2", true, 1), NULL};
	load(&b, pack, false, good);
	assert_int_equal(verdict_of(&b, 0, "town.activity.village_troupes"), VERDICT_PASS);
	assert_int_equal(verdict_of(&b, 0, "town.staffing.village_administrators"), VERDICT_PASS);
	unload(&b);
	/* V2's own file: 2 active troupes, no administrator; its file
	 * decides over the town's list. */
	const char *bad[] = {TOWN_LISTING, VILLAGE("V1", true, 1), VILLAGE("V2", false, 0), NULL};
	load(&b, pack, false, bad);
	assert_int_equal(verdict_of(&b, 0, "town.activity.village_troupes"), VERDICT_FAIL);
	assert_int_equal(verdict_of(&b, 0, "town.staffing.village_administrators"), VERDICT_FAIL);
	unload(&b);
}

/* Once every linked rule is judged a streamed batch lets go of the
 * children's index: no child is seen after, and no root is made (never
 * one without its children), while the parents stay. */
static void test_drop_children(void **state)
{
	(void)state;
	struct batch b;
	const char *good[] = {TOWN_LISTING, VILLAGE("V1", true, 1), VILLAGE("V2", true, 1), NULL};
	load(&b, pack, false, good);
	assert_int_equal(tree_nchildren(&b.t, 0), 2);
	tree_drop_children(&b.t);
	assert_int_equal(tree_nchildren(&b.t, 0), 0);
	assert_int_equal(tree_parent(&b.t, 2), 0);
	struct arena a;
	arena_init(&a);
	assert_null(tree_root(&b.t, 0, NULL, &a));
	arena_free(&a);
	tree_drop_children(&b.t); /* twice: nothing more */
	unload(&b);
}

static void test_complete_names_missing_files(void **state)
{
	(void)state;
	struct batch b;
	const char *texts[] = {TOWN_LISTING, VILLAGE("V1", true, 1), NULL};
	load(&b, pack, true, texts);
	assert_true(has_diag(&b.d[0], DIAG_ERROR,
			     "village '乙村' (id V2) is listed but its file is missing"));
	assert_false(has_diag(&b.d[0], DIAG_ERROR, "'甲村'"));
	unload(&b);
	load(&b, pack, false, texts);
	assert_int_equal(b.d[0].n, 0); /* without --complete: not an error */
	unload(&b);
}

/* 每个分馆: the branches are the larger of the stated number and the towns
 * in the batch, and every town in the batch must show its worker. */
static void test_dispatch_counts_the_batch(void **state)
{
	(void)state;
	struct batch b;
	/* States 2, three towns in the batch, the third without: fail. */
	const char *three[] = {COUNTY(2, 3), TOWN("T1", 1), TOWN("T2", 1), TOWN("T3", 0), NULL};
	load(&b, pack, false, three);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_FAIL);
	unload(&b);
	/* The same three with a worker each, but only 2 dispatched: fail. */
	const char *short_staff[] = {COUNTY(2, 2), TOWN("T1", 1), TOWN("T2", 1), TOWN("T3", 1), NULL};
	load(&b, pack, false, short_staff);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_FAIL);
	unload(&b);
	/* 3 dispatched, 3 towns each with a worker: pass. */
	const char *all[] = {COUNTY(2, 3), TOWN("T1", 1), TOWN("T2", 1), TOWN("T3", 1), NULL};
	load(&b, pack, false, all);
	assert_int_equal(verdict_of(&b, 0, "county.dispatch.per_branch"), VERDICT_PASS);
	unload(&b);
}

/* --complete: a listed village whose file is missing leaves the town's
 * village rules without data, not passed on the list's word. */
static void test_complete_missing_village_is_missing(void **state)
{
	(void)state;
	struct batch b;
	const char *texts[] = {TOWN_LISTING, VILLAGE("V1", true, 1), NULL};
	load(&b, pack, true, texts);
	assert_int_equal(verdict_of(&b, 0, "town.activity.village_troupes"), VERDICT_MISSING);
	assert_int_equal(verdict_of(&b, 0, "town.staffing.village_administrators"), VERDICT_MISSING);
	unload(&b);
	/* Both files there: judged from them. */
	const char *both[] = {TOWN_LISTING, VILLAGE("V1", true, 1), VILLAGE("V2", true, 1), NULL};
	load(&b, pack, true, both);
	assert_int_equal(verdict_of(&b, 0, "town.activity.village_troupes"), VERDICT_PASS);
	unload(&b);
	/* Without --complete the list stands in for the missing file. */
	load(&b, pack, false, texts);
	assert_int_equal(verdict_of(&b, 0, "town.activity.village_troupes"), VERDICT_PASS);
	unload(&b);
}

static void test_parents(void **state)
{
	(void)state;
	struct batch b;
	/* V9's parent town is not in the batch, though a town is. */
	const char *texts[] = {TOWN_LISTING, VILLAGE("V1", true, 1),
		"venue: {id: V9, name: 村, tier: village, parent: T9, year: 2024}\n", NULL};
	load(&b, pack, false, texts);
	assert_true(has_diag(&b.d[2], DIAG_WARNING, "parent 'T9' is not in the batch"));
	assert_int_equal(b.t.parent[1], 0);
	unload(&b);
	load(&b, pack, true, texts);
	assert_true(has_diag(&b.d[2], DIAG_ERROR, "parent 'T9' is not in the batch"));
	unload(&b);
	/* The top of a partial tree (the town's county is absent) is fine. */
	const char *top[] = {TOWN_LISTING, NULL};
	load(&b, pack, true, top);
	assert_false(has_diag(&b.d[0], DIAG_ERROR, "parent"));
	assert_false(has_diag(&b.d[0], DIAG_WARNING, "parent"));
	unload(&b);
	/* A village whose parent is a county. */
	const char *wrong[] = {COUNTY(1, 1),
		"venue: {id: V, name: 村, tier: village, parent: C, year: 2024}\n", NULL};
	load(&b, pack, false, wrong);
	assert_true(has_diag(&b.d[1], DIAG_ERROR, "a village's parent must be a town"));
	unload(&b);
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	struct batch b;
	const char *texts[] = {TOWN("T1", 1), TOWN("T1", 0), TOWN("T2", 1), NULL};
	load(&b, pack, false, texts);
	assert_null(b.v[0]);
	assert_null(b.v[1]);
	assert_non_null(b.v[2]);
	assert_true(has_diag(&b.d[0], DIAG_ERROR, "also used by f1.yaml"));
	assert_true(has_diag(&b.d[1], DIAG_ERROR, "also used by f0.yaml"));
	unload(&b);
}

/* Tiers are data: a pack whose tier may sit under itself can form a
 * cycle, which must be reported rather than followed forever. */
static void test_cycle(void **state)
{
	(void)state;
	/* (A tier that is its own parent would be a cycle of tiers, which the
	 * pack loader refuses; venues can still name each other.) */
	const char *packtext =
		"standard: {id: t, title: 测试}\n"
		"tiers: [{id: top, name: 顶}, {id: unit, name: 单位, parent: top}]\n"
		"rules: []\n";
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("p.yaml", packtext, strlen(packtext), &d);
	assert_non_null(p);
	struct batch b;
	const char *texts[] = {
		"venue: {id: A, name: a, tier: unit, parent: B, year: 2024}\n",
		"venue: {id: B, name: b, tier: top, parent: A, year: 2024}\n", NULL};
	load(&b, p, false, texts);
	assert_true(has_diag(&b.d[0], DIAG_ERROR, "cycle"));
	unload(&b);
	pack_free(p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispatch_per_branch),
		cmocka_unit_test(test_village_files_decide),
		cmocka_unit_test(test_drop_children),
		cmocka_unit_test(test_complete_names_missing_files),
		cmocka_unit_test(test_dispatch_counts_the_batch),
		cmocka_unit_test(test_complete_missing_village_is_missing),
		cmocka_unit_test(test_parents),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_cycle),
	};
	return cmocka_run_group_tests_name("tree", tests, setup, teardown);
}
