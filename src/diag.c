/* diag.c - the diagnostic list. */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

#include <stddef.h>

static char *xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

void diag_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void diag_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].where);
		free(d->v[i].msg);
		free(d->v[i].msg_en);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* s with every `from` replaced by `to`, malloc'ed; s itself (not copied)
 * when from does not occur. */
static char *replace_all(char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to), count = 0;
	/* nt sizes the result; the copy below stops at to's NUL */
	for (const char *p = s; (p = strstr(p, from)); p += nf)
		count++;
	if (!count)
		return s;
	char *out = xmalloc(strlen(s) - count * nf + count * nt + 1), *o = out;
	const char *p = s;
	for (const char *q; (q = strstr(p, from)); p = q + nf) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		for (const char *t = to; *t;)
			*o++ = *t++;
	}
	memcpy(o, p, strlen(p) + 1);
	free(s);
	return out;
}

void diag_rename(struct diags *d, const char *from, const char *to)
{
	if (!*from)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct diag *g = &d->v[i];
		if (g->file && !strcmp(g->file, from)) {
			free(g->file);
			g->file = xstrdup(to);
		}
		g->msg = replace_all(g->msg, from, to);
		g->msg_en = replace_all(g->msg_en, from, to);
	}
}

static const char *const code_ids[][2] = {
#define X(name, id, text) [name] = {id, text},
#include "diagcodes.h"
#undef X
};

const char *diag_code_id(enum diag_code c)
{
	return c < DC_COUNT ? code_ids[c][0] : "";
}

const char *diag_code_name(enum diag_code c)
{
	return c < DC_COUNT ? code_ids[c][1] : "";
}

static const struct {
	enum diag_code code;
	struct diag_words text;
} messages[] = {
#define M(name, code, zh, en) [name] = {code, {zh, en}},
#include "diagcodes.h"
#undef M
};

enum diag_code diag_msg_code(enum diag_msg m)
{
	return m < DM_COUNT ? messages[m].code : DC_NONE;
}

const char *diag_msg_format(enum diag_msg m, enum lang l)
{
	if (m >= DM_COUNT)
		return "";
	return l == LANG_EN ? messages[m].text.en : messages[m].text.zh;
}

const struct diag_words *diag_word(enum diag_msg m)
{
	return &messages[m < DM_COUNT ? m : DM_NONE].text;
}

const struct diag_words *diag_errno(int err)
{
	static const struct {
		int err;
		enum diag_msg zh;
	} known[] = {
		{ENOENT, DW_ENOENT}, {EACCES, DW_EACCES}, {EPERM, DW_EPERM},
		{EISDIR, DW_EISDIR}, {ENOTDIR, DW_ENOTDIR}, {ENOSPC, DW_ENOSPC},
		{EROFS, DW_EROFS}, {EDQUOT, DW_EDQUOT},
		{ENAMETOOLONG, DW_ENAMETOOLONG}, {ELOOP, DW_ELOOP},
		{EMFILE, DW_EMFILE}, {EIO, DW_EIO}, {EFBIG, DW_EFBIG},
	};
	static _Thread_local struct diag_words w;
	w.en = strerror(err);
	w.zh = w.en;
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (known[i].err == err)
			w.zh = diag_word(known[i].zh)->zh;
	return &w;
}

/* ---- rendering a table's format ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* A phrase of Latin letters among Chinese characters gets a space either
 * side ("不属于 facts"), as Chinese typesetting does; none next to
 * punctuation ("“facts”", "facts：").  Han: U+4E00..U+9FFF, 3 bytes. */
static bool latin(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9');
}

