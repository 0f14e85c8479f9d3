/* expr.c - lexer, recursive-descent parser, name resolver and evaluator of
 * the threshold language.  Precedence, lowest first:
 *
 *   if/then/elif/else/end, or, and, not, comparisons and `in`, + -, * /,
 *   unary -, postfix . and [ ]
 *
 * Aggregates bind a variable:  AGG(x in SOURCE [where COND] [-> BODY]).
 * (Not ":" before the body: ": " would end a plain YAML scalar.) */
#include "expr.h"
#include "expr_impl.h"
#include "proj.h"
#include "utf8.h"
#include "suggest.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_VARS = 8, MAX_DEPTH = 48, MAX_TEXT = 2000, EXPR_EXCERPT = 80,
       MAX_HINTS = 16 };

/* ---- lexer ---- */

enum tok {
	T_EOF, T_NUM, T_STR, T_IDENT, T_LP, T_RP, T_LB, T_RB, T_COMMA,
	T_ARROW, T_DOT, T_PLUS, T_MINUS, T_STAR, T_SLASH,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_ERR
};

struct parser {
	struct arena *a;
	const char *text, *p;
	const char *file;
	int line, col; /* position of text[0] in the file */
	struct diags *d;
	const struct schema *schema;
	bool failed;
	int depth;
	/* current token */
	enum tok tok;
	const char *tstart;
	size_t tlen;
	double num;
	/* variable scope: names and, for ledger variables, their block */
	const char *vars[MAX_VARS];
	const struct block *var_block[MAX_VARS];
	int nvars;
	size_t nmeasures; /* the schema's measures this text may read */
	int nhints; /* field hints handed out (struct expr's hint) */
};

static void perr(struct parser *ps, const char *at, enum diag_msg m, ...)
{
	if (ps->failed)
		return;
	ps->failed = true;
	va_list ap, aq;
	va_start(ap, m);
	va_copy(aq, ap);
	struct diag_words msg = {diag_vrender(m, LANG_ZH, ap),
				 diag_vrender(m, LANG_EN, aq)};
	va_end(aq);
	va_end(ap);
	/* Count lines within the expression so multi-line YAML scalars still
	 * point near the right place. */
	int line = ps->line, col = ps->col;
	for (const char *q = ps->text; q < at && *q; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	/* The expression is quoted only in part: a pack may be a third
	 * party's, and what it holds is not always an expression. */
	diag_addm(ps->d, DM_EXPR_IN, DIAG_ERROR, ps->file, line, col, &msg,
		  utf8_excerpt(ps->a, ps->text, EXPR_EXCERPT));
	free((char *)msg.zh);
	free((char *)msg.en);
}

static bool is_ident_start(int c) { return isalpha(c) || c == '_'; }
static bool is_ident(int c) { return isalnum(c) || c == '_'; }

static void lex_number(struct parser *ps)
{
	/* Decimal only, as numbers in a data file: strtod would also read
	 * hex (0x10) and hex floats (0x1p4). */
	if (ps->p[0] == '0' && (ps->p[1] == 'x' || ps->p[1] == 'X')) {
		perr(ps, ps->p, DM_EXPR_HEX,
			  (int)strspn(ps->p, "0123456789abcdefABCDEFxXpP.+-"),
			  ps->p);
		ps->tok = T_ERR;
		ps->p += 2;
		return;
	}
	char *end;
	errno = 0;
	ps->num = strtod(ps->p, &end);
	if (errno || !isfinite(ps->num)) {
		perr(ps, ps->p, DM_EXPR_RANGE);
		ps->tok = T_ERR;
	} else {
		ps->tok = T_NUM;
	}
	ps->p = end;
}

static void lex_string(struct parser *ps)
{
	const char *q = ps->p + 1;
	while (*q && *q != '"')
		q++;
	if (!*q) {
		perr(ps, ps->p, DM_EXPR_STRING);
		ps->tok = T_ERR;
		return;
	}
	/* The token keeps its quotes, so the source text of an expression
	 * that starts with a string does too; the value drops them. */
	ps->tlen = (size_t)(q - ps->p + 1);
	ps->tok = T_STR;
	ps->p = q + 1;
}

static bool lex_op(struct parser *ps)
{
	static const struct { const char *s; enum tok t; } ops[] = {
		{">=", T_GE}, {"<=", T_LE}, {"==", T_EQ}, {"!=", T_NE},
		{"≥", T_GE},  {"≤", T_LE},  {">", T_GT},  {"<", T_LT},
		{"(", T_LP},  {")", T_RP},  {"[", T_LB},  {"]", T_RB},
		{",", T_COMMA}, {"->", T_ARROW}, {".", T_DOT}, {"+", T_PLUS},
		{"-", T_MINUS}, {"*", T_STAR}, {"×", T_STAR}, {"/", T_SLASH},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].s);
		if (strncmp(ps->p, ops[i].s, n) == 0) {
			ps->tok = ops[i].t;
			ps->p += n;
			return true;
		}
	}
	return false;
}

static void next(struct parser *ps)
{
	while (*ps->p && isspace((unsigned char)*ps->p))
		ps->p++;
	ps->tstart = ps->p;
	ps->tlen = 0;
	if (!*ps->p) {
		ps->tok = T_EOF;
		return;
	}
	int c = (unsigned char)*ps->p;
	if (isdigit(c)) {
		lex_number(ps);
	} else if (c == '"') {
		lex_string(ps);
		return;
	} else if (is_ident_start(c)) {
		while (is_ident((unsigned char)*ps->p))
			ps->p++;
		ps->tok = T_IDENT;
	} else if (!lex_op(ps)) {
		perr(ps, ps->p, DM_EXPR_CHAR, (c & 0x80) ? 3 : 1, ps->p);
		ps->tok = T_ERR;
		return;
	}
	ps->tlen = (size_t)(ps->p - ps->tstart);
}

static bool is_kw(const struct parser *ps, const char *kw)
{
	return ps->tok == T_IDENT && strlen(kw) == ps->tlen &&
	       strncmp(ps->tstart, kw, ps->tlen) == 0;
}

static bool accept_kw(struct parser *ps, const char *kw)
{
	if (!is_kw(ps, kw))
		return false;
	next(ps);
	return true;
}

/* What expect() wants: a token, the same in both languages. */
#define SYM(s) (&(const struct diag_words){s, s})

static bool expect(struct parser *ps, enum tok t,
		   const struct diag_words *what)
{
	if (ps->tok == t) {
		next(ps);
		return true;
	}
	perr(ps, ps->tstart, DM_EXPR_EXPECTED, what);
	return false;
}

static bool expect_kw(struct parser *ps, const char *kw)
{
	if (accept_kw(ps, kw))
		return true;
	perr(ps, ps->tstart, DM_EXPR_KW, kw);
	return false;
}

/* ---- parser ---- */

static struct expr *node(struct parser *ps, enum etype t, const char *start)
{
	struct expr *e = arena_alloc(ps->a, sizeof *e);
	e->t = t;
	e->src = start; /* fixed up to a copy by finish() */
	return e;
}

/* Give a node its own source text, from start to the current token. */
static struct expr *finish(struct parser *ps, struct expr *e, const char *start)
{
	const char *end = ps->tok == T_EOF ? ps->p : ps->tstart;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	e->src = arena_strndup(ps->a, start, (size_t)(end - start));
	return e;
}

static struct expr *parse_expr(struct parser *ps);

static const char *const keywords[] = {
	"and", "or", "not", "in", "where", "if", "then", "elif", "else",
	"end", "true", "false", "null",
};

static bool is_keyword(const struct parser *ps)
{
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (is_kw(ps, keywords[i]))
			return true;
	return false;
}

