"""`mscli history`: each indicator's and unit's status in every quarter of the year, the quarters
behind running, and the escalation (督办) the rules give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from mscli.cli.app import AsOf, DataDir, TableFormat, Year, app, load
from mscli.render.terminal import console


@app.command()
def history(
    who: Annotated[
        str | None,
        typer.Argument(
            help="一项指标或一个牵头单位（编号、名称、别名或简称均可）；省略时列出全部。",
            show_default=False,
        ),
    ] = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="输出格式：table 或 json。")
    ] = TableFormat.table,
) -> None:
    """各季度状态：每项指标和每个牵头单位在本年度已有进度文件的各季度的状态、连续滞后的季度数，以及按督办规则应督办、挂牌督办或已解除的事项。"""
    from mscli.catalogue.names import NameNotFound, find_indicator, find_unit
    from mscli.problems import UsageError
    from mscli.render.terminal import history as render
    from mscli.results.escalation import escalations
    from mscli.results.history import build_history

    dataset = load(data, year=year)
    chosen = dataset.catalogue.programme.year
    found = build_history(
        dataset.catalogue,
        list(dataset.reports),
        year=chosen,
        as_of=as_of or dt.date.today(),
        rules=dataset.config.status,
        plans=list(dataset.plans),
    )
    if not found.quarters:
        raise UsageError(f"{chosen}年还没有任何进度文件")
    indicators, units = list(found.indicators), list(found.units)
    if who is not None:
        try:
            row = find_indicator(dataset.catalogue, who)
        except NameNotFound as as_indicator:
            try:
                unit = find_unit(dataset.catalogue, who)
            except NameNotFound:
                raise as_indicator from None
            units = [u for u in units if u.id == unit.id]
            if not units:
                raise UsageError(f"{unit.name}不牵头本年度自行实施的指标") from None
            indicators = [i for i in indicators if i.id in units[0].indicators]
        else:
            indicators = [i for i in indicators if i.id == row.indicator.id]
            if not indicators:
                raise UsageError(f"{row.indicator.label}由上级统一安排实施，没有季度状态")
            units = []
    escalated = escalations(found, dataset.config.escalation)
    console.table_or_json(
        found,
        as_json=output_format is TableFormat.json,
        table=lambda h: render.table(h, indicators, units, escalated),
        json=lambda h: render.to_json(h, indicators, units, escalated),
    )
