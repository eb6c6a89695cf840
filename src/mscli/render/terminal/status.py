"""A quarter's status as a rich table, JSON, Markdown (for pull-request comments) or CSV (Excel)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from mscli.catalogue.models import MetricKind, project_label
from mscli.cells import Figure, csv_cell, is_plain_number, unit_format
from mscli.plans.schedule import Basis
from mscli.quantities import chinese_date, percent
from mscli.render import outlook as words
from mscli.render.columns import INDICATOR_COLUMNS, column_title, indicator_cells
from mscli.render.terminal import fit
from mscli.render.text import (
    actuals,
    completion_text,
    judged_on,
    md_text,
    metric_actual_text,
    overview,
    schedule_figure,
    schedule_note,
    targets,
)
from mscli.results.completion import Status
from mscli.results.history import YearHistory
from mscli.results.nodes import NodeState, NodeWarning
from mscli.results.projection import WORDING, IndicatorProjection, Outlook, Projection
from mscli.results.summary import IndicatorResult, MetricResult, ProjectResult, QuarterSummary

STATUS_STYLE: dict[Status, str] = {
    Status.done: "bold green",
    Status.ahead: "green",
    Status.on_schedule: "cyan",
    Status.behind: "yellow",
    Status.seriously_behind: "bold red",
    Status.missing: "magenta",
    Status.delegated: "dim",
}
CSV_HEADER = ("编号", *(c.title for c in INDICATOR_COLUMNS), "时序依据")
"""The indicator's id, then the columns the circular's attachment shows (render/indicator_columns),
then which schedule its 时序进度 comes from (按落实方案 / 按季度均衡序时（未报落实方案）)."""
PLAN_MARK = "*"
"""After a 时序进度 that comes from the unit's plan, in the terminal table."""


def node_record(n: NodeWarning) -> dict[str, Any]:
    return {
        "metric": n.metric.id,
        "state": n.state.value,
        "date": n.node.date.isoformat(),
        "value": n.node_value,
        "reached": n.reached,
        "days": n.days,
        "contact": None if n.contact is None else n.contact.model_dump(),
        "leader": None if n.leader is None else n.leader.model_dump(),
    }


def projection_record(p: IndicatorProjection | None, projection: Projection) -> dict[str, Any]:
    """An indicator's projection (预计) in `status -f json`: every figure is a projection."""
    if p is None:
        return {}
    found: dict[str, Any] = {
        "formula": projection.formula,
        "day": projection.day.isoformat(),
        "quarter": p.quarter,
        "measured_on": p.measured_on.isoformat() if p.measured_on else None,
    }
    if p.item is not None:
        found |= {
            "kind": p.item.kind.value,
            "done": p.item.done,
            "overdue": [{"stage": s.name, "days": s.days_late} for s in p.item.overdue],
            "next_stage": p.item.next.name if p.item.next else None,
            "days_left": p.item.days_left,
            "text": words.item_text(p.item),
        }
        return found
    if p.outlook is None:
        return found | {"outlook": None, "text": words.basis_text(p) + "，无法预计"}
    return found | {
        "basis": p.basis,
        "rate": round(p.rate or 0.0, 6),
        "reaches": p.reaches.isoformat() if p.reaches else None,
        "reached": p.reached,
        "outlook": p.outlook.value,
        "text": words.sentence(p),
        "metrics": [
            {
                "id": m.metric.id,
                "actual": m.actual,
                "projected": round(m.projected, 6),
                "rate": round(m.rate, 6),
                "basis": m.pace.value,
                "planned": None if m.planned is None else round(m.planned, 6),
                "reaches": m.reaches.isoformat() if m.reaches else None,
                "outlook": m.outlook.value,
            }
            for m in p.metrics
        ],
    }


