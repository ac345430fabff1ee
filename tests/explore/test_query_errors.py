"""kg.explore.errors.explain_syntax_error on Oxigraph's real messages: one short line, line:column, the
token at fault, and no Unicode ranges (for the CLI and the HTTP endpoint alike)."""

import pyoxigraph as ox
import pytest

from kg.explore.errors import explain_syntax_error, lexical_problem, position
from kg.explore.query import prefixes


def oxigraph_message(query: str) -> str:
    with pytest.raises(SyntaxError) as exc:
        ox.Store().query(query, prefixes=prefixes())
    return str(exc.value)


CASES = [
    # misspelt keywords: the word itself, and what was meant
    ("SELECT * WHER { ?s ?p ?o }", "query:1:10: unexpected 'WHER' (did you mean WHERE?)"),
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  OPTIONL { ?s ?p ?x } }", "query:3:3: unexpected 'OPTIONL' (did you mean OPTIONAL?)"),
    ("SELEC * WHERE { ?s ?p ?o }",
     "query:1:1: unexpected 'SELEC' (did you mean SELECT?); expected one of PREFIX, BASE, SELECT, ASK, CONSTRUCT, DESCRIBE"),
    # brackets and strings, found by the lexer
    ("SELECT * WHERE { ?s ?p ?o ", "query:1:16: '{' is never closed"),
    ("SELECT * WHERE { ?s ?p ?o } }", "query:1:29: unexpected '}': no '{' is open"),
    ("SELECT * WHERE { FILTER(?s } ", "query:1:28: unexpected '}': the '(' opened at 1:24 is still open"),
    ('SELECT * WHERE {\n ?s ?p "abc }', "query:2:8: unclosed string"),
    # prefixes, operators, SQL habits, clauses
    ("SELECT * WHERE { ?s foo:bar ?o }", "query:1:21: unknown prefix 'foo:' in 'foo:bar'"),
    ("SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?o = )\n}", "query:3:13: near '= )': '=' needs a value after it"),
    ("SELECT ?a, ?b WHERE { ?a ?p ?b }", "query:1:10: near ', ?b': SELECT lists its variables separated by spaces"),
    ("SELECT ?t WHERE { ?t ?p ?o } ORDER ?t", "query:1:30: near 'ORDER ?t'; expected BY"),
    ("SELECT ?x WHERE { ?x ?p ?o . OPTIONAL ?x ?p ?o }", "query:1:30: near 'OPTIONAL ?x ?p'; expected '{'"),
    ("ASK { ?s ?p 1 2 }", "query:1:15: near '2 }'"),
]


@pytest.mark.parametrize("query,expected", CASES)
def test_explained_in_one_short_line(query, expected):
    msg = oxigraph_message(query)
    line = explain_syntax_error(msg, query)
    assert line.startswith(expected), line
    assert "\n" not in line and len(line) < 260 and "\\u{" not in line and "[_]" not in line


def test_oxigraph_message_really_is_pages_of_ranges():
    """What the explanation replaces (if Oxigraph ever says it well, this test says so)."""
    msg = oxigraph_message("SELECT * WHERE { ?s foo:bar ?o }")
    assert "\\u{" in msg and len(msg) > 300


def test_where_names_the_source_and_unparseable_messages_pass_through():
    assert explain_syntax_error(oxigraph_message("SELECT * WHER {}"), "SELECT * WHER {}", "q.rq").startswith("q.rq:1:10:")
    assert explain_syntax_error("something else", "SELECT ?x {}").startswith("query:")


def test_lexical_problem_and_position():
    assert lexical_problem("SELECT * { ?s ?p '''a\nb''' }") is None
    assert lexical_problem("SELECT * { ?s ?p 'it''s' }") is None
    assert position("ab\ncd", 3) == (2, 1) and position("市水利局x", 4) == (1, 5)
