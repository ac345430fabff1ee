"""The build's quad sink (kg/graph/quads.py): buffered bulk writes on a writer thread, the union copy in the
default graph, reads that see every write, and a failed bulk load that surfaces instead of vanishing."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.graph import quads as q
from kg.graph.terms import date, decimal, integer, plain, zh

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def test_rdflib_and_direct_terms_give_the_same_quads():
    """kg/graph/terms.py must mint exactly what the rdflib spelling minted (a build's quads unchanged)."""
    XSD = "http://www.w3.org/2001/XMLSchema#"
    pairs = [(zh("河长制"), Literal("河长制", lang="zh")), (plain("二"), Literal("二")),
             (integer(12), Literal(12, datatype=URIRef(XSD + "integer"))),
             (date("2025-06-30"), Literal("2025-06-30", datatype=URIRef(XSD + "date"))),
             (decimal("0.2880"), Literal("0.2880", datatype=URIRef(XSD + "decimal")))]
    for direct, via_rdflib in pairs:
        assert q.to_ox(via_rdflib) == direct and q.to_ox(direct) is direct


def test_union_sink_writes_each_triple_into_its_graph_and_the_default_graph(tmp_path, monkeypatch):
    monkeypatch.setattr(q, "BULK", 10)  # many bulk loads, handed to the writer thread while building goes on
    store = ox.Store(str(tmp_path / "s"))
    sink = q.QuadSink(store, union=True)
    for i in range(95):
        sink.graph(G1 if i % 2 else G2).add((URIRef(f"{EX}s{i % 30}"), URIRef(EX + "p"), plain(str(i % 7))))
        sink.commit()
    assert sink.graph(G1).value(URIRef(EX + "s1"), URIRef(EX + "p")) is not None  # a read flushes and waits
    sink.flush()
    named = {(x.subject, x.predicate, x.object) for x in store if not isinstance(x.graph_name, ox.DefaultGraph)}
    default = {(x.subject, x.predicate, x.object) for x in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    expected = {(ox.NamedNode(f"{EX}s{i % 30}"), ox.NamedNode(EX + "p"), ox.Literal(str(i % 7))) for i in range(95)}
    assert named == expected and default == expected and sink.written == 2 * 95


def test_reads_see_what_is_still_buffered(tmp_path):
    sink = q.QuadSink(ox.Store(str(tmp_path / "s")))
    g = sink.graph(G1)
    g.add((URIRef(EX + "a"), URIRef(EX + "label"), zh("甲")))
    assert (URIRef(EX + "a"), URIRef(EX + "label"), Literal("甲", lang="zh")) in g
    assert list(sink.subjects(URIRef(EX + "label"), Literal("甲", lang="zh"))) == [URIRef(EX + "a")]


def test_a_failed_bulk_load_is_raised_at_the_next_flush(tmp_path, monkeypatch):
    monkeypatch.setattr(q, "BULK", 1)

    class Broken:
        def bulk_extend(self, quads):
            raise OSError("disk full")

    sink = q.QuadSink(Broken())
    sink.graph(G1).add((URIRef(EX + "a"), URIRef(EX + "p"), plain("x")))
    sink.commit()
    with pytest.raises(OSError, match="disk full"):
        sink.flush()


def test_the_iri_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(q, "MAX_IRIS", 50)
    q._IRIS.clear()
    for i in range(500):
        assert q.to_ox(URIRef(f"{EX}n{i}")) == ox.NamedNode(f"{EX}n{i}")
    assert len(q._IRIS) <= 50


def test_abandon_waits_for_the_bulk_load_in_flight_and_drops_the_rest(monkeypatch):
    """A failed build removes its staging folder: no bulk load may still be writing into it by then."""
    import threading
    import time

    monkeypatch.setattr(q, "BULK", 1)
    done = threading.Event()

    class Slow:
        def bulk_extend(self, quads):
            time.sleep(0.3)
            done.set()
            raise OSError("the folder is being removed")  # moot: the build's own error is the one reported

    sink = q.QuadSink(Slow())
    sink.graph(G1).add((URIRef(EX + "a"), URIRef(EX + "p"), plain("x")))
    sink.commit()
    sink.graph(G1).add((URIRef(EX + "b"), URIRef(EX + "p"), plain("y")))
    sink.abandon()
    assert done.is_set() and sink._pending == []
