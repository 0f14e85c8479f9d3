/* cli.c - the venuecheck command: argument parsing, finding the rule pack,
 * running checks and choosing the exit status.  The only file that prints
 * diagnostics or decides how the process ends. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "label.h"
#include "report.h"
#include "rules.h"
#include "utf8.h"
#include "venue.h"

#ifndef VERSION
#define VERSION "0.1.0"
#endif
#ifndef RULESDIR
#define RULESDIR "/usr/local/share/venuecheck/rules"
#endif

enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_INVALID = 2 };
#define DEFAULT_PACK "jiaxing-2015"

struct opts {
	const char *rules;
	const char *tier;
	const char *output; /* -o: NULL for standard output */
	const char *format; /* --format, or NULL to go by -o's extension */
	struct report_opts report;
	int color; /* -1 auto, 0 never, 1 always */
};

static void usage(FILE *out)
{
	fputs("usage: venuecheck check [OPTIONS] FILE...\n"
	      "       venuecheck rules [OPTIONS] [--tier TIER]\n"
	      "       venuecheck --help | --version\n"
	      "\n"
	      "Check public cultural venues' yearly data files against a service\n"
	      "standard (default: the Jiaxing 2015 standard, jiaxing-2015).\n"
	      "\n"
	      "Options:\n"
	      "  -r, --rules PACK     rule pack: a name (jiaxing-2015) or a .yaml path\n"
	      "  -t, --tier TIER      rules: list only this tier (city, county, town, village)\n"
	      "  -o, --output FILE    write the report to FILE (- for standard output);\n"
	      "                       the format follows the extension: .xlsx, .csv, else text\n"
	      "  -f, --format FMT     text, csv or xlsx, whatever the extension\n"
	      "      --no-bom         csv: no UTF-8 byte-order mark (for pipelines)\n"
	      "  -l, --lang LANG      report language: zh (default) or en\n"
	      "      --color WHEN     auto (default), always or never; NO_COLOR is honoured\n"
	      "  -h, --help           show this help\n"
	      "  -V, --version        show the version\n"
	      "\n"
	      "Exit status: 0 every checked rule passed, 1 some rule failed or lacks\n"
	      "data, 2 invalid input, invalid rule pack or usage error.\n"
	      "See venuecheck(1), venuecheck-data(5), venuecheck-rules(5).\n",
	      out);
}

static bool file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The directory of the running binary, so a build tree and an installed
 * tree both find their packs without flags. */
static bool exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

static bool try_dir(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s.yaml", dir, name);
	return n > 0 && (size_t)n < size && file_exists(out);
}

/* A path is used as given; a bare name is looked up in, in order:
 * $VENUECHECK_RULES_DIR, <bindir>/rules, <bindir>/../share/venuecheck/rules
 * and the compiled-in RULESDIR. */
static bool find_pack(const char *name, char *out, size_t size)
{
	if (strchr(name, '/') || strstr(name, ".yaml") || strstr(name, ".yml")) {
		snprintf(out, size, "%s", name);
		return true;
	}
	const char *env = getenv("VENUECHECK_RULES_DIR");
	if (env && *env && try_dir(out, size, env, name))
		return true;
	char dir[PATH_MAX], sub[PATH_MAX + 64];
	if (exe_dir(dir, sizeof dir)) {
		snprintf(sub, sizeof sub, "%s/rules", dir);
		if (try_dir(out, size, sub, name))
			return true;
		snprintf(sub, sizeof sub, "%s/../share/venuecheck/rules", dir);
		if (try_dir(out, size, sub, name))
			return true;
	}
	return try_dir(out, size, RULESDIR, name);
}

static void print_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
}

static struct pack *load_pack(const struct opts *o)
{
	char path[PATH_MAX + 64];
	const char *name = o->rules ? o->rules : DEFAULT_PACK;
	if (!find_pack(name, path, sizeof path)) {
		fprintf(stderr, "venuecheck: rule pack '%s' not found (looked in "
			"$VENUECHECK_RULES_DIR, ./rules beside the binary, "
			"../share/venuecheck/rules and %s)\n", name, RULESDIR);
		return NULL;
	}
	struct diags d;
	diags_init(&d);
	struct pack *p = rules_load(path, &d);
	print_diags(&d);
	diags_free(&d);
	return p;
}

static int cmd_rules(const struct opts *o, int argc, char **argv)
{
	(void)argv;
	if (argc > 0) {
		fprintf(stderr, "venuecheck rules: takes no file arguments\n");
		return EXIT_INVALID;
	}
	struct pack *p = load_pack(o);
	if (!p)
		return EXIT_INVALID;
	if (o->tier && !rules_tier(p, o->tier)) {
		fprintf(stderr, "venuecheck: unknown tier '%s'\n", o->tier);
		rules_free(p);
		return EXIT_INVALID;
	}
	size_t idw = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (utf8_width(p->rules[i].id) > idw)
			idw = utf8_width(p->rules[i].id);
	enum lang l = o->report.lang;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (o->tier && strcmp(o->tier, r->tier) != 0)
			continue;
		printf("%-*s  %-8s  %-9s  %s\n", (int)idw, r->id, r->tier,
		       rules_kind_name(r->kind), label_rule(r, l));
	}
	rules_free(p);
	return EXIT_PASS;
}

/* Check one file into the report; returns its contribution to the exit
 * status.  Errors always go to standard error as file:line:col lines. */
