/* http.c - the server's HTTP layer (http.h) over libmicrohttpd (MHD),
 * one request at a time: read whole (up to --limit, within the budget of
 * bodies held at once) into a struct http_req, its path decoded once and
 * checked, routed (http_route.c) to a handler of the pages' or the API's
 * table, and answered with the security headers every response carries.
 * The daemon, its connections and their deadline are http_server.c's.
 * Pipeline step: front end (server). */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "assets.h"
#include "html.h"
#include "http_impl.h"
#include "http_route.h"
#include "report.h"
#include "serve.h"
#include "xalloc.h"

/* The pages' and the API's tables, until their modules define them: a
 * module's own (strong) definition replaces these, so neither needs to
 * touch this file to land. */
__attribute__((weak)) const struct http_route serve_page_routes[] = {
	{NULL, NULL, NULL},
};
__attribute__((weak)) const struct http_route serve_api_routes[] = {
	{NULL, NULL, NULL},
};

/* GET /static/NAME: a file of web/ built into the binary (assets.h).
 * The name is looked up in a table, never opened: no file of the server
 * can be named here. */
static void http_static(const struct serve *s, const struct http_req *q,
			struct http_resp *r);
static const struct http_route http_static_routes[] = {
	{"GET", "/static/{}", http_static},
	{NULL, NULL, NULL},
};

#define HTTP_MAX_FIELDS 64     /* form fields: more is not one of our forms */

static const char http_csp[] =
	"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* A form field: text, or a file when filename is set. */
struct http_field {
	char *key, *filename;
	char *data;
	size_t len, cap;
};

struct http_header {
	char *name, *value;
};

struct http_resp {
	unsigned status;
	char *type;
	char *body;
	size_t len;
	const unsigned char *fixed; /* a built-in file's bytes: never freed */
	struct http_header *hdr;
	size_t nhdr;
};

struct http_ctx;

struct http_req {
	struct http_ctx *x;
	struct MHD_Connection *conn;
	char *raw;              /* the request target as sent */
	char *path;             /* decoded, NULL when refused */
	char method[16];
	char peer[INET6_ADDRSTRLEN];
	char *args[HTTP_MAX_ARGS];
	size_t nargs;
	struct timespec start;
	bool started, too_big, bad_form, busy;
	size_t total;           /* body bytes received */
	size_t held;            /* of them, counted in x->buffered */
	char *body;             /* the raw body (not a form) */
	size_t len, cap;
	struct MHD_PostProcessor *pp;
	struct http_field *fields;
	size_t nfields;
	const struct http_route *route;
	unsigned status;        /* answered, for the log */
};

/* ---- small helpers ---- */

struct timespec http_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

double http_ms_since(struct timespec a)
{
	struct timespec b = http_now();
	return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

char *http_fmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	(void)vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	return s;
}


/* A growing byte buffer (bodies, pages). */
struct http_buf {
	char *p;
	size_t len, cap;
};

