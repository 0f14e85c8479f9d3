/* test_store.c - the server's data directory (store.c): migrations from
 * an empty directory and from the first schema, venues, links (only their
 * hashes on disk), which venues a link covers, submissions and their
 * content-addressed blobs, several threads at once, and a directory that
 * cannot be made. */
#include "helpers.h"

#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "token.h"
#include "xalloc.h"

/* ---- a fresh directory per test ---- */

struct fixture {
	char root[64];  /* the temporary directory */
	char dir[128];  /* root/data: DIR, not yet made */
};

static int setup_dir(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->root, sizeof f->root, "/tmp/vc-store-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/data", f->root);
	*state = f;
	return 0;
}

static int teardown_dir(void **state)
{
	struct fixture *f = *state;
	rm_tree(f->root);
	free(f);
	return 0;
}

static struct store *open_ok(const char *dir)
{
	char *err = NULL;
	struct store *s = store_open(dir, true, &err);
	if (!s)
		fail_msg("store_open(%s): %s", dir, err ? err : "(no message)");
	assert_null(err);
	return s;
}

/* One value of a query on DIR/venuecheck.db, through SQLite itself. */
static long long db_int(const char *dir, const char *sql)
{
	char path[256];
	snprintf(path, sizeof path, "%s/venuecheck.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void db_exec(const char *dir, const char *sql)
{
	char path[256];
	snprintf(path, sizeof path, "%s/venuecheck.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *why = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &why) != SQLITE_OK)
		fail_msg("%s: %s", sql, why);
	sqlite3_close(db);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* ---- migrations ---- */

static void test_new_directory_migrated_from_0(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	char secret[TOKEN_CHARS + 1];
	snprintf(secret, sizeof secret, "%s", store_secret(s));
	assert_int_equal(strlen(secret), TOKEN_CHARS);
	assert_string_equal(store_dir(s), f->dir);
	store_close(s);

	char p[256];
	snprintf(p, sizeof p, "%s/blobs", f->dir);
	assert_true(exists(p));
	snprintf(p, sizeof p, "%s/tmp", f->dir);
	assert_true(exists(p));
	assert_int_equal(db_int(f->dir, "PRAGMA user_version"), 2);
	/* WAL is a property of the file: it stays after close. */
	char path[256];
	snprintf(path, sizeof path, "%s/venuecheck.db", f->dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* A second open applies nothing again and keeps the secret. */
	s = open_ok(f->dir);
	assert_string_equal(store_secret(s), secret);
	store_close(s);
	assert_int_equal(db_int(f->dir, "PRAGMA user_version"), 2);
	assert_int_equal(db_int(f->dir, "SELECT count(*) FROM meta"), 1);
}

/* Migration 1 as it shipped (a frozen copy: store.c must migrate the
 * databases it made, not whatever migration 1 says today). */
static const char schema_v1[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE admin_tokens (id INTEGER PRIMARY KEY,"
	"  token_sha TEXT NOT NULL UNIQUE, created INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE venues (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  tier TEXT NOT NULL, parent TEXT NOT NULL DEFAULT '',"
	"  imported INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE links (id INTEGER PRIMARY KEY,"
	"  token_sha TEXT NOT NULL UNIQUE, venue_id TEXT NOT NULL,"
	"  label TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE submissions (id INTEGER PRIMARY KEY,"
	"  venue_id TEXT NOT NULL, link_id INTEGER REFERENCES links(id),"
	"  filename TEXT NOT NULL, sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL, received INTEGER NOT NULL,"
	"  status INTEGER NOT NULL, failing INTEGER NOT NULL,"
	"  pack_sha TEXT NOT NULL DEFAULT '', year INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX submissions_venue ON submissions (venue_id, id);"
	"CREATE TABLE results (submission_id INTEGER NOT NULL"
	"  REFERENCES submissions(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL, rule TEXT NOT NULL, verdict INTEGER NOT NULL,"
	"  text_zh TEXT NOT NULL, text_en TEXT NOT NULL,"
	"  PRIMARY KEY (submission_id, seq));"
	"INSERT INTO meta VALUES ('secret', 'AAAAAAAAAAAAAAAAAAAAAA');"
	"INSERT INTO venues VALUES ('v1', '一村', 'village', 't1', 1);"
	"INSERT INTO submissions (venue_id, filename, sha256, size, received,"
	"  status, failing) VALUES ('v1', 'A.YAML', 'ab', 2, 100, 0, 0),"
	"  ('v1', 'b.xlsx', 'cd', 2, 200, 1, 3), ('v1', 'c.txt', 'ef', 2, 300, 2, 0);"
	"INSERT INTO results VALUES (2, 0, 'R1', 1, '不符', 'fail');"
	"PRAGMA user_version = 1;";

static void test_database_of_migration_1_migrated(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(f->dir, 0700), 0);
	db_exec(f->dir, schema_v1);

	struct store *s = open_ok(f->dir);
	assert_int_equal(db_int(f->dir, "PRAGMA user_version"), 2);
	/* The data of version 1 is all there, and the new column filled
	 * from the file names. */
	assert_string_equal(store_secret(s), "AAAAAAAAAAAAAAAAAAAAAA");
	struct store_submission *h;
	size_t n = store_history(s, "v1", &h);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].ext, "");
	assert_string_equal(h[1].ext, ".xlsx");
	assert_string_equal(h[2].ext, ".yaml");
	assert_int_equal(h[1].failing, 3);
	store_submissions_free(h, n);
	struct store_submission sub;
	assert_true(store_submission_get(s, 2, &sub));
	assert_int_equal(sub.nresults, 1);
	assert_string_equal(sub.results[0].text_en, "fail");
	store_submission_clear(&sub);
	store_close(s);
}

static void test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(f->dir, 0700), 0);
	db_exec(f->dir, "CREATE TABLE x (y); PRAGMA user_version = 99");
	char *err = NULL;
	assert_null(store_open(f->dir, true, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "99"));
	assert_non_null(strstr(err, f->dir));
	free(err);
	/* Chinese by default. */
	assert_null(store_open(f->dir, false, &err));
	assert_non_null(strstr(err, "版"));
	free(err);
}

/* ---- venues ---- */

static void put(struct store *s, const char *id, const char *tier,
		const char *parent, bool imported)
{
	struct store_venue v = {.id = (char *)id, .name = (char *)id,
				.tier = (char *)tier, .parent = (char *)parent,
				.imported = imported};
	assert_true(store_venue_put(s, &v));
}

static void test_venues_put_get_list(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	struct store_venue v;
	assert_false(store_venue_get(s, "nope", &v));
	put(s, "t1", "town", "c1", false);
	put(s, "c1", "county", "", true);
	assert_true(store_venue_get(s, "t1", &v));
	assert_string_equal(v.tier, "town");
	assert_string_equal(v.parent, "c1");
	assert_false(v.imported);
	store_venue_clear(&v);

	/* A file's venue updates one that came from a file... */
	put(s, "t1", "town", "c2", false);
	assert_true(store_venue_get(s, "t1", &v));
	assert_string_equal(v.parent, "c2");
	store_venue_clear(&v);
	/* ...an import replaces it and makes it the admin's... */
	put(s, "t1", "town", "c1", true);
	/* ...and no file moves it after that. */
	put(s, "t1", "town", "elsewhere", false);
	assert_true(store_venue_get(s, "t1", &v));
	assert_string_equal(v.parent, "c1");
	assert_true(v.imported);
	store_venue_clear(&v);

	struct store_venue *all;
	size_t n = store_venues(s, &all);
	assert_int_equal(n, 2);
	assert_string_equal(all[0].id, "c1"); /* sorted by id */
	assert_string_equal(all[1].id, "t1");
	store_venues_free(all, n);
	struct store_venue empty = {.id = (char *)""};
	assert_false(store_venue_put(s, &empty));
	/* A list with one bad entry puts none of them. */
	struct store_venue two[2] = {{.id = (char *)"z1", .name = (char *)"z",
				      .tier = (char *)"town"},
				     {.id = (char *)""}};
	assert_false(store_venues_put(s, two, 2));
	assert_false(store_venue_get(s, "z1", &v));
	assert_true(store_venues_put(s, two, 1));
	assert_true(store_venue_get(s, "z1", &v));
	store_venue_clear(&v);
	store_close(s);
}

/* ---- links and the admin ---- */

static void test_links_find_revoke(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	char tok[TOKEN_CHARS + 1], other[TOKEN_CHARS + 1];
	long long id = 0;
	assert_true(store_link_new(s, "t1", "镇文化站", tok, &id));
	assert_true(token_valid(tok));
	assert_true(id > 0);

	struct store_link l;
	assert_int_equal(store_link_find(s, tok, &l), 1);
	assert_int_equal(l.id, id);
	assert_string_equal(l.venue_id, "t1");
	assert_string_equal(l.label, "镇文化站");
	assert_true(l.created > 0);
	assert_int_equal(l.revoked, 0);
	store_link_clear(&l);

	assert_true(token_new(other));
	assert_int_equal(store_link_find(s, other, &l), 0);
	assert_int_equal(store_link_find(s, "not a token", &l), 0);
	assert_int_equal(store_link_find(s, "", &l), 0);

	assert_true(store_link_revoke(s, id));
	assert_false(store_link_revoke(s, id)); /* once */
	assert_false(store_link_revoke(s, id + 100));
	assert_int_equal(store_link_find(s, tok, &l), -1);
	assert_true(l.revoked > 0);
	store_link_clear(&l);
	assert_true(store_link_get(s, id, &l));
	assert_true(l.revoked > 0);
	store_link_clear(&l);
	assert_false(store_link_get(s, id + 1, &l));

	struct store_link *all;
	assert_true(store_link_new(s, "v1", NULL, other, NULL));
	size_t n = store_links(s, &all);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].id, id);
	assert_string_equal(all[1].label, "");
	store_links_free(all, n);
	store_close(s);
}

