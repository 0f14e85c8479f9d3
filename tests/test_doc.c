/* test_doc.c - YAML loading: positions, duplicate keys, aliases, errors. */
#include "helpers.h"

#include "doc.h"
#include "utf8.h"
#include "value.h"

#include <stdint.h>

static struct node *load(struct arena *a, struct diags *d, const char *s)
{
	return doc_load_string(a, "t.yaml", s, strlen(s), NULL, d);
}

static void test_positions(void **state)
{
	(void)state;
	struct arena a;
	struct diags d;
	arena_init(&a);
	diag_init(&d);
	struct node *root = load(&a, &d, "venue:\n  id: x1\n  list: [1, \"two\"]\n");
	assert_non_null(root);
	assert_int_equal(root->kind, NODE_MAP);
	struct node *id = doc_get(doc_get(root, "venue"), "id");
	assert_non_null(id);
	assert_string_equal(id->text, "x1");
	assert_int_equal(id->line, 2);
	assert_int_equal(id->col, 7);
	assert_true(id->plain);
	struct node *list = doc_get(doc_get(root, "venue"), "list");
	assert_int_equal(list->kind, NODE_SEQ);
	assert_int_equal(list->n, 2);
	assert_false(list->items[1]->plain);
	assert_null(doc_get(root, "nope"));
	arena_free(&a);
	diag_free(&d);
}

static void expect_error(const char *yaml, const char *want)
{
	struct arena a;
	struct diags d;
	arena_init(&a);
	diag_init(&d);
	assert_null(load(&a, &d, yaml));
	char *msg = diags_text(&d);
	if (!strstr(msg, want))
		fail_msg("expected '%s' in:\n%s", want, msg);
	free(msg);
	arena_free(&a);
	diag_free(&d);
}

static void test_duplicate_key(void **state)
{
	(void)state;
	expect_error("a: 1\nb: 2\na: 3\n",
		     "t.yaml:3:1: error[E011]: duplicate key 'a' (first given at line 1)");
}

/* A NUL can only come from an escape of a double-quoted scalar (the
 * input itself holds none): that is refused, a single-quoted or plain
 * backslash and zero are just text. */
static void test_nul_escape(void **state)
{
	(void)state;
	expect_error("a: \"x\\0y\"\n",
		     "t.yaml:1:4: error[E010]: text contains a NUL character");
	expect_error("a: ok\nb: [\"\\x00\"]\n", "t.yaml:2:5: error[E010]");
	struct arena a;
	struct diags d;
	arena_init(&a);
	diag_init(&d);
	struct node *root = load(&a, &d, "a: 'x\\0y'\nb: x\\0y\nc: \"x\\ty\"\n");
	assert_non_null(root);
	assert_string_equal(doc_get(root, "a")->text, "x\\0y");
	assert_string_equal(doc_get(root, "b")->text, "x\\0y");
	assert_string_equal(doc_get(root, "c")->text, "x\ty");
	arena_free(&a);
	diag_free(&d);
}

/* Text in an arena is packed (no alignment), whatever follows it still
 * aligned and zeroed; copies of pack keys found by their text too. */
static void test_arena_text_and_alignment(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < 3000; i++) {
		char *t = arena_strndup(&a, "abcdefg", i % 7);
		assert_int_equal(strlen(t), i % 7);
		unsigned char *p = arena_alloc(&a, 1 + i % 40);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		for (size_t j = 0; j < 1 + i % 40; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xAB, 1 + i % 40);
	}
	char *big = arena_strndup(&a, "x", 1);
	assert_string_equal(big, "x");
	arena_free(&a);
	/* value_copy_fields keeps a field whose key is another copy of a
	 * listed key's text, and drops the others. */
	arena_init(&a);
	char key[] = "kept";
	struct vfield fields[] = {{key, {.type = V_NUM}}, {"gone", {.type = V_NUM}}};
	struct value m = {.type = V_MAP, .fields = fields, .n = 2};
	const char *const keys[] = {"other", "kept"};
	struct value c = value_copy_fields(&a, &m, keys, 2);
	assert_int_equal(c.n, 1);
	assert_ptr_equal(c.fields[0].key, keys[1]);
	/* A copy that keeps none has no fields array at all; reading it
	 * never touches one (found by fuzz_venue under UBSan: NULL + 0). */
	const char *const none[] = {"other"};
	struct value e = value_copy_fields(&a, &m, none, 1);
	assert_int_equal(e.n, 0);
	assert_null(e.fields);
	assert_null(value_get(&e, "kept"));
	arena_free(&a);
}

