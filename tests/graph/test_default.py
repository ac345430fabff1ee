"""The build's default graph holds the union of its named graphs, seen by SPARQL only (kg/graph/default.py).

Expected values come from `kg.trig`, the contract's file, read independently with pyoxigraph's parser: the
default graph must hold exactly its triples, each once; every other reader of the store must see exactly its
quads; and every canned query must answer what it answers over the union of kg.trig's named graphs (the
layout before the copy, rebuilt here in memory and asked with Oxigraph's union flag).
"""

from __future__ import annotations

import json
import re
import shutil

import pyoxigraph as ox
import pytest

from kg.explore.bind import parse_bindings
from kg.explore.queries import canned_queries
from kg.explore.query import prefixes, run_local
from kg.explore.results import Caps, Job, collect, execute
from kg.graph import default
from kg.graph.store import open_store


@pytest.fixture(scope="module")
def trig_quads(seed_build) -> list[ox.Quad]:
    return list(ox.parse(path=str(seed_build / "kg.trig"), format=ox.RdfFormat.TRIG))


@pytest.fixture(scope="module")
def raw(seed_build):
    """The published store as pyoxigraph opens it, default graph and all."""
    return ox.Store.read_only(str(seed_build / "store"))


@pytest.fixture(scope="module")
def before(trig_quads):
    """The layout before the copy: kg.trig's named graphs only, in memory, asked with the union flag."""
    mem = ox.Store()
    mem.extend(trig_quads)
    return mem


def triple(q) -> tuple:
    return (q.subject, q.predicate, q.object)


def test_kg_trig_holds_named_graphs_only(trig_quads):
    assert trig_quads and not any(isinstance(q.graph_name, ox.DefaultGraph) for q in trig_quads)


def test_kg_trig_is_one_block_per_named_graph_in_order_with_the_prefixes_once(seed_build, trig_quads, raw):
    """kg.trig is written graph by graph (kg.graph.trig.write_trig): prefixes at the top only, each graph in
    one block, sorted; every named-graph quad of the store is in it, and a second parser (rdflib) agrees."""
    from rdflib import Dataset

    text = (seed_build / "kg.trig").read_text(encoding="utf-8")
    lines = text.splitlines()
    prefix_lines = [i for i, line in enumerate(lines) if line.startswith("@prefix ")]
    assert prefix_lines == list(range(len(prefix_lines))) and "@prefix pol: " in text
    blocks = [line[:-2] for line in lines if re.fullmatch(r"<[^>]+> \{", line)]
    assert blocks == sorted(blocks) and len(blocks) == len(set(blocks)) == len(set(raw.named_graphs()))
    named = [q for q in raw if not isinstance(q.graph_name, ox.DefaultGraph)]
    ground = lambda qs: {q for q in qs if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
    assert ground(trig_quads) == ground(named) and len(trig_quads) == len(named)
    ds = Dataset()
    ds.parse(data=text, format="trig")
    assert len(ds) == len(named)


def test_default_graph_is_the_union_of_the_named_graphs_each_triple_once(seed_build, raw, trig_quads):
    in_default = [triple(q) for q in raw.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    assert len(in_default) == len(set(in_default))
    assert set(in_default) == {triple(q) for q in trig_quads}
    note = json.loads((seed_build / "BUILD.json").read_text(encoding="utf-8"))["default_graph"]
    assert note["holds"] == default.HOLDS and note["triples"] == len(set(in_default))
    assert set(raw.named_graphs()) == {q.graph_name for q in trig_quads}


def test_everything_but_sparql_sees_the_named_graphs_only(store, trig_quads):
    assert isinstance(store, default.UnionView)
    assert len(store) == len(trig_quads)
    assert sorted(map(str, store)) == sorted(map(str, trig_quads))
    assert list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())) == []
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert sorted(map(str, store.quads_for_pattern(None, label, None))) == \
        sorted(str(q) for q in trig_quads if q.predicate == label)
    a_quad = trig_quads[0]
    assert a_quad in store and ox.Quad(*triple(a_quad)) not in store
    nquads = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
    assert len(nquads) == len(trig_quads)
    assert store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) == b""


def _rows(res, query: str) -> list[tuple]:
    """A result's rows as comparable text: blank nodes (their labels are the store's) as `_`, and a
    GROUP_CONCAT's items sorted (SPARQL leaves their order open, and it follows the order the store reads in)."""
    concat = {var.lower(): sep for sep, var in
              re.findall(r'GROUP_CONCAT\(.*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', query, re.I | re.S)}

    def cell(var, t):
        if t is None:
            return ""
        if t.type == "bnode":
            return "_"
        sep = concat.get(var.lower())
        return f"{t.type}:{t.value if sep is None else sorted(t.value.split(sep))}"

    return sorted(tuple(cell(v, t) for v, t in zip(res.variables, row)) for row in res.rows)


