/* test_spill.c - a venue's results and problems through the temporary
 * file and back (spill.h), with the file and with the memory it falls
 * back to: every field a report reads, waivers pointed at again, a
 * record that cannot be read refused without adding anything, and records
 * read by another thread while the writer appends more (the report beside
 * the workers), which must not see memory moved by the writer's realloc. */
#include "helpers.h"

#include <pthread.h>
#include <stdatomic.h>

#include "spill.h"
#include "waiver.h"

static const char village[] =
	"venue: {id: V1, name: 一村, tier: village, parent: T1, year: 2024}\n"
	"facts: {administrators: 0}\n"
	"waivers:\n"
	"  - {rule: village.staffing.administrator, reason: 招聘中, approver: 县文广局,"
	" expires: 2025-06-30}\n";

struct fixture {
	struct pack *p;
	struct venue *v;
	struct check_report *rep;
	struct diags d;
	struct waivers wf;
};

static void make(struct fixture *x)
{
	x->p = load_jiaxing();
	diag_init(&x->d);
	x->v = venue_load_string(x->p, "v1.yaml", village, strlen(village), &x->d);
	assert_non_null(x->v);
	x->rep = check_venue(x->p, x->v, &x->d);
	/* A waived result pointing at the venue's own waiver, one at a
	 * --waivers file's, a check of several outcomes, a cell named. */
	memset(&x->wf, 0, sizeof x->wf);
	static struct waiver file_w[2];
	file_w[1].rule = "village.open.announced";
	x->wf.v = file_w;
	x->wf.n = 2;
	x->rep->results[0].verdict = VERDICT_WAIVED;
	x->rep->results[0].waived = VERDICT_FAIL;
	x->rep->results[0].waiver = &x->v->waivers[0];
	x->rep->results[1].waiver = &file_w[1];
	static struct check_outcome each[2] = {
		{.verdict = VERDICT_PASS, .has_measured = true, .measured = 3},
		{.verdict = VERDICT_FAIL, .has_measured = true, .measured = 1,
		 .has_required = true, .required = 2}};
	x->rep->results[2].each = each;
	diag_add_texts(&x->d, DC_IO, DIAG_WARNING, "v1.xlsx", 7, 3, "中文", "English");
	x->d.v[x->d.n - 1].where = strdup("活动台账!C7");
	x->d.v[x->d.n - 1].sheet = 2;
}

static void unmake(struct fixture *x)
{
	diag_free(&x->d);
	check_report_free(x->rep);
	venue_free(x->v);
	pack_free(x->p);
}

static void same_result(const struct result *a, const struct result *b)
{
	assert_ptr_equal(a->rule, b->rule);
	assert_int_equal(a->verdict, b->verdict);
	assert_int_equal(a->waived, b->waived);
	assert_ptr_equal(a->check, b->check);
	assert_int_equal(a->has_measured, b->has_measured);
	assert_int_equal(a->has_required, b->has_required);
	assert_true(value_equal(&a->measured, &b->measured));
	if (a->has_required)
		assert_true(a->required == b->required);
	assert_true(a->gap == b->gap);
	assert_ptr_equal(a->waiver, b->waiver);
	if (a->why)
		assert_string_equal(a->why, b->why);
	else
		assert_null(b->why);
	if (a->why_zh)
		assert_string_equal(a->why_zh, b->why_zh);
	else
		assert_null(b->why_zh);
	assert_true((a->each == NULL) == (b->each == NULL));
	for (size_t k = 0; a->each && k < a->rule->nchecks; k++) {
		assert_int_equal(a->each[k].verdict, b->each[k].verdict);
		assert_true(a->each[k].measured == b->each[k].measured);
		assert_true(a->each[k].required == b->each[k].required);
	}
}

