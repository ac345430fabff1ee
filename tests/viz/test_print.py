"""Networks worth printing, checked in headless Chromium: every view fits the window on load, labels never
overlap, the filters hide exactly what SPARQL says, a click on a plan shows its tasks, edge labels stay clear
of node boxes, and the PNG (at 3×) and SVG exports hold the drawing. Node boxes are read from vis-network
(its bounding box joined with the drawn label's), not from our own page code."""

from __future__ import annotations

import base64
import struct
import time
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

import viz_synth
from kg.cli import app
from kg.explore.query import run_local
from kg.graph.store import open_store
from kg.viz import browser as viz_browser
from kg.viz.draw import build_view, write_view

pytestmark = pytest.mark.skipif(bool(viz_browser.missing()), reason=f"browser tests need Chromium: {viz_browser.missing()}")

ID = "https://w3id.org/policy-kg/id/"
MENGZHOU = f"{ID}jurisdiction/410883"
BOXES = """var n = kgViz.network;
    return n.body.nodeIndices.map(function (id) {
      var b = n.getBoundingBox(id), s = n.body.nodes[id].labelModule.size, has = n.body.nodes[id].options.label;
      return [id, Math.min(b.left, has ? s.left : b.left), Math.min(b.top, has ? s.top : b.top),
              Math.max(b.right, has ? s.left + s.width : b.right), Math.max(b.bottom, has ? s.top + s.height : b.bottom)];
    });"""


@pytest.fixture(scope="module")
def browser():
    with viz_browser.chromium(1280, 800) as driver:
        yield driver


@pytest.fixture(scope="module")
def seed_store(seed_build):
    return open_store(seed_build)


