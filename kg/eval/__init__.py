"""Scorers against hand-written gold: what `kg eval` prints.

Interface: `obligations.evaluate_obligations(docs)`, `entities.evaluate_entities(docs)`,
`lineage.evaluate_lineage(docs)` score extracted `kg.records.Document`s against `tests/gold/`;
`layouts.evaluate_layouts()` reads the hand-written layout fixtures (`tests/fixtures/layouts/`) as `kg build`
does and scores their headers, citations and obligations. Every scorer lists its disagreements.
"""