static void test_admin_token(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1];
	assert_false(store_has_admin(s));
	assert_true(store_admin_new(s, a));
	assert_true(store_has_admin(s));
	assert_true(store_admin_ok(s, a));
	assert_true(store_admin_new(s, b));
	assert_false(store_admin_ok(s, a)); /* the older one stopped */
	assert_true(store_admin_ok(s, b));
	assert_false(store_admin_ok(s, "x"));
	assert_false(store_admin_ok(s, NULL));
	store_close(s);
}

/* Every byte of every file under dir, concatenated. */
static void slurp_dir(const char *dir, char **buf, size_t *len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			slurp_dir(p, buf, len);
			continue;
		}
		FILE *fp = fopen(p, "rb");
		assert_non_null(fp);
		*buf = xrealloc(*buf, *len + (size_t)st.st_size + 1);
		*len += fread(*buf + *len, 1, (size_t)st.st_size, fp);
		fclose(fp);
	}
	if (d)
		closedir(d);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return true;
	return false;
}

static void test_tokens_never_on_disk(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	char link[TOKEN_CHARS + 1], admin[TOKEN_CHARS + 1];
	assert_true(store_link_new(s, "t1", "x", link, NULL));
	assert_true(store_admin_new(s, admin));
	/* Look while open (the rows may still be in the WAL) and after. */
	for (int pass = 0; pass < 2; pass++) {
		char *buf = NULL;
		size_t len = 0;
		slurp_dir(f->dir, &buf, &len);
		char sha[65];
		token_hash(link, sha);
		assert_true(contains(buf, len, sha)); /* the search works */
		assert_false(contains(buf, len, link));
		assert_false(contains(buf, len, admin));
		free(buf);
		if (pass == 0)
			store_close(s);
	}
}

