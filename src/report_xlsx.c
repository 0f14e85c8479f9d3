/* report_xlsx.c - the spreadsheet officials hand upward, written with
 * libxlsxwriter in constant_memory mode: every sheet is streamed row by row,
 * so memory stays flat however many venues there are.
 *
 * Sheets: 汇总 (one row per venue and the totals), 分组统计 (pass rate per
 * tier with its chart below, per parent, and the county and city roll-ups),
 * 问题清单 (one row per failing or missing rule: the to-do list), one wide
 * sheet per tier present (a column per rule, or per unit where a rule's
 * checks count different things; cells coloured by verdict, the gap in a
 * comment), and 规则 (the whole pack).  Tier sheets are created when their
 * first venue arrives, so they follow the input order.
 *
 * Every sheet is laid out to be printed and signed: column widths grow to
 * their text (up to a cap, past which text wraps and the row grows: the
 * library does not autofit), and a sheet prints on A4 at no less than
 * PRINT_MIN_SCALE of the 11 pt default font, fitted to one page wide when
 * that is still readable, else several pages wide with its id and name
 * columns repeated on each. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "gradetext.h"
#include "outfile.h"
#include "expr.h"
#include "hashidx.h"
#include "report_impl.h"
#include "report_track.h"
#include "utf8.h"
#include "xalloc.h"

enum { MAX_TIERS = 16 };

/* Printing.  A sheet printed at scale s shows the 11 pt default font at
 * 11·s pt; 85% is 9.35 pt, over the 9 pt officials can read.  Widths are in
 * Excel's unit, the width of the digit 0 of the default font: 7 px at
 * 96 dpi in Calibri (Excel) but 9.33 px in DejaVu Sans, LibreOffice's
 * stand-in where Calibri and Carlito are not installed; a column of width
 * w is (digit)·w + 5 px.  Whether a sheet fits one page wide is judged in
 * the wider, so it holds wherever it is printed.  Text is measured in
 * Calibri's unit, the narrower, so it fits in either: a CJK glyph at 11 pt
 * is 14.7 px, 2.1 units; other characters are taken as 1 (digits are 1,
 * most letters less). */
enum { PRINT_MIN_SCALE = 85, CHART_ROWS = 19 };
#define PAGE_WIDTH_PT 841.89 /* A4 landscape */
#define DIGIT_PX 9.33
#define MARGIN_IN 0.5
#define WIDE_UNITS 2.1
#define LINE_PT 16.5 /* one wrapped line of 11 pt text, CJK fallback fonts included */
#define ROW_MAX_PT 409.0 /* Excel's tallest row */

/* A table streamed into one or more sheets: past Excel's row limit it goes
 * on in a new sheet with the same header, never into a corrupt file. */
struct table {
	lxw_worksheet *ws;
	lxw_row_t row;   /* next row to write */
	lxw_row_t first; /* first data row */
	int part;
	const char *name;
	char sheet[64]; /* the current sheet's name */
	size_t ncols;
	void (*header)(struct table *t, void *ctx);
	void *ctx;
	lxw_row_t last_autofilter;
	/* Layout: each column's width so far and the widest it may grow to
	 * (text past it wraps); applied to the sheet when it is done. */
	double *width, *cap;
	lxw_col_t repeat_cols; /* printed on every page across: id, name */
	bool blocks; /* several small tables: no autofilter, no repeated header */
	int lines;   /* the current row's tallest cell, in lines */
};

/* A tier sheet's column: a rule, or where a rule's checks count in
 * different units (场 and 个村) the checks in one of them, so that one
 * column never mixes units. */
struct tier_col {
	const struct rule *rule;
	const char *unit; /* the checks of this column: NULL for all */
	bool first;	  /* the rule's first column */
};

struct tier_sheet {
	const struct tier *tier;
	struct table t;
	struct tier_col *cols;
	size_t ncols;
};

/* Number formats that say what a number counts ("0 场"), made as first
 * needed: one per verdict colour and suffix. */
struct fmt_cache {
	char **key;
	lxw_format **f;
	size_t n, cap;
	struct hashidx idx;
};

struct group {
	char *key, *name;
	size_t venues, passing, checked, passed;
};

/* Groups with a hash index: a country-wide run has ~600,000 venue ids. */
struct groups {
	struct group *v;
	size_t n, cap;
	struct hashidx idx; /* v by key; set up by the first group_get */
};

/* Every venue's name by its id, to name the per-parent groups (a parent
 * may come after its children, so none can be left out).  Each is its id
 * and name in an arena and a pointer: 50 bytes or so, where a group of
 * its own with two strdup'ed strings took about 150 (at 620,000 venues,
 * 55 MiB of the spreadsheet's memory). */
struct names {
	struct arena text; /* "id\0name\0" per venue */
	const char **id;   /* each venue's id; its name follows the id's NUL */
	size_t n, cap;
	struct hashidx idx;
};

struct fmt {
	lxw_format *title, *header, *wrap, *text, *num, *pct, *bold, *bold_pct;
	lxw_format *verdict[VERDICT_COUNT], *verdict_pct[VERDICT_COUNT];
};

struct xlsx_report {
	struct report base; /* base.out: created, written by name */
	char comments[256]; /* the document property */
	/* written into the summary at the end: the roll-ups themselves,
	 * which live until the report is finished (report.h), not copies
	 * (780 bytes each: a country has 3,600) */
	const struct rollup **rollups;
	size_t nrollups, caprollups;
	lxw_worksheet *invalid; /* 无效文件, made with the first invalid file */
	lxw_row_t invalid_row;
	double invalid_width[4];
	lxw_workbook *wb;
	struct fmt f;
	struct table summary, groups, failures, rules;
	struct table track; /* 整改跟踪, with a baseline only */
	bool track_clause;  /* its 条款 column: known from the pack */
	struct table grades; /* 定级, a graded pack only */
	struct fmt_cache qty;
	double rule_id_width; /* the longest rule id of the pack */
	struct tier_sheet tiers[MAX_TIERS];
	struct groups by_tier, by_parent;
	struct names names;
	size_t checked, passed, failed, missing, waived;
	lxw_row_t max_rows; /* Excel's limit; lowered only by the tests */
	lxw_error err;
	const char *err_what;
};

static bool en(const struct xlsx_report *x)
{
	return x->base.opts.lang == LANG_EN;
}

static const char *L(const struct xlsx_report *x, const char *zh, const char *e)
{
	return en(x) ? e : zh;
}

static void note_err(struct xlsx_report *x, lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR) {
		x->err = e;
		x->err_what = what;
	}
}

/* ---- cells ---- */

static void put_str(struct xlsx_report *x, lxw_worksheet *ws, lxw_row_t r,
		    lxw_col_t c, const char *s, lxw_format *f)
{
	if (s && *s) {
		/* A GBK file name: \xNN for its bytes (XML must be UTF-8). */
		char *t = utf8_valid(s) ? NULL : utf8_text(s);
		note_err(x, worksheet_write_string(ws, r, c, t ? t : s, f), "write");
		free(t);
	} else if (f)
		note_err(x, worksheet_write_blank(ws, r, c, f), "write");
}

static void put_num(struct xlsx_report *x, lxw_worksheet *ws, lxw_row_t r,
		    lxw_col_t c, double v, lxw_format *f)
{
	note_err(x, worksheet_write_number(ws, r, c, v, f), "write");
}

/* Text over cells c0..c1 of row r, merged: the merge is made blank and the
 * text written as every other (put_str), in its first cell. */
static void merge_text(struct xlsx_report *x, lxw_worksheet *ws, lxw_row_t r,
		       lxw_col_t c0, lxw_col_t c1, const char *s, lxw_format *f)
{
	note_err(x, worksheet_merge_range(ws, r, c0, r, c1, "", f), "merge");
	put_str(x, ws, r, c0, s, f);
}

/* ---- widths and wrapping ---- */

/* The bytes of the UTF-8 character at s (at least 1, never past the end). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

/* The width of one character in column units, and whether it is wide
 * (a line may break before and after it). */
static double char_units(const char *s, size_t n, bool *wide)
{
	const unsigned char *p = (const unsigned char *)s;
	/* Without copying and measuring: ASCII (never wide) and the CJK
	 * ideographs, leads E4-E9 (all wide but the hexagrams U+4DC0-U+4DFF),
	 * nearly every character of a report. */
	if (p[0] < 0x80 || (n == 3 && p[0] >= 0xE4 && p[0] <= 0xE9 &&
			    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
			    !(p[0] == 0xE4 && p[1] == 0xB7))) {
		*wide = p[0] >= 0x80;
		return *wide ? WIDE_UNITS : *s == ' ' ? 0.5 : 1.0;
	}
	char one[5] = {0};
	memcpy(one, s, n < 4 ? n : 4);
	*wide = utf8_width(one) > 1;
	return *wide ? WIDE_UNITS : *s == ' ' ? 0.5 : 1.0;
}

/* The width of text on one line, in column units. */
static double text_units(const char *s)
{
	double w = 0;
	for (size_t n; s && *s; s += n) {
		bool wide;
		n = char_len(s);
		w += char_units(s, n, &wide);
	}
	return w;
}

/* The lines text takes when wrapped in a column of width w, breaking as
 * Calc and Excel do: at spaces and around wide characters, a word longer
 * than the line anywhere. */
