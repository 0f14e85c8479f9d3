/* book.h - the data entry workbook: how a venue's yearly data is laid out
 * in sheets, and a filled-in workbook read back into the same node tree
 * (doc.h) the YAML loader produces, so that schema validation and every
 * rule are shared.
 *
 * Layout (all of it from the pack's data format, see venuecheck-data(5)):
 *   基本信息   one row per header field, fact and declared statement:
 *              代码 (venue.id, facts.staff_total, declared.open.notice),
 *              项目, 填写, 单位, 条款及要求
 *   a sheet per ledger, named by its label (活动台账): a header row of
 *              field labels, then one entry per row
 *   a sheet per monthly block: 月份 and the value
 *   豁免       the venue's own waivers (built in, like the YAML block)
 *   说明       how to fill it in (never read)
 *
 * A node's position names a cell: line is BOOK_LINE(sheet, row), col the
 * column; book_locate turns such positions in diagnostics into
 * "活动台账!D7".
 * Pipeline step: 2, load venue (and authoring: the writer shares it). */
#ifndef VC_BOOK_H
#define VC_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "schema.h"

#define BOOK_INFO "基本信息"
#define BOOK_HELP "说明"
#define BOOK_CODE "代码"
#define BOOK_ITEM "项目"
#define BOOK_VALUE "填写"
#define BOOK_UNIT "单位"
#define BOOK_RULE "条款及要求"
#define BOOK_MONTH "月份"
#define BOOK_WAIVERS "豁免"

#define BOOK_ROW_BITS 20
#define BOOK_LINE(sheet, row) (((sheet) << BOOK_ROW_BITS) | (row))

/* What a sheet's cells hold, to name them in messages (活动台账!D4（参与
 * 人数）): a ledger's field labels by column below its header row, or
 * the item of each row of 基本信息 (its value cell). */
struct book_row {
	int row;
	const char *label;
};

struct book_what {
	const char **cols; /* [col]: the field's label, or NULL */
	int ncols;
	int header_row; /* a cell at or above it is a header, no field's */
	struct book_row *rows; /* 基本信息: sorted by row */
	size_t nrows;
};

/* The workbook's sheet names in tab order, to name cells in messages,
 * and what each holds (what: NULL or one per sheet). */
struct book_sheets {
	const char **names;
	size_t n;
	struct book_what *what;
};

/* A copy of from in a, to name cells once the workbook's nodes are gone. */
void book_sheets_copy(struct book_sheets *to, const struct book_sheets *from,
		      struct arena *a);

/* The sheet of a ledger or monthly block: its label (or name), cut to
 * Excel's 31 characters, without the characters Excel refuses. */
const char *book_sheet_name(struct arena *a, const struct block *b);
/* A field's column header: its label, or its name. */
const char *book_header(const struct field *f);
/* The waivers sheet's columns as a ledger of four fields (rule, reason,
 * approver: text; expires: a date of any year), built in a. */
const struct block *book_waiver_block(struct arena *a);

/* Name the cell of every diagnostic of file from index first on whose
 * position is a workbook's (BOOK_LINE). */
void book_locate(const struct book_sheets *sheets, const char *file,
		 struct diags *d, size_t first);

#endif