def records(
    summary: QuarterSummary,
    nodes: Sequence[NodeWarning] = (),
    projection: Projection | None = None,
) -> list[dict[str, Any]]:
    """`projection`: each indicator's year-end projection under "projection" (mscli.results.projection)."""
    projected = projection.by_id if projection else {}
    by_indicator: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        by_indicator.setdefault(n.indicator_id, []).append(node_record(n))
    return [
        {
            "id": r.id,
            "name": r.name,
            "project": r.project,
            "as_of": summary.as_of.isoformat(),
            "status": r.label,
            "schedule_status": r.status.label,  # against the schedule, also at the year's end
            "completion": None if r.completion is None or r.item else round(r.completion, 6),
            "schedule": None if r.schedule is None or r.item else round(r.schedule, 6),
            "schedule_basis": r.schedule_basis.value if r.counted else None,
            "nodes": by_indicator.get(r.id, []),
            "lead_unit": r.lead_unit,
            "delegated_to": list(r.delegated_to),
            "metrics": [
                {
                    "id": m.id,
                    "name": m.name,
                    "target": m.target,
                    "actual": m.actual,
                    "unit": m.unit,
                    "completion": None if m.item else m.completion,
                    **({} if m.item is None else _stages(m)),
                }
                for m in r.metrics
            ],
            **(
                {"projection": projection_record(projected.get(r.id), projection)}
                if projection is not None and r.id in projected
                else {}
            ),
        }
        for r in summary.indicators
    ]


def _stages(m: MetricResult) -> dict[str, Any]:
    """A milestone's or a task's stages, each with its planned and reached day, and the words."""
    assert m.item is not None
    return {
        "kind": m.kind.value,
        "text": metric_actual_text(m),
        "stages": [
            {
                "stage": s.name,
                "planned": s.planned.isoformat() if s.planned else None,
                "reached": s.reached.isoformat() if s.reached else None,
                "overdue": s.overdue,
            }
            for s in m.item.stages
        ],
    }


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_number(v) for v in value]
    return value


def json_records(
    summary: QuarterSummary,
    nodes: Sequence[NodeWarning] = (),
    projection: Projection | None = None,
    history: YearHistory | None = None,
) -> list[dict[str, Any]]:
    """What `status -f json` prints (and the dashboard embeds): `records`, and with `history`
    each quarter's status up to this one and the quarters behind running (mscli.results.history)."""
    found = records(summary, nodes, projection)
    if history is not None:
        past = history.by_indicator
        for record in found:
            h = past.get(record["id"])
            if h is not None:
                record["history"] = {
                    "quarters": [{"quarter": s.quarter, "status": s.label} for s in h.states],
                    "streak": h.streak,
                }
    return found


def to_json(
    summary: QuarterSummary,
    nodes: Sequence[NodeWarning] = (),
    projection: Projection | None = None,
    history: YearHistory | None = None,
) -> str:
    """Every indicator; `nodes`: the plans' node states on the day (mscli.results.nodes);
    `projection`: the year-end projection (mscli.results.projection); `history`: see
    `json_records`."""
    found = json_records(summary, nodes, projection, history)
    return json.dumps(_number(found), ensure_ascii=False, indent=2, allow_nan=False)


def nodes_line(nodes: Sequence[NodeWarning]) -> str:
    """时间节点预警：逾期1个、临期1个、正常2个、已达成3个…: empty without plans."""
    if not nodes:
        return ""
    counts = Counter(n.state for n in nodes)
    parts = "、".join(f"{s.value}{counts[s]}个" for s in NodeState if counts[s])
    return f"落实方案时间节点：{parts}（逾期、临期的节点及责任人见 mscli remind）。"


def title(summary: QuarterSummary) -> str:
    return f"{summary.year}年第{summary.quarter}季度重点民生实事进度{judged_on(summary)}"


def rows(summary: QuarterSummary) -> list[tuple[str, ...]]:
    """The header and one row of text per indicator, statuses as `status` shows them: the CSV's
    and the workbook's content (each writer makes its cells inert, mscli.cells)."""
    body = [
        tuple(str(cell) for cell in (r.id, *indicator_cells(r, year_end=r.year_end), basis_text(r)))
        for r in summary.indicators
    ]  # a spreadsheet (CSV or xlsx) never runs a cell as a formula
    header = ("编号", *(column_title(c, summary.structure) for c in INDICATOR_COLUMNS), "时序依据")
    return [header, *body]


