/* diag.h - diagnostics travel as values: loaders append to a list, the CLI
 * decides how to print them.  Library code never prints or exits.
 * Pipeline step: toolkit. */
#ifndef VC_DIAG_H
#define VC_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "lang.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING };

/* Stable codes: a pipeline may match on them.  Never renumber; add. */
enum diag_code {
#define X(name, id, text) name,
#include "diagcodes.h"
#undef X
	DC_COUNT
};

/* A phrase in both languages, quoted by a message as its %W argument
 * (a kind of node, "activities entry 3" / "activities 第 3 条"). */
struct diag_words {
	const char *zh, *en;
};

/* Every message (diagcodes.h): a loader names one of these and gives its
 * arguments; the texts of both languages are made of them at once. */
enum diag_msg {
#define M(name, code, zh, en) name,
#include "diagcodes.h"
#undef M
	DM_COUNT
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
	/* Both languages' texts, made when the problem is found (the
	 * arguments are gone after); the caller picks one (diag_text). */
	char *msg;    /* Chinese; owned */
	char *msg_en; /* English; owned */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors;
};

void diag_init(struct diags *d);
void diag_free(struct diags *d);
/* Name the file `from` as `to` in every problem: its file field and any
 * quotation of it in the texts.  For a file read from one place and shown
 * under another name (the server checks an upload from its data
 * directory; a client must see the name it gave, never that path). */
void diag_rename(struct diags *d, const char *from, const char *to);
/* Order one file's problems by line and column, as a reader meets them
 * (they are found in passes: YAML, format, rules, the batch's tree); those
 * of another file (a --waivers file) are grouped by file name.  Stable
 * (problems at one position keep the order they were added in) and
 * n log n. */
void diag_sort(struct diags *d);
/* Add message m (its code is the table's), its arguments those of its
 * formats. */
void diag_addm(struct diags *d, enum diag_msg m, enum diag_level level,
		const char *file, int line, int col, ...);
void diag_vaddm(struct diags *d, enum diag_msg m, enum diag_level level,
		 const char *file, int line, int col, va_list ap);
/* Add texts already made in each language (a message quoting another's
 * text, which differs by language). */
void diag_add_texts(struct diags *d, enum diag_code code,
		     enum diag_level level, const char *file, int line, int col,
		     const char *zh, const char *en);
/* Message m's text in language l, made of its arguments (free() it). */
/* Copies of from's problems after to's, in order (where and sheet too). */
void diag_append(struct diags *to, const struct diags *from);
char *diag_render(enum diag_msg m, enum lang l, ...);
char *diag_vrender(enum diag_msg m, enum lang l, va_list ap);
/* The table (for its test and the loaders that pass an id on). */
enum diag_code diag_msg_code(enum diag_msg m);
const char *diag_msg_format(enum diag_msg m, enum lang l);
/* Message m's texts as a phrase for %W (a message of no arguments). */
const struct diag_words *diag_word(enum diag_msg m);
/* The system's reason for errno err: in Chinese for the usual ones, in
 * English strerror's words.  Valid until this thread's next call. */
const struct diag_words *diag_errno(int err);
/* The conversion at f ("%-5.2lld", "%W"): its length, character (*conv)
 * and length modifier (len: "", "l", "ll" or "z"), how many '*' it takes;
 * 0 when it is none the table may use.  The formats' test walks with it. */
size_t diag_conversion(const char *f, char *conv, char len[3], int *nstar);
/* Name a diagnostic's cell of a workbook (see struct diag). */
void diag_set_where(struct diag *g, int sheet, int row, int col,
		    const char *where);
/* "E012" and "unknown-key"; "" for DC_NONE. */
const char *diag_code_id(enum diag_code c);
const char *diag_code_name(enum diag_code c);
/* g's text in language l. */
const char *diag_text(const struct diag *g, enum lang l);
/* "错误" / "error", "警告" / "warning". */
const char *diag_level_word(enum diag_level v, enum lang l);
/* "file:line:col: 错误[E012]: msg" (line/col omitted when unknown);
 * "file: 活动台账!D7: 错误[E018]: msg" for a cell of a workbook; in
 * English "error[E012]". */
char *diag_format(const struct diag *g, enum lang l);

#endif
