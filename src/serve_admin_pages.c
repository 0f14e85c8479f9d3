/* serve_admin_pages.c - the county official's pages beside the dashboard
 * (serve_dash_pages.c): a venue's page (its history and upload links), a
 * result, creating a link (shown once) and revoking one, the county
 * report's downloads, importing the venue list.  A token that is not the
 * admin's gets the 404 any unknown page gets, so the pages do not tell
 * whether a token exists. */
#include "serve_pages.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "serve_admin.h"
#include "serve_check.h"
#include "token.h"

/* ---- a venue's page ---- */

static void venue_history(struct serve_page *pg, const struct serve *s,
			  const char *tok, const char *id)
{
	struct store_submission *h = NULL;
	size_t n = store_history(s->store, id, &h);
	html_printf(pg->f, "<section class=\"history\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "上传记录", "Uploads"));
	if (!n)
		html_printf(pg->f, "<p class=\"none\">%s</p>\n",
			    serve_pages_t(pg, "还没有上传过文件。", "Nothing uploaded yet."));
	else
		html_printf(pg->f, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>\n<tbody>\n",
			    serve_pages_t(pg, "时间", "Time"), serve_pages_t(pg, "文件", "File"),
			    serve_pages_t(pg, "结果", "Result"));
	for (size_t i = 0; i < n; i++) {
		char when[32];
		serve_pages_time(when, h[i].received);
		html_printf(pg->f, "<tr><td>%s</td><td>%s</td><td>", when, h[i].filename);
		serve_pages_status(pg, (int)h[i].status, h[i].failing);
		html_printf(pg->f, "</td><td><a href=\"/admin/%s/s/%lld%s\">%s</a></td></tr>\n",
			    tok, h[i].id, pg->q, serve_pages_t(pg, "查看结果", "View the result"));
	}
	if (n)
		html_raw(pg->f, "</tbody>\n</table>\n");
	html_raw(pg->f, "</section>\n");
	store_submissions_free(h, n);
}

static void link_row(struct serve_page *pg, const char *tok, const char *csrf,
		     const struct store_link *l)
{
	char made[32];
	serve_pages_time(made, l->created);
	html_printf(pg->f, "<tr><td>%lld</td><td>%s</td><td>%s</td><td>", l->id, l->label, made);
	if (l->revoked) {
		char gone[32];
		serve_pages_time(gone, l->revoked);
		SERVE_PAGES_PRINTF(pg, "已停用（%s）", "revoked (%s)", gone);
	} else {
		html_printf(pg->f, "<form class=\"inline\" method=\"post\" action=\"/admin/%s/links/%lld/revoke%s\">"
			    "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><button type=\"submit\">%s</button></form>",
			    tok, l->id, pg->q, csrf, serve_pages_t(pg, "停用", "Revoke"));
	}
	html_raw(pg->f, "</td></tr>\n");
}

static void venue_links(struct serve_page *pg, const struct serve *s,
			const char *tok, const char *id)
{
	struct store_link *v = NULL;
	size_t n = store_links(s->store, &v), shown = 0;
	char csrf[TOKEN_CHARS + 1];
	token_csrf(store_secret(s->store), tok, csrf);
	html_printf(pg->f, "<section class=\"links\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "上传链接", "Upload links"));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].venue_id, id) != 0)
			continue;
		if (!shown++)
			html_printf(pg->f, "<table>\n<thead><tr><th>#</th><th>%s</th><th>%s</th><th></th></tr></thead>\n<tbody>\n",
				    serve_pages_t(pg, "备注", "Label"), serve_pages_t(pg, "创建于", "Created"));
		link_row(pg, tok, csrf, &v[i]);
	}
	if (shown)
		html_raw(pg->f, "</tbody>\n</table>\n");
	html_printf(pg->f, "<form method=\"post\" action=\"/admin/%s/links%s\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		    "<input type=\"hidden\" name=\"venue_id\" value=\"%s\">\n", tok, pg->q, csrf, id);
	html_printf(pg->f, "<label for=\"label\">%s</label>\n<input type=\"text\" id=\"label\" name=\"label\" maxlength=\"100\">\n"
		    "<button type=\"submit\">%s</button>\n</form>\n</section>\n",
		    serve_pages_t(pg, "备注（如填报人姓名）", "Label (the clerk's name, say)"),
		    serve_pages_t(pg, "新建上传链接", "Create an upload link"));
	store_links_free(v, n);
}

static void venue_head(struct serve_page *pg, const struct serve *s,
		       const char *tok, const struct store_venue *v)
{
	html_printf(pg->f, "<nav class=\"back\"><a href=\"/admin/%s%s\">%s</a></nav>\n", tok, pg->q,
		    serve_pages_t(pg, "返回全县情况", "Back to the dashboard"));
	html_printf(pg->f, "<h1>%s <span class=\"id\">%s</span></h1>\n<p class=\"meta\">%s",
		    v->name, v->id, serve_pages_tier(pg, s, v->tier));
	if (*v->parent) {
		struct store_venue up = {0};
		char *seg = serve_pages_seg(v->parent);
		bool known = store_venue_get(s->store, v->parent, &up);
		SERVE_PAGES_PRINTF(pg, " · 上级 <a href=\"/admin/%s/venue/%s%s\">%s</a>",
						 " · under <a href=\"/admin/%s/venue/%s%s\">%s</a>",
			    tok, seg ? seg : "", pg->q, known ? up.name : v->parent);
		store_venue_clear(&up);
		free(seg);
	}
	html_printf(pg->f, " · %s</p>\n", v->imported ? serve_pages_t(pg, "名单导入", "from the venue list")
						     : serve_pages_t(pg, "来自上传的文件", "from an uploaded file"));
}

void serve_pages_admin_venue(const struct serve *s, const struct http_req *q,
			     struct http_resp *r)
{
	struct store_venue v = {0};
	struct serve_page pg;
	if (!serve_pages_admin_ok(s, q, r))
		return;
	const char *tok = http_arg(q, 0), *id = http_arg(q, 1);
	if (!id || !store_venue_get(s->store, id, &v)) {
		serve_pages_message(s, q, r, 404, "没有这个场馆", "No such venue");
		return;
	}
	if (serve_pages_begin(&pg, s, q, r, "场馆", "Venue")) {
		venue_head(&pg, s, tok, &v);
		venue_history(&pg, s, tok, v.id);
		venue_links(&pg, s, tok, v.id);
		serve_pages_send(&pg, r, 200);
	}
	store_venue_clear(&v);
}

void serve_pages_admin_result(const struct serve *s, const struct http_req *q,
			      struct http_resp *r)
{
	struct store_submission sub;
	struct serve_page pg;
	if (!serve_pages_admin_ok(s, q, r))
		return;
	long long id = serve_pages_id(http_arg(q, 1));
	memset(&sub, 0, sizeof sub);
	if (!id || !store_submission_get(s->store, id, &sub)) {
		serve_pages_message(s, q, r, 404, "没有这个结果", "No such result");
		return;
	}
	if (serve_pages_begin(&pg, s, q, r, "核查结果", "Check result")) {
		char *seg = serve_pages_seg(sub.venue_id);
		if (*sub.venue_id)
			html_printf(pg.f, "<nav class=\"back\"><a href=\"/admin/%s/venue/%s%s\">%s</a></nav>\n",
				    http_arg(q, 0), seg ? seg : "", pg.q,
				    serve_pages_t(&pg, "返回场馆页", "Back to the venue"));
		free(seg);
		serve_pages_result_body(&pg, s, &sub);
		serve_pages_send(&pg, r, 200);
	}
	store_submission_clear(&sub);
}

/* ---- links: made and shown once, revoked ---- */

static void link_shown(struct serve_page *pg, const struct serve *s,
		       const char *tok, const struct store_venue *v,
		       const char *link)
{
	char *seg = serve_pages_seg(v->id);
	SERVE_PAGES_PRINTF(pg, "<h1>已为 %s 新建上传链接</h1>\n",
					 "<h1>A new upload link for %s</h1>\n", v->name);
	html_printf(pg->f, "<p class=\"newlink\"><code>%s/u/%s</code></p>\n", s->base_url, link);
	html_printf(pg->f, "<p class=\"warn\">%s</p>\n",
		    serve_pages_t(pg, "这个链接只显示这一次：请现在复制，发给填报人。服务器只保存它的摘要，以后无法再查看；丢失了就停用它，再新建一个。",
				  "This link is shown only this once: copy it now and send it to the clerk. The server keeps only its hash and cannot show it again; if it is lost, revoke it and make a new one."));
	html_printf(pg->f, "<p><a href=\"/admin/%s/venue/%s%s\">%s</a></p>\n", tok, seg ? seg : "", pg->q,
		    serve_pages_t(pg, "返回场馆页", "Back to the venue"));
	free(seg);
}

void serve_pages_admin_link_new(const struct serve *s,
				const struct http_req *q, struct http_resp *r)
{
	struct store_venue v = {0};
	struct serve_page pg;
	char link[TOKEN_CHARS + 1];
	long long id = 0;
	if (!serve_pages_admin_ok(s, q, r))
		return;
	const char *tok = http_arg(q, 0), *vid = http_param(q, "venue_id");
	const char *label = http_param(q, "label");
	if (!serve_pages_csrf_ok(s, q, tok))
		serve_pages_message(s, q, r, 403, "表单已失效，请刷新页面后重试", "The form has expired: reload the page and try again");
	else if (!vid || !store_venue_get(s->store, vid, &v))
		serve_pages_message(s, q, r, 400, "没有这个场馆", "No such venue");
	else if (!store_link_new(s->store, v.id, label ? label : "", link, &id))
		http_error(r, q, 500, "");
	else if (serve_pages_begin(&pg, s, q, r, "新的上传链接", "New upload link")) {
		link_shown(&pg, s, tok, &v, link);
		serve_pages_send(&pg, r, 200);
	}
	store_venue_clear(&v);
}

/* The link's venue id (malloc'ed), NULL for no such link. */
static char *link_venue(const struct serve *s, long long id)
{
	struct store_link *v = NULL;
	size_t n = store_links(s->store, &v);
	char *out = NULL;
	for (size_t i = 0; i < n && !out; i++)
		if (v[i].id == id)
			out = strdup(v[i].venue_id);
	store_links_free(v, n);
	return out;
}

void serve_pages_admin_revoke(const struct serve *s, const struct http_req *q,
			      struct http_resp *r)
{
	if (!serve_pages_admin_ok(s, q, r))
		return;
	long long id = serve_pages_id(http_arg(q, 1));
	char *venue = id ? link_venue(s, id) : NULL;
	char *seg = venue ? serve_pages_seg(venue) : NULL;
	if (!serve_pages_csrf_ok(s, q, http_arg(q, 0)))
		serve_pages_message(s, q, r, 403, "表单已失效，请刷新页面后重试", "The form has expired: reload the page and try again");
	else if (!seg)
		serve_pages_message(s, q, r, 404, "没有这个链接", "No such link");
	else if (!store_link_revoke(s->store, id))
		http_error(r, q, 500, "");
	else {
		size_t n = strlen(seg) + 64 + TOKEN_CHARS;
		char *to = malloc(n);
		if (to) {
			snprintf(to, n, "/admin/%s/venue/%s%s", http_arg(q, 0), seg,
				 serve_pages_lang_query(s, q));
			http_redirect(r, to);
		} else {
			http_error(r, q, 500, "");
		}
		free(to);
	}
	free(seg);
	free(venue);
}

/* ---- the county report, as the CLI writes it ---- */

void serve_pages_admin_report(const struct serve *s, const struct http_req *q,
			      struct http_resp *r)
{
	static const char *const types[][2] = {
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"csv", "text/csv; charset=utf-8"},
		{"json", "application/json"},
		{"html", "text/html; charset=utf-8"},
	};
	if (!serve_pages_admin_ok(s, q, r))
		return;
	const char *dot = strrchr(http_path(q), '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++) {
		if (strcmp(dot + 1, types[i][0]) != 0)
			continue;
		size_t len = 0;
		char *err = NULL, name[32];
		char *bytes = serve_county_report(s, types[i][0], http_lang(q, s) == LANG_EN,
						  &len, &err);
		free(err); /* may name a server path: not for the client */
		if (!bytes) {
			http_error(r, q, 500, http_lang(q, s) == LANG_EN ? "the report could not be made"
									 : "未能生成报告");
			return;
		}
		snprintf(name, sizeof name, "county-report.%s", types[i][0]);
		http_send(r, 200, types[i][1], bytes, len);
		http_attachment(r, name);
		return;
	}
	serve_pages_message(s, q, r, 404, "没有这个页面", "No such page");
}

