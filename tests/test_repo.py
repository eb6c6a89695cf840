"""`mscli schema` and `mscli codeowners`: the files around the data that editors and GitHub read."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_DATA, ROOT, copy_data, invoke
from mscli.repo.schemas import KINDS
from mscli.yamlio.modeline import MARKER, file_name, kind_of

DATA_FILES = sorted([*FIXTURE_DATA.glob("*.yaml"), *FIXTURE_DATA.glob("progress/*/*.yaml")])


def test_committed_schemas_match_the_models() -> None:
    result = invoke("schema", "--check", "--out", ROOT / "schemas")
    assert result.exit_code == 0, result.output
    assert "已过期" not in result.output


def test_check_reports_a_stale_schema(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    stale = tmp_path / "schemas" / file_name("progress")
    stale.write_text("{}\n", encoding="utf-8")
    result = invoke("schema", "--check", "--out", tmp_path / "schemas")
    assert result.exit_code == 1
    assert "已过期" in result.output and "progress.schema.json" in result.output
    assert stale.read_text(encoding="utf-8") == "{}\n"  # --check writes nothing
    assert invoke("schema", "--out", tmp_path / "schemas").exit_code == 0
    assert json.loads(stale.read_text(encoding="utf-8"))["title"].startswith("牵头单位季度进度")


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(FIXTURE_DATA).as_posix())
def test_every_data_file_names_its_schema_and_passes_it(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MARKER)
    # what the editor opens: the committed schema of the file's kind, relative to the file
    target = (path.parent / first.removeprefix(MARKER)).resolve()
    assert target == ROOT / "schemas" / file_name(kind_of(path, FIXTURE_DATA) or "")
    schema = json.loads(target.read_text(encoding="utf-8"))
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    as_json: Any = json.loads(
        json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
    )
    jsonschema.validate(as_json, schema)  # what an editor's YAML extension checks


def test_schemas_speak_chinese() -> None:
    for kind in KINDS:
        schema = json.loads((ROOT / "schemas" / file_name(kind)).read_text(encoding="utf-8"))
        for definition in schema.get("$defs", {}).values():
            assert any("\u4e00" <= ch <= "\u9fff" for ch in definition["title"])
        assert schema["properties"]  # the top-level keys have Chinese titles too
        for prop in schema["properties"].values():
            assert any("\u4e00" <= ch <= "\u9fff" for ch in prop["title"])


def with_owners(tmp_path: Path, *, coordinators: str, reviewers: str | None) -> Path:
    data = copy_data(tmp_path / "repo" / "data")
    config = data / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + coordinators, encoding="utf-8")
    if reviewers is not None:
        units = data / "units.yaml"
        text = units.read_text(encoding="utf-8")
        marker = "    name: 市人力资源和社会保障局\n"
        units.write_text(text.replace(marker, marker + reviewers, 1), encoding="utf-8")
    return data


def test_codeowners_maps_units_to_their_reviewers(tmp_path: Path) -> None:
    data = with_owners(
        tmp_path,
        coordinators="coordinators: ['@ruzhou/dfzx']\n",
        reviewers="    reviewers: ['@wang-hrss', '@ruzhou/hrss']\n",
    )
    target = tmp_path / "repo" / ".github" / "CODEOWNERS"
    result = invoke("codeowners", "--data", data, "--output", target)
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "/data/indicators.yaml @ruzhou/dfzx" in lines
    assert "/templates/ @ruzhou/dfzx" in lines
    assert (
        "/data/progress/*/rz-hrss.yaml @wang-hrss @ruzhou/hrss @ruzhou/dfzx  # 市人力资源和社会保障局"
        in lines
    )
    again = invoke("codeowners", "--data", data, "--output", target)
    assert again.exit_code == 0 and "未变化" in again.output


def test_codeowners_does_not_replace_a_hand_written_file(tmp_path: Path) -> None:
    data = with_owners(tmp_path, coordinators="coordinators: ['@ruzhou/dfzx']\n", reviewers=None)
    target = tmp_path / "CODEOWNERS"
    target.write_text("* @someone\n", encoding="utf-8")
    args = ["codeowners", "--data", str(data), "--output", str(target)]
    refused = invoke(*args)
    assert refused.exit_code == 1 and "已存在" in refused.output
    assert target.read_text(encoding="utf-8") == "* @someone\n"
    assert invoke(*args, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# 由 mscli codeowners 生成")


def test_codeowners_needs_someone_to_own_things(tmp_path: Path) -> None:
    result = invoke("codeowners", "--data", FIXTURE_DATA, "--output", tmp_path / "CODEOWNERS")
    assert result.exit_code == 1
    assert "coordinators" in result.output and "reviewers" in result.output
    assert not (tmp_path / "CODEOWNERS").exists()


def test_a_malformed_reviewer_is_a_validation_error(tmp_path: Path) -> None:
    data = with_owners(tmp_path, coordinators="", reviewers="    reviewers: [wang-hrss]\n")
    result = invoke("validate", "--data", data, "--format", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["file"].endswith("units.yaml") and problem["line"] == 9


def mscli_commands(text: str) -> list[list[str]]:
    """Every `mscli …` command line in a CI file, as words (shell quoting and redirects dropped)."""
    commands = []
    for line in text.splitlines():
        line = line.split("#")[0].strip().removeprefix("run:").removeprefix("entry:").strip()
        if line.startswith("mscli "):
            commands.append(line.split(">")[0].split())
    return commands


@pytest.mark.parametrize(
    "ci_file",
    [
        ".pre-commit-hooks.yaml",
        ".github/workflows/mscli.yml",
        ".github/workflows/remind.yml",
        ".github/workflows/pages.yml",
    ],
)
def test_ci_files_call_commands_that_exist(ci_file: str) -> None:
    commands = mscli_commands((ROOT / ci_file).read_text(encoding="utf-8"))
    assert commands
    for words in commands:
        name = words[1]
        result = invoke(name, "--help")
        assert result.exit_code == 0, (ci_file, words, result.output)
        for option in (w for w in words[2:] if w.startswith("--")):
            assert option in result.output, (ci_file, option)


def test_the_remind_workflow_commands_run_and_give_the_issue_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scheduled workflow's `mscli remind` lines, run as written for the third quarter."""
    data = copy_data(tmp_path / "data")
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    monkeypatch.chdir(tmp_path)
    commands = mscli_commands((ROOT / ".github/workflows/remind.yml").read_text(encoding="utf-8"))
    assert [words[1] for words in commands] == ["remind"] * 4
    by_hand = [c for c in commands if '"$INPUT_QUARTER"' in c]
    scheduled = [c for c in commands if "--on-schedule" in c]
    assert len(by_hand) == len(scheduled) == 2
    # the daily run on a day that is not in config's schedule writes nothing
    for words in scheduled:
        result = invoke(*words[1:], "--as-of", "2023-09-21", "-d", data)
        assert result.exit_code == 0 and "不是催办日" in result.output
    assert not (tmp_path / "remind.md").exists()  # the next step exits: nothing to post
    for words in scheduled:  # five days before the deadline: the quarter's 催办
        result = invoke(*words[1:], "--as-of", "2023-09-20", "-d", data)
        assert result.exit_code == 0, (words, result.output)
    title = (tmp_path / "remind.md").read_text(encoding="utf-8").splitlines()[0]
    assert title == "## 2023年第三季度重点民生实事进展报送催办"  # head -n 1 | sed 's/^## //'
    assert len(json.loads((tmp_path / "remind.json").read_text(encoding="utf-8"))) == 12
    for words in by_hand:  # run by hand for a quarter
        args = [w.replace('"$INPUT_QUARTER"', "3") for w in words[1:]]
        result = invoke(*args, "--as-of", "2023-09-21", "-d", data, "--force")
        assert result.exit_code == 0, (words, result.output)


