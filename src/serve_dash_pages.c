/* serve_dash_pages.c - the county official's dashboard (/admin/{token}):
 * the county tree with each venue's latest status as the county batch
 * judges it, the venues the towns' lists name that sent nothing, the
 * county's tally, pass rate per tier, the clauses failed most, the county
 * report's downloads and the venue list's import form. */
#include "serve_pages.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "check.h"
#include "html.h"
#include "serve_check.h"
#include "token.h"
#include "tree.h"

/* ---- the dashboard's data: every venue, listed or named only ---- */

struct row {
	const char *id, *name, *tier, *parent;
	int status; /* STORE_*, -1 not yet submitted */
	size_t failing;
	long long sub; /* the latest submission, 0 for none */
	bool shown;    /* placed in the tree already (a cycle guard) */
	bool known;    /* in the store's venue list: it has a page */
};

struct dash {
	struct store_venue *venues;
	size_t nvenues;
	struct store_submission *latest;
	size_t nlatest;
	char **missing;
	size_t nmissing;
	struct serve_county *county; /* NULL when the batch failed */
	struct row *rows;
	size_t n, cap;
};

static struct row *row_of(struct dash *d, const char *id)
{
	for (size_t i = 0; id && i < d->n; i++)
		if (!strcmp(d->rows[i].id, id))
			return &d->rows[i];
	return NULL;
}

static size_t report_failing(const struct check_report *rep)
{
	size_t n = 0;
	for (size_t i = 0; i < rep->n; i++)
		n += check_is_failure(rep->results[i].verdict);
	return n;
}

/* The batch judges the rules that read other venues (a town's read its
 * villages), which a file checked alone leaves open: its verdict wins
 * over the one stored with the upload. */
static void dash_batch(struct dash *d)
{
	const struct batch *b = d->county ? serve_county_batch(d->county) : NULL;
	for (size_t i = 0; b && i < batch_count(b); i++) {
		const struct venue *v = batch_venue(b, i);
		const struct check_report *rep = batch_report(b, i);
		struct row *x = v && v->id ? row_of(d, v->id) : NULL;
		if (!x)
			continue;
		x->sub = serve_county_submission(d->county, i);
		if (!rep) {
			x->status = STORE_INVALID;
			continue;
		}
		x->failing = report_failing(rep);
		x->status = batch_fails(b, i, FAIL_ON_MISSING) || x->failing
				    ? STORE_FAILING : STORE_PASSED;
	}
}

static bool row_add(struct dash *d, struct row x)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct row *more = realloc(d->rows, cap * sizeof *more);
		if (!more)
			return false;
		d->rows = more;
		d->cap = cap;
	}
	d->rows[d->n++] = x;
	return true;
}

/* A venue a ledger of parent lists (a town's villages:) that sent no
 * file: under its parent, in the tier below the parent's. */
struct listed {
	struct dash *d;
	const struct pack *p;
	const struct venue *parent;
};

static const char *tier_below(const struct pack *p, const char *tier)
{
	for (size_t i = 0; tier && i < p->ntiers; i++)
		if (p->tiers[i].parent && !strcmp(p->tiers[i].parent, tier))
			return p->tiers[i].id;
	return NULL;
}

static void listed_one(void *ctx, const char *id, const char *name)
{
	struct listed *l = ctx;
	if (id && !row_of(l->d, id))
		row_add(l->d, (struct row){id, name ? name : id,
					   tier_below(l->p, l->parent->tier),
					   l->parent->id, -1, 0, 0, false, false});
}

static void dash_listed(struct dash *d)
{
	const struct batch *b = d->county ? serve_county_batch(d->county) : NULL;
	const struct tree *t = b ? batch_tree(b) : NULL;
	for (size_t i = 0; t && i < t->n; i++) {
		if (!t->v[i])
			continue;
		struct listed l = {d, batch_pack(b), t->v[i]};
		tree_each_missing(t, l.p, i, listed_one, &l);
	}
}

/* The rows: the venue list, then the venues the files' lists name that
 * it lacks (with their place), then any other id the county's batch
 * finds missing. */