static void http_put(struct http_buf *b, const char *s, size_t n)
{
	if (!b->p || b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void http_puts(struct http_buf *b, const char *s)
{
	http_put(b, s, strlen(s));
}


/* ---- the request, for handlers ---- */

const char *http_method(const struct http_req *q)
{
	return q->method;
}

const char *http_path(const struct http_req *q)
{
	return q->path ? q->path : "/";
}

const char *http_arg(const struct http_req *q, size_t i)
{
	return i < q->nargs ? q->args[i] : NULL;
}

/* A text field's value; NULL for a file, or for text holding a NUL
 * (which a C string would silently cut). */
static const char *http_field_text(const struct http_field *f)
{
	if (f->filename)
		return NULL;
	const char *v = f->data ? f->data : "";
	return strlen(v) == f->len ? v : NULL;
}

const char *http_param(const struct http_req *q, const char *key)
{
	for (size_t i = 0; i < q->nfields; i++)
		if (!strcmp(q->fields[i].key, key) && !q->fields[i].filename)
			return http_field_text(&q->fields[i]);
	return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(const struct http_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, name);
}

const char *http_peer(const struct http_req *q)
{
	return q->peer;
}

const char *http_body(const struct http_req *q, size_t *len)
{
	*len = q->body ? q->len : 0;
	return q->body;
}

bool http_file(const struct http_req *q, const char *field,
	       const char **bytes, size_t *len, const char **filename)
{
	for (size_t i = 0; i < q->nfields; i++) {
		const struct http_field *f = &q->fields[i];
		if (strcmp(f->key, field) != 0 || !f->filename)
			continue;
		*bytes = f->data ? f->data : "";
		*len = f->len;
		*filename = f->filename;
		return true;
	}
	return false;
}

enum lang http_lang(const struct http_req *q, const struct serve *s)
{
	const char *l = q->conn ? MHD_lookup_connection_value(
					  q->conn, MHD_GET_ARGUMENT_KIND, "lang")
				: NULL;
	if (l && !strcmp(l, "en"))
		return LANG_EN;
	if (l && !strcmp(l, "zh"))
		return LANG_ZH;
	return s && s->o ? s->o->lang : LANG_ZH;
}

/* ---- the response, for handlers ---- */

void http_send(struct http_resp *r, unsigned status, const char *type,
	       char *body, size_t len)
{
	free(r->body);
	free(r->type);
	r->status = status;
	r->type = xstrdup(type ? type : "application/octet-stream");
	r->body = body;
	r->len = body ? len : 0;
}

/* A header's value with CR, LF and other control characters made
 * spaces: a value can never start another header. */
static char *http_header_clean(const char *v)
{
	char *c = xstrdup(v);
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

void http_header_add(struct http_resp *r, const char *name, const char *value)
{
	r->hdr = xrealloc(r->hdr, (r->nhdr + 1) * sizeof *r->hdr);
	r->hdr[r->nhdr].name = http_header_clean(name);
	r->hdr[r->nhdr].value = http_header_clean(value);
	r->nhdr++;
}

void http_redirect(struct http_resp *r, const char *location)
{
	/* Only a path of this server: "//host" would leave it. */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\') {
		http_send(r, 500, "text/plain; charset=utf-8", xstrdup("bad redirect"), 12);
		return;
	}
	http_send(r, 303, "text/plain; charset=utf-8", NULL, 0);
	http_header_add(r, "Location", location);
}

void http_attachment(struct http_resp *r, const char *filename)
{
	/* RFC 6266: an ASCII fallback for old clients, then the UTF-8 name
	 * percent-encoded (RFC 5987), which every current browser uses. */
	struct http_buf b = {0};
	http_puts(&b, "attachment; filename=\"");
	for (const char *p = filename; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/';
		http_put(&b, plain ? p : "_", 1);
	}
	http_puts(&b, "\"; filename*=UTF-8''");
	for (const char *p = filename; *p; p++) {
		unsigned char c = (unsigned char)*p;
		char e[4];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			http_put(&b, p, 1);
		else {
			snprintf(e, sizeof e, "%%%02X", c);
			http_put(&b, e, 3);
		}
	}
	http_header_add(r, "Content-Disposition", b.p);
	free(b.p);
}

static const char *http_title(unsigned status, bool en)
{
	static const struct {
		unsigned status;
		const char *zh, *en;
	} t[] = {
		{400, "请求无效", "Bad Request"},
		{401, "需要有效的链接", "Unauthorized"},
		{403, "无权访问", "Forbidden"},
		{404, "找不到该页面", "Not Found"},
		{405, "不支持该请求方法", "Method Not Allowed"},
		{413, "上传的内容过大", "Payload Too Large"},
		{415, "不支持的文件类型", "Unsupported Media Type"},
		{422, "文件未能通过读取", "Unprocessable Content"},
		{429, "请求过多", "Too Many Requests"},
		{500, "服务器内部错误", "Internal Server Error"},
		{503, "服务器正在停止", "Service Unavailable"},
	};
	for (size_t i = 0; i < countof(t); i++)
		if (t[i].status == status)
			return en ? t[i].en : t[i].zh;
	return en ? "Error" : "错误";
}

/* {"error": {"status": N, "message": "..."}}, escaped by the JSON
 * report's own writer. */
static void http_json_error(struct http_resp *r, unsigned status, const char *message)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		http_send(r, status, "application/json", NULL, 0);
		return;
	}
	fprintf(f, "{\"error\":{\"status\":%u,\"message\":", status);
	report_json_str(f, message);
	fputs("}}\n", f);
	fclose(f);
	http_send(r, status, "application/json", buf, len);
}

