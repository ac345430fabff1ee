"""`kg.trig`, the contract's file: the build's named graphs as TriG, written by Oxigraph graph by graph.

Why not `Store.dump(format=TRIG)`: the store's default graph holds the union of the named graphs (kg/graph/
default.py), and a whole-store dump would write every triple a second time, outside any graph.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import TRIG


def trig_prefixes() -> dict[str, str]:
    """The prefixes `kg.trig` is written with: the vocabulary's, and `id:` for instances."""
    from kg.graph.vocab import ID, PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items()} | {"id": str(ID)}


def write_trig(store: ox.Store, folder: Path) -> Path:
    """Compact the store and write its named graphs, not the default graph, as `kg.trig`: one Turtle dump per
    graph by Oxigraph (its prefix lines dropped, the prefixes written once at the top), in a `GRAPH { }` block.
    Each dump goes through a scratch file, so no graph is ever held in memory whole."""
    store.flush()
    store.optimize()
    prefixes = trig_prefixes()
    trig, part = folder / TRIG, folder / "graph.ttl"
    try:
        with trig.open("wb") as out:
            out.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes.items()).encode())
            for graph in sorted(store.named_graphs(), key=str):
                store.dump(str(part), format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=prefixes)
                out.write(f"{graph} {{\n".encode())
                with part.open("rb") as body:
                    for line in body:
                        if not line.startswith(b"@prefix "):
                            out.write(line)
                            break
                    shutil.copyfileobj(body, out, 1 << 20)
                out.write(b"}\n")
    finally:
        part.unlink(missing_ok=True)
    return trig
