/* listing.c - the pack as text: `venuecheck rules` (one line per rule,
 * with its origin in a layered pack) and the lint summary.  A renderer
 * like the reports: it writes to the stream it is given.  A pack's text is
 * printed escaped (utf8_printf), as a pack may come from a third party. */
#include "listing.h"

#include <string.h>

#include "utf8.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* One line of `rules`: id, tier, kind, [origin,] title.  The origin column
 * is there only for a pack that extends another. */
static void rule_line(FILE *out, const struct rule *r, const char *origin,
		      const char *why, size_t idw, size_t ow, enum lang l)
{
	utf8_printf(out, "%-*s  %-8s  %-9s  ", (int)idw, r->id, r->tier,
		    pack_kind_name(r->kind));
	if (origin)
		for (size_t w = utf8_put(out, origin); w < ow + 2; w++)
			fputc(' ', out);
	utf8_put(out, label_rule(r, l));
	if (why)
		utf8_printf(out, "%s%s", l == LANG_EN ? ": " : "：", why);
	fputc('\n', out);
}

void listing_rules(FILE *out, const struct pack *p, const char *tier, enum lang l)
{
	struct arena a;
	arena_init(&a);
	size_t n = p->nrules + p->ndisabled, idw = 0, ow = 0;
	const char **origin = arena_alloc(&a, (n + 1) * sizeof *origin);
	for (size_t i = 0; i < n; i++) {
		bool off = i >= p->nrules;
		const struct rule *r = off ? &p->disabled[i - p->nrules].rule : &p->rules[i];
		origin[i] = !p->base && !p->nparts ? NULL : off
			? arena_printf(&a, "disabled in %s", p->disabled[i - p->nrules].file)
			: pack_origin_text(r, &a);
		if (utf8_width(r->id) > idw)
			idw = utf8_width(r->id);
		if (origin[i] && utf8_width(origin[i]) > ow)
			ow = utf8_width(origin[i]);
	}
	if (p->base)
		utf8_printf(out, "%s (%s) extends %s (%s): %zu rules, %zu disabled\n", p->id,
		       base_name(p->path), p->base->id, base_name(p->base->path),
		       p->nrules, p->ndisabled);
	for (size_t i = 0; i < p->nparts; i++) /* --rules A --rules B */
		utf8_printf(out, i + 1 < p->nparts ? "%s%s (%s)" : "%s%s (%s)\n",
			    i ? " + " : "", p->parts[i]->id, base_name(p->parts[i]->path));
	for (size_t i = 0; i < n; i++) {
		bool off = i >= p->nrules;
		const struct rule *r = off ? &p->disabled[i - p->nrules].rule : &p->rules[i];
		if (!tier || strcmp(tier, r->tier) == 0)
			rule_line(out, r, origin[i], off ? p->disabled[i - p->nrules].reason : NULL,
				  idw, ow, l);
	}
	arena_free(&a);
}


void listing_lint(FILE *out, const struct pack *p)
{
	utf8_printf(out, "rules --lint: %s (%s): %zu rules", p->id,
		    base_name(p->path), p->nrules);
	if (p->base)
		utf8_printf(out, " (extends %s; %zu disabled)", p->base->id,
			    p->ndisabled);
	fputs(", no problems\n", out);
}
