"""Which years the data folder keeps, and where each year's catalogue lies.

The current year is the folder itself: data/indicators.yaml, units.yaml and config.yaml, as always.
A finished year's catalogue and config move to data/archive/<year>/ (mscli new-year does it);
progress files (data/progress/<year>-Q<n>/) and acceptance records (data/acceptance/<year>/) are
keyed by year already and stay where they are. A repository in the old one-year layout is simply
a repository whose only kept year is the current one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mscli.buffers import read_head
from mscli.catalogue.load import INDICATORS_FILE
from mscli.problems import Problem, UsageError, display_path
from mscli.yamlio.source import CATALOGUE_MAX_BYTES, CATALOGUE_VALUES, Parsed, parse_yaml

ARCHIVE_DIR = "archive"
_YEAR = re.compile(r"^20\d\d$")


def archive_dir(root: Path, year: int) -> Path:
    """data/archive/2023: where a finished year's indicators, units and config are kept."""
    return root / ARCHIVE_DIR / str(year)


def archived_years(root: Path) -> tuple[list[int], list[Problem]]:
    """The finished years kept under data/archive/, oldest first, and what else lies there."""
    base = root / ARCHIVE_DIR
    years: list[int] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return years, problems
    for folder in sorted(base.iterdir()):
        if folder.name.startswith(".") or (folder.is_file() and folder.name == "README.md"):
            continue
        if folder.is_dir() and _YEAR.match(folder.name):
            years.append(int(folder.name))
            continue
        problems.append(
            Problem(
                display_path(folder, root),
                1,
                1,
                "archive-folder",
                f"{ARCHIVE_DIR}/ 下只能放按年度命名的文件夹（如 2023），“{folder.name}”不符合",
            )
        )
    return years, problems


def current_year(root: Path) -> int | None:
    """programme.year of data/indicators.yaml, read even when the rest of the file has problems
    (a new year's draft still says which year it is); None when it cannot be read."""
    return read_current(root).year


@dataclass(frozen=True)
class Current:
    """data/indicators.yaml as parsed to learn the current year (`parsed` is None when the file
    cannot be read): whoever loads several years, or the current catalogue, parses it once. The
    catalogue loader takes the parse over (Parsed.take); the year stays."""

    year: int | None
    parsed: Parsed | None


def read_current(root: Path) -> Current:
    path = root / INDICATORS_FILE
    try:
        # a bigger file is refused unread, as by the loader
        raw = read_head(path, CATALOGUE_MAX_BYTES + 1)
    except OSError:
        return Current(None, None)
    file = display_path(path, root)  # the name the catalogue loader gives it
    source, problems = parse_yaml(
        raw, file=file, limit=CATALOGUE_VALUES, max_bytes=CATALOGUE_MAX_BYTES
    )
    programme = source.data.get("programme") if source is not None else None
    year = programme.get("year") if isinstance(programme, dict) else None
    known = year if isinstance(year, int) and not isinstance(year, bool) else None
    return Current(known, Parsed(raw, file, source, problems))


@dataclass(frozen=True)
class YearFolder:
    """Where one year's catalogue and config lie; `year` is None when the current year's
    indicators.yaml cannot say which year it is. `parsed` is that file as parsed to find the
    year, for the catalogue loader to take over when it reads the current year."""

    year: int | None
    folder: Path
    archived: bool
    parsed: Parsed | None = None


def year_folder(root: Path, year: int | None, current: Current | None = None) -> YearFolder:
    """The folder of `year` (None: the current year); a usage error naming the kept years when
    the data folder holds no catalogue of that year. `current`: the current catalogue, when the
    caller has read it already."""
    if current is None:
        current = read_current(root)
    if year is None or year == current.year:
        return YearFolder(current.year, root, archived=False, parsed=current.parsed)
    if archive_dir(root, year).is_dir():
        return YearFolder(year, archive_dir(root, year), archived=True)
    if current.year is None:  # the current catalogue is unreadable: its own problems say why
        return YearFolder(None, root, archived=False)
    kept = sorted({*archived_years(root)[0], current.year})
    listed = "、".join(str(y) for y in kept)
    hint = f"；开始新的一年请运行 mscli new-year --year {year}" if year > current.year else ""
    raise UsageError(f"没有 {year} 年的指标目录（数据目录中有 {listed} 年）{hint}")
