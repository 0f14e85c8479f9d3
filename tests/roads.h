/* roads.h - the two roads of a venue YAML file into values, held to each
 * other, for tests/test_stream.c and tests/fuzz/fuzz_stream.c: schema_stream
 * (straight from libyaml's events) and doc_load_string + schema_validate
 * (the tree of nodes).  Where the stream takes a file, its values (types,
 * positions, absent_is_null, field order, sizes), its waivers' nodes and its
 * messages (level, code, position, file, both texts, the count of errors)
 * must be the tree's; where it gives up it must have said nothing.
 * Header-only, as tests/helpers.h. */
#ifndef VC_TEST_ROADS_H
#define VC_TEST_ROADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "doc.h"
#include "pack.h"
#include "schema.h"

#ifndef UNUSED_FN
#define UNUSED_FN __attribute__((unused))
#endif

static bool same_value(const char *who, const struct value *a,
		       const struct value *b, const char *path);

static void differs(const char *who, const char *what, const char *path,
		    const struct value *a, const struct value *b)
{
	fprintf(stderr,
		"%s: %s differ at %s: tree type %d %d:%d n %zu"
		" absent_is_null %d, stream type %d %d:%d n %zu absent_is_null %d\n",
		who, what, path, (int)a->type, a->line, a->col, a->n,
		(int)a->absent_is_null, (int)b->type, b->line, b->col, b->n,
		(int)b->absent_is_null);
}

static bool same_value(const char *who, const struct value *a,
		       const struct value *b, const char *path)
{
	if (a->type != b->type || a->line != b->line || a->col != b->col ||
	    a->absent_is_null != b->absent_is_null || a->n != b->n) {
		differs(who, "values", path, a, b);
		return false;
	}
	char sub[512];
	switch (a->type) {
	case V_NUM:
		if (memcmp(&a->u.num, &b->u.num, sizeof a->u.num) == 0)
			return true;
		differs(who, "numbers", path, a, b);
		return false;
	case V_BOOL:
		if (a->u.b == b->u.b)
			return true;
		differs(who, "booleans", path, a, b);
		return false;
	case V_STR:
		if (strcmp(a->u.str, b->u.str) == 0)
			return true;
		differs(who, "texts", path, a, b);
		fprintf(stderr, "  tree \"%s\"\n  stream \"%s\"\n", a->u.str, b->u.str);
		return false;
	case V_DATE:
		if (a->u.date == b->u.date)
			return true;
		differs(who, "dates", path, a, b);
		return false;
	case V_LIST:
		for (size_t i = 0; i < a->n; i++) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (!same_value(who, &a->items[i], &b->items[i], sub))
				return false;
		}
		return true;
	case V_MAP:
		for (size_t i = 0; i < a->n; i++) {
			snprintf(sub, sizeof sub, "%s.%s", path, a->fields[i].key);
			if (strcmp(a->fields[i].key, b->fields[i].key) != 0) {
				fprintf(stderr,
					"%s: field %zu of %s: tree %s, stream %s\n",
					who, i, path, a->fields[i].key,
					b->fields[i].key);
				return false;
			}
			if (!same_value(who, &a->fields[i].v, &b->fields[i].v, sub))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static bool same_node(const struct node *a, const struct node *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->line != b->line || a->col != b->col ||
	    a->n != b->n)
		return false;
	if (a->kind == NODE_SCALAR)
		return a->plain == b->plain && a->len == b->len &&
		       memcmp(a->text, b->text, a->len) == 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->kind == NODE_SEQ ? !same_node(a->items[i], b->items[i])
					: !same_node(a->pairs[i].key, b->pairs[i].key) ||
					  !same_node(a->pairs[i].value, b->pairs[i].value))
			return false;
	return true;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void print_diags(const char *who, const struct diags *d)
{
	fprintf(stderr, "  %s: %zu messages, %zu errors\n", who, d->n, d->errors);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "    %d %s %d:%d %s | %s\n", (int)d->v[i].level,
			diag_code_id(d->v[i].code), d->v[i].line, d->v[i].col,
			d->v[i].msg_en, d->v[i].msg);
}

/* The messages alike: test_stream.c's all_messages (level, position, both
 * texts), and their codes, files and the count of errors too. */
static bool same_diags(const struct diags *a, const struct diags *b)
{
	if (a->n != b->n || a->errors != b->errors)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct diag *x = &a->v[i], *y = &b->v[i];
		if (x->level != y->level || x->code != y->code ||
		    x->line != y->line || x->col != y->col ||
		    x->sheet != y->sheet || !same_text(x->file, y->file) ||
		    !same_text(x->where, y->where) || !same_text(x->msg, y->msg) ||
		    !same_text(x->msg_en, y->msg_en))
			return false;
	}
	return true;
}

enum roads { ROADS_TOOK, ROADS_GAVE_UP, ROADS_DIFFER };

/* One file (name, buf, len) both ways under lim (NULL: the defaults):
 * whether the stream took it or gave up, or ROADS_DIFFER after printing
 * on standard error, headed by who, what differs. */
static UNUSED_FN enum roads roads_compare(const struct pack *p, const char *who,
					  const char *name, const char *buf,
					  size_t len, const struct doc_limits *lim)
{
	struct arena va, vn, sa, sn;
	arena_init(&va);
	arena_init(&vn);
	arena_init(&sa);
	arena_init(&sn);
	struct diags dv, ds;
	diag_init(&dv);
	diag_init(&ds);
	const struct node *root = doc_load_string(&vn, name, buf, len, lim, &dv);
	const struct value *want = root ? schema_validate(&p->schema, &va, root, name,
							  pack_declared_keys, p, &dv)
					: NULL;
	const struct value *got = NULL;
	const struct node *waivers = NULL;
	bool took = schema_stream(&p->schema, &sa, &sn, buf, len, lim, name,
				  pack_declared_keys, p, &got, &waivers, &ds);
	bool bad = false;
	if (!took) {
		if (ds.n) {
			fprintf(stderr, "%s: gave up having said something\n", who);
			print_diags("stream", &ds);
			bad = true;
		}
	} else {
		if (!same_diags(&dv, &ds)) {
			fprintf(stderr, "%s: messages differ\n", who);
			print_diags("tree", &dv);
			print_diags("stream", &ds);
			bad = true;
		}
		if (!want != !got) {
			fprintf(stderr, "%s: the tree %s, the stream %s\n",
				who, want ? "took it" : "refused it",
				got ? "took it" : "refused it");
			bad = true;
		} else if (want && !same_value(who, want, got, "root")) {
			bad = true;
		}
		if (!same_node(doc_get(root, SCHEMA_WAIVERS), waivers)) {
			fprintf(stderr, "%s: waivers differ\n", who);
			bad = true;
		}
	}
	diag_free(&dv);
	diag_free(&ds);
	arena_free(&va);
	arena_free(&vn);
	arena_free(&sa);
	arena_free(&sn);
	return bad ? ROADS_DIFFER : took ? ROADS_TOOK : ROADS_GAVE_UP;
}

#endif
