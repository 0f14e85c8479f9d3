/* bookwrite.c - the data entry workbook, written with libxlsxwriter. */
#include "bookwrite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "book.h"
#include "expr.h"
#include "outfile.h"
#include "utf8.h"
#include "waiver.h"

/* Rows of a ledger sheet that carry data validation (and stay open when
 * the sheet is protected); more may be added by inserting rows. */
#define LEDGER_ROWS 2000

struct fmts {
	lxw_format *head, *code, *label, *input, *date, *note, *section;
};

struct bw {
	const struct pack *p;
	const char *tier;
	const struct value *root; /* NULL: a blank workbook */
	const struct venue *v;	  /* its venue, for the waivers */
	int year;		  /* a blank workbook's, or 0 */
	lxw_workbook *wb;
	struct arena a;
	struct fmts f;
	int year_row; /* 1-based row of venue.year in 基本信息 */
	lxw_error err;
};

static void note(struct bw *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
		w->err = e;
}

/* ---- what the tier's rules read ---- */

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Whether a linked rule of the tier above reads block.field of a venue
 * under it: through a child, the path follows a '.' (t.facts.x,
 * child(v.id).facts.x).  expr_reads reports a venue's own reads only. */
static bool reads_child(const struct rule *r, const char *qualified)
{
	size_t n = strlen(qualified);
	for (size_t c = 0; c < r->nchecks; c++) {
		const struct comparison *k = &r->checks[c];
		const struct expr *e[] = {k->applies, k->measure, k->threshold};
		for (size_t j = 0; j < 3; j++) {
			const char *text = e[j] ? expr_text(e[j]) : "";
			for (const char *p = strstr(text, qualified); p; p = strstr(p + 1, qualified))
				if (p > text && p[-1] == '.' && !ident_char(p[n]))
					return true;
		}
	}
	return false;
}

static bool parent_linked(const struct bw *w, const struct rule *r)
{
	const struct tier *t = pack_tier(w->p, w->tier);
	return r->linked && t && t->parent && !strcmp(r->tier, t->parent);
}

/* Read by the tier's own rules, or (a field) by the linked rules of the
 * tier above through a child (a county counts its towns' dispatched
 * workers).  Typed-in totals get no row (the ledger decides), as in the
 * YAML template; a converted file keeps those it has.  (A key computed at run time, website_updates[m], reads
 * inside the block the expression names, which is enough to go by.) */
static bool tier_reads(struct bw *w, const char *block, const char *field)
{
	const char *q = field ? arena_printf(&w->a, "%s.%s", block, field) : NULL;
	for (size_t i = 0; i < w->p->nrules; i++) {
		const struct rule *r = &w->p->rules[i];
		if (!strcmp(r->tier, w->tier) && pack_rule_reads(r, block, field))
			return true;
		if (q && parent_linked(w, r) && reads_child(r, q))
			return true;
	}
	return false;
}

static const struct value *data(const struct bw *w, const char *block)
{
	return w->root ? value_get(w->root, block) : NULL;
}

static const char *qualified(struct bw *w, const struct block *b,
			     const struct field *f)
{
	return arena_printf(&w->a, "%s.%s", b->name, f->name);
}

/* A field gets a row when the header needs it, the rules read it or the
 * data holds it (nothing is lost in a conversion). */
static bool wanted(struct bw *w, const struct block *b, const struct field *f)
{
	if (!strcmp(b->name, "venue") && (f->required || !strcmp(f->name, "parent")))
		return true;
	return value_get(data(w, b->name), f->name) ||
	       tier_reads(w, b->name, f->name);
}

/* A template has a sheet per ledger the tier's rules count; a converted
 * file exactly those its data has, as a sheet left out is a ledger left
 * out (missing data) and an empty sheet an empty ledger. */
static bool has_sheet(struct bw *w, const struct block *b)
{
	return w->root ? data(w, b->name) != NULL : tier_reads(w, b->name, NULL);
}

/* ---- formats and cells ---- */