static int wrap_lines(const char *s, double w)
{
	double room = w - 1; /* the cell's padding */
	double line = 0, word = 0;
	int lines = 1;
	for (size_t n; s && *s; s += n) {
		n = char_len(s);
		bool wide;
		double cw = char_units(s, n, &wide);
		if (*s == '\n' || *s == ' ' || wide) {
			line += word; /* the word so far stays on this line */
			word = 0;
			if (*s == '\n') {
				lines++, line = 0;
				continue;
			}
			if (line + cw > room && line > 0)
				lines++, line = 0;
			line += cw;
			continue;
		}
		word += cw;
		if (line + word > room) {
			if (line > 0)
				lines++, line = 0; /* the word moves down */
			while (word > room)
				lines++, word -= room;
		}
	}
	return lines;
}

static double lines_height(int lines)
{
	double h = LINE_PT * lines + 2;
	return h > ROW_MAX_PT ? ROW_MAX_PT : h;
}

/* The current row's height once all its cells are written: rows written
 * in constant_memory mode do not grow by themselves. */
static void row_done(struct table *t)
{
	if (t->ws && t->lines > 1)
		worksheet_set_row(t->ws, t->row - 1, lines_height(t->lines), NULL);
	t->lines = 0;
}

/* Column c must show text: it grows to the text's width up to its cap;
 * past that the text wraps and the row grows. */
static void fit(struct table *t, lxw_col_t c, const char *s)
{
	if (!s || !*s || c >= t->ncols)
		return;
	double w = text_units(s) + 1.5;
	double cap = t->cap[c];
	if (w > t->width[c])
		t->width[c] = w < cap ? w : cap;
	int lines = w <= cap && !strchr(s, '\n') ? 1 : wrap_lines(s, cap);
	if (lines > t->lines)
		t->lines = lines;
}

/* A column's printed width in points, at the widest digit (above): the
 * file stores w + 5/7 digits (the cell's padding). */
static double col_points(double w)
{
	return (w + 5.0 / 7) * DIGIT_PX * 0.75;
}

/* A4 landscape; fitted to one page wide if that prints at no less than
 * PRINT_MIN_SCALE, else at PRINT_MIN_SCALE over several pages wide with
 * the first repeat_cols columns on each; rows 0..title_rows-1 on every
 * page down; page numbers in the footer. */
static void print_setup(struct xlsx_report *x, lxw_worksheet *ws,
			const double *widths, size_t ncols, lxw_col_t repeat_cols,
			lxw_row_t title_rows)
{
	double total = 0;
	for (size_t i = 0; i < ncols; i++)
		total += col_points(widths[i]);
	double printable = PAGE_WIDTH_PT - 2 * 72 * MARGIN_IN;
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_margins(ws, MARGIN_IN, MARGIN_IN, 0.6, 0.6);
	if (total * PRINT_MIN_SCALE / 100 <= printable) {
		worksheet_fit_to_pages(ws, 1, 0);
	} else {
		worksheet_set_print_scale(ws, PRINT_MIN_SCALE);
		if (repeat_cols)
			worksheet_repeat_columns(ws, 0, repeat_cols - 1);
	}
	if (title_rows)
		worksheet_repeat_rows(ws, 0, title_rows - 1);
	note_err(x, worksheet_set_footer(ws, L(x, "&L&A&R第 &P 页，共 &N 页",
					       "&L&A&RPage &P of &N")), "footer");
}

/* ---- streamed tables ---- */

/* The widths and page setup of the table's current sheet. */
static void table_layout(struct xlsx_report *x, struct table *t)
{
	if (!t->ws)
		return;
	row_done(t);
	for (size_t i = 0; i < t->ncols; i++)
		worksheet_set_column(t->ws, (lxw_col_t)i, (lxw_col_t)i, t->width[i], NULL);
	print_setup(x, t->ws, t->width, t->ncols, t->repeat_cols,
		    t->blocks ? 0 : t->first);
}

/* Column c starts at width w and grows up to cap. */
static void table_col(struct table *t, lxw_col_t c, double w, double cap)
{
	if (c < t->ncols) {
		t->width[c] = w;
		t->cap[c] = cap < w ? w : cap;
	}
}

static void table_sheet(struct xlsx_report *x, struct table *t)
{
	if (t->part == 0)
		snprintf(t->sheet, sizeof t->sheet, "%s", t->name);
	else
		snprintf(t->sheet, sizeof t->sheet, "%.24s (%d)", t->name, t->part + 1);
	t->ws = workbook_add_worksheet(x->wb, t->sheet);
	if (!t->ws) {
		note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "add sheet");
		return;
	}
	if (!t->width) {
		t->width = xcalloc(t->ncols + 1, sizeof *t->width);
		t->cap = xcalloc(t->ncols + 1, sizeof *t->cap);
		for (size_t i = 0; i < t->ncols; i++)
			table_col(t, (lxw_col_t)i, 8, 40);
	}
	t->row = 0;
	t->lines = 0;
	t->header(t, x);
	row_done(t);
	t->first = t->row;
}

/* The row to write next, moving to a new sheet at Excel's limit. */
static lxw_row_t table_row(struct xlsx_report *x, struct table *t)
{
	row_done(t);
	if (t->row >= x->max_rows) {
		if (!t->blocks)
			worksheet_autofilter(t->ws, t->first - 1, 0, t->row - 1,
					     (lxw_col_t)(t->ncols - 1));
		table_layout(x, t);
		t->part++;
		table_sheet(x, t);
	}
	return t->row++;
}

static void table_close(struct xlsx_report *x, struct table *t)
{
	if (t->ws && t->ncols && !t->blocks)
		worksheet_autofilter(t->ws, t->first ? t->first - 1 : 0, 0,
				     t->row > t->first ? t->row - 1 : t->first,
				     (lxw_col_t)(t->ncols - 1));
	table_layout(x, t);
	free(t->width);
	free(t->cap);
	t->width = t->cap = NULL;
}

/* Text in a table's cell, its column fitted to it. */
static void put_text(struct xlsx_report *x, struct table *t, lxw_row_t r,
		     lxw_col_t c, const char *s, lxw_format *f)
{
	fit(t, c, s);
	put_str(x, t->ws, r, c, s, f ? f : x->f.wrap);
}

static void header_cells(struct xlsx_report *x, struct table *t,
			 const char *const *names)
{
	lxw_row_t r = t->row++;
	for (size_t i = 0; i < t->ncols; i++)
		put_text(x, t, r, (lxw_col_t)i, names[i], x->f.header);
}

/* ---- groups (per tier, per parent; a venue-name index) ---- */

static size_t group_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct groups *)ctx)->v[i].key);
}

static bool group_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct groups *)ctx)->v[i].key, key) == 0;
}

/* Index every group of g anew (after g->v was replaced). */
static void groups_reindex(struct groups *g)
{
	hashidx_free(&g->idx);
	hashidx_init(&g->idx, group_hash, group_is, g);
	for (size_t i = 0; i < g->n; i++)
		hashidx_add(&g->idx, i);
}

static struct group *group_find(const struct groups *g, const char *key)
{
	size_t i = g->idx.hash_of ? hashidx_find(&g->idx, hashidx_hash(key), key)
				  : HASHIDX_NONE;
	return i == HASHIDX_NONE ? NULL : &g->v[i];
}

static struct group *group_get(struct groups *g, const char *key)
{
	struct group *found = group_find(g, key);
	if (found)
		return found;
	if (!g->idx.hash_of)
		hashidx_init(&g->idx, group_hash, group_is, g);
	if (g->n == g->cap || !g->v) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = xrealloc(g->v, g->cap * sizeof *g->v);
	}
	struct group *n = &g->v[g->n++];
	memset(n, 0, sizeof *n);
	n->key = xstrdup(key);
	hashidx_add(&g->idx, g->n - 1);
	return n;
}

static size_t name_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct names *)ctx)->id[i]);
}

static bool name_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct names *)ctx)->id[i], key) == 0;
}

static void names_init(struct names *m)
{
	memset(m, 0, sizeof *m);
	arena_init_flat(&m->text, (size_t)64 * 1024);
	hashidx_init(&m->idx, name_hash, name_is, m);
}

/* The name of the first venue with this id that has one, or NULL. */
static const char *names_find(const struct names *m, const char *id)
{
	size_t i = hashidx_find(&m->idx, hashidx_hash(id), id);
	return i == HASHIDX_NONE ? NULL : m->id[i] + strlen(m->id[i]) + 1;
}

/* Remember a venue's name unless its id has one already (the first wins,
 * as a group did); a venue without a name adds nothing. */
static void names_add(struct names *m, const char *id, const char *name)
{
	if (!id || !name || names_find(m, id))
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 256;
		m->id = xrealloc(m->id, m->cap * sizeof *m->id);
	}
	size_t ni = strlen(id), nn = strlen(name);
	char *p = arena_bytes(&m->text, ni + 1 + nn + 1);
	memcpy(p, id, ni + 1);
	memcpy(p + ni + 1, name, nn + 1);
	m->id[m->n++] = p;
	hashidx_add(&m->idx, m->n - 1);
}

static void names_free(struct names *m)
{
	arena_free(&m->text);
	free(m->id);
	hashidx_free(&m->idx);
}

static void groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].key);
		free(g->v[i].name);
	}
	free(g->v);
	hashidx_free(&g->idx);
}

static void group_add(struct group *g, const struct check_report *rep)
{
	g->venues++;
	if (!rep->counts[VERDICT_FAIL] && !rep->counts[VERDICT_MISSING])
		g->passing++;
	g->checked += report_checked(rep);
	g->passed += rep->counts[VERDICT_PASS];
}

