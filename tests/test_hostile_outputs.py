"""An export never replaces what the tool reads (issue #23, item 7).

With --force, `status -o`, `report -o`, `remind -o`, `sheet export -o`, `acceptance -o`, `site -o`
and `codeowners -o` would replace whatever file they are pointed at: the data files, a template
or the data folder's lock file they were made from. An output path inside the data folder or the
templates folder (also through a symlink) is refused with exit 2, and the file stays as it was.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, copy_data, invoke, memory_cap

COMMANDS = {
    "status": ["status", "-q", "2", "-f", "md"],
    "report": ["report", "-q", "2", "-f", "md"],
    "remind": ["remind", "-q", "2", "-f", "md"],
    "sheet export": ["sheet", "export", "-q", "2", "-u", "rz-hrss"],
    "acceptance": ["acceptance", "-f", "md"],
    "codeowners": ["codeowners"],
}
TARGETS = [
    "data/indicators.yaml",
    "data/progress/2023-Q2/rz-hrss.yaml",
    "data/.mscli.lock",
    "templates/circular.md.j2",
    "linked/units.yaml",
]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    copy_data(tmp_path / "data")
    (tmp_path / "data" / ".mscli.lock").write_bytes(b"")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    (tmp_path / "linked").symlink_to(tmp_path / "data")
    return tmp_path


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", COMMANDS)
def test_an_export_into_the_data_or_templates_is_refused(
    work: Path, command: str, target: str
) -> None:
    path = work / target
    before = path.read_bytes()
    args: list[str | Path] = [*COMMANDS[command], "-d", work / "data", "-o", path, "--force"]
    if command == "report":
        args += ["-t", work / "templates"]
    result = invoke(*args, env={"MSCLI_TEMPLATES": str(work / "templates")})
    output = "".join(result.output.split())
    assert result.exit_code == 2, output
    folder = "模板目录" if target.startswith("templates") else "数据目录"
    assert f"不能写入{path}：它在{folder}" in output
    assert path.read_bytes() == before


def test_the_dashboard_cannot_be_written_into_the_data_folder(work: Path) -> None:
    result = invoke("site", "-d", work / "data", "-o", work / "data", "--force")
    assert result.exit_code == 2
    assert "它在数据目录" in "".join(result.output.split())
    assert not (work / "data" / "index.html").exists()


def test_an_export_beside_the_data_is_fine(work: Path) -> None:
    out = work / "output" / "进度.md"
    result = invoke("status", "-q", "2", "-d", work / "data", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_schema_check_reads_no_more_of_a_schema_file_than_a_schema_can_be(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert invoke("schema", "-o", out).exit_code == 0
    sparse = out / "progress.schema.json"
    with sparse.open("r+b") as handle:
        handle.truncate(1 << 30)  # 1 GB, a 1 MB blob in git once checked out sparse
    with memory_cap(64 << 20):
        result = invoke("schema", "--check", "-o", out)
    assert result.exit_code == 1
    assert "已过期" in result.output and "progress.schema.json" in result.output
    undecodable = out / "units.schema.json"
    undecodable.write_bytes(b"\xff\xfe not a schema")
    result = invoke("schema", "--check", "-o", out)
    assert result.exit_code == 1 and "units.schema.json" in result.output


def test_a_units_file_with_more_values_than_any_report_needs_is_refused_cheaply(
    tmp_path: Path,
) -> None:
    """Each file a unit writes is read to at most UNIT_FILE_VALUES values: twenty 4.4 MB
    reports took validate 53 s and 4.6 GB; now 8 s and 160 MB (figures in the closing note)."""
    from mscli.yamlio.load import UNIT_FILE_VALUES

    data = copy_data(tmp_path / "data")
    report = data / "progress" / "2023-Q2" / "rz-hrss.yaml"
    text = report.read_text(encoding="utf-8")
    anchor = "    evidence:\n"
    assert anchor in text
    flood = anchor + "      - {title: 台账}\n" * (UNIT_FILE_VALUES // 2 + 10)
    report.write_text(text.replace(anchor, flood, 1), encoding="utf-8")
    with memory_cap(512 << 20):
        result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    found = [p for p in json.loads(result.stdout) if p["file"].endswith("rz-hrss.yaml")]
    assert [(p["line"], p["column"], p["code"]) for p in found] == [(1, 1, "size")]
    assert f"文件中的值太多（超过 {UNIT_FILE_VALUES} 个）" in found[0]["message"]
