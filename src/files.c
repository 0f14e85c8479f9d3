/* files.c - collecting a batch's files. */
#include "files.h"
#include "filekind.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "doc.h"
#include "xalloc.h"

static void push_str(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[*n] = xstrdup(s);
	++*n;
}

/* Add path, with what the walk knows of it (seen: FILES_*, key when
 * found).  A list no longer keyed (files_unique has run) stays so. */
static void push_seen(struct filelist *l, const char *path, unsigned char seen,
		      struct files_key key)
{
	if (!l->n)
		filenames_init(&l->names, true);
	if (l->nkeys == l->n) {
		if (l->nkeys == l->keycap) {
			l->keycap = l->keycap ? 2 * l->keycap : 64;
			l->keys = xrealloc(l->keys, l->keycap * sizeof *l->keys);
			l->seen = xrealloc(l->seen, l->keycap);
		}
		l->keys[l->nkeys] = key;
		l->seen[l->nkeys++] = seen;
	}
	filenames_add(&l->names, path);
	l->n = l->names.n;
}

static void push(struct filelist *l, const char *path)
{
	push_seen(l, path, FILES_UNSEEN, (struct files_key){0, 0});
}

const char *files_get(const struct filelist *l, size_t i,
		      char buf[FILENAMES_JOIN_MAX])
{
	return filenames_get(&l->names, i, buf);
}

bool files_is_venue(const char *name)
{
	/* "~$x.xlsx" is the lock file Excel and WPS keep beside an open one. */
	if (name[0] == '.' || !strncmp(name, "~$", 2))
		return false;
	return filekind_of(name) != FILEKIND_OTHER;
}

/* A directory's entry: its name, whether to walk into it, and for a venue
 * file what stat(2) says of it. */
struct dent {
	char *name;
	bool dir, venue;
	unsigned char seen;
	struct files_key key;
};

static int cmp_dent(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name, ((const struct dent *)b)->name);
}

/* Entry e of the directory open as fd.  Walked into: readdir's word that
 * it is a directory, else lstat's when readdir has none (a link to a
 * directory is not followed, so no loops).  A venue file is stat'ed here,
 * by name from fd (through links, as files_unique would): a country's
 * tree has 620,000 files, and a stat by path walks every directory of it
 * again. */
static struct dent classify(int fd, const struct dirent *e)
{
	struct dent t = {xstrdup(e->d_name), e->d_type == DT_DIR,
			 files_is_venue(e->d_name), FILES_UNSEEN, {0, 0}};
	struct stat st;
	if (e->d_type == DT_UNKNOWN) {
		if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return t;
		t.dir = S_ISDIR(st.st_mode);
		if (!t.dir && t.venue && !S_ISLNK(st.st_mode)) {
			t.seen = FILES_FOUND;
			t.key = (struct files_key){st.st_dev, st.st_ino};
			return t;
		}
	}
	if (t.dir || !t.venue)
		return t;
	bool found = fstatat(fd, e->d_name, &st, 0) == 0;
	t.seen = found ? FILES_FOUND : FILES_MISSING;
	if (found)
		t.key = (struct files_key){st.st_dev, st.st_ino};
	return t;
}

/* The entries of dp but . and hidden ones, sorted by name (n of them). */
static struct dent *read_entries(DIR *dp, size_t *n)
{
	struct dent *v = NULL;
	size_t cap = 0;
	*n = 0;
	int fd = dirfd(dp);
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = classify(fd, e);
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_dent);
	return v;
}

/* dir/name (malloc'ed). */
static char *join_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = xmalloc(len);
	snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
		 name);
	return path;
}

/* The sorted entries of dir at depth into *names (n of them); false
 * after an error in d. */
static bool open_sorted(const char *dir, int depth, struct dent **names,
			size_t *n, struct diags *d)
{
	if (depth > 64) {
		diag_addm(d, DM_DIRS_TOO_DEEP, DIAG_ERROR, dir, 0, 0);
		return false;
	}
	DIR *dp = opendir(dir);
	if (!dp) {
		diag_addm(d, DM_CANNOT_READ_DIR, DIAG_ERROR, dir, 0, 0,
			  diag_errno(errno));
		return false;
	}
	*names = read_entries(dp, n);
	closedir(dp);
	return true;
}

static bool walk(struct filelist *l, const char *dir, int depth,
		 struct diags *d);

/* Entry e of dir, at depth: walked into, or taken as a venue file. */
static bool take(struct filelist *l, const char *dir, const struct dent *e,
		 int depth, struct diags *d)
{
	bool ok = true;
	char *path = join_path(dir, e->name);
	if (e->dir)
		ok = walk(l, path, depth + 1, d);
	else if (e->venue)
		push_seen(l, path, e->seen, e->key);
	free(path);
	return ok;
}