static double rate(size_t passed, size_t checked)
{
	return checked ? (double)passed / (double)checked : 1.0;
}

static size_t qty_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct fmt_cache *)ctx)->key[i]);
}

static bool qty_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct fmt_cache *)ctx)->key[i], key) == 0;
}

static void qty_free(struct fmt_cache *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->key[i]);
	free(q->key);
	free(q->f);
	hashidx_free(&q->idx);
}

/* ---- formats ---- */

static lxw_format *verdict_format(lxw_workbook *wb, enum verdict v, bool pct)
{
	static const lxw_color_t fill[] = {0xC6EFCE, 0xFFC7CE, 0xFFEB9C,
					   0xE7E6E6, 0xDDEBF7, 0xE4DFEC};
	static const lxw_color_t font[] = {0x006100, 0x9C0006, 0x9C5700,
					   0x595959, 0x1F4E78, 0x5B2C6F};
	lxw_format *f = workbook_add_format(wb);
	format_set_bg_color(f, fill[v]);
	format_set_font_color(f, font[v]);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0xBFBFBF);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	if (pct)
		format_set_num_format(f, "0.0%");
	return f;
}

static void make_formats(struct xlsx_report *x)
{
	lxw_workbook *wb = x->wb;
	struct fmt *f = &x->f;
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(f->header, 0xD9E1F2);
	format_set_border(f->header, LXW_BORDER_THIN);
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	f->text = workbook_add_format(wb);
	format_set_align(f->text, LXW_ALIGN_VERTICAL_TOP);
	f->num = workbook_add_format(wb);
	format_set_num_format(f->num, "0");
	f->pct = workbook_add_format(wb);
	format_set_num_format(f->pct, "0.0%");
	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	f->bold_pct = workbook_add_format(wb);
	format_set_bold(f->bold_pct);
	format_set_num_format(f->bold_pct, "0.0%");
	for (int v = 0; v < VERDICT_COUNT; v++) {
		f->verdict[v] = verdict_format(wb, (enum verdict)v, false);
		f->verdict_pct[v] = verdict_format(wb, (enum verdict)v, true);
	}
}

/* ---- summary ---- */

/* 豁免 comes last so the columns before it keep their places. */
enum { S_ID, S_NAME, S_TIER, S_PARENT, S_YEAR, S_RULES, S_PASS, S_FAIL,
       S_MISSING, S_RATE, S_VERDICT, S_WAIVED, S_NCOLS };

/* A table's note under its title: merged over the table's width, so it
 * wraps there instead of running past the printed page. */
static void table_note(struct xlsx_report *x, struct table *t, lxw_row_t r,
		       const char *text, lxw_format *f)
{
	double w = 0;
	for (size_t i = 0; i < t->ncols; i++)
		w += t->width[i];
	merge_text(x, t->ws, r, 0, (lxw_col_t)(t->ncols - 1), text, f);
	t->lines = wrap_lines(text, w);
}

static void summary_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	const struct pack *p = x->base.pack;
	static const char *const zh[] = {"编号", "名称", "层级", "上级编号", "年度",
		"检查条数", "通过", "未通过", "缺数据", "通过率", "结论", "豁免"};
	static const char *const e[] = {"ID", "Name", "Tier", "Parent", "Year",
		"Rules checked", "Passed", "Failed", "Missing data", "Pass rate",
		"Verdict", "Waived"};
	/* Widths to start from and the widest each may grow to. */
	static const double widths[][2] = {{8, 30}, {12, 30}, {6, 16}, {8, 30},
		{6, 6}, {7, 9}, {6, 9}, {6, 9}, {6, 9}, {7, 9}, {7, 12}, {6, 9}};
	for (int c = 0; c < S_NCOLS; c++)
		table_col(t, (lxw_col_t)c, widths[c][0], widths[c][1]);
	put_str(x, t->ws, t->row++, 0,
		label_standard(p, x->base.opts.lang, &x->base.scratch), x->f.title);
	table_note(x, t, t->row++, L(x, "检查汇总（通过率 = 通过条数 ÷ 检查条数；检查条数含未通过、缺数据与豁免）",
			   "Summary (pass rate = rules passed / rules checked; checked includes failed, missing and waived)"),
		   x->f.wrap);
	row_done(t);
	header_cells(x, t, en(x) ? e : zh);
	worksheet_freeze_panes(t->ws, t->row, 2);
}

static void summary_venue(struct xlsx_report *x, const struct check_report *rep)
{
	const struct venue *v = rep->venue;
	enum lang l = x->base.opts.lang;
	struct table *t = &x->summary;
	lxw_row_t r = table_row(x, t);
	size_t checked = report_checked(rep);
	put_text(x, t, r, S_ID, v->id, NULL);
	put_text(x, t, r, S_NAME, v->name, NULL);
	put_text(x, t, r, S_TIER, label_tier(x->base.pack, v->tier, l), NULL);
	put_text(x, t, r, S_PARENT, v->parent, NULL);
	put_num(x, t->ws, r, S_YEAR, v->year, NULL);
	put_num(x, t->ws, r, S_RULES, (double)checked, NULL);
	put_num(x, t->ws, r, S_PASS, (double)rep->counts[VERDICT_PASS], NULL);
	put_num(x, t->ws, r, S_FAIL, (double)rep->counts[VERDICT_FAIL], NULL);
	put_num(x, t->ws, r, S_MISSING, (double)rep->counts[VERDICT_MISSING], NULL);
	put_num(x, t->ws, r, S_RATE, rate(rep->counts[VERDICT_PASS], checked), x->f.pct);
	/* Passing only thanks to waivers says so. */
	enum verdict vd = label_overall(rep);
	put_text(x, t, r, S_VERDICT, label_verdict(vd, l), x->f.verdict[vd]);
	put_num(x, t->ws, r, S_WAIVED, (double)rep->counts[VERDICT_WAIVED], NULL);
}

/* Totals as formulas with their values cached, so the sheet reads right
 * before any recalculation and stays live when a clerk edits it. */
static void sum_cell(struct xlsx_report *x, lxw_worksheet *ws, lxw_row_t r,
		     lxw_col_t c, lxw_row_t from, lxw_row_t to, double value)
{
	if (x->summary.part > 0) {
		/* The venue rows span sheets: a plain number, not a formula. */
		put_num(x, ws, r, c, value, x->f.bold);
		return;
	}
	char col[4], formula[64];
	lxw_col_to_name(col, c, false);
	if (to < from)
		to = from;
	snprintf(formula, sizeof formula, "=SUM(%s%u:%s%u)", col, from + 1, col,
		 to + 1);
	note_err(x, worksheet_write_formula_num(ws, r, c, formula, x->f.bold, value),
		 "write");
}

static void summary_totals(struct xlsx_report *x)
{
	struct table *t = &x->summary;
	lxw_row_t from = t->first, to = t->row - 1, r = table_row(x, t);
	put_text(x, t, r, S_ID, L(x, "合计", "Total"), x->f.bold);
	char venues[64];
	snprintf(venues, sizeof venues, en(x) ? "%zu venue(s)" : "%zu 个场馆",
		 x->base.venues);
	put_text(x, t, r, S_NAME, venues, x->f.bold);
	sum_cell(x, t->ws, r, S_RULES, from, to, (double)x->checked);
	sum_cell(x, t->ws, r, S_PASS, from, to, (double)x->passed);
	sum_cell(x, t->ws, r, S_FAIL, from, to, (double)x->failed);
	sum_cell(x, t->ws, r, S_MISSING, from, to, (double)x->missing);
	sum_cell(x, t->ws, r, S_WAIVED, from, to, (double)x->waived);
	char formula[96];
	snprintf(formula, sizeof formula, "=IF(F%u=0,1,G%u/F%u)", r + 1, r + 1, r + 1);
	if (r < 1 || x->summary.part > 0 || r - 1 < from)
		put_num(x, t->ws, r, S_RATE, rate(x->passed, x->checked), x->f.bold_pct);
	else
		note_err(x, worksheet_write_formula_num(t->ws, r, S_RATE, formula,
				x->f.bold_pct, rate(x->passed, x->checked)), "write");
	bool ok = x->base.failing == 0;
	enum verdict vd = ok ? VERDICT_PASS : VERDICT_FAIL;
	put_str(x, t->ws, r, S_VERDICT, label_verdict(vd, x->base.opts.lang),
		x->f.verdict[vd]);
	/* The autofilter covers the venues only, not the totals row. */
	if (to >= from && x->summary.part == 0)
		worksheet_autofilter(t->ws, from - 1, 0, to, S_NCOLS - 1);
}

/* ---- 分组统计: per tier (and its chart), per parent, the roll-ups ---- */

enum { G_NCOLS = 7 };

static void groups_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	/* Column 0 holds venue ids, tiers and rule ids (the roll-ups' most
	 * failed clauses): wide enough for the longest rule id. */
	table_col(t, 0, x->rule_id_width, x->rule_id_width > 30 ? x->rule_id_width : 30);
	table_col(t, 1, 12, 30);
	for (int c = 2; c < G_NCOLS; c++)
		table_col(t, (lxw_col_t)c, 8, 10);
	put_str(x, t->ws, t->row++, 0,
		label_standard(x->base.pack, x->base.opts.lang, &x->base.scratch),
		x->f.title);
}

/* A block's title after a blank row. */
static void block_title(struct xlsx_report *x, const char *title)
{
	struct table *t = &x->groups;
	table_row(x, t);
	put_str(x, t->ws, table_row(x, t), 0, title, x->f.bold);
}

