/* xlsxread.c - read an .xlsx workbook's cells: the package's relationships
 * lead to the workbook part, its sheets, their parts and the shared
 * strings.  Names are matched by their local part (namespace prefixes and
 * URIs vary between writers). */
#include "xlsxread.h"
#include "filekind.h"
#include "xalloc.h"

#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

/* A part that unpacks to more than this many times its packed size, and to
 * more than BOMB_FLOOR bytes, is refused unread: real sheets pack 5 to 50
 * times, zip bombs about a thousand. */
#define BOMB_RATIO 200
#define BOMB_FLOOR (1u << 20)
#define MAX_SHEETS ((size_t)256)
#define MAX_COL 16384 /* Excel's last column, XFD */

struct reader {
	zip_t *zip;
	struct arena *a;
	const char *path;
	const struct doc_limits *lim;
	struct diags *d;
	size_t unpacked; /* bytes of XML read so far, all parts */
	bool failed;
};

/* Text gathered between tags, bounded by the value-size limit. */
struct text {
	char *s;
	size_t n, cap, max;
	bool over;
};

static void text_add(struct text *t, const char *s, int len)
{
	if (t->n + (size_t)len > t->max) {
		t->over = true;
		return;
	}
	if (t->n + (size_t)len + 1 > t->cap) {
		t->cap = (t->n + (size_t)len + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->n, s, (size_t)len);
	t->n += (size_t)len;
	t->s[t->n] = '\0';
}

static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

/* The first error only: after it the workbook is not read on.  where
 * names a cell ("活动台账!D7", then sheet, row and col are its) or a
 * position in a part ("xl/worksheets/sheet1.xml:5:12"); NULL: none. */
static void vfail(struct reader *r, enum diag_msg m, int sheet, int row,
		  int col, const char *where, va_list ap)
{
	if (r->failed)
		return;
	r->failed = true;
	diag_vaddm(r->d, m, DIAG_ERROR, r->path, 0, 0, ap);
	if (where)
		diag_set_where(&r->d->v[r->d->n - 1], sheet, row, col, where);
}

static void fail(struct reader *r, enum diag_msg m, ...)
{
	va_list ap;
	va_start(ap, m);
	vfail(r, m, 0, 0, 0, NULL, ap);
	va_end(ap);
}

static int hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0'
		      : c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Excel's escape for characters XML cannot hold: _x0001_ is U+0001 (and
 * _x005F_ a literal '_').  Decoded in place (as UTF-8, never longer than
 * the 7 bytes of the escape); returns the new length. */
static size_t unescape(char *s, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		int v = i + 6 < n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_'
			? hex4(s + i + 2) : -1;
		if (v < 0) {
			s[out++] = s[i];
			continue;
		}
		if (v < 0x80) {
			s[out++] = (char)v;
		} else if (v < 0x800) {
			s[out++] = (char)(0xC0 | v >> 6);
			s[out++] = (char)(0x80 | (v & 0x3F));
		} else {
			s[out++] = (char)(0xE0 | v >> 12);
			s[out++] = (char)(0x80 | ((v >> 6) & 0x3F));
			s[out++] = (char)(0x80 | (v & 0x3F));
		}
		i += 6;
	}
	s[out] = '\0';
	return out;
}

/* ---- streaming one part through expat ---- */

struct part {
	struct reader *r;
	XML_Parser xp;
	const char *name; /* in the archive */
	int sheet;	  /* 1-based when the part is a sheet's, else 0 */
	void *ud;
	void (*start)(struct part *p, const char *el, const char **atts);
	void (*end)(struct part *p, const char *el);
	struct text *text; /* character data goes here when set */
};

/* An error at the parser's position in the part. */
static void fail_xml(struct part *p, enum diag_msg m, ...)
{
	int line = (int)XML_GetCurrentLineNumber(p->xp);
	int col = (int)XML_GetCurrentColumnNumber(p->xp) + 1;
	const char *where = arena_printf(p->r->a, "%s:%d:%d", p->name, line, col);
	va_list ap;
	va_start(ap, m);
	vfail(p->r, m, p->sheet, line, col, where, ap);
	va_end(ap);
}

