/* fuzz_check.c - a whole check of one file against the Jiaxing pack: load,
 * link (a batch of one), judge every rule, word every result. */
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "fuzz_common.h"
#include "label.h"
#include "tree.h"
#include "venue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pack *p = fuzz_pack();
	struct diags d;
	diags_init(&d);
	struct venue *v = venue_load_string(p, "fuzz.yaml", (const char *)data, size, &d);
	if (v) {
		struct tree t;
		struct tree_opts o = {.complete = true};
		tree_build(&t, p, &v, 1, &o, &d);
		if (v) {
			struct check_report *rep = check_venue(p, v, &d);
			struct arena a;
			arena_init(&a);
			for (size_t i = 0; i < rep->n; i++)
				for (int l = 0; l < 2; l++) {
					(void)label_measured(&rep->results[i], (enum lang)l, &a);
					(void)label_required_text(&rep->results[i], (enum lang)l, &a);
					(void)label_gap(&rep->results[i], (enum lang)l, &a);
				}
			arena_free(&a);
			check_report_free(rep);
		}
		tree_free(&t);
		venue_free(v);
	}
	diags_free(&d);
	return 0;
}