/* A block's header row. */
static void block_header(struct xlsx_report *x, const char *const *names, size_t n)
{
	struct table *t = &x->groups;
	lxw_row_t h = table_row(x, t);
	for (size_t c = 0; c < n; c++)
		put_text(x, t, h, (lxw_col_t)c, names[c], x->f.header);
}

/* A block of rows: label, (name), venues, all passing, rules checked,
 * passed, pass rate.  Returns the first data row. */
static lxw_row_t group_block(struct xlsx_report *x, const char *title,
			     const struct groups *g, bool tiers)
{
	struct table *t = &x->groups;
	block_title(x, title);
	static const char *const zh[] = {"编号", "名称", "场馆数", "全部通过",
					 "检查条数", "通过条数", "通过率"};
	static const char *const e[] = {"ID", "Name", "Venues", "All passed",
					"Rules checked", "Passed", "Pass rate"};
	block_header(x, en(x) ? e : zh, G_NCOLS);
	lxw_row_t first = t->row;
	for (size_t i = 0; i < g->n; i++) {
		const struct group *gr = &g->v[i];
		lxw_row_t r = table_row(x, t);
		const char *name = tiers ? label_tier(x->base.pack, gr->key, x->base.opts.lang)
					 : NULL;
		if (!tiers)
			name = names_find(&x->names, gr->key);
		put_text(x, t, r, 0, gr->key, NULL);
		put_text(x, t, r, 1, name, NULL);
		put_num(x, t->ws, r, 2, (double)gr->venues, NULL);
		put_num(x, t->ws, r, 3, (double)gr->passing, NULL);
		put_num(x, t->ws, r, 4, (double)gr->checked, NULL);
		put_num(x, t->ws, r, 5, (double)gr->passed, NULL);
		put_num(x, t->ws, r, 6, rate(gr->passed, gr->checked), x->f.pct);
	}
	return first;
}

/* The pass rate per tier, under its table (beside it, it would widen the
 * printed page); the rows it covers are left empty. */
static void groups_chart(struct xlsx_report *x, lxw_row_t first, size_t n)
{
	if (n == 0)
		return;
	struct table *t = &x->groups;
	lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
	const char *sheet = t->sheet;
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(s, sheet, first, 1, first + (lxw_row_t)n - 1, 1);
	chart_series_set_values(s, sheet, first, 6, first + (lxw_row_t)n - 1, 6);
	chart_series_set_name(s, L(x, "通过率", "Pass rate"));
	chart_title_set_name(chart, L(x, "各层级通过率", "Pass rate by tier"));
	chart_axis_set_min(chart->y_axis, 0);
	chart_axis_set_max(chart->y_axis, 1);
	chart_axis_set_num_format(chart->y_axis, "0%");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	lxw_chart_options o = {.x_scale = 1.2, .y_scale = 1.2};
	row_done(t);
	t->row++; /* a blank row above it */
	note_err(x, worksheet_insert_chart_opt(t->ws, t->row, 0, chart, &o), "chart");
	t->row += CHART_ROWS;
}

/* Text over columns c0..G_NCOLS-1 of the groups table, merged so that it
 * wraps within them. */
static void put_wide(struct xlsx_report *x, lxw_row_t r, lxw_col_t c0,
		     const char *s, lxw_format *f)
{
	struct table *t = &x->groups;
	double w = 0;
	for (int c = c0; c < G_NCOLS; c++)
		w += t->width[c];
	merge_text(x, t->ws, r, c0, G_NCOLS - 1, s, f ? f : x->f.wrap);
	int lines = wrap_lines(s, w);
	if (lines > t->lines)
		t->lines = lines;
}

/* A three-cell header row in the roll-up blocks. */
static void header3(struct xlsx_report *x, const char *a, const char *b,
		    const char *c)
{
	const char *const names[] = {a, b};
	block_header(x, names, 2);
	put_wide(x, x->groups.row - 1, 2, c, x->f.header);
}

/* One block per county or city under the tables. */
static void rollup_block(struct xlsx_report *x, const struct rollup *u)
{
	struct table *t = &x->groups;
	const struct pack *p = x->base.pack;
	enum lang l = x->base.opts.lang;
	char title[256];
	snprintf(title, sizeof title, en(x) ? "Roll-up: %s (%s)" : "汇总：%s（%s）及所辖场馆",
		 u->top->name, u->top->id);
	block_title(x, title);
	static const char *const zh[] = {"层级", "场馆数", "全部通过", "检查条数",
					 "通过条数", "通过率"};
	static const char *const e[] = {"Tier", "Venues", "All passed",
					"Rules checked", "Passed", "Pass rate"};
	block_header(x, en(x) ? e : zh, 6);
	for (size_t i = 0; i < p->ntiers && i < ROLLUP_TIERS; i++) {
		const struct rollup_tier *ti = &u->tiers[i];
		if (!ti->venues)
			continue;
		lxw_row_t r = table_row(x, t);
		put_text(x, t, r, 0, label_tier(p, p->tiers[i].id, l), NULL);
		put_num(x, t->ws, r, 1, (double)ti->venues, NULL);
		put_num(x, t->ws, r, 2, (double)ti->passing, NULL);
		put_num(x, t->ws, r, 3, (double)ti->checked, NULL);
		put_num(x, t->ws, r, 4, (double)ti->passed, NULL);
		put_num(x, t->ws, r, 5, rate(ti->passed, ti->checked), x->f.pct);
	}
	if (u->nrules)
		header3(x, L(x, "未通过最多的条款", "Clauses failed most often"),
			L(x, "场馆数", "Venues"), L(x, "条款", "Clause"));
	for (size_t i = 0; i < u->nrules; i++) {
		lxw_row_t r = table_row(x, t);
		put_text(x, t, r, 0, u->rules[i]->id, NULL);
		put_num(x, t->ws, r, 1, (double)u->rule_fails[i], NULL);
		put_wide(x, r, 2, label_rule(u->rules[i], l), NULL);
	}
	if (u->nvenues)
		header3(x, L(x, "未通过最多的场馆", "Venues failing most"),
			L(x, "条数", "Rules"), L(x, "名称", "Name"));
	for (size_t i = 0; i < u->nvenues; i++) {
		const struct rollup_top *v = &u->venues[i];
		lxw_row_t r = table_row(x, t);
		put_text(x, t, r, 0, v->venue->id, NULL);
		put_num(x, t->ws, r, 1, (double)v->failures, NULL);
		put_wide(x, r, 2, v->venue->name, NULL);
	}
}

/* ---- failures: the to-do list ---- */

enum { F_ID, F_NAME, F_TIER, F_RULE, F_CAT, F_CLAUSE, F_MEASURED, F_REQUIRED,
       F_GAP, F_NCOLS };

static void failures_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	static const char *const zh[] = {"场馆编号", "场馆名称", "层级", "规则编号",
		"服务内容", "条款", "实测", "要求", "差距"};
	static const char *const e[] = {"Venue ID", "Venue", "Tier", "Rule",
		"Category", "Clause", "Measured", "Required", "Gap"};
	/* Widths to start from and the widest each may grow to: the rule id
	 * whole, the clause and the gap wrap. */
	static const double widths[][2] = {{8, 24}, {10, 18}, {6, 12}, {0, 0},
		{8, 12}, {20, 30}, {6, 14}, {6, 16}, {8, 18}};
	for (int c = 0; c < F_NCOLS; c++)
		table_col(t, (lxw_col_t)c, widths[c][0], widths[c][1]);
	table_col(t, F_RULE, x->rule_id_width, x->rule_id_width);
	header_cells(x, t, en(x) ? e : zh);
	worksheet_freeze_panes(t->ws, t->row, 2);
}

static void failure_row(struct xlsx_report *x, const struct check_report *rep,
			const struct result *res)
{
	enum lang l = x->base.opts.lang;
	const struct venue *v = rep->venue;
	struct table *t = &x->failures;
	lxw_row_t r = table_row(x, t);
	const char *clause = l == LANG_EN ? res->rule->title : res->rule->clause;
	put_text(x, t, r, F_ID, v->id, NULL);
	put_text(x, t, r, F_NAME, v->name, NULL);
	put_text(x, t, r, F_TIER, label_tier(x->base.pack, v->tier, l), NULL);
	put_text(x, t, r, F_RULE, res->rule->id, NULL);
	put_text(x, t, r, F_CAT, label_category(x->base.pack, res->rule->category, l),
		 NULL);
	put_text(x, t, r, F_CLAUSE, clause, NULL);
	put_text(x, t, r, F_MEASURED, label_measured(res, l, &x->base.scratch), NULL);
	put_text(x, t, r, F_REQUIRED, label_required_text(res, l, &x->base.scratch), NULL);
	put_text(x, t, r, F_GAP, label_gap(res, l, &x->base.scratch),
		 x->f.verdict[res->verdict]);
}

/* Grouped by category in the order the pack first uses each. */
static void failures_venue(struct xlsx_report *x, const struct check_report *rep)
{
	const struct result **by_cat =
		arena_alloc(&x->base.scratch, (rep->n + 1) * sizeof *by_cat);
	check_by_category(rep, by_cat);
	for (size_t i = 0; i < rep->n; i++)
		if (check_is_failure(by_cat[i]->verdict))
			failure_row(x, rep, by_cat[i]);
}

/* ---- 整改跟踪 (with a baseline): venue x rule failing then or now ---- */

enum { K_ID, K_NAME, K_TIER, K_RULE, K_CLAUSE, K_THEN, K_NOW, K_CHANGE, K_NCOLS };

