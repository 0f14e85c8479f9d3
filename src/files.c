/* files.c - collecting a batch's files. */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void push(struct filelist *l, const char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n] = strdup(path);
	if (!l->v[l->n])
		abort();
	l->n++;
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), m = strlen(ext);
	return n > m && strcasecmp(name + n - m, ext) == 0;
}

bool files_is_venue(const char *name)
{
	/* "~$x.xlsx" is the lock file Excel and WPS keep beside an open one. */
	if (name[0] == '.' || !strncmp(name, "~$", 2))
		return false;
	return has_ext(name, ".yaml") || has_ext(name, ".yml") ||
	       has_ext(name, ".xlsx") || has_ext(name, ".xls") || has_ext(name, ".et");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool walk(struct filelist *l, const char *dir, int depth,
		 struct diags *d)
{
	if (depth > 64) {
		diags_add(d, DC_TOO_DEEP, DIAG_ERROR, dir, 0, 0, "directories nested too deeply");
		return false;
	}
	DIR *dp = opendir(dir);
	if (!dp) {
		diags_add(d, DC_IO, DIAG_ERROR, dir, 0, 0, "cannot read the directory: %s",
			  strerror(errno));
		return false;
	}
	struct filelist names = {0};
	struct dirent *e;
	while ((e = readdir(dp)))
		if (e->d_name[0] != '.')
			push(&names, e->d_name);
	closedir(dp);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	bool ok = true;
	for (size_t i = 0; i < names.n; i++) {
		size_t len = strlen(dir) + strlen(names.v[i]) + 2;
		char *path = malloc(len);
		if (!path)
			abort();
		snprintf(path, len, "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
		struct stat st;
		/* lstat: a link to a directory is not followed, so no loops. */
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ok = walk(l, path, depth + 1, d) && ok;
		else if (files_is_venue(names.v[i]))
			push(l, path);
		free(path);
	}
	files_free(&names);
	return ok;
}

bool files_add_list(struct filelist *l, const char *path, struct diags *d)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		diags_add(d, DC_IO, DIAG_ERROR, path, 0, 0, "cannot read the file list: %s",
			  strerror(errno));
		return false;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0 && strcmp(line, "-") != 0)
			ok = files_add_arg(l, line, d) && ok;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ok;
}

bool files_add_arg(struct filelist *l, const char *arg, struct diags *d)
{
	if (strcmp(arg, "-") == 0)
		return files_add_list(l, "-", d);
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		return walk(l, arg, 0, d);
	/* Named files are taken whatever their extension; a missing one is
	 * reported when it is loaded, with the others. */
	push(l, arg);
	return true;
}

void files_free(struct filelist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* A file is known by its device and inode (one stat, where realpath would
 * read every link on the way); one that cannot be stat'ed, by its path, and
 * is reported when it is read. */
struct keyed {
	bool found;
	dev_t dev;
	ino_t ino;
	const char *path;
	size_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = (x->found > y->found) - (x->found < y->found);
	if (!c && x->found)
		c = x->dev != y->dev ? (x->dev > y->dev ? 1 : -1)
		  : x->ino != y->ino ? (x->ino > y->ino ? 1 : -1) : 0;
	if (!c && !x->found)
		c = strcmp(x->path, y->path);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static bool same_file(const struct keyed *x, const struct keyed *y)
{
	if (x->found != y->found)
		return false;
	return x->found ? x->dev == y->dev && x->ino == y->ino
			: strcmp(x->path, y->path) == 0;
}

void files_unique(struct filelist *l)
{
	size_t n = l->n;
	struct keyed *k = calloc(n + 1, sizeof *k);
	bool *drop = calloc(n + 1, sizeof *drop);
	if (!k || !drop)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		k[i].found = stat(l->v[i], &st) == 0;
		k[i].dev = k[i].found ? st.st_dev : 0;
		k[i].ino = k[i].found ? st.st_ino : 0;
		k[i].path = l->v[i];
		k[i].index = i;
	}
	/* Sorting by (file, position) keeps the first mention of each. */
	qsort(k, n, sizeof *k, cmp_keyed);
	for (size_t i = 1; i < n; i++)
		if (same_file(&k[i], &k[i - 1]))
			drop[k[i].index] = true;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (drop[i])
			free(l->v[i]);
		else
			l->v[m++] = l->v[i];
	}
	l->n = m;
	free(k);
	free(drop);
}
