/* helpers.h - small shared helpers for the unit tests (header-only so each
 * test stays one file).  Tests run from the tests/ directory. */
#ifndef VC_TEST_HELPERS_H
#define VC_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "check.h"
#include "diag.h"
#include "pack.h"
#include "report.h"
#include "venue.h"

#define PACK_PATH "../rules/jiaxing-2015.yaml"

#define UNUSED_FN __attribute__((unused))

static UNUSED_FN char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	size_t got = fread(buf, 1, (size_t)n, f);
	buf[got] = '\0';
	fclose(f);
	return buf;
}

/* A batch's report in format f, as the bytes of the file it wrote at path
 * (removed after; NULL if there is none); malloc'ed. */
static UNUSED_FN char *report_bytes(const struct batch *b, const struct pack *p,
				    enum report_format f, const char *path)
{
	struct report_opts o = {.lang = LANG_ZH, .out = path, .created = 1};
	struct diags d;
	diag_init(&d);
	struct report *r = report_open(f, p, &o, &d);
	assert_non_null(r);
	batch_report_to(b, r);
	assert_true(report_finish(r, &d));
	diag_free(&d);
	char *text = read_text(path);
	assert_non_null(text);
	unlink(path);
	return text;
}

static UNUSED_FN struct pack *load_jiaxing(void)
{
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load(PACK_PATH, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", diag_format(&d.v[i], LANG_EN));
	diag_free(&d);
	return p;
}

/* For a group of tests that share the Jiaxing pack: the group's state
 * (each test's *state) holds it. */
static UNUSED_FN int setup_pack(void **state)
{
	*state = load_jiaxing();
	return *state ? 0 : -1;
}

static UNUSED_FN int teardown_pack(void **state)
{
	pack_free(*state);
	return 0;
}

/* Every diagnostic joined by newlines, for substring assertions. */
static UNUSED_FN char *diags_text(const struct diags *d)
{
	size_t cap = 1, len = 0;
	for (size_t i = 0; i < d->n; i++)
		cap += strlen(d->v[i].msg_en) + strlen(d->v[i].file) + 64;
	char *out = malloc(cap);
	out[0] = '\0';
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i], LANG_EN);
		len += (size_t)snprintf(out + len, cap - len, "%s\n", s);
		free(s);
	}
	return out;
}

/* Fail unless some diagnostic of d holds want. */
static UNUSED_FN void expect_diag(const struct diags *d, const char *want)
{
	char *all = diags_text(d);
	if (!strstr(all, want))
		fail_msg("expected '%s' in:\n%s", want, all);
	free(all);
}

/* A test that cannot run here (what it needs is missing) is skipped,
 * visibly; with CI=true it fails instead, since CI provides everything and
 * a skip there would hide a broken setup (tests/harness.py, the same for
 * the Python checks). */
static UNUSED_FN void skip_or_fail(const char *why)
{
	const char *ci = getenv("CI");
	if (ci && strcmp(ci, "true") == 0)
		fail_msg("%s (CI=true: nothing may be skipped)", why);
	print_message("SKIP: %s\n", why);
	skip();
}

static UNUSED_FN const struct result *find_result(const struct check_report *r,
						  const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->results[i].rule->id, id) == 0)
			return &r->results[i];
	return NULL;
}

/* Remove a directory tree a test made (its temporary data directory). */
static UNUSED_FN void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

#endif
