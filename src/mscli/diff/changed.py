"""`mscli validate --changed`: the problems a pull request is answerable for.

The folder is checked by results.validation.check_folder, reading of the progress files and plans
only those of the units whose files changed (every check across files runs, with the changed files
among the rest of their unit's; all units' when the year keeps acceptance records); what is reported
is then narrowed to the changed files and the files they affect:

* a progress file or plan of a unit in a year affects that unit's other progress files and plan
  of the year (cumulative values, unchanged reports, stages) and the year's acceptance records
  (their completion warnings read the year's results);
* an acceptance record affects the year's other records;
* a problem reported on a folder is kept when a changed file lies in it;
* a change to the catalogue (indicators.yaml, units.yaml, config.yaml, anything under archive/),
  to schemas/ beside the data folder, or to mscli itself (src/mscli/, pyproject.toml) checks
  everything, as does a changed file whose year's catalogue could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from mscli.acceptance.records import ACCEPTANCE_DIR
from mscli.catalogue.config import CONFIG_FILE
from mscli.catalogue.load import INDICATORS_FILE, UNITS_FILE
from mscli.diff.git import Changes, changed_since
from mscli.problems import Problem, display_path
from mscli.results.validation import FolderCheck, check_folder

CATALOGUE_FILES = (INDICATORS_FILE, UNITS_FILE, CONFIG_FILE)
TOOL_PATHS = ("src/mscli/", "pyproject.toml")

Key = tuple[str, int, str]
"""What a data file is checked together with: ("unit", year, unit id) or ("acceptance", year, "")."""


@dataclass(frozen=True)
class Scope:
    changes: Changes
    everything: str
    """Why every file is checked (the path that asks for it), or '' when only the changed set is."""
    data_files: int
    """How many files below the data folder changed (deleted ones included)."""


def _year(text: str) -> int | None:
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _key(relative: str) -> Key | None:
    """The group of a path below the data folder, None for a file checked on its own."""
    parts = PurePosixPath(relative).parts
    if len(parts) != 3 or not parts[2].endswith((".yaml", ".yml")):
        return None
    year = _year(parts[1])
    if year is None:
        return None
    if parts[0] in ("progress", "plans"):
        return ("unit", year, PurePosixPath(parts[2]).stem)
    if parts[0] == "acceptance":
        return ("acceptance", year, "")
    return None


def _asks_for_everything(changes: Changes) -> str:
    for relative in sorted(changes.inside):
        parts = PurePosixPath(relative).parts
        if parts[0] == "archive" or (len(parts) == 1 and parts[0] in CATALOGUE_FILES):
            return relative
    parent = PurePosixPath(changes.data_prefix).parent.as_posix()
    schemas = "schemas/" if parent == "." else f"{parent}/schemas/"
    for path in sorted(changes.outside):
        if path.startswith((schemas, *TOOL_PATHS)):
            return path
    return ""


def _affected(changes: Changes) -> set[Key]:
    keys = {key for key in map(_key, changes.inside) if key is not None}
    keys |= {("acceptance", year, "") for kind, year, _ in keys if kind == "unit"}
    return keys


def _owners(changes: Changes, data: Path) -> frozenset[str] | None:
    """The units whose progress files and plans need reading: those of the changed ones; None (all)
    when a changed file is an acceptance record or of a year that keeps acceptance records, whose
    completion warnings read every unit's results."""
    keys = _affected(changes)
    if any(
        kind == "acceptance" and (data / ACCEPTANCE_DIR / str(year)).exists()
        for kind, year, _ in keys
    ):
        return None
    return frozenset(unit for kind, _, unit in keys if kind == "unit")


def narrow(problems: list[Problem], changes: Changes, shown: str) -> list[Problem]:
    """The problems of the changed files and of the files they affect; `shown`: the data folder
    as Problem.file spells it ('data')."""
    keys = _affected(changes)
    folders = {
        parent.as_posix()
        for relative in changes.inside
        for parent in PurePosixPath(relative).parents
        if parent.as_posix() != "."
    }
    kept = []
    for problem in problems:
        relative = problem.file.removeprefix(f"{shown}/")
        if problem.file == shown or relative == problem.file:  # the whole folder, or outside it
            if changes.inside:
                kept.append(problem)
            continue
        key = _key(relative)
        if relative in changes.inside or relative in folders or (key is not None and key in keys):
            kept.append(problem)
    return kept


def check_changed(data: Path, base: str | None) -> tuple[Scope, FolderCheck]:
    """The folder checked (only the changed units' progress files and plans read, unless the
    change asks for everything), its problems narrowed to what changed since the merge base."""
    changes = changed_since(data, base)
    everything = _asks_for_everything(changes)
    if not everything and not changes.inside:  # nothing of the data changed: nothing to read
        return Scope(changes, "", 0), FolderCheck([], [], {})
    checked = check_folder(data, owners=None if everything else _owners(changes, data))
    if not everything:
        loaded = {dataset.year for dataset in checked.datasets}
        unread = sorted(
            relative
            for relative in changes.inside
            if (key := _key(relative)) is not None and key[1] not in loaded
        )
        if unread:  # its year's catalogue is unusable: say so, and everything else, read whole
            everything = unread[0]
            checked = check_folder(data)
    if not everything:
        checked = replace(
            checked, problems=narrow(checked.problems, changes, display_path(data, data))
        )
    return Scope(changes, everything, len(changes.inside)), checked
