"""Normalise a decoded document once, keeping a map from every normalised character back to the source.

Everything downstream works on `Normalised.text`; evidence spans are reported in source offsets through
`Normalised.source_span`, so a reader can open the original file and find the quote.

What normalisation does, and why:
- PDF line breaks inside paragraphs are joined (a break survives only before a structural marker such as
  `3.`/`（二）`/`四、`/`附表`, around table rows and date lines, and after short headings).
- Whitespace between Chinese characters and digits is dropped (`2025 年` → `2025年`, `60. 8%` → `60.8%`).
- Full-width ASCII letters, digits and `．％／` become half-width, sub/superscripts and Roman numerals
  become ASCII (`PM₁₀` → `PM10`, `Ⅲ` → `III`, `PM_{2.5}` → `PM2.5`): this is what NFKC does for them.
- Brackets, commas, colons and semicolons become full-width (`(`→`（`, `,`→`，`), except inside numbers;
  inner angle brackets of a unit name become round (`各县＜市、区＞` → `各县（市、区）`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.ingest.header import doc_number_line, is_chrome, parse_date

_CN_NUM = "一二三四五六七八九十百零〇两"

# Line starts that always begin a new paragraph.
MARKER = re.compile(
    r"^\s*(?:"
    rf"\d{{1,3}}\s*[\.．、](?![A-Za-z0-9@])"  # 1.  1．  1、
    rf"|[（(]\s*[{_CN_NUM}]+\s*[）)]"  # （一）
    rf"|[{_CN_NUM}]+\s*、"  # 一、
    r"|[（(]\d{1,2}[）)]"  # （1）
    r"|附\s*[件表]"
    rf"|第[{_CN_NUM}]+[章节条]"
    r"|(?:牵头|责任|配合|参与|协办|主办|落实)\s*(?:单位|部门)\s*[:：]"
    r")"
)
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发)?\s*$")
_PAREN_LINE = re.compile(r"^\s*[（(][^（）()]{1,12}[）)]\s*$")
_TITLE_LINE = re.compile(r"^[^，。；,;]{4,40}(实施方案|行动方案|工作方案|行动计划|工作计划|实施意见|工作要点)(（\d{4}[—\-–]\d{4}年）)?$")
_NOTICE_END = re.compile(r"(?:关于|關於).{2,120}的(?:通知|通告)$")
_ADDRESSEE = re.compile(r"^各[^。；]{1,120}[：:]$")
_SPACE = set(" \u3000\u00a0\t\u2002\u2003\u2009\u200b\ufeff")
_HALF_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_KEEP_FULL = set("（），：；！？")


@dataclass
class Normalised:
    source: str
    text: str
    offsets: list[int] = field(repr=False)  # offsets[i] = index in `source` of text[i]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [s, e) covering normalised text[start:end]."""
        if end <= start:
            s = self.offsets[start] if start < len(self.offsets) else len(self.source)
            return s, s
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        s, e = self.source_span(start, end)
        return self.source[s:e]


def _char_map(ch: str) -> str:
    if ch in _KEEP_FULL:
        return ch
    if ch in _HALF_TO_FULL:
        return _HALF_TO_FULL[ch]
    if ch in "＜〈<":
        return "＜"
    if ch in "＞〉>":
        return "＞"
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E or 0x2070 <= o <= 0x209F or 0x2160 <= o <= 0x217F or ch in "²³¹":
        out = unicodedata.normalize("NFKC", ch)
        return _HALF_TO_FULL.get(out, out)
    return ch


def _is_cjkish(ch: str) -> bool:
    return not (ch.isascii() and ch.isalnum())


