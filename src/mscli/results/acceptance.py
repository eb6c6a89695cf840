"""The year-end acceptance checklist: every criterion of 附件2 with its indicators' final figures,
its verification chain, the verdicts and evidence recorded, and what is still open.

Pure: takes the catalogue, the records and a QuarterSummary (the latest quarter with progress, or
Q4), returns frozen values that every renderer and the circular read.

A criterion's verdict is the last stage's once the whole chain (自查 → 初核 → 认定 where 附件1
names a 认定单位) has a finding; before that it is 未达标 when the latest finding says so, and
otherwise 待核.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from mscli.acceptance.criteria import CriterionRef, criteria_of, project_leads
from mscli.acceptance.records import (
    AcceptanceEvidence,
    AcceptanceRecord,
    CriterionRecord,
    Stage,
    StageRecord,
    Verdict,
)
from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import Level
from mscli.problems import Problem, Severity
from mscli.progress.reports import ProgressReport
from mscli.results.completion import Status
from mscli.results.summary import IndicatorResult, QuarterSummary, summarize
from mscli.years.dataset import Dataset


def latest_quarter(reports: list[ProgressReport], year: int) -> int:
    """The latest quarter of `year` with a submitted report; Q4 when none has one."""
    quarters = [r.quarter for r in reports if r.year == year and not r.draft]
    return max(quarters, default=4)


@dataclass(frozen=True)
class StageState:
    stage: Stage
    units: tuple[str, ...]
    """Who may record the stage (canonical names, or as written when not found)."""
    record: StageRecord | None
    by: str | None = None
    """Who recorded it: the unit's canonical name (as written when it names none)."""

    @property
    def done(self) -> bool:
        return self.record is not None and self.record.verdict is not Verdict.pending


@dataclass(frozen=True)
class CriterionState:
    id: str
    topic: str | None
    text: str
    indicators: tuple[IndicatorResult, ...]
    chain: tuple[StageState, ...]
    verdict: Verdict
    evidence: tuple[AcceptanceEvidence, ...]
    notes: str | None
    open: tuple[str, ...]
    position: int = 0
    """Its place among the project's criteria (附件2's order), from 1: 第3条 to a clerk."""

    @property
    def steps(self) -> tuple[str, ...]:
        """What is open beside its indicators' own status (a stage to do, a finding, evidence):
        for a table that shows each indicator's status in a column of its own."""
        lagging = {_lagging(r) for r in self.indicators if _unfinished(r)}
        return tuple(item for item in self.open if item not in lagging)

    @property
    def reached(self) -> StageState | None:
        """The furthest stage of the chain done in order; None before the self-check."""
        reached = None
        for state in self.chain:
            if not state.done:
                break
            reached = state
        return reached

    @property
    def standing(self) -> str:
        """Where the criterion stands in the chain: 未自查, 已自查, 已初核, 已认定."""
        reached = self.reached
        if reached is None:
            return "未自查"
        return {"self_check": "已自查", "verification": "已初核", "certification": "已认定"}[
            reached.stage.value
        ]


@dataclass(frozen=True)
class ProjectAcceptance:
    id: str
    block: str
    number: int
    title: str
    lead_unit: str
    record_file: str | None
    criteria: tuple[CriterionState, ...]


@dataclass(frozen=True)
class AcceptanceChecklist:
    year: int
    quarter: int
    """The quarter whose figures stand as the indicators' final values."""
    projects: tuple[ProjectAcceptance, ...]

    @property
    def criteria(self) -> tuple[CriterionState, ...]:
        return tuple(c for p in self.projects for c in p.criteria)

    @property
    def counts(self) -> dict[Verdict, int]:
        found = Counter(c.verdict for c in self.criteria)
        return {v: found.get(v, 0) for v in Verdict}


def _verdict(chain: tuple[StageState, ...]) -> Verdict:
    recorded = [s.record for s in chain if s.record is not None]
    if all(s.done for s in chain) and recorded:
        return recorded[-1].verdict
    findings = [r.verdict for r in recorded if r.verdict is not Verdict.pending]
    return Verdict.not_met if findings and findings[-1] is Verdict.not_met else Verdict.pending


def _unfinished(r: IndicatorResult) -> bool:
    return r.counted and r.status is not Status.done


def _lagging(r: IndicatorResult) -> str:
    return f"关联指标“{r.name}”{r.label}"


def _open(
    chain: tuple[StageState, ...],
    verdict: Verdict,
    results: tuple[IndicatorResult, ...],
    entry: CriterionRecord | None,
) -> tuple[str, ...]:
    items: list[str] = []
    for state in chain:
        if not state.done:
            who = "、".join(state.units) or state.stage.who
            items.append(f"待{state.stage.label}（{who}）")
            break
    if verdict is Verdict.not_met:
        items.append("未达标，需整改")
    items += (_lagging(r) for r in results if _unfinished(r))
    recorded = any(s.done for s in chain)
    if recorded and verdict is not Verdict.not_applicable and not (entry and entry.evidence):
        items.append("未附佐证材料")
    return tuple(items)


