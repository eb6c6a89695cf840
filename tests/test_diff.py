"""`mscli diff` end to end: the frozen data committed to a temporary git repository, then edited.

Every expected number is worked out from the YAML, as a reviewer of the pull request would.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import TEMPLATES, copy_data, fill_new_years_header, invoke
from mscli.diff import git as diff_source
from mscli.yamlio.source import MAX_BYTES

HRSS_Q2 = Path("progress/2023-Q2/rz-hrss.yaml")
LEAGUE_Q2 = Path("progress/2023-Q2/rz-youth-league.yaml")


pytestmark = pytest.mark.usefixtures("isolated_git")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8", check=True
    )
    return done.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-gpg-sign", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the frozen data in data/, committed on main."""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "--quiet", "--initial-branch=main")
    copy_data(top / "data")
    commit_all(top, "数据")
    return top


def load_yaml(path: Path) -> Any:
    return YAML(typ="rt").load(path.read_text(encoding="utf-8"))


def save_yaml(path: Path, document: Any) -> None:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)


def set_value(data: Path, report: Path, indicator: str, metric: str, value: float | str) -> Any:
    """Change one reported value; return the value it replaced."""
    document = load_yaml(data / report)
    values = document["indicators"][indicator]["values"]
    old = values[metric]
    values[metric] = value
    save_yaml(data / report, document)
    return old


def find_indicator(document: Any, indicator: str) -> Any:
    return next(i for p in document["projects"] for i in p["indicators"] if i["id"] == indicator)


def diff(data: Path, *args: str, code: int = 0) -> str:
    result = invoke("diff", "--data", data, *args)
    assert result.exit_code == code, result.output
    return result.output


def diff_json(data: Path, *args: str) -> Any:
    return json.loads(diff(data, "--format", "json", *args))


def changes_of(report: Any, quarter: int) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        q for q in report["quarters"] if (q["year"], q["quarter"]) == (2023, quarter)
    ]
    assert len(found) == 1, report["quarters"]
    return found[0]


