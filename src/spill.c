/* spill.c - finished results in a temporary file (see spill.h).  A record
 * is a venue's results and problems in a plain byte layout: integers in
 * little-endian-independent varints, doubles as their 8 bytes (the record
 * is read back by the same process, so their representation is the
 * same), strings with their length first.  Pointers into the pack, the
 * venue's waivers and the --waivers file are written as indices. */
#include "spill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

/* Records go to the file while it works, then to memory; an offset with
 * MEM_BIT set is in mem. */
#define MEM_BIT ((uint64_t)1 << 63)

struct spill {
	FILE *f;	/* NULL: none could be made */
	bool failed;	/* a write to f failed: no more go there */
	uint64_t fsize; /* bytes written to f */
	char *mem;
	size_t mlen, mcap;
	char *buf; /* the record being made */
	size_t blen, bcap;
};

struct spill *spill_new(void)
{
	struct spill *s = xcalloc(1, sizeof *s);
	s->f = tmpfile();
	return s;
}

struct spill *spill_new_memory(void)
{
	return xcalloc(1, sizeof(struct spill));
}

void spill_free(struct spill *s)
{
	if (!s)
		return;
	if (s->f)
		(void)fclose(s->f); /* an unnamed file: nothing to keep */
	free(s->mem);
	free(s->buf);
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

static void put(struct spill *s, const void *p, size_t n)
{
	if (s->blen + n > s->bcap) {
		s->bcap = (s->blen + n) * 2 + 256;
		s->buf = xrealloc(s->buf, s->bcap);
	}
	memcpy(s->buf + s->blen, p, n);
	s->blen += n;
}

static void put_u(struct spill *s, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;
	do {
		b[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	put(s, b, n);
}

static void put_i(struct spill *s, long long v)
{
	put_u(s, v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1);
}

static void put_d(struct spill *s, double d) { put(s, &d, sizeof d); }

/* NULL and "" differ: 0 is NULL, else the length + 1. */
static void put_s(struct spill *s, const char *str)
{
	if (!str) {
		put_u(s, 0);
		return;
	}
	size_t n = strlen(str);
	put_u(s, n + 1);
	put(s, str, n);
}

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
	put_u(s, (uint64_t)o->verdict);
	put_u(s, (uint64_t)((o->has_measured ? HAS_MEASURED : 0) |
			    (o->has_required ? HAS_REQUIRED : 0)));
	if (o->has_measured)
		put_d(s, o->measured);
	if (o->has_required)
		put_d(s, o->required);
}

static void put_result(struct spill *s, const struct pack *p,
		       const struct result *r, const struct venue *v,
		       const struct waivers *wf)
{
	bool is_bool = r->has_measured && r->measured.type == V_BOOL;
	put_u(s, (uint64_t)(r->rule - p->rules));
	put_u(s, (uint64_t)r->verdict);
	put_u(s, (uint64_t)r->waived);
	put_u(s, r->check ? (uint64_t)(r->check - r->rule->checks) + 1 : 0);
	put_u(s, (uint64_t)((r->has_measured ? HAS_MEASURED : 0) |
			    (r->has_required ? HAS_REQUIRED : 0) |
			    (is_bool ? MEASURED_BOOL : 0) | (r->each ? HAS_EACH : 0)));
	if (r->has_measured) {
		if (is_bool)
			put_u(s, r->measured.u.b);
		else
			put_d(s, r->measured.u.num);
	}
	put_d(s, r->required);
	put_d(s, r->gap);
	put_s(s, r->why);
	put_s(s, r->why_zh);
	put_u(s, waiver_code(r, v, wf));
	for (size_t k = 0; r->each && k < r->rule->nchecks; k++)
		put_outcome(s, &r->each[k]);
}

/* A graded pack's part of a result and of the venue (check.h). */
enum { G_GRADED = 1, G_NEXT = 2, G_SCALED = 4, G_POINTS = 8, G_UNDET = 16,
       G_PTS_MISSING = 32 };

static void put_grade(struct spill *s, const struct result *r)
{
	const struct result_grade *g = &r->grade;
	put_u(s, (uint64_t)((g->graded ? G_GRADED : 0) | (g->has_next ? G_NEXT : 0) |
			    (g->has_scaled ? G_SCALED : 0) |
			    (g->has_points ? G_POINTS : 0)));
	put_u(s, g->holds);
	put_u(s, g->unknown);
	put_i(s, g->allows);
	put_i(s, g->demote);
	put_i(s, g->next);
	put_u(s, g->next_check ? (uint64_t)(g->next_check - r->rule->checks) + 1 : 0);
	put_d(s, g->next_measured);
	put_d(s, g->next_required);
	put_d(s, g->next_gap);
	put_d(s, g->scaled_gap);
	put_d(s, g->points);
}

static void put_venue_grade(struct spill *s, const struct venue_grade *g)
{
	put_u(s, (uint64_t)((g->graded ? G_GRADED : 0) | (g->undetermined ? G_UNDET : 0) |
			    (g->has_points ? G_POINTS : 0) |
			    (g->points_missing ? G_PTS_MISSING : 0)));
	put_i(s, g->grade);
	put_i(s, g->by_rules);
	put_i(s, g->by_points);
	put_i(s, g->demoted);
	put_i(s, g->limit);
	put_d(s, g->points);
	put_d(s, g->max_points);
}

static void put_diag(struct spill *s, const struct diag *g)
{
	put_u(s, (uint64_t)g->level);
	put_u(s, (uint64_t)g->code);
	put_s(s, g->file);
	put_i(s, g->line);
	put_i(s, g->col);
	put_s(s, g->where);
	put_i(s, g->sheet);
	put_s(s, g->msg);
	put_s(s, g->msg_en);
}

/* The record in s->buf to the file, or to memory when the file fails. */
static struct spill_ref commit(struct spill *s)
{
	struct spill_ref ref = {.len = (uint32_t)s->blen};
	if (s->f && !s->failed && fwrite(s->buf, 1, s->blen, s->f) == s->blen) {
		ref.off = s->fsize;
		s->fsize += s->blen;
	} else {
		/* A short write leaves part of a record in the file; its
		 * offset is never handed out, and stdio's position no longer
		 * matters: no more writes go there. */
		s->failed = true;
		if (s->mlen + s->blen > s->mcap) {
			s->mcap = (s->mlen + s->blen) * 2 + 4096;
			s->mem = xrealloc(s->mem, s->mcap);
		}
		memcpy(s->mem + s->mlen, s->buf, s->blen);
		ref.off = MEM_BIT | s->mlen;
		s->mlen += s->blen;
	}
	s->blen = 0;
	return ref;
}

struct spill_ref spill_put_venue(struct spill *s, const struct pack *p,
				 const struct check_report *rep,
				 const struct diags *d, const struct waivers *wf)
{
	s->blen = 0;
	put_u(s, rep->n);
	for (size_t i = 0; i < rep->n; i++)
		put_result(s, p, &rep->results[i], rep->venue, wf);
	for (size_t i = 0; p->ngrades && i < rep->n; i++)
		put_grade(s, &rep->results[i]);
	if (p->ngrades)
		put_venue_grade(s, &rep->grade);
	put_u(s, d->n);
	for (size_t i = 0; i < d->n; i++)
		put_diag(s, &d->v[i]);
	return commit(s);
}

/* ---- reading ---- */

/* A cursor over one record; a read past its end sets bad and gives 0s
 * (a record is the process's own, so only a broken file could do it). */
struct cursor {
	const unsigned char *p, *end;
	bool bad;
};

static bool take(struct cursor *c, void *dst, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->bad = true;
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, c->p, n);
	c->p += n;
	return true;
}

static uint64_t get_u(struct cursor *c)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		unsigned char b;
		if (!take(c, &b, 1))
			return 0;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	c->bad = true;
	return 0;
}

