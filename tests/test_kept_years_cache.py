"""An archived year that has not changed is not checked again (years.cache): its problems and its
units' names come from a cache outside the repository, keyed by the year's content."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_data, invoke
from mscli.results import validation
from mscli.years.cache import cache_dir
from mscli.years.dataset import load_dataset


@pytest.fixture
def kept(tmp_path: Path) -> Path:
    """The 2023 data with 2022 kept in archive/: its catalogue and config, and its Q1 reports
    (copies of 2023's, two of them drafts, one still dated 2023: problems the cache must keep)."""
    data = copy_data(tmp_path / "data")
    archive = data / "archive" / "2022"
    archive.mkdir(parents=True)
    text = (data / "indicators.yaml").read_text(encoding="utf-8")
    assert "  year: 2023\n" in text
    (archive / "indicators.yaml").write_text(text.replace("  year: 2023\n", "  year: 2022\n"))
    for name in ("units.yaml", "config.yaml"):
        (archive / name).write_bytes((data / name).read_bytes())
    quarter = data / "progress" / "2022-Q1"
    quarter.mkdir()
    for report in (data / "progress" / "2023-Q1").iterdir():
        text = report.read_text(encoding="utf-8")
        if report.stem in DRAFTS:
            text = re.sub(r"(?m)^submitted: .*\n", "", text)
        elif report.stem != MISDATED:
            text = text.replace("submitted: 2023-", "submitted: 2022-")
        (quarter / report.name).write_text(text, encoding="utf-8")
    return data


DRAFTS = ("rz-hrss", "rz-civil-affairs")
MISDATED = "rz-education"


def _validate(data: Path, *args: str) -> tuple[int, str]:
    result = invoke("validate", "-d", data, *args)
    return result.exit_code, result.stdout


def _years_loaded(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The years validate loads from their files from now on (None: the current one)."""
    loaded: list[int | None] = []
    real = load_dataset

    def counting(root: Path, *, year: int | None = None, **rest: Any) -> Any:
        loaded.append(year)
        return real(root, year=year, **rest)

    monkeypatch.setattr(validation, "load_dataset", counting)  # the name check_folder calls
    return loaded


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "years").glob("*.json"))


def test_a_warm_cache_gives_the_same_problems_without_reading_the_year(
    kept: Path, cache_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _years_loaded(monkeypatch)
    cold_json = _validate(kept, "-f", "json")
    cold_text = _validate(kept)
    assert loaded == [None, 2022, None]  # the second run found 2022 in the cache already
    assert len(_entries(cache_in_tmp)) == 1
    problems = json.loads(cold_json[1])
    archived = [
        (p["file"].rsplit("/", 1)[-1], p["code"])
        for p in problems
        if p["file"].startswith("data/progress/2022-Q1/")
    ]
    assert cold_json[0] == 1
    assert sorted(archived) == [
        ("rz-civil-affairs.yaml", "draft"),
        ("rz-education.yaml", "progress-date"),
        ("rz-hrss.yaml", "draft"),
    ]
    # the drafts are named by 2022's units, in their listed order
    assert "草稿：data/progress/2022-Q1/ 市人力资源和社会保障局、市民政局（2 个）" in cold_text[1]
    loaded.clear()
    assert _validate(kept, "-f", "json") == cold_json
    assert _validate(kept) == cold_text
    assert loaded == [None, None]


@pytest.mark.parametrize(
    "change",
    [
        "archive/2022/indicators.yaml",
        f"progress/2022-Q1/{MISDATED}.yaml",
        "progress/2022-Q1/new.yaml",
    ],
)
def test_a_changed_archived_year_is_checked_again(
    kept: Path, cache_in_tmp: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    _validate(kept, "-f", "json")
    loaded = _years_loaded(monkeypatch)
    path = kept / change
    if path.exists():  # the catalogue's first project is renumbered, a report's date corrected
        text = path.read_text(encoding="utf-8")
        before, after = (
            ("number: 1\n", "number: 0\n") if "indicators" in change else ("2023-", "2022-")
        )
        assert before in text
        path.write_text(text.replace(before, after, 1), encoding="utf-8")
    else:  # a report of no unit
        path.write_text("unit: 不存在的单位\n", encoding="utf-8")
    code, out = _validate(kept, "-f", "json")
    assert code == (0 if change.endswith(f"{MISDATED}.yaml") else 1)
    assert loaded == [None, 2022]
    fresh = json.loads(out)
    monkeypatch.setenv("MSCLI_CACHE_DIR", str(cache_in_tmp / "empty"))
    assert json.loads(_validate(kept, "-f", "json")[1]) == fresh  # what a cold cache finds
    changed = [p for p in fresh if p["file"] == f"data/{change}"]
    if change.endswith(f"{MISDATED}.yaml"):
        assert changed == []  # its date problem is gone
    else:
        assert changed and changed[0]["severity"] == "error", fresh


def test_a_corrupt_or_foreign_cache_entry_is_ignored(
    kept: Path, cache_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _validate(kept, "-f", "json")
    [entry] = _entries(cache_in_tmp)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    bad_problem = {**stored["problems"][0], "line": "4"}
    for broken in (
        b"\x00\xff not json",
        b"{}",
        json.dumps({**stored, "format": 0}).encode(),
        json.dumps({**stored, "key": "0" * 64}).encode(),
        json.dumps({**stored, "problems": [bad_problem]}).encode(),
        json.dumps({**stored, "units": [["rz-hrss"]]}).encode(),
    ):
        entry.write_bytes(broken)
        loaded = _years_loaded(monkeypatch)
        assert _validate(kept, "-f", "json") == expected
        assert loaded == [None, 2022]  # checked again, and the entry written anew
        assert json.loads(entry.read_text(encoding="utf-8")) == stored
        monkeypatch.undo()
        monkeypatch.setenv("MSCLI_CACHE_DIR", str(cache_in_tmp))
    entry.unlink()  # safe to delete
    (cache_in_tmp / "years").rmdir()
    assert _validate(kept, "-f", "json") == expected


def test_an_unwritable_cache_is_no_error(
    kept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _validate(kept, "-f", "json")
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("MSCLI_CACHE_DIR", str(blocked))  # a file where the folder should be
    assert _validate(kept, "-f", "json") == expected


def test_the_cache_folder(tmp_path: Path) -> None:
    home = Path.home()
    assert cache_dir({}) == home / ".cache" / "mscli"
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "mscli"
    assert cache_dir({"XDG_CACHE_HOME": "relative"}) == home / ".cache" / "mscli"
    chosen = {"MSCLI_CACHE_DIR": str(tmp_path / "c"), "XDG_CACHE_HOME": str(tmp_path)}
    assert cache_dir(chosen) == tmp_path / "c"
