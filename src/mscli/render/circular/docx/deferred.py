"""The attachment's tables kept as XML text until the document is saved.

python-docx holds a document as lxml elements: the 100× attachment's 4,400 rows of nine cells took
about 160 MB that way, twelve times their XML, and the header row and properties its 767 page
tables repeat took 40 MB more. Each table is therefore serialized as it is made; the body holds a
placeholder that the document part replaces with that text when python-docx serializes it
(`Document.save`). The saved file is the same as with the tables in the tree; only the document in
memory shows a comment where each of them stands.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml.ns import nsmap
from docx.parts.document import DocumentPart
from lxml import etree
from lxml.etree import _Element

from mscli.render.circular.docx.fast_body import append

_PLACEHOLDER = re.compile(rb"<!--mscli-deferred-(\d+)-->")
_DECLARATION = f' xmlns:w="{nsmap["w"]}"'.encode()


class _DeferredPart(DocumentPart):
    """The document part; its XML gets the deferred tables back when it is serialized."""

    deferred: list[bytes]

    @property
    def blob(self) -> bytes:
        xml = super().blob
        return _PLACEHOLDER.sub(lambda match: self.deferred[int(match[1])], xml)


def element_xml(element: _Element) -> bytes:
    """A detached w: element as it reads inside the document (where w: is declared at the top)."""
    xml = etree.tostring(element, encoding="UTF-8", xml_declaration=False)
    name = etree.QName(element).localname.encode()
    head = b"<w:" + name + _DECLARATION
    assert xml.startswith(head), xml[:200]
    return b"<w:" + name + xml[len(head) :]


def defer(document: Document, xml: bytes) -> None:
    """`xml` (a serialized body element, such as a w:tbl) at the end of the body when the document
    is saved; nothing is added to the tree but a comment."""
    part = document.part
    if not isinstance(part, _DeferredPart):
        part.__class__ = _DeferredPart  # the same part, serialized with its tables
        assert isinstance(part, _DeferredPart)
        part.deferred = []
    append(document, etree.Comment(f"mscli-deferred-{len(part.deferred)}"))
    part.deferred.append(xml)
