"""The attachment's table rows kept as XML text until the document is saved.

python-docx holds a document as lxml elements: the 100× attachment's 4,400 rows of nine cells took
about 160 MB that way, twelve times their XML. Rows are therefore serialized as they are made;
their table holds a placeholder that the document part replaces with that text when python-docx
serializes it (`Document.save`). The saved file is the same as with the rows in the tree; only
the document in memory shows these tables with their header row alone.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml.ns import nsmap
from docx.parts.document import DocumentPart
from lxml import etree
from lxml.etree import _Element

_PLACEHOLDER = re.compile(rb"<!--mscli-rows-(\d+)-->")
_DECLARATION = f' xmlns:w="{nsmap["w"]}"'.encode()


class _DeferredRowsPart(DocumentPart):
    """The document part; its XML gets the deferred rows back when it is serialized."""

    deferred: list[bytes]

    @property
    def blob(self) -> bytes:
        xml = super().blob
        return _PLACEHOLDER.sub(lambda match: self.deferred[int(match[1])], xml)


def row_xml(tr: _Element) -> bytes:
    """A detached w:tr as it reads inside the document (where w: is declared at the top)."""
    xml = etree.tostring(tr, encoding="UTF-8", xml_declaration=False)
    head = b"<w:tr" + _DECLARATION
    assert xml.startswith(head), xml[:200]
    return b"<w:tr" + xml[len(head) :]


def defer_rows(document: Document, tbl: _Element, rows: bytes) -> None:
    """`rows` (serialized w:tr elements) go at the end of `tbl` when the document is saved."""
    part = document.part
    if not isinstance(part, _DeferredRowsPart):
        part.__class__ = _DeferredRowsPart  # the same part, serialized with its rows
        assert isinstance(part, _DeferredRowsPart)
        part.deferred = []
    tbl.append(etree.Comment(f"mscli-rows-{len(part.deferred)}"))
    part.deferred.append(rows)