static const struct { const char *name; enum etype t; } aggs[] = {
	{"count", E_COUNT}, {"sum", E_SUM}, {"min", E_MIN},
	{"max", E_MAX},	    {"every", E_EVERY}, {"any", E_ANY},
	{"distinct", E_DISTINCT},
};

static int find_agg(const struct parser *ps)
{
	for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++)
		if (is_kw(ps, aggs[i].name))
			return (int)i;
	return -1;
}

/* The block a source expression iterates over, for checking item fields. */
static const struct block *source_block(const struct parser *ps,
					const struct expr *src)
{
	if (src->t == E_ROOT && ps->schema)
		return schema_block(ps->schema, src->name);
	return NULL;
}

static struct expr *parse_agg(struct parser *ps, enum etype t,
			      const char *start)
{
	struct expr *e = node(ps, t, start);
	next(ps); /* the name */
	if (!expect(ps, T_LP, diag_word(DW_EXPR_AGG_PAREN)))
		return NULL;
	if (ps->tok != T_IDENT || is_keyword(ps)) {
		perr(ps, ps->tstart, DM_EXPR_VAR);
		return NULL;
	}
	if (ps->nvars == MAX_VARS) {
		perr(ps, ps->tstart, DM_EXPR_AGG_DEEP);
		return NULL;
	}
	const char *var = arena_strndup(ps->a, ps->tstart, ps->tlen);
	next(ps);
	if (!expect_kw(ps, "in"))
		return NULL;
	e->a = parse_expr(ps);
	if (!e->a)
		return NULL;
	e->slot = ps->nvars;
	ps->vars[ps->nvars] = var;
	ps->var_block[ps->nvars] = source_block(ps, e->a);
	ps->nvars++;
	if (accept_kw(ps, "where"))
		e->b = parse_expr(ps);
	bool body = t != E_COUNT;
	if (body && expect(ps, T_ARROW, diag_word(DW_EXPR_ARROW)))
		e->c = parse_expr(ps);
	ps->nvars--;
	if (ps->failed || !expect(ps, T_RP, SYM("')'")))
		return NULL;
	return finish(ps, e, start);
}

static struct expr *parse_call(struct parser *ps, const char *start)
{
	static const struct { const char *name; enum etype t; int nargs; } fns[] = {
		{"range", E_RANGE, 2}, {"len", E_LEN, 1}, {"exists", E_EXISTS, 1},
		{"child", E_CHILD, 1},
	};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		if (!is_kw(ps, fns[i].name))
			continue;
		struct expr *e = node(ps, fns[i].t, start);
		next(ps);
		if (!expect(ps, T_LP, SYM("'('")))
			return NULL;
		e->a = parse_expr(ps);
		if (fns[i].nargs == 2 && e->a && expect(ps, T_COMMA, SYM("','")))
			e->b = parse_expr(ps);
		if (ps->failed || !expect(ps, T_RP, SYM("')'")))
			return NULL;
		if (e->t == E_EXISTS && !expr_is_path(e->a)) {
			perr(ps, start, DM_EXPR_EXISTS);
			return NULL;
		}
		return finish(ps, e, start);
	}
	perr(ps, start, DM_EXPR_FUNC, (int)ps->tlen, ps->tstart);
	return NULL;
}

static const struct measure_def *find_measure(const struct parser *ps,
					      const char *name)
{
	for (size_t i = 0; i < ps->nmeasures; i++)
		if (strcmp(ps->schema->measures[i].name, name) == 0)
			return &ps->schema->measures[i];
	return NULL;
}

/* measures.NAME: the measure's expression compiled here, in place.  Its
 * aggregates bind slots above this scope's and it sees none of its
 * variables; it reads only the measures defined before it. */
static struct expr *parse_measure(struct parser *ps)
{
	next(ps);
	if (!expect(ps, T_DOT, SYM("'.'")))
		return NULL;
	if (ps->tok != T_IDENT) {
		perr(ps, ps->tstart, DM_EXPR_FIELD_AFTER_DOT);
		return NULL;
	}
	char *name = arena_strndup(ps->a, ps->tstart, ps->tlen);
	const struct measure_def *m = find_measure(ps, name);
	if (!m) {
		const char *cands[64];
		size_t n = 0;
		for (size_t i = 0; i < ps->nmeasures && n < 64; i++)
			cands[n++] = ps->schema->measures[i].name;
		const char *s = suggest_closest(name, cands, n);
		perr(ps, ps->tstart, s ? DM_EXPR_MEASURE_HINT : DM_EXPR_MEASURE,
		     name, s);
		return NULL;
	}
	struct parser sub = {.a = ps->a, .text = m->text, .p = m->text,
			     .file = m->file, .line = m->line, .col = m->col,
			     .d = ps->d, .schema = ps->schema,
			     .depth = ps->depth, .nvars = ps->nvars,
			     .nmeasures = (size_t)(m - ps->schema->measures)};
	for (int i = 0; i < ps->nvars; i++)
		sub.vars[i] = ""; /* taken, but matches no name */
	next(&sub);
	struct expr *e = parse_expr(&sub);
	if (e && sub.tok != T_EOF)
		perr(&sub, sub.tstart, DM_EXPR_AFTER,
		     (int)(sub.tlen ? sub.tlen : 1), sub.tstart);
	if (sub.failed) {
		ps->failed = true;
		return NULL;
	}
	next(ps);
	return e;
}

static struct expr *parse_name(struct parser *ps, const char *start)
{
	char *name = arena_strndup(ps->a, ps->tstart, ps->tlen);
	if (ps->schema && ps->schema->nmeasures && strcmp(name, "measures") == 0)
		return parse_measure(ps);
	for (int i = ps->nvars - 1; i >= 0; i--) {
		if (strcmp(ps->vars[i], name) == 0) {
			struct expr *e = node(ps, E_VAR, start);
			e->slot = i;
			e->name = name;
			next(ps);
			return finish(ps, e, start);
		}
	}
	/* children and parent are the batch's hierarchy (tree.c). */
	bool hierarchy = !strcmp(name, "children") || !strcmp(name, "parent");
	if (ps->schema && !hierarchy && !schema_block(ps->schema, name)) {
		const char *cands[64];
		size_t n = 0;
		for (size_t i = 0; i < ps->schema->nblocks && n < 64; i++)
			cands[n++] = ps->schema->blocks[i].name;
		const char *s = suggest_closest(name, cands, n);
		if (s)
			perr(ps, start, DM_EXPR_NAME_HINT, name, s);
		else
			perr(ps, start, DM_EXPR_NAME, name);
		return NULL;
	}
	struct expr *e = node(ps, E_ROOT, start);
	const struct block *b = ps->schema ? schema_block(ps->schema, name) : NULL;
	e->name = b ? b->name : name; /* the pointer venues' values use */
	next(ps);
	return finish(ps, e, start);
}

static struct expr *parse_list(struct parser *ps, const char *start)
{
	struct expr *e = node(ps, E_LIST, start);
	struct expr *items[64];
	next(ps);
	while (ps->tok != T_RB && !ps->failed) {
		if (e->nlist == 64) {
			perr(ps, ps->tstart, DM_EXPR_LIST_LONG);
			return NULL;
		}
		items[e->nlist++] = parse_expr(ps);
		if (ps->tok != T_RB && !expect(ps, T_COMMA, diag_word(DW_EXPR_COMMA_OR_RB)))
			return NULL;
	}
	if (!expect(ps, T_RB, SYM("']'")))
		return NULL;
	e->list = arena_alloc(ps->a, (e->nlist + 1) * sizeof *e->list);
	memcpy(e->list, items, e->nlist * sizeof *e->list);
	return finish(ps, e, start);
}