static void test_alias_refused(void **state)
{
	(void)state;
	expect_error("a: &x [1, 2]\nb: *x\n", "t.yaml:2:4: error[E008]: YAML aliases");
}

static void test_syntax_error_position(void **state)
{
	(void)state;
	expect_error("a: [1, 2\nb: 3\n", "t.yaml:2:");
	expect_error("a: b: c\n", "t.yaml:1:5: error[E005]: YAML syntax");
}

static void test_empty_and_multi(void **state)
{
	(void)state;
	expect_error("", "the file is empty");
	expect_error("# only a comment\n", "the file is empty");
	expect_error("a: 1\n---\nb: 2\n", "more than one YAML document");
}

static void test_deep_nesting(void **state)
{
	(void)state;
	char buf[400];
	size_t n = 0;
	for (int i = 0; i < 100; i++)
		buf[n++] = '[';
	for (int i = 0; i < 100; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	expect_error(buf, "nesting deeper than 64 levels");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* 测试 in GB18030: recognised, with how to convert. */
	expect_error("name: \xb2\xe2\xca\xd4\n", "t.yaml:1:7: error[E004]: the file is not UTF-8: it looks like GBK/GB18030");
	/* Bytes that are neither. */
	expect_error("name: \xc3\x28\xff\n", "files must be UTF-8");
}

static void test_complex_key(void **state)
{
	(void)state;
	expect_error("? [a, b]\n: 1\n", "a key must be plain text");
}

static void test_missing_file(void **state)
{
	(void)state;
	struct arena a;
	struct diags d;
	arena_init(&a);
	diag_init(&d);
	assert_null(doc_load_file(&a, "no/such/file.yaml", NULL, &d));
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.v[0].msg_en, "cannot open"));
	arena_free(&a);
	diag_free(&d);
}

static void test_null_detection(void **state)
{
	(void)state;
	struct arena a;
	struct diags d;
	arena_init(&a);
	diag_init(&d);
	struct node *r = load(&a, &d, "a:\nb: ~\nc: null\nd: \"\"\ne: 0\n");
	assert_true(doc_is_null(doc_get(r, "a")));
	assert_true(doc_is_null(doc_get(r, "b")));
	assert_true(doc_is_null(doc_get(r, "c")));
	assert_false(doc_is_null(doc_get(r, "d")));
	assert_false(doc_is_null(doc_get(r, "e")));
	arena_free(&a);
	diag_free(&d);
}

static void test_limit_set(void **state)
{
	(void)state;
	struct doc_limits l = doc_default_limits;
	char err[160];
	assert_true(doc_limit_set(&l, "file-size=128M", true, err, sizeof err));
	assert_int_equal(l.bytes, (size_t)128 << 20);
	assert_true(doc_limit_set(&l, "value-size=1k", true, err, sizeof err));
	assert_int_equal(l.scalar, 1024);
	assert_true(doc_limit_set(&l, "entries=100000000", true, err, sizeof err));
	assert_int_equal(l.items, 100000000);
	/* The ceilings hold on both sides. */
	assert_true(doc_limit_set(&l, "file-size=4G", true, err, sizeof err));
	assert_int_equal(l.bytes, (size_t)4 << 30);
	assert_false(doc_limit_set(&l, "file-size=4294967297", true, err, sizeof err));
	assert_false(doc_limit_set(&l, "entries=100000001", true, err, sizeof err));
	assert_non_null(strstr(err, "from 1 to 100000000"));
	assert_false(doc_limit_set(&l, "entries=100000001", false, err, sizeof err));
	assert_non_null(strstr(err, "N 从 1 到 100000000")); /* --lang zh, the default */
	static const char *const bad[] = {
		"entries=0", "entries=", "entries", "entries=-1", "entries=1.5",
		"entries=1KB", "entries= 1", "file-size=99999999999999999999999",
		"file-size=18446744073709551615G", "depth=100", "=1", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_false(doc_limit_set(&l, bad[i], true, err, sizeof err));
		assert_true(strlen(err) > 0);
	}
	/* A failed call leaves the limits as they were. */
	assert_int_equal(l.items, 100000000);
	assert_int_equal(l.keys, doc_default_limits.keys);
}

