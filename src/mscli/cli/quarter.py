"""The quarter's results: `mscli status`, `mscli units`, `mscli report` (the circular).

Each command takes the quarter (`Quarter`, `Year`) and the data folder, summarizes the quarter once
(`summarize_quarter`) and hands the result to a renderer.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import (
    DataDir,
    Force,
    Quarter,
    TableFormat,
    Year,
    app,
    output_option,
    summarize_quarter,
)
from mscli.problems import MscliError
from mscli.render import console


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


class ReportFormat(StrEnum):
    docx = "docx"
    md = "md"
    json = "json"


@app.command()
def status(
    quarter: Quarter,
    year: Year = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        StatusFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table（终端表格）、json、md（适合贴到合并请求评论）、"
            "csv（带 BOM 的 UTF-8，Excel 可直接打开）。",
        ),
    ] = StatusFormat.table,
    output: Annotated[Path | None, output_option("写入文件而不是输出到屏幕。")] = None,
    force: Force = False,
) -> None:
    """按季度列出每项指标的完成率、时序进度和状态（已完成、超序时、按序时、滞后、严重滞后、未报送、上级实施）。"""
    from mscli.render import status as render

    _, summary = summarize_quarter(data, quarter, year)
    if output_format is StatusFormat.table and output is None:
        console.show(render.table(summary))
        return
    # a table asked for in a file is written as Markdown
    text = {
        StatusFormat.table: render.to_markdown,
        StatusFormat.json: render.to_json,
        StatusFormat.md: render.to_markdown,
        StatusFormat.csv: render.to_csv,
    }[output_format](summary)
    if output is None:
        sys.stdout.write(("\ufeff" if output_format is StatusFormat.csv else "") + text + "\n")
        return
    from mscli.files import write_text_atomic

    encoding = "utf-8-sig" if output_format is StatusFormat.csv else "utf-8"
    write_text_atomic(output, text, encoding=encoding, force=force)
    console.warn(f"已写入 {output}")


@app.command()
def units(
    quarter: Quarter,
    year: Year = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="输出格式：table 或 json。")
    ] = TableFormat.table,
) -> None:
    """按牵头单位列出其指标、状态、报送是否及时，以及第二、四季度的排名。"""
    from mscli.render import units as render

    _, summary = summarize_quarter(data, quarter, year)
    console.table_or_json(
        summary, as_json=output_format is TableFormat.json, table=render.table, json=render.to_json
    )


@app.command()
def report(
    quarter: Quarter,
    year: Year = None,
    data: DataDir = Path("data"),
    output: Annotated[
        Path | None,
        output_option("输出文件；默认为 output/某年第N季度重点民生实事推进情况通报.docx。"),
    ] = None,
    templates: Annotated[
        Path,
        typer.Option(
            "--templates",
            "-t",
            envvar="MSCLI_TEMPLATES",
            help="通报模板目录（见 docs/templates.md）。",
        ),
    ] = Path("templates"),
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：docx（公文格式的通报）、md（模板生成的正文 "
            "Markdown）、json（模板收到的全部变量）。",
        ),
    ] = ReportFormat.docx,
    force: Force = False,
) -> None:
    """生成季度通报（GB/T 9704-2012 公文格式的 .docx，附指标推进情况表）。"""
    import json

    from mscli.files import write_atomic, write_text_atomic
    from mscli.render.circular import render_circular
    from mscli.render.text import overview

    dataset, summary = summarize_quarter(data, quarter, year)
    facts = dataset.config.circular
    if output is None:
        name = f"{summary.year}年第{summary.quarter}季度重点民生实事推进情况通报"
        output = Path("output") / f"{name}.{output_format.value}"
    if output.exists() and not force:
        raise MscliError(f"文件 {output} 已存在；如需覆盖请加 --force")
    circular = render_circular(summary=summary, facts=facts, templates=templates)
    if output_format is ReportFormat.json:
        text = json.dumps(circular.context, ensure_ascii=False, indent=2) + "\n"
        write_text_atomic(output, text, force=force)
    elif output_format is ReportFormat.md:
        write_text_atomic(output, circular.body, force=force)
    else:
        from mscli.render.docx import build_document, save_docx

        document = build_document(summary=summary, facts=facts, circular=circular)
        write_atomic(output, lambda tmp: save_docx(document, tmp), force=force)
    console.say(overview(summary))
    console.say(f"已写入 {output}")