static struct expr *parse_if(struct parser *ps, const char *start)
{
	struct expr *e = node(ps, E_IF, start);
	e->a = parse_expr(ps);
	if (!expect_kw(ps, "then"))
		return NULL;
	e->b = parse_expr(ps);
	const char *estart = ps->tstart;
	if (accept_kw(ps, "elif")) {
		e->c = parse_if(ps, estart);
		return e->c ? finish(ps, e, start) : NULL;
	}
	if (!expect_kw(ps, "else"))
		return NULL;
	e->c = parse_expr(ps);
	if (!expect_kw(ps, "end"))
		return NULL;
	return finish(ps, e, start);
}

static struct expr *parse_primary(struct parser *ps)
{
	const char *start = ps->tstart;
	struct expr *e;
	switch (ps->tok) {
	case T_NUM:
		e = node(ps, E_NUM, start);
		e->lit = value_num(ps->num);
		next(ps);
		return finish(ps, e, start);
	case T_STR:
		e = node(ps, E_STR, start);
		e->lit = value_str(arena_strndup(ps->a, ps->tstart + 1, ps->tlen - 2));
		next(ps);
		return finish(ps, e, start);
	case T_LP:
		next(ps);
		e = parse_expr(ps);
		return expect(ps, T_RP, SYM("')'")) ? e : NULL;
	case T_LB:
		return parse_list(ps, start);
	case T_IDENT:
		break;
	default:
		perr(ps, start, ps->tok == T_EOF ? DM_EXPR_ENDS : DM_EXPR_VALUE);
		return NULL;
	}
	if (is_kw(ps, "true") || is_kw(ps, "false")) {
		e = node(ps, E_BOOL, start);
		e->lit = value_bool(is_kw(ps, "true"));
		next(ps);
		return finish(ps, e, start);
	}
	if (accept_kw(ps, "null"))
		return finish(ps, node(ps, E_NULL, start), start);
	if (accept_kw(ps, "if"))
		return parse_if(ps, start);
	int agg = find_agg(ps);
	if (agg >= 0)
		return parse_agg(ps, aggs[agg].t, start);
	if (is_keyword(ps)) {
		perr(ps, start, DM_EXPR_UNEXPECTED, (int)ps->tlen, ps->tstart);
		return NULL;
	}
	/* name( is a function call */
	const char *q = ps->p;
	while (*q == ' ')
		q++;
	if (*q == '(')
		return parse_call(ps, start);
	return parse_name(ps, start);
}

/* Check `base.name` against the schema where we know what base is.
 * Returns the schema's own copy of the name when it is a field: a venue's
 * values use that pointer as their key, so lookups mostly compare
 * pointers (value_get). */
static const char *check_field(struct parser *ps, const struct expr *base,
			       const char *name, const char *at)
{
	const struct block *b = NULL;
	if (base->t == E_ROOT && ps->schema)
		b = schema_block(ps->schema, base->name);
	else if (base->t == E_VAR)
		b = ps->var_block[base->slot];
	if (!b || b->shape == SHAPE_DECLARED || b->shape == SHAPE_MONTHLY)
		return name;
	if (base->t == E_ROOT && b->shape == SHAPE_LEDGER) {
		perr(ps, at, DM_EXPR_IS_LIST, b->name, b->name);
		return name;
	}
	const struct field *f = schema_field(b, name);
	if (f)
		return f->name;
	const char *cands[128];
	size_t n = 0;
	for (size_t i = 0; i < b->nfields && n < 128; i++)
		cands[n++] = b->fields[i].name;
	const char *s = suggest_closest(name, cands, n);
	if (s)
		perr(ps, at, DM_EXPR_NO_FIELD_HINT, b->name, name, s);
	else
		perr(ps, at, DM_EXPR_NO_FIELD, b->name, name);
	return name;
}

static struct expr *parse_postfix(struct parser *ps)
{
	const char *start = ps->tstart;
	struct expr *e = parse_primary(ps);
	int chain = 0;
	while (e && !ps->failed) {
		if (++chain > MAX_DEPTH) {
			perr(ps, ps->tstart, DM_EXPR_PATH_LONG);
			return NULL;
		}
		if (ps->tok == T_DOT) {
			next(ps);
			if (ps->tok != T_IDENT) {
				perr(ps, ps->tstart, DM_EXPR_FIELD_AFTER_DOT);
				return NULL;
			}
			struct expr *f = node(ps, E_FIELD, start);
			f->a = e;
			f->name = arena_strndup(ps->a, ps->tstart, ps->tlen);
			f->name = check_field(ps, e, f->name, ps->tstart);
			f->hint = ps->nhints < MAX_HINTS ? ++ps->nhints : 0;
			next(ps);
			e = finish(ps, f, start);
		} else if (ps->tok == T_LB) {
			next(ps);
			struct expr *f = node(ps, E_INDEX, start);
			f->a = e;
			f->b = parse_expr(ps);
			if (!expect(ps, T_RB, SYM("']'")))
				return NULL;
			e = finish(ps, f, start);
		} else {
			break;
		}
	}
	return ps->failed ? NULL : e;
}

static struct expr *unary(struct parser *ps, enum etype t, const char *start,
			  struct expr *(*operand)(struct parser *))
{
	/* "- - - x" and "not not x" nest without passing parse_expr. */
	if (++ps->depth > MAX_DEPTH) {
		perr(ps, start, DM_EXPR_DEEP);
		return NULL;
	}
	struct expr *e = node(ps, t, start);
	e->a = operand(ps);
	ps->depth--;
	return e->a ? finish(ps, e, start) : NULL;
}

static struct expr *parse_unary(struct parser *ps)
{
	const char *start = ps->tstart;
	if (ps->tok == T_MINUS) {
		next(ps);
		return unary(ps, E_NEG, start, parse_unary);
	}
	return parse_postfix(ps);
}

static struct expr *binary(struct parser *ps, enum etype t, const char *start,
			   struct expr *l, struct expr *(*operand)(struct parser *))
{
	struct expr *e = node(ps, t, start);
	e->a = l;
	e->b = operand(ps);
	return e->b ? finish(ps, e, start) : NULL;
}

/* A left-associative level of binary operators: operand (op operand)*. */
struct binop {
	enum tok tok;
	enum etype t;
};

static struct expr *parse_level(struct parser *ps, const struct binop *ops,
				struct expr *(*operand)(struct parser *))
{
	const char *start = ps->tstart;
	struct expr *e = operand(ps);
	while (e) {
		const struct binop *op = ops;
		while (op->tok != T_EOF && op->tok != ps->tok)
			op++;
		if (op->tok == T_EOF)
			break;
		next(ps);
		e = binary(ps, op->t, start, e, operand);
	}
	return e;
}

static struct expr *parse_mul(struct parser *ps)
{
	static const struct binop ops[] = {
		{T_STAR, E_MUL}, {T_SLASH, E_DIV}, {T_EOF, E_NUM}};
	return parse_level(ps, ops, parse_unary);
}

static struct expr *parse_add(struct parser *ps)
{
	static const struct binop ops[] = {
		{T_PLUS, E_ADD}, {T_MINUS, E_SUB}, {T_EOF, E_NUM}};
	return parse_level(ps, ops, parse_mul);
}

static struct expr *parse_cmp(struct parser *ps)
{
	static const struct { enum tok tok; enum etype t; } cmps[] = {
		{T_EQ, E_EQ}, {T_NE, E_NE}, {T_LT, E_LT},
		{T_LE, E_LE}, {T_GT, E_GT}, {T_GE, E_GE},
	};
	const char *start = ps->tstart;
	struct expr *e = parse_add(ps);
	if (!e)
		return NULL;
	if (accept_kw(ps, "in"))
		return binary(ps, E_IN, start, e, parse_add);
	for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
		if (ps->tok == cmps[i].tok) {
			next(ps);
			return binary(ps, cmps[i].t, start, e, parse_add);
		}
	}
	return e;
}

