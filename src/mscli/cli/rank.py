"""The prefecture's view: `mscli rank` over the bundles the counties sent."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import DataDir, TableFormat, app, load


class EvaluationName(StrEnum):
    mid = "年中"
    end = "年末"


@app.command()
def rank(
    bundles: Annotated[
        list[Path] | None,
        typer.Argument(
            help="各县（市、区）报送的数据包（mscli bundle 生成的 .mscli.json），或放数据包的文件夹；"
            "不写时取上级数据目录（--data）的 bundles/<年度>/，按其指标目录检查、按其 config.yaml 的 ranking 规则排名。",
            metavar="数据包",
            show_default=False,
        ),
    ] = None,
    evaluation: Annotated[
        EvaluationName,
        typer.Option(
            "--evaluation",
            "-e",
            help="年中（按第二季度）或 年末（按第四季度，含与年中相比的名次变化）。",
        ),
    ] = EvaluationName.end,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="排名的年度；默认为上级数据目录的年度（给出数据包时为第一个数据包的年度），其他年度的数据包报错。",
        ),
    ] = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="输出格式：table 或 json。")
    ] = TableFormat.table,
    data: DataDir = Path("data"),
) -> None:
    """上级排名：按各县（市、区）的数据包，逐个项目计算得分、名次（并列同名次，下一名次顺延）、名次分、
    连续末位扣分和名次变化，并写出“除某县外，其余均已完成”。规则见 README“上级排名”。"""
    from mscli.bundle.received import bundle_files, read_bundles
    from mscli.cli.app import show_problems
    from mscli.problems import UsageError
    from mscli.render.terminal import console
    from mscli.render.terminal import ranking as render
    from mscli.results.county_ranking import Evaluation, rank_counties

    rules = None
    if bundles:
        files: list[Path] = []
        for given in bundles:
            if given.is_dir():
                files += sorted(given.glob("*.json"))
            elif given.exists():
                files.append(given)
            else:
                raise UsageError(f"找不到数据包 {given}")
        received, problems = read_bundles(files, year=year)
    else:  # the prefecture's repository: its catalogue, its rules, bundles/<year>/
        dataset = load(data, year=year)
        files = bundle_files(dataset.root, dataset.year)
        rules = dataset.config.ranking
        received, problems = read_bundles(
            files, year=dataset.year, catalogue=dataset.catalogue, root=data
        )
    if not files:
        raise UsageError(
            "没有找到数据包（.json 文件）：请给出数据包或文件夹，或放在数据目录的 bundles/<年度>/ 下"
        )
    show_problems(problems)  # warnings (bundle-target) too; errors stop the ranking
    ranking = rank_counties([r.bundle for r in received], Evaluation(evaluation.value), rules)
    if output_format is TableFormat.json:
        sys.stdout.write(render.to_json(ranking) + "\n")
        return
    for part in render.tables(ranking):
        console.show(part)
