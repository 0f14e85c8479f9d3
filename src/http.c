/* http.c - the server's HTTP layer (http.h) over libmicrohttpd (MHD):
 * a pool of MHD threads, each request read whole (up to --limit) into a
 * struct http_req, routed (http_route.c) to a handler of the pages' or
 * the API's table, and answered with the security headers every
 * response carries.
 *
 * Limits and why they are here: MHD caps connections in all and per
 * address and closes idle ones, but its timeout is reset by every byte,
 * so a client sending a byte a second would hold a connection (and, with
 * a small pool, the server) for ever.  A watchdog thread therefore cuts
 * every connection whose current request has lasted longer than the
 * whole-request deadline (3 x --timeout), by shutting its socket down
 * (under the mutex that the connection's close notification takes, so
 * the descriptor cannot have been reused).
 * Pipeline step: front end (server). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>

#include "http.h"
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

#define HTTP_MAX_FIELDS 64     /* form fields: more is not one of our forms */
#define HTTP_MEMORY (64 * 1024) /* MHD's per-connection pool: headers */
#define HTTP_TLS_MAX (1 << 20)  /* a PEM file larger than this is no PEM */

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

/* A live connection, for the watchdog. */
struct http_conn {
	struct http_conn *prev, *next;
	int fd;
	struct timespec since;  /* accepted, or its last request ended */
	bool cut;
};

struct http_ctx {
	const struct serve *s;
	struct MHD_Daemon *d;
	pthread_mutex_t mu;
	struct http_conn *conns;
	unsigned nconns, inflight;
	size_t buffered;        /* body bytes held by all requests */
	atomic_bool stopping;   /* read by every thread without the mutex */
	bool quit;
	unsigned deadline;      /* seconds a request may take in all */
	pthread_t watchdog;
	char *tls_cert, *tls_key;
};

struct http_server {
	struct http_ctx x;
	int listen_fd;
	sigset_t sigs;
};

/* ---- small helpers ---- */

static struct timespec http_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

static double http_ms_since(struct timespec a)
{
	struct timespec b = http_now();
	return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

/* A malloc'ed printf, for error messages and bodies. */
static char *http_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *http_fmt(const char *fmt, ...)
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

/* Text into HTML: & < > " ' escaped, control characters dropped. */
static void http_put_html(struct http_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': http_puts(b, "&amp;"); break;
		case '<': http_puts(b, "&lt;"); break;
		case '>': http_puts(b, "&gt;"); break;
		case '"': http_puts(b, "&quot;"); break;
		case '\'': http_puts(b, "&#39;"); break;
		default:
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				http_put(b, s, 1);
		}
	}
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

