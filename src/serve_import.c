/* serve_import.c - venue lists into the store, all or nothing
 * (serve_import.h): a CSV of id,name,tier,parent, or venues the admin's
 * command read from data files, checked together (ids, tiers, each
 * parent's tier, the same id twice) before one transaction puts them.
 * Problems are written to a stream the caller gives: the console, or
 * the web admin page's message.
 * Pipeline step: front end (server). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "serve_admin.h"
#include "serve_import.h"
#include "store.h"
#include "utf8.h"
#include "xalloc.h"

/* The two languages' formats side by side; both literals, so the
 * compiler checks either against the arguments. */
#define TR(en, zh, en_text) ((en) ? (en_text) : (zh))

/* ---- venues gathered for one import: all of them are put, or none ---- */


void serve_import_list_free(struct serve_import_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		store_venue_clear(&l->v[i]);
		free(l->from[i]);
	}
	free(l->v);
	free(l->from);
	memset(l, 0, sizeof *l);
}

static ssize_t import_find(const struct serve_import_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].id, id))
			return (ssize_t)i;
	return -1;
}

static bool import_same(const struct store_venue *a, const struct store_venue *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->tier, b->tier) &&
	       !strcmp(a->parent, b->parent);
}

/* Add a venue (its strings copied); the same venue twice is kept once,
 * a different one under the same id is an error naming both places. */
bool serve_import_add(struct serve_import_list *l, const struct store_venue *v,
			   const char *from, bool en, FILE *errs)
{
	ssize_t k = import_find(l, v->id);
	if (k >= 0 && l->from) {
		if (import_same(&l->v[k], v))
			return true;
		utf8_printf(errs,
			    TR(en, "%s: 编号“%s”已见于 %s，名称、层级或上级不同\n",
			       "%s: id '%s' is already in %s with another name, "
			       "tier or parent\n"),
			    from, v->id, l->from[k]);
		return false;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
		l->from = xrealloc(l->from, l->cap * sizeof *l->from);
	}
	l->v[l->n] = (struct store_venue){
		.id = xstrdup(v->id), .name = xstrdup(v->name),
		.tier = xstrdup(v->tier),
		.parent = xstrdup(v->parent ? v->parent : ""), .imported = true};
	l->from[l->n++] = xstrdup(from);
	return true;
}

/* ---- tiers and ids ---- */

/* The pack's tier named s: its id (town), its Chinese name (分馆), its
 * English name or its label. */
static const struct tier *import_tier(const struct pack *p, const char *s)
{
	for (size_t i = 0; i < p->ntiers; i++) {
		const struct tier *t = &p->tiers[i];
		if (!strcmp(s, t->id) || (t->name && !strcmp(s, t->name)) ||
		    (t->name_en && !strcasecmp(s, t->name_en)) ||
		    (t->label && !strcmp(s, t->label)))
			return t;
	}
	return NULL;
}

static void import_tier_names(FILE *f, const struct pack *p, bool en)
{
	for (size_t i = 0; i < p->ntiers; i++)
		fprintf(f, "%s%s", i ? (en ? ", " : "、") : "", p->tiers[i].id);
	fputs(en ? " (" : "（", f);
	for (size_t i = 0; i < p->ntiers; i++)
		fprintf(f, "%s%s", i ? (en ? ", " : "、") : "",
			p->tiers[i].name ? p->tiers[i].name : p->tiers[i].id);
	fputs(en ? ")" : "）", f);
}

/* An id becomes a file name on export and part of URLs: no separator,
 * no control character, not "." or "..", bounded. */
bool serve_import_id_ok(const char *id)
{
	size_t n = strlen(id);
	if (!n || n > SERVE_IMPORT_MAX_ID || !strcmp(id, ".") || !strcmp(id, ".."))
		return false;
	for (const unsigned char *c = (const unsigned char *)id; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '/' || *c == '\\')
			return false;
	return utf8_valid(id);
}

/* ---- the CSV ---- */

#define CSV_MAX_FIELDS 16

struct csv {
	const char *p, *end;
	int line; /* of the record being read */
	int next_line;
};

/* One field at c->p; quoted ("a, ""b""") or plain (trimmed).  A quoted
 * field may hold a line break (a spreadsheet's cell with one). */
static char *csv_field(struct csv *c, bool *bad_quote)
{
	const char *p = c->p;
	while (p < c->end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < c->end && *p == '"') {
		FILE *f;
		char *out = NULL;
		size_t len = 0;
		f = open_memstream(&out, &len);
		for (p++;; p++) {
			if (p >= c->end) {
				*bad_quote = true;
				break;
			}
			if (*p == '"' && p + 1 < c->end && p[1] == '"')
				fputc(*p++, f);
			else if (*p == '"') {
				p++;
				break;
			} else {
				c->next_line += *p == '\n';
				fputc(*p, f);
			}
		}
		fclose(f);
		while (p < c->end && *p != ',' && *p != '\n')
			p++; /* text after the closing quote: dropped */
		c->p = p;
		return out;
	}
	const char *s = p;
	while (p < c->end && *p != ',' && *p != '\n')
		p++;
	const char *e = p;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	c->p = p;
	return xstrndup(s, (size_t)(e - s));
}

