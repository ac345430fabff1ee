"""The wheel carries the package data the code reads through importlib.resources (ontology, queries,
reference tables, viz assets): an installed `kg` must not depend on the source tree."""

import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version

import pytest

from conftest import ROOT

DATA = ["kg/ontology/policy.ttl", "kg/ontology/shapes.ttl", "kg/data/reference/unit_aliases.csv",
        "kg/data/reference/gazetteers/rivers.csv", "kg/data/adcodes.csv", "kg/data/viz.js"]


def _setuptools_is_new_enough() -> bool:
    """pyproject.toml's `license = "MIT"` needs setuptools >= 77; an older one in the venv means an isolated build."""
    major = re.match(r"\d+", version("setuptools"))
    return bool(major) and int(major[0]) >= 77


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a copy of the sources, so the build leaves nothing in the work tree."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "kg", src / "kg", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    isolation = ["--no-build-isolation"] if _setuptools_is_new_enough() else []
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", str(dist), str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    (whl,) = dist.glob("policy_kg-*.whl")
    return whl


def test_wheel_holds_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [d for d in DATA if d not in names] == []
    shipped = {n for n in names if n.startswith("kg/queries/") and n.endswith(".rq")}
    in_tree = {f"kg/queries/{p.name}" for p in (ROOT / "kg" / "queries").glob("*.rq")}
    assert shipped == in_tree and shipped


def test_wheel_declares_the_console_script(wheel):
    with zipfile.ZipFile(wheel) as z:
        (entry,) = [n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt")]
        assert "kg = kg.cli:main" in z.read(entry).decode()
