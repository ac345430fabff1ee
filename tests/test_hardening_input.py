"""Issue 13, hostile input: each case is one line and exit 2 (or a correct answer), never a traceback, a
crash or a silently wrong result. `bench/probe.py` runs the same cases end to end through `kg`."""

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CORPUS, ROOT
from kg.cli import app
from kg.errors import InputError
from kg.graph import iris
from kg.ingest import readers

runner = CliRunner()
SEED = sorted(CORPUS.glob("*.txt"))[3]
TEXT = SEED.read_text(encoding="utf-8")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
POL = "https://w3id.org/policy-kg/ontology#"


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_line(r, *needles):
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    return r.exit_code == 2 and len(lines) == 1 and lines[0].startswith("error:") and all(n in lines[0] for n in needles)


# ---- documents ----------------------------------------------------------------------------------

def test_document_over_the_limit_is_refused_naming_it(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text(TEXT * (1_000_000 // len(TEXT) + 2), encoding="utf-8")
    with pytest.raises(InputError, match=r"the limit is 1,000,000 characters"):
        readers.read(f)


@pytest.fixture(scope="module")
def extractor():
    from kg.extract.document import Extractor

    return Extractor(CORPUS)


def test_long_text_goes_through_spacy_in_pieces(extractor):
    whole = extractor.document(readers.read(SEED))
    old = extractor.nlp.max_length
    extractor.nlp.max_length = 2000  # well under the document: the document-level pass must cut it
    try:
        cut = extractor.document(readers.read(SEED))
    finally:
        extractor.nlp.max_length = old
    assert {(m.kind, m.label) for m in cut.mentions} == {(m.kind, m.label) for m in whole.mentions}
    assert [c.doc_number or c.title for c in cut.citations] == [c.doc_number or c.title for c in whole.citations]


def test_pieces_cover_the_text_at_line_ends():
    from kg.extract.entities import pieces

    text = "一二三\n" * 50 + "x" * 40
    parts = list(pieces(text, 17))
    assert "".join(p for _, p in parts) == text and all(len(p) <= 17 for _, p in parts)
    assert all(text[off:off + len(p)] == p for off, p in parts)
    assert all(p.endswith("\n") for off, p in parts if off + len(p) <= 200)  # cut after a line end where there is one
    assert list(pieces("abc", 17)) == [(0, "abc")]


def test_nul_anywhere_is_refused(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT[:3000] + "\x00" + TEXT[3000:], encoding="utf-8")
    assert f.read_bytes().index(b"\x00") > 4096
    with pytest.raises(InputError, match="NUL"):
        readers.read(f)
    g = tmp_path / "b.txt"
    g.write_bytes(b"\xff\xfe" + (TEXT + "\x00").encode("utf-16-le"))  # a NUL character, not a NUL byte of UTF-16
    with pytest.raises(InputError, match="NUL"):
        readers.read(g)


def test_file_name_not_utf8_is_refused(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"\xff\xfeplan.txt")
    with open(raw, "wb") as fh:
        fh.write(TEXT.encode("utf-8"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        readers.read(Path(os.fsdecode(raw)))


@pytest.mark.parametrize("fields, name", [({"docNumber": 123}, "docNumber"), ({"jurisdiction": ["孟州市"]}, "jurisdiction"),
                                          ({"issuer": {"a": 1}}, "issuer"), ({"year": True}, "year")])
def test_sidecar_fields_are_type_checked(tmp_path, fields, name):
    from kg.ingest import metadata

    (tmp_path / "a.meta.json").write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match=name):
        metadata.load(tmp_path / "a.txt", TEXT)


def test_deep_sidecar_is_one_line(tmp_path):
    from kg.ingest import metadata

    (tmp_path / "a.meta.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        metadata.load(tmp_path / "a.txt", TEXT)


def test_reference_csv_not_utf8_is_one_line(tmp_path):
    from kg.reference import read_rows

    (tmp_path / "unit_aliases.csv").write_bytes("canonical,alias\n市水利局,水利局\n".encode("gbk"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_rows("unit_aliases.csv", [tmp_path], ("canonical", "alias"))
    (tmp_path / "unit_aliases.csv").write_text("canonical,alias\n市水利局,水利局,extra\n", encoding="utf-8")
    assert read_rows("unit_aliases.csv", [tmp_path], ("canonical", "alias")) == [{"canonical": "市水利局", "alias": "水利局"}]


# ---- IRIs minted from names ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a\x7fb", "a\ufffeb", "\x85", "\ufdd0", "\U0001ffff", "\ue000", "\ud800", "a b", "x%41"])
def test_forbidden_code_points_are_percent_encoded(name):
    for node in (iris.plan(name), iris.unit("410883", name), iris.entity("river", name)):
        ox.NamedNode(str(node))
    assert iris.unslug(iris.slug(name)) == name


def test_no_strip_no_merge():
    assert iris.plan(" x.txt") != iris.plan("x.txt") and iris.plan("a%2Fb") != iris.plan("a/b")
    assert iris.slug("孟州市（一）_2025-x.y~z") == "孟州市（一）_2025-x.y~z"  # what IRIs allow stays readable


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=())), st.text(st.characters(exclude_categories=())))
def test_slug_is_a_valid_injective_iri_part(a, b):
    ox.NamedNode(str(iris.plan(a)))
    assert iris.unslug(iris.slug(a)) == a
    assert (iris.slug(a) == iris.slug(b)) == (a == b)


# ---- the command line ---------------------------------------------------------------------------

def test_cli_argument_not_utf8(monkeypatch, capsys):
    from kg.cli import main

    monkeypatch.setattr(sys, "argv", ["kg", "query", "SELECT \udcff"])
    with pytest.raises(SystemExit) as e:
        main()
    assert e.value.code == 2
    assert capsys.readouterr().err.strip() == \
        "error: argument 2 is not valid UTF-8 (rename the file or pass the text as UTF-8)"


@pytest.mark.parametrize("bind, needle", [("agency=urn:x y", "not a valid IRI"), ("agency=<http://a/b c>", "not a valid IRI"),
                                          ("agency=http://x/\x7f", "not a valid IRI"), ("s} ?a ?b ?c {=1", "not a SPARQL variable"),
                                          ("?=1", "not a SPARQL variable"), ("a b=1", "not a SPARQL variable")])
def test_bad_bind_is_one_line(bind, needle, tmp_path):
    r = kg("query", COUNT, "--bind", bind, "--build", tmp_path)
    assert one_line(r, needle), r.stderr


@pytest.fixture
def mini():
    """An in-memory store: two plans with their source files."""
    s = ox.Store()
    for k in ("a", "b"):
        plan = ox.NamedNode(f"https://w3id.org/policy-kg/id/plan/{k}")
        s.add(ox.Quad(plan, ox.NamedNode(POL + "sourceFile"), ox.Literal(f"{k}.txt")))
        s.add(ox.Quad(plan, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(POL + "Task")))
    return s


def test_bind_repeated_values_and_never_into_a_comment(mini):
    from kg.explore import query as q

    text = "# VALUES go after WHERE {\nSELECT ?f WHERE { ?d pol:sourceFile ?f }"
    one = q.run_local(mini, text, bindings=q.parse_bindings([("f", "a.txt")]))
    assert [r[0].value for r in one.rows] == ["a.txt"]
    both = q.run_local(mini, text, bindings=q.parse_bindings([("f", "a.txt"), ("f", "b.txt"), ("f", "c.txt")]))
    assert sorted(r[0].value for r in both.rows) == ["a.txt", "b.txt"]


def test_bind_of_a_variable_the_query_does_not_use(mini):
    from kg.explore import query as q

    with pytest.raises(InputError, match=r"\?nosuch is not a variable"):
        q.run_local(mini, "SELECT ?f WHERE { ?d pol:sourceFile ?f } # ?nosuch", bindings=q.parse_bindings({"nosuch": "1"}))


def test_endpoint_must_be_http(tmp_path):
    r = kg("query", COUNT, "--endpoint", "file:///etc/passwd")
    assert one_line(r, "--endpoint", "http") and "root:" not in r.stdout + r.stderr


@pytest.fixture
def bad_endpoint():
    bodies = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = bodies["body"]
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield bodies, f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()


@pytest.mark.parametrize("body, needle", [(b"<html>", "not JSON"), (b'{"head": {"vars": "n"}}', "not SPARQL results JSON"),
                                          (b"[" * 100_000, "not JSON"), (b'{"boolean": "yes"}', "not SPARQL results JSON"),
                                          (b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": 1}]}}', "not SPARQL"),
                                          (b"\xff\xfe", "not UTF-8")])
def test_endpoint_answer_is_checked(bad_endpoint, body, needle):
    bodies, url = bad_endpoint
    bodies["body"] = body
    r = kg("query", COUNT, "--endpoint", url)
    assert one_line(r, url, needle), r.stderr


def test_iri_arguments_are_validated(mini):
    from kg.explore.find import expand, find_node, find_task

    t = "https://w3id.org/policy-kg/id/plan/a"
    with pytest.raises(InputError, match="not a valid IRI"):
        find_task(mini, f"{t}> ?p ?o . <{t}")
    for bad in ("<http://x y>", "id:a>b", 'http://x/"}', "http://x/\x01"):
        with pytest.raises(InputError, match="not a valid IRI"):
            expand(bad)
    with pytest.raises(InputError, match="not found"):
        find_node(mini, "https://w3id.org/policy-kg/id/nope")
    assert find_task(mini, f"<{t}>") == t


BOMBS = {"braces": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
         "unions": "SELECT*{" + "UNION".join(["{?s ?p ?o}"] * 6000) + "}",
         "sum": "SELECT (" + "+".join(["1"] * 9000) + " AS ?x) {}"}


@pytest.mark.parametrize("name", BOMBS)
def test_parser_bomb_via_kg_query_is_one_line_not_139(name, seed_build, tmp_path):
    f = tmp_path / "bomb.rq"
    f.write_text(BOMBS[name], encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "kg", "query", str(f), "--build", str(seed_build)],
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and p.stderr.startswith("error: query: "), p.stderr
