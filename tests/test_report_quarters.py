"""`mscli report` through the CLI for every quarter: its own number and date, Q4's year-end
circular, and each indicator credited to its own lead unit. The .docx is reopened with python-docx.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.document import Document
from typer.testing import Result

from conftest import TEMPLATES, invoke, style_name


def report(data: Path, *args: str) -> Result:
    return invoke("report", "--data", data, "--templates", TEMPLATES, *args)


def circular(data: Path, out: Path, *args: str) -> tuple[Document, str]:
    """The .docx (opened) and what the command said on stderr."""
    result = report(data, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return docx.Document(str(out)), result.stderr


def lines(document: Document) -> list[str]:
    """The paragraphs' texts, then the 版记's lines (its table is the document's last)."""
    imprint = [row.cells[0].text for row in document.tables[-1].rows]
    return [p.text for p in document.paragraphs] + imprint


def set_quarters(data: Path, entries: str) -> None:
    config = data / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "  quarters:\n" + entries, encoding="utf-8")


def line_of(data: Path, needle: str) -> int:
    text = (data / "config.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(text, start=1) if line.startswith(needle))


def test_each_quarter_prints_its_own_number_and_date(data: Path, tmp_path: Path) -> None:
    set_quarters(data, "    2:\n      number: 52\n      date: 2023-07-10\n")
    q2, said = circular(data, tmp_path / "q2.docx", "-q", "2")
    assert "汝政办〔2023〕52号" in lines(q2)
    assert "2023年7月10日" in lines(q2) and any(t.endswith("2023年7月10日印发") for t in lines(q2))
    assert "警告" not in said and "留空" not in said
    q3, said = circular(data, tmp_path / "q3.docx", "-q", "3")
    assert "汝政办〔2023〕\u3000\u3000号" in lines(q3)  # Q2's 52 is not taken over
    assert "2023年9月30日" in lines(q3) and "2023年7月10日" not in lines(q3)
    assert "未指定第3季度通报的发文顺序号" in said and "留空" in said


def test_options_give_number_and_date(data: Path, tmp_path: Path) -> None:
    q3, said = circular(
        data, tmp_path / "q3.docx", "-q", "3", "--number", "71", "--date", "2023-10-08"
    )
    assert "汝政办〔2023〕71号" in lines(q3) and "2023年10月8日" in lines(q3)
    assert said == ""
    result = report(data, "-q", "3", "--date", "2023-13-01", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2
    assert "“2023-13-01”不是有效的日期" in result.stderr and "Traceback" not in result.output


def test_a_reused_number_or_early_date_is_warned_with_the_config_line(
    data: Path, tmp_path: Path
) -> None:
    set_quarters(
        data,
        "    2: {number: 52, date: 2023-07-10}\n    3:\n      number: 52\n      date: 2023-07-10\n",
    )
    _, said = circular(data, tmp_path / "q3.docx", "-q", "3")
    said = said.replace("\n", "")
    q2_line, date_line = line_of(data, "    2: {number: 52"), line_of(data, "      date: 2023-07")
    assert re.search(
        r"警告：发文顺序号 52（circular\.quarters\.3\.number）已用于2023年第二季度通报，"
        rf"见 \S*config\.yaml 第 {q2_line} 行",
        said,
    ), said
    assert "早于本季度报送截止日 2023年9月25日" in said
    assert f"config.yaml 第 {date_line} 行" in said
    _, said = circular(data, tmp_path / "q3b.docx", "-q", "3", "--date", "2023-06-30")
    assert "2023年6月30日（--date）早于本季度报送截止日" in said.replace("\n", "")


def year_end_data(data: Path) -> Path:
    """Every Q2 report handed in again, unchanged, for Q4 on 20 December."""
    q4 = data / "progress" / "2023-Q4"
    q4.mkdir()
    for file in (data / "progress" / "2023-Q2").iterdir():
        text = re.sub(r"(?m)^submitted: .*$", "submitted: 2023-12-20", file.read_text("utf-8"))
        (q4 / file.name).write_text(text, encoding="utf-8")
    return data


def test_fourth_quarter_is_the_years_circular(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year_end_data(data)
    monkeypatch.chdir(tmp_path)
    result = report(data, "-q", "4")
    assert result.exit_code == 0, result.output
    path = tmp_path / "output" / "2023年重点民生实事全年完成情况通报.docx"
    document = docx.Document(str(path))
    title = [p.text for p in document.paragraphs if style_name(p) == "公文标题" and p.text]
    assert "".join(title[1:3]) == "关于2023年重点民生实事全年完成情况的通报"
    body = "\n".join(lines(document))
    assert "全年已完成" in body and "未完成" in body and "“年末”评价" in body
    assert "验收" in body and "附件2" in body and "2024年重点民生实事" in body
    # 滞后 may occur only in a unit's own words (its 存在问题), never as the circular's verdict
    for wrong in (
        "滞后（牵头单位",
        "滞后指标",
        "倒排工期",
        "年中",
        "季度推进情况报送",
        "2024年3月",
    ):
        assert wrong not in body, wrong
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "序号"]
    statuses = {row.cells[7].text for t in tables for row in t.rows[1:]}
    assert "未完成" in statuses and not statuses & {"滞后", "严重滞后", "按序时", "超序时"}


def test_the_document_numbers_year_is_the_year_of_issue(data: Path, tmp_path: Path) -> None:
    """The year-end circular issued in January is numbered in the new year's sequence: its 〔2024〕
    comes from the date, and a 2023 circular with the same sequence number is no clash."""
    year_end_data(data)
    set_quarters(
        data, "    3: {number: 3, date: 2023-10-10}\n    4: {number: 3, date: 2024-01-12}\n"
    )
    q4, said = circular(data, tmp_path / "q4.docx", "-q", "4")
    assert "汝政办〔2024〕3号" in lines(q4) and "2024年1月12日" in lines(q4)
    assert "汝政办〔2023〕3号" not in "\n".join(lines(q4))
    assert "已用于" not in said, said
    checked = invoke("validate", "--data", data)
    assert "circular-number" not in checked.output, checked.output
    _, said = circular(data, tmp_path / "q4b.docx", "-q", "4", "--date", "2023-12-28")
    assert "发文顺序号 3（circular.quarters.4.number）已用于2023年第三季度通报" in said.replace(
        "\n", ""
    )


@pytest.mark.parametrize(("quarter", "ranking"), [(1, None), (2, "年中"), (3, None)])
def test_ranking_only_at_the_prefectures_evaluations(
    data: Path, tmp_path: Path, quarter: int, ranking: str | None
) -> None:
    md = tmp_path / "body.md"
    assert report(data, "-q", str(quarter), "-f", "md", "-o", str(md)).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert ("排名" in text) is (ranking is not None)
    assert "半年（年终）" not in text and "年末" not in text
    if ranking:
        assert f"“{ranking}”评价" in text and f"{ranking}得分及排名如下" in text


def test_indicators_are_credited_to_their_own_lead_units(data: Path, tmp_path: Path) -> None:
    md = tmp_path / "body.md"
    assert report(data, "-q", "2", "-f", "md", "-o", str(md)).exit_code == 0
    text = md.read_text(encoding="utf-8")
    project5 = text.split("### 提高妇女儿童健康保障水平")[1].split("###")[0]
    assert "市残联牵头1项指标：未报送1项。" in project5
    assert "市卫生健康委牵头3项指标（其中1项由平顶山市统一安排实施）：" in project5
    assert "残疾儿童康复救助年度目标400人，未报送" in project5
    project7 = text.split("### 加强农村基础设施建设")[1].split("###")[0]
    for lead in (
        "市交通运输局牵头1项指标",
        "市邮政管理局牵头1项指标",
        "国网汝州供电公司牵头2项指标",
    ):
        assert lead in project7, lead