static struct expr *parse_not(struct parser *ps)
{
	const char *start = ps->tstart;
	if (accept_kw(ps, "not"))
		return unary(ps, E_NOT, start, parse_not);
	return parse_cmp(ps);
}

static struct expr *parse_and(struct parser *ps)
{
	const char *start = ps->tstart;
	struct expr *e = parse_not(ps);
	while (e && accept_kw(ps, "and"))
		e = binary(ps, E_AND, start, e, parse_not);
	return e;
}

static struct expr *parse_expr(struct parser *ps)
{
	if (++ps->depth > MAX_DEPTH) {
		perr(ps, ps->tstart, DM_EXPR_DEEP);
		return NULL;
	}
	const char *start = ps->tstart;
	struct expr *e = parse_and(ps);
	while (e && accept_kw(ps, "or"))
		e = binary(ps, E_OR, start, e, parse_and);
	ps->depth--;
	return ps->failed ? NULL : e;
}

struct expr *expr_compile(struct arena *a, const char *text, const char *file,
			  int line, int col, const struct schema *s,
			  struct diags *d)
{
	struct parser ps = {.a = a, .text = text, .p = text, .file = file,
			    .line = line, .col = col, .d = d, .schema = s,
			    .nmeasures = s ? s->nmeasures : 0};
	/* Chains of operators build trees as deep as they are long; a bound
	 * on the text bounds the recursion of the evaluator. */
	if (strlen(text) > MAX_TEXT) {
		diag_addm(d, DM_EXPR_LONG, DIAG_ERROR, file, line, col,
			  MAX_TEXT);
		return NULL;
	}
	next(&ps);
	struct expr *e = parse_expr(&ps);
	if (e && ps.tok != T_EOF)
		perr(&ps, ps.tstart, DM_EXPR_AFTER,
			  (int)(ps.tlen ? ps.tlen : 1), ps.tstart);
	return ps.failed ? NULL : e;
}

void expr_each_name(const struct expr *e,
		    void (*fn)(void *ctx, const char *name), void *ctx)
{
	if (!e)
		return;
	if (e->t == E_ROOT || e->t == E_FIELD)
		fn(ctx, e->name);
	else if (e->t == E_INDEX)
		fn(ctx, e->b && e->b->t == E_STR ? e->b->lit.u.str : NULL);
	else if (e->t == E_CHILD)
		fn(ctx, "children");
	expr_each_name(e->a, fn, ctx);
	expr_each_name(e->b, fn, ctx);
	expr_each_name(e->c, fn, ctx);
	for (size_t i = 0; i < e->nlist; i++)
		expr_each_name(e->list[i], fn, ctx);
}

const char *expr_text(const struct expr *e)
{
	return e->src;
}

bool expr_is_text(const struct expr *e)
{
	return e->t == E_STR;
}

bool expr_constant(const struct expr *e, double *out)
{
	if (e->t != E_NUM)
		return false;
	*out = e->lit.u.num;
	return true;
}

bool expr_is_path(const struct expr *e)
{
	while (e && (e->t == E_FIELD || e->t == E_INDEX))
		e = e->a;
	return e && (e->t == E_ROOT || e->t == E_VAR);
}

struct expr *expr_item(struct arena *a, const struct expr *list, size_t i)
{
	struct expr *n = arena_alloc(a, sizeof *n);
	n->t = E_NUM;
	n->lit = value_num((double)i);
	n->src = arena_printf(a, "%zu", i);
	struct expr *e = arena_alloc(a, sizeof *e);
	e->t = E_INDEX;
	e->a = (struct expr *)list; /* shared, never changed: expressions are
				       immutable once compiled */
	e->b = n;
	e->src = list->src;
	return e;
}

struct expr *expr_path2(struct arena *a, const char *block, const char *key)
{
	struct expr *root = arena_alloc(a, sizeof *root);
	root->t = E_ROOT;
	root->name = arena_strdup(a, block);
	root->src = root->name;
	struct expr *f = arena_alloc(a, sizeof *f);
	f->t = E_FIELD;
	f->a = root;
	f->name = arena_strdup(a, key);
	f->src = arena_printf(a, "%s.%s", block, key);
	return f;
}

/* ---- evaluator ---- */

/* Nested aggregates multiply (villages x events): a budget keeps a hostile
 * file from making one rule run for hours.  Lists built while evaluating
 * (range(), [a, b]) live until the evaluation ends, so their items have a
 * budget of their own: a nest of ranges once took 700 MB (fuzz_expr). */
enum { MAX_STEPS = 10 * 1000 * 1000, MAX_BUILT = 100 * 1000 };

struct env {
	const struct value *root;
	struct arena *scratch;
	long steps;
	size_t built; /* list items made so far */
	struct value vars[MAX_VARS];
	/* A projection worked out for one venue (expr_eval_projection): its
	 * anchor stands for that venue's root. */
	const struct expr *subst;
	struct value subst_v;
	/* Where each field node (its hint) last found its field: the
	 * entries of a ledger, read one after another, hold their fields in
	 * one order. */
	unsigned hint[MAX_HINTS];
};

static struct eval ev_ok(struct value v)
{
	return (struct eval){.st = EVAL_OK, .v = v};
}

static struct eval ev_fail(enum eval_status st, const char *why)
{
	return (struct eval){.st = st, .why = why};
}

/* Missing data with a floor: see struct eval. */
static struct eval ev_missing_lo(const struct eval *gap, double lo)
{
	return (struct eval){.st = EVAL_MISSING, .why = gap->why,
			     .why_zh = gap->why_zh, .has_lo = true, .lo = lo};
}

/* Missing data, said in both languages: en and zh are literal formats
 * taking the same arguments (a macro, so the compiler checks both). */
#define ev_missing(env, en, zh, ...)                                     \
	((struct eval){.st = EVAL_MISSING,                                \
		       .why = arena_printf((env)->scratch, en, __VA_ARGS__), \
		       .why_zh = arena_printf((env)->scratch, zh, __VA_ARGS__)})

static struct eval eval(const struct expr *e, struct env *env);
static struct eval eval_distinct(const struct expr *e, struct env *env);

static struct eval eval_type(const struct expr *e, struct env *env,
			     enum vtype want)
{
	struct eval r = eval(e, env);
	if (r.st != EVAL_OK)
		return r;
	if (r.v.type == V_NULL && want != V_NULL)
		return ev_missing(env, "%s is empty", "%s 未填写", e->src);
	if (r.v.type != want)
		return ev_fail(EVAL_ERROR,
			       arena_printf(env->scratch, "%s is %s, expected %s",
					    e->src, value_type_name(r.v.type),
					    value_type_name(want)));
	return r;
}

static struct eval eval_lookup(const struct expr *e, const struct value *map,
			       const char *key, struct env *env)
{
	if (map->type != V_MAP)
		return ev_fail(EVAL_ERROR,
			       arena_printf(env->scratch, "%s: not a mapping", e->src));
	const struct value *v = value_get(map, key);
	if (v)
		return ev_ok(*v);
	if (map->absent_is_null)
		return ev_ok(value_null());
	return ev_fail(EVAL_MISSING, e->src);
}

static const char *num_key(struct arena *a, double n)
{
	if (n == floor(n) && fabs(n) < 1e15)
		return arena_printf(a, "%lld", (long long)n);
	return arena_printf(a, "%g", n);
}

