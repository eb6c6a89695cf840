"""The proof-reader's wording of the circular (#22 item 12): what a reader of the printed .docx
checks, on Ruzhou's data and on 青山县's (a programme that is not Ruzhou's)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table

from conftest import FIXTURES, copy_data, invoke, style_name
from mscli.render.circular.docx.pages import CONDENSE_PT
from mscli.render.circular.docx.textwidth import text_width


def _report(data: Path, quarter: int, out: Path) -> DocumentType:
    result = invoke("report", "-q", str(quarter), "-o", out, "-d", data)
    assert result.exit_code == 0, result.output
    return Document(str(out))


@pytest.fixture(scope="module")
def ruzhou(tmp_path_factory: pytest.TempPathFactory) -> dict[int, DocumentType]:
    folder = tmp_path_factory.mktemp("ruzhou")
    data = copy_data(folder / "data")
    return {q: _report(data, q, folder / f"q{q}.docx") for q in (1, 2)}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> DocumentType:
    folder = tmp_path_factory.mktemp("county")
    shutil.copytree(FIXTURES / "county-2023", folder / "data")
    return _report(folder / "data", 2, folder / "q2.docx")


def _attachment(document: DocumentType) -> list[Table]:
    return [t for t in document.tables if t.rows[0].cells[0].text == "序号"]


def _width(text: str) -> float:
    return text_width(text, 16 - CONDENSE_PT, body=True) * 20  # twips


@pytest.mark.parametrize("which", ["ruzhou", "county"])
def test_the_signature_is_centred_over_the_date_four_characters_in(
    which: str, ruzhou: dict[int, DocumentType], county: DocumentType
) -> None:
    document = ruzhou[2] if which == "ruzhou" else county
    lines = [p for p in document.paragraphs if style_name(p) == "署名"]
    *signer, date = lines
    assert signer and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", date.text)
    right = date.paragraph_format.right_indent
    assert right is not None and right.twips == 1280  # 右空四字
    date_centre = right.twips + _width(date.text) / 2  # from the right margin
    for line in signer:
        indent = line.paragraph_format.right_indent
        assert indent is not None
        assert abs(indent.twips + _width(line.text) / 2 - date_centre) <= 1


@pytest.mark.parametrize("which", ["ruzhou", "county"])
def test_the_attachment_heads_and_numbers_follow_the_seed(
    which: str, ruzhou: dict[int, DocumentType], county: DocumentType
) -> None:
    document = ruzhou[2] if which == "ruzhou" else county
    place, projects, rows = ("汝州市", 14, 44) if which == "ruzhou" else ("青山县", 4, 7)
    tables = _attachment(document)
    header = [c.text for c in tables[0].rows[0].cells]
    assert header[:4] == ["序号", "项目", "平顶山市指标任务", f"{place}指标任务"]
    pairs = [(r.cells[0].text, r.cells[1].text) for t in tables for r in t.rows[1:]]
    assert len(pairs) == rows
    numbers = list(dict.fromkeys(pairs))
    assert [int(n) for n, _ in numbers] == list(range(1, projects + 1))
    assert len({n for n, _ in numbers}) == len(numbers)  # a project's rows share its number
    # 序号 is one merged cell over the project's rows, as 项目 is
    for table in tables:
        for tr in table._tbl.tr_lst[1:]:
            number, project = (tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for tc in tr.tc_lst[:2])
            assert (number is None) == (project is None)
            if number is not None and project is not None:
                assert number.get(qn("w:val")) == project.get(qn("w:val"))
