/* cli_trend.c - `trend`: the files of several years, each year checked as
 * its own batch (trend.h keeps what the trend shows, the batch is freed
 * before the next year's), the trend report in the chosen format, the
 * problems on standard error and the exit status:
 *   0 the latest year with files has no failing venue,
 *   1 it has one (the older years' failures are history, not a red run);
 *     with --fail-on new, it has a failure the year with files before it
 *     did not have (trend_latest_new_failures),
 *   2 invalid input in any year, a usage error, or no year at all.
 * Part of the front end (cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "files.h"
#include "outfile.h"
#include "trend.h"
#include "trend_out.h"
#include "utf8.h"

/* The files of each argument kept apart: an argument that finds none is
 * a year with no files (its year from its name) or an error. */
struct inputs {
	struct filelist files;	/* every file, each once */
	long *year;		/* per file: its year, 0 when unreadable */
	long empty[64];		/* years of arguments that found no file */
	const char *empty_src[64];
	size_t nempty;
	bool bad;		/* an unreadable argument or file */
};

static bool add_arg(struct inputs *in, const struct opts *o, const char *arg)
{
	struct diags d;
	diag_init(&d);
	size_t before = in->files.n;
	bool ok = files_add_arg(&in->files, arg, &d);
	long y = trend_year_of_name(arg);
	if (ok && in->files.n == before && y && in->nempty < 64) {
		/* A year's directory with nothing in it: a gap, reported. */
		in->empty_src[in->nempty] = arg;
		in->empty[in->nempty++] = y;
	} else if (ok && in->files.n == before) {
		diag_addm(&d, DM_NO_VENUE_FILES, DIAG_ERROR, arg, 0, 0);
		ok = false;
	}
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return ok;
}

/* Each file's year, read with the default pack's data format; a file
 * that cannot be read has no year and is reported here, once. */
static void scan_years(struct inputs *in, const struct opts *o,
		       const struct pack *p)
{
	in->year = calloc(in->files.n + 1, sizeof *in->year);
	for (size_t i = 0; i < in->files.n; i++) {
		struct diags d;
		diag_init(&d);
		char buf[FILENAMES_JOIN_MAX];
		struct venue *v = venue_load(p, files_get(&in->files, i, buf), &o->limits, &d);
		if (v)
			in->year[i] = v->year;
		else {
			diag_sort(&d);
			cli_print_diags(&d, o->report.lang);
			in->bad = true;
		}
		venue_free(v);
		diag_free(&d);
	}
}

/* The years with files and the empty years' named ones, ascending. */
static size_t all_years(const struct inputs *in, long **out)
{
	size_t n = in->files.n + in->nempty;
	long *y = malloc((n + 1) * sizeof *y);
	memcpy(y, in->year, in->files.n * sizeof *y);
	memcpy(y + in->files.n, in->empty, in->nempty * sizeof *y);
	*out = malloc((n + 1) * sizeof **out);
	size_t k = trend_years_of(y, n, *out);
	free(y);
	return k;
}

/* --rules-for YEAR=PACK, else --rules, else the default. */
static const char *pack_for(const struct opts *o, long year)
{
	for (size_t i = 0; i < o->nrules_for; i++)
		if (strtol(o->rules_for[i], NULL, 10) == year)
			return strchr(o->rules_for[i], '=') + 1;
	return o->rules ? o->rules : DEFAULT_PACK;
}

/* One year: its pack, its batch, what the trend keeps; false when the
 * pack would not load. */
static bool run_year(struct trend *t, size_t yi, const struct inputs *in,
		     const struct opts *o)
{
	struct opts yo = *o;
	yo.rules = pack_for(o, t->years[yi].year);
	struct pack *p = cli_load_pack(&yo);
	if (!p)
		return false;
	struct batch_opts bo = cli_batch_opts(o, in->files.n);
	bo.year = t->years[yi].year;
	struct batch *b = batch_new(p, &bo);
	char buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < in->files.n; i++)
		if (in->year[i] == t->years[yi].year)
			batch_add_path(b, files_get(&in->files, i, buf));
	batch_run(b, NULL);
	cli_print_batch(b, o->report.lang);
	/* new is decided between the years (trend_status); a year's own
	 * failing venues are counted as --fail-on missing counts them. */
	trend_add_year(t, yi, b, yo.rules, o->fail_on == FAIL_ON_NEW
		       ? FAIL_ON_MISSING : (enum batch_fail_on)o->fail_on);
	batch_free(b);
	pack_free(p);
	return true;
}

static bool usage_ok(const struct opts *o, int argc, enum report_format *fmt)
{
	const char *msg = NULL;
	*fmt = o->output ? report_format_for_path(o->output) : FORMAT_TEXT;
	if (o->format && !report_format_parse(o->format, fmt))
		*fmt = FORMAT_GITHUB; /* refused below */
	if (argc == 0 && !o->files_from)
		msg = CLI_TR(o, "venuecheck trend：没有给出年度目录或文件\n",
			     "venuecheck trend: no year directories or files given\n");
	else if (*fmt != FORMAT_TEXT && *fmt != FORMAT_JSON && *fmt != FORMAT_CSV &&
		 *fmt != FORMAT_XLSX)
		msg = CLI_TR(o, "venuecheck trend：--format 可取 text、json、csv 或 xlsx\n",
			     "venuecheck trend: --format takes text, json, csv or xlsx\n");
	else if (*fmt == FORMAT_XLSX && (!o->output || !strcmp(o->output, "-")))
		msg = CLI_TR(o, "venuecheck：xlsx 报告须写入文件：-o trend.xlsx\n",
			     "venuecheck: an xlsx report needs a file: -o trend.xlsx\n");
	else if (o->year || o->waivers)
		/* Each file's year decides its batch; a waiver file names
		 * one year's venues. */
		msg = CLI_TR(o, "venuecheck trend：不接受 --year 或 --waivers（按每个文件的 year 分年度）\n",
			     "venuecheck trend: takes no --year or --waivers (each file's year picks its batch)\n");
	if (msg)
		fputs(msg, stderr);
	return msg == NULL;
}

