"""The SPARQL lexer and guard: parser bombs, SERVICE and updates are refused as one-line input errors, fast,
and nothing inside a comment, string or IRI counts."""

import time

import pytest

from kg.errors import InputError
from kg.explore.guard import check_query, query_form, tokens, variables, where_brace

BOMBS = {
    "3,000 nested {}": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "50,000 nested (": "SELECT * WHERE { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
    "20,000 chained UNIONs": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }",
    "100,000-term sum": "SELECT (" + " + ".join(["1"] * 100_000) + " AS ?x) WHERE {}",
    "6,000 UNIONs in < 100 KB": "SELECT*{" + "UNION".join(["{?s ?p ?o}"] * 6000) + "}",
    "9,000 `!`": "SELECT * { FILTER(" + "!" * 9000 + "true) }",
    "3,000 BINDs": "SELECT*{" + "".join(f"BIND(1 AS ?v{i})" for i in range(3000)) + "}",
    "5,000-item RDF list": "SELECT * { ?s <http://x/p> (" + " 1" * 5000 + " ) }",
    "nested lists": "SELECT * { ?s <http://x/p> (" + " 1" * 40 + " (" + " 1" * 40 + " )) }",
    "1,000 nested [": "SELECT * { ?s <http://x/p> " + "[ <http://x/p> " * 1000 + "1" + " ]" * 1000 + " }",
}


@pytest.mark.parametrize("name", BOMBS)
def test_parser_bombs_are_one_line_input_errors(name):
    t0 = time.perf_counter()
    with pytest.raises(InputError) as e:
        check_query(BOMBS[name], max_chars=10**7)
    assert e.value.where == "query" and "\n" not in e.value.reason
    assert time.perf_counter() - t0 < 1


def test_length_is_checked_first():
    with pytest.raises(InputError, match="limit is 100,000"):
        check_query("#" * 100_001)


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://evil/> { ?s ?p ?o } }",
    "select * { ?s ?p ?o . service silent <http://evil/> { ?s ?p ?o } }",
])
def test_service_is_refused(query):
    with pytest.raises(InputError, match="SERVICE is refused: this endpoint does not query other hosts"):
        check_query(query)


@pytest.mark.parametrize("word", ["INSERT DATA { <a:b> <a:b> <a:b> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://x/>",
                                  "CLEAR ALL", "DROP GRAPH <a:g>", "CREATE GRAPH <a:g>", "ADD <a:g> TO <a:h>",
                                  "MOVE DEFAULT TO <a:g>", "COPY <a:g> TO <a:h>",
                                  "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused(word):
    with pytest.raises(InputError, match="updates are refused: read-only"):
        check_query(word)


def test_keywords_and_brackets_in_comments_strings_and_iris_are_fine():
    q = ('# SERVICE <http://evil/> { INSERT DATA\n'
         'PREFIX delete: <http://x/insert#(>\n'
         'SELECT ?s WHERE { ?s delete:load "SERVICE { ((( DROP" ; <http://x/SERVICE#(> """a\n{{{ " \'\'\' """ ;\n'
         "  <http://x/q> '''CLEAR ''{'' ''' , 'it\\'s { ' . }  # }}}}} SERVICE")
    check_query(q)
    check_query("SELECT * WHERE { ?s ?p " + '"' + "{" * 5000 + '" }')
    check_query("SELECT * WHERE { ?s ?p ?o } # " + "(" * 5000)


def test_ordinary_queries_pass():
    for q in ["SELECT ?a (COUNT(DISTINCT ?b) AS ?n) WHERE { ?a <http://x/p> ?b FILTER(?b IN (1, 2, 3)) } GROUP BY ?a",
              "SELECT * WHERE { VALUES (?a ?b) { (1 2) (3 4) } ?s <http://x/p> (1 2 3) }",
              "ASK { ?s ?p true , false }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
              "SELECT * { ?s <http://x/p>/^<http://x/q>|<http://x/r> ?o FILTER(?o != 2 && -?o < 3) }"]:
        check_query(q)


def test_unbalanced_and_unterminated_are_refused():
    with pytest.raises(InputError, match="no opening bracket"):
        check_query(") " * 3000 + "(" * 3000)
    with pytest.raises(InputError, match="unterminated string"):
        check_query('SELECT * { ?s ?p "abc }')


def test_one_megabyte_is_fast():
    big = "SELECT * WHERE { " + " ".join(f'?s{i} <http://x/p> "v{i}" .' for i in range(30_000)) + " }"
    assert len(big) > 900_000
    t0 = time.perf_counter()
    with pytest.raises(InputError):
        check_query(big, max_chars=2_000_000)  # too many terms for the default max_terms
    check_query(big, max_chars=2_000_000, max_terms=10**6)  # and a full scan
    assert time.perf_counter() - t0 < 1.5
    t0 = time.perf_counter()
    with pytest.raises(InputError):
        check_query(big)
    assert time.perf_counter() - t0 < 0.01


def test_tokens_kinds():
    toks = list(tokens('PREFIX ex: <http://x/#a> # c\nSELECT $v ?w {ex:a.b "s"@zh ; ex:c 1.5e3, true.}'))
    assert [(t.kind, t.text) for t in toks] == [
        ("keyword", "PREFIX"), ("pname", "ex:"), ("iri", "<http://x/#a>"), ("comment", "# c"), ("keyword", "SELECT"),
        ("var", "$v"), ("var", "?w"), ("punct", "{"), ("pname", "ex:a.b"), ("string", '"s"'), ("lang", "@zh"),
        ("punct", ";"), ("pname", "ex:c"), ("number", "1.5e3"), ("punct", ","), ("keyword", "true"), ("punct", "."),
        ("punct", "}")]
    assert all(t.text == 'PREFIX ex: <http://x/#a> # c\nSELECT $v ?w {ex:a.b "s"@zh ; ex:c 1.5e3, true.}'[t.start:][:len(t.text)]
               for t in toks)


def test_variables_and_form():
    q = '# ?ghost\nSELECT ?a WHERE { ?a <http://x/?b> "?c" ; $d 1 }'
    assert variables(q) == {"a", "d"}
    assert query_form(q) == "SELECT"
    assert query_form("PREFIX a: <http://x/> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"


@pytest.mark.parametrize("query, before", [
    ("# SELECT * WHERE { no\nSELECT * WHERE { ?s ?p ?o }", "# SELECT * WHERE { no\nSELECT * WHERE "),
    ('SELECT ?x WHERE { ?s ?p "WHERE {" }', "SELECT ?x WHERE "),
    ("SELECT ?s { ?s ?p ?o }", "SELECT ?s "),
    ("SELECT (COUNT(*) AS ?n) FROM <http://g/> WHERE { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) FROM <http://g/> WHERE "),
    ("ASK { ?s ?p ?o }", "ASK "),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE "),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } "),
    ("DESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE "),
    ("PREFIX x: <http://x/#WHERE> SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } } }",
     "PREFIX x: <http://x/#WHERE> SELECT * WHERE "),
])
def test_where_brace(query, before):
    assert where_brace(query) == len(before) and query[len(before)] == "{"


@pytest.mark.parametrize("query", ["DESCRIBE <http://x/>", "# SELECT * WHERE { }", "CONSTRUCT WHERE { ?s ?p ?o }", ""])
def test_where_brace_needs_a_group(query):
    with pytest.raises(InputError):
        where_brace(query)
