"""`mscli sheet export|import`: the Excel bridge for units that still send spreadsheets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import (
    DataDir,
    Force,
    Quarter,
    Year,
    app,
    check_export,
    force_option,
    load,
    output_option,
    show_problems,
)
from mscli.problems import MscliError, Problem, Severity, UsageError, sort_problems
from mscli.render.terminal.console import say

sheet_app = typer.Typer(
    help="Excel 填报表：为牵头单位导出季度进度填报表，并把填好的表导入为进度文件。",
    no_args_is_help=True,
)
app.add_typer(
    sheet_app,
    name="sheet",
    help="Excel 填报表：export 导出某单位某季度的填报表，import 把填好的表导入为进度文件。",
)


@sheet_app.command("export")
def export(
    quarter: Quarter,
    unit: Annotated[
        str,
        typer.Option(
            "--unit",
            "-u",
            help="牵头单位：编号、名称或简称，如 rz-hrss、市人社局。",
            show_default=False,
        ),
    ],
    year: Year = None,
    data: DataDir = Path("data"),
    output: Annotated[
        Path | None, output_option("输出文件；默认为 output/<年度>-Q<季度>-<单位编号>.xlsx。")
    ] = None,
    force: Force = False,
) -> None:
    """导出某牵头单位某季度的进度填报表（.xlsx）。

    表中列出该单位牵头的指标、目标和上季度累计值；表格受保护，只有待填写的浅黄色单元格可以编辑。
    """
    from mscli.catalogue.names import find_unit
    from mscli.files import safe_path, write_atomic
    from mscli.sheet.export import build_workbook

    check_export(output, data)
    dataset = load(data, year=year)
    catalogue = dataset.catalogue
    found = find_unit(catalogue, unit)
    chosen_year = catalogue.programme.year if year is None else year
    if chosen_year != catalogue.programme.year:
        raise UsageError(
            f"指标目录是 {catalogue.programme.year} 年的，不能导出 {chosen_year} 年的填报表"
        )
    if found.id not in catalogue.reporting_units():
        raise MscliError(
            f"{found.name}没有需要报送进度的指标（不是牵头单位，或其指标均由"
            f"{catalogue.structure.prefecture}统一实施）"
        )
    if output is None:
        output = safe_path(
            Path("output"),
            f"{chosen_year}-Q{quarter}-{found.name}.xlsx",
            what="按单位名称生成的文件名",
        )
        check_export(output, data)
    workbook = build_workbook(
        catalogue=catalogue,
        reports=dataset.reports,
        unit_id=found.id,
        year=chosen_year,
        quarter=quarter,
        rules=dataset.config.status,
    )
    write_atomic(output, workbook.save, force=force)
    say(f"已写入 {output}：{found.name} {chosen_year}年第{quarter}季度进度填报表")


def _stop(problems: Sequence[Problem], workbook: Path) -> None:
    """Show every problem in reading order; exit 1 when any is an error."""
    errors = sum(p.severity is Severity.error for p in problems)
    message = f"{workbook.name} 中有 {errors} 个问题，未写入任何文件。请修改后重新导入。"
    show_problems(sort_problems(problems), message)


@sheet_app.command("import")
def import_(
    workbook: Annotated[
        Path, typer.Argument(help="填好的填报表（.xlsx 文件）。", show_default=False)
    ],
    data: DataDir = Path("data"),
    force: Annotated[
        bool, force_option("覆盖该单位该季度已报送的进度文件（草稿无需此选项）。")
    ] = False,
) -> None:
    """把填好的填报表导入为季度进度文件：逐格检查，并与其余数据一起校验。

    表中的报送日期写入文件（导入即算报送）。该单位已有本季度草稿时直接填入草稿，保留佐证材料和注释；
    已报送的文件须加 --force 才会覆盖。有错误时列出每个单元格的地址（如 进度!F7）和中文说明，
    不写入任何文件。
    """
    from mscli.files import data_lock

    with data_lock(data):
        _import(workbook, data, force=force)


def _import(workbook: Path, data: Path, *, force: bool) -> None:
    from mscli.catalogue.models import MetricKind
    from mscli.edit.set_value import update_report
    from mscli.files import write_text_atomic
    from mscli.progress.reports import report_path
    from mscli.quarters import Quarter
    from mscli.sheet.importing import check_import, progress_yaml, read_workbook
    from mscli.yamlio.modeline import schema_comment

    if not workbook.is_file():
        if workbook.is_dir():
            raise UsageError(f"{workbook} 是一个文件夹，不是填报表；请指定 .xlsx 文件")
        if workbook.exists():
            raise UsageError(
                f"{workbook} 不是普通文件（管道、设备等），不是填报表；请指定 .xlsx 文件"
            )
        raise UsageError(f"找不到填报表 {workbook}")
    dataset = load(data)
    report, problems = read_workbook(workbook, catalogue=dataset.catalogue)
    if report is None:
        _stop(problems, workbook)
    assert report is not None
    path = report_path(data, report.year, report.quarter, report.unit_id)
    existing = next((r for r in dataset.reports if r.path == path), None)
    if path.exists():
        # filled into the file that is there: evidence, comments and other keys stay
        text = update_report(
            path,
            submitted=report.submitted,
            contact=report.contact,
            indicators={
                key: (entry.values, entry.texts) for key, entry in report.indicators.items()
            },
            stages={
                key: (entry.stages if entry.kind is MetricKind.milestone else entry.done)
                for key, entry in report.indicators.items()
                if entry.kind is not None
            },
        )
    else:
        text = progress_yaml(
            report,
            schema_line=schema_comment(path, data),
            unit_name=dataset.catalogue.index.by_id[report.unit_id].name,
            workbook_name=workbook.name,
            due=Quarter(report.year, report.quarter).deadline(dataset.config.status.deadline_day),
        )
    # bad cells and what the checks find in the rest are reported together
    _stop(
        [
            *problems,
            *check_import(dataset=dataset, report=report, text=text, path=path, workbook=workbook),
        ],
        workbook,
    )
    if existing is not None and existing.data.submitted is not None and not force:
        raise MscliError(
            f"进度文件 {path} 已报送（报送日期 {existing.data.submitted.isoformat()}）；"
            "如需用填报表覆盖请加 --force（佐证材料和注释会保留）"
        )
    write_text_atomic(path, text, force=True)
    say(f"已写入 {path}（报送日期 {report.submitted.isoformat()}）")
