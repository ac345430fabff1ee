"""The record every reader returns, and the checks every reader shares (readable, not empty, Chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.ingest.readers.cjk import count_cjk

MIN_CJK = 20  # fewer Chinese characters than this is no policy document (or a scan without a text layer)


@dataclass(frozen=True)
class Source:
    """A document as text: graph offsets refer to `text`, which for a non-.txt file the build writes out."""

    path: Path
    text: str
    encoding: str | None = "utf-8"  # the byte encoding of a .txt or .html file; None for PDF and DOCX
    format: str = "txt"  # txt, pdf, docx or html
    published: date | None = None  # the date a web page was published, when the page states one

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem


def read_bytes(path: Path, limit: int = -1) -> bytes:
    """The file's bytes (the first `limit` of them); an unreadable file is an input error, not a traceback."""
    try:
        with path.open("rb") as fh:
            return fh.read(limit)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None


def require_chinese(path: Path, text: str, too_little: str = "has almost no Chinese text; not a policy document") -> str:
    """The text, if it is a non-empty Chinese document; the reason otherwise, as an input error."""
    if not text.strip():
        raise InputError(path, "is empty")
    if count_cjk(text) < MIN_CJK:
        raise InputError(path, too_little)
    return text
