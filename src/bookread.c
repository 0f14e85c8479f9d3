/* bookread.c - a filled-in data entry workbook read back as a node tree:
 * step two of the pipeline (load venue) for the workbook form; its writer
 * is bookwrite.c, the layout both share is book.c.
 *
 * Cells become scalars as YAML would have written them, so the schema
 * judges them with the same words: numbers as the shortest decimal, Excel
 * date serials and written-out dates (2024/2/12, 2024年2月12日) of date
 * fields as YYYY-MM-DD, tags split at commas.  Sheets are recognised by
 * name, else by their header row (a renamed sheet still counts), and an
 * empty row is no entry. */
#include "bookread.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenient.h"
#include "suggest.h"
#include "xlsread.h"
#include "xlsxread.h"
#include "xalloc.h"

struct bk {
	const struct schema *s;
	struct arena *a;
	const char *file;
	const struct doc_limits *lim;
	struct diags *d;
	const struct xlsxread_book *xb;
	struct book_what *what; /* per sheet, for messages */
	int itemcol; /* 基本信息's 项目 column, 0 if none */
	struct node *root;
	bool ok;
};

static void err_at(struct bk *k, enum diag_msg m, int sheet, int row,
		   int col, ...)
{
	va_list ap;
	va_start(ap, col);
	diag_vaddm(k->d, m, DIAG_ERROR, k->file, BOOK_LINE(sheet, row), col, ap);
	va_end(ap);
	k->ok = false;
}

static struct node *scalar(struct bk *k, int sheet, const struct xlsxread_cell *c,
			   const char *text, bool plain)
{
	struct node *n = arena_alloc(k->a, sizeof *n);
	n->kind = NODE_SCALAR;
	n->line = BOOK_LINE(sheet, c->row);
	n->col = c->col;
	n->text = text;
	n->len = strlen(text);
	n->plain = plain;
	return n;
}

/* The shortest decimal that reads back as the same number, by the number
 * grammar of YAML files (no hex: 0x10 is not 16 here either); anything
 * else is left as written for the schema to refuse in its own words. */
static const char *number_text(struct bk *k, const char *s)
{
	double v;
	if (schema_number(s, &v) != NUM_OK)
		return s;
	char buf[32];
	return arena_strdup(k->a, value_num_text(buf, sizeof buf, v));
}

static void civil(long days, int *y, int *m, int *d)
{
	/* Days since 1970-01-01 to a Gregorian date (H. Hinnant's method). */
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* An Excel serial day (1900 system: day 61 is 1900-03-01) as a date. */
static const char *serial_date(struct bk *k, const char *s)
{
	double v;
	if (schema_number(s, &v) != NUM_OK || !(v >= 61 && v < 2958466))
		return number_text(k, s);
	long days = (long)floor(v) + (k->xb->date1904 ? 1462 : 0) - 25569;
	int y, m, d;
	civil(days, &y, &m, &d);
	return arena_printf(k->a, "%04d-%02d-%02d", y, m, d);
}

static bool take_num(const char **p, int maxdigits, int *out)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < maxdigits) {
		v = v * 10 + (*(*p)++ - '0');
		n++;
	}
	*out = v;
	return n > 0;
}

static bool take_sep(const char **p, const char *const *seps)
{
	for (size_t i = 0; seps[i]; i++) {
		size_t n = strlen(seps[i]);
		if (!strncmp(*p, seps[i], n)) {
			*p += n;
			return true;
		}
	}
	return false;
}

/* 2024/2/12, 2024.2.12, 2024-2-12 or 2024年2月12日 as 2024-02-12; other
 * text is left for the schema to refuse with its own words. */
static const char *text_date(struct bk *k, const char *s)
{
	static const char *const s1[] = {"-", "/", ".", "年", NULL};
	static const char *const s2[] = {"-", "/", ".", "月", NULL};
	static const char *const s3[] = {"日", NULL};
	const char *p = s;
	int y, m, d;
	if (!take_num(&p, 4, &y) || p - s != 4 || !take_sep(&p, s1) ||
	    !take_num(&p, 2, &m) || !take_sep(&p, s2) || !take_num(&p, 2, &d))
		return s;
	take_sep(&p, s3);
	if (*p || m < 1 || m > 12 || d < 1 || d > 31)
		return s; /* quoted as written in the message */
	return arena_printf(k->a, "%04d-%02d-%02d", y, m, d);
}

