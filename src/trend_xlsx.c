/* trend_xlsx.c - the trend as a workbook: 趋势 (one row per venue, a
 * column per year, then the pass rate per tier by year and its line chart
 * below, and each county's and city's rates), and 趋势明细 (one row per
 * venue x rule, a column per year: the verdict and the measured value).
 * Printed as the check report's sheets are (report_xlsx.c): A4 landscape,
 * one page wide when that prints at 85% or more (the 11 pt font at no less
 * than 9.35 pt), else at 85% with the first columns repeated, the header
 * rows on every page, page numbers in the footer.  Written row by row
 * (constant memory), the rates block after the venues. */
#include "trend_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "outfile.h"
#include "utf8.h"

#define TR(t, zh, en) ((t)->lang == LANG_EN ? (en) : (zh))
#define NONE ((size_t)-1)
enum { PRINT_MIN_SCALE = 85, CHART_ROWS = 18, MAX_COLS = 64 };
#define PAGE_WIDTH_PT 841.89 /* A4 landscape */
#define DIGIT_PX 9.33	     /* DejaVu Sans, the wider (report_xlsx.c) */
#define MARGIN_IN 0.5

struct tx {
	const struct trend *t;
	lxw_workbook *wb;
	lxw_error err;
	lxw_format *title, *header, *text, *pct, *bold;
	lxw_format *verdict[TREND_ABSENT + 1];
	size_t cols[MAX_COLS]; /* year index of each year column */
	size_t ncols;	       /* the years with files */
};

static void note(struct tx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = e;
}

static lxw_format *verdict_format(lxw_workbook *wb, unsigned char v)
{
	/* The check report's colours: green pass, red fail, amber missing,
	 * grey not applicable or no data. */
	static const lxw_color_t fill[] = {0xC6EFCE, 0xFFC7CE, 0xFFEB9C, 0xEDEDED,
					   0xDDEBF7, 0xE4DFEC, 0xF2F2F2};
	lxw_format *f = workbook_add_format(wb);
	format_set_bg_color(f, fill[v]);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0xBFBFBF);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP); /* level with the names */
	format_set_text_wrap(f);
	return f;
}

static void formats(struct tx *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->header = workbook_add_format(x->wb);
	format_set_bold(x->header);
	format_set_text_wrap(x->header);
	format_set_align(x->header, LXW_ALIGN_CENTER);
	format_set_bg_color(x->header, 0xD9E1F2);
	format_set_border(x->header, LXW_BORDER_THIN);
	x->text = workbook_add_format(x->wb);
	format_set_text_wrap(x->text);
	format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
	x->pct = workbook_add_format(x->wb);
	format_set_num_format(x->pct, "0%");
	format_set_border(x->pct, LXW_BORDER_THIN);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	for (int v = 0; v <= TREND_ABSENT; v++)
		x->verdict[v] = verdict_format(x->wb, (unsigned char)v);
}

static void put(struct tx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		const char *s, lxw_format *f)
{
	char *e = utf8_text(s ? s : ""); /* a GBK path as \xNN: the sheet stays UTF-8 */
	note(x, worksheet_write_string(ws, r, c, e, f));
	free(e);
}

/* A4 landscape, as the check report's sheets (see the top). */
static void print_setup(struct tx *x, lxw_worksheet *ws, const double *w,
			size_t n, lxw_row_t header_row)
{
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w[i], NULL);
		total += (w[i] + 5.0 / 7) * DIGIT_PX * 0.75;
	}
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_margins(ws, MARGIN_IN, MARGIN_IN, 0.6, 0.6);
	if (total * PRINT_MIN_SCALE / 100 <= PAGE_WIDTH_PT - 2 * 72 * MARGIN_IN) {
		worksheet_fit_to_pages(ws, 1, 0);
	} else {
		worksheet_set_print_scale(ws, PRINT_MIN_SCALE);
		worksheet_repeat_columns(ws, 0, 1);
	}
	worksheet_repeat_rows(ws, header_row, header_row);
	note(x, worksheet_set_footer(ws, TR(x->t, "&L&A&R第 &P 页，共 &N 页",
					    "&L&A&RPage &P of &N")));
}

static void year_header(struct tx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0)
{
	for (size_t k = 0; k < x->ncols; k++) {
		char buf[24];
		snprintf(buf, sizeof buf, TR(x->t, "%ld 年", "%ld"), x->t->years[x->cols[k]].year);
		put(x, ws, r, (lxw_col_t)(c0 + k), buf, x->header);
	}
}

/* The latest year the venue had a file: its name, tier and parent now. */
static const struct trend_venue_year *latest(const struct trend_venue *v, size_t n)
{
	for (size_t y = n; y-- > 0;)
		if (v->y[y].present)
			return &v->y[y];
	return NULL;
}

