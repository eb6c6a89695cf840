"""The variables the circular's templates receive (listed in docs/templates.md).

Plain JSON-able values only (the context is also `report --format json`): strings, numbers,
booleans, lists and dicts. Every figure comes from the QuarterSummary; every word of the circular
stays in the templates, which choose by quarter through `year_end`, `ranked` and `ranking_kind`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mscli.catalogue.config import CircularFacts
from mscli.catalogue.models import Level
from mscli.quantities import chinese_date, percent
from mscli.quarters import Quarter
from mscli.render import outlook
from mscli.render.text import (
    actuals,
    completion_text,
    metric_actual_text,
    metric_text,
    overview,
    progress_text,
    schedule_figure,
    schedule_note,
    schedule_text,
    stated_metric_text,
    stated_targets,
    targets,
    year_record_text,
    year_score_rule,
)
from mscli.results.completion import UNFINISHED, Status, status_label
from mscli.results.escalation import RELEASED, Escalation
from mscli.results.escalation import Level as EscalationLevel
from mscli.results.issuance import CircularIssue
from mscli.results.projection import FORMULA, Outlook, Projection
from mscli.results.summary import IndicatorResult, QuarterSummary, Timeliness, UnitResult

LAGGING = (Status.behind, Status.seriously_behind)
RANKINGS: dict[int, tuple[str, int]] = {2: ("年中", 7), 4: ("年末", 12)}
"""Pingdingshan's evaluations: 年中 in July (after Q2), 年末 in December (Q4)."""


def document_number(facts: CircularFacts, issued: dt.date, number: int | None) -> str:
    """汝政办〔2023〕52号; without a number, a gap to fill in by hand.

    The year in the brackets is the year of issue (GB/T 9704 §7.2.4), not the programme's: the
    year-end circular issued in January 2024 is 〔2024〕."""
    shown = "\u3000\u3000" if number is None else str(number)
    return facts.document_number.format(year=issued.year, number=shown)


def _status_key(status: Status, year_end: bool) -> str:
    return "unfinished" if status_label(status, year_end=year_end) == UNFINISHED else status.name


def _statuses(results: tuple[IndicatorResult, ...], year_end: bool) -> list[dict[str, Any]]:
    """Counts by the circular's wording: at Q4 every counted status short of done is 未完成."""
    found: dict[str, dict[str, Any]] = {}
    for s in Status:
        n = sum(r.status is s for r in results)
        if s is Status.delegated or not n:
            continue
        key = _status_key(s, year_end)
        entry = found.setdefault(
            key, {"key": key, "label": status_label(s, year_end=year_end), "count": 0}
        )
        entry["count"] += n
    return list(found.values())


def _indicator(r: IndicatorResult, number: int, year_end: bool) -> dict[str, Any]:
    report = r.report
    return {
        "id": r.id,
        "project": r.project,
        "project_number": number,
        "text": r.text,
        "target": targets(r),
        "stated_target": stated_targets(r),
        "actual": actuals(r),
        "target_and_actual": progress_text(r, year_end=year_end),
        "metrics": [
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind.value,
                "target": metric_text(m.metric),
                "stated_target": stated_metric_text(m.metric),
                "actual": metric_actual_text(m),
                "completion": "—" if m.item else percent(m.completion),
            }
            for m in r.metrics
        ],
        "item": r.item is not None,
        "completion": completion_text(r),
        "schedule": schedule_figure(r),
        "schedule_basis": r.schedule_basis.value if r.counted else "",
        "schedule_text": schedule_text(r) if r.counted else "",
        "status": status_label(r.status, year_end=year_end),
        "status_key": r.status.name,
        "counted": r.counted,
        "done": r.status is Status.done,
        "reported": r.status not in (Status.missing, Status.delegated),
        "lead_unit": r.lead_unit,
        "lead_id": r.lead_id,
        "progress": (report.progress or "") if report else "",
        "issues": (report.issues or "") if report else "",
        "next_steps": (report.next_steps or "") if report else "",
        "correction": (report.correction or "") if report else "",
    }