static bool han(const unsigned char *s)
{
	unsigned cp = (unsigned)(s[0] & 0x0F) << 12 |
		      (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	return s[0] >= 0xE4 && s[0] <= 0xE9 && cp >= 0x4E00 && cp <= 0x9FFF;
}

static bool ends_han(const struct buf *b)
{
	return b->n >= 3 && han((const unsigned char *)b->p + b->n - 3);
}

static bool starts_han(const char *s)
{
	return strlen(s) >= 3 && han((const unsigned char *)s);
}

/* One conversion of spec (its text "%-5.2lld", already checked to be
 * one) with its argument, taken from *ap, into dst; snprintf's count.
 * The formats are the table's, not literals the compiler could check. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int conv1(char *dst, size_t size, const char *spec, const int star[2],
		 int nstar, char conv, const char *len, va_list *ap)
{
	int w = star[0], pr = star[1];
#define ONE(v) (nstar == 2 ? snprintf(dst, size, spec, w, pr, v) \
		: nstar == 1 ? snprintf(dst, size, spec, w, v) \
		: snprintf(dst, size, spec, v))
	if (conv == 's') {
		const char *s = va_arg(*ap, const char *);
		return ONE(s ? s : "(null)");
	}
	if (conv == 'c')
		return ONE(va_arg(*ap, int));
	if (strchr("eEfFgGaA", conv))
		return ONE(va_arg(*ap, double));
	if (conv == 'p')
		return ONE(va_arg(*ap, void *));
	if (strchr("di", conv)) {
		if (!strcmp(len, "ll"))
			return ONE(va_arg(*ap, long long));
		if (!strcmp(len, "l"))
			return ONE(va_arg(*ap, long));
		if (!strcmp(len, "z"))
			return ONE(va_arg(*ap, ptrdiff_t));
		return ONE(va_arg(*ap, int));
	}
	if (!strcmp(len, "ll"))
		return ONE(va_arg(*ap, unsigned long long));
	if (!strcmp(len, "l"))
		return ONE(va_arg(*ap, unsigned long));
	if (!strcmp(len, "z"))
		return ONE(va_arg(*ap, size_t));
	return ONE(va_arg(*ap, unsigned));
#undef ONE
}
#pragma GCC diagnostic pop

/* The conversion into b: in a small buffer, else once more with room. */
static void put_conv(struct buf *b, const char *spec, const int star[2],
		     int nstar, char conv, const char *len, va_list *ap)
{
	char small[128];
	va_list again;
	va_copy(again, *ap);
	int n = conv1(small, sizeof small, spec, star, nstar, conv, len, ap);
	if (n > 0 && (size_t)n < sizeof small) {
		put(b, small, (size_t)n);
	} else if (n > 0) {
		char *big = xmalloc((size_t)n + 1);
		conv1(big, (size_t)n + 1, spec, star, nstar, conv, len, &again);
		put(b, big, (size_t)n);
		free(big);
	}
	va_end(again);
}
/* A field width or precision at f[i]: '*' (an argument, counted in
 * nstar) or digits; returns the index after it. */
static size_t skip_count(const char *f, size_t i, int *nstar)
{
	if (f[i] == '*') {
		++*nstar;
		return i + 1;
	}
	while (f[i] >= '0' && f[i] <= '9')
		i++;
	return i;
}

/* The length of the conversion at f ("%-5.2lld"), its conversion
 * character and length modifier; 0 when it is none this renderer knows
 * (diag_conversions). */
size_t diag_conversion(const char *f, char *conv, char len[3], int *nstar)
{
	size_t i = 1;
	*nstar = 0;
	while (f[i] && strchr("-+ #0", f[i]))
		i++;
	i = skip_count(f, i, nstar);
	if (f[i] == '.')
		i = skip_count(f, i + 1, nstar);
	size_t l = 0;
	while (l < 2 && f[i] && strchr("lz", f[i]) && (l == 0 || f[i] == len[0]))
		len[l++] = f[i++];
	len[l] = '\0';
	if (!f[i] || !strchr("sdiucxXgGeEfpW", f[i]))
		return 0;
	*conv = f[i];
	return i + 1;
}

/* vsnprintf of a table's format, one conversion at a time so that %W (a
 * struct diag_words *: the phrase in the language being made) can be
 * among them.  Conversions: those diag_conversion knows. */
char *diag_vrender(enum diag_msg m, enum lang l, va_list ap)
{
	const char *f = diag_msg_format(m, l);
	struct buf b = {xmalloc(64), 0, 64};
	b.p[0] = '\0';
	va_list aq;
	va_copy(aq, ap);
	while (*f) {
		const char *pct = strchr(f, '%');
		if (!pct) {
			put(&b, f, strlen(f));
			break;
		}
		put(&b, f, (size_t)(pct - f));
		if (pct[1] == '%') {
			put(&b, "%", 1);
			f = pct + 2;
			continue;
		}
		char conv = 0, len[3];
		int nstar, star[2] = {0, 0};
		size_t n = diag_conversion(pct, &conv, len, &nstar);
		if (!n) { /* not a conversion: the text as it is */
			put(&b, pct, 1);
			f = pct + 1;
			continue;
		}
		for (int k = 0; k < nstar; k++)
			star[k] = va_arg(aq, int);
		if (conv == 'W') {
			const struct diag_words *w = va_arg(aq, const struct diag_words *);
			const char *s = !w ? "" : l == LANG_EN ? w->en : w->zh;
			bool before = l == LANG_ZH && ends_han(&b) && latin(s[0]);
			if (before)
				put(&b, " ", 1);
			put(&b, s, strlen(s));
			if (l == LANG_ZH && *s && latin(s[strlen(s) - 1]) &&
			    starts_han(pct + n))
				put(&b, " ", 1);
		} else if (conv == 's' && n == 2) { /* plain %s: no copy */
			const char *t = va_arg(aq, const char *);
			put(&b, t ? t : "(null)", strlen(t ? t : "(null)"));
		} else {
			char spec[32];
			snprintf(spec, sizeof spec, "%.*s", (int)n, pct);
			put_conv(&b, spec, star, nstar, conv, len, &aq);
		}
		f = pct + n;
	}
	va_end(aq);
	return b.p;
}

char *diag_render(enum diag_msg m, enum lang l, ...)
{
	va_list ap;
	va_start(ap, l);
	char *s = diag_vrender(m, l, ap);
	va_end(ap);
	return s;
}

static struct diag *push(struct diags *d, enum diag_code code,
			 enum diag_level level, const char *file, int line,
			 int col)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	struct diag *g = &d->v[d->n++];
	g->level = level;
	g->code = code;
	g->file = xstrdup(file ? file : "");
	g->line = line;
	g->col = col;
	g->where = NULL;
	g->sheet = 0;
	g->msg = g->msg_en = NULL;
	if (level == DIAG_ERROR)
		d->errors++;
	return g;
}

