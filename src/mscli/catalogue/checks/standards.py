"""Acceptance-standard groups name only indicators of their own project."""

from __future__ import annotations

from collections.abc import Iterator

from mscli.catalogue.checks.context import Context, mappings, strings
from mscli.problems import Problem


def check(context: Context) -> Iterator[Problem]:
    source = context.indicators
    if source is None:
        return
    for path, project in context.projects():
        own = {str(row.get("id")) for _, row in mappings(project.get("indicators"), ())}
        for s_path, section in mappings(project.get("standards"), (*path, "standards")):
            for ref_path, ref in strings(section.get("indicators"), (*s_path, "indicators")):
                if ref not in own:
                    yield source.where(ref_path).problem(
                        "unknown-indicator",
                        f"验收标准引用的指标“{ref}”不在项目“{project.get('title')}”中",
                    )
