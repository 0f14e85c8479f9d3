/* serve_api.c - the JSON API of `venuecheck serve`, under /api/v1/, for
 * the portal engineer's programs: a file checked (nothing kept), a file
 * submitted with an upload link's token, a submission read back, the
 * venue list with each venue's latest status, the county report.  Tokens
 * travel in an Authorization: Bearer header (never in an API URL, which
 * proxies log).  Every answer is JSON, written with the JSON report's
 * own string writer (report_json_str); errors are http_error's object.
 * The reports are the CLI's, from serve_check.c, so an API answer and
 * `venuecheck check --format json` agree.  Described in docs/openapi.yaml
 * and venuecheck-serve(1).
 * Pipeline step: front end (server). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "http.h"
#include "report.h"
#include "serve.h"
#include "serve_check.h"
#include "store.h"
#include "token.h"
#include "xalloc.h"

#define SERVE_API_JSON "application/json; charset=utf-8"

/* ---- messages (Chinese, English with ?lang=en) ---- */

enum serve_api_msg {
	SERVE_API_EMPTY, SERVE_API_KIND, SERVE_API_NO_TOKEN,
	SERVE_API_BAD_TOKEN, SERVE_API_REVOKED, SERVE_API_NOT_ADMIN,
	SERVE_API_NOT_VENUE, SERVE_API_NOT_YOURS, SERVE_API_NO_SUCH,
	SERVE_API_FAILED
};

static const char *const serve_api_texts[][2] = {
	[SERVE_API_EMPTY] = {"请求中没有文件：请把文件的字节作为请求正文发送",
			     "the request holds no file: send the file's bytes "
			     "as the request body"},
	[SERVE_API_KIND] = {"不是场馆数据文件（应为 .xlsx、.xls 或 .yaml）",
			    "not a venue data file (expected .xlsx, .xls or "
			    ".yaml)"},
	[SERVE_API_NO_TOKEN] = {"缺少令牌：请加上请求头 Authorization: Bearer 令牌",
				"no token: send the header Authorization: "
				"Bearer TOKEN"},
	[SERVE_API_BAD_TOKEN] = {"令牌无效", "unknown token"},
	[SERVE_API_REVOKED] = {"此上传链接已被撤销", "this upload link has been "
				"revoked"},
	[SERVE_API_NOT_ADMIN] = {"需要管理员令牌", "this needs the admin token"},
	[SERVE_API_NOT_VENUE] = {"文件中的场馆不属于此上传链接",
				 "the file's venue is not one this link may "
				 "upload for"},
	[SERVE_API_NOT_YOURS] = {"此提交不是用这个链接上传的",
				 "this submission was not made with this link"},
	[SERVE_API_NO_SUCH] = {"没有这个提交", "no such submission"},
	[SERVE_API_FAILED] = {"服务器出错，请稍后再试",
			      "the server failed; try again later"},
};

static void serve_api_fail(const struct serve *s, const struct http_req *q,
			   struct http_resp *r, unsigned status,
			   enum serve_api_msg m)
{
	bool en = http_lang(q, s) == LANG_EN;
	http_error(r, q, status, serve_api_texts[m][en]);
}

/* 401 says how to authenticate (RFC 6750), so a client knows it is the
 * token, not the URL, that is wrong. */
static void serve_api_unauthorized(const struct serve *s,
				   const struct http_req *q,
				   struct http_resp *r, enum serve_api_msg m)
{
	http_header_add(r, "WWW-Authenticate", "Bearer realm=\"venuecheck\"");
	serve_api_fail(s, q, r, 401, m);
}

/* ---- tokens ---- */

/* The token of "Authorization: Bearer TOKEN" (the scheme's name is
 * case-insensitive, RFC 7235), or NULL. */
