/* report_sarif.c - SARIF 2.1.0, the format code-scanning services (GitHub,
 * GitLab, Azure DevOps) and Spectral/conftest users read: one run whose
 * tool.driver lists a rule per rule of the pack and per diagnostic code,
 * then a result per failed, missing or waived rule (located at the venue
 * file's header) and per diagnostic (at its line and column, or its
 * workbook cell as a logical location).  Streamed: the rules are known
 * when the report opens, the results are written as they come. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "gradetext.h"
#include "report_impl.h"
#include "utf8.h"
#include "value.h"
#include "venuecheck.h"
#include "waiver.h"

/* The tool has no web site of its own: its documentation is the manual. */
#define SARIF_INFO_URI "man:venuecheck(1)"
#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
		     "errata01/os/schemas/sarif-schema-2.1.0.json"

struct sarif_report {
	struct report base;
	size_t nresults;
};

static void sstr(FILE *f, const char *s)
{
	if (!s)
		fputs("null", f);
	else
		utf8_quoted(f, s); /* a byte that is not UTF-8 as \xNN */
}

/* ,"key": (no comma for the first key of an object) */
static void skey(FILE *f, const char *k, bool first)
{
	if (!first)
		fputc(',', f);
	sstr(f, k);
	fputc(':', f);
}

static void snum(FILE *f, double x)
{
	char buf[32];
	fputs(value_num_text(buf, sizeof buf, x), f);
}

/* {"text": s} */
static void message(FILE *f, const char *key, const char *s)
{
	skey(f, key, false);
	fputs("{\"text\":", f);
	sstr(f, s && *s ? s : "-");
	fputc('}', f);
}

static void rule_descriptor(FILE *f, const struct rule *r, enum lang l,
			    bool first)
{
	fputs(first ? "{" : ",{", f);
	skey(f, "id", true);
	sstr(f, r->id);
	message(f, "shortDescription", label_rule(r, l));
	if (r->clause && *r->clause)
		message(f, "fullDescription", r->clause);
	fprintf(f, ",\"defaultConfiguration\":{\"level\":\"%s\"}",
		r->warning ? "warning" : "error");
	skey(f, "properties", false);
	fputc('{', f);
	skey(f, "tier", true);
	sstr(f, r->tier);
	skey(f, "category", false);
	sstr(f, r->category);
	skey(f, "kind", false);
	sstr(f, pack_kind_name(r->kind));
	fputs("}}", f);
}

/* The diagnostic codes as rules: E0xx and R001 are errors, W1xx
 * warnings. */
static void code_descriptors(FILE *f)
{
	for (int c = 0; c < (int)DC_COUNT; c++) {
		const char *id = diag_code_id((enum diag_code)c);
		if (!*id)
			continue;
		fputs(",{", f);
		skey(f, "id", true);
		sstr(f, id);
		skey(f, "name", false);
		sstr(f, diag_code_name((enum diag_code)c));
		message(f, "shortDescription", diag_code_name((enum diag_code)c));
		fprintf(f, ",\"defaultConfiguration\":{\"level\":\"%s\"}}",
			*id == 'W' ? "warning" : "error");
	}
}

static void result_open(struct sarif_report *s, const char *rule_id,
			const char *level)
{
	FILE *f = s->base.out.fp;
	fputs(s->nresults++ ? ",\n{" : "\n{", f);
	if (rule_id) {
		skey(f, "ruleId", true);
		sstr(f, rule_id);
		skey(f, "level", false);
	} else {
		skey(f, "level", true);
	}
	sstr(f, level);
}

/* "locations": the file (its name percent-encoded as a URI reference,
 * which keeps a GBK name's bytes), the region when the line is known, and
 * a workbook's sheet!cell as a logical location. */
