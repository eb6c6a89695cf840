"""Bad progress files: each case overlays the frozen data with one edited report.

tests/cases/progress-invalid/<case>/ mirrors tests/fixtures/data-2023/ (e.g.
progress/2023-Q2/rz-hrss.yaml), may list files to delete in remove.txt, and has expected.txt:
`FILE:LINE:COLUMN CODE MESSAGE` per problem, FILE relative to the data folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CASES, copy_data, expected_problems, validated

PROGRESS_CASES = CASES / "progress-invalid"
NAMES = sorted(p.name for p in PROGRESS_CASES.iterdir() if p.is_dir())


def materialise(case: Path, target: Path) -> Path:
    data = copy_data(target / "data")
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


@pytest.mark.parametrize("name", NAMES)
def test_progress_case(name: str, tmp_path: Path) -> None:
    data = materialise(PROGRESS_CASES / name, tmp_path)
    found = validated(data)
    assert found == expected_problems(PROGRESS_CASES / name / "expected.txt")
