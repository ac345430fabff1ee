"""Web pages saved from a government site: the article only, with the date the page says it was published.

Bytes are decoded by the page's own `<meta charset>` (GB2312/GBK read as GB18030) when that decodes, else as a
.txt file is. trafilatura (offline, on the string) finds the article; it drops navigation, breadcrumb,
发布时间/来源/浏览次数 lines, print/close links and the footer on the pages tried, and `is_chrome` removes any such
line it leaves. The title (trafilatura's, from <h1> or <title> without the site name) heads the text, as in
a plan. The publishing date is the page's 发布时间/发布日期 line, else trafilatura's (meta tags, not a guess from
a year in the text: htmldate's extensive search turned 发布日期：2025年04月15日 into 2025-01-01).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.ingest.readers import tables
from kg.ingest.readers.source import Source, read_bytes, require_chinese
from kg.ingest.readers.text import decode

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "x-euc-cn", "euc-cn"}
_PUBLISHED = re.compile(
    r"(?:发布|发文|成文|更新)?(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
# Site chrome trafilatura may leave: words no article line uses, on a short line; or a line that starts as
# a breadcrumb, a metadata field or a footer does. Never a bare word (技术支持 is also a plan's words).
_CHROME_WORDS = re.compile(
    r"浏览次数|阅读次数|点击数|点击量|访问量|浏览量|访问次数|打印本页|打印页面|打印此页|打印文章|关闭窗口|关闭本页"
    r"|[【\[]\s*(?:打印|关闭|大\s*中\s*小)\s*[】\]]|收藏本页|加入收藏|分享到|扫一扫在手机|网站标识码|ICP\s*备|公网安备"
    r"|备案号|版权所有|网站地图|字号\s*[:：]|【\s*字体"
)
_CHROME_START = re.compile(
    r"^(?:当前位置|您当前的位置|您现在的位置|您所在的位置|当前所在位置|所在位置|位置)\s*[:：]|^首页\s*[>＞»/]"
    r"|^(?:发布时间|发布日期|来源|信息来源|文章来源|作者|责任编辑|编辑|技术支持|联系电话|地址)\s*[:：]"
    r"|^(?:上一篇|下一篇|相关链接|联系我们)"
    r"|^主办单位\s*[:：].*(?:承办单位|技术支持|备案|网站|ICP|联系电话|地址|邮编|版权)"
)


def is_chrome(line: str) -> bool:
    """A line of the site around the article (breadcrumb, page metadata, print links, footer)."""
    s = line.strip()
    return len(s) <= 100 and bool(_CHROME_WORDS.search(s) or _CHROME_START.search(s))


_TITLE_SEP = re.compile(r"\s*(?:_|\||｜| - | — |－|——)\s*")
_W_LB = "lb"


def read(path: Path) -> Source:
    """A saved web page's article as plan text, with its publishing date; no article is an input error."""
    import trafilatura

    page, enc = _decode(read_bytes(path), path)
    found = trafilatura.bare_extraction(
        page, include_tables=True, include_comments=False, with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or found.body is None:
        raise InputError(path, "has no article text that kg can find; save the page's text as .txt and build again")
    lines = [ln for ln in _lines(found.body) if not is_chrome(ln)]
    title = _title(found.title or "")
    if title and not any(_compact(title) in _compact(ln) for ln in lines[:3]):
        lines.insert(0, title)
    text = require_chinese(path, "\n".join(lines))
    return Source(path, text, enc, "html", published_date(page, found.date))


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The page as a string: by its declared charset when that decodes, else detected as for a .txt file."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        enc = "gb18030" if declared in _GB else declared
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration (often utf-8 saved as gb2312): detect instead
    return decode(data, path)


def _lines(body) -> list[str]:
    """Lines of text for trafilatura's XML body: one per paragraph, heading or list item; tables as tables.py."""
    out: list[str] = []
    for el in body:
        if el.tag == "table":
            out.extend(tables.render([[_text(c) for c in row if c.tag == "cell"] for row in el if row.tag == "row"]))
        elif el.tag == "list":
            out.extend(ln for item in el for ln in _text(item).splitlines())
        else:
            out.extend(_text(el).splitlines())
    return [ln.strip() for ln in out if ln.strip()]


def _text(el) -> str:
    """An element's text with <lb/> and nested paragraphs as line breaks."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == _W_LB or child.tag in ("p", "item", "head"):
            parts.append("\n")
        if child.tag != _W_LB:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _title(title: str) -> str:
    """The article title without the site name that <title> appends (方案_某市人民政府)."""
    parts = [p for p in _TITLE_SEP.split(title.strip()) if p]
    return parts[0] if parts else ""


def published_date(page: str, found: str | None) -> date | None:
    """The page's 发布时间/发布日期, else the date trafilatura read from its metadata; None if neither parses."""
    m = _PUBLISHED.search(page)
    candidates = [(m.group(1), m.group(2), m.group(3))] if m else []
    if found:
        candidates.append(tuple(found[:10].split("-")))
    for y, mo, d in (c for c in candidates if len(c) == 3):
        try:
            return date(int(y), int(mo), int(d))
        except ValueError:
            continue
    return None


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)
