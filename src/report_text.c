/* report_text.c - plain-text report: one block per venue, rules grouped by
 * the standard's 服务内容 categories, Chinese by default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradetext.h"
#include "outfile.h"
#include "report_impl.h"
#include "utf8.h"

struct text_opts {
	enum lang lang;
	bool color;
};

struct text_report {
	struct report base;
	struct text_opts o;
};

static const char *colour_of(enum verdict v)
{
	static const char *const c[] = {"\033[32m", "\033[31m", "\033[33m",
					"\033[2m", "\033[36m", "\033[35m"};
	return c[v];
}

/* Everything this report prints that it did not write itself (names, ids,
 * paths, the pack's titles, diagnostics) goes through utf8_printf or
 * utf8_put, which escape control characters: a venue's name can neither
 * drive the terminal nor forge a line.  Raw fputs is only for literals. */

/* n spaces: one fwrite, not a fputc each (a report pads every line). */
static void spaces(FILE *out, size_t n)
{
	static const char blank[] = "                                ";
	for (; n >= sizeof blank - 1; n -= sizeof blank - 1)
		fwrite(blank, 1, sizeof blank - 1, out);
	fwrite(blank, 1, n, out);
}

/* Right-aligned in width display columns. */
static void rpad(FILE *out, const char *s, size_t width)
{
	char *e = utf8_escape(s);
	size_t w = utf8_width(e);
	if (w < width)
		spaces(out, width - w);
	fputs(e, out);
	free(e);
}

static void pad(FILE *out, const char *s, size_t width)
{
	size_t w = utf8_put(out, s);
	if (w < width)
		spaces(out, width - w);
}

static void print_header(FILE *out, const struct pack *p,
			 const struct venue *v, const struct text_opts *o,
			 struct arena *a)
{
	const char *std = label_standard(p, o->lang, a);
	if (o->color)
		fputs("\033[1m", out);
	utf8_put(out, label_venue(p, v, o->lang, a));
	if (o->color)
		fputs("\033[0m", out);
	utf8_printf(out, o->lang == LANG_EN ? "\n  file: %s\n  standard: %s\n"
					    : "\n  文件：%s\n  标准：%s\n", v->path, std);
}

/* A result's line as one write: most of a report is these lines, and
 * written a piece at a time each took ten calls into stdio.  The pieces
 * are the same as print_result's; false (nothing written) when one needs
 * escaping or the line is longer than the buffer: print_result then. */
struct line {
	char buf[2048];
	size_t n;
};

static bool line_put(struct line *ln, const char *s, size_t *width)
{
	size_t w = 0;
	if (!s) { /* as utf8_put: nothing */
		if (width)
			*width = 0;
		return true;
	}
	size_t n = utf8_plain_bytes(s, &w);
	if (n == SIZE_MAX || n > sizeof ln->buf - ln->n)
		return false;
	memcpy(ln->buf + ln->n, s, n);
	ln->n += n;
	if (width)
		*width = w;
	return true;
}

/* A literal of this file (a newline is one): copied as it is. */
static bool line_lit(struct line *ln, const char *s)
{
	size_t n = strlen(s);
	if (n > sizeof ln->buf - ln->n)
		return false;
	memcpy(ln->buf + ln->n, s, n);
	ln->n += n;
	return true;
}

/* pad()'s spaces: up to width columns after w. */
static bool line_pad(struct line *ln, size_t w, size_t width)
{
	size_t k = w < width ? width - w : 0;
	if (k > sizeof ln->buf - ln->n)
		return false;
	memset(ln->buf + ln->n, ' ', k);
	ln->n += k;
	return true;
}