static lxw_format *fmt(struct bw *w, bool locked, bool bold, bool wrap,
		       unsigned fill)
{
	lxw_format *f = workbook_add_format(w->wb);
	if (!locked)
		format_set_unlocked(f);
	if (bold)
		format_set_bold(f);
	if (wrap)
		format_set_text_wrap(f);
	if (fill)
		format_set_bg_color(f, fill);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void make_formats(struct bw *w)
{
	w->f.head = fmt(w, true, true, true, 0xD9E1F2);
	format_set_border(w->f.head, LXW_BORDER_THIN);
	w->f.code = fmt(w, true, false, false, 0);
	format_set_font_color(w->f.code, 0x808080);
	w->f.label = fmt(w, true, false, true, 0);
	w->f.input = fmt(w, false, false, false, 0xFFF2CC);
	w->f.date = fmt(w, false, false, false, 0xFFF2CC);
	format_set_num_format(w->f.date, "yyyy-mm-dd");
	w->f.note = fmt(w, true, false, true, 0);
	w->f.section = fmt(w, true, true, false, 0xEDEDED);
}

static bool is_escape(const char *p)
{
	if (p[0] != '_' || p[1] != 'x')
		return false;
	for (int i = 2; i < 6; i++)
		if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
			return false;
	return p[6] == '_';
}

/* U+FFFE or U+FFFF at p: characters XML cannot hold at all. */
static bool is_nonchar(const char *p)
{
	return (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBF &&
	       ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF);
}

static bool needs_escape(const char *s)
{
	for (const char *p = s; *p; p++)
		if (is_escape(p) || is_nonchar(p))
			return true;
	return false;
}

/* Text that reads like Excel's _xHHHH_ escape gets its '_' escaped as
 * _x005F_, or a reader (ours, Excel) would decode it; U+FFFE and U+FFFF,
 * which would make the part malformed XML, are written as that escape. */
static const char *escape_text(struct bw *w, const char *s)
{
	if (!needs_escape(s))
		return s;
	char *out = arena_alloc(&w->a, strlen(s) * 7 + 1), *o = out;
	for (const char *p = s; *p; p++) {
		if (is_nonchar(p)) {
			memcpy(o, (unsigned char)p[2] == 0xBE ? "_xFFFE_" : "_xFFFF_", 7);
			o += 7;
			p += 2;
			continue;
		}
		for (const char *e = "_x005F"; is_escape(p) && *e; e++)
			*o++ = *e;
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static void put_str(struct bw *w, lxw_worksheet *ws, int row, int col,
		    const char *s, lxw_format *f)
{
	if (s)
		s = escape_text(w, s);
	if (s && *s)
		note(w, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
	else if (f)
		note(w, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f));
}

static const char *yes_no(bool b)
{
	return b ? "是" : "否";
}

/* A value of an enum or tags field as its label (what the drop-down
 * offers); the reader takes the label back to the code. */
static const char *label_of(const struct field *f, const char *code)
{
	for (size_t i = 0; f && i < f->nvalues; i++)
		if (!strcmp(f->values[i], code))
			return schema_label(f, i);
	return code;
}

/* One value in a cell, typed so it reads back as written (f: its field,
 * for the labels of its words; NULL for none). */
static void put_value(struct bw *w, lxw_worksheet *ws, int row, int col,
		      const struct value *v, const struct field *f)
{
	lxw_row_t r = (lxw_row_t)row;
	lxw_col_t c = (lxw_col_t)col;
	if (!v) {
		note(w, worksheet_write_blank(ws, r, c, w->f.input));
		return;
	}
	switch (v->type) {
	case V_NUM: {
		/* libxlsxwriter writes 16 significant digits (%.16G): a number
		 * that needs 17 to read back is stored as its text, which the
		 * reader takes as the same number. */
		char num[32];
		snprintf(num, sizeof num, "%.16G", v->u.num);
		if (strtod(num, NULL) == v->u.num)
			note(w, worksheet_write_number(ws, r, c, v->u.num, w->f.input));
		else
			put_str(w, ws, row, col, arena_strdup(&w->a, value_num_text(
				num, sizeof num, v->u.num)), w->f.input);
		break;
	}
	case V_BOOL:
		put_str(w, ws, row, col, yes_no(v->u.b), w->f.input);
		break;
	case V_DATE: {
		lxw_datetime dt = {v->u.date / 10000, v->u.date / 100 % 100,
				   v->u.date % 100, 0, 0, 0};
		note(w, worksheet_write_datetime(ws, r, c, &dt, w->f.date));
		break;
	}
	case V_LIST: {
		char *s = arena_strdup(&w->a, "");
		for (size_t i = 0; i < v->n; i++)
			s = arena_printf(&w->a, "%s%s%s", s, i ? "、" : "",
					 label_of(f, v->items[i].u.str));
		put_str(w, ws, row, col, s, w->f.input);
		break;
	}
	case V_STR:
		put_str(w, ws, row, col, f && f->type == FT_ENUM ? label_of(f, v->u.str)
								: v->u.str, w->f.input);
		break;
	default:
		note(w, worksheet_write_blank(ws, r, c, w->f.input));
	}
}

/* ---- data validation by type ---- */

static void validate_cells(struct bw *w, lxw_worksheet *ws, int r1, int c,
			   int r2, const struct field *f)
{
	lxw_data_validation dv = {0};
	const char *yn[] = {"是", "否", NULL};
	enum ftype t = f ? f->type : FT_BOOL;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	switch (t) {
	case FT_INT:
	case FT_NUMBER:
		dv.validate = t == FT_INT ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
		dv.criteria = f->has_min && f->has_max ? LXW_VALIDATION_CRITERIA_BETWEEN
			    : f->has_max ? LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO
			    : LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
		dv.minimum_number = f->min;
		dv.maximum_number = f->max;
		dv.value_number = f->has_max && !f->has_min ? f->max : f->has_min ? f->min : -9e15;
		break;
	case FT_DATE: {
		dv.validate = LXW_VALIDATION_TYPE_DATE_FORMULA;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_formula = arena_printf(&w->a, "=DATE('%s'!$C$%d,1,1)", BOOK_INFO, w->year_row);
		dv.maximum_formula = arena_printf(&w->a, "=DATE('%s'!$C$%d,12,31)", BOOK_INFO, w->year_row);
		break;
	}
	case FT_BOOL:
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)yn;
		/* The reader takes √ × 有 无 too: a warning, not a refusal. */
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
		dv.error_title = "是 或 否";
		dv.error_message = "请填 是 或 否（也可填 √、×、有、无）。";
		break;
	case FT_ENUM:
	case FT_TAGS:
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = arena_alloc(&w->a, (f->nvalues + 1) * sizeof(char *));
		for (size_t i = 0; i < f->nvalues; i++)
			dv.value_list[i] = (char *)schema_label(f, i);
		/* The list offers the labels; a code is read too, so typing
		 * one brings a warning the clerk may pass, not a refusal. */
		if (f->labels) {
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
			dv.error_title = "不在列表中";
			dv.error_message = "请从下拉列表中选择；英文代码（如 performance）也可填写。";
		}
		/* Several tags go in one cell, comma separated: the list offers
		 * one, and typing more only brings a notice. */
		if (t == FT_TAGS) {
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION;
			dv.input_message = "可填多个，用顿号或逗号分隔";
		}
		break;
	default:
		return;
	}
	note(w, worksheet_data_validation_range(ws, (lxw_row_t)r1, (lxw_col_t)c,
						(lxw_row_t)r2, (lxw_col_t)c, &dv));
}

/* ---- 基本信息 ---- */

static const char *unit(const struct field *f)
{
	return f->unit ? f->unit : "";
}

/* The summaries and requirements of the rules that read the field: the
 * tier's own, and those of the tier above that read it through a child
 * (named by that tier: "总馆：…"). */
static const char *rules_reading(struct bw *w, const struct block *b,
				 const struct field *f)
{
	const char *s = "", *q = arena_printf(&w->a, "%s.%s", b->name, f->name);
	for (size_t i = 0; i < w->p->nrules; i++) {
		const struct rule *r = &w->p->rules[i];
		bool own = !strcmp(r->tier, w->tier) && pack_rule_reads(r, b->name, f->name);
		bool above = !own && parent_linked(w, r) && reads_child(r, q);
		if (!own && !above)
			continue;
		s = arena_printf(&w->a, "%s%s%s%s%s（%s）", s, *s ? "\n" : "",
				 above ? pack_tier(w->p, r->tier)->name : "", above ? "：" : "",
				 r->summary ? r->summary : r->id,
				 pack_requirement(r, false, &w->a));
	}
	return s;
}

/* The built-in header fields: what they are for, as no rule reads them. */
static const char *header_note(const char *name)
{
	static const char *const notes[][2] = {
		{"id", "本馆编号，批量核查中唯一；下级馆的“上级馆编号”填它"},
		{"name", "场馆名称，报告中显示"},
		{"tier", "层级：中心馆、总馆、分馆或支馆（也可填代码 city、county、town、village）"},
		{"parent", "上级馆的编号（中心馆不填）"},
		{"year", "年度：台账中的日期都须在本年内"},
	};
	for (size_t i = 0; i < sizeof notes / sizeof *notes; i++)
		if (!strcmp(notes[i][0], name))
			return notes[i][1];
	return NULL;
}

/* Wrapped text does not grow its row by itself: estimate the lines of
 * text in a column of width units, one or more per line of the text.  A
 * unit is the width of a digit; a Chinese character takes about 2.2 in
 * the fonts LibreOffice and Excel fall back to, so 10% is kept spare. */
static size_t text_lines(struct bw *w, const char *text, double width)
{
	size_t lines = 0;
	for (const char *p = text ? text : "";; p++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		double cols = (double)utf8_width(arena_strndup(&w->a, p, n)) * 1.1;
		lines += n ? (size_t)((cols + width - 1) / width) : 1;
		if (!nl)
			break;
		p = nl;
	}
	return lines ? lines : 1;
}

/* A row tall enough for the most lines any of its wrapped cells needs
 * (texts[i] in a column of widths[i]). */
static void fit_row(struct bw *w, lxw_worksheet *ws, int row,
		    const char *const *texts, const double *widths, size_t n)
{
	size_t lines = 1;
	for (size_t i = 0; i < n; i++) {
		size_t l = text_lines(w, texts[i], widths[i]);
		lines = l > lines ? l : lines;
	}
	/* 16 points a line: the height of a line of 11-point Chinese text. */
	if (lines > 1)
		note(w, worksheet_set_row(ws, (lxw_row_t)row, 16.0 * (double)lines, NULL));
}

/* 基本信息's wrapped columns and their widths (write_info): 项目 and
 * 条款及要求; the code column is never wrapped. */
static const double info_widths[] = {1e9, 34, 70};

static void section(struct bw *w, lxw_worksheet *ws, int row, const char *title)
{
	for (int c = 0; c < 5; c++)
		put_str(w, ws, row, c, c == 1 ? title : NULL, w->f.section);
}

static int info_fields(struct bw *w, lxw_worksheet *ws, int row,
		       const struct block *b)
{
	const struct value *vals = data(w, b->name);
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		if (!wanted(w, b, f))
			continue;
		const char *code = qualified(w, b, f);
		put_str(w, ws, row, 0, code, w->f.code);
		const char *label = arena_printf(&w->a, "%s%s", book_header(f),
						 f->required ? "（必填）" : "");
		put_str(w, ws, row, 1, label, w->f.label);
		const struct value *v = value_get(vals, f->name);
		if (!v && !w->root && !strcmp(f->name, "tier"))
			put_str(w, ws, row, 2, label_of(f, w->tier), w->f.input);
		else if (!v && !w->root && w->year && !strcmp(f->name, "year"))
			note(w, worksheet_write_number(ws, (lxw_row_t)row, 2, w->year, w->f.input));
		else
			put_value(w, ws, row, 2, v, f);
		put_str(w, ws, row, 3, unit(f), w->f.label);
		const char *why = !strcmp(b->name, "venue") && header_note(f->name)
				? header_note(f->name) : rules_reading(w, b, f);
		put_str(w, ws, row, 4, why, w->f.note);
		const char *texts[] = {code, label, why};
		fit_row(w, ws, row, texts, info_widths, 3);
		if (!strcmp(b->name, "venue") && !strcmp(f->name, "year"))
			w->year_row = row + 1;
		if (f->type != FT_DATE || w->year_row)
			validate_cells(w, ws, row, 2, row, f);
		row++;
	}
	return row;
}

static int info_declared(struct bw *w, lxw_worksheet *ws, int row)
{
	const struct value *vals = data(w, "declared");
	for (size_t i = 0; i < w->p->nrules; i++) {
		const struct rule *r = &w->p->rules[i];
		if (r->kind != KIND_DECLARED || strcmp(r->tier, w->tier) != 0)
			continue;
		put_str(w, ws, row, 0, arena_printf(&w->a, "declared.%s", r->key), w->f.code);
		put_str(w, ws, row, 1, r->summary ? r->summary : r->id, w->f.label);
		put_value(w, ws, row, 2, value_get(vals, r->key), NULL);
		put_str(w, ws, row, 3, NULL, w->f.label);
		put_str(w, ws, row, 4, r->clause, w->f.note);
		const char *texts[] = {"", r->summary ? r->summary : r->id, r->clause};
		fit_row(w, ws, row, texts, info_widths, 3);
		validate_cells(w, ws, row, 2, row, NULL);
		row++;
	}
	return row;
}

/* Locked headers, open data cells; printed landscape on A4, one page
 * wide (clerks print the form to fill in by hand first). */
static void protect(struct bw *w, lxw_worksheet *ws)
{
	lxw_protection pr = {.insert_rows = 1, .delete_rows = 1, .format_columns = 1,
			     .format_rows = 1, .sort = 1, .autofilter = 1};
	(void)w;
	worksheet_protect(ws, NULL, &pr);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
}

static void write_info(struct bw *w)
{
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, BOOK_INFO);
	static const char *const head[] = {BOOK_CODE, BOOK_ITEM, BOOK_VALUE, BOOK_UNIT, BOOK_RULE};
	static const double width[] = {34, 34, 24, 8, 70};
	for (int c = 0; c < 5; c++) {
		put_str(w, ws, 0, c, head[c], w->f.head);
		note(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c],
					     c == 2 ? w->f.input : NULL));
	}
	worksheet_freeze_panes(ws, 1, 0);
	int row = 1;
	section(w, ws, row++, "场馆信息");
	row = info_fields(w, ws, row, schema_block(&w->p->schema, "venue"));
	section(w, ws, row++, "基本数据");
	row = info_fields(w, ws, row, schema_block(&w->p->schema, "facts"));
	section(w, ws, row++, "声明事项（是 或 否；不填为缺数据）");
	info_declared(w, ws, row);
	protect(w, ws);
}

