"""The notebooks in notebooks/ run top to bottom in a real Jupyter kernel (nbclient) on the seed build, show
what they promise, and are committed without outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds a cell may take (a build-free cell takes a few)
#: text each notebook's outputs must contain: names read in the seed texts and the hand-written gold
SHOWS = {
    "01_tour.ipynb": [
        "市生态环境分局",  # the SPARQL cell: 孟州 leads with 市生态环境分局 (brackets of 000, 002, 004)
        "孟州市2025年碧水保卫战实施方案",  # tasks per plan, through rdflib
        "<iframe srcdoc=",  # the network, inline and self-contained
        "001:2",  # the trace of 000:9: gold/lineage/000_to_001.json says task 9 ← Jiaozuo task 2
        "connected parts",
    ],
    "03_lineage.ipynb": [
        "焦环委办〔2025〕12号",  # the directive 000's preamble names
        "持续开展“清四乱”专项行动",  # task 10, whose gold source is Jiaozuo task 9
        "孟州市第二污水处理厂尾水人工湿地工程项目",  # the project 000:9 shares with 001:2 (the gold's why)
        "<iframe srcdoc=",
    ],
}


def kernel_env(tmp: Path, monkeypatch, build: Path) -> str:
    """A kernel spec for this interpreter (so the kernel imports this checkout's `kg`, whatever other
    'python3' kernels the machine has), and Jupyter's runtime and IPython folders inside `tmp`."""
    spec = tmp / "jupyter" / "kernels" / "policy-kg-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "policy-kg test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp / "ipython"))
    monkeypatch.setenv("KG_BUILD", str(build))
    return "policy-kg-test"


def output_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


@pytest.mark.parametrize("name", ALL)
def test_notebook_runs_and_shows_its_results(name, seed_build, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    kernel = kernel_env(tmp_path, monkeypatch, seed_build)
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name=kernel,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()  # a cell error raises here
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    text = output_text(nb)
    for expected in SHOWS.get(name, []):
        assert expected in text, f"{name}: no output shows {expected!r}"
    assert sum(bool(c.get("outputs")) for c in nb.cells if c.cell_type == "code") >= 2
    assert not list((seed_build / "viz").glob("*.tmp")) and "Traceback" not in text
    assert "src=&quot;http" not in text and "href=&quot;http" not in text  # inline pages load nothing from the net
    # what `make strip-notebooks` makes of the executed notebook is exactly the committed file
    executed = tmp_path / name
    nbformat.write(nb, executed)
    subprocess.run([sys.executable, str(NOTEBOOKS / "strip_outputs.py"), str(executed)], check=True, capture_output=True)
    assert executed.read_text(encoding="utf-8") == (NOTEBOOKS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL)
def test_committed_notebook_has_no_outputs(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code), \
        f"{name} has outputs: run `make strip-notebooks`"


def test_the_notebooks_share_the_build_convention():
    """notebooks/README.md states it, and every notebook uses it."""
    line = 'BUILD = Path(os.environ.get("KG_BUILD", "build"))'
    assert line in (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    for name in ALL:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert any(line in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"), name
