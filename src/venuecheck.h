/* venuecheck.h - the public interface of libvenuecheck, the library the
 * venuecheck command and the submission server are built on.  It is the
 * one header a program outside this tree includes; every other header in
 * src/ is internal and may change.
 *
 * The pipeline: load a rule pack -> add venue files (paths or uploaded
 * bytes) to a batch -> run it (load, judge, link the 总分馆 tree) -> read
 * the verdicts, or write a report in any format.  The library never
 * prints, exits or reads the environment; errors come back as text the
 * caller shows.
 *
 * Ownership: whoever calls vc_*_load or vc_*_new calls the matching
 * vc_*_free; text returned as char * is the caller's to free().
 * Pipeline step: the public interface over steps 1-4. */
#ifndef VENUECHECK_H
#define VENUECHECK_H

#include <stdbool.h>
#include <stddef.h>

#define VC_VERSION "0.1.0"

struct pack;
struct batch;

/* A verdict, as every report names it (label: 通过 / PASS, ...). */
enum vc_verdict {
	VC_PASS, VC_FAIL, VC_MISSING, VC_NA, VC_NEEDS_BATCH, VC_WAIVED
};

/* ---- rule packs ---- */

/* Load a pack from a .yaml path.  NULL on failure, with *errors set to
 * its diagnostics, one per line ("file:line:col: 错误[R001]: ..."; with
 * english, "error[R001]: ..."). */
struct pack *vc_pack_load(const char *path, char **errors);
struct pack *vc_pack_load_in(const char *path, bool english, char **errors);
void vc_pack_free(struct pack *p);
const char *vc_pack_title(const struct pack *p);

/* ---- batches ---- */

struct vc_batch_opts {
	long jobs;	/* threads; < 1: one */
	long year;	/* keep only this year's files; 0: the first file's */
	bool complete;	/* the batch is a whole tree (missing files are errors) */
	int today;	/* yyyymmdd, the date waivers expire against */
};

/* The pack must outlive the batch. */
struct batch *vc_batch_new(const struct pack *p, const struct vc_batch_opts *o);
void vc_batch_free(struct batch *b);
void vc_batch_add_path(struct batch *b, const char *path);
/* A file read from path, named name in every message and report (an
 * upload kept where its uploader must not see); path's extension says
 * its kind (.yaml, .xlsx, .xls). */
void vc_batch_add_path_as(struct batch *b, const char *path, const char *name);
/* A YAML file's bytes (an upload), named name in messages. */
void vc_batch_add_buffer(struct batch *b, const char *name, const char *bytes,
			 size_t len);
/* Load, judge and link everything added.  Returns what the command would
 * exit with: 0 every rule passed, 1 some rule failed or lacks data, 2 a
 * file could not be checked. */
int vc_batch_run(struct batch *b);

size_t vc_batch_files(const struct batch *b);
const char *vc_file_name(const struct batch *b, size_t file);
/* False when the file could not be checked (see vc_file_problems). */
bool vc_file_checked(const struct batch *b, size_t file);
/* The file's diagnostics, one per line (empty: none), in Chinese or, with
 * english, in English. */
char *vc_file_problems(const struct batch *b, size_t file);
char *vc_file_problems_in(const struct batch *b, size_t file, bool english);
/* One by one: how many, and diagnostic k's stable code ("E018"; "" for
 * none), whether it is an error (else a warning) and its message without
 * the position, in Chinese or English.  The text lives as long as b. */
size_t vc_file_diags(const struct batch *b, size_t file);
const char *vc_diag_code(const struct batch *b, size_t file, size_t k);
bool vc_diag_is_error(const struct batch *b, size_t file, size_t k);
const char *vc_diag_message(const struct batch *b, size_t file, size_t k,
			    bool english);

/* The rules judged for a checked file, in the pack's order. */
size_t vc_file_results(const struct batch *b, size_t file);
const char *vc_result_rule(const struct batch *b, size_t file, size_t k);
enum vc_verdict vc_result_verdict(const struct batch *b, size_t file, size_t k);
/* The report's line for the result ("48 小时（要求 ≥ 42 小时）", or "差 2 场"
 * appended for a failure); english: the English labels. */
char *vc_result_text(const struct batch *b, size_t file, size_t k,
		     bool english);
const char *vc_verdict_label(enum vc_verdict v, bool english);

/* Write the batch's report: format is text, json, junit, github, sarif,
 * csv or xlsx; path "-" is standard output (not for xlsx).  True on success;
 * else *errors says why. */
bool vc_batch_report(const struct batch *b, const char *format,
		     const char *path, bool english, char **errors);

#endif
