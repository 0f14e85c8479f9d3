/* cli.c - the venuecheck command, the front end over libvenuecheck:
 * argument parsing, finding the rule pack, the commands other than check
 * (cli_check.c) and the exit status.  With cli_check.c the only code that
 * prints diagnostics, reads the environment or decides how the process
 * ends. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bookwrite.h"
#include "casetest.h"
#include "cli.h"
#include "explain.h"
#include "filekind.h"
#include "files.h"
#include "listing.h"
#include "outfile.h"
#include "packfind.h"
#include "serve.h"
#include "serve_admin.h"
#include "template.h"
#include "utf8.h"
#include "venue.h"
#include "venuecheck.h"
#include "yamlout.h"


void cli_print_diags(const struct diags *d, enum lang l)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i], l);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
}

/* Where a pack name was looked up, each directory as it was tried and
 * why it is on the list, so that a copied or moved binary's user sees
 * where to put the packs (or what to set). */
static void not_found(const struct opts *o, const struct packfind_dirs *dirs,
		      const char *name)
{
	utf8_printf(stderr, CLI_TR(o, "venuecheck：找不到规则包“%s”；在以下目录中查找了 %s.yaml：\n",
				   "venuecheck: rule pack '%s' not found; looked for %s.yaml in:\n"),
		    name, name);
	for (size_t i = 0; i < dirs->n; i++) {
		const char *d = dirs->v[i];
		bool again = false;
		for (size_t k = 0; k < i; k++)
			again = again || !strcmp(dirs->v[k], d);
		if (again)
			continue;
		const char *why = d == dirs->own[0] ? CLI_TR(o, "程序旁的 rules 目录", "beside the binary")
			: d == dirs->own[1] ? CLI_TR(o, "程序的 share 目录", "the binary's share directory")
			: !strcmp(d, packfind_rulesdir()) ? CLI_TR(o, "安装目录", "the install directory")
			: "$VENUECHECK_RULES_DIR";
		utf8_printf(stderr, CLI_TR(o, "  %s（%s）\n", "  %s (%s)\n"), d, why);
	}
	fputs(CLI_TR(o, "请将规则包安装到上述目录之一（make install），或设置 VENUECHECK_RULES_DIR，"
		     "或用 --rules 给出 .yaml 规则包的路径。\n",
		     "Install the packs there (make install), set VENUECHECK_RULES_DIR, "
		     "or give --rules the path of a .yaml pack.\n"), stderr);
}

static struct pack *load_one(const struct opts *o, const char *name,
			     const struct packfind_dirs *dirs, struct diags *d)
{
	char path[PATH_MAX + 64];
	if (!packfind_path(dirs, name, NULL, path, sizeof path)) {
		not_found(o, dirs, name);
		return NULL;
	}
	return pack_load_in(path, dirs, d);
}

/* Every pack of --rules, then one pack of them all when there are several. */
struct pack *cli_load_pack(const struct opts *o)
{
	struct packfind_dirs dirs;
	packfind_dirs_init(&dirs, getenv("VENUECHECK_RULES_DIR"));
	struct diags d;
	diag_init(&d);
	struct pack *parts[8];
	size_t n = 0;
	bool ok = true;
	parts[n] = load_one(o, o->rules ? o->rules : DEFAULT_PACK, &dirs, &d);
	ok = parts[n++] != NULL;
	for (size_t i = 0; i < o->nmore_rules; i++) {
		parts[n] = load_one(o, o->more_rules[i], &dirs, &d);
		ok = parts[n++] != NULL && ok;
	}
	struct pack *p = NULL;
	if (ok)
		p = pack_combine(parts, n, &d);
	else
		for (size_t i = 0; i < n; i++)
			pack_free(parts[i]);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	return p;
}

/* --rules A --rules B: both in one run, at most 8. */
static bool rules_opt(struct opts *o, const char *arg)
{
	if (!o->rules) {
		o->rules = arg;
		return true;
	}
	if (o->nmore_rules >= sizeof o->more_rules / sizeof *o->more_rules) {
		fputs(CLI_TR(o, "venuecheck：--rules 最多给 8 次\n",
			     "venuecheck: --rules may be given at most 8 times\n"), stderr);
		return false;
	}
	o->more_rules[o->nmore_rules++] = arg;
	return true;
}

