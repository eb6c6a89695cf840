"""Tables for the circular, built by copying a prepared w:tr (never through table.cell(i, j))."""

from __future__ import annotations

import copy
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl
from docx.shared import Mm
from docx.table import Table
from lxml.etree import _Element

from mscli.render.circular.docx.deferred import defer, element_xml
from mscli.render.circular.docx.fast_body import append, style_id
from mscli.render.circular.docx.styles import shade

HEADER_FILL = "D9D9D9"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
CELL_MARGIN_X_MM = 1.5
"""Left and right padding of every cell (set explicitly: Word and LibreOffice defaults differ)."""
CELL_MARGIN_Y_MM = 0.8
"""Top and bottom padding of every cell."""


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    align: str = "left"


def _table_properties(table: Table) -> None:
    """Single black rules, fixed layout (fast in LibreOffice and Word), centred."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "000000"),
        ):
            line.set(qn(key), value)
        borders.append(line)
    later = [tbl_pr.find(qn(tag)) for tag in TBLPR_AFTER_BORDERS]
    following = next((e for e in later if e is not None), None)
    if following is not None:
        following.addprevious(borders)
    else:
        tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (
        ("top", CELL_MARGIN_Y_MM),
        ("left", CELL_MARGIN_X_MM),
        ("bottom", CELL_MARGIN_Y_MM),
        ("right", CELL_MARGIN_X_MM),
    ):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _row_flags(tr: CT_Row, *, header: bool, split: bool = False) -> None:
    tr_pr = tr.get_or_add_trPr()
    if not split:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _texts(tr: _Element) -> list[_Element]:
    """The text element of each cell of a prototype row (each has exactly one)."""
    texts = [tc.find(f".//{qn('w:t')}") for tc in tr.iterchildren(qn("w:tc"))]
    return [t for t in texts if t is not None]


@dataclass(frozen=True)
class PreparedTable:
    """A table's properties, grid and header row, and its empty body row, built once through
    python-docx: each table is a copy of the first, each body row a copy of the second."""

    table: CT_Tbl
    row: CT_Row

    @cached_property
    def xml(self) -> tuple[bytes, bytes]:
        """The table serialized, cut where its body rows go (before `</w:tbl>`)."""
        xml = element_xml(self.table)
        end = xml.rindex(b"</w:tbl>")
        return xml[:end], xml[end:]


def prepare_table(
    document: Document, columns: Sequence[Column], *, split_rows: bool = False
) -> PreparedTable:
    """The header repeated on every page, and a body row whose cells are vertically centred;
    `split_rows`: a tall body row may continue on the next page instead of leaving the rest of
    the page empty (the checklist's long criteria)."""
    table: Table = document.add_table(rows=1, cols=len(columns))
    _table_properties(table)
    # style ids looked up once: python-docx's `paragraph.style = name` scans every style each time
    header_style = style_id(document, "表头文字")
    body_style = style_id(document, "表格文字")
    for i, column in enumerate(columns):
        table.columns[i].width = Mm(column.width_mm)
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.width = Mm(column.width_mm)
        paragraph = cell.paragraphs[0]
        paragraph._p.get_or_add_pPr().style = header_style
        paragraph.add_run(column.title)
        shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
    _row_flags(table.rows[0]._tr, header=True)

    prototype = table.add_row()
    for cell, column in zip(prototype.cells, columns, strict=True):
        cell.width = Mm(column.width_mm)
        cell._tc.get_or_add_tcPr().append(_element("w:vAlign", val="center"))
        paragraph = cell.paragraphs[0]
        paragraph._p.get_or_add_pPr().style = body_style
        paragraph.alignment = ALIGN[column.align]
        paragraph.add_run("-")  # a w:t for every copy to fill
    _row_flags(prototype._tr, header=False, split=split_rows)
    tbl = table._tbl
    tbl.remove(prototype._tr)
    document.element.body.remove(tbl)
    return PreparedTable(tbl, prototype._tr)


def add_table(
    document: Document,
    prepared: PreparedTable,
    rows: Sequence[Sequence[str]],
    *,
    fills: Sequence[str | None] | None = None,
    fill_column: int | None = None,
    groups: Sequence[Hashable] | None = None,
    merge_columns: Collection[int] = (),
    spanned: Collection[int] = (),
    deferred: bool = False,
) -> None:
    """A copy of the prepared table at the end of the document, with a copied row per value row;
    `fills[i]` shades row i's `fill_column`; consecutive rows with equal `groups` keys share one
    vertically merged cell in each of `merge_columns`. `deferred`: the table is kept as XML text until the
    document is saved (render/docx_deferred), for the attachment's long tables; the body's stay
    in the document, where its pages are predicted from them (render/docx_pages)."""
    tbl = None if deferred else copy.deepcopy(prepared.table)
    if tbl is not None:
        append(document, tbl)
    serialized = []
    for index, values in enumerate(rows):
        tr = copy.deepcopy(prepared.row)
        for t, value in zip(_texts(tr), values, strict=True):
            t.text = value
            t.set(qn("xml:space"), "preserve")
        fill = fills[index] if fills is not None else None
        if fill and fill_column is not None:
            tc = list(tr.iterchildren(qn("w:tc")))[0 if index in spanned else fill_column]
            cell_pr = tc.find(qn("w:tcPr"))
            assert cell_pr is not None  # every prepared cell has its width
            shade(cell_pr, fill)
        if groups is not None and len(rows) > 1:
            for column in merge_columns:
                _merge(tr, column, groups, index)
        if index in spanned:
            _span(tr)
        if tbl is None:
            serialized.append(element_xml(tr))
        else:
            tbl.append(tr)
    if tbl is None:
        head, tail = prepared.xml
        defer(document, head + b"".join(serialized) + tail)


def build_table(
    document: Document,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    fills: Sequence[str | None] | None = None,
    fill_column: int | None = None,
    spanned: Collection[int] = (),
    split_rows: bool = False,
) -> None:
    """A table with a header row repeated on every page; `fills[i]` shades row i's `fill_column`;
    the rows in `spanned` are one cell across the table (a group's heading, kept with the row
    after it), their text the row's first value."""
    add_table(
        document,
        prepare_table(document, columns, split_rows=split_rows),
        rows,
        fills=fills,
        fill_column=fill_column,
        spanned=spanned,
    )


def _element(tag: str, **attributes: str) -> _Element:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _span(tr: _Element) -> None:
    """One cell across the row, as wide as the table, never split and kept with the next row."""
    first, *rest = tr.iterchildren(qn("w:tc"))
    widths = [tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}") for tc in (first, *rest)]
    total = sum(int(w.get(qn("w:w"), "0")) for w in widths if w is not None)
    for tc in rest:
        tr.remove(tc)
    width = widths[0]
    assert width is not None
    width.set(qn("w:w"), str(total))
    width.addnext(_element("w:gridSpan", val=str(len(rest) + 1)))
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))
    for p_pr in first.iter(qn("w:pPr")):
        p_pr.insert(1, OxmlElement("w:keepNext"))  # after its style: the schema's order


def _merge(tr: _Element, column: int, groups: Sequence[Hashable], index: int) -> None:
    """vMerge restart on a group's first row, continue (and no text) on the rows under it."""
    first = index == 0 or groups[index - 1] != groups[index]
    last = index == len(groups) - 1 or groups[index + 1] != groups[index]
    if first and last:
        return
    tc = list(tr.iterchildren(qn("w:tc")))[column]
    width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    assert width is not None
    width.addnext(_element("w:vMerge", val="restart") if first else OxmlElement("w:vMerge"))
    if not first:
        for t in tc.iter(qn("w:t")):
            t.text = ""


def fitted_columns(
    header: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str], width_mm: float
) -> list[Column]:
    """Columns for a Markdown table: widths shared by the longest text of each column."""
    longest = [
        max([len(header[i]), *(len(r[i]) for r in rows if i < len(r))]) + 1
        for i in range(len(header))
    ]
    total = sum(longest)
    return [
        Column(title, width_mm * n / total, align[i] if i < len(align) else "left")
        for i, (title, n) in enumerate(zip(header, longest, strict=True))
    ]
