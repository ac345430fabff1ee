"""`kg stats`: what is in a build — nodes per class, triples per graph, agencies by load and betweenness."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.explore.query import compact, run_local


@dataclass
class Stats:
    classes: list[tuple[str, int]]
    graphs: list[tuple[str, int]]
    agencies: list[tuple[str, str, int, float]]  # label, jurisdiction, tasks, betweenness
    components: int


def stats(store: ox.Store, top: int = 15) -> Stats:
    classes = [(compact(r[0].value), int(r[1].value)) for r in run_local(store, """SELECT ?c (COUNT(DISTINCT ?s) AS ?n)
        WHERE { ?s a ?c . FILTER(STRSTARTS(STR(?c), STR(pol:)) || ?c = prov:Derivation) } GROUP BY ?c ORDER BY DESC(?n)""").rows]
    graphs = [(compact(r[0].value), int(r[1].value)) for r in run_local(store, """SELECT ?g (COUNT(*) AS ?n)
        WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g""").rows]
    rows = run_local(store, """SELECT ?u ?label ?j ?t WHERE { ?t pol:involvesUnit|pol:leadUnit|pol:responsibleUnit|
        pol:participantUnit|pol:implementingUnit ?u . ?u rdfs:label ?label ; pol:jurisdiction/rdfs:label ?j }""").rows
    g = nx.Graph()
    info = {}
    for u, label, j, t in rows:
        g.add_edge(u.value, t.value)
        info[u.value] = (label.value, j.value)
    between = nx.betweenness_centrality(g) if len(g) else {}
    agencies = sorted(((info[u][0], info[u][1], g.degree(u), round(between.get(u, 0.0), 4)) for u in info),
                      key=lambda a: (-a[2], -a[3], a[0]))[:top]
    return Stats(classes, graphs, agencies, nx.number_connected_components(g) if len(g) else 0)
