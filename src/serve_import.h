/* serve_import.h - venue lists into the store, all or nothing: what the
 * admin's `venuecheck import` (serve_admin.c) and the web admin page's
 * CSV upload (serve_import_csv, declared in serve_admin.h) share.  The
 * venues are gathered into a list, every problem is written to a stream
 * (one a line, "where: what"), and only a list with none is put, in one
 * transaction.  No server path is ever in a message: only the names the
 * caller gives.
 * Pipeline step: front end (server). */
#ifndef VC_SERVE_IMPORT_H
#define VC_SERVE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pack.h"
#include "store.h"

/* A CSV, or a data file, bigger than this is not a venue list. */
#define SERVE_IMPORT_MAX_INPUT (64u << 20)
/* Venue ids become file names on export and parts of URLs: bounded. */
#define SERVE_IMPORT_MAX_ID 100

/* The venues of one import (each imported), and where each came from
 * ("file:line", or the file). */
struct serve_import_list {
	struct store_venue *v;
	char **from;
	size_t n, cap;
};
void serve_import_list_free(struct serve_import_list *l);

/* Whether id can name a venue: non-empty, at most SERVE_IMPORT_MAX_ID
 * bytes of UTF-8, no / \ or control character, not "." or "..". */
bool serve_import_id_ok(const char *id);
/* Add v (copied) from from; the same venue twice is kept once, another
 * under the same id is a problem naming both places (false). */
bool serve_import_add(struct serve_import_list *l, const struct store_venue *v,
		      const char *from, bool english, FILE *errs);
/* Every line of a CSV named name into l; returns the number of bad
 * lines (each written to errs). */
size_t serve_import_csv_parse(struct serve_import_list *l, const struct pack *p,
			      const char *name, const char *bytes, size_t len,
			      bool english, FILE *errs);
/* bad problems found so far: check each parent's tier (in l, else in st),
 * then put l into st if there is none.  Otherwise nothing is put, and a
 * last line says so, after name.  True when l was put. */
bool serve_import_commit(struct store *st, const struct pack *p,
			 struct serve_import_list *l, size_t bad,
			 const char *name, bool english, FILE *errs);

#endif