/* rules --ids: the ids alone, one a line, for scripts and completion. */
static void print_ids(const struct pack *p, const char *tier)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (!tier || !strcmp(p->rules[i].tier, tier))
			utf8_printf(stdout, "%s\n", p->rules[i].id);
}

static int cmd_rules(const struct opts *o, int argc, char **argv)
{
	struct opts lo = *o;
	if (o->lint && argc == 1) {
		lo.rules = argv[0]; /* rules --lint FILE */
		argc = 0;
	}
	if (argc > 0) {
		fputs(CLI_TR(o, "venuecheck rules：不接受文件参数（--lint FILE 除外）\n",
			     "venuecheck rules: takes no file arguments (but --lint FILE)\n"), stderr);
		return EXIT_INVALID;
	}
	struct pack *p = cli_load_pack(&lo);
	if (!p)
		return EXIT_INVALID;
	if (o->lint) {
		listing_lint(stdout, p);
		pack_free(p);
		return EXIT_PASS;
	}
	if (o->test_dir) {
		int s = casetest_run(p, o->test_dir, o->report.lang, stdout);
		pack_free(p);
		return s;
	}
	if (o->tier && !pack_tier(p, o->tier)) {
		utf8_printf(stderr, CLI_TR(o, "venuecheck：未知的层级“%s”\n",
					   "venuecheck: unknown tier '%s'\n"), o->tier);
		pack_free(p);
		return EXIT_INVALID;
	}
	if (o->ids)
		print_ids(p, o->tier);
	else
		listing_rules(stdout, p, o->tier, o->report.lang);
	pack_free(p);
	return EXIT_PASS;
}

/* Write a validated venue as canonical YAML (path "-": standard output). */
static bool write_yaml(const struct pack *p, const struct venue *v,
		       const char *path, struct diags *d)
{
	struct outfile o;
	if (!outfile_open(&o, path, true, d))
		return false;
	/* What the file may hold (accepts:), not only what the rules read. */
	yamlout_write(o.fp, p->schema.valid ? p->schema.valid : &p->schema, v);
	return outfile_commit(&o, d);
}

/* convert FILE -o OUT: YAML or workbook in, workbook (.xlsx) or YAML out;
 * the input is validated first, so only valid data is converted. */
static int cmd_convert(const struct opts *o, int argc, char **argv)
{
	if (argc != 1 || !o->output) {
		fputs(CLI_TR(o, "venuecheck convert：需要一个 FILE 和 -o OUT（.xlsx、.yaml 或 -）\n",
			     "venuecheck convert: takes one FILE and -o OUT (.xlsx, .yaml or -)\n"),
		      stderr);
		return EXIT_INVALID;
	}
	if (filekind_of(o->output) == FILEKIND_LEGACY) {
		/* .xls and .et are read, never written: YAML there would
		 * be a file no spreadsheet program opens. */
		fputs(CLI_TR(o, "venuecheck convert：只写 .xlsx 工作簿，不写 .xls 或 .et："
			     "请把输出文件命名为 .xlsx（或 .yaml）\n",
			     "venuecheck convert: writes .xlsx workbooks, not .xls or .et: "
			     "name the output .xlsx (or .yaml)\n"),
		      stderr);
		return EXIT_INVALID;
	}
	struct pack *p = cli_load_pack(o);
	if (!p)
		return EXIT_INVALID;
	if (!cli_output_safe(o, p, NULL, argv[0])) {
		pack_free(p);
		return EXIT_INVALID;
	}
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load(p, argv[0], &o->limits, &d);
	bool ok = v != NULL;
	if (ok && filekind_of(o->output) == FILEKIND_WORKBOOK)
		ok = bookwrite(p, NULL, 0, v, o->output, &d);
	else if (ok)
		ok = write_yaml(p, v, o->output, &d);
	diag_sort(&d);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	venue_free(v);
	pack_free(p);
	return ok ? EXIT_PASS : EXIT_INVALID;
}

static int this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	return localtime_r(&now, &tm) ? tm.tm_year + 1900 : 2024;
}

static int template_yaml(const struct pack *p, const struct opts *o,
			 const char *out, struct diags *d)
{
	int status = EXIT_INVALID;
	struct template *t = template_build(p, o->tier, o->year ? (int)o->year
							      : this_year(), d);
	struct outfile f;
	if (t && outfile_open(&f, out, true, d)) {
		template_write(t, f.fp);
		status = outfile_commit(&f, d) ? EXIT_PASS : EXIT_INVALID;
	}
	template_free(t);
	return status;
}

