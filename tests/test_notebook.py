"""The example notebook runs top to bottom on the seed build (cells executed in order, no Jupyter needed)."""

import json
import os

from conftest import ROOT


def test_explore_notebook_runs(seed_build, monkeypatch):
    monkeypatch.setenv("KG_BUILD", str(seed_build))
    monkeypatch.chdir(ROOT / "notebooks")
    nb = json.loads((ROOT / "notebooks" / "explore.ipynb").read_text(encoding="utf-8"))
    ns: dict = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), "explore.ipynb", "exec"), ns)
    assert sum(ns["plans"].values()) == 91
    assert ns["ranking"][0][2] == "市生态环境分局"
    assert len(ns["parts"]) >= 2
    assert ns["t"].steps[0].source.startswith("001:2")
    assert os.environ["KG_BUILD"] == str(seed_build)
