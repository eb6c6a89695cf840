"""Writing YAML the way people wrote it: ruamel.yaml's round trip, comments and quotes kept."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML

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