static void XMLCALL on_start(void *ud, const char *el, const char **atts)
{
	struct part *p = ud;
	if (!p->r->failed)
		p->start(p, local(el), atts);
	if (p->r->failed)
		XML_StopParser(p->xp, XML_FALSE);
}

static void XMLCALL on_end(void *ud, const char *el)
{
	struct part *p = ud;
	if (!p->r->failed && p->end)
		p->end(p, local(el));
	if (p->r->failed)
		XML_StopParser(p->xp, XML_FALSE);
}

static void XMLCALL on_chars(void *ud, const char *s, int len)
{
	struct part *p = ud;
	if (p->text)
		text_add(p->text, s, len);
}

/* No DTD in a workbook part: one could only be there to expand entities. */
static void XMLCALL on_doctype(void *ud, const char *name, const char *sys,
			       const char *pub, int internal)
{
	(void)name, (void)sys, (void)pub, (void)internal;
	struct part *p = ud;
	fail_xml(p, DM_XL_DTD);
	XML_StopParser(p->xp, XML_FALSE);
}

/* Refuse a part before unpacking it when it is too big or packs too well. */
static zip_file_t *open_part(struct reader *r, const char *name,
			     bool required)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(r->zip, name, 0, &st) != 0) {
		if (required)
			fail(r, DM_XL_NO_PART, name);
		return NULL;
	}
	size_t room = r->lim->bytes - (r->unpacked < r->lim->bytes ? r->unpacked : r->lim->bytes);
	if (st.size > room) {
		fail(r, DM_XL_PART_LARGE, name, (unsigned long long)st.size,
			  r->lim->bytes);
		return NULL;
	}
	if (st.size > BOMB_FLOOR && st.size / (st.comp_size ? st.comp_size : 1) > BOMB_RATIO) {
		fail(r, DM_XL_ZIP_BOMB, name, (unsigned long long)st.comp_size,
			  (unsigned long long)st.size);
		return NULL;
	}
	zip_file_t *zf = zip_fopen(r->zip, name, 0);
	if (!zf)
		fail(r, DM_XL_UNPACK, name, zip_strerror(r->zip));
	return zf;
}

static void feed(struct part *p, zip_file_t *zf, const char *name)
{
	struct reader *r = p->r;
	char buf[65536];
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof buf);
		if (n < 0) {
			fail(r, DM_XL_UNPACK, name, zip_file_strerror(zf));
			return;
		}
		/* The sizes in the archive may lie: count what really comes. */
		r->unpacked += (size_t)n;
		if (r->unpacked > r->lim->bytes) {
			fail(r, DM_XL_TOO_LARGE, r->lim->bytes);
			return;
		}
		if (XML_Parse(p->xp, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			fail_xml(p, DM_XL_CORRUPT,
				  XML_ErrorString(XML_GetErrorCode(p->xp)));
			return;
		}
		if (n == 0 || r->failed)
			return;
	}
}

/* Parse one part; false when it is absent (an error if required). */
static bool parse_part(struct reader *r, const char *name, bool required,
		       struct part *p)
{
	zip_file_t *zf = open_part(r, name, required);
	if (!zf)
		return false;
	p->r = r;
	p->name = name;
	p->xp = XML_ParserCreateNS("UTF-8", '|');
	if (!p->xp)
		abort();
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetCharacterDataHandler(p->xp, on_chars);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	feed(p, zf, name);
	XML_ParserFree(p->xp);
	zip_fclose(zf);
	return !r->failed;
}

/* ---- relationships and the workbook part ---- */

struct rels {
	struct reader *r;
	const char *dir; /* of the part the targets are relative to */
	char *office;	 /* the officeDocument's target */
	char *strings;	 /* the sharedStrings target */
	struct rel { char *id, *target, *type; } *v;
	size_t n;
};

