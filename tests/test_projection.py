"""The year-end projection (预计, 线性外推 v1) on a played year: figures checked against hand
computation, the outlook by its thresholds, and every output that uses it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, TEMPLATES, invoke, replace_once
from played_year import AS_OF, CATCHES_UP, ON_TRACK, WILL_MISS, play_year

COUNTY = FIXTURES / "county-2023"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_year(tmp_path_factory.mktemp("year"))


def _projections(data: Path, quarter: int, as_of: str) -> dict[str, dict[str, Any]]:
    result = invoke("status", "-q", str(quarter), "--as-of", as_of, "-d", data, "-f", "json")
    assert result.exit_code == 0, result.output
    return {r["id"]: r["projection"] for r in json.loads(result.stdout) if "projection" in r}


def test_q2_projections_match_the_hand_computation(year: Path) -> None:
    found = _projections(year, 2, AS_OF[2])
    # 2023-01-01 .. 2023-06-30 is 181 days, the year 365.
    on_track = found[ON_TRACK]
    assert on_track["measured_on"] == "2023-06-30" and on_track["quarter"] == 2
    assert on_track["metrics"][0]["projected"] == pytest.approx(15200 * 365 / 181)
    assert on_track["rate"] == pytest.approx(15200 * 365 / 181 / 27200)  # 112.7%
    # the target 27200 at 15200/181 a day: day ⌈27200 × 181 / 15200⌉ = 324 → 20 November
    assert on_track["reaches"] == "2023-11-20"
    assert on_track["outlook"] == "可完成"
    assert on_track["text"] == (
        "按目前进度预计年底完成约3.07万人次（完成率 112.7%，按年初以来平均进度），"
        "2023年11月20日达到目标：可完成"
    )
    miss = found[WILL_MISS]
    assert miss["rate"] == pytest.approx(120 * 365 / 181 / 478)  # 50.6%
    assert miss["reaches"] == str(dt.date(2022, 12, 31) + dt.timedelta(days=-(-478 * 181 // 120)))
    assert miss["outlook"] == "难以完成"
    behind = found[CATCHES_UP]
    assert behind["rate"] == pytest.approx(180 * 365 / 181 / 540)  # 67.2%
    assert behind["reaches"] == "2024-06-26"  # day 543
    assert behind["outlook"] == "难以完成"


def test_q3_the_indicator_that_catches_up_is_projected_to_finish(year: Path) -> None:
    found = _projections(year, 3, AS_OF[3])
    # 2023-01-01 .. 2023-09-30 is 273 days
    up = found[CATCHES_UP]
    assert up["rate"] == pytest.approx(420 * 365 / 273 / 540)  # 104.0%
    assert up["reaches"] == "2023-12-17"  # day 540 × 273 / 420 = 351
    assert up["outlook"] == "可完成"
    assert found[WILL_MISS]["rate"] == pytest.approx(180 * 365 / 273 / 478)
    assert found[WILL_MISS]["outlook"] == "难以完成"
    assert found[ON_TRACK]["outlook"] == "可完成"


def test_only_submitted_reports_count(year: Path) -> None:
    """Before the Q3 reports are in, the Q3 projection is Q2's report, said so."""
    found = _projections(year, 3, "2023-09-10")
    assert found[ON_TRACK]["quarter"] == 2
    assert found[ON_TRACK]["rate"] == pytest.approx(15200 * 365 / 181 / 27200)
    result = invoke(
        "status", "-q", "3", "--as-of", "2023-09-10", "-d", year, env={"COLUMNS": "200"}
    )
    assert "按目前进度预计（预计 v2）" in result.stdout
    assert "按年初以来平均进度" in result.stdout  # the basis column
    assert "第二季度报告" in result.stdout


