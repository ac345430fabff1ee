"""Find the node a researcher means: a plan by file stem or title words, a task by plan and number or
title words, any node by label or IRI. Nothing found or more than one → InputError naming the candidates."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.bind import expand_prefixed, valid_iri
from kg.explore.query import compact
from kg.numerals import number_value
from kg.viz.sparql import rows

ID_NS = "https://w3id.org/policy-kg/id/"
MAX_LISTED = 8
DOC_CLASSES = "pol:Plan pol:Directive pol:PolicyDocument pol:Standard"


def lit(text: str) -> str:
    """A SPARQL string literal (JSON string escapes are valid SPARQL escapes)."""
    return json.dumps(text, ensure_ascii=False)


def expand(text: str, where: str = "IRI") -> str | None:
    """A full IRI for `http…`, `<…>`, `id:…` or `pol:…`-style input, validated as an IRI before it is ever
    put between < and > in a query; None for plain words."""
    t = text.strip()
    if t.startswith("<") and t.endswith(">"):
        return valid_iri(t[1:-1], where)
    if re.match(r"^(https?|urn):", t):
        return valid_iri(t, where)
    full = expand_prefixed(t)
    return valid_iri(full, where) if full else None


def exists(store: ox.Store, iri: str, classes: str | None = None) -> bool:
    cond = f"<{iri}> a ?c VALUES ?c {{ {classes} }}" if classes else f"{{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }}"
    return bool(rows(store, f"SELECT * WHERE {{ {cond} }} LIMIT 1"))


def one(where: str, text: str, found: list[tuple[str, str]], what: str) -> str:
    """The single candidate, or an error listing them (label <IRI>)."""
    uniq = list(dict.fromkeys(found))
    if len(uniq) == 1:
        return uniq[0][0]
    if not uniq:
        raise InputError(where, f"no {what} matches {text!r}")
    listed = "; ".join(f"{label} {compact(iri)}" for iri, label in uniq[:MAX_LISTED])  # as it pastes back
    more = f"; … and {len(uniq) - MAX_LISTED} more" if len(uniq) > MAX_LISTED else ""
    raise InputError(where, f"{text!r} is ambiguous ({len(uniq)} {what}s): {listed}{more}")


def words_filter(var: str, text: str) -> str:
    return " && ".join(f"CONTAINS(STR({var}), {lit(w)})" for w in text.split())


def find_plan(store: ox.Store, text: str, where: str = "--plan") -> str:
    full = expand(text, where)
    if full:
        if not exists(store, full, DOC_CLASSES):
            raise InputError(where, f"{text}: not found (no plan or policy document with this IRI in this build)")
        return full
    stem = text.strip().removesuffix(".txt")
    q = f"""SELECT DISTINCT ?d ?t ?f WHERE {{ ?d a ?c VALUES ?c {{ {DOC_CLASSES} }}
        OPTIONAL {{ ?d dcterms:title ?t }} OPTIONAL {{ ?d pol:sourceFile ?f }} }}"""
    docs = rows(store, q)
    exact = [(r["d"], r.get("t", r["d"])) for r in docs if r.get("f", "").removesuffix(".txt") == stem]
    if exact:
        return one(where, text, exact, "plan")
    by_stem = [(r["d"], r.get("t", r["d"])) for r in docs if r.get("f", "").startswith(stem)]
    if by_stem:
        return one(where, text, by_stem, "plan")
    words = text.split()
    by_title = [(r["d"], r["t"]) for r in docs if r.get("t") and all(w in r["t"] for w in words)]
    if not by_title:
        known = "; ".join(f"{r.get('f', '?').removesuffix('.txt')} {r.get('t', '')}" for r in docs if r.get("f"))[:400]
        raise InputError(where, f"no plan matches {text!r} (by file stem or title words); plans: {known}")
    return one(where, text, by_title, "plan")


def find_task(store: ox.Store, text: str, where: str = "--task") -> str:
    full = expand(text, where)
    if full:
        if not exists(store, full, "pol:Task"):
            raise InputError(where, f"{text}: not found (no task with this IRI in this build)")
        return full
    parts = re.split(r"[\s#:]+", text.strip())
    if len(parts) >= 2:  # "PLAN NUMBER": a plan by stem or title words, then its task number
        try:
            plan = find_plan(store, " ".join(parts[:-1]), where)
        except InputError:
            plan = None
        if plan:
            hits = tasks_numbered(store, plan, parts[-1])
            if len(hits) == 1:
                return hits[0]
    q = f"""SELECT DISTINCT ?s ?l ?where WHERE {{ ?s a pol:Task . {{ ?s dcterms:title ?l }} UNION {{ ?s rdfs:label ?l }}
        FILTER({words_filter('?l', text)}) {HINT} }}"""
    found = [(r["s"], _hinted(r)) for r in rows(store, q)]
    by_task: dict[str, str] = {}
    for t, label in found:
        by_task.setdefault(t, label)
    return one(where, text, list(by_task.items()), "task")


def tasks_numbered(store: ox.Store, plan: str, number: str) -> list[str]:
    """The plan's tasks whose number is `number` in either numeral system: 003:9 and 003:九 are one task,
    as are 000:十二 and 000:12 (a number that is no numeral is compared as printed)."""
    want = number.strip("()（）.、．")
    value = number_value(want)
    found = rows(store, f"SELECT ?t ?n WHERE {{ <{plan}> pol:hasTask ?t . ?t pol:taskNumber ?n }}")
    return [r["t"] for r in found if r["n"] == want or (value is not None and number_value(r["n"]) == value)]


LABEL_PREDICATES = "rdfs:label skos:prefLabel dcterms:title"
#: where a candidate belongs (its jurisdiction, or its plan), to tell same-named candidates apart
HINT = """OPTIONAL { { ?s pol:jurisdiction/rdfs:label ?where } UNION { ?doc pol:hasTask ?s . ?doc pol:sourceFile ?where } }"""


def _hinted(r: dict[str, str]) -> str:
    return f"{r['l']} ({r['where']})" if r.get("where") else r["l"]


def find_node(store: ox.Store, text: str, where: str = "NODE") -> str:
    """Any node by IRI, exact label (rdfs:label, skos:prefLabel, dcterms:title), or else label substring."""
    full = expand(text, where)
    if full:
        if not exists(store, full):
            raise InputError(where, f"{text}: not found (no node with this IRI in this build)")
        return full
    needle = text.strip()
    q = f"""SELECT DISTINCT ?s ?l ?where WHERE {{ ?s ?p ?l VALUES ?p {{ {LABEL_PREDICATES} }} FILTER(isIRI(?s) && STR(?l) = {lit(needle)})
        FILTER(STRSTARTS(STR(?s), {lit(ID_NS)})) {HINT} }}"""
    exact = [(r["s"], _hinted(r)) for r in rows(store, q)]
    if exact:
        return one(where, text, exact, "node")
    q = f"""SELECT DISTINCT ?s ?l ?where WHERE {{ ?s ?p ?l VALUES ?p {{ {LABEL_PREDICATES} }} FILTER(isIRI(?s) && CONTAINS(STR(?l), {lit(needle)}))
        FILTER(STRSTARTS(STR(?s), {lit(ID_NS)})) {HINT} }} ORDER BY STRLEN(STR(?l))"""
    partial: dict[str, str] = {}
    for r in rows(store, q):
        partial.setdefault(r["s"], _hinted(r))
    return one(where, text, list(partial.items()), "node")
