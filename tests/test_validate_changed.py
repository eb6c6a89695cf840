"""`mscli validate --changed`: a pull request answers for the files it changes and those they
affect, in a temporary git repository holding the frozen data (as tests/test_diff.py builds it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_data, invoke, replace_once
from test_acceptance import EMPLOYMENT, record
from test_diff import commit_all, git

pytestmark = pytest.mark.usefixtures("isolated_git")

HRSS_Q1 = "progress/2023-Q1/rz-hrss.yaml"
HRSS_Q2 = "progress/2023-Q2/rz-hrss.yaml"
POSTAL_Q2 = "progress/2023-Q2/rz-postal.yaml"
TYPO = "misspelt: 1\n"  # an unknown field, reported on the line it is on


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main holds the data with one broken file nobody in the pull request touched (the postal
    report); the branch `pr` starts from it."""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "--quiet", "--initial-branch=main")
    copy_data(top / "data")
    with (top / "data" / POSTAL_Q2).open("a", encoding="utf-8") as file:
        file.write(TYPO)
    commit_all(top, "数据")
    git(top, "switch", "--quiet", "-c", "pr")
    return top


def validate(repo: Path, *args: str, code: int) -> tuple[list[dict[str, object]], str]:
    """The problems reported (JSON) and the scope line on stderr."""
    result = invoke("validate", "--data", repo / "data", "--format", "json", *args)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout), result.stderr


def files(problems: list[dict[str, object]]) -> set[object]:
    return {p["file"] for p in problems if p["severity"] != "notice"}


def test_the_whole_folder_reports_the_untouched_broken_file(repo: Path) -> None:
    problems, _ = validate(repo, code=1)
    assert files(problems) == {f"data/{POSTAL_Q2}"}


def test_a_problem_in_a_committed_change_fails_with_its_line(repo: Path) -> None:
    path = repo / "data" / HRSS_Q2
    lines = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8") as file:
        file.write(TYPO)
    commit_all(repo, "人社局二季度")
    problems, scope = validate(repo, "--changed", code=1)
    errors = [p for p in problems if p["severity"] == "error"]
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in errors] == [
        (f"data/{HRSS_Q2}", lines + 1, 1, "unknown-field")
    ]
    assert "自 main 的合并基点" in scope and "有 1 个数据文件变更" in scope


def test_a_good_change_passes_beside_an_untouched_broken_file(repo: Path) -> None:
    replace_once(repo / "data" / HRSS_Q2, "trainees: 1.52", "trainees: 1.6")  # not committed
    problems, _ = validate(repo, "--changed", code=0)
    assert f"data/{POSTAL_Q2}" not in files(problems)


def test_an_untracked_file_is_a_change(repo: Path) -> None:
    path = repo / "data" / "progress" / "2023-Q2" / "rz-hrss-copy.yaml"
    path.write_text("submitted: 2023-06-20\n" + TYPO, encoding="utf-8")
    problems, _ = validate(repo, "--changed", code=1)
    assert f"data/{POSTAL_Q2}" not in files(problems)
    assert "data/progress/2023-Q2/rz-hrss-copy.yaml" in files(problems)


def test_a_check_across_files_reports_on_the_unchanged_file_it_affects(repo: Path) -> None:
    """Raising the first quarter above the second makes the (unchanged) second quarter fall."""
    replace_once(repo / "data" / HRSS_Q1, "trainees: 0.61", "trainees: 1.9")
    commit_all(repo, "人社局一季度")
    problems, _ = validate(repo, "--changed", code=1)
    decrease = [p for p in problems if p["code"] == "cumulative-decrease"]
    assert [p["file"] for p in decrease] == [f"data/{HRSS_Q2}"]
    assert f"data/{POSTAL_Q2}" not in files(problems)


