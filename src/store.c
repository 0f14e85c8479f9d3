/* store.c - the server's data directory (store.h): one SQLite database
 * and content-addressed blobs.
 *
 * Threads: one connection behind one mutex.  The server has a pool of two
 * to a few threads, every call here is short (an indexed lookup or one
 * small transaction), and SQLite lets only one writer commit at a time
 * anyway, so a connection per thread would buy readers nothing but
 * thread-exit bookkeeping.  The slow part of a submission, writing and
 * fsync'ing the blob, runs outside the mutex.  WAL still matters: another
 * process (`venuecheck link`, `export` while the server runs) reads
 * without blocking the server's writer, and the busy timeout makes two
 * writers wait for each other instead of failing.
 *
 * Durability: synchronous=FULL (the WAL is fsync'ed at every commit); a
 * blob is on disk, renamed and its directory fsync'ed, before the row
 * that names it commits, so a row never names a missing file.
 * Pipeline step: front end (server). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "xalloc.h"

#define STORE_BUSY_MS 10000

struct store {
	pthread_mutex_t mu;
	sqlite3 *db;
	char *dir;
	bool english;
	int lockfd; /* DIR/venuecheck.lock, held shared while open */
	char secret[TOKEN_CHARS + 1];
};

/* ---- messages: Chinese or English, with DIR's paths (the admin's
 * console only: the server shows clients a generic error) ---- */

/* STORE_TR picks one of two literal formats, so the compiler checks both
 * against the arguments. */
#define STORE_TR(english, zh, en) ((english) ? (en) : (zh))

__attribute__((format(printf, 2, 3))) static void store_err(char **error,
							      const char *fmt,
							      ...)
{
	if (!error)
		return;
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	free(*error);
	*error = xmalloc(n < 0 ? 1 : (size_t)n + 1);
	if (n < 0)
		(*error)[0] = '\0';
	else
		vsnprintf(*error, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

static char *store_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* ---- the schema: numbered migrations, append only.  Never edit one
 * that has shipped: a database made by it is migrated from it. ---- */

static const char *const store_migrations[] = {
	/* 1: the first schema. */
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
	"  PRIMARY KEY (submission_id, seq));",
	/* 2: the kind of each stored file (".xlsx", ".yaml", ".xls"), so
	 * export names it right whatever the client called it; older rows
	 * take it from their file name. */
	"ALTER TABLE submissions ADD COLUMN kind TEXT NOT NULL DEFAULT '';"
	"UPDATE submissions SET kind = CASE"
	"  WHEN lower(filename) LIKE '%.xlsx' THEN '.xlsx'"
	"  WHEN lower(filename) LIKE '%.xls' THEN '.xls'"
	"  WHEN lower(filename) LIKE '%.yaml' OR lower(filename) LIKE '%.yml'"
	"  THEN '.yaml' ELSE '' END;"
	"CREATE INDEX links_venue ON links (venue_id);",
};

#define STORE_VERSION ((int)countof(store_migrations))

static bool store_exec(struct store *s, const char *sql, char **error)
{
	char *why = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &why) == SQLITE_OK)
		return true;
	store_err(error, STORE_TR(s->english, "数据库出错（%s/venuecheck.db）：%s",
		  "database error (%s/venuecheck.db): %s"), s->dir,
		  why ? why : sqlite3_errmsg(s->db));
	sqlite3_free(why);
	return false;
}

static int store_user_version(struct store *s)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Migration v+1, in its own transaction with the version bump; the
 * version is read again inside it, so two processes opening a new
 * directory at once do not both apply it. */
static bool store_migrate_one(struct store *s, int v, char **error)
{
	if (!store_exec(s, "BEGIN IMMEDIATE", error))
		return false;
	int now = store_user_version(s);
	if (now != v) {
		store_exec(s, "ROLLBACK", NULL);
		return now > v;
	}
	char bump[48];
	snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
	if (!store_exec(s, store_migrations[v], error) ||
	    !store_exec(s, bump, error) || !store_exec(s, "COMMIT", error)) {
		store_exec(s, "ROLLBACK", NULL);
		return false;
	}
	return true;
}

