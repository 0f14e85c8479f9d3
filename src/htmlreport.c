/* htmlreport.c - the HTML view of check results (htmlreport.h), for the
 * `html` report format and the server's result pages.  Every word comes
 * from label.c and diag.c, as in the text and XLSX reports, so the three
 * say the same; every text goes through html.c's escaping writer.  Per
 * venue: the heading and counts, the to-do list first (what failed or
 * lacks data, with the gap: 差 3 场), then every rule by category.
 * Pipeline step: 4, report. */
#include "htmlreport.h"

#include <stdlib.h>
#include <string.h>

#include "gradetext.h"
#include "html.h"
#include "label.h"

#define EN(l) ((l) == LANG_EN)

void htmlreport_begin(FILE *f, const char *title, enum lang lang,
		      const char *css_href)
{
	html_printf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n<title>%s</title>\n",
		    EN(lang) ? "en" : "zh-CN", title);
	if (css_href) {
		html_printf(f, "<link rel=\"stylesheet\" href=\"%s\">\n", css_href);
	} else {
		/* Our own file, built in: it holds no "</style". */
		html_raw(f, "<style>\n");
		html_raw(f, htmlreport_css);
		html_raw(f, "</style>\n");
	}
	html_raw(f, "</head>\n<body>\n");
}

void htmlreport_end(FILE *f)
{
	html_raw(f, "</body>\n</html>\n");
}

/* ---- verdicts ---- */

/* The class that colours a verdict, and the symbol printed before its
 * word so that black-and-white paper tells them apart too. */
static const char *htmlreport_vclass(enum verdict v)
{
	static const char *const c[] = {"v-pass", "v-fail", "v-missing", "v-na",
					"v-batch", "v-waived"};
	return c[v];
}

static const char *htmlreport_vsym(enum verdict v)
{
	static const char *const s[] = {"✓", "✗", "？", "–", "…", "◇"};
	return s[v];
}

void htmlreport_verdict(FILE *f, enum verdict v, enum lang l)
{
	html_printf(f, "<span class=\"verdict %s\"><span aria-hidden=\"true\">%s</span> %s</span>",
		    htmlreport_vclass(v), htmlreport_vsym(v), label_verdict(v, l));
}

static void htmlreport_verdict_cell(FILE *f, enum verdict v, enum lang l)
{
	html_raw(f, "<td>");
	htmlreport_verdict(f, v, l);
	html_raw(f, "</td>");
}

/* A cell of text that may be missing (NULL: empty). */
static void htmlreport_cell(FILE *f, const char *cls, const char *s)
{
	if (cls)
		html_printf(f, "<td class=\"%s\">%s</td>", cls, s ? s : "");
	else
		html_printf(f, "<td>%s</td>", s ? s : "");
}

/* The rule: its id (what the pack and the other reports call it), its
 * short title, the deciding check's label and, in small print, the
 * standard's own words (Chinese, as the standard is).  One cell, so the
 * table fits a phone and A4 without shrinking. */
static void htmlreport_rule_cell(FILE *f, const struct result *r, enum lang l)
{
	const char *chk = label_check(r, l), *title = label_rule(r->rule, l);
	html_printf(f, "<td><span class=\"rid\">%s</span>%s", r->rule->id, title);
	if (chk)
		html_printf(f, " [%s]", chk);
	/* (Not twice where the short title is the clause itself.) */
	if (r->rule->clause && (!title || strcmp(r->rule->clause, title) != 0))
		html_printf(f, "<span class=\"clause\" lang=\"zh-CN\">%s</span>",
			    r->rule->clause);
	html_raw(f, "</td>");
}

/* ---- one venue ---- */

static void htmlreport_head_row(FILE *f, const char *const *cols, size_t n)
{
	html_raw(f, "<thead><tr>");
	for (size_t i = 0; i < n; i++)
		html_printf(f, "<th>%s</th>", cols[i]);
	html_raw(f, "</tr></thead>\n<tbody>\n");
}

/* A rule's row, the same in the to-do list and in the full list; one
 * still to do is marked (a thick left edge, for paper without colour). */
