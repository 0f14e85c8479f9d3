/* xlsread.c - read an .xls workbook (xlsread.h): the file is read whole,
 * its compound file and workbook stream walked and bounded here, then
 * libfreexl reads the cells, and the walk's formula values and boolean
 * and error cells (which libfreexl skips or reads as numbers) are laid
 * over them.  The walk finds the stream the way libfreexl 1.0 does (the
 * first "Workbook" or "Book" entry of the first directory sector), so
 * both read the same bytes. */
#include "xlsread.h"

#include <errno.h>
#include <freexl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define MAX_SHEETS 256
#define AREA_PER_ENTRY 16 /* cells of declared range an entry may take */
#define MAX_RECORD 8224	  /* BIFF8's longest record (libfreexl's buffer) */
#define MAX_XF 8192	  /* libfreexl's table of cell formats */
#define MAX_FORMAT 2048	  /* and of number formats */
#define DATE_END 2958466.0 /* the serial day of 10000-01-01 */
/* libfreexl counts a date out day by day: the days of all date cells
 * stay within this many a cell on average (2173), plus a floor. */
#define DAYS_PER_DATE 100000.0
#define DAYS_FLOOR 3e6
#define ENDOFCHAIN 0xFFFFFFFEu
#define FREESECT 0xFFFFFFFFu

struct reader {
	struct arena *a;
	const char *path;
	const struct doc_limits *lim;
	struct diags *d;
	int fd; /* the file, open while it is read */
	bool failed;
};

/* The first error only (message m of diagcodes.h, its arguments after
 * it); where names a cell ("活动台账!D7"), or NULL. */
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

/* An error in a cell: sheet is its tab position (1-based) among those
 * kept, row and col 1-based. */
static void fail_cell(struct reader *r, int sheet, const char *name, int row,
		      int col, enum diag_msg m, ...)
{
	char cell[32];
	xlsxread_cell_name(cell, sizeof cell, row, col);
	const char *where = arena_printf(r->a, "%s!%s", name, cell);
	va_list ap;
	va_start(ap, m);
	vfail(r, m, sheet, row, col, where, ap);
	va_end(ap);
}

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static double f64(const unsigned char *p)
{
	uint64_t v = (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32;
	double d;
	memcpy(&d, &v, sizeof d);
	return d;
}

/* ---- the file and what it is ---- */

/* The file, whole, through r->fd (left open: libfreexl reads the same
 * file through it, not whatever the path names by then). */
static unsigned char *load_file(struct reader *r, size_t *n)
{
	struct stat st;
	r->fd = open(r->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r->fd < 0 || fstat(r->fd, &st) != 0) {
		fail(r, DM_XL_CANNOT_READ, diag_errno(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(r, DM_XL_NOT_FILE);
		return NULL;
	}
	if ((size_t)st.st_size > r->lim->bytes) {
		fail(r, DM_XL_FILE_LARGE, (long long)st.st_size, r->lim->bytes);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	unsigned char *buf = xmalloc(size + 1);
	ssize_t k = 1;
	for (*n = 0; *n <= size && k > 0; *n += k > 0 ? (size_t)k : 0)
		k = read(r->fd, buf + *n, size + 1 - *n);
	if (k < 0 || *n != size) {
		fail(r, DM_XLS_CHANGED);
		free(buf);
		return NULL;
	}
	return buf;
}

static bool starts_html(const unsigned char *p, size_t n)
{
	size_t i = n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < n && strchr(" \t\r\n", p[i]) && p[i])
		i++;
	static const char *const tags[] = {"<html", "<!doctype", "<table", "<?xml", "<meta"};
	for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
		size_t m = strlen(tags[t]);
		if (n - i >= m && !strncasecmp((const char *)p + i, tags[t], m))
			return true;
	}
	return false;
}

/* What the first bytes say, when not an OLE compound file: each is a
 * file named .xls by a program that wrote something else. */
static bool check_magic(struct reader *r, const unsigned char *p, size_t n)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
					     0xA1, 0xB1, 0x1A, 0xE1};
	if (n >= 512 && !memcmp(p, ole, 8))
		return true;
	if (n >= 8 && !memcmp(p, ole, 8))
		fail(r, DM_XLS_CUT_HEADER);
	else if (n >= 4 && !memcmp(p, "PK\3\4", 4))
		fail(r, DM_XLS_IS_XLSX);
	else if (starts_html(p, n))
		fail(r, DM_XLS_IS_HTML);
	else if (n >= 4 && p[0] == 0x09 && (p[1] == 0 || p[1] == 2 || p[1] == 4))
		fail(r, DM_XLS_BIFF4);
	else
		fail(r, DM_XLS_NOT_XLS);
	return false;
}

/* ---- the compound file: sectors, chains, the directory ---- */

struct cfb {
	const unsigned char *p;
	size_t n, ss;	   /* the file; its sector size */
	size_t nsec;	   /* whole sectors after the header */
	uint32_t *fat;	   /* next sector of each sector */
	size_t nfat;
	uint32_t *minifat; /* next mini sector of each */
	size_t nminifat;
	unsigned char *mini; /* the mini stream (the root entry's) */
	size_t nmini;
	bool in_mini; /* the workbook stream is in it */
};

