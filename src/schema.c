/* schema.c - load the data format from a pack's `data:` section, and turn a
 * venue document into typed values, reporting every problem with its
 * position.  Nothing here knows about any particular standard. */
#include "schema.h"
#include "schema_impl.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suggest.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- loading the format from the pack ---- */

static const char *const ftype_names[] = {"int",  "number", "bool", "text",
					  "date", "enum",   "tags"};

enum schema_num schema_number(const char *s, double *out)
{
	/* strtod also takes hex, inf and nan; a data file means none of them. */
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p))
			return NUM_BAD;
	if (!*s)
		return NUM_BAD;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end)
		return NUM_BAD;
	/* ERANGE also flags a subnormal result, which is still the number. */
	if (!isfinite(v) || (errno == ERANGE && v == 0))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

static bool parse_double(const char *s, double *out)
{
	return schema_number(s, out) == NUM_OK;
}

struct ploader {
	struct arena *a;
	const char *file;
	struct diags *d;
};

static void perror_at(struct ploader *pl, const struct node *n,
		      enum diag_msg m, ...)
{
	va_list ap;
	va_start(ap, m);
	doc_verror(pl->d, m, DIAG_ERROR, pl->file, n, ap);
	va_end(ap);
}

static bool load_values(struct ploader *pl, struct field *f,
			const struct node *v, const struct node *spec)
{
	if (!v || v->kind != NODE_SEQ || v->n == 0) {
		/* Absent: named at the field's definition. */
		perror_at(pl, v ? v : spec, DM_VALUES_LIST, f->name);
		return false;
	}
	f->values = arena_alloc(pl->a, v->n * sizeof *f->values);
	for (size_t i = 0; i < v->n; i++) {
		if (v->items[i]->kind != NODE_SCALAR) {
			perror_at(pl, v->items[i], DM_VALUES_TEXT, f->name);
			return false;
		}
		f->values[f->nvalues++] = v->items[i]->text;
	}
	return true;
}

/* The index of code among f's values, or nvalues. */
static size_t value_index(const struct field *f, const char *code)
{
	size_t i = 0;
	/* The first byte first: every tag and kind of a ledger comes here. */
	while (i < f->nvalues && (f->values[i][0] != code[0] ||
				  strcmp(f->values[i], code) != 0))
		i++;
	return i;
}

/* What a cell or file may not confuse a label with: another value's code,
 * another label, a retired word, or (tags) a separator of a cell's tags. */
static const struct diag_words *label_clash(const struct field *f, size_t i,
					    const char *label)
{
	static const char *const seps[] = {",", "，", "、", ";", "；", " ", "\t", "\n"};
	for (size_t j = 0; j < f->nvalues; j++) {
		if (j != i && strcmp(f->values[j], label) == 0)
			return diag_word(DW_LABEL_CODE);
		if (j != i && f->labels[j] && strcmp(f->labels[j], label) == 0)
			return diag_word(DW_LABEL_LABEL);
	}
	for (size_t j = 0; j < f->nretired; j++)
		if (strcmp(f->retired[j], label) == 0)
			return diag_word(DW_LABEL_RETIRED);
	for (size_t j = 0; f->type == FT_TAGS && j < countof(seps); j++)
		if (strstr(label, seps[j]))
			return diag_word(DW_LABEL_SEP);
	return NULL;
}

/* labels: or notes: {code: text}, each code one of the field's values. */
static const char **load_value_texts(struct ploader *pl, const struct field *f,
				     const struct node *m, const char *key)
{
	if (m->kind != NODE_MAP) {
		perror_at(pl, m, DM_LABELS_MAP, f->name, key, f->values[0]);
		return NULL;
	}
	const char **out = arena_alloc(pl->a, (f->nvalues + 1) * sizeof *out);
	for (size_t k = 0; k < m->n; k++) {
		const struct node *c = m->pairs[k].key, *t = m->pairs[k].value;
		size_t i = value_index(f, c->text);
		if (i == f->nvalues) {
			perror_at(pl, c, DM_LABELS_VALUE, f->name, key, c->text);
			return NULL;
		}
		if (t->kind != NODE_SCALAR || doc_is_null(t) || t->len == 0) {
			perror_at(pl, t, DM_LABELS_TEXT, f->name, key, c->text);
			return NULL;
		}
		out[i] = t->text;
	}
	return out;
}

static bool load_labels(struct ploader *pl, struct field *f, const struct node *spec)
{
	const struct node *l = doc_get(spec, "labels"), *n = doc_get(spec, "notes");
	if ((l || n) && f->type != FT_ENUM && f->type != FT_TAGS) {
		perror_at(pl, l ? l : n, DM_LABELS_TYPE, f->name);
		return false;
	}
	if (n && !(f->notes = load_value_texts(pl, f, n, "notes")))
		return false;
	if (!l)
		return true;
	if (!(f->labels = load_value_texts(pl, f, l, "labels")))
		return false;
	for (size_t k = 0; k < l->n; k++) {
		size_t i = value_index(f, l->pairs[k].key->text);
		const struct diag_words *why = label_clash(f, i, f->labels[i]);
		if (why) {
			perror_at(pl, l->pairs[k].value, DM_LABEL_CLASH, f->name, f->labels[i],
				  f->values[i], why);
			return false;
		}
	}
	return true;
}

const char *schema_label(const struct field *f, size_t i)
{
	return f->labels && f->labels[i] ? f->labels[i] : f->values[i];
}

const char *schema_code(const struct field *f, const char *word)
{
	size_t i = value_index(f, word);
	if (i < f->nvalues)
		return f->values[i];
	for (i = 0; f->labels && i < f->nvalues; i++)
		if (f->labels[i] && strcmp(f->labels[i], word) == 0)
			return f->values[i];
	return NULL;
}

static bool load_bound(struct ploader *pl, const struct node *n,
		       const char *name, double *out)
{
	if (n->kind == NODE_SCALAR && parse_double(n->text, out))
		return true;
	perror_at(pl, n, DM_MINMAX_NUM, name);
	return false;
}

/* `block.field`, split into the pack's arena; false if s has another shape. */
static bool split_path(struct arena *a, const char *s, const char **block,
		       const char **field)
{
	const char *dot = strchr(s, '.');
	if (!dot || dot == s || !dot[1] || strchr(dot + 1, '.'))
		return false;
	for (const char *p = s; *p; p++)
		if (p != dot && !isalnum((unsigned char)*p) && *p != '_')
			return false;
	*block = arena_strndup(a, s, (size_t)(dot - s));
	*field = dot + 1;
	return true;
}

/* max: a number, or the field this one is a part of (facts.staff_total). */
static bool load_max(struct ploader *pl, struct field *f, const struct node *n)
{
	if (n->kind == NODE_SCALAR && !parse_double(n->text, &f->max) &&
	    split_path(pl->a, n->text, &f->max_block, &f->max_field))
		return true;
	return f->has_max = load_bound(pl, n, f->name, &f->max);
}