void http_error(struct http_resp *r, const struct http_req *q,
		unsigned status, const char *message)
{
	bool en = q && http_lang(q, q->x ? q->x->s : NULL) == LANG_EN;
	const char *title = http_title(status, en);
	struct http_buf b = {0};
	if (!message)
		message = title;
	if (http_is_api(q)) {
		http_json_error(r, status, message);
		return;
	}
	char head[32];
	snprintf(head, sizeof head, "%u ", status);
	http_puts(&b, en ? "<!DOCTYPE html>\n<html lang=\"en\">" : "<!DOCTYPE html>\n<html lang=\"zh-CN\">");
	http_puts(&b, "<head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<title>");
	http_puts(&b, head);
	http_put_html(&b, title);
	http_puts(&b, "</title><link rel=\"stylesheet\" href=\"/static/report.css\"></head>\n"
		      "<body><main class=\"error\"><h1>");
	http_puts(&b, head);
	http_put_html(&b, title);
	http_puts(&b, "</h1>\n<p>");
	http_put_html(&b, message);
	http_puts(&b, "</p></main></body></html>\n");
	http_send(r, status, "text/html", b.p, b.len);
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

static bool http_is_form(const char *ctype)
{
	if (!ctype)
		return false;
	return !strncasecmp(ctype, "application/x-www-form-urlencoded", 33) ||
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
		: MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
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
	const struct http_route *const tables[] = {serve_page_routes, serve_api_routes};
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
	if (http_is_form(ctype)) {
		q->pp = MHD_create_post_processor(q->conn, (size_t)64 * 1024, http_post_iter, q);
		if (!q->pp)
			return http_answer_error(q, 400, en ? "The form could not be read."
							    : "无法读取提交的表单。");
	}
	return MHD_YES;
}

static enum MHD_Result http_access(void *cls, struct MHD_Connection *c,
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

/* ---- requests and connections: start, end, the watchdog ---- */

static void *http_uri_log(void *cls, const char *uri, struct MHD_Connection *c)
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

static void http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
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

static void http_notify_conn(void *cls, struct MHD_Connection *c,
			     void **socket_context,
			     enum MHD_ConnectionNotificationCode toe)
{
	struct http_ctx *x = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct http_conn *k = xcalloc(1, sizeof *k);
		k->fd = ci ? ci->connect_fd : -1;
		k->since = http_now();
		pthread_mutex_lock(&x->mu);
		k->next = x->conns;
		if (x->conns)
			x->conns->prev = k;
		x->conns = k;
		x->nconns++;
		pthread_mutex_unlock(&x->mu);
		*socket_context = k;
		return;
	}
	struct http_conn *k = *socket_context;
	if (!k)
		return;
	pthread_mutex_lock(&x->mu);
	if (k->prev)
		k->prev->next = k->next;
	else
		x->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	x->nconns--;
	pthread_mutex_unlock(&x->mu);
	*socket_context = NULL;
	free(k);
}

/* The cap on connections in all.  (MHD's own limit is split between
 * its threads, and a thread at its share stops accepting, leaving a
 * connection waiting unanswered in the kernel's queue; here the extra
 * one is closed at once.) */
static enum MHD_Result http_accept(void *cls, const struct sockaddr *addr,
				   socklen_t addrlen)
{
	(void)addr;
	(void)addrlen;
	struct http_ctx *x = cls;
	pthread_mutex_lock(&x->mu);
	bool ok = x->nconns < x->s->o->max_conns && !atomic_load(&x->stopping);
	pthread_mutex_unlock(&x->mu);
	return ok ? MHD_YES : MHD_NO;
}

static void *http_watchdog(void *arg)
{
	struct http_ctx *x = arg;
	const struct timespec tick = {0, 100L * 1000 * 1000};
	for (;;) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&x->mu);
		bool quit = x->quit;
		for (struct http_conn *k = x->conns; k && !quit; k = k->next)
			if (!k->cut && k->fd >= 0 &&
			    http_ms_since(k->since) > 1000.0 * x->deadline) {
				/* MHD sees the end of the stream and closes
				 * the connection (and tells http_notify_conn,
				 * which waits for this mutex). */
				shutdown(k->fd, SHUT_RDWR);
				k->cut = true;
			}
		pthread_mutex_unlock(&x->mu);
		if (quit)
			return NULL;
	}
}

/* ---- starting and stopping ---- */

/* A message in the server's language; both formats are literals. */
#define HTTP_TR(o, zh, en) ((o)->lang == LANG_EN ? (en) : (zh))

/* HOST and PORT of "HOST:PORT" ("[::1]:8080" for IPv6). */
static bool http_split(const char *listen, char *host, size_t hsize, char *port,
		       size_t psize)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    strlen(colon + 1) >= psize)
		return false;
	const char *h = listen;
	size_t n = (size_t)(colon - listen);
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		h++;
		n -= 2;
	}
	if (n >= hsize || strtoul(colon + 1, NULL, 10) > 65535)
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	snprintf(port, psize, "%s", colon + 1);
	return true;
}