void diag_vaddm(struct diags *d, enum diag_msg m, enum diag_level level,
		 const char *file, int line, int col, va_list ap)
{
	struct diag *g = push(d, diag_msg_code(m), level, file, line, col);
	va_list aq;
	va_copy(aq, ap);
	g->msg = diag_vrender(m, LANG_ZH, aq);
	va_end(aq);
	g->msg_en = diag_vrender(m, LANG_EN, ap);
}

void diag_addm(struct diags *d, enum diag_msg m, enum diag_level level,
		const char *file, int line, int col, ...)
{
	va_list ap;
	va_start(ap, col);
	diag_vaddm(d, m, level, file, line, col, ap);
	va_end(ap);
}

void diag_add_texts(struct diags *d, enum diag_code code,
		     enum diag_level level, const char *file, int line, int col,
		     const char *zh, const char *en)
{
	struct diag *g = push(d, code, level, file, line, col);
	g->msg = xstrdup(zh);
	g->msg_en = xstrdup(en);
}

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void diag_set_where(struct diag *g, int sheet, int row, int col,
		    const char *where)
{
	free(g->where);
	g->where = xstrdup(where);
	g->sheet = sheet;
	g->line = row;
	g->col = col;
}

/* The one line of a diagnostic: its parts are escaped (utf8_escape), so a
 * key, a value or a path holding a line break or a terminal control can
 * neither forge a line of its own nor reach the terminal raw. */
const char *diag_text(const struct diag *g, enum lang l)
{
	const char *s = l == LANG_EN ? g->msg_en : g->msg;
	return s ? s : "";
}

const char *diag_level_word(enum diag_level v, enum lang l)
{
	if (l == LANG_EN)
		return v == DIAG_ERROR ? "error" : "warning";
	return v == DIAG_ERROR ? "错误" : "警告";
}

char *diag_format(const struct diag *g, enum lang l)
{
	const char *lvl = diag_level_word(g->level, l);
	const char *id = diag_code_id(g->code);
	char tag[16] = "";
	if (*id)
		snprintf(tag, sizeof tag, "[%s]", id);
	char *file = utf8_escape(g->file), *msg = utf8_escape(diag_text(g, l));
	char *where = g->where ? utf8_escape(g->where) : NULL;
	char *s;
	if (where)
		s = xasprintf("%s: %s: %s%s: %s", file, where, lvl, tag, msg);
	else if (g->line > 0)
		s = xasprintf("%s:%d:%d: %s%s: %s", file, g->line, g->col, lvl,
			      tag, msg);
	else
		s = xasprintf("%s: %s%s: %s", file, lvl, tag, msg);
	free(file);
	free(msg);
	free(where);
	return s;
}

/* Whether a comes after b: by file (a venue's list may hold problems of a
 * --waivers file too), then sheet (a workbook's), line and column. */
static bool after(const struct diag *a, const struct diag *b)
{
	int f = strcmp(a->file, b->file);
	if (f != 0)
		return f > 0;
	if (a->sheet != b->sheet)
		return a->sheet > b->sheet;
	return a->line > b->line || (a->line == b->line && a->col > b->col);
}

/* Stable merge sort, bottom up: n log n whatever the order the passes found
 * the problems in (a ledger's repeats are found in date and title order,
 * which can be the reverse of the lines, and an insertion sort of 200,000
 * of them took minutes).  Equal positions keep the order they were added. */
void diag_sort(struct diags *d)
{
	size_t n = d->n;
	if (n < 2)
		return;
	struct diag *tmp = xmalloc(n * sizeof *tmp);
	struct diag *src = d->v, *dst = tmp;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = mid + w < n ? mid + w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = after(&src[i], &src[j]) ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		struct diag *t = src;
		src = dst;
		dst = t;
	}
	if (src != d->v)
		memcpy(d->v, src, n * sizeof *d->v);
	free(tmp);
}

void diag_append(struct diags *to, const struct diags *from)
{
	for (size_t k = 0; k < from->n; k++) {
		const struct diag *g = &from->v[k];
		diag_add_texts(to, g->code, g->level, g->file, g->line, g->col,
			       g->msg, g->msg_en);
		to->v[to->n - 1].where = g->where ? xstrdup(g->where) : NULL;
		to->v[to->n - 1].sheet = g->sheet;
	}
}
