"""What `validate` found in an archived year, kept by the year's content outside the repository.

A finished year's files rarely change, yet every `validate` (and every CI run) read and checked
them all again: five kept years cost 6.3 times one. An archived year's problems and its units'
names (which the report shows beside a progress file) are stored under a key that is the hash of
everything its checks read: every file of archive/<year>/, progress/<year>-Q<n>/, acceptance/<year>/
and plans/<year>/ (names and bytes), the names beside them in progress/, acceptance/ and plans/,
the data folder's name (problems name their file from it), mscli's version, the YAML parser in
use and FORMAT, the shape of what is stored. A year holding a link or anything but plain files
and folders is checked afresh every time.

The cache is a folder of JSON files (MSCLI_CACHE_DIR, else $XDG_CACHE_HOME/mscli, else
~/.cache/mscli), written atomically and safe to delete; an entry that cannot be read or does not
have the stored shape is ignored (the year is checked again and the entry written anew).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mscli import __version__
from mscli.buffers import read_head
from mscli.codes import CODES, Code
from mscli.files import write_text_atomic
from mscli.problems import MscliError, Problem, Severity
from mscli.yamlio.source import C_PARSER, CATALOGUE_MAX_BYTES

CACHE_ENV = "MSCLI_CACHE_DIR"
FORMAT = 1
"""The shape of a stored entry; a change to it (or to Problem) must raise it."""
_YEAR_FOLDERS = ("progress", "acceptance", "plans")
_CODES = frozenset(CODES)


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """MSCLI_CACHE_DIR, else the XDG cache folder's mscli/ (~/.cache/mscli)."""
    env = os.environ if environ is None else environ
    chosen = env.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "mscli"


@dataclass(frozen=True)
class YearResult:
    """An archived year's problems (each file's own and the checks across them) and its units
    as (id, name) in their listed order."""

    problems: tuple[Problem, ...]
    units: tuple[tuple[str, str], ...]


class _NotPlain(Exception):
    """A link or a special file among the year's: not cached."""


def _walk(folder: Path, base: Path) -> Iterator[tuple[str, bytes | None]]:
    """(relative name, bytes) of every entry under `folder`, folders with None, in name order."""
    if folder.is_symlink():
        raise _NotPlain
    if not folder.exists():
        return
    if not folder.is_dir():
        raise _NotPlain
    for entry in sorted(folder.iterdir()):
        name = entry.relative_to(base).as_posix()
        if entry.is_symlink():
            raise _NotPlain
        if entry.is_dir():
            yield name, None
            yield from _walk(entry, base)
        elif entry.is_file():
            # no file is read further than the loader reads any: a bigger one is refused alike
            yield name, read_head(entry, CATALOGUE_MAX_BYTES + 1)
        else:
            raise _NotPlain


def year_key(root: Path, year: int) -> str | None:
    """The hash of everything the checks of archived `year` read (see the module's docstring);
    None when the year cannot be cached or its files cannot be read."""
    digest = hashlib.sha256()
    head = [FORMAT, __version__, C_PARSER, root.resolve().name, year]
    digest.update(json.dumps(head).encode())

    def add(name: str, raw: bytes | None) -> None:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        if raw is None:
            digest.update(b"d\0")
        else:
            digest.update(b"f%d\0" % len(raw) + raw)

    try:
        for name, raw in _walk(root / "archive" / str(year), root):
            add(name, raw)
        for top in _YEAR_FOLDERS:
            base = root / top
            if base.is_symlink() or (base.exists() and not base.is_dir()):
                return None
            if not base.is_dir():
                continue
            for entry in sorted(base.iterdir()):
                add(entry.relative_to(root).as_posix(), b"" if entry.is_file() else None)
                if entry.name.startswith(str(year)):
                    for name, raw in _walk(entry, root):
                        add(name, raw)
    except (_NotPlain, OSError):
        return None
    return digest.hexdigest()


def _path(cache: Path, key: str) -> Path:
    return cache / "years" / f"{key}.json"


def read_year(cache: Path, key: str) -> YearResult | None:
    """The stored result for `key`; None when there is none or it cannot be read as stored."""
    try:
        stored = json.loads(_path(cache, key).read_text(encoding="utf-8"))
        if stored["format"] != FORMAT or stored["key"] != key:
            return None
        problems = tuple(_problem(item) for item in stored["problems"])
        units = tuple(_unit(item) for item in stored["units"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return YearResult(problems, units)


def write_year(cache: Path, key: str, result: YearResult) -> None:
    """Store `result` for `key`, atomically; a cache that cannot be written is no error."""
    stored = {
        "format": FORMAT,
        "key": key,
        "problems": [_stored_problem(p) for p in result.problems],
        "units": [list(unit) for unit in result.units],
    }
    text = json.dumps(stored, ensure_ascii=False)
    with contextlib.suppress(OSError, MscliError):
        write_text_atomic(_path(cache, key), text, force=True)


def _stored_problem(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "code": problem.code,
        "message": problem.message,
        "severity": problem.severity.value,
        "cell": problem.cell,
        "path": list(problem.path),
    }


def _problem(item: Any) -> Problem:
    """A stored problem, each field of its type (anything else is a ValueError or TypeError)."""
    texts = ("file", "code", "message", "severity", "cell")
    numbers = ("line", "column")
    if not all(isinstance(item[name], str) for name in texts):
        raise TypeError
    if not all(type(item[name]) is int for name in numbers):
        raise TypeError
    path = item["path"]
    if not isinstance(path, list) or not all(type(p) in (str, int) for p in path):
        raise TypeError
    code: Code = item["code"]
    if code not in _CODES:
        raise ValueError(code)
    return Problem(
        item["file"],
        item["line"],
        item["column"],
        code,
        item["message"],
        Severity(item["severity"]),
        item["cell"],
        tuple(path),
    )


def _unit(item: Any) -> tuple[str, str]:
    if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
        raise TypeError
    return item[0], item[1]
