"""A filled workbook read back: its content, every bad cell in it, and the progress file it makes.

Problems are values pointing at cells (进度!F7), also those the progress checks find in the file the
workbook becomes. Nothing here prints; openpyxl is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import TASK_STAGE, Level, Metric, MetricKind
from mscli.oserrors import reason
from mscli.problems import Problem, Severity, cell_problem, display_path
from mscli.progress.reports import progress_title
from mscli.quantities import chinese_date, parse_amount, plain, to_base
from mscli.quarters import Quarter
from mscli.sheet.layout import (
    CONTACT_CELL,
    DATE_CELL,
    HEADER_ROW,
    MARK,
    META,
    META_FIRST_ROW,
    META_MARK,
    META_QUARTER,
    META_UNIT,
    META_VERSION,
    META_YEAR,
    METRIC_COLUMN,
    NAME_COLUMN,
    READABLE_VERSIONS,
    SHEET,
    TEXT_COLUMNS,
    VALUE_COLUMN,
    displayed,
    tidy,
    value_words,
)
from mscli.sheet.limits import SheetLimits, check_workbook
from mscli.yamlio.source import PathKey, parse_yaml
from mscli.yamlio.write import block_text, dump, round_trip_yaml
from mscli.years.dataset import Dataset, Draft, check_dataset

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class ImportedIndicator:
    values: Mapping[str, float]  # in display units, as the progress file wants them
    texts: Mapping[str, str]  # progress, issues, next_steps: only those filled in
    stages: Mapping[str, dt.date] = field(default_factory=dict)
    """A milestone's stages reached, with their dates (the date cells filled in)."""
    done: dt.date | None = None
    """A task's completion date."""
    kind: MetricKind | None = None
    """A milestone's or a task's kind: the progress file has `stages:` or `done:`, no `values:`."""


@dataclass(frozen=True)
class ImportedReport:
    """A filled workbook's content, and which cell of 进度 each part of the progress file came from.

    When some cells are unusable (`complete` is False) their values are left out and a bad date is
    stood in for by the quarter's last day: such a report serves only to find the other problems.
    """

    unit_id: str
    year: int
    quarter: int
    submitted: dt.date
    contact: str | None
    indicators: Mapping[str, ImportedIndicator]
    cells: Mapping[PathKey, str]
    complete: bool = True


def _open(path: Path) -> tuple[Any, str | None]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it does not keep (extensions, styles, print
            # settings). Only cell values are read here: those warnings mean nothing to a clerk.
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(path, data_only=True), None
    except InvalidFileException:
        return None, f"无法打开 {path.name}：只能导入 .xlsx 文件（.xls 请在 Excel 中另存为 .xlsx）"
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError) as exc:
        # SyntaxError: broken XML in a part (xml.etree's ParseError, lxml's XMLSyntaxError)
        return None, f"无法打开 {path.name}：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）"
    except OSError as exc:
        return None, f"无法读取 {path.name}：{reason(exc)}"


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number(raw: object, metric: Metric, number_format: str) -> float | int:
    """A value cell in display units; raises ValueError with a Chinese message."""
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise ValueError(f"应填写数字，却填了日期或时间“{raw}”")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        # 96.5% typed into Excel is stored as 0.965 in a cell formatted as a percentage
        scale = 100 if number_format.endswith("%") and metric.kind is MetricKind.rate else 1
        return tidy(float(raw) * scale)
    if not isinstance(raw, str):
        raise ValueError(f"无法读取的数值“{raw}”：应为数字")
    if parse_amount(raw.strip()) is None:  # pasted text skips the cell's check: say what it says
        raise ValueError(f"无法读取的数值“{raw.strip()[:40]}”：{value_words(metric)[1]}")
    # “1.52万” or “15200人次” pasted as text names its unit: read, as in a progress file
    return displayed(to_base(raw.strip(), metric.unit, metric.display_unit), metric)


def _date(raw: object) -> dt.date:
    if _blank(raw):
        raise ValueError("没有填写报送日期")
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    match = _DATE.match(unicodedata.normalize("NFKC", str(raw)).strip())
    if match is not None:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(f"报送日期“{raw}”不是有效的日期，应写成 2023-06-20 这样的日期")


