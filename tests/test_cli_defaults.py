"""What a user leaves out or gets wrong on the command line: the quarter taken by default, the
output format following the file's extension, --version, shell completion, help at 80 columns and
Chinese messages for bad option values."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import FIXTURE_DATA, TEMPLATES, copy_data, invoke


def flat(text: str) -> str:
    """The output without spaces, line breaks and the error panel's frame."""
    return re.sub(r"[\s│╭╮╰╯─]+", "", text)


LATEST = "未指定季度，取2023年有进度文件的最近一个季度：第2季度"


# --- the quarter by default ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "units", "remind"])
def test_commands_take_the_latest_quarter_with_progress_files(command: str) -> None:
    result = invoke(command, "-f", "json", "-d", FIXTURE_DATA, "--as-of", "2023-07-01")
    assert result.exit_code == 0, result.output
    assert LATEST in flat(result.output)
    explicit = invoke(command, "-q", "2", "-f", "json", "-d", FIXTURE_DATA, "--as-of", "2023-07-01")
    assert flat(result.output).replace(flat(LATEST), "") == flat(explicit.output)


def test_the_latest_quarter_counts_new_quarter_drafts(data: Path) -> None:
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    result = invoke("remind", "-d", data, "--as-of", "2023-09-20")
    assert result.exit_code == 0, result.output
    assert "第3季度" in result.output


def test_report_takes_the_latest_quarter_and_prints_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("report", "-f", "md", "-d", FIXTURE_DATA, "-t", TEMPLATES)
    assert result.exit_code == 0, result.output
    assert LATEST in flat(result.output)
    assert "现将2023年第二季度全市重点民生实事推进情况通报如下" in flat(result.output)
    assert "# 总体进展情况" in result.output
    assert not (tmp_path / "output").exists()  # printed, not written


def test_a_year_without_progress_files_asks_for_the_quarter(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    shutil.rmtree(data / "progress")
    result = invoke("status", "-d", data)
    assert result.exit_code == 2
    assert "2023年还没有任何进度文件，请用--quarter指定季度" in flat(result.output)


def test_a_year_without_a_catalogue_is_named() -> None:
    result = invoke("status", "--year", "2024", "-d", FIXTURE_DATA)
    assert result.exit_code == 2 and "没有2024年的指标目录" in flat(result.output)


@pytest.mark.parametrize("word", ["2", "Q2", "q2", "二", "第二季度", "2季度", "２"])
def test_the_quarter_in_the_users_words(word: str) -> None:
    result = invoke("status", "-q", word, "-f", "json", "-d", FIXTURE_DATA)
    assert result.exit_code == 0, result.output
    assert "未指定季度" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-q", "五"], "“五”不是季度，应为1至4（也可写Q2、二、第二季度）"),
        (["-q", "0"], "“0”不是季度"),
        (["--year", "二〇二三"], "“二〇二三”不是年度，应为四位数字，如2023"),
        (["-f", "pdf"], "“pdf”不是可选值"),
        (["--as-of", "2023-9-31"], "不是有效的日期"),
    ],
)
def test_bad_option_values_get_a_chinese_message(args: list[str], message: str) -> None:
    result = invoke("status", *args, "-d", FIXTURE_DATA)
    assert result.exit_code == 2
    assert flat(message) in flat(result.output)
    assert not re.search(r"Input should|is not|Invalid value", result.output)


# --- the output format follows the file -----------------------------------------------------------


def test_status_xlsx_is_a_real_workbook(tmp_path: Path) -> None:
    target = tmp_path / "进度.xlsx"
    result = invoke("status", "-q", "2", "-d", FIXTURE_DATA, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"  # a zip, as .xlsx files are, not Markdown
    sheet = load_workbook(target).active
    assert sheet is not None
    assert str(sheet["A1"].value).startswith("2023年第2季度重点民生实事进度")
    assert [c.value for c in sheet[2]][:3] == ["编号", "项目", "指标任务"]
    assert sheet["A3"].value == "skill-training" and sheet["H3"].value  # a status label


@pytest.mark.parametrize(
    ("name", "starts"),
    [("进度.json", b"["), ("进度.md", b"### "), ("进度.csv", b"\xef\xbb\xbf")],
)
def test_status_output_follows_the_extension(tmp_path: Path, name: str, starts: bytes) -> None:
    target = tmp_path / name
    result = invoke("status", "-q", "2", "-d", FIXTURE_DATA, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(starts)
    if name.endswith(".json"):
        assert json.loads(target.read_text(encoding="utf-8"))[0]["id"] == "skill-training"


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (["status", "-q", "2"], "进度.docx", "不能写出.docx文件"),
        (["status", "-q", "2", "-f", "md"], "进度.xlsx", "输出格式md与文件扩展名.xlsx不符"),
        (["status", "-q", "2", "-f", "csv"], "进度.json", "输出格式csv与文件扩展名.json不符"),
        (["remind", "-q", "2", "-f", "md"], "催办.txt", "输出格式md与文件扩展名.txt不符"),
        (["report", "-q", "2", "-t", TEMPLATES], "通报.xlsx", "不能写出.xlsx文件"),
        (["report", "-q", "2", "-f", "md", "-t", TEMPLATES], "通报.docx", "输出格式md与文件扩展名"),
    ],
)
def test_a_format_that_does_not_match_the_file_is_refused(
    tmp_path: Path, args: list[str | Path], name: str, message: str
) -> None:
    target = tmp_path / name
    result = invoke(*args, "-d", FIXTURE_DATA, "-o", target)
    assert result.exit_code == 2, result.output
    assert flat(message) in flat(result.output)
    assert not target.exists()


def test_report_and_remind_follow_the_extension(tmp_path: Path) -> None:
    report = tmp_path / "通报.md"
    result = invoke("report", "-q", "2", "-d", FIXTURE_DATA, "-t", TEMPLATES, "-o", report)
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("按照《关于明确")
    remind = tmp_path / "催办.json"
    result = invoke("remind", "-q", "2", "-d", FIXTURE_DATA, "--as-of", "2023-06-21", "-o", remind)
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(remind.read_text(encoding="utf-8")), list)


# --- version, completion, help -------------------------------------------------------------------


def test_version() -> None:
    for flag in ("--version", "-V"):
        result = invoke(flag)
        assert result.exit_code == 0
        assert re.fullmatch(r"mscli \d+\.\d+\.\d+\S*\n", result.output)


def test_shell_completion_script_and_completions(monkeypatch: pytest.MonkeyPatch) -> None:
    # A user's shell is detected from the process tree; a test names it, as Typer's own tests do
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    script = invoke("--show-completion", "bash")
    assert script.exit_code == 0, (script.output, script.exception)
    assert "_mscli_completion" in script.output
    monkeypatch.setenv("_MSCLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "mscli status --format ")
    monkeypatch.setenv("COMP_CWORD", "3")
    completed = invoke()
    assert completed.output.split() == ["table", "json", "md", "csv", "xlsx"]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["status"],
        ["report"],
        ["set"],
        ["remind"],
        ["new-quarter"],
        ["sheet", "export"],
        ["validate"],
        ["diff"],
        ["acceptance"],
    ],
)
def test_help_at_80_columns_is_whole_and_in_chinese(args: list[str]) -> None:
    result = invoke(*args, "-h", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "…" not in result.output
    assert "<bool>" not in result.output and "<str>" not in result.output
    assert "Show this message" not in result.output
    if not args:
        assert "--install-completion" in result.output and "--version" in result.output


def test_readme_explains_completion() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "--install-completion" in readme
