/* test_lenient.c - a workbook cell's forgiving forms (lenient.c): each
 * accepted form next to the nearest one that stays an error. */
#include "helpers.h"

#include "lenient.h"
#include "xalloc.h"

/* s read with unit: LN_OK and the text it stands for, or another result. */
static void num(const char *s, const char *unit, enum lenient_num want,
		const char *text)
{
	char buf[64] = "";
	enum lenient_num got = lenient_number(s, unit, buf, sizeof buf);
	if (got != want)
		fail_msg("'%s' (unit %s): %d, expected %d", s, unit ? unit : "-", got, want);
	if (want == LN_OK && strcmp(buf, text) != 0)
		fail_msg("'%s': '%s', expected '%s'", s, buf, text);
}

static void test_plain_numbers_as_they_are(void **state)
{
	(void)state;
	/* No forgiving form: judged as written by the schema. */
	num("300", "人", LN_ASIS, NULL);
	num("45.5", NULL, LN_ASIS, NULL);
	num("约900", "人", LN_ASIS, NULL);
	num("300场", "人", LN_ASIS, NULL); /* another unit than the column's */
	num("", "人", LN_ASIS, NULL);
}

static void test_thousands_separators(void **state)
{
	(void)state;
	num("50,000", NULL, LN_OK, "50000");
	num("1,234,567", NULL, LN_OK, "1234567");
	num("999,999.25", NULL, LN_OK, "999999.25");
	num("-1,000", NULL, LN_OK, "-1000");
	num("1,000", "人", LN_OK, "1000");
	/* Only groups of three after a first group of one to three. */
	num("1,00", NULL, LN_BAD, NULL);
	num("1,0000", NULL, LN_BAD, NULL);
	num("1000,000", NULL, LN_BAD, NULL);
	num(",100", NULL, LN_BAD, NULL);
	num("100,", NULL, LN_BAD, NULL);
	num("1,,000", NULL, LN_BAD, NULL);
	num("1,000.000,1", NULL, LN_BAD, NULL);
	num("1,000e3", NULL, LN_BAD, NULL);
	num("1,000.", NULL, LN_BAD, NULL);
}

static void test_wan_and_yi(void **state)
{
	(void)state;
	num("5万", NULL, LN_OK, "50000");
	num("1.5万", NULL, LN_OK, "15000");
	num("1.2345万", NULL, LN_OK, "12345");
	num("1.23456万", NULL, LN_OK, "12345.6"); /* a whole-number field refuses it */
	num("0.5万", NULL, LN_OK, "5000");
	num("1.50万", NULL, LN_OK, "15000");
	num("2亿", NULL, LN_OK, "200000000");
	num("1,500万", NULL, LN_OK, "15000000");
	num("5万人", "人", LN_OK, "50000");
	num("5万 人", "人", LN_OK, "50000");
	/* Not certain, or not a number before it. */
	num("万", NULL, LN_BAD, NULL);
	num("5万万", NULL, LN_BAD, NULL);
	num("5千万", NULL, LN_BAD, NULL);
	num("5千", NULL, LN_ASIS, NULL); /* 千 is no multiplier here */
	num("约5万", NULL, LN_BAD, NULL);
	num("5 万", NULL, LN_BAD, NULL);
	num("1e3万", NULL, LN_BAD, NULL);
	num(".5万", NULL, LN_BAD, NULL);
	num("5万场", "人", LN_ASIS, NULL);
}

static void test_units(void **state)
{
	(void)state;
	num("300人", "人", LN_OK, "300");
	num("300 人", "人", LN_OK, "300");
	num("12.5小时", "小时", LN_OK, "12.5");
	num("3个", "个", LN_OK, "3");
	/* The unit alone, a unit twice, or a column without a unit. */
	num("人", "人", LN_BAD, NULL);
	num("300人人", "人", LN_BAD, NULL);
	num("300人", NULL, LN_ASIS, NULL);
	num("300人", "", LN_ASIS, NULL);
	num("约300人", "人", LN_BAD, NULL);
}

static void test_too_long(void **state)
{
	(void)state;
	char buf[8];
	assert_int_equal(lenient_number("123,456,789", NULL, buf, sizeof buf), LN_BAD);
	assert_int_equal(lenient_number("1,234", NULL, buf, sizeof buf), LN_OK);
	assert_string_equal(buf, "1234");
	char big[200];
	memset(big, '1', sizeof big - 4);
	strcpy(big + sizeof big - 4, "万");
	char out[64];
	assert_int_equal(lenient_number(big, NULL, out, sizeof out), LN_BAD);
}

static void test_marks(void **state)
{
	(void)state;
	static const char *const yes[] = {"true", "TRUE", "是", "有", "√", "✓", "✔"};
	static const char *const no[] = {"false", "False", "否", "无", "×", "✗", "✘"};
	static const char *const neither[] = {"", "x", "X", "是的", "没有", "1", "0", "√√", "对"};
	bool b;
	for (size_t i = 0; i < countof(yes); i++) {
		b = false;
		assert_true(lenient_bool(yes[i], &b));
		assert_true(b);
	}
	for (size_t i = 0; i < countof(no); i++) {
		b = true;
		assert_true(lenient_bool(no[i], &b));
		assert_false(b);
	}
	for (size_t i = 0; i < countof(neither); i++)
		if (lenient_bool(neither[i], &b))
			fail_msg("'%s' read as a yes or no", neither[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_numbers_as_they_are),
		cmocka_unit_test(test_thousands_separators),
		cmocka_unit_test(test_wan_and_yi),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
