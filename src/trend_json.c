/* trend_json.c - the trend as one JSON document, the shape of
 * man/venuecheck-trend.schema.json: years, tiers, pass counts (all venues
 * and per county/city), the rules with the years whose pack had them,
 * every venue's years with each rule's verdict and measured value, and
 * the clauses that got worse.  Strings through report_json_str, the
 * program's one JSON escaper. */
#include "trend_out.h"

#include <math.h>
#include <stdlib.h>

#include "report.h"
#include "value.h"
#include "venuecheck.h"

#define NONE ((size_t)-1)

static void key(FILE *f, const char *k, bool first)
{
	if (!first)
		fputc(',', f);
	report_json_str(f, k);
	fputc(':', f);
}

static void num(FILE *f, double x)
{
	char buf[32];
	fputs(isfinite(x) ? value_num_text(buf, sizeof buf, x) : "null", f);
}

static const char *verdict_id(unsigned char v)
{
	static const char *const w[] = {"pass", "fail", "missing", "na", "batch",
					"waived", "absent"};
	return w[v <= TREND_ABSENT ? v : TREND_ABSENT];
}

static size_t prev_year(const struct trend *t, size_t b)
{
	while (b-- > 0)
		if (!t->years[b].empty)
			return b;
	return NONE;
}

static void rule_ids(FILE *f, const struct trend *t, size_t yi, size_t yj)
{
	size_t *only = malloc((t->nrules + 1) * sizeof *only);
	size_t n = yj == NONE ? 0 : trend_rules_only_in(t, yi, yj, only);
	fputc('[', f);
	for (size_t k = 0; k < n; k++) {
		if (k)
			fputc(',', f);
		report_json_str(f, t->rules[only[k]].id);
	}
	fputc(']', f);
	free(only);
}

static void year_obj(FILE *f, const struct trend *t, size_t yi)
{
	const struct trend_year *y = &t->years[yi];
	size_t a = y->empty ? NONE : prev_year(t, yi);
	fprintf(f, "{\"year\":%ld,\"empty\":%s,", y->year, y->empty ? "true" : "false");
	key(f, "source", true);
	report_json_str(f, y->source);
	fprintf(f, ",\"files\":%zu,\"venues\":%zu,\"invalid\":%zu,", y->files, y->venues, y->invalid);
	key(f, "pack", true);
	report_json_str(f, y->pack);
	fprintf(f, ",\"status\":%d,\"rules_added\":", y->empty ? 0 : y->status);
	rule_ids(f, t, yi, a);
	fputs(",\"rules_removed\":", f);
	if (a == NONE)
		fputs("[]", f);
	else
		rule_ids(f, t, a, yi);
	fputc('}', f);
}

/* [{"tier":..., "years":[{"year","venues","passing"}]}] for one table. */
static void rates(FILE *f, const struct trend *t,
		  const struct trend_rate *(*at)(const void *, size_t, size_t),
		  const void *ctx)
{
	fputc('[', f);
	for (size_t ti = 0; ti < t->ntiers; ti++) {
		fprintf(f, "%s{", ti ? "," : "");
		key(f, "tier", true);
		report_json_str(f, t->tiers[ti]);
		fputs(",\"years\":[", f);
		for (size_t y = 0; y < t->nyears; y++) {
			const struct trend_rate *r = at(ctx, y, ti);
			fprintf(f, "%s{\"year\":%ld,\"venues\":%zu,\"passing\":%zu}", y ? "," : "",
				t->years[y].year, r->venues, r->passing);
		}
		fputs("]}", f);
	}
	fputc(']', f);
}

static const struct trend_rate *group_rate(const void *ctx, size_t y, size_t ti)
{
	return &((const struct trend_group *)ctx)->rates[y * TREND_TIERS + ti];
}

static const struct trend_rate *all_rate(const void *ctx, size_t y, size_t ti)
{
	return &((const struct trend *)ctx)->years[y].rates[ti];
}

static void group_obj(FILE *f, const struct trend *t, const struct trend_group *g)
{
	fputc('{', f);
	key(f, "id", true);
	report_json_str(f, g->id);
	key(f, "name", false);
	report_json_str(f, g->name);
	key(f, "tier", false);
	report_json_str(f, g->tier);
	key(f, "rates", false);
	rates(f, t, group_rate, g);
	fputc('}', f);
}

static void rule_obj(FILE *f, const struct trend *t, const struct trend_rule *r)
{
	fputc('{', f);
	key(f, "id", true);
	report_json_str(f, r->id);
	key(f, "title", false);
	report_json_str(f, r->title);
	key(f, "tier", false);
	report_json_str(f, r->tier);
	fputs(",\"years\":[", f);
	bool first = true;
	for (size_t y = 0; y < t->nyears; y++)
		if (r->in_year[y]) {
			fprintf(f, "%s%ld", first ? "" : ",", t->years[y].year);
			first = false;
		}
	fputs("]}", f);
}