/* retired: {word: what to write instead}. */
static bool load_retired(struct ploader *pl, struct field *f,
			 const struct node *r)
{
	if (r->kind != NODE_MAP) {
		perror_at(pl, r, DM_RETIRED_MAP, f->name);
		return false;
	}
	f->retired = arena_alloc(pl->a, (r->n + 1) * sizeof *f->retired);
	f->retired_why = arena_alloc(pl->a, (r->n + 1) * sizeof *f->retired_why);
	for (size_t i = 0; i < r->n; i++) {
		if (r->pairs[i].value->kind != NODE_SCALAR) {
			perror_at(pl, r->pairs[i].value, DM_RETIRED_TEXT,
				  f->name, r->pairs[i].key->text);
			return false;
		}
		f->retired[f->nretired] = r->pairs[i].key->text;
		f->retired_why[f->nretired++] = r->pairs[i].value->text;
	}
	return true;
}

static bool check_example(struct ploader *pl, const struct field *f,
			  const struct node *n);

static bool load_field(struct ploader *pl, struct field *f, const char *name,
		       const struct node *spec)
{
	static const char *const keys[] = {"type", "required", "min", "max",
					   "values", "label", "unit", "example",
					   "retired", "labels", "notes"};
	f->name = name;
	f->file = pl->file;
	f->line = spec->line;
	f->col = spec->col;
	if (spec->kind != NODE_MAP) {
		perror_at(pl, spec, DM_FIELD_MAP, name);
		return false;
	}
	bool ok = doc_check_keys(spec, keys, countof(keys), DW_FIELD_DEF, pl->file,
				 pl->d);
	const struct node *t = doc_get(spec, "type");
	size_t ti = 0;
	while (t && ti < 7 && strcmp(ftype_names[ti], t->text) != 0)
		ti++;
	if (!t || ti == 7) {
		perror_at(pl, t ? t : spec, DM_FIELD_TYPE, name);
		return false;
	}
	f->type = (enum ftype)ti;
	const struct node *n;
	if ((n = doc_get(spec, "required")))
		f->required = n->kind == NODE_SCALAR && strcmp(n->text, "true") == 0;
	if ((n = doc_get(spec, "min")))
		ok = (f->has_min = load_bound(pl, n, name, &f->min)) && ok;
	if ((n = doc_get(spec, "max")))
		ok = load_max(pl, f, n) && ok;
	if (f->has_min && f->has_max && f->max < f->min) {
		perror_at(pl, n, DM_MAX_BELOW_MIN, name, f->max, f->min);
		ok = false;
	}
	if ((n = doc_get(spec, "retired")))
		ok = load_retired(pl, f, n) && ok;
	if ((n = doc_get(spec, "label")))
		f->label = n->text;
	if ((n = doc_get(spec, "unit")))
		f->unit = n->text;
	if ((n = doc_get(spec, "example")) && n->kind == NODE_SCALAR)
		f->example = n->text;
	if (f->type == FT_ENUM || f->type == FT_TAGS)
		ok = load_values(pl, f, doc_get(spec, "values"), spec) && ok;
	if (ok)
		ok = load_labels(pl, f, spec);
	if (ok && (n = doc_get(spec, "example")))
		ok = check_example(pl, f, n);
	return ok;
}

static bool load_fields(struct ploader *pl, struct block *b,
			const struct node *m, const struct field *pre,
			size_t npre)
{
	if (m && m->kind != NODE_MAP) {
		perror_at(pl, m, DM_BLOCK_MAP, b->name);
		return false;
	}
	size_t n = m ? m->n : 0;
	b->fields = arena_alloc(pl->a, (n + npre + 1) * sizeof *b->fields);
	b->nfields = npre;
	if (npre)
		memcpy(b->fields, pre, npre * sizeof *pre);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const char *name = m->pairs[i].key->text;
		for (size_t j = 0; j < b->nfields; j++)
			if (strcmp(b->fields[j].name, name) == 0) {
				perror_at(pl, m->pairs[i].key, DM_FIELD_BUILTIN,
					  name);
				ok = false;
			}
		ok = load_field(pl, &b->fields[b->nfields++], name,
				m->pairs[i].value) && ok;
	}
	return ok;
}

static struct block *add_block(struct schema *s, const char *name,
			       enum block_shape shape)
{
	struct block *b = &s->blocks[s->nblocks++];
	b->name = name;
	b->shape = shape;
	return b;
}

/* venue.tier may be written as the tier's name (分馆) when no name is
 * another tier's id or name; else only as the id. */
static const char **tier_labels(const struct schema *s)
{
	for (size_t i = 0; s->tier_names && i < s->ntiers; i++)
		for (size_t j = 0; j < s->ntiers; j++)
			if (!s->tier_names[i] || !strcmp(s->tier_names[i], s->tiers[j]) ||
			    (i != j && s->tier_names[j] && !strcmp(s->tier_names[i], s->tier_names[j])))
				return NULL;
	return s->tier_names;
}

/* The header fields every standard needs: who, what tier, which year. */
static bool load_venue(struct ploader *pl, struct schema *s, struct block *b,
		       const struct node *m)
{
	struct field fixed[] = {
		{.name = "id", .label = "编号", .type = FT_STRING, .required = true},
		{.name = "name", .label = "名称", .type = FT_STRING, .required = true},
		{.name = "tier", .label = "层级", .type = FT_ENUM, .required = true},
		{.name = "parent", .label = "上级馆编号", .type = FT_STRING},
		{.name = "year", .label = "年度", .type = FT_INT, .required = true,
		 .has_min = true, .min = 1949, .has_max = true, .max = 2200},
	};
	fixed[2].values = s->tiers;
	fixed[2].nvalues = s->ntiers;
	fixed[2].labels = tier_labels(s);
	return load_fields(pl, b, m, fixed, 5);
}

/* A field that another names (max:, counted_by:) must be a number of a
 * record block: the one value it compares with. */
static bool number_field(const struct schema *s, const char *block,
			 const char *field)
{
	const struct block *b = schema_block(s, block);
	const struct field *f = b && b->shape == SHAPE_RECORD ? schema_field(b, field)
							      : NULL;
	return f && (f->type == FT_INT || f->type == FT_NUMBER);
}

/* One identity: a field name, or a list of names that together identify. */
static bool load_ident(struct ploader *pl, struct block *b, struct ident *id,
		       const struct node *n)
{
	size_t cnt = n->kind == NODE_SEQ ? n->n : 1;
	id->fields = arena_alloc(pl->a, (cnt + 1) * sizeof *id->fields);
	for (size_t i = 0; i < cnt; i++) {
		const struct node *f = n->kind == NODE_SEQ ? n->items[i] : n;
		if (f->kind != NODE_SCALAR || !schema_field(b, f->text)) {
			perror_at(pl, f, DM_UNIQUE_FIELD, b->name,
				  f->kind == NODE_SCALAR ? f->text : "?");
			return false;
		}
		id->fields[id->n++] = f->text;
	}
	return cnt > 0;
}

