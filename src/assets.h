/* assets.h - the files of web/ (style sheets, the upload page's script,
 * images), built into the binary so that the server needs no directory
 * of its own and the HTML report can inline its style sheet.  The table
 * is generated at build time (scripts/assets.sh writes build/assets.c
 * from every file of web/); a file added to web/ is found by its name.
 * Pipeline step: toolkit (for the report and the server). */
#ifndef VC_ASSETS_H
#define VC_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* the file's name in web/: "report.css" */
	const char *type; /* its Content-Type: "text/css; charset=utf-8" */
	const unsigned char *data; /* its bytes (a NUL follows them) */
	size_t len;
};

/* The file of web/ called name (no directory part), or NULL. */
const struct asset *asset_find(const char *name);

#endif
