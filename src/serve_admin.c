/* serve_admin.c - the administrator's commands on a data directory
 * (serve_admin.h): import the venue list, make and revoke upload links,
 * export every venue's latest file as a tree `venuecheck check` reads.
 * Part of the front end: it prints, the store and the library do not.
 * Pipeline step: front end (server). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "files.h"
#include "outfile.h"
#include "serve_admin.h"
#include "serve_import.h"
#include "store.h"
#include "token.h"
#include "utf8.h"
#include "venue.h"
#include "xalloc.h"

/* The two languages' formats side by side; both literals, so the
 * compiler checks either against the arguments. */
#define TR(en, zh, en_text) ((en) ? (en_text) : (zh))

/* ---- the commands' options ---- */

struct admin_opts {
	const char *cmd;
	const char *data, *rules, *url, *label, *output;
	const char *revoke; /* link --revoke ID */
	bool list, help;
	bool en;
	int nargs;
	char **args;
};

enum { OPT_DATA = 256, OPT_URL, OPT_LABEL, OPT_REVOKE, OPT_LIST };

static const struct option admin_longopts[] = {
	{"data", required_argument, NULL, OPT_DATA},
	{"rules", required_argument, NULL, 'r'},
	{"url", required_argument, NULL, OPT_URL},
	{"label", required_argument, NULL, OPT_LABEL},
	{"revoke", required_argument, NULL, OPT_REVOKE},
	{"list", no_argument, NULL, OPT_LIST},
	{"output", required_argument, NULL, 'o'},
	{"lang", required_argument, NULL, 'l'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static void admin_try_help(const struct admin_opts *o)
{
	fprintf(stderr, TR(o->en, "请运行 'venuecheck help %s' 查看该命令的用法。\n",
			   "Try 'venuecheck help %s'.\n"),
		o->cmd);
}

static bool admin_opt(struct admin_opts *o, int c)
{
	switch (c) {
	case OPT_DATA: o->data = optarg; return true;
	case 'r': o->rules = optarg; return true;
	case OPT_URL: o->url = optarg; return true;
	case OPT_LABEL: o->label = optarg; return true;
	case OPT_REVOKE: o->revoke = optarg; return true;
	case OPT_LIST: o->list = true; return true;
	case 'o': o->output = optarg; return true;
	case 'h': o->help = true; return true;
	case 'l':
		if (!strcmp(optarg, "en") || !strcmp(optarg, "zh")) {
			o->en = !strcmp(optarg, "en");
			return true;
		}
		fprintf(stderr, TR(o->en, "venuecheck：--lang 应为 zh 或 en\n",
				   "venuecheck: --lang must be zh or en\n"));
		return false;
	default: return false; /* getopt printed why */
	}
}

static bool admin_parse(struct admin_opts *o, int argc, char **argv)
{
	/* 0, not 1: glibc then starts afresh (the argv of main was parsed
	 * before), permuting options after the operands. */
	optind = 0;
	opterr = 1;
	int c;
	while ((c = getopt_long(argc, argv, "r:o:l:h", admin_longopts, NULL)) != -1)
		if (!admin_opt(o, c))
			return false;
	o->nargs = argc - optind;
	o->args = argv + optind;
	if (!o->help && !o->data) {
		fprintf(stderr, TR(o->en, "venuecheck %s：需要 --data DIR（服务的数据目录）\n",
				   "venuecheck %s: --data DIR (the server's data "
				   "directory) is required\n"),
			o->cmd);
		return false;
	}
	return true;
}

static struct store *admin_store(const struct admin_opts *o)
{
	char *err = NULL;
	struct store *st = store_open(o->data, o->en, &err);
	if (!st) {
		utf8_printf(stderr, "venuecheck %s: %s\n", o->cmd, err ? err : "?");
		free(err);
	}
	return st;
}

static struct pack *admin_pack(const struct admin_opts *o)
{
	struct opts co = {.rules = o->rules,
			  .report = {.lang = o->en ? LANG_EN : LANG_ZH}};
	return cli_load_pack(&co);
}

/* ---- import ---- */

static bool admin_is_csv(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && !strcasecmp(path + n - 4, ".csv");
}

static char *admin_read(const char *path, size_t *len, bool en)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	if (f) {
		buf = xmalloc(SERVE_IMPORT_MAX_INPUT + 1);
		n = fread(buf, 1, SERVE_IMPORT_MAX_INPUT + 1, f);
		if (ferror(f)) {
			free(buf);
			buf = NULL;
		}
		fclose(f);
	}
	if (!buf)
		utf8_printf(stderr, TR(en, "%s: 无法读取：%s\n", "%s: cannot read: %s\n"),
			    path, strerror(errno));
	*len = n;
	return buf;
}

static size_t admin_import_csv(struct serve_import_list *l, const struct pack *p,
			       const char *path, bool en)
{
	size_t len;
	char *bytes = admin_read(path, &len, en);
	if (!bytes)
		return 1;
	size_t bad = serve_import_csv_parse(l, p, path, bytes, len, en, stderr);
	free(bytes);
	return bad;
}

/* A data file's venue header: the file is loaded (and so validated) by
 * the library, as check would. */
static size_t admin_import_file(struct serve_import_list *l, const struct pack *p,
				const char *path, bool en)
{
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load(p, path, NULL, &d);
	cli_print_diags(&d, en ? LANG_EN : LANG_ZH);
	diag_free(&d);
	if (!v)
		return 1;
	size_t bad = 0;
	if (!serve_import_id_ok(v->id)) {
		utf8_printf(stderr, TR(en, "%s: 编号“%s”不能用作文件名\n",
				       "%s: id '%s' cannot be used as a file name\n"),
			    path, v->id);
		bad = 1;
	} else {
		struct store_venue sv = {.id = (char *)v->id, .name = (char *)v->name,
					 .tier = (char *)v->tier,
					 .parent = (char *)(v->parent ? v->parent : "")};
		bad = !serve_import_add(l, &sv, path, en, stderr);
	}
	venue_free(v);
	return bad;
}

static size_t admin_import_args(struct serve_import_list *l, const struct pack *p,
				const struct admin_opts *o)
{
	struct filelist fl = {0};
	struct diags d;
	diag_init(&d);
	size_t bad = 0;
	for (int i = 0; i < o->nargs; i++) {
		if (admin_is_csv(o->args[i]))
			bad += admin_import_csv(l, p, o->args[i], o->en);
		else if (!files_add_arg(&fl, o->args[i], &d))
			bad++;
	}
	cli_print_diags(&d, o->en ? LANG_EN : LANG_ZH);
	diag_free(&d);
	files_unique(&fl);
	char buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < fl.n; i++)
		bad += admin_import_file(l, p, files_get(&fl, i, buf), o->en);
	files_free(&fl);
	return bad;
}

