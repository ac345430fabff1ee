"""Agency obligations in the layouts real plans use: 各-lists, carry-forward notes, suffixed role words,
plan-wide 'first listed leads' notes, and linear time on hostile text. Expected values written by reading the input."""

import time

import pytest

from kg.extract.brackets import find_obligations, lead_note, strip_brackets
from kg.ingest.normalise import normalise


def roles(text: str, rest_role: str | None = None):
    ms, carried = find_obligations(normalise(text).text, rest_role)
    return [(m.name, m.role) for m in ms], [c.name for c in carried]


def test_each_distributes_over_bare_place_words_but_not_over_one_name():
    got, _ = roles("任务。（县水利局牵头，各乡镇、街道、社区负责落实）")
    assert got == [("县水利局", "lead"), ("各乡镇", "implementing"), ("各街道", "implementing"),
                   ("各社区", "implementing")]
    got, _ = roles("任务。（市住建局牵头，各县、区人民政府负责落实）")
    assert got == [("市住建局", "lead"), ("各县、区人民政府", "implementing")]
    got, _ = roles("任务。（各镇人民政府、街道办事处负责）")
    assert got == [("各镇人民政府", "responsible"), ("各街道办事处", "responsible")]


def test_carry_forward_note_anywhere_in_the_bracket_names_its_unit_only():
    got, carried = roles("任务。〔以下各项工作均需各镇人民政府落实，不再列出。县水务局牵头，县财政局参与〕")
    assert got == [("县水务局", "lead"), ("县财政局", "participant")]
    assert carried == ["各镇人民政府"]
    got, carried = roles("任务。（县环保局负责，以下任务均由各乡镇（街道）负责落实，不再一一列出，县公安局配合）")
    assert got == [("县环保局", "responsible"), ("县公安局", "participant")]
    assert carried == ["各乡镇（街道）"]
    got, carried = roles("任务。（市水务局负责。以下各项任务均需各县、区人民政府落实，不再列出）")
    assert carried == ["各县、区人民政府"]


def test_role_words_with_suffixes():
    got, _ = roles("任务。（县发改局牵头督导，县工信局负责指导，县城管局指导，各镇人民政府配合落实，"
                   "县交通运输局协助配合，县商务局牵头负责）")
    assert got == [("县发改局", "lead"), ("县工信局", "responsible"), ("县城管局", "responsible"),
                   ("各镇人民政府", "participant"), ("县交通运输局", "participant"), ("县商务局", "lead")]
    names = [n for n, _ in got]
    assert "县督导" not in names and "县指导" not in names


@pytest.mark.parametrize("note, rest", [("排在首位的为牵头单位，其他为配合单位", "participant"),
                                        ("排在第一位的为牵头单位", "responsible"),
                                        ("排在前位为牵头部门，其余为配合部门，下同", "participant"),
                                        ("第一个为牵头单位", "responsible")])
def test_lead_note_is_found_in_its_usual_wordings(note, rest):
    text = f"二、重点任务（各项任务责任单位中，{note}）"
    assert lead_note(text) == (text.index(note[:2]), rest)
    assert lead_note("二、重点任务（责任单位：县水利局、县财政局）") is None


def test_first_listed_leads_only_under_a_note():
    line = "1.任务内容。\n责任单位：县水利局、县住建局、财政局\n完成时限：2024年底前"
    assert roles(line)[0] == [("县水利局", "responsible"), ("县住建局", "responsible"), ("县财政局", "responsible")]
    assert roles(line, "participant")[0] == [("县水利局", "lead"), ("县住建局", "participant"), ("县财政局", "participant")]
    assert roles(line, "responsible")[0] == [("县水利局", "lead"), ("县住建局", "responsible"), ("县财政局", "responsible")]
    got, _ = roles("1.任务。（责任单位：县河长办、县水利局，排在前位为牵头部门，其余为配合部门，下同）", "participant")
    assert got == [("县河长办", "lead"), ("县水利局", "participant")]
    got, _ = roles("7.任务。（责任单位：县农业农村局、县住建局，各乡镇人民政府负责落实）", "participant")
    assert got == [("县农业农村局", "lead"), ("县住建局", "participant"), ("各乡镇人民政府", "implementing")]
    bare = "3.任务。（县城管局、县公安局）"
    assert roles(bare)[0] == [] and roles(bare, "participant")[0] == [("县城管局", "lead"), ("县公安局", "participant")]
    assert strip_brackets(normalise(bare).text, "participant") == "3.任务。"


def test_plan_note_applies_from_where_it_is_written(tmp_path):
    from kg.extract.document import Extractor
    from kg.ingest.readers import read

    plan = ("某县2024年河湖治理工作要点\n\n为改善河湖面貌，制定本要点。\n\n一、工作目标\n\n全县河湖水质稳定向好。\n\n"
            "二、重点任务\n\n以下各项任务的责任单位中，排在首位的为牵头单位，其他为配合单位。\n\n"
            "1.开展河道清理。全年清理河道20公里。\n责任单位：县水利局、县自然资源局\n\n"
            "2.加强排污口整治。完成排污口整治12处。\n责任单位：县生态环境分局、县住建局、县城管局\n")
    path = tmp_path / "plan.txt"
    path.write_text(plan, encoding="utf-8")
    extractor = Extractor(None)
    doc = extractor.document(read(path))
    got = [(t.number, o.unit, o.role) for t in doc.tasks for o in t.obligations]
    assert got == [("1", "县水利局", "lead"), ("1", "县自然资源局", "participant"), ("2", "县生态环境分局", "lead"),
                   ("2", "县住建局", "participant"), ("2", "县城管局", "participant")]
    path.write_text(plan.replace("以下各项任务的责任单位中，排在首位的为牵头单位，其他为配合单位。\n\n", ""),
                    encoding="utf-8")
    doc = extractor.document(read(path))
    assert {o.role for t in doc.tasks for o in t.obligations} == {"responsible"}


def test_label_list_stops_at_a_deadline_run_onto_its_line_and_group_bodies_keep_their_level():
    got, _ = roles("7.任务。\n牵头单位：市农业农村局；配合单位：市供销社、市场监管局完成时限：2023年12月底前")
    assert got == [("市农业农村局", "lead"), ("市供销社", "participant"), ("市市场监管局", "participant")]
    got, _ = roles("任务。（县治水办牵头，团县委、县妇联配合）")
    assert got == [("县治水办", "lead"), ("团县委", "participant"), ("县妇联", "participant")]


@pytest.mark.parametrize("hostile", ["（" * 20000, "（市水利局牵头）" * 2500, "责任单位：" * 12000,
                                     "。（县水利局）" * 3000, "（以下均需各镇落实，不再列出）" * 1300])
def test_linear_time_on_hostile_text(hostile):
    text = hostile[:20000]  # 60 KB of UTF-8
    t0 = time.perf_counter()
    find_obligations(text)
    find_obligations(text, "participant")
    strip_brackets(text, "participant")
    lead_note(text)
    assert time.perf_counter() - t0 < 1.0
