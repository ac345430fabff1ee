"""Plain-text documents in whatever common Chinese encoding they came in; offsets refer to the decoded text.

Order: a byte-order mark decides; then UTF-8 if the bytes are valid UTF-8; then charset-normalizer's best
guess. NUL bytes mean UTF-16 without a mark (every ASCII character carries one) or a binary file: only the
UTF-16 encodings are guessed then, and the result must read as Chinese. Without NUL bytes UTF-16 is never
guessed (charset-normalizer takes a short GB2312 title for UTF-16BE). GBK and GB2312 are read as GB18030,
their superset, so a rare character outside GB2312 still decodes.
"""

from __future__ import annotations

from pathlib import Path

import charset_normalizer

from kg.errors import InputError
from kg.ingest.readers.cjk import count_cjk
from kg.ingest.readers.source import Source, read_bytes, require_chinese

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CHINESE = ["gb18030", "gbk", "gb2312", "big5"]
_UTF16 = ["utf_16_le", "utf_16_be"]
_AS_GB18030 = {"gbk", "gb2312", "gb18030", "cp936", "hz"}
BINARY = "contains NUL bytes; not a text document"


def decode(data: bytes, where: str | Path = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Line ends are kept as they are so that offsets match the file."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(where, f"has a {enc.upper()} byte-order mark but is not valid {enc.upper()} ({exc.reason})") from None
    if b"\x00" in data:
        return _utf16_without_mark(data, where)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc = _guess(data, _CHINESE)
    if enc is None:
        raise InputError(where, "is not text in UTF-8, UTF-16, GB18030/GBK/GB2312 or Big5")
    enc = "gb18030" if enc in _AS_GB18030 else enc
    return data.decode(enc, errors="strict"), enc


def _utf16_without_mark(data: bytes, where: str | Path) -> tuple[str, str]:
    """UTF-16 text saved without a byte-order mark, if that is what the NUL bytes mean."""
    enc = _guess(data, _UTF16)
    if enc is not None:
        try:
            text = data.decode(enc.replace("_", "-"), errors="strict")
        except UnicodeDecodeError:
            raise InputError(where, BINARY) from None
        if "\x00" not in text and count_cjk(text) >= max(1, len(text) // 5):
            return text, enc.replace("_", "-")
    raise InputError(where, BINARY)


def _guess(data: bytes, candidates: list[str]) -> str | None:
    """charset-normalizer's best guess among the candidates, or None when none decodes the bytes."""
    best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    if best is None:
        return None
    try:
        data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return best.encoding


def read(path: Path) -> Source:
    """A .txt document, decoded; empty, binary or non-Chinese files are input errors."""
    text, enc = decode(read_bytes(path), path)
    return Source(path, require_chinese(path, text), enc, "txt")
