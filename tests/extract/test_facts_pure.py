"""Targets, deadlines and periods from the pure finders, no spaCy pipeline: short sentences in the style of the
plans, the expected facts read off each sentence. The finders read normalised text (Ⅲ → III)."""

from datetime import date

import pytest

from kg.extract.deadlines import find_deadlines, find_periods, period_patterns
from kg.extract.masks import BLANK, mask_non_values
from kg.extract.mentions import PROJECT, SECTION, Hit
from kg.extract.targets import find_targets, split_pairs, target_patterns
from kg.ingest.normalise import normalise

PATS = target_patterns()
PERIODS = period_patterns()


def targets(text: str, hits: list[Hit] = ()) -> list[tuple]:
    found = find_targets(text, mask_non_values(text, hits), PATS, [h for h in hits if h.kind == SECTION])
    return [(t.indicator, t.value, t.unit, t.comparator, t.year) for t in found]


# ---- targets ---------------------------------------------------------------------------------------------
def test_reach_a_percentage():
    assert targets("全市城市空气质量优良天数比例达到80%。") == [("城市空气质量优良天数比例", 80, "%", "=", None)]


def test_at_least_with_a_year_of_its_own():
    assert targets("到2025年，全县森林覆盖率达到25%以上。") == [("森林覆盖率", 25, "%", ">=", 2025)]


def test_within_a_concentration():
    assert targets("PM2.5平均浓度控制在45微克/立方米以内。") == [("PM2.5平均浓度", 45, "微克/立方米", "<=", None)]


def test_not_lower_and_not_fewer():
    assert targets("城市集中式饮用水水源地水质达标率不低于95%。") == [("城市集中式饮用水水源地水质达标率", 95, "%", ">=", None)]
    assert targets("全市新增充电桩不少于500个。") == [("充电桩", 500, "个", ">=", None)]


def test_a_decrease_keeps_its_verb():
    assert targets("单位地区生产总值能耗下降13.5%。") == [("单位地区生产总值能耗下降", 13.5, "%", "=", None)]


def test_water_class_with_and_without_a_section():
    assert targets("蟒河出境断面水质达到IV类。") == [("蟒河出境断面水质", "IV", "类", "=", None)]
    text = "西石露头断面水质达到或优于III类。"
    sec = Hit(SECTION, "西石露头断面", 0, 6, "蟒河")
    found = find_targets(text, mask_non_values(text), PATS, [sec])
    assert [(t.indicator, t.value, t.comparator, t.section) for t in found] == [("西石露头断面水质", "III", "<=", "西石露头断面")]


def test_class_written_as_a_roman_numeral_sign_and_as_a_range():
    text = normalise("饮用水水源地水质达到或优于Ⅲ类。").text
    assert targets(text) == [("饮用水水源地水质", "III", "类", "<=", None)]
    # I—III类: no worse than the upper end of the range
    assert targets("饮用水水源地水质达到I—III类。") == [("饮用水水源地水质", "III", "类", "<=", None)]
    assert targets("城市建成区消除劣V类水体。") == [("城市建成区水质", "V", "类", "<=", None)]


def test_paired_subjects_and_values():
    assert targets("PM10、PM2.5浓度分别控制在77、44微克/立方米以内。") == [
        ("PM10浓度", 77, "微克/立方米", "<=", None), ("PM2.5浓度", 44, "微克/立方米", "<=", None)]


def test_split_pairs_on_mismatched_or_broken_lists():
    assert split_pairs("PM10、PM2.5浓度", 2) == ["PM10浓度", "PM2.5浓度"]
    assert split_pairs("PM10、PM2.5浓度", 1) is None
    assert split_pairs("PM10、PM2.5、O3浓度", 2) is None
    assert split_pairs("、PM2.5浓度", 2) is None  # an empty first name: no pair, and no IndexError


def test_a_number_with_no_unit_is_no_target():
    assert targets("PM10、PM2.5分别控制在77微克。") == []
    assert targets("优良天数达到300。") == []
    assert targets("") == []


def test_counts_and_their_continuation():
    assert targets("完成造林0.03万亩，森林抚育0.05万亩。") == [("造林", 0.03, "万亩", "=", None),
                                                        ("森林抚育", 0.05, "万亩", "=", None)]


def test_a_time_limit():
    assert targets("接到举报后30分钟内到达现场。") == [("现场到达时间", 30, "分钟", "<=", None)]


def test_citations_standards_and_projects_hold_no_value():
    assert targets("按照《环境空气质量标准》（GB 3095—2012），PM2.5浓度不高于35微克/立方米。") == [
        ("PM2.5浓度", 35, "微克/立方米", "<=", None)]
    text = "建成孟州市污水处理厂3期工程"
    masked = mask_non_values(text, [Hit(PROJECT, "孟州市污水处理厂3期工程", 2, 14)])
    assert masked == "建成" + BLANK * 12 and len(masked) == len(text)


# ---- deadlines -------------------------------------------------------------------------------------------
def resolved(text: str, plan_year: int | None = 2025) -> list[date | None]:
    return [d.resolve(plan_year) for d in find_deadlines(text)]


def test_end_of_a_month_in_the_plan_year():
    assert resolved("9月底前完成沿河排污口排查整治。") == [date(2025, 9, 30)]
    assert [d.text for d in find_deadlines("9月底前完成沿河排污口排查整治。")] == ["9月底前"]


def test_end_of_a_year():
    assert resolved("到2025年底，全面完成黑臭水体整治。") == [date(2025, 12, 31)]
    assert resolved("年底前完成备用水源建设。", 2022) == [date(2022, 12, 31)]
    assert resolved("到2024年，基本消除黑臭水体。") == [date(2024, 12, 31)]


def test_a_day_with_before_is_a_deadline_a_signed_date_is_not():
    assert resolved("5月20日前报送年度方案。") == [date(2025, 5, 20)]
    assert resolved("焦作市人民政府办公室 2022年4月28日") == []


def test_no_deadline_without_an_end():
    assert resolved("6月前完成。") == []  # before June is no date
    assert resolved("印发《2023年底前黑臭水体整治方案》") == []  # the title's date is not this plan's
    assert resolved("") == []
    assert resolved("年底前完成。", None) == [None]  # no plan year: nothing to resolve against


# ---- periods ---------------------------------------------------------------------------------------------
def periods(text: str) -> list[str]:
    return [p.label for p in find_periods(text, PERIODS)]


def test_named_and_recurring_periods():
    assert periods("汛期每季度开展一次巡查。") == ["汛期", "每季度"]
    assert periods("秋冬季强化月调度。") == ["秋冬季", "月调度"]
    assert periods("按季度、年度报送工作进展。") == ["季度", "年度"]


def test_the_longer_period_wins():
    assert periods("主汛期加强巡查。") == ["主汛期"]
    assert periods("") == []
