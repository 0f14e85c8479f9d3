/* serve_pages.c - what every HTML page of the server shares (serve_pages.h),
 * the landing page, and the table of page routes the router reads. */
#include "serve_pages.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "htmlreport.h"
#include "pack.h"
#include "token.h"
#include "venuecheck.h"

const char *serve_pages_t(const struct serve_page *pg, const char *zh,
			  const char *en)
{
	return pg->lang == LANG_EN ? en : zh;
}

/* The suffix that keeps the page's language in its links: nothing when
 * it is the server's default, so the plain link stays plain. */
static const char *lang_query(enum lang l, const struct serve *s)
{
	if (l == s->o->lang)
		return "";
	return l == LANG_EN ? "?lang=en" : "?lang=zh";
}

/* The switch to the other language, on the same path; for the answer to
 * a form (a POST) on the page the form is on, /u/{token} or
 * /admin/{token}, as the form's own path cannot be fetched. */
static void lang_switch(const struct serve_page *pg, const struct serve *s,
			const struct http_req *q)
{
	enum lang other = pg->lang == LANG_EN ? LANG_ZH : LANG_EN;
	char *path = serve_pages_seg(http_path(q));
	if (path && !strcmp(http_method(q), "POST")) {
		char *cut = strchr(path + 1, '/');
		cut = cut ? strchr(cut + 1, '/') : NULL;
		if (cut)
			*cut = '\0';
	}
	const char *to = lang_query(other, s);
	if (!*to) /* back to the default: say it, a stale ?lang would win */
		to = other == LANG_EN ? "?lang=en" : "?lang=zh";
	html_printf(pg->f, "<nav class=\"lang\"><a href=\"%s%s\" hreflang=\"%s\">%s</a></nav>\n",
		    path ? path : "/", to, other == LANG_EN ? "en" : "zh",
		    other == LANG_EN ? "English" : "中文");
	free(path);
}

const char *serve_pages_lang_query(const struct serve *s,
				   const struct http_req *q)
{
	return lang_query(http_lang(q, s), s);
}

bool serve_pages_begin(struct serve_page *pg, const struct serve *s,
		       const struct http_req *q, struct http_resp *r,
		       const char *zh, const char *en)
{
	memset(pg, 0, sizeof *pg);
	pg->lang = http_lang(q, s);
	pg->q = lang_query(pg->lang, s);
	pg->f = open_memstream(&pg->buf, &pg->len);
	if (!pg->f) {
		http_error(r, q, 500, pg->lang == LANG_EN ? "out of memory" : "内存不足");
		return false;
	}
	htmlreport_begin(pg->f, serve_pages_t(pg, zh, en), pg->lang,
			 "/static/report.css");
	/* report.css is the report's; the portal's layout and print rules
	 * are its own sheet (a stylesheet link is allowed in the body). */
	html_raw(pg->f, "<link rel=\"stylesheet\" href=\"/static/serve.css\">\n");
	html_raw(pg->f, "<div class=\"portal\">\n");
	lang_switch(pg, s, q);
	return true;
}

void serve_pages_send(struct serve_page *pg, struct http_resp *r,
		      unsigned status)
{
	html_raw(pg->f, "</div>\n");
	htmlreport_end(pg->f);
	fclose(pg->f);
	pg->f = NULL;
	http_send(r, status, "text/html; charset=utf-8", pg->buf, pg->len);
	pg->buf = NULL;
}

void serve_pages_message(const struct serve *s, const struct http_req *q,
			 struct http_resp *r, unsigned status,
			 const char *zh, const char *en)
{
	struct serve_page pg;
	if (!serve_pages_begin(&pg, s, q, r, zh, en))
		return;
	html_printf(pg.f, "<h1 class=\"message\">%s</h1>\n", serve_pages_t(&pg, zh, en));
	serve_pages_send(&pg, r, status);
}