/* An ISO 8601 date cell (t="d": 2024-02-12, 2024-02-12T00:00:00Z) of a
 * date field as its day, as a serial date's time of day is dropped too;
 * any other form is left for the schema to refuse. */
static const char *iso_date(struct bk *k, const char *s)
{
	int y;
	if (strlen(s) < 10 || (s[10] && s[10] != 'T') || !schema_date(
		    arena_strndup(k->a, s, 10), &y))
		return s;
	return arena_strndup(k->a, s, 10);
}

static const char *trim(struct bk *k, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return arena_strndup(k->a, s, n);
}

static bool tag_sep(const char *p, size_t *len)
{
	static const char *const seps[] = {",", "，", "、", ";", "；", " ", "\t", "\n"};
	for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
		*len = strlen(seps[i]);
		if (!strncmp(p, seps[i], *len))
			return true;
	}
	return false;
}

/* "hosted, to_village" as a list of words. */
static struct node *tags(struct bk *k, int sheet, const struct xlsxread_cell *c)
{
	struct node *n = scalar(k, sheet, c, "", false);
	n->kind = NODE_SEQ;
	size_t cap = strlen(c->text) / 2 + 1;
	n->items = arena_alloc(k->a, cap * sizeof *n->items);
	const char *p = c->text;
	while (*p) {
		size_t len;
		while (*p && tag_sep(p, &len))
			p += len;
		const char *start = p;
		while (*p && !tag_sep(p, &len))
			p++;
		if (p > start && n->n < cap)
			n->items[n->n++] = scalar(k, sheet, c,
						  arena_strndup(k->a, start, (size_t)(p - start)), true);
	}
	return n;
}

/* 50,000, 5万 or 300人 (in a column of 人) as the number it certainly
 * is; a whole-number field keeps 1.23456万 as typed, so the error quotes
 * what the clerk wrote.  Anything else as written, for the schema. */
static const char *lenient_text(struct bk *k, const struct field *f, const char *s)
{
	char buf[64];
	if (lenient_number(s, f->unit, buf, sizeof buf) != LN_OK ||
	    (f->type == FT_INT && strchr(buf, '.')))
		return s;
	return arena_strdup(k->a, buf);
}

/* A boolean cell (xsd:boolean: 1, 0, true, false) as YAML writes it; any
 * other value as written, for the schema to refuse (2 is not true). */
static const char *bool_text(const char *s)
{
	if (!strcmp(s, "1") || !strcmp(s, "true"))
		return "true";
	if (!strcmp(s, "0") || !strcmp(s, "false"))
		return "false";
	return s;
}

/* A cell as the node a YAML file would hold for field f (NULL: a declared
 * statement or an unknown field, taken as a plain value).  NULL after an
 * error for a cell that holds no value: a formula's error or none. */
static struct node *value_node(struct bk *k, int sheet, const struct field *f,
			       const struct xlsxread_cell *c)
{
	enum ftype t = f ? f->type : FT_BOOL;
	if (c->kind == XR_ERROR) {
		const struct diag_words name = {f ? f->name : NULL,
						 f ? f->name : NULL};
		err_at(k, DM_BK_FORMULA_ERROR, sheet, c->row, c->col,
		       f ? &name : diag_word(DW_CELL), c->text);
		return NULL;
	}
	if (t == FT_TAGS && c->kind == XR_TEXT)
		return tags(k, sheet, c);
	if (c->kind == XR_BOOL)
		return scalar(k, sheet, c, bool_text(c->text), true);
	if (c->kind == XR_NUMBER)
		return scalar(k, sheet, c, t == FT_DATE ? serial_date(k, c->text)
						       : number_text(k, c->text), true);
	if (c->kind == XR_DATE)
		return scalar(k, sheet, c, t == FT_DATE ? iso_date(k, c->text) : c->text,
			      true);
	if (t == FT_STRING)
		return scalar(k, sheet, c, c->text, false);
	const char *s = trim(k, c->text);
	if (t == FT_DATE)
		s = text_date(k, s);
	if (t == FT_INT || t == FT_NUMBER)
		s = lenient_text(k, f, s);
	bool yes;
	if (t == FT_BOOL && lenient_bool(s, &yes))
		s = yes ? "true" : "false";
	return scalar(k, sheet, c, s, false);
}

