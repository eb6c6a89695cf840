"""The fill-in workbook of one lead unit for one quarter, built with openpyxl.

Nothing here prints; openpyxl is imported inside the functions so that `mscli --help` does not pay
for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from mscli.catalogue.config import StatusRules
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Metric, MetricKind
from mscli.cells import inert_workbook
from mscli.progress.reports import ProgressReport, earlier_reading, earlier_reports, progress_title
from mscli.quantities import chinese_date, plain
from mscli.quarters import Quarter
from mscli.sheet.layout import (
    COLUMNS,
    CONTACT_CELL,
    DATE_CELL,
    FILL_COLOUR,
    GUIDE,
    HEADER_COLOUR,
    HEADER_ROW,
    IDLE_COLOUR,
    MARK,
    META,
    META_FIRST_ROW,
    META_HEADER,
    META_LABELS,
    META_MARK,
    META_QUARTER,
    META_UNIT,
    META_VERSION,
    META_YEAR,
    SHEET,
    TEXT_COLUMNS,
    VALUE_COLUMN,
    VERSION,
    displayed,
    factor,
    unit_shown,
    value_words,
)
from mscli.sheet.status_workbook import print_setup

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def _target_shown(metric: Metric) -> float | int | str:
    if metric.kind is MetricKind.prohibition:
        return "不发生"
    value, _ = metric.base_target
    if metric.kind is MetricKind.range and metric.maximum is not None:
        return f"{plain(value / factor(metric), 4)}—{plain(metric.maximum / factor(metric), 4)}"
    return displayed(value, metric)


def _previous(
    catalogue: Catalogue,
    reports: Sequence[ProgressReport],
    *,
    unit_id: str,
    year: int,
    quarter: int,
) -> dict[tuple[str, str], float | int | dt.date] | None:
    """The latest earlier submitted value of each metric as the workbook shows it (across a
    quarter the unit did not report); a milestone's stage dates under (indicator, metric:stage);
    None when the unit sent no report yet this year."""
    earlier = earlier_reports(reports, unit_id=unit_id, year=year, quarter=quarter)
    if not earlier:
        return None
    shown: dict[tuple[str, str], float | int | dt.date] = {}
    for row in catalogue.rows():
        for metric in row.indicator.target.metrics:
            if metric.kind.staged:
                reached = next(
                    (s for r in earlier if (s := r.reached(row.indicator.id, metric)) is not None),
                    {},
                )
                for stage, day in reached.items():
                    shown[(row.indicator.id, f"{metric.id}:{stage}")] = day
                continue
            before = earlier_reading(earlier, row.indicator.id, metric)
            if before is not None:
                shown[(row.indicator.id, metric.id)] = displayed(before.base, metric)
    return shown


def build_workbook(
    *,
    catalogue: Catalogue,
    reports: Sequence[ProgressReport],
    unit_id: str,
    year: int,
    quarter: int,
    rules: StatusRules,
) -> Workbook:
    """The fill-in workbook of one unit for one quarter; the unit must be among `lead_units`."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    unit, rows = catalogue.reporting_units()[unit_id]
    heading = progress_title(unit.name, year, quarter)
    due = Quarter(year, quarter).deadline(rules.deadline_day)
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has exactly one sheet
    sheet.title = SHEET
    meta = workbook.create_sheet(META)
    values = {
        META_MARK: MARK,
        META_VERSION: VERSION,
        META_UNIT: unit_id,
        META_YEAR: year,
        META_QUARTER: quarter,
    }
    for cell, label in META_LABELS.items():
        meta[cell] = values[cell]
        meta.cell(meta[cell].row, 1, label)
    for column, header in enumerate(META_HEADER, start=1):
        meta.cell(META_FIRST_ROW - 1, column, header)
    _top(sheet, heading=heading, due=due, year=year, quarter=quarter)
    previous = _previous(catalogue, reports, unit_id=unit_id, year=year, quarter=quarter)
    line = HEADER_ROW + 1
    for row in rows:
        line = _indicator_rows(
            sheet, meta, row, line=line, previous=previous, year=year, quarter=quarter
        )
    print_setup(sheet, HEADER_ROW)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # the clerk may still widen a column or heighten a row
    sheet.protection.formatRows = False
    staged = any(m.kind.staged for row in rows for m in row.indicator.target.metrics)
    _guide(workbook, heading=heading, due=due, staged=staged, level=catalogue.structure.short)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)  # nor unhide, rename or add sheets
    inert_workbook(workbook)
    return workbook


