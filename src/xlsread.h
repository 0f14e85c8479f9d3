/* xlsread.h - the cells of a legacy .xls workbook (Excel 97-2003, BIFF8
 * in an OLE compound file; also what WPS saves by default in
 * places), read with libfreexl into the same sheets and cells xlsxread.h
 * gives for an .xlsx, so bookread.c turns either into the venue's tree.
 *
 * BIFF8 only (Excel 97 on): an Excel 5.0/95 workbook (BIFF5) is refused
 * with a message to save it again, as libfreexl's reading of its number
 * formats cannot be followed here (see below).
 *
 * A workbook is hostile input, and libfreexl allocates by what the file
 * declares (16 bytes for every cell of a sheet's declared range, and
 * again for every further range record), counts dates out day by day
 * and skips formulas.  So the file is first walked here without
 * libfreexl: its compound file (sectors, chains, directory) and the
 * records of its workbook stream, and refused before libfreexl sees it
 * when it is broken, encrypted or declares more than the limits allow
 * (struct doc_limits: the file's size; entries=N bounds the rows and the
 * cells, 16 cells of declared range per entry).  The same walk gives
 * formulas their saved values.
 *
 * As in .xlsx, a number is a number whatever its format: a date-formatted
 * cell is its serial day (1900 system), which bookread.c makes a date in
 * a date field.
 * Pipeline step: 2, load venue. */
#ifndef VC_XLSREAD_H
#define VC_XLSREAD_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "xlsxread.h"

/* True when path names an .xls (by its extension, as filekind.h): the
 * workbooks this reader is for. */
bool xlsread_is_xls(const char *path);
/* Read every worksheet of the .xls at path into b (everything lives in
 * a).  False after adding one error to d: cannot be read (E001, E002),
 * not an Excel 97-2003 workbook or corrupt (E040: the message says what
 * it is when it is known, an .xlsx or a web page named .xls), encrypted
 * (E041), past the limits (E003, E036, E037) or a date past 9999
 * (E021).  An error in a cell names it (活动台账!D7).  Chart sheets and
 * macro sheets hold no cells and are left out of b. */
bool xlsread_read(struct xlsxread_book *b, struct arena *a, const char *path,
		  const struct doc_limits *lim, struct diags *d);

#endif