/* Column c of the sheet, or -1: diff knows no clause. */
static int track_col(const struct xlsx_report *x, int c)
{
	if (x->track_clause)
		return c;
	return c == K_CLAUSE ? -1 : c > K_CLAUSE ? c - 1 : c;
}

static void track_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	static const char *const zh[] = {"场馆编号", "场馆名称", "层级", "规则编号",
		"条款", "基线结果", "本次结果", "整改情况"};
	static const char *const e[] = {"Venue ID", "Venue", "Tier", "Rule",
		"Clause", "Then", "Now", "Change"};
	/* Widths grow to the text present, up to caps that keep the sheet one
	 * A4 page wide at the print scale: the clause and the texts wrap. */
	static const double widths[][2] = {{8, 14}, {8, 14}, {4, 8}, {0, 0},
		{12, 18}, {6, 12}, {6, 12}, {6, 9}};
	const char *names[K_NCOLS];
	for (int c = 0; c < K_NCOLS; c++) {
		int k = track_col(x, c);
		if (k < 0)
			continue;
		names[k] = (en(x) ? e : zh)[c];
		table_col(t, (lxw_col_t)k, widths[c][0], widths[c][1]);
	}
	table_col(t, K_RULE, 8, x->rule_id_width);
	header_cells(x, t, names);
	worksheet_freeze_panes(t->ws, t->row, 2);
}

/* New failures red, fixed green, still failing amber. */
static lxw_format *track_format(const struct xlsx_report *x,
				const struct track_row *w)
{
	if (w->other)
		return NULL;
	switch (w->mark) {
	case CHANGE_NEW:
	case CHANGE_RULE_ADDED:
		return x->f.verdict[VERDICT_FAIL];
	case CHANGE_FIXED:
		return x->f.verdict[VERDICT_PASS];
	case CHANGE_STILL:
		return x->f.verdict[VERDICT_MISSING];
	default:
		return NULL;
	}
}

static void track_row(struct xlsx_report *x, const struct track_row *w)
{
	struct table *t = &x->track;
	lxw_row_t r = table_row(x, t);
	const char *cells[K_NCOLS] = {w->venue_id, w->venue_name, w->tier, w->rule,
				      w->clause, w->then, w->now, w->change};
	for (int c = 0; c < K_NCOLS; c++) {
		int k = track_col(x, c);
		if (k >= 0)
			put_text(x, t, r, (lxw_col_t)k, cells[c] ? cells[c] : "",
				 c == K_CHANGE ? track_format(x, w) : NULL);
	}
}

/* A venue's rows: its results failing then or now, and its old results
 * with no counterpart that were failing. */
static void track_venue(struct xlsx_report *x, const struct check_report *rep)
{
	enum lang l = x->base.opts.lang;
	const struct venue *v = rep->venue;
	const struct venue_change *c = &x->base.vchange;
	const char *tier = label_tier(x->base.pack, v->tier, l);
	struct arena *a = &x->base.scratch;
	for (size_t i = 0; i < c->n; i++) {
		const struct result *res = &rep->results[i];
		const struct change *ch = &c->v[i];
		if (!change_tracked(ch, res->verdict))
			continue;
		struct track_row w = {v->id, v->name, tier, res->rule->id,
			l == LANG_EN ? res->rule->title : res->rule->clause,
			ch->then ? report_then_text(res, ch->then, l, a) : "",
			report_now_text(res, l, a), change_word(ch->mark, l), ch->mark, false};
		track_row(x, &w);
	}
	for (size_t i = 0; i < c->nremoved; i++) {
		const struct baseline_result *b = c->removed[i];
		if (!check_is_failure(b->verdict) && b->verdict != VERDICT_WAIVED)
			continue;
		struct track_row w = {v->id, v->name, tier, b->rule, NULL,
			b->text ? b->text : label_verdict(b->verdict, l), "",
			L(x, "不再检查", "not checked"), CHANGE_NA, true};
		track_row(x, &w);
	}
}

/* The venues gone since the baseline: a row per rule they were failing. */
static void track_gone(struct xlsx_report *x)
{
	enum lang l = x->base.opts.lang;
	const struct baseline_venue **gone;
	size_t n = change_run_gone(x->base.changes, &gone);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < gone[i]->n; k++) {
			const struct baseline_result *b = &gone[i]->results[k];
			if (!check_is_failure(b->verdict) && b->verdict != VERDICT_WAIVED)
				continue;
			struct track_row w = {gone[i]->id, gone[i]->name,
				label_tier(x->base.pack, gone[i]->tier, l), b->rule, NULL,
				b->text ? b->text : label_verdict(b->verdict, l), "",
				L(x, "不再出现的场馆", "venue gone"), CHANGE_NA, true};
			track_row(x, &w);
		}
	free(gone);
}

/* The change counts under the totals of 汇总 (and of diff's 汇总). */
static void change_counts_rows(struct xlsx_report *x, struct table *t,
			       const struct change_tally *c, const char *title)
{
	table_row(x, t);
	table_note(x, t, table_row(x, t), title, x->f.bold);
	const struct {
		const char *zh, *en;
		size_t n;
	} rows[] = {
		{"新增", "New", c->counts[CHANGE_NEW]},
		{"已整改", "Fixed", c->counts[CHANGE_FIXED]},
		{"仍未整改", "Still failing", c->counts[CHANGE_STILL]},
		{"新增条款", "Rules added", c->counts[CHANGE_RULE_ADDED]},
		{"不再检查的条款", "No longer checked", c->removed},
		{"新增场馆", "Venues added", c->venues_added},
		{"不再出现的场馆", "Venues gone", c->venues_gone},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		lxw_row_t r = table_row(x, t);
		put_text(x, t, r, 0, L(x, rows[i].zh, rows[i].en), NULL);
		put_num(x, t->ws, r, 1, (double)rows[i].n, NULL);
	}
}

static void summary_changes(struct xlsx_report *x)
{
	struct change_tally c = x->base.changes->total;
	const struct baseline_venue **gone;
	c.venues_gone = change_run_gone(x->base.changes, &gone);
	free(gone);
	const struct baseline *b = x->base.changes->base;
	char *title = arena_printf(&x->base.scratch,
		en(x) ? "Since the baseline %s (venuecheck %s); rows in the sheet Follow-up"
		      : "整改情况（对比基线 %s，venuecheck %s；明细见“整改跟踪”表）",
		b->path, b->version);
	change_counts_rows(x, &x->summary, &c, utf8_text_in(&x->base.scratch, title));
}

/* ---- 定级: a graded pack's grade per venue, and what each condition
 * allows and needs for the next grade up (gradetext.h's words) ---- */

enum { D_ID, D_NAME, D_GRADE, D_RULE, D_COND, D_ALLOWS, D_NEXT, D_NCOLS };

static void grades_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	static const char *const zh[] = {"场馆编号", "场馆名称", "定级", "规则编号",
		"条件", "本条允许", "达上一级所需"};
	static const char *const e[] = {"Venue ID", "Venue", "Grade", "Rule",
		"Condition", "Allows", "For the next grade up"};
	static const double widths[][2] = {{8, 20}, {10, 18}, {6, 14}, {0, 0},
		{16, 28}, {6, 14}, {20, 44}};
	for (int c = 0; c < D_NCOLS; c++)
		table_col(t, (lxw_col_t)c, widths[c][0], widths[c][1]);
	table_col(t, D_RULE, x->rule_id_width, x->rule_id_width);
	header_cells(x, t, en(x) ? e : zh);
	worksheet_freeze_panes(t->ws, t->row, 2);
}

static void grade_row(struct xlsx_report *x, const struct check_report *rep,
		      const char *grade, const char *rule, const char *cond,
		      const char *allows, const char *next, lxw_format *f)
{
	struct table *t = &x->grades;
	lxw_row_t r = table_row(x, t);
	put_text(x, t, r, D_ID, rep->venue->id, NULL);
	put_text(x, t, r, D_NAME, rep->venue->name, NULL);
	put_text(x, t, r, D_GRADE, grade, f);
	put_text(x, t, r, D_RULE, rule, NULL);
	put_text(x, t, r, D_COND, cond, NULL);
	put_text(x, t, r, D_ALLOWS, allows, NULL);
	put_text(x, t, r, D_NEXT, next, NULL);
}

static void grades_venue(struct xlsx_report *x, const struct check_report *rep)
{
	const struct pack *p = x->base.pack;
	enum lang l = x->base.opts.lang;
	struct arena *a = &x->base.scratch;
	const struct venue_grade *g = &rep->grade;
	const char *grade = gradetext_reached(p, g, l, a);
	lxw_format *f = x->f.verdict[g->grade >= (int)p->ngrades ? VERDICT_FAIL
				     : g->undetermined ? VERDICT_MISSING
						       : VERDICT_PASS];
	grade_row(x, rep, grade, "", gradetext_how(p, rep, l, a), "", "", f);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		const char *pts = gradetext_points(r, l, a);
		if (!gradetext_counts(r) && !pts)
			continue;
		const char *next = gradetext_next(p, r, l, a);
		grade_row(x, rep, grade, r->rule->id, label_rule(r->rule, l),
			  pts ? pts : gradetext_allows(p, r, l, a), next ? next : "",
			  NULL);
	}
}

/* ---- tier sheets ---- */

enum { T_ID, T_NAME, T_PARENT, T_FIXED };

