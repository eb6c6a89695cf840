"""The first-line comment of every data file that points an editor at its JSON Schema.

`# yaml-language-server: $schema=../schemas/progress.schema.json`: the YAML extension's language
server reads it, completes and checks fields while clerks type. Which schema a file follows is
decided by where it lies in the data folder; the schemas themselves are made by mscli.repo.schemas.
"""

from __future__ import annotations

import os
from pathlib import Path

SCHEMA_DIR = "schemas"
MARKER = "# yaml-language-server: $schema="


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def kind_of(path: Path, data_root: Path) -> str | None:
    """Which schema a data file follows, from where it lies in the data folder."""
    try:
        relative = path.resolve().relative_to(data_root.resolve())
    except ValueError:
        return None
    if relative.parts[:1] == ("progress",) and len(relative.parts) == 3:
        return "progress"
    if relative.parts[:1] == ("acceptance",) and len(relative.parts) == 3:
        return "acceptance"
    if relative.parts[:1] == ("plans",) and len(relative.parts) == 3:
        return "plan"
    if relative.parts[:1] == ("archive",) and len(relative.parts) == 3:
        relative = Path(relative.name)  # a finished year's catalogue: archive/2023/units.yaml
    return {"units.yaml": "units", "indicators.yaml": "indicators", "config.yaml": "config"}.get(
        relative.as_posix()
    )


def schema_comment(path: Path, data_root: Path) -> str | None:
    """The first-line comment that points an editor at the schema of the file at `path`."""
    kind = kind_of(path, data_root)
    if kind is None:
        return None
    schemas = data_root.resolve().parent / SCHEMA_DIR / file_name(kind)
    relative = os.path.relpath(schemas, path.resolve().parent)
    return f"{MARKER}{Path(relative).as_posix()}"
