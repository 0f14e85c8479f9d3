/* batch.c - the batch engine (see batch.h): worker lanes over the files,
 * the two phases (load and judge own rules; judge linked rules once the
 * tree is built), one year per batch, waivers, and every outcome handed to
 * a report in input order.  Nothing here prints. */
#include "batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "filenames.h"
#include "rollup.h"
#include "spill.h"
#include "waive.h"
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
	/* stream: the records this lane writes (own results in phase 1,
	 * finished ones in phase 2: two files, as phase 2 reads phase 1's
	 * while it writes), and an arena records are read back into. */
	struct spill *own, *fin;
	struct arena read;
	/* The problems of the file being loaded: they move to the batch's
	 * (struct sparse) only if some are left when it is done. */
	struct diags d;
};

/* One pointer a file for what few files have (problems left after
 * loading, a workbook's sheet names), in chunks of 256 made when one of
 * their slots is first set: a batch where no file has any costs a
 * pointer per 256 files, not one (or a 32-byte list) a file.  Workers set
 * slots of different files at once: a chunk is published with a
 * compare-and-swap (the loser frees its own), and a slot is written only
 * by the thread that has its file and read by it, or after it is done
 * with the file (a join, or the report's wait_ready). */
enum { SPARSE_SHIFT = 8, SPARSE_CHUNK = 1 << SPARSE_SHIFT };

struct sparse {
	_Atomic(void **) *chunks;
	size_t n;
};

static void sparse_init(struct sparse *s, size_t files)
{
	s->n = (files >> SPARSE_SHIFT) + 1;
	s->chunks = xcalloc(s->n, sizeof *s->chunks);
	for (size_t k = 0; k < s->n; k++)
		atomic_init(&s->chunks[k], NULL);
}

static void *sparse_get(const struct sparse *s, size_t i)
{
	void **c = atomic_load_explicit(&s->chunks[i >> SPARSE_SHIFT],
					memory_order_acquire);
	return c ? c[i & (SPARSE_CHUNK - 1)] : NULL;
}

static void sparse_set(struct sparse *s, size_t i, void *p)
{
	_Atomic(void **) *at = &s->chunks[i >> SPARSE_SHIFT];
	void **c = atomic_load_explicit(at, memory_order_acquire);
	if (!c && !p)
		return;
	if (!c) {
		void **fresh = xcalloc(SPARSE_CHUNK, sizeof *fresh);
		if (atomic_compare_exchange_strong(at, &c, fresh))
			c = fresh;
		else
			free(fresh); /* another thread's came first: c is it */
	}
	c[i & (SPARSE_CHUNK - 1)] = p;
}

/* Let go of the chunks, calling each (may be NULL) on every pointer set. */
static void sparse_free(struct sparse *s, void (*each)(void *))
{
	for (size_t k = 0; k < s->n; k++) {
		void **c = atomic_load(&s->chunks[k]);
		for (size_t j = 0; c && each && j < SPARSE_CHUNK; j++)
			if (c[j])
				each(c[j]);
		free(c);
	}
	free(s->chunks);
	memset(s, 0, sizeof *s);
}

/* What the batch keeps of file i besides its venue, its problems and
 * its sheets (struct sparse): whether it could be checked (KEPT_INVALID)
 * and, streamed, where its record is (its lane's own or fin spill, at a
 * 40-bit offset: see put_record), what its finished results make it
 * (FAILS_*, for batch_fails) and whether the workers are done with it
 * (ready, for the report).  12 bytes a file, in one array.  ready is a
 * byte of its own, not a bit of flags: it is written under the batch's
 * lock while the file's worker may still write flags; flags is written
 * only by the thread that has the file. */
struct kept {
	uint32_t off;	 /* the offset's low 32 bits */
	uint32_t len;	 /* 0: no record */
	uint8_t off_hi;	 /* its next 8 */
	uint8_t lane;	 /* make_lanes keeps nlanes <= 256 */
	uint8_t flags;	 /* FAILS_* and KEPT_* */
	/* stream: phase 2 is done with the file; set (release) after
	 * everything else of it is written, read (acquire) by the report */
	_Atomic uint8_t ready;
};
_Static_assert(sizeof(struct kept) == 12, "12 bytes a file");

enum {
	FAILS_FAIL = 1,	   /* a rule of severity error failed */
	FAILS_MISSING = 2, /* one lacked data */
	FAILS_WARNING = 4, /* a warning rule failed or lacked data, or a warning */
	FAILS_ALL = 7,
	/* The record written at load is already the finished one (in the
	 * lane's own spill): the venue's rules read no other venue, no
	 * waiver can apply and nothing was found wrong -- most villages.
	 * Phase 2 then only checks that the tree added no problem, and
	 * reads and writes nothing. */
	KEPT_FINAL = 8,
	/* The file could not be checked (or was left out as another year's
	 * or its record was lost): the batch is INVALID. */
	KEPT_INVALID = 16
};

/* Where file `file`'s bytes come from when not from the file its name
 * names: the path it is read from (batch_add_path_as), or its bytes when
 * it came as a buffer (all owned).  Most files have none: the batch keeps
 * them apart, in the order of their files, not a pointer in every file. */
struct source {
	size_t file;
	char *path;
	char *bytes;
	size_t len;
	bool buffer;
};

/* A file's part of a streamed report once phase 2 is done with it: its
 * record read back (into a; rep and buf point there), and, on a worker
 * (report_streamed's slots), its part of the report rendered into bytes
 * (out writes them: an open_memstream).  One for the report's own thread,
 * or SLOTS that workers fill and the report empties, file i in slot
 * i % SLOTS. */
struct slot {
	struct arena a;
	struct venue_buf buf;
	struct check_report rep;
	struct diags d;
	FILE *out;   /* NULL: the report renders the part itself */
	char *bytes; /* out's buffer */
	size_t size;
	long n;	    /* the bytes rendered; -1: none (report_venue) */
	bool has;   /* a venue with a record */
	bool read;  /* read back */
};

/* Files rendered ahead of the report at most: it waits for them in order,
 * so a slow file holds up no more than this many beyond it (a few MiB). */
enum { SLOTS = 64 };
/* How far ahead of the file it needs the report waits (wait_ready): less
 * than SLOTS, so the file waited for never waits for a slot itself. */
