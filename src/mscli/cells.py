"""Spreadsheet cells that never run: one sanitiser for every CSV and workbook mscli writes.

A unit, an indicator or a metric may be named `=HYPERLINK(…)` or `-2+3+cmd|' /C calc'!A0`; Excel,
WPS and Calc take a cell starting with = + - @ (or a tab, a carriage return, or their full-width
forms, which a Chinese input method may turn into them) for a formula. As OWASP advises, such a
text is written as text: in a CSV with a leading apostrophe, in a workbook as a string cell marked
“quote prefix”, shown as written. A plain number such as -5 or -5% stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")
"""The first characters that make a spreadsheet read a cell as a formula."""
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?%?")


def is_plain_number(text: str) -> bool:
    """Whether a spreadsheet shows `text` (5, -5, 55.9%) as a number it keeps as text."""
    return bool(_PLAIN_NUMBER.fullmatch(text.strip()))


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula (a plain number cannot run)."""
    return bool(text) and text[0] in FORMULA_START and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula: quoted with ' when it could."""
    return "'" + text if runs_as_formula(text) else text


def inert_workbook(workbook: Any) -> None:
    """Mark every text cell of an openpyxl workbook that could run as a formula as plain text
    (data type “s”, quote prefix): openpyxl itself makes a text starting with = a formula. No
    workbook mscli writes holds a formula of its own."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and runs_as_formula(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


@dataclass(frozen=True)
class Figure:
    """A workbook cell that is a number, with the number format it is shown in (0.0% for 55.9%,
    #,##0"人次" for 15200人次): Excel, WPS and Calc sort and sum it as the number it is."""

    value: float
    number_format: str
    shown: str
    """The text a reader sees, for the column's width."""


def unit_format(value: float, unit: str) -> str:
    """A number format that shows `value` with as many decimals as it has (at most 4) and `unit`
    after it: 15200 人次 is #,##0"人次" (15,200人次), 3.5 公里 #,##0.0"公里"."""
    decimals = next((d for d in range(5) if round(value, d) == round(value, 4)), 4)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    literal = unit.replace('"', "")
    return digits + (f'"{literal}"' if literal else "")
