"""The dashboard: one self-contained HTML page from computed quarters, 催办 and acceptance.

The page makes no network request of any kind: CSS, JavaScript and charts (SVG, site_svg) are
inline, a Content-Security-Policy allows nothing else (`default-src 'none'`, the inline script and
style by hash), and the markup links nowhere outside the page. Every number is formatted here from
the same results as `mscli status --format json` (whose records the page also embeds); the
script only filters and searches what is already shown.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from mscli.acceptance.records import Verdict
from mscli.catalogue.models import project_label
from mscli.plans.schedule import Basis
from mscli.quantities import chinese_date, percent
from mscli.render import outlook
from mscli.render.columns import STATUS_FILL
from mscli.render.site import svg as site_svg
from mscli.render.terminal import remind
from mscli.render.terminal.status import json_records, project_heading
from mscli.render.terminal.units import timeliness_text
from mscli.render.text import (
    actuals,
    completion_text,
    judged_on,
    overview,
    rank_change_text,
    schedule_figure,
    schedule_note,
    standing_sentence,
    targets,
)
from mscli.results.acceptance import AcceptanceChecklist
from mscli.results.completion import STATUS_ORDER, Status, labelled_counts, status_label
from mscli.results.county_ranking import CountyRanking
from mscli.results.escalation import Escalation, Level
from mscli.results.history import YearHistory
from mscli.results.projection import Projection
from mscli.results.reminders import Reminders
from mscli.results.summary import IndicatorResult, ProjectResult, QuarterSummary

TEMPLATES = "templates"


@dataclass(frozen=True)
class SitePage:
    html: str
    indicators: int
    quarters: tuple[int, ...]


def _asset(name: str) -> str:
    return (
        resources.files("mscli.render.site").joinpath(TEMPLATES, name).read_text(encoding="utf-8")
    )


def _sha(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _counts(counts: dict[Status, int], year_end: bool) -> list[dict[str, Any]]:
    return [
        {"label": label, "n": n, "fill": STATUS_FILL[first]}
        for label, n, first in labelled_counts(counts, year_end=year_end, order=STATUS_ORDER)
    ]


def _history(summaries: tuple[QuarterSummary, ...], indicator_id: str) -> list[site_svg.Point]:
    points = []
    for summary in summaries:
        r = summary.by_id.get(indicator_id)
        if r is not None and r.counted:
            points.append(
                site_svg.Point(summary.quarter, r.completion, r.schedule, r.status, r.label)
            )
    return points


def escalation_words(e: Escalation | None) -> str:
    """连续2个季度滞后，督办 / 已解除督办 / empty."""
    if e is None:
        return ""
    if e.level is not Level.none:
        return f"连续{e.streak}个季度滞后，{e.level.value}"
    if e.released:
        return "已赶上进度，解除督办"
    return f"连续{e.streak}个季度滞后" if e.streak else ""


def _indicator(
    r: IndicatorResult,
    summaries: tuple[QuarterSummary, ...],
    projection: Projection | None = None,
    escalated: Mapping[str, Escalation] | None = None,
    history: YearHistory | None = None,
) -> dict[str, Any]:
    words = [r.name, r.id, r.text, r.project, r.lead_unit, targets(r)]
    p = projection.by_id.get(r.id) if projection else None
    outlook_words = ""
    if p is not None and p.item is not None and projection is not None:
        outlook_words = outlook.item_text(p.item)
    elif p is not None and p.outlook is not None:
        outlook_words = outlook.sentence(p)
    return {
        "id": r.id,
        "name": r.name,
        "project_id": r.project_id,
        "lead_unit": r.lead_unit,
        "target": targets(r),
        "actual": actuals(r),
        "completion": completion_text(r),
        "schedule": schedule_figure(r),
        "schedule_basis": r.schedule_basis.value if r.counted else "",
        "schedule_planned": r.counted
        and r.item is None
        and r.schedule_basis in (Basis.plan, Basis.partly),
        "status": r.label,
        "fill": STATUS_FILL[r.status],
        "history": site_svg.history(
            _history(summaries, r.id),
            label=f"{r.name}各季度完成情况",
            projected=p.rate if p is not None and p.outlook is not None else None,
            projected_words=outlook_words,
        )
        if r.counted and r.item is None
        else "",
        "outlook": p.outlook.value if p is not None and p.outlook is not None else "",
        "outlook_words": outlook_words,
        "escalation": escalation_words((escalated or {}).get(r.id)),
        "search": " ".join(words).lower(),
    }


def _units(summary: QuarterSummary) -> list[dict[str, Any]]:
    rows = []
    for u in summary.units:
        counts: dict[Status, int] = {}
        for r in u.indicators:
            counts[r.status] = counts.get(r.status, 0) + 1
        rows.append(
            {
                "rank": u.rank,
                "name": u.name,
                "id": u.id,
                "indicators": len(u.indicators),
                "counts": _counts(counts, summary.year_end),
                "timeliness": timeliness_text(u),
                "timeliness_class": u.timeliness.name,
                "score": f"{u.score:.1f}",
                "score_bar": site_svg.score_bar(u.score),
            }
        )
    return rows


def _reminders(reminders: Reminders) -> dict[str, Any]:
    return {
        "title": remind.title(reminders),
        "situation": remind.situation(reminders),
        "rows": [
            {
                "name": r.name,
                "state": r.state.value + (f"（{r.level.value}）" if r.level.value else ""),
                "when": remind.when(r.days),
                "draft": r.draft,
                "indicators": "、".join(i.name for i in r.indicators),
                "contact": r.contact or "—",
            }
            for r in reminders.reminders
        ],
        "nodes_heading": remind.nodes_heading(reminders) if reminders.nodes else "",
        "nodes": [remind.node_line(n) for n in reminders.nodes],
    }


def _acceptance(checklist: AcceptanceChecklist | None) -> dict[str, Any] | None:
    if checklist is None:
        return None
    counts = checklist.counts
    open_items = [
        {
            "place": f"第{c.position}条" if c.position else c.id,
            "project_id": p.id,
            "project": project_label(p.block, p.number, p.title),
            "lead_unit": p.lead_unit,
            "text": c.text,
            "verdict": c.verdict.value,
            "standing": c.standing,
            "open": "；".join(c.open) or "—",
            "search": f"{c.id} {c.text} {p.title} {p.lead_unit}".lower(),
        }
        for p in checklist.projects
        for c in p.criteria
        if c.verdict in (Verdict.pending, Verdict.not_met)
    ]
    return {
        "counts": [{"label": v.value, "n": counts[v]} for v in Verdict],
        "total": len(checklist.criteria),
        "quarter": checklist.quarter,
        "criteria": open_items,
    }


def _json_block(value: Any) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def context(
    *,
    summaries: tuple[QuarterSummary, ...],
    reminders: Reminders,
    checklist: AcceptanceChecklist | None,
    generated: dt.date,
    projection: Projection | None = None,
    escalated: Mapping[str, Escalation] | None = None,
    history: YearHistory | None = None,
    ranking: CountyRanking | None = None,
) -> dict[str, Any]:
    """The template's variables: words and formatted numbers, nothing left to compute."""
    now = summaries[-1]
    overall = [site_svg.Point(s.quarter, s.completion, s.schedule, None) for s in summaries]
    units = {r.lead_unit for r in now.indicators}
    return {
        "year": now.year,
        "quarter": now.quarter,
        "title": f"{now.year}年重点民生实事推进情况",
        "subtitle": f"第{now.quarter}季度{judged_on(now)}",
        "programme": now.programme,
        "generated": chinese_date(generated),
        "overview": overview(now),
        "schedule_note": schedule_note(now),
        "completion": percent(now.completion),
        "schedule": percent(now.schedule, 0),
        "counts": _counts(now.counts, now.year_end),
        "status_bar": site_svg.status_bar(now.counts, year_end=now.year_end),
        "overall_history": site_svg.history(
            overall, width=260, height=80, label="总体完成率与时序进度"
        ),
        "quarters": [
            {
                "quarter": s.quarter,
                "completion": percent(s.completion),
                "schedule": percent(s.schedule, 0),
            }
            for s in summaries
        ],
        "projects": [
            {
                "id": p.id,
                "heading": project_heading(p),
                "lead_unit": p.lead_unit,
                "completion": percent(p.completion) if _measured(p) else "—",
                "schedule": percent(p.schedule, 0) if _measured(p) else "—",
                "counts": _counts(
                    {s: sum(r.status is s for r in p.indicators) for s in Status}, now.year_end
                ),
                "indicators": [
                    _indicator(r, summaries, projection, escalated) for r in p.indicators
                ],
            }
            for p in now.projects
        ],
        "target_title": f"{now.structure.county}目标",
        "ranked": now.ranked,
        "deadline": chinese_date(now.deadline),
        "units": _units(now),
        "unit_options": sorted(units),
        "status_options": list(
            dict.fromkeys(status_label(s, year_end=now.year_end) for s in STATUS_ORDER)
        ),
        "reminders": _reminders(reminders),
        "acceptance": _acceptance(checklist),
        "records": _json_block(json_records(now, (), projection, history)),
        "projection": {
            "counts": outlook.counts_text(projection),
            "note": outlook.formula_note(projection),
        }
        if projection is not None
        else None,
        "counties": _counties(ranking),
    }