def _unit(u: UnitResult) -> dict[str, Any]:
    return {
        "id": u.id,
        "name": u.name,
        "timeliness": u.timeliness.value,
        "timeliness_key": u.timeliness.name,
        "year_record": year_record_text(u),
        "submitted": chinese_date(u.submitted) if u.submitted else "",
        "score": u.score,
        "rank": u.rank,
        "indicators": len(u.indicators),
    }


def _leads(
    results: tuple[IndicatorResult, ...], shown: list[dict[str, Any]], year_end: bool
) -> list[dict[str, Any]]:
    """A project's indicators grouped by their own lead unit, in the catalogue's order."""
    groups: dict[str, list[tuple[IndicatorResult, dict[str, Any]]]] = {}
    for r, i in zip(results, shown, strict=True):
        groups.setdefault(r.lead_unit, []).append((r, i))
    leads = []
    for name, pairs in groups.items():
        own = tuple(r for r, _ in pairs)
        leads.append(
            {
                "name": name,
                "id": own[0].lead_id,
                "indicators": [i for _, i in pairs],
                "total": len(own),
                "counted": sum(r.counted for r in own),
                "delegated": sum(not r.counted for r in own),
                "statuses": _statuses(own, year_end),
            }
        )
    return leads


def _project_entries(summary: QuarterSummary, year_end: bool) -> list[dict[str, Any]]:
    projects = []
    for position, p in enumerate(summary.projects, start=1):
        shown = [_indicator(r, position, year_end) for r in p.indicators]
        projects.append(
            {
                "id": p.id,
                "position": position,
                "block": p.block,
                "number": p.number,
                "title": p.title,
                "lead_unit": p.lead_unit,
                "completion": percent(p.completion),
                "measured": any(r.counted and r.item is None for r in p.indicators),
                "indicators": shown,
                "total": len(p.indicators),
                "counted": sum(r.counted for r in p.indicators),
                "delegated": sum(not r.counted for r in p.indicators),
                "statuses": _statuses(p.indicators, year_end),
                "leads": _leads(p.indicators, shown, year_end),
                "lagging": [i for i in shown if Status[i["status_key"]] in LAGGING],
                "unfinished": [i for i in shown if i["counted"] and not i["done"]],
            }
        )
    return projects


def _timeliness(summary: QuarterSummary) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Units grouped by every value Timeliness has, in the enum's order."""
    groups = []
    by_key: dict[str, list[dict[str, Any]]] = {}
    for t in Timeliness:
        units = [_unit(u) for u in summary.units if u.timeliness is t]
        by_key[t.name] = units
        if units:
            groups.append({"key": t.name, "label": t.value, "count": len(units), "units": units})
    return groups, by_key


NO_ACCEPTANCE = {
    "recorded": False,
    "total": 0,
    "met": 0,
    "not_met": 0,
    "pending": 0,
    "not_applicable": 0,
}


def projection_entries(projection: Projection | None) -> dict[str, Any]:
    """`projection` of the context: whether this quarter's circular lists the indicators 难以完成
    at the current pace (config projection.circular_quarters), and those indicators."""
    if projection is None:
        return {"shown": False, "formula": FORMULA, "unlikely": []}
    return {
        "shown": projection.in_circular,
        "formula": projection.formula,
        "unlikely": [
            {
                "id": p.id,
                "name": p.name,
                "lead_unit": p.lead_unit,
                "rate": percent(p.rate),
                "basis": p.basis,
                "text": outlook.sentence(p),
            }
            for p in projection.with_outlook(Outlook.unlikely)
        ],
    }


