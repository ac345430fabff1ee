"""The query page's server side without a browser: `/`, `/static/…` and `/api/…` through `serve.answer`, with
their content types, the refusals (path traversal 404, other methods 405), the menu data against the canned
query records, and the parameter binding run on the seed build."""

from __future__ import annotations

import json
import re

import pytest

from kg.explore.page import TYPES, declare_prefixes, static_root


def get(store, path, params=None, method="GET"):
    from kg.explore.serve import answer

    return answer(store, method, path, params or {}, {})


def test_root_is_the_page_with_a_same_origin_policy(store):
    resp = get(store, "/")
    status, ctype, body = resp
    assert status == 200 and ctype == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    for src in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/vis-network/vis-network.min.js",
                "/static/page.js", "/static/network.js", "/static/vendor/yasgui/yasgui.min.css"):
        assert f'"{src}"' in text
    assert not re.search(r"""(src|href)="(https?:)?//""", text), "the page links another host"
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "script-src 'self'" in csp
    assert resp.headers["Cache-Control"] == "no-cache"
    assert get(store, "/", method="HEAD")[0] == 200


@pytest.mark.parametrize("path,ctype", [
    ("/static/page.js", "text/javascript; charset=utf-8"),
    ("/static/network.js", "text/javascript; charset=utf-8"),
    ("/static/page.css", "text/css; charset=utf-8"),
    ("/static/favicon.svg", "image/svg+xml"),
    ("/static/vendor/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    ("/static/vendor/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
    ("/static/vendor/yasgui/LICENSE", "text/plain; charset=utf-8"),
    ("/static/vendor/vis-network/vis-network.min.js", "text/javascript; charset=utf-8"),
    ("/static/vendor/vis-network/LICENSE-MIT", "text/plain; charset=utf-8"),
])
def test_static_files_and_their_types(store, path, ctype):
    resp = get(store, path)
    assert resp[0] == 200 and resp[1] == ctype
    on_disk = static_root().joinpath(*path[len("/static/"):].split("/")).read_bytes()
    assert resp[2] == on_disk
    vendor = "/vendor/" in path
    assert resp.headers["Cache-Control"] == ("public, max-age=3600" if vendor else "no-cache")


@pytest.mark.parametrize("path", [
    "/static/../page.py", "/static/vendor/../../page.py", "/static/%2e%2e/page.py", "/static/..%2fpage.py",
    "/static/./page.js", "/static//page.js", "/static/", "/static/vendor", "/static/vendor/", "/static/.hidden",
    "/static/page.js/", "/static/..\\page.py", "/static/nope.js", "/static/page.js\x00.css",
])
def test_no_path_leaves_the_static_folder(store, path):
    status, ctype, body = get(store, path)
    assert status == 404 and ctype.startswith("text/plain") and body.count(b"\n") == 1
    assert b"import" not in body  # never a file's content


def test_traversal_targets_exist():
    """The 404s above are refusals, not misses: the files those paths aim at are there."""
    from importlib import resources

    assert (resources.files("kg") / "explore" / "page.py").is_file()
    assert (static_root() / "page.js").is_file()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/static/page.js", "/api/queries"])
def test_page_paths_are_read_only(store, method, path):
    resp = get(store, path, method=method)
    assert resp[0] == 405 and resp.headers["Allow"] == "GET, HEAD"


def test_the_endpoint_still_answers_beside_the_page(store):
    status, ctype, body = get(store, "/sparql", {"query": ["SELECT (COUNT(*) AS ?n) WHERE { ?p a pol:Plan }"]})
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "5"  # five seed plans in corpus/
    assert get(store, "/elsewhere")[0] == 404
    assert get(store, "/api/nothing")[0] == 404


def test_api_queries_is_the_canned_query_records(store):
    from kg.explore.queries import canned_queries

    status, ctype, body = get(store, "/api/queries")
    assert status == 200 and ctype == "application/json"
    menu = json.loads(body)
    records = canned_queries()
    assert [m["name"] for m in menu] == [cq.name for cq in records]
    for m, cq in zip(menu, records):
        assert set(m) == {"name", "title", "description", "params", "text"}
        assert (m["title"], m["description"], m["text"]) == (cq.title, cq.description, cq.text)
        assert [p["name"] for p in m["params"]] == [p.name for p in cq.params]
        for mp, p in zip(m["params"], cq.params):
            assert {"name", "description", "optional", "default", "example"} <= set(mp)
            assert (mp["optional"], mp["default"], mp["example"]) == (p.optional, p.default, p.example)
    role = next(m for m in menu if m["name"] == "agency_tasks_by_role")
    assert role["params"][0]["name"] == "agency" and role["params"][0]["example"] == "市水利局"


def test_api_prefixes_and_style(store):
    prefixes = json.loads(get(store, "/api/prefixes")[2])
    assert prefixes["pol"] == "https://w3id.org/policy-kg/ontology#"
    assert prefixes["rdfs"] == "http://www.w3.org/2000/01/rdf-schema#"
    assert prefixes["id"] == "https://w3id.org/policy-kg/id/"
    style = json.loads(get(store, "/api/style")[2])
    assert style["classes"]["Task"]["color"] == "#f28e2b" and style["classes"]["Unit"]["shape"] == "triangle"
    assert ["https://w3id.org/policy-kg/ontology#Plan", "Plan"] == style["priority"][0]
    assert style["relations"]["leadUnit"]["zh"] == "牵头"


def _rows(store, text):
    from kg.explore.query import run_local

    return run_local(store, text).rows


def test_api_bind_binds_like_the_cli(store):
    """agency=市水利局 on the page is the CLI's --bind agency=市水利局: the same rows, and rows the seed text
    states: 000 item 10 清四乱 says 市水利局牵头 (lead), item 2 生态流量 says 市水利局负责 (responsible)."""
    import pyoxigraph as ox

    from kg.explore.queries import canned_query
    from kg.explore.query import run_local

    status, ctype, body = get(store, "/api/bind", {"name": ["agency_tasks_by_role"], "bind": ["agency=市水利局"]})
    assert status == 200 and ctype == "application/json"
    text = json.loads(body)["query"]
    assert 'VALUES ?agency { "市水利局"@zh }' in text
    assert "PREFIX pol: <https://w3id.org/policy-kg/ontology#>" in text
    assert text.startswith("# title: Tasks of an agency, by role")
    page_rows = _rows(store, text)
    cli_rows = run_local(store, canned_query("agency_tasks_by_role").text,
                         bindings={"agency": [ox.Literal("市水利局", language="zh")]}).rows
    assert len(page_rows) == len(cli_rows) > 0
    roles = {(r[3].value, r[4].value) for r in page_rows}
    assert ("持续开展“清四乱”专项行动", "lead") in roles
    assert ("强化重点河流生态流量保障", "responsible") in roles
    assert {r[0].value for r in page_rows} == {"市水利局"}


def test_api_bind_without_values_and_its_refusals(store):
    from kg.explore.queries import canned_query

    status, _, body = get(store, "/api/bind", {"name": ["tasks_without_lead"]})
    text = json.loads(body)["query"]
    unprefixed = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("PREFIX "))
    assert status == 200 and unprefixed == canned_query("tasks_without_lead").text and "PREFIX pol:" in text
    blank = json.loads(get(store, "/api/bind", {"name": ["agency_tasks_by_role"], "bind": ["agency= "]})[2])["query"]
    assert "VALUES" not in blank  # an empty field leaves the parameter unbound
    for params, says in [({}, b"give one canned query"),
                         ({"name": ["no_such_query"]}, b"no such canned query"),
                         ({"name": ["agency_tasks_by_role"], "bind": ["nosuchvar=1"]}, b"?nosuchvar is not a variable"),
                         ({"name": ["agency_tasks_by_role"], "bind": ["agency=<not an iri>"]}, b"not a valid IRI")]:
        status, ctype, body = get(store, "/api/bind", params)
        assert status == 400 and ctype.startswith("text/plain") and says in body and body.count(b"\n") == 1


