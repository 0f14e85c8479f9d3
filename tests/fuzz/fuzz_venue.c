/* fuzz_venue.c - the venue data loader: YAML, validation, diagnostics. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "venue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load_string(fuzz_pack(), "fuzz.yaml",
					    (const char *)data, size, &d);
	fuzz_format_all(&d);
	venue_free(v);
	diag_free(&d);
	return 0;
}