static bool store_migrate(struct store *s, char **error)
{
	for (;;) {
		int v = store_user_version(s);
		if (v < 0)
			return store_exec(s, "PRAGMA user_version", error);
		if (v > STORE_VERSION) {
			store_err(error, STORE_TR(s->english,
				  "%s/venuecheck.db 的格式（第 %d 版）比这个 "
				  "venuecheck 认识的（第 %d 版）新：请用更新的版本",
				  "%s/venuecheck.db has schema version %d, newer "
				  "than this venuecheck knows (%d): use a newer one"),
				  s->dir, v, STORE_VERSION);
			return false;
		}
		if (v == STORE_VERSION)
			return true;
		if (!store_migrate_one(s, v, error))
			return false;
	}
}

/* ---- opening: the directory, its lock, tmp/, the database ---- */

static bool store_mkdir(const char *path, bool english, char **error)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST) {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return true;
		errno = ENOTDIR;
	}
	store_err(error, STORE_TR(english, "无法创建目录 %s：%s",
		  "cannot create directory %s: %s"), path, strerror(errno));
	return false;
}

/* Remove everything under path (not path itself); symbolic links are
 * removed, never followed. */
static void store_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = store_join(path, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			store_empty_dir(p);
			rmdir(p);
		} else {
			unlink(p);
		}
		free(p);
	}
	closedir(d);
}

/* Blob temporaries a killed writer left behind (.tmp-*, never a blob). */
static void store_clean_blob_tmps(const char *blobs)
{
	DIR *d = opendir(blobs);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strlen(e->d_name) != 2)
			continue;
		char *sub = store_join(blobs, e->d_name);
		DIR *ds = opendir(sub);
		struct dirent *f;
		while (ds && (f = readdir(ds)))
			if (!strncmp(f->d_name, ".tmp-", 5)) {
				char *p = store_join(sub, f->d_name);
				unlink(p);
				free(p);
			}
		if (ds)
			closedir(ds);
		free(sub);
	}
	closedir(d);
}

/* Scratch is emptied only by the first opener: a second process (the
 * admin's `venuecheck link` while the server runs) must not delete the
 * server's report in the making.  The exclusive lock says no one else
 * has the directory open; it is then kept shared until store_close. */
static bool store_lock(struct store *s, char **error)
{
	char *lock = store_join(s->dir, "venuecheck.lock");
	s->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lockfd < 0) {
		store_err(error, STORE_TR(s->english, "无法打开 %s：%s",
			  "cannot open %s: %s"), lock, strerror(errno));
		free(lock);
		return false;
	}
	free(lock);
	char *tmp = store_join(s->dir, "tmp");
	char *blobs = store_join(s->dir, "blobs");
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) == 0) {
		store_empty_dir(tmp);
		store_clean_blob_tmps(blobs);
	}
	free(tmp);
	free(blobs);
	flock(s->lockfd, LOCK_SH);
	return true;
}

static bool store_dirs(struct store *s, char **error)
{
	static const char *const subs[] = {"blobs", "tmp"};
	if (!store_mkdir(s->dir, s->english, error))
		return false;
	for (size_t i = 0; i < countof(subs); i++) {
		char *p = store_join(s->dir, subs[i]);
		bool ok = store_mkdir(p, s->english, error);
		free(p);
		if (!ok)
			return false;
	}
	return true;
}

static bool store_pragmas(struct store *s, char **error)
{
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	sqlite3_stmt *st;
	bool wal = false;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode=WAL", -1, &st,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			const unsigned char *m = sqlite3_column_text(st, 0);
			wal = m && !strcmp((const char *)m, "wal");
		}
		sqlite3_finalize(st);
	}
	if (!wal) {
		store_err(error, STORE_TR(s->english,
			  "%s/venuecheck.db 无法使用 WAL 日志：%s",
			  "%s/venuecheck.db cannot use WAL journaling: %s"),
			  s->dir, sqlite3_errmsg(s->db));
		return false;
	}
	return store_exec(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
			  error);
}

