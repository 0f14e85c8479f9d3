/* template.h - an example data file for one tier, built from the rule pack:
 * every field and ledger the tier's rules read, with example values that
 * pass every rule.  The values are found by working each failing rule's
 * expressions backwards (set a field to its threshold, add ledger entries
 * that satisfy a count's `where`), so a new pack needs no C.
 * Pipeline step: beside the pipeline: authoring. */
#ifndef VC_TEMPLATE_H
#define VC_TEMPLATE_H

#include <stdio.h>

#include "diag.h"
#include "pack.h"
#include "value.h"

struct template;

/* NULL, with an error in d, when tier is not one of the pack's.  A rule
 * whose example values could not be found is a warning in d. */
struct template *template_build(const struct pack *p, const char *tier,
				int year, struct diags *d);
void template_free(struct template *t);
/* The example as a check sees it: the root of a venue file. */
const struct value *template_root(const struct template *t);
/* The whole data file, each field and ledger under a comment quoting the
 * clauses it serves and their requirements. */
void template_write(const struct template *t, FILE *out);
/* Only what rule r reads: its fields and, of its ledgers, the entries it
 * counts.  r must be of the template's tier. */
void template_write_rule(const struct template *t, const struct rule *r,
			 FILE *out);

#endif
