/* diag.h - diagnostics travel as values: loaders append to a list, the CLI
 * decides how to print them.  Library code never prints or exits.
 * Pipeline step: toolkit. */
#ifndef VC_DIAG_H
#define VC_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

/* Stable codes: a pipeline may match on them.  Never renumber; add. */
enum diag_code {
#define X(name, id, text) name,
#include "diagcodes.h"
#undef X
	DC_COUNT
};


struct diag {
	enum diag_level level;
	enum diag_code code;
	char *file; /* owned */
	int line, col; /* 1-based; 0 when the position is unknown */
	/* A workbook names a cell, not a line: where is its "活动台账!D7"
	 * (owned; NULL in a YAML file), line and col are then the cell's row
	 * and column, and sheet (1-based, the tab's position) orders the
	 * sheets before the rows. */
	char *where;
	int sheet;
	char *msg; /* owned */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors;
};

void diag_init(struct diags *d);
void diag_free(struct diags *d);
/* Order one file's problems by line and column, as a reader meets them
 * (they are found in passes: YAML, format, rules, the batch's tree); those
 * of another file (a --waivers file) are grouped by file name.  Stable
 * (problems at one position keep the order they were added in) and
 * n log n. */
void diag_sort(struct diags *d);
void diag_add(struct diags *d, enum diag_code code, enum diag_level level,
	       const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* diag_add for a loader's own printf-like error helper. */
void diag_vadd(struct diags *d, enum diag_code code, enum diag_level level,
		const char *file, int line, int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 7, 0)));
/* Name a diagnostic's cell of a workbook (see struct diag). */
void diag_set_where(struct diag *g, int sheet, int row, int col,
		    const char *where);
/* "E012" and "unknown-key"; "" for DC_NONE. */
const char *diag_code_id(enum diag_code c);
const char *diag_code_name(enum diag_code c);
/* "file:line:col: error[E012]: msg" (line/col omitted when unknown);
 * "file: 活动台账!D7: error[E018]: msg" for a cell of a workbook. */
char *diag_format(const struct diag *g);

#endif
