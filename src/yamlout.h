/* yamlout.h - a validated venue written back as a YAML data file, in one
 * canonical form: blocks and fields in the order of the pack's data
 * format, ledger entries one per line in flow style, text quoted only
 * where YAML or the schema would read it as something else.  What
 * `venuecheck convert` writes from a workbook (or a YAML file).
 * Pipeline step: beside the pipeline: authoring. */
#ifndef VC_YAMLOUT_H
#define VC_YAMLOUT_H

#include <stdio.h>

#include "schema.h"
#include "venue.h"

/* One value as YAML: a number, true/false, a date, text (quoted only where
 * YAML or the schema would read it as something else) or a [list].  The
 * template's YAML is written with it too. */
void yamlout_value(FILE *f, const struct value *v);
/* v's values, then its own waivers. */
void yamlout_write(FILE *f, const struct schema *s, const struct venue *v);

#endif
