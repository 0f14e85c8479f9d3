/* fuzz_xls.c - the .xls reader: the compound file and record walk, then
 * libfreexl, cells to nodes, validation and the cell names of
 * diagnostics.  libfreexl 1.0 reads only from a path (no
 * freexl_open_memory), so each input is written to a scratch file. */
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
	char path[] = "/tmp/fuzz_xls_XXXXXX.xls";
	int fd = mkstemps(path, 4);
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
