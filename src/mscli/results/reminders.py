"""催办: the units without a report for a quarter on a given day, and what each one owes.

Built from the quarter's summary (which already judged every unit on that day) and the reports,
for the last values each unit reported. Pure: `mscli remind` prints what this returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from mscli.catalogue.models import Metric, MetricKind
from mscli.plans.records import Contact, Leader, Plan
from mscli.progress.reports import ProgressReport, earlier_reading
from mscli.progress.submission import Timeliness, counts_as_report, days_to_deadline
from mscli.quantities import show
from mscli.quarters import Quarter
from mscli.results.escalation import Level
from mscli.results.nodes import NodeWarning
from mscli.results.summary import IndicatorResult, QuarterSummary, UnitResult


@dataclass(frozen=True)
class LastValue:
    """A metric of an owed indicator, with the value the unit last reported this year."""

    metric: Metric
    value: str | None
    """As shown (2.05万人次); None when the unit has not reported it this year."""
    quarter: int | None

    @property
    def name(self) -> str:
        return self.metric.name


@dataclass(frozen=True)
class OwedIndicator:
    id: str
    project: str
    metrics: tuple[LastValue, ...]

    @property
    def name(self) -> str:
        """The metrics' Chinese names: 技能培训, or 宫颈癌筛查、乳腺癌筛查."""
        return "、".join(m.name for m in self.metrics)


@dataclass(frozen=True)
class Reminder:
    """One unit without a report on the day judged."""

    unit_id: str
    name: str
    state: Timeliness
    deadline: dt.date
    days: int
    """Days left to the deadline; negative once it has passed (-3: three days overdue)."""
    draft: bool
    contact: str | None
    indicators: tuple[OwedIndicator, ...]
    leader: Leader | None = None
    """The unit's 责任领导 from its plan (落实方案), when the audience includes leaders."""
    responsible: Contact | None = None
    """The unit's 责任人 from its plan, when the audience includes them."""
    level: Level = Level.none
    """督办 or 挂牌督办 once the deadline has passed and the escalation rules say so (the
    reminder is then a 督办, not a 催办); before the deadline always none."""

    @property
    def kind(self) -> str:
        """催办, or the 督办 the rules call for."""
        return self.level.value or "催办"


@dataclass(frozen=True)
class Reminders:
    year: int
    quarter: int
    deadline: dt.date
    as_of: dt.date
    units: int
    """How many units report for the quarter."""
    reminders: tuple[Reminder, ...]
    nodes: tuple[NodeWarning, ...] = ()
    """The plans' time nodes overdue (逾期) or due soon (临期) on the day judged."""

    @property
    def label(self) -> str:
        return Quarter(self.year, self.quarter).label

    @property
    def days(self) -> int:
        return days_to_deadline(deadline=self.deadline, as_of=self.as_of)

    @property
    def everyone_reported(self) -> bool:
        return not self.reminders

    @property
    def escalated(self) -> bool:
        """Some reminder is a 督办 (the deadline has passed)."""
        return any(r.level is not Level.none for r in self.reminders)


def _earlier(
    reports: list[ProgressReport], unit_id: str, summary: QuarterSummary
) -> list[ProgressReport]:
    """The unit's reports of earlier quarters of the year that existed on the day, latest first."""
    return sorted(
        (
            r
            for r in reports
            if r.unit_id == unit_id
            and r.year == summary.year
            and r.quarter < summary.quarter
            and counts_as_report(r.data.submitted, as_of=summary.as_of)
        ),
        key=lambda r: -r.quarter,
    )


def _last_stages(metric: Metric, indicator_id: str, earlier: list[ProgressReport]) -> LastValue:
    """A milestone's or task's stages as last reported this year: 5月15日开工 (尚未开工 when
    the report named none)."""
    for report in earlier:
        reached = report.reached(indicator_id, metric)
        if reached is not None:
            shown = "、".join(f"{d.month}月{d.day}日{s}" for s, d in reached.items())
            return LastValue(metric, shown or f"尚未{metric.steps[0]}", report.quarter)
    return LastValue(metric, None, None)


