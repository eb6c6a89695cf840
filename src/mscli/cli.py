"""The command line: parse options, call the core, pick a renderer, set the exit code.

Exit codes: 0 clean, 1 problems found in the data, 2 usage error (bad option, missing data folder).
Heavy libraries (python-docx, jinja2) are imported only inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from mscli.problems import MscliError, Problem, has_errors

app = typer.Typer(
    name="mscli",
    help="重点民生实事管理工具：校验指标与进度数据，计算完成情况，生成季度通报。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DataDir = Annotated[
    Path,
    typer.Option(
        "--data",
        "-d",
        envvar="MSCLI_DATA",
        help="数据目录（含 units.yaml、indicators.yaml、progress/）。",
        show_default=True,
    ),
]


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class CatalogueFormat(str, Enum):
    table = "table"
    json = "json"


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]错误：[/]{message}", highlight=False)
    raise typer.Exit(code)


def stop_on_errors(problems: list[Problem]) -> None:
    """Show the data's problems on stderr and exit 1 if any is an error."""
    from mscli.render.problems import print_text

    if has_errors(problems):
        print_text(problems, err)
        err.print("请先修正数据（mscli validate 可查看全部问题）。")
        raise typer.Exit(1)


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
    """校验数据目录中的全部文件，列出每个问题的文件、行、列。有错误时退出码为 1。"""
    from mscli.render import problems as report
    from mscli.validation import check_catalogue

    try:
        _, problems = check_catalogue(data)
    except MscliError as exc:
        fail(str(exc))
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
        report.print_text(problems, out)
    raise typer.Exit(1 if has_errors(problems) else 0)


@app.command()
def indicators(
    data: DataDir = Path("data"),
    output_format: Annotated[
        CatalogueFormat,
        typer.Option("--format", "-f", help="输出格式：table（按项目分组的表格）或 json。"),
    ] = CatalogueFormat.table,
) -> None:
    """列出指标目录：每项指标的汝州市任务、牵头单位、是否由上级实施。"""
    from mscli.render import catalogue as render
    from mscli.validation import check_catalogue

    try:
        catalogue, problems = check_catalogue(data)
    except MscliError as exc:
        fail(str(exc))
    stop_on_errors(problems)
    assert catalogue is not None
    if output_format is CatalogueFormat.json:
        print(render.to_json(catalogue))
    else:
        out.print(render.table(catalogue))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。")
        sys.exit(130)
