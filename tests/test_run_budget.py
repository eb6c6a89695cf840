"""One read of a year is bounded as a whole (#23 item 5): every YAML file of the year charged to
one budget of bytes and values (yamlio.source.run_budget), so that many files each under its own
cap cannot add up to more than a year's data can need."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_data, invoke
from mscli.yamlio import source

FLOOD = "      - {title: 台账}\n"


def flood_units(data: Path, files: int, items: int) -> list[str]:
    """`files` Q2 reports, each with `items` evidence entries (two values each) more."""
    names = sorted(p.name for p in (data / "progress" / "2023-Q2").glob("*.yaml"))[:files]
    for name in names:
        path = data / "progress" / "2023-Q2" / name
        text = path.read_text(encoding="utf-8")
        head, found, tail = text.partition("    evidence:\n")
        if not found:  # a report without evidence: give its first indicator some
            head, found, tail = text.partition("    progress:")
            path.write_text(head + "    evidence:\n" + FLOOD * items + found + tail, "utf-8")
        else:
            path.write_text(head + found + FLOOD * items + tail, encoding="utf-8")
    return names


def test_files_each_under_their_cap_are_stopped_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path / "data")
    clean = invoke("validate", "-d", data, "-f", "json")
    assert clean.exit_code == 0, clean.output
    monkeypatch.setattr(source, "RUN_VALUES", 40_000)  # the fixture's year reads ~7,000
    names = flood_units(data, 4, 6_000)  # 12,000 values more each: 48,000 in all
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    refused = [p for p in json.loads(result.stdout) if "合计超过上限" in p["message"]]
    assert refused, result.stdout
    assert all((p["line"], p["column"], p["code"]) == (1, 1, "size") for p in refused)
    assert all("一次读取的数据文件合计超过上限（40000 个值）" in p["message"] for p in refused)
    assert any(p["file"].endswith(names[-1]) for p in refused)  # the last flooded file
    assert not any(p["file"].endswith(names[0]) for p in refused)  # the first still read


def test_the_byte_budget_refuses_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path / "data")
    total = sum(p.stat().st_size for p in (data / "progress").rglob("*.yaml"))
    monkeypatch.setattr(source, "RUN_BYTES", total // 2)
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    refused = [p for p in json.loads(result.stdout) if "合计超过上限" in p["message"]]
    assert refused
    assert all(f"（{total // 2} 字节）" in p["message"] for p in refused)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_year_of_real_size_is_far_within_the_budget(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    flood_units(data, 6, 20_000)  # six reports of 40,000 values more: 240,000 in all
    result = invoke("validate", "-d", data, "-f", "json")
    assert not any("合计超过上限" in p["message"] for p in json.loads(result.stdout))
