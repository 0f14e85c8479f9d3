/* label.h - the words of a report in Chinese or English: verdict names,
 * measured values, requirements and gaps ("差 3 场").  Shared by every
 * output format so they all say the same thing.
 * Pipeline step: 4, report. */
#ifndef VC_LABEL_H
#define VC_LABEL_H

#include "arena.h"
#include "check.h"
#include "lang.h"
#include "pack.h"

const char *label_verdict(enum verdict v, enum lang l);
const char *label_tier(const struct pack *p, const char *tier, enum lang l);
const char *label_category(const struct pack *p, const char *cat, enum lang l);
const char *label_rule(const struct rule *r, enum lang l);
/* The deciding check's own label, or NULL when the rule has one check. */
const char *label_check(const struct result *r, enum lang l);
/* "48 小时", "是"; NULL when nothing was measured. */
const char *label_measured(const struct result *r, enum lang l,
			   struct arena *a);
/* "≥ 42 小时"; NULL when there is no numeric requirement. */
const char *label_required(const struct result *r, enum lang l,
			   struct arena *a);
/* label_required, and for declared rules "是" (a table has room for it). */
const char *label_required_text(const struct result *r, enum lang l, struct arena *a);
/* "差 3 场" for a failure, "未填写 facts.x" for missing data, for a waived
 * rule that and its waiver, else NULL. */
/* Why a result lacks data or does not apply, in l (NULL: no reason). */
const char *label_why(const struct result *r, enum lang l);
const char *label_gap(const struct result *r, enum lang l, struct arena *a);
/* The text report's line for a result: "48 小时（要求 ≥ 42 小时）", with
 * "，差 2 场" for a failure, or the reason alone; NULL when there is
 * nothing to say. */
const char *label_outcome(const struct result *r, enum lang l, struct arena *a);
/* "豁免：理由（批准：…，有效期至 2025-06-30）"; NULL unless waived. */
const char *label_waiver(const struct result *r, enum lang l, struct arena *a);
/* The standard a report names: the pack's title, and for a pack that
 * extends another its id and the base's id. */
const char *label_standard(const struct pack *p, enum lang l, struct arena *a);
/* Whole numbers without decimals, others with at most two. */
const char *label_number(double x, struct arena *a);

/* A venue's heading: "南湖区文化馆（330402）· 县级总馆 · 2024 年". */
const char *label_venue(const struct pack *p, const struct venue *v,
			enum lang l, struct arena *a);
/* Its counts: "共 40 条：通过 38，未通过 1，缺数据 1，不适用 0，待批量核查 0"
 * (and "，豁免 N" when a rule was waived). */
const char *label_tally(const struct check_report *rep, enum lang l,
			struct arena *a);
/* A batch's closing line: "共检查 3 个场馆：全部通过 2 个，…". */
const char *label_total(size_t venues, size_t failing, size_t invalid,
			enum lang l, struct arena *a);
/* validate's closing line: "校验 3 个文件：有效 2 个，无效 1 个". */
const char *label_validated(size_t valid, size_t invalid, enum lang l,
			    struct arena *a);
/* A venue's verdict as a whole: failed (a rule failed or lacks data),
 * else waived when it passes thanks to a waiver, else passed. */
enum verdict label_overall(const struct check_report *rep);
/* A roll-up's title: "汇总：嘉兴市（330400）及所辖场馆". */
const char *label_rollup(const struct venue *top, enum lang l, struct arena *a);
/* passed / checked as "97.5%" (100% when nothing was checked). */
const char *label_rate(size_t passed, size_t checked, struct arena *a);

#endif