/* The next record's fields (at most CSV_MAX_FIELDS kept, *n counts them
 * all); false at the end of the input. */
static bool csv_record(struct csv *c, char **f, size_t *n, bool *bad_quote)
{
	*n = 0;
	*bad_quote = false;
	if (c->p >= c->end)
		return false;
	c->line = c->next_line;
	for (;;) {
		char *v = csv_field(c, bad_quote);
		if (*n < CSV_MAX_FIELDS)
			f[*n] = v;
		else
			free(v);
		(*n)++;
		if (c->p >= c->end || *c->p == '\n')
			break;
		c->p++; /* the comma */
	}
	if (c->p < c->end) {
		c->p++;
		c->next_line++;
	}
	return true;
}

static void csv_free(char **f, size_t n)
{
	for (size_t i = 0; i < n && i < CSV_MAX_FIELDS; i++)
		free(f[i]);
}

/* Fields past the fourth may be there only empty (a spreadsheet's
 * trailing commas); a blank record is skipped. */
static size_t csv_used(char **f, size_t n)
{
	size_t used = n < CSV_MAX_FIELDS ? n : CSV_MAX_FIELDS;
	while (used > 0 && !*f[used - 1])
		used--;
	return n > CSV_MAX_FIELDS ? n : used;
}

/* The header row, if the first: id,name,tier,parent or 编号,名称,层级,上级. */
static bool csv_is_header(char **f, size_t n)
{
	static const char *const en[] = {"id", "name", "tier", "parent"};
	static const char *const zh[] = {"编号", "名称", "层级", "上级"};
	if (n < 3)
		return false;
	for (size_t i = 0; i < n && i < 4; i++)
		if (strcasecmp(f[i], en[i]) != 0 && strcmp(f[i], zh[i]) != 0 &&
		    strcasecmp(f[i], i == 0 ? "venue.id" : en[i]) != 0)
			return false;
	return true;
}

/* One data line checked and added; problems printed to errs. */
static bool csv_line(struct serve_import_list *l, const struct pack *p,
		     const char *name, int line, char **f, size_t n, bool en,
		     FILE *errs)
{
	char from[PATH_MAX + 32];
	snprintf(from, sizeof from, "%s:%d", name, line);
	if (n < 3 || n > 4) {
		utf8_printf(errs,
			    TR(en, "%s: 应有 4 列（编号,名称,层级,上级；上级可空），实有 %zu 列\n",
			       "%s: expected 4 fields (id,name,tier,parent; the "
			       "parent may be empty), found %zu\n"),
			    from, n);
		return false;
	}
	if (!serve_import_id_ok(f[0])) {
		utf8_printf(errs,
			    TR(en, "%s: 编号“%s”不可用：应非空、至多 %d 字节、不含 / \\ 或控制字符\n",
			       "%s: id '%s' is not usable: expected non-empty, at "
			       "most %d bytes, no / \\ or control characters\n"),
			    from, f[0], SERVE_IMPORT_MAX_ID);
		return false;
	}
	if (!*f[1] || !utf8_valid(f[1])) {
		utf8_printf(errs, TR(en, "%s: 名称为空\n", "%s: the name is empty\n"),
			    from);
		return false;
	}
	const struct tier *t = import_tier(p, f[2]);
	if (!t) {
		utf8_printf(errs, TR(en, "%s: 未知的层级“%s”：应为 ",
				     "%s: unknown tier '%s': expected one of "),
			    from, f[2]);
		import_tier_names(errs, p, en);
		fputc('\n', errs);
		return false;
	}
	const char *parent = n > 3 ? f[3] : "";
	if (*parent && (!serve_import_id_ok(parent) || !strcmp(parent, f[0]))) {
		utf8_printf(errs,
			    TR(en, "%s: 上级“%s”不可用（不能是它自己）\n",
			       "%s: parent '%s' is not usable (nor the venue itself)\n"),
			    from, parent);
		return false;
	}
	struct store_venue v = {.id = f[0], .name = f[1], .tier = (char *)t->id,
				.parent = (char *)parent};
	return serve_import_add(l, &v, from, en, errs);
}

/* The bytes as text: a UTF-8 BOM dropped; no NUL, and UTF-8 throughout
 * (else the first bad line is named). */
