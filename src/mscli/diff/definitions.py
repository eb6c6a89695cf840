"""Definition changes between two datasets: programme, units, projects, indicators, config.

Units are compared by id, so that renaming a unit or writing one of its aliases is not a change
of the units an indicator names; each change is one sentence for a reviewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from mscli.catalogue.checks.references import COLUMNS
from mscli.catalogue.config import Config
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Indicator, Metric
from mscli.quantities import plain, show
from mscli.results.completion import DEFAULT_SCHEDULE
from mscli.years.dataset import Dataset


@dataclass(frozen=True)
class DefinitionChange:
    """A change to the catalogue, the units or the configuration."""

    kind: str
    id: str
    message: str


# the unit columns a project sets and its indicators may override
ROLES = ("responsible", "verifiers", "certifiers")


def _shown(value: object) -> str:
    if value is None or value == ():
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, int | float):
        return plain(float(value), 4)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "、".join(_shown(v) for v in value)
    return str(value)


def _fields(
    old: BaseModel, new: BaseModel, *, skip: Iterable[str] = ()
) -> Iterator[tuple[str, str, Any, Any]]:
    """(field, Chinese title, old value, new value) of every field that differs."""
    for name, info in type(new).model_fields.items():
        before, after = getattr(old, name, None), getattr(new, name, None)
        if name not in skip and before != after:
            yield name, info.title or name, before, after


def _resolved(
    catalogue: Catalogue, refs: Iterable[str], column: str
) -> tuple[tuple[str, ...], str]:
    """The units' ids (a name that finds none stays as written) and their names, for display.

    Each ref is resolved at the level `column` expects, as `mscli validate` checks it.
    """
    _, level = COLUMNS[column]
    found = [(catalogue.index.resolve(ref, level), ref) for ref in refs]
    ids = tuple(unit.id if unit else ref for unit, ref in found)
    return ids, "、".join(unit.name if unit else ref for unit, ref in found) or "（无）"


def _units(old: Catalogue, new: Catalogue) -> Iterator[DefinitionChange]:
    before, after = old.index.by_id, new.index.by_id
    for key, unit in after.items():
        if key not in before:
            yield DefinitionChange(
                "unit-added",
                key,
                f"新增单位：{unit.name}（{key}，{new.structure.level_name(unit.level)}）",
            )
    for key, unit in before.items():
        if key not in after:
            yield DefinitionChange("unit-removed", key, f"删除单位：{unit.name}（{key}）")
    for key, unit in after.items():
        if key not in before:
            continue
        for name, title, a, b in _fields(before[key], unit, skip={"id"}):
            if name == "name":
                yield DefinitionChange("unit-renamed", key, f"单位 {key} 更名：{a} → {b}")
            else:
                yield DefinitionChange(
                    "unit-changed",
                    key,
                    f"单位 {unit.name}（{key}）的{title}：{_shown(a)} → {_shown(b)}",
                )


def _projects(old: Catalogue, new: Catalogue) -> Iterator[DefinitionChange]:
    before = {p.id: p for p in old.projects}
    after = {p.id: p for p in new.projects}
    for key, project in after.items():
        if key not in before:
            yield DefinitionChange(
                "project-added",
                key,
                f"新增项目：{project.block}{project.number}. {project.title}（{key}）",
            )
    for key, project in before.items():
        if key not in after:
            yield DefinitionChange("project-removed", key, f"删除项目：{project.title}（{key}）")
    # the lead units are compared per indicator, where they take effect
    skip = {"id", "indicators", "lead", "standards", *ROLES}
    for key, project in after.items():
        was = before.get(key)
        if was is None:
            continue
        for _, title, a, b in _fields(was, project, skip=skip):
            yield DefinitionChange(
                "project-changed", key, f"项目 {key} 的{title}：{_shown(a)} → {_shown(b)}"
            )
        for role in ROLES:
            (ids_a, a), (ids_b, b) = (
                _resolved(old, getattr(was, role), role),
                _resolved(new, getattr(project, role), role),
            )
            if ids_a != ids_b:
                role_title = type(project).model_fields[role].title or role
                yield DefinitionChange(
                    "project-changed", key, f"项目 {key} 的{role_title}：{a} → {b}"
                )
        if was.standards != project.standards:
            yield DefinitionChange(
                "standards", key, f"项目 {key}（{project.title}）的验收标准有修改"
            )


def _metric_value(metric: Metric, value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and metric.unit:
        return show(float(value), metric.unit, metric.display_unit)
    return _shown(value)


def _metrics(key: str, old: Indicator, new: Indicator) -> Iterator[DefinitionChange]:
    before = {m.id: m for m in old.target.metrics}
    after = {m.id: m for m in new.target.metrics}
    for mid, metric in after.items():
        if mid not in before:
            target = _metric_value(metric, metric.value)
            yield DefinitionChange(
                "metric-added",
                f"{key}/{mid}",
                f"指标 {key} 新增指标项 {mid}（{metric.name}），目标值 {target}",
            )
    for mid, metric in before.items():
        if mid not in after:
            yield DefinitionChange(
                "metric-removed", f"{key}/{mid}", f"指标 {key} 删除了指标项 {mid}（{metric.name}）"
            )
    for mid, metric in after.items():
        was = before.get(mid)
        if was is None:
            continue
        for name, title, a, b in _fields(was, metric, skip={"id"}):
            if name in ("value", "maximum"):
                a, b = _metric_value(was, a), _metric_value(metric, b)
            yield DefinitionChange(
                "metric-changed",
                f"{key}/{mid}",
                f"指标 {key} 指标项 {mid}（{metric.name}）的{title}：{_shown(a)} → {_shown(b)}",
            )


def _schedule(indicator: Indicator) -> str:
    if indicator.schedule is None:
        return f"默认（{'/'.join(plain(v) for v in DEFAULT_SCHEDULE)}）"
    return "/".join(plain(v) for v in indicator.schedule)


def _effective(row: Row, role: str) -> tuple[str, ...]:
    """The indicator's own units in `role`, or its project's when it names none."""
    own: tuple[str, ...] | None = getattr(row.indicator, role)
    return own if own is not None else tuple(getattr(row.project, role))


def _indicator_units(
    old: Catalogue, new: Catalogue, was: Row, row: Row
) -> Iterator[DefinitionChange]:
    """Who carries the indicator out: the prefecture or Ruzhou, the lead, the other roles."""
    key, a, b = row.indicator.id, was.indicator, row.indicator
    (ids_a, owners_a), (ids_b, owners_b) = (
        _resolved(old, a.target.delegated_to, "delegated_to"),
        _resolved(new, b.target.delegated_to, "delegated_to"),
    )
    if ids_a != ids_b:
        text = (
            f"改为由{owners_b}统一安排实施"
            if not ids_a
            else f"不再由上级实施（原为{owners_a}），由{new.structure.county}承担"
            if not ids_b
            else f"的上级实施单位：{owners_a} → {owners_b}"
        )
        yield DefinitionChange("delegation", key, f"指标 {key} {text}")
    (ids_a, leads_a), (ids_b, leads_b) = (
        _resolved(old, was.lead_refs, "lead"),
        _resolved(new, row.lead_refs, "lead"),
    )
    if ids_a != ids_b:
        yield DefinitionChange("lead", key, f"指标 {key} 的牵头单位：{leads_a} → {leads_b}")
    for role in ROLES:
        if getattr(a, role) is None and getattr(b, role) is None:
            continue  # both follow their project, compared there
        (ids_a, names_a), (ids_b, names_b) = (
            _resolved(old, _effective(was, role), role),
            _resolved(new, _effective(row, role), role),
        )
        if ids_a != ids_b:
            title = type(b).model_fields[role].title
            yield DefinitionChange(
                "indicator-units", key, f"指标 {key} 的{title}：{names_a} → {names_b}"
            )


def _indicators(old: Catalogue, new: Catalogue) -> Iterator[DefinitionChange]:
    before = {row.indicator.id: row for row in old.rows()}
    after = {row.indicator.id: row for row in new.rows()}
    for key, row in after.items():
        if key not in before:
            yield DefinitionChange(
                "indicator-added",
                key,
                f"新增指标 {key}（{row.project.title}）：{row.indicator.text}"
                f"{new.structure.county}任务 {row.indicator.target.text}，"
                f"牵头单位 {new.lead_name(row)}",
            )
    for key, row in before.items():
        if key not in after:
            yield DefinitionChange(
                "indicator-removed", key, f"删除指标 {key}：{row.indicator.text}"
            )
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            continue
        a, b = was.indicator, row.indicator
        if was.project.id != row.project.id:
            yield DefinitionChange(
                "indicator-moved",
                key,
                f"指标 {key} 从项目“{was.project.title}”移到“{row.project.title}”",
            )
        if a.text != b.text:
            yield DefinitionChange(
                "indicator-text",
                key,
                f"指标 {key} 的{new.structure.source_title}：{a.text} → {b.text}",
            )
        if a.target.text != b.target.text:
            yield DefinitionChange(
                "target-text",
                key,
                f"指标 {key} 的{new.structure.county}指标任务：{a.target.text} → {b.target.text}",
            )
        yield from _metrics(key, a, b)
        yield from _indicator_units(old, new, was, row)
        if a.schedule != b.schedule:
            yield DefinitionChange(
                "schedule", key, f"指标 {key} 的时序进度：{_schedule(a)} → {_schedule(b)}"
            )


def _config(old: Config, new: Config) -> Iterator[DefinitionChange]:
    for section, info in type(new).model_fields.items():
        a, b = getattr(old, section), getattr(new, section)
        if isinstance(a, BaseModel) and isinstance(b, BaseModel):
            for name, title, x, y in _fields(a, b):
                yield DefinitionChange(
                    "config",
                    f"{section}.{name}",
                    f"配置“{info.title}”的{title}（{section}.{name}）：{_shown(x)} → {_shown(y)}",
                )
        elif a != b:
            yield DefinitionChange(
                "config",
                section,
                f"配置“{info.title or section}”（{section}）：{_shown(a)} → {_shown(b)}",
            )


def definition_changes(old: Dataset, new: Dataset) -> Iterator[DefinitionChange]:
    """Programme, units, projects, indicators and configuration, in that order."""
    for name, title, a, b in _fields(old.catalogue.programme, new.catalogue.programme):
        yield DefinitionChange("programme", name, f"年度计划的{title}：{_shown(a)} → {_shown(b)}")
    yield from _units(old.catalogue, new.catalogue)
    yield from _projects(old.catalogue, new.catalogue)
    yield from _indicators(old.catalogue, new.catalogue)
    yield from _config(old.config, new.config)
