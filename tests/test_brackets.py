"""The bracket parser on each case issue 3 lists, plus layouts the seeds do not show."""

from kg.extract.brackets import find_obligations
from kg.ingest.normalise import normalise


def roles(text: str):
    ms, carried = find_obligations(normalise(text).text)
    return [(m.name, m.role) for m in ms], [c.name for c in carried]


def test_distributed_prefix_and_market_regulation():
    got, _ = roles("任务。（市生态环境分局、城管局、住建局按职责分工负责，市市场监管局、市场监管局参与）")
    assert got == [("市生态环境分局", "responsible"), ("市城管局", "responsible"), ("市住建局", "responsible"),
                   ("市市场监管局", "participant")]


def test_units_with_inner_brackets_in_both_styles():
    got, _ = roles("任务。（市水利局牵头，各县（市、区）人民政府、各县＜市、区＞人民政府负责落实）")
    assert got == [("市水利局", "lead"), ("各县（市、区）人民政府", "implementing")]


def test_pdf_breaks_inside_the_bracket():
    got, _ = roles("任务。（市水\n\n利局牵头，市财政局参与，各乡镇办事处、高新区\n\n管委会落实）")
    assert got == [("市水利局", "lead"), ("市财政局", "participant"), ("各乡镇办事处", "implementing"),
                   ("高新区管委会", "implementing")]


def test_missing_comma_trailing_deng_stray_dun_and_duplicates():
    got, _ = roles("任务。(市生态环境分局、水利局、按照职责分工负责河务局、水利局等参与,市水利局等参与)")
    assert got == [("市生态环境分局", "responsible"), ("市水利局", "responsible"), ("市河务局", "participant"),
                   ("市水利局", "participant")]


def test_several_brackets_keep_their_clause():
    ms, _ = find_obligations(normalise("甲。（市水利局牵头）乙。（独立建设或依托骨干企业）丙。（市城管局负责，各乡镇办事处具体落实）").text)
    assert [(m.name, m.role, m.clause) for m in ms] == [
        ("市水利局", "lead", 1), ("市城管局", "responsible", 2), ("各乡镇办事处", "implementing", 2)]


def test_carry_forward_to_following_tasks():
    got, carried = roles("任务。（市住建局牵头，各县＜市、区＞人民政府落实。以下均需各县＜市、区＞人民政府落实，不再列出）")
    assert got == [("市住建局", "lead"), ("各县（市、区）人民政府", "implementing")]
    assert carried == ["各县（市、区）人民政府"]


def test_role_words():
    got, _ = roles("任务。（市生态环境局、市住建局按职责分工牵头，市公安局配合，市城管局负责，大定办事处、南庄镇、邮政公司具体落实）")
    assert got == [("市生态环境局", "lead"), ("市住建局", "lead"), ("市公安局", "participant"),
                   ("市城管局", "responsible"), ("大定办事处", "implementing"), ("南庄镇", "implementing"),
                   ("邮政公司", "implementing")]


def test_prefix_not_given_to_towns_companies_or_named_bodies():
    got, _ = roles("任务。（市水利局、焦作黄河河务局、供电公司、南庄镇、高新区管委会、公安局参与）")
    assert [n for n, _ in got] == ["市水利局", "焦作黄河河务局", "供电公司", "南庄镇", "高新区管委会", "市公安局"]


def test_square_brackets_and_label_lines():
    got, _ = roles("任务。〔市发改委牵头，市工信局参与〕")
    assert got == [("市发改委", "lead"), ("市工信局", "participant")]
    got, _ = roles("1.任务内容。\n牵头单位：市生态环境局\n配合单位：市水利局、住建局\n责任单位：各县（市、区）人民政府")
    assert got == [("市生态环境局", "lead"), ("市水利局", "participant"), ("市住建局", "participant"),
                   ("各县（市、区）人民政府", "responsible")]


def test_ordinary_brackets_are_not_responsibility():
    got, _ = roles("新（改、扩）建项目（含再生铅）要达到（自然本底值高除外）标准。")
    assert got == []
