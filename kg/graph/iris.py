"""Stable, readable instance IRIs: the same corpus always mints the same IRIs (no random ids)."""

from __future__ import annotations

from rdflib import URIRef

from kg.graph.vocab import ID

_UNSAFE = set(' <>"{}|\\^`#?%/[]')


def slug(text: str) -> str:
    """Keep Chinese as is (IRIs allow it); percent-encode only what an IRI path segment may not hold."""
    return "".join(f"%{ord(c):02X}" if c in _UNSAFE or ord(c) < 0x21 else c for c in text.strip())


def plan(stem: str) -> URIRef:
    return ID[f"plan/{slug(stem)}"]


def task(stem: str, position: int) -> URIRef:
    return ID[f"plan/{slug(stem)}/task/{position}"]


def group(stem: str, position: int) -> URIRef:
    return ID[f"plan/{slug(stem)}/group/{position}"]


def obligation(stem: str, position: int, k: int) -> URIRef:
    return ID[f"plan/{slug(stem)}/task/{position}/obligation/{k}"]


def target(stem: str, k: int) -> URIRef:
    return ID[f"plan/{slug(stem)}/target/{k}"]


def annex_row(stem: str, table: int, row: int) -> URIRef:
    return ID[f"plan/{slug(stem)}/annex/{table}/{row}"]


def graph(stem: str) -> URIRef:
    return ID[f"graph/{slug(stem)}"]


ENTITIES_GRAPH = ID["graph/entities"]
LINEAGE_GRAPH = ID["graph/lineage"]
ONTOLOGY_GRAPH = URIRef("https://w3id.org/policy-kg/ontology")


def jurisdiction(code: str, township: str | None = None) -> URIRef:
    return ID[f"jurisdiction/{code}" + (f"/{slug(township)}" if township else "")]


def unit(jurisdiction_key: str, canonical: str) -> URIRef:
    return ID[f"unit/{slug(jurisdiction_key)}/{slug(canonical)}"]


def function(fid: str) -> URIRef:
    return ID[f"function/{slug(fid)}"]


FUNCTION_SCHEME = ID["function"]


def document(key: str) -> URIRef:
    """A cited document outside the corpus, keyed by 文号 or normalised title."""
    return ID[f"doc/{slug(key)}"]


def entity(kind: str, name: str) -> URIRef:
    return ID[f"{kind}/{slug(name)}"]


def derivation(stem: str, position: int, k: int) -> URIRef:
    return ID[f"plan/{slug(stem)}/task/{position}/derivation/{k}"]
