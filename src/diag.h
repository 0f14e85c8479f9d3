/* diag.h - diagnostics travel as values: loaders append to a list, the CLI
 * decides how to print them.  Library code never prints or exits. */
#ifndef VC_DIAG_H
#define VC_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_level level;
	char *file; /* owned */
	int line, col; /* 1-based; 0 when the position is unknown */
	char *msg; /* owned */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
void diags_add(struct diags *d, enum diag_level level, const char *file,
	       int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* "file:line:col: error: msg" (line/col omitted when unknown). */
char *diag_format(const struct diag *g);

#endif