AMOUNT_TITLE = "累计完成（数值）"
"""The workbook's column after 累计完成: the amount as a number in its base unit, so that it sorts."""


def workbook_rows(summary: QuarterSummary) -> list[tuple[str | Figure, ...]]:
    """`rows` for `status -o 进度.xlsx`: 完成率 and 时序进度 as numbers shown as percentages, and
    after 累计完成 (the circular's words, 1.52万人次) a column AMOUNT_TITLE with a single metric's
    amount as a number in its base unit shown with the unit (15200, shown 15,200人次). The base
    unit, not 1.52 in 万人次: 1.52万人次 then sorts above 3000人, as it should. No cell holds a
    number as text."""
    header, *body = rows(summary)
    keys = [c.key for c in INDICATOR_COLUMNS]
    done, schedule = 1 + keys.index("completion"), 1 + keys.index("schedule")
    after = 2 + keys.index("actual")
    table: list[tuple[str | Figure, ...]] = [(*header[:after], AMOUNT_TITLE, *header[after:])]
    for r, row in zip(summary.indicators, body, strict=True):
        cells: list[str | Figure] = list(row)
        if r.item is None and r.completion is not None:
            cells[done] = Figure(r.completion, "0.0%", row[done])
        if r.item is None and r.schedule is not None:
            cells[schedule] = Figure(r.schedule, "0%", row[schedule])
        amount = _amount(r)
        if isinstance(amount, Figure) and is_plain_number(row[after - 1]):
            cells[after - 1] = amount  # a rate's 56.3% is a number in both columns
        cells.insert(after, amount)
        table.append(tuple(cells))
    return table


def _amount(r: IndicatorResult) -> str | Figure:
    """One metric's reported amount as a number; empty for several metrics (累计完成 names
    each), a milestone or task, a delegated indicator, or nothing reported."""
    if r.status is Status.delegated or len(r.metrics) != 1:
        return ""
    [m] = r.metrics
    if m.actual is None or m.item is not None or m.kind.staged:
        return ""
    shown = metric_actual_text(m)
    if m.kind is MetricKind.rate:
        return Figure(m.actual / 100, "0.0#%", shown)
    if m.kind is MetricKind.prohibition:
        return Figure(m.actual, '"发生"0"起"', shown)
    return Figure(m.actual, unit_format(m.actual, m.unit), shown)


def basis_text(r: IndicatorResult) -> str:
    return r.schedule_basis.value if r.counted else ""