def _owed(result: IndicatorResult, earlier: list[ProgressReport]) -> OwedIndicator:
    metrics = []
    for m in result.metrics:
        if m.kind.staged:
            metrics.append(_last_stages(m.metric, result.id, earlier))
            continue
        before = earlier_reading(earlier, result.id, m.metric)
        if before is None:
            metrics.append(LastValue(m.metric, None, None))
            continue
        if m.kind is MetricKind.prohibition:
            value = f"发生{show(before.base, None)}起"
        else:
            value = show(before.base, m.unit, m.display_unit)
        metrics.append(LastValue(m.metric, value, before.report.quarter))
    return OwedIndicator(result.id, result.project, tuple(metrics))


def _contact(unit_id: str, reports: list[ProgressReport], summary: QuarterSummary) -> str | None:
    """The contact in the unit's file for the quarter (even a draft), else the latest one before."""
    own = [r for r in reports if r.unit_id == unit_id and r.year == summary.year]
    for report in sorted(own, key=lambda r: -r.quarter):
        if report.quarter <= summary.quarter and report.data.contact:
            return report.data.contact
    return None


def _reminder(
    unit: UnitResult,
    reports: list[ProgressReport],
    summary: QuarterSummary,
    level: Level = Level.none,
    plan: Plan | None = None,
    audience: Sequence[str] = (),
) -> Reminder:
    earlier = _earlier(reports, unit.id, summary)
    days = days_to_deadline(deadline=summary.deadline, as_of=summary.as_of)
    return Reminder(
        unit_id=unit.id,
        name=unit.name,
        state=unit.timeliness,
        deadline=summary.deadline,
        days=days,
        draft=unit.draft,
        contact=_contact(unit.id, reports, summary),
        indicators=tuple(_owed(r, earlier) for r in unit.indicators),
        level=level if days < 0 else Level.none,
        leader=plan.data.leader if plan and "leader" in audience else None,
        responsible=plan.data.contact if plan and "contact" in audience else None,
    )


def build_reminders(
    *,
    summary: QuarterSummary,
    reports: list[ProgressReport],
    nodes: tuple[NodeWarning, ...] = (),
    levels: Mapping[str, Level] | None = None,
    plans: Sequence[Plan] = (),
    audience: Sequence[str] = (),
) -> Reminders:
    """Every unit of the summary that has no report on its day, overdue ones first; `levels`:
    each unit's escalation (mscli.results.supervision.unit_levels), which turns its reminder
    into a 督办 once the deadline has passed; `plans` and `audience` (config reminders.audience:
    contact, leader): whom in each unit's plan the reminder names."""
    levels = levels or {}
    own = {p.unit_id: p for p in plans if p.year == summary.year and not p.data.draft}
    if audience:  # the plans' people on the nodes too, as the audience asks
        nodes = tuple(
            replace(
                n,
                leader=n.leader if "leader" in audience else None,
                contact=n.contact if "contact" in audience else None,
            )
            for n in nodes
        )
    owing = [u for u in summary.units if not u.timeliness.reported]
    owing.sort(key=lambda u: u.timeliness is not Timeliness.missing)  # then units.yaml's order
    by_unit: dict[str, list[ProgressReport]] = {}
    for report in reports:
        by_unit.setdefault(report.unit_id, []).append(report)
    return Reminders(
        year=summary.year,
        quarter=summary.quarter,
        deadline=summary.deadline,
        as_of=summary.as_of,
        units=len(summary.units),
        reminders=tuple(
            _reminder(
                u,
                by_unit.get(u.id, []),
                summary,
                levels.get(u.id, Level.none),
                own.get(u.id),
                audience,
            )
            for u in owing
        ),
        nodes=tuple(
            sorted(
                (n for n in nodes if n.warned),
                key=lambda n: (n.state is not n.state.overdue, n.days),
            )
        ),
    )
