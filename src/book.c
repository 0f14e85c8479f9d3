/* book.c - the data entry workbook's layout, shared by its reader
 * (bookread.c) and its writer (bookwrite.c): sheet names, column headers,
 * the waivers sheet, and naming a diagnostic's cell. */
#include "book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "xlsxread.h"

const char *book_header(const struct field *f)
{
	return f->label ? f->label : f->name;
}

const struct block *book_waiver_block(struct arena *a)
{
	static const struct field cols[] = {
		{.name = "rule", .label = "规则编号", .type = FT_STRING, .required = true},
		{.name = "reason", .label = "理由", .type = FT_STRING, .required = true},
		{.name = "approver", .label = "批准单位", .type = FT_STRING, .required = true},
		{.name = "expires", .label = "截止日期", .type = FT_DATE, .required = true},
	};
	struct block *b = arena_alloc(a, sizeof *b);
	b->name = SCHEMA_WAIVERS;
	b->label = BOOK_WAIVERS;
	b->shape = SHAPE_LEDGER;
	b->fields = arena_alloc(a, sizeof cols);
	memcpy(b->fields, cols, sizeof cols);
	b->nfields = sizeof cols / sizeof *cols;
	return b;
}

const char *book_sheet_name(struct arena *a, const struct block *b)
{
	const char *src = b->label ? b->label : b->name;
	char *s = arena_strdup(a, src);
	size_t chars = 0, i = 0;
	for (; s[i] && chars < 31; chars++) {
		if (strchr("[]:*?/\\", s[i]))
			s[i] = '_';
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
	}
	s[i] = '\0';
	return s;
}

/* ---- cells to scalars ---- */

/* Messages that cite another entry's line, "(line N)" or "（第 N 行）",
 * cite its row instead: "(row N)", "（第 N 行）" (行 is both).  from is
 * what precedes the number, to what replaces it. */
static void cite_row(char **msg, const char *from, const char *to)
{
	char *p = strstr(*msg, from);
	if (!p)
		return;
	char *end;
	long line = strtol(p + strlen(from), &end, 10);
	if (line < (1L << BOOK_ROW_BITS))
		return;
	size_t len = strlen(*msg) + 32;
	char *s = xmalloc(len);
	snprintf(s, len, "%.*s%s%ld%s", (int)(p - *msg), *msg, to,
		 line & ((1L << BOOK_ROW_BITS) - 1), end);
	free(*msg);
	*msg = s;
}

static void cite_rows(struct diag *g)
{
	cite_row(&g->msg, "（第 ", "（第 ");
	cite_row(&g->msg_en, "(line ", "(row ");
}

static void copy_what(struct book_what *to, const struct book_what *from,
		      struct arena *a)
{
	*to = *from;
	to->cols = arena_alloc(a, ((size_t)from->ncols + 1) * sizeof *to->cols);
	for (int c = 0; from->cols && c <= from->ncols; c++)
		to->cols[c] = from->cols[c] ? arena_strdup(a, from->cols[c]) : NULL;
	to->rows = arena_alloc(a, (from->nrows + 1) * sizeof *to->rows);
	for (size_t r = 0; r < from->nrows; r++)
		to->rows[r] = (struct book_row){from->rows[r].row,
						arena_strdup(a, from->rows[r].label)};
}

void book_sheets_copy(struct book_sheets *to, const struct book_sheets *from,
		      struct arena *a)
{
	if (from->n == 0) { /* a YAML file: nothing to name cells by */
		*to = (struct book_sheets){0};
		return;
	}
	to->names = arena_alloc(a, (from->n + 1) * sizeof *to->names);
	to->what = from->what ? arena_alloc(a, (from->n + 1) * sizeof *to->what) : NULL;
	for (size_t i = 0; i < from->n; i++) {
		to->names[i] = arena_strdup(a, from->names[i]);
		if (from->what)
			copy_what(&to->what[i], &from->what[i], a);
	}
	to->n = from->n;
}

static int cmp_row(const void *key, const void *elem)
{
	int r = *(const int *)key, e = ((const struct book_row *)elem)->row;
	return (r > e) - (r < e);
}

/* The label of the field a cell holds, or NULL (a header, a note). */
static const char *cell_label(const struct book_sheets *sheets, int sheet,
			      int row, int col, enum diag_code code)
{
	const struct book_what *w = sheets->what ? &sheets->what[sheet - 1] : NULL;
	if (!w || row <= w->header_row)
		return NULL;
	/* A message about an entry as a whole (a field missing, an entry
	 * repeated) is at its row's first cell, which is not what it is
	 * about. */
	if (code == DC_MISSING_FIELD || code == DC_DUP_ENTRY)
		return NULL;
	if (w->rows) {
		const struct book_row *r = bsearch(&row, w->rows, w->nrows, sizeof *w->rows,
						   cmp_row);
		if (r)
			return r->label;
	}
	return w->cols && col >= 1 && col <= w->ncols ? w->cols[col] : NULL;
}

/* msg with more appended, in place. */
static void append(char **msg, const char *more)
{
	size_t len = strlen(*msg) + strlen(more) + 1;
	char *s = xmalloc(len);
	snprintf(s, len, "%s%s", *msg, more);
	free(*msg);
	*msg = s;
}

/* A cell takes more forms of a date than a YAML file: say which. */
static void date_forms(struct diag *g)
{
	const struct diag_words *w = diag_word(DW_BOOK_DATE_FORMS);
	append(&g->msg, w->zh);
	append(&g->msg_en, w->en);
}

void book_locate(const struct book_sheets *sheets, const char *file,
		 struct diags *d, size_t first)
{
	for (size_t i = first; i < d->n; i++) {
		struct diag *g = &d->v[i];
		int sheet = g->line >> BOOK_ROW_BITS;
		if (g->where || sheet < 1 || (size_t)sheet > sheets->n ||
		    strcmp(g->file, file) != 0)
			continue;
		int row = g->line & ((1 << BOOK_ROW_BITS) - 1);
		char cell[32], where[400];
		xlsxread_cell_name(cell, sizeof cell, row, g->col);
		const char *label = cell_label(sheets, sheet, row, g->col, g->code);
		snprintf(where, sizeof where, "%s!%s%s%s%s", sheets->names[sheet - 1], cell,
			 label ? "（" : "", label ? label : "", label ? "）" : "");
		diag_set_where(g, sheet, row, g->col, where);
		cite_rows(g);
		if (g->code == DC_BAD_DATE)
			date_forms(g);
	}
}