/* ---- rows ---- */

/* The cells of the row starting at cells[i]: returns the index past it. */
static size_t row_end(const struct xlsxread_sheet *sh, size_t i)
{
	size_t j = i;
	while (j < sh->n && sh->cells[j].row == sh->cells[i].row)
		j++;
	return j;
}

static const struct xlsxread_cell *cell_at(const struct xlsxread_sheet *sh, size_t from,
				     size_t to, int col)
{
	for (size_t i = from; i < to; i++)
		if (sh->cells[i].col == col)
			return &sh->cells[i];
	return NULL;
}

static int header_col(const struct xlsxread_sheet *sh, size_t end, const char *name)
{
	for (size_t i = 0; i < end; i++)
		if (sh->cells[i].kind == XR_TEXT && !strcmp(sh->cells[i].text, name))
			return sh->cells[i].col;
	return 0;
}

static void add_pair(struct node *m, struct node *key, struct node *value)
{
	m->pairs[m->n].key = key;
	m->pairs[m->n++].value = value;
}

static struct node *new_map(struct bk *k, int sheet, int row, int col,
			    size_t cap)
{
	struct node *m = arena_alloc(k->a, sizeof *m);
	m->kind = NODE_MAP;
	m->line = BOOK_LINE(sheet, row);
	m->col = col;
	m->pairs = arena_alloc(k->a, (cap + 1) * sizeof *m->pairs);
	return m;
}

static bool root_has(struct bk *k, const char *name)
{
	return doc_get(k->root, name) != NULL;
}


static size_t count_rows(const struct xlsxread_sheet *sh, size_t from);

/* ---- 基本信息: one row per field ---- */

/* Rows whose code starts with "block.": the room block's mapping needs. */
static size_t count_codes(const struct xlsxread_sheet *sh, int codecol,
			  const char *block)
{
	size_t n = 0, len = strlen(block);
	for (size_t i = 0; i < sh->n; i++)
		if (sh->cells[i].col == codecol &&
		    !strncmp(sh->cells[i].text, block, len) &&
		    sh->cells[i].text[len] == '.')
			n++;
	return n;
}

static struct node *info_block(struct bk *k, int si, const struct xlsxread_sheet *sh,
			       int codecol, const struct block *b,
			       const struct xlsxread_cell *code)
{
	struct node *m = (struct node *)doc_get(k->root, b->name);
	if (m)
		return m;
	m = new_map(k, si, code->row, code->col, count_codes(sh, codecol, b->name));
	add_pair(k->root, scalar(k, si, code, b->name, true), m);
	return m;
}

/* What a message about this row names: the field's label, else the
 * row's 项目 (a declared statement's summary), else its code. */
static void name_row(struct bk *k, int si, const struct xlsxread_cell *item,
		     const struct xlsxread_cell *code, const struct field *f)
{
	struct book_what *w = &k->what[si - 1];
	const char *label = f ? book_header(f)
			      : item && item->kind == XR_TEXT && *item->text ? trim(k, item->text)
									     : code->text;
	if (w->rows)
		w->rows[w->nrows++] = (struct book_row){code->row, label};
}

/* One row: code → block and key; the value cell (or an empty value, so a
 * required field left blank is named at its cell). */
