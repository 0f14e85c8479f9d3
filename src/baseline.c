/* baseline.c - a JSON report read back with jansson (baseline.h).  The
 * parsed tree is copied into the baseline's arena and freed at once, so
 * what stays is the few fields a comparison needs, indexed by venue and
 * by venue and rule. */
#include "baseline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const verdict_words[VERDICT_COUNT] = {
	"pass", "fail", "missing", "na", "batch", "waived"};

bool baseline_verdict_parse(const char *word, enum verdict *v)
{
	for (int i = 0; word && i < VERDICT_COUNT; i++)
		if (strcmp(word, verdict_words[i]) == 0) {
			*v = (enum verdict)i;
			return true;
		}
	return false;
}

/* ---- the indexes ---- */

static size_t venue_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct baseline *)ctx)->venues[i].id);
}

static bool venue_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct baseline *)ctx)->venues[i].id, key) == 0;
}

/* A result's key: its venue's id and its rule id. */
struct pair {
	const char *venue, *rule;
};

static size_t pair_hash(const char *venue, const char *rule)
{
	return hashidx_hash_more(hashidx_hash_more(hashidx_hash(venue), "\x1f"), rule);
}

static size_t result_hash(const void *ctx, size_t i)
{
	const struct baseline *b = ctx;
	const struct baseline_result *r = &b->all[i];
	return pair_hash(b->venues[r->venue].id, r->rule);
}

static bool result_is(const void *ctx, size_t i, const void *key)
{
	const struct baseline *b = ctx;
	const struct baseline_result *r = &b->all[i];
	const struct pair *k = key;
	return strcmp(r->rule, k->rule) == 0 &&
	       strcmp(b->venues[r->venue].id, k->venue) == 0;
}

static size_t rule_hash(const void *ctx, size_t i)
{
	return hashidx_hash(((const struct baseline *)ctx)->rules[i]);
}

static bool rule_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct baseline *)ctx)->rules[i], key) == 0;
}

const struct baseline_venue *baseline_venue(const struct baseline *b,
					    const char *id)
{
	size_t i = hashidx_find(&b->by_venue, hashidx_hash(id), id);
	return i == HASHIDX_NONE ? NULL : &b->venues[i];
}

const struct baseline_result *baseline_result(const struct baseline *b,
					      const char *id, const char *rule)
{
	struct pair k = {id, rule};
	size_t i = hashidx_find(&b->by_result, pair_hash(id, rule), &k);
	return i == HASHIDX_NONE ? NULL : &b->all[i];
}

bool baseline_has_rule(const struct baseline *b, const char *rule)
{
	return hashidx_find(&b->by_rule, hashidx_hash(rule), rule) != HASHIDX_NONE;
}

/* ---- reading ---- */

/* What a reading needs at hand: the baseline, its name and the error. */
struct reader {
	struct baseline *b;
	const char *name;
	struct diags *d;
};

/* The report's shape is wrong at what (a JSON path); false. */
static bool shape(struct reader *rd, const char *what)
{
	diag_addm(rd->d, DM_BL_SHAPE, DIAG_ERROR, rd->name, 0, 0, what);
	return false;
}

/* A string or null member: NULL for null; false (*ok) otherwise. */
static const char *opt_str(struct reader *rd, const json_t *o, const char *key,
			   bool *ok)
{
	const json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return arena_strndup(&rd->b->arena, json_string_value(v),
				     json_string_length(v));
	if (!json_is_null(v))
		*ok = false;
	return NULL;
}

static const char *req_str(struct reader *rd, const json_t *o, const char *key,
			   bool *ok)
{
	if (!json_is_string(json_object_get(o, key)))
		*ok = false;
	return opt_str(rd, o, key, ok);
}

/* A number (or, for measured, a boolean as 1/0) or null; false otherwise. */
static bool opt_num(const json_t *v, bool *has, double *x, bool *is_bool)
{
	*has = false;
	if (json_is_number(v)) {
		*has = true;
		*x = json_number_value(v);
		return true;
	}
	if (json_is_boolean(v)) {
		if (is_bool) {
			*has = *is_bool = true;
			*x = json_is_true(v) ? 1 : 0;
		}
		return true;
	}
	return json_is_null(v);
}