static void htmlreport_row(FILE *f, const struct result *r, enum lang l,
			   struct arena *a)
{
	html_raw(f, check_is_failure(r->verdict) ? "<tr class=\"todo\">" : "<tr>");
	htmlreport_verdict_cell(f, r->verdict, l);
	htmlreport_rule_cell(f, r, l);
	htmlreport_cell(f, "q", label_measured(r, l, a));
	htmlreport_cell(f, "q", label_required_text(r, l, a));
	htmlreport_cell(f, "gap", label_gap(r, l, a));
	html_raw(f, "</tr>\n");
}

static size_t htmlreport_todo_count(const struct check_report *rep)
{
	return rep->counts[VERDICT_FAIL] + rep->counts[VERDICT_MISSING];
}

/* What is still to do, in the order of the full list below. */
static void htmlreport_todo(FILE *f, const struct result *const *by_cat,
			    const struct check_report *rep, enum lang l,
			    struct arena *a)
{
	static const char *const zh[] = {"结论", "条款", "实测", "要求", "差距"};
	static const char *const en[] = {"Verdict", "Rule", "Measured", "Required", "Gap"};
	size_t n = htmlreport_todo_count(rep);
	if (n == 0) {
		html_printf(f, "<p class=\"ok\">✓ %s</p>\n", EN(l)
			? "Nothing to do: no rule failed or lacks data."
			: "没有待办事项：没有未通过或缺数据的条款。");
		return;
	}
	html_raw(f, "<section class=\"todo\">\n");
	html_printf(f, EN(l) ? "<h3>To do (%zu)</h3>\n" : "<h3>待办事项（%zu 项）</h3>\n", n);
	html_raw(f, "<table class=\"todo\">");
	htmlreport_head_row(f, EN(l) ? en : zh, 5);
	for (size_t i = 0; i < rep->n; i++)
		if (check_is_failure(by_cat[i]->verdict))
			htmlreport_row(f, by_cat[i], l, a);
	html_raw(f, "</tbody></table>\n</section>\n");
}

/* Every rule, a table per category in the pack's order. */
static void htmlreport_rules(FILE *f, const struct pack *p,
			     const struct result *const *by_cat, size_t n,
			     enum lang l, struct arena *a)
{
	static const char *const zh[] = {"结论", "条款", "实测", "要求", "说明"};
	static const char *const en[] = {"Verdict", "Rule", "Measured", "Required", "Note"};
	html_printf(f, "<h3>%s</h3>\n", EN(l) ? "Every rule" : "全部条款");
	for (size_t i = 0; i < n; i++) {
		const char *cat = by_cat[i]->rule->category;
		if (i == 0 || strcmp(by_cat[i - 1]->rule->category, cat) != 0) {
			if (i)
				html_raw(f, "</tbody></table>\n");
			html_printf(f, "<h4>%s</h4>\n<table class=\"rules\">",
				    label_category(p, cat, l));
			htmlreport_head_row(f, EN(l) ? en : zh, 5);
		}
		htmlreport_row(f, by_cat[i], l, a);
	}
	if (n)
		html_raw(f, "</tbody></table>\n");
}

/* A graded pack: 定级, the grade and what each condition allows. */
static void htmlreport_grade(FILE *f, const struct pack *p,
			     const struct check_report *rep, enum lang l,
			     struct arena *a)
{
	static const char *const zh[] = {"规则", "条件", "本条允许", "达上一级所需"};
	static const char *const en[] = {"Rule", "Condition", "Allows",
					 "For the next grade up"};
	html_printf(f, EN(l) ? "<h3>Grade: %s</h3>\n<p>%s</p>\n"
			     : "<h3>定级：%s</h3>\n<p>%s</p>\n",
		    gradetext_reached(p, &rep->grade, l, a),
		    gradetext_how(p, rep, l, a));
	html_raw(f, "<table class=\"rules grade\">");
	htmlreport_head_row(f, EN(l) ? en : zh, 4);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		const char *pts = gradetext_points(r, l, a);
		if (!gradetext_counts(r) && !pts)
			continue;
		const char *next = gradetext_next(p, r, l, a);
		html_printf(f, "<tr><td class=\"id\">%s</td><td>%s</td><td>%s</td>"
			       "<td>%s</td></tr>\n", r->rule->id, label_rule(r->rule, l),
			    pts ? pts : gradetext_allows(p, r, l, a), next ? next : "");
	}
	html_raw(f, "</tbody></table>\n");
}

