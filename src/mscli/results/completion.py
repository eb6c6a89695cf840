"""Completion against targets and against the time schedule (时序进度): pure functions, no I/O.

- metric completion = actual / target; a range counts its floor; a prohibition is complete while no
  incident occurred; a sustained rate (such as a pass rate) is met (1) or not (0) in every quarter;
- indicator completion is the mean of its metrics' completions, each capped at 1; a project's is the
  mean of its indicators', the programme's the mean of all indicators Ruzhou carries out (an indicator
  without a report counts 0); delegated indicators are listed but never counted;
- the schedule is 25/50/75/100% at the end of Q1-Q4 unless the indicator declares its own; sustained
  rates and prohibitions are held to their target every quarter (schedule 100%).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from mscli.catalogue.config import StatusRules
from mscli.catalogue.models import Indicator, Metric, MetricKind

DEFAULT_SCHEDULE = (25.0, 50.0, 75.0, 100.0)


class Status(StrEnum):
    done = "已完成"
    ahead = "超序时"
    on_schedule = "按序时"
    behind = "滞后"
    seriously_behind = "严重滞后"
    missing = "未报送"
    delegated = "上级实施"

    @property
    def label(self) -> str:
        return self.value


STATUS_ORDER = tuple(Status)


UNFINISHED = "未完成"
"""How the year-end circular names every counted indicator short of its target."""


def status_label(status: Status, *, year_end: bool) -> str:
    """The status as a circular words it: at the year's end an indicator is done or not done
    (未完成), never behind a schedule that has run out."""
    if year_end and status not in (Status.done, Status.missing, Status.delegated):
        return UNFINISHED
    return status.label


def labelled_counts(
    counts: Mapping[Status, int], *, year_end: bool, order: Sequence[Status] = tuple(Status)
) -> list[tuple[str, int, Status]]:
    """(label, count, first status counted under it) for each status that occurs, in `order`;
    at the year's end the statuses short of the target are counted together as 未完成."""
    found: dict[str, tuple[int, Status]] = {}
    for status in order:
        if counts.get(status, 0):
            label = status_label(status, year_end=year_end)
            n, first = found.get(label, (0, status))
            found[label] = (n + counts[status], first)
    return [(label, n, first) for label, (n, first) in found.items()]


def held_every_quarter(metric: Metric) -> bool:
    return metric.sustained or metric.kind is MetricKind.prohibition


def metric_completion(metric: Metric, actual: float) -> float:
    """How far `actual` (base units) goes towards the metric's target, uncapped."""
    if metric.kind is MetricKind.prohibition:
        return 1.0 if actual <= 0 else 0.0
    assert metric.value is not None
    if metric.sustained:
        return 1.0 if actual >= metric.value else 0.0
    if metric.value == 0:
        return 1.0
    return max(actual, 0.0) / metric.value


def metric_schedule(metric: Metric, indicator: Indicator, quarter: int) -> float:
    if held_every_quarter(metric):
        return 1.0
    return (indicator.schedule or DEFAULT_SCHEDULE)[quarter - 1] / 100


def indicator_completion(metrics: Sequence[Metric], actuals: Sequence[float]) -> float:
    """The rate a circular states for an indicator: one metric's true rate (2.81 against
    2.72万人次 is 103.3%, 超额完成); for several metrics, the mean of their rates each capped at
    100%, so that one metric's surplus never hides another's shortfall. Scores and totals cap
    it at 100% (`scored`)."""
    if len(metrics) == 1:
        return metric_completion(metrics[0], actuals[0])
    parts = [min(metric_completion(m, a), 1.0) for m, a in zip(metrics, actuals, strict=True)]
    return sum(parts) / len(parts) if parts else 0.0


def scored(completion: float) -> float:
    """A completion as the rules count it (project and overall rates, the units' scores): at
    most 100%."""
    return min(completion, 1.0)


def indicator_schedule(indicator: Indicator, quarter: int) -> float:
    metrics = indicator.target.metrics
    if not metrics:
        return (indicator.schedule or DEFAULT_SCHEDULE)[quarter - 1] / 100
    return sum(metric_schedule(m, indicator, quarter) for m in metrics) / len(metrics)


def classify(completion: float, schedule: float, rules: StatusRules) -> Status:
    """The status of a reported indicator Ruzhou carries out."""
    if completion >= 1.0 - 1e-9:
        return Status.done
    gap = (schedule - completion) * 100  # percentage points behind the schedule
    if gap <= -rules.ahead + 1e-9:
        return Status.ahead
    if gap <= rules.tolerance + 1e-9:
        return Status.on_schedule
    if gap <= rules.serious + 1e-9:
        return Status.behind
    return Status.seriously_behind


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
