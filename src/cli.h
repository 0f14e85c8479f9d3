/* cli.h - what the command's files share (cli.c: options and the small
 * commands; cli_check.c: check and validate).  The front end, not the
 * library: only these files print, read the environment or exit.
 * Pipeline step: the front end (the command). */
#ifndef VC_CLI_H
#define VC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "doc.h"
#include "report.h"
#include "pack.h"

enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_INVALID = 2 };
/* opts.fail_on beyond enum batch_fail_on: only new failures (--baseline). */
enum { FAIL_ON_NEW = 3 };
#define DEFAULT_PACK "jiaxing-2015"
struct opts {
	const char *rules;
	/* --rules given again: packs checked in the same run (pack_combine) */
	const char *more_rules[7];
	size_t nmore_rules;
	bool lint;	       /* rules --lint */
	bool ids;	       /* rules --ids */
	bool help;	       /* -h: the command's help */
	const char *test_dir;  /* rules --test DIR */
	const char *files_from;
	long jobs;	 /* 0: one per core */
	long year;	 /* 0: the batch's own */
	bool complete;
	int fail_on;	 /* 0 fail, 1 missing (default), 2 warning, 3 new */
	const char *baseline; /* --baseline OLD.json */
	int progress;	 /* -1 auto, 0 no, 1 yes */
	const char *tier;
	const char *output; /* -o: NULL for standard output */
	const char *format; /* --format, or NULL to go by -o's extension */
	struct report_opts report;
	int color; /* -1 auto, 0 never, 1 always */
	struct doc_limits limits; /* --limit */
	const char *waivers; /* --waivers FILE */
	int today;	     /* --today, yyyymmdd; 0: SOURCE_DATE_EPOCH or now */
	const char *rules_for[16]; /* trend --rules-for YEAR=PACK */
	size_t nrules_for;
};

/* The front end's own messages (usage errors and the like) in the run's
 * language: Chinese, or English with --lang en.  Both are literals, so
 * printf checks either against its arguments. */
#define CLI_TR(o, zh, en) ((o)->report.lang == LANG_EN ? (en) : (zh))
/* Print diagnostics on standard error, one per line. */
void cli_print_diags(const struct diags *d, enum lang l);
/* The pack of --rules (or the default), its problems printed; NULL then. */
struct pack *cli_load_pack(const struct opts *o);
/* -o must not replace an input (input, a data file of files, the pack
 * and its bases, the waivers, the list of files) nor land where the run's
 * directories would read it; false after the message.  files may be NULL. */
struct filelist;
bool cli_output_safe(const struct opts *o, const struct pack *p,
		     const struct filelist *files, const char *input);
/* The help of cmd (NULL: the general help) on out; false, printing
 * nothing, for an unknown command (cli_help.c). */
bool cli_help(FILE *out, const char *cmd);
bool cli_help_known(const char *cmd);
/* The command names, for messages: "check, validate, ...". */
const char *cli_help_commands(void);
/* --baseline into bl (memset first; free it in any case); false after
 * the message (an unreadable baseline, --fail-on new without one). */
struct baseline;
bool cli_load_baseline(const struct opts *o, struct baseline *bl);
/* diff OLD.json NEW.json (cli_diff.c). */
int cli_diff(const struct opts *o, int argc, char **argv);
/* check and validate. */
int cli_check(const struct opts *o, int argc, char **argv, bool validate);
/* A batch's options from the command's (cli_check.c); the year, validate
 * and the rest are the caller's. */
struct batch_opts;
struct batch_opts cli_batch_opts(const struct opts *o, size_t nfiles);
/* A batch's problems on standard error, as check prints them. */
struct batch;
void cli_print_batch(const struct batch *b, enum lang l);
/* trend (cli_trend.c). */
int cli_trend(const struct opts *o, int argc, char **argv);

#endif