static int check_one(const struct pack *p, const char *path, struct report *r)
{
	struct diags d;
	diags_init(&d);
	struct venue *v = venue_load(p, path, &d);
	if (!v) {
		print_diags(&d);
		report_invalid(r, path, &d);
		diags_free(&d);
		return EXIT_INVALID;
	}
	struct check_report *rep = check_venue(p, v, &d);
	report_venue(r, rep, &d);
	bool failed = rep->counts[VERDICT_FAIL] || rep->counts[VERDICT_MISSING];
	check_report_free(rep);
	venue_free(v);
	diags_free(&d);
	return failed ? EXIT_FAILED : EXIT_PASS;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* --format wins; else the extension of -o; else text. */
static bool pick_format(const struct opts *o, enum report_format *f)
{
	const char *name = o->format;
	if (!name && o->output)
		name = ends_with(o->output, ".xlsx") ? "xlsx"
		     : ends_with(o->output, ".csv") ? "csv" : "text";
	*f = FORMAT_TEXT;
	if (!name || !strcmp(name, "text"))
		return true;
	if (!strcmp(name, "csv")) {
		*f = FORMAT_CSV;
		return true;
	}
	if (!strcmp(name, "xlsx")) {
		*f = FORMAT_XLSX;
		if (!o->output || !strcmp(o->output, "-")) {
			fprintf(stderr, "venuecheck: an xlsx report needs a file: -o report.xlsx\n");
			return false;
		}
		return true;
	}
	fprintf(stderr, "venuecheck: --format takes text, csv or xlsx\n");
	return false;
}

static int cmd_check(const struct opts *o, int argc, char **argv)
{
	enum report_format fmt;
	if (!pick_format(o, &fmt))
		return EXIT_INVALID;
	if (argc == 0) {
		fprintf(stderr, "venuecheck check: no files given\n");
		return EXIT_INVALID;
	}
	struct pack *p = load_pack(o);
	if (!p)
		return EXIT_INVALID;
	struct report_opts ro = o->report;
	ro.out = o->output ? o->output : "-";
	struct diags d;
	diags_init(&d);
	struct report *r = report_open(fmt, p, &ro, &d);
	if (!r) {
		print_diags(&d);
		diags_free(&d);
		rules_free(p);
		return EXIT_INVALID;
	}
	int status = EXIT_PASS;
	for (int i = 0; i < argc; i++) {
		int s = check_one(p, argv[i], r);
		if (s > status)
			status = s;
	}
	size_t venues = r->venues, failing = r->failing, invalid = r->invalid;
	if (!report_finish(r, &d)) {
		print_diags(&d);
		status = EXIT_INVALID;
	} else if (fmt != FORMAT_TEXT && strcmp(ro.out, "-") != 0) {
		fprintf(stderr, "venuecheck: wrote %s: %zu venue(s), %zu not passing, "
			"%zu invalid file(s)\n", ro.out, venues, failing, invalid);
	}
	diags_free(&d);
	rules_free(p);
	return status;
}

static bool parse_opts(int argc, char **argv, struct opts *o, int *next)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'},
		{"tier", required_argument, NULL, 't'},
		{"lang", required_argument, NULL, 'l'},
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"no-bom", no_argument, NULL, 'B'},
		{"color", required_argument, NULL, 'c'},
		{"colour", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0; /* our own messages, named after the program */
	while ((c = getopt_long(argc, argv, ":r:t:l:o:f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->rules = optarg; break;
		case 't': o->tier = optarg; break;
		case 'o': o->output = optarg; break;
		case 'f': o->format = optarg; break;
		case 'B': o->report.bom = false; break;
		case 'l':
			if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0) {
				fprintf(stderr, "venuecheck: --lang takes zh or en\n");
				return false;
			}
			o->report.lang = strcmp(optarg, "en") == 0 ? LANG_EN : LANG_ZH;
			break;
		case 'c':
			if (!strcmp(optarg, "always")) o->color = 1;
			else if (!strcmp(optarg, "never")) o->color = 0;
			else if (!strcmp(optarg, "auto")) o->color = -1;
			else {
				fprintf(stderr, "venuecheck: --color takes auto, always or never\n");
				return false;
			}
			break;
		case 'h': usage(stdout); exit(EXIT_PASS);
		case 'V': printf("venuecheck %s\n", VERSION); exit(EXIT_PASS);
		case ':':
			fprintf(stderr, "venuecheck: option '%s' needs a value\n",
				argv[optind - 1]);
			return false;
		default:
			fprintf(stderr, "venuecheck: unknown option '%s'\n",
				argv[optind - 1]);
			return false;
		}
	}
	*next = optind;
	return true;
}

int main(int argc, char **argv)
{
	struct opts o = {.color = -1, .report = {.bom = true}};
	if (argc < 2) {
		usage(stderr);
		return EXIT_INVALID;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return EXIT_PASS;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("venuecheck %s\n", VERSION);
		return EXIT_PASS;
	}
	int next;
	if (!parse_opts(argc - 1, argv + 1, &o, &next)) {
		fputs("Try 'venuecheck --help'.\n", stderr);
		return EXIT_INVALID;
	}
	const char *nocolor = getenv("NO_COLOR");
	o.report.color = o.color == 1 ||
		(o.color == -1 && isatty(STDOUT_FILENO) && !(nocolor && *nocolor));
	int nargs = argc - 1 - next;
	char **args = argv + 1 + next;
	if (!strcmp(cmd, "check"))
		return cmd_check(&o, nargs, args);
	if (!strcmp(cmd, "rules"))
		return cmd_rules(&o, nargs, args);
	fprintf(stderr, "venuecheck: unknown command '%s' (check, rules)\nTry 'venuecheck --help'.\n",
		cmd);
	return EXIT_INVALID;
}
