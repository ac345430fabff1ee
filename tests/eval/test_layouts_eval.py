"""The layout fixtures (hand-written plans in layouts learnt from real ones, gold written by reading) stay
right: every header field, every task count, every citation and obligation. A regression guard: the rules
were tuned on these texts; tests/fixtures/heldout is the set nobody tunes on."""

from kg.eval.layouts import HEADER_FIELDS, evaluate_layouts


def test_layout_fixtures_are_read_exactly():
    s = evaluate_layouts()
    assert len(s.tasks) == 14
    assert {f: s.accuracy(f) for f in HEADER_FIELDS} == {f: 1.0 for f in HEADER_FIELDS}, s.disagreements
    assert all(s.tasks), s.disagreements
    assert (s.citations.tp, s.citations.fp, s.citations.fn) == (26, 0, 0), s.disagreements
    assert (s.obligations.tp, s.obligations.fp, s.obligations.fn) == (366, 0, 0), s.disagreements
