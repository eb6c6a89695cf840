"""Everything under the data folder for one year, loaded and checked together.

The year is chosen here and nowhere else (see years.py for the layout): `year=None` is the current
year (data/indicators.yaml); a finished year's catalogue is read from data/archive/<year>/, and
only that year's progress files and acceptance records come with it. `mscli validate` checks
every kept year (results.validation).

Reading is split from checking so that a command can check the folder with a file it is about to
write (a draft) in place of the one on disk, by exactly the rules `mscli validate` applies.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mscli.acceptance.checks import run_acceptance_checks
from mscli.acceptance.records import ACCEPTANCE_DIR, AcceptanceRecord, load_acceptance
from mscli.catalogue.config import Config, load_config
from mscli.catalogue.load import Catalogue, load_catalogue
from mscli.plans.checks import run_plan_checks
from mscli.plans.records import PLANS_DIR, Plan, load_plans
from mscli.problems import Problem, UsageError, display_path, sort_problems
from mscli.progress.checks import run_progress_checks
from mscli.progress.reports import PROGRESS_DIR, ProgressReport, load_progress, parse_progress
from mscli.yamlio.source import run_budget
from mscli.years.kept import ARCHIVE_DIR, Current, year_folder


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
    folder: Path | None = None
    """Where this year's indicators, units and config lie, when not in `root` (an archived year)."""
    plans: tuple[Plan, ...] = ()
    """The lead units' plans (落实方案, data/plans/<year>/<unit>.yaml)."""

    @property
    def year(self) -> int:
        return self.catalogue.programme.year

    @property
    def catalogue_dir(self) -> Path:
        return self.folder or self.root


@dataclass(frozen=True)
class Draft:
    """The proposed text of one progress file, new or replacing the one at `path`."""

    path: Path
    year: int
    quarter: int
    text: str


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Reading builds millions of small objects and no garbage cycles; Python's cyclic collector
    would walk the growing tree again and again (about a third of the reading time at 100×)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_dataset(
    root: Path,
    *,
    year: int | None = None,
    current: Current | None = None,
    owners: Collection[str] | None = None,
) -> tuple[Dataset | None, list[Problem]]:
    """Read and validate every file of `year` (None: the current year) on its own; None (with
    the problems) when the catalogue or config is unusable. A year the folder keeps no catalogue
    of is a usage error. `current`: the current catalogue, when the caller has read it already.
    `owners`: read only these units' progress files and plans (validate --changed). All the
    year's files together are bounded by yamlio.source.run_budget."""
    if not root.is_dir():
        raise UsageError(f"数据目录 {root} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    with without_cyclic_gc(), run_budget():  # every file of the year within one budget
        chosen = year_folder(root, year, current)
        folder = chosen.folder if chosen.archived else None
        catalogue, problems = load_catalogue(root, folder=folder, indicators_parsed=chosen.parsed)
        config, more = load_config(root, folder=folder)
        problems += more
        reports, more = load_progress(root, year=chosen.year, owners=owners)
        problems += more
        records, more = load_acceptance(root, year=chosen.year)
        problems += more
        plans, more = load_plans(root, year=chosen.year, owners=owners)
        problems += more
    if catalogue is None or config is None:
        return None, sort_problems(problems)
    dataset = Dataset(
        root,
        catalogue,
        config,
        tuple(reports),
        tuple(problems),
        tuple(records),
        folder,
        tuple(plans),
    )
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
    problems += run_plan_checks(dataset.catalogue, list(dataset.plans))
    return sort_problems(problems)


def load_dataset(
    root: Path,
    *,
    year: int | None = None,
    current: Current | None = None,
    owners: Collection[str] | None = None,
) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every file of `year` (None: the current year); the dataset is None when
    the catalogue or config is unusable. `current` and `owners` as for read_dataset."""
    dataset, problems = read_dataset(root, year=year, current=current, owners=owners)
    if dataset is None:
        return None, problems
    return dataset, check_dataset(dataset)


def orphan_problems(root: Path, archived: Iterable[int], current: Current) -> list[Problem]:
    """Progress files, acceptance records and plans of a year with no catalogue: none when the
    current catalogue cannot say its year (its own problems come first)."""
    if current.year is None:
        return []
    kept = {*archived, current.year}
    problems = []
    for name in (PROGRESS_DIR, ACCEPTANCE_DIR, PLANS_DIR):
        problems += _orphans(root, name, kept)
    return problems


_KEPT_NAME = re.compile(r"^20\d\d(-Q[1-4])?$")


def _orphans(root: Path, name: str, kept: set[int]) -> list[Problem]:
    """Folders under data/<name>/ of a year whose catalogue the data folder does not keep."""
    base = root / name
    found = []
    try:
        folders = sorted(base.iterdir()) if base.is_dir() else []
    except OSError:  # load_progress / load_acceptance report the unreadable folder
        folders = []
    for folder in folders:
        year = folder.name[:4]
        # only well-named folders: a name such as 0000-Q1 is reported by the loaders already
        if folder.is_dir() and _KEPT_NAME.match(folder.name) and int(year) not in kept:
            message = (
                f"没有 {year} 年的指标目录，{folder.name} 中的文件无法校验；"
                f"往年的指标目录应在 {ARCHIVE_DIR}/{year}/ 中（见 README 开始新的一年）"
            )
            found.append(Problem(display_path(folder, root), 1, 1, "no-catalogue", message))
    return found
