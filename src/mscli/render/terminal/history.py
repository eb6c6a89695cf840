"""Status history (mscli.results.history) as a terminal table or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from mscli.quantities import percent
from mscli.render.terminal import fit
from mscli.render.terminal.status import STATUS_STYLE
from mscli.results.completion import UNFINISHED, Status
from mscli.results.escalation import Escalation, Level
from mscli.results.history import IndicatorHistory, QuarterState, UnitHistory, YearHistory

QUARTER_CN = "一二三四"
SHORT: dict[str, str] = {
    Status.done.label: "完",
    Status.ahead.label: "超",
    Status.on_schedule.label: "按",
    Status.behind.label: "滞",
    Status.seriously_behind.label: "严",
    Status.missing.label: "缺",
    Status.delegated.label: "上",
    UNFINISHED: "未",
}
"""One character per quarter in the compact row of `status`, by the quarter's wording (the
year's end says 未完成, not 滞后)."""
LEVEL_STYLE = {Level.none: "", Level.supervised: "yellow", Level.listed: "bold red"}


def compact(states: Sequence[QuarterState], quarters: int = 4) -> Text:
    """一季度到四季度各一个字，按状态着色：滞滞按完；没有的季度为 ·。"""
    by_quarter = {s.quarter: s for s in states}
    text = Text()
    for q in range(1, quarters + 1):
        s = by_quarter.get(q)
        if s is None:
            text.append("·", style="dim")
        else:
            text.append(SHORT[s.label], style=STATUS_STYLE[s.status])
    return text


def compact_plain(states: Sequence[QuarterState]) -> str:
    return compact(states).plain


def streak_text(n: int) -> str:
    return f"连续{n}个季度滞后" if n else "—"


def _state_cell(s: QuarterState | None) -> fit.Cell:
    if s is None:
        return Text("—", style="dim")
    return Text(s.label, style=STATUS_STYLE[s.status])


def _level_cell(e: Escalation | None) -> fit.Cell:
    if e is None or e.level is Level.none:
        return "—" if e is None or not e.released else "已解除"
    return Text(e.level.value, style=LEVEL_STYLE[e.level])


def _columns(history: YearHistory, first: str) -> tuple[fit.Column, ...]:
    return (
        fit.Column(first, "text", minimum=8, comfortable=16, style="bold", share=2),
        *(fit.Column(f"{QUARTER_CN[q - 1]}季度", "token") for q in history.quarters),
        fit.Column("连续滞后", "token"),
        fit.Column("督办", "token"),
    )


def _row(
    name: str,
    states: Sequence[QuarterState],
    history: YearHistory,
    escalation: Escalation | None,
) -> tuple[fit.Cell, ...]:
    by_quarter = {s.quarter: s for s in states}
    return (
        name,
        *(_state_cell(by_quarter.get(q)) for q in history.quarters),
        streak_text(escalation.streak if escalation else 0),
        _level_cell(escalation),
    )


def _layout(
    history: YearHistory,
    indicators: Sequence[IndicatorHistory],
    units: Sequence[UnitHistory],
    escalations: dict[str, Escalation],
    width: int,
) -> Iterator[RenderableType]:
    quarters = "、".join(f"第{QUARTER_CN[q - 1]}季度" for q in history.quarters)
    yield fit.lines(f"{history.year}年各季度状态（{quarters}）", width, "bold underline")
    for title, items in (("指标", indicators), ("牵头单位", units)):
        if not items:
            continue
        columns = _columns(history, title)
        rows = [_row(h.name, h.states, history, escalations.get(_key(h))) for h in items]
        layout = fit.lay_out(columns, rows, width)
        if layout is None:
            yield Text("\n".join(f"{h.name} {compact_plain(h.states)}" for h in items))
        else:
            yield fit.table(columns, layout, rows, boxed=True, header=True)
    yield fit.lines(
        "滞后、严重滞后、未报送均算作滞后；连续滞后为截至最近一个季度连续滞后的季度数。",
        width,
        "dim",
    )


def _key(h: IndicatorHistory | UnitHistory) -> str:
    return ("unit:" if isinstance(h, UnitHistory) else "") + h.id


def table(
    history: YearHistory,
    indicators: Sequence[IndicatorHistory],
    units: Sequence[UnitHistory],
    escalations: dict[str, Escalation],
) -> fit.Fitted:
    """`escalations` by indicator id, and by "unit:" + unit id."""
    return fit.Fitted(lambda width: _layout(history, indicators, units, escalations, width))


def _states(states: Sequence[QuarterState]) -> list[dict[str, Any]]:
    return [
        {
            "quarter": s.quarter,
            "status": s.label,
            "schedule_status": s.status.label,
            "behind": s.behind,
            "completion": None if s.completion is None else round(s.completion, 6),
            "schedule": None if s.schedule is None else round(s.schedule, 6),
        }
        for s in states
    ]


def escalation_record(e: Escalation | None) -> dict[str, Any]:
    if e is None:
        return {"level": None, "streak": 0, "events": []}
    return {
        "level": e.level.value or None,
        "streak": e.streak,
        "released": e.released,
        "events": [
            {"quarter": step.quarter, "level": step.level.value or None, "event": step.event}
            for step in e.steps
            if step.event
        ],
    }


def to_json(
    history: YearHistory,
    indicators: Sequence[IndicatorHistory],
    units: Sequence[UnitHistory],
    escalations: dict[str, Escalation],
) -> str:
    found = {
        "year": history.year,
        "quarters": list(history.quarters),
        "as_of": history.as_of.isoformat(),
        "indicators": [
            {
                "id": h.id,
                "name": h.name,
                "lead_unit": h.lead_unit,
                "quarters": _states(h.states),
                "streak": h.streak,
                "longest": h.longest,
                "escalation": escalation_record(escalations.get(h.id)),
            }
            for h in indicators
        ],
        "units": [
            {
                "id": h.id,
                "name": h.name,
                "indicators": list(h.indicators),
                "quarters": _states(h.states),
                "streak": h.streak,
                "longest": h.longest,
                "escalation": escalation_record(escalations.get("unit:" + h.id)),
            }
            for h in units
        ],
    }
    return json.dumps(found, ensure_ascii=False, indent=2, allow_nan=False)


def completion_words(s: QuarterState) -> str:
    return "—" if s.completion is None else percent(s.completion)
