"""The 版记 (抄送, 印发机关 and 印发日期 between rules) at the foot of the circular's last page.

GB/T 9704-2012 puts the 版记 at the bottom of the last page and wants that page even (封四). Where
it goes depends on the page the attachment ends on and the room left at its foot (`choose`):

- an even page with room: at the foot of that page, no page is added;
- an odd page: alone at the foot of the next, even page (numbered, as the pages before it);
- an even page without room: a blank page, then the 版记's page, both without a number;
- the page is not known for sure (a .docx, whose body Word lays out): an even-page section break,
  which Word honours by adding the blank page itself when one is needed.

The 版记 is a borderless table with the standard's rules (thick above and below, thin between) as
wide as the type area, pushed down by an empty paragraph of exact height: the room under the
attachment's last table is known from its measured rows (render/docx_attachment). Word and
LibreOffice lay tables and exact line heights out alike; LibreOffice 7.4 would lay a floating
table inline and turns framed paragraphs with rules into ordinary ones.
"""

from __future__ import annotations

from enum import Enum

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from mscli.catalogue.config import CircularFacts
from mscli.render.circular.docx.styles import LINE_PITCH, child, set_page
from mscli.render.circular.docx.textwidth import hanging_lines

PT_PER_MM = 72 / 25.4
SIZE = 14.0  # 4号
CONDENSE_PT = 0.25  # the 版记 style's character spacing (docx_layout.CONDENSE)
INSET = Pt(SIZE)  # 抄送 and the 印发 line stand one character in from both ends
LABEL = Pt(3 * SIZE)  # 抄送：
THICK, THIN = 8, 6  # eighths of a point: the first and last rules 0.35 mm, the middle 0.25 mm
END_PT = 1.0  # the tiny paragraph that closes the document after the table
PORTRAIT_WIDTH_MM = 156.0
PORTRAIT_HEIGHT_PT = 225 * PT_PER_MM
SLACK_PT = 6.0
"""Kept free under a 版记 on a page of its own: rounding of the rules' widths, the closing mark."""


class Placement(Enum):
    FOOT = "foot"
    """At the foot of the attachment's last page."""
    NEXT_PAGE = "next-page"
    """Alone on a new, numbered page."""
    AFTER_BLANK = "after-blank"
    """A blank page, then the 版记's page; neither numbered."""
    EVEN_PAGE = "even-page"
    """A section that Word starts on the next even page; LibreOffice starts it on the next page."""


def choose(*, last_page: int | None, fits: bool, known: bool) -> Placement:
    """Where the 版记 goes when the content ends on `last_page` (None: not known) and `fits` says
    whether the 版记 has room at that page's foot. `known`: the page was counted by the renderer
    that prints (a PDF's first conversion); else it is a prediction for Word, which only the foot
    of an even page is risked on: anything else is left to Word's even-page section break, right
    whatever page Word ends the attachment on."""
    even = last_page is not None and last_page % 2 == 0
    if fits and even:
        return Placement.FOOT
    if last_page is None or not known:
        return Placement.EVEN_PAGE
    return Placement.AFTER_BLANK if even else Placement.NEXT_PAGE


def in_libreoffice(placement: Placement) -> Placement:
    """The placement as LibreOffice lays it out: it starts an even-page section on the next page."""
    return Placement.NEXT_PAGE if placement is Placement.EVEN_PAGE else placement


def added_pages(placement: Placement) -> int:
    """Pages the 版记 adds after the content as LibreOffice lays it out."""
    return {Placement.FOOT: 0, Placement.NEXT_PAGE: 1, Placement.AFTER_BLANK: 2}[
        in_libreoffice(placement)
    ]


def _copy_to(facts: CircularFacts) -> str | None:
    return f"抄送：{facts.copy_to}。" if facts.copy_to else None