/* A listening socket on one of addr's addresses; -1 with errno. */
static int http_bind(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int http_listen(const struct serve_opts *o, unsigned *port, char **error)
{
	char host[256], serv[8];
	if (!http_split(o->listen, host, sizeof host, serv, sizeof serv)) {
		*error = http_fmt(HTTP_TR(o, "--listen “%s”：应为 HOST:PORT，如 127.0.0.1:8080",
					  "--listen '%s': expected HOST:PORT, as 127.0.0.1:8080"),
				  o->listen);
		return -1;
	}
	struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
				 .ai_socktype = SOCK_STREAM}, *ai = NULL;
	int rc = getaddrinfo(host[0] ? host : NULL, serv, &hints, &ai);
	if (rc != 0) {
		*error = http_fmt(HTTP_TR(o, "--listen “%s”：%s", "--listen '%s': %s"),
				  o->listen, gai_strerror(rc));
		return -1;
	}
	int fd = -1, e = 0;
	for (const struct addrinfo *a = ai; a && fd < 0; a = a->ai_next)
		if ((fd = http_bind(a)) < 0)
			e = errno;
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		*error = http_fmt(HTTP_TR(o, "无法在 %s 上监听：%s", "cannot listen on %s: %s"),
				  o->listen, strerror(e ? e : errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(ss.ss_family == AF_INET6
		      ? ((struct sockaddr_in6 *)(void *)&ss)->sin6_port
		      : ((struct sockaddr_in *)(void *)&ss)->sin_port);
	return fd;
}

/* A PEM file whole, NUL-terminated (GnuTLS and MHD read it from
 * memory); NULL with *error. */
static char *http_read_pem(const struct serve_opts *o, const char *path,
			   char **error)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > HTTP_TLS_MAX) {
		*error = http_fmt(HTTP_TR(o, "无法读取 TLS 文件 %s：%s",
					  "cannot read the TLS file %s: %s"),
				  path, !f ? strerror(errno)
				  : HTTP_TR(o, "不是 PEM 文件", "not a PEM file"));
		if (f)
			fclose(f);
		return NULL;
	}
	char *buf = xmalloc((size_t)st.st_size + 1);
	size_t n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Whether the PEM text holds a certificate GnuTLS can read.  (Tried on
 * its own first: GnuTLS 3.7 leaks when gnutls_certificate_set_x509_key_mem
 * meets a certificate it cannot decode.) */
static int http_tls_cert_ok(const char *pem)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)pem, (unsigned)strlen(pem)};
	int rc = gnutls_x509_crt_init(&crt);
	if (rc < 0)
		return rc;
	rc = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
	gnutls_x509_crt_deinit(crt);
	return rc;
}

/* The certificate and key read and tried together before MHD sees
 * them, so a wrong file is told as such (not as a failed start). */
static bool http_tls_load(struct http_ctx *x, char **error)
{
	const struct serve_opts *o = x->s->o;
	x->tls_cert = http_read_pem(o, o->tls_cert, error);
	x->tls_key = x->tls_cert ? http_read_pem(o, o->tls_key, error) : NULL;
	if (!x->tls_key)
		return false;
	int rc = http_tls_cert_ok(x->tls_cert);
	gnutls_certificate_credentials_t cred;
	if (rc >= 0 && (rc = gnutls_certificate_allocate_credentials(&cred)) >= 0) {
		gnutls_datum_t c = {(unsigned char *)x->tls_cert, (unsigned)strlen(x->tls_cert)};
		gnutls_datum_t k = {(unsigned char *)x->tls_key, (unsigned)strlen(x->tls_key)};
		rc = gnutls_certificate_set_x509_key_mem(cred, &c, &k, GNUTLS_X509_FMT_PEM);
		gnutls_certificate_free_credentials(cred);
	}
	if (rc < 0)
		*error = http_fmt(HTTP_TR(o, "--tls-cert %s / --tls-key %s：不是 PEM 证书及其私钥（%s）",
					  "--tls-cert %s / --tls-key %s: not a PEM certificate and its key (%s)"),
				  o->tls_cert, o->tls_key, gnutls_strerror(rc));
	return rc >= 0;
}

