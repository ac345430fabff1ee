"""A researcher's real folder, end to end through `kg build`: a Chromium-printed PDF, a Word file, a saved web
page, a GBK text in a subfolder, a covering-notice opening without tasks, an empty file, a scan and a .doc.

With --keep-going the readable documents build and each bad file is one named line; without it the first bad
file stops the build with one line, exit 2, and the previous build is left byte for byte.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "ingest"))
from seedfiles import CHROMIUM, gov_page, print_pdf, scan_pdf, seed_paragraphs, seed_print_html, write_docx  # noqa: E402

from kg.cli import app  # noqa: E402
from kg.explore.query import run_local  # noqa: E402
from kg.graph.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OPENING = """温县人民政府办公室
关于印发温县2024年净土保卫战
实施方案的通知
温政办〔2024〕9号
各乡镇人民政府，县直有关单位：
《温县2024年净土保卫战实施方案》已经县政府同意，现印发给你们，请认真贯彻执行。
温县人民政府办公室
2024年5月20日
温县2024年净土保卫战实施方案
为有效管控土壤环境风险，根据《焦作市2024年净土保卫战实施方案》（焦环攻坚办〔2024〕8号），制定本方案。
一、工作目标
受污染耕地安全利用率达到92%以上。
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    if CHROMIUM is None:
        pytest.skip("headless Chromium (Debian package `chromium`) is not installed")
    c = tmp_path_factory.mktemp("real") / "folder"
    (c / "sub").mkdir(parents=True)
    paras = seed_paragraphs()
    print_pdf(seed_print_html(paras), c / "mengzhou_water.pdf")
    (c / "mengzhou_water.print.html").unlink()  # what Chromium printed from
    write_docx(paras, c / "mengzhou_water_copy.docx")  # the same plan again: read once, the copy a duplicate
    (c / "jiaozuo.html").write_bytes(gov_page((ROOT / "corpus/001_ad3ff90022bb8e8d.txt").read_text(
        encoding="utf-8").split("\n")).encode("gb18030"))
    (c / "sub" / "soil.txt").write_bytes((ROOT / "corpus/002_e2b6aca72e59e14d.txt").read_text(encoding="utf-8").encode("gbk"))
    (c / "sub" / "wenxian_opening.txt").write_text(OPENING, encoding="utf-8")
    (c / "empty.txt").write_bytes(b"")
    scan_pdf(c / "sub" / "scan.pdf")
    (c / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not really a word file")
    return c


def test_keep_going_builds_the_readable_documents_and_names_each_bad_file(folder, tmp_path):
    out = tmp_path / "b"
    res = CliRunner().invoke(app, ["build", "--corpus", str(folder), "--out", str(out), "--keep-going"])
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    assert any(ln.startswith("skipped: ") and "empty.txt: is empty" in ln for ln in lines)
    assert any("scan.pdf: has no text layer (a scan?)" in ln for ln in lines)
    assert any("old.doc" in ln and ".docx" in ln for ln in lines)
    assert any("mengzhou_water_copy.docx: same text as mengzhou_water.pdf" in ln for ln in lines)
    assert any("wenxian_opening.txt: no numbered tasks found" in ln for ln in lines)
    assert "skipped 3 bad file(s)" in res.stderr
    st = open_store(out)
    # every Plan is also a pol:PolicyDocument (materialised super-class): show the most specific of the two
    rows = run_local(st, """SELECT ?f ?type ?title ?n WHERE { ?d pol:sourceFile ?f ; a pol:PolicyDocument ; dcterms:title ?title .
        BIND(IF(EXISTS { ?d a pol:Plan }, pol:Plan, pol:PolicyDocument) AS ?type) OPTIONAL { ?d pol:docNumber ?n } } ORDER BY ?f""").rows
    got = [(r[0].value, r[1].value.rsplit("#")[-1], r[2].value, r[3].value if r[3] else None) for r in rows]
    assert got == [
        ("jiaozuo.html", "Plan", "焦作市2022年水污染防治攻坚战实施方案", "焦环攻坚办〔2022〕24号"),
        ("mengzhou_water.pdf", "Plan", "孟州市2025年碧水保卫战实施方案", None),
        ("sub/soil.txt", "Plan", "孟州市2025年净土保卫战实施方案", None),
        ("sub/wenxian_opening.txt", "PolicyDocument", "温县2024年净土保卫战实施方案", "温政办〔2024〕9号"),
    ]
    tasks = {r[0].value: int(r[1].value) for r in run_local(st, """SELECT ?f (COUNT(?t) AS ?n) WHERE {
        ?d pol:sourceFile ?f ; pol:hasTask ?t } GROUP BY ?f""").rows}
    assert tasks == {"jiaozuo.html": 21, "mengzhou_water.pdf": 16, "sub/soil.txt": 17}


def test_evidence_of_a_pdf_points_into_the_text_the_build_keeps(folder, tmp_path):
    out = tmp_path / "b"
    CliRunner().invoke(app, ["build", "--corpus", str(folder), "--out", str(out), "--keep-going"])
    st = open_store(out)
    (text_file,) = [r[0].value for r in run_local(st, "SELECT ?t WHERE { ?d pol:sourceFile 'mengzhou_water.pdf' ; pol:textFile ?t }").rows]
    text = (out / text_file).read_text(encoding="utf-8")
    spans = run_local(st, """SELECT ?s ?e ?q WHERE { ?o a pol:Obligation ; pol:sourceFile 'mengzhou_water.pdf' ;
        pol:charStart ?s ; pol:charEnd ?e ; pol:quote ?q }""").rows
    assert len(spans) > 50
    assert all(text[int(s.value):int(e.value)] == q.value for s, e, q in spans)


def test_without_keep_going_one_line_exit_2_and_the_old_build_intact(folder, tmp_path):
    out = tmp_path / "b"
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(folder / "sub" / "soil.txt", good / "soil.txt")
    assert CliRunner().invoke(app, ["build", "--corpus", str(good), "--out", str(out)]).exit_code == 0
    before = (out / "kg.trig").read_bytes()
    res = CliRunner().invoke(app, ["build", "--corpus", str(folder), "--out", str(out)])
    assert res.exit_code == 2
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and "empty.txt: is empty" in errors[0]
    assert "Traceback" not in res.output
    assert (out / "kg.trig").read_bytes() == before


def test_strict_makes_a_document_without_tasks_an_error(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    (c / "opening.txt").write_text(OPENING, encoding="utf-8")
    res = CliRunner().invoke(app, ["build", "--corpus", str(c), "--out", str(tmp_path / "b"), "--strict"])
    assert res.exit_code == 2
    assert "opening.txt: no numbered tasks found (--strict)" in res.stderr
