"""The outline of every seed equals the hand-written gold: task numbers, short titles, groups."""

import pytest

from conftest import CORPUS, SEEDS, gold
from kg.ingest.normalise import normalise
from kg.ingest.outline import outline
from kg.ingest.readers import read as read_source

EXPECTED_COUNTS = {"000": 16, "001": 21, "002": 17, "003": 11, "004": 26}


@pytest.mark.parametrize("name", SEEDS)
def test_tasks_match_gold(name):
    stem = name[:-4]
    o = outline(normalise(read_source(CORPUS / name).text).text)
    g = gold("outline", stem)
    assert [(t.number, t.title) for t in o.tasks] == [(t["number"], t["title"]) for t in g["tasks"]]
    assert len(o.tasks) == EXPECTED_COUNTS[stem[:3]]


@pytest.mark.parametrize("name", SEEDS)
def test_groups_match_gold(name):
    stem = name[:-4]
    o = outline(normalise(read_source(CORPUS / name).text).text)
    g = gold("outline", stem)
    got = [(gr.number, gr.title, [t.number for t in o.tasks if t.group == gr.number]) for gr in o.groups]
    exp = [(gr["number"], gr["title"], gr["tasks"]) for gr in g.get("groups", [])]
    assert got == exp


def test_email_split_across_lines_is_not_a_task():
    # 001 prints an e-mail address broken as "…@1\n\n26.com）" in its safeguards section
    text = "三、主要任务\n1.甲。（市水利局负责）\n2.乙。（市水利局负责）\n四、保障措施\n邮箱xx@1\n26.com）。"
    o = outline(normalise(text).text)
    assert [t.number for t in o.tasks] == ["1", "2"]


def test_numbering_must_run_in_sequence():
    text = "三、主要任务\n1.甲。\n3.不是任务。\n2.乙。"
    o = outline(normalise(text).text)
    assert [t.number for t in o.tasks] == ["1", "2"]
    assert "不是任务" in normalise(text).text[o.tasks[0].start : o.tasks[0].end]


def test_chinese_numbered_tasks_when_section_has_no_arabic_items():
    text = "三、工作任务\n（一）第一项任务。内容。\n（二）第二项任务。内容。\n四、保障措施\n（一）不是任务。"
    o = outline(normalise(text).text)
    assert [(t.number, t.title) for t in o.tasks] == [("一", "第一项任务"), ("二", "第二项任务")]
