"""`mscli sheet import` refuses hostile workbooks before openpyxl reads them (mscli.sheet.limits).

Each workbook is a real export with one part rewritten inside the zip, streamed so that a million
rows cost a few megabytes and a second to build. Every refusal is one Chinese message naming the
file and the limit, exit 1, within seconds, and no progress file is written.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURE_DATA, invoke, memory_cap
from mscli.catalogue.load import load_catalogue
from mscli.sheet.limits import MAX_COLUMNS, MAX_ELEMENTS, MAX_FILE_BYTES, MAX_PARTS, MB, SheetLimits
from test_sheet import export, fill

PROGRESS, META, GUIDE = (
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet3.xml",
)
Edit = Callable[[bytes], Iterator[bytes]]


def _row_limit() -> int:
    catalogue = load_catalogue(FIXTURE_DATA)[0]
    assert catalogue is not None
    return SheetLimits.for_catalogue(
        sum(len(r.indicator.target.metrics) for r in catalogue.rows())
    ).rows


ROWS = _row_limit()  # about a thousand


def rebuilt(
    workbook: Path,
    edits: Mapping[str, Edit],
    *,
    extra: Mapping[str, Iterator[bytes]] | None = None,
    stored: bool = False,
) -> Path:
    """A copy of `workbook` with some parts rewritten (chunk by chunk) and others added."""
    target = workbook.with_name(f"改过的-{workbook.name}")
    compression = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w", compression) as out:
        for info in source.infolist():
            content = source.read(info)
            chunks = edits[info.filename](content) if info.filename in edits else iter([content])
            with out.open(info.filename, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
        for name, chunks in (extra or {}).items():
            with out.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return target


def before(marker: str, insert: Callable[[], Iterator[bytes]]) -> Edit:
    """Put what `insert` yields just before the first `marker` of the part."""

    def edit(content: bytes) -> Iterator[bytes]:
        head, tail = content.split(marker.encode(), 1)
        yield head
        yield from insert()
        yield marker.encode() + tail

    return edit


def once(content: bytes) -> Callable[[], Iterator[bytes]]:
    return lambda: iter([content])


def rows(count: int, template: str, first: int = 100) -> Callable[[], Iterator[bytes]]:
    def generate() -> Iterator[bytes]:
        for start in range(first, first + count, 10_000):
            end = min(start + 10_000, first + count)
            yield "".join(template.format(r=r) for r in range(start, end)).encode()

    return generate


def refused(data: Path, workbook: Path, *message: str) -> None:
    """`sheet import` stops quickly with exit 1 and every part of `message`; nothing is written."""
    start = time.perf_counter()
    with memory_cap():
        result = invoke("sheet", "import", workbook, "-d", data)
    elapsed = time.perf_counter() - start
    flat = "".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for part in (workbook.name, *message):
        assert "".join(part.split()) in flat, result.output
    assert "未写入任何文件" in flat
    assert not (data / "progress/2023-Q3/rz-hrss.yaml").exists()
    assert elapsed < 10, f"{elapsed:.1f} s"


@pytest.fixture
def workbook(data: Path) -> Path:
    """rz-hrss's export for 2023 Q3, filled in correctly (so that only the hostile part is wrong)."""
    return fill(export(data, "rz-hrss", 3), {"F5": 2, "F6": 1.1, "F7": 0.3, "F8": 0.5})


def test_the_filled_workbook_itself_imports(data: Path, workbook: Path) -> None:
    """The limits leave a real export alone, also one rewritten part by part."""
    result = invoke("sheet", "import", rebuilt(workbook, {}), "-d", data)
    assert result.exit_code == 0, result.output


def test_rows_up_to_the_limit_are_read(data: Path, workbook: Path) -> None:
    """A clerk's notes under the guide, down to the last row allowed, do not stop the import."""
    notes = rows(ROWS - 99, '<row r="{r}"><c r="K{r}" t="inlineStr"><is><t>备注</t></is></c></row>')
    result = invoke(
        "sheet", "import", rebuilt(workbook, {GUIDE: before("</sheetData>", notes)}), "-d", data
    )
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- rows, columns, ranges


@pytest.mark.parametrize(
    ("part", "template"),
    [
        (GUIDE, '<row r="{r}"/>'),  # a million empty rows: 6 MB of XML
        (PROGRESS, "<row/>"),  # numbered by openpyxl's counter, not by an attribute
        (GUIDE, '<row r="{r}"><c r="A{r}"><v>1</v></c></row>'),
    ],
    ids=["numbered", "counted", "with-cells"],
)
def test_a_million_rows_are_refused_at_the_row_limit(
    data: Path, workbook: Path, part: str, template: str
) -> None:
    count = 1_000_000 if "<c" not in template else 200_000  # 200,000 full rows: 7 MB
    hostile = rebuilt(workbook, {part: before("</sheetData>", rows(count, template))})
    refused(data, hostile, f"超过 {ROWS} 行")


def test_a_million_rows_of_text_are_refused_by_size(data: Path, workbook: Path) -> None:
    row = '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>无用的内容</t></is></c></row>'
    hostile = rebuilt(workbook, {GUIDE: before("</sheetData>", rows(1_000_000, row))})
    refused(data, hostile, GUIDE, "超过每个部件的上限 20.0 MB")