/* ---- ledger and monthly sheets ---- */

static const char *type_words(struct bw *w, const struct field *f)
{
	static const char *const names[] = {"整数", "数字", "是/否", "文字",
					    "日期 YYYY-MM-DD", "选一项", "可多项，顿号或逗号分隔"};
	const char *s = arena_printf(&w->a, "%s（%s）：%s%s", book_header(f), f->name,
				     names[f->type], f->required ? "，必填" : "");
	if (f->has_min)
		s = arena_printf(&w->a, "%s，≥ %g", s, f->min);
	if (f->has_max)
		s = arena_printf(&w->a, "%s，≤ %g", s, f->max);
	for (size_t i = 0; i < f->nvalues; i++)
		s = arena_printf(&w->a, "%s%s%s", s, i ? "、" : "；可选：", schema_label(f, i));
	if (f->unit && (f->type == FT_INT || f->type == FT_NUMBER))
		s = arena_printf(&w->a, "%s；单位：%s", s, f->unit);
	return s;
}

static double col_width(const struct field *f)
{
	switch (f->type) {
	case FT_STRING:
		return 30;
	case FT_DATE:
		return 12;
	case FT_TAGS:
		return 22;
	default:
		return 12;
	}
}

static void ledger_columns(struct bw *w, lxw_worksheet *ws, const struct block *b,
			   int last)
{
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		lxw_col_t c = (lxw_col_t)i;
		note(w, worksheet_set_column(ws, c, c, col_width(f),
					     f->type == FT_DATE ? w->f.date : w->f.input));
		put_str(w, ws, 0, (int)i, book_header(f), w->f.head);
		note(w, worksheet_write_comment(ws, 0, c, type_words(w, f)));
		validate_cells(w, ws, 1, (int)i, last, f);
	}
}

