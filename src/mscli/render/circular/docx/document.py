"""The quarterly circular as a .docx laid out per GB/T 9704-2012.

Takes computed results only: the QuarterSummary (for the attachment table), the circular's facts
from the config and the rendered templates. Order: 版头 (red header, 发文字号, red rule), title,
addressees, body, 附件说明, signature and date; the attachment in a landscape section
(render/docx_attachment); the 版记 at the foot of the last page, an even one (render/docx_imprint),
which for a .docx depends on the body's pages as Word will lay them out (render/docx_pages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

from mscli.catalogue.config import CircularFacts
from mscli.render.circular.docx.attachment import SAFETY_PT, add_attachment
from mscli.render.circular.docx.attachment import WIDTH_MM as LANDSCAPE_WIDTH_MM
from mscli.render.circular.docx.fast_body import add_paragraph, add_run
from mscli.render.circular.docx.imprint import (
    Placement,
    add_imprint,
    added_pages,
    choose,
    in_libreoffice,
)
from mscli.render.circular.docx.imprint import height as imprint_height
from mscli.render.circular.docx.markdown import Block, Heading, Span, Table, parse_blocks
from mscli.render.circular.docx.pages import CONDENSE_PT
from mscli.render.circular.docx.pages import body_pages as predict_body_pages
from mscli.render.circular.docx.printcheck import PrintFinding
from mscli.render.circular.docx.styles import (
    INDENT,
    RED,
    TABLE_PITCH,
    XIAOBIAOSONG,
    add_styles,
    border,
    fix_doc_defaults,
    page_numbers,
    set_fonts,
    set_page,
)
from mscli.render.circular.docx.table import build_table, fitted_columns
from mscli.render.circular.docx.textwidth import text_width
from mscli.render.circular.templates import RenderedCircular
from mscli.results.completion import UNFINISHED, Status
from mscli.results.summary import QuarterSummary

TYPE_WIDTH_MM = 156
IMPRINT_GAP_PT = TABLE_PITCH
"""The least gap between the attachment table and a 版记 at the foot of its page: a table line."""
CLOSING_PT = 1.0  # the paragraph that closes the attachment's section after its last table
STATUS_WORDS = frozenset({*(status.label for status in Status), UNFINISHED})
"""What the attachment's 状态 column may say, one per row."""
SIGNATURE_SIZE = 16.0  # the 署名 style's 3号
HEADING_STYLES = {1: "公文一级标题", 2: "公文二级标题", 3: "公文三级标题", 4: "公文三级标题"}


def _line(document: Document, text: str = "", style: str = "公文正文") -> Paragraph:
    return add_paragraph(document, style, text)


def _blank(document: Document, count: int = 1) -> None:
    for _ in range(count):
        _line(document, style="主送机关")


