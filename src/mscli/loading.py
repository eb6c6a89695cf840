"""The one way a data file becomes a validated model: YAML with positions, then pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from mscli.files import OUTSIDE_MESSAGE, leads_outside
from mscli.modelcheck import validate
from mscli.problems import Problem, display_path
from mscli.yamlsource import MAX_BYTES, Source, parse_yaml

M = TypeVar("M", bound=BaseModel)

Loaded = tuple[M | None, Source | None, list[Problem]]


def parse_model(raw: bytes, model: type[M], *, file: str, drop_unknown: bool = False) -> Loaded[M]:
    """Contents read from disk or about to be written; `file` is the name problems carry.

    The model is None when the YAML or the model has errors; the source is None only when the
    YAML could not be read at all, so that cross-file checks can still look at the rest.
    With `drop_unknown`, misspelt keys are reported and the rest of the file is still read
    (modelcheck.validate).
    """
    source, problems = parse_yaml(raw, file=file)
    if source is None:
        return None, None, problems
    value, more = validate(model, source, drop_unknown=drop_unknown)
    seen = {(p.line, p.column) for p in problems}  # a value the YAML reader already refused
    return (
        (None if problems else value),
        source,
        problems + [p for p in more if (p.line, p.column) not in seen],
    )


def read_model(path: Path, model: type[M], *, file: str, root: Path) -> Loaded[M]:
    """Read `path`, a file inside the data folder `root`, and validate it (see parse_model)."""
    if leads_outside(path, root):
        return None, None, [Problem(file, 1, 1, "symlink", f"{file} {OUTSIDE_MESSAGE}")]
    try:
        raw = read_limited(path)
    except OSError as exc:
        return None, None, [Problem(file, 1, 1, "io", f"无法读取文件：{exc.strerror or exc}")]
    return parse_model(raw, model, file=file)


def read_limited(path: Path) -> bytes:
    """At most one byte more than the YAML reader accepts: a huge file is refused, not read whole."""
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def list_folder(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """A folder's entries in name order; an unreadable folder is a problem, not a traceback."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        file = display_path(folder, root)
        problems.append(Problem(file, 1, 1, "io", f"无法读取文件夹：{exc.strerror or exc}"))
        return []