static struct eval eval_path(const struct expr *e, struct env *env)
{
	if (e == env->subst)
		return ev_ok(env->subst_v);
	if (e->t == E_ROOT) {
		const struct value *v = value_get(env->root, e->name);
		if (v)
			return ev_ok(*v);
		/* A whole block left out: say how to state "none". */
		return ev_missing(env,
			"%s (not in the file; write '%s: []' if there were none)",
			"%s（文件中没有；如果没有，请写“%s: []”）", e->src, e->src);
	}
	/* x.field and block.field, the commonest steps, read the map where it
	 * is rather than a copy of it. */
	if (e->t == E_FIELD && e->a->t == E_VAR)
		return eval_lookup(e, &env->vars[e->a->slot], e->name, env);
	const struct value *at = e->t == E_FIELD && e->a->t == E_ROOT
		? value_get(env->root, e->a->name) : NULL;
	if (at)
		return eval_lookup(e, at, e->name, env);
	struct eval base = eval(e->a, env);
	if (base.st != EVAL_OK)
		return base;
	if (e->t == E_FIELD)
		return eval_lookup(e, &base.v, e->name, env);
	struct eval idx = eval(e->b, env);
	if (idx.st != EVAL_OK)
		return idx;
	if (base.v.type == V_LIST && idx.v.type == V_NUM) {
		double i = idx.v.u.num;
		if (i != floor(i) || i < 0 || i >= (double)base.v.n)
			return ev_missing(env, "%s (no item %s)", "%s（没有第 %s 项）",
					  e->src, num_key(env->scratch, i));
		return ev_ok(base.v.items[(size_t)i]);
	}
	const char *key = idx.v.type == V_NUM ? num_key(env->scratch, idx.v.u.num)
		: idx.v.type == V_STR ? idx.v.u.str : NULL;
	if (!key)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"%s: index must be a number or text", e->src));
	struct eval r = eval_lookup(e, &base.v, key, env);
	if (r.st == EVAL_MISSING)
		r.why = arena_printf(env->scratch, "%s[%s]", e->a->src, key);
	return r;
}

/* a + b where a part lacks data: at least the sum of the parts' floors. */
static struct eval add_missing(struct eval l, struct eval r)
{
	struct eval gap = l.st == EVAL_MISSING ? l : r;
	bool floors = (l.st == EVAL_OK || l.has_lo) && (r.st == EVAL_OK || r.has_lo);
	if (!floors)
		return (struct eval){.st = EVAL_MISSING, .why = gap.why,
				     .why_zh = gap.why_zh};
	double lo = (l.st == EVAL_OK ? l.v.u.num : l.lo) +
		    (r.st == EVAL_OK ? r.v.u.num : r.lo);
	return ev_missing_lo(&gap, lo);
}

static struct eval eval_arith(const struct expr *e, struct env *env)
{
	struct eval l = eval_type(e->a, env, V_NUM);
	if (l.st != EVAL_OK && (e->t != E_ADD || l.st != EVAL_MISSING))
		return l;
	struct eval r = eval_type(e->b, env, V_NUM);
	if (r.st != EVAL_OK && r.st != EVAL_MISSING)
		return r;
	if (l.st == EVAL_MISSING || r.st == EVAL_MISSING)
		return e->t == E_ADD ? add_missing(l, r)
				     : (l.st == EVAL_MISSING ? l : r);
	double x = l.v.u.num, y = r.v.u.num;
	switch (e->t) {
	case E_ADD: return ev_ok(value_num(x + y));
	case E_SUB: return ev_ok(value_num(x - y));
	case E_MUL: return ev_ok(value_num(x * y));
	default: break;
	}
	if (y == 0)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"division by zero: %s is 0", e->b->src));
	return ev_ok(value_num(x / y));
}

static int cmp_values(const struct value *x, const struct value *y, bool *ok)
{
	*ok = x->type == y->type && (x->type == V_NUM || x->type == V_DATE ||
				     x->type == V_STR);
	if (!*ok)
		return 0;
	if (x->type == V_NUM)
		return (x->u.num > y->u.num) - (x->u.num < y->u.num);
	if (x->type == V_DATE)
		return (x->u.date > y->u.date) - (x->u.date < y->u.date);
	return strcmp(x->u.str, y->u.str);
}

/* `x >= t` where x lacks data but is at least lo, and lo >= t: true. */
static bool floor_decides(const struct expr *e, const struct eval *l,
			  const struct eval *r)
{
	if (l->st != EVAL_MISSING || !l->has_lo || r->st != EVAL_OK ||
	    r->v.type != V_NUM)
		return false;
	return (e->t == E_GE && l->lo >= r->v.u.num) ||
	       (e->t == E_GT && l->lo > r->v.u.num);
}

/* What a key left out of a ledger entry reads as (ref). */
static const struct value null_value = {.type = V_NULL};

/* field_get's value_get, noting where it found the field. */
static const struct value *field_look(const struct expr *e,
				      const struct value *map, unsigned *at)
{
	const struct value *v = value_get(map, e->name);
	if (v && at) {
		const struct vfield *f = (const struct vfield *)
			((const char *)v - offsetof(struct vfield, v));
		*at = (unsigned)(f - map->fields);
	}
	return v;
}

/* value_get(map, e->name) for field node e, first where e last found its
 * field.  A mapping's keys are distinct, so the key there, if it is
 * e->name, is the one value_get finds. */
static inline const struct value *field_get(const struct expr *e,
					    const struct value *map,
					    struct env *env)
{
	unsigned *at = e->hint ? &env->hint[e->hint - 1] : NULL;
	if (at && *at < map->n && map->fields[*at].key == e->name)
		return &map->fields[*at].v;
	return field_look(e, map, at);
}

/* The value e names when it is a literal, a variable or a field of one
 * that is there (or reads as null), found in place with no struct eval
 * made and copied at each step; NULL: evaluate e (it may lack data). */
static const struct value *ref(const struct expr *e, struct env *env)
{
	const struct value *base, *v;
	switch (e->t) {
	case E_NUM: case E_STR: case E_BOOL:
		return &e->lit;
	case E_NULL:
		return &null_value;
	case E_VAR:
		return &env->vars[e->slot];
	case E_ROOT:
		return value_get(env->root, e->name);
	case E_FIELD:
		base = ref(e->a, env);
		if (!base || base->type != V_MAP)
			return NULL;
		v = field_get(e, base, env);
		return v ? v : base->absent_is_null ? &null_value : NULL;
	default:
		return NULL;
	}
}

/* l op r, both evaluated. */
static struct eval compare(const struct expr *e, struct env *env,
			   const struct value *l, const struct value *r)
{
	if (e->t == E_EQ || e->t == E_NE) {
		bool eq = value_equal(l, r);
		return ev_ok(value_bool(e->t == E_EQ ? eq : !eq));
	}
	if (l->type == V_NULL || r->type == V_NULL)
		return ev_missing(env, "%s is empty", "%s 未填写",
				  (l->type == V_NULL ? e->a : e->b)->src);
	bool ok;
	int c = cmp_values(l, r, &ok);
	if (!ok)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"cannot compare %s with %s in %s", value_type_name(l->type),
			value_type_name(r->type), e->src));
	switch (e->t) {
	case E_LT: return ev_ok(value_bool(c < 0));
	case E_LE: return ev_ok(value_bool(c <= 0));
	case E_GT: return ev_ok(value_bool(c > 0));
	default: return ev_ok(value_bool(c >= 0));
	}
}

static struct eval eval_compare(const struct expr *e, struct env *env)
{
	/* e.kind == "performance", for every entry of a ledger: in place. */
	const struct value *lv = ref(e->a, env), *rv = lv ? ref(e->b, env) : NULL;
	if (rv)
		return compare(e, env, lv, rv);
	struct eval l = eval(e->a, env);
	if (l.st != EVAL_OK && l.st != EVAL_MISSING)
		return l;
	struct eval r = eval(e->b, env);
	if (floor_decides(e, &l, &r))
		return ev_ok(value_bool(true));
	if (l.st != EVAL_OK)
		return l;
	if (r.st != EVAL_OK)
		return r;
	return compare(e, env, &l.v, &r.v);
}

