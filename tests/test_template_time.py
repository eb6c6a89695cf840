"""The templates of one circular share one time limit (#23 item 8): ten templates could each take
almost TIME_LIMIT before; now the one rendered after the limit is spent is stopped, named, in
Chinese, and a folder given as templates that is a file is said to be one (item 9)."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest

from conftest import copy_data, invoke
from mscli.render.circular import templates


def test_the_circulars_templates_share_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path / "data")
    clock = count(0.0, 8.0)  # every reading of the clock 8 s later: the third template is past 20 s
    monkeypatch.setattr(templates, "_now", lambda: next(clock))
    result = invoke("report", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "md")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert f"模板运行时间过长，已停止（渲染超过 {templates.TIME_LIMIT} 秒）" in text
    assert result.exception is None or isinstance(result.exception, SystemExit)
    monkeypatch.setattr(templates, "_now", lambda: 0.0)  # a clock that stands still: all render
    fine = invoke("report", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "md")
    assert fine.exit_code == 0, fine.output


def test_a_templates_folder_that_is_a_file_is_said_to_be_one(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    not_a_folder = tmp_path / "templates.txt"
    not_a_folder.write_text("", encoding="utf-8")
    result = invoke("report", "-q", "2", "-d", data, "-f", "md", "--templates", not_a_folder)
    assert result.exit_code != 0
    assert f"模板目录 {not_a_folder} 不是文件夹" in " ".join(result.output.split())