static bool read_verdicts(const json_t *o, struct baseline_result *r)
{
	if (!baseline_verdict_parse(json_string_value(json_object_get(o, "verdict")),
				    &r->verdict))
		return false;
	r->was = r->verdict;
	if (r->verdict != VERDICT_WAIVED)
		return true;
	const json_t *w = json_object_get(o, "waiver");
	return baseline_verdict_parse(json_string_value(json_object_get(w, "was")),
				      &r->was);
}

static bool read_result(struct reader *rd, const json_t *o,
			struct baseline_result *r, size_t venue)
{
	bool ok = json_is_object(o);
	r->venue = venue;
	r->rule = req_str(rd, o, "rule", &ok);
	r->unit = opt_str(rd, o, "unit", &ok);
	r->text = opt_str(rd, o, "text", &ok);
	ok = ok && read_verdicts(o, r);
	ok = ok && opt_num(json_object_get(o, "measured"), &r->has_measured,
			   &r->measured, &r->measured_bool);
	ok = ok && opt_num(json_object_get(o, "required"), &r->has_required,
			   &r->required, NULL);
	return ok && opt_num(json_object_get(o, "gap"), &r->has_gap, &r->gap, NULL);
}

static bool read_venue(struct reader *rd, const json_t *file,
		       struct baseline_venue *v, struct baseline_result *res,
		       size_t index)
{
	const json_t *o = json_object_get(file, "venue");
	const json_t *results = json_object_get(file, "results");
	bool ok = json_is_object(o) && json_is_array(results) &&
		  json_is_integer(json_object_get(o, "year"));
	v->path = opt_str(rd, file, "path", &ok);
	v->id = req_str(rd, o, "id", &ok);
	v->name = req_str(rd, o, "name", &ok);
	v->tier = req_str(rd, o, "tier", &ok);
	v->parent = opt_str(rd, o, "parent", &ok);
	v->year = (int)json_integer_value(json_object_get(o, "year"));
	const char *verdict = json_string_value(json_object_get(file, "verdict"));
	v->failing = verdict && strcmp(verdict, "fail") == 0;
	v->results = res;
	v->n = json_array_size(results);
	for (size_t k = 0; ok && k < v->n; k++)
		if (!read_result(rd, json_array_get(results, k), &res[k], index))
			return shape(rd, "files[].results[]");
	return ok || shape(rd, "files[].venue");
}

/* How many venues and results the report holds (to size the arrays). */
static void count_files(const json_t *files, size_t *venues, size_t *results)
{
	*venues = *results = 0;
	for (size_t i = 0; i < json_array_size(files); i++) {
		const json_t *f = json_array_get(files, i);
		if (!json_is_true(json_object_get(f, "valid")))
			continue;
		++*venues;
		*results += json_array_size(json_object_get(f, "results"));
	}
}

/* Every rule id judged, once, and the indexes. */
static void index_all(struct baseline *b)
{
	/* A report has each venue id once (a batch drops duplicates); an
	 * edited one keeps the first. */
	for (size_t i = 0; i < b->n; i++)
		if (!baseline_venue(b, b->venues[i].id))
			hashidx_add(&b->by_venue, i);
	b->rules = arena_alloc(&b->arena, (b->nall + 1) * sizeof *b->rules);
	for (size_t i = 0; i < b->nall; i++) {
		const struct baseline_result *r = &b->all[i];
		if (&b->venues[r->venue] == baseline_venue(b, b->venues[r->venue].id) &&
		    !baseline_result(b, b->venues[r->venue].id, r->rule))
			hashidx_add(&b->by_result, i);
		if (!baseline_has_rule(b, r->rule)) {
			b->rules[b->nrules] = r->rule;
			hashidx_add(&b->by_rule, b->nrules++);
		}
	}
}

