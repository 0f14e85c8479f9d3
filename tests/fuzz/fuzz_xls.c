/* fuzz_xls.c - the .xls reader: the compound file and record walk, then
 * libfreexl, cells to nodes, validation and the cell names of
 * diagnostics.  libfreexl 1.0 reads only from a path (no
 * freexl_open_memory), so each input is written to a scratch file. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_load_workbook(data, size, ".xls");
	return 0;
}
