"""kg viz at the HTML level (no browser): every view's page is self-contained, UTF-8, escapes document
text, and holds exactly the nodes the contract's SPARQL says it should."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import viz_synth
from kg.cli import app
from kg.explore.query import run_local
from kg.graph.store import open_store
from kg.viz.draw import build_view, write_view
from kg.viz.layout import PHYSICS_MAX
from kg.viz.model import Edge, Node, ViewGraph

ID = "https://w3id.org/policy-kg/id/"
P2 = f"{ID}plan/p2"
ROLES = "pol:leadUnit pol:responsibleUnit pol:participantUnit pol:implementingUnit"

#: what each view must draw, asked independently of the view code
EXPECTED = {
    "overview": viz_synth.OVERVIEW_SPARQL,
    "agencies": f"""SELECT DISTINCT ?x WHERE {{ ?t ?p ?u VALUES ?p {{ {ROLES} }} ?t a pol:Task . ?u a pol:Unit .
                    VALUES ?end {{ 0 1 }} BIND(IF(?end = 0, ?t, ?u) AS ?x) }}""",
    "river": """SELECT DISTINCT ?x WHERE {
        { ?x a pol:River } UNION { ?x a pol:Section }
        UNION { ?x a pol:Task ; pol:mentions ?m . { ?m a pol:River } UNION { ?m a pol:Section } }
        UNION { ?x a pol:Target ; pol:targetSection ?s }
        UNION { ?x pol:hasTarget ?t . ?t pol:targetSection ?s } }""",
}

EXTERNAL = [
    re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"<link\b", re.I),
    re.compile(r"<script[^>]*\bsrc\s*=", re.I),
]


@pytest.fixture(scope="module")
def synth_build(tmp_path_factory) -> Path:
    return viz_synth.make_build(tmp_path_factory.mktemp("viz") / "build")


@pytest.fixture(scope="module")
def synth_store(synth_build):
    return open_store(synth_build)


def sparql_set(store, query: str) -> set[str]:
    res = run_local(store, query)
    return {row[0].value for row in res.rows if row[0] is not None}


def lineage_expected(store, plan: str) -> set[str]:
    """The plan, its tasks, everything upstream and downstream of them, and the documents of those tasks."""
    core = sparql_set(store, f"""SELECT DISTINCT ?x WHERE {{
        {{ BIND(<{plan}> AS ?x) }} UNION {{ <{plan}> pol:hasTask ?x }}
        UNION {{ <{plan}> pol:hasTask?/prov:wasDerivedFrom+ ?x }}
        UNION {{ ?x prov:wasDerivedFrom+/(^pol:hasTask)? <{plan}> }} }}""")
    values = " ".join(f"<{x}>" for x in core)
    return core | sparql_set(store, f"SELECT DISTINCT ?d WHERE {{ VALUES ?t {{ {values} }} ?d pol:hasTask ?t }}")


page_payload = viz_synth.page_data


def write(store, tmp_path: Path, view: str, **kw) -> Path:
    g = build_view(store, view, **kw)
    return write_view(g, tmp_path / f"{view}.html")


VIEWS = [
    ("overview", {}),
    ("agencies", {}),
    ("river", {}),
    ("lineage", {"plan": "孟州"}),
    ("lineage", {"task": "p2 1"}),
    ("lineage", {}),
    ("ego", {"node": "蟒河", "depth": 2}),
    ("query", {"query": "SELECT ?t ?u WHERE { ?t pol:leadUnit ?u }"}),
]


@pytest.mark.parametrize("view,kw", VIEWS, ids=[f"{v}-{'-'.join(map(str, k.values()))}" for v, k in VIEWS])
def test_page_is_self_contained(synth_store, tmp_path, view, kw):
    path = write(synth_store, tmp_path, view, **kw)
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # written as UTF-8 whatever the locale
    assert '<meta charset="utf-8">' in text
    for pattern in EXTERNAL:
        assert not pattern.search(text), f"{pattern.pattern} found in {view}"
    assert "vis.Network" in text and "kg-data" in text  # vis-network and our script are inline
    assert '"Noto Sans CJK SC", "Source Han Sans SC"' in text


@pytest.mark.parametrize("view", ["overview", "agencies", "river"])
def test_view_nodes_match_sparql(synth_store, tmp_path, view):
    expected = sparql_set(synth_store, EXPECTED[view])
    assert expected, "the synthetic build should have data for every view"
    data = page_payload(write(synth_store, tmp_path, view))
    assert {n["id"] for n in data["nodes"]} == expected


def test_lineage_of_plan_matches_sparql_and_levels(synth_store, tmp_path):
    expected = lineage_expected(synth_store, P2)
    data = page_payload(write(synth_store, tmp_path, "lineage", plan="p2"))
    assert {n["id"] for n in data["nodes"]} == expected
    assert data["mode"] == "layered"
    row = {n["id"]: n["v"] for n in data["nodes"]}
    # top-down by government level: province directive above city plan above county plan, tasks below their document
    assert row[f"{ID}plan/d1"] < row[f"{ID}plan/p1"] < row[P2]
    assert row[f"{ID}plan/d1/task/1"] < row[f"{ID}plan/p1/task/1"] < row[f"{ID}plan/p2/task/1"]
    assert row[P2] < row[f"{ID}plan/p2/task/1"] < row[f"{ID}plan/p2/task/4"]  # task 4 derives from task 2 of the same plan
    assert [b["name"] for b in data["bands"]] == ["省级 province", "市级 city", "县级 county"]


def test_lineage_edges_carry_the_score(synth_store, tmp_path):
    res = run_local(synth_store, """SELECT ?d ?s ?score WHERE { ?d prov:qualifiedDerivation ?q . ?q prov:entity ?s ; pol:score ?score }""")
    scores = {(r[1].value, r[0].value): f"{float(r[2].value):.2f}" for r in res.rows}
    data = page_payload(write(synth_store, tmp_path, "lineage"))
    drawn = {(e["f"], e["t"]): e.get("l") for e in data["edges"] if e["r"] == "wasDerivedFrom"}
    assert scores and all(drawn[k] == v for k, v in scores.items())  # drawn source → derived, labelled with the score


def test_lineage_of_task(synth_store, tmp_path):
    data = page_payload(write(synth_store, tmp_path, "lineage", task="p2 1"))
    ids = {n["id"] for n in data["nodes"]}
    assert {f"{ID}plan/p2/task/1", f"{ID}plan/p1/task/1", f"{ID}plan/d1/task/1"} <= ids
    assert f"{ID}plan/p2/task/2" not in ids


def test_ego_matches_sparql(synth_store, tmp_path):
    center = f"{ID}river/蟒河"
    expected = {center} | sparql_set(synth_store, f"""SELECT DISTINCT ?x WHERE {{
        {{ <{center}> ?p ?x }} UNION {{ ?x ?p <{center}> }} FILTER(isIRI(?x) && ?p != rdf:type) }}""")
    data = page_payload(write(synth_store, tmp_path, "ego", node="蟒河", depth=1))
    assert {n["id"] for n in data["nodes"]} == expected


def test_document_text_is_escaped(synth_store, tmp_path):
    path = write(synth_store, tmp_path, "overview")
    text = path.read_text(encoding="utf-8")
    assert "<img" not in text and "<b>加粗" not in text and "</script><script>window" not in text
    template = (Path(__file__).resolve().parent.parent / "kg" / "data" / "viz.html").read_text(encoding="utf-8")
    assert text.count("</script") == template.count("</script")  # nothing from the data closes a script block
    quote = {n["id"]: n.get("q") for n in viz_synth.every_node(page_payload(path))}[f"{ID}plan/p2/task/3"]
    assert quote == viz_synth.EVIL  # shown verbatim, as text (it waits in the page for a click on its plan)


def test_chinese_labels_written_as_utf8(synth_store, tmp_path):
    text = write(synth_store, tmp_path, "overview").read_text(encoding="utf-8")
    assert "孟州市2025年碧水保卫战实施方案" in text and "市生态环境局" in text


@pytest.mark.parametrize("tasks", [False, True])
def test_legend_and_filters_data(synth_store, tmp_path, tasks):
    data = page_payload(write(synth_store, tmp_path, "overview", tasks=tasks))
    assert {"Plan", "Task", "Unit", "Directive", "Jurisdiction"} <= set(data["classes"])
    roles = {k for k, r in data["relations"].items() if r.get("role")}
    assert roles == {"leadUnit", "responsibleUnit", "participantUnit", "implementingUnit"}
    for r in data["relations"].values():
        assert r["color"].startswith("#") and r["count"] > 0
    edges = data["edges"] + [e for v in data["more"].values() for e in v["edges"]]
    edge = next(e for e in edges if e["r"] == "leadUnit" and e["f"].endswith("p2/task/1"))
    if tasks:  # role evidence from the obligation; a task waiting for a click carries the clause in its quote
        assert edge["q"] == "市水利局牵头" and edge["file"] == "p2.txt"
    else:
        task = next(n for n in viz_synth.every_node(data) if n["id"] == edge["f"])
        assert "市水利局牵头" in task["q"] and task["f"] == "p2.txt"
    assert bool(data["more"]) is not tasks  # the tasks are drawn, or wait for a click on their plan
    assert {p["l"]: (p.get("j"), p.get("y")) for p in data["plans"]} == {
        "河南省2024年水污染防治攻坚战实施方案": ("河南省", "2024"), "焦作市2024年水污染防治攻坚战实施方案": ("焦作市", "2024"),
        "孟州市2025年碧水保卫战实施方案": ("孟州市", "2025")}


def test_query_construct_and_select(synth_store, tmp_path):
    g = build_view(synth_store, "query", query="""CONSTRUCT { ?t pol:mentions ?r . ?r a pol:River . ?t rdfs:label ?l }
                                            WHERE { ?t pol:mentions ?r . ?r a pol:River . ?t rdfs:label ?l }""")
    expected = sparql_set(synth_store, """SELECT DISTINCT ?x WHERE { ?t pol:mentions ?r . ?r a pol:River . ?t rdfs:label ?l .
                                    VALUES ?end { 0 1 } BIND(IF(?end = 0, ?t, ?r) AS ?x) }""")
    pairs = run_local(synth_store, "SELECT DISTINCT ?t ?r WHERE { ?t pol:mentions ?r . ?r a pol:River . ?t rdfs:label ?l }").rows
    assert set(g.nodes) == expected
    assert {n.cls for n in g.nodes.values()} == {"Task", "River"}  # rdf:type styles the nodes, it is no edge
    assert {e.rel for e in g.edges} == {"mentions"} and len(g.edges) == len(pairs)
    g = build_view(synth_store, "query", query="SELECT ?p ?pLabel ?t ?u WHERE { ?p pol:hasTask ?t . ?t pol:leadUnit ?u . ?p dcterms:title ?pLabel }")
    rels = {e.rel for e in g.edges}
    assert rels == {"?p → ?t", "?t → ?u"}
    assert g.nodes[P2].label == "孟州市2025年碧水保卫战实施方案"


def test_query_file(synth_store, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?s ?o WHERE { ?s pol:onRiver ?o }", encoding="utf-8")
    g = build_view(synth_store, "query", query=str(q))
    assert len(g.edges) == 2 and {n.cls for n in g.nodes.values()} == {"Section", "River"}


def _graph(n: int) -> ViewGraph:
    g = ViewGraph("t", "t")
    for i in range(n):
        g.add_node(Node(f"n{i}", f"节点{i}", "Task" if i % 10 else "Unit"))
    for i in range(n):
        g.add_edge(Edge(f"n{i}", f"n{(i // 10) * 10}", "responsibleUnit"))
        g.add_edge(Edge(f"n{i}", f"n{(i * 7) % n}", "participantUnit"))
    return g


@pytest.mark.parametrize("n", [PHYSICS_MAX + 50, 1200])
def test_large_views_get_precomputed_positions(tmp_path, n):
    path = write_view(_graph(n), tmp_path / "big.html")
    data = page_payload(path)
    assert data["mode"] == "fixed"  # physics off in the page
    xs = [(d["x"], d["y"]) for d in data["nodes"]]
    assert len(xs) == n and len(set(xs)) > n * 0.95  # every node placed, (almost) no two on the same spot


def test_small_views_use_physics(tmp_path):
    assert page_payload(write_view(_graph(40), tmp_path / "small.html"))["mode"] == "physics"


# ---- the command line ------------------------------------------------------------------------------

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_cli_default_view_and_path(synth_build):
    r = kg("viz", "--build", str(synth_build))
    assert r.exit_code == 0, r.output
    path = Path(r.output.strip())
    assert path == synth_build / "viz" / "overview.html" and path.is_file()


def test_cli_output_option(synth_build, tmp_path):
    out = tmp_path / "sub" / "agencies.html"
    r = kg("viz", "agencies", "--build", str(synth_build), "-o", str(out))
    assert r.exit_code == 0 and r.output.strip() == str(out) and out.is_file()


def test_cli_ego_ambiguous_label_lists_candidates(synth_build):
    r = kg("viz", "ego", "市生态环境局", "--build", str(synth_build))
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert "ambiguous" in out and r"unit\/410800\/市生态环境局" in out and r"unit\/410883\/市生态环境局" in out
    assert "Traceback" not in r.output


@pytest.mark.parametrize("args,needle", [
    (["viz", "nosuchview"], "no such view"),
    (["viz", "lineage", "--plan", "不存在的方案"], "no plan matches"),
    (["viz", "lineage", "--task", "不存在的任务"], "no task matches"),
    (["viz", "ego", "不存在的节点"], "no node matches"),
    (["viz", "ego"], "name a node"),
    (["viz", "--query", "ASK { ?s ?p ?o }"], "ASK"),
    (["viz", "--query", "SELECT WHERE {"], "syntax"),
    (["viz", "overview", "--plan", "p2"], "lineage"),
    (["viz", "agencies", "--query", "SELECT * WHERE { ?s ?p ?o }"], "--query"),
    (["viz", "agencies", "--tasks"], "only applies to the overview"),
    (["viz", "--png", "figure.jpg"], "ending in .png"),
    (["viz", "--svg", "figure.png"], "ending in .svg"),
    (["viz", "--png", "figure.png", "--scale", "0.5"], "between 1 and 8"),
    (["viz", "--png", "figure.png", "--scale", "12"], "between 1 and 8"),
    (["viz", "--png", "figure.png", "--scale", "nan"], "between 1 and 8"),
])
def test_cli_user_errors_are_one_line(synth_build, args, needle):
    r = kg(*args, "--build", str(synth_build))
    assert r.exit_code == 2, r.output
    assert needle in " ".join(r.output.split())
    assert "Traceback" not in r.output


def test_cli_png_without_browser_is_one_line(synth_build, tmp_path, monkeypatch):
    from kg.viz import browser

    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "no-chromium"))
    r = kg("viz", "--build", str(synth_build), "-o", str(tmp_path / "o.html"), "--png", str(tmp_path / "o.png"))
    assert r.exit_code == 2 and "needs headless Chromium" in " ".join(r.output.split())
    assert "Traceback" not in r.output and not (tmp_path / "o.png").exists()


def test_cli_not_a_build(tmp_path):
    r = kg("viz", "--build", str(tmp_path))
    assert r.exit_code == 2 and "not a policy-kg build" in " ".join(r.output.split())
