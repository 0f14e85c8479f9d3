/* diag.c - the diagnostic list. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	char *p = malloc((size_t)n + 1);
	if (!p)
		abort();
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (!p)
		abort();
	return memcpy(p, s, n);
}

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void diags_add(struct diags *d, enum diag_level level, const char *file,
	       int line, int col, const char *fmt, ...)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = realloc(d->v, d->cap * sizeof *d->v);
		if (!d->v)
			abort();
	}
	va_list ap;
	va_start(ap, fmt);
	struct diag *g = &d->v[d->n++];
	g->level = level;
	g->file = xstrdup(file ? file : "");
	g->line = line;
	g->col = col;
	g->msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (level == DIAG_ERROR)
		d->errors++;
}

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

char *diag_format(const struct diag *g)
{
	const char *lvl = g->level == DIAG_ERROR ? "error" : "warning";
	if (g->line > 0)
		return xasprintf("%s:%d:%d: %s: %s", g->file, g->line, g->col,
				 lvl, g->msg);
	return xasprintf("%s: %s: %s", g->file, lvl, g->msg);
}