@pytest.mark.parametrize(
    "owner",
    ["@wang-hrss", "@wang_rzgov", "@Civil-Affairs", "@a", "@rz-gov/hrss_team.2", "wang@rz.gov.cn"],
)
def test_every_owner_form_codeowners_takes_is_accepted(tmp_path: Path, owner: str) -> None:
    """Users (an enterprise's managed accounts have _), org/team and e-mail, as GitHub documents."""
    data = with_owners(
        tmp_path,
        coordinators=f"coordinators: ['{owner}']\n",
        reviewers=f"    reviewers: ['{owner}']\n",
    )
    assert invoke("validate", "--data", data).exit_code == 0
    target = tmp_path / "repo" / ".github" / "CODEOWNERS"
    result = invoke("codeowners", "--data", data, "--output", target)
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert f"/data/indicators.yaml {owner}" in lines
    assert f"/data/progress/*/rz-hrss.yaml {owner}  # 市人力资源和社会保障局" in lines


BAD_OWNERS = [
    ("wang-hrss", "应以 @ 开头，写作 @wang-hrss"),
    ("rz-gov/hrss", "应以 @ 开头，写作 @rz-gov/hrss"),
    ("@wang@rz.gov.cn", "电子邮箱前不加 @，写作 wang@rz.gov.cn"),
    ("wang@rz", "电子邮箱的 @ 后要写完整的域名"),
    ("@rz-gov/", "团队写作 @组织/团队"),
    ("@rz/hrss/clerks", "团队写作 @组织/团队"),
    ("@-wang", "不能以连字符（-）或下划线（_）开头或结尾"),
    ("@wang.hrss", "不能有“.”"),
    ("@王某", "不能写中文姓名"),
    ("@wang @li", "几位审核人请分别写成列表的一项"),
    ("@", "@ 后要写 GitHub 用户名"),
]


@pytest.mark.parametrize(("owner", "advice"), BAD_OWNERS)
def test_a_bad_reviewer_is_told_what_is_wrong_with_it(
    tmp_path: Path, owner: str, advice: str
) -> None:
    data = with_owners(tmp_path, coordinators="", reviewers=f"    reviewers: ['{owner}']\n")
    text = (data / "units.yaml").read_text(encoding="utf-8")
    line = text[: text.index("    reviewers:")].count("\n") + 1
    result = invoke("validate", "--data", data, "--format", "json")
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"], problem["column"], problem["code"]) == (
        "data/units.yaml",
        line,
        len("    reviewers: [") + 1,
        "owner",
    )
    assert f"GitHub 账号“{owner}”格式不对：" in problem["message"]
    assert advice in problem["message"]


def test_a_bad_coordinator_is_told_the_same_in_config(tmp_path: Path) -> None:
    data = with_owners(tmp_path, coordinators="coordinators: [dfzx]\n", reviewers=None)
    lines = (data / "config.yaml").read_text(encoding="utf-8").splitlines()
    result = invoke("validate", "--data", data, "--format", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"], problem["column"]) == (
        "data/config.yaml",
        len(lines),
        len("coordinators: [") + 1,
    )
    assert "应以 @ 开头，写作 @dfzx" in problem["message"]
