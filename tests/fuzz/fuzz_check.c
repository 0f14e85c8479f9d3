/* fuzz_check.c - a whole check against the Jiaxing pack, as the command
 * runs it: load, judge each file's own rules, prune, link the batch into a
 * tree, judge the linked rules, word every result.  A NUL byte splits the
 * input into two files (a town and a village, say), so the rules that read
 * other venues (children, child()) are reached too. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "fuzz_common.h"
#include "label.h"
#include "tree.h"
#include "venue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void word_all(const struct check_report *rep)
{
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < rep->n; i++)
		for (int l = 0; l < 2; l++) {
			(void)label_measured(&rep->results[i], (enum lang)l, &a);
			(void)label_required_text(&rep->results[i], (enum lang)l, &a);
			(void)label_gap(&rep->results[i], (enum lang)l, &a);
		}
	arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pack *p = fuzz_pack();
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t len[2] = {nul ? (size_t)(nul - text) : size,
			 nul ? size - (size_t)(nul - text) - 1 : 0};
	const char *part[2] = {text, nul ? nul + 1 : NULL};
	size_t n = nul ? 2 : 1;
	struct diags d[2];
	struct venue *v[2] = {NULL, NULL};
	struct check_report *rep[2] = {NULL, NULL};
	for (size_t i = 0; i < n; i++) {
		diag_init(&d[i]);
		v[i] = venue_load_string(p, i ? "b.yaml" : "a.yaml", part[i], len[i], &d[i]);
		if (!v[i])
			continue;
		rep[i] = check_own(p, v[i], &d[i]);
		venue_prune(v[i], p, NULL, NULL);
	}
	struct tree t;
	struct tree_opts o = {.complete = true};
	tree_build(&t, p, v, n, &o, &(struct tree_diags){tree_diags_in_array, d});
	for (size_t i = 0; i < n; i++) {
		if (v[i]) {
			check_linked(rep[i], v[i], &d[i]);
			word_all(rep[i]);
		}
		check_report_free(rep[i]);
		venue_free(v[i]);
		diag_free(&d[i]);
	}
	tree_free(&t);
	return 0;
}
