"""No two units look alike: names, aliases and ids that fold to the same key (mscli.catalogue.
lookalikes: NFKC, a few confusables, format characters and case dropped) are errors, each with
the place of the other.

Exact duplicates of a name or alias within a level are unique_ids' (duplicate-name); this check
reports the look-alikes it cannot see (巿人社局 beside 市人社局, a Cyrillic “А”), and an alias or
name that is another unit's id (by_id finds that unit first).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mscli.catalogue.checks.context import Context
from mscli.catalogue.lookalikes import differences, fold
from mscli.catalogue.unit_index import normalize
from mscli.problems import Problem
from mscli.yamlio.source import PathKey, Source


@dataclass(frozen=True)
class _Seen:
    unit: str
    text: str
    where: str


def _names(path: PathKey, raw: Mapping[str, Any]) -> Iterator[tuple[str, PathKey]]:
    if isinstance(raw.get("name"), str):
        yield raw["name"], (*path, "name")
    aliases = raw.get("aliases")
    for k, alias in enumerate(aliases if isinstance(aliases, list) else []):
        if isinstance(alias, str):
            yield alias, (*path, "aliases", k)


def _at(source: Source, path: PathKey) -> str:
    at = source.where(path)
    return f"{at.file}:{at.line}:{at.column}"


def check(context: Context) -> Iterator[Problem]:
    units = context.units
    if units is None:
        return
    items = [(p, u) for p, u in context.unit_items() if isinstance(u.get("id"), str)]
    ids = {fold(u["id"]): _Seen(u["id"], u["id"], _at(units, (*p, "id"))) for p, u in items}
    names: dict[tuple[str, str], _Seen] = {}
    for path, raw in items:
        unit, level = raw["id"], raw.get("level")
        level = level if isinstance(level, str) else ""
        for text, at in _names(path, raw):
            if any(unicodedata.category(c) in ("Cf", "Cs") for c in text):
                continue  # refused as it is (catalogue.models.printable)
            key = fold(text)
            same_id = ids.get(key)
            if same_id is not None and same_id.unit != unit:
                yield units.where(at).problem(
                    "lookalike-id",
                    f"名称或别名“{text}”与单位编号“{same_id.text}”（{same_id.where}）"
                    "相同（不计大小写和形近字符），按编号查找会找到那个单位；请改用其他写法",
                )
            first = names.setdefault((level, key), _Seen(unit, text, _at(units, at)))
            if first.unit == unit or normalize(first.text) == normalize(text):
                continue  # the unit's own other name, or an exact duplicate (unique_ids)
            shown = differences(text, first.text)
            yield units.where(at).problem(
                "lookalike-name",
                f"名称或别名“{text}”与单位“{first.unit}”的“{first.text}”（{first.where}）看起来相同"
                + (f"（{shown}）" if shown else "（只差不可见字符、大小写或形近字符）")
                + "，会被当成同一个单位；请改正其中一处",
            )
