"""Decode a corpus file whatever common Chinese encoding it came in; offsets refer to this decoded text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

# Tried in order after BOM sniffing. GB18030 is a superset of GBK and GB2312, so one entry covers all three;
# Big5 is last because almost any byte string decodes as something in it.
_FALLBACKS = ("utf-8", "gb18030", "big5")


@dataclass(frozen=True)
class Source:
    path: Path
    text: str
    encoding: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem


def decode(data: bytes, where: str | Path = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Line ends are kept as they are so that offsets match the file."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(where, f"has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise InputError(where, "looks binary (contains NUL bytes), not a text document")
    for enc in _FALLBACKS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "big5" and not _looks_chinese(text):
            break
        return text, enc
    raise InputError(where, "is not text in UTF-8, UTF-16, GB18030/GBK or Big5")


def _looks_chinese(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk >= max(1, len(text) // 5)


def read_source(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    text, enc = decode(data, path)
    if not text.strip():
        raise InputError(path, "is empty")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 20:
        raise InputError(path, "has almost no Chinese text; not a policy document")
    return Source(path=path, text=text, encoding=enc)
