"""Lineage against a generated corpus's own truth (bench/make_corpus.py): 60 province, city and county plans,
each citing its parent in its preamble, restating (reworded, merged, split) most of the parent's tasks and
adding local ones the parent does not have. The truth is the generator's, not the extractor's output.

What it pins down: a citation ranks the cited plan's tasks first but never asserts a derivation alone (`cited`
is a prior the fit cannot learn, Model.text_probability), so a plan's own new tasks get no source; and the
cited plan's best tasks are always among the candidates (kg.lineage.core.CITED_K).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import iter_documents
from kg.lineage.core import Lineage

ROOT = Path(__file__).resolve().parents[2]
N = 60


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("gen") / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(N), str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    docs = list(iter_documents(corpus))
    lin = Lineage(docs, corpus)
    return truth, {pl.doc: pl for pl in lin.all()}, lin


def outcomes(truth, results, lin):
    """Per child task: (truth says added, the first asserted candidate is right, a truth source is retrieved)."""
    out = []
    for rel, entry in truth.items():
        stem, parent = rel[: -len(".txt")], entry["parent"][: -len(".txt")]
        by_number = {tl.number: tl for tl in results[stem].tasks}
        for number, sources in entry["tasks"].items():
            tl = by_number[number]
            asserted = tl.asserted(lin.model)
            if not sources:
                out.append((True, not asserted, True))
                continue
            first = asserted[0] if asserted else None
            right = first is not None and first.source_doc == parent and first.source_number in sources
            found = any(c.source_doc == parent and c.source_number in sources for c in tl.candidates)
            out.append((False, right, found))
    return out


def test_top1_on_the_generated_truth(generated):
    rows = outcomes(*generated)
    assert len(rows) > 500
    assert sum(r for _, r, _ in rows) / len(rows) >= 0.95  # before the prior stopped asserting alone: 0.89


def test_added_tasks_mostly_get_no_source(generated):
    added = [r for a, r, _ in outcomes(*generated) if a]
    assert len(added) >= 30
    assert sum(added) / len(added) >= 0.6  # before: 0.05 (the citation alone asserted a source)


def test_every_restated_task_has_its_source_among_the_candidates(generated):
    found = [f for a, _, f in outcomes(*generated) if not a]
    assert all(found)


def test_a_cited_pair_with_nothing_in_common_is_ranked_but_not_asserted(generated):
    _, results, lin = generated
    cited_only = [c for pl in results.values() for tl in pl.tasks for c in tl.candidates
                  if c.features["cited"] and c.score >= lin.model.threshold > c.text_score]
    assert cited_only  # the prior lifts such pairs over the threshold ...
    for pl in results.values():
        for tl in pl.tasks:
            assert not any(c in cited_only for c in tl.asserted(lin.model))  # ... and they are never asserted
