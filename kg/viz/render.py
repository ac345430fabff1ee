"""Turn a laid-out ViewGraph into one self-contained HTML file.

Everything the page needs is inlined: vis-network 9.1.2 (the copy shipped inside the pyvis package, so no
CDN), its stylesheet, our stylesheet and script (kg/data/viz.*), and the graph as JSON in a
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

from kg.viz.model import ViewGraph
from kg.viz.style import CLASSES, FONT_STACK, relation_style

DATA = Path(str(resources.files("kg") / "data"))
QUOTE_MAX = 360
LINE = 12  # CJK characters per label line
LINES = 2


def vis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"


def short_label(label: str, width: int = LINE, lines: int = LINES) -> str:
    """Wrap a label into at most `lines` lines of `width` characters (…-ended when cut)."""
    label = " ".join(label.split())
    if len(label) <= width:
        return label
    out = [label[i:i + width] for i in range(0, len(label), width)]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def _clip(text: str | None, n: int = QUOTE_MAX) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def payload(g: ViewGraph, mode: str) -> dict:
    classes: dict[str, dict] = {}
    nodes = []
    wrap = (6, 4) if mode == "layered" else (LINE, LINES)  # narrow columns keep a wide lineage legible
    for n in g.nodes.values():
        cls = n.cls if n.cls in CLASSES else "Other"
        st = classes.setdefault(cls, {**CLASSES[cls], "count": 0, **({"font": g.fonts[cls]} if cls in g.fonts else {})})
        st["count"] += 1
        d: dict = {"id": n.id, "l": n.label, "s": short_label(n.label, *wrap), "c": cls}
        if n.size is not None:
            d["z"] = n.size
        if mode in ("fixed", "layered") and n.x is not None:
            d["x"], d["y"] = n.x, n.y
        if mode == "layered" and n.level is not None:
            d["v"] = n.level
        if n.quote:
            d["q"] = _clip(n.quote)
        if n.file:
            d["f"] = n.file
        if n.span:
            d["sp"] = list(n.span)
        if n.info:
            d["i"] = [[k, _clip(v, 120)] for k, v in n.info]
        nodes.append(d)
    relations: dict[str, dict] = {}
    edges = []
    for e in g.edges:
        st = relations.setdefault(e.rel, {**relation_style(e.rel), "count": 0})
        if e.rel in g.relation_names:
            st["en"] = g.relation_names[e.rel]
        st["count"] += 1
        d = {"f": e.source, "t": e.target, "r": e.rel}
        if e.label:
            d["l"] = e.label
        if e.quote:
            d["q"] = _clip(e.quote)
        if e.file:
            d["file"] = e.file
        if e.info:
            d["i"] = [[k, _clip(v, 120)] for k, v in e.info]
        edges.append(d)
    order = list(CLASSES)
    return {
        "view": g.view,
        "title": g.title,
        "notes": g.notes,
        "mode": mode,
        "font": FONT_STACK,
        "classes": dict(sorted(classes.items(), key=lambda kv: order.index(kv[0]))),
        "relations": relations,
        "bands": [{"name": name, "from": a, "to": b} for name, a, b in g.bands],
        "nodes": nodes,
        "edges": edges,
    }


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
