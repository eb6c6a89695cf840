"""The columns of the per-indicator table, shared by the circular's attachment, the CSV export and
any later view (the dashboard): one title, one wording and one kind per column.

Each output puts its own key column in front: the attachment numbers its rows (序号), the CSV names
the indicator's id (编号). `kind` tells a layout what may wrap: `text` wraps freely, every other
kind is a single token that must stay on one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mscli.catalogue.models import Structure
from mscli.render.text import actuals, completion_text, schedule_figure, targets
from mscli.results.completion import Status, status_label
from mscli.results.summary import IndicatorResult

Kind = Literal["text", "number", "percent", "status"]

STATUS_FILL: dict[Status, str] = {
    Status.done: "E1F4E1",
    Status.ahead: "CEE8C2",
    Status.on_schedule: "B7D1EA",
    Status.behind: "D7C061",
    Status.seriously_behind: "E09393",
    Status.missing: "D58557",
    Status.delegated: "FAFAFA",
}
"""The status cell's shading in the circular's attachment; the dashboard uses the same colours.
A ladder of greys as well as of hues, lighter the better the standing, so that a black-and-white
print still tells the statuses apart (tests/test_status_fills.py)."""


@dataclass(frozen=True)
class IndicatorColumn:
    key: str
    title: str
    kind: Kind
    value: Callable[[IndicatorResult, bool], str]
    """The cell's text for an indicator; the flag is `year_end` (a Q4 circular words statuses)."""
    align: str = "left"

    @property
    def wraps(self) -> bool:
        return self.kind == "text"


INDICATOR_COLUMNS: tuple[IndicatorColumn, ...] = (
    IndicatorColumn("project", "项目", "text", lambda r, _: r.project),
    IndicatorColumn("text", "指标任务", "text", lambda r, _: r.text),
    IndicatorColumn("target", "本级目标", "text", lambda r, _: targets(r)),
    IndicatorColumn("actual", "累计完成", "text", lambda r, _: actuals(r)),
    IndicatorColumn("completion", "完成率", "percent", lambda r, _: completion_text(r), "center"),
    IndicatorColumn("schedule", "时序进度", "percent", lambda r, _: schedule_figure(r), "center"),
    IndicatorColumn(
        "status",
        "状态",
        "status",
        lambda r, year_end: status_label(r.status, year_end=year_end),
        "center",
    ),
    IndicatorColumn("lead_unit", "牵头单位", "text", lambda r, _: r.lead_unit),
)
ROW_NUMBER = IndicatorColumn("number", "序号", "number", lambda r, _: "", "center")
"""The attachment's key column; its values are the row numbers, filled in by the caller."""
PROJECT_COLUMN = next(i for i, c in enumerate(INDICATOR_COLUMNS) if c.key == "project")
STATUS_COLUMN = next(i for i, c in enumerate(INDICATOR_COLUMNS) if c.key == "status")


def column_title(column: IndicatorColumn, structure: Structure) -> str:
    """A column's heading for this programme: 汝州市目标 becomes 青山县目标 for 青山县's own."""
    if column.key == "target":
        return f"{structure.county}目标"
    return column.title


def indicator_cells(result: IndicatorResult, *, year_end: bool) -> tuple[str, ...]:
    """One indicator's cells, in INDICATOR_COLUMNS' order."""
    return tuple(column.value(result, year_end) for column in INDICATOR_COLUMNS)