enum { WAKE_AFTER = SLOTS / 2 };

struct batch {
	const struct pack *pack;
	struct batch_opts opts;
	struct lane *lanes;
	long nlanes;
	/* The files' names: streamed, each its directory (shared) and base
	 * name, joined where a name is used (name_of); in memory, whole, as
	 * the batch's venues point at them.  A batch of a country has
	 * 620,000, in 50,000 directories. */
	struct filenames names;
	size_t n;
	char **joined; /* streamed: the names batch_name has handed out */
	/* The roll-ups reported (streamed, with the copies of the venues
	 * they show: rollups_end), which a report keeps until it is
	 * finished (report_rollup): freed with the batch */
	struct rollup **rollups; /* one array a report */
	size_t nrollups;
	struct arena rollup_text; /* the strings of the venues they show */
	struct source *srcs; /* by file */
	size_t nsrcs, srccap;
	/* per file, allocated by batch_run: its venue (NULL when it has
	 * none), or in stream mode (v NULL) its pruned venue's reference, of
	 * which views are made where a venue is needed (venue_of) */
	struct venue **v;
	struct venue_ref *vr;
	/* File i's problems (a struct diags *), NULL when it has none: in a
	 * streamed batch most files have none left after loading (spill_own
	 * writes them to the record). */
	struct sparse d;
	/* Memory only (stream: a report lives while its file is loaded). */
	struct check_report **rep;
	/* A workbook's sheet names (a struct book_sheets *), for naming cells
	 * in its diagnostics when they are emitted (its venue may have been
	 * dropped by then); NULL for a YAML file. */
	struct sparse sheets;
	struct diags errors; /* of the batch as a whole */
	struct kept *kept;
	const struct waivers *waivers;
	struct tree tree;
	bool linked;
	atomic_size_t next, done;
	int phase; /* 1 load and judge own rules, 2 judge linked rules */
	/* stream: phase 2 waits for the report (batch_report_to), which
	 * then reads each venue back as soon as the workers have finished
	 * it and those before it (pipelined, with more than one job): the
	 * report is written beside the workers, not after them. */
	bool finished, pipelined;
	/* The report and the workers hand files over without a lock as
	 * long as neither has to wait (wait_ready, slot_fill): lock and the
	 * two condition variables are only for sleeping and waking. */
	pthread_mutex_t lock;
	pthread_cond_t ready_cv; /* a kept[i].ready set */
	atomic_size_t want;	 /* the file the report sleeps for */
	/* Pipelined, with a report that renders on other threads
	 * (report_renders): SLOTS slots, the files reported so far (a
	 * worker waits, on slot_cv, until file i's slot is free: i <
	 * consumed + SLOTS; slot_waiters of them are asleep) and the report
	 * they render for. */
	struct slot *slots;
	atomic_size_t consumed;
	atomic_uint slot_waiters;
	pthread_cond_t slot_cv;
	const struct report *render_to;
};

struct batch *batch_new(const struct pack *p, const struct batch_opts *o)
{
	struct batch *b = xcalloc(1, sizeof *b);
	b->pack = p;
	b->opts = *o;
	diag_init(&b->errors);
	arena_init(&b->rollup_text);
	filenames_init(&b->names, o->stream);
	return b;
}

/* The names' array doubles as files are added (batch_run trims it). */
static void add_entry(struct batch *b, const char *name)
{
	/* The tree's links are 32-bit (tree.h): more files than that is an
	 * allocation no machine makes, and fails as one does. */
	if (b->n >= TREE_MAX)
		abort();
	filenames_add(&b->names, name);
	b->n++;
}

void batch_add_path(struct batch *b, const char *path)
{
	add_entry(b, path);
}

/* s for the file about to be added. */
static void add_source(struct batch *b, struct source s)
{
	if (b->nsrcs == b->srccap) {
		b->srccap = b->srccap ? 2 * b->srccap : 4;
		b->srcs = xrealloc(b->srcs, b->srccap * sizeof *b->srcs);
	}
	s.file = b->n;
	b->srcs[b->nsrcs++] = s;
}

/* File i's source; NULL when it is read from its name. */
static const struct source *source_of(const struct batch *b, size_t i)
{
	size_t lo = 0, hi = b->nsrcs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->srcs[mid].file < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->nsrcs && b->srcs[lo].file == i ? &b->srcs[lo] : NULL;
}

void batch_add_path_as(struct batch *b, const char *path, const char *name)
{
	add_source(b, (struct source){.path = xstrdup(path)});
	add_entry(b, name);
}

void batch_add_buffer(struct batch *b, const char *name, const char *bytes,
		      size_t len)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, bytes, len);
	copy[len] = '\0';
	add_source(b, (struct source){.bytes = copy, .len = len, .buffer = true});
	add_entry(b, name);
}

static void keep_sheets(struct book_sheets *to, const struct book_sheets *from,
			struct arena *a)
{
	book_sheets_copy(to, from, a);
}

static const struct book_sheets *sheets_of(const struct batch *b, size_t i)
{
	static const struct book_sheets none;
	const struct book_sheets *s = sparse_get(&b->sheets, i);
	return s ? s : &none;
}

/* File i's problems, the list made with the first (struct sparse). */
static struct diags *diags_for(struct batch *b, size_t i)
{
	struct diags *d = sparse_get(&b->d, i);
	if (!d) {
		d = xmalloc(sizeof *d);
		diag_init(d);
		sparse_set(&b->d, i, d);
	}
	return d;
}

/* tree_build's way to file i's problems (struct tree_diags). */
static struct diags *tree_diags_of(void *ctx, size_t i)
{
	return diags_for(ctx, i);
}

static void free_diags(void *p)
{
	diag_free(p);
	free(p);
}

/* File i's list let go of (its problems were moved elsewhere). */
static void drop_diags(struct batch *b, size_t i)
{
	struct diags *d = sparse_get(&b->d, i);
	if (d) {
		free_diags(d);
		sparse_set(&b->d, i, NULL);
	}
}

/* Copy from's problems after to's. */
/* Move a lane's list (emptied) after file i's problems: nothing is kept
 * for a file with none. */
