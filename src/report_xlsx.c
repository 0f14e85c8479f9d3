/* report_xlsx.c - the spreadsheet officials hand upward, written with
 * libxlsxwriter in constant_memory mode: every sheet is streamed row by row,
 * so memory stays flat however many venues there are.
 *
 * Sheets: 汇总 (one row per venue, totals, pass rate per tier and per parent,
 * a chart), 问题清单 (one row per failing or missing rule: the to-do list),
 * one wide sheet per tier present (a column per rule, cells coloured by
 * verdict, the gap in a comment), and 规则 (the whole pack).  Tier sheets are
 * created when their first venue arrives, so they follow the input order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "outfile.h"
#include "hashidx.h"
#include "report_impl.h"
#include "utf8.h"
#include "xalloc.h"

enum { MAX_TIERS = 16, TITLE_ROWS = 2 };

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
};

struct tier_sheet {
	const struct tier *tier;
	struct table t;
	const struct rule **rules;
	size_t nrules;
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

struct fmt {
	lxw_format *title, *header, *wrap, *text, *num, *pct, *bold, *bold_pct;
	lxw_format *verdict[VERDICT_COUNT], *verdict_pct[VERDICT_COUNT];
};

struct xlsx_report {
	struct report base; /* base.out: created, written by name */
	char comments[256]; /* the document property */
	struct rollup *rollups; /* copies, written into the summary at the end */
	size_t nrollups, caprollups;
	lxw_worksheet *invalid; /* 无效文件, made with the first invalid file */
	lxw_row_t invalid_row;
	lxw_workbook *wb;
	struct fmt f;
	struct table summary, failures;
	struct tier_sheet tiers[MAX_TIERS];
	struct groups by_tier, by_parent, names;
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

/* Column width for text: a CJK character is about two Latin widths. */
static double width_of(const char *s, double min, double max)
{
	double w = (double)utf8_width(s ? s : "") + 2;
	return w < min ? min : w > max ? max : w;
}

/* Row height for wrapped text: rows written in constant_memory mode do not
 * grow by themselves, so estimate the lines from the display width. */
static double wrap_height(const char *s, double col_width)
{
	double lines = (double)utf8_width(s ? s : "") / (col_width - 1);
	int n = (int)lines + 1;
	return 15.0 * (n < 1 ? 1 : n > 8 ? 8 : n);
}

/* ---- streamed tables ---- */

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
	worksheet_set_landscape(t->ws);
	worksheet_set_paper(t->ws, 9); /* A4 */
	worksheet_fit_to_pages(t->ws, 1, 0);
	t->row = 0;
	t->header(t, x);
	t->first = t->row;
	worksheet_repeat_rows(t->ws, 0, t->first ? t->first - 1 : 0);
}

/* The row to write next, moving to a new sheet at Excel's limit. */
static lxw_row_t table_row(struct xlsx_report *x, struct table *t)
{
	if (t->row >= x->max_rows) {
		worksheet_autofilter(t->ws, t->first - 1, 0, t->row - 1,
				     (lxw_col_t)(t->ncols - 1));
		t->part++;
		table_sheet(x, t);
	}
	return t->row++;
}

static void table_close(struct table *t)
{
	if (t->ws && t->ncols)
		worksheet_autofilter(t->ws, t->first ? t->first - 1 : 0, 0,
				     t->row > t->first ? t->row - 1 : t->first,
				     (lxw_col_t)(t->ncols - 1));
}