/* ---- the venue list, imported from a CSV ---- */

/* The CSV import is serve_admin.c's (serve_import_csv); until a build
 * has it, the page answers as for any unknown page. */

static void import_errors(struct serve_page *pg, const char *errors)
{
	html_printf(pg->f, "<h1 class=\"headline invalid\">%s</h1>\n<ul class=\"errors\">\n",
		    serve_pages_t(pg, "名单有错误，未导入", "The list has errors: nothing was imported"));
	for (const char *p = errors ? errors : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		if (line && *line)
			html_printf(pg->f, "<li>%s</li>\n", line);
		free(line);
		p += n + (nl != NULL);
	}
	html_raw(pg->f, "</ul>\n");
}

/* After an import, the whole list as it now stands. */
static void import_done(struct serve_page *pg, const struct serve *s,
			size_t added)
{
	struct store_venue *v = NULL;
	size_t n = store_venues(s->store, &v);
	SERVE_PAGES_PRINTF(pg, "<h1 class=\"headline pass\">已导入 %zu 个场馆</h1>\n",
			   "<h1 class=\"headline pass\">%zu venues imported</h1>\n", added);
	html_printf(pg->f, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    "id", serve_pages_t(pg, "名称", "Name"), serve_pages_t(pg, "层级", "Tier"),
		    serve_pages_t(pg, "上级", "Parent"));
	for (size_t i = 0; i < n; i++)
		html_printf(pg->f, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    v[i].id, v[i].name, serve_pages_tier(pg, s, v[i].tier), v[i].parent);
	html_raw(pg->f, "</tbody>\n</table>\n");
	store_venues_free(v, n);
}