static void keep_diags(struct batch *b, size_t i, struct diags *from)
{
	struct diags *d = from->n ? sparse_get(&b->d, i) : NULL;
	if (from->n && !d) {
		d = xmalloc(sizeof *d);
		*d = *from;
		diag_init(from);
		sparse_set(&b->d, i, d);
		return;
	}
	if (d)
		diag_append(d, from);
	diag_free(from);
}

static bool is_invalid(const struct batch *b, size_t i)
{
	return b->kept[i].flags & KEPT_INVALID;
}

static void set_invalid(struct batch *b, size_t i, bool invalid)
{
	if (invalid)
		b->kept[i].flags |= KEPT_INVALID;
	else
		b->kept[i].flags &= (uint8_t)~KEPT_INVALID;
}

/* File i's name: kept whole, or joined in buf (FILENAMES_JOIN_MAX). */
static const char *name_of(const struct batch *b, size_t i, char *buf)
{
	return filenames_get(&b->names, i, buf);
}

/* Whether file i has a venue (checked, not dropped), and the venue: in
 * stream mode a view made in buf, which lives as long as the batch. */
static bool has_venue(const struct batch *b, size_t i)
{
	return b->opts.stream ? b->vr[i].p != NULL : b->v[i] != NULL;
}

static const struct venue *venue_of(const struct batch *b, size_t i,
				    struct venue_buf *buf)
{
	_Static_assert(VENUE_PATH_MAX >= FILENAMES_JOIN_MAX, "a joined name fits a view");
	if (!b->opts.stream)
		return b->v[i];
	return venue_view(b->vr[i], b->pack, name_of(b, i, buf->path), &buf->v);
}

static void drop_venue(struct batch *b, size_t i)
{
	if (b->opts.stream) {
		venue_ref_free(&b->vr[i]);
		return;
	}
	venue_free(b->v[i]);
	b->v[i] = NULL;
}

/* Venue i whole: v (venue_of's) itself when the batch keeps it whole,
 * else made in buf from the bytes its record keeps (venue_split's). */
static const struct venue *whole_of(const struct batch *b, size_t i,
				    const struct venue *v,
				    const struct spill_bytes *whole,
				    struct venue_buf *buf)
{
	if (!v || !b->opts.stream || venue_ref_whole(b->vr[i]))
		return v;
	return venue_view_whole(whole->p, whole->n, b->pack, v->path, v->book,
				&buf->v);
}

/* The tree reads a streamed batch's venues through these (tree_src). */
static const struct venue *src_view(const void *ctx, size_t i,
				    struct venue_buf *buf)
{
	return venue_of(ctx, i, buf);
}

static bool src_has(const void *ctx, size_t i)
{
	return has_venue(ctx, i);
}

static void src_drop(void *ctx, size_t i)
{
	drop_venue(ctx, i);
}

static void put_record(struct lane *l, struct spill *s, size_t i,
		       const struct spill_bytes *whole,
		       const struct check_report *rep, const struct diags *d,
		       const struct waivers *w)
{
	struct spill_ref ref = spill_put_venue(s, l->b->pack, whole, rep, d, w);
	struct kept *k = &l->b->kept[i];
	/* A spill_ref's offset is one in the file, or one in memory with
	 * the top bit set (spill.c): kept in 40 bits, that bit as bit 39.
	 * An offset beyond (half a terabyte of one lane's records) is kept
	 * as no record: the file is then invalid, never misread. */
	uint64_t mem = ref.off >> 63, at = ref.off & ~((uint64_t)1 << 63);
	bool fits = at < ((uint64_t)1 << 39);
	at |= mem << 39;
	k->off = (uint32_t)at;
	k->off_hi = (uint8_t)(at >> 32);
	k->len = fits ? ref.len : 0;
	k->lane = (uint8_t)(l - l->b->lanes);
}

static uint64_t kept_off(const struct kept *k)
{
	uint64_t at = (uint64_t)k->off | (uint64_t)k->off_hi << 32;
	uint64_t mem = at >> 39;
	return (at & (((uint64_t)1 << 39) - 1)) | mem << 63;
}

/* Set file i's FAILS_* bits to f. */
static void set_fails(struct kept *k, unsigned char f)
{
	k->flags = (uint8_t)((k->flags & ~FAILS_ALL) | (f & FAILS_ALL));
}

/* stream: the venue's own results and its problems so far (d, the
 * lane's) go to this lane's file at once, with all it keeps (whole,
 * venue_split's cold); what stays in memory is the part the batch and
 * other venues read, and a pointer. */
static bool final_at_load(const struct batch *b, const struct venue *v,
			  const struct check_report *rep, const struct diags *d)
{
	if (d->n || v->nwaivers || (b->waivers && b->waivers->n))
		return false;
	for (size_t k = 0; k < rep->n; k++)
		if (rep->results[k].rule->linked)
			return false;
	return true;
}

static unsigned char fails_of(const struct check_report *rep,
			      const struct diags *d);

static void spill_own(struct lane *l, size_t i, const struct venue *v,
		      const struct bytes *whole, struct check_report *own)
{
	struct batch *b = l->b;
	struct check_report none = {.venue = v};
	const struct check_report *rep = own ? own : &none;
	const struct spill_bytes kept = {whole->p, whole->n};
	put_record(l, l->own, i, &kept, rep, &l->d, NULL);
	if (final_at_load(b, v, rep, &l->d)) {
		b->kept[i].flags |= KEPT_FINAL;
		set_fails(&b->kept[i], fails_of(rep, &l->d));
	}
	check_report_free(own);
	diag_free(&l->d);
}

/* stream: what the batch keeps of a venue once its own rules are
 * judged: in memory the part the batch and other venues read (no struct
 * venue: a pointer to venue_split's bytes, venue.h), in the record all
 * it keeps; a venue that holds more than bytes do is kept whole. */
static void keep_streamed(struct lane *l, size_t i, struct venue *v,
			  struct check_report *rep)
{
	struct batch *b = l->b;
	struct bytes whole = {0};
	struct venue_ref r = venue_split(v, b->pack, &l->keep, &whole);
	spill_own(l, i, v, &whole, rep); /* and lets go of rep and l->d */
	bytes_free(&whole);
	keep_diags(b, i, &l->d);
	if (r.p)
		venue_free(v);
	else
		r = venue_prune_ref(v, b->pack, &l->keep);
	b->vr[i] = r;
}

