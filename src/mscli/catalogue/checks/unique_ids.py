"""Ids are unique: units, projects, indicators and acceptance criteria across the catalogue,
metrics within their row.

Also: no two units of one level share a name or alias, and no two projects share a block and number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mscli.catalogue.checks.context import Context, mappings
from mscli.catalogue.unit_index import normalize
from mscli.problems import Problem
from mscli.yamlio.source import PathKey, Source


def _duplicates(
    source: Source, what: str, items: Iterable[tuple[Any, PathKey]]
) -> Iterator[Problem]:
    first: dict[str, PathKey] = {}
    for value, path in items:
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        key = str(value)
        if key in first:
            line = source.where(first[key]).line
            yield source.where(path).problem(
                "duplicate-id", f"{what}“{key}”重复（第一次在第 {line} 行）"
            )
        else:
            first[key] = path


def _name_path(path: PathKey, raw: dict[str, Any], name: str) -> PathKey:
    """Where in a unit's entry `name` is written: its name, or the alias that says it."""
    aliases = raw.get("aliases") or []
    for k, alias in enumerate(aliases if isinstance(aliases, list) else []):
        if isinstance(alias, str) and normalize(alias) == name:
            return (*path, "aliases", k)
    return (*path, "name")


def check(context: Context) -> Iterator[Problem]:
    units = context.units
    if units is not None:
        items = list(context.unit_items())
        yield from _duplicates(units, "单位编号", ((u.get("id"), (*p, "id")) for p, u in items))
        positions = {u.get("id"): (p, u) for p, u in items if isinstance(u.get("id"), str)}
        for (level, name), clash in context.index.ambiguous().items():
            others = "、".join(u.name for u in clash)
            for unit in clash[1:]:
                path, raw = positions[unit.id]
                yield units.where(_name_path(path, raw, name)).problem(
                    "duplicate-name",
                    f"名称或别名“{name}”在{context.structure.level_name(level)}单位中指向多个单位：{others}",
                )
    source = context.indicators
    if source is None:
        return
    projects = list(context.projects())
    yield from _duplicates(source, "项目编号", ((p.get("id"), (*k, "id")) for k, p in projects))
    numbers = ((f"{p.get('block')}{p.get('number')}", (*k, "number")) for k, p in projects)
    yield from _duplicates(source, "项目序号（板块+序号）", numbers)
    rows = list(context.rows())
    yield from _duplicates(source, "指标编号", ((r.get("id"), (*k, "id")) for k, _, r in rows))
    criteria = (
        (item.get("id"), (*i_path, "id"))
        for p_path, project in projects
        for s_path, section in mappings(project.get("standards"), (*p_path, "standards"))
        for i_path, item in mappings(section.get("items"), (*s_path, "items"))
    )
    yield from _duplicates(source, "验收标准编号", criteria)
    for path, _, row in rows:
        target = row.get("target")
        if not isinstance(target, dict):
            continue
        metrics = mappings(target.get("metrics"), (*path, "target", "metrics"))
        yield from _duplicates(
            source,
            f"指标“{row.get('id')}”的指标项编号",
            ((m.get("id"), (*k, "id")) for k, m in metrics),
        )
