"""Items that are not counts: milestones (stages reached on dates) and tasks (done on a date).

The rule, as the README states it:
- A stage's planned date comes from the lead unit's plan (a node `{stage: 主体完工, date: …}`); a
  task's due date from its plan's node, else the catalogue's `due`. The last stage (a task's only
  one) without a planned date is due at the year's end; an earlier stage without one has no date
  of its own and is never overdue.
- Judged on a day D (a quarter's end in the quarter's summary): a stage is reached when the
  report names it with a date no later than D; it is overdue when its planned date is D or
  earlier and it is not reached.
- Status: 已完成 when the last stage is reached; 严重滞后 when `stages_serious` stages (config,
  default 2) are overdue, or one has been overdue more than `days_serious` days (default 60);
  滞后 when a stage is overdue; else 按序时 (every stage due by then is reached).
- Averages (the programme's and a project's completion, a unit's score) count a milestone as the
  share of its stages reached and its schedule as the share due by D; neither share is ever
  shown as a percentage: renderers word the stages (mscli.render.stages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mscli.catalogue.config import StatusRules
from mscli.catalogue.models import Metric, MetricKind
from mscli.plans.records import Node
from mscli.results.completion import Status


@dataclass(frozen=True)
class StageState:
    name: str
    planned: dt.date | None
    """The date the stage is due by; None for an earlier stage the plan gives no date."""
    reached: dt.date | None
    """The date the report says the stage was reached, when no later than the day judged."""
    day: dt.date

    @property
    def overdue(self) -> bool:
        return self.reached is None and self.planned is not None and self.planned <= self.day

    @property
    def days_late(self) -> int:
        return (self.day - self.planned).days if self.overdue and self.planned else 0


@dataclass(frozen=True)
class ItemProgress:
    """A milestone's or a task's stages on the day judged."""

    kind: MetricKind
    stages: tuple[StageState, ...]
    day: dt.date
    planned: bool
    """Whether the dates come from the lead unit's plan (else the catalogue or the year's end)."""

    @property
    def reached(self) -> tuple[StageState, ...]:
        return tuple(s for s in self.stages if s.reached is not None)

    @property
    def overdue(self) -> tuple[StageState, ...]:
        return tuple(s for s in self.stages if s.overdue)

    @property
    def done(self) -> bool:
        return bool(self.stages) and self.stages[-1].reached is not None

    @property
    def next(self) -> StageState | None:
        """The first stage after the last one reached (None when done)."""
        last = max((i for i, s in enumerate(self.stages) if s.reached), default=-1)
        return self.stages[last + 1] if last + 1 < len(self.stages) else None

    @property
    def shown(self) -> tuple[object, ...]:
        """What the item's wording depends on: the stages' dates reached, and the planned dates
        while it is not done (a plan's date moved after completion changes nothing)."""
        planned = () if self.done else tuple(s.planned for s in self.stages)
        return (tuple(s.reached for s in self.stages), planned, self.day)

    @property
    def completion(self) -> float:
        """The share of stages reached (for averages only, never shown)."""
        return 1.0 if self.done else len(self.reached) / len(self.stages)

    @property
    def schedule(self) -> float:
        """The share of stages due by the day (for averages only, never shown)."""
        due = sum(s.planned is not None and s.planned <= self.day for s in self.stages)
        return due / len(self.stages)


def planned_dates(metric: Metric, nodes: Sequence[Node] | None, year: int) -> dict[str, dt.date]:
    """Each stage's due date: the plan's, a task's catalogue `due`, the year's end for the last."""
    steps = metric.steps
    found: dict[str, dt.date] = {}
    if metric.kind is MetricKind.task:
        if nodes:
            found[steps[0]] = nodes[0].date
        elif metric.due is not None:
            found[steps[0]] = metric.due
    else:
        for node in nodes or ():
            if node.stage in steps and node.stage not in found:
                found[node.stage] = node.date
    found.setdefault(steps[-1], dt.date(year, 12, 31))
    return found


def item_progress(
    metric: Metric,
    nodes: Sequence[Node] | None,
    reported: Mapping[str, dt.date] | None,
    *,
    day: dt.date,
    year: int,
) -> ItemProgress:
    """Where a milestone or task stands on `day`: `nodes` from the plan (None without one),
    `reported` the stages the report names with their dates."""
    planned = planned_dates(metric, nodes, year)
    stages = []
    for name in metric.steps:
        when = (reported or {}).get(name)
        stages.append(
            StageState(name, planned.get(name), when if when and when <= day else None, day)
        )
    return ItemProgress(metric.kind, tuple(stages), day, bool(nodes))


def item_status(progress: ItemProgress, rules: StatusRules) -> Status:
    if progress.done:
        return Status.done
    overdue = progress.overdue
    if not overdue:
        return Status.on_schedule
    serious = len(overdue) >= rules.stages_serious and progress.kind is MetricKind.milestone
    if serious or max(s.days_late for s in overdue) > rules.days_serious:
        return Status.seriously_behind
    return Status.behind
