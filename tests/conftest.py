"""Shared fixtures: the bundled data, the data cases under tests/cases, and a Typer CliRunner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"

MakeData = Callable[[str | None], Path]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not depend on the CI they run in, nor on a user's MSCLI_DATA."""
    for name in ("GITHUB_ACTIONS", "MSCLI_DATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture
def bundled_data() -> Path:
    return ROOT / "data"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def make_data(tmp_path: Path) -> MakeData:
    """Copy the valid base catalogue to tmp_path/data, overlaid with an invalid case's files."""

    def make(case: str | None = None) -> Path:
        data = tmp_path / "data"
        shutil.copytree(CASES / "base", data)
        if case is not None:
            for file in (CASES / "invalid" / case).iterdir():
                if file.name != "expected.txt":
                    shutil.copyfile(file, data / file.name)
        return data

    return make