static void location(struct sarif_report *s, const char *file, int line,
		     int col, const char *cell)
{
	FILE *f = s->base.out.fp;
	skey(f, "locations", false);
	fputs("[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
	sstr(f, utf8_percent_in(&s->base.scratch, file ? file : ""));
	fputc('}', f);
	if (line > 0 && !cell) {
		fprintf(f, ",\"region\":{\"startLine\":%d", line);
		if (col > 0)
			fprintf(f, ",\"startColumn\":%d", col);
		fputc('}', f);
	}
	fputc('}', f);
	if (cell) {
		fputs(",\"logicalLocations\":[{\"fullyQualifiedName\":", f);
		sstr(f, cell);
		fputs(",\"kind\":\"element\"}]", f);
	}
	fputs("}]", f);
}

static void diags_out(struct sarif_report *s, const struct diags *d)
{
	FILE *f = s->base.out.fp;
	for (size_t i = 0; d && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *id = diag_code_id(g->code);
		result_open(s, *id ? id : NULL,
			    g->level == DIAG_ERROR ? "error" : "warning");
		/* A code scanner shows the message alone: the cell goes in. */
		const char *text = diag_text(g, s->base.opts.lang);
		message(f, "message", g->where
			? arena_printf(&s->base.scratch, "%s: %s", g->where, text)
			: text);
		location(s, g->file, g->line, g->col, g->where);
		fputc('}', f);
	}
}

static const char *verdict_word(enum verdict v)
{
	static const char *const w[] = {"pass", "fail", "missing", "na", "batch",
					"waived"};
	return w[v];
}

/* A waived failure is on record: a result with an accepted suppression
 * (code scanning shows it as dismissed), its waiver the justification. */
static void suppression(FILE *f, const struct result *r)
{
	const struct waiver *w = r->waiver;
	if (!w)
		return;
	fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\"", f);
	skey(f, "justification", false);
	sstr(f, w->reason);
	fputs(",\"properties\":{", f);
	skey(f, "approver", true);
	sstr(f, w->approver);
	skey(f, "expires", false);
	sstr(f, w->expires_text);
	fputs("}}]", f);
}

static const char *rule_text(struct sarif_report *s, const struct result *res)
{
	enum lang l = s->base.opts.lang;
	struct arena *a = &s->base.scratch;
	const char *measured = label_measured(res, l, a);
	const char *required = label_required_text(res, l, a);
	const char *gap = label_gap(res, l, a);
	const char *t = arena_printf(a, l == LANG_EN ? "%s: %s" : "%s：%s",
				     label_rule(res->rule, l),
				     measured ? measured : label_verdict(res->verdict, l));
	if (required)
		t = arena_printf(a, l == LANG_EN ? "%s (required %s)" : "%s（要求 %s）",
				 t, required);
	if (gap)
		t = arena_printf(a, l == LANG_EN ? "%s, %s" : "%s，%s", t, gap);
	return t;
}

/* SARIF's own word for a result against a baseline: new, unchanged (a
 * failure it had, the gap the same) or updated (the gap changed). */
static const char *baseline_state(const struct change *c, const struct result *res)
{
	if (c->mark != CHANGE_STILL)
		return "new";
	bool same = c->then && c->then->has_gap == res->has_required &&
		    (!c->then->has_gap || c->then->gap == res->gap);
	return same ? "unchanged" : "updated";
}

static void rule_result(struct sarif_report *s, const struct check_report *rep,
			const struct result *res, size_t i)
{
	FILE *f = s->base.out.fp;
	/* --fail-on new: a failure the baseline had is a note. */
	result_open(s, res->rule->id, report_backlog(&s->base, i, res) ? "note"
				      : res->rule->warning ? "warning" : "error");
	if (s->base.changes && check_is_failure(res->verdict)) {
		skey(f, "baselineState", false);
		sstr(f, baseline_state(&s->base.vchange.v[i], res));
	}
	message(f, "message", rule_text(s, res));
	/* The rule concerns the whole file: its venue header, when a YAML
	 * file has one (a workbook has no line to point at). */
	const struct venue_pos *hdr = rep->venue->book ? NULL
				   : &rep->venue->at_header;
	location(s, rep->venue->path, hdr ? hdr->line : 0, hdr ? hdr->col : 0,
		 NULL);
	suppression(f, res);
	fputs(",\"properties\":{", f);
	skey(f, "venue", true);
	sstr(f, rep->venue->id);
	skey(f, "verdict", false);
	sstr(f, verdict_word(res->verdict));
	if (res->has_measured && res->measured.type != V_BOOL) {
		skey(f, "measured", false);
		snum(f, res->measured.u.num);
	}
	if (res->has_required) {
		skey(f, "required", false);
		snum(f, res->required);
	}
	bool failed = res->verdict == VERDICT_FAIL ||
		(res->verdict == VERDICT_WAIVED && res->waived == VERDICT_FAIL);
	if (failed && res->has_required) {
		skey(f, "gap", false);
		snum(f, res->gap);
	}
	fputs("}}", f);
}

