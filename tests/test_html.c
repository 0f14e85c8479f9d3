/* test_html.c - the escaping writer (html.c), the embedded files of web/
 * (assets.h) and the HTML view of results (htmlreport.c): what came from
 * a file is shown as text, never as markup. */
#include "helpers.h"

#include "assets.h"
#include "html.h"
#include "htmlreport.h"

/* What fn wrote, as a string (free it). */
struct cap {
	FILE *f;
	char *buf;
	size_t len;
};

static FILE *cap_open(struct cap *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static char *cap_close(struct cap *c)
{
	fclose(c->f);
	return c->buf;
}

static void text_is(const char *in, const char *want)
{
	struct cap c;
	html_text(cap_open(&c), in);
	char *got = cap_close(&c);
	if (strcmp(got, want) != 0)
		fail_msg("html_text(\"%s\"): \"%s\", expected \"%s\"", in, got, want);
	free(got);
}

static void attr_is(const char *in, const char *want)
{
	struct cap c;
	html_attr(cap_open(&c), in);
	char *got = cap_close(&c);
	assert_string_equal(got, want);
	free(got);
}

static void test_every_escape(void **state)
{
	(void)state;
	text_is("&", "&amp;");
	text_is("<", "&lt;");
	text_is(">", "&gt;");
	text_is("\"", "&quot;");
	text_is("'", "&#39;");
	text_is("a<b>&c\"d'e", "a&lt;b&gt;&amp;c&quot;d&#39;e");
	/* An entity in the input is text: its & is escaped again. */
	text_is("&amp;", "&amp;amp;");
	text_is("<script>alert(1)</script>",
		"&lt;script&gt;alert(1)&lt;/script&gt;");
	attr_is("\" onmouseover='x'", "&quot; onmouseover=&#39;x&#39;");
	/* Nothing else changes: plain text, Chinese, 4-byte characters. */
	text_is("", "");
	text_is("南湖区文化馆 (330402) ≥ 42 小时", "南湖区文化馆 (330402) ≥ 42 小时");
	text_is("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80");
}

static void test_null_writes_nothing(void **state)
{
	(void)state;
	struct cap c;
	FILE *f = cap_open(&c);
	html_text(f, NULL);
	html_attr(f, NULL);
	html_raw(f, NULL);
	char *got = cap_close(&c);
	assert_string_equal(got, "");
	free(got);
}

#define FFFD "\xEF\xBF\xBD"

static void test_invalid_utf8_is_replacement(void **state)
{
	(void)state;
	/* GBK 大 (B4 F3): two bytes that are not UTF-8, two U+FFFD. */
	text_is("\xB4\xF3.xlsx", FFFD FFFD ".xlsx");
	text_is("a\xFF" "b", "a" FFFD "b");
	text_is("\xC0\xAF", FFFD FFFD);         /* overlong / */
	text_is("\xED\xA0\x80", FFFD FFFD FFFD); /* a surrogate */
	text_is("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* above U+10FFFF */
	text_is("\xE5\x8D", FFFD FFFD);          /* cut short at the end */
	text_is("\xE5\x8D<", FFFD FFFD "&lt;");  /* cut short by markup */
	/* Well-formed neighbours of the boundary stay. */
	text_is("\xC2\xA0", "\xC2\xA0");              /* U+00A0 */
	text_is("\xF4\x8F\xBF\xBD", "\xF4\x8F\xBF\xBD"); /* U+10FFFD */
	/* Non-characters are parse errors in HTML. */
	text_is("\xEF\xBF\xBE", FFFD);
	text_is("\xEF\xB7\x90", FFFD); /* U+FDD0 */
}

static void test_controls_dropped(void **state)
{
	(void)state;
	text_is("a\tb\nc", "a\tb\nc");
	text_is("a\rb", "ab");
	text_is("\x1b[31mred", "[31mred");
	text_is("a\x01\x1f\x7f" "b", "ab");
	text_is("a\xC2\x85" "b\xC2\x9F" "c", "abc"); /* C1: NEL, APC */
	text_is("\xC2\xA0", "\xC2\xA0");              /* the next one stays */
	/* NUL ends a C string: nothing after it can be written anyway. */
	text_is("ab\0cd", "ab");
}

static void test_printf_escapes_every_s(void **state)
{
	(void)state;
	struct cap c;
	FILE *f = cap_open(&c);
	html_printf(f, "<td class=\"%s\">%s</td>", "x\" onclick=\"y", "<b>&");
	char *got = cap_close(&c);
	assert_string_equal(got,
		"<td class=\"x&quot; onclick=&quot;y\">&lt;b&gt;&amp;</td>");
	free(got);
}

static void test_printf_numbers(void **state)
{
	(void)state;
	struct cap c;
	FILE *f = cap_open(&c);
	html_printf(f, "%d %u %ld %lld %zu %.1f %.0f 100%%<", -3, 4u, 5L, 6LL,
		    (size_t)7, 97.46, 2.5);
	char *got = cap_close(&c);
	assert_string_equal(got, "-3 4 5 6 7 97.5 2 100%<");
	free(got);
}

static void test_printf_null_s(void **state)
{
	(void)state;
	struct cap c;
	FILE *f = cap_open(&c);
	/* (volatile: the compiler would see the NULL and warn.) */
	const char *volatile none = NULL;
	html_printf(f, "[%s]", none);
	char *got = cap_close(&c);
	assert_string_equal(got, "[]");
	free(got);
}

static void test_assets(void **state)
{
	(void)state;
	const struct asset *a = asset_find("report.css");
	assert_non_null(a);
	assert_string_equal(a->type, "text/css; charset=utf-8");
	assert_true(a->len > 100);
	assert_int_equal(a->data[a->len], 0);
	assert_int_equal(strlen(htmlreport_css), a->len);
	assert_non_null(strstr(htmlreport_css, "size: A4"));
	/* Names only: no directory, nothing near a name. */
	assert_null(asset_find("../web/report.css"));
	assert_null(asset_find("web/report.css"));
	assert_null(asset_find("report.cs"));
	assert_null(asset_find(""));
}

/* A village whose name, id and warnings carry markup, checked against the
 * Jiaxing pack and rendered: everything it wrote comes out as text. */
static const char hostile_village[] =
	"venue:\n"
	"  id: \"x<i>1\"\n"
	"  name: \"<script>alert(1)</script>\"\n"
	"  tier: village\n"
	"  year: 2024\n"
	"facts:\n"
	"  administrators: 0\n"
	"declared:\n"
	"  open.facility_management: true\n";

static char *render_venue(const struct pack *p, const char *yaml, enum lang l)
{
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(p, "<b>.yaml", yaml, strlen(yaml), &d);
	assert_non_null(v);
	struct check_report *rep = check_venue(p, v, &d);
	struct cap c;
	FILE *f = cap_open(&c);
	htmlreport_begin(f, "<title>", l, NULL);
	htmlreport_venue(f, p, rep, &d, l);
	htmlreport_end(f);
	check_report_free(rep);
	venue_free(v);
	diag_free(&d);
	return cap_close(&c);
}

static void test_venue_name_is_text(void **state)
{
	char *html = render_venue(*state, hostile_village, LANG_ZH);
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "<i>"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;（x&lt;i&gt;1）"));
	assert_non_null(strstr(html, "<title>&lt;title&gt;</title>"));
	assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
	/* The style sheet inlined, the to-do list before every rule. */
	assert_non_null(strstr(html, "<style>\n/* report.css"));
	char *todo = strstr(html, "待办事项");
	char *all = strstr(html, "全部条款");
	assert_non_null(todo);
	assert_non_null(all);
	assert_true(todo < all);
	/* The gap in the clause's unit, as the text report says it. */
	assert_non_null(strstr(html, "差 1 名"));
	free(html);
}

static void test_venue_english(void **state)
{
	char *html = render_venue(*state, hostile_village, LANG_EN);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "To do ("));
	assert_non_null(strstr(html, "FAIL"));
	assert_null(strstr(html, "待办事项"));
	free(html);
}