/* Load a file and judge the rules that read only it, then let go of all
 * of it that no other venue's rule reads: memory stays flat in the number
 * of files, not in their size. */
static void load_one(struct lane *l, size_t i)
{
	struct batch *b = l->b;
	char joined[FILENAMES_JOIN_MAX];
	const char *name = name_of(b, i, joined); /* kept whole in memory mode */
	const struct source none = {0}, *src = source_of(b, i);
	if (!src)
		src = &none;
	struct venue *v = src->buffer
		? venue_load_string(b->pack, name, src->bytes, src->len, &l->d)
		: venue_load_in(b->pack, src->path ? src->path : name,
				b->opts.limits, &l->scratch, &l->d);
	if (src->path) { /* from here on the file is only its name */
		diag_rename(&l->d, src->path, name);
		if (v)
			v->path = arena_strdup(v->arena, name);
	}
	if (v && v->sheets) {
		struct book_sheets *sh = arena_alloc(&l->keep, sizeof *sh);
		keep_sheets(sh, v->sheets, &l->keep);
		sparse_set(&b->sheets, i, sh);
	}
	struct check_report *rep = NULL;
	if (v && !b->opts.validate)
		rep = check_own(b->pack, v, &l->d);
	if (v && b->opts.stream) {
		keep_streamed(l, i, v, rep); /* and lets go of v, rep and l->d */
		return;
	}
	keep_diags(b, i, &l->d);
	if (!v)
		return;
	b->v[i] = venue_prune(v, b->pack, &l->keep, name);
	if (rep) {
		b->rep[i] = rep;
		rep->venue = b->v[i];
	}
}

static struct spill *spill_of(const struct batch *b, const struct kept *k,
			      int phase)
{
	const struct lane *l = &b->lanes[k->lane];
	return phase == 1 || (k->flags & KEPT_FINAL) ? l->own : l->fin;
}

/* Venue i whole, its bytes read from its record into a: once its own
 * rules are judged, or once every record is finished (batch->phase). */
static const struct venue *src_whole(const void *ctx, size_t i,
				     struct venue_buf *buf, struct arena *a)
{
	const struct batch *b = ctx;
	const struct venue *v = venue_of(b, i, buf);
	if (!v || !b->opts.stream || venue_ref_whole(b->vr[i]))
		return v;
	const struct kept *k = &b->kept[i];
	struct spill_ref ref = {.off = kept_off(k), .len = k->len};
	struct spill_bytes whole;
	if (!k->len || !spill_get_bytes(spill_of(b, k, b->phase), ref, a, &whole) ||
	    !whole.n)
		return NULL;
	return whole_of(b, i, v, &whole, buf);
}

/* A streamed batch's venues as the tree reads them. */
static struct tree_src stream_src(struct batch *b)
{
	return (struct tree_src){src_view, src_whole, src_has, src_drop, b};
}

/* Read file i's record back (with the problems added since, in d[i],
 * after its own): false, with an error in d, if it cannot be.  v is its
 * venue (venue_of's; NULL: none); rep points at it whole, made in buf
 * from the bytes the record keeps (in a, reset first). */
static bool read_back(struct batch *b, struct arena *a, size_t i, int phase,
		      const struct venue *v, struct venue_buf *buf,
		      struct spill_bytes *whole, struct check_report *rep,
		      struct diags *d)
{
	const struct kept *k = &b->kept[i];
	struct spill_ref ref = {.off = kept_off(k), .len = k->len};
	*rep = (struct check_report){.venue = v};
	arena_reset(a);
	const struct venue none = {0};
	bool split = b->opts.stream && v && !venue_ref_whole(b->vr[i]);
	if (spill_get_venue(spill_of(b, k, phase), ref, b->pack,
			    v ? v : &none, b->waivers, a,
			    split ? whole : NULL, rep, d)) {
		rep->venue = whole_of(b, i, v, whole, buf);
		return true;
	}
	char name[FILENAMES_JOIN_MAX];
	diag_addm(d, DM_SPILL_LOST, DIAG_ERROR, name_of(b, i, name), 0, 0);
	return false;
}

static unsigned char fails_of(const struct check_report *rep,
			      const struct diags *d)
{
	unsigned char f = d->n > d->errors ? FAILS_WARNING : 0;
	for (size_t k = 0; k < rep->n; k++) {
		const struct result *res = &rep->results[k];
		bool bad = res->verdict == VERDICT_FAIL;
		if (!bad && res->verdict != VERDICT_MISSING)
			continue;
		if (res->rule->warning)
			f |= FAILS_WARNING;
		else
			f |= bad ? FAILS_FAIL : FAILS_MISSING;
	}
	return f;
}

/* Counts of the verdicts read back; those of the linked rules are not
 * judged yet in phase 1's record (check_linked counts them). */
static void recount(struct check_report *rep, bool skip_linked)
{
	memset(rep->counts, 0, sizeof rep->counts);
	for (size_t k = 0; k < rep->n; k++)
		if (!skip_linked || !rep->results[k].rule->linked)
			rep->counts[rep->results[k].verdict]++;
}

/* Judge venue i's linked rules on its root as tree_root builds it in a
 * (the caller's to reset); rep keeps pointing at venue (the batch's, or
 * the caller's view).  A root that cannot be read back makes the file
 * invalid, never a pass. */
static bool judge_linked(struct batch *b, size_t i, const struct venue *venue,
			 struct check_report *rep, struct diags *d,
			 struct arena *a)
{
	struct venue v = *venue;
	v.root = tree_root(&b->tree, i, venue, a);
	if (!v.root) {
		char name[FILENAMES_JOIN_MAX];
		diag_addm(d, DM_SPILL_LOST, DIAG_ERROR, name_of(b, i, name), 0, 0);
		return false;
	}
	check_linked(rep, &v, d);
	rep->venue = venue;
	return true;
}

static void apply_waivers_one(struct batch *b, const struct venue *v,
			      struct check_report *rep, struct diags *d)
{
	static const struct waivers none;
	waive_apply(rep, v->waivers, v->nwaivers, b->opts.today, d);
	waive_apply_file(rep, b->waivers ? b->waivers : &none, b->opts.today, d);
}

