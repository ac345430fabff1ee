"""`kg stats --plot`: every chart written as PNG and SVG with no missing glyph (read back from the SVG, and a
missing glyph is an error while saving), a missing CJK font is one line naming the fix, bad options are one
line each, and the filters narrow the report."""

import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError

matplotlib = pytest.importorskip("matplotlib")
from matplotlib import font_manager  # noqa: E402

from kg.viz import plots  # noqa: E402


def _font_or_skip() -> str:
    try:
        return plots.cjk_font()
    except InputError as exc:  # mirrors the browser tests: `make test` installs it when run as root
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def plotted(seed_build, tmp_path_factory):
    _font_or_skip()
    folder = tmp_path_factory.mktemp("plots")
    r = CliRunner().invoke(app, ["stats", "--build", str(seed_build), "--format", "json", "--plot", str(folder)])
    assert r.exit_code == 0, r.output
    return folder, json.loads(r.stdout)


def test_every_chart_in_png_and_svg(plotted):
    folder, _rep = plotted
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"stats-{c}{s}" for c in plots.CHARTS for s in (".png", ".svg"))
    for p in folder.glob("*.png"):
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 20_000


def test_no_glyph_is_missing_in_any_svg(plotted):
    """matplotlib writes each drawn string as an SVG comment and each glyph as a path whose id is the font's
    PostScript name and the glyph index; glyph 0 is .notdef, the empty box."""
    folder, _rep = plotted
    font = font_manager.get_font(font_manager.findfont(font_manager.FontProperties(family=[plots.cjk_font()]),
                                                       fallback_to_default=False))
    covered = set(font.get_charmap())
    for svg in folder.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        strings = re.findall(r"<!-- (.*?) -->", text)
        assert any(re.search(r"[\u4e00-\u9fff]", s) for s in strings), svg.name  # Chinese was drawn
        missing = {c for s in strings for c in s if not c.isspace() and ord(c) not in covered}
        assert not missing, (svg.name, missing)
        glyphs = re.findall(r'<path id="([^"]+)-([0-9a-f]+)"', text)
        assert glyphs and all(index != "0" for _font, index in glyphs), svg.name
        family = font.postscript_name.split("-")[0]  # NotoSansCJKsc, regular and bold
        assert {f.split("-")[0] for f, _i in glyphs} <= {family, "DejaVuSans"}, svg.name


def test_charts_are_reproducible(plotted, tmp_path):
    """No date, no random id: the same report gives the same bytes (so committed figures only change with
    the data)."""
    folder, rep = plotted
    with plots.style() as font:
        plots.save(plots.workload_chart(rep), tmp_path / "w.svg", font)
        plots.save(plots.workload_chart(rep), tmp_path / "w.png", font)
    assert (tmp_path / "w.svg").read_bytes() == (folder / "stats-workload.svg").read_bytes()
    assert (tmp_path / "w.png").read_bytes() == (folder / "stats-workload.png").read_bytes()


def test_chart_titles_are_chinese(plotted):
    folder, _rep = plotted
    assert "单位任务负荷" in (folder / "stats-workload.svg").read_text(encoding="utf-8")
    assert "共同责任网络" in (folder / "stats-coresponsibility.svg").read_text(encoding="utf-8")


def test_a_missing_glyph_is_an_error_not_a_box(tmp_path):
    from matplotlib.figure import Figure

    _font_or_skip()
    with plots.style() as font:
        fig = Figure()
        fig.text(0.5, 0.5, "孟州 \U0001F30A")  # no CJK font has the wave emoji
        with pytest.raises(InputError, match="fonts-noto-cjk"):
            plots.save(fig, tmp_path / "x.png", font)
    assert not (tmp_path / "x.png").exists()


def test_missing_font_is_one_line_naming_the_fix(seed_build, tmp_path, monkeypatch):
    monkeypatch.setattr(plots, "FONTS", ("No Such Font For policy-kg",))
    r = CliRunner().invoke(app, ["stats", "--build", str(seed_build), "--plot", str(tmp_path / "out")])
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "fonts-noto-cjk" in lines[0] and lines[0].startswith("error: --plot:")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, where", [
    (["nonsense"], "SECTION"),
    (["--format", "xml"], "--format"),
    (["--plan", "no such plan words"], "--plan"),
    (["--jurisdiction", "北京市"], "--jurisdiction"),
    (["--top", "0"], "--top"),
])
def test_bad_options_are_one_line(seed_build, args, where):
    r = CliRunner().invoke(app, ["stats", "--build", str(seed_build), *args])
    assert r.exit_code == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {where}"), r.stderr


def test_filters_narrow_the_report(seed_build):
    r = CliRunner().invoke(app, ["stats", "workload", "lineage", "--build", str(seed_build), "--format", "json",
                                 "--jurisdiction", "孟州市"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert sorted(rep) == ["filters", "lineage", "plans", "roles", "workload"]
    assert [p["title"] for p in rep["plans"]] == ["孟州市2025年碧水保卫战实施方案", "孟州市2025年净土保卫战实施方案",
                                                  "孟州市2025年蓝天保卫战实施方案"]
    assert {a["jurisdiction"] for a in rep["workload"]["agencies"]} == {"孟州市"}
    assert rep["lineage"]["pairs"][0]["dropped"] == 6  # the directive (001, 焦作市) still counts its 21 tasks
    r = CliRunner().invoke(app, ["stats", "workload", "--build", str(seed_build), "--format", "json",
                                 "--plan", "000", "--plan", "净土"])  # a directive's title has 净土 too
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert [p["plan"][:3] for p in rep["plans"]] == ["000", "002"]
    assert sum(p["obligations"] for p in rep["plans"]) == 97 + 73  # gold: 97 obligations in 000, 73 in 002