static void write_ledger(struct bw *w, const struct block *b)
{
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, book_sheet_name(&w->a, b));
	const struct value *rows = data(w, b->name);
	size_t n = rows ? rows->n : 0;
	ledger_columns(w, ws, b, (int)n + LEDGER_ROWS);
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t r = 0; r < n; r++)
		for (size_t i = 0; i < b->nfields; i++) {
			const struct value *v = value_get(&rows->items[r], b->fields[i].name);
			/* An empty tag list is no tags: leave the cell blank. */
			if (v && !(v->type == V_LIST && v->n == 0))
				put_value(w, ws, (int)r + 1, (int)i, v, &b->fields[i]);
		}
	protect(w, ws);
}

static void write_monthly(struct bw *w, const struct block *b)
{
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, book_sheet_name(&w->a, b));
	const struct field *f = &b->fields[0];
	const struct value *vals = data(w, b->name);
	put_str(w, ws, 0, 0, BOOK_MONTH, w->f.head);
	put_str(w, ws, 0, 1, book_header(f), w->f.head);
	note(w, worksheet_write_comment(ws, 0, 1, type_words(w, f)));
	note(w, worksheet_set_column(ws, 1, 1, 24, w->f.input));
	for (int m = 1; m <= 12; m++) {
		note(w, worksheet_write_number(ws, (lxw_row_t)m, 0, m, w->f.code));
		char key[16];
		snprintf(key, sizeof key, "%d", m);
		put_value(w, ws, m, 1, value_get(vals, key), f);
	}
	validate_cells(w, ws, 1, 1, 12, f);
	worksheet_freeze_panes(ws, 1, 0);
	protect(w, ws);
}

