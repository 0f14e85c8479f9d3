/* test_stream.c - schema_stream (values straight from libyaml's events)
 * against schema_validate (the tree's road), file by file (roads.h): where
 * the stream does not give up, its values (types, positions, field order,
 * sizes), its waivers' nodes and its messages are the tree's; where it
 * gives up it has said nothing.  Over every YAML file the repository ships, each of them
 * with a line left out and a line written twice, and over the shapes a
 * stream could be fooled by (an entry twice, a key twice, the header last,
 * the limits). */
#include "helpers.h"

#include "roads.h"
#include "xalloc.h"

/* One file both ways (roads.h).  Returns whether the stream took it. */
static bool compare(const struct pack *p, const char *name, const char *buf,
		    size_t len, const struct doc_limits *lim)
{
	enum roads r = roads_compare(p, name, name, buf, len, lim);
	if (r == ROADS_DIFFER)
		fail_msg("%s: the roads differ (above)", name);
	return r == ROADS_TOOK;
}

/* Every .yaml file under dir, recursively, into *v (paths malloc'ed). */
static void find_yaml(const char *dir, char ***v, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		size_t l = strlen(e->d_name);
		if (S_ISDIR(st.st_mode)) {
			find_yaml(path, v, n);
		} else if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0 &&
			   st.st_size < (1 << 20)) {
			*v = xrealloc(*v, (*n + 1) * sizeof **v);
			(*v)[(*n)++] = xstrdup(path);
		}
	}
	closedir(d);
}

static void free_paths(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The venue files the repository ships: the stream must take the good
 * ones (else this test would pass with a stream that always gives up). */
static void test_shipped_files(void **state)
{
	const struct pack *p = *state;
	char **v = NULL;
	size_t n = 0, took = 0;
	find_yaml("../examples", &v, &n);
	find_yaml(".", &v, &n);
	assert_true(n > 50);
	for (size_t i = 0; i < n; i++) {
		char *buf = read_text(v[i]);
		assert_non_null(buf);
		took += compare(p, v[i], buf, strlen(buf), NULL);
		free(buf);
	}
	free_paths(v, n);
	/* Most shipped files are good venue files. */
	assert_true(took > 40);
}

/* The example files the stream must take, and their venues: */
static const char *const good[] = {
	"../examples/city/jiaxing-city.yaml", "../examples/county/nanhu.yaml",
	"../examples/towns/fengqiao.yaml",
};

static void test_good_taken(void **state)
{
	const struct pack *p = *state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		char *buf = read_text(good[i]);
		assert_non_null(buf);
		assert_true(compare(p, good[i], buf, strlen(buf), NULL));
		free(buf);
	}
}

/* text with its line k left out (twice: 0) or written twice (1). */
static char *edit(const char *text, size_t k, int twice)
{
	size_t len = strlen(text);
	char *out = xmalloc(2 * len + 2), *o = out;
	size_t line = 0;
	for (const char *s = text; *s;) {
		const char *e = strchr(s, '\n');
		size_t l = e ? (size_t)(e - s) + 1 : strlen(s);
		if (line != k || twice) {
			memcpy(o, s, l);
			o += l;
		}
		if (line == k && twice) {
			memcpy(o, s, l);
			o += l;
		}
		s += l;
		line++;
	}
	*o = '\0';
	return out;
}

/* Each example with each line left out and each written twice: entries
 * twice, keys twice, fields missing, lists cut short. */
static void test_edited_files(void **state)
{
	const struct pack *p = *state;
	static const char *const files[] = {
		"../examples/towns/fengqiao.yaml", "../examples/county/nanhu.yaml",
		"../examples/villages/fengqiao/lianfeng.yaml",
	};
	size_t took = 0, gave_up = 0;
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		char *text = read_text(files[f]);
		if (!text)
			continue;
		size_t lines = 0;
		for (const char *s = text; *s; s++)
			lines += *s == '\n';
		for (size_t k = 0; k < lines; k++)
			for (int twice = 0; twice < 2; twice++) {
				char *t = edit(text, k, twice);
				if (compare(p, files[f], t, strlen(t), NULL))
					took++;
				else
					gave_up++;
				free(t);
			}
		free(text);
	}
	assert_true(took > 100);
	assert_true(gave_up > 100);
}

