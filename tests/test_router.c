/* test_router.c - the server's router apart from the network: literal
 * and {} segments (whole and with a literal suffix), the tables' order,
 * 404 for an unknown path and 405 with the Allow list for a known path
 * with another method, HEAD answered as GET. */
#include "helpers.h"

#include "http_route.h"

static void h_any(const struct serve *s, const struct http_req *q,
		  struct http_resp *r)
{
	(void)s;
	(void)q;
	(void)r;
}
static void h_second(const struct serve *s, const struct http_req *q,
		     struct http_resp *r)
{
	h_any(s, q, r);
}

static const struct http_route pages[] = {
	{"GET", "/", h_any},
	{"GET", "/u/{}", h_any},
	{"GET", "/u/{}/s/{}", h_any},
	{"GET", "/u/{}/template/{}.xlsx", h_any},
	{"POST", "/u/{}/upload", h_any},
	{"GET", "/admin/{}/report.xlsx", h_any},
	{"POST", "/admin/{}/links/{}/revoke", h_any},
	{NULL, NULL, NULL},
};
static const struct http_route api[] = {
	{"POST", "/api/v1/check", h_any},
	{"GET", "/u/{}", h_second}, /* shadowed: the pages come first */
	{"PUT", "/u/{}", h_second},
	{NULL, NULL, NULL},
};
static const struct http_route *const tables[] = {pages, api};

static unsigned find(const char *method, const char *path,
		     struct http_match *m, char *allow)
{
	return http_route_find(tables, 2, method, path, m, allow, 64);
}

static void assert_arg(const char *path, const struct http_match *m,
		       size_t i, const char *want)
{
	assert_true(i < m->nargs);
	assert_int_equal(m->len[i], strlen(want));
	assert_memory_equal(path + m->off[i], want, strlen(want));
}

static void test_literals_and_args(void **state)
{
	(void)state;
	struct http_match m;
	char allow[64];
	assert_int_equal(find("GET", "/", &m, allow), 200);
	assert_ptr_equal(m.route, &pages[0]);
	assert_int_equal(m.nargs, 0);
	const char *p = "/u/AbC-_x/s/42";
	assert_int_equal(find("GET", p, &m, allow), 200);
	assert_ptr_equal(m.route, &pages[2]);
	assert_int_equal(m.nargs, 2);
	assert_arg(p, &m, 0, "AbC-_x");
	assert_arg(p, &m, 1, "42");
	p = "/admin/TOK/links/7/revoke";
	assert_int_equal(find("POST", p, &m, allow), 200);
	assert_arg(p, &m, 0, "TOK");
	assert_arg(p, &m, 1, "7");
	assert_int_equal(find("POST", "/api/v1/check", &m, allow), 200);
	assert_ptr_equal(m.route, &api[0]);
}

static void test_brace_with_suffix(void **state)
{
	(void)state;
	struct http_match m;
	char allow[64];
	const char *p = "/u/T/template/33.04.01.xlsx";
	assert_int_equal(find("GET", p, &m, allow), 200);
	assert_ptr_equal(m.route, &pages[3]);
	assert_arg(p, &m, 1, "33.04.01");
	/* the {} must keep at least one byte; the suffix must be there */
	assert_int_equal(find("GET", "/u/T/template/.xlsx", &m, allow), 404);
	assert_int_equal(find("GET", "/u/T/template/33.xls", &m, allow), 404);
	assert_int_equal(find("GET", "/u/T/template/33.xlsx/x", &m, allow), 404);
}

static void test_not_found(void **state)
{
	(void)state;
	struct http_match m;
	char allow[64];
	assert_int_equal(find("GET", "/nope", &m, allow), 404);
	assert_int_equal(find("GET", "/u", &m, allow), 404);
	assert_int_equal(find("GET", "/u/", &m, allow), 404);   /* empty {} */
	assert_int_equal(find("GET", "/u/T/", &m, allow), 404); /* trailing / */
	assert_int_equal(find("GET", "/u//s/1", &m, allow), 404);
	assert_int_equal(find("GET", "/u/T/s", &m, allow), 404);
	assert_int_equal(find("GET", "/admin/T/report.xlsxx", &m, allow), 404);
	assert_int_equal(find("GET", "", &m, allow), 404);
	assert_int_equal(find("GET", "u/T", &m, allow), 404);
}

static void test_method_not_allowed(void **state)
{
	(void)state;
	struct http_match m;
	char allow[64];
	assert_int_equal(find("GET", "/u/T/upload", &m, allow), 405);
	assert_string_equal(allow, "POST");
	assert_int_equal(find("DELETE", "/u/T", &m, allow), 405);
	assert_string_equal(allow, "GET, HEAD, PUT");
	assert_int_equal(find("POST", "/", &m, allow), 405);
	assert_string_equal(allow, "GET, HEAD");
}

static void test_head_and_order(void **state)
{
	(void)state;
	struct http_match m;
	char allow[64];
	assert_int_equal(find("HEAD", "/u/T", &m, allow), 200);
	assert_ptr_equal(m.route, &pages[1]); /* not api's */
	assert_int_equal(find("PUT", "/u/T", &m, allow), 200);
	assert_ptr_equal(m.route, &api[2]);
}

static void test_too_many_args(void **state)
{
	(void)state;
	static const struct http_route many[] = {
		{"GET", "/{}/{}/{}/{}", h_any},
		{"GET", "/{}/{}/{}/{}/{}", h_any},
		{NULL, NULL, NULL},
	};
	const struct http_route *const t[] = {many};
	struct http_match m;
	char allow[64];
	assert_int_equal(http_route_find(t, 1, "GET", "/a/b/c/d", &m, allow, 64), 200);
	assert_int_equal(m.nargs, HTTP_MAX_ARGS);
	/* a fifth {} is more than the match can hold: no match, no overflow */
	assert_int_equal(http_route_find(t, 1, "GET", "/a/b/c/d/e", &m, allow, 64), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals_and_args),
		cmocka_unit_test(test_brace_with_suffix),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_head_and_order),
		cmocka_unit_test(test_too_many_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
