"""The year-end projection (预计): formula 预计 v2, by the plan where there is one. Pure, no I/O.

The rule, as the README states it:
- The figures are the lead unit's latest report submitted by the day judged (its quarter at most
  the quarter asked for), read as the cumulative value v at that quarter's end t (the same reading
  the 时序进度 uses). Drafts and reports dated later do not count.
- 按落实方案 (a metric whose lead unit's plan, not a draft, gives dated cumulative values): P(d) is
  the value the plan commits to by day d, read as the 时序进度 reads it (a straight line from 0 at
  the previous year's end through the nodes, flat after the last; mscli.plans.schedule), E =
  P(31 December) the plan's year-end value. The unit keeps to its plan in the ratio k = v / P(t)
  (P(t) the plan's value due by the report's date): projected year-end value = k × E; the target
  is reached on the first day d ≤ 31 December with k × P(d) ≥ target (none within the year
  otherwise). With nothing due yet (P(t) = 0): projected = max(E, v).
- 按年初以来平均进度 (no plan for the metric): pace = v / d, d the days from 31 December of the
  previous year to t; projected year-end value = v × D / d (D: the days of the year, 365 or 366);
  the target is reached on day ⌈target × d / v⌉; none at a pace of zero.
- Projected rate = the projected value against the target (a range against its floor); a share
  never passes 100%. Already reached when v is at the target.
- Outlook by the projected rate: 可完成 at `likely`% or more (config projection.likely, default
  100), 难以完成 below `unlikely`% (default 80), else 有风险. An indicator with several metrics
  takes its weakest metric's outlook.
- Only quantities are projected: metrics held every quarter (sustained rates, prohibitions) are
  judged each quarter, not projected. Milestones: the stage now overdue and by how many days;
  tasks: the days left to the due date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from mscli.catalogue.config import ProjectionRules
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Metric, MetricKind
from mscli.plans.records import Node, Plan
from mscli.plans.schedule import planned_value
from mscli.progress.reports import ProgressReport
from mscli.progress.submission import counts_as_report
from mscli.quarters import Quarter
from mscli.results.completion import held_every_quarter, indicator_completion, metric_completion
from mscli.results.milestones import StageState, item_progress
from mscli.results.summary import NodesByMetric, plan_nodes

FORMULA = "预计 v2"
"""The formula's name and version, as the README and every output name it."""
WORDING = "按目前进度预计"
"""How every output introduces a projected figure: a projection, never a fact."""


class Pace(StrEnum):
    """What a metric's projection goes by, in the words every output labels it with."""

    plan = "按落实方案"
    average = "按年初以来平均进度"


MIXED_PACE = "部分指标项按落实方案，其余按年初以来平均进度"


class Outlook(StrEnum):
    likely = "可完成"
    at_risk = "有风险"
    unlikely = "难以完成"


OUTLOOK_ORDER = (Outlook.unlikely, Outlook.at_risk, Outlook.likely)


@dataclass(frozen=True)
class MetricProjection:
    metric: Metric
    actual: float
    """The value reported, in base units."""
    target: float
    projected: float
    """The year-end value at the current pace, in base units."""
    rate: float
    """The projected value against the target (uncapped)."""
    reaches: dt.date | None
    """The day the target is reached at the current pace; None at a pace of zero."""
    reached: bool
    """The value reported is already at the target."""
    outlook: Outlook
    pace: Pace = Pace.average
    planned: float | None = None
    """按落实方案: the plan's value due by the report's date, P(t), in base units."""


@dataclass(frozen=True)
class ItemOutlook:
    """A milestone's or a task's stages on the day judged."""

    kind: MetricKind
    done: bool
    overdue: tuple[StageState, ...]
    """The stages due by the day and not reached, earliest first."""
    next: StageState | None
    """The first stage not reached (None when done)."""
    days_left: int | None
    """Days from the day judged to the next stage's planned date (negative when overdue)."""


