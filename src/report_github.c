/* report_github.c - GitHub Actions workflow commands: one annotation per
 * problem (::error file=...,line=...,col=...,title=E012 unknown-key::...)
 * and per failing or missing rule, so a pull request shows them inline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "gradetext.h"
#include "report_impl.h"
#include "utf8.h"

struct gh_report {
	struct report base;
};

/* Workflow-command escaping: data escapes %, CR and LF; properties also
 * escape ':' and ','.  Control characters are escaped first (utf8_escape),
 * as in every text output: a line break in a key cannot end the command,
 * nor an ESC reach the log viewer. */
static void esc(FILE *f, const char *s, bool property)
{
	char *e = utf8_escape(s);
	for (const char *c = e; *c; c++) {
		switch (*c) {
		case '%': fputs("%25", f); break;
		case ':': fputs(property ? "%3A" : ":", f); break;
		case ',': fputs(property ? "%2C" : ",", f); break;
		default: fputc(*c, f);
		}
	}
	free(e);
}

static void annotate(FILE *f, const char *level, const char *file, int line,
		     int col, const char *title, const char *msg)
{
	fprintf(f, "::%s file=", level);
	esc(f, file, true);
	if (line > 0)
		fprintf(f, ",line=%d,col=%d", line, col);
	fputs(",title=", f);
	esc(f, title, true);
	fputs("::", f);
	esc(f, msg, false);
	fputc('\n', f);
}

static void diags_out(FILE *f, const struct diags *d, enum lang l)
{
	for (size_t i = 0; d && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		char title[64];
		snprintf(title, sizeof title, "%s %s", diag_code_id(g->code),
			 diag_code_name(g->code));
		/* A workbook's cell is no line of a file: name it in the text. */
		char msg[2048];
		snprintf(msg, sizeof msg, "%s%s%s", g->where ? g->where : "",
			 g->where ? ": " : "", diag_text(g, l));
		annotate(f, g->level == DIAG_ERROR ? "error" : "warning", g->file,
			 g->where ? 0 : g->line, g->col, title, msg);
	}
}

static void gh_venue(struct report *r, const struct check_report *rep,
		     const struct diags *warnings)
{
	struct gh_report *g = (struct gh_report *)r;
	enum lang l = r->opts.lang;
	diags_out(g->base.out.fp, warnings, l);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *res = &rep->results[i];
		bool waived = res->verdict == VERDICT_WAIVED;
		if (!check_is_failure(res->verdict) && !waived)
			continue;
		const char *measured = label_measured(res, l, &g->base.scratch);
		const char *gap = label_gap(res, l, &g->base.scratch);
		const char *msg = arena_printf(&g->base.scratch, "%s%s%s%s%s",
			label_rule(res->rule, l), measured ? ": " : "",
			measured ? measured : "", gap ? ", " : "", gap ? gap : "");
		/* --baseline: the mark first, 新增 or 仍未整改. */
		if (r->changes)
			msg = arena_printf(&g->base.scratch, "[%s] %s",
				change_word(r->vchange.v[i].mark, l), msg);
		/* The rule concerns the whole file: point at its venue header. */
		const struct venue_pos *hdr = &rep->venue->at_header;
		if (rep->venue->book)
			hdr = NULL; /* a workbook: no line to point at */
		/* A waived failure is on record, not a failure: a notice; so
		 * is, with --fail-on new, one the baseline already had. */
		bool notice = waived || report_backlog(r, i, res);
		annotate(g->base.out.fp, notice ? "notice" : "error", rep->venue->path,
			 hdr ? hdr->line : 0, hdr ? hdr->col : 1, res->rule->id, msg);
	}
	if (rep->grade.graded) /* the grade: a notice on the file */
		annotate(g->base.out.fp, "notice", rep->venue->path, 0, 1,
			 l == LANG_EN ? "grade" : "定级",
			 arena_printf(&g->base.scratch, l == LANG_EN ? "Grade: %s (%s)"
								     : "定级：%s（%s）",
				      gradetext_reached(r->pack, &rep->grade, l,
							&g->base.scratch),
				      gradetext_how(r->pack, rep, l, &g->base.scratch)));
	arena_free(&g->base.scratch);
}

static void gh_invalid(struct report *r, const char *path,
		       const struct diags *errors)
{
	(void)path;
	diags_out(r->out.fp, errors, r->opts.lang);
}

static bool gh_finish(struct report *r, struct diags *d)
{
	return report_done(r, d);
}

static const struct report_ops gh_ops = {.venue = gh_venue,
	.invalid = gh_invalid, .finish = gh_finish};

struct report *report_github_open(const struct pack *p,
				  const struct report_opts *o, struct diags *d)
{
	struct gh_report *g = (struct gh_report *)
		report_new(sizeof *g, &gh_ops, p, o, true, d);
	if (!g)
		return NULL;
	return &g->base;
}
