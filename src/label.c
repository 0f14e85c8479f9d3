/* label.c - report wording in two languages. */
#include "label.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "waiver.h"

const char *label_verdict(enum verdict v, enum lang l)
{
	static const char *const zh[] = {"通过", "未通过", "缺数据", "不适用",
					 "待批量核查", "豁免"};
	static const char *const en[] = {"PASS", "FAIL", "MISSING", "N/A",
					 "NEEDS BATCH", "WAIVED"};
	return l == LANG_EN ? en[v] : zh[v];
}

const char *label_standard(const struct pack *p, enum lang l, struct arena *a)
{
	const char *title = l == LANG_EN && p->title_en ? p->title_en : p->title;
	if (!p->base)
		return title;
	if (l == LANG_EN)
		return arena_printf(a, "%s (%s, extends %s)", title, p->id, p->base->id);
	return arena_printf(a, "%s（%s，扩展自 %s）", title, p->id, p->base->id);
}

const char *label_tier(const struct pack *p, const char *tier, enum lang l)
{
	const struct tier *t = pack_tier(p, tier);
	if (!t)
		return tier;
	if (l == LANG_EN)
		return t->name_en ? t->name_en : t->id;
	return t->name;
}

const char *label_category(const struct pack *p, const char *cat, enum lang l)
{
	const struct category *c = pack_category(p, cat);
	if (l == LANG_EN && c && c->name_en)
		return c->name_en;
	return cat;
}

const char *label_rule(const struct rule *r, enum lang l)
{
	return l == LANG_EN ? r->title : r->summary;
}

const char *label_check(const struct result *r, enum lang l)
{
	if (!r->check || r->rule->nchecks < 2)
		return NULL;
	if (l == LANG_EN && r->check->label_en)
		return r->check->label_en;
	return r->check->label;
}

const char *label_number(double x, struct arena *a)
{
	if (x == floor(x) && fabs(x) < 1e15) {
		/* Whole numbers are most of a report: no printf for them. */
		char buf[24], *p = buf + sizeof buf;
		long long v = (long long)fabs(x);
		*--p = '\0';
		do
			*--p = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		if (x < 0)
			*--p = '-';
		return arena_strdup(a, p);
	}
	char *s = arena_printf(a, "%.2f", x);
	char *e = s + strlen(s) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	return s;
}

static const char *unit_of(const struct comparison *c, enum lang l)
{
	if (!c)
		return "";
	const char *u = l == LANG_EN && c->unit_en ? c->unit_en : c->unit;
	return u ? u : "";
}

/* A quantity with its unit; percentages as 75% (one decimal at most). */
static const char *quantity(const struct comparison *c, double x, enum lang l,
			    struct arena *a)
{
	if (c && c->percent)
		return arena_printf(a, "%s%%", label_number(round(x * 1000) / 10, a));
	const char *u = unit_of(c, l);
	return *u ? arena_concat(a, label_number(x, a), " ", u, (char *)NULL)
		  : label_number(x, a);
}

const char *label_measured(const struct result *r, enum lang l,
			   struct arena *a)
{
	if (!r->has_measured)
		return NULL;
	if (r->measured.type == V_BOOL) {
		if (l == LANG_EN)
			return r->measured.u.b ? "yes" : "no";
		return r->measured.u.b ? "是" : "否";
	}
	return quantity(r->check, r->measured.u.num, l, a);
}

const char *label_required(const struct result *r, enum lang l,
			   struct arena *a)
{
	if (!r->has_required)
		return NULL;
	/* A scored item measures its points, against its 分值. */
	if (r->rule->points && r->check->measure == r->rule->points)
		return arena_printf(a, l == LANG_EN ? "out of %s points" : "满分 %s 分",
				    label_number(r->rule->max_points, a));
	return arena_concat(a, pack_op_text(r->check->op), " ",
			    quantity(r->check, r->required, l, a), (char *)NULL);
}

static const char *gap_text(const struct result *r, enum lang l,
			    struct arena *a)
{
	const struct comparison *c = r->check;
	bool over = c->op == OP_LE || c->op == OP_LT;
	if (c->percent) {
		const char *pts = label_number(round(r->gap * 1000) / 10, a);
		if (l == LANG_EN)
			return arena_printf(a, "%s by %s percentage points",
					    over ? "over" : "short", pts);
		return arena_printf(a, "%s %s 个百分点", over ? "超出" : "差", pts);
	}
	const char *q = quantity(c, r->gap, l, a);
	if (l == LANG_EN)
		return arena_printf(a, "%s by %s", over ? "over" : "short", q);
	return arena_printf(a, "%s %s", over ? "超出" : "差", q);
}

const char *label_waiver(const struct result *r, enum lang l, struct arena *a)
{
	const struct waiver *w = r->waiver;
	if (!w)
		return NULL;
	if (l == LANG_EN)
		return arena_printf(a, "waived: %s (approved by %s, until %s)",
				    w->reason, w->approver, w->expires_text);
	return arena_printf(a, "豁免：%s（批准：%s，有效期至 %s）", w->reason,
			    w->approver, w->expires_text);
}