static bool walk(struct filelist *l, const char *dir, int depth,
		 struct diags *d)
{
	size_t n;
	struct dent *names;
	if (!open_sorted(dir, depth, &names, &n, d))
		return false;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		ok = take(l, dir, &names[i], depth, d) && ok;
		free(names[i].name);
	}
	free(names);
	return ok;
}

/* ---- a directory given, walked on several threads (l->jobs) ----
 *
 * A country's tree is 620,000 files in 50,000 directories: its walk is
 * a readdir of each directory and a stat of each file, system calls that
 * take a third of a second at 100,000 files, before the first venue can
 * be read.  The entries of the directory given are taken by as many
 * threads as the batch will have, each into a list of its own with its
 * own messages, and the lists are joined in the entries' order: the list,
 * and every message in its place, are those of the walk on one thread. */
struct part {
	struct filelist l;
	struct diags d;
	bool ok;
};

struct parts {
	const char *dir;
	const struct dent *names;
	struct part *v;
	size_t n;
	atomic_size_t next;
};

static void *walker(void *arg)
{
	struct parts *ps = arg;
	size_t i;
	while ((i = atomic_fetch_add(&ps->next, 1)) < ps->n)
		ps->v[i].ok = take(&ps->v[i].l, ps->dir, &ps->names[i], 0,
				   &ps->v[i].d);
	return NULL;
}

/* Part p's files and messages after l's and d's. */
static void join_part(struct filelist *l, struct part *p, struct diags *d)
{
	char buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < p->l.n; i++)
		push_seen(l, files_get(&p->l, i, buf), p->l.seen[i], p->l.keys[i]);
	diag_append(d, &p->d);
	diag_free(&p->d);
	files_free(&p->l);
}

static void run_walkers(struct parts *ps, int jobs)
{
	pthread_t t[64];
	int started = 0;
	for (; started < jobs - 1 && started < 64 && (size_t)started + 1 < ps->n;
	     started++)
		if (pthread_create(&t[started], NULL, walker, ps) != 0)
			break; /* the threads there are (this one) take the rest */
	walker(ps);
	for (int k = 0; k < started; k++)
		pthread_join(t[k], NULL);
}

static bool walk_top(struct filelist *l, const char *dir, struct diags *d)
{
	if (l->jobs <= 1)
		return walk(l, dir, 0, d);
	struct parts ps = {.dir = dir};
	struct dent *names;
	if (!open_sorted(dir, 0, &names, &ps.n, d))
		return false;
	ps.names = names;
	ps.v = xcalloc(ps.n + 1, sizeof *ps.v);
	for (size_t i = 0; i < ps.n; i++)
		diag_init(&ps.v[i].d);
	atomic_init(&ps.next, 0);
	run_walkers(&ps, l->jobs);
	bool ok = true;
	for (size_t i = 0; i < ps.n; i++) {
		ok = ps.v[i].ok && ok;
		join_part(l, &ps.v[i], d);
		free(names[i].name);
	}
	free(ps.v);
	free(names);
	return ok;
}

/* One line of a list into buf (size > PATH_MAX), without its newline:
 * its length, LINE_EOF at the end, LINE_LONG past PATH_MAX bytes (the
 * rest is not read), or LINE_NUL at a NUL byte (*at: its column). */
enum { LINE_EOF = -1, LINE_LONG = -2, LINE_NUL = -3 };

static long read_line(FILE *f, char *buf, size_t size, int *at)
{
	size_t n = 0;
	int c;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0') {
			*at = (int)n + 1;
			return LINE_NUL;
		}
		if (n + 1 >= size)
			return LINE_LONG;
		buf[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return LINE_EOF;
	buf[n] = '\0';
	return (long)n;
}

/* A list's problem at its line; the list is read no further. */
static bool list_error(struct diags *d, enum diag_msg m, const char *name,
		       size_t line, int col, ...)
{
	va_list ap;
	va_start(ap, col);
	diag_vaddm(d, m, DIAG_ERROR, name, line > INT_MAX ? INT_MAX : (int)line,
		   col, ap);
	va_end(ap);
	return false;
}

