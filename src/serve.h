/* serve.h - `venuecheck serve`, the county's submission portal: what the
 * server's modules share.  The server is a front end like the CLI, built
 * on the same library: http.c (libmicrohttpd: connections, limits, the
 * router), store.c (SQLite + the uploaded bytes in DIR), token.c
 * (capability tokens, stored hashed), serve_pages.c (the clerks' and the
 * admin's HTML pages, through html.h/htmlreport.h), serve_api.c (the JSON
 * API), serve_check.c (a file in, results out: the batch of the library).
 * Pipeline step: front end. */
#ifndef VC_SERVE_H
#define VC_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include "lang.h"
#include "pack.h"

struct store;

struct serve_opts {
	const char *data_dir;  /* --data DIR (created on first start) */
	const char *listen;    /* --listen HOST:PORT, default 127.0.0.1:8080 */
	const char *rules;     /* --rules PACK, NULL: the default pack */
	long year;             /* --year; 0: each file's own */
	const char *tls_cert;  /* --tls-cert/--tls-key PEM files, or NULL */
	const char *tls_key;
	size_t limit;          /* --limit: bytes per upload (413 past it) */
	unsigned threads;      /* worker threads (MHD's pool) */
	unsigned max_conns;    /* connections in all */
	unsigned max_per_ip;   /* connections per client address */
	unsigned timeout;      /* seconds a connection may stay idle */
	enum lang lang;        /* pages' language when the URL says none */
};

/* Everything a request handler may use; read-only after start, except
 * through store (whose calls are safe from any thread). */
struct serve {
	const struct serve_opts *o;
	const struct pack *pack;
	char pack_sha[65];     /* sha256 of the pack's files: results made
				  with another pack are recomputed */
	struct store *store;
	char base_url[256];    /* "http://127.0.0.1:8080", for links shown */
};

/* The command: parse argv (after "serve"), run until SIGINT/SIGTERM.
 * Returns the exit code. */
int serve_main(int argc, char **argv, enum lang lang);

#endif