/* size bytes of the chain from start, in units of unit bytes at base;
 * NULL when it leaves the file, loops, or goes on past its size (the
 * chain must end where the stream does, so libfreexl reads no more). */
static unsigned char *chain_read(const unsigned char *base, size_t nunits,
				 size_t unit, const uint32_t *next, size_t nnext,
				 uint32_t start, size_t size, bool exact)
{
	unsigned char *out = xmalloc(size ? size : 1);
	size_t got = 0, steps = 0;
	uint32_t s = start;
	while (got < size) {
		if (s >= nunits || s >= nnext || ++steps > nunits) {
			free(out);
			return NULL;
		}
		size_t k = size - got < unit ? size - got : unit;
		memcpy(out + got, base + (size_t)s * unit, k);
		got += k;
		s = next[s];
	}
	if (exact && s != ENDOFCHAIN) {
		free(out);
		return NULL;
	}
	return out;
}

static bool fat_add(struct cfb *c, uint32_t sec, size_t *cap)
{
	size_t per = c->ss / 4;
	if (sec >= c->nsec || c->nfat / per >= c->nsec)
		return false;
	if (c->nfat + per > *cap) {
		*cap = (c->nfat + per) * 2;
		c->fat = xrealloc(c->fat, *cap * sizeof *c->fat);
	}
	const unsigned char *p = c->p + ((size_t)sec + 1) * c->ss;
	for (size_t i = 0; i < per; i++)
		c->fat[c->nfat++] = u32(p + 4 * i);
	return true;
}

/* The FAT: the sectors the header lists, then those of the DIFAT chain. */
static bool read_fat(struct cfb *c)
{
	size_t cap = 0, per = c->ss / 4;
	for (size_t i = 0; i < 109; i++) {
		uint32_t sec = u32(c->p + 0x4C + 4 * i);
		if (sec != FREESECT && !fat_add(c, sec, &cap))
			return false;
	}
	uint32_t sec = u32(c->p + 0x44), count = u32(c->p + 0x48);
	for (uint32_t k = 0; k < count; k++) {
		if (sec >= c->nsec || k >= c->nsec)
			return false;
		const unsigned char *p = c->p + ((size_t)sec + 1) * c->ss;
		for (size_t i = 0; i + 1 < per; i++) {
			uint32_t f = u32(p + 4 * i);
			if (f != FREESECT && !fat_add(c, f, &cap))
				return false;
		}
		sec = u32(p + 4 * (per - 1));
	}
	return c->nfat > 0;
}

/* As libfreexl compares an entry's name: the UTF-16 of the length the
 * entry gives, as a C string (up to its first NUL). */
