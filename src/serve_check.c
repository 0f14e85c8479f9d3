/* serve_check.c - the server's use of the batch (see serve_check.h): an
 * upload checked exactly as `venuecheck check FILE` checks it, a stored
 * submission re-checked to show it, the county checked as `check
 * --complete` checks a whole tree.  Files are read from DIR (blobs, or a
 * private temporary for a workbook, whose kind its extension tells the
 * loader) but named in every message by the name the client gave.
 * Pipeline step: front end (server). */
#include "serve_check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "htmlreport.h"
#include "label.h"
#include "report.h"
#include "tree.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- what a file is ---- */

enum serve_kind serve_sniff(const char *bytes, size_t len, const char *name)
{
	static const char zip[] = "PK\x03\x04";
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	if (len >= 4 && !memcmp(bytes, zip, 4))
		return SERVE_XLSX;
	if (len >= 8 && !memcmp(bytes, ole, 8))
		return SERVE_XLS;
	/* Text, or not a venue file: a NUL in the first 8 KiB means a binary
	 * format (an image, a PDF's streams, a .docx would be a zip). */
	if (len == 0 || memchr(bytes, '\0', len < 8192 ? len : 8192))
		return SERVE_UNKNOWN;
	(void)name; /* the bytes decide; a name never overrides them */
	return SERVE_YAML;
}

const char *serve_kind_ext(enum serve_kind k)
{
	static const char *const ext[] = {".yaml", ".xlsx", ".xls", ""};
	return ext[k];
}

/* The last component of a client's name, without its extension. */
static char *base_of(const char *client_name)
{
	const char *s = client_name ? client_name : "";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	char *base = xstrdup(s);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	return base;
}

/* Keep printable UTF-8 only, cut at max bytes on a character boundary. */
static void clean_name(char *s, size_t max)
{
	if (!utf8_valid(s))
		s[0] = '\0';
	size_t o = 0;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == ':')
			continue;
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (o + n > max)
			break;
		memmove(s + o, s + i, n);
		o += n;
		i += n - 1;
	}
	s[o] = '\0';
}

char *serve_display_name(const char *client_name, enum serve_kind k)
{
	char *base = base_of(client_name);
	clean_name(base, 100);
	bool usable = *base && strcmp(base, ".") != 0 && strcmp(base, "..") != 0;
	const char *ext = serve_kind_ext(k);
	size_t n = strlen(usable ? base : "upload") + strlen(ext) + 1;
	char *out = xmalloc(n);
	snprintf(out, n, "%s%s", usable ? base : "upload", ext);
	free(base);
	return out;
}

/* ---- checking ---- */

