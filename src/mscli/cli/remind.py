"""`mscli remind`: the units that have not reported yet, ready to paste into a chat or an issue."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import (
    AsOf,
    DataDir,
    Force,
    LatestQuarter,
    Year,
    app,
    check_export,
    output_option,
    summarize_quarter,
)
from mscli.cli.app import output_format as output_format_for
from mscli.render.terminal import console


class RemindFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def remind(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        RemindFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（可直接贴到工作群，默认）、md（GitHub 议题正文）、json（每个单位一项）；"
            "写入文件时默认按扩展名确定。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        output_option("写入文件而不是输出到屏幕：.txt、.md 或 .json，格式按扩展名确定。"),
    ] = None,
    force: Force = False,
) -> None:
    """催办：列出本季度尚未报送的牵头单位，距截止还剩几天或已逾期几天，以及各自待报的指标和上次报送的数值；落实方案中逾期、临期的时间节点及其责任人、电话。

    报送日期（submitted）已填写的进度文件才算已报送；草稿和没有文件的单位都会列出。
    只要运行成功，无论列出多少单位，退出码都为 0。
    """
    from mscli.render.terminal import remind as render
    from mscli.results.nodes import node_warnings
    from mscli.results.reminders import build_reminders

    check_export(output, data)
    chosen = output_format_for(
        output,
        output_format,
        suffixes={".txt": RemindFormat.text, ".md": RemindFormat.md, ".json": RemindFormat.json},
        default=RemindFormat.text,
    )
    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    nodes = node_warnings(
        dataset.catalogue,
        dataset.reports,
        dataset.plans,
        as_of=summary.as_of,
        days=dataset.config.status.node_warning_days,
    )
    reminders = build_reminders(summary=summary, reports=list(dataset.reports), nodes=nodes)
    text = {
        RemindFormat.text: render.to_text,
        RemindFormat.md: render.to_markdown,
        RemindFormat.json: render.to_json,
    }[chosen](reminders)
    if output is None:
        sys.stdout.write(text)
        return
    from mscli.files import write_text_atomic

    write_text_atomic(output, text, force=force)
    console.warn(f"已写入 {output}（{len(reminders.reminders)} 个单位未报送）")