static int admin_import(const struct admin_opts *o, struct store *st)
{
	struct pack *p = admin_pack(o);
	if (!p)
		return EXIT_INVALID;
	struct serve_import_list l = {0};
	size_t bad = admin_import_args(&l, p, o);
	bool ok = serve_import_commit(st, p, &l, bad, "venuecheck import", o->en, stderr);
	if (ok)
		printf(TR(o->en, "已导入 %zu 个场馆\n", "imported %zu venues\n"), l.n);
	serve_import_list_free(&l);
	pack_free(p);
	return ok ? EXIT_PASS : EXIT_INVALID;
}

/* ---- link ---- */

static bool admin_url_ok(const char *url)
{
	return (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8)) &&
	       !strpbrk(url, " \t\r\n\"<>");
}

static int admin_link_new(const struct admin_opts *o, struct store *st)
{
	const char *url = o->url ? o->url : "http://127.0.0.1:8080";
	if (o->nargs != 1 || !serve_import_id_ok(o->args[0]) || !admin_url_ok(url)) {
		fprintf(stderr, TR(o->en, "venuecheck link：需要一个场馆编号（和 --url http://主机:端口）\n",
				   "venuecheck link: expected one venue id (and "
				   "--url http://host:port)\n"));
		admin_try_help(o);
		return EXIT_INVALID;
	}
	struct store_venue v;
	if (store_venue_get(st, o->args[0], &v))
		store_venue_clear(&v);
	else
		utf8_printf(stderr,
			    TR(o->en, "注意：场馆“%s”还不在名单中；链接照样生成，它的第一份上传会把它加入名单\n",
			       "note: venue '%s' is not in the list yet; the link "
			       "is made all the same, its first upload adds it\n"),
			    o->args[0]);
	char tok[TOKEN_CHARS + 1];
	long long id;
	if (!store_link_new(st, o->args[0], o->label, tok, &id)) {
		fprintf(stderr, TR(o->en, "venuecheck link：无法生成链接\n",
				   "venuecheck link: cannot make the link\n"));
		return EXIT_INVALID;
	}
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	utf8_printf(stderr,
		    TR(o->en, "场馆“%s”的上传链接（编号 %lld，仅显示这一次，请妥善保存）：\n",
		       "upload link of venue '%s' (link %lld, shown once, keep it "
		       "safe):\n"),
		    o->args[0], id);
	printf("%.*s/u/%s\n", (int)n, url, tok);
	return EXIT_PASS;
}

