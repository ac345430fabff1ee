"""The registries agree with what they register: `POL` with the ontology file, the canned queries with their
headers and the seed build, and the `kg` app with the public contract's commands and options."""

import re
from importlib import resources

import pytest
import typer
from rdflib import Graph, URIRef

from conftest import ROOT
from kg.errors import InputError
from kg.explore.queries import CannedQuery, canned_queries, canned_query, parse_canned

CONTRACT = ROOT / "docs" / "contract.md"  # the shared contract (../shared/CONTRACT.md) and our extensions
# The first table of the contract: the commands promised from the start, and the options it names.
CONTRACT_COMMANDS = {
    "build": {"--corpus", "--out"},
    "query": {"--name", "--format", "--build", "--endpoint"},
    "trace": {"--build"},
    "viz": {"--build", "-o"},
    "serve": {"--build", "--host", "--port"},
}


# ---- POL is exactly the ontology ------------------------------------------------------------------

def ontology_terms() -> set[str]:
    from kg.graph.vocab import POL

    g = Graph().parse(source=resources.files("kg") / "ontology" / "policy.ttl", format="turtle")
    ns = str(POL._NS)
    return {str(s)[len(ns):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def test_pol_equals_the_ontology_terms():
    from kg.graph.vocab import POL

    declared = ontology_terms()
    in_code = set(POL.__annotations__)
    assert declared - in_code == set(), "declared in ontology/policy.ttl but missing from POL"
    assert in_code - declared == set(), "in POL but not declared in ontology/policy.ttl"


def test_ontology_uses_only_declared_pol_terms():
    from kg.graph.vocab import POL

    g = Graph().parse(source=resources.files("kg") / "ontology" / "policy.ttl", format="turtle")
    ns = str(POL._NS)
    used = {str(t)[len(ns):] for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
    assert used - ontology_terms() == set()


# ---- canned queries -------------------------------------------------------------------------------

QUERIES = canned_queries()


def test_canned_queries_are_all_the_files():
    files = sorted(f.name[:-3] for f in (resources.files("kg") / "queries").iterdir() if f.name.endswith(".rq"))
    assert [q.name for q in QUERIES] == files and len(files) >= 15
    assert all(isinstance(q, CannedQuery) for q in QUERIES)


@pytest.mark.parametrize("cq", QUERIES, ids=lambda q: q.name)
def test_canned_query_header(cq):
    assert cq.title and cq.description
    body = "\n".join(line for line in cq.text.splitlines() if not line.lstrip().startswith("#"))
    names = [p.name for p in cq.params]
    assert len(names) == len(set(names))
    for p in cq.params:
        assert re.search(rf"\?{p.name}\b", body), f"param {p.name} is not a variable of the query"
        assert p.optional or p.default or p.example, f"required param {p.name} has no default or example"


# No document is cited by two of the five seed plans, even counting tasks' citations: the hand-written entity
# gold lists 24 cited documents (DB41/2087—2021 is one of them), each in one seed only. The query is right
# (tests/test_entities.py shows it merging citations once a sixth plan cites what 000 cites); the seeds have no
# such document, and the header says so: `# example-rows: 0`.
EMPTY_ON_SEEDS = {"directives_cited_by_several_plans"}


def test_only_the_queries_the_seeds_cannot_answer_say_zero_rows():
    assert {q.name for q in QUERIES if q.example.rows == 0} == EMPTY_ON_SEEDS


@pytest.mark.parametrize("cq", QUERIES, ids=lambda q: q.name)
def test_canned_query_returns_rows_on_seeds(cq, store):
    from kg.explore.query import parse_bindings, run_local

    required = {p.name: p.default or p.example for p in cq.params if p.required}
    res = run_local(store, cq.text, cq.name, parse_bindings(required))
    assert res.kind == "select" and (len(res.rows) == 0 if cq.name in EMPTY_ON_SEEDS else len(res.rows) >= 1)
    for p in cq.params:
        if p.example:  # the example the header gives also finds something
            res = run_local(store, cq.text, cq.name, parse_bindings({**required, p.name: p.example}))
            assert len(res.rows) >= 1, f"--bind {p.name}={p.example} finds nothing"


def test_parse_canned_reads_params():
    cq = parse_canned("x", "# title: T\n# question: Q?\n# params: river — a label (e.g. 蟒河); optional, default all rivers\n"
                           "# params: year — the year, e.g. --bind year=2025; default 2024\nSELECT * { ?s ?p ?river }")
    river, year = cq.params
    assert (river.name, river.optional, river.default, river.example) == ("river", True, None, "蟒河")
    assert (year.name, year.required, year.default, year.example) == ("year", True, "2024", "2025")
    assert parse_canned("y", "# title: T\n# params: none\nASK {}").params == ()


@pytest.mark.parametrize("text,needle", [("# params: none\nASK {}", "title"),
                                         ("# title: T\n# params: just words\nASK {}", "params")])
def test_parse_canned_rejects_bad_headers(text, needle):
    with pytest.raises(InputError, match=needle):
        parse_canned("bad", text)


def test_unknown_canned_query_lists_known():
    with pytest.raises(InputError, match="no such canned query; known: agencies_all_roles, agencies_by_tasks_led"):
        canned_query("nope")


# ---- the command line against the contract ----------------------------------------------------------

def contract_first_table() -> dict[str, set[str]]:
    text = CONTRACT.read_text(encoding="utf-8")
    table = text.split("## Command line", 1)[1].split("\n\n", 2)[1]
    rows = {}
    for cell in re.findall(r"^\| `kg ([^`]+)` \|", table, re.MULTILINE):
        rows[cell.split()[0]] = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", cell))
    return rows


def test_contract_list_matches_contract():
    assert contract_first_table() == CONTRACT_COMMANDS


@pytest.mark.parametrize("name", sorted(CONTRACT_COMMANDS))
def test_contract_command_is_registered_with_its_options(name):
    from kg.cli import app

    assert name in [c.name for c in app.registered_commands]
    command = typer.main.get_command(app).commands[name]
    options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    assert CONTRACT_COMMANDS[name] <= options


def test_docs_contract_carries_the_shared_contract_word_for_word():
    shared = ROOT.parent / "shared" / "CONTRACT.md"
    if not shared.is_file():
        pytest.skip("../shared/CONTRACT.md is not beside this checkout")
    assert CONTRACT.read_text(encoding="utf-8").startswith(shared.read_text(encoding="utf-8").rstrip("\n"))