char *serve_pages_seg(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = malloc(3 * n + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

void serve_pages_time(char buf[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || !strftime(buf, 32, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, 32, "%lld", t);
}

void serve_pages_status(const struct serve_page *pg, int status,
			size_t failing)
{
	FILE *f = pg->f;
	switch (status) {
	case STORE_PASSED:
		html_printf(f, "<span class=\"st st-pass\">%s</span>",
			    serve_pages_t(pg, "通过", "passed"));
		break;
	case STORE_FAILING:
		SERVE_PAGES_PRINTF(pg,
			"<span class=\"st st-fail\">%zu 项不符合</span>",
			"<span class=\"st st-fail\">%zu failing</span>", failing);
		break;
	case STORE_INVALID:
		html_printf(f, "<span class=\"st st-invalid\">%s</span>",
			    serve_pages_t(pg, "文件有错误", "invalid file"));
		break;
	default:
		html_printf(f, "<span class=\"st st-none\">%s</span>",
			    serve_pages_t(pg, "未提交", "not yet submitted"));
	}
}

const char *serve_pages_tier(const struct serve_page *pg,
			     const struct serve *s, const char *tier)
{
	const struct tier *t = tier ? pack_tier(s->pack, tier) : NULL;
	if (!t)
		return tier ? tier : "";
	const char *name = pg->lang == LANG_EN ? t->name_en : t->name;
	return name ? name : t->id;
}

bool serve_pages_csrf_ok(const struct serve *s, const struct http_req *q,
			 const char *token)
{
	const char *got = http_param(q, "csrf");
	char want[TOKEN_CHARS + 1];
	if (!got)
		return false;
	token_csrf(store_secret(s->store), token, want);
	return token_equal(got, want);
}

bool serve_pages_admin_ok(const struct serve *s, const struct http_req *q,
			  struct http_resp *r)
{
	const char *tok = http_arg(q, 0);
	if (tok && token_valid(tok) && store_admin_ok(s->store, tok))
		return true;
	serve_pages_message(s, q, r, 404, "没有这个页面", "No such page");
	return false;
}

long long serve_pages_id(const char *text)
{
	if (!text || !*text || strlen(text) > 18)
		return 0;
	long long v = 0;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

const char *serve_pages_rule_title(const struct serve_page *pg,
				   const struct serve *s, const char *rule)
{
	const struct rule *r = pack_rule(s->pack, rule);
	if (!r)
		return NULL;
	const char *t = pg->lang == LANG_EN ? r->title : r->summary;
	return t ? t : r->summary;
}

/* ---- what changed since the venue's previous upload ---- */

static bool failing(int verdict)
{
	return verdict == VC_FAIL || verdict == VC_MISSING;
}

/* The verdict of rule in sub, -1 when sub has no such result. */
static int verdict_of(const struct store_submission *sub, const char *rule)
{
	for (size_t i = 0; i < sub->nresults; i++)
		if (!strcmp(sub->results[i].rule, rule))
			return sub->results[i].verdict;
	return -1;
}

/* The venue's last checked submission before sub (results filled): a
 * refused file in between has no verdicts to compare with.  False when
 * there is none. */
static bool previous(const struct serve *s, const struct store_submission *sub,
		     struct store_submission *prev)
{
	struct store_submission *h = NULL;
	size_t n = store_history(s->store, sub->venue_id, &h);
	long long id = 0;
	for (size_t i = 0; i < n && !id; i++) /* newest first */
		if (h[i].id < sub->id && h[i].status != STORE_INVALID)
			id = h[i].id;
	store_submissions_free(h, n);
	return id && store_submission_get(s->store, id, prev);
}

/* The rules of now that went from failing (in was) to not (fixed), or
 * the other way, as a list. */
static size_t change_list(struct serve_page *pg, const struct serve *s,
			  const struct store_submission *was,
			  const struct store_submission *now, bool fixed)
{
	size_t n = 0;
	for (size_t i = 0; i < now->nresults; i++) {
		const struct store_result *x = &now->results[i];
		int before = verdict_of(was, x->rule);
		bool change = fixed ? failing(before) && !failing(x->verdict)
				    : failing(x->verdict) && !failing(before);
		if (!change)
			continue;
		if (!n++)
			html_raw(pg->f, "<ul>\n");
		const char *title = serve_pages_rule_title(pg, s, x->rule);
		const char *line = pg->lang == LANG_EN ? x->text_en : x->text_zh;
		html_printf(pg->f, "<li><code>%s</code> %s<span class=\"line\">%s</span></li>\n",
			    x->rule, title ? title : "", line ? line : "");
	}
	if (n)
		html_raw(pg->f, "</ul>\n");
	return n;
}

static void changes_between(struct serve_page *pg, const struct serve *s,
			    const struct store_submission *was,
			    const struct store_submission *now)
{
	char when[32];
	serve_pages_time(when, was->received);
	html_raw(pg->f, "<section class=\"changes\">\n");
	SERVE_PAGES_PRINTF(pg, "<h2>与上次上传（%s）相比</h2>\n",
					 "<h2>Since the previous upload (%s)</h2>\n", when);
	html_printf(pg->f, "<h3 class=\"fixed\">%s</h3>\n", serve_pages_t(pg, "已整改", "Fixed"));
	if (!change_list(pg, s, was, now, true))
		html_printf(pg->f, "<p class=\"none\">%s</p>\n", serve_pages_t(pg, "无", "none"));
	html_printf(pg->f, "<h3 class=\"new\">%s</h3>\n", serve_pages_t(pg, "新出现", "Newly failing"));
	if (!change_list(pg, s, was, now, false))
		html_printf(pg->f, "<p class=\"none\">%s</p>\n", serve_pages_t(pg, "无", "none"));
	html_raw(pg->f, "</section>\n");
}

void serve_pages_changes(struct serve_page *pg, const struct serve *s,
			 const struct store_submission *sub)
{
	struct store_submission prev;
	if (!sub->venue_id || !*sub->venue_id || sub->status == STORE_INVALID ||
	    !previous(s, sub, &prev))
		return;
	changes_between(pg, s, &prev, sub);
	store_submission_clear(&prev);
}

/* ---- the landing page: it knows no one, so it shows nothing ---- */

static void landing(const struct serve *s, const struct http_req *q,
		    struct http_resp *r)
{
	struct serve_page pg;
	if (!serve_pages_begin(&pg, s, q, r, "文化场馆数据填报", "Venue data submission"))
		return;
	html_printf(pg.f, "<h1>%s</h1>\n<p>%s</p>\n",
		    serve_pages_t(&pg, "文化场馆数据填报", "Venue data submission"),
		    serve_pages_t(&pg, "请打开县里发给您的填报链接。",
				  "Please open the link the county sent you."));
	serve_pages_send(&pg, r, 200);
}

const struct http_route serve_page_routes[] = {
	{"GET", "/", landing},
	{"GET", "/u/{}", serve_pages_clerk},
	{"GET", "/u/{}/template/{}", serve_pages_template},
	{"POST", "/u/{}/upload", serve_pages_upload},
	{"GET", "/u/{}/s/{}", serve_pages_result},
	{"GET", "/admin/{}", serve_pages_admin},
	{"GET", "/admin/{}/venue/{}", serve_pages_admin_venue},
	{"GET", "/admin/{}/s/{}", serve_pages_admin_result},
	{"POST", "/admin/{}/links", serve_pages_admin_link_new},
	{"POST", "/admin/{}/links/{}/revoke", serve_pages_admin_revoke},
	{"POST", "/admin/{}/import", serve_pages_admin_import},
	{"GET", "/admin/{}/report.xlsx", serve_pages_admin_report},
	{"GET", "/admin/{}/report.csv", serve_pages_admin_report},
	{"GET", "/admin/{}/report.json", serve_pages_admin_report},
	{"GET", "/admin/{}/report.html", serve_pages_admin_report},
	{NULL, NULL, NULL},
};