/* A venue's year: 通过, 未通过 N 条 (failed or missing), 无文件. */
static void venue_cell(struct tx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		       const struct trend_venue_year *y)
{
	char buf[48];
	size_t bad = 0;
	for (size_t k = 0; y->present && k < y->ncells; k++)
		bad += y->cells[k].verdict == VERDICT_FAIL || y->cells[k].verdict == VERDICT_MISSING;
	if (!y->present)
		put(x, ws, r, c, TR(x->t, "无文件", "no file"), x->verdict[TREND_ABSENT]);
	else if (bad == 0)
		put(x, ws, r, c, trend_verdict_word(x->t, VERDICT_PASS), x->verdict[VERDICT_PASS]);
	else {
		snprintf(buf, sizeof buf, TR(x->t, "未通过 %zu 条", "%zu not passed"), bad);
		put(x, ws, r, c, buf, x->verdict[VERDICT_FAIL]);
	}
}

/* "上级 330402-qx → 330402-yx（2025 年）" for each change, or "". */
static const char *change_note(const struct trend *t, const struct trend_venue *v,
			       char *buf, size_t size)
{
	const struct trend_venue_year *last = NULL;
	size_t len = 0;
	buf[0] = '\0';
	for (size_t y = 0; y < t->nyears && len < size; y++) {
		const struct trend_venue_year *now = &v->y[y];
		if (!now->present)
			continue;
		const char *a = last ? last->parent : NULL, *b = now->parent;
		if (last && strcmp(last->tier, now->tier) != 0)
			len += (size_t)snprintf(buf + len, size - len, TR(t, "%s层级 %s → %s（%ld 年）", "%stier %s → %s (%ld)"),
						len ? "; " : "", last->tier, now->tier, t->years[y].year);
		if (last && len < size && ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)))
			len += (size_t)snprintf(buf + len, size - len, TR(t, "%s上级 %s → %s（%ld 年）", "%sparent %s → %s (%ld)"),
						len ? "; " : "", a ? a : "—", b ? b : "—", t->years[y].year);
		last = now;
	}
	return buf;
}

/* Rows from r: the pass rate of each tier by year; returns the next row
 * and sets *first to the first tier row (the chart's). */
static lxw_row_t rate_rows(struct tx *x, lxw_worksheet *ws, lxw_row_t r,
			   const char *title,
			   const struct trend_rate *(*at)(const void *, size_t, size_t),
			   const void *ctx, lxw_row_t *first, size_t *n)
{
	const struct trend *t = x->t;
	put(x, ws, r++, 0, title, x->bold);
	put(x, ws, r, 0, TR(t, "层级", "Tier"), x->header);
	year_header(x, ws, r++, 4);
	*first = r;
	*n = 0;
	for (size_t ti = 0; ti < t->ntiers; ti++) {
		bool any = false;
		for (size_t k = 0; k < x->ncols; k++)
			any = any || at(ctx, x->cols[k], ti)->venues > 0;
		if (!any)
			continue;
		put(x, ws, r, 0, t->tier_names[ti], x->text);
		for (size_t k = 0; k < x->ncols; k++) {
			const struct trend_rate *rt = at(ctx, x->cols[k], ti);
			if (rt->venues)
				note(x, worksheet_write_number(ws, r, (lxw_col_t)(4 + k),
							       (double)rt->passing / (double)rt->venues, x->pct));
			else
				put(x, ws, r, (lxw_col_t)(4 + k), "—", x->text);
		}
		r++;
		(*n)++;
	}
	return r;
}

/* A line per tier: its pass rate (row first + i, the year columns). */
static void rate_chart(struct tx *x, lxw_worksheet *ws, const char *sheet,
		       lxw_row_t head, lxw_row_t first, size_t n, lxw_row_t at)
{
	lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_LINE);
	lxw_col_t c0 = 4, c1 = (lxw_col_t)(4 + x->ncols - 1);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t r = first + (lxw_row_t)i;
		lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
		chart_series_set_categories(s, sheet, head, c0, head, c1);
		chart_series_set_values(s, sheet, r, c0, r, c1);
		chart_series_set_name_range(s, sheet, r, 0);
		chart_series_set_marker_type(s, LXW_CHART_MARKER_AUTOMATIC);
	}
	chart_title_set_name(chart, TR(x->t, "各层级达标率（按年度）", "Pass rate by tier, by year"));
	chart_axis_set_min(chart->y_axis, 0);
	chart_axis_set_max(chart->y_axis, 1);
	chart_axis_set_num_format(chart->y_axis, "0%");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	/* 11 pt like the cells: printed at 85% still 9.35 pt (the default
	 * 10 pt would print the tier names and "2024 年" under 9 pt). */
	lxw_chart_font font = {.size = 11};
	chart_legend_set_font(chart, &font);
	chart_axis_set_num_font(chart->x_axis, &font);
	chart_axis_set_num_font(chart->y_axis, &font);
	lxw_chart_options o = {.x_scale = 1.3, .y_scale = 1.1};
	note(x, worksheet_insert_chart_opt(ws, at, 0, chart, &o));
}