/* ---- 说明 ---- */

/* The pack's example for the field, else one of its type. */
static const char *example(struct bw *w, const struct field *f)
{
	if (f->example)
		return f->example;
	switch (f->type) {
	case FT_INT:
		return "12";
	case FT_NUMBER:
		return "45.5";
	case FT_BOOL:
		return "是";
	case FT_DATE:
		return "2024-03-15";
	case FT_ENUM:
		return schema_label(f, 0);
	case FT_TAGS:
		return f->nvalues > 1 ? arena_printf(&w->a, "%s、%s", schema_label(f, 0),
						     schema_label(f, 1))
				      : schema_label(f, 0);
	default:
		return "（文字）";
	}
}

static const char *const help_text[] = {
	"本工作簿是场馆年度数据的填报表，填好后可直接用 venuecheck check 文件.xlsx 核查，结论与同样内容的 YAML 数据文件相同。",
	"基本信息：每行一项，在黄色的“填写”列填写；“代码”列请勿改动。声明事项填 是 或 否（也可填 √、×、有、无），不填视为缺数据。",
	"台账：每条记录一行，从第 2 行起填写；第 1 行为表头，请勿改动（工作表可改名或调整顺序，按表头识别）。空行不计。",
	"台账工作表整张删除表示“未提供该台账”（相关条款为缺数据）；保留而不填表示“没有”（计为 0）。",
	"日期写作 2024-03-15（或 2024/3/15、2024.3.15、2024年3月15日），须在本年度内。",
	"数量为不小于 0 的数：可写 50000、50,000 或 5万（1.5万 即 15000），也可带本列的单位，如参与人数填 300人；“约900”“300场”之类无法确定的写法会报错，不会被猜测。",
	"类型、对象等从下拉列表中选一项；标记可填多个，用顿号或逗号分隔，如 承办、送戏下村。也可填英文代码（如 performance），含义相同。各选项的含义和影响的条款见下表。",
	"豁免：经批准暂免考核的条款，每行一条（规则编号、理由、批准单位、截止日期）；没有则留空。",
	"下表列出各工作表的列、代码、类型和示例。示例只在本说明中，不会被计入。",
	"旧版 .xls、.et 或加密的工作簿无法读取：请另存为 .xlsx（Excel 工作簿）且不设密码。",
	NULL,
};