static int today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static struct batch *new_batch(const struct serve *s, bool complete)
{
	struct batch_opts o = {.jobs = 1, .year = s->o->year,
			       .complete = complete, .today = today()};
	return batch_new(s->pack, &o);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void serve_outcome_clear(struct serve_outcome *o)
{
	store_venue_clear(&o->venue);
	for (size_t k = 0; k < o->nresults; k++) {
		free(o->results[k].rule);
		free(o->results[k].text_zh);
		free(o->results[k].text_en);
	}
	free(o->results);
	memset(o, 0, sizeof *o);
}

static char *outcome_text(const struct result *r, enum lang l)
{
	struct arena a;
	arena_init(&a);
	const char *t = label_outcome(r, l, &a);
	char *out = xstrdup(t ? t : "");
	arena_free(&a);
	return out;
}

/* File 0 of a batch that has run, into out. */
static void take_outcome(const struct batch *b, struct serve_outcome *out)
{
	memset(out, 0, sizeof *out);
	out->status = (int)batch_status(b, FAIL_ON_MISSING);
	const struct venue *v = batch_venue(b, 0);
	const struct check_report *rep = batch_report(b, 0);
	if (!v || !rep) {
		out->status = BATCH_INVALID;
		return;
	}
	out->venue = (struct store_venue){
		.id = dup_or_null(v->id), .name = dup_or_null(v->name),
		.tier = dup_or_null(v->tier), .parent = xstrdup(v->parent ? v->parent : "")};
	out->year = v->year;
	out->nresults = rep->n;
	out->results = xcalloc(rep->n ? rep->n : 1, sizeof *out->results);
	for (size_t k = 0; k < rep->n; k++) {
		const struct result *r = &rep->results[k];
		out->results[k] = (struct store_result){
			.rule = xstrdup(r->rule->id), .verdict = (int)r->verdict,
			.text_zh = outcome_text(r, LANG_ZH),
			.text_en = outcome_text(r, LANG_EN)};
		if (r->verdict == VERDICT_FAIL || r->verdict == VERDICT_MISSING)
			out->failing++;
	}
}

/* A workbook's bytes at a private path with the kind's extension (the
 * loader tells .xlsx from .xls by it); NULL with *error. */
static char *workbook_copy(const struct serve *s, enum serve_kind k,
			   const char *bytes, size_t len, char **error)
{
	char *path = store_tmp_path(s->store, serve_kind_ext(k));
	FILE *f = path ? fopen(path, "wb") : NULL;
	bool ok = f && fwrite(bytes, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok) {
		*error = xstrdup(strerror(errno));
		if (path)
			unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/* Add a file's bytes to b under name; *tmp is a path to unlink after the
 * run (NULL for YAML, checked from memory).  False with *error. */
static bool add_bytes(const struct serve *s, struct batch *b, const char *name,
		      const char *bytes, size_t len, char **tmp, char **error)
{
	enum serve_kind k = serve_sniff(bytes, len, name);
	*tmp = NULL;
	if (k == SERVE_YAML || k == SERVE_UNKNOWN) {
		batch_add_buffer(b, name, bytes, len);
		return true;
	}
	if (!(*tmp = workbook_copy(s, k, bytes, len, error)))
		return false;
	batch_add_path_as(b, *tmp, name);
	return true;
}

static void drop_tmp(char *tmp)
{
	if (tmp)
		unlink(tmp);
	free(tmp);
}

/* A one-file batch of bytes named name, run; NULL with *error. */
static struct batch *check_one(const struct serve *s, const char *name,
			       const char *bytes, size_t len, char **error)
{
	struct batch *b = new_batch(s, false);
	char *tmp;
	if (!add_bytes(s, b, name, bytes, len, &tmp, error)) {
		batch_free(b);
		return NULL;
	}
	batch_run(b, NULL);
	drop_tmp(tmp);
	return b;
}

bool serve_check_bytes(const struct serve *s, const char *name,
		       const char *bytes, size_t len,
		       struct serve_outcome *out, char **error)
{
	struct batch *b = check_one(s, name, bytes, len, error);
	if (!b)
		return false;
	take_outcome(b, out);
	batch_free(b);
	return true;
}

/* The bytes of a stored submission (malloc'ed), NULL with *error. */
static char *read_blob(const struct serve *s, const char *sha, size_t *len,
		       char **error)
{
	char *path = store_blob_path(s->store, sha);
	FILE *f = fopen(path, "rb");
	free(path);
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || st.st_size < 0) {
		*error = xstrdup(strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	char *buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (*len != (size_t)st.st_size) {
		*error = xstrdup("short read");
		free(buf);
		return NULL;
	}
	return buf;
}

static struct batch *check_stored(const struct serve *s,
				  const struct store_submission *sub,
				  char **error)
{
	size_t len;
	char *bytes = read_blob(s, sub->sha256, &len, error);
	if (!bytes)
		return NULL;
	struct batch *b = check_one(s, sub->filename, bytes, len, error);
	free(bytes);
	return b;
}

bool serve_render_submission(const struct serve *s,
			     const struct store_submission *sub, enum lang lang,
			     FILE *f)
{
	char *error = NULL;
	struct batch *b = check_stored(s, sub, &error);
	free(error);
	if (!b)
		return false;
	const struct check_report *rep = batch_report(b, 0);
	if (rep)
		htmlreport_venue(f, s->pack, rep, batch_diags(b, 0), lang);
	else
		htmlreport_invalid(f, sub->filename, batch_diags(b, 0), lang);
	batch_free(b);
	return true;
}

/* A report of b in format, through a private file (xlsx needs one):
 * malloc'ed bytes, NULL with *error. */
static char *report_bytes(const struct serve *s, const struct batch *b,
			  const char *format, bool english, size_t *len,
			  char **error)
{
	char ext[16];
	snprintf(ext, sizeof ext, ".%s", format);
	char *path = store_tmp_path(s->store, ext);
	enum report_format f;
	if (!path || !report_format_parse(format, &f)) {
		free(path);
		*error = xstrdup(format);
		return NULL;
	}
	struct report_opts o = {.lang = english ? LANG_EN : LANG_ZH,
				.bom = true, .out = path};
	struct diags d;
	diag_init(&d);
	struct report *r = report_open(f, s->pack, &o, &d);
	bool ok = r != NULL;
	if (r) {
		batch_report_to(b, r);
		ok = report_finish(r, &d);
	}
	char *out = NULL;
	if (ok) {
		FILE *fp = fopen(path, "rb");
		struct stat st;
		if (fp && fstat(fileno(fp), &st) == 0 && st.st_size >= 0) {
			out = xmalloc((size_t)st.st_size + 1);
			*len = fread(out, 1, (size_t)st.st_size, fp);
			out[*len] = '\0';
		}
		if (fp)
			fclose(fp);
	}
	if (!out)
		*error = d.n ? xstrdup(diag_text(&d.v[0], o.lang))
			     : xstrdup(strerror(errno));
	diag_free(&d);
	unlink(path);
	free(path);
	return out;
}

char *serve_json_report(const struct serve *s, const char *name,
			const char *bytes, size_t len, bool english,
			size_t *out_len, int *status, char **error)
{
	struct batch *b = check_one(s, name, bytes, len, error);
	if (!b)
		return NULL;
	*status = (int)batch_status(b, FAIL_ON_MISSING);
	char *out = report_bytes(s, b, "json", english, out_len, error);
	batch_free(b);
	return out;
}

char *serve_submission_json(const struct serve *s,
			    const struct store_submission *sub, bool english,
			    size_t *out_len)
{
	char *error = NULL;
	struct batch *b = check_stored(s, sub, &error);
	char *out = b ? report_bytes(s, b, "json", english, out_len, &error) : NULL;
	batch_free(b);
	free(error);
	return out;
}

/* ---- submitting ---- */

static enum store_status status_of(int status)
{
	return status == 0 ? STORE_PASSED
		: status == 1 ? STORE_FAILING : STORE_INVALID;
}

/* A venue met in a submission joins the list, or is brought up to date
 * with its file (an imported one keeps the list's name and place: the
 * store never lets a file change it). */
static void learn_venue(const struct serve *s, const struct store_venue *v)
{
	struct store_venue add = *v;
	add.imported = false;
	store_venue_put(s->store, &add);
}

static bool keep(const struct serve *s, const struct store_link *link,
		 const char *name, const char *bytes, size_t len,
		 struct serve_outcome *o, long long *id, char **error)
{
	struct store_submission sub = {
		.link_id = link->id,
		.venue_id = o->venue.id ? o->venue.id : link->venue_id,
		.filename = (char *)name, .status = status_of(o->status),
		.failing = o->failing, .pack_sha = (char *)s->pack_sha,
		.year = o->year, .results = o->results, .nresults = o->nresults};
	if (!store_submit(s->store, &sub, bytes, len, error))
		return false;
	*id = sub.id;
	return true;
}

bool serve_submit(const struct serve *s, const struct store_link *link,
		  const char *client_name, const char *bytes, size_t len,
		  long long *id, unsigned *http, char **error)
{
	enum serve_kind k = serve_sniff(bytes, len, client_name);
	*error = NULL;
	if (k == SERVE_UNKNOWN) {
		*http = 415;
		return false;
	}
	char *name = serve_display_name(client_name, k);
	struct serve_outcome o;
	*http = 500;
	bool ok = false;
	if (!serve_check_bytes(s, name, bytes, len, &o, error)) {
		free(name);
		return false;
	}
	if (o.venue.id && !store_link_covers_venue(s->store, link, &o.venue)) {
		*http = 403;
	} else {
		if (o.venue.id)
			learn_venue(s, &o.venue);
		ok = keep(s, link, name, bytes, len, &o, id, error);
		*http = ok ? 201 : 500;
	}
	serve_outcome_clear(&o);
	free(name);
	return ok;
}

/* ---- the county ---- */

struct serve_county {
	struct batch *b;
	long long *sub; /* the submission of each file */
	struct store_submission *latest;
	size_t nlatest;
	const struct serve *s;
};

/* Add every venue's latest submission to c's batch; the temporaries go
 * to tmp (unlinked after the run). */
static bool add_latest(struct serve_county *c, char **tmp, char **error)
{
	for (size_t i = 0; i < c->nlatest; i++) {
		const struct store_submission *sub = &c->latest[i];
		size_t len;
		char *bytes = read_blob(c->s, sub->sha256, &len, error);
		if (!bytes)
			return false;
		bool ok = add_bytes(c->s, c->b, sub->filename, bytes, len, &tmp[i],
				    error);
		free(bytes);
		if (!ok)
			return false;
		c->sub[i] = sub->id;
	}
	return true;
}

struct serve_county *serve_county_load(const struct serve *s, char **error)
{
	struct serve_county *c = xcalloc(1, sizeof *c);
	c->s = s;
	c->nlatest = store_latest(s->store, &c->latest);
	c->sub = xcalloc(c->nlatest + 1, sizeof *c->sub);
	c->b = new_batch(s, true);
	char **tmp = xcalloc(c->nlatest + 1, sizeof *tmp);
	bool ok = add_latest(c, tmp, error);
	if (ok)
		batch_run(c->b, NULL);
	for (size_t i = 0; i < c->nlatest; i++)
		drop_tmp(tmp[i]);
	free(tmp);
	if (!ok) {
		serve_county_free(c);
		return NULL;
	}
	return c;
}

void serve_county_free(struct serve_county *c)
{
	if (!c)
		return;
	batch_free(c->b);
	store_submissions_free(c->latest, c->nlatest);
	free(c->sub);
	free(c);
}

const struct batch *serve_county_batch(const struct serve_county *c)
{
	return c->b;
}

long long serve_county_submission(const struct serve_county *c, size_t i)
{
	return i < c->nlatest ? c->sub[i] : 0;
}

struct missing {
	char **ids;
	size_t n, cap;
};

static bool listed(const struct missing *m, const char *id)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->ids[i], id))
			return true;
	return false;
}

static void add_missing(void *ctx, const char *id, const char *name)
{
	(void)name;
	struct missing *m = ctx;
	if (listed(m, id))
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->ids = xrealloc(m->ids, m->cap * sizeof *m->ids);
	}
	m->ids[m->n++] = xstrdup(id);
}

