"""A government page saved from the browser reads as the article only, with its publishing date."""

import re
from datetime import date

import pytest

from kg.errors import InputError
from kg.ingest.readers import read
from kg.ingest.readers.html import is_chrome, published_date
from seedfiles import CHROME, gov_page, seed_paragraphs


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("chrome_inside", [False, True], ids=["chrome-around", "chrome-inside-article"])
def test_article_only_and_nothing_of_the_site(tmp_path, chrome_inside):
    p = tmp_path / "page.html"
    p.write_bytes(gov_page(seed_paragraphs(), chrome_inside).encode("gb18030"))
    src = read(p)
    assert (src.format, src.encoding, src.published) == ("html", "gb18030", date(2025, 4, 15))
    assert [s for s in CHROME if s in src.text] == []
    assert src.text.splitlines()[0] == seed_paragraphs()[0]  # the title heads the text, once
    assert compact(src.text) == compact("".join(seed_paragraphs()))


def test_utf8_page_without_charset_and_htm_suffix(tmp_path):
    page = gov_page(seed_paragraphs()).replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    p = tmp_path / "page.htm"
    p.write_bytes(page.encode("utf-8"))
    assert compact(read(p).text) == compact("".join(seed_paragraphs()))


def test_wrong_charset_declaration_falls_back_to_detection(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(gov_page(seed_paragraphs()).encode("utf-8"))  # says gb2312, is utf-8
    assert read(p).text.splitlines()[0] == seed_paragraphs()[0]


def test_task_table_in_the_article(tmp_path):
    paras = seed_paragraphs()
    table = ("<p>附件：重点任务分工表</p><table border=1><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td></tr>"
             "<tr><td colspan=4>（一）饮用水水源保护</td></tr>"
             "<tr><td>1</td><td>持续加强饮用水水源保护</td><td>市生态环境分局</td><td>市水利局<br>市住建局</td></tr></table>")
    page = gov_page(paras).replace('</div><div class="tools">', table + '</div><div class="tools">')
    p = tmp_path / "t.html"
    p.write_bytes(page.encode("gb18030"))
    assert read(p).text.splitlines()[-4:] == [
        "附件：重点任务分工表", "（一）饮用水水源保护", "1. 持续加强饮用水水源保护", "牵头单位：市生态环境分局；配合单位：市水利局、市住建局"]


@pytest.mark.parametrize(("page", "found", "want"), [
    ("<span>发布时间：2025-04-15 09:30</span>", None, date(2025, 4, 15)),
    ("发布日期：2025年4月5日", "2025-01-01", date(2025, 4, 5)),
    ("日期：2024/12/30", None, date(2024, 12, 30)),
    ("<p>no date here</p>", "2025-04-16", date(2025, 4, 16)),
    ("<p>no date here</p>", None, None),
    ("发布时间：2025-13-45", None, None),
])
def test_published_date(page, found, want):
    assert published_date(page, found) == want


@pytest.mark.parametrize("line", [
    "当前位置：首页 > 政务公开 > 政策文件", "首页 > 政务公开", "发布时间：2025-04-15 09:30 来源：孟州市生态环境分局",
    "来源：孟州市生态环境分局", "浏览次数：1234", "【打印本页】 【关闭窗口】", "字号：[大 中 小]",
    "主办单位：孟州市人民政府办公室 承办单位：孟州市大数据管理中心", "备案号：豫ICP备12345678号 网站标识码：4108830001",
    "豫公网安备 41088302000001号", "上一篇：关于印发2024年方案的通知",
])
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", [
    "（三）强化指导帮扶", "各有关部门要强化技术支持、专家帮扶、排查隐患、破解难点。", "资金来源：市财政局统筹安排",
    "主办单位：县水利局；协办单位：县财政局", "1. 持续加强饮用水水源保护",
])
def test_plan_lines_are_not_chrome(line):
    assert not is_chrome(line)


def test_page_without_article_is_refused(tmp_path):
    p = tmp_path / "nav.html"
    p.write_bytes("<html><body><ul><li><a href='/'>首页</a></li></ul></body></html>".encode("utf-8"))
    with pytest.raises(InputError):
        read(p)