static void http_tls_free(struct http_ctx *x)
{
	if (x->tls_key)
		memset(x->tls_key, 0, strlen(x->tls_key)); /* a key is not left in freed memory */
	free(x->tls_key);
	free(x->tls_cert);
}

static struct MHD_Daemon *http_daemon(struct http_ctx *x, int fd)
{
	const struct serve_opts *o = x->s->o;
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC;
	if (o->tls_cert)
		flags |= MHD_USE_TLS;
	/* The total cap is http_accept's; MHD's (split between its
	 * threads) is one above it per thread, so it never queues. */
	unsigned limit = o->max_conns + o->threads;
	return MHD_start_daemon(
		flags, 0, http_accept, x, http_access, x,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 1 ? o->threads : 0),
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, http_uri_log, x,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, x,
		MHD_OPTION_NOTIFY_CONNECTION, http_notify_conn, x,
		o->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, x->tls_cert,
		MHD_OPTION_HTTPS_MEM_KEY, x->tls_key,
		MHD_OPTION_END);
}

struct http_server *http_start(const struct serve *s, int fd, char **error)
{
	struct http_server *h = xcalloc(1, sizeof *h);
	struct http_ctx *x = &h->x;
	x->s = s;
	x->deadline = 3 * (s->o->timeout ? s->o->timeout : 10);
	h->listen_fd = fd;
	pthread_mutex_init(&x->mu, NULL);
	atomic_init(&x->stopping, false);
	/* The signals are taken by http_wait alone: blocked here, before
	 * any thread is made, every thread inherits the mask. */
	sigemptyset(&h->sigs);
	sigaddset(&h->sigs, SIGINT);
	sigaddset(&h->sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &h->sigs, NULL);
	*error = NULL;
	if (s->o->tls_cert && !http_tls_load(x, error))
		goto fail;
	x->d = http_daemon(x, fd);
	if (!x->d) {
		*error = xstrdup(HTTP_TR(s->o, "无法启动 HTTP 服务", "cannot start the HTTP server"));
		goto fail;
	}
	if (pthread_create(&x->watchdog, NULL, http_watchdog, x) != 0) {
		MHD_stop_daemon(x->d);
		*error = xstrdup(HTTP_TR(s->o, "无法启动线程", "cannot start a thread"));
		goto fail;
	}
	return h;
fail:
	/* (MHD closes the listening socket itself when it fails to start
	 * with it, so it is not closed here.) */
	http_tls_free(x);
	pthread_mutex_destroy(&x->mu);
	free(h);
	return NULL;
}

static unsigned http_inflight(struct http_ctx *x)
{
	pthread_mutex_lock(&x->mu);
	unsigned n = x->inflight;
	pthread_mutex_unlock(&x->mu);
	return n;
}

void http_wait(struct http_server *h)
{
	struct http_ctx *x = &h->x;
	int sig;
	while (sigwait(&h->sigs, &sig) != 0)
		;
	/* No new connection (the socket is closed, so a client is refused
	 * at once), a 503 for a new request on a kept-alive one, and the
	 * requests in flight finished: each is bounded by the deadline. */
	atomic_store(&x->stopping, true);
	MHD_socket ls = MHD_quiesce_daemon(x->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	struct timespec t0 = http_now(), tick = {0, 20L * 1000 * 1000};
	while (http_inflight(x) > 0 && http_ms_since(t0) < 1000.0 * (x->deadline + 2))
		nanosleep(&tick, NULL);
	MHD_stop_daemon(x->d);
	pthread_mutex_lock(&x->mu);
	x->quit = true;
	pthread_mutex_unlock(&x->mu);
	pthread_join(x->watchdog, NULL);
	http_tls_free(x);
	pthread_mutex_destroy(&x->mu);
	free(h);
}
