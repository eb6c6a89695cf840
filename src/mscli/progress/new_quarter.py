"""A new quarter's report files: one per lead unit, listing its indicators, pre-filled as a start.

Values are the unit's latest earlier cumulative values of the same year, written as plain numbers
in each metric's display unit; a metric never reported starts at 0. Drafts of earlier quarters are
not reports and never serve as that start. `submitted` is left empty: the file is a draft, not a
report, until the unit fills in the date it reports. Each file validates as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from mscli.catalogue.config import StatusRules
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Metric, MetricKind, Unit
from mscli.problems import MscliError
from mscli.progress.notes import (
    DONE_INSTRUCTION,
    STAGE_PLACEHOLDER,
    placeholder_lines,
    value_note,
)
from mscli.progress.reports import (
    Earlier,
    ProgressReport,
    earlier_reading,
    earlier_reports,
    progress_title,
    report_path,
)
from mscli.quantities import chinese_date, multiplier, to_base
from mscli.quarters import Quarter
from mscli.yamlio.modeline import schema_comment
from mscli.yamlio.write import plain_scalar


@dataclass(frozen=True)
class NewFile:
    """One lead unit's report file for the quarter, and whether a file is already there."""

    unit_id: str
    unit_name: str
    path: Path
    text: str
    exists: bool


@dataclass(frozen=True)
class QuarterPlan:
    """The files a quarter needs, and the date they are due."""

    year: int
    quarter: int
    due: dt.date
    files: tuple[NewFile, ...]
    prefilled: bool = False
    """Whether any new file starts from an earlier quarter's values (else all start at 0)."""

    @property
    def missing(self) -> tuple[NewFile, ...]:
        return tuple(f for f in self.files if not f.exists)


def _decimal_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def number_text(previous: Earlier, metric: Metric) -> str:
    """The previous value as YAML text in the display unit: 1.52 for 15200 人次 shown in 万人次.

    A number written as a number is kept as it was; text such as "0.98万" becomes 0.98, unless
    float rounding would make the number read lower than before (the decrease check would then
    refuse it), in which case the text is kept.
    """
    return display_text(previous.raw, previous.base, metric)


def display_text(raw: float | str, base: float, metric: Metric) -> str:
    """A value (as written, and in base units) as a plain number in the display unit, the file's
    own convention; as quoted text when the number would read back lower."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _decimal_text(Decimal(repr(raw)))
    factor = multiplier(metric.unit or "", metric.display_unit)
    text = _decimal_text(Decimal(repr(base)) / factor)
    if to_base(float(text), metric.unit, metric.display_unit) >= base:
        return text
    return json.dumps(raw, ensure_ascii=False)


def _stage_lines(metric: Metric, earlier: list[ProgressReport], indicator_id: str) -> list[str]:
    """A milestone's stages reached so far (from the latest earlier report) and the ones to come;
    a task's completion date when it was done already."""
    reached = next((found for r in earlier if (found := r.reached(indicator_id, metric))), {})
    if metric.kind is MetricKind.task:
        done = reached.get(metric.steps[0])
        if done:
            return [f"    done: {done.isoformat()}  # {metric.name}：完成日期"]
        return [f"    done:  # {metric.name}：完成日期{DONE_INSTRUCTION}"]
    lines = [f"    stages:  # {metric.name}：已达到的阶段及日期（{'、'.join(metric.stages)}）"]
    for stage in metric.stages:
        if stage in reached:
            lines.append(f"      {stage}: {reached[stage].isoformat()}")
        else:
            lines.append(f"      # {stage}: {STAGE_PLACEHOLDER}")
    return lines


def _value_line(metric: Metric, previous: Earlier | None) -> str:
    value = "0" if previous is None else number_text(previous, metric)
    note = value_note(metric, previous.report.quarter if previous else None)
    return f"      {metric.id}: {value}  # {note}"


def latest_contacts(reports: Iterable[ProgressReport]) -> dict[str, str]:
    """Each unit's contact as its latest file gives it (a draft's too, as within a year)."""
    found: dict[str, str] = {}
    for report in sorted(reports, key=lambda r: (r.year, r.quarter), reverse=True):
        if report.data.contact:
            found.setdefault(report.unit_id, report.data.contact)
    return found


def report_text(
    *,
    root: Path,
    path: Path,
    unit: Unit,
    rows: list[Row],
    reports: list[ProgressReport],
    year: int,
    quarter: int,
    due: dt.date,
    contact: str | None = None,
) -> str:
    """The text of one unit's new report file; `reports` may be all of them or only the unit's.
    `contact` is used when the unit's earlier reports of the year give none (last year's)."""
    lines = []
    schema = schema_comment(path, root)
    if schema is not None:
        lines.append(schema)
    lines += [
        f"# {progress_title(unit.name, year, quarter)}",
        f"# 报送截止：{chinese_date(due)}",
        '# 填写说明：数值按显示单位填写（1.52 即 1.52万），也可写 "1.52万"；'
        "progress 进展情况、issues 存在问题、next_steps 下步打算，删除行首的“# ”后填写。",
        f"submitted:  # 报送日期：报送时填写当天的日期，格式如 {due.isoformat()}；"
        "留空即为草稿，不算已报送",
    ]
    earlier = earlier_reports(reports, unit_id=unit.id, year=year, quarter=quarter)
    files = sorted(  # a contact is kept from any earlier file, a draft's too
        (r for r in reports if r.unit_id == unit.id and r.year == year and r.quarter < quarter),
        key=lambda r: -r.quarter,
    )
    contact = next((r.data.contact for r in files if r.data.contact), contact)
    lines.append(f"contact: {plain_scalar(contact)}" if contact else "# contact: 联系人 电话")
    lines.append("indicators:")
    for row in rows:
        lines.append(f"  {row.indicator.id}:")
        staged = [m for m in row.indicator.target.metrics if m.kind.staged]
        if staged:
            lines += _stage_lines(staged[0], earlier, row.indicator.id)
            lines += placeholder_lines()
            continue
        lines.append("    values:")
        for metric in row.indicator.target.metrics:
            previous = earlier_reading(earlier, row.indicator.id, metric)
            lines.append(_value_line(metric, previous))
        lines += placeholder_lines()
    return "\n".join(lines) + "\n"


def plan_quarter(
    *,
    root: Path,
    catalogue: Catalogue,
    reports: list[ProgressReport],
    rules: StatusRules,
    quarter: int,
    year: int | None = None,
    contacts: Mapping[str, str] | None = None,
) -> QuarterPlan:
    """Every lead unit's file for the quarter, with its text; nothing is written here."""
    programme_year = catalogue.programme.year
    year = year or programme_year
    if year != programme_year:
        raise MscliError(f"指标目录是 {programme_year} 年度的，不能生成 {year} 年的进度文件")
    due = Quarter(year, quarter).deadline(rules.deadline_day)
    planned = []
    by_unit: dict[str, list[ProgressReport]] = {}
    for report in reports:
        by_unit.setdefault(report.unit_id, []).append(report)
    for unit_id, (unit, rows) in catalogue.reporting_units().items():
        path = report_path(root, year, quarter, unit_id)
        text = report_text(
            root=root,
            path=path,
            unit=unit,
            rows=rows,
            reports=by_unit.get(unit_id, []),
            year=year,
            quarter=quarter,
            due=due,
            contact=(contacts or {}).get(unit_id),
        )
        planned.append(NewFile(unit_id, unit.name, path, text, path.exists()))
    prefilled = any(not r.draft and r.year == year and r.quarter < quarter for r in reports)
    return QuarterPlan(year, quarter, due, tuple(planned), prefilled)
