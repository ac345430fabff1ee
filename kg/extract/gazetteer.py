"""Gazetteer names: the reference lists, their EntityRuler and jieba words, and the `gazetteer_entities` component.

`reference/gazetteers/` holds rivers.csv (name, kind), sections.csv (name, river), projects.csv and
enterprises.csv. `add_ruler` puts every name into jieba (so it comes out as one token) and into spaCy's
EntityRuler; `gazetteer_entities` turns the ruler's matches into `doc._.entities`, adds the names jieba glued
into a longer word (黄河流域 is one jieba token) and drops a name inside a unit of a responsibility bracket
(焦作黄河河务局 is not a mention of the river).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import ENTERPRISE, PROJECT, RIVER, SECTION, Hit, in_units, merge_hits
from kg.extract.doctext import doc_text

LABEL_OF = {RIVER: "RIVER", SECTION: "SECTION", PROJECT: "PROJECT", ENTERPRISE: "ENTERPRISE"}
KIND_OF = {v: k for k, v in LABEL_OF.items()}
GAZETTEER_DIR = "gazetteers"


@dataclass(frozen=True)
class Gazetteer:
    rivers: dict[str, str]  # name -> kind (river / canal / reservoir / lake)
    sections: dict[str, str | None]  # name -> river
    projects: frozenset[str]
    enterprises: frozenset[str]

    def kind_of(self, name: str) -> str | None:
        for kind, names in ((SECTION, self.sections), (PROJECT, self.projects), (ENTERPRISE, self.enterprises),
                            (RIVER, self.rivers)):
            if name in names:
                return kind
        return None

    def names(self) -> list[tuple[str, str]]:
        out = [(RIVER, n) for n in self.rivers] + [(SECTION, n) for n in self.sections]
        out += [(PROJECT, n) for n in sorted(self.projects)] + [(ENTERPRISE, n) for n in sorted(self.enterprises)]
        return out


@lru_cache(maxsize=8)
def load_gazetteer(dirs: tuple[str, ...]) -> Gazetteer:
    from kg.reference import read_rows

    gdirs = [Path(d) / GAZETTEER_DIR for d in dirs]
    rivers = {r["name"]: r.get("kind") or "river" for r in read_rows("rivers.csv", gdirs, ("name",))}
    sections = {r["name"]: (r.get("river") or None) for r in read_rows("sections.csv", gdirs, ("name", "river"))}
    projects = frozenset(r["name"] for r in read_rows("projects.csv", gdirs, ("name",)))
    enterprises = frozenset(r["name"] for r in read_rows("enterprises.csv", gdirs, ("name",)))
    return Gazetteer(rivers, sections, projects, enterprises)


def gazetteer(reference: list) -> Gazetteer:
    """The gazetteer of the reference dirs (paths or strings), loaded once per set of dirs."""
    return load_gazetteer(tuple(str(p) for p in reference))


def add_ruler(nlp: Language, reference: list) -> None:
    """Gazetteer names into jieba and into an EntityRuler at the end of the pipeline."""
    import jieba

    gaz = gazetteer(reference)
    for _, name in gaz.names():
        jieba.add_word(name)
    if gaz.names():  # an EntityRuler without patterns warns on every text
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns([{"label": LABEL_OF[k], "pattern": n, "id": n} for k, n in gaz.names()])


@Language.factory(
    "gazetteer_entities",
    default_config={"reference": [], "river_exclude_after": "河务|河长|河湖长"},
)
def make_gazetteer_entities(nlp: Language, name: str, reference: list[str], river_exclude_after: str):
    """The EntityRuler's matches as `doc._.entities`, plus names jieba glued into longer words, context-checked."""
    gaz = gazetteer(reference)
    names = gaz.names()
    sweep = re.compile("|".join(re.escape(n) for n in sorted((n for _, n in names), key=len, reverse=True))) if names else None
    exclude = re.compile(river_exclude_after) if river_exclude_after else None

    def hit(kind: str, label: str, start: int, end: int) -> Hit:
        return Hit(kind, label, start, end, gaz.sections.get(label) if kind == SECTION else None, "gazetteer")

    def component(doc: Doc) -> Doc:
        text = doc_text(doc)
        hits: list[Hit] = []
        for ent in doc.ents:
            kind = KIND_OF.get(ent.label_)
            if kind:
                hits.append(hit(kind, ent.ent_id_ or ent.text, ent.start_char, ent.end_char))
        if sweep is not None:
            for m in sweep.finditer(text):
                hits.append(hit(gaz.kind_of(m.group()), m.group(), m.start(), m.end()))
        kept = []
        for h in hits:
            if in_units(doc, h.start, h.end):
                continue
            if h.kind == RIVER and exclude is not None and exclude.match(text, h.end):
                continue
            kept.append(h)
        doc._.entities = merge_hits(kept)
        return doc

    return component

