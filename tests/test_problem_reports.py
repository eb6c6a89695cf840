"""One problem type for data files and workbooks, printed by one reporter in every format."""

from __future__ import annotations

import json

from rich.console import Console

from mscli.problems import Problem, Severity, cell_problem, sort_problems
from mscli.render.terminal.problems import print_text, to_github, to_json


def test_a_cell_sorts_in_reading_order_and_names_its_address() -> None:
    f10 = cell_problem("表.xlsx", "进度", "F10", "sheet-value", "无法读取的数值“两万”")
    b3 = cell_problem("表.xlsx", "进度", "B3", "sheet-date", "没有填写报送日期")
    aa2 = cell_problem("表.xlsx", "进度", "AA2", "sheet-value", "x")
    whole = cell_problem("表.xlsx", None, None, "sheet-open", "无法打开工作簿")
    assert (f10.line, f10.column, aa2.column) == (10, 6, 27)
    assert [p.where for p in sort_problems([f10, b3, aa2, whole])] == [
        "",
        "进度!AA2",
        "进度!B3",
        "进度!F10",
    ]


def test_text_json_and_github_name_cells_and_lines_alike() -> None:
    problems = [
        cell_problem("表.xlsx", "进度", "F7", "sheet-value", "无法读取的数值", Severity.warning),
        Problem("data/units.yaml", 12, 5, "unknown-unit", "找不到单位"),
    ]
    console = Console(record=True, width=200)
    print_text(problems, console)
    lines = [line.split() for line in console.export_text().splitlines()]
    assert ["表.xlsx"] in lines and ["data/units.yaml"] in lines
    assert ["进度!F7", "警告", "无法读取的数值", "(sheet-value)"] in lines
    assert ["12:5", "错误", "找不到单位", "(unknown-unit)"] in lines
    records = json.loads(to_json(problems))
    assert records[0]["cell"] == "进度!F7" and "cell" not in records[1]
    github = to_github(problems).splitlines()
    assert github[0] == "::warning file=表.xlsx,title=mscli sheet-value::进度!F7：无法读取的数值"
    assert github[1].startswith("::error file=data/units.yaml,line=12,col=5,")