@pytest.mark.parametrize("catalogue", ["indicators.yaml", "units.yaml", "config.yaml"])
def test_a_catalogue_change_checks_everything(repo: Path, catalogue: str) -> None:
    with (repo / "data" / catalogue).open("a", encoding="utf-8") as file:
        file.write("# 改了一行注释\n")
    problems, scope = validate(repo, "--changed", code=1)
    assert f"data/{POSTAL_Q2}" in files(problems)
    assert f"有变更的 {catalogue} 影响全部数据，校验全部文件" in scope


def test_a_schema_change_checks_everything(repo: Path) -> None:
    (repo / "schemas").mkdir()
    (repo / "schemas" / "progress.schema.json").write_text("{}\n", encoding="utf-8")
    problems, _ = validate(repo, "--changed", code=1)
    assert f"data/{POSTAL_Q2}" in files(problems)


def test_no_data_change_reads_nothing(repo: Path) -> None:
    (repo / "README.md").write_text("说明\n", encoding="utf-8")
    problems, scope = validate(repo, "--changed", code=0)
    assert problems == []
    assert "数据目录中没有文件变更" in scope


def test_base_is_the_merge_base_not_the_branch_tip(repo: Path) -> None:
    """main moving on (here: breaking the hrss Q2 file) is not the branch's doing."""
    git(repo, "switch", "--quiet", "main")
    with (repo / "data" / HRSS_Q2).open("a", encoding="utf-8") as file:
        file.write(TYPO)
    commit_all(repo, "主干")
    git(repo, "switch", "--quiet", "-c", "other", "HEAD~1")
    replace_once(repo / "data" / HRSS_Q1, "trainees: 0.61", "trainees: 0.7")
    commit_all(repo, "另一个合并请求")
    problems, scope = validate(repo, "--changed", "--base", "main", code=0)
    assert files(problems) == set()
    assert "有 1 个数据文件变更" in scope  # against main's tip, the hrss Q2 file would differ too


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "plain" / "data")
    result = invoke("validate", "--data", data, "--changed")
    assert result.exit_code == 2, result.output
    assert "不在 git 仓库中，无法找出变更的文件；去掉 --changed 可校验全部文件" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_base_is_a_usage_error(repo: Path) -> None:
    result = invoke("validate", "--data", repo / "data", "--changed", "--base", "nosuch")
    assert result.exit_code == 2, result.output
    assert "找不到修订版本“nosuch”" in result.stderr


def test_base_without_changed_is_a_usage_error(repo: Path) -> None:
    result = invoke("validate", "--data", repo / "data", "--base", "main")
    assert result.exit_code == 2, result.output
    assert "--base 只能与 --changed 一起使用" in result.stderr


def test_a_year_with_acceptance_records_reads_every_units_results(repo: Path) -> None:
    """The records' completion warnings read the year's results of every unit: after a change to
    another unit's report they say what the whole folder says."""
    record(repo / "data", EMPLOYMENT)
    commit_all(repo, "验收记录")
    path = repo / "data" / "progress" / "2023-Q2" / "rz-civil-affairs.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 改一行\n", encoding="utf-8")
    whole, _ = validate(repo, code=1)
    changed, _ = validate(repo, "--changed", code=1)  # the record is affected, and has an error
    on_record = "data/acceptance/2023/employment.yaml"
    expected = [p for p in whole if p["file"] == on_record]
    assert expected and "技能培训" in str(expected)
    assert [p for p in changed if p["file"] == on_record] == expected


def test_a_changed_file_of_a_year_without_catalogue_checks_everything(repo: Path) -> None:
    folder = repo / "data" / "progress" / "2021-Q1"
    folder.mkdir()
    (folder / "rz-hrss.yaml").write_text("submitted: 2021-03-20\n", encoding="utf-8")
    problems, scope = validate(repo, "--changed", code=1)
    assert "no-catalogue" in {p["code"] for p in problems}
    assert f"data/{POSTAL_Q2}" in files(problems)  # read and reported: every file is checked
    assert "有变更的 progress/2021-Q1/rz-hrss.yaml 影响全部数据" in scope
