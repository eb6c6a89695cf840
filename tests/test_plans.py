"""Plans (落实方案): data/plans/<year>/<unit>.yaml — the file kind, its checks, `mscli new-plan`.

tests/cases/plan-invalid/<case>/ overlays the frozen data with plans/… and lists its problems in
expected.txt: `FILE:LINE:COLUMN CODE MESSAGE`, FILE relative to data/.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import CASES, ROOT, copy_data, expected_problems, invoke, validated
from mscli.yamlio.modeline import MARKER

PLAN_CASES = CASES / "plan-invalid"
NAMES = sorted(p.name for p in PLAN_CASES.iterdir() if p.is_dir())

HRSS_PLAN = """\
# yaml-language-server: $schema=../../../schemas/plan.schema.json
leader: {name: 王建国, post: 副局长}
contact: {name: 李敏, phone: 13837512345}
indicators:
  skill-training:
    contact: {name: 赵强, phone: 0375-6022222}
    measures: 依托职业院校和企业开展订单式培训。
    nodes:
      trainees:
        - {date: 2023-03-31, value: 0.5}
        - {date: 2023-06-30, value: 1.5万}
        - {date: 2023-12-31, value: 2.72}
  urban-employment:
    nodes:
      new-jobs:
        - {date: 2023-06-30, value: 0.4}
        - {date: 2023-12-31, value: 0.68}
