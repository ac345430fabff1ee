"""Header rules one at a time, on short headers written in the layouts real plans use (invented text)."""

from datetime import date

from kg.ingest.header import (
    choose_title,
    doc_number_line,
    find_notice,
    head_lines,
    is_chrome,
    parse_date,
    read_header,
)


def test_dates_alone_on_a_line_in_every_way_they_are_printed():
    assert parse_date("2025年6月13日") == date(2025, 6, 13)
    assert parse_date("  2025 年 6 月 13 日 ") == date(2025, 6, 13)
    assert parse_date("二〇二一年六月二十四日") == date(2021, 6, 24)
    assert parse_date("二○一九年十二月三十一日") == date(2019, 12, 31)
    assert parse_date("（2022年5月26日）") == date(2022, 5, 26)
    assert parse_date("2025年6月30日前完成") is None  # a deadline in a sentence, not a date line
    assert parse_date("2025年2月30日") is None  # no such day


def test_doc_number_lines_in_any_bracket_style():
    assert doc_number_line("温政办〔2025〕7号") == "温政办〔2025〕7号"
    assert doc_number_line("潍政发 [2024] 3 号") == "潍政发[2024]3号"
    assert doc_number_line("（沁环攻坚办（2024）6号）") == "沁环攻坚办（2024）6号"
    assert doc_number_line("按照焦环攻坚办〔2024〕8号要求") is None


def test_website_chrome_is_recognised_and_plan_text_is_not():
    for line in ("当前位置：首页 > 政务公开 > 政策文件", "发布时间：2023-05-06 09:30 来源：县政府办", "浏览次数：218",
                 "【打印本页】【关闭窗口】", "主办单位：某县人民政府办公室 网站标识码：4108830001", "（此件公开发布）",
                 "索引号：11410883/2023-00012", "文号：温政办〔2025〕7号"):
        assert is_chrome(line), line
    for line in ("温县2025年水污染防治工作方案", "1.加强蟒河综合治理。", "各乡镇人民政府，县直有关单位："):
        assert not is_chrome(line), line


NOTICE = """温县人民政府办公室
关于印发温县2025年水污染
防治工作方案的通知
温政办〔2025〕7号
各乡镇人民政府，县直有关单位：
《温县2025年水污染防治工作方案》已经县政府同意，现印发给你们，请认真贯彻执行。
温县人民政府办公室
2025年6月13日
温县2025年水污染防治工作方案
为持续改善水环境质量，制定本方案。
一、总体要求"""


def test_a_covering_notice_split_over_lines():
    h = read_header(NOTICE)
    assert h.title == "温县2025年水污染防治工作方案"
    assert h.doc_number == "温政办〔2025〕7号"
    assert h.issuer == "温县人民政府办公室"
    assert (h.issued, h.issued_source) == (date(2025, 6, 13), "signature")
    assert h.co_issued == ()


def test_a_notice_issuing_three_plans_names_the_one_that_follows():
    text = """某县污染防治攻坚战领导小组办公室
关于印发某县2024年蓝天、碧水、净土保卫战实施方案的通知
各乡镇人民政府：
现将《温县2024年蓝天保卫战实施方案》《温县2024年碧水保卫战实施方案》《温县2024年净土保卫战实施方案》印发给你们，请认真落实。
2024年4月26日
温县2024年碧水保卫战实施方案
为打好碧水保卫战，制定本方案。"""
    h = read_header(text)
    assert h.title == "温县2024年碧水保卫战实施方案"
    assert h.co_issued == ("温县2024年蓝天保卫战实施方案", "温县2024年净土保卫战实施方案")


def test_a_year_range_printed_under_the_title_belongs_to_it():
    h = read_header("德清县水环境提升行动方案\n（2023—2025年）\n为改善水环境，制定本方案。\n一、总体要求")
    assert h.title == "德清县水环境提升行动方案（2023—2025年）"


