"""The county's year for the prefecture: `mscli bundle`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from mscli.cli.app import (
    AsOf,
    DataDir,
    Force,
    LatestQuarter,
    Year,
    app,
    check_export,
    load,
    output_option,
)
from mscli.render.terminal import console


@app.command()
def bundle(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output: Annotated[
        Path | None,
        output_option("写入的文件；默认为 <本级名称>-<年度>-Q<季度>.mscli.json，写在当前目录。"),
    ] = None,
    force: Force = False,
) -> None:
    """报送上级的数据包：本级的指标目录与目标、第1季度至所选季度已报送的完成情况（数值、完成率、状态、报送情况）、验收结论，
    以及数据来源（git 提交、生成日期）。一个 JSON 文件（格式见 schemas/bundle.schema.json），不含未报送的草稿。"""
    import json

    import mscli
    from mscli.diff.git import head_of
    from mscli.files import write_text_atomic
    from mscli.problems import MscliError
    from mscli.results.bundled import build_bundle, quarters_reported

    dataset = load(data, year=year)
    up_to = quarter or 4
    today = dt.date.today()
    as_of = as_of or today
    reported = quarters_reported(dataset, up_to, as_of)
    if not reported:
        raise MscliError(
            f"截至 {as_of.isoformat()}，{dataset.year} 年第1至{up_to}季度还没有已报送的进度文件"
            "（报送日期未填的草稿不算），没有可报送上级的数据"
        )
    last = reported[-1] if quarter is None else up_to
    head = head_of(data)
    made = build_bundle(
        dataset,
        up_to=last,
        as_of=as_of,
        today=today,
        commit=head[0] if head else None,
        modified=head[1] if head else False,
        version=mscli.__version__,
    )
    if output is None:
        output = Path(f"{made.county}-{made.year}-Q{last}.mscli.json")
    check_export(output, data)
    text = json.dumps(made.model_dump(mode="json"), ensure_ascii=False, indent=2)
    write_text_atomic(output, text + "\n", force=force)
    quarters = "、".join(f"第{q.quarter}季度" for q in made.quarters)
    console.warn(
        f"已写入 {output}：{made.county} {made.year} 年 {len(made.indicators)} 项指标，{quarters}"
        + (f"，{len(made.acceptance)} 条验收结论" if made.acceptance else "")
        + ("" if head else "（数据目录不在 git 仓库中，未记录提交编号）")
        + ("（注意：数据目录有未提交的改动）" if head and head[1] else "")
    )
