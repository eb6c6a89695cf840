"""The quarter's results: `mscli status`, `mscli units`, `mscli report` (the circular).

Each command takes the quarter (`Quarter`, `Year`) and the data folder, summarizes the quarter once
(`summarize_quarter`) and hands the result to a renderer.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mscli.cli.app import (
    AsOf,
    DataDir,
    Force,
    LatestQuarter,
    TableFormat,
    Year,
    app,
    check_export,
    date_option,
    number_option,
    output_option,
    project_summary,
    quarter_history,
    summarize_quarter,
)
from mscli.cli.app import output_format as output_format_for
from mscli.problems import MscliError, UsageError
from mscli.render.terminal import console

if TYPE_CHECKING:
    from mscli.render.circular.templates import RenderedCircular
    from mscli.results.issuance import CircularIssue
    from mscli.results.summary import QuarterSummary
    from mscli.years.dataset import Dataset


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"


CSV_HINT = (
    "提示：CSV 为带 BOM 的 UTF-8 文本，数字也是文字；用 LibreOffice、WPS 或 Excel 排序、求和，请改用 "
    "-o 文件.xlsx（数字保存为数字，可直接打印）"
)
"""After a CSV is written (stderr): LibreOffice's default import ignores the BOM and garbles the
Chinese, and the percentages stay text."""


class ReportFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"
    json = "json"


REPORT_SUFFIXES = {
    ".docx": ReportFormat.docx,
    ".pdf": ReportFormat.pdf,
    ".md": ReportFormat.md,
    ".json": ReportFormat.json,
}


@app.command()
def status(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        StatusFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table（终端表格，默认）、json、md（适合贴到合并请求评论）、"
            "csv（带 BOM 的 UTF-8 文本；LibreOffice、WPS 用户请改用 xlsx）、xlsx（Excel 工作簿，数字保存为数字，"
            "须同时用 -o 指定文件）；"
            "写入文件时默认按扩展名确定。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        output_option("写入文件而不是输出到屏幕：.json、.md、.csv 或 .xlsx，格式按扩展名确定。"),
    ] = None,
    force: Force = False,
) -> None:
    """按季度列出每项指标的完成率、时序进度和状态（已完成、超序时、按序时、滞后、严重滞后、未报送、上级实施）。"""
    from mscli.render.terminal import status as render

    check_export(output, data)
    if output is not None and output_format is StatusFormat.table:
        output_format = StatusFormat.md  # a table asked for in a file is written as Markdown
    chosen = output_format_for(
        output,
        output_format,
        suffixes={
            ".json": StatusFormat.json,
            ".md": StatusFormat.md,
            ".csv": StatusFormat.csv,
            ".xlsx": StatusFormat.xlsx,
        },
        default=StatusFormat.table,
    )
    if chosen is StatusFormat.xlsx and output is None:
        raise UsageError("xlsx 格式须用 -o 指定要写入的文件，如 -o 进度.xlsx")
    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    from mscli.results.nodes import node_warnings

    nodes = node_warnings(
        dataset.catalogue,
        dataset.reports,
        dataset.plans,
        as_of=summary.as_of,
        days=dataset.config.status.node_warning_days,
    )
    projection = project_summary(dataset, summary)
    if chosen is StatusFormat.table:
        console.show(render.table(summary))
        if nodes:
            console.say(render.nodes_line(nodes))
        from mscli.render.terminal.history import compact

        past = quarter_history(dataset, summary)
        console.show(
            render.projection_table(projection, {h.id: compact(h.states) for h in past.indicators})
        )
        if any(r.year == summary.year for r in dataset.acceptance):
            from mscli.results.acceptance import verdict_counts

            n = verdict_counts(dataset, summary)
            console.say(
                f"验收：{n['total']} 条验收标准中，达标 {n['met']} 条，未达标 {n['not_met']} 条，"
                f"待核 {n['pending']} 条，不适用 {n['not_applicable']} 条（mscli acceptance 查看清单）。"
            )
        return
    from mscli.files import write_atomic, write_text_atomic

    if chosen is StatusFormat.xlsx:
        assert output is not None
        from mscli.sheet.status_workbook import table_workbook

        header, *rows = render.workbook_rows(summary)
        workbook = table_workbook(
            title=render.title(summary), header=[str(h) for h in header], rows=rows
        )
        write_atomic(output, workbook.save, force=force)
        console.warn(f"已写入 {output}（Excel 工作簿）")
        return
    if chosen is StatusFormat.json:
        text = render.to_json(summary, nodes, projection, quarter_history(dataset, summary))
    else:
        text = (render.to_markdown if chosen is StatusFormat.md else render.to_csv)(summary)
    if output is None:
        sys.stdout.write(("\ufeff" if chosen is StatusFormat.csv else "") + text + "\n")
        return
    encoding = "utf-8-sig" if chosen is StatusFormat.csv else "utf-8"
    write_text_atomic(output, text, encoding=encoding, force=force)
    console.warn(f"已写入 {output}")
    if chosen is StatusFormat.csv:
        console.warn(CSV_HINT)


@app.command()
def units(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="输出格式：table 或 json。")
    ] = TableFormat.table,
) -> None:
    """按牵头单位列出其指标、状态、报送情况（按时报送、迟报、待报送、未报送），以及第二、四季度的排名。"""
    from mscli.render.terminal import units as render
    from mscli.results.nodes import node_warnings

    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    nodes = node_warnings(
        dataset.catalogue,
        dataset.reports,
        dataset.plans,
        as_of=summary.as_of,
        days=dataset.config.status.node_warning_days,
    )
    console.table_or_json(
        summary,
        as_json=output_format is TableFormat.json,
        table=render.table,
        json=lambda s: render.to_json(s, nodes),
    )
    if output_format is TableFormat.table:
        for line in render.nodes_lines(summary, nodes):
            console.say(line)


def circular_name(year: int, quarter: int) -> str:
    """The default file name: one per quarter, the fourth the year's."""
    from mscli.quarters import Quarter

    if Quarter(year, quarter).is_year_end:
        return f"{year}年重点民生实事全年完成情况通报"
    return f"{year}年第{quarter}季度重点民生实事推进情况通报"


