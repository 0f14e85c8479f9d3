/* http_route.c - the router (http_route.h): a path against the route
 * tables, segment by segment.  The path is already percent-decoded and
 * checked (http.c), so a segment here is plain text.
 * Pipeline step: front end (server). */
#include <stdbool.h>
#include <string.h>

#include "http_route.h"

/* One pattern segment [ps, ps+pn) against one path segment [s, s+n) at
 * offset at of the path; a {} takes what the literals around it leave,
 * at least one byte. */
static bool http_seg_match(const char *ps, size_t pn, const char *s, size_t n,
			   size_t at, struct http_match *m)
{
	const char *brace = NULL;
	for (size_t i = 0; i + 1 < pn && !brace; i++)
		if (ps[i] == '{' && ps[i + 1] == '}')
			brace = ps + i;
	if (!brace)
		return pn == n && memcmp(ps, s, n) == 0;
	size_t pre = (size_t)(brace - ps), suf = pn - pre - 2;
	if (n <= pre + suf || memcmp(ps, s, pre) != 0 ||
	    memcmp(brace + 2, s + n - suf, suf) != 0 || m->nargs == HTTP_MAX_ARGS)
		return false;
	m->off[m->nargs] = at + pre;
	m->len[m->nargs] = n - pre - suf;
	m->nargs++;
	return true;
}

/* Whether path has the shape of pattern; m's arguments filled if so. */
static bool http_path_match(const char *pattern, const char *path,
			    struct http_match *m)
{
	const char *p = pattern, *s = path;
	m->nargs = 0;
	for (;;) {
		if (*p == '\0' && *s == '\0')
			return true;
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		size_t pn = strcspn(p, "/"), n = strcspn(s, "/");
		if (!http_seg_match(p, pn, s, n, (size_t)(s - path), m))
			return false;
		p += pn;
		s += n;
	}
}

static bool http_allow_has(const char *allow, const char *method)
{
	size_t n = strlen(method);
	for (const char *a = allow; *a;) {
		size_t k = strcspn(a, ",");
		if (k == n && strncmp(a, method, n) == 0)
			return true;
		a += k;
		while (*a == ',' || *a == ' ')
			a++;
	}
	return false;
}

/* method added to the Allow list ("GET, POST") unless it is there. */
static void http_allow_add(char *allow, size_t size, const char *method)
{
	size_t len = strlen(allow), n = strlen(method);
	if (http_allow_has(allow, method) || len + n + 3 > size)
		return;
	if (len) {
		allow[len++] = ',';
		allow[len++] = ' ';
	}
	memcpy(allow + len, method, n + 1);
}

unsigned http_route_find(const struct http_route *const *tables,
			 size_t ntables, const char *method, const char *path,
			 struct http_match *m, char *allow, size_t allowsize)
{
	/* HEAD is GET without the body (libmicrohttpd drops it). */
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	bool some = false;
	if (allowsize)
		allow[0] = '\0';
	for (size_t t = 0; t < ntables; t++)
		for (const struct http_route *r = tables[t]; r->method; r++) {
			struct http_match here = {.route = r};
			if (!http_path_match(r->pattern, path, &here))
				continue;
			if (strcmp(r->method, want) == 0) {
				*m = here;
				return 200;
			}
			some = true;
			if (allowsize) {
				http_allow_add(allow, allowsize, r->method);
				if (strcmp(r->method, "GET") == 0)
					http_allow_add(allow, allowsize, "HEAD");
			}
		}
	return some ? 405 : 404;
}