def test_a_web_page_date_is_a_last_resort_and_says_so():
    page = """当前位置：首页 > 政务公开
发布时间：2023-05-06 来源：县政府办
温县2023年净土保卫战实施方案
为管控土壤污染风险，制定本方案。
一、工作目标"""
    h = read_header(page)
    assert h.title == "温县2023年净土保卫战实施方案"
    assert (h.issued, h.issued_source) == (date(2023, 5, 6), "web page publishing date")
    dated = page.replace("温县2023年净土保卫战实施方案\n", "温县2023年净土保卫战实施方案\n（2023年4月2日）\n")
    assert read_header(dated).issued == date(2023, 4, 2)
    table = "成文日期：2023-04-28\n" + page
    assert (read_header(table).issued, read_header(table).issued_source) == (date(2023, 4, 28), "information table")


def test_section_headings_never_become_a_title():
    head = head_lines(["总体要求", "一、指导思想", "以改善水环境质量为核心。"])
    title, _ = choose_title(head, find_notice(head))
    assert title is None
    assert read_header("一、总体要求\n（一）指导思想\n坚持生态优先。").title is None


def test_a_signature_at_the_end_gives_issuer_and_date():
    text = "某县河湖长制工作要点\n一、主要任务\n1.开展清四乱。\n某县河长制办公室\n2023年3月15日"
    h = read_header(text)
    assert (h.issuer, h.issued) == ("某县河长制办公室", date(2023, 3, 15))


def test_a_document_heading_its_own_title_names_the_issuer_and_the_fuller_title():
    page = """首页 >> 政务公开 >> 政府文件
某政文[2019]
关于加强河道保护的意见
来源：县政府办 发布时间：2019-05-06
温县人民政府
关于加强河道保护的
意  见
各乡镇人民政府：
现就加强河道保护提出如下意见：
一、总体要求"""
    h = read_header(page)
    assert h.title == "温县人民政府关于加强河道保护的意见"  # not the stub 某政文[2019] joined to it
    assert h.issuer == "温县人民政府"
    assert (h.issued, h.issued_source) == (date(2019, 5, 6), "web page publishing date")


def test_traditional_notice_and_information_table_rows():
    table = """| 發文字號： | 溫政辦發〔2017〕9號 | 成文日期： | 2017-03-02 |
溫州市人民政府辦公室關於印發
溫州市剿滅劣Ⅴ類水實施方案的通知
各縣（市、區）人民政府：
溫州市剿滅劣Ⅴ類水實施方案
一、總體要求"""
    h = read_header(table)
    assert h.doc_number == "溫政辦發〔2017〕9號"
    assert h.issuer == "溫州市人民政府辦公室"
    assert (h.issued, h.issued_source) == (date(2017, 3, 2), "information table")


def test_a_long_notice_title_is_not_joined_to_the_addressee_by_normalisation():
    from kg.ingest.normalise import normalise

    text = """永州市人民政府办公室关于印发的通知
某政办发〔2016〕41号
永州市人民政府办公室
关于印发《永州市湘江保护和治理第二个三年行动计划实施方案（2016—2018年）》的通知
各县区人民政府，各管理区，市政府各办委局、各直属机构：
《永州市湘江保护和治理第二个三年行动计划实施方案（2016—2018年）》已经市人民政府同意，现印发给你们，请认真抓好落实。
永州市人民政府办公室
2016年10月11日
永州市湘江保护和治理第二个三年行动计划实施方案（2016—2018年）
为持续推进湘江保护和治理工作，特制定本实施方案。
一、指导思想"""
    h = read_header(normalise(text).text)
    assert h.title == "永州市湘江保护和治理第二个三年行动计划实施方案（2016—2018年）"
    assert (h.issuer, h.issued) == ("永州市人民政府办公室", date(2016, 10, 11))


def test_titles_cited_in_a_notice_body_are_not_plans_it_issues():
    text = """关于印发《某县赤水河保护攻坚行动方案》的通知
各镇河长：
为落实《某省赤水河流域保护条例》和《某市全面推行河长制工作方案》，县河长办制定了《某县赤水河保护攻坚行动方案》，现印发给你们。
某县赤水河保护攻坚行动方案
一、总体要求"""
    h = read_header(text)
    assert (h.title, h.co_issued) == ("某县赤水河保护攻坚行动方案", ())