static bool dir_name_is(const unsigned char *e, const char *name)
{
	size_t units = u16(e + 0x40) / 2, n = strlen(name);
	if (units < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (u16(e + 2 * i) != (unsigned char)name[i])
			return false;
	return units == n || u16(e + 2 * n) == 0;
}

static bool read_mini(struct reader *r, struct cfb *c, const unsigned char *root)
{
	uint32_t mstart = u32(c->p + 0x3C), mcount = u32(c->p + 0x40);
	if (mcount > c->nsec)
		return false;
	unsigned char *mf = chain_read(c->p + c->ss, c->nsec, c->ss, c->fat, c->nfat,
				       mstart, (size_t)mcount * c->ss, false);
	if (!mf)
		return false;
	c->nminifat = (size_t)mcount * c->ss / 4;
	c->minifat = xmalloc((c->nminifat + 1) * sizeof *c->minifat);
	for (size_t i = 0; i < c->nminifat; i++)
		c->minifat[i] = u32(mf + 4 * i);
	free(mf);
	c->nmini = u32(root + 0x78);
	if (c->nmini > c->n) {
		fail(r, DM_XLS_MINI_LONG);
		return false;
	}
	c->mini = chain_read(c->p + c->ss, c->nsec, c->ss, c->fat, c->nfat,
			     u32(root + 0x74), c->nmini, true);
	return c->mini != NULL;
}

/* The bytes of the stream of directory entry e.  As libfreexl: one
 * shorter than the cutoff lives in the mini stream, when there is a mini
 * sector table at all. */
static unsigned char *stream_bytes(struct reader *r, struct cfb *c,
				   const unsigned char *e, const unsigned char *root)
{
	size_t len = u32(e + 0x78), cutoff = u32(c->p + 0x40) ? u32(c->p + 0x38) : 0;
	uint32_t start = u32(e + 0x74);
	if (len > cutoff)
		return chain_read(c->p + c->ss, c->nsec, c->ss, c->fat, c->nfat,
				  start, len, true);
	if (!root || !read_mini(r, c, root))
		return NULL;
	c->in_mini = true;
	return chain_read(c->mini, c->nmini / 64, 64, c->minifat, c->nminifat,
			  start, len, true);
}

/* The workbook stream, whole (malloc'ed); NULL after an error. */
static unsigned char *workbook_stream(struct reader *r, struct cfb *c, size_t *len)
{
	uint16_t shift = u16(c->p + 0x1E);
	if (shift != 9 && shift != 12) {
		fail(r, DM_XLS_SECTOR_SIZE);
		return NULL;
	}
	c->ss = (size_t)1 << shift;
	c->nsec = c->n / c->ss ? c->n / c->ss - 1 : 0;
	uint32_t dir = u32(c->p + 0x30);
	if (!read_fat(c) || dir >= c->nsec) {
		fail(r, DM_XLS_FAT);
		return NULL;
	}
	const unsigned char *d = c->p + ((size_t)dir + 1) * c->ss, *root = NULL;
	for (size_t i = 0; i < c->ss / 128; i++) {
		const unsigned char *e = d + 128 * i;
		/* libfreexl converts each name by the length the entry gives. */
		if (u16(e + 0x40) > 64) {
			fail(r, DM_XLS_DIR_NAME);
			return NULL;
		}
		if (dir_name_is(e, "Root Entry"))
			root = e;
		if (dir_name_is(e, "EncryptedPackage") || dir_name_is(e, "EncryptionInfo")) {
			fail(r, DM_XLS_ENCRYPTED);
			return NULL;
		}
		if (!dir_name_is(e, "Workbook") && !dir_name_is(e, "Book"))
			continue;
		*len = u32(e + 0x78);
		unsigned char *s = *len <= c->n ? stream_bytes(r, c, e, root) : NULL;
		if (!s)
			fail(r, DM_XLS_STREAM);
		return s;
	}
	fail(r, DM_XLS_NO_WORKBOOK);
	return NULL;
}

/* ---- the workbook stream's records ---- */

struct xsheet {
	uint32_t bof; /* its BOF record's offset in the stream */
	bool data;    /* a worksheet (not a chart or macro sheet) */
	bool dim;     /* has a DIMENSION record */
	double rows, cols; /* the extent of its cell records */
	const char *name;  /* for messages, before libfreexl has read it */
};

/* A cell libfreexl does not read as the file means it: a formula's saved
 * value, a boolean or an error. */
struct over {
	int sheet; /* index among all sheets, 0-based */
	int row, col;
	enum xlsxread_kind kind;
	const char *text;
};

struct walk {
	struct reader *r;
	int biff; /* 8 once the first BOF is read, -1 if it is not BIFF8 */
	struct xsheet sheets[MAX_SHEETS];
	size_t nsheets;
	int cur; /* the sheet whose records these are; -1: none */
	bool open; /* within a substream (BOF to EOF), as libfreexl tracks it */
	uint16_t xf[MAX_XF];
	size_t nxf;
	uint16_t datefmt[MAX_FORMAT]; /* user formats libfreexl takes for dates */
	size_t ndatefmt, nfmt;
	double area, maxarea, days, dates;
	struct over *over;
	size_t nover, capover;
	size_t pending; /* 1 + the formula whose text is the next record's */
	bool date1904;  /* DATEMODE: serial days count from 1904-01-01 */
	uint64_t *keys; /* sheet, row and column of each value libfreexl keeps */
	size_t nkeys, capkeys;
};

/* libfreexl's test of a format for a date: letters of y m d h s. */
static bool fmt_is_date(const unsigned char *s, size_t n, bool wide)
{
	int y = 0, m = 0, d = 0, h = 0, sec = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = wide ? u16(s + 2 * i) : s[i];
		c = c < 0x80 && c >= 'A' && c <= 'Z' ? c + 32 : c;
		y += c == 'y', m += c == 'm', d += c == 'd', h += c == 'h', sec += c == 's';
	}
	return (y && m) || (m && d) || (h && m) || (m && sec);
}

static void on_format(struct walk *w, const unsigned char *p, size_t len)
{
	(void)len; /* long_enough: the text ends within the record */
	if (w->nfmt++ >= MAX_FORMAT)
		return;
	if (fmt_is_date(p + 5, u16(p + 2), p[4] & 1))
		w->datefmt[w->ndatefmt++] = u16(p);
}

/* A cell format (XF): its number format, by which a number is a date. */
static void on_xf(struct walk *w, const unsigned char *p)
{
	if (w->nxf == MAX_XF)
		fail(w->r, DM_XLS_XFS, MAX_XF);
	else
		w->xf[w->nxf++] = u16(p + 2);
}

static bool xf_is_date(const struct walk *w, uint16_t xf)
{
	if (xf >= w->nxf)
		return false;
	uint16_t f = w->xf[xf];
	if ((f >= 14 && f <= 22) || (f >= 45 && f <= 47))
		return true;
	for (size_t i = 0; i < w->ndatefmt; i++)
		if (w->datefmt[i] == f)
			return true;
	return false;
}

static const char *sheet_label(const struct walk *w)
{
	return w->sheets[w->cur].name;
}

