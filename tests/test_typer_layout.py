"""Typer is pinned to the minor mscli is tested with, and every private part of it that
cli/framework patches is present: a Typer that moved one fails here, by name, instead of
bringing back English help or errors on a user's machine."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import ROOT
from mscli.cli.framework.internals import INTERNALS, missing


def _typer_range() -> SpecifierSet:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    [spec] = [d.removeprefix("typer") for d in project["dependencies"] if d.startswith("typer")]
    return SpecifierSet(spec)


def test_typer_is_pinned_to_one_minor_that_the_installed_typer_is_in() -> None:
    allowed = _typer_range()
    installed = Version(version("typer"))
    assert installed in allowed
    next_minor = Version(f"{installed.major}.{installed.minor + 1}")
    assert next_minor not in allowed  # a new minor is taken only after it is tested


def test_every_patched_internal_of_typer_is_there() -> None:
    assert len(INTERNALS) >= 20
    assert missing() == []


def test_a_moved_internal_is_named() -> None:
    import mscli.cli.framework.internals as internals

    saved = internals.INTERNALS
    try:
        internals.INTERNALS = (*saved, ("typer.rich_utils", "NO_SUCH_PANEL"), ("typer.gone", "x"))
        assert internals.missing() == ["typer.rich_utils:NO_SUCH_PANEL", "typer.gone:x"]
    finally:
        internals.INTERNALS = saved
