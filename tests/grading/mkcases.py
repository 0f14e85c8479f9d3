#!/usr/bin/env python3
"""mkcases.py - write the grading test cases of the three graded packs.

Each case is a venue file NAME.yaml and NAME.expect (the verdicts of the
rules it is about, and `grade:`, the grade the venue must get) in
tests/grading/PACK/.  Every case is the pack's 一级 venue, in which each
figure is exactly at the 一级 threshold, with one or two things changed, so
that a case shows one side of one edge.  `rules --test tests/grading/PACK -r
rules/PACK.yaml` runs them (make rules-test); tests/mct_check.py
checks the grades through the JSON report.

Run it from the repository root after changing a case; commit what it
writes (the files are the test, this script only saves typing them).
"""
import copy
import os
import shutil
import sys

import yaml

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)))
NONE = "未达等级"

FUNCTIONS = ["info", "art", "training", "activities", "consulting"]
CATS_2015 = ["music", "dance", "drama", "quyi", "fine_arts", "photography",
             "calligraphy", "literature", "network", "theory", "ich"]
KINDS = ["performance", "audiovisual", "exhibition", "reading", "training",
         "lecture", "recreation", "sports", "troupe_space", "film", "other"]


def services(n, site="building"):
    return [{"name": "免费项目%02d" % (i + 1), "kind": KINDS[i % len(KINDS)], "site": site,
             "place": "活动室%02d" % (i + 1), "weekly": True,
             "schedule": "每周%s 14:00—16:00" % "一二三四五六日"[i % 7], "posted": True}
            for i in range(n)]


def staff(cats):
    return [{"name": "业务人员%02d" % (i + 1), "category": c} for i, c in enumerate(cats)]


# ---- mct-2015-fusheng ------------------------------------------------------

def fusheng_2015():
    return {
        "venue": {"id": "fs-0001", "name": "示例副省级市文化馆", "tier": "fusheng", "year": 2024,
                  "population": 4000000},
        "facts": {"area_in_use": 6500, "funding_fiscal": 4000000, "funding_superior": 400000,
                  "website_functions": list(FUNCTIONS)},
        "declared": {"digital.website": True},
        "free_services": services(10),
        "staff": staff(CATS_2015),
        "departments": [{"name": "群众文艺创作部", "functions": ["creation"], "staff": 3},
                        {"name": "群众文艺辅导部", "functions": ["guidance"], "staff": 4}],
    }


