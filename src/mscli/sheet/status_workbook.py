"""A plain table as a real Excel workbook (openpyxl): `mscli status -o 进度.xlsx`.

Numbers are number cells with a number format (mscli.cells.Figure), never text; the header row is
frozen and printed on every page; the sheet prints on A4 landscape, fitted to the page's width.
openpyxl is imported inside the function so that `mscli --help` does not pay for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mscli.cells import Figure, inert_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WIDTH = 24
"""Wider text wraps (the cells wrap), so that the columns fit a landscape page's width."""
HEADER_ROW = 2
LINE_HEIGHT = 15
"""Points per line of wrapped text: each row is as tall as its longest cell needs, since neither
Calc nor a headless conversion sizes a row to its wrapped text."""


def _shown(cell: str | Figure) -> str:
    return cell.shown if isinstance(cell, Figure) else cell


def width(text: str) -> int:
    """Columns a text takes: a wide (Chinese) or full-width character two, anything else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table_workbook(
    *, title: str, header: Sequence[str], rows: Sequence[Sequence[str | Figure]]
) -> Workbook:
    """One sheet: the title on row 1, the header (bold, frozen, repeated on each printed page) on
    row 2, then the rows; a Figure becomes a number cell in its format."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has exactly one sheet
    sheet.title = "进度"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(header))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append([c.value if isinstance(c, Figure) else c for c in row])
        for cell, given in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(given, Figure):
                cell.number_format = given.number_format
    widths = []
    for index, name in enumerate(header, start=1):
        longest = max([width(name), *(width(_shown(row[index - 1])) for row in rows)])
        widths.append(min(MAX_WIDTH, longest + 2))
        sheet.column_dimensions[get_column_letter(index)].width = widths[-1]
    for number, (line, row) in enumerate(
        zip(sheet.iter_rows(min_row=HEADER_ROW + 1), rows, strict=True), start=HEADER_ROW + 1
    ):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(-(-width(_shown(c)) // (w - 1)) for c, w in zip(row, widths, strict=True))
        sheet.row_dimensions[number].height = LINE_HEIGHT * max(1, lines)
    print_setup(sheet, HEADER_ROW)
    inert_workbook(workbook)
    return workbook


def print_setup(sheet: Worksheet, header_row: int) -> None:
    """How every table mscli writes prints (this one and the fill-in workbook): A4 landscape (Calc
    in an en-US locale would take US Letter), one page wide and as many down as the rows need,
    centred, with `header_row` repeated at the top of every page and frozen on screen."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