static bool http_is_api(const struct http_req *q)
{
	return q && q->path && !strncmp(q->path, "/api/", 5);
}

/* The error page, through the one escaping writer (html.h). */
static void http_error_page(struct http_resp *r, unsigned status, bool en,
			    const char *title, const char *message)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		http_send(r, status, "text/plain; charset=utf-8", NULL, 0);
		return;
	}
	html_raw(f, en ? "<!DOCTYPE html>\n<html lang=\"en\">" : "<!DOCTYPE html>\n<html lang=\"zh-CN\">");
	html_printf(f, "<head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>%u %s</title><link rel=\"stylesheet\" href=\"/static/report.css\">"
		       "</head>\n<body><main class=\"error\"><h1>%u %s</h1>\n<p>%s</p></main>"
		       "</body></html>\n", status, title, status, title, message);
	fclose(f);
	http_send(r, status, "text/html", buf, len);
}

void http_error(struct http_resp *r, const struct http_req *q,
		unsigned status, const char *message)
{
	bool en = q && http_lang(q, q->x ? q->x->s : NULL) == LANG_EN;
	const char *title = http_title(status, en);
	if (!message)
		message = title;
	if (http_is_api(q))
		http_json_error(r, status, message);
	else
		http_error_page(r, status, en, title, message);
}

static void http_static(const struct serve *s, const struct http_req *q,
			struct http_resp *r)
{
	const struct asset *a = asset_find(http_arg(q, 0));
	if (!a) {
		http_error(r, q, 404, http_lang(q, s) == LANG_EN ? "There is no such file."
								 : "没有这个文件。");
		return;
	}
	http_send(r, 200, a->type, NULL, 0);
	r->fixed = a->data;
	r->len = a->len;
}

/* ---- paths ---- */

static int http_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The path of a request target, percent-decoded once; NULL when it is
 * not an absolute path, has a bad escape, a NUL, or a "." or ".."
 * segment (decoded: %2e%2e is ".." too).  The server opens no file by a
 * client's name, but no handler need think about it either. */
