"""A Chromium-printed PDF of the seed reads back as the plan: page numbers and running headers gone, radicals
unified, wrapped lines and page breaks inside sentences joined; scans, encrypted and damaged PDFs refused."""

import re
import unicodedata

import pytest

from kg.errors import InputError
from kg.ingest.readers import cjk, read
from kg.ingest.readers.pdf import PAGE_NUMBER, SCAN, Line, _drop_margins, _paragraphs
from seedfiles import CHROMIUM, ROOT, print_pdf, scan_pdf, seed_paragraphs, seed_print_html

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package `chromium`) is not installed")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("headless Chromium (Debian package `chromium`) is not installed")
    return print_pdf(seed_print_html(seed_paragraphs()), tmp_path_factory.mktemp("pdf") / "seed.pdf")


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


@needs_chromium
def test_pdf_reads_back_every_character_of_the_seed(seed_pdf):
    src = read(seed_pdf)
    assert (src.format, src.encoding, src.published) == ("pdf", None, None)
    assert compact(src.text) == compact("".join(seed_paragraphs()))


@needs_chromium
def test_no_page_number_header_or_radical_survives(seed_pdf):
    import pdfplumber

    with pdfplumber.open(seed_pdf) as pdf:
        raw = "\n".join(p.extract_text() for p in pdf.pages)
    assert "— 2 —" in raw and "⽔" in raw and re.search(r"\d+/\d+/\d+, \d+:\d+", raw)  # what there was to drop
    text = read(seed_pdf).text
    assert not [ln for ln in text.splitlines() if PAGE_NUMBER.match(ln.strip())]
    assert "—" not in text and not re.search(r"\d+/\d+/\d+, \d+:\d+", text)
    assert not cjk.has_radicals(text)
    assert "水利局" in text and "⽔" not in text


@needs_chromium
def test_a_page_break_inside_a_sentence_is_joined(seed_pdf):
    import pdfplumber

    with pdfplumber.open(seed_pdf) as pdf:
        pages = [p.extract_text_lines() for p in pdf.pages]
    left = min(ln["x0"] for p in pages for ln in p[1:-1])
    # the last body line of a page, and a first body line of the next that is not indented: one sentence
    breaks = [(a[-2]["text"], b[1]["text"]) for a, b in zip(pages, pages[1:]) if b[1]["x0"] < left + 8]
    assert len(breaks) >= 2, "the seed should break a sentence across pages"
    text = read(seed_pdf).text
    for last, first in breaks:
        assert cjk.unify(last + first) in text, (last, first)


@needs_chromium
def test_paragraphs_follow_the_seed(seed_pdf):
    """Every seed paragraph is one line of the PDF's text (the seed's own odd breaks included)."""
    lines = [compact(ln) for ln in read(seed_pdf).text.splitlines()]
    assert lines == [compact(p) for p in seed_paragraphs()]


@pytest.mark.parametrize("line", ["— 3 —", "- 3 -", "-3-", "第3页", "第 3 页 共 9 页", "第3页，共9页", "3", " 12 ", "3/9", "共9页 第3页", "Page 3 of 9"])
def test_page_number_forms(line):
    assert PAGE_NUMBER.match(line.strip())


@pytest.mark.parametrize("line", ["3. 强化重点河流生态流量保障", "2025年", "（三）", "1.5倍", "12345", "3月"])
def test_not_page_numbers(line):
    assert not PAGE_NUMBER.match(line)


def _page(texts: list[str]) -> list[Line]:
    n = len(texts)
    zone = lambda i: "top" if i < 2 else "bottom" if i >= n - 2 else None  # noqa: E731
    return [Line(t, 90.0 if i else 60.0, 520.0, 80.0 + 20 * i, 96.0 + 20 * i, zone(i)) for i, t in enumerate(texts)]


def test_running_header_repeated_on_pages_is_dropped_but_body_kept():
    body = seed_paragraphs()[2:]
    pages = [_page(["孟州市生态环境分局文件", *body[n * 8 : n * 8 + 8], f"第 {n + 1} 页 共 3 页"]) for n in range(3)]
    kept = [ln.text for ln in _drop_margins(pages)]
    assert kept == body[:24]


def test_margin_lines_must_repeat_to_go():
    pages = [_page(["一次性的页眉式短句", *seed_paragraphs()[2:10]]), _page(seed_paragraphs()[10:19])]
    assert [ln.text for ln in _drop_margins(pages)][0] == "一次性的页眉式短句"