static const struct trend_rate *all_rate(const void *ctx, size_t y, size_t ti)
{
	return &((const struct trend *)ctx)->years[y].rates[ti];
}

static const struct trend_rate *group_rate(const void *ctx, size_t y, size_t ti)
{
	return &((const struct trend_group *)ctx)->rates[y * TREND_TIERS + ti];
}

static lxw_row_t venue_rows(struct tx *x, lxw_worksheet *ws, lxw_row_t r)
{
	const struct trend *t = x->t;
	static const char *const zh[] = {"场馆编号", "场馆", "层级", "上级"};
	static const char *const en[] = {"Venue id", "Venue", "Tier", "Parent"};
	for (lxw_col_t c = 0; c < 4; c++)
		put(x, ws, r, c, t->lang == LANG_EN ? en[c] : zh[c], x->header);
	year_header(x, ws, r, 4);
	put(x, ws, r++, (lxw_col_t)(4 + x->ncols), TR(t, "变化", "Changed"), x->header);
	for (size_t i = 0; i < t->nvenues; i++, r++) {
		const struct trend_venue *v = &t->venues[i];
		const struct trend_venue_year *now = latest(v, t->nyears);
		size_t ti = trend_tier_index(t, now->tier);
		char buf[512];
		change_note(t, v, buf, sizeof buf);
		/* Two lines for a change note, which wraps: a row does not grow
		 * by itself when the file is opened. */
		if (buf[0])
			note(x, worksheet_set_row(ws, r, 33, NULL));
		put(x, ws, r, 0, v->id, x->text);
		put(x, ws, r, 1, now->name, x->text);
		put(x, ws, r, 2, ti == NONE ? now->tier : t->tier_names[ti], x->text);
		put(x, ws, r, 3, now->parent, x->text);
		for (size_t k = 0; k < x->ncols; k++)
			venue_cell(x, ws, r, (lxw_col_t)(4 + k), &v->y[x->cols[k]]);
		put(x, ws, r, (lxw_col_t)(4 + x->ncols), buf, x->text);
	}
	return r;
}

/* The empty years and the packs, under the title: what is not in the
 * year columns is said, not left out silently. */
static lxw_row_t notes(struct tx *x, lxw_worksheet *ws, lxw_row_t r)
{
	const struct trend *t = x->t;
	for (size_t y = 0; y < t->nyears; y++) {
		char buf[512];
		const struct trend_year *ty = &t->years[y];
		if (ty->empty)
			snprintf(buf, sizeof buf, TR(t, "%ld 年：没有场馆文件（%s），不列入", "%ld: no venue files (%s), left out"),
				 ty->year, ty->source ? ty->source : "—");
		else
			snprintf(buf, sizeof buf, TR(t, "%ld 年：场馆 %zu 个，规则包 %s", "%ld: %zu venue(s), pack %s"),
				 ty->year, ty->venues, ty->pack);
		put(x, ws, r++, 0, buf, NULL);
	}
	put(x, ws, r++, 0, TR(t, "达标率：无未通过、无缺数据的场馆所占比例（同检查报告的分组统计）",
			      "Pass rate: the share of venues with no failure and no missing data (as in the check report's By group)"),
	    NULL);
	return r;
}

/* Page 1: the years, the pass rate per tier and its chart, each county's
 * and city's rates; from page 2 the venues, their header on every page. */
static void trend_sheet(struct tx *x)
{
	const struct trend *t = x->t;
	const char *name = TR(t, "趋势", "Trend");
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	put(x, ws, 0, 0, TR(t, "达标趋势（每个年度单独检查）", "Compliance trend (each year checked on its own)"),
	    x->title);
	lxw_row_t r = notes(x, ws, 2) + 1, first;
	size_t n;
	r = rate_rows(x, ws, r, TR(t, "全部场馆：各层级达标率", "All venues: pass rate by tier"),
		      all_rate, t, &first, &n);
	if (n && x->ncols)
		rate_chart(x, ws, name, first - 1, first, n, r + 1);
	r += CHART_ROWS + 2;
	for (size_t g = 0; g < t->ngroups; g++) {
		char title[256];
		snprintf(title, sizeof title, TR(t, "%s（%s）：各层级达标率", "%s (%s): pass rate by tier"),
			 t->groups[g].name, t->groups[g].id);
		r = rate_rows(x, ws, r, title, group_rate, &t->groups[g], &first, &n) + 1;
	}
	lxw_row_t head = r;
	lxw_row_t breaks[] = {head, 0};
	note(x, worksheet_set_h_pagebreaks(ws, breaks));
	venue_rows(x, ws, head);
	/* Three years and the change fit one page wide at 85% (print_setup). */
	double w[MAX_COLS + 8] = {14, 18, 10, 12};
	for (size_t k = 0; k < x->ncols; k++)
		w[4 + k] = 12;
	w[4 + x->ncols] = 26;
	print_setup(x, ws, w, 5 + x->ncols, head);
	worksheet_activate(ws);
}

