"""`mscli status` and `mscli units` on the frozen 2023 data: the numbers a reader checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_DATA, invoke
from mscli.results.completion import Status


def run_json(*args: str) -> Any:
    result = invoke(*args, "--data", FIXTURE_DATA, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_q2_shows_all_seven_statuses() -> None:
    rows = run_json("status", "--quarter", "2")
    assert len(rows) == 44
    assert {r["status"] for r in rows} == {s.value for s in Status}
    assert sum(r["status"] == "上级实施" for r in rows) == 8


def test_json_numbers_equal_the_yaml() -> None:
    rows = {r["id"]: r for r in run_json("status", "--quarter", "2")}
    report = YAML(typ="safe").load(
        (FIXTURE_DATA / "progress/2023-Q2/rz-hrss.yaml").read_text("utf-8")
    )
    trainees = report["indicators"]["skill-training"]["values"]["trainees"]  # in 万人次
    metric = rows["skill-training"]["metrics"][0]
    assert metric["target"] == 27200 and metric["unit"] == "人次"
    assert metric["actual"] == pytest.approx(float(trainees) * 10000)
    assert rows["skill-training"]["completion"] == pytest.approx(float(trainees) * 10000 / 27200)
    assert rows["skill-training"]["schedule"] == 0.5
    assert rows["skill-training"]["lead_unit"] == "市人力资源和社会保障局"
    # the unit that did not report in Q2
    assert rows["disabled-child-rehab"]["status"] == "未报送"
    assert rows["disabled-child-rehab"]["completion"] is None


def test_units_timeliness_and_rank() -> None:
    q2 = {u["id"]: u for u in run_json("units", "--quarter", "2")}
    assert q2["rz-disabled-federation"]["timeliness"] == "未报送"
    assert q2["rz-disabled-federation"]["rank"] == len(q2)
    assert q2["rz-youth-league"]["timeliness"] == "迟报"
    assert q2["rz-youth-league"]["submitted"] == "2023-06-28"
    assert all(u["rank"] is not None for u in q2.values())
    q1 = run_json("units", "--quarter", "1")
    assert all(u["rank"] is None for u in q1)


def test_csv_file_opens_in_excel_and_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "q2.csv"
    args = ["status", "-q", "2", "-f", "csv", "-o", str(target), "--data", str(FIXTURE_DATA)]
    assert invoke(*args).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["编号", "项目", "指标任务"]
    assert len(lines) == 45
    again = invoke(*args)
    assert again.exit_code == 1
    assert "已存在" in again.output
    assert target.read_bytes() == raw


def test_markdown_and_table_views() -> None:
    md = invoke("status", "-q", "2", "-f", "md", "--data", FIXTURE_DATA)
    assert md.exit_code == 0
    assert "| 指标 | 汝州市目标 |" in md.stdout
    assert "另有8项由平顶山市统一安排实施" in md.stdout
    table = invoke("status", "-q", "2", "--data", FIXTURE_DATA, env={"COLUMNS": "160"})
    assert table.exit_code == 0
    assert "严重滞后" in table.stdout and "rural-roads" in table.stdout


@pytest.mark.parametrize("quarter", ["0", "5", "五", "Q5"])
def test_bad_quarter_is_a_usage_error(quarter: str) -> None:
    result = invoke("status", "-q", quarter, "--data", FIXTURE_DATA)
    assert result.exit_code == 2
