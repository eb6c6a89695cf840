"""The one way a data file becomes a validated model: YAML with positions, then pydantic."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from mscli.buffers import read_head
from mscli.codes import Code
from mscli.files import OUTSIDE_MESSAGE, leads_outside
from mscli.oserrors import reason
from mscli.problems import Problem, display_path
from mscli.yamlio.memo import memoised
from mscli.yamlio.pydantic_errors import validate
from mscli.yamlio.source import MAX_BYTES, Parsed, Source, parse_yaml

M = TypeVar("M", bound=BaseModel)

UNIT_FILE_VALUES = 50_000
"""The most values a file one unit writes (a report, a plan, a project's acceptance record) is
read with: a unit leading 400 indicators reports about 4,000; a 4 MB file of 400,000 values is
refused before it costs a quarter of a gigabyte, so that twenty of them cannot take the machine."""

Loaded = tuple[M | None, Source | None, list[Problem]]


def parse_model(
    raw: bytes,
    model: type[M],
    *,
    file: str,
    drop_unknown: bool = False,
    parsed: Parsed | None = None,
    limit: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> Loaded[M]:
    """Contents read from disk or about to be written; `file` is the name problems carry.

    The model is None when the YAML or the model has errors; the source is None only when the
    YAML could not be read at all, so that cross-file checks can still look at the rest.
    With `drop_unknown`, misspelt keys are reported and the rest of the file is still read
    (modelcheck.validate). `parsed`, the same bytes parsed earlier under the same name, is used
    instead of parsing them again. `limit` and `max_bytes`: the file's caps (parse_yaml).
    """
    taken = parsed.take(raw, file) if parsed is not None else None
    source, problems = (
        taken if taken is not None else parse_yaml(raw, file=file, limit=limit, max_bytes=max_bytes)
    )
    if source is None:
        return None, None, problems
    key = ("model", model, file, drop_unknown, raw)
    value, more = memoised(key, lambda: validate(model, source, drop_unknown=drop_unknown))
    seen = {(p.line, p.column) for p in problems}  # a value the YAML reader already refused
    return (
        (None if problems else value),
        source,
        problems + [p for p in more if (p.line, p.column) not in seen],
    )


def read_model(
    path: Path,
    model: type[M],
    *,
    file: str,
    root: Path,
    parsed: Parsed | None = None,
    limit: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> Loaded[M]:
    """Read `path`, a file inside the data folder `root`, and validate it (see parse_model)."""
    if leads_outside(path, root):
        return None, None, [Problem(file, 1, 1, "symlink", f"{file} {OUTSIDE_MESSAGE}")]
    try:
        raw = read_limited(path, max_bytes)
    except OSError as exc:
        return None, None, [Problem(file, 1, 1, "io", f"无法读取文件：{reason(exc)}")]
    return parse_model(raw, model, file=file, parsed=parsed, limit=limit, max_bytes=max_bytes)


def read_limited(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """At most one byte more than the YAML reader accepts (`max_bytes`, the file's cap): a huge
    file is refused, not read whole."""
    return read_head(path, max_bytes + 1)


def list_folder(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """A folder's entries in name order; an unreadable folder is a problem, not a traceback."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        file = display_path(folder, root)
        problems.append(Problem(file, 1, 1, "io", f"无法读取文件夹：{reason(exc)}"))
        return []


@dataclass(frozen=True)
class Layout:
    """A folder of period folders (2023-Q2, 2023) holding one YAML file per unit or project, with
    the Chinese words its problems use."""

    folder: str  # progress, acceptance
    period: re.Pattern[str]  # the period folders' names, with a named group `year`
    example: str  # 2023-Q2
    what: str  # 进度文件
    inside: str  # 季度文件夹
    owner: str  # 单位
    per: str  # 本季度 / 本年度
    rule: str  # 每个单位每季度只能有一个进度文件
    folder_code: Code  # progress-folder: a folder misnamed
    file_code: Code  # progress-file: not a .yaml file
    duplicate_code: Code  # duplicate-report: two files of one unit


@dataclass(frozen=True)
class FoundFile:
    period: re.Match[str]
    path: Path
    file: str
    raw: bytes


def walk_layout(
    root: Path, layout: Layout, *, year: int | None = None, owners: Collection[str] | None = None
) -> tuple[list[FoundFile], list[Problem]]:
    """Every readable file of `layout` under `root` (only `year`'s when given), in name order;
    with `owners`, only the files named by one of them are read (the others' names still checked).

    Misnamed folders and files, a second file for the same owner (x.yaml beside x.yml), links
    leading out of the data folder and unreadable files are problems, never tracebacks.
    """
    base = root / layout.folder
    found: list[FoundFile] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return found, problems
    for folder in list_folder(base, root, problems):
        if folder.name.startswith(".") or (folder.is_file() and folder.name == "README.md"):
            continue
        file = display_path(folder, root)
        period = layout.period.match(folder.name)
        if period is None or not folder.is_dir():
            message = (
                f"{layout.folder}/ 下只能放按{layout.inside[:2]}命名的文件夹（如 {layout.example}），"
                f"“{folder.name}”不符合"
            )
            problems.append(Problem(file, 1, 1, layout.folder_code, message))
            continue
        if leads_outside(folder, root):
            problems.append(Problem(file, 1, 1, "symlink", f"{file} {OUTSIDE_MESSAGE}"))
            continue
        if year is not None and int(period["year"]) != year:
            continue
        stems: dict[str, str] = {}
        for path in list_folder(folder, root, problems):
            file = display_path(path, root)
            if path.name.startswith("."):
                continue
            if path.suffix not in (".yaml", ".yml") or not (path.is_file() or path.is_symlink()):
                message = f"{layout.inside}中只能放 .yaml {layout.what}"
                problems.append(Problem(file, 1, 1, layout.file_code, message))
                continue
            if path.stem in stems:
                message = (
                    f"{layout.owner} {path.stem} {layout.per}已有{layout.what} {stems[path.stem]}；"
                    f"{layout.rule}，请删除其中一个"
                )
                problems.append(Problem(file, 1, 1, layout.duplicate_code, message))
                continue
            stems[path.stem] = path.name
            if owners is not None and path.stem not in owners:
                continue
            if leads_outside(path, root):
                problems.append(Problem(file, 1, 1, "symlink", f"{file} {OUTSIDE_MESSAGE}"))
                continue
            try:
                raw = read_limited(path)
            except OSError as exc:
                problems.append(Problem(file, 1, 1, "io", f"无法读取文件：{reason(exc)}"))
                continue
            found.append(FoundFile(period, path, file, raw))
    return found, problems
