"""The circular as printed: Q2 and Q4 rendered to PDF through LibreOffice (`report --format pdf`) and
read back with word positions (`pdftotext -bbox`), as a typist would check the attachment table.

Skipped when LibreOffice or poppler's pdftotext is absent; `.ci/run` installs both with CJK fonts.
A PNG of the first attachment page is kept under pytest's temporary folder (`circular-pdf*/`).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TEMPLATES, copy_data, invoke
from mscli.cli.app import summarize_quarter
from mscli.render.docx_attachment import attachment_rows
from mscli.render.pdf import find_office

AS_OF = {2: "2023-07-10", 4: "2023-12-31"}
HEADER = (
    "序号",
    "项目",
    "指标任务",
    "汝州市目标",
    "累计完成",
    "完成率",
    "时序进度",
    "状态",
    "牵头单位",
)
NUMBER, PROJECT, COMPLETION, SCHEDULE, STATUS = 0, 1, 5, 6, 7
XHTML = "{http://www.w3.org/1999/xhtml}"
LEFT_PT = 37 / 25.4 * 72
BOTTOM_PT = (210 - 26) / 25.4 * 72

pytestmark = pytest.mark.skipif(
    find_office() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed; .ci/run installs them",
)


@dataclass(frozen=True)
class Word:
    text: str
    x: float  # centre
    y: float


@dataclass(frozen=True)
class Printed:
    pdf: Path
    pages: list[list[Word]]
    rows: list[tuple[str, ...]]  # the attachment's expected rows


def words(pdf: Path) -> list[list[Word]]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{XHTML}page"):
        pages.append(
            [
                Word(
                    w.text or "",
                    (float(w.get("xMin", 0)) + float(w.get("xMax", 0))) / 2,
                    (float(w.get("yMin", 0)) + float(w.get("yMax", 0))) / 2,
                )
                for w in page.iter(f"{XHTML}word")
            ]
        )
    return pages


@pytest.fixture(scope="module", params=[2, 4], ids=["Q2", "Q4"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    quarter: int = request.param
    folder = tmp_path_factory.mktemp(f"circular-pdf-q{quarter}")
    data = copy_data(folder / "data")
    if quarter == 4:  # every Q2 report handed in again for Q4
        q4 = data / "progress" / "2023-Q4"
        q4.mkdir()
        for file in (data / "progress" / "2023-Q2").iterdir():
            text = re.sub(r"(?m)^submitted: .*$", "submitted: 2023-12-20", file.read_text("utf-8"))
            (q4 / file.name).write_text(text, encoding="utf-8")
    pdf = folder / f"q{quarter}.pdf"
    result = invoke(
        "report", "-q", str(quarter), "--as-of", AS_OF[quarter], "--data", data,
        "--templates", TEMPLATES, "--format", "pdf", "-o", pdf,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    _, summary = summarize_quarter(data, quarter, None, as_of=dt.date.fromisoformat(AS_OF[quarter]))
    return Printed(pdf, words(pdf), attachment_rows(summary))


def table_pages(printed: Printed) -> list[tuple[int, list[list[Word]]]]:
    """Each attachment page (index, words by column). The table fills the landscape type area from
    its left margin (37 mm) and every header is centred in its cell, so the cell borders follow
    from the header words: each border is as far right of a centre as the previous is left of it."""
    found = []
    for index, page in enumerate(printed.pages):
        heads = [next((w for w in page if w.text == title), None) for title in HEADER]
        if any(h is None for h in heads):
            continue
        bounds = [LEFT_PT]
        for head in heads:
            assert head is not None
            bounds.append(2 * head.x - bounds[-1])
        bounds = bounds[1:-1]
        top = max(h.y for h in heads if h is not None)
        columns: list[list[Word]] = [[] for _ in HEADER]
        for w in page:
            if top + 1 < w.y < BOTTOM_PT:  # under the header, above the page number
                columns[sum(w.x > b for b in bounds)].append(w)
        for column in columns:
            column.sort(key=lambda w: (round(w.y), w.x))
        found.append((index, columns))
    return found


def test_every_row_once_and_no_number_broken(printed: Printed) -> None:
    numbers = [w.text for _, columns in table_pages(printed) for w in columns[NUMBER]]
    assert numbers == [str(n) for n in range(1, len(printed.rows) + 1)]


@pytest.mark.parametrize(
    "column", [COMPLETION, SCHEDULE, STATUS], ids=["完成率", "时序进度", "状态"]
)
def test_percentages_and_statuses_stay_on_one_line(printed: Printed, column: int) -> None:
    shown = [w.text for _, columns in table_pages(printed) for w in columns[column]]
    assert shown == [row[column] for row in printed.rows]
    if column != STATUS:
        assert all(re.fullmatch(r"\d+(\.\d)?%|—", text) for text in shown)


def test_project_cells_are_merged_and_named_again_on_each_page(printed: Printed) -> None:
    for _, columns in table_pages(printed):
        rows = [printed.rows[int(w.text) - 1] for w in columns[NUMBER]]
        once = [
            r[PROJECT] for i, r in enumerate(rows) if i == 0 or rows[i - 1][PROJECT] != r[PROJECT]
        ]
        assert len(once) < len(rows)  # a page with several rows of one project shows it once
        printed_text = "".join(w.text for w in columns[PROJECT])
        assert printed_text == "".join(once)


def test_no_page_holds_a_single_row(printed: Printed) -> None:
    pages = table_pages(printed)
    assert len(pages) > 1
    assert all(len(columns[NUMBER]) >= 2 for _, columns in pages)


def test_imprint_alone_at_the_foot_of_an_even_last_page(printed: Printed) -> None:
    assert len(printed.pages) % 2 == 0
    last = "".join(w.text for w in printed.pages[-1])
    assert last.startswith("抄送：") and last.endswith("印发")
    assert "—" not in last  # no page number on the 版记 page
    attachment = table_pages(printed)
    assert all(i < len(printed.pages) - 1 for i, _ in attachment)


def test_first_attachment_page_kept_as_png(printed: Printed) -> None:
    first = table_pages(printed)[0][0] + 1
    stem = printed.pdf.with_name(f"{printed.pdf.stem}-attachment")
    pages = ["-f", str(first), "-l", str(first)]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", *pages, "-singlefile", printed.pdf, stem], check=True
    )
    png = stem.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG")
