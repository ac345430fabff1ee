"""Charts of a `kg stats` report for papers: PNG and SVG, Chinese labels in a CJK font, never tofu.

matplotlib is imported here only, and only through `Figure` with an Agg canvas (no pyplot, no global
backend switch, so a notebook's inline backend is left alone). Every chart is a pure function of the report
dict (`kg.explore.analytics.analyse`). The font is checked before anything is drawn, and a glyph the font
lacks is an error while saving, so a chart with empty boxes in place of characters is never written.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from kg.errors import InputError

#: CJK fonts in order of preference; Debian's fonts-noto-cjk provides the first
FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC")
FIX = "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk; `make test` does it when run as root)"
#: Okabe–Ito colours: distinguishable in colour-blind vision and in greyscale print
ROLE_COLOURS = {"lead": "#0072B2", "responsible": "#56B4E9", "participant": "#E69F00", "implementing": "#009E73"}
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#999999")
HEAT = LinearSegmentedColormap.from_list("kg", ["#ffffff", "#c6dbef", "#4292c6", "#08306b"])
CHARTS = ("workload", "functions", "coresponsibility", "places", "calendar", "topics", "lineage")
NEEDS = {"workload": "workload", "functions": "workload", "coresponsibility": "network", "places": "places",
         "calendar": "calendar", "topics": "compare", "lineage": "lineage"}


def cjk_font() -> str:
    """The CJK font charts use; fonts installed after matplotlib cached its font list are found too."""
    found = _first_font()
    if not found:
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name or "SourceHan" in Path(path).name:
                font_manager.fontManager.addfont(path)
        found = _first_font()
    if not found:
        raise InputError("--plot", f"no Chinese font ({FONTS[0]}) is installed: {FIX}")
    return found


def _first_font() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in FONTS if f in names), None)


@contextmanager
def style():
    """A plain, paper-ready look in the CJK font; SVG output reproducible (no date, fixed ids)."""
    font = cjk_font()
    rc = {"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"], "font.size": 9,
          "axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False,
          "axes.titlesize": 11, "axes.titleweight": "bold", "axes.titlelocation": "left",
          "svg.hashsalt": "policy-kg", "svg.fonttype": "path", "figure.dpi": 100, "savefig.dpi": 200}
    with matplotlib.rc_context(rc):
        yield font


def _figure(width: float, height: float, cols: int = 1) -> tuple[Figure, list]:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, cols, squeeze=False)[0]
    return fig, list(axes)


def charts(rep: dict) -> dict[str, Figure]:
    """Every chart the report's sections allow, by name (call inside `style()`)."""
    builders = {"workload": workload_chart, "functions": functions_chart, "coresponsibility": network_chart,
                "places": places_chart, "calendar": calendar_chart, "topics": topics_chart,
                "lineage": lineage_chart}
    return {name: builders[name](rep) for name in CHARTS if NEEDS[name] in rep and _has_data(rep, name)}


def _has_data(rep: dict, name: str) -> bool:
    data = {"workload": lambda: rep["workload"]["agencies"], "functions": lambda: rep["workload"]["agencies"],
            "coresponsibility": lambda: rep["network"]["edges"], "places": lambda: rep["places"]["rivers"] or
            rep["places"]["sections"], "calendar": lambda: rep["calendar"],
            "topics": lambda: rep["compare"]["profiles"], "lineage": lambda: rep["lineage"]["pairs"]}
    return bool(data[name]())


def write(rep: dict, folder: Path, prefix: str = "stats-") -> list[Path]:
    """Each chart as `<prefix><name>.png` and `.svg` in `folder`; the paths written. Every file is rendered
    before the first is written, so a font problem leaves the folder as it was."""
    with style() as font:
        files = [(folder / f"{prefix}{name}.{fmt}", render(fig, fmt, font))
                 for name, fig in charts(rep).items() for fmt in ("png", "svg")]
    try:
        if files:
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in files:
            path.write_bytes(data)
    except OSError as exc:
        raise InputError(folder, f"cannot write the charts there ({exc.strerror or exc})") from None
    return [path for path, _data in files]


def save(fig: Figure, path: Path, font: str) -> Path:
    """Write one chart to `path` (PNG or SVG by its suffix)."""
    data = render(fig, path.suffix.lstrip(".").lower(), font)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(path, f"cannot be written ({exc.strerror or exc})") from None
    return path


def png(fig: Figure, font: str) -> bytes:
    """The chart as PNG bytes (for a notebook's `IPython.display.Image`)."""
    return render(fig, "png", font)


