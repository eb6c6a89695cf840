"""The README's table of commands names every command of the app and nothing else, and each
option it shows for a command is one that command takes."""

from __future__ import annotations

import re

import click
from typer.core import TyperGroup

from conftest import ROOT, commands

TABLE_ROW = re.compile(r"^\| (`mscli .+?`) \| .+ \|$")
USAGE = re.compile(r"`mscli ([^`]+)`")


def _table() -> dict[tuple[str, ...], set[str]]:
    """Each command the table shows, by its words, with the options written beside it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## 命令\n", 1)[1].split("\n## ", 1)[0]
    shown: dict[tuple[str, ...], set[str]] = {}
    for line in section.splitlines():
        row = TABLE_ROW.match(line)
        if row is None:
            continue
        for usage in USAGE.findall(row[1]):
            words = tuple(w for w in usage.split() if re.fullmatch(r"[a-z][a-z-]*", w))
            options = set(re.findall(r"--[a-z][a-z-]*", usage))
            shown.setdefault(words, set()).update(options)
    return shown


def _leaves() -> dict[tuple[str, ...], click.Command]:
    return {
        words: command
        for words, command in commands().items()
        if words and not isinstance(command, TyperGroup)
    }


def test_the_table_names_every_command_and_nothing_else() -> None:
    assert sorted(_table()) == sorted(_leaves())


def test_every_option_in_the_table_is_one_its_command_takes() -> None:
    leaves = _leaves()
    wrong = {
        " ".join(words): sorted(
            options - {o for p in leaves[words].params for o in (*p.opts, *p.secondary_opts)}
        )
        for words, options in _table().items()
        if words in leaves
    }
    assert {name: found for name, found in wrong.items() if found} == {}
