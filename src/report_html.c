/* report_html.c - the `html` report: one self-contained, printable file
 * (its style sheet inline; no script, no external resource), Chinese by
 * default.  First the batch's summary table, a row per venue linking to its
 * section, then each venue as the server's result page shows it
 * (htmlreport.c), then the roll-ups.  The summary comes first but is known
 * only at the end, and a report of 100,000 venues must not be held in
 * memory: rows and sections go to two temporary files, joined at finish.
 * Nothing depends on the time or the machine: a rebuilt report is the same.
 * Pipeline step: 4, report. */
#include <errno.h>
#include <stdio.h>

#include "html.h"
#include "htmlchange.h"
#include "htmlreport.h"
#include "report_impl.h"

struct html_report {
	struct report base;
	enum lang lang;
	FILE *rows; /* the summary table's rows */
	FILE *body; /* the venues' sections and the roll-ups */
	size_t sections;
};

#define EN(h) ((h)->lang == LANG_EN)

/* Each section starts with an anchor the summary links to; in print it
 * starts a page too. */
static void html_anchor(struct html_report *h)
{
	html_printf(h->body, "<div class=\"page-start\" id=\"s%zu\"></div>\n",
		    ++h->sections);
}

static void html_count_cell(FILE *f, size_t n)
{
	html_printf(f, "<td class=\"num\">%zu</td>", n);
}

static void html_summary_row(struct html_report *h, const struct check_report *rep)
{
	const struct venue *v = rep->venue;
	const size_t *c = rep->counts;
	FILE *f = h->rows;
	html_printf(f, "<tr><td><a href=\"#s%zu\">%s</a></td><td class=\"id\">%s</td>"
		    "<td>%s</td>", h->sections, v->name, v->id,
		    label_tier(h->base.pack, v->tier, h->lang));
	if (h->base.opts.validate) {
		/* No rule was judged: the structure is valid, that is all. */
		html_printf(f, "<td colspan=\"4\"></td><td class=\"verdict v-pass\">✓ %s</td></tr>\n",
			    EN(h) ? "valid" : "有效");
		return;
	}
	html_count_cell(f, c[VERDICT_PASS]);
	html_count_cell(f, c[VERDICT_FAIL]);
	html_count_cell(f, c[VERDICT_MISSING]);
	html_count_cell(f, c[VERDICT_WAIVED]);
	html_raw(f, "<td>");
	htmlreport_verdict(f, label_overall(rep), h->lang);
	html_raw(f, "</td>");
	htmlchange_summary_cell(f, &h->base, true, h->lang);
	html_raw(f, "</tr>\n");
}

/* validate: the structure only, so a valid file's section says that
 * (and its warnings), no rule. */
static void html_valid(struct html_report *h, const struct check_report *rep,
		       const struct diags *warnings)
{
	FILE *f = h->body;
	html_raw(f, "<section class=\"venue\">\n");
	html_printf(f, "<h2>%s</h2>\n", label_venue(h->base.pack, rep->venue, h->lang,
						     &h->base.scratch));
	html_printf(f, "<p class=\"ok\">✓ %s</p>\n", EN(h)
		? "Valid: the file's structure is right (validate judges no rule)."
		: "有效：文件结构正确（validate 不判断条款）。");
	for (size_t i = 0; warnings && i < warnings->n; i++)
		html_printf(f, "<p class=\"note\">%s</p>\n", diag_text(&warnings->v[i], h->lang));
	html_raw(f, "</section>\n");
}

static void html_venue(struct report *r, const struct check_report *rep,
		       const struct diags *warnings)
{
	struct html_report *h = (struct html_report *)r;
	html_anchor(h);
	html_summary_row(h, rep);
	if (r->opts.validate)
		html_valid(h, rep, warnings);
	else {
		htmlreport_venue(h->body, r->pack, rep, warnings, h->lang);
		htmlchange_venue(h->body, r, rep, h->lang, &r->scratch);
	}
	arena_free(&r->scratch);
}

