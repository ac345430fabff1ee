"""`kg viz`: a build (or a SPARQL question about it) → one self-contained, offline, interactive HTML network.

    build_view(store, "overview")                      → ViewGraph
    write_view(graph, Path("build/viz/overview.html"))  → the path (layout decided and applied here)

Views: overview, agencies, lineage (for a plan or a task), river, ego (a node and its N-hop
neighbourhood), query (any CONSTRUCT or SELECT).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.viz.model import ViewGraph

VIEWS = ("overview", "agencies", "lineage", "river", "ego", "query")


def build_view(store: ox.Store, view: str, *, node: str | None = None, depth: int = 1,
               plan: str | None = None, task: str | None = None, query: str | None = None,
               tasks: bool = False) -> ViewGraph:
    """The view's graph, its nodes annotated with their plans (filters) and, where names collide, places."""
    from kg.viz.annotate import annotate
    from kg.viz.words import warm_up

    warm_up()  # the label wrapper's dictionary loads while the store answers
    g = _assemble(store, view, node=node, depth=depth, plan=plan, task=task, query=query, tasks=tasks)
    annotate(store, g)
    if not g.nodes:
        g.notes.append("这个视图在此构建中没有数据 (no data for this view in this build)")
    return g


def _assemble(store: ox.Store, view: str, *, node: str | None, depth: int, plan: str | None, task: str | None,
              query: str | None, tasks: bool) -> ViewGraph:
    from kg.explore import find as viz_find

    if view == "overview":
        from kg.viz.overview import overview

        g = overview(store, tasks=tasks)
    elif view == "agencies":
        from kg.viz.views import agencies

        g = agencies(store)
    elif view == "river":
        from kg.viz.views import river

        g = river(store)
    elif view == "lineage":
        from kg.viz.lineage import lineage

        if plan and task:
            raise InputError("lineage", "give --plan or --task, not both")
        p = viz_find.find_plan(store, plan) if plan else None
        t = viz_find.find_task(store, task) if task else None
        g = lineage(store, plan=p, task=t, plan_title=_label(store, p), task_title=_label(store, t))
    elif view == "ego":
        from kg.viz.ego import ego

        if not node:
            raise InputError("ego", "name a node: kg viz ego NODE [--depth N] (a label or an IRI)")
        if depth < 0:
            raise InputError("--depth", "must be 0 or more")
        center = viz_find.find_node(store, node)
        g = ego(store, center, depth, center_label=_label(store, center))
    elif view == "query":
        from kg.viz.query import query_view

        if not query:
            raise InputError("--query", "give a SPARQL CONSTRUCT or SELECT, or a .rq file")
        g = query_view(store, query)
    else:
        raise InputError(view, f"no such view; views: {', '.join(VIEWS)}")
    return g


def _label(store: ox.Store, iri: str | None) -> str:
    if not iri:
        return ""
    from kg.viz.sparql import rows

    r = rows(store, f"""SELECT ?l WHERE {{ {{ <{iri}> rdfs:label ?l }} UNION {{ <{iri}> dcterms:title ?l }} }} LIMIT 1""")
    return r[0]["l"] if r else ""


def default_path(build: Path, view: str, *, node: str | None = None, plan: str | None = None,
                 task: str | None = None) -> Path:
    """build/viz/<view>[-<what>].html"""
    what = node or plan or task
    name = view if not what else f"{view}-{_slug(what)}"
    return build / "viz" / f"{name}.html"


def _slug(text: str) -> str:
    s = re.sub(r"[^\w\u3400-\u9fff]+", "-", text.strip()).strip("-")
    return s[:48] or "node"


def write_view(g: ViewGraph, path: Path) -> Path:
    from kg.viz import layout as viz_layout, render as viz_render

    mode = viz_layout.apply(g)
    return viz_render.write(g, mode, path)