static bool csv_text(const char *name, const char *bytes, size_t len,
		     bool en, FILE *errs, char **text)
{
	if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
		bytes += 3;
		len -= 3;
	}
	*text = xstrndup(bytes, len);
	int line = 1;
	for (const char *s = *text, *e; *s; s = e + (*e != '\0'), line++) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		char *one = xstrndup(s, (size_t)(e - s));
		bool ok = utf8_valid(one);
		free(one);
		if (!ok) {
			utf8_printf(errs,
				    TR(en, "%s:%d: 不是 UTF-8 文本（请把 CSV 另存为 UTF-8）\n",
				       "%s:%d: not UTF-8 text (save the CSV as UTF-8)\n"),
				    name, line);
			return false;
		}
	}
	if (strlen(*text) != len) {
		utf8_printf(errs, TR(en, "%s: 含有 NUL 字节：不是 CSV 文本\n",
				     "%s: holds a NUL byte: not CSV text\n"),
			    name);
		return false;
	}
	return true;
}

/* Every line of a CSV into l; the count of bad ones (each printed). */
size_t serve_import_csv_parse(struct serve_import_list *l, const struct pack *p,
			const char *name, const char *bytes, size_t len,
			bool en, FILE *errs)
{
	char *text;
	if (len > SERVE_IMPORT_MAX_INPUT || !csv_text(name, bytes, len, en, errs, &text)) {
		if (len > SERVE_IMPORT_MAX_INPUT)
			utf8_printf(errs, TR(en, "%s: 太大，不是场馆名单\n",
					     "%s: too big for a venue list\n"),
				    name);
		else
			free(text);
		return 1;
	}
	struct csv c = {.p = text, .end = text + strlen(text), .next_line = 1};
	char *f[CSV_MAX_FIELDS];
	size_t n, bad = 0, rows = 0;
	bool bad_quote;
	while (csv_record(&c, f, &n, &bad_quote)) {
		size_t used = csv_used(f, n);
		if (bad_quote) {
			utf8_printf(errs, TR(en, "%s:%d: 引号没有闭合\n",
					     "%s:%d: a quote is not closed\n"),
				    name, c.line);
			bad++;
		} else if (used && !(rows++ == 0 && csv_is_header(f, used))) {
			bad += !csv_line(l, p, name, c.line, f, used, en, errs);
		}
		csv_free(f, n);
	}
	free(text);
	return bad;
}

/* Each parent's tier is the tier above (a town under a county), when the
 * parent is known: in this import, else already in the store. */
static size_t import_check_parents(const struct serve_import_list *l,
				  const struct pack *p, struct store *st,
				  bool en, FILE *errs)
{
	size_t bad = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct store_venue *v = &l->v[i];
		const struct tier *t = pack_tier(p, v->tier);
		if (!*v->parent || !t || !t->parent)
			continue;
		ssize_t k = import_find(l, v->parent);
		struct store_venue known = {0};
		const char *ptier = k >= 0 ? l->v[k].tier
				    : store_venue_get(st, v->parent, &known)
					    ? known.tier
					    : NULL;
		if (ptier && strcmp(ptier, t->parent) != 0) {
			utf8_printf(errs,
				    TR(en, "%s: 上级“%s”的层级是 %s，而 %s 的上级应是 %s\n",
				       "%s: parent '%s' is of tier %s, but a %s's "
				       "parent must be a %s\n"),
				    l->from[i], v->parent, ptier, v->tier, t->parent);
			bad++;
		}
		store_venue_clear(&known);
	}
	return bad;
}

static void import_nothing(FILE *errs, const char *name, size_t bad, bool en)
{
	utf8_printf(errs,
		    TR(en, "%s: %zu 处错误，什么也没有导入（导入要么全部成功，要么什么都不做）\n",
		       "%s: %zu problem(s), nothing was imported (an import is "
		       "all or nothing)\n"),
		    name, bad);
}

/* Check the gathered list and put it, all or nothing. */
bool serve_import_commit(struct store *st, const struct pack *p,
			 struct serve_import_list *l, size_t bad, const char *name,
			 bool en, FILE *errs)
{
	bad += import_check_parents(l, p, st, en, errs);
	if (!bad && !l->n) {
		utf8_printf(errs, TR(en, "%s: 没有场馆\n", "%s: no venues in it\n"),
			    name);
		bad = 1;
	}
	if (!bad && !store_venues_put(st, l->v, l->n)) {
		fprintf(errs, TR(en, "%s: 数据库写入失败\n",
				 "%s: the database refused the venues\n"),
			name);
		bad = 1;
	}
	if (bad)
		import_nothing(errs, name, bad, en);
	return bad == 0;
}

bool serve_import_csv(struct store *st, const struct pack *p, const char *name,
		      const char *bytes, size_t len, bool english,
		      size_t *added, char **errors)
{
	size_t elen = 0;
	*errors = NULL;
	*added = 0;
	FILE *errs = open_memstream(errors, &elen);
	struct serve_import_list l = {0};
	size_t bad = serve_import_csv_parse(&l, p, name, bytes, len, english, errs);
	bool ok = serve_import_commit(st, p, &l, bad, name, english, errs);
	if (ok)
		*added = l.n;
	serve_import_list_free(&l);
	fclose(errs);
	if (ok) {
		free(*errors);
		*errors = NULL;
	}
	return ok;
}
