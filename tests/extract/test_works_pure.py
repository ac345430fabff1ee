"""Named projects and enterprises from the pure finders, no spaCy pipeline: a name counts only with a proper
head (a place, a river, an enterprise); the expected names are read off each sentence."""

from kg.extract.mentions import ENTERPRISE, PROJECT, RIVER, Hit
from kg.extract.works import find_enterprises, find_works, works_patterns

PATS = works_patterns()


def names(hits: list[Hit], kind: str) -> list[str]:
    return [h.label for h in hits if h.kind == kind]


def test_an_enterprise_starts_at_its_place():
    text = "督促孟州市隆丰皮业有限公司完成整改。"
    found = find_enterprises(text, [], PATS)
    assert names(found, ENTERPRISE) == ["孟州市隆丰皮业有限公司"]
    assert text[found[0].start : found[0].end] == "孟州市隆丰皮业有限公司"


def test_a_generic_plant_is_no_enterprise():
    assert find_enterprises("推进城镇污水处理厂提标改造。", [], PATS) == []
    assert find_enterprises("", [], PATS) == []


def test_the_items_before_deng_gongsi_are_enterprises():
    found = find_enterprises("督促龙蟒佰利联集团、健康元、隆丰皮草、大咖食品等公司完成整改。", [], PATS)
    assert set(names(found, ENTERPRISE)) == {"龙蟒佰利联集团", "健康元", "隆丰皮草", "大咖食品"}


def test_a_project_headed_by_a_place():
    assert names(find_works("实施孟州市污水处理厂二期工程。", [], PATS), PROJECT) == ["孟州市污水处理厂二期工程"]
    assert names(find_works("开工建设温县城乡供水一体化项目。", [], PATS), PROJECT) == ["温县城乡供水一体化项目"]


def test_a_project_headed_by_a_river():
    text = "推进新蟒河生态治理工程。"
    river = Hit(RIVER, "新蟒河", 2, 5)
    assert names(find_works(text, [river], PATS), PROJECT) == ["新蟒河生态治理工程"]


def test_generic_works_and_clauses_are_no_project():
    assert find_works("加快城镇污水管网建设项目。", [], PATS) == []
    assert find_works("孟州市完成新建污水管网项目。", [], PATS) == []  # a clause with a verb, not a name
    assert find_works("", [], PATS) == []


def test_one_project_per_place_of_a_deng_list():
    found = find_works("岢岚县、五寨县、繁峙县砂河镇等城镇生活污水处理厂扩容工程。", [], PATS)
    assert names(found, PROJECT) == ["岢岚县城镇生活污水处理厂扩容工程", "五寨县城镇生活污水处理厂扩容工程",
                                     "繁峙县砂河镇城镇生活污水处理厂扩容工程"]


def test_names_inside_a_responsible_unit_are_left_out():
    assert find_works("实施孟州市污水处理厂二期工程。", [], PATS, in_units=lambda a, b: True) == []
