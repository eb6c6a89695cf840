"""Year-end acceptance records: data/acceptance/<year>/<project-id>.yaml, read and validated.

One file per project and year. For each acceptance criterion (by its id in indicators.yaml) it
records the verification chain — 牵头单位自查, 平顶山市初核, 平顶山市认定 — each stage with who
checked, when and what they found, plus the evidence (佐证材料) and notes. The year is part of
the path, so that several years can be kept side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from mscli.catalogue.models import Date, Id, Level, Strict, Text, UnitRef
from mscli.files import safe_path
from mscli.problems import Problem
from mscli.yamlio.load import UNIT_FILE_VALUES, Layout, parse_model, walk_layout
from mscli.yamlio.pydantic_errors import FieldError
from mscli.yamlio.source import Source

ACCEPTANCE_DIR = "acceptance"
_YEAR_DIR = re.compile(r"^(?P<year>20\d\d)$")


class Verdict(StrEnum):
    met = "达标"
    not_met = "未达标"
    pending = "待核"
    not_applicable = "不适用"


class Stage(StrEnum):
    """The verification chain, in order."""

    self_check = "self_check"
    verification = "verification"
    certification = "certification"

    @property
    def label(self) -> str:
        return {"self_check": "牵头单位自查", "verification": "初核", "certification": "认定"}[
            self.value
        ]

    @property
    def who(self) -> str:
        """The unit this stage belongs to, as 附件1 calls it."""
        return {"self_check": "牵头单位", "verification": "初核单位", "certification": "认定单位"}[
            self.value
        ]

    @property
    def level(self) -> Level:
        """Self-checks are Ruzhou's lead units; 初核 and 认定 are Pingdingshan's units."""
        return Level.county if self is Stage.self_check else Level.prefecture


class StageRecord(Strict):
    """One stage of the chain: who checked, when, and what they found."""

    by: UnitRef | Annotated[tuple[UnitRef, ...], Field(min_length=1, max_length=20)] = Field(
        title="核查单位",
        description="自查写本级牵头单位；初核、认定写附件1 所列的初核单位、认定单位。"
        "附件1 列了两个单位时：由其中一个核查写这一个单位，两个单位共同核查写成列表 [单位甲, 单位乙]",
    )
    date: Date | None = Field(default=None, title="日期", description="如 2023-12-15")
    verdict: Verdict = Field(title="结论", description="达标、未达标、待核 或 不适用")
    notes: Text | None = Field(default=None, title="说明")

    @property
    def units(self) -> tuple[str, ...]:
        """Who checked, as written: one unit, or each of the units that checked jointly."""
        return (self.by,) if isinstance(self.by, str) else self.by

    @model_validator(mode="after")
    def _dated(self) -> StageRecord:
        if self.verdict is not Verdict.pending and self.date is None:
            raise FieldError("verdict", f"结论为“{self.verdict.value}”时须填写日期 date")
        return self


class AcceptanceEvidence(Strict):
    title: Text = Field(title="材料名称")
    number: Text | None = Field(default=None, title="文号", description="如 汝人社〔2023〕88号")
    link: Text | None = Field(default=None, title="链接或路径")


class CriterionRecord(Strict):
    self_check: StageRecord | None = Field(default=None, title="牵头单位自查")
    verification: StageRecord | None = Field(default=None, title="初核")
    certification: StageRecord | None = Field(default=None, title="认定")
    evidence: tuple[AcceptanceEvidence, ...] = Field(default=(), title="佐证材料")
    notes: Text | None = Field(default=None, title="备注")

    def stage(self, stage: Stage) -> StageRecord | None:
        record: StageRecord | None = getattr(self, stage.value)
        return record


class AcceptanceFile(Strict):
    contact: Text | None = Field(default=None, title="联系人")
    criteria: dict[Id, CriterionRecord] = Field(
        default_factory=dict,
        title="各条验收标准",
        description="键为验收标准编号（indicators.yaml 中 standards 各条目的 id）",
    )


@dataclass(frozen=True)
class AcceptanceRecord:
    """One project's acceptance file for one year, with where it came from."""

    project_id: str
    year: int
    data: AcceptanceFile
    source: Source
    path: Path


def year_dir(root: Path, year: int) -> Path:
    return root / ACCEPTANCE_DIR / str(year)


def record_path(root: Path, year: int, project_id: str) -> Path:
    return safe_path(year_dir(root, year), f"{project_id}.yaml", what="项目编号生成的文件名")


def parse_acceptance(
    raw: bytes, *, path: Path, file: str, year: int
) -> tuple[AcceptanceRecord | None, list[Problem]]:
    data, source, problems = parse_model(raw, AcceptanceFile, file=file, limit=UNIT_FILE_VALUES)
    if data is None or source is None:
        return None, problems
    return AcceptanceRecord(path.stem, year, data, source, path), problems


ACCEPTANCE_LAYOUT = Layout(
    folder=ACCEPTANCE_DIR,
    period=_YEAR_DIR,
    example="2023",
    what="验收记录",
    inside="年度文件夹",
    owner="项目",
    per="本年度",
    rule="每个项目每年只能有一个验收记录",
    folder_code="acceptance-folder",
    file_code="acceptance-file",
    duplicate_code="duplicate-record",
)


def load_acceptance(
    root: Path, *, year: int | None = None
) -> tuple[list[AcceptanceRecord], list[Problem]]:
    """Every record under data/acceptance/ (only `year`'s when given), in (year, project) order."""
    found, problems = walk_layout(root, ACCEPTANCE_LAYOUT, year=year)
    records: list[AcceptanceRecord] = []
    for f in found:
        record, more = parse_acceptance(f.raw, path=f.path, file=f.file, year=int(f.period["year"]))
        problems += more
        if record is not None:
            records.append(record)
    return records, problems
