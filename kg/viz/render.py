"""Turn a laid-out ViewGraph into one self-contained HTML file.

Everything the page needs is inlined: vis-network 9.1.2 (the copy shipped inside the pyvis package, so no
CDN), its stylesheet, our stylesheet and scripts (kg/data/viz.*, viz-filter.js, viz-export.js), and the graph as JSON in a
`<script type="application/json">` block. We do not use pyvis's own template: even with
cdn_resources="in_line" it links Bootstrap from jsdelivr (and tom-select in "local"/"remote" mode), writes
the file in the locale's encoding, and shows tooltips through innerHTML. Document text reaches the page
only as JSON data, escaped for a script block, and is put into the DOM with textContent.
"""

from __future__ import annotations

from importlib import resources
import html
import json
import re
from pathlib import Path

from kg.viz import labels
from kg.viz.model import Edge, Node, PlanFacet, ViewGraph
from kg.viz.style import CLASSES, FONT_STACK, relation_style

DATA = Path(str(resources.files("kg") / "data"))
QUOTE_MAX = 360
EXPAND_QUOTE = 120  # tasks that wait in the page for a click carry a shorter quote: the page stays small
NAMED = ("Jurisdiction", "River", "Section", "Project", "Enterprise")  # their names are never split in a label
LINE = 12  # CJK characters per label line
LINES = 2


