/* serve_clerk_pages.c - the pages a clerk reaches with an upload link
 * (/u/{token}): the venues the link covers with their latest status, the
 * blank workbook of each, the upload form, the history, and the result of
 * each upload with what changed since the one before.
 * The token is checked for its shape before the store is asked, and an
 * unknown one gets the same page whatever the reason, so the pages tell
 * nobody which tokens exist. */
#include "serve_pages.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bookwrite.h"
#include "diag.h"
#include "html.h"
#include "serve_check.h"
#include "token.h"

/* The live link of the URL's token (l filled: store_link_clear it), or
 * false with the refusal answered: 404 unknown, 403 revoked. */
static bool clerk_link(const struct serve *s, const struct http_req *q,
		       struct http_resp *r, struct store_link *l)
{
	const char *tok = http_arg(q, 0);
	memset(l, 0, sizeof *l);
	int found = tok && token_valid(tok) ? store_link_find(s->store, tok, l) : 0;
	if (found == 1)
		return true;
	store_link_clear(l);
	if (found < 0)
		serve_pages_message(s, q, r, 403, "此链接已停用", "This link has been revoked");
	else
		serve_pages_message(s, q, r, 404, "此链接无效", "This link is not valid");
	return false;
}

/* The venues a link covers: its own first, then those under it (a
 * town's villages), as store_link_covers decides. */
struct covered {
	struct store_venue *all;
	size_t nall;
	const struct store_venue **v;
	size_t n;
	/* The link's venue when the list does not have it yet (a link made
	 * before the import, or for a venue that will come with its first
	 * file): shown by its id, without a workbook (its tier is unknown). */
	struct store_venue self;
};

static void covered_load(const struct serve *s, const struct store_link *l,
			 struct covered *c)
{
	c->nall = store_venues(s->store, &c->all);
	c->v = calloc(c->nall + 1, sizeof *c->v);
	c->n = 0;
	for (size_t i = 0; c->v && i < c->nall; i++)
		if (!strcmp(c->all[i].id, l->venue_id))
			c->v[c->n++] = &c->all[i];
	c->self = (struct store_venue){l->venue_id, l->venue_id, NULL, "", false};
	if (c->v && !c->n)
		c->v[c->n++] = &c->self;
	for (size_t i = 0; c->v && i < c->nall; i++)
		if (strcmp(c->all[i].id, l->venue_id) != 0 &&
		    store_link_covers(s->store, l, c->all[i].id))
			c->v[c->n++] = &c->all[i];
}

static void covered_free(struct covered *c)
{
	store_venues_free(c->all, c->nall);
	free(c->v);
}

static const char *venue_name(const struct covered *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i]->id, id))
			return c->v[i]->name;
	return id;
}

/* ---- the link's page ---- */

static void venue_row(struct serve_page *pg, const struct serve *s,
		      const char *tok, const struct store_venue *v)
{
	struct store_submission *h = NULL;
	size_t n = store_history(s->store, v->id, &h);
	char *seg = serve_pages_seg(v->id);
	html_printf(pg->f, "<tr><td>%s <span class=\"id\">%s</span></td><td>%s</td><td>",
		    v->name, v->id, serve_pages_tier(pg, s, v->tier));
	if (n) {
		html_printf(pg->f, "<a href=\"/u/%s/s/%lld%s\">", tok, h[0].id, pg->q);
		serve_pages_status(pg, (int)h[0].status, h[0].failing);
		html_raw(pg->f, "</a>");
	} else {
		serve_pages_status(pg, -1, 0);
	}
	if (v->tier && *v->tier)
		html_printf(pg->f, "</td><td><a class=\"template\" href=\"/u/%s/template/%s.xlsx\">%s</a></td></tr>\n",
			    tok, seg ? seg : "", serve_pages_t(pg, "下载空白填报表", "Download the blank workbook"));
	else
		html_raw(pg->f, "</td><td></td></tr>\n");
	free(seg);
	store_submissions_free(h, n);
}

