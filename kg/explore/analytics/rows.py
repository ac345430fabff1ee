"""The rows every analysis starts from, read from a build once: plans, agencies, obligations, mentions,
deadlines, task titles and derivations as frozen records, so that the analyses are pure functions of them.

Obligations are read from `pol:Obligation` nodes (task, unit, role), never from the role properties or their
super-property `pol:involvesUnit`, so a build that also materialises super-properties is not counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.explore.query import run_local
from kg.graph.iris import unslug

#: role IRI local name → the key used in JSON and in tests/gold/obligations (gold's names)
ROLES = {"Lead": "lead", "Responsible": "responsible", "Participant": "participant", "Implementer": "implementing"}
ROLE_ORDER = ("lead", "responsible", "participant", "implementing")
ROLE_ZH = {"lead": "牵头", "responsible": "负责", "participant": "参与配合", "implementing": "负责落实"}


@dataclass(frozen=True)
class Plan:
    iri: str
    stem: str
    title: str
    jurisdiction: str
    year: int | None
    tasks: int


@dataclass(frozen=True)
class Agency:
    iri: str
    name: str  # canonical name (skos:prefLabel), the last segment of the IRI
    label: str  # rdfs:label: the name as the corpus writes it
    jurisdiction: str
    function: str  # zh label of pol:function
    function_en: str


@dataclass(frozen=True)
class Duty:
    """One obligation: a unit bound to a task in one role (a unit may hold two roles in one task)."""

    plan: str
    task: str
    number: str
    unit: str
    role: str


@dataclass(frozen=True)
class Mention:
    plan: str
    task: str
    kind: str  # river / section
    iri: str
    label: str


@dataclass(frozen=True)
class Due:
    plan: str
    task: str
    number: str
    date: str  # YYYY-MM-DD


@dataclass(frozen=True)
class TaskTitle:
    plan: str
    task: str
    number: str
    title: str


@dataclass(frozen=True)
class Link:
    """An asserted task-level derivation: a plan's task carries down a task of an earlier plan."""

    plan: str
    number: str
    source_plan: str
    source_number: str
    score: float


@dataclass(frozen=True)
class Basis:
    """An asserted plan-level derivation (a corpus plan, or a directive the preamble cites)."""

    plan: str
    source: str
    label: str
    score: float
    method: str


@dataclass(frozen=True)
class Rows:
    plans: tuple[Plan, ...]
    agencies: tuple[Agency, ...]
    duties: tuple[Duty, ...]
    mentions: tuple[Mention, ...]
    dues: tuple[Due, ...]
    titles: tuple[TaskTitle, ...]
    links: tuple[Link, ...]
    bases: tuple[Basis, ...]


def stem_of(plan_iri: str) -> str:
    """The corpus stem a plan IRI was minted from (`id/plan/<slug(stem)>`)."""
    return unslug(plan_iri.rsplit("/plan/", 1)[1].split("/", 1)[0])


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    res = run_local(store, query, where="kg stats")
    return [{v: t.value for v, t in zip(res.variables, row) if t is not None} for row in res.rows]


def read_rows(store: ox.Store) -> Rows:
    """Everything the analyses need, in a handful of SELECTs (sorted, so every result is reproducible)."""
    return Rows(_plans(store), _agencies(store), _duties(store), _mentions(store), _dues(store),
                _titles(store), _links(store), _bases(store))


def _plans(store) -> tuple[Plan, ...]:
    q = """SELECT ?p ?t ?j (SAMPLE(?y) AS ?year) (COUNT(DISTINCT ?task) AS ?n) WHERE { ?p a pol:Plan ;
        dcterms:title ?t . OPTIONAL { ?p pol:jurisdiction/rdfs:label ?j } OPTIONAL { ?p pol:year ?y }
        OPTIONAL { ?p pol:hasTask ?task } } GROUP BY ?p ?t ?j"""
    out = [Plan(r["p"], stem_of(r["p"]), r["t"], r.get("j", ""), int(r["year"]) if "year" in r else None,
                int(r["n"])) for r in _select(store, q)]
    return tuple(sorted(out, key=lambda p: p.stem))


def _agencies(store) -> tuple[Agency, ...]:
    q = """SELECT ?u (SAMPLE(?n) AS ?name) (SAMPLE(?l) AS ?label) (SAMPLE(?j) AS ?jur) (SAMPLE(?fz) AS ?fzh)
        (SAMPLE(?fe) AS ?fen) WHERE { ?o a pol:Obligation ; pol:unit ?u . ?u rdfs:label ?l .
        OPTIONAL { ?u skos:prefLabel ?n } OPTIONAL { ?u pol:jurisdiction/rdfs:label ?j }
        OPTIONAL { ?u pol:function ?f . ?f skos:prefLabel ?fz . FILTER(LANG(?fz) = "zh") }
        OPTIONAL { ?u pol:function ?f2 . ?f2 skos:prefLabel ?fe . FILTER(LANG(?fe) = "en") } } GROUP BY ?u"""
    out = [Agency(r["u"], r.get("name", r["label"]), r["label"], r.get("jur", ""), r.get("fzh", "未分类"),
                  r.get("fen", "unclassified")) for r in _select(store, q)]
    return tuple(sorted(out, key=lambda a: a.iri))


