"""Word .docx documents, read with python-docx: the body in order, tables where they stand.

The body's children are walked as they come (paragraphs, tables, content controls), not `doc.paragraphs`
then `doc.tables`, so a task table sits under its heading. Word's automatic list numbers are put back in
front of their paragraphs (numbering.py); tables become plan text (tables.py).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.readers import tables
from kg.ingest.readers.numbering import ListLabels
from kg.ingest.readers.source import Source, read_bytes, require_chinese

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: Word 97-2003, or an encrypted Office file


def read(path: Path) -> Source:
    """A .docx document as plan text; a damaged, encrypted or mis-named file is an input error."""
    doc = _open(path)
    labels = ListLabels(_numbering_xml(doc), {s.style_id: s.element for s in doc.styles if s.style_id})
    text = "\n".join(_blocks(doc.element.body, doc, labels))
    return Source(path, require_chinese(path, text), None, "docx")


def _open(path: Path):
    """The python-docx Document, or an input error naming what the file really is."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if read_bytes(path, 8) == _OLE:
        raise InputError(path, "is a Word 97-2003 file or a password-protected document; remove any password, save it as .docx and build again")
    if not zipfile.is_zipfile(path):
        raise InputError(path, "is damaged or not a .docx (no ZIP package inside); open it in Word, save it as .docx and build again")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise InputError(path, f"is not a readable .docx ({type(exc).__name__}: {exc}); open it in Word, save it again and build again") from None


def _numbering_xml(doc):
    """The numbering part's XML, or None when the document has no numbered lists."""
    try:
        return doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _blocks(parent, doc, labels: ListLabels) -> Iterator[str]:
    """Lines of text for each paragraph and table under parent, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for el in parent.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag == "p":
            text = Paragraph(el, doc).text.strip()
            label = labels.label(el)
            if text or label:
                yield _with_label(label, text)
        elif tag == "tbl":
            yield from tables.render(_rows(Table(el, doc)))
        elif tag in ("sdt", "customXml"):
            content = el.find(f"{_W}sdtContent") if tag == "sdt" else el
            if content is not None:
                yield from _blocks(content, doc, labels)


def _with_label(label: str, text: str) -> str:
    """`1.` + text as a plan writes it (`1. 任务`), Chinese labels (`一、`, `（一）`) directly before the text."""
    if not label:
        return text
    return f"{label} {text}" if label[-1:] in ".．" or label[-1:].isalnum() else label + text


def _rows(table) -> list[list[str]]:
    """Cell texts row by row; a cell merged across columns counts once (python-docx repeats it)."""
    out = []
    for row in table.rows:
        cells, prev = [], None
        for cell in row.cells:
            if prev is not None and cell._tc is prev._tc:
                continue
            cells.append(cell.text)
            prev = cell
        out.append(cells)
    return out
