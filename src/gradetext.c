/* gradetext.c - the words of a graded venue's report (see gradetext.h).
 * Everything here is read from the pack (grade names, units) and the
 * results; nothing knows a standard. */
#include "gradetext.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *gradetext_name(const struct pack *p, int g, enum lang l)
{
	return pack_grade_name(p, g, l == LANG_EN);
}

const char *gradetext_number(double x, int digits, struct arena *a)
{
	double r = round(x * 100) / 100;
	bool trim = digits < 2; /* "0.90" as 0.9 unless two were asked for */
	if (r != floor(r))
		digits = 2;
	char buf[64];
	snprintf(buf, sizeof buf, "%.*f", digits, fabs(r));
	char *dot = strchr(buf, '.');
	size_t whole = dot ? (size_t)(dot - buf) : strlen(buf);
	char out[96];
	size_t n = 0;
	if (r < 0)
		out[n++] = '-';
	for (size_t i = 0; i < whole; i++) {
		if (i && (whole - i) % 3 == 0)
			out[n++] = ',';
		out[n++] = buf[i];
	}
	if (dot) {
		size_t len = strlen(dot);
		while (trim && len > 1 && dot[len - 1] == '0')
			len--;
		if (len > 1) {
			memcpy(out + n, dot, len);
			n += len;
		}
	}
	out[n] = '\0';
	return arena_strdup(a, out);
}

static const char *unit_of(const struct comparison *c, enum lang l)
{
	const char *u = c && l == LANG_EN && c->unit_en ? c->unit_en
			: c ? c->unit : NULL;
	return u ? u : "";
}

static const char *quantity(const struct comparison *c, double x, int digits,
			    enum lang l, struct arena *a)
{
	if (c && c->percent)
		return arena_printf(a, "%s%%", gradetext_number(x * 100, 0, a));
	const char *u = unit_of(c, l);
	return arena_printf(a, "%s%s%s", gradetext_number(x, digits, a),
			    *u ? " " : "", u);
}

/* "约 40 万元" / "about 400,000 yuan": the gap in another quantity. */
static const char *scaled(const struct comparison *c, double x, enum lang l,
			  struct arena *a)
{
	const char *u = l == LANG_EN && c->gap_unit_en ? c->gap_unit_en
			: c->gap_unit ? c->gap_unit : "";
	if (l == LANG_EN)
		return arena_printf(a, "about %s%s%s",
				    gradetext_number(round(x), 0, a),
				    *u ? " " : "", u);
	if (fabs(x) >= 10000)
		return arena_printf(a, "约 %s 万%s",
				    gradetext_number(x / 10000, 0, a), u);
	return arena_printf(a, "约 %s %s", gradetext_number(round(x), 0, a), u);
}

const char *gradetext_reached(const struct pack *p, const struct venue_grade *g,
			      enum lang l, struct arena *a)
{
	const char *name = gradetext_name(p, g->grade, l);
	if (!g->undetermined)
		return name;
	return arena_printf(a, l == LANG_EN ? "%s (data incomplete)" : "%s（数据不全）",
			    name);
}

const char *gradetext_how(const struct pack *p, const struct check_report *rep,
			  enum lang l, struct arena *a)
{
	const struct venue_grade *g = &rep->grade;
	bool en = l == LANG_EN;
	const char *s = arena_printf(a, en ? "the conditions allow: %s"
					   : "必备条件允许：%s",
				     gradetext_name(p, g->by_rules, l));
	if (g->demoted)
		s = arena_printf(a, en ? "%s; lowered by %d" : "%s；降 %d 级", s,
				 g->demoted);
	if (g->has_points)
		s = arena_printf(a, en ? "%s; points %s / %s%s" : "%s；得分 %s / %s 分%s",
				 s, gradetext_number(g->points, 0, a),
				 gradetext_number(g->max_points, 0, a),
				 g->points_missing ? (en ? " (some lack data)"
							 : "（部分缺数据）")
						   : "");
	if (g->by_points >= 0)
		s = arena_printf(a, en ? "%s; the points reach %s" : "%s；得分达到%s",
				 s, gradetext_name(p, g->by_points, l));
	if (g->undetermined)
		s = arena_printf(a, en ? "%s; missing data may decide a better grade"
				       : "%s；缺少的数据可能决定更高的等级", s);
	return s;
}

bool gradetext_counts(const struct result *r)
{
	return r->grade.graded && (r->rule->gates || r->rule->demote);
}

const char *gradetext_allows(const struct pack *p, const struct result *r,
			     enum lang l, struct arena *a)
{
	const struct result_grade *g = &r->grade;
	bool en = l == LANG_EN;
	if (r->rule->demote) {
		if (g->demote < 0)
			return en ? "missing data" : "缺数据";
		if (g->demote == 0)
			return en ? "not lowered" : "不降级";
		return arena_printf(a, en ? "lowers by %d" : "降 %d 级", g->demote);
	}
	if (g->allows >= (int)p->ngrades && g->unknown)
		return en ? "missing data" : "缺数据";
	const char *name = gradetext_name(p, g->allows, l);
	/* Known to allow this much; the data left out may allow more. */
	if (g->allows > 0 && g->unknown & ((1u << g->allows) - 1))
		return arena_printf(a, en ? "%s (more: missing data)" : "%s（更高：缺数据）",
				    name);
	return name;
}

const char *gradetext_next(const struct pack *p, const struct result *r,
			   enum lang l, struct arena *a)
{
	const struct result_grade *g = &r->grade;
	if (!g->has_next || !g->next_check)
		return NULL;
	const struct comparison *c = g->next_check;
	bool en = l == LANG_EN;
	double m = g->next_measured;
	bool frac = m != floor(m) || g->next_required != floor(g->next_required) ||
		    g->next_gap != floor(g->next_gap);
	int dg = frac ? 2 : 0;
	const char *need = quantity(c, g->next_required, dg, l, a);
	const char *gap = quantity(c, g->next_gap, dg, l, a);
	bool over = c->op == OP_LE || c->op == OP_LT;
	const char *s;
	if (r->rule->demote)
		s = arena_printf(a, en ? "not lowered with %s, %s %s" : "不降级需 %s，%s %s",
				 need, en ? (over ? "over by" : "short by")
					  : (over ? "超出" : "差"), gap);
	else
		s = arena_printf(a, en ? "%s; %s needs %s, %s %s" : "%s，达%s需 %s，%s %s",
				 quantity(c, m, dg, l, a),
				 gradetext_name(p, g->next, l), need,
				 en ? (over ? "over by" : "short by")
				    : (over ? "超出" : "差"), gap);
	const char *lab = r->rule->nchecks > 1 ? (en && c->label_en ? c->label_en
							       : c->label) : NULL;
	if (lab)
		s = arena_printf(a, "[%s] %s", lab, s);
	if (g->has_scaled && c->gap_scale)
		s = arena_printf(a, en ? "%s (%s)" : "%s（%s）", s,
				 scaled(c, g->scaled_gap, l, a));
	return s;
}

const char *gradetext_points(const struct result *r, enum lang l,
			     struct arena *a)
{
	if (!r->rule->points || r->verdict == VERDICT_NA)
		return NULL;
	if (!r->grade.has_points)
		return arena_printf(a, l == LANG_EN ? "missing data (out of %s points)"
						    : "缺数据（满分 %s 分）",
				    gradetext_number(r->rule->max_points, 0, a));
	return arena_printf(a, l == LANG_EN ? "%s / %s points" : "%s / %s 分",
			    gradetext_number(r->grade.points, 0, a),
			    gradetext_number(r->rule->max_points, 0, a));
}
