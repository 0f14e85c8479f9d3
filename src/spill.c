/* spill.c - finished results in a temporary file (see spill.h).  A record
 * is a venue's results and problems in the byte layout of bytes.h.
 * Pointers into the pack, the venue's waivers and the --waivers file are
 * written as indices. */
#include "spill.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "xalloc.h"

/* Records go to the file while it works, then to memory; an offset with
 * MEM_BIT set is in mem. */
#define MEM_BIT ((uint64_t)1 << 63)

/* The report's thread reads a lane's records while that lane's worker
 * appends more (batch.c, pipelined): lock guards what both touch, the
 * file's size and the memory records, which commit may move with
 * realloc.  The writer's own state (f's stdio buffer, failed, rec) is its
 * alone. */
struct spill {
	FILE *f;	/* NULL: none could be made */
	bool failed;	/* a write to f failed: no more go there */
	pthread_mutex_t lock;
	uint64_t fsize; /* bytes written to f (under lock) */
	char *mem;	/* (mem, mlen, mcap under lock) */
	size_t mlen, mcap;
	struct bytes rec; /* the record being made */
};

struct spill *spill_new_memory(void)
{
	struct spill *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

struct spill *spill_new(void)
{
	struct spill *s = spill_new_memory();
	s->f = tmpfile();
	return s;
}

void spill_free(struct spill *s)
{
	if (!s)
		return;
	if (s->f)
		(void)fclose(s->f); /* an unnamed file: nothing to keep */
	free(s->mem);
	bytes_free(&s->rec);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void spill_flush(struct spill *s)
{
	/* What was written before a failure stays readable; nothing more
	 * is written to a file that failed. */
	if (s->f && !s->failed && fflush(s->f) != 0)
		s->failed = true;
}

/* ---- writing ---- */

static size_t index_of_waiver(const struct waiver *w, const struct waiver *v,
			      size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (&v[i] == w)
			return i;
	return (size_t)-1;
}

/* 0: none; 2k+1: the venue's own waiver k; 2k+2: the file's waiver k. */
static uint64_t waiver_code(const struct result *r, const struct venue *v,
			    const struct waivers *wf)
{
	if (!r->waiver)
		return 0;
	size_t k = index_of_waiver(r->waiver, v->waivers, v->nwaivers);
	if (k != (size_t)-1)
		return 2 * (uint64_t)k + 1;
	k = wf ? index_of_waiver(r->waiver, wf->v, wf->n) : (size_t)-1;
	return k == (size_t)-1 ? 0 : 2 * (uint64_t)k + 2;
}

enum { HAS_MEASURED = 1, HAS_REQUIRED = 2, MEASURED_BOOL = 4, HAS_EACH = 8 };

static void put_outcome(struct spill *s, const struct check_outcome *o)
{
	bytes_put_u(&s->rec, (uint64_t)o->verdict);
	bytes_put_u(&s->rec, (uint64_t)((o->has_measured ? HAS_MEASURED : 0) |
			    (o->has_required ? HAS_REQUIRED : 0)));
	if (o->has_measured)
		bytes_put_d(&s->rec, o->measured);
	if (o->has_required)
		bytes_put_d(&s->rec, o->required);
}

static void put_result(struct spill *s, const struct pack *p,
		       const struct result *r, const struct venue *v,
		       const struct waivers *wf)
{
	bool is_bool = r->has_measured && r->measured.type == V_BOOL;
	bytes_put_u(&s->rec, (uint64_t)(r->rule - p->rules));
	bytes_put_u(&s->rec, (uint64_t)r->verdict);
	bytes_put_u(&s->rec, (uint64_t)r->waived);
	bytes_put_u(&s->rec, r->check ? (uint64_t)(r->check - r->rule->checks) + 1 : 0);
	bytes_put_u(&s->rec, (uint64_t)((r->has_measured ? HAS_MEASURED : 0) |
			    (r->has_required ? HAS_REQUIRED : 0) |
			    (is_bool ? MEASURED_BOOL : 0) | (r->each ? HAS_EACH : 0)));
	if (r->has_measured) {
		if (is_bool)
			bytes_put_u(&s->rec, r->measured.u.b);
		else
			bytes_put_d(&s->rec, r->measured.u.num);
	}
	bytes_put_d(&s->rec, r->required);
	bytes_put_d(&s->rec, r->gap);
	bytes_put_s(&s->rec, r->why);
	bytes_put_s(&s->rec, r->why_zh);
	bytes_put_u(&s->rec, waiver_code(r, v, wf));
	for (size_t k = 0; r->each && k < r->rule->nchecks; k++)
		put_outcome(s, &r->each[k]);
}

/* A graded pack's part of a result and of the venue (check.h). */
enum { G_GRADED = 1, G_NEXT = 2, G_SCALED = 4, G_POINTS = 8, G_UNDET = 16,
       G_PTS_MISSING = 32 };

static void put_grade(struct spill *s, const struct result *r)
{
	const struct result_grade *g = &r->grade;
	bytes_put_u(&s->rec, (uint64_t)((g->graded ? G_GRADED : 0) | (g->has_next ? G_NEXT : 0) |
			    (g->has_scaled ? G_SCALED : 0) |
			    (g->has_points ? G_POINTS : 0)));
	bytes_put_u(&s->rec, g->holds);
	bytes_put_u(&s->rec, g->unknown);
	bytes_put_i(&s->rec, g->allows);
	bytes_put_i(&s->rec, g->demote);
	bytes_put_i(&s->rec, g->next);
	bytes_put_u(&s->rec, g->next_check ? (uint64_t)(g->next_check - r->rule->checks) + 1 : 0);
	bytes_put_d(&s->rec, g->next_measured);
	bytes_put_d(&s->rec, g->next_required);
	bytes_put_d(&s->rec, g->next_gap);
	bytes_put_d(&s->rec, g->scaled_gap);
	bytes_put_d(&s->rec, g->points);
}

static void put_venue_grade(struct spill *s, const struct venue_grade *g)
{
	bytes_put_u(&s->rec, (uint64_t)((g->graded ? G_GRADED : 0) | (g->undetermined ? G_UNDET : 0) |
			    (g->has_points ? G_POINTS : 0) |
			    (g->points_missing ? G_PTS_MISSING : 0)));
	bytes_put_i(&s->rec, g->grade);
	bytes_put_i(&s->rec, g->by_rules);
	bytes_put_i(&s->rec, g->by_points);
	bytes_put_i(&s->rec, g->demoted);
	bytes_put_i(&s->rec, g->limit);
	bytes_put_d(&s->rec, g->points);
	bytes_put_d(&s->rec, g->max_points);
}

static void put_diag(struct spill *s, const struct diag *g)
{
	bytes_put_u(&s->rec, (uint64_t)g->level);
	bytes_put_u(&s->rec, (uint64_t)g->code);
	bytes_put_s(&s->rec, g->file);
	bytes_put_i(&s->rec, g->line);
	bytes_put_i(&s->rec, g->col);
	bytes_put_s(&s->rec, g->where);
	bytes_put_i(&s->rec, g->sheet);
	bytes_put_s(&s->rec, g->msg);
	bytes_put_s(&s->rec, g->msg_en);
}

/* The record in s->rec.p to the file, or to memory when the file fails. */
static struct spill_ref commit(struct spill *s)
{
	struct spill_ref ref = {.len = (uint32_t)s->rec.n};
	bool written = s->f && !s->failed &&
		       fwrite(s->rec.p, 1, s->rec.n, s->f) == s->rec.n;
	pthread_mutex_lock(&s->lock);
	if (written) {
		ref.off = s->fsize;
		s->fsize += s->rec.n;
	} else {
		/* A short write leaves part of a record in the file; its
		 * offset is never handed out, and stdio's position no longer
		 * matters: no more writes go there. */
		s->failed = true;
		if (s->mlen + s->rec.n > s->mcap) {
			s->mcap = (s->mlen + s->rec.n) * 2 + 4096;
			s->mem = xrealloc(s->mem, s->mcap);
		}
		memcpy(s->mem + s->mlen, s->rec.p, s->rec.n);
		ref.off = MEM_BIT | s->mlen;
		s->mlen += s->rec.n;
	}
	pthread_mutex_unlock(&s->lock);
	s->rec.n = 0;
	return ref;
}

struct spill_ref spill_put_venue(struct spill *s, const struct pack *p,
				 const struct spill_bytes *kept,
				 const struct check_report *rep,
				 const struct diags *d, const struct waivers *wf)
{
	s->rec.n = 0;
	bytes_put_u(&s->rec, kept ? kept->n : 0);
	if (kept && kept->n)
		bytes_put(&s->rec, kept->p, kept->n);
	bytes_put_u(&s->rec, rep->n);
	for (size_t i = 0; i < rep->n; i++)
		put_result(s, p, &rep->results[i], rep->venue, wf);
	for (size_t i = 0; p->ngrades && i < rep->n; i++)
		put_grade(s, &rep->results[i]);
	if (p->ngrades)
		put_venue_grade(s, &rep->grade);
	bytes_put_u(&s->rec, d->n);
	for (size_t i = 0; i < d->n; i++)
		put_diag(s, &d->v[i]);
	return commit(s);
}

/* ---- reading ---- */

static const struct waiver *get_waiver(uint64_t code, const struct venue *v,
				       const struct waivers *wf)
{
	if (code == 0)
		return NULL;
	uint64_t k = (code - 1) / 2;
	if (code % 2)
		return k < v->nwaivers ? &v->waivers[k] : NULL;
	return wf && k < wf->n ? &wf->v[k] : NULL;
}

static void get_outcome(struct bytes_cur *c, struct check_outcome *o)
{
	o->verdict = (enum verdict)(bytes_get_u(c) % VERDICT_COUNT);
	uint64_t fl = bytes_get_u(c);
	o->has_measured = fl & HAS_MEASURED;
	o->has_required = fl & HAS_REQUIRED;
	o->measured = o->has_measured ? bytes_get_d(c) : 0;
	o->required = o->has_required ? bytes_get_d(c) : 0;
}

static const struct rule *get_rule(struct bytes_cur *c, const struct pack *p)
{
	uint64_t k = bytes_get_u(c);
	if (k >= p->nrules) {
		c->bad = true;
		return &p->rules[0];
	}
	return &p->rules[k];
}

static void get_measured(struct bytes_cur *c, struct result *r, uint64_t fl)
{
	r->has_measured = fl & HAS_MEASURED;
	r->has_required = fl & HAS_REQUIRED;
	if (!r->has_measured)
		r->measured = value_null();
	else if (fl & MEASURED_BOOL)
		r->measured = value_bool(bytes_get_u(c) != 0);
	else
		r->measured = value_num(bytes_get_d(c));
}

static void get_result(struct bytes_cur *c, const struct pack *p,
		       struct result *r, const struct venue *v,
		       const struct waivers *wf, struct arena *a)
{
	*r = (struct result){.rule = get_rule(c, p)};
	r->verdict = (enum verdict)(bytes_get_u(c) % VERDICT_COUNT);
	r->waived = (enum verdict)(bytes_get_u(c) % VERDICT_COUNT);
	uint64_t check = bytes_get_u(c);
	if (check > r->rule->nchecks)
		c->bad = true;
	else if (check)
		r->check = &r->rule->checks[check - 1];
	uint64_t fl = bytes_get_u(c);
	get_measured(c, r, fl);
	r->required = bytes_get_d(c);
	r->gap = bytes_get_d(c);
	r->why = bytes_get_s(c, a);
	r->why_zh = bytes_get_s(c, a);
	r->waiver = get_waiver(bytes_get_u(c), v, wf);
	if (!(fl & HAS_EACH))
		return;
	struct check_outcome *each =
		arena_alloc(a, (r->rule->nchecks + 1) * sizeof *each);
	for (size_t k = 0; k < r->rule->nchecks; k++)
		get_outcome(c, &each[k]);
	r->each = each;
}

static signed char get_small(struct bytes_cur *c)
{
	long long v = bytes_get_i(c);
	if (v < -128 || v > 127)
		c->bad = true;
	return (signed char)(c->bad ? 0 : v);
}

static void get_grade(struct bytes_cur *c, struct result *r)
{
	struct result_grade *g = &r->grade;
	uint64_t fl = bytes_get_u(c);
	g->graded = fl & G_GRADED;
	g->has_next = fl & G_NEXT;
	g->has_scaled = fl & G_SCALED;
	g->has_points = fl & G_POINTS;
	g->holds = (unsigned char)bytes_get_u(c);
	g->unknown = (unsigned char)bytes_get_u(c);
	g->allows = get_small(c);
	g->demote = get_small(c);
	g->next = get_small(c);
	uint64_t k = bytes_get_u(c);
	if (k > r->rule->nchecks)
		c->bad = true;
	else if (k)
		g->next_check = &r->rule->checks[k - 1];
	g->next_measured = bytes_get_d(c);
	g->next_required = bytes_get_d(c);
	g->next_gap = bytes_get_d(c);
	g->scaled_gap = bytes_get_d(c);
	g->points = bytes_get_d(c);
}

static void get_venue_grade(struct bytes_cur *c, struct venue_grade *g)
{
	uint64_t fl = bytes_get_u(c);
	g->graded = fl & G_GRADED;
	g->undetermined = fl & G_UNDET;
	g->has_points = fl & G_POINTS;
	g->points_missing = fl & G_PTS_MISSING;
	g->grade = get_small(c);
	g->by_rules = get_small(c);
	g->by_points = get_small(c);
	g->demoted = get_small(c);
	g->limit = bytes_get_int(c);
	g->points = bytes_get_d(c);
	g->max_points = bytes_get_d(c);
}

static void get_diag(struct bytes_cur *c, struct diags *d)
{
	enum diag_level level = bytes_get_u(c) ? DIAG_WARNING : DIAG_ERROR;
	uint64_t code = bytes_get_u(c);
	char *file = bytes_get_s(c, NULL);
	int line = bytes_get_int(c), col = bytes_get_int(c);
	char *where = bytes_get_s(c, NULL);
	int sheet = bytes_get_int(c);
	char *msg = bytes_get_s(c, NULL), *msg_en = bytes_get_s(c, NULL);
	if (!c->bad) {
		diag_add_texts(d, code < DC_COUNT ? (enum diag_code)code : DC_NONE,
			       level, file, line, col, msg ? msg : "",
			       msg_en ? msg_en : "");
		d->v[d->n - 1].where = where;
		d->v[d->n - 1].sheet = sheet;
		where = NULL;
	}
	free(file);
	free(where);
	free(msg);
	free(msg_en);
}

/* A memory record, copied while the writer cannot move it. */
static unsigned char *memory_record(struct spill *s, struct spill_ref ref)
{
	uint64_t off = ref.off & ~MEM_BIT;
	unsigned char *buf = NULL;
	pthread_mutex_lock(&s->lock);
	if (off + ref.len <= s->mlen) {
		buf = xmalloc(ref.len + 1);
		memcpy(buf, s->mem + off, ref.len);
	}
	pthread_mutex_unlock(&s->lock);
	return buf;
}

/* The record's bytes, the caller's to free: from the file with pread
 * (bytes below fsize are never written again), or copied from memory. */
static unsigned char *record(struct spill *s, struct spill_ref ref)
{
	if (ref.off & MEM_BIT)
		return memory_record(s, ref);
	pthread_mutex_lock(&s->lock);
	uint64_t fsize = s->fsize;
	pthread_mutex_unlock(&s->lock);
	if (!s->f || ref.off + ref.len > fsize)
		return NULL;
	unsigned char *buf = xmalloc(ref.len + 1);
	size_t got = 0;
	while (got < ref.len) {
		ssize_t k = pread(fileno(s->f), buf + got, ref.len - got,
				  (off_t)(ref.off + got));
		if (k <= 0) {
			free(buf);
			return NULL;
		}
		got += (size_t)k;
	}
	return buf;
}

/* Take back the problems a broken record added. */
static void drop_from(struct diags *d, size_t n0)
{
	for (size_t i = n0; i < d->n; i++) {
		struct diag *g = &d->v[i];
		d->errors -= g->level == DIAG_ERROR;
		free(g->file);
		free(g->where);
		free(g->msg);
		free(g->msg_en);
	}
	d->n = n0;
}

/* The kept bytes at the record's start, copied into a (a may be NULL:
 * skipped); false when they do not fit the record. */
static bool get_kept(struct bytes_cur *c, struct arena *a,
		     struct spill_bytes *kept)
{
	uint64_t n = bytes_get_u(c);
	if (c->bad || n > (uint64_t)(c->end - c->p))
		return false;
	if (a && kept) {
		unsigned char *p = arena_bytes(a, n ? (size_t)n : 1);
		memcpy(p, c->p, (size_t)n);
		*kept = (struct spill_bytes){p, (size_t)n};
	}
	c->p += n;
	return true;
}

bool spill_get_bytes(struct spill *s, struct spill_ref ref, struct arena *a,
		     struct spill_bytes *kept)
{
	unsigned char *owned = record(s, ref);
	if (!owned)
		return false;
	struct bytes_cur c = {.p = owned, .end = owned + ref.len};
	bool ok = get_kept(&c, a, kept);
	free(owned);
	return ok;
}

bool spill_get_venue(struct spill *s, struct spill_ref ref,
		     const struct pack *p, const struct venue *venue,
		     const struct waivers *wf, struct arena *a,
		     struct spill_bytes *kept, struct check_report *rep,
		     struct diags *d)
{
	unsigned char *owned = record(s, ref);
	const unsigned char *bytes = owned;
	if (!bytes)
		return false;
	struct bytes_cur c = {.p = bytes, .end = bytes + ref.len};
	struct spill_bytes got = {0};
	if (!get_kept(&c, kept ? a : NULL, &got) || (kept && !got.n))
		c.bad = true;
	size_t n = (size_t)bytes_get_u(&c);
	if (n > p->nrules)
		c.bad = true;
	struct result *res = c.bad ? NULL : arena_alloc(a, (n + 1) * sizeof *res);
	for (size_t i = 0; !c.bad && i < n; i++)
		get_result(&c, p, &res[i], venue, wf, a);
	for (size_t i = 0; p->ngrades && !c.bad && i < n; i++)
		get_grade(&c, &res[i]);
	struct venue_grade vg = {.limit = -1};
	if (p->ngrades && !c.bad)
		get_venue_grade(&c, &vg);
	if (!n) /* validate: a zeroed grade, and no result to point at */
		vg.limit = -1;
	if (vg.limit >= (int)n)
		c.bad = true;
	size_t nd = c.bad ? 0 : (size_t)bytes_get_u(&c);
	size_t n0 = d->n;
	for (size_t i = 0; !c.bad && i < nd; i++)
		get_diag(&c, d);
	free(owned);
	if (c.bad) {
		drop_from(d, n0);
		return false;
	}
	if (kept)
		*kept = got;
	rep->results = res;
	rep->n = n;
	rep->grade = vg;
	rep->grades = p->grades;
	rep->ngrades = p->ngrades;
	return true;
}
