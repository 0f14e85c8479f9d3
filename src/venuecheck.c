/* venuecheck.c - the public interface (venuecheck.h) over the internal
 * modules: packs (rules.c), batches (batch.c), labels (label.c) and
 * reports (report.c).  Thin on purpose: the behaviour lives in the
 * modules, this file only turns their values into what an outside program
 * can use without the internal headers. */
#include "venuecheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "label.h"
#include "report.h"
#include "pack.h"
#include "xalloc.h"

_Static_assert((int)VC_PASS == (int)VERDICT_PASS && (int)VC_FAIL == (int)VERDICT_FAIL &&
	       (int)VC_MISSING == (int)VERDICT_MISSING && (int)VC_NA == (int)VERDICT_NA &&
	       (int)VC_NEEDS_BATCH == (int)VERDICT_BATCH &&
	       (int)VC_WAIVED == (int)VERDICT_WAIVED,
	       "the public verdicts are the engine's");

/* Every diagnostic of d, one per line, as a string the caller frees. */
static char *diags_lines(const struct diags *d, enum lang l)
{
	size_t cap = 1;
	char **lines = xcalloc(d->n + 1, sizeof *lines);
	for (size_t i = 0; i < d->n; i++) {
		lines[i] = diag_format(&d->v[i], l);
		cap += strlen(lines[i]) + 1;
	}
	char *out = xmalloc(cap), *p = out;
	for (size_t i = 0; i < d->n; i++) {
		size_t n = strlen(lines[i]);
		memcpy(p, lines[i], n);
		p[n] = '\n';
		p += n + 1;
		free(lines[i]);
	}
	*p = '\0';
	free(lines);
	return out;
}

static enum lang lang_of(bool english)
{
	return english ? LANG_EN : LANG_ZH;
}

struct pack *vc_pack_load_in(const char *path, bool english, char **errors)
{
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load(path, &d);
	if (errors)
		*errors = p ? NULL : diags_lines(&d, lang_of(english));
	diag_free(&d);
	return p;
}

struct pack *vc_pack_load(const char *path, char **errors)
{
	return vc_pack_load_in(path, false, errors);
}

void vc_pack_free(struct pack *p) { pack_free(p); }

const char *vc_pack_title(const struct pack *p) { return p->title; }

struct batch *vc_batch_new(const struct pack *p, const struct vc_batch_opts *o)
{
	static const struct vc_batch_opts none;
	if (!o)
		o = &none;
	struct batch_opts bo = {.jobs = o->jobs, .year = o->year,
				.complete = o->complete, .today = o->today};
	return batch_new(p, &bo);
}

void vc_batch_free(struct batch *b) { batch_free(b); }

void vc_batch_add_path(struct batch *b, const char *path) { batch_add_path(b, path); }

void vc_batch_add_path_as(struct batch *b, const char *path, const char *name)
{
	batch_add_path_as(b, path, name);
}

void vc_batch_add_buffer(struct batch *b, const char *name, const char *bytes,
			 size_t len)
{
	batch_add_buffer(b, name, bytes, len);
}

int vc_batch_run(struct batch *b)
{
	batch_run(b, NULL);
	return (int)batch_status(b, FAIL_ON_MISSING);
}

size_t vc_batch_files(const struct batch *b) { return batch_count(b); }

const char *vc_file_name(const struct batch *b, size_t file) { return batch_name(b, file); }

bool vc_file_checked(const struct batch *b, size_t file)
{
	return batch_report(b, file) != NULL;
}

char *vc_file_problems_in(const struct batch *b, size_t file, bool english)
{
	return diags_lines(batch_diags(b, file), lang_of(english));
}

char *vc_file_problems(const struct batch *b, size_t file)
{
	return vc_file_problems_in(b, file, false);
}

size_t vc_file_diags(const struct batch *b, size_t file)
{
	return batch_diags(b, file)->n;
}

const char *vc_diag_code(const struct batch *b, size_t file, size_t k)
{
	return diag_code_id(batch_diags(b, file)->v[k].code);
}

bool vc_diag_is_error(const struct batch *b, size_t file, size_t k)
{
	return batch_diags(b, file)->v[k].level == DIAG_ERROR;
}

const char *vc_diag_message(const struct batch *b, size_t file, size_t k,
			    bool english)
{
	return diag_text(&batch_diags(b, file)->v[k], lang_of(english));
}

size_t vc_file_results(const struct batch *b, size_t file)
{
	const struct check_report *rep = batch_report(b, file);
	return rep ? rep->n : 0;
}

static const struct result *result(const struct batch *b, size_t file, size_t k)
{
	return &batch_report(b, file)->results[k];
}

const char *vc_result_rule(const struct batch *b, size_t file, size_t k)
{
	return result(b, file, k)->rule->id;
}

enum vc_verdict vc_result_verdict(const struct batch *b, size_t file, size_t k)
{
	return (enum vc_verdict)result(b, file, k)->verdict;
}

const char *vc_verdict_label(enum vc_verdict v, bool english)
{
	return label_verdict((enum verdict)v, english ? LANG_EN : LANG_ZH);
}

char *vc_result_text(const struct batch *b, size_t file, size_t k, bool english)
{
	struct arena a;
	arena_init(&a);
	const char *text = label_outcome(result(b, file, k), english ? LANG_EN : LANG_ZH, &a);
	char *out = xstrdup(text ? text : "");
	arena_free(&a);
	return out;
}

bool vc_batch_report(const struct batch *b, const char *format,
		     const char *path, bool english, char **errors)
{
	enum report_format f;
	struct diags d;
	diag_init(&d);
	if (!report_format_parse(format, &f))
		diag_addm(&d, DM_UNKNOWN_FORMAT, DIAG_ERROR, path, 0, 0, format);
	else if (report_format_needs_file(f) && !strcmp(path, "-"))
		diag_addm(&d, DM_FORMAT_NEEDS_FILE, DIAG_ERROR, path, 0, 0,
			  format);
	struct report_opts o = {.lang = english ? LANG_EN : LANG_ZH, .bom = true,
				.out = path};
	struct report *r = d.n ? NULL : report_open(f, batch_pack(b), &o, &d);
	bool ok = r != NULL;
	if (r) {
		batch_report_to(b, r);
		ok = report_finish(r, &d);
	}
	if (errors)
		*errors = ok ? NULL : diags_lines(&d, o.lang);
	diag_free(&d);
	return ok;
}
