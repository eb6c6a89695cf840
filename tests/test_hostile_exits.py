"""Tracebacks and misleading messages left by the previous rounds (issue #23, items 8 and 9).

Run as the real program (`python -m mscli`) where the condition is the process's own: a standard
output closed before start, a file-size limit, a SIGTERM that a library's import swallowed.
"""

from __future__ import annotations

import os
import resource
import shutil
import stat
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, TEMPLATES, copy_data, invoke


def program(
    *args: str | Path, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mscli", *map(str, args)],
        capture_output=True,
        text=True,
        # no bytecode: under a file-size limit Python itself writes .pyc files cut short, silently
        env={
            "PATH": os.environ["PATH"],
            "TERM": "dumb",
            "COLUMNS": "200",
            "PYTHONDONTWRITEBYTECODE": "1",
        },
        timeout=120,
        check=False,
        preexec_fn=preexec_fn,
    )


def test_a_closed_standard_output_is_a_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mscli", "status", "-q", "2", "-f", "json", "-d", FIXTURE_DATA],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "标准输出已关闭，结果无法输出" in done.stderr


def test_a_lone_surrogate_in_the_data_is_shown_escaped(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    path = data / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("lead: [市人力资源和社会保障局]", 'lead: ["\\ud800市人社局"]', 1))
    done = program("validate", "-d", data)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "找不到牵头单位“\\ud800市人社局”" in done.stdout


def test_a_file_size_limit_is_a_message_without_python_noise(tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    done = program(
        "report", "-q", "2", "-d", FIXTURE_DATA, "-t", TEMPLATES, "-o", out,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)),
    )  # fmt: skip
    assert done.returncode == 1
    assert f"写入 {out} 失败：文件过大" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


SWALLOWED = textwrap.dedent(
    """
    import builtins, os, signal, sys, time

    real = builtins.__import__

    def swallowing(name, *args, **kwargs):
        if name == "mscli.cli":
            try:  # a library importing with a bare `except:` around it
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)
            except BaseException:
                pass
        return real(name, *args, **kwargs)

    builtins.__import__ = swallowing
    sys.argv = ["mscli", "validate", "-d", sys.argv[1]]
    from mscli.entry import main
    main()
    """
)


def test_a_sigterm_swallowed_during_an_import_still_ends_with_130() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SWALLOWED, str(FIXTURE_DATA)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 130, done.stdout + done.stderr
    assert "已中断" in done.stderr


def test_a_workbook_with_a_part_twice_is_refused(tmp_path: Path) -> None:
    exported = tmp_path / "填报表.xlsx"
    result = invoke(
        "sheet", "export", "-q", "2", "-u", "rz-hrss", "-d", FIXTURE_DATA, "-o", exported
    )
    assert result.exit_code == 0, result.output
    forged = tmp_path / "改过的.xlsx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(forged, "w") as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("xl/worksheets/sheet1.xml", source.read("xl/worksheets/sheet1.xml"))
    data = copy_data(tmp_path / "data")
    result = invoke("sheet", "import", forged, "-d", data)
    assert result.exit_code == 1
    flat = "".join(result.output.split())
    assert "部件xl/worksheets/sheet1.xml出现了不止一次" in flat
    assert (data / "progress/2023-Q2/rz-hrss.yaml").read_bytes() == (
        FIXTURE_DATA / "progress/2023-Q2/rz-hrss.yaml"
    ).read_bytes()


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "missing"])
def test_sheet_import_says_what_the_path_is(tmp_path: Path, kind: str) -> None:
    path = {"device": Path("/dev/null")}.get(kind, tmp_path / "填报表.xlsx")
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    result = invoke("sheet", "import", path, "-d", FIXTURE_DATA)
    assert result.exit_code == 2
    flat = "".join(result.output.split())
    expected = {
        "folder": "是一个文件夹，不是填报表",
        "fifo": "不是普通文件（管道、设备等），不是填报表",
        "device": "不是普通文件（管道、设备等），不是填报表",
        "missing": "找不到填报表",
    }[kind]
    assert expected in flat
    if kind == "fifo":
        assert stat.S_ISFIFO(path.lstat().st_mode)


def test_an_empty_output_name_is_not_said_to_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("status", "-q", "2", "-f", "md", "-d", FIXTURE_DATA, "-o", "")
    assert result.exit_code == 1
    assert "已存在" not in result.output and "是一个目录，请指定文件名" in result.output


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-16", "utf-16-le"])
def test_a_wide_encoding_is_named(tmp_path: Path, encoding: str) -> None:
    data = copy_data(tmp_path / "data")
    path = data / "config.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    result = invoke("validate", "-d", data)
    assert result.exit_code == 1
    flat = "".join(result.output.split())
    assert f"文件是{encoding[:6].upper()}编码" in flat and "GBK" not in flat


def test_a_template_printing_a_lone_surrogate_is_a_message(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    body = templates / "circular.md.j2"
    body.write_text("{{ '\\ud800' }}\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "通报.md"
    result = invoke("report", "-q", "2", "-d", FIXTURE_DATA, "-t", templates, "-f", "md", "-o", out)
    assert result.exit_code == 1, result.output
    assert "无法保存的字符 U+D800" in result.output
    assert not out.exists()


@pytest.mark.parametrize("form", ["json", "table"])
def test_output_cut_short_by_a_file_size_limit_is_an_error(tmp_path: Path, form: str) -> None:
    """`mscli status -f json > 结果.json` under `ulimit -f`: Python's writer took the short write
    for success and the command ended with exit 0 and half a result (entry._WholeWrites)."""
    out = tmp_path / "结果.txt"
    with out.open("wb") as stdout:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mscli",
                "status",
                "-q",
                "2",
                "-d",
                str(FIXTURE_DATA),
                "-f",
                form,
            ],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            # the user's own environment: with its UTF-8 locale Python's writer lost the error
            env={**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"},
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)),
        )
    assert done.returncode == 1, done.stderr
    assert "文件过大" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