def _spans(paragraph: Paragraph, spans: tuple[Span, ...]) -> None:
    for span in spans:
        for index, piece in enumerate(span.text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            if piece:
                add_run(paragraph, piece).bold = span.bold or None


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


def front_matter(
    document: Document,
    facts: CircularFacts,
    *,
    document_number: str,
    title: Sequence[str],
    addressees: str,
) -> None:
    """版头 (red header, 发文字号, red rule), the title's lines and the addressees: the circular's
    and every other 公文 the office issues from mscli (the 督办通知)."""
    _red_header(document, facts)
    _blank(document, 2)
    number = _line(document, document_number, style="发文字号")
    if facts.print_header:
        border(number, "bottom", color=RED, eighths=12, space=11)  # about 4 mm under the 文号
    _title_and_addressees(document, title, addressees, gap=2)


def _title_and_addressees(
    document: Document, title: Sequence[str], addressees: str, *, gap: int
) -> None:
    """`gap` blank lines, the title's lines, one blank line and the addressees."""
    _blank(document, gap)
    for line in title:
        _line(document, line, style="公文标题")
    _blank(document)
    _line(document, addressees, style="主送机关")


def letter_head(
    document: Document,
    facts: CircularFacts,
    *,
    document_number: str,
    title: Sequence[str],
    addressees: str,
) -> None:
    """信函格式 (GB/T 9704-2012 §10.1), for a one-page 公文 such as the 督办通知: the issuer's name
    in red 小标宋 30 mm below the top of the page, a red double rule (thick over thin) 4 mm under
    it, the 发文字号 flush right under the rule, the title one line below it (相距二行), the
    addressees; the first page shows no page number. The name and its rule sit in the first page's
    header, so the body starts about 14 mm below the top of the type area instead of 35 mm + the
    版头. Not drawn: §10.1's second double rule 20 mm above the foot of the page (a rule on the
    first page's footer paragraph is not printed by LibreOffice 7.4)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(30)
    head = section.first_page_header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    size = min(42, int(TYPE_WIDTH_MM / 25.4 * 72 * 0.92 / max(len(facts.issuer), 1)))
    head.paragraph_format.line_spacing = Pt(size * 1.2)
    head.paragraph_format.space_after = Pt(0)
    if facts.print_header:
        run = head.add_run(facts.issuer)
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor.from_string(RED)
        set_fonts(run._r.get_or_add_rPr(), XIAOBIAOSONG)
        border(head, "bottom", color=RED, eighths=24, space=11, kind="thickThinSmallGap")
    section.first_page_footer.paragraphs[0].text = ""  # 首页不显示页码
    number = _line(document, document_number, style="发文字号")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _title_and_addressees(document, title, addressees, gap=1)


def _front(document: Document, facts: CircularFacts, circular: RenderedCircular) -> None:
    front_matter(
        document,
        facts,
        document_number=circular.document_number,
        title=circular.title,
        addressees=circular.addressees,
    )


def body_line(document: Document, text: str = "", style: str = "公文正文") -> Paragraph:
    """One paragraph of a 公文's body in one of the styles (styles.add_styles)."""
    return _line(document, text, style)


def new_document() -> Document:
    """An empty 公文: the styles, an A4 page with the GB/T 9704 margins, page numbers."""
    document = docx.Document()
    fix_doc_defaults(document)
    add_styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    first = document.sections[0]
    set_page(first)
    page_numbers(first)
    return document


def add_signature(document: Document, lines: Sequence[str], *, blanks: int = 2) -> None:
    """署名 and 成文日期 after `blanks` blank lines, kept together with the body's last paragraph."""
    last = document.element.body[-2] if len(document.element.body) > 1 else None
    if last is not None and last.tag == qn("w:p"):
        _keep(Paragraph(last, document))
    _blank(document, blanks)
    shown = tuple(lines)
    for text, indent in zip(shown, signature_indents(shown), strict=True):
        paragraph = _line(document, text, style="署名")
        paragraph.paragraph_format.right_indent = indent
    closing = list(document.element.body.iterchildren(qn("w:p")))
    added = blanks + len(shown)
    for index, p in enumerate(closing[-added:], 1):
        _keep(Paragraph(p, document), with_next=index < added)


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


def _keep(paragraph: Paragraph, *, with_next: bool = True) -> None:
    """Never split the paragraph, and (`with_next`) keep it on the page of the next one."""
    paragraph.paragraph_format.keep_together = True
    if with_next:
        paragraph.paragraph_format.keep_with_next = True


def _closing(document: Document, circular: RenderedCircular) -> None:
    """附件说明, then the 署名 centred over the date, the date right-indented four characters.

    GB/T 9704 §7.3.5: the 署名 and 成文日期 share a page with the body. The body's last paragraph,
    the 附件说明, the 署名 and every blank line between are kept with the next paragraph (and
    whole), so that Word and LibreOffice both carry the body's last paragraph over to the page of
    the 署名 rather than leave the 署名 (or the 附件说明 and the 署名) alone on a page."""
    add_attachment_note(document, circular.attachment_title)
    add_signature(document, circular.signature, blanks=2)


def add_attachment_note(document: Document, title: str) -> None:
    """附件说明 a line under the body, its later lines under the title's first character; it, the
    blank line above it and the body's last paragraph kept with what follows (the 署名, which
    `add_signature` keeps with them)."""
    last = document.element.body[-2] if len(document.element.body) > 1 else None
    if last is not None and last.tag == qn("w:p"):
        _keep(Paragraph(last, document))
    _blank(document)
    blank = list(document.element.body.iterchildren(qn("w:p")))[-1]
    _keep(Paragraph(blank, document))
    note = _line(document, f"附件：{title}")
    note.paragraph_format.left_indent = INDENT + Pt(48)
    note.paragraph_format.first_line_indent = -Pt(48)


DATE_INDENT = Pt(INDENT.pt * 2)
"""成文日期 右空四字 (GB/T 9704 §7.3.5.1, the sealed rule of a 政府办 通报)."""


def signature_indents(lines: tuple[str, ...]) -> list[Length]:
    """Right indents of the signature's lines (the last is the date): the date four characters
    in, each 署名 line centred over it, its centre on the date's (`text_width`, as set)."""
    if not lines:
        return []
    size = SIGNATURE_SIZE - CONDENSE_PT

    def width(text: str) -> float:
        return text_width(text, size, body=True)

    date = width(lines[-1])
    shifted = [DATE_INDENT.pt + (date - width(text)) / 2 for text in lines[:-1]]
    return [Twips(max(0, round(pt * 20))) for pt in shifted] + [DATE_INDENT]


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


@dataclass(frozen=True)
class _Built:
    document: Document
    placement: Placement
    attachment_pages: int
    fits: bool
    """Whether the 版记 has room at the foot of the attachment's last page."""


def _build(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    circular: RenderedCircular,
    body_pages: int | None,
) -> _Built:
    document = new_document()
    _front(document, facts, circular)
    _body(document, parse_blocks(circular.body))
    _closing(document, circular)
    layout = add_attachment(document, summary, circular.attachment_title)
    # under the last table: the attachment's closing paragraph, the line it keeps spare against
    # other fonts, then the 版记 when it fits with a gap above it
    free = layout.free - CLOSING_PT - SAFETY_PT
    fits = free >= imprint_height(facts, width_mm=LANDSCAPE_WIDTH_MM) + IMPRINT_GAP_PT
    if body_pages is None:
        predicted = predict_body_pages(document)
        last = predicted.pages + len(layout.pages) if predicted.certain else None
        placement = choose(last_page=last, fits=fits, known=False)
    else:
        placement = choose(last_page=body_pages + len(layout.pages), fits=fits, known=True)
    add_imprint(
        document,
        facts,
        circular.date,
        placement=placement,
        width_mm=LANDSCAPE_WIDTH_MM,
        free=free,
    )
    _metadata(document, facts, circular)
    return _Built(document, placement, len(layout.pages), fits)


def build_document(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    circular: RenderedCircular,
    body_pages: int | None = None,
) -> Document:
    """The whole circular as a python-docx Document (not yet saved). `body_pages`: the pages the
    body takes as the renderer that prints it lays it out; None (a .docx for Word): predicted
    (render/docx_pages), and the 版记 goes to the attachment's last page only when the prediction
    is safe, else Word's even-page section break places it."""
    return _build(summary=summary, facts=facts, circular=circular, body_pages=body_pages).document


def save_docx(document: Document, path: Path) -> None:
    document.save(str(path))


@dataclass(frozen=True)
class PrintedCircular:
    """The circular as LibreOffice printed it, read back (render/circular/docx/printcheck)."""

    pages: int
    findings: list[PrintFinding]
    repaired: int
    """Paragraphs set ragged-right so that LibreOffice draws a mark it dropped."""


def _print(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    circular: RenderedCircular,
    folder: Path,
    office: str,
) -> tuple[Path, PrintedCircular]:
    """The circular converted to a PDF in `folder` and read back.

    Its 版记 goes at the foot of an even last page: the first conversion tells how many pages
    LibreOffice gives the body, and when the 版记 belongs elsewhere for that count, a second
    conversion places it there. Where LibreOffice dropped a hanging mark (printcheck), those
    paragraphs are set ragged-right and the circular converted once more: its lines break as
    before, and what is still wrong is in the findings."""
    from mscli.render.circular.docx.printcheck import (
        body_paragraphs,
        check_print,
        read_pages,
        repair_losses,
    )
    from mscli.render.circular.pdf import convert

    source = folder / "circular.docx"
    built = _build(summary=summary, facts=facts, circular=circular, body_pages=None)
    built.document.save(str(source))
    pdf = convert(source, office=office)
    pages = read_pages(pdf)
    body = len(pages) - built.attachment_pages - added_pages(built.placement)
    wanted = choose(last_page=body + built.attachment_pages, fits=built.fits, known=True)
    if in_libreoffice(wanted) is not in_libreoffice(built.placement):
        built = _build(summary=summary, facts=facts, circular=circular, body_pages=body)
        built.document.save(str(source))
        pdf = convert(source, office=office)
        pages = read_pages(pdf)
    paragraphs = body_paragraphs(built.document)
    findings = check_print(paragraphs, pages, STATUS_WORDS)
    repaired = repair_losses(built.document, paragraphs, findings)
    if repaired:
        built.document.save(str(source))
        pdf = convert(source, office=office)
        pages = read_pages(pdf)
        findings = check_print(paragraphs, pages, STATUS_WORDS)
    return pdf, PrintedCircular(len(pages), findings, repaired)


def save_pdf(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    circular: RenderedCircular,
    path: Path,
    office: str,
) -> PrintedCircular:
    """The circular as a PDF through LibreOffice (`_print`), copied to `path`; what reading it
    back found."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mscli-pdf-") as folder:
        pdf, printed = _print(
            summary=summary, facts=facts, circular=circular, folder=Path(folder), office=office
        )
        shutil.copyfile(pdf, path)
    return printed


def check_pdf(
    *, summary: QuarterSummary, facts: CircularFacts, circular: RenderedCircular, office: str
) -> PrintedCircular:
    """The circular printed through LibreOffice and read back, nothing written (report --check)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mscli-check-") as folder:
        _, printed = _print(
            summary=summary, facts=facts, circular=circular, folder=Path(folder), office=office
        )
    return printed
