/* report.h - one interface for every output format.  The CLI feeds it each
 * venue's results (or an invalid file's errors) as they are produced, so a
 * report of 100,000 venues never holds them all in memory.
 * Pipeline step: 4, report. */
#ifndef VC_REPORT_H
#define VC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "diag.h"
#include "label.h"
#include "outfile.h"
#include "rollup.h"
#include "pack.h"

enum report_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_XLSX, FORMAT_JSON,
		     FORMAT_GITHUB, FORMAT_JUNIT, FORMAT_SARIF, FORMAT_HTML };

struct report_opts {
	enum lang lang;
	bool color;  /* text */
	bool bom;    /* csv: a UTF-8 byte-order mark so Excel reads Chinese */
	bool raw_csv; /* csv: no ' before text that looks like a formula */
	const char *out; /* path, or "-" for standard output */
	bool validate;   /* `validate`: structure only, no rule results */
	/* xlsx: the document's creation time, seconds since the epoch (the
	 * command passes SOURCE_DATE_EPOCH, so a rebuilt report is the same);
	 * 0: now. */
	long long created;
	/* xlsx: rows per sheet before a table continues on the next sheet;
	 * 0: the format's limit (the tests lower it to reach the split). */
	unsigned long max_rows;
	/* --baseline: an earlier run to compare with (change.h); NULL: none,
	 * and every format writes exactly what it writes without one. */
	const struct baseline *baseline;
	/* --fail-on new: in junit, github and sarif only new failures are
	 * errors; those the baseline had are notices (skipped, notes). */
	bool fail_new;
};

struct baseline;

/* Opaque: the formats' state (report_impl.h). */
struct report;

/* NULL after an error (e.g. the output cannot be created) added to d. */
struct report *report_open(enum report_format f, const struct pack *p,
			   const struct report_opts *o, struct diags *d);
void report_venue(struct report *r, const struct check_report *rep,
		  const struct diags *warnings);
void report_invalid(struct report *r, const char *path,
		    const struct diags *errors);
/* A venue's part of the report made on another thread, for a batch whose
 * workers would otherwise wait for the one thread that writes the report
 * (batch.c, streamed with more than one job).  report_renders says whether
 * r's format writes each venue's part from that venue alone (text, with
 * no baseline: a baseline's changes are counted as the venues pass).  If
 * it does, report_render writes to out exactly what report_venue would
 * write to r's output, and reads r only: any number of threads may call
 * it at once, and at once with report_venue_rendered.  That one then
 * counts the venue in r's tallies and writes the n bytes rendered, in
 * report order, in place of report_venue. */
bool report_renders(const struct report *r);
void report_render(const struct report *r, const struct check_report *rep,
		   const struct diags *warnings, FILE *out);
void report_venue_rendered(struct report *r, const struct check_report *rep,
			   const char *bytes, size_t n);
/* u must live until report_finish (a format may write the roll-ups last:
 * the spreadsheet's summary does). */
void report_rollup(struct report *r, const struct rollup *u);
/* Every venue reported so far, in the order reported: each(fctx, id,
 * name) for each (name may be NULL).  A batch offers it to its report
 * (batch_report_to), so that a format that must name a venue at its end
 * need not keep every venue's name in case it is asked: the XLSX report
 * names the parent of each per-parent group, and a parent is named by a
 * venue of the tier above unless the data is wrong (a village named as a
 * parent), which this answers at the end.  ctx must outlive
 * report_finish. */
struct report_venues {
	void (*each)(void *ctx, void (*fn)(void *fctx, const char *id, const char *name),
		     void *fctx);
	void *ctx;
};
void report_set_venues(struct report *r, const struct report_venues *v);
/* Finishes and frees the report. */
bool report_finish(struct report *r, struct diags *d);

/* The format named text, csv, xlsx, json, github, junit, sarif or html; false
 * for any other name. */
bool report_format_parse(const char *name, enum report_format *f);
/* The format a report path asks for by its extension (.xlsx, .csv,
 * .json, .xml for JUnit, .sarif, .html or .htm), else text. */
enum report_format report_format_for_path(const char *path);
/* Whether a format needs a named file (xlsx cannot stream). */
bool report_format_needs_file(enum report_format f);
/* What has been fed so far: venues, those not passing, invalid files. */
void report_tallies(const struct report *r, size_t *venues, size_t *failing,
		    size_t *invalid);

/* With a baseline: the new failures fed so far (--fail-on new). */
size_t report_new_failures(const struct report *r);

/* s as a JSON string ("..." with JSON's escapes; a byte that is not
 * UTF-8 as the text \xNN), or null for NULL: the JSON report's writer,
 * shared with every other JSON the program writes (the server's API and
 * error objects), so there is one escaper to get right. */
void report_json_str(FILE *f, const char *s);
/* s escaped for XML text and attributes (& < > " '), a control character
 * XML 1.0 cannot hold as '?', bytes that are not UTF-8 as \xNN: the JUnit
 * report's writer, shared with diff's JUnit. */
void report_xml_str(FILE *f, const char *s);

#endif