/* The current sheet's tab position among the worksheets, 1-based. */
static int sheet_pos(const struct walk *w)
{
	int n = 1;
	for (int i = 0; i < w->cur; i++)
		n += w->sheets[i].data;
	return n;
}

static void add_over(struct walk *w, int row, int col, enum xlsxread_kind kind,
		     const char *text)
{
	if (w->cur < 0)
		return;
	if (w->nover == w->capover) {
		if (w->capover >= w->r->lim->items * 8) {
			fail(w->r, DM_XLS_OVERS, w->capover);
			return;
		}
		w->capover = w->capover ? w->capover * 2 : 64;
		w->over = xrealloc(w->over, w->capover * sizeof *w->over);
	}
	w->over[w->nover++] = (struct over){w->cur, row + 1, col + 1, kind, text};
}

/* A number libfreexl counts out as a date: bounded, or the file is
 * refused before it is read (a date of year 5,000,000 is a day-by-day
 * loop of 1.8 billion steps). */
static void check_number(struct walk *w, int row, int col, uint16_t xf, double v)
{
	if (!xf_is_date(w, xf))
		return;
	if (!isfinite(v) || v >= DATE_END || v <= -DATE_END) {
		fail_cell(w->r, sheet_pos(w), sheet_label(w), row + 1, col + 1, DM_XLS_DATE_FAR, v);
		return;
	}
	w->days += v > 0 ? v : 0;
	w->dates++;
	if (w->days > DAYS_FLOOR + DAYS_PER_DATE * w->dates)
		fail_cell(w->r, sheet_pos(w), sheet_label(w), row + 1, col + 1, DM_XLS_DATES_FAR);
	/* The number as written: libfreexl's text of it drops the time of
	 * day of a date format and the day of a time format. */
	char buf[32];
	snprintf(buf, sizeof buf, "%.17g", v);
	add_over(w, row, col, XR_NUMBER, arena_strdup(w->r->a, buf));
}

static double rk_value(uint32_t rk)
{
	double v;
	if (rk & 2) {
		v = (double)((int32_t)rk >> 2);
	} else {
		uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
		memcpy(&v, &bits, sizeof v);
	}
	return rk & 1 ? v / 100 : v;
}

static const char *error_text(unsigned code)
{
	switch (code) {
	case 0x00: return "#NULL!";
	case 0x07: return "#DIV/0!";
	case 0x0F: return "#VALUE!";
	case 0x17: return "#REF!";
	case 0x1D: return "#NAME?";
	case 0x24: return "#NUM!";
	case 0x2A: return "#N/A";
	default: return "#ERROR!";
	}
}

static void on_formula(struct walk *w, const unsigned char *p, size_t len)
{
	if (len < 16)
		return;
	int row = u16(p), col = u16(p + 2);
	const unsigned char *v = p + 6;
	char buf[32];
	if (v[6] != 0xFF || v[7] != 0xFF) {
		snprintf(buf, sizeof buf, "%.17g", f64(v));
		add_over(w, row, col, XR_NUMBER, arena_strdup(w->r->a, buf));
	} else if (v[0] == 0) {
		size_t before = w->nover;
		add_over(w, row, col, XR_TEXT, "");
		if (w->nover > before)
			w->pending = w->nover;
	} else if (v[0] == 1) {
		add_over(w, row, col, XR_BOOL, v[2] ? "1" : "0");
	} else if (v[0] == 2) {
		add_over(w, row, col, XR_ERROR, error_text(v[2]));
	}
	/* 3: an empty text, no value */
}

