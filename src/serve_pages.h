/* serve_pages.h - what the server's HTML pages share: the clerks' pages
 * (serve_pages.c: /u/{token}/...) and the county official's
 * (serve_admin_pages.c: /admin/{token}/...).  A page is written into a
 * memory buffer through html.h, so every text that came from a client, a
 * file or the pack is escaped, and is answered in one piece with its
 * status.  Pages speak Chinese unless the URL says ?lang=en, and carry the
 * language on in every link and form they hold, so a click does not
 * switch it back.
 * Pipeline step: front end (server). */
#ifndef VC_SERVE_PAGES_H
#define VC_SERVE_PAGES_H

#include <stdbool.h>
#include <stdio.h>

#include "html.h"
#include "http.h"
#include "lang.h"
#include "serve.h"
#include "store.h"

/* One page being written. */
struct serve_page {
	FILE *f;
	char *buf;
	size_t len;
	enum lang lang;
	const char *q; /* "", "?lang=en" or "?lang=zh": for the page's links */
};

/* The text in the page's language (both are literals of this program). */
const char *serve_pages_t(const struct serve_page *pg, const char *zh,
			  const char *en);
/* html_printf in the page's language: both formats stay literals, so the
 * compiler checks each against the arguments. */
#define SERVE_PAGES_PRINTF(pg, zh, en, ...)                                  \
	((pg)->lang == LANG_EN ? html_printf((pg)->f, en, __VA_ARGS__)      \
			       : html_printf((pg)->f, zh, __VA_ARGS__))
/* Start a page titled zh/en, with the language switch to the same path;
 * false (a 500 answered) when no memory is left for it. */
bool serve_pages_begin(struct serve_page *pg, const struct serve *s,
		       const struct http_req *q, struct http_resp *r,
		       const char *zh, const char *en);
/* End the page and answer it with status. */
void serve_pages_send(struct serve_page *pg, struct http_resp *r,
		      unsigned status);
/* A whole page of one message (a refusal, a 404) with status. */
void serve_pages_message(const struct serve *s, const struct http_req *q,
			 struct http_resp *r, unsigned status,
			 const char *zh, const char *en);
/* A path segment percent-encoded (everything but [A-Za-z0-9._~-]),
 * malloc'ed: venue ids go into links through it. */
char *serve_pages_seg(const char *s);
/* "2026-12-01 14:30", local time. */
void serve_pages_time(char buf[32], long long t);
/* A venue's status, as a <span class="st st-...">: a submission's status
 * (STORE_*), or -1 for none yet. */
void serve_pages_status(const struct serve_page *pg, int status,
			size_t failing);
/* A tier's name in the page's language (its id when the pack has none). */
const char *serve_pages_tier(const struct serve_page *pg,
			     const struct serve *s, const char *tier);
/* Whether the form's csrf field is the one derived for token. */
bool serve_pages_csrf_ok(const struct serve *s, const struct http_req *q,
			 const char *token);
/* Whether the URL's first {} is the admin's token; if not, the 404 of
 * any unknown page is answered, so nobody learns whether it exists. */
bool serve_pages_admin_ok(const struct serve *s, const struct http_req *q,
			  struct http_resp *r);
/* A positive id from the text of a URL segment or a form field, else 0. */
long long serve_pages_id(const char *text);
/* A rule's short title in the page's language, NULL when the pack has
 * no such rule (results of an older pack). */
const char *serve_pages_rule_title(const struct serve_page *pg,
				   const struct serve *s, const char *rule);
/* The changes between a venue's previous submission and sub: rules fixed
 * (failing before, not now) and newly failing; nothing when there is no
 * previous one or either could not be checked. */
void serve_pages_changes(struct serve_page *pg, const struct serve *s,
			 const struct store_submission *sub);

/* The language suffix for a link or a redirect ("", "?lang=en", ...). */
const char *serve_pages_lang_query(const struct serve *s,
				   const struct http_req *q);
/* The body of a result page: the headline, what the file is, the changes
 * since the previous upload, then the checker's report. */
void serve_pages_result_body(struct serve_page *pg, const struct serve *s,
			     const struct store_submission *sub);

/* The clerk's pages (serve_clerk_pages.c). */
void serve_pages_clerk(const struct serve *s, const struct http_req *q,
		       struct http_resp *r);
void serve_pages_template(const struct serve *s, const struct http_req *q,
			  struct http_resp *r);
void serve_pages_upload(const struct serve *s, const struct http_req *q,
			struct http_resp *r);
void serve_pages_result(const struct serve *s, const struct http_req *q,
			struct http_resp *r);

/* The admin's pages (serve_dash_pages.c, serve_admin_pages.c). */
void serve_pages_admin(const struct serve *s, const struct http_req *q,
		       struct http_resp *r);
void serve_pages_admin_venue(const struct serve *s, const struct http_req *q,
			     struct http_resp *r);
void serve_pages_admin_result(const struct serve *s, const struct http_req *q,
			      struct http_resp *r);
void serve_pages_admin_link_new(const struct serve *s,
				const struct http_req *q, struct http_resp *r);
void serve_pages_admin_revoke(const struct serve *s, const struct http_req *q,
			      struct http_resp *r);
void serve_pages_admin_import(const struct serve *s, const struct http_req *q,
			      struct http_resp *r);
void serve_pages_admin_report(const struct serve *s, const struct http_req *q,
			      struct http_resp *r);

#endif