/* unique: [id, name] or unique: [[date, title]]: see struct ident. */
static bool load_unique(struct ploader *pl, struct block *b,
			const struct node *u)
{
	if (!u)
		return true;
	if (u->kind != NODE_SEQ || u->n == 0) {
		perror_at(pl, u, DM_UNIQUE_LIST, b->name);
		return false;
	}
	b->unique = arena_alloc(pl->a, u->n * sizeof *b->unique);
	for (size_t i = 0; i < u->n; i++)
		if (!load_ident(pl, b, &b->unique[b->nunique++], u->items[i]))
			return false;
	return true;
}

static bool load_group(struct ploader *pl, struct schema *s,
		       const struct node *g, enum block_shape shape)
{
	bool ok = true;
	for (size_t i = 0; g && i < g->n; i++) {
		const char *name = g->pairs[i].key->text;
		const struct node *spec = g->pairs[i].value;
		if (schema_block(s, name) || strcmp(name, SCHEMA_WAIVERS) == 0) {
			perror_at(pl, g->pairs[i].key, DM_BLOCK_TWICE, name);
			ok = false;
			continue;
		}
		struct block *b = add_block(s, name, shape);
		b->file = pl->file;
		b->line = g->pairs[i].key->line;
		b->col = g->pairs[i].key->col;
		if (shape == SHAPE_MONTHLY) {
			b->fields = arena_alloc(pl->a, sizeof *b->fields);
			b->nfields = 1;
			ok = load_field(pl, b->fields, name, spec) && ok;
			b->label = b->fields[0].label;
			continue;
		}
		static const char *const keys[] = {"label", "fields", "lists",
						   "unique", "counted_by"};
		ok = doc_check_keys(spec, keys, countof(keys), DW_LEDGER_DEF, pl->file,
				    pl->d) && ok;
		const struct node *l = doc_get(spec, "label");
		b->label = l ? l->text : NULL;
		const struct node *li = doc_get(spec, "lists");
		b->lists = li ? li->text : NULL;
		ok = load_fields(pl, b, doc_get(spec, "fields"), NULL, 0) && ok;
		ok = load_unique(pl, b, doc_get(spec, "unique")) && ok;
		const struct node *cb = doc_get(spec, "counted_by");
		if (cb && (cb->kind != NODE_SCALAR ||
			   !split_path(pl->a, cb->text, &b->counted_block,
				       &b->counted_field) ||
			   !number_field(s, b->counted_block, b->counted_field))) {
			perror_at(pl, cb, DM_COUNTED_BY, name);
			ok = false;
		}
	}
	return ok;
}

static bool resolve_refs(struct ploader *pl, const struct schema *s)
{
	bool ok = true;
	for (size_t i = 0; i < s->nblocks; i++) {
		const struct block *b = &s->blocks[i];
		for (size_t j = 0; j < b->nfields; j++) {
			const struct field *f = &b->fields[j];
			if (!f->max_block)
				continue;
			if (b->shape != SHAPE_RECORD || !number_field(s, f->max_block, f->max_field)) {
				diag_addm(pl->d, DM_MAX_REF, DIAG_ERROR, pl->file, f->line, f->col,
					  f->name, f->max_block, f->max_field);
				ok = false;
			}
		}
	}
	return ok;
}

bool schema_load(struct schema *s, struct arena *a, const struct node *data,
		 const char *file, struct diags *d)
{
	struct ploader pl = {.a = a, .file = file, .d = d};
	static const char *const keys[] = {"venue", "facts", "ledgers", "monthly"};
	if (data && data->kind != NODE_MAP) {
		perror_at(&pl, data, DM_MUST_MAP, "data");
		return false;
	}
	bool ok = doc_check_keys(data, keys, countof(keys), DW_DATA, file, d);
	const struct node *ledgers = doc_get(data, "ledgers");
	const struct node *monthly = doc_get(data, "monthly");
	const struct node *groups[] = {ledgers, monthly};
	for (size_t i = 0; i < 2; i++)
		if (groups[i] && groups[i]->kind != NODE_MAP) {
			perror_at(&pl, groups[i], DM_MUST_MAP,
				  i ? "monthly" : "ledgers");
			return false;
		}
	size_t nb = 3 + (ledgers ? ledgers->n : 0) + (monthly ? monthly->n : 0);
	s->blocks = arena_alloc(a, nb * sizeof *s->blocks);
	s->nblocks = 0;
	struct block *venue = add_block(s, "venue", SHAPE_RECORD);
	venue->label = "基本信息";
	ok = load_venue(&pl, s, venue, doc_get(data, "venue")) && ok;
	struct block *facts = add_block(s, "facts", SHAPE_RECORD);
	facts->label = "基本数据";
	ok = load_fields(&pl, facts, doc_get(data, "facts"), NULL, 0) && ok;
	add_block(s, "declared", SHAPE_DECLARED)->label = "声明事项";
	ok = load_group(&pl, s, ledgers, SHAPE_LEDGER) && ok;
	ok = load_group(&pl, s, monthly, SHAPE_MONTHLY) && ok;
	return ok && resolve_refs(&pl, s);
}

/* ---- one data format from several packs' (accepts:, packs combined) ---- */

static bool same_text(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

/* Bounds compared as written: both absent, or the same number. */
static bool same_bound(bool hx, double x, bool hy, double y)
{
	return hx == hy && (!hx || (!(x < y) && !(x > y)));
}

/* What a file may write there is the same under both definitions; the
 * labels, examples and notes are wording. */
static bool same_field(const struct field *x, const struct field *y)
{
	if (x->type != y->type || x->nvalues != y->nvalues ||
	    !same_bound(x->has_min, x->min, y->has_min, y->min) ||
	    !same_bound(x->has_max, x->max, y->has_max, y->max) ||
	    !same_text(x->max_block, y->max_block) ||
	    !same_text(x->max_field, y->max_field) || !same_text(x->unit, y->unit))
		return false;
	for (size_t i = 0; i < x->nvalues; i++)
		if (strcmp(x->values[i], y->values[i]) != 0)
			return false;
	return true;
}

static bool builtin_field(const struct block *b, const char *name)
{
	static const char *const fixed[] = {"id", "name", "tier", "parent", "year"};
	if (strcmp(b->name, "venue") != 0)
		return false;
	for (size_t i = 0; i < countof(fixed); i++)
		if (strcmp(fixed[i], name) == 0)
			return true;
	return false;
}

/* from's fields into a copy of b's; drop_required: those it adds are
 * never required. */
static bool merge_fields(struct block *b, const struct block *from,
			 bool drop_required, struct arena *a, struct diags *d)
{
	struct field *fs = arena_alloc(a, (b->nfields + from->nfields + 1) * sizeof *fs);
	if (b->nfields)
		memcpy(fs, b->fields, b->nfields * sizeof *fs);
	size_t n = b->nfields;
	bool ok = true;
	for (size_t i = 0; i < from->nfields; i++) {
		const struct field *f = &from->fields[i];
		const struct field *have = schema_field(b, f->name);
		if (have && !builtin_field(b, f->name) && !same_field(have, f)) {
			diag_addm(d, DM_FIELD_CONFLICT, DIAG_ERROR, f->file, f->line, f->col,
				  b->name, f->name, have->file ? have->file : "?",
				  have->line, have->col);
			ok = false;
		}
		if (have)
			continue;
		fs[n] = *f;
		if (drop_required)
			fs[n].required = false;
		n++;
	}
	b->fields = fs;
	b->nfields = n;
	return ok;
}

static struct block *find_block(struct block *bs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(bs[i].name, name) == 0)
			return &bs[i];
	return NULL;
}

