"""`mscli diff` as a rich view for the terminal, Markdown for a pull-request comment, or JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mscli.diff.compare import DataDiff, IndicatorChange, MetricChange, QuarterChanges
from mscli.quantities import percent
from mscli.render.terminal.status import STATUS_STYLE
from mscli.render.text import md_text, metric_actual_text
from mscli.results.completion import Status
from mscli.results.summary import MetricResult

NOTHING = "未发现数据变更。"
HEADER = ("指标", "牵头单位", "原值", "新值", "完成率变化", "状态变化")


def title(diff: DataDiff) -> str:
    return f"数据变更（相对 {diff.base}）"


def quarter_title(q: QuarterChanges) -> str:
    return f"{q.year}年第{q.quarter}季度"


def summary_line(diff: DataDiff) -> str:
    """One sentence: what changed, counted."""
    if diff.empty:
        return NOTHING
    parts = [f"{quarter_title(q)} {len(q.indicators)} 项" for q in diff.quarters if q.indicators]
    found = []
    if parts:
        found.append(f"数值、完成率或状态有变化的指标：{'，'.join(parts)}")
    if diff.report_count:
        found.append(f"报送变更 {diff.report_count} 处")
    if diff.definitions:
        found.append(f"定义变更 {len(diff.definitions)} 处")
    return "；".join(found) + "。"


def _metric_text(result: MetricResult | None) -> str:
    return "—" if result is None else metric_actual_text(result)


def _values(change: IndicatorChange, side: str) -> str:
    """The indicator's values on one side: all of its metrics, named when it has several."""
    metrics: list[MetricChange] = [m for m in change.metrics if getattr(m, side) is not None]
    if not metrics:
        return "—"
    if len(change.metrics) == 1:
        return _metric_text(getattr(metrics[0], side))
    return "；".join(f"{m.name}{_metric_text(getattr(m, side))}" for m in metrics)


def old_values(change: IndicatorChange) -> str:
    return _values(change, "old")


def new_values(change: IndicatorChange) -> str:
    values = _values(change, "new")
    return f"{values}（更正：{change.correction}）" if change.correction else values


def points(change: IndicatorChange) -> float | None:
    """The change in completion, in percentage points."""
    if change.completion_old is None or change.completion_new is None:
        return None
    return (change.completion_new - change.completion_old) * 100


def completion_text(change: IndicatorChange) -> str:
    if change.staged:
        return "—"  # a milestone or task: its stages are in the values' columns
    old, new = percent(change.completion_old), percent(change.completion_new)
    if change.completion_old is None or change.completion_new is None:
        return f"{old} → {new}"
    if old == new:
        return f"{new}（未变）"
    # the difference of the percentages as printed, so that the three numbers add up
    delta = float(new.rstrip("%")) - float(old.rstrip("%"))
    return f"{old} → {new}（{delta:+.1f}个百分点）"


def _label(status: Status | None) -> str:
    return "—" if status is None else status.label


def status_text(change: IndicatorChange) -> str:
    if change.status_old is change.status_new:
        text = f"{_label(change.status_new)}（未变）"
    else:
        text = f"{_label(change.status_old)} → {_label(change.status_new)}"
    return text + schedule_change(change)


def schedule_change(change: IndicatorChange) -> str:
    """；时序进度 50% → 74%（按落实方案）: said when a plan moved the schedule, else nothing."""
    old, new = change.old, change.new
    if old is None or new is None or not new.counted:
        return ""
    if old.schedule == new.schedule and old.schedule_basis is new.schedule_basis:
        return ""
    basis = new.schedule_basis.value
    if old.schedule_basis is not new.schedule_basis:
        basis = f"{old.schedule_basis.value} → {new.schedule_basis.value}"
    return f"；时序进度 {percent(old.schedule, 0)} → {percent(new.schedule, 0)}（{basis}）"


# --- JSON ----------------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 6) -> float | int | None:
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if value.is_integer() else value


def _metric_record(m: MetricChange) -> dict[str, Any]:
    either = m.new or m.old
    assert either is not None
    return {
        "id": m.id,
        "name": m.name,
        "old": _number(m.old.actual if m.old else None),
        "new": _number(m.new.actual if m.new else None),
        "unit": either.unit,
        "display_unit": either.display_unit,
        "old_text": _metric_text(m.old),
        "new_text": _metric_text(m.new),
        "changed": m.changed,
    }