@pytest.fixture(scope="module")
def pages(seed_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    synth = open_store(viz_synth.make_build(folder / "synth"))
    views = {
        "overview": build_view(seed_store, "overview"),
        "lineage": build_view(seed_store, "lineage", plan="000_5aa1b34ff7adb0c1"),
        "agencies": build_view(seed_store, "agencies"),
        "synth-lineage": build_view(synth, "lineage", plan="p2"),
        "big-overview": viz_synth.plan_level_view(cities=8, counties_per_city=4),
    }
    return {name: write_view(g, folder / f"{name}.html") for name, g in views.items()}


def _open(browser, path):
    browser.get_log("browser")
    viz_browser.open_page(browser, path, timeout=90)
    time.sleep(0.2)


def _overlaps(boxes):
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


@pytest.mark.parametrize("view", ["overview", "lineage", "agencies", "big-overview"])
def test_fits_the_window_on_load(browser, pages, view):
    _open(browser, pages[view])
    boxes = browser.execute_script(BOXES)
    dom = browser.execute_script("""var n = kgViz.network, c = document.getElementById('kg-network');
        return arguments[0].map(function (b) { var a = n.canvasToDOM({x: b[1], y: b[2]}), z = n.canvasToDOM({x: b[3], y: b[4]});
          return [a.x, a.y, z.x, z.y]; }).concat([[c.clientWidth, c.clientHeight]]);""", boxes)
    width, height = dom.pop()
    assert all(-0.5 <= l and -0.5 <= t and r <= width + 0.5 and b <= height + 0.5 for l, t, r, b in dom)
    used_w = max(r for _, _, r, _ in dom) - min(l for l, _, _, _ in dom)
    used_h = max(b for _, _, _, b in dom) - min(t for _, t, _, _ in dom)
    assert used_w > 0.85 * width or used_h > 0.85 * height  # fitted, not a speck in the middle
    assert viz_browser.console_errors(browser) == []


@pytest.mark.parametrize("view", ["overview", "big-overview"])
def test_labels_never_overlap(browser, pages, view):
    _open(browser, pages[view])
    assert _overlaps(browser.execute_script(BOXES)) == []


def overview_nodes(store, plans: list[str]) -> set[str]:
    """What the overview shows for these plans only: the overview's own SPARQL with ?p bound to them, and no
    other plan (a plan is shown only when it passes the filter itself, even as another's source)."""
    iris = " ".join(f"<{p}>" for p in plans)
    query = viz_synth.OVERVIEW_SPARQL.replace("{ ?x a pol:Plan }", "{ ?x a pol:Plan BIND(?x AS ?p) }")
    query = query.replace("SELECT DISTINCT ?x WHERE {", f"SELECT DISTINCT ?x WHERE {{ VALUES ?p {{ {iris} }}", 1)
    query = query.rstrip()[:-1] + f" FILTER(NOT EXISTS {{ ?x a pol:Plan }} || ?x IN ({', '.join(iris.split())})) }}"
    return {r[0].value for r in run_local(store, query).rows}


def _plans(store, where: str = "") -> list[str]:
    return [r[0].value for r in run_local(store, f"SELECT ?p WHERE {{ ?p a pol:Plan {where} }}").rows]


def test_filters_hide_what_sparql_says(browser, pages, seed_store):
    from selenium.webdriver.common.by import By

    _open(browser, pages["overview"])
    shown = lambda: set(browser.execute_script("return kgViz.network.body.nodeIndices.slice()"))  # noqa: E731
    everything = shown()
    not_mengzhou = _plans(seed_store, f"FILTER NOT EXISTS {{ ?p pol:jurisdiction <{MENGZHOU}> }}")
    browser.find_element(By.CSS_SELECTOR, "input[data-jur='孟州市']").click()
    assert shown() == overview_nodes(seed_store, not_mengzhou) != everything
    browser.find_element(By.CSS_SELECTOR, "input[data-jur='孟州市']").click()
    assert shown() == everything
    browser.find_element(By.CSS_SELECTOR, "input[data-year='2025']").click()  # the three 孟州 plans are of 2025
    assert shown() == overview_nodes(seed_store, _plans(seed_store, "FILTER NOT EXISTS { ?p pol:year 2025 }"))
    browser.find_element(By.CSS_SELECTOR, "input[data-year='2025']").click()
    index = browser.execute_script("return kgViz.data.plans.findIndex(function (p) { return p.id.endsWith('001_ad3ff90022bb8e8d'); })")
    browser.find_element(By.CSS_SELECTOR, f"input[data-plan='{index}']").click()
    assert shown() == overview_nodes(seed_store, [p for p in _plans(seed_store) if not p.endswith("001_ad3ff90022bb8e8d")])


STANDS_FOR = """var p = arguments[0]; return kgViz.network.body.edgeIndices.filter(function (id) {
    var e = kgViz.edgeById.get(id); return e && e.sm === p; }).length"""  # drawn plan → agency lines of plan p


def test_click_on_a_plan_shows_its_tasks(browser, pages, seed_store):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(browser, pages["overview"])
    plan = f"{ID}plan/000_5aa1b34ff7adb0c1"
    tasks = {r[0].value for r in run_local(seed_store, f"SELECT ?t WHERE {{ <{plan}> pol:hasTask ?t }}").rows}
    before = set(browser.execute_script("return kgViz.network.body.nodeIndices.slice()"))
    lines = browser.execute_script(STANDS_FOR, plan)
    assert lines > 0
    x, y = browser.execute_script("""var n = kgViz.network, p = n.getPositions([arguments[0]])[arguments[0]], d = n.canvasToDOM(p),
        r = document.getElementById('kg-network').getBoundingClientRect(); return [d.x - r.width / 2, d.y - r.height / 2];""", plan)
    ActionChains(browser).move_to_element_with_offset(browser.find_element(By.ID, "kg-network"), int(x), int(y)).click().perform()
    time.sleep(0.3)
    after = set(browser.execute_script("return kgViz.network.body.nodeIndices.slice()"))
    assert after - before == tasks
    gone = browser.execute_script(STANDS_FOR, plan)
    assert gone == 0  # the plan → agency lines give way to the task → agency lines
    ActionChains(browser).move_to_element_with_offset(browser.find_element(By.ID, "kg-network"), int(x), int(y)).click().perform()
    time.sleep(0.3)
    assert set(browser.execute_script("return kgViz.network.body.nodeIndices.slice()")) == before


@pytest.mark.parametrize("view", ["lineage", "synth-lineage"])
def test_edge_labels_clear_of_every_node(browser, pages, view):
    _open(browser, pages[view])
    labelled = browser.execute_script("""return kgViz.network.body.edgeIndices.filter(function (id) {
        return !!kgViz.edgeById.get(id).l; }).length""")
    labels = browser.execute_script("return kgViz.edgeLabelBoxes()")
    assert labelled > 0 and len(labels) == labelled
    nodes = browser.execute_script(BOXES)
    for q in labels:
        for _, l, t, r, b in nodes:
            assert not (q["left"] < r and l < q["right"] and q["top"] < b and t < q["bottom"]), (q["text"], l, t, r, b)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_at_three_times_the_canvas(browser, pages):
    _open(browser, pages["lineage"])
    w, h = browser.execute_script("var c = kgViz.network.canvas.frame.canvas; return [c.clientWidth, c.clientHeight]")
    data = base64.b64decode(browser.execute_script("return kgViz.exportPNG(3)").split(",", 1)[1])
    assert _png_size(data) == (3 * w, 3 * h)
    after = browser.execute_script("var c = kgViz.network.canvas.frame.canvas; return [c.width, c.height]")
    assert after == [w, h]  # the page is back at screen resolution


def test_svg_holds_the_labels(browser, pages):
    _open(browser, pages["lineage"])
    svg = ET.fromstring(browser.execute_script("return kgViz.exportSVG()"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    text = "".join(svg.itertext())
    for label in browser.execute_script("""return kgViz.network.body.nodeIndices.map(function (id) {
            return kgViz.byId.get(id).s; })"""):
        assert all(line in text for line in label.split("\n")), label
    for q in browser.execute_script("return kgViz.edgeLabelBoxes()"):
        assert q["text"] in text
    shapes = len(svg.findall(".//{http://www.w3.org/2000/svg}polygon")) + len(svg.findall(".//{http://www.w3.org/2000/svg}rect"))
    assert shapes >= browser.execute_script("return kgViz.network.body.nodeIndices.length")


def test_cli_png_and_svg(seed_build, tmp_path):
    runner = CliRunner()
    png, svg = tmp_path / "lineage.png", tmp_path / "lineage.svg"
    r = runner.invoke(app, ["viz", "lineage", "--plan", "000", "--build", str(seed_build), "-o", str(tmp_path / "l.html"),
                            "--png", str(png), "--scale", "3", "--svg", str(svg)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert r.output.split() == [str(tmp_path / "l.html"), str(png), str(svg)]
    w, h = _png_size(png.read_bytes())
    assert w % 3 == 0 and h % 3 == 0 and w >= 3 * 1000 and h >= 3 * 600  # a 1600 × 1000 window at 3×
    assert "孟州市2025年" in "".join(ET.parse(svg).getroot().itertext())


def test_search_finds_a_task_waiting_for_a_click(browser, pages, seed_store):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, pages["overview"])
    task, label = run_local(seed_store, f"""SELECT ?t ?l WHERE {{ <{ID}plan/000_5aa1b34ff7adb0c1> pol:hasTask ?t .
                                            ?t pol:taskNumber "9" ; rdfs:label ?l }}""").rows[0]
    assert task.value not in browser.execute_script("return kgViz.network.body.nodeIndices.slice()")
    box = browser.find_element(By.ID, "kg-search")
    box.clear()
    box.send_keys(label.value + Keys.ENTER)
    time.sleep(0.6)
    assert browser.execute_script("return kgViz.focused") == task.value
    assert task.value in browser.execute_script("return kgViz.network.body.nodeIndices.slice()")
