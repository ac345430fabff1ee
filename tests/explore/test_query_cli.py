"""`kg query` never fails silently (issue 12, item 5): hints for an empty answer, --bind checked, repeated
and partial, Excel CSV with a byte-order mark, and syntax errors as one line with line:column."""

import csv
import io

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def hinted(r, old: str, new: str) -> None:
    """The hint names `new` for `old`; the query with that change answers (checked by the caller)."""
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("hint:")]
    assert len(lines) == 1 and f"{new} for {old}" in lines[0], r.stderr


# ---- hints when nothing matches ------------------------------------------------------------------

def test_plain_string_against_zh_label_gets_the_zh_hint(seed_build):
    # 市水利局 is named in the 孟州市 plans (000, 002) and the 焦作市 plan (001): two units, labels @zh
    q = 'SELECT ?u WHERE { ?u rdfs:label "市水利局" }'
    r = kg("query", q, "--format", "csv", "--build", seed_build)
    assert r.exit_code == 0 and csv_rows(r.stdout) == [["u"]]
    hinted(r, '"市水利局"', '"市水利局"@zh')
    column = q.index('"市水利局"') + 1
    assert f"(query:1:{column})" in r.stderr
    fixed = kg("query", q.replace('"市水利局"', '"市水利局"@zh'), "--format", "csv", "--build", seed_build)
    assert len(csv_rows(fixed.stdout)[1:]) == 2 and "hint:" not in fixed.stderr


def test_year_as_string_gets_the_number_hint(seed_build):
    q = 'SELECT ?p WHERE { ?p pol:year "2025" }'
    r = kg("query", q, "--format", "csv", "--build", seed_build)
    hinted(r, '"2025"', "2025")
    fixed = kg("query", q.replace('"2025"', "2025"), "--format", "csv", "--build", seed_build)
    assert len(csv_rows(fixed.stdout)[1:]) == 3  # 孟州市's three 2025 plans: 000, 002, 004


def test_task_number_as_number_gets_the_string_hint(seed_build):
    # 000 numbers its tasks 1. 2. …; "9. 深化工业园区水污染整治"; task numbers are stored as printed (strings)
    q = 'SELECT ?title WHERE { ?p pol:sourceFile "000_5aa1b34ff7adb0c1.txt" ; pol:hasTask ?t . ?t pol:taskNumber 9 ; dcterms:title ?title }'
    r = kg("query", q, "--format", "csv", "--build", seed_build)
    hinted(r, "9", '"9"')
    fixed = kg("query", q.replace("pol:taskNumber 9", 'pol:taskNumber "9"'), "--format", "csv", "--build", seed_build)
    assert csv_rows(fixed.stdout)[1:] == [["深化工业园区水污染整治"]]


def test_two_mistakes_at_once_and_ask(seed_build):
    q = 'ASK { ?u rdfs:label "市水利局" . ?p pol:year "2025" }'
    r = kg("query", q, "--build", seed_build)
    assert r.stdout.strip() == "false"
    assert '"市水利局"@zh for "市水利局"' in r.stderr and '2025 for "2025"' in r.stderr and "answers true" in r.stderr
    fixed = kg("query", 'ASK { ?u rdfs:label "市水利局"@zh . ?p pol:year 2025 }', "--build", seed_build)
    assert fixed.stdout.strip() == "true"


def test_misspelt_term_is_warned_with_the_term_it_meant_and_hinted(seed_build):
    r = kg("query", "SELECT ?t WHERE { ?p pol:hasTsk ?t }", "--format", "csv", "--build", seed_build)
    assert "pol:hasTsk is not a term" in r.stderr and "did you mean pol:hasTask?" in r.stderr
    hinted(r, "pol:hasTsk", "pol:hasTask")
    assert "returns 91 row(s)" in r.stderr  # 91 tasks in the five seeds


def test_no_hint_when_the_empty_answer_is_true_or_rows_came_back(seed_build):
    r = kg("query", 'SELECT ?u WHERE { ?u rdfs:label "不存在的单位" }', "--build", seed_build)
    assert r.exit_code == 0 and "hint:" not in r.stderr
    r = kg("query", 'SELECT ?u WHERE { ?u rdfs:label "市水利局"@zh }', "--build", seed_build)
    assert "hint:" not in r.stderr and "2 row(s)" in r.stderr


def test_hint_respects_bindings(seed_build):
    # the hint's rewrite runs with the same --bind: a plain-string agency label plus a bound plan file
    q = 'SELECT ?t WHERE { ?p pol:sourceFile ?f ; pol:hasTask ?t . ?t pol:leadUnit/rdfs:label "市水利局" }'
    r = kg("query", q, "--bind", "f=004_2406362d0e19a533.txt", "--build", seed_build)
    assert "hint:" not in r.stderr  # 孟州 blue-sky plan (004) never names 市水利局 as lead: nothing to suggest
    r = kg("query", q, "--bind", "f=001_ad3ff90022bb8e8d.txt", "--build", seed_build)
    assert '"市水利局"@zh for "市水利局"' in r.stderr


# ---- --bind -------------------------------------------------------------------------------------

def test_bind_of_a_variable_the_query_lacks_is_exit_2_naming_it(seed_build):
    r = kg("query", "--name", "agency_tasks_by_role", "--bind", "rivr=蟒河", "--build", seed_build)
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "?rivr is not a variable" in r.stderr and "?agency" in r.stderr and "?unit" in r.stderr
    r = kg("query", "--name", "agency_tasks_by_role", "--bind", "rivr~=蟒", "--build", seed_build)
    assert r.exit_code == 2 and "?rivr is not a variable" in r.stderr


