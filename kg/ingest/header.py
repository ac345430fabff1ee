"""Read a plan's header off its text: title, 文号, issuer, signature date, co-issued plans.

Real plans reach us in many layouts: a covering notice (文号 line, 关于印发《X》的通知 split over lines, an
addressee line, the notice body, the issuer and a date line) before the plan's own title; a date in brackets
under the title; a signature at the very end; a web page around it all (breadcrumb, 发布时间, 浏览次数, an
information table with 文号 and 成文日期, a footer). These are pure functions over the text's lines, so each
rule is tested alone; `kg.ingest.metadata` combines them with the sidecar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "О": 0, "O": 0}
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,14}[〔\[［（(【﹝]\s*(\d{4})\s*[〕\]］）)】﹞]\s*第?\s*\d{1,4}\s*[号號]")
_DATE_ONLY = re.compile(r"^[（(]?([\d〇○零一二三四五六七八九ＯОO]{4})年([\d一二三四五六七八九十]{1,3})月"
                        r"([\d一二三四五六七八九十]{1,3})日[)）]?$")
_LABELLED_DATE = re.compile(r"(成文日期|发文日期|發文日期|印发日期|发布日期|發布日期|发布时间|發布時間|公开日期|日期)\s*[:：]?\s*"
                            r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_LABELLED_NUMBER = re.compile(r"(?:文\s*[号號]|[发發]文字[号號])\s*[:：]?\s*(" + DOC_NUMBER.pattern + ")")
_LABELLED_ISSUER = re.compile(r"(?:发布机构|发文机关|发文单位|发布单位)\s*[:：]?\s*([\u4e00-\u9fff（）()]{2,30})")
TITLE_END = re.compile(r"(方案|计划|意见|要点|办法|规划|细则|通知|决定|规定|纲要|措施|清单|安排)"
                       r"([（(]\d{4}\s*[—\-–－~至到]+\s*\d{4}\s*年?[)）])?$")
YEAR_RANGE = re.compile(r"^[（(]\d{4}\s*[—\-–－~至到]+\s*\d{4}\s*年?[)）]$")
ISSUER_END = re.compile(r"(办公室|辦公室|人民政府|委员会|委員會|领导小组|領導小組|指挥部|指揮部|管委会|管委會|局|厅|廳|办|辦|委|总河长|總河長)$")
NOTICE = re.compile(r"^(.*?)(?:关于|关於|關於)(?:印发|印發|转发|轉發)(.+?)的(?:通知|通告)$")
_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\d{1,2}[.．、])")
_NUMBER_STUB = re.compile(r"^[\u4e00-\u9fff]{1,14}[〔\[［（(【﹝]\s*\d{4}\s*[〕\]］）)】﹞]\s*(?:第?\s*\d{0,4}\s*[号號]?)$")
_SECTION_START = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_HEADING_WORDS = ("总体要求", "指导思想", "基本原则", "主要目标", "工作目标", "基本思路", "目标任务", "工作原则")
CHROME = re.compile(
    r"^(当前位置|您现在的位置|您当前的位置|您所在的位置|位置[:：]|首页\s*[>＞»›/]|发布时间|发布日期|更新时间|浏览次数|"
    r"浏览量|阅读次数|阅读量|点击数|点击量|访问量|来源[:：]|信息来源|文章来源|作者[:：]|字号|字体|【?\s*打印|"
    r"【?\s*关闭|分享到|扫一扫|收藏|索引号|主题分类|组配分类|体裁分类|发布机构|发文机关|发布单位|成文日期|发文日期|"
    r"生效日期|公开日期|有效性|时效|文\s*号|发文字号|名\s*称[:：]|标\s*题[:：]|主办单位|主办[:：]|承办单位|"
    r"技术支持|网站标识码|信息名称|信息分类|返回|备案号|.*ICP备|版权所有|Copyright|联系我们|网站地图|[（(]此件公开发布[)）]|此件公开发布|"
    r"[（(]此件主动公开[)）]|【\s*(大|中|小|打印|关闭)|上一篇|下一篇|相关链接|附件下载)", re.I)


@dataclass(frozen=True)
class Header:
    title: str | None
    doc_number: str | None
    issuer: str | None
    issued: date | None
    issued_source: str | None  # signature / dated title / information table / web page publishing date
    co_issued: tuple[str, ...] = ()


def clean(s: str) -> str:
    """A line with all whitespace removed (titles and 文号 are compared and stored without spaces)."""
    return re.sub(r"\s+", "", s)


_NAV = re.compile(r"(首页|当前位置|您的位置)\s*[>＞»›|｜]|[>＞»›]{1,2}.{1,12}[>＞»›]|^[|｜]|[|｜].*[|｜].*[|｜]|"
                  r"(门户网站|政府网|网站|人民政府网)$")


def is_chrome(line: str) -> bool:
    """Website navigation, information-table and footer lines: never a title, a task or a date."""
    c = clean(line)
    return bool(CHROME.match(c) or _NAV.search(c))


def is_heading(line: str) -> bool:
    """A section heading (一、 （一） 1. or 总体要求 …): where the header ends; never a title."""
    c = clean(line)
    return bool(_HEADING.match(c)) or any(c.startswith(w) for w in _HEADING_WORDS)


def parse_date(line: str) -> date | None:
    """`2025年6月13日`, `二〇二一年六月二十四日` or `（2022年5月26日）` alone on a line, as a date."""
    m = _DATE_ONLY.match(clean(line))
    if not m:
        return None
    try:
        return date(_number(m.group(1)), _number(m.group(2)), _number(m.group(3)))
    except ValueError:
        return None


def _number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN_DIGIT.get(a, 1) if a else 1) * 10 + (CN_DIGIT.get(b, 0) if b else 0)
    return int("".join(str(CN_DIGIT[c]) for c in s))


def doc_number_line(line: str) -> str | None:
    """A line that is nothing but a 文号 (optionally in brackets), as printed without spaces."""
    c = clean(line).strip("（）()")
    m = DOC_NUMBER.fullmatch(c)
    return m.group(0) if m else None


def head_lines(lines: list[str], limit: int = 40) -> list[str]:
    """The non-chrome lines before the body starts (the first 一、 or 总体要求 heading), at most `limit`."""
    out = []
    for line in lines:
        if not line.strip() or is_chrome(line):
            continue
        c = clean(line)
        if out and (_SECTION_START.match(c) or any(c.startswith(w) for w in _HEADING_WORDS)):
            break
        out.append(line)
        if len(out) >= limit:
            break
    return out


def title_blocks(head: list[str]) -> list[tuple[int, str]]:
    """Consecutive short lines joined (a title split over lines), with the index of their first line."""
    blocks, cur, start = [], "", 0
    for i, line in enumerate(head):
        c = clean(line)
        short = len(c) <= 40 and "。" not in c and not c.endswith(("：", ":")) and not doc_number_line(c)
        short = short and not _NUMBER_STUB.match(c)
        short = short and parse_date(c) is None and not YEAR_RANGE.match(c)
        if short and (not cur or not TITLE_END.search(cur)):
            cur, start = (cur + c, start) if cur else (c, i)
            continue
        if cur:
            blocks.append((start, cur))
        cur, start = (c, i) if short else ("", i + 1)
    if cur:
        blocks.append((start, cur))
    return blocks


def split_issued(x: str) -> list[str]:
    """What a notice issues: 《A》《B》 → [A, B]; 《A》 or A → [A]."""
    inner = re.findall(r"[《<〈](.+?)[》>〉]", x)
    return inner or [x.strip("《》<>")]


def find_notice(head: list[str]) -> tuple[int, str, str, list[str]] | None:
    """(line index, issuer prefix, notice text, issued titles) of a 关于印发…的通知 title block."""
    lines = [clean(h) for h in head]
    for i in range(len(lines)):
        joined = ""
        for j in range(i, min(i + 5, len(lines))):
            if doc_number_line(lines[j]) or lines[j].endswith(("：", ":")) or "。" in lines[j]:
                break
            joined += lines[j]
            if NOTICE.match(joined):
                i = _tightest(lines, i, j)
                m = NOTICE.match("".join(lines[i:j + 1]))
                issued = split_issued(m.group(2))
                listed = _listed_in_body(lines[j + 1:j + 8])
                return i, m.group(1), "".join(lines[i:j + 1]), listed if len(listed) > 1 else issued
    return None


def _tightest(lines: list[str], i: int, j: int) -> int:
    """The latest first line of a notice title that still names an issuer before 关于 (a site-name line
    repeating the issuer above it is not part of the title); else the latest that still reads as a notice."""
    fallback = i
    for k in range(j, i - 1, -1):
        m = NOTICE.match("".join(lines[k:j + 1]))
        if m and m.group(1) and ISSUER_END.search(m.group(1)):
            return k
        if m and fallback == i:
            fallback = k
    return i if NOTICE.match("".join(lines[i:j + 1])).group(1) else fallback


def _listed_in_body(lines: list[str]) -> list[str]:
    """The plans a notice body lists: 现将《A》《B》《C》印发给你们 → [A, B, C]."""
    for line in lines:
        # the list must run up to the 印发 (《A》《B》已经县政府同意，现印发…), with no other title in between
        m = re.search(r"((?:《[^》]+》[、，和及]?){2,})[^《》。]{0,40}?(?:印发|印發)", line)
        if m:
            return re.findall(r"《([^》]+)》", m.group(1))
    return []


def read_header(text: str, published: date | None = None) -> Header:
    """Every header field the text states; `published` is a web page's date, used only as a last resort."""
    lines = text.replace("\r\n", "\n").split("\n")
    head = head_lines(lines)
    notice = find_notice(head)
    title, co_issued = choose_title(head, notice)
    issued, source = issued_date(head, lines, notice, published)
    return Header(
        title=title,
        doc_number=doc_number(head, lines),
        issuer=issuer(head, lines, notice, title),
        issued=issued,
        issued_source=source,
        co_issued=tuple(co_issued),
    )