"""


def with_plan(data: Path, unit: str = "rz-hrss", text: str = HRSS_PLAN) -> Path:
    path = data / "plans" / "2023" / f"{unit}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_plan_case(name: str, tmp_path: Path) -> None:
    case = PLAN_CASES / name
    data = copy_data(tmp_path / "data")
    shutil.copytree(case / "plans", data / "plans")
    assert validated(data) == expected_problems(case / "expected.txt")


def test_there_are_plan_cases_for_each_rule() -> None:
    codes = {
        code
        for n in NAMES
        for _, _, _, code, _ in expected_problems(PLAN_CASES / n / "expected.txt")
    }
    assert {
        "not-lead",
        "plan-date",
        "plan-date-order",
        "plan-value",
        "plan-value-order",
        "plan-target",
        "plan-node-kind",
        "plan-unit",
        "unknown-metric",
        "unknown-indicator",
        "value",  # a phone number that is not one
    } <= codes


def test_a_good_plan_validates_and_follows_its_schema(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    path = with_plan(data)
    assert validated(data) == set()
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = (path.parent / first.removeprefix(MARKER)).resolve()
    assert target == data.parent / "schemas" / "plan.schema.json"  # schemas/ beside data/
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("牵头单位落实方案")
    loaded = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    as_json: Any = json.loads(
        json.dumps(loaded, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
    )
    jsonschema.validate(as_json, schema)


def test_a_plan_without_leader_and_contact_is_warned_about(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data, text="indicators:\n  skill-training:\n    measures: 开展培训。\n")
    found = validated(data)
    assert {(p[3], p[4]) for p in found} == {
        ("plan-leader", "落实方案未填写责任领导（leader）"),
        ("plan-contact", "落实方案未填写责任人（contact）"),
    }


def test_new_plan_scaffolds_every_lead_unit_and_never_overwrites(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    own = with_plan(data)
    result = invoke("new-plan", "--data", data)
    assert result.exit_code == 0, result.output
    assert "共 12 个牵头单位：新建 11 个落实方案，1 个已存在。" in result.output
    assert own.read_text(encoding="utf-8") == HRSS_PLAN
    health = (data / "plans" / "2023" / "rz-health.yaml").read_text(encoding="utf-8")
    lines = health.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/plan.schema.json"
    assert "# 市卫生健康委 2023年重点民生实事落实方案" in lines
    assert "  cancer-screening:  # 两癌筛查" in lines
    assert "        - {date: 2023-12-31, value: 8649}" in lines
    # the drafts validate: only the missing 责任领导 / 责任人 are said, as warnings
    found = validated(data)
    assert found and {p[3] for p in found} == {"plan-leader", "plan-contact"}
    before = {p: p.read_bytes() for p in (data / "plans").rglob("*.yaml")}
    again = invoke("new-plan", "--data", data)
    assert again.exit_code == 0, again.output
    assert "新建 0 个落实方案，12 个已存在" in again.output
    assert {p: p.read_bytes() for p in (data / "plans").rglob("*.yaml")} == before


def test_new_plan_refuses_another_year(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    result = invoke("new-plan", "--year", "2024", "--data", data)
    assert result.exit_code != 0
    assert not (data / "plans").exists()


def test_codeowners_gives_each_units_plan_to_its_reviewers(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "repo" / "data")
    config = data / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "coordinators: ['@ruzhou/dfzx']\n", encoding="utf-8"
    )
    units = data / "units.yaml"
    marker = "    name: 市人力资源和社会保障局\n"
    units.write_text(
        units.read_text(encoding="utf-8").replace(marker, marker + "    reviewers: ['@wang']\n"),
        encoding="utf-8",
    )
    target = tmp_path / "repo" / ".github" / "CODEOWNERS"
    result = invoke("codeowners", "--data", data, "--output", target)
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert (
        "/data/plans/*/rz-hrss.yaml @wang @ruzhou/dfzx  # 市人力资源和社会保障局落实方案" in lines
    )


# --- 时序进度 from the plan's nodes (mscli.plans.schedule) ------------------------------------


def status_of(data: Path, quarter: int) -> dict[str, dict[str, Any]]:
    result = invoke("status", "-q", str(quarter), "-f", "json", "--data", data)
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


def test_without_a_plan_the_even_schedule_applies_and_is_said(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    rows = status_of(data, 2)
    assert rows["skill-training"]["schedule"] == 0.5
    assert rows["skill-training"]["schedule_basis"] == "按季度均衡序时（未报落实方案）"
    assert rows["food-sampling"]["schedule_basis"] == "每季度均须达标"
    assert rows["heating"]["schedule_basis"] is None  # delegated: no schedule of Ruzhou's


def test_the_schedule_runs_in_a_straight_line_between_nodes(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data)  # trainees: 0.5万 by 3-31, 1.5万 by 6-30, 2.72万 by 12-31
    by_quarter = {q: status_of(data, q)["skill-training"] for q in (1, 2)}
    assert by_quarter[1]["schedule"] == pytest.approx(5000 / 27200, abs=1e-6)
    assert by_quarter[2]["schedule"] == pytest.approx(15000 / 27200, abs=1e-6)
    assert by_quarter[2]["schedule_basis"] == "按落实方案"
    # Q3 (9-30) is 92 of the 184 days from the 6-30 node to the 12-31 one
    markdown = invoke("status", "-q", "3", "-f", "md", "--data", data)
    assert markdown.exit_code == 0, markdown.output
    line = next(x for x in markdown.stdout.splitlines() if x.startswith("| skill-training |"))
    assert f"| {round(100 * (15000 + 12200 * 92 / 184) / 27200)}% | 按落实方案 |" in line
    # the indicator of the same unit that its plan leaves without nodes keeps the even schedule
    assert status_of(data, 2)["new-skilled-workers"]["schedule"] == 0.5


def test_a_plan_decides_whether_an_indicator_is_on_time_or_behind(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")  # Q2: 1.52万人次 of 2.72万 trained (55.9%)
    with_plan(data)
    assert status_of(data, 2)["skill-training"]["status"] == "按序时"  # node 1.5万 by 6-30
    with_plan(data, text=HRSS_PLAN.replace("value: 1.5万", "value: 2万"))
    row = status_of(data, 2)["skill-training"]
    assert row["schedule"] == pytest.approx(20000 / 27200, abs=1e-6)
    assert row["status"] == "滞后"  # 17.6 points behind its own node, within 20
    table = invoke("status", "-q", "2", "--data", data, env={"COLUMNS": "200"})
    assert "时序进度：2项按落实方案，31项按季度均衡序时（未报落实方案），3项每季度均须达标。" in (
        table.stdout.replace("\n", "")
    )
    assert "74%*" in table.stdout


def test_the_circular_says_which_schedule_each_lagging_indicator_is_measured_against(
    tmp_path: Path,
) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data, text=HRSS_PLAN.replace("value: 1.5万", "value: 2万"))
    out = tmp_path / "q2.md"
    result = invoke("report", "-q", "2", "-f", "md", "-o", out, "--data", data)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert (
        "时序进度：2项按落实方案，31项按季度均衡序时（未报落实方案），3项每季度均须达标。" in text
    )
    assert "累计完成1.52万人次，完成率55.9%，时序进度74%（按落实方案），滞后" in text
    assert "完成率40.0%，时序进度50%（按季度均衡序时，未报落实方案），滞后" in text


def test_the_dashboard_marks_schedules_from_plans(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data)
    out = tmp_path / "site"
    result = invoke("site", "-q", "2", "-o", out, "--data", data)
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "时序进度：2项按落实方案，31项按季度均衡序时（未报落实方案）" in page
    assert 'title="按落实方案">55%*' in page


# --- node warnings (预警) and 催办 --------------------------------------------------------------


def remind_text(data: Path, as_of: str) -> str:
    result = invoke("remind", "-q", "2", "--as-of", as_of, "--data", data)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_node_is_due_soon_then_overdue_and_remind_names_the_person(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")  # Q2 report of 2023-06-20: 1.52万人次 trained
    with_plan(data, text=HRSS_PLAN.replace("value: 1.5万", "value: 2万"))
    assert "时间节点预警" not in remind_text(data, "2023-06-19")  # 11 days before 6-30: 正常
    soon = remind_text(data, "2023-06-22")
    assert (
        "1. 临期｜技能培训：应于2023年6月30日前累计完成2万人次，目前报送1.52万人次，还剩8天；"
        "责任人 赵强（0375-6022222），责任领导 王建国（副局长），市人力资源和社会保障局"
    ) in soon
    late = remind_text(data, "2023-07-03")
    assert (
        "1. 逾期｜技能培训：应于2023年6月30日前累计完成2万人次，目前报送1.52万人次，已逾期3天；"
        in late
    )
    # 城镇新增就业's 6-30 node (0.4万) was met by the Q2 report (0.43万): never warned about
    assert "城镇新增就业" not in late
    md = invoke("remind", "-q", "2", "--as-of", "2023-07-03", "-f", "md", "--data", data)
    assert "- 逾期｜技能培训：应于2023年6月30日前累计完成2万人次" in md.stdout


def test_a_met_node_is_no_warning_and_the_warning_days_are_configurable(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data)  # 1.5万 by 6-30, met by the 6-20 report (1.52万)
    assert "时间节点预警" not in remind_text(data, "2023-07-03")
    config = data / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "status:\n  node_warning_days: 200\n", "utf-8"
    )
    # the next node not met, 2.72万 by 12-31, is now within the warning days
    assert "1. 临期｜技能培训：应于2023年12月31日前累计完成2.72万人次" in remind_text(
        data, "2023-07-03"
    )


def test_status_gives_each_indicators_node_state(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data, text=HRSS_PLAN.replace("value: 1.5万", "value: 2万"))
    args = ("status", "-q", "2", "--as-of", "2023-07-03", "--data", data)
    rows = {r["id"]: r for r in json.loads(invoke(*args, "-f", "json").stdout)}
    assert rows["skill-training"]["nodes"] == [
        {
            "metric": "trainees",
            "state": "逾期",
            "date": "2023-06-30",
            "value": "2万人次",
            "reached": "1.52万人次",
            "days": -3,
            "contact": {"name": "赵强", "phone": "0375-6022222"},
            "leader": {"name": "王建国", "post": "副局长"},
        }
    ]
    assert rows["urban-employment"]["nodes"][0]["state"] == "正常"  # 0.43万 ≥ 0.4万 by 6-30
    assert rows["cancer-screening"]["nodes"] == []  # no plan
    table = invoke(*args, env={"COLUMNS": "200"})
    assert "落实方案时间节点：逾期1个、正常1个" in table.stdout.replace("\n", "")


# --- new-year carries the plans forward as drafts -------------------------------------------


def test_new_year_carries_plans_forward_as_drafts_with_dates_moved(tmp_path: Path) -> None:
    from test_new_year import _filled

    data = copy_data(tmp_path / "data")
    with_plan(data)
    result = invoke("new-year", "--data", data)
    assert result.exit_code == 0, result.output
    assert "已沿用为 2024 年落实方案草稿" in result.output
    assert (data / "plans" / "2023" / "rz-hrss.yaml").read_text(encoding="utf-8") == HRSS_PLAN
    carried = data / "plans" / "2024" / "rz-hrss.yaml"
    text = carried.read_text(encoding="utf-8")
    assert (
        text.splitlines()[0] == "# yaml-language-server: $schema=../../../schemas/plan.schema.json"
    )
    assert "draft: true  # 草稿：不用于时序进度和节点预警\n" in text
    assert "- {date: 2024-06-30, value: 1.5万}" in text and "2023-" not in text
    indicators = data / "indicators.yaml"
    indicators.write_text(_filled(indicators.read_text(encoding="utf-8")), encoding="utf-8")
    found = validated(data)
    assert ("plans/2024/rz-hrss.yaml", 4, 8, "plan-draft") in {p[:4] for p in found}
    assert invoke("new-quarter", "-q", "1", "--data", data).exit_code == 0
    # a draft drives no schedule; once confirmed (the draft line removed) it does
    assert (
        status_of(data, 1)["skill-training"]["schedule_basis"] == "按季度均衡序时（未报落实方案）"
    )
    carried.write_text(text.replace("draft: true  # 草稿：不用于时序进度和节点预警\n", ""), "utf-8")
    row = status_of(data, 1)["skill-training"]
    assert row["schedule_basis"] == "按落实方案"
    assert row["schedule"] == pytest.approx(5000 / 27200, abs=1e-6)


def test_a_carried_node_on_29_february_moves_to_the_28th() -> None:
    from mscli.years.new_year import draft_plan

    text = "indicators:\n  x:\n    nodes:\n      y:\n        - {date: 2024-02-29, value: 1}\n"
    assert "- {date: 2025-02-28, value: 1}" in draft_plan(text, finished=2024, year=2025)


def test_units_and_the_dashboard_show_the_node_warnings(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    with_plan(data, text=HRSS_PLAN.replace("value: 1.5万", "value: 2万"))
    args = ("-q", "2", "--as-of", "2023-07-03", "--data", data)
    units = json.loads(invoke("units", *args, "-f", "json").stdout)
    assert next(u for u in units if u["id"] == "rz-hrss")["nodes"] == {"逾期": 1, "正常": 1}
    assert next(u for u in units if u["id"] == "rz-health")["nodes"] == {}
    table = invoke("units", *args, env={"COLUMNS": "200"})
    assert "市人力资源和社会保障局：落实方案时间节点逾期1个" in table.stdout
    out = tmp_path / "site"
    assert invoke("site", "-o", out, "-q", "2", "--data", data).exit_code == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    # the dashboard is judged today, long after 6-30: the node is overdue, with the person to call
    assert "逾期｜技能培训：应于2023年6月30日前累计完成2万人次，目前报送1.52万人次" in page
    assert "责任人 赵强（0375-6022222）" in page
