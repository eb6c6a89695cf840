"""Everything `mscli validate` reports for a data folder, as data: each kept year's files, the
values carried over by new-year, the circulars' numbers and dates in config.yaml, and acceptance
verdicts against the year's results, and in a prefecture's repository the bundles its counties sent
(bundles/<year>/). The command and the language server (mscli.lsp) share it."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from mscli.bundle.received import bundle_files, read_bundles
from mscli.catalogue.config import CONFIG_FILE, config_source
from mscli.catalogue.load import INDICATORS_FILE
from mscli.problems import Problem, display_path, sort_problems
from mscli.results.acceptance import completion_warnings, final_summary
from mscli.results.issuance import borrowed_names_problems, configured_problems
from mscli.years.dataset import Dataset, load_every_year
from mscli.years.new_year import carried_over


def check_folder(
    data: Path, *, owners: Collection[str] | None = None
) -> tuple[list[Dataset], list[Problem]]:
    """The kept years that could be loaded and every problem in the folder, sorted. `owners`:
    read only these units' progress files and plans (the rest of the folder whole), for a caller
    that reports nothing of the others' (validate --changed)."""
    datasets, problems = load_every_year(data, owners=owners)
    path = data / INDICATORS_FILE
    found = [*problems, *carried_over(path, display_path(path, data))]
    for dataset in datasets:
        found += configured_problems(
            dataset.config.circular,
            year=dataset.year,
            deadline_day=dataset.config.status.deadline_day,
            source=config_source(dataset.root, folder=dataset.folder),
        )
        if dataset.folder is None:  # the current year's: a kept year's settings are history
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
    return datasets, sort_problems(found)
