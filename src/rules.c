/* rules.c - load a rule pack (YAML) into a struct pack: standard, tiers,
 * categories, data format and rules, with every expression compiled and
 * checked against the data format up front, so a broken pack is reported
 * with file:line:col before any venue is read. */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

struct rloader {
	struct pack *p;
	const char *file;
	struct diags *d;
	bool ok;
};

static void rerr(struct rloader *rl, const struct node *n, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

static void rerr(struct rloader *rl, const struct node *n, const char *fmt,
		 ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diags_add(rl->d, DC_PACK, DIAG_ERROR, rl->file, n ? n->line : 0, n ? n->col : 0,
		  "%s", msg);
	rl->ok = false;
}

/* Text of an optional scalar key, or NULL. */
static const char *opt_text(struct rloader *rl, const struct node *m,
			    const char *key)
{
	const struct node *n = doc_get(m, key);
	if (!n || doc_is_null(n))
		return NULL;
	if (n->kind != NODE_SCALAR) {
		rerr(rl, n, "'%s' must be a single value", key);
		return NULL;
	}
	return n->text;
}

static const char *req_text(struct rloader *rl, const struct node *m,
			    const char *key, const char *what)
{
	const char *t = opt_text(rl, m, key);
	if (!t && !doc_get(m, key))
		rerr(rl, m, "%s: required key '%s' is missing", what, key);
	return t;
}

static struct expr *compile(struct rloader *rl, const struct node *m,
			    const char *key)
{
	const struct node *n = doc_get(m, key);
	if (!n)
		return NULL;
	if (n->kind != NODE_SCALAR || doc_is_null(n)) {
		rerr(rl, n, "'%s' must be an expression", key);
		return NULL;
	}
	/* Quoted scalars start one column after their quote. */
	int col = n->col + (n->plain ? 0 : 1);
	struct expr *e = expr_compile(&rl->p->arena, n->text, rl->file,
				      n->line, col, &rl->p->schema, rl->d);
	if (!e)
		rl->ok = false;
	return e;
}

static void load_standard(struct rloader *rl, const struct node *root)
{
	static const char *const keys[] = {"id", "title", "title_en", "source",
					   "issued", "note"};
	const struct node *s = doc_get(root, "standard");
	if (!s || s->kind != NODE_MAP) {
		rerr(rl, s ? s : root, "the pack needs a '%s:' mapping (id, title)",
		     "standard");
		return;
	}
	if (!doc_check_keys(s, keys, 6, "standard", rl->file, rl->d))
		rl->ok = false;
	rl->p->id = req_text(rl, s, "id", "standard");
	rl->p->title = req_text(rl, s, "title", "standard");
	rl->p->title_en = opt_text(rl, s, "title_en");
	rl->p->source = opt_text(rl, s, "source");
}

static void load_tiers(struct rloader *rl, const struct node *root)
{
	static const char *const keys[] = {"id", "name", "name_en", "label",
					   "parent"};
	const struct node *t = doc_get(root, "tiers");
	if (!t || t->kind != NODE_SEQ || t->n == 0) {
		rerr(rl, t ? t : root, "the pack needs a non-empty '%s:' list",
		     "tiers");
		return;
	}
	struct pack *p = rl->p;
	p->tiers = arena_alloc(&p->arena, t->n * sizeof *p->tiers);
	p->schema.tiers = arena_alloc(&p->arena, t->n * sizeof(char *));
	for (size_t i = 0; i < t->n; i++) {
		const struct node *m = t->items[i];
		if (m->kind != NODE_MAP) {
			rerr(rl, m, "each tier must be a mapping with an id%s", "");
			continue;
		}
		if (!doc_check_keys(m, keys, 5, "a tier", rl->file, rl->d))
			rl->ok = false;
		struct tier *tr = &p->tiers[p->ntiers];
		tr->id = req_text(rl, m, "id", "tier");
		tr->name = req_text(rl, m, "name", "tier");
		tr->name_en = opt_text(rl, m, "name_en");
		tr->label = opt_text(rl, m, "label");
		tr->parent = opt_text(rl, m, "parent");
		if (!tr->id || !tr->name)
			continue;
		if (rules_tier(p, tr->id))
			rerr(rl, m, "tier '%s' is listed twice", tr->id);
		p->schema.tiers[p->ntiers++] = tr->id;
	}
	p->schema.ntiers = p->ntiers;
	for (size_t i = 0; i < p->ntiers; i++)
		if (p->tiers[i].parent && !rules_tier(p, p->tiers[i].parent))
			rerr(rl, t, "tier parent '%s' is not a tier",
			     p->tiers[i].parent);
}

static void load_categories(struct rloader *rl, const struct node *root)
{
	const struct node *c = doc_get(root, "categories");
	if (!c)
		return;
	if (c->kind != NODE_MAP) {
		rerr(rl, c, "'%s' must map each Chinese category to its English name",
		     "categories");
		return;
	}
	struct pack *p = rl->p;
	p->cats = arena_alloc(&p->arena, (c->n + 1) * sizeof *p->cats);
	for (size_t i = 0; i < c->n; i++) {
		p->cats[p->ncats].name = c->pairs[i].key->text;
		p->cats[p->ncats].name_en = c->pairs[i].value->kind == NODE_SCALAR
			? c->pairs[i].value->text : NULL;
		p->ncats++;
	}
}

static const struct { const char *text; enum op op; } ops[] = {
	{">=", OP_GE}, {">", OP_GT}, {"<=", OP_LE}, {"<", OP_LT}, {"==", OP_EQ},
};

static const char *const kind_names[] = {"min", "each", "ratio", "scaled",
					 "declared", "system"};

static void load_check(struct rloader *rl, struct check *c,
		       const struct node *m)
{
	c->line = m->line;
	c->col = m->col;
	c->label = opt_text(rl, m, "label");
	c->label_en = opt_text(rl, m, "label_en");
	c->unit = opt_text(rl, m, "unit");
	c->unit_en = opt_text(rl, m, "unit_en");
	c->percent = c->unit && strcmp(c->unit, "%") == 0;
	const char *batch = opt_text(rl, m, "batch");
	c->batch = batch && strcmp(batch, "true") == 0;
	c->applies = compile(rl, m, "applies");
	c->measure = compile(rl, m, "measure");
	c->threshold = compile(rl, m, "threshold");
	c->stated = compile(rl, m, "stated");
	if (c->stated && !expr_is_path(c->stated))
		rerr(rl, doc_get(m, "stated"), "'%s' must be a field path such as facts.large_events",
		     "stated");
	const char *op = opt_text(rl, m, "op");
	c->op = OP_GE; /* 不少于, 以上, 至少: the standard's usual wording */
	if (op) {
		size_t i = 0;
		while (i < 5 && strcmp(ops[i].text, op) != 0)
			i++;
		if (i == 5)
			rerr(rl, doc_get(m, "op"), "op '%s' must be one of >= > <= < ==", op);
		else
			c->op = ops[i].op;
	}
	if (c->threshold && expr_is_text(c->threshold))
		rerr(rl, doc_get(m, "threshold"),
		     "threshold %s is text; it must be a number or an expression giving one",
		     expr_text(c->threshold));
	if (c->measure && expr_is_text(c->measure))
		rerr(rl, doc_get(m, "measure"), "measure %s is text, not a quantity",
		     expr_text(c->measure));
	if (!doc_get(m, "measure"))
		rerr(rl, m, "a check needs '%s:' (the value to compare)", "measure");
	if (!doc_get(m, "threshold"))
		rerr(rl, m, "a check needs '%s:' (what the standard requires)",
		     "threshold");
}

static const char *const check_keys[] = {
	"label", "label_en", "applies", "measure", "op", "threshold",
	"unit", "unit_en", "stated", "batch"};
static const char *const rule_keys[] = {
	"id", "tier", "category", "clause", "summary", "title", "note",
	"note_en", "requirement", "requirement_en", "kind", "key", "checks",
	"severity",
	"label", "label_en", "applies", "measure", "op", "threshold",
	"unit", "unit_en", "stated", "batch"};

/* `declared` rules need no expressions: they read declared.<key> == true. */
static void make_declared(struct rloader *rl, struct rule *r,
			  const struct node *m)
{
	const char *key = opt_text(rl, m, "key");
	if (!key) {
		size_t n = strlen(r->tier);
		key = strncmp(r->id, r->tier, n) == 0 && r->id[n] == '.'
			? r->id + n + 1 : r->id;
	}
	r->key = key;
	r->nchecks = 1;
	r->checks = arena_alloc(&rl->p->arena, sizeof *r->checks);
	struct check *c = r->checks;
	c->line = m->line;
	c->col = m->col;
	c->measure = expr_path2(&rl->p->arena, "declared", key);
	c->threshold = expr_compile(&rl->p->arena, "true", rl->file, m->line,
				    m->col, NULL, rl->d);
	c->op = OP_EQ;
}

static void load_checks(struct rloader *rl, struct rule *r,
			const struct node *m)
{
	const struct node *cs = doc_get(m, "checks");
	if (!cs) {
		r->nchecks = 1;
		r->checks = arena_alloc(&rl->p->arena, sizeof *r->checks);
		load_check(rl, r->checks, m);
		return;
	}
	if (cs->kind != NODE_SEQ || cs->n == 0 || doc_get(m, "measure")) {
		rerr(rl, cs, "'%s' must be a non-empty list, used instead of measure/threshold",
		     "checks");
		return;
	}
	r->checks = arena_alloc(&rl->p->arena, cs->n * sizeof *r->checks);
	for (size_t i = 0; i < cs->n; i++) {
		const struct node *c = cs->items[i];
		if (c->kind != NODE_MAP) {
			rerr(rl, c, "each check must be a mapping with %s", "measure and threshold");
			continue;
		}
		if (!doc_check_keys(c, check_keys, 10, "a check", rl->file, rl->d))
			rl->ok = false;
		load_check(rl, &r->checks[r->nchecks++], c);
	}
}

static void load_kind(struct rloader *rl, struct rule *r, const struct node *m)
{
	const char *kind = opt_text(rl, m, "kind");
	r->kind = KIND_MIN;
	if (kind) {
		size_t i = 0;
		while (i < 6 && strcmp(kind_names[i], kind) != 0)
			i++;
		if (i == 6)
			rerr(rl, doc_get(m, "kind"),
			     "kind '%s' must be one of min, each, ratio, scaled, declared, system",
			     kind);
		else
			r->kind = (enum rule_kind)i;
	}
}

static void load_rule(struct rloader *rl, struct rule *r, const struct node *m)
{
	struct pack *p = rl->p;
	r->line = m->line;
	r->col = m->col;
	if (!doc_check_keys(m, rule_keys, 24, "a rule", rl->file, rl->d))
		rl->ok = false;
	r->id = req_text(rl, m, "id", "rule");
	r->tier = req_text(rl, m, "tier", "rule");
	r->category = req_text(rl, m, "category", "rule");
	r->clause = req_text(rl, m, "clause", "rule");
	r->summary = opt_text(rl, m, "summary");
	r->title = req_text(rl, m, "title", "rule");
	r->note = opt_text(rl, m, "note");
	r->note_en = opt_text(rl, m, "note_en");
	const char *sev = opt_text(rl, m, "severity");
	if (sev && strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0)
		rerr(rl, doc_get(m, "severity"), "severity '%s' must be error or warning", sev);
	r->warning = sev && strcmp(sev, "warning") == 0;
	r->requirement = opt_text(rl, m, "requirement");
	r->requirement_en = opt_text(rl, m, "requirement_en");
	if (!r->summary)
		r->summary = r->clause;
	if (!r->id || !r->tier)
		return;
	if (!rules_tier(p, r->tier))
		rerr(rl, doc_get(m, "tier"), "tier '%s' is not one of the pack's tiers",
		     r->tier);
	if (r->category && p->ncats && !rules_category(p, r->category))
		rerr(rl, doc_get(m, "category"),
		     "category '%s' is not listed under categories:", r->category);
	load_kind(rl, r, m);
	if (r->kind == KIND_DECLARED) {
		if (doc_get(m, "measure") || doc_get(m, "checks"))
			rerr(rl, m, "a declared rule reads declared.<key>; drop %s",
			     "measure/checks");
		make_declared(rl, r, m);
	} else {
		load_checks(rl, r, m);
	}
}

static void index_declared(struct pack *p)
{
	for (size_t t = 0; t < p->ntiers; t++) {
		struct declared_keys *dk = &p->tiers[t].declared;
		dk->keys = arena_alloc(&p->arena, (p->nrules + 1) * sizeof(char *));
		for (size_t i = 0; i < p->nrules; i++)
			if (p->rules[i].kind == KIND_DECLARED &&
			    strcmp(p->rules[i].tier, p->tiers[t].id) == 0)
				dk->keys[dk->n++] = p->rules[i].key;
	}
}

struct names {
	const struct pack *p;
	bool linked, any;
	const char **v; /* blocks */
	size_t n;
	const char **f; /* every name read, blocks or fields */
	size_t nf, capf;
};

static void note_link(void *ctx, const char *name)
{
	struct names *nm = ctx;
	if (name && (!strcmp(name, "children") || !strcmp(name, "parent")))
		nm->linked = true;
}

/* Remember name if it is a block not yet kept; NULL: any name at all. */
static void note_block(void *ctx, const char *name)
{
	struct names *nm = ctx;
	if (!name) {
		nm->any = true;
		return;
	}
	bool seen = false;
	for (size_t i = 0; i < nm->nf && !seen; i++)
		seen = !strcmp(nm->f[i], name);
	if (!seen && nm->nf < nm->capf)
		nm->f[nm->nf++] = name;
	else if (!seen)
		nm->any = true; /* more names than room: keep everything */
	if (!schema_block(&nm->p->schema, name))
		return;
	for (size_t i = 0; i < nm->n; i++)
		if (!strcmp(nm->v[i], name))
			return;
	nm->v[nm->n++] = name;
}

static void each_expr(const struct rule *r,
		      void (*fn)(void *ctx, const char *name), void *ctx)
{
	for (size_t c = 0; c < r->nchecks; c++) {
		const struct check *k = &r->checks[c];
		expr_each_name(k->applies, fn, ctx);
		expr_each_name(k->measure, fn, ctx);
		expr_each_name(k->threshold, fn, ctx);
		expr_each_name(k->stated, fn, ctx);
	}
}

/* Which rules read other venues, and so which blocks every venue must keep
 * for them: a batch then holds those blocks of each venue, not its whole
 * file (a province is tens of thousands of files). */
static void index_links(struct pack *p)
{
	struct names keep = {.p = p, .capf = 256};
	keep.v = arena_alloc(&p->arena, (p->schema.nblocks + 2) * sizeof *keep.v);
	keep.f = arena_alloc(&p->arena, keep.capf * sizeof *keep.f);
	/* The whole header: reports show it.  (Fields of other blocks that
	 * share a header field's name are kept too; that costs little.) */
	note_block(&keep, "venue");
	const struct block *hdr = schema_block(&p->schema, "venue");
	for (size_t f = 0; hdr && f < hdr->nfields; f++)
		note_block(&keep, hdr->fields[f].name);
	for (size_t b = 0; b < p->schema.nblocks; b++)
		if (p->schema.blocks[b].lists) {
			note_block(&keep, p->schema.blocks[b].name);
			note_block(&keep, "id");
			note_block(&keep, "name");
		}
	for (size_t i = 0; i < p->nrules; i++) {
		struct names link = {.p = p};
		each_expr(&p->rules[i], note_link, &link);
		p->rules[i].linked = link.linked;
		if (link.linked)
			each_expr(&p->rules[i], note_block, &keep);
	}
	p->keep = keep.v;
	p->nkeep = keep.n;
	p->keep_fields = keep.f;
	p->nkeep_fields = keep.nf;
	p->keep_all = keep.any;
}

static void load_rules(struct rloader *rl, const struct node *root)
{
	struct pack *p = rl->p;
	const struct node *rs = doc_get(root, "rules");
	if (!rs || rs->kind != NODE_SEQ) {
		rerr(rl, rs ? rs : root, "the pack needs a '%s:' list", "rules");
		return;
	}
	p->rules = arena_alloc(&p->arena, (rs->n + 1) * sizeof *p->rules);
	for (size_t i = 0; i < rs->n; i++) {
		const struct node *m = rs->items[i];
		if (m->kind != NODE_MAP) {
			rerr(rl, m, "each rule must be a mapping (id, tier, ...)%s", "");
			continue;
		}
		struct rule *r = &p->rules[p->nrules];
		load_rule(rl, r, m);
		if (!r->id || !r->tier)
			continue;
		const struct rule *dup = rules_find(p, r->id);
		if (dup)
			rerr(rl, doc_get(m, "id"),
			     "rule id '%s' is used twice (first at line %d)",
			     r->id, dup->line);
		p->nrules++;
	}
	index_declared(p);
	index_links(p);
}

static struct pack *load(struct pack *p, struct node *root, struct diags *d)
{
	struct rloader rl = {.p = p, .file = p->path, .d = d, .ok = root != NULL};
	if (root && root->kind != NODE_MAP)
		rerr(&rl, root, "a rule pack must be a mapping with standard:, tiers:, data:, rules:%s",
		     "");
	if (rl.ok) {
		static const char *const keys[] = {"standard", "tiers", "categories",
						   "data", "rules"};
		if (!doc_check_keys(root, keys, 5, "the rule pack", p->path, d))
			rl.ok = false;
		load_standard(&rl, root);
		load_tiers(&rl, root);
		load_categories(&rl, root);
		if (!schema_load(&p->schema, &p->arena, doc_get(root, "data"),
				 p->path, d))
			rl.ok = false;
		if (rl.ok)
			load_rules(&rl, root);
	}
	if (!rl.ok) {
		rules_free(p);
		return NULL;
	}
	return p;
}

static struct pack *new_pack(const char *name)
{
	struct pack *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	arena_init(&p->arena);
	p->path = arena_strdup(&p->arena, name);
	return p;
}

struct pack *rules_load(const char *path, struct diags *d)
{
	struct pack *p = new_pack(path);
	return load(p, doc_load_file(&p->arena, path, NULL, d), d);
}

struct pack *rules_load_string(const char *name, const char *buf, size_t len,
			       struct diags *d)
{
	struct pack *p = new_pack(name);
	return load(p, doc_load_string(&p->arena, name, buf, len, NULL, d), d);
}

void rules_free(struct pack *p)
{
	if (!p)
		return;
	arena_free(&p->arena);
	free(p);
}

const struct tier *rules_tier(const struct pack *p, const char *id)
{
	for (size_t i = 0; i < p->ntiers; i++)
		if (strcmp(p->tiers[i].id, id) == 0)
			return &p->tiers[i];
	return NULL;
}

const struct category *rules_category(const struct pack *p, const char *name)
{
	for (size_t i = 0; i < p->ncats; i++)
		if (strcmp(p->cats[i].name, name) == 0)
			return &p->cats[i];
	return NULL;
}

const struct rule *rules_find(const struct pack *p, const char *id)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].id && strcmp(p->rules[i].id, id) == 0)
			return &p->rules[i];
	return NULL;
}