def _lines(source: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its terminator."""
    out, i, n = [], 0, len(source)
    while i <= n:
        j = i
        while j < n and source[j] not in "\r\n":
            j += 1
        out.append((i, j))
        if j >= n:
            break
        i = j + 2 if source.startswith("\r\n", j) else j + 1
    return out


def _is_heading(line: str, wrap: int) -> bool:
    """A short line with no clause punctuation: a title, a heading or a signature, never a wrapped line."""
    s = "".join(ch for ch in line if ch not in _SPACE)
    m = MARKER.match(s)
    body = s[m.end() :] if m else s
    limit = min(40, int(wrap * 0.85))
    return len(s) < limit and not re.search(r"[，,。；;]", body[:-1])


def _wrap_width(lines: list[str]) -> int:
    """Typical width of a PDF-wrapped line; documents with one paragraph per line give a large number."""
    lengths = sorted(len("".join(c for c in ln if c not in _SPACE)) for ln in lines)
    lengths = [n for n in lengths if n >= 8]
    return lengths[(len(lengths) * 3) // 4] if lengths else 80


def _hard_break(prev: str, cur: str, wrap: int) -> bool:
    if MARKER.match(cur) or "\t" in cur.strip() or "\t" in prev.strip():
        return True
    if any(is_chrome(x) or doc_number_line(x) or parse_date(x) for x in (prev, cur)):
        return True  # website lines, 文号 and signature dates stand alone, never joined to a paragraph
    if cur.startswith(("\u3000\u3000", "  ")) and prev.rstrip()[-1:] in "。：；！？:;!?" or _TITLE_LINE.match(prev.strip()):
        return True  # an indented line after a finished sentence, or a line after a title, opens a paragraph
    if _NOTICE_END.search(prev.strip()) or _ADDRESSEE.match(cur.strip()):
        return True  # a notice title (…的通知) and the addressee line (各乡镇人民政府，…：) stand alone
    if _DATE_LINE.match(cur) or _DATE_LINE.match(prev) or _PAREN_LINE.match(cur) or _PAREN_LINE.match(prev):
        return True
    if _is_heading(cur, wrap) and prev.rstrip()[-1:] in "。：；！？:;!?":
        return True
    return _is_heading(prev, wrap)


def _inside_bracket(chars: list[str], next_line: str) -> bool:
    """A paragraph does not end inside an open （…: a break there is a PDF break (水\n\n利局) unless the next
    line starts a new numbered item. Only the last 300 characters count, so a stray （ cannot swallow a page."""
    if MARKER.match(next_line) and not next_line.lstrip().startswith(("（", "(")):
        return False
    depth = 0
    for ch in reversed(chars[-300:]):
        if ch == "\n":
            break
        if ch in "）)":
            depth -= 1
        elif ch in "（(":
            depth += 1
            if depth > 0:
                return True
    return False


def normalise(source: str) -> Normalised:
    chars: list[str] = []
    offs: list[int] = []
    prev_line = None
    spans = _lines(source)
    wrap = _wrap_width([source[a:b] for a, b in spans if source[a:b].strip()])
    for start, end in spans:
        line = source[start:end]
        if not line.strip():
            continue
        if prev_line is not None and _hard_break(prev_line, line, wrap) and not _inside_bracket(chars, line):
            chars.append("\n")
            offs.append(start - 1 if start > 0 else 0)
        table = "\t" in line.strip()
        for k in range(start, end):
            ch = source[k]
            if ch in _SPACE:
                if table and ch == "\t":
                    chars.append("\t")
                    offs.append(k)
                continue
            for out in _char_map(ch):
                chars.append(out)
                offs.append(k)
        prev_line = line
    text = "".join(chars)
    text, offs = _fix_spacing(source, text, offs)
    text, offs = _rewrite(text, offs)
    return Normalised(source=source, text=text, offsets=offs)


def _fix_spacing(source: str, text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Re-insert one space between two ASCII words that the source separated (`VOCs control`)."""
    out_c, out_o = [], []
    for i, ch in enumerate(text):
        if i and ch.isascii() and ch.isalpha() and text[i - 1].isascii() and text[i - 1].isalpha():
            between = source[offs[i - 1] + 1 : offs[i]]
            if between and all(c in _SPACE for c in between):
                out_c.append(" ")
                out_o.append(offs[i - 1] + 1)
        out_c.append(ch)
        out_o.append(offs[i])
    return "".join(out_c), out_o


_REWRITES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"PM_\{(\d+(?:\.\d+)?)\}"), r"PM\1"),  # PM_{2.5}
    (re.compile(r"(?<=\d)，(?=\d{3}(?!\d))"), ","),  # 1,000 stays a number
    (re.compile(r"(?<=\d)：(?=\d{2})"), ":"),  # 10:30
    (re.compile(r"＜([^＜＞\n]{1,8})＞"), r"（\1）"),  # 各县＜市、区＞
]


def _rewrite(text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Regex rewrites that keep the offset map: kept characters keep their offsets."""
    for pattern, repl in _REWRITES:
        out_c: list[str] = []
        out_o: list[int] = []
        pos = 0
        for m in pattern.finditer(text):
            out_c.append(text[pos : m.start()])
            out_o.extend(offs[pos : m.start()])
            rep = m.expand(repl)
            # Map each replacement char to the source offset of the matched char it copies, or the match start.
            src_idx = m.start()
            for rc in rep:
                found = text.find(rc, src_idx, m.end())
                if found >= 0:
                    out_o.append(offs[found])
                    src_idx = found + 1
                else:
                    out_o.append(offs[min(src_idx, m.end() - 1)])
                out_c.append(rc)
            pos = m.end()
        out_c.append(text[pos:])
        out_o.extend(offs[pos:])
        text = "".join(out_c)
        offs = out_o
    return text, offs


def printed(normalised: str, source: str) -> str:
    """A normalised name with the Roman numerals the source prints (劣Ⅴ类, not 劣V类) when the source span says the
    same thing once normalised; brackets, commas and digits keep their one normalised form."""
    src = [ch for ch in source if ch not in _SPACE and ch not in "\r\n"]
    if "".join(_char_map(ch) for ch in src) != normalised:
        return normalised
    return "".join(ch if 0x2160 <= ord(ch) <= 0x217F else _char_map(ch) for ch in src)  # Roman numerals only
