"""Are two builds the same graph? Quads without blank nodes compared as sets, the rest graph by graph by
rdflib isomorphism. Usage: python bench/same_quads.py A/kg.trig B/kg.trig  (exit 0 when identical)."""

from __future__ import annotations

import sys
from collections import defaultdict

import pyoxigraph as ox


def split(path: str):
    ground, blank = set(), defaultdict(list)
    for q in ox.parse(path=path, format=ox.RdfFormat.TRIG):
        if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)):
            blank[str(q.graph_name)].append(q)
        else:
            ground.add(q)
    return ground, blank


def isomorphic(a: list, b: list) -> bool:
    from rdflib import Graph
    from rdflib.compare import isomorphic as iso

    def g(quads):
        return Graph().parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")

    return len(a) == len(b) and iso(g(a), g(b))


def main(a: str, b: str) -> int:
    ga, ba = split(a)
    gb, bb = split(b)
    only_a, only_b = ga - gb, gb - ga
    graphs = sorted(set(ba) | set(bb))
    bad = [name for name in graphs if not isomorphic(ba.get(name, []), bb.get(name, []))]
    print(f"{a}: {len(ga) + sum(map(len, ba.values()))} quads; {b}: {len(gb) + sum(map(len, bb.values()))} quads")
    print(f"ground quads only in the first: {len(only_a)}, only in the second: {len(only_b)}; "
          f"graphs with blank nodes: {len(graphs)}, not isomorphic: {len(bad)}")
    for q in sorted(map(str, only_a))[:10]:
        print("  -", q)
    for q in sorted(map(str, only_b))[:10]:
        print("  +", q)
    return 0 if not (only_a or only_b or bad) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