/* A graded pack's grade: a note on the file, under the driver's rule
 * "grade". */
static void grade_result(struct sarif_report *s, const struct check_report *rep)
{
	FILE *f = s->base.out.fp;
	const struct pack *p = s->base.pack;
	enum lang l = s->base.opts.lang;
	struct arena *a = &s->base.scratch;
	const struct venue_grade *g = &rep->grade;
	result_open(s, "grade", "note");
	message(f, "message", arena_printf(a, l == LANG_EN ? "Grade: %s (%s)"
							   : "定级：%s（%s）",
					   gradetext_reached(p, g, l, a),
					   gradetext_how(p, rep, l, a)));
	location(s, rep->venue->path, 0, 0, NULL);
	fputs(",\"properties\":{", f);
	skey(f, "venue", true);
	sstr(f, rep->venue->id);
	skey(f, "grade", false);
	sstr(f, g->grade < (int)p->ngrades ? p->grades[g->grade].id : NULL);
	skey(f, "undetermined", false);
	fputs(g->undetermined ? "true" : "false", f);
	fputs("}}", f);
}

static void sarif_venue(struct report *r, const struct check_report *rep,
			const struct diags *warnings)
{
	struct sarif_report *s = (struct sarif_report *)r;
	diags_out(s, warnings);
	for (size_t i = 0; i < rep->n; i++) {
		const struct result *res = &rep->results[i];
		if (check_is_failure(res->verdict) ||
		    (res->verdict == VERDICT_WAIVED && res->waiver))
			rule_result(s, rep, res, i);
	}
	if (rep->grade.graded)
		grade_result(s, rep);
	arena_free(&s->base.scratch);
}

static void sarif_invalid(struct report *r, const char *path,
			  const struct diags *errors)
{
	(void)path; /* each error names its file */
	struct sarif_report *s = (struct sarif_report *)r;
	diags_out(s, errors);
	arena_free(&s->base.scratch);
}

static bool sarif_finish(struct report *r, struct diags *d)
{
	fputs("\n]}]}\n", r->out.fp);
	return report_done(r, d);
}

static const struct report_ops sarif_ops = {.venue = sarif_venue,
	.invalid = sarif_invalid, .finish = sarif_finish};

struct report *report_sarif_open(const struct pack *p,
				 const struct report_opts *o, struct diags *d)
{
	struct sarif_report *s = (struct sarif_report *)
		report_new(sizeof *s, &sarif_ops, p, o, true, d);
	if (!s)
		return NULL;
	FILE *f = s->base.out.fp;
	fputs("{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{"
	      "\"tool\":{\"driver\":{\"name\":\"venuecheck\",\"version\":\"" VC_VERSION
	      "\",\"semanticVersion\":\"" VC_VERSION "\",\"informationUri\":\""
	      SARIF_INFO_URI "\"", f);
	message(f, "shortDescription", o->lang == LANG_EN
		? "checks public cultural venues against service standards"
		: "公共文化场馆服务标准核查");
	fputs(",\"rules\":[", f);
	for (size_t i = 0; i < p->nrules; i++)
		rule_descriptor(f, &p->rules[i], o->lang, i == 0);
	if (!p->nrules)
		fputs("{\"id\":\"venuecheck\"}", f); /* keeps the commas simple */
	code_descriptors(f);
	if (p->ngrades) {
		fputs(",{\"id\":\"grade\",\"name\":\"grade\"", f);
		message(f, "shortDescription", o->lang == LANG_EN
			? "the grade the venue reaches" : "场馆达到的等级（定级）");
		fputs(",\"defaultConfiguration\":{\"level\":\"note\"}}", f);
	}
	/* libyaml counts columns in characters, not UTF-16 code units. */
	fputs("]}},\"columnKind\":\"unicodeCodePoints\",\"properties\":{", f);
	skey(f, "command", true);
	sstr(f, o->validate ? "validate" : "check");
	skey(f, "standard", false);
	fputc('{', f);
	skey(f, "id", true);
	sstr(f, p->id);
	skey(f, "title", false);
	sstr(f, p->title);
	fputs("}},\"results\":[", f);
	return &s->base;
}