def _stage_date(raw: object, stage: str) -> dt.date:
    """A stage's date cell: a date Excel keeps, or one typed as text (2023-4-20, 2023年4月20日)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    match = _DATE.match(unicodedata.normalize("NFKC", str(raw)).strip())
    if match is not None:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    shown = str(raw)[:40]
    what = "完成日期" if stage == TASK_STAGE else f"“{stage}”的日期"
    raise ValueError(f"{what}“{shown}”不是有效的日期，应写成 2023-04-20 这样的日期；尚未达到时留空")


def _text(raw: object) -> str | None:
    if _blank(raw):
        return None
    if isinstance(raw, dt.datetime | dt.date):
        return raw.isoformat()[:10]
    if isinstance(raw, float):
        return plain(raw, 6)
    return str(raw).strip()


def _whose(
    meta: Any, catalogue: Catalogue, file: str
) -> tuple[tuple[str, int, int] | None, list[Problem]]:
    """The unit, year and quarter the workbook was made for."""
    problems = []
    unit_id = str(meta[META_UNIT].value or "").strip()
    unit = catalogue.index.by_id.get(unit_id)
    if unit is None or unit.level is not Level.county:
        problems.append(
            cell_problem(
                file,
                META,
                META_UNIT,
                "sheet-unit",
                f"单位编号“{unit_id}”不是 units.yaml 中的{catalogue.structure.county}单位",
            )
        )
    year, quarter = meta[META_YEAR].value, meta[META_QUARTER].value
    if year != catalogue.programme.year:
        problems.append(
            cell_problem(
                file,
                META,
                META_YEAR,
                "sheet-year",
                f"年度“{year}”与指标目录的年度 {catalogue.programme.year} 不符",
            )
        )
    if quarter not in (1, 2, 3, 4):
        problems.append(
            cell_problem(file, META, META_QUARTER, "sheet-quarter", f"季度“{quarter}”应为 1 至 4")
        )
    if problems:
        return None, problems
    return (unit_id, int(year), int(quarter)), []


def read_workbook(
    path: Path, *, catalogue: Catalogue
) -> tuple[ImportedReport | None, list[Problem]]:
    """A filled workbook's content and every bad cell in it.

    The report is None when the workbook as a whole cannot be used (not an export, an unknown unit,
    rows moved); with only some bad cells it comes back incomplete, for check_import to go on.
    """
    file = str(path)
    metric_rows = sum(len(row.indicator.target.metrics) for row in catalogue.rows())
    limits = SheetLimits.for_catalogue(metric_rows)
    refused = check_workbook(path, limits=limits)
    if refused is not None:  # before openpyxl builds every cell in memory
        return None, [refused]
    workbook, trouble = _open(path)
    if workbook is None:
        return None, [cell_problem(file, None, None, "sheet-open", trouble or "无法打开工作簿")]
    names = workbook.sheetnames
    if META not in names or SHEET not in names or workbook[META][META_MARK].value != MARK:
        message = (
            f"{path.name} 不是由 mscli sheet export 生成的填报表，无法确定其单位和季度；"
            "请先用 mscli sheet export 导出填报表，在其中填写"
        )
        return None, [cell_problem(file, None, None, "sheet-not-export", message)]
    meta, sheet = workbook[META], workbook[SHEET]
    version = meta[META_VERSION].value
    if version not in READABLE_VERSIONS:
        message = (
            f"{path.name} 是另一版本的 mscli 导出的填报表（格式版本“{version}”），这一版本无法读取；"
            "请用现在的 mscli sheet export 重新导出填报表，把填好的内容抄过去后再导入"
        )
        return None, [cell_problem(file, META, META_VERSION, "sheet-version", message)]
    whose, problems = _whose(meta, catalogue, file)
    rows = _Rows(sheet, catalogue, file, by_id=version == 1)
    for number in range(META_FIRST_ROW, meta.max_row + 1):
        line, indicator_id, metric_id, stage = (
            meta.cell(number, col).value for col in (1, 2, 3, 4)
        )
        if not (indicator_id and metric_id):
            continue
        if type(line) is int and HEADER_ROW < line <= limits.rows:
            rows.read(
                line, str(indicator_id), str(metric_id), None if stage is None else str(stage)
            )
        else:
            shown = "" if line is None else str(line)[:20]
            message = f"元数据中的行号“{shown}”不是填报表中的行：元数据被改动过，请重新导出后填写"
            rows.moved.append(cell_problem(file, META, f"A{number}", "sheet-moved", message))
    if rows.moved:  # the cells below are then read from the wrong rows: their problems mislead
        return None, problems + rows.moved
    problems += rows.problems
    if not rows.indicators:
        problems.append(
            cell_problem(file, META, None, "sheet-empty", "填报表中没有任何指标行，请重新导出")
        )
    submitted: dt.date | None = None
    try:
        submitted = _date(sheet[DATE_CELL].value)
    except ValueError as exc:
        problems.append(cell_problem(file, SHEET, DATE_CELL, "sheet-date", str(exc)))
    if whose is None or not rows.indicators:
        return None, problems
    unit_id, year, quarter = whose
    return ImportedReport(
        unit_id=unit_id,
        year=year,
        quarter=quarter,
        submitted=submitted or Quarter(year, quarter).end,
        contact=_text(sheet[CONTACT_CELL].value),
        indicators={
            key: ImportedIndicator(
                rows.values[key],
                rows.texts[key],
                rows.stages.get(key, {}),
                rows.done.get(key),
                rows.kinds.get(key),
            )
            for key in rows.indicators
        },
        cells={**rows.cells, ("submitted",): DATE_CELL, ("contact",): CONTACT_CELL},
        complete=not any(p.severity is Severity.error for p in problems),
    ), problems


class _Rows:
    """Reads the metric rows of 进度 one by one, noting values, texts, cells and bad cells."""

    def __init__(self, sheet: Worksheet, catalogue: Catalogue, file: str, *, by_id: bool) -> None:
        self.sheet = sheet
        self.file = file
        # what column A shows on an indicator's first row: its id (format 1) or its Chinese name
        self.shown = {
            row.indicator.id: row.indicator.id if by_id else row.indicator.label
            for row in catalogue.rows()
        }
        self.metrics = {
            (row.indicator.id, metric.id): metric
            for row in catalogue.rows()
            for metric in row.indicator.target.metrics
        }
        self.indicators: list[str] = []
        self.values: dict[str, dict[str, float]] = {}
        self.texts: dict[str, dict[str, str]] = {}
        self.stages: dict[str, dict[str, dt.date]] = {}  # milestones' and tasks' indicators
        self.done: dict[str, dt.date] = {}
        self.kinds: dict[str, MetricKind] = {}
        self.cells: dict[PathKey, str] = {}
        self.problems: list[Problem] = []
        self.moved: list[Problem] = []  # rows that are not where export put them

    def read(self, line: int, indicator_id: str, metric_id: str, stage: str | None = None) -> None:
        base: PathKey = ("indicators", indicator_id)
        if indicator_id not in self.values:
            self.indicators.append(indicator_id)
            self.values[indicator_id], self.texts[indicator_id] = {}, {}
            self._first_row(line, indicator_id)
        coordinate = f"{VALUE_COLUMN}{line}"
        staged = self.metrics.get((indicator_id, metric_id))
        if staged is not None and staged.kind.staged:
            self._read_stage(line, indicator_id, staged, stage)
            return
        self.cells[(*base, "values", metric_id)] = coordinate
        metric = self.metrics.get((indicator_id, metric_id))
        if metric is None:
            self._bad(
                f"{METRIC_COLUMN}{line}",
                f"指标目录中已没有指标“{indicator_id}”的指标项“{metric_id}”，请重新导出填报表",
            )
            return
        cell = self.sheet[coordinate]
        if _blank(cell.value):
            self._bad(coordinate, f"没有填写“{metric.name}”的本季度累计值")
            return
        try:
            self.values[indicator_id][metric_id] = _number(cell.value, metric, cell.number_format)
        except ValueError as exc:
            self._bad(coordinate, str(exc))

    def _read_stage(self, line: int, indicator_id: str, metric: Metric, stage: str | None) -> None:
        """A stage's row: its date cell, blank while the stage is not reached."""
        base: PathKey = ("indicators", indicator_id)
        coordinate = f"{VALUE_COLUMN}{line}"
        reached = self.stages.setdefault(indicator_id, {})
        self.kinds[indicator_id] = metric.kind
        if stage not in metric.steps:
            message = (
                f"指标目录中指标“{indicator_id}”已没有阶段“{stage or ''}”"
                f"（现有：{'、'.join(metric.steps)}），请重新导出填报表"
            )
            self.moved.append(
                cell_problem(self.file, SHEET, f"{METRIC_COLUMN}{line}", "sheet-moved", message)
            )
            return
        task = metric.kind is MetricKind.task
        self.cells[(*base, "done") if task else (*base, "stages", stage)] = coordinate
        self.cells.setdefault((*base, "stages"), coordinate)
        raw = self.sheet[coordinate].value
        if _blank(raw):
            return
        try:
            day = _stage_date(raw, stage)
        except ValueError as exc:
            self._bad(coordinate, str(exc))
            return
        if task:
            self.done[indicator_id] = day
        else:
            reached[stage] = day

    def _first_row(self, line: int, indicator_id: str) -> None:
        """The indicator's name stands in column A of its first row, its texts beside it."""
        first = f"{NAME_COLUMN}{line}"
        found = self.sheet[first].value
        expected = self.shown.get(indicator_id, indicator_id)
        if found != expected:
            message = (
                f"这一行应是指标“{expected}”，却是“{found or ''}”："
                "表格的行被插入、删除或移动过，请重新导出后填写"
            )
            self.moved.append(cell_problem(self.file, SHEET, first, "sheet-moved", message))
        base: PathKey = ("indicators", indicator_id)
        self.cells[base] = self.cells[(*base, "values")] = first
        for key, letter in TEXT_COLUMNS.items():
            self.cells[(*base, key)] = f"{letter}{line}"
            text = _text(self.sheet[f"{letter}{line}"].value)
            if text is not None:
                self.texts[indicator_id][key] = text

    def _bad(self, cell: str, message: str) -> None:
        self.problems.append(cell_problem(self.file, SHEET, cell, "sheet-value", message))


