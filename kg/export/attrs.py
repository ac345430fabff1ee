"""Node and edge attributes shared by every export format: names, value types, display label and class.

Gephi, Cytoscape and R want one flat table of scalar columns per node and per edge, so each literal of a
node becomes one column named by its predicate's local name (`title`, `taskNumber`, `score`, `charStart`),
typed from its datatype (integers stay integers, decimals floats), a non-Chinese language tag as a suffix
(`prefLabel_en`), and several values of one property joined by " | ". Decided here once, so GraphML, GEXF,
CSV and the in-memory networkx graph can never disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from kg.explore.query import compact
from kg.graph.vocab import POL_NS, PREFIXES
from kg.viz.style import class_key

POL = str(POL_NS)
RDF_TYPE = str(PREFIXES["rdf"]) + "type"
RDFS_LABEL = str(PREFIXES["rdfs"]) + "label"
SUB_OF = (str(PREFIXES["rdfs"]) + "subPropertyOf", str(PREFIXES["rdfs"]) + "subClassOf")
SKOS_PREF = str(PREFIXES["skos"]) + "prefLabel"
DCT_TITLE = str(PREFIXES["dcterms"]) + "title"
PROV = str(PREFIXES["prov"])
XSD = str(PREFIXES["xsd"])

#: the four task → unit predicates and the role each edge carries
ROLES = {f"{POL}leadUnit": "lead", f"{POL}responsibleUnit": "responsible",
         f"{POL}participantUnit": "participant", f"{POL}implementingUnit": "implementing"}
#: node columns with a fixed meaning (a predicate whose local name is one of these keeps its prefix);
#: start, end, pid and viz mean something else to the GEXF writer
NODE_FIXED = ("id", "label", "class", "types", "start", "end", "pid", "viz")
EDGE_FIRST = ("source", "target", "relation", "predicate", "role", "score")
JOIN = " | "

_INTEGER = {f"{XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                  "positiveInteger", "unsignedInt", "unsignedLong", "gYear")}
_REAL = {f"{XSD}{t}" for t in ("decimal", "double", "float")}


def local_name(iri: str) -> str:
    """The last segment of an IRI after # or / (`…ontology#leadUnit` → leadUnit)."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def python_value(lit: ox.Literal) -> str | int | float | bool:
    """A literal as the value a table column should hold: numbers as numbers, everything else as text."""
    dt = lit.datatype.value if lit.datatype else ""
    try:
        if dt in _INTEGER:
            return int(lit.value)
        if dt in _REAL:
            return float(lit.value)
    except ValueError:
        return lit.value
    if dt == f"{XSD}boolean":
        return lit.value in ("true", "1")
    return lit.value


def plain(lit: ox.Literal) -> bool:
    """Chinese or untagged: the corpus's own language, so no suffix on the column name."""
    return not lit.language or lit.language.lower().startswith("zh")


def attribute_names(predicates: Iterable[str]) -> dict[str, str]:
    """Predicate IRI → column name: the local name, or the compact IRI when two predicates share a local
    name (or it is a fixed column). pol: terms are named first, so they keep the short names."""
    names: dict[str, str] = {RDFS_LABEL: "label"}
    taken = set(NODE_FIXED)
    for p in sorted(set(predicates) - {RDFS_LABEL, RDF_TYPE}, key=lambda p: (not p.startswith(POL), p)):
        local = local_name(p)
        names[p] = local if local not in taken else compact(p)
        taken.add(names[p])
    return names


def one(values: list) -> str | int | float | bool:
    """One value as itself; several as their distinct texts, sorted and joined."""
    distinct = list(dict.fromkeys(values))
    if len(distinct) == 1:
        return distinct[0]
    return JOIN.join(sorted(str(v) for v in distinct))


def class_of(types: Iterable[str]) -> str:
    """The class key kg viz colours a node by (Plan, Task, Unit, …), else the local name of its first type."""
    types = sorted(types)
    key = class_key(set(types))
    return key if key != "Other" or not types else local_name(types[0])


