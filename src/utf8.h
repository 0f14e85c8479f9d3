/* utf8.h - display width of UTF-8 text, for aligning CJK columns in a
 * terminal and sizing spreadsheet columns; and text as a quoted string.
 * Pipeline step: toolkit. */
#ifndef VC_UTF8_H
#define VC_UTF8_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"

/* Columns the text takes in a terminal: East Asian wide characters count 2.
 * Invalid bytes count 1 each. */
size_t utf8_width(const char *s);
/* s in double quotes with JSON's escapes (\" \\ \n \t \u0007), which YAML
 * reads as the same text: the JSON report and YAML output share it.
 * What utf8_has_special finds is escaped; other UTF-8 is written as is,
 * and a byte that is not UTF-8 as the text \xNN (utf8_text). */
void utf8_quoted(FILE *f, const char *s);
/* Whether s holds a character YAML cannot hold as written: a control
 * (C0, DEL or C1: NEL is a line break to YAML), U+2028, U+2029, U+FEFF,
 * U+FFFE or U+FFFF. */
bool utf8_has_special(const char *s);

/* Text for a report that must be UTF-8 (JSON, JUnit, CSV, XLSX, SARIF):
 * a file name from a zip made on Chinese Windows holds GBK bytes, which no
 * XML or JSON reader accepts.  Each byte that is not part of well-formed
 * UTF-8 becomes the four characters \xNN, as the terminal shows it
 * (utf8_escape); everything else is kept, controls are left to the
 * format's own quoting.  utf8_text is malloc'ed; utf8_text_in is s itself
 * when s is UTF-8 already. */
bool utf8_valid(const char *s); /* well-formed UTF-8 (NULL: true) */
/* The well-formed UTF-8 sequence at s: its length (1 to 4) with its code
 * point in *cp, or 0 when the byte at s starts none (overlong, surrogate,
 * above U+10FFFF, cut short).  The one decoder of the program: the HTML
 * writer (html.c) shows U+FFFD where it returns 0. */
size_t utf8_decode(const char *s, uint32_t *cp);
char *utf8_text(const char *s);
const char *utf8_text_in(struct arena *a, const char *s);
/* The exact bytes of s percent-encoded as RFC 3986 does in a URI path:
 * letters, digits, - . _ ~ and / are kept, every other byte is %XX
 * (大 in GBK: %B4%F3).  What a report adds so that the name utf8_text
 * wrote is recoverable to the byte; a SARIF artifact's uri. */
const char *utf8_percent_in(struct arena *a, const char *s);

/* Text for a terminal or a line-based log (the text and GitHub reports,
 * diagnostics, `rules`, `explain`): data read from a file never moves the
 * cursor, sets a window title or starts a line of its own.  Escaped:
 * C0 controls (\n \r \t, else \x1b), DEL (\x7f), C1 controls and the
 * line separators and bidirectional overrides (\u009b, \u2028, \u202e),
 * and each byte that is not part of well-formed UTF-8 (\xff).  All other
 * UTF-8, Chinese included, is kept as it is. */
bool utf8_is_plain(const char *s); /* nothing to escape */
/* For text with nothing to escape: its length in bytes, and its columns
 * in *width (utf8_width's).  SIZE_MAX when it has something to escape. */
size_t utf8_plain_bytes(const char *s, size_t *width);
char *utf8_escape(const char *s);   /* malloc'ed */
const char *utf8_escape_in(struct arena *a, const char *s); /* s if plain */
/* At most max characters of the escaped text, then "…": what a message may
 * quote of content that is not of the expected shape. */
const char *utf8_excerpt(struct arena *a, const char *s, size_t max);
/* Write s escaped; returns the columns it took (for padding). */
size_t utf8_put(FILE *f, const char *s);
/* printf whose every %s argument is escaped (the format's own text is
 * written as it is): the one way text sinks print what they did not
 * write themselves.  Conversions: %s %d %i %u %x %c %p %f %g %e, with
 * flags, width, precision (also *) and the h l ll z j t lengths. */
void utf8_printf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void utf8_vprintf(FILE *f, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
