/* diag.c - the diagnostic list. */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

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
	}
	free(d->v);
	memset(d, 0, sizeof *d);
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

void diag_vadd(struct diags *d, enum diag_code code, enum diag_level level,
		const char *file, int line, int col, const char *fmt, va_list ap)
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
	g->msg = xvasprintf(fmt, ap);
	if (level == DIAG_ERROR)
		d->errors++;
}

void diag_add(struct diags *d, enum diag_code code, enum diag_level level,
	       const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, code, level, file, line, col, fmt, ap);
	va_end(ap);
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
char *diag_format(const struct diag *g)
{
	const char *lvl = g->level == DIAG_ERROR ? "error" : "warning";
	const char *id = diag_code_id(g->code);
	char tag[16] = "";
	if (*id)
		snprintf(tag, sizeof tag, "[%s]", id);
	char *file = utf8_escape(g->file), *msg = utf8_escape(g->msg);
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