static bool result_line(FILE *out, const struct result *r, size_t idw,
			struct arena *a, const struct text_opts *o)
{
	enum lang l = o->lang;
	struct line ln;
	ln.n = 0; /* not the buffer: 2 KiB a line */
	size_t w;
	const char *chk = label_check(r, l);
	const char *outcome = label_outcome(r, l, a);
	bool ok = line_lit(&ln, "  ") &&
		  line_put(&ln, label_verdict(r->verdict, l), &w) &&
		  line_pad(&ln, w, l == LANG_EN ? 12 : 11) &&
		  line_put(&ln, r->rule->id, &w) && line_pad(&ln, w, idw + 2) &&
		  line_put(&ln, label_rule(r->rule, l), NULL) &&
		  (!chk || (line_lit(&ln, " [") && line_put(&ln, chk, NULL) &&
			    line_lit(&ln, "]"))) &&
		  (!outcome || (line_lit(&ln, l == LANG_EN ? ": " : "：") &&
				line_put(&ln, outcome, NULL))) &&
		  line_lit(&ln, "\n");
	if (ok)
		fwrite(ln.buf, 1, ln.n, out);
	return ok;
}

static void print_result(FILE *out, const struct result *r, size_t idw,
			 struct arena *a, const struct text_opts *o)
{
	enum lang l = o->lang;
	if (!o->color && result_line(out, r, idw, a, o))
		return;
	const char *name = label_verdict(r->verdict, l);
	fputs("  ", out);
	if (o->color)
		fputs(colour_of(r->verdict), out);
	pad(out, name, l == LANG_EN ? 12 : 11);
	if (o->color)
		fputs("\033[0m", out);
	pad(out, r->rule->id, idw + 2);
	utf8_put(out, label_rule(r->rule, l));
	const char *chk = label_check(r, l);
	const char *outcome = label_outcome(r, l, a);
	if (chk)
		utf8_printf(out, " [%s]", chk);
	if (outcome)
		utf8_printf(out, "%s%s", l == LANG_EN ? ": " : "：", outcome);
	fputc('\n', out);
}

static void print_tally(FILE *out, const struct check_report *rep,
			const struct text_opts *o, struct arena *a)
{
	utf8_printf(out, "  %s\n", label_tally(rep, o->lang, a));
}

static void print_warnings(FILE *out, const struct diags *w,
			   const struct text_opts *o)
{
	if (!w || w->n == 0)
		return;
	fputs(o->lang == LANG_EN ? "\n  Warnings:\n" : "\n  警告：\n", out);
	for (size_t i = 0; i < w->n; i++) {
		char *s = diag_format(&w->v[i], o->lang);
		utf8_printf(out, "    %s\n", s);
		free(s);
	}
}

/* ---- --baseline: 整改情况 ---- */

/* "新增 1，已整改 2，仍未整改 3" (the marks that say something). */
static void change_counts(FILE *out, const struct change_tally *t, enum lang l)
{
	static const enum change_mark shown[] = {CHANGE_NEW, CHANGE_FIXED,
						 CHANGE_STILL, CHANGE_RULE_ADDED};
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		size_t n = t->counts[shown[i]];
		if (l == LANG_EN)
			utf8_printf(out, "%s%zu %s", i ? ", " : "", n,
				    change_word(shown[i], l));
		else
			utf8_printf(out, "%s%s %zu", i ? "，" : "",
				    change_word(shown[i], l), n);
	}
	if (t->removed)
		utf8_printf(out, l == LANG_EN ? ", %zu rule(s) no longer checked"
					      : "，不再检查的条款 %zu", t->removed);
}

/* An old result with no counterpart now: its words, else its verdict. */
static const char *then_text(const struct baseline_result *b, enum lang l)
{
	return b->text ? b->text : label_verdict(b->verdict, l);
}

static void change_line(FILE *out, const struct result *r,
			const struct change *c, size_t idw, struct arena *a,
			enum lang l)
{
	const char *now = report_now_text(r, l, a);
	fputs("    ", out);
	pad(out, change_word(c->mark, l), l == LANG_EN ? 14 : 11);
	pad(out, r->rule->id, idw + 2);
	utf8_put(out, label_rule(r->rule, l));
	if (c->mark == CHANGE_STILL)
		utf8_printf(out, "%s%s → %s", l == LANG_EN ? ": " : "：",
			    report_then_text(r, c->then, l, a), now);
	else if (c->then && c->mark != CHANGE_NEW)
		utf8_printf(out, l == LANG_EN ? " (was: %s)" : "（原：%s）",
			    report_then_text(r, c->then, l, a));
	else if (check_is_failure(r->verdict) || r->verdict == VERDICT_WAIVED ||
		 c->mark == CHANGE_RULE_ADDED)
		utf8_printf(out, "%s%s", l == LANG_EN ? ": " : "：", now);
	fputc('\n', out);
}

