"""`mscli status -o 进度.xlsx` read back as Excel, WPS or Calc would: numbers are number cells in a
number format (never text), the header is frozen and printed on every page, the sheet prints on A4
landscape fitted to the width; and `-o 进度.csv` points a spreadsheet user to the workbook."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import invoke
from mscli.cells import is_plain_number
from mscli.render.circular.pdf import find_office

QUARTER = ("-q", "2", "--as-of", "2023-07-01")


def _export(data: Path, name: str = "进度.xlsx") -> Path:
    output = data.parent / name
    result = invoke("status", *QUARTER, "-d", data, "-o", output)
    assert result.exit_code == 0, result.output
    return output


def _table(path: Path) -> tuple[Any, list[str], dict[str, dict[str, Any]]]:
    """The sheet, its header and each indicator's row of cells by column title."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [str(c.value) for c in sheet[2]]
    rows = {
        str(line[0].value): dict(zip(header, line, strict=True))
        for line in sheet.iter_rows(min_row=3)
    }
    return sheet, header, rows


def _status(data: Path) -> dict[str, dict[str, Any]]:
    result = invoke("status", *QUARTER, "-d", data, "-f", "json")
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


def numbers_as_text(sheet: Any) -> list[str]:
    """The cells a spreadsheet flags “number stored as text” (55.9%, 50%, 1520)."""
    return [
        c.coordinate
        for line in sheet.iter_rows(min_row=3)
        for c in line
        if c.data_type == "s" and isinstance(c.value, str) and is_plain_number(c.value)
    ]


def test_every_number_is_a_number_cell_in_its_format(data: Path) -> None:
    sheet, _, rows = _table(_export(data))
    assert numbers_as_text(sheet) == []  # all 72 percentages and 1 rate were text before
    status = _status(data)
    assert rows.keys() == status.keys()
    for id_, row in rows.items():
        expected = status[id_]
        for title, key, fmt in (("完成率", "completion", "0.0%"), ("时序进度", "schedule", "0%")):
            cell = row[title]
            if isinstance(cell.value, str):
                assert cell.value == "—", (id_, title)  # a milestone, a task, a delegated one
                continue
            assert cell.data_type == "n" and cell.number_format == fmt, (id_, title)
            assert cell.value == pytest.approx(expected[key], abs=1e-6), (id_, title)
    training = rows["skill-training"]
    assert training["累计完成"].value == "1.52万人次"  # the circular's words stay
    amount = training["累计完成（数值）"]
    assert (amount.value, amount.data_type, amount.number_format) == (15200, "n", '#,##0"人次"')
    rate = rows["village-delivery-stations"]
    assert (rate["累计完成"].value, rate["累计完成"].number_format) == (0.563, "0.0#%")
    # sorting by the amount puts 1.52万人次 above 9800人 (as text, 0.98万 sorted above 1.52万)
    amounts = {i: r["累计完成（数值）"].value for i, r in rows.items()}
    assert amounts["skill-training"] > amounts["new-skilled-workers"] == 9800


def test_the_workbook_prints_on_a4_landscape_one_page_wide_with_the_header_on_each(
    data: Path,
) -> None:
    sheet, header, rows = _table(_export(data))
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.orientation) == (9, "landscape")  # 9: A4
    assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (
        1,
        0,
        True,
    )
    assert sheet.print_title_rows == "$2:$2" and header[0] == "编号"
    assert sheet.freeze_panes == "A3"
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHIJK"}
    assert widths["A"] == min(24, max(len(i) for i in rows) + 2)  # from the longest id, not 56
    assert widths["F"] == len("累计完成（数值）") * 2 + 2
    assert max(widths.values()) <= 24  # longer text wraps, and its row is tall enough for it
    text = rows["food-business-supervision"]["指标任务"]
    lines = -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in text.value) // (widths["C"] - 1))
    assert lines >= 3 and sheet.row_dimensions[text.row].height >= 15 * lines


def test_a_csv_points_spreadsheet_users_to_the_workbook(data: Path) -> None:
    output = data.parent / "进度.csv"
    result = invoke("status", *QUARTER, "-d", data, "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "带 BOM 的 UTF-8" in result.stderr and "-o 文件.xlsx" in result.stderr
    quiet = invoke("status", *QUARTER, "-d", data, "-o", data.parent / "进度.md")
    assert "-o 文件.xlsx" not in quiet.stderr


@pytest.mark.skipif(
    find_office() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_a_calc_round_trip_keeps_the_numbers_and_the_print_setup(data: Path) -> None:
    source = _export(data)
    office = find_office()
    assert office is not None
    out = data.parent / "calc"
    profile = data.parent / "profile"
    done = subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    resaved = out / source.name
    if not resaved.exists():
        pytest.fail(f"soffice did not convert: {done.stdout} {done.stderr}")
    sheet, _, rows = _table(resaved)
    assert numbers_as_text(sheet) == []
    training = rows["skill-training"]
    assert training["完成率"].data_type == "n" and training["完成率"].number_format == "0.0%"
    assert training["累计完成（数值）"].value == 15200
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), int(setup.fitToHeight)) == ("landscape", 9, 0)
    assert sheet.print_title_rows == "$2:$2"
    shutil.rmtree(profile, ignore_errors=True)