def height(facts: CircularFacts, *, width_mm: float) -> float:
    """The 版记's height in points on a type area `width_mm` wide, with the paragraph closing the
    document under it."""
    text = _copy_to(facts)
    width = width_mm * PT_PER_MM - 2 * INSET.pt
    size = SIZE - CONDENSE_PT
    lines = 1 + (hanging_lines(text, width, width - LABEL.pt, size) if text else 0)
    rules = (2 * THICK + (THIN if text else 0)) / 8
    return lines * float(LINE_PITCH.pt) + rules + END_PT


def _exact(paragraph: Paragraph, points: float) -> None:
    """An empty paragraph exactly `points` high (its mark set small, so it never grows)."""
    paragraph.paragraph_format.line_spacing = Pt(points)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    child(paragraph._p.get_or_add_pPr(), "w:rPr").append(size)


def _rules(table: Table, *, middle: bool) -> None:
    """Rules above, below and (`middle`) between the rows; no side rules; no cell padding."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, eighths in (("top", THICK), ("bottom", THICK), ("insideH", THIN if middle else 0)):
        rule = OxmlElement(f"w:{side}")
        rule.set(qn("w:val"), "single" if eighths else "nil")
        rule.set(qn("w:sz"), str(eighths))
        rule.set(qn("w:space"), "0")
        rule.set(qn("w:color"), "000000")
        borders.append(rule)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = tbl_pr.find(qn("w:tblLook"))
    for element in (borders, margins):
        if look is not None:
            look.addprevious(element)
        else:
            tbl_pr.append(element)


def _table(document: Document, facts: CircularFacts, date: str, width_mm: float) -> None:
    text = _copy_to(facts)
    table = document.add_table(rows=2 if text else 1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    table.columns[0].width = Mm(width_mm)
    _rules(table, middle=text is not None)
    for row in table.rows:
        row.cells[0].width = Mm(width_mm)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = [row.cells[0].paragraphs[0] for row in table.rows]
    if text:
        copy_to = cells.pop(0)
        copy_to.style = document.styles["版记"]
        copy_to.add_run(text)
        copy_to.paragraph_format.left_indent = INSET + LABEL
        copy_to.paragraph_format.first_line_indent = -LABEL
        copy_to.paragraph_format.right_indent = INSET
    printed = cells[0]
    printed.style = document.styles["版记"]
    printed.add_run(facts.printer)
    printed.paragraph_format.left_indent = INSET
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm) - INSET, WD_TAB_ALIGNMENT.RIGHT)
    printed.add_run(f"\t{date}印发")
    _exact(document.add_paragraph(style="版记"), END_PT)  # a document cannot end in a table


def _page(document: Document, *, start: WD_SECTION, numbered: bool) -> None:
    """A new portrait section; without a number in its footers unless `numbered`."""
    section = document.add_section(start)
    set_page(section, landscape=False)
    if not numbered:
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False


def add_imprint(
    document: Document,
    facts: CircularFacts,
    date: str,
    *,
    placement: Placement,
    width_mm: float,
    free: float,
) -> None:
    """The 版记 after the content, placed as `placement` says. At the foot of the content's last
    page it takes that page's width `width_mm` and sits `free` points (the estimated room under
    the content, less a safety margin) lower; on a page of its own it is as wide as a portrait
    type area."""
    own = height(facts, width_mm=width_mm if placement is Placement.FOOT else PORTRAIT_WIDTH_MM)
    if placement is Placement.FOOT:
        _exact(document.add_paragraph(style="版记"), max(free - own, END_PT))
        _table(document, facts, date, width_mm)
        return
    if placement is Placement.AFTER_BLANK:
        _page(document, start=WD_SECTION.NEW_PAGE, numbered=False)
        _exact(document.add_paragraph(style="版记"), END_PT)
    start = WD_SECTION.EVEN_PAGE if placement is Placement.EVEN_PAGE else WD_SECTION.NEW_PAGE
    _page(document, start=start, numbered=placement is not Placement.AFTER_BLANK)
    _exact(document.add_paragraph(style="版记"), max(PORTRAIT_HEIGHT_PT - own - SLACK_PT, END_PT))
    _table(document, facts, date, PORTRAIT_WIDTH_MM)