/* 说明's columns: 列, 类型与要求, 示例 (write_help). */
static const double help_widths[] = {24, 80, 24};

/* Whether e compares the field `field` with the text value: f == "v",
 * f != "v", "v" in f (tags), f in ["v", ...]. */
static bool names_field(const struct expr *e, const char *field)
{
	struct expr_parts p = expr_parts(e);
	return p.t == E_FIELD && !strcmp(p.name, field);
}

static bool is_text(const struct expr *e, const char *value)
{
	struct expr_parts p = expr_parts(e);
	return (p.t == E_STR && p.lit.type == V_STR && !strcmp(p.lit.u.str, value));
}

static bool compares(const struct expr *e, const char *field, const char *value)
{
	struct expr_parts p = expr_parts(e);
	if (p.t != E_EQ && p.t != E_NE && p.t != E_IN)
		return false;
	if ((names_field(p.a, field) && is_text(p.b, value)) ||
	    (names_field(p.b, field) && is_text(p.a, value)))
		return true;
	struct expr_parts l = expr_parts(p.b);
	for (size_t i = 0; p.t == E_IN && l.t == E_LIST && i < l.nlist; i++)
		if (names_field(p.a, field) && is_text(l.list[i], value))
			return true;
	return false;
}

static bool uses_value(const struct expr *e, const char *field, const char *value)
{
	if (!e)
		return false;
	if (compares(e, field, value))
		return true;
	struct expr_parts p = expr_parts(e);
	for (size_t i = 0; i < p.nlist; i++)
		if (uses_value(p.list[i], field, value))
			return true;
	return uses_value(p.a, field, value) || uses_value(p.b, field, value) ||
	       uses_value(p.c, field, value);
}

