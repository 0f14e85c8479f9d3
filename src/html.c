/* html.c - the one escaping writer of every HTML page (html.h): the
 * `check -o report.html` report and the server's pages.  Text is decoded
 * with the program's one UTF-8 decoder (utf8_decode), so a byte that is
 * not UTF-8 (a GBK file name) shows as U+FFFD instead of making the page
 * invalid, and a control character never reaches the browser.
 * Pipeline step: 4, report (and the server's pages). */
#include "html.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

void html_raw(FILE *f, const char *s)
{
	if (s)
		fputs(s, f);
}

/* The entity for an ASCII byte HTML gives a meaning to, else NULL.  The
 * apostrophe too: an attribute quoted with ' stays closed. */
static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* Code points a page must not hold as written: C0 controls but tab and
 * newline (NUL among them), DEL, and the C1 controls (which a browser
 * reading the page as windows-1252 would show as letters). */
static bool html_dropped(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') ||
	       (cp >= 0x7F && cp <= 0x9F);
}

/* Non-characters are parse errors in HTML: shown as U+FFFD too. */
static bool html_nonchar(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* What to write for the character at p instead of its bytes: an entity,
 * U+FFFD, "" (dropped), or NULL to keep the bytes.  *n gets its length. */
static const char *html_subst(const char *p, size_t *n)
{
	uint32_t cp;
	*n = utf8_decode(p, &cp);
	if (*n == 0) {
		*n = 1;
		return "\xEF\xBF\xBD";
	}
	if (cp < 0x80 && html_entity((unsigned char)cp))
		return html_entity((unsigned char)cp);
	if (html_dropped(cp))
		return "";
	return html_nonchar(cp) ? "\xEF\xBF\xBD" : NULL;
}

void html_text(FILE *f, const char *s)
{
	if (!s)
		return;
	/* Runs of characters kept as they are go out in one fwrite. */
	const char *run = s, *p = s;
	while (*p) {
		size_t n;
		const char *sub = html_subst(p, &n);
		if (!sub) {
			p += n;
			continue;
		}
		fwrite(run, 1, (size_t)(p - run), f);
		fputs(sub, f);
		p += n;
		run = p;
	}
	fwrite(run, 1, (size_t)(p - run), f);
}

void html_attr(FILE *f, const char *s)
{
	/* The same escapes: " and ' are among them, so either quote holds. */
	html_text(f, s);
}

/* One conversion of html_printf at *fmt (just past its '%'): written,
 * *fmt moved past it.  Only what the header names is accepted. */
static void html_conv(FILE *f, const char **fmt, va_list *ap)
{
	const char *c = *fmt;
	if (*c == 's') {
		html_text(f, va_arg(*ap, const char *));
		*fmt = c + 1;
	} else if (*c == 'd') {
		fprintf(f, "%d", va_arg(*ap, int));
		*fmt = c + 1;
	} else if (*c == 'u') {
		fprintf(f, "%u", va_arg(*ap, unsigned));
		*fmt = c + 1;
	} else if (strncmp(c, "zu", 2) == 0) {
		fprintf(f, "%zu", va_arg(*ap, size_t));
		*fmt = c + 2;
	} else if (strncmp(c, "lld", 3) == 0) {
		fprintf(f, "%lld", va_arg(*ap, long long));
		*fmt = c + 3;
	} else if (strncmp(c, "ld", 2) == 0) {
		fprintf(f, "%ld", va_arg(*ap, long));
		*fmt = c + 2;
	} else if (c[0] == '.' && c[1] >= '0' && c[1] <= '9' && c[2] == 'f') {
		fprintf(f, "%.*f", c[1] - '0', va_arg(*ap, double));
		*fmt = c + 3;
	} else if (*c == '%') {
		fputc('%', f);
		*fmt = c + 1;
	} else {
		/* A program error: a conversion this writer cannot make safe. */
		assert(!"html_printf: unsupported conversion");
		*fmt = *c ? c + 1 : c;
	}
}

void html_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		size_t lit = pct ? (size_t)(pct - fmt) : strlen(fmt);
		fwrite(fmt, 1, lit, f);
		if (!pct)
			break;
		fmt = pct + 1;
		html_conv(f, &fmt, &ap);
	}
	va_end(ap);
}