def money(pop, total):
    """Population and appropriation: a tenth of it from higher levels."""
    return lambda v: (v["venue"].__setitem__("population", pop),
                      v["facts"].__setitem__("funding_fiscal", total - total // 10),
                      v["facts"].__setitem__("funding_superior", total // 10))


def fact(key, value):
    return lambda v: v["facts"].__setitem__(key, value)


def drop_fact(key):
    return lambda v: v["facts"].pop(key)


def block(key, value):
    return lambda v: v.__setitem__(key, value)


def drop_block(key):
    return lambda v: v.pop(key)


def edit(fn):
    return fn


A15, P15, F15 = "fusheng.area.building", "fusheng.funding.per_capita", "fusheng.open.free_services"
W15, WF15, S15, D15 = ("fusheng.digital.website", "fusheng.digital.website_functions",
                       "fusheng.staff.categories", "fusheng.creation.department")

CASES_2015 = [
    # name, what it shows, changes, grade, rule verdicts
    ("grade1", "每项恰达一级标准", [], "一级", {A15: "pass", P15: "pass", F15: "pass", W15: "pass",
                                           WF15: "pass", S15: "pass", D15: "pass"}),
    # item 1: both sides of every grade's figure
    ("area-6499", "面积6499：一级差1平方米，其余一级", [fact("area_in_use", 6499)], "二级", {A15: "pass"}),
    ("area-5500", "面积5500：二级", [fact("area_in_use", 5500)], "二级", {A15: "pass"}),
    ("area-5499", "面积5499：三级", [fact("area_in_use", 5499)], "三级", {A15: "pass"}),
    ("area-4500", "面积4500：三级", [fact("area_in_use", 4500)], "三级", {A15: "pass"}),
    ("area-4499", "面积4499：未达三级", [fact("area_in_use", 4499)], NONE, {A15: "fail"}),
    # item 2, band ≤500万 (exactly 500万 is in it)
    ("pc-4000000-3600000", "400万人拨款360万（人均0.90）：三级", [money(4000000, 3600000)], "三级", {P15: "pass"}),
    ("pc-4000000-3599999", "400万人拨款3599999：未达三级", [money(4000000, 3599999)], NONE, {P15: "fail"}),
    ("pc-4000000-4000000", "400万人拨款400万（人均1.00）：二级", [money(4000000, 4000000)], "二级", {P15: "pass"}),
    ("pc-4000000-4399999", "400万人拨款4399999：二级", [money(4000000, 4399999)], "二级", {P15: "pass"}),
    ("pc-5000000-5500000", "恰500万人属≤500万档，人均1.10：一级", [money(5000000, 5500000)], "一级", {P15: "pass"}),
    ("pc-5000000-5499999", "恰500万人，拨款5499999：二级", [money(5000000, 5499999)], "二级", {P15: "pass"}),
    # band 500—700万, with the floor of 500万 × the first band's figure
    ("pc-5000001-5000001", "500万零1人属第二档，人均1.00达一级，但拨款总数低于550万（上档下限）：二级",
     [money(5000001, 5000001)], "二级", {P15: "pass"}),
    ("pc-5000001-5499999", "500万零1人拨款5499999：低于上档下限550万，二级", [money(5000001, 5499999)],
     "二级", {P15: "pass"}),
    ("pc-5000001-5500000", "500万零1人拨款550万：一级", [money(5000001, 5500000)], "一级", {P15: "pass"}),
    ("pc-5000001-4999999", "500万零1人拨款4999999：人均0.9999998达二级（0.96），但低于二级下限500万：三级",
     [money(5000001, 4999999)], "三级", {P15: "pass"}),
    ("pc-5000001-4499999", "500万零1人拨款4499999：低于三级下限450万，未达三级", [money(5000001, 4499999)],
     NONE, {P15: "fail"}),
    ("pc-6000000-5760000", "600万人拨款576万（人均0.96，按原文）：二级", [money(6000000, 5760000)], "二级",
     {P15: "pass"}),
    ("pc-6000000-5759999", "600万人拨款5759999：三级", [money(6000000, 5759999)], "三级", {P15: "pass"}),
    ("pc-7000000-7000000", "恰700万人属第二档，人均1.00：一级", [money(7000000, 7000000)], "一级", {P15: "pass"}),
    ("pc-7000000-6999999", "恰700万人拨款6999999：二级", [money(7000000, 6999999)], "二级", {P15: "pass"}),
    # band >700万, with the floor of 700万 × the second band's figure
    ("pc-7000001-6999999", "700万零1人属第三档，人均0.9999达一级（0.80），但低于上档下限700万：二级",
     [money(7000001, 6999999)], "二级", {P15: "pass"}),
    ("pc-7000001-7000000", "700万零1人拨款700万：一级", [money(7000001, 7000000)], "一级", {P15: "pass"}),
    ("pc-7000001-6719999", "700万零1人拨款6719999：低于二级下限672万，三级", [money(7000001, 6719999)], "三级",
     {P15: "pass"}),
    ("pc-10000000-8000000", "1000万人拨款800万（人均0.80，高于下限）：一级", [money(10000000, 8000000)], "一级",
     {P15: "pass"}),
    ("pc-10000000-7999999", "1000万人拨款7999999：二级", [money(10000000, 7999999)], "二级", {P15: "pass"}),
    ("pc-10000000-6000000", "1000万人拨款600万（人均0.60）：三级", [money(10000000, 6000000)], "三级",
     {P15: "pass"}),
    ("pc-10000000-5999999", "1000万人拨款5999999：未达三级", [money(10000000, 5999999)], NONE, {P15: "fail"}),
    # computed measure with a missing part
    ("pc-missing-superior", "未填上级补助收入：人均无法计算（缺少数据），不猜", [drop_fact("funding_superior")],
     "undetermined", {P15: "missing"}),
    ("pc-missing-population", "未填常住人口：缺少数据", [lambda v: v["venue"].pop("population")],
     "undetermined", {P15: "missing"}),
    ("pc-population-0", "常住人口为0：除以零，缺少数据", [lambda v: v["venue"].__setitem__("population", 0)],
     "undetermined", {P15: "missing"}),
    # item 3
    ("free-9", "免费服务项目9项：二级", [block("free_services", services(9))], "二级", {F15: "pass"}),
    ("free-8", "8项：二级", [block("free_services", services(8))], "二级", {F15: "pass"}),
    ("free-7", "7项：三级", [block("free_services", services(7))], "三级", {F15: "pass"}),
    ("free-6", "6项：三级", [block("free_services", services(6))], "三级", {F15: "pass"}),
    ("free-5", "5项：未达三级", [block("free_services", services(5))], NONE, {F15: "fail"}),
    ("free-not-weekly", "10项中1项并非每周都有活动：计9项，二级",
     [lambda v: v["free_services"][0].__setitem__("weekly", False)], "二级", {F15: "pass"}),
    ("free-not-posted", "10项中1项未公示：计9项，二级",
     [lambda v: v["free_services"][0].__setitem__("posted", False)], "二级", {F15: "pass"}),
    ("free-outdoor", "10项中1项在室外活动场地（2015年只计馆舍）：计9项，二级",
     [lambda v: v["free_services"][0].__setitem__("site", "outdoor")], "二级", {F15: "pass"}),
    ("free-none", "没有免费服务项目台账：缺少数据", [drop_block("free_services")], "undetermined",
     {F15: "missing"}),
    # item 4: the same at every grade
    ("web-4-functions", "网站只有4项功能：各等级相同，未达三级",
     [fact("website_functions", FUNCTIONS[:4])], NONE, {WF15: "fail"}),
    ("web-none", "没有网站：未达三级",
     [lambda v: v["declared"].__setitem__("digital.website", False)], NONE, {W15: "fail"}),
    # item 5: 缺少一个门类降一级
    ("cat-10", "缺少1个门类（无摄影）：降一级，二级", [block("staff", staff([c for c in CATS_2015 if c != "photography"]))],
     "二级", {S15: "fail"}),
    ("cat-9", "缺少2个门类：降两级，三级", [block("staff", staff(CATS_2015[2:]))], "三级", {S15: "fail"}),
    ("cat-8", "缺少3个门类：降三级，未达等级", [block("staff", staff(CATS_2015[3:]))], NONE, {S15: "fail"}),
    ("cat-other-named", "第11类为写明名称的其他门类（非遗以外）：11个门类，一级",
     [block("staff", staff(CATS_2015[:10]) + [{"name": "业务人员11", "category": "other",
                                                "other_category": "群文信息"}])], "一级", {S15: "pass"}),
    ("cat-other-unnamed", "第11类为其他门类但未写名称：不计，缺1个门类，二级",
     [block("staff", staff(CATS_2015[:10]) + [{"name": "业务人员11", "category": "other"}])], "二级",
     {S15: "fail"}),
    ("cat-10-area-5500", "面积二级又缺1个门类：在二级上再降一级，三级",
     [fact("area_in_use", 5500), block("staff", staff(CATS_2015[1:]))], "三级", {A15: "pass", S15: "fail"}),
    ("cat-twice", "同一门类两人不算两个门类：缺1个门类，二级",
     [block("staff", staff(CATS_2015[:10] + ["music"]))], "二级", {S15: "fail"}),
    # item 6
    ("dept-no-guidance", "没有群众文艺辅导部门：各等级相同，未达三级",
     [block("departments", [{"name": "群众文艺创作部", "functions": ["creation"], "staff": 3}])], NONE,
     {D15: "fail"}),
    ("dept-no-staff", "辅导部门没有人员：未达三级",
     [block("departments", [{"name": "群众文艺创作部", "functions": ["creation"], "staff": 3},
                            {"name": "群众文艺辅导部", "functions": ["guidance"], "staff": 0}])], NONE,
     {D15: "fail"}),
    ("dept-one-both", "一个部门兼管创作和辅导：一级",
     [block("departments", [{"name": "群众文艺创作辅导部", "functions": ["creation", "guidance"], "staff": 5}])],
     "一级", {D15: "pass"}),
]

# ---- mct-2020-dishi ----------------------------------------------------------

CATS_2020 = CATS_2015[:8]


def dishi_fusheng():
    return {
        "venue": {"id": "fs-2020", "name": "示例副省级市文化馆", "tier": "fusheng", "year": 2024,
                  "population": 4000000},
        "facts": {"building_area": 6500, "area_non_function": 0, "area_under_construction": 0,
                  "funding_fiscal": 4300000, "funding_superior": 100000},
        "staff": staff(CATS_2020),
    }


def dishi_city():
    return {
        "venue": {"id": "city-2020", "name": "示例市文化馆", "tier": "city", "year": 2024,
                  "population": 1500000},
        "facts": {"building_area": 4500, "area_non_function": 0, "area_under_construction": 0,
                  "funding_fiscal": 2450000, "funding_superior": 100000},
        "staff": staff(CATS_2020),
    }


def area(build, nonf=0, constr=0):
    return lambda v: v["facts"].update(building_area=build, area_non_function=nonf,
                                       area_under_construction=constr)


FA, FP, FS = "fusheng.area.building", "fusheng.funding.per_capita", "fusheng.staff.categories"
CA, CP, CS = "city.area.building", "city.funding.per_capita", "city.staff.categories"

CASES_2020 = [
    ("fusheng-grade1", "副省级每项恰达一级", dishi_fusheng, [], "一级", {FA: "pass", FP: "pass", FS: "pass"}),
    # area: 建筑面积 − 非文化馆功能面积 + 在建 × 0.5
    ("fusheng-area-nonfunction-500", "建筑7000、非功能500：6500，一级", dishi_fusheng, [area(7000, 500)], "一级",
     {FA: "pass"}),
    ("fusheng-area-nonfunction-501", "建筑7000、非功能501：6499，二级", dishi_fusheng, [area(7000, 501)], "二级",
     {FA: "pass"}),
    ("fusheng-area-construction-1000", "建筑6000、在建1000按一半：6500，一级", dishi_fusheng,
     [area(6000, 0, 1000)], "一级", {FA: "pass"}),
    ("fusheng-area-construction-999", "建筑6000、在建999：6499.5，二级", dishi_fusheng, [area(6000, 0, 999)],
     "二级", {FA: "pass"}),
    ("fusheng-area-5499", "5499：三级", dishi_fusheng, [area(5499)], "三级", {FA: "pass"}),
    ("fusheng-area-4499", "4499：未达三级", dishi_fusheng, [area(4499)], NONE, {FA: "fail"}),
    ("fusheng-area-missing-part", "未填非功能面积：馆舍面积缺一项，缺少数据（不当作0）", dishi_fusheng,
     [drop_fact("area_non_function")], "undetermined", {FA: "missing"}),
    ("fusheng-area-missing-construction", "未填在建面积：缺少数据", dishi_fusheng,
     [drop_fact("area_under_construction")], "undetermined", {FA: "missing"}),
    # per capita: <500万 | 500万—700万 | >700万
    ("fusheng-pc-4999999-5499999", "4999999人属<500万档：人均1.1000000，一级", dishi_fusheng,
     [money(4999999, 5499999)], "一级", {FP: "pass"}),
    ("fusheng-pc-4999999-5499998", "4999999人拨款5499998：人均1.0999998，二级", dishi_fusheng,
     [money(4999999, 5499998)], "二级", {FP: "pass"}),
    ("fusheng-pc-5000000-5000000", "恰500万人属500万—700万档（2015年版属第一档）：人均1.00，一级", dishi_fusheng,
     [money(5000000, 5000000)], "一级", {FP: "pass"}),
    ("fusheng-pc-5000000-4999999", "恰500万人拨款4999999：二级", dishi_fusheng, [money(5000000, 4999999)],
     "二级", {FP: "pass"}),
    ("fusheng-pc-6000000-5400000", "600万人拨款540万（人均0.90）：二级", dishi_fusheng,
     [money(6000000, 5400000)], "二级", {FP: "pass"}),
    ("fusheng-pc-6000000-5399999", "600万人拨款5399999：三级", dishi_fusheng, [money(6000000, 5399999)], "三级",
     {FP: "pass"}),
    ("fusheng-pc-7000000-7000000", "恰700万人属中间档：人均1.00，一级", dishi_fusheng, [money(7000000, 7000000)],
     "一级", {FP: "pass"}),
    ("fusheng-pc-7000001-5600001", "700万零1人属>700万档，人均0.8000000，一级（2020年无上档下限）",
     dishi_fusheng, [money(7000001, 5600001)], "一级", {FP: "pass"}),
    ("fusheng-pc-7000001-5600000", "700万零1人拨款560万：人均0.7999999，二级", dishi_fusheng,
     [money(7000001, 5600000)], "二级", {FP: "pass"}),
    ("fusheng-pc-10000000-6000000", "1000万人拨款600万（人均0.60）：三级", dishi_fusheng,
     [money(10000000, 6000000)], "三级", {FP: "pass"}),
    ("fusheng-pc-10000000-5999999", "1000万人拨款5999999：未达三级", dishi_fusheng,
     [money(10000000, 5999999)], NONE, {FP: "fail"}),
    # 门类 8 / 7 / 6, open list
    ("fusheng-cat-7", "7个门类：二级", dishi_fusheng, [block("staff", staff(CATS_2020[:7]))], "二级",
     {FS: "pass"}),
    ("fusheng-cat-6", "6个门类：三级", dishi_fusheng, [block("staff", staff(CATS_2020[:6]))], "三级",
     {FS: "pass"}),
    ("fusheng-cat-5", "5个门类：未达三级", dishi_fusheng, [block("staff", staff(CATS_2020[:5]))], NONE,
     {FS: "fail"}),
    ("fusheng-cat-others", "6个列名门类加2个不同名称的其他门类（包括但不限于）：8个，一级", dishi_fusheng,
     [block("staff", staff(CATS_2020[:6]) + [
         {"name": "业务人员07", "category": "other", "other_category": "群文信息"},
         {"name": "业务人员08", "category": "other", "other_category": "少儿艺术"}])], "一级", {FS: "pass"}),
    ("fusheng-cat-other-unnamed", "7个列名门类加1个未写名称的其他门类：计7个，二级", dishi_fusheng,
     [block("staff", staff(CATS_2020[:7]) + [{"name": "业务人员08", "category": "other"}])], "二级",
     {FS: "pass"}),
    ("fusheng-cat-same-other", "两个同名的其他门类只计一个：7个，二级", dishi_fusheng,
     [block("staff", staff(CATS_2020[:6]) + [
         {"name": "业务人员07", "category": "other", "other_category": "群文信息"},
         {"name": "业务人员08", "category": "other", "other_category": "群文信息"}])], "二级", {FS: "pass"}),
    # 地市级
    ("city-grade1", "地市级每项恰达一级", dishi_city, [], "一级", {CA: "pass", CP: "pass", CS: "pass"}),
    ("city-area-4499", "地市级面积4499：二级", dishi_city, [area(4499)], "二级", {CA: "pass"}),
    ("city-area-3500", "3500：二级", dishi_city, [area(3500)], "二级", {CA: "pass"}),
    ("city-area-3499", "3499：三级", dishi_city, [area(3499)], "三级", {CA: "pass"}),
    ("city-area-2500", "2500：三级", dishi_city, [area(2500)], "三级", {CA: "pass"}),
    ("city-area-2499", "150万人的城市2499：未达三级（达标只适用于服务人口≤10万）", dishi_city, [area(2499)], NONE,
     {CA: "fail"}),
    # 2500或达标: ≤10万 people, the building standard's area
    ("city-standard-100000-2400", "10万人的城市2400平方米：达《文化馆建设标准》，三级", dishi_city,
     [money(100000, 170000), area(2400)], "三级", {CA: "pass"}),
    ("city-standard-100000-2399", "10万人的城市2399：未达三级", dishi_city, [money(100000, 170000), area(2399)],
     NONE, {CA: "fail"}),
    ("city-standard-100001-2400", "10万零1人的城市2400：不适用达标，须2500，未达三级", dishi_city,
     [money(100001, 170002), area(2400)], NONE, {CA: "fail"}),
    ("city-standard-50000-2000", "5万人的城市2000平方米：三级", dishi_city, [money(50000, 85000), area(2000)],
     "三级", {CA: "pass"}),
    ("city-standard-50000-1999", "5万人的城市1999：未达三级", dishi_city, [money(50000, 85000), area(1999)],
     NONE, {CA: "fail"}),
    ("city-standard-50001-2000", "5万零1人的城市2000：须2400（取10万人指标），未达三级", dishi_city,
     [money(50001, 85002), area(2000)], NONE, {CA: "fail"}),
    ("city-standard-100000-2500", "10万人的城市2500：三级", dishi_city, [money(100000, 170000), area(2500)],
     "三级", {CA: "pass"}),
    # per capita: <200万 | 200万—500万 | >500万
    ("city-pc-1500000-2549999", "150万人拨款2549999：二级", dishi_city, [money(1500000, 2549999)], "二级",
     {CP: "pass"}),
    ("city-pc-1500000-2250000", "150万人拨款225万（人均1.50）：二级", dishi_city, [money(1500000, 2250000)],
     "二级", {CP: "pass"}),
    ("city-pc-1500000-1950000", "150万人拨款195万（人均1.30）：三级", dishi_city, [money(1500000, 1950000)],
     "三级", {CP: "pass"}),
    ("city-pc-1500000-1949999", "150万人拨款1949999：未达三级", dishi_city, [money(1500000, 1949999)], NONE,
     {CP: "fail"}),
    ("city-pc-1999999-2600000", "1999999人属<200万档，人均1.3000007：三级", dishi_city,
     [money(1999999, 2600000)], "三级", {CP: "pass"}),
    ("city-pc-2000000-2600000", "恰200万人属200万—500万档，人均1.30：一级", dishi_city,
     [money(2000000, 2600000)], "一级", {CP: "pass"}),
    ("city-pc-2000000-2599999", "恰200万人拨款2599999：二级", dishi_city, [money(2000000, 2599999)], "二级",
     {CP: "pass"}),
    ("city-pc-5000000-6500000", "恰500万人属中间档，人均1.30：一级", dishi_city, [money(5000000, 6500000)],
     "一级", {CP: "pass"}),
    ("city-pc-5000001-4500001", "500万零1人属>500万档，人均0.9000000：一级", dishi_city,
     [money(5000001, 4500001)], "一级", {CP: "pass"}),
    ("city-pc-5000001-4500000", "500万零1人拨款450万：人均0.8999998，二级", dishi_city,
     [money(5000001, 4500000)], "二级", {CP: "pass"}),
    ("city-pc-6000000-3000000", "600万人拨款300万（人均0.50）：三级", dishi_city, [money(6000000, 3000000)],
     "三级", {CP: "pass"}),
    ("city-pc-6000000-2999999", "600万人拨款2999999：未达三级", dishi_city, [money(6000000, 2999999)], NONE,
     {CP: "fail"}),
    ("city-pc-missing-fiscal", "未填财政补贴收入：缺少数据", dishi_city, [drop_fact("funding_fiscal")],
     "undetermined", {CP: "missing"}),
    ("city-cat-7-area-3500", "面积二级、门类7个（二级）：二级（2020年无降级句）", dishi_city,
     [area(3500), block("staff", staff(CATS_2020[:7]))], "二级", {CA: "pass", CS: "pass"}),
]

# ---- mct-2011-county ---------------------------------------------------------


def county():
    return {
        "venue": {"id": "county-2011", "name": "示例县文化馆", "tier": "county", "year": 2024,
                  "population": 500000},
        "facts": {"area_in_use": 2500, "funding_fiscal": 400000, "funding_superior": 100000,
                  "open_days": 300, "free_service_hours": 1500},
        "free_services": services(5),
    }


KA, KP, KF, KH = ("county.area.building", "county.funding.per_capita", "county.open.free_services",
                  "county.open.daily_hours")


def svc(**kw):
    s = {"name": kw.pop("name"), "kind": kw.pop("kind", "training"), "site": kw.pop("site", "building"),
         "place": kw.pop("place"), "weekly": kw.pop("weekly", True), "posted": kw.pop("posted", True)}
    s.update(kw)
    return s


CASES_2011 = [
    ("grade1", "每项恰达一级", county, [], "一级", {KA: "pass", KP: "pass", KF: "pass", KH: "pass"}),
    ("area-2499", "面积2499：二级，其余一级", county, [fact("area_in_use", 2499)], "二级", {KA: "pass"}),
    ("area-2000", "2000：二级", county, [fact("area_in_use", 2000)], "二级", {KA: "pass"}),
    ("area-1999", "1999：三级", county, [fact("area_in_use", 1999)], "三级", {KA: "pass"}),
    ("area-1500", "1500：三级", county, [fact("area_in_use", 1500)], "三级", {KA: "pass"}),
    ("area-1499", "1499：未达三级", county, [fact("area_in_use", 1499)], NONE, {KA: "fail"}),
    # ≤60万 | 60—80万 (floor 60万 × first band) | >80万 (floor 80万 × second band)
    ("pc-500000-400000", "50万人拨款40万（人均0.80）：二级", county, [money(500000, 400000)], "二级", {KP: "pass"}),
    ("pc-500000-300000", "50万人拨款30万（人均0.60）：三级", county, [money(500000, 300000)], "三级", {KP: "pass"}),
    ("pc-500000-299999", "50万人拨款299999：未达三级", county, [money(500000, 299999)], NONE, {KP: "fail"}),
    ("pc-600000-600000", "恰60万人属≤60万档，人均1.00：一级", county, [money(600000, 600000)], "一级",
     {KP: "pass"}),
    ("pc-600000-599999", "恰60万人拨款599999：二级", county, [money(600000, 599999)], "二级", {KP: "pass"}),
    ("pc-600001-599999", "60万零1人属第二档，人均0.99999达一级（0.90），但低于上档下限60万：二级", county,
     [money(600001, 599999)], "二级", {KP: "pass"}),
    ("pc-600001-600000", "60万零1人拨款60万：一级", county, [money(600001, 600000)], "一级", {KP: "pass"}),
    ("pc-600001-479999", "60万零1人拨款479999：低于二级下限48万，三级", county, [money(600001, 479999)], "三级",
     {KP: "pass"}),
    ("pc-800000-720000", "恰80万人属第二档，人均0.90：一级", county, [money(800000, 720000)], "一级",
     {KP: "pass"}),
    ("pc-800000-719999", "恰80万人拨款719999：二级", county, [money(800000, 719999)], "二级", {KP: "pass"}),
    ("pc-800001-719999", "80万零1人属第三档，人均0.8999达一级（0.80），但低于上档下限72万：二级", county,
     [money(800001, 719999)], "二级", {KP: "pass"}),
    ("pc-800001-720000", "80万零1人拨款72万：一级", county, [money(800001, 720000)], "一级", {KP: "pass"}),
    ("pc-2000000-600000", "200万人拨款60万（人均0.30）：三级", county, [money(2000000, 600000)], "三级",
     {KP: "pass"}),
    ("pc-2000000-599999", "200万人拨款599999：未达三级", county, [money(2000000, 599999)], NONE, {KP: "fail"}),
    ("pc-missing-superior", "未填上级补助收入：缺少数据", county, [drop_fact("funding_superior")],
     "undetermined", {KP: "missing"}),
    # item 3: 项 = a kind at a place; building and outdoor grounds; weekly or 40+ a year
    ("free-4", "4项：二级", county, [block("free_services", services(4))], "二级", {KF: "pass"}),
    ("free-3", "3项：三级", county, [block("free_services", services(3))], "三级", {KF: "pass"}),
    ("free-2", "2项：未达三级", county, [block("free_services", services(2))], NONE, {KF: "fail"}),
    ("free-outdoor", "5项中1项在馆辖室外活动场地（计入）：一级", county,
     [lambda v: v["free_services"][0].__setitem__("site", "outdoor")], "一级", {KF: "pass"}),
    ("free-offsite", "5项中1项在馆外：计4项，二级", county,
     [lambda v: v["free_services"][0].__setitem__("site", "offsite")], "二级", {KF: "pass"}),
    ("free-seasonal-40", "1项并非每周、全年40次（季节性专项）：计入，一级", county,
     [lambda v: v["free_services"][0].update(weekly=False, sessions=40)], "一级", {KF: "pass"}),
    ("free-seasonal-39", "1项并非每周、全年39次：不计，二级", county,
     [lambda v: v["free_services"][0].update(weekly=False, sessions=39)], "二级", {KF: "pass"}),
    ("free-seasonal-no-count", "1项并非每周、未填次数：不计，二级", county,
     [lambda v: v["free_services"][0].update(weekly=False)], "二级", {KF: "pass"}),
    ("free-same-kind-same-place", "同一类别同一地点两个项目只计一项：二级", county,
     [block("free_services", services(4) + [svc(name="免费项目05", kind=KINDS[0], place="活动室01")])], "二级",
     {KF: "pass"}),
    ("free-same-kind-two-places", "同一类别在不同地点各计一项：5项，一级", county,
     [block("free_services", [svc(name="免费培训%d" % i, place="培训室%d" % i) for i in range(1, 6)])], "一级",
     {KF: "pass"}),
    ("free-not-posted", "1项未公示：二级", county,
     [lambda v: v["free_services"][0].__setitem__("posted", False)], "二级", {KF: "pass"}),
    # item 4: hours per opening day = hours ÷ days
    ("hours-1499", "1499小时÷300天：4.997，二级", county, [fact("free_service_hours", 1499)], "二级", {KH: "pass"}),
    ("hours-1200", "1200÷300 = 4：二级", county, [fact("free_service_hours", 1200)], "二级", {KH: "pass"}),
    ("hours-1199", "1199÷300：三级", county, [fact("free_service_hours", 1199)], "三级", {KH: "pass"}),
    ("hours-900", "900÷300 = 3：三级", county, [fact("free_service_hours", 900)], "三级", {KH: "pass"}),
    ("hours-899", "899÷300：未达三级", county, [fact("free_service_hours", 899)], NONE, {KH: "fail"}),
    ("hours-missing-days", "未填开馆天数：每天时间缺一项，缺少数据", county, [drop_fact("open_days")],
     "undetermined", {KH: "missing"}),
    ("hours-days-0", "开馆天数为0：除以零，缺少数据", county, [fact("open_days", 0)], "undetermined",
     {KH: "missing"}),
    ("area-1999-hours-1200", "面积三级、时间二级：三级（最低的条件定级）", county,
     [fact("area_in_use", 1999), fact("free_service_hours", 1200)], "三级", {KA: "pass", KH: "pass"}),
]


def write(pack, name, what, base, changes, grade, verdicts):
    v = copy.deepcopy(base())
    for c in changes:
        c(v)
    v["venue"]["id"] = name  # unique, so that a whole directory is one batch
    d = os.path.join(OUT, pack)
    head = "# %s。预期等级：%s（tests/grading/mkcases.py 生成）\n" % (what, grade)
    with open(os.path.join(d, name + ".yaml"), "w", encoding="utf-8") as f:
        f.write(head)
        f.write(yaml.safe_dump(v, allow_unicode=True, sort_keys=False, width=200,
                               default_flow_style=None))
    with open(os.path.join(d, name + ".expect"), "w", encoding="utf-8") as f:
        f.write("# %s\n" % what)
        f.write("# grade: %s\n" % grade)
        for rule, verdict in verdicts.items():
            f.write("%s: %s\n" % (rule, verdict))


def main():
    sets = [("mct-2015-fusheng", [(n, w, fusheng_2015, c, g, r) for n, w, c, g, r in CASES_2015]),
            ("mct-2020-dishi", CASES_2020), ("mct-2011-county", CASES_2011)]
    for pack, cases in sets:
        d = os.path.join(OUT, pack)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        names = set()
        for case in cases:
            assert case[0] not in names, case[0]
            names.add(case[0])
            write(pack, *case)
        print("%s: %d cases" % (pack, len(cases)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
