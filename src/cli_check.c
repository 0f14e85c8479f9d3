/* cli_check.c - `check` and `validate`: the files of the command line
 * into a batch (batch.c), its report in the chosen format, the problems on
 * standard error and the exit status.  Part of the front end (cli.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "batch.h"
#include "cli.h"
#include "files.h"
#include "utf8.h"
#include "waiver.h"

/* -o must not replace an input (a data file, the pack and the packs it
 * extends, the waivers, the list of files) nor land where this run's
 * directories would read it as a data file; false after the message. */
bool cli_output_safe(const struct opts *o, const struct pack *p,
		     const struct filelist *files, const char *input)
{
	const char *in[16];
	size_t n = 0;
	in[n++] = input;
	in[n++] = o->waivers;
	in[n++] = o->baseline;
	in[n++] = o->files_from && strcmp(o->files_from, "-") != 0 ? o->files_from : NULL;
	for (const struct pack *q = p; q && n < sizeof in / sizeof *in; q = q->base)
		in[n++] = q->path;
	for (size_t i = 0; p && i < p->nparts; i++) /* --rules A --rules B */
		for (const struct pack *q = p->parts[i]->base; q && n < sizeof in / sizeof *in; q = q->base)
			in[n++] = q->path;
	for (size_t i = 1; p && i < p->nparts && n < sizeof in / sizeof *in; i++)
		in[n++] = p->parts[i]->path;
	struct filelist none = {0};
	struct diags d;
	diag_init(&d);
	bool ok = !o->output ||
		files_output_safe(files ? files : &none, o->output, in, n, &d);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return ok;
}

static long default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : n;
}

/* The files of the command line and of --files-from, each once. */
static bool collect(struct filelist *files, const struct opts *o, int argc,
		    char **argv)
{
	struct diags d;
	diag_init(&d);
	bool ok = true;
	files->max_listed = o->limits.items;
	/* The walk takes the batch's threads: nothing else runs yet. */
	files->jobs = (int)(o->jobs ? o->jobs : default_jobs());
	for (int i = 0; i < argc; i++)
		ok = files_add_arg(files, argv[i], &d) && ok;
	if (o->files_from)
		ok = files_add_list(files, o->files_from, &d) && ok;
	/* A batch that finds nothing must not look like one that passed. */
	if (ok && files->n == 0) {
		diag_addm(&d, DM_NO_VENUE_FILES, DIAG_ERROR, argc ? argv[0] : o->files_from, 0, 0);
		ok = false;
	}
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	files_unique(files);
	return ok;
}

/* --format wins; else the extension of -o; else text. */
static bool pick_format(const struct opts *o, enum report_format *f)
{
	*f = o->output ? report_format_for_path(o->output) : FORMAT_TEXT;
	if (o->format && !report_format_parse(o->format, f)) {
		fputs(CLI_TR(o, "venuecheck：--format 可取 text、json、junit、github、sarif、csv、xlsx 或 html\n",
			     "venuecheck: --format takes text, json, junit, github, sarif, csv, xlsx or html\n"),
		      stderr);
		return false;
	}
	if (report_format_needs_file(*f) && (!o->output || !strcmp(o->output, "-"))) {
		fputs(CLI_TR(o, "venuecheck：xlsx 报告须写入文件：-o report.xlsx\n",
			     "venuecheck: an xlsx report needs a file: -o report.xlsx\n"), stderr);
		return false;
	}
	return true;
}

/* The date waivers expire against: --today, else SOURCE_DATE_EPOCH (as
 * for the spreadsheet's date, so a rebuilt report is the same), else now. */
