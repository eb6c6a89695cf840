"""What the editor offers where an id or a name goes, and what it shows on an id: from the year's
catalogue, units and reports, as data (the server turns it into LSP messages).

- a progress file (progress/<year>-Q<n>/<unit>.yaml): the unit's indicator ids under
  `indicators:`, an indicator's metric ids under `values:`, a milestone's stages under `stages:`;
- a plan (plans/<year>/<unit>.yaml): indicator ids, metric ids under `nodes:`, `stage:` values;
- an acceptance record (acceptance/<year>/<project>.yaml): the project's criterion ids under
  `criteria:`, verdicts, and unit names where a verifier (`by:`) goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mscli.acceptance.criteria import criteria_index, criteria_of
from mscli.acceptance.records import Verdict
from mscli.catalogue.load import Row
from mscli.catalogue.models import Metric
from mscli.lsp.spot import Spot
from mscli.progress.reports import ProgressReport
from mscli.quantities import show
from mscli.render.text import metric_text
from mscli.years.dataset import Dataset

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Choice:
    """One completion item: the text inserted, and the Chinese shown beside it."""

    label: str
    detail: str
    documentation: str = ""


def _row_choice(row: Row) -> Choice:
    indicator = row.indicator
    target = "；".join(metric_text(m) for m in indicator.target.metrics)
    return Choice(indicator.id, f"{indicator.label}：{target}", indicator.text)


def _metric_choice(metric: Metric) -> Choice:
    return Choice(metric.id, metric_text(metric))


def _led(dataset: Dataset, unit_id: str) -> list[Row]:
    led = dataset.catalogue.reporting_units().get(unit_id)
    return list(led[1]) if led else []


def _metrics(dataset: Dataset, indicator_id: str, *, staged: bool | None = None) -> list[Metric]:
    row = dataset.catalogue.by_indicator.get(indicator_id)
    if row is None:
        return []
    metrics = row.indicator.target.metrics
    return [m for m in metrics if staged is None or m.kind.staged == staged]


def choices(dataset: Dataset, kind: str, path: Path, where: Spot) -> list[Choice]:
    """The completion items at `where` in the file `path` of `kind` (modeline.kind_of)."""
    keys, value_of = where.path, where.value_of
    if kind in ("progress", "plan"):
        if keys == ("indicators",) and value_of is None:
            return [_row_choice(row) for row in _led(dataset, path.stem)]
        if len(keys) == 3 and keys[0] == "indicators" and value_of is None:
            if keys[2] == "values":
                return [_metric_choice(m) for m in _metrics(dataset, keys[1], staged=False)]
            if keys[2] == "nodes":
                return [_metric_choice(m) for m in _metrics(dataset, keys[1])]
            if keys[2] == "stages":
                staged = _metrics(dataset, keys[1], staged=True)
                return [Choice(s, f"{m.name}的阶段") for m in staged for s in m.stages]
        if len(keys) == 4 and keys[2] == "nodes" and value_of == "stage":
            found = [m for m in _metrics(dataset, keys[1]) if m.id == keys[3]]
            return [Choice(s, f"{m.name}的阶段") for m in found for s in m.stages]
    if kind == "acceptance":
        if keys == ("criteria",) and value_of is None:
            project = next((p for p in dataset.catalogue.projects if p.id == path.stem), None)
            if project is None:
                return []
            return [
                Choice(c.id, c.criterion.text[:40], c.criterion.text) for c in criteria_of(project)
            ]
        if value_of == "verdict":
            return [Choice(v.value, "验收结论") for v in Verdict]
        if value_of == "by":
            return [Choice(u.name, u.id) for u in dataset.catalogue.index.units]
    return []


def _previous(dataset: Dataset, path: Path) -> ProgressReport | None:
    """The same unit's report for the quarter before the one `path` is in (None in Q1)."""
    quarter = _QUARTER.match(path.parent.name)
    if quarter is None:
        return None
    year, number = int(quarter[1]), int(quarter[2]) - 1
    return next(
        (
            r
            for r in dataset.reports
            if r.unit_id == path.stem and r.year == year and r.quarter == number
        ),
        None,
    )


def describe(dataset: Dataset, kind: str, path: Path, word: str, where: Spot) -> str | None:
    """The hover text (Markdown) for the id `word`: an indicator's catalogue text, target, lead
    unit and last quarter's value; a metric's target; a criterion's text; a unit's name."""
    catalogue = dataset.catalogue
    row = catalogue.by_indicator.get(word)
    if row is not None:
        indicator = row.indicator
        lines = [
            f"**{indicator.label}**（{row.project.title}）",
            "",
            indicator.text,
            "",
            "目标：" + "；".join(metric_text(m) for m in indicator.target.metrics),
            "",
            f"牵头单位：{catalogue.lead_name(row)}",
        ]
        before = _previous(dataset, path) if kind == "progress" else None
        if before is not None:
            values = [
                f"{m.name}{show(reading.base, m.unit, m.display_unit)}"
                for m in indicator.target.metrics
                if (reading := before.reading(indicator.id, m)).base is not None
            ]
            if values:
                lines += ["", f"上季度报送：{'，'.join(values)}"]
        return "\n".join(lines)
    if len(where.path) >= 2 and where.path[0] == "indicators":
        for metric in _metrics(dataset, where.path[1]):
            if metric.id == word:
                return f"**{metric.name}**\n\n目标：{metric_text(metric)}"
    criterion = criteria_index(catalogue).get(word) if kind == "acceptance" else None
    if criterion is not None:
        return f"**{criterion.project.title}**\n\n{criterion.criterion.text}"
    unit = catalogue.index.by_id.get(word)
    if unit is not None:
        return f"**{unit.name}**（{unit.id}）"
    return None
