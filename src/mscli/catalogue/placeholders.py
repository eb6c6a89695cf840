"""Values written as 待填: what a new year's draft catalogue leaves for the office to fill.

`mscli new-year` writes 待填 where the new circular decides the value (its document number and
date, each indicator's texts and Ruzhou's targets). Each one is reported as unfinished, once, at
its line and column, in place of the type errors the model would give for the same value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mscli.problems import Problem
from mscli.yamlio.source import PathKey, Source

PLACEHOLDER = "待填"

_LABELS = {
    "document": "文号",
    "issued": "成文日期",
    "title": "标题",
    "basis": "依据文件",
    "text": "指标任务原文",
    "value": "目标值",
    "maximum": "区间上限",
}


def _placeholders(value: Any, path: PathKey) -> Iterator[PathKey]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, (*path, index))
    elif value == PLACEHOLDER:
        yield path


def count_unfilled(data: Any) -> int:
    """How many values of parsed YAML data are still 待填."""
    return sum(1 for _ in _placeholders(data, ()))


def _label(path: PathKey) -> str:
    key = str(path[-1]) if path else ""
    if key == "text":
        return "本级指标任务原文" if "target" in path else "指标任务原文"
    return _LABELS.get(key, key)


def unfilled(source: Source, problems: list[Problem]) -> list[Problem]:
    """`problems` with every 待填 value reported as unfinished instead of as a wrong value."""
    found = list(_placeholders(source.data, ()))
    if not found:
        return problems
    year = source.data.get("programme", {}).get("year") if isinstance(source.data, dict) else None
    which = f" {year} 年" if isinstance(year, int) else "新一年"
    spots = {(at.file, at.line, at.column) for at in map(source.where, found)}
    kept = [p for p in problems if (p.file, p.line, p.column) not in spots]
    return kept + [
        source.where(path).problem(
            "unfilled",
            f"{_label(path)}（{path[-1]}）待填：请按{which}的文件填写",
        )
        for path in found
    ]
