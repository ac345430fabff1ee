"""The overview at plan level: what a corpus holds, readable at a glance for five plans or a hundred.

One node per plan, the jurisdictions the plans belong to (with their chain up: 孟州市 → 焦作市 → 河南省),
the documents they cite or derive from, and the agencies their tasks bind. A plan and an agency share one
edge, however many tasks join them: coloured by the highest role the agency has in that plan (牵头 > 负责
> 落实 > 参与) and as wide as the number of tasks. Lineage between documents is one edge per pair: the
plan's own derivation with its score, widened by how many of its tasks derive from the other's tasks.

A plan's tasks come on demand: they travel in the page (`ViewGraph.expand`) and appear, with their
task → agency edges and task derivations, when the plan is clicked; `tasks=True` (`kg viz overview
--tasks`) draws them all from the start. Every node has a cluster (`Node.group`, a jurisdiction), and the
`clusters` layout draws each jurisdiction as a disc with its sub-jurisdictions around it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pyoxigraph as ox

from kg.viz.lineage import decorate, derivation_edges
from kg.viz.model import Edge, Node, ViewGraph
from kg.viz.sparql import batches, describe, ensure, rows, values
from kg.viz.style import ROLE_RELS
from kg.viz.views import ROLE_PREDICATES, add_relation, role_evidence

#: the highest role present colours a plan → agency edge
ROLE_RANK = ("leadUnit", "responsibleUnit", "implementingUnit", "participantUnit")
ROLE_ZH = {"leadUnit": "牵头", "responsibleUnit": "负责", "implementingUnit": "落实", "participantUnit": "参与"}
QUIET = {"Task": 8, "Unit": 11, "Directive": 11, "PolicyDocument": 11, "Standard": 11, "Plan": 15}
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
TITLE = "总览 Overview: plans by jurisdiction, their sources and agencies"


def overview(store: ox.Store, tasks: bool = False) -> ViewGraph:
    """The plan-level overview; with `tasks`, every task drawn (else each plan's tasks wait in `expand`)."""
    g = ViewGraph("overview", TITLE + (" and tasks" if tasks else " (click a plan for its tasks)"),
                  layout="clusters", fonts=QUIET)
    place = _plans(store, g)
    derivations = derivation_edges(store)
    _documents(store, g, derivations)
    roles = " UNION ".join(f"{{ ?t {p} ?u BIND({p} AS ?r) }}" for p in ROLE_PREDICATES.split())
    bindings = rows(store, f"SELECT ?p ?t ?u ?r WHERE {{ {roles} ?p pol:hasTask ?t . ?p a pol:Plan . ?u a pol:Unit }}")
    _agencies(store, g, bindings)
    describe(store, g)
    by_plan = _tasks(store, g, bindings, derivations)
    if tasks:
        for nodes, edges in by_plan.values():
            for n in nodes:
                g.add_node(n)
            g.edges.extend(edges)
        g.edges = [e for e in g.edges if e.summarises is None]
        role_evidence(store, g)
    else:  # the clause of each role is in its task's quote: no evidence query for edges that may never be drawn
        g.expand = by_plan
    _jurisdictions(store, g, place)
    _clusters(store, g, place)
    g.dedupe_edges()
    g.drop_dangling()
    return g


def _plans(store: ox.Store, g: ViewGraph) -> dict[str, str]:
    """Every plan as a node; returns plan → its jurisdiction."""
    place = {}
    for r in rows(store, "SELECT ?p ?j WHERE { ?p a pol:Plan OPTIONAL { ?p pol:jurisdiction ?j } }"):
        ensure(g, r["p"], "Plan").plans.add(r["p"])
        if r.get("j"):
            place[r["p"]] = r["j"]
    return place


def _documents(store: ox.Store, g: ViewGraph, derivations: list[dict[str, str]]) -> None:
    """Cited and source documents; one lineage edge per pair of documents (source → derived)."""
    plans = set(g.nodes)
    derived: dict[tuple[str, str], Edge] = {}
    for r in derivations:
        if r["d"] in plans:  # a plan's own derivation, with its score
            _belongs(ensure(g, r["s"]), r["d"])
            e = add_relation(g, r["d"], DERIVED, r["s"])
            decorate(e, r)
            derived[(r["s"], r["d"])] = e
    counts: Counter[tuple[str, str]] = Counter()
    for r in rows(store, """SELECT ?sp ?dp (COUNT(DISTINCT ?t) AS ?n) WHERE { ?dp a pol:Plan ; pol:hasTask ?t .
                            ?t prov:wasDerivedFrom ?s . ?sp pol:hasTask ?s FILTER(?sp != ?dp) } GROUP BY ?sp ?dp"""):
        counts[(r["sp"], r["dp"])] = int(r["n"])
    for (src, dst), n in counts.items():
        e = derived.get((src, dst))
        if e is None:
            _belongs(ensure(g, src), dst)
            e = derived[(src, dst)] = Edge(src, dst, "wasDerivedFrom")
            g.add_edge(e)
        e.weight = n
        e.info.append(("任务派生 tasks derived", str(n)))
    for r in rows(store, "SELECT ?p ?d WHERE { ?p a pol:Plan ; pol:cites ?d FILTER(isIRI(?d)) }"):
        if (r["d"], r["p"]) not in derived:
            _belongs(ensure(g, r["d"]), r["p"])
            g.add_edge(Edge(r["p"], r["d"], "cites"))


def _belongs(node: Node, plan: str) -> None:
    """A document shown while a plan that cites or derives from it is; a plan only while it passes itself."""
    if node.cls != "Plan":
        node.plans.add(plan)


def _agencies(store: ox.Store, g: ViewGraph, bindings: list[dict[str, str]]) -> None:
    """One edge per plan and agency (highest role, width = tasks), and the plans' issuers."""
    tasks: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    load: Counter[str] = Counter()
    for r in bindings:
        rel = r["r"].rsplit("#", 1)[-1]
        if rel in ROLE_RELS:
            tasks[(r["p"], r["u"])][rel].add(r["t"])
    for (p, u), by_role in tasks.items():
        n = len(set().union(*by_role.values()))
        load[u] += n
        ensure(g, u, "Unit").plans.add(p)
        top = next(role for role in ROLE_RANK if role in by_role)
        parts = "，".join(f"{ROLE_ZH[role]} {len(by_role[role])}" for role in ROLE_RANK if role in by_role)
        g.add_edge(Edge(p, u, top, weight=n, summarises=p, info=[("任务数 tasks", f"{n}（{parts}）")]))
    for r in rows(store, "SELECT ?p ?u WHERE { ?p a pol:Plan ; pol:issuedBy ?u }"):
        ensure(g, r["u"], "Unit").plans.add(r["p"])
        g.add_edge(Edge(r["p"], r["u"], "issuedBy"))
    for u, k in load.items():
        g.nodes[u].size = round(7 + 2.2 * math.sqrt(k), 1)
        g.nodes[u].info.append(("任务数 load", str(k)))


TASKS = """SELECT ?p ?t ?l ?title ?q ?f ?a ?b ?n ?d WHERE { ?p a pol:Plan ; pol:hasTask ?t .
    OPTIONAL { ?t rdfs:label ?l } OPTIONAL { ?t dcterms:title ?title } OPTIONAL { ?t pol:quote ?q }
    OPTIONAL { ?t pol:sourceFile ?f } OPTIONAL { ?t pol:charStart ?a } OPTIONAL { ?t pol:charEnd ?b }
    OPTIONAL { ?t pol:taskNumber ?n } OPTIONAL { ?t pol:deadline ?d } }"""


def _tasks(store: ox.Store, g: ViewGraph, bindings: list[dict[str, str]],
           derivations: list[dict[str, str]]) -> dict[str, tuple[list[Node], list[Edge]]]:
    """Each plan's tasks as nodes (one query, not a describe per batch: a corpus has thousands), with their
    task → agency edges and the derivations into them."""
    tasks: dict[str, Node] = {}
    plan_of: dict[str, str] = {}
    for r in rows(store, TASKS):
        node = tasks.get(r["t"])
        if node is None:
            node = tasks[r["t"]] = Node(r["t"], r.get("l") or r.get("title") or r["t"].rsplit("/", 1)[-1], "Task",
                                        quote=r.get("q"), file=r.get("f"), plans={r["p"]})
            if r.get("a", "").isdigit() and r.get("b", "").isdigit():
                node.span = (int(r["a"]), int(r["b"]))
            if r.get("n"):
                node.info.append(("任务编号", r["n"]))
            plan_of[r["t"]] = r["p"]
        if r.get("d") and ("期限", r["d"]) not in node.info:
            node.info.append(("期限", r["d"]))
    out: dict[str, tuple[list[Node], list[Edge]]] = defaultdict(lambda: ([], []))
    for t, p in plan_of.items():
        out[p][0].append(tasks[t])
        out[p][1].append(Edge(p, t, "hasTask"))
    for r in bindings:
        out[r["p"]][1].append(Edge(r["t"], r["u"], r["r"].rsplit("#", 1)[-1]))
    for r in derivations:  # between tasks: drawn when both are on the page
        if r["d"] in plan_of and r["s"] in plan_of:
            e = Edge(r["s"], r["d"], "wasDerivedFrom")
            decorate(e, r)
            out[plan_of[r["d"]]][1].append(e)
    for p, (nodes, _) in out.items():
        g.nodes[p].size = round(16 + 2 * math.sqrt(len(nodes)), 1)
        g.nodes[p].info.append(("任务数 tasks", str(len(nodes))))
    return dict(out)


def _jurisdictions(store: ox.Store, g: ViewGraph, place: dict[str, str]) -> None:
    """The plans' jurisdictions and their chain up, as nodes, plan → jurisdiction and part-of edges."""
    chain: dict[str, str | None] = {}
    todo = set(place.values())
    while todo:
        found = {}
        for chunk in batches(sorted(todo)):
            for r in rows(store, f"SELECT ?j ?up WHERE {{ {values('j', chunk)} OPTIONAL {{ ?j pol:partOf ?up }} }}"):
                found[r["j"]] = r.get("up")
        chain.update(found)
        todo = {up for up in found.values() if up and up not in chain}
    for j, up in chain.items():
        ensure(g, j, "Jurisdiction")
        if up:
            ensure(g, up, "Jurisdiction")
            g.add_edge(Edge(j, up, "partOf"))
    for p, j in place.items():
        g.add_edge(Edge(p, j, "jurisdiction"))
        while j:  # a jurisdiction is shown while a plan in it, or below it, is
            g.nodes[j].plans.add(p)
            j = chain.get(j)
    describe(store, g, list(chain))
    g.groups = {j: (g.nodes[j].label, up) for j, up in chain.items()}


def _clusters(store: ox.Store, g: ViewGraph, place: dict[str, str]) -> None:
    """Each node's cluster: its own jurisdiction (plans, agencies), else where the plans it joins are."""
    for j in g.groups:
        g.nodes[j].group = j
    for p, j in place.items():
        g.nodes[p].group = j
    units = [n.id for n in g.nodes.values() if n.cls == "Unit"]
    for chunk in batches(units):
        for r in rows(store, f"SELECT ?u ?j WHERE {{ {values('u', chunk)} ?u pol:jurisdiction ?j }}"):
            if r["j"] in g.groups:
                g.nodes[r["u"]].group = r["j"]
    for n in g.nodes.values():
        if n.group is None:
            n.group = _common_group(g, [place[p] for p in n.plans if p in place])
    for nodes, _ in g.expand.values():
        for n in nodes:
            n.group = next((place[p] for p in n.plans if p in place), None)


def _common_group(g: ViewGraph, groups: list[str]) -> str | None:
    """The one cluster of all `groups`, else their nearest common jurisdiction up the chain, else None."""
    if not groups:
        return None
    common = None
    for j in groups:
        up, line = j, []
        while up:
            line.append(up)
            up = g.groups.get(up, ("", None))[1]
        common = line if common is None else [x for x in common if x in line]
    return common[0] if common else None
