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
    from kg.explore.serve import server

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
