"""The `clusters` layout of the overview, measured on the laid-out graph: every node inside its
jurisdiction's frame, frames apart, no two node boxes (shape and label) overlapping, a plan's tasks on a
ring around it. On the seed build and on a synthetic overview of 104 plans in 40 places."""

from __future__ import annotations

import math
from itertools import combinations

import pytest

import viz_synth
from kg.graph.store import open_store
from kg.viz import clusters, layout
from kg.viz.draw import build_view


@pytest.fixture(scope="module")
def seed_view(seed_build):
    g = build_view(open_store(seed_build), "overview")
    assert layout.apply(g) == "clusters"
    return g


@pytest.fixture(scope="module")
def big_view():
    g = viz_synth.plan_level_view(cities=8, counties_per_city=4)
    assert sum(n.cls == "Plan" for n in g.nodes.values()) == 104
    assert layout.apply(g) == "clusters"
    return g


def _box(g, n):
    w, up, down = clusters.footprint(n, g.fonts)
    return n.x - w, n.y - up, n.x + w, n.y + down


@pytest.mark.parametrize("which", ["seed_view", "big_view"])
def test_nodes_sit_in_their_frame_and_frames_apart(request, which):
    g = request.getfixturevalue(which)
    frames = {name: (l, t, r, b) for name, l, t, r, b, _ in g.hulls}
    for a, b in combinations(frames.values(), 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    inside = 0
    for n in g.nodes.values():
        assert n.x is not None and n.y is not None
        name = g.groups.get(n.group, (None,))[0]
        if name in frames:
            l, t, r, b = frames[name]
            assert l <= n.x <= r and t <= n.y <= b, (n.label, name)
            inside += 1
    assert inside > len(g.nodes) * 0.8


@pytest.mark.parametrize("which", ["seed_view", "big_view"])
def test_no_two_boxes_overlap(request, which):
    g = request.getfixturevalue(which)
    boxes = [_box(g, n) for n in g.nodes.values()]
    hits = [(a, b) for a, b in combinations(boxes, 2) if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert not hits


@pytest.mark.parametrize("which", ["seed_view", "big_view"])
def test_tasks_wait_on_a_ring_around_their_plan(request, which):
    g = request.getfixturevalue(which)
    assert g.expand
    for plan, (tasks, _) in g.expand.items():
        p = g.nodes[plan]
        ring = clusters.satellites(len(tasks))
        for t in tasks:
            assert math.isclose(math.hypot(t.x - p.x, t.y - p.y), ring, abs_tol=0.2)


def test_the_drawing_fits_a_window_shape(big_view):
    xs = [x for _, l, _, r, _, _ in big_view.hulls for x in (l, r)]
    ys = [y for _, _, t, _, b, _ in big_view.hulls for y in (t, b)]
    aspect = (max(xs) - min(xs)) / (max(ys) - min(ys))
    assert 1.0 < aspect < 2.6  # a landscape window, not a strip
    sizes = {h[5] for h in big_view.hulls}
    assert len(sizes) == 1 and sizes.pop() > 16  # one name size, enlarged for a big drawing


def _pack_rects_reference(sizes, near):
    """pack_rects as first written: every candidate tested against every placed box, then the argmin of the
    cost over the free ones. The chunked search must give exactly its boxes."""
    import numpy as np

    from kg.viz.clusters import ASPECT, GAP

    boxes = [np.array([-sizes[0][0] / 2, -sizes[0][1] / 2, sizes[0][0] / 2, sizes[0][1] / 2])]
    extent = boxes[0].copy()
    for i, (w, h) in enumerate(sizes[1:], start=1):
        x0, y0, x1, y1 = np.array(boxes).T
        lefts = np.concatenate([x1 + GAP, x1 + GAP, x0, x1 - w, x0 - GAP - w, x0 - GAP - w, x0, x1 - w])
        tops = np.concatenate([y0, y1 - h, y1 + GAP, y1 + GAP, y0, y1 - h, y0 - GAP - h, y0 - GAP - h])
        cands = np.stack([lefts, tops, lefts + w, tops + h], axis=1)
        free = ~((cands[:, None, 0] < x1[None] + GAP - 1e-6) & (cands[:, None, 2] > x0[None] - GAP + 1e-6)
                 & (cands[:, None, 1] < y1[None] + GAP - 1e-6) & (cands[:, None, 3] > y0[None] - GAP + 1e-6)).any(axis=1)
        cost = np.maximum((np.maximum(cands[:, 2], extent[2]) - np.minimum(cands[:, 0], extent[0])) / ASPECT,
                          np.maximum(cands[:, 3], extent[3]) - np.minimum(cands[:, 1], extent[1]))
        if near[i] is not None:
            p = boxes[near[i]]
            cost = cost + 0.25 * np.hypot((cands[:, 0] + cands[:, 2] - p[0] - p[2]) / 2,
                                          (cands[:, 1] + cands[:, 3] - p[1] - p[3]) / 2)
        cost[~free] = np.inf
        best = cands[int(np.argmin(cost))]
        boxes.append(best)
        extent = np.array([min(extent[0], best[0]), min(extent[1], best[1]), max(extent[2], best[2]), max(extent[3], best[3])])
    return [np.array([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]) for b in boxes]


def test_pack_rects_places_exactly_as_the_exhaustive_search():
    import random

    import numpy as np

    from kg.viz.clusters import pack_rects

    rng = random.Random(11)
    for n in (1, 2, 3, 10, 40, 120):
        sizes = [(rng.uniform(20, 400), rng.uniform(20, 300)) for _ in range(n)]
        near = [None] + [rng.choice([None, rng.randrange(0, i)]) for i in range(1, n)]
        got, want = pack_rects(sizes, near), _pack_rects_reference(sizes, near)
        assert all(np.array_equal(a, b) for a, b in zip(got, want)), n
