import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
SEEDS = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """One build of the real seeds for the whole session."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed") / "build"
    build(CORPUS, out)
    return out


@pytest.fixture(scope="session")
def store(seed_build):
    from kg.graph.store import open_store

    return open_store(seed_build)


@pytest.fixture(scope="session")
def sparql(store):
    """Run a SELECT on the seed build; rows as tuples of plain strings (None for unbound)."""
    from kg.explore.query import run_local

    def run(q: str):
        res = run_local(store, q)
        if res.kind == "ask":
            return res.boolean
        return [tuple(None if t is None else t.value for t in row) for row in res.rows]

    return run


@pytest.fixture(scope="session")
def docs():
    from kg.build import extract_corpus

    return {d.stem: d for d in extract_corpus(CORPUS)}


def gold(kind: str, stem: str):
    return json.loads((GOLD / kind / f"{stem}.json").read_text(encoding="utf-8"))


def copy_corpus(dst: Path, sidecars: bool = True) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for p in CORPUS.iterdir():
        if p.suffix == ".txt" or (sidecars and p.name.endswith(".meta.json")):
            shutil.copy(p, dst / p.name)
    return dst