def _measured(entry: ImportedIndicator) -> dict[str, Any]:
    """What an indicator reports: its values; a milestone's stages; a task's completion date."""
    if entry.kind is None:
        return {"values": dict(entry.values)}
    if entry.kind is MetricKind.task:
        return {} if entry.done is None else {"done": entry.done}
    return {"stages": dict(entry.stages)}


def progress_yaml(
    report: ImportedReport,
    *,
    schema_line: str | None,
    unit_name: str,
    workbook_name: str,
    due: dt.date,
) -> str:
    """The progress file's text: schema comment, where it came from, then the report."""
    document: dict[str, Any] = {"submitted": report.submitted}
    if report.contact:
        document["contact"] = report.contact
    document["indicators"] = {
        indicator_id: {
            **_measured(entry),
            **{key: block_text(entry.texts[key]) for key in TEXT_COLUMNS if key in entry.texts},
        }
        for indicator_id, entry in report.indicators.items()
    }
    header = [
        schema_line,
        f"# {progress_title(unit_name, report.year, report.quarter)}",
        f"# 由填报表 {workbook_name} 导入（mscli sheet import）；报送截止：{chinese_date(due)}",
    ]
    body = dump(round_trip_yaml(), document)  # the bundled files' indents, texts never folded
    return "\n".join(line for line in header if line) + "\n" + body


