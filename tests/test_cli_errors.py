"""Errors raised deep inside a command reach the user once, in Chinese, with the documented exit code;
paths and the user's words are printed as they are, never read as rich markup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, TEMPLATES, invoke


def test_an_existing_output_file_stops_the_real_program_with_exit_1_and_no_traceback(
    tmp_path: Path,
) -> None:
    target = tmp_path / "q2.md"
    target.write_text("已有的内容\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "COLUMNS": "200"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mscli",
            "status",
            "-q",
            "2",
            "-f",
            "md",
            "-o",
            str(target),
            "--data",
            str(FIXTURE_DATA),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"错误：文件 {target} 已存在；如需覆盖请加 --force"
    assert done.stdout == ""
    assert target.read_text(encoding="utf-8") == "已有的内容\n"


def test_a_missing_data_folder_is_a_usage_error_with_exit_2(tmp_path: Path) -> None:
    result = invoke("units", "-q", "2", "--data", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert f"错误：数据目录 {tmp_path / 'nowhere'} 不存在" in result.output


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("reprot", "没有命令“reprot”，是不是 report？"),
        ("new-quartr", "没有命令“new-quartr”，是不是 new-quarter、new-year？"),
        ("xyz", "没有命令“xyz”"),
        ("sheet exprt", "没有命令“exprt”，是不是 export？"),
    ],
)
def test_a_mistyped_command_is_named_in_chinese_with_the_likely_ones(
    typed: str, message: str
) -> None:
    result = invoke(*typed.split(), env={"COLUMNS": "100"})
    assert result.exit_code == 2
    assert message in result.output
    assert "No such command" not in result.output and "Did you mean" not in result.output


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("report -q 2 --number abc", "选项 '--number' / '-n' 的值无效：“abc”不是发文顺序号"),
        ("report -q 2 --number 1.5", "选项 '--number' / '-n' 的值无效：“1.5”不是发文顺序号"),
        (
            "report -q 2 --number 0",
            "选项 '--number' / '-n' 的值无效：“0”不是发文顺序号，应为从 1 起的整数",
        ),
        ("status -q 2 extra words", "多余的参数：extra words"),
        ("status -q 2 ", '多余的参数：一个空的参数（""）'),
        ("units --quarter \n", "”不是季度，应为 1 至 4"),  # the panel breaks at the \n
    ],
)
def test_a_value_typer_refuses_is_said_in_chinese(typed: str, message: str) -> None:
    """Typer checks option values with pydantic and passes its English on; they are worded as
    the same errors in the data files are. So are extra words, and values holding a line break."""
    result = invoke(*typed.split(" "), env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert message in result.output
    english = ("Input should", "Invalid value", "Got unexpected")
    assert not [words for words in english if words in result.output], result.output


@pytest.mark.parametrize("name", ["out[bold]x.md", "a[/bold]b.md", "[red]c.md"])
def test_paths_with_brackets_are_printed_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    status = invoke("status", "-q", "2", "-f", "md", "-o", name, "--data", FIXTURE_DATA)
    assert status.exit_code == 0, status.output
    assert f"已写入 {name}" in status.output
    again = invoke("status", "-q", "2", "-f", "md", "-o", name, "--data", FIXTURE_DATA)
    assert again.exit_code == 1
    assert f"错误：文件 {name} 已存在；如需覆盖请加 --force" in again.output

    circular = f"通报{name}"
    report = invoke(
        "report",
        "-q",
        "2",
        "-f",
        "md",
        "-o",
        circular,
        "--data",
        FIXTURE_DATA,
        "--templates",
        TEMPLATES,
    )
    assert report.exit_code == 0, report.output
    assert f"已写入 {circular}" in report.output
    assert (tmp_path / circular).is_file()


# --- start-up conditions and the operating system's refusals ----------------------------------


def run_program(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The real `python -m mscli` with an environment of the test's choosing."""
    return subprocess.run(
        [sys.executable, "-m", "mscli", *args],
        capture_output=True,
        env={"PATH": os.environ["PATH"], "TERM": "dumb", **env},
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [{"COLUMNS": "0"}, {"COLUMNS": "-5"}, {"COLUMNS": "abc"}, {"TERMINAL_WIDTH": "abc"}],
    ids=lambda env: " ".join(f"{k}={v}" for k, v in env.items()),
)
def test_a_broken_terminal_width_never_hides_a_message(env: dict[str, str]) -> None:
    done = run_program("status", "-q", "7", env={"PYTHONIOENCODING": "utf-8", **env})
    assert done.returncode == 2
    said = done.stderr.decode("utf-8")
    assert "“7”不是季度" in said.replace("\n", "").replace("│", "").replace(" ", "")
    assert "Traceback" not in said


def test_a_terminal_that_cannot_show_chinese_gets_escapes_not_a_traceback() -> None:
    env = {"PYTHONIOENCODING": "ascii", "COLUMNS": "200"}
    done = run_program("status", "-q", "2", "--data", str(FIXTURE_DATA), env=env)
    assert done.returncode == 0, done.stderr
    assert "\\u5b8c\\u6210\\u7387" in done.stdout.decode("ascii")  # 完成率
    missing = run_program("validate", "--data", "nosuch", env=env)
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr
    assert "\\u4e0d\\u5b58\\u5728" in missing.stderr.decode("ascii")  # 不存在


def test_ctrl_c_while_the_commands_load_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    from mscli import entry

    real_import = builtins.__import__

    def interrupted_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "mscli.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130
    assert "已中断" in capsys.readouterr().err


def test_a_name_too_long_for_the_file_system_is_a_message(tmp_path: Path) -> None:
    name = tmp_path / ("通" * 200 + ".md")
    result = invoke("status", "-q", "2", "-f", "md", "-o", name, "--data", FIXTURE_DATA)
    assert result.exit_code == 1
    assert "文件名过长" in result.output and "Traceback" not in result.output


def test_a_full_disk_is_a_message_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # the module mscli.files uses
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(
        "report", "-q", "2", "--data", FIXTURE_DATA, "--templates", TEMPLATES, "-o", out / "q2.docx"
    )
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.output and "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_every_pydantic_error_is_worded_in_chinese() -> None:
    import re
    import typing

    from pydantic_core.core_schema import ErrorType

    from mscli.yamlio.pydantic_errors import message_for

    for kind in typing.get_args(ErrorType):
        error: typing.Any = {
            "type": kind,
            "loc": ("field",),
            "msg": "Input should be something English",
            "input": "x",
            "ctx": {
                "gt": 0,
                "ge": 0,
                "lt": 9,
                "le": 9,
                "min_length": 1,
                "max_length": 9,
                "actual_length": 10,
                "expected": "'a' or 'b'",
                "error": "数值不对",
            },
        }
        _, message = message_for(error, {"field"})
        english = re.sub(r"field|skill-training|true|false", "", message)  # names and examples
        assert message and not re.search(r"[A-Za-z]{4,}", english), (
            kind,
            message,
        )


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    """`mscli report --help | head -1`: no traceback and no error message about the pipe."""
    env = {"PATH": os.environ["PATH"], "TERM": "dumb", "COLUMNS": "40"}
    with subprocess.Popen(
        [sys.executable, "-m", "mscli", "report", "--help"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as program:
        assert program.stdout is not None and program.stderr is not None
        program.stdout.close()  # before the program writes: its first write finds no reader
        said = program.stderr.read().decode("utf-8")
        assert program.wait(timeout=60) in (0, 1)
    assert said == ""