static void test_invalid_file(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	diag_add_texts(&d, DC_NONE, DIAG_ERROR, "a<b>.xlsx", 7, 4, "值<错>", "value<bad>");
	diag_set_where(&d.v[0], 2, 7, 4, "活动台账!D7");
	diag_add_texts(&d, DC_NONE, DIAG_ERROR, "a<b>.xlsx", 3, 5, "第二", "second");
	struct cap c;
	FILE *f = cap_open(&c);
	htmlreport_invalid(f, "a<b>.xlsx", &d, LANG_ZH);
	char *html = cap_close(&c);
	assert_non_null(strstr(html, "无效文件 a&lt;b&gt;.xlsx：未检查"));
	assert_non_null(strstr(html, "<td class=\"where\">活动台账!D7</td>"));
	assert_non_null(strstr(html, "<td class=\"where\">3:5</td>"));
	assert_non_null(strstr(html, "值&lt;错&gt;"));
	assert_null(strstr(html, "<b>"));
	free(html);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_escape),
		cmocka_unit_test(test_null_writes_nothing),
		cmocka_unit_test(test_invalid_utf8_is_replacement),
		cmocka_unit_test(test_controls_dropped),
		cmocka_unit_test(test_printf_escapes_every_s),
		cmocka_unit_test(test_printf_numbers),
		cmocka_unit_test(test_printf_null_s),
		cmocka_unit_test(test_assets),
	};
	const struct CMUnitTest with_pack[] = {
		cmocka_unit_test(test_venue_name_is_text),
		cmocka_unit_test(test_venue_english),
		cmocka_unit_test(test_invalid_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL) |
	       cmocka_run_group_tests(with_pack, setup_pack, teardown_pack);
}
