"""A quarter's summary: every indicator's status, each project's and lead unit's standing.

Pure: takes the loaded catalogue, the reports, the rules and the day it is judged on, returns
frozen values. Every number in the status views and the circular comes from here. Only reports
submitted by that day count (mscli.progress.submission): a draft's pre-filled values are not progress.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from mscli.catalogue.config import StatusRules
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Level, Metric, MetricKind, Programme, Structure
from mscli.plans.records import Node, Plan
from mscli.plans.schedule import Basis, planned_share
from mscli.progress.reports import IndicatorProgress, ProgressReport
from mscli.progress.submission import Timeliness as Timeliness
from mscli.progress.submission import counts_as_report, timeliness
from mscli.quarters import Quarter
from mscli.results.completion import (
    Status,
    classify,
    held_every_quarter,
    indicator_completion,
    indicator_schedule,
    mean,
    metric_completion,
    metric_schedule,
    scored,
    status_label,
)
from mscli.results.milestones import ItemProgress, item_progress, item_status

RANKED_QUARTERS = (2, 4)


@dataclass(frozen=True)
class MetricResult:
    metric: Metric
    actual: float | None
    completion: float | None
    item: ItemProgress | None = None
    """A milestone's or a task's stages on the day judged (mscli.results.milestones)."""

    @property
    def id(self) -> str:
        return self.metric.id

    @property
    def name(self) -> str:
        return self.metric.name

    @property
    def kind(self) -> MetricKind:
        return self.metric.kind

    @property
    def target(self) -> float:
        return self.metric.base_target[0]

    @property
    def unit(self) -> str:
        return self.metric.base_target[1]

    @property
    def display_unit(self) -> str | None:
        return self.metric.display_unit


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    name: str
    """The indicator's Chinese name, what a clerk knows it by (its id is for files and JSON)."""
    project_id: str
    project: str
    text: str
    lead_unit: str
    lead_id: str | None
    status: Status
    completion: float | None
    schedule: float | None
    metrics: tuple[MetricResult, ...]
    delegated_to: tuple[str, ...] = ()
    report: IndicatorProgress | None = None
    schedule_basis: Basis = Basis.even
    """Which schedule `schedule` comes from: the unit's plan (落实方案) or the default."""
    year_end: bool = False
    """The quarter is the year's last: an indicator short of its target is 未完成, not 滞后."""

    @property
    def label(self) -> str:
        """The status as every output words it, the year-end circular's vocabulary included."""
        return status_label(self.status, year_end=self.year_end)

    @property
    def counted(self) -> bool:
        return self.status is not Status.delegated

    @property
    def item(self) -> ItemProgress | None:
        """A milestone's or a task's stages: such an indicator has that one metric."""
        return self.metrics[0].item if len(self.metrics) == 1 else None


@dataclass(frozen=True)
class ProjectResult:
    id: str
    block: str
    number: int
    title: str
    lead_unit: str
    indicators: tuple[IndicatorResult, ...]
    completion: float | None

    @property
    def schedule(self) -> float | None:
        return counted_schedule(self.indicators)


@dataclass(frozen=True)
class QuarterRecord:
    """A unit's standing in one earlier quarter of the year: part of its 年末 score."""

    quarter: int
    timeliness: Timeliness
    score: float


@dataclass(frozen=True)
class UnitResult:
    id: str
    name: str
    indicators: tuple[IndicatorResult, ...]
    timeliness: Timeliness
    submitted: dt.date | None
    """The submission date of the report that counts on the day judged on; None without one."""
    score: float
    rank: int | None = None
    draft: bool = False
    """The unit has a file for the quarter that is not (yet) a report: a draft, or dated later."""
    record: tuple[QuarterRecord, ...] = ()
    """At year end, the unit's earlier quarters of the year that have reports on file; `score` is
    then the year's (see year_score), `quarter_score` the fourth quarter's own."""
    quarter_score: float | None = None

    @property
    def late_or_missing(self) -> dict[Timeliness, tuple[int, ...]]:
        """Quarters of the year reported late or not at all (the earlier ones and this one)."""
        found: dict[Timeliness, tuple[int, ...]] = {}
        for quarter, state in [
            *((r.quarter, r.timeliness) for r in self.record),
            (4, self.timeliness),
        ]:
            if state in (Timeliness.late, Timeliness.missing):
                found[state] = (*found.get(state, ()), quarter)
        return found


