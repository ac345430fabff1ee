"""Where nodes go before the browser sees them.

Small views (< PHYSICS_MAX nodes) let vis-network's physics lay them out in the page, then freeze it.
Views with rows (lineage: one row per government level and kind) get a layered layout computed here; the
overview gets one disc per jurisdiction (`clusters`).
Larger ones get positions computed here and the page's physics is off, so thousands of nodes draw at once:
networkx's spring layout below SPRING_MAX nodes; above, a backbone layout — spring-layout the few hundred
best-connected nodes (joined by the neighbours they share), then place every other node on a sunflower
spiral around the nodes it hangs from. That is linear in the edges, where a force layout is quadratic
per iteration (and networkx's sparse solver needs scipy, which the project does not carry).
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

import numpy as np

from kg.viz.model import ViewGraph

PHYSICS_MAX = 300
SPRING_MAX = 500
BACKBONE = 300
SPACING = 34.0  # pixels between neighbouring leaves
GOLDEN = math.pi * (3 - math.sqrt(5))


def mode(g: ViewGraph) -> str:
    """physics / layered (rows by level) / clusters (discs by jurisdiction, `clusters`) / fixed; all but
    physics have their positions computed here."""
    if g.layout in ("layered", "clusters"):
        return g.layout
    if g.layout == "fixed" or len(g.nodes) >= PHYSICS_MAX:
        return "fixed"
    return "physics"


def to_nx(g: ViewGraph):
    import networkx as nx  # here, not at the top: the overview's clusters and the lineage rows do without it

    G = nx.Graph()
    G.add_nodes_from(g.nodes)
    G.add_edges_from((e.source, e.target) for e in g.edges if e.source != e.target)
    return G


def apply(g: ViewGraph, seed: int = 7) -> str:
    """Decide the mode; for `fixed`, set x/y on every node. Returns the mode."""
    m = mode(g)
    if m == "layered":
        layered(g)
        return m
    if m == "clusters":
        from kg.viz import clusters

        clusters.apply(g, seed)
        return m
    if m != "fixed":
        return m
    if all(n.x is not None and n.y is not None for n in g.nodes.values()):
        return m
    G = to_nx(g)
    pos = spring(G, seed) if len(G) < SPRING_MAX else backbone(G, seed)
    for n, (x, y) in pos.items():
        g.nodes[n].x = round(float(x), 1)
        g.nodes[n].y = round(float(y), 1)
    return m


def spring(G, seed: int) -> dict:
    import networkx as nx

    pos = nx.spring_layout(G, seed=seed, iterations=80, method="force")
    scale = SPACING * 1.2 * math.sqrt(len(G))
    return {n: (p[0] * scale, p[1] * scale) for n, p in pos.items()}


def backbone(G, seed: int) -> dict:
    import networkx as nx

    rng = np.random.default_rng(seed)
    deg = dict(G.degree())
    core = [n for n in sorted(G, key=lambda n: (-deg[n], str(n))) if deg[n] >= 2][:BACKBONE]
    core_set = set(core)
    H = nx.Graph()
    H.add_nodes_from(core)
    for u, v in G.edges():
        if u in core_set and v in core_set:
            _bump(H, u, v, 2.0)
    for n in G:  # two hubs sharing a neighbour attract each other
        if n in core_set:
            continue
        hubs = [m for m in G[n] if m in core_set][:8]
        for u, v in combinations(hubs, 2):
            _bump(H, u, v, 1.0)
    placed: dict = {}
    if core:
        raw = nx.spring_layout(H, seed=seed, iterations=100, weight="weight", method="force")
        scale = SPACING * 0.9 * math.sqrt(len(G))
        placed = {n: np.array(p) * scale for n, p in raw.items()}
    # rings outward: each unplaced node joins the group of nodes hanging from the same placed nodes
    while True:
        groups: dict[tuple, list] = defaultdict(list)
        for n in G:
            if n in placed:
                continue
            anchors = tuple(sorted((m for m in G[n] if m in placed), key=str)[:4])
            if anchors:
                groups[anchors].append(n)
        if not groups:
            break
        for anchors, members in groups.items():
            centre = np.mean([placed[a] for a in anchors], axis=0)
            r0 = SPACING * (1.2 if len(anchors) == 1 else 0.4)
            turn = rng.uniform(0, 2 * math.pi)
            for i, n in enumerate(sorted(members, key=str)):
                r = r0 + SPACING * 0.55 * math.sqrt(i + 1)
                a = turn + i * GOLDEN
                placed[n] = centre + np.array([r * math.cos(a), r * math.sin(a)])
    rest = [n for n in G if n not in placed]
    if rest:
        _grid_components(G.subgraph(rest), placed, seed)
    return {n: (float(p[0]), float(p[1])) for n, p in placed.items()}


def _bump(H, u, v, w: float) -> None:
    if H.has_edge(u, v):
        H[u][v]["weight"] += w
    else:
        H.add_edge(u, v, weight=w)


def _grid_components(G, placed: dict, seed: int) -> None:
    """Components not reachable from the backbone: small layouts packed on shelves right of the rest."""
    import networkx as nx

    if placed:
        xs = np.array(list(placed.values()))
        x0, y0 = xs[:, 0].max() + 4 * SPACING, xs[:, 1].min()
        width = max(xs[:, 0].max() - xs[:, 0].min(), 20 * SPACING)
    else:
        x0 = y0 = 0.0
        width = SPACING * 8 * math.sqrt(len(G))
    x, y, shelf = x0, y0, 0.0
    for comp in sorted(nx.connected_components(G), key=len, reverse=True):
        r = SPACING * 0.8 * math.sqrt(len(comp)) if len(comp) > 1 else SPACING * 0.3
        if x > x0 and x + 2 * r > x0 + width:
            x, y, shelf = x0, y + shelf + SPACING, 0.0
        cx, cy = x + r, y + r
        if len(comp) == 1:
            placed[next(iter(comp))] = np.array([cx, cy])
        else:
            sub = G.subgraph(comp)
            raw = nx.spring_layout(sub, seed=seed, iterations=50, method="force") if len(comp) < SPRING_MAX \
                else nx.circular_layout(sub)
            for n, p in raw.items():
                placed[n] = np.array([cx + p[0] * r, cy + p[1] * r])
        x += 2 * r + SPACING
        shelf = max(shelf, 2 * r)


# ---- layered (lineage): rows given by node.level, order and x chosen here ---------------------------

ROW_GAP = 150.0
COLUMN = 100.0  # a 6-character-wide label (viz_render wraps layered labels at 6)
WEIGHT = {"wasDerivedFrom": 3.0, "hasTask": 1.0}


def layered(g: ViewGraph, iterations: int = 40) -> None:
    """x, y for a view whose nodes carry a row (`level`): each node is pulled to the weighted mean of its
    neighbours' x (derivations pull harder than has-task), then every row is projected back to its order
    with at least COLUMN between neighbours (the closest such placement, by pool-adjacent-violators), so
    derived tasks end up under their sources and documents over their tasks."""
    rows: dict[int, list[str]] = defaultdict(list)
    for n in sorted(g.nodes.values(), key=lambda n: _natural(n.label)):
        rows[n.level or 0].append(n.id)
    nbrs: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for e in g.edges:
        if e.source != e.target and g.nodes[e.source].level != g.nodes[e.target].level:
            w = WEIGHT.get(e.rel, 1.0)
            nbrs[e.source].append((e.target, w))
            nbrs[e.target].append((e.source, w))
    x = {}
    for ids in rows.values():
        for i, n in enumerate(ids):
            x[n] = (i - (len(ids) - 1) / 2) * COLUMN
    for _ in range(iterations):
        for r in sorted(rows):
            ids = rows[r]
            want = {n: (sum(x[m] * w for m, w in nbrs[n]) / sum(w for _, w in nbrs[n])) if nbrs[n] else x[n] for n in ids}
            ids.sort(key=lambda n: (want[n], x[n]))
            placed = _spread([want[n] for n in ids], COLUMN)
            for n, px in zip(ids, placed):
                x[n] = px
    mid = (min(x.values()) + max(x.values())) / 2 if x else 0.0
    for r, ids in rows.items():
        for n in ids:
            g.nodes[n].x = round(x[n] - mid, 1)
            g.nodes[n].y = round(r * ROW_GAP, 1)


def _spread(want: list[float], gap: float) -> list[float]:
    """The positions closest to `want` (least squares) keeping order and at least `gap` apart."""
    shifted = [w - i * gap for i, w in enumerate(want)]  # now only non-decreasing is required
    blocks: list[list[float]] = []  # [sum, count]
    for v in shifted:
        blocks.append([v, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out += [s / c] * int(c)
    return [v + i * gap for i, v in enumerate(out)]


def _natural(label: str) -> tuple:
    import re

    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", label))
