"""Everything under the data folder, loaded and checked together.

Reading is split from checking so that a command can check the folder with a file it is about to
write (a draft) in place of the one on disk, by exactly the rules `mscli validate` applies.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mscli.acceptance_checks import run_acceptance_checks
from mscli.acceptance_records import AcceptanceRecord, load_acceptance
from mscli.catalogue import Catalogue, load_catalogue
from mscli.config import Config, load_config
from mscli.problems import Problem, UsageError, display_path, sort_problems
from mscli.progress import ProgressReport, load_progress, parse_progress
from mscli.progress_checks import run_progress_checks


@dataclass(frozen=True)
class Dataset:
    root: Path
    catalogue: Catalogue
    config: Config
    reports: tuple[ProgressReport, ...]
    file_problems: tuple[Problem, ...] = ()
    """Problems each file has on its own, before the checks across reports."""
    acceptance: tuple[AcceptanceRecord, ...] = ()
    """Year-end acceptance records (data/acceptance/<year>/<project>.yaml)."""


@dataclass(frozen=True)
class Draft:
    """The proposed text of one progress file, new or replacing the one at `path`."""

    path: Path
    year: int
    quarter: int
    text: str


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Reading builds millions of small objects and no garbage cycles; Python's cyclic collector
    would walk the growing tree again and again (about a third of the reading time at 100×)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_dataset(root: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read and validate every file on its own; None (with the problems) when the catalogue or
    config is unusable."""
    if not root.is_dir():
        raise UsageError(f"数据目录 {root} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    with _without_cyclic_gc():
        catalogue, problems = load_catalogue(root)
        config, more = load_config(root)
        problems += more
        reports, more = load_progress(root)
        problems += more
        records, more = load_acceptance(root)
        problems += more
    if catalogue is None or config is None:
        return None, sort_problems(problems)
    dataset = Dataset(root, catalogue, config, tuple(reports), tuple(problems), tuple(records))
    return dataset, []


def check_dataset(dataset: Dataset, drafts: Iterable[Draft] = ()) -> list[Problem]:
    """Every problem of the folder, with the drafts in place of (or beside) its files."""
    drafts = list(drafts)
    replaced = {display_path(d.path, dataset.root) for d in drafts}
    problems = [p for p in dataset.file_problems if p.file not in replaced]
    reports = [r for r in dataset.reports if display_path(r.path, dataset.root) not in replaced]
    for draft in drafts:
        report, more = parse_progress(
            draft.text.encode("utf-8"),
            path=draft.path,
            file=display_path(draft.path, dataset.root),
            year=draft.year,
            quarter=draft.quarter,
        )
        problems += more
        if report is not None:
            reports.append(report)
    problems += run_progress_checks(dataset.catalogue, reports, dataset.config.status)
    problems += run_acceptance_checks(dataset.catalogue, list(dataset.acceptance))
    return sort_problems(problems)


def load_dataset(root: Path) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every file; the dataset is None when the catalogue or config is unusable."""
    dataset, problems = read_dataset(root)
    if dataset is None:
        return None, problems
    return dataset, check_dataset(dataset)