@dataclass(frozen=True)
class QuarterSummary:
    year: int
    quarter: int
    deadline: dt.date
    next_deadline: dt.date
    as_of: dt.date
    """The day the summary is judged on: reports submitted later do not count yet."""
    programme: Programme
    projects: tuple[ProjectResult, ...]
    units: tuple[UnitResult, ...]
    completion: float | None
    counts: dict[Status, int] = field(default_factory=dict)
    structure: Structure = field(default_factory=Structure)
    """Whose programme it is: the names the wording uses (units.yaml's structure)."""
    year_weight: float = 0.0
    """At year end, the % of the units' scores that comes from the earlier quarters (year_score);
    0 when the scores are the fourth quarter's alone."""

    @cached_property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        """Every indicator's result in catalogue order (gathered once: pages ask for it per row)."""
        return tuple(i for p in self.projects for i in p.indicators)

    @cached_property
    def by_id(self) -> dict[str, IndicatorResult]:
        """Every indicator's result by the indicator's id."""
        return {i.id: i for i in self.indicators}

    @property
    def schedule(self) -> float | None:
        """Where the counted indicators should stand by the quarter's end, on average: what the
        overall completion is measured against."""
        return counted_schedule(self.indicators)

    @property
    def ranked(self) -> bool:
        return self.quarter in RANKED_QUARTERS

    @property
    def year_end(self) -> bool:
        """The year's last quarter: the year-end circular's vocabulary (未完成) everywhere."""
        return self.quarter == 4

    @property
    def deadline_passed(self) -> bool:
        return self.as_of > self.deadline


NodesByMetric = Mapping[str, Sequence[Node]]


def _schedule(row: Row, quarter: Quarter, nodes: NodesByMetric | None) -> tuple[float, Basis]:
    """The indicator's 时序进度 at the quarter's end and where it comes from: each metric's plan
    nodes when the plan gives them (mscli.plans.schedule), else the catalogue's schedule."""
    indicator = row.indicator
    default = Basis.catalogue if indicator.schedule else Basis.even
    metrics = indicator.target.metrics
    if not metrics:
        return indicator_schedule(indicator, quarter.number), default
    shares, planned, unplanned = [], 0, 0
    for metric in metrics:
        share = None
        if nodes and metric.id in nodes and not held_every_quarter(metric):
            share = planned_share(nodes[metric.id], metric, quarter.end)
        if share is None:
            share = metric_schedule(metric, indicator, quarter.number)
            unplanned += not held_every_quarter(metric)
        else:
            planned += 1
        shares.append(share)
    if planned and unplanned:
        basis = Basis.partly
    elif planned:
        basis = Basis.plan
    elif not unplanned:
        basis = Basis.held
    else:
        basis = default
    return sum(shares) / len(shares), basis


def _indicator(
    catalogue: Catalogue,
    row: Row,
    report: ProgressReport | None,
    quarter: int,
    rules: StatusRules,
    nodes: NodesByMetric | None = None,
    year: int | None = None,
) -> IndicatorResult:
    indicator = row.indicator
    leads = catalogue.lead_units(row)
    lead_id = leads[0].id if len(leads) == 1 else None
    entry = report.data.indicators.get(indicator.id) if report else None
    metrics = []
    for metric in indicator.target.metrics:
        actual = report.reading(indicator.id, metric).base if report else None
        done = None if actual is None else metric_completion(metric, actual)
        metrics.append(MetricResult(metric, actual, done))
    result = IndicatorResult(
        id=indicator.id,
        name=indicator.label,
        project_id=row.project.id,
        project=row.project.title,
        text=indicator.text,
        lead_unit=catalogue.lead_name(row),
        lead_id=lead_id,
        status=Status.missing,
        completion=None,
        schedule=None,
        metrics=tuple(metrics),
        report=entry,
        year_end=quarter == 4,
    )
    if indicator.target.delegated:
        owners = catalogue.unit_names(indicator.target.delegated_to, Level.prefecture)
        return replace(result, status=Status.delegated, delegated_to=owners)
    when = Quarter(year or catalogue.programme.year, quarter)
    staged = [m for m in indicator.target.metrics if m.kind.staged]
    if staged:
        return _item(result, staged[0], report, nodes, when, rules)
    schedule, basis = _schedule(row, when, nodes)
    result = replace(result, schedule_basis=basis)
    if entry is None or any(m.actual is None for m in metrics):
        return replace(result, schedule=schedule)
    actuals = [m.actual for m in metrics if m.actual is not None]
    completion = indicator_completion(indicator.target.metrics, actuals)
    return replace(
        result,
        status=classify(completion, schedule, rules),
        completion=completion,
        schedule=schedule,
    )


