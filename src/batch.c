/* batch.c - the batch engine (see batch.h): worker lanes over the files,
 * the two phases (load and judge own rules; judge linked rules once the
 * tree is built), one year per batch, waivers, and every outcome handed to
 * a report in input order.  Nothing here prints. */
#include "batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "waive.h"
#include "rollup.h"
#include "xalloc.h"

/* A lane is one worker thread's memory: the scratch arena each file is
 * parsed into (reset after every file, so its blocks are reused while hot)
 * and the arena that keeps what the batch holds of its venues until the
 * report is written.  Kept data then sits in a few large blocks per thread
 * instead of being scattered through the heap among the freed scratch of
 * every file (which made malloc slow down as a batch grew). */
struct lane {
	struct batch *b;
	struct arena scratch, keep;
};

/* One file of the batch: its name, the path it is read from when that
 * differs (batch_add_path_as), and its bytes when it came as a buffer
 * (all owned). */
struct entry {
	char *name;
	char *path;
	char *bytes;
	size_t len;
	bool buffer;
};

struct batch {
	const struct pack *pack;
	struct batch_opts opts;
	struct lane *lanes;
	long nlanes;
	struct entry *files;
	size_t n, cap;
	/* per file, allocated by batch_run */
	struct venue **v;
	struct diags *d;
	struct check_report **rep;
	bool *invalid;
	/* A workbook's sheet names, for naming cells in its diagnostics when
	 * they are emitted (its venue may have been dropped by then). */
	struct book_sheets *sheets;
	struct diags errors; /* of the batch as a whole */
	struct tree tree;
	bool linked;
	atomic_size_t next, done;
	int phase; /* 1 load and judge own rules, 2 judge linked rules */
};

struct batch *batch_new(const struct pack *p, const struct batch_opts *o)
{
	struct batch *b = xcalloc(1, sizeof *b);
	b->pack = p;
	b->opts = *o;
	diag_init(&b->errors);
	return b;
}

static void add_entry(struct batch *b, struct entry e)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->files = xrealloc(b->files, b->cap * sizeof *b->files);
	}
	b->files[b->n++] = e;
}

void batch_add_path(struct batch *b, const char *path)
{
	add_entry(b, (struct entry){.name = xstrdup(path)});
}

void batch_add_path_as(struct batch *b, const char *path, const char *name)
{
	add_entry(b, (struct entry){.name = xstrdup(name), .path = xstrdup(path)});
}

void batch_add_buffer(struct batch *b, const char *name, const char *bytes,
		      size_t len)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, bytes, len);
	copy[len] = '\0';
	add_entry(b, (struct entry){.name = xstrdup(name), .bytes = copy,
				    .len = len, .buffer = true});
}

static void keep_sheets(struct book_sheets *to, const struct book_sheets *from,
			struct arena *a)
{
	book_sheets_copy(to, from, a);
}

/* Load a file and judge the rules that read only it, then let go of all
 * of it that no other venue's rule reads: memory stays flat in the number
 * of files, not in their size. */
static void load_one(struct lane *l, size_t i)
{
	struct batch *b = l->b;
	const struct entry *e = &b->files[i];
	struct venue *v = e->buffer
		? venue_load_string(b->pack, e->name, e->bytes, e->len, &b->d[i])
		: venue_load_in(b->pack, e->path ? e->path : e->name,
				b->opts.limits, &l->scratch, &b->d[i]);
	if (e->path) { /* from here on the file is only its name */
		diag_rename(&b->d[i], e->path, e->name);
		if (v)
			v->path = arena_strdup(&v->arena, e->name);
	}
	b->v[i] = v;
	if (!v)
		return;
	keep_sheets(&b->sheets[i], &v->sheets, &l->keep);
	if (!b->opts.validate)
		b->rep[i] = check_own(b->pack, v, &b->d[i]);
	venue_prune(v, b->pack, &l->keep);
}

