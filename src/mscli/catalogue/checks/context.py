"""What the cross-file checks read: the raw data of both catalogue files, so that they still run
(and still find every bad reference) when pydantic has rejected some other part of a file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from mscli.catalogue.models import Structure, Unit
from mscli.catalogue.unit_index import UnitIndex, normalize
from mscli.yamlio.source import PathKey, Source

Mapping = dict[str, Any]


def mappings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Mapping]]:
    """The mappings of a list, with their paths; anything of another shape is skipped."""
    if isinstance(value, list):
        for k, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, k), item


def strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, list):
        for k, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, k), item
    elif isinstance(value, str):
        yield path, value


@dataclass(frozen=True)
class Context:
    units: Source | None
    indicators: Source | None
    index: UnitIndex
    unsure: frozenset[str] = frozenset()
    """Normalised names of units that failed validation: references to them are not judged."""
    structure: Structure = field(default_factory=Structure)
    """units.yaml's structure (the defaults when it is absent or invalid: that is reported)."""

    @classmethod
    def of(cls, units: Source | None, indicators: Source | None) -> Context:
        valid, unsure = [], set()
        for _, raw in mappings(units.data.get("units") if units else None, ()):
            try:
                valid.append(Unit.model_validate(raw))
            except ValidationError:  # already reported by the schema check
                aliases = raw.get("aliases")
                names = [raw.get("name"), *(aliases if isinstance(aliases, list) else [])]
                unsure |= {normalize(n) for n in names if isinstance(n, str)}
        try:
            structure = Structure.model_validate(units.data.get("structure") or {} if units else {})
        except (ValidationError, AttributeError):  # reported by the schema check
            structure = Structure()
        return cls(units, indicators, UnitIndex(valid), frozenset(unsure), structure)

    @property
    def units_usable(self) -> bool:
        """Whether units.yaml was read at all: without it no reference can be judged."""
        return self.units is not None and bool(self.index.units or self.unsure)

    def unit_items(self) -> Iterator[tuple[PathKey, Mapping]]:
        if self.units is not None:
            yield from mappings(self.units.data.get("units"), ("units",))

    def projects(self) -> Iterator[tuple[PathKey, Mapping]]:
        if self.indicators is not None:
            yield from mappings(self.indicators.data.get("projects"), ("projects",))

    def rows(self) -> Iterator[tuple[PathKey, Mapping, Mapping]]:
        for path, project in self.projects():
            for row_path, row in mappings(project.get("indicators"), (*path, "indicators")):
                yield row_path, project, row

    @staticmethod
    def delegated(row: Mapping) -> bool:
        target = row.get("target")
        return isinstance(target, dict) and bool(target.get("delegated_to"))
