/* batch.h - the batch engine: step three of the pipeline (load pack ->
 * load venue -> evaluate -> report).  A batch takes venue files (paths, or
 * the bytes of an upload), loads and judges them on worker threads, keeps
 * one year, links the 总分馆 tree, judges the rules that read other venues,
 * applies waivers and hands every file's outcome to a report in input
 * order.  The CLI and the server both drive it; it prints nothing, reads no
 * environment and never exits: "today" and the options come in, results
 * and diagnostics go out through the accessors.
 *
 * Ownership: batch_new's caller calls batch_free.  The pack and the
 * waivers passed in must outlive the batch.
 * Pipeline step: 3, evaluate. */
#ifndef VC_BATCH_H
#define VC_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "diag.h"
#include "doc.h"
#include "report.h"
#include "pack.h"
#include "tree.h"
#include "venue.h"
#include "waiver.h"

/* What a run ends with; the values are the command's exit codes. */
enum batch_status {
	BATCH_PASS = 0,	   /* every checked rule passed */
	BATCH_FAILED = 1,  /* a rule failed (or lacked data: see fail_on) */
	BATCH_INVALID = 2  /* a file could not be checked */
};

/* --fail-on: what makes a checked venue count as failing. */
enum batch_fail_on {
	FAIL_ON_FAIL,	 /* a failed rule of severity error */
	FAIL_ON_MISSING, /* also missing data (the default) */
	FAIL_ON_WARNING	 /* also warning-severity rules, and warnings */
};

struct batch_opts {
	long jobs;	/* threads in all; < 1: one */
	long year;	/* keep only this year's files; 0: the first file's */
	bool complete;	/* the batch is a whole tree (tree_opts) */
	bool validate;	/* judge no rule: structure only */
	/* The outcomes are wanted once, in input order, by batch_report_to
	 * (the CLI's check of a whole tree): each venue's results are kept
	 * in a temporary file from the moment they are judged and read back
	 * one at a time, so memory does not grow with what the venues hold.
	 * batch_report is then NULL for every file, batch_reports NULL, and
	 * batch_diags holds a file's problems only when it was not checked
	 * or has errors (a checked venue's warnings go to the report).  The
	 * rules that read other venues are judged by batch_report_to, with
	 * more than one job on the workers while the report is written as
	 * they finish: call batch_status, batch_fails and batch_diags after
	 * it (before it, the batch is INVALID). */
	bool stream;
	int today;	/* yyyymmdd, the date waivers expire against */
	const struct doc_limits *limits; /* NULL: the defaults */
	/* Called from the worker threads as files are done (may be NULL);
	 * what is "loading" or "checking".  done never runs backwards. */
	void (*progress)(void *ctx, const char *what, size_t done, size_t n);
	void *progress_ctx;
};

struct batch;

struct batch *batch_new(const struct pack *p, const struct batch_opts *o);
void batch_free(struct batch *b);
/* A venue file by path (YAML or workbook, by its name). */
void batch_add_path(struct batch *b, const char *path);
/* A venue file read from path but shown as name in every message and
 * report (the server checks an upload kept in its data directory under
 * the name the client gave it).  path's extension says its kind. */
void batch_add_path_as(struct batch *b, const char *path, const char *name);
/* A venue file's bytes (an upload), shown under name in messages.  YAML
 * only: a workbook upload is saved and added by path. */
void batch_add_buffer(struct batch *b, const char *name, const char *bytes,
		      size_t len);
/* Load, judge and link every file added; waivers (may be NULL) is a
 * --waivers file's, whose venues must be in the batch.  Call once. */
void batch_run(struct batch *b, const struct waivers *w);

/* ---- results, after batch_run ---- */
size_t batch_count(const struct batch *b);
/* The name file i was added under. */
const char *batch_name(const struct batch *b, size_t i);
/* File i's venue and report; NULL when it could not be checked (or was
 * left out: another year, a duplicate id).  A streamed batch keeps no
 * struct venue (venue.h: venue_ref): batch_venue is NULL for every file
 * then, and batch_has_venue says whether it has one. */
const struct venue *batch_venue(const struct batch *b, size_t i);
bool batch_has_venue(const struct batch *b, size_t i);
const struct check_report *batch_report(const struct batch *b, size_t i);
/* File i's problems, sorted as a reader meets them, cells named. */
const struct diags *batch_diags(const struct batch *b, size_t i);
/* Problems of the batch as a whole (a --waivers file's venues). */
const struct diags *batch_errors(const struct batch *b);
/* The batch's tree; a streamed one's lets go of its children's index
 * once every linked rule is judged (tree_drop_children). */
const struct tree *batch_tree(const struct batch *b);
const struct pack *batch_pack(const struct batch *b);
/* The reports of every file, by index (NULL where none); NULL for a
 * streamed batch, which keeps no report. */
struct check_report *const *batch_reports(const struct batch *b);

/* Whether checked venue i makes the run fail under fail_on. */
bool batch_fails(const struct batch *b, size_t i, enum batch_fail_on fail_on);
/* The run's outcome: INVALID if any file had errors, else FAILED if any
 * venue fails, else PASS. */
enum batch_status batch_status(const struct batch *b,
			       enum batch_fail_on fail_on);
/* Feed every file's outcome to r in input order, then the roll-ups; r
 * may ask for the venues reported again until it is finished
 * (report_set_venues) and keeps the roll-ups, which the batch holds, till
 * then (report_rollup), so b must outlive report_finish(r). */
void batch_report_to(const struct batch *b, struct report *r);

#endif
