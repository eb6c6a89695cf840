"""GB/T 9704-2012 page, font and paragraph settings as python-docx and raw WordprocessingML.

python-docx has no API for East Asian fonts, fields, borders or shading; the helpers here write
the few elements needed, always in the order the schema expects where Word is strict about it.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
GONGWEN_FONTS = (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI)
"""The faces a circular names: an office PC has them; a PDF made elsewhere substitutes them."""
LATIN = "Times New Roman"

RED = "FF0000"
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area
CONDENSE = -5  # twentieths of a point: -0.25 pt brings 16 pt text to 28 characters a line
BODY_SIZE = Pt(16)  # 3号
INDENT = Pt(32)  # two characters of 3号
TABLE_SIZE = 10.5  # 五号: table cells and headers
TABLE_PITCH = 15.0  # exact line pitch in tables, so that a row's height is known before printing
HEADINGS = ("公文一级标题", "公文二级标题", "公文三级标题")
"""Kept with the paragraph under them and never split: no heading alone at the foot of a page."""
WIDOW_CONTROL = ("公文正文", *HEADINGS, "主送机关", "署名")
"""The body's styles, whose paragraphs leave at least two lines on either side of a page break."""

# name: (font, size, bold, alignment, first-line indent, exact line pitch)
STYLES: dict[str, tuple[str, float, bool, WD_ALIGN_PARAGRAPH, bool, bool]] = {
    "公文正文": (FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, True),
    "公文一级标题": (HEITI, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, True),
    "公文二级标题": (KAITI, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, True),
    "公文三级标题": (FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True, True),
    "公文标题": (XIAOBIAOSONG, 22, False, WD_ALIGN_PARAGRAPH.CENTER, False, True),
    "发文字号": (FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.CENTER, False, True),
    "主送机关": (FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, False, True),
    "署名": (FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.RIGHT, False, True),
    "附件标识": (HEITI, 16, False, WD_ALIGN_PARAGRAPH.LEFT, False, True),
    "版记": (FANGSONG, 14, False, WD_ALIGN_PARAGRAPH.JUSTIFY, False, True),
    "表格文字": (FANGSONG, TABLE_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, False, False),
    "表头文字": (HEITI, TABLE_SIZE, False, WD_ALIGN_PARAGRAPH.CENTER, False, False),
    "页码": (SONGTI, 14, False, WD_ALIGN_PARAGRAPH.RIGHT, False, False),
}


def set_fonts(rpr: _Element, east_asia: str, latin: str | None = None) -> None:
    """Name the East Asian font (and the Latin one) on run properties; drop theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if qn(attribute) in fonts.attrib:
            del fonts.attrib[qn(attribute)]
    latin = latin or east_asia
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
)
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)


def _child(parent: _Element, tag: str) -> _Element:
    """The child `tag` of a w:rPr, w:pPr or w:docDefaults, created in schema order if absent."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    local = tag.split(":")[1]
    order = RPR_ORDER if parent.tag == qn("w:rPr") else PPR_ORDER
    if local in order:
        later = {qn(f"w:{name}") for name in order[order.index(local) + 1 :]}
        for sibling in parent:
            if sibling.tag in later:
                sibling.addprevious(found)
                return found
    parent.append(found)
    return found


child = _child
"""`_child` for the other docx modules."""


def fix_doc_defaults(document: Document) -> None:
    """仿宋 3号, Chinese language: without this LibreOffice and Word pick a Japanese face."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    set_fonts(rpr, FANGSONG)
    _child(rpr, "w:sz").set(qn("w:val"), "32")
    _child(rpr, "w:szCs").set(qn("w:val"), "32")
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = _child(_child(_child(defaults, "w:pPrDefault"), "w:pPr"), "w:spacing")
    for attribute, value in (("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
        spacing.set(qn(attribute), value)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    normal.font.size = BODY_SIZE


def add_styles(document: Document) -> None:
    """The circular's own paragraph styles (the built-in Heading styles are blue and themed)."""
    for name, (font, size, bold, align, indent, exact) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        set_fonts(rpr, font, LATIN if font == FANGSONG and size < 16 else None)
        if size >= 14:
            _child(rpr, "w:spacing").set(qn("w:val"), str(CONDENSE))
        if not exact:  # table text keeps its own pitch
            _child(style.element.get_or_add_pPr(), "w:snapToGrid").set(qn("w:val"), "0")
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.widow_control = name in WIDOW_CONTROL
        if name in HEADINGS:
            fmt.keep_with_next = True
            fmt.keep_together = True
        if indent:
            fmt.first_line_indent = INDENT
        if exact:
            fmt.line_spacing = LINE_PITCH
        elif name in ("表格文字", "表头文字"):
            fmt.line_spacing = Pt(TABLE_PITCH)
        else:
            fmt.line_spacing = 1.0


def set_page(section: Section, *, landscape: bool = False) -> None:
    """A4 with the standard margins: 天头 37 mm, 订口 28 mm, type area 156 × 225 mm."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        top, bottom, left, right = 28, 26, 37, 35
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        top, bottom, left, right = 37, 35, 28, 26
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(15)
    # the number's line starts 7 mm under the type area, the page turned either way (a footer
    # reaching into the type area would take room from the attachment's pages)
    section.footer_distance = Mm(bottom - 13)


def _field_run(paragraph: Paragraph, kind: str, text: str = "") -> None:
    run = paragraph.add_run()
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run._r.append(instr)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            paragraph.add_run("1")


def page_number(paragraph: Paragraph) -> None:
    """— N — with N a PAGE field (4号 半角宋体 digits)."""
    paragraph.add_run("— ")
    _field_run(paragraph, "begin")
    _field_run(paragraph, "instr", " PAGE ")
    _field_run(paragraph, "separate")
    _field_run(paragraph, "end")
    paragraph.add_run(" —")


def page_numbers(section: Section) -> None:
    """Odd pages: number on the right, one character in; even pages: on the left."""
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = "页码"
        paragraph.alignment = align
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(14)
        else:
            paragraph.paragraph_format.left_indent = Pt(14)
        page_number(paragraph)


def border(
    paragraph: Paragraph,
    side: str,
    *,
    color: str = "000000",
    eighths: int = 8,
    space: int = 1,
    kind: str = "single",
) -> None:
    """A rule along one side of a paragraph (w:pBdr goes first in w:pPr); `kind` a w:val such as
    thickThinSmallGap (a double rule, the thick line first)."""
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), kind)
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    order = ("top", "left", "bottom", "right")
    later = [borders.find(qn(f"w:{s}")) for s in order[order.index(side) + 1 :]]
    following = next((e for e in later if e is not None), None)
    if following is not None:
        following.addprevious(line)
    else:
        borders.append(line)


def shade(cell_pr: _Element, fill: str) -> None:
    """Background colour of a table cell (w:shd in w:tcPr, after the width)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    earlier = [cell_pr.find(qn(f"w:{tag}")) for tag in ("tcBorders", "vMerge", "hMerge", "tcW")]
    before = next((e for e in earlier if e is not None), None)
    if before is not None:
        before.addnext(shd)
    else:
        cell_pr.insert(0, shd)
