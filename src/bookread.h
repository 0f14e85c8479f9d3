/* bookread.h - a filled-in data entry workbook (book.h) read into the same
 * node tree (doc.h) the YAML loader produces: step two of the pipeline
 * (load venue), so validation and every rule are shared by both forms.
 * Pipeline step: 2, load venue. */
#ifndef VC_BOOKREAD_H
#define VC_BOOKREAD_H

#include "book.h"

/* Read a workbook.  Returns the root node (venue, facts, declared and a
 * key per ledger sheet present), or NULL after adding errors to d when it
 * cannot be read or has no venue header.  Errors in single cells or
 * headers are added to d too, yet the tree is returned so the schema can
 * report the rest: the data is valid only if d gained no error.  The
 * sheet names are stored in sheets (in a). */
struct node *bookread_load(const struct schema *s, struct arena *a,
		       const char *path, const struct doc_limits *lim,
		       struct book_sheets *sheets, struct diags *d);
#endif