def vis_dir() -> Path:
    """pyvis's copy of vis-network, found without importing pyvis (which pulls in jinja2, networkx, IPython)."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed (pip install -e .): it carries the vis-network the pages inline")
    return Path(list(spec.submodule_search_locations)[0]).resolve() / "templates" / "lib" / "vis-9.1.2"


def short_label(label: str, width: int = LINE, lines: int = LINES) -> str:
    """Wrap a label into at most `lines` lines of `width` characters, between words (…-ended when cut)."""
    return labels.short_label(label, width, lines)


def _clip(text: str | None, n: int = QUOTE_MAX) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def payload(g: ViewGraph, mode: str) -> dict:
    """Everything the page draws, as JSON: nodes, edges, what comes on demand, filters, discs, legend."""
    wrap = (6, 4) if mode == "layered" else (LINE, LINES)  # narrow columns keep a wide lineage legible
    names = frozenset(n.label for n in g.nodes.values() if n.cls in NAMED and n.label)
    labels.prepare(labels.all_labels(g))
    plans = sorted(g.facets, key=lambda p: (g.facets[p].place_key or "~", g.facets[p].year or "", g.facets[p].label))
    index = {p: i for i, p in enumerate(plans)}
    classes: dict[str, dict] = {}
    relations: dict[str, dict] = {}
    nodes = [_node(n, mode, wrap, names, index, classes, g) for n in g.nodes.values()]
    # edges name their ends by position in one table (drawn nodes, then those waiting in `more`, in order):
    # a corpus has thousands of edges, and an IRI is ~60 bytes where a number is 3
    table = list(g.nodes) + [n.id for extra_nodes, _ in g.expand.values() for n in extra_nodes]
    at = {ident: i for i, ident in enumerate(table)}
    pool: dict[str, int] = {}  # an edge's quote and file, once each: one clause names many agencies
    edges = [d for d in (_edge(e, relations, g, at, pool) for e in g.edges) if d]
    more = {}
    for key, (extra_nodes, extra_edges) in g.expand.items():
        more[key] = {"nodes": [_node(n, mode, wrap, names, index, classes, g, EXPAND_QUOTE) for n in extra_nodes],
                     "edges": [d for d in (_edge(e, relations, g, at, pool) for e in extra_edges) if d]}
    order = list(CLASSES)
    return {
        "view": g.view,
        "title": g.title,
        "notes": g.notes,
        "mode": mode,
        "font": FONT_STACK,
        "classes": dict(sorted(classes.items(), key=lambda kv: order.index(kv[0]))),
        "relations": relations,
        "rels": list(relations),  # an edge's "r" is the place of its relation here
        "bands": [{"name": name, "from": a, "to": b} for name, a, b in g.bands],
        "hulls": [list(h) for h in g.hulls],
        "plans": [_facet(p, g.facets[p]) for p in plans],
        "nodes": nodes,
        "edges": edges,
        "more": more,
        "pool": list(pool),
        "extent": _extent(g, mode),
    }


def _extent(g: ViewGraph, mode: str) -> list[float] | None:
    """Where the drawing will lie (nodes with their labels, estimated; frames), so the page can fit the
    window before its first draw instead of drawing twice; None when the browser lays the nodes out."""
    from kg.viz.clusters import footprint

    placed = [n for n in g.nodes.values() if n.x is not None and n.y is not None]
    if mode == "physics" or not placed:
        return None
    wrap = (6, 4) if mode == "layered" else (LINE, LINES)
    boxes = [(n.x, n.y, *footprint(n, g.fonts, wrap)) for n in placed]
    box = [min(x - w for x, _, w, _, _ in boxes), min(y - up for _, y, _, up, _ in boxes),
           max(x + w for x, _, w, _, _ in boxes), max(y + down for _, y, _, _, down in boxes)]
    for _, left, top, right, bottom, _ in g.hulls:
        box = [min(box[0], left), min(box[1], top), max(box[2], right), max(box[3], bottom)]
    return [round(v, 1) for v in box]


def _node(n: Node, mode: str, wrap: tuple[int, int], names: frozenset[str], index: dict[str, int],
          classes: dict[str, dict], g: ViewGraph, quote_max: int = QUOTE_MAX) -> dict:
    cls = n.cls if n.cls in CLASSES else "Other"
    st = classes.setdefault(cls, {**CLASSES[cls], "count": 0, **({"font": g.fonts[cls]} if cls in g.fonts else {})})
    st["count"] += 1
    d: dict = {"id": n.id, "l": n.label, "s": labels.drawn_label(n.label, n.place, *wrap, names=names), "c": cls}
    if n.place:
        d["pl"] = n.place
    if n.size is not None:
        d["z"] = n.size
    if mode != "physics" and n.x is not None:
        d["x"], d["y"] = n.x, n.y
    if mode == "layered" and n.level is not None:
        d["v"] = n.level
    if n.plans:
        d["p"] = sorted(index[p] for p in n.plans if p in index)
    if n.quote:
        d["q"] = _clip(n.quote, quote_max)
    if n.file:
        d["f"] = n.file
    if n.span:
        d["sp"] = list(n.span)
    if n.info:
        d["i"] = [[k, _clip(v, 120)] for k, v in n.info]
    return d


def _edge(e: Edge, relations: dict[str, dict], g: ViewGraph, at: dict[str, int], pool: dict[str, int]) -> dict | None:
    if e.source not in at or e.target not in at:
        return None
    st = relations.setdefault(e.rel, {**relation_style(e.rel), "count": 0})
    if e.rel in g.relation_names:
        st["en"] = g.relation_names[e.rel]
    st["count"] += 1
    d: dict = {"f": at[e.source], "t": at[e.target], "r": list(relations).index(e.rel)}  # `relations` in order
    for key, value in (("l", e.label), ("w", e.weight), ("sm", e.summarises)):
        if value is not None:
            d[key] = value
    for key, value in (("q", _clip(e.quote)), ("file", e.file)):
        if value is not None:
            d[key] = pool.setdefault(value, len(pool))
    if e.info:
        d["i"] = [[k, _clip(v, 120)] for k, v in e.info]
    if g.groups and _across(g, e):
        d["x"] = 1  # drawn faint: a fan of lines from every cluster to the shared documents would hide the rest
    return d


def _across(g: ViewGraph, e: Edge) -> bool:
    """Does the edge join a cluster to the nodes that belong to no one jurisdiction?"""
    a, b = g.nodes.get(e.source), g.nodes.get(e.target)
    groups = [n.group in g.groups for n in (a, b) if n is not None]
    return len(groups) == 2 and groups[0] != groups[1]


def _facet(plan: str, f: PlanFacet) -> dict:
    d = {"id": plan, "l": f.label}
    for key, value in (("j", f.place), ("jk", f.place_key), ("y", f.year)):
        if value:
            d[key] = value
    return d


def script_json(obj) -> str:
    """JSON safe inside a <script> block: no `<`, `>` or `&` that could close it, no JS line separators."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _safe_inline(code: str, what: str) -> str:
    if re.search(r"</(script|style)", code, re.I):
        raise ValueError(f"{what} contains a closing tag and cannot be inlined")
    return code


def render(g: ViewGraph, mode: str) -> str:
    vd = vis_dir()
    parts = {
        "TITLE": html.escape(g.title),
        "VIS_CSS": _safe_inline((vd / "vis-network.css").read_text(encoding="utf-8"), "vis-network.css"),
        "KG_CSS": _safe_inline((DATA / "viz.css").read_text(encoding="utf-8"), "viz.css"),
        "VIS_JS": _safe_inline((vd / "vis-network.min.js").read_text(encoding="utf-8"), "vis-network.min.js"),
        "KG_JS": _safe_inline((DATA / "viz.js").read_text(encoding="utf-8"), "viz.js"),
        "KG_FILTER_JS": _safe_inline((DATA / "viz-filter.js").read_text(encoding="utf-8"), "viz-filter.js"),
        "KG_EXPORT_JS": _safe_inline((DATA / "viz-export.js").read_text(encoding="utf-8"), "viz-export.js"),
        "DATA": script_json(payload(g, mode)),
    }
    template = (DATA / "viz.html").read_text(encoding="utf-8")
    # one pass, so nothing inserted is scanned for placeholders again
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def write(g: ViewGraph, mode: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render(g, mode)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)
    return path