def _cell_of(problem: Problem, cells: Mapping[PathKey, str], workbook: str) -> Problem:
    """A problem in the generated YAML, moved to the cell of 进度 its value came from (if any):
    the cell of the problem's data path, or of its nearest parent that came from a cell."""
    path = problem.path
    while path:
        if path in cells:
            return cell_problem(
                workbook, SHEET, cells[path], problem.code, problem.message, problem.severity
            )
        path = path[:-1]
    return problem


def check_import(
    *, dataset: Dataset, report: ImportedReport, text: str, path: Path, workbook: Path
) -> list[Problem]:
    """Check the progress file `text` as if it lay at `path`, together with the rest of the data.

    By check_dataset, as `mscli validate` would; problems in the new file point at their cells in
    `workbook`, and problems it causes in other files (a later quarter now lower) are kept too. For
    an incomplete report, the values missing because their cells were bad are not reported again.
    """
    file = display_path(path, dataset.root)
    source, problems = parse_yaml(text.encode("utf-8"), file=file)
    if source is None:
        return problems
    before = set(check_dataset(dataset))
    draft = Draft(path, report.year, report.quarter, text)
    problems = [p for p in check_dataset(dataset, [draft]) if p.file == file or p not in before]
    if not report.complete:
        problems = [p for p in problems if p.code != "missing-value"]
    return [_cell_of(p, report.cells, str(workbook)) if p.file == file else p for p in problems]
