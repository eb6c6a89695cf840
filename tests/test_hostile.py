"""Hostile input: links leading out of their folder, runaway templates, output that a reader runs.

The data problems (nan, huge numbers, control characters, duplicate reports…) are case folders under
tests/cases/; this module covers what needs real symlinks, templates or a renderer's output.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, TEMPLATES, copy_data, invoke
from mscli.cells import csv_cell
from mscli.problems import Problem
from mscli.render.terminal.problems import to_github

SECRET = "root:x:0:0:secret-line"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


def report(data: Path, templates: Path, out: Path, *args: str) -> tuple[int, str]:
    result = invoke("report", "-q", "2", "--data", data, "--templates", templates, "-o", out, *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.replace("\n", "")


def test_template_including_a_link_out_is_refused(
    templates: Path, secret: Path, tmp_path: Path
) -> None:
    (templates / "leak.txt.j2").symlink_to(secret)
    body = templates / "circular.md.j2"
    body.write_text("{% include 'leak.txt.j2' %}\n" + body.read_text(encoding="utf-8"), "utf-8")
    out = tmp_path / "x.md"
    code, output = report(FIXTURE_DATA, templates, out, "-f", "md")
    assert code == 1
    assert "leak.txt.j2" in output and "符号链接" in output
    assert not out.exists()


def test_a_template_that_is_itself_a_link_out_is_refused(
    templates: Path, secret: Path, tmp_path: Path
) -> None:
    (templates / "title.txt.j2").unlink()
    (templates / "title.txt.j2").symlink_to(secret)
    code, output = report(FIXTURE_DATA, templates, tmp_path / "x.md", "-f", "md")
    assert code == 1 and "title.txt.j2" in output and "符号链接" in output
    assert SECRET not in output


def test_a_link_inside_the_templates_folder_is_fine(templates: Path, tmp_path: Path) -> None:
    (templates / "same.txt.j2").symlink_to(templates / "signature.txt.j2")
    body = templates / "circular.md.j2"
    body.write_text(body.read_text(encoding="utf-8") + "{% include 'same.txt.j2' %}\n", "utf-8")
    code, output = report(FIXTURE_DATA, templates, tmp_path / "x.md", "-f", "md")
    assert code == 0, output


@pytest.mark.parametrize(
    "link",
    ["progress/2023-Q2/rz-hrss.yaml", "indicators.yaml", "config.yaml", "progress/2023-Q2"],
)
def test_data_read_through_a_link_out_is_refused(link: str, secret: Path, tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    target = data / link
    outside = tmp_path / "outside" / target.name
    if target.is_dir():
        shutil.move(target, outside)
    else:
        shutil.copyfile(target, outside)
        target.unlink()
    target.symlink_to(outside)
    result = invoke("validate", "-f", "json", "--data", data)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    refused = [p for p in problems if p["code"] == "symlink"]
    assert [p["file"] for p in refused] == [f"data/{link}"]
    assert "符号链接" in refused[0]["message"]


def test_a_link_loop_in_progress_is_a_problem(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    (data / "progress" / "2023-Q2" / "loop.yaml").symlink_to("loop.yaml")
    result = invoke("validate", "-f", "json", "--data", data)
    assert result.exit_code == 1
    assert {p["code"] for p in json.loads(result.stdout)} == {"symlink"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_quarter_folder_is_a_problem(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    folder = data / "progress" / "2023-Q2"
    folder.chmod(0)
    try:
        result = invoke("validate", "-f", "json", "--data", data)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.stdout)] == ["io"]


@pytest.mark.parametrize(
    ("template", "words"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "range",
        ),
        ("{{ 9 ** 9 ** 9 }}", "乘方"),
        ("{{ 'x' * 1000000000 }}", "太长"),
        ("{{ '%999999999d' % 1 }}", "格式化"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归"),
    ],
)
def test_runaway_templates_stop_with_a_message(
    templates: Path, tmp_path: Path, template: str, words: str
) -> None:
    (templates / "circular.md.j2").write_text(f"正文\n{template}\n", encoding="utf-8")
    code, output = report(FIXTURE_DATA, templates, tmp_path / "x.md", "-f", "md")
    assert code == 1
    assert "circular.md.j2" in output and words in output


def test_status_json_is_strict_json(tmp_path: Path) -> None:
    result = invoke("status", "-q", "2", "-f", "json", "--data", FIXTURE_DATA)
    assert result.exit_code == 0
    json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"bare {name}"))


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-x", "'-x"),
        ("-5%", "-5%"),
        ("市人社局", "市人社局"),
    ],
)
def test_csv_cells_never_run_as_formulas(cell: str, safe: str) -> None:
    assert csv_cell(cell) == safe


def test_a_file_name_cannot_inject_a_workflow_command() -> None:
    name = "x\n::warning file=README.md,line=1::pwned.yaml"
    line = to_github([Problem(name, 1, 1, "syntax", "坏")])
    assert "\n" not in line
    assert line.count("::") == 2  # only the command's own two
    assert "file=x%0A%3A%3Awarning file=README.md%2Cline=1%3A%3Apwned.yaml" in line
