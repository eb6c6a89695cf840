"""The prefecture's ranking circular (#27): `mscli rank -f docx` read back with python-docx (title,
a ranked sentence with a tie, the lagging county named, the attachment's rows) and its PDF's pages
through LibreOffice where present; the wording's pure functions on their own."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from conftest import invoke
from mscli.render.circular.pdf import find_office
from mscli.render.text import finished_sentence, rank_change_text, ranked_sentence
from mscli.results.county_ranking import Evaluation, rank_counties
from test_rank import bundles, county, write

NAME = "2023年重点民生实事年末评价排名通报.docx"


def test_ranked_sentence_says_a_tie_once() -> None:
    four = bundles(
        county("甲县", (50, 1), (100, 3)),  # 100
        county("乙县", (40, 2), (90, 3)),  # 95
        county("丙县", (60, 0), (90, 3)),  # 95: tied with 乙县
        county("丁县", (80, 3), (70, 2)),  # 68.33
    )
    (care,) = rank_counties(four, Evaluation.end).projects
    assert ranked_sentence(care) == "第1名甲县，并列第2名乙县、丙县，第4名丁县"
    # one of four finished: the one is named (not 除乙县、丙县、丁县外，其余均已完成)
    assert finished_sentence(care) == "甲县已全部完成，其余县（市、区）尚未全部完成"
    assert [rank_change_text(c.change) for c in care.counties] == [
        "上升2位", "持平", "上升2位", "下降3位",
    ]  # fmt: skip
    (mid,) = rank_counties(four, Evaluation.mid).projects
    assert rank_change_text(mid.counties[0].change) == "—"


def _three(folder: Path) -> None:
    write(folder, "a", county("甲县", (50, 1), (100, 3)))  # 100, finished
    write(folder, "b", county("乙县", (40, 2), (90, 3)))  # 95, beds at 90 %
    write(folder, "c", county("丙县", (60, 0), (100, 3)))  # 100: tied first
    write(folder, "d", county("丁县", (10, 0), (100, 3)))  # 100


def test_the_circular_names_the_ranks_and_the_lagging_county(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _three(folder)
    out = tmp_path / "通报.docx"
    result = invoke("rank", folder, "-f", "docx", "-o", out, "-n", "8", "--date", "2024-01-12")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert "平政办〔2024〕8号" in texts
    assert "关于2023年重点民生实事年末评价排名情况的通报" in texts
    assert "各县（市、区）人民政府，市政府有关部门：" in texts
    assert "一、养老服务" in texts
    assert (
        "评价排名：并列第1名甲县、丙县、丁县，第4名乙县。除乙县外，其余县（市、区）均已完成。"
        "各县（市、区）合计：新增床位累计完成390张，为年度目标400张的97.5%。"
    ) in texts  # 100 + 90 + 100 + 100 of four targets of 100
    assert "附件：2023年重点民生实事年末评价排名表" in texts
    assert texts[-4:-2] == ["平顶山市人民政府办公室", "2024年1月12日"]
    last = document.sections[-1]
    assert (last.page_width or 0) > (last.page_height or 0)  # landscape
    (table,) = document.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["项目", "县（市、区）", "名次", "得分", "名次分", "名次变化"]
    # 年中: 甲 41.67, 乙 53.33, 丙 30, 丁 5 → ranks 2, 1, 3, 4; the project's cell merged
    assert rows[1:] == [
        ["养老服务", "甲县", "1", "100.00", "100", "上升1位"],
        ["养老服务", "丙县", "1", "100.00", "100", "上升2位"],
        ["养老服务", "丁县", "1", "100.00", "100", "上升3位"],
        ["养老服务", "乙县", "4", "95.00", "70", "下降3位"],
    ]


def test_a_circular_is_not_overwritten_and_gets_its_default_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _three(folder)
    monkeypatch.chdir(tmp_path)
    first = invoke("rank", folder, "-f", "docx", "-e", "年中")
    assert first.exit_code == 0, first.output
    mid = docx.Document(str(tmp_path / "2023年重点民生实事年中评价排名通报.docx"))
    assert mid.tables[0].rows[0].cells[-1].text == "名次分"  # no change of rank at 年中
    target = tmp_path / NAME
    target.write_text("旧", encoding="utf-8")
    again = invoke("rank", folder, "-o", target)
    assert again.exit_code == 1
    assert "已存在" in again.output and target.read_text(encoding="utf-8") == "旧"
    forced = invoke("rank", folder, "-o", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert docx.Document(str(target)).tables[0].rows[0].cells[-1].text == "名次变化"
    mixed = invoke("rank", folder, "-f", "json", "-o", tmp_path / "x.docx")
    assert mixed.exit_code == 2
    assert invoke("rank", folder, "-o", tmp_path / "r.json").exit_code == 0
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert saved["projects"][0]["finished"] == "除乙县外，其余县（市、区）均已完成"


@pytest.mark.skipif(find_office() is None, reason="LibreOffice 未安装，无法转为 PDF 数页数")
def test_the_circular_prints_its_body_and_its_landscape_table(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from mscli.render.circular.pdf import convert

    folder = tmp_path / "in"
    folder.mkdir()
    _three(folder)
    out = tmp_path / "rank.docx"
    assert invoke("rank", folder, "-o", out, "--date", "2024-01-12").exit_code == 0
    pdf = convert(out, office=find_office() or "")
    pages = PdfReader(str(pdf)).pages
    # the 版头 and the opening on page 1; the project's heading and paragraph, the 附件说明 and the
    # 署名 kept together (GB/T 9704 §7.3.5, as the circular's) do not fit under it: page 2; the
    # attachment on a landscape page 3
    assert len(pages) == 3
    assert [p.mediabox.width > p.mediabox.height for p in pages] == [False, False, True]
    signed = "".join((pages[1].extract_text() or "").split())
    assert (
        "评价排名：并列第1名甲县、丙县、丁县，第4名乙县。除乙县外，其余县（市、区）均已完成。"
        in signed
    )
    assert "平顶山市人民政府办公室2024年1月12日" in signed
    table = "".join((pages[2].extract_text() or "").split())
    assert "2023年重点民生实事年末评价排名表" in table and "下降3位" in table


def test_a_project_cut_by_a_page_break_is_named_again(tmp_path: Path) -> None:
    """30 counties: more rows than a landscape page holds, so the attachment is a table per page
    and the page after the break names the project again in its first row."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(30):
        write(folder, f"c{n:02d}", county(f"县{n:02d}", (n, 1), (n * 3 % 100, 3)))
    out = tmp_path / "rank.docx"
    assert invoke("rank", folder, "-o", out).exit_code == 0
    tables = docx.Document(str(out)).tables
    assert len(tables) == 2
    rows = [[c.text for c in r.cells] for t in tables for r in t.rows[1:]]
    assert len(rows) == 30
    assert [t.rows[1].cells[0].text for t in tables] == ["养老服务", "养老服务"]
    assert all(t.rows[0].cells[0].text == "项目" for t in tables)  # each with its header