def render(fig: Figure, fmt: str, font: str) -> bytes:
    """The chart's bytes in `fmt` (png, svg), without a date; a glyph missing from the font is an error,
    never a box in the picture."""
    import io

    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing from")
        try:
            fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        except UserWarning as exc:
            raise InputError("--plot", f"the font {font} lacks a character of a chart ({exc}); {FIX}") from None
    return buf.getvalue()


def _plan_names(rep: dict) -> dict[str, str]:
    return {p["plan"]: p["title"] for p in rep["plans"]}


def workload_chart(rep: dict, top: int = 20) -> Figure:
    """Stacked bars: the `top` agencies by obligations, split by role."""
    agencies = sorted(rep["workload"]["agencies"], key=lambda a: (-a["obligations"], a["label"]))[:top][::-1]
    fig, (ax,) = _figure(7.2, 0.26 * len(agencies) + 1.4)
    labels = [f"{a['label']}（{a['jurisdiction']}）" for a in agencies]
    left = [0] * len(agencies)
    for role, zh in rep["roles"].items():
        values = [a["by_role"][role] for a in agencies]
        ax.barh(labels, values, left=left, color=ROLE_COLOURS[role], label=zh, height=0.72)
        left = [x + v for x, v in zip(left, values)]
    for y, total in enumerate(left):
        ax.text(total + 0.4, y, str(total), va="center", fontsize=8)
    ax.set_xlim(0, max(left, default=1) * 1.07 + 1)
    ax.set_xlabel("责任分工条数（一个单位在一项任务中的一种角色记为一条）")
    ax.set_title(f"单位任务负荷：按职责角色（前{len(agencies)}个单位）", pad=20)
    ax.legend(ncols=4, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, borderaxespad=0.2)
    ax.margins(y=0.01)
    ax.tick_params(axis="y", length=0)
    return fig