static void info_row(struct bk *k, int si, const struct xlsxread_sheet *sh,
		     int codecol, int valcol, size_t i, size_t j)
{
	const struct xlsxread_cell *code = cell_at(sh, i, j, codecol);
	if (!code || code->kind != XR_TEXT)
		return; /* a section title or a note */
	const char *dot = strchr(code->text, '.');
	char name[64];
	snprintf(name, sizeof name, "%.*s", dot ? (int)(dot - code->text) : 0,
		 code->text);
	const struct block *b = dot ? schema_block(k->s, name) : NULL;
	if (!b || b->shape == SHAPE_LEDGER || b->shape == SHAPE_MONTHLY) {
		err_at(k, DM_BK_UNKNOWN_CODE, si, code->row, code->col,
			  code->text, BOOK_INFO);
		return;
	}
	const struct xlsxread_cell *v = cell_at(sh, i, j, valcol);
	/* A blank fact or statement is left out, as in YAML; a blank header
	 * field is kept empty, so that a required one is named at its cell. */
	if (!v && strcmp(b->name, "venue") != 0)
		return;
	struct node *m = info_block(k, si, sh, codecol, b, code);
	const char *key = trim(k, dot + 1);
	if (m->n >= k->lim->keys) {
		err_at(k, DM_BK_TOO_MANY_ROWS, si, code->row, code->col,
			  k->lim->keys, b->name);
		return;
	}
	if (doc_get(m, key)) {
		err_at(k, DM_BK_CODE_TWICE, si, code->row, code->col,
			  code->text);
		return;
	}
	struct xlsxread_cell blank = {code->row, valcol, XR_TEXT, ""};
	const struct field *f = b->shape == SHAPE_RECORD ? schema_field(b, key) : NULL;
	name_row(k, si, k->itemcol ? cell_at(sh, i, j, k->itemcol) : NULL, code, f);
	struct node *val = v ? value_node(k, si, f, v) : scalar(k, si, &blank, "", true);
	if (val)
		add_pair(m, scalar(k, si, code, key, true), val);
}

static void read_info(struct bk *k, int si, const struct xlsxread_sheet *sh)
{
	size_t hdr = row_end(sh, 0);
	int codecol = header_col(sh, hdr, BOOK_CODE);
	int valcol = header_col(sh, hdr, BOOK_VALUE);
	if (!codecol || !valcol) {
		err_at(k, DM_BK_HEADER_COLS, si, sh->n ? sh->cells[0].row : 1, 1,
			  BOOK_INFO, BOOK_CODE, BOOK_VALUE);
		return;
	}
	struct book_what *w = &k->what[si - 1];
	w->header_row = sh->cells[0].row;
	w->rows = arena_alloc(k->a, (count_rows(sh, hdr) + 1) * sizeof *w->rows);
	k->itemcol = header_col(sh, hdr, BOOK_ITEM);
	for (size_t i = hdr, j; i < sh->n; i = j) {
		j = row_end(sh, i);
		info_row(k, si, sh, codecol, valcol, i, j);
	}
}

/* ---- ledger and monthly sheets: a header row, then a row per entry ---- */

static const struct field *header_field(const struct block *b, const char *h)
{
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		if (!strcmp(h, f->name) || (f->label && !strcmp(h, f->label)))
			return f;
	}
	return NULL;
}

/* How many header cells name a field of b; -1 if any names none. */
static int header_score(const struct block *b, const struct xlsxread_sheet *sh,
			size_t hdr)
{
	int n = 0;
	for (size_t i = 0; i < hdr; i++) {
		const char *h = sh->cells[i].text;
		if (header_field(b, h) || (b->shape == SHAPE_MONTHLY && !strcmp(h, BOOK_MONTH)))
			n++;
		else
			return -1;
	}
	return n;
}

/* Each header column's field; an unknown header is an error. */
static const struct field **header_fields(struct bk *k, int si,
					  const struct xlsxread_sheet *sh,
					  const struct block *b, size_t hdr,
					  int *ncols)
{
	*ncols = hdr ? sh->cells[hdr - 1].col : 0;
	const struct field **cols = arena_alloc(k->a, (size_t)(*ncols + 1) * sizeof *cols);
	const char **labels = arena_alloc(k->a, (b->nfields + 1) * sizeof *labels);
	for (size_t i = 0; i < b->nfields; i++)
		labels[i] = book_header(&b->fields[i]);
	/* A field's column so far, so a repeat is found without a scan of
	 * the row (a header may have 16,384 columns). */
	bool *taken = arena_alloc(k->a, (b->nfields + 1) * sizeof *taken);
	for (size_t i = 0; i < hdr; i++) {
		const struct xlsxread_cell *c = &sh->cells[i];
		const struct field *f = header_field(b, c->text);
		if (f && taken[f - b->fields]) {
			err_at(k, DM_BK_COL_TWICE, si, c->row, c->col, b->name,
				  c->text);
			f = NULL;
		}
		if (f)
			taken[f - b->fields] = true;
		if (f)
			cols[c->col] = f;
		else if (!(b->shape == SHAPE_MONTHLY && !strcmp(c->text, BOOK_MONTH))) {
			const char *s = suggest_closest(c->text, labels, b->nfields);
			err_at(k, s ? DM_BK_UNKNOWN_COL_HINT : DM_BK_UNKNOWN_COL, si,
			       c->row, c->col, c->text, b->name, s);
		}
	}
	return cols;
}

