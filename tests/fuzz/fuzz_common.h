/* fuzz_common.h - shared by the libFuzzer targets: the Jiaxing pack, loaded
 * once per process (the pack is read-only, so reusing it is safe). */
#ifndef VC_FUZZ_COMMON_H
#define VC_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "pack.h"

static struct pack *fuzz_pack(void)
{
	static struct pack *p;
	if (!p) {
		struct diags d;
		diag_init(&d);
		const char *dir = getenv("VENUECHECK_RULES_DIR");
		char path[4096];
		snprintf(path, sizeof path, "%s/jiaxing-2015.yaml", dir ? dir : "rules");
		p = pack_load(path, &d);
		diag_free(&d);
		if (!p) {
			fprintf(stderr, "fuzz: cannot load %s (run from the repository root)\n", path);
			abort();
		}
	}
	return p;
}

#endif