/* The tier's rules whose compiled checks test block.field against value
 * (a `where` filter that counts or leaves out the entries that have it):
 * "town.activity.hosted（承办总馆、党委政府活动）", one a line. */
static const char *rules_using(struct bw *w, const struct block *b,
			       const struct field *f, const char *value)
{
	const char *s = "";
	for (size_t i = 0; i < w->p->nrules; i++) {
		const struct rule *r = &w->p->rules[i];
		if (strcmp(r->tier, w->tier) != 0 || !pack_rule_reads(r, b->name, f->name))
			continue;
		bool used = false;
		for (size_t c = 0; c < r->nchecks && !used; c++) {
			const struct comparison *k = &r->checks[c];
			used = uses_value(k->applies, f->name, value) ||
			       uses_value(k->measure, f->name, value) ||
			       uses_value(k->threshold, f->name, value);
		}
		if (used)
			s = arena_printf(&w->a, "%s%s%s（%s）", s, *s ? "\n" : "", r->id,
					 r->summary ? r->summary : r->clause);
	}
	return s;
}

static int help_row(struct bw *w, lxw_worksheet *ws, int row, const char *a,
		    const char *b, const char *c)
{
	put_str(w, ws, row, 0, a, w->f.label);
	put_str(w, ws, row, 1, b, w->f.note);
	put_str(w, ws, row, 2, c, w->f.label);
	const char *texts[] = {a, b, c};
	fit_row(w, ws, row, texts, help_widths, 3);
	return row + 1;
}

/* Each value of an enum or tags field: its label, code, meaning and the
 * clauses it feeds, so a clerk sees what choosing it changes. */
static int help_values(struct bw *w, lxw_worksheet *ws, int row,
		       const struct block *b, const struct field *f)
{
	for (size_t i = 0; i < f->nvalues; i++) {
		const char *uses = rules_using(w, b, f, f->values[i]);
		const char *means = f->notes && f->notes[i] ? f->notes[i] : "";
		const char *text = arena_printf(&w->a, "代码 %s%s%s\n%s%s", f->values[i],
						*means ? "：" : "", means,
						*uses ? "影响的条款：\n" : "本层级无条款按此项区分",
						uses);
		row = help_row(w, ws, row, arena_printf(&w->a, "　%s", schema_label(f, i)),
			       text, NULL);
	}
	return row;
}

static int help_block(struct bw *w, lxw_worksheet *ws, int row,
		      const struct block *b)
{
	put_str(w, ws, row++, 0, book_sheet_name(&w->a, b), w->f.section);
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		row = help_row(w, ws, row, book_header(f), type_words(w, f), example(w, f));
		if (f->type == FT_ENUM || f->type == FT_TAGS)
			row = help_values(w, ws, row, b, f);
	}
	return row + 1;
}

/* A line of the instructions across the three columns, wrapped. */
static void help_line(struct bw *w, lxw_worksheet *ws, int row, const char *text,
		      lxw_format *f)
{
	note(w, worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 2,
				      escape_text(w, text), f));
	const char *texts[] = {text};
	double width = help_widths[0] + help_widths[1] + help_widths[2];
	fit_row(w, ws, row, texts, &width, 1);
}