static const char *store_meta_get(struct store *s, const char *key,
				  char *buf, size_t size)
{
	sqlite3_stmt *st;
	const char *out = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?",
			       -1, &st, NULL))
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
		out = buf;
	}
	sqlite3_finalize(st);
	return out;
}

/* The CSRF secret: made once, kept in meta (INSERT OR IGNORE: a second
 * process opening a new directory at once keeps the first one's). */
static bool store_load_secret(struct store *s, char **error)
{
	char fresh[TOKEN_CHARS + 1];
	if (!token_new(fresh)) {
		store_err(error, STORE_TR(s->english, "系统随机数源不可用",
			  "the system's random source failed"));
		return false;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT OR IGNORE INTO meta VALUES ('secret', ?)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, fresh, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (store_meta_get(s, "secret", s->secret, sizeof s->secret))
		return true;
	store_err(error, STORE_TR(s->english, "%s/venuecheck.db 缺少密钥：%s",
				  "%s/venuecheck.db has no secret: %s"),
		  s->dir, sqlite3_errmsg(s->db));
	return false;
}

static bool store_open_db(struct store *s, char **error)
{
	char *path = store_join(s->dir, "venuecheck.db");
	int rc = sqlite3_open_v2(path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		store_err(error, STORE_TR(s->english, "无法打开数据库 %s：%s",
			  "cannot open the database %s: %s"), path,
			  s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		free(path);
		return false;
	}
	free(path);
	return store_pragmas(s, error) && store_migrate(s, error) &&
	       store_load_secret(s, error);
}

struct store *store_open(const char *dir, bool english, char **error)
{
	struct store *s = xcalloc(1, sizeof *s);
	s->dir = xstrdup(dir);
	s->english = english;
	s->lockfd = -1;
	pthread_mutex_init(&s->mu, NULL);
	if (error)
		*error = NULL;
	if (!store_dirs(s, error) || !store_lock(s, error) ||
	    !store_open_db(s, error)) {
		store_close(s);
		return NULL;
	}
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	if (s->lockfd >= 0)
		close(s->lockfd);
	pthread_mutex_destroy(&s->mu);
	free(s->dir);
	free(s);
}

const char *store_secret(const struct store *s)
{
	return s->secret;
}

const char *store_dir(const struct store *s)
{
	return s->dir;
}

char *store_blob_path(const struct store *s, const char *sha)
{
	size_t n = strlen(s->dir) + strlen(sha) + 16;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/blobs/%.2s/%s", s->dir, sha, sha);
	return p;
}

char *store_tmp_path(const struct store *s, const char *suffix)
{
	char name[TOKEN_CHARS + 1];
	/* The name need only be unique, not secret: fall back to the clock
	 * and an address if the random source fails. */
	if (!token_new(name))
		snprintf(name, sizeof name, "%lld-%p", (long long)time(NULL),
			 (const void *)&name);
	size_t n = strlen(s->dir) + strlen(name) + strlen(suffix) + 8;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/tmp/%s%s", s->dir, name, suffix);
	return p;
}

/* ---- statements ---- */

static void store_lock_mu(struct store *s)
{
	pthread_mutex_lock(&s->mu);
}

static void store_unlock_mu(struct store *s)
{
	pthread_mutex_unlock(&s->mu);
}

static sqlite3_stmt *store_prep(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	return st;
}

static char *store_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

/* Run a statement that returns no row; true if it did. */
static bool store_done(sqlite3_stmt *st)
{
	if (!st)
		return false;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/* The rows of sql (with one text parameter, or none) as an array of
 * elem-sized structs, each filled by row. */
static size_t store_collect(struct store *s, const char *sql, const char *arg,
			    size_t elem, void (*row)(sqlite3_stmt *, void *),
			    void **out)
{
	*out = NULL;
	size_t n = 0, cap = 0;
	char *v = NULL;
	store_lock_mu(s);
	sqlite3_stmt *st = store_prep(s, sql);
	if (st && arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * elem);
		}
		memset(v + n * elem, 0, elem);
		row(st, v + n++ * elem);
	}
	sqlite3_finalize(st);
	store_unlock_mu(s);
	*out = v;
	return n;
}

/* ---- the admin ---- */

bool store_has_admin(struct store *s)
{
	store_lock_mu(s);
	sqlite3_stmt *st = store_prep(
		s, "SELECT 1 FROM admin_tokens WHERE revoked = 0 LIMIT 1");
	bool yes = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	store_unlock_mu(s);
	return yes;
}

bool store_admin_new(struct store *s, char token[TOKEN_CHARS + 1])
{
	char sha[65];
	if (!token_new(token))
		return false;
	token_hash(token, sha);
	long long now = (long long)time(NULL);
	store_lock_mu(s);
	bool ok = store_exec(s, "BEGIN IMMEDIATE", NULL);
	sqlite3_stmt *st = store_prep(
		s, "UPDATE admin_tokens SET revoked = ? WHERE revoked = 0");
	if (st)
		sqlite3_bind_int64(st, 1, now);
	ok = ok && store_done(st);
	st = store_prep(s, "INSERT INTO admin_tokens (token_sha, created) "
			   "VALUES (?, ?)");
	if (st) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
	}
	ok = store_done(st) && ok;
	ok = ok && store_exec(s, "COMMIT", NULL);
	if (!ok)
		store_exec(s, "ROLLBACK", NULL);
	store_unlock_mu(s);
	if (!ok)
		token[0] = '\0';
	return ok;
}

