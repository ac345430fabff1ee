"""Readers: one module per file format, each `read(path) -> Source`, chosen by suffix from the table below.

The interface of the ingest stage's input side: `read(path)` returns a `Source` whose `text` is what graph
offsets refer to; a file that cannot be read as a policy document raises `kg.errors.InputError(path, reason)`
with what to do about it. Bytes are read here and nowhere else. A reader's module (and its third-party
library) is imported on first use, so a corpus of .txt files never loads pdfplumber or python-docx.

Adding a format is one module plus one line in `READERS`. `SUFFIXES` are the formats read;
`is_document(path)` is what `kg build` takes from a corpus folder (the readable formats and the known
unreadable ones, so that a .doc is reported rather than silently skipped).
"""

from __future__ import annotations

import dataclasses
from importlib import import_module
from pathlib import Path

from kg.errors import InputError
from kg.ingest.readers.flat import rewrite as rewrite_flat_tables
from kg.ingest.readers.source import Source

__all__ = ["MAX_DOC_CHARS", "READERS", "SUFFIXES", "UNSUPPORTED", "Source", "is_document", "read"]

# suffix → module with `read(path) -> Source`
READERS: dict[str, str] = {
    ".txt": "kg.ingest.readers.text",
    ".pdf": "kg.ingest.readers.pdf",
    ".docx": "kg.ingest.readers.docx",
    ".html": "kg.ingest.readers.html",
    ".htm": "kg.ingest.readers.html",
}

_SAVE_AS_DOCX = "open it in Word or WPS, save it as .docx and build again"
_OCR = "is an image; run OCR first (e.g. ocrmypdf on a PDF of it) and build again"
# suffix → what to do: formats met in a researcher's folder that no reader handles
UNSUPPORTED: dict[str, str] = {
    ".doc": f"is a Word 97-2003 file; {_SAVE_AS_DOCX}",
    ".wps": f"is a WPS file; {_SAVE_AS_DOCX}",
    ".rtf": f"is an RTF file; {_SAVE_AS_DOCX}",
    ".odt": f"is an OpenDocument file; {_SAVE_AS_DOCX}",
    ".docm": f"is a macro-enabled Word file; {_SAVE_AS_DOCX}",
    ".ofd": "is an OFD file; export it as PDF (with a text layer) and build again",
    **{s: _OCR for s in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")},
}

SUFFIXES: frozenset[str] = frozenset(READERS)

# The longest document read, in characters after decoding (spaCy's default `max_length`): a longer text
# is refused with this limit named. Raise it here for bigger documents (extraction then takes longer).
MAX_DOC_CHARS = 1_000_000


def is_document(path: Path) -> bool:
    """Whether `kg build` should read this file of a corpus folder: not hidden, no sidecar, no reference table,
    no Office lock file (~$plan.docx), and a suffix that is read or reported."""
    name = path.name
    if name.startswith((".", "~$")) or name.endswith(".meta.json") or path.parent.name == "reference":
        return False
    suffix = path.suffix.lower()
    return suffix in READERS or suffix in UNSUPPORTED


def read(path: Path) -> Source:
    """The document at path as a `Source`, through the reader its suffix names; an input error otherwise
    (a file name that is not UTF-8, a text with NUL characters or longer than MAX_DOC_CHARS)."""
    path = Path(path)
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(path, "the file name is not valid UTF-8; rename the file") from None
    suffix = path.suffix.lower()
    module = READERS.get(suffix)
    if module is None:
        readable = ", ".join(sorted(READERS))
        raise InputError(path, UNSUPPORTED.get(suffix, f"is not a format kg reads ({readable})"))
    if not path.is_file():
        raise InputError(path, "does not exist" if not path.exists() else "is not a file")
    src = import_module(module).read(path)
    if len(src.text) > MAX_DOC_CHARS:
        raise InputError(path, f"is {len(src.text):,} characters long; the limit is {MAX_DOC_CHARS:,} characters "
                               "(split it, or raise MAX_DOC_CHARS in kg/ingest/readers/__init__.py)")
    if "\x00" in src.text:
        raise InputError(path, "contains NUL characters; not a text document")
    if src.format == "txt" and (flat := rewrite_flat_tables(src.text)) is not None:
        src = dataclasses.replace(src, text=flat, format="txt+tables")  # offsets refer to the rewritten text
    return src