def _heatmap(ax, matrix: list[list[int]], rows: list[str], cols: list[str]) -> None:
    top = max((v for r in matrix for v in r), default=0) or 1
    ax.imshow(matrix, cmap=HEAT, vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([x - 0.5 for x in range(1, len(cols))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for i, r in enumerate(matrix):
        for j, v in enumerate(r):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                        color="white" if v > top * 0.55 else "#222222")


def _plan_label(p: dict) -> str:
    return p["title"]


def functions_chart(rep: dict) -> Figure:
    """Heat map: obligations by agency function (rows) and plan (columns)."""
    groups = rep["workload"]["by_function"]["plan"]
    plans = [p for p in rep["plans"] if any(g["group"] == p["plan"] for g in groups)]
    totals: dict[str, int] = {}
    for g in groups:
        totals[g["function"]] = totals.get(g["function"], 0) + g["obligations"]
    functions = sorted(totals, key=lambda f: (-totals[f], f))
    cell = {(g["function"], g["group"]): g["obligations"] for g in groups}
    matrix = [[cell.get((f, p["plan"]), 0) for p in plans] for f in functions]
    fig, (ax,) = _figure(1.3 * len(plans) + 2.6, 0.3 * len(functions) + 1.9)
    _heatmap(ax, matrix, functions, [_wrap(_plan_label(p), 6) for p in plans])
    ax.set_title("各职能承担的责任分工条数：按方案")
    return fig


def topics_chart(rep: dict) -> Figure:
    """Heat map: tasks by topic (rows) and plan (columns), from task titles."""
    c = rep["compare"]
    names = _plan_names(rep)
    plans = [p["plan"] for p in c["profiles"]]
    used = [t for t in c["topics"] if any(t in p["topics"] for p in c["profiles"])]
    matrix = [[p["topics"].get(t, 0) for p in c["profiles"]] for t in used]
    fig, (ax,) = _figure(1.3 * len(plans) + 2.4, 0.3 * len(used) + 1.9)
    _heatmap(ax, matrix, [c["topics"][t]["zh"] for t in used], [_wrap(names.get(p, p), 6) for p in plans])
    ax.set_title("任务主题：按方案（任务标题含该主题的任务数）")
    return fig


def calendar_chart(rep: dict) -> Figure:
    """Heat map: tasks due per month (columns 1–12) for each plan and year (rows)."""
    names = _plan_names(rep)
    keys = sorted({(m["plan"], m["month"][:4]) for m in rep["calendar"]})
    cell = {(m["plan"], m["month"][:4], int(m["month"][5:7])): m["tasks"] for m in rep["calendar"]}
    matrix = [[cell.get((p, y, month), 0) for month in range(1, 13)] for p, y in keys]
    fig, (ax,) = _figure(7.2, 0.42 * len(keys) + 1.5)
    labels = [names.get(p, p) if names.get(p, "").find(y) >= 0 else f"{names.get(p, p)}（{y}年）" for p, y in keys]
    _heatmap(ax, matrix, labels, [f"{m}月" for m in range(1, 13)])
    ax.set_title("完成时限日历：每月到期的任务数")
    return fig


def places_chart(rep: dict, top: int = 12) -> Figure:
    """Bars: the rivers and monitoring sections named by most tasks."""
    parts = [(k, zh, rep["places"][k][:top][::-1]) for k, zh in (("rivers", "河流水体"), ("sections", "监测断面"))
             if rep["places"][k]]
    height = 0.24 * max(len(p) for _k, _zh, p in parts) + 1.3
    fig, axes = _figure(7.2, height, len(parts))
    for ax, (kind, zh, rows) in zip(axes, parts):
        ax.barh([r["label"] for r in rows], [r["tasks"] for r in rows], color="#0072B2", height=0.7)
        ax.set_title(f"{zh}：提及的任务数")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="y", length=0)
    return fig


def lineage_chart(rep: dict) -> Figure:
    """Grouped bars per plan pair: plan tasks kept and added, directive tasks dropped; mean score in the label."""
    names = _plan_names(rep)
    pairs = rep["lineage"]["pairs"]
    fig, (ax,) = _figure(7.2, 0.9 * len(pairs) + 1.6)
    kinds = (("kept", "承接上级任务的本方案任务", "#0072B2"), ("added", "本方案新增任务", "#E69F00"),
             ("dropped", "上级方案未被承接的任务", "#999999"))
    for k, (key, zh, colour) in enumerate(kinds):
        ys = [i + (k - 1) * 0.26 for i in range(len(pairs))]
        values = [p[key] for p in pairs]
        ax.barh(ys, values, height=0.24, color=colour, label=zh)
        for y, v in zip(ys, values):
            ax.text(v + 0.2, y, str(v), va="center", fontsize=8)
    labels = [f"{_wrap(names.get(p['plan'], p['plan']), 10)}\n← {_wrap(names.get(p['directive'], p['directive']), 10)}"
              f"\n平均得分 {p['mean_score']:.2f}" for p in pairs]
    ax.set_yticks(range(len(pairs)), labels)
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("任务数")
    ax.set_title("任务承接：本方案 ← 上级方案")
    ax.legend(loc="best", frameon=False, fontsize=8)
    return fig


def _wrap(text: str, width: float) -> str:
    """Break a Chinese title into balanced lines of at most about `width` characters (Chinese has no
    spaces to wrap at), never inside a run of Latin letters or digits such as a year."""
    import math
    import re

    tokens = [(t, 0.55 * len(t) if t.isascii() else len(t)) for t in re.findall(r"[0-9A-Za-z.]+|.", text)]
    total = sum(size for _t, size in tokens)
    target = total / max(1, math.ceil(total / width))
    lines, line, used = [], "", 0.0
    for token, size in tokens:
        if line and used + size / 2 > target:
            lines, line, used = lines + [line], "", 0.0
        line, used = line + token, used + size
    return "\n".join(lines + [line])


def network_chart(rep: dict, max_panels: int = 4) -> Figure:
    """The co-responsibility network, one circle per connected part (in the seeds, one per city's plans),
    in a row (or two columns when a row would be too wide): node size = tasks, colour = Louvain community,
    line width = tasks shared. Sizes are worked out in inches, so labels never overlap."""
    net = rep["network"]
    parts = _components(net)
    if len(parts) > max_panels:  # the small parts share the last circle
        parts = parts[:max_panels - 1] + [sorted(u for p in parts[max_panels - 1:] for u in p)]
    by_iri = {n["iri"]: n for n in net["nodes"]}
    panels = [_panel([by_iri[u] for u in members]) for members in parts]
    if sum(p["w"] for p in panels) <= 13:
        columns = [[p] for p in panels]
    else:
        columns = [[] for _ in range(2)]
        for p in panels:  # each circle into the shorter column
            min(columns, key=lambda c: sum(q["h"] for q in c)).append(p)
    head = 0.5
    width = sum(max(q["w"] for q in c) for c in columns)
    height = max(sum(q["h"] for q in c) for c in columns) + head
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    x = 0.0
    for col in columns:
        y = height - head
        for p in col:
            y -= p["h"]
            _draw_part(fig.add_axes((x / width, y / height, p["w"] / width, p["h"] / height)), net, p)
        x += max(q["w"] for q in col)
    fig.text(0.1 / width, 1 - 0.08 / height, "共同责任网络：共担任务的单位相连", fontsize=11, weight="bold", va="top")
    fig.text(0.1 / width, 1 - 0.3 / height, "标签后数字与点大小＝任务数；线宽＝共担任务数；"
             f"颜色＝Louvain社区（seed {net['seed']}）", fontsize=8, va="top", color="#444444")
    return fig


def _components(net: dict) -> list[list[str]]:
    """Agency IRIs of each connected part, largest first."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["iri"] for n in net["nodes"])
    g.add_edges_from((e["a"], e["b"]) for e in net["edges"])
    return sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))


LABEL_PT = 7  # label size; CJK characters are 1 em wide, digits and spaces about 0.55 em


def _label(n: dict) -> str:
    return f"{n['label']} {n['tasks']}"


def _panel(nodes: list[dict]) -> dict:
    """A circle's layout in inches: nodes in order (community, then load) every 0.3 in along the circle,
    labels radiating outward, and the box that holds them all plus a line for the panel's name."""
    import math

    nodes = sorted(nodes, key=lambda n: (n["community"], -n["tasks"], n["label"]))
    radius = max(0.6, 0.3 * len(nodes) / (2 * math.pi))
    angles = [math.pi / 2 - 2 * math.pi * k / len(nodes) for k in range(len(nodes))]
    reach = [radius + 0.15 + sum(1 if ord(c) > 0x2000 else 0.55 for c in _label(n)) * LABEL_PT / 72 for n in nodes]
    xs = [r * math.cos(a) for r, a in zip(reach, angles)] + [-radius - 0.2, radius + 0.2]
    ys = [r * math.sin(a) for r, a in zip(reach, angles)] + [-radius - 0.2, radius + 0.2]
    box = (min(xs) - 0.15, max(xs) + 0.15, min(ys) - 0.15, max(ys) + 0.45)
    return {"nodes": nodes, "angles": angles, "radius": radius, "box": box,
            "w": box[1] - box[0], "h": box[3] - box[2]}


def _draw_part(ax, net: dict, panel: dict) -> None:
    """Chords between agencies on a circle (data units are inches), labels set radially outside it."""
    import math

    from matplotlib.collections import LineCollection

    nodes, r = panel["nodes"], panel["radius"]
    angle = {n["iri"]: a for n, a in zip(nodes, panel["angles"])}
    pos = {u: (r * math.cos(a), r * math.sin(a)) for u, a in angle.items()}
    edges = [e for e in net["edges"] if e["a"] in pos and e["b"] in pos]
    community = {n["iri"]: n["community"] for n in nodes}
    heaviest = max((e["shared_tasks"] for e in edges), default=1)
    colours = [PALETTE[community[e["a"]] % len(PALETTE)] if community[e["a"]] == community[e["b"]] else "#b0b0b0"
               for e in edges]
    ax.add_collection(LineCollection([(pos[e["a"]], pos[e["b"]]) for e in edges], colors=colours, alpha=0.4,
                                     linewidths=[0.25 + 3.5 * e["shared_tasks"] / heaviest for e in edges], zorder=1))
    most = max(n["tasks"] for n in nodes)
    ax.scatter([pos[n["iri"]][0] for n in nodes], [pos[n["iri"]][1] for n in nodes],
               s=[12 + 220 * n["tasks"] / most for n in nodes], zorder=2, edgecolors="white", linewidths=0.5,
               c=[PALETTE[n["community"] % len(PALETTE)] for n in nodes])
    for n in nodes:
        a = angle[n["iri"]]
        right = math.cos(a) >= -1e-9
        ax.text((r + 0.15) * math.cos(a), (r + 0.15) * math.sin(a), _label(n), fontsize=LABEL_PT,
                rotation=math.degrees(a) if right else math.degrees(a) + 180, rotation_mode="anchor",
                ha="left" if right else "right", va="center", zorder=3)
    x0, x1, y0, y1 = panel["box"]
    where = {n["jurisdiction"] for n in nodes}
    name = where.pop() if len(where) == 1 else "其他"
    ax.text(x0 + 0.1, y1 - 0.05, f"{name}（{len(nodes)}个单位）", fontsize=10, weight="bold", va="top")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
