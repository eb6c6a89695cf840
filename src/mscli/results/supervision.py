"""督办: the indicators the escalation rules put under 督办 or 挂牌督办 in a quarter, gathered
per lead unit for its 督办通知 (mscli duban), and the 催办 that becomes a 督办 (mscli remind).

Pure: from the quarter's summary, the year's history and its escalations (mscli.results.history,
mscli.results.escalation), the projection, the reports (存在问题) and the plans (责任人).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mscli.plans.records import Contact, Leader, Plan
from mscli.progress.reports import ProgressReport
from mscli.progress.submission import counts_as_report
from mscli.results.escalation import Escalation, Level
from mscli.results.history import QuarterState, YearHistory
from mscli.results.projection import IndicatorProjection, Projection
from mscli.results.summary import IndicatorResult, QuarterSummary

LEVEL_ORDER = (Level.none, Level.supervised, Level.listed)


@dataclass(frozen=True)
class SupervisedItem:
    result: IndicatorResult
    """The indicator in the quarter judged."""
    level: Level
    streak: int
    states: tuple[QuarterState, ...]
    issues: str | None
    """存在问题 as the unit last wrote it this year (None when it never did)."""
    projection: IndicatorProjection | None
    leader: Leader | None
    contact: Contact | None


@dataclass(frozen=True)
class SupervisionNotice:
    """One unit's 督办通知."""

    year: int
    quarter: int
    unit_id: str
    unit: str
    items: tuple[SupervisedItem, ...]
    number: int | None
    date: dt.date
    due: dt.date

    @property
    def level(self) -> Level:
        return max((i.level for i in self.items), key=LEVEL_ORDER.index)


def unit_levels(summary: QuarterSummary, escalated: Mapping[str, Escalation]) -> dict[str, Level]:
    """Each lead unit's highest level over its indicators in the quarter judged."""
    found: dict[str, Level] = {}
    for r in summary.indicators:
        e = escalated.get(r.id)
        if r.lead_id is None or e is None:
            continue
        level = max(found.get(r.lead_id, Level.none), e.level, key=LEVEL_ORDER.index)
        found[r.lead_id] = level
    return found


def _issues(
    reports: Sequence[ProgressReport], unit_id: str, indicator_id: str, summary: QuarterSummary
) -> str | None:
    own = sorted(
        (
            r
            for r in reports
            if r.unit_id == unit_id
            and r.year == summary.year
            and r.quarter <= summary.quarter
            and counts_as_report(r.data.submitted, as_of=summary.as_of)
        ),
        key=lambda r: -r.quarter,
    )
    for report in own:
        entry = report.data.indicators.get(indicator_id)
        if entry is not None and entry.issues:
            return str(entry.issues)
    return None


def _plan(plans: Sequence[Plan], unit_id: str, year: int) -> Plan | None:
    return next(
        (p for p in plans if p.unit_id == unit_id and p.year == year and not p.data.draft), None
    )


def build_notices(
    *,
    summary: QuarterSummary,
    history: YearHistory,
    escalated: Mapping[str, Escalation],
    projection: Projection | None,
    reports: Sequence[ProgressReport],
    plans: Sequence[Plan],
    date: dt.date,
    due_days: int,
    first_number: int | None = None,
    unit_id: str | None = None,
    order: Sequence[str] = (),
) -> tuple[SupervisionNotice, ...]:
    """A notice for each lead unit with an indicator under 督办 or 挂牌督办 in the quarter, in
    `order` (units.yaml's ids; numbered from `first_number` on), or only `unit_id`'s."""
    past = history.by_indicator
    projected = projection.by_id if projection else {}
    by_unit: dict[str, list[SupervisedItem]] = {}
    for r in summary.indicators:
        e = escalated.get(r.id)
        if e is None or e.level is Level.none or r.lead_id is None:
            continue
        plan = _plan(plans, r.lead_id, summary.year)
        h = past.get(r.id)
        by_unit.setdefault(r.lead_id, []).append(
            SupervisedItem(
                r,
                e.level,
                e.streak,
                h.states if h else (),
                _issues(reports, r.lead_id, r.id, summary),
                projected.get(r.id),
                plan.leader(r.id) if plan else None,
                plan.contact(r.id) if plan else None,
            )
        )
    names = {u.id: u.name for u in summary.units}
    listed = [uid for uid in order if uid in names] + [u for u in names if u not in order]
    notices = []
    number = first_number
    for uid in listed:
        if uid not in by_unit or (unit_id is not None and uid != unit_id):
            continue
        notices.append(
            SupervisionNotice(
                summary.year,
                summary.quarter,
                uid,
                names[uid],
                tuple(by_unit[uid]),
                number,
                date,
                date + dt.timedelta(days=due_days),
            )
        )
        if number is not None:
            number += 1
    return tuple(notices)
