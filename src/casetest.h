/* casetest.h - a rule pack's own test cases (`rules --test DIR`): venue
 * files with the verdicts they must get written beside them, so a province
 * that writes or adapts a pack can unit-test it, as conftest verify does.
 * Pipeline step: beside the pipeline: authoring (a pack's tests). */
#ifndef VC_CASETEST_H
#define VC_CASETEST_H

#include <stdio.h>

#include "lang.h"
#include "pack.h"

/* For every NAME.yaml under dir with a NAME.expect beside it (a mapping
 * rule-id: pass|fail|missing|na|batch), check NAME.yaml alone and compare.
 * Prints one line per case to out.  Returns 0 all as expected, 1 some
 * verdict differs, 2 a case could not be read. */
int casetest_run(const struct pack *p, const char *dir, enum lang l,
		 FILE *out);

#endif
