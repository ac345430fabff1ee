"""A rebuild re-extracts only the documents whose bytes changed (OUT/cache), and still builds the graph a fresh
build of the same corpus builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build import cache as kg_cache
from kg.build import build
from test_build_parallel import assert_same_graph

ROOT = Path(__file__).resolve().parent.parent


def _cache_note(out: Path) -> dict:
    return json.loads((out / "BUILD.json").read_text(encoding="utf-8"))["cache"]


@pytest.fixture()
def corpus(tmp_path):
    c = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", c)
    return c


def test_one_changed_document_is_the_only_one_extracted(corpus, tmp_path):
    out = tmp_path / "build"
    build(corpus, out)
    assert _cache_note(out) == {"reused": 0, "extracted": 5}
    changed = sorted(corpus.glob("*.txt"))[2]
    changed.write_bytes(changed.read_bytes() + "\n本方案自印发之日起施行。\n".encode())
    build(corpus, out)
    assert _cache_note(out) == {"reused": 4, "extracted": 1}
    build(corpus, out)
    assert _cache_note(out) == {"reused": 5, "extracted": 0}
    fresh = tmp_path / "fresh"
    build(corpus, fresh, use_cache=False)
    assert not (fresh / "cache").exists()
    assert_same_graph(fresh, out)
    assert len(list((out / "cache").glob("*/*.pickle"))) == 5  # the old record of the changed file was pruned


def test_code_or_reference_change_invalidates_every_record(corpus, tmp_path, monkeypatch):
    out = tmp_path / "build"
    build(corpus, out)
    monkeypatch.setattr(kg_cache, "code_key", lambda: "another-version")
    build(corpus, out)
    assert _cache_note(out) == {"reused": 0, "extracted": 5}
    (corpus / "reference").mkdir(exist_ok=True)
    (corpus / "reference" / "unit_aliases.csv").write_text("canonical,alias\n市水利局,水利局\n", encoding="utf-8")
    build(corpus, out)
    assert _cache_note(out) == {"reused": 0, "extracted": 5}


def test_a_damaged_entry_is_a_miss_not_an_error(corpus, tmp_path):
    out = tmp_path / "build"
    build(corpus, out)
    entry = sorted((out / "cache").glob("*/*.pickle"))[0]
    entry.write_bytes(b"not a pickle")
    build(corpus, out)
    assert _cache_note(out) == {"reused": 4, "extracted": 1}