@pytest.mark.parametrize("cq", canned_queries(), ids=lambda cq: cq.name)
def test_canned_queries_answer_what_the_union_of_the_named_graphs_answers(store, before, cq):
    bindings = parse_bindings(list(cq.example.bindings)) if cq.example and cq.example.bindings else None
    now, then = run_local(store, cq.text, cq.name, bindings), run_local(before, cq.text, cq.name, bindings)
    assert now.variables == then.variables
    assert _rows(now, cq.text) == _rows(then, cq.text)
    if cq.example is not None:
        assert len(now.rows) == cq.example.rows


def test_a_build_without_the_copy_is_asked_with_the_union_flag(tmp_path, seed_build, trig_quads, store):
    """An older build: named graphs only and no `default_graph` in BUILD.json; it answers as before."""
    old = tmp_path / "old"
    old.mkdir()
    made = ox.Store(str(old / "store"))
    made.extend(trig_quads)
    made.flush()
    del made
    marker = json.loads((seed_build / "BUILD.json").read_text(encoding="utf-8"))
    marker.pop("default_graph")
    (old / "BUILD.json").write_text(json.dumps(marker), encoding="utf-8")
    opened = open_store(old)
    assert not isinstance(opened, default.UnionView)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?t pol:involvesUnit ?u }"
    assert run_local(opened, count).rows == run_local(store, count).rows
    assert int(run_local(opened, count).rows[0][0].value) == \
        sum(1 for q in trig_quads if q.predicate.value.endswith("#involvesUnit"))


def _answer(store, text: str, **dataset) -> int:
    body = collect(execute(store, Job(text, fmt="json", **dataset), Caps()))[2]
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_the_endpoint_dataset_is_as_the_protocol_says(store, trig_quads):
    """No dataset: the default graph is the union (each triple once) and GRAPH ?g ranges over the named graphs
    only; default-graph-uri / named-graph-uri pick exactly the graphs they name."""
    graphs = {q.graph_name.value for q in trig_quads}
    doc = next(g for g in sorted(graphs) if "/graph/" in g and not g.endswith(("entities", "lineage")))
    all_triples = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _answer(store, all_triples) == len({triple(q) for q in trig_quads})
    assert _answer(store, named) == len(graphs)
    in_doc = sum(1 for q in trig_quads if q.graph_name.value == doc)
    assert _answer(store, all_triples, default_graphs=(doc,)) == in_doc
    assert _answer(store, all_triples, named_graphs=(doc,)) == 0  # the default graph is then empty
    assert _answer(store, named, named_graphs=(doc,)) == 1


def test_the_union_flag_asked_of_the_view_counts_each_triple_once(store, trig_quads):
    res = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True,
                      prefixes=prefixes())
    assert int(next(iter(res))["n"].value) == len({triple(q) for q in trig_quads})


def test_the_build_leaves_no_write_ahead_logs(seed_build):
    """A build's store kept every write-ahead log it wrote (10 MB on the seeds, 2.5 GB at 1,000 documents)."""
    logs = list((seed_build / "store").resolve().glob("*.log"))
    assert sum(p.stat().st_size for p in logs) < 1 << 20


def test_drop_logs_leaves_an_open_store_alone(tmp_path):
    s = ox.Store(str(tmp_path / "s"))
    s.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))
    default.drop_logs(tmp_path / "s")  # locked by `s`: nothing happens, nothing raises
    assert len(s) == 1
    del s
    shutil.rmtree(tmp_path / "s")


def _bench_query_scale():
    """bench/bench_query_scale.py, whose `materialise` writes the union after a build (the layout it compares)."""
    import importlib.util
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "bench"
    sys.path.insert(0, str(bench))
    spec = importlib.util.spec_from_file_location("bench_query_scale", bench / "bench_query_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_materialise_copies_every_term_exactly_each_triple_once(tmp_path):
    """The copy goes through an N-Triples file: blank nodes keep their labels, literals their language or
    datatype, and a triple held by two graphs is in the default graph once; the scratch file is gone."""
    s = ox.Store(str(tmp_path / "s"))
    g = [ox.NamedNode(f"http://x/g{i}") for i in range(3)]
    p = ox.NamedNode("http://x/p")
    objects = [ox.Literal("河长", language="zh"), ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
               ox.Literal('a "quoted"\nline'), ox.BlankNode("b1"), ox.NamedNode("http://x/o")]
    quads = [ox.Quad(ox.NamedNode(f"http://x/s{j}"), p, objects[j % 5], g[j % 3]) for j in range(60)]
    quads.append(ox.Quad(ox.BlankNode("b1"), p, objects[0], g[2]))
    quads.append(ox.Quad(ox.NamedNode("http://x/s0"), p, objects[0], g[1]))  # held by g0 and g1
    s.extend(quads)
    note = _bench_query_scale().materialise(s, tmp_path)
    in_default = {triple(q) for q in s.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert in_default == {triple(q) for q in quads}
    assert note["default_graph"]["triples"] == 61
    assert not (tmp_path / "union.nt").exists()
