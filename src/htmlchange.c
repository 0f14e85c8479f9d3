/* htmlchange.c - check --baseline in the html report (report_html.c): the
 * 整改情况 of each venue (a table of what failed then or fails now: 新增,
 * 已整改, 仍未整改 with the gap then and now, rules added and no longer
 * checked), a column of the summary, each roll-up's counts and the run's,
 * with the venues gone.  The marks are change.h's and the words the text
 * report's (report_then_text, report_now_text, change_word), so every
 * format says the same.  Apart from report_html.c so the report's own
 * layout stays as it is without a baseline.
 * Pipeline step: 4, report. */
#include "htmlchange.h"

#include <stdlib.h>

#include "html.h"
#include "label.h"
#include "report_impl.h"

#define EN(l) ((l) == LANG_EN)

/* The class of a mark: its colour; the word is always printed too. */
const char *htmlchange_class(enum change_mark m)
{
	static const char *const c[] = {"c-pass", "c-new", "c-fixed", "c-still",
					"c-na", "c-added"};
	return c[m];
}

static void htmlchange_mark(FILE *f, enum change_mark m, enum lang l)
{
	html_printf(f, "<td><span class=\"change %s\">%s</span></td>",
		    htmlchange_class(m), change_word(m, l));
}

/* "新增 1，已整改 2，仍未整改 3，新增条款 0[，不再检查的条款 1]" */
static void htmlchange_counts(FILE *f, const struct change_tally *t, enum lang l)
{
	static const enum change_mark shown[] = {CHANGE_NEW, CHANGE_FIXED,
						 CHANGE_STILL, CHANGE_RULE_ADDED};
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		if (i)
			html_raw(f, EN(l) ? ", " : "，");
		if (EN(l))
			html_printf(f, "%zu %s", t->counts[shown[i]], change_word(shown[i], l));
		else
			html_printf(f, "%s %zu", change_word(shown[i], l), t->counts[shown[i]]);
	}
	if (t->removed)
		html_printf(f, EN(l) ? ", %zu rule(s) no longer checked"
				     : "，不再检查的条款 %zu", t->removed);
}

static void htmlchange_venues(FILE *f, const struct change_tally *t, enum lang l)
{
	html_printf(f, EN(l) ? "; %zu venue(s) new, %zu gone" : "；新增场馆 %zu 个，不再出现的场馆 %zu 个",
		    t->venues_added, t->venues_gone);
}

void htmlchange_tally(FILE *f, const struct change_tally *t, enum lang l)
{
	htmlchange_counts(f, t, l);
	htmlchange_venues(f, t, l);
}

static bool htmlchange_same(const struct venue_change *c)
{
	return !c->counts[CHANGE_NEW] && !c->counts[CHANGE_FIXED] &&
	       !c->counts[CHANGE_STILL] && !c->counts[CHANGE_RULE_ADDED] && !c->nremoved;
}

void htmlchange_summary_head(FILE *f, const struct report *r, enum lang l)
{
	if (r->changes)
		html_printf(f, "<th>%s</th>", EN(l) ? "Since the baseline" : "整改情况");
}

void htmlchange_summary_cell(FILE *f, const struct report *r, bool venue, enum lang l)
{
	if (!r->changes)
		return;
	const struct venue_change *c = &r->vchange;
	html_raw(f, "<td>");
	if (venue && !c->then)
		html_printf(f, "%s", EN(l) ? "new venue" : "新增场馆");
	else if (venue && htmlchange_same(c))
		html_printf(f, "%s", EN(l) ? "no change" : "无变化");
	else if (venue) {
		static const enum change_mark shown[] = {CHANGE_NEW, CHANGE_FIXED, CHANGE_STILL};
		bool any = false;
		for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
			if (!c->counts[shown[i]])
				continue;
			html_printf(f, "%s<span class=\"change %s\">%s %zu</span>", any ? " · " : "",
				    htmlchange_class(shown[i]), change_word(shown[i], l),
				    c->counts[shown[i]]);
			any = true;
		}
		if (!any)
			html_printf(f, "%s", EN(l) ? "rules changed" : "条款有增减");
	}
	html_raw(f, "</td>");
}