static long long get_i(struct cursor *c)
{
	uint64_t u = get_u(c);
	return u & 1 ? -(long long)(u >> 1) - 1 : (long long)(u >> 1);
}

static int get_int(struct cursor *c)
{
	long long v = get_i(c);
	return v < -2147483647 || v > 2147483647 ? 0 : (int)v;
}

static double get_d(struct cursor *c)
{
	double d;
	take(c, &d, sizeof d);
	return d;
}

/* In a (NULL for NULL), or malloc'ed when a is NULL. */
static char *get_s(struct cursor *c, struct arena *a)
{
	uint64_t n = get_u(c);
	if (n == 0)
		return NULL;
	if ((uint64_t)(c->end - c->p) < n - 1) {
		c->bad = true;
		return NULL;
	}
	char *s = a ? arena_strndup(a, (const char *)c->p, (size_t)(n - 1))
		    : xstrndup((const char *)c->p, (size_t)(n - 1));
	c->p += n - 1;
	return s;
}

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

static void get_outcome(struct cursor *c, struct check_outcome *o)
{
	o->verdict = (enum verdict)(get_u(c) % VERDICT_COUNT);
	uint64_t fl = get_u(c);
	o->has_measured = fl & HAS_MEASURED;
	o->has_required = fl & HAS_REQUIRED;
	o->measured = o->has_measured ? get_d(c) : 0;
	o->required = o->has_required ? get_d(c) : 0;
}

static const struct rule *get_rule(struct cursor *c, const struct pack *p)
{
	uint64_t k = get_u(c);
	if (k >= p->nrules) {
		c->bad = true;
		return &p->rules[0];
	}
	return &p->rules[k];
}

