"""How many pages the circular's body takes in Word, predicted from the built document.

The body is set on the GB/T 9704 grid: exact line pitch, no widow control, 28 characters a line, so
its pages follow from its lines. Each paragraph's lines come from the width table (render/textwidth,
with the commas and full stops that Word lets hang past the margin), each table row's height from
its wrapped cells; a paragraph breaks between any two lines, a table between rows (its header row
repeated). The attachment, which starts on a new page, is laid out by render/docx_attachment.

A prediction whose last page is within `MARGIN_LINES` lines of empty or full is not trusted: the
office's fonts may set a line or two differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from mscli.render.circular.docx.styles import LINE_PITCH, TABLE_PITCH, TABLE_SIZE
from mscli.render.circular.docx.table import CELL_MARGIN_X_MM, CELL_MARGIN_Y_MM
from mscli.render.circular.docx.textwidth import hanging_lines, line_count

PT_PER_MM = 72 / 25.4
WIDTH_PT = 156 * PT_PER_MM
HEIGHT_PT = 225 * PT_PER_MM
CONDENSE_PT = 0.25  # styles of 14 pt and more are set 0.25 pt tighter (docx_layout.CONDENSE)
MARGIN_LINES = 2
RULE_PT = 0.5


@dataclass(frozen=True)
class BodyPages:
    pages: int
    last_page_used: float
    """Height taken on the last page, in points."""

    @property
    def certain(self) -> bool:
        """Whether `MARGIN_LINES` lines more or fewer would still give the same number of pages."""
        margin = MARGIN_LINES * float(LINE_PITCH.pt)
        return margin + 0.01 < self.last_page_used <= HEIGHT_PT - margin + 0.01


@dataclass(frozen=True)
class _Lines:
    """A paragraph as the page breaker sees it."""

    before: float
    count: int
    pitch: float
    after: float


class _Styles:
    """What a paragraph takes from its style and the styles below it, looked up once per style:
    python-docx searches the styles part for a paragraph's style, and again for each base style,
    on every look-up (most of the prediction's time in a long body)."""

    def __init__(self) -> None:
        self._formats: dict[tuple[str | None, str], object] = {}
        self._sizes: dict[str | None, float] = {}

    def format(self, paragraph: Paragraph, name: str) -> object:
        key = (paragraph._p.style, name)
        if key not in self._formats:
            value = None
            style = paragraph.style
            while value is None and isinstance(style, ParagraphStyle):
                value = getattr(style.paragraph_format, name)
                style = style.base_style
            self._formats[key] = value
        return self._formats[key]

    def size(self, paragraph: Paragraph) -> float:
        key = paragraph._p.style
        if key not in self._sizes:
            size = 16.0
            style = paragraph.style
            while isinstance(style, ParagraphStyle):
                if style.font.size is not None:
                    size = float(style.font.size.pt)
                    break
                style = style.base_style
            self._sizes[key] = size
        return self._sizes[key]


def _inherited(paragraph: Paragraph, name: str, styles: _Styles) -> object:
    """A paragraph format value: the paragraph's own, else its style's, else its base styles'."""
    value = getattr(paragraph.paragraph_format, name)
    return styles.format(paragraph, name) if value is None else value


def _size(paragraph: Paragraph, styles: _Styles) -> float:
    sizes = [run.font.size for run in paragraph.runs if run.font.size is not None]
    if sizes:
        return float(max(s.pt for s in sizes))
    return styles.size(paragraph)


def _pt(value: object) -> float:
    pt = getattr(value, "pt", None)
    return float(pt) if pt is not None else 0.0


def _borders(paragraph: Paragraph) -> float:
    """The height paragraph borders add (their space and their width), in points."""
    ppr = paragraph._p.pPr
    found = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if found is None:
        return 0.0
    return sum(int(b.get(qn("w:space"), "0")) + int(b.get(qn("w:sz"), "0")) / 8 for b in found)


def _paragraph(paragraph: Paragraph, styles: _Styles) -> _Lines:
    size = _size(paragraph, styles)
    pitch = _inherited(paragraph, "line_spacing", styles)
    pitch_pt = _pt(pitch) if hasattr(pitch, "pt") else size * 1.3
    left, right = (
        _pt(_inherited(paragraph, "left_indent", styles)),
        _pt(_inherited(paragraph, "right_indent", styles)),
    )
    first = _pt(_inherited(paragraph, "first_line_indent", styles))
    width = WIDTH_PT - left - right
    text = paragraph.text
    set_size = size - CONDENSE_PT if size >= 14 else size
    count = hanging_lines(text, width - first, width, set_size, body=True) if text else 1
    before = _pt(_inherited(paragraph, "space_before", styles))
    after = _pt(_inherited(paragraph, "space_after", styles)) + _borders(paragraph)
    return _Lines(before, count, pitch_pt, after)


def _row_height(cells: list[tuple[str, float]]) -> float:
    padding = 2 * CELL_MARGIN_X_MM * PT_PER_MM + RULE_PT
    lines = max(line_count(text, width - padding, TABLE_SIZE) for text, width in cells)
    return lines * TABLE_PITCH + 2 * CELL_MARGIN_Y_MM * PT_PER_MM + RULE_PT


def _rows(table: Table) -> list[float]:
    widths = [column.width.pt if column.width is not None else 0.0 for column in table.columns]
    return [
        _row_height([(cell.text, w) for cell, w in zip(row.cells, widths, strict=False)])
        for row in table.rows
    ]


def _body(document: Document) -> Iterator[Paragraph | Table]:
    """The first section's paragraphs and tables (the body, before the attachment)."""
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            yield Table(element, document)
        elif element.tag == qn("w:p"):
            yield Paragraph(element, document)
            if _ends_section(element):
                return


def _ends_section(element: _Element) -> bool:
    return element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def body_pages(document: Document) -> BodyPages:
    """The pages the first section takes, laid out line by line."""
    pages, used = 1, 0.0
    styles = _Styles()

    def place(height: float) -> bool:
        """Add a line or a row; True when it starts a new page."""
        nonlocal pages, used
        if used and used + height > HEIGHT_PT + 0.01:
            pages, used = pages + 1, height
            return True
        used += height
        return False

    for block in _body(document):
        if isinstance(block, Table):
            header, *rows = _rows(block) or [0.0]
            place(header)
            for row in rows:
                if place(row):
                    used += header  # the header row repeated on the new page
            continue
        lines = _paragraph(block, styles)
        used += lines.before
        for _ in range(lines.count):
            place(lines.pitch)
        used += lines.after
    return BodyPages(pages, used)
