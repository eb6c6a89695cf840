"""The prefecture's view: `mscli rank` over the bundles the counties sent."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mscli.cli.app import DataDir, Force, app, date_option, load, number_option, output_option

if TYPE_CHECKING:
    from mscli.catalogue.config import CircularFacts
    from mscli.results.county_ranking import CountyRanking


class EvaluationName(StrEnum):
    mid = "年中"
    end = "年末"


class RankFormat(StrEnum):
    table = "table"
    json = "json"
    docx = "docx"


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
        RankFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table（屏幕）、json 或 docx（排名通报，公文格式）；写入文件时默认按扩展名确定。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        output_option(
            "写入的文件（.docx 或 .json）；docx 默认为 <年度>年重点民生实事<年中|年末>评价排名通报.docx。"
        ),
    ] = None,
    number: Annotated[
        int | None,
        number_option("排名通报的发文顺序号；不给时留空待填。"),
    ] = None,
    date: Annotated[
        dt.date | None,
        date_option("排名通报的成文日期；默认为今天。"),
    ] = None,
    force: Force = False,
    data: DataDir = Path("data"),
) -> None:
    """上级排名：按各县（市、区）的数据包，逐个项目计算得分、名次（并列同名次，下一名次顺延）、名次分、
    连续末位扣分和名次变化，并写出“除某县外，其余均已完成”。规则见 README“上级排名”。"""
    from mscli.bundle.received import bundle_files, read_bundles
    from mscli.cli.app import output_format as output_format_for
    from mscli.cli.app import show_problems
    from mscli.problems import UsageError
    from mscli.render.terminal import console
    from mscli.render.terminal import ranking as render
    from mscli.results.county_ranking import Evaluation, rank_counties

    chosen = output_format_for(
        output,
        output_format,
        suffixes={".docx": RankFormat.docx, ".json": RankFormat.json},
        default=RankFormat.table,
    )
    if chosen is RankFormat.table and output is not None:
        raise UsageError("表格只输出到屏幕；写入文件请用 --format json 或 docx")
    rules, facts, targets = None, None, None
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
    else:  # the prefecture's repository: its catalogue, its rules, its circular, bundles/<year>/
        dataset = load(data, year=year)
        files = bundle_files(dataset.root, dataset.year)
        rules = dataset.config.ranking
        targets = {
            (row.indicator.id, m.id): m.base_target[0]
            for row in dataset.catalogue.rows()
            for m in row.indicator.target.metrics
            if not m.kind.staged
        }
        if "circular" in dataset.config.model_fields_set:
            facts = dataset.config.circular
        received, problems = read_bundles(
            files, year=dataset.year, catalogue=dataset.catalogue, root=data
        )
    if not files:
        raise UsageError(
            "没有找到数据包（.json 文件）：请给出数据包或文件夹，或放在数据目录的 bundles/<年度>/ 下"
        )
    show_problems(problems)  # warnings (bundle-target) too; errors stop the ranking
    counties = [r.bundle for r in received]
    del received, problems  # the positions were for the problems: let them go before ranking
    ranking = rank_counties(counties, Evaluation(evaluation.value), rules, targets)
    if chosen is RankFormat.docx:
        issuer = facts or _default_facts(counties[0].prefecture)
        _write_circular(ranking, issuer, output, number, date, force)
        return
    if chosen is RankFormat.json:
        from mscli.files import write_text_atomic

        text = render.to_json(ranking) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            write_text_atomic(output, text, force=force)
            console.warn(f"已写入 {output}")
        return
    for part in render.tables(ranking):
        console.show(part)


def _default_facts(prefecture: str) -> CircularFacts:
    from mscli.render.circular.docx.ranking import default_facts

    return default_facts(prefecture)


def _write_circular(
    ranking: CountyRanking,
    facts: CircularFacts,
    output: Path | None,
    number: int | None,
    date: dt.date | None,
    force: bool,
) -> None:
    """The prefecture's ranking circular (render/circular/docx/ranking), written atomically."""
    from mscli.files import write_atomic
    from mscli.render.circular.docx.ranking import build_ranking_circular
    from mscli.render.terminal import console

    if output is None:
        output = Path(f"{ranking.year}年重点民生实事{ranking.evaluation.value}评价排名通报.docx")
    document = build_ranking_circular(
        ranking, facts=facts, date=date or dt.date.today(), number=number
    )
    write_atomic(output, lambda path: document.save(str(path)), force=force)
    counties = len(ranking.projects[0].counties) if ranking.projects else 0
    console.warn(
        f"已写入 {output}：{len(ranking.projects)} 个项目、{counties} 个县（市、区）的排名通报"
    )
