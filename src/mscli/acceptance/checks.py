"""Checks of the acceptance records against the catalogue: every problem with file, line, column.

- the file is named after a project of the catalogue, in the catalogue's year;
- every criterion id is one of that project's (a criterion reworded or moved keeps its id, so a
  record never silently follows another criterion);
- each stage is recorded by a unit of that stage: the lead unit for 自查, the 初核单位 or 认定单位 of
  the criterion's indicators (aliases allowed); 认定 only where 附件1 names a 认定单位;
- dates lie in the year, and the stages follow each other in order.

A 达标 verdict on a criterion whose indicator is not complete needs the quarter's figures: that
warning is computed with them, in acceptance.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mscli.acceptance.criteria import CriterionRef, criteria_index
from mscli.acceptance.records import AcceptanceRecord, Stage, StageRecord
from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import Project
from mscli.problems import Problem, Severity
from mscli.quarters import Quarter
from mscli.suggestions import hint


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return Quarter(year, 1).start, Quarter(year, 4).end


def _check_stage(
    catalogue: Catalogue,
    record: AcceptanceRecord,
    ref: CriterionRef,
    stage: Stage,
    entry: StageRecord,
) -> Iterator[Problem]:
    path = ("criteria", ref.id, stage.value)
    allowed = ref.stage_units(catalogue, stage)
    names = "、".join(u.name for u in allowed)
    if stage is Stage.certification and not ref.stage_refs(stage):
        yield record.source.where(path, key=True).problem(
            "acceptance-stage",
            f"附件1 未列出项目“{ref.project.title}”的认定单位，该项没有认定环节",
        )
    else:
        joint = not isinstance(entry.by, str)
        for index, by in enumerate(entry.units):
            unit = catalogue.index.resolve(by, stage.level)
            if unit is not None and unit in allowed:
                continue
            other = None if unit else catalogue.index.at_other_level(by, stage.level)
            at_level = catalogue.structure.level_name(other.level) if other else ""
            level = f"（“{by}”是{at_level}单位）" if other else ""
            close = "" if unit or other else hint(by, (u.name for u in allowed))
            at = (*path, "by", index) if joint else (*path, "by")
            yield record.source.where(at).problem(
                "acceptance-checker",
                f"{stage.label}的核查单位“{by}”不是验收标准“{ref.id}”的{stage.who}{level}："
                f"应为 {names or '（附件1 未列出）'}。{close}",
            )
    first, last = _year_bounds(record.year)
    if entry.date is not None and not first <= entry.date <= last:
        yield record.source.where((*path, "date")).problem(
            "acceptance-date",
            f"{stage.label}日期 {entry.date.isoformat()} 不在 {record.year} 年内"
            f"（{first.isoformat()} 至 {last.isoformat()}）",
        )


def _check_order(record: AcceptanceRecord, criterion_id: str) -> Iterator[Problem]:
    entry = record.data.criteria[criterion_id]
    previous: tuple[Stage, dt.date | None] | None = None
    for stage in Stage:
        this = entry.stage(stage)
        if this is None:
            continue
        where = record.source.where(("criteria", criterion_id, stage.value), key=True)
        if previous is None and stage is not Stage.self_check:
            yield where.problem(
                "acceptance-order",
                f"验收标准“{criterion_id}”记录了{stage.label}，但没有牵头单位自查",
                Severity.warning,
            )
        elif previous is not None and previous[1] and this.date and this.date < previous[1]:
            yield record.source.where(("criteria", criterion_id, stage.value, "date")).problem(
                "acceptance-order",
                f"{stage.label}日期 {this.date.isoformat()} 早于{previous[0].label}日期 "
                f"{previous[1].isoformat()}",
                Severity.warning,
            )
        previous = (stage, this.date)


def check_record(
    catalogue: Catalogue,
    record: AcceptanceRecord,
    index: dict[str, CriterionRef],
    projects: dict[str, Project],
) -> Iterator[Problem]:
    top = record.source.where(())
    project = projects.get(record.project_id)
    if project is None:
        yield top.problem(
            "acceptance-project",
            f"验收记录文件名“{record.path.name}”应为项目编号（见 indicators.yaml）。"
            f"{hint(record.project_id, projects)}",
        )
    if record.year != catalogue.programme.year:
        yield top.problem(
            "acceptance-year",
            f"验收记录所属年度 {record.year} 与指标目录的年度 {catalogue.programme.year} 不符",
        )
    for criterion_id, entry in record.data.criteria.items():
        key = record.source.where(("criteria", criterion_id), key=True)
        ref = index.get(criterion_id)
        if ref is None:
            own = [r.id for r in index.values() if r.project.id == record.project_id]
            yield key.problem(
                "unknown-criterion",
                f"指标目录中没有编号为“{criterion_id}”的验收标准。{hint(criterion_id, own or index)}",
            )
            continue
        if project is not None and ref.project.id != project.id:
            yield key.problem(
                "criterion-project",
                f"验收标准“{criterion_id}”属于项目“{ref.project.title}”，"
                f"不属于本文件的项目“{project.title}”",
            )
            continue
        for stage in Stage:
            stage_entry = entry.stage(stage)
            if stage_entry is not None:
                yield from _check_stage(catalogue, record, ref, stage, stage_entry)
        yield from _check_order(record, criterion_id)


def run_acceptance_checks(catalogue: Catalogue, records: list[AcceptanceRecord]) -> list[Problem]:
    index = criteria_index(catalogue)
    projects = {p.id: p for p in catalogue.projects}
    return [p for record in records for p in check_record(catalogue, record, index, projects)]