/* Each bound holds at its value and refuses one past it. */
static void test_limits_enforced(void **state)
{
	(void)state;
	struct doc_limits l = doc_default_limits;
	l.items = 2;
	l.scalar = 3;
	static const struct {
		const char *yaml;
		size_t errors;
	} cases[] = {
		{"a: [1, 2]\n", 0}, {"a: [1, 2, 3]\n", 1},
		{"a: abc\n", 0}, {"a: abcd\n", 1}, {"abcd: 1\n", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena a;
		struct diags d;
		arena_init(&a);
		diag_init(&d);
		const char *y = cases[i].yaml;
		struct node *r = doc_load_string(&a, "t.yaml", y, strlen(y), &l, &d);
		assert_int_equal(d.errors, cases[i].errors);
		assert_true(cases[i].errors ? r == NULL : r != NULL);
		arena_free(&a);
		diag_free(&d);
	}
}

/* Text for the UTF-8 reports: only bytes that are not UTF-8 change (to
 * \xNN, as the terminal shows them); controls are the format's business.
 * The percent-encoded form gives back the exact bytes. */
static void test_report_text(void **state)
{
	(void)state;
	const char *cases[][3] = {
		/* input, utf8_text, utf8_percent_in */
		{"\xb4\xf3\xc7\xc5.yaml", "\\xb4\\xf3\\xc7\\xc5.yaml", "%B4%F3%C7%C5.yaml"},
		{"towns/凤桥.yaml", "towns/凤桥.yaml", "towns/%E5%87%A4%E6%A1%A5.yaml"},
		{"a b\n%\\x", "a b\n%\\x", "a%20b%0A%25%5Cx"},
		{"cut\xe5\x98", "cut\\xe5\\x98", "cut%E5%98"},
		{"overlong\xc0\xaf", "overlong\\xc0\\xaf", "overlong%C0%AF"},
		{"ok-._~/", "ok-._~/", "ok-._~/"},
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = utf8_text(cases[i][0]);
		assert_string_equal(t, cases[i][1]);
		assert_true(utf8_valid(t));
		assert_int_equal(utf8_valid(cases[i][0]), strcmp(t, cases[i][0]) == 0);
		/* s itself, no copy, when it is UTF-8 already */
		assert_int_equal(utf8_text_in(&a, cases[i][0]) == cases[i][0],
				 utf8_valid(cases[i][0]));
		assert_string_equal(utf8_percent_in(&a, cases[i][0]), cases[i][2]);
		free(t);
	}
	assert_true(utf8_valid(NULL));
	/* The JSON and YAML quoting writes such a byte as the text \xNN too. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	utf8_quoted(f, "\xb4\xf3\"\n");
	fclose(f);
	assert_string_equal(buf, "\"\\\\xb4\\\\xf3\\\"\\n\"");
	free(buf);
	arena_free(&a);
}

/* The escaping every text output shares: controls and bytes that are not
 * UTF-8 are escaped, everything else (Chinese too) is kept byte for byte. */
static void test_escape(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"嘉兴市文化馆 · 南湖区（3304）", "嘉兴市文化馆 · 南湖区（3304）"},
		{"a\nb\r\tc", "a\\nb\\r\\tc"},
		{"\033]0;pwned\007\033[2J", "\\x1b]0;pwned\\x07\\x1b[2J"},
		{"del\x7f", "del\\x7f"},
		{"c1\xc2\x9b\xc2\x85 nbsp\xc2\xa0", "c1\\u009b\\u0085 nbsp\xc2\xa0"},
		{"bidi\xe2\x80\xae ls\xe2\x80\xa8", "bidi\\u202e ls\\u2028"},
		{"bad\xff\xfe end", "bad\\xff\\xfe end"},
		{"overlong\xc0\xaf surrogate\xed\xa0\x80", "overlong\\xc0\\xaf surrogate\\xed\\xa0\\x80"},
		{"cut\xe5\x98", "cut\\xe5\\x98"},
		{"emoji\xf0\x9f\x98\x80", "emoji\xf0\x9f\x98\x80"},
		{"back\\slash", "back\\slash"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *e = utf8_escape(cases[i][0]);
		if (strcmp(e, cases[i][1]) != 0)
			fail_msg("escape of case %zu: got '%s', want '%s'", i, e, cases[i][1]);
		assert_true(utf8_is_plain(e)); /* escaping twice changes nothing */
		assert_int_equal(utf8_is_plain(cases[i][0]), strcmp(e, cases[i][0]) == 0);
		free(e);
	}
	struct arena a;
	arena_init(&a);
	assert_string_equal(utf8_excerpt(&a, "短文本", 40), "短文本");
	assert_string_equal(utf8_excerpt(&a, "一二三四五六", 4), "一二三四…");
	assert_string_equal(utf8_excerpt(&a, "a\nbcdef", 4), "a\\nb…");
	arena_free(&a);
	/* utf8_printf escapes its %s arguments only, and keeps every other
	 * conversion printf's (a width counts bytes, as printf's). */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	utf8_printf(f, "%s|%-6s|%*s|%d %zu %5.1f%% %ld %x %c\n", "x\ny", "名", 4, "\033",
		    -3, (size_t)7, 12.25, 99L, 255u, 'q');
	fclose(f);
	assert_string_equal(buf, "x\\ny|名   |\\x1b|-3 7  12.2% 99 ff q\n");
	free(buf);
}

/* Repeated keys are found whatever the size of the mapping (the first
 * keys by a scan, the rest through a hash set): each repeat names the
 * key's first line, a key given three times is reported twice. */
static void test_duplicate_keys_large(void **state)
{
	(void)state;
	char yaml[8192];
	size_t len = 0;
	for (int i = 1; i <= 200; i++) {
		int k = i == 5 ? 2 : i == 120 ? 7 : i == 150 ? 7 : i == 199 ? 180 : i;
		len += (size_t)snprintf(yaml + len, sizeof yaml - len, "k%d: %d\n", k, i);
	}
	struct arena a;
	struct diags d;
	arena_init(&a);
	diag_init(&d);
	doc_load_string(&a, "t.yaml", yaml, len, NULL, &d);
	static const char *const want[] = {
		"t.yaml:5:1: error[E011]: duplicate key 'k2' (first given at line 2)",
		"t.yaml:120:1: error[E011]: duplicate key 'k7' (first given at line 7)",
		"t.yaml:150:1: error[E011]: duplicate key 'k7' (first given at line 7)",
		"t.yaml:199:1: error[E011]: duplicate key 'k180' (first given at line 180)",
	};
	assert_int_equal(d.n, 4);
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i], LANG_EN);
		assert_string_equal(s, want[i]);
		free(s);
	}
	arena_free(&a);
	diag_free(&d);
}

