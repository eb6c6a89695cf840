"""`mscli diff`: what a pull request changes in the data, for reviewers."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import DataDir, app, load
from mscli.render.terminal import console


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def diff(
    base: Annotated[
        str,
        typer.Option(
            "--base", "-b", help="与哪个 git 修订版本比较：分支、标签或提交，如 origin/main。"
        ),
    ] = "HEAD",
    data: DataDir = Path("data"),
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（终端阅读）、md（Markdown，适合贴到合并请求评论）、json。",
        ),
    ] = DiffFormat.text,
) -> None:
    """比较数据目录在某个 git 修订版本与当前工作区之间的变化：各指标的数值、完成率和状态，
    报送的增删，以及指标、单位和配置的定义变更。无论有无变更，退出码都为 0。"""
    from mscli.diff.compare import diff_data
    from mscli.render.terminal import diff as render
    from mscli.yamlio.memo import Memo, remembered

    with remembered(Memo()):  # the revision's files that did not change share their parse
        new = load(data)
        changes = diff_data(data=data, new=new, base=base)
    if output_format is DiffFormat.json:
        sys.stdout.write(render.to_json(changes) + "\n")
    elif output_format is DiffFormat.md:
        sys.stdout.write(render.to_markdown(changes))
    else:
        console.show(render.view(changes))
