"""The dashboard's small charts as inline SVG, drawn from computed results.

Why SVG from Python rather than a charting library: the charts are bars and ticks (a stacked
status bar, completion against schedule per quarter). A few rectangles need no library, no
bundled JavaScript to audit and licence, and the page stays a single file that prints exactly as
it shows. Every number drawn comes from the summary; nothing is computed in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from mscli.quantities import percent
from mscli.render.columns import STATUS_FILL
from mscli.results.completion import STATUS_ORDER, Status, labelled_counts

INK = "#333333"
SCHEDULE = "#c00000"
QUARTER_CN = "一二三四"


@dataclass(frozen=True)
class Point:
    """One quarter of an indicator's (or the whole programme's) history."""

    quarter: int
    completion: float | None
    schedule: float | None
    status: Status | None
    label: str = ""
    """The status as worded that quarter (未完成 at the year's end); the status's own label if empty."""


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def status_bar(
    counts: dict[Status, int], *, year_end: bool = False, width: int = 640, height: int = 26
) -> str:
    """One bar split by status, in the attachment's colours, each part labelled (at the year's
    end the statuses short of the target are one part, 未完成)."""
    total = sum(counts.values()) or 1
    parts = []
    x = 0.0
    for label, n, status in labelled_counts(counts, year_end=year_end, order=STATUS_ORDER):
        w = width * n / total
        parts.append(
            f'<g><rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" '
            f'fill="#{STATUS_FILL[status]}" stroke="#ffffff"/>'
            f"{_title(f'{label}{n}项')}"
            + (
                f'<text x="{x + w / 2:.1f}" y="{height / 2 + 5:.1f}" text-anchor="middle">'
                f"{escape(label)}{n}</text>"
                if w >= 44
                else ""
            )
            + "</g>"
        )
        x += w
    return (
        f'<svg class="statusbar" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="各状态指标数">{"".join(parts)}</svg>'
    )


PROJECTED = "#555555"


def history(
    points: Sequence[Point],
    *,
    width: int = 132,
    height: int = 44,
    label: str = "",
    projected: float | None = None,
    projected_words: str = "",
) -> str:
    """Four slots, one per quarter: a bar for the completion (in its status colour, capped at
    100%) and a red tick where the schedule stood. A quarter without figures is an empty slot.
    `projected`: the year-end rate at the current pace (mscli.results.projection), a dashed
    line from the last bar to the fourth quarter's slot, titled `projected_words`."""
    chart = height - 12
    slot = width / 4
    bar = slot * 0.56
    by_quarter = {p.quarter: p for p in points}
    shapes = [
        f'<line x1="0" y1="{chart}" x2="{width}" y2="{chart}" stroke="#999999" stroke-width="1"/>'
    ]
    for q in range(1, 5):
        x = (q - 1) * slot + (slot - bar) / 2
        shapes.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 1}" text-anchor="middle" '
            f'class="axis">{QUARTER_CN[q - 1]}</text>'
        )
        p = by_quarter.get(q)
        if p is None:
            continue
        words = [f"第{q}季度"]
        if p.completion is not None:
            h = chart * min(p.completion, 1.0)
            fill = STATUS_FILL[p.status] if p.status else "BDD7EE"
            shapes.append(
                f'<rect x="{x:.1f}" y="{chart - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="#{fill}" stroke="{INK}" stroke-width="0.6"/>'
            )
            words.append(f"完成率{percent(p.completion)}")
        else:
            shapes.append(
                f'<rect x="{x:.1f}" y="{chart - 6}" width="{bar:.1f}" height="6" fill="none" '
                f'stroke="#999999" stroke-dasharray="2 2"/>'
            )
            words.append("无完成值")
        if p.schedule is not None:
            y = chart - chart * min(p.schedule, 1.0)
            shapes.append(
                f'<line x1="{x - 3:.1f}" y1="{y:.1f}" x2="{x + bar + 3:.1f}" y2="{y:.1f}" '
                f'stroke="{SCHEDULE}" stroke-width="2"/>'
            )
            words.append(f"时序{percent(p.schedule, 0)}")
        if p.status is not None:
            words.append(p.label or p.status.label)
        shapes.append(
            f'<rect x="{(q - 1) * slot:.1f}" y="0" width="{slot:.1f}" height="{height}" '
            f'fill="transparent">{_title("，".join(words))}</rect>'
        )
    last = max(
        (p for p in points if p.completion is not None), key=lambda p: p.quarter, default=None
    )
    if projected is not None and last is not None and last.completion is not None:
        x1 = (last.quarter - 1) * slot + slot / 2
        y1 = chart - chart * min(last.completion, 1.0)
        x2 = 3 * slot + slot / 2
        y2 = chart - chart * min(max(projected, 0.0), 1.0)
        shapes.append(
            f'<line class="projected" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{PROJECTED}" stroke-width="1.5" stroke-dasharray="3 2">'
            f"{_title(projected_words or f'按目前进度预计年底完成率{percent(projected)}')}</line>"
        )
    name = escape(label or "各季度完成率与时序进度")
    return (
        f'<svg class="history" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{name}">{"".join(shapes)}</svg>'
    )


def score_bar(score: float, *, width: int = 120, height: int = 12) -> str:
    """A unit's score out of 100."""
    w = width * max(min(score, 100.0), 0.0) / 100
    return (
        f'<svg class="score" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="得分{score:.1f}">'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eeeeee"/>'
        f'<rect x="0" y="0" width="{w:.1f}" height="{height}" fill="#8faadc"/></svg>'
    )
