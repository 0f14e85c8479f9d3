/* fuzz_pack.c - the rule-pack loader, its data format and expressions. */
#include <stddef.h>
#include <stdint.h>

#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	diag_init(&d);
	struct pack *p = pack_load_string("fuzz.yaml", (const char *)data, size, &d);
	pack_free(p);
	diag_free(&d);
	return 0;
}
