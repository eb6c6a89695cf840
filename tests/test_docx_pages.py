"""Where the circular's 版记 goes, and the page count of the body it depends on for a .docx.

The body is set on the GB/T 9704 grid (22 lines a page, 28 characters a line), so a typist counts
its pages from its lines; the predictor must count the same way. Rendered checks are in
test_circular_pdf.py.
"""

from __future__ import annotations

import docx
import pytest
from docx.document import Document

from mscli.render.circular.docx.imprint import Placement, choose
from mscli.render.circular.docx.pages import body_pages
from mscli.render.circular.docx.styles import add_styles, fix_doc_defaults, set_page


def body(*paragraphs: str) -> Document:
    document = docx.Document()
    fix_doc_defaults(document)
    add_styles(document)
    set_page(document.sections[0])
    for text in paragraphs:
        document.add_paragraph(text, style="公文正文")
    return document


def lines(count: int) -> list[str]:
    return ["一、总体进展情况"] * count  # a heading-length paragraph: one line each


@pytest.mark.parametrize(
    ("count", "pages", "certain"),
    [(20, 1, True), (21, 1, False), (24, 2, False), (25, 2, True), (42, 2, True), (43, 2, False)],
)
def test_pages_follow_from_22_lines_a_page(count: int, pages: int, certain: bool) -> None:
    predicted = body_pages(body(*lines(count)))
    assert predicted.pages == pages
    assert predicted.certain is certain  # two lines either way would change the count


def test_28_characters_a_line_after_the_two_character_indent() -> None:
    first = "按" * 26  # the first line holds 26 characters after the indent
    assert body_pages(body(*lines(20), first)).last_page_used == pytest.approx(21 * 28.95)
    assert body_pages(body(*lines(20), first + "照")).last_page_used == pytest.approx(22 * 28.95)
    # a comma or full stop may hang past the end of a full line; other punctuation wraps
    assert body_pages(body(*lines(20), first + "。")).last_page_used == pytest.approx(21 * 28.95)
    assert body_pages(body(*lines(20), first + "：")).last_page_used == pytest.approx(22 * 28.95)


def test_latin_is_half_a_character_in_body_text() -> None:
    """仿宋_GB2312 draws Latin letters and digits half a character wide (Times New Roman, the
    tables' Latin face, would need more room for these capitals)."""
    text = "按" * 21 + "PPPPPPPP"  # 21 + 4 characters and the autospace: within 26
    assert body_pages(body(*lines(20), text)).last_page_used == pytest.approx(21 * 28.95)
    text = "按" * 22 + "PPPPPPPP"
    assert body_pages(body(*lines(20), text)).last_page_used == pytest.approx(22 * 28.95)


@pytest.mark.parametrize(
    ("last_page", "fits", "known", "placement"),
    [
        (16, True, True, Placement.FOOT),
        (16, False, True, Placement.AFTER_BLANK),
        (17, True, True, Placement.NEXT_PAGE),
        (17, False, True, Placement.NEXT_PAGE),
        (16, True, False, Placement.FOOT),
        (16, False, False, Placement.EVEN_PAGE),
        (17, True, False, Placement.EVEN_PAGE),
        (None, True, False, Placement.EVEN_PAGE),
    ],
)
def test_where_the_imprint_goes(
    last_page: int | None, fits: bool, known: bool, placement: Placement
) -> None:
    """Counted pages (a PDF) are placed exactly; a prediction for Word risks only the foot of an
    even page and leaves the rest to Word's even-page section break."""
    assert choose(last_page=last_page, fits=fits, known=known) is placement
