"""The quarterly circular as a .docx laid out per GB/T 9704-2012.

Takes computed results only: the QuarterSummary (for the attachment table), the circular's facts
from the config and the rendered templates. Order: 版头 (red header, 发文字号, red rule), title,
addressees, body, 附件说明, signature and date; the attachment in a landscape section
(render/docx_attachment); 版记 at the foot of a last, even, portrait page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from mscli.config import CircularFacts
from mscli.render.circular import RenderedCircular
from mscli.render.docx_attachment import add_attachment
from mscli.render.docx_blocks import Block, Heading, Span, Table, parse_blocks
from mscli.render.docx_layout import (
    INDENT,
    RED,
    XIAOBIAOSONG,
    add_styles,
    border,
    fix_doc_defaults,
    page_numbers,
    set_fonts,
    set_page,
)
from mscli.render.docx_table import build_table, fitted_columns
from mscli.summary import QuarterSummary

TYPE_WIDTH_MM = 156
LINES_PER_PAGE = 22
HEADING_STYLES = {1: "公文一级标题", 2: "公文二级标题", 3: "公文三级标题", 4: "公文三级标题"}


def _line(document: Document, text: str = "", style: str = "公文正文") -> Paragraph:
    paragraph = document.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def _blank(document: Document, count: int = 1) -> None:
    for _ in range(count):
        _line(document, style="主送机关")


def _spans(paragraph: Paragraph, spans: tuple[Span, ...]) -> None:
    for span in spans:
        for index, piece in enumerate(span.text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            if piece:
                paragraph.add_run(piece).bold = span.bold or None


def _red_header(document: Document, facts: CircularFacts) -> None:
    """发文机关标志: red 小标宋, as large as fits the type area (at most 42 pt)."""
    size = min(42, int(TYPE_WIDTH_MM / 25.4 * 72 * 0.92 / max(len(facts.header), 1)))
    paragraph = _line(document, style="公文标题")
    paragraph.paragraph_format.space_before = Mm(35)  # kept blank on pre-printed paper too
    paragraph.paragraph_format.line_spacing = Pt(size * 1.3)
    if facts.print_header:
        run = paragraph.add_run(facts.header)
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor.from_string(RED)
        set_fonts(run._r.get_or_add_rPr(), XIAOBIAOSONG)


def _front(document: Document, facts: CircularFacts, circular: RenderedCircular) -> None:
    _red_header(document, facts)
    _blank(document, 2)
    number = _line(document, circular.document_number, style="发文字号")
    if facts.print_header:
        border(number, "bottom", color=RED, eighths=12, space=11)  # about 4 mm under the 文号
    _blank(document, 2)
    for line in circular.title:
        _line(document, line, style="公文标题")
    _blank(document)
    _line(document, circular.addressees, style="主送机关")


def _body(document: Document, blocks: list[Block]) -> None:
    for block in blocks:
        if isinstance(block, Table):
            columns = fitted_columns(block.header, block.rows, block.align, TYPE_WIDTH_MM)
            build_table(document, columns, block.rows)
        elif isinstance(block, Heading):
            paragraph = _line(document, block.prefix, style=HEADING_STYLES[block.level])
            _spans(paragraph, block.spans)
        else:
            paragraph = _line(document, block.prefix)
            _spans(paragraph, block.spans)


def _closing(document: Document, circular: RenderedCircular) -> None:
    """附件说明, then 署名 right-indented two characters and the date under it (four)."""
    _blank(document)
    note = _line(document, f"附件：{circular.attachment_title}")
    note.paragraph_format.left_indent = INDENT + Pt(48)
    note.paragraph_format.first_line_indent = -Pt(48)
    _blank(document, 2)
    for index, text in enumerate(circular.signature):
        paragraph = _line(document, text, style="署名")
        last = index == len(circular.signature) - 1
        paragraph.paragraph_format.right_indent = INDENT * 2 if last else INDENT


def _imprint(document: Document, facts: CircularFacts, date: str, *, blank_page: bool) -> None:
    """版记 at the foot of the last page, an even one (封四), between rules: 抄送, 印发机关 and
    印发日期. Per GB/T 9704 the 版记 page, and a blank page before it, carry no page number.

    The section starts on an even page (Word honours that); LibreOffice ignores the section type,
    so for a PDF `blank_page` puts an explicit blank page first when the 版记 fell on an odd one.
    """
    section = document.add_section(WD_SECTION.NEW_PAGE if blank_page else WD_SECTION.EVEN_PAGE)
    set_page(section, landscape=False)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
    if blank_page:
        _line(document, style="主送机关").add_run().add_break(WD_BREAK.PAGE)
    # 4号 text: about 29 characters on the first line of 抄送, 27 on the next ones
    copy_lines = 1 + max(0, len(facts.copy_to) + 4 - 29 + 26) // 27 if facts.copy_to else 0
    _blank(document, LINES_PER_PAGE - copy_lines - 1 - 2)  # two lines spare for the rules
    if facts.copy_to:
        copy_to = _line(document, f"抄送：{facts.copy_to}。", style="版记")
        copy_to.paragraph_format.left_indent = Pt(14 + 42)
        copy_to.paragraph_format.first_line_indent = -Pt(42)
        copy_to.paragraph_format.right_indent = Pt(14)
        border(copy_to, "top", eighths=8)
        border(copy_to, "bottom", eighths=4)
    printed = _line(document, facts.printer, style="版记")
    printed.paragraph_format.left_indent = Pt(14)
    printed.paragraph_format.tab_stops.add_tab_stop(
        Mm(TYPE_WIDTH_MM) - Pt(14), WD_TAB_ALIGNMENT.RIGHT
    )
    printed.add_run(f"\t{date}印发")
    if not facts.copy_to:
        border(printed, "top", eighths=8)
    border(printed, "bottom", eighths=8)


def _property(text: str) -> str:
    """Word's document properties hold at most 255 characters (the templates' title may be longer)."""
    return text[:255]


def _metadata(document: Document, facts: CircularFacts, circular: RenderedCircular) -> None:
    props = document.core_properties
    props.title = _property("".join(circular.title))
    props.author = _property(facts.issuer)
    props.last_modified_by = _property(facts.issuer)
    props.subject = _property(circular.attachment_title)
    props.comments = ""
    props.keywords = _property(circular.document_number)
    props.language = "zh-CN"
    moment = dt.datetime.combine(circular.issued, dt.time(9, 0))
    props.created = moment
    props.modified = moment
    props.revision = 1


def build_document(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    circular: RenderedCircular,
    blank_before_imprint: bool = False,
) -> Document:
    """The whole circular as a python-docx Document (not yet saved)."""
    document = docx.Document()
    fix_doc_defaults(document)
    add_styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    first = document.sections[0]
    set_page(first)
    page_numbers(first)
    _front(document, facts, circular)
    _body(document, parse_blocks(circular.body))
    _closing(document, circular)
    add_attachment(document, summary, circular.attachment_title)
    _imprint(document, facts, circular.date, blank_page=blank_before_imprint)
    _metadata(document, facts, circular)
    return document


def save_docx(document: Document, path: Path) -> None:
    document.save(str(path))


def save_pdf(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    circular: RenderedCircular,
    path: Path,
    office: str,
) -> None:
    """The circular as a PDF through LibreOffice, its 版记 on an even last page (a second pass
    adds the blank page when LibreOffice's layout ends the attachment on an even page)."""
    import shutil
    import tempfile

    from mscli.render.pdf import convert, page_count

    with tempfile.TemporaryDirectory(prefix="mscli-pdf-") as folder:
        source = Path(folder) / "circular.docx"
        build_document(summary=summary, facts=facts, circular=circular).save(str(source))
        pdf = convert(source, office=office)
        if page_count(pdf) % 2:
            again = build_document(
                summary=summary, facts=facts, circular=circular, blank_before_imprint=True
            )
            again.save(str(source))
            pdf = convert(source, office=office)
        shutil.copyfile(pdf, path)
