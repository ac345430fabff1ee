"""The spaCy pipeline: blank `zh` with the jieba segmenter, and our registered, configurable components.

Components write their findings to `Doc` extensions (character offsets into `doc.text`), so extraction
rules live here and in data files, and `extract.py` only turns them into records.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import brackets

for _ext in ("obligations", "carried"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


@Language.factory("responsibility_brackets", default_config={"carry_forward": True})
def make_responsibility_brackets(nlp: Language, name: str, carry_forward: bool):
    """Reads the （…牵头，…参与，…负责落实） brackets and label lines of one task into unit mentions by role."""

    def component(doc: Doc) -> Doc:
        mentions, carried = brackets.find_obligations(doc.text)
        doc._.obligations = mentions
        doc._.carried = carried if carry_forward else []
        spans = [doc.char_span(m.start, m.end, label=m.role, alignment_mode="expand") for m in mentions]
        doc.spans["units"] = [s for s in spans if s is not None]
        return doc

    return component


def blank_zh() -> Language:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@lru_cache(maxsize=4)
def pipeline(reference: tuple[Path, ...] = ()) -> Language:
    """The full pipeline; `reference` are the dirs whose gazetteers feed the EntityRuler."""
    nlp = blank_zh()
    nlp.add_pipe("responsibility_brackets")
    from kg.extract import entities  # registers the entity components

    entities.add_to(nlp, list(reference))
    return nlp
