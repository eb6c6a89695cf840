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

from pydantic import Field, model_validator

from mscli.files import OUTSIDE_MESSAGE, leads_outside
from mscli.loading import list_folder, parse_model, read_limited
from mscli.models import Date, FieldError, Id, Level, Strict, Text, UnitRef
from mscli.problems import Problem, display_path
from mscli.yamlsource import Source

ACCEPTANCE_DIR = "acceptance"
_YEAR_DIR = re.compile(r"^20\d\d$")


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

    by: UnitRef = Field(
        title="核查单位",
        description="自查写汝州市牵头单位；初核、认定写附件1 所列的平顶山市初核单位、认定单位",
    )
    date: Date | None = Field(default=None, title="日期", description="如 2023-12-15")
    verdict: Verdict = Field(title="结论", description="达标、未达标、待核 或 不适用")
    notes: Text | None = Field(default=None, title="说明")

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
    return year_dir(root, year) / f"{project_id}.yaml"


def parse_acceptance(
    raw: bytes, *, path: Path, file: str, year: int
) -> tuple[AcceptanceRecord | None, list[Problem]]:
    data, source, problems = parse_model(raw, AcceptanceFile, file=file)
    if data is None or source is None:
        return None, problems
    return AcceptanceRecord(path.stem, year, data, source, path), problems


def load_acceptance(
    root: Path, *, year: int | None = None
) -> tuple[list[AcceptanceRecord], list[Problem]]:
    """Every record under data/acceptance/ (only `year`'s when given), in (year, project) order."""
    base = root / ACCEPTANCE_DIR
    records: list[AcceptanceRecord] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return records, problems
    for folder in list_folder(base, root, problems):
        if folder.name.startswith(".") or (folder.is_file() and folder.name == "README.md"):
            continue
        if not folder.is_dir() or not _YEAR_DIR.match(folder.name):
            problems.append(
                Problem(
                    display_path(folder, root),
                    1,
                    1,
                    "acceptance-folder",
                    f"acceptance/ 下只能放按年度命名的文件夹（如 2023），“{folder.name}”不符合",
                )
            )
            continue
        if year is not None and int(folder.name) != year:
            continue
        if leads_outside(folder, root):
            file = display_path(folder, root)
            problems.append(Problem(file, 1, 1, "symlink", f"{file} {OUTSIDE_MESSAGE}"))
            continue
        stems: dict[str, str] = {}
        for path in list_folder(folder, root, problems):
            file = display_path(path, root)
            if path.name.startswith("."):
                continue
            if path.suffix not in (".yaml", ".yml") or not (path.is_file() or path.is_symlink()):
                problems.append(
                    Problem(file, 1, 1, "acceptance-file", "年度文件夹中只能放 .yaml 验收记录")
                )
                continue
            if path.stem in stems:
                message = (
                    f"项目 {path.stem} 本年度已有验收记录 {stems[path.stem]}；"
                    "每个项目每年只能有一个验收记录，请删除其中一个"
                )
                problems.append(Problem(file, 1, 1, "duplicate-record", message))
                continue
            stems[path.stem] = path.name
            if leads_outside(path, root):
                problems.append(Problem(file, 1, 1, "symlink", f"{file} {OUTSIDE_MESSAGE}"))
                continue
            try:
                raw = read_limited(path)
            except OSError as exc:
                problems.append(Problem(file, 1, 1, "io", f"无法读取文件：{exc.strerror or exc}"))
                continue
            record, more = parse_acceptance(raw, path=path, file=file, year=int(folder.name))
            problems += more
            if record is not None:
                records.append(record)
    return records, problems
