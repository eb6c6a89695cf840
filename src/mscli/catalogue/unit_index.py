"""Find units by id, canonical name or alias, at the level a column expects."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from mscli.catalogue.models import Level, Unit
from mscli.suggestions import similarity

_SPACE = re.compile(r"\s+")


def normalize(name: str) -> str:
    """Fold full-width and half-width forms (（） vs ()) and drop white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


class UnitIndex:
    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = tuple(units)
        self.by_id = {unit.id: unit for unit in self.units}
        self._names: dict[tuple[Level, str], list[Unit]] = defaultdict(list)
        for unit in self.units:
            for name in {normalize(n) for n in (unit.name, *unit.aliases)}:
                self._names[(unit.level, name)].append(unit)

    def resolve(self, ref: str, level: Level) -> Unit | None:
        """The unit `ref` names at `level` (by id, name or alias), or None. A prefecture unit
        is also named by its city and a county unit's short name: 平顶山市人社局 is the 平顶山市
        unit whose other name (市人力资源和社会保障局) is the county unit 市人社局's name."""
        unit = self.by_id.get(ref.strip())
        if unit is not None:
            return unit if unit.level is level else None
        found = self._names.get((level, normalize(ref)), [])
        if len(found) == 1:
            return found[0]
        if not found and level is Level.prefecture:
            return self._by_county_name(normalize(ref))
        return None

    def _by_county_name(self, wanted: str) -> Unit | None:
        matches = []
        for unit in self.units:
            if unit.level is not Level.prefecture:
                continue
            name = normalize(unit.name)
            for alias in {normalize(a) for a in unit.aliases}:
                prefix = name.removesuffix(alias)
                if prefix == name or not prefix or not wanted.startswith(prefix):
                    continue
                county = self._names.get((Level.county, wanted[len(prefix) :]), [])
                if len(county) == 1 and normalize(county[0].name) == alias:
                    matches.append(unit)
        return matches[0] if len({u.id for u in matches}) == 1 else None

    def at_other_level(self, ref: str, level: Level) -> Unit | None:
        other = Level.prefecture if level is Level.county else Level.county
        return self.resolve(ref, other)

    def ambiguous(self) -> dict[tuple[Level, str], list[Unit]]:
        return {key: units for key, units in self._names.items() if len(units) > 1}

    def suggest(self, ref: str, level: Level, n: int = 3) -> list[str]:
        """The closest canonical names at `level`, best first."""
        wanted = normalize(ref)
        scored: dict[str, float] = {}
        for unit in self.units:
            if unit.level is not level:
                continue
            for name in (unit.name, *unit.aliases):
                ratio = similarity(wanted, normalize(name))
                scored[unit.name] = max(scored.get(unit.name, 0.0), ratio)
        best = sorted(scored.items(), key=lambda item: -item[1])
        return [name for name, ratio in best[:n] if ratio >= 0.5]
