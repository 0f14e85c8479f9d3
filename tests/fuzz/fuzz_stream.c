/* fuzz_stream.c - the two roads of a venue YAML file into values, held to
 * each other: schema_stream (straight from libyaml's events) and
 * doc_load_string + schema_validate (the tree of nodes).  Where the stream
 * takes a file, its values (types, positions, absent_is_null, field order,
 * sizes), its waivers' nodes and its messages must be the tree's; where it
 * gives up it must have said nothing.  Each input is tried with the default
 * limits and with small ones (entries, value size), so the limits' edges
 * are met by short inputs.  A difference is printed and abort()ed on, for
 * libFuzzer to keep.  The comparisons are tests/roads.h's, which
 * tests/test_stream.c makes too. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "../roads.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pack *p = fuzz_pack();
	const char *buf = (const char *)data;
	if (roads_compare(p, "fuzz_stream (default limits)", "fuzz.yaml", buf,
			  size, NULL) == ROADS_DIFFER)
		abort();
	struct doc_limits small = doc_default_limits;
	small.items = 3;
	small.scalar = 16;
	if (roads_compare(p, "fuzz_stream (entries=3 value-size=16)", "fuzz.yaml",
			  buf, size, &small) == ROADS_DIFFER)
		abort();
	return 0;
}
