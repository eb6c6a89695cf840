"""A printed circular read back, as a proof-reader checks it: the PDF's text page by page (pypdf)
against the .docx it was made from.

What is checked (`check_print`), each a `PrintFinding` naming the page:

- `lost`: every character of the body (版头 to 成文日期) is in the PDF, in order: nothing dropped,
  nothing changed, the numbers included. LibreOffice 7.4 drops a comma, full stop or 顿号 that
  hangs past the margin after a justified line that is exactly full (the body's 28 characters a
  line, GB/T 9704 §5.2.2, fill the type area to within a point); `save_pdf` repairs that by
  setting such paragraphs ragged-right (`repair_losses`), which keeps every line break.
- `signature-alone`: the 署名 and 成文日期 share their page with body text (§7.3.5).
- `heading-at-foot`: no heading is the last line of a page with its text on the next.
- `single-row`: no attachment page holds a single row of the table.
- `imprint-odd`: the 版记 (抄送, 印发) is on an even page, the back of a sheet (§7.4).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Literal

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from mscli.problems import MscliError
from mscli.render.circular.docx.styles import HEADINGS
from mscli.render.circular.docx.textwidth import HANGING

PrintCode = Literal["lost", "signature-alone", "heading-at-foot", "single-row", "imprint-odd"]
_PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")
_SPACE = re.compile(r"\s+")
_CONTEXT = 12
SIGNATURE_STYLE = "署名"
TABLE_ROW = "表格行"
TABLE_HEADER = "表头行"
"""A table's header row, which a page the table continues on repeats."""


@dataclass(frozen=True)
class PrintedPage:
    number: int
    """1 for the first page."""
    lines: tuple[str, ...]
    """The page's lines of text, spaces removed, without the page number."""
    landscape: bool


@dataclass(frozen=True)
class BodyParagraph:
    text: str
    style: str
    element: BaseOxmlElement | None = field(default=None, compare=False, repr=False)
    """The w:p (None for a table's row)."""


@dataclass(frozen=True)
class PrintFinding:
    code: PrintCode
    page: int
    message: str
    paragraph: int | None = None
    """For `lost`: the index, among `body_paragraphs`, of the paragraph that lost text."""
    hanging: bool = False
    """For `lost`: only marks that hang past the margin are missing (`repair_losses`)."""


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