static int admin_link_revoke(const struct admin_opts *o, struct store *st)
{
	char *end;
	errno = 0;
	long long id = strtoll(o->revoke, &end, 10);
	struct store_link l;
	if (errno || *end || id <= 0 || !store_link_get(st, id, &l)) {
		utf8_printf(stderr, TR(o->en, "venuecheck link：没有编号为“%s”的链接（见 link --list）\n",
				       "venuecheck link: no link with id '%s' (see "
				       "link --list)\n"),
			    o->revoke);
		return EXIT_INVALID;
	}
	bool was = l.revoked != 0;
	bool ok = was || store_link_revoke(st, id);
	if (ok)
		utf8_printf(stdout,
			    was ? TR(o->en, "链接 %lld（场馆 %s）早已撤销\n",
				     "link %lld (venue %s) was revoked already\n")
				: TR(o->en, "已撤销链接 %lld（场馆 %s）\n",
				     "revoked link %lld (venue %s)\n"),
			    id, l.venue_id);
	store_link_clear(&l);
	return ok ? EXIT_PASS : EXIT_INVALID;
}

static void admin_time(long long t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t || !localtime_r(&tt, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, size, "-");
}

/* Tab-separated, a header line first: for a person and for cut(1).  No
 * token: the store has none to show. */
static int admin_link_list(const struct admin_opts *o, struct store *st)
{
	struct store_link *l;
	size_t n = store_links(st, &l);
	puts(TR(o->en, "编号\t场馆\t备注\t生成时间\t撤销时间",
		"id\tvenue\tlabel\tcreated\trevoked"));
	for (size_t i = 0; i < n; i++) {
		char c[32], r[32];
		admin_time(l[i].created, c, sizeof c);
		admin_time(l[i].revoked, r, sizeof r);
		utf8_printf(stdout, "%lld\t%s\t%s\t%s\t%s\n", l[i].id,
			    l[i].venue_id, l[i].label, c, r);
	}
	store_links_free(l, n);
	return EXIT_PASS;
}

static int admin_link(const struct admin_opts *o, struct store *st)
{
	if (o->list)
		return admin_link_list(o, st);
	if (o->revoke)
		return admin_link_revoke(o, st);
	return admin_link_new(o, st);
}

/* ---- export ---- */

static bool admin_mkdir(const char *path, bool en)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST) {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return true;
		errno = ENOTDIR;
	}
	utf8_printf(stderr, TR(en, "venuecheck export：无法创建目录 %s：%s\n",
			       "venuecheck export: cannot create directory %s: %s\n"),
		    path, strerror(errno));
	return false;
}

/* The blob's bytes, checked against their name: a damaged blob is not
 * exported as if it were the clerk's file. */
static char *admin_blob(struct store *st, const struct store_submission *s,
			size_t *len, bool en)
{
	char *path = store_blob_path(st, s->sha256);
	char *bytes = admin_read(path, len, en);
	char sha[65];
	if (bytes)
		token_sha256_hex(bytes, *len, sha);
	if (bytes && strcmp(sha, s->sha256) != 0) {
		utf8_printf(stderr, TR(en, "venuecheck export：%s 已损坏（内容与其 SHA-256 不符）\n",
				       "venuecheck export: %s is damaged (its bytes do "
				       "not match its SHA-256)\n"),
			    path);
		free(bytes);
		bytes = NULL;
	}
	free(path);
	return bytes;
}

/* A file of the same venue under another kind (v1.yaml when v1.xlsx is
 * now the latest) would be a second file of the venue for check. */
static const char *const admin_kinds[] = {".yaml", ".xlsx", ".xls"};

static bool admin_kind_ok(const char *ext)
{
	for (size_t i = 0; i < countof(admin_kinds); i++)
		if (!strcmp(admin_kinds[i], ext))
			return true;
	return false;
}

static void admin_drop_other_kinds(const char *dir, const char *id,
				   const char *ext)
{
	const char *const *kinds = admin_kinds;
	for (size_t i = 0; i < countof(admin_kinds); i++) {
		if (!strcmp(kinds[i], ext))
			continue;
		char p[PATH_MAX];
		if ((size_t)snprintf(p, sizeof p, "%s/%s%s", dir, id, kinds[i]) <
		    sizeof p)
			unlink(p);
	}
}

