"""Drawn labels: wrapped between words, never inside a number or a name; agencies told apart by place.

Expected lines are written from reading the labels (where a reader would break them), not from the code."""

from __future__ import annotations

import pytest

from kg.viz.labels import drawn_label, place_prefixes, short_label, short_place, text_width, wrap_label

#: real labels of the seed build (plan and directive titles, agencies, sections, task titles)
REAL = [
    "焦作市2022年碧水保卫战实施方案",
    "焦作市2022年水污染防治攻坚战实施方案",
    "忻州市水环境质量巩固提升2024年行动计划",
    "孟州石井断面",
    "焦作市城乡一体化示范区管委会",
    "焦作市生态环境局孟州分局",
    "市“一泓清水入黄河”专班办公室",
    "各县（市、区）人民政府",
    "河南省淘汰落后产能综合标准体系（2023年本）",
    "中共中央国务院关于深入打好污染防治攻坚战的意见",
    "焦作市生态环境保护委员会办公室关于印发焦作市2025年水污染防治攻坚战实施方案的通知",
    "到2025年，全市PM2.5浓度下降30%，国控断面达到IV类",
    "1. 实施黄河流域水环境综合治理",
]
UNBREAKABLE = ["2022年", "2024年", "2025年", "2023年本", "30%", "PM2.5", "IV类"]


@pytest.mark.parametrize("width", [4, 6, 8, 12])
@pytest.mark.parametrize("text", REAL)
def test_numbers_and_latin_words_never_split(text, width):
    lines = wrap_label(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or added
    for word in UNBREAKABLE:
        if word in text:
            assert any(word in line for line in lines), f"{word!r} split in {lines}"
    for a, b in zip(lines, lines[1:]):  # no line break between two digits
        assert not (a[-1:].isdigit() and b[:1].isdigit()), lines


def test_the_broken_label_of_the_issue():
    """「焦作市202 / 2年」: the old cut every N characters; now the year stays whole, lines are even."""
    assert wrap_label("焦作市2022年碧水保卫战实施方案", 6) == ["焦作市2022年", "碧水保卫战", "实施方案"]
    assert wrap_label("焦作市2022年碧水保卫战实施方案", 12) == ["焦作市2022年碧水", "保卫战实施方案"]


@pytest.mark.parametrize("width", [6, 12])
@pytest.mark.parametrize("text", REAL)
def test_lines_fit_unless_one_piece_is_wider(text, width):
    """A line wider than asked is one that cannot break: wrapped alone it stays one line."""
    for line in wrap_label(text, width):
        assert text_width(line) <= width or len(wrap_label(line, width)) == 1, line


def test_names_stay_whole():
    assert wrap_label("孟州石井断面", 6) == ["孟州石井断面"]
    assert wrap_label("实施孟州石井断面水质提升", 6, names={"孟州石井断面"}) == ["实施", "孟州石井断面", "水质提升"]
    assert wrap_label("焦作市城乡一体化示范区管委会", 6) == ["焦作市城乡", "一体化示范区", "管委会"]
    assert wrap_label("市“一泓清水入黄河”专班办公室", 12) == ["市“一泓清水入黄河”", "专班办公室"]  # a quoted name whole
    assert wrap_label("各县（市、区）人民政府", 6) == ["各县", "（市、区）", "人民政府"]  # not 各县（市、 / 区）…


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation():
    for text in REAL:
        for width in (4, 6, 8):
            lines = wrap_label(text, width)
            assert not any(line[:1] in "，。、；：！？）》”%" for line in lines[1:]), lines
            assert not any(line[-1:] in "（《“" for line in lines[:-1]), lines


def test_two_one_character_words_stay_together():
    """深入打好: jieba cuts 打 | 好, a reader does not."""
    lines = wrap_label("中共中央国务院关于深入打好污染防治攻坚战的意见", 6)
    assert not any(a.endswith("打") and b.startswith("好") for a, b in zip(lines, lines[1:])), lines


def test_short_label_cuts_at_a_piece_and_says_so():
    text = "焦作市生态环境保护委员会办公室关于印发焦作市2025年水污染防治攻坚战实施方案的通知"
    two = short_label(text, 12, 2).split("\n")
    assert len(two) == 2 and two[-1].endswith("…") and all(text_width(line) <= 12 for line in two)
    assert short_label("孟州石井断面", 12, 2) == "孟州石井断面"
    assert "202…" not in short_label("孟州市2025年碧水保卫战实施方案", 6, 1)


def test_places_only_where_labels_collide():
    units = {"a": ("市生态环境局", "焦作市"), "b": ("市生态环境局", "孟州市"), "c": ("市水利局", "孟州市"),
             "d": ("各乡镇办事处", "孟州市"), "e": ("各乡镇办事处", "孟州市")}
    assert place_prefixes(units) == {"a": "焦作", "b": "孟州"}  # 市水利局 is alone; d and e share a place
    assert drawn_label("市生态环境局", "焦作") == "焦作 市生态环境局"
    assert drawn_label("市生态环境局", None) == "市生态环境局"


def test_place_short_forms():
    assert [short_place(p) for p in ("焦作市", "河南省", "孟州市", "城区", "恩施土家族苗族自治州")] == \
        ["焦作", "河南", "孟州", "城区", "恩施土家族苗族"]
    # two places whose short forms clash keep their full names
    assert place_prefixes({"a": ("市水利局", "通州区"), "b": ("市水利局", "通州市")}) == {"a": "通州区", "b": "通州市"}


def test_words_cut_as_the_full_dictionary_does():
    """kg.viz.words loads only the words of the characters at hand; the cuts must be jieba's own."""
    import logging

    import jieba

    from kg.viz import words

    jieba.setLogLevel(logging.WARNING)
    full = jieba.Tokenizer()  # a fresh one: the extraction pipeline adds gazetteer words to jieba's global one
    texts = REAL + ["第一城区市场监督管理局", "南水北调中线工程相关县区政府", "十一、强化水质监测预警", "各乡镇（街道）"]
    assert [words.cut(t) for t in texts] == [full.lcut(t, HMM=True) for t in texts]
