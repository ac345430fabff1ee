"""Rivers, reservoirs and monitoring sections from the pure finders, no spaCy pipeline and no gazetteer: a
…河 or …渠 counts only where the context makes it a name; the expected names are read off each sentence."""

from kg.extract.mentions import PROJECT, RIVER, SECTION, Hit
from kg.extract.water import find_rivers, find_sections, water_patterns

PATS = water_patterns()


def labels(hits: list[Hit], kind: str) -> set[str]:
    return {h.label for h in hits if h.kind == kind}


def test_a_list_of_rivers():
    found = find_rivers("推进偏关河、朱家川河、牧马河综合治理。", PATS)
    assert labels(found, RIVER) == {"偏关河", "朱家川河", "牧马河"}


def test_canals_in_a_list():
    found = find_rivers("实施人民胜利渠、共产主义渠综合整治。", PATS)
    assert labels(found, RIVER) == {"人民胜利渠", "共产主义渠"}


def test_a_river_before_a_water_work():
    assert labels(find_rivers("实施新河生态治理工程。", PATS), RIVER) == {"新河"}


def test_river_words_that_are_no_river():
    assert find_rivers("全面落实河长制，加强河道清淤。", PATS) == []
    assert find_rivers("焦作黄河河务局负责。", PATS) == []
    assert find_rivers("严禁向河流、沟渠倾倒垃圾。", PATS) == []
    assert find_rivers("", PATS) == []


def test_reservoirs_are_projects_under_a_build_verb_else_water_bodies():
    found = find_rivers("谋划实施九渡水库、田坪水库。", PATS)
    assert labels(found, PROJECT) == {"九渡水库", "田坪水库"} and labels(found, RIVER) == set()
    assert labels(find_rivers("加强陆浑水库水源保护。", PATS), RIVER) == {"陆浑水库"}


def test_a_section_with_and_without_its_river():
    assert [(h.label, h.river) for h in find_sections("西石露头断面水质达到III类。", [], PATS)] == [("西石露头断面", None)]
    text = "蟒河西石露头断面水质达到III类。"
    found = find_sections(text, [Hit(RIVER, "蟒河", 0, 2)], PATS)
    assert [(h.label, h.river, text[h.start : h.end]) for h in found] == [("西石露头断面", "蟒河", "西石露头断面")]


def test_a_station_suffix_shared_by_a_list():
    found = find_sections("建设河西村、川胡屯、茨沟营桥断面水质自动监测站。", [], PATS)
    assert labels(found, SECTION) == {"河西村断面水质自动监测站", "川胡屯断面水质自动监测站", "茨沟营桥断面水质自动监测站"}


def test_generic_sections_are_no_names():
    assert find_sections("国控断面水质稳定达标。", [], PATS) == []
    assert find_sections("", [], PATS) == []
