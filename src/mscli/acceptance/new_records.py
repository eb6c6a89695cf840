"""A year's acceptance record files: one per project, listing its criteria, never overwriting.

Each criterion starts with the lead unit's self-check at 待核 (valid as it is: 待核 needs no
date); the criterion's text and the units of each stage are written as comments beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mscli.acceptance.criteria import criteria_of
from mscli.acceptance.records import record_path
from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import Project, project_label
from mscli.problems import MscliError
from mscli.yamlio.modeline import schema_comment


@dataclass(frozen=True)
class NewRecord:
    project_id: str
    title: str
    path: Path
    text: str
    exists: bool


def _scalar(text: str) -> str:
    """A unit's name as YAML, also inside [ ] and { }: plain unless it holds what YAML would
    read otherwise."""
    plain = (
        text[:1].isalnum()
        and ": " not in text
        and " #" not in text
        and not any(c in text for c in ",[]{}")
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def record_text(
    *, root: Path, path: Path, catalogue: Catalogue, project: Project, year: int
) -> str:
    lines = []
    schema = schema_comment(path, root)
    if schema is not None:
        lines.append(schema)
    lines += [
        f"# {year}年重点民生实事验收记录：{project_label(project.block, project.number, project.title)}",
        "# 每条验收标准依次记录 牵头单位自查（self_check）→ 初核（verification）→ 认定（certification）："
        "核查单位 by、日期 date、结论 verdict（达标 / 未达标 / 待核 / 不适用）、说明 notes；",
        "# evidence 列佐证材料（title 材料名称、number 文号、link 链接或路径），notes 为备注。"
        "编号对应 indicators.yaml 中验收标准的 id，请勿改动。",
        "# contact: 联系人 电话",
        "criteria:",
    ]
    for ref in criteria_of(project):
        lines.append(f"  {ref.id}:  # {ref.criterion.text}")
        lead = ref.self_check_unit(catalogue)
        lines += ["    self_check:", f"      by: {_scalar(lead)}", "      verdict: 待核"]
        for stage in ref.chain()[1:]:
            names = catalogue.unit_names(ref.stage_refs(stage), stage.level)
            by = _scalar(names[0]) if len(names) == 1 else f"[{', '.join(map(_scalar, names))}]"
            joint = "  # 两单位共同核查；由其中一个核查时只写这一个" if len(names) > 1 else ""
            lines.append(
                f"    # {stage.value}: {{by: {by}, date: {year}-12-20, verdict: 达标}}{joint}"
            )
        lines.append("    # evidence: [{title: 材料名称, number: 文号, link: 链接}]")
    return "\n".join(lines) + "\n"


def plan_acceptance(
    *, root: Path, catalogue: Catalogue, year: int | None = None
) -> list[NewRecord]:
    """Every project's record file for the year, with its text; nothing is written here."""
    programme_year = catalogue.programme.year
    year = year or programme_year
    if year != programme_year:
        raise MscliError(f"指标目录是 {programme_year} 年度的，不能生成 {year} 年的验收记录")
    planned = []
    for project in catalogue.projects:
        if not project.standards:
            continue
        path = record_path(root, year, project.id)
        text = record_text(root=root, path=path, catalogue=catalogue, project=project, year=year)
        planned.append(NewRecord(project.id, project.title, path, text, path.exists()))
    return planned
