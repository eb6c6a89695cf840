"""Every data file is read only as far as its size limit, by every command (issue 12).

The files are sparse: three gigabytes that cost nothing on disk, and three gigabytes of memory to
any command that reads one whole. The test process may grow by 1 GB at most meanwhile.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import invoke, memory_cap
from mscli.yamlio.source import MAX_BYTES

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
    assert f"上限{MAX_BYTES}字节" in flat or f"超过{MAX_BYTES}字节" in flat, result.output
    assert os.stat(data / file).st_size == HUGE  # and `set` changed nothing