/* template --tier TIER: a data file to fill in, as YAML or (-o FILE.xlsx)
 * a data entry workbook. */
static int cmd_template(const struct opts *o, int argc)
{
	const char *out = o->output ? o->output : "-";
	if (argc > 0 || !o->tier) {
		fputs(CLI_TR(o, "venuecheck template：需要 --tier TIER，且不接受文件参数\n",
			     "venuecheck template: needs --tier TIER and takes no files\n"), stderr);
		return EXIT_INVALID;
	}
	enum filekind kind = filekind_of(out);
	if (o->format || !(strcmp(out, "-") == 0 || kind == FILEKIND_YAML ||
			   kind == FILEKIND_WORKBOOK)) {
		fputs(CLI_TR(o, "venuecheck template：写 YAML（-o FILE.yaml 或标准输出）"
			     "或工作簿（-o FILE.xlsx）\n",
			     "venuecheck template: writes YAML (-o FILE.yaml or standard "
			     "output) or a workbook (-o FILE.xlsx)\n"), stderr);
		return EXIT_INVALID;
	}
	struct pack *p = cli_load_pack(o);
	if (!p)
		return EXIT_INVALID;
	if (!pack_tier(p, o->tier)) {
		utf8_printf(stderr, CLI_TR(o, "venuecheck：未知的层级“%s”\n",
					   "venuecheck: unknown tier '%s'\n"), o->tier);
		pack_free(p);
		return EXIT_INVALID;
	}
	if (!cli_output_safe(o, p, NULL, NULL)) {
		pack_free(p);
		return EXIT_INVALID;
	}
	struct diags d;
	diag_init(&d);
	/* A workbook is blank (its examples are in its 说明 sheet); YAML
	 * holds example values that pass every rule. */
	int status = kind == FILEKIND_WORKBOOK
		? (bookwrite(p, o->tier, (int)o->year, NULL, out, &d) ? EXIT_PASS : EXIT_INVALID)
		: template_yaml(p, o, out, &d);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	pack_free(p);
	return status;
}

/* explain RULE-ID [FILE]: the rule in words, and its derivation for FILE. */
/* explain grade FILE: how a graded pack grades the venue. */
static int explain_grade_cmd(const struct opts *o, struct pack *p, int argc,
			     char **argv)
{
	struct diags d;
	diag_init(&d);
	struct venue *v = argc == 2 ? venue_load(p, argv[1], &o->limits, &d) : NULL;
	if (argc != 2)
		fputs(CLI_TR(o, "venuecheck explain grade：需要一个场馆文件\n",
			     "venuecheck explain grade: takes a venue file\n"), stderr);
	if (v)
		explain_grade(p, v, o->report.lang == LANG_EN, stdout);
	cli_print_diags(&d, o->report.lang);
	int status = v && !d.errors ? EXIT_PASS : EXIT_INVALID;
	diag_free(&d);
	venue_free(v);
	pack_free(p);
	return status;
}

static int cmd_explain(const struct opts *o, int argc, char **argv)
{
	if (argc < 1 || argc > 2) {
		fputs(CLI_TR(o, "venuecheck explain：需要一个规则编号，最多再加一个文件\n",
			     "venuecheck explain: takes a rule id and at most one file\n"), stderr);
		return EXIT_INVALID;
	}
	struct pack *p = cli_load_pack(o);
	if (!p)
		return EXIT_INVALID;
	if (p->ngrades && (!strcmp(argv[0], "grade") || !strcmp(argv[0], "定级")))
		return explain_grade_cmd(o, p, argc, argv);
	const char *near;
	const struct disabled_rule *off;
	const struct rule *r = explain_find(p, argv[0], &near, &off);
	struct venue *v = NULL;
	struct diags d;
	diag_init(&d);
	if (off)
		utf8_printf(stderr, CLI_TR(o, "venuecheck：规则“%s”已在 %s 中停用：%s\n",
					   "venuecheck: rule '%s' is disabled in %s: %s\n"), argv[0],
			off->file, off->reason ? off->reason : "");
	else if (!r)
		utf8_printf(stderr, CLI_TR(o, "venuecheck：未知的规则“%s”%s%s%s（venuecheck rules 列出全部规则）\n",
					   "venuecheck: unknown rule '%s'%s%s%s (venuecheck rules lists them)\n"),
			argv[0], near ? CLI_TR(o, "；是否想写“", "; did you mean '") : "",
			near ? near : "", near ? CLI_TR(o, "”？", "'?") : "");
	else if (argc == 2 && (v = venue_load(p, argv[1], &o->limits, &d)) &&
		 strcmp(v->tier, r->tier) != 0)
		diag_addm(&d, DM_EXPLAIN_TIER, DIAG_ERROR, v->path, 0, 0,
			  v->tier, r->id, r->tier);
	int status = !r || (argc == 2 && (!v || d.errors)) ? EXIT_INVALID : EXIT_PASS;
	if (status == EXIT_PASS)
		explain_rule(p, r, v, o->year ? (int)o->year : v ? v->year : this_year(),
			     o->report.lang == LANG_EN, stdout);
	cli_print_diags(&d, o->report.lang);
	diag_free(&d);
	venue_free(v);
	pack_free(p);
	return status;
}

