"""Chinese numerals as integers, so a task numbered （九） is task 9 wherever a person names it.

Plans number their tasks either way (`9.` or `（九）`) and `pol:taskNumber` keeps the number as printed; a
researcher types whichever is at hand. A pure leaf module with no imports, so every stage may use it
(explore must not import ingest or extract, where the older converters live).
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """十 → 10, 十二 → 12, 二十一 → 21, 一百零五 → 105, 二〇二五 → 2025; None if `text` is not a Chinese numeral."""
    if not text or any(c not in DIGITS and c not in UNITS for c in text):
        return None
    if len(text) > 1 and all(c in DIGITS for c in text):  # digit by digit, as years are written
        return int("".join(str(DIGITS[c]) for c in text))
    total, digit, last_unit = 0, None, 10_000
    for c in text:
        if c in DIGITS:
            if digit and DIGITS[c]:  # 二三: two digits in a row is no numeral
                return None
            digit = DIGITS[c]
        else:
            unit = UNITS[c]
            if unit >= last_unit:  # units only ever fall: 十百 is no numeral
                return None
            total += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def number_value(text: str) -> int | None:
    """The integer a task number means, written in Arabic (`9`, `９`) or Chinese (`九`) numerals; else None."""
    t = text.strip()
    if t.isdecimal():
        return int(t)
    return cn_to_int(t)
