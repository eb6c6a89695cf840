"""`mscli new-year`: keep the finished year under data/archive/, start the next one as a draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import DataDir, app, load
from mscli.render.terminal.console import say


@app.command("new-year")
def new_year(
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="新的年度；默认为当前年度的下一年。", show_default=False),
    ] = None,
    keep_values: Annotated[
        bool,
        typer.Option(
            "--keep-values",
            help="指标任务原文和目标值沿用当前年度的值（行尾注明“沿用某年的值”），只把文号、日期、"
            "标题和依据文件标为“待填”；新文件改了的值改写即可，validate 提示尚未核对的沿用值个数。",
        ),
    ] = False,
    data: DataDir = Path("data"),
) -> None:
    """开始新的一年：当前年度的指标目录、单位名录和配置原样保存到 archive/<年度>/，进度文件和验收记录留在原处，
    各命令加 --year 仍可读取；新年度的指标目录以旧目录为起点生成草稿，文号、日期、指标任务原文和目标值标为“待填”。

    mscli validate 会列出每个待填的值，填完之前新年度的命令不会运行。加 --keep-values 时指标任务原文和目标值
    沿用旧值（行尾注释“沿用某年的值”），只有文号、日期、标题和依据文件待填。
    """
    from mscli.files import data_lock, write_new_files
    from mscli.years.new_year import plan_new_year, refuse_started

    with data_lock(data):  # the catalogue is read, then rewritten: no other writer in between
        refuse_started(data)
        dataset = load(data)
        plan = plan_new_year(root=data, finished=dataset.year, year=year, keep_values=keep_values)
        # all or nothing, as new-quarter: the archive, the plans and the rewritten catalogue
        created = set(
            write_new_files(
                [(f.path, f.text) for f in (*plan.kept, *plan.plans)],
                replacing=[(f.path, f.text) for f in plan.draft],
            )
        )
        for kept in plan.kept:
            say(f"已保存 {kept.path}")
        for draft in plan.draft:
            say(f"已改为 {plan.year} 年 {draft.path}")
        for carried in plan.plans:
            if carried.path in created:
                say(f"已沿用为 {plan.year} 年落实方案草稿 {carried.path}")
    say(
        f"{plan.finished} 年的指标目录、单位名录和配置已保存到 archive/{plan.finished}/，"
        f"进度文件和验收记录留在原处；查看往年加 --year {plan.finished}，"
        f"如 mscli status --year {plan.finished} -q 4。"
    )
    if plan.carried:
        say(
            f"{plan.year} 年的指标目录是草稿：{plan.unfilled} 个值标为“待填”（文号、日期、标题和依据文件），"
            f"{plan.carried} 个指标任务原文和目标值沿用 {plan.finished} 年的值，行尾注明"
            f"“沿用{plan.finished}年的值”。请按 {plan.year} 年的文件逐项核对：相同的删去注释，"
            "不同的改写数值并删去注释；mscli validate 列出待填的每一处和尚未核对的沿用值个数。"
        )
        return
    say(
        f"{plan.year} 年的指标目录是草稿：{plan.unfilled} 个值标为“待填”（文号、日期、"
        f"指标任务原文和目标值，行尾注释是 {plan.finished} 年的值）。请按 {plan.year} 年的文件填写，"
        "并核对项目、指标、单位和验收标准；mscli validate 列出尚未填写的每一处。"
    )