static void *worker(void *arg)
{
	struct lane *l = arg;
	struct batch *b = l->b;
	for (;;) {
		size_t i = atomic_fetch_add(&b->next, 1);
		if (i >= b->n)
			return NULL;
		if (b->phase == 1)
			load_one(l, i);
		else if (b->v[i] && b->rep[i])
			check_linked(b->rep[i], b->v[i], &b->d[i]);
		/* Counted as finished, not by index: never runs backwards. */
		size_t done = atomic_fetch_add(&b->done, 1) + 1;
		if (b->opts.progress)
			b->opts.progress(b->opts.progress_ctx,
					 b->phase == 1 ? "loading" : "checking",
					 done, b->n);
	}
}

/* Run one phase over every file on the batch's lanes: the calling thread
 * and nlanes - 1 more.  Each file is handled by exactly one thread and
 * results land in its own slot, so the output does not depend on the
 * number of threads. */
static void run_phase(struct batch *b, int phase)
{
	b->phase = phase;
	atomic_store(&b->next, 0);
	atomic_store(&b->done, 0);
	long n = b->nlanes;
	pthread_t *t = xcalloc((size_t)n, sizeof *t);
	long started = 0;
	for (long k = 1; k < n; k++, started++)
		if (pthread_create(&t[k], NULL, worker, &b->lanes[k]) != 0)
			break;
	worker(&b->lanes[0]); /* help, and cover a failed thread start */
	for (long k = 1; k <= started; k++)
		pthread_join(t[k], NULL);
	free(t);
}

/* One year per batch: the option picks it, else the first venue's. */
static void filter_years(struct batch *b)
{
	long year = b->opts.year;
	const char *first = NULL;
	for (size_t i = 0; i < b->n; i++) {
		struct venue *v = b->v[i];
		if (!v)
			continue;
		if (!year) {
			year = v->year;
			first = v->path;
		}
		if (v->year == year)
			continue;
		const struct value *y = value_get(value_get(v->root, "venue"), "year");
		if (b->opts.year)
			diag_addm(&b->d[i], DM_YEAR_SKIPPED, DIAG_WARNING, v->path, y->line, y->col,
				  v->year, year);
		else
			diag_addm(&b->d[i], DM_YEAR_DIFFERS, DIAG_ERROR, v->path, y->line, y->col,
				  v->year, year, first);
		b->invalid[i] = !b->opts.year;
		venue_free(v);
		b->v[i] = NULL;
	}
}

/* Venues dropped after loading (another year, a duplicate id) take their
 * half-made reports with them. */
static void drop_orphan_reports(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (!b->v[i] && b->rep[i]) {
			check_report_free(b->rep[i]);
			b->rep[i] = NULL;
		}
}

/* validate judges no rule: each valid venue gets a report without results
 * so every format can still list it. */
static void empty_reports(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (!b->v[i])
			continue;
		b->rep[i] = xcalloc(1, sizeof *b->rep[i]);
		arena_init(&b->rep[i]->arena);
		b->rep[i]->venue = b->v[i];
	}
}

/* Waivers of the --waivers file must name venues of the batch; then each
 * venue's failures are matched against its own and the file's waivers. */
static void apply_waivers(struct batch *b, const struct waivers *w)
{
	static const struct waivers none;
	if (!w)
		w = &none;
	waive_check_batch(w, b->v, b->n, b->pack, &b->errors);
	for (size_t i = 0; !b->opts.validate && i < b->n; i++) {
		if (!b->rep[i])
			continue;
		waive_apply(b->rep[i], b->v[i]->waivers, b->v[i]->nwaivers,
			     b->opts.today, &b->d[i]);
		waive_apply_file(b->rep[i], w, b->opts.today, &b->d[i]);
	}
}

static void make_lanes(struct batch *b)
{
	b->nlanes = b->opts.jobs < 1 ? 1 : b->opts.jobs;
	b->lanes = xcalloc((size_t)b->nlanes, sizeof *b->lanes);
	for (long k = 0; k < b->nlanes; k++) {
		b->lanes[k].b = b;
		arena_init(&b->lanes[k].scratch);
		arena_init(&b->lanes[k].keep);
	}
}

static void alloc_slots(struct batch *b)
{
	b->v = xcalloc(b->n + 1, sizeof *b->v);
	b->d = xcalloc(b->n + 1, sizeof *b->d);
	b->rep = xcalloc(b->n + 1, sizeof *b->rep);
	b->invalid = xcalloc(b->n + 1, sizeof *b->invalid);
	b->sheets = xcalloc(b->n + 1, sizeof *b->sheets);
	for (size_t i = 0; i < b->n; i++)
		diag_init(&b->d[i]);
}

