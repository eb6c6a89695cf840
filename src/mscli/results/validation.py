"""Everything `mscli validate` reports for a data folder, as data: each kept year's files, the
values carried over by new-year, the circulars' numbers and dates in config.yaml, and acceptance
verdicts against the year's results, and in a prefecture's repository the bundles its counties sent
(bundles/<year>/). The command and the language server (mscli.lsp) share it.

The current year is checked first, then each archived year on its own, let go before the next
is read, so that memory stays that of one year (plus the current one). With a cache folder
(years.cache), an archived year whose files have not changed since it was last checked costs the
hash of its files: its problems and its units' names are read from the cache."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from mscli.bundle.received import bundle_files, read_bundles
from mscli.catalogue.config import CONFIG_FILE, config_source
from mscli.catalogue.load import INDICATORS_FILE
from mscli.problems import Problem, display_path, sort_problems
from mscli.results.acceptance import completion_warnings, final_summary
from mscli.results.issuance import borrowed_names_problems, configured_problems
from mscli.years.cache import YearResult, read_year, write_year, year_key
from mscli.years.dataset import Dataset, load_dataset, orphan_problems, without_cyclic_gc
from mscli.years.kept import archived_years, read_current
from mscli.years.new_year import carried_over


@dataclass(frozen=True)
class FolderCheck:
    """What validate found: the years loaded (the current one last; without a cache every kept
    year, with one only the current year), every problem sorted, and each checked year's units
    as (id, name) in their listed order (the names shown beside a progress file)."""

    datasets: list[Dataset]
    problems: list[Problem]
    units: dict[int, tuple[tuple[str, str], ...]]


def check_folder(
    data: Path, *, cache: Path | None = None, owners: Collection[str] | None = None
) -> FolderCheck:
    """Every problem in the folder. `cache`: the folder of archived years' results (None: every
    year is loaded and checked, and kept in `datasets`, as the language server wants). `owners`:
    read only these units' progress files and plans (the rest of the folder whole), for a caller
    that reports nothing of the others' (validate --changed); the cache, which holds whole years,
    is then neither read nor written."""
    if owners is not None:
        cache = None
    archived, found = archived_years(data)
    with without_cyclic_gc():
        current = read_current(data)  # each year's load needs it: parsed once
    path = data / INDICATORS_FILE
    found += carried_over(path, display_path(path, data))
    units: dict[int, tuple[tuple[str, str], ...]] = {}
    dataset, more = load_dataset(data, current=current, owners=owners)
    found += more
    if dataset is not None:
        found += _year_problems(dataset, data)
        units[dataset.year] = _units(dataset)
    kept: list[Dataset] = []
    for year in archived:
        key = year_key(data, year) if cache is not None and year != current.year else None
        stored = read_year(cache, key) if cache is not None and key is not None else None
        if stored is None:
            old, more = load_dataset(data, year=year, current=current, owners=owners)
            if old is not None:
                more += _year_problems(old, data)
                if cache is None:
                    kept.append(old)
            stored = YearResult(tuple(more), _units(old) if old is not None else ())
            del old  # let the year go before the next is read
            if cache is not None and key is not None:
                write_year(cache, key, stored)
        found += stored.problems
        if stored.units:
            units.setdefault(year, stored.units)
    found += orphan_problems(data, archived, current)
    datasets = [*kept, *([dataset] if dataset is not None else [])]
    return FolderCheck(datasets, sort_problems(found), units)


def _units(dataset: Dataset) -> tuple[tuple[str, str], ...]:
    return tuple((unit.id, unit.name) for unit in dataset.catalogue.index.units)


def _year_problems(dataset: Dataset, data: Path) -> list[Problem]:
    """The problems of one loaded year beyond its files': its circulars' settings, the borrowed
    names (the current year's only: a kept year's settings are history), acceptance verdicts."""
    found = configured_problems(
        dataset.config.circular,
        year=dataset.year,
        deadline_day=dataset.config.status.deadline_day,
        source=config_source(dataset.root, folder=dataset.folder),
    )
    if dataset.folder is None:
        found += borrowed_names_problems(
            dataset.config.circular,
            county=dataset.catalogue.structure.county,
            source=config_source(dataset.root),
            config_file=display_path(dataset.root / CONFIG_FILE, data),
        )
        received = bundle_files(dataset.root, dataset.year)
        if received:
            found += read_bundles(
                received, year=dataset.year, catalogue=dataset.catalogue, root=data
            )[1]
    if dataset.acceptance:
        summary = final_summary(dataset)
        found += completion_warnings(dataset.catalogue, list(dataset.acceptance), summary)
    return found