static void get_measured(struct cursor *c, struct result *r, uint64_t fl)
{
	r->has_measured = fl & HAS_MEASURED;
	r->has_required = fl & HAS_REQUIRED;
	if (!r->has_measured)
		r->measured = value_null();
	else if (fl & MEASURED_BOOL)
		r->measured = value_bool(get_u(c) != 0);
	else
		r->measured = value_num(get_d(c));
}

static void get_result(struct cursor *c, const struct pack *p,
		       struct result *r, const struct venue *v,
		       const struct waivers *wf, struct arena *a)
{
	*r = (struct result){.rule = get_rule(c, p)};
	r->verdict = (enum verdict)(get_u(c) % VERDICT_COUNT);
	r->waived = (enum verdict)(get_u(c) % VERDICT_COUNT);
	uint64_t check = get_u(c);
	if (check > r->rule->nchecks)
		c->bad = true;
	else if (check)
		r->check = &r->rule->checks[check - 1];
	uint64_t fl = get_u(c);
	get_measured(c, r, fl);
	r->required = get_d(c);
	r->gap = get_d(c);
	r->why = get_s(c, a);
	r->why_zh = get_s(c, a);
	r->waiver = get_waiver(get_u(c), v, wf);
	if (!(fl & HAS_EACH))
		return;
	struct check_outcome *each =
		arena_alloc(a, (r->rule->nchecks + 1) * sizeof *each);
	for (size_t k = 0; k < r->rule->nchecks; k++)
		get_outcome(c, &each[k]);
	r->each = each;
}

static signed char get_small(struct cursor *c)
{
	long long v = get_i(c);
	if (v < -128 || v > 127)
		c->bad = true;
	return (signed char)(c->bad ? 0 : v);
}

static void get_grade(struct cursor *c, struct result *r)
{
	struct result_grade *g = &r->grade;
	uint64_t fl = get_u(c);
	g->graded = fl & G_GRADED;
	g->has_next = fl & G_NEXT;
	g->has_scaled = fl & G_SCALED;
	g->has_points = fl & G_POINTS;
	g->holds = (unsigned char)get_u(c);
	g->unknown = (unsigned char)get_u(c);
	g->allows = get_small(c);
	g->demote = get_small(c);
	g->next = get_small(c);
	uint64_t k = get_u(c);
	if (k > r->rule->nchecks)
		c->bad = true;
	else if (k)
		g->next_check = &r->rule->checks[k - 1];
	g->next_measured = get_d(c);
	g->next_required = get_d(c);
	g->next_gap = get_d(c);
	g->scaled_gap = get_d(c);
	g->points = get_d(c);
}

static void get_venue_grade(struct cursor *c, struct venue_grade *g)
{
	uint64_t fl = get_u(c);
	g->graded = fl & G_GRADED;
	g->undetermined = fl & G_UNDET;
	g->has_points = fl & G_POINTS;
	g->points_missing = fl & G_PTS_MISSING;
	g->grade = get_small(c);
	g->by_rules = get_small(c);
	g->by_points = get_small(c);
	g->demoted = get_small(c);
	g->limit = get_int(c);
	g->points = get_d(c);
	g->max_points = get_d(c);
}

static void get_diag(struct cursor *c, struct diags *d)
{
	enum diag_level level = get_u(c) ? DIAG_WARNING : DIAG_ERROR;
	uint64_t code = get_u(c);
	char *file = get_s(c, NULL);
	int line = get_int(c), col = get_int(c);
	char *where = get_s(c, NULL);
	int sheet = get_int(c);
	char *msg = get_s(c, NULL), *msg_en = get_s(c, NULL);
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

/* The record's bytes: from the file with pread, or a view of memory. */
static const unsigned char *record(struct spill *s, struct spill_ref ref,
				   unsigned char **owned)
{
	*owned = NULL;
	if (ref.off & MEM_BIT) {
		uint64_t off = ref.off & ~MEM_BIT;
		return off + ref.len <= s->mlen ? (unsigned char *)s->mem + off : NULL;
	}
	if (!s->f || ref.off + ref.len > s->fsize)
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
	*owned = buf;
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

bool spill_get_venue(struct spill *s, struct spill_ref ref,
		     const struct pack *p, const struct venue *venue,
		     const struct waivers *wf, struct arena *a,
		     struct check_report *rep, struct diags *d)
{
	unsigned char *owned;
	const unsigned char *bytes = record(s, ref, &owned);
	if (!bytes)
		return false;
	struct cursor c = {.p = bytes, .end = bytes + ref.len};
	size_t n = (size_t)get_u(&c);
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
	size_t nd = c.bad ? 0 : (size_t)get_u(&c);
	size_t n0 = d->n;
	for (size_t i = 0; !c.bad && i < nd; i++)
		get_diag(&c, d);
	free(owned);
	if (c.bad) {
		drop_from(d, n0);
		return false;
	}
	rep->results = res;
	rep->n = n;
	rep->grade = vg;
	rep->grades = p->grades;
	rep->ngrades = p->ngrades;
	return true;
}
