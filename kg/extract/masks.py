"""What a number in a plan can be besides a target value, blanked out before targets and deadlines are read.

A 文号 (〔2023〕12号), a standard (GB 3838—2002), a date or a year, and a project or enterprise name
(二期工程, 第三污水处理厂) all hold digits that are no value; the finders read a copy of the text with those
blanked (same length, so offsets stay those of the text; clause punctuation is kept so clauses stay apart).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.extract.citations import STANDARD
from kg.extract.mentions import ENTERPRISE, PROJECT, Hit

BLANK = "□"
_KEEP = "，；。\n"
_CITED = re.compile(r"《[^《》]{1,80}》(?:（[^（）]{0,30}(?:（\d{4}）[^（）]{0,10})?）)?")
_DATES = re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|末)?|\d{1,2}日")


def _blank(chars: list[str], spans: Iterable[tuple[int, int]]) -> None:
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in _KEEP:
                chars[i] = BLANK


def mask_citations(text: str) -> str:
    """The text with 《titles》 (and their 文号) and standard codes blanked: their dates set no deadline."""
    chars = list(text)
    _blank(chars, (m.span() for m in _CITED.finditer(text)))
    _blank(chars, (m.span() for m in STANDARD.finditer(text)))
    return "".join(chars)


def mask_non_values(text: str, hits: Iterable[Hit] = ()) -> str:
    """The text with everything whose digits are no target value blanked: citations, dates, projects, enterprises."""
    chars = list(mask_citations(text))
    _blank(chars, (m.span() for m in _DATES.finditer(text)))
    _blank(chars, ((h.start, h.end) for h in hits if h.kind in (PROJECT, ENTERPRISE)))
    return "".join(chars)
