/* test_book.c - the data entry workbook: written by bookwrite, read back by
 * bookread_load into nodes whose positions name cells, diagnostics that name
 * sheet!cell and sort by sheet, and the canonical YAML of the values. */
#include "helpers.h"

#include <unistd.h>

#include "bookread.h"
#include "bookwrite.h"
#include "xlsxread.h"
#include "yamlout.h"

static char *canonical(const struct pack *p, const struct venue *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	yamlout_write(f, &p->schema, v);
	fclose(f);
	return buf;
}

static void test_cell_names(void **state)
{
	(void)state;
	char buf[16];
	xlsxread_cell_name(buf, sizeof buf, 7, 4);
	assert_string_equal(buf, "D7");
	xlsxread_cell_name(buf, sizeof buf, 1, 26);
	assert_string_equal(buf, "Z1");
	xlsxread_cell_name(buf, sizeof buf, 2, 27);
	assert_string_equal(buf, "AA2");
	xlsxread_cell_name(buf, sizeof buf, 1048576, 16384);
	assert_string_equal(buf, "XFD1048576");
	assert_true(xlsxread_is_workbook("a/新丰镇.XLSX"));
	assert_true(xlsxread_is_workbook("old.xls"));
	assert_true(xlsxread_is_workbook("wps.et"));
	assert_false(xlsxread_is_workbook("town.yaml"));
}

static void test_where_format_and_sort(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	diag_add_texts(&d, DC_NOT_INT, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 7), 4, "b", "b");
	diag_add_texts(&d, DC_NOT_INT, DIAG_ERROR, "x.xlsx", BOOK_LINE(1, 9), 3, "a", "a");
	diag_add_texts(&d, DC_IO, DIAG_ERROR, "x.xlsx", 0, 0, "whole file", "whole file");
	const char *names[] = {"基本信息", "活动台账"};
	struct book_sheets sh = {names, 2, NULL};
	book_locate(&sh, "x.xlsx", &d, 0);
	diag_sort(&d);
	char *s = diag_format(&d.v[0], LANG_EN);
	assert_string_equal(s, "x.xlsx: error[E001]: whole file");
	free(s);
	s = diag_format(&d.v[1], LANG_EN);
	assert_string_equal(s, "x.xlsx: 基本信息!C9: error[E018]: a");
	free(s);
	s = diag_format(&d.v[2], LANG_EN);
	assert_string_equal(s, "x.xlsx: 活动台账!D7: error[E018]: b");
	free(s);
	assert_int_equal(d.v[2].line, 7); /* the row, for JSON */
	assert_int_equal(d.v[2].col, 4);
	diag_free(&d);
}

/* A cell holding a field's value is named with the field's label: a
 * ledger's column, a 基本信息 row's item; a header, a column without a
 * field and a message about the whole entry are not. */
static void test_where_names_label(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	diag_add_texts(&d, DC_NOT_INT, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 4), 4, "n", "n");
	diag_add_texts(&d, DC_BAD_DATE, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 5), 1, "d", "d");
	diag_add_texts(&d, DC_UNKNOWN_KEY, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 1), 4, "h", "h");
	diag_add_texts(&d, DC_UNKNOWN_KEY, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 6), 5, "c", "c");
	diag_add_texts(&d, DC_MISSING_FIELD, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 7), 1, "m", "m");
	diag_add_texts(&d, DC_NOT_INT, DIAG_ERROR, "x.xlsx", BOOK_LINE(1, 13), 3, "i", "i");
	diag_add_texts(&d, DC_NOT_INT, DIAG_ERROR, "x.xlsx", BOOK_LINE(1, 14), 3, "j", "j");
	const char *names[] = {"基本信息", "活动台账"};
	const char *cols[] = {NULL, "日期", NULL, NULL, "参与人数"};
	struct book_row rows[] = {{12, "编号"}, {13, "职工总数"}};
	struct book_what what[] = {{.header_row = 1, .rows = rows, .nrows = 2},
				   {.cols = cols, .ncols = 4, .header_row = 1}};
	struct book_sheets sh = {names, 2, what};
	book_locate(&sh, "x.xlsx", &d, 0);
	static const char *const want[] = {
		"x.xlsx: 活动台账!D4（参与人数）: error[E018]: n",
		"x.xlsx: 活动台账!A5（日期）: error[E021]: d (a cell may also hold 2024/3/15, "
		"2024.3.15, 2024年3月15日 or a date)",
		"x.xlsx: 活动台账!D1: error[E012]: h",
		"x.xlsx: 活动台账!E6: error[E012]: c",
		"x.xlsx: 活动台账!A7: error[E016]: m",
		"x.xlsx: 基本信息!C13（职工总数）: error[E018]: i",
		"x.xlsx: 基本信息!C14: error[E018]: j",
	};
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i], LANG_EN);
		assert_string_equal(s, want[i]);
		free(s);
	}
	/* In Chinese (the default) the date's forms are the Chinese words. */
	char *zh = diag_format(&d.v[1], LANG_ZH);
	assert_string_equal(zh, "x.xlsx: 活动台账!A5（日期）: 错误[E021]: d（单元格也可填 "
				"2024/3/15、2024.3.15、2024年3月15日 或日期格式）");
	free(zh);
	/* The copy a venue keeps names cells alike. */
	struct arena a;
	arena_init(&a);
	struct book_sheets copy;
	book_sheets_copy(&copy, &sh, &a);
	struct diags e;
	diag_init(&e);
	diag_add_texts(&e, DC_NOT_INT, DIAG_ERROR, "x.xlsx", BOOK_LINE(2, 9), 4, "n", "n");
	book_locate(&copy, "x.xlsx", &e, 0);
	assert_string_equal(e.v[0].where, "活动台账!D9（参与人数）");
	diag_free(&e);
	arena_free(&a);
	diag_free(&d);
}

