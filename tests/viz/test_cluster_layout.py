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