static const char *unit_text(const struct comparison *c, enum lang l)
{
	const char *u = l == LANG_EN && c->unit_en ? c->unit_en : c->unit;
	return u ? u : "";
}

static bool same_unit(const struct comparison *a, const struct comparison *b)
{
	return strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "") == 0;
}

/* The first check of r counting in the unit of check k, or k. */
static size_t unit_first(const struct rule *r, size_t k)
{
	size_t i = 0;
	while (i < k && !same_unit(&r->checks[i], &r->checks[k]))
		i++;
	return i;
}

/* The columns of a tier's rules: one per rule, or one per unit of its
 * checks where they count different things. */
static void tier_columns(struct tier_sheet *ts, const struct pack *p, const char *tier)
{
	size_t n = 0;
	for (size_t j = 0; j < p->nrules; j++)
		n += p->rules[j].nchecks + 1;
	ts->cols = xcalloc(n + 1, sizeof *ts->cols);
	for (size_t j = 0; j < p->nrules; j++) {
		const struct rule *r = &p->rules[j];
		if (strcmp(r->tier, tier) != 0)
			continue;
		size_t units = 0;
		for (size_t k = 0; k < r->nchecks; k++)
			units += unit_first(r, k) == k;
		if (units < 2) {
			ts->cols[ts->ncols++] = (struct tier_col){r, NULL, true};
			continue;
		}
		for (size_t k = 0; k < r->nchecks; k++)
			if (unit_first(r, k) == k)
				ts->cols[ts->ncols++] = (struct tier_col){
					r, r->checks[k].unit ? r->checks[k].unit : "", k == 0};
	}
}

/* The columns of col's rule, col first. */
static size_t rule_span(const struct tier_sheet *ts, size_t i)
{
	size_t n = 1;
	while (i + n < ts->ncols && !ts->cols[i + n].first)
		n++;
	return n;
}

/* What column i's second header row says: the requirement, or for one
 * unit of a rule's checks the first such check's label. */
static const char *col_requirement(struct xlsx_report *x, const struct tier_col *col)
{
	const struct rule *r = col->rule;
	if (!col->unit)
		return pack_requirement(r, en(x), &x->base.scratch);
	for (size_t k = 0; k < r->nchecks; k++) {
		const struct comparison *c = &r->checks[k];
		if (strcmp(c->unit ? c->unit : "", col->unit) == 0)
			return arena_printf(&x->base.scratch, en(x) ? "%s (%s)" : "%s（%s）",
					    en(x) && c->label_en ? c->label_en
					    : c->label ? c->label : "",
					    unit_text(c, x->base.opts.lang));
	}
	return "";
}

static void tier_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	struct tier_sheet *ts = NULL;
	for (size_t i = 0; i < MAX_TIERS && !ts; i++)
		if (&x->tiers[i].t == t)
			ts = &x->tiers[i];
	static const char *const zh[] = {"编号", "名称", "上级编号"};
	static const char *const e[] = {"ID", "Name", "Parent"};
	static const double widths[][2] = {{8, 24}, {10, 18}, {8, 24}};
	for (lxw_col_t c = 0; c < (lxw_col_t)T_FIXED; c++)
		table_col(t, c, widths[c][0], widths[c][1]);
	for (size_t i = 0; i < ts->ncols; i++)
		table_col(t, (lxw_col_t)(T_FIXED + i), 10, 12);
	/* constant_memory: the whole first row before the second. */
	lxw_row_t r0 = t->row++;
	for (lxw_col_t c = 0; c < (lxw_col_t)T_FIXED; c++)
		put_text(x, t, r0, c, (en(x) ? e : zh)[c], x->f.header);
	for (size_t i = 0; i < ts->ncols; i++) {
		const struct tier_col *col = &ts->cols[i];
		if (!col->first)
			continue;
		lxw_col_t c = (lxw_col_t)(T_FIXED + i);
		const char *title = label_rule(col->rule, x->base.opts.lang);
		size_t span = rule_span(ts, i);
		fit(t, c, title);
		if (span > 1)
			merge_text(x, t->ws, r0, c, (lxw_col_t)(c + span - 1), title,
				   x->f.header);
		else
			put_str(x, t->ws, r0, c, title, x->f.header);
		note_err(x, worksheet_write_comment(t->ws, r0, c, col->rule->id),
			 "comment");
	}
	row_done(t);
	lxw_row_t r1 = t->row++;
	for (lxw_col_t c = 0; c < (lxw_col_t)T_FIXED; c++)
		put_str(x, t->ws, r1, c, "", x->f.header);
	for (size_t i = 0; i < ts->ncols; i++)
		put_text(x, t, r1, (lxw_col_t)(T_FIXED + i),
			 col_requirement(x, &ts->cols[i]), x->f.header);
	t->repeat_cols = T_NAME + 1;
	worksheet_freeze_panes(t->ws, t->row, 2);
}

static struct tier_sheet *tier_sheet(struct xlsx_report *x, const char *tier)
{
	const struct pack *p = x->base.pack;
	size_t i = 0;
	while (i < p->ntiers && strcmp(p->tiers[i].id, tier) != 0)
		i++;
	if (i >= p->ntiers || i >= MAX_TIERS)
		return NULL;
	struct tier_sheet *ts = &x->tiers[i];
	if (ts->t.ws)
		return ts;
	ts->tier = &p->tiers[i];
	tier_columns(ts, p, tier);
	if (T_FIXED + ts->ncols > LXW_COL_MAX) {
		note_err(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE,
			 "more rules in one tier than Excel has columns (16,384)");
		return NULL;
	}
	ts->t.name = label_tier(p, tier, x->base.opts.lang);
	ts->t.ncols = T_FIXED + ts->ncols;
	ts->t.header = tier_header;
	table_sheet(x, &ts->t);
	return ts;
}

/* A format for a number that says what it counts: "6 场", and where the
 * threshold differs from venue to venue (so the header cannot say it)
 * "2/2 个村", two of the two villages.  The cell keeps its number, for
 * sorting and formulas. */
static lxw_format *qty_format(struct xlsx_report *x, const struct comparison *c,
			      enum verdict v, bool has_required, double required,
			      const char **suffix)
{
	double k;
	const char *unit = unit_text(c, x->base.opts.lang);
	bool per_venue = has_required && !expr_constant(c->threshold, &k);
	*suffix = arena_concat(&x->base.scratch, per_venue ? "/" : "",
			       per_venue ? label_number(required, &x->base.scratch) : "",
			       *unit ? " " : "", unit, (char *)NULL);
	if (c->percent || !**suffix)
		return c->percent ? x->f.verdict_pct[v] : x->f.verdict[v];
	/* The key: the verdict's digit, '|', the suffix (no printf: one
	 * per number cell). */
	const char key[2] = {(char)('0' + (int)v), '\0'};
	const char *id = arena_concat(&x->base.scratch, key, "|", *suffix, (char *)NULL);
	struct fmt_cache *q = &x->qty;
	if (!q->idx.hash_of)
		hashidx_init(&q->idx, qty_hash, qty_is, q);
	size_t i = hashidx_find(&q->idx, hashidx_hash(id), id);
	if (i != HASHIDX_NONE)
		return q->f[i];
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 16;
		q->key = xrealloc(q->key, q->cap * sizeof *q->key);
		q->f = xrealloc(q->f, q->cap * sizeof *q->f);
	}
	/* General, then the suffix quoted (a quote in it ends the quoting,
	 * is escaped, and quoting starts again). */
	const char *num = "General\"";
	for (const char *p = *suffix; *p; p++)
		num = *p == '"' ? arena_printf(&x->base.scratch, "%s\"\\\"\"", num)
				: arena_printf(&x->base.scratch, "%s%c", num, *p);
	lxw_format *f = verdict_format(x->wb, v, false);
	format_set_num_format(f, arena_printf(&x->base.scratch, "%s\"", num));
	q->key[q->n] = xstrdup(id);
	q->f[q->n] = f;
	hashidx_add(&q->idx, q->n++);
	return f;
}

/* A number that says what it counts, its column fitted to the text. */
static void put_qty(struct xlsx_report *x, struct table *t, lxw_row_t r, lxw_col_t c,
		    const struct comparison *cmp, enum verdict v, double measured,
		    bool has_required, double required)
{
	const char *suffix;
	lxw_format *f = qty_format(x, cmp, v, has_required, required, &suffix);
	fit(t, c, cmp->percent ? "100.0%"
		  : arena_concat(&x->base.scratch,
				 label_number(measured, &x->base.scratch), suffix,
				 (char *)NULL));
	put_num(x, t->ws, r, c, measured, f);
}

static int severity(enum verdict v)
{
	return v == VERDICT_FAIL ? 3 : v == VERDICT_MISSING ? 2 : v == VERDICT_NA ? 0 : 1;
}

/* The colour of a check's verdict in a waived rule: its failure waived. */
static enum verdict shown(const struct result *res, enum verdict v)
{
	return res->verdict == VERDICT_WAIVED && severity(v) > 1 ? VERDICT_WAIVED : v;
}

