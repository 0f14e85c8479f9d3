/* fuzz_book.c - the workbook reader: zip, XML, cells to nodes, validation
 * and the cell names of diagnostics.  libzip reads files, so each input is
 * written to a scratch file first. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_load_workbook(data, size, ".xlsx");
	return 0;
}
