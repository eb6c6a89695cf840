"""The indicator catalogue as a rich table grouped by project, or as JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table

from mscli.catalogue import Catalogue
from mscli.models import Level
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
                "project": row.project.title,
                "block": row.project.block.value,
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
    return json.dumps(as_records(catalogue), ensure_ascii=False, indent=2)


def table(catalogue: Catalogue) -> Table:
    programme = catalogue.programme
    grid = Table(
        title=f"{programme.year}年重点民生实事指标目录（{programme.document}）",
        show_lines=False,
        expand=True,
    )
    grid.add_column("编号", style="cyan", no_wrap=True)
    grid.add_column("平顶山市指标任务", ratio=3, overflow="fold")
    grid.add_column("汝州市指标任务", ratio=2, overflow="fold")
    grid.add_column("牵头单位", ratio=1, overflow="fold")
    for project in catalogue.projects:
        grid.add_section()
        heading = f"[bold]{project.block.value}{project.number}. {project.title}[/]"
        grid.add_row("", heading, "", "", end_section=True)
        for row in catalogue.rows_of(project):
            target = row.indicator.target
            if target.delegated:
                owners = catalogue.unit_names(target.delegated_to, Level.prefecture)
                ruzhou = f"[magenta]上级实施：{'、'.join(owners)}[/]"
            else:
                ruzhou = "；".join(metric_text(m) for m in target.metrics)
            grid.add_row(row.indicator.id, row.indicator.text, ruzhou, catalogue.lead_name(row))
    return grid
