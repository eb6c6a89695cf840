"""The command line: validate's formats and exit codes, help, indicators."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE_DATA, ROOT, SEED, MakeData, commands, invoke

Records = dict[str, dict[str, Any]]
GITHUB_LINE = re.compile(r"^::error file=[^,]+,line=\d+,col=\d+(,title=[^:]*)?::.+$")
DUPLICATE_UNIT = "::error file=data/units.yaml,line=12,col=9,"


# validate


def test_the_offices_data_validates() -> None:
    """The one test that reads the live data/: whatever the office commits there must validate.

    It checks no figure: the office adds a quarter's reports every three months."""
    result = invoke("validate", "--data", ROOT / "data")
    assert result.exit_code == 0, result.output
    assert "数据检查通过" in result.stdout


def test_the_frozen_data_validates() -> None:
    result = invoke("validate", "--data", FIXTURE_DATA)
    assert result.exit_code == 0, result.output
    assert "数据检查通过" in result.stdout


def test_github_format(make_data: MakeData) -> None:
    data = make_data("duplicate-unit-id")
    result = invoke("validate", "--format", "github", "--data", data)
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert errors and all(GITHUB_LINE.match(line) for line in errors)
    assert errors[0].startswith(DUPLICATE_UNIT)
    assert errors[0].endswith("::单位编号“rz-health”重复（第一次在第 8 行）")


def test_github_actions_picks_github_format(make_data: MakeData) -> None:
    data = make_data("duplicate-unit-id")
    plain = invoke("validate", "--data", data)
    in_ci = invoke("validate", "--data", data, env={"GITHUB_ACTIONS": "true"})
    assert plain.exit_code == in_ci.exit_code == 1
    assert "::error" not in plain.output
    assert in_ci.stdout.startswith(DUPLICATE_UNIT)


def test_json_format(make_data: MakeData) -> None:
    result = invoke("validate", "-f", "json", "--data", make_data("two-leads"))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert isinstance(problems, list) and problems
    keys = {"file", "line", "column", "code", "severity", "message"}
    assert all(set(problem) == keys for problem in problems)
    assert {problem["severity"] for problem in problems} == {"error"}


def test_missing_data_folder(tmp_path: Path) -> None:
    result = invoke("validate", "--data", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "数据目录" in result.stderr and "不存在" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_format_is_a_usage_error() -> None:
    result = invoke("validate", "--format", "xml", "--data", FIXTURE_DATA)
    assert result.exit_code == 2
    assert "无效" in result.stderr


def test_data_folder_from_environment(make_data: MakeData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_data("duplicate-unit-id").parent)  # ./data is now a bad catalogue
    assert invoke("validate").exit_code == 1
    result = invoke("validate", env={"MSCLI_DATA": str(FIXTURE_DATA)})
    assert result.exit_code == 0, result.output


# help


def test_app_has_help() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert all(words[0] in result.stdout for words in commands() if len(words) == 1)


@pytest.mark.parametrize("words", sorted(commands()), ids=lambda w: " ".join(w) or "mscli")
def test_every_command_and_option_has_chinese_help(words: tuple[str, ...]) -> None:
    command = commands()[words]
    assert command.help, f"{words} has no help text"
    for param in command.params:
        assert getattr(param, "help", None) or param.name == "help", (words, param.name)
    result = invoke(*words, "--help")
    assert result.exit_code == 0, result.output
    assert "用法：mscli" in result.stdout
    assert "显示此帮助并退出" in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


# indicators, on the frozen data, against the circular it transcribes


@pytest.fixture
def records() -> Records:
    result = invoke("indicators", "--format", "json", "--data", FIXTURE_DATA)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len({row["id"] for row in rows})
    return {row["id"]: row for row in rows}


def targets(record: dict[str, Any]) -> list[tuple[str, float, str]]:
    return [(m["kind"], m["target"], m["unit"]) for m in record["metrics"]]


def test_indicator_count(records: Records) -> None:
    assert len(records) == 44


def test_skill_training(records: Records) -> None:
    assert targets(records["skill-training"]) == [("count", 27200, "人次")]
    assert records["skill-training"]["lead_unit"] == "市人力资源和社会保障局"


def test_postal_rate(records: Records) -> None:
    record = records["village-delivery-stations"]
    assert targets(record) == [("rate", 75, "%")]
    assert record["lead_unit"] == "市邮政管理局"


def test_state_grid_rows(records: Records) -> None:
    grid = {key: targets(r) for key, r in records.items() if r["lead_unit"] == "国网汝州供电公司"}
    assert grid == {
        "distribution-areas": [("count", 28, "个")],
        "power-lines": [("count", 95.22, "千米")],
    }


def test_delegated_rows(records: Records) -> None:
    delegated = [r for r in records.values() if r["delegated"]]
    assert len(delegated) == 8
    assert all(r["delegated_to"] and not r["metrics"] for r in delegated)
    assert all(name.startswith("平顶山") for r in delegated for name in r["delegated_to"])


def test_disabled_children_in_project_five(records: Records) -> None:
    record = records["disabled-child-rehab"]
    city = list(dict.fromkeys(r["project"] for r in records.values() if r["block"] == "市"))
    assert city.index(record["project"]) + 1 == 5
    assert record["lead_unit"] == "市残联"
    assert targets(record) == [("count", 400, "人")]


def test_food_prohibition(records: Records) -> None:
    assert ("prohibition", 0, "起") in targets(records["food-sampling"])
    names = {m["name"] for m in records["food-sampling"]["metrics"] if m["kind"] == "prohibition"}
    assert names == {"重大食品安全事故"}


def test_range(records: Records) -> None:
    assert targets(records["demonstration-townships"]) == [("range", 2, "个")]
    assert records["demonstration-townships"]["target_text"] == "创建2—3个食品安全示范乡镇。"


# What the rows above transcribe: 附件1 of the circular, white space removed.
SEED_ROWS = {
    "skill-training": "完成技能培训16万人次。2.72万人次市人力资源和社会保障局",
    "village-delivery-stations": "75%的行政村设立村级寄递物流服务站。75%市邮政管理局",
    "distribution-areas": "完成220个配电台区升级改造。28个国网汝州供电公司",
    "power-lines": "新建改造10千伏及以下线路220千米。95.22千米",
    "disabled-child-rehab": "开展康复救助不少于1500人。400人市残联",
    "food-sampling": "抽验合格率达到98%以上，不发生重大食品安全事故。",
    "demonstration-townships": "启动食品安全示范乡镇创建工作。创建2—3个食品安全示范乡镇。",
}


@pytest.mark.parametrize("key", sorted(SEED_ROWS))
def test_rows_match_the_circular(key: str, records: Records) -> None:
    seed = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
    assert SEED_ROWS[key] in seed
    assert re.sub(r"\s+", "", records[key]["text"]) in seed
    assert seed.count("统一安排实施") == sum(r["delegated"] for r in records.values())


def test_indicators_table() -> None:
    result = invoke("indicators", "--data", FIXTURE_DATA)
    assert result.exit_code == 0, result.output
    assert "推进食品安全放心工程" in result.stdout
    assert "技能培训" in result.stdout  # the Chinese name leads; the id shows with room
    wide = invoke("indicators", "--data", FIXTURE_DATA, env={"COLUMNS": "200"})
    assert "skill-training" in wide.stdout
