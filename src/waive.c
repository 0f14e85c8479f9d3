/* waive.c - waivers applied to a batch's results (waive.h): the --waivers
 * file's venues checked against the batch, and each venue's failures that
 * an unexpired waiver covers turned into WAIVED.  Reading waivers is
 * waiver.c's; this works on results, one step later in the pipeline. */
#include "waive.h"

#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "xalloc.h"

static int cmp_venue_id(const void *a, const void *b)
{
	return strcmp(((const struct waive_venue *)a)->id,
		      ((const struct waive_venue *)b)->id);
}

static const struct waive_venue *find_venue(const struct waive_venue *sorted,
					    size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sorted[mid].id, id);
		if (c == 0)
			return &sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* "did you mean" costs a look at every venue: offered while the looks
 * stay under this many, so a file of unknown venues stays linear. */
enum { SUGGEST_BUDGET = 2000000 };

static void unknown_venue(const struct waiver *w, const struct waive_venue *v,
			  size_t n, size_t *budget, struct diags *d)
{
	const char **ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].id;
	const char *near = NULL;
	if (*budget >= n) {
		*budget -= n;
		near = suggest_closest(w->venue, ids, n);
	}
	diag_addm(d, near ? DM_WAIVER_NO_VENUE_HINT : DM_WAIVER_NO_VENUE,
		  DIAG_ERROR, w->file, w->venue_line, w->venue_col, w->venue, near);
	free(ids);
}

bool waive_check_batch(const struct waivers *w, struct waive_venue *v,
			size_t n, const struct pack *p, struct diags *d)
{
	/* The batch's venues by id, for a lookup in log n per waiver. */
	struct waive_venue *sorted = v;
	size_t m = n;
	if (m && w->n)
		qsort(sorted, m, sizeof *sorted, cmp_venue_id);
	bool ok = true;
	size_t budget = SUGGEST_BUDGET;
	for (size_t i = 0; i < w->n; i++) {
		const struct waiver *x = &w->v[i];
		const struct waive_venue *ve = find_venue(sorted, m, x->venue);
		const struct rule *r = pack_rule(p, x->rule);
		if (!ve) {
			unknown_venue(x, sorted, m, &budget, d);
			ok = false;
		} else if (r && strcmp(r->tier, ve->tier) != 0) {
			diag_addm(d, DM_WAIVER_TIER, DIAG_ERROR, x->file, x->line, x->col,
				  x->rule, r->tier, x->venue, ve->tier);
			ok = false;
		}
	}
	return ok;
}

static struct result *find_result(struct check_report *rep, const char *rule)
{
	for (size_t i = 0; i < rep->n; i++)
		if (strcmp(rep->results[i].rule->id, rule) == 0)
			return &rep->results[i];
	return NULL;
}

static void apply_one(struct check_report *rep, const struct waiver *w,
		      int today, struct diags *d)
{
	if (w->expires < today) {
		diag_addm(d, DM_WAIVER_EXPIRED, DIAG_WARNING, w->file, w->line, w->col,
			  w->rule, w->expires_text);
		return;
	}
	struct result *r = find_result(rep, w->rule);
	if (!r || r->verdict == VERDICT_WAIVED)
		return;
	if (!check_is_failure(r->verdict)) {
		static const enum diag_msg how[VERDICT_COUNT] = {
			[VERDICT_PASS] = DW_RULE_PASSES, [VERDICT_NA] = DW_RULE_NA,
			[VERDICT_BATCH] = DW_RULE_BATCH};
		diag_addm(d, DM_WAIVER_NOT_NEEDED, DIAG_WARNING, w->file, w->line,
			  w->col, w->rule, diag_word(how[r->verdict]));
		return;
	}
	rep->counts[r->verdict]--;
	r->waived = r->verdict;
	r->verdict = VERDICT_WAIVED;
	r->waiver = w;
	rep->counts[VERDICT_WAIVED]++;
}

void waive_apply(struct check_report *rep, const struct waiver *w,
		  size_t n, int today, struct diags *d)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i].venue, rep->venue->id) == 0)
			apply_one(rep, &w[i], today, d);
}

void waive_apply_file(struct check_report *rep, const struct waivers *w,
		       int today, struct diags *d)
{
	const char *id = rep->venue->id;
	size_t lo = 0, hi = w->n; /* the first of the venue's, by bisection */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(w->by_venue[mid]->venue, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < w->n && strcmp(w->by_venue[i]->venue, id) == 0; i++)
		apply_one(rep, w->by_venue[i], today, d);
}
