#!/usr/bin/env python3
"""Generate a reproducible synthetic tree of venue data files for `make bench`.

    bench/gen.py --seed 1 --size 10000 --out build/bench/tree-s1-n10000

The tree is one batch in the Jiaxing 2015 format (venuecheck-data(5)):
city -> county -> town -> village linked by `parent` ids, with the national
tier mix (about 330 city centres : 3,300 county centres : 40,000 township
stations : 575,000 village centres), so 10,000 files hold about 5 cities,
53 counties, 647 towns and 9,295 villages.  Each town lists its villages in
its `villages:` ledger by id, each county states `towns:` and dispatches one
文化员 to each of them.  Files are about 3-4 KB on average (villages ~3 KB,
towns ~10 KB, counties and cities ~19 KB), Chinese text, mostly flow-style
ledger entries with some block-style files and comments.  They are written
for the 112-rule pack (FORMAT): every declared clause of the revised catalog,
exchanges as the `exchange` tag, co-hosted village events, awards with their
work and category, and entries the pack must not count (films sent to
villages, the city or out to the grassroots; awards of another category).

About 4% of the venues are mutated to fail one or two rules (a village with 5-7
activities of its own or none co-hosted, a town one staff short for its
population or with a village left out of its list, a county with a month of
8 website updates or one town more in the batch than it states, ...); a
failing village troupe or administrator also fails its town's rule, as it
would in a real batch.  A few venues type in a stated total that disagrees
with their ledger (warning W101).

Only the Python standard library is used; the output depends on nothing but
--seed and --size (and this file: its SHA-256 is in the stamp).  The tree is
written to OUT.tmp and renamed into place, and OUT/.stamp records the seed,
the size, the generator's hash, FORMAT and the totals; when a stamp with the
same seed, size, generator hash and FORMAT exists, nothing is done (use
--force to redo).
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import sys

YEAR = 2024
# What the files are written for: part of the cache key, so a tree generated
# for an earlier revision of the rule pack is never reused (the generator's
# own SHA-256 is in the key too).
FORMAT = "jiaxing-2015 rev 2 (112 rules)"
# National tier mix (the issue's numbers; ~330 prefecture-level city centres).
MIX = {"city": 330, "county": 3300, "town": 40000, "village": 575000}
FAIL_RATE = 0.04        # share of venues mutated to fail some rule
WARN_RATE = 0.2         # share of stated totals that disagree with the ledger

PLACE_CHARS = (
    "安宝北滨昌城崇大东丰凤福港高古广海和河横虹湖华怀环黄嘉江金锦景静九"
    "乐莲临龙梅南宁平浦七千桥青清庆泉仁瑞三沙山善上胜石双水顺泰塘桃天亭"
    "通望王文武西溪仙祥翔新兴秀许洋姚友余屿玉元云长镇正中周竹庄紫")

VILLAGE_EVENTS = [
    ("春节联欢会", "performance"), ("元宵猜灯谜", "festival"),
    ("三八妇女节文艺活动", "performance"), ("清明诗会", "other"),
    ("端午包粽子比赛", "competition"), ("重阳敬老活动", "performance"),
    ("中秋文艺联欢", "performance"), ("夏夜纳凉晚会", "performance"),
    ("村民趣味运动会", "competition"), ("文化礼堂开讲啦", "other"),
    ("道德讲堂", "other"), ("农民读书会", "other"),
    ("广场舞展示", "performance"), ("露天电影放映", "screening"),
    ("非遗手工体验", "other"), ("书法进礼堂", "other"),
    ("亲子阅读活动", "other"), ("少儿暑期艺术班汇报演出", "performance"),
    ("“我们的村晚”", "festival"), ("排舞比赛", "competition"),
    ("腰鼓表演", "performance"), ("越剧演唱会", "performance"),
    ("戏曲进礼堂", "performance"), ("乡贤座谈会", "other"),
    ("垃圾分类主题文艺演出", "performance"), ("红色电影展映", "screening"),
    ("农民丰收节庆祝活动", "festival"), ("家风家训故事会", "other"),
]
VILLAGE_HOSTED = [
    ("参与承办镇“我们的村晚”分会场", "festival"), ("协办镇广场舞大赛（本村赛点）", "competition"),
    ("参与承办镇文化站送戏下乡专场", "performance"), ("参与承办镇“文化走亲”交流演出", "performance"),
    ("协办镇农民丰收节展演", "performance"), ("参与承办镇非遗展示日", "other"),
]
VILLAGE_NOTES = [
    "村文化礼堂主礼堂", "与村老年协会联办", "镇文化站派员指导", "村民自编自演",
    "礼堂广场，雨天改在室内", "邀请乡贤参加", "志愿者服务队协助", "结合主题党日活动",
]
TROUPE_NAMES = [
    "广场舞队", "腰鼓队", "老年合唱队", "排舞队", "越剧队", "舞龙队", "秧歌队",
    "太极拳队", "民乐队", "模特队", "书画社", "摄影小组", "旗袍队", "器乐队",
]
TOWN_EVENTS = [
    ("元宵文艺晚会", "performance"), ("“我们的节日”端午民俗活动", "festival"),
    ("农民丰收节文艺展演", "performance"), ("中秋广场文艺演出", "performance"),
    ("露天电影放映", "screening"), ("全民健身广场舞展示", "performance"),
    ("少儿才艺大赛", "competition"), ("非遗文化展演", "performance"),
    ("迎新年文艺汇演", "performance"), ("“文化惠民”周末剧场", "performance"),
    ("书香镇街读书节", "festival"), ("群众歌咏比赛", "competition"),
]
TOWN_HOSTED = [
    "承办区“文化走亲”专场", "承办县广场舞大赛分赛区", "镇政府指定国庆文艺演出",
    "承办县非遗展演", "“文化惠民”少儿专场", "承办县文化馆配送演出", "承办市民文化节分会场",
    "镇党委指定“七一”文艺演出",
]
WORKS = [
    "《水乡谣》", "《运河情》", "《红船颂》", "《田歌新唱》", "《蚕花谣》", "《嘉禾春晓》",
    "《乡音》", "《纺车声声》", "《渔家乐》", "《稻香》", "《老街记忆》", "《南湖月》",
]
TRAIN_PUBLIC = [
    "公益书法培训", "公益广场舞培训", "公益摄影培训", "公益声乐培训", "公益剪纸培训",
    "公益健康讲座", "公益国画培训", "公益越剧培训", "公益古筝培训", "公益太极培训",
    "公益朗诵培训", "公益非遗知识讲座",
]
TRAIN_STAFF = ["村级文化专职管理员培训", "业余文艺团队骨干辅导", "文化志愿者业务培训",
               "文艺节目创作编排辅导"]
CITY_COUNTY_BIG = [
    "元宵灯会暨广场文艺晚会", "市民文化节开幕式演出", "国庆主题大型文艺演出",
    "“红船颂”群众合唱展演", "广场舞大赛总决赛", "中秋月圆文艺晚会", "跨年文艺晚会",
    "非遗展演周闭幕式", "重阳敬老文艺汇演", "社区文化艺术节闭幕式", "新年音乐会（市民专场）",
    "“嘉禾之春”群众文艺汇演", "端午民俗文化节开幕式", "少儿艺术节展演",
]
EXHIBIT_BIG = [
    "书画摄影作品展", "民间剪纸艺术展", "非遗传承成果展", "青少年美术作品展", "农民画精品展",
    "运河文化图片展", "老年书画作品联展", "红色主题摄影展", "手工艺作品展",
]
AWARD_TITLES = [
    "群星奖（舞蹈）", "群星奖（音乐）", "群星奖（曲艺）", "合唱节金奖", "戏剧小品大赛一等奖",
    "摄影艺术展优秀奖", "民间文艺创作奖", "广场舞大赛优秀组织奖", "书法作品展入展",
    "少儿艺术节金奖", "曲艺新作大赛银奖", "社会文艺团队展演优秀组织奖",
]

DAYS = (datetime.date(YEAR, 12, 31) - datetime.date(YEAR, 1, 1)).days + 1


def q(s):
    """A YAML double-quoted id (ids are digits: keep them text)."""
    return '"' + s + '"'


class Ledger:
    """A ledger's entries with unique (date, title), sorted by date."""

    def __init__(self, rng):
        self.rng = rng
        self.seen = set()
        self.rows = []

    def add(self, title, fields, day=None):
        rng = self.rng
        if day is None:
            day = rng.randrange(DAYS)
        date = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=day)
        base, n = title, 1
        while (date, title) in self.seen:
            n += 1
            title = "%s（第%d场）" % (base, n)
        self.seen.add((date, title))
        self.rows.append((date, title, fields))

    def emit(self, out, name, block_style):
        out.append(name + ":" + ("" if self.rows else " []"))
        for date, title, fields in sorted(self.rows, key=lambda r: (r[0], r[1])):
            items = [("date", date.isoformat()), ("title", title)] + fields
            if block_style:
                out.append("  - %s: %s" % items[0])
                for k, v in items[1:]:
                    out.append("    %s: %s" % (k, v))
            else:
                out.append("  - {" + ", ".join("%s: %s" % kv for kv in items) + "}")