def read_pages(pdf: Path) -> list[PrintedPage]:
    """The PDF's pages as lines of text; MscliError when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(pdf))
        pages = []
        for number, page in enumerate(reader.pages, 1):
            box = page.mediabox
            lines = (_flat(line) for line in page.extract_text().splitlines())
            kept = tuple(line for line in lines if line and not _PAGE_NUMBER.match(line))
            pages.append(PrintedPage(number, kept, float(box.width) > float(box.height)))
    except (OSError, PyPdfError, ValueError) as exc:
        raise MscliError(f"无法读取 PDF {pdf}：{exc}") from None
    return pages


def body_paragraphs(document: Document) -> list[BodyParagraph]:
    """The paragraphs of the first section (版头 to 成文日期), in order, with their styles; a
    table in the body stands as one paragraph per row (style `TABLE_ROW`), its cells in order."""
    found = []
    for element in document.element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        if element.tag == qn("w:tbl"):
            for row in element.iterchildren(qn("w:tr")):
                cells = ("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in row)
                header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
                found.append(BodyParagraph("".join(cells), TABLE_HEADER if header else TABLE_ROW))
            continue
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = style.get(qn("w:val")) if style is not None else ""
        found.append(BodyParagraph(Paragraph(element, document).text, name or "", element))
        if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            break
    return found


def _located(parts: list[str]) -> tuple[str, list[int]]:
    """The parts joined without spaces, and for each character the index of its part."""
    text, owner = [], []
    for index, part in enumerate(parts):
        flat = _flat(part)
        text.append(flat)
        owner.extend([index] * len(flat))
    return "".join(text), owner


def lost_text(paragraphs: list[BodyParagraph], pages: list[PrintedPage]) -> list[PrintFinding]:
    """Where the body's pages (the portrait ones before the attachment's) differ from the body's
    paragraphs."""
    first_landscape = next((p.number for p in pages if p.landscape), len(pages) + 1)
    portrait = [page for page in pages if page.number < first_landscape]
    written, paragraph_of = _located([p.text for p in paragraphs])
    printed, page_of = _located(["".join(page.lines) for page in portrait])
    repeated = {_flat(p.text) for p in paragraphs if p.style == TABLE_HEADER}
    found = []
    matcher = difflib.SequenceMatcher(None, written, printed, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "insert" and printed[j1:j2] in repeated):
            continue
        before = written[max(0, i1 - _CONTEXT) : i1]
        at = min(j1, len(printed) - 1)
        page = portrait[page_of[at]].number if printed else 1
        index = paragraph_of[min(i1, len(written) - 1)] if written else None
        hanging = op == "delete" and set(written[i1:i2]) <= HANGING
        if op == "insert":
            message = f"“{before}”后多出“{printed[j1:j2]}”"
        elif op == "delete":
            message = f"“{before}”后缺少“{written[i1:i2]}”"
        else:
            message = f"“{before}”后的“{written[i1:i2]}”印成了“{printed[j1:j2]}”"
        found.append(PrintFinding("lost", page, message, index, hanging))
    return found


def _last_page_holding(pages: list[PrintedPage], text: str) -> PrintedPage | None:
    flat = _flat(text)
    return next((p for p in reversed(pages) if any(flat in line for line in p.lines)), None)


def _signature_alone(
    paragraphs: list[BodyParagraph], pages: list[PrintedPage]
) -> list[PrintFinding]:
    closing = [p.text for p in paragraphs if p.style == SIGNATURE_STYLE and p.text.strip()]
    if not closing:
        return []
    page = _last_page_holding([p for p in pages if not p.landscape], closing[0])
    if page is None:
        return []
    start = next(i for i, line in enumerate(page.lines) if _flat(closing[0]) in line)
    before = [line for line in page.lines[:start] if not line.startswith("附件：")]
    if before:
        return []
    return [
        PrintFinding(
            "signature-alone",
            page.number,
            f"第 {page.number} 页只有署名和成文日期（GB/T 9704 §7.3.5 要求与正文同页）",
        )
    ]


def _headings_at_foot(
    paragraphs: list[BodyParagraph], pages: list[PrintedPage]
) -> list[PrintFinding]:
    headings = {_flat(p.text) for p in paragraphs if p.style in HEADINGS and p.text.strip()}
    found = []
    portrait = [page for page in pages if not page.landscape]
    for page, after in pairwise(portrait):
        if page.lines and after.lines and any(h.endswith(page.lines[-1]) for h in headings):
            found.append(
                PrintFinding(
                    "heading-at-foot",
                    page.number,
                    f"第 {page.number} 页末行是标题“{page.lines[-1]}”，其正文在下一页",
                )
            )
    return found


def _single_rows(pages: list[PrintedPage], statuses: frozenset[str]) -> list[PrintFinding]:
    """Attachment pages holding one row: each row has one 状态 cell (the header's 状态 is not one
    of `statuses`)."""
    words = re.compile("|".join(re.escape(s) for s in sorted(statuses, key=len, reverse=True)))
    found = []
    for page in pages:
        if not page.landscape or not statuses:
            continue
        rows = sum(len(words.findall(line)) for line in page.lines)
        if rows == 1:
            found.append(
                PrintFinding("single-row", page.number, f"附件第 {page.number} 页只有一行表格")
            )
    return found


def _imprint_odd(pages: list[PrintedPage]) -> list[PrintFinding]:
    holding = [page for page in pages if any(line.startswith("抄送") for line in page.lines)]
    if not holding or holding[-1].number % 2 == 0:
        return []
    number = holding[-1].number
    return [
        PrintFinding("imprint-odd", number, f"版记在第 {number} 页（奇数页）；应在偶数页（背面）")
    ]


def check_print(
    paragraphs: list[BodyParagraph], pages: list[PrintedPage], statuses: frozenset[str]
) -> list[PrintFinding]:
    """Every finding on the printed circular, in page order. `statuses`: the words the
    attachment's 状态 column may hold (one per row)."""
    found = [
        *lost_text(paragraphs, pages),
        *_signature_alone(paragraphs, pages),
        *_headings_at_foot(paragraphs, pages),
        *_single_rows(pages, statuses),
        *_imprint_odd(pages),
    ]
    return sorted(found, key=lambda finding: finding.page)


def repair_losses(
    document: Document, paragraphs: list[BodyParagraph], findings: list[PrintFinding]
) -> int:
    """Set ragged-right every body paragraph that lost a hanging mark: LibreOffice then draws it,
    and each line breaks where it did. The number of paragraphs changed."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    wanted = {f.paragraph for f in findings if f.hanging and f.paragraph is not None}
    changed = 0
    for index in sorted(wanted):
        element = paragraphs[index].element
        if element is not None:
            Paragraph(element, document).alignment = WD_ALIGN_PARAGRAPH.LEFT  # type: ignore[arg-type]
            changed += 1
    return changed