def test_declare_prefixes_adds_only_what_is_used_and_undeclared():
    q = "# title: x\n# params: none\nPREFIX pol: <https://w3id.org/policy-kg/ontology#>\n" \
        "SELECT ?t WHERE { ?t a pol:Task ; dcterms:title \"rdfs:label\" . } # skos:x\n"
    out = declare_prefixes(q)
    assert out.splitlines()[:3] == ["# title: x", "# params: none", "PREFIX dcterms: <http://purl.org/dc/terms/>"]
    assert out.count("PREFIX") == 2 and "rdfs:" not in out.replace('"rdfs:label"', "")
    assert declare_prefixes(out) == out


def test_vendored_files_load_nothing_from_the_network():
    vendor = static_root() / "vendor"
    for rel in ("yasgui/yasgui.min.css", "vis-network/vis-network.css", "../page.css"):
        css = vendor.joinpath(*rel.split("/")).read_text(encoding="utf-8")
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css), rel
    for rel in ("yasgui/yasgui.min.js", "vis-network/vis-network.min.js"):
        assert "sourceMappingURL" not in vendor.joinpath(*rel.split("/")).read_text(encoding="utf-8")[-300:]
    assert "MIT License" in (vendor / "yasgui" / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in (vendor / "vis-network" / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert set(TYPES) >= {".html", ".js", ".css", ".svg"}


def test_every_canned_query_binds_on_the_page_as_in_the_cli(store):
    """Each canned query, with its example values in its fields, gives the CLI's rows (`kg query --name
    NAME --bind VAR=EXAMPLE`) once the page's text (with its PREFIX lines) runs on the store."""
    from kg.explore.bind import parse_bindings
    from kg.explore.queries import canned_queries
    from kg.explore.query import run_local

    for cq in canned_queries():
        binds = {p.name: p.example for p in cq.params if p.example}
        status, _, body = get(store, "/api/bind", {"name": [cq.name], "bind": [f"{k}={v}" for k, v in binds.items()]})
        assert status == 200, (cq.name, body)
        page = run_local(store, json.loads(body)["query"])
        cli = run_local(store, cq.text, bindings=parse_bindings(binds))
        assert page.variables == cli.variables and len(page.rows) == len(cli.rows), cq.name
