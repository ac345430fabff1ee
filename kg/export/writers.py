"""The file side of `kg export`: one writer per format, and the rule that no half-written file is ever left.

Every writer stages its output in hidden temporary files beside the target (same folder, so the rename is
atomic) and renames them only once all of them are complete; on any error the temporary files are removed,
an existing target is untouched, and a file-system error names the target, not the temporary file. CSV
writes two files (`STEM.nodes.csv`, `STEM.edges.csv`): both are complete before either is renamed.
"""

from __future__ import annotations

import csv
import os
import secrets
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx
import pyoxigraph as ox

from kg.errors import InputError
from kg.export.attrs import EDGE_FIRST, NODE_FIXED, uniform_types

FORMATS = ("graphml", "gexf", "csv", "jsonld")
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv", ".jsonld": "jsonld", ".json": "jsonld"}


def publish(targets: dict[Path, Callable[[Path], None]]) -> list[Path]:
    """Write each target through its function into a temporary file, then rename them all; on failure
    remove the temporary files and re-raise."""
    staged: list[tuple[Path, Path]] = []
    path = next(iter(targets), Path("-o"))
    try:
        for path, write in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
            staged.append((tmp, path))
            write(tmp)
        for tmp, path in staged:
            tmp.replace(path)
    except BaseException as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # name the file the user asked for, not the temporary one
            raise InputError(path, f"cannot be written ({exc.strerror or exc})") from None
        raise
    return list(targets)


def _typed_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose every attribute column has one type, with edge keys e0, e1, … unique in the file
    (GraphML takes an edge's id from its key, and ids must be unique in a document)."""
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True))
    for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
        H.add_edge(u, v, key=f"e{i}", **d)
    uniform_types(d for _, d in H.nodes(data=True))
    uniform_types(d for _, _, d in H.edges(data=True))
    return H


def write_graphml(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """GraphML for Cytoscape, Gephi, yEd and R's igraph::read_graph(format = "graphml")."""
    H = _typed_copy(G)
    H.graph = {k: v for k, v in G.graph.items() if isinstance(v, str)}
    return publish({path: lambda tmp: nx.write_graphml(H, tmp, encoding="utf-8", prettyprint=True)})


def write_gexf(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """GEXF 1.2 for Gephi, with each node coloured like its class in kg viz."""
    from kg.viz.style import CLASSES

    H = _typed_copy(G)
    H.graph = {}
    for _, d in H.nodes(data=True):
        colour = CLASSES.get(d.get("class", ""), CLASSES["Other"])["color"].lstrip("#")
        r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
        d["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    for _, _, k, d in H.edges(keys=True, data=True):
        d["id"] = k
    return publish({path: lambda tmp: nx.write_gexf(H, tmp, encoding="utf-8", prettyprint=True)})


def csv_paths(path: Path, name: str) -> tuple[Path, Path]:
    """`-o out/agencies` or `-o out/agencies.csv` → out/agencies.nodes.csv and out/agencies.edges.csv;
    `-o out/` (an existing folder, or a name ending in /) → out/NAME.nodes.csv and out/NAME.edges.csv."""
    if path.is_dir() or str(path).endswith(os.sep):
        stem = path / name
    else:
        stem = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    return stem.with_name(stem.name + ".nodes.csv"), stem.with_name(stem.name + ".edges.csv")


def write_csv(G: nx.MultiDiGraph, path: Path, name: str, excel: bool = False) -> list[Path]:
    """A node list (id, label, class, types first) and an edge list (source, target, relation, predicate,
    role, score first): one row each, one column per attribute, UTF-8 with LF line ends; for `excel` with a
    byte-order mark and CRLF line ends, as `kg query --excel` writes, so Excel and WPS read the Chinese."""
    nodes = [{"id": n, **d} for n, d in G.nodes(data=True)]
    edges = [{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)]
    nodes_path, edges_path = csv_paths(path, name)
    encoding, end = ("utf-8-sig", "\r\n") if excel else ("utf-8", "\n")
    return publish({
        nodes_path: lambda tmp: _table(tmp, nodes, NODE_FIXED[:4], encoding, end),
        edges_path: lambda tmp: _table(tmp, edges, EDGE_FIRST, encoding, end),
    })


def _table(path: Path, rows: list[dict], first: Iterable[str], encoding: str, end: str) -> None:
    columns = list(first)  # always there, empty or not, so a script can rely on them
    columns += sorted({k for r in rows for k in r} - set(columns))
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, restval="", lineterminator=end)
        w.writeheader()
        w.writerows(rows)


def write_jsonld(triples_or_store, path: Path) -> list[Path]:
    """JSON-LD (expanded form, written by Oxigraph): a store is dumped whole, named graphs included; a list
    of triples is one default graph."""
    if isinstance(triples_or_store, list):
        return publish({path: lambda tmp: ox.serialize(triples_or_store, str(tmp), format=ox.RdfFormat.JSON_LD)})
    return publish({path: lambda tmp: triples_or_store.dump(str(tmp), format=ox.RdfFormat.JSON_LD)})
