"""A plain table as a real Excel workbook (openpyxl): `mscli status -o 进度.xlsx`.

openpyxl is imported inside the function so that `mscli --help` does not pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mscli.cells import inert_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_WIDTH = 60


def table_workbook(*, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Workbook:
    """One sheet: the title on row 1, the header (bold, frozen) on row 2, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has exactly one sheet
    sheet.title = "进度"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A3"
    for index, name in enumerate(header, start=1):
        longest = max([len(name), *(len(str(row[index - 1])) for row in rows)])
        width = min(MAX_WIDTH, 2 * longest + 2)  # Chinese characters are two columns wide
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    inert_workbook(workbook)
    return workbook
