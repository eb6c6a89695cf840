"""`mscli validate` and `mscli indicators`: check the data folder, list the catalogue."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import DataDir, TableFormat, Year, app, load
from mscli.problems import has_errors
from mscli.render.terminal import console


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    data: DataDir = Path("data"),
    output_format: Annotated[
        ProblemFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（终端阅读）、json、github（GitHub Actions 注释；"
            "环境变量 GITHUB_ACTIONS=true 时默认）。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """校验数据目录中的全部文件（包括 archive/ 中保留的往年），列出每个问题的文件、行、列。有错误时退出码为 1。"""
    from mscli.problems import sort_problems
    from mscli.render.terminal import problems as report
    from mscli.results.acceptance import completion_warnings, final_summary
    from mscli.years.dataset import load_every_year

    datasets, problems = load_every_year(data)
    for dataset in datasets:
        if dataset.acceptance:
            summary = final_summary(dataset)
            warnings = completion_warnings(dataset.catalogue, list(dataset.acceptance), summary)
            problems = sort_problems([*problems, *warnings])
    chosen = output_format
    if chosen is None:
        github = os.environ.get("GITHUB_ACTIONS", "").lower() == "true"
        chosen = ProblemFormat.github if github else ProblemFormat.text
    if chosen is ProblemFormat.json:
        print(report.to_json(problems))
    elif chosen is ProblemFormat.github:
        if problems:
            print(report.to_github(problems))
        print(report.summary(problems))
    else:
        report.print_text(problems, console.stdout)
    raise typer.Exit(1 if has_errors(problems) else 0)


@app.command()
def indicators(
    year: Year = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="输出格式：table（按项目分组的表格）或 json。"),
    ] = TableFormat.table,
) -> None:
    """列出指标目录：每项指标的汝州市任务、牵头单位、是否由上级实施。"""
    from mscli.render.terminal import catalogue as render

    console.table_or_json(
        load(data, year=year).catalogue,
        as_json=output_format is TableFormat.json,
        table=render.table,
        json=render.to_json,
    )
