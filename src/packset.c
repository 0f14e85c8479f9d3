/* packset.c - several rule packs checked in one run as one (--rules A
 * --rules B): a venue's file that holds the data of both standards gets
 * both verdicts in one report.  The parts are loaded as usual; this makes
 * the effective pack of the run from them, and refuses, with the place in
 * each pack, what cannot be one pack: a rule id in two, a tier of one id
 * with two parents, two graded packs, a field or measure defined twice
 * otherwise.
 * Pipeline step: 1, load pack. */
#include "pack.h"

#include <stdarg.h>
#include <string.h>

#include "xalloc.h"

const char *pack_rule_file(const struct pack *p, const struct rule *r)
{
	for (size_t i = 0; i < p->nparts; i++)
		for (size_t k = 0; k < p->parts[i]->nrules; k++)
			if (p->parts[i]->rules[k].id == r->id)
				return pack_rule_file(p->parts[i], r);
	/* origin_pack is the pack whose rules: define it, overridden or not. */
	for (const struct pack *q = p; q; q = q->base)
		if (!q->base || (r->origin_pack && q->id &&
				 strcmp(q->id, r->origin_pack) == 0))
			return q->path;
	return p->path;
}

struct combining {
	struct pack *p;
	struct diags *d;
	bool ok;
};

static void cerr(struct combining *c, const char *file, int line, int col,
		 enum diag_msg m, ...)
{
	va_list ap;
	va_start(ap, m);
	diag_vaddm(c->d, m, DIAG_ERROR, file, line, col, ap);
	va_end(ap);
	c->ok = false;
}

/* "A ＋ B": the standards of the run, in the order of the command line. */
static const char *joined(struct combining *c, bool english, const char *sep)
{
	struct pack *p = c->p;
	const char *s = NULL;
	for (size_t i = 0; i < p->nparts; i++) {
		const struct pack *q = p->parts[i];
		const char *t = english ? (q->title_en ? q->title_en : q->title)
			      : sep ? q->title : q->id;
		s = s ? arena_printf(&p->arena, "%s%s%s", s, sep ? sep : "+", t) : t;
	}
	return s;
}

/* The first of the packs before part that has tier id (one has). */
static const char *tier_owner(const struct pack *p, size_t part, const char *id)
{
	for (size_t i = 0; i < part; i++)
		if (pack_tier(p->parts[i], id))
			return p->parts[i]->id;
	return "";
}

/* One tier per id, named as the first pack names it; a parent given by
 * two packs must be the same (a pack that gives none says nothing). */
static void add_tiers(struct combining *c, size_t part)
{
	struct pack *p = c->p;
	const struct pack *q = p->parts[part];
	for (size_t i = 0; i < q->ntiers; i++) {
		const struct tier *t = &q->tiers[i];
		struct tier *have = (struct tier *)pack_tier(p, t->id);
		if (!have) {
			p->tiers[p->ntiers++] = *t;
			continue;
		}
		if (have->parent && t->parent && strcmp(have->parent, t->parent) != 0)
			cerr(c, q->path, t->line, t->col, DM_COMBINE_TIER, t->id,
			     t->parent, tier_owner(p, part, t->id), have->parent);
		else if (!have->parent)
			have->parent = t->parent;
	}
}

static void add_categories(struct pack *p, const struct pack *q)
{
	for (size_t i = 0; i < q->ncats; i++)
		if (!pack_category(p, q->cats[i].name))
			p->cats[p->ncats++] = q->cats[i];
}

/* The packs before q in the run: the one that has rule id, or NULL. */
static const struct pack *owner(const struct pack *p, size_t before,
				const char *id)
{
	for (size_t i = 0; i < before; i++)
		if (pack_rule(p->parts[i], id))
			return p->parts[i];
	return NULL;
}

/* Rules of a pack without grades do not gate the run's grade: they are
 * verdicts of another standard. */
static void add_rules(struct combining *c, size_t part)
{
	struct pack *p = c->p;
	const struct pack *q = p->parts[part];
	for (size_t i = 0; i < q->nrules; i++) {
		const struct rule *r = &q->rules[i];
		const struct pack *o = owner(p, part, r->id);
		if (o) {
			const struct rule *first = pack_rule(o, r->id);
			cerr(c, pack_rule_file(q, r), r->line, r->col, DM_COMBINE_RULE,
			     r->id, o->id, pack_rule_file(o, first), first->line,
			     first->col);
			continue;
		}
		p->rules[p->nrules] = *r;
		if (!q->ngrades)
			p->rules[p->nrules].gates = false;
		p->nrules++;
	}
	for (size_t i = 0; i < q->ndisabled; i++)
		p->disabled[p->ndisabled++] = q->disabled[i];
}

/* A measure of one name is one measure: the same text. */
static void add_measures(struct combining *c, struct measure_def *defs,
			 const struct pack *q)
{
	struct schema *s = &c->p->schema;
	for (size_t i = 0; i < q->schema.nmeasures; i++) {
		const struct measure_def *m = &q->schema.measures[i];
		size_t j = 0;
		while (j < s->nmeasures && strcmp(defs[j].name, m->name) != 0)
			j++;
		if (j == s->nmeasures)
			defs[s->nmeasures++] = *m;
		else if (strcmp(defs[j].text, m->text) != 0)
			cerr(c, m->file, m->line, m->col, DM_COMBINE_MEASURE, m->name,
			     defs[j].file, defs[j].line, defs[j].col);
	}
}

/* The union of the data formats (each pack's required fields stay
 * required: the run checks both), and of what they accept. */
