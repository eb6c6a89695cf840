"""Everything under the data folder, loaded and checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mscli.catalogue import Catalogue, load_catalogue
from mscli.config import Config, load_config
from mscli.problems import MscliError, Problem, sort_problems
from mscli.progress_checks import run_progress_checks
from mscli.reports import Report, load_reports


@dataclass(frozen=True)
class Dataset:
    root: Path
    catalogue: Catalogue
    config: Config
    reports: tuple[Report, ...]


def load_dataset(root: Path) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every file; the dataset is None when the catalogue or config is unusable."""
    if not root.is_dir():
        raise MscliError(f"数据目录 {root} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    catalogue, problems = load_catalogue(root)
    config, more = load_config(root)
    problems += more
    reports, more = load_reports(root)
    problems += more
    if catalogue is None or config is None:
        return None, sort_problems(problems)
    problems += run_progress_checks(catalogue, reports, config.status)
    return Dataset(root, catalogue, config, tuple(reports)), sort_problems(problems)
