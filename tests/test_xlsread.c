/* test_xlsread.c - the .xls reader: workbooks written here (BIFF8 in a
 * compound file, as tests/xlsgen.py writes them) read into the sheets and
 * cells an .xlsx gives, and each way a file is refused, by its code and
 * cell: not BIFF, truncated, encrypted, declared ranges over the limit,
 * dates past 9999. */
#include "helpers.h"

#include <unistd.h>

#include "xalloc.h"
#include "xlsread.h"

/* ---- a tiny BIFF8 writer ---- */

struct buf {
	unsigned char *p;
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void u16(struct buf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	put(b, x, 2);
}

static void u32(struct buf *b, uint32_t v)
{
	u16(b, v & 0xFFFF);
	u16(b, v >> 16);
}

static void f64(struct buf *b, double v)
{
	uint64_t x;
	memcpy(&x, &v, sizeof x);
	u32(b, (uint32_t)x);
	u32(b, (uint32_t)(x >> 32));
}

static void rec(struct buf *b, unsigned type, const struct buf *data)
{
	u16(b, type);
	u16(b, (unsigned)data->n);
	put(b, data->p, data->n);
}

/* A record of the given 16-bit words. */
static void rec16(struct buf *b, unsigned type, size_t n, const unsigned *w)
{
	struct buf d = {0};
	for (size_t i = 0; i < n; i++)
		u16(&d, w[i]);
	rec(b, type, &d);
	free(d.p);
}

static void bof(struct buf *b, unsigned dt)
{
	unsigned w[] = {0x0600, dt, 0x0DBB, 0x07CC, 0, 0, 6, 0};
	rec16(b, 0x0809, 8, w);
}

/* Compressed (Latin-1) text in a LABEL record: ASCII is enough here. */
static void label(struct buf *b, unsigned row, unsigned col, const char *s)
{
	struct buf d = {0};
	u16(&d, row), u16(&d, col), u16(&d, 0), u16(&d, (unsigned)strlen(s));
	put(&d, "", 1);
	put(&d, s, strlen(s));
	rec(b, 0x0204, &d);
	free(d.p);
}

static void number(struct buf *b, unsigned row, unsigned col, unsigned xf, double v)
{
	struct buf d = {0};
	u16(&d, row), u16(&d, col), u16(&d, xf);
	f64(&d, v);
	rec(b, 0x0203, &d);
	free(d.p);
}

static void formula_num(struct buf *b, unsigned row, unsigned col, double v)
{
	struct buf d = {0};
	u16(&d, row), u16(&d, col), u16(&d, 0);
	f64(&d, v);
	u16(&d, 0), u32(&d, 0), u16(&d, 3);
	put(&d, "\x1e\0\0", 3);
	rec(b, 0x0006, &d);
	free(d.p);
}

static void formula_text(struct buf *b, unsigned row, unsigned col, const char *s)
{
	struct buf d = {0};
	u16(&d, row), u16(&d, col), u16(&d, 0);
	put(&d, "\0\0\0\0\0\0\xff\xff", 8);
	u16(&d, 0), u32(&d, 0), u16(&d, 3);
	put(&d, "\x1e\0\0", 3);
	rec(b, 0x0006, &d);
	d.n = 0;
	u16(&d, (unsigned)strlen(s));
	put(&d, "", 1);
	put(&d, s, strlen(s));
	rec(b, 0x0207, &d);
	free(d.p);
}

static void boolerr(struct buf *b, unsigned row, unsigned col, unsigned v, unsigned err)
{
	struct buf d = {0};
	u16(&d, row), u16(&d, col), u16(&d, 0);
	unsigned char x[2] = {(unsigned char)v, (unsigned char)err};
	put(&d, x, 2);
	rec(b, 0x0205, &d);
	free(d.p);
}

/* One sheet's substream: cells filled in by fn. */
struct opts {
	bool filepass;
	uint32_t rows, cols; /* the declared range; 0: 20 by 10 */
	unsigned nsheets;    /* copies of the sheet; 0: 1 */
	void (*cells)(struct buf *b);
};

static struct buf workbook_stream(const struct opts *o)
{
	unsigned nsheets = o->nsheets ? o->nsheets : 1;
	struct buf sheet = {0};
	bof(&sheet, 0x0010);
	struct buf d = {0};
	u32(&d, 0), u32(&d, o->rows ? o->rows : 20), u16(&d, 0);
	u16(&d, o->cols ? o->cols : 10), u16(&d, 0);
	rec(&sheet, 0x0200, &d);
	if (o->cells)
		o->cells(&sheet);
	d.n = 0;
	rec(&sheet, 0x000A, &d);

