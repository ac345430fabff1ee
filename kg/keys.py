"""Comparison keys for documents, shared by extraction and the graph.

A cited document and a corpus plan are one node when their 文号 or their normalised title agree; both the
extractor (de-duplicating a plan's citations) and the graph builder (one node per cited document across the
corpus) need the same keys, so they live below both stages.
"""

from __future__ import annotations

import re
import unicodedata

_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "[", "〕": "]", "［": "[", "］": "]", "【": "[", "】": "]",
                           "，": ",", "：": ":", "；": ";", "“": '"', "”": '"', "《": "", "》": "", "—": "-",
                           "－": "-", "–": "-"})


def norm_title(title: str | None) -> str:
    """A comparison key for titles: NFKC, no whitespace, one form of brackets, commas and dashes."""
    if not title:
        return ""
    t = unicodedata.normalize("NFKC", title)
    t = re.sub(r"\s+", "", t)
    return t.translate(_BRACKETS)


def norm_doc_number(dn: str | None) -> str | None:
    """文号 with its year bracket written 〔〕 and no whitespace; standards keep their code as written."""
    if not dn:
        return None
    dn = re.sub(r"\s+", "", dn)
    return re.sub(r"[\[［（(【](\d{4})[\]］）)】]", r"〔\1〕", dn)


def citation_key(title: str | None, doc_number: str | None) -> str:
    return norm_doc_number(doc_number) or norm_title(title)


def is_own_title(title: str | None, meta) -> bool:
    """A plan's own title (its covering notice says 现将《…》印发给你们), or that of a plan the same notice
    issues with it, is not a citation. A year-range suffix （2018—2020年） does not make it another title."""
    if not title:
        return False
    key = _no_range(norm_title(title))
    own = [meta.title, *getattr(meta, "co_issued", ())]
    return any(key == _no_range(norm_title(t)) for t in own)


def _no_range(key: str) -> str:
    return re.sub(r"\(\d{4}-+\d{4}年?\)$", "", key)


def issued_title(title: str | None) -> str | None:
    """The document a notice issues: 关于印发X的通知 → X (used to resolve citations to corpus plans)."""
    if not title:
        return None
    m = re.search(r"关于印发(.+?)的通知$", title)
    return m.group(1) if m else None
