/* fuzz_pack.c - the rule-pack loader, its data format and expressions. */
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	diags_init(&d);
	struct pack *p = rules_load_string("fuzz.yaml", (const char *)data, size, &d);
	rules_free(p);
	diags_free(&d);
	return 0;
}
