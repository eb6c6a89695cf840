"""The one way a data file becomes a validated model: YAML with positions, then pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from mscli.modelcheck import validate
from mscli.problems import Problem
from mscli.yamlsource import Source, parse_yaml

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
    return (None if problems else value), source, problems + more


def read_model(path: Path, model: type[M], *, file: str) -> Loaded[M]:
    """Read `path` and validate it against `model` (see parse_model)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, None, [Problem(file, 1, 1, "io", f"无法读取文件：{exc.strerror or exc}")]
    return parse_model(raw, model, file=file)
