"""Map the radical and compatibility code points that PDF text layers carry back to unified ideographs.

A PDF font often shares one glyph between a Kangxi radical and the ideograph (⽔ U+2F54 and 水 U+6C34); the
text layer then spells 水利局 as ⽔利局 and no unit name matches. NFKC maps every Kangxi radical
(U+2F00–U+2FD5) and every CJK compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F) except the twelve
that are unified ideographs themselves (U+FA0E…) — but of the CJK Radicals Supplement (U+2E80–U+2EF3) only
⺟ and ⻳. The others that stand for a whole character (⻘ 青, ⺠ 民, ⻓ 长, ⻣ 骨…) come from Unicode's
EquivalentUnifiedIdeograph.txt below; component-only forms (⺅ 亻, ⺡ 氵) never stand alone in text and stay.
"""

from __future__ import annotations

import unicodedata

# CJK Radicals Supplement → unified ideograph (Unicode EquivalentUnifiedIdeograph.txt, whole characters only).
_SUPPLEMENT = dict(zip(
    "⺁⺊⺌⺒⺓⺜⺝⺟⺠⺧⺩⺬⺶⺻⺽⻁⻄⻅⻆⻉⻊⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻱⻳",
    "厂卜小巳幺日月母民牛王示羊聿臼虎西见角贝足车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龜龟",
    strict=True,
))

_RANGES = ((0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _table() -> dict[int, str]:
    """Code point → unified ideograph for every radical or compatibility form NFKC folds to one ideograph."""
    out = {ord(k): v for k, v in _SUPPLEMENT.items()}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp) and len(folded) == 1 and is_ideograph(folded):
                out[cp] = folded
    return out


def is_ideograph(ch: str) -> bool:
    """A unified CJK ideograph (basic block, extension A or the supplementary planes)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3134F


UNIFY = _table()


def unify(text: str) -> str:
    """The text with radicals and compatibility ideographs as unified ideographs; one character for one."""
    return text.translate(UNIFY)


def count_cjk(text: str) -> int:
    """How many basic-block ideographs the text holds: the test for 'is this a Chinese document at all'."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def has_radicals(text: str) -> bool:
    """Whether any code point that `unify` would change is left in the text."""
    return any(ord(ch) in UNIFY for ch in text)