def _duties(store) -> tuple[Duty, ...]:
    q = """SELECT DISTINCT ?p ?t ?n ?u ?r WHERE { ?o a pol:Obligation ; pol:task ?t ; pol:unit ?u ; pol:role ?r .
        ?p pol:hasTask ?t . ?t pol:taskNumber ?n }"""
    out = [Duty(stem_of(r["p"]), r["t"], r["n"], r["u"], ROLES.get(r["r"].rsplit("#", 1)[-1], "other"))
           for r in _select(store, q)]
    return tuple(sorted(out, key=lambda d: (d.plan, d.task, d.unit, d.role)))


def _mentions(store) -> tuple[Mention, ...]:
    q = """SELECT DISTINCT ?p ?t ?c ?e ?l WHERE { ?p pol:hasTask ?t . ?t pol:mentions ?e . ?e a ?c ; rdfs:label ?l .
        VALUES ?c { pol:River pol:Section } }"""
    out = [Mention(stem_of(r["p"]), r["t"], r["c"].rsplit("#", 1)[-1].lower(), r["e"], r["l"])
           for r in _select(store, q)]
    return tuple(sorted(out, key=lambda m: (m.plan, m.task, m.iri)))


def _dues(store) -> tuple[Due, ...]:
    q = "SELECT DISTINCT ?p ?t ?n ?d WHERE { ?p pol:hasTask ?t . ?t pol:deadline ?d ; pol:taskNumber ?n }"
    out = [Due(stem_of(r["p"]), r["t"], r["n"], r["d"][:10]) for r in _select(store, q)]
    return tuple(sorted(out, key=lambda d: (d.plan, d.date, d.task)))


def _titles(store) -> tuple[TaskTitle, ...]:
    q = """SELECT ?p ?t ?n (SAMPLE(?l) AS ?title) WHERE { ?p pol:hasTask ?t . ?t pol:taskNumber ?n .
        OPTIONAL { ?t dcterms:title ?l } } GROUP BY ?p ?t ?n"""
    out = [TaskTitle(stem_of(r["p"]), r["t"], r["n"], r.get("title", "")) for r in _select(store, q)]
    return tuple(sorted(out, key=lambda t: (t.plan, t.task)))


def _links(store) -> tuple[Link, ...]:
    q = """SELECT DISTINCT ?p ?n ?sp ?sn ?score WHERE { ?t prov:qualifiedDerivation ?d . ?d a prov:Derivation ;
        prov:entity ?s ; pol:score ?score . ?p pol:hasTask ?t . ?t pol:taskNumber ?n .
        ?sp pol:hasTask ?s . ?s pol:taskNumber ?sn }"""
    out = [Link(stem_of(r["p"]), r["n"], stem_of(r["sp"]), r["sn"], float(r["score"])) for r in _select(store, q)]
    return tuple(sorted(out, key=lambda k: (k.plan, k.source_plan, k.number, k.source_number)))


def _bases(store) -> tuple[Basis, ...]:
    q = """SELECT ?p ?s (COALESCE(SAMPLE(?t), SAMPLE(?l), SAMPLE(?n)) AS ?label) (SAMPLE(?score) AS ?sc)
        (SAMPLE(?m) AS ?method) WHERE { ?p a pol:Plan ; prov:qualifiedDerivation ?d . ?d prov:entity ?s ;
        pol:score ?score . OPTIONAL { ?d pol:method ?m } OPTIONAL { ?s dcterms:title ?t }
        OPTIONAL { ?s rdfs:label ?l } OPTIONAL { ?s pol:docNumber ?n } } GROUP BY ?p ?s"""
    out = [Basis(stem_of(r["p"]), r["s"], r.get("label", r["s"]), float(r["sc"]), r.get("method", ""))
           for r in _select(store, q)]
    return tuple(sorted(out, key=lambda b: (b.plan, b.source)))


_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def number_key(number: str) -> tuple[int, str]:
    """Task numbers in reading order: "9" < "10", "九" < "十" < "十一"."""
    if number.isdigit():
        return int(number), number
    if number and all(c in _ZH_DIGITS or c in "十百" for c in number):
        return _zh_int(number), number
    return 10**6, number


def _zh_int(text: str) -> int:
    total, digit = 0, 0
    for c in text:
        if c == "百":
            total, digit = total + max(digit, 1) * 100, 0
        elif c == "十":
            total, digit = total + max(digit, 1) * 10, 0
        else:
            digit = _ZH_DIGITS[c]
    return total + digit


def only_plans(rows: Rows, stems: set[str]) -> Rows:
    """The rows of these plans only. A derivation belongs to its derived plan; the task titles of the
    directives it derives from are kept too, so lineage can still count what a plan dropped."""
    keep = lambda seq: tuple(x for x in seq if x.plan in stems)  # noqa: E731
    used = {d.unit for d in rows.duties if d.plan in stems}
    sources = {k.source_plan for k in rows.links if k.plan in stems}
    return replace(rows, plans=tuple(p for p in rows.plans if p.stem in stems),
                   agencies=tuple(a for a in rows.agencies if a.iri in used), duties=keep(rows.duties),
                   mentions=keep(rows.mentions), dues=keep(rows.dues),
                   titles=tuple(t for t in rows.titles if t.plan in stems | sources),
                   links=keep(rows.links), bases=keep(rows.bases))
