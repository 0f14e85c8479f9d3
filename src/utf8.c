/* utf8.c - display width without depending on the process locale, and
 * text made safe for a terminal or a line-based log. */
#include "utf8.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode one code point; returns bytes used (1 on invalid input). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
		 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!n) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t c = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

static size_t valid_seq(const unsigned char *s, uint32_t *cp);

static inline bool is_wide(uint32_t c)
{
	/* Nothing below U+1100 is wide: ASCII and Latin leave at once.  Then
	 * the CJK ideographs: nearly every wide character is one. */
	if (c < 0x1100)
		return false;
	return (c >= 0x4E00 && c <= 0x9FFF) || c <= 0x115F ||
	       (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	while (*p) {
		if (*p < 0x80) { /* ASCII, one column: a rule id is nothing else */
			w++, p++;
			continue;
		}
		uint32_t c;
		p += decode(p, &c);
		w += is_wide(c) ? 2 : 1;
	}
	return w;
}

/* The code point at p when YAML could not hold it as written: controls
 * (C0, DEL, C1, whose NEL is a line break), the line and paragraph
 * separators (breaks too), the byte-order mark and the non-characters
 * U+FFFE and U+FFFF; else 0 (bytes counts p's bytes either way). */
static uint32_t special(const unsigned char *p, size_t *bytes)
{
	uint32_t c;
	*bytes = decode(p, &c);
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
	    c == 0xFEFF || c == 0xFFFE || c == 0xFFFF)
		return c;
	return 0;
}

bool utf8_has_special(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n;
		if (special(p, &n))
			return true;
		p += n;
	}
	return false;
}

void utf8_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n;
		uint32_t c = special(p, &n), cp;
		if (!valid_seq(p, &cp)) {
			/* Not UTF-8 (a GBK file name): the text \xb4, as
			 * utf8_text writes it. */
			fprintf(f, "\\\\x%02x", *p);
			p++;
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (c)
			fprintf(f, "\\u%04x", (unsigned)c);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
}

/* Length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when the
 * byte at s does not start one: overlong forms, surrogates and code points
 * above U+10FFFF are not UTF-8 either.  *cp gets the code point. */
static size_t valid_seq(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	uint32_t v = c & (0x7F >> n);
	for (size_t i = 1; i < n; i++)
		v = (v << 6) | (s[i] & 0x3F);
	*cp = v;
	return n;
}

size_t utf8_decode(const char *s, uint32_t *cp)
{
	return valid_seq((const unsigned char *)s, cp);
}

bool utf8_valid(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p;) {
		uint32_t cp;
		size_t n = valid_seq(p, &cp);
		if (!n)
			return false;
		p += n;
	}
	return true;
}

/* s with each byte that is not UTF-8 as \xNN into out (NULL: only
 * measure); returns the length written. */
static size_t text_into(char *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t cp;
		size_t n = valid_seq(p, &cp);
		if (n) {
			if (out)
				memcpy(out + len, p, n);
			len += n;
			p += n;
			continue;
		}
		if (out) {
			out[len] = '\\', out[len + 1] = 'x';
			out[len + 2] = hex[*p >> 4], out[len + 3] = hex[*p & 15];
		}
		len += 4;
		p++;
	}
	return len;
}

char *utf8_text(const char *s)
{
	size_t n = text_into(NULL, s ? s : "");
	char *out = xmalloc(n + 1);
	text_into(out, s ? s : "");
	out[n] = '\0';
	return out;
}

const char *utf8_text_in(struct arena *a, const char *s)
{
	if (utf8_valid(s))
		return s;
	char *t = utf8_text(s);
	const char *kept = arena_strdup(a, t);
	free(t);
	return kept;
}

const char *utf8_percent_in(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s ? s : "");
	char *out = xmalloc(3 * n + 1), *q = out;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*q++ = (char)*p;
			continue;
		}
		*q++ = '%';
		*q++ = hex[*p >> 4];
		*q++ = hex[*p & 15];
	}
	*q = '\0';
	const char *kept = arena_strdup(a, out);
	free(out);
	return kept;
}

/* Code points a terminal or a line-based reader acts on rather than shows:
 * C0 controls, DEL, C1 controls, the line and paragraph separators and
 * the bidirectional overrides that reorder what is displayed. */
static inline bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 ||
	       c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/* The escape of one sequence into out (at least 7 bytes), or 0 when it is
 * shown as it is. */
