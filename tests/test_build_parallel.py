"""Parallel extraction gives the graph of the single-process build: local worker processes (`--workers`) and
a real Dask cluster (a scheduler and two worker processes on loopback), quad for quad; bad files and an
unreachable scheduler are one line each."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from kg.build import workers
from kg.build import Report, build
from kg.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def _same_quads():
    spec = importlib.util.spec_from_file_location("same_quads", ROOT / "bench" / "same_quads.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def assert_same_graph(a: Path, b: Path) -> None:
    same = _same_quads()
    assert same.compare_trig(a / "kg.trig", b / "kg.trig"), "kg.trig differs"
    assert same.compare_stores(a, b), "stores differ"


@pytest.fixture()
def always_parallel(monkeypatch):
    monkeypatch.setattr(workers, "MIN_PARALLEL", 0)  # the five seeds would otherwise stay in-process


def test_worker_processes_build_the_same_graph(seed_build, tmp_path, always_parallel):
    out = tmp_path / "build"
    summary = build(ROOT / "corpus", out, workers=2)
    assert summary.documents == 5
    assert_same_graph(seed_build, out)


def test_dask_cluster_builds_the_same_graph(seed_build, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        out = tmp_path / "build"
        summary = build(ROOT / "corpus", out, scheduler=cluster.scheduler_address)
        with distributed.Client(cluster.scheduler_address) as client:
            assert len(client.scheduler_info()["workers"]) == 2
    assert summary.documents == 5
    assert_same_graph(seed_build, out)


def test_bad_file_is_named_by_its_corpus_path_from_a_worker(tmp_path, always_parallel):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("reference"))
    (corpus / "sub").mkdir()
    (corpus / "sub" / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    with pytest.raises(InputError) as err:
        build(corpus, tmp_path / "out", workers=2)
    assert err.value.where == str(corpus / "sub" / "broken.pdf")
    assert not (tmp_path / "out").exists()  # nothing half-written
    report = Report()
    summary = build(corpus, tmp_path / "out", workers=2, keep_going=True, report=report)
    assert summary.documents == 5
    assert len(report.skipped) == 1 and report.skipped[0].startswith(str(corpus / "sub" / "broken.pdf") + ":")


def test_unreachable_scheduler_is_one_input_error(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(workers, "CONNECT_SECONDS", 2)
    with pytest.raises(InputError) as err:
        build(ROOT / "corpus", tmp_path / "out", scheduler="tcp://127.0.0.1:9")
    assert err.value.where == "tcp://127.0.0.1:9"
    assert "cannot reach the Dask scheduler" in err.value.reason
    assert not (tmp_path / "out").exists()


def test_jobs_carry_bytes_not_paths(tmp_path):
    """What a cluster worker receives: the file's bytes, its sidecar's, and the corpus's reference tables."""
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "unit_aliases.csv").write_text("canonical,alias\n市水利局,水利局\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("标题", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"year": 2024}', encoding="utf-8")
    j = workers.job(doc, "a.txt", "a")
    assert (j.filename, j.data, j.sidecar) == ("a.txt", "标题".encode(), b'{"year": 2024}')
    b = workers.bundle(tmp_path)
    assert b.files == (("unit_aliases.csv", "canonical,alias\n市水利局,水利局\n".encode()),)
    assert workers.bundle(tmp_path).key == b.key != workers.bundle(tmp_path / "nowhere").key
