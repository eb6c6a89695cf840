"""The circular's templates: sandboxed, strict, errors named by file and line in Chinese."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, TEMPLATES, invoke
from mscli.problems import MscliError
from mscli.quantities import chinese_date, chinese_number
from mscli.render.circular.docx.markdown import Heading, Paragraph, Table, parse_blocks
from mscli.render.circular.templates import markdown_escape, render_template


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


def run_report(templates: Path, tmp_path: Path) -> tuple[int, str]:
    result = invoke(
        "report",
        "-q",
        "1",
        "--data",
        FIXTURE_DATA,
        "--templates",
        templates,
        "-o",
        tmp_path / "x.docx",
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.replace("\n", "")  # rich wraps long messages


def test_undefined_variable_names_file_and_line(templates: Path, tmp_path: Path) -> None:
    body = templates / "circular.md.j2"
    body.write_text("第一行\n\n{{ no_such_thing }}\n", encoding="utf-8")
    code, output = run_report(templates, tmp_path)
    assert code == 1
    assert "circular.md.j2" in output and "第 3 行" in output
    assert "未定义的变量“no_such_thing”" in output
    assert "Traceback" not in output
    assert not (tmp_path / "x.docx").exists()


def test_missing_attribute_is_named(templates: Path, tmp_path: Path) -> None:
    (templates / "title.txt.j2").write_text("{{ programme.nope }}\n", encoding="utf-8")
    code, output = run_report(templates, tmp_path)
    assert code == 1
    assert "title.txt.j2 第 1 行" in output and "“nope”" in output


def test_syntax_error_names_file_and_line(templates: Path, tmp_path: Path) -> None:
    (templates / "signature.txt.j2").write_text("{{ signer }}\n{% if %}\n", encoding="utf-8")
    code, output = run_report(templates, tmp_path)
    assert code == 1
    assert "signature.txt.j2 第 2 行" in output and "模板语法错误" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("{{ signer ", "模板意外结束，缺少“}}”"),
        ("{{ signer }", "此处不应出现“}”"),
        ("{{ signer | no_filter }}", "没有名为“no_filter”的过滤器"),
        ("{% for x in signer %}{{ x }}", "缺少“endfor”或“else”"),
        ("{% for x in signer %}{% if x %}{% endfor %}", "可能是嵌套次序有误"),
        ("{% frobnicate %}", "未知的标签“frobnicate”"),
        ("{{ signer ！ }}", "不能识别的字符“！”"),
        ("{{ (signer ] }}", "括号不配对：此处应为“)”，却是“]”"),
        ("{{ signer signer }}", "此处应为“}}”，却是“signer”"),
        ("{# 注释", "注释缺少结尾的“#}”"),
        ("{% macro m(a=1, b) %}{% endmacro %}", "无默认值的不能在有默认值的之后"),
    ],
)
def test_syntax_errors_are_said_in_chinese(
    templates: Path, tmp_path: Path, line: str, said: str
) -> None:
    (templates / "signature.txt.j2").write_text(f"{{{{ signer }}}}\n{line}\n", encoding="utf-8")
    code, output = run_report(templates, tmp_path)
    assert code == 1
    assert "signature.txt.j2 第 2 行" in output or "signature.txt.j2 第 3 行" in output, output
    assert said in output, output
    assert "Jinja 原文" not in output and "expected" not in output, output


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ programme.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_sandbox_escape_is_refused(templates: Path, tmp_path: Path, escape: str) -> None:
    (templates / "circular.md.j2").write_text(f"正文\n{escape}\n", encoding="utf-8")
    code, output = run_report(templates, tmp_path)
    assert code == 1
    assert "circular.md.j2" in output and "Traceback" not in output
    assert "安全" in output or "未定义" in output


def test_missing_template_folder(tmp_path: Path) -> None:
    code, output = run_report(tmp_path / "nowhere", tmp_path)
    assert code == 1 and "模板目录" in output


def test_templates_folder_from_environment(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (templates / "title.txt.j2").write_text("环境变量指定的标题\n", encoding="utf-8")
    monkeypatch.setenv("MSCLI_TEMPLATES", str(templates))
    out = tmp_path / "x.md"
    result = invoke("report", "-q", "1", "--data", FIXTURE_DATA, "-f", "md", "-o", out)
    assert result.exit_code == 0, result.output
    (templates / "circular.md.j2").write_text("{{ quarter_cn }}\n", encoding="utf-8")
    result = invoke("report", "-q", "1", "--data", FIXTURE_DATA, "-f", "md", "-o", out, "--force")
    assert out.read_text(encoding="utf-8") == "一\n"


def test_render_template_error_is_mscli_error(templates: Path) -> None:
    (templates / "x.txt.j2").write_text("a\nb\n{{ 1 / 0 }}\n", encoding="utf-8")
    with pytest.raises(MscliError, match=r"x\.txt\.j2 第 3 行.*ZeroDivisionError"):
        render_template(templates, "x.txt.j2", {})


def test_data_never_becomes_markdown() -> None:
    assert markdown_escape("a*b*|c") == r"a\*b\*\|c"
    assert markdown_escape("1. 开头") == r"1\. 开头"
    assert markdown_escape("2.72万") == "2.72万"
    assert markdown_escape(3) == 3
    blocks = parse_blocks(f"正文{markdown_escape('**不加粗** | # 1. x')}\n")
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert "".join(s.text for s in blocks[0].spans) == "正文**不加粗** | # 1. x"


def test_markdown_subset_numbers_like_an_official_document() -> None:
    blocks = parse_blocks(
        "# 总体情况\n\n段落一\n接续\n\n## 分项\n\n1. 甲 **重点**\n2. 乙\n\n- 丙\n- 丁\n\n"
        "# 二、已编号\n\n## 第二个\n\n### 细目\n\n| 甲 | 乙 |\n|:---:|---|\n| 1 | 2 |\n"
    )
    headings = [(b.level, b.prefix) for b in blocks if isinstance(b, Heading)]
    assert headings == [(1, "一、"), (2, "（一）"), (1, ""), (2, "（一）"), (3, "1.")]
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    assert "".join(s.text for s in paragraphs[0].spans) == "段落一接续"
    assert [p.prefix for p in paragraphs[1:]] == ["1.", "2.", "（1）", "（2）"]
    assert any(s.bold and s.text == "重点" for s in paragraphs[1].spans)
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.header == ("甲", "乙") and table.rows == (("1", "2"),)
    assert table.align == ("center", "left")


def test_dates_and_numerals() -> None:
    import datetime as dt

    assert chinese_date(dt.date(2023, 6, 30)) == "2023年6月30日"
    assert chinese_date(dt.date(2023, 3, 5)) == "2023年3月5日"
    assert [chinese_number(n) for n in (1, 4, 10, 12, 20, 14)] == [
        "一",
        "四",
        "十",
        "十二",
        "二十",
        "十四",
    ]


@pytest.mark.parametrize(
    ("line", "said"),
    [("{{ 1 / 0 }}", "模板中出现除以零"), ("{{ signer + 1 }}", "模板中值的类型不对")],
)
def test_runtime_errors_keep_their_line_with_a_relative_templates_folder(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, said: str
) -> None:
    (templates / "signature.txt.j2").write_text(f"{{{{ signer }}}}\n\n{line}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run_report(Path("templates"), tmp_path)
    assert code == 1
    assert "templates/signature.txt.j2 第 3 行" in output and said in output, output