static void venues_table(struct serve_page *pg, const struct serve *s,
			 const char *tok, const struct covered *c)
{
	html_printf(pg->f, "<section class=\"venues\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "本链接的场馆", "The venues of this link"));
	html_printf(pg->f, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    serve_pages_t(pg, "场馆", "Venue"), serve_pages_t(pg, "层级", "Tier"),
		    serve_pages_t(pg, "最近一次上传", "Latest upload"),
		    serve_pages_t(pg, "填报表", "Workbook"));
	for (size_t i = 0; i < c->n; i++)
		venue_row(pg, s, tok, c->v[i]);
	html_raw(pg->f, "</tbody>\n</table>\n</section>\n");
}

/* The form works without script; upload.js only adds drag-and-drop. */
static void upload_form(struct serve_page *pg, const struct serve *s,
			const char *tok)
{
	char csrf[TOKEN_CHARS + 1];
	token_csrf(store_secret(s->store), tok, csrf);
	html_printf(pg->f, "<section class=\"upload\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "上传填好的文件", "Upload the filled-in file"));
	html_printf(pg->f, "<form class=\"upload-form\" method=\"post\" action=\"/u/%s/upload%s\" enctype=\"multipart/form-data\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", tok, pg->q, csrf);
	html_printf(pg->f, "<label class=\"drop\" for=\"file\">%s</label>\n"
		    "<input type=\"file\" id=\"file\" name=\"file\" accept=\".xlsx,.xls,.yaml,.yml\" required>\n"
		    "<button type=\"submit\">%s</button>\n</form>\n</section>\n",
		    serve_pages_t(pg, "选择文件（.xlsx、.xls 或 .yaml），或把文件拖到这里",
				  "Choose the file (.xlsx, .xls or .yaml), or drop it here"),
		    serve_pages_t(pg, "上传并检查", "Upload and check"));
}

/* Every upload of the link's venues, and the link's own unreadable ones
 * (they name no venue), newest first: one store_history per venue (the
 * groups, freed at the end) and pointers into them, sorted. */
struct history {
	struct store_submission **grp;
	size_t *ngrp, ngroups;
	const struct store_submission **v;
	size_t n;
};

static int newest_first(const void *a, const void *b)
{
	long long x = (*(const struct store_submission *const *)a)->id;
	long long y = (*(const struct store_submission *const *)b)->id;
	return x < y ? 1 : x > y ? -1 : 0;
}

static void history_group(struct history *h, const struct serve *s,
			  const char *venue_id, long long only_link)
{
	struct store_submission *v = NULL;
	size_t n = store_history(s->store, venue_id, &v);
	const struct store_submission **more =
		realloc(h->v, (h->n + n + 1) * sizeof *more);
	if (!more) {
		store_submissions_free(v, n);
		return;
	}
	h->v = more;
	for (size_t k = 0; k < n; k++)
		if (!only_link || v[k].link_id == only_link)
			h->v[h->n++] = &v[k];
	h->grp[h->ngroups] = v;
	h->ngrp[h->ngroups++] = n;
}

static bool history_load(struct history *h, const struct serve *s,
			 const struct store_link *l, const struct covered *c)
{
	memset(h, 0, sizeof *h);
	h->grp = calloc(c->n + 1, sizeof *h->grp);
	h->ngrp = calloc(c->n + 1, sizeof *h->ngrp);
	if (!h->grp || !h->ngrp)
		return false;
	for (size_t i = 0; i < c->n; i++)
		history_group(h, s, c->v[i]->id, 0);
	history_group(h, s, "", l->id);
	if (h->n)
		qsort(h->v, h->n, sizeof *h->v, newest_first);
	return true;
}

static void history_free(struct history *h)
{
	for (size_t i = 0; i < h->ngroups; i++)
		store_submissions_free(h->grp[i], h->ngrp[i]);
	free(h->grp);
	free(h->ngrp);
	free(h->v);
}

static void history_row(struct serve_page *pg, const char *tok,
			const struct covered *c, const struct store_submission *x)
{
	char when[32];
	serve_pages_time(when, x->received);
	html_printf(pg->f, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", when,
		    *x->venue_id ? venue_name(c, x->venue_id) : "", x->filename);
	serve_pages_status(pg, (int)x->status, x->failing);
	html_printf(pg->f, "</td><td><a href=\"/u/%s/s/%lld%s\">%s</a></td></tr>\n",
		    tok, x->id, pg->q, serve_pages_t(pg, "查看结果", "View the result"));
}

static void history_table(struct serve_page *pg, const struct serve *s,
			  const char *tok, const struct store_link *l,
			  const struct covered *c)
{
	struct history h;
	html_printf(pg->f, "<section class=\"history\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "上传记录", "Uploads"));
	if (history_load(&h, s, l, c) && h.n) {
		html_printf(pg->f, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>\n<tbody>\n",
			    serve_pages_t(pg, "时间", "Time"), serve_pages_t(pg, "场馆", "Venue"),
			    serve_pages_t(pg, "文件", "File"), serve_pages_t(pg, "结果", "Result"));
		for (size_t i = 0; i < h.n; i++)
			history_row(pg, tok, c, h.v[i]);
		html_raw(pg->f, "</tbody>\n</table>\n");
	} else {
		html_printf(pg->f, "<p class=\"none\">%s</p>\n",
			    serve_pages_t(pg, "还没有上传过文件。", "Nothing uploaded yet."));
	}
	history_free(&h);
	html_raw(pg->f, "</section>\n");
}

void serve_pages_clerk(const struct serve *s, const struct http_req *q,
		       struct http_resp *r)
{
	struct store_link l;
	struct covered c;
	struct serve_page pg;
	if (!clerk_link(s, q, r, &l))
		return;
	covered_load(s, &l, &c);
	const char *tok = http_arg(q, 0);
	const char *name = c.n ? c.v[0]->name : l.venue_id;
	if (serve_pages_begin(&pg, s, q, r, "数据填报", "Data submission")) {
		SERVE_PAGES_PRINTF(&pg, "<h1>%s · 数据填报</h1>\n",
						"<h1>%s: data submission</h1>\n", name);
		html_printf(pg.f, "<p class=\"lede\">%s</p>\n",
			    serve_pages_t(&pg, "下载空白填报表，填好后在下面上传，马上就能看到核查结果和待整改事项。",
					  "Download the blank workbook, fill it in and upload it below: the check's result and the to-do list show at once."));
		venues_table(&pg, s, tok, &c);
		upload_form(&pg, s, tok);
		history_table(&pg, s, tok, &l, &c);
		html_raw(pg.f, "<script src=\"/static/upload.js\"></script>\n");
		serve_pages_send(&pg, r, 200);
	}
	covered_free(&c);
	store_link_clear(&l);
}

/* ---- the blank workbook of a venue's tier ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			char *more = realloc(buf, cap);
			if (!more) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = more;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* The workbook bookwrite makes for tier, read back (written to DIR/tmp:
 * libxlsxwriter writes files, not buffers). */
static char *template_bytes(const struct serve *s, const char *tier, size_t *len)
{
	char *path = store_tmp_path(s->store, ".xlsx");
	struct diags d;
	char *out = NULL;
	if (!path)
		return NULL;
	diag_init(&d);
	if (bookwrite(s->pack, tier, (int)s->o->year, NULL, path, &d))
		out = slurp(path, len);
	unlink(path);
	diag_free(&d);
	free(path);
	return out;
}

/* {venue_id}.xlsx of the URL, the id malloc'ed, or NULL. */
static char *template_id(const char *arg)
{
	size_t n = arg ? strlen(arg) : 0;
	if (n <= 5 || strcmp(arg + n - 5, ".xlsx") != 0)
		return NULL;
	char *id = strndup(arg, n - 5);
	return id;
}

/* A blank workbook, not one pre-filled with the venue's id and name:
 * bookwrite given a venue writes only the blocks its data holds, so a
 * venue of a header alone would give a workbook without its sheets. */
void serve_pages_template(const struct serve *s, const struct http_req *q,
			  struct http_resp *r)
{
	struct store_link l;
	struct store_venue v = {0};
	if (!clerk_link(s, q, r, &l))
		return;
	char *id = template_id(http_arg(q, 1));
	size_t len = 0;
	char *bytes = NULL;
	if (id && store_link_covers(s->store, &l, id) &&
	    store_venue_get(s->store, id, &v))
		bytes = template_bytes(s, v.tier, &len);
	if (bytes) {
		char name[160];
		snprintf(name, sizeof name, "%.100s-%.40s.xlsx", id, v.tier);
		http_send(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			  bytes, len);
		http_attachment(r, name);
	} else if (id && v.id) {
		http_error(r, q, 500, http_lang(q, s) == LANG_EN ? "the workbook could not be made"
								 : "未能生成填报表");
	} else {
		serve_pages_message(s, q, r, 404, "没有这个场馆的填报表", "No workbook for this venue");
	}
	store_venue_clear(&v);
	free(id);
	store_link_clear(&l);
}

/* ---- an upload ---- */

/* 403 for a file of another venue: the clerk sees whose file it is (the
 * file was read once more to name it; nothing was kept). */
static void wrong_venue(const struct serve *s, const struct http_req *q,
			struct http_resp *r, const struct store_link *l,
			const char *fname, const char *bytes, size_t len)
{
	struct serve_outcome o;
	struct store_venue mine = {0};
	struct serve_page pg;
	char *err = NULL;
	memset(&o, 0, sizeof o);
	bool known = serve_check_bytes(s, fname, bytes, len, &o, &err) && o.venue.id;
	store_venue_get(s->store, l->venue_id, &mine);
	if (serve_pages_begin(&pg, s, q, r, "不能上传这个文件", "This file cannot be uploaded here")) {
		const char *x = known ? (o.venue.name ? o.venue.name : o.venue.id) : "?";
		const char *y = mine.name ? mine.name : l->venue_id;
		SERVE_PAGES_PRINTF(&pg, "<h1 class=\"message\">这个文件是 %s 的，此链接只能上传 %s</h1>\n",
						"<h1 class=\"message\">This file is %s's; this link uploads only for %s</h1>\n",
			    x, y);
		html_printf(pg.f, "<p><a href=\"/u/%s%s\">%s</a></p>\n", http_arg(q, 0), pg.q,
			    serve_pages_t(&pg, "返回填报页", "Back to the submission page"));
		serve_pages_send(&pg, r, 403);
	}
	store_venue_clear(&mine);
	serve_outcome_clear(&o);
	free(err);
}

static void submitted(const struct serve *s, const struct http_req *q,
		      struct http_resp *r, long long id)
{
	char to[128];
	snprintf(to, sizeof to, "/u/%s/s/%lld%s", http_arg(q, 0), id,
		 serve_pages_lang_query(s, q));
	http_redirect(r, to);
}

/* The answer to a file through link: 303 to its result once it is kept
 * (a refused file too: its page lists the errors), else why not.
 * serve_submit says false for a file not kept, *code telling why. */
static void submit_answer(const struct serve *s, const struct http_req *q,
			  struct http_resp *r, const struct store_link *l,
			  const char *fname, const char *bytes, size_t len)
{
	long long id = 0;
	unsigned code = 500;
	char *err = NULL;
	bool kept = serve_submit(s, l, fname ? fname : "", bytes, len, &id, &code, &err);
	free(err); /* may name DIR: for the console, never for a page */
	if (kept)
		submitted(s, q, r, id);
	else if (code == 403)
		wrong_venue(s, q, r, l, fname, bytes, len);
	else if (code == 415)
		serve_pages_message(s, q, r, 415, "这不是场馆数据文件（.xlsx、.xls 或 .yaml）",
				    "This is not a venue data file (.xlsx, .xls or .yaml)");
	else
		http_error(r, q, 500, http_lang(q, s) == LANG_EN ? "the file could not be kept"
								 : "服务器未能保存文件");
}

void serve_pages_upload(const struct serve *s, const struct http_req *q,
			struct http_resp *r)
{
	struct store_link l;
	const char *bytes = NULL, *fname = NULL;
	size_t len = 0;
	if (!clerk_link(s, q, r, &l))
		return;
	if (!serve_pages_csrf_ok(s, q, http_arg(q, 0)))
		serve_pages_message(s, q, r, 403, "表单已失效，请重新打开链接后再上传",
				    "The form has expired: open the link again and upload");
	else if (!http_file(q, "file", &bytes, &len, &fname) || !len)
		serve_pages_message(s, q, r, 400, "没有收到文件，请选择文件后再上传",
				    "No file was received: choose a file and upload");
	else
		submit_answer(s, q, r, &l, fname, bytes, len);
	store_link_clear(&l);
}

/* ---- the result of an upload ---- */

static void headline(struct serve_page *pg, const struct store_submission *sub)
{
	if (sub->status == STORE_PASSED)
		html_printf(pg->f, "<h1 class=\"headline pass\">%s</h1>\n",
			    serve_pages_t(pg, "通过", "Passed"));
	else if (sub->status == STORE_FAILING)
		SERVE_PAGES_PRINTF(pg, "<h1 class=\"headline fail\">有 %zu 项不符合</h1>\n",
						 "<h1 class=\"headline fail\">%zu rules not met</h1>\n",
			    sub->failing);
	else
		html_printf(pg->f, "<h1 class=\"headline invalid\">%s</h1>\n",
			    serve_pages_t(pg, "文件有错误，未能检查", "The file has errors and could not be checked"));
}

void serve_pages_result_body(struct serve_page *pg, const struct serve *s,
			     const struct store_submission *sub)
{
	char when[32], sha[13];
	serve_pages_time(when, sub->received);
	memcpy(sha, sub->sha256, sizeof sha - 1); /* enough to tell files apart */
	sha[sizeof sha - 1] = '\0';
	headline(pg, sub);
	SERVE_PAGES_PRINTF(pg, "<p class=\"meta\">文件 %s · 上传于 %s · SHA-256 %s</p>\n",
					 "<p class=\"meta\">File %s · uploaded %s · SHA-256 %s</p>\n",
		    sub->filename, when, sha);
	serve_pages_changes(pg, s, sub);
	html_raw(pg->f, "<section class=\"report\">\n");
	if (!serve_render_submission(s, sub, pg->lang, pg->f))
		html_printf(pg->f, "<p class=\"message\">%s</p>\n",
			    serve_pages_t(pg, "未能重新读取这个文件。", "The file could not be read again."));
	html_raw(pg->f, "</section>\n");
}

/* The submission of the URL, if it is the link's to see: uploaded with
 * it, or of a venue it covers.  Anything else is a 404, as for an id that
 * does not exist, so a link learns nothing of other venues. */
static bool link_submission(const struct serve *s, const struct store_link *l,
			    const char *arg, struct store_submission *sub)
{
	long long id = serve_pages_id(arg);
	memset(sub, 0, sizeof *sub);
	if (!id || !store_submission_get(s->store, id, sub))
		return false;
	if (sub->link_id == l->id ||
	    (*sub->venue_id && store_link_covers(s->store, l, sub->venue_id)))
		return true;
	store_submission_clear(sub);
	return false;
}

void serve_pages_result(const struct serve *s, const struct http_req *q,
			struct http_resp *r)
{
	struct store_link l;
	struct store_submission sub;
	struct serve_page pg;
	if (!clerk_link(s, q, r, &l))
		return;
	if (!link_submission(s, &l, http_arg(q, 1), &sub)) {
		serve_pages_message(s, q, r, 404, "没有这个结果", "No such result");
	} else {
		if (serve_pages_begin(&pg, s, q, r, "核查结果", "Check result")) {
			html_printf(pg.f, "<nav class=\"back\"><a href=\"/u/%s%s\">%s</a></nav>\n",
				    http_arg(q, 0), pg.q,
				    serve_pages_t(&pg, "返回填报页（再次上传）", "Back to the submission page (upload again)"));
			serve_pages_result_body(&pg, s, &sub);
			serve_pages_send(&pg, r, 200);
		}
		store_submission_clear(&sub);
	}
	store_link_clear(&l);
}
