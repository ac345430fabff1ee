"""`kg validate`: SHACL (pySHACL, no inference) over the built graph, violations as rows."""

from __future__ import annotations

from importlib import resources
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import RDF

from kg.graph import iris, store
from kg.errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Path(str(resources.files("kg") / "ontology" / "shapes.ttl"))


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    severity: str
    message: str


def data_graph(build: Path) -> Graph:
    """Union of the document and entity graphs (the ontology graph is left out: shapes check data)."""
    if not store.is_build(build):
        raise InputError(build, "is not a policy-kg build; run `kg build` first")
    ds = Dataset()
    ds.parse(build / store.TRIG, format="trig")
    g = Graph()
    for ctx in ds.graphs():
        if ctx.identifier != iris.ONTOLOGY_GRAPH:
            for t in ctx:
                g.add(t)
    return g


def validate(build: Path) -> tuple[bool, list[Violation]]:
    from pyshacl import validate as shacl

    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, report, _ = shacl(data_graph(build), shacl_graph=shapes, inference="none", advanced=True)
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(
            Violation(
                focus=str(report.value(r, SH.focusNode)),
                path=str(report.value(r, SH.resultPath) or ""),
                severity=str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                message=str(report.value(r, SH.resultMessage) or ""),
            )
        )
    return bool(conforms), sorted(out, key=lambda v: (v.focus, v.path))