static struct node *ledger_entry(struct bk *k, int si, const struct xlsxread_sheet *sh,
				 const struct field **cols, int ncols,
				 size_t i, size_t j)
{
	struct node *m = new_map(k, si, sh->cells[i].row, 1, j - i);
	for (size_t c = i; c < j; c++) {
		const struct xlsxread_cell *x = &sh->cells[c];
		const struct field *f = x->col <= ncols ? cols[x->col] : NULL;
		if (!f) {
			err_at(k, DM_BK_NO_HEADER_COL, si, x->row, x->col);
			continue;
		}
		struct node *v = value_node(k, si, f, x);
		if (v)
			add_pair(m, scalar(k, si, x, f->name, true), v);
	}
	return m;
}

static size_t count_rows(const struct xlsxread_sheet *sh, size_t from)
{
	size_t n = 0;
	for (size_t i = from; i < sh->n; i = row_end(sh, i))
		n++;
	return n;
}

static struct node *read_ledger(struct bk *k, int si, const struct xlsxread_sheet *sh,
				const struct block *b)
{
	size_t hdr = row_end(sh, 0);
	int ncols;
	const struct field **cols = header_fields(k, si, sh, b, hdr, &ncols);
	struct book_what *w = &k->what[si - 1];
	w->header_row = sh->n ? sh->cells[0].row : 1;
	w->ncols = ncols;
	w->cols = arena_alloc(k->a, ((size_t)ncols + 1) * sizeof *w->cols);
	for (int c = 1; c <= ncols; c++)
		w->cols[c] = cols[c] ? book_header(cols[c]) : NULL;
	struct node *seq = arena_alloc(k->a, sizeof *seq);
	seq->kind = NODE_SEQ;
	seq->line = BOOK_LINE(si, sh->n ? sh->cells[0].row : 1);
	seq->col = 1;
	seq->items = arena_alloc(k->a, (count_rows(sh, hdr) + 1) * sizeof *seq->items);
	for (size_t i = hdr, j; i < sh->n; i = j) {
		j = row_end(sh, i);
		seq->items[seq->n++] = ledger_entry(k, si, sh, cols, ncols, i, j);
	}
	return seq;
}

/* 1, 1.0 or "1月" as the month key "1". */
static const char *month_text(struct bk *k, const struct xlsxread_cell *c)
{
	const char *s = c->kind == XR_NUMBER ? number_text(k, c->text) : trim(k, c->text);
	size_t n = strlen(s);
	if (n > 3 && !strcmp(s + n - 3, "月"))
		return arena_strndup(k->a, s, n - 3);
	return s;
}

static struct node *read_monthly(struct bk *k, int si, const struct xlsxread_sheet *sh,
				 const struct block *b)
{
	size_t hdr = row_end(sh, 0);
	int mcol = header_col(sh, hdr, BOOK_MONTH);
	int vcol = header_col(sh, hdr, book_header(&b->fields[0]));
	struct node *m = new_map(k, si, sh->n ? sh->cells[0].row : 1, 1,
				 count_rows(sh, hdr));
	if (!mcol || !vcol) {
		err_at(k, DM_BK_HEADER_COLS, si, 1, 1, b->name, BOOK_MONTH,
			  book_header(&b->fields[0]));
		return m;
	}
	struct book_what *w = &k->what[si - 1];
	w->header_row = sh->cells[0].row;
	w->ncols = mcol > vcol ? mcol : vcol;
	w->cols = arena_alloc(k->a, ((size_t)w->ncols + 1) * sizeof *w->cols);
	w->cols[mcol] = BOOK_MONTH;
	w->cols[vcol] = book_header(&b->fields[0]);
	for (size_t i = hdr, j; i < sh->n; i = j) {
		j = row_end(sh, i);
		const struct xlsxread_cell *mc = cell_at(sh, i, j, mcol), *vc = cell_at(sh, i, j, vcol);
		if (!vc)
			continue; /* a month left blank */
		struct xlsxread_cell blank = {vc->row, mcol, XR_TEXT, ""};
		struct node *v = value_node(k, si, &b->fields[0], vc);
		if (v)
			add_pair(m, mc ? scalar(k, si, mc, month_text(k, mc), true)
				       : scalar(k, si, &blank, "", true), v);
	}
	return m;
}

