"""Writing YAML the way people wrote it: ruamel.yaml's round trip, comments and quotes kept."""

from __future__ import annotations

import io
import json
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

# (mapping, sequence, offset) as ruamel.yaml counts them; the first is the bundled files' layout.
INDENTS: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


def round_trip_yaml(indent: tuple[int, int, int] = INDENTS[0]) -> YAML:
    """A loader/dumper that gives back an unchanged file byte for byte (texts never folded)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump(yaml: YAML, document: Any) -> str:
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def plain_scalar(text: str) -> str:
    """Text as a YAML scalar: plain when it reads back unchanged, else double-quoted."""
    try:
        if YAML(typ="safe", pure=True).load(f"k: {text}") == {"k": text}:
            return text
    except YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def block_text(text: str) -> str:
    """A text of several lines written as a literal block (|), a one-line text as it is."""
    return LiteralScalarString(text) if "\n" in text else text