void batch_run(struct batch *b, const struct waivers *w)
{
	alloc_slots(b);
	make_lanes(b);
	run_phase(b, 1);
	for (size_t i = 0; i < b->n; i++)
		b->invalid[i] = !b->v[i];
	filter_years(b);
	struct tree_opts to = {.complete = b->opts.complete};
	tree_build(&b->tree, b->pack, b->v, b->n, &to, b->d);
	b->linked = true;
	drop_orphan_reports(b);
	if (b->opts.validate)
		empty_reports(b);
	else
		run_phase(b, 2);
	apply_waivers(b, w);
	/* Name cells and order each file's problems as a reader meets them. */
	for (size_t i = 0; i < b->n; i++) {
		book_locate(&b->sheets[i], b->files[i].name, &b->d[i], 0);
		diag_sort(&b->d[i]);
	}
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->v && i < b->n; i++) {
		check_report_free(b->rep[i]);
		venue_free(b->v[i]);
		diag_free(&b->d[i]);
	}
	for (size_t i = 0; i < b->n; i++) {
		free(b->files[i].name);
		free(b->files[i].path);
		free(b->files[i].bytes);
	}
	if (b->linked)
		tree_free(&b->tree);
	free(b->files);
	free(b->v);
	free(b->d);
	free(b->rep);
	free(b->invalid);
	free(b->sheets);
	diag_free(&b->errors);
	for (long k = 0; k < b->nlanes; k++) {
		arena_free(&b->lanes[k].scratch);
		arena_free(&b->lanes[k].keep);
	}
	free(b->lanes);
	free(b);
}

size_t batch_count(const struct batch *b) { return b->n; }
const char *batch_name(const struct batch *b, size_t i) { return b->files[i].name; }
const struct venue *batch_venue(const struct batch *b, size_t i) { return b->v[i]; }
const struct check_report *batch_report(const struct batch *b, size_t i) { return b->rep[i]; }
const struct diags *batch_diags(const struct batch *b, size_t i) { return &b->d[i]; }
const struct diags *batch_errors(const struct batch *b) { return &b->errors; }
const struct tree *batch_tree(const struct batch *b) { return &b->tree; }
const struct pack *batch_pack(const struct batch *b) { return b->pack; }
struct check_report *const *batch_reports(const struct batch *b) { return b->rep; }

bool batch_fails(const struct batch *b, size_t i, enum batch_fail_on fail_on)
{
	const struct check_report *rep = b->rep[i];
	const struct diags *d = &b->d[i];
	if (!b->v[i] || !rep)
		return false;
	for (size_t k = 0; k < rep->n; k++) {
		const struct result *res = &rep->results[k];
		if (res->rule->warning && fail_on < FAIL_ON_WARNING)
			continue;
		if (res->verdict == VERDICT_FAIL ||
		    (res->verdict == VERDICT_MISSING && fail_on >= FAIL_ON_MISSING))
			return true;
	}
	return fail_on >= FAIL_ON_WARNING && d->n > d->errors;
}

enum batch_status batch_status(const struct batch *b,
			       enum batch_fail_on fail_on)
{
	enum batch_status s = BATCH_PASS;
	if (b->errors.errors)
		return BATCH_INVALID;
	for (size_t i = 0; i < b->n; i++) {
		if (b->d[i].errors)
			return BATCH_INVALID;
		if (batch_fails(b, i, fail_on))
			s = BATCH_FAILED;
	}
	return s;
}

void batch_report_to(const struct batch *b, struct report *r)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->v[i])
			report_venue(r, b->rep[i], &b->d[i]);
		else if (b->invalid[i] || b->d[i].errors)
			report_invalid(r, b->files[i].name, &b->d[i]);
	}
	size_t nroll;
	struct rollup *u = rollup_build(b->pack, &b->tree, b->rep, &nroll);
	for (size_t i = 0; i < nroll; i++)
		report_rollup(r, &u[i]);
	free(u);
}
