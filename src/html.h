/* html.h - the one escaping writer every HTML page goes through: the
 * `check -o report.html` report, and every page and error page of
 * `venuecheck serve`.  Markup is written only from literals in this
 * program (html_raw, the fmt of html_printf); anything that came from a
 * file, a pack or a client goes through html_text/html_attr (or a %s of
 * html_printf, which escapes), so a venue named <script>alert(1)</script>
 * is shown as text.  Writes to a FILE (a report file, or an
 * open_memstream buffer the server answers with); never prints elsewhere.
 * Pipeline step: 4, report (and the server's pages). */
#ifndef VC_HTML_H
#define VC_HTML_H

#include <stdio.h>

/* s written as is: only for markup that is a literal of this program. */
void html_raw(FILE *f, const char *s);
/* Text content: & < > " ' escaped; invalid UTF-8 shown as U+FFFD, NUL
 * and control characters other than \t \n dropped.  NULL writes nothing. */
void html_text(FILE *f, const char *s);
/* An attribute value (the caller writes the quotes): as html_text. */
void html_attr(FILE *f, const char *s);
/* fmt is literal markup; each %s argument is escaped as html_text, %d
 * %ld %lld %zu %u %.Nf are numbers, %% a percent sign.  No other
 * conversion is accepted (it would be a program error: aborts in tests). */
void html_printf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
