/* report_impl.h - what the output formats share, for report.c and the
 * report_*.c files only: the operations each format implements, the
 * state every report starts with, and the formats' constructors (which
 * report.c's format table names).  Dependencies run one way: the formats
 * include this header; report.h knows no format.
 * Pipeline step: 4, report. */
#ifndef VC_REPORT_IMPL_H
#define VC_REPORT_IMPL_H

#include "change.h"
#include "report.h"

struct report_ops {
	void (*venue)(struct report *r, const struct check_report *rep,
		      const struct diags *warnings);
	/* What venue writes, to out, reading r only (report_render); NULL
	 * for a format whose venue part depends on those before it. */
	void (*render)(const struct report *r, const struct check_report *rep,
		       const struct diags *warnings, FILE *out);
	void (*invalid)(struct report *r, const char *path,
			const struct diags *errors);
	/* After every venue: the roll-up of one county or city; may be NULL. */
	void (*rollup)(struct report *r, const struct rollup *u);
	/* Write totals, close and commit the output; false after errors. */
	bool (*finish)(struct report *r, struct diags *d);
};

struct report {
	const struct report_ops *ops;
	const struct pack *pack;
	struct report_opts opts;
	struct outfile out;   /* the report file (or standard output) */
	struct arena scratch; /* strings of the venue being written */
	/* tallies every format needs for its closing lines */
	size_t venues, failing, invalid;
	/* With a baseline: the run's changes so far, and the venue being
	 * written compared (its arrays in change_arena, reset per venue). */
	struct change_run *changes;
	struct venue_change vchange;
	struct arena change_arena;
	/* The venues reported so far, when the caller offers them
	 * (report_set_venues); each NULL: not offered. */
	struct report_venues reported;
};

/* For the formats: allocate a format's struct (size bytes, a struct report
 * first) with its output opened (stream: as a FILE; else only created, for
 * a library that writes by name).  NULL after an error added to d. */
struct report *report_new(size_t size, const struct report_ops *ops,
			  const struct pack *p, const struct report_opts *o,
			  bool stream, struct diags *d);
/* Commit the output (false after an error added to d) and free r. */
bool report_done(struct report *r, struct diags *d);

/* The formats, for report.c. */
struct report *report_text_open(const struct pack *p,
				const struct report_opts *o, struct diags *d);
struct report *report_csv_open(const struct pack *p,
			       const struct report_opts *o, struct diags *d);
struct report *report_xlsx_open(const struct pack *p,
				const struct report_opts *o, struct diags *d);
struct report *report_json_open(const struct pack *p,
				const struct report_opts *o, struct diags *d);
struct report *report_github_open(const struct pack *p,
				  const struct report_opts *o, struct diags *d);
struct report *report_junit_open(const struct pack *p,
				 const struct report_opts *o, struct diags *d);
struct report *report_sarif_open(const struct pack *p,
				 const struct report_opts *o, struct diags *d);
struct report *report_html_open(const struct pack *p,
				const struct report_opts *o, struct diags *d);

/* --baseline: what the old run said of a result, in this run's words
 * where it can (a gap in the rule's unit), else the old report's; and
 * what this run says (its gap or reason, else its verdict). */
const char *report_then_text(const struct result *now,
			     const struct baseline_result *then, enum lang l,
			     struct arena *a);
const char *report_now_text(const struct result *now, enum lang l,
			    struct arena *a);

/* --fail-on new: whether result i of the venue being written is a
 * failure the baseline already had (a known backlog, not an error). */
bool report_backlog(const struct report *r, size_t i, const struct result *res);

/* Rules that count in the pass rate: passed, failed, missing data or
 * waived. */
size_t report_checked(const struct check_report *rep);

#endif