static char *http_decode_path(const char *raw)
{
	size_t n = strcspn(raw, "?#");
	if (n == 0 || raw[0] != '/')
		return NULL;
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (raw[i] != '%') {
			*o++ = raw[i];
			continue;
		}
		int hi = i + 2 < n ? http_hexval(raw[i + 1]) : -1;
		int lo = hi >= 0 ? http_hexval(raw[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(out);
			return NULL;
		}
		*o++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*o = '\0';
	for (const char *s = out; *s; s += strcspn(s, "/")) {
		s++; /* past the '/' */
		size_t k = strcspn(s, "/");
		if ((k == 1 && s[0] == '.') || (k == 2 && s[0] == '.' && s[1] == '.')) {
			free(out);
			return NULL;
		}
	}
	return out;
}

/* The path for the log: raw, without the query, with the token segment
 * after /u/ and /admin/ shown as "…" (a log is no place for live links)
 * and bytes outside printable ASCII escaped (no forged log lines). */
static void http_log_path(const char *raw, char *out, size_t size)
{
	size_t n = strcspn(raw, "?#"), o = 0, seg = 0;
	bool hide = false;
	for (size_t i = 0; i < n && o + 8 < size; i++) {
		if (raw[i] == '/') {
			seg++;
			hide = seg == 2 && (!strncmp(raw, "/u/", 3) || !strncmp(raw, "/admin/", 7));
			out[o++] = '/';
			if (hide)
				o += (size_t)snprintf(out + o, size - o, "\xe2\x80\xa6");
			continue;
		}
		if (hide)
			continue;
		unsigned char c = (unsigned char)raw[i];
		if (c < 0x21 || c > 0x7e)
			o += (size_t)snprintf(out + o, size - o, "%%%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* ---- forms ---- */

/* MHD's post processor hands a field's bytes in pieces (off > 0 for the
 * later ones of the same field). */
static enum MHD_Result http_post_iter(void *cls, enum MHD_ValueKind kind,
				      const char *key, const char *filename,
				      const char *ctype, const char *enc,
				      const char *data, uint64_t off, size_t size)
{
	(void)kind;
	(void)ctype;
	(void)enc;
	struct http_req *q = cls;
	struct http_field *last = q->nfields ? &q->fields[q->nfields - 1] : NULL;
	if (!last || strcmp(last->key, key) != 0 || (off == 0 && last->len > 0)) {
		if (q->nfields == HTTP_MAX_FIELDS) {
			q->bad_form = true;
			return MHD_NO;
		}
		q->fields = xrealloc(q->fields, (q->nfields + 1) * sizeof *q->fields);
		last = &q->fields[q->nfields++];
		*last = (struct http_field){.key = xstrdup(key),
					    .filename = filename ? xstrdup(filename) : NULL};
	}
	struct http_buf b = {last->data, last->len, last->cap};
	http_put(&b, size ? data : "", size);
	last->data = b.p;
	last->len = b.len;
	last->cap = b.cap;
	return MHD_YES;
}

/* Whether the body is a form to parse.  Under /api/ only multipart is:
 * the API takes a file as the body, and `curl --data-binary @f.yaml`
 * labels any body application/x-www-form-urlencoded unless told. */
static bool http_is_form(const char *ctype, const char *path)
{
	if (!ctype)
		return false;
	bool api = path && !strncmp(path, "/api/", 5);
	return (!api && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33)) ||
	       !strncasecmp(ctype, "multipart/form-data", 19);
}

/* Bodies held at once, by all requests: HTTP_BUDGET uploads of the
 * largest size.  Past it a request is answered 503 rather than the
 * server's memory growing with the connections (64 of 16 MB is 1 GB). */
#define HTTP_BUDGET 4

static bool http_reserve(struct http_req *q, size_t size)
{
	struct http_ctx *x = q->x;
	size_t limit = x->s->o->limit;
	size_t budget = limit > SIZE_MAX / HTTP_BUDGET ? SIZE_MAX : HTTP_BUDGET * limit;
	pthread_mutex_lock(&x->mu);
	bool ok = x->buffered + size <= budget;
	if (ok) {
		x->buffered += size;
		q->held += size;
	}
	pthread_mutex_unlock(&x->mu);
	return ok;
}

/* Body bytes: counted against --limit (past it they are dropped and the
 * answer is 413) and the budget, then parsed as a form or kept raw. */
static void http_take(struct http_req *q, const char *data, size_t size)
{
	q->total += size;
	if (q->too_big || q->total > q->x->s->o->limit) {
		q->too_big = true;
		return;
	}
	if (q->bad_form || q->busy)
		return;
	if (!http_reserve(q, size)) {
		q->busy = true;
		return;
	}
	if (q->pp) {
		if (MHD_post_process(q->pp, data, size) != MHD_YES)
			q->bad_form = true;
		return;
	}
	struct http_buf b = {q->body, q->len, q->cap};
	http_put(&b, data, size);
	q->body = b.p;
	q->len = b.len;
	q->cap = b.cap;
}

/* ---- answering ---- */

static void http_resp_free(struct http_resp *r)
{
	free(r->body);
	free(r->type);
	for (size_t i = 0; i < r->nhdr; i++) {
		free(r->hdr[i].name);
		free(r->hdr[i].value);
	}
	free(r->hdr);
}

/* The headers of every response, whoever made it. */
static void http_safety_headers(struct MHD_Response *m)
{
	MHD_add_response_header(m, "Content-Security-Policy", http_csp);
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(m, "X-Frame-Options", "DENY");
	MHD_add_response_header(m, "Cache-Control", "no-store");
}

static enum MHD_Result http_queue(struct http_req *q, struct http_resp *r)
{
	if (!r->status)
		http_error(r, q, 500, NULL);
	struct MHD_Response *m = r->body
		? MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE)
		: MHD_create_response_from_buffer(r->fixed ? r->len : 0,
						  (void *)(uintptr_t)r->fixed,
						  MHD_RESPMEM_PERSISTENT);
	if (!m) {
		http_resp_free(r);
		return MHD_NO;
	}
	r->body = NULL; /* MHD frees it with the response */
	http_safety_headers(m);
	const char *type = r->type ? r->type : "text/plain; charset=utf-8";
	MHD_add_response_header(m, "Content-Type",
				!strcmp(type, "text/html") ? "text/html; charset=utf-8" : type);
	for (size_t i = 0; i < r->nhdr; i++)
		MHD_add_response_header(m, r->hdr[i].name, r->hdr[i].value);
	if (atomic_load(&q->x->stopping) || r->status == 413 || r->status == 400 ||
	    r->status == 503)
		MHD_add_response_header(m, "Connection", "close");
	q->status = r->status;
	enum MHD_Result res = MHD_queue_response(q->conn, r->status, m);
	MHD_destroy_response(m);
	http_resp_free(r);
	return res;
}

static enum MHD_Result http_answer_error(struct http_req *q, unsigned status,
					 const char *message)
{
	struct http_resp r = {0};
	http_error(&r, q, status, message);
	return http_queue(q, &r);
}

/* "16 MB" for messages about the limit. */
static void http_size_text(size_t n, char *out, size_t size)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(out, size, "%zu MB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(out, size, "%zu KB", n >> 10);
	else
		snprintf(out, size, "%zu B", n);
}

static enum MHD_Result http_too_big(struct http_req *q)
{
	char lim[32];
	http_size_text(q->x->s->o->limit, lim, sizeof lim);
	bool en = http_lang(q, q->x->s) == LANG_EN;
	char *msg = http_fmt(en ? "The upload is larger than the server's limit of %s."
				: "上传的内容超过了服务器 %s 的上限。", lim);
	enum MHD_Result res = http_answer_error(q, 413, msg);
	free(msg);
	return res;
}

/* The route of the request, found once its headers are in: an unknown
 * path or method is answered before any body is read. */
static bool http_route(struct http_req *q, bool en, enum MHD_Result *answered)
{
	const struct http_route *const tables[] = {http_static_routes, serve_page_routes,
						   serve_api_routes};
	struct http_match m;
	char allow[128];
	unsigned found = http_route_find(tables, countof(tables), q->method, q->path,
					 &m, allow, sizeof allow);
	if (found == 200) {
		q->route = m.route;
		for (size_t i = 0; i < m.nargs; i++)
			q->args[i] = xstrndup(q->path + m.off[i], m.len[i]);
		q->nargs = m.nargs;
		return true;
	}
	struct http_resp r = {0};
	if (found == 404) {
		http_error(&r, q, 404, en ? "There is no such page." : "没有这个页面。");
	} else {
		http_error(&r, q, 405, en ? "This page does not take that method."
					  : "此页面不接受该请求方法。");
		http_header_add(&r, "Allow", allow);
	}
	*answered = http_queue(q, &r);
	return false;
}

/* The whole request is in: the handler answers. */
static enum MHD_Result http_dispatch(struct http_req *q)
{
	if (q->too_big)
		return http_too_big(q);
	bool en = http_lang(q, q->x->s) == LANG_EN;
	if (q->busy)
		return http_answer_error(q, 503, en ? "The server is busy; try again shortly."
						    : "服务器繁忙，请稍后再试。");
	if (q->bad_form)
		return http_answer_error(q, 400, en ? "The form could not be read."
						    : "无法读取提交的表单。");
	struct http_resp r = {0};
	q->route->handler(q->x->s, q, &r);
	return http_queue(q, &r);
}

/* The first call for a request: its headers are in.  Some answers need
 * no body (a path that is refused, a declared length past the limit, a
 * server stopping) and are given at once: MHD then reads no body and
 * closes the connection. */
static enum MHD_Result http_begin(struct http_req *q, const char *method)
{
	q->started = true;
	snprintf(q->method, sizeof q->method, "%s", method);
	q->path = http_decode_path(q->raw);
	bool en = http_lang(q, q->x->s) == LANG_EN;
	if (atomic_load(&q->x->stopping))
		return http_answer_error(q, 503, en ? "The server is stopping; try again shortly."
						    : "服务器正在停止，请稍后再试。");
	if (!q->path)
		return http_answer_error(q, 400, en ? "The address is not valid."
						    : "网址无效。");
	const char *cl = http_header(q, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strtoull(cl, NULL, 10) > q->x->s->o->limit)
		return http_too_big(q);
	enum MHD_Result answered;
	if (!http_route(q, en, &answered))
		return answered;
	const char *ctype = http_header(q, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (http_is_form(ctype, q->path)) {
		q->pp = MHD_create_post_processor(q->conn, (size_t)64 * 1024, http_post_iter, q);
		if (!q->pp)
			return http_answer_error(q, 400, en ? "The form could not be read."
							    : "无法读取提交的表单。");
	}
	return MHD_YES;
}

enum MHD_Result http_access(void *cls, struct MHD_Connection *c,
				   const char *url, const char *method,
				   const char *version, const char *data,
				   size_t *size, void **con_cls)
{
	(void)cls;
	(void)c;
	(void)url; /* decoded by MHD and cut at a NUL: q->raw is used */
	(void)version;
	struct http_req *q = *con_cls;
	if (!q)
		return MHD_NO;
	if (!q->started)
		return http_begin(q, method);
	if (*size) {
		http_take(q, data, *size);
		*size = 0;
		return MHD_YES;
	}
	return http_dispatch(q);
}

/* ---- a request begins and ends (MHD callbacks) ---- */

void *http_uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_ctx *x = cls;
	struct http_req *q = xcalloc(1, sizeof *q);
	q->x = x;
	q->conn = c;
	q->raw = xstrdup(uri);
	q->start = http_now();
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  q->peer, sizeof q->peer);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  q->peer, sizeof q->peer);
	pthread_mutex_lock(&x->mu);
	x->inflight++;
	pthread_mutex_unlock(&x->mu);
	return q;
}

