"""Every project has a lead unit, and every indicator Ruzhou carries out has exactly one.

The lead unit of a row is its own `lead`, or else its project's. A delegated row is carried out by
the prefecture and needs none of its own; any other row needs exactly one, because that unit reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from mscli.catalogue.checks.context import Context
from mscli.problems import Problem


def check(context: Context) -> Iterator[Problem]:
    source = context.indicators
    if source is None:
        return
    for path, project in context.projects():
        if "lead" in project and not project.get("lead"):
            yield source.where((*path, "lead")).problem(
                "no-lead", f"项目“{project.get('title')}”没有牵头单位"
            )
    for path, project, row in context.rows():
        if context.delegated(row):
            continue
        own = row.get("lead")
        leads = own or project.get("lead") or []
        if not isinstance(leads, list) or len(leads) == 1:
            continue
        where = source.where((*path, "lead") if own else path)
        if not leads:
            message = f"指标“{row.get('id')}”没有牵头单位"
        else:
            names = "、".join(str(x) for x in leads)
            message = (
                f"指标“{row.get('id')}”有 {len(leads)} 个牵头单位（{names}）；"
                f"由{context.structure.county}实施的指标须由一个单位牵头报送，请在该指标下写明 lead"
            )
        yield where.problem("lead-count", message)