def _counties(ranking: CountyRanking | None) -> dict[str, Any] | None:
    """The prefecture's county view (mscli rank's ranking of the bundles received), per project."""
    if ranking is None or not ranking.projects:
        return None
    end = ranking.evaluation.value == "年末"
    return {
        "title": f"各县（市、区）{ranking.evaluation.value}评价排名",
        "end": end,
        "projects": [
            {
                "title": p.title,
                "finished": standing_sentence(p),
                "rows": [
                    {
                        "rank": c.rank,
                        "county": c.county + ("" if c.reported else "（未报送）"),
                        "score": f"{c.score:.2f}",
                        "points": f"{c.points:g}"
                        + (f"（末位扣{c.penalty:g}）" if c.penalty else ""),
                        "change": rank_change_text(c.change),
                    }
                    for c in p.counties
                ],
            }
            for p in ranking.projects
        ],
    }


def _measured(project: ProjectResult) -> bool:
    """Whether a project has an indicator measured by a rate: one of milestones and tasks alone
    is worded by its stages, never a percentage."""
    return any(r.counted and r.item is None for r in project.indicators)


def build_page(
    *,
    summaries: tuple[QuarterSummary, ...],
    reminders: Reminders,
    checklist: AcceptanceChecklist | None,
    generated: dt.date,
    projection: Projection | None = None,
    escalated: Mapping[str, Escalation] | None = None,
    history: YearHistory | None = None,
    ranking: CountyRanking | None = None,
) -> SitePage:
    """The page's HTML. `summaries` are the year's quarters in order, the last one shown."""
    from jinja2 import Environment, StrictUndefined

    class DataFirst(Environment):
        """`acceptance.items` is the page's data, never dict.items (a key wins over a method)."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if isinstance(obj, dict) and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    environment = DataFirst(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    page = environment.from_string(_asset("page.html.j2"))
    style, script = _asset("site.css"), _asset("site.js")
    values = context(
        summaries=summaries,
        reminders=reminders,
        checklist=checklist,
        generated=generated,
        projection=projection,
        escalated=escalated,
        history=history,
        ranking=ranking,
    )
    policy = (
        "default-src 'none'; img-src data:; "
        f"style-src {_sha(style)}; script-src {_sha(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    html = page.render(**values, style=style, script=script, policy=policy)
    return SitePage(html, len(summaries[-1].indicators), tuple(s.quarter for s in summaries))
