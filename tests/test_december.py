"""December on a played year (tests/december.py): every command runs at the year's end, on data
with Q1–Q4, a late and a missing Q3 report, and acceptance records through 自查 → 初核 → 认定."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import TEMPLATES, fill_new_years_header, invoke
from december import AS_OF, FAILED_PROJECT, MISSING_UNIT, PENDING_PROJECT, play_december

Q4 = ("-q", "4", "--as-of", AS_OF[4])


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_december(tmp_path_factory.mktemp("december"))


def ok(*args: str | Path) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def test_the_year_validates_with_its_acceptance_records(played: Path) -> None:
    output = ok("validate", "-d", played)
    assert "0 个错误" in output


def test_status_speaks_of_the_year_end(played: Path) -> None:
    table = ok("status", *Q4, "-d", played)
    assert "未完成" in table and "滞后" not in table.replace("严重滞后", "")
    rows = json.loads(ok("status", *Q4, "-d", played, "-f", "json"))
    statuses = {row["status"] for row in rows}
    assert "未完成" in statuses and "已完成" in statuses
    assert not statuses & {"滞后", "严重滞后", "按序时", "超序时"}


def test_units_and_remind_at_the_year_end(played: Path) -> None:
    ok("units", *Q4, "-d", played)
    ok("remind", "-q", "3", "--as-of", AS_OF[3], "-d", played)
    remind = ok("remind", "-q", "3", "--as-of", AS_OF[3], "-d", played, "-f", "json")
    assert MISSING_UNIT in remind


@pytest.mark.parametrize("form", ["table", "json", "md"])
def test_acceptance_in_every_format(played: Path, form: str) -> None:
    output = ok("acceptance", "-d", played, "-f", form)
    assert "未达标" in output and "待核" in output
    if form == "json":
        records = json.loads(output)
        assert FAILED_PROJECT in json.dumps(records, ensure_ascii=False)
        assert PENDING_PROJECT in json.dumps(records, ensure_ascii=False)


def test_acceptance_checklist_docx(played: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.docx"
    ok("acceptance", "-d", played, "-f", "docx", "-o", out)
    text = "\n".join(
        cell.text
        for table in docx.Document(str(out)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "2023年12月28日" in text and "未达标" in text


def test_year_end_circular(played: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.docx"
    ok("report", *Q4, "-d", played, "-t", TEMPLATES, "-o", out, "-n", "3", "--date", "2024-01-12")
    body = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "全年累计完成" in body and "未完成" in body
    assert "已达标" in body  # section 五 counts the criteria met
    md = ok("report", *Q4, "-d", played, "-t", TEMPLATES, "-f", "md")
    assert "下一步工作要求" in md


def test_site_with_acceptance_records(played: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    ok("site", "-d", played, "-o", out, "--as-of", AS_OF[4])
    page = (out / "index.html").read_text("utf-8")
    assert "验收" in page and "未达标" in page


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True)


def test_the_new_year_pull_request_on_the_played_year(played: Path, tmp_path: Path) -> None:
    """January: `new-year` on the played year (four quarters, plans, acceptance records) and the
    pull request's `diff`. Until the new file's 文号, date, title and basis are filled in, diff
    says to fix the data first; then no 2023 value is 'deleted' and the changes are the new
    catalogue's against the archived one."""
    repo = tmp_path / "repo"
    shutil.copytree(played.parent, repo)
    _git(repo, "init", "--quiet", "--initial-branch=main")
    _git(repo, "add", "--all")
    _git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--no-gpg-sign",
        "-m",
        "2023",
    )
    data = repo / "data"
    ok("new-year", "-d", data, "--keep-values")
    refused = invoke("diff", "-d", data, "--base", "HEAD")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "待填" in refused.output and "请先修正数据" in refused.output
    fill_new_years_header(data)
    report = json.loads(ok("diff", "-d", data, "--base", "HEAD", "-f", "json"))
    assert report["quarters"] == []
    assert "本次变更开始了2024年（mscli new-year）" in report["notes"][0]
    messages = [d["message"] for d in report["definitions"]]
    assert "年度计划的文号：汝政办〔2023〕45号 → 汝政办〔2024〕12号" in messages
    md = ok("diff", "-d", data, "--base", "HEAD", "-f", "md")
    assert "未报送" not in md and "验收" not in md