static void header_cells(struct xlsx_report *x, struct table *t,
			 const char *const *names, const double *widths)
{
	lxw_row_t r = t->row++;
	worksheet_set_row(t->ws, r, 30, NULL);
	for (size_t i = 0; i < t->ncols; i++) {
		put_str(x, t->ws, r, (lxw_col_t)i, names[i], x->f.header);
		worksheet_set_column(t->ws, (lxw_col_t)i, (lxw_col_t)i,
				     widths[i], NULL);
	}
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

static void summary_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	const struct pack *p = x->base.pack;
	static const char *const zh[] = {"编号", "名称", "层级", "上级编号", "年度",
		"检查条数", "通过", "未通过", "缺数据", "通过率", "结论", "豁免"};
	static const char *const e[] = {"ID", "Name", "Tier", "Parent", "Year",
		"Rules checked", "Passed", "Failed", "Missing data", "Pass rate",
		"Verdict", "Waived"};
	static const double widths[] = {16, 28, 10, 14, 7, 10, 8, 8, 9, 10, 10, 8};
	put_str(x, t->ws, t->row++, 0,
		label_standard(p, x->base.opts.lang, &x->base.scratch), x->f.title);
	put_str(x, t->ws, t->row++, 0,
		L(x, "检查汇总（通过率 = 通过条数 ÷ 检查条数；检查条数含未通过、缺数据与豁免）",
		  "Summary (pass rate = rules passed / rules checked; checked includes failed, missing and waived)"),
		NULL);
	header_cells(x, t, en(x) ? e : zh, widths);
	worksheet_freeze_panes(t->ws, t->row, 2);
}

