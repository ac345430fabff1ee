"""The CLI as users meet it: output formats, one-line errors with exit 2, and no tracebacks."""

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT, copy_corpus
from kg.cli import app

runner = CliRunner()
COUNT = "SELECT (COUNT(?t) AS ?n) WHERE { ?p pol:hasTask ?t }"


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_query_json_is_sparql_results_json(seed_build):
    r = kg("query", COUNT, "--format", "json", "--build", seed_build)
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["head"]["vars"] == ["n"]
    assert data["results"]["bindings"][0]["n"] == {
        "type": "literal", "value": "91", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


@pytest.mark.parametrize("fmt,delim", [("csv", ","), ("tsv", "\t")])
def test_query_csv_tsv(seed_build, fmt, delim):
    r = kg("query", "SELECT ?f WHERE { ?p a pol:Plan; pol:sourceFile ?f } ORDER BY ?f", "--format", fmt, "--build", seed_build)
    rows = list(csv.reader(io.StringIO(r.stdout), delimiter=delim))
    assert rows[0] == ["f"] and [r[0] for r in rows[1:]] == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_query_table_ask_construct(seed_build):
    r = kg("query", "SELECT ?t WHERE { ?p a pol:Plan; dcterms:title ?t }", "--build", seed_build)
    assert "孟州市2025年碧水保卫战实施方案" in r.stdout
    assert kg("query", "ASK { ?p a pol:Plan }", "--build", seed_build).stdout.strip() == "true"
    r = kg("query", "CONSTRUCT { ?p dcterms:title ?t } WHERE { ?p a pol:Plan; dcterms:title ?t }", "--build", seed_build)
    from rdflib import Graph

    assert len(Graph().parse(data=r.stdout, format="turtle")) == 5


def test_query_from_file_and_bind(seed_build, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text('SELECT ?t WHERE { ?p a pol:Plan; pol:sourceFile ?file; dcterms:title ?t }', encoding="utf-8")
    r = kg("query", f, "--bind", "file=003_f0f700fdbaf1630f.txt", "--format", "csv", "--build", seed_build)
    assert r.stdout.splitlines()[1] == "忻州市水环境质量巩固提升2024年行动计划"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["query", "SELEC ?x WHERE {}"], "SPARQL syntax error"),
        (["query", "SELECT ?x WHERE { ?x ?p ?o }", "--format", "xml"], "--format"),
        (["query", "--name", "no_such_query"], "no such canned query"),
        (["query", "missing.rq"], "missing.rq"),
        (["build", "--corpus", "/nonexistent/corpus"], "/nonexistent/corpus"),
    ],
)
def test_user_errors_are_one_line_exit_2(seed_build, args, needle):
    r = run_cli(*args, *(["--build", seed_build] if args[0] == "query" else []))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in r.stderr


def test_missing_build_is_one_line(tmp_path):
    r = run_cli("query", COUNT, "--build", tmp_path / "nobuild")
    assert r.returncode == 2 and "kg build" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_bad_sidecar_names_the_file(tmp_path):
    c = copy_corpus(tmp_path / "c")
    (c / "000_5aa1b34ff7adb0c1.meta.json").write_text('{"year": "twenty"}', encoding="utf-8")
    r = run_cli("build", "--corpus", c, "--out", tmp_path / "o")
    assert r.returncode == 2 and "000_5aa1b34ff7adb0c1.meta.json" in r.stderr and "year" in r.stderr
    assert not (tmp_path / "o").exists()


def test_build_prints_summary(tmp_path):
    r = run_cli("build", "--corpus", CORPUS, "--out", tmp_path / "b")
    assert r.returncode == 0
    assert "91" in r.stdout and "obligations" in r.stdout


def test_misspelt_ontology_term_warns(seed_build):
    r = run_cli("query", "SELECT ?x WHERE { ?x pol:hasTasks ?y . ?x pol:hasTask ?z }", "--build", seed_build)
    assert r.returncode == 0
    assert "pol:hasTasks is not a term" in r.stderr and "pol:hasTask is not" not in r.stderr


# ---- the package: one module per command, registered in kg/cli/__init__.py only ------------------

COMMANDS = ["build", "query", "queries", "vocab", "validate", "eval", "serve", "stats", "trace", "viz", "export", "push"]


def test_commands_registered_in_order_from_their_modules():
    assert [c.name for c in app.registered_commands] == COMMANDS
    for c in app.registered_commands:
        assert c.callback.__module__ == f"kg.cli.{c.name}"


def test_command_modules_never_import_the_cli_package():
    import ast

    import kg.cli

    folder = ROOT / "kg" / "cli"
    for path in folder.glob("*.py"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "kg.cli" not in imported, f"{path.name} imports kg.cli"
        if path.name == "_app.py":
            assert not any(m.startswith("kg.cli.") for m in imported if m)
    assert kg.cli.main and kg.cli.app


def test_help_lists_every_command():
    r = kg("--help")
    assert r.exit_code == 0 and all(name in r.stdout for name in COMMANDS)
    r = run_cli("--help")
    assert r.returncode == 0 and "viz" in r.stdout


def test_query_by_name_binds_example(seed_build):
    r = kg("query", "--name", "tasks_by_river", "--bind", "river=蟒河", "--format", "csv", "--build", seed_build)
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert r.exit_code == 0 and rows[0][0] == "riverLabel" and len(rows) > 1
    assert {row[0] for row in rows[1:]} == {"蟒河"}


@pytest.mark.parametrize("args,needle", [
    (["trace", "000:9", "--format", "xml"], "--format: must be table or json"),
    (["trace"], "give a TASK"),
    (["query", COUNT, "--bind", "novalue"], "--bind: expects VAR=VALUE"),
    (["viz", "nosuchview"], "nosuchview: no such view"),
    (["viz", "overview", "-o", "x.png"], "should end in .html"),
    (["stats", "--build", "/nonexistent/build"], "/nonexistent/build"),
    (["validate", "--build", "/nonexistent/build"], "/nonexistent/build"),
])
def test_more_user_errors_are_one_line_exit_2(seed_build, args, needle):
    extra = [] if "--build" in args else ["--build", str(seed_build)]
    r = kg(*args, *extra)
    assert r.exit_code == 2 and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1
