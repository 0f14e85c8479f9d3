/* trend_text.c - the trend for reading in a terminal.  Every name, id and
 * path goes through utf8_printf / utf8_put (control characters escaped),
 * as in the check report (report_text.c). */
#include "trend_out.h"

#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "utf8.h"

#define TR(t, zh, en) ((t)->lang == LANG_EN ? (en) : (zh))
#define NONE ((size_t)-1)

const char *trend_verdict_word(const struct trend *t, unsigned char v)
{
	if (v >= TREND_ABSENT)
		return TR(t, "无此规则", "NO RULE");
	return label_verdict((enum verdict)v, t->lang);
}

int trend_percent(const struct trend_rate *r)
{
	if (r->venues == 0)
		return -1;
	return (int)((200 * r->passing + r->venues) / (2 * r->venues));
}

static void pad(FILE *f, const char *s, size_t width)
{
	for (size_t w = utf8_put(f, s); w < width; w++)
		fputc(' ', f);
}

static void year_line(FILE *f, const struct trend *t, size_t yi)
{
	const struct trend_year *y = &t->years[yi];
	if (y->empty) {
		utf8_printf(f, TR(t, "  %ld 年：没有场馆文件%s%s，不计入趋势\n",
				  "  %ld: no venue files%s%s, not part of the trend\n"),
			    y->year, y->source ? TR(t, "：", ": ") : "", y->source ? y->source : "");
		return;
	}
	size_t failing = 0;
	for (size_t i = 0; i < t->nvenues; i++)
		failing += t->venues[i].y[yi].present && !t->venues[i].y[yi].passing;
	utf8_printf(f, TR(t, "  %ld 年：场馆 %zu 个，未全部通过 %zu 个，无效文件 %zu 个；规则包 %s\n",
			  "  %ld: %zu venue(s), %zu not passing, %zu invalid file(s); pack %s\n"),
		    y->year, y->venues, failing, y->invalid, y->pack);
}

/* "3/5 60%" in a column; "—" for a year without such venues. */
static void rate_cell(FILE *f, const struct trend_rate *r, bool last)
{
	char buf[48];
	int pc = trend_percent(r);
	if (pc < 0)
		snprintf(buf, sizeof buf, "—");
	else
		snprintf(buf, sizeof buf, "%zu/%zu %d%%", r->passing, r->venues, pc);
	pad(f, buf, last ? 0 : 14);
}

static void rates_table(FILE *f, const struct trend *t,
			const struct trend_rate *(*at)(const void *, size_t, size_t),
			const void *ctx)
{
	size_t w = utf8_width(TR(t, "层级", "tier"));
	for (size_t ti = 0; ti < t->ntiers; ti++)
		w = utf8_width(t->tier_names[ti]) > w ? utf8_width(t->tier_names[ti]) : w;
	pad(f, TR(t, "  层级", "  tier"), w + 4);
	size_t last = trend_latest(t);
	for (size_t y = 0; y < t->nyears; y++) {
		char buf[32];
		if (t->years[y].empty)
			continue; /* said in the years' list above */
		snprintf(buf, sizeof buf, TR(t, "%ld 年", "%ld"), t->years[y].year);
		pad(f, buf, y < last ? 14 : 0);
	}
	fputc('\n', f);
	for (size_t ti = 0; ti < t->ntiers; ti++) {
		bool any = false;
		for (size_t y = 0; y < t->nyears; y++)
			any = any || at(ctx, y, ti)->venues > 0;
		if (!any)
			continue;
		fputs("  ", f);
		pad(f, t->tier_names[ti], w + 2);
		for (size_t y = 0; y < t->nyears; y++)
			if (!t->years[y].empty)
				rate_cell(f, at(ctx, y, ti), y == last);
		fputc('\n', f);
	}
}

static const struct trend_rate *group_rate(const void *ctx, size_t y, size_t ti)
{
	return &((const struct trend_group *)ctx)->rates[y * TREND_TIERS + ti];
}

static bool in_group(const struct trend_venue_year *y, size_t g)
{
	for (size_t k = 0; k < y->ngroups; k++)
		if (y->groups[k] == g)
			return true;
	return false;
}

/* The previous year with files before b, or NONE. */
static size_t prev_year(const struct trend *t, size_t b)
{
	while (b-- > 0)
		if (!t->years[b].empty)
			return b;
	return NONE;
}

static void cell_text(FILE *f, const struct trend *t, const struct trend_cell *c)
{
	utf8_printf(f, "%s", trend_verdict_word(t, c ? c->verdict : TREND_ABSENT));
	if (c && c->shown)
		utf8_printf(f, " %s", c->shown);
}