@dataclass(frozen=True)
class IndicatorProjection:
    id: str
    name: str
    lead_unit: str
    lead_id: str | None
    quarter: int | None
    """The quarter of the report the figures come from; None without one."""
    measured_on: dt.date | None
    metrics: tuple[MetricProjection, ...] = ()
    item: ItemOutlook | None = None

    @property
    def rate(self) -> float | None:
        """The indicator's projected rate, as `indicator_completion` counts rates."""
        if not self.metrics:
            return None
        return indicator_completion(
            [m.metric for m in self.metrics], [m.projected for m in self.metrics]
        )

    @property
    def outlook(self) -> Outlook | None:
        if not self.metrics:
            return None
        return min((m.outlook for m in self.metrics), key=OUTLOOK_ORDER.index)

    @property
    def reaches(self) -> dt.date | None:
        """The day every metric's target is reached at its pace (None if one never is)."""
        days = [m.reaches for m in self.metrics]
        if not days or any(d is None for d in days):
            return None
        return max(d for d in days if d is not None)

    @property
    def reached(self) -> bool:
        return bool(self.metrics) and all(m.reached for m in self.metrics)

    @property
    def basis(self) -> str | None:
        """按落实方案 / 按年初以来平均进度 (or both, by metric); None when nothing is projected."""
        paces = {m.pace for m in self.metrics}
        if not paces:
            return None
        return next(iter(paces)).value if len(paces) == 1 else MIXED_PACE


@dataclass(frozen=True)
class Projection:
    year: int
    quarter: int
    day: dt.date
    """The day judged (at most the year's last day)."""
    rules: ProjectionRules
    indicators: tuple[IndicatorProjection, ...]
    formula: str = FORMULA

    @property
    def by_id(self) -> dict[str, IndicatorProjection]:
        return {p.id: p for p in self.indicators}

    def with_outlook(self, outlook: Outlook) -> tuple[IndicatorProjection, ...]:
        return tuple(p for p in self.indicators if p.outlook is outlook)

    @property
    def in_circular(self) -> bool:
        """Whether the quarter's circular lists the indicators 难以完成 (config)."""
        return self.quarter in self.rules.circular_quarters


def year_start(year: int) -> dt.date:
    """The day the pace counts from: 31 December of the previous year (day 0)."""
    return dt.date(year - 1, 12, 31)


def outlook_of(rate: float, rules: ProjectionRules) -> Outlook:
    if rate * 100 >= rules.likely - 1e-9:
        return Outlook.likely
    if rate * 100 >= rules.unlikely - 1e-9:
        return Outlook.at_risk
    return Outlook.unlikely


def project_metric(
    metric: Metric, actual: float, *, measured_on: dt.date, rules: ProjectionRules
) -> MetricProjection:
    """One metric's projection from its value on `measured_on` at the average pace since the
    year's start (按年初以来平均进度)."""
    start = year_start(measured_on.year)
    elapsed = max((measured_on - start).days, 1)
    days = (dt.date(measured_on.year, 12, 31) - start).days
    actual = max(actual, 0.0)
    projected = actual * days / elapsed
    if metric.kind is MetricKind.rate:
        projected = min(projected, 100.0)  # a share never passes the whole
    target = metric.base_target[0]
    rate = metric_completion(metric, projected)
    reached = metric_completion(metric, actual) >= 1.0 - 1e-9
    reaches: dt.date | None
    if reached:
        reaches = measured_on
    elif actual > 0:
        reaches = start + dt.timedelta(days=math.ceil(target * elapsed / actual - 1e-9))
    else:
        reaches = None
    return MetricProjection(
        metric, actual, target, projected, rate, reaches, reached, outlook_of(rate, rules)
    )


