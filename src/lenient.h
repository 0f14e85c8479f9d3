/* lenient.h - forgiving readings of what a clerk types in a workbook cell,
 * taken only where the meaning is certain: 是/否 and check marks for a
 * yes or no, 50,000 and 5万 for 50000, 300人 in a column whose unit is 人.
 * Anything else is left as written, for the schema to refuse in its own
 * words: a guess would change a verdict without anyone seeing it.
 * YAML files stay exact (their values mean the same to every YAML tool);
 * only the workbook reader (bookread.c) calls these.
 * Pipeline step: 2, load venue (the workbook form). */
#ifndef VC_LENIENT_H
#define VC_LENIENT_H

#include <stdbool.h>
#include <stddef.h>

/* A yes or no as written: true/false, 是/否, 有/无, √ ✓ ✔ / × ✗ ✘.  False
 * when s is none of them. */
bool lenient_bool(const char *s, bool *out);

enum lenient_num {
	LN_ASIS, /* no forgiving form: s is to be judged as written */
	LN_OK,	 /* buf holds the plain decimal s stands for */
	LN_BAD	 /* a forgiving form gone wrong (1,00, 5万万, 300场 in 人) */
};

/* A number as typed: thousands separators in groups of three (50,000,
 * 1,234.5), a 万 or 亿 after it (5万 = 50000, 1.5万 = 15000, exactly: the
 * point is moved, no arithmetic), and the field's unit after that (300人,
 * 5万 人; unit NULL: none).  LN_OK: the plain decimal text is in buf
 * (size >= 64); a form longer than that is LN_BAD. */
enum lenient_num lenient_number(const char *s, const char *unit, char *buf,
				size_t size);

#endif