/* Under group g: each venue and rule that passed in the year before and
 * fails now, with both values and the requirement. */
static void worse_in_group(FILE *f, const struct trend *t, size_t g)
{
	bool any = false;
	for (size_t b = 0; b < t->nyears; b++) {
		size_t a = prev_year(t, b);
		for (size_t i = 0; a != NONE && i < t->nvenues; i++) {
			const struct trend_venue_year *y = &t->venues[i].y[b];
			if (!y->present || !in_group(y, g))
				continue;
			for (size_t r = 0; r < t->nrules; r++) {
				if (!trend_worse(t, i, a, b, r))
					continue;
				if (!any)
					fputs(TR(t, "  变差的条款：\n", "  clauses that got worse:\n"), f);
				any = true;
				const struct trend_cell *now = trend_cell(t, i, b, r);
				utf8_printf(f, TR(t, "    %ld→%ld 年  %s（%s）  %s %s：",
						  "    %ld→%ld  %s (%s)  %s %s: "),
					    t->years[a].year, t->years[b].year, y->name,
					    t->venues[i].id, t->rules[r].id, t->rules[r].title);
				cell_text(f, t, trend_cell(t, i, a, r));
				fputs(" → ", f);
				cell_text(f, t, now);
				if (now->required)
					utf8_printf(f, TR(t, "（要求 %s）", " (required %s)"), now->required);
				fputc('\n', f);
			}
		}
	}
	if (!any)
		fputs(TR(t, "  没有变差的条款\n", "  no clause got worse\n"), f);
}

static void groups(FILE *f, const struct trend *t)
{
	for (size_t g = 0; g < t->ngroups; g++) {
		const struct trend_group *gr = &t->groups[g];
		size_t ti = trend_tier_index(t, gr->tier);
		utf8_printf(f, TR(t, "\n%s（%s）· %s：各层级达标率（无未通过、无缺数据的场馆）\n",
				  "\n%s (%s) · %s: pass rate by tier (venues with no failure and no missing data)\n"),
			    gr->name, gr->id, ti == NONE ? gr->tier : t->tier_names[ti]);
		rates_table(f, t, group_rate, gr);
		worse_in_group(f, t, g);
	}
}

static const char *tier_name(const struct trend *t, const char *tier)
{
	size_t ti = trend_tier_index(t, tier);
	return ti == NONE ? tier : t->tier_names[ti];
}

/* One venue's changes: each pair of years with files in which its tier
 * or parent differs. */
static void venue_changes(FILE *f, const struct trend *t, const struct trend_venue *v)
{
	const struct trend_venue_year *last = NULL;
	long last_year = 0;
	for (size_t y = 0; y < t->nyears; y++) {
		const struct trend_venue_year *now = &v->y[y];
		if (!now->present)
			continue;
		if (last && strcmp(last->tier, now->tier) != 0)
			utf8_printf(f, TR(t, "    %ld→%ld 年：层级 %s → %s\n", "    %ld→%ld: tier %s → %s\n"),
				    last_year, t->years[y].year, tier_name(t, last->tier),
				    tier_name(t, now->tier));
		if (last && (last->parent == NULL) != (now->parent == NULL))
			utf8_printf(f, TR(t, "    %ld→%ld 年：上级 %s → %s\n", "    %ld→%ld: parent %s → %s\n"),
				    last_year, t->years[y].year, last->parent ? last->parent : "—",
				    now->parent ? now->parent : "—");
		else if (last && last->parent && strcmp(last->parent, now->parent) != 0)
			utf8_printf(f, TR(t, "    %ld→%ld 年：上级 %s → %s\n", "    %ld→%ld: parent %s → %s\n"),
				    last_year, t->years[y].year, last->parent, now->parent);
		last = now;
		last_year = t->years[y].year;
	}
}

static void changes(FILE *f, const struct trend *t)
{
	bool any = false;
	for (size_t i = 0; i < t->nvenues; i++) {
		const struct trend_venue *v = &t->venues[i];
		if (!v->tier_changed && !v->parent_changed)
			continue;
		if (!any)
			fputs(TR(t, "\n层级或上级有变化的场馆（各年按当年的层级和上级统计）：\n",
				 "\nvenues whose tier or parent changed (each year counts them as they were then):\n"), f);
		any = true;
		const char *name = NULL;
		for (size_t y = 0; y < t->nyears; y++)
			name = v->y[y].present ? v->y[y].name : name;
		utf8_printf(f, TR(t, "  %s（%s）\n", "  %s (%s)\n"), name, v->id);
		venue_changes(f, t, v);
	}
}

