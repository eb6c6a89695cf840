"""Paragraphs in the circular's named styles, set by style id looked up once per document.

python-docx's `paragraph.style = name` (and `add_paragraph(style=name)`) finds the style by name
and compares it with the document's default style, scanning every style on each call: a quarter of
the circular's time at 100 times the data. The result of the same lookup is kept here per document.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.parts.document import DocumentPart
from docx.text.paragraph import Paragraph

_IDS: WeakKeyDictionary[DocumentPart, dict[str, str | None]] = WeakKeyDictionary()


def style_id(document: Document, name: str) -> str | None:
    """The id python-docx would set for paragraph style `name` (None for the default style)."""
    ids = _IDS.setdefault(document.part, {})
    if name not in ids:
        ids[name] = document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    return ids[name]


def add_paragraph(document: Document, style: str, text: str = "") -> Paragraph:
    """`document.add_paragraph(text, style=style)`, without the scan of every style."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id(document, style)
    return paragraph