static void text_changes(FILE *out, const struct report *rp,
			 const struct check_report *rep, size_t idw,
			 struct arena *a, enum lang l)
{
	const struct venue_change *c = &rp->vchange;
	struct change_tally t = {.removed = c->nremoved};
	memcpy(t.counts, c->counts, sizeof t.counts);
	fputs(l == LANG_EN ? "  Since the baseline: " : "  整改情况（对比基线）：", out);
	bool same = !t.counts[CHANGE_NEW] && !t.counts[CHANGE_FIXED] &&
		    !t.counts[CHANGE_STILL] && !t.counts[CHANGE_RULE_ADDED] && !t.removed;
	if (!c->then)
		fputs(l == LANG_EN ? "a venue new since the baseline; "
				   : "基线中没有这个场馆，未通过的条款计为新增；", out);
	if (same && c->then)
		fputs(l == LANG_EN ? "no change" : "无变化", out);
	else
		change_counts(out, &t, l);
	fputc('\n', out);
	for (size_t i = 0; i < c->n; i++)
		if (change_tracked(&c->v[i], rep->results[i].verdict) ||
		    c->v[i].mark == CHANGE_RULE_ADDED)
			change_line(out, &rep->results[i], &c->v[i], idw, a, l);
	for (size_t i = 0; i < c->nremoved; i++) {
		const struct baseline_result *b = c->removed[i];
		fputs("    ", out);
		pad(out, l == LANG_EN ? "not checked" : "不再检查", l == LANG_EN ? 14 : 11);
		utf8_printf(out, l == LANG_EN ? "%s (was: %s)\n" : "%s（原：%s）\n",
			    b->rule, then_text(b, l));
	}
	fputc('\n', out);
}

/* 定级: the grade reached, how, and what each condition allows. */
static void print_grade(FILE *out, const struct pack *p,
			const struct check_report *rep, size_t idw,
			const struct text_opts *o, struct arena *a)
{
	enum lang l = o->lang;
	utf8_printf(out, l == LANG_EN ? "\n Grade: %s\n  %s\n" : "\n 定级：%s\n  %s\n",
		    gradetext_reached(p, &rep->grade, l, a),
		    gradetext_how(p, rep, l, a));
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *r = &rep->results[i];
		const char *pts = gradetext_points(r, l, a);
		if (pts) {
			fputs("  ", out);
			pad(out, r->rule->id, idw + 2);
			utf8_printf(out, l == LANG_EN ? "%s: %s\n" : "%s：%s\n",
				    label_rule(r->rule, l), pts);
		}
		if (!gradetext_counts(r))
			continue;
		fputs("  ", out);
		pad(out, r->rule->id, idw + 2);
		utf8_printf(out, l == LANG_EN ? "%s: %s" : "%s：%s",
			    label_rule(r->rule, l), gradetext_allows(p, r, l, a));
		const char *next = gradetext_next(p, r, l, a);
		if (next)
			utf8_printf(out, l == LANG_EN ? "; %s" : "；%s", next);
		fputc('\n', out);
	}
}

