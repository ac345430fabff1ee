"""The `clusters` layout: one frame per jurisdiction, plans as hubs, no two labels overlapping.

A force layout of a whole corpus is one blob with agencies flung far off. Here every node has a cluster
(`Node.group`, a jurisdiction; `ViewGraph.groups` says which jurisdiction each is part of), and:

1. inside a cluster the hubs (plans, the jurisdiction) are packed apart, each as large as what hangs from it
   alone; then every other node, largest box first, takes the free spot nearest where it wants to be — the
   middle of the hubs it joins, or its one hub — so an agency of three plans sits between them and an
   agency of one plan around it. A box is the node's shape and its wrapped label: labels never overlap;
2. a plan's tasks are its satellites, on a ring around it (the plan's box reserves that ring), whether they
   are drawn or wait in the page for a click;
3. the clusters' frames are packed, parents first, each as near its parent jurisdiction's frame as keeps
   the whole drawing smallest in a 16:10 window; the frames' names get one size, readable when a hundred
   plans are fitted to the window.

The frames go to `ViewGraph.hulls`; the page draws them behind the network, named.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache

import numpy as np

from kg.viz.labels import all_labels, drawn_label, prepare, text_width
from kg.viz.model import Node, ViewGraph
from kg.viz.style import CLASSES

GAP = 36.0  # between discs
GOLDEN = math.pi * (3 - math.sqrt(5))
HUBS = ("Plan", "Jurisdiction")
PAD = 18.0  # inside a disc, around its content
TASK_STEP = 20.0  # arc between two satellite tasks
SPIRAL = 7.0  # pixels between the turns of the spiral of candidate spots
RINGS = ((0, 150), (150, 500), (500, 1500), (1500, 5000), (5000, 20000))  # tried in turn, nearest first
ASPECT = 1.6
LINE_HEIGHT = 1.25
OTHER = "跨辖区 across jurisdictions"


def footprint(node: Node, fonts: dict[str, int], wrap: tuple[int, int] = (12, 2)) -> tuple[float, float, float]:
    """(half width, height above the node's centre, height below it) of the shape and its label under it."""
    st = CLASSES.get(node.cls, CLASSES["Other"])
    size = node.size or st["size"]
    font = fonts.get(node.cls, st["font"])
    lines = drawn_label(node.label, node.place, *wrap).split("\n")
    label_w = max(text_width(line) for line in lines) * font
    return max(size, label_w / 2) + 3, size + 3, size + 5 + len(lines) * font * LINE_HEIGHT


def satellites(n: int) -> float:
    """The radius of the ring that holds n tasks around their plan."""
    return max(46.0, n * TASK_STEP / (2 * math.pi)) if n else 0.0


def apply(g: ViewGraph, seed: int = 7) -> None:
    """x, y for every node (and every node waiting in `expand`), and the frames in `g.hulls`."""
    moons = _moons(g)
    prepare(all_labels(g))  # the words of every label, once
    members: dict[str | None, list[str]] = defaultdict(list)
    for n in g.nodes.values():
        if n.id not in moons["of"]:
            members[n.group if n.group in g.groups else None].append(n.id)
    order = _tree_order(g, members)
    links: dict[str, set[str]] = defaultdict(set)
    for e in g.edges:
        links[e.source].add(e.target)
        links[e.target].add(e.source)
    frames = [_frame(g, members[j], moons, links) for j in order]
    index = {j: i for i, j in enumerate(order)}
    parents = [_nearest_drawn(g, j, set(order)) for j in order]
    near = [index[p] if p is not None else None for p in parents]
    named = [any(g.nodes[n].cls != "Jurisdiction" for n in members[j]) for j in order]  # a lone jurisdiction: no frame
    title = title_size(pack_rects([(w, h) for _, w, h in frames], near), [(w, h) for _, w, h in frames])
    names = [g.groups[j][0] if j in g.groups else OTHER for j in order]
    sizes = [(max(w, (text_width(names[i]) + 1) * title) if named[i] else w, h + (title * 1.4 if named[i] else 0))
             for i, (_, w, h) in enumerate(frames)]
    centres = pack_rects(sizes, near)
    hulls = []
    for i, (j, (pos, _, _), c) in enumerate(zip(order, frames, centres)):
        w, h = sizes[i]
        shift = np.array([c[0], c[1] + (title * 0.7 if named[i] else 0)])
        for n, p in pos.items():
            g.nodes[n].x, g.nodes[n].y = round(float(p[0] + shift[0]), 1), round(float(p[1] + shift[1]), 1)
        if named[i]:
            hulls.append((names[i], *(round(float(v), 1) for v in (c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2)),
                          round(title, 1)))
    _place_moons(g, moons)
    g.hulls = hulls


def title_size(centres: list[np.ndarray], sizes: list[tuple[float, float]]) -> float:
    """One size for the frames' names, in canvas pixels: about 14 screen pixels once the whole drawing is
    fitted to a 1300 × 850 window, so a hundred plans' jurisdictions can be read at a glance."""
    if not centres:
        return 16.0
    c, wh = np.array(centres), np.array(sizes) / 2
    extent = (c + wh).max(axis=0) - (c - wh).min(axis=0)
    scale = min(1300 / max(extent[0], 1.0), 850 / max(extent[1], 1.0), 1.6)
    return float(max(16.0, 14.0 / scale))


def _tree_order(g: ViewGraph, members) -> list:
    """Clusters with something in them, parents before children (depth first), so packing keeps them close."""
    kids: dict[str | None, list[str]] = defaultdict(list)
    for j, (_, up) in g.groups.items():
        kids[up if up in g.groups else None].append(j)
    out: list = []

    def walk(j):
        if members.get(j):
            out.append(j)
        for k in sorted(kids.get(j, [])):
            walk(k)

    for root in sorted(kids[None]):
        walk(root)
    if members.get(None):
        out.append(None)
    return out


def _nearest_drawn(g: ViewGraph, j, drawn: set):
    up = g.groups.get(j, ("", None))[1] if j is not None else None
    while up is not None and up not in drawn:
        up = g.groups.get(up, ("", None))[1]
    return up


def _moons(g: ViewGraph) -> dict:
    """Tasks of a drawn plan (drawn now or on demand) → that plan; plan → its tasks, in order."""
    of, by_plan = {}, defaultdict(list)
    for plan, (nodes, _) in g.expand.items():
        for n in nodes:
            of[n.id] = plan
            by_plan[plan].append(n)
    for e in g.edges:
        if e.rel == "hasTask" and e.target in g.nodes and g.nodes[e.target].cls == "Task" and e.source in g.nodes:
            if e.target not in of:
                of[e.target] = e.source
                by_plan[e.source].append(g.nodes[e.target])
    for tasks in by_plan.values():
        tasks.sort(key=lambda n: _natural(n.label))
    return {"of": of, "by_plan": by_plan}


def _natural(label: str) -> tuple:
    import re

    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", label) if t)


def _frame(g: ViewGraph, ids: list[str], moons, links: dict[str, set[str]]) -> tuple[dict[str, np.ndarray], float, float]:
    """One cluster laid out around (0, 0): its hubs (plans, the jurisdiction) packed apart, then every other
    node in the free spot nearest the hub it hangs from (or the middle of the hubs it joins), larger boxes
    first. Returns the positions (centred) and the frame's width and height."""
    boxes = np.array([_box(g, n, moons) for n in ids])
    want, order = _wishes(g, ids, boxes, links)
    pos = place_free(want, boxes, order)
    lo = np.array([(pos[:, 0] - boxes[:, 0]).min(), (pos[:, 1] - boxes[:, 1]).min()])
    hi = np.array([(pos[:, 0] + boxes[:, 0]).max(), (pos[:, 1] + boxes[:, 2]).max()])
    w, h = hi - lo + 2 * PAD
    centre = (lo + hi) / 2
    return {n: pos[i] - centre for i, n in enumerate(ids)}, float(w), float(h)


def _wishes(g: ViewGraph, ids: list[str], boxes: np.ndarray, links: dict[str, set[str]]) -> tuple[np.ndarray, list[int]]:
    """Where each node would like to be, and the order they are placed in (hubs, then by size)."""
    inside = {n: i for i, n in enumerate(ids)}
    hubs = [n for n in ids if g.nodes[n].cls in HUBS] or [ids[0]]
    hub_set = set(hubs)
    anchors = {n: links.get(n, set()) & hub_set for n in ids if n not in hub_set}
    area = boxes[:, 0] * 2 * (boxes[:, 1] + boxes[:, 2])
    alone: dict[str, float] = defaultdict(float)
    for n in ids:
        if n not in hub_set and len(anchors[n]) == 1:
            alone[next(iter(anchors[n]))] += area[inside[n]]
    hubs.sort(key=lambda h: -alone[h])
    radii = [max(boxes[inside[h], 0], boxes[inside[h], 2]) + 0.8 * math.sqrt(alone[h] / math.pi) for h in hubs]
    want = np.zeros((len(ids), 2))
    for h, c in zip(hubs, pack(radii)):
        want[inside[h]] = c
    rest = [n for n in ids if n not in hub_set]
    for n in rest:
        if anchors[n]:
            want[inside[n]] = np.mean([want[inside[h]] for h in sorted(anchors[n])], axis=0)
    rest.sort(key=lambda n: (len(anchors[n]) == 1, -area[inside[n]], n))  # shared ones between the hubs first
    return want, [inside[h] for h in hubs] + [inside[n] for n in rest]


def _box(g: ViewGraph, ident: str, moons) -> tuple[float, float, float]:
    """A node's footprint; a plan's grows to hold the ring of its tasks."""
    half_w, up, down = footprint(g.nodes[ident], g.fonts)
    ring = satellites(len(moons["by_plan"].get(ident, [])))
    if ring:
        reach = ring + 14
        half_w, up, down = max(half_w, reach), max(up, reach), max(down, reach + 12)
    return half_w, up, down


def place_free(want: np.ndarray, boxes: np.ndarray, order: list[int], margin: float = 4.0) -> np.ndarray:
    """Each node in `order` goes to the free spot nearest where it wants to be: candidates on a sunflower
    spiral around that point, tried in rings outward, the first whose box (half width, height above, height
    below) overlaps no box placed before. Deterministic, never overlapping, as tight as the boxes allow."""
    pos = want.astype(float).copy()
    done: list[int] = []
    spiral = _spiral()
    for i in order:
        if done:
            P, B = pos[done], boxes[done]
            for lo, hi in RINGS:
                cand = want[i] + spiral[lo:hi]
                dx = np.abs(cand[:, None, 0] - P[None, :, 0]) < boxes[i, 0] + B[None, :, 0] + margin
                top, bottom = cand[:, None, 1] - boxes[i, 1], cand[:, None, 1] + boxes[i, 2]
                dy = (top < P[None, :, 1] + B[None, :, 2] + margin) & (bottom > P[None, :, 1] - B[None, :, 1] - margin)
                free = ~(dx & dy).any(axis=1)
                if free.any():
                    pos[i] = cand[int(np.argmax(free))]
                    break
        done.append(i)
    return pos


@lru_cache(maxsize=1)
def _spiral() -> np.ndarray:
    """Offsets on a sunflower spiral, SPIRAL pixels between turns, out to about 1,000 pixels (beyond, a node
    keeps the spot it wanted)."""
    k = np.arange(0, RINGS[-1][1], dtype=float)
    return np.stack([np.cos(k * GOLDEN), np.sin(k * GOLDEN)], axis=1) * (SPIRAL * np.sqrt(k))[:, None]


def pack(radii: list[float]) -> list[np.ndarray]:
    """Centres for discs of these radii, GAP apart: biggest first, each goes to the free spot touching a
    placed disc that keeps the bounding box of all smallest in a 16:10 window."""
    if not radii:
        return []
    order = sorted(range(len(radii)), key=lambda i: -radii[i])
    centres: dict[int, np.ndarray] = {order[0]: np.zeros(2)}
    angles = np.linspace(0, 2 * math.pi, 48, endpoint=False)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    for i in order[1:]:
        placed = list(centres)
        pc = np.array([centres[k] for k in placed])
        pr = np.array([radii[k] for k in placed])
        cands = np.concatenate([centres[k] + ring * (radii[k] + radii[i] + GAP) for k in placed])
        dist = np.hypot(cands[:, None, 0] - pc[None, :, 0], cands[:, None, 1] - pc[None, :, 1])
        free = (dist >= pr[None, :] + radii[i] + GAP - 1e-6).all(axis=1)
        lo = np.minimum((pc - pr[:, None]).min(axis=0)[None], cands - radii[i])
        hi = np.maximum((pc + pr[:, None]).max(axis=0)[None], cands + radii[i])
        cost = np.maximum((hi[:, 0] - lo[:, 0]) / ASPECT, hi[:, 1] - lo[:, 1]) + 0.01 * np.hypot(cands[:, 0], cands[:, 1])
        cost[~free] = np.inf
        centres[i] = cands[int(np.argmin(cost))]
    return [centres[i] for i in range(len(radii))]


def pack_rects(sizes: list[tuple[float, float]], near: list[int | None]) -> list[np.ndarray]:
    """Centres for rectangles (width, height), GAP apart, in the order given: each goes to the free spot
    beside a placed one that keeps the whole smallest in a 16:10 window, and, among such, nearest the
    rectangle `near[i]` names (its parent jurisdiction's)."""
    if not sizes:
        return []
    boxes = [np.array([-sizes[0][0] / 2, -sizes[0][1] / 2, sizes[0][0] / 2, sizes[0][1] / 2])]
    extent = boxes[0].copy()
    for i, (w, h) in enumerate(sizes[1:], start=1):
        placed = np.array(boxes)
        x0, y0, x1, y1 = placed.T
        lefts = np.concatenate([x1 + GAP, x1 + GAP, x0, x1 - w, x0 - GAP - w, x0 - GAP - w, x0, x1 - w])
        tops = np.concatenate([y0, y1 - h, y1 + GAP, y1 + GAP, y0, y1 - h, y0 - GAP - h, y0 - GAP - h])
        cands = np.stack([lefts, tops, lefts + w, tops + h], axis=1)
        ux0, uy0 = np.minimum(cands[:, 0], extent[0]), np.minimum(cands[:, 1], extent[1])
        ux1, uy1 = np.maximum(cands[:, 2], extent[2]), np.maximum(cands[:, 3], extent[3])
        cost = np.maximum((ux1 - ux0) / ASPECT, uy1 - uy0)
        if near[i] is not None:
            p = boxes[near[i]]
            cost = cost + 0.25 * np.hypot((cands[:, 0] + cands[:, 2] - p[0] - p[2]) / 2, (cands[:, 1] + cands[:, 3] - p[1] - p[3]) / 2)
        best = cands[_first_free(cands, np.argsort(cost, kind="stable"), placed)]
        boxes.append(best)
        extent = np.array([min(extent[0], best[0]), min(extent[1], best[1]), max(extent[2], best[2]), max(extent[3], best[3])])
    return [np.array([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]) for b in boxes]


def _first_free(cands: np.ndarray, order: np.ndarray, placed: np.ndarray, chunk: int = 32) -> int:
    """The first candidate in `order` (cheapest first) that overlaps no placed box (GAP apart): the same one
    the argmin of the cost over all free candidates gives, found by testing a chunk at a time instead of every
    candidate against every box (that was cubic in the number of rectangles: 9.6 s of a 1,000-plan overview)."""
    x0, y0, x1, y1 = placed.T
    for k in range(0, len(order), chunk):
        idx = order[k:k + chunk]
        c = cands[idx]
        hit = ((c[:, None, 0] < x1[None] + GAP - 1e-6) & (c[:, None, 2] > x0[None] - GAP + 1e-6)
               & (c[:, None, 1] < y1[None] + GAP - 1e-6) & (c[:, None, 3] > y0[None] - GAP + 1e-6)).any(axis=1)
        if not hit.all():
            return int(idx[int(np.argmin(hit))])
    return int(order[0])  # unreachable: a candidate beside the outermost box is always free


def _place_moons(g: ViewGraph, moons) -> None:
    """Each plan's tasks on the ring around it, in task order, starting at the top."""
    for plan, tasks in moons["by_plan"].items():
        p = g.nodes.get(plan)
        if p is None or p.x is None:
            continue
        ring = satellites(len(tasks))
        for k, t in enumerate(tasks):
            a = -math.pi / 2 + 2 * math.pi * k / len(tasks)
            t.x, t.y = round(p.x + ring * math.cos(a), 1), round(p.y + ring * math.sin(a), 1)