static bool dash_rows(struct dash *d)
{
	for (size_t i = 0; i < d->nvenues; i++) {
		const struct store_venue *v = &d->venues[i];
		if (!row_add(d, (struct row){v->id, v->name, v->tier, v->parent, -1, 0, 0, false, true}))
			return false;
	}
	dash_listed(d);
	for (size_t i = 0; i < d->nmissing; i++)
		if (d->missing[i] && !row_of(d, d->missing[i]))
			row_add(d, (struct row){d->missing[i], d->missing[i], NULL, "", -1, 0, 0, false, false});
	return true;
}

/* Each venue's latest upload as stored, then as the county batch saw it. */
static void dash_latest(struct dash *d)
{
	for (size_t i = 0; i < d->nlatest; i++) {
		struct row *x = row_of(d, d->latest[i].venue_id);
		if (!x)
			continue;
		x->status = (int)d->latest[i].status;
		x->failing = d->latest[i].failing;
		x->sub = d->latest[i].id;
	}
	dash_batch(d);
}

static bool dash_load(struct dash *d, const struct serve *s)
{
	char *err = NULL;
	memset(d, 0, sizeof *d);
	d->nvenues = store_venues(s->store, &d->venues);
	d->nlatest = store_latest(s->store, &d->latest);
	d->county = serve_county_load(s, &err);
	free(err); /* may name DIR: not for a page */
	if (d->county)
		d->nmissing = serve_county_missing(d->county, &d->missing);
	if (!dash_rows(d))
		return false;
	dash_latest(d);
	return true;
}

static void dash_free(struct dash *d)
{
	store_venues_free(d->venues, d->nvenues);
	store_submissions_free(d->latest, d->nlatest);
	for (size_t i = 0; i < d->nmissing; i++)
		free(d->missing[i]);
	free(d->missing);
	serve_county_free(d->county);
	free(d->rows);
}

/* ---- the tree ---- */

static void tree_item(struct serve_page *pg, const struct serve *s,
		      const char *tok, const struct row *x)
{
	char *seg = serve_pages_seg(x->id);
	if (x->known)
		html_printf(pg->f, "<a href=\"/admin/%s/venue/%s%s\">%s</a>", tok, seg ? seg : "", pg->q, x->name);
	else
		html_printf(pg->f, "%s", x->name);
	html_printf(pg->f, " <span class=\"id\">%s</span> <span class=\"tier\">%s</span> ",
		    x->id, x->tier ? serve_pages_tier(pg, s, x->tier) : "");
	if (x->sub) {
		html_printf(pg->f, "<a href=\"/admin/%s/s/%lld%s\">", tok, x->sub, pg->q);
		serve_pages_status(pg, x->status, x->failing);
		html_raw(pg->f, "</a>");
	} else {
		serve_pages_status(pg, x->status, x->failing);
	}
	free(seg);
}

/* A root of the tree: no parent, or one that is not among the venues. */
static bool is_root(struct dash *d, const struct row *x)
{
	return !x->parent || !*x->parent || !row_of(d, x->parent);
}

/* The venues under parent (NULL: the roots), sorted by id as the store
 * gives them, and theirs in turn; each row is shown once, so a cycle of
 * parents cannot recurse for ever. */
static void tree_children(struct serve_page *pg, const struct serve *s,
			  const char *tok, struct dash *d, const char *parent)
{
	bool open = false;
	for (size_t i = 0; i < d->n; i++) {
		struct row *x = &d->rows[i];
		if (x->shown || (parent ? !x->parent || strcmp(x->parent, parent) != 0
					: !is_root(d, x)))
			continue;
		if (!open)
			html_raw(pg->f, "<ul>\n");
		open = true;
		x->shown = true;
		html_printf(pg->f, "<li class=\"%s\">", x->status < 0 ? "missing" : "seen");
		tree_item(pg, s, tok, x);
		tree_children(pg, s, tok, d, x->id);
		html_raw(pg->f, "</li>\n");
	}
	if (open)
		html_raw(pg->f, "</ul>\n");
}

