"""Status history and escalation (督办) on a played year: an indicator on track, one behind every
quarter (督办 → 挂牌督办) and one that catches up (督办, then 解除督办 once the shortfall is made up)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, invoke
from played_year import AS_OF, CATCHES_UP, ON_TRACK, WILL_MISS, play_year

COUNTY = FIXTURES / "county-2023"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_year(tmp_path_factory.mktemp("year"))


def _history(data: Path, *args: str, as_of: str = AS_OF[4]) -> dict[str, Any]:
    result = invoke("history", *args, "--as-of", as_of, "-d", data, "-f", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _by_id(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in found["indicators"]}


def _events(entry: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["quarter"], e["event"]) for e in entry["escalation"]["events"]]


def test_every_quarter_of_the_played_year(year: Path) -> None:
    found = _history(year)
    assert found["quarters"] == [1, 2, 3, 4]
    by_id = _by_id(found)
    statuses = {k: [q["status"] for q in by_id[k]["quarters"]] for k in by_id}
    assert statuses[ON_TRACK] == ["滞后", "按序时", "按序时", "已完成"]
    assert statuses[WILL_MISS] == ["严重滞后", "严重滞后", "严重滞后", "未完成"]
    assert statuses[CATCHES_UP] == ["滞后", "滞后", "按序时", "已完成"]
    assert [q["schedule_status"] for q in by_id[WILL_MISS]["quarters"]][-1] == "严重滞后"


def test_escalation_follows_the_rule(year: Path) -> None:
    by_id = _by_id(_history(year))
    # on track: one quarter behind (Q1) is not two running, no 督办
    assert by_id[ON_TRACK]["streak"] == 0 and _events(by_id[ON_TRACK]) == []
    # behind every quarter: 督办 after Q2, still behind in Q3 → 挂牌督办, stays while behind
    miss = by_id[WILL_MISS]
    assert (miss["streak"], miss["longest"]) == (4, 4)
    assert _events(miss) == [(2, "督办"), (3, "挂牌督办")]
    assert miss["escalation"]["level"] == "挂牌督办"
    # catches up: 督办 after Q2; Q3 at 77.8% against 75% makes the shortfall up → released
    up = by_id[CATCHES_UP]
    assert (up["streak"], up["longest"]) == (0, 2)
    assert _events(up) == [(2, "督办"), (3, "解除督办")]
    assert up["escalation"]["level"] is None and up["escalation"]["released"] is True


def test_a_narrowing_gap_is_not_a_recovery(year: Path) -> None:
    """新建、改扩建公办幼儿园: 严重滞后 → 滞后 → 滞后 keeps its 挂牌督办 (the gap narrowed, not made up)."""
    entry = _by_id(_history(year))["public-kindergartens"]
    assert [q["status"] for q in entry["quarters"]][:3] == ["严重滞后", "滞后", "滞后"]
    assert _events(entry) == [(2, "督办"), (3, "挂牌督办")]


def test_the_history_as_it_stood_in_q2(year: Path) -> None:
    found = _history(year, as_of=AS_OF[2])
    # the Q3 and Q4 files exist but were not submitted by then: those quarters are 未报送
    up = _by_id(found)[CATCHES_UP]
    assert [q["status"] for q in up["quarters"]][:2] == ["滞后", "滞后"]


def test_one_unit_and_one_indicator(year: Path) -> None:
    found = _history(year, "市教育体育局")
    assert [u["id"] for u in found["units"]] == ["rz-education"]
    assert {i["id"] for i in found["indicators"]} == {"public-kindergartens", CATCHES_UP}
    unit = found["units"][0]
    # the unit's status is its worst indicator's: public-kindergartens is behind all year
    assert [q["status"] for q in unit["quarters"]] == ["严重滞后", "滞后", "滞后", "未完成"]
    assert _events(unit) == [(2, "督办"), (3, "挂牌督办")]
    one = _history(year, "幼儿园学位")
    assert [i["id"] for i in one["indicators"]] == [CATCHES_UP] and one["units"] == []


def test_an_unknown_name_is_refused_in_chinese(year: Path) -> None:
    result = invoke("history", "不存在的东西", "-d", year)
    assert result.exit_code == 2
    assert "找不到指标“不存在的东西”" in result.output


def test_the_table(year: Path) -> None:
    result = invoke("history", "--as-of", AS_OF[4], "-d", year, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "新开工改造老旧小区" in x)
    assert line.split("│")[2:8] == [
        " 严重滞后 ", " 严重滞后 ", " 严重滞后 ", " 未完成 ", " 连续4个季度滞后 ", " 挂牌督办 ",
    ]  # fmt: skip
    caught = next(x for x in result.stdout.splitlines() if "新增公办幼儿园学位" in x)
    assert "已解除" in caught


def test_escalation_rules_come_from_config(tmp_path: Path) -> None:
    year = play_year(tmp_path)
    with (year / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("escalation:\n  supervise_after: 3\n  list_after: 1\n")
    by_id = _by_id(_history(year))
    assert _events(by_id[CATCHES_UP]) == []  # two quarters behind are not three
    assert _events(by_id[WILL_MISS]) == [(3, "督办"), (4, "挂牌督办")]


def test_status_shows_a_compact_row_per_quarter(year: Path) -> None:
    result = invoke("status", "-q", "3", "--as-of", AS_OF[3], "-d", year, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "新增公办幼儿园学位" in x and "报告" in x)
    assert "滞滞按·" in line
    result = invoke("status", "-q", "3", "--as-of", AS_OF[3], "-d", year, "-f", "json")
    record = next(r for r in json.loads(result.stdout) if r["id"] == WILL_MISS)
    assert record["history"]["streak"] == 3
    assert [q["status"] for q in record["history"]["quarters"]] == ["严重滞后"] * 3


def test_the_dashboard_shows_the_history(year: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert invoke("site", "-q", "4", "--as-of", AS_OF[4], "-d", year, "-o", out).exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "已赶上进度，解除督办" in html
    assert "连续4个季度滞后，挂牌督办" in html


def test_another_programme_with_two_quarters() -> None:
    """青山县 has Q2 and Q4 files only: the history has those two quarters."""
    found = _history(COUNTY, as_of="2024-01-10")
    assert found["quarters"] == [2, 4]
    for entry in found["indicators"]:
        assert [q["quarter"] for q in entry["quarters"]] == [2, 4]
