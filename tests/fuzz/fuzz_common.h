/* fuzz_common.h - shared by the libFuzzer targets: the Jiaxing pack, loaded
 * once per process (the pack is read-only, so reusing it is safe). */
#ifndef VC_FUZZ_COMMON_H
#define VC_FUZZ_COMMON_H

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pack.h"
#include "venue.h"

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

/* Every diagnostic in both languages, so the message renderer is fuzzed
 * with whatever a loader quoted from the input. */
static inline void fuzz_format_all(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(diag_format(&d->v[i], LANG_EN));
		free(diag_format(&d->v[i], LANG_ZH));
	}
}

/* A workbook reader reads a file (libzip, libfreexl), so the input goes
 * to a temporary file named with the extension that picks the reader. */
static inline void fuzz_load_workbook(const uint8_t *data, size_t size,
			       const char *ext)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/fuzz_book_XXXXXX%s", ext);
	int fd = mkstemps(path, (int)strlen(ext));
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	struct diags d;
	diag_init(&d);
	struct venue *v = venue_load(fuzz_pack(), path, NULL, &d);
	fuzz_format_all(&d);
	venue_free(v);
	diag_free(&d);
	unlink(path);
}

#endif