static void text_venue_block(FILE *out, const struct report *rp,
			     const struct pack *p, const struct check_report *rep,
			     const struct diags *warnings,
			     const struct text_opts *o)
{
	struct arena a;
	arena_init(&a);
	print_header(out, p, rep->venue, o, &a);
	size_t idw = 0;
	for (size_t i = 0; i < rep->n; i++) {
		size_t w = utf8_width(rep->results[i].rule->id);
		idw = w > idw ? w : idw;
	}
	const struct result **by_cat = arena_alloc(&a, (rep->n + 1) * sizeof *by_cat);
	check_by_category(rep, by_cat);
	for (size_t i = 0; i < rep->n; i++) {
		const char *cat = by_cat[i]->rule->category;
		if (i == 0 || strcmp(by_cat[i - 1]->rule->category, cat) != 0)
			utf8_printf(out, "\n %s\n", label_category(p, cat, o->lang));
		print_result(out, by_cat[i], idw, &a, o);
	}
	if (rep->grade.graded)
		print_grade(out, p, rep, idw, o, &a);
	print_warnings(out, warnings, o);
	fputc('\n', out);
	print_tally(out, rep, o, &a);
	fputc('\n', out);
	if (rp->changes)
		text_changes(out, rp, rep, idw, &a, o->lang);
	arena_free(&a);
}

static void text_total(struct text_report *t)
{
	const struct report *r = &t->base;
	utf8_printf(r->out.fp, "%s\n", label_total(r->venues, r->failing, r->invalid,
						   t->o.lang, &t->base.scratch));
}

/* validate: one line per problem, like a compiler or a linter. */
static void diag_lines(FILE *out, const struct diags *d, enum lang l)
{
	for (size_t i = 0; d && i < d->n; i++) {
		char *s = diag_format(&d->v[i], l);
		utf8_printf(out, "%s\n", s);
		free(s);
	}
}

/* A venue's part from the venue alone (report_render: on any thread). */
static void text_render(const struct report *r, const struct check_report *rep,
			const struct diags *warnings, FILE *out)
{
	const struct text_report *t = (const struct text_report *)r;
	if (r->opts.validate)
		diag_lines(out, warnings, t->o.lang);
	else
		text_venue_block(out, r, r->pack, rep, warnings, &t->o);
}

static void text_venue(struct report *r, const struct check_report *rep,
		       const struct diags *warnings)
{
	text_render(r, rep, warnings, r->out.fp);
}

/* Errors of invalid files also go to standard error (the CLI prints them
 * there); the report lists them where the venue's block would be. */
static void text_invalid(struct report *r, const char *path,
			 const struct diags *errors)
{
	struct text_report *t = (struct text_report *)r;
	FILE *out = t->base.out.fp;
	if (r->opts.validate) {
		diag_lines(out, errors, t->o.lang);
		return;
	}
	utf8_printf(out, t->o.lang == LANG_EN ? "INVALID FILE %s: not checked\n"
					  : "无效文件 %s：未检查\n", path);
	for (size_t i = 0; i < errors->n; i++) {
		char *s = diag_format(&errors->v[i], t->o.lang);
		utf8_printf(out, "    %s\n", s);
		free(s);
	}
	fputc('\n', out);
}

static void text_rollup_changes(FILE *out, const struct change_tally *t,
				enum lang l)
{
	fputs(l == LANG_EN ? "  Since the baseline: " : "  整改情况（对比基线）：", out);
	change_counts(out, t, l);
	utf8_printf(out, l == LANG_EN ? "; %zu venue(s) new, %zu gone\n"
				      : "；新增场馆 %zu 个，不再出现的场馆 %zu 个\n",
		    t->venues_added, t->venues_gone);
}

/* The run against its baseline, before the total: the counts and the
 * venues gone (the first few named). */