/* A venue file from its parts after the header. */
static char *town(const char *rest)
{
	static const char head[] =
		"venue:\n  id: t1\n  name: 凤桥镇\n  tier: town\n  parent: c1\n"
		"  year: 2024\n";
	char *s = xmalloc(sizeof head + strlen(rest));
	strcpy(s, head);
	strcat(s, rest);
	return s;
}

static bool stream_takes(const struct pack *p, const char *text,
			 const struct doc_limits *lim)
{
	return compare(p, "t.yaml", text, strlen(text), lim);
}

static void test_shapes(void **state)
{
	const struct pack *p = *state;
	char *s;
	/* Two entries alike: the tree's message, never the stream's values. */
	s = town("events:\n  - {date: 2024-03-01, title: 春节, kind: performance, participants: 100}\n"
		 "  - {date: 2024-03-01, title: 春节, kind: performance, participants: 100}\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	/* The same title on another date: two entries. */
	s = town("events:\n  - {date: 2024-03-01, title: 春节, kind: performance, participants: 100}\n"
		 "  - {date: 2024-03-02, title: 春节, kind: performance, participants: 100}\n");
	assert_true(stream_takes(p, s, NULL));
	free(s);
	/* Quoted "" is a text of its own in an identity, not a field left
	 * out: entries with only an empty title are one identity. */
	s = town("events:\n  - {title: \"\"}\n  - {title: \"\"}\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	/* A key twice in an entry, and at the top. */
	s = town("events:\n  - {date: 2024-03-01, date: 2024-03-02, title: a, kind: performance, participants: 1}\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	s = town("events: []\nevents: []\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	/* An empty ledger, null and [] alike, and tags as nodes. */
	s = town("events:\ntrainings: []\n");
	assert_true(stream_takes(p, s, NULL));
	free(s);
	/* The header after a block: the tree's road. */
	s = xstrdup("events: []\nvenue:\n  id: t1\n  name: 凤桥镇\n  tier: town\n"
		    "  parent: c1\n  year: 2024\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	/* Two documents, an alias, an unknown block. */
	s = town("events: []\n---\nvenue: {}\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	s = town("events: &e []\ntrainings: *e\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
	s = town("evnets: []\n");
	assert_false(stream_takes(p, s, NULL));
	free(s);
}

/* The limits are the tree's: a list one longer than --limit entries, a
 * value one byte longer than value-size, each side of the bound. */
static void test_limits(void **state)
{
	const struct pack *p = *state;
	struct doc_limits lim = doc_default_limits;
	char *s = town("events:\n  - {date: 2024-03-01, title: a, kind: performance, participants: 1}\n"
		       "  - {date: 2024-03-02, title: b, kind: performance, participants: 1}\n");
	lim.items = 2;
	assert_true(stream_takes(p, s, &lim));
	lim.items = 1;
	assert_false(stream_takes(p, s, &lim));
	lim = doc_default_limits;
	lim.scalar = 11; /* "participants" is 12 bytes, the longest */
	assert_false(stream_takes(p, s, &lim));
	lim.scalar = 12;
	assert_true(stream_takes(p, s, &lim));
	free(s);
}

/* Through venue_load_string: a file the stream gives up on is still
 * loaded (or refused) with the tree's messages. */
static void test_venue_load(void **state)
{
	const struct pack *p = *state;
	char *s = town("events:\n  - {date: 2024-03-01, title: 春节, kind: performance, participants: 100}\n"
		       "  - {date: 2024-03-01, title: 春节, kind: performance, participants: 100}\n");
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(p, "t.yaml", s, strlen(s), &d);
	assert_null(v);
	assert_true(d.n >= 1);
	assert_int_equal(d.v[0].line, 9);
	diag_free(&d);
	free(s);
	s = town("events:\n  - {date: 2024-03-01, title: 春节, kind: performance, participants: 100}\n");
	diag_init(&d);
	v = venue_load_string(p, "t.yaml", s, strlen(s), &d);
	assert_non_null(v);
	assert_string_equal(v->id, "t1");
	venue_free(v);
	diag_free(&d);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_files),
		cmocka_unit_test(test_good_taken),
		cmocka_unit_test(test_edited_files),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_venue_load),
	};
	return cmocka_run_group_tests(tests, setup_pack, teardown_pack);
}