static void cell_obj(FILE *f, const struct trend *t, const struct trend_cell *c)
{
	fputc('{', f);
	key(f, "rule", true);
	report_json_str(f, t->rules[c->rule].id);
	fprintf(f, ",\"verdict\":\"%s\",\"measured\":", verdict_id(c->verdict));
	if (c->kind == TREND_NUMBER)
		num(f, c->measured);
	else
		fputs(c->kind == TREND_BOOL ? (c->measured ? "true" : "false") : "null", f);
	key(f, "shown", false);
	report_json_str(f, c->shown);
	key(f, "required", false);
	report_json_str(f, c->required);
	fputc('}', f);
}

static void venue_year(FILE *f, const struct trend *t, const struct trend_venue_year *y,
		       long year)
{
	fprintf(f, "{\"year\":%ld,\"present\":%s", year, y->present ? "true" : "false");
	if (y->present) {
		key(f, "name", false);
		report_json_str(f, y->name);
		key(f, "tier", false);
		report_json_str(f, y->tier);
		key(f, "parent", false);
		report_json_str(f, y->parent);
		key(f, "file", false);
		report_json_str(f, y->path);
		fprintf(f, ",\"passing\":%s,\"results\":[", y->passing ? "true" : "false");
		for (size_t k = 0; k < y->ncells; k++) {
			if (k)
				fputc(',', f);
			cell_obj(f, t, &y->cells[k]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void venue_obj(FILE *f, const struct trend *t, const struct trend_venue *v)
{
	fputc('{', f);
	key(f, "id", true);
	report_json_str(f, v->id);
	fprintf(f, ",\"tier_changed\":%s,\"parent_changed\":%s,\"years\":[",
		v->tier_changed ? "true" : "false", v->parent_changed ? "true" : "false");
	for (size_t y = 0; y < t->nyears; y++) {
		if (y)
			fputc(',', f);
		venue_year(f, t, &v->y[y], t->years[y].year);
	}
	fputs("]}", f);
}

/* Every venue x rule that passed in the year before and fails now. */
static void worse(FILE *f, const struct trend *t)
{
	bool first = true;
	fputc('[', f);
	for (size_t b = 0; b < t->nyears; b++) {
		size_t a = prev_year(t, b);
		for (size_t i = 0; a != NONE && i < t->nvenues; i++)
			for (size_t r = 0; r < t->nrules; r++) {
				if (!trend_worse(t, i, a, b, r))
					continue;
				fprintf(f, "%s{", first ? "" : ",\n");
				first = false;
				key(f, "venue", true);
				report_json_str(f, t->venues[i].id);
				key(f, "rule", false);
				report_json_str(f, t->rules[r].id);
				fprintf(f, ",\"from\":%ld,\"to\":%ld}", t->years[a].year, t->years[b].year);
			}
	}
	fputc(']', f);
}

void trend_json(FILE *f, const struct trend *t)
{
	fputs("{\"venuecheck\":", f);
	report_json_str(f, VC_VERSION);
	fputs(",\"command\":\"trend\",\n\"years\":[", f);
	for (size_t y = 0; y < t->nyears; y++) {
		fputs(y ? ",\n" : "\n", f);
		year_obj(f, t, y);
	}
	fputs("],\n\"tiers\":[", f);
	for (size_t ti = 0; ti < t->ntiers; ti++) {
		fprintf(f, "%s{", ti ? "," : "");
		key(f, "id", true);
		report_json_str(f, t->tiers[ti]);
		key(f, "name", false);
		report_json_str(f, t->tier_names[ti]);
		fputc('}', f);
	}
	fputs("],\n\"rates\":", f);
	rates(f, t, all_rate, t);
	fputs(",\n\"groups\":[", f);
	for (size_t g = 0; g < t->ngroups; g++) {
		fputs(g ? ",\n" : "\n", f);
		group_obj(f, t, &t->groups[g]);
	}
	fputs("],\n\"rules\":[", f);
	for (size_t r = 0; r < t->nrules; r++) {
		fputs(r ? ",\n" : "\n", f);
		rule_obj(f, t, &t->rules[r]);
	}
	fputs("],\n\"venues\":[", f);
	for (size_t i = 0; i < t->nvenues; i++) {
		fputs(i ? ",\n" : "\n", f);
		venue_obj(f, t, &t->venues[i]);
	}
	fputs("],\n\"worse\":", f);
	worse(f, t);
	fputs("}\n", f);
}
