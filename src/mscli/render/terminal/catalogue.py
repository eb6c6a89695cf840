"""The indicator catalogue as a rich table grouped by project, or as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Level, project_label
from mscli.render.terminal import fit
from mscli.render.text import metric_text


def as_records(catalogue: Catalogue) -> list[dict[str, Any]]:
    records = []
    for row in catalogue.rows():
        target = row.indicator.target
        metrics = []
        for metric in target.metrics:
            value, unit = metric.base_target
            metrics.append(
                {
                    "id": metric.id,
                    "name": metric.name,
                    "kind": metric.kind.value,
                    "target": value,
                    "unit": unit,
                }
            )
        records.append(
            {
                "id": row.indicator.id,
                "name": row.indicator.label,
                "project": row.project.title,
                "block": row.project.block,
                "text": row.indicator.text,
                "target_text": target.text,
                "lead_unit": catalogue.lead_name(row),
                "delegated": target.delegated,
                "delegated_to": list(catalogue.unit_names(target.delegated_to, Level.prefecture)),
                "metrics": metrics,
            }
        )
    return records


def to_json(catalogue: Catalogue) -> str:
    return json.dumps(as_records(catalogue), ensure_ascii=False, indent=2, allow_nan=False)


COLUMNS = (
    fit.Column("指标", "text", minimum=8, comfortable=12, style="bold", share=2),
    fit.Column("编号", "token", style="cyan", optional=1),
    fit.Column("上级指标任务", "text", minimum=16, comfortable=20, share=4, optional=2),
    fit.Column("本级指标任务", "text", minimum=14, comfortable=20, share=3),
    fit.Column("牵头单位", "text", minimum=12, comfortable=14, share=2),
)
"""The Chinese name first; the id and the prefecture's wording only where there is room."""


def _columns(catalogue: Catalogue) -> tuple[fit.Column, ...]:
    """COLUMNS headed with the programme's own names (units.yaml's structure): 青山县指标任务,
    and 指标任务原文 for a county's own programme, which no prefecture assigns."""
    names = catalogue.structure
    titles = {"上级指标任务": names.source_title, "本级指标任务": f"{names.county}指标任务"}
    return tuple(replace(c, title=titles.get(c.title, c.title)) for c in COLUMNS)


def _row(catalogue: Catalogue, row: Row) -> tuple[fit.Cell, ...]:
    target = row.indicator.target
    if target.delegated:
        owners = catalogue.unit_names(target.delegated_to, Level.prefecture)
        ruzhou: fit.Cell = Text(f"上级实施：{'、'.join(owners)}", style="magenta")
    else:
        ruzhou = "；".join(metric_text(m) for m in target.metrics)
    name = row.indicator.label
    return (name, row.indicator.id, row.indicator.text, ruzhou, catalogue.lead_name(row))


def _layout(catalogue: Catalogue, width: int) -> Iterator[RenderableType]:
    programme = catalogue.programme
    title = f"{programme.year}年重点民生实事指标目录（{programme.document}）"
    yield fit.lines(title, width, "bold")
    every = [_row(catalogue, row) for row in catalogue.rows()]
    columns = _columns(catalogue)
    layout = fit.lay_out(columns, every, width) or fit.lay_out(columns, every, width, borders=2)
    for number, project in enumerate(catalogue.projects):
        heading = project_label(project.block, project.number, project.title)
        yield fit.lines(heading, width, "bold")
        rows = [_row(catalogue, row) for row in catalogue.rows_of(project)]
        if layout is None:
            yield Text("\n".join(f"{fit.clip(r[0], width).plain}" for r in rows))
            continue
        yield fit.table(columns, layout, rows, header=number == 0)


def table(catalogue: Catalogue) -> fit.Fitted:
    """Per project, the indicators with shared column widths."""
    return fit.Fitted(lambda width: _layout(catalogue, width))
