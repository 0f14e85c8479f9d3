#!/usr/bin/env python3
"""gen-example-years.py - make examples/years/{2023,2025} from the 2024 tree
(run from the top: python3 scripts/gen-example-years.py).  Shifts the year,
rewrites each file's first line (what changed, which verdicts) and applies
the per-file edits below, so the three years stay one story and can be
remade if the 2024 tree changes."""
import os, re, sys
SRC = 'examples'
TREE = ['city', 'county', 'towns', 'villages']

def sub(pat, rep, count=1):
    return ('sub', pat, rep, count)
def dele(pat):
    return ('del', pat)
def add_after(pat, text):
    return ('add', pat, text)

E = {2023: {}, 2025: {}}
# ---- 2023: the year before: some venues were worse, some already fine
E[2023]['city/jiaxing-city.yaml'] = ("中心馆示例：嘉兴市文化馆 2023 年度数据。与 2024 年比：大型展览（展线≥60米）少 2 次（民间剪纸艺术展、非遗传承成果展 2024 年才办）。预期未通过 1 条：city.activity.large_exhibitions 7 次（要求 ≥ 8 次）。", [
    dele(r'民间剪纸艺术展'), dele(r'非遗传承成果展')])
E[2023]['county/nanhu.yaml'] = ("总馆示例：南湖区文化馆 2023 年度数据。与 2024 年比：艺术培训班少 2 期（16 期），2 月网站更新 6 条。预期未通过 2 条（同 2024 年，差距更大）：county.digital.monthly_updates、county.training.art_classes。", [
    sub(r'\{1: 12, 2: 8,', '{1: 12, 2: 6,'), dele(r'辅导班（第17期）'), dele(r'辅导班（第18期）')])
E[2023]['towns/xinfeng.yaml'] = ("分馆示例：新丰镇文化站 2023 年度数据（常住人口 42000 人，须 4 名工作人员）。与 2024 年比：工作人员 3 名（2024 年补到 4 名）。预期未通过 1 条：town.support.staff_by_population。", [
    sub(r'staff_total: 4', 'staff_total: 3')])
E[2023]['towns/fengqiao.yaml'] = ("分馆示例：凤桥镇文化站 2023 年度数据（常住人口 50000 人，须 5 名工作人员）。与 2024 年比：每周开放 40 小时（2024 年延到 48 小时）。预期未通过 6 条：2024 年的 5 条加 town.open.weekly_hours。", [
    sub(r'weekly_open_hours: 48', 'weekly_open_hours: 40')])
E[2023]['villages/xinfeng/jingxiang.yaml'] = ("支馆示例：净相村文化礼堂 2023 年度数据。与 2024 年比：少办 1 次活动（6 次）。预期未通过 1 条：village.activity.events 6 次（要求 ≥ 8 次）。", [
    ('delnth', r'- \{date: ', 0)])
# ---- 2025: the year after: 整改 done in some, new problems in others
E[2025]['county/nanhu.yaml'] = ("总馆示例：南湖区文化馆 2025 年度数据。与 2024 年比：2 月网站更新补到 11 条，艺术培训班增到 20 期。预期：38 条全部通过（2024 年的 2 条已整改）。", [
    sub(r'\{1: 12, 2: 8,', '{1: 12, 2: 11,'),
    add_after(r'辅导班（第18期）', '  - {date: 2025-11-20, title: 基层文艺创作编排辅导班（第19期）, audience: art_class, participants: 28}\n  - {date: 2025-12-04, title: 基层文艺创作编排辅导班（第20期）, audience: art_class, participants: 33}')])
E[2025]['towns/fengqiao.yaml'] = ("分馆示例：凤桥镇文化站 2025 年度数据（常住人口 50000 人，须 5 名工作人员）。与 2024 年比：补到 5 名工作人员，多承办 1 次活动（6 次），三星村老年合唱队恢复活动（3 支），填报的 large_events 改正为 3（与台账一致，不再警告）。预期未通过 2 条：永红村仍只送戏 1 场（town.mobile.village_shows）、永红村仍无专职管理员（town.staffing.village_administrators，以村里的文件为准）。", [
    sub(r'staff_total: 4', 'staff_total: 5'),
    sub(r'large_events: 4', 'large_events: 3'),
    add_after(r'“文化惠民”少儿专场', '  - {date: 2025-11-09, title: 承办区“非遗进礼堂”巡演, kind: performance, participants: 236, tags: [hosted]}'),
    sub(r'三星村, id: "330402-fq-sx", troupes: 2', '三星村, id: "330402-fq-sx", troupes: 3')])
E[2025]['villages/fengqiao/sanxing.yaml'] = ("支馆示例：三星村文化礼堂 2025 年度数据。与 2024 年比：老年合唱队恢复活动，稳定的业余文艺团队 3 支。预期：8 条全部通过（已整改）。", [
    sub(r'老年合唱队, members: 16, active: false', '老年合唱队, members: 18, active: true')])
