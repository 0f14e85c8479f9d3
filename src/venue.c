/* venue.c - load a venue data file: YAML to nodes (doc.c), nodes to typed
 * values under the pack's data format (schema.c), then the header fields the
 * engine needs pulled out for convenience. */
#include "venue.h"

#include <stdlib.h>


static struct venue *new_venue(const char *name)
{
	struct venue *v = calloc(1, sizeof *v);
	if (!v)
		abort();
	arena_init(&v->arena);
	v->path = arena_strdup(&v->arena, name);
	return v;
}

static const char *header_text(const struct value *hdr, const char *key)
{
	const struct value *f = value_get(hdr, key);
	return f && f->type == V_STR ? f->u.str : NULL;
}

static struct venue *finish(const struct pack *p, struct venue *v,
			    const struct node *root, struct diags *d)
{
	if (root)
		v->root = schema_validate(&p->schema, &v->arena, root, v->path,
					  rules_declared_keys, p, d);
	if (!v->root) {
		venue_free(v);
		return NULL;
	}
	const struct value *hdr = value_get(v->root, "venue");
	v->id = header_text(hdr, "id");
	v->name = header_text(hdr, "name");
	v->tier = header_text(hdr, "tier");
	v->parent = header_text(hdr, "parent");
	v->year = (int)value_get(hdr, "year")->u.num;
	return v;
}

struct venue *venue_load(const struct pack *p, const char *path,
			 const struct doc_limits *lim, struct diags *d)
{
	struct venue *v = new_venue(path);
	return finish(p, v, doc_load_file(&v->arena, path, lim, d), d);
}

struct venue *venue_load_string(const struct pack *p, const char *name,
				const char *buf, size_t len, struct diags *d)
{
	struct venue *v = new_venue(name);
	return finish(p, v, doc_load_string(&v->arena, name, buf, len, NULL, d), d);
}

void venue_free(struct venue *v)
{
	if (!v)
		return;
	arena_free(&v->arena);
	free(v);
}