def _dress(
    cell: Any,
    *,
    editable: bool = False,
    fill: str | None = None,
    bold: bool = False,
    boxed: bool = True,
    align: str | None = None,
    top: bool = False,
) -> None:
    """Style one cell; an editable one is unlocked and yellow, every other stays locked."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    fill = FILL_COLOUR if editable else fill
    if fill:
        cell.fill = PatternFill("solid", start_color=fill)
    if editable:
        cell.protection = Protection(locked=False)
    if bold:
        cell.font = Font(bold=True)
    if boxed:
        thin = Side(style="thin", color="808080")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell.alignment = Alignment(
        wrap_text=True, horizontal=align, vertical="top" if top else "center"
    )


def _top(sheet: Worksheet, *, heading: str, due: dt.date, year: int, quarter: int) -> None:
    """Title, note, the date and contact cells, and the header row."""
    from openpyxl.styles import Font
    from openpyxl.utils.datetime import to_excel
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet["A1"] = heading
    sheet["A2"] = (
        f"报送截止：{chinese_date(due)}。只填写浅黄色单元格；累计值为年初至今的累计数，"
        "按“单位”列填写（单位为万人次时，1.52 表示 1.52万人次）。详见“说明”工作表。"
    )
    for number in (1, 2):
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(COLUMNS))
        _dress(sheet.cell(number, 1), boxed=False)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height, sheet.row_dimensions[2].height = 24, 30
    sheet["A3"], sheet["G3"] = "报送日期", "联系人及电话"
    for label in ("A3", "G3"):
        _dress(sheet[label], bold=True, boxed=False, align="right")
    for cell in (DATE_CELL, CONTACT_CELL):
        _dress(sheet[cell], editable=True)
    sheet[DATE_CELL].number_format = "yyyy-mm-dd"
    first, last = Quarter(year, quarter).reporting_window()
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=str(int(to_excel(first))),
        formula2=str(int(to_excel(last))),
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="报送日期无效",
        promptTitle="报送日期",
        prompt=f"如 {due.isoformat()}",
        error=f"请填写 {first.isoformat()} 至 {last.isoformat()} 之间的日期，如 {due.isoformat()}",
    )
    sheet.add_data_validation(dates)
    dates.add(DATE_CELL)
    for letter, (header, width) in COLUMNS.items():
        sheet[f"{letter}{HEADER_ROW}"] = header
        _dress(sheet[f"{letter}{HEADER_ROW}"], fill=HEADER_COLOUR, bold=True, align="center")
        sheet.column_dimensions[letter].width = width
    sheet.row_dimensions[HEADER_ROW].height = 30


def _indicator_rows(
    sheet: Worksheet,
    meta: Worksheet,
    row: Row,
    *,
    line: int,
    previous: Mapping[tuple[str, str], float | int | dt.date] | None,
    year: int,
    quarter: int,
) -> int:
    """One row per metric of an indicator, from `line`; returns the next free row."""
    metrics = row.indicator.target.metrics
    if metrics and metrics[0].kind.staged:
        window = (Quarter(year, 1).start, Quarter(year, quarter).end)
        return _stage_rows(
            sheet, meta, row, metrics[0], line=line, previous=previous, window=window
        )
    for offset, metric in enumerate(metrics):
        number = line + offset
        if quarter == 1:
            before: float | int | str | dt.date = "—"  # year-to-date values start afresh
        elif previous is None:
            before = "未报送"
        else:
            before = previous.get((row.indicator.id, metric.id), "未报送")
        shown = (
            row.indicator.label,
            row.indicator.text,
            metric.name,
            _target_shown(metric),
            before,
            None,
            unit_shown(metric),
            None,
            None,
            None,
        )
        for letter, value in zip(COLUMNS, shown, strict=True):
            sheet[f"{letter}{number}"] = value
            _dress(sheet[f"{letter}{number}"])
        _dress(sheet[f"{VALUE_COLUMN}{number}"], editable=True)
        check = _value_check(metric)
        sheet.add_data_validation(check)
        check.add(f"{VALUE_COLUMN}{number}")
        for letter in TEXT_COLUMNS.values():  # the texts go once, on the indicator's first row
            _dress(sheet[f"{letter}{number}"], editable=offset == 0, fill=IDLE_COLOUR, top=True)
        sheet.row_dimensions[number].height = 48
        meta.append([number, row.indicator.id, metric.id])
    if len(metrics) > 1:
        for letter in ("A", "B"):
            sheet.merge_cells(f"{letter}{line}:{letter}{line + len(metrics) - 1}")
    return line + len(metrics)


def _stage_rows(
    sheet: Worksheet,
    meta: Worksheet,
    row: Row,
    metric: Metric,
    *,
    line: int,
    previous: Mapping[tuple[str, str], float | int | dt.date] | None,
    window: tuple[dt.date, dt.date],
) -> int:
    """A milestone's row per stage (a task's one row, 完成): the value cell is the date the stage
    was reached, checked by Excel to lie between 1 January and the quarter's end (`window`), as
    `mscli validate` checks it."""
    from openpyxl.utils.datetime import to_excel
    from openpyxl.worksheet.datavalidation import DataValidation

    first, last = window

    steps = metric.steps
    for offset, stage in enumerate(steps):
        number = line + offset
        reached = (previous or {}).get((row.indicator.id, f"{metric.id}:{stage}"))
        shown = (
            row.indicator.label,
            row.indicator.text,
            stage if metric.kind is MetricKind.milestone else metric.name,
            metric.kind.label,
            reached if reached is not None else ("未完成" if len(steps) == 1 else "未达到"),
            None,
            "日期",
            None,
            None,
            None,
        )
        for letter, value in zip(COLUMNS, shown, strict=True):
            sheet[f"{letter}{number}"] = value
            _dress(sheet[f"{letter}{number}"])
        if isinstance(reached, dt.date):
            sheet[f"E{number}"].number_format = "yyyy-mm-dd"
        cell = sheet[f"{VALUE_COLUMN}{number}"]
        _dress(cell, editable=True)
        cell.number_format = "yyyy-mm-dd"
        check = DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(first))),
            formula2=str(int(to_excel(last))),
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="日期无效",
            error=f"请填写 {first.isoformat()} 至 {last.isoformat()} 之间的日期（本季度末以前）；"
            "尚未达到时留空",
            promptTitle=(stage if metric.kind is MetricKind.milestone else "完成日期")[:32],
            prompt=f"达到这一阶段的日期，{first.isoformat()} 至 {last.isoformat()} 之间；"
            "尚未达到时留空",
        )
        sheet.add_data_validation(check)
        check.add(f"{VALUE_COLUMN}{number}")
        for letter in TEXT_COLUMNS.values():
            _dress(sheet[f"{letter}{number}"], editable=offset == 0, fill=IDLE_COLOUR, top=True)
        sheet.row_dimensions[number].height = 30
        meta.append([number, row.indicator.id, metric.id, stage])
    if len(steps) > 1:
        for letter in ("A", "B"):
            sheet.merge_cells(f"{letter}{line}:{letter}{line + len(steps) - 1}")
    return line + len(steps)


def _value_check(metric: Metric) -> Any:
    """Excel's own check of a value cell: a number not below 0 (a rate at most 100)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kind: Literal["decimal", "whole"] = "decimal"
    operator: Literal["greaterThanOrEqual", "between"] = "greaterThanOrEqual"
    high = None
    prompt, error = value_words(metric)
    if metric.kind is MetricKind.prohibition:
        kind = "whole"
    elif metric.kind is MetricKind.rate:
        operator, high = "between", "100"
    return DataValidation(
        type=kind,
        operator=operator,
        formula1="0",
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="数值无效",
        error=error,
        promptTitle=metric.name[:32],
        prompt=prompt,
    )