static void test_link_covers(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	put(s, "c1", "county", "", true);
	put(s, "t1", "town", "c1", true);
	put(s, "t2", "town", "c1", true);
	put(s, "v1", "village", "t1", true);
	put(s, "v2", "village", "t2", true);
	char tok[TOKEN_CHARS + 1];
	assert_true(store_link_new(s, "t1", "", tok, NULL));
	struct store_link l;
	assert_int_equal(store_link_find(s, tok, &l), 1);
	assert_true(store_link_covers(s, &l, "t1"));  /* its own */
	assert_true(store_link_covers(s, &l, "v1"));  /* its village */
	assert_false(store_link_covers(s, &l, "t2")); /* a sibling town */
	assert_false(store_link_covers(s, &l, "v2")); /* the sibling's village */
	assert_false(store_link_covers(s, &l, "c1")); /* its county */
	assert_false(store_link_covers(s, &l, "nobody"));
	assert_false(store_link_covers(s, &l, ""));

	/* A venue read from a file: a new village of the town is covered
	 * by its file's parent; an imported one by the store's parent,
	 * whatever the file says. */
	struct store_venue fresh = {.id = "v9", .tier = "village", .parent = "t1"};
	assert_true(store_link_covers_venue(s, &l, &fresh));
	fresh.parent = "t2";
	assert_false(store_link_covers_venue(s, &l, &fresh));
	fresh.parent = NULL;
	assert_false(store_link_covers_venue(s, &l, &fresh));
	struct store_venue moved = {.id = "v2", .tier = "village", .parent = "t1"};
	assert_false(store_link_covers_venue(s, &l, &moved)); /* v2 is t2's */
	struct store_venue own = {.id = "t1", .tier = "town", .parent = "c1"};
	assert_true(store_link_covers_venue(s, &l, &own));
	struct store_venue up = {.id = "c1", .tier = "county", .parent = ""};
	assert_false(store_link_covers_venue(s, &l, &up));
	store_link_clear(&l);
	store_close(s);
}