bool files_add_list(struct filelist *l, const char *path, struct diags *d)
{
	bool in = strcmp(path, "-") == 0;
	const char *name = in ? "standard input" : path;
	FILE *f = in ? stdin : fopen(path, "r");
	if (!f) {
		diag_addm(d, DM_CANNOT_READ_LIST, DIAG_ERROR, path, 0, 0,
			  diag_errno(errno));
		return false;
	}
	size_t max = l->max_listed ? l->max_listed : doc_default_limits.items;
	char buf[PATH_MAX + 2]; /* a path, and the CR of a CRLF line */
	bool ok = true, more = true;
	for (size_t line = 1; more; line++) {
		int at = 0;
		long n = read_line(f, buf, sizeof buf, &at);
		if (n == LINE_EOF)
			break;
		while (n > 0 && buf[n - 1] == '\r')
			buf[--n] = '\0';
		if (n == LINE_NUL) {
			more = list_error(d, DM_LIST_NUL, name, line, at);
		} else if (n == LINE_LONG || n >= PATH_MAX) {
			more = list_error(d, DM_LIST_LONG_PATH, name, line, 1,
					  (int)PATH_MAX);
		} else if (line > max) {
			more = list_error(d, DM_LIST_TOO_MANY, name, line, 1, max);
		} else if (n > 0 && strcmp(buf, "-") != 0) {
			ok = files_add_arg(l, buf, d) && ok;
		}
		ok = ok && more;
	}
	if (ferror(f)) {
		diag_addm(d, DM_CANNOT_READ_LIST, DIAG_ERROR, name, 0, 0,
			  diag_errno(errno));
		ok = false;
	}
	if (f != stdin)
		fclose(f);
	return ok;
}

bool files_add_arg(struct filelist *l, const char *arg, struct diags *d)
{
	if (strcmp(arg, "-") == 0)
		return files_add_list(l, "-", d);
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		push_str(&l->dirs, &l->ndirs, &l->dircap, arg);
		return walk_top(l, arg, d);
	}
	/* Named files are taken whatever their extension; a missing one is
	 * reported when it is loaded, with the others. */
	push(l, arg);
	return true;
}

void files_free(struct filelist *l)
{
	if (l->n)
		filenames_free(&l->names);
	for (size_t i = 0; i < l->ndirs; i++)
		free(l->dirs[i]);
	free(l->dirs);
	free(l->keys);
	free(l->seen);
	memset(l, 0, sizeof *l);
}

static bool same_inode(const char *path, const struct stat *st)
{
	struct stat s2;
	return stat(path, &s2) == 0 && s2.st_dev == st->st_dev &&
	       s2.st_ino == st->st_ino;
}

/* The part of path below root ("" for root itself), or NULL when path is
 * not under root.  Both are absolute and resolved (realpath). */