def _guide(
    workbook: Workbook, *, heading: str, due: dt.date, staged: bool = False, level: str = "市"
) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(GUIDE)
    lines: tuple[str, ...] = (
        f"{heading}：填报说明",
        f"1. 本表由 mscli sheet export 生成，报送截止日期为{chinese_date(due)}。",
        "2. 只需填写“进度”工作表中浅黄色的单元格：报送日期、联系人及电话、"
        "每个指标项的本季度累计值，以及每项指标的进展情况、存在问题、下步打算"
        "（有多个指标项的指标，文字填在其第一行）。",
        "3. 累计值是年初至今的累计数，不是本季度新增数，一般不应低于上季度累计值。",
        "4. 累计值只填数字，按“单位”列的单位填写：单位为“万人次”时，1.52 表示 1.52万人次，"
        "不要写“万”字或单位（表格会拒绝“1.52万”这样的文字）；比率填百分数（96.5 表示 96.5%）；"
        "禁止事项（如重大食品安全事故）填发生起数，未发生填 0。",
        "5. 表格已保护，其他单元格不能修改；请不要插入、删除或移动行列，不要改动工作表。",
        f"6. 填好后交回，由{level}政府办公室用 mscli sheet import 导入；有问题的单元格会按地址"
        "（如 进度!F7）逐一指出。",
    )
    if staged:
        lines += (
            "7. 节点事项（如建设工程）每个阶段一行，工作任务一行：在“本季度累计值”一列填写达到该阶段"
            "（完成）的日期，如 2023-04-20，尚未达到的留空；已达到的阶段每季度都要保留。",
        )
    for number, text in enumerate(lines, start=1):
        _dress(sheet.cell(number, 1, text), boxed=False, top=True)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 100
    sheet.protection.sheet = True