/* A column for one unit of a rule's checks: the worst of those that ran. */
static void tier_unit_cell(struct xlsx_report *x, struct table *t, lxw_row_t r,
			   lxw_col_t c, const struct tier_col *col,
			   const struct result *res)
{
	const struct rule *rule = res->rule;
	const struct check_outcome *o = NULL;
	size_t which = 0;
	for (size_t k = 0; res->each && k < rule->nchecks; k++) {
		const struct comparison *ck = &rule->checks[k];
		if (strcmp(ck->unit ? ck->unit : "", col->unit) != 0 ||
		    res->each[k].verdict == VERDICT_NA)
			continue;
		if (!o || severity(res->each[k].verdict) > severity(o->verdict))
			o = &res->each[k], which = k;
	}
	if (!o) {
		put_text(x, t, r, c, "—", x->f.verdict[VERDICT_NA]);
		return;
	}
	enum verdict v = shown(res, o->verdict);
	if (o->has_measured)
		put_qty(x, t, r, c, &rule->checks[which], v, o->measured,
			o->has_required, o->required);
	else
		put_text(x, t, r, c, label_verdict(v, x->base.opts.lang), x->f.verdict[v]);
}

static void tier_cell(struct xlsx_report *x, struct table *t, lxw_row_t r,
		      lxw_col_t c, const struct tier_col *col,
		      const struct result *res)
{
	enum lang l = x->base.opts.lang;
	lxw_format *f = x->f.verdict[res->verdict];
	if (col->unit)
		tier_unit_cell(x, t, r, c, col, res);
	else if (res->has_measured && res->measured.type == V_NUM && res->check)
		put_qty(x, t, r, c, res->check, res->verdict, res->measured.u.num,
			res->has_required, res->required);
	else if (res->has_measured)
		put_text(x, t, r, c, label_measured(res, l, &x->base.scratch), f);
	else
		put_text(x, t, r, c, label_verdict(res->verdict, l), f);
	/* The gap goes with the check that decided. */
	if (col->unit && !(res->check && strcmp(res->check->unit ? res->check->unit : "",
						col->unit) == 0))
		return;
	const char *gap = label_gap(res, l, &x->base.scratch);
	if (gap && res->verdict != VERDICT_NA)
		note_err(x, worksheet_write_comment(t->ws, r, c, gap), "comment");
}

static void tier_venue(struct xlsx_report *x, const struct check_report *rep)
{
	struct tier_sheet *ts = tier_sheet(x, rep->venue->tier);
	if (!ts)
		return;
	const struct venue *v = rep->venue;
	struct table *t = &ts->t;
	lxw_row_t r = table_row(x, t);
	put_text(x, t, r, T_ID, v->id, NULL);
	put_text(x, t, r, T_NAME, v->name, NULL);
	put_text(x, t, r, T_PARENT, v->parent, NULL);
	/* Results come in pack order, as the columns do. */
	for (size_t i = 0, k = 0; i < ts->ncols && k < rep->n; i++) {
		const struct tier_col *col = &ts->cols[i];
		if (rep->results[k].rule != col->rule)
			continue;
		tier_cell(x, t, r, (lxw_col_t)(T_FIXED + i), col, &rep->results[k]);
		if (i + 1 == ts->ncols || ts->cols[i + 1].first)
			k++;
	}
}

/* ---- rules sheet ---- */

static void rules_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	static const char *const zh[] = {"规则编号", "层级", "服务内容", "条款",
		"英文标题", "要求", "类型", "说明"};
	static const char *const e[] = {"Rule", "Tier", "Category", "Clause (Chinese)",
		"Title", "Requirement", "Kind", "Note"};
	/* The id whole; the clause, title and note wrap (the row grows). */
	static const double widths[][2] = {{0, 0}, {6, 10}, {8, 12}, {24, 34},
		{16, 26}, {10, 16}, {7, 9}, {24, 36}};
	for (lxw_col_t c = 0; c < 8; c++)
		table_col(t, c, widths[c][0], widths[c][1]);
	table_col(t, 0, x->rule_id_width, x->rule_id_width);
	header_cells(x, t, en(x) ? e : zh);
	t->repeat_cols = 1;
	worksheet_freeze_panes(t->ws, 1, 1);
}

static void rules_sheet(struct xlsx_report *x)
{
	const struct pack *p = x->base.pack;
	struct table *t = &x->rules;
	*t = (struct table){.name = L(x, "规则", "Rules"), .ncols = 8,
			    .header = rules_header, .ctx = x};
	table_sheet(x, t);
	if (!t->ws)
		return;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		lxw_row_t row = table_row(x, t);
		put_text(x, t, row, 0, r->id, NULL);
		put_text(x, t, row, 1, label_tier(p, r->tier, x->base.opts.lang), NULL);
		put_text(x, t, row, 2, label_category(p, r->category, x->base.opts.lang), NULL);
		put_text(x, t, row, 3, r->clause, NULL);
		put_text(x, t, row, 4, r->title, NULL);
		put_text(x, t, row, 5, pack_requirement(r, en(x), &x->base.scratch), NULL);
		put_text(x, t, row, 6, pack_kind_name(r->kind), NULL);
		put_text(x, t, row, 7, en(x) && r->note_en ? r->note_en : r->note, NULL);
	}
	table_close(x, t);
}

/* Whether a venue of this tier can be another's parent: some tier sits
 * under it (or its tier is none the pack knows).  A batch offers its
 * venues at the end (report_set_venues), so only these names are kept as
 * they come: villages, nine in ten venues, are named by none. */
static bool may_be_parent(const struct pack *p, const char *tier)
{
	const struct tier *t = tier ? pack_tier(p, tier) : NULL;
	return !t || t->has_under;
}

static void name_parent(void *ctx, const char *id, const char *name)
{
	struct xlsx_report *x = ctx;
	if (id && group_find(&x->by_parent, id))
		names_add(&x->names, id, name);
}

/* A per-parent group whose parent was not kept by name (wrong data: a
 * venue named as parent by one of the wrong tier) is named from the
 * batch's venues, in the order they were reported, as if every name had
 * been kept. */
static void name_all_parents(struct xlsx_report *x)
{
	bool missing = false;
	for (size_t i = 0; i < x->by_parent.n && !missing; i++)
		missing = !names_find(&x->names, x->by_parent.v[i].key);
	if (missing && x->base.reported.each)
		x->base.reported.each(x->base.reported.ctx, name_parent, x);
}

/* ---- the report interface ---- */

static void xlsx_venue(struct report *r, const struct check_report *rep,
		       const struct diags *warnings)
{
	(void)warnings;
	struct xlsx_report *x = (struct xlsx_report *)r;
	const struct venue *v = rep->venue;
	x->checked += report_checked(rep);
	x->passed += rep->counts[VERDICT_PASS];
	x->failed += rep->counts[VERDICT_FAIL];
	x->missing += rep->counts[VERDICT_MISSING];
	x->waived += rep->counts[VERDICT_WAIVED];
	group_add(group_get(&x->by_tier, v->tier), rep);
	if (v->parent)
		group_add(group_get(&x->by_parent, v->parent), rep);
	if (!x->base.reported.each || may_be_parent(x->base.pack, v->tier))
		names_add(&x->names, v->id, v->name);
	summary_venue(x, rep);
	failures_venue(x, rep);
	if (r->changes)
		track_venue(x, rep);
	if (rep->grade.graded)
		grades_venue(x, rep);
	tier_venue(x, rep);
	arena_free(&x->base.scratch);
}

static void xlsx_rollup(struct report *r, const struct rollup *u)
{
	struct xlsx_report *x = (struct xlsx_report *)r;
	/* Grown by doubling: a province has thousands of rollups. */
	if (x->nrollups == x->caprollups) {
		x->caprollups = x->caprollups ? 2 * x->caprollups : 16;
		x->rollups = xrealloc(x->rollups, x->caprollups * sizeof *x->rollups);
	}
	x->rollups[x->nrollups++] = u;
}

/* 无效文件: one row per error of a file that could not be checked. */
static void xlsx_invalid(struct report *r, const char *path,
			 const struct diags *errors)
{
	struct xlsx_report *x = (struct xlsx_report *)r;
	if (!x->invalid) {
		x->invalid = workbook_add_worksheet(x->wb, L(x, "无效文件", "Invalid files"));
		if (!x->invalid) {
			note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "add sheet");
			return;
		}
		static const char *const zh[] = {"文件", "行", "列", "问题"};
		static const char *const e[] = {"File", "Line", "Column", "Problem"};
		/* The problem wraps (its row grows): one page wide at 100%. */
		static const double widths[] = {50, 6, 6, 60};
		for (lxw_col_t c = 0; c < 4; c++) {
			put_str(x, x->invalid, 0, c, (en(x) ? e : zh)[c], x->f.header);
			worksheet_set_column(x->invalid, c, c, widths[c], NULL);
			x->invalid_width[c] = widths[c];
		}
		worksheet_freeze_panes(x->invalid, 1, 0);
		x->invalid_row = 1;
	}
	for (size_t i = 0; i < errors->n && x->invalid_row < x->max_rows; i++) {
		const struct diag *g = &errors->v[i];
		lxw_row_t row = x->invalid_row++;
		put_str(x, x->invalid, row, 0, path, NULL);
		put_num(x, x->invalid, row, 1, g->line, NULL);
		put_num(x, x->invalid, row, 2, g->col, NULL);
		/* A workbook's error names its sheet and cell before the text. */
		const char *msg = g->where ? arena_printf(&x->base.scratch, "%s: %s",
							  g->where, diag_text(g, x->base.opts.lang))
				      : diag_text(g, x->base.opts.lang);
		int lines = wrap_lines(msg, x->invalid_width[3]);
		if (lines > 1)
			worksheet_set_row(x->invalid, row, lines_height(lines), NULL);
		put_str(x, x->invalid, row, 3, msg, x->f.verdict[VERDICT_FAIL]);
	}
}