/* A block only from has, whole; its record fields optional if asked. */
static void add_merged(struct block *to, const struct block *from,
		       bool drop_required, struct arena *a)
{
	*to = *from;
	if (!drop_required || from->shape != SHAPE_RECORD)
		return;
	struct field *fs = arena_alloc(a, (from->nfields + 1) * sizeof *fs);
	for (size_t i = 0; i < from->nfields; i++) {
		fs[i] = from->fields[i];
		fs[i].required = false;
	}
	to->fields = fs;
}

bool schema_merge(struct schema *into, const struct schema *from,
		  bool keep_required, struct arena *a, struct diags *d)
{
	struct block *bs = arena_alloc(a, (into->nblocks + from->nblocks + 1) * sizeof *bs);
	if (into->nblocks)
		memcpy(bs, into->blocks, into->nblocks * sizeof *bs);
	size_t n = into->nblocks;
	bool ok = true;
	for (size_t i = 0; i < from->nblocks; i++) {
		const struct block *fb = &from->blocks[i];
		struct block *b = find_block(bs, n, fb->name);
		if (!b) {
			add_merged(&bs[n++], fb, !keep_required, a);
		} else if (b->shape != fb->shape) {
			diag_addm(d, DM_BLOCK_CONFLICT, DIAG_ERROR, fb->file, fb->line,
				  fb->col, fb->name, b->file ? b->file : "?", b->line, b->col);
			ok = false;
		} else {
			ok = merge_fields(b, fb, !keep_required, a, d) && ok;
		}
	}
	into->blocks = bs;
	into->nblocks = n;
	return ok;
}

void schema_set_tiers(struct schema *s, struct arena *a, const char **ids,
		      const char **names, size_t n)
{
	s->tiers = ids;
	s->tier_names = names;
	s->ntiers = n;
	struct block *venue = find_block(s->blocks, s->nblocks, "venue");
	if (!venue)
		return;
	/* The header's fields are shared with the packs merged: a copy. */
	struct field *fs = arena_alloc(a, (venue->nfields + 1) * sizeof *fs);
	memcpy(fs, venue->fields, venue->nfields * sizeof *fs);
	for (size_t i = 0; i < venue->nfields; i++)
		if (strcmp(fs[i].name, "tier") == 0) {
			fs[i].values = ids;
			fs[i].nvalues = n;
			fs[i].labels = tier_labels(s);
		}
	venue->fields = fs;
}

/* A tier's name already a word of f (a code or a label). */
static bool is_word(const struct field *f, const char *name)
{
	return schema_code(f, name) != NULL;
}

void schema_tier_aliases(struct schema *s, struct arena *a, const char **ids,
			 const char **names, size_t n)
{
	struct block *venue = find_block(s->blocks, s->nblocks, "venue");
	struct field *tier = NULL;
	for (size_t i = 0; venue && i < venue->nfields; i++)
		if (strcmp(venue->fields[i].name, "tier") == 0)
			tier = &venue->fields[i];
	if (!tier || !tier->labels || tier->notes)
		return;
	const char **v = arena_alloc(a, (tier->nvalues + n + 1) * sizeof *v);
	const char **l = arena_alloc(a, (tier->nvalues + n + 1) * sizeof *l);
	memcpy(v, tier->values, tier->nvalues * sizeof *v);
	memcpy(l, tier->labels, tier->nvalues * sizeof *l);
	struct field f = *tier;
	f.values = v;
	f.labels = l;
	for (size_t i = 0; i < n; i++) {
		/* Only for a tier s has, under a word no tier of s uses. */
		bool own = false;
		for (size_t k = 0; k < tier->nvalues; k++)
			own = own || strcmp(tier->values[k], ids[i]) == 0;
		if (!own || !names[i] || is_word(&f, names[i]))
			continue;
		v[f.nvalues] = ids[i];
		l[f.nvalues++] = names[i];
	}
	if (f.nvalues == tier->nvalues)
		return;
	struct field *fs = arena_alloc(a, (venue->nfields + 1) * sizeof *fs);
	memcpy(fs, venue->fields, venue->nfields * sizeof *fs);
	fs[tier - venue->fields] = f;
	venue->fields = fs;
}

const struct block *schema_block(const struct schema *s, const char *name)
{
	for (size_t i = 0; i < s->nblocks; i++)
		if (strcmp(s->blocks[i].name, name) == 0)
			return &s->blocks[i];
	return NULL;
}

const struct field *schema_field(const struct block *b, const char *name)
{
	for (size_t i = 0; i < b->nfields; i++) {
		const char *f = b->fields[i].name;
		if (f[0] == name[0] && strcmp(f, name) == 0)
			return &b->fields[i];
	}
	return NULL;
}

/* ---- validating a venue document ---- */

static void verr(struct vctx *c, enum diag_msg m, const struct node *n, ...)
{
	va_list ap;
	va_start(ap, n);
	doc_verror(c->d, m, DIAG_ERROR, c->file, n, ap);
	va_end(ap);
}

/* A name that is the same in both languages (a block's, a key's). */
static const struct diag_words *same_words(struct vctx *c, const char *s)
{
	struct diag_words *w = arena_alloc(c->a, sizeof *w);
	w->zh = w->en = s;
	return w;
}

static bool parse_int(const char *s, double *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return false;
	/* Whole numbers travel as doubles: exact only up to 2^53.  (Not
	 * strtoll: a ledger has thousands of counts, and this is a third of
	 * its cost.) */
	long long v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > (1LL << 53))
			return false;
	}
	*out = (double)(*s == '-' ? -v : v);
	return true;
}

