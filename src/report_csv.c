/* report_csv.c - the long form: one row per venue x rule, RFC 4180 (CRLF,
 * fields with a comma, quote or line break quoted, quotes doubled), UTF-8
 * with a byte-order mark by default so Excel reads the Chinese.
 *
 * Text that comes from a data file or a rule pack (ids, names, the pack's
 * tiers, rule ids and requirements, paths, messages) is neutralised as
 * OWASP recommends against formula injection: a cell that starts with
 * = + - @ TAB or CR gets a leading ' so that a spreadsheet shows it as text
 * instead of running it (--raw-csv turns this off for pipelines).  What
 * we write ourselves (the header, verdicts, measured values and gaps, which
 * are numbers such as -2 and their units) is left as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "gradetext.h"
#include "report_impl.h"
#include "utf8.h"

struct csv_report {
	struct report base;
};

/* RAW: written as it is; TEXT: from a data file or the pack, neutralised
 * unless the report was asked for --raw-csv. */
enum cell { RAW, TEXT };

static bool formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void cell(struct csv_report *c, const char *s, enum cell kind,
		 bool last)
{
	FILE *f = c->base.out.fp;
	if (!s)
		s = "";
	/* A GBK file name: \xNN for its bytes, so the CSV stays UTF-8. */
	s = utf8_text_in(&c->base.scratch, s);
	bool guard = kind == TEXT && !c->base.opts.raw_csv && formula_like(s);
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		if (guard)
			fputc('\'', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		if (guard)
			fputc('\'', f);
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void header(struct csv_report *c)
{
	static const char *const zh[] = {"场馆编号", "场馆名称", "层级", "规则编号",
					 "结论", "实测", "要求", "差距"};
	static const char *const en[] = {"venue_id", "venue_name", "tier", "rule_id",
					 "verdict", "measured", "required", "gap"};
	const char *const *h = c->base.opts.lang == LANG_EN ? en : zh;
	bool more = c->base.changes != NULL;
	for (size_t i = 0; i < 8; i++)
		cell(c, h[i], RAW, i == 7 && !more);
	/* --baseline: two columns more, only then (else the bytes of today). */
	if (more) {
		bool e = c->base.opts.lang == LANG_EN;
		cell(c, e ? "change" : "整改情况", RAW, false);
		cell(c, e ? "then" : "基线结果", RAW, true);
	}
}

/* --baseline: a result's mark and what the baseline said of it. */
static void change_cells(struct csv_report *c, const struct result *res,
			 const struct change *ch)
{
	enum lang l = c->base.opts.lang;
	cell(c, change_word(ch->mark, l), RAW, false);
	/* The old report's words came from a file: neutralised as TEXT. */
	cell(c, ch->then ? report_then_text(res, ch->then, l, &c->base.scratch) : "",
	     TEXT, true);
}

/* The grade as a row of its own: rule column 定级 (grade), the grade in
 * the verdict column, how it was reached in the measured one. */
static void csv_grade(struct csv_report *c, const struct check_report *rep)
{
	const struct report *r = &c->base;
	enum lang l = r->opts.lang;
	const struct venue *v = rep->venue;
	cell(c, v->id, TEXT, false);
	cell(c, v->name, TEXT, false);
	cell(c, label_tier(r->pack, v->tier, l), TEXT, false);
	cell(c, l == LANG_EN ? "grade" : "定级", RAW, false);
	cell(c, gradetext_reached(r->pack, &rep->grade, l, &c->base.scratch), TEXT,
	     false);
	cell(c, gradetext_how(r->pack, rep, l, &c->base.scratch), TEXT, false);
	cell(c, "", RAW, false);
	cell(c, "", RAW, true);
}

static void csv_venue(struct report *r, const struct check_report *rep,
		      const struct diags *warnings)
{
	(void)warnings;
	struct csv_report *c = (struct csv_report *)r;
	enum lang l = r->opts.lang;
	const struct venue *v = rep->venue;
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *res = &rep->results[i];
		cell(c, v->id, TEXT, false);
		cell(c, v->name, TEXT, false);
		cell(c, label_tier(r->pack, v->tier, l), TEXT, false);
		cell(c, res->rule->id, TEXT, false);
		cell(c, label_verdict(res->verdict, l), RAW, false);
		cell(c, label_measured(res, l, &c->base.scratch), RAW, false);
		/* A pack may word the requirement itself (requirement:). */
		cell(c, label_required_text(res, l, &c->base.scratch), TEXT, false);
		cell(c, label_gap(res, l, &c->base.scratch), RAW, !r->changes);
		if (r->changes)
			change_cells(c, res, &r->vchange.v[i]);
	}
	if (rep->grade.graded) /* a graded pack: one more row, the grade */
		csv_grade(c, rep);
	/* Strings of one venue are not needed once its rows are out. */
	arena_free(&c->base.scratch);
}

/* An invalid file: one row per error, the path in the name column, the
 * verdict "invalid" and the error (line:col: message) in the gap column. */
static void csv_invalid(struct report *r, const char *path,
			const struct diags *errors)
{
	struct csv_report *c = (struct csv_report *)r;
	bool en = r->opts.lang == LANG_EN;
	for (size_t i = 0; i < errors->n; i++) {
		const struct diag *g = &errors->v[i];
		if (g->level != DIAG_ERROR)
			continue;
		char *where = g->where
			? arena_printf(&c->base.scratch, "%s: %s", g->where,
				       diag_text(g, r->opts.lang))
			: arena_printf(&c->base.scratch, "%d:%d: %s", g->line, g->col,
				       diag_text(g, r->opts.lang));
		cell(c, "", RAW, false);
		cell(c, path, TEXT, false);
		for (int k = 0; k < 2; k++)
			cell(c, "", RAW, false);
		cell(c, en ? "INVALID" : "无效文件", RAW, false);
		for (int k = 0; k < 2; k++)
			cell(c, "", RAW, false);
		cell(c, where, TEXT, !r->changes);
		if (r->changes) {
			cell(c, "", RAW, false);
			cell(c, "", RAW, true);
		}
	}
	arena_free(&c->base.scratch);
}

/* --baseline: a row for each venue of the baseline not in this run. */
static void csv_gone(struct csv_report *c)
{
	bool en = c->base.opts.lang == LANG_EN;
	const struct baseline_venue **gone;
	size_t n = change_run_gone(c->base.changes, &gone);
	for (size_t i = 0; i < n; i++) {
		cell(c, gone[i]->id, TEXT, false);
		cell(c, gone[i]->name, TEXT, false);
		for (int k = 0; k < 6; k++)
			cell(c, "", RAW, false);
		cell(c, en ? "venue gone" : "不再出现的场馆", RAW, false);
		cell(c, "", RAW, true);
	}
	free(gone);
}

static bool csv_finish(struct report *r, struct diags *d)
{
	if (r->changes)
		csv_gone((struct csv_report *)r);
	return report_done(r, d);
}

/* A roll-up row: the county's or city's id and name, a tier's name and a
 * rule id are text of the data and the pack; the rest is ours. */
static void row(struct csv_report *c, const char *const f[8])
{
	for (size_t i = 0; i < 8; i++)
		cell(c, f[i], i < 4 ? TEXT : RAW, i == 7);
}

/* Roll-ups as rows marked 汇总 / ROLLUP in the verdict column, under the id
 * and name of the county or city: one per tier (measured: venues and how
 * many passed everything; gap column: the pass rate), one per most-failed
 * clause (rule id; measured: how many venues fail it). */
static void csv_rollup(struct report *r, const struct rollup *u)
{
	struct csv_report *c = (struct csv_report *)r;
	enum lang l = r->opts.lang;
	bool en = l == LANG_EN;
	const char *mark = en ? "ROLLUP" : "汇总";
	const struct pack *p = r->pack;
	for (size_t i = 0; i < p->ntiers && i < ROLLUP_TIERS; i++) {
		const struct rollup_tier *t = &u->tiers[i];
		if (!t->venues)
			continue;
		const char *f[8] = {u->top->id, u->top->name,
			label_tier(p, p->tiers[i].id, l), "", mark,
			arena_printf(&c->base.scratch, en ? "%zu venues, %zu all passed"
						     : "场馆 %zu 个，全部通过 %zu 个",
				     t->venues, t->passing), "",
			arena_printf(&c->base.scratch, en ? "pass rate %.1f%%" : "通过率 %.1f%%",
				     t->checked ? 100.0 * (double)t->passed /
						  (double)t->checked : 100.0)};
		row(c, f);
	}
	for (size_t i = 0; i < u->nrules; i++) {
		const char *f[8] = {u->top->id, u->top->name, "", u->rules[i]->id, mark,
			arena_printf(&c->base.scratch, en ? "%zu venues fail it"
						     : "未通过场馆 %zu 个", u->rule_fails[i]),
			"", ""};
		row(c, f);
	}
	arena_free(&c->base.scratch);
}

static const struct report_ops csv_ops = {.venue = csv_venue,
	.invalid = csv_invalid, .rollup = csv_rollup, .finish = csv_finish};

struct report *report_csv_open(const struct pack *p,
			       const struct report_opts *o, struct diags *d)
{
	struct csv_report *c = (struct csv_report *)
		report_new(sizeof *c, &csv_ops, p, o, true, d);
	if (!c)
		return NULL;
	if (o->bom)
		fputs("\xEF\xBB\xBF", c->base.out.fp);
	header(c);
	return &c->base;
}