def by_role(seed_build, *binds) -> set[tuple]:
    args = [a for b in binds for a in ("--bind", b)]
    r = kg("query", "--name", "agency_tasks_by_role", *args, "--format", "csv", "--build", seed_build)
    assert r.exit_code == 0, r.stderr
    return {tuple(row) for row in csv_rows(r.stdout)[1:]}


def test_repeated_bind_binds_several_values(seed_build):
    water, env = by_role(seed_build, "agency=市水利局"), by_role(seed_build, "agency=市生态环境局")
    assert water and env and {r[0] for r in water} == {"市水利局"}
    assert by_role(seed_build, "agency=市水利局", "agency=市生态环境局") == water | env


def test_partial_bind_matches_a_substring(seed_build):
    some = by_role(seed_build, "agency~=水利局")
    assert some and all("水利局" in r[0] for r in some)
    assert by_role(seed_build, "agency=市水利局") <= some
    assert by_role(seed_build, "agency~=水利局", "agency~=生态环境局") >= some | by_role(seed_build, "agency=市生态环境局")
    assert not by_role(seed_build, "agency~=不存在的单位")


def test_partial_bind_on_a_computed_variable_or_empty_text_is_refused(seed_build):
    r = kg("query", "SELECT (STR(?l) AS ?x) WHERE { ?u rdfs:label ?l }", "--bind", "x~=水", "--build", seed_build)
    assert r.exit_code == 2 and "computed in the SELECT clause" in r.stderr
    r = kg("query", "--name", "agency_tasks_by_role", "--bind", "agency~=", "--build", seed_build)
    assert r.exit_code == 2 and "needs some text" in r.stderr


# ---- --excel ------------------------------------------------------------------------------------

def test_excel_writes_a_bom_and_crlf_csv(seed_build):
    q = "SELECT ?t WHERE { ?p a pol:Plan ; dcterms:title ?t } ORDER BY ?t"
    r = kg("query", q, "--excel", "--build", seed_build)
    assert r.exit_code == 0
    data = r.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 6  # header + the five seeds
    text = data[3:].decode("utf-8")
    assert "孟州市2025年碧水保卫战实施方案" in text
    same = kg("query", q, "--excel", "--format", "csv", "--build", seed_build)
    assert same.stdout_bytes == data
    plain = kg("query", q, "--format", "csv", "--build", seed_build).stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf") and b"\r\n" not in plain


@pytest.mark.parametrize("fmt", ["json", "tsv"])
def test_excel_with_another_format_is_exit_2(seed_build, fmt):
    r = kg("query", "ASK { ?s ?p ?o }", "--excel", "--format", fmt, "--build", seed_build)
    assert r.exit_code == 2 and "--excel" in r.stderr and fmt in r.stderr


# ---- syntax errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("query,place,needle", [
    ("SELECT ?s\nWHER { ?s ?p ?o }", "query:2:1:", "unexpected 'WHER' (did you mean WHERE?)"),
    ("SELEC ?x WHERE {}", "query:1:1:", "expected one of PREFIX, BASE, SELECT, ASK, CONSTRUCT, DESCRIBE"),
    ("SELECT * WHERE {\n  ?s ?p ?o .", "query:1:16:", "'{' is never closed"),
    ('SELECT * WHERE { ?s rdfs:label "市水利局 }', "query:1:32:", "unclosed string"),
    ("SELECT * WHERE { ?s foo:bar ?o }", "query:1:21:", "unknown prefix 'foo:'"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 3", "query:1:29:", "did you mean LIMIT?"),
    ("SELECT ?a, ?b WHERE { ?a ?p ?b }", "query:1:10:", "not commas"),
    ("SELECT ?t WHERE { ?t ?p ?o } GROUP ?t", "query:1:30:", "expected BY"),
])
def test_syntax_error_is_one_line_with_place_and_token(seed_build, query, place, needle):
    r = kg("query", query, "--build", seed_build)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300 and "\\u{" not in lines[0], r.stderr
    assert lines[0].startswith(f"error: {place} SPARQL syntax error") and needle in lines[0]


def test_syntax_error_place_is_in_the_text_as_written_when_bound(seed_build):
    q = "SELECT ?t WHERE { ?p pol:sourceFile ?f ; dcterms:title ?t } GROUP ?t"
    r = kg("query", q, "--bind", "f=003_f0f700fdbaf1630f.txt", "--bind", "t~=水", "--build", seed_build)
    assert r.exit_code == 2 and f"query:1:{q.index('GROUP') + 1}:" in r.stderr


# ---- the same on a SPARQL endpoint ---------------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(seed_build):
    import threading

    from kg.explore.endpoint import server

    httpd = server(seed_build, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/sparql"
    httpd.shutdown()
    httpd.server_close()


def test_endpoint_partial_bind_pasted_iri_and_hint(seed_build, endpoint):
    local = by_role(seed_build, "agency~=水利局")
    r = kg("query", "--name", "agency_tasks_by_role", "--bind", "agency~=水利局", "--endpoint", endpoint, "--format", "csv")
    assert r.exit_code == 0 and {tuple(row) for row in csv_rows(r.stdout)[1:]} == local
    r = kg("query", "SELECT ?l WHERE { id:river\\/蟒河 rdfs:label ?l }", "--endpoint", endpoint, "--format", "csv")
    assert r.exit_code == 0 and r.stdout.splitlines()[1:] == ["蟒河"]
    r = kg("query", 'SELECT ?u WHERE { ?u rdfs:label "市水利局" }', "--endpoint", endpoint)
    assert '"市水利局"@zh for "市水利局"' in r.stderr and "returns 2 row(s)" in r.stderr
