"""The eligibility gate: jurisdiction ancestry, issue time, topic and citations decide who may derive from whom."""

from datetime import date

from lineage_records import citation, doc, task

from kg.lineage.gate import basis_citations, cites, earlier, eligible_sources, topics

COUNTY_WATER = doc("county", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025)


def stems(plan, docs):
    return [d.stem for d, _ in eligible_sources(plan, docs)]


def test_topics_come_from_the_reference_table():
    assert topics("孟州市2025年碧水保卫战实施方案") == {"water"}
    assert topics("孟州市2025年净土保卫战实施方案") == {"soil"}
    assert topics("蓝天保卫战") == {"air"}
    assert topics("土壤和地下水污染防治与水污染防治方案") == {"soil", "water"}
    assert topics("孟州市2025年政府工作报告") == set()


def test_county_plan_derives_from_its_city_and_province_earlier_plans():
    city = doc("city", "焦作市2022年水污染防治攻坚战实施方案", "焦作市", 2022)
    province = doc("province", "河南省2021年水污染防治攻坚战实施方案", "河南省", 2021)
    same = doc("same", "孟州市2024年碧水保卫战实施方案", "孟州市", 2024)
    out = dict((d.stem, why) for d, why in eligible_sources(COUNTY_WATER, [city, province, same, COUNTY_WATER]))
    assert out == {
        "city": "ancestor jurisdiction 焦作市, issued earlier, same topic",
        "province": "ancestor jurisdiction 河南省, issued earlier, same topic",
        "same": "same jurisdiction, issued earlier, same topic",
    }  # and never from itself


def test_not_from_another_province_a_sibling_or_a_later_plan():
    shanxi_city = doc("xinzhou", "忻州市水环境质量巩固提升2020年行动计划", "忻州市", 2020)
    shanxi = doc("shanxi", "山西省2020年水污染防治工作方案", "山西省", 2020)
    sibling_city = doc("luoyang", "洛阳市2022年水污染防治攻坚战实施方案", "洛阳市", 2022)
    later_city = doc("later", "焦作市2026年水污染防治攻坚战实施方案", "焦作市", 2026)
    assert stems(COUNTY_WATER, [shanxi_city, shanxi, sibling_city, later_city]) == []


def test_a_city_plan_does_not_derive_from_its_counties():
    city = doc("city", "焦作市2026年水污染防治攻坚战实施方案", "焦作市", 2026)
    assert stems(city, [doc("county", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025)]) == []


def test_a_soil_plan_does_not_derive_from_a_water_directive():
    soil = doc("soil", "孟州市2025年净土保卫战实施方案", "孟州市", 2025)
    water_dir = doc("water", "焦作市2022年水污染防治攻坚战实施方案", "焦作市", 2022)
    soil_dir = doc("soildir", "焦作市2022年土壤污染防治攻坚战实施方案", "焦作市", 2022)
    assert stems(soil, [water_dir, soil_dir]) == ["soildir"]


def test_a_plan_without_a_topic_accepts_any_topic():
    report = doc("report", "孟州市2025年生态环境保护工作要点", "孟州市", 2025)
    assert stems(report, [doc("water", "焦作市2022年水污染防治攻坚战实施方案", "焦作市", 2022)]) == ["water"]


def test_a_cited_document_is_eligible_whatever_its_place_time_or_topic():
    far = doc("far", "山西省2030年大气污染防治方案", "山西省", 2030, doc_number="晋政发〔2030〕1号")
    plan = doc("plan", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025, citations=[citation("晋政发〔2030〕1号")])
    assert [(d.stem, why) for d, why in eligible_sources(plan, [far])] == [("far", "cited by the plan")]
    by_title = doc("plan2", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025,
                   citations=[citation(title="山西省2030年大气污染防治方案")])
    assert cites(by_title, far) and not cites(COUNTY_WATER, far)


def test_earlier_by_year_then_issue_date():
    a = doc("a", "t", "焦作市", 2022, issued=date(2022, 12, 1))
    b = doc("b", "t", "孟州市", 2023, issued=date(2022, 1, 1))
    assert earlier(a, b) and not earlier(b, a)  # the years decide, not the dates
    c = doc("c", "t", "焦作市", 2022, issued=date(2022, 3, 1))
    assert earlier(c, a) and not earlier(a, c)  # same year: the issue date decides
    assert not earlier(doc("d", "t", "焦作市", 2022), doc("e", "t", "孟州市", 2022))  # undecidable: not earlier
    assert not earlier(a, a)


def test_same_year_plan_needs_an_earlier_issue_date():
    city = doc("city", "焦作市2025年水污染防治攻坚战实施方案", "焦作市", 2025, issued=date(2025, 3, 1))
    plan = doc("plan", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025, issued=date(2025, 5, 1))
    assert stems(plan, [city]) == ["city"]
    assert stems(COUNTY_WATER, [city]) == []  # the plan has no issue date: cannot tell, so not eligible


def test_basis_citations_are_preamble_directives_once_each():
    cs = [citation("焦环委办〔2025〕12号", start=10, quote="按照《焦环委办〔2025〕12号》"),
          citation("GB 3838-2002", kind="standard", start=20),
          citation("焦环委办〔2025〕12号", start=30, quote="again"),
          citation(title="河南省碧水保卫战方案", start=40, quote="根据《河南省碧水保卫战方案》"),
          citation("焦政〔2024〕3号", start=500)]  # inside the first task: not the plan's basis
    plan = doc("plan", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025, citations=cs,
               tasks=[task(1, "题", "内容", start=100)])
    assert basis_citations(plan) == [("焦环委办〔2025〕12号", "按照《焦环委办〔2025〕12号》"),
                                     ("河南省碧水保卫战方案", "根据《河南省碧水保卫战方案》")]
