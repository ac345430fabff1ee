"""Drawn pages survive rebuilds: `kg viz` writes into BUILD/viz/, which a build never touches."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from conftest import CORPUS
from kg.cli import app

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_pages_survive_a_rebuild(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    seed = next(CORPUS.glob("003_*.txt"))  # the smallest seed: two builds stay quick
    shutil.copy(seed, corpus / seed.name)
    assert kg("build", "--corpus", str(corpus), "--out", str(out)).exit_code == 0
    default = out / "viz" / "overview.html"
    figure = out / "viz" / "figures" / "lineage-paper.html"
    assert kg("viz", "--build", str(out)).output.strip() == str(default)
    assert kg("viz", "lineage", "--build", str(out), "-o", str(figure)).exit_code == 0
    before = {p: p.read_bytes() for p in (default, figure)}

    (corpus / seed.name).write_text(seed.read_text(encoding="utf-8") + "\n（修订）\n", encoding="utf-8")
    rebuilt = kg("build", "--corpus", str(corpus), "--out", str(out))
    assert rebuilt.exit_code == 0, rebuilt.output
    for path, data in before.items():
        assert path.read_bytes() == data, f"{path} changed or vanished after the rebuild"
    assert kg("viz", "--build", str(out)).exit_code == 0  # and the next drawing replaces it in place