/* Per-tier rows in the pack's tier order, not arrival order. */
static void sort_tiers(struct xlsx_report *x)
{
	const struct pack *p = x->base.pack;
	struct group *sorted = xcalloc(x->by_tier.n + 1, sizeof *sorted);
	size_t n = 0;
	for (size_t i = 0; i < p->ntiers; i++) {
		const struct group *g = group_find(&x->by_tier, p->tiers[i].id);
		if (g)
			sorted[n++] = *g;
	}
	free(x->by_tier.v);
	x->by_tier.v = sorted;
	x->by_tier.cap = x->by_tier.n + 1;
	groups_reindex(&x->by_tier);
}

static void set_properties(struct xlsx_report *x)
{
	const struct pack *p = x->base.pack;
	/* A given creation time makes reports reproducible. */
	time_t now = x->base.opts.created ? (time_t)x->base.opts.created : time(NULL);
	/* Kept in the report: the library may read it only at close. */
	snprintf(x->comments, sizeof x->comments, "%s %s",
		 p->source ? p->source : "", p->id);
	lxw_doc_properties props = {
		.title = (char *)L(x, "公共文化场馆达标检查报告", "Venue compliance report"),
		.subject = (char *)p->title,
		.author = "venuecheck",
		.comments = x->comments,
		.created = now,
	};
	note_err(x, workbook_set_properties(x->wb, &props), "properties");
}

static bool xlsx_finish(struct report *r, struct diags *d)
{
	struct xlsx_report *x = (struct xlsx_report *)r;
	summary_totals(x);
	if (x->base.invalid) {
		char line[160];
		snprintf(line, sizeof line, en(x) ? "%zu invalid file(s) were not checked: see the sheet Invalid files"
						  : "无效文件 %zu 个未检查，见“无效文件”表", x->base.invalid);
		table_row(x, &x->summary);
		table_note(x, &x->summary, table_row(x, &x->summary), line,
			   x->f.verdict[VERDICT_FAIL]);
	}
	if (r->changes) {
		summary_changes(x);
		track_gone(x);
	}
	sort_tiers(x);
	lxw_row_t first = group_block(x, L(x, "按层级", "By tier"), &x->by_tier, true);
	groups_chart(x, first, x->by_tier.n);
	name_all_parents(x);
	group_block(x, L(x, "按上级", "By parent"), &x->by_parent, false);
	for (size_t i = 0; i < x->nrollups; i++)
		rollup_block(x, x->rollups[i]);
	table_close(x, &x->summary);
	table_close(x, &x->groups);
	table_close(x, &x->failures);
	if (r->changes)
		table_close(x, &x->track);
	table_close(x, &x->grades);
	if (x->invalid) {
		worksheet_autofilter(x->invalid, 0, 0, x->invalid_row - 1, 3);
		print_setup(x, x->invalid, x->invalid_width, 4, 1, 1);
	}
	for (size_t i = 0; i < MAX_TIERS; i++)
		table_close(x, &x->tiers[i].t);
	rules_sheet(x);
	set_properties(x);
	worksheet_activate(x->summary.ws);
	errno = 0;
	lxw_error e = workbook_close(x->wb);
	int sys = errno; /* the system's reason for a failed save (ENOSPC) */
	note_err(x, e, "save");
	bool failed = x->err != LXW_NO_ERROR;
	if (failed) {
		bool saving = e != LXW_NO_ERROR && e == x->err && sys;
		if (saving)
			diag_addm(d, DM_XLSX_WRITE_SAVING, DIAG_ERROR, x->base.out.path,
				  0, 0, x->err_what, diag_errno(sys), lxw_strerror(x->err));
		else
			diag_addm(d, DM_XLSX_WRITE, DIAG_ERROR, x->base.out.path, 0, 0,
				  x->err_what, lxw_strerror(x->err));
		outfile_abort(&x->base.out); /* report_done then has nothing */
	}
	for (size_t i = 0; i < MAX_TIERS; i++)
		free(x->tiers[i].cols);
	qty_free(&x->qty);
	groups_free(&x->by_tier);
	groups_free(&x->by_parent);
	names_free(&x->names);
	free(x->rollups);
	bool ok = report_done(r, d);
	return ok && !failed;
}

static const struct report_ops xlsx_ops = {.venue = xlsx_venue,
	.invalid = xlsx_invalid, .rollup = xlsx_rollup, .finish = xlsx_finish};

struct report *report_xlsx_open(const struct pack *p,
				const struct report_opts *o, struct diags *d)
{
	struct xlsx_report *x = (struct xlsx_report *)
		report_new(sizeof *x, &xlsx_ops, p, o, false, d);
	if (!x)
		return NULL;
	names_init(&x->names);
	unsigned long mr = o->max_rows;
	x->max_rows = mr > 8 && mr < LXW_ROW_MAX ? (lxw_row_t)mr : LXW_ROW_MAX;
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
	x->wb = workbook_new_opt(x->base.out.tmp, &wo);
	if (!x->wb) {
		diag_addm(d, DM_XLSX_CREATE, DIAG_ERROR, o->out, 0, 0);
		outfile_abort(&x->base.out);
		report_done(&x->base, d);
		return NULL;
	}
	make_formats(x);
	x->summary = (struct table){.name = L(x, "汇总", "Summary"), .ncols = S_NCOLS,
				    .header = summary_header, .ctx = x};
	x->groups = (struct table){.name = L(x, "分组统计", "By group"), .ncols = G_NCOLS,
				   .header = groups_header, .ctx = x, .blocks = true};
	x->failures = (struct table){.name = L(x, "问题清单", "Failures"),
				     .ncols = F_NCOLS, .header = failures_header, .ctx = x};
	for (size_t i = 0; i < p->nrules; i++) {
		double w = text_units(p->rules[i].id) + 1.5;
		if (w > x->rule_id_width)
			x->rule_id_width = w;
	}
	x->summary.repeat_cols = x->failures.repeat_cols = 2; /* id, name */
	table_sheet(x, &x->summary);
	table_sheet(x, &x->groups);
	table_sheet(x, &x->failures);
	if (o->baseline) {
		x->track = (struct table){.name = L(x, "整改跟踪", "Follow-up"),
					  .ncols = K_NCOLS, .header = track_header,
					  .ctx = x, .repeat_cols = 2};
		x->track_clause = true;
		table_sheet(x, &x->track);
	}
	x->grades = (struct table){.name = L(x, "定级", "Grades"), .ncols = D_NCOLS,
				   .header = grades_header, .ctx = x,
				   .repeat_cols = 2};
	if (p->ngrades)
		table_sheet(x, &x->grades);
	return &x->base;
}

/* ---- diff: the 整改跟踪 sheet alone, with the counts ---- */

static const struct report_ops track_ops = {0};

static void track_widths(struct xlsx_report *x, const struct track_row *rows,
			 size_t n)
{
	x->rule_id_width = 8;
	for (size_t i = 0; i < n; i++) {
		double w = text_units(rows[i].rule) + 1.5;
		if (w > x->rule_id_width)
			x->rule_id_width = w;
	}
}

static void diff_summary_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	table_col(t, 0, 16, 30);
	table_col(t, 1, 8, 10);
	put_str(x, t->ws, t->row++, 0, L(x, "整改情况", "Changes"), x->f.title);
}

bool track_write_xlsx(const char *path, const struct track_row *rows, size_t n,
		      const struct change_tally *t, const struct report_opts *o,
		      struct diags *d)
{
	struct report_opts ro = *o;
	ro.out = path;
	ro.baseline = NULL;
	struct xlsx_report *x = (struct xlsx_report *)
		report_new(sizeof *x, &track_ops, NULL, &ro, false, d);
	if (!x)
		return false;
	x->max_rows = LXW_ROW_MAX;
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
	x->wb = workbook_new_opt(x->base.out.tmp, &wo);
	if (!x->wb) {
		diag_addm(d, DM_XLSX_CREATE, DIAG_ERROR, path, 0, 0);
		outfile_abort(&x->base.out);
		report_done(&x->base, d);
		return false;
	}
	make_formats(x);
	track_widths(x, rows, n);
	x->summary = (struct table){.name = L(x, "汇总", "Summary"), .ncols = 2,
				    .header = diff_summary_header, .ctx = x, .blocks = true};
	x->track = (struct table){.name = L(x, "整改跟踪", "Follow-up"), .ncols = K_NCOLS - 1,
				  .header = track_header, .ctx = x, .repeat_cols = 2};
	table_sheet(x, &x->summary);
	table_sheet(x, &x->track);
	change_counts_rows(x, &x->summary, t, L(x, "对比两次检查的报告", "Two reports compared"));
	for (size_t i = 0; i < n; i++)
		track_row(x, &rows[i]);
	table_close(x, &x->summary);
	table_close(x, &x->track);
	worksheet_activate(x->track.ws);
	time_t now = ro.created ? (time_t)ro.created : time(NULL);
	lxw_doc_properties props = {
		.title = (char *)L(x, "整改跟踪", "Follow-up"), .author = "venuecheck",
		.created = now};
	note_err(x, workbook_set_properties(x->wb, &props), "properties");
	lxw_error e = workbook_close(x->wb);
	note_err(x, e, "save");
	if (x->err != LXW_NO_ERROR) {
		diag_addm(d, DM_XLSX_WRITE, DIAG_ERROR, path, 0, 0, x->err_what,
			  lxw_strerror(x->err));
		outfile_abort(&x->base.out);
	}
	bool failed = x->err != LXW_NO_ERROR;
	return report_done(&x->base, d) && !failed;
}
