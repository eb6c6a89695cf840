"""Bad progress files: each case overlays the bundled data with one edited report.

tests/cases/progress-invalid/<case>/ mirrors data/ (e.g. progress/2023-Q2/rz-hrss.yaml), may list
files to delete in remove.txt, and has expected.txt: `FILE:LINE:COLUMN CODE MESSAGE` per problem,
FILE relative to the data folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mscli.cli import app

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases" / "progress-invalid"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def materialise(case: Path, target: Path) -> Path:
    data = target / "data"
    shutil.copytree(ROOT / "data", data)
    for file in case.rglob("*"):
        relative = file.relative_to(case)
        if file.is_file() and file.name not in ("expected.txt", "remove.txt"):
            (data / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, data / relative)
    remove = case / "remove.txt"
    if remove.exists():
        for line in remove.read_text(encoding="utf-8").split():
            (data / line).unlink()
    return data


def expected(case: Path) -> set[tuple[str, int, int, str, str]]:
    result = set()
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        where, code, message = line.split(" ", 2)
        file, row, column = where.rsplit(":", 2)
        result.add((file, int(row), int(column), code, message))
    return result


@pytest.mark.parametrize("name", NAMES)
def test_progress_case(name: str, tmp_path: Path) -> None:
    data = materialise(CASES / name, tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "json", "--data", str(data)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    problems = json.loads(result.stdout)
    found = {
        (p["file"].removeprefix("data/"), p["line"], p["column"], p["code"], p["message"])
        for p in problems
    }
    assert found == expected(CASES / name)
    errors = any(p["severity"] == "error" for p in problems)
    assert result.exit_code == (1 if errors else 0)