/* l in r, both evaluated. */
static struct eval in_list(const struct expr *e, struct env *env,
			   const struct value *l, const struct value *r)
{
	if (r->type == V_NULL)
		return ev_ok(value_bool(false));
	if (r->type != V_LIST)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"right side of 'in' is not a list: %s", e->b->src));
	for (size_t i = 0; i < r->n; i++)
		if (value_equal(l, &r->items[i]))
			return ev_ok(value_bool(true));
	return ev_ok(value_bool(false));
}

static struct eval eval_in(const struct expr *e, struct env *env)
{
	const struct value *lv = ref(e->a, env), *rv = lv ? ref(e->b, env) : NULL;
	if (rv)
		return in_list(e, env, lv, rv);
	struct eval l = eval(e->a, env);
	if (l.st != EVAL_OK)
		return l;
	struct eval r = eval(e->b, env);
	if (r.st != EVAL_OK)
		return r;
	return in_list(e, env, &l.v, &r.v);
}

static struct eval eval_logic(const struct expr *e, struct env *env)
{
	struct eval l = eval_type(e->a, env, V_BOOL);
	if (l.st == EVAL_MISSING && e->t != E_NOT) {
		/* The other side may decide alone: missing or true is true,
		 * missing and false is false. */
		struct eval r = eval_type(e->b, env, V_BOOL);
		if (r.st == EVAL_OK && r.v.u.b == (e->t == E_OR))
			return r;
		return l;
	}
	if (l.st != EVAL_OK)
		return l;
	if (e->t == E_NOT)
		return ev_ok(value_bool(!l.v.u.b));
	/* Short-circuit: the right side may not even be meaningful. */
	if (e->t == E_AND && !l.v.u.b)
		return l;
	if (e->t == E_OR && l.v.u.b)
		return l;
	return eval_type(e->b, env, V_BOOL);
}

static struct eval eval_if(const struct expr *e, struct env *env)
{
	struct eval c = eval_type(e->a, env, V_BOOL);
	if (c.st != EVAL_OK)
		return c;
	return eval(c.v.u.b ? e->b : e->c, env);
}

/* Charge n new list items to the budget; false when it is spent. */
static bool build(struct env *env, size_t n)
{
	env->built += n;
	return env->built <= MAX_BUILT;
}

static struct eval too_much(const struct expr *e, struct env *env)
{
	return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
		"too much data to evaluate %s", e->src));
}

static struct eval eval_list(const struct expr *e, struct env *env)
{
	if (!build(env, e->nlist))
		return too_much(e, env);
	struct value v = {.type = V_LIST, .n = e->nlist};
	v.items = arena_alloc(env->scratch, (e->nlist + 1) * sizeof *v.items);
	for (size_t i = 0; i < e->nlist; i++) {
		struct eval r = eval(e->list[i], env);
		if (r.st != EVAL_OK)
			return r;
		v.items[i] = r.v;
	}
	return ev_ok(v);
}

static struct eval eval_range(const struct expr *e, struct env *env)
{
	struct eval lo = eval_type(e->a, env, V_NUM);
	if (lo.st != EVAL_OK)
		return lo;
	struct eval hi = eval_type(e->b, env, V_NUM);
	if (hi.st != EVAL_OK)
		return hi;
	double a = lo.v.u.num, b = hi.v.u.num;
	if (a != floor(a) || b != floor(b) || b - a > 10000)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"range() needs whole bounds at most 10000 apart: %s", e->src));
	struct value v = {.type = V_LIST};
	v.n = b >= a ? (size_t)(b - a + 1) : 0;
	if (!build(env, v.n))
		return too_much(e, env);
	v.items = arena_alloc(env->scratch, (v.n + 1) * sizeof *v.items);
	for (size_t i = 0; i < v.n; i++)
		v.items[i] = value_num(a + (double)i);
	return ev_ok(v);
}

/* child(id): the venue directly under this one with that id, or null. */
static struct eval eval_child(const struct expr *e, struct env *env)
{
	if (e == env->subst)
		return ev_ok(env->subst_v);
	struct eval id = eval(e->a, env);
	if ((id.st == EVAL_MISSING || (id.st == EVAL_OK && id.v.type == V_NULL)) &&
	    value_get(env->root, EXPR_COMPLETE))
		return ev_missing(env, "%s has no id to find its file by",
				  "%s 没有 id，找不到它的文件", e->a->src);
	if (id.st != EVAL_OK || id.v.type == V_NULL)
		return id.st == EVAL_MISSING ? ev_ok(value_null()) : id;
	if (id.v.type != V_STR)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"child() takes a venue id: %s", e->a->src));
	const struct value *kids = value_get(env->root, "children");
	for (size_t i = 0; kids && i < kids->n; i++) {
		const struct value *kid = value_get(&kids->items[i], "venue");
		const struct value *kid_id = value_get(kid, "id");
		if (kid_id && strcmp(kid_id->u.str, id.v.u.str) == 0)
			return ev_ok(kids->items[i]);
	}
	/* A batch that is the whole tree (--complete) has every file: one
	 * that is not there is data missing, not a venue to read from the
	 * list instead. */
	if (value_get(env->root, EXPR_COMPLETE))
		return ev_missing(env, "the file of %s is not in the batch",
				  "%s 的文件不在本次检查中", id.v.u.str);
	return ev_ok(value_null());
}

/* An aggregate's fold so far.  An item whose filter or body lacks data
 * does not stop the fold: the items that can be judged may decide it
 * (any: one true item; every: one false item; count: a floor). */
struct fold {
	double acc;
	size_t taken;
	struct eval gap; /* the first item that lacked data, if any */
	bool has_gap;
};

/* ---- a where decided in place ----
 * The commonest filters ("hosted" in e.tags and e.kind == "performance",
 * t.active, a.level in ["province", "national"]) read the item's fields
 * and literals only, for every entry of a ledger: pred decides them
 * without an eval (80 bytes) per node.  1 true, 0 false, -1 when some part
 * needs the evaluator (a field left out or empty, an aggregate, a
 * projection, a type it would report): the caller then evaluates the
 * whole as before, which reads the same values (ref, as eval_compare and
 * eval_in do) and has no effect pred had not undone. */

/* e reads in place: no projection or substitute on the path ref walks. */
static bool in_place(const struct expr *e, const struct env *env)
{
	for (; e; e = e->t == E_FIELD ? e->a : NULL)
		if (e == env->subst || e->proj_key)
			return false;
	return true;
}

/* in_place(e, env) ? ref(e, env) : NULL, walking the path once (pred
 * asks it of every field it reads, for every entry of a ledger). */
static const struct value *ref_in_place(const struct expr *e,
					struct env *env)
{
	if (e == env->subst || e->proj_key)
		return NULL;
	/* A variable (x of x.field) and a literal, the commonest, without a
	 * call. */
	switch (e->t) {
	case E_VAR:
		return &env->vars[e->slot];
	case E_NUM: case E_STR: case E_BOOL:
		return &e->lit;
	case E_FIELD:
		break;
	default:
		return ref(e, env);
	}
	const struct value *base = ref_in_place(e->a, env);
	if (!base || base->type != V_MAP)
		return NULL;
	const struct value *v = field_get(e, base, env);
	return v ? v : base->absent_is_null ? &null_value : NULL;
}

static int pred(const struct expr *e, struct env *env);

