/* cli_diff.c - `diff OLD.json NEW.json`: two JSON reports of check
 * compared without checking anything again (baseline.h reads them, the
 * marks are change.h's), written as text, JSON, CSV or the XLSX 整改跟踪
 * sheet here, as GitHub annotations, JUnit, SARIF or HTML in
 * cli_diff_ci.c.  Exit 1 when NEW has failures OLD did not.  Part of the front
 * end (cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "change.h"
#include "cli.h"
#include "cli_diff.h"
#include "label.h"
#include "outfile.h"
#include "report_track.h"
#include "utf8.h"
#include "value.h"
#include "venuecheck.h"
#include "xalloc.h"

/* The two reports and every venue of NEW compared. */
struct diff {
	struct baseline old, now;
	struct venue_change *v; /* per venue of now */
	const struct baseline_venue **gone;
	size_t ngone;
	struct change_tally total;
	struct arena arena;
	const struct opts *o;
};

static void compare(struct diff *df)
{
	arena_init(&df->arena);
	df->v = arena_alloc(&df->arena, (df->now.n + 1) * sizeof *df->v);
	for (size_t i = 0; i < df->now.n; i++) {
		const struct baseline_venue *nv = &df->now.venues[i];
		struct venue_change *c = &df->v[i];
		change_pair(c, &df->old, nv, &df->arena);
		for (int m = 0; m < CHANGE_COUNT; m++)
			df->total.counts[m] += c->counts[m];
		df->total.new_failures += change_pair_new_failures(c, nv);
		df->total.removed += c->nremoved;
		df->total.venues_added += !c->then;
	}
	df->gone = arena_alloc(&df->arena, (df->old.n + 1) * sizeof *df->gone);
	for (size_t i = 0; i < df->old.n; i++) {
		const struct baseline_venue *ov = &df->old.venues[i];
		if (baseline_venue(&df->old, ov->id) == ov && !baseline_venue(&df->now, ov->id))
			df->gone[df->ngone++] = ov;
	}
	df->total.venues_gone = df->ngone;
}

/* A result's words: its text, else its verdict. */
static const char *words(const struct baseline_result *r, enum lang l)
{
	return r->text ? r->text : label_verdict(r->verdict, l);
}

/* What a comparison lists: a result failing then or now, or of a rule
 * new since. */
static bool listed(const struct change *c, const struct baseline_result *now)
{
	enum verdict v = now->verdict;
	return c->mark == CHANGE_RULE_ADDED ||
	       change_tracked(c, v == VERDICT_NA || v == VERDICT_BATCH ? VERDICT_PASS : v);
}

/* ---- the rows every tabular form shares (csv, xlsx) ---- */

static bool failing(const struct baseline_result *r)
{
	return check_is_failure(r->verdict) || r->verdict == VERDICT_WAIVED;
}

/* Where a row's venue is (its file in the report that has it) and
 * whether the row is a failure new since: the CI formats' (cli_diff_ci.c)
 * beside the 整改跟踪 rows, which report_xlsx.c shares. */
struct rows {
	struct track_row *v;
	struct diff_where *where;
	size_t n;
};

static void add_row(struct rows *r, struct track_row row, const char *path,
		    bool new_failure, const char *key)
{
	r->where[r->n] = (struct diff_where){path, new_failure, key};
	r->v[r->n++] = row;
}

/* The 整改跟踪 rows, as check --baseline's sheet has them: each venue x
 * rule failing then or now, an old result failing with no counterpart
 * now, and each failure of a venue gone.  Free r->v and r->where. */
