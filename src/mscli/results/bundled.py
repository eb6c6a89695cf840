"""A county's bundle (mscli bundle) built from its checked dataset: the results of each quarter it has reports for,
computed as `status` computes them on the same day."""

from __future__ import annotations

import datetime as dt

from mscli.bundle.models import (
    Bundle,
    BundleIndicator,
    BundleMetric,
    BundleQuarter,
    BundleVerdict,
    IndicatorValue,
    Made,
    MetricValue,
    Submission,
)
from mscli.catalogue.models import MetricKind
from mscli.results.acceptance import build_checklist
from mscli.results.summary import IndicatorResult, QuarterSummary, summarize
from mscli.years.dataset import Dataset


def quarters_reported(dataset: Dataset, up_to: int, as_of: dt.date) -> list[int]:
    """The quarters of the year, up to `up_to`, with at least one report submitted by `as_of`."""
    year = dataset.year
    found = {
        r.quarter
        for r in dataset.reports
        if r.year == year and r.data.submitted is not None and r.data.submitted <= as_of
    }
    return sorted(q for q in found if q <= up_to)


def build_bundle(
    dataset: Dataset,
    *,
    up_to: int,
    as_of: dt.date,
    today: dt.date,
    commit: str | None,
    modified: bool,
    version: str,
) -> Bundle:
    """The bundle of the dataset's year, quarters 1..`up_to` that have submitted reports, judged on
    `as_of` (a report submitted after that day is not in it)."""
    catalogue = dataset.catalogue
    summaries = [
        summarize(
            catalogue,
            list(dataset.reports),
            quarter=q,
            year=dataset.year,
            rules=dataset.config.status,
            as_of=as_of,
            plans=list(dataset.plans),
        )
        for q in quarters_reported(dataset, up_to, as_of)
    ]
    first = summaries[0] if summaries else None
    structure = catalogue.structure
    return Bundle(
        format="mscli-bundle",
        version=1,
        county=structure.county,
        prefecture=structure.prefecture,
        year=dataset.year,
        document=catalogue.programme.document,
        made=Made(date=today, as_of=as_of, commit=commit, modified=modified, mscli=version),
        indicators=tuple(_definition(r) for r in first.indicators) if first else (),
        quarters=tuple(_quarter(s) for s in summaries),
        acceptance=_verdicts(dataset, summaries[-1]) if summaries else (),
    )


def _definition(r: IndicatorResult) -> BundleIndicator:
    return BundleIndicator(
        id=r.id,
        name=r.name,
        project_id=r.project_id,
        project=r.project,
        lead_unit=r.lead_unit,
        delegated=bool(r.delegated_to),
        metrics=tuple(
            BundleMetric(
                id=m.id,
                name=m.name,
                kind=m.kind.value,
                target=None if m.kind.staged else m.target,
                unit=None if m.kind.staged else m.unit,
                stages=m.metric.stages if m.kind is MetricKind.milestone else (),
            )
            for m in r.metrics
        ),
    )


def _quarter(summary: QuarterSummary) -> BundleQuarter:
    return BundleQuarter(
        quarter=summary.quarter,
        deadline=summary.deadline,
        indicators=tuple(
            IndicatorValue(
                id=r.id,
                status=r.status.value,
                completion=None if r.item else r.completion,
                schedule=None if r.item else r.schedule,
                metrics=tuple(
                    MetricValue(
                        id=m.id,
                        value=None if m.item else m.actual,
                        completion=None if m.item else m.completion,
                        reached={s.name: s.reached for s in m.item.stages if s.reached is not None}
                        if m.item
                        else {},
                    )
                    for m in r.metrics
                ),
            )
            for r in summary.indicators
        ),
        submissions=tuple(
            Submission(
                unit_id=u.id,
                unit=u.name,
                submitted=None if u.draft else u.submitted,
                timeliness=u.timeliness.value,
            )
            for u in summary.units
        ),
    )


def _verdicts(dataset: Dataset, summary: QuarterSummary) -> tuple[BundleVerdict, ...]:
    """The verdicts of the projects that have an acceptance record: nothing is said for the rest."""
    recorded = {r.project_id for r in dataset.acceptance if r.year == dataset.year}
    checklist = build_checklist(
        catalogue=dataset.catalogue, records=list(dataset.acceptance), summary=summary
    )
    return tuple(
        BundleVerdict(project_id=p.id, criterion_id=c.id, verdict=c.verdict.value)
        for p in checklist.projects
        if p.id in recorded
        for c in p.criteria
    )
