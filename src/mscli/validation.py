"""Everything `mscli validate` checks, gathered into one list of problems."""

from __future__ import annotations

from pathlib import Path

from mscli.catalogue import Catalogue, load_catalogue
from mscli.problems import MscliError, Problem, sort_problems


def require_data_dir(root: Path) -> Path:
    if not root.is_dir():
        raise MscliError(f"数据目录 {root} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    return root


def check_catalogue(root: Path) -> tuple[Catalogue | None, list[Problem]]:
    """Load the catalogue and run every cross-file check that its state allows."""
    catalogue, problems = load_catalogue(require_data_dir(root))
    return catalogue, sort_problems(problems)