static void summary_venue(struct xlsx_report *x, const struct check_report *rep)
{
	const struct venue *v = rep->venue;
	enum lang l = x->base.opts.lang;
	struct table *t = &x->summary;
	lxw_row_t r = table_row(x, t);
	bool ok = !rep->counts[VERDICT_FAIL] && !rep->counts[VERDICT_MISSING];
	size_t checked = report_checked(rep);
	put_str(x, t->ws, r, S_ID, v->id, NULL);
	put_str(x, t->ws, r, S_NAME, v->name, NULL);
	put_str(x, t->ws, r, S_TIER, label_tier(x->base.pack, v->tier, l), NULL);
	put_str(x, t->ws, r, S_PARENT, v->parent, NULL);
	put_num(x, t->ws, r, S_YEAR, v->year, NULL);
	put_num(x, t->ws, r, S_RULES, (double)checked, NULL);
	put_num(x, t->ws, r, S_PASS, (double)rep->counts[VERDICT_PASS], NULL);
	put_num(x, t->ws, r, S_FAIL, (double)rep->counts[VERDICT_FAIL], NULL);
	put_num(x, t->ws, r, S_MISSING, (double)rep->counts[VERDICT_MISSING], NULL);
	put_num(x, t->ws, r, S_RATE, rate(rep->counts[VERDICT_PASS], checked), x->f.pct);
	/* Passing only thanks to waivers says so. */
	enum verdict vd = !ok ? VERDICT_FAIL
		: rep->counts[VERDICT_WAIVED] ? VERDICT_WAIVED : VERDICT_PASS;
	put_str(x, t->ws, r, S_VERDICT, label_verdict(vd, l), x->f.verdict[vd]);
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
	put_str(x, t->ws, r, S_ID, L(x, "合计", "Total"), x->f.bold);
	char venues[64];
	snprintf(venues, sizeof venues, en(x) ? "%zu venue(s)" : "%zu 个场馆",
		 x->base.venues);
	put_str(x, t->ws, r, S_NAME, venues, x->f.bold);
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

/* A block of rows: label, (name), venues, all passing, rules checked,
 * passed, pass rate.  Returns the first data row. */
static lxw_row_t group_block(struct xlsx_report *x, const char *title,
			     const struct groups *g, bool tiers)
{
	struct table *t = &x->summary;
	table_row(x, t);
	put_str(x, t->ws, table_row(x, t), 0, title, x->f.bold);
	static const char *const zh[] = {"编号", "名称", "场馆数", "全部通过",
					 "检查条数", "通过条数", "通过率"};
	static const char *const e[] = {"ID", "Name", "Venues", "All passed",
					"Rules checked", "Passed", "Pass rate"};
	lxw_row_t h = table_row(x, t);
	for (lxw_col_t c = 0; c < 7; c++)
		put_str(x, t->ws, h, c, (en(x) ? e : zh)[c], x->f.header);
	lxw_row_t first = t->row;
	for (size_t i = 0; i < g->n; i++) {
		const struct group *gr = &g->v[i];
		lxw_row_t r = table_row(x, t);
		const char *name = tiers ? label_tier(x->base.pack, gr->key, x->base.opts.lang)
					 : NULL;
		if (!tiers) {
			const struct group *named = group_find(&x->names, gr->key);
			name = named ? named->name : NULL;
		}
		put_str(x, t->ws, r, 0, gr->key, NULL);
		put_str(x, t->ws, r, 1, name, NULL);
		put_num(x, t->ws, r, 2, (double)gr->venues, NULL);
		put_num(x, t->ws, r, 3, (double)gr->passing, NULL);
		put_num(x, t->ws, r, 4, (double)gr->checked, NULL);
		put_num(x, t->ws, r, 5, (double)gr->passed, NULL);
		put_num(x, t->ws, r, 6, rate(gr->passed, gr->checked), x->f.pct);
	}
	return first;
}

static void summary_chart(struct xlsx_report *x, lxw_row_t first, size_t n)
{
	if (n == 0)
		return;
	struct table *t = &x->summary;
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
	note_err(x, worksheet_insert_chart_opt(t->ws, TITLE_ROWS + 1, S_NCOLS + 1,
					       chart, &o), "chart");
}

/* ---- failures: the to-do list ---- */

enum { F_ID, F_NAME, F_TIER, F_RULE, F_CAT, F_CLAUSE, F_MEASURED, F_REQUIRED,
       F_GAP, F_NCOLS, F_CLAUSE_WIDTH = 50 };

static void failures_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	static const char *const zh[] = {"场馆编号", "场馆名称", "层级", "规则编号",
		"服务内容", "条款", "实测", "要求", "差距"};
	static const char *const e[] = {"Venue ID", "Venue", "Tier", "Rule",
		"Category", "Clause", "Measured", "Required", "Gap"};
	static const double widths[] = {16, 24, 8, 34, 14, F_CLAUSE_WIDTH, 14, 16, 30};
	header_cells(x, t, en(x) ? e : zh, widths);
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
	worksheet_set_row(t->ws, r, wrap_height(clause, F_CLAUSE_WIDTH), NULL);
	put_str(x, t->ws, r, F_ID, v->id, x->f.text);
	put_str(x, t->ws, r, F_NAME, v->name, x->f.text);
	put_str(x, t->ws, r, F_TIER, label_tier(x->base.pack, v->tier, l), x->f.text);
	put_str(x, t->ws, r, F_RULE, res->rule->id, x->f.text);
	put_str(x, t->ws, r, F_CAT, label_category(x->base.pack, res->rule->category, l),
		x->f.text);
	put_str(x, t->ws, r, F_CLAUSE, clause, x->f.wrap);
	put_str(x, t->ws, r, F_MEASURED, label_measured(res, l, &x->base.scratch), x->f.text);
	put_str(x, t->ws, r, F_REQUIRED, label_required_text(res, l, &x->base.scratch), x->f.text);
	put_str(x, t->ws, r, F_GAP, label_gap(res, l, &x->base.scratch),
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

/* ---- tier sheets ---- */

enum { T_ID, T_NAME, T_PARENT, T_FIXED };

static void tier_header(struct table *t, void *ctx)
{
	struct xlsx_report *x = ctx;
	struct tier_sheet *ts = NULL;
	for (size_t i = 0; i < MAX_TIERS && !ts; i++)
		if (&x->tiers[i].t == t)
			ts = &x->tiers[i];
	lxw_row_t r0 = t->row++, r1 = t->row++;
	worksheet_set_row(t->ws, r0, 60, NULL);
	static const char *const zh[] = {"编号", "名称", "上级编号"};
	static const char *const e[] = {"ID", "Name", "Parent"};
	static const double widths[] = {16, 24, 12};
	/* constant_memory: the whole first row before the second. */
	for (lxw_col_t c = 0; c < (lxw_col_t)T_FIXED; c++) {
		put_str(x, t->ws, r0, c, (en(x) ? e : zh)[c], x->f.header);
		worksheet_set_column(t->ws, c, c, widths[c], NULL);
	}
	for (size_t i = 0; i < ts->nrules; i++) {
		lxw_col_t c = (lxw_col_t)(T_FIXED + i);
		put_str(x, t->ws, r0, c, label_rule(ts->rules[i], x->base.opts.lang),
			x->f.header);
		note_err(x, worksheet_write_comment(t->ws, r0, c, ts->rules[i]->id),
			 "comment");
	}
	for (lxw_col_t c = 0; c < (lxw_col_t)T_FIXED; c++)
		put_str(x, t->ws, r1, c, "", x->f.header);
	for (size_t i = 0; i < ts->nrules; i++) {
		lxw_col_t c = (lxw_col_t)(T_FIXED + i);
		const char *req = pack_requirement(ts->rules[i], en(x), &x->base.scratch);
		put_str(x, t->ws, r1, c, req, x->f.header);
		/* Titles wrap over the tall first row; the requirement should not. */
		worksheet_set_column(t->ws, c, c, width_of(req, 12, 30), NULL);
	}
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
	ts->rules = xcalloc(p->nrules + 1, sizeof *ts->rules);
	for (size_t j = 0; j < p->nrules; j++)
		if (strcmp(p->rules[j].tier, tier) == 0)
			ts->rules[ts->nrules++] = &p->rules[j];
	if (T_FIXED + ts->nrules > LXW_COL_MAX) {
		note_err(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE,
			 "more rules in one tier than Excel has columns (16,384)");
		return NULL;
	}
	ts->t.name = label_tier(p, tier, x->base.opts.lang);
	ts->t.ncols = T_FIXED + ts->nrules;
	ts->t.header = tier_header;
	table_sheet(x, &ts->t);
	return ts;
}

static void tier_cell(struct xlsx_report *x, lxw_worksheet *ws, lxw_row_t r,
		      lxw_col_t c, const struct result *res)
{
	enum lang l = x->base.opts.lang;
	lxw_format *f = x->f.verdict[res->verdict];
	if (res->has_measured && res->measured.type == V_NUM) {
		bool pct = res->check && res->check->percent;
		put_num(x, ws, r, c, res->measured.u.num,
			pct ? x->f.verdict_pct[res->verdict] : f);
	} else if (res->has_measured) {
		put_str(x, ws, r, c, label_measured(res, l, &x->base.scratch), f);
	} else {
		put_str(x, ws, r, c, label_verdict(res->verdict, l), f);
	}
	const char *gap = label_gap(res, l, &x->base.scratch);
	if (gap && res->verdict != VERDICT_NA)
		note_err(x, worksheet_write_comment(ws, r, c, gap), "comment");
}

static void tier_venue(struct xlsx_report *x, const struct check_report *rep)
{
	struct tier_sheet *ts = tier_sheet(x, rep->venue->tier);
	if (!ts)
		return;
	const struct venue *v = rep->venue;
	lxw_row_t r = table_row(x, &ts->t);
	put_str(x, ts->t.ws, r, T_ID, v->id, NULL);
	put_str(x, ts->t.ws, r, T_NAME, v->name, NULL);
	put_str(x, ts->t.ws, r, T_PARENT, v->parent, NULL);
	/* Results come in pack order, as the columns do. */
	for (size_t i = 0, k = 0; i < ts->nrules && k < rep->n; i++)
		if (rep->results[k].rule == ts->rules[i])
			tier_cell(x, ts->t.ws, r, (lxw_col_t)(T_FIXED + i),
				  &rep->results[k++]);
}

/* ---- rules sheet ---- */

static void rules_sheet(struct xlsx_report *x)
{
	const struct pack *p = x->base.pack;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, L(x, "规则", "Rules"));
	if (!ws) {
		note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "add sheet");
		return;
	}
	static const char *const zh[] = {"规则编号", "层级", "服务内容", "条款",
		"英文标题", "要求", "类型", "说明"};
	static const char *const e[] = {"Rule", "Tier", "Category", "Clause (Chinese)",
		"Title", "Requirement", "Kind", "Note"};
	static const double widths[] = {36, 8, 14, 60, 40, 22, 9, 50};
	for (lxw_col_t c = 0; c < 8; c++) {
		put_str(x, ws, 0, c, (en(x) ? e : zh)[c], x->f.header);
		worksheet_set_column(ws, c, c, widths[c], NULL);
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		double h = wrap_height(r->clause, widths[3]);
		double hn = wrap_height(en(x) && r->note_en ? r->note_en : r->note, widths[7]);
		worksheet_set_row(ws, row, h > hn ? h : hn, NULL);
		put_str(x, ws, row, 0, r->id, x->f.text);
		put_str(x, ws, row, 1, label_tier(p, r->tier, x->base.opts.lang), x->f.text);
		put_str(x, ws, row, 2, label_category(p, r->category, x->base.opts.lang),
			x->f.text);
		put_str(x, ws, row, 3, r->clause, x->f.wrap);
		put_str(x, ws, row, 4, r->title, x->f.wrap);
		put_str(x, ws, row, 5, pack_requirement(r, en(x), &x->base.scratch), x->f.text);
		put_str(x, ws, row, 6, pack_kind_name(r->kind), x->f.text);
		put_str(x, ws, row, 7, en(x) && r->note_en ? r->note_en : r->note, x->f.wrap);
	}
	worksheet_freeze_panes(ws, 1, 1);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)p->nrules, 7);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
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
	struct group *n = group_get(&x->names, v->id);
	if (!n->name)
		n->name = xstrdup(v->name);
	summary_venue(x, rep);
	failures_venue(x, rep);
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
	x->rollups[x->nrollups++] = *u;
}

