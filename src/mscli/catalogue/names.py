"""The office's own words for units, indicators and metrics, turned into the catalogue's.

Every command that takes a unit, an indicator or a metric resolves it here. A name is accepted as
the id, the Chinese name, or an alias (abbreviation) registered in units.yaml / indicators.yaml;
white space and full-width forms do not matter, nor does a unit's leading 市 (人社局 is 市人社局).
A word found in only one of them is accepted too (人社 finds 市人社局). When a word fits several,
or none, the error lists the candidates: a NameNotFound, a usage error (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Level, Metric, Unit
from mscli.catalogue.unit_index import normalize
from mscli.problems import UsageError
from mscli.suggestions import closest, did_you_mean

T = TypeVar("T")

INDICATORS_HINT = "全部指标见 mscli indicators。"
MAX_LISTED = 8
UNITS_HINT = "单位的名称、简称和编号见 units.yaml。"


class NameNotFound(UsageError):
    """A unit, indicator or metric the catalogue does not have, or has several of."""


@dataclass(frozen=True)
class _Entry(Generic[T]):
    item: T
    shown: str  # how a message names it: 市人力资源和社会保障局（rz-hrss）
    names: tuple[str, ...]  # normalized: id, name, aliases and their variants
    words: tuple[str, ...] = ()  # the Chinese ones, where a part of the name may be enough


def _key(word: str) -> str:
    return normalize(word).casefold()


def _entry(
    item: T, shown: str, ident: str, words: Iterable[str], *, city: bool = False
) -> _Entry[T]:
    names = {_key(word) for word in words}
    if city:  # 市人社局 is also said 人社局
        names |= {name.removeprefix("市") for name in names if len(name) > 2}
    return _Entry(item, shown, tuple(sorted({_key(ident), *names})), tuple(sorted(names)))


@dataclass(frozen=True)
class Found(Generic[T]):
    """The one item a word names, or the candidates when it names several or none."""

    item: T | None
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False


def _find(word: str, entries: Sequence[_Entry[T]]) -> Found[T]:
    wanted = _key(word)
    exact = _distinct(e for e in entries if wanted in e.names)
    if len(exact) == 1:
        return Found(exact[0].item)
    if exact:
        return Found(None, tuple(e.shown for e in exact), ambiguous=True)
    if len(wanted) >= 2:
        part = _distinct(e for e in entries if any(wanted in word for word in e.words))
        if len(part) == 1:
            return Found(part[0].item)
        if part:
            return Found(None, tuple(e.shown for e in part), ambiguous=True)
    by_name = {name: e.shown for e in entries for name in e.names}
    near = closest(wanted, by_name, n=6, cutoff=0.5)
    return Found(None, tuple(dict.fromkeys(by_name[name] for name in near))[:3])


def _distinct(entries: Iterable[_Entry[T]]) -> list[_Entry[T]]:
    seen: dict[str, _Entry[T]] = {}
    for entry in entries:
        seen.setdefault(entry.shown, entry)
    return list(seen.values())


def _refuse(found: Found[T], *, word: str, kind: str, advice: str) -> NameNotFound:
    if found.ambiguous:
        many = len(found.candidates) > MAX_LISTED
        listed = "、".join(found.candidates[:MAX_LISTED]) + ("等" if many else "")
        return NameNotFound(f"“{word}”可指多个{kind}：{listed}；请写全称或编号")
    close = did_you_mean(list(found.candidates))
    return NameNotFound(f"找不到{kind}“{word}”。{close or advice}")


# --- units ---------------------------------------------------------------------------------------


def _unit_entries(units: Iterable[Unit], level: Level) -> list[_Entry[Unit]]:
    return [
        _entry(u, f"{u.name}（{u.id}）", u.id, (u.name, *u.aliases), city=True)
        for u in units
        if u.level is level
    ]


def find_unit(catalogue: Catalogue, word: str, *, level: Level = Level.county) -> Unit:
    """The unit `word` names at `level`, or NameNotFound listing the candidates."""
    exact = catalogue.index.resolve(word, level)
    if exact is not None:
        return exact
    found = _find(word, _unit_entries(catalogue.index.units, level))
    if found.item is not None:
        return found.item
    if not found.ambiguous:
        other = catalogue.index.at_other_level(word, level)
        if other is not None:
            names = catalogue.structure
            raise NameNotFound(
                f"“{word}”是{names.level_name(other.level)}单位{other.name}，"
                f"这里要的是{names.level_name(level)}单位"
            )
    kind = f"{catalogue.structure.level_name(level)}单位"
    raise _refuse(found, word=word, kind=kind, advice=UNITS_HINT)


# --- indicators and metrics ------------------------------------------------------------------------


def _indicator_entries(catalogue: Catalogue) -> list[_Entry[Row]]:
    entries = []
    for row in catalogue.rows():
        indicator = row.indicator
        words = [indicator.label, *indicator.aliases]
        if len(indicator.target.metrics) == 1:
            metric = indicator.target.metrics[0]
            words += [metric.name, *metric.aliases]
        entries.append(_entry(row, f"{indicator.label}（{indicator.id}）", indicator.id, words))
    return entries


def find_indicator(catalogue: Catalogue, word: str) -> Row:
    """The indicator `word` names (id, name, alias, or its only metric's name)."""
    found = _find(word, _indicator_entries(catalogue))
    if found.item is None:
        raise _refuse(found, word=word, kind="指标", advice=INDICATORS_HINT)
    return found.item


def _metric_entries(row: Row) -> list[_Entry[Metric]]:
    return [
        _entry(m, f"{m.name}（{m.id}）", m.id, (m.name, *m.aliases))
        for m in row.indicator.target.metrics
    ]


def metric_choices(row: Row) -> str:
    """技能培训（trainees）、… — the metrics of an indicator, for a message."""
    return "、".join(f"{m.name}（{m.id}）" for m in row.indicator.target.metrics)


def find_metric(row: Row, word: str | None) -> Metric:
    """The metric `word` names within the indicator; None is the indicator's only metric."""
    metrics = row.indicator.target.metrics
    label = f"指标“{row.indicator.label}”"
    if word is None:
        if len(metrics) == 1:
            return metrics[0]
        raise NameNotFound(f"{label}有多个指标项，请写明是哪一项：{metric_choices(row)}")
    found = _find(word, _metric_entries(row))
    if found.item is not None:
        return found.item
    if found.ambiguous:
        raise _refuse(found, word=word, kind=f"{label}的指标项", advice="")
    close = did_you_mean(list(found.candidates))
    raise NameNotFound(f"{label}没有指标项“{word}”。{close}可填：{metric_choices(row)}")


def find_target(catalogue: Catalogue, word: str) -> tuple[Row, Metric | None]:
    """An indicator, or one metric of it: 宫颈癌筛查 names cancer-screening's cervical-cancer.

    The metric is None when `word` names the indicator itself.
    """
    entries: list[_Entry[tuple[Row, Metric | None]]] = [
        _Entry((e.item, None), e.shown, e.names, e.words) for e in _indicator_entries(catalogue)
    ]
    for row in catalogue.rows():
        if len(row.indicator.target.metrics) > 1:
            entries += [
                _entry(
                    (row, m),
                    f"{m.name}（{row.indicator.id} 的 {m.id}）",
                    f"{row.indicator.id}.{m.id}",
                    (m.name, *m.aliases),
                )
                for m in row.indicator.target.metrics
            ]
    found = _find(word, entries)
    if found.item is None:
        raise _refuse(found, word=word, kind="指标", advice=INDICATORS_HINT)
    return found.item
