"""The quarterly circular as a .docx laid out per GB/T 9704-2012.

Takes computed results only: the QuarterSummary (for the attachment table), the circular's facts
from the config and the rendered templates. Order: 版头 (red header, 发文字号, red rule), title,
addressees, body, 附件说明, signature and date; the attachment in a landscape section; 版记 at the
foot of a last portrait page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from mscli.completion import Status
from mscli.config import CircularFacts
from mscli.quantities import percent
from mscli.quarters import Quarter
from mscli.render.circular import RenderedCircular
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
from mscli.render.docx_table import Column, build_table, fitted_columns
from mscli.render.text import actuals, status_label, targets
from mscli.summary import QuarterSummary

TYPE_WIDTH_MM = 156
LINES_PER_PAGE = 22
HEADING_STYLES = {1: "公文一级标题", 2: "公文二级标题", 3: "公文三级标题", 4: "公文三级标题"}
STATUS_FILL: dict[Status, str | None] = {
    Status.done: "C6EFCE",
    Status.ahead: "E2EFDA",
    Status.on_schedule: "DDEBF7",
    Status.behind: "FFEB9C",
    Status.seriously_behind: "FFC7CE",
    Status.missing: "F8CBAD",
    Status.delegated: "EDEDED",
}
ATTACHMENT_COLUMNS = (
    Column("序号", 8, "center"),
    Column("项目", 34),
    Column("指标任务", 46),
    Column("汝州市目标", 36),
    Column("累计完成", 26),
    Column("完成率", 15, "center"),
    Column("时序进度", 14, "center"),
    Column("状态", 18, "center"),
    Column("牵头单位", 28),
)
STATUS_COLUMN = 7


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


def _attachment(document: Document, summary: QuarterSummary, title: str) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=True)
    _line(document, "附件", style="附件标识")
    _blank(document)
    _line(document, title, style="公文标题")
    _blank(document)
    rows = []
    fills = []
    year_end = Quarter(summary.year, summary.quarter).is_year_end
    for number, r in enumerate(summary.indicators, start=1):
        rows.append(
            (
                str(number),
                r.project,
                r.text,
                targets(r),
                actuals(r),
                percent(r.completion),
                percent(r.schedule, 0),
                status_label(r.status, year_end=year_end),
                r.lead_unit,
            )
        )
        fills.append(STATUS_FILL[r.status])
    build_table(document, ATTACHMENT_COLUMNS, rows, fills=fills, fill_column=STATUS_COLUMN)
    closing = _line(document, style="表格文字")  # a section cannot end in a table; keep it tiny
    closing.paragraph_format.line_spacing = Pt(1)


def _imprint(document: Document, facts: CircularFacts, date: str) -> None:
    """版记 at the foot of a last portrait page: 抄送, 印发机关 and 印发日期 between rules."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=False)
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


def _metadata(document: Document, facts: CircularFacts, circular: RenderedCircular) -> None:
    props = document.core_properties
    props.title = "".join(circular.title)
    props.author = facts.issuer
    props.last_modified_by = facts.issuer
    props.subject = circular.attachment_title
    props.comments = ""
    props.keywords = circular.document_number
    props.language = "zh-CN"
    moment = dt.datetime.combine(circular.issued, dt.time(9, 0))
    props.created = moment
    props.modified = moment
    props.revision = 1


def build_document(
    *, summary: QuarterSummary, facts: CircularFacts, circular: RenderedCircular
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
    _attachment(document, summary, circular.attachment_title)
    _imprint(document, facts, circular.date)
    _metadata(document, facts, circular)
    return document


def save_docx(document: Document, path: Path) -> None:
    document.save(str(path))
