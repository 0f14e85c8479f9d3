/* outfile.c - atomic replacement of report files. */
#include "outfile.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "dir/" of path ("" for a bare name) and its base name. */
static void split_path(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;
	*dir = xmalloc(n + 1);
	memcpy(*dir, path, n);
	(*dir)[n] = '\0';
}

/* Whether name is base + ".tmp." + six of mkstemp's characters. */
static bool is_own_tmp(const char *name, const char *base)
{
	size_t n = strlen(base);
	if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp.", 5) != 0)
		return false;
	const char *x = name + n + 5;
	size_t k = 0;
	for (; x[k]; k++)
		if (!((x[k] >= 'a' && x[k] <= 'z') || (x[k] >= 'A' && x[k] <= 'Z') ||
		      (x[k] >= '0' && x[k] <= '9')))
			return false;
	return k == 6;
}

/* A stale temporary: a regular file of ours, old, and locked by nobody. */
static bool remove_if_stale(const char *file, time_t now)
{
	struct stat st;
	if (lstat(file, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    now - st.st_mtime < OUTFILE_STALE_SECONDS)
		return false;
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat now_st;
	bool gone = false;
	if (fstat(fd, &now_st) == 0 && now_st.st_ino == st.st_ino &&
	    now_st.st_dev == st.st_dev && flock(fd, LOCK_EX | LOCK_NB) == 0)
		gone = unlink(file) == 0; /* under our lock: no writer has it */
	close(fd);
	return gone;
}

size_t outfile_clean_stale(const char *path)
{
	char *dir;
	const char *base;
	split_path(path, &dir, &base);
	DIR *dp = opendir(*dir ? dir : ".");
	size_t removed = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while (dp && *base && (e = readdir(dp))) {
		if (!is_own_tmp(e->d_name, base))
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 1;
		char *file = xmalloc(n);
		snprintf(file, n, "%s%s", dir, e->d_name);
		removed += remove_if_stale(file, now);
		free(file);
	}
	if (dp)
		closedir(dp);
	free(dir);
	return removed;
}

/* -o /dev/null, /dev/stdout, a named pipe: written in place (there is no
 * file to replace atomically), its errors reported as any other's. */
static bool open_direct(struct outfile *o, const char *path, struct diags *d)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	o->fp = fd < 0 ? NULL : fdopen(fd, "wb");
	if (!o->fp) {
		diag_addm(d, DM_CANNOT_WRITE_REPORT, DIAG_ERROR, path, 0, 0,
			  diag_errno(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	o->path = xstrdup(path);
	o->direct = true;
	return true;
}

bool outfile_open(struct outfile *o, const char *path, bool stream,
		  struct diags *d)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return true;
	}
	/* Renaming over a device or a directory would replace it: a stream
	 * goes straight into a device or pipe, anything else is refused. */
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && stream && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
		return open_direct(o, path, d);
	if (exists && !S_ISREG(st.st_mode)) {
		bool dev = S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode);
		diag_addm(d, S_ISDIR(st.st_mode) ? DM_REPORT_IS_DIR
			  : dev ? DM_REPORT_WB_DEVICE : DM_REPORT_NOT_FILE,
			  DIAG_ERROR, path, 0, 0);
		return false;
	}
	outfile_clean_stale(path);
	o->path = xstrdup(path);
	size_t n = strlen(path) + sizeof ".tmp.XXXXXX";
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		diag_addm(d, DM_CANNOT_WRITE_REPORT, DIAG_ERROR, path, 0, 0,
			  diag_errno(errno));
		free(o->tmp);
		free(o->path);
		memset(o, 0, sizeof *o);
		o->fd = -1;
		return false;
	}
	/* Held until the rename: another run's cleanup leaves it alone. */
	(void)flock(fd, LOCK_EX | LOCK_NB);
	/* mkstemp makes 0600: a new report is an ordinary file, a replaced
	 * one keeps its mode (who may read it was decided once). */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, exists ? st.st_mode & 0777 : 0666 & ~mask);
	o->fd = fd;
	if (stream) {
		/* The stream writes through its own descriptor; ours keeps
		 * the lock (it is the same open file). */
		int sfd = dup(fd);
		o->fp = sfd < 0 ? NULL : fdopen(sfd, "wb");
		if (!o->fp) {
			diag_addm(d, DM_CANNOT_WRITE_REPORT, DIAG_ERROR, path, 0, 0,
				  diag_errno(errno));
			if (sfd >= 0)
				close(sfd);
			outfile_abort(o);
			return false;
		}
	}
	return true;
}

int outfile_stream_error(FILE *fp)
{
	bool had = ferror(fp) != 0;
	errno = 0;
	if (fflush(fp) == 0 && !had)
		return 0;
	return errno ? errno : -1;
}

/* The reason an earlier write to our temporary failed, when the stream
 * kept none to retry (a large write goes past its buffer): one more byte
 * on the temporary, which is removed anyway. */
static int probe(int fd)
{
	return fd >= 0 && write(fd, "", 1) < 0 ? errno : -1;
}

static void release(struct outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	o->fd = -1;
}

static bool fail(struct outfile *o, struct diags *d, int err)
{
	if (err < 0 && o->fp != stdout)
		err = probe(o->fd);
	diag_addm(d, err > 0 ? DM_CANNOT_WRITE_REPORT : DM_WRITE_FAILED,
		  DIAG_ERROR, o->path ? o->path : "standard output", 0, 0,
		  diag_errno(err));
	if (o->fp == stdout) {
		clearerr(stdout); /* said once, here, not again at exit */
		o->fp = NULL;
		return false;
	}
	outfile_abort(o);
	return false;
}

bool outfile_commit(struct outfile *o, struct diags *d)
{
	if (!o->path && !o->fp)
		return true; /* aborted already */
	int err = 0;
	if (o->fp == stdout) {
		err = outfile_stream_error(stdout);
		if (err)
			return fail(o, d, err);
		o->fp = NULL;
		return true;
	}
	if (o->direct) {
		err = outfile_stream_error(o->fp);
		if (fclose(o->fp) != 0 && !err)
			err = errno;
		o->fp = NULL;
		if (err)
			return fail(o, d, err);
		release(o);
		return true;
	}
	if (o->fp) {
		err = outfile_stream_error(o->fp);
		if (!err && fsync(fileno(o->fp)) != 0)
			err = errno;
		if (fclose(o->fp) != 0 && !err)
			err = errno;
		o->fp = NULL; /* o->fd still holds the temporary (probe) */
	} else if (o->fd >= 0 && fsync(o->fd) != 0) {
		err = errno; /* written by name by a library */
	}
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err)
		return fail(o, d, err);
	release(o);
	return true;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}
