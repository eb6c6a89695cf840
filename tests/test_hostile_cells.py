"""No spreadsheet cell mscli writes runs as a formula (issue #23, item 4).

Every CSV and workbook writer goes through `mscli.cells`: the status CSV, `status -o x.xlsx` and
the fill-in workbook of `sheet export`. The workbooks are saved and read back with openpyxl, as
Excel would open them: no cell is a formula, every text is shown as it was written, numbers
stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_data, invoke, replace_once

OWASP = "=+-@\t\r"
"""What OWASP's CSV-injection page lists as the characters a formula may start with."""
PAYLOADS = [
    '=HYPERLINK("http://e.example","点此")',
    "-2+3+cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "＝1+1",
    "-1+1",
]


def hostile_name(tmp_path: Path, name: str) -> Path:
    data = copy_data(tmp_path / "data")
    replace_once(
        data / "units.yaml",
        "name: 市人力资源和社会保障局\n    level: county\n    aliases: [",
        f"name: {json.dumps(name, ensure_ascii=False)}\n    level: county\n"
        "    aliases: [市人力资源和社会保障局, ",
    )
    return data


def formulas(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("name", PAYLOADS)
def test_a_unit_named_like_a_formula_is_text_in_every_export(tmp_path: Path, name: str) -> None:
    data = hostile_name(tmp_path, name)
    done = invoke("status", "-q", "2", "-f", "csv", "-d", data)
    assert done.exit_code == 0, done.output
    rows = [r for r in csv.reader(io.StringIO(done.stdout.lstrip("\ufeff"))) if r]
    leads = {row[-2] for row in rows[1:]}
    assert "'" + name in leads
    assert not [cell for row in rows for cell in row if cell and cell[0] in OWASP]

    table = tmp_path / "进度.xlsx"
    assert invoke("status", "-q", "2", "-o", table, "-d", data).exit_code == 0
    assert formulas(table) == []
    sheet = openpyxl.load_workbook(table).worksheets[0]
    shown = [c for row in sheet.iter_rows() for c in row if c.value == name]
    assert shown and all(c.data_type == "s" and c.quotePrefix for c in shown)

    filled = tmp_path / "填报表.xlsx"
    done = invoke("sheet", "export", "-q", "2", "-u", "rz-hrss", "-d", data, "-o", filled)
    assert done.exit_code == 0, done.output
    assert formulas(filled) == []
    sheet = openpyxl.load_workbook(filled)["进度"]
    assert str(sheet["A1"].value).startswith(name)
    targets = [c.value for c in sheet["D"][4:] if c.value is not None]
    assert 2.72 in targets  # the target of 技能培训, still a number


TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12)
"""Validation lets no control character into a name; only a leading one is tried (below)."""
FORMULA_LIKE = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from([*OWASP, "＝", "＋", "－", "＠", "\n"]),
    TEXT,
)
CELLS = st.one_of(
    FORMULA_LIKE,
    TEXT,
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)


@settings(max_examples=300, deadline=None)
@given(cell=CELLS)
def test_a_csv_cell_never_starts_a_formula(cell: str) -> None:
    from mscli.cells import csv_cell

    safe = csv_cell(cell)
    assert safe in (cell, "'" + cell)
    if safe == cell and cell and cell[0] in OWASP + "＝＋－＠\n":
        float(cell.rstrip("%"))  # only a plain number is left as it is


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=2, max_size=2), min_size=1, max_size=6))
def test_a_workbook_never_holds_a_formula(
    rows: list[list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from mscli.sheet.status_workbook import table_workbook

    rows = [[cell.replace("\r", "") for cell in row] for row in rows]  # XML keeps no bare CR
    path = tmp_path_factory.mktemp("wb") / "x.xlsx"
    table_workbook(title="标题", header=["甲", "乙"], rows=rows).save(path)
    assert formulas(path) == []
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [
        [c.value if c.value is not None else "" for c in row] for row in sheet.iter_rows(min_row=3)
    ] == rows