/* ---- submissions ---- */

static struct store_submission sub_of(const char *venue, const char *name)
{
	static struct store_result r[2] = {
		{.rule = "R1", .verdict = 0, .text_zh = "通过", .text_en = "pass"},
		{.rule = "R2", .verdict = 1, .text_zh = "差 3 场", .text_en = "3 short"},
	};
	return (struct store_submission){
		.venue_id = (char *)venue, .filename = (char *)name,
		.status = STORE_FAILING, .failing = 1, .pack_sha = "p1",
		.year = 2024, .results = r, .nresults = 2};
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = xmalloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, fp);
	fclose(fp);
	return buf;
}

static size_t count_blobs(const char *dir)
{
	char p[256];
	snprintf(p, sizeof p, "%s/blobs", dir);
	size_t n = 0;
	DIR *d = opendir(p);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char q[512];
		snprintf(q, sizeof q, "%s/%s", p, e->d_name);
		DIR *ds = opendir(q);
		struct dirent *g;
		while (ds && (g = readdir(ds)))
			n += g->d_name[0] != '.';
		if (ds)
			closedir(ds);
	}
	if (d)
		closedir(d);
	return n;
}

static void test_submit_blob_history_latest(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	const char a[] = "venue:\n  id: v1\n", b[] = "venue:\n  id: v1 # 2\n";
	struct store_submission s1 = sub_of("v1", "甲.yaml");
	char *err = NULL;
	assert_true(store_submit(s, &s1, a, strlen(a), &err));
	assert_null(err);
	assert_true(s1.id > 0);
	assert_int_equal(s1.size, strlen(a));
	assert_true(s1.received > 0);

	/* The blob's name is the sha256 of its bytes, and the bytes are
	 * the upload's. */
	char *path = store_blob_path(s, s1.sha256);
	size_t len = 0;
	char *got = read_file(path, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(a));
	assert_memory_equal(got, a, len);
	char sha[65];
	token_sha256_hex(got, len, sha);
	assert_string_equal(sha, s1.sha256);
	assert_non_null(strstr(path, "/blobs/"));
	assert_string_equal(strrchr(path, '/') + 1, sha);
	free(got);
	free(path);

	struct store_submission s2 = sub_of("v1", "乙.xlsx"), s3 = sub_of("v2", "x");
	strcpy(s3.ext, ".xls");
	assert_true(store_submit(s, &s2, b, strlen(b), NULL));
	assert_true(store_submit(s, &s3, a, strlen(a), NULL)); /* a's bytes again */
	assert_string_equal(s3.sha256, s1.sha256);
	assert_int_equal(count_blobs(f->dir), 2); /* one blob for a, one for b */
	struct store_submission s4 = sub_of("", "unreadable.bin");
	s4.status = STORE_INVALID;
	assert_true(store_submit(s, &s4, "\x01", 1, NULL));

	struct store_submission *h;
	size_t n = store_history(s, "v1", &h);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].id, s2.id); /* newest first */
	assert_int_equal(h[1].id, s1.id);
	assert_string_equal(h[0].filename, "乙.xlsx");
	assert_string_equal(h[0].ext, ".xlsx");
	assert_string_equal(h[1].ext, ".yaml");
	assert_int_equal(h[0].nresults, 0); /* history has no results */
	store_submissions_free(h, n);

	n = store_latest(s, &h);
	assert_int_equal(n, 2); /* v1 and v2; the unreadable file has none */
	assert_string_equal(h[0].venue_id, "v1");
	assert_int_equal(h[0].id, s2.id);
	assert_string_equal(h[1].venue_id, "v2");
	assert_string_equal(h[1].ext, ".xls");
	store_submissions_free(h, n);
	n = store_all(s, &h);
	assert_int_equal(n, 4);
	assert_int_equal(h[0].id, s1.id); /* oldest first */
	assert_int_equal(h[3].status, STORE_INVALID);
	store_submissions_free(h, n);

	struct store_submission back;
	assert_true(store_submission_get(s, s2.id, &back));
	assert_int_equal(back.nresults, 2);
	assert_string_equal(back.results[1].text_zh, "差 3 场");
	assert_int_equal(back.results[1].verdict, 1);
	assert_int_equal(back.year, 2024);
	assert_string_equal(back.pack_sha, "p1");
	assert_int_equal(back.link_id, 0);
	store_submission_clear(&back);
	assert_false(store_submission_get(s, 999, &back));
	store_close(s);
}

