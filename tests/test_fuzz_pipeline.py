"""Fuzzing the whole pipeline: damaged seeds never raise an unhandled exception and always give a graph
that passes SHACL.

Mutations are the damage real folders show: spans deleted (a page lost), brackets inserted or left
unbalanced, lines shuffled, punctuation swapped between full and half width, random CJK noise. Each example
is read, extracted, written as quads and validated with the project's shapes, all in memory.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.errors import InputError
from kg.extract.document import Extractor
from kg.graph import iris
from kg.graph.builder import GraphBuilder
from kg.graph.quads import QuadSink
from kg.graph.validate import SHAPES
from kg.ingest.readers import Source
from kg.lineage import quads as rdf_lineage
from kg.reference import UnitTable

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
SWAPS = {"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "。": ".", "、": ","}


@pytest.fixture(scope="module")
def extractor():
    return Extractor(ROOT / "corpus")


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(SHAPES, format="turtle")


def mutate(text: str, ops: list[tuple[str, int, int]], noise: str) -> str:
    """Apply (kind, a, b) edits; positions are taken modulo the text length so every draw is valid."""
    for kind, a, b in ops:
        n = max(len(text), 1)
        i = a % n
        if kind == "delete":
            text = text[:i] + text[i + b % 400:]
        elif kind == "bracket":
            text = text[:i] + "（〔【"[b % 3] * (1 + b % 5) + text[i:]
        elif kind == "close":
            text = text[:i] + "）〕】"[b % 3] + text[i:]
        elif kind == "shuffle":
            lines = text.split("\n")
            random.Random(b).shuffle(lines)
            text = "\n".join(lines)
        elif kind == "swap":
            text = "".join(SWAPS.get(c, c) if (k + b) % 3 == 0 else c for k, c in enumerate(text))
        elif kind == "noise":
            text = text[:i] + noise + text[i:]
    return text


OPS = st.lists(st.tuples(st.sampled_from(["delete", "bracket", "close", "shuffle", "swap", "noise"]),
                         st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=6)
NOISE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40)


def graph_of(doc) -> Graph:
    """The document's quads (its graph, entities, lineage) as one rdflib graph, as `kg validate` checks."""
    store = ox.Store()
    builder = GraphBuilder(UnitTable(), QuadSink(store))
    builder.add(doc)
    builder.resolve()
    rdf_lineage.run(builder, [doc])
    builder.finish()
    g = Graph()
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    onto = f"<{iris.ONTOLOGY_GRAPH}>"
    lines = [ln.rsplit(" ", 2)[0] + " ." for ln in data.decode("utf-8").splitlines() if not ln.endswith(f"{onto} .")]
    return g.parse(data="\n".join(lines), format="nt")


# no shrinking in the suite: a failure prints its example; shrinking a whole-pipeline example takes minutes
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, len(TEXTS) - 1), ops=OPS, noise=NOISE)
def test_damaged_seeds_extract_and_validate(extractor, shapes, seed, ops, noise):
    from pyshacl import validate as shacl

    text = mutate(TEXTS[seed], ops, noise)
    try:
        doc = extractor.document(Source(path=Path("fuzz.txt"), text=text))
    except InputError:
        return  # a one-line, named refusal is an allowed outcome; anything else fails the test
    conforms, _, report = shacl(graph_of(doc), shacl_graph=shapes, inference="none", advanced=True)
    assert conforms, report[:2000]
