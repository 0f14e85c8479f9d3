/* filekind.c - a venue file's kind by its extension (filekind.h). */
#include "filekind.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), m = strlen(ext);
	return n > m && strcasecmp(name + n - m, ext) == 0;
}

enum filekind filekind_of(const char *name)
{
	static const struct {
		const char *ext;
		enum filekind kind;
	} kinds[] = {
		{".yaml", FILEKIND_YAML},     {".yml", FILEKIND_YAML},
		{".xlsx", FILEKIND_WORKBOOK}, {".xlsm", FILEKIND_WORKBOOK},
		{".xls", FILEKIND_LEGACY},    {".et", FILEKIND_LEGACY},
	};
	for (size_t i = 0; i < countof(kinds); i++)
		if (has_ext(name, kinds[i].ext))
			return kinds[i].kind;
	return FILEKIND_OTHER;
}