def test_wrapped_lines_join_but_indented_and_numbered_lines_start_paragraphs():
    lines = [Line("1. 实施黄河流域水环境综合治理。落实焦作市", 95, 527, 0, 16),
             Line("工程实施方案，开展蟒河治理。", 63, 300, 20, 36),
             Line("2. 强化重点河流生态流量保障。强化生态流量", 63, 527, 40, 56),
             Line("3. 深入实施美丽幸福河湖保护与建设。", 63, 400, 60, 76),
             Line("以重要流域构建上下游贯通一体的生态环境治理", 95, 527, 80, 96),
             Line("体系为契机。", 63, 200, 100, 116)] * 4
    paras = _paragraphs(lines)
    assert paras[:4] == ["1. 实施黄河流域水环境综合治理。落实焦作市工程实施方案，开展蟒河治理。",
                         "2. 强化重点河流生态流量保障。强化生态流量", "3. 深入实施美丽幸福河湖保护与建设。",
                         "以重要流域构建上下游贯通一体的生态环境治理体系为契机。"]


def test_radical_table_maps_what_nfkc_does_and_what_it_does_not():
    assert cjk.unify("⽔⽣⾃⽅⾯⼀") == "水生自方面一"  # Kangxi radicals: NFKC maps them
    assert cjk.unify("⻘⺠⻓⻣⻔⻋⻢⻅⻚⻛") == "青民长骨门车马见页风"  # Radicals Supplement: NFKC leaves these
    assert unicodedata.normalize("NFKC", "⻘⺠⻓") == "⻘⺠⻓"
    assert cjk.unify("\uf900\ufa10\U0002f800") == unicodedata.normalize("NFKC", "\uf900\ufa10\U0002f800")
    assert cjk.unify("\ufa0e") == "\ufa0e"  # a unified ideograph inside the compatibility block stays
    assert cjk.unify("（市水利局牵头）⺡⺅") == "（市水利局牵头）⺡⺅"  # component-only forms and the rest stay
    assert all(cjk.is_ideograph(v) for v in cjk.UNIFY.values())


def test_scan_without_text_layer_says_run_ocr(tmp_path):
    with pytest.raises(InputError) as exc:
        read(scan_pdf(tmp_path / "scan.pdf"))
    assert exc.value.reason == SCAN
    assert "run OCR first (e.g. ocrmypdf) and build again" in str(exc.value)


@needs_chromium
def test_empty_printed_page_is_a_scan_too(tmp_path):
    pdf = print_pdf("<!doctype html><html><body><p>&nbsp;</p></body></html>", tmp_path / "blank.pdf")
    with pytest.raises(InputError, match=re.escape("has no text layer (a scan?)")):
        read(pdf)


def test_encrypted_pdf_names_the_problem():
    with pytest.raises(InputError, match="is encrypted"):
        read(ROOT / "tests" / "fixtures" / "formats" / "encrypted.pdf")


@pytest.mark.parametrize(("data", "says"), [
    (b"%PDF-1.7\nthis is not a pdf at all\n", "is not a readable PDF"),
    (b"hello", "is not a readable PDF"),
])
def test_damaged_pdf_is_one_line(tmp_path, data, says):
    p = tmp_path / "bad.pdf"
    p.write_bytes(data)
    with pytest.raises(InputError, match=says) as exc:
        read(p)
    assert "\n" not in str(exc.value)


@needs_chromium
def test_truncated_pdf_is_one_line(tmp_path, seed_pdf):
    p = tmp_path / "cut.pdf"
    p.write_bytes(seed_pdf.read_bytes()[:4000])
    with pytest.raises(InputError, match="truncated|not a readable PDF|damaged PDF") as exc:
        read(p)
    assert "\n" not in str(exc.value)


@needs_chromium
def test_one_page_print_keeps_latin_digits_in_their_line_and_drops_the_browser_stamps(tmp_path):
    """Chromium sets digits and brackets in a Latin font a few points higher than the Chinese around them, and
    prints a date and the page's address in the margins of even a one-page PDF."""
    sentence = "按照《某市全面实行河长制工作实施方案》(某办字〔2017〕24号)和(某办发〔2017〕57号)要求,制定本方案。"
    page = f"<html><head><meta charset='utf-8'></head><body style='font-size:16pt'><p>某镇河长制工作实施方案</p><p>{sentence}</p></body></html>"
    text = read(print_pdf(page, tmp_path / "one.pdf")).text
    assert compact(sentence) in compact(text)
    assert "file://" not in text and not re.search(r"\d+/\d+/\d+, \d+:\d+", text)
