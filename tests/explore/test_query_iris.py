"""Every IRI `kg query`, `kg trace` and `kg viz ego` print pastes back into a query (issue 12, item 5)."""

import csv
import io
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.explore.bind import expand_prefixed
from kg.explore.query import compact, local_name, run_local

runner = CliRunner()
ID = "https://w3id.org/policy-kg/id/"


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def table_cells(text: str) -> list[list[str]]:
    """The body cells of a rich table printed into a pipe (one line per row there: nothing is folded)."""
    rows, body = [], False
    for line in text.splitlines():
        if line.startswith("┡"):
            body = True
        elif body and line.startswith("│"):
            rows.append([c.strip() for c in line.strip("│").split("│")])
    return rows


def pasted_rows(store, term: str) -> int:
    """Rows for the printed term pasted into a query as it is, wherever it stands (a predicate too)."""
    q = f"SELECT * {{ {{ {term} ?p ?o }} UNION {{ ?s {term} ?o }} UNION {{ ?s ?p {term} }} }} LIMIT 1"
    return len(run_local(store, q).rows)


def printed_iris(cells: list[list[str]]) -> set[str]:
    return {c for row in cells for c in row if re.match(r"<|[a-z][a-z0-9]*:", c)}


@pytest.mark.parametrize("name", ["tasks_by_river", "enterprises_to_close"])
def test_every_iri_a_canned_query_prints_pastes_back(seed_build, store, name):
    table = kg("query", "--name", name, "--build", seed_build)
    as_table = printed_iris(table_cells(table.stdout))
    assert as_table and all(pasted_rows(store, t) > 0 for t in as_table), as_table
    rows = list(csv.reader(io.StringIO(kg("query", "--name", name, "--format", "csv", "--build", seed_build).stdout)))
    as_csv = {c for row in rows[1:] for c in row if c.startswith("<")}
    assert len(as_csv) == len(as_table) and all(pasted_rows(store, t) > 0 for t in as_csv)


def test_iris_with_slashes_quotes_and_percent_escapes_paste_back(seed_build, store):
    # units of 忻州市 include 市“一泓清水入黄河”专班办公室 (003's task 九): “ cannot stand in a local name
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o VALUES ?p { rdf:type pol:unit pol:cites } } "
    cells = table_cells(kg("query", q, "--build", seed_build).stdout)
    iris = printed_iris(cells)
    assert any("\\/" in t for t in iris) and any(t.startswith("<") and "“" in t for t in iris)
    assert "pol:Task" in iris and "rdf:type" in iris
    assert all(pasted_rows(store, t) > 0 for t in iris), [t for t in iris if not pasted_rows(store, t)]


def test_pasted_iri_works_in_kg_query_itself(seed_build):
    r = kg("query", "SELECT ?r WHERE { ?r a pol:River ; rdfs:label \"蟒河\"@zh }", "--build", seed_build)
    (river,) = printed_iris(table_cells(r.stdout))
    assert river == "id:river\\/蟒河"
    r = kg("query", f"SELECT ?l WHERE {{ {river} rdfs:label ?l }}", "--format", "csv", "--build", seed_build)
    assert r.exit_code == 0 and r.stdout.splitlines()[1:] == ["蟒河"]
    r = kg("query", "SELECT ?t WHERE { ?t pol:mentions ?r }", "--bind", f"r={river}", "--format", "csv", "--build", seed_build)
    assert len(r.stdout.splitlines()) > 1


def test_viz_ego_takes_what_query_prints(seed_build, tmp_path):
    r = kg("query", "SELECT ?r WHERE { ?r a pol:River ; rdfs:label \"蟒河\"@zh }", "--build", seed_build)
    (river,) = printed_iris(table_cells(r.stdout))
    csv_form = kg("query", "SELECT ?r WHERE { ?r a pol:River ; rdfs:label \"蟒河\"@zh }", "--format", "csv",
                  "--build", seed_build).stdout.splitlines()[1]
    for k, node in enumerate([river, csv_form, river.replace("\\", "")]):  # the last: a shell ate the backslashes
        out = tmp_path / f"ego{k}.html"
        r = kg("viz", "ego", node, "--build", seed_build, "-o", out)
        assert r.exit_code == 0 and out.is_file(), r.output
        assert "蟒河" in out.read_text(encoding="utf-8")


def test_ego_ambiguity_lists_pasteable_candidates(seed_build, tmp_path):
    r = kg("viz", "ego", "市水利局", "--build", seed_build)
    assert r.exit_code == 2
    listed = [w for w in r.stderr.split() if w.startswith("id:unit")]
    assert len(listed) == 2
    for k, node in enumerate(listed):
        node = node.rstrip(";")
        assert kg("viz", "ego", node, "--build", seed_build, "-o", tmp_path / f"u{k}.html").exit_code == 0


def test_trace_prints_the_task_iri_pasteable(seed_build, store):
    r = kg("trace", "003:九", "--build", seed_build)
    first = r.stdout.splitlines()[0]
    iri = first.split()[-1]
    assert iri.startswith("id:plan") and "推动“一泓清水入黄河”工程建设" in first
    titles = run_local(store, f"SELECT ?t WHERE {{ {iri} dcterms:title ?t }}").rows
    assert [t[0].value for t in titles] == ["推动“一泓清水入黄河”工程建设"]


@pytest.mark.parametrize("local,written", [
    ("river/蟒河", "river\\/蟒河"),
    ("doc/DB41%2F2087", "doc\\/DB41%2F2087"),
    ("a.b", "a.b"),
    ("a.", "a\\."),
    ("-a", "\\-a"),
    ("x(1)", "x\\(1\\)"),
    ("“工程”", None),
    ("a b", None),
])
def test_local_name_follows_pn_local(local, written):
    assert local_name(local) == written
    if written is not None:
        assert expand_prefixed("id:" + written) == ID + local


def test_compact_falls_back_to_the_full_iri():
    assert compact("http://example.org/x") == "<http://example.org/x>"
    assert compact(ID + "project/“一泓清水入黄河”工程") == f"<{ID}project/“一泓清水入黄河”工程>"
    assert compact("https://w3id.org/policy-kg/ontology#Task") == "pol:Task"