static void rows_of(const struct diff *df, struct rows *r)
{
	enum lang l = df->o->report.lang;
	const char *gone_word = l == LANG_EN ? "venue gone" : "不再出现的场馆";
	size_t cap = 1;
	for (size_t i = 0; i < df->now.n; i++)
		cap += df->now.venues[i].n + df->v[i].nremoved;
	for (size_t i = 0; i < df->ngone; i++)
		cap += df->gone[i]->n;
	r->v = xcalloc(cap, sizeof *r->v);
	r->where = xcalloc(cap, sizeof *r->where);
	r->n = 0;
	for (size_t i = 0; i < df->now.n; i++) {
		const struct baseline_venue *nv = &df->now.venues[i];
		const struct venue_change *c = &df->v[i];
		for (size_t k = 0; k < nv->n; k++) {
			const struct change *x = &c->v[k];
			if (!change_tracked(x, nv->results[k].verdict))
				continue;
			add_row(r, (struct track_row){nv->id, nv->name, nv->tier,
				nv->results[k].rule, NULL, x->then ? words(x->then, l) : "",
				words(&nv->results[k], l), change_word(x->mark, l), x->mark, false},
				nv->path, change_is_new_failure(x->mark, nv->results[k].verdict),
				change_key(x->mark));
		}
		for (size_t k = 0; k < c->nremoved; k++)
			if (failing(c->removed[k]))
				add_row(r, (struct track_row){nv->id, nv->name, nv->tier,
					c->removed[k]->rule, NULL, words(c->removed[k], l), "",
					l == LANG_EN ? "not checked" : "不再检查", CHANGE_NA, true},
					nv->path, false, "removed");
	}
	for (size_t i = 0; i < df->ngone; i++)
		for (size_t k = 0; k < df->gone[i]->n; k++) {
			const struct baseline_result *b = &df->gone[i]->results[k];
			if (failing(b))
				add_row(r, (struct track_row){df->gone[i]->id, df->gone[i]->name,
					df->gone[i]->tier, b->rule, NULL, words(b, l), "", gone_word,
					CHANGE_NA, true}, df->gone[i]->path, false, "gone");
		}
}

/* ---- text ---- */

void diff_counts(FILE *f, const struct change_tally *t, enum lang l)
{
	static const enum change_mark shown[] = {CHANGE_NEW, CHANGE_FIXED,
						 CHANGE_STILL, CHANGE_RULE_ADDED};
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		size_t n = t->counts[shown[i]];
		if (l == LANG_EN)
			fprintf(f, "%s%zu %s", i ? ", " : "", n, change_word(shown[i], l));
		else
			fprintf(f, "%s%s %zu", i ? "，" : "", change_word(shown[i], l), n);
	}
	fprintf(f, l == LANG_EN ? ", %zu rule(s) no longer checked; %zu venue(s) new, %zu gone.\n"
				: "，不再检查的条款 %zu；新增场馆 %zu 个，不再出现的场馆 %zu 个。\n",
		t->removed, t->venues_added, t->venues_gone);
}

static void text_line(FILE *f, const char *mark, const char *rule,
		      const char *then, const char *now, enum lang l)
{
	fputs("    ", f);
	for (size_t w = utf8_put(f, mark); w < (l == LANG_EN ? 14 : 11); w++)
		fputc(' ', f);
	utf8_printf(f, "%s%s", rule, l == LANG_EN ? ": " : "：");
	if (*then && *now)
		utf8_printf(f, "%s → %s\n", then, now);
	else
		utf8_printf(f, "%s\n", *now ? now : then);
}

static void text_venue(FILE *f, const struct baseline_venue *nv,
		       const struct venue_change *c, enum lang l)
{
	bool any = c->nremoved > 0;
	for (size_t k = 0; k < nv->n; k++)
		any = any || listed(&c->v[k], &nv->results[k]);
	if (!any)
		return;
	utf8_printf(f, l == LANG_EN ? "%s (%s)%s\n" : "%s（%s）%s\n", nv->name, nv->id,
		    c->then ? "" : l == LANG_EN ? ": new since the baseline" : "：基线中没有这个场馆");
	for (size_t k = 0; k < nv->n; k++)
		if (listed(&c->v[k], &nv->results[k]))
			text_line(f, change_word(c->v[k].mark, l), nv->results[k].rule,
				  c->v[k].then ? words(c->v[k].then, l) : "",
				  words(&nv->results[k], l), l);
	for (size_t k = 0; k < c->nremoved; k++)
		text_line(f, l == LANG_EN ? "not checked" : "不再检查", c->removed[k]->rule,
			  words(c->removed[k], l), "", l);
}

static void write_text(FILE *f, const struct diff *df)
{
	enum lang l = df->o->report.lang;
	utf8_printf(f, l == LANG_EN ? "%s (venuecheck %s) → %s (venuecheck %s)\n\n"
				    : "对比 %s（venuecheck %s）→ %s（venuecheck %s）\n\n",
		    df->old.path, df->old.version, df->now.path, df->now.version);
	for (size_t i = 0; i < df->now.n; i++)
		text_venue(f, &df->now.venues[i], &df->v[i], l);
	for (size_t i = 0; i < df->ngone; i++)
		utf8_printf(f, l == LANG_EN ? "%s (%s): gone\n" : "%s（%s）：不再出现的场馆\n",
			    df->gone[i]->name, df->gone[i]->id);
	fputs(l == LANG_EN ? "\nIn all: " : "\n合计：", f);
	diff_counts(f, &df->total, l);
}

/* ---- json ---- */

