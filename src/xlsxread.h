/* xlsxread.h - the cells of an .xlsx workbook (Office Open XML), read with
 * libzip and expat.  Only what a data entry workbook needs: each sheet's
 * name and its non-empty cells as text, whichever way Excel, WPS or
 * LibreOffice wrote them (shared or inline strings, rich-text runs, cell
 * references or none).
 *
 * A workbook is a zip of XML parts, and both can be hostile: the archive,
 * every part and their sum are bounded by the same limits as a YAML file
 * (struct doc_limits), parts that unpack far beyond their packed size are
 * refused before they are unpacked, XML is streamed (never held whole)
 * and DTDs are refused (no entity expansion).
 * Pipeline step: 2, load venue. */
#ifndef VC_XLSXREAD_H
#define VC_XLSXREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"

enum xlsxread_kind { XR_NUMBER, XR_TEXT, XR_BOOL, XR_ERROR, XR_DATE };

struct xlsxread_cell {
	int row, col; /* 1-based */
	enum xlsxread_kind kind;
	const char *text; /* never empty; XR_BOOL: "1" or "0"; XR_ERROR: the
			     error (#DIV/0!) or a formula with no saved value;
			     XR_DATE: ISO 8601 as written (t="d") */
};

struct xlsxread_sheet {
	const char *name;
	struct xlsxread_cell *cells; /* by row, then column */
	size_t n;
};

struct xlsxread_book {
	struct xlsxread_sheet *sheets; /* in tab order */
	size_t n;
	bool date1904; /* serial dates count from 1904-01-01 */
};

/* True when path names a workbook rather than YAML: by its extension
 * (.xlsx, .xlsm; .xls, read by xlsread.h; WPS's .et, refused clearly). */
bool xlsxread_is_workbook(const char *path);
/* Read every sheet into a (everything lives there).  False after adding
 * an error to d: not a workbook, a WPS .et or encrypted one (E041), a
 * corrupt one (E040: also an archive naming one part twice, a sheet whose
 * part is not a worksheet, an unknown cell type), or one past the limits
 * (E003, E036, E037).  An error in a cell names it (sheet!D7), one in a
 * part's XML its position (xl/worksheets/sheet1.xml:5:12).  Chart sheets
 * hold no cells and are left out of b. */
bool xlsxread_read(struct xlsxread_book *b, struct arena *a, const char *path,
	     const struct doc_limits *lim, struct diags *d);
/* "D7" for row 7, column 4. */
void xlsxread_cell_name(char *buf, size_t size, int row, int col);

#endif
