"""The page count of the circular's body, predicted for Word from the built .docx.

The body is set on the GB/T 9704 grid (22 lines a page, 28 characters a line), so a typist counts
its pages from its lines; the predictor must count the same way.
"""

from __future__ import annotations

import docx
import pytest
from docx.document import Document

from mscli.render.docx_layout import add_styles, fix_doc_defaults, set_page
from mscli.render.docx_pages import body_pages


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
