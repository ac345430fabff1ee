"""Stable, readable instance IRIs: the same corpus always mints the same IRIs (no random ids)."""

from __future__ import annotations

from rdflib import URIRef

from kg.graph.vocab import ID

_UNSAFE = frozenset(' <>"{}|\\^`#?%/[]')
# RFC 3987 ucschar: the non-ASCII code points an IRI path may hold as they are (no controls, surrogates,
# private use, specials or noncharacters such as U+FDD0-U+FDEF and U+xFFFE/U+xFFFF).
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *((p << 16, (p << 16) + 0xFFFD) for p in range(1, 14)), (0xE1000, 0xEFFFD))


def _literal(c: str) -> bool:
    """Whether `c` may stand in an IRI path segment unencoded."""
    o = ord(c)
    if o < 0x80:
        return 0x20 < o < 0x7F and c not in _UNSAFE
    return any(lo <= o <= hi for lo, hi in _UCSCHAR)


def slug(text: str) -> str:
    """Keep Chinese as is (IRIs allow it); percent-encode as UTF-8 everything else an IRI path segment may
    not hold, and '%' itself, so two different names never give one IRI (no strip: ' x' is not 'x')."""
    return "".join(c if _literal(c) else _pct(c) for c in text)


def _pct(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))


def unslug(segment: str) -> str:
    """The name `slug` was given (its inverse), for tests and for reading an IRI back."""
    from urllib.parse import unquote_to_bytes

    return unquote_to_bytes(segment).decode("utf-8", "surrogatepass")


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