/* A list of diagnostics, each as the CLI prints it. */
static void htmlreport_diag_list(FILE *f, const struct diags *d, enum lang l)
{
	html_raw(f, "<ul class=\"diags\">\n");
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i], l);
		html_printf(f, "<li>%s</li>\n", s);
		free(s);
	}
	html_raw(f, "</ul>\n");
}

static void htmlreport_heading(FILE *f, const struct pack *p,
			       const struct check_report *rep, enum lang l,
			       struct arena *a)
{
	const struct venue *v = rep->venue;
	enum verdict all = label_overall(rep);
	html_printf(f, "<h2>%s</h2>\n", label_venue(p, v, l, a));
	html_printf(f, EN(l) ? "<p class=\"meta\">file: %s · standard: %s</p>\n"
			     : "<p class=\"meta\">文件：%s · 标准：%s</p>\n",
		    v->path, label_standard(p, l, a));
	html_raw(f, "<p class=\"tally\">");
	htmlreport_verdict(f, all, l);
	html_printf(f, " · %s</p>\n", label_tally(rep, l, a));
}

void htmlreport_venue(FILE *f, const struct pack *p,
		      const struct check_report *rep,
		      const struct diags *warnings, enum lang l)
{
	struct arena a;
	arena_init(&a);
	const struct result **by_cat = arena_alloc(&a, (rep->n + 1) * sizeof *by_cat);
	check_by_category(rep, by_cat);
	html_raw(f, "<section class=\"venue\">\n");
	htmlreport_heading(f, p, rep, l, &a);
	htmlreport_todo(f, by_cat, rep, l, &a);
	htmlreport_rules(f, p, by_cat, rep->n, l, &a);
	if (rep->grade.graded)
		htmlreport_grade(f, p, rep, l, &a);
	if (warnings && warnings->n) {
		html_printf(f, "<h3>%s</h3>\n", EN(l) ? "Warnings" : "警告");
		htmlreport_diag_list(f, warnings, l);
	}
	html_raw(f, "</section>\n");
	arena_free(&a);
}

/* ---- a file that could not be checked ---- */

/* Where a problem is: the cell of a workbook (活动台账!D7), else line:col
 * of a YAML file; the file too when it is another (a --waivers file). */
static void htmlreport_where(FILE *f, const struct diag *g, const char *name)
{
	html_raw(f, "<td class=\"where\">");
	if (g->file && (!name || strcmp(g->file, name) != 0))
		html_printf(f, "%s%s", g->file, g->where || g->line ? ": " : "");
	if (g->where)
		html_printf(f, "%s", g->where);
	else if (g->line && g->col)
		html_printf(f, "%d:%d", g->line, g->col);
	else if (g->line)
		html_printf(f, "%d", g->line);
	html_raw(f, "</td>");
}

static void htmlreport_error_row(FILE *f, const struct diag *g,
				 const char *name, enum lang l)
{
	enum verdict look = g->level == DIAG_ERROR ? VERDICT_FAIL : VERDICT_MISSING;
	html_raw(f, "<tr>");
	htmlreport_where(f, g, name);
	html_printf(f, "<td class=\"verdict %s\">%s</td>", htmlreport_vclass(look),
		    diag_level_word(g->level, l));
	html_printf(f, "<td class=\"id\">%s<span class=\"clause\">%s</span></td>",
		    diag_code_id(g->code), diag_code_name(g->code));
	html_printf(f, "<td>%s</td></tr>\n", diag_text(g, l));
}

