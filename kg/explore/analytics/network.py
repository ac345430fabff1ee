"""The co-responsibility network: agencies linked when a task binds both (in any role), weighted by how
many tasks they share. Degree says with how many others an agency works, betweenness which agencies bridge
otherwise separate groups, and Louvain communities (fixed seed, so a paper's figure is reproducible) which
agencies habitually work together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from kg.explore.analytics.rows import Rows

SEED = 42  # Louvain is randomised; a fixed seed gives the same communities on every run


@dataclass(frozen=True)
class Node:
    iri: str
    name: str
    label: str
    jurisdiction: str
    tasks: int
    degree: int  # distinct co-responsible agencies
    strength: int  # shared tasks summed over all partners
    betweenness: float
    community: int


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    shared_tasks: int


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    communities: list[list[str]]  # agency IRIs, largest community first
    components: int
    modularity: float


def shared_tasks(rows: Rows) -> Counter:
    """(agency IRI, agency IRI) in sorted order → number of tasks that bind both."""
    units: dict[str, set[str]] = defaultdict(set)
    for d in rows.duties:
        units[d.task].add(d.unit)
    pairs: Counter = Counter()
    for members in units.values():
        pairs.update(combinations(sorted(members), 2))
    return pairs


def co_graph(rows: Rows) -> nx.Graph:
    """The weighted agency graph; every agency with an obligation is a node, even one that always works alone."""
    g = nx.Graph()
    tasks: dict[str, set[str]] = defaultdict(set)
    for d in rows.duties:
        tasks[d.unit].add(d.task)
    for a in rows.agencies:
        if a.iri in tasks:
            g.add_node(a.iri, name=a.name, label=a.label, jurisdiction=a.jurisdiction, tasks=len(tasks[a.iri]))
    for (a, b), n in sorted(shared_tasks(rows).items()):
        g.add_edge(a, b, weight=n)
    return g


def network(rows: Rows, seed: int = SEED) -> Network:
    """Degree, strength, betweenness (unweighted shortest paths, normalised) and Louvain communities."""
    g = co_graph(rows)
    if not len(g):
        return Network([], [], [], 0, 0.0)
    between = nx.betweenness_centrality(g)
    comms = nx.community.louvain_communities(g, weight="weight", seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    member = {u: k for k, c in enumerate(comms) for u in c}
    nodes = [Node(u, d["name"], d["label"], d["jurisdiction"], d["tasks"], g.degree(u),
                  int(g.degree(u, weight="weight")), round(between[u], 4), member[u])
             for u, d in g.nodes(data=True)]
    nodes.sort(key=lambda n: (-n.betweenness, -n.degree, n.jurisdiction, n.name))
    edges = sorted((Edge(a, b, d["weight"]) for a, b, d in g.edges(data=True)),
                   key=lambda e: (-e.shared_tasks, e.a, e.b))
    modularity = nx.community.modularity(g, comms, weight="weight")
    return Network(nodes, edges, comms, nx.number_connected_components(g), round(modularity, 4))
