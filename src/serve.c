/* serve.c - `venuecheck serve`: its options, the data directory, the
 * rule pack and its sha, the first start's admin link, then the HTTP
 * layer until SIGINT or SIGTERM.  A front end like cli.c: it prints and
 * decides the exit status (0 stopped by a signal, 2 cannot start).
 * Pipeline step: front end (server). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "doc.h"
#include "http.h"
#include "serve.h"
#include "serve_check.h"
#include "store.h"
#include "token.h"
#include "utf8.h"
#include "venuecheck.h"
#include "xalloc.h"

#define SERVE_TR(o, zh, en) ((o)->lang == LANG_EN ? (en) : (zh))

struct serve_args {
	struct serve_opts o;
	bool new_admin, help, version;
};

static bool serve_number(const struct serve_opts *o, const char *name,
			 const char *arg, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < lo || v > hi) {
		fprintf(stderr, SERVE_TR(o, "venuecheck serve：%s 应为 %ld 到 %ld 之间的整数\n",
					 "venuecheck serve: %s takes a whole number from %ld to %ld\n"),
			name, lo, hi);
		return false;
	}
	*out = v;
	return true;
}

/* --limit SIZE, in check's size syntax (16M, 512K, 1G). */
static bool serve_limit(struct serve_opts *o, const char *arg)
{
	struct doc_limits l = doc_default_limits;
	char spec[64], err[160];
	if (strlen(arg) > 40 ||
	    (snprintf(spec, sizeof spec, "file-size=%s", arg),
	     !doc_limit_set(&l, spec, o->lang == LANG_EN, err, sizeof err))) {
		utf8_printf(stderr, SERVE_TR(o, "venuecheck serve：--limit 应为大小，如 16M、512K 或 1G（最大 4G），而不是“%s”\n",
					     "venuecheck serve: --limit takes a size such as 16M, 512K or 1G (at most 4G), not '%s'\n"),
			    arg);
		return false;
	}
	o->limit = l.bytes;
	return true;
}

static bool serve_lang(struct serve_opts *o, const char *arg)
{
	if (strcmp(arg, "zh") != 0 && strcmp(arg, "en") != 0) {
		fputs(SERVE_TR(o, "venuecheck serve：--lang 可取 zh 或 en\n",
			       "venuecheck serve: --lang takes zh or en\n"), stderr);
		return false;
	}
	o->lang = strcmp(arg, "en") == 0 ? LANG_EN : LANG_ZH;
	return true;
}

/* A number option into an unsigned field. */
static bool serve_count(struct serve_opts *o, const char *name, const char *arg,
			long hi, unsigned *out)
{
	long v;
	if (!serve_number(o, name, arg, 1, hi, &v))
		return false;
	*out = (unsigned)v;
	return true;
}

static bool serve_opt(struct serve_args *a, int c, const char *arg)
{
	struct serve_opts *o = &a->o;
	switch (c) {
	case 'd': o->data_dir = arg; return true;
	case 'L': o->listen = arg; return true;
	case 'r': o->rules = arg; return true;
	case 'Y': return serve_number(o, "--year", arg, 1949, 2200, &o->year);
	case 'C': o->tls_cert = arg; return true;
	case 'K': o->tls_key = arg; return true;
	case 'M': return serve_limit(o, arg);
	case 'T': return serve_count(o, "--threads", arg, 64, &o->threads);
	case 'N': return serve_count(o, "--max-connections", arg, 10000, &o->max_conns);
	case 'P': return serve_count(o, "--max-per-ip", arg, 10000, &o->max_per_ip);
	case 'O': return serve_count(o, "--timeout", arg, 3600, &o->timeout);
	case 'l': return serve_lang(o, arg);
	case 'A': a->new_admin = true; return true;
	case 'h': a->help = true; return true;
	case 'V': a->version = true; return true;
	default: return false;
	}
}

