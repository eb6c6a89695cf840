"""Lead units' quarterly reports: data/progress/<year>-Q<n>/<unit-id>.yaml, read and validated."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from mscli.catalogue.models import (
    TASK_STAGE,
    Date,
    Id,
    Metric,
    MetricKind,
    Name,
    ReportedValue,
    Strict,
    Text,
)
from mscli.files import safe_path
from mscli.problems import Problem
from mscli.quantities import DATE_PATTERN, chinese_number, to_base
from mscli.yamlio.load import UNIT_FILE_VALUES, Layout, parse_model, walk_layout
from mscli.yamlio.source import Source

PROGRESS_DIR = "progress"
_QUARTER_DIR = re.compile(r"^(?P<year>20\d\d)-Q(?P<quarter>[1-4])$")


class Evidence(Strict):
    title: Name = Field(title="材料名称")
    link: Text | None = Field(default=None, title="链接或路径")


def _none_is_empty(value: Any) -> Any:
    """`stages:` with nothing reached yet (its lines still commented out) is no stage reached."""
    return {} if value is None else value


class IndicatorProgress(Strict):
    values: dict[Id, ReportedValue] = Field(
        default_factory=dict,
        title="累计完成值",
        description="按指标项编号填写年初至今的累计值：可写显示单位下的数字（如 1.52 表示 1.52万人次），"
        "或带“万”的文字（如 1.52万）；比率写百分数；禁止事项写发生起数",
    )
    stages: Annotated[
        dict[Name, Date],
        BeforeValidator(_none_is_empty),
        WithJsonSchema(
            {
                "anyOf": [
                    {
                        "type": "object",
                        "additionalProperties": {"type": "string", "pattern": DATE_PATTERN},
                    },
                    {"type": "null"},
                ]
            }
        ),
    ] = Field(
        default_factory=dict,
        title="已完成的阶段",
        description="节点事项（milestone）：已达到的阶段及其日期，如 {开工: 2023-04-20, 主体完工: 2023-09-10}，"
        "阶段名称同指标目录，逐季度累计填写",
    )
    done: Date | None = Field(
        default=None,
        title="完成日期",
        description="工作任务（task）：完成的日期，如 2023-08-15；尚未完成时不填写",
    )
    progress: Text | None = Field(default=None, title="进展情况")
    issues: Text | None = Field(default=None, title="存在问题")
    next_steps: Text | None = Field(default=None, title="下步打算")
    evidence: tuple[Evidence, ...] = Field(default=(), title="佐证材料")
    correction: Text | None = Field(
        default=None,
        title="更正说明",
        description="累计值低于上一季度时（更正此前报错的数字）写明原因；写明后不算错误，"
        "只作为警告列出，并显示在 mscli diff 和通报数据中",
    )


class ProgressFile(Strict):
    submitted: Date | None = Field(
        default=None,
        title="报送日期",
        description="报送时填写实际日期，如 2023-06-20；留空的文件是草稿，不计为已报送",
    )
    contact: Name | None = Field(default=None, title="联系人")
    indicators: dict[Id, IndicatorProgress] = Field(
        title="各项指标进展", description="键为指标编号"
    )


@dataclass(frozen=True)
class ProgressReport:
    """One unit's report for one quarter, with where it came from."""

    unit_id: str
    year: int
    quarter: int
    data: ProgressFile
    source: Source
    path: Path

    @property
    def draft(self) -> bool:
        """A scaffolded file whose submission date is still empty: not a report."""
        return self.data.submitted is None

    def reached(self, indicator_id: str, metric: Metric) -> dict[str, dt.date] | None:
        """A milestone's or a task's stages reported reached, with their dates, in the metric's
        order (a task's one stage is 完成, on `done`); None when the indicator is not reported."""
        entry = self.data.indicators.get(indicator_id)
        if entry is None:
            return None
        if metric.kind is MetricKind.task:
            return {TASK_STAGE: entry.done} if entry.done else {}
        return {s: entry.stages[s] for s in metric.stages if s in entry.stages}

    def reading(self, indicator_id: str, metric: Metric) -> Reading:
        """The value reported for `metric` of `indicator_id`, as written and in base units."""
        entry = self.data.indicators.get(indicator_id)
        raw = entry.values.get(metric.id) if entry else None
        if raw is None:
            return Reading(None, None, None)
        try:
            return Reading(raw, to_base(raw, metric.unit, metric.display_unit), None)
        except ValueError as exc:
            return Reading(raw, None, str(exc))