/* A three-cell header row in the summary's blocks. */
static void header3(struct xlsx_report *x, const char *a, const char *b,
		    const char *c)
{
	struct table *t = &x->summary;
	lxw_row_t r = table_row(x, t);
	put_str(x, t->ws, r, 0, a, x->f.header);
	put_str(x, t->ws, r, 1, b, x->f.header);
	put_str(x, t->ws, r, 2, c, x->f.header);
}

/* One block per county or city under the summary's tables. */
static void rollup_block(struct xlsx_report *x, const struct rollup *u)
{
	struct table *t = &x->summary;
	const struct pack *p = x->base.pack;
	enum lang l = x->base.opts.lang;
	table_row(x, t);
	char title[256];
	snprintf(title, sizeof title, en(x) ? "Roll-up: %s (%s)" : "汇总：%s（%s）及所辖场馆",
		 u->top->name, u->top->id);
	put_str(x, t->ws, table_row(x, t), 0, title, x->f.bold);
	lxw_row_t h = table_row(x, t);
	static const char *const zh[] = {"层级", "场馆数", "全部通过", "检查条数",
					 "通过条数", "通过率"};
	static const char *const e[] = {"Tier", "Venues", "All passed",
					"Rules checked", "Passed", "Pass rate"};
	for (lxw_col_t c = 0; c < 6; c++)
		put_str(x, t->ws, h, c, (en(x) ? e : zh)[c], x->f.header);
	for (size_t i = 0; i < p->ntiers && i < ROLLUP_TIERS; i++) {
		const struct rollup_tier *ti = &u->tiers[i];
		if (!ti->venues)
			continue;
		lxw_row_t r = table_row(x, t);
		put_str(x, t->ws, r, 0, label_tier(p, p->tiers[i].id, l), NULL);
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
		put_str(x, t->ws, r, 0, u->rules[i]->id, NULL);
		put_num(x, t->ws, r, 1, (double)u->rule_fails[i], NULL);
		put_str(x, t->ws, r, 2, label_rule(u->rules[i], l), NULL);
	}
	if (u->nvenues)
		header3(x, L(x, "未通过最多的场馆", "Venues failing most"),
			L(x, "条数", "Rules"), L(x, "名称", "Name"));
	for (size_t i = 0; i < u->nvenues; i++) {
		const struct check_report *v = u->venues[i];
		lxw_row_t r = table_row(x, t);
		put_str(x, t->ws, r, 0, v->venue->id, NULL);
		put_num(x, t->ws, r, 1,
			(double)(v->counts[VERDICT_FAIL] + v->counts[VERDICT_MISSING]), NULL);
		put_str(x, t->ws, r, 2, v->venue->name, NULL);
	}
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
		static const double widths[] = {50, 6, 6, 90};
		for (lxw_col_t c = 0; c < 4; c++) {
			put_str(x, x->invalid, 0, c, (en(x) ? e : zh)[c], x->f.header);
			worksheet_set_column(x->invalid, c, c, widths[c], NULL);
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
							  g->where, g->msg) : g->msg;
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
	sort_tiers(x);
	lxw_row_t first = group_block(x, L(x, "按层级", "By tier"), &x->by_tier, true);
	summary_chart(x, first, x->by_tier.n);
	if (x->base.invalid) {
		table_row(x, &x->summary);
		char line[160];
		snprintf(line, sizeof line, en(x) ? "%zu invalid file(s) were not checked: see the sheet Invalid files"
						  : "无效文件 %zu 个未检查，见“无效文件”表", x->base.invalid);
		put_str(x, x->summary.ws, table_row(x, &x->summary), 0, line,
			x->f.verdict[VERDICT_FAIL]);
	}
	group_block(x, L(x, "按上级", "By parent"), &x->by_parent, false);
	for (size_t i = 0; i < x->nrollups; i++)
		rollup_block(x, &x->rollups[i]);
	table_close(&x->failures);
	if (x->invalid)
		worksheet_autofilter(x->invalid, 0, 0, x->invalid_row - 1, 3);
	for (size_t i = 0; i < MAX_TIERS; i++)
		table_close(&x->tiers[i].t);
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
		diag_add(d, DC_IO, DIAG_ERROR, x->base.out.path, 0, 0,
			  "cannot write the spreadsheet (%s): %s%s%s%s", x->err_what,
			  saving ? strerror(sys) : "", saving ? " (" : "",
			  lxw_strerror(x->err), saving ? ")" : "");
		outfile_abort(&x->base.out); /* report_done then has nothing */
	}
	for (size_t i = 0; i < MAX_TIERS; i++)
		free(x->tiers[i].rules);
	groups_free(&x->by_tier);
	groups_free(&x->by_parent);
	groups_free(&x->names);
	free(x->rollups);
	bool ok = report_done(r, d);
	return ok && !failed;
}