def circular_issue_or_warn(
    dataset: Dataset,
    summary: QuarterSummary,
    *,
    number: int | None,
    date: dt.date | None,
) -> CircularIssue:
    """The circular's number and date; on stderr, a reused one or a blank number."""
    from mscli.catalogue.config import config_source
    from mscli.quarters import Quarter
    from mscli.results.issuance import borrowed_names_warning, circular_issue

    borrowed = borrowed_names_warning(dataset.config.circular, dataset.catalogue.structure.county)
    if borrowed is not None:
        console.warn(borrowed, label="警告：", style="yellow")
    issue, warnings = circular_issue(
        facts=dataset.config.circular,
        quarter=Quarter(summary.year, summary.quarter),
        deadline=summary.deadline,
        number=number,
        date=date,
        source=config_source(dataset.root, folder=dataset.folder),
    )
    for warning in warnings:
        console.warn(warning.message, label="警告：", style="yellow")
    if issue.number is None:
        console.warn(
            f"提示：未指定第{summary.quarter}季度通报的发文顺序号，发文字号中的顺序号留空，"
            f"印制前手工填写（可用 --number 或 config.yaml 的 "
            f"circular.quarters.{summary.quarter}.number 指定）。"
        )
    return issue


@app.command()
def report(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output: Annotated[
        Path | None,
        output_option(
            "输出文件；默认为 output/某年第N季度重点民生实事推进情况通报.docx"
            "（第四季度为 某年重点民生实事全年完成情况通报.docx；扩展名随 --format）。"
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            "-t",
            envvar="MSCLI_TEMPLATES",
            help="通报模板目录（见 docs/templates.md）；默认为数据目录旁的 templates/"
            "（仓库中与 data/ 并列），没有时为当前目录下的 templates/，都没有时用 mscli 自带的模板。",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：docx（公文格式的通报，默认）、pdf（经 LibreOffice 转换，需已安装）、"
            "md（模板生成的正文 Markdown，不给 --output 时输出到屏幕）、json（模板收到的全部变量）；"
            "给了 --output 时默认按扩展名确定。",
            show_default=False,
        ),
    ] = None,
    also_pdf: Annotated[
        bool,
        typer.Option(
            "--also-pdf",
            help="生成 .docx 的同时在旁边生成同名 .pdf（经 LibreOffice 转换，需已安装）。",
        ),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="印制检查：经 LibreOffice 排版成 PDF 后逐页读回，检查正文有无丢字、错字，署名是否独占一页，"
            "标题是否落在页末，附件是否有只含一行的页，版记是否在偶数页，并说明哪些公文字体被代替；"
            "不写文件，有问题时退出码为 1（需已安装 LibreOffice）。",
        ),
    ] = False,
    number: Annotated[
        int | None,
        number_option(
            "本期通报的发文顺序号；默认取 config.yaml 中 circular.quarters.<季度>.number，"
            "都没有时留空待填。"
        ),
    ] = None,
    date: Annotated[
        dt.date | None,
        date_option(
            "成文日期；默认取 config.yaml 中 circular.quarters.<季度>.date，都没有时为季度最后一天。"
        ),
    ] = None,
    force: Force = False,
) -> None:
    """生成季度通报（GB/T 9704-2012 公文格式的 .docx 或 PDF，附指标推进情况表）；第四季度为全年完成情况的通报。"""
    import json

    from mscli.files import write_atomic, write_text_atomic
    from mscli.render.circular.pdf import require_office
    from mscli.render.circular.templates import templates_beside
    from mscli.render.text import judged_on, overview

    if check:
        _check_print(data, quarter, year, as_of, templates, number=number, date=date)
        return
    templates = templates or templates_beside(data)
    check_export(output, data, templates)
    output_format = output_format_for(
        output, output_format, suffixes=REPORT_SUFFIXES, default=ReportFormat.docx
    )
    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    facts = dataset.config.circular
    if output is None and output_format is ReportFormat.md:  # like status -f md: to the screen
        sys.stdout.write(_rendered(dataset, summary, templates, number=number, date=date).body)
        return
    if output is None:
        output = (
            Path("output") / f"{circular_name(summary.year, summary.quarter)}.{output_format.value}"
        )
    pdf_path = output if output_format is ReportFormat.pdf else None
    if also_pdf and output_format is ReportFormat.docx:
        pdf_path = output.with_suffix(".pdf")
    elif also_pdf:
        raise MscliError("--also-pdf 只能与 --format docx 一起使用")
    for path in (output, pdf_path):
        if path is not None and path.exists() and not force:
            raise MscliError(f"文件 {path} 已存在；如需覆盖请加 --force")
    office = require_office() if pdf_path is not None else None
    circular = _rendered(dataset, summary, templates, number=number, date=date)
    if output_format is ReportFormat.json:
        text = json.dumps(circular.context, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        write_text_atomic(output, text, force=force)
    elif output_format is ReportFormat.md:
        write_text_atomic(output, circular.body, force=force)
    else:
        from mscli.render.circular.docx.document import (
            PrintedCircular,
            build_document,
            save_docx,
            save_pdf,
        )

        if output_format is ReportFormat.docx:
            document = build_document(summary=summary, facts=facts, circular=circular)
            write_atomic(output, lambda tmp: save_docx(document, tmp), force=force)
        if pdf_path is not None and office is not None:
            printed: list[PrintedCircular] = []
            write_atomic(
                pdf_path,
                lambda tmp: printed.append(
                    save_pdf(
                        summary=summary, facts=facts, circular=circular, path=tmp, office=office
                    )
                ),
                force=force,
            )
            for finding in printed[0].findings if printed else ():
                console.warn(finding.message, label=f"印制检查（第 {finding.page} 页）：")
    console.say(overview(summary) + judged_on(summary))
    for written in dict.fromkeys((output, pdf_path)):
        if written is not None:
            console.say(f"已写入 {written}")
    if pdf_path is not None:
        _say_substituted_fonts()


def _rendered(
    dataset: Dataset,
    summary: QuarterSummary,
    templates: Path,
    *,
    number: int | None,
    date: dt.date | None,
) -> RenderedCircular:
    """The circular's templates rendered for `summary`, its number and date chosen (and warned
    about) and the acceptance counted."""
    from mscli.render.circular.templates import render_circular
    from mscli.results.acceptance import verdict_counts
    from mscli.results.escalation import escalations

    return render_circular(
        summary=summary,
        facts=dataset.config.circular,
        issue=circular_issue_or_warn(dataset, summary, number=number, date=date),
        templates=templates,
        acceptance=verdict_counts(dataset, summary),
        projection=project_summary(dataset, summary),
        escalated=escalations(quarter_history(dataset, summary), dataset.config.escalation),
    )


def _check_print(
    data: Path,
    quarter: int | None,
    year: int | None,
    as_of: dt.date | None,
    templates: Path | None,
    *,
    number: int | None,
    date: dt.date | None,
) -> None:
    """report --check: the circular printed through LibreOffice and read back, page by page."""
    from mscli.render.circular.docx.document import check_pdf
    from mscli.render.circular.pdf import require_office
    from mscli.render.circular.templates import templates_beside

    office = require_office()
    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    circular = _rendered(
        dataset, summary, templates or templates_beside(data), number=number, date=date
    )
    printed = check_pdf(
        summary=summary, facts=dataset.config.circular, circular=circular, office=office
    )
    _say_substituted_fonts()
    name = circular_name(summary.year, summary.quarter)
    repaired = (
        f"；{printed.repaired} 段行末标点 LibreOffice 未画出，已改为左对齐重排"
        if printed.repaired
        else ""
    )
    for finding in printed.findings:
        console.say(f"第 {finding.page} 页：{finding.message}")
    if printed.findings:
        raise MscliError(
            f"《{name}》印制检查：共 {printed.pages} 页，发现 {len(printed.findings)} 处问题{repaired}"
        )
    console.say(
        f"《{name}》印制检查通过：共 {printed.pages} 页，正文逐字与文稿相同（无丢字、错字），署名与正文同页，"
        f"无页末标题，附件无单行页，版记在偶数页{repaired}。"
    )


def _say_substituted_fonts() -> None:
    """Which 公文 fonts this machine lacks, and what the PDF uses instead: said, never silent."""
    from mscli.render.circular.docx.styles import GONGWEN_FONTS
    from mscli.render.circular.pdf import substituted_fonts

    swapped = substituted_fonts(GONGWEN_FONTS)
    if swapped:
        shown = "，".join(f"{family} 用 {face} 代替" for family, face in swapped)
        console.warn(
            f"本机未安装公文字体，PDF 中 {shown}；字形与正式公文不同。"
            "安装这些字体后重新生成，或在装有公文字体的电脑上用 Word、WPS 打开 .docx 另存为 PDF。",
            label="提示：",
            style="yellow",
        )
