/* fuzz_book.c - the workbook reader: zip, XML, cells to nodes, validation
 * and the cell names of diagnostics.  libzip reads files, so each input is
 * written to a scratch file first. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "venue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_book_XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	if (fd < 0)
		abort();
	if (write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load(fuzz_pack(), path, NULL, &d);
	for (size_t i = 0; i < d.n; i++) {
		free(diag_format(&d.v[i], LANG_EN));
		free(diag_format(&d.v[i], LANG_ZH));
	}
	venue_free(v);
	diag_free(&d);
	unlink(path);
	return 0;
}
