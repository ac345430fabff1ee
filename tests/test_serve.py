"""`kg serve` speaks the SPARQL 1.1 Protocol, and `kg query --endpoint` talks to it."""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from typer.testing import CliRunner

from kg.cli import app


@pytest.fixture(scope="module")
def endpoint(seed_build):
    from kg.explore.endpoint import server

    httpd = server(seed_build, "127.0.0.1", 0)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_port}/sparql"
    httpd.shutdown()
    httpd.server_close()


COUNT = "SELECT (COUNT(?t) AS ?n) WHERE { ?p pol:hasTask ?t }"


def test_get_and_post(endpoint):
    with urllib.request.urlopen(endpoint + "?" + urllib.parse.urlencode({"query": COUNT}), timeout=10) as r:
        assert r.headers["Content-Type"].startswith("application/sparql-results+json")
        assert json.loads(r.read())["results"]["bindings"][0]["n"]["value"] == "91"
    req = urllib.request.Request(endpoint, data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert json.loads(r.read())["results"]["bindings"][0]["n"]["value"] == "91"


def test_read_only_and_bad_query(endpoint):
    req = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=10)
    assert exc.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(endpoint + "?query=SELEC", timeout=10)
    assert exc.value.code == 400


def test_kg_query_endpoint_round_trip(endpoint):
    r = CliRunner().invoke(app, ["query", COUNT, "--endpoint", endpoint, "--format", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines() == ["n", "91"]
    r = CliRunner().invoke(app, ["query", "--name", "agency_tasks_by_role", "--bind", "agency=市水利局",
                                 "--endpoint", endpoint, "--format", "json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["results"]["bindings"]) > 5


def test_unreachable_endpoint_is_one_line():
    r = CliRunner().invoke(app, ["query", COUNT, "--endpoint", "http://127.0.0.1:9/sparql"])
    assert r.exit_code == 2 and "cannot be reached" in r.output


# ---- `answer`, the protocol as a pure function: no sockets ---------------------------------------

def ask(store, method="GET", path="/sparql", query=None, headers=None, body=b""):
    from kg.explore.serve import answer

    params = {"query": [query]} if query is not None else {}
    return answer(store, method, path, params, headers or {}, body)


def test_answer_get_json_csv_tsv(store):
    status, ctype, body = ask(store, query=COUNT)
    assert status == 200 and ctype == "application/sparql-results+json; charset=utf-8"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "91"
    assert ask(store, query=COUNT, headers={"Accept": "text/csv"})[1:] == ("text/csv; charset=utf-8", b"n\n91\n")
    status, ctype, body = ask(store, query=COUNT, headers={"accept": "text/tab-separated-values"})
    assert ctype.startswith("text/tab-separated-values") and body == b"?n\n91\n"  # SPARQL TSV: ?var header


def test_answer_construct_is_turtle(store):
    status, ctype, body = ask(store, query="CONSTRUCT { ?p a pol:Plan } WHERE { ?p a pol:Plan }")
    assert status == 200 and ctype.startswith("text/turtle") and body.decode().count("pol:Plan") == 5


def test_answer_post_forms(store):
    status, _, body = ask(store, "POST", headers={"Content-Type": "application/sparql-query"}, body=COUNT.encode())
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "91"
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = ask(store, "POST", headers={"Content-Type": "application/x-www-form-urlencoded"}, body=form)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "91"


@pytest.mark.parametrize("method,headers,query,body", [
    ("GET", {}, "CLEAR ALL", b""),
    ("GET", {}, "PREFIX ex: <http://example.org/>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }", b""),
    ("POST", {"Content-Type": "application/sparql-update"}, None, b"DROP ALL"),
    ("POST", {"Content-Type": "application/x-www-form-urlencoded"}, None, b"update=CLEAR+ALL"),
    ("POST", {"Content-Type": "application/sparql-query"}, None, b"LOAD <http://example.org/x>"),
])
def test_answer_refuses_updates(store, method, headers, query, body):
    assert ask(store, method, query=query, headers=headers, body=body)[0] == 403


def test_answer_errors(store):
    assert ask(store)[0] == 400  # no query
    status, ctype, body = ask(store, query="SELEC ?x")
    assert status == 400 and ctype.startswith("text/plain") and b"SPARQL syntax error" in body
    status, _, body = ask(store, query="SELECT ?x\nWHER { ?x ?p ?o }")  # the same one-line reason as kg query
    assert status == 400 and "query:2:1: " in body.decode() and "WHER" in body.decode() and body.count(b"\n") == 1
    assert ask(store, path="/nowhere")[0] == 404
    assert ask(store, "POST", path="/nowhere")[0] == 404
    assert ask(store, "PUT")[0] == 405
    assert ask(store, "POST", headers={"Content-Type": "application/sparql-query"}, body=b"\xff")[0] == 400


def test_answer_root_is_the_query_page(store):
    status, ctype, _ = ask(store, path="/")  # the contract: "a query page at /" (kg/explore/page.py)
    assert status == 200 and ctype.startswith("text/html")


def test_answer_formats_and_dataset(store):
    from kg.explore.serve import answer

    status, ctype, body = ask(store, query=COUNT, headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and ctype.startswith("application/sparql-results+xml") and b"<literal datatype=" in body
    status, ctype, body = answer(store, "GET", "/sparql", {"query": [COUNT], "format": ["csv"]}, {})
    assert ctype.startswith("text/csv") and body == b"n\n91\n"
    assert answer(store, "GET", "/sparql", {"query": [COUNT], "format": ["yaml"]}, {})[0] == 400
    status, _, body = answer(store, "GET", "/sparql", {"query": [COUNT], "default-graph-uri": ["urn:x:none"]}, {})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    construct = "CONSTRUCT { ?p a pol:Plan } WHERE { ?p a pol:Plan }"
    status, ctype, body = ask(store, query=construct, headers={"Accept": "application/n-triples"})
    assert ctype.startswith("application/n-triples") and body.count(b"\n") == 5


def test_answer_protocol_refusals(store):
    from kg.explore.serve import answer

    assert answer(store, "GET", "/sparql", {"query": [COUNT, COUNT]}, {})[0] == 400  # two queries
    assert ask(store, "POST", body=b"query=ASK%7B%7D")[0] == 400  # a form without its media type
    assert ask(store, "POST", headers={"Content-Type": "application/x-www-form-urlencoded"},
               body=b"query=%FF")[0] == 400  # not UTF-8 once decoded
    assert ask(store, query="SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")[0] == 403
    status, _, _ = ask(store, "OPTIONS")
    assert status == 204