/* A whole number option, or false after a message. */
static bool number_opt(const struct opts *o, const char *name, const char *arg,
		       long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < lo || v > hi) {
		fprintf(stderr, CLI_TR(o, "venuecheck：%s 应为 %ld 到 %ld 之间的整数\n",
				       "venuecheck: %s takes a whole number from %ld to %ld\n"),
			name, lo, hi);
		return false;
	}
	*out = v;
	return true;
}

/* trend --rules-for YEAR=PACK, at most 16. */
static bool rules_for_opt(struct opts *o, const char *arg)
{
	char *end;
	long y = strtol(arg, &end, 10);
	if (*end != '=' || end[1] == '\0' || y < 1949 || y > 2200 ||
	    o->nrules_for >= sizeof o->rules_for / sizeof *o->rules_for) {
		fputs(CLI_TR(o, "venuecheck：--rules-for 应为 YEAR=PACK（年度 1949 到 2200，最多 16 个）\n",
			     "venuecheck: --rules-for takes YEAR=PACK (a year from 1949 to 2200, at most 16)\n"),
		      stderr);
		return false;
	}
	o->rules_for[o->nrules_for++] = arg;
	return true;
}

/* Options from argv[1] on (argv[0] is the program or the command); with
 * before, they stop at the first word that is not one, the command, so
 * that the options before it and after it are parsed in turn.  *next: the
 * first word not an option. */
