"""`mscli validate` and `mscli indicators`: check the data folder, list the catalogue."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from mscli.diff.changed import Scope

from mscli.cli.app import DataDir, TableFormat, Year, app, load
from mscli.problems import Problem, UsageError, has_errors
from mscli.render.terminal import console


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
def validate(
    data: DataDir = Path("data"),
    output_format: Annotated[
        ProblemFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（终端阅读）、json、github（GitHub Actions 注释；"
            "环境变量 GITHUB_ACTIONS=true 时默认）、sarif（SARIF 2.1.0，上传到 GitHub 代码扫描）。",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="只列出这个牵头单位的进度文件中的问题（名称、简称或编号，如 市人社局）；"
            "其他文件的错误和警告只在末行计数，退出码仍按全部文件。",
            show_default=False,
        ),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="只列出自合并基点以来变更的数据文件（已提交、未提交和未纳入版本管理的）及受其影响的"
            "文件中的问题，适合合并请求；指标目录（indicators.yaml、units.yaml、config.yaml、"
            "archive/）、schemas/ 或 mscli 自身有变更时仍校验全部。需要 git。",
        ),
    ] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            "-b",
            help="与 --changed 同用：从当前提交与这个修订版本的合并基点算起；"
            "不给时用 origin/main，没有则用 main。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """校验数据目录中的全部文件（包括 archive/ 中保留的往年），列出每个问题的文件、行、列。有错误时退出码为 1。

    其他单位的草稿（未填报送日期）合为一行列出；加 --unit 只看一个单位的文件。"""
    from mscli.catalogue.names import find_unit
    from mscli.render.terminal import problems as report
    from mscli.results.validation import check_folder
    from mscli.years.cache import cache_dir

    if base is not None and not changed:
        raise UsageError("--base 只能与 --changed 一起使用")
    if changed:
        from mscli.diff.changed import check_changed

        scope, checked = check_changed(data, base)
        console.warn(scope_line(scope))
    else:
        checked = check_folder(data, cache=cache_dir())
    datasets, problems = checked.datasets, checked.problems
    names = unit_names(checked.units, (p.file for p in problems))
    focus: set[str] = set()
    elsewhere: list[Problem] = []
    if unit is not None:
        if not datasets:
            raise UsageError("数据目录没有可用的指标目录，无法按单位筛选；请先去掉 --unit 修正错误")
        chosen_unit = find_unit(datasets[-1].catalogue, unit)
        focus = {p.file for p in problems if _owned(p.file, chosen_unit.id)}
        elsewhere = [p for p in problems if p.file not in focus]
        problems = [p for p in problems if p.file in focus]
    chosen = output_format
    if chosen is None:
        github = os.environ.get("GITHUB_ACTIONS", "").lower() == "true"
        chosen = ProblemFormat.github if github else ProblemFormat.text
    if chosen is ProblemFormat.json:
        print(report.to_json(problems))
    elif chosen is ProblemFormat.sarif:
        print(report.to_sarif(problems))
    elif chosen is ProblemFormat.github:
        if problems:
            print(report.to_github(problems, names=names, focus=focus))
        print(report.summary(problems, elsewhere=elsewhere))
    else:
        report.print_text(problems, console.stdout, names=names, focus=focus, elsewhere=elsewhere)
    raise typer.Exit(1 if has_errors([*problems, *elsewhere]) else 0)


def scope_line(scope: Scope) -> str:
    """What `validate --changed` looked at, for stderr (stdout may be JSON or SARIF)."""
    since = f"自 {scope.changes.base} 的合并基点 {scope.changes.merge_base[:10]} 以来"
    if scope.everything:
        return f"{since}有变更的 {scope.everything} 影响全部数据，校验全部文件。"
    if not scope.data_files:
        return f"{since}数据目录中没有文件变更，无需校验。"
    return f"{since}有 {scope.data_files} 个数据文件变更：只列出这些文件及受其影响的文件中的问题。"


def _owned(file: str, unit_id: str) -> bool:
    """A progress file of the unit, in any quarter of any kept year."""
    folder, _, name = file.rpartition("/")
    return name == f"{unit_id}.yaml" and "/progress/" in f"/{folder}/"


def unit_names(
    units: Mapping[int, Sequence[tuple[str, str]]], files: Iterable[str]
) -> dict[str, str]:
    """Each progress file among `files` whose name is a unit's id, by the unit's Chinese name as of
    the file's year (`units`: each year's (id, name) in listed order), in the units' listed order
    within each quarter folder."""
    order = {
        (year, unit_id): (n, name)
        for year, listed in units.items()
        for n, (unit_id, name) in enumerate(listed)
    }
    found = []
    for file in set(files):
        folder, _, name = file.rpartition("/")
        quarter = folder.rsplit("/", 1)[-1]
        key = (int(quarter[:4]) if quarter[:4].isdigit() else 0, name.removesuffix(".yaml"))
        if "/progress/" in f"/{folder}/" and key in order:
            found.append((folder, order[key], file))
    return {file: name for _, (_, name), file in sorted(found)}


@app.command()
def lsp(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            "-d",
            envvar="MSCLI_DATA",
            help="数据目录；不给时按打开的文件向上找含 indicators.yaml 的文件夹。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """在编辑器中检查：以语言服务器（LSP，经标准输入输出）运行，由编辑器启动。

    编辑器每次改动后给出与 mscli validate 相同的问题（含跨文件的检查，未保存的内容也算），
    并补全编号、悬停显示指标说明。"""
    from mscli.lsp.server import serve

    serve(data)


@app.command()
def indicators(
    year: Year = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="输出格式：table（按项目分组的表格）或 json。"),
    ] = TableFormat.table,
) -> None:
    """列出指标目录：每项指标的本级任务、牵头单位、是否由上级实施。"""
    from mscli.render.terminal import catalogue as render

    console.table_or_json(
        load(data, year=year).catalogue,
        as_json=output_format is TableFormat.json,
        table=render.table,
        json=render.to_json,
    )
