"""The year-end acceptance checklist as a terminal table, JSON, Markdown or a .docx table."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from mscli.acceptance.records import AcceptanceEvidence, Verdict
from mscli.catalogue.models import project_label
from mscli.quantities import percent
from mscli.render.terminal import fit
from mscli.render.text import actuals, md_text, targets
from mscli.results.acceptance import AcceptanceChecklist, CriterionState, StageState

VERDICT_STYLE: dict[Verdict, str] = {
    Verdict.met: "bold green",
    Verdict.not_met: "bold red",
    Verdict.pending: "yellow",
    Verdict.not_applicable: "dim",
}
HEADER = ("编号", "验收标准", "关联指标（完成情况）", "核查环节", "结论", "佐证材料", "待办")


def counts_text(checklist: AcceptanceChecklist) -> str:
    counts = checklist.counts
    shown = "，".join(f"{v.value} {counts[v]} 条" for v in Verdict)
    return f"{checklist.year}年验收标准共 {len(checklist.criteria)} 条：{shown}。"


def basis_text(checklist: AcceptanceChecklist) -> str:
    return f"关联指标的完成情况取自{checklist.year}年第{checklist.quarter}季度。"


def indicators_text(c: CriterionState) -> str:
    """技能培训2.72万人次，完成1.52万人次（55.9%，按序时）: the indicator's name once, before its
    target, unless the target already begins with it."""
    return "；".join(
        f"{_named(r.name, targets(r))}，{actuals(r)}（{r.label}）"
        if r.counted and r.item is not None
        else f"{_named(r.name, targets(r))}，完成{actuals(r)}（{percent(r.completion)}，{r.label}）"
        if r.counted
        else f"{r.name}：{r.label}"
        for r in c.indicators
    )


def _named(name: str, target: str) -> str:
    return target if target.startswith(name) else f"{name}：{target}"


def stage_text(state: StageState, when: Callable[[dt.date], str] = dt.date.isoformat) -> str:
    """自查：达标（市人社局，2023-12-05…）; `when` writes the date (chinese_date for print)."""
    record = state.record
    who = "、".join(state.units) or "（附件1 未列出）"
    if record is None:
        return f"{state.stage.label}：待{state.stage.label}（{who}）"
    date = f"，{when(record.date)}" if record.date else ""
    notes = f"，{record.notes}" if record.notes else ""
    who = state.by or "、".join(record.units)
    return f"{state.stage.label}：{record.verdict.value}（{who}{date}{notes}）"


def evidence_text(e: AcceptanceEvidence) -> str:
    parts = [e.title, *(x for x in (e.number, e.link) if x)]
    return "，".join(parts)


def criterion_row(
    c: CriterionState, when: Callable[[dt.date], str] = dt.date.isoformat
) -> tuple[str, ...]:
    text = f"{c.topic}：{c.text}" if c.topic else c.text
    chain = "\n".join(stage_text(s, when) for s in c.chain)
    evidence = "\n".join(evidence_text(e) for e in c.evidence) or "—"
    if c.notes:
        evidence += f"\n备注：{c.notes}"
    verdict = f"{c.verdict.value}（{c.standing}）"
    return (
        f"第{c.position}条" if c.position else c.id,
        text,
        indicators_text(c) or "—",
        chain,
        verdict,
        evidence,
        "；".join(c.open) or "无",
    )


COLUMNS = (
    fit.Column(HEADER[0], "token", style="cyan"),
    fit.Column(HEADER[1], "text", minimum=12, comfortable=20, share=3),
    fit.Column(HEADER[2], "text", minimum=16, comfortable=24, share=3, optional=2),
    fit.Column(HEADER[3], "text", minimum=12, comfortable=16, share=2),
    fit.Column(HEADER[4], "text", minimum=8, comfortable=10),
    fit.Column(HEADER[5], "text", minimum=12, comfortable=16, share=2, optional=1),
    fit.Column(HEADER[6], "text", minimum=10, comfortable=14, share=2),
)
"""The related indicators and the evidence only where there is room."""


def _row(c: CriterionState) -> tuple[fit.Cell, ...]:
    row = criterion_row(c)
    verdict = fit.Words(
        (Text(c.verdict.value, style=VERDICT_STYLE[c.verdict]), Text(f"（{c.standing}）")), sep=""
    )
    return (*row[:4], verdict, *row[5:])


def _layout(checklist: AcceptanceChecklist, width: int) -> Iterator[RenderableType]:
    yield fit.lines(counts_text(checklist) + basis_text(checklist), width)
    every = [_row(c) for p in checklist.projects for c in p.criteria]
    layout = fit.lay_out(COLUMNS, every, width) or fit.lay_out(COLUMNS, every, width, borders=2)
    for number, project in enumerate(checklist.projects):
        heading = f"{project_label(project.block, project.number, project.title)}（牵头：{project.lead_unit}）"
        yield fit.lines(heading, width, "bold")
        rows = [_row(c) for c in project.criteria]
        if layout is None:
            for c in project.criteria:
                yield fit.lines(f"第{c.position}条 {c.verdict.value} {c.text}", width)
            continue
        yield fit.table(COLUMNS, layout, rows, header=number == 0)


def table(checklist: AcceptanceChecklist) -> fit.Fitted:
    """Per project, the criteria with shared column widths."""
    return fit.Fitted(lambda width: _layout(checklist, width))


def _stage_json(state: StageState) -> dict[str, Any]:
    record = state.record
    return {
        "stage": state.stage.value,
        "label": state.stage.label,
        "units": list(state.units),
        "by": (state.by or "、".join(record.units)) if record else None,
        "date": record.date.isoformat() if record and record.date else None,
        "verdict": record.verdict.value if record else None,
        "notes": record.notes if record else None,
        "done": state.done,
    }


def to_data(checklist: AcceptanceChecklist) -> dict[str, Any]:
    return {
        "year": checklist.year,
        "quarter": checklist.quarter,
        "counts": {v.value: n for v, n in checklist.counts.items()},
        "projects": [
            {
                "id": p.id,
                "block": p.block,
                "number": p.number,
                "title": p.title,
                "lead_unit": p.lead_unit,
                "record_file": p.record_file,
                "criteria": [
                    {
                        "id": c.id,
                        "topic": c.topic,
                        "text": c.text,
                        "indicators": [
                            {
                                "id": r.id,
                                "target": targets(r),
                                "actual": actuals(r),
                                "completion": r.completion,
                                "status": r.label,
                            }
                            for r in c.indicators
                        ],
                        "chain": [_stage_json(s) for s in c.chain],
                        "standing": c.standing,
                        "verdict": c.verdict.value,
                        "evidence": [
                            {"title": e.title, "number": e.number, "link": e.link}
                            for e in c.evidence
                        ],
                        "notes": c.notes,
                        "open": list(c.open),
                    }
                    for c in p.criteria
                ],
            }
            for p in checklist.projects
        ],
    }


def to_json(checklist: AcceptanceChecklist) -> str:
    return json.dumps(to_data(checklist), ensure_ascii=False, indent=2)


def to_markdown(checklist: AcceptanceChecklist) -> str:
    lines = [f"# {checklist.year}年重点民生实事验收清单", "", md_text(counts_text(checklist)), ""]
    lines += [md_text(basis_text(checklist)), ""]
    for p in checklist.projects:
        lines += [
            f"## {md_text(project_label(p.block, p.number, p.title))}",
            "",
            f"牵头单位：{md_text(p.lead_unit)}",
            "",
        ]
        lines.append("| " + " | ".join(HEADER) + " |")
        lines.append("|" + "---|" * len(HEADER))
        for c in p.criteria:
            cells = ["<br>".join(map(md_text, cell.splitlines())) for cell in criterion_row(c)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