static bool admin_write(const char *path, const char *bytes, size_t len,
			bool en)
{
	struct outfile out;
	struct diags d;
	diag_init(&d);
	bool ok = outfile_open(&out, path, true, &d);
	if (ok) {
		fwrite(bytes, 1, len, out.fp);
		ok = outfile_commit(&out, &d);
	}
	cli_print_diags(&d, en ? LANG_EN : LANG_ZH);
	diag_free(&d);
	return ok;
}

static bool admin_export_one(const struct admin_opts *o, struct store *st,
			     const struct store_submission *s)
{
	struct store_venue v = {0};
	bool known = store_venue_get(st, s->venue_id, &v);
	const char *tier = known && serve_import_id_ok(v.tier) ? v.tier : "unknown";
	char dir[PATH_MAX], path[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/%s", o->output, tier);
	bool ok = snprintf(path, sizeof path, "%s/%s%s", dir, s->venue_id,
			   s->ext) < (int)sizeof path &&
		  admin_mkdir(dir, o->en);
	size_t len = 0;
	char *bytes = ok ? admin_blob(st, s, &len, o->en) : NULL;
	if (bytes) {
		admin_drop_other_kinds(dir, s->venue_id, s->ext);
		ok = admin_write(path, bytes, len, o->en);
	}
	free(bytes);
	store_venue_clear(&v);
	return ok && bytes;
}

static int admin_export(const struct admin_opts *o, struct store *st)
{
	if (!o->output || !admin_mkdir(o->output, o->en))
		return EXIT_INVALID;
	struct store_submission *s;
	size_t n = store_latest(st, &s), done = 0, bad = 0;
	for (size_t i = 0; i < n; i++) {
		/* A file the server could not tell the kind of, or an id that
		 * is no file name, has nothing check could read. */
		if (!admin_kind_ok(s[i].ext) || !serve_import_id_ok(s[i].venue_id))
			continue;
		if (admin_export_one(o, st, &s[i]))
			done++;
		else
			bad++;
	}
	store_submissions_free(s, n);
	utf8_printf(stderr, TR(o->en, "已把 %zu 个场馆的最新文件导出到 %s\n",
			       "exported the latest file of %zu venues to %s\n"),
		    done, o->output);
	return bad ? EXIT_INVALID : EXIT_PASS;
}

/* ---- dispatch ---- */

/* What can be told wrong before DIR is opened (and made). */
static bool admin_usage(const struct admin_opts *o)
{
	const char *why = NULL;
	if (!strcmp(o->cmd, "import") && o->nargs < 1)
		why = TR(o->en, "需要场馆名单（目录、数据文件或 CSV）",
			 "expected the venue list (a directory, data files or a CSV)");
	else if (!strcmp(o->cmd, "export") && (!o->output || o->nargs))
		why = TR(o->en, "需要 -o 目录", "expected -o DIR");
	else if (!strcmp(o->cmd, "link") &&
		 (o->list + !!o->revoke + (o->nargs > 0) != 1 || o->nargs > 1))
		why = TR(o->en, "--list、--revoke ID 和一个场馆编号只能选一个",
			 "give one of --list, --revoke ID and a venue id");
	if (why)
		fprintf(stderr, TR(o->en, "venuecheck %s：%s\n", "venuecheck %s: %s\n"),
			o->cmd, why);
	return !why;
}

bool serve_admin_command(const char *cmd)
{
	return !strcmp(cmd, "import") || !strcmp(cmd, "link") ||
	       !strcmp(cmd, "export");
}

int serve_admin_main(int argc, char **argv, enum lang lang)
{
	struct admin_opts o = {.cmd = argv[0], .en = lang == LANG_EN};
	if (!admin_parse(&o, argc, argv)) {
		admin_try_help(&o);
		return EXIT_INVALID;
	}
	if (o.help) {
		cli_help(stdout, o.cmd);
		return EXIT_PASS;
	}
	if (!admin_usage(&o)) {
		admin_try_help(&o);
		return EXIT_INVALID;
	}
	struct store *st = admin_store(&o);
	if (!st)
		return EXIT_INVALID;
	int rc = !strcmp(o.cmd, "import") ? admin_import(&o, st)
		 : !strcmp(o.cmd, "link") ? admin_link(&o, st)
					  : admin_export(&o, st);
	store_close(st);
	return rc;
}