def criterion_state(
    catalogue: Catalogue,
    ref: CriterionRef,
    entry: CriterionRecord | None,
    results: dict[str, IndicatorResult],
    position: int = 0,
) -> CriterionState:
    chain = tuple(
        StageState(
            stage,
            catalogue.unit_names(ref.stage_refs(stage), stage.level),
            found,
            "、".join(catalogue.unit_names(found.units, stage.level)) if found else None,
        )
        for stage in ref.chain()
        for found in [entry.stage(stage) if entry else None]
    )
    linked = tuple(results[row.indicator.id] for row in ref.rows() if row.indicator.id in results)
    verdict = _verdict(chain)
    return CriterionState(
        id=ref.id,
        topic=ref.section.topic,
        text=ref.criterion.text,
        indicators=linked,
        chain=chain,
        verdict=verdict,
        evidence=entry.evidence if entry else (),
        notes=entry.notes if entry else None,
        open=_open(chain, verdict, linked, entry),
        position=position,
    )


def build_checklist(
    *,
    catalogue: Catalogue,
    records: list[AcceptanceRecord],
    summary: QuarterSummary,
    unit: str | None = None,
    record_files: dict[str, str] | None = None,
) -> AcceptanceChecklist:
    """Every project (led by `unit`, an id or name, when given) and its criteria."""
    year = summary.year
    mine = {r.project_id: r for r in records if r.year == year}
    results = summary.by_id
    wanted = catalogue.index.resolve(unit, Level.county) if unit else None
    projects = []
    for project in catalogue.projects:
        leads = project_leads(catalogue, project)
        if wanted is not None and wanted not in leads:
            continue
        record = mine.get(project.id)
        criteria = tuple(
            criterion_state(
                catalogue,
                ref,
                record.data.criteria.get(ref.id) if record else None,
                results,
                position,
            )
            for position, ref in enumerate(criteria_of(project), 1)
        )
        projects.append(
            ProjectAcceptance(
                project.id,
                project.block,
                project.number,
                project.title,
                "、".join(u.name for u in leads) or "、".join(project.lead),
                (record_files or {}).get(project.id),
                criteria,
            )
        )
    return AcceptanceChecklist(year, summary.quarter, tuple(projects))


def completion_warnings(
    catalogue: Catalogue, records: list[AcceptanceRecord], summary: QuarterSummary
) -> list[Problem]:
    """A 达标 finding on a criterion whose linked indicator is not complete in `summary`."""
    results = summary.by_id
    index = {ref.id: ref for p in catalogue.projects for ref in criteria_of(p)}
    problems = []
    for record in records:
        if record.year != summary.year:
            continue
        for criterion_id, entry in record.data.criteria.items():
            ref = index.get(criterion_id)
            if ref is None or ref.project.id != record.project_id:
                continue
            unfinished = [
                results[row.indicator.id]
                for row in ref.rows()
                if row.indicator.id in results
                and results[row.indicator.id].counted
                and results[row.indicator.id].status is not Status.done
            ]
            if not unfinished:
                continue
            shown = "、".join(f"“{r.name}”（{r.label}）" for r in unfinished)
            met = [s for s in Stage if (f := entry.stage(s)) and f.verdict is Verdict.met]
            if met:  # once, at the latest stage that says 达标
                problems.append(
                    record.source.where(
                        ("criteria", criterion_id, met[-1].value, "verdict")
                    ).problem(
                        "acceptance-unfinished",
                        f"{met[-1].label}结论为达标，但关联指标{shown}"
                        f"在{summary.year}年第{summary.quarter}季度尚未完成",
                        Severity.warning,
                    )
                )
    return problems


def final_summary(dataset: Dataset, *, year: int | None = None) -> QuarterSummary:
    """The figures that stand as final for acceptance: the latest quarter of the year with a
    submitted report (Q4 once it is in), as the record stands."""
    year = year or dataset.catalogue.programme.year
    reports = list(dataset.reports)
    return summarize(
        dataset.catalogue,
        reports,
        quarter=latest_quarter(reports, year),
        year=year,
        rules=dataset.config.status,
        plans=list(dataset.plans),
    )


def verdict_counts(dataset: Dataset, summary: QuarterSummary) -> dict[str, Any]:
    """How many criteria stand at each verdict in `summary`'s year (plain values, for the
    circular's context): total, met, not_met, pending, not_applicable, and whether any record
    of the year exists at all."""
    records = [r for r in dataset.acceptance if r.year == summary.year]
    checklist = build_checklist(catalogue=dataset.catalogue, records=records, summary=summary)
    counts = checklist.counts
    return {
        "recorded": bool(records),
        "total": len(checklist.criteria),
        **{verdict.name: counts[verdict] for verdict in Verdict},
    }
