"""The same plan as .txt, PDF, DOCX and a web page gives the same tasks, titles and (unit, role) obligations;
a task table in a Word file gives the tasks the plan's prose gives for the same rows."""

import shutil

import pytest

from kg.ingest import readers
from seedfiles import CHROMIUM, SEED, gov_page, print_pdf, seed_paragraphs, seed_print_html, write_docx

TASK_TABLE = [
    ["序号", "重点任务", "牵头单位", "配合单位", "落实单位", "完成时限"],
    ["1", "深入实施美丽幸福河湖保护与建设。落实《河南省美丽幸福河湖保护与建设行动方案》，有序推动全市美丽幸福河湖保护与建设。",
     "市水利局\n市生态环境分局", "市财政局、自然资源规划局、农业农村局、城管局、住建局、河务局", "", "2025年12月底前"],
    ["2", "持续开展“清四乱”专项行动。落实“河长制”相关要求，全面推进全市河湖“清四乱”常态化规范化。",
     "市水利局", "市生态环境分局、农业农村局、自然资源规划局、河务局", "各乡镇办事处", ""],
    ["3", "强化水生态环境执法监管。紧盯出境河流断面等重点区域，健全完善跨部门、跨区域水生态环境保护执法联动机制。",
     "市生态环境分局", "市公安局\n市自然资源规划局\n市城管局\n市住建局\n市水利局\n市河务局", "", ""],
]
SEED_ROWS = ("3", "10", "14")  # the seed's tasks the table rows restate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """One folder with the seed in every format (no sidecars, so every file infers its metadata)."""
    c = tmp_path_factory.mktemp("formats")
    paras = seed_paragraphs()
    shutil.copy(SEED, c / "plan.txt")
    write_docx(paras, c / "plan.docx")
    (c / "plan.html").write_bytes(gov_page(paras).encode("gb18030"))
    if CHROMIUM:
        print_pdf(seed_print_html(paras), c / "plan.pdf")
        (c / "plan.print.html").unlink()
    write_docx([paras[0], "二、重点任务", TASK_TABLE, "三、保障措施", "各单位要加强组织领导。"], c / "table.docx")
    return c


@pytest.fixture(scope="module")
def extractor(corpus):
    from kg.extract.document import Extractor

    return Extractor(corpus)


def facts(extractor, src):
    doc = extractor.document(src)
    return [(t.number, t.title, sorted((o.canonical, o.role) for o in t.obligations)) for t in doc.tasks], doc


@pytest.fixture(scope="module")
def baseline(extractor, corpus):
    return facts(extractor, readers.read(corpus / "plan.txt"))


def test_every_supported_format_has_a_fixture_here(corpus):
    assert {p.suffix for p in corpus.iterdir() if readers.is_document(p)} | {".htm"} | ({".pdf"} if not CHROMIUM else set()) \
        >= set(readers.SUFFIXES)


@pytest.mark.parametrize("name", ["plan.pdf", "plan.docx", "plan.html"])
def test_same_tasks_and_obligations_in_every_format(extractor, corpus, baseline, name):
    if not (corpus / name).exists():
        pytest.skip("headless Chromium (Debian package `chromium`) is not installed")
    want, want_doc = baseline
    got, doc = facts(extractor, readers.read(corpus / name))
    assert len(want) == 16 and sum(len(t[2]) for t in want) == 97
    assert got == want
    assert (doc.meta.title, doc.meta.year, doc.meta.jurisdiction) == (want_doc.meta.title, want_doc.meta.year,
                                                                       want_doc.meta.jurisdiction)


def test_task_table_gives_the_tasks_the_prose_gives(extractor, corpus, baseline):
    want, _ = baseline
    by_number = {n: (title, obl) for n, title, obl in want}
    got, doc = facts(extractor, readers.read(corpus / "table.docx"))
    assert got == [(str(i), *by_number[n]) for i, n in enumerate(SEED_ROWS, 1)]
    assert [d.date.isoformat() for d in doc.tasks[0].deadlines] == ["2025-12-31"]