/* stream, phase 2: file i's own record read back, its linked rules judged
 * and waivers applied as batch_run does for a batch in memory, its
 * problems named and ordered; then the finished record is written.  A
 * file that was not checked, or has errors, keeps its problems in memory
 * too (batch_diags, batch_status). */
static void finish_one(struct lane *l, size_t i)
{
	struct batch *b = l->b;
	const struct diags *later = sparse_get(&b->d, i); /* the batch's */
	if ((b->kept[i].flags & KEPT_FINAL) && has_venue(b, i) && !later)
		return;
	struct venue_buf buf;
	const struct venue *v = venue_of(b, i, &buf);
	/* A finished record is written below. */
	b->kept[i].flags &= (uint8_t)~KEPT_FINAL;
	struct diags d;
	diag_init(&d);
	struct check_report rep = {0};
	struct spill_bytes whole = {0};
	bool read = b->kept[i].len &&
		    read_back(b, &l->read, i, 1, v, &buf, &whole, &rep, &d);
	if (read)
		v = rep.venue; /* whole, from the record */
	if (later) { /* after the record's own */
		diag_append(&d, later);
		drop_diags(b, i);
	}
	b->kept[i].len = 0;
	if (read && v) {
		recount(&rep, true);
		arena_init(&rep.arena);
		read = b->opts.validate || judge_linked(b, i, v, &rep, &d, &l->scratch);
		if (!read)
			arena_free(&rep.arena);
		else if (!b->opts.validate)
			apply_waivers_one(b, v, &rep, &d);
	}
	book_locate(sheets_of(b, i), name_of(b, i, buf.path), &d, 0);
	diag_sort(&d);
	if (read && v) {
		put_record(l, l->fin, i, &whole, &rep, &d, b->waivers);
		set_fails(&b->kept[i], fails_of(&rep, &d));
		arena_free(&rep.arena);
		arena_reset(&l->scratch); /* the roots judge_linked built */
		if (b->pipelined) /* the report reads it at once */
			spill_flush(l->fin);
	}
	if (read && v && d.errors == 0)
		diag_free(&d);
	else
		keep_diags(b, i, &d);
	/* A venue whose record is lost stays in the tree (other workers
	 * read it) but is reported as a file that could not be checked. */
	if (v && !b->kept[i].len)
		set_invalid(b, i, true);
}

/* File i's finished record read back into s (phase 2 done with it). */
static void slot_read(struct batch *b, struct slot *s, size_t i)
{
	s->has = has_venue(b, i) && b->kept[i].len;
	s->read = false;
	s->n = -1;
	if (!s->has)
		return;
	diag_init(&s->d);
	struct spill_bytes whole = {0};
	s->read = read_back(b, &s->a, i, 2, venue_of(b, i, &s->buf), &s->buf,
			    &whole, &s->rep, &s->d);
	if (s->read)
		recount(&s->rep, false);
}

/* Its part of the report, in s's bytes; a failed write (no memory) leaves
 * it to the report (s->n -1). */
static void slot_render(const struct report *r, struct slot *s)
{
	if (!s->read || fseek(s->out, 0, SEEK_SET) != 0)
		return;
	report_render(r, &s->rep, &s->d, s->out);
	long n = fflush(s->out) == 0 && !ferror(s->out) ? ftell(s->out) : -1;
	clearerr(s->out);
	s->n = n;
}

/* A worker: file i's slot filled, once the report is done with the file
 * that had it, SLOTS before.  The worker with the file the report waits
 * for never waits here, so the report always moves on. */
static void slot_fill(struct batch *b, size_t i)
{
	if (i >= atomic_load(&b->consumed) + SLOTS) {
		/* Counted asleep before consumed is read again, so the report,
		 * which moves consumed and then reads the count, either is
		 * seen to have moved it or sees this one and wakes it (under
		 * the lock, which this holds until it sleeps). */
		pthread_mutex_lock(&b->lock);
		atomic_fetch_add(&b->slot_waiters, 1);
		while (i >= atomic_load(&b->consumed) + SLOTS)
			pthread_cond_wait(&b->slot_cv, &b->lock);
		atomic_fetch_sub(&b->slot_waiters, 1);
		pthread_mutex_unlock(&b->lock);
	}
	struct slot *s = &b->slots[i % SLOTS];
	slot_read(b, s, i);
	slot_render(b->render_to, s);
}

/* Wakes whoever sleeps on cv for what the caller has just stored.  The
 * sleeper holds the lock from its last look until it sleeps, so once the
 * lock has been had it is asleep (or will look again and see); signalled
 * after the unlock, it wakes to a free lock instead of one still held. */
static void wake(struct batch *b, pthread_cond_t *cv)
{
	pthread_mutex_lock(&b->lock);
	pthread_mutex_unlock(&b->lock);
	pthread_cond_broadcast(cv);
}

/* File i ready, and the report woken if it sleeps for it: it says so
 * (want) before it reads ready once more, so of the two one sees the
 * other (both sequentially consistent). */
static void mark_ready(struct batch *b, size_t i)
{
	atomic_store(&b->kept[i].ready, 1);
	if (atomic_load(&b->want) == i)
		wake(b, &b->ready_cv);
}

/* Stream, phase 2: file i finished, and its slot filled if the report
 * renders on the workers; then the report may have it. */
static void finish_ready(struct lane *l, size_t i)
{
	finish_one(l, i);
	if (l->b->slots)
		slot_fill(l->b, i);
	mark_ready(l->b, i);
}