static bool submitted(const struct serve_county *c, const char *id)
{
	for (size_t i = 0; i < c->nlatest; i++)
		if (!strcmp(c->latest[i].venue_id, id))
			return true;
	return false;
}

size_t serve_county_missing(const struct serve_county *c, char ***ids)
{
	struct missing m = {0};
	const struct tree *t = batch_tree(c->b);
	for (size_t i = 0; t && i < t->n; i++)
		tree_each_missing(t, c->s->pack, i, add_missing, &m);
	struct store_venue *v;
	size_t n = store_venues(c->s->store, &v);
	for (size_t i = 0; i < n; i++)
		if (!submitted(c, v[i].id))
			add_missing(&m, v[i].id, v[i].name);
	store_venues_free(v, n);
	*ids = m.ids;
	return m.n;
}

char *serve_county_report(const struct serve *s, const char *format,
			  bool english, size_t *len, char **error)
{
	struct serve_county *c = serve_county_load(s, error);
	if (!c)
		return NULL;
	char *out = report_bytes(s, c->b, format, english, len, error);
	serve_county_free(c);
	return out;
}

/* ---- when the pack or year changed ---- */

static bool stale(const struct serve *s, const struct store_submission *sub)
{
	return !sub->pack_sha || strcmp(sub->pack_sha, s->pack_sha) != 0 ||
	       (s->o->year && sub->year != s->o->year);
}

static bool recheck(const struct serve *s, struct store_submission *sub)
{
	char *error = NULL;
	struct batch *b = check_stored(s, sub, &error);
	free(error);
	if (!b)
		return false;
	struct serve_outcome o;
	take_outcome(b, &o);
	batch_free(b);
	struct store_submission now = *sub;
	now.status = status_of(o.status);
	now.failing = o.failing;
	now.pack_sha = (char *)s->pack_sha;
	now.year = o.year;
	now.results = o.results;
	now.nresults = o.nresults;
	bool ok = store_set_results(s->store, &now);
	serve_outcome_clear(&o);
	return ok;
}

size_t serve_recompute(const struct serve *s)
{
	struct store_submission *all;
	size_t n = store_all(s->store, &all), done = 0;
	for (size_t i = 0; i < n; i++)
		if (stale(s, &all[i]) && recheck(s, &all[i]))
			done++;
	store_submissions_free(all, n);
	return done;
}