static bool days_ok(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* The digits s[from..to) as a number, or -1 if any is not a digit.  (Not
 * sscanf: it accepts signs and spaces, and a ledger has thousands of
 * dates.) */
static int digits(const char *s, int from, int to)
{
	int v = 0;
	for (int i = from; i < to; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool parse_date(const char *s, int *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 0, 4), m = digits(s, 5, 7), d = digits(s, 8, 10);
	if (y < 0 || m < 0 || d < 0 || !days_ok(y, m, d))
		return false;
	*out = y * 10000 + m * 100 + d;
	return true;
}

bool schema_date(const char *s, int *out)
{
	return parse_date(s, out);
}

static bool parse_bool(const struct node *n, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "是"};
	static const char *const no[] = {"false", "no", "off", "否"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(n->text, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(n->text, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* The allowed words for a message: in Chinese each label with its code
 * (演出（performance）、放映（screening）), in English each code with its
 * label (performance (演出), screening (放映)); a value without a label
 * is its code.  Bounded, as a pack may list many. */
static const char *allowed(struct arena *a, const struct field *f, bool zh)
{
	char list[512] = "";
	size_t len = 0;
	for (size_t i = 0; i < f->nvalues && len < sizeof list; i++) {
		bool lab = f->labels && f->labels[i];
		const char *first = zh && lab ? f->labels[i] : f->values[i];
		const char *second = !lab ? "" : zh ? f->values[i] : f->labels[i];
		int w = snprintf(list + len, sizeof list - len, "%s%s%s%s%s",
				 i ? zh ? "、" : ", " : "", first, !lab ? "" : zh ? "（" : " (",
				 second, !lab ? "" : zh ? "）" : ")");
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return arena_strdup(a, list);
}

/* The pack's own copy of an allowed word, or NULL after an error.  Values
 * point at the pack's copy rather than the document's, which is freed once
 * the file is validated. */
static const char *check_enum(struct vctx *c, const struct field *f,
			      const struct node *n)
{
	const char *code = schema_code(f, n->text);
	if (code)
		return code;
	for (size_t i = 0; i < f->nretired; i++)
		if (strcmp(f->retired[i], n->text) == 0) {
			verr(c, DM_RETIRED_VALUE, n, f->name, n->text,
				  f->retired_why[i]);
			return NULL;
		}
	const char *s = suggest_closest(n->text, f->values, f->nvalues);
	struct diag_words list = {allowed(c->a, f, true), allowed(c->a, f, false)};
	if (s)
		verr(c, DM_NOT_ALLOWED_HINT, n, f->name, n->text, s, &list);
	else
		verr(c, DM_NOT_ALLOWED, n, f->name, n->text, &list);
	return NULL;
}

static bool check_range(struct vctx *c, const struct field *f,
			const struct node *n, double v)
{
	if (f->has_min && v < f->min) {
		verr(c, f->min == 0 ? DM_NEGATIVE : DM_BELOW_MIN, n, f->name,
		     n->text, f->min);
		return false;
	}
	if (f->has_max && v > f->max) {
		verr(c, DM_ABOVE_MAX, n, f->name, n->text, f->max);
		return false;
	}
	return true;
}

static bool convert_tags(struct vctx *c, const struct field *f,
			 const struct node *n, struct value *out);

/* One scalar (or tag list) to a typed value.  False after an error. */
static bool convert(struct vctx *c, const struct field *f, const struct node *n,
		    struct value *out)
{
	out->line = n->line;
	out->col = n->col;
	if (f->type == FT_TAGS)
		return convert_tags(c, f, n, out);
	if (n->kind != NODE_SCALAR) {
		verr(c, DM_SHAPE_SINGLE, n, f->name, doc_kind_words(n));
		return false;
	}
	switch (f->type) {
	case FT_INT:
		out->type = V_NUM;
		if (!parse_int(n->text, &out->u.num)) {
			verr(c, DM_NOT_INT, n, f->name, n->text);
			return false;
		}
		return check_range(c, f, n, out->u.num);
	case FT_NUMBER:
		out->type = V_NUM;
		switch (schema_number(n->text, &out->u.num)) {
		case NUM_OK:
			break;
		case NUM_RANGE:
			verr(c, DM_NUM_RANGE, n, f->name, n->text);
			return false;
		case NUM_BAD:
			verr(c, DM_NOT_NUMBER, n, f->name, n->text);
			return false;
		}
		return check_range(c, f, n, out->u.num);
	case FT_BOOL:
		out->type = V_BOOL;
		if (!parse_bool(n, &out->u.b)) {
			verr(c, DM_NOT_BOOL, n, f->name, n->text);
			return false;
		}
		return true;
	case FT_DATE:
		out->type = V_DATE;
		if (!parse_date(n->text, &out->u.date)) {
			verr(c, DM_BAD_DATE, n, f->name, n->text);
			return false;
		}
		if (c->year && out->u.date / 10000 != c->year) {
			verr(c, DM_DATE_YEAR, n, f->name, n->text, c->year);
			return false;
		}
		return true;
	case FT_ENUM:
		*out = value_str(check_enum(c, f, n));
		out->line = n->line;
		out->col = n->col;
		return out->u.str != NULL;
	default:
		*out = value_str(arena_strndup(c->a, n->text, n->len));
		out->line = n->line;
		out->col = n->col;
		return true;
	}
}

static bool convert_tags(struct vctx *c, const struct field *f,
			 const struct node *n, struct value *out)
{
	out->type = V_LIST;
	if (n->kind != NODE_SEQ) {
		verr(c, DM_SHAPE_TAGS, n, f->name,
			  f->nvalues ? f->values[0] : "tag", doc_kind_words(n));
		return false;
	}
	out->items = arena_alloc(c->a, (n->n + 1) * sizeof *out->items);
	bool ok = true;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *t = n->items[i];
		if (t->kind != NODE_SCALAR) {
			verr(c, DM_TAG_WORD, t, f->name);
			ok = false;
			continue;
		}
		const char *word = check_enum(c, f, t);
		ok = word && ok;
		out->items[out->n] = value_str(word ? word : "");
		out->items[out->n].line = t->line;
		out->items[out->n].col = t->col;
		out->n++;
	}
	return ok;
}

/* A field's example is data like any other: it is read by the rules of a
 * data file (type, min, max, values), so `template` never starts from a
 * value that `check` refuses.  Its problems are the pack's (R001). */
static bool check_example(struct ploader *pl, const struct field *f,
			  const struct node *n)
{
	struct diags tmp;
	diag_init(&tmp);
	struct vctx c = {.a = pl->a, .file = pl->file, .d = &tmp};
	struct value v;
	bool ok = convert(&c, f, n, &v);
	for (size_t i = 0; i < tmp.n; i++) {
		struct diag_words w = {
			utf8_excerpt(pl->a, tmp.v[i].msg, 2 * DOC_EXCERPT + 80),
			utf8_excerpt(pl->a, tmp.v[i].msg_en, 2 * DOC_EXCERPT + 80)};
		diag_addm(pl->d, DM_EXAMPLE_BAD, DIAG_ERROR, pl->file,
			  tmp.v[i].line, tmp.v[i].col, &w);
	}
	diag_free(&tmp);
	return ok;
}

static void report_unknown(struct vctx *c, const struct node *key,
			   const struct diag_words *what,
			   const char *const *cands, size_t n)
{
	const char *s = suggest_closest(key->text, cands, n);
	if (s)
		verr(c, DM_UNKNOWN_KEY_HINT, key, key->text, what, s);
	else
		verr(c, DM_UNKNOWN_KEY, key, key->text, what);
}

static const char **field_names(struct vctx *c, const struct block *b)
{
	const char **names = arena_alloc(c->a, (b->nfields + 1) * sizeof *names);
	for (size_t i = 0; i < b->nfields; i++)
		names[i] = b->fields[i].name;
	return names;
}

/* No value: null, or a quoted empty text ("").  A workbook cannot tell
 * an empty text from an empty cell, so neither form may either: the same
 * data means the same thing in both.  (doc_is_null's test, by length:
 * this is asked of every value of a file.) */
static bool no_value(const struct node *v)
{
	if (!v || v->kind != NODE_SCALAR)
		return false;
	switch (v->len) {
	case 0:
		return true;
	case 1:
	case 4:
		return doc_is_null(v);
	default:
		return false; /* most values: neither null nor empty */
	}
}

/* convert_record's cache, made for block b. */
static struct record_cache *record_cache(struct vctx *c, const struct block *b)
{
	struct record_cache *rc = &c->rc;
	if (rc->b == b)
		return rc;
	memset(rc, 0, sizeof *rc);
	rc->b = b;
	for (size_t i = 0; i < b->nfields; i++)
		rc->ntags += b->fields[i].type == FT_TAGS;
	return rc;
}

/* schema_field for the key at position i of a record: first the field the
 * key there named last.  That field is what schema_field found for the
 * same text, so a hit is what it would find now. */
static const struct field *record_field(struct record_cache *rc, size_t i,
					const char *key)
{
	const struct block *b = rc->b;
	size_t j = i < RECORD_HINTS ? rc->field[i] : 0;
	if (j && strcmp(b->fields[j - 1].name, key) == 0)
		return &b->fields[j - 1];
	const struct field *f = schema_field(b, key);
	if (f && i < RECORD_HINTS)
		rc->field[i] = (size_t)(f - b->fields) + 1;
	return f;
}

/* A mapping whose keys are the block's fields. */
/* What a message calls a record: its block ("venue"), or entry n of a
 * ledger ("events entry 3", "events 第 3 条").  Made only for a message: a
 * ledger may have 200,000 entries. */
static const struct diag_words *record_words(struct vctx *c, const char *name,
					     size_t entry)
{
	if (!entry)
		return same_words(c, name);
	struct diag_words *w = arena_alloc(c->a, sizeof *w);
	char *zh = diag_render(DW_ENTRY, LANG_ZH, name, entry);
	char *en = diag_render(DW_ENTRY, LANG_EN, name, entry);
	w->zh = arena_strdup(c->a, zh);
	w->en = arena_strdup(c->a, en);
	free(zh);
	free(en);
	return w;
}

/* A record of block b: named name, or entry (from 1) of a ledger. */
static bool convert_record(struct vctx *c, const struct block *b,
			   const struct node *m, struct value *out,
			   const char *name, size_t entry)
{
	out->type = V_MAP;
	out->line = m->line;
	out->col = m->col;
	if (m->kind != NODE_MAP) {
		verr(c, DM_SHAPE_RECORD, m, record_words(c, name, entry),
		     doc_kind_words(m));
		return false;
	}
	/* Room for the empty lists of tag fields left out, too.  Sized
	 * exactly: a batch keeps every ledger entry until it is judged. */
	struct record_cache *rc = record_cache(c, b);
	size_t room = m->n + 1 + rc->ntags;
	out->fields = arena_alloc(c->a, room * sizeof *out->fields);
	/* Which fields have a value, for the required and tag fields below
	 * (not a value_get per field: a ledger has thousands of records). */
	bool have_some[64] = {false};
	bool *have = b->nfields <= 64 ? have_some
				      : arena_alloc(c->a, b->nfields * sizeof *have);
	bool ok = true;
	for (size_t i = 0; i < m->n; i++) {
		const struct node *k = m->pairs[i].key, *v = m->pairs[i].value;
		const struct field *f = record_field(rc, i, k->text);
		if (!f) {
			report_unknown(c, k, record_words(c, name, entry),
				       field_names(c, b), b->nfields);
			ok = false;
			continue;
		}
		if (no_value(v)) {
			/* An empty value is the same as leaving the key out. */
			continue;
		}
		/* A slot a failed conversion left behind is reused: start clean. */
		struct vfield *vf = memset(&out->fields[out->n], 0, sizeof *vf);
		vf->key = f->name;
		if (convert(c, f, v, &vf->v))
			out->n++, have[f - b->fields] = true;
		else
			ok = false;
	}
	for (size_t i = 0; i < b->nfields; i++) {
		const struct field *f = &b->fields[i];
		if (f->required && !have[i]) {
			if (!doc_get(m, f->name))
				verr(c, DM_MISSING_FIELD, m,
				     record_words(c, name, entry), f->name);
			else if (no_value(doc_get(m, f->name)))
				verr(c, DM_EMPTY_FIELD, doc_get(m, f->name),
				     record_words(c, name, entry),
				     f->name);
			ok = false;
		}
		if (f->type == FT_TAGS && !have[i]) {
			struct vfield *vf = memset(&out->fields[out->n++], 0, sizeof *vf);
			vf->key = f->name;
			vf->v.type = V_LIST; /* no tags: an empty list */
		}
	}
	return ok;
}

/* An entry entered twice would be counted twice: the pack's `unique:`
 * says which fields identify an entry.  Sorted keys find repeats in
 * n log n, however many there are. */
struct entry_key {
	const char *key; /* the identity's texts, joined by \x1f */
	size_t i;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry_key *x = a, *y = b;
	int r = strcmp(x->key, y->key);
	return r ? r : (x->i > y->i) - (x->i < y->i);
}

/* k sorted by cmp_entry, a total order (no two entries have one index),
 * so any sort gives qsort's order.  A ledger's few entries, mostly written
 * in date order already, are sorted by insertion: qsort's merge costs
 * several times as much on so few. */
enum { INSERTION_SORT_MAX = 64 };
static void sort_entries(struct entry_key *k, size_t m)
{
	if (m > INSERTION_SORT_MAX) {
		qsort(k, m, sizeof *k, cmp_entry);
		return;
	}
	for (size_t i = 1; i < m; i++) {
		struct entry_key x = k[i];
		size_t j = i;
		for (; j > 0 && cmp_entry(&k[j - 1], &x) > 0; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

/* The scalar of an identity's field in one entry, or NULL. */
static const struct node *ident_part(const struct node *entry,
				     const char *field)
{
	const struct node *v = doc_get(entry, field);
	return v && v->kind == NODE_SCALAR && !doc_is_null(v) ? v : NULL;
}

/* The identities of n's entries into k, their joined texts in one buffer
 * (*buf: free it) rather than a malloc per entry.  Returns how many
 * entries have one: an entry with none of the fields has none. */
static size_t ident_keys(const struct ident *id, const struct node *n,
			 struct entry_key *k, char **buf)
{
	const struct node **parts = xcalloc(n->n * id->n + 1, sizeof *parts);
	size_t total = 1;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *entry = n->items[i];
		if (entry->kind != NODE_MAP)
			continue;
		for (size_t f = 0; f < id->n; f++) {
			const struct node *v = ident_part(entry, id->fields[f]);
			parts[i * id->n + f] = v;
			total += (v ? v->len : 0) + 1;
		}
		total++;
	}
	char *p = *buf = xmalloc(total);
	size_t m = 0;
	for (size_t i = 0; i < n->n; i++) {
		const struct node **row = parts + i * id->n;
		bool any = false;
		for (size_t f = 0; f < id->n; f++)
			any = any || row[f];
		if (!any)
			continue;
		k[m++] = (struct entry_key){p, i};
		for (size_t f = 0; f < id->n; f++) {
			if (row[f]) {
				memcpy(p, row[f]->text, row[f]->len);
				p += row[f]->len;
			}
			*p++ = '\x1f';
		}
		*p++ = '\0';
	}
	free(parts);
	return m;
}

/* "same date 2024-03-01 and title '春节联欢'";
 * "date 2024-03-01、title“春节联欢”都相同". */
static const struct diag_words *same_what(struct vctx *c, const struct block *b,
					  const struct ident *id,
					  const struct node *entry)
{
	struct diag_words *w = arena_alloc(c->a, sizeof *w);
	const char *en = "same", *zh = "";
	for (size_t f = 0; f < id->n; f++) {
		const struct node *v = doc_get(entry, id->fields[f]);
		const struct field *fd = schema_field(b, id->fields[f]);
		const char *text = v && v->kind == NODE_SCALAR && !doc_is_null(v) ? v->text : "";
		bool plain = fd->type == FT_DATE || fd->type == FT_INT || fd->type == FT_NUMBER;
		en = arena_printf(c->a, plain ? "%s%s %s %s" : "%s%s %s '%s'", en,
				  f ? " and" : "", id->fields[f], text);
		zh = arena_printf(c->a, plain ? "%s%s%s %s" : "%s%s%s“%s”", zh,
				  f ? "、" : "", id->fields[f], text);
	}
	w->en = en;
	w->zh = arena_printf(c->a, "%s都相同", zh);
	return w;
}

static bool check_ident(struct vctx *c, const struct block *b,
			const struct ident *id, const struct node *n,
			bool *flagged)
{
	struct entry_key *k = xcalloc(n->n + 1, sizeof *k);
	char *keys;
	size_t m = ident_keys(id, n, k, &keys);
	sort_entries(k, m);
	bool ok = true;
	/* Each repeat names the first entry of its run of equal keys, however
	 * many there are: the run's start is carried along, not looked for
	 * again (which took the square of the run for 200,000 copies). */
	size_t first = 0;
	for (size_t i = 1; i < m; i++) {
		if (strcmp(k[i].key, k[i - 1].key) != 0) {
			first = i;
			continue;
		}
		if (flagged[k[i].i])
			continue;
		verr(c, DM_DUP_ENTRY, n->items[k[i].i], b->name,
		     k[i].i + 1, k[first].i + 1, n->items[k[first].i]->line,
		     same_what(c, b, id, n->items[k[i].i]));
		flagged[k[i].i] = true;
		ok = false;
	}
	free(keys);
	free(k);
	return ok;
}

static bool check_repeats(struct vctx *c, const struct block *b,
			  const struct node *n)
{
	if (!b->nunique)
		return true;
	/* An entry repeated by its id and by its name is one error. */
	bool *flagged = xcalloc(n->n + 1, sizeof *flagged), ok = true;
	for (size_t u = 0; u < b->nunique; u++)
		ok = check_ident(c, b, &b->unique[u], n, flagged) && ok;
	free(flagged);
	return ok;
}

static bool convert_ledger(struct vctx *c, const struct block *b,
			   const struct node *n, struct value *out)
{
	out->type = V_LIST;
	out->line = n->line;
	out->col = n->col;
	if (doc_is_null(n))
		return true;
	if (n->kind != NODE_SEQ) {
		verr(c, DM_SHAPE_LEDGER, n, b->name, doc_kind_words(n));
		return false;
	}
	out->items = arena_alloc(c->a, (n->n + 1) * sizeof *out->items);
	bool ok = true;
	for (size_t i = 0; i < n->n; i++) {
		struct value *item = &out->items[out->n++];
		ok = convert_record(c, b, n->items[i], item, b->name, i + 1) && ok;
		item->absent_is_null = true;
	}
	return check_repeats(c, b, n) && ok;
}

static bool month_key(const char *s, int *m)
{
	double v;
	if (!parse_int(s, &v) || v < 1 || v > 12)
		return false;
	*m = (int)v;
	return true;
}

static bool convert_monthly(struct vctx *c, const struct block *b,
			    const struct node *n, struct value *out)
{
	static const char *const names[] = {"1", "2", "3", "4", "5", "6",
					    "7", "8", "9", "10", "11", "12"};
	out->type = V_MAP;
	out->line = n->line;
	out->col = n->col;
	if (n->kind != NODE_MAP) {
		verr(c, DM_SHAPE_MONTHLY, n, b->name);
		return false;
	}
	out->fields = arena_alloc(c->a, 13 * sizeof *out->fields);
	bool ok = true, seen[13] = {false};
	for (size_t i = 0; i < n->n; i++) {
		const struct node *k = n->pairs[i].key, *v = n->pairs[i].value;
		int m;
		if (!month_key(k->text, &m)) {
			verr(c, DM_BAD_MONTH, k, b->name, k->text);
			ok = false;
			continue;
		}
		if (seen[m]) {
			verr(c, DM_DUP_MONTH, k, b->name, m);
			ok = false;
			continue;
		}
		seen[m] = true;
		if (no_value(v))
			continue;
		/* A slot a failed conversion left behind is reused: start clean. */
		struct vfield *vf = memset(&out->fields[out->n], 0, sizeof *vf);
		vf->key = names[m - 1];
		if (convert(c, &b->fields[0], v, &vf->v))
			out->n++;
		else
			ok = false;
	}
	return ok;
}

static bool convert_declared(struct vctx *c, const struct node *n,
			     struct value *out)
{
	out->type = V_MAP;
	out->line = n->line;
	out->col = n->col;
	if (n->kind != NODE_MAP) {
		verr(c, DM_SHAPE_DECLARED, n);
		return false;
	}
	out->fields = arena_alloc(c->a, (n->n + 1) * sizeof *out->fields);
	static const struct field f = {.name = "declared", .type = FT_BOOL};
	bool ok = true;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *k = n->pairs[i].key, *v = n->pairs[i].value;
		size_t j = 0;
		while (c->have_declared && j < c->declared.n &&
		       strcmp(c->declared.keys[j], k->text) != 0)
			j++;
		if (c->have_declared && j == c->declared.n) {
			report_unknown(c, k, diag_word(DW_DECLARED_TIER),
				       c->declared.keys, c->declared.n);
			ok = false;
			continue;
		}
		if (no_value(v))
			continue;
		/* A slot a failed conversion left behind is reused: start clean. */
		struct vfield *vf = memset(&out->fields[out->n], 0, sizeof *vf);
		vf->key = c->have_declared ? c->declared.keys[j]
					   : arena_strndup(c->a, k->text, k->len);
		if (convert(c, &f, v, &vf->v))
			out->n++;
		else
			ok = false;
	}
	return ok;
}

static bool convert_block(struct vctx *c, const struct block *b,
			  const struct node *n, struct value *out)
{
	switch (b->shape) {
	case SHAPE_RECORD:
		return convert_record(c, b, n, out, b->name, 0);
	case SHAPE_LEDGER:
		return convert_ledger(c, b, n, out);
	case SHAPE_MONTHLY:
		return convert_monthly(c, b, n, out);
	case SHAPE_DECLARED:
		return convert_declared(c, n, out);
	}
	return false;
}

/* ---- what schema_stream.c shares (schema_impl.h) ---- */

bool schema_convert(struct vctx *c, const struct field *f,
		    const struct node *n, struct value *out)
{
	return convert(c, f, n, out);
}

bool schema_no_value(const struct node *v)
{
	return no_value(v);
}

struct record_cache *schema_record_cache(struct vctx *c, const struct block *b)
{
	return record_cache(c, b);
}

const struct field *schema_record_field(struct record_cache *rc, size_t i,
					const char *key)
{
	return record_field(rc, i, key);
}

bool schema_convert_block(struct vctx *c, const struct block *b,
			  const struct node *n, struct value *out)
{
	return convert_block(c, b, n, out);
}

bool schema_header_read(struct vctx *c, const struct value *hdr,
			const struct node *vn,
			struct declared_keys (*tier_keys)(const void *, const char *),
			const void *ctx)
{
	const struct value *year = value_get(hdr, "year");
	const struct value *tier = value_get(hdr, "tier");
	bool ok = true;
	if (year)
		c->year = (int)year->u.num;
	if (year && c->year < c->s->effective_year) {
		verr(c, DM_YEAR_BEFORE, doc_get(vn, "year"), c->year,
			  c->s->effective_year);
		ok = false;
	}
	if (tier && tier_keys) {
		c->declared = tier_keys(ctx, tier->u.str);
		c->have_declared = true;
	}
	return ok;
}

/* The header first: its year bounds every date, its tier the declared keys. */
static bool convert_header(struct vctx *c, const struct node *root,
			   struct value *out,
			   struct declared_keys (*tier_keys)(const void *, const char *),
			   const void *ctx)
{
	const struct node *vn = doc_get(root, "venue");
	if (!vn) {
		verr(c, DM_NO_HEADER, root);
		return false;
	}
	bool ok = convert_record(c, schema_block(c->s, "venue"), vn, out, "venue", 0);
	return schema_header_read(c, out, vn, tier_keys, ctx) && ok;
}

static const struct value *field_value(const struct value *root,
				       const char *block, const char *field)
{
	const struct value *v = value_get(value_get(root, block), field);
	return v && v->type == V_NUM ? v : NULL;
}

/* `max: facts.staff_total`: 25 professionals of 20 staff is no data. */
static bool check_parts(struct vctx *c, const struct value *root)
{
	bool ok = true;
	for (size_t i = 0; i < c->s->nblocks; i++) {
		const struct block *b = &c->s->blocks[i];
		for (size_t j = 0; j < b->nfields; j++) {
			const struct field *f = &b->fields[j];
			const struct value *part = f->max_block
				? field_value(root, b->name, f->name) : NULL;
			const struct value *whole = part
				? field_value(root, f->max_block, f->max_field) : NULL;
			if (!whole || part->u.num <= whole->u.num)
				continue;
			diag_addm(c->d, DM_PART_EXCEEDS, DIAG_ERROR, c->file, part->line, part->col,
				  b->name, f->name, part->u.num, f->max_block,
				  f->max_field, whole->u.num);
			ok = false;
		}
	}
	return ok;
}

/* `counted_by: venue.villages`: the list and the stated number disagree.
 * Not an error: the rules that read both require the larger. */
static void check_counted(struct vctx *c, const struct value *root)
{
	for (size_t i = 0; i < c->s->nblocks; i++) {
		const struct block *b = &c->s->blocks[i];
		const struct value *list = b->counted_block ? value_get(root, b->name) : NULL;
		const struct value *n = list ? field_value(root, b->counted_block,
							   b->counted_field) : NULL;
		if (!n || n->u.num == (double)list->n)
			continue;
		diag_addm(c->d, DM_STATED_LIST, DIAG_WARNING, c->file, n->line, n->col,
			  b->counted_block, b->counted_field, n->u.num, b->name,
			  list->n);
	}
}

bool schema_check_whole(struct vctx *c, const struct value *root)
{
	bool ok = check_parts(c, root);
	check_counted(c, root);
	return ok;
}

struct value *schema_validate(const struct schema *s, struct arena *a,
			      const struct node *root, const char *file,
			      struct declared_keys (*tier_keys)(const void *ctx,
								const char *tier),
			      const void *ctx, struct diags *d)
{
	if (s->valid)
		s = s->valid;
	struct vctx c = {.s = s, .a = a, .file = file, .d = d};
	if (root->kind != NODE_MAP) {
		verr(&c, DM_SHAPE_ROOT, root, doc_kind_words(root));
		return NULL;
	}
	struct value *out = arena_alloc(a, sizeof *out);
	out->type = V_MAP;
	out->fields = arena_alloc(a, (root->n + 1) * sizeof *out->fields);
	struct vfield *hdr = &out->fields[out->n++];
	hdr->key = "venue";
	bool ok = convert_header(&c, root, &hdr->v, tier_keys, ctx);
	const char **names = arena_alloc(a, (s->nblocks + 2) * sizeof *names);
	for (size_t i = 0; i < s->nblocks; i++)
		names[i] = s->blocks[i].name;
	names[s->nblocks] = SCHEMA_WAIVERS;
	for (size_t i = 0; i < root->n; i++) {
		const struct node *k = root->pairs[i].key;
		const struct block *b = schema_block(s, k->text);
		if (!b && strcmp(k->text, SCHEMA_WAIVERS) == 0)
			continue; /* read by waiver.c */
		if (!b) {
			report_unknown(&c, k, diag_word(DW_TOP_LEVEL), names,
				       s->nblocks + 1);
			ok = false;
			continue;
		}
		if (strcmp(b->name, "venue") == 0)
			continue;
		/* A slot a failed conversion left behind is reused: start clean. */
		struct vfield *vf = memset(&out->fields[out->n], 0, sizeof *vf);
		vf->key = b->name;
		if (convert_block(&c, b, root->pairs[i].value, &vf->v))
			out->n++;
		else
			ok = false;
	}
	ok = schema_check_whole(&c, out) && ok;
	return ok ? out : NULL;
}
