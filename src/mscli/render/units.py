"""Lead units' standing for a quarter: indicators, statuses, timeliness and (Q2, Q4) rank."""

from __future__ import annotations

import json
from collections import Counter

from rich.table import Table
from rich.text import Text

from mscli.completion import STATUS_ORDER
from mscli.render.status import STATUS_STYLE
from mscli.render.text import judged_on
from mscli.summary import QuarterSummary, Timeliness, UnitResult

TIMELINESS_STYLE = {
    Timeliness.on_time: "green",
    Timeliness.late: "yellow",
    Timeliness.pending: "cyan",
    Timeliness.missing: "bold red",
}


def timeliness_text(unit: UnitResult) -> str:
    if unit.submitted is None:
        return unit.timeliness.value + ("（草稿）" if unit.draft else "")
    return f"{unit.timeliness.value}（{unit.submitted.month}月{unit.submitted.day}日）"


def status_counts(unit: UnitResult) -> Text:
    counts = Counter(r.status for r in unit.indicators)
    text = Text()
    for status, n in sorted(counts.items(), key=lambda item: STATUS_ORDER.index(item[0])):
        if text:
            text.append("、")
        text.append(f"{status.label}{n}", style=STATUS_STYLE[status])
    return text


def to_json(summary: QuarterSummary) -> str:
    return json.dumps(
        [
            {
                "id": u.id,
                "name": u.name,
                "timeliness": u.timeliness.value,
                "submitted": u.submitted.isoformat() if u.submitted else None,
                "draft": u.draft,
                "deadline": summary.deadline.isoformat(),
                "as_of": summary.as_of.isoformat(),
                "score": u.score,
                "rank": u.rank,
                "indicators": [{"id": r.id, "status": r.status.label} for r in u.indicators],
            }
            for u in summary.units
        ],
        ensure_ascii=False,
        indent=2,
    )


def table(summary: QuarterSummary) -> Table:
    ranked = summary.ranked
    due = summary.deadline
    title = (
        f"{summary.year}年第{summary.quarter}季度牵头单位情况"
        f"（报送截止 {due.month}月{due.day}日）{judged_on(summary)}"
    )
    grid = Table(title=title, expand=True)
    if ranked:
        grid.add_column("排名", justify="right", no_wrap=True)
    grid.add_column("牵头单位", ratio=2, overflow="fold")
    grid.add_column("指标数", justify="right", no_wrap=True)
    grid.add_column("各状态指标数", ratio=3, overflow="fold")
    grid.add_column("报送", no_wrap=True)
    if ranked:
        grid.add_column("得分", justify="right", no_wrap=True)
    for unit in summary.units:
        cells: list[str | Text] = []
        if ranked:
            cells.append(str(unit.rank))
        cells += [
            unit.name,
            str(len(unit.indicators)),
            status_counts(unit),
            Text(timeliness_text(unit), style=TIMELINESS_STYLE[unit.timeliness]),
        ]
        if ranked:
            cells.append(f"{unit.score:.1f}")
        grid.add_row(*cells)
    if not ranked:
        grid.caption = "排名只在第二季度（年中）和第四季度（年末）评出。"
    return grid