	struct buf g = {0};
	bof(&g, 0x0005);
	if (o->filepass) {
		unsigned w[27] = {1, 1, 1};
		rec16(&g, 0x002F, 27, w);
	}
	unsigned cp[1] = {1200}; /* UTF-16 (libfreexl names no sheet without it) */
	rec16(&g, 0x0042, 1, cp);
	unsigned xf0[10] = {0, 0, 1}, xf14[10] = {0, 14, 1};
	rec16(&g, 0x00E0, 10, xf0);
	rec16(&g, 0x00E0, 10, xf14);
	size_t bs = 4 + 8 + 6; /* a BOUNDSHEET of a 6-letter name */
	size_t first = g.n + nsheets * bs + 4;
	for (unsigned i = 0; i < nsheets; i++) {
		d.n = 0;
		u32(&d, (uint32_t)(first + i * sheet.n));
		u16(&d, 0);
		put(&d, "\x06\x00", 2);
		char name[8];
		snprintf(name, sizeof name, "Sheet%u", i % 10);
		put(&d, name, 6);
		rec(&g, 0x0085, &d);
	}
	d.n = 0;
	rec(&g, 0x000A, &d);
	for (unsigned i = 0; i < nsheets; i++)
		put(&g, sheet.p, sheet.n);
	free(sheet.p);
	free(d.p);
	while (g.n < 4096)
		put(&g, "", 1); /* under 4096 bytes it would be a mini stream */
	return g;
}

/* The stream in a compound file of 512-byte sectors: FAT, directory,
 * stream; written to path, cut to keep bytes when keep is not 0. */
static void write_xls(const char *path, const struct opts *o, size_t keep)
{
	struct buf s = workbook_stream(o), f = {0};
	uint32_t nsec = (uint32_t)((s.n + 511) / 512), nfat = 1;
	while (nfat * 128 < nfat + 1 + nsec)
		nfat++;
	put(&f, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	for (int i = 0; i < 16; i++)
		put(&f, "", 1);
	unsigned h[] = {0x3E, 3, 0xFFFE, 9, 6, 0, 0, 0};
	for (size_t i = 0; i < 8; i++)
		u16(&f, h[i]);
	uint32_t h2[] = {0, nfat, nfat, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0};
	for (size_t i = 0; i < 9; i++)
		u32(&f, h2[i]);
	for (uint32_t i = 0; i < 109; i++)
		u32(&f, i < nfat ? i : 0xFFFFFFFF);
	for (uint32_t i = 0; i < nfat * 128; i++)
		u32(&f, i < nfat ? 0xFFFFFFFD : i == nfat ? 0xFFFFFFFE
			: i < nfat + nsec ? i + 1 : i == nfat + nsec ? 0xFFFFFFFE
			: 0xFFFFFFFF);
	const char *names[] = {"Root Entry", "Workbook"};
	for (int e = 0; e < 4; e++) {
		size_t start = f.n;
		const char *nm = e < 2 ? names[e] : "";
		for (size_t i = 0; nm[i]; i++)
			u16(&f, (unsigned char)nm[i]);
		while (f.n < start + 64)
			put(&f, "", 1);
		u16(&f, *nm ? (unsigned)(strlen(nm) + 1) * 2 : 0);
		unsigned char t[2] = {e == 0 ? 5 : e == 1 ? 2 : 0, 1};
		put(&f, t, 2);
		u32(&f, 0xFFFFFFFF), u32(&f, 0xFFFFFFFF), u32(&f, e == 0 ? 1 : 0xFFFFFFFF);
		while (f.n < start + 0x74)
			put(&f, "", 1);
		u32(&f, e == 1 ? nfat + 1 : e == 0 ? 0xFFFFFFFE : 0);
		u32(&f, e == 1 ? (uint32_t)s.n : 0), u32(&f, 0);
	}
	put(&f, s.p, s.n);
	while (f.n % 512)
		put(&f, "", 1);
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	fwrite(f.p, 1, keep ? keep : f.n, out);
	fclose(out);
	free(s.p);
	free(f.p);
}

/* ---- reading ---- */

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/test_xlsread_%d.xls", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* Read path; the one error's code (DC_NONE when read). */
static enum diag_code read_code(struct xlsxread_book *b, struct arena *a,
				const struct doc_limits *lim, char **msg)
{
	struct diags d;
	diag_init(&d);
	bool ok = xlsread_read(b, a, path, lim, &d);
	enum diag_code c = ok ? DC_NONE : d.v[0].code;
	assert_int_equal(ok, d.n == 0);
	if (msg)
		*msg = d.n ? diag_format(&d.v[0], LANG_EN) : NULL;
	diag_free(&d);
	return c;
}

static void kinds(struct buf *b)
{
	label(b, 0, 0, "venue.id");
	number(b, 0, 1, 0, 42);
	number(b, 0, 2, 0, 0.1);
	number(b, 1, 0, 1, 45334);     /* 2024-02-12, date-formatted */
	number(b, 1, 1, 1, 45334.75);  /* and a time of day */
	boolerr(b, 2, 0, 1, 0);
	boolerr(b, 2, 1, 0x07, 1);     /* #DIV/0! */
	formula_num(b, 3, 0, 7.5);
	formula_text(b, 3, 1, "from a formula");
	label(b, 4, 3, "x");
}

/* libfreexl stops at an empty LABEL yet says FREEXL_OK. */
static void empty_label(struct buf *b)
{
	label(b, 0, 0, "");
}

static void test_cells(void **state)
{
	(void)state;
	struct opts o = {.cells = kinds};
	write_xls(path, &o, 0);
	struct arena a;
	arena_init(&a);
	struct xlsxread_book b;
	assert_int_equal(read_code(&b, &a, NULL, NULL), DC_NONE);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.sheets[0].name, "Sheet0");
	assert_false(b.date1904);
	const struct {
		int row, col;
		enum xlsxread_kind kind;
		const char *text;
	} want[] = {
		{1, 1, XR_TEXT, "venue.id"}, {1, 2, XR_NUMBER, "42"},
		{1, 3, XR_NUMBER, "0.10000000000000001"},
		{2, 1, XR_NUMBER, "45334"}, {2, 2, XR_NUMBER, "45334.75"},
		{3, 1, XR_BOOL, "1"}, {3, 2, XR_ERROR, "#DIV/0!"},
		{4, 1, XR_NUMBER, "7.5"}, {4, 2, XR_TEXT, "from a formula"},
		{5, 4, XR_TEXT, "x"},
	};
	assert_int_equal(b.sheets[0].n, countof(want));
	for (size_t i = 0; i < countof(want); i++) {
		const struct xlsxread_cell *c = &b.sheets[0].cells[i];
		assert_int_equal(c->row, want[i].row);
		assert_int_equal(c->col, want[i].col);
		assert_int_equal(c->kind, want[i].kind);
		assert_string_equal(c->text, want[i].text);
	}
	arena_free(&a);
}

static void test_is_xls(void **state)
{
	(void)state;
	assert_true(xlsread_is_xls("a/旧表.XLS"));
	assert_false(xlsread_is_xls("a.xlsx"));
	assert_false(xlsread_is_xls("wps.et"));
	assert_false(xlsread_is_xls(".xls"));
}

static void refused(const struct opts *o, size_t keep, const struct doc_limits *lim,
		    enum diag_code code, const char *text)
{
	write_xls(path, o, keep);
	struct arena a;
	arena_init(&a);
	struct xlsxread_book b;
	char *msg;
	assert_int_equal(read_code(&b, &a, lim, &msg), code);
	assert_int_equal(b.n, 0);
	if (!strstr(msg, text))
		fail_msg("%s: lacks '%s'", msg, text);
	free(msg);
	arena_free(&a);
}

static void test_encrypted(void **state)
{
	(void)state;
	struct opts o = {.filepass = true, .cells = kinds};
	refused(&o, 0, NULL, DC_LEGACY, "password-protected");
}

static void test_truncated(void **state)
{
	(void)state;
	struct opts o = {.cells = kinds};
	refused(&o, 3000, NULL, DC_WORKBOOK, "truncated");
	refused(&o, 300, NULL, DC_WORKBOOK, "within its first 512 bytes");
	struct opts e = {.cells = empty_label};
	refused(&e, 0, NULL, DC_WORKBOOK, "corrupt .xls workbook");
}

static void far_date(struct buf *b)
{
	number(b, 5, 3, 1, 1e9);
}

static void test_limits(void **state)
{
	(void)state;
	/* 65536 rows by 256 columns: 16.7 million cells declared, for which
	 * libfreexl would take 256 MB.  At --limit entries=100 a workbook
	 * may declare 1600 cells: exactly that is read, one row more not. */
	struct opts big = {.rows = 65536, .cols = 256};
	refused(&big, 0, NULL, DC_TOO_MANY, "declares more than");
	struct doc_limits lim = doc_default_limits;
	lim.items = 100;
	/* 157 rows by 10 columns, and the cells' own extent (6 by 6). */
	struct opts edge = {.rows = 157, .cols = 10, .cells = kinds};
	write_xls(path, &edge, 0);
	struct arena a;
	arena_init(&a);
	struct xlsxread_book b;
	assert_int_equal(read_code(&b, &a, &lim, NULL), DC_NONE);
	arena_free(&a);
	edge.rows++;
	refused(&edge, 0, &lim, DC_TOO_MANY, "declares more than");
	/* Many small sheets add up the same way. */
	struct opts sheets = {.rows = 100, .cols = 10, .nsheets = 2};
	refused(&sheets, 0, &lim, DC_TOO_MANY, "declares more than");
	struct opts date = {.cells = far_date};
	refused(&date, 0, NULL, DC_BAD_DATE, "Sheet0!D6");
}

static void test_not_biff(void **state)
{
	(void)state;
	const struct {
		const char *bytes;
		const char *text;
	} cases[] = {
		{"PK\3\4 a zip", "rename it to .xlsx"},
		{"\xEF\xBB\xBF <html><table>", "web page"},
		{"name,count\n", "not an .xls workbook"},
		{"", "not an .xls workbook"},
	};
	for (size_t i = 0; i < countof(cases); i++) {
		FILE *f = fopen(path, "wb");
		fputs(cases[i].bytes, f);
		fclose(f);
		struct arena a;
		arena_init(&a);
		struct xlsxread_book b;
		char *msg;
		assert_int_equal(read_code(&b, &a, NULL, &msg), DC_WORKBOOK);
		if (!strstr(msg, cases[i].text))
			fail_msg("%s: lacks '%s'", msg, cases[i].text);
		free(msg);
		arena_free(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cells, setup, teardown),
		cmocka_unit_test(test_is_xls),
		cmocka_unit_test_setup_teardown(test_encrypted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_biff, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