static void html_invalid(struct report *r, const char *path,
			 const struct diags *errors)
{
	struct html_report *h = (struct html_report *)r;
	html_anchor(h);
	html_printf(h->rows, EN(h)
		? "<tr><td><a href=\"#s%zu\">%s</a></td><td></td><td></td>"
		  "<td colspan=\"4\">%zu error(s)</td>"
		: "<tr><td><a href=\"#s%zu\">%s</a></td><td></td><td></td>"
		  "<td colspan=\"4\">%zu 个错误</td>", h->sections, path, errors->errors);
	html_printf(h->rows, "<td class=\"verdict v-fail\">✗ %s</td>",
		    EN(h) ? "INVALID" : "无效文件");
	htmlchange_summary_cell(h->rows, r, false, h->lang);
	html_raw(h->rows, "</tr>\n");
	htmlreport_invalid(h->body, path, errors, h->lang);
}

static void html_rollup(struct report *r, const struct rollup *u)
{
	struct html_report *h = (struct html_report *)r;
	if (r->opts.validate)
		return;
	html_anchor(h);
	htmlreport_rollup(h->body, r->pack, u, h->lang);
	htmlchange_rollup(h->body, r, u->top->id, h->lang);
}

/* The title, the standard, the totals and the summary table. */
static void html_front(struct html_report *h)
{
	static const char *const zh[] = {"场馆", "编号", "层级", "通过", "未通过",
					 "缺数据", "豁免", "结论"};
	static const char *const en[] = {"Venue", "ID", "Tier", "Passed", "Failed",
					 "Missing", "Waived", "Verdict"};
	FILE *f = h->base.out.fp;
	const char *title = h->base.opts.validate
		? (EN(h) ? "Validation report" : "文件校验报告")
		: (EN(h) ? "Venue check report" : "场馆检查报告");
	htmlreport_begin(f, title, h->lang, NULL);
	html_raw(f, "<section class=\"summary\">\n");
	html_printf(f, "<h1>%s</h1>\n<p class=\"meta\">%s</p>\n", title,
		    label_standard(h->base.pack, h->lang, &h->base.scratch));
	const struct report *r = &h->base;
	html_printf(f, "<p class=\"tally\">%s</p>\n", r->opts.validate
		? label_validated(r->venues, r->invalid, h->lang, &h->base.scratch)
		: label_total(r->venues, r->failing, r->invalid, h->lang, &h->base.scratch));
	htmlchange_total(f, &h->base, h->lang);
	html_raw(f, "<table class=\"summary\"><thead><tr>");
	for (size_t i = 0; i < 8; i++)
		html_printf(f, "<th>%s</th>", EN(h) ? en[i] : zh[i]);
	htmlchange_summary_head(f, &h->base, h->lang);
	html_raw(f, "</tr></thead>\n<tbody>\n");
}

/* Append a temporary's bytes to out; false when it could not be read. */
static bool html_copy(FILE *tmp, FILE *out)
{
	char buf[65536];
	size_t n;
	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0)
		return false;
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		fwrite(buf, 1, n, out);
	return !ferror(tmp);
}

static bool html_finish(struct report *r, struct diags *d)
{
	struct html_report *h = (struct html_report *)r;
	FILE *out = r->out.fp;
	html_front(h);
	bool ok = html_copy(h->rows, out);
	html_raw(out, "</tbody></table>\n</section>\n");
	ok = html_copy(h->body, out) && ok;
	htmlreport_end(out);
	if (!ok) {
		/* The temporary directory, not the report, failed: say why,
		 * and leave no half report. */
		diag_addm(d, DM_CANNOT_WRITE_REPORT, DIAG_ERROR, r->opts.out, 0, 0,
			  diag_errno(errno ? errno : EIO));
		outfile_abort(&r->out);
	}
	fclose(h->rows);
	fclose(h->body);
	return report_done(r, d) && ok;
}

static const struct report_ops html_ops = {.venue = html_venue,
	.invalid = html_invalid, .rollup = html_rollup, .finish = html_finish};

struct report *report_html_open(const struct pack *p,
				const struct report_opts *o, struct diags *d)
{
	struct html_report *h = (struct html_report *)
		report_new(sizeof *h, &html_ops, p, o, true, d);
	if (!h)
		return NULL;
	h->lang = o->lang;
	h->rows = tmpfile();
	h->body = h->rows ? tmpfile() : NULL;
	if (!h->body) {
		diag_addm(d, DM_CANNOT_WRITE_REPORT, DIAG_ERROR, o->out, 0, 0,
			  diag_errno(errno));
		if (h->rows)
			fclose(h->rows);
		outfile_abort(&h->base.out);
		report_done(&h->base, d);
		return NULL;
	}
	return &h->base;
}
