/* gradetext.h - the words of a graded venue's report (定级), shared by
 * every output format so that they all say the same thing: the grade
 * reached, why, and per condition the grade it allows and what the next
 * grade up needs ("0.92 元，达二级需 1.00 元，差 0.08 元（约 40 万元）").
 * Pipeline step: 4, report. */
#ifndef VC_GRADETEXT_H
#define VC_GRADETEXT_H

#include "arena.h"
#include "check.h"
#include "lang.h"
#include "pack.h"

/* "二级", "未达等级" (g = ngrades or below 0). */
const char *gradetext_name(const struct pack *p, int g, enum lang l);
/* The venue's grade, "二级", with "（数据不全）" when missing data kept a
 * better one from being shown. */
const char *gradetext_reached(const struct pack *p, const struct venue_grade *g,
			      enum lang l, struct arena *a);
/* How it was reached: "必备条件允许二级；降 1 级；得分 725 / 1000 分（一级线
 * 900 分）"; the limiting condition is named by the caller. */
const char *gradetext_how(const struct pack *p, const struct check_report *rep,
			  enum lang l, struct arena *a);
/* Whether a result takes part in the grade (a gating rule or a demotion). */
bool gradetext_counts(const struct result *r);
/* What one condition allows: "一级", "未达等级", "降 1 级", "缺数据". */
const char *gradetext_allows(const struct pack *p, const struct result *r,
			     enum lang l, struct arena *a);
/* What the next grade up needs, or NULL: "6,000 平方米，达一级需 6,500 平方米，
 * 差 500 平方米"; a demotion: "不降级需 4 个门类，差 1 个门类". */
const char *gradetext_next(const struct pack *p, const struct result *r,
			   enum lang l, struct arena *a);
/* A scored item's points, "70 / 80 分", or NULL. */
const char *gradetext_points(const struct result *r, enum lang l,
			     struct arena *a);
/* A number with thousands grouped, at most two decimals ("1,000",
 * "0.96"); digits: 2 to always show two decimals ("1.00"). */
const char *gradetext_number(double x, int digits, struct arena *a);

#endif