def _item(
    result: IndicatorResult,
    metric: Metric,
    report: ProgressReport | None,
    nodes: NodesByMetric | None,
    when: Quarter,
    rules: StatusRules,
) -> IndicatorResult:
    """A milestone or a task on the quarter's end (mscli.results.milestones)."""
    planned = nodes.get(metric.id) if nodes else None
    reached = report.reached(result.id, metric) if report else None
    item = item_progress(metric, planned, reached, day=when.end, year=when.year)
    if planned:
        basis = Basis.plan
    elif metric.kind is MetricKind.task and metric.due is not None:
        basis = Basis.due_by_catalogue
    else:
        basis = Basis.year_end
    shown = MetricResult(
        metric,
        None if reached is None else float(len(item.reached)),
        None if reached is None else item.completion,
        item,
    )
    result = replace(result, metrics=(shown,), schedule=item.schedule, schedule_basis=basis)
    if reached is None:
        return result
    return replace(result, status=item_status(item, rules), completion=item.completion)


def plan_nodes(
    catalogue: Catalogue, plans: Sequence[Plan], *, year: int
) -> dict[str, NodesByMetric]:
    """Each indicator's time nodes by metric, from the plan of a unit that leads it, of `year`;
    a draft plan (draft: true) is not used."""
    found: dict[str, NodesByMetric] = {}
    for plan in plans:
        if plan.year != year or plan.data.draft:
            continue
        for indicator_id, entry in plan.data.indicators.items():
            row = catalogue.by_indicator.get(indicator_id)
            if row is None or not entry.nodes:
                continue
            if plan.unit_id in {u.id for u in catalogue.lead_units(row)}:
                found.setdefault(indicator_id, entry.nodes)
    return found


def counted_completion(results: tuple[IndicatorResult, ...]) -> float | None:
    """Mean completion of the indicators Ruzhou carries out, each at most 100% (an indicator's
    surplus does not make up another's shortfall); one without a report counts 0."""
    return mean([scored(r.completion or 0.0) for r in results if r.counted])


def counted_schedule(results: tuple[IndicatorResult, ...]) -> float | None:
    """Mean schedule of the indicators Ruzhou carries out."""
    return mean([r.schedule or 0.0 for r in results if r.counted])


def unit_score(
    results: tuple[IndicatorResult, ...], timeliness: Timeliness, rules: StatusRules
) -> float:
    """100 × mean over the unit's indicators of min(completion / schedule, 1), less a penalty for
    a late report; a unit without a report (yet) scores 0."""
    if not timeliness.reported:
        return 0.0
    parts = []
    for r in results:
        if r.completion is None or not r.schedule:
            parts.append(0.0 if r.completion is None else 1.0)
        else:
            parts.append(scored(r.completion / r.schedule))
    score = 100 * (mean(parts) or 0.0)
    if timeliness is Timeliness.late:
        score -= rules.late_penalty
    return max(round(score, 1), 0.0)


def year_score(quarter_score: float, earlier: Sequence[float], rules: StatusRules) -> float:
    """The 年末 score: the fourth quarter's score weighted with the mean of the earlier quarters'
    (StatusRules.year_record_weight %), so a unit late or behind in Q1–Q3 does not score as if the
    year had been Q4 alone. Without an earlier quarter on file, the fourth quarter's score."""
    if not earlier:
        return quarter_score
    weight = rules.year_record_weight / 100
    return round((1 - weight) * quarter_score + weight * sum(earlier) / len(earlier), 1)