static bool serve_parse(int argc, char **argv, struct serve_args *a)
{
	static const struct option longopts[] = {
		{"data", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'L'},
		{"rules", required_argument, NULL, 'r'},
		{"year", required_argument, NULL, 'Y'},
		{"tls-cert", required_argument, NULL, 'C'},
		{"tls-key", required_argument, NULL, 'K'},
		{"limit", required_argument, NULL, 'M'},
		{"threads", required_argument, NULL, 'T'},
		{"max-connections", required_argument, NULL, 'N'},
		{"max-per-ip", required_argument, NULL, 'P'},
		{"timeout", required_argument, NULL, 'O'},
		{"lang", required_argument, NULL, 'l'},
		{"new-admin-link", no_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	optind = 0; /* glibc: start afresh, at argv[1] */
	while ((c = getopt_long(argc, argv, ":r:l:hV", longopts, NULL)) != -1) {
		if (c == ':' || c == '?') {
			utf8_printf(stderr, c == ':'
				    ? SERVE_TR(&a->o, "venuecheck serve：选项“%s”需要一个值\n",
					       "venuecheck serve: option '%s' needs a value\n")
				    : SERVE_TR(&a->o, "venuecheck serve：未知的选项“%s”\n",
					       "venuecheck serve: unknown option '%s'\n"),
				    argv[optind - 1]);
			return false;
		}
		if (!serve_opt(a, c, optarg))
			return false;
	}
	if (optind < argc) {
		utf8_printf(stderr, SERVE_TR(&a->o, "venuecheck serve：不接受参数“%s”\n",
					     "venuecheck serve: takes no argument '%s'\n"),
			    argv[optind]);
		return false;
	}
	return true;
}

/* What the options must say together. */
static bool serve_opts_ok(const struct serve_opts *o)
{
	if (!o->data_dir || !*o->data_dir) {
		fputs(SERVE_TR(o, "venuecheck serve：需要 --data DIR（服务器保存一切的目录）\n",
			       "venuecheck serve: needs --data DIR (where the server keeps everything)\n"),
		      stderr);
		return false;
	}
	if (!o->tls_cert != !o->tls_key) {
		fputs(SERVE_TR(o, "venuecheck serve：--tls-cert 与 --tls-key 须同时给出\n",
			       "venuecheck serve: --tls-cert and --tls-key go together\n"),
		      stderr);
		return false;
	}
	return true;
}

/* The sha of the rules the results are made with: of the pack file's
 * bytes, or, for a pack that extends others, of the list of each
 * layer's sha (so a change in any layer is a new pack). */
static bool serve_pack_sha(const struct pack *p, char out[65], char **bad)
{
	size_t n = 0;
	char *all = NULL;
	for (const struct pack *q = p; q; q = q->base) {
		FILE *f = fopen(q->path, "rb");
		char *bytes = NULL;
		size_t len = 0;
		if (f) {
			FILE *m = open_memstream(&bytes, &len);
			char buf[65536];
			size_t k;
			while (m && (k = fread(buf, 1, sizeof buf, f)) > 0)
				fwrite(buf, 1, k, m);
			if (m)
				fclose(m);
		}
		if (!f || ferror(f)) {
			if (f)
				fclose(f);
			free(bytes);
			free(all);
			*bad = xstrdup(q->path);
			return false;
		}
		fclose(f);
		all = xrealloc(all, n + 65);
		token_sha256_hex(bytes ? bytes : "", len, all + n);
		n += 64;
		free(bytes);
	}
	if (n == 64)
		memcpy(out, all, 65);
	else
		token_sha256_hex(all, n, out);
	free(all);
	return true;
}

static void serve_base_url(struct serve *s, const char *listen, unsigned port)
{
	const char *colon = strrchr(listen, ':');
	int hostlen = colon ? (int)(colon - listen) : (int)strlen(listen);
	snprintf(s->base_url, sizeof s->base_url, "%s://%.*s:%u",
		 s->o->tls_cert ? "https" : "http", hostlen, listen, port);
}

/* The admin link on first start or with --new-admin-link: printed once
 * (only its hash is kept). */
static bool serve_admin_link(const struct serve *s, bool fresh)
{
	char tok[TOKEN_CHARS + 1];
	if (!fresh && store_has_admin(s->store))
		return true;
	if (!store_admin_new(s->store, tok)) {
		fputs(SERVE_TR(s->o, "venuecheck serve：无法生成管理员链接\n",
			       "venuecheck serve: cannot make the admin link\n"), stderr);
		return false;
	}
	printf(SERVE_TR(s->o, "管理员链接（仅显示这一次，请妥善保存）：%s/admin/%s\n",
			"admin link (shown once, keep it safe): %s/admin/%s\n"),
	       s->base_url, tok);
	fflush(stdout);
	return true;
}

static int serve_fail(const struct serve_opts *o, char *error)
{
	utf8_printf(stderr, SERVE_TR(o, "venuecheck serve：%s\n", "venuecheck serve: %s\n"),
		    error ? error : "?");
	free(error);
	return EXIT_INVALID;
}

/* From the pack loaded on: the store, the socket, the results made with
 * another pack, serving, and only then the admin link (a server that
 * failed to start has used up no link). */
static int serve_run(struct serve *s, bool new_admin)
{
	char *err = NULL;
	unsigned port = 0;
	s->store = store_open(s->o->data_dir, s->o->lang == LANG_EN, &err);
	if (!s->store)
		return serve_fail(s->o, err);
	int fd = http_listen(s->o, &port, &err);
	if (fd < 0) {
		store_close(s->store);
		return serve_fail(s->o, err);
	}
	serve_base_url(s, s->o->listen, port);
	serve_recompute(s);
	struct http_server *h = http_start(s, fd, &err);
	if (!h) {
		store_close(s->store);
		return serve_fail(s->o, err);
	}
	bool ok = serve_admin_link(s, new_admin);
	if (ok) {
		printf(SERVE_TR(s->o, "已启动：%s\n", "listening on %s\n"), s->base_url);
		fflush(stdout);
	} else {
		raise(SIGTERM); /* blocked: http_wait takes it and stops */
	}
	http_wait(h);
	store_close(s->store);
	return ok ? EXIT_PASS : EXIT_INVALID;
}

int serve_main(int argc, char **argv, enum lang lang)
{
	struct serve_args a = {.o = {
		.listen = "127.0.0.1:8080", .limit = 16u << 20, .threads = 2,
		.max_conns = 64, .max_per_ip = 16, .timeout = 10, .lang = lang}};
	if (!serve_parse(argc, argv, &a)) {
		fputs(SERVE_TR(&a.o, "请运行 'venuecheck help serve' 查看用法。\n",
			       "Try 'venuecheck help serve'.\n"), stderr);
		return EXIT_INVALID;
	}
	if (a.help || a.version) {
		if (a.help)
			cli_help(stdout, "serve");
		else
			printf("venuecheck %s\n", VC_VERSION);
		return EXIT_PASS;
	}
	if (!serve_opts_ok(&a.o))
		return EXIT_INVALID;
	struct opts co = {.rules = a.o.rules, .report = {.lang = a.o.lang}};
	struct pack *p = cli_load_pack(&co);
	if (!p)
		return EXIT_INVALID;
	struct serve s = {.o = &a.o, .pack = p};
	char *bad = NULL;
	int rc = EXIT_INVALID;
	if (serve_pack_sha(p, s.pack_sha, &bad))
		rc = serve_run(&s, a.new_admin);
	else
		utf8_printf(stderr, SERVE_TR(&a.o, "venuecheck serve：无法读取规则包 %s\n",
					     "venuecheck serve: cannot read the rule pack %s\n"), bad);
	free(bad);
	pack_free(p);
	return rc;
}