E[2025]['villages/fengqiao/lianfeng.yaml'] = ("支馆示例：联丰村文化礼堂 2025 年度数据。与 2024 年比：少办 1 次活动（7 次，2024 年恰为 8 次）。预期未通过 1 条：village.activity.events（新增的问题）。", [
    ('delnth', r'- \{date: ', 0)])
E[2025]['villages/xinfeng/jingxiang.yaml'] = ("支馆示例：净相村文化礼堂 2025 年度数据。与 2024 年比：多办 2 次活动（9 次）。预期：8 条全部通过（已整改）。", [
    add_after(r'^events:', '  - {date: 2025-04-18, title: 村民广场舞展示, kind: performance, participants: 76}\n  - {date: 2025-08-22, title: 夏夜纳凉晚会, kind: other, participants: 118}')])
E[2025]['towns/qixing.yaml'] = ("分馆示例：七星街道文化站 2025 年度数据。与 2024 年比：常住人口增到 31200 人（超过 3 万，须 4 名工作人员，仍 3 名）；湘城村 2025 年划归余新镇，只辖东进村。预期未通过 1 条：town.support.staff_by_population（新增的问题）。", [
    sub(r'population: 30000', 'population: 31200'), sub(r'villages: 2', 'villages: 1'),
    sub(r'送戏下村（湘城村）(.*)village: 湘城村', r'送戏下村（东进村）\1village: 东进村', 2),
    dele(r'湘城村, id:')])
E[2025]['towns/yuxin.yaml'] = ("分馆示例：余新镇文化站 2025 年度数据。与 2024 年比：湘城村 2025 年由七星街道划入，辖 3 个村，给湘城村送戏 2 场；每周开放 40 小时（须 42 小时）。预期未通过 1 条：town.open.weekly_hours（新增的问题）。", [
    sub(r'villages: 2', 'villages: 3'), sub(r'weekly_open_hours: 48', 'weekly_open_hours: 40'),
    add_after(r'送戏下村（余北村）', '  - {date: 2025-05-20, title: 送戏下村（湘城村）, kind: performance, participants: 188, tags: [to_village], village: 湘城村}\n  - {date: 2025-10-16, title: 送戏下村（湘城村）, kind: performance, participants: 203, tags: [to_village], village: 湘城村}'),
    add_after(r'余北村, id:', '  - {name: 湘城村, id: "330402-qx-xc", troupes: 3, administrators: 1}')])
MOVE = {(2025, 'villages/qixing/xiangcheng.yaml'): 'villages/yuxin/xiangcheng.yaml'}
E[2025]['villages/qixing/xiangcheng.yaml'] = ("支馆示例：湘城村文化礼堂 2025 年度数据。2025 年行政区划调整，由七星街道（330402-qx）划归余新镇（parent 改为 330402-yx），id 不变。预期：8 条全部通过；venuecheck trend 报告它换了上级。", [
    sub(r'parent: "330402-qx"', 'parent: "330402-yx"')])

def first_line(y, rel, text):
    line1, rest = text.split('\n', 1)
    if rel in E[y]:
        return '# ' + E[y][rel][0] + '\n' + rest
    # unchanged venue: say so, and keep the 2024 verdict's wording
    old = line1.lstrip('# ')
    old = re.sub(r'^(\S+?示例：)', r'\g<1>%d 年度数据，与 2024 年相同。' % y, old, count=1)
    return '# ' + old + '\n' + rest

def apply(y, rel, text):
    for e in E[y].get(rel, ('', []))[1]:
        kind = e[0]
        if kind == 'sub':
            text, n = re.subn(e[1], e[2], text, count=e[3], flags=re.M)
            assert n == e[3], (y, rel, e)
        elif kind == 'del':
            lines = text.split('\n'); keep = [l for l in lines if not re.search(e[1], l)]
            assert len(keep) == len(lines) - 1, (y, rel, e); text = '\n'.join(keep)
        elif kind == 'delnth':
            lines = text.split('\n'); hits = [i for i, l in enumerate(lines) if re.search(e[1], l) and 'hosted' not in l]
            del lines[hits[e[2]]]; text = '\n'.join(lines)
        elif kind == 'add':
            lines = text.split('\n'); hits = [i for i, l in enumerate(lines) if re.search(e[1], l)]
            assert len(hits) >= 1, (y, rel, e); i = hits[-1]
            lines[i+1:i+1] = e[2].split('\n'); text = '\n'.join(lines)
    return text

for y in (2023, 2025):
    for top in TREE:
        for dp, _, fs in os.walk(os.path.join(SRC, top)):
            for f in sorted(fs):
                if not f.endswith('.yaml'): continue
                rel = os.path.relpath(os.path.join(dp, f), SRC)
                text = open(os.path.join(SRC, rel), encoding='utf-8').read()
                text = re.sub(r'\b2024-(\d\d-\d\d)', r'%d-\1' % y, text)
                text = text.replace('year: 2024', 'year: %d' % y)
                text = apply(y, rel, text)
                text = first_line(y, rel, text)
                out = os.path.join(SRC, 'years', str(y), MOVE.get((y, rel), rel))
                os.makedirs(os.path.dirname(out), exist_ok=True)
                open(out, 'w', encoding='utf-8').write(text)