static bool read_files(struct reader *rd, const json_t *files)
{
	struct baseline *b = rd->b;
	size_t nv, nr;
	count_files(files, &nv, &nr);
	b->venues = arena_alloc(&b->arena, (nv + 1) * sizeof *b->venues);
	b->all = arena_alloc(&b->arena, (nr + 1) * sizeof *b->all);
	for (size_t i = 0; i < json_array_size(files); i++) {
		const json_t *f = json_array_get(files, i);
		if (!json_is_object(f))
			return shape(rd, "files[]");
		if (!json_is_true(json_object_get(f, "valid")))
			continue;
		struct baseline_venue *v = &b->venues[b->n];
		if (!read_venue(rd, f, v, b->all + b->nall, b->n))
			return false;
		b->nall += v->n;
		b->n++;
	}
	index_all(b);
	return true;
}

/* "0.1.0" is of BASELINE_SCHEMA "0.1": the same major.minor, then a dot
 * or the end. */
static bool known_version(const char *v)
{
	size_t n = strlen(BASELINE_SCHEMA);
	return strncmp(v, BASELINE_SCHEMA, n) == 0 && (v[n] == '.' || v[n] == '\0');
}

static bool read_report(struct reader *rd, const json_t *root)
{
	const json_t *version = json_object_get(root, "venuecheck");
	if (!json_is_object(root) || !json_is_string(version)) {
		diag_addm(rd->d, DM_BL_NOT_REPORT, DIAG_ERROR, rd->name, 0, 0);
		return false;
	}
	if (!known_version(json_string_value(version))) {
		diag_addm(rd->d, DM_BL_VERSION, DIAG_ERROR, rd->name, 0, 0,
			  json_string_value(version), BASELINE_SCHEMA);
		return false;
	}
	const char *command = json_string_value(json_object_get(root, "command"));
	if (!command)
		return shape(rd, "command");
	if (strcmp(command, "check") != 0) {
		diag_addm(rd->d, DM_BL_VALIDATE, DIAG_ERROR, rd->name, 0, 0, command);
		return false;
	}
	bool ok = true;
	const json_t *std = json_object_get(root, "standard");
	rd->b->version = req_str(rd, root, "venuecheck", &ok);
	rd->b->standard_id = req_str(rd, std, "id", &ok);
	rd->b->standard_title = req_str(rd, std, "title", &ok);
	if (!ok)
		return shape(rd, "standard");
	const json_t *files = json_object_get(root, "files");
	if (!json_is_array(files))
		return shape(rd, "files");
	return read_files(rd, files);
}

static void reset(struct baseline *b, const char *name)
{
	memset(b, 0, sizeof *b);
	arena_init(&b->arena);
	hashidx_init(&b->by_venue, venue_hash, venue_is, b);
	hashidx_init(&b->by_result, result_hash, result_is, b);
	hashidx_init(&b->by_rule, rule_hash, rule_is, b);
	b->path = arena_strdup(&b->arena, name);
}

/* jansson's column counts characters from 1; 0 when it has none. */
static int json_col(const json_error_t *e)
{
	return e->column > 0 ? e->column : 0;
}

bool baseline_load_string(struct baseline *b, const char *name,
			  const char *buf, size_t len, struct diags *d)
{
	reset(b, name);
	json_error_t e;
	/* Duplicate keys are refused: an edited report must not say two
	 * things at once. */
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		diag_addm(d, DM_BL_JSON, DIAG_ERROR, name, e.line > 0 ? e.line : 0,
			  json_col(&e), e.text);
		return false;
	}
	struct reader rd = {b, name, d};
	bool ok = read_report(&rd, root);
	json_decref(root);
	if (!ok) {
		baseline_free(b);
		reset(b, name);
	}
	return ok;
}

bool baseline_load_file(struct baseline *b, const char *path,
			const struct doc_limits *lim, struct diags *d)
{
	size_t len;
	char *buf = doc_read_file(path, (lim ? lim : &doc_default_limits)->bytes,
				  &len, d);
	if (!buf) {
		reset(b, path);
		return false;
	}
	bool ok = baseline_load_string(b, path, buf, len, d);
	free(buf);
	return ok;
}

void baseline_free(struct baseline *b)
{
	hashidx_free(&b->by_venue);
	hashidx_free(&b->by_result);
	hashidx_free(&b->by_rule);
	arena_free(&b->arena);
	memset(b, 0, sizeof *b);
}