void htmlreport_invalid(FILE *f, const char *name, const struct diags *errors,
			enum lang l)
{
	static const char *const zh[] = {"位置", "级别", "代码", "说明"};
	static const char *const en[] = {"Where", "Level", "Code", "Message"};
	html_raw(f, "<section class=\"venue invalid\">\n");
	html_printf(f, EN(l) ? "<h2>Invalid file %s: not checked</h2>\n"
			     : "<h2>无效文件 %s：未检查</h2>\n", name);
	html_printf(f, EN(l) ? "<p class=\"bad\">✗ %zu error(s); mend them and check again.</p>\n"
			     : "<p class=\"bad\">✗ 共 %zu 个错误，改正后请重新检查。</p>\n",
		    errors->errors);
	html_raw(f, "<table class=\"errors\">");
	htmlreport_head_row(f, EN(l) ? en : zh, 4);
	for (size_t i = 0; i < errors->n; i++)
		htmlreport_error_row(f, &errors->v[i], name, l);
	html_raw(f, "</tbody></table>\n</section>\n");
}

/* ---- a roll-up (a county or a city) ---- */

static void htmlreport_rollup_tiers(FILE *f, const struct pack *p,
				    const struct rollup *u, enum lang l,
				    struct arena *a)
{
	static const char *const zh[] = {"层级", "场馆数", "全部通过", "检查条数",
					 "通过条数", "通过率"};
	static const char *const en[] = {"Tier", "Venues", "All passed",
					 "Rules checked", "Passed", "Pass rate"};
	html_raw(f, "<table class=\"rollup\">");
	htmlreport_head_row(f, EN(l) ? en : zh, 6);
	for (size_t i = 0; i < p->ntiers && i < ROLLUP_TIERS; i++) {
		const struct rollup_tier *ti = &u->tiers[i];
		if (!ti->venues)
			continue;
		html_printf(f, "<tr><td>%s</td><td class=\"num\">%zu</td>"
			    "<td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			    "<td class=\"num\">%zu</td><td class=\"num\">%s</td></tr>\n",
			    label_tier(p, p->tiers[i].id, l), ti->venues, ti->passing,
			    ti->checked, ti->passed, label_rate(ti->passed, ti->checked, a));
	}
	html_raw(f, "</tbody></table>\n");
}

static void htmlreport_rollup_rules(FILE *f, const struct rollup *u, enum lang l)
{
	static const char *const zh[] = {"场馆数", "条款编号", "条款"};
	static const char *const en[] = {"Venues", "Rule", "Clause"};
	html_printf(f, "<h4>%s</h4>\n<table class=\"rollup\">",
		    EN(l) ? "Clauses failed most often" : "未通过最多的条款");
	htmlreport_head_row(f, EN(l) ? en : zh, 3);
	for (size_t i = 0; i < u->nrules; i++)
		html_printf(f, "<tr><td class=\"num\">%zu</td><td class=\"id\">%s</td>"
			    "<td>%s</td></tr>\n", u->rule_fails[i], u->rules[i]->id,
			    label_rule(u->rules[i], l));
	html_raw(f, "</tbody></table>\n");
}

static void htmlreport_rollup_venues(FILE *f, const struct rollup *u, enum lang l)
{
	static const char *const zh[] = {"未通过条数", "编号", "名称"};
	static const char *const en[] = {"Rules", "ID", "Name"};
	html_printf(f, "<h4>%s</h4>\n<table class=\"rollup\">",
		    EN(l) ? "Venues failing most" : "未通过条数最多的场馆");
	htmlreport_head_row(f, EN(l) ? en : zh, 3);
	for (size_t i = 0; i < u->nvenues; i++) {
		const struct rollup_top *v = &u->venues[i];
		html_printf(f, "<tr><td class=\"num\">%zu</td><td class=\"id\">%s</td>"
			    "<td>%s</td></tr>\n", v->failures,
			    v->venue->id, v->venue->name);
	}
	html_raw(f, "</tbody></table>\n");
}

void htmlreport_rollup(FILE *f, const struct pack *p, const struct rollup *u,
		       enum lang l)
{
	struct arena a;
	arena_init(&a);
	html_raw(f, "<section class=\"rollup\">\n");
	html_printf(f, "<h2>%s</h2>\n", label_rollup(u->top, l, &a));
	htmlreport_rollup_tiers(f, p, u, l, &a);
	if (u->nrules)
		htmlreport_rollup_rules(f, u, l);
	if (u->nvenues)
		htmlreport_rollup_venues(f, u, l);
	html_raw(f, "</section>\n");
	arena_free(&a);
}