static bool parse_opts(int argc, char **argv, bool before, struct opts *o,
		       int *next)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'},
		{"tier", required_argument, NULL, 't'},
		{"lang", required_argument, NULL, 'l'},
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"no-bom", no_argument, NULL, 'B'},
		{"raw-csv", no_argument, NULL, 'R'},
		{"jobs", required_argument, NULL, 'j'},
		{"files-from", required_argument, NULL, 'F'},
		{"complete", no_argument, NULL, 'C'},
		{"year", required_argument, NULL, 'Y'},
		{"progress", no_argument, NULL, 'P'},
		{"no-progress", no_argument, NULL, 'N'},
		{"fail-on", required_argument, NULL, 'X'},
		{"lint", no_argument, NULL, 'L'},
		{"ids", no_argument, NULL, 'I'},
		{"test", required_argument, NULL, 'T'},
		{"limit", required_argument, NULL, 'M'},
		{"waivers", required_argument, NULL, 'W'},
		{"baseline", required_argument, NULL, 'A'},
		{"today", required_argument, NULL, 'D'},
		{"rules-for", required_argument, NULL, 'G'},
		{"color", required_argument, NULL, 'c'},
		{"colour", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0; /* our own messages, named after the program */
	optind = 0; /* glibc: start afresh (the second pass) */
	const char *optstring = before ? "+:r:t:l:o:f:j:hV" : ":r:t:l:o:f:j:hV";
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (!rules_opt(o, optarg))
				return false;
			break;
		case 't': o->tier = optarg; break;
		case 'o': o->output = optarg; break;
		case 'f': o->format = optarg; break;
		case 'B': o->report.bom = false; break;
		case 'R': o->report.raw_csv = true; break;
		case 'j':
			if (!number_opt(o, "-j", optarg, 1, 256, &o->jobs))
				return false;
			break;
		case 'Y':
			if (!number_opt(o, "--year", optarg, 1949, 2200, &o->year))
				return false;
			break;
		case 'F': o->files_from = optarg; break;
		case 'L': o->lint = true; break;
		case 'I': o->ids = true; break;
		case 'M': {
			char err[160];
			if (!doc_limit_set(&o->limits, optarg, o->report.lang == LANG_EN, err,
					   sizeof err)) {
				utf8_printf(stderr, CLI_TR(o, "venuecheck：%s\n", "venuecheck: %s\n"), err);
				return false;
			}
			break;
		}
		case 'T': o->test_dir = optarg; break;
		case 'W': o->waivers = optarg; break;
		case 'G':
			if (!rules_for_opt(o, optarg))
				return false;
			break;
		case 'A': o->baseline = optarg; break;
		case 'D':
			if (!schema_date(optarg, &o->today)) {
				fputs(CLI_TR(o, "venuecheck：--today 应为 YYYY-MM-DD 格式的日期\n",
					     "venuecheck: --today takes a date as YYYY-MM-DD\n"), stderr);
				return false;
			}
			break;
		case 'C': o->complete = true; break;
		case 'P': o->progress = 1; break;
		case 'N': o->progress = 0; break;
		case 'X':
			if (!strcmp(optarg, "fail")) o->fail_on = 0;
			else if (!strcmp(optarg, "missing")) o->fail_on = 1;
			else if (!strcmp(optarg, "warning")) o->fail_on = 2;
			else if (!strcmp(optarg, "new")) o->fail_on = 3;
			else {
				fputs(CLI_TR(o, "venuecheck：--fail-on 可取 fail、missing、warning 或 new\n",
					     "venuecheck: --fail-on takes fail, missing, warning or new\n"), stderr);
				return false;
			}
			break;
		case 'l':
			if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0) {
				fputs(CLI_TR(o, "venuecheck：--lang 可取 zh 或 en\n",
					     "venuecheck: --lang takes zh or en\n"), stderr);
				return false;
			}
			o->report.lang = strcmp(optarg, "en") == 0 ? LANG_EN : LANG_ZH;
			break;
		case 'c':
			if (!strcmp(optarg, "always")) o->color = 1;
			else if (!strcmp(optarg, "never")) o->color = 0;
			else if (!strcmp(optarg, "auto")) o->color = -1;
			else {
				fputs(CLI_TR(o, "venuecheck：--color 可取 auto、always 或 never\n",
					     "venuecheck: --color takes auto, always or never\n"), stderr);
				return false;
			}
			break;
		case 'h': o->help = true; break;
		case 'V': printf("venuecheck %s\n", VC_VERSION); exit(EXIT_PASS);
		case ':':
			utf8_printf(stderr, CLI_TR(o, "venuecheck：选项“%s”需要一个值\n",
						   "venuecheck: option '%s' needs a value\n"),
				argv[optind - 1]);
			return false;
		default:
			utf8_printf(stderr, CLI_TR(o, "venuecheck：未知的选项“%s”\n",
						   "venuecheck: unknown option '%s'\n"),
				argv[optind - 1]);
			return false;
		}
	}
	*next = optind;
	return true;
}

/* At exit: whatever a command wrote to standard output (a listing, an
 * explanation, --help) must have reached it; a full disk, /dev/full or a
 * closed pipe is an error (exit 2), not a silent success.  A report's own
 * failure was said already (outfile) and its error cleared. */
static enum lang exit_lang; /* close_stdout's language, the run's */

static void close_stdout(void)
{
	int err = outfile_stream_error(stdout);
	/* An earlier flush failed and the stream kept no reason (output
	 * longer than its buffer, as the general help): one more byte tells
	 * it, the output being lost anyway. */
	if (err < 0 && write(STDOUT_FILENO, "\n", 1) < 0)
		err = errno;
	if (fclose(stdout) != 0 && !err && errno != EBADF)
		err = errno;
	if (!err)
		return;
	bool en = exit_lang == LANG_EN;
	fprintf(stderr, en ? "venuecheck: cannot write to standard output: %s\n"
			   : "venuecheck：无法写入标准输出：%s\n",
		err > 0 ? (en ? diag_errno(err)->en : diag_errno(err)->zh)
			: en ? "a write failed (no reason given)" : "写入失败（未给出原因）");
	fflush(stderr);
	_exit(EXIT_INVALID);
}

/* Colour on a terminal that shows it, unless NO_COLOR asks otherwise
 * (--color auto); TERM=dumb is a terminal that shows none. */
static bool want_color(const struct opts *o)
{
	if (o->color != -1)
		return o->color == 1;
	const char *nocolor = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(nocolor && *nocolor) &&
	       !(term && !strcmp(term, "dumb"));
}