bool store_admin_ok(struct store *s, const char *token)
{
	if (!token_valid(token))
		return false;
	char sha[65];
	token_hash(token, sha);
	store_lock_mu(s);
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM admin_tokens "
					 "WHERE token_sha = ? AND revoked = 0");
	if (st)
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	bool ok = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	store_unlock_mu(s);
	return ok;
}

/* ---- venues ---- */

/* An imported venue is the admin's word: a file's venue (imported false)
 * never changes it, so an upload cannot move a venue under another
 * town.  An import always wins and stays imported. */
static bool store_venue_upsert(struct store *s, const struct store_venue *v)
{
	if (!v->id || !*v->id)
		return false;
	sqlite3_stmt *st = store_prep(
		s, "INSERT INTO venues (id, name, tier, parent, imported) "
		   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
		   "name = excluded.name, tier = excluded.tier, "
		   "parent = excluded.parent, "
		   "imported = max(imported, excluded.imported) "
		   "WHERE venues.imported = 0 OR excluded.imported = 1");
	if (st) {
		sqlite3_bind_text(st, 1, v->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v->name ? v->name : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, v->tier ? v->tier : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, v->parent ? v->parent : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(st, 5, v->imported);
	}
	return store_done(st);
}

bool store_venue_put(struct store *s, const struct store_venue *v)
{
	return store_venues_put(s, v, 1);
}

bool store_venues_put(struct store *s, const struct store_venue *v, size_t n)
{
	store_lock_mu(s);
	bool ok = store_exec(s, "BEGIN IMMEDIATE", NULL);
	for (size_t i = 0; ok && i < n; i++)
		ok = store_venue_upsert(s, &v[i]);
	ok = ok && store_exec(s, "COMMIT", NULL);
	if (!ok)
		store_exec(s, "ROLLBACK", NULL);
	store_unlock_mu(s);
	return ok;
}

static void store_venue_row(sqlite3_stmt *st, void *out)
{
	struct store_venue *v = out;
	v->id = store_col(st, 0);
	v->name = store_col(st, 1);
	v->tier = store_col(st, 2);
	v->parent = store_col(st, 3);
	v->imported = sqlite3_column_int(st, 4) != 0;
}

#define STORE_VENUE_COLS "SELECT id, name, tier, parent, imported FROM venues "

bool store_venue_get(struct store *s, const char *id, struct store_venue *v)
{
	struct store_venue *all;
	size_t n = store_collect(s, STORE_VENUE_COLS "WHERE id = ?", id,
				 sizeof *all, store_venue_row, (void **)&all);
	memset(v, 0, sizeof *v);
	if (n == 1)
		*v = all[0];
	free(all);
	return n == 1;
}

size_t store_venues(struct store *s, struct store_venue **out)
{
	return store_collect(s, STORE_VENUE_COLS "ORDER BY id", NULL,
			     sizeof **out, store_venue_row, (void **)out);
}

void store_venue_clear(struct store_venue *v)
{
	free(v->id);
	free(v->name);
	free(v->tier);
	free(v->parent);
	memset(v, 0, sizeof *v);
}

void store_venues_free(struct store_venue *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_venue_clear(&v[i]);
	free(v);
}

/* ---- links ---- */

bool store_link_new(struct store *s, const char *venue_id, const char *label,
		    char token[TOKEN_CHARS + 1], long long *id)
{
	char sha[65];
	token[0] = '\0';
	if (!venue_id || !*venue_id || !token_new(token))
		return false;
	token_hash(token, sha);
	store_lock_mu(s);
	sqlite3_stmt *st = store_prep(
		s, "INSERT INTO links (token_sha, venue_id, label, created) "
		   "VALUES (?, ?, ?, ?)");
	if (st) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, venue_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, label ? label : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (long long)time(NULL));
	}
	bool ok = store_done(st);
	if (ok && id)
		*id = sqlite3_last_insert_rowid(s->db);
	store_unlock_mu(s);
	if (!ok)
		token[0] = '\0';
	return ok;
}

