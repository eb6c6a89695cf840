"""Help pages drawn without rich: whole, in Chinese, as wide as the terminal, wrapped where
Chinese text may break."""

from __future__ import annotations

import re

import pytest

from conftest import invoke
from mscli.cli.framework.help_text import Page, Panel, Row, cells, render, wrap

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CLOSING = "，。、；：？！）》〕」』】”’"
"""Chinese closing punctuation: it never starts a line."""


@pytest.mark.parametrize("width", [40, 60, 80, 132])
@pytest.mark.parametrize("args", [[], ["report"], ["sheet"], ["sheet", "export"], ["status"]])
def test_every_line_fits_the_terminal(args: list[str], width: int) -> None:
    result = invoke(*args, "--help", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("╭─ 选项 ") for line in lines)
    for line in lines:
        assert cells(line) <= width, line
        if line.startswith(("╭", "│", "╰")):
            assert cells(line) == width, line  # the panel is drawn to the full width
        inside = line.strip("│ ")
        assert not inside or inside[0] not in CLOSING, line


def test_the_top_level_help_lists_every_command_with_its_first_sentence() -> None:
    result = invoke("--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "╭─ 命令 " in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("│ report "))
    assert "生成季度通报（GB/T 9704-2012 公文格式的 .docx 或 PDF" in row


def test_an_option_shows_its_type_default_and_environment_variable() -> None:
    result = invoke("report", "--help", env={"COLUMNS": "200"})
    row = next(line for line in result.stdout.splitlines() if "--data" in line)
    assert "-d" in row and "路径" in row
    assert "[环境变量：MSCLI_DATA]" in row and "[默认：data]" in row
    assert "<bool>" not in result.stdout and "<path>" not in result.stdout


def test_wrapping_keeps_numbers_and_words_whole_and_punctuation_on_its_line() -> None:
    text = "技能培训2.72万人次，已完成1.52万人次（rz-hrss 报送），完成率55.9%。"
    for width in range(12, 60):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (width, lines)
        assert all(cells(line) <= width for line in lines), (width, lines)
        assert all(line[:1] not in CLOSING for line in lines), (width, lines)
        assert any("2.72" in line for line in lines) and any("55.9%" in line for line in lines)
        assert any("rz-hrss" in line for line in lines)


def test_styles_only_when_asked() -> None:
    page = Page(
        "用法：mscli x",
        ("说明。",),
        (Panel("选项", (Row(("--data", "-d"), "数据目录。", ("[默认：data]",)),), ("bold", "")),),
    )
    plain = render(page, width=60, color=False)
    styled = render(page, width=60, color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(styled)
    assert ANSI.sub("", styled) == plain
