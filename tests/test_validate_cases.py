"""`mscli validate` on data cases kept as files, in the manner of check-jsonschema's example-files.

tests/cases/base/ is a small valid catalogue. Each folder in tests/cases/invalid/ holds one file
that replaces base's file of the same name (a copy with exactly one mistake) and expected.txt, one
line per expected problem: `FILE:LINE:COLUMN CODE MESSAGE`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import CASES, Found, MakeData, expected_problems, invoke

INVALID = sorted(path.name for path in (CASES / "invalid").iterdir() if path.is_dir())


def run_validate(data: Path) -> Result:
    return invoke("validate", "--format", "json", "--data", data)


def found(result: Result) -> set[Found]:
    return {
        (Path(p["file"]).name, p["line"], p["column"], p["code"], p["message"])
        for p in json.loads(result.stdout)
    }


def test_base_is_valid(make_data: MakeData) -> None:
    result = run_validate(make_data(None))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_there_are_enough_cases() -> None:
    assert len(INVALID) >= 30


@pytest.mark.parametrize("case", INVALID)
def test_invalid_case(case: str, make_data: MakeData) -> None:
    replaced = {p.name for p in (CASES / "invalid" / case).iterdir()} - {"expected.txt"}
    assert len(replaced) == 1 and replaced <= {p.name for p in (CASES / "base").iterdir()}

    started = time.perf_counter()
    result = run_validate(make_data(case))
    elapsed = time.perf_counter() - started

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert found(result) == expected_problems(CASES / "invalid" / case / "expected.txt")
    assert elapsed < 5, "validation must stay fast, even on hostile input (alias bombs)"