def choose_title(head: list[str], notice) -> tuple[str | None, list[str]]:
    """The document's own title, and the other plans its notice issues with it."""
    if notice:
        idx, _, _, issued = notice
        later = [clean(h) for h in head[idx + 1:]]
        main = next((t for t in issued if any(line.startswith(clean(t)) for line in later)), issued[0])
        title = _with_range(clean(main), later)
        return title, [clean(t) for t in issued if t != main]
    blocks = [re.sub(r"[_｜|].{2,20}(网|政府|门户)$", "", b) for _, b in title_blocks(head)]
    for k, block in enumerate(blocks):
        if TITLE_END.search(block) and len(block) >= 6 and not is_heading(block):
            # a page title without its issuer, then the document's own heading with it: take the fuller one
            fuller = next((b for b in blocks[k + 1:] if b.endswith(block) and ISSUER_END.search(b[: -len(block)])), block)
            return _with_range(fuller, [clean(h) for h in head]), []
    first = next((c for h in head if (c := clean(h)) and not is_heading(c) and "。" not in c and len(c) <= 60), None)
    return first, []


def _with_range(title: str, lines: list[str]) -> str:
    """Append the `（2018—2020年）` line printed right under the title, when the title lacks it."""
    if re.search(r"\d{4}\s*[—\-–－~至到]+\s*\d{4}", title):
        return title
    for i, line in enumerate(lines[:-1]):
        if line == title and YEAR_RANGE.match(lines[i + 1]):
            return title + lines[i + 1]
    return title


