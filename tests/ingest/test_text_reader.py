"""Plain text in the encodings Chinese plans come in decodes to the same text; non-documents are refused."""

import pytest

from kg.errors import InputError
from kg.ingest.readers import read
from kg.ingest.readers.text import decode
from seedfiles import seed_text

TEXT = seed_text()
BIG5_TEXT = "".join(ch for ch in TEXT if ch.encode("big5", "ignore"))  # the seed as far as Big5 can carry it


@pytest.mark.parametrize(("encoding", "data", "want"), [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    ("gbk", TEXT.encode("gbk"), "gb18030"),
    ("gb2312", TEXT.encode("gb2312", "ignore"), "gb18030"),
    ("gb18030", TEXT.encode("gb18030"), "gb18030"),
    ("utf-16", TEXT.encode("utf-16"), "utf-16"),
    ("utf-16-be+bom", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ("utf-16-le, no mark", TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be, no mark", TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_seed_in_each_encoding_decodes_to_the_same_text(encoding, data, want):
    text, enc = decode(data)
    expected = TEXT if encoding != "gb2312" else TEXT.encode("gb2312", "ignore").decode("gb2312")
    assert text == expected
    assert enc == want


def test_big5_decodes():
    text, enc = decode(BIG5_TEXT.encode("big5"))
    assert (text, enc) == (BIG5_TEXT, "big5")


def test_gb18030_character_outside_gbk_decodes():
    text = TEXT[:300] + "𠀀䶮" + TEXT[300:600]  # extension B and a GB18030-only character
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_short_gb_title_is_not_taken_for_utf16():
    title = "孟州市2025年碧水保卫战实施方案"
    assert decode(title.encode("gb18030")) == (title, "gb18030")
    assert decode(title.encode("gbk")) == (title, "gb18030")


def test_read_keeps_line_ends_so_offsets_match_the_file(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    src = read(p)
    assert src.text == TEXT.replace("\n", "\r\n")
    assert (src.format, src.encoding, src.published) == ("txt", "gb18030", None)


@pytest.mark.parametrize(("data", "says"), [
    (b"", "is empty"),
    (b"  \n\t\n", "is empty"),
    (b"\x00\x01\x02binary", "contains NUL bytes; not a text document"),
    (TEXT.encode("utf-8")[:3000] + b"\x00" + TEXT.encode("utf-8")[3000:], "contains NUL bytes; not a text document"),
    (b"Annual report 2025, figures only: 12 34 56\n" * 20, "almost no Chinese text"),
    (b"\xff\xfe\x00\xd8", "UTF-16 byte-order mark but is not valid UTF-16"),
])
def test_non_documents_are_one_line_errors(tmp_path, data, says):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=says) as exc:
        read(p)
    assert "\n" not in str(exc.value)