/* In memory, phase 2: file i's linked rules judged into its report. */
static void link_one(struct lane *l, size_t i)
{
	struct batch *b = l->b;
	struct check_report *rep = b->rep[i];
	set_invalid(b, i, !judge_linked(b, i, b->v[i], rep, &l->d, &rep->arena));
	keep_diags(b, i, &l->d);
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
		else if (b->opts.stream)
			finish_ready(l, i);
		else if (b->v[i] && b->rep[i])
			link_one(l, i);
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
/* Start lanes first.. of a phase on threads of their own; returns how
 * many started (the caller covers the rest: a lane left out is only a
 * thread less). */
static long start_lanes(struct batch *b, int phase, long first, pthread_t *t)
{
	b->phase = phase;
	atomic_store(&b->next, 0);
	atomic_store(&b->done, 0);
	long started = 0;
	for (long k = first; k < b->nlanes; k++, started++)
		if (pthread_create(&t[k], NULL, worker, &b->lanes[k]) != 0)
			break;
	return started;
}

static void join_lanes(pthread_t *t, long first, long started)
{
	for (long k = first; k < first + started; k++)
		pthread_join(t[k], NULL);
}

static void run_phase(struct batch *b, int phase)
{
	pthread_t *t = xcalloc((size_t)b->nlanes, sizeof *t);
	long started = start_lanes(b, phase, 1, t);
	worker(&b->lanes[0]); /* help, and cover a failed thread start */
	join_lanes(t, 1, started);
	free(t);
}

/* One year per batch: the option picks it, else the first venue's. */
static void filter_years(struct batch *b)
{
	long year = b->opts.year;
	const char *first = NULL; /* the first venue's file, named in errors */
	char first_buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < b->n; i++) {
		struct venue_buf buf;
		const struct venue *v = venue_of(b, i, &buf);
		if (!v)
			continue;
		if (!year) {
			year = v->year;
			first = name_of(b, i, first_buf); /* buf is the next view's */
		}
		if (v->year == year)
			continue;
		struct tree_src src = stream_src(b);
		struct venue_pos y = tree_src_pos(&src, i, "year");
		if (b->opts.year)
			diag_addm(diags_for(b, i), DM_YEAR_SKIPPED, DIAG_WARNING, v->path,
				  y.line, y.col, v->year, year);
		else
			diag_addm(diags_for(b, i), DM_YEAR_DIFFERS, DIAG_ERROR, v->path,
				  y.line, y.col, v->year, year, first);
		set_invalid(b, i, !b->opts.year);
		drop_venue(b, i);
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
/* Waivers of the --waivers file must name venues of the batch (looked up
 * by id and tier, read only when there are any). */
static void check_waivers(struct batch *b, const struct waivers *w)
{
	if (!w || !w->n)
		return;
	struct waive_venue *wv = xcalloc(b->n + 1, sizeof *wv);
	size_t m = 0;
	for (size_t i = 0; i < b->n; i++) {
		struct venue_buf buf;
		const struct venue *v = venue_of(b, i, &buf);
		if (v)
			wv[m++] = (struct waive_venue){v->id, v->tier};
	}
	waive_check_batch(w, wv, m, b->pack, &b->errors);
	free(wv);
}

static void apply_waivers(struct batch *b, const struct waivers *w)
{
	static const struct waivers none;
	if (!w)
		w = &none;
	check_waivers(b, w);
	struct diags d;
	diag_init(&d);
	for (size_t i = 0; !b->opts.validate && i < b->n; i++) {
		if (!b->rep[i])
			continue;
		waive_apply(b->rep[i], b->v[i]->waivers, b->v[i]->nwaivers,
			     b->opts.today, &d);
		waive_apply_file(b->rep[i], w, b->opts.today, &d);
		keep_diags(b, i, &d);
	}
}

/* At most 256 lanes (struct kept's lane is a byte; -j takes up to 256). */
static void make_lanes(struct batch *b)
{
	b->nlanes = b->opts.jobs < 1 ? 1 : b->opts.jobs > 256 ? 256 : b->opts.jobs;
	b->lanes = xcalloc((size_t)b->nlanes, sizeof *b->lanes);
	for (long k = 0; k < b->nlanes; k++) {
		b->lanes[k].b = b;
		arena_init(&b->lanes[k].scratch);
		arena_init(&b->lanes[k].keep);
		arena_init(&b->lanes[k].read);
		diag_init(&b->lanes[k].d);
		if (b->opts.stream) {
			b->lanes[k].own = spill_new();
			b->lanes[k].fin = spill_new();
		}
	}
}

static void flush_spills(struct batch *b, int phase)
{
	for (long k = 0; k < b->nlanes; k++)
		spill_flush(phase == 1 ? b->lanes[k].own : b->lanes[k].fin);
}

/* stream: phase 2 reads phase 1's records back and writes the finished
 * ones; then phase 1's file is let go (its disk space with it). */
static void run_streamed(struct batch *b, const struct waivers *w)
{
	check_waivers(b, w);
	atomic_store(&b->want, (size_t)-1);
}

static void end_streamed(struct batch *b)
{
	flush_spills(b, 2); /* phase 1's stay too: they hold KEPT_FINAL's */
	tree_drop_children(&b->tree); /* every linked rule is judged */
	b->finished = true;
}

/* Phase 2 with nothing reading along (batch_status before the report). */
static void finish_streamed(struct batch *b)
{
	if (b->finished)
		return;
	run_phase(b, 2);
	end_streamed(b);
}

static void alloc_slots(struct batch *b)
{
	/* No more files: the doubled array trimmed to them. */
	filenames_trim(&b->names);
	if (b->opts.stream)
		b->vr = xcalloc(b->n + 1, sizeof *b->vr);
	else
		b->v = xcalloc(b->n + 1, sizeof *b->v);
	if (!b->opts.stream)
		b->rep = xcalloc(b->n + 1, sizeof *b->rep);
	b->kept = xcalloc(b->n + 1, sizeof *b->kept);
	sparse_init(&b->d, b->n);
	sparse_init(&b->sheets, b->n);
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->ready_cv, NULL);
	pthread_cond_init(&b->slot_cv, NULL);
}

void batch_run(struct batch *b, const struct waivers *w)
{
	b->waivers = w;
	alloc_slots(b);
	make_lanes(b);
	run_phase(b, 1);
	if (b->opts.stream) /* problems' positions are read from the records */
		flush_spills(b, 1);
	for (size_t i = 0; i < b->n; i++)
		set_invalid(b, i, !has_venue(b, i));
	filter_years(b);
	struct tree_opts to = {.complete = b->opts.complete};
	const struct tree_diags td = {tree_diags_of, b};
	if (b->opts.stream) {
		struct tree_src src = stream_src(b);
		tree_build_src(&b->tree, b->pack, &src, b->n, &to, &td);
	} else {
		tree_build(&b->tree, b->pack, b->v, b->n, &to, &td);
	}
	b->linked = true;
	if (b->opts.stream) {
		run_streamed(b, w);
		return;
	}
	drop_orphan_reports(b);
	if (b->opts.validate)
		empty_reports(b);
	else
		run_phase(b, 2);
	apply_waivers(b, w);
	/* Name cells and order each file's problems as a reader meets them. */
	for (size_t i = 0; i < b->n; i++) {
		struct diags *d = sparse_get(&b->d, i);
		if (d) {
			char name[FILENAMES_JOIN_MAX];
			book_locate(sheets_of(b, i), name_of(b, i, name), d, 0);
			diag_sort(d);
		}
	}
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->kept && i < b->n; i++) {
		if (b->rep)
			check_report_free(b->rep[i]);
		drop_venue(b, i);
	}
	sparse_free(&b->d, free_diags);
	sparse_free(&b->sheets, NULL); /* the sheets are in the lanes' arenas */
	for (size_t i = 0; i < b->nsrcs; i++) {
		free(b->srcs[i].path);
		free(b->srcs[i].bytes);
	}
	free(b->srcs);
	for (size_t i = 0; b->joined && i < b->n; i++)
		free(b->joined[i]);
	free(b->joined);
	for (size_t i = 0; i < b->nrollups; i++)
		free(b->rollups[i]);
	free(b->rollups);
	arena_free(&b->rollup_text);
	filenames_free(&b->names);
	if (b->linked)
		tree_free(&b->tree);
	free(b->v);
	free(b->vr);
	free(b->rep);
	diag_free(&b->errors);
	for (long k = 0; k < b->nlanes; k++) {
		arena_free(&b->lanes[k].scratch);
		arena_free(&b->lanes[k].keep);
		arena_free(&b->lanes[k].read);
		diag_free(&b->lanes[k].d);
		spill_free(b->lanes[k].own);
		spill_free(b->lanes[k].fin);
	}
	if (b->kept) {
		pthread_mutex_destroy(&b->lock);
		pthread_cond_destroy(&b->ready_cv);
		pthread_cond_destroy(&b->slot_cv);
	}
	free(b->kept);
	free(b->lanes);
	free(b);
}