static void round_trip(struct spill *s)
{
	struct fixture x;
	make(&x);
	static const unsigned char blob[] = {0, 1, 2, 0xff, 0x80, 7};
	const struct spill_bytes kept = {blob, sizeof blob};
	struct spill_ref ref = spill_put_venue(s, x.p, &kept, x.rep, &x.d, &x.wf);
	struct spill_ref empty = spill_put_venue(s, x.p, NULL, &(struct check_report){.venue = x.v},
						 &(struct diags){0}, NULL);
	spill_flush(s);
	struct arena a;
	arena_init(&a);
	struct check_report back = {.venue = x.v};
	struct diags d;
	diag_init(&d);
	struct spill_bytes got = {0};
	assert_true(spill_get_venue(s, ref, x.p, x.v, &x.wf, &a, &got, &back, &d));
	assert_int_equal(got.n, sizeof blob);
	assert_memory_equal(got.p, blob, sizeof blob);
	struct spill_bytes alone = {0};
	assert_true(spill_get_bytes(s, ref, &a, &alone));
	assert_int_equal(alone.n, sizeof blob);
	assert_memory_equal(alone.p, blob, sizeof blob);
	assert_int_equal(back.n, x.rep->n);
	for (size_t i = 0; i < back.n; i++)
		same_result(&x.rep->results[i], &back.results[i]);
	assert_int_equal(d.n, x.d.n);
	assert_int_equal(d.errors, x.d.errors);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].code, x.d.v[i].code);
		assert_int_equal(d.v[i].level, x.d.v[i].level);
		assert_string_equal(d.v[i].file, x.d.v[i].file);
		assert_int_equal(d.v[i].line, x.d.v[i].line);
		assert_int_equal(d.v[i].col, x.d.v[i].col);
		assert_string_equal(d.v[i].msg, x.d.v[i].msg);
		assert_string_equal(d.v[i].msg_en, x.d.v[i].msg_en);
		assert_int_equal(d.v[i].sheet, x.d.v[i].sheet);
	}
	assert_string_equal(d.v[d.n - 1].where, "活动台账!C7");
	/* An empty record: no results, no problems. */
	struct check_report none = {0};
	size_t nd = d.n;
	assert_true(spill_get_venue(s, empty, x.p, x.v, NULL, &a, NULL, &none, &d));
	assert_int_equal(none.n, 0);
	/* Asked for kept bytes, a record without them is none. */
	assert_false(spill_get_venue(s, empty, x.p, x.v, NULL, &a, &got, &none, &d));
	assert_int_equal(d.n, nd);
	/* A record past the end, or cut short, is refused and adds nothing. */
	struct spill_ref past = {.off = ref.off + 1000000, .len = ref.len};
	assert_false(spill_get_venue(s, past, x.p, x.v, &x.wf, &a, NULL, &none, &d));
	struct spill_ref cut = {.off = ref.off, .len = ref.len / 2};
	assert_false(spill_get_venue(s, cut, x.p, x.v, &x.wf, &a, NULL, &none, &d));
	assert_false(spill_get_bytes(s, past, &a, &alone));
	struct spill_ref tiny = {.off = ref.off, .len = 3}; /* the bytes cut off */
	assert_false(spill_get_bytes(s, tiny, &a, &alone));
	assert_int_equal(d.n, nd);
	diag_free(&d);
	arena_free(&a);
	unmake(&x);
}

/* use on a spill with its temporary file, or on one in memory. */
static void with_spill(bool file, void (*use)(struct spill *))
{
	struct spill *s = file ? spill_new() : spill_new_memory();
	use(s);
	spill_free(s);
}

static void test_file(void **state)
{
	(void)state;
	with_spill(true, round_trip);
}

static void test_memory(void **state)
{
	(void)state;
	with_spill(false, round_trip);
}

/* The writer's side: records appended (memory grows and moves many
 * times), each published once written. */
enum { NREC = 3000 };

struct race {
	struct spill *s;
	struct fixture x;
	struct spill_ref ref[NREC];
	atomic_size_t published;
};

static void *append_all(void *arg)
{
	struct race *r = arg;
	for (size_t i = 0; i < NREC; i++) {
		r->ref[i] = spill_put_venue(r->s, r->x.p, NULL, r->x.rep, &r->x.d, &r->x.wf);
		spill_flush(r->s);
		atomic_store_explicit(&r->published, i + 1, memory_order_release);
	}
	return NULL;
}

/* Read the published records back over and over (the first most often:
 * the one a realloc moves furthest) until the writer is done. */
static size_t read_while_written(struct race *r)
{
	struct arena a;
	arena_init(&a);
	size_t reads = 0, n;
	do {
		n = atomic_load_explicit(&r->published, memory_order_acquire);
		for (size_t i = 0; i < n; i += 1 + i / 4) {
			struct check_report back = {.venue = r->x.v};
			struct diags d;
			diag_init(&d);
			assert_true(spill_get_venue(r->s, r->ref[i], r->x.p, r->x.v, &r->x.wf,
						    &a, NULL, &back, &d));
			assert_int_equal(back.n, r->x.rep->n);
			assert_int_equal(d.n, r->x.d.n);
			diag_free(&d);
			arena_reset(&a);
			reads++;
		}
	} while (n < NREC);
	arena_free(&a);
	return reads;
}

static void read_beside_writer(struct spill *s)
{
	static struct race r; /* 48 KB of refs: not on the stack */
	memset(&r, 0, sizeof r);
	r.s = s;
	make(&r.x);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, append_all, &r), 0);
	size_t reads = read_while_written(&r);
	pthread_join(t, NULL);
	assert_true(reads >= NREC / 100);
	unmake(&r.x);
}

static void test_memory_read_while_written(void **state)
{
	(void)state;
	with_spill(false, read_beside_writer);
}

static void test_file_read_while_written(void **state)
{
	(void)state;
	with_spill(true, read_beside_writer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_memory_read_while_written),
		cmocka_unit_test(test_file_read_while_written),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