static void tree_section(struct serve_page *pg, const struct serve *s,
			 const char *tok, struct dash *d)
{
	html_printf(pg->f, "<section class=\"tree\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "场馆与最近一次上传", "Venues and their latest upload"));
	tree_children(pg, s, tok, d, NULL);
	/* What a cycle of parents left out is still listed. */
	for (size_t i = 0; i < d->n; i++)
		if (!d->rows[i].shown) {
			html_raw(pg->f, "<ul><li>");
			tree_item(pg, s, tok, &d->rows[i]);
			html_raw(pg->f, "</li></ul>\n");
			d->rows[i].shown = true;
		}
	if (!d->n)
		html_printf(pg->f, "<p class=\"none\">%s</p>\n",
			    serve_pages_t(pg, "还没有场馆：导入名单，或等第一份文件上传。",
					  "No venues yet: import the list, or wait for the first upload."));
	html_raw(pg->f, "</section>\n");
}

/* ---- pass rate per tier: of every venue known, not only those seen ---- */

static void tier_row(struct serve_page *pg, const struct serve *s,
		     const struct dash *d, const struct tier *t)
{
	size_t venues = 0, seen = 0, passed = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct row *x = &d->rows[i];
		if (!x->tier || strcmp(x->tier, t->id) != 0)
			continue;
		venues++;
		seen += x->status >= 0;
		passed += x->status == STORE_PASSED;
	}
	if (!venues)
		return;
	html_printf(pg->f, "<tr><td>%s</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%.1f%%</td></tr>\n",
		    serve_pages_tier(pg, s, t->id), venues, seen, passed,
		    100.0 * (double)passed / (double)venues);
}

/* One line for the whole county: how many venues stand where. */
static void tally(struct serve_page *pg, const struct dash *d)
{
	size_t n[4] = {0}; /* passed, failing, invalid, not yet */
	for (size_t i = 0; i < d->n; i++)
		n[d->rows[i].status >= 0 && d->rows[i].status <= 2 ? d->rows[i].status : 3]++;
	SERVE_PAGES_PRINTF(pg, "<p class=\"tally\">共 %zu 个场馆：通过 %zu，不符合 %zu，文件有错误 %zu，未提交 %zu</p>\n",
			   "<p class=\"tally\">%zu venues: %zu passed, %zu failing, %zu invalid, %zu not yet submitted</p>\n",
			   d->n, n[0], n[1], n[2], n[3]);
}

static void rates_section(struct serve_page *pg, const struct serve *s,
			  const struct dash *d)
{
	html_printf(pg->f, "<section class=\"rates\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "各层级通过率", "Pass rate per tier"));
	html_printf(pg->f, "<table>\n<thead><tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
		    serve_pages_t(pg, "层级", "Tier"), serve_pages_t(pg, "场馆", "Venues"),
		    serve_pages_t(pg, "已提交", "Submitted"), serve_pages_t(pg, "通过", "Passed"),
		    serve_pages_t(pg, "通过率（通过 ÷ 场馆）", "Pass rate (passed ÷ venues)"));
	for (size_t i = 0; i < s->pack->ntiers; i++)
		tier_row(pg, s, d, &s->pack->tiers[i]);
	html_raw(pg->f, "</tbody>\n</table>\n</section>\n");
}

/* ---- the clauses failed most, over the county batch ---- */

struct fails {
	const struct rule *rule;
	size_t venues;
};

static void fails_count(struct fails *v, size_t n, const struct check_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		if (!check_is_failure(rep->results[i].verdict))
			continue;
		for (size_t k = 0; k < n; k++)
			if (v[k].rule == rep->results[i].rule ||
			    !strcmp(v[k].rule->id, rep->results[i].rule->id)) {
				v[k].venues++;
				break;
			}
	}
}

static int most_first(const void *a, const void *b)
{
	const struct fails *x = a, *y = b;
	if (x->venues != y->venues)
		return x->venues < y->venues ? 1 : -1;
	return strcmp(x->rule->id, y->rule->id);
}

static void fails_rows(struct serve_page *pg, const struct fails *v, size_t n)
{
	for (size_t i = 0; i < n && i < 10 && v[i].venues; i++) {
		const struct rule *r = v[i].rule;
		html_printf(pg->f, "<tr><td class=\"id\">%s</td><td>%s<span class=\"clause\">%s</span></td><td class=\"num\">%zu</td></tr>\n",
			    r->id, pg->lang == LANG_EN && r->title ? r->title : r->summary,
			    r->clause ? r->clause : "", v[i].venues);
	}
}

