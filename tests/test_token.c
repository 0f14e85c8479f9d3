/* test_token.c - capability tokens: the shape of a new token, what
 * token_valid refuses, SHA-256 against known vectors, CSRF tokens that
 * differ per page token and per secret, and the comparison. */
#include "helpers.h"

#include "token.h"

static void test_new_tokens_are_valid_and_differ(void **state)
{
	(void)state;
	char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1];
	assert_true(token_new(a));
	assert_true(token_new(b));
	assert_int_equal(strlen(a), TOKEN_CHARS);
	assert_true(token_valid(a));
	assert_true(token_valid(b));
	assert_string_not_equal(a, b);
	for (int i = 0; i < 200; i++) {
		assert_true(token_new(a));
		assert_true(token_valid(a));
		assert_null(strpbrk(a, "+/="));
	}
}

static void test_invalid_shapes(void **state)
{
	(void)state;
	assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAA"));
	assert_true(token_valid("abcdefghij-_012345678w"));
	assert_false(token_valid("abcdefghij-_0123456789")); /* 9: bits set */
	assert_false(token_valid(NULL));
	assert_false(token_valid(""));
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAA"));   /* 21 */
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAAAA")); /* 23 */
	assert_false(token_valid("AAAAAAAAAA/AAAAAAAAAAA"));
	assert_false(token_valid("AAAAAAAAAA+AAAAAAAAAAA"));
	assert_false(token_valid("AAAAAAAAAA.AAAAAAAAAAA"));
	assert_false(token_valid("AAAAAAAAAA%AAAAAAAAAAA"));
	/* the last character's padding bits set: not a token we made */
	assert_false(token_valid("AAAAAAAAAAAAAAAAAAAAAB"));
	assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAQ"));
}

static void test_sha256_vectors(void **state)
{
	(void)state;
	char h[65];
	token_sha256_hex("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb924"
			       "27ae41e4649b934ca495991b7852b855");
	token_sha256_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
			       "b00361a396177a9cb410ff61f20015ad");
	token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
			       "b00361a396177a9cb410ff61f20015ad");
}

static void test_csrf_per_token_and_secret(void **state)
{
	(void)state;
	char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1], c[TOKEN_CHARS + 1],
		again[TOKEN_CHARS + 1];
	token_csrf("secret-1", "AAAAAAAAAAAAAAAAAAAAAA", a);
	token_csrf("secret-1", "AAAAAAAAAAAAAAAAAAAAAQ", b);
	token_csrf("secret-2", "AAAAAAAAAAAAAAAAAAAAAA", c);
	token_csrf("secret-1", "AAAAAAAAAAAAAAAAAAAAAA", again);
	assert_true(token_valid(a));
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_equal(a, again);
	/* RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for
	 * nothing?") begins 5bdcc146bf60754e6a042426089575c7, whose
	 * base64url is W9zBRr9gdU5qBCQmCJV1xw. */
	token_csrf("Jefe", "what do ya want for nothing?", a);
	assert_string_equal(a, "W9zBRr9gdU5qBCQmCJV1xw");
}

static void test_equal(void **state)
{
	(void)state;
	assert_true(token_equal("", ""));
	assert_true(token_equal("abc", "abc"));
	assert_false(token_equal("abc", "abd"));
	assert_false(token_equal("abc", "ab"));
	assert_false(token_equal("ab", "abc"));
	assert_false(token_equal("abc", ""));
	assert_false(token_equal("", "abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_tokens_are_valid_and_differ),
		cmocka_unit_test(test_invalid_shapes),
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_csrf_per_token_and_secret),
		cmocka_unit_test(test_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
