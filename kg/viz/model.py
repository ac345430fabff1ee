"""The drawable graph a view produces: nodes with a class key, edges with a relation key, and page metadata.

Views fill a `ViewGraph` from SPARQL; the layout step may add positions; the renderer turns it into JSON
for the page. Everything taken from documents stays plain text here; the page inserts it with
`textContent`, never as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlanFacet:
    """What the page's plan / jurisdiction / year filters know of one plan."""

    label: str
    place: str | None = None  # its jurisdiction's label
    place_key: str | None = None  # its jurisdiction (IRI): sorts and groups the filter
    year: str | None = None


@dataclass
class Node:
    id: str  # the IRI (or a blank-node / synthetic id)
    label: str  # the full label; the page shortens long ones for drawing
    cls: str = "Other"  # a key of viz_style.CLASSES
    quote: str | None = None
    file: str | None = None
    span: tuple[int, int] | None = None
    info: list[tuple[str, str]] = field(default_factory=list)  # extra tooltip lines (name, value)
    size: float | None = None
    level: int | None = None  # layered layouts: the row
    x: float | None = None
    y: float | None = None
    place: str | None = None  # drawn before the label when another drawn node shares it (焦作 市生态环境局)
    group: str | None = None  # clustered layouts: the cluster (a jurisdiction IRI)
    plans: set[str] = field(default_factory=set)  # the plans this node belongs to, for the page's filters


@dataclass
class Edge:
    source: str
    target: str
    rel: str  # a key of viz_style.RELATIONS, or any string (styled from a palette)
    label: str | None = None  # drawn on the edge (e.g. a derivation score)
    quote: str | None = None
    file: str | None = None
    info: list[tuple[str, str]] = field(default_factory=list)
    weight: float | None = None  # aggregated edges: how many facts it stands for (drawn wider)
    summarises: str | None = None  # hidden while the page shows this node's expansion (it stands for it)


@dataclass
class ViewGraph:
    view: str
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    layout: str = "auto"  # auto (physics or precomputed by size) / layered (rows by level) / fixed
    notes: list[str] = field(default_factory=list)  # shown under the title (e.g. "truncated at 5000 nodes")
    bands: list[tuple[str, int, int]] = field(default_factory=list)  # layered: (name, first row, last row)
    relation_names: dict[str, str] = field(default_factory=dict)  # legend names for ad-hoc relations
    fonts: dict[str, int] = field(default_factory=dict)  # label size by class, overriding viz_style (small = on zoom)
    #: node id → (nodes, edges) the page adds when that node is clicked (a plan's tasks), drawn only on demand
    expand: dict[str, tuple[list[Node], list[Edge]]] = field(default_factory=dict)
    #: clustered layouts: cluster key → (name, parent cluster key or None); the layout adds `hulls`
    groups: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: frames drawn behind the clusters: (name, left, top, right, bottom, size of the name)
    hulls: list[tuple[str, float, float, float, float, float]] = field(default_factory=list)
    facets: dict[str, PlanFacet] = field(default_factory=dict)  # plan id → what the page's filters show of it

    def add_node(self, node: Node) -> Node:
        """Add a node, or merge into the one already there (keeping the first non-empty values)."""
        have = self.nodes.get(node.id)
        if have is None:
            self.nodes[node.id] = node
            return node
        for attr in ("quote", "file", "span", "size", "level", "place", "group"):
            if getattr(have, attr) is None and getattr(node, attr) is not None:
                setattr(have, attr, getattr(node, attr))
        if have.cls == "Other" and node.cls != "Other":
            have.cls = node.cls
        if (not have.label or have.label == have.id) and node.label:
            have.label = node.label
        have.info.extend(i for i in node.info if i not in have.info)
        have.plans |= node.plans
        return have

    def add_edge(self, edge: Edge) -> None:
        self.edges.append(edge)

    def dedupe_edges(self) -> None:
        seen: dict[tuple[str, str, str], Edge] = {}
        for e in self.edges:
            key = (e.source, e.target, e.rel)
            if key not in seen:
                seen[key] = e
            elif seen[key].quote is None and e.quote is not None:
                seen[key] = e
        self.edges = list(seen.values())

    def drop_dangling(self) -> None:
        self.edges = [e for e in self.edges if e.source in self.nodes and e.target in self.nodes]

    def degree(self) -> dict[str, int]:
        d = {n: 0 for n in self.nodes}
        for e in self.edges:
            d[e.source] = d.get(e.source, 0) + 1
            d[e.target] = d.get(e.target, 0) + 1
        return d