static const struct report_ops xlsx_ops = {xlsx_venue, xlsx_invalid,
					   xlsx_rollup, xlsx_finish};

struct report *report_xlsx_open(const struct pack *p,
				const struct report_opts *o, struct diags *d)
{
	struct xlsx_report *x = (struct xlsx_report *)
		report_new(sizeof *x, &xlsx_ops, p, o, false, d);
	if (!x)
		return NULL;
	unsigned long mr = o->max_rows;
	x->max_rows = mr > 8 && mr < LXW_ROW_MAX ? (lxw_row_t)mr : LXW_ROW_MAX;
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
	x->wb = workbook_new_opt(x->base.out.tmp, &wo);
	if (!x->wb) {
		diag_add(d, DC_IO, DIAG_ERROR, o->out, 0, 0, "cannot create the spreadsheet");
		outfile_abort(&x->base.out);
		report_done(&x->base, d);
		return NULL;
	}
	make_formats(x);
	x->summary = (struct table){.name = L(x, "汇总", "Summary"), .ncols = S_NCOLS,
				    .header = summary_header, .ctx = x};
	x->failures = (struct table){.name = L(x, "问题清单", "Failures"),
				     .ncols = F_NCOLS, .header = failures_header, .ctx = x};
	table_sheet(x, &x->summary);
	table_sheet(x, &x->failures);
	return &x->base;
}
