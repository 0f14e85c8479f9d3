/* outfile.c - atomic replacement of report files. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

bool outfile_open(struct outfile *o, const char *path, bool stream,
		  struct diags *d)
{
	memset(o, 0, sizeof *o);
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return true;
	}
	/* Renaming over a device or a directory would replace it: refuse. */
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		diags_add(d, DC_IO, DIAG_ERROR, path, 0, 0,
			  "cannot write the report: not a regular file "
			  "(use -o - for standard output)");
		return false;
	}
	o->path = xstrdup(path);
	size_t n = strlen(path) + sizeof ".tmp.XXXXXX";
	o->tmp = malloc(n);
	if (!o->tmp)
		abort();
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		diags_add(d, DC_IO, DIAG_ERROR, path, 0, 0, "cannot write the report: %s",
			  strerror(errno));
		free(o->tmp);
		free(o->path);
		memset(o, 0, sizeof *o);
		return false;
	}
	/* mkstemp makes 0600: a new report is an ordinary file, a replaced
	 * one keeps its mode (who may read it was decided once). */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, exists ? st.st_mode & 0777 : 0666 & ~mask);
	if (stream) {
		o->fp = fdopen(fd, "wb");
		if (!o->fp)
			abort();
	} else {
		close(fd);
	}
	return true;
}

bool outfile_commit(struct outfile *o, struct diags *d)
{
	bool ok = true;
	if (!o->path && !o->fp)
		return true; /* aborted already */
	if (o->fp == stdout)
		return fflush(stdout) == 0;
	if (o->fp) {
		ok = fflush(o->fp) == 0 && fsync(fileno(o->fp)) == 0;
		ok = fclose(o->fp) == 0 && ok;
		o->fp = NULL;
	}
	if (ok && rename(o->tmp, o->path) != 0)
		ok = false;
	if (!ok) {
		diags_add(d, DC_IO, DIAG_ERROR, o->path, 0, 0, "cannot write the report: %s",
			  strerror(errno));
		outfile_abort(o);
		return false;
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	return true;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}
