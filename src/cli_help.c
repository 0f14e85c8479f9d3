/* cli_help.c - the command's help.  One table of commands and one of
 * options, each option marked with the commands it applies to, so that
 * `venuecheck --help` (everything) and `venuecheck help CMD` or
 * `venuecheck CMD --help` (that command's usage and options) cannot drift
 * apart.  Part of the front end (cli.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum {
	H_CHECK = 1, H_VALIDATE = 2, H_RULES = 4, H_TEMPLATE = 8,
	H_EXPLAIN = 16, H_CONVERT = 32, H_SERVE = 64, H_TREND = 128,
	H_REPORT = H_CHECK | H_VALIDATE | H_TREND, /* a batch, a report */
	H_LOADS = H_REPORT | H_EXPLAIN | H_CONVERT, /* read data files */
	H_ADMIN = 256, /* import, link, export: serve_admin.c's own options */
	H_DIFF = 512, /* diff: two reports, no data files */
	H_ALL = 127 | H_TREND | H_DIFF,
};

struct cmd_help {
	const char *name;
	unsigned bit;
	const char *usage; /* after "venuecheck ", one line per form */
	const char *about;
};

static const struct cmd_help cmds[] = {
	{"check", H_CHECK, "check [OPTIONS] FILE|DIR|-...\n",
	 "Check venues' yearly data files (YAML or .xlsx workbooks, or the\n"
	 "venue files in directories) against the rule pack and report each\n"
	 "rule's verdict.\n"},
	{"validate", H_VALIDATE, "validate [OPTIONS] FILE|DIR|-...\n",
	 "Check only that data files are well-formed for the rule pack (no\n"
	 "rule is judged).\n"},
	{"rules", H_RULES,
	 "rules [OPTIONS] [--tier TIER]\n"
	 "rules --ids [--tier TIER]\n"
	 "rules --lint [PACK.yaml]\n"
	 "rules --test DIR\n",
	 "List the rule pack's rules (--ids: their ids alone, one a line), lint\n"
	 "a pack, or run a pack's test cases.\n"},
	{"template", H_TEMPLATE,
	 "template --tier TIER [-o FILE.yaml|FILE.xlsx] [--year YEAR]\n",
	 "Write a data file to fill in: YAML with example values that pass\n"
	 "every rule, or a blank data entry workbook.\n"},
	{"explain", H_EXPLAIN, "explain RULE-ID [FILE] [--lang en]\n",
	 "Explain a rule in words and, given a data file, how its verdict for\n"
	 "that file is reached.\n"},
	{"convert", H_CONVERT, "convert FILE -o OUT.xlsx|OUT.yaml|-\n",
	 "Convert a valid data file between YAML and the data entry workbook.\n"},
	{"trend", H_TREND,
	 "trend [OPTIONS] DIR_2023 DIR_2024 DIR_2025...\n"
	 "trend [OPTIONS] [--rules-for YEAR=PACK]... FILE|DIR...\n",
	 "Check several years' data files, each year (the files' own year:)\n"
	 "as its own batch, and report per venue and rule the verdict and\n"
	 "measured value by year, per county and tier the pass rates by year,\n"
	 "the clauses that got worse, venues whose tier or parent changed,\n"
	 "years with no files and packs that differ.  Formats: text, json,\n"
	 "csv, xlsx (a 趋势 sheet with a line chart).\n"},
	{"diff", H_DIFF, "diff OLD.json NEW.json [-o FILE] [--format FMT]\n",
	 "Compare two JSON reports of check (an earlier and a later run): each\n"
	 "venue and rule marked new, fixed, still failing or passing, venues added\n"
	 "and gone, rules added and removed; nothing is checked again.\n"},
	{"serve", H_SERVE,
	 "serve --data DIR [--listen HOST:PORT] [--rules PACK] [--year YEAR]\n"
	 "      [--tls-cert FILE --tls-key FILE] [--limit SIZE] [--new-admin-link]\n",
	 "Run the county's submission portal: upload links for the venues,\n"
	 "results in the browser, the county's report always current (see\n"
	 "venuecheck-serve(1)).\n"},
	{"import", H_ADMIN, "import --data DIR [--rules PACK] TREE|FILE|LIST.csv...\n",
	 "Import the county's venue list into a server's data directory: the\n"
	 "venues (id, name, tier, parent) of data files, or of a CSV of\n"
	 "id,name,tier,parent.  All or nothing: one bad line or file and no\n"
	 "venue is imported (see venuecheck-serve(1)).\n"},
	{"link", H_ADMIN,
	 "link --data DIR VENUE-ID [--label TEXT] [--url URL]\n"
	 "link --data DIR --revoke ID\n"
	 "link --data DIR --list\n",
	 "Make a venue's upload link (printed once: only its hash is kept; a\n"
	 "town's link covers its villages), revoke one, or list them.\n"},
	{"export", H_ADMIN, "export --data DIR -o TREE\n",
	 "Write every venue's latest uploaded file as TREE/TIER/VENUE-ID.EXT, so\n"
	 "that `venuecheck check TREE` gives the county's report.\n"},
	{"help", 0, "help [COMMAND]\n",
	 "Show the help of a command, or this help.\n"},
};

