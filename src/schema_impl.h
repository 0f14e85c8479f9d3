/* schema_impl.h - what schema.c's validation shares with schema_stream.c,
 * for those two files only: the conversion context and the converters of
 * one value, one record and one block, which both roads into values (a
 * tree of nodes, libyaml's events) use, so that a value is made one way.
 * Pipeline step: 2, load venue. */
#ifndef VC_SCHEMA_IMPL_H
#define VC_SCHEMA_IMPL_H

#include "schema.h"

/* What convert_record works out once per block, not once per record (a
 * ledger has thousands, each written the way the one before was): its
 * tag fields, and the field that the key at each position named last. */
enum { RECORD_HINTS = 32 };
struct record_cache {
	const struct block *b; /* what the rest is about; NULL: nothing yet */
	size_t ntags;
	size_t field[RECORD_HINTS]; /* 1 + the field's index; 0: none yet */
};

struct vctx {
	const struct schema *s;
	struct arena *a;
	const char *file;
	struct diags *d;
	int year; /* 0 until the header's year is known */
	struct declared_keys declared;
	bool have_declared;
	struct record_cache rc;
};

/* One scalar (or tag list) n of field f to a typed value.  False after an
 * error in c->d. */
bool schema_convert(struct vctx *c, const struct field *f,
		    const struct node *n, struct value *out);
/* No value: null, or a quoted empty text (""): as if the key were left out. */
bool schema_no_value(const struct node *v);
/* The cache for the records of block b (reset when b is another). */
struct record_cache *schema_record_cache(struct vctx *c, const struct block *b);
/* The field the key at position i of a record names, or NULL. */
const struct field *schema_record_field(struct record_cache *rc, size_t i,
					const char *key);
/* A whole block's value from its node (any shape; a record's entry 0). */
bool schema_convert_block(struct vctx *c, const struct block *b,
			  const struct node *n, struct value *out);
/* After the header: the year that bounds every date and the declared keys
 * of the tier.  False after an error (a year before the standard's). */
bool schema_header_read(struct vctx *c, const struct value *hdr,
			const struct node *vn,
			struct declared_keys (*tier_keys)(const void *, const char *),
			const void *ctx);
/* The checks of the whole file's values (a part larger than its whole, a
 * stated count unlike its list's): false after an error. */
bool schema_check_whole(struct vctx *c, const struct value *root);

#endif
