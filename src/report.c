/* report.c - dispatch to the output formats and the tallies they share. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>

struct report *report_open(enum report_format f, const struct pack *p,
			   const struct report_opts *o, struct diags *d)
{
	switch (f) {
	case FORMAT_CSV:
		return report_csv_open(p, o, d);
	case FORMAT_XLSX:
		return report_xlsx_open(p, o, d);
	case FORMAT_JSON:
		return report_json_open(p, o, d);
	case FORMAT_GITHUB:
		return report_github_open(p, o, d);
	case FORMAT_JUNIT:
		return report_junit_open(p, o, d);
	default:
		return report_text_open(p, o, d);
	}
}

struct report *report_new(size_t size, const struct report_ops *ops,
			  const struct pack *p, const struct report_opts *o,
			  bool stream, struct diags *d)
{
	struct report *r = calloc(1, size);
	if (!r)
		abort();
	if (!outfile_open(&r->out, o->out, stream, d)) {
		free(r);
		return NULL;
	}
	r->ops = ops;
	r->pack = p;
	r->opts = *o;
	arena_init(&r->scratch);
	return r;
}

bool report_done(struct report *r, struct diags *d)
{
	/* A failed write, to a file or standard output, is reported there
	 * with its reason. */
	bool ok = outfile_commit(&r->out, d);
	arena_free(&r->scratch);
	free(r);
	return ok;
}

/* A waived rule was checked and did not pass: it lowers the pass rate. */
size_t report_checked(const struct check_report *rep)
{
	return rep->counts[VERDICT_PASS] + rep->counts[VERDICT_FAIL] +
	       rep->counts[VERDICT_MISSING] + rep->counts[VERDICT_WAIVED];
}

void report_venue(struct report *r, const struct check_report *rep,
		  const struct diags *warnings)
{
	r->venues++;
	if (rep->counts[VERDICT_FAIL] || rep->counts[VERDICT_MISSING])
		r->failing++;
	r->ops->venue(r, rep, warnings);
}

void report_invalid(struct report *r, const char *path,
		    const struct diags *errors)
{
	r->invalid++;
	r->ops->invalid(r, path, errors);
}

void report_rollup(struct report *r, const struct rollup *u)
{
	if (r->ops->rollup)
		r->ops->rollup(r, u);
}

bool report_finish(struct report *r, struct diags *d)
{
	return r->ops->finish(r, d);
}
