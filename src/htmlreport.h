/* htmlreport.h - the HTML view of check results, shared by the `html`
 * report format (report_html.c: one self-contained printable file) and
 * the server's result pages (serve_pages.c), so both show the same thing
 * from the same result structures as every other report: per venue the
 * to-do list first (每项差多少: 差 3 场), then every rule with its verdict,
 * measured and required; for a file that could not be checked every
 * error with its line:col or sheet!cell.
 * Pipeline step: 4, report. */
#ifndef VC_HTMLREPORT_H
#define VC_HTMLREPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "check.h"
#include "diag.h"
#include "lang.h"
#include "pack.h"
#include "rollup.h"

/* The style sheet every page uses (screen and A4 print), NUL-terminated:
 * inlined by the self-contained report, served as /static/report.css by
 * the server (whose CSP allows no inline style). */
extern const char htmlreport_css[];

/* <!DOCTYPE html> ... <body>: css_href NULL inlines htmlreport_css in a
 * <style>, else links it (the server). */
void htmlreport_begin(FILE *f, const char *title, enum lang lang,
		      const char *css_href);
void htmlreport_end(FILE *f);
/* A verdict as every page shows it: its symbol and its word, in its
 * colour (<span class="verdict v-fail">✗ 未通过</span>). */
void htmlreport_verdict(FILE *f, enum verdict v, enum lang lang);
/* One checked venue (warnings: its file's warnings, may be NULL). */
void htmlreport_venue(FILE *f, const struct pack *p,
		      const struct check_report *rep,
		      const struct diags *warnings, enum lang lang);
/* A file that could not be checked: name (as shown to the user, never a
 * server path) and its errors. */
void htmlreport_invalid(FILE *f, const char *name, const struct diags *errors,
			enum lang lang);
/* A county's or a city's roll-up: venues and pass rate per tier, the
 * clauses failed most often, the venues failing most (the report's end;
 * the admin dashboard may show it too). */
void htmlreport_rollup(FILE *f, const struct pack *p, const struct rollup *u,
		       enum lang lang);

#endif
