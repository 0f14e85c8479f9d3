/* packfind.c - find a rule pack by name or path.  Shared by the command
 * line and by the pack loader, which resolves `extends:` the same way. */
#include "packfind.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef RULESDIR
#define RULESDIR "/usr/local/share/venuecheck/rules"
#endif

const char *packfind_rulesdir(void)
{
	return RULESDIR;
}

/* The directory of the running binary, so a build tree and an installed
 * tree both find their packs without flags. */
static bool exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

static bool try_dir(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s.yaml", dir, name);
	return n > 0 && (size_t)n < size && access(out, R_OK) == 0;
}

/* A relative path in a pack is relative to that pack, not to the caller's
 * working directory: a pack and its base move together. */
static bool relative_to(const char *path, const char *from, char *out,
			size_t size)
{
	const char *slash = from ? strrchr(from, '/') : NULL;
	int n = path[0] == '/' || !slash
		? snprintf(out, size, "%s", path)
		: snprintf(out, size, "%.*s/%s", (int)(slash - from), from, path);
	return n > 0 && (size_t)n < size;
}

void packfind_dirs_init(struct packfind_dirs *dirs, const char *extra)
{
	dirs->n = 0;
	if (extra && *extra)
		dirs->v[dirs->n++] = extra;
	char dir[PATH_MAX];
	if (exe_dir(dir, sizeof dir)) {
		snprintf(dirs->own[0], sizeof dirs->own[0], "%s/rules", dir);
		snprintf(dirs->own[1], sizeof dirs->own[1], "%s/../share/venuecheck/rules", dir);
		dirs->v[dirs->n++] = dirs->own[0];
		dirs->v[dirs->n++] = dirs->own[1];
	}
	dirs->v[dirs->n++] = RULESDIR;
}

/* dirs, or the built-in ones when NULL (in own). */
static const struct packfind_dirs *or_default(const struct packfind_dirs *dirs,
					      struct packfind_dirs *own)
{
	if (dirs)
		return dirs;
	packfind_dirs_init(own, NULL);
	return own;
}

bool packfind_path(const struct packfind_dirs *dirs, const char *name,
		   const char *from, char *out, size_t size)
{
	if (strchr(name, '/') || strstr(name, ".yaml") || strstr(name, ".yml"))
		return relative_to(name, from, out, size);
	struct packfind_dirs own;
	dirs = or_default(dirs, &own);
	for (size_t i = 0; i < dirs->n; i++)
		if (try_dir(out, size, dirs->v[i], name))
			return true;
	return false;
}

/* dir, with its symbolic links resolved, into out (PATH_MAX); false if it
 * does not exist. */
static bool real_dir(const char *dir, char *out)
{
	return realpath(dir, out) != NULL;
}

static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Whether the real path is under one of the pack directories. */
static bool in_search_path(const struct packfind_dirs *dirs, const char *real)
{
	char canon[PATH_MAX];
	for (size_t i = 0; i < dirs->n; i++)
		if (real_dir(dirs->v[i], canon) && inside(real, canon))
			return true;
	return false;
}

/* Whether the real path is under the directory of the pack from. */
static bool in_tree_of(const char *real, const char *from)
{
	char dir[PATH_MAX], canon[PATH_MAX];
	const char *slash = from ? strrchr(from, '/') : NULL;
	int n = slash ? snprintf(dir, sizeof dir, "%.*s", (int)(slash - from), from)
		      : snprintf(dir, sizeof dir, ".");
	if (n <= 0 || (size_t)n >= sizeof dir)
		return false;
	if (!*dir)
		memcpy(dir, "/", 2);
	return real_dir(dir, canon) && inside(real, canon);
}

static bool ends_yaml(const char *s)
{
	size_t n = strlen(s);
	return n >= 5 && strcmp(s + n - 5, ".yaml") == 0;
}

enum packfind_result packfind_base(const struct packfind_dirs *dirs,
				   const char *name, const char *from,
				   char *out, size_t size)
{
	struct packfind_dirs own;
	dirs = or_default(dirs, &own);
	bool path = strchr(name, '/') || strstr(name, ".yaml") ||
		    strstr(name, ".yml");
	if (!packfind_path(dirs, name, from, out, size))
		return PACKFIND_NOT_FOUND;
	if (!path)
		return PACKFIND_OK; /* NAME.yaml in a pack directory */
	if (!ends_yaml(name))
		return PACKFIND_NOT_YAML;
	char real[PATH_MAX];
	if (!realpath(out, real))
		return PACKFIND_NOT_FOUND;
	if (!ends_yaml(real))
		return PACKFIND_NOT_YAML;
	if (in_tree_of(real, from) || in_search_path(dirs, real))
		return PACKFIND_OK;
	return PACKFIND_OUTSIDE;
}