@pytest.mark.parametrize(
    ("part", "marker", "xml", "message"),
    [
        (META, "</sheetData>", '<row r="1048576"><c r="A1048576"><v>9</v></c></row>', "行"),
        (META, "</sheetData>", '<row r="1e6"/>', "行"),
        (PROGRESS, "</sheetData>", '<row r="9"><c r="XFD9"><v>1</v></c></row>', "列"),
        (PROGRESS, "</sheetData>", '<row r="9">' + "<c><v>1</v></c>" * 100 + "</row>", "列"),
        (PROGRESS, "<mergeCell ", '<mergeCell ref="A3:XFD1048576"/>', "行"),
        (PROGRESS, "<mergeCell ", '<mergeCell ref="A3:BL400"/>' * 100, "范围过大"),
        (
            PROGRESS,
            "<pageMargins",
            '<hyperlinks><hyperlink ref="K1:K1048576" display="x"/></hyperlinks>',
            "行",
        ),
    ],
    ids=["far-row", "float-row", "far-column", "counted-columns", "merge", "merges", "link"],
)
def test_cells_beyond_the_limits_are_refused(
    data: Path, workbook: Path, part: str, marker: str, xml: str, message: str
) -> None:
    """A single far cell (or a merged range, or a hyperlink's range) makes openpyxl create every
    cell up to it when it is read: the limit is on where cells are, not only on how many rows."""
    hostile = rebuilt(workbook, {part: before(marker, once(xml.encode()))})
    limit = {"行": f"超过 {ROWS} 行", "列": f"超过 {MAX_COLUMNS} 列"}.get(message, message)
    refused(data, hostile, part, limit)


@pytest.mark.parametrize("line", [0, -3, 10**10, True, "五"])
def test_a_bad_row_number_in_the_metadata_is_named(
    data: Path, workbook: Path, line: int | str
) -> None:
    book = openpyxl.load_workbook(workbook)
    book["元数据"]["A9"] = line
    book.save(workbook)
    refused(data, workbook, "元数据!A9", f"元数据中的行号“{line}”不是填报表中的行")


# ---------------------------------------------------------------- the zip


def test_a_zip_bomb_is_refused_before_decompressing(data: Path, workbook: Path) -> None:
    """64 MB of spaces are 64 KB compressed; the zip's own sizes give it away."""

    def spaces() -> Iterator[bytes]:
        chunk = b" " * MB
        for _ in range(64):
            yield chunk

    hostile = rebuilt(workbook, {}, extra={"xl/media/image1.png": spaces()})
    refused(data, hostile, "xl/media/image1.png", "解压后有 64.0 MB", "压缩炸弹")


def test_parts_are_limited_in_total(data: Path, workbook: Path) -> None:
    part = b" " * (15 * MB)
    extra = {f"xl/media/image{n}.png": iter([part]) for n in range(4)}
    refused(data, rebuilt(workbook, {}, extra=extra), "超过上限 50.0 MB")


def test_parts_are_limited_in_number(data: Path, workbook: Path) -> None:
    extra = {f"xl/media/image{n}.png": iter([b"x"]) for n in range(MAX_PARTS)}
    refused(data, rebuilt(workbook, {}, extra=extra), f"超过上限 {MAX_PARTS} 个")


def test_the_file_itself_is_limited(data: Path, workbook: Path) -> None:
    noise = iter([os.urandom(MAX_FILE_BYTES)])
    hostile = rebuilt(workbook, {}, extra={"xl/media/image1.png": noise}, stored=True)
    refused(data, hostile, "超过填报表的上限 10.0 MB")


def test_xml_elements_are_limited(data: Path, workbook: Path) -> None:
    """Styles are read into one object each: half a million empty elements is 2 MB of XML."""
    many = b"<xf/>" * (MAX_ELEMENTS + 1)
    hostile = rebuilt(workbook, {"xl/styles.xml": before("</styleSheet>", once(many))})
    refused(data, hostile, f"XML 元素超过 {MAX_ELEMENTS} 个", "xl/styles.xml")


# ---------------------------------------------------------------- the XML


LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "]>"
)


@pytest.mark.parametrize(
    ("part", "marker", "declaration"),
    [
        (PROGRESS, "<worksheet", LAUGHS),  # a billion laughs, parsed by expat
        (PROGRESS, "<worksheet", '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        ("xl/workbook.xml", "<workbook", '<!DOCTYPE workbook [<!ENTITY x "y">]>'),  # by lxml
        ("[Content_Types].xml", "<Types", "<!DOCTYPE Types>"),
    ],
    ids=["laughs", "external", "workbook", "plain"],
)
def test_a_doctype_anywhere_is_refused(
    data: Path, workbook: Path, part: str, marker: str, declaration: str
) -> None:
    hostile = rebuilt(workbook, {part: before(marker, once(declaration.encode()))})
    refused(data, hostile, part, "含有 DOCTYPE 或 ENTITY 声明")


def test_a_doctype_in_utf16_is_refused(data: Path, workbook: Path) -> None:
    def utf16(content: bytes) -> Iterator[bytes]:
        text = content.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        yield ("\ufeff<!DOCTYPE worksheet>" + text).encode("utf-16-le")

    refused(data, rebuilt(workbook, {PROGRESS: utf16}), "含有 DOCTYPE 或 ENTITY 声明")


def test_an_encoding_expat_cannot_read_is_refused(data: Path, workbook: Path) -> None:
    declaration = once(b'<?xml version="1.0" encoding="GBK"?>')
    hostile = rebuilt(workbook, {PROGRESS: before("<worksheet", declaration)})
    refused(data, hostile, PROGRESS, "无法识别的编码")


def test_broken_xml_is_a_message(data: Path, workbook: Path) -> None:
    def cut(content: bytes) -> Iterator[bytes]:
        yield content[: len(content) // 2]

    refused(data, rebuilt(workbook, {PROGRESS: cut}), "文件已损坏")