static const char *serve_api_bearer(const struct http_req *q)
{
	const char *h = http_header(q, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

static bool serve_api_is_admin(const struct serve *s, const char *t)
{
	return t && token_valid(t) && store_admin_ok(s->store, t);
}

/* The link of token t into l: 1 live, -1 revoked, 0 none (l cleared). */
static int serve_api_find_link(const struct serve *s, const char *t,
			       struct store_link *l)
{
	memset(l, 0, sizeof *l);
	return t && token_valid(t) ? store_link_find(s->store, t, l) : 0;
}

/* Whether the request carries the admin token; if not, answered: 401 no
 * token or an unknown one, 403 an upload link's (known, not enough). */
static bool serve_api_admin(const struct serve *s, const struct http_req *q,
			    struct http_resp *r)
{
	const char *t = serve_api_bearer(q);
	if (serve_api_is_admin(s, t))
		return true;
	struct store_link l;
	int found = serve_api_find_link(s, t, &l);
	store_link_clear(&l);
	if (found)
		serve_api_fail(s, q, r, 403, SERVE_API_NOT_ADMIN);
	else
		serve_api_unauthorized(s, q, r, t ? SERVE_API_BAD_TOKEN
						  : SERVE_API_NO_TOKEN);
	return false;
}

/* The live link of the request's token into l; else answered (401, 403
 * revoked) and false. */
static bool serve_api_link(const struct serve *s, const struct http_req *q,
			   struct http_resp *r, struct store_link *l)
{
	const char *t = serve_api_bearer(q);
	int found = serve_api_find_link(s, t, l);
	if (found == 1)
		return true;
	store_link_clear(l);
	if (found == -1)
		serve_api_fail(s, q, r, 403, SERVE_API_REVOKED);
	else
		serve_api_unauthorized(s, q, r, t ? SERVE_API_BAD_TOKEN
						  : SERVE_API_NO_TOKEN);
	return false;
}

/* ---- the uploaded file ---- */

struct serve_api_upload {
	const char *bytes;
	size_t len;
	const char *name; /* the client's name for it, or NULL */
};

/* Content types that name something other than a venue file (image/png):
 * answered 415 before looking at the bytes.  The venue types, the generic
 * ones (octet-stream, text) and the form types (whose file http.c reads)
 * are let through to the sniffer, which decides by the bytes. */
static bool serve_api_foreign_type(const char *type)
{
	static const char *const ok[] = {
		"application/yaml", "application/x-yaml", "text/yaml",
		"text/x-yaml", "text/plain", "application/octet-stream",
		"application/x-www-form-urlencoded", "multipart/form-data",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.ms-excel"};
	if (!type || !*type)
		return false;
	size_t n = strcspn(type, "; \t");
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strlen(ok[i]) == n && !strncasecmp(type, ok[i], n))
			return false;
	return true;
}

/* The file of the request: the raw body (named by ?name=), or a form's
 * "file" field (curl -F file=@x.xlsx, named by its filename).  False when
 * answered: 400 no file, 415 not a venue file. */
static bool serve_api_upload(const struct serve *s, const struct http_req *q,
			     struct http_resp *r, struct serve_api_upload *u)
{
	u->bytes = http_body(q, &u->len);
	u->name = http_param(q, "name");
	if ((!u->bytes || !u->len) &&
	    !http_file(q, "file", &u->bytes, &u->len, &u->name))
		u->len = 0;
	if (!u->bytes || !u->len) {
		serve_api_fail(s, q, r, 400, SERVE_API_EMPTY);
		return false;
	}
	if (serve_api_foreign_type(http_header(q, "Content-Type")) ||
	    serve_sniff(u->bytes, u->len, u->name) == SERVE_UNKNOWN) {
		serve_api_fail(s, q, r, 415, SERVE_API_KIND);
		return false;
	}
	return true;
}

/* ---- JSON answers ---- */

/* An answer being written: a memory stream, sent by serve_api_send. */
struct serve_api_out {
	FILE *f;
	char *buf;
	size_t len;
};

/* False (answered 500) when there is no memory for it. */
static bool serve_api_open(const struct serve *s, const struct http_req *q,
			   struct http_resp *r, struct serve_api_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
	return o->f != NULL;
}

static void serve_api_send(const struct serve *s, const struct http_req *q,
			   struct http_resp *r, struct serve_api_out *o,
			   unsigned status)
{
	fputc('\n', o->f);
	bool ok = !ferror(o->f);
	if (fclose(o->f) != 0)
		ok = false;
	if (!ok) {
		free(o->buf);
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
		return;
	}
	http_send(r, status, SERVE_API_JSON, o->buf, o->len);
}

/* "key": (after a comma unless first). */
static void serve_api_key(FILE *f, const char *key, bool first)
{
	if (!first)
		fputc(',', f);
	report_json_str(f, key);
	fputc(':', f);
}

static const char *serve_api_status_word(enum store_status st)
{
	static const char *const w[] = {"passed", "failing", "invalid"};
	return w[st];
}

/* {"id","name","tier","parent"} of the venue with id, or null when the
 * submission names none; a venue the list does not hold has its id and
 * nulls. */
static void serve_api_venue_ref(const struct serve *s, FILE *f,
				const char *id)
{
	if (!id || !*id) {
		fputs("null", f);
		return;
	}
	struct store_venue v = {0};
	bool known = store_venue_get(s->store, id, &v);
	fputc('{', f);
	serve_api_key(f, "id", true);
	report_json_str(f, id);
	serve_api_key(f, "name", false);
	report_json_str(f, known ? v.name : NULL);
	serve_api_key(f, "tier", false);
	report_json_str(f, known ? v.tier : NULL);
	serve_api_key(f, "parent", false);
	report_json_str(f, known && v.parent && *v.parent ? v.parent : NULL);
	fputc('}', f);
	if (known)
		store_venue_clear(&v);
}

/* A JSON document made elsewhere (the report), without its closing
 * newline, inside the one being written. */
static void serve_api_embed(FILE *f, const char *json, size_t len)
{
	while (len && (json[len - 1] == '\n' || json[len - 1] == ' '))
		len--;
	fwrite(json, 1, len, f);
}

/* ---- submissions ---- */

/* The fields of a submission, its venue and its report, into f. */
static void serve_api_submission_fields(const struct serve *s, FILE *f,
					const struct store_submission *sub,
					const char *report, size_t len)
{
	fprintf(f, "{\"id\":%lld", sub->id);
	serve_api_key(f, "sha256", false);
	report_json_str(f, sub->sha256);
	serve_api_key(f, "filename", false);
	report_json_str(f, sub->filename);
	fprintf(f, ",\"size\":%zu,\"received\":%lld", sub->size, sub->received);
	serve_api_key(f, "venue", false);
	serve_api_venue_ref(s, f, sub->venue_id);
	serve_api_key(f, "status", false);
	report_json_str(f, serve_api_status_word(sub->status));
	fprintf(f, ",\"failing\":%zu", sub->failing);
	serve_api_key(f, "report", false);
	serve_api_embed(f, report, len);
	fputc('}', f);
}

/* Answer status with the submission, its report checked again. */
static void serve_api_submission_answer(const struct serve *s,
					const struct http_req *q,
					struct http_resp *r,
					const struct store_submission *sub,
					unsigned status)
{
	size_t len = 0;
	char *report = serve_submission_json(s, sub, http_lang(q, s) == LANG_EN,
					   &len);
	struct serve_api_out o;
	if (!report) {
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
		return;
	}
	if (serve_api_open(s, q, r, &o)) {
		serve_api_submission_fields(s, o.f, sub, report, len);
		serve_api_send(s, q, r, &o, status);
	}
	free(report);
}

/* The answer for serve_submit's status when nothing was kept. */
static void serve_api_refused(const struct serve *s, const struct http_req *q,
			      struct http_resp *r, unsigned code)
{
	if (code == 403)
		serve_api_fail(s, q, r, 403, SERVE_API_NOT_VENUE);
	else if (code == 415)
		serve_api_fail(s, q, r, 415, SERVE_API_KIND);
	else
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
}

/* Answer 201 with the new submission id and where to read it back. */
static void serve_api_created(const struct serve *s, const struct http_req *q,
			      struct http_resp *r, long long id)
{
	struct store_submission sub;
	memset(&sub, 0, sizeof sub);
	if (!store_submission_get(s->store, id, &sub)) {
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
		return;
	}
	char where[64];
	snprintf(where, sizeof where, "/api/v1/submissions/%lld", id);
	http_header_add(r, "Location", where);
	serve_api_submission_answer(s, q, r, &sub, 201);
	store_submission_clear(&sub);
}

/* POST /api/v1/submissions: a file through an upload link.  A refused
 * file is kept too (status invalid), as the upload page keeps it: the
 * clerk's history shows every attempt. */
static void serve_api_submit(const struct serve *s, const struct http_req *q,
			     struct http_resp *r)
{
	struct store_link l;
	struct serve_api_upload u;
	if (!serve_api_link(s, q, r, &l))
		return;
	if (serve_api_upload(s, q, r, &u)) {
		long long id = 0;
		unsigned code = 500;
		char *error = NULL;
		serve_submit(s, &l, u.name, u.bytes, u.len, &id, &code, &error);
		free(error);
		if (code == 201)
			serve_api_created(s, q, r, id);
		else
			serve_api_refused(s, q, r, code);
	}
	store_link_clear(&l);
}

/* A submission id: decimal digits only, at most 18 (no overflow). */
static bool serve_api_id(const char *text, long long *id)
{
	size_t n = text ? strlen(text) : 0;
	if (!n || n > 18 || strspn(text, "0123456789") != n)
		return false;
	*id = strtoll(text, NULL, 10);
	return true;
}

/* Who reads a submission: the admin (true, *link 0), or a live link
 * (*link its id); else answered 401/403 and false. */
static bool serve_api_reader(const struct serve *s, const struct http_req *q,
			     struct http_resp *r, long long *link)
{
	*link = 0;
	if (serve_api_is_admin(s, serve_api_bearer(q)))
		return true;
	struct store_link l;
	if (!serve_api_link(s, q, r, &l))
		return false;
	*link = l.id;
	store_link_clear(&l);
	return true;
}

/* GET /api/v1/submissions/{id}: for the link that made it, or the admin.
 * The token is checked before the id, so an unknown token learns nothing
 * of which ids exist. */
static void serve_api_submission(const struct serve *s,
				 const struct http_req *q, struct http_resp *r)
{
	long long link, id;
	struct store_submission sub;
	if (!serve_api_reader(s, q, r, &link))
		return;
	memset(&sub, 0, sizeof sub);
	if (!serve_api_id(http_arg(q, 0), &id) ||
	    !store_submission_get(s->store, id, &sub)) {
		serve_api_fail(s, q, r, 404, SERVE_API_NO_SUCH);
		return;
	}
	if (link && sub.link_id != link)
		serve_api_fail(s, q, r, 403, SERVE_API_NOT_YOURS);
	else
		serve_api_submission_answer(s, q, r, &sub, 200);
	store_submission_clear(&sub);
}

/* ---- a file checked, nothing kept ---- */

/* POST /api/v1/check: 200 with the JSON report when the file was checked
 * (its rules passed or not: the report's verdicts say), 422 with the same
 * report, holding the errors, when the file was refused. */
static void serve_api_check(const struct serve *s, const struct http_req *q,
			    struct http_resp *r)
{
	struct serve_api_upload u;
	if (!serve_api_upload(s, q, r, &u))
		return;
	char *name = serve_display_name(
		u.name, serve_sniff(u.bytes, u.len, u.name));
	size_t len = 0;
	int status = 2;
	char *error = NULL;
	char *json = serve_json_report(s, name, u.bytes, u.len,
				       http_lang(q, s) == LANG_EN, &len,
				       &status, &error);
	free(error);
	free(name);
	if (!json)
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
	else
		http_send(r, status == 2 ? 422 : 200, SERVE_API_JSON, json, len);
}

/* ---- the admin's ---- */

/* The latest submission of venue id among n, or NULL. */
static const struct store_submission *
serve_api_latest_of(const struct store_submission *latest, size_t n,
		    const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(latest[i].venue_id, id))
			return &latest[i];
	return NULL;
}

/* One venue of the list with its latest status ("not_submitted" when it
 * has none). */
static void serve_api_venue_item(FILE *f, const struct store_venue *v,
				 const struct store_submission *sub)
{
	fputc('{', f);
	serve_api_key(f, "id", true);
	report_json_str(f, v->id);
	serve_api_key(f, "name", false);
	report_json_str(f, v->name);
	serve_api_key(f, "tier", false);
	report_json_str(f, v->tier);
	serve_api_key(f, "parent", false);
	report_json_str(f, v->parent && *v->parent ? v->parent : NULL);
	fprintf(f, ",\"imported\":%s", v->imported ? "true" : "false");
	serve_api_key(f, "status", false);
	report_json_str(f, sub ? serve_api_status_word(sub->status)
			       : "not_submitted");
	if (sub)
		fprintf(f, ",\"failing\":%zu,\"submission\":%lld,"
			"\"received\":%lld}", sub->failing, sub->id,
			sub->received);
	else
		fputs(",\"failing\":null,\"submission\":null,\"received\":null}",
		      f);
}

static void serve_api_venue_list(const struct serve *s, FILE *f)
{
	struct store_venue *v;
	struct store_submission *latest;
	size_t nv = store_venues(s->store, &v);
	size_t nl = store_latest(s->store, &latest);
	fputs("\"venues\":[", f);
	for (size_t i = 0; i < nv; i++) {
		fputs(i ? ",\n" : "\n", f);
		serve_api_venue_item(f, &v[i],
				     serve_api_latest_of(latest, nl, v[i].id));
	}
	fputc(']', f);
	store_submissions_free(latest, nl);
	store_venues_free(v, nv);
}

/* "missing": the venues the lists name that have no submission, as
 * `check --complete` finds them. */
static void serve_api_missing(FILE *f, const struct serve_county *c)
{
	char **ids;
	size_t n = serve_county_missing(c, &ids);
	fputs(",\"missing\":[", f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		report_json_str(f, ids[i]);
		free(ids[i]);
	}
	fputc(']', f);
	free(ids);
}

/* GET /api/v1/venues (admin). */
static void serve_api_venues(const struct serve *s, const struct http_req *q,
			     struct http_resp *r)
{
	if (!serve_api_admin(s, q, r))
		return;
	char *error = NULL;
	struct serve_county *c = serve_county_load(s, &error);
	free(error);
	struct serve_api_out o;
	if (!c) {
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
		return;
	}
	if (serve_api_open(s, q, r, &o)) {
		fputc('{', o.f);
		serve_api_venue_list(s, o.f);
		serve_api_missing(o.f, c);
		fputc('}', o.f);
		serve_api_send(s, q, r, &o, 200);
	}
	serve_county_free(c);
}

/* GET /api/v1/report.FORMAT (admin): the county report, the bytes the
 * CLI's check writes, from every venue's latest submission. */
static void serve_api_report(const struct serve *s, const struct http_req *q,
			     struct http_resp *r, const char *format,
			     const char *type)
{
	if (!serve_api_admin(s, q, r))
		return;
	size_t len = 0;
	char *error = NULL;
	char *bytes = serve_county_report(s, format, http_lang(q, s) == LANG_EN,
					  &len, &error);
	free(error);
	if (!bytes) {
		serve_api_fail(s, q, r, 500, SERVE_API_FAILED);
		return;
	}
	char name[32];
	snprintf(name, sizeof name, "venuecheck-report.%s", format);
	http_attachment(r, name);
	http_send(r, 200, type, bytes, len);
}

static void serve_api_report_xlsx(const struct serve *s,
				  const struct http_req *q, struct http_resp *r)
{
	serve_api_report(s, q, r, "xlsx",
			 "application/vnd.openxmlformats-officedocument."
			 "spreadsheetml.sheet");
}

static void serve_api_report_json(const struct serve *s,
				  const struct http_req *q, struct http_resp *r)
{
	serve_api_report(s, q, r, "json", SERVE_API_JSON);
}

static void serve_api_report_csv(const struct serve *s,
				 const struct http_req *q, struct http_resp *r)
{
	serve_api_report(s, q, r, "csv", "text/csv; charset=utf-8");
}

/* The API's routes (http.c's router reads them after the pages'); every
 * one is in docs/openapi.yaml, which tests/serve_api_check.py checks. */
const struct http_route serve_api_routes[] = {
	{"POST", "/api/v1/check", serve_api_check},
	{"POST", "/api/v1/submissions", serve_api_submit},
	{"GET", "/api/v1/submissions/{}", serve_api_submission},
	{"GET", "/api/v1/venues", serve_api_venues},
	{"GET", "/api/v1/report.xlsx", serve_api_report_xlsx},
	{"GET", "/api/v1/report.json", serve_api_report_json},
	{"GET", "/api/v1/report.csv", serve_api_report_csv},
	{NULL, NULL, NULL},
};