static int today(const struct opts *o)
{
	if (o->today)
		return o->today;
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;
	if (epoch && *epoch ? !gmtime_r(&t, &tm) : !localtime_r(&t, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* --waivers: read before any venue (a bad file stops the run, like a bad
 * pack); false after its errors are printed. */
static bool load_waivers(const struct opts *o, const struct pack *p,
			 struct waivers *w)
{
	if (!o->waivers) {
		memset(w, 0, sizeof *w);
		arena_init(&w->arena);
		return true;
	}
	struct diags d;
	diag_init(&d);
	bool ok = waiver_load_file(w, p, o->waivers, &d);
	cli_print_diags(&d, o->report.lang);
	ok = ok && d.errors == 0;
	diag_free(&d);
	return ok;
}

/* The progress line of a batch's phase.  The threads count files as they
 * finish but call in any order (one that counted 800 may get here after
 * one that counted 1000), so the line shows a count only when it is larger
 * than the last one shown: it never runs backwards. */
static struct {
	pthread_mutex_t lock;
	const char *what; /* the phase shown, "loading" or "checking" */
	size_t shown;
} progress = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void show_progress(void *ctx, const char *what, size_t done, size_t n)
{
	const struct opts *o = ctx;
	/* The venues are finished while the report is written (batch.h,
	 * stream): a report on the same terminal would be cut by the line. */
	if (strcmp(what, "loading") != 0 && (!o->output || !strcmp(o->output, "-")) &&
	    isatty(STDOUT_FILENO))
		return;
	pthread_mutex_lock(&progress.lock);
	if (!progress.what || strcmp(progress.what, what) != 0) {
		progress.what = what;
		progress.shown = 0;
	}
	if ((done % 200 == 0 || done == n) && done > progress.shown) {
		progress.shown = done;
		/* The library names its phase; the run's language shows it. */
		const char *shown = strcmp(what, "loading") == 0
			? CLI_TR(o, "读取", what) : CLI_TR(o, "检查", what);
		fprintf(stderr, "\r%s %zu/%zu", shown, done, n);
		if (done == n)
			fputc('\n', stderr);
	}
	pthread_mutex_unlock(&progress.lock);
}

/* The files' problems on standard error, in input order: an invalid
 * file's all, a checked venue's errors (its warnings are in the report). */
void cli_print_batch(const struct batch *b, enum lang l)
{
	for (size_t i = 0; i < batch_count(b); i++) {
		const struct diags *d = batch_diags(b, i);
		if (!batch_has_venue(b, i)) {
			cli_print_diags(d, l);
			continue;
		}
		for (size_t k = 0; k < d->n; k++)
			if (d->v[k].level == DIAG_ERROR) {
				char *msg = diag_format(&d->v[k], l);
				fprintf(stderr, "%s\n", msg);
				free(msg);
			}
	}
}

struct batch_opts cli_batch_opts(const struct opts *o, size_t nfiles)
{
	struct batch_opts bo = {
		.jobs = o->jobs ? o->jobs : default_jobs(), .year = o->year,
		.complete = o->complete, .today = today(o), .limits = &o->limits,
	};
	if (o->progress == 1 ||
	    (o->progress == -1 && nfiles > 300 && isatty(STDERR_FILENO)))
		bo.progress = show_progress, bo.progress_ctx = (void *)o;
	return bo;
}

static struct batch *new_batch(const struct opts *o, const struct pack *p,
			       const struct filelist *files, bool validate)
{
	struct batch_opts bo = cli_batch_opts(o, files->n);
	bo.validate = validate;
	bo.stream = true; /* the report reads each venue once, in order */
	struct batch *b = batch_new(p, &bo);
	char buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < files->n; i++)
		batch_add_path(b, files_get(files, i, buf));
	return b;
}

/* Write the batch's report; returns the exit status. */
/* --fail-on new: invalid input still exits 2; else only new failures
 * exit 1 (a known backlog passes). */
static int run_status(const struct opts *o, const struct batch *b,
		      const struct report *r)
{
	if (o->fail_on != FAIL_ON_NEW)
		return (int)batch_status(b, (enum batch_fail_on)o->fail_on);
	if (batch_status(b, FAIL_ON_MISSING) == BATCH_INVALID)
		return EXIT_INVALID;
	return report_new_failures(r) ? EXIT_FAILED : EXIT_PASS;
}

static int write_report(const struct opts *o, const struct pack *p,
			const struct batch *b, enum report_format fmt,
			bool validate, const struct baseline *base)
{
	struct report_opts ro = o->report;
	ro.baseline = base;
	ro.fail_new = o->fail_on == FAIL_ON_NEW;
	ro.validate = validate;
	ro.out = o->output ? o->output : "-";
	/* SOURCE_DATE_EPOCH makes a rebuilt spreadsheet the same file;
	 * VENUECHECK_TEST_MAX_ROWS lets the tests reach a table's split. */
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	ro.created = epoch && *epoch ? strtoll(epoch, NULL, 10) : 0;
	const char *rows = getenv("VENUECHECK_TEST_MAX_ROWS");
	ro.max_rows = rows ? strtoul(rows, NULL, 10) : 0;
	struct diags d;
	diag_init(&d);
	int status = EXIT_INVALID;
	struct report *r = report_open(fmt, p, &ro, &d);
	if (r) {
		/* Not when the report on standard output is itself the list
		 * of problems (validate as text, github). */
		bool echo = !((validate && fmt == FORMAT_TEXT) || fmt == FORMAT_GITHUB) ||
			    strcmp(ro.out, "-") != 0;
		/* The report first: a streamed batch finishes its venues
		 * while the report is written (batch.h); the files' problems
		 * and the status are known after. */
		batch_report_to(b, r);
		if (echo)
			cli_print_batch(b, o->report.lang);
		status = run_status(o, b, r);
		size_t venues, failing, invalid;
		report_tallies(r, &venues, &failing, &invalid);
		if (!report_finish(r, &d))
			status = EXIT_INVALID;
		else if (fmt != FORMAT_TEXT && strcmp(ro.out, "-") != 0)
			utf8_printf(stderr, o->report.lang == LANG_EN
				? "venuecheck: wrote %s: %zu venue(s), %zu not passing, "
				  "%zu invalid file(s)\n"
				: "venuecheck：已写入 %s：场馆 %zu 个，未全部通过 %zu 个，"
				  "无效文件 %zu 个\n", ro.out, venues, failing, invalid);
	}
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return status;
}

/* --baseline: read before any venue (a bad one stops the run, exit 2);
 * --fail-on new needs one.  false after the message. */
bool cli_load_baseline(const struct opts *o, struct baseline *bl)
{
	memset(bl, 0, sizeof *bl);
	if (o->fail_on == FAIL_ON_NEW && !o->baseline) {
		fputs(CLI_TR(o, "venuecheck：--fail-on new 需要 --baseline OLD.json（与哪次检查相比）\n",
			     "venuecheck: --fail-on new needs --baseline OLD.json (new since which run?)\n"),
		      stderr);
		return false;
	}
	if (!o->baseline)
		return true;
	struct diags d;
	diag_init(&d);
	bool ok = baseline_load_file(bl, o->baseline, &o->limits, &d);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return ok;
}

int cli_check(const struct opts *o, int argc, char **argv, bool validate)
{
	enum report_format fmt;
	if (!pick_format(o, &fmt))
		return EXIT_INVALID;
	if (validate && (o->baseline || o->fail_on == FAIL_ON_NEW)) {
		fputs(CLI_TR(o, "venuecheck validate：--baseline 和 --fail-on new 只用于 check\n",
			     "venuecheck validate: --baseline and --fail-on new are for check only\n"),
		      stderr);
		return EXIT_INVALID;
	}
	if (argc == 0 && !o->files_from) {
		fputs(CLI_TR(o, "venuecheck check：没有给出文件\n",
			     "venuecheck check: no files given\n"), stderr);
		return EXIT_INVALID;
	}
	struct pack *p = cli_load_pack(o);
	if (!p)
		return EXIT_INVALID;
	struct baseline bl;
	if (!cli_load_baseline(o, &bl)) {
		baseline_free(&bl);
		pack_free(p);
		return EXIT_INVALID;
	}
	struct waivers wf;
	if (!load_waivers(o, p, &wf)) {
		waiver_free(&wf);
		baseline_free(&bl);
		pack_free(p);
		return EXIT_INVALID;
	}
	struct filelist files = {0};
	bool listed = collect(&files, o, argc, argv);
	if (!cli_output_safe(o, p, &files, NULL)) {
		files_free(&files);
		waiver_free(&wf);
		baseline_free(&bl);
		pack_free(p);
		return EXIT_INVALID;
	}
	struct batch *b = new_batch(o, p, &files, validate);
	files_free(&files);
	batch_run(b, &wf);
	cli_print_diags(batch_errors(b), o->report.lang);
	int status = write_report(o, p, b, fmt, validate, o->baseline ? &bl : NULL);
	if (!listed)
		status = EXIT_INVALID;
	batch_free(b);
	waiver_free(&wf);
	baseline_free(&bl);
	pack_free(p);
	return status;
}