/* l in [literal, ...]: as eval_list would build it, charged the same. */
static int pred_in_literals(const struct expr *list, struct env *env,
			    const struct value *l)
{
	for (size_t i = 0; i < list->nlist; i++) {
		enum etype t = list->list[i]->t;
		if ((t != E_NUM && t != E_STR && t != E_BOOL) || !in_place(list->list[i], env))
			return -1;
	}
	if (env->built + list->nlist > MAX_BUILT)
		return -1; /* too much data: the evaluator says so */
	env->built += list->nlist;
	for (size_t i = 0; i < list->nlist; i++)
		if (value_equal(l, &list->list[i]->lit))
			return 1;
	return 0;
}

static int pred_in(const struct expr *e, struct env *env)
{
	const struct value *l = ref_in_place(e->a, env);
	if (!l)
		return -1;
	if (e->b->t == E_LIST && !e->b->proj_key && e->b != env->subst)
		return pred_in_literals(e->b, env, l);
	const struct value *r = ref_in_place(e->b, env);
	if (!r || (r->type != V_NULL && r->type != V_LIST))
		return -1;
	for (size_t i = 0; r->type == V_LIST && i < r->n; i++)
		if (value_equal(l, &r->items[i]))
			return 1;
	return 0;
}

static int pred_compare(const struct expr *e, struct env *env)
{
	const struct value *l = ref_in_place(e->a, env);
	const struct value *r = l ? ref_in_place(e->b, env) : NULL;
	if (!r)
		return -1;
	if (e->t == E_EQ || e->t == E_NE)
		return value_equal(l, r) == (e->t == E_EQ);
	if (l->type == V_NULL || r->type == V_NULL)
		return -1; /* missing data: the evaluator says which */
	bool ok;
	int c = cmp_values(l, r, &ok);
	if (!ok)
		return -1;
	switch (e->t) {
	case E_LT: return c < 0;
	case E_LE: return c <= 0;
	case E_GT: return c > 0;
	default: return c >= 0;
	}
}

/* and, or: short-circuit as eval_logic does; not. */
static int pred_logic(const struct expr *e, struct env *env)
{
	int l = pred(e->a, env);
	if (l < 0 || e->t == E_NOT)
		return l < 0 ? -1 : !l;
	if ((e->t == E_AND && !l) || (e->t == E_OR && l))
		return l;
	return pred(e->b, env);
}

static int pred(const struct expr *e, struct env *env)
{
	if (e == env->subst || e->proj_key)
		return -1;
	switch (e->t) {
	case E_BOOL:
		return e->lit.u.b;
	case E_VAR: case E_ROOT: case E_FIELD: {
		const struct value *v = ref_in_place(e, env);
		return v && v->type == V_BOOL ? v->u.b : -1;
	}
	case E_NOT: case E_AND: case E_OR:
		return pred_logic(e, env);
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
		return pred_compare(e, env);
	case E_IN:
		return pred_in(e, env);
	default:
		return -1;
	}
}

/* pred, with what it charged undone when the evaluator must run. */
static int pred_where(const struct expr *e, struct env *env)
{
	size_t built = env->built;
	int p = pred(e, env);
	if (p < 0)
		env->built = built;
	return p;
}

static bool fold_item(const struct expr *e, struct env *env, struct fold *f,
		      struct eval *err)
{
	int p = e->b ? pred_where(e->b, env) : -1;
	if (p == 0)
		return true;
	if (e->b && p < 0) {
		struct eval w = eval_type(e->b, env, V_BOOL);
		if (w.st == EVAL_MISSING && e->t != E_SUM && e->t != E_MIN &&
		    e->t != E_MAX) {
			if (!f->has_gap)
				f->gap = w, f->has_gap = true;
			return true;
		}
		if (w.st != EVAL_OK)
			return *err = w, false;
		if (!w.v.u.b)
			return true;
	}
	if (e->t == E_COUNT) {
		f->taken++;
		return true;
	}
	bool logic = e->t == E_EVERY || e->t == E_ANY;
	struct eval b = eval_type(e->c, env, logic ? V_BOOL : V_NUM);
	if (b.st == EVAL_MISSING && logic) {
		if (!f->has_gap)
			f->gap = b, f->has_gap = true;
		return true;
	}
	if (b.st != EVAL_OK)
		return *err = b, false;
	f->taken++;
	double x = logic ? (b.v.u.b ? 1 : 0) : b.v.u.num;
	if (e->t == E_SUM)
		f->acc += x;
	else if (e->t == E_EVERY)
		f->acc = f->acc && x != 0;
	else if (e->t == E_ANY)
		f->acc = f->acc || x != 0;
	else if (f->taken == 1 || (e->t == E_MIN ? x < f->acc : x > f->acc))
		f->acc = x;
	return true;
}

static struct eval fold_result(const struct expr *e, struct env *env,
			       const struct fold *f)
{
	switch (e->t) {
	case E_COUNT:
		if (f->has_gap)
			return ev_missing_lo(&f->gap, (double)f->taken);
		return ev_ok(value_num((double)f->taken));
	case E_EVERY:
	case E_ANY:
		/* Decided by one item whatever the others hold. */
		if (f->has_gap && (f->acc != 0) == (e->t == E_EVERY))
			return f->gap;
		return ev_ok(value_bool(f->acc != 0));
	case E_MIN:
	case E_MAX:
		if (!f->taken)
			return (struct eval){.st = EVAL_EMPTY,
				.why = arena_printf(env->scratch, "no items in %s", e->src),
				.why_zh = arena_printf(env->scratch, "%s 中没有任何项", e->src)};
		return ev_ok(value_num(f->acc));
	default:
		return ev_ok(value_num(f->acc));
	}
}

/* One pass over the items: filter, then fold the body. */
static struct eval eval_agg(const struct expr *e, struct env *env)
{
	struct eval src = eval(e->a, env);
	/* A ledger left out holds at least no items. */
	if (src.st == EVAL_MISSING && e->t == E_COUNT)
		return ev_missing_lo(&src, 0);
	if (src.st != EVAL_OK)
		return src;
	if (src.v.type != V_LIST)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"%s is not a list", e->a->src));
	struct fold f = {.acc = e->t == E_EVERY ? 1 : 0};
	for (size_t i = 0; i < src.v.n; i++) {
		if (++env->steps > MAX_STEPS)
			return too_much(e, env);
		env->vars[e->slot] = src.v.items[i];
		struct eval err;
		if (!fold_item(e, env, &f, &err))
			return err;
	}
	return fold_result(e, env, &f);
}

static int cmp_distinct(const void *a, const void *b)
{
	const struct value *x = a, *y = b;
	if (x->type != y->type)
		return (x->type > y->type) - (x->type < y->type);
	if (x->type == V_STR)
		return strcmp(x->u.str, y->u.str);
	if (x->type == V_DATE)
		return (x->u.date > y->u.date) - (x->u.date < y->u.date);
	return (x->u.num > y->u.num) - (x->u.num < y->u.num);
}

/* distinct(x in list [where c] -> body): the different values of body,
 * each once, sorted (n log n); null values are left out. */
