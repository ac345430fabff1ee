"""The `policy_citations` component: 《…》 citations with their 文号 or standard code, and standards on their own.

A plan's citations are what tie it to the directives it implements (lineage) and the standards it applies, so
each is kept with its 文号 (normalised by `kg.keys.norm_doc_number`) or standard code. Telling two citations of
one document from two documents (`citation_key`, `is_own_title`) is kg/keys.py's job, shared with the graph.
`STANDARD` is also read by kg/extract/masks.py: a standard's digits are no target value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import CJK
from kg.keys import norm_doc_number
from kg.extract.doctext import doc_text

STANDARD = re.compile(r"(?:GB/T|GB|HJ/T|HJ|CJJ|CJ/T|JGJ|DB\d{2}/T|DB\d{2})\s*/?\s*\d+(?:\.\d+)?\s*[—－\-–]+\s*\d{4}")
DOC_NUMBER = re.compile(rf"[{CJK}]{{1,12}}[〔\[［（【]\s*\d{{4}}\s*[〕\]］）】]\s*第?\s*\d{{1,4}}\s*[号號]")


@dataclass(frozen=True)
class CitationHit:
    title: str | None
    doc_number: str | None
    kind: str  # directive / standard
    start: int
    end: int


@Language.factory("policy_citations", default_config={"standard_title_words": ["标准", "规范"]})
def make_policy_citations(nlp: Language, name: str, standard_title_words: list[str]):
    """《title》 with an optional （文号） or （standard code） after it, and standard codes on their own."""
    cite = re.compile(rf"《(?P<title>[^《》]{{2,80}})》(?:（(?P<dn>{DOC_NUMBER.pattern}|{STANDARD.pattern})）)?")

    def component(doc: Doc) -> Doc:
        text = doc_text(doc)
        out: list[CitationHit] = []
        taken = []
        for m in cite.finditer(text):
            title = re.sub(r"\s+", "", m.group("title"))
            dn = m.group("dn")
            kind = "directive"
            if dn and STANDARD.fullmatch(dn):
                kind, dn = "standard", re.sub(r"\s+", "", dn)
            elif dn:
                dn = norm_doc_number(dn)
            elif any(title.endswith(w) for w in standard_title_words):
                kind = "standard"
            out.append(CitationHit(title, dn, kind, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        for m in STANDARD.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append(CitationHit(None, re.sub(r"\s+", "", m.group()), "standard", m.start(), m.end()))
        doc._.citations = sorted(out, key=lambda c: c.start)
        return doc

    return component
