"""The circular as printed: Q2 and Q4 rendered to PDF through LibreOffice (`report --format pdf`) and
read back with word positions (`pdftotext -bbox`), as a typist would check the attachment table and
the 版记 (GB/T 9704: at the foot of the last page, an even one). Two more Q2 circulars vary the last
indicator's text: one fills the attachment's last page (no room for the 版记), one adds a page.

LibreOffice sets the office's fonts in faces of the same widths (fixtures/office-fonts.conf), so
the body breaks into lines and pages as in Word on an office PC.

Skipped when LibreOffice or poppler's pdftotext is absent; `.ci/run` installs both with CJK fonts.
PNGs of the first attachment page and of the last page are kept under pytest's temporary folder
(`circular-pdf*/`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from conftest import (
    FIXTURES,
    TEMPLATES,
    copy_data,
    invoke,
    lengthen_last_indicator,
    without_projection_paragraph,
)
from mscli.cli.app import summarize_quarter
from mscli.render.circular.docx.attachment import attachment_rows
from mscli.render.circular.docx.styles import TABLE_PITCH
from mscli.render.circular.pdf import convert, find_office, page_count

AS_OF = {2: "2023-07-10", 4: "2023-12-31"}
HEADER = (
    "序号",
    "项目",
    "平顶山市指标任务",
    "汝州市指标任务",
    "累计完成",
    "完成率",
    "时序进度",
    "状态",
    "牵头单位",
)
NUMBER, PROJECT, COMPLETION, SCHEDULE, STATUS = 0, 1, 5, 6, 7
XHTML = "{http://www.w3.org/1999/xhtml}"
PT_PER_MM = 72 / 25.4
LEFT_PT = 37 * PT_PER_MM
BOTTOM_PT = (210 - 26) * PT_PER_MM
PORTRAIT_BOTTOM_PT = (297 - 35) * PT_PER_MM
LINE_PT = 28.95  # the grid's line pitch
OFFICE_FONTS = {"FONTCONFIG_FILE": str(FIXTURES / "office-fonts.conf")}
CASES = {  # name: (quarter, clauses added to the last indicator's text)
    "Q2": (2, 0),
    "Q4": (4, 0),
    "Q2-full-last-page": (2, 3),
    "Q2-seventh-page": (2, 6),
}

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
    docx: Path  # the same circular written as a .docx for Word
    pages: list[list[Word]]
    bottoms: list[float]  # each page's type area's lower edge (landscape or portrait)
    rows: list[tuple[str, ...]]  # the attachment's expected rows


def words(pdf: Path) -> tuple[list[list[Word]], list[float]]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    pages, bottoms = [], []
    for page in ET.fromstring(xhtml).iter(f"{XHTML}page"):
        landscape = float(page.get("width", 0)) > float(page.get("height", 0))
        bottoms.append(BOTTOM_PT if landscape else PORTRAIT_BOTTOM_PT)
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
    return pages, bottoms


def render(case: str, folder: Path) -> Printed:
    quarter, clauses = CASES[case]
    data = lengthen_last_indicator(
        without_projection_paragraph(copy_data(folder / "data")), clauses
    )
    if quarter == 4:  # every Q2 report handed in again for Q4
        q4 = data / "progress" / "2023-Q4"
        q4.mkdir()
        for file in (data / "progress" / "2023-Q2").iterdir():
            text = re.sub(r"(?m)^submitted: .*$", "submitted: 2023-12-20", file.read_text("utf-8"))
            (q4 / file.name).write_text(text, encoding="utf-8")
    pdf = folder / f"q{quarter}.pdf"
    for output in (pdf, pdf.with_suffix(".docx")):
        result = invoke(
            "report", "-q", str(quarter), "--as-of", AS_OF[quarter], "--data", data,
            "--templates", TEMPLATES, "-o", output, env=OFFICE_FONTS,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    _, summary = summarize_quarter(data, quarter, None, as_of=dt.date.fromisoformat(AS_OF[quarter]))
    pages, bottoms = words(pdf)
    return Printed(pdf, pdf.with_suffix(".docx"), pages, bottoms, attachment_rows(summary))


def _require_office_faces() -> None:
    """Fail, saying what to install, when a face the width table assumes is missing: LibreOffice
    would fall back to a wider one and every line-break assertion below would fail obscurely."""
    if shutil.which("fc-match") is None:
        return
    for family, face in (
        ("Times New Roman", "Liberation Serif"),
        ("仿宋_GB2312", "Noto Sans Mono CJK SC"),
    ):
        found = subprocess.run(
            ["fc-match", "-f", "%{family}", family],
            capture_output=True, text=True, env={**os.environ, **OFFICE_FONTS}, check=False,
        ).stdout  # fmt: skip
        if face not in found.split(","):
            pytest.fail(
                f"{family} is set in {found or 'nothing'}, not {face}: install fonts-liberation2 "
                "and fonts-noto-cjk (.ci/run does)"
            )


@pytest.fixture(scope="module")
def circulars(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Printed]:
    """Each case printed once for the whole module, when a test first asks for it."""
    _require_office_faces()
    done: dict[str, Printed] = {}

    def printed(case: str) -> Printed:
        if case not in done:
            done[case] = render(case, tmp_path_factory.mktemp(f"circular-pdf-{case}"))
        return done[case]

    return printed


@pytest.fixture(params=list(CASES))
def printed(request: pytest.FixtureRequest, circulars: Callable[[str], Printed]) -> Printed:
    return circulars(request.param)


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
        # under the header, above the 版记 or the page number
        end = min((w.y - LINE_PT / 2 for w in page if w.text.startswith("抄送")), default=BOTTOM_PT)
        columns: list[list[Word]] = [[] for _ in HEADER]
        for w in page:
            if top + 1 < w.y < end:
                columns[sum(w.x > b for b in bounds)].append(w)
        for column in columns:
            column.sort(key=lambda w: (round(w.y), w.x))
        found.append((index, columns))
    return found


def test_every_row_once_and_no_number_broken(printed: Printed) -> None:
    """序号 numbers the projects (merged over a project's rows, named again on a new page): every
    project's number printed, in order, each whole on one line."""
    numbers = [w.text for _, columns in table_pages(printed) for w in columns[NUMBER]]
    assert list(dict.fromkeys(numbers)) == list(dict.fromkeys(r[NUMBER] for r in printed.rows))
    assert len(numbers) <= len(printed.rows)


@pytest.mark.parametrize(
    "column", [COMPLETION, SCHEDULE, STATUS], ids=["完成率", "时序进度", "状态"]
)
def test_percentages_and_statuses_stay_on_one_line(printed: Printed, column: int) -> None:
    shown = [w.text for _, columns in table_pages(printed) for w in columns[column]]
    assert shown == [row[column] for row in printed.rows]
    if column != STATUS:
        assert all(re.fullmatch(r"\d+(\.\d)?%|—", text) for text in shown)


def page_rows(printed: Printed) -> list[tuple[list[list[Word]], list[tuple[str, ...]]]]:
    """Each attachment page's words by column and its rows (one status word a row)."""
    found, start = [], 0
    for _, columns in table_pages(printed):
        count = len(columns[STATUS])
        found.append((columns, printed.rows[start : start + count]))
        start += count
    return found


def test_project_cells_are_merged_and_named_again_on_each_page(printed: Printed) -> None:
    for columns, rows in page_rows(printed):
        firsts = [r for i, r in enumerate(rows) if i == 0 or rows[i - 1][PROJECT] != r[PROJECT]]
        assert len(firsts) < len(rows)  # a page with several rows of one project shows it once
        printed_text = "".join(w.text for w in columns[PROJECT])
        assert printed_text == "".join(r[PROJECT] for r in firsts)
        assert [w.text for w in columns[NUMBER]] == [r[NUMBER] for r in firsts]  # 序号 too


def test_no_page_holds_a_single_row(printed: Printed) -> None:
    pages = table_pages(printed)
    assert len(pages) > 1
    assert all(len(columns[STATUS]) >= 2 for _, columns in pages)


def imprint_pages(printed: Printed) -> list[int]:
    return [i for i, page in enumerate(printed.pages) if any("抄送" in w.text for w in page)]


def numbered(page: list[Word], bottom: float) -> bool:
    """Whether the page carries its number (— N —) under the type area."""
    return any(w.text == "—" and w.y > bottom for w in page)


def placement(printed: Printed) -> str:
    """Where the 版记 went, read from the pages: on the attachment's last page, alone on the next
    page, or alone after a blank page."""
    last_table = table_pages(printed)[-1][0]
    if last_table == len(printed.pages) - 1:
        return "foot"
    return "after-blank" if not printed.pages[-2] else "next-page"


def test_imprint_at_the_foot_of_an_even_last_page(printed: Printed) -> None:
    pages, bottom = printed.pages, printed.bottoms[-1]
    assert len(pages) % 2 == 0
    assert imprint_pages(printed) == [len(pages) - 1]
    text = [w for w in pages[-1] if w.y < bottom]  # above the page number
    assert "".join(w.text for w in text).endswith("印发")
    # its last line is the type area's last one, or at most a table line higher at the foot of
    # the attachment (the line kept spare there against Word's fonts)
    last_line = bottom - LINE_PT / 2
    assert -2 < last_line - max(w.y for w in text) < TABLE_PITCH + 2


def test_no_page_wasted(printed: Printed) -> None:
    """The 版记 takes a page of its own only when the attachment ends on an odd page, or on an even
    one without room for it; only then a blank page, and both go unnumbered (GB/T 9704)."""
    pages, bottoms = printed.pages, printed.bottoms
    last_table = table_pages(printed)[-1][0]
    free = bottoms[last_table] - max(w.y for w in pages[last_table] if w.y < bottoms[last_table])
    where = placement(printed)
    if where == "foot":
        assert numbered(pages[-1], bottoms[-1])
    elif where == "next-page":
        assert last_table == len(pages) - 2 and (last_table + 1) % 2 == 1  # an odd page
        assert numbered(pages[-1], bottoms[-1])
    else:
        assert last_table == len(pages) - 3 and (last_table + 1) % 2 == 0
        assert free < 4 * LINE_PT  # no room for two lines of 版记, its rules and a gap
        assert not numbered(pages[-1], bottoms[-1])
    blank = [i + 1 for i, page in enumerate(pages) if not page]
    assert blank == ([len(pages) - 1] if where == "after-blank" else [])


def test_the_cases_place_the_imprint_every_way(circulars: Callable[[str], Printed]) -> None:
    """Between them the cases end the attachment on an even page with room, on an odd page, and on
    a full even page. (The Q2 pair with and without a seventh page covers the first two whatever
    the body's length; should a template change give the body an odd number of pages, the full
    last page becomes an odd one: change the clauses in CASES to cover the three again.)"""
    assert {placement(circulars(case)) for case in CASES} == {"foot", "next-page", "after-blank"}


def test_a_docx_agrees_where_it_places_the_imprint_itself(printed: Printed) -> None:
    """The .docx is laid out by Word, not measured: its 版记 goes to the attachment's last page only
    when the body's pages, counted on the grid, are safely known. Rendered with the office's font
    widths, that .docx ends on the same even page as the PDF."""
    document = docx.Document(str(printed.docx))
    if len(document.sections) > 2:
        pytest.skip("the .docx leaves the 版记 to Word's even-page section break")
    office = find_office()
    assert office is not None
    source = printed.docx.with_name("as-written.docx")
    shutil.copyfile(printed.docx, source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", OFFICE_FONTS["FONTCONFIG_FILE"])
        pdf = convert(source, office=office)
    assert page_count(pdf) == len(printed.pages)


def test_first_attachment_and_last_pages_kept_as_png(printed: Printed) -> None:
    first = table_pages(printed)[0][0] + 1
    for page, name in ((first, "attachment"), (len(printed.pages), "last")):
        stem = printed.pdf.with_name(f"{printed.pdf.stem}-{name}")
        pages = ["-f", str(page), "-l", str(page)]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", *pages, "-singlefile", printed.pdf, stem], check=True
        )
        assert stem.with_suffix(".png").read_bytes().startswith(b"\x89PNG")


def test_the_acceptance_checklist_fills_its_pages(tmp_path: Path) -> None:
    """Every criterion of 附件2 (114 in the fixture) printed: the header on every page, and every
    page but the last filled to its foot, since a tall row continues on the next page."""
    data = copy_data(tmp_path / "data")
    assert invoke("new-acceptance", "-d", data).exit_code == 0
    out = tmp_path / "验收清单.docx"
    result = invoke("acceptance", "-f", "docx", "-o", out, "-d", data, env=OFFICE_FONTS)
    assert result.exit_code == 0, result.output
    office = find_office()
    assert office is not None
    with pytest.MonkeyPatch.context() as patch:
        for name, value in OFFICE_FONTS.items():
            patch.setenv(name, value)
        pdf = convert(out, office=office)
    pages, _ = words(pdf)
    assert all(any(w.text == "验收标准" for w in page) for page in pages)
    text = [w for page in pages for w in page]
    numbers = {w.text for w in text if w.text.isdigit()}
    assert {str(n) for n in range(1, 115)} <= numbers
    landscape_height = 210 * PT_PER_MM
    low = [
        n
        for n, page in enumerate(pages[:-1], 1)
        if max(w.y for w in page) < 0.75 * landscape_height
    ]
    assert low == []
    assert len(pages) * 3 < 114  # well under one page per criterion (69 pages before)


def test_a_pdf_made_without_the_office_fonts_keeps_the_hierarchy_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With mscli's own aliases (no FONTCONFIG_FILE of the user's), 仿宋 and 小标宋 fall back to a
    serif CJK face and 黑体 to a sans one, and report names each substitution in Chinese."""
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    data = copy_data(tmp_path / "data")
    pdf = tmp_path / "q2.pdf"
    args = ("report", "-q", "2", "--as-of", AS_OF[2], "-d", data, "-t", TEMPLATES, "-o", pdf)
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    faces = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    if not any("Serif" in f and "CJK" in f for f in faces):
        pytest.skip("no serif CJK face installed (fonts-noto-cjk has one)")
    assert any("Sans" in f and "CJK" in f for f in faces)  # 黑体's headings stay apart
    installed = subprocess.run(["fc-list", "仿宋_GB2312"], capture_output=True, text=True).stdout
    if not installed.strip():
        assert "本机未安装公文字体，PDF 中 仿宋_GB2312 用 " in result.output
