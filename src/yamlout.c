/* yamlout.c - canonical YAML for a venue's values. */
#include "yamlout.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"
#include "waiver.h"
#include "xalloc.h"

/* Plain when YAML reads it back as the same text and the schema cannot
 * take it for a number, a boolean, a date or null: letters (any script)
 * and '_', and after the first character digits and '.' too. */
static bool plain_ok(const char *s)
{
	static const char *const words[] = {"true", "false", "yes", "no", "on", "off",
					    "null", "y", "n", "是", "否"};
	unsigned char c0 = (unsigned char)s[0];
	if (!(c0 >= 0x80 || isalpha(c0) || c0 == '_'))
		return false;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcasecmp(s, words[i]))
			return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!(*p >= 0x80 || isalnum(*p) || *p == '_' || *p == '.'))
			return false;
	/* NEL, U+2028 and U+2029 are line breaks to YAML, U+FEFF a BOM. */
	return !utf8_has_special(s);
}

static void text(FILE *f, const char *s)
{
	if (plain_ok(s)) {
		fputs(s, f);
		return;
	}
	utf8_quoted(f, s);
}

void yamlout_value(FILE *f, const struct value *v)
{
	switch (v->type) {
	case V_NUM: {
		char num[32];
		fputs(value_num_text(num, sizeof num, v->u.num), f);
		break;
	}
	case V_BOOL:
		fputs(v->u.b ? "true" : "false", f);
		break;
	case V_DATE:
		fprintf(f, "%04d-%02d-%02d", v->u.date / 10000, v->u.date / 100 % 100,
			v->u.date % 100);
		break;
	case V_STR:
		text(f, v->u.str);
		break;
	case V_LIST:
		fputc('[', f);
		for (size_t i = 0; i < v->n; i++) {
			fputs(i ? ", " : "", f);
			yamlout_value(f, &v->items[i]);
		}
		fputc(']', f);
		break;
	default:
		fputs("null", f);
	}
}

/* Fields of a record in the schema's order; empty tag lists left out (a
 * tag field left out is the empty list). */
static void record(FILE *f, const struct block *b, const struct value *m,
		   bool flow)
{
	bool first = true;
	for (size_t i = 0; i < b->nfields; i++) {
		const struct value *v = value_get(m, b->fields[i].name);
		if (!v || (v->type == V_LIST && v->n == 0))
			continue;
		fputs(flow ? (first ? "" : ", ") : "  ", f);
		fprintf(f, "%s: ", b->fields[i].name);
		yamlout_value(f, v);
		if (!flow)
			fputc('\n', f);
		first = false;
	}
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Months by number, declared keys by name: one order whatever the source. */
static int cmp_key(const void *a, const void *b)
{
	const char *x = (*(const struct vfield *const *)a)->key;
	const char *y = (*(const struct vfield *const *)b)->key;
	if (all_digits(x) && all_digits(y) && strlen(x) != strlen(y))
		return strlen(x) < strlen(y) ? -1 : 1;
	return strcmp(x, y);
}

static void keyed(FILE *f, const struct value *v)
{
	const struct vfield **order = xcalloc(v->n + 1, sizeof *order);
	for (size_t i = 0; i < v->n; i++)
		order[i] = &v->fields[i];
	qsort(order, v->n, sizeof *order, cmp_key);
	for (size_t i = 0; i < v->n; i++) {
		fprintf(f, "  %s: ", order[i]->key);
		yamlout_value(f, &order[i]->v);
		fputc('\n', f);
	}
	free(order);
}

static void block(FILE *f, const struct block *b, const struct value *v)
{
	if (b->shape == SHAPE_LEDGER) {
		fprintf(f, "%s:%s\n", b->name, v->n ? "" : " []");
		for (size_t i = 0; i < v->n; i++) {
			fputs("  - {", f);
			record(f, b, &v->items[i], true);
			fputs("}\n", f);
		}
		return;
	}
	if (b->shape == SHAPE_RECORD) {
		fprintf(f, "%s:\n", b->name);
		record(f, b, v, false);
		return;
	}
	fprintf(f, "%s:%s\n", b->name, v->n ? "" : " {}");
	keyed(f, v);
}

static void waivers(FILE *f, const struct venue *v)
{
	if (!v->nwaivers)
		return;
	fputs("waivers:\n", f);
	for (size_t i = 0; i < v->nwaivers; i++) {
		const struct waiver *w = &v->waivers[i];
		const char *const kv[][2] = {{"rule", w->rule}, {"reason", w->reason},
					     {"approver", w->approver}};
		fputs("  - {", f);
		for (size_t k = 0; k < 3; k++) {
			fprintf(f, "%s: ", kv[k][0]);
			text(f, kv[k][1]);
			fputs(", ", f);
		}
		fprintf(f, "expires: %s}\n", w->expires_text);
	}
}

void yamlout_write(FILE *f, const struct schema *s, const struct venue *v)
{
	for (size_t i = 0; i < s->nblocks; i++) {
		const struct block *b = &s->blocks[i];
		const struct value *val = value_get(v->root, b->name);
		/* An empty record says nothing a missing one does not. */
		if (!val || (b->shape == SHAPE_RECORD && val->n == 0) ||
		    (b->shape == SHAPE_DECLARED && val->n == 0))
			continue;
		block(f, b, val);
	}
	waivers(f, v);
}
