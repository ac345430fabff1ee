"""Word files written by python-docx read back in body order: paragraphs, a task table as tasks with label
lines, an annex table as tab-separated rows, Word's own list numbers; damaged and old files refused."""

import re

import docx
import pytest

from kg.errors import InputError
from kg.extract.brackets import find_obligations
from kg.ingest.readers import read
from kg.ingest.readers.tables import column_kind, render
from seedfiles import seed_paragraphs, write_docx

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]


def test_seed_paragraphs_read_back_in_order(tmp_path):
    src = read(write_docx(seed_paragraphs(), tmp_path / "seed.docx"))
    assert (src.format, src.encoding) == ("docx", None)
    assert src.text.splitlines() == seed_paragraphs()


def test_tables_stay_where_they_stand_in_the_body(tmp_path):
    paras = seed_paragraphs()
    annex = [["指标", "2024年", "2025年目标"], ["地表水达标断面", "2个", "3个"]]
    tasks = [HEADER, ["1", "强化生态流量监管。", "市水利局", "市财政局\n市河务局", "2025年12月底前"]]
    src = read(write_docx([paras[0], "二、重点任务", tasks, "三、保障措施", "附表：水质目标", annex, "完。"], tmp_path / "t.docx"))
    assert src.text.splitlines() == [
        paras[0], "二、重点任务", "1. 强化生态流量监管。", "牵头单位：市水利局；配合单位：市财政局、市河务局；完成时限：2025年12月底前",
        "三、保障措施", "附表：水质目标", "指标\t2024年\t2025年目标", "地表水达标断面\t2个\t3个", "完。",
    ]


def test_task_table_label_lines_parse_as_obligations():
    lines = render([["序号", "工作任务", "牵头部门", "责任单位", "协办单位", "责任领导"],
                    ["一、水污染防治"] * 6,
                    ["1", "加强蟒河综合治理", "县生态环境局", "各乡镇人民政府", "县水利局、住建局", "张三"]])
    assert lines[:2] == ["一、水污染防治", "1. 加强蟒河综合治理"]
    mentions, _ = find_obligations(lines[2])
    assert {(m.name, m.role) for m in mentions} == {
        ("县生态环境局", "lead"), ("各乡镇人民政府", "responsible"), ("县水利局", "participant"), ("县住建局", "participant")}
    assert "责任领导：张三" in lines[2]


@pytest.mark.parametrize(("header", "kind"), [
    ("序号", "number"), ("重点任务", "task"), ("工作任务", "task"), ("具体工作措施", "task"), ("牵头单位", "lead"),
    ("牵 头\n单 位", "lead"), ("配合单位", "partner"), ("参与部门", "partner"), ("责任单位", "responsible"),
    ("完成时限", "deadline"), ("时间节点", "deadline"), ("备注", "other"), ("责任领导", "other"),
])
def test_column_kinds(header, kind):
    assert column_kind(header) == kind


def test_annex_table_without_units_is_tab_separated():
    assert render([["河流", "断面", "目标"], ["蟒河", "上苑", "IV类"]]) == ["河流\t断面\t目标", "蟒河\t上苑\tIV类"]


def test_merged_cells_count_once(tmp_path):
    d = docx.Document()
    d.add_paragraph("孟州市碧水保卫战重点任务分工：各单位按照职责分工抓好落实，确保按时完成。")
    t = d.add_table(rows=4, cols=4)
    for i, row in enumerate([["序号", "重点任务", "牵头单位", "配合单位"], ["（一）饮用水水源保护", "", "", ""],
                             ["1", "持续加强饮用水水源保护", "市生态环境分局", "市水利局"],
                             ["2", "完成备用水源建设任务", "", "市住建局"]]):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    t.cell(1, 0).merge(t.cell(1, 3))  # a group row across the table
    t.cell(2, 2).merge(t.cell(3, 2))  # one lead unit for two tasks
    d.save(str(tmp_path / "m.docx"))
    lines = read(tmp_path / "m.docx").text.splitlines()
    assert lines[1:] == ["（一）饮用水水源保护", "1. 持续加强饮用水水源保护", "牵头单位：市生态环境分局；配合单位：市水利局",
                         "2. 完成备用水源建设任务", "牵头单位：市生态环境分局；配合单位：市住建局"]


def test_word_list_numbers_are_put_back(tmp_path):
    d = docx.Document()
    d.add_paragraph("孟州市2025年碧水保卫战实施方案（按照职责分工抓好落实，确保完成年度目标任务）")
    d.add_paragraph("二、重点任务")
    for task in ("实施黄河流域水环境综合治理。（市水利局负责）", "强化重点河流生态流量保障。（市生态环境分局负责）"):
        d.add_paragraph(task, style="List Number")
    d.save(str(tmp_path / "n.docx"))
    assert read(tmp_path / "n.docx").text.splitlines()[2:] == [
        "1. 实施黄河流域水环境综合治理。（市水利局负责）", "2. 强化重点河流生态流量保障。（市生态环境分局负责）"]


def test_chinese_list_formats():
    from kg.ingest.readers.numbering import format_number

    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]
    assert format_number(3, "decimalEnclosedCircle") == "③" and format_number(2, "ideographTraditional") == "乙"
    assert format_number(4, "upperRoman") == "IV" and format_number(12, "decimalFullWidth") == "１２"


@pytest.mark.parametrize(("data", "says"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Word 97-2003 file or a password-protected"),
    (b"PK\x03\x04 truncated", "damaged or not a .docx"),
    (b"plain text named .docx", "damaged or not a .docx"),
])
def test_damaged_or_misnamed_docx_is_one_line(tmp_path, data, says):
    p = tmp_path / "bad.docx"
    p.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(says)) as exc:
        read(p)
    assert "\n" not in str(exc.value)


def test_zip_that_is_not_word_is_refused(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "z.docx", "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(InputError, match="is not a readable .docx"):
        read(tmp_path / "z.docx")


def test_docx_without_chinese_is_refused(tmp_path):
    with pytest.raises(InputError, match="almost no Chinese"):
        read(write_docx(["Minutes of the meeting", "Nothing to see."], tmp_path / "en.docx"))
