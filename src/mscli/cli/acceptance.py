"""Year-end acceptance (验收): `mscli acceptance` (the checklist) and `mscli new-acceptance`."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import DataDir, Force, Year, app, check_export, load, output_option
from mscli.problems import MscliError
from mscli.render.terminal import console
from mscli.render.terminal.console import say


class AcceptanceFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    docx = "docx"


@app.command()
def acceptance(
    year: Year = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="只列出该单位牵头的项目（单位编号、名称或简称，如 市人社局）。"
        ),
    ] = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        AcceptanceFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table（终端表格）、json、md（Markdown）、docx（公文格式的横向表格，须用 --output）。",
        ),
    ] = AcceptanceFormat.table,
    output: Annotated[
        Path | None,
        output_option(
            "写入文件而不是输出到屏幕；docx 默认为 output/某年重点民生实事验收清单.docx。"
        ),
    ] = None,
    force: Force = False,
) -> None:
    """年终验收清单：按项目列出附件2 的每条验收标准、关联指标的完成情况、核查环节（自查→初核→认定）、结论、佐证材料和待办事项。"""
    from mscli.catalogue.names import find_unit
    from mscli.files import write_atomic, write_text_atomic
    from mscli.problems import display_path
    from mscli.render.terminal import acceptance as render
    from mscli.results.acceptance import build_checklist, final_summary

    check_export(output, data)
    dataset = load(data, year=year)
    if unit is not None:  # 市人社局, 人社局, rz-hrss… (mscli.catalogue.names)
        unit = find_unit(dataset.catalogue, unit).id
    checklist = build_checklist(
        catalogue=dataset.catalogue,
        records=list(dataset.acceptance),
        summary=final_summary(dataset, year=year),
        unit=unit,
        record_files={r.project_id: display_path(r.path, data) for r in dataset.acceptance},
    )
    if output_format is AcceptanceFormat.docx:
        from mscli.render.circular.docx.checklist import build_checklist_document, title

        output = output or Path("output") / f"{title(checklist)}.docx"
        check_export(output, data)
        if output.exists() and not force:
            raise MscliError(f"文件 {output} 已存在；如需覆盖请加 --force")
        document = build_checklist_document(
            checklist, issuer=dataset.config.circular.issuer, issued=dt.date.today()
        )
        write_atomic(output, lambda tmp: document.save(str(tmp)), force=force)
        say(render.counts_text(checklist))
        say(f"已写入 {output}")
        return
    if output_format is AcceptanceFormat.table and output is None:
        console.show(render.table(checklist))
        return
    text = (render.to_json if output_format is AcceptanceFormat.json else render.to_markdown)(
        checklist
    )
    if output is None:
        sys.stdout.write(text + "\n")
        return
    write_text_atomic(output, text + "\n", force=force)
    console.warn(f"已写入 {output}")


@app.command("new-acceptance")
def new_acceptance(year: Year = None, data: DataDir = Path("data")) -> None:
    """为每个项目生成本年度的验收记录文件（data/acceptance/<年>/<项目编号>.yaml）：列出其每条验收标准，自查结论预填“待核”。

    已存在的文件不会改动，重复运行不产生任何变化。
    """
    from mscli.acceptance.new_records import plan_acceptance
    from mscli.files import write_text_atomic

    dataset = load(data, year=year)
    plan = plan_acceptance(root=data, catalogue=dataset.catalogue, year=year)
    created = 0
    for new in plan:
        if new.exists:
            say(f"已存在（未改动） {new.path}（{new.title}）")
            continue
        write_text_atomic(new.path, new.text)
        created += 1
        say(f"已创建 {new.path}（{new.title}）")
    say(f"共 {len(plan)} 个项目：新建 {created} 个验收记录文件，{len(plan) - created} 个已存在。")