static void test_set_results_replaces(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	struct store_submission sub = sub_of("v1", "a.yaml");
	assert_true(store_submit(s, &sub, "a", 1, NULL));
	struct store_result one = {.rule = "R9", .verdict = 0,
				   .text_zh = "通过", .text_en = "pass"};
	sub.results = &one;
	sub.nresults = 1;
	sub.status = STORE_PASSED;
	sub.failing = 0;
	sub.pack_sha = "p2";
	assert_true(store_set_results(s, &sub));
	struct store_submission back;
	assert_true(store_submission_get(s, sub.id, &back));
	assert_int_equal(back.nresults, 1);
	assert_string_equal(back.results[0].rule, "R9");
	assert_int_equal(back.status, STORE_PASSED);
	assert_string_equal(back.pack_sha, "p2");
	store_submission_clear(&back);
	sub.id = 12345;
	assert_false(store_set_results(s, &sub)); /* no such submission */
	store_close(s);
}

static void test_link_id_kept(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	char tok[TOKEN_CHARS + 1];
	long long lid;
	assert_true(store_link_new(s, "v1", "", tok, &lid));
	struct store_submission sub = sub_of("v1", "a.yaml");
	sub.link_id = lid;
	assert_true(store_submit(s, &sub, "a", 1, NULL));
	struct store_submission back;
	assert_true(store_submission_get(s, sub.id, &back));
	assert_int_equal(back.link_id, lid);
	store_submission_clear(&back);
	/* A link that does not exist is refused (foreign keys are on), and
	 * the blob written before it stays harmless: no row names it. */
	sub.link_id = lid + 7;
	char *err = NULL;
	assert_false(store_submit(s, &sub, "b", 1, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, f->dir));
	free(err);
	struct store_submission *all;
	size_t n = store_all(s, &all);
	assert_int_equal(n, 1);
	store_submissions_free(all, n);
	store_close(s);
}

