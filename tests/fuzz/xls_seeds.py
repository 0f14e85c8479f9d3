#!/usr/bin/env python3
"""xls_seeds.py DIR - seed .xls workbooks for fuzz_xls (tests/xlsgen.py)."""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import xlsgen as g  # noqa: E402

out = sys.argv[1]
info = [(0, 0, "代码"), (0, 1, "项目"), (0, 2, "填写"),
        (1, 0, "venue.id"), (1, 2, "330402-xf-zl"), (2, 0, "venue.name"), (2, 2, "竹林村文化礼堂"),
        (3, 0, "venue.tier"), (3, 2, "village"), (4, 0, "venue.year"), (4, 2, 2024),
        (5, 0, "facts.administrators"), (5, 2, g.Formula(1)), (6, 0, "declared.open.free_open"), (6, 2, "是")]
events = [(0, 0, "日期"), (0, 1, "名称"), (0, 2, "类型"), (0, 3, "参与人数"),
          (1, 0, g.Date(45334)), (1, 1, "春节联欢"), (1, 2, "performance"), (1, 3, 120),
          (2, 0, "2024/3/5"), (2, 1, g.Formula("送戏")), (2, 2, "performance"), (2, 3, g.Formula(g.Err(7))),
          (3, 0, g.Date(45400.5)), (3, 1, True), (3, 2, g.Err(42)), (3, 3, 1.5)]
seeds = {
    "village.xls": g.book([("基本信息", info), ("活动台账", events)]),
    "info.xls": g.book([("基本信息", info)]),
    "encrypted.xls": g.book([("基本信息", info)], filepass=True),
    "dims.xls": g.book([("基本信息", info), ("活动台账", events)], dims={1: (100, 10)}),
    "mini.xls": g.cfb_mini(g.stream([("基本信息", info)])),
}
for name, data in seeds.items():
    open(os.path.join(out, name), "wb").write(data)