def escalation_entries(
    summary: QuarterSummary, escalated: Mapping[str, Escalation] | None
) -> dict[str, Any]:
    """`escalation` of the context: the indicators under 督办 and 挂牌督办 this quarter
    (mscli.results.escalation), each with its lead unit and the quarters behind running."""
    found: dict[str, list[dict[str, Any]]] = {"supervised": [], "listed": [], "released": []}
    for r in summary.indicators:
        e = (escalated or {}).get(r.id)
        if e is None:
            continue
        entry = {"id": r.id, "name": r.name, "lead_unit": r.lead_unit, "streak": e.streak}
        if e.level is EscalationLevel.listed:
            found["listed"].append(entry)
        elif e.level is EscalationLevel.supervised:
            found["supervised"].append(entry)
        elif e.steps and e.steps[-1].event == RELEASED:
            found["released"].append(entry)
    return found


def build_context(
    summary: QuarterSummary,
    facts: CircularFacts,
    issue: CircularIssue,
    acceptance: dict[str, Any] | None = None,
    projection: Projection | None = None,
    escalated: Mapping[str, Escalation] | None = None,
) -> dict[str, Any]:
    """Everything a template may use (listed in docs/templates.md); `acceptance` holds the
    year-end criteria counts (acceptance.verdict_counts); `projection` the year-end projection
    (mscli.results.projection)."""
    year, quarter = summary.year, summary.quarter
    this = Quarter(year, quarter)
    year_end = this.is_year_end
    following = this.next
    counts = {s.name: summary.counts.get(s, 0) for s in Status}
    projects = _project_entries(summary, year_end)
    names = summary.structure
    titles = names.block_titles
    blocks = [
        {
            "name": name,
            "title": titles.get(name, f"{name}重点民生实事"),
            "projects": [p for p in projects if p["block"] == name],
        }
        for name in dict.fromkeys(p.block for p in summary.projects)
    ]
    indicators = [i for p in projects for i in p["indicators"]]
    counted = len(indicators) - counts["delegated"]
    ranking_kind, ranking_month = (
        RANKINGS.get(quarter, ("", None)) if summary.ranked else ("", None)
    )
    groups, by_key = _timeliness(summary)
    lagging = [i for i in indicators if Status[i["status_key"]] in LAGGING]
    return {
        "year": year,
        "quarter": quarter,
        "quarter_cn": this.cn,
        "quarter_end": chinese_date(this.end),
        "deadline": chinese_date(summary.deadline),
        "as_of": summary.as_of.isoformat(),
        "year_end": year_end,
        "next_year": following.year,
        "next_quarter": following.number,
        "next_quarter_cn": following.cn,
        "next_deadline": chinese_date(summary.next_deadline),
        "date": chinese_date(issue.date),
        "number": issue.number,
        "document_number": document_number(facts, issue.date, issue.number),
        "issuer": facts.issuer,
        "signer": facts.signer,
        "addressees": facts.addressees,
        "copy_to": facts.copy_to or "",
        "printer": facts.printer,
        "programme": {
            "document": summary.programme.document,
            "title": summary.programme.title,
            "issued": chinese_date(summary.programme.issued),
        },
        "report_to": summary.programme.report_to or "",
        "place": names.short,
        "superior": names.prefecture,
        "superior_checks": names.verifiers is Level.prefecture,
        "total": len(indicators),
        "counted": counted,
        "counts": counts,
        "completed": counts["done"],
        "not_completed": counted - counts["done"],
        "statuses": _statuses(summary.indicators, year_end),
        "completion": percent(summary.completion),
        "overview": overview(summary),
        "schedule_note": schedule_note(summary),
        "projects": projects,
        "blocks": blocks,
        "indicators": indicators,
        "lagging": lagging,
        "unexplained": [
            n for n, i in enumerate(lagging, 1) if not (i["issues"] or i["next_steps"])
        ],
        "unfinished": [i for i in indicators if i["counted"] and not i["done"]],
        "ranked": summary.ranked,
        "ranking_kind": ranking_kind,
        "ranking_month": ranking_month,
        "ranking_rule": year_score_rule(summary.year_weight) if year_end else "",
        "units": [_unit(u) for u in summary.units],
        "timeliness": groups,
        "units_by_timeliness": by_key,
        "acceptance": dict(acceptance or NO_ACCEPTANCE),
        "projection": projection_entries(projection),
        "escalation": escalation_entries(summary, escalated),
    }
