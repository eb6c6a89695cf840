"""The print check (render/circular/docx/printcheck): a printed circular read back page by page.

The rules on pages made by hand, then the real thing through LibreOffice where it is installed:
every mark of the body is in the PDF (LibreOffice 7.4 drops a hanging ，。、 after a justified
line that is exactly full; save_pdf sets such paragraphs ragged-right and prints again), and
`report --check` passes on each quarter of a played year."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from conftest import TEMPLATES, invoke
from december import AS_OF, play_december
from mscli.render.circular.docx.printcheck import (
    BodyParagraph,
    PrintedPage,
    body_paragraphs,
    check_print,
    lost_text,
    read_pages,
)
from mscli.render.circular.pdf import find_office

STATUSES = frozenset({"已完成", "滞后", "严重滞后"})
BODY = [
    BodyParagraph("一、总体进展情况", "公文一级标题"),
    BodyParagraph("截至6月30日，完成率57.0%。", "公文正文"),
    BodyParagraph("汝州市人民政府办公室", "署名"),
    BodyParagraph("2023年7月10日", "署名"),
]


WHOLE_BODY = (
    "一、总体进展情况",
    "截至6月30日，完成率57.0%。",
    "汝州市人民政府办公室",
    "2023年7月10日",
)
"""BODY printed on one page."""


def page(number: int, *lines: str, landscape: bool = False) -> PrintedPage:
    return PrintedPage(number, lines, landscape)


def codes(pages: list[PrintedPage], body: list[BodyParagraph] = BODY) -> list[tuple[str, int]]:
    return [(f.code, f.page) for f in check_print(body, pages, STATUSES)]


def test_a_clean_print_has_no_finding() -> None:
    assert codes([page(1, *WHOLE_BODY)]) == []


def test_a_dropped_mark_and_a_changed_number_are_found_with_their_page() -> None:
    pages = [
        page(1, "一、总体进展情况"),
        page(2, "截至6月30日完成率57.1%。", "汝州市人民政府办公室2023年7月10日"),
    ]
    found = lost_text(BODY, pages)
    assert [(f.page, f.message, f.hanging) for f in found] == [
        (2, "“体进展情况截至6月30日”后缺少“，”", True),
        (2, "“6月30日，完成率57.”后的“0”印成了“1”", False),
    ]
    assert {f.paragraph for f in found} == {1}


def test_a_page_holding_only_the_signature() -> None:
    pages = [
        page(1, "一、总体进展情况", "截至6月30日，完成率57.0%。"),
        page(2, "汝州市人民政府办公室", "2023年7月10日"),
    ]
    assert codes(pages) == [("signature-alone", 2)]


def test_a_heading_on_the_last_line_of_a_page() -> None:
    pages = [
        page(1, "一、总体进展情况"),
        page(2, "截至6月30日，完成率57.0%。", "汝州市人民政府办公室", "2023年7月10日"),
    ]
    assert codes(pages) == [("heading-at-foot", 1)]


def test_an_attachment_page_of_one_row_and_an_imprint_on_an_odd_page() -> None:
    pages = [
        page(1, *WHOLE_BODY),
        page(
            2,
            "序号项目状态",
            "1技能培训100.0%已完成市人社局",
            "2两癌筛查36.5%滞后市卫健委",
            landscape=True,
        ),
        page(3, "3老旧小区25.1%严重滞后市住建局", "抄送：市委各部门。", landscape=True),
    ]
    assert codes(pages) == [("single-row", 3), ("imprint-odd", 3)]


def test_a_table_header_repeated_on_the_next_page_is_not_extra_text() -> None:
    body = [
        BodyParagraph("排名牵头单位", "表头行"),
        BodyParagraph("1市财政局", "表格行"),
        BodyParagraph("2市民政局", "表格行"),
    ]
    pages = [page(1, "排名牵头单位", "1市财政局"), page(2, "排名牵头单位", "2市民政局")]
    assert lost_text(body, pages) == []


office = pytest.mark.skipif(
    find_office() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_december(tmp_path_factory.mktemp("print-check"))


@office
@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_every_mark_of_the_body_is_in_the_pdf(played: Path, tmp_path: Path, quarter: int) -> None:
    pdf = tmp_path / f"q{quarter}.pdf"
    args = ("report", "-q", str(quarter), "--as-of", AS_OF[quarter], "-d", played, "-t", TEMPLATES)
    assert invoke(*args, "-o", pdf).exit_code == 0
    written = tmp_path / f"q{quarter}.docx"
    assert invoke(*args, "-o", written).exit_code == 0
    # the .docx for Word has no repair: compare the PDF with its text
    found = lost_text(body_paragraphs(docx.Document(str(written))), read_pages(pdf))
    assert [f.message for f in found] == []


@office
@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_report_check_passes_each_quarter_and_names_the_fonts(played: Path, quarter: int) -> None:
    result = invoke(
        "report", "-q", str(quarter), "--as-of", AS_OF[quarter], "-d", played, "-t", TEMPLATES,
        "--check",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "印制检查通过" in result.output
    if shutil.which("fc-list") and "代替" not in result.output:
        pytest.skip("this machine has the 公文 fonts")