static size_t escape_one(const unsigned char *s, size_t n, uint32_t cp,
			 char *out)
{
	static const char hex[] = "0123456789abcdef";
	if (n == 0) { /* a byte that is not UTF-8 */
		out[0] = '\\', out[1] = 'x', out[2] = hex[s[0] >> 4];
		out[3] = hex[s[0] & 15];
		return 4;
	}
	if (!is_control(cp))
		return 0;
	const char *named = cp == '\n' ? "\\n" : cp == '\r' ? "\\r"
			  : cp == '\t' ? "\\t" : NULL;
	if (named) {
		memcpy(out, named, 2);
		return 2;
	}
	if (cp < 0x80) {
		out[0] = '\\', out[1] = 'x', out[2] = hex[cp >> 4];
		out[3] = hex[cp & 15];
		return 4;
	}
	out[0] = '\\', out[1] = 'u';
	for (int i = 0; i < 4; i++)
		out[2 + i] = hex[(cp >> (12 - 4 * i)) & 15];
	return 6;
}

/* Escape s into out (NULL: only measure); returns the length written. */
static size_t escape_into(char *out, const char *s)
{
	size_t len = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p >= 0x20 && *p < 0x7F) { /* printable ASCII: shown as is */
			if (out)
				out[len] = (char)*p;
			len++, p++;
			continue;
		}
		uint32_t cp = 0;
		size_t n = valid_seq(p, &cp);
		char e[8];
		size_t k = escape_one(p, n, cp, e);
		if (k == 0) {
			if (out)
				memcpy(out + len, p, n);
			len += n;
		} else {
			if (out)
				memcpy(out + len, e, k);
			len += k;
		}
		p += n ? n : 1;
	}
	return len;
}

/* True when escape_into would copy s unchanged, with s's display width
 * (utf8_width) in *w: one pass, as a report prints thousands of texts and
 * nearly all are plain. */
/* Three bytes with no overlong or surrogate form to rule out (lead
 * E1-EC): nearly every Chinese character, decoded without valid_seq. */
static inline size_t three_bytes(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0xE1 || p[0] > 0xEC || (p[1] & 0xC0) != 0x80 ||
	    (p[2] & 0xC0) != 0x80)
		return 0;
	*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
	      (p[2] & 0x3F);
	return 3;
}

/* plain_width, giving s's length in bytes too (SIZE_MAX: not plain), so
 * the caller writes it with fwrite rather than measure it again. */
static size_t plain_bytes(const char *s, size_t *w)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t width = 0;
	while (*p) {
		if (*p >= 0x20 && *p < 0x7F) {
			width++, p++;
			continue;
		}
		/* Leads E4-E9 are U+4000-U+9FFF: the CJK ideographs (all wide,
		 * none a control) and the rare Extension A below U+4DC0,
		 * wide too except the hexagrams U+4DC0-U+4DFF. */
		if (p[0] >= 0xE4 && p[0] <= 0xE9 && (p[1] & 0xC0) == 0x80 &&
		    (p[2] & 0xC0) == 0x80 && !(p[0] == 0xE4 && p[1] == 0xB7)) {
			width += 2, p += 3;
			continue;
		}
		uint32_t cp = 0;
		size_t n = three_bytes(p, &cp);
		if (!n)
			n = valid_seq(p, &cp);
		if (n == 0 || is_control(cp))
			return SIZE_MAX;
		width += is_wide(cp) ? 2 : 1;
		p += n;
	}
	*w = width;
	return (size_t)(p - (const unsigned char *)s);
}

size_t utf8_plain_bytes(const char *s, size_t *width)
{
	return plain_bytes(s, width);
}

static bool plain_width(const char *s, size_t *w)
{
	return plain_bytes(s, w) != SIZE_MAX;
}

bool utf8_is_plain(const char *s)
{
	size_t w;
	return !s || plain_width(s, &w);
}

char *utf8_escape(const char *s)
{
	size_t n = escape_into(NULL, s ? s : "");
	char *out = xmalloc(n + 1);
	escape_into(out, s ? s : "");
	out[n] = '\0';
	return out;
}

const char *utf8_escape_in(struct arena *a, const char *s)
{
	if (utf8_is_plain(s))
		return s;
	char *e = utf8_escape(s);
	const char *kept = arena_strdup(a, e);
	free(e);
	return kept;
}

const char *utf8_excerpt(struct arena *a, const char *s, size_t max)
{
	const char *e = utf8_escape_in(a, s ? s : "");
	size_t cut = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)e;
	while (p[cut] && chars < max) {
		uint32_t cp;
		size_t n = valid_seq(p + cut, &cp);
		cut += n ? n : 1;
		chars++;
	}
	if (!p[cut])
		return e;
	return arena_printf(a, "%.*s…", (int)cut, e);
}

size_t utf8_put(FILE *f, const char *s)
{
	if (!s)
		return 0;
	size_t plain, n = plain_bytes(s, &plain);
	if (n != SIZE_MAX) {
		fwrite(s, 1, n, f);
		return plain;
	}
	char *e = utf8_escape(s);
	fputs(e, f);
	size_t w = utf8_width(e);
	free(e);
	return w;
}

