/* report.h - one interface for every output format.  The CLI feeds it each
 * venue's results (or an invalid file's errors) as they are produced, so a
 * report of 100,000 venues never holds them all in memory. */
#ifndef VC_REPORT_H
#define VC_REPORT_H

#include <stdbool.h>

#include "check.h"
#include "diag.h"
#include "label.h"
#include "outfile.h"
#include "rollup.h"
#include "rules.h"

enum report_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_XLSX, FORMAT_JSON,
		     FORMAT_GITHUB, FORMAT_JUNIT };

struct report_opts {
	enum lang lang;
	bool color;  /* text */
	bool bom;    /* csv: a UTF-8 byte-order mark so Excel reads Chinese */
	bool raw_csv; /* csv: no ' before text that looks like a formula */
	const char *out; /* path, or "-" for standard output */
	bool validate;   /* `validate`: structure only, no rule results */
};

struct report;

struct report_ops {
	void (*venue)(struct report *r, const struct check_report *rep,
		      const struct diags *warnings);
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
};

/* NULL after an error (e.g. the output cannot be created) added to d. */
struct report *report_open(enum report_format f, const struct pack *p,
			   const struct report_opts *o, struct diags *d);
void report_venue(struct report *r, const struct check_report *rep,
		  const struct diags *warnings);
void report_invalid(struct report *r, const char *path,
		    const struct diags *errors);
void report_rollup(struct report *r, const struct rollup *u);
/* Finishes and frees the report. */
bool report_finish(struct report *r, struct diags *d);

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

/* Rules that count in the pass rate: passed, failed, missing data or
 * waived. */
size_t report_checked(const struct check_report *rep);

#endif