def to_csv(summary: QuarterSummary) -> str:
    """CSV text; write it with encoding utf-8-sig so that Excel reads the Chinese correctly."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(map(csv_cell, row) for row in rows(summary))
    return buffer.getvalue()


def to_markdown(summary: QuarterSummary) -> str:
    lines = [
        f"### {md_text(title(summary))}",
        "",
        md_text(overview(summary)),
        "",
        md_text(schedule_note(summary)),
        "",
    ]
    for project in summary.projects:
        done = project_rate(project)
        lines += [
            f"**{md_text(project_label(project.block, project.number, project.title))}**{done}",
            "",
        ]
        lines += [
            f"| 指标 | {summary.structure.county}目标 | 累计完成 | 完成率 | 时序进度 | 时序依据 | 状态 | 牵头单位 |",
            "|---|---|---|---:|---:|---|---|---|",
        ]
        for r in project.indicators:
            lines.append(
                f"| {md_text(r.id)} | {md_text(targets(r))} | {md_text(actuals(r))} | "
                f"{completion_text(r)} | {schedule_figure(r)} | {md_text(basis_text(r))} | "
                f"{r.label} | {md_text(r.lead_unit)} |"
            )
        lines.append("")
    return "\n".join(lines)


BAR = 10


def _bar(result: IndicatorResult) -> Text:
    if result.completion is None or result.item is not None:
        return Text("—", style="dim")
    filled = round(min(result.completion, 1.0) * BAR)
    style = STATUS_STYLE[result.status].replace("bold ", "")
    return Text("━" * filled, style=style) + Text("━" * (BAR - filled), style="grey35")


WIDE = (
    fit.Column("指标", "text", minimum=10, comfortable=16, style="bold", share=2),
    fit.Column("编号", "token", style="cyan", optional=2),
    fit.Column("本级目标", "text", minimum=14, comfortable=24, share=3),
    fit.Column("累计完成", "text", minimum=10, comfortable=14, share=2),
    fit.Column("进度", "token", optional=1),
    fit.Column("完成率", "token", justify="right"),
    fit.Column("时序", "token", justify="right"),
    fit.Column("状态", "token"),
    fit.Column("牵头单位", "text", minimum=10, comfortable=22, share=2),
)
"""Every figure of an indicator; the id and the bar only where there is room."""
COMPACT = (
    fit.Column("指标", "clip", minimum=8, style="bold", share=3),
    fit.Column("完成率", "token", justify="right"),
    fit.Column("时序", "token", justify="right"),
    fit.Column("状态", "token"),
    fit.Column("牵头单位", "clip", minimum=8, optional=1),
)
"""One line per indicator when the full table does not fit."""
COMPACT_HINT = "终端较窄，只列完成率、时序进度和状态；目标和累计完成见 --format md 或加宽终端。"


def _wide_row(r: IndicatorResult) -> tuple[fit.Cell, ...]:
    return (
        r.name,
        r.id,
        targets(r),
        actuals(r),
        _bar(r),
        completion_text(r),
        _schedule_cell(r),
        Text(r.label, style=STATUS_STYLE[r.status]),
        r.lead_unit,
    )


def _schedule_cell(r: IndicatorResult) -> str:
    if r.item is not None:
        return schedule_figure(r)
    planned = r.counted and r.schedule_basis in (Basis.plan, Basis.partly)
    return percent(r.schedule, 0) + (PLAN_MARK if planned else "")


def _compact_row(r: IndicatorResult) -> tuple[fit.Cell, ...]:
    return (
        r.name,
        completion_text(r),
        _schedule_cell(r),
        Text(r.label, style=STATUS_STYLE[r.status]),
        r.lead_unit,
    )


def project_rate(project: ProjectResult) -> str:
    """（完成率 55.0%）, never for a project whose counted indicators are all milestones or
    tasks (their stages are worded, not measured)."""
    measured = any(r.counted and r.item is None for r in project.indicators)
    if project.completion is None or not measured:
        return ""
    return f"（完成率 {percent(project.completion)}）"


def project_heading(project: ProjectResult) -> str:
    return project_label(project.block, project.number, project.title) + project_rate(project)


def _layout(summary: QuarterSummary, width: int) -> Iterator[RenderableType]:
    title = f"{summary.year}年第{summary.quarter}季度重点民生实事进度{judged_on(summary)}"
    yield fit.lines(title, width, "bold underline")
    every = summary.indicators
    target = f"{summary.structure.county}目标"  # 汝州市目标, or the programme's own level
    wide = tuple(replace(c, title=target) if c.title == "本级目标" else c for c in WIDE)
    columns: tuple[fit.Column, ...] = wide
    row = _wide_row
    layout = fit.lay_out(wide, [_wide_row(r) for r in every], width)
    boxed = True
    if layout is None:
        columns, row, boxed = COMPACT, _compact_row, False
        layout = fit.lay_out(COMPACT, [_compact_row(r) for r in every], width, borders=2)
        yield fit.lines(COMPACT_HINT, width, "dim")
    assert layout is not None or not boxed
    for number, project in enumerate(summary.projects):
        yield fit.lines(project_heading(project), width, "bold")
        rows = [row(r) for r in project.indicators]
        if layout is None:  # narrower than even one line per indicator: name and status
            yield Text("\n".join(f"{r.name} {r.label}" for r in project.indicators))
            continue
        yield fit.table(columns, layout, rows, boxed=boxed, header=number == 0)
    yield fit.lines(overview(summary), width, "bold")
    yield fit.lines(terminal_schedule_note(summary), width, "dim")


def terminal_schedule_note(summary: QuarterSummary) -> str:
    note = schedule_note(summary)
    planned = any(
        r.counted and r.schedule_basis in (Basis.plan, Basis.partly) for r in summary.indicators
    )
    return note + (f"时序数字后标“{PLAN_MARK}”的按落实方案。" if planned else "")


def table(summary: QuarterSummary) -> fit.Fitted:
    """Per project, the indicators in one layout with shared column widths: the full table where
    it fits, else one line per indicator; then the overall sentence."""
    return fit.Fitted(lambda width: _layout(summary, width))


OUTLOOK_STYLE: dict[Outlook, str] = {
    Outlook.likely: "green",
    Outlook.at_risk: "yellow",
    Outlook.unlikely: "bold red",
}
PROJECTION_COLUMNS = (
    fit.Column("指标", "text", minimum=8, comfortable=16, style="bold", share=2),
    fit.Column("各季度", "token", optional=2),
    fit.Column("所据", "token", optional=1),
    fit.Column("预计依据", "token", optional=3),
    fit.Column("预计年底完成", "text", minimum=10, comfortable=20, share=2),
    fit.Column("预计完成率", "token", justify="right"),
    fit.Column("预计达到目标", "token"),
    fit.Column("预计", "token"),
)


def _projection_row(
    p: IndicatorProjection, projection: Projection, quarters: Mapping[str, Text]
) -> tuple[fit.Cell, ...]:
    basis = words.basis_text(p).removeprefix("据")
    row = quarters.get(p.id, Text("—", style="dim"))
    if p.item is not None:
        return (p.name, row, basis, "—", words.item_text(p.item), "—", "—", "—")
    if p.outlook is None:
        return (p.name, row, basis, "—", "无法预计", "—", "—", "—")
    return (
        p.name,
        row,
        basis,
        p.basis or "—",
        "；".join(words.projected_value(m) for m in p.metrics),
        percent(p.rate),
        _reaches_cell(p),
        Text(p.outlook.value, style=OUTLOOK_STYLE[p.outlook]),
    )


def _reaches_cell(p: IndicatorProjection) -> str:
    if p.reached:
        return "已达到"
    return chinese_date(p.reaches) if p.reaches else "无法达到"


def _projection_layout(
    projection: Projection, quarters: Mapping[str, Text], width: int
) -> Iterator[RenderableType]:
    yield fit.lines(f"{WORDING}（{projection.formula}）", width, "bold underline")
    rows = [_projection_row(p, projection, quarters) for p in projection.indicators]
    layout = fit.lay_out(PROJECTION_COLUMNS, rows, width)
    if layout is None:
        yield Text(
            "\n".join(
                f"{p.name} {p.outlook.value if p.outlook else '—'}" for p in projection.indicators
            )
        )
    else:
        yield fit.table(PROJECTION_COLUMNS, layout, rows, boxed=True, header=True)
    yield fit.lines(words.counts_text(projection), width, "bold")
    yield fit.lines(words.formula_note(projection), width, "dim")
    if quarters:
        yield fit.lines(quarters_note(year_end=projection.quarter == 4), width, "dim")


def quarters_note(*, year_end: bool) -> str:
    """The compact row's key; at the year's end in its vocabulary (未完成, never 滞后)."""
    behind = (
        "滞、严＝前三季度低于时序进度、严重低于时序进度，未＝未完成"
        if year_end
        else "滞＝滞后、严＝严重滞后"
    )
    return (
        f"各季度：一至四季度各一字，完＝已完成、超＝超序时、按＝按序时、{behind}、缺＝未报送、"
        "·＝没有进度文件（mscli history 查看详情和督办）。"
    )


def projection_table(
    projection: Projection, quarters: Mapping[str, Text] | None = None
) -> fit.Fitted:
    """The year-end projection of every indicator, after the status table; `quarters`: each
    indicator's compact per-quarter row (mscli.render.terminal.history.compact)."""
    return fit.Fitted(lambda width: _projection_layout(projection, quarters or {}, width))