/* ---- which sheet is which ---- */

static bool is_info(const struct xlsxread_sheet *sh)
{
	if (!strcmp(sh->name, BOOK_INFO))
		return true;
	size_t hdr = sh->n ? row_end(sh, 0) : 0;
	return header_col(sh, hdr, BOOK_CODE) && header_col(sh, hdr, BOOK_VALUE);
}

/* By name first, else the block whose fields the header names best. */
static const struct block *sheet_block(struct bk *k, const struct xlsxread_sheet *sh)
{
	const struct block *best = NULL;
	int score = 0;
	size_t hdr = sh->n ? row_end(sh, 0) : 0;
	for (size_t i = 0; i < k->s->nblocks; i++) {
		const struct block *b = &k->s->blocks[i];
		if (b->shape != SHAPE_LEDGER && b->shape != SHAPE_MONTHLY)
			continue;
		if (!strcmp(sh->name, book_sheet_name(k->a, b)) || !strcmp(sh->name, b->name))
			return b;
		int s = header_score(b, sh, hdr);
		if (s > score) {
			score = s;
			best = b;
		}
	}
	return best;
}

static void read_sheet(struct bk *k, int si, const struct xlsxread_sheet *sh)
{
	if (!strcmp(sh->name, BOOK_HELP) || !strncmp(sh->name, "示例", 6))
		return; /* instructions and examples are never data */
	if (is_info(sh)) {
		if (root_has(k, "venue"))
			err_at(k, DM_BK_SECOND_INFO, si, 1, 1, BOOK_INFO);
		else
			read_info(k, si, sh);
		return;
	}
	const struct block *w = book_waiver_block(k->a);
	size_t hdr = sh->n ? row_end(sh, 0) : 0;
	const struct block *b = !strcmp(sh->name, BOOK_WAIVERS) || header_score(w, sh, hdr) > 0
		? w : sheet_block(k, sh);
	if (!b) {
		if (sh->n)
			err_at(k, DM_BK_SHEET_UNKNOWN, si, sh->cells[0].row, sh->cells[0].col,
				  sh->name);
		return;
	}
	if (root_has(k, b->name)) {
		err_at(k, DM_BK_SECOND_SHEET, si, 1, 1, b->name);
		return;
	}
	struct xlsxread_cell a1 = {1, 1, XR_TEXT, ""};
	add_pair(k->root, scalar(k, si, &a1, b->name, true),
		 b->shape == SHAPE_LEDGER ? read_ledger(k, si, sh, b)
					  : read_monthly(k, si, sh, b));
}

struct node *bookread_load(const struct schema *s, struct arena *a,
		       const char *path, const struct doc_limits *lim,
		       struct book_sheets *sheets, struct diags *d)
{
	if (s->valid) /* a pack's accepts:, see schema.h */
		s = s->valid;
	struct xlsxread_book xb;
	sheets->n = 0;
	if (!(xlsread_is_xls(path) ? xlsread_read(&xb, a, path, lim, d)
				   : xlsxread_read(&xb, a, path, lim, d)))
		return NULL;
	sheets->names = arena_alloc(a, (xb.n + 1) * sizeof *sheets->names);
	sheets->what = arena_alloc(a, (xb.n + 1) * sizeof *sheets->what);
	for (size_t i = 0; i < xb.n; i++)
		sheets->names[sheets->n++] = xb.sheets[i].name;
	struct bk k = {.s = s, .a = a, .file = path, .d = d, .xb = &xb, .ok = true,
		       .lim = lim ? lim : &doc_default_limits, .what = sheets->what};
	k.root = new_map(&k, 1, 1, 1, s->nblocks + 2 * xb.n);
	for (size_t i = 0; i < xb.n; i++)
		read_sheet(&k, (int)i + 1, &xb.sheets[i]);
	if (!root_has(&k, "venue")) {
		if (k.ok)
			diag_addm(d, DM_BK_NO_INFO, DIAG_ERROR, path, 0, 0,
				  BOOK_INFO);
		return NULL;
	}
	/* Errors in cells and headers still leave a tree to validate, so
	 * every problem is reported at once (the caller counts them). */
	return k.root;
}
