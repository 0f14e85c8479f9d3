/* http.h - the server's HTTP layer over libmicrohttpd: one request in,
 * one response out, for the handlers of serve_pages.c and serve_api.c.
 * It owns what every request needs and no handler may forget: the body
 * limit (413), connection caps and timeouts, reading forms (urlencoded
 * and multipart, with MHD's post processor), the security headers on
 * every response (Content-Security-Policy, X-Content-Type-Options,
 * Referrer-Policy, X-Frame-Options, Cache-Control: no-store), error
 * pages that name no server path, and a clean stop on SIGINT/SIGTERM.
 * Every string a handler reads here came from the client: untrusted.
 * Pipeline step: front end (server). */
#ifndef VC_HTTP_H
#define VC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include "lang.h"

struct serve;
struct http_req;  /* one request; valid during the handler */
struct http_resp; /* what the handler answers */

const char *http_method(const struct http_req *q); /* "GET", "POST", ... */
const char *http_path(const struct http_req *q);   /* decoded, no query */
/* The i-th {param} of the route's pattern (0-based), NULL past the last. */
const char *http_arg(const struct http_req *q, size_t i);
/* A query-string argument or a form's text field, NULL if absent. */
const char *http_param(const struct http_req *q, const char *key);
const char *http_header(const struct http_req *q, const char *name);
/* The client's address, as text (for logs and the per-IP cap). */
const char *http_peer(const struct http_req *q);
/* The raw body of a request that is not a form (NULL, *len 0: none). */
const char *http_body(const struct http_req *q, size_t *len);
/* A multipart file field: its bytes and the name the client gave it
 * (display only: never a path on the server).  False if absent. */
bool http_file(const struct http_req *q, const char *field,
	       const char **bytes, size_t *len, const char **filename);
/* The page language: ?lang=en|zh, else the server's default. */
enum lang http_lang(const struct http_req *q, const struct serve *s);

/* Answer: body is malloc'ed and taken (freed by the layer). */
void http_send(struct http_resp *r, unsigned status, const char *type,
	       char *body, size_t len);
/* A 303 See Other to a path of this server (after a POST). */
void http_redirect(struct http_resp *r, const char *location);
/* An extra header (Content-Disposition, ...); name and value copied. */
void http_header_add(struct http_resp *r, const char *name,
		     const char *value);
/* Content-Disposition: attachment with filename (UTF-8, RFC 6266/5987). */
void http_attachment(struct http_resp *r, const char *filename);
/* A short error page (HTML) or, for /api/, a JSON error object
 * {"error": {"status": N, "message": "..."}}; message is escaped. */
void http_error(struct http_resp *r, const struct http_req *q,
		unsigned status, const char *message);

typedef void (*http_handler)(const struct serve *s, const struct http_req *q,
			     struct http_resp *r);
/* A route: method and a pattern whose {} segments match one path
 * segment each ("/u/{}/s/{}"); a table ends with a NULL method. */
struct http_route {
	const char *method;
	const char *pattern;
	http_handler handler;
};
/* The tables the router reads, in this order (each module owns one). */
extern const struct http_route serve_page_routes[];
extern const struct http_route serve_api_routes[];

/* Serving, in three steps so that the links printed hold the real port
 * before the first request can arrive (serve.c):
 * http_listen binds o->listen ("HOST:PORT", "[::1]:PORT"; port 0: any
 * free one) and gives the port; -1 with *error (malloc'ed).
 * http_start serves on that socket from MHD's threads (o: tls, limits,
 * threads, caps, timeout); SIGINT and SIGTERM are blocked from then on
 * in every thread.  NULL with *error (the socket is then closed).
 * http_wait returns after SIGINT or SIGTERM, once no new connection is
 * taken and the requests in flight are finished (each is bounded by the
 * whole-request deadline, 3 x o->timeout); h is freed. */
struct serve_opts;
struct http_server;
int http_listen(const struct serve_opts *o, unsigned *port, char **error);
struct http_server *http_start(const struct serve *s, int fd, char **error);
void http_wait(struct http_server *h);

#endif
