"""Text helpers shared by retrieval, features and explanations: character bigrams and shared phrases."""

from __future__ import annotations

import re

_PUNCT = re.compile(r"[\s，。、；：！？“”‘’《》（）〔〕【】()\[\],.;:!?\"'—\-/%]+")


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each punctuation- and space-free run of `text`, in order, repeats kept."""
    out = []
    for chunk in _PUNCT.split(text):
        out.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return out


def shared_phrases(a: str, b: str, min_len: int = 4, most: int = 5) -> list[str]:
    """Maximal substrings of `a` (scanned left to right, non-overlapping) that also occur in `b`."""
    a, b = a.replace("\n", ""), b.replace("\n", "")
    found: set[str] = set()
    i, n = 0, len(a)
    while i <= n - min_len:
        if a[i : i + min_len] not in b:  # most starts: one substring test, nothing built
            i += 1
            continue
        j = i + min_len + 1
        while j <= n and a[i:j] in b:
            j += 1
        piece = a[i : j - 1].strip("，。、；：")
        cjk = sum(1 for ch in piece if "\u4e00" <= ch <= "\u9fff")
        if len(piece) >= min_len and cjk >= 3:
            found.add(piece)
            i = j - 1
        else:
            i += 1
    return sorted(found, key=lambda s: (-len(s), s))[:most]
