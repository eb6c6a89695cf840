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