struct opt_help {
	unsigned cmds;
	const char *text; /* preformatted, as in the help */
};

static const struct opt_help options[] = {
	/* diff reads two reports, no pack. */
	{(unsigned)H_ALL & ~(unsigned)H_DIFF,
	 "  -r, --rules PACK     rule pack: a name (jiaxing-2015) or a .yaml path;\n"
	 "                       again for several packs in one run (-r A -r B)\n"},
	{H_RULES | H_TEMPLATE,
	 "  -t, --tier TIER      rules: list only this tier (city, county, town, village);\n"
	 "                       template: the tier of the data file to write\n"},
	{H_REPORT | H_TEMPLATE | H_CONVERT | H_DIFF,
	 "  -o, --output FILE    write the report to FILE (- for standard output);\n"
	 "                       the format follows the extension: .xlsx .csv .json\n"
	 "                       .html .xml (JUnit), else text\n"},
	{H_REPORT | H_DIFF, "  -f, --format FMT     text, json, junit, github, sarif, csv, xlsx or html\n"
		   "                       (trend: text, json, csv or xlsx)\n"},
	{H_REPORT | H_DIFF, "      --no-bom         csv: no UTF-8 byte-order mark (for pipelines)\n"},
	{H_REPORT | H_DIFF,
	 "      --raw-csv        csv: text starting with = + - @ TAB or CR as it is,\n"
	 "                       without the leading ' that stops a spreadsheet\n"
	 "                       running it as a formula (for pipelines)\n"},
	{H_REPORT, "  -j, --jobs N         check on N threads (default: one per core)\n"},
	{H_REPORT, "      --files-from F   also check the paths listed in F (- for stdin)\n"},
	{H_REPORT,
	 "      --complete       the batch is a whole tree: missing parents and\n"
	 "                       missing village files are errors\n"},
	{H_CHECK | H_VALIDATE | H_TEMPLATE | H_EXPLAIN,
	 "      --year YEAR      check only the files of this year; template,\n"
	 "                       explain: the year of the example (default: this year)\n"},
	{H_REPORT,
	 "      --fail-on WHAT   exit 1 on: fail (failed rules), missing (also\n"
	 "                       missing data; the default), warning (also\n"
	 "                       warning-severity rules and warnings) or new (only\n"
	 "                       failures new since --baseline; trend: since the\n"
	 "                       year before the latest)\n"},
	{H_REPORT,
	 "      --progress, --no-progress   progress on stderr (default: on a\n"
	 "                       terminal, for more than 300 files)\n"},
	{H_ALL, "  -l, --lang LANG      language of reports and messages: zh (default) or en\n"},
	{H_CHECK | H_VALIDATE,
	 "      --color WHEN     auto (default), always or never; NO_COLOR and\n"
	 "                       TERM=dumb are honoured\n"},
	{H_LOADS,
	 "      --limit NAME=N   raise a bound on hostile input: file-size (64M),\n"
	 "                       value-size (64K) or entries (200000 per list)\n"},
	{H_CHECK, "      --waivers FILE   approved exceptions (a YAML list of waivers)\n"},
	{H_TREND,
	 "      --rules-for YEAR=PACK   trend: check YEAR's files with PACK (a\n"
	 "                       pack that differs between years is reported;\n"
	 "                       its rules of one year only count neither way)\n"},
	{H_CHECK,
	 "      --baseline OLD.json  compare with an earlier check --format json:\n"
	 "                       each result marked new, fixed, still failing (整改)\n"},
	{H_CHECK | H_TREND,
	 "      --today DATE     the date waivers expire against (YYYY-MM-DD;\n"
	 "                       default: SOURCE_DATE_EPOCH, else today)\n"},
	{H_RULES,
	 "      --ids            rules: the rule ids only, one a line (for scripts\n"
	 "                       and shell completion)\n"},
	{H_RULES, "      --lint           rules: check the pack (or PACK.yaml) and say so\n"},
	{H_RULES, "      --test DIR       rules: run the pack's test cases in DIR\n"},
	{H_SERVE, "      --data DIR       serve: the data directory (made on first start)\n"},
	{H_SERVE, "      --listen H:P     serve: address and port (127.0.0.1:8080; port 0: any)\n"},
	{H_SERVE, "      --year YEAR      serve: the year checked (default: each file's own)\n"},
	{H_SERVE, "      --tls-cert FILE, --tls-key FILE   serve: HTTPS with this PEM pair\n"},
	{H_SERVE, "      --limit SIZE     serve: the largest upload (16M; K, M, G suffixes)\n"},
	{H_SERVE, "      --threads N      serve: worker threads (2)\n"},
	{H_SERVE, "      --max-connections N, --max-per-ip N   serve: caps (64, 16 per address)\n"},
	{H_SERVE,
	 "      --timeout SECS   serve: idle time before a connection is closed (10);\n"
	 "                       a request may take 3 times this in all\n"},
	{H_SERVE, "      --new-admin-link serve: print a new admin link (the old one stops)\n"},
	{H_ADMIN, "      --data DIR       the server's data directory (venuecheck serve --data)\n"},
	{H_ADMIN, "  -r, --rules PACK     import: the rule pack the tiers are of\n"},
	{H_ADMIN,
	 "      --url URL        link: the server's address in the link printed\n"
	 "                       (default http://127.0.0.1:8080)\n"},
	{H_ADMIN, "      --label TEXT     link: a note kept with the link (who has it)\n"},
	{H_ADMIN, "      --revoke ID      link: stop the link with this id (see --list)\n"},
	{H_ADMIN, "      --list           link: every link: id, venue, label, created, revoked\n"},
	{H_ADMIN, "  -o, --output TREE    export: the directory to write the files to\n"},
	{H_ADMIN, "  -l, --lang LANG      messages in zh (default) or en\n"},
	{H_ALL | H_ADMIN, "  -h, --help           show this help\n"},
	{H_ALL, "  -V, --version        show the version\n"},
};