def _with_year_record(
    units: list[UnitResult], earlier: Sequence[QuarterSummary], rules: StatusRules
) -> list[UnitResult]:
    """Each unit with its record in the earlier quarters and its score over the year; a unit
    still 待报送 keeps its (unranked) fourth-quarter standing."""
    found = []
    for unit in units:
        record = tuple(
            QuarterRecord(s.quarter, u.timeliness, u.score)
            for s in earlier
            for u in s.units
            if u.id == unit.id
        )
        score = unit.score
        if unit.timeliness is not Timeliness.pending:
            score = year_score(unit.score, [r.score for r in record], rules)
        found.append(replace(unit, record=record, score=score, quarter_score=unit.score))
    return found


def _ranks(units: list[UnitResult]) -> list[UnitResult]:
    ordered = sorted(units, key=lambda u: -u.score)  # ties stay in units.yaml's order
    ranked: list[UnitResult] = []
    for position, unit in enumerate(ordered, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].score == unit.score else position
        ranked.append(replace(unit, rank=rank))
    return ranked


def summarize(
    catalogue: Catalogue,
    reports: list[ProgressReport],
    *,
    quarter: int,
    year: int | None = None,
    rules: StatusRules | None = None,
    as_of: dt.date | None = None,
    plans: Sequence[Plan] = (),
) -> QuarterSummary:
    """The quarter as it stood on `as_of`; without it, as the record stands once every report
    is in (every dated report counts, the deadline has passed). `plans`: the lead units' plans
    (落实方案) of the year, whose time nodes give the indicators' 时序进度."""
    as_of = as_of or dt.date.max
    rules = rules or StatusRules()
    year = year or catalogue.programme.year
    this = Quarter(year, quarter)
    due = this.deadline(rules.deadline_day)
    files = {r.unit_id: r for r in reports if r.year == year and r.quarter == quarter}
    mine = {
        unit_id: r
        for unit_id, r in files.items()
        if counts_as_report(r.data.submitted, as_of=as_of)
    }
    nodes = plan_nodes(catalogue, plans, year=year)
    projects = []
    by_unit: dict[str, list[IndicatorResult]] = {}
    for project in catalogue.projects:
        results = []
        for row in catalogue.rows_of(project):
            leads = catalogue.lead_units(row)
            report = mine.get(leads[0].id) if len(leads) == 1 else None
            result = _indicator(
                catalogue, row, report, quarter, rules, nodes.get(row.indicator.id), year
            )
            results.append(result)
            if result.counted and result.lead_id:
                by_unit.setdefault(result.lead_id, []).append(result)
        lead = "、".join(
            u.name for ref in project.lead if (u := catalogue.index.resolve(ref, Level.county))
        )
        projects.append(
            ProjectResult(
                project.id,
                project.block,
                project.number,
                project.title,
                lead,
                tuple(results),
                counted_completion(tuple(results)),
            )
        )
    units = []
    order = {unit.id: n for n, unit in enumerate(catalogue.index.units)}
    for unit_id, results in sorted(by_unit.items(), key=lambda item: order.get(item[0], 0)):
        report = mine.get(unit_id)
        submitted = report.data.submitted if report else None
        state = timeliness(deadline=due, submitted=submitted, as_of=as_of)
        own = tuple(results)
        units.append(
            UnitResult(
                unit_id,
                catalogue.index.by_id[unit_id].name,
                own,
                state,
                submitted,
                unit_score(own, state, rules),
                draft=report is None and unit_id in files,
            )
        )
    year_weight = 0.0
    if this.is_year_end:
        earlier = [
            summarize(
                catalogue, reports, quarter=q, year=year, rules=rules, as_of=as_of, plans=plans
            )
            for q in range(1, quarter)
            if any(r.year == year and r.quarter == q for r in reports)
        ]
        units = _with_year_record(units, earlier, rules)
        year_weight = rules.year_record_weight if earlier else 0.0
    if quarter in RANKED_QUARTERS:  # ranked by score; else as units.yaml lists them
        waiting = [u for u in units if u.timeliness is Timeliness.pending]
        units = [*_ranks([u for u in units if u not in waiting]), *waiting]  # unranked till due
    every = tuple(i for p in projects for i in p.indicators)
    counts = Counter(i.status for i in every)
    return QuarterSummary(
        year,
        quarter,
        due,
        this.next.deadline(rules.deadline_day),
        as_of,
        catalogue.programme,
        tuple(projects),
        tuple(units),
        counted_completion(every),
        {s: counts.get(s, 0) for s in Status},
        catalogue.structure,
        year_weight,
    )