/* diag_sort orders by file, sheet, line and column and keeps the order of
 * addition among equals, as an insertion sort would, for any input order. */
static void test_diags_sort_stable(void **state)
{
	(void)state;
	struct diags d;
	diag_init(&d);
	unsigned seed = 12345;
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 8;
		char t[16];
		snprintf(t, sizeof t, "%d", i);
		diag_add_texts(&d, DC_NONE, DIAG_ERROR, r % 3 ? "a.yaml" : "b.yaml",
			       (int)(r % 50), (int)(r / 50 % 3), t, t);
		d.v[d.n - 1].sheet = (int)(r / 150 % 2);
	}
	for (int i = 0; i < 3000; i++) { /* a long run in reverse */
		char t[16];
		snprintf(t, sizeof t, "r%d", i);
		diag_add_texts(&d, DC_NONE, DIAG_ERROR, "a.yaml", 3000 - i, 1, t, t);
	}
	diag_sort(&d);
	for (size_t i = 1; i < d.n; i++) {
		const struct diag *x = &d.v[i - 1], *y = &d.v[i];
		int f = strcmp(x->file, y->file);
		assert_true(f <= 0);
		if (f)
			continue;
		assert_true(x->sheet <= y->sheet);
		if (x->sheet != y->sheet)
			continue;
		assert_true(x->line < y->line || (x->line == y->line && x->col <= y->col));
		if (x->line == y->line && x->col == y->col && x->msg_en[0] != 'r' &&
		    y->msg_en[0] != 'r')
			assert_true(atoi(x->msg_en) < atoi(y->msg_en)); /* stable */
	}
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_nul_escape),
		cmocka_unit_test(test_arena_text_and_alignment),
		cmocka_unit_test(test_alias_refused),
		cmocka_unit_test(test_syntax_error_position),
		cmocka_unit_test(test_empty_and_multi),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_complex_key),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_null_detection),
		cmocka_unit_test(test_limit_set),
		cmocka_unit_test(test_limits_enforced),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_report_text),
		cmocka_unit_test(test_duplicate_keys_large),
		cmocka_unit_test(test_diags_sort_stable),
	};
	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
