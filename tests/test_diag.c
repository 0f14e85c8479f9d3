/* test_diag.c - the message table: every Chinese text and its English
 * one take the same arguments (the compiler cannot check a format in a
 * table, so a mismatched pair would pass a wrong argument at run time),
 * every message's code exists and every code has a message; and the
 * renderer and the two languages of diag_format. */
#include "helpers.h"

#include <stdint.h>

static const char *const names[] = {
#define M(name, code, zh, en) [name] = #name,
#include "diagcodes.h"
#undef M
};

/* The conversions of f, one "lenconv*stars" word each, or NULL when f
 * holds a '%' that is no conversion the renderer knows. */
static char *conversions(const char *f)
{
	static char out[512];
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = strchr(f, '%'); p; p = strchr(p, '%')) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		char conv, len[3];
		int stars;
		size_t n = diag_conversion(p, &conv, len, &stars);
		if (!n)
			return NULL;
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%c%d ", len, conv,
				      stars);
		p += n;
	}
	return out;
}

static void test_pairs_take_the_same_arguments(void **state)
{
	(void)state;
	int bad = 0;
	for (int m = 0; m < DM_COUNT; m++) {
		const char *zh = diag_msg_format((enum diag_msg)m, LANG_ZH);
		const char *en = diag_msg_format((enum diag_msg)m, LANG_EN);
		char *cz = conversions(zh);
		char z[512];
		snprintf(z, sizeof z, "%s", cz ? cz : "(bad)");
		char *ce = conversions(en);
		if (!cz || !ce || strcmp(z, ce) != 0) {
			fprintf(stderr, "%s: zh takes [%s], en takes [%s]\n", names[m], z,
				ce ? ce : "(bad)");
			bad++;
		}
		if (m != DM_NONE && (!*zh || !*en)) {
			fprintf(stderr, "%s: a text is empty\n", names[m]);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_codes_and_messages_match(void **state)
{
	(void)state;
	bool used[DC_COUNT] = {false};
	for (int m = 0; m < DM_COUNT; m++) {
		enum diag_code c = diag_msg_code((enum diag_msg)m);
		assert_true(c < DC_COUNT);
		used[c] = true;
	}
	int bad = 0;
	for (int c = 1; c < DC_COUNT; c++)
		if (!used[c]) {
			fprintf(stderr, "code %s (%s) has no message\n",
				diag_code_id((enum diag_code)c),
				diag_code_name((enum diag_code)c));
			bad++;
		}
	assert_int_equal(bad, 0);
}

/* The checker itself: a pair that differs is caught. */
static void test_conversions_seen(void **state)
{
	(void)state;
	char a[512];
	snprintf(a, sizeof a, "%s", conversions("应填整数，填写的是“%s”"));
	assert_string_equal(a, "s0 ");
	snprintf(a, sizeof a, "%s", conversions("%zu of %d: %.*s %W %%"));
	assert_string_equal(a, "zu0 d0 s1 W0 ");
	assert_null(conversions("100%!"));
	assert_string_not_equal(conversions("%d"), "s0 ");
}

static char *render(enum diag_msg m, enum lang l, ...)
{
	va_list ap;
	va_start(ap, l);
	char *s = diag_vrender(m, l, ap);
	va_end(ap);
	return s;
}

static void test_render_both_languages(void **state)
{
	(void)state;
	char *s = render(DM_NOT_INT, LANG_ZH, "参与人数", "约900");
	assert_string_equal(s, "参与人数：应填整数，填写的是“约900”");
	free(s);
	s = render(DM_NOT_INT, LANG_EN, "attendance", "about 900");
	assert_string_equal(s, "attendance: expected a whole number, found 'about 900'");
	free(s);
	/* A long argument is not cut. */
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s = render(DM_NOT_INT, LANG_EN, "f", big);
	assert_int_equal(strlen(s), strlen("f: expected a whole number, found ''") + 2999);
	free(s);
}

static void test_words_and_numbers(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	diag_addm(&d, DM_MAP_TOO_BIG, DIAG_ERROR, "t.yaml", 3, 4, (size_t)SIZE_MAX);
	assert_non_null(strstr(d.v[0].msg_en, "18446744073709551615"));
	assert_non_null(strstr(d.v[0].msg, "18446744073709551615"));
	diag_addm(&d, DM_SHAPE_SINGLE, DIAG_WARNING, "t.yaml", 0, 0, "f",
		  diag_word(DW_LIST));
	assert_non_null(strstr(d.v[1].msg_en, "found a list"));
	assert_non_null(strstr(d.v[1].msg, "列表"));
	char *zh = diag_format(&d.v[0], LANG_ZH), *en = diag_format(&d.v[0], LANG_EN);
	assert_non_null(strstr(zh, "t.yaml:3:4: 错误[E037]: "));
	assert_non_null(strstr(en, "t.yaml:3:4: error[E037]: "));
	free(zh);
	free(en);
	zh = diag_format(&d.v[1], LANG_ZH);
	assert_non_null(strstr(zh, "t.yaml: 警告[E014]: "));
	free(zh);
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

/* A Latin name among Chinese characters gets a space either side, none
 * next to punctuation; English is left alone. */
static void test_han_latin_spacing(void **state)
{
	(void)state;
	struct diag_words facts = {"facts", "facts"};
	char *s = render(DM_UNKNOWN_KEY, LANG_ZH, "x", &facts);
	assert_string_equal(s, "未知的键“x”（不属于 facts）");
	free(s);
	s = render(DM_UNKNOWN_KEY, LANG_ZH, "x", diag_word(DW_TOP_LEVEL));
	assert_string_equal(s, "未知的键“x”（不属于文件顶层）");
	free(s);
	s = render(DM_MISSING_FIELD, LANG_ZH, &facts, "n");
	assert_string_equal(s, "facts：缺少必填项“n”");
	free(s);
	s = render(DM_UNKNOWN_KEY, LANG_EN, "x", &facts);
	assert_string_equal(s, "unknown key 'x' in facts");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs_take_the_same_arguments),
		cmocka_unit_test(test_codes_and_messages_match),
		cmocka_unit_test(test_conversions_seen),
		cmocka_unit_test(test_render_both_languages),
		cmocka_unit_test(test_words_and_numbers),
		cmocka_unit_test(test_han_latin_spacing),
	};
	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
