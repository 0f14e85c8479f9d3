/* diag.h - diagnostics travel as values: loaders append to a list, the CLI
 * decides how to print them.  Library code never prints or exits. */
#ifndef VC_DIAG_H
#define VC_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

/* Stable codes: a pipeline may match on them.  Never renumber; add. */
enum diag_code {
	DC_NONE,
	DC_IO, /* E001 cannot-read */
	DC_NOT_FILE, /* E002 not-a-file */
	DC_TOO_LARGE, /* E003 too-large */
	DC_ENCODING, /* E004 encoding */
	DC_SYNTAX, /* E005 yaml-syntax */
	DC_EMPTY_FILE, /* E006 empty-file */
	DC_MULTI_DOC, /* E007 multiple-documents */
	DC_ALIAS, /* E008 alias */
	DC_TOO_DEEP, /* E009 too-deep */
	DC_NUL, /* E010 nul-character */
	DC_DUP_KEY, /* E011 duplicate-key */
	DC_UNKNOWN_KEY, /* E012 unknown-key */
	DC_COMPLEX_KEY, /* E013 complex-key */
	DC_SHAPE, /* E014 wrong-shape */
	DC_NO_HEADER, /* E015 no-header */
	DC_MISSING_FIELD, /* E016 missing-field */
	DC_EMPTY_FIELD, /* E017 empty-field */
	DC_NOT_INT, /* E018 not-a-whole-number */
	DC_NOT_NUMBER, /* E019 not-a-number */
	DC_NOT_BOOL, /* E020 not-a-boolean */
	DC_BAD_DATE, /* E021 bad-date */
	DC_DATE_YEAR, /* E022 date-outside-year */
	DC_NOT_ALLOWED, /* E023 value-not-allowed */
	DC_BELOW_MIN, /* E024 below-minimum */
	DC_ABOVE_MAX, /* E025 above-maximum */
	DC_BAD_MONTH, /* E026 bad-month */
	DC_DUP_MONTH, /* E027 duplicate-month */
	DC_DUP_ENTRY, /* E028 duplicate-entry */
	DC_DUP_ID, /* E030 duplicate-id */
	DC_PARENT_MISSING, /* E031 parent-missing */
	DC_PARENT_TIER, /* E032 parent-wrong-tier */
	DC_PARENT_CYCLE, /* E033 parent-cycle */
	DC_YEAR, /* E034 year-mismatch */
	DC_MISSING_FILE, /* E035 missing-submission */
	DC_STATED, /* W101 stated-total-mismatch */
	DC_PACK, /* R001 rule-pack */
	DC_TOO_LONG, /* E036 value-too-long */
	DC_TOO_MANY, /* E037 too-many-entries */
	DC_UNKNOWN_RULE, /* E038 unknown-rule */
	DC_UNKNOWN_VENUE, /* E039 unknown-venue */
	DC_WAIVER_UNUSED, /* W102 waiver-not-needed */
	DC_WAIVER_EXPIRED, /* W103 waiver-expired */
	DC_WORKBOOK, /* E040 bad-workbook */
	DC_LEGACY, /* E041 legacy-workbook */
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

void diags_init(struct diags *d);
void diags_free(struct diags *d);
/* Order one file's problems by line and column, as a reader meets them
 * (they are found in passes: YAML, format, rules, the batch's tree); those
 * of another file (a --waivers file) are grouped by file name.  Stable
 * (problems at one position keep the order they were added in) and
 * n log n. */
void diags_sort(struct diags *d);
void diags_add(struct diags *d, enum diag_code code, enum diag_level level,
	       const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* diags_add for a loader's own printf-like error helper. */
void diags_vadd(struct diags *d, enum diag_code code, enum diag_level level,
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