def plain_list(out, name, rows, block_style):
    out.append(name + ":" + ("" if rows else " []"))
    for items in rows:
        if block_style:
            out.append("  - %s: %s" % items[0])
            for k, v in items[1:]:
                out.append("    %s: %s" % (k, v))
        else:
            out.append("  - {" + ", ".join("%s: %s" % kv for kv in items) + "}")


def tags(*t):
    return "[" + ", ".join(t) + "]"


class Names:
    """Unique two-character place names within one parent."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def take(self):
        while True:
            n = self.rng.choice(PLACE_CHARS) + self.rng.choice(PLACE_CHARS)
            if n[0] != n[1] and n not in self.used:
                self.used.add(n)
                return n


def partition(rng, n_children, n_parents):
    """Split n_children among n_parents, each at least 1, unevenly."""
    counts = [1] * n_parents
    weights = [rng.uniform(0.5, 1.5) for _ in range(n_parents)]
    total = sum(weights)
    cum, acc = [], 0.0
    for w in weights:
        acc += w / total
        cum.append(acc)
    for _ in range(n_children - n_parents):
        r = rng.random()
        lo, hi = 0, n_parents - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < r:
                lo = mid + 1
            else:
                hi = mid
        counts[lo] += 1
    return counts


def tier_counts(size):
    s = sum(MIX.values())
    city = max(1, round(size * MIX["city"] / s))
    county = max(1, round(size * MIX["county"] / s))
    town = max(1, round(size * MIX["town"] / s))
    village = size - city - county - town
    if village < town:
        sys.exit("gen.py: --size %d is too small for the tier mix" % size)
    return city, county, town, village


# ---------------------------------------------------------------- villages
def village_file(rng, v, fail):
    """v: dict(id, name, parent, town_name).  fail: None or a mutation."""
    block = rng.random() < 0.15
    out = ["# 支馆：%s文化礼堂 %d 年度数据（%s）" % (v["name"], YEAR, v["town_name"]),
           "venue:",
           "  id: " + q(v["id"]),
           "  name: %s文化礼堂" % v["name"],
           "  tier: village",
           "  parent: " + q(v["parent"]),
           "  year: %d" % YEAR,
           "# 财政补贴的专职文化管理员（名）",
           "facts:",
           "  administrators: %d" % (0 if fail == "admin" else v["admins"]),
           "# 定性条款",
           "declared:"]
    # A declared failure: 公示 not done, or the clause added by the revised
    # catalog not yet filled in (MISSING).
    unannounced = fail == "declared" and rng.random() < 0.5
    if not (fail == "declared" and not unannounced):
        out.append("  open.facility_management: true")
    out += ["  open.free_open: true",
            "  open.announced: %s" % ("false" if unannounced else "true"),
            "  activity.local_programs: true",
            "# 文体活动台账（tags: [hosted] 为参与承办分馆的活动，不计入本村自办活动）"]
    n_events = rng.randint(5, 7) if fail == "events" else rng.randint(14, 34)
    ev = Ledger(rng)
    for _ in range(n_events):
        title, kind = rng.choice(VILLAGE_EVENTS)
        fields = [("kind", kind), ("participants", rng.randint(30, 320))]
        if rng.random() < 0.25:
            fields.append(("note", rng.choice(VILLAGE_NOTES)))
        ev.add(title, fields)
    for _ in range(0 if fail == "hosted" else rng.randint(1, 3)):
        title, kind = rng.choice(VILLAGE_HOSTED)
        ev.add(title, [("kind", kind), ("participants", rng.randint(80, 400)),
                       ("tags", tags("hosted"))])
    ev.emit(out, "events", block)
    out.append("# 业余文艺团队")
    rows = []
    n_troupes = v["troupes"]
    for i, tn in enumerate(rng.sample(TROUPE_NAMES, n_troupes)):
        active = not (fail == "troupes" and i >= 2)
        rows.append([("name", tn), ("members", rng.randint(8, 40)),
                     ("active", "true" if active else "false")])
    plain_list(out, "troupes", rows, block)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- towns
def town_file(rng, t, villages, fail):
    block = rng.random() < 0.1
    pop = t["population"]
    need = 3 if pop <= 30000 else (4 if pop < 50000 else 5)
    staff = need - 1 if fail == "staff" else need + rng.randint(0, 2)
    out = ["# 分馆：%s文化站 %d 年度数据（常住人口 %d 人，所辖行政村（社区）%d 个）"
           % (t["name"], YEAR, pop, len(villages)),
           "venue:",
           "  id: " + q(t["id"]),
           "  name: %s文化站" % t["name"],
           "  tier: town",
           "  parent: " + q(t["parent"]),
           "  year: %d" % YEAR,
           "  population: %d" % pop,
           # One village left out of the list: the list and the stated
           # number disagree (W101) and the larger number is required.
           "  villages: %d" % (len(villages) + (fail == "unlisted")),
           "# 基本数据",
           "facts:",
           "  weekly_open_hours: %d" % rng.choice([42, 45, 48, 48, 56]),
           "  staff_total: %d" % staff,
           "  volunteer_teams: %d" % rng.randint(1, 4),
           "  signature_programs: %d" % rng.randint(1, 3),
           "  dispatched_workers: 1"]
    n_large = 2 if fail == "large" else rng.randint(3, 5)
    if rng.random() < 0.3:
        stated = n_large + (1 if rng.random() < WARN_RATE else 0)
        out.append("  large_events: %d          # 填报数，与台账核对" % stated)
    out += ["# 定性条款", "declared:"]
    for k in ("open.notice", "open.free_services", "activity.general_troupe",
              "activity.one_town_one_brand", "digital.services",
              "training.program_guidance", "creation.heritage", "staffing.dual_management",
              "support.budget", "support.village_guidance"):
        out.append("  %s: true" % k)
    out.append("# 活动台账")
    ev = Ledger(rng)
    tn = t["name"]
    for _ in range(n_large):
        title, kind = rng.choice(TOWN_EVENTS)
        ev.add(tn + title, [("kind", kind), ("participants", rng.randint(500, 1500))])
    for _ in range(rng.randint(6, 10)):
        title, kind = rng.choice(TOWN_EVENTS)
        ev.add(tn + title, [("kind", kind), ("participants", rng.randint(120, 480))])
    for _ in range(5 if fail == "hosted" else rng.randint(6, 9)):
        ev.add(rng.choice(TOWN_HOSTED), [("kind", "performance"),
                                         ("participants", rng.randint(150, 480)),
                                         ("tags", tags("hosted"))])
    # 送戏进城 or a 文化交流 (文化走亲, the exchange tag): either counts.  The
    # failing town only took a film to the city (a screening is no show).
    r = rng.random()
    if fail == "city":
        ev.add("送电影进城：城区广场露天放映", [("kind", "screening"),
                                              ("participants", rng.randint(200, 400)),
                                              ("tags", tags("to_city"))])
    if fail != "city" and r < 0.8:
        ev.add("送戏进城：镇文艺团队赴城区展演", [("kind", "performance"),
                                                  ("participants", rng.randint(200, 400)),
                                                  ("tags", tags("to_city"))])
    if fail != "city" and r >= 0.6:
        ev.add("“文化走亲”：赴%s镇文艺交流" % (rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS)),
               [("kind", "performance"), ("participants", rng.randint(150, 400)),
                ("tags", tags("exchange"))])
    short = rng.randrange(len(villages)) if fail == "shows" else -1
    for i, v in enumerate(villages):
        for _ in range(1 if i == short else rng.choice([2, 2, 2, 3])):
            ev.add("送戏下村（%s）" % v["name"],
                   [("kind", "performance"), ("participants", rng.randint(100, 300)),
                    ("tags", tags("to_village")), ("village", v["name"])])
        # A film sent to the village is not a show (演出): it does not count.
        if rng.random() < 0.2:
            ev.add("送电影下村（%s）" % v["name"],
                   [("kind", "screening"), ("participants", rng.randint(60, 200)),
                    ("tags", tags("to_village")), ("village", v["name"])])
    ev.emit(out, "events", block)
    out.append("# 展览台账")
    ex = Ledger(rng)
    for _ in range(rng.randint(1, 3)):
        ex.add(tn + rng.choice(EXHIBIT_BIG), [("display_line_m", rng.choice([24, 30, 36, 48]))])
    ex.emit(out, "exhibitions", block)
    out.append("# 培训台账")
    tr = Ledger(rng)
    for _ in range(5 if fail == "trainings" else rng.randint(6, 9)):
        tr.add(rng.choice(TRAIN_PUBLIC), [("audience", "public"),
                                          ("participants", rng.randint(20, 60))])
    for _ in range(rng.randint(2, 3)):
        tr.add(rng.choice(TRAIN_STAFF), [("audience", "staff"),
                                         ("participants", rng.randint(25, 60))])
    tr.emit(out, "trainings", block)
    out.append("# 文艺团队")
    rows = [[("name", "镇艺术团"), ("members", rng.randint(20, 40)), ("active", "true")]]
    for tname in rng.sample(TROUPE_NAMES, rng.randint(5, 8)):
        rows.append([("name", tname), ("members", rng.randint(10, 35)), ("active", "true")])
    plain_list(out, "troupes", rows, block)
    out.append("# 所辖村（社区）")
    rows = [[("name", v["name"]), ("id", q(v["id"])), ("troupes", v["troupes"]),
             ("administrators", v["admins"])] for v in villages]
    plain_list(out, "villages", rows, block)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- counties and cities
def centre_events(rng, ev, name, big, outreach, mobile, exchange, featured, seminars,
                  films=0):
    for _ in range(big):
        ev.add(rng.choice(CITY_COUNTY_BIG), [("kind", rng.choice(["performance", "festival"])),
                                             ("participants", rng.choice([520, 650, 800, 900,
                                                                          1200, 1500, 3000]))])
    for i in range(outreach):
        ev.add("%s艺术团下基层演出（第%d场）" % (name, i + 1),
               [("kind", "performance"), ("participants", rng.randint(100, 360)),
                ("tags", tags("outreach"))])
    # Films shown in villages: outreach, but not 演出, so they do not count.
    for i in range(films):
        ev.add("%s下基层电影放映（第%d场）" % (name, i + 1),
               [("kind", "screening"), ("participants", rng.randint(80, 300)),
                ("tags", tags("outreach"))])
    for i in range(mobile):
        ev.add("流动文化服务车巡演（第%d站）" % (i + 1),
               [("kind", "performance"), ("participants", rng.randint(120, 300)),
                ("tags", tags("mobile"))])
    for _ in range(exchange):
        ev.add("“文化走亲”%s—%s文艺交流" % (name, rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS)),
               [("kind", rng.choice(["performance", "performance", "festival"])),
                ("participants", rng.randint(200, 420)), ("tags", tags("exchange"))])
    for i in range(featured):
        ev.add("%s特色文化活动（第%d项）" % (name, i + 1),
               [("kind", "festival"), ("participants", rng.randint(200, 480)),
                ("tags", tags("featured"))])
    for i in range(seminars):
        ev.add("群众文化理论研讨会（第%d次）" % (i + 1),
               [("kind", "seminar"), ("participants", rng.randint(40, 120))])


def exhibitions(rng, ex, big, mobile):
    for _ in range(big):
        ex.add(rng.choice(EXHIBIT_BIG), [("display_line_m", rng.choice([60, 65, 72, 95, 120]))])
    for i in range(mobile):
        ex.add("流动展览“美丽乡村”巡展（第%d站）" % (i + 1),
               [("display_line_m", rng.choice([20, 24, 30])), ("tags", tags("mobile"))])


def awards(rng, levels, n, issuer, other=0):
    """n awards that count (表演奖、创作奖、组织奖) and `other` that do not
    (category other, or none given), each (date, title, work) once."""
    rows, seen = [], set()
    while len(rows) < n + other:
        day = rng.randrange(DAYS)
        d = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=day)
        lvl = rng.choice(levels)
        title = {"national": "全国", "province": "浙江省", "prefecture": "市级"}[lvl] + \
            rng.choice(AWARD_TITLES)
        work = rng.choice(WORKS)
        if (d, title, work) in seen:
            continue
        seen.add((d, title, work))
        fields = [("date", d.isoformat()), ("title", title), ("work", work), ("level", lvl)]
        if len(rows) < n:
            fields.append(("category", rng.choice(["performance", "creation", "organization"])))
        elif rng.random() < 0.5:
            fields.append(("category", "other"))
        rows.append((d, fields + [("awarded_by", issuer[lvl])]))
    return [r for _, r in sorted(rows, key=lambda r: (r[0], r[1][1][1], r[1][2][1]))]


ISSUER = {"national": "文化和旅游部", "province": "浙江省文化和旅游厅",
          "prefecture": "市文化广电旅游局"}


def county_file(rng, c, n_towns, fail):
    # The failing county states one town fewer than the batch holds, and
    # dispatches to that many: every town in the batch needs its 文化员.
    stated = n_towns - 1 if fail == "towns" else n_towns
    out = ["# 总馆：%s文化馆 %d 年度数据（所辖分馆 %d 个）" % (c["name"], YEAR, stated),
           "venue:",
           "  id: " + q(c["id"]),
           "  name: %s文化馆" % c["name"],
           "  tier: county",
           "  parent: " + q(c["parent"]),
           "  year: %d" % YEAR,
           "  towns: %d" % stated,
           "# 基本数据",
           "facts:",
           "  weekly_open_hours: %d" % rng.choice([42, 48, 56]),
           "  staff_total: 25"]
    out.append("  staff_professional: %d" % (19 if fail == "ratio" else rng.randint(20, 24)))
    out += ["  volunteer_teams: %d" % rng.randint(2, 6),
            "  vehicles: %d" % rng.randint(1, 2),
            "  digitized_items: %d" % rng.randint(4, 9),
            "  dispatched_staff: %d" % stated]
    big = 11 if fail == "large" else rng.randint(12, 16)
    if rng.random() < 0.5:
        out.append("  large_events: %d" % (big + (2 if rng.random() < WARN_RATE else 0)))
    out += ["# 定性条款", "declared:"]
    for k in ("plan.development_plan", "plan.service_catalog", "plan.coordinate_events",
              "open.notice", "open.free_spaces", "open.free_services",
              "activity.annual_program", "activity.general_troupe", "activity.brand",
              "mobile.delivery_plan", "digital.website", "training.art_guidance",
              "creation.folk_arts", "creation.local_programs", "creation.brand_promotion",
              "research.outputs", "support.mechanisms", "support.staff_mix",
              "support.facility_sharing"):
        out.append("  %s: true" % k)
    out.append("# 活动台账")
    ev = Ledger(rng)
    centre_events(rng, ev, c["name"], big, rng.randint(30, 36), rng.randint(20, 24),
                  rng.randint(5, 7), rng.randint(2, 4), 0, films=rng.randint(0, 3))
    ev.emit(out, "events", False)
    out.append("# 展览台账")
    ex = Ledger(rng)
    exhibitions(rng, ex, rng.randint(1, 3), rng.randint(15, 18))
    ex.emit(out, "exhibitions", False)
    out.append("# 培训台账")
    tr = Ledger(rng)
    for _ in range(rng.randint(12, 16)):
        tr.add(rng.choice(TRAIN_PUBLIC), [("audience", "public"),
                                          ("participants", rng.randint(30, 60))])
    for _ in range(rng.randint(2, 3)):
        tr.add(rng.choice(["分馆、支馆从业人员业务培训", "文化志愿者及文艺骨干培训"]),
               [("audience", "staff"), ("participants", rng.randint(80, 120))])
    for i in range(18 if fail == "art" else rng.randint(20, 24)):
        tr.add("基层文艺创作编排辅导班（第%d期）" % (i + 1),
               [("audience", "art_class"), ("participants", rng.randint(20, 45))])
    tr.emit(out, "trainings", False)
    out.append("# 获奖")
    # The failing county has 9 awards that count and two that do not.
    plain_list(out, "awards", awards(rng, ["prefecture", "prefecture", "province"],
                                     9 if fail == "awards" else rng.randint(10, 13), ISSUER,
                                     2 if fail == "awards" else rng.randint(0, 2)), False)
    out.append("# 文艺团队")
    rows = [[("name", t), ("members", rng.randint(20, 60)), ("active", "true")]
            for t in rng.sample(TROUPE_NAMES, rng.randint(8, 11))]
    plain_list(out, "troupes", rows, False)
    out.append("# 网站原创信息更新量（条/月）")
    months = [rng.randint(10, 22) for _ in range(12)]
    if fail == "updates":
        months[rng.randrange(12)] = 8
    out.append("website_updates: {" + ", ".join("%d: %d" % (i + 1, m)
                                                 for i, m in enumerate(months)) + "}")
    return "\n".join(out) + "\n"


def city_file(rng, c, fail):
    out = ["# 中心馆：%s文化馆 %d 年度数据" % (c["name"], YEAR),
           "venue:",
           "  id: " + q(c["id"]),
           "  name: %s市文化馆" % c["name"],
           "  tier: city",
           "  year: %d" % YEAR,
           "facts:",
           "  weekly_open_hours: 56",
           "  staff_total: 40",
           "  staff_professional: %d" % rng.randint(30, 36),
           "  volunteer_teams: %d" % rng.randint(3, 8),
           "  vehicles: %d" % rng.randint(1, 3),
           "  brands: %d" % rng.randint(2, 4),
           "  digital_projects: %d" % rng.randint(2, 4),
           "declared:"]
    for k in ("plan.development_plan", "plan.service_norms", "plan.catalog",
              "plan.coordinate_events", "plan.unified_identity", "open.notice",
              "open.free_spaces", "open.free_services", "activity.general_troupe",
              "mobile.delivery_plan", "digital.platform", "digital.service_modes",
              "digital.guide_counties", "creation.guidance", "creation.organize",
              "creation.submit_works", "research.projects", "research.journal",
              "support.mechanisms", "support.budget", "support.resource_support",
              "support.staffing"):
        out.append("  %s: true" % k)
    out.append("# 活动台账")
    ev = Ledger(rng)
    # The failing city: 29 outreach shows and films that do not count.
    centre_events(rng, ev, c["name"], rng.randint(10, 14),
                  29 if fail == "outreach" else rng.randint(30, 36),
                  rng.randint(20, 24), rng.randint(6, 8), 0, 1 if fail == "seminars" else 2,
                  films=2 if fail == "outreach" else rng.randint(0, 3))
    ev.emit(out, "events", False)
    ex = Ledger(rng)
    exhibitions(rng, ex, 7 if fail == "exhibitions" else rng.randint(8, 10), rng.randint(15, 18))
    ex.emit(out, "exhibitions", False)
    tr = Ledger(rng)
    for _ in range(rng.randint(30, 34)):
        tr.add(rng.choice(TRAIN_PUBLIC), [("audience", "public"),
                                          ("participants", rng.randint(35, 90))])
    for _ in range(2):
        tr.add(rng.choice(TRAIN_STAFF), [("audience", "staff"), ("participants", rng.randint(60, 100))])
    for _ in range(2):
        tr.add("文化下派员示范性培训", [("audience", "model"), ("participants", rng.randint(80, 120))])
    tr.emit(out, "trainings", False)
    plain_list(out, "awards", awards(rng, ["province", "province", "national"],
                                     rng.randint(10, 13), ISSUER, rng.randint(0, 2)), False)
    rows = [[("name", t), ("members", rng.randint(20, 60)), ("active", "true")]
            for t in rng.sample(TROUPE_NAMES, rng.randint(8, 11))]
    plain_list(out, "troupes", rows, False)
    return "\n".join(out) + "\n"


def pick_fail(rng, modes):
    if rng.random() >= FAIL_RATE:
        return None
    r, acc = rng.random(), 0.0
    for mode, w in modes:
        acc += w
        if r < acc:
            return mode
    return modes[-1][0]


VILLAGE_FAILS = [("events", 0.35), ("declared", 0.3), ("hosted", 0.15), ("troupes", 0.1),
                 ("admin", 0.1)]
TOWN_FAILS = [("staff", 0.25), ("hosted", 0.15), ("shows", 0.15), ("city", 0.15),
              ("trainings", 0.1), ("large", 0.1), ("unlisted", 0.1)]
COUNTY_FAILS = [("updates", 0.3), ("art", 0.2), ("large", 0.15), ("towns", 0.15),
                ("ratio", 0.1), ("awards", 0.1)]
CITY_FAILS = [("exhibitions", 0.4), ("seminars", 0.3), ("outreach", 0.3)]


def generate(seed, size, out_dir):
    rng = random.Random("venuecheck-bench:%d:%d" % (seed, size))
    n_city, n_county, n_town, n_village = tier_counts(size)
    county_per_city = partition(rng, n_county, n_city)
    town_per_county = partition(rng, n_town, n_county)
    village_per_town = partition(rng, n_village, n_town)
    stats = {"files": 0, "bytes": 0, "city": 0, "county": 0, "town": 0, "village": 0,
             "mutated": 0}
    provinces = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]

    def write(path, text, tier, fail):
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        stats["files"] += 1
        stats["bytes"] += len(data)
        stats[tier] += 1
        stats["mutated"] += fail is not None

    ci = ti = vi = 0
    for cidx in range(n_city):
        prov = provinces[cidx % len(provinces)]
        city_id = "%02d%02d" % (prov, cidx // len(provinces) + 1)
        city = {"id": city_id, "name": Names(rng).take()}
        cdir = os.path.join(out_dir, city_id)
        os.makedirs(cdir)
        fail = pick_fail(rng, CITY_FAILS)
        write(os.path.join(cdir, city_id + ".yaml"), city_file(rng, city, fail), "city", fail)
        county_names = Names(rng)
        for k in range(county_per_city[cidx]):
            county_id = "%s%02d" % (city_id, k + 1)
            cname = county_names.take() + rng.choice(["区", "县", "市"])
            kdir = os.path.join(cdir, county_id)
            os.makedirs(kdir)
            n_towns = town_per_county[ci]
            ci += 1
            fail = pick_fail(rng, COUNTY_FAILS)
            write(os.path.join(kdir, county_id + ".yaml"),
                  county_file(rng, {"id": county_id, "name": cname, "parent": city_id},
                              n_towns, fail), "county", fail)
            town_names = Names(rng)
            for t in range(n_towns):
                town_id = "%s%03d" % (county_id, 101 + t)
                tname = town_names.take() + rng.choice(["镇", "镇", "镇", "街道"])
                tdir = os.path.join(kdir, town_id)
                os.makedirs(tdir)
                n_vill = village_per_town[ti]
                ti += 1
                village_names = Names(rng)
                villages = []
                for v in range(n_vill):
                    vname = village_names.take() + rng.choice(["村", "村", "村", "社区"])
                    villages.append({"id": "%s%03d" % (town_id, 201 + v), "name": vname,
                                     "parent": town_id, "town_name": tname,
                                     "troupes": rng.randint(3, 6), "admins": rng.choice([1, 1, 1, 2])})
                fail = pick_fail(rng, TOWN_FAILS)
                write(os.path.join(tdir, town_id + ".yaml"),
                      town_file(rng, {"id": town_id, "name": tname, "parent": county_id,
                                      "population": rng.randint(12000, 90000)},
                                villages, fail), "town", fail)
                for v in villages:
                    fail = pick_fail(rng, VILLAGE_FAILS)
                    write(os.path.join(tdir, v["id"] + ".yaml"), village_file(rng, v, fail),
                          "village", fail)
                    vi += 1
    assert (ci, ti, vi) == (n_county, n_town, n_village)
    return stats


def tree_digest(root):
    """SHA-256 over every file's path and content, in byte-sorted order."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".yaml"):
                continue
            p = os.path.join(dirpath, fn)
            h.update(os.path.relpath(p, root).encode() + b"\0")
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size", type=int, required=True, help="number of venue files")
    ap.add_argument("--out", required=True, help="directory to create")
    ap.add_argument("--force", action="store_true", help="regenerate even if cached")
    ap.add_argument("--digest", action="store_true",
                    help="also record a SHA-256 of the whole tree in the stamp")
    args = ap.parse_args()

    with open(os.path.abspath(__file__), "rb") as f:
        gen_sha = hashlib.sha256(f.read()).hexdigest()
    stamp_path = os.path.join(args.out, ".stamp")
    if not args.force and os.path.exists(stamp_path):
        try:
            with open(stamp_path) as f:
                st = json.load(f)
            if (st.get("seed"), st.get("size"), st.get("generator_sha256"),
                    st.get("format")) == (args.seed, args.size, gen_sha, FORMAT):
                print("gen.py: %s is up to date (seed %d, %d files)" % (args.out, args.seed,
                                                                        args.size))
                return 0
        except (OSError, ValueError):
            pass

    tmp = args.out.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    stats = generate(args.seed, args.size, tmp)
    stamp = {"seed": args.seed, "size": args.size, "generator_sha256": gen_sha,
             "format": FORMAT, "year": YEAR}
    stamp.update(stats)
    if args.digest:
        stamp["tree_sha256"] = tree_digest(tmp)
    with open(os.path.join(tmp, ".stamp"), "w") as f:
        json.dump(stamp, f, indent=1, sort_keys=True)
        f.write("\n")
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)
    print("gen.py: wrote %s: %d files (%d city, %d county, %d town, %d village), "
          "%.1f MB, %.2f KB/file, %d mutated to fail"
          % (args.out, stats["files"], stats["city"], stats["county"], stats["town"],
             stats["village"], stats["bytes"] / 1e6, stats["bytes"] / stats["files"] / 1024,
             stats["mutated"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