void serve_pages_admin_import(const struct serve *s, const struct http_req *q,
			      struct http_resp *r)
{
	const char *bytes = NULL, *fname = NULL;
	size_t len = 0, added = 0;
	char *errors = NULL;
	struct serve_page pg;
	if (!serve_pages_admin_ok(s, q, r))
		return;
	if (!serve_pages_csrf_ok(s, q, http_arg(q, 0))) {
		serve_pages_message(s, q, r, 403, "表单已失效，请刷新页面后重试", "The form has expired: reload the page and try again");
		return;
	}
	if (!http_file(q, "csv", &bytes, &len, &fname)) {
		serve_pages_message(s, q, r, 400, "没有收到名单文件", "No list file was received");
		return;
	}
	/* The name in messages is the client's, cut to its last component by
	 * serve_display_name; it is never opened. */
	char *name = serve_display_name(fname ? fname : "venues.csv", SERVE_UNKNOWN);
	bool ok = serve_import_csv(s->store, s->pack, name ? name : "venues.csv", bytes,
				   len, http_lang(q, s) == LANG_EN, &added, &errors);
	if (serve_pages_begin(&pg, s, q, r, "导入场馆名单", "Import the venue list")) {
		html_printf(pg.f, "<nav class=\"back\"><a href=\"/admin/%s%s\">%s</a></nav>\n", http_arg(q, 0), pg.q,
			    serve_pages_t(&pg, "返回全县情况", "Back to the dashboard"));
		if (ok)
			import_done(&pg, s, added);
		else
			import_errors(&pg, errors);
		serve_pages_send(&pg, r, ok ? 200 : 400);
	}
	free(errors);
	free(name);
}
