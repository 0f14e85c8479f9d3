/* casetest.c - running a pack's test cases. */
#include "casetest.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#include "check.h"
#include "doc.h"
#include "files.h"
#include "venue.h"
#include "xalloc.h"

static const char *const words[] = {"pass", "fail", "missing", "na", "batch"};

/* The lines of a run in its language (the verdict words stay the pack's
 * test vocabulary, as the .expect files write them). */
#define TR(l, zh, en) ((l) == LANG_EN ? (en) : (zh))

static void print_diags(FILE *out, const struct diags *d, enum lang l)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i], l);
		utf8_printf(out, "  %s\n", s);
		free(s);
	}
}

/* Compare one case; returns its status as casetest_run's. */
static int run_case(const struct pack *p, const char *path,
		    const char *expect, enum lang lg, FILE *out)
{
	struct diags d;
	diag_init(&d);
	struct arena a;
	arena_init(&a);
	int status = 0;
	struct node *want = doc_load_file(&a, expect, NULL, &d);
	struct venue *v = want ? venue_load(p, path, NULL, &d) : NULL;
	if (!v || want->kind != NODE_MAP) {
		utf8_printf(out, TR(lg, "错误 %s\n", "ERROR %s\n"), path);
		if (want && want->kind != NODE_MAP)
			utf8_printf(out, TR(lg, "  %s：应为“规则编号: 结论”的映射\n",
					     "  %s: expected a mapping rule-id: verdict\n"), expect);
		print_diags(out, &d, lg);
		status = 2;
		goto done;
	}
	struct check_report *rep = check_venue(p, v, &d);
	size_t bad = 0;
	for (size_t i = 0; i < want->n; i++) {
		const struct node *k = want->pairs[i].key, *w = want->pairs[i].value;
		const struct result *r = NULL;
		for (size_t j = 0; j < rep->n && !r; j++)
			if (strcmp(rep->results[j].rule->id, k->text) == 0)
				r = &rep->results[j];
		const char *got = r ? words[r->verdict]
				     : TR(lg, "（该层级没有这条规则）", "(no such rule for this tier)");
		if (!r || w->kind != NODE_SCALAR || strcmp(got, w->text) != 0) {
			if (!bad++)
				utf8_printf(out, TR(lg, "不符 %s\n", "FAIL %s\n"), path);
			utf8_printf(out, TR(lg, "  %s:%d:%d: %s：应为 %s，实际为 %s\n",
					     "  %s:%d:%d: %s: expected %s, got %s\n"), expect,
				k->line, k->col, k->text,
				w->kind == NODE_SCALAR ? w->text : "?", got);
		}
	}
	if (!bad)
		utf8_printf(out, TR(lg, "通过 %s（%zu 个结论）\n", "ok   %s (%zu verdicts)\n"),
			    path, want->n);
	status = bad ? 1 : 0;
	check_report_free(rep);
done:
	venue_free(v);
	arena_free(&a);
	diag_free(&d);
	return status;
}

int casetest_run(const struct pack *p, const char *dir, enum lang lg,
		 FILE *out)
{
	struct filelist l = {0};
	struct diags d;
	diag_init(&d);
	files_add_arg(&l, dir, &d);
	int status = d.errors ? 2 : 0;
	print_diags(out, &d, lg);
	size_t cases = 0, failed = 0;
	for (size_t i = 0; i < l.n; i++) {
		char buf[FILENAMES_JOIN_MAX];
		const char *path = files_get(&l, i, buf);
		size_t n = strlen(path);
		size_t stem = n > 5 && !strcmp(path + n - 5, ".yaml") ? n - 5 : n - 4;
		char *expect = xmalloc(stem + sizeof ".expect");
		memcpy(expect, path, stem);
		memcpy(expect + stem, ".expect", sizeof ".expect");
		FILE *f = fopen(expect, "r");
		if (f) {
			fclose(f);
			int s = run_case(p, path, expect, lg, out);
			cases++;
			failed += s != 0;
			if (s > status)
				status = s;
		}
		free(expect);
	}
	utf8_printf(out, TR(lg, "rules --test：%zu 个通过，%zu 个不符\n",
			     "rules --test: %zu passed, %zu failed\n"), cases - failed, failed);
	if (cases == 0) {
		utf8_printf(out, TR(lg, "%s 下没有测试用例（NAME.yaml 配 NAME.expect）\n",
				     "no test cases (NAME.yaml with NAME.expect) under %s\n"), dir);
		status = 2;
	}
	diag_free(&d);
	files_free(&l);
	return status;
}
