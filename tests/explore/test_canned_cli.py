"""`kg queries`: the canned queries as a table, as JSON, and one in full; bad input is one line and exit 2."""

import json

from typer.testing import CliRunner

from kg.cli import app
from kg.explore.queries import canned_queries

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args], terminal_width=400)


def test_queries_lists_every_canned_query_with_its_parameters(monkeypatch):
    from kg.cli._app import out

    monkeypatch.setattr(out, "_width", 400)  # one line per cell, so whole names and titles can be matched
    r = kg("queries")
    assert r.exit_code == 0
    for cq in canned_queries():
        assert cq.name in r.stdout and cq.title in r.stdout
    assert "agency (optional, default all, e.g. 市水利局)" in r.stdout
    assert "month (optional, default all)" in r.stdout


def test_queries_json_has_names_parameters_and_examples():
    r = kg("queries", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert [d["name"] for d in data] == [cq.name for cq in canned_queries()] and len(data) >= 15
    by_name = {d["name"]: d for d in data}
    [agency] = by_name["agencies_all_roles"]["params"]
    assert (agency["name"], agency["required"], agency["default"], agency["example"]) == ("agency", False, None, "市水利局")
    assert by_name["agencies_all_roles"]["command"] == "kg query --name agencies_all_roles --bind agency=市水利局"
    assert by_name["directives_cited_by_several_plans"]["example"]["rows"] == 0
    assert "sparql" not in by_name["tasks_by_river"]


def test_one_query_in_full():
    r = kg("queries", "lead_changes_along_derivations")
    assert r.exit_code == 0
    out = r.stdout
    assert out.startswith("lead_changes_along_derivations: Lead agency changes along derivations")
    assert "plan (optional, default all, e.g. 孟州市2025年碧水保卫战实施方案)" in out
    assert "→  10 row(s)" in out and "change=changed" in out
    assert out.rstrip().endswith("ORDER BY ?planTitle ?position ?sourcePosition")
    assert "# title:" not in out  # the SPARQL without its headers
    one = json.loads(kg("queries", "tasks_by_river", "--format", "json").stdout)
    assert one["sparql"].startswith("SELECT ?riverLabel") and one["example"]["rows"] == 3


def test_unknown_name_and_bad_format_are_one_line_exit_2():
    r = kg("queries", "nope")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: queries nope: no such canned query; known: agencies_all_roles")
    assert r.stderr.count("\n") == 1
    r = kg("queries", "--format", "xml")
    assert r.exit_code == 2 and r.stderr == "error: --format: must be table or json, not 'xml'\n"