size_t batch_count(const struct batch *b) { return b->n; }
/* A streamed batch joins a name where it is used; the one handed out
 * here must last as long as the batch, so it is kept (the batch is
 * changed only in what it keeps for this, as report_streamed does). */
const char *batch_name(const struct batch *b, size_t i)
{
	char buf[FILENAMES_JOIN_MAX];
	const char *name = name_of(b, i, buf);
	if (name != buf)
		return name;
	struct batch *m = (struct batch *)b;
	if (!m->joined)
		m->joined = xcalloc(b->n + 1, sizeof *m->joined);
	if (!m->joined[i])
		m->joined[i] = xstrdup(buf);
	return m->joined[i];
}
const struct venue *batch_venue(const struct batch *b, size_t i)
{
	return b->opts.stream ? NULL : b->v[i];
}
bool batch_has_venue(const struct batch *b, size_t i) { return has_venue(b, i); }
const struct check_report *batch_report(const struct batch *b, size_t i)
{
	return b->rep ? b->rep[i] : NULL;
}

const struct diags *batch_diags(const struct batch *b, size_t i)
{
	static const struct diags none;
	const struct diags *d = sparse_get(&b->d, i);
	return d ? d : &none;
}

const struct diags *batch_errors(const struct batch *b) { return &b->errors; }
const struct tree *batch_tree(const struct batch *b) { return &b->tree; }
const struct pack *batch_pack(const struct batch *b) { return b->pack; }
struct check_report *const *batch_reports(const struct batch *b) { return b->rep; }

bool batch_fails(const struct batch *b, size_t i, enum batch_fail_on fail_on)
{
	if (b->opts.stream) {
		unsigned f = has_venue(b, i) && b->kept[i].len ? b->kept[i].flags & FAILS_ALL : 0;
		return (f & FAILS_FAIL) ||
		       ((f & FAILS_MISSING) && fail_on >= FAIL_ON_MISSING) ||
		       ((f & FAILS_WARNING) && fail_on >= FAIL_ON_WARNING);
	}
	const struct check_report *rep = b->rep[i];
	const struct diags *d = batch_diags(b, i);
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
	/* A streamed batch not yet reported has judged nothing: not a pass. */
	if (b->errors.errors || (b->opts.stream && !b->finished))
		return BATCH_INVALID;
	for (size_t i = 0; i < b->n; i++) {
		if (is_invalid(b, i) || batch_diags(b, i)->errors)
			return BATCH_INVALID;
		if (batch_fails(b, i, fail_on))
			s = BATCH_FAILED;
	}
	return s;
}

/* The roll-ups given to a report, which keeps them until it is finished
 * (report_rollup): as long as the batch, as a batch outlives its reports
 * (batch.h). */
static void keep_rollups(struct batch *b, struct rollup *u)
{
	b->rollups = xrealloc(b->rollups, (b->nrollups + 1) * sizeof *b->rollups);
	b->rollups[b->nrollups++] = u;
}

/* The report waits for file i.  Woken for every file, it would sleep and
 * wake once a file (100,000 times at 100,000 venues, a quarter of phase
 * 2's CPU time on two cores spent switching threads), as copying a file's
 * bytes out takes far less than making them: so it waits for the file
 * WAKE_AFTER on, and takes the ready ones between in one go, unless that
 * one is ready already (file i is the one holding it up).  The workers
 * never wait for a slot below consumed + SLOTS, so the file waited for
 * is always made. */
static void wait_ready(struct batch *b, size_t i)
{
	if (atomic_load(&b->kept[i].ready))
		return;
	size_t w = i + WAKE_AFTER < b->n ? i + WAKE_AFTER : b->n - 1;
	pthread_mutex_lock(&b->lock);
	while (!atomic_load(&b->kept[i].ready)) {
		if (atomic_load(&b->kept[w].ready))
			w = i;
		atomic_store(&b->want, w);
		if (!atomic_load(&b->kept[w].ready))
			pthread_cond_wait(&b->ready_cv, &b->lock);
	}
	atomic_store(&b->want, (size_t)-1);
	pthread_mutex_unlock(&b->lock);
}