def project_by_plan(
    metric: Metric,
    actual: float,
    nodes: Sequence[Node],
    *,
    measured_on: dt.date,
    rules: ProjectionRules,
) -> MetricProjection | None:
    """One metric's projection by its plan's nodes (按落实方案); None when the nodes give no
    value for it (then the average pace applies)."""
    now = planned_value(nodes, metric, measured_on)
    year_end = dt.date(measured_on.year, 12, 31)
    end = planned_value(nodes, metric, year_end)
    if now is None or end is None:
        return None
    actual = max(actual, 0.0)
    target = metric.base_target[0]
    ratio = actual / now if now > 0 else None
    projected = end * ratio if ratio is not None else max(end, actual)
    if metric.kind is MetricKind.rate:
        projected = min(projected, 100.0)
    rate = metric_completion(metric, projected)
    reached = metric_completion(metric, actual) >= 1.0 - 1e-9
    reaches: dt.date | None = measured_on if reached else None
    if not reached and ratio:
        day = measured_on
        while day < year_end and reaches is None:
            day += dt.timedelta(days=1)
            value = planned_value(nodes, metric, day)
            if value is not None and ratio * value >= target - 1e-9:
                reaches = day
    return MetricProjection(
        metric,
        actual,
        target,
        projected,
        rate,
        reaches,
        reached,
        outlook_of(rate, rules),
        Pace.plan,
        now,
    )


def _latest(
    reports: Sequence[ProgressReport], unit_id: str, *, year: int, quarter: int, day: dt.date
) -> ProgressReport | None:
    found = [
        r
        for r in reports
        if r.unit_id == unit_id
        and r.year == year
        and r.quarter <= quarter
        and counts_as_report(r.data.submitted, as_of=day)
    ]
    return max(found, key=lambda r: r.quarter, default=None)


def _item(
    metric: Metric,
    report: ProgressReport | None,
    row: Row,
    nodes: NodesByMetric | None,
    *,
    day: dt.date,
    year: int,
) -> ItemOutlook:
    planned = nodes.get(metric.id) if nodes else None
    reached = report.reached(row.indicator.id, metric) if report else None
    progress = item_progress(metric, planned, reached, day=day, year=year)
    following = progress.next
    left = None
    if following is not None and following.planned is not None:
        left = (following.planned - day).days
    return ItemOutlook(metric.kind, progress.done, progress.overdue, following, left)


def project(
    catalogue: Catalogue,
    reports: Sequence[ProgressReport],
    *,
    quarter: int,
    as_of: dt.date,
    rules: ProjectionRules | None = None,
    year: int | None = None,
    plans: Sequence[Plan] = (),
) -> Projection:
    """Every indicator the county carries out with one lead unit, projected on `as_of` from the
    reports of `quarter` and before (see the module's docstring)."""
    rules = rules or ProjectionRules()
    year = year or catalogue.programme.year
    day = min(as_of, dt.date(year, 12, 31))
    nodes = plan_nodes(catalogue, plans, year=year)
    found = []
    for project_ in catalogue.projects:
        for row in catalogue.rows_of(project_):
            indicator = row.indicator
            if indicator.target.delegated:
                continue
            leads = catalogue.lead_units(row)
            lead_id = leads[0].id if len(leads) == 1 else None
            report = (
                _latest(reports, lead_id, year=year, quarter=quarter, day=day) if lead_id else None
            )
            entry = report.data.indicators.get(indicator.id) if report else None
            measured = Quarter(year, report.quarter).end if report else None
            base = IndicatorProjection(
                indicator.id,
                indicator.label,
                catalogue.lead_name(row),
                lead_id,
                report.quarter if report and entry else None,
                measured if entry else None,
            )
            staged = [m for m in indicator.target.metrics if m.kind.staged]
            if staged:
                item = _item(
                    staged[0],
                    report if entry else None,
                    row,
                    nodes.get(indicator.id),
                    day=day,
                    year=year,
                )
                found.append(replace(base, item=item))
                continue
            quantities = [m for m in indicator.target.metrics if not held_every_quarter(m)]
            if not quantities:
                continue
            metrics: list[MetricProjection] = []
            for metric in quantities:
                value = report.reading(indicator.id, metric).base if report and entry else None
                if value is None or measured is None:
                    metrics = []
                    break
                planned = (nodes.get(indicator.id) or {}).get(metric.id)
                by_plan = (
                    project_by_plan(metric, value, planned, measured_on=measured, rules=rules)
                    if planned
                    else None
                )
                metrics.append(
                    by_plan or project_metric(metric, value, measured_on=measured, rules=rules)
                )
            found.append(replace(base, metrics=tuple(metrics)))
    return Projection(year, quarter, day, rules, tuple(found))