bool store_link_revoke(struct store *s, long long id)
{
	store_lock_mu(s);
	sqlite3_stmt *st = store_prep(
		s, "UPDATE links SET revoked = ? WHERE id = ? AND revoked = 0");
	if (st) {
		sqlite3_bind_int64(st, 1, (long long)time(NULL));
		sqlite3_bind_int64(st, 2, id);
	}
	bool ok = store_done(st) && sqlite3_changes(s->db) == 1;
	store_unlock_mu(s);
	return ok;
}

static void store_link_row(sqlite3_stmt *st, void *out)
{
	struct store_link *l = out;
	l->id = sqlite3_column_int64(st, 0);
	l->venue_id = store_col(st, 1);
	l->label = store_col(st, 2);
	l->created = sqlite3_column_int64(st, 3);
	l->revoked = sqlite3_column_int64(st, 4);
}

#define STORE_LINK_COLS "SELECT id, venue_id, label, created, revoked FROM links "

int store_link_find(struct store *s, const char *token, struct store_link *l)
{
	memset(l, 0, sizeof *l);
	if (!token_valid(token))
		return 0;
	char sha[65];
	token_hash(token, sha);
	struct store_link *all;
	size_t n = store_collect(s, STORE_LINK_COLS "WHERE token_sha = ?", sha,
				 sizeof *all, store_link_row, (void **)&all);
	if (n == 1)
		*l = all[0];
	free(all);
	return n != 1 ? 0 : l->revoked ? -1 : 1;
}

bool store_link_get(struct store *s, long long id, struct store_link *l)
{
	char arg[32];
	snprintf(arg, sizeof arg, "%lld", id);
	struct store_link *all;
	size_t n = store_collect(s, STORE_LINK_COLS "WHERE id = CAST(? AS INTEGER)",
				 arg, sizeof *all, store_link_row, (void **)&all);
	memset(l, 0, sizeof *l);
	if (n == 1)
		*l = all[0];
	free(all);
	return n == 1;
}