static void detail_cell(struct tx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			size_t i, size_t y, size_t rule)
{
	const struct trend_cell *cell = trend_cell(x->t, i, y, rule);
	char buf[160];
	if (!x->t->venues[i].y[y].present) {
		put(x, ws, r, c, TR(x->t, "无文件", "no file"), x->verdict[TREND_ABSENT]);
		return;
	}
	unsigned char v = cell ? cell->verdict : TREND_ABSENT;
	snprintf(buf, sizeof buf, "%s%s%s", trend_verdict_word(x->t, v),
		 cell && cell->shown ? " " : "", cell && cell->shown ? cell->shown : "");
	put(x, ws, r, c, buf, x->verdict[v]);
}

static void detail_sheet(struct tx *x)
{
	const struct trend *t = x->t;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, TR(t, "趋势明细", "Trend detail"));
	static const char *const zh[] = {"场馆编号", "场馆", "规则", "条款"};
	static const char *const en[] = {"Venue id", "Venue", "Rule", "Clause"};
	for (lxw_col_t c = 0; c < 4; c++)
		put(x, ws, 0, c, t->lang == LANG_EN ? en[c] : zh[c], x->header);
	year_header(x, ws, 0, 4);
	lxw_row_t r = 1;
	for (size_t i = 0; i < t->nvenues; i++)
		for (size_t rule = 0; rule < t->nrules; rule++) {
			bool any = false;
			for (size_t y = 0; y < t->nyears && !any; y++)
				any = trend_cell(t, i, y, rule) != NULL;
			if (!any)
				continue;
			put(x, ws, r, 0, t->venues[i].id, x->text);
			put(x, ws, r, 1, latest(&t->venues[i], t->nyears)->name, x->text);
			put(x, ws, r, 2, t->rules[rule].id, x->text);
			put(x, ws, r, 3, t->rules[rule].title, x->text);
			for (size_t k = 0; k < x->ncols; k++)
				detail_cell(x, ws, r, (lxw_col_t)(4 + k), i, x->cols[k], rule);
			r++;
		}
	double w[MAX_COLS + 8] = {14, 18, 30, 34};
	for (size_t k = 0; k < x->ncols; k++)
		w[4 + k] = 14;
	print_setup(x, ws, w, 4 + x->ncols, 0);
	worksheet_autofilter(ws, 0, 0, r ? r - 1 : 0, (lxw_col_t)(3 + x->ncols));
}

static bool close_book(struct tx *x, struct outfile *o, long long created,
		       struct diags *d)
{
	lxw_doc_properties props = {
		.title = (char *)TR(x->t, "公共文化场馆达标趋势", "Venue compliance trend"),
		.author = "venuecheck",
		.created = created ? (time_t)created : time(NULL),
	};
	note(x, workbook_set_properties(x->wb, &props));
	note(x, workbook_close(x->wb));
	if (x->err != LXW_NO_ERROR) {
		diag_addm(d, DM_XLSX_WRITE, DIAG_ERROR, o->path, 0, 0, "trend",
			  lxw_strerror(x->err));
		outfile_abort(o);
		return false;
	}
	return outfile_commit(o, d);
}

bool trend_xlsx(const struct trend *t, const char *path, long long created,
		struct diags *d)
{
	struct outfile o;
	if (!outfile_open(&o, path, false, d))
		return false;
	struct tx x = {.t = t};
	for (size_t y = 0; y < t->nyears && x.ncols < MAX_COLS; y++)
		if (!t->years[y].empty)
			x.cols[x.ncols++] = y;
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
	x.wb = workbook_new_opt(o.tmp, &wo);
	if (!x.wb) {
		diag_addm(d, DM_XLSX_CREATE, DIAG_ERROR, path, 0, 0);
		outfile_abort(&o);
		return false;
	}
	formats(&x);
	trend_sheet(&x);
	detail_sheet(&x);
	return close_book(&x, &o, created, d);
}
