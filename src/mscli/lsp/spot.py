"""Where the cursor stands in a data file being typed: the keys above it, and whether a key or
which key's value goes there.

The text is often not valid YAML while the clerk types, so this reads indentation and flow
punctuation line by line instead of parsing. Block mappings give the parents (each line's key
with less indentation above the cursor); a flow mapping on the cursor's line (`stages: {开工: ,`)
adds its own key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(
    r"^(\s*)(?:-\s+)?([^\s#:{}\[\],'\"][^#:{}\[\],]*?|'[^']*'|\"[^\"]*\")\s*:(?:\s|$)"
)
_WORD = re.compile(r"[^\s:{}\[\],#'\"]*$")
_OWNER = re.compile(r"^([^\s:{}\[\],#'\"][^:{}\[\],#]*?)\s*:\s*$")


@dataclass(frozen=True)
class Spot:
    path: tuple[str, ...]
    """The keys of the mappings the cursor is inside, outermost first."""
    value_of: str | None
    """The key whose value the cursor is on; None when a key is being typed."""
    partial: str
    """What is typed so far of the word under the cursor."""


def _unquoted(key: str) -> str:
    return key[1:-1] if len(key) > 1 and key[0] == key[-1] and key[0] in "'\"" else key


def parents(lines: list[str], row: int, indent: int) -> list[str]:
    """The keys of the block mappings that hold a line indented `indent` at `row`."""
    path: list[str] = []
    want = indent
    for n in range(min(row, len(lines)) - 1, -1, -1):
        if want == 0:
            break
        line = lines[n]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        at = len(match[1])
        if at < want:
            path.append(_unquoted(match[2]))
            want = at
    return path[::-1]


def spot(text: str, line: int, character: int) -> Spot:
    """The spot at a 0-based line and character of `text`."""
    lines = text.split("\n")
    current = lines[line] if line < len(lines) else ""
    prefix = current[:character]
    found = _WORD.search(prefix)
    partial = found[0] if found else ""
    content = prefix.lstrip()
    indent = len(prefix) - len(content)
    if content.startswith("- ") or content == "-":
        indent += 2
        content = content[2:].lstrip()
    path = parents(lines, line, indent)
    opened = content.rfind("{")
    if opened >= 0 and "}" not in content[opened:]:  # inside a flow mapping: {开工: 2023-04-20, 主
        owner = _OWNER.match(content[:opened])
        if owner is not None:
            path.append(_unquoted(owner[1]))
        inner = re.split(r"[{,]", content)[-1]
        if ":" not in inner:
            return Spot(tuple(path), None, partial)
        return Spot(tuple(path), _unquoted(inner.split(":", 1)[0].strip()), partial)
    key = _KEY_LINE.match(prefix)
    if key is not None:
        return Spot(tuple(path), _unquoted(key[2]), partial)
    return Spot(tuple(path), None, partial)
