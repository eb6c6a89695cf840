"""The command line: parse options, call the core, pick a renderer, set the exit code.

Exit codes: 0 clean, 1 problems found in the data, 2 usage error (bad option, missing data folder).
Heavy libraries (python-docx, jinja2) are imported only inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from mscli import cli_zh
from mscli.problems import MscliError, Problem, has_errors

if TYPE_CHECKING:
    from mscli.dataset import Dataset
    from mscli.summary import QuarterSummary

cli_zh.install()
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


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class CatalogueFormat(StrEnum):
    table = "table"
    json = "json"


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]错误：[/]{escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def stop_on_errors(problems: list[Problem]) -> None:
    """Show the data's problems on stderr and exit 1 if any is an error."""
    from mscli.render.problems import print_text

    if has_errors(problems):
        print_text(problems, err)
        err.print("请先修正数据（mscli validate 可查看全部问题）。")
        raise typer.Exit(1)


def load(data: Path, *, checked: bool = True) -> Dataset:
    """The dataset, or exit: 2 when the folder is missing, 1 when the data has errors.

    With checked=False only the files' own problems count: the caller then checks the folder
    itself, with the files it is about to write in place (dataset.check_dataset).
    """
    from mscli.dataset import load_dataset, read_dataset

    try:
        dataset, problems = (load_dataset if checked else read_dataset)(data)
    except MscliError as exc:
        fail(str(exc))
    stop_on_errors(problems)
    assert dataset is not None
    return dataset


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
    from mscli.dataset import load_dataset
    from mscli.render import problems as report

    try:
        _, problems = load_dataset(data)
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

    catalogue = load(data).catalogue
    if output_format is CatalogueFormat.json:
        print(render.to_json(catalogue))
    else:
        out.print(render.table(catalogue))


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


Quarter = Annotated[
    int, typer.Option("--quarter", "-q", min=1, max=4, help="季度（1-4）。", show_default=False)
]
Year = Annotated[
    int | None,
    typer.Option("--year", "-y", help="年度；默认为指标目录的年度。", show_default=False),
]


def summarize_quarter(data: Path, quarter: int, year: int | None) -> tuple[Dataset, QuarterSummary]:
    """The checked dataset and its quarter's summary (or exit, as `load` does)."""
    from mscli.summary import summarize

    dataset = load(data)
    summary = summarize(
        dataset.catalogue,
        list(dataset.reports),
        quarter=quarter,
        year=year,
        rules=dataset.config.status,
    )
    return dataset, summary


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
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件而不是输出到屏幕。")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件。")] = False,
) -> None:
    """按季度列出每项指标的完成率、时序进度和状态（已完成、超序时、按序时、滞后、严重滞后、未报送、上级实施）。"""
    from mscli.render import status as render

    _, summary = summarize_quarter(data, quarter, year)
    if output_format is StatusFormat.table and output is None:
        out.print(render.table(summary))
        return
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
    try:
        write_text_atomic(output, text, encoding=encoding, force=force)
    except MscliError as exc:
        fail(str(exc), 1)
    err.print(f"已写入 {output}", soft_wrap=True)


@app.command()
def units(
    quarter: Quarter,
    year: Year = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        CatalogueFormat, typer.Option("--format", "-f", help="输出格式：table 或 json。")
    ] = CatalogueFormat.table,
) -> None:
    """按牵头单位列出其指标、状态、报送是否及时，以及第二、四季度的排名。"""
    from mscli.render import units as render

    _, summary = summarize_quarter(data, quarter, year)
    if output_format is CatalogueFormat.json:
        print(render.to_json(summary))
    else:
        out.print(render.table(summary))


class ReportFormat(StrEnum):
    docx = "docx"
    md = "md"
    json = "json"


@app.command()
def report(
    quarter: Quarter,
    year: Year = None,
    data: DataDir = Path("data"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件；默认为 output/某年第N季度重点民生实事推进情况通报.docx。",
            show_default=False,
        ),
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
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件。")] = False,
) -> None:
    """生成季度通报（GB/T 9704-2012 公文格式的 .docx，附指标推进情况表）。"""
    import json

    from mscli.circular import render_circular
    from mscli.files import write_atomic, write_text_atomic
    from mscli.render.status import overview

    dataset, summary = summarize_quarter(data, quarter, year)
    facts = dataset.config.circular
    if output is None:
        name = f"{summary.year}年第{summary.quarter}季度重点民生实事推进情况通报"
        output = Path("output") / f"{name}.{output_format.value}"
    if output.exists() and not force:
        fail(f"文件 {output} 已存在；如需覆盖请加 --force", 1)
    try:
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
    except MscliError as exc:
        fail(str(exc), 1)
    out.print(overview(summary))
    out.print(f"已写入 {output}", soft_wrap=True)


# The pull-request workflow's commands live in modules of their own; importing them registers them.
from mscli import cli_diff, cli_edit, cli_repo, cli_sheet  # noqa: E402, F401


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。")
        sys.exit(130)
