/* expr_impl.h - the compiled expression's node, shared by expr.c (which
 * parses and evaluates it) and proj.c (which marks the parts of linked
 * rules that read one other venue).  Not part of the library's interface.
 * Pipeline step: 1, load pack (compile), 3, evaluate. */
#ifndef VC_EXPR_IMPL_H
#define VC_EXPR_IMPL_H

#include "expr.h"

struct expr {
	enum etype t;
	const char *src; /* source text of this node, for messages */
	struct value lit; /* E_NUM, E_STR, E_BOOL */
	const char *name; /* E_ROOT, E_FIELD */
	int slot;	  /* E_VAR, aggregates: the variable's slot */
	int hint;	  /* E_FIELD: 1 + its slot among an evaluation's field
			     hints (expr.c), or 0: none */
	struct expr *a, *b, *c; /* operands; aggregates: source, where, body */
	struct expr **list; /* E_LIST items */
	size_t nlist;
	/* A projection (proj.h): this node reads only the venue anchor
	 * leads to, and each venue keeps its value under proj_key, worked
	 * out from its own file while it was loaded.  NULL: none. */
	const char *proj_key;
	const struct expr *anchor;
};

#endif