/* ---- scratch ---- */

static void test_tmp_emptied_by_the_first_opener(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	char *t = store_tmp_path(s, ".xlsx");
	assert_non_null(strstr(t, "/tmp/"));
	assert_non_null(strstr(t, ".xlsx"));
	FILE *fp = fopen(t, "w");
	assert_non_null(fp);
	fclose(fp);
	/* A second opener (the admin's command while the server runs)
	 * leaves the first one's scratch alone. */
	struct store *s2 = open_ok(f->dir);
	assert_true(exists(t));
	store_close(s2);
	store_close(s);
	s = open_ok(f->dir);
	assert_false(exists(t));
	store_close(s);
	free(t);
}

/* ---- threads ---- */

#define THREADS 4
#define PER_THREAD 200

struct worker {
	struct store *s;
	int n;
	int ok;
};

static void *submitter(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < PER_THREAD; i++) {
		char bytes[64], venue[16];
		snprintf(bytes, sizeof bytes, "thread %d file %d", w->n, i);
		snprintf(venue, sizeof venue, "v%d", w->n);
		struct store_submission sub = sub_of(venue, "a.yaml");
		w->ok += store_submit(w->s, &sub, bytes, strlen(bytes), NULL);
		/* Readers in between, as the pages do. */
		struct store_submission *h;
		store_submissions_free(h, store_latest(w->s, &h));
	}
	return NULL;
}

static void test_threads_submit_at_once(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->dir);
	pthread_t t[THREADS];
	struct worker w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.s = s, .n = i};
		assert_int_equal(pthread_create(&t[i], NULL, submitter, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].ok, PER_THREAD);
	}
	store_close(s);

	/* All there after a reopen, each with its blob and results. */
	s = open_ok(f->dir);
	struct store_submission *all;
	size_t n = store_all(s, &all);
	assert_int_equal(n, THREADS * PER_THREAD);
	for (size_t i = 0; i < n; i++) {
		char *p = store_blob_path(s, all[i].sha256);
		assert_true(exists(p));
		free(p);
	}
	store_submissions_free(all, n);
	assert_int_equal(count_blobs(f->dir), THREADS * PER_THREAD);
	assert_int_equal(db_int(f->dir, "SELECT count(*) FROM results"),
			 2 * THREADS * PER_THREAD);
	store_close(s);
}

/* ---- a directory that cannot be made ---- */

static void test_unwritable_directory(void **state)
{
	struct fixture *f = *state;
	/* Under a regular file: no one, not even root, makes that. */
	char file[128], dir[160];
	snprintf(file, sizeof file, "%s/file", f->root);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(dir, sizeof dir, "%s/data", file);
	char *err = NULL;
	assert_null(store_open(dir, true, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, dir));
	free(err);
	err = NULL;
	assert_null(store_open(file, false, &err)); /* a file, not a directory */
	assert_non_null(strstr(err, "无法"));
	free(err);
	/* A read-only directory, where permissions bind (not root). */
	if (geteuid() != 0) {
		assert_int_equal(mkdir(f->dir, 0500), 0);
		assert_null(store_open(f->dir, true, &err));
		assert_non_null(err);
		free(err);
		chmod(f->dir, 0700);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_dir, teardown_dir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_new_directory_migrated_from_0),
		T(test_database_of_migration_1_migrated),
		T(test_newer_schema_refused),
		T(test_venues_put_get_list),
		T(test_links_find_revoke),
		T(test_admin_token),
		T(test_tokens_never_on_disk),
		T(test_link_covers),
		T(test_submit_blob_history_latest),
		T(test_set_results_replaces),
		T(test_link_id_kept),
		T(test_tmp_emptied_by_the_first_opener),
		T(test_threads_submit_at_once),
		T(test_unwritable_directory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