static void jnum(FILE *f, bool has, double x)
{
	char buf[32];
	fputs(has ? value_num_text(buf, sizeof buf, x) : "null", f);
}

static const char *verdict_key(enum verdict v)
{
	static const char *const w[] = {"pass", "fail", "missing", "na", "batch", "waived"};
	return w[v];
}

static void json_side(FILE *f, const struct baseline_result *r)
{
	if (!r) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"verdict\":\"%s\",\"gap\":", verdict_key(r->verdict));
	jnum(f, r->has_gap, r->gap);
	fputs(",\"text\":", f);
	report_json_str(f, r->text);
	fputc('}', f);
}

static void json_venue(FILE *f, const struct baseline_venue *nv,
		       const struct venue_change *c)
{
	fputs("{\"id\":", f);
	report_json_str(f, nv->id);
	fputs(",\"name\":", f);
	report_json_str(f, nv->name);
	fputs(",\"tier\":", f);
	report_json_str(f, nv->tier);
	fputs(",\"path\":", f);
	report_json_str(f, nv->path);
	fprintf(f, ",\"venue\":\"%s\",\"results\":[", c->then ? "compared" : "added");
	for (size_t k = 0; k < nv->n; k++) {
		fputs(k ? ",{\"rule\":" : "{\"rule\":", f);
		report_json_str(f, nv->results[k].rule);
		fprintf(f, ",\"mark\":\"%s\",\"then\":", change_key(c->v[k].mark));
		json_side(f, c->v[k].then);
		fputs(",\"now\":", f);
		json_side(f, &nv->results[k]);
		fputc('}', f);
	}
	fputs("],\"removed\":[", f);
	for (size_t k = 0; k < c->nremoved; k++) {
		fputs(k ? ",{\"rule\":" : "{\"rule\":", f);
		report_json_str(f, c->removed[k]->rule);
		fputs(",\"then\":", f);
		json_side(f, c->removed[k]);
		fputc('}', f);
	}
	fputs("]}", f);
}

static void json_report(FILE *f, const char *key, const struct baseline *b)
{
	fprintf(f, "\"%s\":{\"path\":", key);
	report_json_str(f, b->path);
	fputs(",\"venuecheck\":", f);
	report_json_str(f, b->version);
	fputs(",\"standard\":", f);
	report_json_str(f, b->standard_id);
	fputc('}', f);
}

static void json_counts(FILE *f, const struct change_tally *t)
{
	fputs("\"counts\":{", f);
	for (int m = 0; m < CHANGE_COUNT; m++)
		fprintf(f, "%s\"%s\":%zu", m ? "," : "", change_key((enum change_mark)m),
			t->counts[m]);
	fprintf(f, ",\"removed\":%zu,\"new_failures\":%zu,\"venues_added\":%zu,"
		"\"venues_gone\":%zu}", t->removed, t->new_failures, t->venues_added,
		t->venues_gone);
}

static void write_json(FILE *f, const struct diff *df)
{
	fprintf(f, "{\"venuecheck\":\"%s\",\"command\":\"diff\",", VC_VERSION);
	json_report(f, "old", &df->old);
	fputc(',', f);
	json_report(f, "new", &df->now);
	fputs(",\n\"venues\":[", f);
	for (size_t i = 0; i < df->now.n; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_venue(f, &df->now.venues[i], &df->v[i]);
	}
	fputs("],\n\"gone\":[", f);
	for (size_t i = 0; i < df->ngone; i++) {
		fputs(i ? ",{\"id\":" : "{\"id\":", f);
		report_json_str(f, df->gone[i]->id);
		fputs(",\"name\":", f);
		report_json_str(f, df->gone[i]->name);
		fputs(",\"path\":", f);
		report_json_str(f, df->gone[i]->path);
		fputc('}', f);
	}
	fputs("],\n", f);
	json_counts(f, &df->total);
	fputs("}\n", f);
}

/* ---- csv ---- */

/* RFC 4180, and text from the reports guarded against formulas as the
 * CSV report guards it (unless --raw-csv). */
