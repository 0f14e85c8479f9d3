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
		snprintf(where, sizeof where, "%s!%s", sheets->names[sheet - 1], cell);
		diag_set_where(g, sheet, row, g->col, where);
		cite_rows(g);
	}
}
