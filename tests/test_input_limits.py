"""Every data file is read only as far as its size limit, by every command (issue 12).

The files are sparse: three gigabytes that cost nothing on disk, and three gigabytes of memory to
any command that reads one whole. The test process may grow by 1 GB at most meanwhile.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import invoke, memory_cap
from mscli.yamlio.source import CATALOGUE_MAX_BYTES, CATALOGUE_VALUES, MAX_BYTES

HUGE = 3 << 30


@pytest.mark.parametrize(
    ("file", "command"),
    [
        ("indicators.yaml", ["validate"]),
        ("indicators.yaml", ["status", "-q", "2"]),
        ("indicators.yaml", ["report", "-q", "2", "-f", "md"]),
        ("progress/2023-Q2/rz-hrss.yaml", ["validate"]),
        (
            "progress/2023-Q2/rz-hrss.yaml",
            ["set", "skill-training", "2.05", "-q", "2", "-u", "rz-hrss"],
        ),
    ],
    ids=["validate", "status", "report", "progress", "set"],
)
def test_a_huge_file_is_refused_unread(data: Path, file: str, command: list[str]) -> None:
    with (data / file).open("r+b") as handle:
        handle.truncate(HUGE)
    start = time.perf_counter()
    with memory_cap():
        result = invoke(*command, "-d", data)
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    flat = "".join(result.output.split())
    cap = CATALOGUE_MAX_BYTES if file == "indicators.yaml" else MAX_BYTES
    assert f"上限{cap}字节" in flat or f"超过{cap}字节" in flat, result.output
    assert os.stat(data / file).st_size == HUGE  # and `set` changed nothing


def _padded(path: Path, size: int) -> None:
    """`path` with whole-line comments appended until it is `size` bytes or a little more."""
    line = "# " + "省级目录的说明文字" * 8 + "\n"
    have = path.stat().st_size
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line * ((size - have) // len(line.encode()) + 1))


def _problems(data: Path) -> tuple[int, list[dict[str, object]]]:
    result = invoke("validate", "-d", data, "-f", "json")
    return result.exit_code, json.loads(result.stdout)


def test_a_catalogue_above_the_other_files_cap_is_read(data: Path) -> None:
    """The catalogue is sized for a province (CATALOGUE_MAX_BYTES): 6 MB validates as before."""
    assert MAX_BYTES < 6_000_000 < CATALOGUE_MAX_BYTES
    _padded(data / "indicators.yaml", 6_000_000)
    assert (data / "indicators.yaml").stat().st_size > 6_000_000
    assert _problems(data) == (0, [])


def test_a_progress_file_over_its_cap_is_refused(data: Path) -> None:
    """A report keeps the small cap: one byte over it is refused unread, at line 1."""
    report = data / "progress" / "2023-Q2" / "rz-hrss.yaml"
    _padded(report, MAX_BYTES + 1)
    size = report.stat().st_size
    assert MAX_BYTES < size < CATALOGUE_MAX_BYTES
    code, problems = _problems(data)
    assert code == 1
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in problems] == [
        ("data/progress/2023-Q2/rz-hrss.yaml", 1, 1, "size")
    ]
    # read no further than one byte past the cap, so that is the size it knows
    assert problems[0]["message"] == f"文件过大（{MAX_BYTES + 1} 字节，上限 {MAX_BYTES} 字节）"


def test_a_catalogue_of_tiny_values_is_refused_within_the_memory_budget(data: Path) -> None:
    """The larger byte cap comes with a node budget (CATALOGUE_VALUES): a catalogue just under
    24 MB of one-character values is refused at line 1 before it costs more than a province's
    catalogue does, within the 1 GB the other hostile inputs get."""
    catalogue = data / "indicators.yaml"
    text = catalogue.read_text(encoding="utf-8")
    flood = "- 1\n" * ((CATALOGUE_MAX_BYTES - len(text.encode()) - 100) // 4)
    catalogue.write_text(f"{text}\nflood:\n{flood}", encoding="utf-8")
    assert catalogue.stat().st_size <= CATALOGUE_MAX_BYTES
    with memory_cap():
        code, problems = _problems(data)
    assert code == 1
    found = [p for p in problems if p["file"] == "data/indicators.yaml"]
    assert [(p["line"], p["column"], p["code"]) for p in found] == [(1, 1, "size")]
    assert f"文件中的值太多（超过 {CATALOGUE_VALUES} 个）" in str(found[0]["message"])
