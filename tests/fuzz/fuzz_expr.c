/* fuzz_expr.c - the expression parser and evaluator: the input is an
 * expression, compiled against the Jiaxing data format and evaluated on a
 * fixed venue (with ledgers, months and declared values). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "expr.h"
#include "fuzz_common.h"
#include "venue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char venue_yaml[] =
	"venue: {id: f, name: 镇, tier: town, year: 2024, population: 42000, villages: 2}\n"
	"facts: {weekly_open_hours: 45.5, staff_total: 4, staff_professional: 0}\n"
	"declared: {open.notice: true}\n"
	"events:\n"
	"  - {date: 2024-01-02, title: a, kind: performance, participants: 500, tags: [hosted]}\n"
	"  - {date: 2024-02-02, title: b, kind: screening, participants: 0, village: 甲村}\n"
	"villages:\n  - {name: 甲村, id: v1, troupes: 3, administrators: 1}\n"
	"trainings: []\n"
	"website_updates: {1: 12, 2: 9}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct venue *v;
	struct diags d;
	diag_init(&d);
	if (!v)
		v = venue_load_string(fuzz_pack(), "v.yaml", venue_yaml,
				      sizeof venue_yaml - 1, &d);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct arena a;
	arena_init(&a);
	struct expr *e = expr_compile(&a, text, "fuzz", 1, 1, &fuzz_pack()->schema, &d);
	if (e)
		(void)expr_eval(e, v->root, &a);
	arena_free(&a);
	free(text);
	diag_free(&d);
	return 0;
}
