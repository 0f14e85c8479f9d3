/* serve_admin.h - the county administrator's commands on a data directory
 * (DIR of `venuecheck serve`), run from the console beside or without the
 * server:
 *   venuecheck import --data DIR TREE/|FILE...|list.csv   the venue list
 *   venuecheck link --data DIR VENUE_ID [--label TEXT] [--url URL]
 *   venuecheck link --data DIR --revoke ID | --list
 *   venuecheck export --data DIR -o TREE/   every venue's latest file
 * and the CSV import the web admin page shares with the first.
 * An import is all or nothing: one bad line or file, and no venue of it
 * is kept.
 * Pipeline step: front end (server). */
#ifndef VC_SERVE_ADMIN_H
#define VC_SERVE_ADMIN_H

#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "pack.h"

struct store;

/* Whether cmd is one of the commands above (cli.c dispatches on it). */
bool serve_admin_command(const char *cmd);
/* The command argv[0] (import, link or export) with its options; prints
 * on standard output and error, returns the exit code (0, or 2 for a
 * usage error or a refused input). */
int serve_admin_main(int argc, char **argv, enum lang lang);

/* A CSV of venues (id,name,tier,parent; UTF-8 with or without a BOM; a
 * header row optional; tier by the pack's id, city/county/town/village,
 * or its Chinese name, 中心馆/总馆/分馆/支馆) put into st as imported
 * venues.  name is the file's name in messages.  True with *added set
 * when every line was good; false with *errors (malloc'ed, one problem a
 * line as "name:line: ...", Chinese or English by english, then a line
 * saying nothing was imported) and nothing stored otherwise.  errors
 * name no server path. */
bool serve_import_csv(struct store *st, const struct pack *p, const char *name,
		      const char *bytes, size_t len, bool english,
		      size_t *added, char **errors);

#endif