static void slot_init(struct slot *s)
{
	memset(s, 0, sizeof *s);
	arena_init(&s->a);
}

static void slot_free(struct slot *s)
{
	if (s->out)
		fclose(s->out);
	free(s->bytes);
	arena_free(&s->a);
}

/* The slots for a report that renders on the workers (report_renders),
 * or none (NULL) when it does not or a memory stream cannot be opened. */
static struct slot *slots_new(const struct report *r)
{
	if (!report_renders(r))
		return NULL;
	struct slot *s = xcalloc(SLOTS, sizeof *s);
	bool ok = true;
	for (size_t k = 0; k < SLOTS; k++) {
		slot_init(&s[k]);
		s[k].out = ok ? open_memstream(&s[k].bytes, &s[k].size) : NULL;
		ok = ok && s[k].out;
	}
	if (ok)
		return s;
	for (size_t k = 0; k < SLOTS; k++)
		slot_free(&s[k]);
	free(s);
	return NULL;
}

static void slots_free(struct slot *s)
{
	for (size_t k = 0; s && k < SLOTS; k++)
		slot_free(&s[k]);
	free(s);
}

/* File i, read back into s, to the report: rendered already if s has
 * bytes; a record lost between the workers and the report makes the file
 * one that could not be checked, and the status says so. */
static void slot_report(struct batch *b, struct report *r, struct rollups *u,
			struct slot *s, size_t i)
{
	if (s->has && s->read) {
		if (s->n >= 0)
			report_venue_rendered(r, &s->rep, s->bytes, (size_t)s->n);
		else
			report_venue(r, &s->rep, &s->d);
		rollups_add(u, i, &s->rep);
	} else if (s->has) {
		set_invalid(b, i, true);
		report_invalid(r, name_of(b, i, s->buf.path), &s->d);
	} else if (is_invalid(b, i) || batch_diags(b, i)->errors) {
		char name[FILENAMES_JOIN_MAX];
		report_invalid(r, name_of(b, i, name), batch_diags(b, i));
	}
	if (s->has)
		diag_free(&s->d);
}

/* The report is done with file i: its slot is free for file i + SLOTS. */
static void slot_release(struct batch *b, size_t i)
{
	atomic_store(&b->consumed, i + 1);
	if (atomic_load(&b->slot_waiters))
		wake(b, &b->slot_cv);
}

/* stream: each finished record read back once, in input order, and the
 * roll-ups built as they pass.  More than one job: phase 2 runs on every
 * lane's thread while this one writes the report, and a format that can
 * has each venue's part read back and rendered on the workers too (the
 * slots): this thread only copies the bytes out in order.  One job: first
 * the one, then the other. */
static void start_report(struct batch *b, const struct report *r, pthread_t **t,
			 long *started)
{
	b->pipelined = !b->finished && b->nlanes > 1;
	if (!b->pipelined) {
		finish_streamed(b);
		return;
	}
	b->render_to = r;
	atomic_store(&b->consumed, 0);
	b->slots = slots_new(r);
	*t = xcalloc((size_t)b->nlanes, sizeof **t);
	*started = start_lanes(b, 2, 0, *t);
	if (*started == 0) { /* no thread at all: this one does it first */
		slots_free(b->slots);
		b->slots = NULL;
		worker(&b->lanes[0]);
	}
}

static void report_streamed(struct batch *b, struct report *r)
{
	pthread_t *t = NULL;
	long started = 0;
	start_report(b, r, &t, &started);
	struct slot own;
	slot_init(&own);
	struct rollups *u = rollups_new(b->pack, &b->tree, &b->rollup_text);
	for (size_t i = 0; i < b->n; i++) {
		if (b->pipelined)
			wait_ready(b, i);
		struct slot *s = b->slots ? &b->slots[i % SLOTS] : &own;
		if (!b->slots)
			slot_read(b, s, i);
		slot_report(b, r, u, s, i);
		if (b->slots)
			slot_release(b, i);
	}
	slot_free(&own);
	size_t nroll;
	struct rollup *roll = rollups_end(u, &nroll);
	for (size_t i = 0; i < nroll; i++)
		report_rollup(r, &roll[i]);
	keep_rollups(b, roll);
	if (b->pipelined) {
		join_lanes(t, 0, started);
		free(t);
		slots_free(b->slots);
		b->slots = NULL;
		end_streamed(b);
		b->pipelined = false;
	}
}

/* The venues the report was given, in its order (report_set_venues):
 * those with a venue whose record was read back (streamed), or with a
 * venue (in memory). */
static void each_reported(void *ctx,
			  void (*fn)(void *fctx, const char *id, const char *name),
			  void *fctx)
{
	const struct batch *b = ctx;
	struct arena a; /* the names: a streamed batch's are in the records */
	arena_init(&a);
	for (size_t i = 0; i < b->n; i++) {
		if (b->opts.stream && (!b->kept[i].len || is_invalid(b, i)))
			continue;
		struct venue_buf buf;
		const struct venue *v = src_whole(b, i, &buf, &a);
		if (v)
			fn(fctx, v->id, v->name);
		arena_reset(&a);
	}
	arena_free(&a);
}

void batch_report_to(const struct batch *b, struct report *r)
{
	report_set_venues(r, &(struct report_venues){each_reported, (void *)b});
	/* A streamed batch is finished by its report (batch.h): the one
	 * call that changes it, so the report's callers keep their const
	 * batch (no batch is ever defined const: batch_new makes them). */
	if (b->opts.stream) {
		report_streamed((struct batch *)b, r);
		return;
	}
	for (size_t i = 0; i < b->n; i++) {
		if (b->v[i])
			report_venue(r, b->rep[i], batch_diags(b, i));
		else if (is_invalid(b, i) || batch_diags(b, i)->errors)
			report_invalid(r, name_of(b, i, NULL), batch_diags(b, i)); /* whole */
	}
	size_t nroll;
	struct rollup *u = rollup_build(b->pack, &b->tree, b->rep, &nroll);
	for (size_t i = 0; i < nroll; i++)
		report_rollup(r, &u[i]);
	keep_rollups((struct batch *)b, u);
}
