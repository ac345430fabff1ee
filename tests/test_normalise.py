"""Normalisation joins PDF breaks, unifies punctuation, and maps every character back to the source."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.normalise import normalise
from kg.ingest.readers.text import decode


def test_joins_broken_words_and_keeps_offsets():
    src = "1.深入推进整治。充分发挥河湖长制作\n\n用，巩固成效。（市水\n\n利局负责）"
    n = normalise(src)
    assert "河湖长制作用" in n.text and "市水利局负责" in n.text
    i = n.text.index("水利局")
    s, e = n.source_span(i, i + 3)
    assert src[s:e] == "水\n\n利局"


def test_spaces_digits_and_notations():
    n = normalise("2025 年，PM₁₀、PM_{2.5} 浓度 60. 8%，达到Ⅲ类，ＡＢ１２")
    assert n.text == "2025年，PM10、PM2.5浓度60.8%，达到III类，AB12"


def test_brackets_and_commas_unified():
    n = normalise("(市生态环境分局牵头,市水利局参与)各县＜市、区＞人民政府")
    assert n.text == "（市生态环境分局牵头，市水利局参与）各县（市、区）人民政府"


def test_headings_stay_on_their_own_line():
    n = normalise("一、总体要求\n\n以习近平新时代中国特色社会主义思想为指导，深入贯彻。")
    assert n.text.split("\n")[0] == "一、总体要求"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="市水利局（）()，,、 \n\t。1.PM_{2.5}₁₀Ⅲ＜＞年月日河", max_size=120))
def test_offset_map_is_monotonic_and_in_range(src):
    n = normalise(src)
    assert len(n.offsets) == len(n.text)
    assert all(0 <= o < max(1, len(src)) for o in n.offsets)
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:]))


def test_decode_common_encodings():
    text = "孟州市2025年碧水保卫战实施方案"
    assert decode(text.encode("gb18030"))[0] == text
    assert decode(text.encode("utf-16"))[0] == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text