/* One conversion of a printf format: "%-*s", "%10.1f", "%zu". */
struct spec {
	char text[32];
	bool star_width, star_prec;
	char length[3]; /* "", "l", "ll", "z", ... */
	char conv;
	size_t size; /* bytes of the format it took */
};

static bool parse_spec(const char *p, struct spec *sp)
{
	memset(sp, 0, sizeof *sp);
	const char *q = p + 1;
	q += strspn(q, "-+ #0");
	if (*q == '*')
		sp->star_width = true, q++;
	else
		q += strspn(q, "0123456789");
	if (*q == '.') {
		q++;
		if (*q == '*')
			sp->star_prec = true, q++;
		else
			q += strspn(q, "0123456789");
	}
	size_t nl = strspn(q, "hlzjtL");
	if (nl > 2)
		return false;
	memcpy(sp->length, q, nl);
	q += nl;
	sp->conv = *q;
	sp->size = (size_t)(q - p) + 1;
	if (!*q || sp->size >= sizeof sp->text)
		return false;
	memcpy(sp->text, p, sp->size);
	return true;
}

/* The formats are checked by the compiler at the call of utf8_printf (it
 * carries the printf attribute); here they are that format's own pieces. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void put_int(FILE *f, const struct spec *sp, int w, int pr,
		    va_list *ap)
{
	bool sgn = sp->conv == 'd' || sp->conv == 'i';
	const char *l = sp->length;
#define PUT(type) do { type v = va_arg(*ap, type); \
	if (sp->star_width && sp->star_prec) fprintf(f, sp->text, w, pr, v); \
	else if (sp->star_width || sp->star_prec) \
		fprintf(f, sp->text, sp->star_width ? w : pr, v); \
	else fprintf(f, sp->text, v); } while (0)
	if (!strcmp(l, "z"))
		PUT(size_t);
	else if (!strcmp(l, "ll") && sgn)
		PUT(long long);
	else if (!strcmp(l, "ll"))
		PUT(unsigned long long);
	else if (!strcmp(l, "l") && sgn)
		PUT(long);
	else if (!strcmp(l, "l"))
		PUT(unsigned long);
	else if (sgn)
		PUT(int);
	else
		PUT(unsigned);
}

static void put_other(FILE *f, const struct spec *sp, int w, int pr,
		      va_list *ap)
{
	switch (sp->conv) {
	case 'f': case 'g': case 'e': case 'G': case 'E':
		PUT(double);
		break;
	case 'c':
		PUT(int);
		break;
	case 'p':
		PUT(void *);
		break;
	default:
		put_int(f, sp, w, pr, ap);
	}
}

static void put_text(FILE *f, const struct spec *sp, int w, int pr,
		     va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	/* Most text needs nothing: print it without a copy. */
	char *e = utf8_is_plain(s) ? NULL : utf8_escape(s);
	const char *t = e ? e : s ? s : "(null)";
	if (sp->star_width && sp->star_prec)
		fprintf(f, sp->text, w, pr, t);
	else if (sp->star_width || sp->star_prec)
		fprintf(f, sp->text, sp->star_width ? w : pr, t);
	else
		fprintf(f, sp->text, t);
	free(e);
}
#undef PUT
#pragma GCC diagnostic pop

/* A bare "%s": what fprintf would print, without parsing its format. */
static void put_s(FILE *f, const char *s)
{
	size_t w, n = s ? plain_bytes(s, &w) : 0;
	if (!s)
		fputs("(null)", f);
	else if (n != SIZE_MAX)
		fwrite(s, 1, n, f);
	else {
		char *e = utf8_escape(s);
		fputs(e, f);
		free(e);
	}
}

void utf8_vprintf(FILE *f, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	for (const char *p = fmt; *p;) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(pct - p), f);
		struct spec sp;
		if (pct[1] == '%') {
			fputc('%', f);
			p = pct + 2;
			continue;
		}
		if (pct[1] == 's') { /* nearly every conversion a report prints */
			put_s(f, va_arg(aq, const char *));
			p = pct + 2;
			continue;
		}
		if (!parse_spec(pct, &sp))
			break; /* not a format the compiler let through */
		int w = sp.star_width ? va_arg(aq, int) : 0;
		int pr = sp.star_prec ? va_arg(aq, int) : 0;
		if (sp.conv == 's')
			put_text(f, &sp, w, pr, &aq);
		else
			put_other(f, &sp, w, pr, &aq);
		p = pct + sp.size;
	}
	va_end(aq);
}

void utf8_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	utf8_vprintf(f, fmt, ap);
	va_end(ap);
}