def _indicator_record(change: IndicatorChange) -> dict[str, Any]:
    either = change.new or change.old
    assert either is not None
    return {
        "id": change.id,
        "project": either.project,
        "lead_unit": change.lead_unit,
        "metrics": [_metric_record(m) for m in change.metrics],
        "completion_old": _number(change.completion_old),
        "completion_new": _number(change.completion_new),
        "completion_change": _number(points(change), 4),
        "status_old": None if change.status_old is None else change.status_old.label,
        "status_new": None if change.status_new is None else change.status_new.label,
        "schedule_old": _number(change.old.schedule if change.old and not change.staged else None),
        "schedule_new": _number(change.new.schedule if change.new and not change.staged else None),
        "schedule_basis": change.new.schedule_basis.value if change.new else None,
        "correction": change.correction,
    }


def records(diff: DataDiff) -> dict[str, Any]:
    return {
        "base": diff.base,
        "changed": not diff.empty,
        "notes": list(diff.notes),
        "quarters": [
            {
                "year": q.year,
                "quarter": q.quarter,
                "indicators": [_indicator_record(c) for c in q.indicators],
                "reports": [
                    {"unit_id": r.unit_id, "unit": r.unit, "kind": r.kind, "message": r.message}
                    for r in q.reports
                ],
            }
            for q in diff.quarters
        ],
        "definitions": [
            {"kind": d.kind, "id": d.id, "message": d.message} for d in diff.definitions
        ],
    }


def to_json(diff: DataDiff) -> str:
    return json.dumps(records(diff), ensure_ascii=False, indent=2, allow_nan=False)


# --- Markdown ------------------------------------------------------------------------------------


def _named(change: IndicatorChange) -> str:
    """技能培训（skill-training）: the name a reviewer knows, then the key the changed YAML shows
    (and which tells apart two indicators of one name)."""
    return change.name if change.name == change.id else f"{change.name}（{change.id}）"


def to_markdown(diff: DataDiff) -> str:
    """A pull-request comment: a heading, one sentence, a table per quarter, the definitions."""
    lines = [f"### {md_text(title(diff))}", ""]
    lines += [f"> **注意：**{md_text(note)}" for note in diff.notes]
    if diff.notes:
        lines.append("")
    lines += [md_text(summary_line(diff)), ""]
    for q in diff.quarters:
        lines += [f"#### {quarter_title(q)}", ""]
        if q.indicators:
            lines += ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|---|---|"]
            for c in q.indicators:
                cells = (
                    _named(c),
                    c.lead_unit,
                    old_values(c),
                    new_values(c),
                    completion_text(c),
                    status_text(c),
                )
                lines.append("| " + " | ".join(md_text(cell) for cell in cells) + " |")
            lines.append("")
        if q.reports:
            lines += [f"- {md_text(r.message)}" for r in q.reports] + [""]
    if diff.definitions:
        lines += ["#### 定义变更", ""]
        lines += [f"- {md_text(d.message)}" for d in diff.definitions] + [""]
    return "\n".join(lines)


# --- terminal ------------------------------------------------------------------------------------


def _status_cell(change: IndicatorChange) -> Text:
    text = Text(status_text(change))
    if change.status_new is not None and change.status_new is not change.status_old:
        end = len(text) - len(schedule_change(change))
        text.stylize(STATUS_STYLE[change.status_new], end - len(change.status_new.label), end)
    return text


def _table(q: QuarterChanges) -> Table:
    grid = Table(title=quarter_title(q), title_justify="left", title_style="bold", expand=True)
    grid.add_column(HEADER[0], style="cyan", no_wrap=True)
    grid.add_column(HEADER[1], ratio=2, overflow="fold")
    grid.add_column(HEADER[2], ratio=2, overflow="fold")
    grid.add_column(HEADER[3], ratio=2, overflow="fold")
    grid.add_column(HEADER[4], ratio=3, overflow="fold")
    grid.add_column(HEADER[5], ratio=2, overflow="fold")
    for c in q.indicators:
        grid.add_row(
            c.name, c.lead_unit, old_values(c), new_values(c), completion_text(c), _status_cell(c)
        )
    return grid


def view(diff: DataDiff) -> Group:
    parts: list[Table | Text] = [Text(title(diff), style="bold underline")]
    parts += [Text(f"注意：{note}", style="yellow") for note in diff.notes]
    parts.append(Text(summary_line(diff)))
    for q in diff.quarters:
        if q.indicators:
            parts.append(_table(q))
        else:
            parts.append(Text(quarter_title(q), style="bold"))
        parts += [Text(f"  • {r.message}") for r in q.reports]
    if diff.definitions:
        parts.append(Text("定义变更", style="bold"))
        parts += [Text(f"  • {d.message}") for d in diff.definitions]
    return Group(*parts)
