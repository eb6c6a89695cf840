"""Lead units' standing for a quarter: indicators, statuses, timeliness and (Q2, Q4) rank."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence

from rich.console import RenderableType
from rich.text import Text

from mscli.quantities import chinese_date
from mscli.render.terminal import fit
from mscli.render.terminal.status import STATUS_STYLE
from mscli.render.text import judged_on, year_record_text
from mscli.results.completion import STATUS_ORDER, labelled_counts
from mscli.results.nodes import NodeState, NodeWarning
from mscli.results.summary import QuarterSummary, Timeliness, UnitResult

TIMELINESS_STYLE = {
    Timeliness.on_time: "green",
    Timeliness.late: "yellow",
    Timeliness.pending: "cyan",
    Timeliness.missing: "bold red",
}


def timeliness_text(unit: UnitResult) -> str:
    """This quarter's standing (按时报送（12月20日）), at year end with the year's record."""
    if unit.submitted is None:
        text = unit.timeliness.value + ("（草稿）" if unit.draft else "")
    else:
        text = f"{unit.timeliness.value}（{unit.submitted.month}月{unit.submitted.day}日）"
    year = year_record_text(unit)
    return f"{text}；{year}" if year else text


def status_counts(unit: UnitResult) -> fit.Words:
    counts = Counter(r.status for r in unit.indicators)
    year_end = any(r.year_end for r in unit.indicators)
    shown = labelled_counts(counts, year_end=year_end, order=STATUS_ORDER)
    return fit.Words(tuple(Text(f"{label}{n}", style=STATUS_STYLE[s]) for label, n, s in shown))


def node_counts(nodes: Sequence[NodeWarning], unit_id: str) -> dict[str, int]:
    """How many of the unit's plan nodes stand at each state: {"逾期": 1, "正常": 2}."""
    counts = Counter(n.state for n in nodes if n.unit_id == unit_id)
    return {s.value: counts[s] for s in NodeState if counts[s]}


def nodes_lines(summary: QuarterSummary, nodes: Sequence[NodeWarning]) -> list[str]:
    """One line per unit with an overdue or due-soon node: 市人社局：逾期1个、临期1个."""
    lines = []
    for u in summary.units:
        counts = node_counts([n for n in nodes if n.warned], u.id)
        if counts:
            parts = "、".join(f"{state}{n}个" for state, n in counts.items())
            lines.append(f"{u.name}：落实方案时间节点{parts}（mscli remind 列出责任人）")
    return lines


def to_json(summary: QuarterSummary, nodes: Sequence[NodeWarning] = ()) -> str:
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
                "quarter_score": u.quarter_score,
                "year_record": [
                    {"quarter": r.quarter, "timeliness": r.timeliness.value, "score": r.score}
                    for r in u.record
                ],
                "indicators": [{"id": r.id, "status": r.label} for r in u.indicators],
                "nodes": node_counts(nodes, u.id),
            }
            for u in summary.units
        ],
        ensure_ascii=False,
        allow_nan=False,
        indent=2,
    )


COLUMNS = (
    fit.Column("排名", "token", justify="right"),
    fit.Column("牵头单位", "text", minimum=10, comfortable=22, share=2),
    fit.Column("编号", "token", style="cyan", optional=1),
    fit.Column("指标数", "token", justify="right", optional=2),
    fit.Column("各状态指标数", "text", minimum=10, share=3),
    fit.Column("报送", "token"),
    fit.Column("得分", "token", justify="right"),
)
RANKED_ONLY = {"排名", "得分"}


def _row(unit: UnitResult) -> tuple[fit.Cell, ...]:
    return (
        str(unit.rank or ""),
        unit.name,
        unit.id,
        str(len(unit.indicators)),
        status_counts(unit),
        Text(timeliness_text(unit), style=TIMELINESS_STYLE[unit.timeliness]),
        f"{unit.score:.1f}",
    )


def _layout(summary: QuarterSummary, width: int) -> Iterator[RenderableType]:
    due = summary.deadline
    title = (
        f"{summary.year}年第{summary.quarter}季度牵头单位情况"
        f"（报送截止 {due.month}月{due.day}日）{judged_on(summary)}"
    )
    yield fit.lines(title, width, "bold")
    keep = [i for i, c in enumerate(COLUMNS) if summary.ranked or c.title not in RANKED_ONLY]
    columns = [COLUMNS[i] for i in keep]
    rows = [[_row(u)[i] for i in keep] for u in summary.units]
    layout = fit.lay_out(columns, rows, width)
    if layout is not None:
        yield fit.table(columns, layout, rows)
    else:
        for row in rows:
            yield Text(" ").join(fit.clip(c, width) for c in row)
    if not summary.ranked:
        yield fit.lines("排名只在第二季度（年中）和第四季度（年末）评出。", width, "dim")
    elif any(u.rank is None for u in summary.units):
        yield fit.lines(
            f"尚未到报送截止日（{chinese_date(summary.deadline)}）而未报送的单位暂不排名，截止后参加排名。",
            width,
            "dim",
        )


def table(summary: QuarterSummary) -> fit.Fitted:
    """One row per lead unit; the id and the count of indicators only where there is room."""
    return fit.Fitted(lambda width: _layout(summary, width))
