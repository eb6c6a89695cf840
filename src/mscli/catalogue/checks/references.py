"""Every unit named anywhere resolves, through aliases, to a unit of the level its column expects.

Passes:   lead: [市医保局]            (an alias of 市医疗保障局)
Fails:    lead: [市医疗保证局]        -> 找不到牵头单位…是不是“市医疗保障局”？
Fails:    lead: [平顶山市卫生健康委]  -> a prefecture unit cannot lead
"""

from __future__ import annotations

from collections.abc import Iterator

from mscli.catalogue.checks.context import Context, strings
from mscli.catalogue.models import Level
from mscli.catalogue.unit_index import normalize
from mscli.problems import Problem
from mscli.suggestions import did_you_mean
from mscli.yamlio.source import PathKey

COLUMNS: dict[str, tuple[str, Level]] = {
    "lead": ("牵头单位", Level.county),
    "responsible": ("责任单位", Level.county),
    "verifiers": ("初核单位", Level.prefecture),
    "certifiers": ("认定单位", Level.prefecture),
    "delegated_to": ("上级实施单位", Level.prefecture),
    "report_to": ("进展报送单位", Level.county),
}


def _references(context: Context) -> Iterator[tuple[PathKey, str, str]]:
    if context.indicators is None:
        return
    programme = context.indicators.data.get("programme")
    if isinstance(programme, dict):
        for path, ref in strings(programme.get("report_to"), ("programme", "report_to")):
            yield path, "report_to", ref
    for path, project in context.projects():
        for column in ("lead", "responsible", "verifiers", "certifiers"):
            for ref_path, ref in strings(project.get(column), (*path, column)):
                yield ref_path, column, ref
    for path, _, row in context.rows():
        for column in ("lead", "responsible", "verifiers", "certifiers"):
            for ref_path, ref in strings(row.get(column), (*path, column)):
                yield ref_path, column, ref
        target = row.get("target")
        if isinstance(target, dict):
            owners = target.get("delegated_to")
            for ref_path, ref in strings(owners, (*path, "target", "delegated_to")):
                yield ref_path, "delegated_to", ref


def check(context: Context) -> Iterator[Problem]:
    index = context.index
    if not context.units_usable:
        return
    ambiguous = set(index.ambiguous())
    structure = context.structure
    for path, column, ref in _references(context):
        label, level = COLUMNS[column]
        if column in ("verifiers", "certifiers"):
            level = getattr(structure, column)
        if not ref.strip() or index.resolve(ref, level) is not None:
            continue
        if normalize(ref) in context.unsure or (level, normalize(ref)) in ambiguous:
            continue  # the unit itself is in error, and that is reported in units.yaml
        assert context.indicators is not None
        where = context.indicators.where(path)
        other = index.at_other_level(ref, level)
        if other is not None:
            yield where.problem(
                "unit-level",
                f"{label}“{ref}”是{structure.level_name(other.level)}的单位（{other.name}），"
                f"这里应填{structure.level_name(level)}的单位",
            )
            continue
        close = index.suggest(ref, level)
        hint = did_you_mean(close)
        yield where.problem(
            "unknown-unit", f"找不到{label}“{ref}”。{hint}新单位请先加入 units.yaml"
        )