static void combine_schema(struct combining *c)
{
	struct pack *p = c->p;
	struct schema *s = &p->schema;
	size_t nm = 0;
	bool accepts = false;
	*s = p->parts[0]->schema;
	s->valid = NULL;
	for (size_t i = 0; i < p->nparts; i++) {
		const struct pack *q = p->parts[i];
		nm += q->schema.nmeasures;
		accepts = accepts || q->schema.valid;
		if (i && !schema_merge(s, &q->schema, true, &p->arena, c->d))
			c->ok = false;
		if (q->schema.effective_year > s->effective_year)
			s->effective_year = q->schema.effective_year;
	}
	struct measure_def *defs = arena_alloc(&p->arena, (nm + 1) * sizeof *defs);
	s->measures = defs;
	s->nmeasures = 0;
	for (size_t i = 0; i < p->nparts; i++)
		add_measures(c, defs, p->parts[i]);
	const char **ids = arena_alloc(&p->arena, (p->ntiers + 1) * sizeof *ids);
	const char **names = arena_alloc(&p->arena, (p->ntiers + 1) * sizeof *names);
	for (size_t i = 0; i < p->ntiers; i++) {
		ids[i] = p->tiers[i].id;
		names[i] = p->tiers[i].name;
	}
	schema_set_tiers(s, &p->arena, ids, names, p->ntiers);
	/* A tier is named as the first pack names it; a file may use any
	 * pack's name for it (a workbook written for one of them). */
	for (size_t i = 1; i < p->nparts; i++)
		schema_tier_aliases(s, &p->arena, p->parts[i]->schema.tiers,
				    p->parts[i]->schema.tier_names,
				    p->parts[i]->schema.ntiers);
	if (!accepts)
		return;
	struct schema *v = arena_alloc(&p->arena, sizeof *v);
	*v = *s;
	for (size_t i = 0; i < p->nparts; i++)
		if (p->parts[i]->schema.valid &&
		    !schema_merge(v, p->parts[i]->schema.valid, false, &p->arena, c->d))
			c->ok = false;
	s->valid = v;
}

/* A file of a tier may use the declared keys of every part's tier of that
 * id (with what each accepts). */
static void combine_declared(struct pack *p)
{
	for (size_t t = 0; t < p->ntiers; t++) {
		struct tier *tr = &p->tiers[t];
		size_t total = 0;
		for (size_t i = 0; i < p->nparts; i++)
			total += pack_declared_keys(p->parts[i], tr->id).n;
		struct declared_keys v = {
			.keys = arena_alloc(&p->arena, (total + 1) * sizeof(char *))};
		for (size_t i = 0; i < p->nparts; i++) {
			struct declared_keys k = pack_declared_keys(p->parts[i], tr->id);
			for (size_t j = 0; j < k.n; j++) {
				size_t m = 0;
				while (m < v.n && strcmp(v.keys[m], k.keys[j]) != 0)
					m++;
				if (m == v.n)
					v.keys[v.n++] = k.keys[j];
			}
		}
		tr->valid = v;
	}
}

/* At most one part has grades: the run's. */
static void combine_grades(struct combining *c)
{
	struct pack *p = c->p;
	const struct pack *graded = NULL;
	for (size_t i = 0; i < p->nparts; i++) {
		const struct pack *q = p->parts[i];
		if (!q->ngrades)
			continue;
		if (graded)
			cerr(c, q->path, q->grades[0].line, q->grades[0].col,
			     DM_COMBINE_GRADES, graded->id, q->id);
		else
			graded = q;
	}
	if (graded) {
		p->grades = graded->grades;
		p->ngrades = graded->ngrades;
	}
}

static void alloc_parts(struct pack *p)
{
	size_t nt = 0, nc = 0, nr = 0, nd = 0;
	for (size_t i = 0; i < p->nparts; i++) {
		nt += p->parts[i]->ntiers;
		nc += p->parts[i]->ncats;
		nr += p->parts[i]->nrules;
		nd += p->parts[i]->ndisabled;
	}
	p->tiers = arena_alloc(&p->arena, (nt + 1) * sizeof *p->tiers);
	p->cats = arena_alloc(&p->arena, (nc + 1) * sizeof *p->cats);
	p->rules = arena_alloc(&p->arena, (nr + 1) * sizeof *p->rules);
	p->disabled = arena_alloc(&p->arena, (nd + 1) * sizeof *p->disabled);
}

/* The same pack twice would be every rule id clashing: said once. */
static void distinct(struct combining *c)
{
	const struct pack *p = c->p;
	for (size_t i = 0; i < p->nparts; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->parts[i]->id, p->parts[j]->id) == 0)
				cerr(c, p->parts[i]->path, 0, 0, DM_COMBINE_SAME,
				     p->parts[i]->id);
}

struct pack *pack_combine(struct pack **parts, size_t n, struct diags *d)
{
	if (n == 1)
		return parts[0];
	struct pack *p = xcalloc(1, sizeof *p);
	arena_init(&p->arena);
	p->parts = arena_alloc(&p->arena, n * sizeof *p->parts);
	memcpy(p->parts, parts, n * sizeof *parts);
	p->nparts = n;
	struct combining c = {.p = p, .d = d, .ok = true};
	p->path = parts[0]->path;
	p->id = joined(&c, false, NULL);
	p->title = joined(&c, false, " ＋ ");
	p->title_en = joined(&c, true, " + ");
	alloc_parts(p);
	distinct(&c);
	for (size_t i = 0, go = c.ok; go && i < n; i++) {
		add_tiers(&c, i);
		add_categories(p, parts[i]);
		add_rules(&c, i);
	}
	if (c.ok)
		combine_grades(&c);
	if (c.ok)
		combine_schema(&c);
	if (c.ok) {
		pack_index(p);
		combine_declared(p);
	}
	if (!c.ok) {
		pack_free(p);
		return NULL;
	}
	return p;
}