static bool collect(struct inputs *in, const struct opts *o, int argc,
		    char **argv)
{
	bool ok = true;
	in->files.max_listed = o->limits.items;
	for (int i = 0; i < argc; i++)
		ok = add_arg(in, o, argv[i]) && ok;
	if (o->files_from) {
		struct diags d;
		diag_init(&d);
		ok = files_add_list(&in->files, o->files_from, &d) && ok;
		cli_print_diags(&d, o->report.lang);
		diag_free(&d);
	}
	files_unique(&in->files);
	return ok;
}

/* The report in its format, to -o (through a temporary: outfile.h) or
 * standard output; false after the problem is printed. */
static bool trend_write(const struct trend *t, enum report_format fmt,
			const struct opts *o)
{
	const char *out = o->output ? o->output : "-";
	struct diags d;
	diag_init(&d);
	bool ok;
	if (fmt == FORMAT_XLSX) {
		/* SOURCE_DATE_EPOCH: a rebuilt workbook is the same file. */
		const char *epoch = getenv("SOURCE_DATE_EPOCH");
		ok = trend_xlsx(t, out, epoch && *epoch ? strtoll(epoch, NULL, 10) : 0, &d);
	} else {
		struct outfile f;
		ok = outfile_open(&f, out, true, &d);
		if (ok && fmt == FORMAT_JSON)
			trend_json(f.fp, t);
		else if (ok && fmt == FORMAT_CSV)
			trend_csv(f.fp, t, o->report.bom, o->report.raw_csv);
		else if (ok)
			trend_text(f.fp, t);
		ok = ok && outfile_commit(&f, &d);
	}
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return ok;
}

/* 2 when any year had a file that could not be checked: the trend of
 * the others is shown but the run is not clean; else by the latest year. */
static int trend_status(const struct trend *t, const struct opts *o)
{
	for (size_t y = 0; y < t->nyears; y++)
		if (!t->years[y].empty && (t->years[y].invalid || t->years[y].status == BATCH_INVALID))
			return EXIT_INVALID;
	if (o->fail_on == FAIL_ON_NEW)
		return trend_latest_new_failures(t) ? EXIT_FAILED : EXIT_PASS;
	return trend_latest_fails(t) ? EXIT_FAILED : EXIT_PASS;
}

/* Run every year and write the report; returns the exit status. */
static int trend_run(const struct opts *o, struct inputs *in,
		     enum report_format fmt)
{
	long *years;
	size_t ny = all_years(in, &years);
	bool any = false;
	for (size_t i = 0; i < in->files.n; i++)
		any = any || in->year[i] > 0;
	if (!any) {
		/* Empty years alone are no trend: like check with no file. */
		fputs(CLI_TR(o, "venuecheck trend：没有可检查的场馆文件（只有没有文件的年度）\n",
			     "venuecheck trend: no venue file to check (only years with no files)\n"), stderr);
		free(years);
		return EXIT_INVALID;
	}
	struct trend *t = trend_new(years, ny, o->report.lang);
	bool ok = true;
	for (size_t yi = 0; yi < ny && ok; yi++) {
		size_t k = 0;
		while (k < in->nempty && in->empty[k] != years[yi])
			k++;
		bool has_files = false;
		for (size_t i = 0; i < in->files.n && !has_files; i++)
			has_files = in->year[i] == years[yi];
		if (!has_files)
			trend_set_empty(t, yi, k < in->nempty ? in->empty_src[k] : NULL);
		else
			ok = run_year(t, yi, in, o);
	}
	free(years);
	int status = EXIT_INVALID;
	if (ok) {
		trend_finish(t);
		status = trend_write(t, fmt, o) ? trend_status(t, o) : EXIT_INVALID;
	}
	trend_free(t);
	return status;
}

int cli_trend(const struct opts *o, int argc, char **argv)
{
	enum report_format fmt;
	if (!usage_ok(o, argc, &fmt))
		return EXIT_INVALID;
	if (o->nmore_rules) { /* one pack a year: --rules-for */
		fputs(CLI_TR(o, "venuecheck trend：--rules 只能给一次（各年度的规则包用 --rules-for YEAR=PACK）\n",
			     "venuecheck trend: --rules takes one pack (--rules-for YEAR=PACK gives a year its own)\n"),
		      stderr);
		return EXIT_INVALID;
	}
	struct pack *p = cli_load_pack(o);
	if (!p)
		return EXIT_INVALID;
	struct inputs in = {0};
	bool listed = collect(&in, o, argc, argv);
	if (!cli_output_safe(o, p, &in.files, NULL)) {
		files_free(&in.files);
		pack_free(p);
		return EXIT_INVALID;
	}
	scan_years(&in, o, p);
	pack_free(p);
	int status = trend_run(o, &in, fmt);
	if (!listed || in.bad)
		status = EXIT_INVALID;
	free(in.year);
	files_free(&in.files);
	return status;
}