/* Latin-1 or UTF-16LE text as UTF-8 (a formula's text result). */
static const char *to_utf8(struct arena *a, const unsigned char *s, size_t n, bool wide)
{
	char *out = arena_alloc(a, 3 * n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned c = wide ? u16(s + 2 * i) : s[i];
		if (wide && c >= 0xD800 && c < 0xDC00 && i + 1 < n &&
		    u16(s + 2 * i + 2) >= 0xDC00 && u16(s + 2 * i + 2) < 0xE000) {
			unsigned lo = u16(s + 2 * ++i);
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			*o++ = (char)(0xF0 | c >> 18);
			*o++ = (char)(0x80 | ((c >> 12) & 0x3F));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
			continue;
		}
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD; /* a lone surrogate */
		if (c < 0x80) {
			*o++ = (char)c;
		} else if (c < 0x800) {
			*o++ = (char)(0xC0 | c >> 6);
			*o++ = (char)(0x80 | (c & 0x3F));
		} else {
			*o++ = (char)(0xE0 | c >> 12);
			*o++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*o = '\0';
	return out;
}

/* The STRING record after a formula: its text result. */
static void on_string(struct walk *w, const unsigned char *p, size_t len)
{
	struct over *o = w->pending ? &w->over[w->pending - 1] : NULL;
	w->pending = 0;
	if (!o || len < 3)
		return;
	size_t n = u16(p), off = 3;
	bool wide = p[2] & 1;
	if (off + n * (wide ? 2 : 1) > len) {
		o->kind = XR_ERROR;
		o->text = "(a formula's text too long to read from an .xls)";
		return;
	}
	o->text = to_utf8(w->r->a, p + off, n, wide);
	if (strlen(o->text) > w->r->lim->scalar)
		fail_cell(w->r, sheet_pos(w), sheet_label(w), o->row, o->col, DM_XL_CELL_LONG,
			  w->r->lim->scalar);
}

/* rows by cols more cells that libfreexl allocates, for sheet x. */
static void add_area(struct walk *w, const struct xsheet *x, double rows, double cols)
{
	w->area += rows * cols;
	if (w->area > w->maxarea)
		fail(w->r, DM_XLS_AREA, w->maxarea, x->name, rows, cols);
}

static void on_dimension(struct walk *w, const unsigned char *p, size_t len)
{
	(void)len; /* long_enough */
	double rows = u32(p + 4), cols = u16(p + 10);
	/* libfreexl allocates every range it is given, and loses the one
	 * before: a second range is no sheet's a real writer makes. */
	if (w->cur < 0)
		return; /* outside a sheet: libfreexl has no sheet to size */
	if (w->sheets[w->cur].dim)
		fail(w->r, DM_XLS_DIM_TWICE, sheet_label(w));
	w->sheets[w->cur].dim = true;
	add_area(w, &w->sheets[w->cur], rows, cols);
}

/* Where a sheet has no DIMENSION, libfreexl sizes one from its cells
 * (and then allocates with some sheet's size): each counts the largest. */
static void add_extents(struct walk *w)
{
	double most = 0;
	const struct xsheet *largest = NULL;
	size_t nodim = 0;
	for (size_t i = 0; i < w->nsheets; i++) {
		const struct xsheet *x = &w->sheets[i];
		double e = (x->rows + 2) * (x->cols + 2);
		if (e > most) {
			most = e;
			largest = x;
		}
		nodim += !x->dim;
	}
	for (size_t i = 0; i < w->nsheets && !w->r->failed; i++) {
		const struct xsheet *x = &w->sheets[i];
		/* libfreexl sizes such a worksheet anew and loses the cells of
		 * another: Excel, WPS and LibreOffice always declare it. */
		if (x->data && !x->dim)
			fail(w->r, DM_XLS_NO_DIM, x->name);
		add_area(w, x, x->rows + 2, x->cols + 2);
	}
	if (!w->r->failed && largest)
		add_area(w, largest, most, (double)nodim);
}

/* A value libfreexl stores: counted against the cell limit, and kept to
 * find a cell given twice (libfreexl loses the first one's memory). */
static void add_key(struct walk *w, unsigned row, unsigned col)
{
	if (w->nkeys == w->capkeys) {
		if (w->capkeys >= w->r->lim->items * 8) {
			fail(w->r, DM_XLS_CELLS, w->capkeys);
			return;
		}
		w->capkeys = w->capkeys ? w->capkeys * 2 : 256;
		if (w->capkeys > w->r->lim->items * 8)
			w->capkeys = w->r->lim->items * 8;
		w->keys = xrealloc(w->keys, w->capkeys * sizeof *w->keys);
	}
	w->keys[w->nkeys++] = (uint64_t)w->cur << 40 | (uint64_t)row << 16 | col;
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void check_twice(struct walk *w)
{
	if (w->nkeys < 2)
		return;
	qsort(w->keys, w->nkeys, sizeof *w->keys, cmp_key);
	for (size_t i = 1; i < w->nkeys; i++)
		if (w->keys[i] == w->keys[i - 1]) {
			w->cur = (int)(w->keys[i] >> 40);
			fail_cell(w->r, sheet_pos(w), sheet_label(w),
				  (int)(w->keys[i] >> 16 & 0xFFFFFF) + 1,
				  (int)(w->keys[i] & 0xFFFF) + 1, DM_XLS_CELL_TWICE);
			return;
		}
}

static void extent(struct walk *w, uint16_t type, const unsigned char *p, size_t len)
{
	static const uint16_t cells[] = {0x0203, 0x027E, 0x00BD, 0x0204, 0x00FD,
					 0x0205, 0x0201, 0x00BE, 0x0006, 0x00D6};
	bool cell = false;
	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
		cell |= type == cells[i];
	if (!cell || len < 4)
		return;
	struct xsheet *x = &w->sheets[w->cur];
	double row = u16(p), col = u16(p + 2);
	if ((type == 0x00BD || type == 0x00BE) && u16(p + len - 2) > col)
		col = u16(p + len - 2);
	x->rows = row > x->rows ? row : x->rows;
	x->cols = col > x->cols ? col : x->cols;
	if (type == 0x00BD)
		for (unsigned c = u16(p + 2); c <= col && c < u16(p + 2) + (len - 6) / 6; c++)
			add_key(w, u16(p), c);
	else if (type != 0x0201 && type != 0x00BE && type != 0x0006 && type != 0x00D6)
		add_key(w, u16(p), u16(p + 2));
}

static void on_bof(struct walk *w, uint32_t off, const unsigned char *p, size_t len)
{
	if (!w->biff) {
		/* BIFF8 only: libfreexl reads Excel 5.0/95's BIFF5 formats at
		 * the wrong offset, so its dates could not be bounded here. */
		uint16_t v = len >= 2 ? u16(p) : 0;
		w->biff = v == 0x0600 ? 8 : -1;
		if (v == 0x0500)
			fail(w->r, DM_XLS_BIFF5);
		else if (w->biff < 0)
			fail(w->r, DM_XLS_BOF_VERSION);
		w->open = true;
		return;
	}
	/* A BOF before the last substream's EOF starts nothing for
	 * libfreexl: its records stay the sheet's before. */
	if (w->open)
		return;
	w->open = true;
	w->cur = -1;
	for (size_t i = 0; i < w->nsheets; i++)
		if (w->sheets[i].bof == off)
			w->cur = (int)i;
}

static void on_boundsheet(struct walk *w, const unsigned char *p, size_t len)
{
	if (w->nsheets == MAX_SHEETS) {
		fail(w->r, DM_XLS_SHEETS, MAX_SHEETS);
		return;
	}
	(void)len; /* long_enough: the name ends within the record */
	const char *name = to_utf8(w->r->a, p + 8, p[6], p[7] & 1);
	w->sheets[w->nsheets++] = (struct xsheet){.bof = u32(p), .data = p[5] == 0,
						  .name = name};
}

static void on_cell(struct walk *w, uint16_t type, const unsigned char *p, size_t len)
{
	if (type == 0x0203 && len >= 14) { /* NUMBER */
		check_number(w, u16(p), u16(p + 2), u16(p + 4), f64(p + 6));
	} else if (type == 0x027E && len >= 10) { /* RK */
		check_number(w, u16(p), u16(p + 2), u16(p + 4), rk_value(u32(p + 6)));
	} else if (type == 0x00BD && len >= 6) { /* MULRK */
		int row = u16(p), col = u16(p + 2);
		for (size_t i = 4; i + 6 <= len - 2 && !w->r->failed; i += 6)
			check_number(w, row, col++, u16(p + i), rk_value(u32(p + i + 2)));
	} else if (type == 0x0205 && len >= 8) { /* BOOLERR */
		if (p[7])
			add_over(w, u16(p), u16(p + 2), XR_ERROR, error_text(p[6]));
		else
			add_over(w, u16(p), u16(p + 2), XR_BOOL, p[6] ? "1" : "0");
	} else if (type == 0x0006) {
		on_formula(w, p, len);
	}
}

/* libfreexl reads its records at fixed offsets, whatever their length
 * (what is past the end is the last record's, or past its buffer): each
 * it reads must hold what it reads. */
static bool long_enough(struct walk *w, uint16_t type, const unsigned char *p,
			size_t len)
{
	static const struct { uint16_t type; size_t min; } mins[] = {
		{0x0809, 4}, {0x0042, 2}, {0x0022, 2}, {0x0085, 8}, {0x00E0, 4},
		{0x041E, 5}, {0x0200, 14}, {0x0203, 14}, {0x027E, 10}, {0x00BD, 6},
		{0x0204, 9}, {0x00FD, 10}, {0x0205, 8}, {0x00FC, 8},
	};
	size_t need = 0;
	for (size_t i = 0; i < sizeof mins / sizeof *mins; i++)
		if (mins[i].type == type)
			need = mins[i].min;
	/* Texts, too, end within their record. */
	if (type == 0x0204 && len >= need)
		need += (size_t)u16(p + 6) * (p[8] & 1 ? 2 : 1);
	else if (type == 0x0085 && len >= need)
		need += (size_t)p[6] * (p[7] & 1 ? 2 : 1);
	else if (type == 0x041E && len >= need)
		need += (size_t)u16(p + 2) * (p[4] & 1 ? 2 : 1);
	else if (type == 0x00BD && (len - 6) % 6)
		need = len + 1;
	if (len >= need)
		return true;
	fail(w->r, DM_XLS_RECORD_SHORT, type, len);
	return false;
}

static void on_record(struct walk *w, uint32_t off, uint16_t type,
		      const unsigned char *p, size_t len)
{
	if (!long_enough(w, type, p, len))
		return;
	if (type != 0x0207 && type != 0x003C)
		w->pending = 0;
	if (type == 0x0809)
		on_bof(w, off, p, len);
	else if (!w->biff)
		fail(w->r, DM_XLS_NO_BOF);
	else if (type == 0x002F)
		fail(w->r, DM_XLS_ENCRYPTED);
	else if (type == 0x0085)
		on_boundsheet(w, p, len);
	else if (type == 0x00E0)
		on_xf(w, p);
	else if (type == 0x041E)
		on_format(w, p, len);
	else if (type == 0x0022)
		w->date1904 = u16(p) == 1;
	else if (type == 0x000A)
		w->open = false;
	else if (type == 0x0200)
		on_dimension(w, p, len);
	else if (type == 0x0207)
		on_string(w, p, len);
	else if (w->cur >= 0) {
		extent(w, type, p, len);
		on_cell(w, type, p, len);
	}
}

static void walk_stream(struct walk *w, const unsigned char *s, size_t n,
			bool mini)
{
	size_t off = 0;
	while (off + 4 <= n && !w->r->failed) {
		uint16_t type = u16(s + off);
		size_t len = u16(s + off + 2);
		/* libfreexl ends a stream of sectors (not the mini stream) at
		 * the first record of type 0 and no length. */
		if (!mini && !type && !len)
			break;
		if (len > MAX_RECORD || off + 4 + len > n) {
			fail(w->r, DM_XLS_RECORD_PAST);
			return;
		}
		on_record(w, (uint32_t)off, type, s + off + 4, len);
		off += 4 + len;
	}
	if (!w->r->failed && !w->biff)
		fail(w->r, DM_XLS_EMPTY);
	if (!w->r->failed)
		add_extents(w);
	if (!w->r->failed)
		check_twice(w);
}

/* ---- the cells, through libfreexl ---- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* libfreexl's "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS" as the
 * serial day it was, in the file's date system (a fallback: the walk
 * gives every date cell its number as written). */
static const char *serial_of(struct arena *a, unsigned char type, const char *s,
			     bool date1904)
{
	int y = 1899, mo = 12, d = 30, h = 0, mi = 0, sec = 0;
	if (type == FREEXL_CELL_TIME)
		sscanf(s, "%d:%d:%d", &h, &mi, &sec);
	else
		sscanf(s, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec);
	double v = (double)(days_from_civil(y, mo, d) - days_from_civil(1899, 12, 30));
	if (v > 0 && v < 61)
		v -= 1; /* Excel's 1900-02-29 */
	if (date1904 && type != FREEXL_CELL_TIME)
		v -= 1462;
	v += (h * 3600 + mi * 60 + sec) / 86400.0;
	char buf[32];
	snprintf(buf, sizeof buf, "%.17g", v);
	return arena_strdup(a, buf);
}

struct sheetcells {
	struct xlsxread_cell *v;
	size_t n, cap, max;
};

static void push(struct sheetcells *c, struct xlsxread_cell x)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = x;
}

/* One freexl cell as a workbook cell; false when it holds nothing. */
static bool cell_of(struct reader *r, const FreeXL_CellValue *v, bool date1904,
		    int sheet, const char *name, int row, int col,
		    struct xlsxread_cell *x)
{
	char buf[32];
	*x = (struct xlsxread_cell){row, col, XR_NUMBER, NULL};
	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(buf, sizeof buf, "%d", v->value.int_value);
		x->text = arena_strdup(r->a, buf);
		return true;
	case FREEXL_CELL_DOUBLE:
		snprintf(buf, sizeof buf, "%.17g", v->value.double_value);
		x->text = arena_strdup(r->a, buf);
		return true;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		x->text = serial_of(r->a, v->type, v->value.text_value, date1904);
		return true;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
		if (!v->value.text_value || !*v->value.text_value)
			return false;
		if (strlen(v->value.text_value) > r->lim->scalar) {
			fail_cell(r, sheet, name, row, col, DM_XL_CELL_LONG, r->lim->scalar);
			return false;
		}
		x->kind = XR_TEXT;
		x->text = arena_strdup(r->a, v->value.text_value);
		return true;
	default:
		return false;
	}
}

static int cmp_cell(const void *a, const void *b)
{
	const struct xlsxread_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* The walk's cells of sheet si replace libfreexl's at their positions. */
static void lay_over(struct sheetcells *c, const struct walk *w, int si)
{
	size_t base = c->n;
	for (size_t i = 0; i < w->nover; i++) {
		const struct over *o = &w->over[i];
		if (o->sheet != si || (o->kind == XR_TEXT && !*o->text))
			continue;
		push(c, (struct xlsxread_cell){o->row, o->col, o->kind, o->text});
	}
	if (c->n == base)
		return;
	/* Stable on position: the walk's cell (added last) wins. */
	for (size_t i = 0; i < c->n; i++)
		c->v[i].col = c->v[i].col * 2 + (i >= base);
	qsort(c->v, c->n, sizeof *c->v, cmp_cell);
	size_t out = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (out && c->v[out - 1].row == c->v[i].row &&
		    c->v[out - 1].col / 2 == c->v[i].col / 2)
			out--;
		c->v[out++] = c->v[i];
	}
	c->n = out;
	for (size_t i = 0; i < c->n; i++)
		c->v[i].col /= 2;
}

static void read_cells(struct reader *r, const void *h, const struct walk *w,
		       int fi, struct xlsxread_sheet *s, int si, size_t *budget)
{
	unsigned int rows = 0;
	unsigned short cols = 0;
	struct sheetcells c = {0};
	if (freexl_select_active_worksheet(h, (unsigned short)fi) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK ||
	    !cols || (double)rows * cols > w->maxarea)
		rows = cols = 0; /* none (two billion rows of no column: none) */
	for (unsigned int row = 0; row < rows && !r->failed; row++)
		for (unsigned short col = 0; col < cols && !r->failed; col++) {
			FreeXL_CellValue v;
			struct xlsxread_cell x;
			if (freexl_get_cell_value(h, row, col, &v) == FREEXL_OK &&
			    cell_of(r, &v, w->date1904, si, s->name, (int)row + 1,
				    col + 1, &x))
				push(&c, x);
		}
	lay_over(&c, w, fi);
	size_t over = 0; /* the first cell past the rows allowed, as in .xlsx */
	while (over < c.n && c.v[over].row <= (int)r->lim->items + 1)
		over++;
	if (over < c.n)
		fail_cell(r, si, s->name, c.v[over].row, c.v[over].col, DM_XLS_ROWS,
			  s->name, r->lim->items + 1);
	else if (c.n > *budget)
		fail_cell(r, si, s->name, c.v[*budget].row, c.v[*budget].col, DM_XLS_SHEET_CELLS,
			  s->name, *budget);
	if (!r->failed && c.n) {
		s->cells = arena_alloc(r->a, c.n * sizeof *s->cells);
		memcpy(s->cells, c.v, c.n * sizeof *c.v);
		s->n = c.n;
		*budget -= c.n;
	}
	free(c.v);
}

static const struct diag_words *freexl_words(int err)
{
	switch (err) {
	case FREEXL_INSUFFICIENT_MEMORY: return diag_word(DM_XLS_FX_MEMORY);
	case FREEXL_INVALID_CHARACTER: return diag_word(DM_XLS_FX_CHAR);
	case FREEXL_UNSUPPORTED_CHARSET: return diag_word(DM_XLS_FX_CHARSET);
	case FREEXL_BIFF_INVALID_SST: return diag_word(DM_XLS_FX_SST);
	default: return diag_word(DM_XLS_FX_DAMAGED);
	}
}

static void read_book(struct reader *r, struct xlsxread_book *b, const struct walk *w)
{
	const void *h = NULL;
	/* The file already walked (Linux names an open file so); else the
	 * path. */
	char fdpath[64];
	snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", r->fd);
	int err = freexl_open(access(fdpath, R_OK) == 0 ? fdpath : r->path, &h);
	/* libfreexl 1.0 may give up with FREEXL_OK and no handle (an empty
	 * LABEL record does it): a workbook it cannot read, never one
	 * without sheets. */
	if (err != FREEXL_OK || !h) {
		fail(r, DM_XLS_FREEXL,
		     freexl_words(err), err);
		if (h)
			freexl_close(h);
		return;
	}
	unsigned int pw = 0, count = 0;
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
	    pw == FREEXL_BIFF_OBFUSCATED)
		fail(r, DM_XLS_ENCRYPTED);
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK ||
	    count > w->nsheets)
		count = (unsigned)w->nsheets;
	b->sheets = arena_alloc(r->a, (count + 1) * sizeof *b->sheets);
	b->date1904 = w->date1904;
	size_t budget = r->lim->items * 8;
	for (unsigned i = 0; i < count && !r->failed; i++) {
		const char *name = NULL;
		if (!w->sheets[i].data)
			continue; /* a chart or macro sheet: never data */
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK ||
		    !name)
			name = "";
		struct xlsxread_sheet *s = &b->sheets[b->n];
		s->name = arena_strdup(r->a, name);
		read_cells(r, h, w, (int)i, s, (int)b->n + 1, &budget);
		b->n++;
	}
	freexl_close(h);
}