static struct eval eval_distinct(const struct expr *e, struct env *env)
{
	struct eval src = eval(e->a, env);
	if (src.st != EVAL_OK)
		return src;
	if (src.v.type != V_LIST)
		return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
			"%s is not a list", e->a->src));
	if (!build(env, src.v.n))
		return too_much(e, env);
	struct value out = {.type = V_LIST};
	out.items = arena_alloc(env->scratch, (src.v.n + 1) * sizeof *out.items);
	for (size_t i = 0; i < src.v.n; i++) {
		if (++env->steps > MAX_STEPS)
			return too_much(e, env);
		env->vars[e->slot] = src.v.items[i];
		if (e->b) {
			struct eval w = eval_type(e->b, env, V_BOOL);
			if (w.st != EVAL_OK)
				return w;
			if (!w.v.u.b)
				continue;
		}
		struct eval b = eval(e->c, env);
		if (b.st != EVAL_OK)
			return b;
		if (b.v.type == V_NULL)
			continue;
		if (b.v.type != V_STR && b.v.type != V_NUM && b.v.type != V_DATE)
			return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
				"distinct() takes text, numbers or dates: %s", e->c->src));
		out.items[out.n++] = b.v;
	}
	qsort(out.items, out.n, sizeof *out.items, cmp_distinct);
	size_t k = 0;
	for (size_t i = 0; i < out.n; i++)
		if (!k || cmp_distinct(&out.items[k - 1], &out.items[i]) != 0)
			out.items[k++] = out.items[i];
	out.n = k;
	return ev_ok(out);
}

static struct eval eval_node(const struct expr *e, struct env *env);

/* A projection (proj.h): the value the other venue kept when it was
 * loaded.  When the anchor leads to no venue that kept one (no such
 * child: null; a venue judged on its own, whose root is whole), the node
 * is worked out as written, which gives the same. */
static struct eval eval_proj(const struct expr *e, struct env *env)
{
	struct eval a = eval(e->anchor, env);
	if (a.st == EVAL_OK && a.v.type == V_MAP) {
		const struct value *kept = value_get(&a.v, e->proj_key);
		if (kept)
			return proj_decode(kept);
	}
	return eval_node(e, env);
}

static struct eval eval(const struct expr *e, struct env *env)
{
	return e->proj_key ? eval_proj(e, env) : eval_node(e, env);
}

static struct eval eval_node(const struct expr *e, struct env *env)
{
	switch (e->t) {
	case E_NUM: case E_STR: case E_BOOL:
		return ev_ok(e->lit);
	case E_NULL:
		return ev_ok(value_null());
	case E_LIST:
		return eval_list(e, env);
	case E_VAR:
		return ev_ok(env->vars[e->slot]);
	case E_ROOT: case E_FIELD: case E_INDEX:
		return eval_path(e, env);
	case E_NEG: {
		struct eval r = eval_type(e->a, env, V_NUM);
		if (r.st == EVAL_OK)
			r.v.u.num = -r.v.u.num;
		return r;
	}
	case E_NOT: case E_AND: case E_OR:
		return eval_logic(e, env);
	case E_ADD: case E_SUB: case E_MUL: case E_DIV:
		return eval_arith(e, env);
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
		return eval_compare(e, env);
	case E_IN:
		return eval_in(e, env);
	case E_IF:
		return eval_if(e, env);
	case E_COUNT: case E_SUM: case E_MIN: case E_MAX: case E_EVERY: case E_ANY:
		return eval_agg(e, env);
	case E_DISTINCT:
		return eval_distinct(e, env);
	case E_RANGE:
		return eval_range(e, env);
	case E_LEN: {
		struct eval r = eval(e->a, env);
		if (r.st != EVAL_OK)
			return r;
		if (r.v.type != V_LIST && r.v.type != V_MAP)
			return ev_fail(EVAL_ERROR, arena_printf(env->scratch,
				"len() of %s, which is not a list", e->a->src));
		return ev_ok(value_num((double)r.v.n));
	}
	case E_CHILD:
		return eval_child(e, env);
	case E_EXISTS: {
		struct eval r = eval(e->a, env);
		if (r.st == EVAL_MISSING)
			return ev_ok(value_bool(false));
		if (r.st != EVAL_OK)
			return r;
		return ev_ok(value_bool(r.v.type != V_NULL));
	}
	}
	return ev_fail(EVAL_ERROR, "internal: unknown expression");
}

struct eval expr_eval(const struct expr *e, const struct value *root,
		      struct arena *scratch)
{
	struct env env = {.root = root, .scratch = scratch};
	return eval(e, &env);
}

struct eval expr_eval_projection(const struct expr *e, const struct value *root,
				 struct arena *scratch)
{
	struct env env = {.root = root, .scratch = scratch};
	if (e->anchor->t == E_VAR)
		env.vars[e->anchor->slot] = *root;
	else
		env.subst = e->anchor, env.subst_v = *root;
	return eval_node(e, &env);
}

/* ---- looking into an expression ---- */

_Static_assert((int)EXPR_MAX_VARS == (int)MAX_VARS, "one bound on variables");

struct expr_parts expr_parts(const struct expr *e)
{
	return (struct expr_parts){
		.t = e->t, .name = e->name, .lit = e->lit, .slot = e->slot,
		.a = e->a, .b = e->b, .c = e->c,
		.list = (const struct expr *const *)e->list, .nlist = e->nlist};
}

struct eval expr_eval_vars(const struct expr *e, const struct value *root,
			   const struct value *vars, size_t nvars,
			   struct arena *scratch)
{
	struct env env = {.root = root, .scratch = scratch};
	for (size_t i = 0; i < nvars && i < MAX_VARS; i++)
		env.vars[i] = vars[i];
	return eval(e, &env);
}

struct reads {
	void (*fn)(void *ctx, const char *block, const char *field);
	void *ctx;
	const char *var_block[MAX_VARS]; /* the ledger each variable ranges over */
};

static void reads(const struct expr *e, struct reads *r)
{
	if (!e)
		return;
	switch (e->t) {
	case E_ROOT:
		r->fn(r->ctx, e->name, NULL);
		return;
	case E_FIELD:
		if (e->a->t == E_ROOT) {
			r->fn(r->ctx, e->a->name, e->name);
			return;
		}
		if (e->a->t == E_VAR) {
			if (r->var_block[e->a->slot])
				r->fn(r->ctx, r->var_block[e->a->slot], e->name);
			return;
		}
		break;
	case E_COUNT: case E_SUM: case E_MIN: case E_MAX: case E_EVERY: case E_ANY:
	case E_DISTINCT:
		reads(e->a, r);
		r->var_block[e->slot] = e->a->t == E_ROOT ? e->a->name : NULL;
		reads(e->b, r);
		reads(e->c, r);
		r->var_block[e->slot] = NULL;
		return;
	default:
		break;
	}
	reads(e->a, r);
	reads(e->b, r);
	reads(e->c, r);
	for (size_t i = 0; i < e->nlist; i++)
		reads(e->list[i], r);
}

void expr_reads(const struct expr *e,
		void (*fn)(void *ctx, const char *block, const char *field),
		void *ctx)
{
	struct reads r = {.fn = fn, .ctx = ctx};
	reads(e, &r);
}

static bool is_agg(const struct expr *e)
{
	return e->t >= E_COUNT && e->t <= E_DISTINCT;
}

static void collect_aggs(const struct expr *e, const struct expr **out,
			 size_t max, size_t *n)
{
	if (!e)
		return;
	if (is_agg(e)) {
		if (*n < max)
			out[*n] = e;
		(*n)++;
	}
	collect_aggs(e->a, out, max, n);
	collect_aggs(e->b, out, max, n);
	collect_aggs(e->c, out, max, n);
	for (size_t i = 0; i < e->nlist; i++)
		collect_aggs(e->list[i], out, max, n);
}

size_t expr_aggregates(const struct expr *e, const struct expr **out,
		       size_t max)
{
	size_t n = 0;
	collect_aggs(e, out, max, &n);
	return n;
}

struct eval expr_where(const struct expr *agg, const struct value *root,
		       const struct value *item, struct arena *scratch)
{
	if (!is_agg(agg) || !agg->b)
		return ev_ok(value_bool(true));
	struct env env = {.root = root, .scratch = scratch};
	env.vars[agg->slot] = *item;
	return eval_type(agg->b, &env, V_BOOL);
}
