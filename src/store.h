/* store.h - everything `venuecheck serve` keeps, in its data directory:
 *   DIR/venuecheck.db   SQLite, WAL, synchronous=FULL: venues, links
 *                       (token hashes only), submissions, their results
 *   DIR/blobs/xx/SHA256 every uploaded file's bytes, content-addressed,
 *                       written to a temporary, fsync'ed and renamed (and
 *                       the directory fsync'ed) before its row commits
 *   DIR/tmp/            scratch (report downloads); emptied at start
 * A submission the server acknowledged (store_submit returned true) is on
 * disk: a SIGKILL or a power cut after it loses nothing.  Schema changes
 * are numbered migrations (PRAGMA user_version), each applied once, in a
 * transaction.  Every function is safe to call from any thread.
 * Ownership: store_open's caller calls store_close; arrays returned are
 * freed with the matching *_free.
 * Pipeline step: front end (server). */
#ifndef VC_STORE_H
#define VC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include "token.h"

struct store;

/* Open DIR (created with its database if absent; migrations applied).
 * NULL with *error (malloc'ed, Chinese or English by english). */
struct store *store_open(const char *dir, bool english, char **error);
void store_close(struct store *s);
/* The server's secret for CSRF tokens (random, made on first open). */
const char *store_secret(const struct store *s);
/* DIR itself, for the admin's messages (never shown to a client). */
const char *store_dir(const struct store *s);
/* DIR/blobs/xx/SHA256 for a stored file, malloc'ed (for the checker; never
 * shown to a client). */
char *store_blob_path(const struct store *s, const char *sha);
/* A new private file name under DIR/tmp/ (malloc'ed), for a report. */
char *store_tmp_path(const struct store *s, const char *suffix);

/* ---- the admin ---- */
/* Whether an admin token exists (first start makes one). */
bool store_has_admin(struct store *s);
/* A new admin token (any older one stops working). */
bool store_admin_new(struct store *s, char token[TOKEN_CHARS + 1]);
bool store_admin_ok(struct store *s, const char *token);

/* ---- venues: imported, or added by a submission ---- */
struct store_venue {
	char *id, *name, *tier, *parent; /* parent "" for none */
	bool imported;                   /* from the venue list, not a file */
};
/* Insert or update by id.  An imported venue is the admin's word: a put
 * with imported false (a venue read from an upload) leaves it unchanged,
 * so no file can move a venue under another town; false only when the
 * database fails (or id is empty). */
bool store_venue_put(struct store *s, const struct store_venue *v);
/* n venues in one transaction: all of them or, on failure, none (an
 * import is all or nothing). */
bool store_venues_put(struct store *s, const struct store_venue *v, size_t n);
/* The venue with id (fields malloc'ed, store_venue_clear), or false. */
bool store_venue_get(struct store *s, const char *id, struct store_venue *v);
/* Every venue, sorted by id; free with store_venues_free. */
size_t store_venues(struct store *s, struct store_venue **out);
void store_venue_clear(struct store_venue *v);
void store_venues_free(struct store_venue *v, size_t n);

/* ---- upload links ---- */
struct store_link {
	long long id;
	char *venue_id;
	char *label;
	long long created, revoked; /* seconds since the epoch; revoked 0 */
};
/* A new link for venue_id: token written once into token (only its hash
 * is kept). */
bool store_link_new(struct store *s, const char *venue_id, const char *label,
		    char token[TOKEN_CHARS + 1], long long *id);
bool store_link_revoke(struct store *s, long long id);
/* The link with id (l filled, store_link_clear), whether revoked or not;
 * false if there is none. */
bool store_link_get(struct store *s, long long id, struct store_link *l);
/* The link a token opens: 1 found and live (l filled), 0 unknown,
 * -1 revoked (l filled). */
int store_link_find(struct store *s, const char *token, struct store_link *l);
/* Whether the link may upload for venue_id: its own venue, or a venue
 * whose parent is the link's venue (a town's link covers its villages). */
bool store_link_covers(struct store *s, const struct store_link *l,
		       const char *venue_id);
/* The same for a venue read from an upload, which may not be in the
 * store yet (a village's first file): its own id, or its parent the
 * link's venue, the parent being the store's when the venue was
 * imported (a file cannot move an imported venue) and the file's
 * otherwise. */
bool store_link_covers_venue(struct store *s, const struct store_link *l,
			     const struct store_venue *v);
size_t store_links(struct store *s, struct store_link **out);
void store_link_clear(struct store_link *l);
void store_links_free(struct store_link *l, size_t n);

/* ---- submissions ---- */
enum store_status { STORE_PASSED, STORE_FAILING, STORE_INVALID };
struct store_result {
	char *rule;          /* rule id */
	int verdict;         /* enum vc_verdict */
	char *text_zh, *text_en; /* the report's line */
};
struct store_submission {
	long long id, link_id;   /* link 0: the admin or the API's check */
	char *venue_id;          /* "" when the file could not be read */
	char *filename;          /* the client's name for it: display only */
	char sha256[65];
	size_t size;
	long long received;      /* seconds since the epoch */
	enum store_status status;
	size_t failing;          /* rules not passed (fail + missing) */
	char *pack_sha;          /* the pack the results were made with */
	long year;
	struct store_result *results; /* filled by store_submission_get */
	size_t nresults;
	/* The file's kind, serve_kind_ext's ".xlsx", ".yaml", ".xls" (or ""
	 * when unknown): export names the file by it.  Left "" at
	 * store_submit, it is taken from filename's extension. */
	char ext[8];
};
/* Keep an upload and its results; true only once both are durable (the
 * blob fsync'ed and renamed, then the row and its results committed in
 * one transaction).  sub's id, sha256, size and received are filled in;
 * the other fields are the caller's and only read.  The same bytes twice
 * share one blob.  *error (malloc'ed) names DIR: for the admin's console,
 * never for a client. */
bool store_submit(struct store *s, struct store_submission *sub,
		  const void *bytes, size_t len, char **error);
/* Replace a submission's results (the pack or year changed). */
bool store_set_results(struct store *s, const struct store_submission *sub);
/* One submission with its results. */
bool store_submission_get(struct store *s, long long id,
			  struct store_submission *out);
/* A venue's submissions, newest first (no results). */
size_t store_history(struct store *s, const char *venue_id,
		     struct store_submission **out);
/* The newest submission of every venue (no results), by venue id. */
size_t store_latest(struct store *s, struct store_submission **out);
/* Every submission (no results), oldest first: for recomputing. */
size_t store_all(struct store *s, struct store_submission **out);
void store_submission_clear(struct store_submission *sub);
void store_submissions_free(struct store_submission *v, size_t n);

#endif