def test_the_thresholds_come_from_config(data: Path) -> None:
    with (data / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("projection:\n  likely: 120\n  unlikely: 60\n")
    found = _projections(data, 2, AS_OF[2])
    assert found[ON_TRACK]["outlook"] == "有风险"  # 112.7% < 120%
    assert found[CATCHES_UP]["outlook"] == "有风险"  # 67.2% ≥ 60%
    assert found[WILL_MISS]["outlook"] == "难以完成"  # 50.6% < 60%


def test_bad_thresholds_are_reported_at_their_line_and_column(data: Path) -> None:
    text = (data / "config.yaml").read_text(encoding="utf-8")
    line = len(text.splitlines()) + 3
    with (data / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("projection:\n  likely: 90\n  unlikely: 95\n")
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["file"] == "data/config.yaml"
    assert (problem["line"], problem["column"]) == (line, 13)
    assert "难以完成界限 unlikely 不能大于可完成界限 likely" in problem["message"]
    replace_once(data / "config.yaml", "  unlikely: 95", "  unlikely: 百分之八十")
    result = invoke("status", "-d", data)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "data/config.yaml" in result.output
    assert f"{line}:13 错误    应为数字，实际是“百分之八十”" in result.output


def _circular(data: Path, quarter: int) -> str:
    result = invoke(
        "report", "-q", str(quarter), "--as-of", AS_OF[quarter], "-d", data,
        "-t", TEMPLATES, "-f", "md",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_circular_lists_the_indicators_hard_to_complete_from_q2_not_q1(year: Path) -> None:
    q2 = _circular(year, 2)
    assert "按目前进度预计，以下" in q2
    assert "新增公办幼儿园学位，按目前进度预计年底完成率67.2%（按年初以来平均进度；牵头单位：" in q2
    assert "新开工改造老旧小区，按目前进度预计年底完成率50.6%" in q2
    assert "技能培训，按目前进度预计" not in q2
    assert "按目前进度预计" not in _circular(year, 1)  # off by default in Q1
    q3 = _circular(year, 3)
    assert "新开工改造老旧小区，按目前进度预计年底完成率" in q3
    assert "新增公办幼儿园学位，按目前进度预计" not in q3  # it caught up


def test_the_circular_paragraph_is_configurable(data: Path) -> None:
    with (data / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("projection:\n  circular_quarters: [1]\n")
    assert "按目前进度预计，以下" in _circular(data, 1)
    assert "按目前进度预计" not in _circular(data, 2)


def test_the_dashboard_draws_the_projected_line(year: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = invoke("site", "-q", "3", "--as-of", AS_OF[3], "-d", year, "-o", out)
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count('class="projected"') >= 3
    assert (
        "按目前进度预计年底完成约562个（完成率 104.0%，按年初以来平均进度），"
        "2023年12月17日达到目标：可完成" in html
    )
    assert "虚线：按目前进度预计" in html


def test_milestones_and_tasks_another_programme(tmp_path: Path) -> None:
    """青山县: a milestone's overdue stage and its days, a task's days left (plans' nodes)."""
    found = _projections(COUNTY, 2, "2023-07-20")
    outpatient = found["outpatient-building"]
    assert outpatient["overdue"] == [{"stage": "主体完工", "days": 20}]  # due 2023-06-30
    assert outpatient["text"] == "“主体完工”已逾期20天"
    task = (
        found["neighbourhood-maintenance"]
        if "neighbourhood-maintenance" in found
        else next(p for p in found.values() if p.get("kind") == "task")
    )
    assert task["days_left"] == 42  # due 2023-08-31
    assert task["text"] == "距完成时限（2023年8月31日）还有42天"


@pytest.mark.parametrize(
    ("as_of", "days_left", "text"),
    [
        ("2023-08-20", 11, "距完成时限（2023年8月31日）还有11天"),
        ("2023-08-31", 0, "完成时限（2023年8月31日）为今天"),
        ("2023-09-05", -5, "已超过完成时限（2023年8月31日）5天"),
    ],
)
def test_a_task_due_later_today_and_overdue(as_of: str, days_left: int, text: str) -> None:
    """青山县's task due 2023-08-31 (its plan's node), judged before, on and after that day."""
    task = next(p for p in _projections(COUNTY, 2, as_of).values() if p.get("kind") == "task")
    assert task["days_left"] == days_left
    assert task["text"] == text


HOUSING_PLAN = """\
indicators:
  old-neighbourhoods:
    nodes:
      households:
        - {date: 2023-06-30, value: 100}
        - {date: 2023-09-30, value: 300}
        - {date: 2023-12-31, value: 478}
"""


@pytest.fixture(scope="module")
def planned_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The played year with a plan (落实方案) for WILL_MISS: 100 by 30 June, 300 by 30 September,
    the target 478 at the year's end."""
    data = play_year(tmp_path_factory.mktemp("planned"))
    folder = data / "plans" / "2023"
    folder.mkdir(parents=True)
    (folder / "rz-housing.yaml").write_text(HOUSING_PLAN, encoding="utf-8")
    return data


def test_a_quantity_with_plan_nodes_is_projected_by_the_plan(planned_year: Path) -> None:
    q2 = _projections(planned_year, 2, AS_OF[2])
    miss = q2[WILL_MISS]
    # Q2: 120 done against the plan's 100 due by 30 June: k = 1.2, year end 1.2 × 478 = 573.6
    assert miss["basis"] == "按落实方案"
    [metric] = miss["metrics"]
    assert (metric["basis"], metric["planned"]) == ("按落实方案", 100)
    assert metric["projected"] == pytest.approx(1.2 * 478)
    assert miss["rate"] == pytest.approx(1.2) and miss["outlook"] == "可完成"
    # 1.2 × P(d) ≥ 478 ⇔ P(d) ≥ 398.33: 300 + 178 × n / 92 from 30 September, n = ⌈50.82⌉ = 51
    assert miss["reaches"] == "2023-11-20"
    q3 = _projections(planned_year, 3, AS_OF[3])[WILL_MISS]
    # Q3: 180 against the 300 due by 30 September: k = 0.6, year end 286.8 (60.0%)
    assert q3["metrics"][0]["projected"] == pytest.approx(0.6 * 478)
    assert q3["outlook"] == "难以完成" and q3["reaches"] is None
    assert q3["text"] == (
        "按目前进度预计年底完成约287户（完成率 60.0%，按落实方案），年内无法达到目标：难以完成"
    )
    # without nodes, the average pace since the year's start, as before (v1's figures)
    on_track = _projections(planned_year, 2, AS_OF[2])[ON_TRACK]
    assert on_track["basis"] == "按年初以来平均进度"
    assert on_track["rate"] == pytest.approx(15200 * 365 / 181 / 27200)


def test_every_output_labels_the_basis(planned_year: Path, tmp_path: Path) -> None:
    table = invoke(
        "status", "-q", "3", "--as-of", AS_OF[3], "-d", planned_year, env={"COLUMNS": "220"}
    )
    row = next(line for line in table.stdout.splitlines() if "约287户" in line)
    assert "新开工改造老旧小区" in row and "按落实方案" in row
    assert "按落实方案（有落实方案累计目标值的指标项" in table.stdout  # the formula note
    circular = _circular(planned_year, 3)
    assert (
        "新开工改造老旧小区，按目前进度预计年底完成率60.0%（按落实方案；牵头单位：市住房和城乡建设局）"
        in circular
    )
    out = tmp_path / "site"
    assert (
        invoke("site", "-q", "3", "--as-of", AS_OF[3], "-d", planned_year, "-o", out).exit_code == 0
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "约287户（完成率 60.0%，按落实方案）" in html
    assert "（完成率 104.0%，按年初以来平均进度）" in html  # CATCHES_UP has no plan
