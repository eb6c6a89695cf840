"""JSON Schemas of every kind of data file, generated from the pydantic models.

They are committed under schemas/ so that editors (the YAML extension's yaml-language-server)
complete and check fields while clerks type; every data file names its schema in a first-line
comment. A test fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mscli.config import Config
from mscli.models import IndicatorsFile, UnitsFile
from mscli.reports import ProgressFile

SCHEMA_DIR = "schemas"
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "units": (UnitsFile, "单位名录 units.yaml"),
    "indicators": (IndicatorsFile, "年度计划与指标 indicators.yaml"),
    "progress": (ProgressFile, "牵头单位季度进度 progress/<年>-Q<季>/<单位编号>.yaml"),
    "config": (Config, "设置 config.yaml"),
}
MARKER = "# yaml-language-server: $schema="


def schema_of(kind: str) -> dict[str, Any]:
    model, title = KINDS[kind]
    schema = model.model_json_schema()
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


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
