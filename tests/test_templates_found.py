"""`mscli report --data <repository>/data` finds the repository's templates/ beside its data,
wherever it is run from; --templates and MSCLI_TEMPLATES still name another folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, copy_data, invoke
from mscli.render.circular.templates import BUNDLED_TEMPLATES


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "office"
    copy_data(root / "data")
    shutil.copytree(TEMPLATES, root / "templates")
    quarter = root / "templates" / "quarter.md.j2"
    quarter.write_text(
        "本仓库自己的模板。\n" + quarter.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return root


def test_the_templates_beside_the_data_folder_are_used_from_anywhere(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke(
        "report", "-q", "2", "--as-of", "2023-07-10", "-d", repository / "data", "-f", "md"
    )
    assert result.exit_code == 0, result.output
    assert "本仓库自己的模板。" in result.stdout


def test_a_named_templates_folder_wins(repository: Path) -> None:
    data = repository / "data"
    result = invoke(
        "report", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "md", "-t", TEMPLATES
    )
    assert result.exit_code == 0, result.output
    assert "本仓库自己的模板。" not in result.stdout
    missing = invoke("report", "-q", "2", "-d", data, "-f", "md", "-t", repository / "nowhere")
    assert missing.exit_code == 1
    assert "模板目录" in missing.output and "nowhere" in missing.output


def test_a_key_named_like_a_dict_method_is_the_data_in_a_template(repository: Path) -> None:
    quarter = repository / "templates" / "quarter.md.j2"
    text = quarter.read_text(encoding="utf-8")
    quarter.write_text('{{ {"items": "键优先"}.items }}\n' + text, encoding="utf-8")
    data = repository / "data"
    result = invoke("report", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "md")
    assert result.exit_code == 0, result.output
    assert "键优先" in result.stdout


def test_a_template_that_is_a_folder_or_cannot_be_read_is_said_as_such(
    repository: Path,
) -> None:
    circular = repository / "templates" / "circular.md.j2"
    circular.unlink()
    circular.mkdir()
    data = repository / "data"
    result = invoke("report", "-q", "2", "-d", data, "-f", "md")
    assert result.exit_code == 1
    assert "circular.md.j2 不是文件（是文件夹或设备）" in result.output
    assert "找不到模板文件" not in result.output
    circular.rmdir()
    (repository / "templates" / "elsewhere.md.j2").write_text("x", encoding="utf-8")
    long = invoke("report", "-q", "2", "-d", data, "-f", "md", "-t", repository / ("长" * 300))
    assert long.exit_code == 1 and "Traceback" not in long.output


def test_the_bundled_templates_are_a_copy_of_the_repositorys() -> None:
    """templates/ is the source; after changing it, refresh the package's copy with
    cp templates/*.j2 src/mscli/render/circular/bundled/"""
    bundled = {p.name: p.read_bytes() for p in BUNDLED_TEMPLATES.iterdir()}
    repository = {p.name: p.read_bytes() for p in TEMPLATES.iterdir()}
    assert sorted(bundled) == sorted(repository)
    changed = [name for name in repository if bundled[name] != repository[name]]
    assert not changed, f"cp templates/*.j2 src/mscli/render/circular/bundled/ （不同：{changed}）"


def test_with_no_templates_anywhere_the_bundled_ones_write_the_circular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path / "office" / "data")  # no templates/ beside it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # nor here
    result = invoke("report", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "md")
    assert result.exit_code == 0, result.output
    with_repository = invoke(
        "report", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "md", "-t", TEMPLATES
    )
    assert with_repository.exit_code == 0, with_repository.output
    assert result.stdout == with_repository.stdout


def test_a_missing_relative_templates_folder_names_where_it_was_looked_for(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    result = invoke("report", "-q", "2", "-d", "data", "-f", "md", "-t", "模板")
    assert result.exit_code == 1
    assert f"模板目录 模板 不存在（找的是 {repository / '模板'}；" in result.output