static void fails_section(struct serve_page *pg, const struct serve *s,
			  const struct dash *d)
{
	const struct batch *b = d->county ? serve_county_batch(d->county) : NULL;
	struct fails *v = calloc(s->pack->nrules + 1, sizeof *v);
	size_t n = s->pack->nrules;
	html_printf(pg->f, "<section class=\"fails\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "不符合最多的条款", "Clauses failed most"));
	for (size_t i = 0; v && i < n; i++)
		v[i].rule = &s->pack->rules[i];
	for (size_t i = 0; v && b && i < batch_count(b); i++)
		if (batch_report(b, i))
			fails_count(v, n, batch_report(b, i));
	if (v && n)
		qsort(v, n, sizeof *v, most_first);
	if (v && n && v[0].venues) {
		html_printf(pg->f, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			    serve_pages_t(pg, "规则", "Rule"), serve_pages_t(pg, "条款", "Clause"),
			    serve_pages_t(pg, "不符合的场馆数", "Venues failing it"));
		fails_rows(pg, v, n);
		html_raw(pg->f, "</tbody>\n</table>\n");
	} else {
		html_printf(pg->f, "<p class=\"none\">%s</p>\n",
			    serve_pages_t(pg, "没有不符合的条款。", "No clause is failed."));
	}
	html_raw(pg->f, "</section>\n");
	free(v);
}

/* ---- the dashboard ---- */

static void downloads(struct serve_page *pg, const char *tok)
{
	static const char *const fmts[] = {"xlsx", "csv", "json", "html"};
	html_printf(pg->f, "<section class=\"downloads\">\n<h2>%s</h2>\n<p>",
		    serve_pages_t(pg, "下载全县报告（按各场馆最近一次上传）",
				  "Download the county report (from each venue's latest upload)"));
	for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++)
		html_printf(pg->f, "<a class=\"download\" href=\"/admin/%s/report.%s%s\">%s</a> ",
			    tok, fmts[i], pg->q, fmts[i]);
	html_raw(pg->f, "</p>\n</section>\n");
}

static void import_form(struct serve_page *pg, const struct serve *s,
			const char *tok)
{
	char csrf[TOKEN_CHARS + 1];
	token_csrf(store_secret(s->store), tok, csrf);
	html_printf(pg->f, "<section class=\"import\">\n<h2>%s</h2>\n",
		    serve_pages_t(pg, "导入场馆名单", "Import the venue list"));
	html_printf(pg->f, "<form method=\"post\" action=\"/admin/%s/import%s\" enctype=\"multipart/form-data\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", tok, pg->q, csrf);
	html_printf(pg->f, "<label for=\"csv\">%s</label>\n"
		    "<input type=\"file\" id=\"csv\" name=\"csv\" accept=\".csv,text/csv\" required>\n"
		    "<button type=\"submit\">%s</button>\n</form>\n</section>\n",
		    serve_pages_t(pg, "CSV 文件，每行：id,name,tier,parent", "A CSV file, one venue a line: id,name,tier,parent"),
		    serve_pages_t(pg, "导入", "Import"));
}

void serve_pages_admin(const struct serve *s, const struct http_req *q,
		       struct http_resp *r)
{
	struct dash d;
	struct serve_page pg;
	if (!serve_pages_admin_ok(s, q, r))
		return;
	const char *tok = http_arg(q, 0);
	if (!dash_load(&d, s)) {
		http_error(r, q, 500, "");
	} else if (serve_pages_begin(&pg, s, q, r, "全县填报情况", "County dashboard")) {
		html_printf(pg.f, "<h1>%s</h1>\n", serve_pages_t(&pg, "全县填报情况", "County dashboard"));
		if (!d.county)
			html_printf(pg.f, "<p class=\"message\">%s</p>\n",
				    serve_pages_t(&pg, "未能汇总全县的文件，下面是各文件单独检查的结果。",
						  "The county's files could not be checked together: below are each file's own results."));
		tally(&pg, &d);
		rates_section(&pg, s, &d);
		tree_section(&pg, s, tok, &d);
		fails_section(&pg, s, &d);
		downloads(&pg, tok);
		import_form(&pg, s, tok);
		serve_pages_send(&pg, r, 200);
	}
	dash_free(&d);
}
