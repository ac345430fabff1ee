"""kg.explore.hints: rewrites found by the lexer (never in comments, IRIs or LIMIT), tried within a budget."""

from kg.explore.hints import MAX_TRIES, first_hint, rewrites


def texts(query, **kw):
    return [r.text for r in rewrites(query, **kw)]


def test_plain_chinese_string_gets_zh_and_tagged_ones_are_left():
    q = 'SELECT ?u WHERE { ?u rdfs:label "市水利局" . ?v rdfs:label "市生态环境局"@zh }'
    assert texts(q) == ['SELECT ?u WHERE { ?u rdfs:label "市水利局"@zh . ?v rdfs:label "市生态环境局"@zh }']


def test_numbers_and_numeric_strings_swap_but_limit_and_offset_stay():
    q = 'SELECT ?p WHERE { ?p pol:year "2025" ; pol:taskNumber 9 } LIMIT 5 OFFSET 1'
    got = texts(q)
    assert 'SELECT ?p WHERE { ?p pol:year 2025 ; pol:taskNumber 9 } LIMIT 5 OFFSET 1' in got
    assert 'SELECT ?p WHERE { ?p pol:year "2025" ; pol:taskNumber "9" } LIMIT 5 OFFSET 1' in got
    assert not any('"5"' in t or '"1"' in t for t in got)


def test_comments_select_clause_and_datatyped_literals_are_not_touched():
    q = ('SELECT ("市" AS ?x) WHERE {  # "市水利局" in a comment\n'
         '  ?u rdfs:label "市水利局"^^xsd:string ; <http://x/1> ?o }')
    assert texts(q) == []


def test_each_change_alone_then_together_and_capped():
    q = 'ASK { ?u rdfs:label "市水利局" . ?v rdfs:label "孟州市" . ?p pol:year "2025" }'
    rws = rewrites(q)
    assert [len(r.changes) for r in rws] == [1, 1, 1, 2, 3]
    assert rws[-1].text == 'ASK { ?u rdfs:label "市水利局"@zh . ?v rdfs:label "孟州市"@zh . ?p pol:year 2025 }'
    many = "SELECT * WHERE { " + " ".join(f'?s{i} rdfs:label "名{i}" .' for i in range(20)) + " }"
    assert len(rewrites(many)) == MAX_TRIES


def test_unknown_term_becomes_the_meant_one_with_its_place():
    q = "SELECT ?t WHERE {\n  ?p pol:hasTsk ?t }"
    (rw,) = rewrites(q, unknown=lambda name: "hasTask" if name == "hasTsk" else None)
    assert rw.text == "SELECT ?t WHERE {\n  ?p pol:hasTask ?t }"
    c = rw.changes[0]
    assert (c.line, c.column, c.old, c.new) == (2, 6, "pol:hasTsk", "pol:hasTask")


def test_first_hint_stops_at_the_first_answer_and_at_the_budget():
    q = 'SELECT ?u WHERE { ?u rdfs:label "市水利局" . ?p pol:year "2025" }'
    tried = []

    def probe(text):
        tried.append(text)
        return 2 if "2025 " in text else 0

    hint = first_hint(q, probe)
    assert hint.rows == 2 and hint.rewrite.changes[0].new == "2025" and len(tried) == 2
    column = q.index('"2025"') + 1
    assert "returns 2 row(s)" in hint.message() and f"(query:1:{column})" in hint.message()
    ticks = iter([0.0, 0.0, 5.0, 5.0])
    tried.clear()
    assert first_hint(q, lambda t: tried.append(t) or 0, clock=lambda: next(ticks), budget=1.0) is None
    assert len(tried) == 1


def test_query_without_where_group_gives_nothing():
    assert rewrites("DESCRIBE <http://x/a>") == []
