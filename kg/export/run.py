"""`kg export` in one call: check the request, select what to export, convert it, write it.

    spec = ExportSpec(view="agencies", fmt="graphml", output=Path("agencies.graphml"))
    export(store, spec) -> Exported(paths, nodes, edges, triples)

No view and no query: the whole graph. A view: the same ViewGraph `kg viz` draws (so the same options, the
same nodes). A query: a CONSTRUCT's triples, or a SELECT's rows linked cell to cell (as `kg viz --query`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.export import network, triples, writers
from kg.export.attrs import RDF_TYPE, SUB_OF, asserted, hierarchy


@dataclass(frozen=True)
class ExportSpec:
    fmt: str
    output: Path
    view: str | None = None  # None: the whole graph
    node: str | None = None
    depth: int = 1
    plan: str | None = None
    task: str | None = None
    query: str | None = None
    excel: bool = False  # CSV for Excel and WPS: byte-order mark, CRLF (as `kg query --excel`)

    @property
    def name(self) -> str:
        """What CSV files written into a folder are called: the view, or `graph`."""
        return self.view or "graph"


@dataclass(frozen=True)
class Exported:
    paths: tuple[Path, ...]
    nodes: int | None = None
    edges: int | None = None
    triples: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, or the one the output's suffix names; refuses a suffix of another format."""
    if output is None:
        raise InputError("-o", "name the file to write: -o FILE (for csv, a stem or a folder)")
    by_suffix = writers.SUFFIXES.get(output.suffix.lower())
    chosen = (fmt or by_suffix or "").strip().lower()
    if chosen not in writers.FORMATS:
        what = f"must be graphml, gexf, csv or jsonld, not {fmt!r}" if fmt else \
            "give graphml, gexf, csv or jsonld (or an -o name ending in .graphml, .gexf, .csv or .jsonld)"
        raise InputError("--format", what)
    if by_suffix and by_suffix != chosen:
        raise InputError(output, f"ends in {output.suffix} but the format is {chosen}")
    return chosen


def check_output(spec: ExportSpec, build: Path) -> None:
    """Refuse an output that cannot be a file of this format, or that lies inside the build folder (a
    build folder holds only what `kg build` writes, and the next build would refuse it; BUILD/viz/ is free)."""
    out = spec.output
    if spec.fmt != "csv" and (out.is_dir() or str(out).endswith(os.sep)):
        raise InputError(out, f"is a folder; give a file name for the {spec.fmt} file")
    blocking = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise InputError(blocking, "is a file, not a folder; the export cannot be written under it")
    try:
        inside = out.resolve().relative_to(build.resolve()).parts
    except (ValueError, OSError):
        return
    if not inside or inside[0] != "viz":
        raise InputError(out, "is inside the build folder, which holds only what kg build writes; "
                              "write the export elsewhere")


def export(store: ox.Store, spec: ExportSpec) -> Exported:
    """Select, convert and write; every file appears complete or not at all."""
    if spec.fmt == "jsonld":
        return _export_rdf(store, spec)
    if spec.view is None:
        G = network.from_quads(store.quads_for_pattern(None, None, None, None))
        notes: tuple[str, ...] = ()
    else:
        view = _view(store, spec)
        G = network.from_view(view, node_facts(store, view.nodes))
        notes = tuple(view.notes)
    if spec.fmt == "graphml":
        paths = writers.write_graphml(G, spec.output)
    elif spec.fmt == "gexf":
        paths = writers.write_gexf(G, spec.output)
    else:
        paths = writers.write_csv(G, spec.output, spec.name, spec.excel)
    return Exported(tuple(paths), G.number_of_nodes(), G.number_of_edges(), notes=notes)


def _export_rdf(store: ox.Store, spec: ExportSpec) -> Exported:
    if spec.query:
        from kg.explore.query import resolve_query, run_local

        text, where = resolve_query(spec.query, None)
        res = run_local(store, text, where)
        if res.kind != "graph":
            raise InputError("--format jsonld", f"a {res.kind.upper()} answer has no triples; use a CONSTRUCT "
                                                "query, or --format graphml, gexf or csv")
        found = triples.construct_triples(res.turtle or "", where)
    elif spec.view is None:
        return Exported(tuple(writers.write_jsonld(store, spec.output)), triples=len(store))
    else:
        view = _view(store, spec)
        found = triples.view_triples(view, node_facts(store, view.nodes))
    return Exported(tuple(writers.write_jsonld(found, spec.output)), triples=len(found))


def _view(store: ox.Store, spec: ExportSpec):
    from kg.viz.draw import build_view

    return build_view(store, spec.view, node=spec.node, depth=spec.depth, plan=spec.plan, task=spec.task,
                      query=spec.query)


def node_facts(store: ox.Store, ids) -> dict[str, network.Pairs]:
    """Each IRI node's rdf:type and literal (predicate, object) pairs, from every graph of the store, less
    the copies the build inferred from the ontology (`attrs.asserted`)."""
    supers = hierarchy((q.subject.value, q.object.value) for pred in SUB_OF
                       for q in store.quads_for_pattern(None, ox.NamedNode(pred), None, None)
                       if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode))
    out: dict[str, network.Pairs] = {}
    for nid in ids:
        if nid.startswith("_:"):
            continue
        try:
            subject = ox.NamedNode(nid)
        except ValueError:
            continue
        pairs = {(q.predicate.value, q.object) for q in store.quads_for_pattern(subject, None, None, None)
                 if isinstance(q.object, ox.Literal) or q.predicate.value == RDF_TYPE}
        out[nid] = asserted(sorted(pairs, key=lambda pair: (pair[0], str(pair[1]))), supers)
    return out