def doc_number(head: list[str], lines: list[str]) -> str | None:
    """The 文号 printed on its own line in the header, else the one an information table labels."""
    for line in head:
        dn = doc_number_line(line)
        if dn:
            return dn
    for line in lines[:80]:
        m = _LABELLED_NUMBER.search(_unbar(line))
        if m:
            return m.group(1)
    return None


def _unbar(line: str) -> str:
    """An information-table row without its cell bars: `| 发文字号： | 定政发〔2017〕58号 |` → 发文字号：定政发…"""
    return re.sub(r"[|｜]", "", clean(line))


def _signature(head: list[str], lines: list[str]) -> str | None:
    """The issuing body printed on the line above a signature date, in the header or at the very end."""
    tail = [x for x in lines if x.strip()][-15:]
    for block in (head, tail):
        for i, line in enumerate(block[1:], 1):
            prev = clean(block[i - 1])
            if parse_date(line) and ISSUER_END.search(prev) and len(prev) <= 30:
                return prev
    return None


def issued_date(head, lines, notice, published) -> tuple[date | None, str | None]:
    """The signature date (notice date line, bracketed date under the title, or a signature at the end);
    else a labelled 成文日期; else the web page's publishing date, saying so."""
    start = notice[0] if notice else 0
    for line in head[start:]:
        d = parse_date(line)
        if d:
            return d, ("dated title" if clean(line).startswith(("（", "(")) else "signature")
    tail = [x for x in lines if x.strip()][-15:]
    for line in reversed(tail):
        d = parse_date(line)
        if d:
            return d, "signature"
    labelled = {}
    for line in lines[:80]:
        for m in _LABELLED_DATE.finditer(_unbar(line)):
            try:
                labelled.setdefault(m.group(1), date(int(m.group(2)), int(m.group(3)), int(m.group(4))))
            except ValueError:
                continue
    for key in ("成文日期", "发文日期", "發文日期", "印发日期"):
        if key in labelled:
            return labelled[key], "information table"
    web = published or next((labelled[k] for k in ("发布日期", "發布日期", "发布时间", "發布時間", "公开日期") if k in labelled), None)
    return (web, "web page publishing date") if web else (None, None)


def issuer(head, lines, notice, title) -> str | None:
    """Who issued it: the signature above the date line, or the body named before 关于 in the title when
    that is fuller; else a red-header line (某某办公室文件) or an information table's 发布机构."""
    prefix = notice[1] if notice else ""
    if not prefix and title and re.search("关于|關於", title):
        prefix = re.split("关于|關於", title)[0]
    prefix = prefix if prefix and ISSUER_END.search(prefix) and len(prefix) <= 30 else ""
    signed = _signature(head, lines)
    if signed or prefix:
        return signed if len(signed or "") >= len(prefix) else prefix
    for _, block in title_blocks(head):  # 西平县人民政府 / 关于打赢…的 / 意见: the body heading its own title
        m = re.match(r"^(.{2,30}?)(?:关于|關於).+的(?:意见|通知|决定|办法|规定|方案|计划)$", block)
        if m and ISSUER_END.search(m.group(1)):
            return m.group(1)
    for line in head[:3]:
        m = re.match(r"^(.{2,30}?)文件$", clean(line))
        if m and ISSUER_END.search(m.group(1)):
            return m.group(1)
    for line in lines[:80]:
        m = _LABELLED_ISSUER.search(_unbar(line))
        if m and ISSUER_END.search(m.group(1)):
            return m.group(1)
    return None