static void csv_cell(FILE *f, const char *s, bool guard_ok, bool raw, bool last)
{
	bool guard = guard_ok && !raw && *s && strchr("=+-@\t\r", *s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"' && quote)
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

static void write_csv(FILE *f, struct diff *df)
{
	const struct opts *o = df->o;
	bool en = o->report.lang == LANG_EN, raw = o->report.raw_csv;
	static const char *const zh[] = {"场馆编号", "场馆名称", "层级", "规则编号",
					 "基线结果", "现结果", "整改情况"};
	static const char *const eh[] = {"venue_id", "venue_name", "tier", "rule_id",
					 "then", "now", "change"};
	if (o->report.bom)
		fputs("\xEF\xBB\xBF", f);
	for (int i = 0; i < 7; i++)
		csv_cell(f, (en ? eh : zh)[i], false, raw, i == 6);
	struct rows rows;
	rows_of(df, &rows);
	for (size_t i = 0; i < rows.n; i++) {
		const struct track_row *r = &rows.v[i];
		const char *cells[] = {r->venue_id, r->venue_name, r->tier, r->rule,
				       r->then, r->now, r->change};
		for (int k = 0; k < 7; k++)
			csv_cell(f, utf8_text_in(&df->arena, cells[k] ? cells[k] : ""),
				 k < 6, raw, k == 6);
	}
	free(rows.v);
	free(rows.where);
}

/* ---- the command ---- */

static bool pick(const struct opts *o, enum report_format *f)
{
	*f = o->output ? report_format_for_path(o->output) : FORMAT_TEXT;
	if (o->format && !report_format_parse(o->format, f)) {
		fputs(CLI_TR(o, "venuecheck diff：--format 可取 text、json、junit、github、sarif、csv、xlsx 或 html\n",
			     "venuecheck diff: --format takes text, json, junit, github, sarif, csv, xlsx or html\n"),
		      stderr);
		return false;
	}
	if (*f == FORMAT_XLSX && (!o->output || !strcmp(o->output, "-"))) {
		fputs(CLI_TR(o, "venuecheck：xlsx 报告须写入文件：-o report.xlsx\n",
			     "venuecheck: an xlsx report needs a file: -o report.xlsx\n"), stderr);
		return false;
	}
	return true;
}

static bool load(const struct opts *o, struct baseline *b, const char *path)
{
	struct diags d;
	diag_init(&d);
	bool ok = baseline_load_file(b, path, &o->limits, &d);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return ok;
}

/* Write df in format f; false after the problem is printed. */
static bool write_out(struct diff *df, enum report_format f)
{
	const struct opts *o = df->o;
	const char *path = o->output ? o->output : "-";
	struct diags d;
	diag_init(&d);
	bool ok;
	struct rows rows;
	rows_of(df, &rows);
	if (f == FORMAT_XLSX) {
		struct report_opts ro = o->report;
		ro.out = path;
		/* SOURCE_DATE_EPOCH makes a rebuilt workbook the same file. */
		const char *epoch = getenv("SOURCE_DATE_EPOCH");
		ro.created = epoch && *epoch ? strtoll(epoch, NULL, 10) : 0;
		ok = track_write_xlsx(path, rows.v, rows.n, &df->total, &ro, &d);
	} else {
		struct diff_view v = {rows.v, rows.where, rows.n, &df->total, &df->old,
				      &df->now, df->gone, df->ngone, o->report.lang};
		struct outfile of;
		ok = outfile_open(&of, path, true, &d);
		if (ok) {
			if (f == FORMAT_JSON)
				write_json(of.fp, df);
			else if (f == FORMAT_CSV)
				write_csv(of.fp, df);
			else if (f == FORMAT_GITHUB)
				diff_github(of.fp, &v);
			else if (f == FORMAT_JUNIT)
				diff_junit(of.fp, &v);
			else if (f == FORMAT_SARIF)
				diff_sarif(of.fp, &v);
			else if (f == FORMAT_HTML)
				diff_html(of.fp, &v);
			else
				write_text(of.fp, df);
			ok = outfile_commit(&of, &d);
		}
	}
	free(rows.v);
	free(rows.where);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return ok;
}

int cli_diff(const struct opts *o, int argc, char **argv)
{
	enum report_format f;
	if (argc != 2) {
		fputs(CLI_TR(o, "venuecheck diff：需要两个 JSON 报告：diff OLD.json NEW.json\n",
			     "venuecheck diff: takes two JSON reports: diff OLD.json NEW.json\n"), stderr);
		return EXIT_INVALID;
	}
	if (!pick(o, &f) || !cli_output_safe(o, NULL, NULL, argv[0]) ||
	    !cli_output_safe(o, NULL, NULL, argv[1]))
		return EXIT_INVALID;
	struct diff df = {.o = o};
	int status = EXIT_INVALID;
	if (load(o, &df.old, argv[0]) && load(o, &df.now, argv[1])) {
		compare(&df);
		if (write_out(&df, f))
			status = df.total.new_failures ? EXIT_FAILED : EXIT_PASS;
		arena_free(&df.arena);
	}
	baseline_free(&df.old);
	baseline_free(&df.now);
	return status;
}