@dataclass(frozen=True)
class Reading:
    """One reported value: as written, in base units (None when absent or unreadable), and why not."""

    raw: float | str | None
    base: float | None
    error: str | None


@dataclass(frozen=True)
class Earlier:
    """A metric's latest earlier submitted value: as written, in base units, and its report."""

    raw: float | str
    base: float
    report: ProgressReport


def earlier_reports(
    reports: Iterable[ProgressReport], *, unit_id: str, year: int, quarter: int
) -> list[ProgressReport]:
    """The unit's submitted reports of the year's quarters before `quarter`, latest first.

    The one rule for "what came before": a draft is no report, and a quarter the unit did not
    report is passed over, so Q3 is compared with Q1 when Q2's file is missing.
    """
    return sorted(
        (
            r
            for r in reports
            if r.unit_id == unit_id and r.year == year and r.quarter < quarter and not r.draft
        ),
        key=lambda r: -r.quarter,
    )


def earlier_reading(
    earlier: Iterable[ProgressReport], indicator_id: str, metric: Metric
) -> Earlier | None:
    """The latest readable value of `metric` among `earlier` (reports latest first, as
    `earlier_reports` gives them), or None when none of them has one."""
    for report in earlier:
        reading = report.reading(indicator_id, metric)
        if reading.raw is not None and reading.base is not None:
            return Earlier(reading.raw, reading.base, report)
    return None


def progress_title(unit_name: str, year: int, quarter: int) -> str:
    """市人力资源和社会保障局 2023年第二季度重点民生实事进展"""
    return f"{unit_name} {year}年第{chinese_number(quarter)}季度重点民生实事进展"


def quarter_dir(root: Path, year: int, quarter: int) -> Path:
    return root / PROGRESS_DIR / f"{year}-Q{quarter}"


def report_path(root: Path, year: int, quarter: int, unit_id: str) -> Path:
    """data/progress/<year>-Q<n>/<unit>.yaml, the unit's id checked as a file name."""
    return safe_path(
        quarter_dir(root, year, quarter), f"{unit_id}.yaml", what="单位编号生成的文件名"
    )


def latest_quarter(reports: Iterable[ProgressReport], *, year: int) -> int | None:
    """The latest quarter of `year` that has any progress file (drafts count), or None."""
    return max((r.quarter for r in reports if r.year == year), default=None)


def parse_progress(
    raw: bytes, *, path: Path, file: str, year: int, quarter: int
) -> tuple[ProgressReport | None, list[Problem]]:
    """One report's contents, read and validated as if it lay at `path` (which may not exist yet)."""
    # a misspelt key is reported, and what could be read still goes through the checks
    data, source, problems = parse_model(
        raw, ProgressFile, file=file, drop_unknown=True, limit=UNIT_FILE_VALUES
    )
    if data is None or source is None:
        return None, problems
    return ProgressReport(path.stem, year, quarter, data, source, path), problems


PROGRESS_LAYOUT = Layout(
    folder=PROGRESS_DIR,
    period=_QUARTER_DIR,
    example="2023-Q2",
    what="进度文件",
    inside="季度文件夹",
    owner="单位",
    per="本季度",
    rule="每个单位每季度只能有一个进度文件",
    folder_code="progress-folder",
    file_code="progress-file",
    duplicate_code="duplicate-report",
)


def load_progress(
    root: Path, *, year: int | None = None, owners: Collection[str] | None = None
) -> tuple[list[ProgressReport], list[Problem]]:
    """Every report under data/progress/ (only `year`'s when given, only `owners`' units' when
    given), in (year, quarter, unit) order. A folder of another year is skipped; a folder not
    named by a quarter is a problem."""
    found, problems = walk_layout(root, PROGRESS_LAYOUT, year=year, owners=owners)
    reports: list[ProgressReport] = []
    for f in found:
        report, more = parse_progress(
            f.raw,
            path=f.path,
            file=f.file,
            year=int(f.period["year"]),
            quarter=int(f.period["quarter"]),
        )
        problems += more
        if report is not None:
            reports.append(report)
    return reports, problems
