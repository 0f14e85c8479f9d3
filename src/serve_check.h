/* serve_check.h - what the server does with a file: the library's batch
 * run on one upload (or on every venue's latest upload, for the county),
 * so that a page, the API and the CLI's `check` give the same verdicts.
 * An upload is never named by a server path: messages use the name the
 * client gave (its last component, cleaned), and the bytes are checked
 * from DIR/blobs or DIR/tmp.
 * Pipeline step: front end (server). */
#ifndef VC_SERVE_CHECK_H
#define VC_SERVE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "lang.h"
#include "serve.h"
#include "store.h"

struct batch;

/* What a file is, by its first bytes (the name's extension only breaks a
 * tie): a YAML file, an .xlsx workbook, an .xls workbook, or neither. */
enum serve_kind { SERVE_YAML, SERVE_XLSX, SERVE_XLS, SERVE_UNKNOWN };
enum serve_kind serve_sniff(const char *bytes, size_t len, const char *name);
/* ".yaml", ".xlsx", ".xls" ("" for unknown). */
const char *serve_kind_ext(enum serve_kind k);
/* The client's file name made safe to show and to use as a display name:
 * its last path component, control characters dropped, at most 100
 * bytes, with the extension of kind k; malloc'ed. */
char *serve_display_name(const char *client_name, enum serve_kind k);

/* One file checked: the venue it names (NULL fields when the file could
 * not be read), its verdicts and what a submission row stores. */
struct serve_outcome {
	int status; /* 0 every rule passed, 1 some failed, 2 refused */
	struct store_venue venue; /* from the file; fields may be NULL */
	long year;
	struct store_result *results;
	size_t nresults, failing;
};
void serve_outcome_clear(struct serve_outcome *o);

/* Check bytes as a file called name; false (with *error) only when the
 * server itself failed (disk), not when the file is refused. */
bool serve_check_bytes(const struct serve *s, const char *name,
		       const char *bytes, size_t len,
		       struct serve_outcome *out, char **error);

/* The HTML of checking a stored submission (htmlreport_venue or
 * htmlreport_invalid), written to f. */
bool serve_render_submission(const struct serve *s,
			     const struct store_submission *sub, enum lang lang,
			     FILE *f);
/* The CLI's JSON report of bytes named name (nothing stored); *status as
 * serve_outcome's.  malloc'ed, *len set; NULL with *error on failure. */
char *serve_json_report(const struct serve *s, const char *name,
			const char *bytes, size_t len, bool english,
			size_t *out_len, int *status, char **error);

/* The same for a stored submission, checked again from its bytes (so the
 * answer is always the current pack's report); NULL if unreadable. */
char *serve_submission_json(const struct serve *s,
			    const struct store_submission *sub, bool english,
			    size_t *out_len);

/* An upload through link: checked, then kept (a refused file too, so the
 * clerk sees it in the history).  *http is the answer's status: 201 kept,
 * 403 the file's venue is not the link's (nothing kept), 415 not a venue
 * file, 500 the server failed.  *id the submission. */
bool serve_submit(const struct serve *s, const struct store_link *link,
		  const char *client_name, const char *bytes, size_t len,
		  long long *id, unsigned *http, char **error);

/* The county: every venue's latest submission checked as one batch, as
 * `check --complete` would (missing villages and towns found from the
 * lists).  NULL with *error. */
struct serve_county;
struct serve_county *serve_county_load(const struct serve *s, char **error);
void serve_county_free(struct serve_county *c);
const struct batch *serve_county_batch(const struct serve_county *c);
/* The submission file i of the batch came from. */
long long serve_county_submission(const struct serve_county *c, size_t i);
/* Venue ids named by a town's villages: or a county's towns: list (or by
 * the venue list) that have no submission: malloc'ed array of
 * malloc'ed strings. */
size_t serve_county_missing(const struct serve_county *c, char ***ids);
/* The county report in format (xlsx, csv, json, text, html), malloc'ed
 * bytes; NULL with *error. */
char *serve_county_report(const struct serve *s, const char *format,
			  bool english, size_t *len, char **error);

/* Re-check every submission whose results were made with another pack or
 * year (at start); returns how many were re-checked. */
size_t serve_recompute(const struct serve *s);

#endif