static void http_req_free(struct http_req *q)
{
	if (q->pp)
		MHD_destroy_post_processor(q->pp);
	for (size_t i = 0; i < q->nfields; i++) {
		free(q->fields[i].key);
		free(q->fields[i].filename);
		free(q->fields[i].data);
	}
	for (size_t i = 0; i < q->nargs; i++)
		free(q->args[i]);
	free(q->fields);
	free(q->body);
	free(q->path);
	free(q->raw);
	free(q);
}

/* One line per request on stderr: what, the answer, how long. */
static void http_log(const struct http_req *q, enum MHD_RequestTerminationCode toe)
{
	char path[512];
	http_log_path(q->raw, path, sizeof path);
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK && q->status)
		fprintf(stderr, "%s %s %s %u %.0fms\n", q->peer, q->method[0] ? q->method : "-",
			path, q->status, http_ms_since(q->start));
	else
		fprintf(stderr, "%s %s %s - %.0fms (%s)\n", q->peer,
			q->method[0] ? q->method : "-", path, http_ms_since(q->start),
			toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timed out"
			: toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? "server stopped"
			: "connection closed");
}

void http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			   enum MHD_RequestTerminationCode toe)
{
	struct http_ctx *x = cls;
	struct http_req *q = *con_cls;
	if (!q)
		return;
	*con_cls = NULL;
	size_t held = q->held;
	http_log(q, toe);
	http_req_free(q);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct http_conn *k = ci ? ci->socket_context : NULL;
	pthread_mutex_lock(&x->mu);
	x->inflight--;
	x->buffered -= held;
	if (k)
		k->since = http_now(); /* the next request's clock starts */
	pthread_mutex_unlock(&x->mu);
}
