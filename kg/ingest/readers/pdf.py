"""PDF documents with a text layer, read with pdfplumber (the PDF's text, never OCR).

pdfplumber rather than pypdf: measured on a Chromium-printed seed both recover every character, but pypdf
returns each page in content-stream order (the footer first, the running header last, so a sentence broken
across pages has the header inside it) while pdfplumber returns lines top to bottom with their positions,
which is what finding margins, indents and wrapped lines needs.

From the lines of each page: page numbers (— 3 —, -3-, 第3页, 第 3 页 共 9 页, 3/9, a lone 3) and running
headers and footers (a line that repeats, digits aside, on half the pages) go, if they stand in a margin:
among the first or last two lines of a page and within 15% of its height from the edge. A line that reaches
the right margin is joined to the next unless the next is indented or starts a numbered item, so a page
break inside a sentence is joined too. Radicals become ideographs (cjk.py).
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from kg.errors import InputError
from kg.ingest.normalise import MARKER
from kg.ingest.readers.cjk import count_cjk, unify
from kg.ingest.readers.source import MIN_CJK, Source

SCAN = "has no text layer (a scan?); run OCR first (e.g. ocrmypdf) and build again"
_DASH = r"[-—–－―~〜·•]"
PAGE_NUMBER = re.compile(
    rf"^(?:{_DASH}*\s*\d{{1,4}}\s*{_DASH}*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
# what a browser prints in the margins of even a one-page PDF: the date and time, the page's address
PRINT_STAMP = re.compile(r"^(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,，]?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?"
                         r"|(?:file|https?)://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?)(?:\s.*)?$")
_MARGIN_LINES = 2  # how many lines at the top and at the bottom of a page may be header or footer
_MARGIN_SHARE = 0.15  # ... and only within this share of the page height from its top or bottom edge


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    zone: str | None = None  # "top" or "bottom" for a line that may be a running header or footer


def read(path: Path) -> Source:
    """A PDF's text layer as plan text; a scan, an encrypted or a corrupt PDF is an input error."""
    pages = _page_lines(path)
    body = _drop_margins(pages)
    text = unify("\n".join(_paragraphs(body)))
    if count_cjk(text) < MIN_CJK:
        raise InputError(path, SCAN)
    return Source(path, text, None, "pdf")


def _page_lines(path: Path) -> list[list[Line]]:
    """The text lines of every page, top to bottom; pdfminer's failures as one-line input errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSEOF
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with _quiet_pdfminer(), pdfplumber.open(path) as pdf:
            return [_lines(page.extract_text_lines(strip=True, return_chars=False, y_tolerance=_y_tolerance(page)),
                           page.height) for page in pdf.pages]
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(path, "is encrypted (password-protected); save an unprotected copy (e.g. qpdf --decrypt) and build again") from None
        if isinstance(cause, PDFEncryptionError):
            raise InputError(path, f"is encrypted in a way kg cannot read ({cause}); save an unprotected copy and build again") from None
        if isinstance(cause, PSEOF):
            raise InputError(path, "is truncated or corrupt (unexpected end of file); download or export it again") from None
        raise InputError(path, f"is not a readable PDF ({cause}); download or export it again") from None
    except Exception as exc:  # pdfminer raises arbitrary errors on a damaged file
        raise InputError(path, f"is a damaged PDF ({type(exc).__name__}: {exc}); download or export it again") from None


def _y_tolerance(page) -> float:
    """How far apart two glyphs' tops may be and still share a line: Latin digits and brackets set in another
    font sit a few points higher than the Chinese around them (Chromium prints them so), and pdfplumber's fixed
    3 pt would cut `〔2016〕42号` out of its sentence; 40% of the page's typical Chinese glyph size keeps them in line."""
    sizes = sorted(c["size"] for c in page.chars[:3000] if c["text"] >= "\u2e80")  # the Chinese body, not a URL
    return max(3.0, 0.4 * sizes[len(sizes) // 2]) if sizes else 3.0


@contextmanager
def _quiet_pdfminer():
    """pdfminer logs a warning per glyph of a font without FontBBox (every Chromium PDF): not the user's news."""
    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _lines(found: list[dict], height: float) -> list[Line]:
    """pdfplumber's lines of one page, those near its top or bottom edge marked as possible margins."""
    out, n = [], len(found)
    for i, d in enumerate(found):
        zone = None
        if i < _MARGIN_LINES and d["top"] < height * _MARGIN_SHARE:
            zone = "top"
        elif i >= n - _MARGIN_LINES and d["bottom"] > height * (1 - _MARGIN_SHARE):
            zone = "bottom"
        out.append(Line(d["text"], d["x0"], d["x1"], d["top"], d["bottom"], zone))
    return out


def _masked(text: str) -> str:
    """A header or footer line with its numbers blanked, so 'page 3 of 9' on every page reads the same."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_margins(pages: list[list[Line]]) -> list[Line]:
    """All body lines in reading order: page numbers and running headers/footers gone."""
    repeated = _repeated(pages)
    body: list[Line] = []
    for lines in pages:
        for ln in lines:
            text = ln.text.strip()
            if ln.zone and (PAGE_NUMBER.match(text) or PRINT_STAMP.match(text) or (ln.zone, _masked(ln.text)) in repeated):
                continue
            body.append(ln)
    return body


def _repeated(pages: list[list[Line]]) -> set[tuple[str, str]]:
    """(band, masked text) of margin lines that recur on at least half the pages (and two pages at least)."""
    seen: dict[tuple[str, str], int] = {}
    for lines in pages:
        for k in {(ln.zone, _masked(ln.text)) for ln in lines if ln.zone}:
            seen[k] = seen.get(k, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, c in seen.items() if c >= need and k[1]}


def _paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined where the break is a wrap: the line reaches the right margin and the next continues it."""
    if not lines:
        return []
    left, right, size = _geometry(lines)
    paras: list[str] = [lines[0].text]
    for prev, cur in zip(lines, lines[1:]):
        wrapped = prev.x1 >= right - 2 * size
        indented = cur.x0 >= left + 1.5 * size
        if wrapped and not indented and not MARKER.match(cur.text):
            paras[-1] = _join(paras[-1], cur.text)
        else:
            paras.append(cur.text)
    return paras


def _geometry(lines: list[Line]) -> tuple[float, float, float]:
    """The body's left edge (most common line start), right edge (widest line end) and line height."""
    starts: dict[int, int] = {}
    for ln in lines:
        starts[round(ln.x0)] = starts.get(round(ln.x0), 0) + 1
    left = float(max(starts, key=lambda x: (starts[x], -x)))
    size = median(ln.bottom - ln.top for ln in lines) or 10.0
    ends = sorted(ln.x1 for ln in lines)
    right = ends[int(len(ends) * 0.95)] if len(ends) >= 20 else ends[-1]
    return left, right, size


def _join(a: str, b: str) -> str:
    """Two pieces of one wrapped line: no space between Chinese characters, one between two Latin words."""
    if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum():
        return f"{a} {b}"
    return a + b
