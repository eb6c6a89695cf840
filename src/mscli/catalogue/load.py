"""The catalogue: units.yaml and indicators.yaml loaded, validated and joined."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mscli.catalogue.checks import run_checks
from mscli.catalogue.models import (
    Indicator,
    IndicatorsFile,
    Level,
    Programme,
    Project,
    Structure,
    Unit,
    UnitsFile,
)
from mscli.catalogue.placeholders import unfilled
from mscli.catalogue.unit_index import UnitIndex
from mscli.problems import Problem, display_path
from mscli.yamlio.load import Loaded, M, read_model
from mscli.yamlio.source import CATALOGUE_MAX_BYTES, CATALOGUE_VALUES, MAX_BYTES, Parsed

UNITS_FILE = "units.yaml"
INDICATORS_FILE = "indicators.yaml"


@dataclass(frozen=True)
class Row:
    """One indicator with its project."""

    project: Project
    indicator: Indicator

    @property
    def lead_refs(self) -> tuple[str, ...]:
        return self.indicator.lead or self.project.lead


@dataclass(frozen=True)
class Catalogue:
    indicators_file: IndicatorsFile
    index: UnitIndex
    structure: Structure = field(default_factory=Structure)
    """Whose programme it is (units.yaml's structure): the levels' names, who verifies, blocks."""
    _leads: dict[tuple[str, ...], tuple[Unit, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Lead references already resolved: every report and summary asks again for each row."""

    @property
    def programme(self) -> Programme:
        return self.indicators_file.programme

    @property
    def projects(self) -> tuple[Project, ...]:
        return self.indicators_file.projects

    def rows(self) -> Iterator[Row]:
        for project in self.projects:
            yield from self.rows_of(project)

    @staticmethod
    def rows_of(project: Project) -> Iterator[Row]:
        return (Row(project, indicator) for indicator in project.indicators)

    @cached_property
    def by_indicator(self) -> dict[str, Row]:
        """Every row by its indicator's id, built once (checks look up every reported id)."""
        return {row.indicator.id: row for row in self.rows()}

    def lead_units(self, row: Row) -> tuple[Unit, ...]:
        """The resolved lead units of a row (unresolvable names are left out)."""
        refs = row.lead_refs
        units = self._leads.get(refs)
        if units is None:
            found = (self.index.resolve(ref, Level.county) for ref in refs)
            units = self._leads[refs] = tuple(unit for unit in found if unit is not None)
        return units

    def unit_names(self, refs: Iterable[str], level: Level) -> tuple[str, ...]:
        """Canonical names of the units `refs` name at `level`; one that finds none stays as written."""
        return tuple(unit.name if (unit := self.index.resolve(ref, level)) else ref for ref in refs)

    def reporting_units(self) -> dict[str, tuple[Unit, list[Row]]]:
        """Each unit leading an indicator Ruzhou carries out, by id, with those rows in order;
        the units in units.yaml's order, the one every list of units follows (never by id)."""
        led: dict[str, tuple[Unit, list[Row]]] = {}
        for row in self.rows():
            if not row.indicator.target.delegated:
                for unit in {u.id: u for u in self.lead_units(row)}.values():
                    led.setdefault(unit.id, (unit, []))[1].append(row)
        order = {unit.id: n for n, unit in enumerate(self.index.units)}
        return dict(sorted(led.items(), key=lambda item: order.get(item[0], len(order))))

    def lead_name(self, row: Row) -> str:
        return "、".join(unit.name for unit in self.lead_units(row)) or "、".join(row.lead_refs)


def load_catalogue(
    root: Path, *, folder: Path | None = None, indicators_parsed: Parsed | None = None
) -> tuple[Catalogue | None, list[Problem]]:
    """Load both catalogue files of `folder` (default: the data folder `root`, the current year)
    and run the cross-file checks on whatever could be read. `indicators_parsed`: the
    indicators file as parsed already (for its year), used when its bytes are the same.

    The catalogue is None when either file is unusable or has errors of its own.
    """
    units, units_source, problems = _read(root, folder or root, UNITS_FILE, UnitsFile)
    indicators, ind_source, more = _read(
        root, folder or root, INDICATORS_FILE, IndicatorsFile, parsed=indicators_parsed
    )
    problems += more + run_checks(units_source, ind_source)
    if units is None or indicators is None:
        return None, problems
    return Catalogue(indicators, UnitIndex(units.units), units.structure), problems


def _read(
    root: Path, folder: Path, name: str, model: type[M], *, parsed: Parsed | None = None
) -> Loaded[M]:
    path = folder / name
    file = display_path(path, root)
    if not path.is_file():
        return None, None, [Problem(file, 1, 1, "missing-file", f"找不到文件 {file}")]
    catalogue = name == INDICATORS_FILE  # the one file sized for a province
    value, source, problems = read_model(
        path,
        model,
        file=file,
        root=root,
        parsed=parsed,
        limit=CATALOGUE_VALUES if catalogue else None,
        max_bytes=CATALOGUE_MAX_BYTES if catalogue else MAX_BYTES,
    )
    if source is None:
        return value, source, problems
    return value, source, unfilled(source, problems)