def indicator_of(report: Any, quarter: int, indicator: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = changes_of(report, quarter)["indicators"]
    return next(i for i in rows if i["id"] == indicator)


# --- values ------------------------------------------------------------------------------------


def test_a_changed_value_shows_old_and_new_numbers_completion_and_status(repo: Path) -> None:
    data = repo / "data"
    catalogue = load_yaml(data / "indicators.yaml")
    target = find_indicator(catalogue, "skill-training")["target"]["metrics"][0]
    assert (target["value"], target["unit"], target["display_unit"]) == (27200, "人次", "万人次")
    old = set_value(data, HRSS_Q2, "skill-training", "trainees", 2.0)  # 万人次
    assert old == 1.52

    report = diff_json(data)
    assert report["base"] == "HEAD"
    assert report["changed"] is True
    row = indicator_of(report, 2, "skill-training")
    assert row["lead_unit"] == "市人力资源和社会保障局"
    assert row["metrics"] == [
        {
            "id": "trainees",
            "name": "技能培训",
            "old": 15200,
            "new": 20000,
            "unit": "人次",
            "display_unit": "万人次",
            "old_text": "1.52万人次",
            "new_text": "2万人次",
            "changed": True,
        }
    ]
    assert row["completion_old"] == pytest.approx(15200 / 27200)
    assert row["completion_new"] == pytest.approx(20000 / 27200)
    assert row["completion_change"] == pytest.approx((20000 - 15200) / 27200 * 100, abs=1e-4)
    # Q2 schedule 50%: 55.9% is less than 10 points ahead (按序时); 73.5% is more (超序时)
    assert (row["status_old"], row["status_new"]) == ("按序时", "超序时")
    # the other indicators of the quarter did not move, nor did Q1
    assert [i["id"] for i in changes_of(report, 2)["indicators"]] == ["skill-training"]
    assert [q["quarter"] for q in report["quarters"]] == [2]
    assert report["definitions"] == []


def test_markdown_is_a_pull_request_comment(repo: Path) -> None:
    data = repo / "data"
    set_value(data, HRSS_Q2, "skill-training", "trainees", 2.0)
    md = diff(data, "--format", "md", "--base", "main")
    lines = md.splitlines()
    assert lines[0] == "### 数据变更（相对 main）"
    assert "数值、完成率或状态有变化的指标：2023年第2季度 1 项。" in lines
    assert "#### 2023年第2季度" in lines
    assert "| 指标 | 牵头单位 | 原值 | 新值 | 完成率变化 | 状态变化 |" in lines
    assert (
        "| 技能培训（skill-training） | 市人力资源和社会保障局 | 1.52万人次 | 2万人次 | "
        "55.9% → 73.5%（+17.6个百分点） | 按序时 → 超序时 |"
    ) in lines
    assert "未发现数据变更" not in md


def test_text_view_for_the_terminal(repo: Path) -> None:
    data = repo / "data"
    set_value(data, HRSS_Q2, "skill-training", "trainees", 2.0)
    result = invoke("diff", "--data", data, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "数据变更（相对 HEAD）" in result.output
    assert "技能培训" in result.output and "skill-training" not in result.output
    assert "按序时 → 超序时" in result.output


def test_nothing_changed(repo: Path) -> None:
    data = repo / "data"
    md = diff(data, "--format", "md")
    assert md == "### 数据变更（相对 HEAD）\n\n未发现数据变更。\n"
    assert diff_json(data) == {
        "base": "HEAD",
        "changed": False,
        "notes": [],
        "quarters": [],
        "definitions": [],
    }
    assert "未发现数据变更。" in diff(data)


def test_only_comments_changed_is_no_change(repo: Path) -> None:
    data = repo / "data"
    path = data / HRSS_Q2
    path.write_text("# 审核意见：已核对台账\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert diff_json(data)["changed"] is False


# --- reports -----------------------------------------------------------------------------------


def test_a_deleted_report_leaves_its_indicators_unreported(repo: Path) -> None:
    data = repo / "data"
    league = load_yaml(data / LEAGUE_Q2)
    (data / LEAGUE_Q2).unlink()
    quarter = changes_of(diff_json(data), 2)
    assert quarter["reports"] == [
        {
            "unit_id": "rz-youth-league",
            "unit": "团市委",
            "kind": "removed",
            "message": "删除报送：团市委（rz-youth-league.yaml）",
        }
    ]
    rows = {i["id"]: i for i in quarter["indicators"]}
    assert set(rows) == set(league["indicators"])
    for row in rows.values():
        assert row["status_new"] == "未报送"
        assert row["completion_new"] is None
        assert all(m["new"] is None for m in row["metrics"])


def test_a_new_report_is_listed_as_new(repo: Path) -> None:
    data = repo / "data"
    report = load_yaml(data / "progress/2023-Q1/rz-disabled-federation.yaml")
    report["submitted"] = "2023-06-21"
    report["indicators"]["disabled-child-rehab"]["values"]["children"] = 120
    save_yaml(data / "progress/2023-Q2/rz-disabled-federation.yaml", report)
    catalogue = load_yaml(data / "indicators.yaml")
    target = find_indicator(catalogue, "disabled-child-rehab")["target"]["metrics"][0]["value"]

    quarter = changes_of(diff_json(data), 2)
    assert [(r["kind"], r["unit_id"]) for r in quarter["reports"]] == [
        ("added", "rz-disabled-federation")
    ]
    assert quarter["reports"][0]["message"].startswith("新报送：市残联")
    row = next(i for i in quarter["indicators"] if i["id"] == "disabled-child-rehab")
    assert (row["metrics"][0]["old"], row["metrics"][0]["new"]) == (None, 120)
    assert row["status_old"] == "未报送"
    assert row["completion_old"] is None
    assert row["completion_new"] == pytest.approx(min(120 / target, 1.0))


def test_a_later_date_makes_the_report_late(repo: Path) -> None:
    data = repo / "data"
    report = load_yaml(data / HRSS_Q2)
    report["submitted"] = "2023-06-27"  # after the 25th
    save_yaml(data / HRSS_Q2, report)
    quarter = changes_of(diff_json(data), 2)
    assert quarter["indicators"] == []
    assert quarter["reports"] == [
        {
            "unit_id": "rz-hrss",
            "unit": "市人力资源和社会保障局",
            "kind": "submitted",
            "message": "市人力资源和社会保障局的报送日期：2023-06-20 → 2023-06-27，按时报送 → 迟报",
        }
    ]


# --- definitions -------------------------------------------------------------------------------


def test_a_changed_target_moves_completion_and_is_a_definition_change(repo: Path) -> None:
    data = repo / "data"
    catalogue = load_yaml(data / "indicators.yaml")
    target = find_indicator(catalogue, "skill-training")["target"]
    target["text"] = "3.04万人次"  # the text and the value agree, or validate refuses
    metric = target["metrics"][0]
    metric["value"] = 30400
    save_yaml(data / "indicators.yaml", catalogue)
    reported = load_yaml(data / HRSS_Q2)["indicators"]["skill-training"]["values"]["trainees"]

    report = diff_json(data)
    message = "指标 skill-training 指标项 trainees（技能培训）的目标值：2.72万人次 → 3.04万人次"
    assert report["definitions"] == [
        {
            "kind": "target-text",
            "id": "skill-training",
            "message": "指标 skill-training 的汝州市指标任务：2.72万人次 → 3.04万人次",
        },
        {"kind": "metric-changed", "id": "skill-training/trainees", "message": message},
    ]
    row = indicator_of(report, 2, "skill-training")
    assert row["metrics"][0]["changed"] is False
    assert row["metrics"][0]["old"] == row["metrics"][0]["new"] == reported * 10000
    assert row["completion_old"] == pytest.approx(reported * 10000 / 27200)
    assert row["completion_new"] == pytest.approx(reported * 10000 / 30400)
    md = diff(data, "--format", "md")
    assert "#### 定义变更" in md
    assert f"\n- {message}\n" in md


def test_an_added_indicator_and_a_config_change(repo: Path) -> None:
    data = repo / "data"
    catalogue = load_yaml(data / "indicators.yaml")
    employment = next(p for p in catalogue["projects"] if p["id"] == "employment")
    employment["indicators"].append(
        {
            "id": "youth-internships",
            "text": "组织青年就业见习岗位1万个。",
            "target": {
                "text": "600个",
                "metrics": [
                    {
                        "id": "posts",
                        "name": "就业见习岗位",
                        "kind": "count",
                        "value": 600,
                        "unit": "个",
                    },
                ],
            },
        }
    )
    save_yaml(data / "indicators.yaml", catalogue)
    config = load_yaml(data / "config.yaml")
    config["status"] = {"ahead": 15}
    save_yaml(data / "config.yaml", config)

    report = diff_json(data)
    kinds = [(d["kind"], d["id"]) for d in report["definitions"]]
    assert kinds == [("indicator-added", "youth-internships"), ("config", "status.ahead")]
    assert "组织青年就业见习岗位1万个" in report["definitions"][0]["message"]
    assert report["definitions"][1]["message"] == (
        "配置“进度状态规则”的超序时幅度（status.ahead）：10 → 15"
    )
    # without a report it has no row in the quarter tables
    assert "youth-internships" not in {i["id"] for q in report["quarters"] for i in q["indicators"]}
    # 城镇新增就业 0.43万 of 0.68万 is 63.2% at a 50% schedule: 13.2 points ahead, short of 15 now
    reported = load_yaml(data / HRSS_Q2)["indicators"]["urban-employment"]["values"]["new-jobs"]
    assert reported * 10000 / 6800 == pytest.approx(0.632, abs=1e-3)
    row = indicator_of(report, 2, "urban-employment")
    assert (row["status_old"], row["status_new"]) == ("超序时", "按序时")
    assert row["completion_old"] == row["completion_new"]
    for q in report["quarters"]:
        moved = {(i["status_old"], i["status_new"]) for i in q["indicators"]}
        assert moved == {("超序时", "按序时")}


def test_units_targets_and_delegation(repo: Path) -> None:
    data = repo / "data"
    units = load_yaml(data / "units.yaml")
    league = next(u for u in units["units"] if u["id"] == "rz-youth-league")
    league["name"] = "共青团汝州市委员会"
    league["aliases"] = ["团市委"]  # so that indicators.yaml still finds it
    units["units"].append({"id": "rz-archives", "name": "市档案馆", "level": "county"})
    save_yaml(data / "units.yaml", units)
    catalogue = load_yaml(data / "indicators.yaml")
    find_indicator(catalogue, "skill-training")["target"]["text"] = "2.72万人次以上"
    find_indicator(catalogue, "heating")["target"]["delegated_to"] = ["平顶山市住房和城乡建设局"]
    project = next(
        p for p in catalogue["projects"] if any(i["id"] == "drainage" for i in p["indicators"])
    )
    project["indicators"] = [i for i in project["indicators"] if i["id"] != "drainage"]
    for section in project["standards"]:
        section["indicators"] = [i for i in section.get("indicators", []) if i != "drainage"]
    save_yaml(data / "indicators.yaml", catalogue)

    report = diff_json(data)
    assert [(d["kind"], d["id"], d["message"]) for d in report["definitions"]] == [
        ("unit-added", "rz-archives", "新增单位：市档案馆（rz-archives，汝州市）"),
        (
            "unit-renamed",
            "rz-youth-league",
            "单位 rz-youth-league 更名：团市委 → 共青团汝州市委员会",
        ),
        (
            "unit-changed",
            "rz-youth-league",
            "单位 共青团汝州市委员会（rz-youth-league）的别名：（无） → 团市委",
        ),
        ("standards", "urban-renewal", "项目 urban-renewal（深入推进城市更新）的验收标准有修改"),
        (
            "indicator-removed",
            "drainage",
            "删除指标 drainage：疏通道路排水管道13条，清掏检查井900座，改造城区积水点42处。",
        ),
        (
            "target-text",
            "skill-training",
            "指标 skill-training 的汝州市指标任务：2.72万人次 → 2.72万人次以上",
        ),
        (
            "delegation",
            "heating",
            "指标 heating 的上级实施单位：平顶山市城市管理局 → 平顶山市住房和城乡建设局",
        ),
    ]
    # delegated on both sides and no values: nothing moves in the quarter tables
    assert report["quarters"] == []


def test_a_new_lead_unit(repo: Path) -> None:
    data = repo / "data"
    catalogue = load_yaml(data / "indicators.yaml")
    find_indicator(catalogue, "disabled-child-rehab")["lead"] = ["市民政局"]
    save_yaml(data / "indicators.yaml", catalogue)
    federation = data / "progress/2023-Q1/rz-disabled-federation.yaml"
    entry = load_yaml(federation)["indicators"]["disabled-child-rehab"]
    federation.unlink()
    civil = load_yaml(data / "progress/2023-Q1/rz-civil-affairs.yaml")
    civil["indicators"]["disabled-child-rehab"] = entry
    save_yaml(data / "progress/2023-Q1/rz-civil-affairs.yaml", civil)

    report = diff_json(data)
    assert [(d["kind"], d["message"]) for d in report["definitions"]] == [
        ("lead", "指标 disabled-child-rehab 的牵头单位：市残联 → 市民政局"),
    ]
    q1 = changes_of(report, 1)
    assert q1["indicators"] == []  # the same 86 children, now reported by 市民政局
    assert [(r["kind"], r["unit_id"]) for r in q1["reports"]] == [
        ("text", "rz-civil-affairs"),
        ("removed", "rz-disabled-federation"),
    ]
    message = q1["reports"][0]["message"]
    assert message.startswith("市民政局修改了进展情况等文字：残疾儿童康复救助：")
    # what the new texts say, quoted, for the reviewer
    assert "存在问题改为“部分定点康复机构服务能力不足，孤独症儿童康复需求排队较多。”" in message
    assert "disabled-child-rehab" not in message


def test_compared_against_a_branch(repo: Path) -> None:
    data = repo / "data"
    git(repo, "switch", "--quiet", "--create", "feature")
    set_value(data, HRSS_Q2, "urban-employment", "new-jobs", 0.5)
    commit_all(repo, "人社局第二季度城镇新增就业")
    assert diff_json(data)["changed"] is False  # against HEAD: nothing left uncommitted
    row = indicator_of(diff_json(data, "--base", "main"), 2, "urban-employment")
    assert (row["metrics"][0]["old"], row["metrics"][0]["new"]) == (4300, 5000)


@pytest.mark.parametrize("inside", [".", "项目 一/数据"])
def test_wherever_the_data_folder_sits_in_its_repository(tmp_path: Path, inside: str) -> None:
    top = tmp_path / "top"
    data = copy_data(top / inside)
    git(top, "init", "--quiet", "--initial-branch=main")
    commit_all(top, "数据")
    set_value(data, HRSS_Q2, "skill-training", "trainees", 2.0)
    row = indicator_of(diff_json(data), 2, "skill-training")
    assert (row["metrics"][0]["old"], row["metrics"][0]["new"]) == (15200, 20000)


# --- the base side's data ----------------------------------------------------------------------


def test_base_with_a_broken_report_is_compared_with_a_note(repo: Path) -> None:
    data = repo / "data"
    good = (data / HRSS_Q2).read_text(encoding="utf-8")
    (data / HRSS_Q2).write_text("submitted: [\n", encoding="utf-8")
    commit_all(repo, "写坏的进度文件")
    (data / HRSS_Q2).write_text(good, encoding="utf-8")
    report = diff_json(data)
    assert len(report["notes"]) == 1
    assert "修订版本“HEAD”中的数据有 1 个错误" in report["notes"][0]
    assert changes_of(report, 2)["reports"][0]["kind"] == "added"
    assert "> **注意：**" in diff(data, "--format", "md")


def test_base_with_a_broken_catalogue_exits_1(repo: Path) -> None:
    data = repo / "data"
    good = (data / "indicators.yaml").read_text(encoding="utf-8")
    (data / "indicators.yaml").write_text("programme: [\n", encoding="utf-8")
    commit_all(repo, "写坏的指标目录")
    (data / "indicators.yaml").write_text(good, encoding="utf-8")
    output = diff(data, code=1)
    assert "修订版本“HEAD”中的指标目录或配置有" in output
    assert "无法比较" in output


def test_new_side_with_errors_exits_1_with_the_problems(repo: Path) -> None:
    data = repo / "data"
    set_value(data, HRSS_Q2, "skill-training", "trainees", "很多")
    output = diff(data, code=1)
    assert "rz-hrss.yaml" in output
    assert "请先修正数据" in output


# --- usage errors: exit 2 ------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["no-such-branch", "origin/main", "--output=x", ""])
def test_unknown_revision(repo: Path, ref: str) -> None:
    output = diff(repo / "data", "--base", ref, code=2)
    assert f"找不到修订版本“{ref}”" in output


def test_not_a_git_repository(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "plain" / "data")
    assert "不在 git 仓库中" in diff(data, code=2)


def test_data_folder_absent_at_the_revision(tmp_path: Path) -> None:
    top = tmp_path / "late"
    top.mkdir()
    git(top, "init", "--quiet", "--initial-branch=main")
    (top / "README.md").write_text("说明\n", encoding="utf-8")
    commit_all(top, "说明")
    copy_data(top / "data")
    assert "修订版本“HEAD”中没有数据目录 data" in diff(top / "data", code=2)


def test_git_missing(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert "找不到 git 命令" in diff(repo / "data", code=2)


def test_missing_data_folder(tmp_path: Path) -> None:
    assert "不存在" in diff(tmp_path / "nowhere", code=2)


# --- a documented correction downwards -----------------------------------------------------------


def test_a_correction_note_turns_a_decrease_into_a_warning_shown_in_diff_and_circular(
    repo: Path, tmp_path: Path
) -> None:
    data = repo / "data"
    report = Path("progress/2023-Q2/rz-hrss.yaml")
    set_value(data, report, "skill-training", "trainees", 0.5)  # below Q1's 0.61万
    refused = invoke("validate", "--data", data)
    assert refused.exit_code == 1 and "correction: 更正说明" in refused.output

    document = load_yaml(data / report)
    note = "一季度误将计划数报为完成数，实际为0.45万人次"
    document["indicators"]["skill-training"]["correction"] = note
    save_yaml(data / report, document)
    checked = invoke("validate", "--data", data)
    assert checked.exit_code == 0, checked.output
    assert "警告" in checked.output and f"已说明为更正：{note}" in checked.output

    change = indicator_of(diff_json(data), 2, "skill-training")
    assert change["correction"] == note
    assert f"（更正：{note}）" in diff(data, "--format", "md")

    target = tmp_path / "q2.json"
    args = ["report", "-q", "2", "-f", "json", "-o", str(target), "-d", str(data)]
    assert invoke(*args, "-t", str(TEMPLATES)).exit_code == 0
    context = json.loads(target.read_text(encoding="utf-8"))
    indicator = next(i for i in context["indicators"] if i["id"] == "skill-training")
    assert indicator["correction"] == note


# --- bounded reading of the base revision --------------------------------------------------------


def test_an_oversized_file_at_the_revision_is_refused_unread(repo: Path) -> None:
    """A file the loader would refuse is not read out of git at all: its size is asked first."""
    data = repo / "data"
    good = (data / HRSS_Q2).read_text(encoding="utf-8")
    line = "# " + "填充" * 40 + "\n"
    padding = line * ((MAX_BYTES + 3_000_000) // len(line.encode()))  # 3 MB over the cap
    (data / HRSS_Q2).write_text(good + padding, encoding="utf-8")
    commit_all(repo, "超大的进度文件")
    size = (data / HRSS_Q2).stat().st_size
    assert MAX_BYTES < size < 3 * MAX_BYTES
    (data / HRSS_Q2).write_text(good, encoding="utf-8")
    output = "".join(diff(data, code=1).split())
    assert (
        f"修订版本“HEAD”中的data/{HRSS_Q2.as_posix()}有{size}字节，"
        f"超过数据文件的上限{MAX_BYTES}字节" in output
    )


def test_too_much_yaml_or_too_many_files_at_the_revision(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = repo / "data"
    total = sum(p.stat().st_size for p in data.rglob("*.yaml"))
    monkeypatch.setattr(diff_source, "MAX_TOTAL_BYTES", total - 1)
    assert f"YAML文件共{total}字节，超过上限{total - 1}字节" in "".join(diff(data, code=1).split())
    monkeypatch.setattr(diff_source, "MAX_TOTAL_BYTES", total)
    diff(data)
    count = sum(1 for p in data.rglob("*") if p.is_file())
    monkeypatch.setattr(diff_source, "MAX_FILES", count - 1)
    assert f"有{count}个文件，超过上限{count - 1}个" in "".join(diff(data, code=1).split())


def test_other_files_at_the_revision_are_listed_not_read(repo: Path) -> None:
    """A big attachment beside the data (not YAML) is neither read nor a reason to refuse."""
    data = repo / "data"
    (data / "佐证").mkdir()
    (data / "佐证" / "台账.pdf").write_bytes(os.urandom(2 * MAX_BYTES))
    commit_all(repo, "附件")
    report = diff_json(data)
    assert report["notes"] == []


# --- plans (落实方案) --------------------------------------------------------------------------


def test_a_plan_node_moved_in_a_pull_request_is_reported(repo: Path) -> None:
    data = repo / "data"
    plan = data / "plans" / "2023" / "rz-hrss.yaml"
    plan.parent.mkdir(parents=True)
    nodes = "        - {date: 2023-06-30, value: %s}\n        - {date: 2023-12-31, value: 2.72}\n"
    head = (
        "leader: {name: 王建国, post: 副局长}\ncontact: {name: 李敏, phone: 13837512345}\n"
        "indicators:\n  skill-training:\n    nodes:\n      trainees:\n"
    )
    plan.write_text(head + nodes % "1.5", encoding="utf-8")
    commit_all(repo, "落实方案")
    plan.write_text(head + nodes % "2", encoding="utf-8")  # the 6-30 node raised to 2万
    row = indicator_of(diff_json(data), 2, "skill-training")
    assert (row["status_old"], row["status_new"]) == ("按序时", "滞后")
    assert row["schedule_old"] == pytest.approx(15000 / 27200, abs=1e-6)
    assert row["schedule_new"] == pytest.approx(20000 / 27200, abs=1e-6)
    assert row["schedule_basis"] == "按落实方案"
    text = diff(data, "--format", "md")
    assert "按序时 → 滞后；时序进度 55% → 74%（按落实方案）" in text


def test_values_entered_in_a_draft_are_shown_though_they_count_for_nothing_yet(
    repo: Path,
) -> None:
    data = repo / "data"
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    commit_all(repo, "第三季度草稿")
    path = data / "progress/2023-Q3/rz-hrss.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      trainees: 1.52" in text
    path.write_text(
        text.replace("      trainees: 1.52", "      trainees: 1.9", 1), encoding="utf-8"
    )

    quarter = changes_of(diff_json(data), 3)
    assert quarter["indicators"] == []  # a draft moves no figure
    [change] = quarter["reports"]
    assert (change["kind"], change["unit_id"]) == ("draft", "rz-hrss")
    assert change["message"] == (
        "市人力资源和社会保障局的草稿（报送日期未填，尚未计入进度）中的数值：技能培训 1.52万人次 → 1.9万人次"
    )
    assert "未发现数据变更" not in diff(data, "--format", "md")


def test_the_new_year_pull_request_compares_like_with_like(repo: Path) -> None:
    """`new-year` moves 2023 to archive/2023/: its values are not 'deleted', and the definition
    changes are the 2024 catalogue's against 2023's."""
    data = repo / "data"
    assert invoke("new-year", "-d", data, "--keep-values").exit_code == 0
    fill_new_years_header(data)
    assert invoke("validate", "-d", data).exit_code == 0

    report = diff_json(data)
    assert report["quarters"] == []  # no 2023 value went anywhere
    assert "本次变更开始了2024年（mscli new-year）" in report["notes"][0]
    messages = [d["message"] for d in report["definitions"]]
    assert "年度计划的年度：2023 → 2024" in messages
    assert "年度计划的文号：汝政办〔2023〕45号 → 汝政办〔2024〕12号" in messages
    assert "未报送" not in diff(data)


def test_every_row_of_the_comment_leads_with_the_indicators_chinese_name(repo: Path) -> None:
    data = repo / "data"
    set_value(data, HRSS_Q2, "skill-training", "trainees", 2.0)
    set_value(data, HRSS_Q2, "urban-employment", "new-jobs", 0.5)
    md = diff(data, "--format", "md", "--base", "main")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "牵头单位" not in line]
    assert [row.split(" | ")[0] for row in rows] == [
        "| 技能培训（skill-training）",
        "| 城镇新增就业（urban-employment）",
    ]
