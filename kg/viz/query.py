"""`kg viz --query`: draw exactly what a researcher asked.

CONSTRUCT / DESCRIBE: every triple with an IRI or blank-node object is an edge labelled by its predicate;
rdf:type sets the node's class (colour and shape); rdfs:label / skos:prefLabel / dcterms:title set its
label; other literals go to its tooltip.

SELECT: in each row the IRI cells, in column order, are chained into edges (?a → ?b → ?c); a literal
column named `xLabel` or `x_label` labels column `x`; other literal cells go to the tooltip of the IRI
cell before them. Labels and classes not given by the query come from the build.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.query import compact, resolve_query, run_local
from kg.viz.model import Edge, Node, ViewGraph
from kg.viz.sparql import describe
from kg.viz.style import class_key, rel_key
from kg.graph.vocab import PREFIXES

RDF_TYPE = str(PREFIXES["rdf"]) + "type"
LABEL_PREDS = {str(PREFIXES["rdfs"]) + "label", str(PREFIXES["skos"]) + "prefLabel", str(PREFIXES["dcterms"]) + "title"}


def query_view(store: ox.Store, text_or_file: str) -> ViewGraph:
    text, where = resolve_query(text_or_file, None)
    res = run_local(store, text, where)
    g = ViewGraph("query", f"查询 Query: {where if where != 'query' else _first_line(text)}")
    if res.kind == "ask":
        raise InputError(where, "an ASK query has no graph to draw; use CONSTRUCT or SELECT")
    if res.kind == "graph":
        _from_triples(g, res.turtle or "")
    else:
        _from_rows(g, res.variables, res.rows)
    g.dedupe_edges()
    describe(store, g)
    return g


def _first_line(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 80 else one[:79] + "…"


def _node_id(term) -> str:
    from rdflib import BNode

    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _from_triples(g: ViewGraph, turtle: str) -> None:
    from rdflib import Graph, Literal

    rg = Graph()
    rg.parse(data=turtle, format="turtle")
    types: dict[str, set[str]] = {}
    for s, p, o in rg:
        sid, pred = _node_id(s), str(p)
        node = g.add_node(Node(sid, "" if not sid.startswith("_:") else sid))
        if isinstance(o, Literal):
            if pred in LABEL_PREDS and (not node.label or node.label == sid):
                node.label = str(o)
            else:
                node.info.append((compact(pred), str(o)))
        elif pred == RDF_TYPE:
            types.setdefault(sid, set()).add(str(o))
        else:
            oid = _node_id(o)
            g.add_node(Node(oid, oid if oid.startswith("_:") else ""))
            g.add_edge(Edge(sid, oid, rel_key(pred)))
    for sid, ts in types.items():
        g.nodes[sid].cls = class_key(ts)


def _from_rows(g: ViewGraph, variables: list[str], rows) -> None:
    label_of = {}
    for v in variables:
        for suffix in ("Label", "_label"):
            if v.endswith(suffix) and v[: -len(suffix)] in variables:
                label_of[v] = v[: -len(suffix)]
    for row in rows:
        cells = dict(zip(variables, row))
        chain: list[tuple[str, str]] = []  # (variable, node id)
        for v in variables:
            t = cells[v]
            if t is None:
                continue
            if t.type in ("uri", "bnode"):
                nid = t.value if t.type == "uri" else f"_:{t.value}"
                g.add_node(Node(nid, nid if t.type == "bnode" else ""))
                if chain:
                    pv, pid = chain[-1]
                    key = f"?{pv} → ?{v}"
                    g.relation_names[key] = key
                    g.add_edge(Edge(pid, nid, key))
                chain.append((v, nid))
            elif v in label_of:
                target = cells.get(label_of[v])
                if target is not None and target.type in ("uri", "bnode"):
                    nid = target.value if target.type == "uri" else f"_:{target.value}"
                    g.add_node(Node(nid, "")).label = t.value
            elif chain:
                node = g.nodes[chain[-1][1]]
                if (v, t.value) not in node.info:
                    node.info.append((v, t.value))