def node_attributes(node_id: str, pairs: Iterable[tuple[str, ox.Term]], names: dict[str, str]) -> dict:
    """The columns of one node from its (predicate, object) pairs: literals and rdf:type only."""
    types: list[str] = []
    labels: list[str] = []
    values: dict[str, list] = defaultdict(list)
    for p, o in pairs:
        if p == RDF_TYPE:
            types.append(o.value)
        elif isinstance(o, ox.Literal):
            if p == RDFS_LABEL and plain(o):
                labels.append(o.value)
                continue
            key = names.get(p) or compact(p)
            values[key if plain(o) else f"{key}_{o.language}"].append(python_value(o))
    attrs: dict = {"label": display_label(node_id, labels, pairs), "class": class_of(types)}
    if types:
        attrs["types"] = JOIN.join(sorted({compact(t) for t in types}))
    attrs.update((k, one(v)) for k, v in sorted(values.items()))
    return attrs


def display_label(node_id: str, labels: list[str], pairs: Iterable[tuple[str, ox.Term]]) -> str:
    """What Gephi and Cytoscape show on a node: rdfs:label, else skos:prefLabel, dcterms:title, pol:docNumber,
    a target's indicator and value, any-language label, and last the IRI's final segment."""
    if labels:
        return JOIN.join(sorted(set(labels)))
    lits = [(p, o) for p, o in pairs if isinstance(o, ox.Literal)]
    for pred in (SKOS_PREF, DCT_TITLE, f"{POL}docNumber"):
        found = sorted({o.value for p, o in lits if p == pred and plain(o)})
        if found:
            return JOIN.join(found)
    target = target_label({p: o.value for p, o in lits})
    if target:
        return target
    other = sorted(o.value for p, o in lits if p in (RDFS_LABEL, SKOS_PREF))
    return other[0] if other else local_name(node_id)


def target_label(facts: dict[str, str]) -> str | None:
    """`PM2.5浓度 ≤ 44 微克/立方米` for a pol:Target (it has no label of its own)."""
    if f"{POL}indicator" not in facts:
        return None
    parts = [facts.get(f"{POL}{k}", "") for k in ("indicator", "comparator", "value", "unitOfMeasure")]
    return " ".join(p for p in parts if p).replace(" <=", " ≤").replace(" >=", " ≥")


def hierarchy(statements: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Term → every term above it (rdfs:subPropertyOf / subClassOf, followed transitively), from
    (sub, super) pairs: pol:leadUnit → {pol:involvesUnit, dcterms:relation}."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in statements:
        if sub != sup:
            direct[sub].add(sup)
    out = {}
    for term in direct:
        seen: set[str] = set()
        stack = list(direct[term])
        while stack:
            up = stack.pop()
            if up not in seen and up != term:
                seen.add(up)
                stack.extend(direct.get(up, ()))
        out[term] = frozenset(seen)
    return out


def asserted(pairs: Iterable[tuple[str, object]], supers: dict[str, frozenset[str]]) -> list[tuple[str, object]]:
    """Drop the (predicate, object) pairs a build infers from a more specific pair with the same object:
    pol:involvesUnit and dcterms:relation beside pol:leadUnit, eli:number beside pol:taskNumber, rdf:type
    prov:Entity beside pol:Task. Exports hold what the documents say; inferred copies would double every
    edge and column (the store and a JSON-LD dump keep them)."""
    pairs = list(dict.fromkeys(pairs))
    implied = {(up, o) for p, o in pairs if p != RDF_TYPE for up in supers.get(p, ())}
    implied |= {(RDF_TYPE, up) for p, o in pairs if p == RDF_TYPE for up in supers.get(o.value, ())}
    return [(p, o) for p, o in pairs if (p, o.value if p == RDF_TYPE else o) not in implied]


def uniform_types(rows: Iterable[dict]) -> None:
    """Make each column one type across all rows (in place): a column holding numbers and text (pol:value
    is 44 for one target and "IV" for another) becomes text, since GraphML and GEXF declare one type a column."""
    rows = list(rows)
    seen: dict[str, set[type]] = defaultdict(set)
    for r in rows:
        for k, v in r.items():
            seen[k].add(type(v))
    mixed = {k for k, ts in seen.items() if len(ts) > 1}
    for r in rows:
        for k in mixed & r.keys():
            r[k] = str(r[k])