/* The language of the run's own messages before its options are parsed
 * (an error in them is told in it): that of the last --lang of argv. */
static enum lang argv_lang(int argc, char **argv)
{
	enum lang l = LANG_ZH;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i], *v = NULL;
		if ((!strcmp(a, "--lang") || !strcmp(a, "-l")) && i + 1 < argc)
			v = argv[++i];
		else if (!strncmp(a, "--lang=", 7))
			v = a + 7;
		else if (!strncmp(a, "-l", 2) && a[2])
			v = a + 2;
		if (v && (!strcmp(v, "en") || !strcmp(v, "zh")))
			l = !strcmp(v, "en") ? LANG_EN : LANG_ZH;
	}
	return l;
}

/* help [COMMAND]. */
static int cmd_help(const struct opts *o, int argc, char **argv)
{
	if (argc > 1) {
		fputs(CLI_TR(o, "venuecheck help：最多接受一个命令\n",
			     "venuecheck help: takes at most one command\n"), stderr);
		return EXIT_INVALID;
	}
	if (!cli_help(stdout, argc ? argv[0] : NULL)) {
		utf8_printf(stderr, CLI_TR(o, "venuecheck help：未知的命令“%s”（%s）\n",
					   "venuecheck help: unknown command '%s' (%s)\n"),
			    argv[0], cli_help_commands());
		return EXIT_INVALID;
	}
	return EXIT_PASS;
}

static int run_cmd(const char *cmd, const struct opts *o, int nargs, char **args)
{
	if (!strcmp(cmd, "check"))
		return cli_check(o, nargs, args, false);
	if (!strcmp(cmd, "validate"))
		return cli_check(o, nargs, args, true);
	if (!strcmp(cmd, "rules"))
		return cmd_rules(o, nargs, args);
	if (!strcmp(cmd, "convert"))
		return cmd_convert(o, nargs, args);
	if (!strcmp(cmd, "template"))
		return cmd_template(o, nargs);
	if (!strcmp(cmd, "trend"))
		return cli_trend(o, nargs, args);
	if (!strcmp(cmd, "diff"))
		return cli_diff(o, nargs, args);
	return cmd_explain(o, nargs, args);
}

/* venuecheck [OPTIONS] COMMAND [OPTIONS] [ARGS]: the options before the
 * command and after it mean the same. */
int main(int argc, char **argv)
{
	atexit(close_stdout);
	struct opts o = {.color = -1, .progress = -1, .fail_on = 1,
			 .report = {.bom = true}, .limits = doc_default_limits};
	o.report.lang = exit_lang = argv_lang(argc, argv);
	int first, next;
	if (!parse_opts(argc, argv, true, &o, &first)) {
		fputs(CLI_TR(&o, "请运行 'venuecheck --help' 查看用法。\n",
			     "Try 'venuecheck --help'.\n"), stderr);
		return EXIT_INVALID;
	}
	if (first >= argc) {
		cli_help(o.help ? stdout : stderr, NULL);
		return o.help ? EXIT_PASS : EXIT_INVALID;
	}
	const char *cmd = argv[first];
	if (!cli_help_known(cmd)) {
		utf8_printf(stderr, CLI_TR(&o, "venuecheck：未知的命令“%s”（%s）\n"
					   "请运行 'venuecheck --help' 查看用法。\n",
					   "venuecheck: unknown command '%s' (%s)\n"
					   "Try 'venuecheck --help'.\n"), cmd, cli_help_commands());
		return EXIT_INVALID;
	}
	argc -= first;
	argv += first;
	/* The server's commands read their own options (serve.c). */
	if (!strcmp(cmd, "serve"))
		return serve_main(argc, argv, o.report.lang);
	if (serve_admin_command(cmd))
		return serve_admin_main(argc, argv, o.report.lang);
	if (!parse_opts(argc, argv, false, &o, &next)) {
		fprintf(stderr, CLI_TR(&o, "请运行 'venuecheck help %s' 查看该命令的用法。\n",
				       "Try 'venuecheck help %s'.\n"), cmd);
		return EXIT_INVALID;
	}
	if (!strcmp(cmd, "help"))
		return cmd_help(&o, argc - next, argv + next);
	if (o.help) {
		cli_help(stdout, cmd);
		return EXIT_PASS;
	}
	o.report.color = want_color(&o);
	return run_cmd(cmd, &o, argc - next, argv + next);
}