static void rule_list(FILE *f, const struct trend *t, const size_t *r, size_t n)
{
	for (size_t k = 0; k < n; k++)
		utf8_printf(f, "%s%s", k ? TR(t, "、", ", ") : "", t->rules[r[k]].id);
}

/* Rules in one year's pack and not the previous year's: named, and their
 * cells read "无此规则", never a pass or a failure. */
static void packs(FILE *f, const struct trend *t)
{
	size_t *only = malloc((t->nrules + 1) * sizeof *only);
	bool any = false;
	for (size_t b = 0; b < t->nyears; b++) {
		size_t a = prev_year(t, b);
		if (a == NONE || t->years[b].empty)
			continue;
		size_t nadd = trend_rules_only_in(t, b, a, only);
		size_t ngone = 0;
		for (size_t r = 0; r < t->nrules; r++)
			ngone += t->rules[r].in_year[a] && !t->rules[r].in_year[b];
		if (!nadd && !ngone && strcmp(t->years[a].pack, t->years[b].pack) == 0)
			continue;
		if (!any)
			fputs(TR(t, "\n规则包有变化（只在一年里有的规则不计通过或未通过）：\n",
				 "\npacks changed (a rule in one year only counts neither way):\n"), f);
		any = true;
		utf8_printf(f, TR(t, "  %ld→%ld 年：%s → %s；新增 %zu 条", "  %ld→%ld: %s → %s; %zu added"),
			    t->years[a].year, t->years[b].year, t->years[a].pack, t->years[b].pack, nadd);
		if (nadd) {
			fputs(TR(t, "（", " ("), f);
			rule_list(f, t, only, nadd);
			fputs(TR(t, "）", ")"), f);
		}
		utf8_printf(f, TR(t, "，去掉 %zu 条", ", %zu removed"), ngone);
		if (ngone) {
			size_t n = trend_rules_only_in(t, a, b, only);
			fputs(TR(t, "（", " ("), f);
			rule_list(f, t, only, n);
			fputs(TR(t, "）", ")"), f);
		}
		fputc('\n', f);
	}
	free(only);
}

/* Whether the rule passed (or did not apply) in every year it was in. */
static bool always_ok(const struct trend *t, size_t i, size_t r)
{
	for (size_t y = 0; y < t->nyears; y++) {
		const struct trend_cell *c = trend_cell(t, i, y, r);
		if (c && c->verdict != VERDICT_PASS && c->verdict != VERDICT_NA)
			return false;
	}
	return true;
}

static void venue_rows(FILE *f, const struct trend *t, size_t i, bool *head)
{
	const struct trend_venue *v = &t->venues[i];
	bool named = false;
	for (size_t r = 0; r < t->nrules; r++) {
		if (always_ok(t, i, r))
			continue;
		if (!*head)
			fputs(TR(t, "\n各场馆未能每年通过的条款（按年度）：\n",
				 "\neach venue's clauses that did not pass every year (by year):\n"), f);
		*head = true;
		if (!named) {
			const char *name = NULL;
			for (size_t y = 0; y < t->nyears; y++)
				name = v->y[y].present ? v->y[y].name : name;
			utf8_printf(f, TR(t, "  %s（%s）\n", "  %s (%s)\n"), name, v->id);
		}
		named = true;
		fputs("    ", f);
		pad(f, t->rules[r].id, 40);
		for (size_t y = 0; y < t->nyears; y++) {
			if (t->years[y].empty)
				continue;
			utf8_printf(f, TR(t, "%s%ld 年 ", "%s%ld "), y ? "  " : "", t->years[y].year);
			if (!v->y[y].present)
				fputs(TR(t, "无文件", "no file"), f);
			else
				cell_text(f, t, trend_cell(t, i, y, r));
		}
		fputc('\n', f);
	}
}

static const struct trend_rate *all_rate(const void *ctx, size_t y, size_t ti)
{
	return &((const struct trend *)ctx)->years[y].rates[ti];
}

void trend_text(FILE *f, const struct trend *t)
{
	fputs(TR(t, "venuecheck 趋势：每个年度单独检查\n", "venuecheck trend: each year checked on its own\n"), f);
	for (size_t y = 0; y < t->nyears; y++)
		year_line(f, t, y);
	fputs(TR(t, "\n全部场馆：各层级达标率\n", "\nall venues: pass rate by tier\n"), f);
	rates_table(f, t, all_rate, t);
	groups(f, t);
	changes(f, t);
	packs(f, t);
	bool head = false;
	for (size_t i = 0; i < t->nvenues; i++)
		venue_rows(f, t, i, &head);
}