static const char *below(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1)
		return path + 1; /* root is "/" */
	if (strncmp(path, root, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path[n] ? path + n + 1 : path + n;
}

/* Whether the walk of root reaches rest: no part of it starts with '.' */
static bool walked(const char *rest)
{
	for (const char *p = rest; *p; p++)
		if ((p == rest || p[-1] == '/') && *p == '.')
			return false;
	return true;
}

/* The resolved directory out would be written in, or NULL. */
static char *out_dir(const char *out)
{
	const char *slash = strrchr(out, '/');
	char *dir = slash ? xstrndup(out, slash == out ? 1 : (size_t)(slash - out))
			  : xstrdup(".");
	char *real = realpath(dir, NULL);
	free(dir);
	return real;
}

/* out would be taken as a venue file by the walk of one of l's directories:
 * the one it is in, else NULL. */
static const char *read_by_walk(const struct filelist *l, const char *out)
{
	const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	if (!files_is_venue(base) || l->ndirs == 0)
		return NULL;
	char *dir = out_dir(out);
	const char *hit = NULL;
	for (size_t i = 0; dir && !hit && i < l->ndirs; i++) {
		char *root = realpath(l->dirs[i], NULL);
		const char *rest = root ? below(dir, root) : NULL;
		if (rest && walked(rest))
			hit = l->dirs[i];
		free(root);
	}
	free(dir);
	return hit;
}

bool files_output_safe(const struct filelist *l, const char *out,
		       const char *const *inputs, size_t ninputs,
		       struct diags *d)
{
	if (strcmp(out, "-") == 0)
		return true;
	struct stat st;
	const char *input = NULL;
	char buf[FILENAMES_JOIN_MAX];
	if (stat(out, &st) == 0) {
		for (size_t i = 0; !input && i < l->n; i++)
			if (same_inode(files_get(l, i, buf), &st))
				input = files_get(l, i, buf);
		for (size_t i = 0; !input && i < ninputs; i++)
			if (inputs[i] && same_inode(inputs[i], &st))
				input = inputs[i];
	}
	if (input) {
		diag_addm(d, DM_OUTPUT_IS_INPUT, DIAG_ERROR, out, 0, 0, input);
		return false;
	}
	const char *dir = read_by_walk(l, out);
	if (dir) {
		diag_addm(d, DM_OUTPUT_IN_INPUT_DIR, DIAG_ERROR, out, 0, 0, dir);
		return false;
	}
	return true;
}

/* A file is known by its device and inode (one stat, where realpath would
 * read every link on the way: the walk's, else made here); one that cannot
 * be stat'ed (found false), by its path, and is reported when it is read.
 * 16 bytes a file and its index, sorted: the list's names are not copied. */
struct unique {
	const struct filelist *l;
	struct files_key *k;
	unsigned char *found;
};

static int cmp_path(const struct filelist *l, size_t x, size_t y)
{
	char a[FILENAMES_JOIN_MAX], b[FILENAMES_JOIN_MAX];
	return strcmp(files_get(l, x, a), files_get(l, y, b));
}

/* (found first or not, then the file, then its position in the list). */
static int cmp_index(const struct unique *u, uint32_t x, uint32_t y)
{
	int c = (u->found[x] > u->found[y]) - (u->found[x] < u->found[y]);
	const struct files_key *kx = &u->k[x], *ky = &u->k[y];
	if (!c && u->found[x])
		c = kx->dev != ky->dev ? (kx->dev > ky->dev ? 1 : -1)
		  : kx->ino != ky->ino ? (kx->ino > ky->ino ? 1 : -1) : 0;
	if (!c && !u->found[x])
		c = cmp_path(u->l, x, y);
	return c ? c : (x > y) - (x < y);
}

static bool same_file(const struct unique *u, uint32_t x, uint32_t y)
{
	if (u->found[x] != u->found[y])
		return false;
	return u->found[x] ? u->k[x].dev == u->k[y].dev && u->k[x].ino == u->k[y].ino
			   : cmp_path(u->l, x, y) == 0;
}

/* v (n indices) sorted by cmp_index, stably (a merge sort: qsort has no
 * context in C11, and the list is sorted by index, not copied). */
static void sort_indices(const struct unique *u, uint32_t *v, size_t n)
{
	uint32_t *tmp = xcalloc(n, sizeof *tmp);
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = cmp_index(u, v[b], v[a]) < 0 ? v[b++] : v[a++];
			while (a < mid)
				tmp[k++] = v[a++];
			while (b < hi)
				tmp[k++] = v[b++];
		}
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
}

/* l without the files marked in drop: made again only when some are. */
static void drop_marked(struct filelist *l, const unsigned char *drop, bool any)
{
	if (!any)
		return;
	struct filenames kept;
	filenames_init(&kept, true);
	char buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < l->n; i++)
		if (!drop[i])
			filenames_add(&kept, files_get(l, i, buf));
	filenames_trim(&kept);
	filenames_free(&l->names);
	l->names = kept;
	l->n = kept.n; /* never 0: the first mention of each is kept */
}

/* Each of l's files' key: the walk's, else a stat by path now.  Takes
 * l's keys (u->k, u->found: 1 found, 0 not); l is keyed no more. */
static void key_all(struct filelist *l, struct unique *u)
{
	size_t n = l->n, known = l->nkeys;
	u->k = xrealloc(l->keys, n * sizeof *u->k);
	u->found = xrealloc(l->seen, n);
	l->keys = NULL;
	l->seen = NULL;
	l->nkeys = l->keycap = 0;
	char buf[FILENAMES_JOIN_MAX];
	for (size_t i = 0; i < n; i++) {
		unsigned char seen = i < known ? u->found[i] : FILES_UNSEEN;
		struct stat st;
		if (seen == FILES_UNSEEN && stat(files_get(l, i, buf), &st) == 0) {
			seen = FILES_FOUND;
			u->k[i] = (struct files_key){st.st_dev, st.st_ino};
		}
		u->found[i] = seen == FILES_FOUND;
		if (!u->found[i])
			u->k[i] = (struct files_key){0, 0};
	}
}

void files_unique(struct filelist *l)
{
	size_t n = l->n;
	if (n == 0)
		return;
	filenames_trim(&l->names);
	struct unique u = {l, NULL, NULL};
	key_all(l, &u);
	uint32_t *order = xcalloc(n, sizeof *order); /* n < UINT32_MAX: filenames.h */
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	/* Sorting by (file, position) keeps the first mention of each. */
	sort_indices(&u, order, n);
	unsigned char *drop = xcalloc(n, 1);
	bool any = false;
	for (size_t i = 1; i < n; i++)
		if (same_file(&u, order[i], order[i - 1])) {
			drop[order[i]] = 1;
			any = true;
		}
	free(order);
	free(u.k);
	free(u.found);
	drop_marked(l, drop, any);
	free(drop);
}
