"""Adding to the circular's body at the speed of the data: paragraphs in its named styles, tables.

python-docx slows down with the size of the document in two places, both avoided here with the
same result:

- `paragraph.style = name` (and `add_paragraph(style=name)`) finds the style by name and compares
  it with the document's default style, scanning every style on each call: the id is looked up
  once per document instead;
- each paragraph or table added to the body is put before the body's final section properties,
  which python-docx finds by searching the whole body every time, so that adding n paragraphs
  cost n²: here the last child is looked at (where those properties always are);
- a run's text is added as python-docx adds it, without first searching the new, empty run for
  content to clear and reading the text one character at a time for tabs and line breaks.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.parts.document import DocumentPart
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import _Element

_IDS: WeakKeyDictionary[DocumentPart, dict[str, str | None]] = WeakKeyDictionary()
_SECTION = qn("w:sectPr")
_BREAKS = re.compile(r"[\t\n\r]")


def style_id(document: Document, name: str) -> str | None:
    """The id python-docx would set for paragraph style `name` (None for the default style)."""
    ids = _IDS.setdefault(document.part, {})
    if name not in ids:
        ids[name] = document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    return ids[name]


def append(document: Document, element: _Element) -> None:
    """`element` at the end of the body, before its final section properties."""
    body = document.element.body
    last = next(body.iterchildren(reversed=True), None)
    if last is not None and last.tag == _SECTION:
        last.addprevious(element)
    else:  # no section properties at the end: python-docx's own search decides
        body.insert_element_before(element, "w:sectPr")


def add_paragraph(document: Document, style: str, text: str = "") -> Paragraph:
    """`document.add_paragraph(text, style=style)`, without the scans of every style and of the
    whole body."""
    p = OxmlElement("w:p")
    assert isinstance(p, CT_P)
    append(document, p)
    paragraph = Paragraph(p, document)
    if text:
        add_run(paragraph, text)
    p.style = style_id(document, style)
    return paragraph


def add_run(paragraph: Paragraph, text: str) -> Run:
    """`paragraph.add_run(text)`."""
    if _BREAKS.search(text):  # tabs and line breaks become elements of their own
        return paragraph.add_run(text)
    r = paragraph._p.add_r()
    r.add_t(text)
    return Run(r, paragraph)