bool store_link_covers(struct store *s, const struct store_link *l,
		       const char *venue_id)
{
	if (!l || !l->venue_id || !venue_id || !*venue_id)
		return false;
	if (!strcmp(l->venue_id, venue_id))
		return true;
	struct store_venue v;
	if (!store_venue_get(s, venue_id, &v))
		return false;
	bool child = !strcmp(v.parent, l->venue_id);
	store_venue_clear(&v);
	return child;
}

bool store_link_covers_venue(struct store *s, const struct store_link *l,
			     const struct store_venue *v)
{
	if (!l || !l->venue_id || !v || !v->id || !*v->id)
		return false;
	if (!strcmp(l->venue_id, v->id))
		return true;
	struct store_venue known;
	bool child;
	if (store_venue_get(s, v->id, &known) && known.imported)
		child = !strcmp(known.parent, l->venue_id);
	else
		child = v->parent && !strcmp(v->parent, l->venue_id);
	store_venue_clear(&known);
	return child;
}

size_t store_links(struct store *s, struct store_link **out)
{
	return store_collect(s, STORE_LINK_COLS "ORDER BY id", NULL,
			     sizeof **out, store_link_row, (void **)out);
}

void store_link_clear(struct store_link *l)
{
	free(l->venue_id);
	free(l->label);
	memset(l, 0, sizeof *l);
}

void store_links_free(struct store_link *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_link_clear(&l[i]);
	free(l);
}

/* ---- blobs ---- */

static bool store_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

static bool store_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* DIR/blobs/xx/, made (and its parent fsync'ed, so the new directory
 * survives a power cut) when absent. */
static bool store_blob_dir(const char *dir)
{
	if (mkdir(dir, 0700) == 0) {
		char *parent = xstrdup(dir);
		*strrchr(parent, '/') = '\0';
		bool ok = store_fsync_dir(parent);
		free(parent);
		return ok;
	}
	return errno == EEXIST;
}

/* The temporary in the blob's own directory, so the rename is atomic. */
static bool store_blob_put(const char *path, const void *bytes, size_t len)
{
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	char *tmp = store_join(dir, ".tmp-XXXXXX");
	bool ok = store_blob_dir(dir);
	int fd = ok ? mkstemp(tmp) : -1;
	ok = fd >= 0 && store_write_all(fd, bytes, len) && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	ok = ok && rename(tmp, path) == 0 && store_fsync_dir(dir);
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(dir);
	return ok;
}

/* The same bytes a second time: the blob is there already (a blob is
 * renamed into place only whole, so one of the right size is the one). */
static bool store_blob_write(struct store *s, const char *sha,
			     const void *bytes, size_t len, char **error)
{
	char *path = store_blob_path(s, sha);
	struct stat st;
	bool ok = (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		   (size_t)st.st_size == len) ||
		  store_blob_put(path, bytes, len);
	if (!ok)
		store_err(error, STORE_TR(s->english, "无法保存上传的文件 %s：%s",
			  "cannot save the uploaded file %s: %s"), path,
			  strerror(errno));
	free(path);
	return ok;
}

/* ---- submissions ---- */

