/* test_stream.c - schema_stream (values straight from libyaml's events)
 * against schema_validate (the tree's road), file by file: where the stream
 * does not give up, its values (types, positions, field order, sizes), its
 * waivers' nodes and its messages are the tree's; where it gives up it has
 * said nothing.  Over every YAML file the repository ships, each of them
 * with a line left out and a line written twice, and over the shapes a
 * stream could be fooled by (an entry twice, a key twice, the header last,
 * the limits). */
#include "helpers.h"

#include "doc.h"
#include "schema.h"
#include "xalloc.h"

#include <math.h>

static bool same_value(const struct value *a, const struct value *b);

static bool same_fields(const struct value *a, const struct value *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->fields[i].key, b->fields[i].key) != 0 ||
		    !same_value(&a->fields[i].v, &b->fields[i].v))
			return false;
	return true;
}

static bool same_value(const struct value *a, const struct value *b)
{
	if (a->type != b->type || a->line != b->line || a->col != b->col ||
	    a->absent_is_null != b->absent_is_null || a->n != b->n)
		return false;
	switch (a->type) {
	case V_NUM:
		return memcmp(&a->u.num, &b->u.num, sizeof a->u.num) == 0;
	case V_BOOL:
		return a->u.b == b->u.b;
	case V_STR:
		return strcmp(a->u.str, b->u.str) == 0;
	case V_DATE:
		return a->u.date == b->u.date;
	case V_LIST:
		for (size_t i = 0; i < a->n; i++)
			if (!same_value(&a->items[i], &b->items[i]))
				return false;
		return true;
	case V_MAP:
		return same_fields(a, b);
	default:
		return true;
	}
}

static bool same_node(const struct node *a, const struct node *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->line != b->line || a->col != b->col ||
	    a->n != b->n)
		return false;
	if (a->kind == NODE_SCALAR)
		return a->plain == b->plain && a->len == b->len &&
		       memcmp(a->text, b->text, a->len) == 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->kind == NODE_SEQ ? !same_node(a->items[i], b->items[i])
					: !same_node(a->pairs[i].key, b->pairs[i].key) ||
					  !same_node(a->pairs[i].value, b->pairs[i].value))
			return false;
	return true;
}

static char *all_messages(const struct diags *d)
{
	size_t cap = 1;
	for (size_t i = 0; i < d->n; i++)
		cap += strlen(d->v[i].msg_en) + strlen(d->v[i].msg) + 40;
	char *s = xcalloc(cap, 1);
	for (size_t i = 0; i < d->n; i++)
		sprintf(s + strlen(s), "%d:%d:%d %s | %s\n", (int)d->v[i].level,
			d->v[i].line, d->v[i].col, d->v[i].msg_en, d->v[i].msg);
	return s;
}

/* One file both ways.  Returns whether the stream took it. */
static bool compare(const struct pack *p, const char *name, const char *buf,
		    size_t len, const struct doc_limits *lim)
{
	struct arena va, vn, sa, sn;
	arena_init(&va);
	arena_init(&vn);
	arena_init(&sa);
	arena_init(&sn);
	struct diags dv, ds;
	diag_init(&dv);
	diag_init(&ds);
	const struct node *root = doc_load_string(&vn, name, buf, len, lim, &dv);
	const struct value *want = root ? schema_validate(&p->schema, &va, root, name,
							  pack_declared_keys, p, &dv)
					: NULL;
	const struct value *got = NULL;
	const struct node *waivers = NULL;
	bool took = schema_stream(&p->schema, &sa, &sn, buf, len, lim, name,
				  pack_declared_keys, p, &got, &waivers, &ds);
	if (!took) {
		if (ds.n)
			fail_msg("%s: gave up and said %s", name, all_messages(&ds));
	} else {
		char *mv = all_messages(&dv), *ms = all_messages(&ds);
		if (strcmp(mv, ms) != 0)
			fail_msg("%s: messages differ:\ntree:\n%s\nstream:\n%s", name, mv, ms);
		free(mv);
		free(ms);
		if (!want != !got)
			fail_msg("%s: the tree %s, the stream %s", name,
				 want ? "took it" : "refused it", got ? "took it" : "refused it");
		if (want && !same_value(want, got))
			fail_msg("%s: values differ", name);
		if (!same_node(doc_get(root, SCHEMA_WAIVERS), waivers))
			fail_msg("%s: waivers differ", name);
	}
	diag_free(&dv);
	diag_free(&ds);
	arena_free(&va);
	arena_free(&vn);
	arena_free(&sa);
	arena_free(&sn);
	return took;
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