static void text_baseline_total(FILE *out, struct report *r, enum lang l)
{
	const struct baseline *b = r->changes->base;
	utf8_printf(out, l == LANG_EN ? "Since the baseline %s (venuecheck %s): "
				      : "对比基线 %s（venuecheck %s）：", b->path, b->version);
	change_counts(out, &r->changes->total, l);
	const struct baseline_venue **gone;
	size_t n = change_run_gone(r->changes, &gone);
	utf8_printf(out, l == LANG_EN ? "; %zu venue(s) new, %zu gone"
				      : "；新增场馆 %zu 个，不再出现的场馆 %zu 个",
		    r->changes->total.venues_added, n);
	enum { SHOWN = 10 };
	for (size_t i = 0; i < n && i < SHOWN; i++)
		utf8_printf(out, l == LANG_EN ? "%s%s (%s)" : "%s%s（%s）",
			    i ? (l == LANG_EN ? ", " : "、") : (l == LANG_EN ? ": " : "："),
			    gone[i]->name, gone[i]->id);
	if (n > SHOWN)
		utf8_printf(out, l == LANG_EN ? " and %zu more" : "等 %zu 个", l == LANG_EN ? n - SHOWN : n);
	free(gone);
	fputs(l == LANG_EN ? ".\n" : "。\n", out);
}

static bool text_finish(struct report *r, struct diags *d)
{
	struct text_report *t = (struct text_report *)r;
	if (r->opts.validate)
		utf8_printf(t->base.out.fp, "%s\n", label_validated(r->venues, r->invalid,
							t->o.lang, &r->scratch));
	else {
		if (r->changes)
			text_baseline_total(t->base.out.fp, r, t->o.lang);
		text_total(t);
	}
	return report_done(r, d);
}

static void text_rollup(struct report *r, const struct rollup *u)
{
	struct text_report *t = (struct text_report *)r;
	if (r->opts.validate)
		return;
	FILE *out = t->base.out.fp;
	bool en = t->o.lang == LANG_EN;
	const struct pack *p = r->pack;
	utf8_printf(out, "== %s ==\n", label_rollup(u->top, t->o.lang, &r->scratch));
	fputs("  ", out);
	pad(out, en ? "tier" : "层级", 16);
	rpad(out, en ? "venues" : "场馆数", 8);
	rpad(out, en ? "all passed" : "全部通过", 12);
	rpad(out, en ? "pass rate" : "通过率", 11);
	fputc('\n', out);
	for (size_t i = 0; i < p->ntiers && i < ROLLUP_TIERS; i++) {
		const struct rollup_tier *ti = &u->tiers[i];
		if (!ti->venues)
			continue;
		const char *name = label_tier(p, p->tiers[i].id, t->o.lang);
		fputs("  ", out);
		pad(out, name, 16);
		utf8_printf(out, "%8zu%12zu", ti->venues, ti->passing);
		rpad(out, label_rate(ti->passed, ti->checked, &r->scratch), 11);
		fputc('\n', out);
	}
	const struct change_tally *ct = r->changes ?
		change_run_under(r->changes, u->top->id) : NULL;
	if (ct)
		text_rollup_changes(out, ct, t->o.lang);
	if (u->nrules) {
		fputs(en ? "  Clauses failed most often (venues):\n"
			 : "  未通过最多的条款（场馆数）：\n", out);
		for (size_t i = 0; i < u->nrules; i++)
			utf8_printf(out, "    %3zu  %s  %s\n", u->rule_fails[i],
				u->rules[i]->id, label_rule(u->rules[i], t->o.lang));
	}
	if (u->nvenues) {
		fputs(en ? "  Venues with the most failures (rules):\n"
			 : "  未通过条数最多的场馆（条数）：\n", out);
		for (size_t i = 0; i < u->nvenues; i++) {
			const struct rollup_top *v = &u->venues[i];
			utf8_printf(out, "    %3zu  %s（%s）\n", v->failures,
				v->venue->name, v->venue->id);
		}
	}
	fputc('\n', out);
}

static const struct report_ops text_ops = {.venue = text_venue,
	.render = text_render, .invalid = text_invalid, .rollup = text_rollup,
	.finish = text_finish};

struct report *report_text_open(const struct pack *p,
				const struct report_opts *o, struct diags *d)
{
	struct text_report *t = (struct text_report *)
		report_new(sizeof *t, &text_ops, p, o, true, d);
	if (!t)
		return NULL;
	t->o.lang = o->lang;
	/* Colour only ever goes to a terminal, never into a file. */
	t->o.color = o->color && t->base.out.fp == stdout;
	return &t->base;
}