struct declared_keys rules_declared_keys(const void *pack, const char *tier)
{
	const struct tier *t = rules_tier(pack, tier);
	struct declared_keys none = {0};
	return t ? t->declared : none;
}

const char *rules_kind_name(enum rule_kind k)
{
	return kind_names[k];
}

const char *rules_op_text(enum op op)
{
	static const char *const sym[] = {"≥", ">", "≤", "<", "="};
	return sym[op];
}

const char *rules_requirement(const struct rule *r, bool english,
			      struct arena *a)
{
	if (r->kind == KIND_DECLARED)
		return english ? "yes" : "是";
	const char *text = english && r->requirement_en ? r->requirement_en
							: r->requirement;
	if (text)
		return text;
	const struct check *c = &r->checks[0];
	const char *unit = english && c->unit_en ? c->unit_en
			 : c->unit ? c->unit : "";
	double x;
	if (expr_constant(c->threshold, &x)) {
		if (c->percent)
			return arena_printf(a, "%s %g%%", rules_op_text(c->op), x * 100);
		return arena_printf(a, "%s %g%s%s", rules_op_text(c->op), x,
				    *unit ? " " : "", unit);
	}
	return arena_printf(a, "%s %s%s%s", rules_op_text(c->op),
			    expr_text(c->threshold), *unit ? " " : "", unit);
}