static bool store_results_insert(struct store *s, long long id,
				 const struct store_result *r, size_t n)
{
	sqlite3_stmt *st = store_prep(
		s, "INSERT INTO results (submission_id, seq, rule, verdict, "
		   "text_zh, text_en) VALUES (?, ?, ?, ?, ?, ?)");
	bool ok = st != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i);
		sqlite3_bind_text(st, 3, r[i].rule ? r[i].rule : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(st, 4, r[i].verdict);
		sqlite3_bind_text(st, 5, r[i].text_zh ? r[i].text_zh : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 6, r[i].text_en ? r[i].text_en : "", -1,
				  SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return ok;
}

/* The kind of a file from its name, for a caller that gave none. */
static const char *store_kind_of(const char *ext, const char *filename)
{
	if (*ext)
		return ext;
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	if (!dot)
		return "";
	if (!strcasecmp(dot, ".xlsx") || !strcasecmp(dot, ".xls"))
		return !strcasecmp(dot, ".xls") ? ".xls" : ".xlsx";
	if (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml"))
		return ".yaml";
	return "";
}

static bool store_sub_insert(struct store *s, struct store_submission *sub)
{
	sqlite3_stmt *st = store_prep(
		s, "INSERT INTO submissions (venue_id, link_id, filename, sha256,"
		   " size, received, status, failing, pack_sha, year, kind) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sub->venue_id ? sub->venue_id : "", -1,
			  SQLITE_STATIC);
	if (sub->link_id > 0)
		sqlite3_bind_int64(st, 2, sub->link_id);
	sqlite3_bind_text(st, 3, sub->filename ? sub->filename : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sub->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (long long)sub->size);
	sqlite3_bind_int64(st, 6, sub->received);
	sqlite3_bind_int(st, 7, (int)sub->status);
	sqlite3_bind_int64(st, 8, (long long)sub->failing);
	sqlite3_bind_text(st, 9, sub->pack_sha ? sub->pack_sha : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, sub->year);
	sqlite3_bind_text(st, 11, store_kind_of(sub->ext, sub->filename), -1,
			  SQLITE_STATIC);
	if (!store_done(st))
		return false;
	sub->id = sqlite3_last_insert_rowid(s->db);
	return true;
}

/* The row and its results in one transaction: both or neither. */
static bool store_sub_commit(struct store *s, struct store_submission *sub,
			     char **error)
{
	store_lock_mu(s);
	bool ok = store_exec(s, "BEGIN IMMEDIATE", error);
	if (ok && !(store_sub_insert(s, sub) &&
		    store_results_insert(s, sub->id, sub->results,
					 sub->nresults))) {
		store_err(error, STORE_TR(s->english, "无法保存提交（%s/venuecheck.db）：%s",
			  "cannot save the submission (%s/venuecheck.db): %s"),
			  s->dir, sqlite3_errmsg(s->db));
		ok = false;
	}
	ok = ok && store_exec(s, "COMMIT", error);
	if (!ok) {
		store_exec(s, "ROLLBACK", NULL);
		sub->id = 0;
	}
	store_unlock_mu(s);
	return ok;
}

bool store_submit(struct store *s, struct store_submission *sub,
		  const void *bytes, size_t len, char **error)
{
	if (error)
		*error = NULL;
	token_sha256_hex(bytes, len, sub->sha256);
	sub->size = len;
	sub->received = (long long)time(NULL);
	return store_blob_write(s, sub->sha256, bytes, len, error) &&
	       store_sub_commit(s, sub, error);
}

bool store_set_results(struct store *s, const struct store_submission *sub)
{
	store_lock_mu(s);
	bool ok = store_exec(s, "BEGIN IMMEDIATE", NULL);
	sqlite3_stmt *st = store_prep(
		s, "DELETE FROM results WHERE submission_id = ?");
	if (st)
		sqlite3_bind_int64(st, 1, sub->id);
	ok = store_done(st) && ok;
	st = store_prep(s, "UPDATE submissions SET status = ?, failing = ?, "
			   "pack_sha = ?, year = ? WHERE id = ?");
	if (st) {
		sqlite3_bind_int(st, 1, (int)sub->status);
		sqlite3_bind_int64(st, 2, (long long)sub->failing);
		sqlite3_bind_text(st, 3, sub->pack_sha ? sub->pack_sha : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, sub->year);
		sqlite3_bind_int64(st, 5, sub->id);
	}
	ok = store_done(st) && sqlite3_changes(s->db) == 1 && ok;
	ok = ok && store_results_insert(s, sub->id, sub->results, sub->nresults);
	ok = ok && store_exec(s, "COMMIT", NULL);
	if (!ok)
		store_exec(s, "ROLLBACK", NULL);
	store_unlock_mu(s);
	return ok;
}

static void store_sub_row(sqlite3_stmt *st, void *out)
{
	struct store_submission *sub = out;
	sub->id = sqlite3_column_int64(st, 0);
	sub->link_id = sqlite3_column_int64(st, 1); /* NULL reads as 0 */
	sub->venue_id = store_col(st, 2);
	sub->filename = store_col(st, 3);
	snprintf(sub->sha256, sizeof sub->sha256, "%s",
		 (const char *)sqlite3_column_text(st, 4));
	sub->size = (size_t)sqlite3_column_int64(st, 5);
	sub->received = sqlite3_column_int64(st, 6);
	sub->status = (enum store_status)sqlite3_column_int(st, 7);
	sub->failing = (size_t)sqlite3_column_int64(st, 8);
	sub->pack_sha = store_col(st, 9);
	sub->year = (long)sqlite3_column_int64(st, 10);
	snprintf(sub->ext, sizeof sub->ext, "%s",
		 (const char *)sqlite3_column_text(st, 11));
}

#define STORE_SUB_COLS                                                      \
	"SELECT id, link_id, venue_id, filename, sha256, size, received, "  \
	"status, failing, pack_sha, year, kind FROM submissions "

static void store_result_row(sqlite3_stmt *st, void *out)
{
	struct store_result *r = out;
	r->rule = store_col(st, 0);
	r->verdict = sqlite3_column_int(st, 1);
	r->text_zh = store_col(st, 2);
	r->text_en = store_col(st, 3);
}

bool store_submission_get(struct store *s, long long id,
			  struct store_submission *out)
{
	char arg[32];
	snprintf(arg, sizeof arg, "%lld", id);
	struct store_submission *all;
	size_t n = store_collect(s, STORE_SUB_COLS "WHERE id = CAST(? AS INTEGER)",
				 arg, sizeof *all, store_sub_row, (void **)&all);
	memset(out, 0, sizeof *out);
	if (n != 1) {
		store_submissions_free(all, n);
		return false;
	}
	*out = all[0];
	free(all);
	out->nresults = store_collect(
		s, "SELECT rule, verdict, text_zh, text_en FROM results WHERE "
		   "submission_id = CAST(? AS INTEGER) ORDER BY seq",
		arg, sizeof *out->results, store_result_row,
		(void **)&out->results);
	return true;
}

size_t store_history(struct store *s, const char *venue_id,
		     struct store_submission **out)
{
	return store_collect(s, STORE_SUB_COLS "WHERE venue_id = ? ORDER BY id DESC",
			     venue_id ? venue_id : "", sizeof **out,
			     store_sub_row, (void **)out);
}

size_t store_latest(struct store *s, struct store_submission **out)
{
	return store_collect(s,
			     STORE_SUB_COLS "WHERE id IN (SELECT max(id) FROM "
					    "submissions WHERE venue_id <> '' "
					    "GROUP BY venue_id) ORDER BY venue_id",
			     NULL, sizeof **out, store_sub_row, (void **)out);
}

size_t store_all(struct store *s, struct store_submission **out)
{
	return store_collect(s, STORE_SUB_COLS "ORDER BY id", NULL,
			     sizeof **out, store_sub_row, (void **)out);
}

void store_submission_clear(struct store_submission *sub)
{
	free(sub->venue_id);
	free(sub->filename);
	free(sub->pack_sha);
	for (size_t i = 0; i < sub->nresults; i++) {
		free(sub->results[i].rule);
		free(sub->results[i].text_zh);
		free(sub->results[i].text_en);
	}
	free(sub->results);
	memset(sub, 0, sizeof *sub);
}

void store_submissions_free(struct store_submission *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_submission_clear(&v[i]);
	free(v);
}
