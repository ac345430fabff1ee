"""`kg stats` overview: what is in a build — nodes per class, triples per graph, agencies by load and
betweenness in the unit–task network. The analyses for papers (workload, co-responsibility, places,
calendar, comparison, lineage) are in `kg.explore.analytics`.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.explore.query import compact, run_local


@dataclass(frozen=True)
class Stats:
    classes: list[tuple[str, int]]
    graphs: list[tuple[str, int]]
    agencies: list[tuple[str, str, int, float]]  # label, jurisdiction, tasks, betweenness
    components: int


# The four role properties by name, not their super-property pol:involvesUnit: a build that materialises
# super-properties would otherwise match each assignment twice (harmless here, since edges are a set, but
# explicit is cheaper).
UNIT_TASK = """SELECT DISTINCT ?u ?label ?j ?t WHERE { ?t pol:leadUnit|pol:responsibleUnit|pol:participantUnit|
    pol:implementingUnit ?u . ?u rdfs:label ?label ; pol:jurisdiction/rdfs:label ?j }"""


def stats(store: ox.Store, top: int = 15) -> Stats:
    """Class and graph counts, and the `top` agencies of the unit–task network by degree then betweenness."""
    classes = [(compact(r[0].value), int(r[1].value)) for r in run_local(store, """SELECT ?c (COUNT(DISTINCT ?s) AS ?n)
        WHERE { ?s a ?c . FILTER(STRSTARTS(STR(?c), STR(pol:)) || ?c = prov:Derivation) } GROUP BY ?c ORDER BY DESC(?n) ?c""").rows]
    graphs = [(compact(r[0].value), int(r[1].value)) for r in run_local(store, """SELECT ?g (COUNT(*) AS ?n)
        WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g""").rows]
    g = nx.Graph()
    info = {}
    for u, label, j, t in run_local(store, UNIT_TASK).rows:
        g.add_edge(u.value, t.value)
        info[u.value] = (label.value, j.value)
    between = nx.betweenness_centrality(g) if len(g) else {}
    agencies = sorted(((info[u][0], info[u][1], g.degree(u), round(between.get(u, 0.0), 4)) for u in info),
                      key=lambda a: (-a[2], -a[3], a[0]))[:top]
    return Stats(classes, graphs, agencies, nx.number_connected_components(g) if len(g) else 0)
