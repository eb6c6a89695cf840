"""Every project's block is one of the programme's blocks (units.yaml's structure.blocks;
by default 市 and 省, Ruzhou's).

Passes:   block: 市
Fails:    block: 县   -> 只能是 市、省 之一，实际是“县”
"""

from __future__ import annotations

from collections.abc import Iterator

from mscli.catalogue.checks.context import Context
from mscli.problems import Problem


def check(context: Context) -> Iterator[Problem]:
    if context.indicators is None:
        return
    names = [b.name for b in context.structure.blocks]
    for path, project in context.projects():
        block = project.get("block")
        if isinstance(block, str) and block.strip() and block.strip() not in names:
            yield context.indicators.where((*path, "block")).problem(
                "choice", f"只能是 {'、'.join(names)} 之一，实际是“{block}”"
            )
