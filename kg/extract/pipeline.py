"""The spaCy pipeline: blank `zh` with the jieba segmenter, and our registered, configurable components.

Every component is registered, every Doc extension declared and every component added here, in one place, so
the order they run in (each reads what the ones before it wrote) is visible at a glance. Components write
their findings to `Doc` extensions (character offsets into `doc.text`), so extraction rules live in the
component modules and their word lists (kg/extract/words.py), and kg/extract/entities.py only turns them
into records.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import annex, brackets, citations, facts, gazetteer, water, works
from kg.extract.doctext import doc_text

# what the components write, each a list of hits with character offsets into doc.text
EXTENSIONS = ("obligations", "carried", "entities", "targets", "deadlines", "periods", "citations", "annex")
for _ext in EXTENSIONS:
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

# (module that registers it, component, whether it reads the reference dirs), in pipeline order after the
# responsibility brackets and the gazetteer's EntityRuler; each name finder adds to `doc._.entities`
COMPONENTS = (
    (gazetteer, "gazetteer_entities", True),  # names the gazetteers list
    (water, "water_and_sections", True),  # rivers, reservoirs, sections no gazetteer lists
    (works, "named_works", True),  # projects and enterprises, headed by the names above
    (facts, "policy_facts", False),  # targets (tied to sections), deadlines, periods
    (citations, "policy_citations", False),  # 《…》 citations and standards
    (annex, "annex_tables", True),  # rows of the tables annexed to a plan
)


@Language.factory("responsibility_brackets", default_config={"carry_forward": True})
def make_responsibility_brackets(nlp: Language, name: str, carry_forward: bool):
    """Reads the （…牵头，…参与，…负责落实） brackets and label lines of one task into unit mentions by role."""

    def component(doc: Doc, rest_role: str | None = None) -> Doc:
        """`rest_role` (per call, through `component_cfg`): the plan said 排在首位的为牵头单位 before this task."""
        mentions, carried = brackets.find_obligations(doc_text(doc), rest_role)
        doc._.obligations = mentions
        doc._.carried = carried if carry_forward else []
        spans = [doc.char_span(m.start, m.end, label=m.role, alignment_mode="expand") for m in mentions]
        doc.spans["units"] = [s for s in spans if s is not None]
        return doc

    return component


def blank_zh() -> Language:
    """A blank Chinese pipeline segmenting with jieba, its start-up chatter silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@lru_cache(maxsize=4)
def pipeline(reference: tuple[Path, ...] = ()) -> Language:
    """The full pipeline; `reference` are the dirs whose gazetteers feed jieba, the EntityRuler and the finders."""
    nlp = blank_zh()
    ref = [str(p) for p in reference]
    nlp.add_pipe("responsibility_brackets")
    gazetteer.add_ruler(nlp, ref)  # gazetteer names into jieba and an EntityRuler
    for _module, component, reads_reference in COMPONENTS:
        nlp.add_pipe(component, config={"reference": ref} if reads_reference else {})
    return nlp