/* A target relative to dir, or absolute ("/xl/..."). */
static char *resolve(struct arena *a, const char *dir, const char *target)
{
	if (target[0] == '/')
		return arena_strdup(a, target + 1);
	return arena_printf(a, "%s%s", dir, target);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void rels_start(struct part *p, const char *el, const char **atts)
{
	struct rels *rl = p->ud;
	if (strcmp(el, "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *t = attr(atts, "Target");
	const char *type = attr(atts, "Type");
	if (!id || !t || !type)
		return;
	char *target = resolve(p->r->a, rl->dir, t);
	if (ends_with(type, "/officeDocument"))
		rl->office = target;
	if (ends_with(type, "/sharedStrings"))
		rl->strings = target;
	if (rl->n >= MAX_SHEETS * 4)
		return;
	if (!rl->v)
		rl->v = arena_alloc(p->r->a, MAX_SHEETS * 4 * sizeof *rl->v);
	rl->v[rl->n].id = arena_strdup(p->r->a, id);
	rl->v[rl->n].type = arena_strdup(p->r->a, type);
	rl->v[rl->n++].target = target;
}

struct wbpart {
	struct xlsxread_book *b;
	const char **ids; /* each sheet's relationship id */
};

static void workbook_start(struct part *p, const char *el, const char **atts)
{
	struct wbpart *w = p->ud;
	if (!strcmp(el, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		w->b->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
		return;
	}
	if (strcmp(el, "sheet") != 0)
		return;
	const char *name = attr(atts, "name"), *id = attr(atts, "id");
	if (!name || !id) {
		fail(p->r, DM_XL_SHEET_NONAME);
		return;
	}
	if (w->b->n >= MAX_SHEETS) {
		fail(p->r, DM_XL_SHEETS, MAX_SHEETS);
		return;
	}
	struct xlsxread_sheet *s = &w->b->sheets[w->b->n];
	s->name = arena_strdup(p->r->a, name);
	w->ids[w->b->n++] = arena_strdup(p->r->a, id);
}

/* ---- shared strings ---- */

/* A shared string over the value-size limit: an error only where a cell
 * uses it, so that the message can name that cell. */
static const char too_long[] = "";

struct strings {
	const char **v;
	size_t n, cap;
	struct text t;
	int in_t, in_rph; /* inside <t>, inside a phonetic run (skipped) */
	bool in_si;
};

static void sst_start(struct part *p, const char *el, const char **atts)
{
	(void)atts;
	struct strings *s = p->ud;
	if (!strcmp(el, "si")) {
		s->in_si = true;
		s->t.n = 0;
		s->t.over = false;
		text_add(&s->t, "", 0);
	} else if (!strcmp(el, "rPh")) {
		s->in_rph++;
	} else if (!strcmp(el, "t") && s->in_si && !s->in_rph) {
		p->text = &s->t;
	}
}

static void sst_end(struct part *p, const char *el)
{
	struct strings *s = p->ud;
	if (!strcmp(el, "t")) {
		p->text = NULL;
	} else if (!strcmp(el, "rPh")) {
		s->in_rph--;
	} else if (!strcmp(el, "si")) {
		s->in_si = false;
		if (s->n == s->cap) {
			if (s->cap >= p->r->lim->items * 8) {
				fail_xml(p, DM_XL_TEXTS, s->cap);
				return;
			}
			s->cap = s->cap ? s->cap * 2 : 256;
			s->v = xrealloc(s->v, s->cap * sizeof *s->v);
		}
		if (s->t.over) {
			s->v[s->n++] = too_long;
			return;
		}
		size_t n = s->t.s ? unescape(s->t.s, s->t.n) : 0;
		s->v[s->n++] = arena_strndup(p->r->a, s->t.s ? s->t.s : "", n);
	}
}

/* ---- sheets ---- */

struct cells {
	struct xlsxread_cell *v;
	size_t n, cap, max;
	const struct strings *sst;
	struct text t;
	int row, col;	  /* the current cell's, or the last one's */
	char type[12];	  /* its t= attribute */
	bool in_c, in_is, in_rph, formula, root;
	const char *sheet;
	int si; /* the sheet's tab position, 1-based */
};

/* An error in the cell at row, col. */
static void fail_cell(struct part *p, const struct cells *c, int row, int col,
		      enum diag_msg m, ...)
{
	char cell[32];
	xlsxread_cell_name(cell, sizeof cell, row, col);
	const char *where = arena_printf(p->r->a, "%s!%s", c->sheet, cell);
	va_list ap;
	va_start(ap, m);
	vfail(p->r, m, c->si, row, col, where, ap);
	va_end(ap);
}

/* "D7" → column 4, row 7; false when it is not a cell reference. */
static bool parse_ref(const char *ref, int *row, int *col)
{
	int c = 0, r = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z' && c <= MAX_COL; p++)
		c = c * 26 + (*p - 'A' + 1);
	for (; *p >= '0' && *p <= '9' && r <= 1048576; p++)
		r = r * 10 + (*p - '0');
	if (*p || !c || !r || c > MAX_COL || r > 1048576)
		return false;
	*row = r;
	*col = c;
	return true;
}

static void cell_start(struct part *p, struct cells *c, const char **atts)
{
	const char *ref = attr(atts, "r"), *t = attr(atts, "t");
	int row = c->row, col = c->col + 1;
	if (ref && !parse_ref(ref, &row, &col)) {
		/* Named where the cell would be without its reference. */
		fail_cell(p, c, row ? row : 1, col, DM_XL_BAD_REF, ref);
		return;
	}
	c->row = row;
	c->col = col;
	snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
	c->in_c = true;
	c->formula = false;
	c->t.n = 0;
	c->t.over = false;
}

static void sheet_start(struct part *p, const char *el, const char **atts)
{
	struct cells *c = p->ud;
	if (!c->root) {
		/* A relationship may point anywhere: only a worksheet has cells. */
		c->root = true;
		if (strcmp(el, "worksheet") != 0)
			fail_xml(p, DM_XL_NOT_SHEET, c->sheet, p->name, el);
	} else if (!strcmp(el, "row")) {
		const char *r = attr(atts, "r");
		int row = r ? atoi(r) : c->row + 1;
		if (row < 1 || row > 1048576) {
			fail_xml(p, DM_XL_BAD_ROW, c->sheet);
			return;
		}
		c->row = row;
		c->col = 0;
	} else if (!strcmp(el, "c")) {
		cell_start(p, c, atts);
	} else if (c->in_c && !strcmp(el, "is")) {
		c->in_is = true;
	} else if (c->in_c && !strcmp(el, "f")) {
		c->formula = true;
	} else if (c->in_c && !strcmp(el, "rPh")) {
		c->in_rph = true;
	} else if (c->in_c && (!strcmp(el, "v") || (!strcmp(el, "t") && c->in_is && !c->in_rph))) {
		p->text = &c->t;
	}
}

static void push_cell(struct part *p, struct cells *c, enum xlsxread_kind k,
		      const char *text)
{
	if (c->n == c->max || c->row > (int)p->r->lim->items + 1) {
		fail_cell(p, c, c->row, c->col, DM_XL_SHEET_BIG, c->sheet,
			  p->r->lim->items + 1, c->max);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = (struct xlsxread_cell){c->row, c->col, k, text};
}

/* A cell's t= attribute: false for one OOXML does not define. */
static bool cell_kind(const char *t, enum xlsxread_kind *k)
{
	static const struct { const char *t; enum xlsxread_kind k; } kinds[] = {
		{"n", XR_NUMBER}, {"b", XR_BOOL}, {"e", XR_ERROR}, {"d", XR_DATE},
		{"str", XR_TEXT}, {"inlineStr", XR_TEXT},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (!strcmp(t, kinds[i].t)) {
			*k = kinds[i].k;
			return true;
		}
	return false;
}

static void cell_end(struct part *p, struct cells *c)
{
	c->in_c = c->in_is = false;
	if (c->t.over) {
		fail_cell(p, c, c->row, c->col, DM_XL_CELL_LONG, c->t.max);
		return;
	}
	if (c->t.n == 0) {
		/* Empty or formatted only; but a formula whose value was never
		 * saved (written by a program, not by a spreadsheet) is named. */
		if (c->formula)
			push_cell(p, c, XR_ERROR, "(a formula without a saved value)");
		return;
	}
	const char *s = c->t.s;
	if (!strcmp(c->type, "s")) {
		char *end;
		errno = 0;
		unsigned long i = strtoul(s, &end, 10);
		if (errno || *end || i >= c->sst->n) {
			fail_cell(p, c, c->row, c->col, DM_XL_NO_SHARED, s);
			return;
		}
		if (c->sst->v[i] == too_long)
			fail_cell(p, c, c->row, c->col, DM_XL_CELL_LONG,
				  c->t.max);
		else if (*c->sst->v[i])
			push_cell(p, c, XR_TEXT, c->sst->v[i]);
		return;
	}
	enum xlsxread_kind k;
	if (!cell_kind(c->type, &k)) {
		fail_cell(p, c, c->row, c->col, DM_XL_CELL_TYPE, c->type);
		return;
	}
	size_t n = k == XR_TEXT ? unescape(c->t.s, c->t.n) : c->t.n;
	push_cell(p, c, k, arena_strndup(p->r->a, s, n));
}

static void sheet_end(struct part *p, const char *el)
{
	struct cells *c = p->ud;
	if (!strcmp(el, "v") || !strcmp(el, "t"))
		p->text = NULL;
	else if (!strcmp(el, "rPh"))
		c->in_rph = false;
	else if (!strcmp(el, "c") && c->in_c)
		cell_end(p, c);
}

static int cmp_cell(const void *a, const void *b)
{
	const struct xlsxread_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

static void read_sheet(struct reader *r, struct xlsxread_sheet *s, int si,
		       const char *part, const struct strings *sst, size_t *budget)
{
	struct cells c = {.sst = sst, .sheet = s->name, .si = si, .max = *budget,
			  .t = {.max = r->lim->scalar}};
	struct part p = {.ud = &c, .start = sheet_start, .end = sheet_end, .sheet = si};
	parse_part(r, part, true, &p);
	if (!r->failed && c.n) {
		/* Writers put cells in order; sort anyway, it is cheap. */
		qsort(c.v, c.n, sizeof *c.v, cmp_cell);
		s->cells = arena_alloc(r->a, c.n * sizeof *s->cells);
		memcpy(s->cells, c.v, c.n * sizeof *c.v);
		s->n = c.n;
		*budget -= c.n;
	}
	free(c.v);
	free(c.t.s);
}

/* ---- the whole file ---- */

bool xlsxread_is_workbook(const char *path)
{
	enum filekind k = filekind_of(path);
	return k == FILEKIND_WORKBOOK || k == FILEKIND_LEGACY;
}

/* What the first bytes say: a zip, an OLE compound file (legacy .xls and
 * .et, and every password-protected workbook), or something else. */
static bool check_magic(struct reader *r)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
					     0xA1, 0xB1, 0x1A, 0xE1};
	unsigned char m[8] = {0};
	FILE *f = fopen(r->path, "rb");
	if (!f) {
		fail(r, DM_XL_CANNOT_READ, diag_errno(errno));
		return false;
	}
	size_t n = fread(m, 1, sizeof m, f);
	fclose(f);
	/* (.xls is read by xlsread.c; what comes here is .et or .xlsx.) */
	if (filekind_of(r->path) == FILEKIND_LEGACY) {
		fail(r, DM_XL_ET);
		return false;
	}
	if (n == 8 && !memcmp(m, ole, 8)) {
		fail(r, DM_XL_LEGACY);
		return false;
	}
	if (n < 4 || memcmp(m, "PK\3\4", 4) != 0) {
		fail(r, DM_XL_NOT_ZIP);
		return false;
	}
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Two entries of one name are two different workbooks: a reader taking
 * the first (libzip) and one taking the last (Python's zipfile, so
 * openpyxl) would see different data.  Part names are the same whatever
 * their case (ECMA-376 Part 2, 9.1.1.1). */
static bool unique_names(struct reader *r)
{
	zip_int64_t n = zip_get_num_entries(r->zip, 0);
	if (n <= 1)
		return true;
	const char **names = xcalloc((size_t)n, sizeof *names);
	size_t m = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(r->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (name)
			names[m++] = name;
	}
	qsort(names, m, sizeof *names, cmp_name);
	for (size_t i = 1; i < m; i++)
		if (!strcasecmp(names[i - 1], names[i])) {
			fail(r, DM_XL_PART_TWICE, names[i]);
			break;
		}
	free(names);
	return !r->failed;
}

static bool open_zip(struct reader *r)
{
	struct stat st;
	if (stat(r->path, &st) != 0) {
		fail(r, DM_XL_CANNOT_READ, diag_errno(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(r, DM_XL_NOT_FILE);
		return false;
	}
	if ((size_t)st.st_size > r->lim->bytes) {
		fail(r, DM_XL_FILE_LARGE, (long long)st.st_size, r->lim->bytes);
		return false;
	}
	if (!check_magic(r))
		return false;
	int err = 0;
	r->zip = zip_open(r->path, ZIP_RDONLY, &err);
	if (!r->zip) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		fail(r, DM_XL_CORRUPT, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return false;
	}
	return unique_names(r);
}

static const struct rel *rel_of(const struct rels *rl, const char *id)
{
	for (size_t i = 0; rl->v && i < rl->n; i++)
		if (!strcmp(rl->v[i].id, id))
			return &rl->v[i];
	return NULL;
}

static char *dir_of(struct arena *a, const char *part)
{
	const char *slash = strrchr(part, '/');
	return arena_strndup(a, part, slash ? (size_t)(slash - part) + 1 : 0);
}

static void read_book(struct reader *r, struct xlsxread_book *b)
{
	struct rels top = {.r = r, .dir = ""};
	struct part p = {.ud = &top, .start = rels_start};
	parse_part(r, "_rels/.rels", false, &p);
	const char *wb = top.office ? top.office : "xl/workbook.xml";
	const char *dir = dir_of(r->a, wb);
	b->sheets = arena_alloc(r->a, MAX_SHEETS * sizeof *b->sheets);
	struct wbpart w = {.b = b, .ids = arena_alloc(r->a, MAX_SHEETS * sizeof(char *))};
	p = (struct part){.ud = &w, .start = workbook_start};
	if (!parse_part(r, wb, true, &p))
		return;
	struct rels rl = {.r = r, .dir = dir};
	p = (struct part){.ud = &rl, .start = rels_start};
	parse_part(r, arena_printf(r->a, "%s_rels/%s.rels", dir, wb + strlen(dir)), true, &p);
	struct strings sst = {.t = {.max = r->lim->scalar}};
	p = (struct part){.ud = &sst, .start = sst_start, .end = sst_end};
	if (!r->failed)
		parse_part(r, rl.strings ? rl.strings : arena_printf(r->a, "%ssharedStrings.xml", dir),
			   false, &p);
	size_t budget = r->lim->items * 8, kept = 0;
	for (size_t i = 0; i < b->n && !r->failed; i++) {
		const struct rel *rel = rel_of(&rl, w.ids[i]);
		const char *type = rel ? rel->type : "";
		if (!rel) {
			fail(r, DM_XL_SHEET_NO_PART, b->sheets[i].name);
		} else if (ends_with(type, "/chartsheet")) {
			continue; /* a chart: no cells, never data */
		} else if (!ends_with(type, "/worksheet")) {
			fail(r, DM_XL_REL_TYPE, b->sheets[i].name, type);
		} else {
			b->sheets[kept] = b->sheets[i];
			read_sheet(r, &b->sheets[kept], (int)kept + 1, rel->target, &sst,
				   &budget);
			kept++;
		}
	}
	if (!r->failed)
		b->n = kept;
	free(sst.v);
	free(sst.t.s);
}

bool xlsxread_read(struct xlsxread_book *b, struct arena *a, const char *path,
	     const struct doc_limits *lim, struct diags *d)
{
	struct reader r = {.a = a, .path = path, .d = d,
			   .lim = lim ? lim : &doc_default_limits};
	memset(b, 0, sizeof *b);
	if (open_zip(&r))
		read_book(&r, b);
	if (r.zip)
		zip_discard(r.zip);
	return !r.failed;
}

void xlsxread_cell_name(char *buf, size_t size, int row, int col)
{
	char letters[8];
	int n = 0;
	for (int c = col; c > 0 && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	char rev[8];
	for (int i = 0; i < n; i++)
		rev[i] = letters[n - 1 - i];
	rev[n] = '\0';
	snprintf(buf, size, "%s%d", rev, row);
}