/* What a waived rule fell short by, then its waiver. */
static const char *waived_gap(const struct result *r, enum lang l,
			      struct arena *a)
{
	struct result was = *r;
	was.verdict = r->waived;
	const char *gap = label_gap(&was, l, a);
	const char *w = label_waiver(r, l, a);
	if (!gap)
		return w;
	return arena_printf(a, "%s%s%s", gap, l == LANG_EN ? "; " : "；", w);
}

const char *label_why(const struct result *r, enum lang l)
{
	return l == LANG_ZH && r->why_zh ? r->why_zh : r->why;
}

const char *label_gap(const struct result *r, enum lang l, struct arena *a)
{
	switch (r->verdict) {
	case VERDICT_WAIVED:
		return waived_gap(r, l, a);
	case VERDICT_FAIL:
		/* A declared "no" says it all; numbers get their gap. */
		return r->has_required ? gap_text(r, l, a) : NULL;
	case VERDICT_MISSING:
		return arena_printf(a, "%s%s", l == LANG_EN ? "missing: " : "缺少数据：",
				    label_why(r, l) ? label_why(r, l) : "?");
	case VERDICT_NA:
		return r->why ? arena_printf(a, "%s%s",
			l == LANG_EN ? "not applicable: " : "不适用：", label_why(r, l)) : NULL;
	default:
		return NULL;
	}
}

const char *label_required_text(const struct result *r, enum lang l,
				struct arena *a)
{
	if (r->rule->kind == KIND_DECLARED)
		return pack_requirement(r->rule, l == LANG_EN, a);
	return label_required(r, l, a);
}

const char *label_outcome(const struct result *r, enum lang l, struct arena *a)
{
	const char *measured = label_measured(r, l, a);
	const char *required = measured ? label_required(r, l, a) : NULL;
	const char *gap = label_gap(r, l, a);
	if (!measured && !gap)
		return NULL;
	return arena_concat(a, measured ? measured : "",
			    required ? (l == LANG_EN ? " (required " : "（要求 ") : "",
			    required ? required : "",
			    required ? (l == LANG_EN ? ")" : "）") : "",
			    gap && measured ? (l == LANG_EN ? ", " : "，") : "",
			    gap ? gap : "", (char *)NULL);
}

/* ---- lines every report of a venue or a batch shows ---- */

const char *label_venue(const struct pack *p, const struct venue *v,
			enum lang l, struct arena *a)
{
	if (l == LANG_EN)
		return arena_printf(a, "%s (%s) · %s · %d", v->name, v->id,
				    label_tier(p, v->tier, l), v->year);
	return arena_printf(a, "%s（%s）· %s · %d 年", v->name, v->id,
			    label_tier(p, v->tier, l), v->year);
}

const char *label_tally(const struct check_report *rep, enum lang l,
			struct arena *a)
{
	const size_t *c = rep->counts;
	const char *s = l == LANG_EN
		? arena_printf(a, "%zu rules: %zu passed, %zu failed, %zu missing data, "
			"%zu not applicable, %zu need batch", rep->n, c[VERDICT_PASS],
			c[VERDICT_FAIL], c[VERDICT_MISSING], c[VERDICT_NA], c[VERDICT_BATCH])
		: arena_printf(a, "共 %zu 条：通过 %zu，未通过 %zu，缺数据 %zu，"
			"不适用 %zu，待批量核查 %zu", rep->n, c[VERDICT_PASS],
			c[VERDICT_FAIL], c[VERDICT_MISSING], c[VERDICT_NA], c[VERDICT_BATCH]);
	/* Only runs with waivers have waived rules; others keep their line. */
	if (c[VERDICT_WAIVED])
		s = arena_printf(a, l == LANG_EN ? "%s, %zu waived" : "%s，豁免 %zu", s,
				 c[VERDICT_WAIVED]);
	return s;
}

const char *label_total(size_t venues, size_t failing, size_t invalid,
			enum lang l, struct arena *a)
{
	if (l == LANG_EN)
		return arena_printf(a, "Checked %zu venue(s): %zu passed, %zu did not "
			"pass; %zu invalid file(s).", venues, venues - failing, failing,
			invalid);
	return arena_printf(a, "共检查 %zu 个场馆：全部通过 %zu 个，未全部通过 %zu 个；"
		"无效文件 %zu 个。", venues, venues - failing, failing, invalid);
}

const char *label_validated(size_t valid, size_t invalid, enum lang l,
			    struct arena *a)
{
	return arena_printf(a, l == LANG_EN ? "validate: %zu file(s): %zu valid, %zu invalid"
					    : "校验 %zu 个文件：有效 %zu 个，无效 %zu 个",
			    valid + invalid, valid, invalid);
}

enum verdict label_overall(const struct check_report *rep)
{
	if (rep->counts[VERDICT_FAIL] || rep->counts[VERDICT_MISSING])
		return VERDICT_FAIL;
	return rep->counts[VERDICT_WAIVED] ? VERDICT_WAIVED : VERDICT_PASS;
}

const char *label_rollup(const struct venue *top, enum lang l, struct arena *a)
{
	return arena_printf(a, l == LANG_EN ? "Roll-up: %s (%s) and the venues under it"
					    : "汇总：%s（%s）及所辖场馆", top->name, top->id);
}

const char *label_rate(size_t passed, size_t checked, struct arena *a)
{
	double r = checked ? 100.0 * (double)passed / (double)checked : 100.0;
	return arena_printf(a, "%.1f%%", r);
}
