/* http_route.h - the router of the server's HTTP layer as a pure
 * function (no sockets, no libmicrohttpd), so that matching, {}
 * segments, 404 and 405 are unit-tested on their own (test_router.c).
 * Pipeline step: front end (server). */
#ifndef VC_HTTP_ROUTE_H
#define VC_HTTP_ROUTE_H

#include <stddef.h>
#include "http.h"

#define HTTP_MAX_ARGS 4

/* The route found and where its {} arguments are in the path. */
struct http_match {
	const struct http_route *route;
	size_t off[HTTP_MAX_ARGS], len[HTTP_MAX_ARGS];
	size_t nargs;
};

/* Look the decoded path up in the tables, in order, for method (HEAD is
 * answered as GET).  A {} in a pattern's segment matches one non-empty
 * path segment (with the literal text around it in that segment, as in
 * "{}.xlsx").  Returns 200 with *m filled, 404 when no pattern matches
 * the path, 405 when some do but not for method: allow then lists their
 * methods ("GET, HEAD, POST"). */
unsigned http_route_find(const struct http_route *const *tables,
			 size_t ntables, const char *method, const char *path,
			 struct http_match *m, char *allow, size_t allowsize);

#endif
