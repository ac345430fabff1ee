"""Are two builds the same graph?

`kg.trig` files: quads without blank nodes compared as sets, numeric literals by value (Oxigraph writes
xsd:decimal in its canonical form, `0.288` for `0.2880`), quads with blank nodes graph by graph by rdflib
isomorphism. Store folders: the quads of the two embedded stores compared exactly.

    python bench/same_quads.py BUILD_A BUILD_B     (exit 0 when identical)
"""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + "decimal", XSD + "integer"}


def canonical(t):
    if isinstance(t, ox.Literal) and t.datatype.value in NUMERIC:
        return ("num", t.datatype.value, Decimal(t.value).normalize())
    return t


def split(path: Path):
    ground, blank = set(), defaultdict(list)
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)):
            blank[str(q.graph_name)].append(q)
        else:
            ground.add((q.subject, q.predicate, canonical(q.object), q.graph_name))
    return ground, blank


def isomorphic(a: list, b: list) -> bool:
    from rdflib import Graph
    from rdflib.compare import isomorphic as iso

    def g(quads):
        return Graph().parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")

    return len(a) == len(b) and iso(g(a), g(b))


def compare_trig(a: Path, b: Path) -> bool:
    ga, ba = split(a)
    gb, bb = split(b)
    only_a, only_b = ga - gb, gb - ga
    graphs = sorted(set(ba) | set(bb))
    bad = [name for name in graphs if not isomorphic(ba.get(name, []), bb.get(name, []))]
    print(f"kg.trig: {len(ga) + sum(map(len, ba.values()))} vs {len(gb) + sum(map(len, bb.values()))} quads; "
          f"ground quads only in A: {len(only_a)}, only in B: {len(only_b)}; "
          f"graphs with blank nodes: {len(graphs)}, not isomorphic: {len(bad)}")
    for sign, diff in (("-", only_a), ("+", only_b)):
        for q in sorted(map(str, diff))[:10]:
            print(f"  {sign}", q)
    return not (only_a or only_b or bad)


def compare_stores(a: Path, b: Path) -> bool:
    sa, sb = (ox.Store.read_only(str(p / "store")) for p in (a, b))
    qa, qb = set(sa), set(sb)
    blank = sum(1 for q in qa if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode))
    same = {q for q in qa if not (isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode))}
    other = {q for q in qb if not (isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode))}
    print(f"store: {len(qa)} vs {len(qb)} quads; without blank nodes only in A: {len(same - other)}, "
          f"only in B: {len(other - same)} ({blank} quads with blank nodes compared in kg.trig)")
    return same == other and len(qa) == len(qb)


def main(a: str, b: str) -> int:
    a, b = ((Path(p) / "kg.trig").resolve().parent for p in (a, b))  # a versioned build: its current version
    ok = compare_trig(a / "kg.trig", b / "kg.trig")
    if (a / "store").is_dir() and (b / "store").is_dir():
        ok = compare_stores(a, b) and ok
    print("identical" if ok else "DIFFERENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