/* Write the Xinfeng example as a workbook and read it back. */
static void test_write_read(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	assert_non_null(p);
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load(p, "../examples/towns/xinfeng.yaml", NULL, &d);
	assert_non_null(v);
	char path[] = "/tmp/test_book_XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	close(fd);
	assert_true(bookwrite(p, NULL, 0, v, path, &d));
	struct arena a;
	arena_init(&a);
	struct book_sheets sh;
	struct node *root = bookread_load(&p->schema, &a, path, NULL, &sh, &d);
	assert_non_null(root);
	assert_int_equal(d.n, 0);
	assert_string_equal(sh.names[0], BOOK_INFO);
	const struct node *ev = doc_get(root, "events");
	assert_int_equal(ev->n, 20);
	/* The first entry is row 2 of its sheet, its date in column A. */
	const struct node *date = doc_get(ev->items[0], "date");
	assert_string_equal(date->text, "2024-02-12");
	assert_int_equal(date->line & ((1 << BOOK_ROW_BITS) - 1), 2);
	assert_int_equal(date->col, 1);
	assert_string_equal(sh.names[(date->line >> BOOK_ROW_BITS) - 1], "活动台账");
	const struct node *tags = doc_get(ev->items[1], "tags");
	assert_int_equal(tags->kind, NODE_SEQ);
	/* The cell holds the label the drop-down offers; the schema reads it
	 * as the code (the canonical forms below are equal). */
	assert_string_equal(tags->items[0]->text, "送戏下村");
	/* Text stays text: "330402" is not a number. */
	assert_false(doc_get(doc_get(root, "venue"), "parent")->plain);
	struct venue *w = venue_load(p, path, NULL, &d);
	assert_non_null(w);
	char *a1 = canonical(p, v), *a2 = canonical(p, w);
	assert_string_equal(a1, a2);
	free(a1);
	free(a2);
	venue_free(w);
	arena_free(&a);
	unlink(path);
	venue_free(v);
	diag_free(&d);
	pack_free(p);
}

static void test_canonical_yaml(void **state)
{
	(void)state;
	struct pack *p = load_jiaxing();
	const char *src = "venue: {id: \"007\", name: \"null\", tier: village, year: 2024}\n"
			  "events:\n  - {date: 2024-01-02, title: \"a, b: c\", kind: other, participants: 3}\n";
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(p, "t.yaml", src, strlen(src), &d);
	assert_non_null(v);
	char *buf = canonical(p, v);
	assert_string_equal(buf, "venue:\n  id: \"007\"\n  name: \"null\"\n  tier: village\n"
				 "  year: 2024\nevents:\n"
				 "  - {date: 2024-01-02, title: \"a, b: c\", kind: other, participants: 3}\n");
	free(buf);
	venue_free(v);
	diag_free(&d);
	pack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_names),
		cmocka_unit_test(test_where_format_and_sort),
		cmocka_unit_test(test_where_names_label),
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_canonical_yaml),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