static void write_help(struct bw *w)
{
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, BOOK_HELP);
	for (lxw_col_t c = 0; c < 3; c++)
		note(w, worksheet_set_column(ws, c, c, help_widths[c], NULL));
	int row = 0;
	help_line(w, ws, row++, arena_printf(&w->a, "%s · %s 数据填报表", w->p->title,
					     pack_tier(w->p, w->tier)->label), w->f.section);
	for (size_t i = 0; help_text[i]; i++)
		help_line(w, ws, row++, help_text[i], w->f.note);
	row++;
	put_str(w, ws, row, 0, "列", w->f.head);
	put_str(w, ws, row, 1, "类型与要求", w->f.head);
	put_str(w, ws, row++, 2, "示例（不计入）", w->f.head);
	for (size_t i = 0; i < w->p->schema.nblocks; i++) {
		const struct block *b = &w->p->schema.blocks[i];
		if ((b->shape == SHAPE_LEDGER || b->shape == SHAPE_MONTHLY) && has_sheet(w, b))
			row = help_block(w, ws, row, b);
	}
	protect(w, ws);
}

/* The venue's own waivers (a template's sheet is empty): the one sheet
 * not from the pack's data format. */
static void write_waivers(struct bw *w)
{
	if (w->v && !w->v->nwaivers)
		return;
	const struct block *b = book_waiver_block(&w->a);
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, BOOK_WAIVERS);
	static const double width[] = {36, 50, 30, 12};
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		lxw_col_t c = (lxw_col_t)i;
		note(w, worksheet_set_column(ws, c, c, width[i],
					     f->type == FT_DATE ? w->f.date : w->f.input));
		put_str(w, ws, 0, (int)i, book_header(f), w->f.head);
		note(w, worksheet_write_comment(ws, 0, c, type_words(w, f)));
	}
	for (size_t r = 0; w->v && r < w->v->nwaivers; r++) {
		const struct waiver *x = &w->v->waivers[r];
		struct value date = {.type = V_DATE, .u.date = x->expires};
		put_str(w, ws, (int)r + 1, 0, x->rule, w->f.input);
		put_str(w, ws, (int)r + 1, 1, x->reason, w->f.input);
		put_str(w, ws, (int)r + 1, 2, x->approver, w->f.input);
		put_value(w, ws, (int)r + 1, 3, &date, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	protect(w, ws);
}

static void write_all(struct bw *w)
{
	make_formats(w);
	write_info(w);
	for (size_t i = 0; i < w->p->schema.nblocks; i++) {
		const struct block *b = &w->p->schema.blocks[i];
		if (!has_sheet(w, b))
			continue;
		if (b->shape == SHAPE_LEDGER)
			write_ledger(w, b);
		else if (b->shape == SHAPE_MONTHLY)
			write_monthly(w, b);
	}
	write_waivers(w);
	write_help(w);
}

bool bookwrite(const struct pack *p, const char *tier, int year,
	       const struct venue *v, const char *path, struct diags *d)
{
	struct bw w = {.p = p, .tier = v ? v->tier : tier, .root = v ? v->root : NULL,
		       .v = v, .year = year};
	if (!pack_tier(p, w.tier)) {
		diag_addm(d, DM_UNKNOWN_TIER_WB, DIAG_ERROR, path, 0, 0, w.tier);
		return false;
	}
	struct outfile o;
	if (!outfile_open(&o, path, false, d))
		return false;
	w.wb = workbook_new(o.tmp);
	if (!w.wb) {
		diag_addm(d, DM_WB_CREATE, DIAG_ERROR, path, 0, 0);
		outfile_abort(&o);
		return false;
	}
	arena_init(&w.a);
	write_all(&w);
	errno = 0;
	lxw_error e = workbook_close(w.wb);
	int sys = errno; /* the system's reason for a failed save (ENOSPC) */
	note(&w, e);
	arena_free(&w.a);
	if (w.err != LXW_NO_ERROR) {
		bool saving = e != LXW_NO_ERROR && e == w.err && sys;
		if (saving)
			diag_addm(d, DM_WB_WRITE_SAVING, DIAG_ERROR, path, 0, 0,
				  diag_errno(sys), lxw_strerror(w.err));
		else
			diag_addm(d, DM_WB_WRITE, DIAG_ERROR, path, 0, 0,
				  lxw_strerror(w.err));
		outfile_abort(&o);
		return false;
	}
	return outfile_commit(&o, d);
}
