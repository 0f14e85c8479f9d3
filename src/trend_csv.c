/* trend_csv.c - the trend's long form: one row per venue x rule x year
 * (a year the venue had no file, or whose pack lacked the rule, is a row
 * too, verdict 无文件 / 无此规则, so a pivot table shows the gap instead of a
 * pass), RFC 4180 as the check report's CSV (report_csv.c): CRLF, quoted
 * fields, a byte-order mark by default, and text from a data file or a
 * pack guarded against formula injection unless raw. */
#include "trend_out.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "value.h"

enum cell { RAW, TEXT };

struct csv {
	FILE *f;
	bool raw;
	struct arena scratch;
};

static void cell(struct csv *c, const char *s, enum cell kind, bool last)
{
	if (!s)
		s = "";
	s = utf8_text_in(&c->scratch, s);
	bool guard = kind == TEXT && !c->raw && *s && strchr("=+-@\t\r", *s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', c->f);
	if (guard)
		fputc('\'', c->f);
	for (; *s; s++) {
		if (quote && *s == '"')
			fputc('"', c->f);
		fputc(*s, c->f);
	}
	if (quote)
		fputc('"', c->f);
	fputs(last ? "\r\n" : ",", c->f);
}

static const char *measured(struct csv *c, const struct trend_cell *x)
{
	char buf[32];
	if (!x || x->kind == TREND_NONE)
		return "";
	if (x->kind == TREND_BOOL)
		return x->measured ? "true" : "false";
	return arena_strdup(&c->scratch, value_num_text(buf, sizeof buf, x->measured));
}

static void row(struct csv *c, const struct trend *t, size_t i, size_t y, size_t r)
{
	const struct trend_venue *v = &t->venues[i];
	const struct trend_venue_year *vy = &v->y[y];
	const struct trend_cell *x = trend_cell(t, i, y, r);
	char year[16];
	snprintf(year, sizeof year, "%ld", t->years[y].year);
	cell(c, year, RAW, false);
	cell(c, v->id, TEXT, false);
	cell(c, vy->present ? vy->name : "", TEXT, false);
	cell(c, vy->present ? vy->tier : "", TEXT, false);
	cell(c, vy->present ? vy->parent : "", TEXT, false);
	cell(c, t->rules[r].id, TEXT, false);
	const char *word = !vy->present ? (t->lang == LANG_EN ? "NO FILE" : "无文件")
			 : trend_verdict_word(t, x ? x->verdict : TREND_ABSENT);
	cell(c, word, RAW, false);
	cell(c, measured(c, x), RAW, false);
	cell(c, x ? x->required : "", TEXT, false);
	cell(c, v->tier_changed ? "tier" : v->parent_changed ? "parent" : "", RAW, true);
}

/* The rules a venue has in any year, each once, in rule order. */
static bool venue_has(const struct trend *t, size_t i, size_t r)
{
	for (size_t y = 0; y < t->nyears; y++)
		if (trend_cell(t, i, y, r))
			return true;
	return false;
}

void trend_csv(FILE *f, const struct trend *t, bool bom, bool raw)
{
	struct csv c = {.f = f, .raw = raw};
	arena_init(&c.scratch);
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	fputs(t->lang == LANG_EN
		? "year,venue_id,venue,tier,parent,rule,verdict,measured,required,changed\r\n"
		: "年度,场馆编号,场馆,层级,上级,规则,结果,实测,要求,有变化\r\n", f);
	for (size_t i = 0; i < t->nvenues; i++)
		for (size_t r = 0; r < t->nrules; r++) {
			if (!venue_has(t, i, r))
				continue;
			for (size_t y = 0; y < t->nyears; y++)
				if (!t->years[y].empty)
					row(&c, t, i, y, r);
			arena_reset(&c.scratch);
		}
	arena_free(&c.scratch);
}