bool xlsread_is_xls(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && !strcasecmp(path + n - 4, ".xls");
}

bool xlsread_read(struct xlsxread_book *b, struct arena *a, const char *path,
		  const struct doc_limits *lim, struct diags *d)
{
	struct reader r = {.a = a, .path = path, .d = d, .fd = -1,
			   .lim = lim ? lim : &doc_default_limits};
	memset(b, 0, sizeof *b);
	size_t n = 0, len = 0;
	unsigned char *file = load_file(&r, &n);
	if (!file || !check_magic(&r, file, n)) {
		free(file);
		if (r.fd >= 0)
			close(r.fd);
		return false;
	}
	struct cfb c = {.p = file, .n = n};
	unsigned char *stream = workbook_stream(&r, &c, &len);
	struct walk *w = xcalloc(1, sizeof *w);
	w->r = &r;
	w->cur = -1;
	w->maxarea = (double)r.lim->items * AREA_PER_ENTRY;
	if (stream)
		walk_stream(w, stream, len, c.in_mini);
	free(stream);
	free(c.fat);
	free(c.minifat);
	free(c.mini);
	free(file);
	if (!r.failed)
		read_book(&r, b, w);
	close(r.fd);
	free(w->over);
	free(w->keys);
	free(w);
	if (r.failed)
		memset(b, 0, sizeof *b);
	return !r.failed;
}