/* A row of the table: the mark, the rule, then and now. */
static void htmlchange_row(FILE *f, enum change_mark m, const char *mark_word,
			   const char *id, const char *title, const char *then,
			   const char *now, enum lang l)
{
	html_printf(f, "<tr class=\"%s\">", htmlchange_class(m));
	if (mark_word)
		html_printf(f, "<td><span class=\"change c-gone\">%s</span></td>", mark_word);
	else
		htmlchange_mark(f, m, l);
	html_printf(f, "<td><span class=\"rid\">%s</span>%s</td>", id, title ? title : "");
	html_printf(f, "<td class=\"gap\">%s</td><td class=\"gap\">%s</td></tr>\n",
		    then ? then : "", now ? now : "");
}

void htmlchange_venue(FILE *f, const struct report *r,
		      const struct check_report *rep, enum lang l, struct arena *a)
{
	static const char *const zh[] = {"整改情况", "条款", "基线结果", "本次结果"};
	static const char *const en[] = {"Change", "Rule", "Then", "Now"};
	if (!r->changes)
		return;
	const struct venue_change *c = &r->vchange;
	struct change_tally t = {.removed = c->nremoved};
	for (int m = 0; m < CHANGE_COUNT; m++)
		t.counts[m] = c->counts[m];
	html_raw(f, "<section class=\"changes\">\n");
	html_printf(f, "<h3>%s</h3>\n<p class=\"tally\">",
		    EN(l) ? "Since the baseline" : "整改情况（对比基线）");
	if (!c->then)
		html_printf(f, "%s", EN(l) ? "A venue new since the baseline: its failures count as new. "
					   : "基线中没有这个场馆，未通过的条款计为新增。");
	if (c->then && htmlchange_same(c)) {
		html_printf(f, "%s</p>\n</section>\n", EN(l) ? "No change." : "无变化。");
		return;
	}
	htmlchange_counts(f, &t, l);
	html_raw(f, "</p>\n<table class=\"changes\"><thead><tr>");
	for (size_t i = 0; i < 4; i++)
		html_printf(f, "<th>%s</th>", EN(l) ? en[i] : zh[i]);
	html_raw(f, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < c->n; i++) {
		const struct result *res = &rep->results[i];
		const struct change *x = &c->v[i];
		if (!change_tracked(x, res->verdict) && x->mark != CHANGE_RULE_ADDED)
			continue;
		htmlchange_row(f, x->mark, NULL, res->rule->id, label_rule(res->rule, l),
			       x->then ? report_then_text(res, x->then, l, a) : NULL,
			       report_now_text(res, l, a), l);
	}
	for (size_t i = 0; i < c->nremoved; i++) {
		const struct baseline_result *b = c->removed[i];
		htmlchange_row(f, CHANGE_NA, EN(l) ? "not checked" : "不再检查", b->rule, NULL,
			       b->text ? b->text : label_verdict(b->verdict, l), NULL, l);
	}
	html_raw(f, "</tbody></table>\n</section>\n");
}

void htmlchange_rollup(FILE *f, struct report *r, const char *top_id, enum lang l)
{
	const struct change_tally *t = r->changes ? change_run_under(r->changes, top_id) : NULL;
	if (!t)
		return;
	html_printf(f, "<section class=\"changes\">\n<p class=\"tally\">%s",
		    EN(l) ? "Since the baseline: " : "整改情况（对比基线）：");
	htmlchange_counts(f, t, l);
	htmlchange_venues(f, t, l);
	html_raw(f, "</p>\n</section>\n");
}

void htmlchange_total(FILE *f, struct report *r, enum lang l)
{
	if (!r->changes)
		return;
	const struct baseline *b = r->changes->base;
	const struct baseline_venue **gone;
	size_t n = change_run_gone(r->changes, &gone);
	struct change_tally t = r->changes->total;
	t.venues_gone = n;
	html_printf(f, EN(l) ? "<p class=\"tally\">Since the baseline %s (venuecheck %s): "
			     : "<p class=\"tally\">对比基线 %s（venuecheck %s）：", b->path, b->version);
	htmlchange_counts(f, &t, l);
	htmlchange_venues(f, &t, l);
	html_raw(f, EN(l) ? ".</p>\n" : "。</p>\n");
	if (n) {
		html_printf(f, "<p class=\"meta\">%s</p>\n<ul class=\"gone\">\n",
			    EN(l) ? "Venues gone (in the baseline, not in this run):"
				  : "不再出现的场馆（基线中有，本次没有）：");
		for (size_t i = 0; i < n; i++)
			html_printf(f, EN(l) ? "<li>%s (<span class=\"id\">%s</span>)</li>\n"
					     : "<li>%s（<span class=\"id\">%s</span>）</li>\n",
				    gone[i]->name, gone[i]->id);
		html_raw(f, "</ul>\n");
	}
	free(gone);
}