static const char exit_text[] =
	"Exit status: 0 every checked rule passed, 1 some rule failed or lacks\n"
	"data, 2 invalid input, invalid rule pack or usage error.\n"
	"See venuecheck(1), venuecheck-data(5), venuecheck-rules(5).\n";

static const struct cmd_help *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

bool cli_help_known(const char *cmd)
{
	return find_cmd(cmd) != NULL;
}

/* Each line of c's usage, the first after "usage: ", the others indented
 * to match. */
static void put_usage(FILE *out, const struct cmd_help *c, bool *first)
{
	const char *s = c->usage;
	while (*s) {
		const char *nl = strchr(s, '\n');
		int n = (int)(nl - s);
		fprintf(out, "%s venuecheck %.*s\n", *first ? "usage:" : "      ", n, s);
		*first = false;
		s = nl + 1;
	}
}

static void put_options(FILE *out, unsigned bit)
{
	fputs("Options:\n", out);
	for (size_t i = 0; i < sizeof options / sizeof *options; i++)
		if (options[i].cmds & bit)
			fputs(options[i].text, out);
}

static void general_help(FILE *out)
{
	bool first = true;
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		put_usage(out, &cmds[i], &first);
	fputs("       venuecheck --help | --version\n"
	      "\n"
	      "Check public cultural venues' yearly data files against a service\n"
	      "standard (default: the Jiaxing 2015 standard, jiaxing-2015).\n"
	      "Options go before or after the command; `venuecheck help COMMAND`\n"
	      "shows a command's own options.\n"
	      "\n", out);
	put_options(out, H_ALL);
	fputs("\n", out);
	fputs(exit_text, out);
}

bool cli_help(FILE *out, const char *cmd)
{
	const struct cmd_help *c = cmd ? find_cmd(cmd) : NULL;
	if (!c || !c->bit) {
		if (cmd && !c)
			return false;
		general_help(out);
		return true;
	}
	bool first = true;
	put_usage(out, c, &first);
	fprintf(out, "\n%s\n", c->about);
	put_options(out, c->bit);
	if (c->bit == H_TREND)
		fputs("\nExit status: 0 no venue fails in the latest year with files, 1 a\n"
		      "venue fails in it (older years' failures are history; --fail-on new:\n"
		      "a failure the year before it did not have), 2 invalid input in any\n"
		      "year, invalid rule pack or usage error.  See venuecheck(1).\n",
		      out);
	else if (c->bit & H_REPORT)
		fprintf(out, "\n%s", exit_text);
	else if (c->bit == H_SERVE)
		fputs("\nExit status: 0 stopped by SIGINT or SIGTERM, 2 invalid option, invalid\n"
		      "rule pack or cannot start.  See venuecheck-serve(1).\n", out);
	else if (c->bit == H_DIFF)
		fputs("\nExit status: 0 no failure new in NEW.json, 1 new failures, 2 invalid\n"
		      "input or usage error.  See venuecheck(1).\n", out);
	else if (c->bit == H_RULES)
		fputs("\nExit status: 0 done, 1 (--test) a test case failed, 2 invalid\n"
		      "input, invalid rule pack or usage error.  See venuecheck(1).\n", out);
	else
		fputs("\nExit status: 0 done, 2 invalid input, invalid rule pack or usage\n"
		      "error.  See venuecheck(1).\n", out);
	return true;
}

const char *cli_help_commands(void)
{
	return "check, validate, rules, template, explain, convert, trend, diff, serve, help";
}
