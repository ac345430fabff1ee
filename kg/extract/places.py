"""Division names at the head of a name: 保德县桥头镇…, 孟州市…, short names such as 静乐 or 霍州.

The national division table (kg/divisions.py) gives full names and their level; short names are the full
names without 省/市/县/区/自治县…, except those that are everyday words in these texts. The name finders use
these to tell a proper name (孟州市污水处理厂) from a generic one (城镇污水处理厂).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import divisions
from kg.extract.mentions import CJK

# Two-character short names of divisions that are everyday words in these texts.
_SHORT_STOP = frozenset(
    "平原 前进 公安 和平 共和 新华 东方 中原 三河 长安 新城 老城 古城 城区 矿区 郊区 城中 市中 城关 东区 西区 "
    "河口 城东 城西 城北 江北 江南 河东 河西 安全 白山 东山 西山 南山 北山 金山 青山 宝山 龙山 中山 朝阳 永安 "
    "全州 全南 兴业 兴国 永年 万年 长丰 安宁 宁安 普安 普定 开发 经济 高新 新区 城市 上海".split()
)
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "township": 3}
_TOWNSHIP = re.compile(rf"[{CJK}]{{2,3}}?(?:镇|乡|街道|办事处)")


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """(full names → level, short names → level) of the national division table."""
    full: dict[str, str] = {}
    short: dict[str, str] = {}
    for name, divs in divisions.by_name().items():
        level = min((d.level for d in divs), key=LEVEL_RANK.get)
        if len(name) >= 2:
            full[name] = level
        for suf in ("自治县", "自治州", "地区", "省", "市", "县", "区"):
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                s = name[: -len(suf)]
                if s not in _SHORT_STOP:
                    short.setdefault(s, level)
                break
    return full, short


def _full_at(s: str, i: int, full: dict[str, str]) -> tuple[int, int, str] | None:
    """The longest full division name (not an everyday word) that starts at s[i], as (start, end, level)."""
    for k in range(min(8, len(s) - i), 1, -1):
        w = s[i : i + k]
        if w in full and w not in _SHORT_STOP:
            return (i, i + k, full[w])
    return None


def place_chain(s: str, allow_short: bool = True) -> list[tuple[int, int, str]]:
    """The places a name starts with, as (start, end, level): 保德县桥头镇… → [保德县, 桥头镇]."""
    full, short = _places()
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(s):
        found = _full_at(s, i, full)
        if found is None and allow_short and not out:
            for k in range(min(6, len(s) - i), 1, -1):
                w = s[i : i + k]
                if w in short and len(s) - i - k >= 2:
                    found = (i, i + k, short[w])
                    break
        if found is None and out:
            m = _TOWNSHIP.match(s, i)
            if m:
                found = (i, m.end(), "township")
        if found is None:
            break
        out.append(found)
        i = found[1]
    return out


def find_place(s: str) -> int | None:
    """Offset of the first full division name in s (孟州市, 代县 …), or None."""
    full, _ = _places()
    return next((i for i in range(len(s)) if _full_at(s, i, full)), None)
