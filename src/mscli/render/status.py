"""A quarter's status as a rich table, JSON, Markdown (for pull-request comments) or CSV (Excel)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Group
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mscli.completion import Status
from mscli.quantities import percent
from mscli.render.indicator_columns import INDICATOR_COLUMNS, indicator_cells
from mscli.render.text import actuals, judged_on, md_cell, overview, targets
from mscli.summary import IndicatorResult, QuarterSummary

STATUS_STYLE: dict[Status, str] = {
    Status.done: "bold green",
    Status.ahead: "green",
    Status.on_schedule: "cyan",
    Status.behind: "yellow",
    Status.seriously_behind: "bold red",
    Status.missing: "magenta",
    Status.delegated: "dim",
}
CSV_HEADER = ("编号", *(c.title for c in INDICATOR_COLUMNS))
"""The indicator's id, then the columns the circular's attachment shows (render/indicator_columns)."""


def records(summary: QuarterSummary) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "project": r.project,
            "as_of": summary.as_of.isoformat(),
            "status": r.status.label,
            "completion": None if r.completion is None else round(r.completion, 6),
            "schedule": None if r.schedule is None else round(r.schedule, 6),
            "lead_unit": r.lead_unit,
            "delegated_to": list(r.delegated_to),
            "metrics": [
                {
                    "id": m.id,
                    "name": m.name,
                    "target": m.target,
                    "actual": m.actual,
                    "unit": m.unit,
                    "completion": m.completion,
                }
                for m in r.metrics
            ],
        }
        for r in summary.indicators
    ]


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_number(v) for v in value]
    return value


def to_json(summary: QuarterSummary) -> str:
    return json.dumps(_number(records(summary)), ensure_ascii=False, indent=2)


def title(summary: QuarterSummary) -> str:
    return f"{summary.year}年第{summary.quarter}季度重点民生实事进度{judged_on(summary)}"


def rows(summary: QuarterSummary) -> list[tuple[str, ...]]:
    """The header and one row of text per indicator, statuses as `status` shows them: the CSV's
    and the workbook's content."""
    body = [(r.id, *indicator_cells(r, year_end=False)) for r in summary.indicators]
    return [CSV_HEADER, *body]


def to_csv(summary: QuarterSummary) -> str:
    """CSV text; write it with encoding utf-8-sig so that Excel reads the Chinese correctly."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows(summary))
    return buffer.getvalue()


def to_markdown(summary: QuarterSummary) -> str:
    lines = [
        f"### {title(summary)}",
        "",
        overview(summary),
        "",
    ]
    for project in summary.projects:
        done = f"（完成率 {percent(project.completion)}）" if project.completion is not None else ""
        lines += [f"**{project.block}{project.number}. {md_cell(project.title)}**{done}", ""]
        lines += [
            "| 指标 | 汝州市目标 | 累计完成 | 完成率 | 时序进度 | 状态 | 牵头单位 |",
            "|---|---|---|---:|---:|---|---|",
        ]
        for r in project.indicators:
            lines.append(
                f"| {r.id} | {md_cell(targets(r))} | {md_cell(actuals(r))} | {percent(r.completion)} | "
                f"{percent(r.schedule, 0)} | {r.status.label} | {md_cell(r.lead_unit)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _bar(result: IndicatorResult) -> ProgressBar | Text:
    if result.completion is None:
        return Text("—", style="dim")
    return ProgressBar(
        total=1.0,
        completed=min(result.completion, 1.0),
        width=12,
        complete_style=STATUS_STYLE[result.status].replace("bold ", ""),
    )


def _project_table(title: str) -> Table:
    grid = Table(title=title, title_justify="left", title_style="bold", expand=True)
    grid.add_column("指标", style="cyan", no_wrap=True, min_width=14)
    grid.add_column("汝州市目标", ratio=3, overflow="fold")
    grid.add_column("累计完成", ratio=2, overflow="fold")
    grid.add_column("进度", no_wrap=True, width=12)
    grid.add_column("完成率", justify="right", no_wrap=True, width=7)
    grid.add_column("时序", justify="right", no_wrap=True, width=5)
    grid.add_column("状态", no_wrap=True, width=8)
    grid.add_column("牵头单位", ratio=2, overflow="fold")
    return grid


def table(summary: QuarterSummary) -> Group:
    """One table per project, then the overall sentence."""
    parts: list[Table | Text] = [
        Text(
            f"{summary.year}年第{summary.quarter}季度重点民生实事进度{judged_on(summary)}",
            style="bold underline",
        )
    ]
    for project in summary.projects:
        rate = f"（完成率 {percent(project.completion)}）" if project.completion is not None else ""
        grid = _project_table(f"{project.block}{project.number}. {project.title}{rate}")
        for r in project.indicators:
            grid.add_row(
                r.id,
                targets(r),
                actuals(r),
                _bar(r),
                percent(r.completion),
                percent(r.schedule, 0),
                Text(r.status.label, style=STATUS_STYLE[r.status]),
                r.lead_unit,
            )
        parts.append(grid)
    parts.append(Text(overview(summary), style="bold"))
    return Group(*parts)
