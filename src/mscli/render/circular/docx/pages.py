"""How many pages the circular's body takes in Word, predicted from the built document.

The body is set on the GB/T 9704 grid: exact line pitch, 28 characters a line, so its pages follow
from its lines. Each paragraph's lines come from the width table (render/textwidth, with the commas
and full stops that Word lets hang past the margin), each table row's height from its wrapped
cells. A page ends at the last place the document's own pagination rules let it break, as Word and
LibreOffice break it:

- widow/orphan control (w:widowControl): a paragraph leaves at least two lines on either page, so
  a paragraph of two or three lines is never split;
- keep lines together (w:keepLines): the paragraph is not split;
- keep with next (w:keepNext): no break between the paragraph and the next one. The circular pairs
  it with keepLines everywhere (headings, the last body paragraph, 附件说明, the lines of the
  署名), and the paragraph is counted as kept whole: LibreOffice moves such a paragraph whole,
  Word might split it.

A table breaks between rows (its header row repeated). The attachment, which starts on a new page,
is laid out by render/docx_attachment.

A prediction that two lines more or fewer anywhere in the body would change is not trusted: the
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
    certain: bool = True
    """Whether `MARGIN_LINES` lines more or fewer would still give the same number of pages."""


@dataclass(frozen=True)
class _Lines:
    """A paragraph as the page breaker sees it."""

    before: float
    count: int
    pitch: float
    after: float
    keep_next: bool
    keep_lines: bool
    widow_control: bool


@dataclass(frozen=True)
class _Unit:
    """A line of a paragraph or a table row: what the page breaker places."""

    height: float  # checked against the room left on the page
    trail: float  # space after, which may run past the page's foot
    breakable: bool  # whether a page may end after it
    header: float = 0.0  # a table row's repeated header, added when it starts a page


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
    return _Lines(
        before,
        count,
        pitch_pt,
        after,
        bool(_inherited(paragraph, "keep_with_next", styles)),
        bool(_inherited(paragraph, "keep_together", styles)),
        bool(_inherited(paragraph, "widow_control", styles)),
    )


def _line_units(lines: _Lines) -> list[_Unit]:
    """A paragraph's lines, each marked where a page may end after it."""
    n = lines.count
    whole = lines.keep_lines or lines.keep_next
    units = []
    for j in range(1, n + 1):
        if j == n:
            breakable = not lines.keep_next
        elif whole:
            breakable = False
        else:
            breakable = not lines.widow_control or (j >= 2 and n - j >= 2)
        units.append(
            _Unit(
                lines.pitch + (lines.before if j == 1 else 0.0),
                lines.after if j == n else 0.0,
                breakable,
            )
        )
    return units


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


def _units(document: Document) -> list[_Unit]:
    styles = _Styles()
    units: list[_Unit] = []
    for block in _body(document):
        if isinstance(block, Table):
            header, *rows = _rows(block) or [0.0]
            units.append(_Unit(header, 0.0, True))
            units.extend(_Unit(row, 0.0, True, header) for row in rows)
        else:
            units.extend(_line_units(_paragraph(block, styles)))
    return units


def _paginate(units: list[_Unit], shift: float = 0.0) -> tuple[int, float]:
    """Pages and the height used on the last one; `shift` points more taken on the first page."""
    pages, used = 1, shift
    on_page: list[int] = []  # the units on the current page
    for index, unit in enumerate(units):
        while on_page and used + unit.height > HEIGHT_PT + 0.01:
            # the page ends after its last unit that allows it, else here (a chain too long)
            cut = next((k for k in reversed(on_page) if units[k].breakable), on_page[-1])
            moved = list(range(cut + 1, index))
            pages, on_page = pages + 1, moved
            used = sum(units[k].height + units[k].trail for k in moved)
            used += (units[moved[0]] if moved else unit).header
        on_page.append(index)
        used += unit.height + unit.trail
    return pages, used


def body_pages(document: Document) -> BodyPages:
    """The pages the first section takes, laid out line by line under its pagination rules."""
    units = _units(document)
    pages, used = _paginate(units)
    pitch = float(LINE_PITCH.pt)
    certain = all(
        _paginate(units, shift * pitch)[0] == pages
        for shift in range(-MARGIN_LINES, MARGIN_LINES + 1)
        if shift
    )
    return BodyPages(pages, used, certain)
