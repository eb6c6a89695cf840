"""A quarter played through on a copy of the data: scaffold Q3, one unit reports on time, one late,
one never; `units`, `remind` and `report` name each correctly before and after the deadline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import TEMPLATES, copy_data, invoke

BEFORE, AFTER = "2023-09-22", "2023-10-08"  # the Q3 deadline is 2023-09-25
ON_TIME, LATE, NEVER = "rz-hrss", "rz-civil-affairs", "rz-transport"


def run(data: Path, *args: str) -> Any:
    result = invoke(*args, "--data", data)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = copy_data(tmp_path_factory.mktemp("year") / "data")
    run(data, "new-quarter", "--quarter", "3")
    run(data, "set", "skill-training", "trainees", "2.05", "-q", "3", "--submitted", "2023-09-20")
    run(data, "set", "street-care-centres", "centres", "1", "-q", "3", "--submitted", "2023-09-28")
    # 市交通运输局 never touches its scaffolded file
    return data


def units(data: Path, as_of: str) -> dict[str, Any]:
    out = run(data, "units", "-q", "3", "--as-of", as_of, "-f", "json").stdout
    return {u["id"]: u for u in json.loads(out)}


def reminders(data: Path, as_of: str) -> dict[str, Any]:
    out = run(data, "remind", "-q", "3", "--as-of", as_of, "-f", "json").stdout
    return {u["id"]: u for u in json.loads(out)}


def circular(data: Path, as_of: str, tmp_path: Path) -> dict[str, Any]:
    target = tmp_path / f"q3-{as_of}.json"
    args = ["report", "-q", "3", "--as-of", as_of, "-f", "json", "-o", str(target)]
    result = run(data, *args, "-t", str(TEMPLATES))
    assert f"截至{as_of[:4]}年" in result.output  # the terminal summary names the day too
    context: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return context


def test_the_scaffolded_quarter_has_no_reports_yet(data: Path) -> None:
    checked = invoke("validate", "--data", data)
    assert checked.exit_code == 0, checked.output  # drafts pass CI
    assert "另有 10 个进度文件是草稿" in checked.output.replace("\n", "")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (BEFORE, {ON_TIME: "按时报送", LATE: "待报送", NEVER: "待报送"}),
        (AFTER, {ON_TIME: "按时报送", LATE: "迟报", NEVER: "未报送"}),
    ],
)
def test_units_name_each_unit_as_it_stood(data: Path, as_of: str, expected: dict[str, str]) -> None:
    found = units(data, as_of)
    assert {k: found[k]["timeliness"] for k in expected} == expected
    assert {u["as_of"] for u in found.values()} == {as_of}
    assert found[NEVER]["draft"] and found[NEVER]["submitted"] is None
    assert found[NEVER]["indicators"] == [{"id": "rural-roads", "status": "未报送"}]
    # the late unit's report did not exist yet before the deadline: its values are not progress
    statuses = {i["status"] for i in found[LATE]["indicators"]}
    assert (statuses == {"未报送"}) is (as_of == BEFORE)


def test_remind_lists_who_owes_what_before_and_after_the_deadline(data: Path) -> None:
    before, after = reminders(data, BEFORE), reminders(data, AFTER)
    assert ON_TIME not in before and ON_TIME not in after
    assert before[LATE]["state"] == "待报送" and before[LATE]["days"] == 3
    assert LATE not in after
    never = after[NEVER]
    assert (never["state"], never["days"], never["deadline"]) == ("未报送", -13, "2023-09-25")
    [roads] = never["indicators"]
    assert roads["name"] == "改造农村公路"
    assert roads["metrics"][0]["last_value"] == "4公里"
    assert roads["metrics"][0]["last_quarter"] == 2


def test_remind_text_and_markdown_read_as_a_reminder(data: Path) -> None:
    text = run(data, "remind", "-q", "3", "--as-of", BEFORE).stdout
    assert text.startswith("【催办】2023年第三季度重点民生实事进展报送催办\n")
    assert "截至2023年9月22日，距报送截止（2023年9月25日）还剩3天" in text
    assert "市交通运输局：待报送（还剩3天，已有草稿未填报送日期）" in text
    assert "改造农村公路（目标20公里，第2季度报送4公里）" in text
    assert "市人力资源和社会保障局" not in text
    md = run(data, "remind", "-q", "3", "--as-of", AFTER, "-f", "md").stdout
    assert md.splitlines()[0] == "## 2023年第三季度重点民生实事进展报送催办"
    assert "| 市交通运输局 | 未报送（已逾期13天，已有草稿未填报送日期） | 2023年9月25日 |" in md
    assert "判断日期：2023年10月8日" in md


def test_the_circular_names_each_unit_as_it_stood(data: Path, tmp_path: Path) -> None:
    before, after = circular(data, BEFORE, tmp_path), circular(data, AFTER, tmp_path)
    assert (before["as_of"], after["as_of"]) == (BEFORE, AFTER)
    late_before = {u["id"]: u["timeliness"] for u in before["units"]}
    assert [late_before[k] for k in (ON_TIME, LATE, NEVER)] == ["按时报送", "待报送", "待报送"]
    by_state = after["units_by_timeliness"]
    assert [u["id"] for u in by_state["late"]] == [LATE]
    assert by_state["pending"] == []  # after the deadline nobody is still pending
    missing = {u["id"] for u in by_state["missing"]}
    assert NEVER in missing and ON_TIME not in missing and LATE not in missing
    roads = next(i for i in after["indicators"] if i["id"] == "rural-roads")
    assert roads["status"] == "未报送"  # the scaffold's Q2 value is not Q3 progress


def test_remind_exits_0_when_everyone_reported(data: Path, tmp_path: Path) -> None:
    copy = copy_data(tmp_path / "data")
    text = run(copy, "remind", "-q", "1", "--as-of", "2023-04-01").stdout
    assert "12个牵头单位均已报送本季度进展，无需催办" in text
    assert json.loads(run(copy, "remind", "-q", "1", "-f", "json").stdout) == []


def test_the_year_closes_with_the_fourth_quarter(data: Path, tmp_path: Path) -> None:
    """Q4 scaffolded from Q3: two units report, one never does; the circular closes the year."""
    year = tmp_path / "data"
    shutil.copytree(data, year)
    run(year, "new-quarter", "--quarter", "4")
    run(year, "set", "skill-training", "trainees", "2.8", "-q", "4", "--submitted", "2023-12-20")
    run(year, "set", "street-care-centres", "centres", "2", "-q", "4", "--submitted", "2023-12-22")
    assert invoke("validate", "--data", year).exit_code == 0
    body = tmp_path / "q4.md"
    args = ["report", "-q", "4", "--as-of", "2024-01-05", "-f", "md", "-o", str(body)]
    run(year, *args, "-t", str(TEMPLATES))
    text = body.read_text(encoding="utf-8")
    assert "全年完成情况" in text and "“年末”评价" in text and "验收" in text
    for wrong in ("倒排工期", "年中", "2024年3月"):
        assert wrong not in text, wrong
    out = run(year, "units", "-q", "4", "--as-of", "2024-01-05", "-f", "json").stdout
    q4 = {u["id"]: u for u in json.loads(out)}
    assert q4[ON_TIME]["timeliness"] == "按时报送" and q4[LATE]["timeliness"] == "按时报送"
    assert q4[NEVER]["timeliness"] == "未报送" and q4[NEVER]["rank"] == max(
        u["rank"] for u in q4.values()
    )
