"""Assemble the analyses a `kg stats` run asks for into one JSON-ready dict: the one shape that the JSON
output, the tables, the plots and the notebook all read, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import asdict

import pyoxigraph as ox

from kg.errors import InputError
import kg.explore.analytics.compare as compare
import kg.explore.analytics.lineage as lineage
import kg.explore.analytics.network as network
import kg.explore.analytics.places as places
import kg.explore.analytics.topics as topics
import kg.explore.analytics.workload as workload
from kg.explore.analytics.rows import ROLE_ORDER, ROLE_ZH, Rows, only_plans, read_rows, stem_of

SECTIONS = ("overview", "workload", "network", "places", "calendar", "compare", "lineage")


def analyse(store: ox.Store, sections: tuple[str, ...] = SECTIONS, plans: list[str] | None = None,
            jurisdiction: str | None = None, top: int = 15) -> dict:
    """Read the build once, narrow it to the chosen plans or jurisdiction, and compute `sections`."""
    rows = read_rows(store)
    stems = select_plans(store, rows, plans or [], jurisdiction)
    if stems is not None:
        rows = only_plans(rows, stems)
    out = report(rows, [s for s in sections if s != "overview"])
    out["filters"] = {"plans": sorted(stems) if stems is not None else None, "jurisdiction": jurisdiction}
    if "overview" in sections:
        from kg.explore.stats import stats

        s = stats(store, top)
        out["overview"] = {"classes": dict(s.classes), "graphs": dict(s.graphs), "components": s.components,
                           "agencies": [dict(zip(("label", "jurisdiction", "tasks", "betweenness"), a))
                                        for a in s.agencies]}
    return out


def select_plans(store: ox.Store, rows: Rows, plans: list[str], jurisdiction: str | None) -> set[str] | None:
    """The plan stems `--plan` (file stem or its prefix, title words, or IRI) and `--jurisdiction` (a label)
    select; None when neither is given. A value that selects nothing, or several plans, is an input error
    naming the choices."""
    if not plans and not jurisdiction:
        return None
    stems = {p.stem for p in rows.plans}
    if plans:
        stems &= {_one_plan(rows, text) for text in plans}
    if jurisdiction:
        known = sorted({p.jurisdiction for p in rows.plans if p.jurisdiction})
        if jurisdiction not in known:
            raise InputError("--jurisdiction", f"no plan of {jurisdiction!r} in this build; jurisdictions: "
                             + ", ".join(known))
        stems &= {p.stem for p in rows.plans if p.jurisdiction == jurisdiction}
        if not stems:
            raise InputError("--jurisdiction", f"none of the chosen plans is in {jurisdiction}")
    return stems


def _one_plan(rows: Rows, text: str) -> str:
    """One plan of the build (only plans: a directive's title never makes `--plan` ambiguous)."""
    from kg.explore.find import expand, one

    full = expand(text, "--plan")
    stem = text.strip().removesuffix(".txt")
    found = ([p for p in rows.plans if p.iri == full] if full else
             [p for p in rows.plans if p.stem == stem] or [p for p in rows.plans if p.stem.startswith(stem)]
             or [p for p in rows.plans if all(w in p.title for w in text.split())])
    if not found:
        listed = "; ".join(f"{p.stem} {p.title}" for p in rows.plans)[:400]
        raise InputError("--plan", f"no plan matches {text!r} (by file stem, title words or IRI); plans: {listed}")
    return stem_of(one("--plan", text, [(p.iri, p.title) for p in found], "plan"))


def report(rows: Rows, sections: list[str]) -> dict:
    """The chosen sections as plain dicts and lists; `plans` (per-plan counts) always."""
    out: dict = {"roles": {r: ROLE_ZH[r] for r in ROLE_ORDER},
                 "plans": [asdict(p) for p in workload.plan_load(rows)]}
    builders = {"workload": _workload, "network": _network, "places": _places, "calendar": _calendar,
                "compare": _compare, "lineage": _lineage}
    for name in sections:
        out[name] = builders[name](rows)
    return out


def _workload(rows: Rows) -> dict:
    return {"agencies": [asdict(a) for a in workload.agency_load(rows)],
            "by_function": {"jurisdiction": [asdict(g) for g in workload.function_load(rows, "jurisdiction")],
                            "plan": [asdict(g) for g in workload.function_load(rows, "plan")]}}


def _network(rows: Rows) -> dict:
    net = network.network(rows)
    name = {n.iri: n.name for n in net.nodes}
    label = {n.iri: n.label for n in net.nodes}
    where = {n.iri: n.jurisdiction for n in net.nodes}
    return {"seed": network.SEED, "components": net.components, "modularity": net.modularity,
            "nodes": [asdict(n) for n in net.nodes],
            "edges": [{"a": e.a, "b": e.b, "a_name": name[e.a], "b_name": name[e.b], "shared_tasks": e.shared_tasks}
                      for e in net.edges],
            "communities": [[{"iri": u, "label": label[u], "jurisdiction": where[u]} for u in c]
                            for c in net.communities]}


def _places(rows: Rows) -> dict:
    return {"rivers": [asdict(p) for p in places.places(rows, "river")],
            "sections": [asdict(p) for p in places.places(rows, "section")]}


def _calendar(rows: Rows) -> list[dict]:
    return [asdict(m) for m in places.calendar(rows)]


def _compare(rows: Rows) -> dict:
    profs = compare.profiles(rows)
    return {"topics": {tid: {"zh": topics.ZH[tid], "en": topics.EN[tid]} for tid in topics.ORDER},
            "profiles": [asdict(p) for p in profs],
            "differences": [asdict(d) for d in compare.differences(profs)]}


def _lineage(rows: Rows) -> dict:
    return {"pairs": [asdict(p) for p in lineage.pair_lineage(rows)],
            "cited": [asdict(c) for c in lineage.cited_bases(rows)]}
