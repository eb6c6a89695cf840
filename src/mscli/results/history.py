"""Status history: each indicator's and each lead unit's status in every quarter of a year.

Pure: the quarters are those of the year that have progress files (a draft counts as a file;
only submitted reports count as progress, as in every quarter's summary), each summarized as of
the same day. A quarter is *behind* when the status is 滞后 or 严重滞后 against the schedule (at
the year's end too, where the circular says 未完成), or 未报送 (no progress shown); a unit is behind
in a quarter when one of its indicators is. The run of quarters behind that ends with the latest
quarter is the `streak`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mscli.catalogue.config import StatusRules
from mscli.catalogue.load import Catalogue
from mscli.plans.records import Plan
from mscli.progress.reports import ProgressReport
from mscli.results.completion import Status, status_label
from mscli.results.summary import QuarterSummary, summarize

BEHIND = (Status.behind, Status.seriously_behind, Status.missing)
"""What counts as a quarter behind."""
UNIT_ORDER = (
    Status.missing,
    Status.seriously_behind,
    Status.behind,
    Status.on_schedule,
    Status.ahead,
    Status.done,
)
"""A unit's status in a quarter is its worst indicator's, in this order."""


@dataclass(frozen=True)
class QuarterState:
    quarter: int
    status: Status
    label: str
    """As that quarter's outputs word it (未完成 at the year's end)."""
    completion: float | None = None
    schedule: float | None = None

    @property
    def behind(self) -> bool:
        return self.status in BEHIND


def streak(states: Sequence[QuarterState]) -> int:
    """Consecutive quarters behind, ending with the latest quarter shown."""
    n = 0
    for state in reversed(states):
        if not state.behind:
            break
        n += 1
    return n


def longest(states: Sequence[QuarterState]) -> int:
    best = run = 0
    for state in states:
        run = run + 1 if state.behind else 0
        best = max(best, run)
    return best


class _Behind:
    """The runs of quarters behind in a history's states (`states` set by the dataclass)."""

    states: tuple[QuarterState, ...]

    @property
    def streak(self) -> int:
        return streak(self.states)

    @property
    def longest(self) -> int:
        return longest(self.states)


@dataclass(frozen=True)
class IndicatorHistory(_Behind):
    id: str
    name: str
    lead_unit: str
    lead_id: str | None
    states: tuple[QuarterState, ...]


@dataclass(frozen=True)
class UnitHistory(_Behind):
    id: str
    name: str
    indicators: tuple[str, ...]
    """The ids of the indicators it leads alone, in catalogue order."""
    states: tuple[QuarterState, ...]


@dataclass(frozen=True)
class YearHistory:
    year: int
    quarters: tuple[int, ...]
    as_of: dt.date
    indicators: tuple[IndicatorHistory, ...]
    units: tuple[UnitHistory, ...]
    summaries: tuple[QuarterSummary, ...]

    @property
    def by_indicator(self) -> dict[str, IndicatorHistory]:
        return {h.id: h for h in self.indicators}

    @property
    def by_unit(self) -> dict[str, UnitHistory]:
        return {h.id: h for h in self.units}


def quarters_with_files(reports: Sequence[ProgressReport], year: int, up_to: int = 4) -> list[int]:
    return sorted({r.quarter for r in reports if r.year == year and r.quarter <= up_to})


def _unit_state(quarter: int, statuses: Sequence[Status], year_end: bool) -> QuarterState:
    worst = min(statuses, key=UNIT_ORDER.index) if statuses else Status.missing
    return QuarterState(quarter, worst, status_label(worst, year_end=year_end))


def build_history(
    catalogue: Catalogue,
    reports: Sequence[ProgressReport],
    *,
    year: int,
    as_of: dt.date,
    rules: StatusRules | None = None,
    plans: Sequence[Plan] = (),
    up_to: int = 4,
) -> YearHistory:
    """Every quarter of `year` up to `up_to` that has progress files, as it stood on `as_of`."""
    quarters = quarters_with_files(reports, year, up_to)
    summaries = tuple(
        summarize(
            catalogue, list(reports), quarter=q, year=year, rules=rules, as_of=as_of, plans=plans
        )
        for q in quarters
    )
    indicators = []
    if summaries:
        for r in summaries[-1].indicators:
            if not r.counted:
                continue
            states = tuple(
                QuarterState(s.quarter, x.status, x.label, x.completion, x.schedule)
                for s in summaries
                if (x := s.by_id.get(r.id)) is not None and x.counted
            )
            indicators.append(IndicatorHistory(r.id, r.name, r.lead_unit, r.lead_id, states))
    units = []
    if summaries:
        for u in summaries[-1].units:
            per_quarter = []
            for s in summaries:
                own = next((x for x in s.units if x.id == u.id), None)
                statuses = [i.status for i in own.indicators] if own else []
                per_quarter.append(_unit_state(s.quarter, statuses, s.year_end))
            units.append(
                UnitHistory(u.id, u.name, tuple(i.id for i in u.indicators), tuple(per_quarter))
            )
    return YearHistory(year, tuple(quarters), as_of, tuple(indicators), tuple(units), summaries)
